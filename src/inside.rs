//! What the page shows of the network's inside: one window's hidden states, the terms of one
//! step of the recurrence, and the relu units that never switch on.

use crate::activation::Activation;
use crate::data::Windows;
use crate::model::Model;

/// The terms of `h_t[j] = act(x_t·kernel[j] + (h_{t−1}·recurrent_kernel)[j] + bias[j])`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepTerms {
    pub x: f32,
    pub input: f32,
    pub recurrent: f32,
    pub bias: f32,
    pub pre: f32,
    pub h: f32,
}

/// The terms of step `t` (1-based) for unit `j`, from `hs` = [`Model::hidden_states`] of `window`.
pub fn step_terms(model: &Model, hs: &[f32], window: &[f32], t: usize, j: usize) -> StepTerms {
    let h = model.dims.units;
    let w = model.cell_weights();
    let x = window[t - 1];
    let prev = &hs[(t - 1) * h..t * h];
    let recurrent = prev
        .iter()
        .enumerate()
        .map(|(k, &p)| p * w.recurrent_kernel[k * h + j])
        .sum();
    let input = x * w.kernel[j];
    let pre = input + w.bias[j] + recurrent;
    StepTerms {
        x,
        input,
        recurrent,
        bias: w.bias[j],
        pre,
        h: hs[t * h + j],
    }
}

/// For relu: units that are zero at every step of every window looked at (evenly spaced, as many
/// as fit in about `budget` multiply-adds, at least one): "dead" units that no longer learn.
/// Other activations have no dead units.
pub fn dead_units(model: &Model, windows: &Windows, budget: usize) -> Vec<bool> {
    let dims = model.dims;
    let mut dead = vec![model.activation == Activation::Relu; dims.units];
    if model.activation != Activation::Relu || windows.is_empty() {
        return dead;
    }
    let per_window = (dims.seq_len * dims.units * dims.units).max(1);
    let count = (budget / per_window).clamp(1, windows.len());
    let inputs: Vec<f32> = (0..count)
        .flat_map(|k| windows.input(k * windows.len() / count).to_vec())
        .collect();
    let hs = model.hidden_states(&inputs); // (T+1, count, H)
    for (i, &v) in hs.iter().enumerate() {
        if v > 0.0 {
            dead[i % dims.units] = false;
        }
    }
    dead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split_sequence;
    use crate::model::Dims;

    #[test]
    fn step_terms_add_up_to_the_hidden_state() {
        let dims = Dims {
            cell: crate::cell::Cell::SimpleRnn,
            seq_len: 4,
            features: 1,
            units: 6,
            n_steps: 2,
        };
        let model = Model::new(dims, Activation::Tanh, 5);
        let window = [0.5, -1.0, 0.25, 2.0];
        let hs = model.hidden_states(&window);
        for t in 1..=4 {
            for j in 0..6 {
                let s = step_terms(&model, &hs, &window, t, j);
                assert!((s.pre.tanh() - s.h).abs() < 1e-6, "t={t} j={j} {s:?}");
            }
        }
    }

    #[test]
    fn a_unit_with_a_large_negative_bias_is_dead() {
        let dims = Dims {
            cell: crate::cell::Cell::SimpleRnn,
            seq_len: 3,
            features: 1,
            units: 5,
            n_steps: 1,
        };
        let mut model = Model::new(dims, Activation::Relu, 1);
        let bias_at = dims.sizes()[0] + dims.sizes()[1];
        model.params[bias_at + 2] = -1e6;
        let seq: Vec<f32> = (0..20).map(|i| (i as f32 * 0.3).sin()).collect();
        let w = split_sequence(&seq, 3, 1).unwrap();
        let dead = dead_units(&model, &w, 1 << 20);
        assert!(dead[2]);
        assert!(dead.iter().filter(|&&d| d).count() < 5);
        model.activation = Activation::Tanh;
        assert!(dead_units(&model, &w, 1 << 20).iter().all(|&d| !d));
    }
}
