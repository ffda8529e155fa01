//! RNN Playground: Keras's SimpleRNN, LSTM or GRU → Dense, trained with Keras's Adam, in plain Rust.
//!
//! The folders are the layers, each using only those listed before it:
//!
//! - [`format`]: numbers as the page writes and reads them;
//! - [`nn`]: the network's math (cells, model, pass, Adam, training);
//! - [`data`]: text → numbers, windows, scaling, baselines, the lessons;
//! - [`config`]: every setting, declared once (`SETTINGS`);
//! - [`teach`]: what the page explains (diagnosis, equations, inside the cell, the Keras program);
//! - [`io`]: weights and CSV files;
//! - [`chart`]: the charts, on any plotters backend;
//! - [`app`]: the page's logic as plain Rust (one `State`, `Msg`s, `update`), in rooms by panel;
//! - `web` (wasm32 only): the DOM, the frame loop and the JS API.
//!
//! Dimension letters used in shape comments throughout:
//! `N` windows, `B` batch rows, `T` time steps (seq_len), `F` features (1), `H` units, `S` outputs
//! (n_steps), `G` gates of a recurrent cell (SimpleRNN 1, LSTM 4, GRU 3).

pub mod app;
pub mod chart;
pub mod config;
pub mod data;
pub mod format;
pub mod io;
pub mod nn;
pub mod teach;

#[cfg(target_arch = "wasm32")]
#[path = "web/mod.rs"]
pub mod web;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
