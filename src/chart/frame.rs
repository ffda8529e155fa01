//! A chart's plot area, its axes, and the pen and label styles, drawn straight onto a plotters
//! backend. We skip plotters' own chart builder: it was a third of the page's download.
//!
//! Margins come from the text size and the longest tick label, so axis titles never sit on tick
//! labels, from 11 px text on a phone to 24 px text on a projector.

use super::decimate::min_max;
use super::{Rgb, Theme};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontTransform,
};

/// What every draw function returns: the backend's own error, if drawing failed.
pub type Drawn<DB> = Result<(), DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

impl From<Rgb> for BackendColor {
    fn from(c: Rgb) -> BackendColor {
        BackendColor {
            alpha: 1.0,
            rgb: (c.0, c.1, c.2),
        }
    }
}

/// How a line is broken up. Dashes are drawn as short pieces, so they look the same on every
/// backend (the canvas's `setLineDash` has no counterpart in plotters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dash {
    #[default]
    Solid,
    Dashed,
    Dotted,
    DashDot,
}

impl Dash {
    /// Lengths on, off, on, off… in units of the line's width (at least 2 device pixels).
    fn pattern(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[4.0, 2.5],
            Dash::Dotted => &[1.2, 1.6],
            Dash::DashDot => &[4.0, 1.6, 1.2, 1.6],
        }
    }
}

/// A line's colour, width in device pixels, opacity and dash pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pen {
    pub colour: Rgb,
    pub width: u32,
    pub alpha: f64,
    pub dash: Dash,
}

impl Pen {
    /// A solid, opaque pen (also the style for filled shapes).
    pub fn new(colour: Rgb, width: u32) -> Pen {
        Pen {
            colour,
            width,
            alpha: 1.0,
            dash: Dash::Solid,
        }
    }

    pub fn alpha(self, alpha: f64) -> Pen {
        Pen { alpha, ..self }
    }

    pub fn dash(self, dash: Dash) -> Pen {
        Pen { dash, ..self }
    }

    /// Draws a polyline in this pen's dash pattern.
    pub fn stroke<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        points: &[BackendCoord],
    ) -> Drawn<DB> {
        if self.dash == Dash::Solid {
            if points.len() >= 2 {
                backend.draw_path(points.iter().copied(), self)?;
            }
            return Ok(());
        }
        for piece in self.dashes(points) {
            backend.draw_path(piece, self)?;
        }
        Ok(())
    }

    /// The pieces of a polyline that are "on" in this pen's dash pattern; the pattern runs on
    /// across corners, so a dash may bend.
    pub fn dashes(&self, points: &[BackendCoord]) -> Vec<Vec<BackendCoord>> {
        let unit = (self.width as f64).max(2.0);
        let pattern = self.dash.pattern();
        if pattern.is_empty() {
            return vec![points.to_vec()];
        }
        let mut out = Vec::new();
        let mut piece: Vec<BackendCoord> = Vec::new();
        let (mut k, mut left) = (0, pattern[0] * unit);
        let round = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
        for w in points.windows(2) {
            let (a, b) = (
                (w[0].0 as f64, w[0].1 as f64),
                (w[1].0 as f64, w[1].1 as f64),
            );
            let len = libm::hypot(b.0 - a.0, b.1 - a.1);
            let at = |d: f64| round(a.0 + (b.0 - a.0) * d / len, a.1 + (b.1 - a.1) * d / len);
            let mut pos = 0.0;
            while pos < len {
                let step = left.min(len - pos);
                if k % 2 == 0 {
                    if piece.is_empty() {
                        piece.push(at(pos));
                    }
                    let end = at(pos + step);
                    if piece.last() != Some(&end) || piece.len() == 1 {
                        piece.push(end);
                    }
                }
                pos += step;
                left -= step;
                if left <= 1e-9 {
                    if k % 2 == 0 && piece.len() >= 2 {
                        out.push(std::mem::take(&mut piece));
                    }
                    piece.clear();
                    k = (k + 1) % pattern.len();
                    left = pattern[k] * unit;
                }
            }
        }
        if piece.len() >= 2 {
            out.push(piece);
        }
        out
    }
}

impl BackendStyle for Pen {
    fn color(&self) -> BackendColor {
        BackendColor {
            alpha: self.alpha,
            rgb: (self.colour.0, self.colour.1, self.colour.2),
        }
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

/// About how wide `text` is at `size` device pixels (0.6 em a character: digits in a sans-serif
/// font are 0.55 em, so this errs on the wide side).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * size
}

/// Text in the theme's font and colour, placed by `anchor`; `upright` text reads bottom to top.
#[derive(Clone, Copy)]
pub struct Label {
    color: Rgb,
    size: f64,
    anchor: Pos,
    upright: bool,
}

impl Label {
    pub fn new(theme: &Theme, h: HPos, v: VPos) -> Label {
        Label {
            color: theme.text,
            size: theme.font(),
            anchor: Pos::new(h, v),
            upright: false,
        }
    }

    pub fn colour(self, color: Rgb) -> Label {
        Label { color, ..self }
    }

    /// The text size in device pixels.
    pub fn size(self, size: f64) -> Label {
        Label { size, ..self }
    }

    pub fn upright(self) -> Label {
        Label {
            upright: true,
            ..self
        }
    }
}

impl BackendTextStyle for Label {
    type FontError = std::fmt::Error;

    fn color(&self) -> BackendColor {
        self.color.into()
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        if self.upright {
            FontTransform::Rotate270
        } else {
            FontTransform::None
        }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::SansSerif
    }
    /// Only backends that rasterize text themselves ask for this; the canvas and SVG don't.
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        Ok((
            (0, 0),
            (text_width(text, self.size) as i32, self.size as i32),
        ))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _: &str,
        _: BackendCoord,
        _: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        Ok(Ok(()))
    }
}

/// `text` broken at spaces into lines of at most `width` device pixels at `size`.
pub fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(line, size) + text_width(word, size) + 0.6 * size <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A rectangle's outline (left, top, right, bottom) as a closed polyline, so a thick outline
/// shows thick on every backend (SVG's rectangles have no stroke width).
pub fn outline<DB: DrawingBackend>(
    backend: &mut DB,
    (l, t, r, b): (i32, i32, i32, i32),
    pen: &Pen,
) -> Drawn<DB> {
    backend.draw_path([(l, t), (r, t), (r, b), (l, b), (l, t)], pen)
}

/// Readies the backend and fills it with the theme's background; returns its size in pixels.
pub fn clear<DB: DrawingBackend>(
    backend: &mut DB,
    theme: &Theme,
) -> Result<(u32, u32), DrawingErrorKind<DB::ErrorType>> {
    backend.ensure_prepared()?;
    let size = backend.get_size();
    let full = (size.0 as i32, size.1 as i32);
    backend.draw_rect((0, 0), full, &Pen::new(theme.background, 1), true)?;
    Ok(size)
}

/// Room a chart keeps outside the plot area for its own things (a title row, a colour scale),
/// in device pixels.
#[derive(Debug, Clone, Copy, Default)]
pub struct Room {
    pub top: i32,
    pub right: i32,
}

/// What the axes say: titles, at most how many ticks (0: none), whether ticks fall on whole
/// numbers only, and how a tick's value is written.
pub struct Axes<'a> {
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub x_ticks: usize,
    pub y_ticks: usize,
    pub x_whole: bool,
    pub y_whole: bool,
    pub grid: bool,
    pub x_label: &'a dyn Fn(f64) -> String,
    pub y_label: &'a dyn Fn(f64) -> String,
}

/// The plot area in device pixels, the data ranges it shows (`y` may run downwards, lo > hi),
/// and the ticks with their labels, chosen so that no two labels meet.
pub struct Frame {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// The y title is written level above the plot when it is longer than the plot is tall.
    pub y_title_above: bool,
    /// The whole chart's size.
    pub size: (u32, u32),
}

/// Lengths of the axes' furniture in device pixels: the outer margin, a tick, the gap between a
/// tick and its label, the text size, and how far below the axis x tick labels start (far enough
/// that the lowest y tick label, centred on the axis, stays clear of them).
struct Furniture {
    outer: i32,
    tick: i32,
    gap: i32,
    font: f64,
    x_label_drop: i32,
}

impl Furniture {
    fn of(theme: &Theme) -> Furniture {
        let font = theme.font();
        let (tick, gap) = (theme.px(5.0) as i32, theme.px(3.0) as i32);
        Furniture {
            outer: theme.px(8.0) as i32,
            tick,
            gap,
            font,
            x_label_drop: (tick + gap).max((font * 0.5).ceil() as i32 + gap),
        }
    }
}

impl Frame {
    /// Where a one-row legend may stand beside the y title written above the plot: the x after
    /// the title, the row's middle y, and the width left to the chart's right edge. None when the
    /// title is not above the plot.
    pub fn beside_y_title(&self, theme: &Theme, axes: &Axes) -> Option<(i32, i32, i32)> {
        if !self.y_title_above {
            return None;
        }
        let Furniture {
            outer, gap, font, ..
        } = Furniture::of(theme);
        let line = font.ceil() as i32;
        let top = self.top - line / 2 - gap - line;
        let x = outer + text_width(axes.y_title, font).ceil() as i32 + 4 * gap;
        Some((x, top + line / 2, self.size.0 as i32 - outer - x))
    }

    /// Lays out the plot area in a `size` backend: room for the axes' labels and titles below
    /// and to the left, `room` kept above and to the right.
    pub fn new(
        size: (u32, u32),
        theme: &Theme,
        x: (f64, f64),
        y: (f64, f64),
        axes: &Axes,
        room: Room,
    ) -> Frame {
        let Furniture {
            outer,
            tick,
            gap,
            font,
            x_label_drop,
        } = Furniture::of(theme);
        let (w, h) = (size.0 as i32, size.1 as i32);
        let line = font.ceil() as i32;
        let mut below = tick;
        if axes.x_ticks > 0 {
            below = x_label_drop + line;
        }
        if !axes.x_title.is_empty() {
            below += gap + line;
        }
        let bottom = h - outer - below;
        let mut top = outer + room.top;
        let y_title_above =
            !axes.y_title.is_empty() && text_width(axes.y_title, font) > (bottom - top) as f64;
        if y_title_above {
            // Clear of the top y tick label too, which is centred on the plot's top edge.
            top += line + gap + line / 2;
        }
        let bottom = bottom.max(top + 1);

        let labelled = |values: Vec<f64>, label: &dyn Fn(f64) -> String| -> Vec<(f64, String)> {
            values.into_iter().map(|v| (v, label(v))).collect()
        };
        let widest = |t: &[(f64, String)]| {
            t.iter()
                .map(|(_, s)| text_width(s, font))
                .fold(0.0, f64::max)
        };
        let (y_lo, y_hi) = (y.0.min(y.1), y.0.max(y.1));
        let y_ticks = if axes.y_ticks == 0 {
            Vec::new()
        } else {
            // Labels 1.8 lines apart; two ticks even on a short plot, if they can stay apart.
            let height = (bottom - top) as f64;
            let fit = (height / (1.8 * font)) as usize;
            let fit = if height >= 2.2 * font {
                fit.max(2)
            } else {
                fit
            };
            let count = axes.y_ticks.min(fit).max(1);
            let mut values: Vec<f64> = ticks(y_lo, y_hi, count, axes.y_whole).collect();
            // One label says nothing of the scale (a log axis over decades showed just "1"):
            // where two fit, the outermost two of a finer set.
            if values.len() < 2 && height >= 2.0 * font {
                if let Some(finer) = (count + 1..count + 4)
                    .map(|c| ticks(y_lo, y_hi, c, axes.y_whole).collect::<Vec<f64>>())
                    .find(|t| t.len() >= 2)
                {
                    values = vec![finer[0], finer[finer.len() - 1]];
                }
            }
            labelled(values, axes.y_label)
        };
        let mut left = outer + tick + gap + widest(&y_ticks).ceil() as i32;
        if !axes.y_title.is_empty() && !y_title_above {
            left += line + 2 * gap;
        }

        let (x_lo, x_hi) = (x.0.min(x.1), x.0.max(x.1));
        let x_ticks = if axes.x_ticks == 0 {
            Vec::new()
        } else {
            let room_for = (w - room.right - outer - left).max(1) as f64;
            let first = labelled(
                ticks(x_lo, x_hi, axes.x_ticks, axes.x_whole).collect(),
                axes.x_label,
            );
            let fit = (room_for / (widest(&first) + 1.5 * font)) as usize;
            let count = axes.x_ticks.min(fit).max(1);
            labelled(
                ticks(x_lo, x_hi, count, axes.x_whole).collect(),
                axes.x_label,
            )
        };
        let overhang = (widest(&x_ticks) / 2.0).ceil() as i32 + gap;
        let right = (w - room.right - outer.max(overhang)).max(left + 1);
        Frame {
            left,
            top,
            right,
            bottom,
            x,
            y,
            x_ticks,
            y_ticks,
            y_title_above,
            size,
        }
    }

    /// The pixel at data point (x, y).
    pub fn at(&self, (x, y): (f64, f64)) -> BackendCoord {
        let fx = (x - self.x.0) / (self.x.1 - self.x.0);
        let fy = (y - self.y.0) / (self.y.1 - self.y.0);
        let px = self.left as f64 + fx * (self.right - self.left) as f64;
        let py = self.bottom as f64 - fy * (self.bottom - self.top) as f64;
        // Clamped so a wild value can't overflow the backend's i32 coordinates.
        let clamp = |v: f64| v.round().clamp(-1e6, 1e6) as i32;
        (clamp(px), clamp(py))
    }

    /// The pixels of a polyline through data points.
    pub fn path(&self, points: &[(f64, f64)]) -> Vec<BackendCoord> {
        points.iter().map(|&p| self.at(p)).collect()
    }

    /// Draws the pieces `segments` made: lines, and a dot for a piece of one point.
    pub fn draw_pieces<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        pieces: &[Vec<(f64, f64)>],
        pen: &Pen,
    ) -> Drawn<DB> {
        for piece in pieces {
            if let [only] = piece.as_slice() {
                backend.draw_circle(self.at(*only), pen.width.max(2), pen, true)?;
            } else {
                pen.stroke(backend, &self.path(piece))?;
            }
        }
        Ok(())
    }

    /// A sentence in the middle of the plot area, broken into lines that fit it.
    pub fn note<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        text: &str,
        theme: &Theme,
    ) -> Drawn<DB> {
        let font = theme.font();
        let inner = (self.right - self.left) as f64 - 2.0 * font;
        let lines = wrap(text, inner.max(font * 8.0), font);
        let step = (font * 1.3) as i32;
        let middle = (self.left + self.right) / 2;
        let mut y = (self.top + self.bottom) / 2 - step * lines.len() as i32 / 2;
        let label = Label::new(theme, HPos::Center, VPos::Top);
        for line in &lines {
            backend.draw_text(line, &label, (middle, y))?;
            y += step;
        }
        Ok(())
    }

    /// Axes with tick labels, the axis titles, and (if `grid`) a light line at every tick.
    pub fn draw_axes<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        axes: &Axes,
        theme: &Theme,
    ) -> Drawn<DB> {
        let Furniture {
            outer,
            tick,
            gap,
            font,
            x_label_drop,
        } = Furniture::of(theme);
        let grid = Pen::new(theme.grid, 1);
        let ink = Pen::new(theme.text, 1);
        let below = Label::new(theme, HPos::Center, VPos::Top);
        for (v, text) in &self.x_ticks {
            let (x, _) = self.at((*v, self.y.0));
            if axes.grid {
                backend.draw_line((x, self.top), (x, self.bottom), &grid)?;
            }
            backend.draw_line((x, self.bottom), (x, self.bottom + tick), &ink)?;
            backend.draw_text(text, &below, (x, self.bottom + x_label_drop))?;
        }
        let beside = Label::new(theme, HPos::Right, VPos::Center);
        for (v, text) in &self.y_ticks {
            let (_, y) = self.at((self.x.0, *v));
            if axes.grid {
                backend.draw_line((self.left, y), (self.right, y), &grid)?;
            }
            backend.draw_line((self.left - tick, y), (self.left, y), &ink)?;
            backend.draw_text(text, &beside, (self.left - tick - gap, y))?;
        }
        backend.draw_line((self.left, self.top), (self.left, self.bottom), &ink)?;
        backend.draw_line((self.left, self.bottom), (self.right, self.bottom), &ink)?;
        if !axes.x_title.is_empty() {
            let line = font.ceil() as i32;
            let y = if self.x_ticks.is_empty() {
                self.bottom + tick + gap
            } else {
                self.bottom + x_label_drop + line + gap
            };
            let middle = (self.left + self.right) / 2;
            backend.draw_text(axes.x_title, &below, (middle, y))?;
        }
        if self.y_title_above {
            let level = Label::new(theme, HPos::Left, VPos::Top);
            let line = font.ceil() as i32;
            let y = self.top - line / 2 - gap - line;
            backend.draw_text(axes.y_title, &level, (outer, y))?;
        } else if !axes.y_title.is_empty() {
            let side = Label::new(theme, HPos::Center, VPos::Top).upright();
            backend.draw_text(axes.y_title, &side, (outer, (self.top + self.bottom) / 2))?;
        }
        Ok(())
    }
}

/// Round tick values in [lo, hi]: about `max` of them (at most `max + 1`), a step of 1, 2 or 5
/// times a power of ten (at least 1 if `whole`).
pub fn ticks(lo: f64, hi: f64, max: usize, whole: bool) -> impl Iterator<Item = f64> {
    let span = hi - lo;
    let rough = span / max.max(1) as f64;
    let mut step = if rough.is_finite() && rough > 0.0 {
        let power = libm::pow(10.0, libm::floor(libm::log10(rough)));
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * power)
            .find(|&s| s >= rough)
            .unwrap_or(10.0 * power)
    } else {
        1.0
    };
    if whole {
        step = step.max(1.0).round();
    }
    let first = (lo / step).ceil();
    let count = if span.is_finite() && span >= 0.0 {
        // Not `clamp`: its panic message would bring float formatting into the page.
        ((hi / step).floor() - first + 1.0)
            .max(0.0)
            .min(max.max(1) as f64 + 1.0) as usize
    } else {
        0
    };
    // From whole multiples of the step, so 0.1 + 0.2 never shows up as 0.30000000000000004.
    (0..count).map(move |k| (first + k as f64) * step)
}

/// A polyline through `values` (x = index + `x0`) broken at every non-finite value, as its
/// pieces, each min/max-decimated to its share of `columns` pixel columns. A piece may be a
/// single point: `Frame::draw_pieces` draws it as a dot.
pub fn segments(values: &[f32], x0: f64, columns: usize) -> Vec<Vec<(f64, f64)>> {
    let n = values.len().max(1);
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if !values[i].is_finite() {
            i += 1;
            continue;
        }
        let start = i;
        while i < values.len() && values[i].is_finite() {
            i += 1;
        }
        let share = (columns * (i - start)).div_ceil(n).max(1);
        pieces.push(min_max(&values[start..i], x0 + start as f64, share));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        let t: Vec<f64> = ticks(-0.5, 9.5, 8, true).collect();
        assert_eq!(t, [0.0, 2.0, 4.0, 6.0, 8.0]);
        let t: Vec<f64> = ticks(0.013, 0.052, 5, false).collect();
        assert_eq!(t, [0.02, 0.03, 0.04, 0.05]);
        let t: Vec<f64> = ticks(1.0, 200.0, 6, true).collect();
        assert_eq!(t, [50.0, 100.0, 150.0, 200.0]);
        let t: Vec<f64> = ticks(0.5, 3.5, 12, true).collect();
        assert_eq!(t, [1.0, 2.0, 3.0]);
        assert_eq!(ticks(1.0, f64::NAN, 5, false).count(), 0);
        assert_eq!(ticks(3.0, 3.0, 5, false).collect::<Vec<_>>(), [3.0]);
    }

    #[test]
    fn segments_break_at_non_finite_values() {
        let v = [1.0, 2.0, f32::NAN, f32::NAN, 5.0, f32::INFINITY, 7.0, 8.0];
        let pieces = segments(&v, 10.0, 100);
        assert_eq!(
            pieces,
            vec![
                vec![(10.0, 1.0), (11.0, 2.0)],
                vec![(14.0, 5.0)],
                vec![(16.0, 7.0), (17.0, 8.0)]
            ]
        );
        let long: Vec<f32> = (0..100_000)
            .map(|i| if i == 50_000 { f32::NAN } else { i as f32 })
            .collect();
        let pieces = segments(&long, 0.0, 300);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().map(Vec::len).sum::<usize>() <= 2 * 302);
    }

    #[test]
    fn dashes_follow_the_pattern_and_keep_to_the_line() {
        let pen = Pen::new(Rgb(0, 0, 0), 2).dash(Dash::Dashed);
        // 100 px along x: 8 on, 5 off.
        let pieces = pen.dashes(&[(0, 0), (60, 0), (100, 0)]);
        assert_eq!(pieces.len(), 8);
        assert_eq!(pieces[0], vec![(0, 0), (8, 0)]);
        assert_eq!(pieces[1], vec![(13, 0), (21, 0)]);
        // The dash over the corner at x = 60 bends with it: 52..60, still 8 long.
        assert!(pieces
            .iter()
            .all(|p| p.iter().all(|q| q.1 == 0 && q.0 <= 100)));
        let solid = Pen::new(Rgb(0, 0, 0), 2).dashes(&[(0, 0), (5, 5)]);
        assert_eq!(solid, vec![vec![(0, 0), (5, 5)]]);
        let dots = Pen::new(Rgb(0, 0, 0), 1)
            .dash(Dash::Dotted)
            .dashes(&[(0, 0), (0, 56)]);
        assert!(dots.len() >= 9, "{}", dots.len());
    }

    #[test]
    fn wrap_keeps_lines_inside_the_width() {
        let lines = wrap(
            "Press Train: the loss falls here, epoch by epoch.",
            120.0,
            10.0,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 120.0));
        assert_eq!(
            lines.join(" "),
            "Press Train: the loss falls here, epoch by epoch."
        );
    }
}
