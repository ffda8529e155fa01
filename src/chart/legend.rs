//! A chart's own small legend: inside the plot area, on a background box, in the corner where
//! it hides the fewest lines. Each chart lists only what it actually drew.

use super::frame::{text_width, Drawn, Frame, Label, Pen};
use super::{Rgb, Theme};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend};

/// How an entry's sample looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A short stretch of line in the entry's pen.
    Line,
    /// A line with a dot on it, for series drawn with dots (the forecast).
    Dot,
    /// A filled patch, for shaded bands.
    Band,
}

/// One line of the legend.
#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    pub pen: Pen,
    pub mark: Mark,
}

impl Entry {
    pub fn line(label: &str, pen: Pen) -> Entry {
        Entry {
            label: label.to_string(),
            pen,
            mark: Mark::Line,
        }
    }

    pub fn dot(label: &str, pen: Pen) -> Entry {
        Entry {
            mark: Mark::Dot,
            ..Entry::line(label, pen)
        }
    }

    pub fn band(label: &str, colour: Rgb) -> Entry {
        Entry {
            mark: Mark::Band,
            ..Entry::line(label, Pen::new(colour, 1))
        }
    }
}

/// A rectangle in device pixels: left, top, right, bottom.
pub type Rect = (i32, i32, i32, i32);

/// Where the legend goes and where each entry's sample and text start.
pub struct Placed {
    pub rect: Rect,
    pub entries: Vec<BackendCoord>,
}

/// Sizes in device pixels: padding inside the box, row height, sample width, sample–text gap,
/// space between entries that share a row.
struct Metrics {
    font: f64,
    pad: i32,
    row: i32,
    sample: i32,
    gap: i32,
    between: i32,
}

impl Metrics {
    fn of(theme: &Theme) -> Metrics {
        let font = theme.font();
        Metrics {
            font,
            pad: (font * 0.45).round() as i32,
            row: (font * 1.35).round() as i32,
            sample: (font * 1.8).round() as i32,
            gap: (font * 0.4).round() as i32,
            between: font.round() as i32,
        }
    }
}

/// The height to keep above a `size` chart's plot for its legend, or 0 when the legend fits
/// inside the plot without hiding much of it (a small plot, large text: a phone, a projector).
pub fn room_above(size: (u32, u32), entries: &[Entry], theme: &Theme) -> i32 {
    if entries.is_empty() {
        return 0;
    }
    let m = Metrics::of(theme);
    // The plot is about the chart less 6 characters' width of y labels and 4.5 lines below.
    let plot_w = size.0 as f64 - 6.0 * m.font;
    let plot_h = size.1 as f64 - 4.5 * m.font;
    let (w, h) = stacked_size(entries, &m);
    let (w, h) = (w as f64, h as f64);
    if plot_w > 0.0
        && plot_h > 0.0
        && w <= 0.6 * plot_w
        && h <= 0.6 * plot_h
        && w * h <= 0.2 * plot_w * plot_h
    {
        return 0;
    }
    room_on_top(size, entries, theme)
}

/// The height a legend takes above a `size` chart's plot, its entries side by side.
pub fn room_on_top(size: (u32, u32), entries: &[Entry], theme: &Theme) -> i32 {
    let m = Metrics::of(theme);
    let outer = theme.px(8.0) as i32;
    let (_, rows_h) = flow(entries, &m, size.0 as i32 - 2 * outer);
    rows_h + theme.px(4.0) as i32
}

/// Whether the legend, in the best place inside `frame`'s plot, would still hide part of a line
/// (a chart whose lines fill the plot: then it belongs above).
pub fn hides(frame: &Frame, entries: &[Entry], theme: &Theme, lines: &[Vec<BackendCoord>]) -> bool {
    let rect = place(frame, entries, theme, lines, &[], false).rect;
    lines
        .iter()
        .flat_map(|line| line.windows(2))
        .any(|w| clipped(w[0], w[1], rect) > 0.0)
}

fn entry_width(e: &Entry, m: &Metrics) -> i32 {
    m.sample + m.gap + text_width(&e.label, m.font).ceil() as i32
}

/// The box of one entry a row.
fn stacked_size(entries: &[Entry], m: &Metrics) -> (i32, i32) {
    let widest = entries.iter().map(|e| entry_width(e, m)).max().unwrap_or(0);
    (widest + 2 * m.pad, m.row * entries.len() as i32 + 2 * m.pad)
}

/// Entries side by side, wrapping at `width`: each one's offset, and the rows' height.
fn flow(entries: &[Entry], m: &Metrics, width: i32) -> (Vec<BackendCoord>, i32) {
    let (mut x, mut y) = (0, 0);
    let mut offsets = Vec::with_capacity(entries.len());
    for e in entries {
        let w = entry_width(e, m);
        if x > 0 && x + w > width {
            x = 0;
            y += m.row;
        }
        offsets.push((x, y));
        x += w + m.between;
    }
    (offsets, if entries.is_empty() { 0 } else { y + m.row })
}

/// Lays the legend out. `above`: in the room kept above the plot (see `room_above`), entries
/// side by side. Otherwise one entry a row in a box inside the plot, in the corner (or the
/// middle of the top or bottom edge) where it hides the least: never a label in `labels`, and
/// the shortest length of the chart's `lines` (polylines in pixels).
pub fn place(
    frame: &Frame,
    entries: &[Entry],
    theme: &Theme,
    lines: &[Vec<BackendCoord>],
    labels: &[Rect],
    above: bool,
) -> Placed {
    let m = Metrics::of(theme);
    if above {
        let outer = theme.px(8.0) as i32;
        let width = frame.size.0 as i32 - 2 * outer;
        let (offsets, rows_h) = flow(entries, &m, width);
        return Placed {
            rect: (outer, outer, outer + width, outer + rows_h),
            entries: offsets
                .into_iter()
                .map(|(x, y)| (outer + x, outer + y))
                .collect(),
        };
    }
    let inset = theme.px(6.0) as i32;
    let (bw, bh) = stacked_size(entries, &m);
    let (l, r) = (frame.left + inset, frame.right - inset - bw);
    let (t, b) = (frame.top + inset, frame.bottom - inset - bh);
    let centre = (frame.left + frame.right - bw) / 2;
    let corners = [(r, t), (l, t), (centre, t), (r, b), (l, b), (centre, b)];
    let cost = |&(x, y): &(i32, i32)| {
        let rect = (x, y, x + bw, y + bh);
        let hidden: f64 = lines
            .iter()
            .flat_map(|line| line.windows(2))
            .map(|w| clipped(w[0], w[1], rect))
            .sum();
        let covered = labels.iter().filter(|l| meet(**l, rect)).count();
        hidden + 1e9 * covered as f64
    };
    // The first place that hides the least.
    let (left, top) = corners
        .iter()
        .fold((corners[0], f64::INFINITY), |best, c| {
            let n = cost(c);
            if n < best.1 {
                (*c, n)
            } else {
                best
            }
        })
        .0;
    Placed {
        rect: (left, top, left + bw, top + bh),
        entries: (0..entries.len() as i32)
            .map(|i| (left + m.pad, top + m.pad + i * m.row))
            .collect(),
    }
}

/// Draws the legend of `entries` (nothing if there are none); see `place`.
pub fn draw<DB: DrawingBackend>(
    backend: &mut DB,
    frame: &Frame,
    entries: &[Entry],
    theme: &Theme,
    lines: &[Vec<BackendCoord>],
    labels: &[Rect],
    above: bool,
) -> Drawn<DB> {
    if entries.is_empty() {
        return Ok(());
    }
    let placed = place(frame, entries, theme, lines, labels, above);
    if !above {
        let (l, t, r, b) = placed.rect;
        backend.draw_rect(
            (l, t),
            (r, b),
            &Pen::new(theme.background, 1).alpha(0.9),
            true,
        )?;
        backend.draw_rect((l, t), (r, b), &Pen::new(theme.grid, 1), false)?;
    }
    draw_entries(backend, entries, theme, &placed.entries)
}

/// Whether `entries` fit side by side in one row `width` pixels wide.
pub fn fits_in_a_row(entries: &[Entry], theme: &Theme, width: i32) -> bool {
    let m = Metrics::of(theme);
    width > 0 && flow(entries, &m, width).1 <= m.row
}

/// Draws `entries` side by side in one row from `left`, centred on `middle` (see
/// [`fits_in_a_row`]).
pub fn draw_row<DB: DrawingBackend>(
    backend: &mut DB,
    entries: &[Entry],
    theme: &Theme,
    (left, middle): BackendCoord,
) -> Drawn<DB> {
    let m = Metrics::of(theme);
    let (offsets, _) = flow(entries, &m, i32::MAX);
    let at: Vec<BackendCoord> = offsets
        .into_iter()
        .map(|(x, _)| (left + x, middle - m.row / 2))
        .collect();
    draw_entries(backend, entries, theme, &at)
}

/// Each entry's sample and text, its row's top left at its place.
fn draw_entries<DB: DrawingBackend>(
    backend: &mut DB,
    entries: &[Entry],
    theme: &Theme,
    places: &[BackendCoord],
) -> Drawn<DB> {
    let m = Metrics::of(theme);
    let text = Label::new(theme, HPos::Left, VPos::Center);
    for (e, &(x, y)) in entries.iter().zip(places) {
        let mid = y + m.row / 2;
        match e.mark {
            Mark::Band => {
                let half = (m.font * 0.4) as i32;
                let (a, b) = ((x, mid - half), (x + m.sample, mid + half));
                backend.draw_rect(a, b, &Pen::new(e.pen.colour, 1), true)?;
                backend.draw_rect(a, b, &Pen::new(theme.grid, 1), false)?;
            }
            Mark::Line | Mark::Dot => {
                // Lines, not polylines, so a legend sample is never taken for a curve.
                for piece in e.pen.dashes(&[(x, mid), (x + m.sample, mid)]) {
                    for w in piece.windows(2) {
                        backend.draw_line(w[0], w[1], &e.pen)?;
                    }
                }
                if e.mark == Mark::Dot {
                    let r = theme.px(3.5);
                    backend.draw_circle((x + m.sample / 2, mid), r, &e.pen, true)?;
                }
            }
        }
        backend.draw_text(&e.label, &text, (x + m.sample + m.gap, mid))?;
    }
    Ok(())
}

/// Whether two rectangles share any pixel.
pub fn meet(a: Rect, b: Rect) -> bool {
    a.0 <= b.2 && b.0 <= a.2 && a.1 <= b.3 && b.1 <= a.3
}

/// How long a stretch of the segment a–b lies in the rectangle (Liang–Barsky clipping).
fn clipped(a: BackendCoord, b: BackendCoord, (l, t, r, bt): Rect) -> f64 {
    let (x0, y0) = (a.0 as f64, a.1 as f64);
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - l as f64),
        (dx, r as f64 - x0),
        (-dy, y0 - t as f64),
        (dy, bt as f64 - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return 0.0;
            }
        } else {
            let s = q / p;
            if p < 0.0 {
                lo = lo.max(s);
            } else {
                hi = hi.min(s);
            }
        }
    }
    if lo <= hi {
        // A point (a segment of no length) inside still counts a little.
        libm::hypot(dx, dy).max(1.0) * (hi - lo).max(1e-3)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_inside_a_box() {
        let rect = (10, 10, 20, 20);
        assert_eq!(clipped((0, 15), (30, 15), rect), 10.0, "straight through");
        assert!(
            (clipped((12, 12), (14, 14), rect) - 8f64.sqrt()).abs() < 1e-9,
            "inside"
        );
        assert_eq!(clipped((0, 0), (30, 5), rect), 0.0, "above");
        assert_eq!(clipped((0, 30), (30, 25), rect), 0.0, "below");
        assert!(
            (clipped((0, 0), (30, 30), rect) - 200f64.sqrt()).abs() < 1e-9,
            "diagonal"
        );
        assert_eq!(
            clipped((0, 20), (10, 30), (11, 10, 20, 20)),
            0.0,
            "past the corner"
        );
        assert!(meet((0, 0, 5, 5), (5, 5, 9, 9)) && !meet((0, 0, 5, 5), (6, 0, 9, 9)));
    }
}
