//! Kept runs: a lesson is a comparison (relu against tanh, 5 units against 50, SimpleRNN against
//! LSTM), so up to [`MAX_KEPT`] finished runs stay on the loss chart while the person changes
//! settings and trains anew, and a race trains them again side by side.

use super::url;
use crate::config::{Config, Field, Kind};
use crate::nn::pass::PIECE_MACS;
use crate::nn::trainer::{Step, Trainer};

/// At most this many runs are kept (one colour and dash each).
pub const MAX_KEPT: usize = 4;

/// A finished (or re-training) run: its settings and curves.
pub struct KeptRun {
    pub config: Config,
    pub history: Vec<f32>,
    pub val: Vec<f32>,
    /// Its colour and dash on the loss chart: kept while it is kept, whatever is removed.
    pub style: usize,
    /// Training again from the start (a race, or a comparison link being replayed).
    pub racer: Option<Trainer>,
    /// Why it stopped early, if it diverged.
    pub stopped: Option<String>,
}

impl KeptRun {
    pub fn new(config: Config, history: Vec<f32>, val: Vec<f32>, style: usize) -> KeptRun {
        KeptRun {
            config,
            history,
            val,
            style,
            racer: None,
            stopped: None,
        }
    }

    /// Starts it again from its first epoch: same seed, so the same curve, bit for bit.
    pub fn restart(&mut self) -> bool {
        match Trainer::deferred(&self.config) {
            Ok(mut t) => {
                t.reserve_epochs(self.config.epochs);
                self.history.clear();
                self.val.clear();
                self.stopped = None;
                self.racer = Some(t);
                true
            }
            Err(_) => false,
        }
    }

    pub fn racing(&self) -> bool {
        self.racer.is_some()
    }

    /// Trains one piece (about [`PIECE_MACS`] multiply-adds) if it may: `allowed` is how many
    /// epochs the race's pace allows by now. True if there is more to do.
    pub fn advance(&mut self, allowed: usize) -> bool {
        let Some(t) = &mut self.racer else {
            return false;
        };
        let goal = self.config.epochs.min(allowed);
        if t.epochs_done() >= goal {
            if t.epochs_done() >= self.config.epochs {
                self.racer = None;
            }
            return false;
        }
        match t.advance(PIECE_MACS) {
            Ok(Step::Epoch(loss)) => {
                self.history.push(loss);
                if let Some(&v) = t.val_history().last() {
                    self.val.push(v);
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.stopped = Some(e.to_string());
                self.racer = None;
                return false;
            }
        }
        true
    }

    /// Its name on the chart: what differs from `current`, e.g. "cell lstm · units 16".
    pub fn label(&self, current: &Config) -> String {
        let differences: Vec<String> = Field::ALL
            .iter()
            .filter(|&&f| self.config.get(f) != current.get(f))
            .map(|&f| {
                let s = f.setting();
                let value = self.config.get(f);
                match s.kind {
                    Kind::Sequence => "other data".to_string(),
                    Kind::Toggle => format!("{} {value}", s.key),
                    // As the menu shows it ("LSTM", "min-max"), without its explanation.
                    Kind::Choice(options) => {
                        let shown = options.iter().find(|(v, _)| *v == value).map_or(
                            value.as_str(),
                            |(_, label)| {
                                // (A char split: a string pattern links the substring searcher.)
                                label.split('(').next().unwrap_or(label).trim_end()
                            },
                        );
                        format!("{} {shown}", s.label)
                    }
                    _ => format!("{} {value}", s.label),
                }
            })
            .collect();
        if differences.is_empty() {
            "these settings".to_string()
        } else {
            crate::format::join(&differences, " · ")
        }
    }

    /// The run in a comparison link: the settings that differ from `current`, as a query.
    pub fn query(&self, current: &Config) -> String {
        let texts: Vec<(&str, String)> = Field::ALL
            .iter()
            .filter(|&&f| self.config.get(f) != current.get(f))
            .map(|&f| (f.key(), self.config.get(f)))
            .collect();
        url::build(texts.iter().map(|(k, v)| (*k, v.as_str())))
    }
}

/// A run from a comparison link: `current` with the link's differences, checked with the form's
/// own messages.
pub fn from_query(query: &str, current: &Config) -> Result<Config, String> {
    let mut config = current.clone();
    for (key, value) in url::parse(query) {
        let field = Field::ALL
            .into_iter()
            .find(|f| f.key() == key)
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not a setting",
                    key.chars().take(24).collect::<String>()
                )
            })?;
        config.set(field, &value).map_err(|e| e.message)?;
    }
    config.validate().map_err(|e| e.message)?;
    Ok(config)
}

/// The first style no kept run uses.
pub fn free_style(kept: &[KeptRun]) -> usize {
    (0..MAX_KEPT)
        .find(|s| kept.iter().all(|r| r.style != *s))
        .unwrap_or(0)
}
