//! The loss per epoch, on a linear or log scale.

use super::decimate::{min_max, padded_range};
use super::{short, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws the loss history (`history[i]` is epoch i + 1's loss) and, if any, the held-out loss.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    history: &[f32],
    val_history: &[f32],
    log_scale: bool,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let font = theme.font();
    let text = TextStyle::from(font).color(&theme.text);
    if history.is_empty() {
        root.draw_text(
            "The loss appears here as the model trains.",
            &text,
            (theme.px(12.0) as i32, theme.px(12.0) as i32),
        )?;
        return root.present();
    }
    let (width, _) = root.dim_in_pixel();
    let shown = |h: &[f32]| -> Vec<f32> {
        if log_scale {
            // log10 of the loss; a loss of exactly 0 sits at the bottom rather than at −∞.
            h.iter().map(|&l| l.max(1e-30).log10()).collect()
        } else {
            h.to_vec()
        }
    };
    let points = min_max(&shown(history), 1.0, width as usize);
    let val_points = min_max(&shown(val_history), 1.0, width as usize);
    let (y_lo, y_hi) = padded_range(points.iter().chain(&val_points).map(|p| p.1));
    let x_hi = (history.len() as f64).max(2.0);
    let mut chart = ChartBuilder::on(root)
        .margin(theme.px(8.0))
        .margin_right(theme.px(18.0))
        .x_label_area_size(theme.px(34.0))
        .y_label_area_size(theme.px(62.0))
        .build_cartesian_2d(1.0..x_hi, y_lo..y_hi)?;
    let y_fmt = |v: &f64| {
        if log_scale {
            short(10f64.powf(*v))
        } else {
            short(*v)
        }
    };
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc(if log_scale {
            "loss (log scale)"
        } else {
            "loss"
        })
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&y_fmt)
        .label_style(text.clone())
        .axis_desc_style(text.clone())
        .axis_style(theme.text)
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
        .draw()?;
    chart.draw_series(LineSeries::new(
        points,
        theme.line.stroke_width(theme.px(2.0)),
    ))?;
    if !val_points.is_empty() {
        chart.draw_series(LineSeries::new(
            val_points,
            theme.fit.stroke_width(theme.px(2.0)),
        ))?;
    }
    root.present()
}
