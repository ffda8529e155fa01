//! The page's logic as plain Rust: one [`State`] in rooms by panel, the [`Msg`]s that change it,
//! and [`update`], a short router.
//!
//! Each room keeps its fields, handles its messages and makes its derived text:
//! [`settings`] (the form), [`run`] (training, pace, status), [`forecast`], [`compare`] (kept
//! runs and races), [`share`] (the address, the embed), [`inside`] (the network at work),
//! [`verdict`] ("How is it going?") and [`options`] (how the page looks). `update` hands a
//! message to its room and carries what it means to the others (new settings → a new model →
//! the forecast cleared); it touches no DOM, so every message is tested natively
//! (`tests/app.rs`). It returns the [`Effect`]s it wants done outside (a download, a copy) and
//! marks what changed in [`State::dirty`], which the page's runtime takes and draws.

pub mod arena;
pub mod compare;
pub mod forecast;
pub mod inside;
pub mod msg;
pub mod options;
pub mod pool;
pub mod run;
pub mod settings;
pub mod share;
pub mod url;
pub mod verdict;

pub use arena::Arena;
pub use compare::{Compare, KeptRun, Race, RaceEnd, Remote, MAX_KEPT};
pub use forecast::{Forecast, MAX_HORIZON};
pub use inside::Inside;
pub use msg::{shortcut, Chart, Copied, Dirty, Effect, Focus, Key, Msg, Startup};
pub use options::{LossScale, Options, ThemeChoice, AUTO_LOG_SPAN};
pub use pool::{JobId, Pool, PoolState, WorkerNews};
pub use run::{Mode, Run, Speed, DEFAULT_SPEED, FRAME_BUDGET_MS, SPEEDS};
pub use settings::{index, Change, Settings};
pub use share::{embed_controls, embed_height, escape_attribute, Embed, Share, DEFAULT_CONTROLS};
pub use verdict::{GradFlow, LossTable, RunFacts, GRAD_EPOCHS_KEPT};

use crate::data::presets::{self, Preset};
use crate::io::{export, weights};
use crate::nn::trainer::Trainer;

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
    /// The browser's logical processors (`navigator.hardwareConcurrency`), 0 where there are no
    /// Web Workers: the memory arena and races then train on the page's own thread.
    pub cores: usize,
}

pub struct State {
    pub settings: Settings,
    pub run: Run,
    pub forecast: Forecast,
    pub compare: Compare,
    pub share: Share,
    pub inside: Inside,
    pub options: Options,
    pub startup: Startup,
    /// The person asked their system for less motion: training shows its result at once.
    pub reduced_motion: bool,
    /// What changed since the runtime last took it ([`State::take_dirty`]).
    pub dirty: Dirty,
    /// The memory arena: the sweep, its scores and its sentence.
    pub arena: Arena,
    /// The Web Workers that train the arena's runs and raced kept runs.
    pub pool: Pool,
}

impl State {
    /// The page as its address describes it: an example (`preset=`), then each setting found in
    /// the query (as text, checked like typing), the view options, embed mode, and the kept runs
    /// of a comparison link.
    pub fn new(start: &Start) -> State {
        let pairs = url::parse(&start.query);
        let lesson = url::get(&pairs, url::PRESET).and_then(presets::find);
        let speed = url::get(&pairs, url::SPEED)
            .and_then(Speed::parse)
            .unwrap_or_else(|| lesson_pace(lesson, start.reduced_motion));
        let settings = Settings::new(Settings::texts_from(&pairs));
        let config = settings.config.clone();
        let trainer = match Trainer::deferred(&config) {
            Ok(t) => t,
            Err(_) => unreachable!("the default config is valid"),
        };
        let mut state = State {
            settings,
            run: Run::new(trainer, config.epochs, speed),
            forecast: Forecast::default(),
            compare: Compare::default(),
            share: Share::new(&pairs, &start.hash, &start.base),
            inside: Inside::default(),
            options: Options::new(&pairs),
            startup: Startup::Lessons,
            reduced_motion: start.reduced_motion,
            dirty: Dirty::all(),
            arena: Arena::new(&pairs, lesson.is_some_and(|p| p.key == arena::LESSON)),
            pool: pool::Pool::new(&pairs, start.cores),
        };
        // All fields were read; now one model for them all.
        let change = state.settings.settle();
        state.settings_changed(change);
        state.forecast.prefill(&state.settings.config);
        // Settings from the address are the starting point, not a change to announce; one it
        // could not use is, or the charts (the last good model's) and the form would disagree.
        state.run.note = if state.settings.blocked() {
            "A setting in the address needs fixing (marked below): until then the charts show \
             the model from before it."
                .into()
        } else {
            String::new()
        };
        let workers = state.pool.usable();
        if state
            .compare
            .replay(&pairs, &state.settings.config, workers)
        {
            state.run.note = "Training the link's kept runs again…".into();
        }
        let autoplay = state.share.embed.as_ref().is_some_and(|e| e.autoplay);
        if autoplay && !state.settings.blocked() {
            state.run.start(state.settings.config.epochs);
        }
        state
    }

    /// What changed since the last call: the runtime draws it.
    pub fn take_dirty(&mut self) -> Dirty {
        std::mem::take(&mut self.dirty)
    }

    // ---- what several rooms make together ----

    /// The status line.
    pub fn status(&self) -> String {
        self.run.status()
    }

    /// True while a field's text can't be used: training waits for it.
    pub fn blocked(&self) -> bool {
        self.settings.blocked()
    }

    pub fn running(&self) -> bool {
        self.run.running()
    }

    /// Whether the page needs another animation frame.
    pub fn wants_frames(&self) -> bool {
        self.run.running()
            || self.startup != Startup::Done
            || !self.run.trainer.ready()
            || self.compare.race.is_some()
            || self.arena.on_this_page(&self.pool)
            || matches!(self.pool.state, PoolState::Starting { .. })
    }

    /// The example whose values are in the sequence field, if any.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.settings.preset()
    }

    /// The loss chart's scale as drawn: `Auto` decides by the span of every curve drawn (the
    /// kept runs' too, so a comparison link opens on a scale where each curve can be read).
    pub fn log_scale(&self) -> bool {
        let trainer = &self.run.trainer;
        let mut curves = vec![trainer.history(), trainer.val_history()];
        for r in &self.compare.kept {
            curves.push(&r.history);
            curves.push(&r.val);
        }
        self.options.loss_scale.is_log(&curves)
    }

    /// The findings as sentences with their advice, for beside the loss chart.
    pub fn diagnosis(&self) -> Vec<String> {
        self.run.diagnosis(&self.settings.config)
    }

    /// The model's loss beside the rules that need no training, for "How is it going?".
    pub fn loss_table(&self) -> LossTable {
        verdict::loss_table(&self.run.trainer, self.settings.config.seq_len)
    }

    /// Where the latest loss stands against the rules and the kept runs.
    pub fn standing(&self) -> String {
        verdict::standing(&self.run.trainer, &self.settings.config, &self.compare.kept)
    }

    /// The sentence under the gradient chart.
    pub fn grad_sentence(&self) -> String {
        self.run.grad_sentence(&self.settings.config)
    }

    /// The loss exploded in this run, or training diverged.
    pub fn exploded(&self) -> bool {
        self.run.exploded()
    }

    /// The first predicted step of each window, in the sequence's units (NaN where not seen yet).
    pub fn one_step_fit(&self) -> Vec<f32> {
        self.run.trainer.fitted_first()
    }

    // ---- carrying a message's meaning across the rooms ----

    /// New settings: a new model, a change in place, or a wait for a field to be fixed.
    fn settings_changed(&mut self, change: Change) {
        self.dirty.fields = true;
        self.dirty.url = true;
        match change {
            Change::Nothing => {}
            Change::Blocked => self.run.blocked(),
            Change::InPlace { before } => {
                self.dirty.lesson = true;
                self.run.changed_in_place(&before, &self.settings.config);
            }
            Change::NewModel(config) => {
                // The recurrent kernel is computed over the next frames (`Run::prepare`).
                match Trainer::deferred(&config) {
                    Ok(t) => {
                        self.settings.commit(config);
                        self.new_model(t, "Settings changed, so the model starts afresh.");
                    }
                    Err(e) => self.settings.problem = Some(e),
                }
            }
        }
    }

    fn new_model(&mut self, trainer: Trainer, note: &str) {
        self.compare.model_replaced();
        let config = &self.settings.config;
        self.run.replace(trainer, config.epochs, note);
        self.forecast.model_replaced(config);
        self.inside.highlight = None;
        self.inside.forget_memory();
        self.dirty = Dirty {
            form: self.dirty.form,
            canvases: self.dirty.canvases,
            ..Dirty::all()
        };
    }

    fn reset(&mut self) {
        if self.settings.blocked() {
            return;
        }
        if let Ok(t) = Trainer::deferred(&self.settings.config) {
            self.new_model(t, "The model was reset to its starting weights.");
        }
    }

    /// Whether the model has learned anything yet (trained here, or weights loaded).
    fn trained(&self) -> bool {
        self.run.trainer.epochs_done() > 0 || self.run.imported
    }

    fn import_weights(&mut self, name: &str, parsed: Result<weights::Nested, String>) {
        let trainer = &mut self.run.trainer;
        trainer.prepare(usize::MAX);
        let dims = trainer.model().dims;
        let result = parsed
            .and_then(|w| weights::from_nested(&w, &dims))
            .and_then(|params| trainer.set_params(params));
        match result {
            Ok(()) => {
                self.share.import_error.clear();
                self.run.weights_loaded(name);
                self.inside.forget_memory();
                self.forecast.follow(&mut self.run.trainer, true);
                self.dirty.loss = true;
                self.dirty.data = true;
                self.dirty.network = true;
            }
            Err(message) => self.share.import_error = message,
        }
    }

    /// One animation frame: start-up's next step, or preparing a new model, training and
    /// racing, each within the frame's budget as `clock` (milliseconds) measures it.
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
        let dt = self.run.tick(t_ms);
        let start = clock();
        let usable = self.pool.usable();
        self.pool.tick(t_ms);
        if usable && !self.pool.usable() {
            self.workers_gone();
        }
        if !self.run.trainer.ready() {
            if !self.run.prepare(start, clock) {
                return;
            }
            // The weights are complete: the views that show them at work can draw.
            self.dirty.network = true;
        }
        if self.run.running() {
            let config = &self.settings.config;
            let epochs = self
                .run
                .train_for_a_frame(dt, start, clock, config, &mut self.dirty);
            if epochs > 0 {
                // The forecast on show is always the current model's: one forward pass a frame.
                let trained = self.trained();
                self.forecast.follow(&mut self.run.trainer, trained);
            }
        }
        self.follow_memory(t_ms);
        let speed = self.run.speed;
        let end = self
            .compare
            .race_for_a_frame(dt, speed, start, clock, &mut self.dirty);
        if !self.run.running() {
            match end {
                RaceEnd::Raced => self.run.note = "Race over.".into(),
                RaceEnd::Replayed => {
                    self.run.note = "The kept runs from the link are trained.".into()
                }
                RaceEnd::Going => {}
            }
        }
        if self.arena.on_this_page(&self.pool) {
            self.arena.train_for_a_frame(start, clock);
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

/// Changes the state as `msg` says; `clock` reads the time in milliseconds (training stops when
/// a frame's budget is spent). Returns what the page must do outside the state.
pub fn update(state: &mut State, msg: Msg, clock: &dyn Fn() -> f64) -> Vec<Effect> {
    let mut effects = Vec::new();
    let s = state;
    match msg {
        Msg::Edit(field, text) => {
            let change = s.settings.edit(field, text);
            s.settings_changed(change);
        }
        Msg::Preset(key) => {
            if let Some(p) = presets::find(&key) {
                if !s.reduced_motion {
                    s.run.speed = lesson_pace(Some(p), false);
                }
                let change = s.settings.choose_preset(p);
                s.settings_changed(change);
                s.dirty.form = true;
                if p.key == arena::LESSON {
                    s.arena.show();
                }
            }
        }
        Msg::OpenData(text) => {
            let change = s.settings.edit(crate::config::Field::Sequence, text);
            s.settings_changed(change);
            s.dirty.form = true;
        }
        Msg::RestoreSequence => {
            if let Some(change) = s.settings.restore_sequence() {
                s.settings_changed(change);
                s.dirty.form = true;
            }
        }
        Msg::Reread(reading) => {
            if let Some(change) = s.settings.reread(reading) {
                s.settings_changed(change);
                s.dirty.form = true;
            }
        }
        Msg::TrainOrPause | Msg::Key(Key::TrainOrPause) => {
            let blocked = s.settings.blocked();
            s.run.train_or_pause(blocked, s.settings.config.epochs);
        }
        Msg::Step | Msg::Key(Key::Step) => {
            if !s.settings.blocked() {
                s.run.step(s.settings.config.epochs);
            }
        }
        Msg::Reset | Msg::Key(Key::Reset) => s.reset(),
        Msg::Speed(text) => {
            if let Some(speed) = Speed::parse(&text) {
                s.run.speed = speed;
                s.dirty.url = true;
            }
        }
        Msg::LossScale(text) => {
            if let Some(scale) = LossScale::parse(&text) {
                s.options.loss_scale = scale;
                s.dirty.loss = true;
            }
        }
        Msg::Presentation(on) => {
            s.options.presentation = on;
            s.dirty = s.dirty.or(Dirty {
                form: false,
                fields: false,
                lesson: false,
                ..Dirty::all()
            });
        }
        Msg::Theme(text) => {
            if let Some(theme) = ThemeChoice::parse(&text) {
                s.options.theme = theme;
                s.dirty = s.dirty.or(Dirty {
                    form: false,
                    fields: false,
                    lesson: false,
                    ..Dirty::all()
                });
            }
        }
        Msg::ForecastInput(text) => s.forecast.input(text, &s.settings.config),
        Msg::Forecast => {
            let trained = s.trained();
            s.forecast.ask(&mut s.run.trainer, trained);
            s.dirty.data = true;
        }
        Msg::HorizonInput(text) => s.forecast.horizon_input(text),
        Msg::Roll => {
            s.forecast.roll(&mut s.run.trainer);
            s.dirty.data = true;
        }
        Msg::ClearRoll => {
            s.forecast.clear_roll();
            s.dirty.data = true;
        }
        Msg::Highlight(i) => {
            s.inside.highlight = i;
            s.dirty.data = true;
            s.dirty.network = true;
        }
        Msg::InsideOpen(open) => {
            s.inside.open = open;
            s.dirty.network = true;
        }
        Msg::InsideWindow(text) => {
            s.inside.window_text = text;
            s.dirty.network = true;
        }
        Msg::InsideStep(t) => {
            s.inside.step = t.clamp(1, s.settings.config.seq_len);
            s.dirty.network = true;
        }
        Msg::InsideSlot(k) => {
            s.inside.slot = k;
            s.dirty.network = true;
        }
        Msg::CopyLink => {
            s.share.note = "Link copied.".into();
            // Many web servers refuse addresses longer than about 8,000 characters.
            if s.query().len() > 8000 {
                s.share.note += " It is very long (the whole sequence is in it): some \
                    servers refuse links over about 1,500 values. The weights and CSV downloads \
                    carry any size.";
            }
            effects.push(Effect::Copy {
                text: s.link(),
                what: Copied::Link,
            });
        }
        Msg::CopyEmbed => {
            s.share.note = "Embed code copied.".into();
            effects.push(Effect::Copy {
                text: s.embed_code(),
                what: Copied::Embed,
            });
        }
        Msg::CopyCode => {
            s.share.code_note = "Copied.".into();
            effects.push(Effect::Copy {
                text: crate::teach::keras_code::keras_program(&s.settings.config),
                what: Copied::Code,
            });
        }
        Msg::CopyRefused(what) => match what {
            Copied::Link => s.share.note = "Copy the link from the address bar.".into(),
            Copied::Embed => s.share.note = "Copy the embed code from the box below.".into(),
            Copied::Code => s.share.code_note = "Select the code below and copy it.".into(),
        },
        Msg::ExportWeights => {
            s.run.trainer.prepare(usize::MAX);
            let m = s.run.trainer.model();
            effects.push(Effect::Download {
                name: "rnn-playground-weights.json",
                mime: "application/json",
                text: weights::to_keras_json(&m.params, &m.dims),
            });
        }
        Msg::ImportWeights(name, parsed) => s.import_weights(&name, parsed),
        Msg::ExportLoss => {
            let config = &s.settings.config;
            let labels: Vec<String> = s.compare.kept.iter().map(|r| r.label(config)).collect();
            let kept: Vec<(String, &[f32])> = labels
                .into_iter()
                .zip(&s.compare.kept)
                .map(|(l, r)| (l, r.history.as_slice()))
                .collect();
            let t = &s.run.trainer;
            effects.push(Effect::Download {
                name: "rnn-playground-loss.csv",
                mime: "text/csv",
                text: export::loss_csv(t.history(), t.val_history(), &kept),
            });
        }
        Msg::ExportPredictions => effects.push(Effect::Download {
            name: "rnn-playground-predictions.csv",
            mime: "text/csv",
            text: export::predictions_csv(
                &s.settings.config.series,
                s.run.trainer.target_columns(),
                s.settings.config.seq_len,
                &s.one_step_fit(),
                &s.forecast.values,
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
            s.share.control(&name, on);
            s.dirty.url = true;
        }
        Msg::ShareAutoplay(on) => {
            s.share.options.autoplay = on;
            s.dirty.url = true;
        }
        Msg::ShareRuns(on) => {
            s.share.runs = on;
            s.dirty.url = true;
        }
        Msg::KeepRun => {
            if s.compare.keep(&s.settings.config, &s.run.trainer) {
                s.dirty.loss = true;
                s.dirty.url = true;
            }
        }
        Msg::RemoveRun(i) => {
            let job = s.compare.kept.get(i).and_then(|r| r.job());
            s.cancel(job.into_iter().collect(), &mut effects);
            if s.compare.remove(i) {
                s.dirty.loss = true;
                s.dirty.url = true;
            }
        }
        Msg::UseRun(i) => {
            if let Some(config) = s.compare.kept.get(i).map(|r| r.config.clone()) {
                let change = s.settings.set_all(&config);
                s.settings_changed(change);
                s.dirty.form = true;
                s.dirty.loss = true;
            }
        }
        Msg::Race => {
            let racing = s.compare.jobs();
            s.cancel(racing, &mut effects);
            if s.compare.start_race(s.pool.usable()) {
                s.run.mode = Mode::Paused;
                s.run.note = "Racing the kept runs; this model waits.".into();
                s.dirty.loss = true;
            }
        }
        Msg::Resize => {
            s.dirty.canvases = true;
            s.dirty.loss = true;
            s.dirty.data = true;
            s.dirty.network = true;
        }
        Msg::Frame(t) => s.frame(t, clock),
        Msg::ArenaRun => {
            let jobs = s.arena.stop();
            s.cancel(jobs, &mut effects);
            s.arena.start(clock());
            s.arena.open = true;
        }
        Msg::ArenaStop => {
            let jobs = s.arena.stop();
            s.cancel(jobs, &mut effects);
        }
        Msg::ArenaOpen(open) => {
            s.arena.open = open;
            s.arena.version += 1;
        }
        Msg::Worker(w, news) => s.worker_news(w, news, clock()),
    }
    s.schedule(&mut effects);
    effects
}
