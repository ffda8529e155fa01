//! "How is it going?": the model's loss beside the rules that need no training, where it stands
//! against them and against the kept runs, and the gradient flow with a sentence on what it shows.

use crate::config::Config;
use crate::format::short;
use crate::nn::activation::Activation;
use crate::nn::trainer::Trainer;
use crate::teach::diagnosis::{self, compared, times};

use super::compare::KeptRun;

/// The losses side by side: a header row, then a row for the training windows and one for the
/// held-out windows (when some are held out). `"–"` where there is no loss yet.
#[derive(Debug, Clone, PartialEq)]
pub struct LossTable {
    pub heads: Vec<&'static str>,
    pub rows: Vec<(&'static str, Vec<String>)>,
}

/// The table of the model's latest loss (training and held-out) beside each rule's.
pub fn loss_table(trainer: &Trainer, seq_len: usize) -> LossTable {
    let (train, val) = trainer.baselines();
    let mut heads = vec!["", "this model"];
    heads.extend(
        diagnosis::rules(&train, seq_len)
            .iter()
            .map(|(name, _)| rule_head(name)),
    );
    let row = |loss: Option<&f32>, b: &crate::data::baseline::Baselines| {
        let mut cells = vec![loss.map_or("–".to_string(), |l| short(*l as f64))];
        cells.extend(
            diagnosis::rules(b, seq_len)
                .iter()
                .map(|(_, v)| short(*v as f64)),
        );
        cells
    };
    let mut rows = vec![("training", row(trainer.history().last(), &train))];
    if let Some(val_b) = val {
        rows.push(("held out", row(trainer.val_history().last(), &val_b)));
    }
    LossTable { heads, rows }
}

/// A rule's short column heading.
fn rule_head(name: &str) -> &'static str {
    match name {
        "repeating the last value" => "repeat the last value",
        "continuing the straight line" => "continue the line",
        _ => "predict the mean",
    }
}

/// Where the latest loss stands: against the rules (on the held-out windows when some are held
/// out: that is the honest test), then against each kept run that trained on the same data.
pub fn standing(trainer: &Trainer, config: &Config, kept: &[KeptRun]) -> String {
    let Some(&loss) = trainer.history().last() else {
        return String::new();
    };
    let (train, val) = trainer.baselines();
    let mut out = match (trainer.val_history().last(), val) {
        (Some(&v), Some(b)) => format!(
            "On the held-out windows: {}",
            lower_first(&diagnosis::standing(v, &b, config.seq_len))
        ),
        _ => diagnosis::standing(loss, &train, config.seq_len),
    };
    // Held-out losses when this run and a kept one both have them (the honest test), else
    // training losses; only runs that forecast the same values, so the losses measure the same.
    let held_out = trainer.val_history().last().copied();
    let mut by_held_out = Vec::new();
    let mut by_training = Vec::new();
    for r in kept
        .iter()
        .filter(|r| !r.racing() && same_forecast(&r.config, config))
    {
        let name = r.label(config);
        match (held_out, r.val.last()) {
            (Some(v), Some(&other)) => by_held_out.push(format!("{} “{name}”", compared(v, other))),
            _ => {
                if let Some(&other) = r.history.last() {
                    by_training.push(format!("{} “{name}”", compared(loss, other)));
                }
            }
        }
    }
    if !by_held_out.is_empty() {
        out += &format!(
            " Against the kept runs, on the held-out windows this run ends at {}.",
            crate::format::join(&by_held_out, "; ")
        );
    }
    if !by_training.is_empty() {
        out += &format!(
            " Against the kept runs, in training loss this run ends at {}.",
            crate::format::join(&by_training, "; ")
        );
    }
    out
}

/// Whether two runs forecast the same values: the same data, or the same target series (same
/// name, same values) in two tables — "Sales alone" against "Sales and a leading indicator".
/// Each series is scaled on its own, so their losses are in the same units.
fn same_forecast(a: &Config, b: &Config) -> bool {
    if a.series == b.series {
        return true;
    }
    let (Ok(ta), Ok(tb)) = (a.target_columns(), b.target_columns()) else {
        return false;
    };
    let ([ja], [jb]) = (ta.as_slice(), tb.as_slice()) else {
        return false;
    };
    a.series.rows() == b.series.rows()
        && a.series.name(*ja) == b.series.name(*jb)
        && (0..a.series.rows()).all(|r| a.series.row(r)[*ja] == b.series.row(r)[*jb])
}

/// The sentence with its first letter small (ours all start with an ASCII letter; Unicode's case
/// tables would add kilobytes to the page).
fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// A short history of the gradient flow back through time, for its chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GradFlow {
    /// Each epoch's ‖∂ℓ/∂h_t‖ for every slot in turn, (slots, T).
    pub earlier: Vec<(usize, Vec<f32>)>,
    pub latest: Option<(usize, Vec<f32>)>,
    pub cells: Vec<f32>,
    /// T: each slot's steps.
    pub steps: usize,
}

/// What the gradient chart shows, before there is a run to say anything about.
pub const GRAD_EXPLAINED: &str = "How strongly each time step of the window is corrected, after \
    each epoch: the size of ∂loss/∂h_t, from the window's last step (left) back to its first \
    (right).";

/// How many earlier epochs the gradient chart keeps, faded behind the latest.
pub const GRAD_EPOCHS_KEPT: usize = 7;

/// What the sentence under the gradient chart needs to know about the run.
#[derive(Debug, Clone, Copy)]
pub struct RunFacts {
    pub activation: Activation,
    pub learning_rate: f32,
    /// The loss exploded (or training diverged) in this run.
    pub exploded: bool,
    /// Every relu unit is dead: it outputs 0 for every window.
    pub all_dead: bool,
}

impl RunFacts {
    pub fn of(config: &Config, exploded: bool) -> RunFacts {
        RunFacts {
            activation: config.activation,
            learning_rate: config.learning_rate,
            exploded,
            all_dead: false,
        }
    }
}

impl GradFlow {
    /// Takes the trainer's latest norms; keeps a copy of epochs 1, 2, 4, 8, ….
    pub fn record(&mut self, trainer: &Trainer) {
        let Some(g) = trainer.grad_norms() else {
            return;
        };
        if let Some((epoch, h)) = self.latest.take() {
            if epoch.is_power_of_two() {
                self.earlier.push((epoch, h));
                if self.earlier.len() > GRAD_EPOCHS_KEPT {
                    self.earlier.remove(0);
                }
            }
        }
        self.latest = Some((g.epoch, g.h.to_vec()));
        self.steps = g.steps;
        self.cells.clear();
        self.cells.extend_from_slice(g.c);
    }

    /// One sentence on what the chart shows: the error signal vanishing, exploding or steady as
    /// it travels back from the window's last step to its first. A signal that is zero or not a
    /// number is said for what it is (dead units, an explosion), with the fix that fits.
    pub fn sentence(&self, run: &RunFacts) -> String {
        let Some((_, h)) = &self.latest else {
            return String::new();
        };
        // The bottom layer's (its forward direction's): the signal that reaches the inputs.
        let slot0 = if self.steps == 0 {
            h.len()
        } else {
            self.steps.min(h.len())
        };
        let h = &h[..slot0];
        let (Some(&first), Some(&last)) = (h.first(), h.last()) else {
            return String::new();
        };
        let steps = h.len();
        let big_rate = run.learning_rate > 0.01;
        if h.iter().any(|v| !v.is_finite()) {
            return format!(
                "The run exploded: the error signal is too large to measure. Reset, and try a \
                 learning rate of {} or less.",
                short((run.learning_rate as f64 / 100.0).max(1e-4))
            );
        }
        if h.iter().all(|&v| v == 0.0) || (first == 0.0 && run.all_dead) {
            let dead = if run.all_dead || run.activation == Activation::Relu {
                "every relu unit is dead (it outputs 0 for every window), so the error signal \
                 stops at the Dense layer and the recurrent layer cannot learn"
            } else {
                "no error signal reaches the recurrent layer, so it stops learning"
            };
            let fix = if run.exploded || big_rate {
                format!(
                    "The big steps of learning rate {} did that: Reset and try {}.",
                    short(run.learning_rate as f64),
                    short(run.learning_rate as f64 / 100.0)
                )
            } else if run.activation == Activation::Relu {
                "Reset with another seed, give it more units, or use tanh, which cannot die."
                    .to_string()
            } else {
                "Reset with another seed, or give it more units.".to_string()
            };
            return format!("No signal gets through: {dead}. {fix}");
        }
        if steps < 2 {
            return "With seq_len 1 there is only one step: nothing to travel back through.".into();
        }
        if first == 0.0 {
            let why = if run.activation == Activation::Relu {
                " (relu units that are off pass nothing back)"
            } else {
                ""
            };
            return format!(
                "Gone: the error signal dies out completely on its way back over the {steps} \
                 steps{why}, so the earliest values in the window cannot move the weights."
            );
        }
        if last == 0.0 {
            return "The last step gets no error signal (its units are off), yet earlier steps do: \
                    the signal reaches them through later steps' gates."
                .into();
        }
        let ratio = first as f64 / last as f64;
        let mut out = if ratio < 0.1 {
            format!(
                "Vanishing: going back from the last of the {steps} steps to the first, the error \
                 signal shrinks about {}, so the earliest values in the window barely move the \
                 weights.",
                times(1.0 / ratio)
            )
        } else if ratio > 10.0 {
            format!(
                "Exploding: going back over the {steps} steps the error signal grows about {}, \
                 so the earliest values get huge updates; training can become unstable.",
                times(ratio)
            )
        } else {
            format!(
                "Steady: the error signal keeps roughly its size going back over the {steps} \
                 steps, so the whole window gets to teach the model."
            )
        };
        if run.exploded {
            out += " (The loss exploded in this run: these sizes are after the blow-up.)";
        }
        out
    }
}
