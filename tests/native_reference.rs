//! Writes and checks `tests/fixtures/native_seed42.json` (SimpleRNN), `native_cells_seed42.json`
//! (LSTM and GRU) and `native_grad_norms_seed42.json` (the gradient flow's record): our own runs
//! of seeded configs, so the wasm32 build (tests/web.rs, in Chromium) can be compared with the
//! native one.
//! Regenerate after an intended change of the math or the generator: `UPDATE_FIXTURES=1 cargo test`.

mod common;
use common::{cell_reference_configs, grad_flow_configs, grad_flow_record, reference_config};
use rnn_playground::config::Config;
use rnn_playground::nn::trainer::Trainer;

#[test]
fn native_run_matches_the_committed_reference() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/native_seed42.json"
    );
    let mut runs = Vec::new();
    for config in [Config::default(), reference_config()] {
        let mut t = Trainer::new(&config).unwrap();
        let initial = t.model().params.clone();
        t.train_epochs(50).unwrap();
        runs.push(serde_json::json!({
            "initial_params": initial,
            "loss_history": t.history(),
        }));
    }
    let odd: Vec<serde_json::Value> = common::odd_configs()
        .iter()
        .map(|c| {
            let mut t = Trainer::new(c).unwrap();
            t.train_epochs(5).unwrap();
            serde_json::json!(t.history())
        })
        .collect();
    runs.push(serde_json::Value::Array(odd));
    let now = serde_json::Value::Array(runs);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, now.to_string()).unwrap();
    }
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Natively the run is bit-for-bit reproducible, so the comparison is exact (as f32: JSON's
    // decimal text may come back a unit off in f64, never in f32).
    let as_f32 = |v: &serde_json::Value| -> Vec<f32> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect()
    };
    let (committed, now) = (committed.as_array().unwrap(), now.as_array().unwrap());
    assert_eq!(
        committed.len(),
        now.len(),
        "regenerate: the reference gained a run"
    );
    let odd = |v: &serde_json::Value| v.as_array().unwrap().iter().map(as_f32).collect::<Vec<_>>();
    assert_eq!(
        odd(&committed[2]),
        odd(&now[2]),
        "odd configs changed; if intended, regenerate"
    );
    for (i, (c, n)) in committed[..2].iter().zip(&now[..2]).enumerate() {
        for key in ["initial_params", "loss_history"] {
            assert_eq!(
                as_f32(&c[key]),
                as_f32(&n[key]),
                "run {i} {key} changed; if intended, regenerate"
            );
        }
    }
}

/// The LSTM's and GRU's runs, in their own file, so SimpleRNN's reference above stays as it was.
#[test]
fn lstm_and_gru_native_runs_match_their_reference() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/native_cells_seed42.json"
    );
    let runs: Vec<serde_json::Value> = cell_reference_configs()
        .iter()
        .map(|(name, config, epochs)| {
            let mut t = Trainer::new(config).unwrap();
            let initial = t.model().params.clone();
            t.train_epochs(*epochs).unwrap();
            serde_json::json!({
                "name": name,
                "initial_params": initial,
                "loss_history": t.history(),
            })
        })
        .collect();
    let now = serde_json::Value::Array(runs);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, now.to_string()).unwrap();
    }
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let as_f32 = |v: &serde_json::Value| -> Vec<f32> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect()
    };
    let (committed, now) = (committed.as_array().unwrap(), now.as_array().unwrap());
    assert_eq!(committed.len(), now.len(), "regenerate: the runs changed");
    for (c, n) in committed.iter().zip(now) {
        assert_eq!(c["name"], n["name"]);
        for key in ["initial_params", "loss_history"] {
            assert_eq!(
                as_f32(&c[key]),
                as_f32(&n[key]),
                "{} {key} changed; if intended, regenerate",
                n["name"]
            );
        }
    }
}

/// The gradient flow's record, epoch by epoch (`grad_norms`), in its own file: exact natively.
#[test]
fn grad_norms_match_their_reference() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/native_grad_norms_seed42.json"
    );
    let now: Vec<serde_json::Value> = grad_flow_configs()
        .iter()
        .map(|(name, config, epochs)| grad_flow_record(name, config, *epochs))
        .collect();
    let now = serde_json::Value::Array(now);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, now.to_string()).unwrap();
    }
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        common::grad_flow_bits(&committed),
        common::grad_flow_bits(&now),
        "the gradient flow's record changed; if intended, regenerate"
    );
}
