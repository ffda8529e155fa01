//! How the error signal travels back through the window's time steps: ‖∂L/∂h_t‖ from the last
//! step backwards, on a log scale, this epoch bold over earlier epochs faded. A line that falls
//! steeply to the right is a vanishing gradient; one that climbs, an exploding one.

use super::decimate::padded_range;
use super::frame::{clear, segments, Axes, Dash, Drawn, Frame, Pen, Room};
use super::legend::{self, Entry};
use super::Theme;
use crate::format::{log_tick, short};
use plotters_backend::{BackendCoord, DrawingBackend};

/// What the gradient chart shows.
pub struct GradView<'a> {
    /// Oldest first, the last is the current epoch; each holds ‖∂L/∂h_t‖ for t = 1..T.
    pub epochs: &'a [&'a [f32]],
    /// The current epoch's ‖∂L/∂c_t‖ for an LSTM's cell state, t = 1..T (drawn dashed).
    pub cells: Option<&'a [f32]>,
    /// The epoch number of each of `epochs`.
    pub epoch_numbers: &'a [usize],
    /// For a stack (or a bidirectional layer): this epoch's ‖∂L/∂h_t‖ for each layer, named,
    /// each in its own colour, instead of `epochs` and `cells`.
    pub layers: &'a [(&'a str, &'a [f32])],
}

/// What the empty chart says.
pub const EMPTY: &str = "Train to see how the error signal travels back through the time steps.";

/// log10 of the norms, last step first (x = steps back); non-finite and zero norms become NaN,
/// so the line breaks there.
fn steps_back(norms: &[f32]) -> Vec<f32> {
    norms
        .iter()
        .rev()
        .map(|&v| {
            if v.is_finite() && v > 0.0 {
                libm::log10(v as f64) as f32
            } else {
                f32::NAN
            }
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &GradView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let columns = size.0 as usize;
    let by_layer = !view.layers.is_empty();
    let sources: Vec<&[f32]> = if by_layer {
        view.layers.iter().map(|(_, h)| *h).collect()
    } else {
        view.epochs.to_vec()
    };
    let lines: Vec<Vec<Vec<(f64, f64)>>> = sources
        .iter()
        .map(|e| segments(&steps_back(e), 0.0, columns))
        .collect();
    let cells = view
        .cells
        .filter(|_| !by_layer)
        .map(|c| segments(&steps_back(c), 0.0, columns))
        .unwrap_or_default();
    let mut steps = view.cells.map_or(0, <[f32]>::len);
    for e in &sources {
        steps = steps.max(e.len());
    }
    let mut parts: Vec<&[(f64, f64)]> = Vec::new();
    for segment in lines.iter().flatten().chain(&cells) {
        parts.push(segment);
    }
    let y = padded_range(&parts);
    let empty = parts.iter().all(|p| p.is_empty());
    let x = (0.0, steps.saturating_sub(1).max(1) as f64);
    let y_label = |v: f64| log_tick(v);
    let none = |_: f64| String::new();
    let axes = Axes {
        x_title: "steps back from the end of the window",
        y_title: "‖∂L/∂h‖ (log scale)",
        x_ticks: 8,
        y_ticks: if empty { 0 } else { 5 },
        x_whole: true,
        // Whole powers of ten when the lines span a few of them.
        y_whole: y.1 - y.0 >= 2.0,
        grid: !empty,
        x_label: &|v| short(v.round()),
        y_label: if empty { &none } else { &y_label },
    };
    let earlier = lines.len().saturating_sub(1);
    let faded = |i: usize| {
        // From 0.15 for the oldest to 0.45 for the one just before this epoch.
        let share = if earlier > 1 {
            i as f64 / (earlier - 1) as f64
        } else {
            1.0
        };
        Pen::new(theme.line, theme.px(1.5)).alpha(0.15 + 0.3 * share)
    };
    let bold = Pen::new(theme.line, theme.px(3.0));
    let dashed = Pen::new(theme.line, theme.px(2.0)).dash(Dash::Dashed);
    let mut entries = Vec::new();
    let layer_pen = |i: usize| Pen::new(theme.series[i % theme.series.len()], theme.px(2.5));
    if !empty && by_layer {
        for (i, (name, _)) in view.layers.iter().enumerate() {
            entries.push(Entry::line(name, layer_pen(i)));
        }
    } else if !empty {
        let number = view.epoch_numbers.last().copied().unwrap_or(lines.len());
        entries.push(Entry::line(&format!("this epoch ({number})"), bold));
        if earlier > 0 {
            entries.push(Entry::line("earlier epochs", faded(earlier - 1)));
        }
        if !cells.is_empty() {
            entries.push(Entry::line("cell state c", dashed));
        }
    }
    let frame_below = |top: i32| Frame::new(size, theme, x, y, &axes, Room { top, right: 0 });
    let mut above = legend::room_above(size, &entries, theme);
    let mut frame = frame_below(above);
    let mut beside_title = None;
    // Epoch lines often fill the plot (a projector's large chart): a legend inside would sit on them.
    if above == 0 && !empty {
        let paths: Vec<Vec<BackendCoord>> = lines
            .iter()
            .chain(std::iter::once(&cells))
            .flatten()
            .map(|piece| frame.path(piece))
            .collect();
        if legend::hides(&frame, &entries, theme, &paths) {
            above = legend::room_on_top(size, &entries, theme);
            frame = frame_below(above);
        }
    }
    // A short chart (the one-screen layout at 1280×720): the legend shares the y title's row
    // when it fits there, rather than taking a row of the plot's height.
    if above > 0 && !empty {
        let level = frame_below(0);
        if let Some((left, middle, width)) = level.beside_y_title(theme, &axes) {
            // "epoch 100" for "this epoch (100)" where only that makes the row fit.
            let mut short = entries.clone();
            if let (false, Some(first)) = (by_layer, short.first_mut()) {
                first.label = format!(
                    "epoch {}",
                    view.epoch_numbers.last().copied().unwrap_or(lines.len())
                );
            }
            let fits = |e: &[Entry]| legend::fits_in_a_row(e, theme, width);
            if !fits(&entries) && fits(&short) {
                entries = short;
            }
            if fits(&entries) {
                beside_title = Some((left, middle));
                above = 0;
                frame = level;
            }
        }
    }
    frame.draw_axes(backend, &axes, theme)?;
    if empty {
        frame.note(backend, EMPTY, theme)?;
        return backend.present();
    }
    let mut drawn: Vec<Vec<BackendCoord>> = Vec::new();
    let mut draw = |backend: &mut DB, pieces: &[Vec<(f64, f64)>], pen: &Pen| -> Drawn<DB> {
        frame.draw_pieces(backend, pieces, pen)?;
        drawn.extend(pieces.iter().map(|p| frame.path(p)));
        Ok(())
    };
    if by_layer {
        for (i, pieces) in lines.iter().enumerate() {
            draw(backend, pieces, &layer_pen(i))?;
        }
    } else {
        for (i, pieces) in lines[..earlier].iter().enumerate() {
            draw(backend, pieces, &faded(i))?;
        }
        draw(backend, &cells, &dashed)?;
        if let Some(current) = lines.last() {
            draw(backend, current, &bold)?;
        }
    }
    match beside_title {
        Some(at) => legend::draw_row(backend, &entries, theme, at)?,
        None => legend::draw(backend, &frame, &entries, theme, &drawn, &[], above > 0)?,
    }
    backend.present()
}
