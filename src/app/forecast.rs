//! The forecast: the window to continue (the sequence's last values until the person types
//! their own), the forecast from it, and the roll-forward — always the current model's.

use crate::config::Config;
use crate::data::parse_sequence;
use crate::format::{group, join, Num};
use crate::nn::trainer::{Trainer, ROLL_NEEDS_ALL};

/// The roll-forward's longest horizon.
pub const MAX_HORIZON: usize = 1000;
/// A roll-forward of at most this many multiply-adds is redone as the model trains; a longer
/// one is dropped with a note, so following it never costs a frame.
const ROLL_FOLLOW_MACS: usize = 1 << 22;

pub struct Forecast {
    /// The window to continue, as typed.
    pub text: String,
    /// The field was filled in by the page (the sequence's last values), not typed.
    prefilled: bool,
    pub error: String,
    /// The forecast on show (empty: none).
    pub values: Vec<f32>,
    /// The person asked for a forecast: it follows the model from then on.
    pub on: bool,
    /// What the forecast says about the model it came from ("untrained").
    pub note: String,
    pub horizon_text: String,
    pub horizon_error: String,
    pub rolled: Vec<f32>,
    /// Why the roll-forward was dropped, if it was.
    pub roll_note: String,
}

impl Default for Forecast {
    fn default() -> Forecast {
        Forecast {
            text: String::new(),
            prefilled: true,
            error: String::new(),
            values: Vec::new(),
            on: false,
            note: String::new(),
            horizon_text: "20".to_string(),
            horizon_error: String::new(),
            rolled: Vec::new(),
            roll_note: String::new(),
        }
    }
}

impl Forecast {
    /// A new model: what was shown belonged to the old one.
    pub fn model_replaced(&mut self, config: &Config) {
        self.values.clear();
        self.rolled.clear();
        self.on = false;
        self.note.clear();
        self.roll_note.clear();
        self.prefill(config);
    }

    /// Puts the data's last seq_len rows in the field, unless the person typed there: values
    /// joined by commas, and for a table its rows by semicolons ("12.1, 200; 12.3, 201").
    pub fn prefill(&mut self, config: &Config) {
        let (t, f) = (config.seq_len, config.series.features());
        if !self.prefilled {
            // Their own text stays, but may no longer have seq_len rows: say so.
            let _ = self.check(t, f);
            return;
        }
        let values = &config.series.values;
        let tail = &values[values.len().saturating_sub(t * f)..];
        let rows: Vec<String> = tail
            .chunks(f)
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|&v| Num(v).to_string()).collect();
                join(&cells, ", ")
            })
            .collect();
        self.text = join(&rows, if f == 1 { ", " } else { "; " });
        self.error.clear();
    }

    /// The field's new text, checked as typed: a message, never a rewrite of the text.
    pub fn input(&mut self, text: String, config: &Config) {
        self.text = text;
        self.prefilled = false;
        let _ = self.check(config.seq_len, config.series.features());
    }

    /// The window in the field (seq_len rows of `f` values, row by row), or why it can't be read.
    fn check(&mut self, t: usize, f: usize) -> Result<Vec<f32>, String> {
        let result = parse_sequence(&self.text)
            .map_err(|e| e.to_string())
            .and_then(|w| {
                if w.len() == t * f {
                    Ok(w)
                } else if f == 1 {
                    Err(format!(
                        "A forecast needs exactly seq_len = {t} values; this has {}.",
                        w.len()
                    ))
                } else {
                    Err(format!(
                        "A forecast needs seq_len = {t} rows of {f} values, {} numbers in all \
                         (a row's values in the table's column order); this has {}.",
                        t * f,
                        w.len()
                    ))
                }
            });
        self.error = result.as_ref().err().cloned().unwrap_or_default();
        result
    }

    /// Forecast pressed: shown from now on, following the model.
    pub fn ask(&mut self, trainer: &mut Trainer, trained: bool) {
        self.on = true;
        self.refresh(trainer, trained);
    }

    /// The forecast from the field's window with the model as it is now (empty, with the
    /// field's message, if the window can't be read), and a word if the model is untrained.
    fn refresh(&mut self, trainer: &mut Trainer, trained: bool) {
        trainer.prepare(usize::MAX);
        let dims = trainer.model().dims;
        let result = self
            .check(dims.seq_len, dims.features)
            .and_then(|w| trainer.forecast(&w));
        self.values = result.unwrap_or_default();
        self.note = if self.values.is_empty() || trained {
            String::new()
        } else {
            "From the untrained model: its weights are still random, so this is a guess. Train \
             first."
                .into()
        };
    }

    /// After training (or new weights): the forecast on show, and a short roll-forward, redone
    /// with the model as it is now; a long roll-forward is dropped, with a note.
    pub fn follow(&mut self, trainer: &mut Trainer, trained: bool) {
        if self.on {
            self.refresh(trainer, trained);
        }
        if self.rolled.is_empty() {
            return;
        }
        let dims = trainer.model().dims;
        let passes = self.rolled.len().div_ceil(dims.outputs());
        let cost = passes * dims.seq_len * dims.forward_cost();
        if cost <= ROLL_FOLLOW_MACS {
            self.roll(trainer);
        } else {
            self.rolled.clear();
            self.roll_note =
                "The model has trained since: press Roll forward again for its new roll.".into();
        }
    }

    /// The horizon field's new text, checked as typed.
    pub fn horizon_input(&mut self, text: String) {
        self.horizon_text = text;
        let _ = self.horizon();
    }

    /// The roll-forward horizon, checked as typed.
    fn horizon(&mut self) -> Result<usize, String> {
        let result = match self.horizon_text.trim().parse::<usize>() {
            Ok(h) if (1..=MAX_HORIZON).contains(&h) => Ok(h),
            _ => Err(format!(
                "Roll forward between 1 and {} steps.",
                group(MAX_HORIZON)
            )),
        };
        self.horizon_error = result.as_ref().err().cloned().unwrap_or_default();
        result
    }

    /// Rolls the model forward from the field's window on its own predictions.
    pub fn roll(&mut self, trainer: &mut Trainer) {
        trainer.prepare(usize::MAX);
        let dims = trainer.model().dims;
        let result = self.horizon().and_then(|h| {
            self.check(dims.seq_len, dims.features)
                .and_then(|w| trainer.roll(&w, h))
        });
        self.rolled = result.unwrap_or_default();
        // Why not, when it can't (a table forecasting only some of its series): said, not hidden.
        self.roll_note = if trainer.rolls() {
            String::new()
        } else {
            ROLL_NEEDS_ALL.into()
        };
    }

    pub fn clear_roll(&mut self) {
        self.rolled.clear();
    }
}

impl super::State {
    /// The forecast as the page writes it: its numbers; for several series forecast, each
    /// series' by name ("lead 10.1, 10.2 · sales 208.3, 207.8").
    pub fn forecast_text(&self) -> String {
        self.by_series(&self.forecast.values, self.run.trainer.target_columns())
    }

    /// The roll-forward, likewise (its rows hold every series).
    pub fn rolled_text(&self) -> String {
        let all: Vec<usize> = (0..self.settings.config.series.features()).collect();
        self.by_series(&self.forecast.rolled, &all)
    }

    fn by_series(&self, values: &[f32], columns: &[usize]) -> String {
        let k = columns.len();
        if k <= 1 || values.is_empty() {
            return crate::format::join_short(values);
        }
        let series = &self.settings.config.series;
        let parts: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let own: Vec<f32> = values.iter().skip(i).step_by(k).copied().collect();
                format!("{} {}", series.name(c), crate::format::join_short(&own))
            })
            .collect();
        join(&parts, " · ")
    }

    /// The data chart's panels for a table: a panel per series, the targets' first (in the
    /// forecast's order), each target's with its own fit, forecast and roll-forward.
    pub fn data_panels(&self) -> Vec<crate::chart::data::Panel<'_>> {
        let series = &self.settings.config.series;
        let trainer = &self.run.trainer;
        let targets = trainer.target_columns();
        let k = targets.len().max(1);
        let f = series.features();
        let fit = self.one_step_fit(); // (N, K)
        let every = |values: &[f32], at: usize, stride: usize| -> Vec<f32> {
            values.iter().skip(at).step_by(stride).copied().collect()
        };
        let order = targets
            .iter()
            .copied()
            .chain((0..f).filter(|j| !targets.contains(j)));
        order
            .map(|j| {
                let at = targets.iter().position(|&c| c == j);
                let per_target = |values: &[f32]| at.map_or(Vec::new(), |a| every(values, a, k));
                crate::chart::data::Panel {
                    name: series.name(j),
                    values: series.column(j),
                    target: at.is_some(),
                    fit: per_target(&fit),
                    forecast: per_target(&self.forecast.values),
                    // Rolled rows hold every series (target all).
                    rolled: every(&self.forecast.rolled, j, f),
                }
            })
            .collect()
    }
}
