//! The page's logic, natively: every message, the start-up, and the address in and out.
//! A fake clock stands for `performance.now()`: each reading moves it on 0.01 ms, so a frame's
//! 8 ms budget is 800 readings, whatever this machine's speed.

use rnn_playground::app::{
    update, url, Chart, Copied, Effect, Key, LossScale, Mode, Msg, Speed, Start, Startup, State,
    DEFAULT_SPEED,
};
use rnn_playground::config::{Config, Field, Kind, SETTINGS};
use rnn_playground::diagnosis::Finding;
use std::cell::Cell;

struct Page {
    state: State,
    now: Cell<f64>,
    frame_t: f64,
}

impl Page {
    fn open(query: &str) -> Page {
        Page::with(Start {
            query: query.to_string(),
            base: "https://example.org/rnn/".into(),
            ..Start::default()
        })
    }

    fn with(start: Start) -> Page {
        let mut p = Page {
            state: State::new(&start),
            now: Cell::new(0.0),
            frame_t: 0.0,
        };
        // Start-up: two frames.
        p.frames(2);
        assert_eq!(p.state.startup, Startup::Done);
        p
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let now = &self.now;
        let clock = || {
            now.set(now.get() + 0.01);
            now.get()
        };
        update(&mut self.state, msg, &clock)
    }

    fn frames(&mut self, n: usize) {
        for _ in 0..n {
            self.frame_t += 1000.0 / 60.0;
            self.send(Msg::Frame(self.frame_t));
        }
    }

    fn edit(&mut self, field: Field, text: &str) {
        self.send(Msg::Edit(field, text.to_string()));
    }

    /// Frames until training pauses (at most `limit`).
    fn run_until_paused(&mut self, limit: usize) {
        for _ in 0..limit {
            if !self.state.running() {
                return;
            }
            self.frames(1);
        }
        panic!(
            "still running after {limit} frames: {}",
            self.state.status()
        );
    }

    fn epochs(&self) -> usize {
        self.state.trainer.epochs_done()
    }
}

#[test]
fn the_page_opens_on_the_notebook_and_starts_up_over_two_frames() {
    let mut state = State::new(&Start::default());
    assert_eq!(state.config, Config::default());
    assert_eq!(state.status(), "Epoch 0 / 200");
    assert_eq!(state.forecast_text, "70, 80, 90");
    assert_eq!(state.speed, Speed::parse(DEFAULT_SPEED).unwrap());
    assert!(state.wants_frames());
    let clock = || 0.0;
    assert_eq!(state.startup, Startup::Lessons);
    update(&mut state, Msg::Frame(16.0), &clock);
    assert_eq!(state.startup, Startup::Address);
    update(&mut state, Msg::Frame(32.0), &clock);
    assert_eq!(state.startup, Startup::Done);
    assert!(
        state.dirty.url,
        "the address is written once start-up is done"
    );
    // The recurrent kernel is computed in frames: the page wants them until it is ready.
    for i in 0..10 {
        update(&mut state, Msg::Frame(48.0 + 16.0 * i as f64), &clock);
    }
    assert!(state.trainer.ready());
    assert!(!state.wants_frames(), "an idle page asks for no frames");
}

#[test]
fn every_field_takes_valid_text_and_explains_invalid_text() {
    for s in SETTINGS {
        let (good, bad) = match s.kind {
            Kind::Sequence => ("5, 6, 7, 8, 9, 10, 11", "5, x"),
            Kind::Whole { .. } => (if s.default == "2" { "3" } else { "2" }, "1.5"),
            Kind::Rate { .. } => ("0.01", "-1"),
            Kind::Choice(options) => (options[1].0, "nonsense"),
            Kind::Toggle => ("off", "maybe"),
        };
        let mut p = Page::open("");
        p.send(Msg::Step);
        p.run_until_paused(100);
        let before = p.state.config.clone();
        p.edit(s.field, bad);
        assert_eq!(
            p.state.text(s.field),
            bad,
            "{}: the text stays as typed",
            s.id
        );
        let message = p
            .state
            .error(s.field)
            .unwrap_or_else(|| panic!("{}: no message", s.id));
        assert!(message.ends_with('.'), "{}: {message}", s.id);
        assert!(p.state.blocked());
        assert_eq!(
            p.state.config, before,
            "{}: the last good settings stay",
            s.id
        );
        assert_eq!(p.epochs(), 1, "{}: and so does the model", s.id);
        p.send(Msg::TrainOrPause);
        assert!(!p.state.running(), "{}: training waits for the field", s.id);

        p.edit(s.field, good);
        assert_eq!(p.state.error(s.field), None, "{}", s.id);
        assert!(!p.state.blocked());
        assert_eq!(p.state.config.get(s.field), {
            let mut c = Config::default();
            c.set(s.field, good).unwrap();
            c.get(s.field)
        });
        let fresh = p.epochs() == 0;
        assert_eq!(fresh, s.resets_model, "{}: resets the model?", s.id);
    }
}

#[test]
fn learning_rate_and_epochs_change_in_place_and_say_so() {
    let mut p = Page::open("");
    for _ in 0..3 {
        p.send(Msg::Step);
        p.run_until_paused(100);
    }
    p.edit(Field::LearningRate, "0.5");
    assert_eq!(p.epochs(), 3);
    assert!(
        p.state
            .status()
            .contains("Learning rate 0.5 from epoch 3 on — Reset to start over."),
        "{}",
        p.state.status()
    );
    p.edit(Field::Epochs, "300");
    assert_eq!(p.state.target, 300);
    assert!(p.state.status().starts_with("Epoch 3 / 300"));
}

#[test]
fn a_problem_between_fields_shows_on_one_field_and_clears_when_fixed() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, "1 2 3 4");
    assert!(p
        .state
        .error(Field::Sequence)
        .unwrap()
        .contains("needs seq_len + n_steps = 5"));
    p.edit(Field::SeqLen, "2");
    assert_eq!(p.state.error(Field::Sequence), None);
    assert!(!p.state.blocked());
    assert_eq!(p.state.config.seq_len, 2);
}

#[test]
fn train_runs_at_the_chosen_pace_and_stops_at_the_target() {
    let mut p = Page::open("");
    p.frames(10);
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.mode, Mode::Running);
    // 50 epochs a second: one second of frames trains about 50 (the first frame trains one).
    p.frames(60);
    assert!((49..=52).contains(&p.epochs()), "{}", p.epochs());
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.mode, Mode::Paused);
    let paused = p.epochs();
    p.frames(30);
    assert_eq!(p.epochs(), paused, "paused: nothing trains");
    p.send(Msg::Speed("max".into()));
    p.send(Msg::TrainOrPause);
    p.run_until_paused(1000);
    assert_eq!(p.epochs(), 200);
    assert!(
        p.state.status().contains("Reached 200 epochs."),
        "{}",
        p.state.status()
    );
    assert_eq!(p.state.findings, []);
    // Train again: on to the next target.
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.target, 400);
    p.run_until_paused(1000);
    assert_eq!(p.epochs(), 400);
}

#[test]
fn step_trains_exactly_one_epoch_and_reset_starts_over() {
    let mut p = Page::open("");
    p.send(Msg::Step);
    p.run_until_paused(100);
    assert_eq!(p.epochs(), 1);
    p.send(Msg::Key(Key::Step));
    p.run_until_paused(100);
    assert_eq!(p.epochs(), 2);
    let first_loss = p.state.trainer.history()[0];
    p.send(Msg::Key(Key::Reset));
    assert_eq!(p.epochs(), 0);
    assert!(p.state.status().contains("reset to its starting weights"));
    p.send(Msg::Step);
    p.run_until_paused(100);
    assert_eq!(
        p.state.trainer.history()[0],
        first_loss,
        "same seed, same first epoch"
    );
    p.send(Msg::Key(Key::TrainOrPause));
    assert!(p.state.running());
}

#[test]
fn an_exploding_run_is_named_as_it_happens_and_at_the_end() {
    let big: Vec<String> = (1..=30).map(|i| (i * 1000).to_string()).collect();
    let mut p = Page::open(&format!(
        "?{}",
        url::build([
            ("sequence", big.join(", ").as_str()),
            ("learningRate", "10"),
            ("speed", "max")
        ])
    ));
    p.send(Msg::TrainOrPause);
    p.run_until_paused(2000);
    assert!(
        matches!(p.state.findings[0], Finding::Exploding { .. }),
        "{:?}",
        p.state.findings
    );
    let status = p.state.status();
    assert!(status.contains("The loss exploded"), "{status}");
    let beside = p.state.diagnosis().join(" ");
    assert!(
        beside.contains("smaller") && beside.contains("scaling"),
        "{beside}"
    );
    // The loss spans many powers of ten: the chart switches to a log scale by itself…
    assert!(p.state.log_scale());
    // …unless the person chose linear.
    p.send(Msg::LossScale("linear".into()));
    assert_eq!(p.state.loss_scale, LossScale::Linear);
    assert!(!p.state.log_scale());
    // A new model forgets the findings.
    p.edit(Field::LearningRate, "0.001");
    p.send(Msg::Reset);
    assert_eq!(p.state.findings, []);
}

#[test]
fn the_notebook_is_not_called_a_failure_and_stays_on_a_linear_scale() {
    let mut p = Page::open("?speed=max");
    p.send(Msg::TrainOrPause);
    p.run_until_paused(1000);
    assert_eq!(p.state.findings, []);
    assert!(!p.state.log_scale());
}

#[test]
fn forecasts_are_checked_as_typed() {
    let mut p = Page::open("");
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.len(), 2);
    assert_eq!(p.state.forecast_error, "");
    p.send(Msg::ForecastInput("1, 2".into()));
    assert!(p
        .state
        .forecast_error
        .contains("exactly seq_len = 3 values"));
    assert_eq!(p.state.forecast_text, "1, 2", "the text is kept");
    p.send(Msg::Forecast);
    assert!(p.state.forecast.is_empty());
    // A new seq_len does not overwrite what the person typed, but re-checks it.
    p.edit(Field::SeqLen, "2");
    assert_eq!(p.state.forecast_text, "1, 2");
    assert_eq!(p.state.forecast_error, "");
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.len(), 2);
    // Rolling forward, and clearing it.
    p.send(Msg::HorizonInput("0".into()));
    assert!(p.state.horizon_error.contains("between 1 and 1,000"));
    p.send(Msg::HorizonInput("7".into()));
    p.send(Msg::Roll);
    assert_eq!(p.state.rolled.len(), 7);
    p.send(Msg::ClearRoll);
    assert!(p.state.rolled.is_empty());
}

#[test]
fn examples_put_a_typed_sequence_aside_and_bring_it_back() {
    let mut p = Page::open("");
    assert_eq!(p.state.preset().unwrap().key, "notebook");
    p.edit(Field::Sequence, "3 1 4 1 5\n9 2 6");
    assert!(p.state.preset().is_none());
    p.send(Msg::Preset("sine".into()));
    assert_eq!(p.state.preset().unwrap().key, "sine");
    assert_eq!(p.state.text(Field::SeqLen), "10");
    assert_eq!(p.state.kept_sequence.as_deref(), Some("3 1 4 1 5\n9 2 6"));
    assert!(p.state.dirty.form);
    let q = p.state.settings_query();
    assert!(
        q.starts_with("preset=sine") && !q.contains("sequence"),
        "{q}"
    );
    p.send(Msg::RestoreSequence);
    assert_eq!(p.state.text(Field::Sequence), "3 1 4 1 5\n9 2 6");
    assert!(p.state.kept_sequence.is_none());
    // An example's own sequence is never "put aside".
    let mut p = Page::open("");
    p.send(Msg::Preset("airline".into()));
    p.send(Msg::Preset("notebook".into()));
    assert!(p.state.kept_sequence.is_none());
    assert_eq!(p.state.config, Config::default());
}

#[test]
fn decimal_commas_are_offered_and_applied_on_request() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, "12,5; 13,1; 14,7; 15,2; 16,8; 17,1");
    assert_eq!(
        p.state.config.sequence.len(),
        12,
        "read as separators until asked"
    );
    assert!(p.state.decimal_hint().is_some());
    p.send(Msg::UseDecimalPoints);
    assert_eq!(
        p.state.text(Field::Sequence),
        "12.5; 13.1; 14.7; 15.2; 16.8; 17.1"
    );
    assert_eq!(
        p.state.config.sequence,
        [12.5, 13.1, 14.7, 15.2, 16.8, 17.1]
    );
    assert!(p.state.decimal_hint().is_none());
}

#[test]
fn the_address_holds_only_what_differs_and_opens_the_same_page() {
    let mut p = Page::open("");
    assert_eq!(p.state.settings_query(), "", "the notebook is the default");
    p.edit(Field::Units, "16");
    p.edit(Field::SeqLen, "abc");
    p.send(Msg::Speed("max".into()));
    p.send(Msg::Presentation(true));
    let q = p.state.settings_query();
    assert_eq!(q, "seqLen=abc&units=16&speed=max&presentation=1");
    let again = Page::open(&format!("?{q}"));
    assert_eq!(again.state.texts, p.state.texts);
    assert_eq!(
        again.state.error(Field::SeqLen),
        p.state.error(Field::SeqLen)
    );
    assert!(again.state.presentation);
    assert_eq!(again.state.speed, Speed(None));
    // Old links: no preset key, the old per-frame speeds.
    let old = Page::open("?units=8&speed=20");
    assert_eq!(old.state.config.units, 8);
    assert_eq!(old.state.speed, Speed(Some(1000)));
}

#[test]
fn hostile_addresses_land_in_fields_as_text_with_their_message() {
    for (query, field, message) in [
        (
            "?seqLen=%3Cimg%20src%3Dx%3E",
            Field::SeqLen,
            "seq_len must be a whole number",
        ),
        (
            "?activation=evil",
            Field::Activation,
            "The activation must be relu, tanh, sigmoid or linear.",
        ),
        (
            "?shuffle=maybe",
            Field::Shuffle,
            "Shuffle must be on or off.",
        ),
        (
            "?units=1e308",
            Field::Units,
            "units must be a whole number from 1 to 512.",
        ),
        (
            "?learningRate=NaN",
            Field::LearningRate,
            "The learning rate must be a number above 0",
        ),
    ] {
        let p = Page::open(query);
        let shown = p
            .state
            .error(field)
            .unwrap_or_else(|| panic!("{query}: no message"));
        assert!(shown.starts_with(message), "{query}: {shown}");
        assert_eq!(
            p.state.config,
            Config::default(),
            "{query}: the notebook's model stays"
        );
    }
    let p = Page::open("?%3Cx%3E=1&bogus=2&nSteps=3&preset=nope");
    assert_eq!(p.state.config.n_steps, 3);
    assert!(!p.state.blocked());
}

#[test]
fn reduced_motion_trains_at_once_unless_the_link_says_otherwise() {
    let quiet = |query: &str| {
        Page::with(Start {
            query: query.into(),
            reduced_motion: true,
            ..Start::default()
        })
    };
    assert_eq!(quiet("").state.speed, Speed(None));
    assert_eq!(quiet("?speed=5").state.speed, Speed(Some(5)));
}

#[test]
fn embeds_read_their_options_and_autoplay() {
    let p = Page::with(Start {
        query: "?embed=1&controls=train,forecast&autoplay=1&seed=2".into(),
        hash: "#?secret=abc123".into(),
        base: "https://example.org/rnn/".into(),
        ..Start::default()
    });
    let embed = p.state.embed.clone().unwrap();
    assert_eq!(embed.controls, ["train", "forecast"]);
    assert!(embed.autoplay && p.state.running());
    assert_eq!(p.state.embed_secret.as_deref(), Some("abc123"));
    assert_eq!(p.state.link(), "https://example.org/rnn/?seed=2");
    assert!(p
        .state
        .query()
        .ends_with("embed=1&controls=train%2Cforecast&autoplay=1"));
    let hostile = Page::open("?embed=1#?secret=<script>");
    assert_eq!(hostile.state.embed_secret, None);
}

#[test]
fn the_embed_code_follows_the_share_options_and_escapes_the_sequence() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, "1, 2\"><script>alert(1)</script>, 3 & 4");
    p.send(Msg::ShareControl("step".into(), true));
    p.send(Msg::ShareControl("reset".into(), false));
    p.send(Msg::ShareControl("<b>".into(), true));
    p.send(Msg::ShareAutoplay(true));
    let code = p.state.embed_code();
    assert!(!code.contains("<script>alert"), "{code}");
    assert!(code.contains("controls=train%2Cstep%2Cforecast"), "{code}");
    assert!(code.contains("autoplay=1"), "{code}");
    assert!(
        code.contains("rnn-playground:height"),
        "the resize lines come with it: {code}"
    );
    let effects = p.send(Msg::CopyEmbed);
    assert_eq!(
        effects,
        [Effect::Copy {
            text: code,
            what: Copied::Embed
        }]
    );
    p.send(Msg::CopyRefused(Copied::Embed));
    assert!(p.state.share_note.contains("from the box"));
}

#[test]
fn downloads_and_copies_are_effects() {
    let mut p = Page::open("");
    p.send(Msg::Step);
    p.run_until_paused(100);
    let loss = p.send(Msg::ExportLoss);
    assert!(
        matches!(&loss[0], Effect::Download { name: "rnn-playground-loss.csv", text, .. } if text.lines().count() == 2)
    );
    let weights = p.send(Msg::ExportWeights);
    assert!(matches!(&weights[0], Effect::Download { text, .. } if text.starts_with("[[[")));
    assert_eq!(
        p.send(Msg::ExportPng(Chart::Data)),
        [Effect::DownloadPng {
            name: "rnn-playground-data.png",
            chart: Chart::Data
        }]
    );
    let link = p.send(Msg::CopyLink);
    assert!(
        matches!(&link[0], Effect::Copy { text, what: Copied::Link } if text == "https://example.org/rnn/")
    );
    let code = p.send(Msg::CopyCode);
    assert!(matches!(&code[0], Effect::Copy { text, .. } if text.contains("layers.SimpleRNN(50")));
}

#[test]
fn imported_weights_are_checked_against_the_model() {
    use rnn_playground::weights::{to_nested, Nested};
    let mut p = Page::open("");
    p.frames(5);
    let m = p.state.trainer.model().clone();
    p.send(Msg::ImportWeights(
        "w.json".into(),
        Ok(to_nested(&m.params, &m.dims)),
    ));
    assert_eq!(p.state.import_error, "");
    assert!(p.state.status().contains("Loaded the weights from w.json."));
    p.send(Msg::ImportWeights(
        "bad.json".into(),
        Ok(Nested::List(vec![])),
    ));
    assert!(
        p.state.import_error.contains("list of 5 arrays"),
        "{}",
        p.state.import_error
    );
    p.send(Msg::ImportWeights(
        "x.json".into(),
        Err("Unexpected token".into()),
    ));
    assert_eq!(p.state.import_error, "Unexpected token");
}

#[test]
fn the_inside_view_follows_its_controls() {
    let mut p = Page::open("");
    p.send(Msg::InsideOpen(true));
    assert!(p.state.inside_open);
    p.send(Msg::InsideWindow("99".into()));
    assert_eq!(
        p.state.inside_window(),
        Err("Choose a training window from 0 to 4.".into())
    );
    p.send(Msg::InsideWindow("2".into()));
    assert_eq!(p.state.inside_window(), Ok(2));
    p.send(Msg::InsideStep(99));
    assert_eq!(p.state.inside_step, 3);
    p.send(Msg::Highlight(Some(1)));
    assert_eq!(p.state.highlight, Some(1));
}

/// Trains the current settings to their target at full speed.
fn train_to_target(p: &mut Page) {
    p.send(Msg::Speed("max".into()));
    p.send(Msg::TrainOrPause);
    p.run_until_paused(5000);
}

#[test]
fn kept_runs_stay_through_changes_and_resets_and_are_named_by_what_differs() {
    let mut p = Page::open("?epochs=30");
    p.send(Msg::KeepRun);
    assert!(p.state.kept.is_empty() && p.state.runs_note.contains("Train first"));
    train_to_target(&mut p);
    let first = p.state.trainer.history().to_vec();
    p.send(Msg::KeepRun);
    assert_eq!(p.state.kept.len(), 1);
    assert_eq!(p.state.kept[0].history, first);
    assert_eq!(p.state.kept[0].label(&p.state.config), "these settings");
    p.edit(Field::Activation, "tanh");
    p.edit(Field::Units, "8");
    p.send(Msg::Reset);
    assert_eq!(
        p.state.kept.len(),
        1,
        "kept through a settings change and a reset"
    );
    assert_eq!(
        p.state.kept[0].label(&p.state.config),
        "units 50 · activation relu"
    );
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    for _ in 0..3 {
        p.send(Msg::KeepRun);
    }
    assert_eq!(p.state.kept.len(), 4);
    assert!(p.state.runs_note.starts_with("Up to 4 runs"));
    let styles: Vec<usize> = p.state.kept.iter().map(|r| r.style).collect();
    assert_eq!(styles, [0, 1, 2, 3]);
    p.send(Msg::RemoveRun(1));
    p.send(Msg::KeepRun);
    assert_eq!(p.state.kept[3].style, 1, "a freed style is used again");
    // The loss CSV has a column per kept run.
    let csv = match &p.send(Msg::ExportLoss)[0] {
        Effect::Download { text, .. } => text.clone(),
        other => panic!("{other:?}"),
    };
    let header = csv.lines().next().unwrap();
    assert_eq!(header.split(',').count(), 2 + 4, "{header}");
    // Bringing a run's settings back.
    p.send(Msg::UseRun(0));
    assert_eq!(p.state.config.units, 50);
    assert_eq!(p.state.config.activation.name(), "relu");
}

#[test]
fn a_race_trains_the_kept_runs_again_to_the_same_losses() {
    let mut p = Page::open("?epochs=40");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::LearningRate, "0.01");
    p.send(Msg::Reset);
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    let before: Vec<Vec<f32>> = p.state.kept.iter().map(|r| r.history.clone()).collect();
    p.send(Msg::Speed("200".into()));
    p.send(Msg::Race);
    assert!(p.state.race.is_some());
    assert!(p.state.kept.iter().all(|r| r.history.is_empty()));
    // Paced: after a tenth of a second (6 frames) the runs are a few epochs in, side by side.
    p.frames(6);
    let lens: Vec<usize> = p.state.kept.iter().map(|r| r.history.len()).collect();
    assert!(lens.iter().all(|&n| (10..=30).contains(&n)), "{lens:?}");
    for _ in 0..2000 {
        if p.state.race.is_none() {
            break;
        }
        p.frames(1);
    }
    assert!(p.state.race.is_none());
    let after: Vec<Vec<f32>> = p.state.kept.iter().map(|r| r.history.clone()).collect();
    assert_eq!(after, before, "same seeds, same bits");
    assert!(p.state.runs_note.starts_with("Race over"));
}

#[test]
fn a_comparison_link_replays_its_runs_in_the_background() {
    let mut p = Page::open("?epochs=25");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::Units, "8");
    p.edit(Field::Activation, "tanh");
    p.send(Msg::Reset);
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    let q = p.state.settings_query();
    assert!(q.contains("run=units%3D50%26activation%3Drelu"), "{q}");
    let want: Vec<Vec<f32>> = p.state.kept.iter().map(|r| r.history.clone()).collect();

    let mut again = Page::open(&format!("?{q}"));
    assert_eq!(again.state.kept.len(), 2);
    assert!(again.state.race.is_some_and(|r| !r.paced));
    for _ in 0..500 {
        if again.state.race.is_none() {
            break;
        }
        again.frames(1);
    }
    let got: Vec<Vec<f32>> = again.state.kept.iter().map(|r| r.history.clone()).collect();
    assert_eq!(got, want, "the link draws identical curves");

    // Hostile or oversized runs get the form's treatment, and the page goes on.
    let hostile = Page::open(&format!(
        "?{}",
        url::build([
            ("run", "units=99999"),
            ("run", "%3Cimg%3E=1"),
            ("run", "seqLen=3"),
            ("run", "seed=1"),
            ("run", "seed=2"),
            ("run", "seed=3"),
            ("run", "seed=4"),
        ])
    ));
    assert_eq!(hostile.state.kept.len(), 4, "at most 4");
    let note = &hostile.state.runs_note;
    assert!(
        note.contains("units must be a whole number from 1 to 512"),
        "{note}"
    );
    assert!(note.contains("is not a setting"), "{note}");
    assert!(!hostile.state.blocked());
}

#[test]
fn the_gradient_flow_is_recorded_each_epoch_and_described() {
    // A tanh SimpleRNN over long windows: the error signal fades going back.
    let seq: Vec<String> = (0..160)
        .map(|i| format!("{:.3}", (i as f32 * 0.3).sin()))
        .collect();
    let mut p = Page::open(&format!(
        "?{}",
        url::build([
            ("sequence", seq.join(", ").as_str()),
            ("seqLen", "60"),
            ("nSteps", "1"),
            ("units", "16"),
            ("activation", "tanh"),
            ("epochs", "16"),
            ("speed", "max"),
        ])
    ));
    assert_eq!(p.state.grads.sentence(), "");
    p.send(Msg::TrainOrPause);
    p.run_until_paused(5000);
    let g = &p.state.grads;
    let (epoch, h) = g.latest.as_ref().unwrap();
    assert_eq!((*epoch, h.len()), (16, 60));
    let kept: Vec<usize> = g.earlier.iter().map(|(e, _)| *e).collect();
    assert_eq!(kept, [1, 2, 4, 8], "log-spaced earlier epochs");
    assert!(g.sentence().starts_with("Vanishing"), "{}", g.sentence());
    // The notebook's three steps: the signal keeps its size.
    let mut notebook = Page::open("?speed=max&epochs=5");
    notebook.send(Msg::TrainOrPause);
    notebook.run_until_paused(100);
    let s = notebook.state.grads.sentence();
    assert!(s.starts_with("Steady") || s.starts_with("Exploding"), "{s}");
    notebook.send(Msg::Reset);
    assert!(
        notebook.state.grads.latest.is_none(),
        "a new model starts a new record"
    );
}
