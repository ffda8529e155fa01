//! GRU (Keras 3's `GRU(units, activation)`, `reset_after=True`): one time step forward, and its
//! backward.
//!
//! ```text
//! x_z, x_r, x_h = x_t·kernel + b_in                      (B, 3H)
//! r_z, r_r, r_h = h_{t−1}·recurrent_kernel + b_rec       (B, 3H)
//! z = σ(x_z + r_z)    r = σ(x_r + r_r)
//! ĥ = act(x_h + r ⊙ r_h)
//! h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ                        h_0 = 0
//! ```
//! Weights: kernel (F, 3H), recurrent_kernel (H, 3H), bias (2, 3H) = [b_in; b_rec], the gate
//! blocks in Keras's order z, r, h. σ is `recurrent_activation='sigmoid'`. A step keeps z, r, ĥ
//! (`gates`, (B, 3H)) and r_h (`extra`, (B, H)).

use super::{
    add_rows, gate_line, gate_terms, input_gradient, set_rows, span, zip1, zip2, zip3, CellGrads,
    CellWeights, Heat, Recurrent, StepBackward, StepForward, StepLine, StepRecord,
};
use crate::nn::activation::Activation::{self, Sigmoid};
use crate::nn::matmul::{matmul_acc, matmul_tn_acc};
use std::ops::Range;

/// Gate blocks of the fused kernels.
pub const GATES: usize = 3;

/// Keras 3's `GRU`, `reset_after=True`.
pub struct Gru;

impl Recurrent for Gru {
    fn name(&self) -> &'static str {
        "gru"
    }
    fn keras_class(&self) -> &'static str {
        "GRU"
    }
    fn gates(&self) -> usize {
        GATES
    }
    /// Two rows: the input bias and the recurrent bias (`reset_after=True`).
    fn bias_shape(&self, units: usize) -> Vec<usize> {
        vec![2, GATES * units]
    }
    fn bias_len(&self, units: usize) -> usize {
        2 * GATES * units
    }
    /// h_{t−1}·recurrent_kernel + b_rec, (B, 3H).
    fn scratch(&self, units: usize) -> usize {
        GATES * units
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
        "3 · ( ( num_features + units ) · units + 2 · units ) = 3 · ( ( % + % ) · % + 2 · % ) = %"
    }
    fn equations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("Gates", "z@t , r@t = σ ( x@t · W + h@t−1 · U + b )"),
            (
                "Candidate",
                "ĥ@t = act ( x@t · W + r@t ⊙ ( h@t−1 · U + b ) + b )",
            ),
            ("New state", "h@t = z@t ⊙ h@t−1 + ( 1 − z@t ) ⊙ ĥ@t"),
        ]
    }
    /// The gates z and r, the candidate `ĥ = act(x_t·W_h + b_in,h + r·(h_{t−1}·U_h + b_rec,h))`,
    /// and `h_t = z·h_{t−1} + (1 − z)·ĥ`.
    fn step_lines(
        &self,
        w: &CellWeights,
        act: Activation,
        s: &StepRecord,
        j: usize,
        short: bool,
    ) -> Vec<StepLine> {
        let h = s.h.len();
        let (b_in, b_rec) = w.bias.split_at(GATES * h);
        let mut lines = Vec::new();
        if !short {
            let both = |k: usize| b_in[k * h + j] + b_rec[k * h + j];
            let z = "z@ = $ ( # · # + # + # ) = $ ( # ) = #";
            let r = "r@ = $ ( # · # + # + # ) = $ ( # ) = #";
            lines.push(gate_line("update gate", z, "σ", w, s, j, both(0)));
            lines.push(gate_line("reset gate", r, "σ", w, s, h + j, both(1)));
        }
        let col = 2 * h + j;
        let [x, kernel, recurrent, ..] = gate_terms(w, s, col, 0.0);
        let (z, r, h_hat) = (s.gates[j], s.gates[h + j], s.gates[col]);
        lines.push(StepLine {
            what: "candidate",
            template: "ĥ@ = $ ( # · # + # + # · ( # + # ) ) = #",
            function: act.name(),
            values: vec![x, kernel, b_in[col], r, recurrent, b_rec[col], h_hat],
        });
        lines.push(StepLine {
            what: "new state",
            template: "h@ = # · # + ( 1 − # ) · # = #",
            function: act.name(),
            values: vec![z, s.h_prev[j], z, h_hat, s.h[j]],
        });
        lines
    }
    fn picture_gates(&self) -> &'static [(&'static str, usize)] {
        &[("z", 0), ("r", 1)]
    }
    fn heatmaps(&self) -> &'static [(&'static str, Heat)] {
        &[
            ("update gate z", Heat::Gate(0)),
            ("reset gate r", Heat::Gate(1)),
        ]
    }
    fn candidate(&self) -> Option<usize> {
        Some(2)
    }
}

/// One step for batch rows `rows`: the gates and h_t, and what backward needs.
pub fn forward(w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>) {
    let units = w.bias.len() / (2 * GATES);
    let width = GATES * units;
    let features = w.kernel.len() / width;
    let (b_in, b_rec) = w.bias.split_at(width);
    // x_t·kernel + b_in, then (in place) the gates z, r, ĥ.
    let gates = &mut s.gates[span(&rows, width)]; // (rows, 3H)
    set_rows(gates, b_in);
    matmul_acc(
        &s.x[span(&rows, features)],
        w.kernel,
        gates,
        features,
        width,
    );
    let recurrent = &mut s.scratch[span(&rows, width)]; // (rows, 3H) h_{t−1}·U + b_rec
    set_rows(recurrent, b_rec);
    let h_prev = s.h_prev.map(|h| &h[span(&rows, units)]);
    if let Some(h_prev) = h_prev {
        matmul_acc(h_prev, w.recurrent_kernel, recurrent, units, width);
    }
    let hs = span(&rows, units);
    let (h, r_h) = (&mut s.h[hs.clone()], &mut s.extra[hs]);
    let rows_of = gates
        .chunks_exact_mut(width)
        .zip(recurrent.chunks_exact(width));
    for (b, (row, rec)) in rows_of.enumerate() {
        let at = b * units..(b + 1) * units;
        let (z_r, h_hat) = row.split_at_mut(2 * units);
        zip1(z_r, &rec[..2 * units], |x, r| x + r);
        Sigmoid.forward(z_r);
        let (z, r) = z_r.split_at(units);
        let r_h = &mut r_h[at.clone()];
        r_h.copy_from_slice(&rec[2 * units..]);
        zip2(h_hat, r, r_h, |x_h, r, r_h| x_h + r * r_h);
        act.forward(h_hat);
        let h = &mut h[at.clone()];
        match h_prev {
            Some(h_prev) => zip3(h, z, &h_prev[at], h_hat, |_, z, h_prev, h_hat| {
                z * h_prev + (1.0 - z) * h_hat
            }),
            None => zip2(h, z, h_hat, |_, z, h_hat| (1.0 - z) * h_hat),
        }
    }
}

/// The chain rule through one step, for batch rows `rows`:
/// ```text
/// d_a   = d_h_t ⊙ (1 − z) ⊙ act′             (a = x_h + r ⊙ r_h, ĥ's pre-activation)
/// d_z_z = d_h_t ⊙ (h_{t−1} − ĥ) ⊙ σ′          d_z_r = d_a ⊙ r_h ⊙ σ′
/// input side  [d_z_z, d_z_r, d_a]:      d_kernel += x_tᵀ·(…);  d_b_in += Σ_rows (…)
/// recurrent   [d_z_z, d_z_r, d_a ⊙ r]:  d_recurrent_kernel += h_{t−1}ᵀ·(…);  d_b_rec += Σ_rows (…)
/// d_h_{t−1} = d_h_t ⊙ z + [d_z_z, d_z_r, d_a ⊙ r]·recurrent_kernelᵀ
/// ```
/// At the first step (`h_prev` is `None`) h_{t−1} = 0 is a constant: b_rec still gets its
/// gradient, the recurrent kernel and d_h_{t−1} nothing.
pub fn backward(
    g: &mut CellGrads,
    recurrent_kernel_t: &[f32], // (3H, H)
    act: Activation,
    s: StepBackward,
    rows: Range<usize>,
) {
    let units = g.d_bias.len() / (2 * GATES);
    let width = GATES * units;
    let features = g.d_kernel.len() / width;
    let (d_b_in, d_b_rec) = g.d_bias.split_at_mut(width);
    let gates = &s.gates[span(&rows, width)]; // (rows, 3H)
    let d_gates = &mut s.d_gates[span(&rows, width)]; // (rows, 3H)
    let hs = span(&rows, units);
    let (d_h, r_h) = (&s.d_h[hs.clone()], &s.extra[hs]);
    let h_prev = s.h_prev.map(|h| &h[span(&rows, units)]);
    let rows_of = gates
        .chunks_exact(width)
        .zip(d_gates.chunks_exact_mut(width));
    for (b, (row, d_row)) in rows_of.enumerate() {
        let at = b * units..(b + 1) * units;
        let (d_h, r_h) = (&d_h[at.clone()], &r_h[at.clone()]);
        let (z, rest) = row.split_at(units);
        let h_hat = &rest[units..];
        let (d_z, rest) = d_row.split_at_mut(units);
        let (d_r, d_a) = rest.split_at_mut(units);
        match h_prev {
            Some(h_prev) => zip3(d_z, d_h, &h_prev[at], h_hat, |_, d_h, h_prev, h_hat| {
                d_h * (h_prev - h_hat)
            }),
            None => zip2(d_z, d_h, h_hat, |_, d_h, h_hat| d_h * -h_hat),
        }
        zip2(d_a, d_h, z, |_, d_h, z| d_h * (1.0 - z));
        act.backward_in_place(h_hat, d_a);
        zip2(d_r, d_a, r_h, |_, d_a, r_h| d_a * r_h);
        Sigmoid.backward_in_place(&row[..2 * units], &mut d_row[..2 * units]);
    }
    add_rows(d_b_in, d_gates);
    matmul_tn_acc(
        &s.x[span(&rows, features)],
        d_gates,
        g.d_kernel,
        features,
        width,
    );
    // The input side sees [d_z_z, d_z_r, d_a] as they are: for a layer above another, dL/dx_t.
    if let Some((d_x, kernel_t)) = s.d_x {
        input_gradient(
            d_gates,
            kernel_t,
            &mut d_x[span(&rows, features)],
            width,
            features,
        );
    }
    // The recurrent side sees ĥ's block through r ⊙ r_h.
    for (row, d_row) in gates
        .chunks_exact(width)
        .zip(d_gates.chunks_exact_mut(width))
    {
        zip1(&mut d_row[2 * units..], &row[units..2 * units], |d_a, r| {
            d_a * r
        });
    }
    add_rows(d_b_rec, d_gates);
    if let Some(h_prev) = h_prev {
        matmul_tn_acc(h_prev, d_gates, g.d_recurrent_kernel, units, width);
        let d_h_prev = &mut s.d_h_prev[span(&rows, units)];
        for (d_prev, (row, d_h)) in d_h_prev
            .chunks_exact_mut(units)
            .zip(gates.chunks_exact(width).zip(d_h.chunks_exact(units)))
        {
            zip2(d_prev, d_h, &row[..units], |_, d_h, z| d_h * z);
        }
        matmul_acc(d_gates, recurrent_kernel_t, d_h_prev, width, units);
    }
}
