//! The notebook's model, SimpleRNN(units, act) → Dense(n_steps), as one flat parameter buffer.

use crate::activation::Activation;
use crate::dense::{self, DenseWeights};
use crate::init::{glorot_uniform, Orthogonal, Rng};
use crate::rnn::{self, RnnWeights};

/// The model's sizes. `features` is 1 for a single sequence, and kept as a name so the
/// parameter formula reads as Keras's does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    pub seq_len: usize,  // T
    pub features: usize, // F
    pub units: usize,    // H
    pub n_steps: usize,  // S
}

impl Dims {
    /// Sizes of the five weight arrays in Keras's `get_weights()` order.
    pub fn sizes(&self) -> [usize; 5] {
        let (f, h, s) = (self.features, self.units, self.n_steps);
        [f * h, h * h, h, h * s, s]
    }

    /// Shapes of the five weight arrays, as Keras reports them.
    pub fn shapes(&self) -> [Vec<usize>; 5] {
        let (f, h, s) = (self.features, self.units, self.n_steps);
        [vec![f, h], vec![h, h], vec![h], vec![h, s], vec![s]]
    }

    pub fn n_params(&self) -> usize {
        self.sizes().iter().sum()
    }

    /// Parameter counts as `model.summary()` prints them.
    pub fn param_counts(&self) -> ParamCounts {
        let (f, h, s) = (self.features, self.units, self.n_steps);
        let rnn = (f + h) * h + h;
        let dense = (h + 1) * s;
        ParamCounts {
            rnn,
            dense,
            total: rnn + dense,
        }
    }
}

/// SimpleRNN `(features + units)·units + units`; Dense `(units + 1)·n_steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ParamCounts {
    pub rnn: usize,
    pub dense: usize,
    pub total: usize,
}

impl ParamCounts {
    /// The rows of `model.summary()`: layer (type), output shape, parameter count.
    pub fn rows(&self, dims: &Dims) -> [(&'static str, String, String); 2] {
        let g = crate::data::group;
        [
            (
                "simple_rnn (SimpleRNN)",
                format!("(None, {})", dims.units),
                g(self.rnn),
            ),
            (
                "dense (Dense)",
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
        out += &format!("Total params: {}\n", crate::data::group(self.total));
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
    pub params: Vec<f32>, // [kernel (F,H) | recurrent_kernel (H,H) | bias (H) | dense_kernel (H,S) | dense_bias (S)]
}

impl Model {
    /// Keras's default initialization: glorot_uniform kernels, orthogonal recurrent kernel, zero biases.
    pub fn new(dims: Dims, activation: Activation, seed: u64) -> Model {
        let (mut model, mut recurrent) = Model::deferred(dims, activation, seed);
        while !recurrent.advance(usize::MAX) {}
        model.set_recurrent_kernel(&recurrent);
        model
    }

    /// [`Model::new`] with the recurrent kernel left at zero, to be filled in from the returned
    /// work once it is done ([`Model::set_recurrent_kernel`]).
    pub fn deferred(dims: Dims, activation: Activation, seed: u64) -> (Model, Orthogonal) {
        let mut params = vec![0.0; dims.n_params()];
        let mut rng = Rng::new(seed);
        let [kernel, _recurrent_kernel, _bias, dense_kernel, _dense_bias] =
            split_mut(&mut params, &dims);
        glorot_uniform(&mut rng, dims.features, dims.units, kernel);
        let recurrent = Orthogonal::new(&mut rng, dims.units);
        glorot_uniform(&mut rng, dims.units, dims.n_steps, dense_kernel);
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

    pub fn rnn_weights(&self) -> RnnWeights<'_> {
        let [kernel, recurrent_kernel, bias, _, _] = split(&self.params, &self.dims);
        RnnWeights {
            kernel,
            recurrent_kernel,
            bias,
        }
    }

    pub fn dense_weights(&self) -> DenseWeights<'_> {
        let [_, _, _, kernel, bias] = split(&self.params, &self.dims);
        DenseWeights { kernel, bias }
    }

    /// Hidden states of every step for a few windows: `(T+1, n, H)`, with row block 0 = h_0 = 0.
    /// Allocates: for predictions and the page's views, not for training.
    pub fn hidden_states(&self, inputs: &[f32] /* (n, T) */) -> Vec<f32> {
        let Dims {
            seq_len: t_len,
            units,
            ..
        } = self.dims;
        let n = inputs.len() / t_len;
        let mut hs = vec![0.0; (t_len + 1) * n * units]; // (T+1, n, H)
        let mut x_t = vec![0.0; n]; // (n, F=1)
        let w = self.rnn_weights();
        for t in 0..t_len {
            for (i, x) in x_t.iter_mut().enumerate() {
                *x = inputs[i * t_len + t];
            }
            let (done, next) = hs.split_at_mut((t + 1) * n * units);
            let h_prev = (t > 0).then(|| &done[t * n * units..]);
            rnn::forward(
                &w,
                self.activation,
                &x_t,
                h_prev,
                &mut next[..n * units],
                0..n,
            );
        }
        hs
    }

    /// `model.predict` on windows already in the model's (scaled) units: (n, T) → (n, S).
    pub fn predict(&self, inputs: &[f32] /* (n, T) */) -> Vec<f32> {
        let n = inputs.len() / self.dims.seq_len;
        let hs = self.hidden_states(inputs);
        let mut out = vec![0.0; n * self.dims.n_steps]; // (n, S)
        dense::forward(
            &self.dense_weights(),
            &hs[self.dims.seq_len * n * self.dims.units..],
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
}
