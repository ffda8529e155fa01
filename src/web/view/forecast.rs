//! The data panel and the roll-forward: the sequence with the model's fit and forecast, the
//! window to continue, the forecast, and the forecast rolled forward on its own predictions.

use super::super::dom::{self, set_attr, set_text, Finder};
use crate::app::State;
use crate::chart::{self, Theme};
use plotters_canvas::CanvasBackend;
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement, HtmlInputElement};

pub struct ForecastView {
    pub data_chart: HtmlCanvasElement,
    pub forecast_input: HtmlInputElement,
    forecast_error: Element,
    pub forecast: HtmlButtonElement,
    forecast_output: Element,
    forecast_note: Element,
    pub horizon: HtmlInputElement,
    horizon_error: Element,
    pub roll: HtmlButtonElement,
    pub clear_roll: HtmlButtonElement,
    roll_output: Element,
    roll_note: Element,
}

impl ForecastView {
    pub fn new(f: &mut Finder) -> ForecastView {
        ForecastView {
            data_chart: f.get("data-chart"),
            forecast_input: f.get("forecast-input"),
            forecast_error: f.get("forecast-input-error"),
            forecast: f.get("forecast"),
            forecast_output: f.get("forecast-output"),
            forecast_note: f.get("forecast-note"),
            horizon: f.get("horizon"),
            horizon_error: f.get("horizon-error"),
            roll: f.get("roll"),
            clear_roll: f.get("clear-roll"),
            roll_output: f.get("roll-output"),
            roll_note: f.get("roll-note"),
        }
    }

    /// The fields, their messages and the numbers: cheap, so every time.
    pub fn render(&self, state: &State) {
        let fc = &state.forecast;
        dom::set_value(&self.forecast_input, &fc.text);
        set_text(&self.forecast_error, &fc.error);
        set_attr(
            &self.forecast_input,
            "aria-invalid",
            (!fc.error.is_empty()).then_some("true"),
        );
        super::super::dom::set_disabled(&self.forecast, state.blocked());
        set_text(&self.forecast_output, &state.forecast_text());
        set_text(&self.forecast_note, &fc.note);
        dom::set_value(&self.horizon, &fc.horizon_text);
        set_text(&self.horizon_error, &fc.horizon_error);
        set_text(&self.roll_output, &state.rolled_text());
        set_text(&self.roll_note, &fc.roll_note);
        super::super::dom::set_disabled(&self.clear_roll, fc.rolled.is_empty());
    }

    /// The data chart: the sequence, the one-step-ahead fit, the forecast and the roll-forward,
    /// the window pointed at, and the held-out stretch.
    pub fn draw(&self, state: &State, theme: &Theme) {
        let c = &state.settings.config;
        let (t, s) = (c.seq_len, c.n_steps);
        let trainer = &state.run.trainer;
        let highlight = state.inside.highlight.map(|i| (i..i + t, i + t..i + t + s));
        let held_out_from = trainer.val_windows().map(|(_, first)| first + t);
        let Some(mut backend) = CanvasBackend::with_canvas_object(self.data_chart.clone()) else {
            return;
        };
        let drawn = if c.series.is_table() {
            let view = chart::data::TableView {
                panels: state.data_panels(),
                fit_start: t,
                highlight,
                held_out_from,
            };
            chart::data::draw_table(&mut backend, &view, theme)
        } else {
            let fit = state.one_step_fit();
            let view = chart::data::DataView {
                sequence: &c.series.values,
                fit: &fit,
                fit_start: t,
                forecast: &state.forecast.values,
                rolled: &state.forecast.rolled,
                highlight,
                held_out_from,
            };
            chart::data::draw(&mut backend, &view, theme)
        };
        if drawn.is_err() {
            web_sys::console::warn_1(&"The data chart could not be drawn.".into());
        }
        self.data_chart
            .set_attribute("aria-label", &state.data_label())
            .ok();
    }
}
