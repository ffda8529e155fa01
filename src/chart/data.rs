//! The sequence, the model's fit over the training windows, and the forecast past the end.

use super::decimate::{min_max, padded_range};
use super::frame::{clear, segments, text_width, Axes, Dash, Drawn, Frame, Label, Pen, Room};
use super::legend::{self, Entry, Rect};
use super::Theme;
use crate::format::short;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend};

/// What the data chart shows. Positions are indices into the sequence.
pub struct DataView<'a> {
    pub sequence: &'a [f32],
    /// One-step-ahead fit: `fit[i]` predicts `sequence[fit_start + i]`; NaN where there is none
    /// (the line breaks there, e.g. across the gap before the held-out stretch).
    pub fit: &'a [f32],
    pub fit_start: usize,
    /// Predictions continuing after the last value.
    pub forecast: &'a [f32],
    /// The model rolled forward on its own predictions, after the last value.
    pub rolled: &'a [f32],
    /// A window to highlight: input positions X, then target positions y.
    pub highlight: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    /// Where the held-out targets start; shaded from there to the end of the sequence.
    pub held_out_from: Option<usize>,
}

/// Draws the sequence (with a dot per value when there is room), the fit, the forecast (with
/// dots) and the rolled-forward line, over the held-out shading and the window's X and y bands,
/// with a legend of the lines drawn.
///
/// The y range is set by the sequence, the fit and the forecast. The rolled-forward line can run
/// away (its errors compound), so it may widen the range by at most one span of those values
/// either way; rolled values further out are clamped there, at the plot's edge, rather than
/// squashing the real data flat.
pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &DataView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let columns = size.0 as usize;
    let n = view.sequence.len();
    let end = n + view.forecast.len().max(view.rolled.len());
    let seq = min_max(view.sequence, 0.0, columns);
    let fit = segments(view.fit, view.fit_start as f64, columns);
    let last = view.sequence.last().map_or(0.0, |&v| v as f64);
    let after_end = |values: &[f32]| -> Vec<(f64, f64)> {
        if values.is_empty() {
            return Vec::new();
        }
        let next = values
            .iter()
            .enumerate()
            .map(|(i, &v)| ((n + i) as f64, v as f64));
        std::iter::once((n as f64 - 1.0, last))
            .chain(next.filter(|p| p.1.is_finite()))
            .collect()
    };
    let forecast = after_end(view.forecast);
    let mut rolled = after_end(view.rolled);
    let base = seq
        .iter()
        .chain(fit.iter().flatten())
        .chain(&forecast)
        .map(|p| p.1)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if base.0.is_finite() {
        let span = (base.1 - base.0).max(base.0.abs().max(1.0) * 1e-3);
        for p in &mut rolled {
            // max/min, not `clamp`: its panic message would bring float formatting in.
            p.1 = p.1.max(base.0 - span).min(base.1 + span);
        }
    }
    let all = seq
        .iter()
        .chain(fit.iter().flatten())
        .chain(&forecast)
        .chain(&rolled);
    let y = padded_range(all.map(|p| p.1));
    let x = (-0.5, end.max(2) as f64 - 0.5);
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
    let width = theme.px(2.0);
    let line = Pen::new(theme.line, width);
    let fit_pen = Pen::new(theme.fit, width);
    let forecast_pen = Pen::new(theme.forecast, width);
    let rolled_pen = Pen::new(theme.rolled, width).dash(Dash::Dashed);
    let has_fit = fit.iter().any(|p| !p.is_empty());
    let mut entries = Vec::new();
    if n > 0 {
        entries.push(Entry::line("sequence", line));
    }
    if has_fit {
        entries.push(Entry::line("model's fit", fit_pen));
    }
    if forecast.len() > 1 {
        entries.push(Entry::dot("forecast", forecast_pen));
    }
    if rolled.len() > 1 {
        entries.push(Entry::line("rolled forward", rolled_pen));
    }
    let above = legend::room_above(size, &entries, theme);
    let frame = Frame::new(
        size,
        theme,
        x,
        y,
        &axes,
        Room {
            top: above,
            right: 0,
        },
    );
    let font = theme.font();
    let gap = theme.px(3.0) as i32;
    // Labels in the plot, which the legend keeps clear of.
    let mut labels: Vec<(&str, BackendCoord, Label)> = Vec::new();
    let mut boxes: Vec<Rect> = Vec::new();
    // The box of a label centred on x, below y if `top` else above it.
    let label_box = |text: &str, (x, y): BackendCoord, top: bool| -> Rect {
        let half = (text_width(text, font) / 2.0) as i32;
        let (t, b) = if top {
            (y, y + font as i32)
        } else {
            (y - font as i32, y)
        };
        (x - half, t, x + half, b)
    };
    // A band from position a to position b (exclusive), at least 2 device pixels wide.
    let band = |a: usize, b: usize| {
        let (l, _) = frame.at((a as f64 - 0.5, y.1));
        let (r, _) = frame.at((b as f64 - 0.5, y.0));
        let (l, r) = (l.max(frame.left), r.min(frame.right));
        (l, r.max(l + 2))
    };
    let held_out = view
        .held_out_from
        .filter(|&f| f < n)
        .map(|from| band(from, n));
    if let Some((l, r)) = held_out {
        backend.draw_rect(
            (l, frame.top),
            (r, frame.bottom),
            &Pen::new(theme.held_out, 1),
            true,
        )?;
    }
    if let Some((input, target)) = &view.highlight {
        // Each label centred on its band, or, on a narrow band, beside the edge the two share.
        for (r, colour, name, side) in [
            (input, theme.x_band, "X", HPos::Right),
            (target, theme.y_band, "y", HPos::Left),
        ] {
            let (l, r) = band(r.start, r.end);
            backend.draw_rect(
                (l, frame.top),
                (r, frame.bottom),
                &Pen::new(colour, 1),
                true,
            )?;
            let wide = (r - l) as f64 >= text_width(name, font) + 2.0 * gap as f64;
            let (x, anchor) = match (wide, side) {
                (true, _) => ((l + r) / 2, HPos::Center),
                (false, HPos::Right) => (r - gap, side),
                (false, _) => (l + gap, side),
            };
            let half = text_width(name, font) as i32 / 2;
            let middle = match anchor {
                HPos::Right => x - half,
                HPos::Left => x + half,
                HPos::Center => x,
            };
            boxes.push(label_box(name, (middle, frame.top + gap), true));
            labels.push((
                name,
                (x, frame.top + gap),
                Label::new(theme, anchor, VPos::Top),
            ));
        }
    }
    if let Some((l, r)) = held_out {
        // At the top of its stretch, or at the bottom if the window's labels are there.
        let x = (l + r) / 2;
        let top = label_box("held out", (x, frame.top + gap), true);
        let free = !boxes.iter().any(|b| legend::meet(*b, top));
        let (y, v) = if free {
            (frame.top + gap, VPos::Top)
        } else {
            (frame.bottom - gap, VPos::Bottom)
        };
        boxes.push(label_box("held out", (x, y), free));
        labels.push(("held out", (x, y), Label::new(theme, HPos::Center, v)));
    }
    frame.draw_axes(backend, &axes, theme)?;

    let mut drawn: Vec<Vec<BackendCoord>> = Vec::new();
    let seq_path = frame.path(&seq);
    line.stroke(backend, &seq_path)?;
    if n <= columns / 4 {
        for &p in &seq {
            backend.draw_circle(frame.at(p), theme.px(2.5), &Pen::new(theme.line, 1), true)?;
        }
    }
    drawn.push(seq_path);
    if has_fit {
        frame.draw_pieces(backend, &fit, &fit_pen)?;
        drawn.extend(fit.iter().map(|p| frame.path(p)));
    }
    if rolled.len() > 1 {
        let path = frame.path(&rolled);
        rolled_pen.stroke(backend, &path)?;
        drawn.push(path);
    }
    if forecast.len() > 1 {
        let path = frame.path(&forecast);
        forecast_pen.stroke(backend, &path)?;
        // The dots mark the forecasts themselves, not the last value the line starts from.
        for &p in &forecast[1..] {
            backend.draw_circle(
                frame.at(p),
                theme.px(4.0),
                &Pen::new(theme.forecast, 1),
                true,
            )?;
        }
        drawn.push(path);
    }
    for (text, at, label) in &labels {
        backend.draw_text(text, label, *at)?;
    }
    legend::draw(backend, &frame, &entries, theme, &drawn, &boxes, above > 0)?;
    backend.present()
}
