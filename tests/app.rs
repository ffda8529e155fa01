//! The page's logic, natively: every message, the start-up, and the address in and out.
//! The page is driven by `support/page.rs`, with a fake clock.

use rnn_playground::app::{
    update, url, Chart, Copied, Effect, Key, LossScale, Mode, Msg, Speed, Start, Startup, State,
    DEFAULT_SPEED,
};
use rnn_playground::config::{Config, Field, Kind, SETTINGS};
use rnn_playground::data::Reading;
use rnn_playground::teach::diagnosis::Finding;

#[path = "support/page.rs"]
mod page;
use page::Page;

#[test]
fn the_page_opens_on_the_notebook_and_starts_up_over_two_frames() {
    let mut state = State::new(&Start::default());
    assert_eq!(state.settings.config, Config::default());
    assert_eq!(state.status(), "Epoch 0 / 200");
    assert_eq!(state.forecast.text, "70, 80, 90");
    assert_eq!(state.run.speed, Speed::parse(DEFAULT_SPEED).unwrap());
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
    assert!(state.run.trainer.ready());
    assert!(!state.wants_frames(), "an idle page asks for no frames");
}

#[test]
fn every_field_takes_valid_text_and_explains_invalid_text() {
    for s in SETTINGS {
        let (good, bad) = match s.kind {
            Kind::Sequence => ("5, 6, 7, 8, 9, 10, 11", "5, x"),
            Kind::Whole { .. } => (if s.default == "2" { "3" } else { "2" }, "1.5"),
            Kind::Rate { .. } => ("0.01", "-1"),
            Kind::Choice(_) | Kind::Cell => (s.kind.options()[1].0, "nonsense"),
            Kind::Toggle => (if s.default == "on" { "off" } else { "on" }, "maybe"),
            // The notebook's data is one plain sequence: "all" is it; a name is no column.
            Kind::Target => ("all", "sales"),
            Kind::Layers { .. } => ("8, 6", "8, x"),
        };
        let mut p = Page::open("");
        p.send(Msg::Step);
        p.run_until_paused(100);
        let before = p.state.settings.config.clone();
        p.edit(s.field, bad);
        assert_eq!(
            p.state.settings.text(s.field),
            bad,
            "{}: the text stays as typed",
            s.id
        );
        let message = p
            .state
            .settings
            .error(s.field)
            .unwrap_or_else(|| panic!("{}: no message", s.id));
        assert!(message.ends_with('.'), "{}: {message}", s.id);
        assert!(p.state.blocked());
        assert_eq!(
            p.state.settings.config, before,
            "{}: the last good settings stay",
            s.id
        );
        assert_eq!(p.epochs(), 1, "{}: and so does the model", s.id);
        p.send(Msg::TrainOrPause);
        assert!(!p.state.running(), "{}: training waits for the field", s.id);

        p.edit(s.field, good);
        assert_eq!(p.state.settings.error(s.field), None, "{}", s.id);
        assert!(!p.state.blocked());
        assert_eq!(p.state.settings.config.get(s.field), {
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
    assert_eq!(p.state.run.target, 300);
    assert!(p.state.status().starts_with("Epoch 3 / 300"));
}

#[test]
fn a_problem_between_fields_shows_on_one_field_and_clears_when_fixed() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, "1 2 3 4");
    assert!(p
        .state
        .settings
        .error(Field::Sequence)
        .unwrap()
        .contains("needs seq_len + n_steps = 5"));
    p.edit(Field::SeqLen, "2");
    assert_eq!(p.state.settings.error(Field::Sequence), None);
    assert!(!p.state.blocked());
    assert_eq!(p.state.settings.config.seq_len, 2);
}

#[test]
fn train_runs_at_the_chosen_pace_and_stops_at_the_target() {
    let mut p = Page::open("?speed=50");
    p.frames(10);
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.run.mode, Mode::Running);
    // 50 epochs a second: one second of frames trains about 50 (the first frame trains one).
    p.frames(60);
    assert!((49..=52).contains(&p.epochs()), "{}", p.epochs());
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.run.mode, Mode::Paused);
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
    assert_eq!(p.state.run.findings, []);
    // Train again: on to the next target.
    p.send(Msg::TrainOrPause);
    assert_eq!(p.state.run.target, 400);
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
    let first_loss = p.state.run.trainer.history()[0];
    p.send(Msg::Key(Key::Reset));
    assert_eq!(p.epochs(), 0);
    assert!(p.state.status().contains("reset to its starting weights"));
    p.send(Msg::Step);
    p.run_until_paused(100);
    assert_eq!(
        p.state.run.trainer.history()[0],
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
        url::build(&[
            ("sequence", big.join(", ").as_str()),
            ("learningRate", "10"),
            ("speed", "max")
        ])
    ));
    p.send(Msg::TrainOrPause);
    p.run_until_paused(2000);
    assert!(
        matches!(p.state.run.findings[0], Finding::Exploding { .. }),
        "{:?}",
        p.state.run.findings
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
    assert_eq!(p.state.options.loss_scale, LossScale::Linear);
    assert!(!p.state.log_scale());
    // A new model forgets the findings.
    p.edit(Field::LearningRate, "0.001");
    p.send(Msg::Reset);
    assert_eq!(p.state.run.findings, []);
}

#[test]
fn the_notebook_is_not_called_a_failure_and_its_falling_loss_gets_a_log_scale() {
    let mut p = Page::open("?speed=max");
    p.send(Msg::TrainOrPause);
    p.run_until_paused(1000);
    assert_eq!(p.state.run.findings, []);
    // From thousands down to about 30: on a linear axis the curve looks flat after epoch 30.
    let h = p.state.run.trainer.history();
    assert!(
        h[0] / h[h.len() - 1] > 100.0,
        "{} → {}",
        h[0],
        h[h.len() - 1]
    );
    assert!(p.state.log_scale());
    // A few epochs, spanning less than two powers of ten, stay linear.
    let mut short =
        Page::open("?speed=max&epochs=3&seqLen=2&nSteps=1&sequence=0.1,0.2,0.3,0.2,0.1,0.2,0.3");
    short.send(Msg::TrainOrPause);
    short.run_until_paused(100);
    assert!(
        !short.state.log_scale(),
        "{:?}",
        short.state.run.trainer.history()
    );
}

#[test]
fn the_automatic_scale_is_decided_by_every_curve_drawn() {
    // The notebook with SimpleRNN (ends near 33) and LSTM (near 0.5) kept, then an untrained
    // GRU: what everyone opening such a comparison link sees first.
    let mut p = Page::open("?speed=max");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::Cell, "lstm");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::Cell, "gru");
    p.send(Msg::LossScale("auto".into()));
    assert!(
        p.state.run.trainer.history().is_empty(),
        "the GRU is untrained"
    );
    let (lo, hi) = p
        .state
        .compare
        .kept
        .iter()
        .flat_map(|r| r.history.iter())
        .fold((f32::INFINITY, 0.0f32), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    assert!(hi > 100.0 * lo, "the kept curves span {lo} … {hi}");
    assert!(
        p.state.log_scale(),
        "kept curves count when choosing the scale"
    );
}

#[test]
fn forecasts_are_checked_as_typed() {
    let mut p = Page::open("");
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.values.len(), 2);
    assert_eq!(p.state.forecast.error, "");
    p.send(Msg::ForecastInput("1, 2".into()));
    assert!(p
        .state
        .forecast
        .error
        .contains("exactly seq_len = 3 values"));
    assert_eq!(p.state.forecast.text, "1, 2", "the text is kept");
    p.send(Msg::Forecast);
    assert!(p.state.forecast.values.is_empty());
    // A new seq_len does not overwrite what the person typed, but re-checks it.
    p.edit(Field::SeqLen, "2");
    assert_eq!(p.state.forecast.text, "1, 2");
    assert_eq!(p.state.forecast.error, "");
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.values.len(), 2);
    // Rolling forward, and clearing it.
    p.send(Msg::HorizonInput("0".into()));
    assert!(p
        .state
        .forecast
        .horizon_error
        .contains("between 1 and 1,000"));
    p.send(Msg::HorizonInput("7".into()));
    p.send(Msg::Roll);
    assert_eq!(p.state.forecast.rolled.len(), 7);
    p.send(Msg::ClearRoll);
    assert!(p.state.forecast.rolled.is_empty());
}

#[test]
fn examples_put_a_typed_sequence_aside_and_bring_it_back() {
    let mut p = Page::open("");
    assert_eq!(p.state.preset().unwrap().key, "notebook");
    p.edit(Field::Sequence, "3 1 4 1 5\n9 2 6");
    assert!(p.state.preset().is_none());
    p.send(Msg::Preset("sine".into()));
    assert_eq!(p.state.preset().unwrap().key, "sine");
    assert_eq!(p.state.settings.text(Field::SeqLen), "10");
    assert_eq!(
        p.state.settings.kept_sequence.as_deref(),
        Some("3 1 4 1 5\n9 2 6")
    );
    assert!(p.state.dirty.form);
    let q = p.state.settings_query();
    assert!(
        q.starts_with("preset=sine") && !q.contains("sequence"),
        "{q}"
    );
    p.send(Msg::RestoreSequence);
    assert_eq!(p.state.settings.text(Field::Sequence), "3 1 4 1 5\n9 2 6");
    assert!(p.state.settings.kept_sequence.is_none());
    // An example's own sequence is never "put aside".
    let mut p = Page::open("");
    p.send(Msg::Preset("airline".into()));
    p.send(Msg::Preset("notebook".into()));
    assert!(p.state.settings.kept_sequence.is_none());
    assert_eq!(p.state.settings.config, Config::default());
}

#[test]
fn decimal_commas_are_offered_and_applied_on_request() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, "12,5; 13,1; 14,7; 15,2; 16,8; 17,1");
    assert_eq!(
        p.state.settings.config.series.values.len(),
        12,
        "read as separators until asked"
    );
    let offered: Vec<Reading> = p
        .state
        .settings
        .comma_readings()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(offered, [Reading::Decimals]);
    // A reading that is not on offer changes nothing.
    p.send(Msg::Reread(Reading::Thousands));
    assert_eq!(p.state.settings.config.series.values.len(), 12);
    p.send(Msg::Reread(Reading::Decimals));
    assert_eq!(
        p.state.settings.text(Field::Sequence),
        "12.5; 13.1; 14.7; 15.2; 16.8; 17.1"
    );
    assert_eq!(
        p.state.settings.config.series.values,
        [12.5, 13.1, 14.7, 15.2, 16.8, 17.1]
    );
    assert!(p.state.settings.comma_readings().is_empty());
}

#[test]
fn thousands_separators_are_offered_beside_decimals_never_guessed() {
    let mut p = Page::open("");
    // Spaces between values: "1,234" may be one thousand two hundred… or 1.234.
    p.edit(Field::Sequence, "1,234 2,345 3,456 4,567 5,678 6,789");
    assert_eq!(
        p.state.settings.config.series.values.len(),
        12,
        "read as separators until asked"
    );
    let offered: Vec<Reading> = p
        .state
        .settings
        .comma_readings()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(offered, [Reading::Thousands, Reading::Decimals]);
    p.send(Msg::Reread(Reading::Thousands));
    assert_eq!(
        p.state.settings.config.series.values,
        [1234.0, 2345.0, 3456.0, 4567.0, 5678.0, 6789.0]
    );
    // One a line, with two separators: only thousands fit.
    p.edit(
        Field::Sequence,
        "1,234,000\n2,000,500\n3,100,000\n4,000\n5,000\n6,000",
    );
    let offered: Vec<Reading> = p
        .state
        .settings
        .comma_readings()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(offered, [Reading::Thousands]);
    // Decimal commas separated by spaces are offered too.
    p.edit(Field::Sequence, "12,5 13,1 14,7 15,2 16,8 17,1");
    let offered: Vec<Reading> = p
        .state
        .settings
        .comma_readings()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(offered, [Reading::Decimals]);
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
    assert_eq!(again.state.settings.texts, p.state.settings.texts);
    assert_eq!(
        again.state.settings.error(Field::SeqLen),
        p.state.settings.error(Field::SeqLen)
    );
    assert!(again.state.options.presentation);
    assert_eq!(again.state.run.speed, Speed(None));
    // Old links: no preset key, the old per-frame speeds.
    let old = Page::open("?units=8&speed=20");
    assert_eq!(old.state.settings.config.units.as_slice(), [8]);
    assert_eq!(old.state.run.speed, Speed(Some(1000)));
    // Keys as the form labels them and the CLI spells them, and aliases, are read too; the
    // address written back uses the one spelling.
    let typed = Page::open("?seq_len=5&n-steps=3&batch_size=8&lr=0.01&utm_source=blog");
    let c = &typed.state.settings.config;
    assert_eq!((c.seq_len, c.n_steps, c.batch_size), (5, 3, 8));
    assert_eq!(c.learning_rate, 0.01);
    assert_eq!(
        typed.state.settings_query(),
        "seqLen=5&nSteps=3&learningRate=0.01&batchSize=8"
    );
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
            "units must be a whole number from 1 to 512, or up to 4 of them",
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
            .settings
            .error(field)
            .unwrap_or_else(|| panic!("{query}: no message"));
        assert!(shown.starts_with(message), "{query}: {shown}");
        assert_eq!(
            p.state.settings.config,
            Config::default(),
            "{query}: the notebook's model stays"
        );
    }
    let p = Page::open("?%3Cx%3E=1&bogus=2&nSteps=3&preset=nope");
    assert_eq!(p.state.settings.config.n_steps, 3);
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
    assert_eq!(quiet("").state.run.speed, Speed(None));
    assert_eq!(quiet("?speed=5").state.run.speed, Speed(Some(5)));
}

#[test]
fn embeds_read_their_options_and_autoplay() {
    let p = Page::with(Start {
        query: "?embed=1&controls=train,forecast&autoplay=1&seed=2".into(),
        hash: "#?secret=abc123".into(),
        base: "https://example.org/rnn/".into(),
        ..Start::default()
    });
    let embed = p.state.share.embed.clone().unwrap();
    assert_eq!(embed.controls, ["train", "forecast"]);
    assert!(embed.autoplay && p.state.running());
    assert_eq!(p.state.share.secret.as_deref(), Some("abc123"));
    assert_eq!(p.state.link(), "https://example.org/rnn/?seed=2");
    assert!(p
        .state
        .query()
        .ends_with("embed=1&controls=train%2Cforecast&autoplay=1"));
    let hostile = Page::open("?embed=1#?secret=<script>");
    assert_eq!(hostile.state.share.secret, None);
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
    // The memory arena is offered too.
    p.send(Msg::ShareControl("arena".into(), true));
    let with_arena = p.state.embed_code();
    assert!(
        with_arena.contains("controls=train%2Cstep%2Cforecast%2Carena"),
        "{with_arena}"
    );
    p.send(Msg::ShareControl("arena".into(), false));
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
    assert!(p.state.share.note.contains("from the box"));
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
    use rnn_playground::io::weights::{to_nested, Nested};
    let mut p = Page::open("");
    p.frames(5);
    let m = p.state.run.trainer.model().clone();
    p.send(Msg::ImportWeights(
        "w.json".into(),
        Ok(to_nested(&m.params, &m.dims)),
    ));
    assert_eq!(p.state.share.import_error, "");
    assert!(p.state.status().contains("Loaded the weights from w.json."));
    p.send(Msg::ImportWeights(
        "bad.json".into(),
        Ok(Nested::List(vec![])),
    ));
    assert!(
        p.state.share.import_error.contains("list of 5 arrays"),
        "{}",
        p.state.share.import_error
    );
    p.send(Msg::ImportWeights(
        "x.json".into(),
        Err("Unexpected token".into()),
    ));
    assert_eq!(p.state.share.import_error, "Unexpected token");
}

#[test]
fn the_inside_view_follows_its_controls() {
    let mut p = Page::open("");
    p.send(Msg::InsideOpen(true));
    assert!(p.state.inside.open);
    p.send(Msg::InsideWindow("99".into()));
    assert_eq!(
        p.state.inside_window(),
        Err("Choose a training window from 0 to 4.".into())
    );
    p.send(Msg::InsideWindow("2".into()));
    assert_eq!(p.state.inside_window(), Ok(2));
    p.send(Msg::InsideStep(99));
    assert_eq!(p.state.inside.step, 3);
    p.send(Msg::Highlight(Some(1)));
    assert_eq!(p.state.inside.highlight, Some(1));
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
    assert!(p.state.compare.kept.is_empty() && p.state.compare.note.contains("Train first"));
    train_to_target(&mut p);
    let first = p.state.run.trainer.history().to_vec();
    p.send(Msg::KeepRun);
    assert_eq!(p.state.compare.kept.len(), 1);
    assert_eq!(p.state.compare.kept[0].history, first);
    assert_eq!(
        p.state.compare.kept[0].label(&p.state.settings.config),
        "these settings"
    );
    assert!(p.state.compare.note.starts_with("Kept. Change a setting"));
    p.edit(Field::Activation, "tanh");
    assert_eq!(
        p.state.compare.note, "",
        "the advice to change a setting is done with once one is changed"
    );
    p.edit(Field::Units, "8");
    p.send(Msg::Reset);
    assert_eq!(
        p.state.compare.kept.len(),
        1,
        "kept through a settings change and a reset"
    );
    assert_eq!(
        p.state.compare.kept[0].label(&p.state.settings.config),
        "units 50 · activation relu"
    );
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    for _ in 0..3 {
        p.send(Msg::KeepRun);
    }
    assert_eq!(p.state.compare.kept.len(), 4);
    assert!(p.state.compare.note.starts_with("Up to 4 runs"));
    let styles: Vec<usize> = p.state.compare.kept.iter().map(|r| r.style).collect();
    assert_eq!(styles, [0, 1, 2, 3]);
    p.send(Msg::RemoveRun(1));
    p.send(Msg::KeepRun);
    assert_eq!(
        p.state.compare.kept[3].style, 1,
        "a freed style is used again"
    );
    // The loss CSV has a column per kept run.
    let csv = match &p.send(Msg::ExportLoss)[0] {
        Effect::Download { text, .. } => text.clone(),
        other => panic!("{other:?}"),
    };
    let header = csv.lines().next().unwrap();
    assert_eq!(header.split(',').count(), 2 + 4, "{header}");
    // Bringing a run's settings back.
    p.send(Msg::UseRun(0));
    assert_eq!(p.state.settings.config.units.as_slice(), [50]);
    assert_eq!(p.state.settings.config.activation.name(), "relu");
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
    let before: Vec<Vec<f32>> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();
    p.send(Msg::Speed("200".into()));
    p.send(Msg::Race);
    assert!(p.state.compare.race.is_some());
    assert!(p.state.compare.kept.iter().all(|r| r.history.is_empty()));
    // Paced: after a tenth of a second (6 frames) the runs are a few epochs in, side by side.
    p.frames(6);
    let lens: Vec<usize> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.len())
        .collect();
    assert!(lens.iter().all(|&n| (10..=30).contains(&n)), "{lens:?}");
    for _ in 0..2000 {
        if p.state.compare.race.is_none() {
            break;
        }
        p.frames(1);
    }
    assert!(p.state.compare.race.is_none());
    let after: Vec<Vec<f32>> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();
    assert_eq!(after, before, "same seeds, same bits");
    assert!(p.state.compare.note.starts_with("Race over"));
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
    let want: Vec<Vec<f32>> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();

    let mut again = Page::open(&format!("?{q}"));
    assert_eq!(again.state.compare.kept.len(), 2);
    assert!(again.state.compare.race.is_some_and(|r| !r.paced));
    for _ in 0..500 {
        if again.state.compare.race.is_none() {
            break;
        }
        again.frames(1);
    }
    let got: Vec<Vec<f32>> = again
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();
    assert_eq!(got, want, "the link draws identical curves");

    // Hostile or oversized runs get the form's treatment, and the page goes on.
    let hostile = Page::open(&format!(
        "?{}",
        url::build(&[
            ("run", "units=99999"),
            ("run", "%3Cimg%3E=1"),
            ("run", "seqLen=3"),
            ("run", "seed=1"),
            ("run", "seed=2"),
            ("run", "seed=3"),
            ("run", "seed=4"),
        ])
    ));
    assert_eq!(hostile.state.compare.kept.len(), 4, "at most 4");
    let note = &hostile.state.compare.note;
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
        url::build(&[
            ("sequence", seq.join(", ").as_str()),
            ("seqLen", "60"),
            ("nSteps", "1"),
            ("units", "16"),
            ("activation", "tanh"),
            ("epochs", "16"),
            ("speed", "max"),
        ])
    ));
    assert_eq!(p.state.grad_sentence(), "");
    p.send(Msg::TrainOrPause);
    p.run_until_paused(5000);
    let g = &p.state.run.grads;
    let (epoch, h) = g.latest.as_ref().unwrap();
    assert_eq!((*epoch, h.len()), (16, 60));
    let kept: Vec<usize> = g.earlier.iter().map(|(e, _)| *e).collect();
    assert_eq!(kept, [1, 2, 4, 8], "log-spaced earlier epochs");
    let s = p.state.grad_sentence();
    assert!(s.starts_with("Vanishing"), "{s}");
    // The notebook's three steps: the signal keeps its size.
    let mut notebook = Page::open("?speed=max&epochs=5");
    notebook.send(Msg::TrainOrPause);
    notebook.run_until_paused(100);
    let s = notebook.state.grad_sentence();
    assert!(s.starts_with("Steady") || s.starts_with("Exploding"), "{s}");
    notebook.send(Msg::Reset);
    assert!(
        notebook.state.run.grads.latest.is_none(),
        "a new model starts a new record"
    );
}

#[test]
fn the_forecast_on_show_follows_the_model_as_it_trains() {
    let mut p = Page::open("?speed=max");
    // Before any training the forecast says whose it is.
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.values.len(), 2);
    assert!(
        p.state.forecast.note.contains("untrained"),
        "{}",
        p.state.forecast.note
    );
    train_to_target(&mut p);
    let window = [70.0, 80.0, 90.0];
    let at_200 = p.state.run.trainer.forecast(&window).unwrap();
    assert_eq!(p.state.forecast.values, at_200, "redone as training went");
    assert_eq!(p.state.forecast.note, "");
    // Train on to 400: the forecast on show moves with the model, frame by frame.
    p.send(Msg::TrainOrPause);
    p.frames(1);
    assert_eq!(
        p.state.forecast.values,
        p.state.run.trainer.forecast(&window).unwrap(),
        "after a frame of training"
    );
    p.run_until_paused(5000);
    assert_eq!(p.epochs(), 400);
    assert_eq!(
        p.state.forecast.values,
        p.state.run.trainer.forecast(&window).unwrap()
    );
    assert_ne!(p.state.forecast.values, at_200);
    // A short roll-forward follows too.
    p.send(Msg::HorizonInput("6".into()));
    p.send(Msg::Roll);
    let rolled = p.state.forecast.rolled.clone();
    p.send(Msg::Step);
    p.run_until_paused(10);
    assert_eq!(
        p.state.forecast.rolled,
        p.state.run.trainer.roll(&window, 6).unwrap()
    );
    assert_ne!(p.state.forecast.rolled, rolled);
    // A new model (Reset) clears them: they belonged to the old one.
    p.send(Msg::Reset);
    assert!(p.state.forecast.values.is_empty() && p.state.forecast.rolled.is_empty());
    p.send(Msg::Step);
    p.run_until_paused(10);
    assert!(
        p.state.forecast.values.is_empty(),
        "not shown again until asked for"
    );
}

#[test]
fn a_long_roll_forward_is_dropped_with_a_note_rather_than_redone_every_frame() {
    let mut p = Page::open("?speed=max&units=512&seqLen=3&epochs=2");
    p.frames(40);
    p.send(Msg::HorizonInput("1000".into()));
    p.send(Msg::Roll);
    assert_eq!(p.state.forecast.rolled.len(), 1000);
    p.send(Msg::Step);
    p.run_until_paused(200);
    assert!(p.state.forecast.rolled.is_empty());
    assert!(
        p.state.forecast.roll_note.contains("Roll forward again"),
        "{}",
        p.state.forecast.roll_note
    );
}

#[test]
fn a_signal_that_is_zero_or_not_a_number_is_named_for_what_it_is() {
    // One relu unit, dead from the start on this seed: no signal at all, and the advice is not
    // "a smaller learning rate" (it is already 0.001).
    let mut dead = None;
    for seed in 0..40 {
        let mut p = Page::open(&format!("?speed=max&units=1&epochs=3&seed={seed}"));
        train_to_target(&mut p);
        let (_, h) = p.state.run.grads.latest.clone().unwrap();
        if h[0] == 0.0 {
            dead = Some(p);
            break;
        }
    }
    let p = dead.expect("some seed leaves the single relu unit dead");
    let s = p.state.grad_sentence();
    eprintln!("one dead relu unit: {s}");
    assert!(
        s.starts_with("No signal gets through: every relu unit is dead"),
        "{s}"
    );
    assert!(
        !s.contains("Vanishing") && !s.contains("learning rate"),
        "{s}"
    );
    assert!(s.contains("another seed") && s.contains("tanh"), "{s}");
    // Learning rate 10 on the notebook: the loss explodes; the sentence says so, never
    // "Vanishing … 4.49e307×".
    let mut p = Page::open("?speed=max&learningRate=10&epochs=30");
    train_to_target(&mut p);
    assert!(p.state.exploded(), "{}", p.state.status());
    let s = p.state.grad_sentence();
    eprintln!("learning rate 10: {s}");
    assert!(!s.contains("e307") && !s.starts_with("Vanishing"), "{s}");
    assert!(
        s.contains("exploded") || s.contains("learning rate 10"),
        "the cause and its fix: {s}"
    );
}

#[test]
fn how_is_it_going_shows_the_model_beside_every_rule_and_the_kept_runs() {
    let mut p = Page::open("?speed=max&holdout=20&sequence=".to_string().as_str());
    let _ = &mut p;
    let seq: Vec<String> = (0..60)
        .map(|i| format!("{:.3}", (i as f32 * 0.3).sin()))
        .collect();
    let mut p = Page::open(&format!(
        "?{}",
        url::build(&[
            ("sequence", seq.join(", ").as_str()),
            ("seqLen", "6"),
            ("nSteps", "1"),
            ("units", "8"),
            ("activation", "tanh"),
            ("learningRate", "0.01"),
            ("holdout", "20"),
            ("epochs", "60"),
            ("speed", "max"),
        ])
    ));
    let table = p.state.loss_table();
    assert_eq!(
        table.heads,
        [
            "",
            "this model",
            "repeat the last value",
            "continue the line",
            "predict the mean"
        ]
    );
    let labels: Vec<&str> = table.rows.iter().map(|r| r.0).collect();
    assert_eq!(labels, ["training", "held out"], "each row labelled");
    assert_eq!(table.rows[0].1[0], "–", "no loss before training");
    assert_eq!(p.state.standing(), "");
    train_to_target(&mut p);
    let table = p.state.loss_table();
    let val = p.state.run.trainer.val_history().last().unwrap();
    assert_eq!(
        table.rows[1].1[0],
        rnn_playground::format::short(*val as f64)
    );
    let s = p.state.standing();
    assert!(
        s.starts_with("On the held-out windows: better than every rule"),
        "{s}"
    );
    // Kept runs are compared in words.
    p.send(Msg::KeepRun);
    p.edit(Field::Units, "1");
    train_to_target(&mut p);
    let s = p.state.standing();
    assert!(
        s.contains("Against the kept runs, on the held-out windows this run ends at "),
        "{s}"
    );
    assert!(s.contains("the loss of “units 8”"), "{s}");
    // With seq_len 1 there is no line through two values to quote.
    let mut one = Page::open("?seqLen=1&nSteps=1");
    one.frames(3);
    let heads = one.state.loss_table().heads;
    assert!(!heads.contains(&"continue the line"), "{heads:?}");
}

#[test]
fn the_status_never_runs_past_its_target_or_promises_what_train_will_not_do() {
    let mut p = Page::open("?speed=max&epochs=5");
    train_to_target(&mut p);
    assert!(p.state.status().starts_with("Epoch 5 / 5"));
    // Step at the target starts the next stretch, as Train would: never "Epoch 6 / 5".
    p.send(Msg::Step);
    p.run_until_paused(10);
    assert!(
        p.state.status().starts_with("Epoch 6 / 10"),
        "{}",
        p.state.status()
    );
    assert!(
        !p.state.status().contains("Reached"),
        "{}",
        p.state.status()
    );
    // Lowering the epoch target below what is done: the status says what Train will do, and
    // Train does it.
    p.edit(Field::Epochs, "2");
    let status = p.state.status();
    assert!(
        status.contains("Train goes on for 2 more, to epoch 8"),
        "{status}"
    );
    p.send(Msg::TrainOrPause);
    p.run_until_paused(100);
    assert_eq!(p.epochs(), 8);
    // Raising it: heading for it, and getting there.
    p.edit(Field::Epochs, "12");
    assert!(
        p.state.status().contains("now heading for epoch 12"),
        "{}",
        p.state.status()
    );
    p.send(Msg::TrainOrPause);
    p.run_until_paused(100);
    assert_eq!(p.epochs(), 12);
}

#[test]
fn a_slow_epoch_shows_its_progress_and_a_divergence_is_kept_for_the_chart() {
    // An LSTM of 512 units over long windows: one epoch takes many frames.
    let seq: Vec<String> = (0..400)
        .map(|i| format!("{}", (i as f32 * 0.1).sin()))
        .collect();
    let mut p = Page::open(&format!(
        "?{}",
        url::build(&[
            ("sequence", seq.join(",").as_str()),
            ("seqLen", "200"),
            ("cell", "lstm"),
            ("units", "512"),
            ("speed", "max"),
        ])
    ));
    p.send(Msg::TrainOrPause);
    let mut seen = Vec::new();
    for _ in 0..400 {
        p.frames(1);
        let s = p.state.status();
        if s.contains("% done") {
            seen.push(s);
        }
        if seen.len() >= 2 {
            break;
        }
    }
    assert!(seen.len() >= 2, "no progress shown: {}", p.state.status());
    assert!(
        seen[0].starts_with("Epoch 0 / 200 · epoch 1 is "),
        "{}",
        seen[0]
    );
    // Training that diverges before its first epoch keeps that fact for the loss chart.
    let big: Vec<String> = (1..=30).map(|i| format!("{}e30", i)).collect();
    let mut p = Page::open(&format!(
        "?{}",
        url::build(&[("sequence", big.join(", ").as_str()), ("speed", "max")])
    ));
    p.send(Msg::TrainOrPause);
    p.run_until_paused(100);
    assert_eq!(p.state.run.diverged, Some(1), "{}", p.state.status());
    assert!(p.state.status().contains("diverged in epoch 1"));
    assert!(p.state.exploded());
}

#[test]
fn kept_runs_are_named_with_the_page_s_own_words_and_a_race_says_so() {
    let mut p = Page::open("?speed=max&epochs=10");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::Cell, "lstm");
    p.edit(Field::Scaling, "minmax");
    assert_eq!(
        p.state.compare.kept[0].label(&p.state.settings.config),
        "cell SimpleRNN · Scaling none"
    );
    p.send(Msg::Race);
    assert!(
        p.state.status().contains("Racing the kept runs"),
        "{}",
        p.state.status()
    );
    assert!(!p.state.status().contains("Settings changed"));
    for _ in 0..500 {
        if p.state.compare.race.is_none() {
            break;
        }
        p.frames(1);
    }
    assert!(
        p.state.status().contains("Race over"),
        "{}",
        p.state.status()
    );
}

#[test]
fn shortcuts_never_change_a_setting_behind_the_person_s_back() {
    use rnn_playground::app::{shortcut, Focus};
    let focus = |tag: &str, kind: &str| Focus::of(tag, kind);
    // A menu or checkbox picked with the mouse: S, R, → and Space are the page's.
    for key in ["s", "S", "r", "ArrowRight", " "] {
        assert!(
            shortcut(key, focus("SELECT", ""), true).is_some(),
            "{key:?}"
        );
        assert!(
            shortcut(key, focus("INPUT", "checkbox"), true).is_some(),
            "{key:?}"
        );
        // Reached with Tab, they keep their keys (keyboard users choose with them).
        assert_eq!(shortcut(key, focus("SELECT", ""), false), None, "{key:?}");
        assert_eq!(
            shortcut(key, focus("INPUT", "range"), false),
            None,
            "{key:?}"
        );
        // Text fields always keep their keys: there, keys type.
        assert_eq!(shortcut(key, focus("INPUT", "text"), true), None, "{key:?}");
        assert_eq!(shortcut(key, focus("TEXTAREA", ""), true), None, "{key:?}");
        assert!(
            shortcut(key, focus("CANVAS", ""), false).is_some(),
            "{key:?}"
        );
    }
    assert_eq!(shortcut("s", focus("SELECT", ""), true), Some(Key::Step));
    // A button reached with Tab keeps Space (it presses the button) but not S.
    assert_eq!(shortcut(" ", focus("BUTTON", ""), false), None);
    assert_eq!(
        shortcut(" ", focus("BUTTON", ""), true),
        Some(Key::TrainOrPause)
    );
    assert_eq!(shortcut("s", focus("BUTTON", ""), false), Some(Key::Step));
    assert_eq!(shortcut("x", focus("DIV", ""), true), None);
}

#[test]
fn each_lesson_opens_at_its_own_pace() {
    use rnn_playground::data::presets::PRESETS;
    let mut p = Page::open("");
    assert_eq!(p.state.run.speed, Speed::parse(PRESETS[0].speed).unwrap());
    assert_eq!(DEFAULT_SPEED, PRESETS[0].speed);
    p.send(Msg::Preset("noisy-sine".into()));
    assert_eq!(p.state.run.speed, Speed(Some(5)));
    assert_eq!(
        p.state.settings_query(),
        "preset=noisy-sine",
        "its own pace is not written"
    );
    let again = Page::open("?preset=noisy-sine");
    assert_eq!(again.state.run.speed, Speed(Some(5)));
    p.send(Msg::Speed("max".into()));
    assert!(p.state.settings_query().ends_with("speed=max"));
    // Reduced motion keeps training at once, whatever the lesson.
    let mut quiet = Page::with(Start {
        reduced_motion: true,
        ..Start::default()
    });
    quiet.send(Msg::Preset("echo".into()));
    assert_eq!(quiet.state.run.speed, Speed(None));
}

#[test]
fn the_embed_brings_the_kept_runs_only_when_asked() {
    let mut p = Page::open("?speed=max&epochs=5");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    p.edit(Field::Units, "8");
    assert!(
        p.state.link().contains("run="),
        "the page's own link keeps them"
    );
    assert!(
        !p.state.embed_src().contains("run="),
        "{}",
        p.state.embed_src()
    );
    p.send(Msg::ShareRuns(true));
    assert!(
        p.state.embed_src().contains("run=units%3D50"),
        "{}",
        p.state.embed_src()
    );
    assert!(p.state.embed_code().contains("run=units%3D50"));
}

/// A table with a header line, as a teacher pastes it: lead moves first, sales follow.
fn table_text(rows: usize) -> String {
    let mut text = String::from("month,lead,sales\n");
    for i in 0..rows {
        let lead = 10.0 + (i as f32 / 4.0).sin();
        let sales = 200.0 + 3.0 * ((i as f32 - 3.0) / 4.0).sin();
        text += &format!("m{i},{lead:.3},{sales:.2}\n");
    }
    text
}

#[test]
fn a_pasted_table_forecasts_its_last_column_from_its_last_rows() {
    let mut p = Page::open("?speed=max&epochs=3&seqLen=4&nSteps=2&scale=standardize");
    p.edit(Field::Sequence, &table_text(40));
    let s = &p.state.settings;
    assert!(!p.state.blocked(), "{:?}", s.error(Field::Sequence));
    assert_eq!(s.config.series.columns, ["lead", "sales"]);
    assert_eq!(
        s.target_options(),
        [
            ("lead".to_string(), "lead".to_string()),
            ("sales".to_string(), "sales".to_string()),
            ("all".to_string(), "all of them".to_string())
        ]
    );
    assert_eq!(s.target_choice(), "sales", "the last column by default");
    // The forecast field holds the last seq_len rows, a row's values together.
    let rows = &p.state.forecast.text;
    assert_eq!(rows.split("; ").count(), 4, "{rows}");
    assert!(
        rows.split("; ").all(|r| r.split(", ").count() == 2),
        "{rows}"
    );
    p.send(Msg::TrainOrPause);
    p.run_until_paused(10_000);
    p.send(Msg::Forecast);
    assert_eq!(p.state.forecast.values.len(), 2, "n_steps values of sales");
    let panels = p.state.data_panels();
    let names: Vec<(&str, bool)> = panels.iter().map(|p| (p.name, p.target)).collect();
    assert_eq!(
        names,
        [("sales", true), ("lead", false)],
        "the target first"
    );
    assert_eq!(panels[0].forecast.len(), 2);
    assert!(panels[0].fit.iter().any(|v| v.is_finite()));
    assert!(panels[1].fit.is_empty() && panels[1].forecast.is_empty());
    // Rolling forward needs every series: refused with the reason, until the target is all.
    p.send(Msg::Roll);
    assert!(p.state.forecast.rolled.is_empty());
    assert!(
        p.state
            .forecast
            .roll_note
            .contains("needs every series forecast"),
        "{}",
        p.state.forecast.roll_note
    );
    p.edit(Field::Target, "all");
    p.send(Msg::TrainOrPause);
    p.run_until_paused(10_000);
    p.send(Msg::Roll);
    assert_eq!(p.state.forecast.roll_note, "");
    assert_eq!(
        p.state.forecast.rolled.len(),
        20 * 2,
        "20 rows of both series"
    );
    assert_eq!(p.state.data_panels()[1].rolled.len(), 20);
}

#[test]
fn the_target_menu_follows_the_table() {
    let mut p = Page::open("");
    p.edit(Field::Sequence, &table_text(30));
    p.edit(Field::Target, "lead");
    assert_eq!(p.state.settings.config.target, "lead");
    // Choosing the last column is the default: no new text, so no new model.
    p.edit(Field::Target, "sales");
    assert_eq!(p.state.settings.text(Field::Target), "");
    p.edit(Field::Target, "lead");
    // A table without "lead": the target goes back to the last column, nothing blocks.
    p.edit(Field::Sequence, "a;b\n1;2\n3;4\n5;6\n6;7\n8;9\n9;10\n");
    assert!(!p.state.blocked());
    assert_eq!(p.state.settings.text(Field::Target), "");
    assert_eq!(p.state.settings.target_choice(), "b");
    // Back to a plain sequence: no menu at all.
    p.edit(Field::Sequence, "1, 2, 3, 4, 5, 6, 7, 8");
    assert!(p.state.settings.target_options().is_empty());
    // A bad table keeps its text and the last good model, and says where it is wrong.
    let before = p.state.settings.config.clone();
    p.edit(Field::Sequence, "a,b\n1,2\n3\n");
    assert_eq!(
        p.state.settings.error(Field::Sequence),
        Some("Line 3 has 1 cell, but the header names 2 columns: every row needs one value per column.")
    );
    assert_eq!(p.state.settings.text(Field::Sequence), "a,b\n1,2\n3\n");
    assert_eq!(p.state.settings.config, before);
}

#[test]
fn stacked_bidirectional_layers_are_each_shown_and_explained() {
    let mut p = Page::open("?speed=max&epochs=2&units=6,4&bidirectional=1&cell=gru");
    let dims = p.state.run.trainer.model().dims;
    assert_eq!(
        (dims.layers.as_slice(), dims.bidirectional),
        (&[6, 4][..], true)
    );
    p.send(Msg::TrainOrPause);
    p.run_until_paused(10_000);
    let options: Vec<String> = p.state.slot_options().into_iter().map(|(_, n)| n).collect();
    assert_eq!(
        options,
        [
            "Layer 1, forward",
            "Layer 1, backward (reads the window from the end)",
            "Layer 2 (top), forward",
            "Layer 2 (top), backward (reads the window from the end)"
        ]
    );
    assert_eq!(
        p.state.grad_layer_names(),
        ["layer 1", "layer 1 ←", "layer 2", "layer 2 ←"]
    );
    // The gradient chart has a line per slot.
    let g = &p.state.run.grads;
    assert_eq!(g.latest.as_ref().unwrap().1.len(), 4 * g.steps);
    p.send(Msg::Highlight(Some(0)));
    let data = p.state.network_data().unwrap();
    assert_eq!(data.traces.len(), 4);
    let lines = p.state.network_step_lines(&data);
    assert!(
        lines[0].starts_with("Both ways, still only the past"),
        "{lines:?}"
    );
    // Inside the cell, for the top layer's backward copy.
    p.send(Msg::InsideOpen(true));
    p.send(Msg::InsideSlot(3));
    let inside = p.state.inside_data().unwrap();
    assert_eq!(inside.trace.hs.len(), (dims.seq_len + 1) * 4, "4 units");
    assert!(inside
        .lines
        .iter()
        .any(|(label, _)| label.starts_with("Unit 0")));
    // The address carries it all.
    let q = p.state.query();
    for want in ["units=6%2C4", "bidirectional=1", "cell=gru"] {
        assert!(q.contains(want), "{want} in {q}");
    }
}

#[test]
fn how_far_back_it_looks_follows_training_and_says_so() {
    let mut p = Page::open("?preset=echo&speed=max");
    p.frames(1);
    let before = p
        .state
        .inside
        .memory
        .clone()
        .expect("measured before training too");
    assert_eq!(before.seq_len(), 20);
    p.send(Msg::TrainOrPause);
    p.run_until_paused(100_000);
    p.frames(1);
    let after = p.state.inside.memory.clone().unwrap();
    // The Echo lesson's LSTM reaches back to the blip, 20 steps back (tests/sensitivity.rs
    // checks it over seeds).
    assert_eq!(after.span, 20, "{}", p.state.memory_text());
    assert!(
        p.state.memory_text().contains("whole window"),
        "{}",
        p.state.memory_text()
    );
    // The picture's bars: one per step, the strongest 1.
    p.send(Msg::Highlight(Some(3)));
    let data = p.state.network_data().unwrap();
    assert_eq!(data.pull.len(), 20);
    assert!(data.pull.contains(&1.0));
    // A new model drops the old one's span until it is measured again.
    p.edit(Field::Units, "8");
    assert!(p.state.inside.memory.is_none());
    p.frames(2);
    assert!(p.state.inside.memory.is_some());
    // A model too big to follow live says so, and does not try.
    p.edit(Field::Units, "512");
    p.edit(Field::Cell, "lstm");
    p.frames(20);
    assert!(p.state.run.trainer.ready());
    assert!(p.state.inside.memory.is_none());
    assert!(
        p.state.memory_text().contains("too big"),
        "{}",
        p.state.memory_text()
    );
    p.send(Msg::Highlight(Some(0)));
    assert!(p.state.network_data().unwrap().pull.is_empty());
}

/// The series-M lessons' comparison: the kept run with the leading indicator and the run on sales
/// alone forecast the same values, so "How is it going?" compares their held-out losses, and the
/// list of kept runs shows each one's held-out loss and names its data.
#[test]
fn the_sales_lessons_compare_held_out_losses_across_their_two_tables() {
    let mut p = Page::open("?preset=sales-lead&epochs=20");
    train_to_target(&mut p);
    p.send(Msg::KeepRun);
    let kept_val = *p.state.compare.kept[0].val.last().unwrap();
    p.send(Msg::Preset("sales".into()));
    p.edit(Field::Epochs, "20");
    train_to_target(&mut p);
    let lines = p.state.compare.lines(&p.state.settings.config);
    assert!(
        lines[0].1.starts_with("data lead, sales") && lines[0].1.contains(", held out "),
        "{lines:?}"
    );
    let s = p.state.standing();
    let v = *p.state.run.trainer.val_history().last().unwrap();
    let expected = rnn_playground::teach::diagnosis::compared(v, kept_val);
    assert!(
        s.contains(&format!(
            "Against the kept runs, on the held-out windows this run ends at {expected} “data lead, sales"
        )),
        "{s}"
    );
    assert!(!s.contains("in training loss"), "{s}");
}

/// An address whose settings can't make a model says so in the status: the form shows what it
/// asked for, the charts the model from before it (the notebook's).
#[test]
fn an_address_that_cannot_make_a_model_says_so_in_the_status() {
    let p = Page::open("?preset=sales-lead&target=nope");
    assert!(p.state.settings.error(Field::Target).is_some());
    assert!(
        p.state
            .status()
            .contains("A setting in the address needs fixing"),
        "{}",
        p.state.status()
    );
    let fine = Page::open("?preset=sales-lead");
    assert!(
        !fine.state.status().contains("needs fixing"),
        "{}",
        fine.state.status()
    );
}
