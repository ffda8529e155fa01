//! The only code that touches the page: a handle to every element, fetched once at launch, and
//! `render`, which writes what the [`State`] says, only where it changed.

use super::dom::{self, el, set_attr, set_hidden, set_text, text_el, Finder};
use super::lesson;
use crate::app::{index, LossScale, Mode, Startup, State, ThemeChoice, EMBED_CONTROLS, SPEEDS};
use crate::chart::heatmap::HeatScale;
use crate::chart::{self, Theme};
use crate::config::{parse_toggle, Field, Kind, SETTINGS};
use crate::data::presets::PRESETS;
use crate::data::Reading;
use crate::format::group;
use crate::format::short;
use crate::io::export::join_short;
use crate::nn::cell::Cell;
use crate::nn::model::Trace;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlButtonElement, HtmlCanvasElement, HtmlDetailsElement, HtmlElement,
    HtmlIFrameElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// The data chart, the network and the inside view are redrawn at most this often while
/// training (the loss chart, which is cheap, every frame).
const SLOW_REDRAW_MS: f64 = 250.0;

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
            Control::Text(e) => dom::value(e),
            Control::Area(e) => dom::value(e),
            Control::Select(e) => dom::value(e),
            Control::Check(e) => (if e.checked() { "on" } else { "off" }).into(),
        }
    }

    fn set(&self, text: &str) {
        match self {
            Control::Text(e) => dom::set_value(e, text),
            Control::Area(e) => dom::set_value(e, text),
            // A value that is no option leaves nothing selected: the field then says why.
            Control::Select(e) => dom::set_value(e, text.trim()),
            Control::Check(e) => e.set_checked(parse_toggle(text) == Some(true)),
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

pub struct View {
    root: Element,
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
    pub train: HtmlButtonElement,
    pub step: HtmlButtonElement,
    pub reset: HtmlButtonElement,
    pub speed: HtmlSelectElement,
    status_progress: Element,
    status_note: Element,
    pub presentation: HtmlInputElement,
    pub theme: HtmlSelectElement,
    pub loss_scale: HtmlSelectElement,
    pub data_chart: HtmlCanvasElement,
    pub loss_chart: HtmlCanvasElement,
    pub network: HtmlCanvasElement,
    pub hidden_chart: HtmlCanvasElement,
    grad_chart: HtmlCanvasElement,
    grad_sentence: Element,
    pub forecast_input: HtmlInputElement,
    forecast_error: Element,
    pub forecast: HtmlButtonElement,
    forecast_output: Element,
    pub horizon: HtmlInputElement,
    horizon_error: Element,
    pub roll: HtmlButtonElement,
    pub clear_roll: HtmlButtonElement,
    roll_output: Element,
    diagnosis: Element,
    pub keep_run: HtmlButtonElement,
    pub race: HtmlButtonElement,
    pub runs: Element,
    runs_note: Element,
    /// What the kept-runs list shows, to rebuild it only when that changes.
    runs_shown: String,
    baselines: Element,
    /// What the loss table shows, to rebuild it only when that changes.
    losses_shown: String,
    standing: Element,
    forecast_note: Element,
    roll_note: Element,
    pub embed_runs: HtmlInputElement,
    speed_readout: Element,
    pub windows_body: Element,
    window_count: Element,
    windows_more: Element,
    pub inside: HtmlDetailsElement,
    pub inside_window: HtmlInputElement,
    inside_window_error: Element,
    pub inside_step: HtmlInputElement,
    dead_units: Element,
    step_terms: Element,
    network_step: Element,
    gates_box: HtmlElement,
    gate_charts: Vec<HtmlCanvasElement>,
    summary_body: Element,
    param_formula: Element,
    keras_code: Element,
    code_note: Element,
    pub copy_code: HtmlButtonElement,
    pub copy_link: HtmlButtonElement,
    share_note: Element,
    pub embed_controls: Vec<(String, HtmlInputElement)>,
    pub embed_autoplay: HtmlInputElement,
    pub copy_embed: HtmlButtonElement,
    pub embed_code: HtmlTextAreaElement,
    pub embed_preview_box: HtmlDetailsElement,
    embed_preview: HtmlIFrameElement,
    pub export_weights: HtmlButtonElement,
    pub import_weights: HtmlInputElement,
    import_error: Element,
    pub export_loss: HtmlButtonElement,
    pub export_predictions: HtmlButtonElement,
    pub export_loss_png: HtmlButtonElement,
    pub export_data_png: HtmlButtonElement,
    loading: HtmlElement,
    open_full: web_sys::HtmlAnchorElement,
    data_source: Element,
    /// When the slow parts were last drawn, and whether a draw of them is owed.
    last_slow: f64,
    /// The network diagram's geometry as last drawn, for clicks.
    pub network_size: (u32, u32),
    marked_ready: bool,
    first_chart: bool,
    last_height: i32,
}

impl View {
    /// Finds every element and builds the generated parts of the form (the settings from the
    /// table, the menus). A missing element is one clear error naming all of them.
    pub fn new() -> Result<View, String> {
        let doc = dom::document();
        let mut f = Finder::new(&doc);
        let lesson_settings: Element = f.get("lesson-settings");
        let more_settings: Element = f.get("more-settings");
        let fields = SETTINGS
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
            let o = text_el("option", p.name, Some(&preset));
            o.set_attribute("value", p.key).ok();
        }
        let o = text_el("option", "Your own sequence", Some(&preset));
        o.set_attribute("value", "custom").ok();
        let speed: HtmlSelectElement = f.get("speed");
        for (v, label) in SPEEDS {
            option(&speed, v, label);
        }
        let theme: HtmlSelectElement = f.get("theme");
        for (_, v, label) in ThemeChoice::ALL {
            option(&theme, v, label);
        }
        let loss_scale: HtmlSelectElement = f.get("loss-scale");
        for (_, v, label) in LossScale::ALL {
            option(&loss_scale, v, label);
        }
        let embed_box: Element = f.get("embed-controls");
        let embed_controls = EMBED_CONTROLS
            .iter()
            .map(|(name, label)| {
                let wrap = el("span", Some(&embed_box));
                wrap.set_class_name("check");
                let input: HtmlInputElement = el("input", Some(&wrap)).unchecked_into();
                input.set_attribute("type", "checkbox").ok();
                input.set_id(&format!("embed-control-{name}"));
                let l = text_el("label", label, Some(&wrap));
                l.set_attribute("for", &input.id()).ok();
                (name.to_string(), input)
            })
            .collect();
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
        let view = View {
            root: doc.document_element().expect("the page has a root element"),
            fields,
            preset,
            preset_about: f.get("preset-about"),
            preset_steps: el("ol", None),
            steps_shown: "",
            preset_kept: f.get("preset-kept"),
            preset_kept_text: f.get("preset-kept-text"),
            restore_sequence: f.get("restore-sequence"),
            decimal_hint,
            decimal_hint_text,
            use_decimal_points,
            use_thousands,
            train: f.get("train"),
            step: f.get("step"),
            reset: f.get("reset"),
            speed,
            status_progress: el("span", None),
            status_note: el("span", None),
            presentation: f.get("presentation"),
            theme,
            loss_scale,
            data_chart: f.get("data-chart"),
            loss_chart: f.get("loss-chart"),
            network: f.get("network"),
            hidden_chart: f.get("hidden-chart"),
            grad_chart: f.get("grad-chart"),
            grad_sentence: f.get("grad-sentence"),
            forecast_input: f.get("forecast-input"),
            forecast_error: f.get("forecast-input-error"),
            forecast: f.get("forecast"),
            forecast_output: f.get("forecast-output"),
            horizon: f.get("horizon"),
            horizon_error: f.get("horizon-error"),
            roll: f.get("roll"),
            clear_roll: f.get("clear-roll"),
            roll_output: f.get("roll-output"),
            diagnosis: f.get("diagnosis"),
            keep_run: f.get("keep-run"),
            race: f.get("race"),
            runs: f.get("runs"),
            runs_note: f.get("runs-note"),
            runs_shown: String::new(),
            baselines: f.get("loss-table"),
            losses_shown: String::new(),
            standing: f.get("standing"),
            forecast_note: f.get("forecast-note"),
            roll_note: f.get("roll-note"),
            embed_runs: f.get("embed-runs"),
            speed_readout: f.get("speed-readout"),
            windows_body: f
                .get::<Element>("windows-table")
                .query_selector("tbody")
                .ok()
                .flatten()
                .unwrap_or_else(|| el("tbody", None)),
            window_count: f.get("window-count"),
            windows_more: f.get("windows-more"),
            inside: f.get("inside"),
            inside_window: f.get("inside-window"),
            inside_window_error: f.get("inside-window-error"),
            inside_step: f.get("inside-step"),
            dead_units: f.get("dead-units"),
            step_terms: f.get("step-terms"),
            network_step: f.get("network-step"),
            gate_charts: {
                let gates_box: Element = f.get("gates");
                (0..4)
                    .map(|k| {
                        let c: HtmlCanvasElement = el("canvas", Some(&gates_box)).unchecked_into();
                        c.set_id(&format!("gate-chart-{k}"));
                        c.set_attribute("role", "img").ok();
                        c.set_attribute("aria-label", "A gate's heatmap").ok();
                        c
                    })
                    .collect()
            },
            gates_box: f.get("gates"),
            summary_body: f
                .get::<Element>("summary-table")
                .query_selector("tbody")
                .ok()
                .flatten()
                .unwrap_or_else(|| el("tbody", None)),
            param_formula: f.get("param-formula"),
            keras_code: f.get("keras-code"),
            code_note: f.get("code-note"),
            copy_code: f.get("copy-code"),
            copy_link: f.get("copy-link"),
            share_note: f.get("share-note"),
            embed_controls,
            embed_autoplay: f.get("embed-autoplay"),
            copy_embed: f.get("copy-embed"),
            embed_code: f.get("embed-code"),
            embed_preview_box: f.get("embed-preview-box"),
            embed_preview: f.get("embed-preview"),
            export_weights: f.get("export-weights"),
            import_weights: f.get("import-weights"),
            import_error: f.get("import-weights-error"),
            export_loss: f.get("export-loss"),
            export_predictions: f.get("export-predictions"),
            export_loss_png: f.get("export-loss-png"),
            export_data_png: f.get("export-data-png"),
            loading: f.get("loading"),
            open_full: f.get("open-full"),
            data_source: f.get("data-source"),
            last_slow: f64::NEG_INFINITY,
            network_size: (0, 0),
            marked_ready: false,
            first_chart: false,
            last_height: 0,
        };
        let status: Element = f.get("status");
        status.set_text_content(None);
        status.append_child(&view.status_progress).ok();
        status.append_child(&view.status_note).ok();
        view.status_note.set_class_name("note");
        if !f.missing.is_empty() {
            return Err(format!(
                "The page's markup lacks {}: the page and its code don't match.",
                crate::format::join(&f.missing, ", ")
            ));
        }
        view.preset_steps.set_id("preset-steps");
        view.preset_steps.set_class_name("about steps");
        if let Some(parent) = view.preset_about.parent_node() {
            parent
                .insert_before(
                    &view.preset_steps,
                    view.preset_about.next_sibling().as_ref(),
                )
                .ok();
        }
        if let Some(seq) = view.field(Field::Sequence) {
            if let Some(parent) = seq.error.parent_node() {
                parent
                    .insert_before(&view.decimal_hint, seq.error.next_sibling().as_ref())
                    .ok();
            }
        }
        Ok(view)
    }

    pub fn field(&self, field: Field) -> Option<&FieldView> {
        self.fields.get(index(field))
    }

    /// Everything embed mode and the view options decide once, at launch.
    pub fn setup(&self, state: &State) {
        if let Some(embed) = &state.embed {
            self.root.class_list().add_1("embed").ok();
            if let Ok(nodes) = dom::document().query_selector_all("[data-control]") {
                for i in 0..nodes.length() {
                    let Some(e) = nodes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                        continue;
                    };
                    let name = e.get_attribute("data-control").unwrap_or_default();
                    if embed.controls.contains(&name) {
                        e.class_list().add_1("shown").ok();
                    }
                }
            }
        }
    }

    /// Draws what changed. Charts and the lessons wait for start-up (the first two frames);
    /// while training, the slow parts are drawn at most every [`SLOW_REDRAW_MS`].
    pub fn render(&mut self, state: &mut State) {
        let now = dom::now();
        self.render_options(state);
        self.render_form(state);
        self.render_run(state);
        self.render_forecast(state);
        if state.startup == Startup::Lessons {
            return;
        }
        if state.dirty.canvases {
            state.dirty.canvases = false;
            self.resize_canvases();
        }
        if state.dirty.lesson {
            state.dirty.lesson = false;
            self.render_lesson(state);
        }
        if state.startup != Startup::Done {
            return;
        }
        if state.dirty.url {
            state.dirty.url = false;
            self.render_url(state);
        }
        let theme = self.theme(state);
        self.render_runs(state, &theme);
        if state.dirty.loss {
            state.dirty.loss = false;
            self.draw_loss(state, &theme);
        }
        let slow_due = !state.running() || now - self.last_slow >= SLOW_REDRAW_MS;
        if slow_due && (state.dirty.data || state.dirty.network) {
            self.last_slow = now;
            if state.dirty.data {
                state.dirty.data = false;
                self.draw_data(state, &theme);
                self.draw_grads(state, &theme);
            }
            if state.dirty.network && state.trainer.ready() {
                state.dirty.network = false;
                self.draw_network(state, &theme);
                self.draw_inside(state, &theme);
            }
        }
        if !self.marked_ready {
            self.marked_ready = true;
            set_hidden(&self.loading, true);
            // What tests and embedders wait for (boot.js set `window.wasmBindings` first).
            self.root.set_attribute("data-ready", "1").ok();
        }
        self.post_height(state);
    }

    /// Whether a slow part still waits to be drawn (the frame loop goes on until it is).
    pub fn owes_a_draw(&self, state: &State) -> bool {
        state.dirty.data || (state.dirty.network && state.trainer.ready())
    }

    fn render_options(&self, state: &State) {
        let class = self.root.class_list();
        if class.contains("presenting") != state.presentation {
            class.toggle("presenting").ok();
        }
        if self.presentation.checked() != state.presentation {
            self.presentation.set_checked(state.presentation);
        }
        let theme = state.theme.value();
        dom::set_value(&self.theme, theme);
        set_attr(
            &self.root,
            "data-theme",
            (state.theme != ThemeChoice::Auto).then_some(theme),
        );
        let speed = state.speed.value();
        dom::set_value(&self.speed, &speed);
        dom::set_value(&self.loss_scale, state.loss_scale.value());
    }

    fn render_form(&mut self, state: &mut State) {
        if state.dirty.form {
            state.dirty.form = false;
            for fv in &self.fields {
                fv.control.set(state.text(fv.field));
            }
        }
        for fv in &self.fields {
            let message = state.error(fv.field).unwrap_or("");
            set_text(&fv.error, message);
            set_attr(
                fv.control.element(),
                "aria-invalid",
                (!message.is_empty()).then_some("true"),
            );
        }
        let preset = state.preset();
        let key = preset.map_or("custom", |p| p.key);
        dom::set_value(&self.preset, key);
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
        set_hidden(&self.preset_kept, state.kept_sequence.is_none());
        if let Some(kept) = &state.kept_sequence {
            let n = crate::data::parse_sequence(kept).map_or(0, |v| v.len());
            set_text(
                &self.preset_kept_text,
                &format!("Your own sequence ({} values) is put aside.", group(n)),
            );
        }
        match state.comma_offer() {
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

    /// The kept runs: a line each, in its colour and dash, with what differs from the current
    /// settings, its last loss, and buttons to bring its settings back or remove it.
    fn render_runs(&mut self, state: &State, theme: &Theme) {
        set_text(&self.runs_note, &state.runs_note);
        self.race.set_disabled(state.kept.is_empty());
        let lines: Vec<(usize, String)> = state
            .kept
            .iter()
            .map(|r| {
                let mut line = r.label(&state.config);
                match (r.racing(), r.history.last(), &r.stopped) {
                    (_, _, Some(_)) => line += " · diverged",
                    (true, _, _) => line += &format!(" · epoch {}…", r.history.len()),
                    (false, Some(loss), _) => line += &format!(" · loss {}", short(*loss as f64)),
                    _ => {}
                }
                (r.style, line)
            })
            .collect();
        let mut shown = theme.background.0.to_string();
        for (style, line) in &lines {
            shown += &format!("\n{style} {line}");
        }
        if shown == self.runs_shown {
            return;
        }
        self.runs_shown = shown;
        self.runs.set_text_content(None);
        for (i, (style, line)) in lines.iter().enumerate() {
            let li = el("li", Some(&self.runs));
            swatch(&li, theme.runs[*style % 4], DASHES[*style % 4].1);
            let what = text_el("span", line, Some(&li));
            what.set_class_name("what");
            let number = i + 1;
            for (action, label, name) in [
                (
                    "use",
                    "Use",
                    format!("Use the settings of kept run {number}"),
                ),
                ("remove", "Remove", format!("Remove kept run {number}")),
            ] {
                let b = text_el("button", label, Some(&li));
                b.set_attribute("type", "button").ok();
                b.set_attribute("data-action", action).ok();
                b.set_attribute("data-index", &i.to_string()).ok();
                b.set_attribute("aria-label", &name).ok();
            }
        }
    }

    fn render_run(&mut self, state: &State) {
        let (progress, note) = state.status_parts();
        set_text(&self.status_progress, &progress);
        set_text(&self.status_note, &note);
        let running = state.running();
        set_text(&self.train, if running { "Pause" } else { "Train" });
        let blocked = state.blocked();
        self.train.set_disabled(blocked && !running);
        self.step.set_disabled(blocked);
        self.reset.set_disabled(blocked);
        self.forecast.set_disabled(blocked);
        // Why Train is off, where the button is.
        let why = if blocked && !running {
            "Fix the highlighted setting first."
        } else {
            "Train or pause (Space)"
        };
        set_attr(&self.train, "title", Some(why));
        let diagnosis = state.diagnosis();
        if self.diagnosis.child_element_count() as usize != diagnosis.len()
            || self.diagnosis.text_content().unwrap_or_default()
                != crate::format::join(&diagnosis, "")
        {
            self.diagnosis.set_text_content(None);
            for line in &diagnosis {
                text_el("p", line, Some(&self.diagnosis));
            }
        }
        set_text(&self.speed_readout, &state.speed_readout());
        self.render_losses(state);
        set_text(&self.import_error, &state.import_error);
        set_text(&self.share_note, &state.share_note);
        set_text(&self.code_note, &state.code_note);
        let _ = Mode::Paused;
    }

    /// The model's loss beside the rules' (a table, rebuilt only when a number changes), and
    /// where it stands.
    fn render_losses(&mut self, state: &State) {
        let table = state.loss_table();
        // (Pushed one by one: `concat` links std's join, a kilobyte per element type.)
        let mut key = String::new();
        for h in &table.heads {
            key += h;
        }
        for (label, cells) in &table.rows {
            key += label;
            for c in cells {
                key += c;
            }
        }
        if key != self.losses_shown {
            self.losses_shown = key;
            self.baselines.set_text_content(None);
            let head = el("tr", Some(&el("thead", Some(&self.baselines))));
            for h in &table.heads {
                let th = text_el("th", h, Some(&head));
                th.set_attribute("scope", "col").ok();
            }
            let body = el("tbody", Some(&self.baselines));
            for (label, cells) in &table.rows {
                let tr = el("tr", Some(&body));
                text_el("th", label, Some(&tr))
                    .set_attribute("scope", "row")
                    .ok();
                for c in cells {
                    text_el("td", c, Some(&tr));
                }
            }
        }
        set_text(&self.standing, &state.standing());
    }

    fn render_forecast(&self, state: &State) {
        dom::set_value(&self.forecast_input, &state.forecast_text);
        set_text(&self.forecast_error, &state.forecast_error);
        set_attr(
            &self.forecast_input,
            "aria-invalid",
            (!state.forecast_error.is_empty()).then_some("true"),
        );
        set_text(&self.forecast_output, &join_short(&state.forecast));
        set_text(&self.forecast_note, &state.forecast_note);
        set_text(&self.roll_note, &state.roll_note);
        dom::set_value(&self.horizon, &state.horizon_text);
        set_text(&self.horizon_error, &state.horizon_error);
        set_text(&self.roll_output, &join_short(&state.rolled));
        self.clear_roll.set_disabled(state.rolled.is_empty());
        let open = state.inside_open;
        if self.inside.open() != open {
            self.inside.set_open(open);
        }
    }

    /// Everything that follows from the settings rather than from training.
    fn render_lesson(&self, state: &State) {
        let c = &state.config;
        if let Ok(windows) = crate::data::split_sequence(&c.sequence, c.seq_len, c.n_steps) {
            let held = state.trainer.val_windows().map(|(_, first)| first);
            lesson::windows_table(
                &self.window_count,
                &self.windows_body,
                &self.windows_more,
                c,
                &windows,
                held,
            );
        }
        lesson::summary(
            &self.summary_body,
            &self.param_formula,
            &state.trainer.model().dims,
        );
        set_text(
            &self.keras_code,
            &crate::teach::keras_code::keras_program(c),
        );
        self.inside_step.set_max(&c.seq_len.to_string());
        let step = state.inside_step.to_string();
        dom::set_value(&self.inside_step, &step);
        for (name, input) in &self.embed_controls {
            input.set_checked(state.share.controls.contains(name));
        }
        self.embed_autoplay.set_checked(state.share.autoplay);
        self.embed_runs.set_checked(state.share_runs);
    }

    fn render_url(&self, state: &State) {
        let query = state.query();
        let location = dom::window().location();
        let path = location.pathname().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let url = if query.is_empty() {
            format!("{path}{hash}")
        } else {
            format!("{path}?{query}{hash}")
        };
        if let Ok(history) = dom::window().history() {
            // Can fail for an enormous address; the page goes on with the old one.
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        let code = state.embed_code();
        dom::set_value(&self.embed_code, &code);
        self.open_full.set_href(&state.link());
        if self.embed_preview_box.open() {
            let src = state.embed_src();
            if self.embed_preview.src() != src {
                self.embed_preview.set_src(&src);
            }
        }
        for (name, input) in &self.embed_controls {
            input.set_checked(state.share.controls.contains(name));
        }
    }

    /// The charts' colours follow the page's theme (the choice, else the system's); their type
    /// grows in presentation mode.
    pub fn theme(&self, state: &State) -> Theme {
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        // Presentation: type for the back of the room, as big as the charts' height allows.
        let font = if state.presentation {
            (self.loss_chart.client_height() as f64 / 12.0).clamp(15.0, 21.0)
        } else {
            13.0
        };
        let dark = match state.theme {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => dom::media("(prefers-color-scheme: dark)"),
        };
        if dark {
            Theme::dark(scale, font)
        } else {
            Theme::light(scale, font)
        }
    }

    /// Sizes each canvas's pixels to its CSS box times the device pixel ratio.
    fn resize_canvases(&self) {
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        for canvas in [
            &self.loss_chart,
            &self.data_chart,
            &self.network,
            &self.hidden_chart,
            &self.grad_chart,
        ]
        .into_iter()
        .chain(&self.gate_charts)
        {
            let (w, h) = (
                canvas.client_width().max(200),
                canvas.client_height().max(120),
            );
            let (pw, ph) = ((w as f64 * scale) as u32, (h as f64 * scale) as u32);
            if canvas.width() != pw || canvas.height() != ph {
                canvas.set_width(pw);
                canvas.set_height(ph);
            }
        }
    }

    fn draw_loss(&mut self, state: &State, theme: &Theme) {
        let history = state.trainer.history();
        let labels: Vec<String> = state.kept.iter().map(|r| r.label(&state.config)).collect();
        let kept: Vec<chart::loss::Curve> = state
            .kept
            .iter()
            .zip(&labels)
            .map(|(r, label)| chart::loss::Curve {
                history: &r.history,
                val: &r.val,
                label,
                colour: theme.runs[r.style % 4],
                dash: DASHES[r.style % 4].0,
            })
            .collect();
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.loss_chart.clone()) {
            let note = state.loss_note();
            let view = chart::loss::LossView {
                history,
                val: state.trainer.val_history(),
                target: state.target,
                log_scale: state.log_scale(),
                kept: &kept,
                note: note.as_deref(),
            };
            if chart::loss::draw(&mut backend, &view, theme).is_err() {
                web_sys::console::warn_1(&"The loss chart could not be drawn.".into());
            }
        }
        let label = match history {
            [] => "Loss chart: no training yet.".to_string(),
            [.., last] => format!(
                "Loss chart: {} epochs, latest loss {}, {} the first epoch's {}.",
                history.len(),
                short(*last as f64),
                if *last < history[0] {
                    "down from"
                } else {
                    "not below"
                },
                short(history[0] as f64)
            ),
        };
        self.loss_chart.set_attribute("aria-label", &label).ok();
        if !self.first_chart {
            self.first_chart = true;
            // Lets a measurement read "navigation → first chart" from the Performance timeline.
            dom::window().performance().map(|p| p.mark("first-chart"));
        }
    }

    fn draw_data(&self, state: &State, theme: &Theme) {
        let c = &state.config;
        let fit = state.one_step_fit();
        let (t, s) = (c.seq_len, c.n_steps);
        let view = chart::data::DataView {
            sequence: &c.sequence,
            fit: &fit,
            fit_start: t,
            forecast: &state.forecast,
            rolled: &state.rolled,
            highlight: state.highlight.map(|i| (i..i + t, i + t..i + t + s)),
            held_out_from: state.trainer.val_windows().map(|(_, first)| first + t),
        };
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.data_chart.clone()) {
            if chart::data::draw(&mut backend, &view, theme).is_err() {
                web_sys::console::warn_1(&"The data chart could not be drawn.".into());
            }
        }
        let label = format!(
            "Chart of the sequence: {} values from {} to {}{}.",
            c.sequence.len(),
            short(c.sequence[0] as f64),
            short(*c.sequence.last().unwrap_or(&0.0) as f64),
            if state.forecast.is_empty() {
                String::new()
            } else {
                format!(", then the forecast {}", join_short(&state.forecast))
            }
        );
        self.data_chart.set_attribute("aria-label", &label).ok();
        lesson::highlight_row(&self.windows_body, state.highlight);
    }

    /// The gradient flow: ‖∂ℓ/∂h_t‖ against steps back, the latest epoch over a few earlier ones.
    fn draw_grads(&self, state: &State, theme: &Theme) {
        let g = &state.grads;
        let mut epochs: Vec<&[f32]> = g.earlier.iter().map(|(_, h)| h.as_slice()).collect();
        let mut numbers: Vec<usize> = g.earlier.iter().map(|(e, _)| *e).collect();
        if let Some((e, h)) = &g.latest {
            epochs.push(h);
            numbers.push(*e);
        }
        let view = chart::grads::GradView {
            epochs: &epochs,
            cells: (!g.cells.is_empty()).then_some(g.cells.as_slice()),
            epoch_numbers: &numbers,
        };
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.grad_chart.clone()) {
            let _ = chart::grads::draw(&mut backend, &view, theme);
        }
        let sentence = state.grad_sentence();
        let sentence = if sentence.is_empty() {
            "How strongly each time step of the window is corrected, after each epoch: the size of ∂loss/∂h_t, from the window's last step (left) back to its first (right)."
        } else {
            &sentence
        };
        set_text(&self.grad_sentence, sentence);
        // A summary of its own, as every chart has: the heading alone says nothing about this run.
        self.grad_chart
            .set_attribute(
                "aria-label",
                &format!("Chart of the error signal flowing back through time. {sentence}"),
            )
            .ok();
    }

    /// The window the network and the inside view show: the one pointed at in the windows
    /// table, else the inside view's choice.
    fn shown_window(&self, state: &State) -> Option<usize> {
        let all = crate::data::window_count(
            state.config.sequence.len(),
            state.config.seq_len,
            state.config.n_steps,
        );
        state
            .highlight
            .or_else(|| state.inside_window().ok())
            .filter(|&i| i < all)
    }

    /// The shown window's inputs (sequence units), scaled inputs, targets and its trace.
    fn window_trace(&self, state: &State, i: usize) -> (Vec<f32>, Vec<f32>, Vec<f32>, Trace) {
        let c = &state.config;
        let (t, s) = (c.seq_len, c.n_steps);
        let inputs = c.sequence[i..i + t].to_vec();
        let targets = c.sequence[i + t..i + t + s].to_vec();
        let scaler = state.trainer.scaler();
        let scaled: Vec<f32> = inputs.iter().map(|&v| scaler.apply(v)).collect();
        let trace = state.trainer.model().trace(&scaled);
        (inputs, scaled, targets, trace)
    }

    /// The network picture's data for the window it shows: what [`View::draw_network`] draws and
    /// [`View::network_step_at`] hit-tests, built the same way for both.
    fn network_data(&self, state: &State) -> Option<NetworkData> {
        let window = self.shown_window(state)?;
        let model = state.trainer.model();
        let dims = model.dims;
        let (inputs, scaled, targets, trace) = self.window_trace(state, window);
        let scaler = state.trainer.scaler();
        let outputs = model
            .predict(&scaled)
            .iter()
            .map(|&v| scaler.invert(v))
            .collect();
        let gates = gate_view(dims.cell, &trace, dims.units);
        Some(NetworkData {
            window,
            inputs,
            scaled,
            targets,
            outputs,
            trace,
            gates,
            selected: state.inside_step.clamp(1, dims.seq_len),
        })
    }

    fn draw_network(&mut self, state: &State, theme: &Theme) {
        let Some(data) = self.network_data(state) else {
            return;
        };
        let model = state.trainer.model();
        let dims = model.dims;
        let (i, selected, trace) = (data.window, data.selected, &data.trace);
        let (inputs, scaled, targets, outputs) =
            (&data.inputs, &data.scaled, &data.targets, &data.outputs);
        let view = data.view(dims);
        let theme = self.network_theme(theme);
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.network.clone()) {
            let _ = chart::network::draw(&mut backend, &view, &theme);
        }
        self.network_size = (self.network.width(), self.network.height());
        // The selected step's equation, for its most active unit.
        let h = dims.units;
        let row = &trace.hs[selected * h..(selected + 1) * h];
        let j = (0..h)
            .max_by(|&a, &b| row[a].abs().total_cmp(&row[b].abs()))
            .unwrap_or(0);
        let terms = crate::teach::inside::step_terms(model, trace, scaled, selected, j);
        let mut lines =
            crate::teach::equations::step_lines(&terms, model.activation.name(), selected, j, true);
        if let Some((label, _)) = lines.last_mut() {
            *label = format!("Step {selected}, unit {j} (the most active of {h})");
        }
        self.network_step.set_text_content(None);
        for (label, toks) in &lines {
            text_el(
                "p",
                &format!("{label}: {}", crate::teach::equations::plain(toks)),
                Some(&self.network_step),
            );
        }
        let label = format!(
            "The network unrolled over window {i}: inputs {}, one {} cell per time step passing \
             its hidden state of {} units along, then Dense to the predictions {} (targets {}).",
            join_short(inputs),
            dims.cell.keras_class(),
            dims.units,
            join_short(outputs),
            join_short(targets)
        );
        self.network.set_attribute("aria-label", &label).ok();
    }

    /// The network picture's text grows with its box, so the drawing fills it.
    fn network_theme(&self, theme: &Theme) -> Theme {
        let (w, h) = (
            self.network.client_width() as f64,
            self.network.client_height() as f64,
        );
        Theme {
            font_px: theme.font_px.max((h / 16.0).min(w / 40.0)).min(24.0),
            ..*theme
        }
    }

    /// The time step at a pixel of the network picture (CSS pixels from its top left).
    pub fn network_step_at(&self, state: &State, x: f64, y: f64) -> Option<usize> {
        let data = self.network_data(state)?;
        let view = data.view(state.trainer.model().dims);
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        chart::network::step_at(
            self.network_size,
            &view,
            &self.network_theme(&self.theme(state)),
            (x * scale) as i32,
            (y * scale) as i32,
        )
    }

    /// The hidden-state heatmap, the gates' heatmaps and the step-through, when their panel is
    /// open.
    fn draw_inside(&self, state: &State, theme: &Theme) {
        if !state.inside_open {
            return;
        }
        let index = match state.inside_window() {
            Ok(i) => {
                set_text(&self.inside_window_error, "");
                i
            }
            Err(message) => {
                set_text(&self.inside_window_error, &message);
                return;
            }
        };
        let model = state.trainer.model();
        let dims = model.dims;
        let windows = state.trainer.windows();
        let window = windows.input(index).to_vec();
        let trace = model.trace(&window);
        let dead = crate::teach::inside::dead_units(model, windows, 1 << 21);
        let (units, steps) = (dims.units, dims.seq_len);
        let t = state.inside_step.clamp(1, steps);
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.hidden_chart.clone()) {
            let view = chart::heatmap::HeatmapView {
                values: &trace.hs[units..],
                rows: steps,
                units,
                first_step: 1,
                dead: &dead,
                selected: t,
                title: "hidden state h",
                scale: chart::heatmap::HeatScale::Diverging,
            };
            let _ = chart::heatmap::draw(&mut backend, &view, theme);
        }
        // The gates, each a heatmap of its own: how open (0…1) per unit and time step.
        let gates = inside_gates(dims.cell, &trace, units);
        set_hidden(&self.gates_box, gates.is_empty());
        for (k, canvas) in self.gate_charts.iter().enumerate() {
            let Some((title, values, scale)) = gates.get(k) else {
                set_hidden(canvas, true);
                continue;
            };
            set_hidden(canvas, false);
            if let Some(mut backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
                let view = chart::heatmap::HeatmapView {
                    values,
                    rows: steps,
                    units,
                    first_step: 1,
                    dead: &[],
                    selected: t,
                    title,
                    scale: *scale,
                };
                let _ = chart::heatmap::draw(&mut backend, &view, theme);
            }
            canvas
                .set_attribute(
                    "aria-label",
                    &format!("Heatmap of the {title} of window {index}: {units} units over {steps} time steps."),
                )
                .ok();
        }
        let mut lines = crate::teach::equations::general_lines(dims.cell);
        let shown_units = if dims.cell == crate::nn::cell::Cell::SimpleRnn {
            4
        } else {
            1
        };
        for j in 0..units.min(shown_units) {
            let terms = crate::teach::inside::step_terms(model, &trace, &window, t, j);
            let mut unit =
                crate::teach::equations::step_lines(&terms, model.activation.name(), t, j, false);
            if dead.get(j).copied().unwrap_or(false) {
                // Every label starts "Unit {j}": the mark goes right after it.
                let name = format!("Unit {j}");
                for (label, _) in &mut unit {
                    if label.starts_with(&name) {
                        label.insert_str(name.len(), " (dead)");
                    }
                }
            }
            lines.extend(unit);
        }
        lesson::equations(&self.step_terms, &lines);
        let n_dead = dead.iter().filter(|&&d| d).count();
        set_text(
            &self.dead_units,
            &if model.activation != crate::nn::activation::Activation::Relu {
                format!("{units} units; with {} no unit can die.", model.activation)
            } else if n_dead == 0 {
                format!("All {units} units switch on for some window: none is dead.")
            } else {
                format!(
                    "{n_dead} of {units} units are dead: they output 0 for every window, so \
                     their weights get no gradient and stop learning."
                )
            },
        );
        self.hidden_chart
            .set_attribute(
                "aria-label",
                &format!(
                    "Heatmap of the hidden state of window {index}: {units} units over {steps} time steps, {n_dead} dead."
                ),
            )
            .ok();
    }

    /// Tells a host page our height, so it can size the iframe: a plain message for any host,
    /// and WordPress's own embed message when the address carries its secret.
    fn post_height(&mut self, state: &State) {
        let window = dom::window();
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        if parent == window {
            return;
        }
        // The content's own height (not the document's, which is at least the frame's), so the
        // frame can shrink as well as grow.
        let height = dom::document()
            .get_element_by_id("playground")
            .map_or(0, |p| p.get_bounding_client_rect().height().ceil() as i32);
        if height == self.last_height {
            return;
        }
        self.last_height = height;
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"rnn-playground:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &(height as f64).into());
        let _ = parent.post_message(&msg, "*");
        if let Some(secret) = &state.embed_secret {
            let wp = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&wp, &"message".into(), &"height".into());
            let _ = js_sys::Reflect::set(&wp, &"value".into(), &(height as f64).into());
            let _ = js_sys::Reflect::set(&wp, &"secret".into(), &secret.into());
            let _ = parent.post_message(&wp, "*");
        }
    }

    /// The embed preview loads only when its panel is opened.
    pub fn load_preview(&self, state: &State) {
        if self.embed_preview_box.open() {
            self.embed_preview.set_src(&state.embed_src());
        }
    }

    pub fn canvas(&self, chart: crate::app::Chart) -> &HtmlCanvasElement {
        match chart {
            crate::app::Chart::Loss => &self.loss_chart,
            crate::app::Chart::Data => &self.data_chart,
        }
    }
}

/// Each kept run's dash on the chart, and the same as an SVG dash array for its swatch.
const DASHES: [(chart::frame::Dash, &str); 4] = [
    (chart::frame::Dash::Dashed, "7 4"),
    (chart::frame::Dash::Dotted, "2 3"),
    (chart::frame::Dash::DashDot, "8 3 2 3"),
    (chart::frame::Dash::Solid, ""),
];

/// A short line in a kept run's colour and dash, for its entry in the list.
fn swatch(parent: &Element, colour: chart::Rgb, dash: &str) {
    const SVG: &str = "http://www.w3.org/2000/svg";
    let doc = dom::document();
    let (Ok(svg), Ok(line)) = (
        doc.create_element_ns(Some(SVG), "svg"),
        doc.create_element_ns(Some(SVG), "line"),
    ) else {
        return;
    };
    for (k, v) in [("width", "30"), ("height", "10"), ("aria-hidden", "true")] {
        svg.set_attribute(k, v).ok();
    }
    let hex = format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2);
    for (k, v) in [
        ("x1", "1"),
        ("y1", "5"),
        ("x2", "29"),
        ("y2", "5"),
        ("stroke-width", "3"),
        ("stroke", hex.as_str()),
        ("stroke-dasharray", dash),
    ] {
        if !v.is_empty() {
            line.set_attribute(k, v).ok();
        }
    }
    svg.append_child(&line).ok();
    parent.append_child(&svg).ok();
}

/// One window's run through the network, owned, for the picture's view to borrow.
struct NetworkData {
    window: usize,
    inputs: Vec<f32>,  // (T) as typed
    scaled: Vec<f32>,  // (T) as the model reads them
    targets: Vec<f32>, // (S), empty past the end of the data
    outputs: Vec<f32>, // (S) predictions, in the data's units
    trace: Trace,
    gates: Option<(Vec<&'static str>, Vec<f32>)>,
    selected: usize, // 1-based time step
}

impl NetworkData {
    fn view(&self, dims: crate::nn::model::Dims) -> chart::network::NetworkView<'_> {
        chart::network::NetworkView {
            cell: dims.cell.keras_class(),
            inputs: &self.inputs,
            hidden: &self.trace.hs,
            units: dims.units,
            outputs: &self.outputs,
            targets: &self.targets,
            selected: self.selected,
            gates: self
                .gates
                .as_ref()
                .map(|(names, values)| chart::network::Gates { names, values }),
        }
    }
}

/// The gates the network picture shows inside each cell: names, and values (T, G·H).
fn gate_view(cell: Cell, trace: &Trace, units: usize) -> Option<(Vec<&'static str>, Vec<f32>)> {
    // Which of the cell's fused gates to show (LSTM's candidate c̃ is not a gate).
    let (names, pick): (Vec<&str>, &[usize]) = match cell {
        Cell::SimpleRnn => return None,
        Cell::Lstm => (vec!["i", "f", "o"], &[0, 1, 3]),
        Cell::Gru => (vec!["z", "r"], &[0, 1]),
    };
    let gh = cell.gates() * units;
    let values = trace
        .gates
        .chunks_exact(gh)
        .flat_map(|row| {
            pick.iter()
                .flat_map(move |g| row[g * units..(g + 1) * units].iter().copied())
        })
        .collect();
    Some((names, values))
}

/// The Inside view's extra heatmaps: each gate (and an LSTM's memory c), (T, H) each.
fn inside_gates(
    cell: Cell,
    trace: &Trace,
    units: usize,
) -> Vec<(&'static str, Vec<f32>, HeatScale)> {
    let gh = cell.gates() * units;
    let gate = |g: usize| -> Vec<f32> {
        trace
            .gates
            .chunks_exact(gh)
            .flat_map(|row| row[g * units..(g + 1) * units].iter().copied())
            .collect()
    };
    match cell {
        Cell::SimpleRnn => Vec::new(),
        Cell::Lstm => vec![
            ("input gate i", gate(0), HeatScale::Unit),
            ("forget gate f", gate(1), HeatScale::Unit),
            ("output gate o", gate(3), HeatScale::Unit),
            ("memory c", trace.cs[units..].to_vec(), HeatScale::Diverging),
        ],
        Cell::Gru => vec![
            ("update gate z", gate(0), HeatScale::Unit),
            ("reset gate r", gate(1), HeatScale::Unit),
        ],
    }
}

fn option(select: &HtmlSelectElement, value: &str, label: &str) {
    let o = text_el("option", label, Some(select));
    o.set_attribute("value", value).ok();
}

/// One setting's label, control and message, built from its row of the table.
fn build_field(s: &crate::config::Setting, parent: &Element) -> FieldView {
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
        Kind::Choice(options) => {
            label(&wrap);
            let select: HtmlSelectElement = el("select", Some(&wrap)).unchecked_into();
            for (value, text) in options {
                option(&select, value, text);
            }
            Control::Select(select)
        }
        Kind::Whole { .. } | Kind::Rate { .. } => {
            label(&wrap);
            let input: HtmlInputElement = el("input", Some(&wrap)).unchecked_into();
            input.set_attribute("type", "text").ok();
            input
                .set_attribute(
                    "inputmode",
                    if matches!(s.kind, Kind::Rate { .. }) {
                        "decimal"
                    } else {
                        "numeric"
                    },
                )
                .ok();
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
