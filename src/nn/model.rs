//! The notebook's model, a recurrent layer (SimpleRNN, LSTM or GRU) of `units` → Dense(n_steps),
//! as one flat parameter buffer.

use crate::nn::activation::Activation;
use crate::nn::cell::{Cell, CellWeights, Tape};
use crate::nn::dense::{self, DenseWeights};
use crate::nn::init::{glorot_uniform, Orthogonal, Rng};

/// The model's shape. `features` is 1 for a single sequence, and kept as a name so the
/// parameter formula reads as Keras's does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    pub cell: Cell,
    pub seq_len: usize,  // T
    pub features: usize, // F
    pub units: usize,    // H
    pub n_steps: usize,  // S
}

impl Dims {
    /// Sizes of the five weight arrays in Keras's `get_weights()` order.
    pub fn sizes(&self) -> [usize; 5] {
        let (f, h, s) = (self.features, self.units, self.n_steps);
        let gh = self.cell.gates() * h;
        [f * gh, h * gh, self.cell.bias_len(h), h * s, s]
    }

    /// Shapes of the five weight arrays, as Keras reports them.
    pub fn shapes(&self) -> [Vec<usize>; 5] {
        let (f, h, s) = (self.features, self.units, self.n_steps);
        let gh = self.cell.gates() * h;
        [
            vec![f, gh],
            vec![h, gh],
            self.cell.bias_shape(h),
            vec![h, s],
            vec![s],
        ]
    }

    pub fn n_params(&self) -> usize {
        self.sizes().iter().sum()
    }

    /// Parameter counts as `model.summary()` prints them.
    pub fn param_counts(&self) -> ParamCounts {
        let [kernel, recurrent_kernel, bias, dense_kernel, dense_bias] = self.sizes();
        let rnn = kernel + recurrent_kernel + bias;
        let dense = dense_kernel + dense_bias;
        ParamCounts {
            rnn,
            dense,
            total: rnn + dense,
        }
    }
}

/// The recurrent layer's parameters, `rnn`: SimpleRNN `(features + units)·units + units`, LSTM
/// `4·((features + units)·units + units)`, GRU `3·((features + units)·units + 2·units)`;
/// Dense `(units + 1)·n_steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ParamCounts {
    pub rnn: usize,
    pub dense: usize,
    pub total: usize,
}

impl ParamCounts {
    /// The rows of `model.summary()`: layer (type), output shape, parameter count.
    pub fn rows(&self, dims: &Dims) -> [(String, String, String); 2] {
        let g = crate::format::group;
        [
            (
                dims.cell.summary_name(),
                format!("(None, {})", dims.units),
                g(self.rnn),
            ),
            (
                "dense (Dense)".to_string(),
                format!("(None, {})", dims.n_steps),
                g(self.dense),
            ),
        ]
    }

    /// `model.summary()`'s table, in Keras 2's plain layout.
    pub fn table(&self, dims: &Dims) -> String {
        let mut out = format!(
            "{:<26}{:<16}{:>9}\n",
            "Layer (type)", "Output Shape", "Param #"
        );
        for (layer, shape, params) in self.rows(dims) {
            out += &format!("{layer:<26}{shape:<16}{params:>9}\n");
        }
        out += &format!("Total params: {}\n", crate::format::group(self.total));
        out
    }
}

/// Names of the five arrays, in order.
pub const WEIGHT_NAMES: [&str; 5] = [
    "kernel",
    "recurrent_kernel",
    "bias",
    "dense_kernel",
    "dense_bias",
];

/// Splits a flat buffer laid out as `[kernel, recurrent_kernel, bias, dense_kernel, dense_bias]`.
pub fn split<'a>(buf: &'a [f32], dims: &Dims) -> [&'a [f32]; 5] {
    let mut rest = buf;
    dims.sizes().map(|n| {
        let (head, tail) = rest.split_at(n);
        rest = tail;
        head
    })
}

pub fn split_mut<'a>(buf: &'a mut [f32], dims: &Dims) -> [&'a mut [f32]; 5] {
    let mut rest = buf;
    dims.sizes().map(|n| {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(n);
        rest = tail;
        head
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub dims: Dims,
    pub activation: Activation,
    pub params: Vec<f32>, // [kernel (F,G·H) | recurrent_kernel (H,G·H) | bias (G·H) or (2,3H) | dense_kernel (H,S) | dense_bias (S)]
}

/// One window through the recurrent layer, for the page's view of the inside.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub hs: Vec<f32>, // (T+1, H) h_t; row 0 is h_0 = 0
    pub cs: Vec<f32>, // (T+1, H) LSTM's c_t; row 0 is c_0 = 0; empty for the others
    pub gates: Vec<f32>, // (T, G·H) gate activations in Keras's order: SimpleRNN h_t;
                      // LSTM i, f, c̃, o; GRU z, r, ĥ
}

impl Model {
    /// Keras's default initialization: glorot_uniform kernels, orthogonal recurrent kernel, zero
    /// biases (LSTM: the forget gate's bias 1, Keras's `unit_forget_bias`).
    pub fn new(dims: Dims, activation: Activation, seed: u64) -> Model {
        let (mut model, mut recurrent) = Model::deferred(dims, activation, seed);
        while !recurrent.advance(usize::MAX) {}
        model.set_recurrent_kernel(&recurrent);
        model
    }

    /// [`Model::new`] with the recurrent kernel left at zero, to be filled in from the returned
    /// work once it is done ([`Model::set_recurrent_kernel`]). The seed's draws, in order: kernel,
    /// recurrent kernel, dense kernel.
    pub fn deferred(dims: Dims, activation: Activation, seed: u64) -> (Model, Orthogonal) {
        let mut params = vec![0.0; dims.n_params()];
        let mut rng = Rng::new(seed);
        let gh = dims.cell.gates() * dims.units;
        let [kernel, _recurrent_kernel, bias, dense_kernel, _dense_bias] =
            split_mut(&mut params, &dims);
        // Keras's fans for a (F, G·H) kernel: fan_in F, fan_out G·H.
        glorot_uniform(&mut rng, dims.features, gh, kernel);
        let recurrent = Orthogonal::with_shape(&mut rng, dims.units, gh);
        glorot_uniform(&mut rng, dims.units, dims.n_steps, dense_kernel);
        dims.cell.init_bias(bias, dims.units);
        let model = Model {
            dims,
            activation,
            params,
        };
        (model, recurrent)
    }

    /// Writes the finished orthogonal matrix in as the recurrent kernel.
    pub fn set_recurrent_kernel(&mut self, recurrent: &Orthogonal) {
        let dims = self.dims;
        let [_, recurrent_kernel, ..] = split_mut(&mut self.params, &dims);
        recurrent.write(recurrent_kernel);
    }

    pub fn cell_weights(&self) -> CellWeights<'_> {
        let [kernel, recurrent_kernel, bias, _, _] = split(&self.params, &self.dims);
        CellWeights {
            kernel,
            recurrent_kernel,
            bias,
        }
    }

    pub fn dense_weights(&self) -> DenseWeights<'_> {
        let [_, _, _, kernel, bias] = split(&self.params, &self.dims);
        DenseWeights { kernel, bias }
    }

    /// Every step of the recurrent layer for a few windows `inputs` (n, T·F), all at once.
    /// Allocates: for predictions and the page's views, not for training.
    pub fn unroll(&self, inputs: &[f32]) -> Tape {
        let Dims {
            seq_len: t_len,
            features: f,
            ..
        } = self.dims;
        let n = inputs.len() / (t_len * f);
        let mut tape = Tape::new(self.dims, n);
        for (b, input) in inputs.chunks_exact(t_len * f).enumerate() {
            tape.load_row(b, input);
        }
        let w = self.cell_weights();
        for t in 0..t_len {
            tape.forward(&w, self.activation, t, 0..n);
        }
        tape
    }

    /// Hidden states of every step for a few windows (n, T·F): `(T+1, n, H)`, with row block
    /// 0 = h_0 = 0. Allocates.
    pub fn hidden_states(&self, inputs: &[f32]) -> Vec<f32> {
        self.unroll(inputs).hs.all().to_vec()
    }

    /// One window (T·F) through the recurrent layer: its states and gates at every step.
    pub fn trace(&self, window: &[f32]) -> Trace {
        let tape = self.unroll(window);
        // A cell that keeps no gates (SimpleRNN) has one: h_t.
        let gates = if self.dims.cell.cached_gates(self.dims.units) == 0 {
            tape.hs.all()[self.dims.units..].to_vec()
        } else {
            tape.gates.all().to_vec()
        };
        Trace {
            hs: tape.hs.all().to_vec(),
            cs: tape.cs.all().to_vec(),
            gates,
        }
    }

    /// `model.predict` on windows already in the model's (scaled) units: (n, T·F) → (n, S).
    pub fn predict(&self, inputs: &[f32]) -> Vec<f32> {
        let tape = self.unroll(inputs);
        let n = inputs.len() / (self.dims.seq_len * self.dims.features);
        let mut out = vec![0.0; n * self.dims.n_steps]; // (n, S)
        dense::forward(
            &self.dense_weights(),
            tape.hs.at(self.dims.seq_len),
            &mut out,
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notebook_param_counts() {
        let dims = Dims {
            cell: Cell::SimpleRnn,
            seq_len: 3,
            features: 1,
            units: 50,
            n_steps: 2,
        };
        assert_eq!(
            dims.param_counts(),
            ParamCounts {
                rnn: 2600,
                dense: 102,
                total: 2702
            }
        );
        assert_eq!(dims.n_params(), 2702);
        let m = Model::new(dims, Activation::Relu, 42);
        assert_eq!(m.params.len(), 2702);
        let [_, _, bias, _, dense_bias] = split(&m.params, &dims);
        assert!(bias.iter().chain(dense_bias).all(|&b| b == 0.0));
    }

    #[test]
    fn lstm_and_gru_counts_and_initial_biases_are_keras_s() {
        let dims = |cell| Dims {
            cell,
            seq_len: 3,
            features: 1,
            units: 50,
            n_steps: 2,
        };
        // The notebook's model with LSTM(50) and GRU(50), as Keras's summary counts them.
        let lstm = dims(Cell::Lstm);
        assert_eq!(
            lstm.param_counts(),
            ParamCounts {
                rnn: 10_400,
                dense: 102,
                total: 10_502
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
        let [_, _, bias, _, _] = split(&m.params, &lstm);
        assert!(bias[..50].iter().all(|&b| b == 0.0));
        assert!(bias[50..100].iter().all(|&b| b == 1.0), "unit_forget_bias");
        assert!(bias[100..].iter().all(|&b| b == 0.0));
        let m = Model::new(gru, Activation::Tanh, 1);
        let [kernel, _, bias, _, _] = split(&m.params, &gru);
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
                units: 5,
                n_steps: 2,
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
