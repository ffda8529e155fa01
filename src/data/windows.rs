//! The notebook's sliding windows (`split_sequence`), over several series at once
//! (`split_series`), and the held-out split.

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
    /// `rows`: counted in a table's rows rather than a sequence's values.
    TooShort {
        have: usize,
        need: usize,
        rows: bool,
    },
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WindowError::SeqLenZero => write!(f, "seq_len must be at least 1."),
            WindowError::NStepsZero => write!(f, "n_steps must be at least 1."),
            WindowError::SeqLenTooLarge => write!(f, "seq_len can be at most {MAX_SEQ_LEN}."),
            WindowError::NStepsTooLarge => write!(f, "n_steps can be at most {MAX_N_STEPS}."),
            WindowError::TooShort { have, need, rows } => {
                let (what, whole) = if *rows {
                    ("rows", "the table")
                } else {
                    ("values", "the sequence")
                };
                write!(
                    f,
                    "One window needs seq_len + n_steps = {need} {what}, but {whole} has {have}. \
                     Add {} more, or make seq_len or n_steps smaller.",
                    need - have
                )
            }
        }
    }
}

impl std::error::Error for WindowError {}

/// The sliding windows over one or more series. They are views, not copies: 100,000 values with
/// seq_len 500 take 400 KB, not the 200 MB that (N, T) matrices would. Window i reads rows
/// `i..i+T` of every series and predicts the next `n_steps` rows of the target series.
#[derive(Debug, Clone, PartialEq)]
pub struct Windows {
    values: Vec<f32>,    // (rows, F) every series, row by row
    targets: Vec<f32>,   // (rows, K) the target series' columns of `values`, row by row
    columns: Vec<usize>, // (K) which series each target is
    features: usize,     // F
    outputs: usize,      // K
    pub seq_len: usize,
    pub n_steps: usize,
}

impl Windows {
    pub fn len(&self) -> usize {
        window_count(
            self.values.len() / self.features,
            self.seq_len,
            self.n_steps,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// F: series read at each step.
    pub fn features(&self) -> usize {
        self.features
    }

    /// K: series forecast.
    pub fn targets_per_step(&self) -> usize {
        self.outputs
    }

    /// The series (column indices) forecast, in the outputs' order. (K)
    pub fn target_columns(&self) -> &[usize] {
        &self.columns
    }

    /// Window i's input, (T, F): rows `i..i+seq_len`.
    pub fn input(&self, i: usize) -> &[f32] {
        &self.values[i * self.features..(i + self.seq_len) * self.features]
    }

    /// Window i's target, (S, K) time-major: the target series over the `n_steps` rows after its
    /// input (t+1: each target in column order, then t+2, …), as Keras's `Dense(S·K)` outputs it.
    pub fn target(&self, i: usize) -> &[f32] {
        let k = self.outputs;
        &self.targets[(i + self.seq_len) * k..(i + self.seq_len + self.n_steps) * k]
    }

    /// The inputs of windows `range` as one (n, T, F) matrix: a copy, for predictions and checks.
    pub fn inputs(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        gather(range, |i| self.input(i))
    }

    /// The targets of windows `range` as one (n, S·K) matrix.
    pub fn targets(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        gather(range, |i| self.target(i))
    }
}

/// The columns `columns` of each row of a (rows, `width`) matrix, row by row.
pub fn pick_columns(values: &[f32], width: usize, columns: &[usize]) -> Vec<f32> {
    let mut out = Vec::with_capacity(values.len() / width.max(1) * columns.len());
    for row in values.chunks_exact(width) {
        for &c in columns {
            out.push(row[c]);
        }
    }
    out
}

/// The slices `part(i)` for each `i`, one after another: copies of whole slices (a loop with
/// `extend_from_slice`, not a flattening iterator's code per caller).
pub fn gather<'a, I: IntoIterator>(items: I, part: impl Fn(I::Item) -> &'a [f32]) -> Vec<f32> {
    let mut out = Vec::new();
    for i in items {
        out.extend_from_slice(part(i));
    }
    out
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
        return Err(WindowError::TooShort {
            have: len,
            need,
            rows: false,
        });
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
    split_series(seq, 1, &[0], seq_len, n_steps)
}

/// Windows over `values`, (rows, F) row-major: window i reads rows `i..i+seq_len` of every
/// series and predicts rows `i+seq_len..i+seq_len+n_steps` of the series `targets` (column
/// indices, in the order the outputs take).
pub fn split_series(
    values: &[f32],
    features: usize,
    targets: &[usize],
    seq_len: usize,
    n_steps: usize,
) -> Result<Windows, WindowError> {
    let features = features.max(1);
    let rows = values.len() / features;
    check_windows(rows, seq_len, n_steps).map_err(|e| match e {
        WindowError::TooShort { have, need, .. } if features > 1 => WindowError::TooShort {
            have,
            need,
            rows: true,
        },
        e => e,
    })?;
    let columns = targets.to_vec();
    let targets = pick_columns(values, features, targets);
    Ok(Windows {
        values: values.to_vec(),
        outputs: columns.len(),
        columns,
        targets,
        features,
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
        assert_eq!(
            e,
            WindowError::TooShort {
                have: 4,
                need: 5,
                rows: false
            }
        );
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
    fn table_windows_read_every_series_and_forecast_the_targets_time_major() {
        // Rows (a, b): (1, 10), (2, 20), …, (6, 60).
        let values: Vec<f32> = (1..=6).flat_map(|r| [r as f32, 10.0 * r as f32]).collect();
        let w = split_series(&values, 2, &[1], 3, 2).unwrap();
        assert_eq!((w.len(), w.features(), w.targets_per_step()), (2, 2, 1));
        assert_eq!(w.input(1), &[2.0, 20.0, 3.0, 30.0, 4.0, 40.0]);
        assert_eq!(w.target(1), &[50.0, 60.0]);
        let both = split_series(&values, 2, &[1, 0], 3, 2).unwrap();
        assert_eq!(both.target(0), &[40.0, 4.0, 50.0, 5.0]);
        let e = split_series(&values, 2, &[0], 5, 2).unwrap_err();
        assert!(e.to_string().contains("7 rows, but the table has 6"), "{e}");
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
