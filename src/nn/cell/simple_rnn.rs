//! SimpleRNN: one time step forward, and its backward (backpropagation through time).
//!
//! `h_t = act(x_t·kernel + h_{t−1}·recurrent_kernel + bias)`, `h_0 = 0`.
//! Weights: kernel (F, H), recurrent_kernel (H, H), bias (H). A step keeps nothing but h_t:
//! act′ is written from it.

use super::{
    backward_products, gate_line, set_rows, span, CellGrads, CellWeights, Recurrent, StepBackward,
    StepForward, StepLine, StepRecord,
};
use crate::nn::activation::Activation;
use crate::nn::matmul::matmul_acc;
use std::ops::Range;

/// Keras's `SimpleRNN`.
pub struct SimpleRnn;

impl Recurrent for SimpleRnn {
    fn name(&self) -> &'static str {
        "simple_rnn"
    }
    fn keras_class(&self) -> &'static str {
        "SimpleRNN"
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["simplernn", "rnn"]
    }
    fn gates(&self) -> usize {
        1
    }
    /// Its one "gate" is h_t, kept as a state: nothing more to keep.
    fn cached_gates(&self, _units: usize) -> usize {
        0
    }
    fn extra(&self, _units: usize) -> usize {
        0
    }
    fn forward(&self, w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>) {
        forward(w, act, s, rows)
    }
    fn backward(
        &self,
        g: &mut CellGrads,
        recurrent_kernel_t: &[f32],
        act: Activation,
        s: StepBackward,
        rows: Range<usize>,
    ) {
        backward(g, recurrent_kernel_t, act, s, rows)
    }
    fn param_formula(&self) -> &'static str {
        "( num_features + units ) · units + units = ( % + % ) · % + % = %"
    }
    fn equations(&self) -> &'static [(&'static str, &'static str)] {
        &[(
            "Every unit",
            "h@t = act ( x@t · kernel + h@t−1 · recurrent_kernel + bias )",
        )]
    }
    /// `h_t[j] = act(x_t·kernel[j] + (h_{t−1}·recurrent_kernel)[j] + bias[j])`.
    fn step_lines(
        &self,
        w: &CellWeights,
        act: Activation,
        s: &StepRecord,
        j: usize,
        _short: bool,
    ) -> Vec<StepLine> {
        let line = "h@ = $ ( # · # + # + # ) = $ ( # ) = #";
        vec![gate_line("", line, act.name(), w, s, j, w.bias[j])]
    }
    /// One line a unit: four units fit.
    fn units_shown(&self) -> usize {
        4
    }
}

/// `h_t[rows] = act(x_t[rows]·kernel + h_{t−1}[rows]·recurrent_kernel + bias)`.
pub fn forward(w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>) {
    let units = w.bias.len();
    let features = w.kernel.len() / units;
    let h = &mut s.h[span(&rows, units)]; // (rows, H)
    set_rows(h, w.bias);
    matmul_acc(&s.x[span(&rows, features)], w.kernel, h, features, units);
    if let Some(h_prev) = s.h_prev {
        let h_prev = &h_prev[span(&rows, units)];
        matmul_acc(h_prev, w.recurrent_kernel, h, units, units);
    }
    act.forward(h);
}

/// The chain rule through one step, for batch rows `rows`:
/// `d_z = d_h_t ⊙ act′(h_t)`; `d_kernel += x_tᵀ·d_z`; `d_bias += Σ_rows d_z`;
/// `d_recurrent_kernel += h_{t−1}ᵀ·d_z`; `d_h_{t−1} = d_z·recurrent_kernelᵀ`.
/// At the first step (`h_prev` is `None`) the last two are skipped: h_0 is a constant.
pub fn backward(
    g: &mut CellGrads,
    recurrent_kernel_t: &[f32], // (H, H)
    act: Activation,
    s: StepBackward,
    rows: Range<usize>,
) {
    let units = g.d_bias.len();
    let hs = span(&rows, units);
    let d_z = &mut s.d_gates[hs.clone()]; // (rows, H)
    act.backward(&s.h[hs.clone()], &s.d_h[hs.clone()], d_z);
    backward_products(g, recurrent_kernel_t, s, rows, units);
}
