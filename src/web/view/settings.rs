//! The settings panel: the form built from the settings table, each field's message, the example
//! menu with the lesson's text and steps, and the offer to read commas inside numbers.

use super::super::dom::{el, set_attr, set_hidden, set_text, text_el, Finder};
use super::option;
use crate::app::State;
use crate::config::{parse_toggle, Field, Kind, Setting, SETTINGS};
use crate::data::presets::PRESETS;
use crate::data::Reading;
use crate::format::group;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

/// A setting's form control.
pub enum Control {
    Text(HtmlInputElement),
    Area(HtmlTextAreaElement),
    Select(HtmlSelectElement),
    Check(HtmlInputElement),
}

impl Control {
    /// The text the control holds, as the settings read it (a checkbox: "on" / "off").
    pub fn value(&self) -> String {
        match self {
            Control::Check(e) => (if e.checked() { "on" } else { "off" }).into(),
            other => super::super::dom::value(other.element()),
        }
    }

    fn set(&self, text: &str) {
        match self {
            // A value that is no option leaves nothing selected: the field then says why.
            Control::Select(e) => super::super::dom::set_value(e, text.trim()),
            Control::Check(e) => e.set_checked(parse_toggle(text) == Some(true)),
            other => super::super::dom::set_value(other.element(), text),
        }
    }

    pub fn element(&self) -> &Element {
        match self {
            Control::Text(e) | Control::Check(e) => e,
            Control::Area(e) => e,
            Control::Select(e) => e,
        }
    }
}

/// One setting's control and its message.
pub struct FieldView {
    pub field: Field,
    pub control: Control,
    error: Element,
}

pub struct SettingsView {
    pub fields: Vec<FieldView>,
    pub preset: HtmlSelectElement,
    preset_about: Element,
    /// The lesson's steps, a list under its text, and which lesson's they are.
    preset_steps: Element,
    steps_shown: &'static str,
    preset_kept: HtmlElement,
    preset_kept_text: Element,
    pub restore_sequence: HtmlButtonElement,
    decimal_hint: HtmlElement,
    decimal_hint_text: Element,
    pub use_decimal_points: HtmlButtonElement,
    pub use_thousands: HtmlButtonElement,
    data_source: Element,
    /// "Open a data file…": a file input under the sequence field (its label is the button).
    pub open_data: HtmlInputElement,
    /// The target menu's options as last built: rebuilt only when the table's columns change.
    target_shown: Vec<(String, String)>,
}

impl SettingsView {
    /// Finds the panel's elements and builds the form from the settings table.
    pub fn new(f: &mut Finder) -> SettingsView {
        let lesson_settings: Element = f.get("lesson-settings");
        let more_settings: Element = f.get("more-settings");
        let fields: Vec<FieldView> = SETTINGS
            .iter()
            .map(|s| {
                let parent = if s.lesson {
                    &lesson_settings
                } else {
                    &more_settings
                };
                build_field(s, parent)
            })
            .collect();
        let preset: HtmlSelectElement = f.get("preset");
        for p in PRESETS {
            option(&preset, p.key, p.name);
        }
        option(&preset, "custom", "Your own sequence");
        // The offer to read commas inside numbers sits under the sequence field.
        let decimal_hint: HtmlElement = el("p", None).unchecked_into();
        decimal_hint.set_id("decimal-hint");
        decimal_hint.set_class_name("hint notice");
        decimal_hint.set_hidden(true);
        let decimal_hint_text = el("span", Some(&decimal_hint));
        let offer_button = |id: &str| -> HtmlButtonElement {
            let b: HtmlButtonElement = el("button", Some(&decimal_hint)).unchecked_into();
            b.set_id(id);
            b.set_attribute("type", "button").ok();
            b.set_class_name("small");
            b
        };
        let use_thousands = offer_button("use-thousands");
        let use_decimal_points = offer_button("use-decimal-points");
        // A data file, chosen or dropped on the field, is read as if pasted into it.
        let open_data: HtmlInputElement = el("input", None).unchecked_into();
        open_data.set_id("open-data");
        open_data.set_type("file");
        open_data.set_accept(".csv,.tsv,.txt,text/csv,text/plain");
        open_data.set_class_name("visually-hidden");
        let open_label = text_el("label", "Open a file…", None);
        open_label.set_class_name("button small open-data");
        open_label.set_attribute("for", "open-data").ok();
        if let Some(seq) = fields.iter().find(|fv| fv.field == Field::Sequence) {
            if let Some(parent) = seq.error.parent_node() {
                parent
                    .insert_before(&decimal_hint, seq.error.next_sibling().as_ref())
                    .ok();
                // Beside the field's label, above the text: it does what pasting does.
                let area = seq.control.element();
                parent.insert_before(&open_data, Some(area)).ok();
                parent.insert_before(&open_label, Some(area)).ok();
            }
        }
        let preset_about: Element = f.get("preset-about");
        let preset_steps = el("ol", None);
        preset_steps.set_id("preset-steps");
        preset_steps.set_class_name("about steps");
        if let Some(parent) = preset_about.parent_node() {
            parent
                .insert_before(&preset_steps, preset_about.next_sibling().as_ref())
                .ok();
        }
        SettingsView {
            fields,
            preset,
            preset_about,
            preset_steps,
            steps_shown: "",
            preset_kept: f.get("preset-kept"),
            preset_kept_text: f.get("preset-kept-text"),
            restore_sequence: f.get("restore-sequence"),
            decimal_hint,
            decimal_hint_text,
            use_decimal_points,
            use_thousands,
            data_source: f.get("data-source"),
            open_data,
            target_shown: Vec::new(),
        }
    }

    pub fn field(&self, field: Field) -> Option<&FieldView> {
        self.fields.iter().find(|fv| fv.field == field)
    }

    /// The fields' values (when the page set them: an example, a restored sequence) and,
    /// after any edit, their messages, the example in use and the comma offer.
    pub fn render(&mut self, state: &State, form: bool, fields: bool) {
        let settings = &state.settings;
        if !form && !fields {
            return;
        }
        let options = settings.target_options();
        if let Some(Control::Select(select)) = self.field(Field::Target).map(|fv| &fv.control) {
            if options != self.target_shown {
                select.set_text_content(None);
                for (value, label) in &options {
                    option(select, value, label);
                }
                if let Some(wrap) = select.parent_element() {
                    set_attr(&wrap, "hidden", options.is_empty().then_some(""));
                }
                self.target_shown = options;
            }
        }
        if form {
            for fv in &self.fields {
                fv.control.set(settings.text(fv.field));
            }
        }
        if let Some(fv) = self.field(Field::Target) {
            fv.control.set(&settings.target_choice());
        }
        if !fields {
            return;
        }
        for fv in &self.fields {
            let message = settings.error(fv.field).unwrap_or("");
            set_text(&fv.error, message);
            set_attr(
                fv.control.element(),
                "aria-invalid",
                (!message.is_empty()).then_some("true"),
            );
        }
        let preset = settings.preset();
        let key = preset.map_or("custom", |p| p.key);
        super::super::dom::set_value(&self.preset, key);
        set_text(&self.preset_about, preset.map_or("", |p| p.about));
        if self.steps_shown != key {
            self.steps_shown = key;
            self.preset_steps.set_text_content(None);
            for step in preset.map_or(&[][..], |p| p.steps) {
                text_el("li", step, Some(&self.preset_steps));
            }
        }
        set_text(
            &self.data_source,
            &preset
                .and_then(|p| p.source)
                .map(|s| format!("Data: {s}"))
                .unwrap_or_default(),
        );
        set_hidden(&self.preset_kept, settings.kept_sequence.is_none());
        if let Some(kept) = &settings.kept_sequence {
            let text = match crate::data::parse_series(kept) {
                Ok(s) if s.is_table() => format!(
                    "Your own table ({} rows of {} series) is put aside.",
                    group(s.rows()),
                    s.features()
                ),
                Ok(s) => format!(
                    "Your own sequence ({} values) is put aside.",
                    group(s.rows())
                ),
                Err(_) => "Your own sequence is put aside.".to_string(),
            };
            set_text(&self.preset_kept_text, &text);
        }
        match settings.comma_offer() {
            Some((sentence, buttons)) => {
                set_text(&self.decimal_hint_text, &format!("{sentence} "));
                for (reading, button) in [
                    (Reading::Thousands, &self.use_thousands),
                    (Reading::Decimals, &self.use_decimal_points),
                ] {
                    let label = buttons.iter().find(|b| b.0 == reading).map(|b| &b.1);
                    set_hidden(button, label.is_none());
                    set_text(button, label.map_or("", |l| l.as_str()));
                }
                set_hidden(&self.decimal_hint, false);
            }
            None => set_hidden(&self.decimal_hint, true),
        }
    }
}

/// One setting's label, control and message, built from its row of the table.
fn build_field(s: &Setting, parent: &Element) -> FieldView {
    let wrap = el("div", Some(parent));
    wrap.set_class_name(match s.kind {
        Kind::Sequence => "field wide",
        Kind::Toggle => "field check",
        _ => "field",
    });
    wrap.set_attribute("data-control", s.id).ok();
    let error_id = format!("{}-error", s.id);
    let label = |parent: &Element| {
        let l = text_el("label", s.label, Some(parent));
        l.set_attribute("for", s.id).ok();
        if !s.hint.is_empty() {
            let hint = text_el("span", &format!(" {}", s.hint), Some(&l));
            hint.set_class_name("hint");
        }
    };
    let control = match s.kind {
        Kind::Toggle => {
            let input: HtmlInputElement = el("input", Some(&wrap)).unchecked_into();
            input.set_attribute("type", "checkbox").ok();
            label(&wrap);
            Control::Check(input)
        }
        Kind::Sequence => {
            label(&wrap);
            let area: HtmlTextAreaElement = el("textarea", Some(&wrap)).unchecked_into();
            area.set_rows(3);
            area.set_attribute("spellcheck", "false").ok();
            Control::Area(area)
        }
        Kind::Choice(_) | Kind::Cell | Kind::Target => {
            label(&wrap);
            let select: HtmlSelectElement = el("select", Some(&wrap)).unchecked_into();
            for (value, text) in s.kind.options() {
                option(&select, value, text);
            }
            if s.kind == Kind::Target {
                // Shown with a table's columns (`render`).
                wrap.set_attribute("hidden", "").ok();
            }
            Control::Select(select)
        }
        Kind::Whole { .. } | Kind::Rate { .. } | Kind::Layers { .. } => {
            label(&wrap);
            let input: HtmlInputElement = el("input", Some(&wrap)).unchecked_into();
            input.set_attribute("type", "text").ok();
            let mode = if matches!(s.kind, Kind::Rate { .. } | Kind::Layers { .. }) {
                // (Layers: "32, 16" needs the comma key.)
                "decimal"
            } else {
                "numeric"
            };
            input.set_attribute("inputmode", mode).ok();
            Control::Text(input)
        }
    };
    let e = control.element();
    e.set_id(s.id);
    e.set_attribute("aria-describedby", &error_id).ok();
    let error = el("p", Some(&wrap));
    error.set_class_name("error");
    error.set_id(&error_id);
    error.set_attribute("role", "alert").ok();
    FieldView {
        field: s.field,
        control,
        error,
    }
}
