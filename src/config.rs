//! Every setting a person can choose, its default, its limits, and the message when it's wrong.
//!
//! The form, the URL, the CLI and the JS API all set fields through [`Config::set`], so each value
//! is checked once, the same way, with the same words.

use crate::activation::Activation;
use crate::cell::Cell;
use crate::data::{self, check_windows, group, WindowError, MAX_N_STEPS, MAX_SEQ_LEN};
use crate::model::Dims;
use crate::number::Num;
use crate::scale::Scaling;
use std::fmt;

pub const MAX_UNITS: usize = 512;
pub const MAX_EPOCHS: usize = 1_000_000;
pub const MAX_BATCH_SIZE: usize = data::MAX_VALUES;
pub const MAX_LEARNING_RATE: f32 = 10.0;
/// Seeds stay below 2⁵³ so a JavaScript number carries them exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// At most half the windows can be held out for validation.
pub const MAX_HOLDOUT_PERCENT: usize = 50;

/// A setting, named as the form's element id (`id`) and the URL / JS key (`key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Sequence,
    SeqLen,
    NSteps,
    Cell,
    Units,
    Activation,
    LearningRate,
    Epochs,
    BatchSize,
    Shuffle,
    Seed,
    Scaling,
    Holdout,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Sequence,
        Field::SeqLen,
        Field::NSteps,
        Field::Cell,
        Field::Units,
        Field::Activation,
        Field::LearningRate,
        Field::Epochs,
        Field::BatchSize,
        Field::Shuffle,
        Field::Seed,
        Field::Scaling,
        Field::Holdout,
    ];

    /// The form element's id.
    pub fn id(self) -> &'static str {
        match self {
            Field::Sequence => "sequence",
            Field::SeqLen => "seq-len",
            Field::NSteps => "n-steps",
            Field::Cell => "cell",
            Field::Units => "units",
            Field::Activation => "activation",
            Field::LearningRate => "learning-rate",
            Field::Epochs => "epochs",
            Field::BatchSize => "batch-size",
            Field::Shuffle => "shuffle",
            Field::Seed => "seed",
            Field::Scaling => "scale",
            Field::Holdout => "holdout",
        }
    }

    /// The key in a URL query and in the JS config object.
    pub fn key(self) -> &'static str {
        match self {
            Field::Sequence => "sequence",
            Field::SeqLen => "seqLen",
            Field::NSteps => "nSteps",
            Field::Cell => "cell",
            Field::Units => "units",
            Field::Activation => "activation",
            Field::LearningRate => "learningRate",
            Field::Epochs => "epochs",
            Field::BatchSize => "batchSize",
            Field::Shuffle => "shuffle",
            Field::Seed => "seed",
            Field::Scaling => "scale",
            Field::Holdout => "holdout",
        }
    }

    /// Finds a field by form id, URL/JS key, or CLI flag name (`seq-len`, `seqLen`, `seq_len`).
    pub fn find(name: &str) -> Option<Field> {
        let flat = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
        let name = flat(name);
        Field::ALL
            .into_iter()
            .find(|f| flat(f.key()) == name || (name == "scaling" && *f == Field::Scaling))
    }

    /// Whether changing it starts a new model (learning rate and epoch target do not).
    pub fn resets_model(self) -> bool {
        !matches!(self, Field::LearningRate | Field::Epochs)
    }
}

/// A setting that can't be used, with the sentence to show beside its field.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub field: Field,
    pub message: String,
}

impl ConfigError {
    fn new(field: Field, message: impl Into<String>) -> ConfigError {
        ConfigError {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl From<WindowError> for ConfigError {
    fn from(e: WindowError) -> ConfigError {
        let field = match e {
            WindowError::SeqLenZero | WindowError::SeqLenTooLarge => Field::SeqLen,
            WindowError::NStepsZero | WindowError::NStepsTooLarge => Field::NSteps,
            WindowError::TooShort { .. } => Field::Sequence,
        };
        ConfigError::new(field, e.to_string())
    }
}

/// Everything needed to build and train a model. `Default` is the notebook's setup.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub sequence: Vec<f32>,
    /// Values per input window. Defaults to 3.
    pub seq_len: usize,
    /// Values predicted per window. Defaults to 2.
    pub n_steps: usize,
    /// The recurrent layer. Defaults to SimpleRNN, the notebook's.
    pub cell: Cell,
    /// The recurrent layer's units. Defaults to 50.
    pub units: usize,
    /// Defaults to relu.
    pub activation: Activation,
    /// Adam's learning rate. Defaults to 0.001.
    pub learning_rate: f32,
    /// The epoch target. Defaults to 200.
    pub epochs: usize,
    /// Windows per minibatch. Defaults to 32, as in Keras's `fit`.
    pub batch_size: usize,
    /// Shuffle the windows each epoch. Defaults to true, as in Keras's `fit`.
    pub shuffle: bool,
    /// Seeds the initial weights and the shuffling. Defaults to 42.
    pub seed: u64,
    /// Defaults to none: the notebook trains on raw values.
    pub scaling: Scaling,
    /// Percent of the windows, at the end of the sequence, kept out of training to measure the
    /// model on data it has not seen (Keras's `validation_data`). Defaults to 0.
    pub holdout: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sequence: (1..=9).map(|i| (i * 10) as f32).collect(),
            seq_len: 3,
            n_steps: 2,
            cell: Cell::SimpleRnn,
            units: 50,
            activation: Activation::Relu,
            learning_rate: 0.001,
            epochs: 200,
            batch_size: 32,
            shuffle: true,
            seed: 42,
            scaling: Scaling::None,
            holdout: 0,
        }
    }
}

impl Config {
    /// Sets one field from text, checking it on its own (not yet against the others).
    pub fn set(&mut self, field: Field, text: &str) -> Result<(), ConfigError> {
        let text = text.trim();
        match field {
            Field::Sequence => {
                self.sequence = data::parse_sequence(text)
                    .map_err(|e| ConfigError::new(field, e.to_string()))?
            }
            Field::SeqLen => self.seq_len = whole(field, text, 1, MAX_SEQ_LEN as u64)? as usize,
            Field::NSteps => self.n_steps = whole(field, text, 1, MAX_N_STEPS as u64)? as usize,
            Field::Units => self.units = whole(field, text, 1, MAX_UNITS as u64)? as usize,
            Field::Cell => {
                self.cell = Cell::parse(text).ok_or_else(|| {
                    ConfigError::new(field, "The cell must be simple_rnn, lstm or gru.")
                })?
            }
            Field::Epochs => self.epochs = whole(field, text, 1, MAX_EPOCHS as u64)? as usize,
            Field::BatchSize => {
                self.batch_size = whole(field, text, 1, MAX_BATCH_SIZE as u64)? as usize
            }
            Field::Seed => self.seed = whole(field, text, 0, MAX_SEED)?,
            Field::LearningRate => self.learning_rate = learning_rate(text)?,
            Field::Activation => {
                self.activation = Activation::parse(text).ok_or_else(|| {
                    ConfigError::new(
                        field,
                        "The activation must be relu, tanh, sigmoid or linear.",
                    )
                })?
            }
            Field::Scaling => {
                self.scaling = Scaling::parse(text).ok_or_else(|| {
                    ConfigError::new(field, "Scaling must be none, standardize or minmax.")
                })?
            }
            Field::Holdout => {
                self.holdout = whole(field, text, 0, MAX_HOLDOUT_PERCENT as u64)? as usize
            }
            Field::Shuffle => {
                self.shuffle = match text.to_ascii_lowercase().as_str() {
                    "1" | "true" | "on" | "yes" => true,
                    "0" | "false" | "off" | "no" => false,
                    _ => return Err(ConfigError::new(field, "Shuffle must be on or off.")),
                }
            }
        }
        Ok(())
    }

    /// The current value of a field as text, the inverse of [`Config::set`].
    pub fn get(&self, field: Field) -> String {
        match field {
            Field::Sequence => self
                .sequence
                .iter()
                .map(|&v| Num(v).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Field::SeqLen => self.seq_len.to_string(),
            Field::NSteps => self.n_steps.to_string(),
            Field::Cell => self.cell.name().to_string(),
            Field::Units => self.units.to_string(),
            Field::Activation => self.activation.name().to_string(),
            Field::LearningRate => Num(self.learning_rate).to_string(),
            Field::Epochs => self.epochs.to_string(),
            Field::BatchSize => self.batch_size.to_string(),
            Field::Shuffle => (if self.shuffle { "on" } else { "off" }).to_string(),
            Field::Seed => self.seed.to_string(),
            Field::Scaling => self.scaling.name().to_string(),
            Field::Holdout => self.holdout.to_string(),
        }
    }

    /// Whether going from `self` to `other` needs a new model (anything but learning rate and epochs).
    pub fn needs_new_model(&self, other: &Config) -> bool {
        Field::ALL
            .into_iter()
            .filter(|f| f.resets_model())
            .any(|f| match f {
                Field::Sequence => self.sequence != other.sequence,
                _ => self.get(f) != other.get(f),
            })
    }

    /// Checks the fields together, and gives the model's sizes.
    pub fn validate(&self) -> Result<Dims, ConfigError> {
        let n = check_windows(self.sequence.len(), self.seq_len, self.n_steps)?;
        if self.holdout > MAX_HOLDOUT_PERCENT {
            return Err(ConfigError::new(
                Field::Holdout,
                range_message(Field::Holdout, 0, MAX_HOLDOUT_PERCENT as u64),
            ));
        }
        if self.holdout > 0 && crate::data::holdout_split(n, self.n_steps, self.holdout).is_none() {
            return Err(ConfigError::new(
                Field::Holdout,
                format!(
                    "With {n} windows there are too few to hold {}% out and still train: \
                     add values, or hold out less.",
                    self.holdout
                ),
            ));
        }
        for (field, v, hi) in [
            (Field::Units, self.units, MAX_UNITS),
            (Field::Epochs, self.epochs, MAX_EPOCHS),
            (Field::BatchSize, self.batch_size, MAX_BATCH_SIZE),
        ] {
            if v == 0 || v > hi {
                return Err(ConfigError::new(field, range_message(field, 1, hi as u64)));
            }
        }
        if self.seed > MAX_SEED {
            return Err(ConfigError::new(
                Field::Seed,
                range_message(Field::Seed, 0, MAX_SEED),
            ));
        }
        if self.sequence.iter().any(|v| !v.is_finite()) {
            return Err(ConfigError::new(
                Field::Sequence,
                "The sequence must hold finite numbers.",
            ));
        }
        learning_rate(&Num(self.learning_rate).to_string())?;
        Ok(Dims {
            cell: self.cell,
            seq_len: self.seq_len,
            features: 1,
            units: self.units,
            n_steps: self.n_steps,
        })
    }
}

fn label(field: Field) -> &'static str {
    match field {
        Field::SeqLen => "seq_len",
        Field::NSteps => "n_steps",
        Field::Units => "units",
        Field::Epochs => "The epoch target",
        Field::BatchSize => "The batch size",
        Field::Seed => "The seed",
        Field::Holdout => "The held-out share (in percent)",
        _ => "This value",
    }
}

fn range_message(field: Field, lo: u64, hi: u64) -> String {
    format!(
        "{} must be a whole number from {} to {}.",
        label(field),
        group(lo),
        group(hi)
    )
}

/// A whole number in `lo..=hi`; "1e3" and "12.0" are accepted as what they plainly mean.
fn whole(field: Field, text: &str, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    let err = || ConfigError::new(field, range_message(field, lo, hi));
    if text.is_empty() {
        return Err(err());
    }
    if let Ok(v) = text.parse::<u64>() {
        return if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(err())
        };
    }
    match crate::number::parse_f64(text) {
        Some(v) if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 => Ok(v as u64),
        _ => Err(err()),
    }
}

fn learning_rate(text: &str) -> Result<f32, ConfigError> {
    match data::parse_value(text, 1) {
        Ok(v) if v > 0.0 && v <= MAX_LEARNING_RATE => Ok(v),
        _ => Err(ConfigError::new(
            Field::LearningRate,
            "The learning rate must be a number above 0 and at most 10 (Keras's default is 0.001).",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_notebook() {
        let c = Config::default();
        let dims = c.validate().unwrap();
        assert_eq!(dims.param_counts().total, 2702);
        assert_eq!(c.get(Field::Sequence), "10, 20, 30, 40, 50, 60, 70, 80, 90");
    }

    #[test]
    fn every_field_rejects_nonsense_with_its_own_message() {
        let cases = [
            (
                Field::Sequence,
                "10, abc, 30",
                "\"abc\" at position 2 is not a number.",
            ),
            (
                Field::SeqLen,
                "0",
                "seq_len must be a whole number from 1 to 500.",
            ),
            (
                Field::NSteps,
                "101",
                "n_steps must be a whole number from 1 to 100.",
            ),
            (
                Field::Units,
                "2.5",
                "units must be a whole number from 1 to 512.",
            ),
            (
                Field::Epochs,
                "-3",
                "The epoch target must be a whole number from 1 to 1,000,000.",
            ),
            (
                Field::BatchSize,
                "",
                "The batch size must be a whole number from 1 to 100,000.",
            ),
            (
                Field::Seed,
                "1e300",
                "The seed must be a whole number from 0 to 9,007,199,254,740,991.",
            ),
            (
                Field::LearningRate,
                "-1",
                "The learning rate must be a number above 0",
            ),
            (
                Field::LearningRate,
                "NaN",
                "The learning rate must be a number above 0",
            ),
            (Field::Activation, "softmax", "The activation must be relu"),
            (
                Field::Cell,
                "transformer",
                "The cell must be simple_rnn, lstm or gru.",
            ),
            (Field::Scaling, "log", "Scaling must be none"),
            (Field::Shuffle, "maybe", "Shuffle must be on or off."),
        ];
        for (field, text, want) in cases {
            let mut c = Config::default();
            let before = c.clone();
            let e = c.set(field, text).unwrap_err();
            assert_eq!(e.field, field);
            assert!(
                e.message.starts_with(want),
                "{field:?} {text:?}: {}",
                e.message
            );
            assert_eq!(
                c, before,
                "a rejected value must leave the config as it was"
            );
        }
    }

    #[test]
    fn fields_round_trip_through_text() {
        let mut c = Config::default();
        for (field, text) in [
            (Field::SeqLen, "8"),
            (Field::NSteps, "1e1"),
            (Field::Units, "8"),
            (Field::Activation, "TANH"),
            (Field::Cell, "LSTM"),
            (Field::LearningRate, "0.01"),
            (Field::Seed, "7"),
            (Field::Scaling, "min-max"),
            (Field::Shuffle, "off"),
        ] {
            c.set(field, text).unwrap();
            let again = c.get(field);
            let mut d = c.clone();
            d.set(field, &again).unwrap();
            assert_eq!(c, d, "{field:?}");
        }
        assert_eq!(c.n_steps, 10);
        assert_eq!(c.activation, Activation::Tanh);
        assert_eq!(c.cell, Cell::Lstm);
        assert_eq!(c.get(Field::Cell), "lstm");
    }

    #[test]
    fn the_cell_goes_into_the_dims_and_starts_a_new_model() {
        let mut c = Config::default();
        assert_eq!(c.validate().unwrap().cell, Cell::SimpleRnn);
        let before = c.clone();
        c.set(Field::Cell, "gru").unwrap();
        let dims = c.validate().unwrap();
        assert_eq!(dims.cell, Cell::Gru);
        assert_eq!(dims.param_counts().total, 3 * (51 * 50 + 2 * 50) + 102);
        assert!(before.needs_new_model(&c));
        assert!(Field::Cell.resets_model());
        assert_eq!(Field::find("cell"), Some(Field::Cell));
        c.set(Field::Cell, "SimpleRNN").unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn a_short_sequence_is_reported_on_the_sequence_field() {
        let mut c = Config::default();
        c.set(Field::Sequence, "1 2 3 4").unwrap();
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, Field::Sequence);
        assert!(e.message.contains("needs seq_len + n_steps = 5 values"));
    }

    #[test]
    fn finds_fields_by_any_spelling() {
        assert_eq!(Field::find("seq-len"), Some(Field::SeqLen));
        assert_eq!(Field::find("seq_len"), Some(Field::SeqLen));
        assert_eq!(Field::find("learningRate"), Some(Field::LearningRate));
        assert_eq!(Field::find("scaling"), Some(Field::Scaling));
        assert_eq!(Field::find("nope"), None);
    }
}
