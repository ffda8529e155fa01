//! The hidden state of one window as a grid: a row per unit, a column per time step.

use super::frame::{clear, Axes, Drawn, Frame, Margins, Pen};
use super::{short, Rgb, Theme};
use plotters_backend::DrawingBackend;

/// Draws `hs` (T+1, H; row 0 is h_0 = 0 and is skipped). Values map to a diverging scale around
/// zero; `dead` units are grey with a cross; column `t` (1-based) is outlined.
pub fn draw<DB: DrawingBackend>(
    backend: &mut DB,
    hs: &[f32],
    units: usize,
    dead: &[bool],
    t: usize,
    theme: &Theme,
) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let steps = (hs.len() / units.max(1)).saturating_sub(1);
    if steps == 0 || units == 0 {
        return backend.present();
    }
    let scale = hs.iter().fold(
        0.0f32,
        |a, v| if v.is_finite() { a.max(v.abs()) } else { a },
    );
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let margins = Margins {
        outer: 6.0,
        right: 6.0,
        x_labels: 30.0,
        y_labels: 46.0,
    };
    // Unit 0 at the top: the y range runs downwards.
    let x = (0.5, steps as f64 + 0.5);
    let frame = Frame::new(size, &margins, theme, x, (units as f64 - 0.5, -0.5));
    let whole = |v: f64| short(v.round());
    let axes = Axes {
        x_title: "time step t",
        y_title: "unit",
        x_ticks: steps.min(12),
        y_ticks: units.min(10),
        x_whole: true,
        y_whole: true,
        grid: false,
        x_label: &whole,
        y_label: &whole,
    };
    let grey = Rgb(150, 150, 150);
    for step in 1..=steps {
        for j in 0..units {
            let v = hs[step * units + j];
            let colour = if dead.get(j).copied().unwrap_or(false) {
                grey
            } else {
                diverging(v / scale, theme)
            };
            let (x, y) = (step as f64, j as f64);
            let top_left = frame.at((x - 0.5, y - 0.5));
            let bottom_right = frame.at((x + 0.5, y + 0.5));
            backend.draw_rect(top_left, bottom_right, &Pen(colour, 1), true)?;
        }
    }
    for (j, _) in dead.iter().enumerate().filter(|(_, &d)| d) {
        let y = j as f64;
        let (a, b) = ((0.5, y - 0.4), (steps as f64 + 0.5, y + 0.4));
        let cross = Pen(theme.background, 1);
        backend.draw_line(frame.at(a), frame.at(b), &cross)?;
        backend.draw_line(frame.at((a.0, b.1)), frame.at((b.0, a.1)), &cross)?;
    }
    if (1..=steps).contains(&t) {
        let x = t as f64;
        let top_left = frame.at((x - 0.5, -0.5));
        let bottom_right = frame.at((x + 0.5, units as f64 - 0.5));
        let outline = Pen(theme.text, theme.px(2.0));
        backend.draw_rect(top_left, bottom_right, &outline, false)?;
    }
    frame.draw_axes(backend, &axes, theme)?;
    backend.present()
}

/// Blue for negative, the background at zero, orange for positive; `v` in [−1, 1].
fn diverging(v: f32, theme: &Theme) -> Rgb {
    let v = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (to, w) = if v < 0.0 {
        (Rgb(31, 95, 191), -v)
    } else {
        (Rgb(214, 94, 0), v)
    };
    let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * w).round() as u8;
    let bg = theme.background;
    Rgb(mix(bg.0, to.0), mix(bg.1, to.1), mix(bg.2, to.2))
}
