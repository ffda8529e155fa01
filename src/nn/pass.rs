//! One minibatch's forward and backward pass, resumable: a frame can stop mid-batch and go on later.
//!
//! The work is cut into pieces of about [`PIECE_MACS`] multiply-adds (a time step of one slot —
//! one direction of one layer — for some rows), so even units 512 × seq_len 500 × batch 32 never
//! holds the page for more than a piece at a time. [`Schedule`] decides which piece comes next;
//! [`Pass`] does each piece's math. Forward runs the slots bottom up (a layer above reads the
//! joined outputs of the one below, [`stack::link`]); the head reads the top layer's last states;
//! backward runs the slots top down, each step handing dL/dx_t to the layer below
//! ([`stack::scatter`]). Every buffer is allocated once, for the largest batch; running a pass
//! allocates nothing.

use crate::data::Windows;
use crate::nn::cell::{span, transpose, Blocks, Deltas, Tape};
use crate::nn::dense::{self, DenseGrads};
use crate::nn::grad_flow::StateSums;
use crate::nn::loss::{mse_backward, mse_forward};
use crate::nn::model::{load_row, Dims, Layout, Model};
use crate::nn::stack;
use std::ops::Range;

/// About a millisecond of work in wasm: the granularity at which a pass can pause.
pub const PIECE_MACS: usize = 1 << 20;

/// A piece of a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Slot k's time step t forward, for these batch rows.
    Forward {
        k: usize,
        t: usize,
        rows: Range<usize>,
    },
    /// The Dense head and the loss, then (unless only scoring) their gradients.
    Head,
    /// Slot k's time step t back, for these batch rows.
    Backward {
        k: usize,
        t: usize,
        rows: Range<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Forward { k: usize, t: usize, row: usize },
    Head,
    Backward { k: usize, t: usize, row: usize },
    Done,
}

/// The order of a pass's pieces: each slot's time steps forward, bottom up, `chunks[k]` rows at
/// a time; the head; each slot's time steps back, last to first, top down.
#[derive(Debug, Clone)]
struct Schedule {
    seq_len: usize,
    rows: usize,        // this batch's B
    chunks: Vec<usize>, // (slots) rows per piece
    phase: Phase,
}

impl Schedule {
    fn start(&mut self, rows: usize) {
        self.rows = rows;
        self.phase = Phase::Forward { k: 0, t: 0, row: 0 };
    }

    fn rows_from(&self, k: usize, row: usize) -> Range<usize> {
        row..(row + self.chunks[k]).min(self.rows)
    }

    /// The piece to do next; None once idle or done.
    fn current(&self) -> Option<Piece> {
        match self.phase {
            Phase::Idle | Phase::Done => None,
            Phase::Forward { k, t, row } => Some(Piece::Forward {
                k,
                t,
                rows: self.rows_from(k, row),
            }),
            Phase::Head => Some(Piece::Head),
            Phase::Backward { k, t, row } => Some(Piece::Backward {
                k,
                t,
                rows: self.rows_from(k, row),
            }),
        }
    }

    /// Moves past the current piece.
    fn advance(&mut self) {
        let last_t = self.seq_len - 1;
        let last_k = self.chunks.len() - 1;
        self.phase = match self.phase {
            Phase::Forward { k, t, row } => match self.rows_from(k, row).end {
                end if end < self.rows => Phase::Forward { k, t, row: end },
                _ if t < last_t => Phase::Forward {
                    k,
                    t: t + 1,
                    row: 0,
                },
                _ if k < last_k => Phase::Forward {
                    k: k + 1,
                    t: 0,
                    row: 0,
                },
                _ => Phase::Head,
            },
            Phase::Head => Phase::Backward {
                k: last_k,
                t: last_t,
                row: 0,
            },
            Phase::Backward { k, t, row } => match self.rows_from(k, row).end {
                end if end < self.rows => Phase::Backward { k, t, row: end },
                _ if t > 0 => Phase::Backward {
                    k,
                    t: t - 1,
                    row: 0,
                },
                _ if k > 0 => Phase::Backward {
                    k: k - 1,
                    t: last_t,
                    row: 0,
                },
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
        let slots = self.chunks.len() as f64;
        let (t_len, rows) = (self.seq_len as f64, self.rows.max(1) as f64);
        let steps = slots * t_len;
        let done = match self.phase {
            Phase::Idle => 0.0,
            Phase::Forward { k, t, row } => k as f64 * t_len + t as f64 + row as f64 / rows,
            Phase::Head => steps,
            Phase::Backward { k, t, row } => {
                let back = (slots - 1.0 - k as f64) * t_len + (t_len - 1.0 - t as f64);
                steps + 2.0 * (back + row as f64 / rows)
            }
            Phase::Done => 3.0 * steps,
        };
        done / (3.0 * steps)
    }
}

/// One slot's buffers: its tape, its running gradients, its kernels transposed, and for a layer
/// above another its dL/dx_t; for a layer below another, what the layer above hands down.
#[derive(Debug, Clone)]
struct SlotPass {
    layer: usize,
    backward: bool,
    tape: Tape,                   // x, states and gates of every step
    deltas: Deltas,               // dL/dh_t (dL/dc_t) and the gates' scratch
    recurrent_kernel_t: Vec<f32>, // (G·H, H)
    kernel_t: Vec<f32>,           // (G·H, F) above the bottom layer; else empty
    d_x: Vec<f32>,                // (B, F) above the bottom layer; else empty
    d_above: Blocks,              // (T, B, H) dL/dh_t from the layer above, in this slot's time
}

#[derive(Debug, Clone)]
pub struct Pass {
    dims: Dims,
    layout: Layout,
    capacity: usize, // largest B
    schedule: Schedule,
    slots: Vec<SlotPass>,
    head_in: Vec<f32>, // (B, D·H_top) the head's input, for more than one slot; else empty
    d_head: Vec<f32>,  // (B, D·H_top) its gradient, likewise
    y: Vec<f32>,       // (B, S·K)
    out: Vec<f32>,     // (B, S·K)
    d_out: Vec<f32>,   // (B, S·K)
    loss: f32,
    /// Validation batches stop after the loss: no gradients.
    forward_only: bool,
    /// While recording: Σ over the batches' rows of ‖∂ℓ_b/∂h_t‖ (and c_t) per slot and step.
    flow: StateSums,
}

impl Pass {
    pub fn new(dims: Dims, capacity: usize) -> Pass {
        let (cell, t) = (dims.cell, dims.seq_len);
        let b = capacity.max(1);
        let top = dims.layers.len() - 1;
        let slots: Vec<SlotPass> = (0..dims.slots())
            .map(|k| {
                let s = dims.slot(k);
                let gh = cell.gates() * s.units;
                let above = s.layer > 0;
                SlotPass {
                    layer: s.layer,
                    backward: s.backward,
                    tape: Tape::new(cell, t, s.input, s.units, b),
                    deltas: Deltas::new(cell, s.units, b),
                    recurrent_kernel_t: vec![0.0; gh * s.units],
                    kernel_t: vec![0.0; if above { gh * s.input } else { 0 }],
                    d_x: vec![0.0; if above { b * s.input } else { 0 }],
                    d_above: Blocks::new(t, b, if s.layer < top { s.units } else { 0 }),
                }
            })
            .collect();
        let chunks = (0..dims.slots())
            .map(|k| {
                let s = dims.slot(k);
                (PIECE_MACS / cell.forward_cost(s.input, s.units).max(1)).max(1)
            })
            .collect();
        let joined = if dims.slots() > 1 {
            b * dims.head_input()
        } else {
            0
        };
        let outputs = b * dims.outputs();
        Pass {
            dims,
            layout: dims.layout(),
            capacity: b,
            schedule: Schedule {
                seq_len: t,
                rows: 0,
                chunks,
                phase: Phase::Idle,
            },
            slots,
            head_in: vec![0.0; joined],
            d_head: vec![0.0; joined],
            y: vec![0.0; outputs],
            out: vec![0.0; outputs],
            d_out: vec![0.0; outputs],
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
        let s = self.dims.outputs();
        assert!(idx.len() <= self.capacity && !idx.is_empty());
        debug_assert_eq!(windows.seq_len, self.dims.seq_len);
        for slot in self.slots.iter_mut().filter(|s| s.layer == 0) {
            for (b, &i) in idx.iter().enumerate() {
                load_row(&mut slot.tape, b, windows.input(i), slot.backward);
            }
        }
        for (b, &i) in idx.iter().enumerate() {
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

    /// The batch's outputs (B, S·K), once the forward pass is done.
    pub fn outputs(&self) -> &[f32] {
        &self.out[..self.rows() * self.dims.outputs()]
    }

    /// Works through pieces, adding this batch's gradients into `grads` (zeroed by the caller),
    /// until the pass is done (true) or `budget` multiply-adds are spent (false).
    /// A non-finite loss ends the pass early, with no gradients: the caller checks [`Pass::loss`].
    pub fn run(&mut self, model: &Model, grads: &mut [f32], budget: &mut usize) -> bool {
        while let Some(piece) = self.schedule.current() {
            let cost = match piece {
                Piece::Forward { k, t, rows } => self.forward(model, k, t, rows),
                Piece::Head => match self.head(model, grads) {
                    Some(cost) => cost,
                    None => {
                        self.schedule.finish();
                        return true;
                    }
                },
                Piece::Backward { k, t, rows } => self.backward(model, grads, k, t, rows),
            };
            self.schedule.advance();
            *budget = budget.saturating_sub(cost.max(1));
            if *budget == 0 {
                break;
            }
        }
        self.schedule.is_done()
    }

    /// Slot k's time step t forward for batch rows `rows` (a layer above reading the joined
    /// outputs of the one below first); returns its multiply-adds.
    fn forward(&mut self, model: &Model, k: usize, t: usize, rows: Range<usize>) -> usize {
        let d = self.dims.directions();
        let (below, rest) = self.slots.split_at_mut(k);
        let slot = &mut rest[0];
        if slot.layer > 0 {
            let lower = &below[(slot.layer - 1) * d..slot.layer * d];
            let tapes = [&lower[0].tape, &lower[lower.len() - 1].tape];
            stack::link(&tapes[..d], &mut slot.tape, slot.backward, t, rows.clone());
        }
        let (f, h) = (slot.tape.features, slot.tape.units);
        let cost = rows.len() * self.dims.cell.forward_cost(f, h);
        slot.tape
            .forward(&model.cell_weights(k), model.activation, t, rows);
        cost
    }

    /// The Dense head on the top layer's last states and the loss; unless that is all this batch
    /// needs (scoring, or a non-finite loss: then None), the gradients into the head and back to
    /// the top layer's last step, and each slot's kernels transposed for its steps back.
    fn head(&mut self, model: &Model, grads: &mut [f32]) -> Option<usize> {
        let dims = self.dims;
        let (t_len, d) = (dims.seq_len, dims.directions());
        let (width, s) = (dims.head_input(), dims.outputs());
        let rows = self.rows();
        let one = self.slots.len() == 1;
        let top = self.slots.len() - d;
        // The head's input: the only slot's last state as it is, or the top slots' joined.
        if !one {
            let last = &self.slots[top..];
            let tapes = [&last[0].tape, &last[d - 1].tape];
            stack::head_input(&tapes[..d], &mut self.head_in, 0..rows);
        }
        // (The one slot's tape and running gradients borrowed apart, to read one and write the
        // other.)
        let (h_last, d_h_one): (&[f32], Option<&mut [f32]>) = if one {
            let SlotPass { tape, deltas, .. } = &mut self.slots[0];
            let d_h = &mut deltas.d_h.at_mut(t_len - 1)[..rows * width];
            (&tape.hs.at(t_len)[..rows * width], Some(d_h))
        } else {
            (&self.head_in[..rows * width], None)
        };
        let (out, y) = (&mut self.out[..rows * s], &self.y[..rows * s]);
        let dense_w = model.dense_weights();
        dense::forward(&dense_w, h_last, out);
        self.loss = mse_forward(out, y);
        if !self.loss.is_finite() || self.forward_only {
            return None;
        }
        let d_out = &mut self.d_out[..rows * s];
        mse_backward(out, y, d_out);
        let [kernel_at, bias_at] = &self.layout.dense;
        let (before, after) = grads.split_at_mut(bias_at.start);
        let d_kernel = &mut before[kernel_at.clone()];
        let d_bias = &mut after[..bias_at.len()];
        let mut g = DenseGrads { d_kernel, d_bias };
        match d_h_one {
            Some(d_h) => dense::backward(&dense_w, &mut g, h_last, d_out, d_h),
            None => {
                let d_head = &mut self.d_head[..rows * width];
                dense::backward(&dense_w, &mut g, h_last, d_out, d_head);
                // Each top slot's share of dL/d(head input) is its last step's dL/dh.
                let mut at = 0;
                for slot in &mut self.slots[top..] {
                    let h = slot.tape.units;
                    let d_h = slot.deltas.d_h.at_mut(t_len - 1);
                    for b in 0..rows {
                        d_h[b * h..(b + 1) * h]
                            .copy_from_slice(&d_head[b * width + at..b * width + at + h]);
                    }
                    at += h;
                }
            }
        }
        let mut cost = rows * width * s * 3;
        for (k, slot) in self.slots.iter_mut().enumerate() {
            // Nothing reaches a top slot's c_T from above; the layer below's gradients from
            // above are summed afresh.
            slot.deltas.d_c.at_mut(t_len - 1).fill(0.0);
            slot.d_above.clear();
            let w = model.cell_weights(k);
            let (f, h) = (slot.tape.features, slot.tape.units);
            let gh = dims.cell.gates() * h;
            transpose(w.recurrent_kernel, h, gh, &mut slot.recurrent_kernel_t);
            cost += gh * h;
            if slot.layer > 0 {
                transpose(w.kernel, f, gh, &mut slot.kernel_t);
                cost += gh * f;
            }
        }
        Some(cost)
    }

    /// Slot k's time step t back for batch rows `rows`; returns its multiply-adds.
    fn backward(
        &mut self,
        model: &Model,
        grads: &mut [f32],
        k: usize,
        t: usize,
        rows: Range<usize>,
    ) -> usize {
        let dims = self.dims;
        let (t_len, d) = (dims.seq_len, dims.directions());
        let top = dims.layers.len() - 1;
        let (below, rest) = self.slots.split_at_mut(k);
        let slot = &mut rest[0];
        let (f, h) = (slot.tape.features, slot.tape.units);
        let cost = rows.len() * dims.cell.backward_cost(f, h);
        let at = span(&rows, h);
        if slot.layer < top {
            // The gradient from above joins the one through time: at the last step it is all
            // there is (and c_T gets none).
            let from_above = &slot.d_above.at(t)[at.clone()];
            let d_h = &mut slot.deltas.d_h.at_mut(t)[at.clone()];
            if t == t_len - 1 {
                d_h.copy_from_slice(from_above);
            } else {
                d_h.iter_mut().zip(from_above).for_each(|(a, &b)| *a += b);
            }
        }
        let mut g = self.layout.cell_grads(k, grads);
        let d_x = (slot.layer > 0).then_some((&mut slot.d_x[..], &slot.kernel_t[..]));
        slot.tape.backward(
            &mut g,
            &slot.recurrent_kernel_t,
            model.activation,
            &mut slot.deltas,
            d_x,
            t,
            rows.clone(),
        );
        if slot.layer > 0 {
            // dL/dx_t goes down to the layer below, each direction its share.
            let lower = &mut below[(slot.layer - 1) * d..slot.layer * d];
            let (d_x, back) = (&slot.d_x[..], slot.backward);
            match lower {
                [a] => stack::scatter(d_x, &mut [&mut a.d_above], back, t, rows.clone()),
                [a, b] => stack::scatter(
                    d_x,
                    &mut [&mut a.d_above, &mut b.d_above],
                    back,
                    t,
                    rows.clone(),
                ),
                _ => unreachable!("a layer has one or two directions"),
            }
        }
        if self.flow.on {
            let slot = &self.slots[k];
            let scale = self.rows() as f64;
            let at = span(&rows, h);
            StateSums::add(
                &mut self.flow.h[k],
                t,
                &slot.deltas.d_h.at(t)[at.clone()],
                h,
                scale,
            );
            if !self.flow.c[k].is_empty() {
                StateSums::add(&mut self.flow.c[k], t, &slot.deltas.d_c.at(t)[at], h, scale);
            }
        }
        cost
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
