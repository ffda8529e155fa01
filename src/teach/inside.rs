//! What the page shows of the network's inside: one step of the recurrence with its real numbers,
//! and the relu units that never switch on.

use crate::data::windows::gather;
use crate::data::Windows;
use crate::nn::activation::Activation;
use crate::nn::cell::{StepLine, StepRecord};
use crate::nn::model::{Model, Trace};

/// One step of unit `j` of slot `k` (a layer, one direction) at its step `t` (1-based) with its
/// real numbers, from `trace` = [`Model::trace_of`] that slot: the cell's own lines
/// ([`crate::nn::cell::Recurrent::step_lines`]); `short` keeps only those that make the new
/// state.
pub fn step_lines(
    model: &Model,
    k: usize,
    trace: &Trace,
    t: usize,
    j: usize,
    short: bool,
) -> Vec<StepLine> {
    let dims = model.dims;
    let slot = dims.slot(k);
    let (f, h) = (slot.input, slot.units);
    let g = trace.gates.len() / dims.seq_len.max(1);
    let carry = |k: usize| -> &[f32] {
        if trace.cs.is_empty() {
            &[]
        } else {
            &trace.cs[k * h..(k + 1) * h]
        }
    };
    let record = StepRecord {
        x: &trace.x[(t - 1) * f..t * f],
        h_prev: &trace.hs[(t - 1) * h..t * h],
        h: &trace.hs[t * h..(t + 1) * h],
        c_prev: carry(t - 1),
        c: carry(t),
        gates: &trace.gates[(t - 1) * g..t * g],
    };
    dims.cell
        .step_lines(&model.cell_weights(k), model.activation, &record, j, short)
}

/// For relu: slot `k`'s units that never switch on in any step of any window looked at (evenly
/// spaced, as many as fit in about `budget` multiply-adds, at least one): "dead" units that no
/// longer learn. Other activations have no dead units.
///
/// For SimpleRNN a unit is dead when h_t is 0. For LSTM and GRU it is when the candidate relu(·)
/// (c̃, ĥ) is 0: then c_t stays at c_0 = 0 (LSTM) or h_t at h_0 = 0 (GRU), the unit's output is 0,
/// and relu′ = 0 and the zero state leave none of its gates a gradient either.
pub fn dead_units(model: &Model, k: usize, windows: &Windows, budget: usize) -> Vec<bool> {
    let dims = model.dims;
    let h = dims.slot(k).units;
    let mut dead = vec![model.activation == Activation::Relu; h];
    if model.activation != Activation::Relu || windows.is_empty() {
        return dead;
    }
    let per_window = (dims.seq_len * dims.forward_cost()).max(1);
    let count = (budget / per_window).clamp(1, windows.len());
    let inputs = gather(0..count, |i| windows.input(i * windows.len() / count));
    let unrolled = model.unroll(&inputs);
    let tape = &unrolled.tapes[k];
    let mut switch_on = |values: &[f32]| {
        for (j, &v) in values.iter().enumerate() {
            if v > 0.0 {
                dead[j] = false;
            }
        }
    };
    match dims.cell.candidate() {
        None => tape.hs.all().chunks_exact(h).for_each(switch_on),
        Some(g) => {
            let gh = dims.cell.gates() * h;
            for row in tape.gates.all().chunks_exact(gh) {
                switch_on(&row[g * h..(g + 1) * h]);
            }
        }
    }
    dead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split_sequence;
    use crate::nn::cell::Cell;
    use crate::nn::model::Dims;
    use crate::nn::model::Layers;

    fn dims(cell: Cell, seq_len: usize, units: usize) -> Dims {
        Dims {
            cell,
            seq_len,
            features: 1,
            layers: Layers::one(units),
            bidirectional: false,
            n_steps: 2,
            targets: 1,
        }
    }

    #[test]
    fn step_lines_add_up_to_each_cell_s_state() {
        let window = [0.5, 0.0, 0.25, 2.0];
        let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
        let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
        for cell in Cell::ALL {
            let model = Model::new(dims(cell, 4, 6), Activation::Tanh, 5);
            let trace = model.trace(&window);
            for t in 1..=4 {
                for j in 0..6 {
                    let lines = step_lines(&model, 0, &trace, t, j, false);
                    for l in &lines {
                        let v = &l.values;
                        let what = format!("{cell} t={t} j={j} {l:?}");
                        if l.template.ends_with("( # · # + # + # ) = $ ( # ) = #") {
                            // A gate: x, kernel[0, col], the recurrent term, bias, pre, value.
                            assert_eq!(v[0], window[t - 1], "{what}");
                            assert!(close(v[0] * v[1] + v[2] + v[3], v[4]), "{what}");
                            let f = if l.function == "σ" {
                                sigmoid(v[4])
                            } else {
                                v[4].tanh()
                            };
                            assert!(close(f, v[5]), "{what}");
                        } else if l.template.starts_with("c@ = # · # + # · #") {
                            assert!(close(v[0] * v[1] + v[2] * v[3], v[4]), "{what}");
                        } else if l.template.starts_with("h@ = # · $ ( # )") {
                            assert!(close(v[0] * v[1].tanh(), v[4]), "{what}");
                        } else if l.template.starts_with("ĥ@") {
                            let pre = v[0] * v[1] + v[2] + v[3] * (v[4] + v[5]);
                            assert!(close(pre.tanh(), v[6]), "{what}");
                        } else if l.template.starts_with("h@ = # · # + ( 1 − # )") {
                            assert!(close(v[0] * v[1] + (1.0 - v[2]) * v[3], v[4]), "{what}");
                        } else {
                            panic!("a line no check knows: {what}");
                        }
                    }
                    // The last line ends with h_t itself; the kernel shown is the kernel, even
                    // at x = 0.
                    let last = lines.last().unwrap();
                    assert_eq!(*last.values.last().unwrap(), trace.hs[t * 6 + j], "{cell}");
                    assert_eq!(lines[0].values[1], model.params[j], "{cell}");
                    let short = step_lines(&model, 0, &trace, t, j, true);
                    let n = if cell == Cell::SimpleRnn { 1 } else { 2 };
                    assert_eq!(short, lines[lines.len() - n..], "{cell}");
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
            let bias_at = dims.layout().slots[0][2].start + candidate;
            model.params[bias_at + 2] = -1e6;
            let dead = dead_units(&model, 0, &w, 1 << 20);
            assert!(dead[2], "{cell}");
            assert!(dead.iter().filter(|&&d| d).count() < 5, "{cell}");
            // And a dead unit's output is 0 throughout.
            let hs = model.hidden_states(&w.inputs(0..w.len()));
            assert!(hs.chunks_exact(5).all(|h| h[2] == 0.0), "{cell}");
            model.activation = Activation::Tanh;
            assert!(dead_units(&model, 0, &w, 1 << 20).iter().all(|&d| !d));
        }
    }
}
