//! Every setting a person can choose, its default, its limits, and the message when it's wrong.
//!
//! The form, the URL, the CLI and the JS API all set fields through [`Config::set`], so each value
//! is checked once, the same way, with the same words.

use crate::data::scale::Scaling;
use crate::data::{self, check_windows, Series, WindowError};
use crate::format::group;
use crate::format::Num;
use crate::nn::activation::Activation;
use crate::nn::cell::Cell;
use crate::nn::model::{Dims, Layers, MAX_LAYERS};
use std::fmt;

mod settings;
pub use settings::{Field, Kind, Setting, SETTINGS};

pub const MAX_UNITS: usize = 512;
pub const MAX_EPOCHS: usize = 1_000_000;
pub const MAX_BATCH_SIZE: usize = data::MAX_VALUES;
pub const MAX_LEARNING_RATE: f32 = 10.0;
/// Seeds stay below 2⁵³ so a JavaScript number carries them exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// At most half the windows can be held out for validation.
pub const MAX_HOLDOUT_PERCENT: usize = 50;
/// The most memory training may take, in bytes: beyond it a browser tab may refuse the memory,
/// and the page would stop. Today's largest single-layer models need a fifth of it.
pub const MAX_TRAINING_BYTES: usize = 1 << 30;

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
    /// The data: one plain sequence (the notebook's), or a table of named series.
    pub series: Series,
    /// Which series to forecast, as typed: a column's name, `all`, or empty for the last column.
    pub target: String,
    /// Values per input window. Defaults to 3.
    pub seq_len: usize,
    /// Values predicted per window. Defaults to 2.
    pub n_steps: usize,
    /// The recurrent layer. Defaults to SimpleRNN, the notebook's.
    pub cell: Cell,
    /// Units per recurrent layer, bottom to top. Defaults to one layer of 50.
    pub units: Layers,
    /// Every recurrent layer wrapped in Keras's `Bidirectional`. Defaults to off.
    pub bidirectional: bool,
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
    /// Every setting's default from [`SETTINGS`]: the notebook's setup.
    fn default() -> Self {
        let mut c = Config {
            series: Series::default(),
            target: String::new(),
            seq_len: 0,
            n_steps: 0,
            cell: Cell::SimpleRnn,
            units: Layers::one(0),
            bidirectional: false,
            activation: Activation::Relu,
            learning_rate: 0.0,
            epochs: 0,
            batch_size: 0,
            shuffle: false,
            seed: 0,
            scaling: Scaling::None,
            holdout: 0,
        };
        for s in &SETTINGS {
            if c.set(s.field, s.default).is_err() {
                unreachable!("every default in SETTINGS is valid");
            }
        }
        c
    }
}

impl Config {
    /// Sets one field from text, checking it on its own (not yet against the others).
    pub fn set(&mut self, field: Field, text: &str) -> Result<(), ConfigError> {
        let text = text.trim();
        let setting = field.setting();
        let whole = || match setting.kind {
            Kind::Whole { lo, hi } => whole(setting, text, lo, hi),
            _ => unreachable!("a whole-number setting"),
        };
        let choice_error = || ConfigError::new(field, choice_message(setting));
        match field {
            Field::Sequence => {
                self.series =
                    data::parse_series(text).map_err(|e| ConfigError::new(field, e.to_string()))?
            }
            Field::Target => self.target = target(text)?,
            Field::SeqLen => self.seq_len = whole()? as usize,
            Field::NSteps => self.n_steps = whole()? as usize,
            Field::Units => self.units = layers(text)?,
            Field::Bidirectional => {
                self.bidirectional = parse_toggle(text).ok_or_else(choice_error)?
            }
            Field::Epochs => self.epochs = whole()? as usize,
            Field::BatchSize => self.batch_size = whole()? as usize,
            Field::Seed => self.seed = whole()?,
            Field::Holdout => self.holdout = whole()? as usize,
            Field::Cell => self.cell = Cell::parse(text).ok_or_else(choice_error)?,
            Field::LearningRate => self.learning_rate = learning_rate(text)?,
            Field::Activation => {
                self.activation = Activation::parse(text).ok_or_else(choice_error)?
            }
            Field::Scaling => self.scaling = Scaling::parse(text).ok_or_else(choice_error)?,
            Field::Shuffle => self.shuffle = parse_toggle(text).ok_or_else(choice_error)?,
        }
        Ok(())
    }

    /// The current value of a field as text, the inverse of [`Config::set`].
    pub fn get(&self, field: Field) -> String {
        match field {
            Field::Sequence => self.series.to_text(),
            Field::Target => self.target.clone(),
            Field::SeqLen => self.seq_len.to_string(),
            Field::NSteps => self.n_steps.to_string(),
            Field::Cell => self.cell.name().to_string(),
            Field::Units => crate::format::join(
                &self
                    .units
                    .as_slice()
                    .iter()
                    .map(|u| u.to_string())
                    .collect::<Vec<_>>(),
                ", ",
            ),
            Field::Bidirectional => (if self.bidirectional { "on" } else { "off" }).to_string(),
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

    /// Whether going from `self` to `other` needs a new model: whether they differ in any
    /// setting that [`Setting::resets_model`] (all but the learning rate and the epoch target).
    pub fn needs_new_model(&self, other: &Config) -> bool {
        let mut other = other.clone();
        for s in SETTINGS.iter().filter(|s| !s.resets_model) {
            // (A value from a valid config is valid: the set cannot fail.)
            let _ = other.set(s.field, &self.get(s.field));
        }
        other != *self
    }

    /// The series forecast (column indices, in the outputs' order): the target column, every
    /// column for `all`, the last column when no target is named.
    pub fn target_columns(&self) -> Result<Vec<usize>, ConfigError> {
        let f = self.series.features();
        let name = self.target.as_str();
        if name.is_empty() {
            return Ok(vec![f - 1]);
        }
        if name.eq_ignore_ascii_case("all") {
            return Ok((0..f).collect());
        }
        if !self.series.is_table() {
            return Err(ConfigError::new(
                Field::Target,
                format!(
                    "There is no series called \u{201c}{name}\u{201d}: the data is one plain \
                     sequence. Name the columns in a header line to forecast one of them."
                ),
            ));
        }
        match self.series.find(name) {
            Some(j) => Ok(vec![j]),
            None => {
                let mut names: Vec<String> = self
                    .series
                    .columns
                    .iter()
                    .map(|c| format!("\u{201c}{c}\u{201d}"))
                    .collect();
                names.push("all".into());
                let (last, rest) = names.split_last().unwrap_or_else(|| unreachable!());
                Err(ConfigError::new(
                    Field::Target,
                    format!(
                        "The table has no column called \u{201c}{name}\u{201d}: forecast {} or {last}.",
                        crate::format::join(rest, ", ")
                    ),
                ))
            }
        }
    }

    /// Checks the fields together, and gives the model's sizes.
    pub fn validate(&self) -> Result<Dims, ConfigError> {
        let rows = self.series.rows();
        let n = match check_windows(rows, self.seq_len, self.n_steps) {
            Err(WindowError::TooShort { have, need, .. }) => Err(WindowError::TooShort {
                have,
                need,
                rows: self.series.is_table(),
            }),
            other => other,
        }?;
        let targets = self.target_columns()?.len();
        if self.holdout > MAX_HOLDOUT_PERCENT {
            return Err(ConfigError::new(
                Field::Holdout,
                range_message(Field::Holdout.setting(), 0, MAX_HOLDOUT_PERCENT as u64),
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
        for &units in self.units.as_slice() {
            if units == 0 || units > MAX_UNITS {
                return Err(ConfigError::new(Field::Units, layers_message()));
            }
        }
        for (field, v, hi) in [
            (Field::Epochs, self.epochs, MAX_EPOCHS),
            (Field::BatchSize, self.batch_size, MAX_BATCH_SIZE),
        ] {
            if v == 0 || v > hi {
                return Err(ConfigError::new(
                    field,
                    range_message(field.setting(), 1, hi as u64),
                ));
            }
        }
        if self.seed > MAX_SEED {
            return Err(ConfigError::new(
                Field::Seed,
                range_message(Field::Seed.setting(), 0, MAX_SEED),
            ));
        }
        if self.series.values.iter().any(|v| !v.is_finite()) {
            return Err(ConfigError::new(
                Field::Sequence,
                "The sequence must hold finite numbers.",
            ));
        }
        learning_rate(&Num(self.learning_rate).to_string())?;
        let dims = Dims {
            cell: self.cell,
            seq_len: self.seq_len,
            features: self.series.features(),
            layers: self.units,
            bidirectional: self.bidirectional,
            n_steps: self.n_steps,
            targets,
        };
        let bytes = 4 * dims.training_floats(self.batch_size.min(n));
        if bytes > MAX_TRAINING_BYTES {
            return Err(ConfigError::new(
                Field::Units,
                format!(
                    "This model would need about {} MB of memory to train; the page allows {} MB. \
                     Use fewer units or layers, a shorter seq_len or a smaller batch size.",
                    group(bytes.div_ceil(1 << 20)),
                    group(MAX_TRAINING_BYTES >> 20)
                ),
            ));
        }
        Ok(dims)
    }
}

fn range_message(setting: &Setting, lo: u64, hi: u64) -> String {
    format!(
        "{} must be a whole number from {} to {}.",
        setting.noun,
        group(lo),
        group(hi)
    )
}

/// "The activation must be relu, tanh, sigmoid or linear."
fn choice_message(setting: &Setting) -> String {
    let words: Vec<&str> = match setting.kind {
        Kind::Choice(_) | Kind::Cell => setting.kind.options().iter().map(|(v, _)| *v).collect(),
        _ => vec!["on", "off"],
    };
    match words.split_last() {
        Some((last, rest)) => format!(
            "{} must be {} or {last}.",
            setting.noun,
            crate::format::join(rest, ", ")
        ),
        None => unreachable!("a choice has options"),
    }
}

/// On or off, as a checkbox, a URL or JavaScript might say it.
pub fn parse_toggle(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// A whole number in `lo..=hi`; "1e3" and "12.0" are accepted as what they plainly mean.
fn whole(setting: &Setting, text: &str, lo: u64, hi: u64) -> Result<u64, ConfigError> {
    let err = || ConfigError::new(setting.field, range_message(setting, lo, hi));
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
    match crate::format::parse_f64(text) {
        Some(v) if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 => Ok(v as u64),
        _ => Err(err()),
    }
}

/// A target as typed: any name is checked later, against the data ([`Config::target_columns`]).
fn target(text: &str) -> Result<String, ConfigError> {
    if text.chars().count() > 100 || text.contains(['\n', '\r']) {
        return Err(ConfigError::new(
            Field::Target,
            "The target must be a column's name (one line), or all.",
        ));
    }
    Ok(text.to_string())
}

fn layers_message() -> String {
    format!(
        "units must be a whole number from 1 to {MAX_UNITS}, or up to {MAX_LAYERS} of them, one \
         per layer (\"32, 16\" stacks two layers)."
    )
}

/// Units per layer: "50", or "32, 16" (commas or spaces), each a whole number in range.
fn layers(text: &str) -> Result<Layers, ConfigError> {
    let err = || ConfigError::new(Field::Units, layers_message());
    let setting = Field::Units.setting();
    let mut units = Vec::new();
    for token in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        if units.len() == MAX_LAYERS {
            return Err(err());
        }
        units.push(whole(setting, token, 1, MAX_UNITS as u64).map_err(|_| err())? as usize);
    }
    Layers::new(&units).ok_or_else(err)
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
                "units must be a whole number from 1 to 512, or up to 4 of them, one per layer",
            ),
            (
                Field::Units,
                "8, 6, 4, 2, 1",
                "units must be a whole number from 1 to 512, or",
            ),
            (
                Field::Units,
                "32, 0",
                "units must be a whole number from 1 to 512, or",
            ),
            (
                Field::Units,
                "",
                "units must be a whole number from 1 to 512, or",
            ),
            (
                Field::Bidirectional,
                "both",
                "Bidirectional must be on or off.",
            ),
            (Field::Target, "a\nb", "The target must be a column's name"),
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
    fn layers_and_targets_read_as_a_teacher_types_them() {
        let mut c = Config::default();
        c.set(Field::Units, " 32,16 ").unwrap();
        assert_eq!(c.units.as_slice(), [32, 16]);
        assert_eq!(c.get(Field::Units), "32, 16");
        c.set(Field::Units, "8 6 4").unwrap();
        assert_eq!(c.validate().unwrap().layers.as_slice(), [8, 6, 4]);
        c.set(
            Field::Sequence,
            "lead,sales\n1,10\n2,20\n3,30\n4,40\n5,50\n6,60",
        )
        .unwrap();
        assert_eq!(
            c.target_columns(),
            Ok(vec![1]),
            "the last column by default"
        );
        for (target, want) in [("Lead", vec![0]), ("all", vec![0, 1]), ("ALL", vec![0, 1])] {
            c.set(Field::Target, target).unwrap();
            assert_eq!(c.target_columns(), Ok(want), "{target}");
        }
        c.set(Field::Target, "price").unwrap();
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, Field::Target);
        assert_eq!(
            e.message,
            "The table has no column called \u{201c}price\u{201d}: forecast \u{201c}lead\u{201d}, \
             \u{201c}sales\u{201d} or all."
        );
        let mut plain = Config::default();
        plain.set(Field::Target, "sales").unwrap();
        assert_eq!(plain.validate().unwrap_err().field, Field::Target);
    }

    #[test]
    fn a_model_too_big_for_a_tab_is_refused_before_it_is_built() {
        let mut c = Config::default();
        c.set(Field::Sequence, &"1 ".repeat(3000)).unwrap();
        c.set(Field::SeqLen, "500").unwrap();
        c.set(Field::Cell, "lstm").unwrap();
        c.set(Field::Units, "512, 512, 512, 512").unwrap();
        c.set(Field::Bidirectional, "on").unwrap();
        c.set(Field::BatchSize, "256").unwrap();
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, Field::Units);
        assert!(e.message.contains("MB of memory to train"), "{}", e.message);
        // Today's biggest single layer still fits.
        c.set(Field::Units, "512").unwrap();
        c.set(Field::Bidirectional, "off").unwrap();
        c.set(Field::BatchSize, "32").unwrap();
        c.validate().unwrap();
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
