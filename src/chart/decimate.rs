//! Min/max per pixel column: a million points draw as fast as a thousand, and no spike is lost.

/// Points of a polyline through `values` (x = index + `x0`) for a chart `columns` pixels wide.
/// Up to 2·columns points: each column's minimum and maximum, in the order they occur.
/// Non-finite values are skipped.
pub fn min_max(values: &[f32], x0: f64, columns: usize) -> Vec<(f64, f64)> {
    let columns = columns.max(1);
    let finite = |(i, &v): (usize, &f32)| v.is_finite().then_some((i as f64 + x0, v as f64));
    if values.len() <= 2 * columns {
        return values.iter().enumerate().filter_map(finite).collect();
    }
    let mut out = Vec::with_capacity(2 * columns);
    for c in 0..columns {
        let (lo, hi) = (c * values.len() / columns, (c + 1) * values.len() / columns);
        let mut min: Option<(usize, f32)> = None;
        let mut max: Option<(usize, f32)> = None;
        for (i, &v) in values[lo..hi].iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            if min.is_none_or(|(_, m)| v < m) {
                min = Some((lo + i, v));
            }
            if max.is_none_or(|(_, m)| v > m) {
                max = Some((lo + i, v));
            }
        }
        if let (Some(a), Some(b)) = (min, max) {
            let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            out.push((first.0 as f64 + x0, first.1 as f64));
            if second.0 != first.0 {
                out.push((second.0 as f64 + x0, second.1 as f64));
            }
        }
    }
    out
}

/// The lowest and highest y of the points of every list in `parts`, in order (NaN passes
/// through `min`/`max`; with `finite_only`, infinities are skipped too); (∞, −∞) for none.
/// Lists of points rather than an iterator: one copy of the loop for every chart.
pub fn y_bounds(parts: &[&[(f64, f64)]], finite_only: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for part in parts {
        for &(_, v) in *part {
            if !finite_only || v.is_finite() {
                (lo, hi) = (lo.min(v), hi.max(v));
            }
        }
    }
    (lo, hi)
}

/// The finite range of the points' y values, widened a little so lines don't touch the frame.
pub fn padded_range(parts: &[&[(f64, f64)]]) -> (f64, f64) {
    let (lo, hi) = y_bounds(parts, true);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(lo.abs().max(1.0) * 1e-3);
    (lo - pad, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_point_when_there_is_room() {
        let v = [3.0, 1.0, 2.0];
        assert_eq!(
            min_max(&v, 1.0, 10),
            vec![(1.0, 3.0), (2.0, 1.0), (3.0, 2.0)]
        );
    }

    #[test]
    fn bounds_a_million_points_and_keeps_spikes() {
        let mut v: Vec<f32> = (0..1_000_000).map(|i| (i as f32 * 1e-3).sin()).collect();
        v[123_456] = 50.0;
        v[654_321] = f32::NAN;
        let pts = min_max(&v, 0.0, 600);
        assert!(pts.len() <= 1200);
        assert!(pts.iter().any(|&(x, y)| x == 123_456.0 && y == 50.0));
        assert!(pts.iter().all(|p| p.1.is_finite()));
        assert!(
            pts.windows(2).all(|w| w[0].0 <= w[1].0),
            "x must not go backwards"
        );
    }

    #[test]
    fn ranges_ignore_non_finite_values() {
        let (lo, hi) = padded_range(&[&[(0.0, 1.0), (1.0, f64::NAN)], &[(2.0, 3.0)]]);
        assert!(lo < 1.0 && hi > 3.0 && hi < 3.5);
        assert_eq!(padded_range(&[]), (0.0, 1.0));
        assert_eq!(padded_range(&[&[], &[(0.0, f64::INFINITY)]]), (0.0, 1.0));
    }
}
