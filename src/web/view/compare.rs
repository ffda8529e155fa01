//! The loss panel: the loss chart with the kept runs, the list of kept runs (each in its colour
//! and dash, with Use and Remove), and Keep / Race.

use super::super::dom::{self, el, set_text, text_el, Finder};
use crate::app::State;
use crate::chart::{self, frame::Dash, Rgb, Theme};
use plotters_canvas::CanvasBackend;
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement};

/// Each kept run's dash on the chart, and the same as an SVG dash array for its swatch.
const DASHES: [(Dash, &str); 4] = [
    (Dash::Dashed, "7 4"),
    (Dash::Dotted, "2 3"),
    (Dash::DashDot, "8 3 2 3"),
    (Dash::Solid, ""),
];

pub struct CompareView {
    pub loss_chart: HtmlCanvasElement,
    pub keep_run: HtmlButtonElement,
    pub race: HtmlButtonElement,
    pub runs: Element,
    runs_note: Element,
    /// What the kept-runs list shows, to rebuild it only when that changes.
    runs_shown: String,
    first_chart: bool,
}

impl CompareView {
    pub fn new(f: &mut Finder) -> CompareView {
        CompareView {
            loss_chart: f.get("loss-chart"),
            keep_run: f.get("keep-run"),
            race: f.get("race"),
            runs: f.get("runs"),
            runs_note: f.get("runs-note"),
            runs_shown: String::new(),
            first_chart: false,
        }
    }

    /// The kept runs: a line each, in its colour and dash, with what differs from the current
    /// settings, its last loss, and buttons to bring its settings back or remove it.
    pub fn render(&mut self, state: &State, theme: &Theme) {
        let compare = &state.compare;
        set_text(&self.runs_note, &compare.note);
        super::super::dom::set_disabled(&self.race, compare.kept.is_empty());
        let lines = compare.lines(&state.settings.config);
        let mut shown = theme.background.0.to_string();
        for (style, line) in &lines {
            shown += &format!("\n{style} {line}");
        }
        if shown == self.runs_shown {
            return;
        }
        self.runs_shown = shown;
        self.runs.set_text_content(None);
        for (i, (style, line)) in lines.iter().enumerate() {
            let li = el("li", Some(&self.runs));
            swatch(&li, theme.runs[*style % 4], DASHES[*style % 4].1);
            let what = text_el("span", line, Some(&li));
            what.set_class_name("what");
            let number = i + 1;
            for (action, label, name) in [
                (
                    "use",
                    "Use",
                    format!("Use the settings of kept run {number}"),
                ),
                ("remove", "Remove", format!("Remove kept run {number}")),
            ] {
                let b = text_el("button", label, Some(&li));
                b.set_attribute("type", "button").ok();
                b.set_attribute("data-action", action).ok();
                b.set_attribute("data-index", &i.to_string()).ok();
                b.set_attribute("aria-label", &name).ok();
            }
        }
    }

    /// The loss chart: the current run, its held-out loss and the kept runs.
    pub fn draw(&mut self, state: &State, theme: &Theme) {
        let trainer = &state.run.trainer;
        let kept = &state.compare.kept;
        let labels: Vec<String> = kept
            .iter()
            .map(|r| r.label(&state.settings.config))
            .collect();
        let curves: Vec<chart::loss::Curve> = kept
            .iter()
            .zip(&labels)
            .map(|(r, label)| chart::loss::Curve {
                history: &r.history,
                val: &r.val,
                label,
                colour: theme.runs[r.style % 4],
                dash: DASHES[r.style % 4].0,
            })
            .collect();
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.loss_chart.clone()) {
            let note = state.run.loss_note();
            let view = chart::loss::LossView {
                history: trainer.history(),
                val: trainer.val_history(),
                target: state.run.target,
                log_scale: state.log_scale(),
                kept: &curves,
                note: note.as_deref(),
            };
            if chart::loss::draw(&mut backend, &view, theme).is_err() {
                web_sys::console::warn_1(&"The loss chart could not be drawn.".into());
            }
        }
        self.loss_chart
            .set_attribute("aria-label", &state.loss_label())
            .ok();
        if !self.first_chart {
            self.first_chart = true;
            // Lets a measurement read "navigation → first chart" from the Performance timeline.
            dom::window().performance().map(|p| p.mark("first-chart"));
        }
    }
}

/// A short line in a kept run's colour and dash, for its entry in the list.
fn swatch(parent: &Element, colour: Rgb, dash: &str) {
    const SVG: &str = "http://www.w3.org/2000/svg";
    let doc = dom::document();
    let (Ok(svg), Ok(line)) = (
        doc.create_element_ns(Some(SVG), "svg"),
        doc.create_element_ns(Some(SVG), "line"),
    ) else {
        return;
    };
    for (k, v) in [("width", "30"), ("height", "10"), ("aria-hidden", "true")] {
        svg.set_attribute(k, v).ok();
    }
    let hex = format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2);
    for (k, v) in [
        ("x1", "1"),
        ("y1", "5"),
        ("x2", "29"),
        ("y2", "5"),
        ("stroke-width", "3"),
        ("stroke", hex.as_str()),
        ("stroke-dasharray", dash),
    ] {
        if !v.is_empty() {
            line.set_attribute(k, v).ok();
        }
    }
    svg.append_child(&line).ok();
    parent.append_child(&svg).ok();
}
