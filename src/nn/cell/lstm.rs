//! LSTM (Keras 3's `LSTM(units, activation)`): one time step forward, and its backward.
//!
//! ```text
//! z   = x_t·kernel + h_{t−1}·recurrent_kernel + bias      (B, 4H), blocks i, f, c, o
//! i   = σ(z_i)   f = σ(z_f)   c̃ = act(z_c)   o = σ(z_o)
//! c_t = f ⊙ c_{t−1} + i ⊙ c̃
//! h_t = o ⊙ act(c_t)                                       h_0 = c_0 = 0
//! ```
//! Weights: kernel (F, 4H), recurrent_kernel (H, 4H), bias (4H), the gate blocks in Keras's order
//! i, f, c, o. σ is `recurrent_activation='sigmoid'`. A step keeps the four gate activations
//! (`gates`, (B, 4H)) and act(c_t) (`extra`, (B, H)); c_t itself is a state, like h_t.

use super::{
    backward_products, gate_line, set_rows, span, zip1, zip2, CellGrads, CellWeights, Heat,
    Recurrent, StepBackward, StepForward, StepLine, StepRecord,
};
use crate::nn::activation::Activation::{self, Sigmoid};
use crate::nn::matmul::matmul_acc;
use std::ops::Range;

/// Gate blocks of the fused kernels.
pub const GATES: usize = 4;

/// Keras 3's `LSTM`.
pub struct Lstm;

impl Recurrent for Lstm {
    fn name(&self) -> &'static str {
        "lstm"
    }
    fn keras_class(&self) -> &'static str {
        "LSTM"
    }
    fn gates(&self) -> usize {
        GATES
    }
    /// Keras's `unit_forget_bias`: the forget gate starts open, its bias 1.
    fn init_bias(&self, bias: &mut [f32], units: usize) {
        bias[units..2 * units].fill(1.0);
    }
    fn has_carry(&self) -> bool {
        true
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
        "4 · ( ( num_features + units ) · units + units ) = 4 · ( ( % + % ) · % + % ) = %"
    }
    fn equations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("Gates", "i@t , f@t , o@t = σ ( x@t · W + h@t−1 · U + b )"),
            ("Candidate", "c̃@t = act ( x@t · W + h@t−1 · U + b )"),
            (
                "Memory",
                "c@t = f@t ⊙ c@t−1 + i@t ⊙ c̃@t , h@t = o@t ⊙ act ( c@t )",
            ),
        ]
    }
    /// The gates i, f, c̃, o; `c_t = f·c_{t−1} + i·c̃`; `h_t = o·act(c_t)`.
    fn step_lines(
        &self,
        w: &CellWeights,
        act: Activation,
        s: &StepRecord,
        j: usize,
        short: bool,
    ) -> Vec<StepLine> {
        let h = s.h.len();
        let gate =
            |what, line, f, k: usize| gate_line(what, line, f, w, s, k * h + j, w.bias[k * h + j]);
        let mut lines = Vec::new();
        if !short {
            let sigma = "σ";
            lines.push(gate(
                "input gate",
                "i@ = $ ( # · # + # + # ) = $ ( # ) = #",
                sigma,
                0,
            ));
            lines.push(gate(
                "forget gate",
                "f@ = $ ( # · # + # + # ) = $ ( # ) = #",
                sigma,
                1,
            ));
            lines.push(gate(
                "candidate",
                "c̃@ = $ ( # · # + # + # ) = $ ( # ) = #",
                act.name(),
                2,
            ));
            lines.push(gate(
                "output gate",
                "o@ = $ ( # · # + # + # ) = $ ( # ) = #",
                sigma,
                3,
            ));
        }
        let (i, f, c_hat, o) = (
            s.gates[j],
            s.gates[h + j],
            s.gates[2 * h + j],
            s.gates[3 * h + j],
        );
        let c = s.c[j];
        let mut act_c = [c];
        act.forward(&mut act_c);
        lines.push(StepLine {
            what: "memory",
            template: "c@ = # · # + # · # = #",
            function: act.name(),
            values: vec![f, s.c_prev[j], i, c_hat, c],
        });
        lines.push(StepLine {
            what: "output",
            template: "h@ = # · $ ( # ) = # · # = #",
            function: act.name(),
            values: vec![o, c, o, act_c[0], s.h[j]],
        });
        lines
    }
    fn picture_gates(&self) -> &'static [(&'static str, usize)] {
        // The candidate c̃ is not a gate.
        &[("i", 0), ("f", 1), ("o", 3)]
    }
    fn heatmaps(&self) -> &'static [(&'static str, Heat)] {
        &[
            ("input gate i", Heat::Gate(0)),
            ("forget gate f", Heat::Gate(1)),
            ("output gate o", Heat::Gate(3)),
            ("memory c", Heat::Carry),
        ]
    }
    fn candidate(&self) -> Option<usize> {
        Some(2)
    }
    fn output_gate(&self) -> Option<usize> {
        Some(3)
    }
}

/// One step for batch rows `rows`: the gates, c_t and h_t, and what backward needs.
pub fn forward(w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>) {
    let units = w.bias.len() / GATES;
    let width = GATES * units;
    let features = w.kernel.len() / width;
    // The pre-activations z, then (in place) the gates i, f, c̃, o.
    let gates = &mut s.gates[span(&rows, width)]; // (rows, 4H)
    set_rows(gates, w.bias);
    matmul_acc(
        &s.x[span(&rows, features)],
        w.kernel,
        gates,
        features,
        width,
    );
    if let Some(h_prev) = s.h_prev {
        let h_prev = &h_prev[span(&rows, units)];
        matmul_acc(h_prev, w.recurrent_kernel, gates, units, width);
    }
    let hs = span(&rows, units);
    let (h, c, act_c) = (&mut s.h[hs.clone()], &mut s.c[hs.clone()], &mut s.extra[hs]);
    let c_prev = s.c_prev.map(|c| &c[span(&rows, units)]);
    for (b, row) in gates.chunks_exact_mut(width).enumerate() {
        let (i_f, rest) = row.split_at_mut(2 * units);
        let (c_hat, o) = rest.split_at_mut(units);
        Sigmoid.forward(i_f);
        act.forward(c_hat);
        Sigmoid.forward(o);
        let (i, f) = i_f.split_at(units);
        let at = b * units..(b + 1) * units;
        let (c, act_c, h) = (
            &mut c[at.clone()],
            &mut act_c[at.clone()],
            &mut h[at.clone()],
        );
        // c_t = f ⊙ c_{t−1} + i ⊙ c̃, in two passes (the same sums).
        match c_prev {
            Some(c_prev) => {
                zip2(c, f, &c_prev[at], |_, f, c_prev| f * c_prev);
                zip2(c, i, c_hat, |f_c, i, c_hat| f_c + i * c_hat);
            }
            None => zip2(c, i, c_hat, |_, i, c_hat| i * c_hat),
        }
        act_c.copy_from_slice(c);
        act.forward(act_c);
        zip2(h, o, act_c, |_, o, act_c| o * act_c);
    }
}

/// The chain rule through one step, for batch rows `rows`:
/// ```text
/// d_c   = d_c_t + d_h_t ⊙ o ⊙ act′(c_t)                  (d_c_t: through c_{t+1}; d_c is left in it)
/// d_z_o = d_h_t ⊙ act(c_t) ⊙ σ′    d_z_i = d_c ⊙ c̃ ⊙ σ′
/// d_z_f = d_c ⊙ c_{t−1} ⊙ σ′        d_z_c = d_c ⊙ i ⊙ act′
/// d_c_{t−1} = d_c ⊙ f
/// d_kernel += x_tᵀ·d_z;  d_bias += Σ_rows d_z;  d_recurrent_kernel += h_{t−1}ᵀ·d_z
/// d_h_{t−1} = d_z·recurrent_kernelᵀ
/// ```
/// At the first step (`h_prev` is `None`) c_{t−1} = h_{t−1} = 0 are constants: d_z_f = 0, and
/// nothing goes to the recurrent kernel or to d_h_{t−1}.
pub fn backward(
    g: &mut CellGrads,
    recurrent_kernel_t: &[f32], // (4H, H)
    act: Activation,
    s: StepBackward,
    rows: Range<usize>,
) {
    let units = g.d_bias.len() / GATES;
    let width = GATES * units;
    let gates = &s.gates[span(&rows, width)]; // (rows, 4H)
    let d_gates = &mut s.d_gates[span(&rows, width)]; // (rows, 4H)
    let hs = span(&rows, units);
    let (d_h, d_c, act_c) = (
        &s.d_h[hs.clone()],
        &mut s.d_c[hs.clone()],
        &s.extra[hs.clone()],
    );
    let d_c_prev = &mut s.d_c_prev[hs];
    let c_prev = s.c_prev.map(|c| &c[span(&rows, units)]);
    let rows_of = gates
        .chunks_exact(width)
        .zip(d_gates.chunks_exact_mut(width));
    for (b, (row, d_row)) in rows_of.enumerate() {
        let at = b * units..(b + 1) * units;
        let (d_h, d_c, act_c) = (&d_h[at.clone()], &mut d_c[at.clone()], &act_c[at.clone()]);
        let d_c_prev = &mut d_c_prev[at.clone()];
        let (i, rest) = row.split_at(units);
        let (f, rest) = rest.split_at(units);
        let (c_hat, o) = rest.split_at(units);
        let (d_i, rest) = d_row.split_at_mut(units);
        let (d_f, rest) = rest.split_at_mut(units);
        let (d_c_hat, d_o) = rest.split_at_mut(units);
        // dL/dc_t through h_t = o ⊙ act(c_t), in d_c_hat for now.
        zip2(d_c_hat, d_h, o, |_, d_h, o| d_h * o);
        act.backward_in_place(act_c, d_c_hat);
        // All of dL/dc_t (also through c_{t+1}), left in d_c for the record; then through
        // c_t = f ⊙ c_{t−1} + i ⊙ c̃ to each gate's activation.
        zip1(d_c, d_c_hat, |from_next, from_h| from_next + from_h);
        let d_c = &*d_c;
        zip2(d_o, d_h, act_c, |_, d_h, act_c| d_h * act_c);
        zip2(d_i, d_c, c_hat, |_, d_c, c_hat| d_c * c_hat);
        zip2(d_c_hat, d_c, i, |_, d_c, i| d_c * i);
        zip2(d_c_prev, d_c, f, |_, d_c, f| d_c * f);
        match c_prev {
            Some(c_prev) => zip2(d_f, d_c, &c_prev[at], |_, d_c, c_prev| d_c * c_prev),
            None => d_f.fill(0.0),
        }
        // And through each gate's activation to its pre-activation.
        Sigmoid.backward_in_place(&row[..2 * units], &mut d_row[..2 * units]);
        act.backward_in_place(c_hat, &mut d_row[2 * units..3 * units]);
        Sigmoid.backward_in_place(o, &mut d_row[3 * units..]);
    }
    backward_products(g, recurrent_kernel_t, s, rows, units);
}
