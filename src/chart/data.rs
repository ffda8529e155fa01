//! The sequence, the model's fit over the training windows, and the forecast past the end.

use super::decimate::{min_max, padded_range, y_bounds};
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
    let lines = Lines::of(view, size.0 as usize, theme, theme.line, "sequence");
    let mut above = legend::room_above(size, &lines.entries, theme);
    let axes = axes(true);
    let mut frame = lines.frame(size, theme, &axes, above);
    // A wave fills the plot: no corner is free, so the legend goes above rather than on it.
    if above == 0 && legend::hides(&frame, &lines.entries, theme, &lines.paths(&frame)) {
        above = legend::room_on_top(size, &lines.entries, theme);
        frame = lines.frame(size, theme, &axes, above);
    }
    lines.paint(backend, view, &frame, &axes, theme, above, true)?;
    backend.present()
}

/// One series of a table, drawn in its own panel.
pub struct Panel<'a> {
    /// The series' name, written in its panel.
    pub name: &'a str,
    /// Its values, (rows).
    pub values: Vec<f32>,
    /// Whether the model forecasts it: its panel then carries the fit and the forecast.
    pub target: bool,
    /// One-step-ahead fit, forecast and roll-forward of this series (empty unless a target).
    pub fit: Vec<f32>,
    pub forecast: Vec<f32>,
    pub rolled: Vec<f32>,
}

/// What the data chart shows for a table: a panel per series, one above the other on the same
/// positions (each with its own y axis: the series may be in different units), the targets'
/// panels first.
pub struct TableView<'a> {
    pub panels: Vec<Panel<'a>>,
    pub fit_start: usize,
    pub highlight: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    pub held_out_from: Option<usize>,
}

/// Draws a table's series in panels, the targets' first (each in its own colour, its name at its
/// top left), and one legend for the fit, the forecast and the roll-forward above them all. When
/// there is not room for every panel (at least ~3 lines of text each), the last ones are left
/// out and a line under the chart says how many.
pub fn draw_table<DB: DrawingBackend>(
    backend: &mut DB,
    view: &TableView,
    theme: &Theme,
) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let font = theme.font();
    let views: Vec<DataView> = view
        .panels
        .iter()
        .map(|p| DataView {
            sequence: &p.values,
            fit: &p.fit,
            fit_start: view.fit_start,
            forecast: &p.forecast,
            rolled: &p.rolled,
            highlight: view.highlight.clone(),
            held_out_from: view.held_out_from,
        })
        .collect();
    let end = views
        .iter()
        .map(|v| v.sequence.len() + v.forecast.len().max(v.rolled.len()))
        .max()
        .unwrap_or(0);
    let mut all: Vec<Lines> = views
        .iter()
        .zip(&view.panels)
        .enumerate()
        .map(|(i, (v, p))| {
            let colour = theme.series[i % theme.series.len()];
            let mut lines = Lines::of(v, size.0 as usize, theme, colour, p.name);
            lines.x = (-0.5, end.max(2) as f64 - 0.5);
            lines
        })
        .collect();
    // The legend names what is drawn besides the series (their names are in their panels).
    let mut entries: Vec<Entry> = Vec::new();
    for lines in &all {
        for e in lines.entries.iter().skip(1) {
            if !entries.iter().any(|have| have.label == e.label) {
                entries.push(e.clone());
            }
        }
    }
    // Judged on one panel's share of the height: the legend goes above unless it fits in it.
    let share_h = size.1 / all.len().max(1) as u32;
    let above = legend::room_above((size.0, share_h), &entries, theme);
    let bottom_axes = axes(true);
    let inner_axes = axes(false);
    // The bottom panel keeps the x axis's labels and title; the rest share what is left.
    let probe = Frame::new(
        size,
        theme,
        (0.0, 1.0),
        (0.0, 1.0),
        &bottom_axes,
        Room::default(),
    );
    let furniture = size.1 as i32 - probe.bottom;
    let usable = (size.1 as i32 - above - furniture - theme.px(8.0) as i32).max(1);
    let least = (3.4 * font) as i32;
    let fits = ((usable / least.max(1)) as usize).clamp(1, all.len().max(1));
    let left_out = all.len() - fits;
    all.truncate(fits);
    let note = if left_out > 0 { (font * 1.4) as i32 } else { 0 };
    let share = (usable - note) / fits as i32;
    let mut frames: Vec<Frame> = all
        .iter()
        .enumerate()
        .map(|(i, lines)| {
            let last = i + 1 == fits;
            let top = above + share * i as i32;
            let bottom = if last {
                size.1 as i32 - note
            } else {
                top + share + theme.px(8.0) as i32
            };
            let axes = if last { &bottom_axes } else { &inner_axes };
            lines.frame((size.0, bottom.max(1) as u32), theme, axes, top)
        })
        .collect();
    // One x scale for all: every panel starts where the widest y labels need.
    let left = frames.iter().map(|f| f.left).max().unwrap_or(0);
    let right = frames.iter().map(|f| f.right).min().unwrap_or(0);
    for f in &mut frames {
        f.left = left;
        f.right = right.max(left + 1);
    }
    for (i, (lines, frame)) in all.iter().zip(&frames).enumerate() {
        let axes = if i + 1 == fits {
            &bottom_axes
        } else {
            &inner_axes
        };
        lines.paint(backend, &views[i], frame, axes, theme, above, false)?;
        let name = if view.panels[i].target {
            format!("{} (forecast)", view.panels[i].name)
        } else {
            view.panels[i].name.to_string()
        };
        let label = Label::new(theme, HPos::Left, VPos::Top).colour(lines.colour);
        let gap = theme.px(3.0) as i32;
        // On a patch of background, so the name reads over the line.
        let (x, y) = (frame.left + gap, frame.top + gap);
        let w = text_width(&name, font).ceil() as i32;
        backend.draw_rect(
            (x - gap / 2, y - gap / 2),
            (x + w + gap / 2, y + font.ceil() as i32 + gap / 2),
            &Pen::new(theme.background, 1).alpha(0.85),
            true,
        )?;
        backend.draw_text(&name, &label, (x, y))?;
    }
    if let Some(first) = frames.first() {
        legend::draw(backend, first, &entries, theme, &[], &[], above > 0)?;
    }
    if left_out > 0 {
        let text = format!(
            "{left_out} more series not drawn: the chart has no room for {}.",
            if left_out == 1 { "it" } else { "them" }
        );
        let label = Label::new(theme, HPos::Left, VPos::Bottom);
        backend.draw_text(&text, &label, (left, size.1 as i32 - theme.px(2.0) as i32))?;
    }
    backend.present()
}

fn axes(bottom: bool) -> Axes<'static> {
    Axes {
        x_title: if bottom {
            "position in the sequence"
        } else {
            ""
        },
        y_title: "",
        x_ticks: if bottom { 8 } else { 0 },
        y_ticks: 6,
        x_whole: true,
        y_whole: false,
        grid: true,
        x_label: &|v| short(v.round()),
        y_label: &short,
    }
}

/// One series' lines, in data coordinates, ready to be framed and painted.
struct Lines {
    n: usize,
    dots: bool,
    seq: Vec<(f64, f64)>,
    fit: Vec<Vec<(f64, f64)>>,
    forecast: Vec<(f64, f64)>,
    rolled: Vec<(f64, f64)>,
    x: (f64, f64),
    y: (f64, f64),
    colour: super::Rgb,
    entries: Vec<Entry>,
}

impl Lines {
    fn of(view: &DataView, columns: usize, theme: &Theme, colour: super::Rgb, name: &str) -> Lines {
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
        let mut parts: Vec<&[(f64, f64)]> = vec![&seq];
        for segment in &fit {
            parts.push(segment);
        }
        parts.push(&forecast);
        let base = y_bounds(&parts, false);
        if base.0.is_finite() {
            let span = (base.1 - base.0).max(base.0.abs().max(1.0) * 1e-3);
            for p in &mut rolled {
                // max/min, not `clamp`: its panic message would bring float formatting in.
                p.1 = p.1.max(base.0 - span).min(base.1 + span);
            }
        }
        parts.push(&rolled);
        let y = padded_range(&parts);
        let x = (-0.5, end.max(2) as f64 - 0.5);
        let width = theme.px(2.0);
        let has_fit = fit.iter().any(|p| !p.is_empty());
        let mut entries = Vec::new();
        if n > 0 {
            entries.push(Entry::line(name, Pen::new(colour, width)));
        }
        if has_fit {
            entries.push(Entry::line("model's fit", Pen::new(theme.fit, width)));
        }
        if forecast.len() > 1 {
            entries.push(Entry::dot("forecast", Pen::new(theme.forecast, width)));
        }
        if rolled.len() > 1 {
            let pen = Pen::new(theme.rolled, width).dash(Dash::Dashed);
            entries.push(Entry::line("rolled forward", pen));
        }
        Lines {
            n,
            dots: n <= columns / 4,
            seq,
            fit,
            forecast,
            rolled,
            x,
            y,
            colour,
            entries,
        }
    }

    /// Every line as `frame` draws it, in pixels.
    fn paths(&self, frame: &Frame) -> Vec<Vec<BackendCoord>> {
        std::iter::once(&self.seq)
            .chain(&self.fit)
            .chain([&self.forecast, &self.rolled])
            .map(|p| frame.path(p))
            .collect()
    }

    /// The plot area in a `size` backend, with `top` pixels kept above it.
    fn frame(&self, size: (u32, u32), theme: &Theme, axes: &Axes, top: i32) -> Frame {
        Frame::new(size, theme, self.x, self.y, axes, Room { top, right: 0 })
    }

    /// Paints the shading, the bands, the axes and the lines in `frame`; and with `legend`, the
    /// legend above (`above` pixels of room) or inside the plot.
    #[allow(clippy::too_many_arguments)]
    fn paint<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        view: &DataView,
        frame: &Frame,
        axes: &Axes,
        theme: &Theme,
        above: i32,
        legend: bool,
    ) -> Drawn<DB> {
        let (n, y) = (self.n, self.y);
        let width = theme.px(2.0);
        let line = Pen::new(self.colour, width);
        let fit_pen = Pen::new(theme.fit, width);
        let forecast_pen = Pen::new(theme.forecast, width);
        let rolled_pen = Pen::new(theme.rolled, width).dash(Dash::Dashed);
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
        frame.draw_axes(backend, axes, theme)?;

        let mut drawn: Vec<Vec<BackendCoord>> = Vec::new();
        let seq_path = frame.path(&self.seq);
        line.stroke(backend, &seq_path)?;
        if self.dots {
            for &p in &self.seq {
                backend.draw_circle(frame.at(p), theme.px(2.5), &Pen::new(self.colour, 1), true)?;
            }
        }
        drawn.push(seq_path);
        if self.fit.iter().any(|p| !p.is_empty()) {
            frame.draw_pieces(backend, &self.fit, &fit_pen)?;
            drawn.extend(self.fit.iter().map(|p| frame.path(p)));
        }
        if self.rolled.len() > 1 {
            let path = frame.path(&self.rolled);
            rolled_pen.stroke(backend, &path)?;
            drawn.push(path);
        }
        if self.forecast.len() > 1 {
            let path = frame.path(&self.forecast);
            forecast_pen.stroke(backend, &path)?;
            // The dots mark the forecasts themselves, not the last value the line starts from.
            for &p in &self.forecast[1..] {
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
        if legend {
            legend::draw(
                backend,
                frame,
                &self.entries,
                theme,
                &drawn,
                &boxes,
                above > 0,
            )?;
        }
        Ok(())
    }
}
