//! The hidden state of one window as a grid: a row per unit, a column per time step.

use super::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws `hs` (T+1, H; row 0 is h_0 = 0 and is skipped). Values map to a diverging scale around
/// zero; `dead` units are grey with a cross; column `t` (1-based) is outlined.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    hs: &[f32],
    units: usize,
    dead: &[bool],
    t: usize,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let steps = (hs.len() / units.max(1)).saturating_sub(1);
    if steps == 0 || units == 0 {
        return root.present();
    }
    let text = TextStyle::from(theme.font()).color(&theme.text);
    let scale = hs.iter().fold(
        0.0f32,
        |a, v| if v.is_finite() { a.max(v.abs()) } else { a },
    );
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(theme.px(6.0))
        .x_label_area_size(theme.px(30.0))
        .y_label_area_size(theme.px(46.0))
        .build_cartesian_2d(0.5..(steps as f64 + 0.5), (units as f64 - 0.5)..-0.5)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("time step t")
        .y_desc("unit")
        .x_labels(steps.min(12))
        .y_labels(units.min(10))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| format!("{}", v.round() as i64))
        .label_style(text.clone())
        .axis_desc_style(text)
        .axis_style(theme.text)
        .draw()?;
    let grey = RGBColor(150, 150, 150);
    let cells = (1..=steps).flat_map(|step| (0..units).map(move |j| (step, j)));
    chart.draw_series(cells.map(|(step, j)| {
        let v = hs[step * units + j];
        let colour = if dead.get(j).copied().unwrap_or(false) {
            grey
        } else {
            diverging(v / scale, theme)
        };
        let (x, y) = (step as f64, j as f64);
        Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], colour.filled())
    }))?;
    let dead_marks = dead.iter().enumerate().filter(|(_, &d)| d).map(|(j, _)| j);
    chart.draw_series(dead_marks.flat_map(|j| {
        let y = j as f64;
        [
            PathElement::new(
                [(0.5, y - 0.4), (steps as f64 + 0.5, y + 0.4)],
                theme.background,
            ),
            PathElement::new(
                [(0.5, y + 0.4), (steps as f64 + 0.5, y - 0.4)],
                theme.background,
            ),
        ]
    }))?;
    if (1..=steps).contains(&t) {
        let x = t as f64;
        chart.draw_series([Rectangle::new(
            [(x - 0.5, -0.5), (x + 0.5, units as f64 - 0.5)],
            theme.text.stroke_width(theme.px(2.0)),
        )])?;
    }
    root.present()
}

/// Blue for negative, the background at zero, orange for positive; `v` in [−1, 1].
fn diverging(v: f32, theme: &Theme) -> RGBColor {
    let v = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (to, w) = if v < 0.0 {
        (RGBColor(31, 95, 191), -v)
    } else {
        (RGBColor(214, 94, 0), v)
    };
    let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * w).round() as u8;
    let bg = theme.background;
    RGBColor(mix(bg.0, to.0), mix(bg.1, to.1), mix(bg.2, to.2))
}
