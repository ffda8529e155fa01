//! What the page lets a person download, as text: the loss history and the predictions as CSV.

use crate::data::Series;
use crate::format::{join, Num};

/// `epoch,loss`, one row per finished epoch; then `val_loss` if anything was held out, and a
/// column for each kept run (named by its label), empty where a run has no such epoch.
pub fn loss_csv(history: &[f32], val: &[f32], kept: &[(String, &[f32])]) -> String {
    let mut out = String::from("epoch,loss");
    if !val.is_empty() {
        out += ",val_loss";
    }
    for (label, _) in kept {
        out.push(',');
        out += &csv_text(label);
    }
    out.push('\n');
    let mut rows = history.len();
    for (_, h) in kept {
        rows = rows.max(h.len());
    }
    let cell = |h: &[f32], i: usize| h.get(i).map(|v| Num(*v).to_string()).unwrap_or_default();
    for i in 0..rows {
        out += &format!("{},{}", i + 1, cell(history, i));
        if !val.is_empty() {
            out += &format!(",{}", cell(val, i));
        }
        for (_, h) in kept {
            out += &format!(",{}", cell(h, i));
        }
        out.push('\n');
    }
    out
}

/// A CSV cell: quoted (with doubled quotes) when it holds a comma, a quote or a line break.
fn csv_text(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// `position,actual,fitted,forecast`: the sequence, the model's one-step-ahead fit of each window
/// (as of the last epoch), and the forecast after the last value. Empty cells where there is none.
/// For a table: `position`, its labels, every series by name, then `fitted NAME` and
/// `forecast NAME` for each target (`fit` is (N, K), `forecast` (S, K) time-major).
pub fn predictions_csv(
    series: &Series,
    targets: &[usize],
    fit_start: usize,
    fit: &[f32],
    forecast: &[f32],
) -> String {
    let (n, f, k) = (series.rows(), series.features(), targets.len().max(1));
    let mut header = vec!["position".to_string()];
    if series.is_table() {
        if let Some((name, _)) = &series.labels {
            header.push(csv_text(name));
        }
        header.extend(series.columns.iter().map(|c| csv_text(c)));
        for what in ["fitted", "forecast"] {
            header.extend(
                targets
                    .iter()
                    .map(|&c| csv_text(&format!("{what} {}", series.name(c)))),
            );
        }
    } else {
        header.extend(["actual", "fitted", "forecast"].map(String::from));
    }
    let mut out = join(&header, ",");
    out.push('\n');
    let cell = |v: Option<&f32>| {
        v.filter(|v| v.is_finite())
            .map(|&v| Num(v).to_string())
            .unwrap_or_default()
    };
    let forecast_rows = forecast.len() / k;
    for pos in 0..n + forecast_rows {
        let mut cells = vec![pos.to_string()];
        if let Some((_, labels)) = &series.labels {
            cells.push(labels.get(pos).map(|l| csv_text(l)).unwrap_or_default());
        }
        for j in 0..f {
            cells.push(cell(series.values.get(pos * f + j).filter(|_| pos < n)));
        }
        for j in 0..k {
            let i = pos.checked_sub(fit_start);
            cells.push(cell(i.and_then(|i| fit.get(i * k + j))));
        }
        for j in 0..k {
            let i = pos.checked_sub(n);
            cells.push(cell(i.and_then(|i| forecast.get(i * k + j))));
        }
        out += &join(&cells, ",");
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_rows_count_epochs_from_one() {
        assert_eq!(
            loss_csv(&[2.5, 1.25], &[], &[]),
            "epoch,loss\n1,2.5\n2,1.25\n"
        );
        let kept = [("units 8, \"tanh\"".to_string(), &[3.0f32, 2.0, 1.0][..])];
        assert_eq!(
            loss_csv(&[2.5, 1.25], &[4.0, 3.5], &kept),
            "epoch,loss,val_loss,\"units 8, \"\"tanh\"\"\"\n1,2.5,4,3\n2,1.25,3.5,2\n3,,,1\n"
        );
    }

    #[test]
    fn prediction_rows_line_up_by_position() {
        let seq = Series::plain(vec![10.0, 20.0, 30.0, 40.0]);
        let csv = predictions_csv(&seq, &[0], 2, &[29.0, f32::NAN], &[50.5]);
        assert_eq!(
            csv,
            "position,actual,fitted,forecast\n0,10,,\n1,20,,\n2,30,29,\n3,40,,\n4,,,50.5\n"
        );
        let table = crate::data::parse_series("day,a,b\nmon,1,10\ntue,2,20\nwed,3,30").unwrap();
        let csv = predictions_csv(&table, &[1], 2, &[29.0], &[41.0]);
        assert_eq!(
            csv,
            "position,day,a,b,fitted b,forecast b\n0,mon,1,10,,\n1,tue,2,20,,\n2,wed,3,30,29,\n\
             3,,,,,41\n"
        );
    }
}
