//! What the page lets a person download, as text: the loss history and the predictions as CSV.

use crate::chart::short;
use crate::number::Num;

/// `epoch,loss`, one row per finished epoch.
pub fn loss_csv(history: &[f32]) -> String {
    let mut out = String::from("epoch,loss\n");
    for (i, loss) in history.iter().enumerate() {
        out += &format!("{},{}\n", i + 1, Num(*loss));
    }
    out
}

/// `position,actual,fitted,forecast`: the sequence, the model's one-step-ahead fit of each window
/// (as of the last epoch), and the forecast after the last value. Empty cells where there is none.
pub fn predictions_csv(
    sequence: &[f32],
    fit_start: usize,
    fit: &[f32],
    forecast: &[f32],
) -> String {
    let n = sequence.len();
    let mut out = String::from("position,actual,fitted,forecast\n");
    let cell = |v: Option<&f32>| {
        v.filter(|v| v.is_finite())
            .map(|&v| Num(v).to_string())
            .unwrap_or_default()
    };
    for pos in 0..n + forecast.len() {
        let fitted = pos.checked_sub(fit_start).and_then(|i| fit.get(i));
        out += &format!(
            "{pos},{},{},{}\n",
            cell(sequence.get(pos)),
            cell(fitted),
            cell(pos.checked_sub(n).and_then(|i| forecast.get(i)))
        );
    }
    out
}

/// A short, readable label for the status line and the page: "111.4, 122.7".
pub fn join_short(values: &[f32]) -> String {
    values
        .iter()
        .map(|v| short(*v as f64))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_rows_count_epochs_from_one() {
        assert_eq!(loss_csv(&[2.5, 1.25]), "epoch,loss\n1,2.5\n2,1.25\n");
    }

    #[test]
    fn prediction_rows_line_up_by_position() {
        let csv = predictions_csv(&[10.0, 20.0, 30.0, 40.0], 2, &[29.0, f32::NAN], &[50.5]);
        assert_eq!(
            csv,
            "position,actual,fitted,forecast\n0,10,,\n1,20,,\n2,30,29,\n3,40,,\n4,,,50.5\n"
        );
    }
}
