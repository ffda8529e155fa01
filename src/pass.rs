//! One minibatch's forward and backward pass, resumable: a frame can stop mid-batch and go on later.
//!
//! The work is cut into pieces of about [`PIECE_MACS`] multiply-adds (a time step for some rows), so
//! even units 512 × seq_len 500 × batch 32 never holds the page for more than a piece at a time.
//! Every buffer is allocated once, for the largest batch; running a pass allocates nothing.

use crate::data::Windows;
use crate::dense::{self, DenseGrads};
use crate::loss::{mse_backward, mse_forward};
use crate::model::{split_mut, Dims, Model};
use crate::rnn::{self, RnnGrads};

/// About a millisecond of work in wasm: the granularity at which a pass can pause.
pub const PIECE_MACS: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Forward { t: usize, row: usize },
    Head,
    Backward { t: usize, row: usize },
    Done,
}

#[derive(Debug, Clone)]
pub struct Pass {
    dims: Dims,
    capacity: usize,              // largest B
    rows: usize,                  // this batch's B
    chunk: usize,                 // rows per piece
    x: Vec<f32>,                  // (T, B, F), time-major so x_t is contiguous
    y: Vec<f32>,                  // (B, S)
    hs: Vec<f32>,                 // (T+1, B, H); block 0 is h_0 = 0 and is never written
    out: Vec<f32>,                // (B, S)
    d_out: Vec<f32>,              // (B, S)
    d_h: Vec<f32>,                // (B, H) dL/dh_t
    d_h_prev: Vec<f32>,           // (B, H) dL/dh_{t−1}
    d_z: Vec<f32>,                // (B, H) dL/d(pre-activation)
    recurrent_kernel_t: Vec<f32>, // (H, H)
    phase: Phase,
    loss: f32,
    /// Validation batches stop after the loss: no gradients.
    forward_only: bool,
}

impl Pass {
    pub fn new(dims: Dims, capacity: usize) -> Pass {
        let Dims {
            seq_len: t,
            features: f,
            units: h,
            n_steps: s,
        } = dims;
        let b = capacity.max(1);
        Pass {
            dims,
            capacity: b,
            rows: 0,
            chunk: (PIECE_MACS / (h * (h + f)).max(1)).max(1),
            x: vec![0.0; t * b * f],
            y: vec![0.0; b * s],
            hs: vec![0.0; (t + 1) * b * h],
            out: vec![0.0; b * s],
            d_out: vec![0.0; b * s],
            d_h: vec![0.0; b * h],
            d_h_prev: vec![0.0; b * h],
            d_z: vec![0.0; b * h],
            recurrent_kernel_t: vec![0.0; h * h],
            phase: Phase::Idle,
            loss: f32::NAN,
            forward_only: false,
        }
    }

    /// Gathers the windows `idx` (at most `capacity` of them) as this pass's batch.
    pub fn load(&mut self, windows: &Windows, idx: &[usize]) {
        self.load_batch(windows, idx, false);
    }

    /// Like [`Pass::load`], for a batch that is only scored (validation): no backward pass.
    pub fn load_forward_only(&mut self, windows: &Windows, idx: &[usize]) {
        self.load_batch(windows, idx, true);
    }

    fn load_batch(&mut self, windows: &Windows, idx: &[usize], forward_only: bool) {
        self.forward_only = forward_only;
        let (t_len, s) = (self.dims.seq_len, self.dims.n_steps);
        assert!(idx.len() <= self.capacity && !idx.is_empty());
        self.rows = idx.len();
        for (b, &i) in idx.iter().enumerate() {
            for (t, &v) in windows.input(i).iter().enumerate() {
                self.x[t * self.capacity + b] = v;
            }
            self.y[b * s..(b + 1) * s].copy_from_slice(windows.target(i));
        }
        debug_assert_eq!(windows.seq_len, t_len);
        self.phase = Phase::Forward { t: 0, row: 0 };
        self.loss = f32::NAN;
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The batch's loss, once [`Pass::run`] has reported it done; NaN before.
    pub fn loss(&self) -> f32 {
        self.loss
    }

    /// The batch's outputs (B, S), once the forward pass is done.
    pub fn outputs(&self) -> &[f32] {
        &self.out[..self.rows * self.dims.n_steps]
    }

    /// Works through pieces, adding this batch's gradients into `grads` (zeroed by the caller),
    /// until the pass is done (true) or `budget` multiply-adds are spent (false).
    /// A non-finite loss ends the pass early, with no gradients: the caller checks [`Pass::loss`].
    pub fn run(&mut self, model: &Model, grads: &mut [f32], budget: &mut usize) -> bool {
        let Dims {
            seq_len: t_len,
            features: f,
            units: h,
            n_steps: s,
        } = self.dims;
        let (cap, rows) = (self.capacity, self.rows);
        let rnn_w = model.rnn_weights();
        let dense_w = model.dense_weights();
        let [d_kernel, d_recurrent_kernel, d_bias, d_dense_kernel, d_dense_bias] =
            split_mut(grads, &self.dims);
        let mut rnn_g = RnnGrads {
            d_kernel,
            d_recurrent_kernel,
            d_bias,
        };
        let mut dense_g = DenseGrads {
            d_kernel: d_dense_kernel,
            d_bias: d_dense_bias,
        };
        loop {
            let cost;
            match self.phase {
                Phase::Idle | Phase::Done => return self.phase == Phase::Done,
                Phase::Forward { t, row } => {
                    let end = (row + self.chunk).min(rows);
                    let (done, next) = self.hs.split_at_mut((t + 1) * cap * h);
                    let h_prev = (t > 0).then(|| &done[t * cap * h..]);
                    let x_t = &self.x[t * cap * f..(t + 1) * cap * f];
                    rnn::forward(&rnn_w, model.activation, x_t, h_prev, next, row..end);
                    cost = (end - row) * h * (h + f);
                    self.phase = if end < rows {
                        Phase::Forward { t, row: end }
                    } else if t + 1 < t_len {
                        Phase::Forward { t: t + 1, row: 0 }
                    } else {
                        Phase::Head
                    };
                }
                Phase::Head => {
                    let h_last = &self.hs[t_len * cap * h..t_len * cap * h + rows * h];
                    let (out, y) = (&mut self.out[..rows * s], &self.y[..rows * s]);
                    dense::forward(&dense_w, h_last, out);
                    self.loss = mse_forward(out, y);
                    if !self.loss.is_finite() || self.forward_only {
                        self.phase = Phase::Done;
                        return true;
                    }
                    let d_out = &mut self.d_out[..rows * s];
                    mse_backward(out, y, d_out);
                    dense::backward(
                        &dense_w,
                        &mut dense_g,
                        h_last,
                        d_out,
                        &mut self.d_h[..rows * h],
                    );
                    rnn::transpose(rnn_w.recurrent_kernel, h, h, &mut self.recurrent_kernel_t);
                    cost = rows * h * s * 3 + h * h;
                    self.phase = Phase::Backward {
                        t: t_len - 1,
                        row: 0,
                    };
                }
                Phase::Backward { t, row } => {
                    let end = (row + self.chunk).min(rows);
                    let h_prev = (t > 0).then(|| &self.hs[t * cap * h..(t + 1) * cap * h]);
                    rnn::backward(
                        &mut rnn_g,
                        model.activation,
                        &self.recurrent_kernel_t,
                        &self.x[t * cap * f..(t + 1) * cap * f],
                        h_prev,
                        &self.hs[(t + 1) * cap * h..(t + 2) * cap * h],
                        &self.d_h,
                        &mut self.d_z,
                        &mut self.d_h_prev,
                        row..end,
                    );
                    cost = (end - row) * h * (2 * h + f);
                    self.phase = if end < rows {
                        Phase::Backward { t, row: end }
                    } else if t > 0 {
                        std::mem::swap(&mut self.d_h, &mut self.d_h_prev);
                        Phase::Backward { t: t - 1, row: 0 }
                    } else {
                        Phase::Done
                    };
                }
            }
            *budget = budget.saturating_sub(cost.max(1));
            if self.phase == Phase::Done || *budget == 0 {
                return self.phase == Phase::Done;
            }
        }
    }
}

/// The loss on `idx` and its gradient with respect to every parameter, in one go.
/// Allocates: for tests and checks, not the training loop.
pub fn loss_and_grads(model: &Model, windows: &Windows, idx: &[usize]) -> (f32, Vec<f32>) {
    let mut pass = Pass::new(model.dims, idx.len());
    let mut grads = vec![0.0; model.params.len()];
    pass.load(windows, idx);
    let mut budget = usize::MAX;
    while !pass.run(model, &mut grads, &mut budget) {}
    (pass.loss(), grads)
}
