//! The sequence, the model's fit over the training windows, and the forecast past the end.

use super::decimate::{min_max, padded_range};
use super::{short, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

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

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    view: &DataView,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let text = TextStyle::from(theme.font()).color(&theme.text);
    let (width, _) = root.dim_in_pixel();
    let n = view.sequence.len();
    let end = n + view.forecast.len().max(view.rolled.len());
    let seq = min_max(view.sequence, 0.0, width as usize);
    let fit = min_max(view.fit, view.fit_start as f64, width as usize);
    let forecast: Vec<(f64, f64)> = view
        .forecast
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| ((n + i) as f64, v as f64))
        .collect();
    let after_end = |values: &[f32]| -> Vec<(f64, f64)> {
        let mut path = vec![(n as f64 - 1.0, *view.sequence.last().unwrap_or(&0.0) as f64)];
        path.extend(
            values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(i, &v)| ((n + i) as f64, v as f64)),
        );
        path
    };
    let rolled = if view.rolled.is_empty() {
        Vec::new()
    } else {
        after_end(view.rolled)
    };
    let all = seq
        .iter()
        .chain(&fit)
        .chain(&forecast)
        .chain(&rolled)
        .map(|p| p.1);
    let (y_lo, y_hi) = padded_range(all);
    let mut chart = ChartBuilder::on(root)
        .margin(theme.px(8.0))
        .margin_right(theme.px(18.0))
        .x_label_area_size(theme.px(34.0))
        .y_label_area_size(theme.px(62.0))
        .build_cartesian_2d(-0.5..(end.max(2) as f64 - 0.5), y_lo..y_hi)?;
    if let Some((input, target)) = &view.highlight {
        let band = |r: &std::ops::Range<usize>| {
            Rectangle::new(
                [(r.start as f64 - 0.5, y_lo), (r.end as f64 - 0.5, y_hi)],
                theme.highlight.filled(),
            )
        };
        chart.draw_series([band(input), band(target)])?;
    }
    chart
        .configure_mesh()
        .x_desc("position in the sequence")
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| short(*v))
        .label_style(text.clone())
        .axis_desc_style(text.clone())
        .axis_style(theme.text)
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
        .draw()?;
    let dot = theme.px(2.5);
    chart.draw_series(LineSeries::new(
        seq.clone(),
        theme.line.stroke_width(theme.px(2.0)),
    ))?;
    if n <= width as usize / 4 {
        chart.draw_series(
            seq.iter()
                .map(|&p| Circle::new(p, dot, theme.line.filled())),
        )?;
    }
    if !fit.is_empty() {
        chart.draw_series(LineSeries::new(fit, theme.fit.stroke_width(theme.px(2.0))))?;
    }
    if !rolled.is_empty() {
        let purple = RGBColor(138, 63, 252);
        chart.draw_series(LineSeries::new(rolled, purple.stroke_width(theme.px(2.0))))?;
    }
    if !forecast.is_empty() {
        let path = after_end(view.forecast);
        chart.draw_series(LineSeries::new(
            path,
            theme.forecast.stroke_width(theme.px(2.0)),
        ))?;
        chart.draw_series(
            forecast
                .iter()
                .map(|&p| Circle::new(p, theme.px(4.0), theme.forecast.filled())),
        )?;
    }
    root.present()
}
