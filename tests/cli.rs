//! The `rnn-playground` binary: a notebook run, Keras-layout weights in and out, and bad input.

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rnn-playground"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const NOTEBOOK: [&str; 10] = [
    "--sequence",
    "10,20,30,40,50,60,70,80,90",
    "--seq-len",
    "3",
    "--n-steps",
    "2",
    "--units",
    "50",
    "--seed",
    "42",
];

#[test]
fn json_run_reports_history_forecast_and_params() {
    let mut args = vec!["train"];
    args.extend(NOTEBOOK);
    args.extend(["--epochs", "200", "--forecast", "70,80,90", "--json"]);
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["epochs"], 200);
    assert_eq!(v["loss_history"].as_array().unwrap().len(), 200);
    assert_eq!(v["params"]["rnn"], 2600);
    assert_eq!(v["params"]["dense"], 102);
    assert_eq!(v["params"]["total"], 2702);
    assert_eq!(v["forecast"].as_array().unwrap().len(), 2);
}

/// `--json` carries the gradient flow epoch by epoch: (epochs, T) h norms, for an LSTM (epochs, T)
/// c norms, and (epochs, 5) weight norms; the last epoch's are the library's `grad_norms()`.
#[test]
fn json_run_reports_the_gradient_flow_per_epoch() {
    use rnn_playground::config::{Config, Field};
    use rnn_playground::nn::trainer::Trainer;
    let mut config = Config::default();
    for (field, value) in [
        (Field::Sequence, "1,3,2,5,4,6,5,8,7,9,8,11"),
        (Field::SeqLen, "4"),
        (Field::Units, "6"),
        (Field::Activation, "tanh"),
        (Field::BatchSize, "3"),
        (Field::Epochs, "4"),
    ] {
        config.set(field, value).unwrap();
    }
    for cell in ["simple_rnn", "lstm", "gru"] {
        config.set(Field::Cell, cell).unwrap();
        let (code, out, err) = cli(&[
            "train",
            "--sequence",
            "1,3,2,5,4,6,5,8,7,9,8,11",
            "--seq-len",
            "4",
            "--units",
            "6",
            "--activation",
            "tanh",
            "--batch-size",
            "3",
            "--epochs",
            "4",
            "--cell",
            cell,
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rows = |key: &str| -> Vec<Vec<f32>> {
            v[key]
                .as_array()
                .unwrap_or_else(|| panic!("{cell}: no {key}"))
                .iter()
                .map(|row| {
                    let row = row.as_array().unwrap();
                    row.iter().map(|x| x.as_f64().unwrap() as f32).collect()
                })
                .collect()
        };
        let (h, w) = (
            rows("grad_norms_history"),
            rows("weight_grad_norms_history"),
        );
        assert_eq!(h.len(), 4, "{cell}");
        assert!(
            h.iter().all(|r| r.len() == 4),
            "{cell}: one norm per time step"
        );
        assert!(
            w.iter().all(|r| r.len() == 5),
            "{cell}: one norm per weight array"
        );
        assert!(h
            .iter()
            .chain(&w)
            .flatten()
            .all(|x| x.is_finite() && *x > 0.0));
        let c = match cell {
            "lstm" => rows("cell_grad_norms_history"),
            _ => {
                assert!(v.get("cell_grad_norms_history").is_none(), "{cell}");
                vec![vec![]; 4]
            }
        };
        let mut t = Trainer::new(&config).unwrap();
        t.train_epochs(4).unwrap();
        let g = t.grad_norms().unwrap();
        assert_eq!((g.epoch, g.h, g.c), (4, &h[3][..], &c[3][..]), "{cell}");
        assert_eq!(g.weights[..], w[3][..], "{cell}");
    }
}

#[test]
fn a_held_out_stretch_reports_its_own_loss() {
    let seq: Vec<String> = (0..60)
        .map(|i| format!("{:.3}", (i as f32 / 4.0).sin()))
        .collect();
    let seq = seq.join(",");
    let (code, out, err) = cli(&[
        "train",
        "--sequence",
        &seq,
        "--seq-len",
        "6",
        "--n-steps",
        "1",
        "--units",
        "8",
        "--epochs",
        "7",
        "--holdout",
        "20",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["val_loss_history"].as_array().unwrap().len(), 7);
}

#[test]
fn summary_prints_keras_counts() {
    let (code, out, _) = cli(&["summary", "--units", "50", "--n-steps", "2"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2,600") && out.contains("102") && out.contains("Total params: 2,702"),
        "{out}"
    );
}

#[test]
fn keras_weights_in_give_keras_forecast() {
    // The fixture's initial weights, trained 200 epochs without shuffling, must land on Keras's forecast.
    let dir = std::env::temp_dir().join(format!("rnnp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/keras_notebook.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let w_in = dir.join("in.json");
    std::fs::write(&w_in, fixture["initial_weights"].to_string()).unwrap();
    let w_out = dir.join("out.json");
    let mut args = vec!["train"];
    args.extend(NOTEBOOK);
    let (w_in_s, w_out_s) = (w_in.to_str().unwrap(), w_out.to_str().unwrap());
    args.extend([
        "--no-shuffle",
        "--epochs",
        "200",
        "--weights-in",
        w_in_s,
        "--weights-out",
        w_out_s,
        "--forecast",
        "70,80,90",
        "--json",
    ]);
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (got, want) in v["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .zip(fixture["forecast"].as_array().unwrap())
    {
        let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
        assert!((g - w).abs() < 1e-3 * w.abs(), "forecast {g} vs Keras {w}");
    }
    // What we wrote reads back as Keras's layout: 5 arrays, kernel (1, 50).
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&w_out).unwrap()).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 5);
    assert_eq!(written[0].as_array().unwrap().len(), 1);
    assert_eq!(written[0][0].as_array().unwrap().len(), 50);
    // And it continues where it left off: zero epochs with it in gives the same forecast.
    let mut again = vec!["train"];
    again.extend(NOTEBOOK);
    again.extend([
        "--epochs",
        "1",
        "--lr",
        "1e-30",
        "--weights-in",
        w_out_s,
        "--forecast",
        "70,80,90",
        "--json",
    ]);
    let (code, out2, err) = cli(&again);
    assert_eq!(code, 0, "{err}");
    let v2: serde_json::Value = serde_json::from_str(&out2).unwrap();
    assert_eq!(v["forecast"], v2["forecast"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_is_one_line_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("rnnp-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wrong = dir.join("wrong.json");
    std::fs::write(&wrong, "[[[1,2]],[[1,0],[0,1]],[0,0],[[1],[1]],[0]]").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["train", "--sequence", "10, abc, 30"],
            "\"abc\" at position 2 is not a number",
        ),
        (
            vec!["train", "--sequence", "1,2,3,4"],
            "needs seq_len + n_steps = 5 values",
        ),
        (
            vec!["train", "--seq-len", "0"],
            "seq_len must be a whole number from 1 to 500",
        ),
        (
            vec!["train", "--lr", "-1"],
            "learning rate must be a number above 0",
        ),
        (vec!["train", "--units"], "--units needs a value"),
        (vec!["train", "--colour", "red"], "unknown option --colour"),
        (vec!["fly"], "unknown command"),
        (
            vec!["train", "--forecast", "1,2"],
            "exactly seq_len = 3 values",
        ),
        (
            vec!["train", "--weights-in", "/nonexistent/w.json"],
            "cannot read",
        ),
        (
            vec!["train", "--weights-in", wrong.to_str().unwrap()],
            "kernel has shape [1, 2] (a SimpleRNN with 2 units?), but this SimpleRNN with 50 units needs [1, 50].",
        ),
    ];
    for (args, want) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(want),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn help_lists_every_option_with_its_default_and_exits_0() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["train", "--help"],
        vec!["summary", "--units", "8", "-h"],
        vec![],
    ] {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.starts_with("usage: rnn-playground"), "{args:?}: {out}");
        for s in rnn_playground::config::SETTINGS {
            // Every setting's flag comes from the table, toggles' off form too.
            let flag = format!("--{} ", s.id);
            assert!(
                out.contains(&flag),
                "{flag} is missing from the help:\n{out}"
            );
            let line = out
                .lines()
                .find(|l| l.trim_start().starts_with(&flag))
                .unwrap();
            assert!(
                line.ends_with(&format!("[{}]", s.default)),
                "{flag}'s line should end with its default: {line}"
            );
            if s.kind == rnn_playground::config::Kind::Toggle {
                let off = format!("--no-{}", s.id);
                assert!(out.contains(&off), "{off} is missing from the help:\n{out}");
            }
            for alias in s.aliases {
                assert!(line.contains(&format!("(or --{alias})")), "{line}");
            }
        }
    }
    // An unknown flag is still an error, and is named.
    let (code, _, err) = cli(&["train", "--colour", "red"]);
    assert_eq!(code, 2);
    assert!(err.contains("--colour"), "{err}");
}

#[test]
fn keras_prints_the_program_for_the_settings() {
    let (code, out, err) = cli(&["keras", "--units", "8", "--holdout", "20"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("layers.SimpleRNN(8, activation=\"relu\")"),
        "{out}"
    );
    assert!(out.contains("validation_data=(X_val, y_val)"), "{out}");
    let (code, _, err) = cli(&["keras", "--units", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("units must be a whole number"), "{err}");
}

/// `forecast`: no training, the forecast and its sensitivity from saved weights, with scaling on.
/// The sensitivity printed is checked against central differences of the forecast printed for
/// windows moved by ±h and ±h/2 (Richardson, as tests/sensitivity.rs explains: h = 0.1 in the
/// model's units, here 0.1·scale = 2.5 raw; the same tolerance, 2e-3 of each forecast value's
/// largest sensitivity), for every cell.
#[test]
fn forecast_prints_the_sensitivity_and_it_matches_differences_of_the_forecast() {
    let dir = std::env::temp_dir().join(format!("rnnp-cli-forecast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The notebook's sequence, standardized: std 25.8, so raw steps of 2.5 are 0.1 scaled.
    let options = [
        "--units",
        "6",
        "--activation",
        "tanh",
        "--scale",
        "standardize",
        "--n-steps",
        "2",
    ];
    for cell in ["simple_rnn", "lstm", "gru"] {
        let weights = dir.join(format!("{cell}.json"));
        let w = weights.to_str().unwrap();
        let mut train = vec!["train", "--cell", cell, "--epochs", "30", "--lr", "0.01"];
        train.extend(options);
        train.extend(["--weights-out", w]);
        let (code, _, err) = cli(&train);
        assert_eq!(code, 0, "{err}");
        let run = |window: &[f32]| -> serde_json::Value {
            let text: Vec<String> = window.iter().map(|v| v.to_string()).collect();
            let text = text.join(",");
            let mut args = vec!["forecast", "--cell", cell, "--weights-in", w];
            args.extend(options);
            args.extend(["--forecast", &text, "--json"]);
            let (code, out, err) = cli(&args);
            assert_eq!(code, 0, "{err}");
            serde_json::from_str(&out).unwrap()
        };
        let floats = |v: &serde_json::Value| -> Vec<f64> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        let window = [70.0f32, 80.0, 90.0];
        let v = run(&window);
        let forecast = floats(&v["forecast"]);
        let sensitivity: Vec<Vec<f64>> = v["sensitivity"]
            .as_array()
            .unwrap()
            .iter()
            .map(floats)
            .collect();
        assert_eq!((forecast.len(), sensitivity.len()), (2, 2));
        assert!(sensitivity.iter().all(|s| s.len() == 3));
        // ∂forecast_j/∂x_t by differences of the printed forecasts.
        let h = 2.5f32;
        let central = |t: usize, h: f32| -> Vec<f64> {
            let (mut up, mut down) = (window, window);
            up[t] += h;
            down[t] -= h;
            let (a, b) = (
                floats(&run(&up)["forecast"]),
                floats(&run(&down)["forecast"]),
            );
            a.iter()
                .zip(&b)
                .map(|(a, b)| (a - b) / (2.0 * h as f64))
                .collect()
        };
        let mut numeric = [[0.0f64; 3]; 2]; // (S, T)
        for t in 0..3 {
            let (wide, narrow) = (central(t, h), central(t, h / 2.0));
            for (row, (w, n)) in numeric.iter_mut().zip(wide.iter().zip(&narrow)) {
                row[t] = (4.0 * n - w) / 3.0;
            }
        }
        for j in 0..2 {
            let largest = numeric[j].iter().fold(0.0f64, |m, v| m.max(v.abs()));
            for t in 0..3 {
                let (got, want) = (sensitivity[j][t], numeric[j][t]);
                assert!(
                    (got - want).abs() <= 2e-3 * largest + 1e-6,
                    "{cell} forecast {j} input {t}: printed {got}, differences {want}"
                );
            }
        }
        // The text form: the forecast, then a line per forecast value.
        let mut args = vec!["forecast", "--cell", cell, "--weights-in", w];
        args.extend(options);
        args.extend(["--forecast", "70,80,90"]);
        let (code, out, err) = cli(&args);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].starts_with("forecast after [70.0, 80.0, 90.0]: ["));
        assert!(lines[1].starts_with("sensitivity: how much each forecast value moves"));
        assert!(lines[2].starts_with("  t+1: [") && lines[3].starts_with("  t+2: ["));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn forecast_needs_weights_and_defaults_to_the_data_s_last_values() {
    let dir = std::env::temp_dir().join(format!("rnnp-cli-forecast-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let w = dir.join("w.json");
    let (code, _, err) = cli(&[
        "train",
        "--epochs",
        "1",
        "--weights-out",
        w.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let w = w.to_str().unwrap();
    // Without --forecast: from the sequence's last seq_len values, 70, 80, 90.
    let (code, last, err) = cli(&["forecast", "--weights-in", w, "--json"]);
    assert_eq!(code, 0, "{err}");
    let (_, given, _) = cli(&[
        "forecast",
        "--weights-in",
        w,
        "--forecast",
        "70,80,90",
        "--json",
    ]);
    assert_eq!(last, given);
    let v: serde_json::Value = serde_json::from_str(&last).unwrap();
    assert_eq!(v["window"], serde_json::json!([70.0, 80.0, 90.0]));
    for (args, want) in [
        (
            vec!["forecast", "--forecast", "70,80,90"],
            "forecast needs --weights-in FILE",
        ),
        (
            vec!["forecast", "--weights-in", w, "--forecast", "1,2"],
            "exactly seq_len = 3 values",
        ),
        (
            vec![
                "forecast",
                "--weights-in",
                w,
                "--units",
                "8",
                "--forecast",
                "1,2,3",
            ],
            "needs [1, 8]",
        ),
    ] {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(want),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A table from a CSV file, both series forecast: the sensitivity per forecast value and input
/// column, `[S·K][F][T]`, against Richardson differences of the printed forecast, each column
/// stepped by a tenth of its own spread; and the text names the series.
#[test]
fn forecast_of_a_table_gives_the_sensitivity_per_column() {
    let dir = std::env::temp_dir().join(format!("rnnp-cli-forecast-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rows: Vec<[f32; 2]> = (0..30)
        .map(|i| {
            let t = i as f32;
            [
                (500.0 + 100.0 * (t * 0.4).sin()).round(),
                (2.0 + (t * 0.7).cos()).round() / 4.0,
            ]
        })
        .collect();
    let mut csv = String::from("visits,rain\n");
    for r in &rows {
        csv += &format!("{},{}\n", r[0], r[1]);
    }
    let data = dir.join("data.csv");
    std::fs::write(&data, csv).unwrap();
    let weights = dir.join("w.json");
    let (data, w) = (data.to_str().unwrap(), weights.to_str().unwrap());
    let options = [
        "--csv",
        data,
        "--target",
        "all",
        "--seq-len",
        "3",
        "--n-steps",
        "1",
        "--units",
        "5",
        "--cell",
        "gru",
        "--activation",
        "tanh",
        "--scale",
        "standardize",
    ];
    let mut train = vec![
        "train",
        "--epochs",
        "20",
        "--lr",
        "0.01",
        "--weights-out",
        w,
    ];
    train.extend(options);
    let (code, _, err) = cli(&train);
    assert_eq!(code, 0, "{err}");
    let run = |window: &[f32], json: bool| -> String {
        let text: Vec<String> = window.iter().map(|v| v.to_string()).collect();
        let text = text.join(",");
        let mut args = vec!["forecast", "--weights-in", w, "--forecast", &text];
        args.extend(options);
        if json {
            args.push("--json");
        }
        let (code, out, err) = cli(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let json =
        |window: &[f32]| -> serde_json::Value { serde_json::from_str(&run(window, true)).unwrap() };
    let floats = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let window: Vec<f32> = rows[27..].iter().flatten().copied().collect(); // (T = 3, F = 2)
    let v = json(&window);
    // (S·K = 2, F = 2, T = 3)
    let s: Vec<Vec<Vec<f64>>> = v["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j.as_array().unwrap().iter().map(floats).collect())
        .collect();
    assert_eq!((s.len(), s[0].len(), s[0][0].len()), (2, 2, 3));
    let spread = |c: usize| {
        let col: Vec<f64> = rows.iter().map(|r| r[c] as f64).collect();
        let mean = col.iter().sum::<f64>() / col.len() as f64;
        (col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / col.len() as f64).sqrt()
    };
    let mut worst = 0.0f64;
    for j in 0..2 {
        let mut numeric = [[0.0f64; 3]; 2]; // (F, T)
        for t in 0..3 {
            for (c, row) in numeric.iter_mut().enumerate() {
                let h = (0.1 * spread(c)) as f32;
                let central = |h: f32| {
                    let (mut up, mut down) = (window.clone(), window.clone());
                    up[t * 2 + c] += h;
                    down[t * 2 + c] -= h;
                    let step = up[t * 2 + c] as f64 - down[t * 2 + c] as f64;
                    let (a, b) = (
                        floats(&json(&up)["forecast"]),
                        floats(&json(&down)["forecast"]),
                    );
                    (a[j] - b[j]) / step
                };
                row[t] = (4.0 * central(h / 2.0) - central(h)) / 3.0;
            }
        }
        let largest = numeric.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
        for c in 0..2 {
            for t in 0..3 {
                let err = (s[j][c][t] - numeric[c][t]).abs();
                worst = worst.max(err / largest);
                assert!(
                    err <= 2e-3 * largest + 1e-6,
                    "forecast {j}, column {c}, step {t}: printed {}, differences {}",
                    s[j][c][t],
                    numeric[c][t]
                );
            }
        }
    }
    eprintln!("table through the CLI: worst relative error {worst:.1e}");
    let text = run(&window, false);
    assert!(
        text.starts_with("forecast of visits, rain for the 1 rows after"),
        "{text}"
    );
    assert!(text.contains("  t+1 rain, per unit of visits: ["), "{text}");
    assert_eq!(text.lines().count(), 2 + 4, "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A CSV file with a header line, as `--csv` reads it: dates as labels, then two series.
fn csv_file(name: &str, rows: usize) -> std::path::PathBuf {
    let path =
        std::env::temp_dir().join(format!("rnn-playground-{}-{name}.csv", std::process::id()));
    let mut text = String::from("month;lead;sales\n");
    for i in 0..rows {
        text += &format!(
            "2024-{i};{:.3};{:.2}\n",
            10.0 + (i as f32 / 4.0).sin(),
            200.0 + 3.0 * ((i as f32 - 3.0) / 4.0).sin()
        );
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// `--csv` with `--target`, stacked `--units` and a bare `--bidirectional`: the forecast comes
/// from the file's last rows (flat, time-major) and the counts are Keras's for that model.
#[test]
fn a_csv_table_trains_a_stacked_bidirectional_model_and_forecasts_from_its_last_rows() {
    let file = csv_file("table", 30);
    let path = file.to_str().unwrap();
    let common = [
        "--csv",
        path,
        "--seq-len",
        "4",
        "--n-steps",
        "3",
        "--units",
        "8,6",
        "--bidirectional",
        "--cell",
        "gru",
        "--epochs",
        "3",
        "--scale",
        "standardize",
        "--json",
    ];
    let mut one = vec!["train", "--target", "sales"];
    one.extend(common);
    let (code, out, err) = cli(&one);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["forecast"].as_array().unwrap().len(),
        3,
        "3 steps of sales"
    );
    // GRU both ways: 2·3·8·(8 + 2 + 2) from 2 series, 2·3·6·(6 + 16 + 2) from the 16 below;
    // Dense (12 + 1)·3.
    assert_eq!(v["params"]["layers"], serde_json::json!([576, 864]));
    assert_eq!(v["params"]["total"], 576 + 864 + 39);
    let mut all = vec!["train", "--target", "all"];
    all.extend(common);
    let (code, out, err) = cli(&all);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["forecast"].as_array().unwrap().len(),
        6,
        "3 steps of both series, flat"
    );
    // In text: which series, from which rows.
    let mut text = vec!["train", "--target", "sales"];
    text.extend(&common[..common.len() - 1]);
    let (code, out, err) = cli(&text);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("forecast of sales for the 3 rows after"),
        "{out}"
    );
    std::fs::remove_file(file).ok();
}

#[test]
fn bad_tables_and_targets_are_one_line_with_exit_code_2() {
    let file = std::env::temp_dir().join(format!("rnn-playground-{}-bad.csv", std::process::id()));
    std::fs::write(&file, "a,b\n1,2\n3,x\n").unwrap();
    let (code, _, err) = cli(&["train", "--csv", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Line 3, column \u{201c}b\u{201d}: \u{201c}x\u{201d} is not a number."),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let good = csv_file("good", 20);
    let (code, _, err) = cli(&[
        "train",
        "--csv",
        good.to_str().unwrap(),
        "--target",
        "price",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no column called \u{201c}price\u{201d}"),
        "{err}"
    );
    let (code, _, err) = cli(&["train", "--csv", "/nonexistent/file.csv"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --csv: cannot read"), "{err}");
    let (code, _, err) = cli(&["train", "--units", "8,0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("units must be a whole number from 1 to 512"),
        "{err}"
    );
    std::fs::remove_file(file).ok();
    std::fs::remove_file(good).ok();
}
