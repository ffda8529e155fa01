//! The page's charts, drawn onto any plotters backend: a canvas in the page, SVG in tests.

pub mod data;
pub mod decimate;
pub mod frame;
pub mod heatmap;
pub mod loss;

use crate::number::{fixed, round_scaled};

/// A colour: red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Colours and sizes; `scale` is the device pixel ratio, so lines and text stay crisp on HiDPI.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub grid: Rgb,
    pub line: Rgb,
    pub fit: Rgb,
    pub forecast: Rgb,
    pub highlight: Rgb,
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
            ..Theme::light(scale, font_px)
        }
    }

    /// A length in CSS pixels, in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }
}

/// A short number for axes and the status line: 4 significant digits, no exponent for everyday sizes.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        // m.mm·10^e from 3 significant digits, rounded as `{:.2e}` rounds (log10 may be one off).
        let mut e = libm::floor(libm::log10(a)) as i64;
        let mut m = round_scaled(a, 2 - e);
        if m >= 1000 {
            e += 1;
            m = round_scaled(a, 2 - e);
        } else if m < 100 {
            e -= 1;
            m = round_scaled(a, 2 - e);
        }
        let sign = if v < 0.0 { "-" } else { "" };
        return format!("{sign}{}.{:02}e{e}", m / 100, m % 100);
    }
    let decimals = if a >= 1000.0 {
        0
    } else if a >= 100.0 {
        1
    } else if a >= 10.0 {
        2
    } else if a >= 1.0 {
        3
    } else {
        4
    };
    fixed(v, decimals)
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_numbers() {
        assert_eq!(super::short(56.3149), "56.31");
        assert_eq!(super::short(2008.518), "2009");
        assert_eq!(super::short(0.0012345), "0.0012");
        assert_eq!(super::short(1.5e-5), "1.50e-5");
        assert_eq!(super::short(3.0e9), "3.00e9");
        assert_eq!(super::short(0.0), "0");
        assert_eq!(super::short(-2.5e-7), "-2.50e-7");
        assert_eq!(super::short(9.996e7), "1.00e8");
        assert_eq!(super::short(1e-4), "1.00e-4");
        // Exact ties go to even, as `{:.2e}` does; the tiniest f64 too.
        assert_eq!(super::short(3065000.0), "3.06e6");
        assert_eq!(super::short(8.075e7), "8.08e7");
        assert_eq!(super::short(5e-324), "4.94e-324");
    }
}
