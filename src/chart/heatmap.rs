//! Values over one window as a grid, a row per unit and a column per time step (the hidden
//! state h_t, or a gate's activations), with its colour scale.

use super::frame::{clear, outline, text_width, Axes, Drawn, Frame, Label, Pen, Room};
use super::{mix, Rgb, Theme};
use crate::format::short;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeatScale {
    /// Around 0: blue below, red above, the background at 0; symmetric, by the largest |value|.
    Diverging,
    /// From 0 (the background) to 1: gate activations σ(·).
    Unit,
}

/// What the heatmap shows. `values` is (rows, units) row-major: row r is time step
/// `first_step + r` (h_0 is not passed: `first_step` is 1 for h_1 … h_T).
pub struct HeatmapView<'a> {
    pub values: &'a [f32],
    /// Time steps shown.
    pub rows: usize,
    pub units: usize,
    /// The label of row 0.
    pub first_step: usize,
    /// Units that never activate (relu's dead units), marked ✕ and greyed.
    pub dead: &'a [bool],
    /// The time step to outline, in the same numbering as `first_step`.
    pub selected: usize,
    pub title: &'a str,
    pub scale: HeatScale,
}

/// The largest finite |value|, or 1 if there is none (so the scale never divides by 0).
pub fn max_abs(values: &[f32]) -> f32 {
    let m = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |a, v| a.max(v.abs()));
    if m > 0.0 {
        m
    } else {
        1.0
    }
}

/// The colour of `v` on `scale`; `max` is the diverging scale's end (ignored for `Unit`).
pub fn colour(v: f32, scale: HeatScale, max: f32, theme: &Theme) -> Rgb {
    let v = if v.is_finite() { v } else { 0.0 };
    let dark = theme.background.0 < 128;
    match scale {
        HeatScale::Diverging => {
            let w = (v / max).clamp(-1.0, 1.0);
            let (blue, red) = if dark {
                (Rgb(90, 160, 240), Rgb(240, 100, 90))
            } else {
                (Rgb(33, 102, 172), Rgb(178, 24, 43))
            };
            mix(theme.background, if w < 0.0 { blue } else { red }, w.abs())
        }
        HeatScale::Unit => {
            let to = if dark {
                Rgb(120, 220, 200)
            } else {
                Rgb(0, 105, 95)
            };
            mix(theme.background, to, v.clamp(0.0, 1.0))
        }
    }
}

/// The grey of a dead unit's cells.
pub const DEAD: Rgb = Rgb(150, 150, 150);

/// Draws the grid, a thick outline round the selected step, dead units greyed, hatched and
/// marked ✕ to the right of their row, and the colour scale with its end values.
pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &HeatmapView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let (rows, units) = (view.rows, view.units);
    if rows == 0 || units == 0 || view.values.len() < rows * units {
        return backend.present();
    }
    let font = theme.font();
    let gap = theme.px(3.0) as i32;
    let max = max_abs(view.values);
    let ends: [String; 3] = match view.scale {
        HeatScale::Diverging => [short(max as f64), "0".into(), short(-max as f64)],
        HeatScale::Unit => ["1".into(), "0.5".into(), "0".into()],
    };
    let is_dead = |j: usize| view.dead.get(j).copied().unwrap_or(false);
    let any_dead = (0..units).any(is_dead);
    let mark = (font * 0.7).max(theme.px(7.0) as f64) as i32;
    let dead_column = if any_dead { mark + 2 * gap } else { 0 };
    let bar = theme.px(10.0) as i32;
    let widest = ends.iter().map(|s| text_width(s, font)).fold(0.0, f64::max) as i32;
    let room = Room {
        top: if view.title.is_empty() {
            0
        } else {
            font.ceil() as i32 + 2 * gap
        },
        right: dead_column + 3 * gap + bar + 2 * gap + widest,
    };
    let first = view.first_step as f64;
    // Unit 0 at the top: the y range runs downwards.
    let x = (first - 0.5, first + rows as f64 - 0.5);
    let whole = |v: f64| short(v.round());
    let axes = Axes {
        x_title: "time step t",
        y_title: "unit",
        x_ticks: rows.min(12),
        y_ticks: units.min(10),
        x_whole: true,
        y_whole: true,
        grid: false,
        x_label: &whole,
        y_label: &whole,
    };
    let frame = Frame::new(size, theme, x, (units as f64 - 0.5, -0.5), &axes, room);
    let cell = |r: usize, j: usize| {
        let (x, y) = (first + r as f64, j as f64);
        (frame.at((x - 0.5, y - 0.5)), frame.at((x + 0.5, y + 0.5)))
    };
    for r in 0..rows {
        for j in 0..units {
            let v = view.values[r * units + j];
            let c = if is_dead(j) {
                DEAD
            } else {
                colour(v, view.scale, max, theme)
            };
            let (a, b) = cell(r, j);
            backend.draw_rect(a, b, &Pen::new(c, 1), true)?;
        }
    }
    let ink = Pen::new(theme.text, theme.px(2.0));
    for j in (0..units).filter(|&j| is_dead(j)) {
        let ((_, top), (_, bottom)) = cell(0, j);
        let h = bottom - top;
        if h >= theme.px(4.0) as i32 {
            // Hatching across the row, in the text colour.
            let hatch = Pen::new(theme.text, theme.px(1.0)).alpha(0.45);
            let step = h.max(theme.px(6.0) as i32);
            let mut x = frame.left;
            while x + h <= frame.right {
                backend.draw_line((x, bottom), (x + h, top), &hatch)?;
                x += step;
            }
        }
        let (cx, cy) = (frame.right + gap + mark / 2, (top + bottom) / 2);
        let half = mark / 2;
        backend.draw_line((cx - half, cy - half), (cx + half, cy + half), &ink)?;
        backend.draw_line((cx - half, cy + half), (cx + half, cy - half), &ink)?;
    }
    let selected = view.selected.wrapping_sub(view.first_step);
    if selected < rows {
        let (a, _) = cell(selected, 0);
        let (_, b) = cell(selected, units - 1);
        outline(backend, (a.0, a.1, b.0, b.1), &ink)?;
    }
    frame.draw_axes(backend, &axes, theme)?;

    // The colour scale: top is the largest value.
    let left = frame.right + dead_column + 3 * gap;
    let (top, bottom) = (frame.top, frame.bottom);
    let slices = 48;
    for k in 0..slices {
        let t0 = top + (bottom - top) * k / slices;
        let t1 = top + (bottom - top) * (k + 1) / slices;
        let f = 1.0 - (k as f32 + 0.5) / slices as f32;
        let v = match view.scale {
            HeatScale::Diverging => (2.0 * f - 1.0) * max,
            HeatScale::Unit => f,
        };
        let c = colour(v, view.scale, max, theme);
        backend.draw_rect(
            (left, t0),
            (left + bar, t1.max(t0 + 1)),
            &Pen::new(c, 1),
            true,
        )?;
    }
    backend.draw_rect(
        (left, top),
        (left + bar, bottom),
        &Pen::new(theme.text, 1),
        false,
    )?;
    let at = |v| Label::new(theme, HPos::Left, v);
    let x = left + bar + 2 * gap;
    backend.draw_text(&ends[0], &at(VPos::Top), (x, top))?;
    if (bottom - top) as f64 > 3.5 * font {
        backend.draw_text(&ends[1], &at(VPos::Center), (x, (top + bottom) / 2))?;
    }
    backend.draw_text(&ends[2], &at(VPos::Bottom), (x, bottom))?;
    if !view.title.is_empty() {
        let title = Label::new(theme, HPos::Left, VPos::Top);
        backend.draw_text(
            view.title,
            &title,
            (theme.px(8.0) as i32, theme.px(8.0) as i32),
        )?;
    }
    backend.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_run_from_the_background() {
        let t = Theme::light(1.0, 12.0);
        assert_eq!(colour(0.0, HeatScale::Diverging, 2.0, &t), t.background);
        assert_eq!(colour(0.0, HeatScale::Unit, 1.0, &t), t.background);
        let (neg, pos) = (
            colour(-2.0, HeatScale::Diverging, 2.0, &t),
            colour(2.0, HeatScale::Diverging, 2.0, &t),
        );
        assert!(neg.2 > neg.0 && pos.0 > pos.2, "blue below, red above");
        assert_eq!(
            colour(5.0, HeatScale::Unit, 1.0, &t),
            colour(1.0, HeatScale::Unit, 1.0, &t)
        );
        assert_eq!(max_abs(&[f32::NAN, -0.5, 0.25]), 0.5);
        assert_eq!(max_abs(&[0.0]), 1.0);
    }
}
