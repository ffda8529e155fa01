//! RNN Playground: Keras's SimpleRNN, LSTM or GRU → Dense, trained with Keras's Adam, in plain Rust.
//!
//! The core (everything but `web`) has no web dependency and is tested natively.
//! Dimension letters used in shape comments throughout:
//! `N` windows, `B` batch rows, `T` time steps (seq_len), `F` features (1), `H` units, `S` outputs
//! (n_steps), `G` gates of a recurrent cell (SimpleRNN 1, LSTM 4, GRU 3).

pub mod activation;
pub mod adam;
pub mod app;
pub mod baseline;
pub mod cell;
pub mod chart;
pub mod config;
pub mod data;
pub mod dense;
pub mod diagnosis;
pub mod equations;
pub mod export;
pub mod grad_flow;
pub mod init;
pub mod inside;
pub mod keras_code;
pub mod loss;
pub mod matmul;
pub mod model;
pub mod number;
pub mod pass;
pub mod presets;
pub mod scale;
#[cfg(target_arch = "wasm32")]
pub mod simd;
pub mod trainer;
pub mod weights;

#[cfg(target_arch = "wasm32")]
#[path = "web/mod.rs"]
pub mod web;
