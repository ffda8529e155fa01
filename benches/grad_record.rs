//! What recording the gradient flow costs an epoch: `cargo bench --bench grad_record`.
//!
//! Two trainers of the same config, one recording and one not, train the same bits; they take
//! turns (which goes first alternates) in blocks of a few milliseconds, so drift and noise on a
//! busy machine hit both alike. Prints, per config, the median time per epoch of each and the
//! median over rounds of (on − off)/off.
//!
//! `cargo bench --bench grad_record -- count CONFIG on|off EPOCHS` instead trains one trainer for
//! EPOCHS epochs and exits: run under `valgrind --tool=cachegrind` for instruction counts.
//! CONFIG is one of a, a-lstm, b, b-lstm.

#![allow(clippy::field_reassign_with_default)]

use rnn_playground::config::Config;
use rnn_playground::data::Series;
use rnn_playground::nn::cell::Cell;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::trainer::Trainer;
use std::time::Instant;

/// (A) the notebook and (B) the 400-point sine (as in benches/epochs.rs), SimpleRNN and LSTM;
/// epochs per block, rounds.
fn configs() -> Vec<(&'static str, Config, usize, usize)> {
    let notebook = Config::default();
    let mut sine = Config::default();
    sine.series = Series::plain(
        (0..400)
            .map(|i| 50.0 + 40.0 * (i as f32 / 8.0).sin())
            .collect(),
    );
    sine.seq_len = 20;
    sine.n_steps = 5;
    sine.units = Layers::one(64);
    let lstm = |c: &Config| Config {
        cell: Cell::Lstm,
        ..c.clone()
    };
    vec![
        ("a", notebook.clone(), 400, 300),
        ("a-lstm", lstm(&notebook), 200, 300),
        ("b", sine.clone(), 2, 150),
        ("b-lstm", lstm(&sine), 1, 100),
    ]
}

fn trainer(config: &Config, on: bool) -> Trainer {
    let mut t = Trainer::new(config).unwrap();
    t.set_record_grads(on);
    t.reserve_epochs(1 << 22);
    t
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "count") {
        let (name, on, epochs) = (&args[at + 1], &args[at + 2] == "on", &args[at + 3]);
        let (_, config, ..) = configs().into_iter().find(|c| c.0 == name).unwrap();
        let mut t = trainer(&config, on);
        t.train_epochs(epochs.parse().unwrap()).unwrap();
        std::hint::black_box(t.grad_norms().map(|g| g.h[0]));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench` asks benches for their list
    }
    // `cargo bench` passes --bench; `cargo test --benches` doesn't, and gets one quick round.
    let smoke = !args.iter().any(|a| a == "--bench");
    println!("config    off ms/epoch   on ms/epoch   cost of recording (median of rounds)");
    for (name, config, block, rounds) in configs() {
        let (block, rounds) = if smoke { (1, 1) } else { (block, rounds) };
        let mut pair = [trainer(&config, false), trainer(&config, true)];
        for t in &mut pair {
            t.train_epochs(block * 5).unwrap(); // warm up
        }
        let (mut times, mut ratios) = ([vec![], vec![]], vec![]);
        for round in 0..rounds {
            let mut took = [0.0; 2];
            for k in [round % 2, 1 - round % 2] {
                let start = Instant::now();
                pair[k].train_epochs(block).unwrap();
                took[k] = start.elapsed().as_secs_f64() * 1e3 / block as f64;
            }
            times[0].push(took[0]);
            times[1].push(took[1]);
            ratios.push(took[1] / took[0] - 1.0);
        }
        assert_eq!(pair[0].model().params, pair[1].model().params);
        let [off, on] = &mut times;
        println!(
            "{name:<8} {:>12.4} {:>13.4}   {:+.2}%",
            median(off),
            median(on),
            100.0 * median(&mut ratios)
        );
    }
}
