//! Backpropagation checked against central finite differences, for every parameter of every cell.
//!
//! The model is f32, so the differences are too: step 3e-3 on data of size ~1, losses summed in
//! f64. An analytic gradient passes if |analytic − numeric| ≤ 2e-2·|numeric| + 2e-3·max|numeric|.
//! Near a relu kink a difference quotient is meaningless: a parameter whose ±step flips any relu
//! between active and inactive is skipped, and at most 15% may be. The relus are the cell's
//! act(·): SimpleRNN's h_t; LSTM's candidate c̃ and act(c_t); GRU's candidate ĥ (the gates are
//! sigmoids, smooth everywhere).

use rnn_playground::data::split_series;
use rnn_playground::nn::activation::Activation;
use rnn_playground::nn::cell::{Cell, Tape};
use rnn_playground::nn::model::{Dims, Layers, Model};
use rnn_playground::nn::pass::loss_and_grads;

struct Case {
    cell: Cell,
    act: Activation,
    seq_len: usize,
    units: usize,
    n_steps: usize,
    rows: usize,
    seed: u64,
    /// Units of the layers stacked above the first (empty: one layer).
    above: &'static [usize],
    bidirectional: bool,
    /// F series read; the outputs forecast `targets` of them.
    features: usize,
    targets: &'static [usize],
}

/// A one-layer, one-series case (the notebook's kind of model).
const ONE: Case = Case {
    cell: Cell::SimpleRnn,
    act: Activation::Tanh,
    seq_len: 0,
    units: 0,
    n_steps: 0,
    rows: 0,
    seed: 0,
    above: &[],
    bidirectional: false,
    features: 1,
    targets: &[0],
};

/// Which relus are on, everywhere in the unrolled layers (all true for the other activations).
fn relus_on(m: &Model, tapes: &[Tape]) -> Vec<bool> {
    tapes.iter().flat_map(|tape| relus_in(m, tape)).collect()
}

/// Which relus are on in one slot's tape.
fn relus_in(m: &Model, tape: &Tape) -> Vec<bool> {
    if m.activation != Activation::Relu {
        return vec![];
    }
    let h = tape.units;
    let on = |v: &f32| *v > 0.0;
    let cell = m.dims.cell;
    if cell == Cell::SimpleRnn {
        return tape.hs.all().iter().map(on).collect();
    }
    let candidates = tape.gates.all().chunks_exact(cell.gates() * h);
    let mut pattern: Vec<bool> = candidates
        .flat_map(|g| g[2 * h..3 * h].iter().map(on))
        .collect();
    if cell == Cell::Lstm {
        pattern.extend(tape.extra.all().iter().map(on)); // act(c_t)
    }
    pattern
}

/// Checks every analytic gradient of `case` against finite differences, after `corrupt` has had
/// its way with them (the tests of the checker itself corrupt one).
fn check(case: &Case, corrupt: impl Fn(&mut [f32], &Dims)) {
    let Case {
        cell,
        act,
        seq_len,
        units,
        n_steps,
        rows,
        seed,
        above,
        bidirectional,
        features,
        targets,
    } = *case;
    // Each series its own wave: (rows, F) row by row.
    let seq: Vec<f32> = (0..seq_len + n_steps + rows + 3)
        .flat_map(|i| {
            (0..features).map(move |j| {
                ((i as f32 * 0.7) + j as f32).sin() * 0.8 + 0.02 * (i * (j + 1)) as f32
            })
        })
        .collect();
    let windows = split_series(&seq, features, targets, seq_len, n_steps).unwrap();
    let units_per_layer: Vec<usize> = std::iter::once(units)
        .chain(above.iter().copied())
        .collect();
    let dims = Dims {
        cell,
        seq_len,
        features,
        layers: Layers::new(&units_per_layer).unwrap(),
        bidirectional,
        n_steps,
        targets: targets.len(),
    };
    let mut model = Model::new(dims, act, seed);
    // Non-zero biases, so that their gradients are exercised away from the all-zero start.
    let n = model.params.len();
    for (i, p) in model.params.iter_mut().enumerate().skip(n - dims.outputs()) {
        *p = 0.1 * (i % 3) as f32;
    }
    if cell != Cell::SimpleRnn {
        // The gated cells' biases too (the LSTM's forget bias stays near its 1).
        for [_, _, bias] in dims.layout().slots {
            for (i, b) in model.params[bias].iter_mut().enumerate() {
                *b += 0.05 * ((i % 5) as f32 - 2.0);
            }
        }
    }
    let idx: Vec<usize> = (0..rows).collect();
    let (_, mut grads) = loss_and_grads(&model, &windows, &idx);
    corrupt(&mut grads, &dims);
    let loss_at = |m: &Model| loss_and_grads(m, &windows, &idx).0 as f64;

    let inputs = &windows.inputs(0..rows);
    let active = |m: &Model| relus_on(m, &m.unroll(inputs).tapes);
    let base = active(&model);
    let eps = 3e-3f32;
    let mut numeric = vec![0.0f64; n];
    let mut kinks = vec![false; n];
    for i in 0..n {
        let w = model.params[i];
        let mut m = model.clone();
        m.params[i] = w + eps;
        let up = loss_at(&m);
        let pattern_up = active(&m);
        m.params[i] = w - eps;
        let down = loss_at(&m);
        kinks[i] = pattern_up != base || active(&m) != base;
        numeric[i] = (up - down) / (2.0 * eps as f64);
    }
    let scale = numeric.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    let skipped = kinks.iter().filter(|&&k| k).count();
    let what = format!(
        "{cell} {act} T{seq_len} H{units_per_layer:?}{} F{features} K{} S{n_steps}",
        if bidirectional { " both ways" } else { "" },
        targets.len()
    );
    eprintln!("{what}: {skipped} of {n} skipped at kinks");
    assert!(
        skipped * 100 <= 15 * n,
        "{what}: {skipped} of {n} parameters sit on kinks"
    );
    let names = dims.array_names();
    let ranges = dims.layout().arrays();
    let array_of = |i: usize| names[ranges.iter().position(|r| r.contains(&i)).unwrap()].clone();
    let bad: Vec<String> = (0..n)
        .filter(|&i| !kinks[i])
        .filter(|&i| (grads[i] as f64 - numeric[i]).abs() > 2e-2 * numeric[i].abs() + 2e-3 * scale)
        .take(5)
        .map(|i| {
            let name = array_of(i);
            format!(
                "param {i} ({name}): analytic {} numeric {}",
                grads[i], numeric[i]
            )
        })
        .collect();
    assert!(bad.is_empty(), "{what}: {}", bad.join("; "));
}

fn cases(cell: Cell) -> Vec<Case> {
    Activation::ALL
        .into_iter()
        .flat_map(|act| {
            [
                Case {
                    cell,
                    act,
                    seq_len: 4,
                    units: 6,
                    n_steps: 3,
                    rows: 5,
                    seed: 11,
                    ..ONE
                },
                Case {
                    cell,
                    act,
                    seq_len: 7,
                    units: 9,
                    n_steps: 1,
                    rows: 3,
                    seed: 12,
                    ..ONE
                },
            ]
        })
        .collect()
}

#[test]
fn simple_rnn_every_activation_at_two_shapes() {
    for case in cases(Cell::SimpleRnn) {
        check(&case, |_, _| {});
    }
}

#[test]
fn lstm_every_activation_at_two_shapes() {
    for case in cases(Cell::Lstm) {
        check(&case, |_, _| {});
    }
}

#[test]
fn gru_every_activation_at_two_shapes() {
    for case in cases(Cell::Gru) {
        check(&case, |_, _| {});
    }
}

#[test]
fn a_wrong_gradient_would_be_caught() {
    // The checker itself must be able to fail: for each cell, make the largest recurrent-kernel
    // gradient 10% too large, and `check` must object.
    for cell in Cell::ALL {
        let case = Case {
            cell,
            act: Activation::Tanh,
            seq_len: 3,
            units: 4,
            n_steps: 2,
            rows: 5,
            seed: 3,
            ..ONE
        };
        let r = std::panic::catch_unwind(|| {
            check(&case, |grads, dims| {
                let range = dims.layout().slots[0][1].clone();
                let at = range.start;
                let recurrent_kernel = &grads[range];
                let largest = (0..recurrent_kernel.len())
                    .max_by(|&a, &b| {
                        recurrent_kernel[a]
                            .abs()
                            .total_cmp(&recurrent_kernel[b].abs())
                    })
                    .unwrap();
                grads[at + largest] *= 1.1;
            })
        });
        assert!(r.is_err(), "{cell}: a 10% error went unnoticed");
        // And untouched, the same case passes.
        check(&case, |_, _| {});
    }
}

/// Stacks, bidirectional layers and several series: a stack of two; one layer both ways over two
/// series forecasting one; two layers both ways over three series forecasting all of them.
fn stack_cases(cell: Cell) -> Vec<Case> {
    [Activation::Tanh, Activation::Relu]
        .into_iter()
        .flat_map(|act| {
            [
                Case {
                    cell,
                    act,
                    seq_len: 4,
                    units: 5,
                    n_steps: 2,
                    rows: 4,
                    seed: 21,
                    above: &[4],
                    ..ONE
                },
                Case {
                    cell,
                    act,
                    seq_len: 5,
                    units: 4,
                    n_steps: 2,
                    rows: 4,
                    seed: 22,
                    bidirectional: true,
                    features: 2,
                    targets: &[1],
                    ..ONE
                },
                Case {
                    cell,
                    act,
                    seq_len: 3,
                    units: 4,
                    n_steps: 2,
                    rows: 3,
                    seed: 23,
                    above: &[3],
                    bidirectional: true,
                    features: 3,
                    targets: &[0, 1, 2],
                },
            ]
        })
        .collect()
}

#[test]
fn stacks_bidirectional_layers_and_tables_for_every_cell() {
    for cell in Cell::ALL {
        for case in stack_cases(cell) {
            check(&case, |_, _| {});
        }
    }
}

#[test]
fn a_wrong_gradient_in_an_upper_or_backward_layer_would_be_caught() {
    // The layer above, and the bottom layer's backward copy: 10% off in their largest kernel
    // gradient must be caught.
    for cell in Cell::ALL {
        for slot in [2, 1] {
            let case = Case {
                cell,
                act: Activation::Tanh,
                seq_len: 3,
                units: 4,
                n_steps: 2,
                rows: 4,
                seed: 5,
                above: &[3],
                bidirectional: true,
                features: 2,
                targets: &[0, 1],
            };
            let r = std::panic::catch_unwind(|| {
                check(&case, |grads, dims| {
                    let range = dims.layout().slots[slot][0].clone();
                    let at = range.start;
                    let kernel = &grads[range];
                    let largest = (0..kernel.len())
                        .max_by(|&a, &b| kernel[a].abs().total_cmp(&kernel[b].abs()))
                        .unwrap();
                    grads[at + largest] *= 1.1;
                })
            });
            assert!(r.is_err(), "{cell}: a wrong gradient in slot {slot} passed");
        }
    }
}
