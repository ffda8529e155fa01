//! Numbers to and from decimal text, without the standard library's float parser and formatter.
//!
//! `str::parse::<f64>` is exact for every input, and pays for it with a 10 KB table of powers of
//! five: about a tenth of the page's download; the float formatters (Grisu with a Dragon4
//! fallback, in shortest, fixed and exponent forms) cost as much again. Our parser is exact (correctly rounded) whenever the
//! digits fit in 53 bits and the exponent in ±22, which covers what people type and what Keras
//! writes for a float32 weight once it is cast back to f32. Elsewhere it rounds at most 20 times,
//! so it is within 10 units in the last place of an f64: 50 million times finer than the float32
//! precision the model computes in.

//!
//! Our formatter writes what `{}` and `{:e}` write for an f32: the shortest decimal that reads
//! back as the same f32, found by trying 1, 2, … 9 significant digits (9 always suffice).

use std::fmt;

/// Up to this many significant digits are kept; later ones only move the exponent.
const MAX_DIGITS: u32 = 19;

/// Reads `[+-]digits[.digits][(e|E)[+-]digits]` — the syntax `str::parse::<f64>` takes, apart
/// from its "inf" and "NaN" words. At least one digit is needed before or after the point.
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u64 = 0;
    let mut kept = 0u32;
    // The decimal exponent that `mantissa` must be scaled by.
    let mut exp10: i64 = 0;
    let mut seen_digit = false;
    let mut seen_point = false;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                let digit = (b - b'0') as u64;
                if mantissa == 0 && digit == 0 {
                    // A leading zero: only its place matters.
                    exp10 -= seen_point as i64;
                } else if kept < MAX_DIGITS {
                    mantissa = mantissa * 10 + digit;
                    kept += 1;
                    exp10 -= seen_point as i64;
                } else {
                    // A digit we can't hold (truncating costs < 1e-18 relative): before the
                    // point it still moves the point.
                    exp10 += !seen_point as i64;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        at += 1;
    }
    if !seen_digit {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        let sign = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let start = at;
        let mut e: i64 = 0;
        while let Some(&b @ b'0'..=b'9') = bytes.get(at) {
            // Saturates: 1e999999999 is simply infinite.
            e = (e * 10 + (b - b'0') as i64).min(1_000_000);
            at += 1;
        }
        if at == start {
            return None;
        }
        exp10 += sign * e;
    }
    if at != bytes.len() {
        return None;
    }
    let magnitude = scale(mantissa, exp10);
    Some(if negative { -magnitude } else { magnitude })
}

/// `mantissa · 10^exp10`, rounded once when both fit exactly in an f64 (Clinger's fast path).
fn scale(mantissa: u64, exp10: i64) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if mantissa == 0 {
        return 0.0;
    }
    let mut v = mantissa as f64;
    if mantissa < 1 << 53 && exp10.unsigned_abs() <= 22 {
        let p = EXACT[exp10.unsigned_abs() as usize];
        return if exp10 < 0 { v / p } else { v * p };
    }
    // Far outside the range of an f64: no need to loop a million times.
    let mut e = exp10.clamp(-400, 400);
    while e > 22 {
        v *= 1e22;
        e -= 22;
    }
    while e < -22 {
        // Keeps the value normal as long as possible, so tiny values lose as few bits as we can.
        v /= 1e22;
        e += 22;
    }
    let p = EXACT[e.unsigned_abs() as usize];
    if e < 0 {
        v / p
    } else {
        v * p
    }
}

/// The shortest `(digits, exp)` with `digits · 10^exp` reading back as `v` (finite, non-zero),
/// `digits` without trailing zeros. Of two equally short candidates, the nearer one (the larger
/// if they are equally near).
fn shortest(v: f32) -> (u64, i64) {
    let x = (v as f64).abs();
    // The decimal exponent of x: 10^e <= x < 10^(e+1). log10 can be off by one near a power.
    let mut e = libm::floor(libm::log10(x)) as i64;
    if scale(1, e) > x {
        e -= 1;
    } else if scale(1, e + 1) <= x {
        e += 1;
    }
    let mut best = (0, 0);
    for p in 1..=9 {
        // x · 10^k has p digits before the point.
        let k = p - 1 - e;
        let scaled = if k >= 0 {
            x * scale(1, k)
        } else {
            x / scale(1, -k)
        };
        // A tie between two candidates goes up, as Rust's shortest formatting does.
        let digits = scaled.round() as u64;
        best = (digits, -k);
        if scale(digits, -k) as f32 == x as f32 {
            break;
        }
    }
    while best.0 % 10 == 0 && best.0 != 0 {
        best = (best.0 / 10, best.1 + 1);
    }
    best
}

/// An f32 written as `{}` writes it (shortest round-trip digits, never an exponent), or with
/// `{:#}` as `{:e}` writes it (`1.5e-7`).
pub struct Num(pub f32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v.is_nan() {
            return f.write_str("NaN");
        }
        if v.is_sign_negative() {
            f.write_str("-")?;
        }
        if v.is_infinite() {
            return f.write_str("inf");
        }
        let (digits, exp) = if v == 0.0 { (0, 0) } else { shortest(v) };
        let text = digits.to_string();
        let n = text.len() as i64;
        if f.alternate() {
            let (first, rest) = text.split_at(1);
            f.write_str(first)?;
            if !rest.is_empty() {
                f.write_str(".")?;
                f.write_str(rest)?;
            }
            return write!(f, "e{}", exp + n - 1);
        }
        if exp >= 0 {
            f.write_str(&text)?;
            (0..exp).try_for_each(|_| f.write_str("0"))
        } else if n + exp > 0 {
            let (int, frac) = text.split_at((n + exp) as usize);
            write!(f, "{int}.{frac}")
        } else {
            f.write_str("0.")?;
            (0..-(n + exp)).try_for_each(|_| f.write_str("0"))?;
            f.write_str(&text)
        }
    }
}

/// `v` rounded to `decimals` places (at most 9), trailing zeros dropped: `fixed(2.50, 2)` is
/// "2.5". Ties of the exact binary value go to even, as `{:.N}` does.
pub fn fixed(v: f64, decimals: u32) -> String {
    let p = 10u64.pow(decimals.min(9));
    let scaled = (v.abs() * p as f64).round_ties_even();
    if !scaled.is_finite() || scaled >= u64::MAX as f64 {
        return Num(v as f32).to_string();
    }
    let scaled = scaled as u64;
    let sign = if v < 0.0 && scaled != 0 { "-" } else { "" };
    let (int, frac) = (scaled / p, scaled % p);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!("{frac:0width$}", width = decimals as usize);
    format!("{sign}{int}.{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::{fixed, parse_f64, Num};

    #[test]
    fn writes_what_rust_writes() {
        for v in [
            0.0f32,
            -0.0,
            1.0,
            -3.0,
            90.0,
            0.1,
            0.3,
            1.5e-5,
            123456.79,
            3.4028235e38,
            1e-45,
            1e-7,
            16777216.0,
            0.001,
            56.3149,
            2.5e8,
            f32::MIN_POSITIVE,
            f32::NAN,
            f32::INFINITY,
            -f32::INFINITY,
        ] {
            assert_eq!(Num(v).to_string(), format!("{v}"));
            if v.is_finite() {
                assert_eq!(format!("{:#}", Num(v)), format!("{v:e}"));
            }
        }
    }

    #[test]
    fn fixed_rounds_like_rust() {
        for (v, d) in [
            (56.3149, 2),
            (2008.518, 0),
            (0.0012345, 4),
            (100.25, 1),
            (-0.00001, 2),
            (2.5, 0),
            (-7.125, 2),
        ] {
            let rust = format!("{v:.*}", d as usize);
            let rust = if rust.contains('.') {
                rust.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                rust
            };
            let rust = if rust == "-0" { "0".to_string() } else { rust };
            assert_eq!(fixed(v, d), rust, "{v} to {d}");
        }
    }

    #[test]
    fn reads_what_rust_reads() {
        for text in [
            "0",
            "-0",
            "+5",
            "5.",
            ".5",
            "0.001",
            "1e3",
            "1E-3",
            "12.0",
            "-3.25e+2",
            "007",
            "0.000",
            "90",
            "123456789012345678901234567890",
            "0.1000000000000000055511151231257827",
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "3.4028235e38",
            "1e-45",
            "0.12345678918743134",
            "-0.0000000000000000000000000123",
        ] {
            let want: f64 = text.parse().unwrap();
            let got = parse_f64(text).unwrap();
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            assert!(ulps <= 10, "{text}: {got} vs {want} ({ulps} ulps)");
            assert_eq!(got as f32, text.parse::<f32>().unwrap(), "{text} as f32");
        }
    }

    #[test]
    fn exact_where_people_type() {
        for text in [
            "0.001",
            "0.1",
            "0.3",
            "56.31",
            "-2.5e-7",
            "1e22",
            "9007199254740991",
        ] {
            assert_eq!(parse_f64(text), text.parse().ok(), "{text}");
        }
    }

    #[test]
    fn rejects_what_rust_rejects() {
        for text in [
            "", "-", "+", ".", "e5", "5e", "5e+", "1.2.3", "1,5", "12a", " 1", "inf", "NaN", "--1",
            "0x10", "1e5.5",
        ] {
            assert_eq!(parse_f64(text), None, "{text:?}");
            assert!(text.parse::<f64>().is_err() || text == "inf" || text == "NaN");
        }
    }

    #[test]
    fn huge_and_tiny_exponents_saturate() {
        assert_eq!(parse_f64("1e999999999999"), Some(f64::INFINITY));
        assert_eq!(parse_f64("1e-999999999999"), Some(0.0));
        assert_eq!(parse_f64("0e999999"), Some(0.0));
    }
}
