//! How far back the model looks: its memory span, from the mean sensitivity over windows.
//!
//! Each step t of the window gets a weight, how much its values move the forecast on average:
//!
//! ```text
//! w_t = Σ_j Σ_f mean over windows |∂ŷ_j/∂x_{t,f}|        (T)   in the model's units
//! span = T − t_first,  t_first = the earliest t with w_t ≥ w_max / 10
//! ```
//!
//! so the span counts steps back from the window's end: 1 when only the last value matters, T
//! when even the oldest still holds a tenth of the strongest. The model's units (the scaled
//! values) make the columns of a table comparable; for one series the span is the same in raw
//! units, which only multiply every w_t by one number.

use crate::nn::model::Dims;
use crate::nn::sensitivity::MeanSensitivity;
use crate::nn::trainer::Trainer;

/// The share of the strongest step's weight a step must keep to count in the span.
pub const SHARE: f32 = 0.1;

/// The span and what it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    /// Each step's weight w_t as a share of the largest, oldest first (T); all 0 when nothing
    /// moves the forecast, NaN when the weights are not finite.
    pub profile: Vec<f32>,
    /// Steps back from the window's end to the earliest step holding ≥ [`SHARE`] of the largest
    /// weight: 1 (the last value alone) to T (the whole window); 0 when it could not be measured.
    pub span: usize,
    /// Steps back of the step with the largest weight (1: the last value); 0 as for `span`.
    pub strongest: usize,
    /// How many windows the mean was taken over.
    pub windows: usize,
}

/// The memory span from `mean` ((S·K, T, F), as [`crate::nn::sensitivity::mean_abs`] gives it).
pub fn memory(mean: &MeanSensitivity, dims: &Dims) -> Memory {
    let (t_len, f) = (dims.seq_len, dims.features);
    let mut weights = vec![0.0f64; t_len]; // (T) w_t
    for block in mean.mean_abs.chunks_exact(t_len * f) {
        for (w, step) in weights.iter_mut().zip(block.chunks_exact(f)) {
            *w += step.iter().map(|&v| v.abs() as f64).sum::<f64>();
        }
    }
    let largest = weights.iter().fold(0.0f64, |a, &w| a.max(w));
    let measurable = weights.iter().all(|w| w.is_finite()) && largest > 0.0;
    if !measurable {
        let fill = if weights.iter().all(|w| w.is_finite()) {
            0.0
        } else {
            f32::NAN
        };
        return Memory {
            profile: vec![fill; t_len],
            span: 0,
            strongest: 0,
            windows: mean.windows,
        };
    }
    let profile: Vec<f32> = weights.iter().map(|&w| (w / largest) as f32).collect();
    let first = profile
        .iter()
        .position(|&p| p >= SHARE)
        .unwrap_or(t_len - 1);
    let top = profile.iter().position(|&p| p == 1.0).unwrap_or(t_len - 1);
    Memory {
        span: t_len - first,
        strongest: t_len - top,
        profile,
        windows: mean.windows,
    }
}

/// The memory span of `trainer`'s model over its training windows (at most
/// [`crate::nn::sensitivity::MAX_MEAN_WINDOWS`] of them, within about `max_work` multiply-adds).
pub fn of(trainer: &Trainer, max_work: usize) -> Memory {
    let (mean, _) = trainer.mean_sensitivity(max_work);
    memory(&mean, &trainer.model().dims)
}

impl Memory {
    /// The window's length, T.
    pub fn seq_len(&self) -> usize {
        self.profile.len()
    }

    /// The span in fewest words, for the network picture's title: "looks back 20 steps", "leans
    /// on the last 3 steps"; empty when it could not be measured.
    pub fn words(&self) -> String {
        match self.span {
            0 => String::new(),
            1 => "leans on the last step".into(),
            s if s == self.seq_len() => format!("looks back all {s} steps"),
            s => format!("leans on the last {s} steps"),
        }
    }

    /// The span in a few words, for under the network picture: "It looks back over the whole
    /// window: all 20 values move the forecast." / "It leans on the last 3 values; older ones
    /// move the forecast less than a tenth as much."
    pub fn short(&self) -> String {
        let t_len = self.seq_len();
        match self.span {
            0 if self.profile.iter().any(|p| p.is_nan()) => {
                "How far back it looks can't be measured: the weights are too large.".into()
            }
            0 => "No value in the window moves the forecast.".into(),
            s if s == t_len && t_len > 1 => {
                format!(
                    "It looks back over the whole window: all {t_len} values move the forecast."
                )
            }
            1 if t_len == 1 => "It leans on the window's one value.".into(),
            1 => "It leans on the last value alone; older ones move the forecast less than a \
                  tenth as much."
                .into(),
            s => format!(
                "It leans on the last {s} values; older ones move the forecast less than a tenth \
                 as much."
            ),
        }
    }

    /// The span in a sentence a student can follow, e.g. "Averaged over 180 windows, the
    /// forecast leans on the last 3 values: a value 4 or more steps back moves it less than a
    /// tenth as much as the value that moves it most (the last one)."
    pub fn sentence(&self) -> String {
        let t_len = self.seq_len();
        let over = match self.windows {
            1 => "For this window".to_string(),
            n => format!("Averaged over {} windows", crate::format::group(n)),
        };
        if self.span == 0 {
            return if self.profile.iter().any(|p| p.is_nan()) {
                "How far back the forecast looks can't be measured: the weights have become too \
                 large to compute with."
                    .to_string()
            } else {
                format!(
                    "{over}, no value in the window moves the forecast: it comes out the same \
                     whatever the window holds."
                )
            };
        }
        let most = match self.strongest {
            1 => "the last one".to_string(),
            s if s == t_len => format!("the oldest one, {s} steps back"),
            s => format!("the one {s} steps back"),
        };
        match self.span {
            s if s == t_len && t_len > 1 => format!(
                "{over}, the forecast looks back over the whole window: even the oldest of its \
                 {t_len} values moves it at least a tenth as much as the value that moves it \
                 most ({most})."
            ),
            1 if t_len == 1 => format!("{over}, the forecast leans on the window's one value."),
            1 => format!(
                "{over}, the forecast leans on the last value alone: a value 2 or more steps \
                 back moves it less than a tenth as much."
            ),
            s => format!(
                "{over}, the forecast leans on the last {s} values: a value {} or more steps \
                 back moves it less than a tenth as much as the value that moves it most \
                 ({most}).",
                s + 1
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::cell::Cell;

    /// A mean sensitivity of one output and one column with these step weights.
    fn mean(weights: &[f32], windows: usize) -> (MeanSensitivity, Dims) {
        let dims = Dims::single(Cell::Lstm, weights.len(), 4, 1);
        let mean = MeanSensitivity {
            mean_abs: weights.to_vec(),
            windows,
        };
        (mean, dims)
    }

    #[test]
    fn the_span_reaches_the_earliest_step_with_a_tenth_of_the_largest() {
        // Oldest first. The largest is 2.0 (2 steps back); a tenth is 0.2: 0.25 is the earliest
        // step over it (3 steps back), 0.19 is under.
        let (m, dims) = mean(&[0.05, 0.01, 0.19, 0.25, 2.0, 1.0], 180);
        let three = memory(&m, &dims);
        assert_eq!((three.span, three.strongest, three.windows), (3, 2, 180));
        assert_eq!(three.profile[4], 1.0);
        assert_eq!(three.profile[3], 0.125);
        assert_eq!(
            three.sentence(),
            "Averaged over 180 windows, the forecast leans on the last 3 values: a value 4 or \
             more steps back moves it less than a tenth as much as the value that moves it most \
             (the one 2 steps back)."
        );
        // The earliest such step, even with quiet ones between: here the oldest.
        let (m, dims) = mean(&[0.5, 0.01, 0.01, 0.01, 2.0, 1.0], 180);
        assert_eq!(memory(&m, &dims).span, 6);
        assert_eq!(
            memory(&m, &dims).sentence(),
            "Averaged over 180 windows, the forecast looks back over the whole window: even the \
             oldest of its 6 values moves it at least a tenth as much as the value that moves it \
             most (the one 2 steps back)."
        );
    }

    #[test]
    fn the_sentence_names_the_last_and_the_oldest_value() {
        let (m, dims) = mean(&[0.0, 0.0, 0.01, 3.0], 1);
        let one = memory(&m, &dims);
        assert_eq!((one.span, one.strongest), (1, 1));
        assert_eq!(
            one.sentence(),
            "For this window, the forecast leans on the last value alone: a value 2 or more steps \
             back moves it less than a tenth as much."
        );
        let (m, dims) = mean(&[3.0, 0.0, 0.01, 0.5], 2_000);
        let oldest = memory(&m, &dims);
        assert_eq!((oldest.span, oldest.strongest), (4, 4));
        assert!(
            oldest.sentence().starts_with("Averaged over 2,000 windows")
                && oldest
                    .sentence()
                    .ends_with("(the oldest one, 4 steps back)."),
            "{}",
            oldest.sentence()
        );
        let (m, dims) = mean(&[0.2, 0.1, 1.0], 9);
        let last = memory(&m, &dims);
        assert!(
            last.sentence().ends_with("(the last one)."),
            "{}",
            last.sentence()
        );
        let (m, dims) = mean(&[7.0], 9);
        assert_eq!(
            memory(&m, &dims).sentence(),
            "Averaged over 9 windows, the forecast leans on the window's one value."
        );
    }

    #[test]
    fn outputs_and_columns_add_up_per_step() {
        // Two outputs (S = 2), two columns (F = 2), three steps: (S·K, T, F).
        let dims = Dims {
            features: 2,
            ..Dims::single(Cell::Gru, 3, 4, 2)
        };
        #[rustfmt::skip]
        let mean_abs = vec![
            0.0, 0.3,   0.0, 0.0,   1.0, 0.0,  // output 1: steps 1, 2, 3 × columns 1, 2
            0.0, 0.0,   0.0, 0.05,  0.5, 0.5,  // output 2
        ];
        let m = memory(
            &MeanSensitivity {
                mean_abs,
                windows: 4,
            },
            &dims,
        );
        // w = [0.3, 0.05, 2.0]: the oldest holds 0.15 of the largest.
        assert_eq!((m.span, m.strongest), (3, 1));
        assert_eq!(m.profile, vec![0.15, 0.025, 1.0]);
    }

    #[test]
    fn nothing_to_measure_is_said_so() {
        let (m, dims) = mean(&[0.0; 5], 30);
        let flat = memory(&m, &dims);
        assert_eq!((flat.span, flat.strongest), (0, 0));
        assert_eq!(flat.profile, vec![0.0; 5]);
        assert_eq!(
            flat.sentence(),
            "Averaged over 30 windows, no value in the window moves the forecast: it comes out \
             the same whatever the window holds."
        );
        let (m, dims) = mean(&[1.0, f32::INFINITY, 0.0], 30);
        let broken = memory(&m, &dims);
        assert_eq!(broken.span, 0);
        assert!(broken.sentence().contains("can't be measured"));
    }
}
