//! Time per training epoch: `cargo bench --bench epochs`.
//!
//! (A) the notebook: 9 values, seq_len 3, n_steps 2, 50 relu units, batch 32 (one batch of 5).
//! (B) 400 points of 50 + 40·sin(i/8), seq_len 20, n_steps 5, 64 relu units, batch 32, shuffled;
//! SimpleRNN, and (B) again with each cell.
//! `record_*`: (A) and (B), SimpleRNN and LSTM, with the gradient flow's record on and off (the
//! alternating measurement in `benches/grad_record.rs` is the one to trust on a noisy machine).

#![allow(clippy::field_reassign_with_default)]

use rnn_playground::config::Config;
use rnn_playground::data::Series;
use rnn_playground::nn::cell::Cell;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::trainer::Trainer;

fn main() {
    divan::main();
}

fn notebook() -> Config {
    Config::default()
}

fn sine() -> Config {
    let mut c = Config::default();
    c.series = Series::plain(
        (0..400)
            .map(|i| 50.0 + 40.0 * (i as f32 / 8.0).sin())
            .collect(),
    );
    c.seq_len = 20;
    c.n_steps = 5;
    c.units = Layers::one(64);
    c
}

/// One epoch, each sample from the same trained-for-two-epochs state: an epoch's cost depends on
/// where training is (relu's zeros, which the products skip; tiny gradients late in a run, whose
/// subnormal floats are slow), so every sample starts from the same weights.
fn bench_epoch(bencher: divan::Bencher, config: Config) {
    let mut t = Trainer::new(&config).unwrap();
    t.reserve_epochs(1 << 20);
    t.train_epochs(2).unwrap();
    bencher
        .with_inputs(|| t.clone())
        .bench_local_values(|mut t| t.train_epochs(1).unwrap());
}

#[divan::bench]
fn a_notebook_epoch(bencher: divan::Bencher) {
    bench_epoch(bencher, notebook());
}

#[divan::bench]
fn b_sine_epoch(bencher: divan::Bencher) {
    bench_epoch(bencher, sine());
}

#[divan::bench]
fn b_sine_epoch_lstm(bencher: divan::Bencher) {
    let mut c = sine();
    c.cell = Cell::Lstm;
    bench_epoch(bencher, c);
}

#[divan::bench]
fn b_sine_epoch_gru(bencher: divan::Bencher) {
    let mut c = sine();
    c.cell = Cell::Gru;
    bench_epoch(bencher, c);
}

/// How an epoch grows with units (seq_len 20, 376 windows, batch 32).
#[divan::bench(args = [16, 64, 128, 256, 512])]
fn units(bencher: divan::Bencher, units: usize) {
    let mut c = sine();
    c.units = Layers::one(units);
    bench_epoch(bencher, c);
}

/// How an epoch grows with seq_len (400 points, 64 units, batch 32).
#[divan::bench(args = [3, 20, 50, 200])]
fn seq_len(bencher: divan::Bencher, seq_len: usize) {
    let mut c = sine();
    c.seq_len = seq_len;
    bench_epoch(bencher, c);
}

/// How an epoch grows with the number of windows (seq_len 20, 64 units, batch 32).
#[divan::bench(args = [5, 100, 1000, 10_000])]
fn windows(bencher: divan::Bencher, windows: usize) {
    let mut c = sine();
    c.series = Series::plain(
        (0..windows + 24)
            .map(|i| 50.0 + 40.0 * (i as f32 / 8.0).sin())
            .collect(),
    );
    bench_epoch(bencher, c);
}

fn bench_record(bencher: divan::Bencher, config: Config, on: bool) {
    let mut t = Trainer::new(&config).unwrap();
    t.set_record_grads(on);
    t.reserve_epochs(1 << 20);
    bencher.bench_local(|| t.train_epochs(1).unwrap());
}

/// (A) with the gradient flow recorded (true) or not.
#[divan::bench(args = [false, true])]
fn record_a_notebook(bencher: divan::Bencher, on: bool) {
    bench_record(bencher, notebook(), on);
}

#[divan::bench(args = [false, true])]
fn record_a_notebook_lstm(bencher: divan::Bencher, on: bool) {
    let mut c = notebook();
    c.cell = Cell::Lstm;
    bench_record(bencher, c, on);
}

#[divan::bench(args = [false, true])]
fn record_b_sine(bencher: divan::Bencher, on: bool) {
    bench_record(bencher, sine(), on);
}

#[divan::bench(args = [false, true])]
fn record_b_sine_lstm(bencher: divan::Bencher, on: bool) {
    let mut c = sine();
    c.cell = Cell::Lstm;
    bench_record(bencher, c, on);
}

/// A stack costs about the sum of its layers, and both directions about twice one: LSTM on (B),
/// `units` as the form takes it, "both" for bidirectional.
#[divan::bench(args = ["32", "16", "32,16", "32 both", "32,16 both", "16 both", "32,16 tanh", "32,16 both tanh", "32 both tanh", "32 tanh", "16 tanh"])]
fn lstm_stacks(bencher: divan::Bencher, shape: &str) {
    let mut c = sine();
    c.cell = Cell::Lstm;
    let mut words = shape.split(' ');
    c.set(rnn_playground::config::Field::Units, words.next().unwrap())
        .unwrap();
    for w in words {
        match w {
            "both" => c.bidirectional = true,
            "tanh" => c.activation = rnn_playground::nn::activation::Activation::Tanh,
            _ => unreachable!("{w}"),
        }
    }
    bench_epoch(bencher, c);
}

/// (B) with tanh for every cell: no exact zeros for the products to skip, so the cells' times
/// compare as their work does (SimpleRNN's relu leaves about half of h at 0, and the products skip
/// those rows).
#[divan::bench(args = ["simple_rnn", "lstm", "gru"])]
fn b_sine_epoch_tanh(bencher: divan::Bencher, cell: &str) {
    let mut c = sine();
    c.cell = Cell::parse(cell).unwrap();
    c.activation = rnn_playground::nn::activation::Activation::Tanh;
    bench_epoch(bencher, c);
}
