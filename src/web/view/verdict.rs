//! "How is it going?": what went wrong, the model's loss beside the rules that need no
//! training, where it stands, the gradient flow with its sentence, and the speed readout.

use super::super::dom::{el, set_text, text_el, Finder};
use crate::app::verdict::GRAD_EXPLAINED;
use crate::app::{LossTable, State};
use crate::chart::{self, Theme};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

pub struct VerdictView {
    diagnosis: Element,
    losses: Element,
    /// What the loss table shows, to rebuild it only when that changes.
    losses_shown: String,
    standing: Element,
    pub grad_chart: HtmlCanvasElement,
    grad_sentence: Element,
    speed_readout: Element,
}

impl VerdictView {
    pub fn new(f: &mut Finder) -> VerdictView {
        VerdictView {
            diagnosis: f.get("diagnosis"),
            losses: f.get("loss-table"),
            losses_shown: String::new(),
            standing: f.get("standing"),
            grad_chart: f.get("grad-chart"),
            grad_sentence: f.get("grad-sentence"),
            speed_readout: f.get("speed-readout"),
        }
    }

    /// The findings, the loss table and the verdict, after a change of the loss or settings.
    pub fn render(&mut self, state: &State) {
        let diagnosis = state.diagnosis();
        if self.diagnosis.child_element_count() as usize != diagnosis.len()
            || self.diagnosis.text_content().unwrap_or_default()
                != crate::format::join(&diagnosis, "")
        {
            self.diagnosis.set_text_content(None);
            for line in &diagnosis {
                text_el("p", line, Some(&self.diagnosis));
            }
        }
        let table = state.loss_table();
        // The table's shape (its heads and row names) decides whether it is built again; while
        // training only its numbers change, and they are written in place.
        // (Pushed one by one: `concat` links std's join, a kilobyte per element type.)
        let mut shape = String::new();
        for h in &table.heads {
            shape += h;
        }
        for (label, cells) in &table.rows {
            shape += label;
            shape += if cells.is_empty() { "" } else { "|" };
        }
        if shape != self.losses_shown {
            self.losses_shown = shape;
            write_table(&self.losses, &table);
        } else if let Ok(tds) = self.losses.query_selector_all("td") {
            let mut cells = table.rows.iter().flat_map(|(_, cells)| cells);
            for k in 0..tds.length() {
                if let (Some(td), Some(text)) = (tds.item(k), cells.next()) {
                    if let Some(td) = td.dyn_ref::<Element>() {
                        set_text(td, text);
                    }
                }
            }
        }
        set_text(&self.standing, &state.standing());
        set_text(&self.speed_readout, &state.run.speed_readout());
    }

    /// The gradient flow: ‖∂ℓ/∂h_t‖ against steps back, the latest epoch over a few earlier ones.
    pub fn draw(&self, state: &State, theme: &Theme) {
        let g = &state.run.grads;
        let mut epochs: Vec<&[f32]> = g.earlier.iter().map(|(_, h)| h.as_slice()).collect();
        let mut numbers: Vec<usize> = g.earlier.iter().map(|(e, _)| *e).collect();
        if let Some((e, h)) = &g.latest {
            epochs.push(h);
            numbers.push(*e);
        }
        let names = state.grad_layer_names();
        let layers: Vec<(&str, &[f32])> = match &g.latest {
            Some((_, h)) if names.len() > 1 => names
                .iter()
                .zip(h.chunks(g.steps.max(1)))
                .map(|(n, h)| (n.as_str(), h))
                .collect(),
            _ => Vec::new(),
        };
        let view = chart::grads::GradView {
            epochs: &epochs,
            cells: (!g.cells.is_empty()).then_some(g.cells.as_slice()),
            epoch_numbers: &numbers,
            layers: &layers,
        };
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.grad_chart.clone()) {
            let _ = chart::grads::draw(&mut backend, &view, theme);
        }
        let sentence = state.grad_sentence();
        let sentence = if sentence.is_empty() {
            GRAD_EXPLAINED
        } else {
            &sentence
        };
        set_text(&self.grad_sentence, sentence);
        // A summary of its own, as every chart has: the heading alone says nothing about this run.
        self.grad_chart
            .set_attribute(
                "aria-label",
                &format!("Chart of the error signal flowing back through time. {sentence}"),
            )
            .ok();
    }
}

/// Writes `table` into a `<table>`: a header row, then a row per entry, its label a row header.
/// (The memory arena's table too.)
pub fn write_table(el_table: &Element, table: &LossTable) {
    el_table.set_text_content(None);
    let head = el("tr", Some(&el("thead", Some(el_table))));
    for h in &table.heads {
        let th = text_el("th", h, Some(&head));
        th.set_attribute("scope", "col").ok();
    }
    let body = el("tbody", Some(el_table));
    for (label, cells) in &table.rows {
        let tr = el("tr", Some(&body));
        text_el("th", label, Some(&tr))
            .set_attribute("scope", "row")
            .ok();
        for c in cells {
            text_el("td", c, Some(&tr));
        }
    }
}
