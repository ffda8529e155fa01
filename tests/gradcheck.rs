//! Backpropagation checked against central finite differences, for every parameter.
//!
//! The model is f32, so the differences are too: step 3e-3 on data of size ~1, losses summed in
//! f64. An analytic gradient passes if |analytic − numeric| ≤ 2e-2·|numeric| + 2e-3·max|numeric|.
//! Near a relu kink a difference quotient is meaningless: a parameter whose ±step flips any unit
//! between active and inactive is skipped, and at most 15% may be.

use rnn_playground::activation::Activation;
use rnn_playground::cell::Cell;
use rnn_playground::data::split_sequence;
use rnn_playground::model::{Dims, Model};
use rnn_playground::pass::loss_and_grads;

fn check(act: Activation, seq_len: usize, units: usize, n_steps: usize, rows: usize, seed: u64) {
    let seq: Vec<f32> = (0..seq_len + n_steps + rows + 3)
        .map(|i| (i as f32 * 0.7).sin() * 0.8 + 0.02 * i as f32)
        .collect();
    let windows = split_sequence(&seq, seq_len, n_steps).unwrap();
    let dims = Dims {
        cell: Cell::SimpleRnn,
        seq_len,
        features: 1,
        units,
        n_steps,
    };
    let mut model = Model::new(dims, act, seed);
    // Non-zero biases, so that their gradients are exercised away from the all-zero start.
    let n = model.params.len();
    for (i, p) in model.params.iter_mut().enumerate().skip(n - n_steps) {
        *p = 0.1 * (i % 3) as f32;
    }
    let idx: Vec<usize> = (0..rows).collect();
    let (_, grads) = loss_and_grads(&model, &windows, &idx);
    let loss_at = |m: &Model| loss_and_grads(m, &windows, &idx).0 as f64;

    let inputs = &windows.inputs(0..rows);
    let active = |m: &Model| -> Vec<bool> {
        m.hidden_states(inputs)
            .iter()
            .map(|&h| act != Activation::Relu || h > 0.0)
            .collect()
    };
    let base = active(&model);
    let eps = 3e-3f32;
    let mut numeric = vec![0.0f64; n];
    let mut kinks = vec![false; n];
    for i in 0..n {
        let w = model.params[i];
        let mut m = model.clone();
        m.params[i] = w + eps;
        let up = loss_at(&m);
        m.params[i] = w - eps;
        let down = loss_at(&m);
        let pattern_down = active(&m);
        m.params[i] = w + eps;
        kinks[i] = active(&m) != base || pattern_down != base;
        numeric[i] = (up - down) / (2.0 * eps as f64);
    }
    let scale = numeric.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    let skipped = kinks.iter().filter(|&&k| k).count();
    eprintln!("{act} T{seq_len}: {skipped} of {n} skipped at kinks");
    assert!(
        skipped * 100 <= 15 * n,
        "{act}: {skipped} of {n} parameters sit on kinks"
    );
    let bad: Vec<String> = (0..n)
        .filter(|&i| !kinks[i])
        .filter(|&i| (grads[i] as f64 - numeric[i]).abs() > 2e-2 * numeric[i].abs() + 2e-3 * scale)
        .take(5)
        .map(|i| format!("param {i}: analytic {} numeric {}", grads[i], numeric[i]))
        .collect();
    assert!(
        bad.is_empty(),
        "{act} T{seq_len} H{units} S{n_steps}: {}",
        bad.join("; ")
    );
}

#[test]
fn every_activation_at_two_shapes() {
    for act in Activation::ALL {
        check(act, 4, 6, 3, 5, 11);
        check(act, 7, 9, 1, 3, 12);
    }
}

#[test]
fn a_wrong_gradient_would_be_caught() {
    // The checker itself must be able to fail: scale one analytic gradient and it must object.
    let r = std::panic::catch_unwind(|| {
        let seq: Vec<f32> = (0..12).map(|i| (i as f32 * 0.5).cos()).collect();
        let windows = split_sequence(&seq, 3, 2).unwrap();
        let dims = Dims {
            cell: Cell::SimpleRnn,
            seq_len: 3,
            features: 1,
            units: 4,
            n_steps: 2,
        };
        let model = Model::new(dims, Activation::Tanh, 3);
        let idx: Vec<usize> = (0..5).collect();
        let (_, mut grads) = loss_and_grads(&model, &windows, &idx);
        grads[5] *= 1.5;
        let eps = 1e-2f32;
        let mut m = model.clone();
        m.params[5] += eps;
        let up = loss_and_grads(&m, &windows, &idx).0 as f64;
        m.params[5] -= 2.0 * eps;
        let down = loss_and_grads(&m, &windows, &idx).0 as f64;
        let numeric = (up - down) / (2.0 * eps as f64);
        assert!((grads[5] as f64 - numeric).abs() <= 2e-2 * numeric.abs() + 1e-6);
    });
    assert!(r.is_err());
}
