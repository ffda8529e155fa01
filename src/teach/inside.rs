//! What the page shows of the network's inside: one step of the recurrence with its real numbers,
//! and the relu units that never switch on.

use crate::data::Windows;
use crate::nn::activation::Activation;
use crate::nn::cell::Cell;
use crate::nn::model::{Model, Trace};

/// One gate's terms for one unit (a column `col` of the fused kernels):
/// `value = σ(pre)` (or `act(pre)`), `pre = input + recurrent + bias`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateTerms {
    /// kernel[0, col]: the weight on x_t (the first feature; the page has one).
    pub kernel: f32,
    /// x_t·kernel[:, col].
    pub input: f32,
    /// h_{t−1}·recurrent_kernel[:, col].
    pub recurrent: f32,
    /// bias[col]; for the GRU's z and r, the input and recurrent biases added.
    pub bias: f32,
    /// The pre-activation, `input + recurrent + bias`.
    pub pre: f32,
    /// The gate's value as the model computed it.
    pub value: f32,
}

/// The GRU's candidate: `ĥ = act(x_t·W_h + b_in,h + r·(h_{t−1}·U_h + b_rec,h))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateTerms {
    pub kernel: f32,         // kernel[0, 2H + j]
    pub input: f32,          // x_t·W_h
    pub input_bias: f32,     // b_in,h
    pub recurrent: f32,      // h_{t−1}·U_h
    pub recurrent_bias: f32, // b_rec,h
    pub r: f32,              // the reset gate
    pub pre: f32,            // input + input_bias + r·(recurrent + recurrent_bias)
    pub value: f32,          // ĥ
}

/// The terms of one step for one unit j, per cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepTerms {
    /// `h_t[j] = act(x_t·kernel[j] + (h_{t−1}·recurrent_kernel)[j] + bias[j])`: `h.value` is h_t[j].
    SimpleRnn { x: f32, h: GateTerms },
    /// The gates i, f, c̃, o; `c_t = f·c_{t−1} + i·c̃`; `h_t = o·act(c_t)`.
    Lstm {
        x: f32,
        i: GateTerms,
        f: GateTerms,
        c_hat: GateTerms,
        o: GateTerms,
        c_prev: f32,
        c: f32,
        act_c: f32,
        h: f32,
    },
    /// The gates z and r, the candidate ĥ; `h_t = z·h_{t−1} + (1 − z)·ĥ`.
    Gru {
        x: f32,
        z: GateTerms,
        r: GateTerms,
        h_hat: CandidateTerms,
        h_prev: f32,
        h: f32,
    },
}

/// The terms of step `t` (1-based) for unit `j`, from `trace` = [`Model::trace`] of `window`.
pub fn step_terms(model: &Model, trace: &Trace, window: &[f32], t: usize, j: usize) -> StepTerms {
    let dims = model.dims;
    let (f, h) = (dims.features, dims.units);
    let gh = dims.cell.gates() * h;
    let w = model.cell_weights();
    let x_t = &window[(t - 1) * f..t * f];
    let h_prev = &trace.hs[(t - 1) * h..t * h];
    let gates = &trace.gates[(t - 1) * gh..t * gh];
    let input = |col: usize| -> f32 {
        x_t.iter()
            .enumerate()
            .map(|(k, x)| x * w.kernel[k * gh + col])
            .sum()
    };
    let recurrent = |col: usize| -> f32 {
        h_prev
            .iter()
            .enumerate()
            .map(|(k, &p)| p * w.recurrent_kernel[k * gh + col])
            .sum()
    };
    let gate = |col: usize, bias: f32| {
        let (input, recurrent) = (input(col), recurrent(col));
        GateTerms {
            kernel: w.kernel[col],
            input,
            recurrent,
            bias,
            pre: input + recurrent + bias,
            value: gates[col],
        }
    };
    let x = x_t[0];
    let h_t = trace.hs[t * h + j];
    match dims.cell {
        Cell::SimpleRnn => StepTerms::SimpleRnn {
            x,
            h: gate(j, w.bias[j]),
        },
        Cell::Lstm => {
            let c = trace.cs[t * h + j];
            let mut act_c = [c];
            model.activation.forward(&mut act_c);
            StepTerms::Lstm {
                x,
                i: gate(j, w.bias[j]),
                f: gate(h + j, w.bias[h + j]),
                c_hat: gate(2 * h + j, w.bias[2 * h + j]),
                o: gate(3 * h + j, w.bias[3 * h + j]),
                c_prev: trace.cs[(t - 1) * h + j],
                c,
                act_c: act_c[0],
                h: h_t,
            }
        }
        Cell::Gru => {
            let (b_in, b_rec) = w.bias.split_at(gh);
            let col = 2 * h + j;
            let r = gates[h + j];
            let (input, recurrent) = (input(col), recurrent(col));
            StepTerms::Gru {
                x,
                z: gate(j, b_in[j] + b_rec[j]),
                r: gate(h + j, b_in[h + j] + b_rec[h + j]),
                h_hat: CandidateTerms {
                    kernel: w.kernel[col],
                    input,
                    input_bias: b_in[col],
                    recurrent,
                    recurrent_bias: b_rec[col],
                    r,
                    pre: input + b_in[col] + r * (recurrent + b_rec[col]),
                    value: gates[col],
                },
                h_prev: h_prev[j],
                h: h_t,
            }
        }
    }
}

/// For relu: units that never switch on in any step of any window looked at (evenly spaced, as
/// many as fit in about `budget` multiply-adds, at least one): "dead" units that no longer learn.
/// Other activations have no dead units.
///
/// For SimpleRNN a unit is dead when h_t is 0. For LSTM and GRU it is when the candidate relu(·)
/// (c̃, ĥ) is 0: then c_t stays at c_0 = 0 (LSTM) or h_t at h_0 = 0 (GRU), the unit's output is 0,
/// and relu′ = 0 and the zero state leave none of its gates a gradient either.
pub fn dead_units(model: &Model, windows: &Windows, budget: usize) -> Vec<bool> {
    let dims = model.dims;
    let mut dead = vec![model.activation == Activation::Relu; dims.units];
    if model.activation != Activation::Relu || windows.is_empty() {
        return dead;
    }
    let per_window = (dims.seq_len * dims.cell.forward_cost(dims.features, dims.units)).max(1);
    let count = (budget / per_window).clamp(1, windows.len());
    let inputs: Vec<f32> = (0..count)
        .flat_map(|k| windows.input(k * windows.len() / count).to_vec())
        .collect();
    let tape = model.unroll(&inputs);
    let h = dims.units;
    let mut switch_on = |values: &[f32]| {
        for (j, &v) in values.iter().enumerate() {
            if v > 0.0 {
                dead[j] = false;
            }
        }
    };
    match dims.cell {
        Cell::SimpleRnn => tape.hs.all().chunks_exact(h).for_each(switch_on),
        cell => {
            let gh = cell.gates() * h;
            for row in tape.gates.all().chunks_exact(gh) {
                switch_on(&row[2 * h..3 * h]);
            }
        }
    }
    dead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split_sequence;
    use crate::nn::model::Dims;

    fn dims(cell: Cell, seq_len: usize, units: usize) -> Dims {
        Dims {
            cell,
            seq_len,
            features: 1,
            units,
            n_steps: 2,
        }
    }

    #[test]
    fn step_terms_add_up_to_each_cell_s_state() {
        let window = [0.5, 0.0, 0.25, 2.0];
        let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
        let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
        for cell in Cell::ALL {
            let model = Model::new(dims(cell, 4, 6), Activation::Tanh, 5);
            let trace = model.trace(&window);
            for t in 1..=4 {
                for j in 0..6 {
                    let s = step_terms(&model, &trace, &window, t, j);
                    match s {
                        StepTerms::SimpleRnn { x, h } => {
                            assert_eq!(x, window[t - 1]);
                            assert_eq!(
                                h.kernel, model.params[j],
                                "the kernel itself, even at x = 0"
                            );
                            assert!(close(h.pre.tanh(), h.value), "t={t} j={j} {s:?}");
                            assert_eq!(h.value, trace.hs[t * 6 + j]);
                        }
                        StepTerms::Lstm {
                            i,
                            f,
                            c_hat,
                            o,
                            c_prev,
                            c,
                            act_c,
                            h,
                            ..
                        } => {
                            for g in [i, f, o] {
                                assert!(close(sigmoid(g.pre), g.value), "t={t} j={j} {s:?}");
                            }
                            assert!(close(c_hat.pre.tanh(), c_hat.value), "{s:?}");
                            assert!(close(f.value * c_prev + i.value * c_hat.value, c), "{s:?}");
                            assert!(close(o.value * act_c, h), "{s:?}");
                            assert_eq!(h, trace.hs[t * 6 + j]);
                        }
                        StepTerms::Gru {
                            z,
                            r,
                            h_hat,
                            h_prev,
                            h,
                            ..
                        } => {
                            for g in [z, r] {
                                assert!(close(sigmoid(g.pre), g.value), "t={t} j={j} {s:?}");
                            }
                            assert_eq!(h_hat.r, r.value);
                            assert!(close(h_hat.pre.tanh(), h_hat.value), "{s:?}");
                            let want = z.value * h_prev + (1.0 - z.value) * h_hat.value;
                            assert!(close(want, h), "{s:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_unit_with_a_large_negative_bias_is_dead() {
        let seq: Vec<f32> = (0..20).map(|i| (i as f32 * 0.3).sin()).collect();
        let w = split_sequence(&seq, 3, 1).unwrap();
        for cell in Cell::ALL {
            let dims = Dims {
                n_steps: 1,
                ..dims(cell, 3, 5)
            };
            let mut model = Model::new(dims, Activation::Relu, 1);
            // The candidate's bias: SimpleRNN's only block; the third block for LSTM and GRU
            // (the GRU's input row).
            let candidate = if cell == Cell::SimpleRnn { 0 } else { 2 * 5 };
            let bias_at = dims.sizes()[0] + dims.sizes()[1] + candidate;
            model.params[bias_at + 2] = -1e6;
            let dead = dead_units(&model, &w, 1 << 20);
            assert!(dead[2], "{cell}");
            assert!(dead.iter().filter(|&&d| d).count() < 5, "{cell}");
            // And a dead unit's output is 0 throughout.
            let hs = model.hidden_states(&w.inputs(0..w.len()));
            assert!(hs.chunks_exact(5).all(|h| h[2] == 0.0), "{cell}");
            model.activation = Activation::Tanh;
            assert!(dead_units(&model, &w, 1 << 20).iter().all(|&d| !d));
        }
    }
}
