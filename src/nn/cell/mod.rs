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

/// Everything about one kind of recurrent cell, in its own file: its name and shapes, its step
/// forward and back, and what the page shows of it (its equations, its gates, its numbers). A
/// fourth cell is one more file implementing this, and one more entry in [`Cell::ALL`].
pub trait Recurrent: Sync + std::panic::RefUnwindSafe {
    /// The name in a URL, the CLI and the JS API, and Keras's default layer name: "lstm".
    fn name(&self) -> &'static str;
    /// Keras's class name: "LSTM".
    fn keras_class(&self) -> &'static str;
    /// Other spellings [`Cell::parse`] accepts.
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }
    /// G: how many gate blocks of H columns the fused kernels hold.
    fn gates(&self) -> usize;
    /// The bias's shape as Keras reports it: (G·H) unless the cell says otherwise.
    fn bias_shape(&self, units: usize) -> Vec<usize> {
        vec![self.gates() * units]
    }
    /// The bias's length, the product of its shape (without making the shape: the training
    /// step asks, and allocates nothing).
    fn bias_len(&self, units: usize) -> usize {
        self.gates() * units
    }
    /// Keras's starting bias (zeros unless the cell says otherwise).
    fn init_bias(&self, _bias: &mut [f32], _units: usize) {}
    /// Whether the cell carries a second state c_t (LSTM).
    fn has_carry(&self) -> bool {
        false
    }
    /// Columns per batch row of the gate activations a step keeps for backward (G·H; a cell
    /// whose one "gate" is h_t itself keeps none).
    fn cached_gates(&self, units: usize) -> usize {
        self.gates() * units
    }
    /// Columns per batch row of the one more block a step keeps for backward.
    fn extra(&self, units: usize) -> usize {
        units
    }
    /// Columns per batch row of a step's scratch.
    fn scratch(&self, _units: usize) -> usize {
        0
    }
    /// One time step forward for batch rows `rows`.
    fn forward(&self, w: &CellWeights, act: Activation, s: StepForward, rows: Range<usize>);
    /// One time step back for batch rows `rows`, adding into `g`. `recurrent_kernel_t` is the
    /// recurrent kernel transposed, (G·H, H), made once per minibatch with [`transpose`].
    fn backward(
        &self,
        g: &mut CellGrads,
        recurrent_kernel_t: &[f32],
        act: Activation,
        s: StepBackward,
        rows: Range<usize>,
    );

    // What the page shows.

    /// The recurrent layer's parameter count as the page writes it out: symbols, `=`, then the
    /// same with `%` for num_features, units, units, units and the count (see
    /// `teach::equations`).
    fn param_formula(&self) -> &'static str;
    /// The cell's equations in symbols, for every unit at once: (label, equation).
    fn equations(&self) -> &'static [(&'static str, &'static str)];
    /// One step of unit `j`, with its real numbers, a line per gate and state; `short` keeps
    /// only the lines that make the new state (for beside the network).
    fn step_lines(
        &self,
        w: &CellWeights,
        act: Activation,
        s: &StepRecord,
        j: usize,
        short: bool,
    ) -> Vec<StepLine>;
    /// How many units the step-through shows (one gated unit's lines fill the panel).
    fn units_shown(&self) -> usize {
        1
    }
    /// The gates drawn inside each cell of the network picture: (name, gate block).
    fn picture_gates(&self) -> &'static [(&'static str, usize)] {
        &[]
    }
    /// The heatmaps "Inside the cell" adds to the hidden state's: (title, what they show).
    fn heatmaps(&self) -> &'static [(&'static str, Heat)] {
        &[]
    }
    /// The gate block holding act(·) of the candidate, which is 0 for every input when a relu
    /// unit is dead (None: the cell's output h_t itself is).
    fn candidate(&self) -> Option<usize> {
        None
    }
    /// The output gate's block, through which c_t makes h_t (a cell with a carry).
    fn output_gate(&self) -> Option<usize> {
        None
    }
}

/// What a heatmap "Inside the cell" shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heat {
    /// A gate's activations (0…1), by its block.
    Gate(usize),
    /// The carried state c_t.
    Carry,
}

/// Which recurrent layer the model uses: a handle on its [`Recurrent`] description.
#[derive(Clone, Copy)]
pub struct Cell(&'static dyn Recurrent);

#[allow(non_upper_case_globals)]
impl Cell {
    pub const SimpleRnn: Cell = Cell(&simple_rnn::SimpleRnn);
    pub const Lstm: Cell = Cell(&lstm::Lstm);
    pub const Gru: Cell = Cell(&gru::Gru);

    /// Every cell the page offers, in the menu's order: the registry.
    pub const ALL: [Cell; 3] = [Cell::SimpleRnn, Cell::Lstm, Cell::Gru];

    /// The layer's row in `model.summary()`: `"lstm (LSTM)"`.
    pub fn summary_name(self) -> String {
        format!("{} ({})", self.name(), self.keras_class())
    }

    /// Reads [`Recurrent::name`], [`Recurrent::keras_class`] or an alias, in any case.
    pub fn parse(s: &str) -> Option<Cell> {
        let s = s.trim();
        Cell::ALL.into_iter().find(|c| {
            c.name().eq_ignore_ascii_case(s)
                || c.keras_class().eq_ignore_ascii_case(s)
                || c.aliases().iter().any(|a| a.eq_ignore_ascii_case(s))
        })
    }

    /// Multiply-adds of one batch row's forward step: ≈ G·H·(H + F), the two products.
    pub fn forward_cost(self, features: usize, units: usize) -> usize {
        self.gates() * units * (units + features)
    }

    /// Multiply-adds of one batch row's backward step: ≈ G·H·(2H + F), the three products.
    pub fn backward_cost(self, features: usize, units: usize) -> usize {
        self.gates() * units * (2 * units + features)
    }
}

impl std::ops::Deref for Cell {
    type Target = dyn Recurrent;
    fn deref(&self) -> &(dyn Recurrent + 'static) {
        self.0
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Cell {}

impl Default for Cell {
    fn default() -> Cell {
        Cell::SimpleRnn
    }
}

impl fmt::Debug for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keras_class())
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One window's step t as recorded, for the page's equations with real numbers.
pub struct StepRecord<'a> {
    pub x: &'a [f32],      // (F) x_t
    pub h_prev: &'a [f32], // (H) h_{t−1}
    pub h: &'a [f32],      // (H) h_t
    pub c_prev: &'a [f32], // (H) c_{t−1}, a carry's; empty for the others
    pub c: &'a [f32],      // (H) c_t, a carry's; empty for the others
    pub gates: &'a [f32],  // (G·H) the gate activations; a cell that keeps none: h_t
}

/// A line of one step's equations, for the page to write out: what it is ("input gate"; empty
/// for a cell's only line), the equation with `@` for the step's subscript, `$` for `function`
/// and each `#` for the next of `values` (see `teach::equations`).
#[derive(Debug, Clone, PartialEq)]
pub struct StepLine {
    pub what: &'static str,
    pub template: &'static str,
    pub function: &'static str,
    pub values: Vec<f32>,
}

/// One gate's terms for one unit (a column `col` of the fused kernels), as a line:
/// `name = f(x_t·kernel + h_{t−1}·recurrent_kernel + bias) = f(pre) = value`, its numbers
/// x_t, kernel[0, col] (the first feature's weight), the recurrent term, `bias`, the
/// pre-activation and the value the model computed. `template` is
/// `"name@ = $ ( # · # + # + # ) = $ ( # ) = #"`.
pub fn gate_line(
    what: &'static str,
    template: &'static str,
    function: &'static str,
    w: &CellWeights,
    s: &StepRecord,
    col: usize,
    bias: f32,
) -> StepLine {
    let [x, kernel, recurrent, bias, pre] = gate_terms(w, s, col, bias);
    StepLine {
        what,
        template,
        function,
        values: vec![x, kernel, recurrent, bias, pre, s.gates[col]],
    }
}

/// x_t (the first feature), kernel[0, col], h_{t−1}·recurrent_kernel[:, col], `bias`, and the
/// pre-activation x_t·kernel[:, col] + recurrent + bias.
pub fn gate_terms(w: &CellWeights, s: &StepRecord, col: usize, bias: f32) -> [f32; 5] {
    let width = w.recurrent_kernel.len() / s.h_prev.len().max(1);
    let input: f32 =
        s.x.iter()
            .enumerate()
            .map(|(k, x)| x * w.kernel[k * width + col])
            .sum();
    let recurrent: f32 = s
        .h_prev
        .iter()
        .enumerate()
        .map(|(k, &p)| p * w.recurrent_kernel[k * width + col])
        .sum();
    [
        s.x[0],
        w.kernel[col],
        recurrent,
        bias,
        input + recurrent + bias,
    ]
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
    /// For a layer above another: dL/dx_t (B, F) to write, and the kernel transposed, (G·H, F).
    pub d_x: Option<(&'a mut [f32], &'a [f32])>,
}

/// The products' part of a step back, for batch rows `rows`, once `s.d_gates` holds
/// dL/d(pre-activations) and the pre-activations are `x_t·kernel + h_{t−1}·recurrent_kernel +
/// bias` (SimpleRNN, LSTM): `d_bias += Σ_rows d_pre`; `d_kernel += x_tᵀ·d_pre`; for a layer
/// above another `d_x_t = d_pre·kernelᵀ`; and unless t is the first step (`h_prev` is `None`:
/// h_0 is a constant), `d_recurrent_kernel += h_{t−1}ᵀ·d_pre`, `d_h_{t−1} = d_pre·recurrent_kernelᵀ`.
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
    if let Some((d_x, kernel_t)) = s.d_x {
        input_gradient(
            d_pre,
            kernel_t,
            &mut d_x[span(&rows, features)],
            width,
            features,
        );
    }
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

/// `d_x = d_pre·kernelᵀ` for some rows: (rows, G·H)·(G·H, F) → (rows, F), `kernel_t` the kernel
/// transposed.
pub(crate) fn input_gradient(
    d_pre: &[f32],    // (rows, G·H)
    kernel_t: &[f32], // (G·H, F)
    d_x: &mut [f32],  // (rows, F)
    width: usize,
    features: usize,
) {
    d_x.fill(0.0);
    matmul_acc(d_pre, kernel_t, d_x, width, features);
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
        // The registry lists each cell once, by a name of its own; a bias's length is its
        // shape's size.
        for (i, c) in Cell::ALL.iter().enumerate() {
            assert!(Cell::ALL[..i].iter().all(|d| d.name() != c.name()));
            assert_eq!(c.bias_len(7), c.bias_shape(7).iter().product::<usize>());
        }
    }
}
