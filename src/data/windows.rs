//! The notebook's sliding windows (`split_sequence`) and the held-out split.

use std::fmt;

/// The longest input window.
pub const MAX_SEQ_LEN: usize = 500;
/// The most values predicted at once.
pub const MAX_N_STEPS: usize = 100;

/// Why a sequence cannot be cut into windows.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowError {
    SeqLenZero,
    NStepsZero,
    SeqLenTooLarge,
    NStepsTooLarge,
    TooShort { have: usize, need: usize },
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WindowError::SeqLenZero => write!(f, "seq_len must be at least 1."),
            WindowError::NStepsZero => write!(f, "n_steps must be at least 1."),
            WindowError::SeqLenTooLarge => write!(f, "seq_len can be at most {MAX_SEQ_LEN}."),
            WindowError::NStepsTooLarge => write!(f, "n_steps can be at most {MAX_N_STEPS}."),
            WindowError::TooShort { have, need } => write!(
                f,
                "One window needs seq_len + n_steps = {need} values, but the sequence has {have}. \
                 Add {} more, or make seq_len or n_steps smaller.",
                need - have
            ),
        }
    }
}

impl std::error::Error for WindowError {}

/// The sliding windows over a sequence. They are views, not copies: 100,000 values with
/// seq_len 500 take 400 KB, not the 200 MB that (N, T) matrices would.
#[derive(Debug, Clone, PartialEq)]
pub struct Windows {
    values: Vec<f32>, // the sequence the windows slide over
    pub seq_len: usize,
    pub n_steps: usize,
}

impl Windows {
    pub fn len(&self) -> usize {
        window_count(self.values.len(), self.seq_len, self.n_steps)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Window i's input: `values[i..i+seq_len]`.
    pub fn input(&self, i: usize) -> &[f32] {
        &self.values[i..i + self.seq_len]
    }

    /// Window i's target: the `n_steps` values after its input.
    pub fn target(&self, i: usize) -> &[f32] {
        &self.values[i + self.seq_len..i + self.seq_len + self.n_steps]
    }

    /// The inputs of windows `range` as one (n, T) matrix: a copy, for predictions and checks.
    pub fn inputs(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        range.flat_map(|i| self.input(i).iter().copied()).collect()
    }

    /// The targets of windows `range` as one (n, S) matrix.
    pub fn targets(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        range.flat_map(|i| self.target(i).iter().copied()).collect()
    }
}

/// How many windows a sequence of `len` values gives: `len − seq_len − n_steps + 1`.
pub fn window_count(len: usize, seq_len: usize, n_steps: usize) -> usize {
    (len + 1).saturating_sub(seq_len + n_steps)
}

/// Checks `seq_len` and `n_steps` against a sequence length without building anything.
pub fn check_windows(len: usize, seq_len: usize, n_steps: usize) -> Result<usize, WindowError> {
    if seq_len == 0 {
        return Err(WindowError::SeqLenZero);
    }
    if n_steps == 0 {
        return Err(WindowError::NStepsZero);
    }
    if seq_len > MAX_SEQ_LEN {
        return Err(WindowError::SeqLenTooLarge);
    }
    if n_steps > MAX_N_STEPS {
        return Err(WindowError::NStepsTooLarge);
    }
    let need = seq_len + n_steps;
    if len < need {
        return Err(WindowError::TooShort { have: len, need });
    }
    Ok(window_count(len, seq_len, n_steps))
}

/// A chronological split of `n` windows for validation: `(train, first_val)`, where windows
/// `0..train` train the model and `first_val..n` (the last `percent`% of them, at least one) are
/// held out. The `n_steps − 1` windows between are dropped, so no value the model is scored on
/// was ever a training target. None when fewer than one window would be left to train on.
pub fn holdout_split(n: usize, n_steps: usize, percent: usize) -> Option<(usize, usize)> {
    if percent == 0 {
        return Some((n, n));
    }
    let val = (n * percent).div_ceil(100).max(1);
    let first_val = n.checked_sub(val)?;
    let train = first_val.checked_sub(n_steps - 1)?;
    (train >= 1).then_some((train, first_val))
}

/// The notebook's `split_sequence`: window i is `seq[i..i+seq_len] → seq[i+seq_len..i+seq_len+n_steps]`.
pub fn split_sequence(seq: &[f32], seq_len: usize, n_steps: usize) -> Result<Windows, WindowError> {
    check_windows(seq.len(), seq_len, n_steps)?;
    Ok(Windows {
        values: seq.to_vec(),
        seq_len,
        n_steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notebook_windows() {
        let seq: Vec<f32> = (1..=9).map(|i| (i * 10) as f32).collect();
        let w = split_sequence(&seq, 3, 2).unwrap();
        assert_eq!(w.len(), 5);
        assert_eq!(w.input(0), &[10.0, 20.0, 30.0]);
        assert_eq!(w.target(0), &[40.0, 50.0]);
        assert_eq!(w.input(4), &[50.0, 60.0, 70.0]);
        assert_eq!(w.target(4), &[80.0, 90.0]);
    }

    #[test]
    fn window_errors_say_what_is_needed() {
        let seq = [1.0, 2.0, 3.0, 4.0];
        let e = split_sequence(&seq, 3, 2).unwrap_err();
        assert_eq!(e, WindowError::TooShort { have: 4, need: 5 });
        assert!(e.to_string().contains("needs seq_len + n_steps = 5 values"));
        assert!(e.to_string().contains("Add 1 more"));
        assert_eq!(
            split_sequence(&seq, 0, 1).unwrap_err(),
            WindowError::SeqLenZero
        );
        assert_eq!(
            split_sequence(&seq, 1, 0).unwrap_err(),
            WindowError::NStepsZero
        );
        assert_eq!(
            check_windows(10_000, 501, 1).unwrap_err(),
            WindowError::SeqLenTooLarge
        );
        assert_eq!(
            check_windows(10_000, 1, 101).unwrap_err(),
            WindowError::NStepsTooLarge
        );
        assert_eq!(check_windows(5, 3, 2), Ok(1));
    }

    #[test]
    fn holdout_keeps_targets_apart() {
        // 20 windows, 20% held out: the last 4 validate; with n_steps 3, two windows are dropped.
        assert_eq!(holdout_split(20, 3, 20), Some((14, 16)));
        assert_eq!(holdout_split(20, 1, 0), Some((20, 20)));
        assert_eq!(holdout_split(5, 1, 10), Some((4, 4)));
        assert_eq!(holdout_split(3, 3, 50), None);
    }
}
