//! The network at work: the unrolled picture (a step chosen by click or ←/→, its equation
//! under it) and "Inside the cell" (the hidden state's and each gate's heatmap, the dead units,
//! one step with real numbers). What to draw comes from `app::inside`.

use super::super::dom::{self, el, set_hidden, set_text, text_el, Finder};
use super::lesson;
use crate::app::State;
use crate::chart::{self, heatmap::HeatScale, Theme};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlCanvasElement, HtmlDetailsElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement,
};

pub struct InsideView {
    pub network: HtmlCanvasElement,
    network_step: Element,
    /// The network picture's size as last drawn, for clicks.
    network_size: (u32, u32),
    pub inside: HtmlDetailsElement,
    pub inside_window: HtmlInputElement,
    inside_window_error: Element,
    pub inside_step: HtmlInputElement,
    pub inside_layer: HtmlSelectElement,
    inside_layer_field: HtmlElement,
    /// The layer choices as last built: rebuilt only when the model's layers change.
    layers_shown: std::cell::RefCell<Vec<(usize, String)>>,
    pub hidden_chart: HtmlCanvasElement,
    gates_box: HtmlElement,
    pub gate_charts: Vec<HtmlCanvasElement>,
    dead_units: Element,
    step_terms: Element,
}

impl InsideView {
    pub fn new(f: &mut Finder) -> InsideView {
        let gates_box: HtmlElement = f.get("gates");
        // As many as the cell with the most heatmaps needs.
        let most = crate::nn::cell::Cell::ALL
            .iter()
            .map(|c| c.heatmaps().len())
            .max()
            .unwrap_or(0);
        let gate_charts = (0..most)
            .map(|k| {
                let c: HtmlCanvasElement = el("canvas", Some(&gates_box)).unchecked_into();
                c.set_id(&format!("gate-chart-{k}"));
                c.set_attribute("role", "img").ok();
                c.set_attribute("aria-label", "A gate's heatmap").ok();
                c
            })
            .collect();
        InsideView {
            network: f.get("network"),
            network_step: f.get("network-step"),
            network_size: (0, 0),
            inside: f.get("inside"),
            inside_window: f.get("inside-window"),
            inside_window_error: f.get("inside-window-error"),
            inside_step: f.get("inside-step"),
            inside_layer: f.get("inside-layer"),
            inside_layer_field: f.get("inside-layer-field"),
            layers_shown: Default::default(),
            hidden_chart: f.get("hidden-chart"),
            gates_box,
            gate_charts,
            dead_units: f.get("dead-units"),
            step_terms: f.get("step-terms"),
        }
    }

    /// The controls that follow the settings: the step slider's range and value, and whether
    /// "Inside the cell" is open.
    pub fn render(&self, state: &State) {
        let seq_len = state.settings.config.seq_len;
        dom::set_attr(&self.inside_step, "max", Some(&seq_len.to_string()));
        dom::set_value(&self.inside_step, &state.inside.step.to_string());
        let options = state.slot_options();
        if *self.layers_shown.borrow() != options {
            self.inside_layer.set_text_content(None);
            for (k, name) in &options {
                super::option(&self.inside_layer, &k.to_string(), name);
            }
            set_hidden(&self.inside_layer_field, options.is_empty());
            *self.layers_shown.borrow_mut() = options;
        }
        dom::set_value(&self.inside_layer, &state.inside_slot().to_string());
        if self.inside.open() != state.inside.open {
            self.inside.set_open(state.inside.open);
        }
    }

    /// The network picture's text grows with its box, so the drawing fills it.
    fn network_theme(&self, theme: &Theme) -> Theme {
        let (w, h) = (
            self.network.client_width() as f64,
            self.network.client_height() as f64,
        );
        Theme {
            font_px: theme.font_px.max((h / 16.0).min(w / 40.0)).min(24.0),
            ..*theme
        }
    }

    /// The unrolled network over the window it shows, the chosen step's equation under it.
    pub fn draw_network(&mut self, state: &State, theme: &Theme) {
        let Some(data) = state.network_data() else {
            return;
        };
        let view = data.view(state.run.trainer.model().dims);
        let theme = self.network_theme(theme);
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.network.clone()) {
            let _ = chart::network::draw(&mut backend, &view, &theme);
        }
        self.network_size = (self.network.width(), self.network.height());
        self.network_step.set_text_content(None);
        for line in state.network_step_lines(&data) {
            text_el("p", &line, Some(&self.network_step));
        }
        let memory = state.memory_text();
        if !memory.is_empty() {
            text_el("p", &memory, Some(&self.network_step)).set_id("memory");
        }
        self.network
            .set_attribute("aria-label", &state.network_label(&data))
            .ok();
    }

    /// The time step at a pixel of the network picture (CSS pixels from its top left).
    pub fn network_step_at(&self, state: &State, theme: &Theme, x: f64, y: f64) -> Option<usize> {
        let data = state.network_data()?;
        let view = data.view(state.run.trainer.model().dims);
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        chart::network::step_at(
            self.network_size,
            &view,
            &self.network_theme(theme),
            (x * scale) as i32,
            (y * scale) as i32,
        )
    }

    /// The hidden-state heatmap, the gates' heatmaps and the step-through, when their panel is
    /// open.
    pub fn draw_inside(&self, state: &State, theme: &Theme) {
        if !state.inside.open {
            return;
        }
        let data = match state.inside_data() {
            Ok(d) => {
                set_text(&self.inside_window_error, "");
                d
            }
            Err(message) => {
                set_text(&self.inside_window_error, &message);
                return;
            }
        };
        let dims = state.run.trainer.model().dims;
        let (units, steps) = (dims.slot(0).units, dims.seq_len);
        let index = data.window;
        let heatmap = |canvas: &HtmlCanvasElement, values: &[f32], dead: &[bool], title, scale| {
            if let Some(mut backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
                let view = chart::heatmap::HeatmapView {
                    values,
                    rows: steps,
                    units,
                    first_step: 1,
                    dead,
                    selected: data.step,
                    title,
                    scale,
                };
                let _ = chart::heatmap::draw(&mut backend, &view, theme);
            }
        };
        let hidden = &data.trace.hs[units..];
        heatmap(
            &self.hidden_chart,
            hidden,
            &data.dead,
            "hidden state h",
            HeatScale::Diverging,
        );
        // The gates, each a heatmap of its own: how open (0…1) per unit and time step.
        set_hidden(&self.gates_box, data.gates.is_empty());
        for (k, canvas) in self.gate_charts.iter().enumerate() {
            let Some((title, values, scale)) = data.gates.get(k) else {
                set_hidden(canvas, true);
                continue;
            };
            set_hidden(canvas, false);
            heatmap(canvas, values, &[], title, *scale);
            canvas
                .set_attribute(
                    "aria-label",
                    &format!(
                        "Heatmap of the {title} of window {index}: {units} units over {steps} \
                         time steps."
                    ),
                )
                .ok();
        }
        lesson::equations(&self.step_terms, &data.lines);
        set_text(&self.dead_units, &data.dead_text);
        let n_dead = data.dead.iter().filter(|&&d| d).count();
        self.hidden_chart
            .set_attribute(
                "aria-label",
                &format!(
                    "Heatmap of the hidden state of window {index}: {units} units over {steps} \
                     time steps, {n_dead} dead."
                ),
            )
            .ok();
    }
}
