//! Shared by the native integration tests: reading the Keras fixtures and comparing arrays.
#![allow(dead_code)]

use rnn_playground::activation::Activation;
use rnn_playground::config::Config;
use rnn_playground::model::{Dims, Model};
use rnn_playground::scale::Scaling;
use serde_json::Value;

pub const FIXTURES: [&str; 5] = [
    "notebook",
    "tanh_small",
    "relu_minibatch",
    "sigmoid_small",
    "linear_small",
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
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let c = &json["config"];
    let config = Config {
        sequence: floats(&c["sequence"]),
        seq_len: c["seq_len"].as_u64().unwrap() as usize,
        n_steps: c["n_steps"].as_u64().unwrap() as usize,
        units: c["units"].as_u64().unwrap() as usize,
        activation: Activation::parse(c["activation"].as_str().unwrap()).unwrap(),
        learning_rate: c["learning_rate"].as_f64().unwrap() as f32,
        epochs: c["epochs"].as_u64().unwrap() as usize,
        batch_size: c["batch_size"].as_u64().unwrap() as usize,
        shuffle: false,
        seed: 0,
        scaling: Scaling::None,
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
        Model {
            dims: self.dims,
            activation: self.config.activation,
            params: self.params(key),
        }
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
        sequence: (0..60)
            .map(|i| 50.0 + 40.0 * (i as f32 / 8.0).sin())
            .collect(),
        seq_len: 8,
        n_steps: 3,
        units: 20,
        batch_size: 16,
        ..Config::default()
    };
    c.set(rnn_playground::config::Field::Activation, "tanh")
        .unwrap();
    c.set(rnn_playground::config::Field::Scaling, "standardize")
        .unwrap();
    c
}
