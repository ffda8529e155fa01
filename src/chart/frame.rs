//! A chart's plot area, its axes, and the pen and label styles, drawn straight onto a plotters
//! backend. We skip plotters' own chart builder: it was a third of the page's download.

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

/// A line colour and its width in device pixels.
pub struct Pen(pub Rgb, pub u32);

impl BackendStyle for Pen {
    fn color(&self) -> BackendColor {
        self.0.into()
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}

/// Text in the theme's font and colour, placed by `anchor`; `upright` text reads bottom to top.
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
            size: theme.font_px * theme.scale,
            anchor: Pos::new(h, v),
            upright: false,
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
        let width = (text.chars().count() as f64 * self.size * 0.55) as i32;
        Ok(((0, 0), (width, self.size as i32)))
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

/// Readies the backend and fills it with the theme's background; returns its size in pixels.
pub fn clear<DB: DrawingBackend>(
    backend: &mut DB,
    theme: &Theme,
) -> Result<(u32, u32), DrawingErrorKind<DB::ErrorType>> {
    backend.ensure_prepared()?;
    let size = backend.get_size();
    let full = (size.0 as i32, size.1 as i32);
    backend.draw_rect((0, 0), full, &Pen(theme.background, 1), true)?;
    Ok(size)
}

/// Space around the plot area, in CSS pixels: the outer margin, the right margin, and the bands
/// that hold the x axis's and the y axis's labels.
pub struct Margins {
    pub outer: f64,
    pub right: f64,
    pub x_labels: f64,
    pub y_labels: f64,
}

/// The plot area in device pixels and the data ranges it shows; `y` may run downwards (lo > hi).
pub struct Frame {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Frame {
    pub fn new(
        size: (u32, u32),
        m: &Margins,
        theme: &Theme,
        x: (f64, f64),
        y: (f64, f64),
    ) -> Frame {
        let px = |css: f64| theme.px(css) as i32;
        let (w, h) = (size.0 as i32, size.1 as i32);
        let left = px(m.outer) + px(m.y_labels);
        let top = px(m.outer);
        Frame {
            left,
            top,
            right: (w - px(m.right)).max(left + 1),
            bottom: (h - px(m.outer) - px(m.x_labels)).max(top + 1),
            x,
            y,
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

    /// Axes with tick labels, the axis titles, and (if `grid`) a light line at every tick.
    pub fn draw_axes<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        axes: &Axes,
        theme: &Theme,
    ) -> Drawn<DB> {
        let tick = theme.px(5.0) as i32;
        let gap = theme.px(3.0) as i32;
        let grid = Pen(theme.grid, 1);
        let ink = Pen(theme.text, 1);
        let (x_lo, x_hi) = (self.x.0.min(self.x.1), self.x.0.max(self.x.1));
        let below = Label::new(theme, HPos::Center, VPos::Top);
        for v in ticks(x_lo, x_hi, axes.x_ticks, axes.x_whole) {
            let (x, _) = self.at((v, self.y.0));
            if axes.grid {
                backend.draw_line((x, self.top), (x, self.bottom), &grid)?;
            }
            backend.draw_line((x, self.bottom), (x, self.bottom + tick), &ink)?;
            backend.draw_text(&(axes.x_label)(v), &below, (x, self.bottom + tick + gap))?;
        }
        let (y_lo, y_hi) = (self.y.0.min(self.y.1), self.y.0.max(self.y.1));
        let beside = Label::new(theme, HPos::Right, VPos::Center);
        for v in ticks(y_lo, y_hi, axes.y_ticks, axes.y_whole) {
            let (_, y) = self.at((self.x.0, v));
            if axes.grid {
                backend.draw_line((self.left, y), (self.right, y), &grid)?;
            }
            backend.draw_line((self.left - tick, y), (self.left, y), &ink)?;
            backend.draw_text(&(axes.y_label)(v), &beside, (self.left - tick - gap, y))?;
        }
        backend.draw_line((self.left, self.top), (self.left, self.bottom), &ink)?;
        backend.draw_line((self.left, self.bottom), (self.right, self.bottom), &ink)?;
        let (_, h) = backend.get_size();
        let title = Label::new(theme, HPos::Center, VPos::Bottom);
        let middle = (self.left + self.right) / 2;
        backend.draw_text(axes.x_title, &title, (middle, h as i32 - gap))?;
        if !axes.y_title.is_empty() {
            let side = Label {
                upright: true,
                anchor: Pos::new(HPos::Center, VPos::Top),
                ..title
            };
            backend.draw_text(axes.y_title, &side, (gap, (self.top + self.bottom) / 2))?;
        }
        Ok(())
    }
}

/// What the axes say: titles, at most how many ticks, whether ticks fall on whole numbers only,
/// and how a tick's value is written.
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

#[cfg(test)]
mod tests {
    use super::ticks;

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
}
