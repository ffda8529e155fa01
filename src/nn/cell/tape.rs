//! The buffers of an unrolled recurrent layer: what the forward pass records for the backward one.

use super::{Cell, CellGrads, CellWeights, StepBackward, StepForward};
use crate::nn::activation::Activation;
use std::ops::Range;

/// A time-major buffer (steps, B, width): block t, the (B, width) matrix of step t, is contiguous.
#[derive(Debug, Clone)]
pub struct Blocks {
    data: Vec<f32>,
    block: usize, // B·width
    steps: usize,
    width: usize,
}

impl Blocks {
    pub fn new(steps: usize, capacity: usize, width: usize) -> Blocks {
        Blocks {
            data: vec![0.0; steps * capacity * width],
            block: capacity * width,
            steps,
            width,
        }
    }

    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Columns per batch row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Every block to zero.
    pub fn clear(&mut self) {
        self.data.fill(0.0);
    }

    /// Block t: (B, width).
    pub fn at(&self, t: usize) -> &[f32] {
        &self.data[t * self.block..(t + 1) * self.block]
    }

    pub fn at_mut(&mut self, t: usize) -> &mut [f32] {
        &mut self.data[t * self.block..(t + 1) * self.block]
    }

    /// Block t to read and block t + 1 to write.
    pub fn step_mut(&mut self, t: usize) -> (&[f32], &mut [f32]) {
        let (done, next) = self.data.split_at_mut((t + 1) * self.block);
        (&done[t * self.block..], &mut next[..self.block])
    }

    /// Every block, (steps, B, width).
    pub fn all(&self) -> &[f32] {
        &self.data
    }
}

/// The forward record of B windows through one recurrent layer (one direction of it), for the
/// backward pass (and the page's view of the inside). Allocated once for a largest B; `forward`
/// allocates nothing.
#[derive(Debug, Clone)]
pub struct Tape {
    pub cell: Cell,
    pub features: usize, // F: this layer's input width
    pub units: usize,    // H
    pub x: Blocks,       // (T, B, F) x_t
    pub hs: Blocks,      // (T+1, B, H) h_t; block 0 is h_0 = 0 and is never written
    pub cs: Blocks,      // (T+1, B, H) LSTM's c_t, block 0 = c_0 = 0; empty for the others
    pub gates: Blocks,   // (T, B, G·H) gate activations in Keras's order; empty for SimpleRNN
    pub extra: Blocks,   // (T, B, H) LSTM: act(c_t); GRU: h_{t−1}·U_h + b_rec,h; else empty
    scratch: Vec<f32>,   // (B, G·H) GRU's h_{t−1}·recurrent_kernel + b_rec
}

impl Tape {
    /// A tape for `capacity` windows of `t` steps, `f` inputs each, through `h` units.
    pub fn new(cell: Cell, t: usize, f: usize, h: usize, capacity: usize) -> Tape {
        let b = capacity;
        let scratch = b * cell.scratch(h);
        Tape {
            cell,
            features: f,
            units: h,
            x: Blocks::new(t, b, f),
            hs: Blocks::new(t + 1, b, h),
            cs: Blocks::new(t + 1, b, if cell.has_carry() { h } else { 0 }),
            gates: Blocks::new(t, b, cell.cached_gates(h)),
            extra: Blocks::new(t, b, cell.extra(h)),
            scratch: vec![0.0; scratch],
        }
    }

    /// Puts one window's input (T, F) in batch row `b`.
    pub fn load_row(&mut self, b: usize, input: &[f32]) {
        let f = self.features;
        for (t, x) in input.chunks_exact(f).enumerate() {
            self.x.at_mut(t)[b * f..(b + 1) * f].copy_from_slice(x);
        }
    }

    /// Time step t forward for batch rows `rows`: h_{t+1}'s block from h_t's (and c's for LSTM).
    pub fn forward(&mut self, w: &CellWeights, act: Activation, t: usize, rows: Range<usize>) {
        let (h_prev, h) = self.hs.step_mut(t);
        let (c_prev, c) = self.cs.step_mut(t);
        let first = t == 0;
        let step = StepForward {
            x: self.x.at(t),
            h_prev: (!first).then_some(h_prev),
            c_prev: (!first).then_some(c_prev),
            h,
            c,
            gates: self.gates.at_mut(t),
            extra: self.extra.at_mut(t),
            scratch: &mut self.scratch,
        };
        self.cell.forward(w, act, step, rows);
    }

    /// Time step t back for batch rows `rows`: reads dL/dh_t (and dL/dc_t) from `deltas`, writes
    /// dL/dh_{t−1} (and dL/dc_{t−1}) there, adds the weights' gradients into `g`, and with
    /// `d_x` (a (B, F) buffer and the kernel transposed, (G·H, F)) writes dL/dx_t there.
    /// Afterwards `deltas` still holds step t's dL/dh_t, and for an LSTM all of dL/dc_t
    /// ([`Pair::at`]).
    #[allow(clippy::too_many_arguments)]
    pub fn backward(
        &self,
        g: &mut CellGrads,
        recurrent_kernel_t: &[f32],
        act: Activation,
        deltas: &mut Deltas,
        d_x: Option<(&mut [f32], &[f32])>,
        t: usize,
        rows: Range<usize>,
    ) {
        let first = t == 0;
        let (d_h, d_h_prev) = deltas.d_h.pair(t);
        let (d_c, d_c_prev) = deltas.d_c.pair(t);
        let d_h = &*d_h;
        let step = StepBackward {
            x: self.x.at(t),
            h_prev: (!first).then(|| self.hs.at(t)),
            c_prev: (!first).then(|| self.cs.at(t)),
            h: self.hs.at(t + 1),
            gates: self.gates.at(t),
            extra: self.extra.at(t),
            d_h,
            d_c,
            d_gates: &mut deltas.d_gates,
            d_h_prev,
            d_c_prev,
            d_x,
        };
        self.cell.backward(g, recurrent_kernel_t, act, step, rows);
    }
}

/// The backward pass's running gradients, allocated once for a largest B.
#[derive(Debug, Clone)]
pub struct Deltas {
    pub d_h: Pair,         // (B, H) dL/dh_t, and dL/dh_{t−1} being written
    pub d_c: Pair,         // (B, H) LSTM's dL/dc_t, and dL/dc_{t−1}; empty for the others
    pub d_gates: Vec<f32>, // (B, G·H) scratch: dL/d(pre-activations)
}

impl Deltas {
    pub fn new(cell: Cell, h: usize, capacity: usize) -> Deltas {
        Deltas {
            d_h: Pair::new(capacity * h),
            d_c: Pair::new(if cell.has_carry() { capacity * h } else { 0 }),
            d_gates: vec![0.0; capacity * cell.gates() * h],
        }
    }
}

/// Two (B, H) buffers taking turns: step t's gradient lives in the one of t's parity, and step
/// t − 1's is written into the other.
#[derive(Debug, Clone)]
pub struct Pair([Vec<f32>; 2]);

impl Pair {
    fn new(len: usize) -> Pair {
        Pair([vec![0.0; len], vec![0.0; len]])
    }

    /// Step t's buffer, to write into before step t's backward (the head does, for the last step).
    pub fn at_mut(&mut self, t: usize) -> &mut [f32] {
        &mut self.0[t % 2]
    }

    /// Step t's buffer, as the backward step of t left it.
    pub fn at(&self, t: usize) -> &[f32] {
        &self.0[t % 2]
    }

    /// Step t's buffer, and step t − 1's to write.
    fn pair(&mut self, t: usize) -> (&mut [f32], &mut [f32]) {
        let [even, odd] = &mut self.0;
        if t % 2 == 0 {
            (even, odd)
        } else {
            (odd, even)
        }
    }
}
