//! Gradient flow through time: how much each time step's state moves the loss, epoch by epoch.
//!
//! For a training window b, let ℓ_b be its own loss, the mean of its n_steps squared errors. The
//! batch's loss is L = (1/B)·Σ_b ℓ_b, so the backward pass's ∂L/∂h_t for row b, times B, is
//! ∂ℓ_b/∂h_t: a number that doesn't depend on the batch size. The trainer records its Euclidean
//! norm over the units at every step t = 1..T, averaged over the epoch's training windows; for an
//! LSTM the same for the cell state c_t. ∂ℓ_b/∂h_t changes h_t alone (an LSTM's c_t held); ∂ℓ_b/∂c_t
//! changes c_t, and h_t = o_t ⊙ act(c_t) with it: the two are what [`loss_from_state`] perturbs.
//! And per minibatch, the Frobenius norm of each weight array's gradient as Adam receives it (of
//! the batch-mean loss L), averaged over the epoch's minibatches. Validation scores nothing here.
//! Sums are in f64, in a fixed order, so the numbers are the same natively and in wasm32.

use crate::nn::cell::Tape;
use crate::nn::dense;
use crate::nn::model::{Dims, Model};
use std::ops::Range;

/// One epoch's record of the gradient flow: see the module's documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradNorms<'a> {
    /// The epoch (counting from 1) they belong to.
    pub epoch: usize,
    /// Mean over the epoch's windows of ‖∂ℓ_b/∂h_t‖, t = 1..T (index t − 1), for each slot
    /// (one direction of one layer: [`crate::nn::model::Dims::slot`]) in turn, (slots, T), by
    /// the window's time (a backward slot's too).
    pub h: &'a [f32],
    /// The same for an LSTM's cell state c_t; empty for the other cells.
    pub c: &'a [f32],
    /// Mean over the epoch's minibatches of each weight array's gradient's Frobenius norm, in
    /// `get_weights()` order: per slot kernel, recurrent_kernel, bias; dense_kernel, dense_bias.
    pub weights: &'a [f32],
    /// T: each slot's steps.
    pub steps: usize,
}

impl GradNorms<'_> {
    /// How many slots the record holds.
    pub fn slots(&self) -> usize {
        self.h.len() / self.steps.max(1)
    }

    /// Slot `k`'s ‖∂ℓ/∂h_t‖, t = 1..T.
    pub fn slot(&self, k: usize) -> &[f32] {
        &self.h[k * self.steps..(k + 1) * self.steps]
    }
}

/// Σ v², in f64 (never overflows for f32 inputs): [`sum_squares_scalar`], or in wasm32 its
/// f64x2 form `simd::sum_squares`, with the same bits.
pub fn sum_squares(v: &[f32]) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return crate::nn::simd::sum_squares(v);
    #[cfg(not(target_arch = "wasm32"))]
    sum_squares_scalar(v)
}

/// Σ v², in f64: four running sums (not one long chain of dependent adds), combined in a fixed
/// order, so it is quick and the same natively and in wasm32.
pub fn sum_squares_scalar(v: &[f32]) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = v.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a += x as f64 * x as f64;
        }
    }
    for (a, &x) in acc.iter_mut().zip(tail) {
        *a += x as f64 * x as f64;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// The states' sums a [`crate::nn::pass::Pass`] keeps while recording: Σ_b ‖∂ℓ_b/∂h_t‖ per
/// slot and step (the slot's own step).
#[derive(Debug, Clone)]
pub(crate) struct StateSums {
    pub on: bool,
    pub h: Vec<Vec<f64>>, // (slots, T)
    pub c: Vec<Vec<f64>>, // (slots, T) LSTM; empty rows for the others
}

impl StateSums {
    pub fn new(dims: &Dims) -> StateSums {
        let t = dims.seq_len;
        let c = if dims.cell.has_carry() { t } else { 0 };
        StateSums {
            on: false,
            h: vec![vec![0.0; t]; dims.slots()],
            c: vec![vec![0.0; c]; dims.slots()],
        }
    }

    pub fn clear(&mut self) {
        self.h.iter_mut().for_each(|h| h.fill(0.0));
        self.c.iter_mut().for_each(|c| c.fill(0.0));
    }

    /// Adds `scale`·‖row‖ for each (B, H) row of `d` to `sums[t]`, row after row.
    pub fn add(sums: &mut [f64], t: usize, d: &[f32], units: usize, scale: f64) {
        for row in d.chunks_exact(units) {
            sums[t] += scale * sum_squares(row).sqrt();
        }
    }
}

/// The trainer's side: the weights' sums over the epoch in progress, and the last recorded epoch.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    pub on: bool,
    whole: bool,               // on since the epoch in progress began
    arrays: Vec<Range<usize>>, // where each weight array lies
    backward: Vec<bool>,       // (slots) which slots read the window backwards
    weights: Vec<f64>,         // (arrays) Σ over minibatches of each array's ‖g‖
    squares: Vec<f64>,         // (arrays) this minibatch's Σ g²
    batches: usize,
    windows: usize,
    last_epoch: usize,      // 0: nothing recorded yet
    h: Vec<f32>,            // (slots, T)
    c: Vec<f32>,            // (slots, T) LSTM; empty for the others
    last_weights: Vec<f32>, // (arrays)
}

impl Recorder {
    pub fn new(dims: &Dims) -> Recorder {
        let t = dims.seq_len;
        let ranges = dims.layout().arrays();
        let arrays = ranges.len();
        let slots = dims.slots();
        Recorder {
            on: true,
            whole: false,
            arrays: ranges,
            backward: (0..slots).map(|k| dims.slot(k).backward).collect(),
            weights: vec![0.0; arrays],
            squares: vec![0.0; arrays],
            batches: 0,
            windows: 0,
            last_epoch: 0,
            h: vec![0.0; slots * t],
            c: vec![0.0; if dims.cell.has_carry() { slots * t } else { 0 }],
            last_weights: vec![0.0; arrays],
        }
    }

    /// A training sweep starts (also after divergence or new weights): the sums start over.
    pub fn start_epoch(&mut self, states: &mut StateSums) {
        self.whole = self.on;
        self.weights.fill(0.0);
        self.batches = 0;
        self.windows = 0;
        states.clear();
        states.on = self.on;
    }

    /// Turns recording on or off; an epoch already under way is then not recorded.
    pub fn set(&mut self, on: bool, states: &mut StateSums) {
        if on != self.on {
            self.whole = false;
        }
        self.on = on;
        states.on = on;
    }

    /// A training minibatch of `rows` windows is done: checks its gradient `grads` (the
    /// parameters' layout) and, when recording, adds each array's norm. False if any gradient is
    /// not finite: each f32's square is finite in f64 and so is their sum, unless one is NaN or ∞.
    /// (The same check with the record off: the sums vectorize, and cost less than testing each
    /// value with `is_finite`, which stops at the first bad one.)
    pub fn add_batch(&mut self, grads: &[f32], rows: usize) -> bool {
        for (square, range) in self.squares.iter_mut().zip(&self.arrays) {
            *square = sum_squares(&grads[range.clone()]);
        }
        if !self.squares.iter().all(|s| s.is_finite()) {
            return false;
        }
        if !self.on {
            return true;
        }
        for (sum, s) in self.weights.iter_mut().zip(&self.squares) {
            *sum += s.sqrt();
        }
        self.batches += 1;
        self.windows += rows;
        true
    }

    /// The epoch `epoch` is done: its means become the last record, if it was recorded whole.
    pub fn finish_epoch(&mut self, epoch: usize, states: &StateSums) {
        if !(self.on && self.whole) || self.batches == 0 {
            return;
        }
        let n = self.windows as f64;
        // By the window's time: a backward slot's own step τ is the window's step T−1−τ.
        let t_len = states.h.first().map_or(0, Vec::len);
        for (k, (sums, &backward)) in states.h.iter().zip(&self.backward).enumerate() {
            for (tau, sum) in sums.iter().enumerate() {
                let t = if backward { t_len - 1 - tau } else { tau };
                self.h[k * t_len + t] = (sum / n) as f32;
            }
            if let Some(sums) = states.c.get(k).filter(|c| !c.is_empty()) {
                for (tau, sum) in sums.iter().enumerate() {
                    let t = if backward { t_len - 1 - tau } else { tau };
                    self.c[k * t_len + t] = (sum / n) as f32;
                }
            }
        }
        let batches = self.batches as f64;
        for (out, sum) in self.last_weights.iter_mut().zip(&self.weights) {
            *out = (sum / batches) as f32;
        }
        self.last_epoch = epoch;
    }

    /// Forgets the last record (new weights, a new history).
    pub fn forget(&mut self) {
        self.last_epoch = 0;
    }

    pub fn last(&self) -> Option<GradNorms<'_>> {
        (self.last_epoch > 0).then_some(GradNorms {
            epoch: self.last_epoch,
            h: &self.h,
            c: &self.c,
            weights: &self.last_weights,
            steps: self.h.len() / self.backward.len().max(1),
        })
    }
}

/// Which state [`loss_from_state`] replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// h_t (an LSTM's c_t stays as it was).
    Hidden,
    /// An LSTM's c_t, with h_t = o_t ⊙ act(c_t) recomputed from it (o_t as it was).
    Carry,
}

/// For checks (tests/grad_flow.rs), not training: one window's loss ℓ (the mean of its squared
/// errors, in f64 from the f32 outputs) when its state at step `t` (1..=T) is replaced by `value`
/// (H), the forward pass running on from there. Also returns the forward record (capacity 1),
/// so a check can see which relus switched. Allocates.
pub fn loss_from_state(
    model: &Model,
    input: &[f32],  // (T·F)
    target: &[f32], // (S)
    t: usize,
    state: State,
    value: &[f32],
) -> (f64, Tape) {
    let dims = model.dims;
    assert_eq!(dims.slots(), 1, "a check of one layer, one direction");
    let (t_len, h) = (dims.seq_len, dims.layers.top());
    assert!((1..=t_len).contains(&t), "t = {t} is outside 1..={t_len}");
    assert_eq!(value.len(), h);
    assert_eq!(target.len(), dims.outputs());
    let act = model.activation;
    let w = model.cell_weights(0);
    let mut tape = model.tape(0, 1);
    tape.load_row(0, input);
    for step in 0..t {
        tape.forward(&w, act, step, 0..1);
    }
    match state {
        State::Hidden => tape.hs.at_mut(t).copy_from_slice(value),
        State::Carry => {
            let Some(g) = dims.cell.output_gate() else {
                panic!("only a cell with a carry (LSTM) carries c_t");
            };
            tape.cs.at_mut(t).copy_from_slice(value);
            let act_c = tape.extra.at_mut(t - 1);
            act_c.copy_from_slice(value);
            act.forward(act_c);
            let o = &tape.gates.at(t - 1)[g * h..(g + 1) * h];
            let act_c = tape.extra.at(t - 1);
            for ((h, &o), &a) in tape.hs.at_mut(t).iter_mut().zip(o).zip(act_c) {
                *h = o * a;
            }
        }
    }
    for step in t..t_len {
        tape.forward(&w, act, step, 0..1);
    }
    let mut out = vec![0.0; dims.outputs()];
    dense::forward(&model.dense_weights(), tape.hs.at(t_len), &mut out);
    let sum: f64 = out
        .iter()
        .zip(target)
        .map(|(&o, &y)| (o as f64 - y as f64).powi(2))
        .sum();
    (sum / dims.outputs() as f64, tape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_squares_is_exact_on_small_integers_at_every_tail() {
        for n in 0..13 {
            let v: Vec<f32> = (1..=n).map(|i| i as f32).collect();
            let want = (n * (n + 1) * (2 * n + 1) / 6) as f64;
            assert_eq!(sum_squares(&v), want, "n = {n}");
        }
        assert_eq!(sum_squares(&[f32::MAX; 3]), 3.0 * (f32::MAX as f64).powi(2));
        assert!(sum_squares(&[1.0, f32::NAN]).is_nan());
        assert!(sum_squares(&[f32::INFINITY]).is_infinite());
    }
}
