//! Shared by the native integration tests: reading the Keras fixtures and comparing arrays.
#![allow(dead_code)]

use rnn_playground::config::Config;
use rnn_playground::data::scale::Scaling;
use rnn_playground::data::split_series;
use rnn_playground::data::Series;
use rnn_playground::nn::activation::Activation;
use rnn_playground::nn::cell::Cell;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::model::{Dims, Model};
use rnn_playground::nn::pass::loss_and_grads;
use rnn_playground::nn::trainer::{Step, Trainer};
use serde_json::Value;

pub const FIXTURES: [&str; 5] = [
    "notebook",
    "tanh_small",
    "relu_minibatch",
    "sigmoid_small",
    "linear_small",
];

/// The LSTM and GRU fixtures (their config has a "cell").
pub const CELL_FIXTURES: [&str; 6] = [
    "lstm_notebook",
    "lstm_tanh_minibatch",
    "lstm_sigmoid_small",
    "gru_notebook",
    "gru_tanh_minibatch",
    "gru_linear_small",
];

/// Stacked layers, Bidirectional and tables (several series; one target or all).
pub const STACK_FIXTURES: [&str; 9] = [
    "stack2_simple_rnn_tanh",
    "stack3_lstm_relu_minibatch",
    "stack2_gru_tanh_minibatch",
    "bidir_simple_rnn_relu_minibatch",
    "bidir2_lstm_tanh",
    "bidir_gru_tanh_minibatch",
    "table_lstm_one_target",
    "table_gru_all_targets",
    "table_stack_bidir_simple_rnn",
];

pub struct Fixture {
    pub name: String,
    pub json: Value,
    pub config: Config,
    pub dims: Dims,
}

pub fn fixture(name: &str) -> Fixture {
    let path = format!(
        "{}/tests/fixtures/keras_{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    fixture_from(name, &std::fs::read_to_string(&path).unwrap())
}

/// A fixture from its JSON text (the wasm tests embed the files with `include_str!`).
pub fn fixture_from(name: &str, text: &str) -> Fixture {
    let json: Value = serde_json::from_str(text).unwrap();
    let c = &json["config"];
    // Units: one number, or a list per layer (stacks).
    let units: Vec<usize> = match &c["units"] {
        Value::Array(a) => a.iter().map(|u| u.as_u64().unwrap() as usize).collect(),
        u => vec![u.as_u64().unwrap() as usize],
    };
    // A table: "columns" and "table" (rows); otherwise one "sequence".
    let series = match c["table"].as_array() {
        Some(rows) => Series {
            values: rows.iter().flat_map(floats).collect(),
            columns: c["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect(),
            labels: None,
        },
        None => Series::plain(floats(&c["sequence"])),
    };
    let config = Config {
        series,
        target: c["target"].as_str().unwrap_or("").to_string(),
        seq_len: c["seq_len"].as_u64().unwrap() as usize,
        n_steps: c["n_steps"].as_u64().unwrap() as usize,
        // Fixtures from before LSTM and GRU have no "cell": they are SimpleRNN's.
        cell: c["cell"]
            .as_str()
            .map_or(Cell::SimpleRnn, |s| Cell::parse(s).unwrap()),
        units: Layers::new(&units).unwrap(),
        bidirectional: c["bidirectional"].as_bool().unwrap_or(false),
        activation: Activation::parse(c["activation"].as_str().unwrap()).unwrap(),
        learning_rate: c["learning_rate"].as_f64().unwrap() as f32,
        epochs: c["epochs"].as_u64().unwrap() as usize,
        batch_size: c["batch_size"].as_u64().unwrap() as usize,
        shuffle: false,
        seed: 0,
        scaling: Scaling::None,
        holdout: 0,
    };
    let dims = config.validate().unwrap();
    Fixture {
        name: name.to_string(),
        json,
        config,
        dims,
    }
}

impl Fixture {
    /// The five weight arrays under `key`, flattened into our parameter layout.
    pub fn params(&self, key: &str) -> Vec<f32> {
        floats(&self.json[key])
    }

    pub fn model(&self, key: &str) -> Model {
        Model::with_params(self.dims, self.config.activation, self.params(key))
    }
}

/// Every number in a nested JSON array, in row-major order.
pub fn floats(v: &Value) -> Vec<f32> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<f32>) {
        match v {
            Value::Number(n) => out.push(n.as_f64().unwrap() as f32),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            other => panic!("not a number: {other}"),
        }
    }
    walk(v, &mut out);
    out
}

/// Asserts |got − want| ≤ rtol·|want| + atol for every element, printing the first mismatches.
pub fn assert_close(what: &str, got: &[f32], want: &[f32], rtol: f32, atol: f32) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    // Written so that NaN counts as a mismatch.
    let within = |g: f32, w: f32| (g - w).abs() <= rtol * w.abs() + atol;
    let bad: Vec<String> = got
        .iter()
        .zip(want)
        .enumerate()
        .filter(|(_, (g, w))| !within(**g, **w))
        .take(5)
        .map(|(i, (g, w))| format!("[{i}] got {g} want {w} (diff {:e})", (g - w).abs()))
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: {} of {} elements differ beyond rtol {rtol:e} + atol {atol:e}; first: {}",
        got.iter()
            .zip(want)
            .filter(|(g, w)| !within(**g, **w))
            .count(),
        got.len(),
        bad.join("; ")
    );
}

/// The largest |value|: sets an absolute floor relative to an array's own scale.
pub fn max_abs(v: &[f32]) -> f32 {
    v.iter().fold(0.0f32, |a, &b| a.max(b.abs()))
}

/// The second seeded run in `native_seed42.json` (the first is the default config): tanh, scaled.
pub fn reference_config() -> Config {
    let mut c = Config {
        series: Series::plain(
            (0..60)
                .map(|i| 50.0 + 40.0 * (i as f32 / 8.0).sin())
                .collect(),
        ),
        seq_len: 8,
        n_steps: 3,
        units: Layers::one(20),
        batch_size: 16,
        ..Config::default()
    };
    c.set(rnn_playground::config::Field::Activation, "tanh")
        .unwrap();
    c.set(rnn_playground::config::Field::Scaling, "standardize")
        .unwrap();
    c
}

pub const ONE_STEP: f32 = 1e-5;

/// Predictions, batch loss and every gradient from Keras's initial weights; weights after 1 and
/// 5 steps. Tolerances: see tests/keras.rs.
pub fn check_steps(f: &Fixture) {
    let name = f.name.as_str();
    let windows = split_series(
        &f.config.series.values,
        f.config.series.features(),
        &f.config.target_columns().unwrap(),
        f.config.seq_len,
        f.config.n_steps,
    )
    .unwrap();
    assert_close(
        &format!("{name} x"),
        &windows.inputs(0..windows.len()),
        &floats(&f.json["x"]),
        0.0,
        0.0,
    );
    assert_close(
        &format!("{name} y"),
        &windows.targets(0..windows.len()),
        &floats(&f.json["y"]),
        0.0,
        0.0,
    );

    let model = f.model("initial_weights");
    let want = floats(&f.json["predictions"]);
    let got = model.predict(&windows.inputs(0..windows.len()));
    assert_close(
        &format!("{name} predictions"),
        &got,
        &want,
        ONE_STEP,
        ONE_STEP * max_abs(&want),
    );

    let first = f.json["first_batch"].as_u64().unwrap() as usize;
    let idx: Vec<usize> = (0..first).collect();
    let (loss, grads) = loss_and_grads(&model, &windows, &idx);
    let want_loss = f.json["batch_loss"].as_f64().unwrap() as f32;
    assert_close(
        &format!("{name} batch loss"),
        &[loss],
        &[want_loss],
        ONE_STEP,
        0.0,
    );
    let want_grads = f.params("gradients");
    // Each of the five arrays has its own scale, so each gets its own floor.
    let arrays = f.dims.layout().arrays();
    for (range, wname) in arrays.into_iter().zip(f.dims.array_names()) {
        let (g, w) = (&grads[range.clone()], &want_grads[range]);
        assert_close(
            &format!("{name} d_{wname}"),
            g,
            w,
            ONE_STEP,
            ONE_STEP * max_abs(w),
        );
    }

    let mut trainer = Trainer::with_model(&f.config, model).unwrap();
    let mut losses = Vec::new();
    for step in 1..=5 {
        let before = trainer.history().len();
        let s = trainer.step().unwrap();
        assert!(matches!(s, Step::Batch | Step::Epoch(_)));
        losses.push(
            if trainer.history().len() > before && first == windows.len() {
                trainer.history()[before]
            } else {
                f32::NAN
            },
        );
        if step == 1 || step == 5 {
            let key = format!("weights_after_{step}");
            let want = f.params(&key);
            let rtol = if step == 1 { ONE_STEP } else { 2.0 * ONE_STEP };
            assert_close(
                &format!("{name} {key}"),
                &trainer.model().params,
                &want,
                rtol,
                ONE_STEP * max_abs(&want),
            );
        }
    }
    // With one batch per epoch, each epoch's loss is that step's loss, before its update.
    if first == windows.len() {
        let want = floats(&f.json["losses_first_5"]);
        assert_close(
            &format!("{name} first 5 losses"),
            &losses,
            &want,
            ONE_STEP,
            0.0,
        );
    }
}

/// The 200-epoch `fit` history and the forecast after it. Tolerances: see tests/keras.rs.
pub fn check_history(f: &Fixture) {
    let name = f.name.as_str();
    let mut trainer = Trainer::with_model(&f.config, f.model("initial_weights")).unwrap();
    trainer.train_epochs(200).unwrap();
    let want = floats(&f.json["loss_history"]);
    assert_close(
        &format!("{name} loss history"),
        trainer.history(),
        &want,
        1e-3,
        5e-5 * want[0],
    );
    let window = floats(&f.json["forecast_input"]);
    let want = floats(&f.json["forecast"]);
    let got = trainer.forecast(&window).unwrap();
    assert_close(
        &format!("{name} forecast"),
        &got,
        &want,
        1e-3,
        1e-4 * max_abs(&want),
    );
}

/// The LSTM's and GRU's seeded runs in `native_cells_seed42.json`: name, config, epochs. The
/// reference config (tanh, scaled) for 20 epochs, and every activation at odd sizes for 5.
pub fn cell_reference_configs() -> Vec<(String, Config, usize)> {
    let mut runs = Vec::new();
    for cell in [Cell::Lstm, Cell::Gru] {
        let mut c = reference_config();
        c.cell = cell;
        runs.push((format!("{cell} reference"), c, 20));
        for (i, mut c) in odd_configs().into_iter().enumerate() {
            c.cell = cell;
            runs.push((format!("{cell} odd {i} {}", c.activation), c, 5));
        }
    }
    runs
}

/// Every activation, units not a multiple of 4, a batch of 1 and a partial batch: the third
/// entry of `native_seed42.json` holds their 5-epoch histories.
pub fn odd_configs() -> Vec<Config> {
    let sequence: Vec<f32> = (0..23)
        .map(|i| (i as f32 * 0.9).sin() * 3.0 + 1.0)
        .collect();
    Activation::ALL
        .iter()
        .zip([1usize, 7, 13, 6])
        .map(|(&activation, batch_size)| Config {
            series: Series::plain(sequence.clone()),
            seq_len: 5,
            n_steps: 3,
            units: Layers::one(7 + 2 * batch_size % 5),
            activation,
            batch_size,
            learning_rate: 0.01,
            ..Config::default()
        })
        .collect()
}

/// SimpleRNN(tanh), seq_len 100, 16 units, on a sine: its gradient vanishes over the window
/// (tests/grad_flow.rs). The sine is libm's, the same bits natively and in wasm32 (the standard
/// library's `sin` is the platform's).
pub fn vanishing_config() -> Config {
    let mut c = Config {
        series: Series::plain((0..160).map(|i| libm::sinf(i as f32 / 6.0)).collect()),
        seq_len: 100,
        n_steps: 1,
        units: Layers::one(16),
        batch_size: 16,
        ..Config::default()
    };
    c.activation = Activation::Tanh;
    c
}

/// The runs whose gradient-flow record `native_grad_norms_seed42.json` holds, epoch by epoch:
/// name, config, epochs. The vanishing SimpleRNN; each cell on the reference config (tanh,
/// scaled, with a held-out stretch); relu and sigmoid at odd sizes. Their sines are libm's, so
/// the data, and then every bit, is the same natively and in wasm32.
pub fn grad_flow_configs() -> Vec<(String, Config, usize)> {
    let mut runs = vec![("simple_rnn vanishing".to_string(), vanishing_config(), 3)];
    for cell in Cell::ALL {
        let mut c = reference_config();
        c.series = Series::plain(
            (0..60)
                .map(|i| 50.0 + 40.0 * libm::sinf(i as f32 / 8.0))
                .collect(),
        );
        c.cell = cell;
        c.holdout = 20;
        runs.push((format!("{cell} reference"), c, 3));
        for i in [0, 1] {
            let mut c = odd_configs()[i].clone();
            c.series = Series::plain(
                (0..23)
                    .map(|i| libm::sinf(i as f32 * 0.9) * 3.0 + 1.0)
                    .collect(),
            );
            c.cell = cell;
            runs.push((format!("{cell} odd {i} {}", c.activation), c, 3));
        }
    }
    runs
}

/// Trains `run` epoch by epoch and returns its gradient-flow record as JSON: per epoch, h, c and
/// the weights' norms.
pub fn grad_flow_record(name: &str, config: &Config, epochs: usize) -> Value {
    let mut t = Trainer::new(config).unwrap();
    let (mut h, mut c, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 1..=epochs {
        t.train_epochs(1).unwrap();
        let g = t.grad_norms().unwrap();
        assert_eq!(g.epoch, epoch);
        h.push(g.h.to_vec());
        c.push(g.c.to_vec());
        w.push(g.weights.to_vec());
    }
    serde_json::json!({ "name": name, "h": h, "c": c, "weights": w })
}

/// A gradient-flow record (see [`grad_flow_record`]) as names and f32 bits, to compare exactly
/// (JSON's decimal text may come back a unit off in f64, never in f32).
pub fn grad_flow_bits(runs: &Value) -> Vec<(String, Vec<u32>)> {
    runs.as_array()
        .unwrap()
        .iter()
        .flat_map(|run| {
            let name = run["name"].as_str().unwrap().to_string();
            ["h", "c", "weights"].map(|key| {
                let bits = run[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|epoch| floats(epoch).into_iter().map(f32::to_bits))
                    .collect();
                (format!("{name} {key}"), bits)
            })
        })
        .collect()
}
