//! The sequence, the model's fit over the training windows, and the forecast past the end.

use super::decimate::{min_max, padded_range};
use super::frame::{clear, Axes, Drawn, Frame, Pen};
use super::loss::MARGINS;
use super::{short, Rgb, Theme};
use plotters_backend::DrawingBackend;

/// What the data chart shows. Positions are indices into the sequence.
pub struct DataView<'a> {
    pub sequence: &'a [f32],
    /// One-step-ahead fit: `fit[i]` predicts `sequence[fit_start + i]`.
    pub fit: &'a [f32],
    pub fit_start: usize,
    /// Predictions continuing after the last value.
    pub forecast: &'a [f32],
    /// The model rolled forward on its own predictions, after the last value.
    pub rolled: &'a [f32],
    /// A window to highlight: input positions, then target positions.
    pub highlight: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &DataView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let columns = size.0 as usize;
    let n = view.sequence.len();
    let end = n + view.forecast.len().max(view.rolled.len());
    let seq = min_max(view.sequence, 0.0, columns);
    let fit = min_max(view.fit, view.fit_start as f64, columns);
    let after_end = |values: &[f32]| -> Vec<(f64, f64)> {
        let last = *view.sequence.last().unwrap_or(&0.0) as f64;
        let next = values
            .iter()
            .enumerate()
            .map(|(i, &v)| ((n + i) as f64, v as f64));
        std::iter::once((n as f64 - 1.0, last))
            .chain(next.filter(|p| p.1.is_finite()))
            .collect()
    };
    let forecast = if view.forecast.is_empty() {
        Vec::new()
    } else {
        after_end(view.forecast)
    };
    let rolled = if view.rolled.is_empty() {
        Vec::new()
    } else {
        after_end(view.rolled)
    };
    let all = seq.iter().chain(&fit).chain(&forecast).chain(&rolled);
    let y = padded_range(all.map(|p| p.1));
    let x = (-0.5, end.max(2) as f64 - 0.5);
    let frame = Frame::new(size, &MARGINS, theme, x, y);
    if let Some((input, target)) = &view.highlight {
        for r in [input, target] {
            let top_left = frame.at((r.start as f64 - 0.5, y.1));
            let bottom_right = frame.at((r.end as f64 - 0.5, y.0));
            backend.draw_rect(top_left, bottom_right, &Pen(theme.highlight, 1), true)?;
        }
    }
    let axes = Axes {
        x_title: "position in the sequence",
        y_title: "",
        x_ticks: 8,
        y_ticks: 6,
        x_whole: true,
        y_whole: false,
        grid: true,
        x_label: &|v| short(v.round()),
        y_label: &short,
    };
    frame.draw_axes(backend, &axes, theme)?;
    let width = theme.px(2.0);
    backend.draw_path(frame.path(&seq), &Pen(theme.line, width))?;
    if n <= columns / 4 {
        for &p in &seq {
            backend.draw_circle(frame.at(p), theme.px(2.5), &Pen(theme.line, 1), true)?;
        }
    }
    if !fit.is_empty() {
        backend.draw_path(frame.path(&fit), &Pen(theme.fit, width))?;
    }
    if !rolled.is_empty() {
        backend.draw_path(frame.path(&rolled), &Pen(Rgb(138, 63, 252), width))?;
    }
    if !forecast.is_empty() {
        backend.draw_path(frame.path(&forecast), &Pen(theme.forecast, width))?;
        // The dots mark the forecasts themselves, not the last value the line starts from.
        for &p in &forecast[1..] {
            backend.draw_circle(frame.at(p), theme.px(4.0), &Pen(theme.forecast, 1), true)?;
        }
    }
    backend.present()
}
