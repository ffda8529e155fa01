//! The forecast: the window to continue (the sequence's last values until the person types
//! their own), the forecast from it, and the roll-forward — always the current model's.

use crate::config::Config;
use crate::data::parse_sequence;
use crate::format::{group, join, Num};
use crate::nn::trainer::Trainer;

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

    /// Puts the sequence's last seq_len values in the field, unless the person typed there.
    pub fn prefill(&mut self, config: &Config) {
        if !self.prefilled {
            // Their own text stays, but may no longer have seq_len values: say so.
            let _ = self.check(config.seq_len);
            return;
        }
        let seq = &config.sequence;
        let tail = &seq[seq.len().saturating_sub(config.seq_len)..];
        let values: Vec<String> = tail.iter().map(|&v| Num(v).to_string()).collect();
        self.text = join(&values, ", ");
        self.error.clear();
    }

    /// The field's new text, checked as typed: a message, never a rewrite of the text.
    pub fn input(&mut self, text: String, seq_len: usize) {
        self.text = text;
        self.prefilled = false;
        let _ = self.check(seq_len);
    }

    /// The window in the field, or why it can't be read.
    fn check(&mut self, seq_len: usize) -> Result<Vec<f32>, String> {
        let t = seq_len;
        let result = parse_sequence(&self.text)
            .map_err(|e| e.to_string())
            .and_then(|w| {
                if w.len() == t {
                    Ok(w)
                } else {
                    Err(format!(
                        "A forecast needs exactly seq_len = {t} values; this has {}.",
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
        let seq_len = trainer.model().dims.seq_len;
        let result = self.check(seq_len).and_then(|w| trainer.forecast(&w));
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
        let passes = self.rolled.len().div_ceil(dims.n_steps);
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
        let seq_len = trainer.model().dims.seq_len;
        let result = self
            .horizon()
            .and_then(|h| self.check(seq_len).and_then(|w| trainer.roll(&w, h)));
        self.rolled = result.unwrap_or_default();
        self.roll_note.clear();
    }

    pub fn clear_roll(&mut self) {
        self.rolled.clear();
    }
}
