//! The gradient flow through time (`src/grad_flow.rs`), checked like the math: the recorded
//! ‖∂ℓ/∂h_t‖ (and an LSTM's ‖∂ℓ/∂c_t‖) against central finite differences through the test hook
//! `loss_from_state`; a SimpleRNN(tanh)'s vanishing gradient; and the record's bookkeeping (off
//! gives the same training, pieces the same record, validation and divergence record nothing).
#![allow(clippy::field_reassign_with_default)]

mod common;

use rnn_playground::config::Config;
use rnn_playground::data::Series;
use rnn_playground::nn::activation::Activation;
use rnn_playground::nn::cell::{Cell, Tape};
use rnn_playground::nn::grad_flow::{loss_from_state, State};
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::model::Model;
use rnn_playground::nn::pass::loss_and_grads;
use rnn_playground::nn::trainer::{Step, Trainer};

/// A small config: 9 windows in minibatches of 4, 4 and 1 (so a wrong batch-size scaling shows).
fn small(cell: Cell, act: Activation, seed: u64) -> Config {
    let mut c = Config::default();
    c.series = Series::plain(
        (0..15)
            .map(|i| (i as f32 * 0.7).sin() * 0.8 + 0.05 * i as f32)
            .collect(),
    );
    c.seq_len = 5;
    c.n_steps = 2;
    c.cell = cell;
    c.units = Layers::one(6);
    c.activation = act;
    c.batch_size = 4;
    c.seed = seed;
    c
}

/// Which relus downstream of step t's state are on (empty unless the activation is relu): what
/// a finite difference must not switch. SimpleRNN: h_{t+1..T}; GRU: the candidates ĥ of steps
/// t+1..T; LSTM: the candidates c̃ of steps t+1..T and act(c_t..c_T).
fn relus_after(m: &Model, tape: &Tape, t: usize) -> Vec<bool> {
    if m.activation != Activation::Relu {
        return vec![];
    }
    let (t_len, h) = (m.dims.seq_len, m.dims.layers.top());
    let on = |v: &f32| *v > 0.0;
    let mut pattern: Vec<bool> = Vec::new();
    let cell = m.dims.cell;
    if cell == Cell::SimpleRnn {
        (t + 1..=t_len).for_each(|s| pattern.extend(tape.hs.at(s).iter().map(on)));
        return pattern;
    }
    let g = cell.gates() * h;
    for s in t..t_len {
        pattern.extend(tape.gates.at(s)[2 * h..3 * h].iter().map(on));
        debug_assert_eq!(tape.gates.at(s).len(), g);
    }
    if cell == Cell::Lstm {
        (t - 1..t_len).for_each(|s| pattern.extend(tape.extra.at(s).iter().map(on)));
    }
    pattern
}

/// The finite-difference step: states are of size ~0.1–1.
const EPS: f32 = 1e-3;

/// Mean over the training windows of ‖∂ℓ_b/∂s_t‖ by central differences, for t = 1..T, s = h or
/// c. Where ±EPS would switch a relu, the difference is taken on the side that doesn't (one-sided),
/// or with a shorter step; returns how many components needed that.
fn numeric_norms(trainer: &Trainer, state: State) -> (Vec<f64>, usize) {
    let m = trainer.model();
    let (t_len, h) = (m.dims.seq_len, m.dims.layers.top());
    let w = trainer.windows();
    let mut means = vec![0.0f64; t_len];
    let mut one_sided = 0;
    for b in 0..w.len() {
        let (input, target) = (w.input(b), w.target(b));
        let unrolled = m.unroll(input);
        let tape = &unrolled.tapes[0];
        for t in 1..=t_len {
            let base: Vec<f32> = match state {
                State::Hidden => tape.hs.at(t).to_vec(),
                State::Carry => tape.cs.at(t).to_vec(),
            };
            let (l0, tape0) = loss_from_state(m, input, target, t, state, &base);
            let pattern = relus_after(m, &tape0, t);
            let mut sq = 0.0f64;
            for j in 0..h {
                let at = |d: f32| {
                    let mut v = base.clone();
                    v[j] += d;
                    let (l, tape) = loss_from_state(m, input, target, t, state, &v);
                    (l, relus_after(m, &tape, t) == pattern, v[j] - base[j])
                };
                // Central if neither side switches a relu; else one-sided on a side that
                // doesn't; else the same with a step a quarter, then a sixteenth as long.
                let g = [EPS, EPS / 4.0, EPS / 16.0]
                    .into_iter()
                    .find_map(|eps| {
                        let ((up, up_ok, du), (down, down_ok, dd)) = (at(eps), at(-eps));
                        match (up_ok, down_ok) {
                            (true, true) => Some((up - down) / (du - dd) as f64),
                            (true, false) => Some((up - l0) / du as f64),
                            (false, true) => Some((down - l0) / dd as f64),
                            (false, false) => None,
                        }
                        .map(|g| (g, !(up_ok && down_ok) || eps != EPS))
                    })
                    .unwrap_or_else(|| panic!("window {b} step {t} unit {j}: relus all around"));
                one_sided += usize::from(g.1);
                let g = g.0;
                sq += g * g;
            }
            means[t - 1] += sq.sqrt() / w.len() as f64;
        }
    }
    (means, one_sided)
}

/// Compares a recorded mean norm per step with the finite differences' mean norm:
/// |recorded − numeric| ≤ 1e-2·numeric + 1e-3·max_t numeric.
///
/// Why these: a central difference of an f32 forward pass with step 1e-3 errs by about the loss's
/// rounding (~1e-7·ℓ, a few ulps) over 2e-3, ~1e-4·ℓ per component, plus O(ε²) truncation;
/// over H = 6 components and averaged over windows that stays well under 1e-2 of a norm of
/// ~0.1–1 (measured: at most ~1e-3 relative; relu's one-sided differences add O(ε)). A wrong
/// record is off by far more: a missing ×B scaling by 4× on 8 of 9 windows, a step off by one by
/// the step-to-step change of the norm (≥ 10% here). The floor keeps a step whose norm has all but
/// vanished from failing on rounding alone.
fn compare(what: &str, recorded: &[f32], numeric: &[f64]) -> Result<(), String> {
    assert_eq!(recorded.len(), numeric.len(), "{what}");
    let scale = numeric.iter().fold(0.0f64, |a, &b| a.max(b));
    let bad: Vec<String> = recorded
        .iter()
        .zip(numeric)
        .enumerate()
        .filter(|(_, (&r, &n))| (r as f64 - n).abs() > 1e-2 * n + 1e-3 * scale)
        .map(|(t, (r, n))| format!("t={}: recorded {r} numeric {n}", t + 1))
        .collect();
    match bad.is_empty() {
        true => Ok(()),
        false => Err(format!("{what}: {}", bad.join("; "))),
    }
}

/// One epoch at learning rate 0, so every minibatch sees the initial weights, as the finite
/// differences do; returns the trainer and its record (h, c).
fn one_still_epoch(config: &Config) -> (Trainer, Vec<f32>, Vec<f32>) {
    let mut t = Trainer::new(config).unwrap();
    t.set_learning_rate(0.0);
    let before = t.model().params.clone();
    t.train_epochs(1).unwrap();
    assert_eq!(
        t.model().params,
        before,
        "learning rate 0 moved the weights"
    );
    let g = t.grad_norms().expect("a recorded epoch");
    assert_eq!(g.epoch, 1);
    let (h, c) = (g.h.to_vec(), g.c.to_vec());
    (t, h, c)
}

fn check(cell: Cell, act: Activation, seed: u64) {
    let config = small(cell, act, seed);
    let (trainer, h, c) = one_still_epoch(&config);
    let what = format!("{cell} {act} seed {seed}");
    let (numeric, one_sided) = numeric_norms(&trainer, State::Hidden);
    eprintln!("{what}: h {h:?}\n  numeric {numeric:?} ({one_sided} one-sided)");
    compare(&format!("{what} h"), &h, &numeric).unwrap();
    if cell == Cell::Lstm {
        let (numeric, one_sided) = numeric_norms(&trainer, State::Carry);
        eprintln!("{what}: c {c:?}\n  numeric {numeric:?} ({one_sided} one-sided)");
        compare(&format!("{what} c"), &c, &numeric).unwrap();
    } else {
        assert!(c.is_empty());
    }
}

#[test]
fn simple_rnn_state_gradients_equal_finite_differences() {
    for act in Activation::ALL {
        check(Cell::SimpleRnn, act, 7);
    }
}

#[test]
fn lstm_state_and_carry_gradients_equal_finite_differences() {
    for act in Activation::ALL {
        check(Cell::Lstm, act, 7);
    }
}

#[test]
fn gru_state_gradients_equal_finite_differences() {
    for act in Activation::ALL {
        check(Cell::Gru, act, 7);
    }
}

#[test]
fn a_wrong_record_would_be_caught() {
    // The comparison itself must be able to fail: the record unscaled by the batch size (as if
    // the ×B were missing from the full batches), or read one step off, and `compare` objects.
    for cell in Cell::ALL {
        let config = small(cell, Activation::Tanh, 7);
        let (trainer, h, _) = one_still_epoch(&config);
        let (numeric, _) = numeric_norms(&trainer, State::Hidden);
        compare("right", &h, &numeric).unwrap();
        let unscaled: Vec<f32> = h.iter().map(|v| v / 4.0).collect();
        assert!(compare("unscaled", &unscaled, &numeric).is_err(), "{cell}");
        let mut later = h[1..].to_vec();
        later.push(h[h.len() - 1]);
        assert!(compare("a step later", &later, &numeric).is_err(), "{cell}");
        let mut earlier = vec![h[0]];
        earlier.extend(&h[..h.len() - 1]);
        assert!(
            compare("a step earlier", &earlier, &numeric).is_err(),
            "{cell}"
        );
    }
}

/// The weights' record is the Frobenius norm of the batch's gradient, as Adam receives it: with one
/// minibatch per epoch, exactly that of `loss_and_grads`.
#[test]
fn weight_norms_are_those_of_the_batch_gradient() {
    for cell in Cell::ALL {
        let mut config = small(cell, Activation::Tanh, 3);
        config.batch_size = 32; // one batch
        let mut t = Trainer::new(&config).unwrap();
        let model = t.model().clone();
        t.train_epochs(1).unwrap();
        let idx: Vec<usize> = (0..t.windows().len()).collect();
        let (_, grads) = loss_and_grads(&model, t.windows(), &idx);
        let got = t.grad_norms().unwrap().weights;
        let names = model.dims.array_names();
        assert_eq!(got.len(), 5);
        for (k, range) in model.dims.layout().arrays().into_iter().enumerate() {
            let g = &grads[range];
            let want = g.iter().map(|&v| v as f64 * v as f64).sum::<f64>().sqrt();
            let r = (got[k] as f64 - want).abs() / want;
            assert!(r < 1e-6, "{cell} {}: {} vs {want}", names[k], got[k]);
        }
    }
}

/// A SimpleRNN with tanh over 100 steps: the error signal fades as it travels back. In the first
/// epoch ‖∂ℓ/∂h_1‖ is below 10⁻⁴ of ‖∂ℓ/∂h_T‖ (it is ~10⁻⁷ of it), and not zero.
#[test]
fn a_tanh_simple_rnn_shows_vanishing_gradients_over_long_windows() {
    let config = common::vanishing_config();
    let mut t = Trainer::new(&config).unwrap();
    t.train_epochs(1).unwrap();
    let g = t.grad_norms().unwrap();
    let (first, last) = (g.h[0], g.h[g.h.len() - 1]);
    eprintln!("‖∂ℓ/∂h_1‖ = {first:e}, ‖∂ℓ/∂h_T‖ = {last:e}");
    assert!(first > 0.0 && first < 1e-4 * last, "{first} vs {last}");
}

#[test]
fn recording_off_trains_the_same_bits_and_records_nothing() {
    for cell in Cell::ALL {
        let mut config = small(cell, Activation::Relu, 5);
        config.holdout = 20;
        let mut on = Trainer::new(&config).unwrap();
        let mut off = Trainer::new(&config).unwrap();
        assert!(on.records_grads());
        off.set_record_grads(false);
        assert!(!off.records_grads());
        on.train_epochs(5).unwrap();
        off.train_epochs(5).unwrap();
        assert_eq!(on.history(), off.history(), "{cell}");
        assert_eq!(on.val_history(), off.val_history(), "{cell}");
        assert_eq!(on.model().params, off.model().params, "{cell}");
        assert_eq!(on.grad_norms().unwrap().epoch, 5);
        assert!(off.grad_norms().is_none());
        // Turned on mid-epoch: that epoch isn't recorded (it would be partial); the next is.
        assert_eq!(off.step().unwrap(), Step::Batch);
        off.set_record_grads(true);
        off.train_epochs(1).unwrap();
        assert!(
            off.grad_norms().is_none(),
            "{cell}: a partial epoch recorded"
        );
        off.train_epochs(1).unwrap();
        assert_eq!(off.grad_norms().unwrap().epoch, 7);
        // New weights forget the record.
        let params = on.model().params.clone();
        on.set_params(params).unwrap();
        assert!(on.grad_norms().is_none());
    }
}

#[test]
fn pieces_of_any_size_record_the_same_bits() {
    for cell in Cell::ALL {
        let mut config = small(cell, Activation::Tanh, 5);
        config.units = Layers::one(40);
        config.holdout = 20;
        let mut whole = Trainer::new(&config).unwrap();
        let mut sliced = Trainer::new(&config).unwrap();
        whole.train_epochs(2).unwrap();
        while sliced.epochs_done() < 2 {
            sliced.advance(500).unwrap();
        }
        assert_eq!(whole.grad_norms(), sliced.grad_norms(), "{cell}");
        assert_eq!(whole.model().params, sliced.model().params, "{cell}");
    }
}

/// Held-out windows are scored but never recorded: a run with a held-out stretch records what
/// the same run without that stretch records.
#[test]
fn validation_records_nothing() {
    for cell in Cell::ALL {
        let mut config = small(cell, Activation::Tanh, 9);
        config.series = Series::plain((0..40).map(|i| (i as f32 * 0.4).sin()).collect());
        config.holdout = 25;
        let mut with_val = Trainer::new(&config).unwrap();
        let train = with_val.windows().len();
        assert!(with_val.val_windows().is_some());
        let mut without = config.clone();
        without.holdout = 0;
        without
            .series
            .values
            .truncate(train + config.seq_len + config.n_steps - 1);
        let mut plain = Trainer::new(&without).unwrap();
        assert_eq!(plain.windows().len(), train);
        with_val.train_epochs(3).unwrap();
        plain.train_epochs(3).unwrap();
        assert_eq!(with_val.history(), plain.history(), "{cell}");
        assert_eq!(with_val.grad_norms(), plain.grad_norms(), "{cell}");
    }
}

/// A diverging epoch is dropped: the record stays the last finished epoch's.
#[test]
fn a_diverged_epoch_records_nothing() {
    let mut c = Config::default();
    c.series = Series::plain((1..=40).map(|i| (i * 1000) as f32).collect());
    c.seq_len = 10;
    c.learning_rate = 10.0;
    let mut t = Trainer::new(&c).unwrap();
    let err = t.train_epochs(1000).unwrap_err();
    let done = t.epochs_done();
    assert_eq!(err.epoch, done + 1);
    match t.grad_norms() {
        Some(g) => {
            assert_eq!(g.epoch, done);
            assert!(g.h.iter().chain(g.weights.iter()).all(|v| v.is_finite()));
        }
        None => assert_eq!(done, 0),
    }
}
