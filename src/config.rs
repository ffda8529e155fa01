//! Every setting a person can choose, its default, its limits, and the message when it's wrong.
//!
//! The form, the URL, the CLI and the JS API all set fields through [`Config::set`], so each value
//! is checked once, the same way, with the same words.

use crate::data::scale::Scaling;
use crate::data::{self, check_windows, WindowError, MAX_N_STEPS, MAX_SEQ_LEN};
use crate::format::group;
use crate::format::Num;
use crate::nn::activation::Activation;
use crate::nn::cell::Cell;
use crate::nn::model::{Dims, Layers};
use std::fmt;

pub const MAX_UNITS: usize = 512;
pub const MAX_EPOCHS: usize = 1_000_000;
pub const MAX_BATCH_SIZE: usize = data::MAX_VALUES;
pub const MAX_LEARNING_RATE: f32 = 10.0;
/// Seeds stay below 2⁵³ so a JavaScript number carries them exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// At most half the windows can be held out for validation.
pub const MAX_HOLDOUT_PERCENT: usize = 50;

/// A setting. Everything else about it (its element id, URL/JS key, label, default, limits and
/// message) is in its row of [`SETTINGS`].
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

/// What kind of value a setting takes, which decides its form control and how text is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Numbers, typed or pasted (a text area).
    Sequence,
    /// A whole number from `lo` to `hi` (a text field: `1e3` and `12.0` are accepted).
    Whole { lo: u64, hi: u64 },
    /// A number above 0 and at most `hi` (a text field).
    Rate { hi: f32 },
    /// One of a few words: (value, what the menu shows).
    Choice(&'static [(&'static str, &'static str)]),
    /// One of the recurrent cells of the registry ([`Cell::ALL`]): a choice whose words are
    /// the cells' names.
    Cell,
    /// On or off (a checkbox).
    Toggle,
}

impl Kind {
    /// A choice's (value, what the menu shows), in the menu's order; a toggle's on and off.
    pub fn options(&self) -> Vec<(&'static str, &'static str)> {
        match self {
            Kind::Choice(options) => options.to_vec(),
            Kind::Cell => Cell::ALL.map(|c| (c.name(), c.keras_class())).to_vec(),
            Kind::Toggle => vec![("on", "on"), ("off", "off")],
            _ => Vec::new(),
        }
    }
}

/// One setting, declared once: the form, the URL, the JS API, the CLI and the Keras program all
/// read this row. Adding a setting means a row here, a [`Field`] and a [`Config`] field with its
/// arms in [`Config::set`] / [`Config::get`], and its use in the core.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub field: Field,
    /// The form element's id, and the CLI's option (`--seq-len`).
    pub id: &'static str,
    /// The key in a URL query and in the JS config object.
    pub key: &'static str,
    /// The form's label, and the CLI help's description.
    pub label: &'static str,
    /// A few words beside the label.
    pub hint: &'static str,
    /// How messages name it: "seq_len must be …", "The batch size must be …".
    pub noun: &'static str,
    pub kind: Kind,
    /// The default, as text (the notebook's setup).
    pub default: &'static str,
    /// Whether changing it starts a new model (the learning rate and epoch target change in place).
    pub resets_model: bool,
    /// Shown beside the charts (the settings a lesson changes), or with the rest below them.
    pub lesson: bool,
    /// Other names the CLI, a URL or the JS API may use (`--lr`).
    pub aliases: &'static [&'static str],
}

const ACTIVATIONS: &[(&str, &str)] = &[
    ("relu", "relu"),
    ("tanh", "tanh"),
    ("sigmoid", "sigmoid"),
    ("linear", "linear"),
];

const SCALINGS: &[(&str, &str)] = &[
    ("none", "none (raw values)"),
    ("standardize", "standardize (mean 0, std 1)"),
    ("minmax", "min-max (into 0…1)"),
];

/// Every setting, in the order the form and the CLI help list them.
pub const SETTINGS: [Setting; 13] = [
    Setting {
        field: Field::Sequence,
        id: "sequence",
        key: "sequence",
        label: "Sequence",
        hint: "numbers separated by commas, spaces or new lines",
        noun: "The sequence",
        kind: Kind::Sequence,
        default: "10, 20, 30, 40, 50, 60, 70, 80, 90",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::SeqLen,
        id: "seq-len",
        key: "seqLen",
        label: "seq_len",
        hint: "values the model reads",
        noun: "seq_len",
        kind: Kind::Whole {
            lo: 1,
            hi: MAX_SEQ_LEN as u64,
        },
        default: "3",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::NSteps,
        id: "n-steps",
        key: "nSteps",
        label: "n_steps",
        hint: "values it predicts",
        noun: "n_steps",
        kind: Kind::Whole {
            lo: 1,
            hi: MAX_N_STEPS as u64,
        },
        default: "2",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::Cell,
        id: "cell",
        key: "cell",
        label: "cell",
        hint: "the recurrent layer",
        noun: "The cell",
        kind: Kind::Cell,
        default: "simple_rnn",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::Units,
        id: "units",
        key: "units",
        label: "units",
        hint: "size of the hidden state",
        noun: "units",
        kind: Kind::Whole {
            lo: 1,
            hi: MAX_UNITS as u64,
        },
        default: "50",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::Activation,
        id: "activation",
        key: "activation",
        label: "activation",
        hint: "the cell's squashing function",
        noun: "The activation",
        kind: Kind::Choice(ACTIVATIONS),
        default: "relu",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::LearningRate,
        id: "learning-rate",
        key: "learningRate",
        label: "learning rate",
        hint: "Adam's step size",
        noun: "The learning rate",
        kind: Kind::Rate {
            hi: MAX_LEARNING_RATE,
        },
        default: "0.001",
        resets_model: false,
        lesson: true,
        aliases: &["lr"],
    },
    Setting {
        field: Field::Epochs,
        id: "epochs",
        key: "epochs",
        label: "epochs",
        hint: "passes over the data",
        noun: "The epoch target",
        kind: Kind::Whole {
            lo: 1,
            hi: MAX_EPOCHS as u64,
        },
        default: "200",
        resets_model: false,
        lesson: false,
        aliases: &[],
    },
    Setting {
        field: Field::BatchSize,
        id: "batch-size",
        key: "batchSize",
        label: "batch size",
        hint: "windows per update",
        noun: "The batch size",
        kind: Kind::Whole {
            lo: 1,
            hi: MAX_BATCH_SIZE as u64,
        },
        default: "32",
        resets_model: true,
        lesson: false,
        aliases: &[],
    },
    Setting {
        field: Field::Shuffle,
        id: "shuffle",
        key: "shuffle",
        label: "shuffle the windows each epoch",
        hint: "",
        noun: "Shuffle",
        kind: Kind::Toggle,
        default: "on",
        resets_model: true,
        lesson: false,
        aliases: &[],
    },
    Setting {
        field: Field::Seed,
        id: "seed",
        key: "seed",
        label: "seed",
        hint: "same seed, same run",
        noun: "The seed",
        kind: Kind::Whole {
            lo: 0,
            hi: MAX_SEED,
        },
        default: "42",
        resets_model: true,
        lesson: false,
        aliases: &[],
    },
    Setting {
        field: Field::Scaling,
        id: "scale",
        key: "scale",
        label: "Scaling",
        hint: "of the values before training",
        noun: "Scaling",
        kind: Kind::Choice(SCALINGS),
        default: "none",
        resets_model: true,
        lesson: false,
        aliases: &["scaling"],
    },
    Setting {
        field: Field::Holdout,
        id: "holdout",
        key: "holdout",
        label: "hold out %",
        hint: "the last windows, kept for testing",
        noun: "The held-out share (in percent)",
        kind: Kind::Whole {
            lo: 0,
            hi: MAX_HOLDOUT_PERCENT as u64,
        },
        default: "0",
        resets_model: true,
        lesson: false,
        aliases: &[],
    },
];

impl Field {
    pub const ALL: [Field; SETTINGS.len()] = {
        let mut all = [Field::Sequence; SETTINGS.len()];
        let mut i = 0;
        while i < SETTINGS.len() {
            all[i] = SETTINGS[i].field;
            i += 1;
        }
        all
    };

    /// This field's row of [`SETTINGS`].
    pub fn setting(self) -> &'static Setting {
        match SETTINGS.iter().find(|s| s.field == self) {
            Some(s) => s,
            None => unreachable!("every field has a row in SETTINGS"),
        }
    }

    /// The form element's id.
    pub fn id(self) -> &'static str {
        self.setting().id
    }

    /// The key in a URL query and in the JS config object.
    pub fn key(self) -> &'static str {
        self.setting().key
    }

    /// Finds a field by form id, URL/JS key, CLI flag name (`seq-len`, `seqLen`, `seq_len`) or
    /// one of its aliases (`lr`).
    pub fn find(name: &str) -> Option<Field> {
        let flat = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
        let name = flat(name);
        SETTINGS
            .iter()
            .find(|s| flat(s.key) == name || s.aliases.iter().any(|a| flat(a) == name))
            .map(|s| s.field)
    }

    /// Whether changing it starts a new model (learning rate and epoch target do not).
    pub fn resets_model(self) -> bool {
        self.setting().resets_model
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
    /// Every setting's default from [`SETTINGS`]: the notebook's setup.
    fn default() -> Self {
        let mut c = Config {
            sequence: Vec::new(),
            seq_len: 0,
            n_steps: 0,
            cell: Cell::SimpleRnn,
            units: 0,
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
                self.sequence = data::parse_sequence(text)
                    .map_err(|e| ConfigError::new(field, e.to_string()))?
            }
            Field::SeqLen => self.seq_len = whole()? as usize,
            Field::NSteps => self.n_steps = whole()? as usize,
            Field::Units => self.units = whole()? as usize,
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
            Field::Sequence => crate::format::join(
                &self
                    .sequence
                    .iter()
                    .map(|&v| Num(v).to_string())
                    .collect::<Vec<_>>(),
                ", ",
            ),
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

    /// Checks the fields together, and gives the model's sizes.
    pub fn validate(&self) -> Result<Dims, ConfigError> {
        let n = check_windows(self.sequence.len(), self.seq_len, self.n_steps)?;
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
        for (field, v, hi) in [
            (Field::Units, self.units, MAX_UNITS),
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
            layers: Layers::one(self.units),
            bidirectional: false,
            n_steps: self.n_steps,
            targets: 1,
        })
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
