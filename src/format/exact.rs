//! Decimal text ↔ binary floats, exactly, with f64 arithmetic and a small big-integer
//! comparison for the rare values near a rounding boundary (see [`super`] for why).

use std::cmp::Ordering;

/// Up to this many significant digits are kept; later ones only move the exponent.
const MAX_DIGITS: u32 = 19;

/// Reads `[+-]digits[.digits][(e|E)[+-]digits]` — the syntax `str::parse::<f64>` takes, apart
/// from its "inf" and "NaN" words. At least one digit is needed before or after the point.
pub fn parse_f64(text: &str) -> Option<f64> {
    let d = decimal(text)?;
    let magnitude = scale(d.mantissa, d.exp10);
    Some(if d.negative { -magnitude } else { magnitude })
}

/// Reads what [`parse_f64`] reads, as the nearest f32 (ties to even), exactly: what Rust's
/// `str::parse::<f32>` gives. (Through an f64 a value can round twice and land one f32 off.)
pub fn parse_f32(text: &str) -> Option<f32> {
    let d = decimal(text)?;
    let guess = scale(d.mantissa, d.exp10) as f32;
    let v = if d.mantissa == 0 || !guess.is_finite() {
        guess
    } else {
        nearest_f32(&d, guess)
    };
    Some(if d.negative { -v } else { v })
}

/// A decimal as read: `mantissa · 10^exp10`, plus whether non-zero digits were dropped.
struct Decimal {
    negative: bool,
    mantissa: u64,
    exp10: i64,
    dropped: bool,
}

/// `guess` (within an f32 or two of the decimal), moved to the f32 the decimal rounds to.
fn nearest_f32(d: &Decimal, guess: f32) -> f32 {
    // Dropped digits put the true value just above `mantissa · 10^exp10`.
    let cmp = |x: f64| match cmp_decimal(d.mantissa, d.exp10, x) {
        Ordering::Equal if d.dropped => Ordering::Greater,
        o => o,
    };
    let mut v = guess;
    for _ in 0..4 {
        if v == 0.0 {
            // Half the smallest f32 rounds (to even) to zero; anything above, up.
            let half = f32::from_bits(1) as f64 / 2.0;
            if cmp(half) != Ordering::Greater {
                return 0.0;
            }
            v = f32::from_bits(1);
            continue;
        }
        let (lo, hi, even) = interval(v);
        let below = cmp(lo);
        let above = cmp(hi);
        if below == Ordering::Less || (below == Ordering::Equal && !even) {
            v = f32::from_bits(v.to_bits() - 1);
        } else if above == Ordering::Greater || (above == Ordering::Equal && !even) {
            if v == f32::MAX {
                return f32::INFINITY;
            }
            v = f32::from_bits(v.to_bits() + 1);
        } else {
            break;
        }
    }
    v
}

/// The values that round to `v` (positive, finite): from `lo` to `hi`, ends included if `even`.
/// The ends are the midpoints to v's neighbours, exact in f64; at a power of two the one below is
/// closer.
fn interval(v: f32) -> (f64, f64, bool) {
    let x = v as f64;
    let below = f32::from_bits(v.to_bits() - 1) as f64;
    let above = if v == f32::MAX {
        x + (x - below)
    } else {
        f32::from_bits(v.to_bits() + 1) as f64
    };
    ((x + below) / 2.0, (x + above) / 2.0, v.to_bits() % 2 == 0)
}

fn decimal(text: &str) -> Option<Decimal> {
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
    let mut dropped = false;
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
                    dropped |= digit != 0;
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
    Some(Decimal {
        negative,
        mantissa,
        exp10,
        dropped,
    })
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

/// A non-negative whole number in base 2³², lowest limb first: just enough arithmetic to compare
/// a decimal with a binary float exactly, for the rare values where f64 arithmetic can't tell.
struct Big(Vec<u32>);

impl Big {
    fn new(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let t = *limb as u64 * m as u64 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut e: u64) {
        // 5^13 is the largest power of five below 2³².
        while e >= 13 {
            self.mul_small(1_220_703_125);
            e -= 13;
        }
        self.mul_small(5u32.pow(e as u32));
    }

    fn shl(&mut self, bits: u64) {
        let shift = (bits % 32) as u32;
        let mut out = vec![0u32; (bits / 32) as usize];
        let mut carry = 0u32;
        for &limb in &self.0 {
            out.push(limb << shift | carry);
            carry = if shift == 0 { 0 } else { limb >> (32 - shift) };
        }
        out.push(carry);
        self.0 = out;
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let len = |b: &Big| b.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let (a, b) = (len(self), len(other));
        if a != b {
            return a.cmp(&b);
        }
        self.0[..a].iter().rev().cmp(other.0[..b].iter().rev())
    }
}

/// `d · 10^e10` against `c · 2^q`, exactly.
fn cmp_exact(d: u64, e10: i64, c: u64, q: i64) -> Ordering {
    // d · 5^e10 · 2^e10 against c · 2^q: move the fives to the side where they multiply, then
    // the twos.
    let (mut left, mut right) = (Big::new(d), Big::new(c));
    if e10 >= 0 {
        left.mul_pow5(e10 as u64);
    } else {
        right.mul_pow5(e10.unsigned_abs());
    }
    let shift = e10 - q;
    if shift >= 0 {
        left.shl(shift as u64);
    } else {
        right.shl(shift.unsigned_abs());
    }
    left.cmp(&right)
}

/// A finite float as `c · 2^q` (`c` whole).
fn binary(v: f64) -> (u64, i64) {
    let bits = v.to_bits();
    let (exp, frac) = (((bits >> 52) & 0x7ff) as i64, bits & ((1 << 52) - 1));
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    }
}

/// `d · 10^e10` against the float `x`, exactly; f64 arithmetic first, which settles all but
/// values within a few units in the last place of `x`.
fn cmp_decimal(d: u64, e10: i64, x: f64) -> Ordering {
    // Far outside f64's range (a typed "1e-999999"): no need for exact arithmetic.
    // (x is never negative here.)
    if d == 0 || e10 < -380 {
        return match (x > 0.0, d == 0) {
            (true, _) => Ordering::Less,
            (false, true) => Ordering::Equal,
            (false, false) => Ordering::Greater,
        };
    }
    if e10 > 330 {
        return Ordering::Greater;
    }
    let y = scale(d, e10);
    // Near and below f64's smallest normal numbers `y` loses digits: decide exactly there.
    let tiny = x < 1e-290 || y < 1e-290;
    if tiny {
        let (c, q) = binary(x);
        cmp_exact(d, e10, c, q)
    } else if y > x * (1.0 + 1e-14) {
        Ordering::Greater
    } else if y < x * (1.0 - 1e-14) {
        Ordering::Less
    } else {
        let (c, q) = binary(x);
        cmp_exact(d, e10, c, q)
    }
}

/// `a · 10^k` rounded to a whole number, ties to even, decided on `a`'s exact value, as `{:.N}`
/// rounds (`a` finite, not negative).
pub fn round_scaled(a: f64, k: i64) -> u64 {
    // In steps, so neither a tiny `a` nor a huge `k` overflows on the way.
    let (mut guess, mut k_left) = (a, k.clamp(-800, 800));
    while k_left > 22 {
        guess *= 1e22;
        k_left -= 22;
    }
    while k_left < -22 {
        guess /= 1e22;
        k_left += 22;
    }
    guess = if k_left >= 0 {
        guess * scale(1, k_left)
    } else {
        guess / scale(1, -k_left)
    };
    if guess >= 1.8e19 {
        return u64::MAX;
    }
    let mut n = guess.round() as u64;
    // (n ± ½) · 10^−k = (2n ± 1) · 5 · 10^(−k−1): move n until `a` lies between them.
    loop {
        let up = cmp_decimal((2 * n + 1) * 5, -k - 1, a);
        if up == Ordering::Less || (up == Ordering::Equal && n % 2 == 1) {
            n += 1;
            continue;
        }
        if n > 0 {
            let down = cmp_decimal((2 * n - 1) * 5, -k - 1, a);
            if down == Ordering::Greater || (down == Ordering::Equal && n % 2 == 1) {
                n -= 1;
                continue;
            }
        }
        return n;
    }
}

/// The shortest `(digits, exp)` with `digits · 10^exp` reading back as `v` (finite, non-zero),
/// `digits` without trailing zeros; of two equally short, the nearer (the larger if equally
/// near), as Rust's `{}` picks.
pub(super) fn shortest(v: f32) -> (u64, i64) {
    let v = v.abs();
    let x = v as f64;
    let (lo, hi, even) = interval(v);
    let inside = |d: u64, e10: i64| {
        let above_lo = cmp_decimal(d, e10, lo);
        let below_hi = cmp_decimal(d, e10, hi);
        (above_lo == Ordering::Greater || (above_lo == Ordering::Equal && even))
            && (below_hi == Ordering::Less || (below_hi == Ordering::Equal && even))
    };
    // The decimal exponent of x: 10^e <= x < 10^(e+1). log10 can be off by one near a power.
    let mut e = libm::floor(libm::log10(x)) as i64;
    if scale(1, e) > x {
        e -= 1;
    } else if scale(1, e + 1) <= x {
        e += 1;
    }
    let mut best = (0, 0);
    for p in 1..=9 {
        // x · 10^k has p digits before the point; the two p-digit decimals around x, nearer first.
        let k = p - 1 - e;
        let n = round_scaled(x, k);
        // Halfway between two: Rust takes the larger (round_scaled took the even one).
        let first = if cmp_decimal((2 * n + 1) * 5, -k - 1, x) == Ordering::Equal {
            n + 1
        } else {
            n
        };
        let second = if cmp_decimal(first, -k, x) == Ordering::Greater {
            first - 1
        } else {
            first + 1
        };
        best = (first, -k);
        if inside(first, -k) {
            break;
        }
        if second > 0 && inside(second, -k) {
            best = (second, -k);
            break;
        }
    }
    while best.0 % 10 == 0 && best.0 != 0 {
        best = (best.0 / 10, best.1 + 1);
    }
    best
}
