//! The page's charts, drawn onto any plotters backend: a canvas in the page, SVG in tests.
//!
//! Each colour means one thing on every chart: `line` the sequence and the training loss, `fit`
//! the model's one-step-ahead fit, `forecast` the forecast, `rolled` the forecast rolled forward
//! on its own predictions, `val` the held-out loss, `runs` the kept runs.

pub mod arena;
pub mod data;
pub mod decimate;
pub mod frame;
pub mod grads;
pub mod heatmap;
pub mod legend;
pub mod loss;
pub mod network;

/// A colour: red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Colours and sizes; `scale` is the device pixel ratio, so lines and text stay crisp on HiDPI,
/// and `font_px` the text size in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub grid: Rgb,
    /// The sequence, and the current run's training loss.
    pub line: Rgb,
    /// The model's one-step-ahead fit.
    pub fit: Rgb,
    pub forecast: Rgb,
    /// A plain highlight tint (the window bands use `x_band` and `y_band`).
    pub highlight: Rgb,
    /// The forecast rolled forward on the model's own predictions.
    pub rolled: Rgb,
    /// The held-out (validation) loss.
    pub val: Rgb,
    /// The highlighted window's inputs X and its targets y.
    pub x_band: Rgb,
    pub y_band: Rgb,
    /// The held-out stretch at the end of the sequence.
    pub held_out: Rgb,
    /// Kept runs on the loss chart (Okabe–Ito colours: orange, sky blue, bluish green, grey).
    pub runs: [Rgb; 4],
    /// A table's series, each in its panel: the first is `line`, the rest distinct from the
    /// fit's orange and the forecast's green.
    pub series: [Rgb; 6],
    pub font_px: f64,
    pub scale: f64,
}

impl Theme {
    pub fn light(scale: f64, font_px: f64) -> Theme {
        Theme {
            background: Rgb(255, 255, 255),
            text: Rgb(34, 34, 34),
            grid: Rgb(225, 228, 232),
            line: Rgb(31, 95, 191),
            fit: Rgb(214, 94, 0),
            forecast: Rgb(0, 140, 70),
            highlight: Rgb(255, 236, 179),
            rolled: Rgb(138, 63, 252),
            val: Rgb(170, 51, 119),
            x_band: Rgb(214, 232, 252),
            y_band: Rgb(255, 226, 178),
            held_out: Rgb(236, 236, 240),
            runs: [
                Rgb(200, 130, 0),
                Rgb(52, 150, 210),
                Rgb(0, 150, 110),
                Rgb(110, 110, 110),
            ],
            series: [
                Rgb(31, 95, 191),
                Rgb(120, 70, 170),
                Rgb(0, 120, 130),
                Rgb(140, 90, 40),
                Rgb(170, 51, 119),
                Rgb(90, 100, 115),
            ],
            font_px,
            scale,
        }
    }

    pub fn dark(scale: f64, font_px: f64) -> Theme {
        Theme {
            background: Rgb(24, 26, 31),
            text: Rgb(230, 230, 230),
            grid: Rgb(58, 62, 70),
            line: Rgb(110, 168, 255),
            fit: Rgb(255, 150, 70),
            forecast: Rgb(80, 220, 140),
            highlight: Rgb(80, 70, 30),
            rolled: Rgb(185, 150, 255),
            val: Rgb(235, 120, 190),
            x_band: Rgb(28, 52, 84),
            y_band: Rgb(84, 60, 22),
            held_out: Rgb(42, 44, 52),
            runs: [
                Rgb(240, 180, 60),
                Rgb(120, 200, 245),
                Rgb(60, 200, 160),
                Rgb(170, 170, 170),
            ],
            series: [
                Rgb(110, 168, 255),
                Rgb(190, 150, 255),
                Rgb(70, 200, 210),
                Rgb(215, 170, 110),
                Rgb(235, 120, 190),
                Rgb(170, 180, 195),
            ],
            ..Theme::light(scale, font_px)
        }
    }

    /// A length in CSS pixels, in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// The text size in device pixels.
    pub fn font(&self) -> f64 {
        self.font_px * self.scale
    }
}

/// `a` moved towards `b` by `w` in [0, 1].
pub fn mix(a: Rgb, b: Rgb, w: f32) -> Rgb {
    let w = if w.is_finite() {
        w.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let m = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * w).round() as u8;
    Rgb(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

#[cfg(test)]
mod tests {
    #[test]
    fn mixing() {
        let (a, b) = (super::Rgb(0, 100, 200), super::Rgb(200, 100, 0));
        assert_eq!(super::mix(a, b, 0.5), super::Rgb(100, 100, 100));
        assert_eq!(super::mix(a, b, f32::NAN), a);
    }
}
