//! SimpleRNN: one time step forward, and its backward (backpropagation through time).
//!
//! `h_t = act(x_t·kernel + h_{t−1}·recurrent_kernel + bias)`, `h_0 = 0`.
//! Both steps take a range of batch rows, so that a large minibatch can be split across frames.

use crate::activation::Activation;
use crate::matmul::{matmul_acc, matmul_tn_acc};
use std::ops::Range;

/// The layer's weights, in Keras's `get_weights()` order.
pub struct RnnWeights<'a> {
    pub kernel: &'a [f32],           // (F, H)
    pub recurrent_kernel: &'a [f32], // (H, H)
    pub bias: &'a [f32],             // (H)
}

pub struct RnnGrads<'a> {
    pub d_kernel: &'a mut [f32],           // (F, H)
    pub d_recurrent_kernel: &'a mut [f32], // (H, H)
    pub d_bias: &'a mut [f32],             // (H)
}

/// `h_t[rows] = act(x_t[rows]·kernel + h_{t−1}[rows]·recurrent_kernel + bias)`.
/// `h_prev` is `None` at t = 0, where h_{t−1} = 0.
pub fn forward(
    w: &RnnWeights,
    act: Activation,
    x_t: &[f32],            // (B, F)
    h_prev: Option<&[f32]>, // (B, H)
    h: &mut [f32],          // (B, H)
    rows: Range<usize>,
) {
    let units = w.bias.len();
    let features = w.kernel.len() / units;
    let h_rows = &mut h[rows.start * units..rows.end * units];
    for row in h_rows.chunks_exact_mut(units) {
        row.copy_from_slice(w.bias);
    }
    let x_rows = &x_t[rows.start * features..rows.end * features];
    matmul_acc(x_rows, w.kernel, h_rows, features, units);
    if let Some(h_prev) = h_prev {
        let p_rows = &h_prev[rows.start * units..rows.end * units];
        matmul_acc(p_rows, w.recurrent_kernel, h_rows, units, units);
    }
    act.forward(h_rows);
}

/// The chain rule through one step, for batch rows `rows`:
/// `d_z = d_h_t ⊙ act′(h_t)`; `d_kernel += x_tᵀ·d_z`; `d_bias += Σ_rows d_z`;
/// `d_recurrent_kernel += h_{t−1}ᵀ·d_z`; `d_h_{t−1} = d_z·recurrent_kernelᵀ`.
/// At t = 0 (`h_prev` is `None`) the last two are skipped: h_0 is a constant.
#[allow(clippy::too_many_arguments)]
pub fn backward(
    g: &mut RnnGrads,
    act: Activation,
    recurrent_kernel_t: &[f32], // (H, H), transposed once per minibatch
    x_t: &[f32],                // (B, F)
    h_prev: Option<&[f32]>,     // (B, H)
    h: &[f32],                  // (B, H)
    d_h: &[f32],                // (B, H)
    d_z: &mut [f32],            // (B, H) scratch
    d_h_prev: &mut [f32],       // (B, H)
    rows: Range<usize>,
) {
    let units = g.d_bias.len();
    let features = g.d_kernel.len() / units;
    let span = rows.start * units..rows.end * units;
    let d_z = &mut d_z[span.clone()];
    act.backward(&h[span.clone()], &d_h[span.clone()], d_z);
    for row in d_z.chunks_exact(units) {
        g.d_bias.iter_mut().zip(row).for_each(|(d, &v)| *d += v);
    }
    let x_rows = &x_t[rows.start * features..rows.end * features];
    matmul_tn_acc(x_rows, d_z, g.d_kernel, features, units);
    if let Some(h_prev) = h_prev {
        matmul_tn_acc(
            &h_prev[span.clone()],
            d_z,
            g.d_recurrent_kernel,
            units,
            units,
        );
        let d_prev = &mut d_h_prev[span];
        d_prev.fill(0.0);
        matmul_acc(d_z, recurrent_kernel_t, d_prev, units, units);
    }
}

/// `out[i, j] = m[j, i]`: the recurrent kernel's transpose, so `d_z·Wᵀ` is a plain product.
pub fn transpose(m: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    for i in 0..rows {
        for j in 0..cols {
            out[j * rows + i] = m[i * cols + j];
        }
    }
}
