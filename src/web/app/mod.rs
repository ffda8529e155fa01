//! The page's state and what each control does to it. DOM events become [`Msg`]s; one frame loop
//! trains within a time budget and redraws.

use super::dom::{self, by_id, now, on, set_text, value_of};
use super::{lesson, share, url};
use crate::chart::{self, data::DataView, short, Theme};
use crate::config::{Config, ConfigError, Field};
use crate::data::group;
use crate::data::parse_sequence;
use crate::pass::PIECE_MACS;
use crate::presets;
use crate::trainer::{Step, Trainer};
use crate::web::canvas::Canvas;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement};

mod classroom;
mod events;
mod share_ops;

use events::{request_frame, wire, write_form};

/// Training time per frame: half a 60 Hz frame, leaving the rest for drawing and the browser.
const FRAME_BUDGET_MS: f64 = 8.0;
/// The data chart and the status line are redrawn at most this often while training.
const SLOW_REDRAW_MS: f64 = 250.0;

/// Everything a person can do on the page.
#[derive(Debug, Clone)]
pub enum Msg {
    Edit(Field),
    TrainOrPause,
    Step,
    Reset,
    Forecast,
    ForecastInput,
    Speed,
    LogScale,
    Resize,
    CopyLink,
    CopyEmbed,
    ExportWeights,
    /// A weights file was read: its name and text.
    ImportWeights(String, String),
    ExportLoss,
    ExportPredictions,
    ExportLossPng,
    ExportDataPng,
    Preset,
    RestoreSequence,
    /// A row of the windows table is pointed at or focused (None: left).
    Highlight(Option<usize>),
    Roll,
    HorizonInput,
    Inside,
    CopyCode,
    Presentation,
    Theme,
    /// A key pressed outside any field.
    Key(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Paused,
    Running,
    /// Training until this many epochs are done (the Step button), then pausing.
    Stepping(usize),
}

pub struct App {
    /// The settings the trainer was built from: always valid.
    config: Config,
    /// The settings as typed, field by field where each is valid; may not fit together yet.
    draft: Config,
    /// Fields whose text is not a valid value, with the message to show beside each.
    errors: Vec<(Field, String)>,
    /// A problem between valid fields (e.g. too few values for one window), shown on one field.
    problem: Option<(Field, String)>,
    trainer: Trainer,
    mode: Mode,
    target: usize,
    /// Epochs per frame; None is "as fast as possible".
    speed: Option<usize>,
    log_scale: bool,
    forecast: Vec<f32>,
    note: String,
    forecast_prefill: String,
    loss_dirty: bool,
    data_dirty: bool,
    last_slow_redraw: f64,
    frame_pending: bool,
    /// Time spent training and epochs finished since the last reset: the speed readout.
    train_ms: f64,
    train_epochs: usize,
    /// Until the first frame has finished what `launch` left for it.
    /// Start-up over the first frames: 2 until the lessons are filled in, 1 until the address
    /// is written and the page marked ready, then 0.
    starting: u8,
    first_chart_marked: bool,
    /// Query pairs kept as they came (embed options), and the WordPress embed secret if any.
    keep_query: Vec<(String, String)>,
    embed_secret: Option<String>,
    last_height: i32,
    /// The person's own sequence, put aside when they chose an example.
    kept_sequence: Option<String>,
    highlight: Option<usize>,
    rolled: Vec<f32>,
    baselines_text: String,
    last_inside_draw: f64,
    inside_cost_ms: f64,
    /// The requestAnimationFrame callback. It must outlive each frame and call itself again,
    /// so it lives here, behind the same Rc as the app.
    frame: Option<Closure<dyn FnMut(f64)>>,
}

impl App {
    /// Builds the app from the notebook's defaults and the URL's settings, wires every control,
    /// and draws once.
    pub fn launch() {
        let pairs = url::read();
        lesson::fill_presets();
        if let Some(p) = url::get(&pairs, url::PRESET).and_then(|k| presets::find(&k)) {
            let mut c = Config::default();
            p.apply(&mut c);
            write_form(&c);
        }
        url::fill_form(&pairs);
        let reduced_motion = dom::window()
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        if reduced_motion && url::get(&pairs, url::SPEED).is_none() {
            // No animation for those who asked for less motion: training shows its result at once.
            by_id::<web_sys::HtmlSelectElement>("speed").set_value("max");
        }
        let config = Config::default();
        // Not `expect`: formatting the error with Debug would pull Unicode tables into the bundle.
        let Ok(trainer) = Trainer::new(&config) else {
            panic!("the default config is valid");
        };
        let app = Rc::new(RefCell::new(App {
            draft: config.clone(),
            target: config.epochs,
            config,
            errors: Vec::new(),
            problem: None,
            trainer,
            mode: Mode::Paused,
            speed: Some(20),
            log_scale: false,
            forecast: Vec::new(),
            note: String::new(),
            forecast_prefill: String::new(),
            loss_dirty: true,
            data_dirty: true,
            last_slow_redraw: 0.0,
            frame_pending: false,
            train_ms: 0.0,
            train_epochs: 0,
            first_chart_marked: false,
            starting: 2,
            keep_query: Vec::new(),
            embed_secret: None,
            last_height: 0,
            kept_sequence: None,
            highlight: None,
            rolled: Vec::new(),
            baselines_text: String::new(),
            last_inside_draw: 0.0,
            inside_cost_ms: 0.0,
            frame: None,
        }));
        wire(&app);
        let mut a = app.borrow_mut();
        a.setup_embed(&pairs);
        // Take what the browser shows: it may have restored typed values on reload.
        // All fields first, then one model for them all.
        for field in Field::ALL {
            a.read(field);
        }
        a.settle();
        a.speed = value_of("speed").parse().ok();
        a.log_scale = value_of("log-scale") == "on";
        // Settings from the URL are the starting point, not a change to announce.
        a.note.clear();
        if url::get(&pairs, url::AUTOPLAY).as_deref() == Some("1") && !a.blocked() {
            a.mode = Mode::Running;
        }
        a.render();
        drop(a);
        // The rest waits for the first two frames (`start_up`): three short tasks instead of
        // one that could hold the page for 150 ms with a big model in the address.
        request_frame(&app);
    }

    /// Start-up's share of a frame; true if that is all this frame does.
    fn start_up(&mut self) -> bool {
        match self.starting {
            2 => {
                self.starting = 1;
                self.refresh_lesson();
                self.prefill_forecast();
                self.resize_canvases();
                self.render();
                true
            }
            1 => {
                self.starting = 0;
                self.sync_url();
                if let Some(root) = dom::document().document_element() {
                    // What tests and embedders wait for (boot.js set `window.wasmBindings` first).
                    root.set_attribute("data-ready", "1").ok();
                }
                // The charts, but no model work yet: the address may have taken a while.
                self.draw_loss();
                self.draw_data();
                true
            }
            _ => false,
        }
    }

    pub fn update(&mut self, msg: Msg) {
        if matches!(msg, Msg::Forecast | Msg::Roll | Msg::ExportWeights) {
            // These read the weights: finish a new model's now, if its frames haven't yet (rare).
            // Training finishes it in pieces itself; the heatmap waits for it.
            self.trainer.prepare(usize::MAX);
        }
        // Only edits change the address; rebuilding it for a long sequence costs real time.
        let settings_changed = matches!(
            msg,
            Msg::Edit(_) | Msg::Speed | Msg::Preset | Msg::RestoreSequence
        );
        match msg {
            Msg::Edit(field) => self.edit(field),
            Msg::TrainOrPause => match self.mode {
                Mode::Running | Mode::Stepping(_) => self.mode = Mode::Paused,
                Mode::Paused if !self.blocked() => {
                    if self.trainer.epochs_done() >= self.target {
                        self.target = self.trainer.epochs_done() + self.config.epochs;
                    }
                    self.note.clear();
                    self.mode = Mode::Running;
                }
                Mode::Paused => {}
            },
            Msg::Step => {
                if !self.blocked() {
                    self.note.clear();
                    self.mode = Mode::Stepping(self.trainer.epochs_done() + 1);
                }
            }
            Msg::Reset => {
                if let Ok(t) = Trainer::deferred(&self.config) {
                    self.new_model(t, "The model was reset to its starting weights.");
                }
            }
            Msg::Forecast => self.run_forecast(),
            Msg::ForecastInput => {
                let _ = self.check_forecast_input();
            }
            Msg::Speed => {
                self.speed = value_of("speed").parse().ok();
            }
            Msg::LogScale => {
                self.log_scale = value_of("log-scale") == "on";
                self.loss_dirty = true;
            }
            Msg::Resize => {
                self.resize_canvases();
                self.loss_dirty = true;
                self.data_dirty = true;
            }
            Msg::CopyLink => {
                let link = url::absolute(&self.query());
                let mut note = if share::copy(&link) {
                    "Link copied.".to_string()
                } else {
                    "Copy the link from the address bar.".to_string()
                };
                // Many web servers refuse addresses longer than about 8,000 characters.
                if link.len() > 8000 {
                    note += " It is very long (the whole sequence is in it): some servers refuse \
                             links over about 1,500 values. The weights and CSV downloads below \
                             carry any size.";
                }
                self.share_note(&note);
            }
            Msg::CopyEmbed => {
                let code = self.embed_code();
                let copied = share::copy(&code);
                by_id::<web_sys::HtmlTextAreaElement>("embed-code").select();
                self.share_note(if copied {
                    "Embed code copied."
                } else {
                    "Copy the embed code from the box below."
                });
            }
            Msg::ExportWeights => {
                let m = self.trainer.model();
                let json = crate::weights::to_keras_json(&m.params, &m.dims);
                share::download_text("rnn-playground-weights.json", "application/json", &json);
            }
            Msg::ImportWeights(name, text) => self.import_weights(&name, &text),
            Msg::ExportLoss => share::download_text(
                "rnn-playground-loss.csv",
                "text/csv",
                &crate::export::loss_csv(self.trainer.history()),
            ),
            Msg::ExportPredictions => {
                let fit = self.one_step_fit();
                let csv = crate::export::predictions_csv(
                    &self.config.sequence,
                    self.config.seq_len,
                    &fit,
                    &self.forecast,
                );
                share::download_text("rnn-playground-predictions.csv", "text/csv", &csv);
            }
            Msg::ExportLossPng => share::download_canvas("rnn-playground-loss.png", "loss-chart"),
            Msg::ExportDataPng => share::download_canvas("rnn-playground-data.png", "data-chart"),
            Msg::Preset => self.choose_preset(),
            Msg::RestoreSequence => {
                if let Some(text) = self.kept_sequence.take() {
                    by_id::<web_sys::HtmlTextAreaElement>("sequence").set_value(&text);
                    self.edit(Field::Sequence);
                }
                by_id::<HtmlElement>("preset-kept").set_hidden(true);
                self.sync_preset();
            }
            Msg::Highlight(i) => {
                self.highlight = i;
                lesson::highlight_row(i);
                self.data_dirty = true;
            }
            Msg::Roll => self.run_roll(),
            Msg::HorizonInput => {
                let _ = self.horizon();
            }
            Msg::Inside => {
                self.last_inside_draw = f64::NEG_INFINITY;
                self.draw_inside();
            }
            Msg::CopyCode => {
                let code = by_id::<HtmlElement>("keras-code")
                    .text_content()
                    .unwrap_or_default();
                let note = if share::copy(&code) {
                    "Copied."
                } else {
                    "Select the code below and copy it."
                };
                set_text("code-note", note);
            }
            Msg::Presentation | Msg::Theme => {
                let root = dom::document().document_element().expect("root element");
                let on = value_of("presentation") == "on";
                let _ = if on {
                    root.class_list().add_1("presenting")
                } else {
                    root.class_list().remove_1("presenting")
                };
                let theme = value_of("theme");
                if theme == "auto" {
                    root.remove_attribute("data-theme").ok();
                } else {
                    root.set_attribute("data-theme", &theme).ok();
                }
                self.resize_canvases();
                self.loss_dirty = true;
                self.data_dirty = true;
                self.draw_inside();
            }
            Msg::Key(key) => match key.as_str() {
                " " => return self.update(Msg::TrainOrPause),
                "s" | "S" | "ArrowRight" => return self.update(Msg::Step),
                "r" | "R" => return self.update(Msg::Reset),
                _ => {}
            },
        }
        self.render();
        if settings_changed {
            self.sync_url();
        }
    }

    /// The first predicted step of each window, in the sequence's units.
    fn one_step_fit(&self) -> Vec<f32> {
        self.trainer.fitted_first()
    }

    /// Reads one field as typed; keeps the text whatever it is; applies it if everything fits.
    fn edit(&mut self, field: Field) {
        self.read(field);
        self.settle();
    }

    /// Takes one field's text into the draft, or its message into `errors`.
    fn read(&mut self, field: Field) {
        let text = value_of(field.id());
        self.errors.retain(|(f, _)| *f != field);
        if let Err(e) = self.draft.set(field, &text) {
            self.errors.push((field, e.message));
        }
        if field == Field::Sequence {
            self.sync_preset();
        }
    }

    /// Checks the draft as a whole and applies it if it holds.
    fn settle(&mut self) {
        // Problems between fields (too few values for one window) are re-checked on every edit.
        self.problem = None;
        if self.errors.is_empty() {
            match self.draft.validate() {
                Ok(_) => self.apply(),
                Err(ConfigError { field, message }) => self.problem = Some((field, message)),
            }
        }
        if self.blocked() && self.mode != Mode::Paused {
            self.mode = Mode::Paused;
            self.note = "Paused: fix the highlighted field to go on.".into();
        }
    }

    fn blocked(&self) -> bool {
        !self.errors.is_empty() || self.problem.is_some()
    }

    fn message_for(&self, field: Field) -> &str {
        self.errors
            .iter()
            .chain(&self.problem)
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }

    /// Makes the valid draft the live config: a new model if it has to be, else in place.
    fn apply(&mut self) {
        if self.draft == self.config {
            return;
        }
        if self.config.needs_new_model(&self.draft) {
            // The recurrent kernel is computed over the next frames (see `prepare_for_a_frame`).
            match Trainer::deferred(&self.draft) {
                Ok(t) => {
                    self.config = self.draft.clone();
                    self.target = self.config.epochs;
                    self.new_model(t, "Settings changed, so the model starts afresh.");
                }
                Err(e) => self.errors.push((e.field, e.message)),
            }
            return;
        }
        self.trainer.set_learning_rate(self.draft.learning_rate);
        if self.draft.epochs != self.config.epochs {
            self.target = self.draft.epochs;
        }
        self.config = self.draft.clone();
        set_text(
            "keras-code",
            &crate::keras_code::keras_program(&self.config),
        );
    }

    fn new_model(&mut self, trainer: Trainer, note: &str) {
        self.trainer = trainer;
        self.trainer.reserve_epochs(self.config.epochs);
        self.mode = Mode::Paused;
        self.target = self.config.epochs;
        self.forecast.clear();
        set_text("forecast-output", "");
        self.note = note.into();
        self.prefill_forecast();
        self.loss_dirty = true;
        self.data_dirty = true;
        self.train_ms = 0.0;
        self.train_epochs = 0;
        self.rolled.clear();
        set_text("roll-output", "");
        self.highlight = None;
        if self.starting != 2 {
            // At start-up, `start_up` does it once for all the settings from the address.
            self.refresh_lesson();
        }
    }

    /// Puts the sequence's last seq_len values in the forecast field, unless the person typed there.
    fn prefill_forecast(&mut self) {
        let input: HtmlInputElement = by_id("forecast-input");
        let current = input.value();
        if !self.forecast_prefill.is_empty() && current != self.forecast_prefill {
            // Their own text stays, but may no longer have seq_len values: say so.
            let _ = self.check_forecast_input();
            return;
        }
        let seq = &self.config.sequence;
        let tail = &seq[seq.len() - self.config.seq_len..];
        let text = tail
            .iter()
            .map(|&v| crate::number::Num(v).to_string())
            .collect::<Vec<_>>()
            .join(", ");
        input.set_value(&text);
        self.forecast_prefill = text;
        set_text("forecast-input-error", "");
        input.remove_attribute("aria-invalid").ok();
    }

    /// Checks the forecast field as the person types: a message, never a rewrite of their text.
    fn check_forecast_input(&mut self) -> Result<Vec<f32>, String> {
        let input: HtmlInputElement = by_id("forecast-input");
        let t = self.config.seq_len;
        let result = parse_sequence(&input.value())
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
        let message = result.as_ref().err().map(String::as_str).unwrap_or("");
        set_text("forecast-input-error", message);
        if message.is_empty() {
            input.remove_attribute("aria-invalid").ok();
        } else {
            input.set_attribute("aria-invalid", "true").ok();
        }
        result
    }

    fn run_forecast(&mut self) {
        let result = self
            .check_forecast_input()
            .and_then(|w| self.trainer.forecast(&w));
        self.forecast = show_values("forecast-output", result);
        self.data_dirty = true;
    }

    /// One animation frame: train within the budget, then draw what changed.
    fn frame(&mut self, t_ms: f64) {
        if self.starting > 0 && self.start_up() {
            return;
        }
        if !self.trainer.ready() {
            self.prepare_for_a_frame();
        }
        if self.mode != Mode::Paused {
            self.train_for_a_frame();
        }
        let slow_due = t_ms - self.last_slow_redraw >= SLOW_REDRAW_MS;
        if self.loss_dirty {
            self.draw_loss();
        }
        if self.data_dirty && (self.mode == Mode::Paused || slow_due) {
            self.draw_data();
        }
        if self.mode == Mode::Paused || slow_due {
            self.last_slow_redraw = t_ms;
            self.render();
        }
        // The heatmap follows training, taking at most a tenth of the time.
        let inside_due = now() - self.last_inside_draw >= (10.0 * self.inside_cost_ms).max(500.0);
        if self.mode != Mode::Paused && inside_due {
            self.draw_inside();
        }
    }

    /// A new model's recurrent kernel (an orthogonal matrix, ~45 ms at 512 units) is computed
    /// within the frame budget, so choosing a big model never freezes the page.
    fn prepare_for_a_frame(&mut self) {
        let start = now();
        while !self.trainer.prepare(PIECE_MACS) {
            if now() - start >= FRAME_BUDGET_MS {
                return;
            }
        }
        // The weights are complete: the heatmap, which shows them at work, can draw.
        self.draw_inside();
    }

    fn train_for_a_frame(&mut self) {
        let start = now();
        let mut epochs = 0;
        loop {
            let goal = match self.mode {
                Mode::Stepping(until) => until,
                _ => self.target,
            };
            if self.trainer.epochs_done() >= goal {
                if self.mode == Mode::Running {
                    self.note = format!(
                        "Reached {} epochs. Press Train to keep going, or Forecast.",
                        self.trainer.epochs_done()
                    );
                }
                self.mode = Mode::Paused;
                break;
            }
            match self.trainer.advance(PIECE_MACS) {
                Ok(Step::Epoch(_)) => {
                    epochs += 1;
                    self.loss_dirty = true;
                    self.data_dirty = true;
                    if self.speed.is_some_and(|s| epochs >= s) {
                        break;
                    }
                }
                Ok(Step::Batch | Step::Partial) => {}
                Err(diverged) => {
                    self.mode = Mode::Paused;
                    self.note = diverged.to_string();
                    self.loss_dirty = true;
                    break;
                }
            }
            if now() - start >= FRAME_BUDGET_MS {
                break;
            }
        }
        self.train_ms += now() - start;
        self.train_epochs += epochs;
    }

    /// The status line, buttons and error messages, from the state.
    fn render(&mut self) {
        let epoch = self.trainer.epochs_done();
        let mut status = format!("Epoch {epoch} / {}", self.target);
        if let Some(loss) = self.trainer.history().last() {
            status += &format!(" · loss {}", short(*loss as f64));
        }
        if !self.note.is_empty() {
            status += &format!(" · {}", self.note);
        }
        set_text("status", &status);
        let mut comparison = self.baselines_text.clone();
        if let Some(val) = self.trainer.val_history().last() {
            comparison = format!(
                "Held-out loss {} (orange line). {comparison}",
                short(*val as f64)
            );
        }
        set_text("baselines", &comparison);
        if self.train_epochs > 0 {
            let ms = self.train_ms / self.train_epochs as f64;
            set_text(
                "speed-readout",
                &format!(
                    "Training speed: {} ms per epoch, in this browser.",
                    short(ms)
                ),
            );
        } else {
            set_text("speed-readout", "");
        }
        let train: HtmlButtonElement = by_id("train");
        let running = self.mode != Mode::Paused;
        train.set_text_content(Some(if running { "Pause" } else { "Train" }));
        let blocked = self.blocked();
        train.set_disabled(blocked && !running);
        by_id::<HtmlButtonElement>("step").set_disabled(blocked);
        by_id::<HtmlButtonElement>("reset").set_disabled(blocked);
        by_id::<HtmlButtonElement>("forecast").set_disabled(blocked);
        for field in Field::ALL {
            let message = self.message_for(field).to_string();
            set_text(&format!("{}-error", field.id()), &message);
            let el: HtmlElement = by_id(field.id());
            if message.is_empty() {
                el.remove_attribute("aria-invalid").ok();
            } else {
                el.set_attribute("aria-invalid", "true").ok();
            }
        }
        self.post_height();
    }

    /// The charts' colours follow the page's theme (the toggle, else the system's), and their
    /// type grows in presentation mode.
    fn theme(&self) -> Theme {
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        let font = if value_of("presentation") == "on" {
            19.0
        } else {
            13.0
        };
        let dark = match value_of("theme").as_str() {
            "dark" => true,
            "light" => false,
            _ => dom::dark_mode(),
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
        for id in ["loss-chart", "data-chart", "hidden-chart"] {
            let canvas: HtmlCanvasElement = by_id(id);
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

    fn draw_loss(&mut self) {
        self.loss_dirty = false;
        let canvas: HtmlCanvasElement = by_id("loss-chart");
        let history = self.trainer.history();
        if let Some(mut root) = Canvas::new(&canvas) {
            let val = self.trainer.val_history();
            if chart::loss::draw(&mut root, history, val, self.log_scale, &self.theme()).is_err() {
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
        canvas.set_attribute("aria-label", &label).ok();
        if !self.first_chart_marked {
            self.first_chart_marked = true;
            // Lets a measurement read "navigation → first chart" from the Performance timeline.
            dom::window().performance().map(|p| p.mark("first-chart"));
        }
    }

    fn draw_data(&mut self) {
        self.data_dirty = false;
        let canvas: HtmlCanvasElement = by_id("data-chart");
        let fit = self.one_step_fit();
        let view = DataView {
            sequence: &self.config.sequence,
            fit: &fit,
            fit_start: self.config.seq_len,
            forecast: &self.forecast,
            rolled: &self.rolled,
            highlight: self.highlight.map(|i| {
                let (t, s) = (self.config.seq_len, self.config.n_steps);
                (i..i + t, i + t..i + t + s)
            }),
        };
        if let Some(mut root) = Canvas::new(&canvas) {
            if chart::data::draw(&mut root, &view, &self.theme()).is_err() {
                web_sys::console::warn_1(&"The data chart could not be drawn.".into());
            }
        }
        let label = format!(
            "Chart of the sequence: {} values from {} to {}{}.",
            self.config.sequence.len(),
            short(self.config.sequence[0] as f64),
            short(*self.config.sequence.last().unwrap_or(&0.0) as f64),
            if self.forecast.is_empty() {
                String::new()
            } else {
                format!(
                    ", then the forecast {}",
                    crate::export::join_short(&self.forecast)
                )
            }
        );
        canvas.set_attribute("aria-label", &label).ok();
    }
}

/// Writes predictions into the element `id` (or empties it when there are none, the field's own
/// message saying why) and returns them for the chart.
fn show_values(id: &str, result: Result<Vec<f32>, String>) -> Vec<f32> {
    let values = result.unwrap_or_default();
    set_text(id, &crate::export::join_short(&values));
    values
}
