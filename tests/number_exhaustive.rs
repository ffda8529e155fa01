//! Every f32, written by `number::Num` and by Rust: run once after changing `src/number.rs`,
//! `cargo test --release --test number_exhaustive -- --ignored` (about 25 minutes on 2 cores;
//! `STEP=64` checks every 64th float instead, in half a minute).

use rnn_playground::format::{parse_f32, Num};

#[test]
#[ignore = "4 billion floats: run by hand after changing src/number.rs"]
fn every_f32_is_written_as_rust_writes_it_and_reads_back() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let step: u64 = std::env::var("STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let span = (1u64 << 31) / threads;
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::spawn(move || {
                let mut bad = Vec::new();
                // Positive floats only: a negative one is "-" and the same digits.
                for bits in (t * span..((t + 1) * span).min(0x7f80_0000)).step_by(step as usize) {
                    let v = f32::from_bits(bits as u32);
                    let (ours, rust) = (Num(v).to_string(), format!("{v}"));
                    let (ours_e, rust_e) = (format!("{:#}", Num(v)), format!("{v:e}"));
                    if ours != rust || ours_e != rust_e || parse_f32(&ours) != Some(v) {
                        bad.push(format!(
                            "{bits:#010x}: {ours} / {ours_e} vs {rust} / {rust_e}"
                        ));
                    }
                }
                bad
            })
        })
        .collect();
    let bad: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(
        bad.is_empty(),
        "{} differ, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}
