//! The SimpleRNN's activation functions and their derivatives, as TensorFlow defines them.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activation {
    #[default]
    Relu,
    Tanh,
    Sigmoid,
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    /// Keras's name for it (`activation='relu'`).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    pub fn parse(s: &str) -> Option<Activation> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(s.trim()))
    }

    /// `h = act(z)`, in place over a row. The match sits outside the loop so relu and linear vectorize.
    pub fn forward(self, z: &mut [f32]) {
        match self {
            Activation::Relu => z.iter_mut().for_each(|v| *v = v.max(0.0)),
            // libm rather than std: the same bits natively and in wasm32.
            Activation::Tanh => z.iter_mut().for_each(|v| *v = libm::tanhf(*v)),
            Activation::Sigmoid => z.iter_mut().for_each(|v| *v = sigmoid(*v)),
            Activation::Linear => {}
        }
    }

    /// `d_z = d_h ⊙ act'(z)`, written from the output `h` (each derivative is a function of it).
    /// relu′(0) = 0, as in TensorFlow.
    pub fn backward(self, h: &[f32], d_h: &[f32], d_z: &mut [f32]) {
        let rows = d_z.iter_mut().zip(h.iter().zip(d_h));
        match self {
            Activation::Relu => rows.for_each(|(dz, (&h, &dh))| {
                *dz = if h > 0.0 { dh } else { 0.0 };
            }),
            Activation::Tanh => rows.for_each(|(dz, (&h, &dh))| *dz = dh * (1.0 - h * h)),
            Activation::Sigmoid => rows.for_each(|(dz, (&h, &dh))| *dz = dh * h * (1.0 - h)),
            Activation::Linear => d_z.copy_from_slice(d_h),
        }
    }
}

/// σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|.
fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
