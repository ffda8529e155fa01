//! The network's math, Keras's own: the recurrent cells, the Dense head, the loss, Adam, the
//! model as one flat parameter buffer, a minibatch's resumable forward and backward pass, and
//! training as `model.fit` does it. Plain Rust with no page in sight, tested natively against
//! Keras fixtures and finite differences.

pub mod activation;
pub mod adam;
pub mod cell;
pub mod dense;
pub mod grad_flow;
pub mod init;
pub mod loss;
pub mod matmul;
pub mod model;
pub mod pass;
pub mod sensitivity;
#[cfg(target_arch = "wasm32")]
pub mod simd;
pub mod stack;
pub mod trainer;
