//! The loss per epoch, on a linear or log scale: the current run, its held-out loss, and up to
//! four kept runs to compare with.

use super::decimate::{min_max, padded_range};
use super::frame::{clear, Axes, Dash, Drawn, Frame, Pen, Room};
use super::legend::{self, Entry};
use super::{Rgb, Theme};
use crate::format::{log_tick, short};
use plotters_backend::{BackendCoord, DrawingBackend};

/// A kept run: its loss per epoch, its held-out loss (may be empty), and how it is drawn.
pub struct Curve<'a> {
    pub history: &'a [f32],
    pub val: &'a [f32],
    pub label: &'a str,
    pub colour: Rgb,
    pub dash: Dash,
}

/// What the loss chart shows. `history[i]` is epoch i + 1's loss; `val` the held-out loss (empty
/// without a held-out stretch); `target` the epoch count asked for, which sets the x axis before
/// anything has trained.
pub struct LossView<'a> {
    pub history: &'a [f32],
    pub val: &'a [f32],
    pub target: usize,
    pub log_scale: bool,
    pub kept: &'a [Curve<'a>],
    /// What an empty chart says instead of [`EMPTY`] (a run that diverged before its first
    /// epoch ended).
    pub note: Option<&'a str>,
}

/// What the empty chart says.
pub const EMPTY: &str =
    "Press Train: the loss (how far off the predictions are) falls here, epoch by epoch.";

/// Draws the current run (`line`, solid; its held-out loss in `val`, dashed) over the kept runs
/// (their own colour and dash; their held-out loss fainter), with a legend of what is drawn.
pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &LossView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let y_title = if view.log_scale {
        "loss (log scale)"
    } else {
        "loss"
    };
    let whole = |v: f64| short(v.round());
    let empty = view.history.is_empty() && view.kept.iter().all(|c| c.history.is_empty());
    if empty {
        let x = (1.0, view.target.max(2) as f64);
        let none = |_: f64| String::new();
        let axes = Axes {
            x_title: "epoch",
            y_title,
            x_ticks: 6,
            y_ticks: 0,
            x_whole: true,
            y_whole: false,
            grid: false,
            x_label: &whole,
            y_label: &none,
        };
        let frame = Frame::new(size, theme, x, (0.0, 1.0), &axes, Room::default());
        frame.draw_axes(backend, &axes, theme)?;
        frame.note(backend, view.note.unwrap_or(EMPTY), theme)?;
        return backend.present();
    }

    let shown = |h: &[f32]| -> Vec<f32> {
        if view.log_scale {
            // log10 of the loss; a loss of exactly 0 sits at the bottom rather than at −∞.
            h.iter()
                .map(|&l| libm::log10(l.max(1e-30) as f64) as f32)
                .collect()
        } else {
            h.to_vec()
        }
    };
    let columns = size.0 as usize;
    let points = |h: &[f32]| min_max(&shown(h), 1.0, columns);
    let current = points(view.history);
    let current_val = points(view.val);
    let kept: Vec<_> = view
        .kept
        .iter()
        .map(|c| (points(c.history), points(c.val)))
        .collect();
    let mut parts: Vec<&[(f64, f64)]> = vec![&current, &current_val];
    for (h, v) in &kept {
        parts.push(h);
        parts.push(v);
    }
    let y = padded_range(&parts);
    let mut longest = view.history.len().max(view.val.len());
    for c in view.kept {
        longest = longest.max(c.history.len()).max(c.val.len());
    }
    let x = (1.0, (longest as f64).max(2.0));
    let y_label = |v: f64| {
        if view.log_scale {
            log_tick(v)
        } else {
            short(v)
        }
    };
    let axes = Axes {
        x_title: "epoch",
        y_title,
        x_ticks: 6,
        y_ticks: 6,
        x_whole: true,
        // Whole powers of ten on a log scale that spans a few of them.
        y_whole: view.log_scale && y.1 - y.0 >= 2.0,
        grid: true,
        x_label: &whole,
        y_label: &y_label,
    };
    let width = theme.px(2.0);
    let line = Pen::new(theme.line, width);
    let val_pen = Pen::new(theme.val, width).dash(Dash::Dashed);
    let mut entries = Vec::new();
    if !current.is_empty() {
        entries.push(Entry::line("training loss", line));
    }
    if !current_val.is_empty() {
        entries.push(Entry::line("held-out loss", val_pen));
    }
    for curve in view.kept.iter().filter(|c| !c.history.is_empty()) {
        entries.push(Entry::line(
            curve.label,
            Pen::new(curve.colour, width).dash(curve.dash),
        ));
    }
    let frame_below = |top: i32| Frame::new(size, theme, x, y, &axes, Room { top, right: 0 });
    let mut above = legend::room_above(size, &entries, theme);
    let mut frame = frame_below(above);
    // Kept runs' curves can fill the plot (a race): then the legend goes above, not on them.
    if above == 0 {
        let paths: Vec<Vec<BackendCoord>> = kept
            .iter()
            .flat_map(|(history, val)| [history, val])
            .chain([&current_val, &current])
            .map(|p| frame.path(p))
            .collect();
        if legend::hides(&frame, &entries, theme, &paths) {
            above = legend::room_on_top(size, &entries, theme);
            frame = frame_below(above);
        }
    }
    frame.draw_axes(backend, &axes, theme)?;

    let mut drawn: Vec<Vec<BackendCoord>> = Vec::new();
    let mut stroke = |backend: &mut DB, points: &[(f64, f64)], pen: Pen| -> Drawn<DB> {
        let path = frame.path(points);
        pen.stroke(backend, &path)?;
        drawn.push(path);
        Ok(())
    };
    for (curve, (history, val)) in view.kept.iter().zip(&kept) {
        let pen = Pen::new(curve.colour, width).dash(curve.dash);
        let val_dash = if curve.dash == Dash::Solid {
            Dash::Dashed
        } else {
            Dash::Dotted
        };
        stroke(backend, val, pen.dash(val_dash).alpha(0.55))?;
        stroke(backend, history, pen)?;
    }
    stroke(backend, &current_val, val_pen)?;
    stroke(backend, &current, line)?;
    legend::draw(backend, &frame, &entries, theme, &drawn, &[], above > 0)?;
    backend.present()
}
