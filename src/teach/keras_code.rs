//! The current settings as a short Keras program, in the notebook's shape, for students to copy.
//!
//! The program builds the same model on the same windows with the same optimizer, so the
//! parameter counts and the math match the page; only Keras's random numbers differ.

use crate::config::Config;
use crate::data::scale::Scaling;
use crate::format::group;
use crate::format::Num;
use crate::nn::model::Dims;
use std::fmt::Write;

/// Lines of the generated program stay within this many characters, however long the sequence.
const WIDTH: usize = 100;

/// numpy's legacy seeding (which `set_random_seed` uses) takes seeds below 2³² only.
const NUMPY_SEEDS: u64 = 1 << 32;

/// The Python program equivalent to `config`: the same windows (the same chronological hold-out,
/// as `validation_data`), the same scaling (fitted on the training stretch), the same model.
/// It names its arrays `X, y` (training) and `X_val, y_val` (held out), which
/// `tests/fixtures/check_keras_programs.py` reads after running it in real Keras.
pub fn keras_program(config: &Config) -> String {
    let targets = config.target_columns().unwrap_or_else(|_| vec![0]);
    let dims = Dims {
        cell: config.cell,
        seq_len: config.seq_len,
        features: config.series.features(),
        layers: config.units,
        bidirectional: config.bidirectional,
        n_steps: config.n_steps,
        targets: targets.len(),
    };
    if config.series.is_table() {
        return table_program(config, &dims, &targets);
    }
    let sequence = &config.series.values;
    let last = &sequence[sequence.len().saturating_sub(config.seq_len)..];
    let held_out = config.holdout > 0;
    // The stretch the scaler is fitted on: all of it, or the training stretch only.
    let fit_on = if held_out { "train_seq" } else { "raw_seq" };
    // (lines that fit the scaler, the shift, the divisor), as the page's `Scaler::fit` does it.
    let scaler = match config.scaling {
        Scaling::None => None,
        Scaling::Standardize => Some((
            format!(
                "# Standardize as the page does: (x - mean) / std, with numpy's population std{}.\n\
                 mean, std = np.mean({fit_on}), np.std({fit_on})\n\
                 std = std if std > 0 else 1.0  # a constant sequence: shift it, don't divide by zero\n",
                if held_out { ",\n# fitted on the training stretch only" } else { "" }
            ),
            "mean",
            "std",
        )),
        Scaling::MinMax => Some((
            format!(
                "# Scale into [0, 1] as the page does: (x - min) / (max - min){}.\n\
                 lo, span = np.min({fit_on}), np.max({fit_on}) - np.min({fit_on})\n\
                 span = span if span > 0 else 1.0  # a constant sequence: shift it, don't divide by zero\n",
                if held_out { ",\n# fitted on the training stretch only" } else { "" }
            ),
            "lo",
            "span",
        )),
    };
    let scaled = |stretch: &str| match scaler {
        None => stretch.to_string(),
        Some((_, shift, scale)) => format!("(np.array({stretch}) - {shift}) / {scale}"),
    };

    let mut py = String::with_capacity(2_000 + sequence.len() * 8);
    py += HEADER;
    py += "\nraw_seq = ";
    push_list(&mut py, "raw_seq = ".len(), sequence);
    py += &format!(
        "\nseq_len, n_steps, n_features = {}, {}, 1\n",
        config.seq_len, config.n_steps
    );
    if held_out {
        py += &format!(
            "\n# Hold out the last {pct}% of the windows to test on, as the page does: the latest\n\
             # ones, with the n_steps - 1 windows before them left out, so that no value the model\n\
             # is tested on was ever a training target.\n\
             n_windows = len(raw_seq) - seq_len - n_steps + 1\n\
             n_val = max(1, -(-n_windows * {pct} // 100))  # {pct}% of the windows, rounded up\n\
             first_val = n_windows - n_val\n\
             n_train = first_val - (n_steps - 1)\n\
             train_seq = raw_seq[:n_train + seq_len + n_steps - 1]\n",
            pct = config.holdout
        );
    }
    if let Some((fit, ..)) = &scaler {
        py += "\n";
        py += fit;
    }
    py += &format!(
        "X, y = split_sequence({}, seq_len, n_steps)\n\
         X = X.reshape((X.shape[0], X.shape[1], n_features))\n",
        scaled(if held_out { "train_seq" } else { "raw_seq" })
    );
    if held_out {
        py += &format!(
            "X_val, y_val = split_sequence({}, seq_len, n_steps)\n\
             X_val = X_val.reshape((X_val.shape[0], X_val.shape[1], n_features))\n\
             print(len(X), \"training windows,\", len(X_val), \"held-out windows\")\n",
            scaled("raw_seq[first_val:]")
        );
    }
    py += "\n";
    py += &model_and_fit(config, &dims, "n_steps");

    py += "# Forecast the next n_steps values from the last seq_len values.\n";
    py += "x_input = np.array(";
    // One more column for the closing parenthesis.
    push_list(&mut py, "x_input = np.array()".len(), last);
    py += ")\n";
    py += &match scaler {
        None => "x_input = x_input.reshape((1, seq_len, n_features))\n\
                 print(model.predict(x_input, verbose=0))\n"
            .to_string(),
        Some((_, shift, scale)) => format!(
            "x_input = ((x_input - {shift}) / {scale}).reshape((1, seq_len, n_features))\n\
             print(model.predict(x_input, verbose=0) * {scale} + {shift})  # in the sequence's units\n"
        ),
    };
    py
}

/// The model, compiled and fitted: `keras.Sequential` of the recurrent stack (each layer below
/// the top returning its sequences, each wrapped in `Bidirectional` when asked) and the Dense
/// head of `outputs` (a Python expression), with the seed line before it.
fn model_and_fit(config: &Config, dims: &Dims, outputs: &str) -> String {
    let counts = dims.param_counts();
    let held_out = config.holdout > 0;
    let mut py = String::from(SEED_NOTE);
    py += &if config.seed < NUMPY_SEEDS {
        format!("keras.utils.set_random_seed({})\n", config.seed)
    } else {
        format!(
            "keras.utils.set_random_seed({} % 2**32)  # numpy takes seeds below 2**32\n",
            config.seed
        )
    };
    py += "model = keras.Sequential([\n    keras.Input((seq_len, n_features)),\n";
    let units = config.units.as_slice();
    for (l, &h) in units.iter().enumerate() {
        let more = if l + 1 < units.len() {
            ", return_sequences=True"
        } else {
            ""
        };
        let layer = format!(
            "layers.{}({h}, activation=\"{}\"{more})",
            config.cell.keras_class(),
            config.activation.name()
        );
        py += &if config.bidirectional {
            format!("    layers.Bidirectional({layer}),\n")
        } else {
            format!("    {layer},\n")
        };
    }
    let rnn = if units.len() == 1 && !config.bidirectional {
        format!("{} {}", config.cell.keras_class(), group(counts.rnn))
    } else {
        let each: Vec<String> = counts.layers.iter().map(|&n| group(n)).collect();
        crate::format::join(&each, " + ")
    };
    py += &format!(
        "    layers.Dense({outputs}),\n\
         ])\n\
         model.compile(optimizer=keras.optimizers.Adam(learning_rate={lr}), loss=\"mse\")\n\
         model.summary()  # {rnn} + Dense {dense} = {total} parameters\n\
         history = model.fit(X, y, epochs={epochs}, batch_size={batch}, shuffle={shuffle},{val} verbose=0)\n\
         print(\"Last epoch's loss:\", history.history[\"loss\"][-1])\n",
        lr = number(config.learning_rate),
        dense = group(counts.dense),
        total = group(counts.total),
        epochs = config.epochs,
        batch = config.batch_size,
        shuffle = if config.shuffle { "True" } else { "False" },
        val = if held_out {
            "\n                    validation_data=(X_val, y_val),"
        } else {
            ""
        },
    );
    if held_out {
        py += "print(\"Held-out loss:\", history.history[\"val_loss\"][-1])\n";
    }
    py += "\n";
    py
}

/// [`keras_program`] for a table: the rows as a numpy array, windows over every column with
/// the target columns' next rows as y (time-major), each column scaled on its own.
fn table_program(config: &Config, dims: &Dims, targets: &[usize]) -> String {
    let series = &config.series;
    let (f, rows) = (series.features(), series.rows());
    let held_out = config.holdout > 0;
    let fit_on = if held_out { "train_rows" } else { "data" };
    let names: Vec<String> = series.columns.iter().map(|c| python_text(c)).collect();
    let target_names: Vec<&str> = targets.iter().map(|&c| series.name(c)).collect();
    let mut py = String::with_capacity(2_000 + series.values.len() * 8);
    py += TABLE_HEADER;
    py += &format!(
        "\n# The table: one column per series, one row per time step.\n\
         columns = [{}]\n\
         data = np.array([\n",
        crate::format::join(&names, ", ")
    );
    for r in 0..rows {
        py += "    ";
        push_list(&mut py, 4, series.row(r));
        py += ",\n";
    }
    py += "], dtype=\"float32\")\n";
    let target_list: Vec<String> = targets.iter().map(|c| c.to_string()).collect();
    py += &format!(
        "targets = [{}]  # the series to forecast: {}\n\
         seq_len, n_steps, n_features, n_targets = {}, {}, {f}, {}\n",
        crate::format::join(&target_list, ", "),
        crate::format::join(&target_names, ", "),
        config.seq_len,
        config.n_steps,
        targets.len()
    );
    if held_out {
        py += &format!(
            "\n# Hold out the last {pct}% of the windows to test on, as the page does: the latest\n\
             # ones, with the n_steps - 1 windows before them left out, so that no value the model\n\
             # is tested on was ever a training target.\n\
             n_windows = len(data) - seq_len - n_steps + 1\n\
             n_val = max(1, -(-n_windows * {pct} // 100))  # {pct}% of the windows, rounded up\n\
             first_val = n_windows - n_val\n\
             n_train = first_val - (n_steps - 1)\n\
             train_rows = data[:n_train + seq_len + n_steps - 1]\n",
            pct = config.holdout
        );
    }
    let (shift, scale) = match config.scaling {
        Scaling::None => ("0.0", "1.0"),
        Scaling::Standardize => {
            py += &format!(
                "\n# Standardize each column as the page does: (x - mean) / std, numpy's population\n\
                 # std{}.\n\
                 shift, scale = np.mean({fit_on}, axis=0), np.std({fit_on}, axis=0)\n\
                 scale[scale == 0] = 1.0  # a constant column: shift it, don't divide by zero\n",
                if held_out { ", fitted on the training rows only" } else { "" }
            );
            ("shift", "scale")
        }
        Scaling::MinMax => {
            py +=
                &format!(
                "\n# Scale each column into [0, 1] as the page does: (x - min) / (max - min){}.\n\
                 shift = np.min({fit_on}, axis=0)\n\
                 scale = np.max({fit_on}, axis=0) - shift\n\
                 scale[scale == 0] = 1.0  # a constant column: shift it, don't divide by zero\n",
                if held_out { ", fitted on the training rows only" } else { "" }
            );
            ("shift", "scale")
        }
    };
    let scaled = |rows: &str| {
        if config.scaling == Scaling::None {
            rows.to_string()
        } else {
            format!("({rows} - shift) / scale")
        }
    };
    py += &format!(
        "X, y = split_sequences({}, targets, seq_len, n_steps)\n",
        scaled(if held_out { "train_rows" } else { "data" })
    );
    if held_out {
        py += &format!(
            "X_val, y_val = split_sequences({}, targets, seq_len, n_steps)\n\
             print(len(X), \"training windows,\", len(X_val), \"held-out windows\")\n",
            scaled("data[first_val:]")
        );
    }
    py += "\n";
    py += &model_and_fit(config, dims, "n_steps * n_targets");
    py += &format!(
        "# Forecast the next n_steps rows of the targets from the last seq_len rows: one row per\n\
         # step ahead, one column per target.\n\
         x_input = {}.reshape((1, seq_len, n_features))\n",
        scaled("data[-seq_len:]")
    );
    py += &if config.scaling == Scaling::None {
        "print(model.predict(x_input, verbose=0).reshape((n_steps, n_targets)))\n".to_string()
    } else {
        format!(
            "y_hat = model.predict(x_input, verbose=0).reshape((n_steps, n_targets))\n\
             print(y_hat * {scale}[targets] + {shift}[targets])  # in the table's units\n"
        )
    };
    py
}

/// A Python string literal.
fn python_text(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const TABLE_HEADER: &str = r#"# RNN Playground settings as a Keras program (pip install tensorflow).
import numpy as np
import keras
from keras import layers

def split_sequences(data, targets, seq_len, n_steps):
    # Window i: rows i .. i+seq_len-1 of every column in; the target columns of the next
    # n_steps rows out, step by step (t+1's targets, then t+2's, ...).
    X, y = [], []
    for i in range(len(data) - seq_len - n_steps + 1):
        X.append(data[i:i + seq_len])
        y.append(data[i + seq_len:i + seq_len + n_steps][:, targets].reshape(-1))
    return np.array(X), np.array(y)
"#;

const SEED_NOTE: &str = "\
# The page's seed. Keras draws its own random numbers from it, so this run won't match
# the page's exactly; the model, its parameter counts and the math are the same.
";

const HEADER: &str = r#"# RNN Playground settings as a Keras program (pip install tensorflow).
import numpy as np
import keras
from keras import layers

def split_sequence(sequence, seq_len, n_steps):
    X, y = [], []
    for i in range(len(sequence)):
        end_ix = i + seq_len
        out_end_ix = end_ix + n_steps
        if out_end_ix > len(sequence):
            break
        X.append(sequence[i:end_ix])
        y.append(sequence[end_ix:out_end_ix])
    return np.array(X), np.array(y)
"#;

/// Appends a Python list of `values`: on one line if it fits beside `column` other characters,
/// otherwise one indented block of lines that each stay within [`WIDTH`].
fn push_list(py: &mut String, column: usize, values: &[f32]) {
    let start = py.len();
    py.push('[');
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            py.push_str(", ");
        }
        push_number(py, v);
        if column + py.len() - start > WIDTH {
            break;
        }
    }
    py.push(']');
    if column + py.len() - start <= WIDTH {
        return;
    }
    py.truncate(start);
    py.push_str("[\n");
    let mut line = String::with_capacity(WIDTH);
    let mut item = String::with_capacity(24);
    for &v in values {
        item.clear();
        push_number(&mut item, v);
        // "    " + line + " " + item + ","
        if !line.is_empty() && 4 + line.len() + 1 + item.len() + 1 > WIDTH {
            py.push_str("    ");
            py.push_str(&line);
            py.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
        line.push(',');
    }
    py.push_str("    ");
    py.push_str(&line);
    py.push_str("\n]");
}

/// A number as Python reads it back to the same f32: `90`, `0.001`, `1e-7`.
fn number(v: f32) -> String {
    let mut s = String::new();
    push_number(&mut s, v);
    s
}

fn push_number(out: &mut String, v: f32) {
    // A valid config can't hold these, but the program must still be Python.
    if v.is_nan() {
        out.push_str("float(\"nan\")");
        return;
    }
    if v.is_infinite() {
        out.push_str(if v > 0.0 {
            "float(\"inf\")"
        } else {
            "-float(\"inf\")"
        });
        return;
    }
    let a = v.abs();
    // Writing to a String can't fail.
    let _ = if a == 0.0 || (1e-4..1e15).contains(&a) {
        // Shortest form without an exponent; integral values print with no decimal point.
        write!(out, "{}", Num(v))
    } else {
        // Tiny and huge values: `{}` would spell out dozens of zeros.
        write!(out, "{:#}", Num(v))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_as_the_same_f32() {
        for (v, want) in [
            (90.0, "90"),
            (-3.0, "-3"),
            (0.001, "0.001"),
            (2.5, "2.5"),
            (1e-7, "1e-7"),
            (3.4028235e38, "3.4028235e38"),
            (0.1, "0.1"),
            (f32::NAN, "float(\"nan\")"),
            (f32::NEG_INFINITY, "-float(\"inf\")"),
        ] {
            assert_eq!(number(v), want);
            if v.is_finite() {
                assert_eq!(want.parse::<f32>().unwrap(), v);
            }
        }
    }

    #[test]
    fn short_lists_stay_on_one_line_and_long_ones_wrap() {
        let mut py = String::new();
        push_list(&mut py, 10, &[10.0, 20.0, 30.0]);
        assert_eq!(py, "[10, 20, 30]");
        let values: Vec<f32> = (0..200).map(|i| i as f32 * 1.25).collect();
        let mut py = String::new();
        push_list(&mut py, 10, &values);
        assert!(py.starts_with("[\n    0, 1.25, 2.5,"));
        assert!(py.ends_with(", 248.75,\n]"));
        assert!(py.lines().all(|l| l.len() <= WIDTH), "{py}");
        let back: Vec<f32> = py
            .split(|c: char| c == ',' || c.is_whitespace() || c == '[' || c == ']')
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        assert_eq!(back, values);
    }
}
