//! The memory arena's chart: each cell's held-out error (as a fraction of predicting the mean)
//! against the delay, a line through the middle seed at each delay with a bar for the seeds'
//! spread, and the line at 1 where a model has learned nothing.

use super::frame::{clear, text_width, Axes, Dash, Drawn, Frame, Label, Pen, Room};
use super::legend::{self, Entry};
use super::{Rgb, Theme};

use crate::format::short;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend};

/// One cell: at each delay its middle seed's error and its lowest and highest (None: not run
/// yet). Values above the chart's top (a run that diverged is infinite) are drawn at its top.
pub struct Line<'a> {
    pub label: &'a str,
    pub colour: Rgb,
    pub dash: Dash,
    pub points: Vec<Option<(f32, f32, f32)>>,
}

pub struct ArenaView<'a> {
    pub delays: &'a [usize],
    pub lines: &'a [Line<'a>],
}

/// What the empty chart says.
pub const EMPTY: &str = "Each cell's error at each delay appears here as its runs finish.";

/// The highest error the chart shows; worse runs are drawn at its top.
const CAP: f64 = 2.5;

pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &ArenaView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let n = view.delays.len().max(1);
    let x = (-0.4, n as f64 - 0.6);
    let delay_at = |v: f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < view.delays.len() {
            view.delays[i as usize].to_string()
        } else {
            String::new()
        }
    };
    let mut highest = 1.0f64;
    for l in view.lines {
        for p in l.points.iter().flatten() {
            let b = p.2 as f64;
            highest = if b.is_finite() { highest.max(b) } else { CAP };
        }
    }
    let y = (0.0, highest.min(CAP) * 1.12);
    let axes = Axes {
        x_title: "delay: steps from the blip to its spike",
        y_title: "held-out error (1 = the mean's)",
        x_ticks: n,
        y_ticks: 5,
        x_whole: true,
        y_whole: false,
        grid: true,
        x_label: &delay_at,
        y_label: &|v| short(v),
    };
    let width = theme.px(2.0);
    let mut entries = Vec::new();
    for l in view.lines {
        if l.points.iter().any(|p| p.is_some()) {
            entries.push(Entry::dot(l.label, Pen::new(l.colour, width).dash(l.dash)));
        }
    }
    // On a narrow chart (a phone) every corner holds some line: the legend goes above the plot.
    // (A height of 1 never fits a legend inside: `room_above` then gives its rows' height.)
    let mut above = legend::room_above(size, &entries, theme);
    if above == 0 && !entries.is_empty() && (size.0 as f64) < 560.0 * theme.scale {
        above = legend::room_above((size.0, 1), &entries, theme);
    }
    let room = Room {
        top: above,
        right: 0,
    };
    let frame = Frame::new(size, theme, x, y, &axes, room);
    frame.draw_axes(backend, &axes, theme)?;
    // The line at 1: no better than always predicting the training values' mean.
    let one = Pen::new(theme.text, theme.px(1.0))
        .dash(Dash::Dashed)
        .alpha(0.7);
    let mean_line = frame.path(&[(x.0, 1.0), (x.1, 1.0)]);
    one.stroke(backend, &mean_line)?;
    // Its name, at the left: where every cell is still good, so no line is near it.
    let note = Label::new(theme, HPos::Left, VPos::Bottom);
    let (gap, text) = (theme.px(3.0) as i32, "1: learned nothing");
    let (left, bottom) = (frame.left + gap, mean_line[0].1 - gap);
    backend.draw_text(text, &note, (left, bottom))?;
    let label_w = text_width(text, theme.font()) as i32;
    let label = (left, bottom - theme.font() as i32, left + label_w, bottom);
    if entries.is_empty() {
        frame.note(backend, EMPTY, theme)?;
        return backend.present();
    }

    let top = y.1;
    let mut lines: Vec<Vec<BackendCoord>> = vec![mean_line];
    for (k, line) in view.lines.iter().enumerate() {
        // Side by side at each delay, so bars and dots that agree don't hide each other.
        let shift = k as f64 * 0.1 - 0.1;
        let pen = Pen::new(line.colour, width).dash(line.dash);
        let bar = Pen::new(line.colour, theme.px(3.0)).alpha(0.35);
        let mut path = Vec::new();
        for (i, p) in line.points.iter().enumerate() {
            let Some((m, lo, hi)) = *p else { continue };
            let x = i as f64 + shift;
            // The seeds' spread: a bar from the best to the worst.
            let (a, b) = (
                frame.at((x, lo as f64)),
                frame.at((x, (hi as f64).min(top))),
            );
            backend.draw_line(a, b, &bar)?;
            // (The legend keeps clear of the bars too.)
            lines.push(vec![a, b]);
            path.push(frame.at((x, (m as f64).min(top))));
        }
        pen.stroke(backend, &path)?;
        for p in &path {
            backend.draw_circle(*p, theme.px(3.5), &pen, true)?;
        }
        lines.push(path);
    }
    legend::draw(
        backend,
        &frame,
        &entries,
        theme,
        &lines,
        &[label],
        above > 0,
    )?;
    backend.present()
}
