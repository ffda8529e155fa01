//! In Chromium, through wasm-bindgen-test: the wasm32 build trains like the native one, and the
//! charts draw into a real canvas.
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --no-default-features --test web`.
#![cfg(target_arch = "wasm32")]

mod common;
use common::reference_config;
use plotters_canvas::CanvasBackend;
use rnn_playground::chart::{data, loss, Theme};
use rnn_playground::config::Config;
use rnn_playground::nn::trainer::Trainer;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE: &str = include_str!("fixtures/native_seed42.json");
const NATIVE_CELLS: &str = include_str!("fixtures/native_cells_seed42.json");
const NATIVE_GRAD_NORMS: &str = include_str!("fixtures/native_grad_norms_seed42.json");

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
        let native = &native[i];
        let mut t = Trainer::new(config).unwrap();
        assert_eq!(
            t.model().params,
            f32s(&native["initial_params"]),
            "run {i}: initial weights"
        );
        t.train_epochs(50).unwrap();
        common::assert_close(
            &format!("run {i} history"),
            t.history(),
            &f32s(&native["loss_history"]),
            1e-6,
            0.0,
        );
    }
}

const KERAS: [(&str, &str); 5] = [
    ("notebook", include_str!("fixtures/keras_notebook.json")),
    ("tanh_small", include_str!("fixtures/keras_tanh_small.json")),
    (
        "relu_minibatch",
        include_str!("fixtures/keras_relu_minibatch.json"),
    ),
    (
        "sigmoid_small",
        include_str!("fixtures/keras_sigmoid_small.json"),
    ),
    (
        "linear_small",
        include_str!("fixtures/keras_linear_small.json"),
    ),
];

const KERAS_CELLS: [(&str, &str); 6] = [
    (
        "lstm_notebook",
        include_str!("fixtures/keras_lstm_notebook.json"),
    ),
    (
        "lstm_tanh_minibatch",
        include_str!("fixtures/keras_lstm_tanh_minibatch.json"),
    ),
    (
        "lstm_sigmoid_small",
        include_str!("fixtures/keras_lstm_sigmoid_small.json"),
    ),
    (
        "gru_notebook",
        include_str!("fixtures/keras_gru_notebook.json"),
    ),
    (
        "gru_tanh_minibatch",
        include_str!("fixtures/keras_gru_tanh_minibatch.json"),
    ),
    (
        "gru_linear_small",
        include_str!("fixtures/keras_gru_linear_small.json"),
    ),
];

/// Every Keras fixture passes in wasm (with SIMD), with the native tolerances of tests/keras.rs.
#[wasm_bindgen_test]
fn keras_fixtures_in_wasm() {
    for (name, text) in KERAS.into_iter().chain(KERAS_CELLS) {
        let f = common::fixture_from(name, text);
        common::check_steps(&f);
        common::check_history(&f);
    }
}

/// LSTM and GRU in wasm against their native runs (tests/native_reference.rs), to the same
/// tolerance as SimpleRNN's above.
#[wasm_bindgen_test]
fn lstm_and_gru_train_like_native() {
    let native: serde_json::Value = serde_json::from_str(NATIVE_CELLS).unwrap();
    let runs = common::cell_reference_configs();
    assert_eq!(native.as_array().unwrap().len(), runs.len());
    for ((name, config, epochs), native) in runs.iter().zip(native.as_array().unwrap()) {
        assert_eq!(native["name"], name.as_str());
        let mut t = Trainer::new(config).unwrap();
        assert_eq!(
            t.model().params,
            f32s(&native["initial_params"]),
            "{name}: initial weights"
        );
        t.train_epochs(*epochs).unwrap();
        common::assert_close(
            &format!("{name} history"),
            t.history(),
            &f32s(&native["loss_history"]),
            1e-6,
            0.0,
        );
    }
}

/// The gradient flow's record (‖∂ℓ/∂h_t‖, ‖∂ℓ/∂c_t‖, the weights' gradient norms), epoch by epoch,
/// is the native run's to the bit (tests/native_reference.rs): the same f32 math, and the norms'
/// f64 sums in the same order.
#[wasm_bindgen_test]
fn grad_norms_are_the_native_ones_exactly() {
    let native: serde_json::Value = serde_json::from_str(NATIVE_GRAD_NORMS).unwrap();
    let now: Vec<serde_json::Value> = common::grad_flow_configs()
        .iter()
        .map(|(name, config, epochs)| common::grad_flow_record(name, config, *epochs))
        .collect();
    let now = serde_json::Value::Array(now);
    let (native, now) = (
        common::grad_flow_bits(&native),
        common::grad_flow_bits(&now),
    );
    assert_eq!(native.len(), now.len());
    for ((name, want), (got_name, got)) in native.iter().zip(&now) {
        assert_eq!(name, got_name);
        assert_eq!(got, want, "{name}: not the native bits");
    }
}

/// Odd lengths exercise both the f32x4 body and the scalar tail.
const LENGTHS: [usize; 7] = [1, 3, 4, 5, 7, 50, 513];

fn filled(n: usize, salt: u32) -> Vec<f32> {
    (0..n)
        .map(|i| (((i as u32).wrapping_mul(2_654_435_761) ^ salt) % 1000) as f32 / 250.0 - 2.0)
        .collect()
}

/// The SIMD kernels against the scalar reference: identical bits (same operations, same order).
#[wasm_bindgen_test]
fn simd_kernels_match_the_scalar_reference_exactly() {
    use rnn_playground::nn::matmul::{axpy4_scalar, axpy_scalar, dot4_acc_scalar};
    use rnn_playground::nn::simd;
    for n in LENGTHS {
        let b = filled(n, 1);
        let x = [0.5, -1.25, 3.0, 0.0];
        let mut c_simd: Vec<Vec<f32>> = (0..4).map(|r| filled(n, 10 + r)).collect();
        let mut c_ref = c_simd.clone();
        let [a0, a1, a2, a3] = &mut c_simd[..] else {
            unreachable!()
        };
        simd::axpy4(x, &b, [a0, a1, a2, a3]);
        let [r0, r1, r2, r3] = &mut c_ref[..] else {
            unreachable!()
        };
        axpy4_scalar(x, &b, [r0, r1, r2, r3]);
        assert_eq!(c_simd, c_ref, "axpy4 n={n}");

        let rows: Vec<Vec<f32>> = (0..4).map(|r| filled(n, 20 + r)).collect();
        let mut d_simd = filled(n, 30);
        let mut d_ref = d_simd.clone();
        simd::dot4_acc(x, [&rows[0], &rows[1], &rows[2], &rows[3]], &mut d_simd);
        dot4_acc_scalar(x, [&rows[0], &rows[1], &rows[2], &rows[3]], &mut d_ref);
        assert_eq!(d_simd, d_ref, "dot4_acc n={n}");

        let mut y_simd = filled(n, 40);
        let mut y_ref = y_simd.clone();
        simd::axpy(-0.75, &b, &mut y_simd);
        axpy_scalar(-0.75, &b, &mut y_ref);
        assert_eq!(y_simd, y_ref, "axpy n={n}");

        let g = filled(n, 50);
        let mut state = rnn_playground::nn::adam::AdamState::new(n);
        state.momentums = filled(n, 60);
        state.velocities = filled(n, 70).iter().map(|v| v * v).collect();
        let mut reference = state.clone();
        let (mut w_simd, mut w_ref) = (filled(n, 80), filled(n, 80));
        let (m, v) = (&mut state.momentums, &mut state.velocities);
        simd::adam(0.01, 0.1, 0.001, 1e-7, &mut w_simd, &g, m, v);
        rnn_playground::nn::adam::update_scalar(
            0.01,
            0.1,
            0.001,
            1e-7,
            &mut reference,
            &mut w_ref,
            &g,
        );
        assert_eq!(w_simd, w_ref, "adam weights n={n}");
        assert_eq!(state.velocities, reference.velocities, "adam v n={n}");

        let (a64, b64): (Vec<f64>, Vec<f64>) = b
            .iter()
            .zip(&y_ref)
            .map(|(&p, &q)| (p as f64 * 1.1, q as f64 / 3.0))
            .unzip();
        assert_eq!(
            simd::dot_f64(&a64, &b64).to_bits(),
            rnn_playground::nn::init::dot_scalar(&a64, &b64).to_bits(),
            "dot_f64 n={n}"
        );
        // Large and tiny values too: the squares must not overflow or flush as f32 would.
        let wide: Vec<f32> = b
            .iter()
            .enumerate()
            .map(|(i, &p)| p * [1.0, 3e38, 1e-30, -7.5][i % 4])
            .collect();
        for v in [&b, &wide] {
            assert_eq!(
                simd::sum_squares(v).to_bits(),
                rnn_playground::nn::grad_flow::sum_squares_scalar(v).to_bits(),
                "sum_squares n={n}"
            );
        }
    }
}

/// The recurrent kernel's transpose (made every minibatch): the SIMD blocks write what the scalar
/// ones do, and the whole transpose is the transpose, at block-multiple and ragged sizes.
#[wasm_bindgen_test]
fn simd_transpose_matches_the_scalar_one() {
    use rnn_playground::nn::cell::{transpose, transpose_blocks_scalar};
    for (rows, cols) in [
        (4, 4),
        (5, 7),
        (8, 12),
        (3, 9),
        (50, 50),
        (64, 256),
        (13, 52),
    ] {
        let m = filled(rows * cols, 90);
        let mut simd_out = vec![f32::NAN; rows * cols];
        let mut scalar_out = vec![f32::NAN; rows * cols];
        rnn_playground::nn::simd::transpose_blocks(&m, rows, cols, &mut simd_out);
        transpose_blocks_scalar(&m, rows, cols, &mut scalar_out);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&simd_out), bits(&scalar_out), "blocks {rows}x{cols}");
        let mut out = vec![f32::NAN; rows * cols];
        transpose(&m, rows, cols, &mut out);
        for i in 0..rows {
            for j in 0..cols {
                assert_eq!(
                    out[j * rows + i],
                    m[i * cols + j],
                    "{rows}x{cols} at ({i}, {j})"
                );
            }
        }
    }
}

/// σ in f32x4 against the scalar σ and libm's: the same bits on every 65,537th f32 (all signs and
/// exponents, NaN, infinities, subnormals) and at odd lengths.
#[wasm_bindgen_test]
fn simd_sigmoid_matches_the_scalar_one_exactly() {
    use rnn_playground::nn::activation::{sigmoid, sigmoid_libm};
    let z: Vec<f32> = (0..=u32::MAX)
        .step_by(65_537)
        .map(f32::from_bits)
        .chain([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN])
        .chain([1e-40, -88.5, -104.0, 0.5])
        .collect();
    assert_eq!(z.len() % 4, 1, "one value for the scalar tail");
    let mut got = z.clone();
    rnn_playground::nn::simd::sigmoid(&mut got);
    for (&z, &g) in z.iter().zip(&got) {
        for want in [sigmoid(z), sigmoid_libm(z)] {
            assert!(
                g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()),
                "σ({z:e}): simd {g:e}, scalar {want:e}"
            );
        }
    }
}

/// Whole training runs through the SIMD path for every activation, with units not a multiple
/// of 4 and a batch of 1, against the native run of the same configs (tests/native_reference.rs).
#[wasm_bindgen_test]
fn odd_sizes_train_like_native() {
    let native: serde_json::Value = serde_json::from_str(NATIVE).unwrap();
    let odd = &native[2];
    for (i, config) in common::odd_configs().iter().enumerate() {
        let mut t = Trainer::new(config).unwrap();
        t.train_epochs(5).unwrap();
        common::assert_close(
            &format!("odd config {i}"),
            t.history(),
            &f32s(&odd[i]),
            1e-6,
            0.0,
        );
    }
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
    let mut root = CanvasBackend::with_canvas_object(c.clone()).unwrap();
    let history: Vec<f32> = (1..=300).map(|i| 100.0 / i as f32).collect();
    let view = loss::LossView {
        note: None,
        history: &history,
        val: &[],
        target: 300,
        log_scale: true,
        kept: &[],
    };
    loss::draw(&mut root, &view, &theme).unwrap();
    let drawn = c.to_data_url().unwrap();
    assert_ne!(drawn, blank, "the loss chart left the canvas blank");

    let c2 = canvas();
    let mut root = CanvasBackend::with_canvas_object(c2.clone()).unwrap();
    let seq: Vec<f32> = (1..=9).map(|i| i as f32 * 10.0).collect();
    let view = data::DataView {
        sequence: &seq,
        fit: &[40.0, 50.0],
        fit_start: 3,
        forecast: &[100.0, 110.0],
        rolled: &[],
        highlight: None,
        held_out_from: None,
    };
    data::draw(&mut root, &view, &theme).unwrap();
    assert_ne!(
        c2.to_data_url().unwrap(),
        blank,
        "the data chart left the canvas blank"
    );
    assert_ne!(c2.to_data_url().unwrap(), drawn);
}

/// Messages are the same in wasm32, where usize is 32 bits: the seed's limit is 2⁵³ − 1 there too.
#[wasm_bindgen_test]
fn messages_do_not_depend_on_the_platform_word_size() {
    let mut c = Config::default();
    let e = c
        .set(rnn_playground::config::Field::Seed, "1e300")
        .unwrap_err();
    assert_eq!(
        e.message,
        "The seed must be a whole number from 0 to 9,007,199,254,740,991."
    );
    assert!(c
        .set(rnn_playground::config::Field::Seed, "9007199254740991")
        .is_ok());
}
