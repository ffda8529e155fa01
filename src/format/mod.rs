//! Numbers as the page writes them (`short`, `group`, `fixed`, subscripts) and reads them: to and
//! from decimal text, without the standard library's float parser and formatters.
//!
//! `str::parse` is exact for every input, and pays for it with a 10 KB table of powers of five,
//! about a tenth of the page's download; the float formatters (Grisu with a Dragon4 fallback, in
//! shortest, fixed and exponent forms) cost a few KB more. Here f64 arithmetic does the work, and
//! the rare values it can't settle (a decimal within a few units in the last place of a rounding
//! boundary) are decided exactly with a small big-integer comparison:
//!
//! - [`parse_f32`] gives exactly what `str::parse::<f32>` gives (the sequence, the settings);
//! - [`parse_f64`] is correctly rounded when the digits fit in 53 bits and the exponent in ±22,
//!   and otherwise within 10 units in the last place of an f64 (Keras's JSON weights: 17 digits
//!   of a float32, which always come back as that float32);
//! - [`Num`] writes an f32 as `{}` and `{:e}` do: the shortest decimal that reads back as it;
//! - [`fixed`] and [`round_scaled`] round as `{:.N}` does, ties to even on the exact value.
//!
//! Checked against the standard library by property tests (`tests/fuzz.rs`) and, for `Num` and
//! `parse_f32`, on every f32 (`tests/number_exhaustive.rs`, run by hand).

mod exact;

use exact::shortest;
pub use exact::{parse_f32, parse_f64, round_scaled};
use std::fmt;

/// Writes 100000 as "100,000", the way the page shows counts. Takes any whole number type, so a
/// u64 is not cut to wasm32's 32-bit usize on the way.
pub fn group(n: impl std::fmt::Display) -> String {
    group_digits(&n.to_string())
}

/// [`group`] past the number's type: one copy of the loop, not one per type.
fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `parts.join(sep)`, written out: std's `join` is a kilobyte of wasm per element type, this
/// a tenth of that.
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
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

/// A short, readable label for the status line and the page: "111.4, 122.7".
pub fn join_short(values: &[f32]) -> String {
    crate::format::join(
        &values.iter().map(|v| short(*v as f64)).collect::<Vec<_>>(),
        ", ",
    )
}

/// A tick label on a log axis, `v` being log10 of the value: a whole power of ten outside
/// everyday sizes reads "1e-4" (not "1.00e-4", which looks like a measured value).
pub fn log_tick(v: f64) -> String {
    let k = libm::round(v);
    if (v - k).abs() < 1e-9 && !(-3.0..6.0).contains(&k) {
        format!("1e{}", k as i64)
    } else {
        short(libm::pow(10.0, v))
    }
}

/// `n` in subscript digits: `subscript(12)` is "₁₂".
pub fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
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
/// "2.5". Rounded on the exact binary value, ties to even, as `{:.N}` rounds (below 1e9).
pub fn fixed(v: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    if !v.is_finite() || v.abs() >= 1e9 {
        return Num(v as f32).to_string();
    }
    let scaled = round_scaled(v.abs(), decimals as i64);
    let p = 10u64.pow(decimals);
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
    use super::*;

    #[test]
    fn join_is_std_join() {
        for parts in [vec![], vec!["a"], vec!["a", ""], vec!["", "b", "c"]] {
            assert_eq!(join(&parts, ", "), parts.join(", "));
            assert_eq!(join(&parts, ""), parts.concat());
        }
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group(2702), "2,702");
        assert_eq!(group(100_000), "100,000");
        assert_eq!(group(12), "12");
    }
    #[test]
    fn short_numbers() {
        assert_eq!(short(56.3149), "56.31");
        assert_eq!(short(2008.518), "2009");
        assert_eq!(short(0.0012345), "0.0012");
        assert_eq!(short(1.5e-5), "1.50e-5");
        assert_eq!(short(3.0e9), "3.00e9");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(-2.5e-7), "-2.50e-7");
        assert_eq!(short(9.996e7), "1.00e8");
        assert_eq!(short(1e-4), "1.00e-4");
        assert_eq!(log_tick(-4.0), "1e-4");
        assert_eq!(log_tick(7.0), "1e7");
        assert_eq!(log_tick(-3.0), "0.001");
        assert_eq!(log_tick(3.0), "1000");
        assert_eq!(log_tick(-4.5), "3.16e-5");
        // Exact ties go to even, as `{:.2e}` does; the tiniest f64 too.
        assert_eq!(short(3065000.0), "3.06e6");
        assert_eq!(short(8.075e7), "8.08e7");
        assert_eq!(short(5e-324), "4.94e-324");
    }
    #[test]
    fn subscripts() {
        assert_eq!(subscript(0), "₀");
        assert_eq!(subscript(120), "₁₂₀");
    }

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
            (0.05, 1),
            (0.15, 1),
            (0.45, 1),
            (0.5, 9),
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
    fn float32s_read_exactly_as_rust_reads_them() {
        for text in [
            "7.038531e-26", // through an f64 this lands one f32 too high
            "3.4028235e38",
            "340282350000000000000000000000000000000",
            "3.4028236e38",
            "1e-45",
            "7e-46",
            "7.006492321624085e-46", // just above half the smallest f32
            "1.401298464324817e-45",
            "0.1",
            "16777217",
            "16777219",
            "1e-999999",
            "1e999999",
            "123456789012345678901234567890e-20",
        ] {
            assert_eq!(
                super::parse_f32(text).map(f32::to_bits),
                text.parse::<f32>().ok().map(f32::to_bits),
                "{text}"
            );
        }
    }

    #[test]
    fn huge_and_tiny_exponents_saturate() {
        assert_eq!(parse_f64("1e999999999999"), Some(f64::INFINITY));
        assert_eq!(parse_f64("1e-999999999999"), Some(0.0));
        assert_eq!(parse_f64("0e999999"), Some(0.0));
    }
}
