//! One minibatch's forward and backward pass, resumable: a frame can stop mid-batch and go on later.
//!
//! The work is cut into pieces of about [`PIECE_MACS`] multiply-adds (a time step for some rows), so
//! even units 512 × seq_len 500 × batch 32 never holds the page for more than a piece at a time.
//! [`Schedule`] decides which piece comes next; [`Pass`] does each piece's math. Every buffer is
//! allocated once, for the largest batch; running a pass allocates nothing.

use crate::data::Windows;
use crate::nn::cell::{span, transpose, CellGrads, Deltas, Tape};
use crate::nn::dense::{self, DenseGrads};
use crate::nn::grad_flow::StateSums;
use crate::nn::loss::{mse_backward, mse_forward};
use crate::nn::model::{split_mut, Dims, Model};
use std::ops::Range;

/// About a millisecond of work in wasm: the granularity at which a pass can pause.
pub const PIECE_MACS: usize = 1 << 20;

/// A piece of a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Time step t forward, for these batch rows.
    Forward { t: usize, rows: Range<usize> },
    /// The Dense head and the loss, then (unless only scoring) their gradients.
    Head,
    /// Time step t back, for these batch rows.
    Backward { t: usize, rows: Range<usize> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Forward { t: usize, row: usize },
    Head,
    Backward { t: usize, row: usize },
    Done,
}

/// The order of a pass's pieces: each time step forward, `chunk` rows at a time; the head; each
/// time step back, last to first.
#[derive(Debug, Clone)]
struct Schedule {
    seq_len: usize,
    rows: usize,  // this batch's B
    chunk: usize, // rows per piece
    phase: Phase,
}

impl Schedule {
    fn start(&mut self, rows: usize) {
        self.rows = rows;
        self.phase = Phase::Forward { t: 0, row: 0 };
    }

    fn rows_from(&self, row: usize) -> Range<usize> {
        row..(row + self.chunk).min(self.rows)
    }

    /// The piece to do next; None once idle or done.
    fn current(&self) -> Option<Piece> {
        match self.phase {
            Phase::Idle | Phase::Done => None,
            Phase::Forward { t, row } => Some(Piece::Forward {
                t,
                rows: self.rows_from(row),
            }),
            Phase::Head => Some(Piece::Head),
            Phase::Backward { t, row } => Some(Piece::Backward {
                t,
                rows: self.rows_from(row),
            }),
        }
    }

    /// Moves past the current piece.
    fn advance(&mut self) {
        let last_t = self.seq_len - 1;
        self.phase = match self.phase {
            Phase::Forward { t, row } => match self.rows_from(row).end {
                end if end < self.rows => Phase::Forward { t, row: end },
                _ if t < last_t => Phase::Forward { t: t + 1, row: 0 },
                _ => Phase::Head,
            },
            Phase::Head => Phase::Backward { t: last_t, row: 0 },
            Phase::Backward { t, row } => match self.rows_from(row).end {
                end if end < self.rows => Phase::Backward { t, row: end },
                _ if t > 0 => Phase::Backward { t: t - 1, row: 0 },
                _ => Phase::Done,
            },
            other => other,
        };
    }

    fn finish(&mut self) {
        self.phase = Phase::Done;
    }

    fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// How far through the pass, 0…1, counting a step back as twice a step forward (its work).
    fn progress(&self) -> f64 {
        let (t_len, rows) = (self.seq_len as f64, self.rows.max(1) as f64);
        let done = match self.phase {
            Phase::Idle => 0.0,
            Phase::Forward { t, row } => t as f64 + row as f64 / rows,
            Phase::Head => t_len,
            Phase::Backward { t, row } => {
                t_len + 2.0 * ((t_len - 1.0 - t as f64) + row as f64 / rows)
            }
            Phase::Done => 3.0 * t_len,
        };
        done / (3.0 * t_len)
    }
}

#[derive(Debug, Clone)]
pub struct Pass {
    dims: Dims,
    capacity: usize, // largest B
    schedule: Schedule,
    tape: Tape,                   // x, states and gates of every step
    y: Vec<f32>,                  // (B, S)
    out: Vec<f32>,                // (B, S)
    d_out: Vec<f32>,              // (B, S)
    deltas: Deltas,               // dL/dh_t (dL/dc_t) and the gates' scratch
    recurrent_kernel_t: Vec<f32>, // (G·H, H)
    loss: f32,
    /// Validation batches stop after the loss: no gradients.
    forward_only: bool,
    /// While recording: Σ over the batches' rows of ‖∂ℓ_b/∂h_t‖ (and c_t) per step.
    flow: StateSums,
}

impl Pass {
    pub fn new(dims: Dims, capacity: usize) -> Pass {
        let Dims {
            cell,
            seq_len: t,
            features: f,
            units: h,
            n_steps: s,
        } = dims;
        let b = capacity.max(1);
        Pass {
            dims,
            capacity: b,
            schedule: Schedule {
                seq_len: t,
                rows: 0,
                chunk: (PIECE_MACS / cell.forward_cost(f, h).max(1)).max(1),
                phase: Phase::Idle,
            },
            tape: Tape::new(dims, b),
            y: vec![0.0; b * s],
            out: vec![0.0; b * s],
            d_out: vec![0.0; b * s],
            deltas: Deltas::new(&dims, b),
            recurrent_kernel_t: vec![0.0; cell.gates() * h * h],
            loss: f32::NAN,
            forward_only: false,
            flow: StateSums::new(&dims),
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
        let s = self.dims.n_steps;
        assert!(idx.len() <= self.capacity && !idx.is_empty());
        debug_assert_eq!(windows.seq_len, self.dims.seq_len);
        for (b, &i) in idx.iter().enumerate() {
            self.tape.load_row(b, windows.input(i));
            self.y[b * s..(b + 1) * s].copy_from_slice(windows.target(i));
        }
        self.schedule.start(idx.len());
        self.loss = f32::NAN;
    }

    /// The gradient-flow sums ([`crate::nn::grad_flow`]), added to by each backward step while on.
    pub(crate) fn flow_mut(&mut self) -> &mut StateSums {
        &mut self.flow
    }

    pub(crate) fn flow(&self) -> &StateSums {
        &self.flow
    }

    pub fn rows(&self) -> usize {
        self.schedule.rows
    }

    /// How far through its batch the pass is, 0…1.
    pub fn progress(&self) -> f64 {
        self.schedule.progress()
    }

    /// The batch's loss, once [`Pass::run`] has reported it done; NaN before.
    pub fn loss(&self) -> f32 {
        self.loss
    }

    /// The batch's outputs (B, S), once the forward pass is done.
    pub fn outputs(&self) -> &[f32] {
        &self.out[..self.rows() * self.dims.n_steps]
    }

    /// Works through pieces, adding this batch's gradients into `grads` (zeroed by the caller),
    /// until the pass is done (true) or `budget` multiply-adds are spent (false).
    /// A non-finite loss ends the pass early, with no gradients: the caller checks [`Pass::loss`].
    pub fn run(&mut self, model: &Model, grads: &mut [f32], budget: &mut usize) -> bool {
        while let Some(piece) = self.schedule.current() {
            let cost = match piece {
                Piece::Forward { t, rows } => self.forward(model, t, rows),
                Piece::Head => match self.head(model, grads) {
                    Some(cost) => cost,
                    None => {
                        self.schedule.finish();
                        return true;
                    }
                },
                Piece::Backward { t, rows } => self.backward(model, grads, t, rows),
            };
            self.schedule.advance();
            *budget = budget.saturating_sub(cost.max(1));
            if *budget == 0 {
                break;
            }
        }
        self.schedule.is_done()
    }

    /// Time step t forward for batch rows `rows`; returns its multiply-adds.
    fn forward(&mut self, model: &Model, t: usize, rows: Range<usize>) -> usize {
        let Dims {
            cell,
            features,
            units,
            ..
        } = self.dims;
        let cost = rows.len() * cell.forward_cost(features, units);
        self.tape
            .forward(&model.cell_weights(), model.activation, t, rows);
        cost
    }

    /// The Dense head on h_T and the loss; unless that is all this batch needs (scoring, or a
    /// non-finite loss: then None), the gradients into the head and back to h_T.
    fn head(&mut self, model: &Model, grads: &mut [f32]) -> Option<usize> {
        let Dims {
            cell,
            seq_len,
            units: h,
            n_steps: s,
            ..
        } = self.dims;
        let rows = self.rows();
        let h_last = &self.tape.hs.at(seq_len)[..rows * h]; // (B, H)
        let (out, y) = (&mut self.out[..rows * s], &self.y[..rows * s]);
        let dense_w = model.dense_weights();
        dense::forward(&dense_w, h_last, out);
        self.loss = mse_forward(out, y);
        if !self.loss.is_finite() || self.forward_only {
            return None;
        }
        let d_out = &mut self.d_out[..rows * s];
        mse_backward(out, y, d_out);
        let [_, _, _, d_kernel, d_bias] = split_mut(grads, &self.dims);
        let d_h = &mut self.deltas.d_h.at_mut(seq_len - 1)[..rows * h];
        dense::backward(
            &dense_w,
            &mut DenseGrads { d_kernel, d_bias },
            h_last,
            d_out,
            d_h,
        );
        // Nothing reaches c_T from above.
        self.deltas.d_c.at_mut(seq_len - 1).fill(0.0);
        let gh = cell.gates() * h;
        let recurrent_kernel = model.cell_weights().recurrent_kernel;
        transpose(recurrent_kernel, h, gh, &mut self.recurrent_kernel_t);
        Some(rows * h * s * 3 + gh * h)
    }

    /// Time step t back for batch rows `rows`; returns its multiply-adds.
    fn backward(
        &mut self,
        model: &Model,
        grads: &mut [f32],
        t: usize,
        rows: Range<usize>,
    ) -> usize {
        let Dims {
            cell,
            features,
            units,
            ..
        } = self.dims;
        let cost = rows.len() * cell.backward_cost(features, units);
        let [d_kernel, d_recurrent_kernel, d_bias, _, _] = split_mut(grads, &self.dims);
        let mut g = CellGrads {
            d_kernel,
            d_recurrent_kernel,
            d_bias,
        };
        self.tape.backward(
            &mut g,
            &self.recurrent_kernel_t,
            model.activation,
            &mut self.deltas,
            t,
            rows.clone(),
        );
        if self.flow.on {
            self.record(t, rows);
        }
        cost
    }

    /// Adds ‖∂ℓ_b/∂h_t‖ = B·‖∂L/∂h_t‖ of rows `rows` to the flow's sums (and c_t's for an LSTM),
    /// one row after another, so pieces of any size give the same sums.
    fn record(&mut self, t: usize, rows: Range<usize>) {
        let units = self.dims.units;
        let scale = self.rows() as f64;
        let at = span(&rows, units);
        let flow = &mut self.flow;
        StateSums::add(
            &mut flow.h,
            t,
            &self.deltas.d_h.at(t)[at.clone()],
            units,
            scale,
        );
        if !flow.c.is_empty() {
            StateSums::add(&mut flow.c, t, &self.deltas.d_c.at(t)[at], units, scale);
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
