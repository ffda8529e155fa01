//! Two forecasts that need no training, so a student can tell whether the model learned anything.

use crate::data::Windows;

/// MSE of each rule on a set of windows, in the same units as the model's loss.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baselines {
    /// Every future value equals the last one seen: `ŷ_k = x_T`.
    pub repeat_last: f32,
    /// The line through the last two values, continued: `ŷ_k = x_T + k·(x_T − x_{T−1})`.
    pub straight_line: f32,
}

pub fn baselines(w: &Windows) -> Baselines {
    let (t, s) = (w.seq_len, w.n_steps);
    let (mut repeat, mut line) = (0.0f64, 0.0f64);
    for i in 0..w.len() {
        let x = w.input(i);
        let last = x[t - 1] as f64;
        let slope = if t >= 2 { last - x[t - 2] as f64 } else { 0.0 };
        for (k, &y) in w.target(i).iter().enumerate() {
            repeat += (last - y as f64).powi(2);
            line += (last + (k + 1) as f64 * slope - y as f64).powi(2);
        }
    }
    let count = (w.len() * s).max(1) as f64;
    Baselines {
        repeat_last: (repeat / count) as f32,
        straight_line: (line / count) as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split_sequence;

    #[test]
    fn a_straight_line_is_exact_on_the_notebook_and_repeating_is_not() {
        let seq: Vec<f32> = (1..=9).map(|i| i as f32 * 10.0).collect();
        let b = baselines(&split_sequence(&seq, 3, 2).unwrap());
        assert_eq!(b.straight_line, 0.0);
        // Errors 10 and 20 on every window: (100 + 400) / 2.
        assert_eq!(b.repeat_last, 250.0);
    }
}
