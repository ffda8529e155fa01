//! The settings panel: each field's text as typed, what it reads as, its message, the example in
//! use, and the decision a change makes (a new model, a change in place, or a wait for a fix).

use crate::config::{Config, ConfigError, Field, SETTINGS};
use crate::data::presets::{self, Preset};
use crate::data::{self, parse_series, Reading};
use crate::format::group;

/// What an edit did to the live settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Nothing the model uses changed (the same value, or a field still being typed).
    Nothing,
    /// Some field can't be used: training waits for a fix.
    Blocked,
    /// Only settings that change in place (the learning rate, the epoch target) changed; `before`
    /// is the config they changed from (the live one is already the new).
    InPlace { before: Config },
    /// The model must start afresh from `config`, once a trainer is built for it
    /// ([`Settings::commit`]).
    NewModel(Config),
}

pub struct Settings {
    /// Each field's text as typed, in [`Field::ALL`] order: what the form shows.
    pub texts: Vec<String>,
    /// The settings as typed, field by field where each is valid; they may not fit together yet.
    pub draft: Config,
    /// The settings the trainer was built from: always valid.
    pub config: Config,
    /// Fields whose text is not a valid value, each with the message to show beside it.
    pub errors: Vec<ConfigError>,
    /// A problem between valid fields (e.g. too few values for one window), shown on one field.
    pub problem: Option<ConfigError>,
    /// The person's own sequence, put aside when they chose an example.
    pub kept_sequence: Option<String>,
    /// The example whose values are in the sequence field, found once per change of the field
    /// (its series are computed, so not every frame).
    preset: Option<&'static Preset>,
}

impl Settings {
    /// The form with `texts` (in [`Field::ALL`] order), read and checked; the live config is the
    /// notebook's until [`Settings::settle`] decides.
    pub fn new(texts: Vec<String>) -> Settings {
        let config = Config::default();
        let mut s = Settings {
            texts,
            draft: config.clone(),
            config,
            errors: Vec::new(),
            problem: None,
            kept_sequence: None,
            preset: None,
        };
        for field in Field::ALL {
            s.read(field);
        }
        s
    }

    /// The texts an address gives: an example's settings (`preset=`), then each setting's key,
    /// also as the form labels and the CLI write it (`seq_len=`, `seq-len=`) or an alias (`lr=`).
    /// Other keys are passed over in silence: hosts add their own (`fbclid=`, `utm_source=`).
    pub fn texts_from(pairs: &[(String, String)]) -> Vec<String> {
        let mut base = Config::default();
        if let Some(p) = super::url::get(pairs, super::url::PRESET).and_then(presets::find) {
            p.apply(&mut base);
        }
        let mut texts: Vec<String> = Field::ALL.iter().map(|&f| base.get(f)).collect();
        for (key, value) in pairs {
            if let Some(field) = Field::find(key) {
                texts[index(field)] = value.clone();
            }
        }
        texts
    }

    /// The text of `field` as typed.
    pub fn text(&self, field: Field) -> &str {
        &self.texts[index(field)]
    }

    /// The message to show beside `field`, if any.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .chain(&self.problem)
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// True while a field's text can't be used: training waits for it.
    pub fn blocked(&self) -> bool {
        !self.errors.is_empty() || self.problem.is_some()
    }

    /// The example whose values are in the sequence field (as typed, valid or not), if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.preset
    }

    /// The lesson in use: the example in the sequence field, else the notebook (whose pace and
    /// settings are the defaults).
    pub fn lesson(&self) -> &'static Preset {
        self.preset.unwrap_or(&presets::PRESETS[0])
    }

    /// Takes one field's text into the draft, or its message into `errors`.
    fn read(&mut self, field: Field) {
        self.errors.retain(|e| e.field != field);
        let text = self.texts[index(field)].clone();
        if let Err(e) = self.draft.set(field, &text) {
            self.errors.push(e);
        }
        if field == Field::Sequence {
            let read = !self.errors.iter().any(|e| e.field == Field::Sequence);
            self.preset = if read {
                presets::with_series(&self.draft.series)
            } else {
                None
            };
            // The target menu follows the data: a name the new data lacks goes back to the
            // default (the last column), rather than blocking every edit of the table.
            let target = &self.draft.target;
            let gone = !target.is_empty()
                && !target.eq_ignore_ascii_case("all")
                && self.draft.series.find(target).is_none();
            if read && gone {
                self.texts[index(Field::Target)].clear();
                self.draft.target.clear();
                self.errors.retain(|e| e.field != Field::Target);
            }
        }
    }

    /// Checks the draft as a whole and says what it means for the model; a change in place is
    /// made live at once, a new model waits for [`Settings::commit`].
    pub fn settle(&mut self) -> Change {
        // A problem between fields is re-checked on every edit.
        self.problem = None;
        if !self.errors.is_empty() {
            return Change::Blocked;
        }
        if let Err(e) = self.draft.validate() {
            self.problem = Some(e);
            return Change::Blocked;
        }
        if self.draft == self.config {
            return Change::Nothing;
        }
        if self.config.needs_new_model(&self.draft) {
            return Change::NewModel(self.draft.clone());
        }
        let before = std::mem::replace(&mut self.config, self.draft.clone());
        Change::InPlace { before }
    }

    /// A trainer was built for the draft: it is the live config now.
    pub fn commit(&mut self, config: Config) {
        self.config = config;
    }

    /// The target menu: a (value, label) for each series of the draft's table, then all of
    /// them; empty for a plain sequence, which has nothing to choose (the menu is hidden).
    pub fn target_options(&self) -> Vec<(String, String)> {
        let series = &self.draft.series;
        if !series.is_table() {
            return Vec::new();
        }
        let mut options: Vec<(String, String)> = series
            .columns
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect();
        if series.features() > 1 {
            options.push(("all".into(), "all of them".into()));
        }
        options
    }

    /// What the target menu shows: the target typed, or the last column's name when none is.
    pub fn target_choice(&self) -> String {
        let typed = self.text(Field::Target).trim();
        if typed.is_empty() {
            self.draft
                .series
                .columns
                .last()
                .cloned()
                .unwrap_or_default()
        } else {
            typed.to_string()
        }
    }

    /// A field's new text.
    pub fn edit(&mut self, field: Field, text: String) -> Change {
        // Choosing the last column is the default target: the same model, no restart.
        let text = match self.draft.series.columns.last() {
            Some(last) if field == Field::Target && text.trim().eq_ignore_ascii_case(last) => {
                String::new()
            }
            _ => text,
        };
        self.texts[index(field)] = text;
        self.read(field);
        self.settle()
    }

    /// Every field's text from `config` (an example, a kept run's settings), as if typed.
    pub fn set_all(&mut self, config: &Config) -> Change {
        for field in Field::ALL {
            self.texts[index(field)] = config.get(field);
        }
        for field in Field::ALL {
            self.read(field);
        }
        self.settle()
    }

    /// Loads an example. A sequence the person typed is put aside, with a way to bring it back.
    pub fn choose_preset(&mut self, p: &Preset) -> Change {
        // Judged on the text in the field, which may not be valid (and so not in the draft) yet.
        let typed = parse_series(self.text(Field::Sequence)).ok();
        if typed.and_then(|s| presets::with_series(&s)).is_none() {
            self.kept_sequence = Some(self.text(Field::Sequence).to_string());
        }
        let mut c = self.draft.clone();
        p.apply(&mut c);
        self.set_all(&c)
    }

    /// Brings back the sequence put aside, if any.
    pub fn restore_sequence(&mut self) -> Option<Change> {
        let text = self.kept_sequence.take()?;
        Some(self.edit(Field::Sequence, text))
    }

    /// The ways the commas inside the sequence's numbers could be meant (thousands separators,
    /// decimal commas), each with the field's text rewritten that way: offered, never applied.
    pub fn comma_readings(&self) -> Vec<(Reading, String)> {
        data::comma_readings(self.text(Field::Sequence))
    }

    /// Reads the sequence's commas as `reading`, if that reading is on offer.
    pub fn reread(&mut self, reading: Reading) -> Option<Change> {
        let (_, text) = self
            .comma_readings()
            .into_iter()
            .find(|(r, _)| *r == reading)?;
        Some(self.edit(Field::Sequence, text))
    }

    /// The offer under the sequence field when its commas may belong to the numbers: a
    /// sentence, and a button label for each reading ("Read 1,234 as 1234"), by the first such
    /// number in the text. None when there is nothing to offer.
    pub fn comma_offer(&self) -> Option<(String, Vec<(Reading, String)>)> {
        let readings = self.comma_readings();
        let text = self.text(Field::Sequence);
        let example = text
            .split(|c: char| c == ';' || c.is_whitespace())
            .find(|t| t.contains(','))?;
        let n = group(self.draft.series.values.len());
        let sentence = match readings.as_slice() {
            [] => return None,
            [(Reading::Decimals, _)] => format!(
                "These look like numbers with decimal commas ({example} meaning {}), but commas \
                 separate values here, so this reads as {n} numbers.",
                example.replace(',', ".")
            ),
            [(Reading::Thousands, _)] => format!(
                "These look like numbers with thousands separators ({example} meaning {}), but \
                 commas separate values here, so this reads as {n} numbers.",
                example.replace(',', "")
            ),
            _ => format!(
                "Commas separate values here, so this reads as {n} numbers. If the commas belong \
                 to the numbers, say how to read them:"
            ),
        };
        let buttons = readings
            .iter()
            .map(|(r, _)| {
                let as_read = match r {
                    Reading::Thousands => example.replace(',', ""),
                    Reading::Decimals => example.replace(',', "."),
                };
                (*r, format!("Read {example} as {as_read}"))
            })
            .collect();
        Some((sentence, buttons))
    }
}

/// A field's place in [`Field::ALL`] (and in [`Settings::texts`]).
pub fn index(field: Field) -> usize {
    SETTINGS.iter().position(|s| s.field == field).unwrap_or(0)
}
