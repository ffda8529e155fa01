//! The table of settings: each one's id, URL/JS key, label, kind, default and limits, declared
//! once for the form, the URL, the JS API, the CLI and the Keras program.

use super::{
    MAX_BATCH_SIZE, MAX_EPOCHS, MAX_HOLDOUT_PERCENT, MAX_LEARNING_RATE, MAX_SEED, MAX_UNITS,
};
use crate::data::{MAX_N_STEPS, MAX_SEQ_LEN};
use crate::nn::cell::Cell;

/// A setting. Everything else about it (its element id, URL/JS key, label, default, limits and
/// message) is in its row of [`SETTINGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Sequence,
    Target,
    SeqLen,
    NSteps,
    Cell,
    Units,
    Bidirectional,
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
    /// Numbers, typed or pasted, or a table with a header line (a text area).
    Sequence,
    /// Which series of a table to forecast: a column's name, or all of them (a menu of the
    /// data's columns).
    Target,
    /// Units per recurrent layer, bottom to top: 1 to 4 whole numbers from 1 to `hi`.
    Layers { hi: u64 },
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
pub const SETTINGS: [Setting; 15] = [
    Setting {
        field: Field::Sequence,
        id: "sequence",
        key: "sequence",
        label: "Sequence",
        hint: "numbers separated by commas, spaces or new lines; or a table with a header line",
        noun: "The sequence",
        kind: Kind::Sequence,
        default: "10, 20, 30, 40, 50, 60, 70, 80, 90",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::Target,
        id: "target",
        key: "target",
        label: "forecast",
        hint: "which series of the table",
        noun: "The target",
        kind: Kind::Target,
        default: "",
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
        hint: "per layer: \"32, 16\" stacks two",
        noun: "units",
        kind: Kind::Layers {
            hi: MAX_UNITS as u64,
        },
        default: "50",
        resets_model: true,
        lesson: true,
        aliases: &[],
    },
    Setting {
        field: Field::Bidirectional,
        id: "bidirectional",
        key: "bidirectional",
        label: "bidirectional (read each window both ways)",
        hint: "",
        noun: "Bidirectional",
        kind: Kind::Toggle,
        default: "off",
        resets_model: true,
        lesson: false,
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
