//! Sensitivity: how much each forecast value moves per unit of each input value.
//!
//! For a window x (T, F) and its forecast ŷ = model(x) (S·K, time-major: t+1's K targets, then
//! t+2's…), the Jacobian
//!
//! ```text
//! J[j, t, f] = ∂ŷ_j / ∂x_{t,f}                                        (S·K, T, F)
//! ```
//!
//! is one backward pass per output j, run as training's is but from d_out = e_j instead of the
//! loss's gradient, and carried down to the bottom layer's input:
//!
//! ```text
//! d_head = e_j·dense_kernelᵀ = dense_kernel[:, j]        (D·H_top) the head is linear: any window
//! d_h_T  = d_head's share of each top slot               (its last step, in its own time)
//! each slot, top down, t = T−1 … 0: the cell's step back, with d_x_t = d_pre·kernelᵀ
//!   above the bottom: d_x_t goes to the layer below (stack::scatter), as in training
//!   at the bottom:    J[j, t, :] += d_x_t (a backward slot's step τ is the window's T−1−τ)
//! ```
//!
//! One output's pass runs over many windows at once (batch rows), so the mean over a set of
//! windows costs S·K batched backward passes. The weights' gradients the cells add up on the way
//! are thrown away. In the sequence's own units, with `scaled = (x − shift)/scale` per column:
//! `∂ŷ_raw/∂x_raw = J · scale(target column of j) / scale(input column f)` ([`to_raw`]).
//!
//! Allocates: for the page's views and the CLI, never in the training step.

use crate::data::scale::Scaler;
use crate::data::windows::gather;
use crate::nn::cell::{transpose, Blocks, Deltas, Tape};
use crate::nn::model::{Dims, Model};
use crate::nn::stack;
use crate::nn::trainer::Trainer;

/// The most windows [`mean_abs`] averages over; more are sampled evenly.
pub const MAX_MEAN_WINDOWS: usize = 256;

/// Tape floats one chunk of [`mean_abs`] may hold at once (16 MB): a big model's windows go
/// through a few at a time.
const CHUNK_FLOATS: usize = 1 << 22;

/// ∂ŷ/∂x for windows `inputs` (n, T·F) in the model's (scaled) units: (n, S·K, T, F), window by
/// window, output by output.
pub fn jacobian(model: &Model, inputs: &[f32]) -> Vec<f32> {
    let dims = model.dims;
    let (sk, tf) = (dims.outputs(), dims.seq_len * dims.features);
    let n = inputs.len() / tf;
    let tapes = model.unroll(inputs).tapes;
    let mut back = Backward::new(model, n);
    let mut d_inputs = vec![0.0; n * tf]; // (n, T, F) ∂ŷ_j/∂x for one output j
    let mut jac = vec![0.0; n * sk * tf]; // (n, S·K, T, F)
    for j in 0..sk {
        back.output(model, &tapes, j, &mut d_inputs);
        for (b, row) in d_inputs.chunks_exact(tf).enumerate() {
            jac[(b * sk + j) * tf..(b * sk + j + 1) * tf].copy_from_slice(row);
        }
    }
    jac
}

/// The mean of |∂ŷ_j/∂x_{t,f}| over windows, in the model's units, and how many windows it took.
#[derive(Debug, Clone, PartialEq)]
pub struct MeanSensitivity {
    pub mean_abs: Vec<f32>, // (S·K, T, F)
    pub windows: usize,
}

/// Multiply-adds of one window's Jacobian: its forward pass, then per output a step back through
/// every slot (≈ G·H·(2H + 2F_l): the cell's products and d_x).
pub fn work_per_window(dims: &Dims) -> usize {
    let back: usize = (0..dims.slots())
        .map(|k| {
            let s = dims.slot(k);
            let gh = dims.cell.gates() * s.units;
            dims.cell.backward_cost(s.input, s.units) + gh * s.input
        })
        .sum();
    dims.seq_len * (dims.forward_cost() + dims.outputs() * back)
}

/// Which of `n` windows [`mean_abs`] takes for at most `max_work` multiply-adds: at most
/// [`MAX_MEAN_WINDOWS`], evenly spaced from the first to the last, and always at least one.
pub fn evenly_spaced(n: usize, dims: &Dims, max_work: usize) -> Vec<usize> {
    let affordable = (max_work / work_per_window(dims).max(1)).max(1);
    let m = n.min(MAX_MEAN_WINDOWS).min(affordable);
    match m {
        0 => vec![],
        1 => vec![n - 1],
        m => (0..m).map(|i| i * (n - 1) / (m - 1)).collect(),
    }
}

/// The mean of |∂ŷ_j/∂x_{t,f}| over windows `inputs` (N, T·F) in the model's units: over the
/// windows [`evenly_spaced`] picks for `max_work`, a few at a time (at most 16 MB of tapes).
/// Sums in f64.
pub fn mean_abs(model: &Model, inputs: &[f32], max_work: usize) -> MeanSensitivity {
    let dims = model.dims;
    let (sk, tf) = (dims.outputs(), dims.seq_len * dims.features);
    let picked = evenly_spaced(inputs.len() / tf, &dims, max_work);
    let per_row: usize = (0..dims.slots())
        .map(|k| {
            let s = dims.slot(k);
            let g = dims.cell.gates();
            dims.seq_len * (s.input + (g + 3) * s.units)
        })
        .sum();
    let chunk = (CHUNK_FLOATS / per_row.max(1)).max(1);
    let mut sums = vec![0.0f64; sk * tf]; // (S·K, T, F)
    for rows in picked.chunks(chunk) {
        let batch = gather(rows, |&i| &inputs[i * tf..(i + 1) * tf]);
        let jac = jacobian(model, &batch); // (rows, S·K, T, F)
        for window in jac.chunks_exact(sk * tf) {
            sums.iter_mut()
                .zip(window)
                .for_each(|(s, &v)| *s += v.abs() as f64);
        }
    }
    let m = picked.len().max(1) as f64;
    MeanSensitivity {
        mean_abs: sums.iter().map(|&s| (s / m) as f32).collect(),
        windows: picked.len(),
    }
}

/// `jac` (any number of (S·K, T, F) blocks, in the model's units) into the sequence's own units:
/// `∂ŷ_raw_j/∂x_raw_{t,f} = J[j, t, f] · scale(targets[j mod K]) / scale(inputs[f])`, since
/// `x_raw = x·scale + shift` column by column. `inputs` has a scaler per input column (F),
/// `targets` one per forecast series (K), in the head's order. Absolute values stay absolute:
/// the factors are positive.
pub fn to_raw(jac: &mut [f32], dims: &Dims, inputs: &[Scaler], targets: &[Scaler]) {
    let (k_len, f_len, t_len) = (dims.targets, dims.features, dims.seq_len);
    debug_assert_eq!((inputs.len(), targets.len()), (f_len, k_len));
    for (row, block) in jac.chunks_exact_mut(t_len * f_len).enumerate() {
        let out_scale = targets[row % k_len].scale;
        for step in block.chunks_exact_mut(f_len) {
            for (v, input) in step.iter_mut().zip(inputs) {
                *v = (*v as f64 * out_scale / input.scale) as f32;
            }
        }
    }
}

/// A Jacobian (S·K, T, F) as the JS API and the CLI hand it out: per forecast value, per input
/// column, its T steps oldest first, (S·K, F, T).
pub fn by_column(jac: &[f32], dims: &Dims) -> Vec<Vec<Vec<f32>>> {
    let (t_len, f) = (dims.seq_len, dims.features);
    jac.chunks_exact(t_len * f)
        .map(|block| {
            (0..f)
                .map(|col| block.iter().skip(col).step_by(f).copied().collect())
                .collect()
        })
        .collect()
}

/// One slot's buffers for the steps back: what training's pass keeps, with d_x at every layer.
struct SlotBack {
    deltas: Deltas,               // (n, H) ∂ŷ_j/∂h_t (∂ŷ_j/∂c_t) and the gates' scratch
    recurrent_kernel_t: Vec<f32>, // (G·H, H)
    kernel_t: Vec<f32>,           // (G·H, F_l)
    d_x: Vec<f32>,                // (n, F_l) ∂ŷ_j/∂x_t of this slot's input
    d_above: Blocks,              // (T, n, H) from the layer above, in this slot's time; top: empty
}

/// The backward pass from one output at a time, over `n` windows' tapes.
struct Backward {
    n: usize,
    slots: Vec<SlotBack>,
    grads: Vec<f32>, // the parameters' layout: the cells' weight gradients, thrown away
}

impl Backward {
    fn new(model: &Model, n: usize) -> Backward {
        let dims = model.dims;
        let top = dims.layers.len() - 1;
        let slots = (0..dims.slots())
            .map(|k| {
                let s = dims.slot(k);
                let gh = dims.cell.gates() * s.units;
                let w = model.cell_weights(k);
                let mut recurrent_kernel_t = vec![0.0; gh * s.units];
                transpose(w.recurrent_kernel, s.units, gh, &mut recurrent_kernel_t);
                let mut kernel_t = vec![0.0; gh * s.input];
                transpose(w.kernel, s.input, gh, &mut kernel_t);
                SlotBack {
                    deltas: Deltas::new(dims.cell, s.units, n),
                    recurrent_kernel_t,
                    kernel_t,
                    d_x: vec![0.0; n * s.input],
                    d_above: Blocks::new(dims.seq_len, n, if s.layer < top { s.units } else { 0 }),
                }
            })
            .collect();
        Backward {
            n,
            slots,
            grads: vec![0.0; model.params.len()],
        }
    }

    /// ∂ŷ_j/∂x for every window of `tapes` into `d_inputs` (n, T, F).
    fn output(&mut self, model: &Model, tapes: &[Tape], j: usize, d_inputs: &mut [f32]) {
        let dims = model.dims;
        let (t_len, d, n) = (dims.seq_len, dims.directions(), self.n);
        let (f, sk) = (dims.features, dims.outputs());
        let top = dims.layers.len() - 1;
        d_inputs.fill(0.0);
        self.grads.fill(0.0);
        // The head: d_head = dense_kernel[:, j], each top slot's share into its last step's d_h.
        let kernel = model.dense_weights().kernel; // (D·H_top, S·K)
        let first_top = dims.slots() - d;
        for (i, slot) in self.slots[first_top..].iter_mut().enumerate() {
            let h = dims.layers.top();
            let d_h = slot.deltas.d_h.at_mut(t_len - 1);
            for row in d_h[..n * h].chunks_exact_mut(h) {
                for (u, v) in row.iter_mut().enumerate() {
                    *v = kernel[(i * h + u) * sk + j];
                }
            }
        }
        for slot in &mut self.slots {
            // Nothing reaches a c_T; the gradients from above are summed afresh.
            slot.deltas.d_c.at_mut(t_len - 1).fill(0.0);
            slot.d_above.clear();
        }
        for k in (0..dims.slots()).rev() {
            let s = dims.slot(k);
            let mut g = model.layout.cell_grads(k, &mut self.grads);
            let (below, rest) = self.slots.split_at_mut(k);
            let slot = &mut rest[0];
            for t in (0..t_len).rev() {
                if s.layer < top {
                    // From the layer above, joined to what comes back through time (all there
                    // is at the last step).
                    let from_above = &slot.d_above.at(t)[..n * s.units];
                    let d_h = &mut slot.deltas.d_h.at_mut(t)[..n * s.units];
                    if t == t_len - 1 {
                        d_h.copy_from_slice(from_above);
                    } else {
                        d_h.iter_mut().zip(from_above).for_each(|(a, &b)| *a += b);
                    }
                }
                tapes[k].backward(
                    &mut g,
                    &slot.recurrent_kernel_t,
                    model.activation,
                    &mut slot.deltas,
                    Some((&mut slot.d_x[..], &slot.kernel_t[..])),
                    t,
                    0..n,
                );
                if s.layer > 0 {
                    let lower = &mut below[(s.layer - 1) * d..s.layer * d];
                    let (d_x, back) = (&slot.d_x[..], s.backward);
                    match lower {
                        [a] => stack::scatter(d_x, &mut [&mut a.d_above], back, t, 0..n),
                        [a, b] => stack::scatter(
                            d_x,
                            &mut [&mut a.d_above, &mut b.d_above],
                            back,
                            t,
                            0..n,
                        ),
                        _ => unreachable!("a layer has one or two directions"),
                    }
                } else {
                    // The window's own step: a backward slot's τ reads the window's T−1−τ.
                    let step = if s.backward { t_len - 1 - t } else { t };
                    for (b, d_x) in slot.d_x.chunks_exact(f).enumerate() {
                        let at = (b * t_len + step) * f;
                        d_inputs[at..at + f]
                            .iter_mut()
                            .zip(d_x)
                            .for_each(|(o, &v)| *o += v);
                    }
                }
            }
        }
    }
}

impl Trainer {
    /// ∂forecast_j/∂window_{t,f}: how much forecast value j moves per unit of input value t of
    /// column f, in the sequence's own units (raw in, raw out, scaling included). `window` is what
    /// [`Trainer::forecast`] takes (T·F raw values, row-major), checked the same way; the answer
    /// is (S·K, T, F), the forecast values in [`Trainer::forecast`]'s order.
    pub fn sensitivity(&self, window: &[f32]) -> Result<Vec<f32>, String> {
        self.forecast(window)?; // checks the window as the forecast does
        let (inputs, targets) = self.column_scalers();
        let model = self.model();
        let f = model.dims.features;
        let scaled: Vec<f32> = window
            .iter()
            .enumerate()
            .map(|(i, &v)| inputs[i % f].apply(v))
            .collect();
        let mut jac = jacobian(model, &scaled);
        to_raw(&mut jac, &model.dims, &inputs, &targets);
        Ok(jac)
    }

    /// The mean of |∂ŷ_j/∂x_{t,f}| over the training windows (at most [`MAX_MEAN_WINDOWS`],
    /// evenly spaced, within about `max_work` multiply-adds: [`work_per_window`] each), in the
    /// model's units (what a memory span compares: unit-free once standardized) and in the
    /// sequence's own, (S·K, T, F) each.
    pub fn mean_sensitivity(&self, max_work: usize) -> (MeanSensitivity, Vec<f32>) {
        // Only the windows taken are gathered: all of them can be hundreds of MB.
        let windows = self.windows();
        let picked = evenly_spaced(windows.len(), &self.model().dims, max_work);
        let inputs = gather(&picked, |&i| windows.input(i));
        let mean = mean_abs(self.model(), &inputs, usize::MAX);
        let (input_scalers, targets) = self.column_scalers();
        let mut raw = mean.mean_abs.clone();
        to_raw(&mut raw, &self.model().dims, &input_scalers, &targets);
        (mean, raw)
    }

    /// A scaler per input column (F) and per forecast series (K, in the outputs' order).
    fn column_scalers(&self) -> (Vec<Scaler>, Vec<Scaler>) {
        let scalers = self.scalers();
        let targets = self.target_columns().iter().map(|&c| scalers[c]).collect();
        (scalers.to_vec(), targets)
    }
}
