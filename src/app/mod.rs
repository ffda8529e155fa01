//! The page's logic as plain Rust: one [`State`], the [`Msg`]s that change it, and [`update`].
//!
//! Nothing here touches the DOM (`web::View` renders the state and is the only code that does),
//! so every message is tested natively (`tests/app.rs`). `update` returns the [`Effect`]s it
//! wants done outside (a download, a copy to the clipboard) and marks what changed in
//! [`State::dirty`], which the view redraws and clears.

pub mod runs;
pub mod url;
pub mod verdict;

use runs::{KeptRun, MAX_KEPT};
pub use verdict::{GradFlow, LossTable, RunFacts, GRAD_EPOCHS_KEPT};

use crate::config::{parse_toggle, Config, ConfigError, Field, SETTINGS};
use crate::data::presets::{self, Preset};
use crate::data::{self, parse_sequence, Reading};
use crate::format::group;
use crate::format::short;
use crate::io::export;
use crate::io::weights::{self, Nested};
use crate::nn::pass::PIECE_MACS;
use crate::nn::trainer::{Step, Trainer};
use crate::teach::diagnosis::{self, Finding};

/// Training time per frame: half a 60 Hz frame, leaving the rest for drawing and the browser.
pub const FRAME_BUDGET_MS: f64 = 8.0;
/// The most a frame may count as having lasted, so a background tab doesn't bank epochs.
const LONGEST_FRAME_MS: f64 = 100.0;
/// The roll-forward's longest horizon.
pub const MAX_HORIZON: usize = 1000;
/// An epoch under way for longer than this shows its progress in the status.
const SLOW_EPOCH_MS: f64 = 500.0;
/// A roll-forward of at most this many multiply-adds is redone as the model trains; a longer
/// one is dropped with a note, so following it never costs a frame.
const ROLL_FOLLOW_MACS: usize = 1 << 22;

/// The speed menu: epochs per second, and what it says. Each lesson has its own pace
/// ([`Preset::speed`]): the notebook's 15 a second makes its 200 epochs last 13 seconds, and its
/// loss's fall about seven, a pace a class can follow; "max" trains as fast as the frame budget
/// allows.
pub const SPEEDS: [(&str, &str); 6] = [
    ("5", "5 epochs a second"),
    ("15", "15 epochs a second"),
    ("50", "50 epochs a second"),
    ("200", "200 epochs a second"),
    ("1000", "1,000 epochs a second"),
    ("max", "as fast as possible"),
];
/// The notebook's pace, which the page opens with.
pub const DEFAULT_SPEED: &str = "15";

/// Epochs per second; `None` is as fast as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speed(pub Option<u32>);

impl Speed {
    /// A value of the menu, or one of the old per-frame values links may still carry
    /// (1, 20 and 100 epochs a frame: about 60, 1,200 and 6,000 a second).
    pub fn parse(text: &str) -> Option<Speed> {
        let text = text.trim();
        if text == "max" {
            return Some(Speed(None));
        }
        if SPEEDS.iter().any(|(v, _)| *v == text) {
            return text.parse().ok().map(|n| Speed(Some(n)));
        }
        match text {
            "1" => Some(Speed(Some(50))),
            "20" => Some(Speed(Some(1000))),
            "100" => Some(Speed(None)),
            _ => None,
        }
    }

    /// The menu value.
    pub fn value(self) -> String {
        self.0.map_or("max".to_string(), |n| n.to_string())
    }
}

/// The loss chart's y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossScale {
    /// Log once the loss spans more than [`AUTO_LOG_SPAN`], linear before.
    Auto,
    Linear,
    Log,
}

/// Curves that span more than this factor (two powers of ten) are drawn on a log scale in
/// `Auto`: on a linear axis everything below a hundredth of the top looks like zero.
pub const AUTO_LOG_SPAN: f32 = 100.0;

impl LossScale {
    pub const ALL: [(LossScale, &'static str, &'static str); 3] = [
        (LossScale::Auto, "auto", "automatic"),
        (LossScale::Linear, "linear", "linear"),
        (LossScale::Log, "log", "log"),
    ];

    pub fn parse(text: &str) -> Option<LossScale> {
        LossScale::ALL
            .iter()
            .find(|(_, v, _)| *v == text.trim())
            .map(|e| e.0)
    }

    pub fn value(self) -> &'static str {
        LossScale::ALL
            .iter()
            .find(|e| e.0 == self)
            .map_or("auto", |e| e.1)
    }
}

/// The colour theme: the system's, or chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    Auto,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [(ThemeChoice, &'static str, &'static str); 3] = [
        (ThemeChoice::Auto, "auto", "like the system"),
        (ThemeChoice::Light, "light", "light"),
        (ThemeChoice::Dark, "dark", "dark"),
    ];

    pub fn parse(text: &str) -> Option<ThemeChoice> {
        ThemeChoice::ALL
            .iter()
            .find(|(_, v, _)| *v == text.trim())
            .map(|e| e.0)
    }

    pub fn value(self) -> &'static str {
        ThemeChoice::ALL
            .iter()
            .find(|e| e.0 == self)
            .map_or("auto", |e| e.1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Paused,
    Running,
    /// Training until this many epochs are done (the Step button), then pausing.
    Stepping(usize),
}

/// Start-up, over the first frames, so no one task holds the page for long: the wiring happens
/// before the first frame, the lessons in the first, the address and the ready mark in the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Startup {
    Lessons,
    Address,
    Done,
}

/// A chart that can be downloaded as a PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Loss,
    Data,
}

/// What a copy was of, to say the right thing if the browser refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    Link,
    Embed,
    Code,
}

/// A keyboard shortcut, pressed while the focus is not in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    TrainOrPause,
    Step,
    Reset,
}

impl Key {
    /// Space, S or →, R.
    pub fn from_key(key: &str) -> Option<Key> {
        match key {
            " " => Some(Key::TrainOrPause),
            "s" | "S" | "ArrowRight" => Some(Key::Step),
            "r" | "R" => Some(Key::Reset),
            _ => None,
        }
    }
}

/// Where the focus is when a key is pressed, as far as shortcuts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A text field or text area (or a frame): keys type.
    Text,
    /// A menu, checkbox or slider: its keys change a setting.
    Setting,
    /// A button, link or summary: Space presses it.
    Button,
    /// Anywhere else (the page, a chart).
    Page,
}

impl Focus {
    /// The focus on an element with this tag name (and `type`, for inputs).
    pub fn of(tag: &str, input_type: &str) -> Focus {
        match tag {
            "TEXTAREA" | "IFRAME" => Focus::Text,
            "INPUT" => match input_type {
                "checkbox" | "radio" | "range" => Focus::Setting,
                "button" | "submit" | "reset" => Focus::Button,
                _ => Focus::Text,
            },
            "SELECT" | "OPTION" => Focus::Setting,
            "BUTTON" | "SUMMARY" | "A" | "LABEL" => Focus::Button,
            _ => Focus::Page,
        }
    }
}

/// The shortcut a key press means, if any. `pointer` says the focused control was last used with
/// the mouse or a finger (not reached with Tab). A shortcut never changes a setting behind the
/// person's back: on a menu or checkbox picked with the mouse, S, R, → and Space are the page's
/// (the control keeps its value), while a control reached with the keyboard keeps its own keys,
/// as keyboard users need. Text fields always keep theirs: there keys type.
pub fn shortcut(key: &str, focus: Focus, pointer: bool) -> Option<Key> {
    let k = Key::from_key(key)?;
    match focus {
        Focus::Text => None,
        Focus::Setting if !pointer => None,
        Focus::Button if k == Key::TrainOrPause && !pointer => None,
        _ => Some(k),
    }
}

/// Everything a person (or the page's clock) can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A field's text, as typed.
    Edit(Field, String),
    /// An example chosen in the menu (its key, or "custom").
    Preset(String),
    RestoreSequence,
    /// Read the commas inside the sequence's numbers this way (thousands or decimals).
    Reread(Reading),
    TrainOrPause,
    Step,
    Reset,
    Speed(String),
    LossScale(String),
    Presentation(bool),
    Theme(String),
    ForecastInput(String),
    Forecast,
    HorizonInput(String),
    Roll,
    ClearRoll,
    /// A window of the table pointed at or focused (None: left).
    Highlight(Option<usize>),
    InsideOpen(bool),
    InsideWindow(String),
    InsideStep(usize),
    CopyLink,
    CopyEmbed,
    CopyCode,
    /// The browser would not copy: say where to copy from by hand.
    CopyRefused(Copied),
    ExportWeights,
    /// A weights file was read and parsed as JSON (or not): its name and contents.
    ImportWeights(String, Result<Nested, String>),
    ExportLoss,
    ExportPredictions,
    ExportPng(Chart),
    /// The Share panel: show this control in the embed, or not.
    ShareControl(String, bool),
    ShareAutoplay(bool),
    /// The Share panel: bring the kept runs into the embed, or not.
    ShareRuns(bool),
    /// Keep the current run's settings and curves on the loss chart.
    KeepRun,
    /// Remove the kept run at this place in the list.
    RemoveRun(usize),
    /// Bring back the settings of the kept run at this place in the list.
    UseRun(usize),
    /// Train every kept run again from its start, side by side.
    Race,
    Key(Key),
    /// The window was resized.
    Resize,
    /// An animation frame, at this time in milliseconds.
    Frame(f64),
}

/// Work for the page to do outside the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Download {
        name: &'static str,
        mime: &'static str,
        text: String,
    },
    DownloadPng {
        name: &'static str,
        chart: Chart,
    },
    Copy {
        text: String,
        what: Copied,
    },
}

/// What changed since the view last drew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dirty {
    /// Field values to write into the form (an example, a restored sequence, the URL).
    pub form: bool,
    /// The windows table, summary, formula, Keras program, baselines: what follows the settings.
    pub lesson: bool,
    pub loss: bool,
    pub data: bool,
    /// The network diagram and the inside view: they show the weights at work.
    pub network: bool,
    /// Canvas sizes (theme, presentation, resize).
    pub canvases: bool,
    /// The address bar, the embed code and the full-demo link.
    pub url: bool,
}

impl Dirty {
    pub fn all() -> Dirty {
        Dirty {
            form: true,
            lesson: true,
            loss: true,
            data: true,
            network: true,
            canvases: true,
            url: true,
        }
    }
}

/// How the page was opened.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// `location.search`.
    pub query: String,
    /// `location.hash` (WordPress's `#?secret=…`).
    pub hash: String,
    /// The person asked their system for less motion.
    pub reduced_motion: bool,
    /// `location.origin + location.pathname`: where links and embeds point.
    pub base: String,
}

/// Embed mode (`?embed=1`): which controls show, and whether training starts by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub controls: Vec<String>,
    pub autoplay: bool,
}

/// The controls an embed shows when its link names none.
pub const DEFAULT_CONTROLS: &str = "train,reset,forecast";

/// What an embed can show, as `controls=` names them (the page's `data-control` marks) and the
/// Share panel lists them.
pub const EMBED_CONTROLS: [(&str, &str); 14] = [
    ("train", "Train / Pause"),
    ("step", "Step"),
    ("reset", "Reset"),
    ("speed", "Speed"),
    ("forecast", "Forecast"),
    ("network", "the network picture"),
    ("preset", "Examples"),
    ("sequence", "Sequence"),
    ("seq-len", "seq_len"),
    ("n-steps", "n_steps"),
    ("cell", "cell"),
    ("units", "units"),
    ("activation", "activation"),
    ("learning-rate", "learning rate"),
];

pub struct State {
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
    pub trainer: Trainer,
    pub mode: Mode,
    /// The epoch the run is heading for.
    pub target: usize,
    /// The status line's note: what just happened.
    pub note: String,
    /// What went wrong in this run, if anything.
    pub findings: Vec<Finding>,
    pub speed: Speed,
    /// Epochs due but not yet trained at a limited speed (a fraction carries over).
    allowance: f64,
    last_frame: Option<f64>,
    pub loss_scale: LossScale,
    pub presentation: bool,
    pub theme: ThemeChoice,
    pub forecast_text: String,
    /// The forecast field was filled in by the page (the sequence's last values), not typed.
    forecast_prefilled: bool,
    pub forecast_error: String,
    pub forecast: Vec<f32>,
    pub horizon_text: String,
    pub horizon_error: String,
    pub rolled: Vec<f32>,
    /// The person's own sequence, put aside when they chose an example.
    pub kept_sequence: Option<String>,
    pub highlight: Option<usize>,
    pub inside_open: bool,
    pub inside_window_text: String,
    pub inside_step: usize,
    pub import_error: String,
    pub share_note: String,
    pub code_note: String,
    pub embed: Option<Embed>,
    /// What the Share panel's embed code asks for.
    pub share: Embed,
    /// The embed brings the kept runs along (they train again in it): a choice of the Share
    /// panel, off by default, as a reader of a blog post has not seen them being kept.
    pub share_runs: bool,
    /// Where links and embeds point (`location.origin + location.pathname`).
    pub base: String,
    /// WordPress's embed secret (`#?secret=…`), for its height message.
    pub embed_secret: Option<String>,
    pub startup: Startup,
    /// Time spent training and epochs finished since the last new model: the speed readout.
    pub train_ms: f64,
    pub train_epochs: usize,
    pub dirty: Dirty,
    /// Runs kept for comparison, in the order they were kept.
    pub kept: Vec<KeptRun>,
    /// Kept runs training again: paced like training (the Race button) or as fast as the frame
    /// budget allows (replaying a comparison link).
    pub race: Option<Race>,
    /// What happened to the kept runs, for the list beside them.
    pub runs_note: String,
    /// The epoch in which training diverged (the loss became too large to compute), if it did.
    pub diverged: Option<usize>,
    /// The gradient flow: ‖∂ℓ/∂h_t‖ (t = 1..T) of earlier epochs (1, 2, 4, 8, … : a log-spaced
    /// few, oldest first) and of the latest, with their epoch numbers; an LSTM's ‖∂ℓ/∂c_t‖.
    pub grads: GradFlow,
    /// Training time since the last epoch finished, for the status's progress.
    epoch_ms: f64,
    /// The person asked for a forecast: it follows the model from then on.
    pub forecast_on: bool,
    /// What the forecast line says about the model it came from ("untrained"), or why a
    /// roll-forward was dropped.
    pub forecast_note: String,
    /// Why the roll-forward was dropped, if it was.
    pub roll_note: String,
    /// The weights came from a file, not from training here.
    imported: bool,
    /// The person asked their system for less motion: training shows its result at once.
    reduced_motion: bool,
}

/// Kept runs training again, side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Race {
    pub paced: bool,
    /// Time the race has run, for its pace.
    pub elapsed_ms: f64,
}

impl State {
    /// The page as its address describes it: an example (`preset=`), then each setting found in
    /// the query (as text, checked like typing), the view options, and embed mode.
    pub fn new(start: &Start) -> State {
        let pairs = url::parse(&start.query);
        let mut base = Config::default();
        if let Some(p) = url::get(&pairs, url::PRESET).and_then(presets::find) {
            p.apply(&mut base);
        }
        let mut texts: Vec<String> = Field::ALL.iter().map(|&f| base.get(f)).collect();
        for (key, value) in &pairs {
            if let Some(field) = Field::ALL.into_iter().find(|f| f.key() == key) {
                texts[index(field)] = value.clone();
            }
        }
        let lesson = url::get(&pairs, url::PRESET).and_then(presets::find);
        let speed = url::get(&pairs, url::SPEED)
            .and_then(Speed::parse)
            .unwrap_or_else(|| lesson_pace(lesson, start.reduced_motion));
        let embed = (url::get(&pairs, url::EMBED) == Some("1")).then(|| Embed {
            controls: url::get(&pairs, url::CONTROLS)
                .unwrap_or(DEFAULT_CONTROLS)
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            autoplay: url::get(&pairs, url::AUTOPLAY) == Some("1"),
        });
        let embed_secret = start
            .hash
            .split(['#', '?', '&'])
            .find_map(|p| p.strip_prefix("secret="))
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string);
        let config = Config::default();
        let trainer = match Trainer::deferred(&config) {
            Ok(t) => t,
            Err(_) => unreachable!("the default config is valid"),
        };
        let mut state = State {
            texts,
            draft: config.clone(),
            target: config.epochs,
            config,
            errors: Vec::new(),
            problem: None,
            trainer,
            mode: Mode::Paused,
            note: String::new(),
            findings: Vec::new(),
            speed,
            allowance: 0.0,
            last_frame: None,
            loss_scale: LossScale::Auto,
            presentation: url::get(&pairs, url::PRESENTATION)
                .and_then(parse_toggle)
                .unwrap_or(false),
            theme: url::get(&pairs, url::THEME)
                .and_then(ThemeChoice::parse)
                .unwrap_or(ThemeChoice::Auto),
            forecast_text: String::new(),
            forecast_prefilled: true,
            forecast_error: String::new(),
            forecast: Vec::new(),
            horizon_text: "20".to_string(),
            horizon_error: String::new(),
            rolled: Vec::new(),
            kept_sequence: None,
            highlight: None,
            inside_open: false,
            inside_window_text: "0".to_string(),
            inside_step: 1,
            import_error: String::new(),
            share_note: String::new(),
            code_note: String::new(),
            share: Embed {
                controls: DEFAULT_CONTROLS.split(',').map(str::to_string).collect(),
                autoplay: false,
            },
            share_runs: false,
            embed,
            embed_secret,
            base: start.base.clone(),
            startup: Startup::Lessons,
            train_ms: 0.0,
            train_epochs: 0,
            dirty: Dirty::all(),
            kept: Vec::new(),
            race: None,
            runs_note: String::new(),
            diverged: None,
            grads: GradFlow::default(),
            epoch_ms: 0.0,
            forecast_on: false,
            forecast_note: String::new(),
            roll_note: String::new(),
            imported: false,
            reduced_motion: start.reduced_motion,
        };
        // All fields first, then one model for them all.
        for field in Field::ALL {
            state.read(field);
        }
        state.settle();
        state.prefill_forecast();
        // Settings from the address are the starting point, not a change to announce.
        state.note.clear();
        state.replay_runs(&pairs);
        if state.embed.as_ref().is_some_and(|e| e.autoplay) && !state.blocked() {
            state.start_running();
        }
        state
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

    pub fn running(&self) -> bool {
        self.mode != Mode::Paused
    }

    /// Whether the page needs another animation frame.
    pub fn wants_frames(&self) -> bool {
        self.running()
            || self.startup != Startup::Done
            || !self.trainer.ready()
            || self.race.is_some()
    }

    /// The example whose values are in the sequence field (as typed, valid or not), if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        if self.errors.iter().any(|e| e.field == Field::Sequence) {
            return None;
        }
        presets::with_sequence(&self.draft.sequence)
    }

    /// The lesson in use: the example whose values are in the sequence field, else the notebook
    /// (whose pace and settings are the defaults).
    pub fn lesson(&self) -> &'static Preset {
        self.preset().unwrap_or(&presets::PRESETS[0])
    }

    /// The loss chart's scale as drawn: `Auto` decides by the span of every curve drawn (the
    /// kept runs' too, so a comparison link opens on a scale where each curve can be read).
    pub fn log_scale(&self) -> bool {
        match self.loss_scale {
            LossScale::Log => true,
            LossScale::Linear => false,
            LossScale::Auto => {
                let kept = self
                    .kept
                    .iter()
                    .flat_map(|r| r.history.iter().chain(&r.val));
                let all = self
                    .trainer
                    .history()
                    .iter()
                    .chain(self.trainer.val_history())
                    .chain(kept)
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0);
                let (lo, hi) = all.fold((f32::INFINITY, 0.0f32), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                });
                hi > AUTO_LOG_SPAN * lo
            }
        }
    }

    /// The status line.
    pub fn status(&self) -> String {
        let (progress, note) = self.status_parts();
        progress + &note
    }

    /// The status line in two parts: where training is ("Epoch 12 / 200 · loss 3.5"), and what
    /// just happened (" · Reached 200 epochs."), which the page sets in smaller type.
    pub fn status_parts(&self) -> (String, String) {
        let done = self.trainer.epochs_done();
        let mut progress = format!("Epoch {} / {}", done, self.target);
        if let Some(loss) = self.trainer.history().last() {
            progress += &format!(" · loss {}", short(*loss as f64));
        }
        if self.running() && self.epoch_ms > SLOW_EPOCH_MS {
            // One epoch of a big model takes seconds: show that it moves.
            progress += &format!(
                " · epoch {} is {}% done",
                group(done + 1),
                (self.trainer.epoch_progress() * 100.0) as u32
            );
        }
        let note = if self.note.is_empty() {
            String::new()
        } else {
            format!(" · {}", self.note)
        };
        (progress, note)
    }

    /// The findings as sentences with their advice, for beside the loss chart.
    pub fn diagnosis(&self) -> Vec<String> {
        self.findings
            .iter()
            .map(|f| format!("{} {}", f.headline(), f.advice(&self.config)))
            .collect()
    }

    /// The model's loss beside the rules that need no training, for "How is it going?".
    pub fn loss_table(&self) -> LossTable {
        verdict::loss_table(&self.trainer, self.config.seq_len)
    }

    /// Where the latest loss stands against the rules and the kept runs.
    pub fn standing(&self) -> String {
        verdict::standing(&self.trainer, &self.config, &self.kept)
    }

    /// The sentence under the gradient chart.
    pub fn grad_sentence(&self) -> String {
        let mut facts = RunFacts::of(&self.config, self.exploded());
        // Only a signal that dies out on its way back needs the dead units counted.
        let dies = self
            .grads
            .latest
            .as_ref()
            .is_some_and(|(_, h)| h.first() == Some(&0.0));
        if dies && self.trainer.ready() {
            let dead = crate::teach::inside::dead_units(
                self.trainer.model(),
                self.trainer.windows(),
                1 << 21,
            );
            facts.all_dead = self.config.activation == crate::nn::activation::Activation::Relu
                && dead.iter().all(|&d| d);
        }
        self.grads.sentence(&facts)
    }

    /// What the empty loss chart says when training diverged before an epoch could end.
    pub fn loss_note(&self) -> Option<String> {
        let epoch = self
            .diverged
            .filter(|_| self.trainer.history().is_empty())?;
        Some(format!(
            "Training diverged in epoch {epoch}, before any epoch ended: there is no loss to \
             draw. Try a smaller learning rate, or turn on scaling."
        ))
    }

    /// The loss exploded in this run, or training diverged.
    pub fn exploded(&self) -> bool {
        self.diverged.is_some()
            || self
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Exploding { .. }))
    }

    /// "Training speed: 0.03 ms per epoch", once something has trained.
    pub fn speed_readout(&self) -> String {
        if self.train_epochs == 0 {
            return String::new();
        }
        format!(
            "Training speed: {} ms per epoch, in this browser.",
            short(self.train_ms / self.train_epochs as f64)
        )
    }

    /// The ways the commas inside the sequence's numbers could be meant (thousands separators,
    /// decimal commas), each with the field's text rewritten that way: offered, never applied.
    pub fn comma_readings(&self) -> Vec<(Reading, String)> {
        data::comma_readings(self.text(Field::Sequence))
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
        let n = group(self.draft.sequence.len());
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

    /// The window of the training windows the inside view shows, or why it can't.
    pub fn inside_window(&self) -> Result<usize, String> {
        let count = self.trainer.windows().len();
        match self.inside_window_text.trim().parse::<usize>() {
            Ok(i) if i < count => Ok(i),
            _ => Err(format!(
                "Choose a training window from 0 to {}.",
                count.saturating_sub(1)
            )),
        }
    }

    /// The first predicted step of each window, in the sequence's units (NaN where not seen yet).
    pub fn one_step_fit(&self) -> Vec<f32> {
        self.trainer.fitted_first()
    }

    /// The settings as a query: the example in use (instead of its numbers), then each field
    /// whose text differs from that example's (or the notebook's) value, as typed (even when
    /// invalid, so a reload keeps it), then the view options that differ from their defaults.
    pub fn settings_query(&self) -> String {
        self.query_with_runs(true)
    }

    /// [`State::settings_query`], with or without the kept runs.
    fn query_with_runs(&self, runs: bool) -> String {
        let mut base = Config::default();
        // The notebook is the default: no need to name it.
        let preset = self.preset().filter(|p| p.key != presets::PRESETS[0].key);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(p) = preset {
            p.apply(&mut base);
            pairs.push((url::PRESET, p.key.to_string()));
        }
        for field in Field::ALL {
            let text = self.text(field);
            if text.trim() != base.get(field) {
                pairs.push((field.key(), text.to_string()));
            }
        }
        let speed = self.speed.value();
        if Some(self.speed) != Speed::parse(self.lesson().speed) {
            pairs.push((url::SPEED, speed));
        }
        if self.presentation {
            pairs.push((url::PRESENTATION, "1".into()));
        }
        if self.theme != ThemeChoice::Auto {
            pairs.push((url::THEME, self.theme.value().into()));
        }
        // Kept runs: their settings (not their curves), as what differs from these.
        for run in self.kept.iter().filter(|_| runs) {
            pairs.push((url::RUN, run.query(&self.config)));
        }
        url::build(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// The embed options the page was opened with, as a query.
    pub fn embed_query(&self) -> String {
        let Some(e) = &self.embed else {
            return String::new();
        };
        let controls = crate::format::join(&e.controls, ",");
        let mut pairs = vec![(url::EMBED, "1"), (url::CONTROLS, controls.as_str())];
        if e.autoplay {
            pairs.push((url::AUTOPLAY, "1"));
        }
        url::build(pairs)
    }

    /// The whole query for the address bar.
    pub fn query(&self) -> String {
        url::join(&self.settings_query(), &self.embed_query())
    }

    /// A link to this page with these settings (and none of the embed options): what "Copy
    /// link" copies and "Open the full demo" opens.
    pub fn link(&self) -> String {
        with_query(&self.base, &self.settings_query())
    }

    /// The embed's address, with the Share panel's options.
    pub fn embed_src(&self) -> String {
        let mut pairs = vec![(url::EMBED, "1".to_string())];
        pairs.push((
            url::CONTROLS,
            crate::format::join(&self.share.controls, ","),
        ));
        if self.share.autoplay {
            pairs.push((url::AUTOPLAY, "1".into()));
        }
        let embed = url::build(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        let settings = self.query_with_runs(self.share_runs);
        with_query(&self.base, &url::join(&settings, &embed))
    }

    /// A ready `<iframe>` for a blog or a course page, and the few lines that let it take the
    /// height of what it shows. Attribute values are escaped: the sequence comes from the person.
    pub fn embed_code(&self) -> String {
        let src = escape_attribute(&self.embed_src());
        let height = embed_height(&self.share.controls);
        format!(
            "<iframe class=\"rnn-playground\" src=\"{src}\" \
             title=\"RNN Playground: a recurrent network training live\" width=\"640\" \
             height=\"{height}\" loading=\"lazy\" style=\"border:0;width:100%;max-width:640px\"></iframe>\n\
             <script>/* RNN Playground: let the frame take the height of what it shows */\
             addEventListener(\"message\",function(e){{var f=document.querySelectorAll(\"iframe.rnn-playground\");\
             for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source&&e.data&&\
             e.data.type===\"rnn-playground:height\"&&e.data.height>0)f[i].style.height=e.data.height+\"px\"}});</script>"
        )
    }

    // ---- the settings ----

    /// Takes one field's text into the draft, or its message into `errors`.
    fn read(&mut self, field: Field) {
        self.errors.retain(|e| e.field != field);
        let text = self.texts[index(field)].clone();
        if let Err(e) = self.draft.set(field, &text) {
            self.errors.push(e);
        }
    }

    /// Checks the draft as a whole and applies it if it holds.
    fn settle(&mut self) {
        // A problem between fields is re-checked on every edit.
        self.problem = None;
        if self.errors.is_empty() {
            match self.draft.validate() {
                Ok(_) => self.apply(),
                Err(e) => self.problem = Some(e),
            }
        }
        if self.blocked() && self.running() {
            self.mode = Mode::Paused;
            self.note = "Paused: fix the highlighted field to go on.".into();
        }
    }

    /// Makes the valid draft the live config: a new model if it has to be, else in place.
    fn apply(&mut self) {
        if self.draft == self.config {
            return;
        }
        self.dirty.lesson = true;
        if self.config.needs_new_model(&self.draft) {
            // The recurrent kernel is computed over the next frames (`prepare_for_a_frame`).
            match Trainer::deferred(&self.draft) {
                Ok(t) => {
                    self.config = self.draft.clone();
                    self.new_model(t, "Settings changed, so the model starts afresh.");
                }
                Err(e) => self.problem = Some(e),
            }
            return;
        }
        let mut notes = Vec::new();
        let from = self.trainer.epochs_done();
        if self.draft.learning_rate != self.config.learning_rate {
            self.trainer.set_learning_rate(self.draft.learning_rate);
            if from > 0 {
                notes.push(format!(
                    "Learning rate {} from epoch {from} on",
                    short(self.draft.learning_rate as f64)
                ));
            }
        }
        if self.draft.epochs != self.config.epochs {
            let epochs = self.draft.epochs;
            if from == 0 || epochs > from {
                self.target = epochs;
                if from > 0 {
                    notes.push(format!("now heading for epoch {}", group(epochs)));
                }
            } else {
                // Already past it: this stretch ends here, and Train goes on for that many more.
                self.target = from;
                notes.push(format!(
                    "epoch {} is already behind: Train goes on for {} more, to epoch {}",
                    group(epochs),
                    group(epochs),
                    group(from + epochs)
                ));
            }
        }
        self.config = self.draft.clone();
        if !notes.is_empty() {
            self.note = format!(
                "{} — Reset to start over.",
                crate::format::join(&notes, ", ")
            );
        }
    }

    fn new_model(&mut self, trainer: Trainer, note: &str) {
        self.trainer = trainer;
        self.trainer.reserve_epochs(self.config.epochs);
        self.mode = Mode::Paused;
        self.target = self.config.epochs;
        self.forecast.clear();
        self.rolled.clear();
        self.forecast_on = false;
        self.forecast_note.clear();
        self.roll_note.clear();
        self.imported = false;
        self.epoch_ms = 0.0;
        self.findings.clear();
        self.diverged = None;
        self.grads = GradFlow::default();
        self.note = note.into();
        self.highlight = None;
        self.train_ms = 0.0;
        self.train_epochs = 0;
        self.prefill_forecast();
        self.dirty = Dirty {
            form: self.dirty.form,
            canvases: self.dirty.canvases,
            ..Dirty::all()
        };
    }

    fn edit(&mut self, field: Field, text: String) {
        self.texts[index(field)] = text;
        self.read(field);
        self.settle();
        self.dirty.url = true;
    }

    /// Loads an example. A sequence the person typed is put aside, with a way to bring it back.
    fn choose_preset(&mut self, key: &str) {
        let Some(p) = presets::find(key) else {
            return;
        };
        // Judged on the text in the field, which may not be valid (and so not in the draft) yet.
        let typed = parse_sequence(self.text(Field::Sequence)).ok();
        if typed.and_then(|s| presets::with_sequence(&s)).is_none() {
            self.kept_sequence = Some(self.text(Field::Sequence).to_string());
        }
        if !self.reduced_motion {
            self.speed = lesson_pace(Some(p), false);
        }
        let mut c = self.draft.clone();
        p.apply(&mut c);
        for field in Field::ALL {
            self.texts[index(field)] = c.get(field);
        }
        for field in Field::ALL {
            self.read(field);
        }
        self.settle();
        self.dirty.form = true;
        self.dirty.url = true;
    }

    // ---- training ----

    fn start_running(&mut self) {
        if self.trainer.epochs_done() >= self.target {
            self.target = self.trainer.epochs_done() + self.config.epochs;
        }
        self.note.clear();
        // How the last stretch ended is judged again at the end of this one; an explosion stays.
        self.findings
            .retain(|f| matches!(f, Finding::Exploding { .. }));
        self.mode = Mode::Running;
        self.allowance = 1.0;
        self.last_frame = None;
    }

    fn train_or_pause(&mut self) {
        match self.mode {
            Mode::Running | Mode::Stepping(_) => self.mode = Mode::Paused,
            Mode::Paused if !self.blocked() => self.start_running(),
            Mode::Paused => {}
        }
    }

    fn step(&mut self) {
        if !self.blocked() {
            self.note.clear();
            // A step from the target starts the next stretch, as Train does: the status never
            // reads "Epoch 801 / 800".
            if self.trainer.epochs_done() >= self.target {
                self.target = self.trainer.epochs_done() + self.config.epochs;
            }
            self.mode = Mode::Stepping(self.trainer.epochs_done() + 1);
            self.allowance = 1.0;
            self.last_frame = None;
        }
    }

    fn reset(&mut self) {
        if self.blocked() {
            return;
        }
        if let Ok(t) = Trainer::deferred(&self.config) {
            self.new_model(t, "The model was reset to its starting weights.");
        }
    }

    /// One animation frame: start-up's next step, or preparing a new model and training, each
    /// within the frame's budget as `clock` (milliseconds) measures it.
    fn frame(&mut self, t_ms: f64, clock: &dyn Fn() -> f64) {
        match self.startup {
            Startup::Lessons => {
                self.startup = Startup::Address;
                return;
            }
            Startup::Address => {
                self.startup = Startup::Done;
                self.dirty.url = true;
                return;
            }
            Startup::Done => {}
        }
        let dt = self.last_frame.map_or(1000.0 / 60.0, |last| {
            (t_ms - last).clamp(0.0, LONGEST_FRAME_MS)
        });
        self.last_frame = Some(t_ms);
        let start = clock();
        if !self.trainer.ready() {
            while !self.trainer.prepare(PIECE_MACS) {
                if clock() - start >= FRAME_BUDGET_MS {
                    return;
                }
            }
            // The weights are complete: the views that show them at work can draw.
            self.dirty.network = true;
        }
        if self.running() {
            if let Speed(Some(per_second)) = self.speed {
                self.allowance += per_second as f64 * dt / 1000.0;
            }
            self.train_for_a_frame(start, clock);
        }
        if self.race.is_some() {
            self.race_for_a_frame(dt, start, clock);
        }
    }

    /// The kept runs in a race share what is left of the frame's budget, a piece each in turn.
    fn race_for_a_frame(&mut self, dt: f64, start: f64, clock: &dyn Fn() -> f64) {
        let Some(race) = &mut self.race else {
            return;
        };
        race.elapsed_ms += dt;
        let allowed = match (race.paced, self.speed) {
            (true, Speed(Some(per_second))) => {
                1 + (race.elapsed_ms * per_second as f64 / 1000.0) as usize
            }
            _ => usize::MAX,
        };
        loop {
            let mut busy = false;
            for run in &mut self.kept {
                let before = run.history.len();
                busy |= run.advance(allowed);
                if run.history.len() != before {
                    self.dirty.loss = true;
                }
            }
            if !busy || clock() - start >= FRAME_BUDGET_MS {
                break;
            }
        }
        if self.kept.iter().all(|r| !r.racing()) {
            let paced = self.race.is_some_and(|r| r.paced);
            self.race = None;
            self.dirty.loss = true;
            if paced {
                self.runs_note = "Race over: the same seeds gave the same curves as before.".into();
                self.note = "Race over.".into();
            } else {
                self.note = "The kept runs from the link are trained.".into();
            }
        }
    }

    /// A comparison link's runs (`run=` keys) are trained again in the background.
    fn replay_runs(&mut self, pairs: &[(String, String)]) {
        let mut problems = Vec::new();
        for (i, value) in pairs
            .iter()
            .filter(|(k, _)| k == url::RUN)
            .map(|(_, v)| v)
            .enumerate()
        {
            if self.kept.len() >= MAX_KEPT {
                problems.push(format!("only {MAX_KEPT} runs can be kept"));
                break;
            }
            match runs::from_query(value, &self.config) {
                Ok(config) => {
                    let style = runs::free_style(&self.kept);
                    let mut run = KeptRun::new(config, Vec::new(), Vec::new(), style);
                    if run.restart() {
                        self.kept.push(run);
                    }
                }
                Err(message) => problems.push(format!("run {}: {message}", i + 1)),
            }
        }
        if !problems.is_empty() {
            self.runs_note = format!(
                "Some kept runs in the link were left out ({}).",
                crate::format::join(&problems, "; ")
            );
        }
        if !self.kept.is_empty() {
            self.race = Some(Race {
                paced: false,
                elapsed_ms: 0.0,
            });
            self.note = "Training the link's kept runs again…".into();
        }
    }

    fn keep_run(&mut self) {
        if self.trainer.history().is_empty() {
            self.runs_note = "Train first: there is no curve to keep yet.".into();
        } else if self.kept.len() >= MAX_KEPT {
            self.runs_note =
                format!("Up to {MAX_KEPT} runs can be kept: remove one to keep this one.");
        } else {
            let style = runs::free_style(&self.kept);
            self.kept.push(KeptRun::new(
                self.config.clone(),
                self.trainer.history().to_vec(),
                self.trainer.val_history().to_vec(),
                style,
            ));
            self.runs_note = format!(
                "Kept. Change a setting and train again to compare ({} of {MAX_KEPT} kept).",
                self.kept.len()
            );
            self.dirty.loss = true;
            self.dirty.url = true;
        }
    }

    fn start_race(&mut self) {
        if self.kept.is_empty() {
            self.runs_note = "Keep a run or two first (Keep this run), then race them.".into();
            return;
        }
        self.mode = Mode::Paused;
        for run in &mut self.kept {
            run.restart();
        }
        self.race = Some(Race {
            paced: true,
            elapsed_ms: 0.0,
        });
        self.runs_note = "Racing the kept runs from their start…".into();
        self.note = "Racing the kept runs; this model waits.".into();
        self.dirty.loss = true;
    }

    /// Brings back a kept run's settings (as if typed), for a new model.
    fn use_run(&mut self, i: usize) {
        let Some(run) = self.kept.get(i) else {
            return;
        };
        let config = run.config.clone();
        for field in Field::ALL {
            self.texts[index(field)] = config.get(field);
        }
        for field in Field::ALL {
            self.read(field);
        }
        self.settle();
        self.dirty.form = true;
        self.dirty.url = true;
        self.dirty.loss = true;
    }

    fn train_for_a_frame(&mut self, start: f64, clock: &dyn Fn() -> f64) {
        let mut epochs = 0;
        let mut since = start;
        loop {
            let goal = match self.mode {
                Mode::Stepping(until) => until,
                _ => self.target,
            };
            if self.trainer.epochs_done() >= goal {
                self.finish_run();
                break;
            }
            let limited = matches!(self.mode, Mode::Running) && self.speed.0.is_some();
            if limited && self.allowance < 1.0 {
                break;
            }
            match self.trainer.advance(PIECE_MACS) {
                Ok(Step::Epoch(loss)) => {
                    epochs += 1;
                    since = clock();
                    self.epoch_ms = 0.0;
                    self.allowance = (self.allowance - 1.0).max(0.0);
                    self.grads.record(&self.trainer);
                    self.dirty.loss = true;
                    self.dirty.data = true;
                    self.dirty.network = true;
                    self.watch_for_explosion(loss);
                }
                Ok(Step::Batch | Step::Partial) => {}
                Err(diverged) => {
                    self.mode = Mode::Paused;
                    self.diverged = Some(diverged.epoch);
                    self.note = diverged.to_string();
                    self.dirty.loss = true;
                    break;
                }
            }
            if clock() - start >= FRAME_BUDGET_MS {
                break;
            }
        }
        // A limited speed doesn't bank what the frame budget couldn't train.
        self.allowance = self.allowance.min(2.0);
        let end = clock();
        self.train_ms += end - start;
        self.epoch_ms += end - since;
        self.train_epochs += epochs;
        if epochs > 0 {
            // The forecast on show is always the current model's: one forward pass a frame.
            self.follow_forecast();
        }
    }

    /// An explosion is said as soon as it happens: the class sees the curve shoot up.
    fn watch_for_explosion(&mut self, loss: f32) {
        let first = self.trainer.history()[0];
        let exploding = first > 0.0 && loss >= diagnosis::EXPLODED * first;
        if exploding
            && !self
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Exploding { .. }))
        {
            self.findings = vec![Finding::Exploding { first, peak: loss }];
            self.note = self.findings[0].headline();
        }
    }

    /// The run reached its goal: pause and say how it went.
    fn finish_run(&mut self) {
        let reached_target = self.trainer.epochs_done() >= self.target;
        if self.mode == Mode::Running || reached_target {
            self.findings =
                diagnosis::diagnose_trainer(&self.trainer, &self.config, reached_target);
            self.note = format!("Reached {} epochs.", group(self.trainer.epochs_done()));
            match self.findings.first() {
                Some(f) => self.note += &format!(" {} (More beside the loss chart.)", f.headline()),
                None if self.mode == Mode::Running => {
                    self.note += " Press Train to keep going, or Forecast.";
                }
                None => {}
            }
        }
        self.mode = Mode::Paused;
    }

    // ---- forecasts ----

    /// Puts the sequence's last seq_len values in the forecast field, unless the person typed there.
    fn prefill_forecast(&mut self) {
        if !self.forecast_prefilled {
            // Their own text stays, but may no longer have seq_len values: say so.
            let _ = self.check_forecast_input();
            return;
        }
        let seq = &self.config.sequence;
        let tail = &seq[seq.len().saturating_sub(self.config.seq_len)..];
        self.forecast_text = crate::format::join(
            &tail
                .iter()
                .map(|&v| crate::format::Num(v).to_string())
                .collect::<Vec<_>>(),
            ", ",
        );
        self.forecast_error.clear();
    }

    /// Checks the forecast field as typed: a message, never a rewrite of the text.
    fn check_forecast_input(&mut self) -> Result<Vec<f32>, String> {
        let t = self.config.seq_len;
        let result = parse_sequence(&self.forecast_text)
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
        self.forecast_error = result.as_ref().err().cloned().unwrap_or_default();
        result
    }

    fn run_forecast(&mut self) {
        self.forecast_on = true;
        self.refresh_forecast();
    }

    /// The forecast from the field's window with the model as it is now (empty, with the
    /// field's message, if the window can't be read), and a word if the model is untrained.
    fn refresh_forecast(&mut self) {
        self.trainer.prepare(usize::MAX);
        let result = self
            .check_forecast_input()
            .and_then(|w| self.trainer.forecast(&w));
        self.forecast = result.unwrap_or_default();
        let untrained = self.trainer.epochs_done() == 0 && !self.imported;
        self.forecast_note = if self.forecast.is_empty() || !untrained {
            String::new()
        } else {
            "From the untrained model: its weights are still random, so this is a guess. Train \
             first."
                .into()
        };
        self.dirty.data = true;
    }

    /// After training: the forecast on show (and a short roll-forward) redone with the model as
    /// it is now; a long roll-forward is dropped, with a note.
    fn follow_forecast(&mut self) {
        if self.forecast_on {
            self.refresh_forecast();
        }
        if self.rolled.is_empty() {
            return;
        }
        let dims = self.trainer.model().dims;
        let passes = self.rolled.len().div_ceil(dims.n_steps);
        let cost = passes * dims.seq_len * dims.cell.forward_cost(dims.features, dims.units);
        if cost <= ROLL_FOLLOW_MACS {
            self.run_roll();
        } else {
            self.rolled.clear();
            self.roll_note =
                "The model has trained since: press Roll forward again for its new roll.".into();
        }
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

    fn run_roll(&mut self) {
        self.trainer.prepare(usize::MAX);
        let result = self.horizon().and_then(|h| {
            self.check_forecast_input()
                .and_then(|w| self.trainer.roll(&w, h))
        });
        self.rolled = result.unwrap_or_default();
        self.roll_note.clear();
        self.dirty.data = true;
    }

    // ---- sharing ----

    fn import_weights(&mut self, name: &str, parsed: Result<Nested, String>) {
        self.trainer.prepare(usize::MAX);
        let dims = self.trainer.model().dims;
        let result = parsed
            .and_then(|w| weights::from_nested(&w, &dims))
            .and_then(|params| self.trainer.set_params(params));
        match result {
            Ok(()) => {
                self.import_error.clear();
                self.mode = Mode::Paused;
                self.note = format!("Loaded the weights from {name}.");
                self.imported = true;
                self.follow_forecast();
                self.findings.clear();
                self.diverged = None;
                self.grads = GradFlow::default();
                self.dirty.loss = true;
                self.dirty.data = true;
                self.dirty.network = true;
            }
            Err(message) => self.import_error = message,
        }
    }
}

/// The pace a lesson opens with: its own (the notebook's if none), or at once for those who
/// asked their system for less motion.
fn lesson_pace(lesson: Option<&Preset>, reduced_motion: bool) -> Speed {
    let pace = if reduced_motion {
        "max"
    } else {
        lesson.unwrap_or(&presets::PRESETS[0]).speed
    };
    Speed::parse(pace).unwrap_or(Speed(None))
}

/// `base?query`, or `base` alone.
fn with_query(base: &str, query: &str) -> String {
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// Text safe inside a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The embed's height in CSS pixels with these controls: enough for what it shows at 390 and at
/// 640 px wide, so nothing scrolls before its height messages arrive (measured in the browser,
/// and held to it by tests/e2e/layout.test.mjs).
pub fn embed_height(controls: &[String]) -> u32 {
    let has = |c: &str| controls.iter().any(|x| x == c);
    let mut height = 440; // the prompt, the status, the two charts, the way out
    if ["train", "step", "reset", "speed"].iter().any(|c| has(c)) {
        height += 60;
    }
    if has("forecast") {
        height += 100;
    }
    if has("network") {
        height += 250;
    }
    for (control, extra) in [
        ("preset", 100),
        ("sequence", 115),
        ("seq-len", 75),
        ("n-steps", 75),
        ("cell", 75),
        ("units", 75),
        ("activation", 75),
        ("learning-rate", 75),
    ] {
        if has(control) {
            height += extra;
        }
    }
    height
}

/// A field's place in [`Field::ALL`] (and in [`State::texts`]).
pub fn index(field: Field) -> usize {
    SETTINGS.iter().position(|s| s.field == field).unwrap_or(0)
}

/// Changes the state as `msg` says; `clock` reads the time in milliseconds (training stops when
/// a frame's budget is spent). Returns what the page must do outside the state.
pub fn update(state: &mut State, msg: Msg, clock: &dyn Fn() -> f64) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::Edit(field, text) => state.edit(field, text),
        Msg::Preset(key) => state.choose_preset(&key),
        Msg::RestoreSequence => {
            if let Some(text) = state.kept_sequence.take() {
                state.edit(Field::Sequence, text);
                state.dirty.form = true;
            }
        }
        Msg::Reread(reading) => {
            let readings = state.comma_readings();
            if let Some((_, text)) = readings.into_iter().find(|(r, _)| *r == reading) {
                state.edit(Field::Sequence, text);
                state.dirty.form = true;
            }
        }
        Msg::TrainOrPause => state.train_or_pause(),
        Msg::Step => state.step(),
        Msg::Reset => state.reset(),
        Msg::Key(Key::TrainOrPause) => state.train_or_pause(),
        Msg::Key(Key::Step) => state.step(),
        Msg::Key(Key::Reset) => state.reset(),
        Msg::Speed(text) => {
            if let Some(speed) = Speed::parse(&text) {
                state.speed = speed;
                state.dirty.url = true;
            }
        }
        Msg::LossScale(text) => {
            if let Some(scale) = LossScale::parse(&text) {
                state.loss_scale = scale;
                state.dirty.loss = true;
            }
        }
        Msg::Presentation(on) => {
            state.presentation = on;
            state.dirty = Dirty {
                form: state.dirty.form,
                lesson: state.dirty.lesson,
                ..Dirty::all()
            };
        }
        Msg::Theme(text) => {
            if let Some(theme) = ThemeChoice::parse(&text) {
                state.theme = theme;
                state.dirty = Dirty {
                    form: state.dirty.form,
                    lesson: state.dirty.lesson,
                    ..Dirty::all()
                };
            }
        }
        Msg::ForecastInput(text) => {
            state.forecast_text = text;
            state.forecast_prefilled = false;
            let _ = state.check_forecast_input();
        }
        Msg::Forecast => state.run_forecast(),
        Msg::HorizonInput(text) => {
            state.horizon_text = text;
            let _ = state.horizon();
        }
        Msg::Roll => state.run_roll(),
        Msg::ClearRoll => {
            state.rolled.clear();
            state.dirty.data = true;
        }
        Msg::Highlight(i) => {
            state.highlight = i;
            state.dirty.data = true;
            state.dirty.network = true;
        }
        Msg::InsideOpen(open) => {
            state.inside_open = open;
            state.dirty.network = true;
        }
        Msg::InsideWindow(text) => {
            state.inside_window_text = text;
            state.dirty.network = true;
        }
        Msg::InsideStep(t) => {
            state.inside_step = t.clamp(1, state.config.seq_len);
            state.dirty.network = true;
        }
        Msg::CopyLink => {
            state.share_note = "Link copied.".into();
            // Many web servers refuse addresses longer than about 8,000 characters.
            if state.query().len() > 8000 {
                state.share_note += " It is very long (the whole sequence is in it): some \
                    servers refuse links over about 1,500 values. The weights and CSV downloads \
                    carry any size.";
            }
            effects.push(Effect::Copy {
                text: state.link(),
                what: Copied::Link,
            });
        }
        Msg::CopyEmbed => {
            state.share_note = "Embed code copied.".into();
            effects.push(Effect::Copy {
                text: state.embed_code(),
                what: Copied::Embed,
            });
        }
        Msg::CopyCode => {
            state.code_note = "Copied.".into();
            effects.push(Effect::Copy {
                text: crate::teach::keras_code::keras_program(&state.config),
                what: Copied::Code,
            });
        }
        Msg::CopyRefused(what) => match what {
            Copied::Link => state.share_note = "Copy the link from the address bar.".into(),
            Copied::Embed => state.share_note = "Copy the embed code from the box below.".into(),
            Copied::Code => state.code_note = "Select the code below and copy it.".into(),
        },
        Msg::ExportWeights => {
            state.trainer.prepare(usize::MAX);
            let m = state.trainer.model();
            effects.push(Effect::Download {
                name: "rnn-playground-weights.json",
                mime: "application/json",
                text: weights::to_keras_json(&m.params, &m.dims),
            });
        }
        Msg::ImportWeights(name, parsed) => state.import_weights(&name, parsed),
        Msg::ExportLoss => effects.push(Effect::Download {
            name: "rnn-playground-loss.csv",
            mime: "text/csv",
            text: {
                let labels: Vec<String> =
                    state.kept.iter().map(|r| r.label(&state.config)).collect();
                let kept: Vec<(String, &[f32])> = labels
                    .into_iter()
                    .zip(&state.kept)
                    .map(|(l, r)| (l, r.history.as_slice()))
                    .collect();
                export::loss_csv(state.trainer.history(), state.trainer.val_history(), &kept)
            },
        }),
        Msg::ExportPredictions => effects.push(Effect::Download {
            name: "rnn-playground-predictions.csv",
            mime: "text/csv",
            text: export::predictions_csv(
                &state.config.sequence,
                state.config.seq_len,
                &state.one_step_fit(),
                &state.forecast,
            ),
        }),
        Msg::ExportPng(chart) => effects.push(Effect::DownloadPng {
            name: match chart {
                Chart::Loss => "rnn-playground-loss.png",
                Chart::Data => "rnn-playground-data.png",
            },
            chart,
        }),
        Msg::ShareControl(name, on) => {
            // Rebuilt in the menu's order, so the same choice always gives the same code.
            let chosen = &state.share.controls;
            state.share.controls = EMBED_CONTROLS
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| {
                    if *c == name {
                        on
                    } else {
                        chosen.iter().any(|x| x == c)
                    }
                })
                .map(str::to_string)
                .collect();
            state.dirty.url = true;
        }
        Msg::ShareAutoplay(on) => {
            state.share.autoplay = on;
            state.dirty.url = true;
        }
        Msg::ShareRuns(on) => {
            state.share_runs = on;
            state.dirty.url = true;
        }
        Msg::KeepRun => state.keep_run(),
        Msg::RemoveRun(i) => {
            if i < state.kept.len() {
                state.kept.remove(i);
                state.runs_note.clear();
                if state.kept.iter().all(|r| !r.racing()) {
                    state.race = None;
                }
                state.dirty.loss = true;
                state.dirty.url = true;
            }
        }
        Msg::UseRun(i) => state.use_run(i),
        Msg::Race => state.start_race(),
        Msg::Resize => {
            state.dirty.canvases = true;
            state.dirty.loss = true;
            state.dirty.data = true;
            state.dirty.network = true;
        }
        Msg::Frame(t) => state.frame(t, clock),
    }
    effects
}
