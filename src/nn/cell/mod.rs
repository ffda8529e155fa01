//! The recurrent layer: one interface over Keras's three cells, one file per cell.
//!
//! Each cell runs one time step forward ([`Cell::forward`]) and back ([`Cell::backward`]) for a
//! range of batch rows, so a large minibatch can be split across frames. The weights are Keras's
//! fused arrays, with the gates side by side in the columns, in Keras's order:
//!
//! | cell | gates G | kernel | recurrent_kernel | bias |
//! |---|---|---|---|---|
//! | SimpleRNN | 1 | (F, H) | (H, H) | (H) |
//! | LSTM | 4: i, f, c, o | (F, 4H) | (H, 4H) | (4H) |
//! | GRU (`reset_after=True`) | 3: z, r, h | (F, 3H) | (H, 3H) | (2, 3H): input row, recurrent row |
//!
//! What a step keeps for its backward pass lives in [`Tape`]: the states, and per cell the gate
//! activations (B, G·H) and one more (B, H) block ([`Cell::extra`]).

pub mod gru;
pub mod lstm;
pub mod simple_rnn;
mod tape;

pub use tape::{Blocks, Deltas, Tape};

use crate::nn::activation::Activation;
use crate::nn::matmul::{matmul_acc, matmul_tn_acc};
use std::fmt;
use std::ops::Range;

/// Which recurrent layer the model uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cell {
    #[default]
    SimpleRnn,
    Lstm,
    Gru,
}

impl Cell {
    pub const ALL: [Cell; 3] = [Cell::SimpleRnn, Cell::Lstm, Cell::Gru];

    /// The name in a URL, the CLI and the JS API; also Keras's default layer name.
    pub fn name(self) -> &'static str {
        match self {
            Cell::SimpleRnn => "simple_rnn",
            Cell::Lstm => "lstm",
            Cell::Gru => "gru",
        }
    }

    /// Keras's class name (`keras.layers.LSTM`).
    pub fn keras_class(self) -> &'static str {
        match self {
            Cell::SimpleRnn => "SimpleRNN",
            Cell::Lstm => "LSTM",
            Cell::Gru => "GRU",
        }
    }

    /// The layer's row in `model.summary()`: `"lstm (LSTM)"`.
    pub fn summary_name(self) -> &'static str {
        match self {
            Cell::SimpleRnn => "simple_rnn (SimpleRNN)",
            Cell::Lstm => "lstm (LSTM)",
            Cell::Gru => "gru (GRU)",
        }
    }

    /// Reads [`Cell::name`] or [`Cell::keras_class`] in any case, and "simplernn" or "rnn".
    pub fn parse(s: &str) -> Option<Cell> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("simplernn") || s.eq_ignore_ascii_case("rnn") {
            return Some(Cell::SimpleRnn);
        }
        Cell::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s) || c.keras_class().eq_ignore_ascii_case(s))
    }

    /// G: how many gate blocks of H columns the fused kernels hold.
    pub fn gates(self) -> usize {
        match self {
            Cell::SimpleRnn => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }

    /// The bias's length: G·H, except GRU's two rows (2, 3H).
    pub fn bias_len(self, units: usize) -> usize {
        match self {
            Cell::Gru => 2 * 3 * units,
            _ => self.gates() * units,
        }
    }

    /// The bias's shape as Keras reports it.
    pub fn bias_shape(self, units: usize) -> Vec<usize> {
        match self {
            Cell::Gru => vec![2, 3 * units],
            _ => vec![self.gates() * units],
        }
    }

    /// Whether the cell carries a second state c_t (LSTM).
    pub fn has_carry(self) -> bool {
        self == Cell::Lstm
    }

    /// Columns per batch row of the gate activations a step keeps for backward: G·H, except
    /// SimpleRNN's, which is h_t itself (0 here).
    pub fn cached_gates(self, units: usize) -> usize {
        match self {
            Cell::SimpleRnn => 0,
            _ => self.gates() * units,
        }
    }

    /// Columns per batch row of the one more block a step keeps: LSTM act(c_t), GRU
    /// h_{t−1}·U_h + b_rec,h (both H); SimpleRNN none.
    pub fn extra(self, units: usize) -> usize {
        match self {
            Cell::SimpleRnn => 0,
            _ => units,
        }
    }

    /// Multiply-adds of one batch row's forward step: ≈ G·H·(H + F), the two products.
    pub fn forward_cost(self, features: usize, units: usize) -> usize {
        self.gates() * units * (units + features)
    }

    /// Multiply-adds of one batch row's backward step: ≈ G·H·(2H + F), the three products.
    pub fn backward_cost(self, features: usize, units: usize) -> usize {
        self.gates() * units * (2 * units + features)
    }

    /// One time step forward for batch rows `rows`.
    pub fn forward(self, w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>) {
        match self {
            Cell::SimpleRnn => simple_rnn::forward(w, act, s, rows),
            Cell::Lstm => lstm::forward(w, act, s, rows),
            Cell::Gru => gru::forward(w, act, s, rows),
        }
    }

    /// One time step back for batch rows `rows`, adding into `g`. `recurrent_kernel_t` is the
    /// recurrent kernel transposed, (G·H, H), made once per minibatch with [`transpose`].
    pub fn backward(
        self,
        g: &mut CellGrads,
        recurrent_kernel_t: &[f32],
        act: Activation,
        s: StepBackward,
        rows: Range<usize>,
    ) {
        match self {
            Cell::SimpleRnn => simple_rnn::backward(g, recurrent_kernel_t, act, s, rows),
            Cell::Lstm => lstm::backward(g, recurrent_kernel_t, act, s, rows),
            Cell::Gru => gru::backward(g, recurrent_kernel_t, act, s, rows),
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The layer's weights, in Keras's `get_weights()` order.
pub struct CellWeights<'a> {
    pub kernel: &'a [f32],           // (F, G·H)
    pub recurrent_kernel: &'a [f32], // (H, G·H)
    pub bias: &'a [f32],             // (G·H), GRU (2, 3H)
}

/// Their gradients, same shapes.
pub struct CellGrads<'a> {
    pub d_kernel: &'a mut [f32],           // (F, G·H)
    pub d_recurrent_kernel: &'a mut [f32], // (H, G·H)
    pub d_bias: &'a mut [f32],             // (G·H), GRU (2, 3H)
}

/// One time step's buffers going forward, all B rows of them (a step works on some).
pub struct StepForward<'a> {
    pub x: &'a [f32],              // (B, F) x_t
    pub h_prev: Option<&'a [f32]>, // (B, H) h_{t−1}; None at the first step, where h_0 = 0
    pub c_prev: Option<&'a [f32]>, // (B, H) LSTM's c_{t−1}; None at the first step (c_0 = 0)
    pub h: &'a mut [f32],          // (B, H) h_t
    pub c: &'a mut [f32],          // (B, H) LSTM's c_t; empty for the others
    pub gates: &'a mut [f32],      // (B, G·H) gate activations, kept for backward (not SimpleRNN)
    pub extra: &'a mut [f32],      // (B, H) kept for backward: see [`Cell::extra`]
    pub scratch: &'a mut [f32],    // (B, G·H) GRU's h_{t−1}·recurrent_kernel + b_rec
}

/// One time step's buffers going back.
pub struct StepBackward<'a> {
    pub x: &'a [f32],              // (B, F) x_t
    pub h_prev: Option<&'a [f32]>, // (B, H) h_{t−1}; None at the first step
    pub c_prev: Option<&'a [f32]>, // (B, H) LSTM's c_{t−1}; None at the first step
    pub h: &'a [f32],              // (B, H) h_t
    pub gates: &'a [f32],          // (B, G·H) as forward left them
    pub extra: &'a [f32],          // (B, H) as forward left them
    pub d_h: &'a [f32],            // (B, H) dL/dh_t
    pub d_c: &'a mut [f32],        // (B, H) LSTM's dL/dc_t: in, through c_{t+1} (0 at the last
    // step); out, all of it (through h_t too), for the record
    pub d_gates: &'a mut [f32],  // (B, G·H) scratch: dL/d(pre-activations)
    pub d_h_prev: &'a mut [f32], // (B, H) dL/dh_{t−1}; not written at the first step
    pub d_c_prev: &'a mut [f32], // (B, H) LSTM's dL/dc_{t−1} through c_t
}

/// The products' part of a step back, for batch rows `rows`, once `s.d_gates` holds
/// dL/d(pre-activations) and the pre-activations are `x_t·kernel + h_{t−1}·recurrent_kernel +
/// bias` (SimpleRNN, LSTM): `d_bias += Σ_rows d_pre`; `d_kernel += x_tᵀ·d_pre`; and unless t is the
/// first step (`h_prev` is `None`: h_0 is a constant), `d_recurrent_kernel += h_{t−1}ᵀ·d_pre`,
/// `d_h_{t−1} = d_pre·recurrent_kernelᵀ`.
pub(crate) fn backward_products(
    g: &mut CellGrads,
    recurrent_kernel_t: &[f32], // (G·H, H)
    s: StepBackward,
    rows: Range<usize>,
    units: usize,
) {
    let width = g.d_bias.len(); // G·H
    let features = g.d_kernel.len() / width;
    let d_pre = &s.d_gates[span(&rows, width)]; // (rows, G·H)
    add_rows(g.d_bias, d_pre);
    let x = &s.x[span(&rows, features)]; // (rows, F)
    matmul_tn_acc(x, d_pre, g.d_kernel, features, width);
    if let Some(h_prev) = s.h_prev {
        let hs = span(&rows, units);
        matmul_tn_acc(
            &h_prev[hs.clone()],
            d_pre,
            g.d_recurrent_kernel,
            units,
            width,
        );
        let d_h_prev = &mut s.d_h_prev[hs]; // (rows, H)
        d_h_prev.fill(0.0);
        matmul_acc(d_pre, recurrent_kernel_t, d_h_prev, width, units);
    }
}

/// Every (width) row of `out` set to `bias`: where a step's pre-activations start, before the
/// products are added.
pub(crate) fn set_rows(out: &mut [f32], bias: &[f32]) {
    for row in out.chunks_exact_mut(bias.len()) {
        row.copy_from_slice(bias);
    }
}

/// The elements of batch rows `rows` in a (B, width) matrix.
pub(crate) fn span(rows: &Range<usize>, width: usize) -> Range<usize> {
    rows.start * width..rows.end * width
}

/// `out[j, i] = m[i, j]` for m (rows, cols): the recurrent kernel's transpose, so `d_gates·Uᵀ` is a
/// plain product. In 4 × 4 blocks, read and written four contiguous values at a time: element by
/// element, the strided writes made this copy a fifth of a small model's epoch.
pub fn transpose(m: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    let (rows4, cols4) = (rows / 4 * 4, cols / 4 * 4);
    #[cfg(target_arch = "wasm32")]
    crate::nn::simd::transpose_blocks(m, rows, cols, out);
    #[cfg(not(target_arch = "wasm32"))]
    transpose_blocks_scalar(m, rows, cols, out);
    // The edges: the last rows % 4 rows and cols % 4 columns.
    for i in 0..rows {
        let from = if i < rows4 { cols4 } else { 0 };
        for j in from..cols {
            out[j * rows + i] = m[i * cols + j];
        }
    }
}

/// The 4 × 4 blocks of [`transpose`] (what runs natively; `simd::transpose_blocks` in wasm32).
pub fn transpose_blocks_scalar(m: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    let (rows4, cols4) = (rows / 4 * 4, cols / 4 * 4);
    for i in (0..rows4).step_by(4) {
        for j in (0..cols4).step_by(4) {
            // Plain indexing into four-value slices: in the size-optimized wasm build, the
            // array helpers (from_fn, map) stayed calls per value and made this copy 40% of a
            // small model's epoch.
            let r0 = &m[i * cols + j..][..4];
            let r1 = &m[(i + 1) * cols + j..][..4];
            let r2 = &m[(i + 2) * cols + j..][..4];
            let r3 = &m[(i + 3) * cols + j..][..4];
            for c in 0..4 {
                let o = &mut out[(j + c) * rows + i..][..4];
                o[0] = r0[c];
                o[1] = r1[c];
                o[2] = r2[c];
                o[3] = r3[c];
            }
        }
    }
}

// Elementwise loops over one unit row, each writing a single slice: with one output the compiler
// can rule out overlap and vectorize (a loop writing five slices from one buffer stayed scalar).
// `f` also gets the output's current value, first.

/// `out[j] = f(out[j], a[j])`.
#[inline(always)]
pub(crate) fn zip1(out: &mut [f32], a: &[f32], f: impl Fn(f32, f32) -> f32) {
    for (o, &a) in out.iter_mut().zip(a) {
        *o = f(*o, a);
    }
}

/// `out[j] = f(out[j], a[j], b[j])`.
#[inline(always)]
pub(crate) fn zip2(out: &mut [f32], a: &[f32], b: &[f32], f: impl Fn(f32, f32, f32) -> f32) {
    for (o, (&a, &b)) in out.iter_mut().zip(a.iter().zip(b)) {
        *o = f(*o, a, b);
    }
}

/// `out[j] = f(out[j], a[j], b[j], c[j])`.
#[inline(always)]
pub(crate) fn zip3(
    out: &mut [f32],
    a: &[f32],
    b: &[f32],
    c: &[f32],
    f: impl Fn(f32, f32, f32, f32) -> f32,
) {
    for (o, ((&a, &b), &c)) in out.iter_mut().zip(a.iter().zip(b).zip(c)) {
        *o = f(*o, a, b, c);
    }
}

/// `d_bias += Σ_rows d` over the rows of a (rows, width) matrix.
pub(crate) fn add_rows(d_bias: &mut [f32], d: &[f32]) {
    for row in d.chunks_exact(d_bias.len()) {
        d_bias.iter_mut().zip(row).for_each(|(b, &v)| *b += v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let m: Vec<f32> = (0..12).map(|v| v as f32).collect(); // (3, 4)
        let mut out = vec![0.0; 12];
        transpose(&m, 3, 4, &mut out);
        assert_eq!(out, [0., 4., 8., 1., 5., 9., 2., 6., 10., 3., 7., 11.]);
        for (rows, cols) in [(1, 1), (4, 4), (5, 9), (8, 12), (50, 200), (7, 3)] {
            let m: Vec<f32> = (0..rows * cols).map(|v| v as f32).collect();
            let mut out = vec![f32::NAN; rows * cols];
            transpose(&m, rows, cols, &mut out);
            for i in 0..rows {
                for j in 0..cols {
                    assert_eq!(
                        out[j * rows + i],
                        m[i * cols + j],
                        "{rows}x{cols} ({i},{j})"
                    );
                }
            }
        }
    }

    #[test]
    fn names_parse_back_and_keras_spellings_are_accepted() {
        for c in Cell::ALL {
            assert_eq!(Cell::parse(c.name()), Some(c));
            assert_eq!(Cell::parse(c.keras_class()), Some(c));
            assert_eq!(Cell::parse(&c.to_string().to_uppercase()), Some(c));
        }
        assert_eq!(Cell::parse(" SimpleRNN "), Some(Cell::SimpleRnn));
        assert_eq!(Cell::parse("rnn"), Some(Cell::SimpleRnn));
        assert_eq!(Cell::parse("simplernn"), Some(Cell::SimpleRnn));
        assert_eq!(Cell::parse("transformer"), None);
        assert_eq!(Cell::default(), Cell::SimpleRnn);
        assert_eq!(
            Cell::ALL.map(Cell::summary_name),
            ["simple_rnn (SimpleRNN)", "lstm (LSTM)", "gru (GRU)"]
        );
    }
}
