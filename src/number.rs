//! Decimal text to a number, without the standard library's float parser.
//!
//! `str::parse::<f64>` is exact for every input, and pays for it with a 10 KB table of powers of
//! five: about a tenth of the page's download. Ours is exact (correctly rounded) whenever the
//! digits fit in 53 bits and the exponent in ±22, which covers what people type and what Keras
//! writes for a float32 weight once it is cast back to f32. Elsewhere it rounds at most 20 times,
//! so it is within 10 units in the last place of an f64: 50 million times finer than the float32
//! precision the model computes in.

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

#[cfg(test)]
mod tests {
    use super::parse_f64;

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
