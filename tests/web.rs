//! In Chromium, through wasm-bindgen-test: the wasm32 build trains like the native one, and the
//! charts draw into a real canvas.
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --no-default-features --test web`.
#![cfg(target_arch = "wasm32")]

mod common;
use common::reference_config;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use rnn_playground::chart::{data, loss, Theme};
use rnn_playground::config::Config;
use rnn_playground::trainer::Trainer;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE: &str = include_str!("fixtures/native_seed42.json");
const KERAS: &str = include_str!("fixtures/keras_notebook.json");

fn f32s(v: &serde_json::Value) -> Vec<f32> {
    common::floats(v)
}

/// Tolerance: 1e-6 relative. The core uses libm for every transcendental function and the same
/// summation order on both targets, so the runs are expected to agree to the bit; the tolerance
/// only allows for a platform difference in f32 rounding we don't know of.
#[wasm_bindgen_test]
fn same_seed_same_loss_history_as_native() {
    let native: serde_json::Value = serde_json::from_str(NATIVE).unwrap();
    for (i, config) in [Config::default(), reference_config()].iter().enumerate() {
        let mut t = Trainer::new(config).unwrap();
        assert_eq!(
            t.model().params,
            f32s(&native[i]["initial_params"]),
            "run {i}: initial weights"
        );
        t.train_epochs(50).unwrap();
        common::assert_close(
            &format!("run {i} history"),
            t.history(),
            &f32s(&native[i]["loss_history"]),
            1e-6,
            0.0,
        );
    }
}

#[wasm_bindgen_test]
fn keras_notebook_history_in_wasm() {
    let f: serde_json::Value = serde_json::from_str(KERAS).unwrap();
    let config = Config {
        shuffle: false,
        ..Config::default()
    };
    let model = rnn_playground::model::Model {
        dims: config.validate().unwrap(),
        activation: config.activation,
        params: f32s(&f["initial_weights"]),
    };
    let mut t = Trainer::with_model(&config, model).unwrap();
    t.train_epochs(200).unwrap();
    let want = f32s(&f["loss_history"]);
    // The same tolerance as the native Keras test (tests/keras.rs).
    common::assert_close(
        "wasm notebook history",
        t.history(),
        &want,
        1e-3,
        5e-5 * want[0],
    );
}

fn canvas() -> web_sys::HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(600);
    c.set_height(300);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

#[wasm_bindgen_test]
fn charts_draw_into_a_canvas() {
    let theme = Theme::light(2.0, 13.0);
    let blank = canvas().to_data_url().unwrap();
    let c = canvas();
    let root = CanvasBackend::with_canvas_object(c.clone())
        .unwrap()
        .into_drawing_area();
    let history: Vec<f32> = (1..=300).map(|i| 100.0 / i as f32).collect();
    loss::draw(&root, &history, true, &theme).unwrap();
    let drawn = c.to_data_url().unwrap();
    assert_ne!(drawn, blank, "the loss chart left the canvas blank");

    let c2 = canvas();
    let root = CanvasBackend::with_canvas_object(c2.clone())
        .unwrap()
        .into_drawing_area();
    let seq: Vec<f32> = (1..=9).map(|i| i as f32 * 10.0).collect();
    let view = data::DataView {
        sequence: &seq,
        fit: &[40.0, 50.0],
        fit_start: 3,
        forecast: &[100.0, 110.0],
        highlight: None,
    };
    data::draw(&root, &view, &theme).unwrap();
    assert_ne!(
        c2.to_data_url().unwrap(),
        blank,
        "the data chart left the canvas blank"
    );
    assert_ne!(c2.to_data_url().unwrap(), drawn);
}
