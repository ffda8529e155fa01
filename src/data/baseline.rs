//! Three forecasts that need no training, so a student can tell whether the model learned anything.

use crate::data::Windows;

/// MSE of each rule on a set of windows, in the same units as the model's loss.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baselines {
    /// Every future value equals the last one seen: `ŷ_k = x_T`.
    pub repeat_last: f32,
    /// The line through the last two values, continued: `ŷ_k = x_T + k·(x_T − x_{T−1})`. With
    /// seq_len 1 there is no line: it is `repeat_last`.
    pub straight_line: f32,
    /// Every future value is the training values' mean: a model that learned nothing about the
    /// ups and downs. (Its loss is the targets' variance around that mean.)
    pub mean: f32,
}

/// The rules' losses on `w`, each target series ruled by its own past: `means` holds, per
/// target, the mean of that series' values the model trains on (for held-out windows too: the
/// rule may not peek at what it is scored on).
pub fn baselines(w: &Windows, means: &[f32]) -> Baselines {
    let (t, s, f) = (w.seq_len, w.n_steps, w.features());
    let columns = w.target_columns();
    let (mut repeat, mut line, mut flat) = (0.0f64, 0.0f64, 0.0f64);
    for i in 0..w.len() {
        let x = w.input(i); // (T, F)
        for (j, &y) in w.target(i).iter().enumerate() {
            // Outputs are time-major: step `j / K` ahead, target `j % K`.
            let (step, k) = (j / columns.len(), j % columns.len());
            let c = columns[k];
            let last = x[(t - 1) * f + c] as f64;
            let slope = if t >= 2 {
                last - x[(t - 2) * f + c] as f64
            } else {
                0.0
            };
            let y = y as f64;
            repeat += (last - y).powi(2);
            line += (last + (step + 1) as f64 * slope - y).powi(2);
            flat += (means[k] as f64 - y).powi(2);
        }
    }
    let count = (w.len() * s * columns.len()).max(1) as f64;
    Baselines {
        repeat_last: (repeat / count) as f32,
        straight_line: (line / count) as f32,
        mean: (flat / count) as f32,
    }
}

/// The mean of `values`, in f64 (0 for none).
pub fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    (values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split_sequence;

    #[test]
    fn a_straight_line_is_exact_on_the_notebook_and_repeating_is_not() {
        let seq: Vec<f32> = (1..=9).map(|i| i as f32 * 10.0).collect();
        let b = baselines(&split_sequence(&seq, 3, 2).unwrap(), &[mean(&seq)]);
        assert_eq!(b.straight_line, 0.0);
        // Errors 10 and 20 on every window: (100 + 400) / 2.
        assert_eq!(b.repeat_last, 250.0);
        // Targets 40..90 around the mean 50: (10² + 0 + 10² + 20² … ) over the 10 targets.
        let targets = [40., 50., 50., 60., 60., 70., 70., 80., 80., 90.];
        let want = targets
            .iter()
            .map(|y: &f64| (y - 50.0).powi(2))
            .sum::<f64>()
            / 10.0;
        assert_eq!(b.mean, want as f32);
    }

    #[test]
    fn each_target_is_ruled_by_its_own_past() {
        use crate::data::windows::split_series;
        // Series a counts up by 1, b stays 5; predicting both two steps ahead.
        let values: Vec<f32> = (0..6).flat_map(|r| [r as f32, 5.0]).collect();
        let w = split_series(&values, 2, &[0, 1], 2, 2).unwrap();
        let b = baselines(&w, &[2.5, 5.0]);
        assert_eq!(b.straight_line, 0.0);
        // Repeating misses a by 1 a step ahead, then by 2; b never: (1 + 0 + 4 + 0) / 4.
        assert_eq!(b.repeat_last, 1.25);
    }

    #[test]
    fn with_one_value_a_window_has_no_line_to_continue() {
        let seq = [1.0, 3.0, 2.0, 5.0];
        let b = baselines(&split_sequence(&seq, 1, 1).unwrap(), &[0.0]);
        assert_eq!(b.straight_line, b.repeat_last);
    }
}
