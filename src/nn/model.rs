//! The model: a stack of recurrent layers (SimpleRNN, LSTM or GRU; each maybe bidirectional)
//! over a window of `features` inputs a step, then Dense(n_steps × targets) on the top layer's
//! last state — as one flat parameter buffer in Keras's `get_weights()` order.

use crate::nn::activation::Activation;
use crate::nn::cell::{Cell, CellGrads, CellWeights, Tape};
use crate::nn::dense::{self, DenseWeights};
use crate::nn::init::{glorot_uniform, Orthogonal, Rng};
use crate::nn::stack;
use std::ops::Range;

/// The most recurrent layers a model stacks.
pub const MAX_LAYERS: usize = 4;

/// Units per recurrent layer, bottom to top: 1 to [`MAX_LAYERS`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    units: [usize; MAX_LAYERS],
    len: usize,
}

impl Layers {
    /// One layer of `units`.
    pub const fn one(units: usize) -> Layers {
        Layers {
            units: [units, 0, 0, 0],
            len: 1,
        }
    }

    /// These layers, bottom to top; None for none, or more than [`MAX_LAYERS`].
    pub fn new(units: &[usize]) -> Option<Layers> {
        if units.is_empty() || units.len() > MAX_LAYERS {
            return None;
        }
        let mut layers = Layers::one(0);
        layers.units[..units.len()].copy_from_slice(units);
        layers.len = units.len();
        Some(layers)
    }

    pub fn as_slice(&self) -> &[usize] {
        &self.units[..self.len]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The top layer's units.
    pub fn top(&self) -> usize {
        self.units[self.len - 1]
    }
}

/// The model's shape. `features` is the number of input series (1 for a single sequence), and
/// kept as a name so the parameter formula reads as Keras's does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    pub cell: Cell,
    pub seq_len: usize,  // T
    pub features: usize, // F
    /// Units per recurrent layer, bottom to top (H_l).
    pub layers: Layers,
    /// Every layer wrapped in `Bidirectional` (D = 2), or not (D = 1).
    pub bidirectional: bool,
    pub n_steps: usize, // S: steps ahead
    pub targets: usize, // K: series forecast (the head's outputs are S·K, time-major)
}

/// One direction of one recurrent layer: its place in the stack and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub layer: usize,
    /// The copy that reads the window backwards (Keras's `backward_layer`).
    pub backward: bool,
    /// F_l: the layer's input width (F at the bottom, D·H_{l−1} above).
    pub input: usize,
    /// H_l.
    pub units: usize,
}

/// Where each weight array lies in the flat parameter buffer, in Keras's `get_weights()`
/// order: per slot (layer by layer; a bidirectional layer's forward copy, then its backward
/// one) kernel, recurrent kernel, bias; then the Dense kernel and bias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub slots: Vec<[Range<usize>; 3]>,
    pub dense: [Range<usize>; 2],
}

impl Layout {
    /// Slot `k`'s gradients in `grads` (laid out as the parameters are), one slice per array.
    pub fn cell_grads<'a>(&self, k: usize, grads: &'a mut [f32]) -> CellGrads<'a> {
        let [kernel, recurrent_kernel, bias] = &self.slots[k];
        let arrays = &mut grads[kernel.start..bias.end];
        let (d_kernel, rest) = arrays.split_at_mut(kernel.len());
        let (d_recurrent_kernel, d_bias) = rest.split_at_mut(recurrent_kernel.len());
        CellGrads {
            d_kernel,
            d_recurrent_kernel,
            d_bias,
        }
    }

    pub fn len(&self) -> usize {
        self.dense[1].end
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every array's range, in order. A list, not an iterator: one copy of the flattening code
    /// for all its users.
    pub fn arrays(&self) -> Vec<Range<usize>> {
        let mut all = Vec::with_capacity(self.slots.len() * 3 + 2);
        for s in &self.slots {
            all.extend_from_slice(s);
        }
        all.extend_from_slice(&self.dense);
        all
    }
}

impl Dims {
    /// The notebook's kind of model: one layer, one direction, one series.
    pub fn single(cell: Cell, seq_len: usize, units: usize, n_steps: usize) -> Dims {
        Dims {
            cell,
            seq_len,
            features: 1,
            layers: Layers::one(units),
            bidirectional: false,
            n_steps,
            targets: 1,
        }
    }

    /// D: 2 when every layer reads the window both ways.
    pub fn directions(&self) -> usize {
        if self.bidirectional {
            2
        } else {
            1
        }
    }

    /// How many slots (layer directions) the stack has: L·D.
    pub fn slots(&self) -> usize {
        self.layers.len() * self.directions()
    }

    /// Slot `k` (= layer·D + direction).
    pub fn slot(&self, k: usize) -> Slot {
        let d = self.directions();
        let layer = k / d;
        let units = self.layers.as_slice()[layer];
        let input = if layer == 0 {
            self.features
        } else {
            d * self.layers.as_slice()[layer - 1]
        };
        Slot {
            layer,
            backward: k % d == 1,
            input,
            units,
        }
    }

    /// The Dense head's input: the top layer's units, times D.
    pub fn head_input(&self) -> usize {
        self.directions() * self.layers.top()
    }

    /// Multiply-adds of one window's forward step through every slot: Σ ≈ G·H_l·(H_l + F_l).
    pub fn forward_cost(&self) -> usize {
        (0..self.slots())
            .map(|k| {
                let s = self.slot(k);
                self.cell.forward_cost(s.input, s.units)
            })
            .sum()
    }

    /// The head's outputs: n_steps values of each target series, time-major.
    pub fn outputs(&self) -> usize {
        self.n_steps * self.targets
    }

    /// About how many f32s training takes with minibatches of `batch` windows: the parameters
    /// with their gradients and Adam's two moments, and each slot's tape and gradients through
    /// time ([`crate::nn::pass`]). For refusing a model too big for a browser tab, not exact.
    pub fn training_floats(&self, batch: usize) -> usize {
        let (t, b, c) = (self.seq_len, batch.max(1), self.cell);
        let slots: usize = (0..self.slots())
            .map(|k| {
                let s = self.slot(k);
                let h = s.units;
                let carry = if c.has_carry() { h } else { 0 };
                let per_step = s.input + c.cached_gates(h) + c.extra(h) + 2 * (h + carry);
                b * (t * per_step + c.scratch(h) + (c.gates() + 4) * h + s.input)
                    + c.gates() * h * (h + s.input)
            })
            .sum();
        4 * self.layout().len() + slots + 3 * b * self.outputs()
    }

    /// Where every weight array lies in the flat buffer.
    pub fn layout(&self) -> Layout {
        let mut at = 0;
        let mut take = |n: usize| {
            let r = at..at + n;
            at += n;
            r
        };
        let slots = (0..self.slots())
            .map(|k| {
                let s = self.slot(k);
                let gh = self.cell.gates() * s.units;
                [
                    take(s.input * gh),
                    take(s.units * gh),
                    take(self.cell.bias_len(s.units)),
                ]
            })
            .collect();
        let dense = [
            take(self.head_input() * self.outputs()),
            take(self.outputs()),
        ];
        Layout { slots, dense }
    }

    /// Shapes of the weight arrays, as Keras reports them, in `get_weights()` order.
    pub fn shapes(&self) -> Vec<Vec<usize>> {
        let mut shapes = Vec::new();
        for k in 0..self.slots() {
            let s = self.slot(k);
            let gh = self.cell.gates() * s.units;
            shapes.push(vec![s.input, gh]);
            shapes.push(vec![s.units, gh]);
            shapes.push(self.cell.bias_shape(s.units));
        }
        shapes.push(vec![self.head_input(), self.outputs()]);
        shapes.push(vec![self.outputs()]);
        shapes
    }

    /// The weight arrays' names, as the page and messages write them: "kernel", "dense_bias",
    /// and for a stack "layer 2's recurrent_kernel", "layer 1 (backward)'s bias".
    pub fn array_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        let plain = self.slots() == 1;
        for k in 0..self.slots() {
            let s = self.slot(k);
            for array in ["kernel", "recurrent_kernel", "bias"] {
                names.push(if plain {
                    array.to_string()
                } else {
                    let dir = if s.backward { " (backward)" } else { "" };
                    format!("layer {}{dir}'s {array}", s.layer + 1)
                });
            }
        }
        names.push("dense_kernel".into());
        names.push("dense_bias".into());
        names
    }

    pub fn n_params(&self) -> usize {
        self.layout().len()
    }

    /// Parameter counts as `model.summary()` prints them.
    pub fn param_counts(&self) -> ParamCounts {
        let layout = self.layout();
        let d = self.directions();
        let layers: Vec<usize> = (0..self.layers.len())
            .map(|l| {
                (l * d..(l + 1) * d)
                    .map(|k| layout.slots[k].iter().map(|r| r.len()).sum::<usize>())
                    .sum()
            })
            .collect();
        let rnn = layers.iter().sum();
        let dense = layout.dense[0].len() + layout.dense[1].len();
        ParamCounts {
            rnn,
            dense,
            total: rnn + dense,
            layers,
        }
    }
}

/// The recurrent layers' parameters, `rnn`: per layer SimpleRNN `(F_l + H)·H + H`, LSTM
/// `4·((F_l + H)·H + H)`, GRU `3·((F_l + H)·H + 2·H)`, twice that when bidirectional; Dense
/// `(D·H_top + 1)·S·K`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParamCounts {
    pub rnn: usize,
    pub dense: usize,
    pub total: usize,
    /// Each recurrent layer's count (both directions), bottom to top.
    pub layers: Vec<usize>,
}

impl ParamCounts {
    /// The rows of `model.summary()`: layer (type), output shape, parameter count. Keras names
    /// a second layer of a kind "lstm_1"; a layer below the top returns its whole sequence.
    pub fn rows(&self, dims: &Dims) -> Vec<(String, String, String)> {
        let g = crate::format::group;
        let (cell, top) = (dims.cell, dims.layers.len() - 1);
        let mut rows: Vec<(String, String, String)> = dims
            .layers
            .as_slice()
            .iter()
            .enumerate()
            .map(|(l, &h)| {
                let suffix = if l == 0 {
                    String::new()
                } else {
                    format!("_{l}")
                };
                let name = if dims.bidirectional {
                    format!("bidirectional{suffix} (Bidirectional)")
                } else {
                    format!("{}{suffix} ({})", cell.name(), cell.keras_class())
                };
                let width = dims.directions() * h;
                let shape = if l < top {
                    format!("(None, {}, {width})", dims.seq_len)
                } else {
                    format!("(None, {width})")
                };
                (name, shape, g(self.layers[l]))
            })
            .collect();
        rows.push((
            "dense (Dense)".to_string(),
            format!("(None, {})", dims.outputs()),
            g(self.dense),
        ));
        rows
    }

    /// `model.summary()`'s table, in Keras 2's plain layout (its columns as wide as the
    /// longest name and shape need).
    pub fn table(&self, dims: &Dims) -> String {
        let rows = self.rows(dims);
        let wide = |i: usize, least: usize| {
            rows.iter()
                .map(|r| [&r.0, &r.1][i].chars().count() + 1)
                .fold(least, usize::max)
        };
        let (a, b) = (wide(0, 26), wide(1, 16));
        let mut out = format!(
            "{:<a$}{:<b$}{:>9}\n",
            "Layer (type)", "Output Shape", "Param #"
        );
        for (layer, shape, params) in &rows {
            out += &format!("{layer:<a$}{shape:<b$}{params:>9}\n");
        }
        out += &format!("Total params: {}\n", crate::format::group(self.total));
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub dims: Dims,
    pub activation: Activation,
    /// Per slot [kernel (F_l, G·H) | recurrent_kernel (H, G·H) | bias (G·H) or GRU (2, 3H)],
    /// then dense_kernel (D·H_top, S·K) | dense_bias (S·K).
    pub params: Vec<f32>,
    pub layout: Layout,
}

/// One window through one slot, for the page's view of the inside, in the slot's own time.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub x: Vec<f32>,  // (T, F_l) the slot's inputs, in its own time
    pub hs: Vec<f32>, // (T+1, H) h_t; row 0 is h_0 = 0
    pub cs: Vec<f32>, // (T+1, H) LSTM's c_t; row 0 is c_0 = 0; empty for the others
    pub gates: Vec<f32>, // (T, G·H) gate activations in Keras's order: SimpleRNN h_t;
                      // LSTM i, f, c̃, o; GRU z, r, ĥ
}

impl Trace {
    fn of(tape: &Tape) -> Trace {
        // A cell that keeps no gates (SimpleRNN) has one: h_t.
        let gates = if tape.cell.cached_gates(tape.units) == 0 {
            tape.hs.all()[tape.units..].to_vec()
        } else {
            tape.gates.all().to_vec()
        };
        Trace {
            x: tape.x.all().to_vec(),
            hs: tape.hs.all().to_vec(),
            cs: tape.cs.all().to_vec(),
            gates,
        }
    }
}

/// Every slot's tape for a few windows: the stack unrolled.
pub struct Unrolled {
    pub tapes: Vec<Tape>,
}

impl Model {
    /// Keras's default initialization: glorot_uniform kernels, orthogonal recurrent kernels,
    /// zero biases (LSTM: the forget gate's bias 1, Keras's `unit_forget_bias`).
    pub fn new(dims: Dims, activation: Activation, seed: u64) -> Model {
        let (mut model, mut recurrent) = Model::deferred(dims, activation, seed);
        for (k, work) in recurrent.iter_mut().enumerate() {
            while !work.advance(usize::MAX) {}
            model.set_recurrent_kernel(k, work);
        }
        model
    }

    /// [`Model::new`] with the recurrent kernels left at zero, to be filled in from the
    /// returned work, one per slot, once it is done ([`Model::set_recurrent_kernel`]). The
    /// seed's draws, in order: each slot's kernel and recurrent kernel, then the dense kernel.
    pub fn deferred(dims: Dims, activation: Activation, seed: u64) -> (Model, Vec<Orthogonal>) {
        let layout = dims.layout();
        let mut params = vec![0.0; layout.len()];
        let mut rng = Rng::new(seed);
        let mut recurrent = Vec::with_capacity(dims.slots());
        for (k, [kernel, _, bias]) in layout.slots.iter().enumerate() {
            let s = dims.slot(k);
            let gh = dims.cell.gates() * s.units;
            // Keras's fans for a (F, G·H) kernel: fan_in F, fan_out G·H.
            glorot_uniform(&mut rng, s.input, gh, &mut params[kernel.clone()]);
            recurrent.push(Orthogonal::with_shape(&mut rng, s.units, gh));
            dims.cell.init_bias(&mut params[bias.clone()], s.units);
        }
        let [dense_kernel, _] = &layout.dense;
        glorot_uniform(
            &mut rng,
            dims.head_input(),
            dims.outputs(),
            &mut params[dense_kernel.clone()],
        );
        let model = Model {
            dims,
            activation,
            params,
            layout,
        };
        (model, recurrent)
    }

    /// A model of `dims` with these weights (in Keras's `get_weights()` order, flattened).
    pub fn with_params(dims: Dims, activation: Activation, params: Vec<f32>) -> Model {
        let layout = dims.layout();
        debug_assert_eq!(layout.len(), params.len());
        Model {
            dims,
            activation,
            params,
            layout,
        }
    }

    /// Writes slot `k`'s finished orthogonal matrix in as its recurrent kernel.
    pub fn set_recurrent_kernel(&mut self, k: usize, recurrent: &Orthogonal) {
        let range = self.layout.slots[k][1].clone();
        recurrent.write(&mut self.params[range]);
    }

    /// Slot `k`'s weights.
    pub fn cell_weights(&self, k: usize) -> CellWeights<'_> {
        let [kernel, recurrent_kernel, bias] = &self.layout.slots[k];
        CellWeights {
            kernel: &self.params[kernel.clone()],
            recurrent_kernel: &self.params[recurrent_kernel.clone()],
            bias: &self.params[bias.clone()],
        }
    }

    pub fn dense_weights(&self) -> DenseWeights<'_> {
        let [kernel, bias] = &self.layout.dense;
        DenseWeights {
            kernel: &self.params[kernel.clone()],
            bias: &self.params[bias.clone()],
        }
    }

    /// An empty tape for slot `k`, for `n` windows.
    pub fn tape(&self, k: usize, n: usize) -> Tape {
        let s = self.dims.slot(k);
        Tape::new(self.dims.cell, self.dims.seq_len, s.input, s.units, n)
    }

    /// Every step of every slot for a few windows `inputs` (n, T·F), all at once.
    /// Allocates: for predictions and the page's views, not for training.
    pub fn unroll(&self, inputs: &[f32]) -> Unrolled {
        let dims = self.dims;
        let (t_len, d) = (dims.seq_len, dims.directions());
        let n = inputs.len() / (t_len * dims.features);
        let mut tapes: Vec<Tape> = Vec::with_capacity(dims.slots());
        for k in 0..dims.slots() {
            let slot = dims.slot(k);
            let mut tape = self.tape(k, n);
            if slot.layer == 0 {
                for (b, input) in inputs.chunks_exact(t_len * dims.features).enumerate() {
                    load_row(&mut tape, b, input, slot.backward);
                }
            } else {
                let below: Vec<&Tape> =
                    tapes[(slot.layer - 1) * d..slot.layer * d].iter().collect();
                for tau in 0..t_len {
                    stack::link(&below, &mut tape, slot.backward, tau, 0..n);
                }
            }
            let w = self.cell_weights(k);
            for t in 0..t_len {
                tape.forward(&w, self.activation, t, 0..n);
            }
            tapes.push(tape);
        }
        Unrolled { tapes }
    }

    /// Hidden states of every step of the bottom layer for a few windows (n, T·F): `(T+1, n, H)`,
    /// with row block 0 = h_0 = 0. Allocates.
    pub fn hidden_states(&self, inputs: &[f32]) -> Vec<f32> {
        self.unroll(inputs).tapes[0].hs.all().to_vec()
    }

    /// One window (T·F) through the bottom layer: its states and gates at every step.
    pub fn trace(&self, window: &[f32]) -> Trace {
        Trace::of(&self.unroll(window).tapes[0])
    }

    /// One window (T·F) through slot `k`, in its own time.
    pub fn trace_of(&self, window: &[f32], k: usize) -> Trace {
        Trace::of(&self.unroll(window).tapes[k])
    }

    /// One window (T·F) through every slot, each in its own time.
    pub fn traces(&self, window: &[f32]) -> Vec<Trace> {
        self.unroll(window).tapes.iter().map(Trace::of).collect()
    }

    /// `model.predict` on windows already in the model's (scaled) units: (n, T·F) → (n, S·K).
    pub fn predict(&self, inputs: &[f32]) -> Vec<f32> {
        let unrolled = self.unroll(inputs);
        let dims = self.dims;
        let n = inputs.len() / (dims.seq_len * dims.features);
        let top: Vec<&Tape> = unrolled.tapes[dims.slots() - dims.directions()..]
            .iter()
            .collect();
        let mut head = vec![0.0; n * dims.head_input()]; // (n, D·H)
        stack::head_input(&top, &mut head, 0..n);
        let mut out = vec![0.0; n * dims.outputs()]; // (n, S·K)
        dense::forward(&self.dense_weights(), &head, &mut out);
        out
    }
}

/// Puts one window's input (T, F) in batch row `b` of a bottom-layer tape: as it comes, or
/// turned round in time for a backward slot.
pub fn load_row(tape: &mut Tape, b: usize, input: &[f32], backward: bool) {
    if !backward {
        tape.load_row(b, input);
        return;
    }
    let f = tape.features;
    let t_len = tape.x.steps();
    for (t, x) in input.chunks_exact(f).enumerate() {
        tape.x.at_mut(t_len - 1 - t)[b * f..(b + 1) * f].copy_from_slice(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notebook_param_counts() {
        let dims = Dims::single(Cell::SimpleRnn, 3, 50, 2);
        assert_eq!(
            dims.param_counts(),
            ParamCounts {
                rnn: 2600,
                dense: 102,
                total: 2702,
                layers: vec![2600],
            }
        );
        assert_eq!(dims.n_params(), 2702);
        let m = Model::new(dims, Activation::Relu, 42);
        assert_eq!(m.params.len(), 2702);
        let [bias, dense_bias] =
            [&m.layout.slots[0][2], &m.layout.dense[1]].map(|r| &m.params[r.clone()]);
        assert!(bias.iter().chain(dense_bias).all(|&b| b == 0.0));
    }

    #[test]
    fn lstm_and_gru_counts_and_initial_biases_are_keras_s() {
        let dims = |cell| Dims::single(cell, 3, 50, 2);
        // The notebook's model with LSTM(50) and GRU(50), as Keras's summary counts them.
        let lstm = dims(Cell::Lstm);
        assert_eq!(
            lstm.param_counts(),
            ParamCounts {
                rnn: 10_400,
                dense: 102,
                total: 10_502,
                layers: vec![10_400],
            }
        );
        assert_eq!(lstm.shapes()[..3], [vec![1, 200], vec![50, 200], vec![200]]);
        let gru = dims(Cell::Gru);
        assert_eq!(gru.param_counts().rnn, 3 * (51 * 50 + 2 * 50));
        assert_eq!(
            gru.shapes()[..3],
            [vec![1, 150], vec![50, 150], vec![2, 150]]
        );
        assert_eq!(
            ParamCounts::rows(&gru.param_counts(), &gru)[0].0,
            "gru (GRU)"
        );
        let m = Model::new(lstm, Activation::Tanh, 1);
        let bias = &m.params[m.layout.slots[0][2].clone()];
        assert!(bias[..50].iter().all(|&b| b == 0.0));
        assert!(bias[50..100].iter().all(|&b| b == 1.0), "unit_forget_bias");
        assert!(bias[100..].iter().all(|&b| b == 0.0));
        let m = Model::new(gru, Activation::Tanh, 1);
        let kernel = &m.params[m.layout.slots[0][0].clone()];
        let bias = &m.params[m.layout.slots[0][2].clone()];
        assert!(bias.iter().all(|&b| b == 0.0));
        // glorot_uniform over fan_in 1 + fan_out 150.
        let limit = (6.0f32 / 151.0).sqrt();
        assert!(kernel.iter().all(|w| w.abs() <= limit));
        assert!(kernel.iter().any(|w| w.abs() > 0.9 * limit));
    }

    #[test]
    fn the_trace_holds_each_cell_s_states_and_gates() {
        let window = [0.5, -1.0, 0.25, 2.0];
        for cell in Cell::ALL {
            let dims = Dims {
                cell,
                seq_len: 4,
                features: 1,
                layers: Layers::one(5),
                bidirectional: false,
                n_steps: 2,
                targets: 1,
            };
            let m = Model::new(dims, Activation::Tanh, 3);
            let trace = m.trace(&window);
            assert_eq!(trace.hs.len(), 5 * 5);
            assert_eq!(trace.hs, m.hidden_states(&window));
            assert_eq!(trace.gates.len(), 4 * cell.gates() * 5);
            assert_eq!(trace.cs.len(), if cell == Cell::Lstm { 25 } else { 0 });
            assert!(trace.hs[..5].iter().all(|&h| h == 0.0));
            assert!(trace.hs.iter().chain(&trace.gates).all(|v| v.is_finite()));
            if cell == Cell::SimpleRnn {
                assert_eq!(trace.gates, trace.hs[5..]);
            }
            // h_T gives the prediction.
            let mut out = vec![0.0; 2];
            dense::forward(&m.dense_weights(), &trace.hs[20..], &mut out);
            assert_eq!(out, m.predict(&window));
        }
    }
}
