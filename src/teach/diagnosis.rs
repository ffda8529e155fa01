//! What went wrong in a run, said plainly: a loss that explodes, a model that ends worse than the
//! naive "repeat the last value" forecast, or a fit that is a flat line. Watching a bad setting
//! fail is a lesson in itself, so the page names the failure, its likely cause and what to try.
//!
//! The rules (each tested with a setting that triggers it and one that must not):
//! - **exploding**, at any time: the loss has risen to at least [`EXPLODED`] times the first
//!   epoch's, or the latest is at least [`STILL_HIGH`] times it;
//! - **flat**, once training has reached its target: the model's one-step-ahead predictions vary
//!   less than [`FLAT`] times as much as the values they predict (standard deviations);
//! - **worse than repeating**, once training has reached its target: the last loss is above
//!   [`WORSE`] times the loss of "every future value equals the last one seen". Trailing the
//!   straight-line baseline is not a failure: on data that is a straight line (the notebook's),
//!   that baseline is exact and no network matches it.

use crate::config::Config;
use crate::data::baseline::Baselines;
use crate::data::scale::Scaling;
use crate::format::short;
use crate::nn::activation::Activation;
use crate::nn::trainer::Trainer;

/// A peak this many times the first epoch's loss is an explosion.
pub const EXPLODED: f32 = 100.0;
/// A latest loss this many times the first epoch's is one too.
pub const STILL_HIGH: f32 = 10.0;
/// Predictions whose spread is below this share of the targets' spread are a flat line.
pub const FLAT: f64 = 0.1;
/// A final loss above this many times the repeat-last baseline is a failure worth naming.
pub const WORSE: f32 = 1.2;

/// One thing that went wrong, with the numbers that show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Exploding { first: f32, peak: f32 },
    Flat { spread: f64, target_spread: f64 },
    WorseThanRepeating { loss: f32, baseline: f32 },
}

/// What the run has shown so far. `fit[i]` predicts `targets[i]` (NaN where not seen yet);
/// `repeat_last` is the baseline's loss in the loss's units; `finished` is true once training
/// reached its epoch target (judging the fit earlier would only report an unfinished run).
pub struct Run<'a> {
    pub history: &'a [f32],
    pub fit: &'a [f32],
    pub targets: &'a [f32],
    pub repeat_last: f32,
    pub finished: bool,
}

/// Everything that went wrong, most important first.
pub fn diagnose(run: &Run) -> Vec<Finding> {
    let mut found = Vec::new();
    let Some(&first) = run.history.first() else {
        return found;
    };
    let peak = run.history.iter().copied().fold(first, f32::max);
    let last = *run.history.last().unwrap_or(&first);
    if first > 0.0 && (peak >= EXPLODED * first || last >= STILL_HIGH * first) {
        found.push(Finding::Exploding { first, peak });
    }
    if !run.finished {
        return found;
    }
    let (spread, target_spread) = spreads(run.fit, run.targets);
    if target_spread > 0.0 && spread < FLAT * target_spread {
        found.push(Finding::Flat {
            spread,
            target_spread,
        });
    }
    if run.repeat_last > 0.0 && last > WORSE * run.repeat_last {
        found.push(Finding::WorseThanRepeating {
            loss: last,
            baseline: run.repeat_last,
        });
    }
    found
}

/// [`diagnose`] for a trainer and the settings it was built from.
pub fn diagnose_trainer(trainer: &Trainer, config: &Config, finished: bool) -> Vec<Finding> {
    let fit = trainer.fitted_first(); // (N, K)
    let (t, f) = (config.seq_len, config.series.features());
    // Each window's first target row, (N, K), to set against the fit.
    let mut targets = Vec::with_capacity(fit.len());
    'rows: for row in config.series.values.chunks_exact(f).skip(t) {
        for &c in trainer.target_columns() {
            if targets.len() == fit.len() {
                break 'rows;
            }
            targets.push(row[c]);
        }
    }
    diagnose(&Run {
        history: trainer.history(),
        fit: &fit,
        targets: &targets,
        repeat_last: trainer.baselines().0.repeat_last,
        finished,
    })
}

/// Standard deviations of the predictions and of their targets, over the windows predicted.
fn spreads(fit: &[f32], targets: &[f32]) -> (f64, f64) {
    let pairs = || {
        fit.iter()
            .zip(targets)
            .filter(|(p, _)| p.is_finite())
            .map(|(&p, &y)| (p as f64, y as f64))
    };
    let n = pairs().count() as f64;
    if n < 2.0 {
        return (0.0, 0.0);
    }
    let (mp, my) = pairs().fold((0.0, 0.0), |(a, b), (p, y)| (a + p / n, b + y / n));
    let (vp, vy) = pairs().fold((0.0, 0.0), |(a, b), (p, y)| {
        (a + (p - mp).powi(2) / n, b + (y - my).powi(2) / n)
    });
    (vp.sqrt(), vy.sqrt())
}

/// The rules that need no training, by name, with their losses: the straight line only when a
/// window has two values to draw it through.
pub fn rules(b: &Baselines, seq_len: usize) -> Vec<(&'static str, f32)> {
    let mut rules = vec![("repeating the last value", b.repeat_last)];
    if seq_len >= 2 {
        rules.push(("continuing the straight line", b.straight_line));
    }
    rules.push(("predicting the mean", b.mean));
    rules
}

/// A loss this much below the best rule's is better than it; up to [`WORSE`] times it, about as
/// good.
pub const CLEARLY_BETTER: f32 = 1.5;

/// Where a loss stands against the rules that need no training, in one or two sentences: better
/// than all of them, about as good as the best, or worse. A rule that is exact on this data (loss
/// 0: the straight line on the notebook) is left out of the comparison and said to be exact.
pub fn standing(loss: f32, b: &Baselines, seq_len: usize) -> String {
    if !loss.is_finite() {
        return "The loss is not a finite number: the run exploded.".into();
    }
    let all = rules(b, seq_len);
    let exact: Vec<&str> = all.iter().filter(|r| r.1 <= 0.0).map(|r| r.0).collect();
    let best = all
        .iter()
        .filter(|r| r.1 > 0.0)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = match best {
        None => String::new(),
        Some(&(name, best)) => {
            let r = loss as f64 / best as f64;
            let below = times(1.0 / r.max(f64::MIN_POSITIVE));
            if loss * CLEARLY_BETTER < best {
                // An exact rule is the one the model cannot beat: "every rule" would be untrue.
                match all.len() - exact.len() {
                    _ if exact.is_empty() => format!(
                        "Better than every rule that needs no training: {below} below {name}, \
                         the best of them."
                    ),
                    1 => format!("Better than {name}: {below} below it."),
                    _ => format!(
                        "Better than the other rules that need no training: {below} below \
                         {name}, the best of them."
                    ),
                }
            } else if loss <= WORSE * best && name == "predicting the mean" {
                format!(
                    "About as good as {name} ({} its loss): the model has learned almost nothing \
                     about the ups and downs.",
                    times(r)
                )
            } else if loss <= WORSE * best {
                format!(
                    "About as good as {name} ({} its loss): the model has learned little more \
                     than that rule.",
                    times(r)
                )
            } else {
                format!("Worse than {name}: {} its loss.", times(r))
            }
        }
    };
    if let Some(name) = exact.first() {
        if !out.is_empty() {
            out.push(' ');
        }
        out += &format!(
            "{}{} is exact on this data (loss 0): no network matches a rule that fits perfectly.",
            name[..1].to_ascii_uppercase(),
            &name[1..]
        );
    }
    out
}

/// "40× the loss of" or "25× below": how `loss` compares with `other`'s.
pub fn compared(loss: f32, other: f32) -> String {
    let r = loss as f64 / other as f64;
    if !r.is_finite() || r <= 0.0 {
        return "not comparable with".into();
    }
    if r >= 1.0 {
        format!("{} the loss of", times(r))
    } else {
        format!("{} below", times(1.0 / r))
    }
}

/// "5,000×", "37×", "1.7×": how many times larger.
pub fn times(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{}×", short(ratio.round()))
    } else {
        format!("{}×", crate::format::fixed(ratio, 1))
    }
}

impl Finding {
    /// One short sentence for the status line.
    pub fn headline(&self) -> String {
        match self {
            Finding::Exploding { first, peak } => format!(
                "The loss exploded: it rose to {} its starting value.",
                times(*peak as f64 / *first as f64)
            ),
            Finding::Flat { .. } => {
                "The model learned a flat line: its predictions barely change.".to_string()
            }
            Finding::WorseThanRepeating { loss, baseline } => format!(
                "Training ended {} worse than simply repeating the last value.",
                times(*loss as f64 / *baseline as f64)
            ),
        }
    }

    /// The likely cause and what to try, for these settings.
    pub fn advice(&self, config: &Config) -> String {
        let largest = config
            .series
            .values
            .iter()
            .fold(0.0f32, |a, v| a.max(v.abs()));
        let raw_and_large = config.scaling == Scaling::None && largest > 10.0;
        let lr = config.learning_rate;
        match self {
            Finding::Exploding { .. } => {
                let smaller = if lr > 0.002 { lr / 100.0 } else { lr / 10.0 };
                let mut s = format!(
                    "The learning rate ({}) makes the steps so big that each one overshoots. \
                     Try a smaller one, such as {}",
                    short(lr as f64),
                    short(smaller as f64)
                );
                if raw_and_large {
                    s += ", and turn on scaling: with values as large as these, the gradients \
                          are huge too";
                }
                s + "."
            }
            Finding::Flat { .. } => match config.activation {
                Activation::Tanh | Activation::Sigmoid if raw_and_large => format!(
                    "{} only outputs values between {}, so on values as large as these its units \
                     saturate and stop learning. Turn on scaling (standardize).",
                    config.activation,
                    if config.activation == Activation::Tanh {
                        "−1 and 1"
                    } else {
                        "0 and 1"
                    }
                ),
                _ if raw_and_large => "Turn on scaling: raw values this large are hard to learn. \
                     A smaller learning rate can help too."
                    .to_string(),
                Activation::Relu => "Many relu units may have died (see Inside the RNN): try \
                     another seed, more units, or a smaller learning rate."
                    .to_string(),
                _ => "Try more epochs, more units, or another learning rate.".to_string(),
            },
            Finding::WorseThanRepeating { .. } => {
                if raw_and_large {
                    "Turn on scaling: with raw values this large, training is slow and unstable."
                        .to_string()
                } else if lr >= 0.05 {
                    format!(
                        "The learning rate ({}) may be too large: try {}.",
                        short(lr as f64),
                        short(lr as f64 / 10.0)
                    )
                } else {
                    "Train for more epochs, or give the model more units.".to_string()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<'a>(history: &'a [f32], fit: &'a [f32], targets: &'a [f32], finished: bool) -> Run<'a> {
        Run {
            history,
            fit,
            targets,
            repeat_last: 10.0,
            finished,
        }
    }

    #[test]
    fn a_spike_is_an_explosion_even_if_the_loss_comes_back_down() {
        let t = [1.0, 2.0, 3.0];
        let found = diagnose(&run(&[5.0, 600.0, 4.0], &t, &t, false));
        assert_eq!(
            found,
            [Finding::Exploding {
                first: 5.0,
                peak: 600.0
            }]
        );
        assert!(
            found[0].headline().contains("120×"),
            "{}",
            found[0].headline()
        );
        // A loss that wobbles up a little is not.
        assert!(diagnose(&run(&[5.0, 9.0, 4.0], &t, &t, false)).is_empty());
    }

    #[test]
    fn a_rule_that_is_exact_is_never_called_beaten() {
        let b = |straight_line| Baselines {
            repeat_last: 250.0,
            straight_line,
            mean: 450.0,
        };
        // The notebook: the straight line is exact, the model beats the other two.
        let s = standing(33.15, &b(0.0), 3);
        assert!(
            s.starts_with("Better than the other rules that need no training: 7.5× below repeating the last value, the best of them.")
                && s.contains("Continuing the straight line is exact on this data"),
            "{s}"
        );
        assert!(!s.contains("every rule"), "{s}");
        // Without an exact rule, every rule.
        let s = standing(33.15, &b(100.0), 3);
        assert!(s.starts_with("Better than every rule that needs no training: 3× below continuing the straight line"), "{s}");
    }

    #[test]
    fn flat_and_worse_are_judged_only_at_the_end() {
        let targets = [1.0, 5.0, 9.0, 2.0];
        let flat = [4.0, 4.01, 3.99, 4.0];
        assert!(diagnose(&run(&[50.0, 30.0], &flat, &targets, false)).is_empty());
        let found = diagnose(&run(&[50.0, 30.0], &flat, &targets, true));
        assert!(matches!(found[0], Finding::Flat { .. }), "{found:?}");
        assert!(matches!(found[1], Finding::WorseThanRepeating { .. }));
        assert!(
            found[1].headline().contains("ended 3× worse"),
            "{}",
            found[1].headline()
        );
        // A fit that follows the targets, ending below the baseline: nothing to say.
        let good = [1.1, 4.8, 8.7, 2.2];
        assert!(diagnose(&run(&[50.0, 3.0], &good, &targets, true)).is_empty());
        // Windows not yet seen (NaN) don't count.
        let partial = [f32::NAN, 4.8, 8.7, f32::NAN];
        assert!(diagnose(&run(&[50.0, 3.0], &partial, &targets, true)).is_empty());
    }
}
