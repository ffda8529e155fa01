//! The loss per epoch, on a linear or log scale.

use super::decimate::{min_max, padded_range};
use super::frame::{clear, Axes, Drawn, Frame, Label, Margins, Pen};
use super::{short, Theme};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

/// Around the plot area, in CSS pixels; the data chart uses the same, so the two line up.
pub const MARGINS: Margins = Margins {
    outer: 8.0,
    right: 18.0,
    x_labels: 34.0,
    y_labels: 62.0,
};

/// Draws the loss history (`history[i]` is epoch i + 1's loss) and, if any, the held-out loss.
pub fn draw<DB: DrawingBackend>(
    backend: &mut DB,
    history: &[f32],
    val_history: &[f32],
    log_scale: bool,
    theme: &Theme,
) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    if history.is_empty() {
        let at = theme.px(12.0) as i32;
        backend.draw_text(
            "The loss appears here as the model trains.",
            &Label::new(theme, HPos::Left, VPos::Top),
            (at, at),
        )?;
        return backend.present();
    }
    let shown = |h: &[f32]| -> Vec<f32> {
        if log_scale {
            // log10 of the loss; a loss of exactly 0 sits at the bottom rather than at −∞.
            h.iter()
                .map(|&l| libm::log10(l.max(1e-30) as f64) as f32)
                .collect()
        } else {
            h.to_vec()
        }
    };
    let columns = size.0 as usize;
    let points = min_max(&shown(history), 1.0, columns);
    let val_points = min_max(&shown(val_history), 1.0, columns);
    let y = padded_range(points.iter().chain(&val_points).map(|p| p.1));
    let x = (1.0, (history.len() as f64).max(2.0));
    let frame = Frame::new(size, &MARGINS, theme, x, y);
    let y_label = |v: f64| short(if log_scale { libm::pow(10.0, v) } else { v });
    let axes = Axes {
        x_title: "epoch",
        y_title: if log_scale {
            "loss (log scale)"
        } else {
            "loss"
        },
        x_ticks: 6,
        y_ticks: 6,
        x_whole: true,
        y_whole: false,
        grid: true,
        x_label: &|v| short(v.round()),
        y_label: &y_label,
    };
    frame.draw_axes(backend, &axes, theme)?;
    let width = theme.px(2.0);
    backend.draw_path(frame.path(&points), &Pen(theme.line, width))?;
    if !val_points.is_empty() {
        backend.draw_path(frame.path(&val_points), &Pen(theme.fit, width))?;
    }
    backend.present()
}
