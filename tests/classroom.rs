//! What a class gets from the preset menu and the Keras panel: every preset trains visibly in its
//! own epochs, the real data is the real data, and the shown program is Python that reads the
//! same numbers the page trains on.
//!
//! Training every preset takes a few seconds in a debug build; `cargo test --release --test
//! classroom` is quicker.

use rnn_playground::app::{GradFlow, RunFacts};
use rnn_playground::config::{Config, Field};
use rnn_playground::data::presets::{self, Preset, PRESETS};
use rnn_playground::data::scale::Scaling;
use rnn_playground::data::Series;
use rnn_playground::nn::activation::Activation;
use rnn_playground::nn::cell::Cell;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::trainer::Trainer;
use rnn_playground::teach::keras_code::keras_program;
use std::io::Write;
use std::process::{Command, Stdio};

fn applied(preset: &Preset) -> Config {
    let mut config = Config::default();
    preset.apply(&mut config);
    config
}

fn range(values: &[f32]) -> (f32, f32) {
    let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    (lo, hi)
}

#[test]
fn every_preset_trains_visibly_within_its_epochs() {
    for preset in PRESETS {
        let config = applied(preset);
        assert_eq!(config.seed, Config::default().seed);
        let mut trainer = Trainer::new(&config)
            .unwrap_or_else(|e| panic!("{}: the preset's settings are refused: {e}", preset.key));
        if let Err(e) = trainer.train_epochs(config.epochs) {
            panic!("{}: {e}", preset.key);
        }
        let history = trainer.history();
        assert_eq!(history.len(), config.epochs);
        let (first, last) = (history[0], history[history.len() - 1]);
        eprintln!(
            "{:13} first loss {first:.5}, last {last:.6}, {:.0}× lower",
            preset.key,
            first / last
        );
        assert!(
            last < first / 10.0,
            "{}: the loss only fell from {first} to {last} in {} epochs",
            preset.key,
            config.epochs
        );

        let series = &config.series;
        let sequence = &series.values;
        let window = &sequence[sequence.len() - config.seq_len * series.features()..];
        let forecast = trainer.forecast(window).unwrap();
        // The range of what is forecast: the target series.
        let targets = config.target_columns().unwrap();
        let (lo, hi) = range(&series.column(targets[0]));
        let margin = (hi - lo) * 0.5;
        assert_eq!(forecast.len(), config.n_steps * targets.len());
        assert!(
            forecast
                .iter()
                .all(|v| v.is_finite() && (lo - margin..=hi + margin).contains(v)),
            "{}: forecast {forecast:?} is far outside the series' range {lo}..{hi}",
            preset.key
        );
    }
}

#[test]
fn presets_suit_a_classroom() {
    assert_eq!(
        PRESETS[0].key, "notebook",
        "the page starts with the notebook"
    );
    for (i, preset) in PRESETS.iter().enumerate() {
        assert!(
            PRESETS[..i].iter().all(|p| p.key != preset.key),
            "{} twice",
            preset.key
        );
        let sequence = preset.series().values;
        assert_eq!(sequence, preset.series().values, "{}", preset.key);
        assert!(preset.series().rows() <= 200, "{}", preset.key);
        assert!(
            applied(preset).units.as_slice().iter().all(|&u| u <= 64),
            "{}",
            preset.key
        );
        assert!(
            sequence
                .iter()
                .all(|v| v.is_finite() && !(*v == 0.0 && v.is_sign_negative())),
            "{}: a -0 would show as \"-0\" in the sequence box",
            preset.key
        );
        assert!(!preset.name.is_empty() && !preset.about.is_empty());
        if preset.key != "notebook" {
            assert_ne!(applied(preset).scaling, Scaling::None, "{}", preset.key);
        }
        applied(preset).validate().unwrap();
    }
    assert!(presets::find("airline").unwrap().source.is_some());
}

#[test]
fn the_notebook_preset_is_the_default_config() {
    // Start from a config where every field differs from the notebook's, so a field the preset
    // forgets to set shows up.
    let mut config = Config {
        series: Series::plain(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        seq_len: 4,
        n_steps: 1,
        cell: Cell::Gru,
        units: Layers::new(&[7, 3]).unwrap(),
        bidirectional: true,
        target: "all".into(),
        activation: Activation::Sigmoid,
        learning_rate: 0.5,
        epochs: 3,
        batch_size: 2,
        shuffle: false,
        seed: 7,
        scaling: Scaling::MinMax,
        holdout: 20,
    };
    let start = config.clone();
    for field in Field::ALL {
        assert_ne!(
            start.get(field),
            Config::default().get(field),
            "{field:?} must start away from its default"
        );
    }
    presets::find("notebook").unwrap().apply(&mut config);
    // The run's own choices stay (its seed, its shuffling, what it holds out); the lesson's
    // settings are all the notebook's.
    let kept_by_the_run = [Field::Seed, Field::Shuffle, Field::Holdout];
    for field in Field::ALL {
        let want = if kept_by_the_run.contains(&field) {
            start.get(field)
        } else {
            Config::default().get(field)
        };
        assert_eq!(config.get(field), want, "{field:?}");
    }
}

/// Pinned so that a change to the generator or the formulas, which would change what a shared
/// link shows, is noticed.
#[test]
fn generated_series_are_pinned() {
    for (key, len, first) in [
        ("sine", 100, [0.0, 0.249, 0.482, 0.685]),
        ("trend-season", 120, [10.0, 12.8, 14.93, 15.9]),
        ("noisy-sine", 120, [-0.028, 0.462, 0.778, 0.786]),
        ("random-walk", 150, [100.0, 101.586, 100.957, 102.25]),
    ] {
        let sequence = presets::find(key).unwrap().series().values;
        assert_eq!(sequence.len(), len, "{key}");
        assert_eq!(sequence[..4], first, "{key}");
    }
}

#[test]
fn airline_is_the_box_jenkins_series() {
    let airline = presets::find("airline").unwrap().series().values;
    assert_eq!(airline.len(), 144);
    assert_eq!(
        airline[..12],
        [112., 118., 132., 129., 121., 135., 148., 148., 136., 119., 104., 118.]
    );
    assert_eq!(
        airline[132..],
        [417., 391., 419., 461., 472., 535., 622., 606., 508., 461., 390., 432.]
    );
    assert_eq!(airline.iter().map(|&v| v as u32).sum::<u32>(), 40_363);
    assert_eq!(range(&airline), (104.0, 622.0));
    assert!(airline.iter().all(|v| v.fract() == 0.0));
}

#[test]
fn find_apply_and_matching_round_trip() {
    for preset in PRESETS {
        let found = presets::find(preset.key).unwrap();
        assert_eq!(found.key, preset.key);

        let mut config = Config {
            seed: 7,
            shuffle: false,
            ..Config::default()
        };
        preset.apply(&mut config);
        assert_eq!((config.seed, config.shuffle), (7, false), "{}", preset.key);
        assert_eq!(
            presets::with_series(&config.series).unwrap().key,
            preset.key
        );

        let mut edited = config.series.clone();
        edited.values[1] += 1.0;
        assert!(presets::with_series(&edited).is_none(), "{}", preset.key);
        let mut longer = config.series.clone();
        longer.values.extend(vec![1.0; longer.features()]);
        assert!(presets::with_series(&longer).is_none(), "{}", preset.key);
    }
    assert!(presets::find("Sine").is_none());
    assert!(presets::find("").is_none());
    assert_eq!(
        presets::with_series(&Config::default().series).unwrap().key,
        "notebook"
    );
}

#[test]
fn notebook_program_has_the_notebooks_settings() {
    let py = keras_program(&Config::default());
    for want in [
        "raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]\n",
        "seq_len, n_steps, n_features = 3, 2, 1\n",
        "layers.SimpleRNN(50, activation=\"relu\")",
        "layers.Dense(n_steps)",
        "Adam(learning_rate=0.001)",
        "epochs=200",
        "batch_size=32",
        "shuffle=True",
        "# SimpleRNN 2,600 + Dense 102 = 2,702 parameters",
        "keras.utils.set_random_seed(42)",
        "x_input = np.array([70, 80, 90])\n",
        "print(model.predict(x_input, verbose=0))\n",
    ] {
        assert!(py.contains(want), "missing {want:?} in\n{py}");
    }
    assert!(!py.contains("np.std") && !py.contains("np.min"), "{py}");
}

#[test]
fn program_follows_every_setting() {
    let config = Config {
        units: Layers::one(8),
        n_steps: 3,
        activation: Activation::Tanh,
        learning_rate: 0.01,
        scaling: Scaling::MinMax,
        shuffle: false,
        seed: 7,
        ..Config::default()
    };
    let py = keras_program(&config);
    for want in [
        "seq_len, n_steps, n_features = 3, 3, 1\n",
        "layers.SimpleRNN(8, activation=\"tanh\")",
        "Adam(learning_rate=0.01)",
        "shuffle=False",
        "keras.utils.set_random_seed(7)",
        // (1 + 8)·8 + 8 and (8 + 1)·3
        "# SimpleRNN 80 + Dense 27 = 107 parameters",
        "lo, span = np.min(raw_seq), np.max(raw_seq) - np.min(raw_seq)\n",
        "split_sequence((np.array(raw_seq) - lo) / span, seq_len, n_steps)",
        "x_input = ((x_input - lo) / span).reshape((1, seq_len, n_features))",
        "* span + lo",
    ] {
        assert!(py.contains(want), "missing {want:?} in\n{py}");
    }

    let standardized = keras_program(&Config {
        scaling: Scaling::Standardize,
        ..config
    });
    for want in [
        "mean, std = np.mean(raw_seq), np.std(raw_seq)\n",
        "std = std if std > 0 else 1.0",
        "x_input = ((x_input - mean) / std)",
        "* std + mean",
    ] {
        assert!(
            standardized.contains(want),
            "missing {want:?} in\n{standardized}"
        );
    }

    let big_seed = keras_program(&Config {
        seed: 1 << 40,
        ..Config::default()
    });
    assert!(big_seed.contains("keras.utils.set_random_seed(1099511627776 % 2**32)"));
}

/// Parses `program` with Python's own parser and returns `raw_seq` (a table's `data`, row by
/// row) as Python reads it.
fn python_reads(program: &str) -> Vec<f64> {
    const SCRIPT: &str = "import ast, sys\n\
        tree = ast.parse(sys.stdin.read())\n\
        for node in tree.body:\n    \
            name = getattr(node.targets[0], 'id', '') if isinstance(node, ast.Assign) else ''\n    \
            if name == 'raw_seq':\n        \
                print('\\n'.join(repr(float(v)) for v in ast.literal_eval(node.value)))\n    \
            if name == 'data':\n        \
                rows = ast.literal_eval(node.value.args[0])\n        \
                print('\\n'.join(repr(float(v)) for row in rows for v in row))\n";
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "python3 is needed to check that the Keras program is valid Python, \
                 and it could not be started ({e}). Install Python 3 and run the tests again."
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(program.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "Python could not parse the program:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        program.lines().take(40).collect::<Vec<_>>().join("\n")
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

fn assert_python_reads_the_sequence(config: &Config) {
    let program = keras_program(config);
    let long = program.lines().find(|l| l.chars().count() > 100);
    assert!(long.is_none(), "a line over 100 characters: {long:?}");
    let read: Vec<f32> = python_reads(&program).iter().map(|&v| v as f32).collect();
    assert_eq!(read.len(), config.series.values.len());
    let differ = read
        .iter()
        .zip(&config.series.values)
        .position(|(a, b)| a.to_bits() != b.to_bits() && !(*a == 0.0 && *b == 0.0));
    assert_eq!(differ, None, "Python reads a different value");
}

#[test]
fn programs_are_python_that_reads_the_same_numbers() {
    assert_python_reads_the_sequence(&Config::default());
    assert_python_reads_the_sequence(&Config {
        scaling: Scaling::MinMax,
        shuffle: false,
        ..Config::default()
    });
    for preset in PRESETS {
        assert_python_reads_the_sequence(&applied(preset));
    }
    let awkward = vec![
        0.1,
        -0.0,
        1e-7,
        -2.5e-5,
        3.402_823_5e38,
        -1e15,
        123_456_790.0,
        1.0 / 3.0,
        16_777_216.0,
    ];
    assert_python_reads_the_sequence(&Config {
        series: Series::plain(awkward),
        seq_len: 2,
        scaling: Scaling::Standardize,
        ..Config::default()
    });
}

#[test]
fn a_hundred_thousand_values_still_make_a_python_program() {
    let sequence: Vec<f32> = (0..100_000)
        .map(|i| (i as f32 * 0.37).sin() * 1000.0)
        .collect();
    let config = Config {
        series: Series::plain(sequence),
        seq_len: 500,
        scaling: Scaling::Standardize,
        ..Config::default()
    };
    config.validate().unwrap();
    // (How long it takes is for the benchmarks to say; a test only checks what it makes.)
    let program = keras_program(&config);
    assert!(program.len() < 2_000_000, "{} bytes", program.len());
    assert_python_reads_the_sequence(&config);
}

/// The programs in `tests/fixtures/keras_programs.json` were run in real Keras (TensorFlow 2.21,
/// Keras 3.15) by `tests/fixtures/check_keras_programs.py`. Each must still be exactly what we
/// generate for its settings (else run that script again), and Keras's windows, held-out windows
/// and parameter counts must be the page's.
#[test]
fn keras_ran_these_programs_and_counted_what_the_page_counts() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/keras_programs.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let args: Vec<&str> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let mut config = Config::default();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let flag = flag.trim_start_matches("--");
            if let Some(toggle) = flag.strip_prefix("no-") {
                let field = rnn_playground::config::Field::find(toggle).unwrap();
                config.set(field, "off").unwrap();
                continue;
            }
            let field = rnn_playground::config::Field::find(flag).unwrap();
            config.set(field, it.next().unwrap()).unwrap();
        }
        assert_eq!(
            keras_program(&config),
            case["program"].as_str().unwrap(),
            "{name}: the program changed; run tests/fixtures/check_keras_programs.py again"
        );
        let trainer = Trainer::new(&config).unwrap();
        let counts = trainer.model().dims.param_counts();
        let n_val = trainer.val_windows().map_or(0, |(w, _)| w.len());
        assert_eq!(
            case["n_windows"].as_u64().unwrap() as usize,
            trainer.windows().len(),
            "{name}: training windows"
        );
        assert_eq!(
            case["n_val"].as_u64().unwrap() as usize,
            n_val,
            "{name}: held-out windows"
        );
        assert_eq!(
            case["params"].as_u64().unwrap() as usize,
            counts.total,
            "{name}"
        );
        // Keras's layers: each recurrent layer (a Bidirectional one, both copies), then Dense.
        let mut layers = counts.layers.clone();
        layers.push(counts.dense);
        assert_eq!(case["layer_params"], serde_json::json!(layers), "{name}");
    }
}

/// A setting the program ignored would make it train another model than the page (hold-out
/// once was): changing any one setting must change the program.
#[test]
fn every_setting_changes_the_program() {
    use rnn_playground::config::{Field, Kind};
    let base = Config {
        series: Series::plain((0..40).map(|i| (i as f32 * 0.4).sin()).collect()),
        ..Config::default()
    };
    let before = keras_program(&base);
    for field in Field::ALL {
        let setting = field.setting();
        let other = match setting.kind {
            Kind::Sequence => "1, 2, 3, 4, 5, 6, 7, 8".to_string(),
            Kind::Whole { lo, .. } => {
                (base.get(field).parse::<u64>().unwrap().max(lo) + 1).to_string()
            }
            Kind::Rate { .. } => "0.5".to_string(),
            Kind::Choice(_) | Kind::Cell => setting
                .kind
                .options()
                .iter()
                .find(|o| o.0 != setting.default)
                .unwrap()
                .0
                .to_string(),
            Kind::Toggle if setting.default == "off" => "on".to_string(),
            Kind::Toggle => "off".to_string(),
            Kind::Layers { .. } => "8, 6".to_string(),
            // A plain sequence has one series, whatever the target says (tables: below).
            Kind::Target => continue,
        };
        let mut changed = base.clone();
        changed.set(field, &other).unwrap();
        changed
            .validate()
            .unwrap_or_else(|e| panic!("{other} for {}: {e}", setting.id));
        assert_ne!(
            keras_program(&changed),
            before,
            "the program ignores {}",
            setting.id
        );
    }
}

/// The Echo lesson's promise, in its text and the README: with the same units, epochs and seed,
/// SimpleRNN ends far behind LSTM and GRU, because the target depends on the window's first value.
#[test]
fn the_echo_lesson_needs_gates_on_every_seed() {
    let preset = presets::find("echo").unwrap();
    let mut worst = (f32::INFINITY, f32::INFINITY);
    for seed in 1..=5 {
        let mut finals = [0.0f32; 3];
        for (cell, last) in Cell::ALL.into_iter().zip(&mut finals) {
            let config = Config {
                cell,
                seed,
                ..applied(preset)
            };
            let mut trainer = Trainer::new(&config).unwrap();
            trainer.train_epochs(config.epochs).unwrap();
            *last = *trainer.history().last().unwrap();
            // "How is it going?" gives every run a verdict: SimpleRNN's is that it learned
            // (almost) nothing beyond the mean; the gated cells beat every rule.
            let verdict = rnn_playground::app::verdict::standing(&trainer, &config, &[]);
            eprintln!("  {}: {verdict}", cell.keras_class());
            if cell == Cell::SimpleRnn {
                assert!(
                    verdict.starts_with("About as good as predicting the mean")
                        || verdict.starts_with("Worse than"),
                    "seed {seed}: {verdict}"
                );
            } else {
                assert!(
                    verdict.starts_with("Better than every rule"),
                    "seed {seed} {cell}: {verdict}"
                );
            }
        }
        let [simple, lstm, gru] = finals;
        eprintln!(
            "echo seed {seed}: SimpleRNN {simple:.4}, LSTM {lstm:.4} ({:.0}× lower), GRU {gru:.4} ({:.0}× lower)",
            simple / lstm,
            simple / gru
        );
        worst = (worst.0.min(simple / lstm), worst.1.min(simple / gru));
    }
    // The lesson says "25 to 250 times worse than LSTM" (and GRU did at least 10 times better):
    // the lower ends must hold.
    assert!(
        worst.0 >= 25.0,
        "SimpleRNN / LSTM only {:.1}× on some seed",
        worst.0
    );
    assert!(
        worst.1 >= 9.5,
        "SimpleRNN / GRU only {:.1}× on some seed",
        worst.1
    );
}

/// The vanishing-gradients lesson: with SimpleRNN(tanh) over 60 steps the page's sentence beside
/// the gradient chart says "Vanishing" after training, whatever the seed.
#[test]
fn the_long_window_lesson_shows_vanishing_gradients() {
    let preset = presets::find("vanishing").unwrap();
    for seed in [1, 2, 3, 4, 5, Config::default().seed] {
        let config = Config {
            seed,
            ..applied(preset)
        };
        assert_eq!(config.cell, Cell::SimpleRnn);
        let mut trainer = Trainer::new(&config).unwrap();
        trainer.train_epochs(config.epochs).unwrap();
        let g = trainer.grad_norms().unwrap();
        let flow = GradFlow {
            latest: Some((g.epoch, g.h.to_vec())),
            ..GradFlow::default()
        };
        let sentence = flow.sentence(&RunFacts::of(&config, false));
        eprintln!(
            "vanishing seed {seed}: first/last {:.1e}: {sentence}",
            g.h[0] / g.h[59]
        );
        assert!(sentence.starts_with("Vanishing"), "seed {seed}: {sentence}");
    }
}

/// Each lesson's pace lets a class watch its interesting part: the loss's fall (from a tenth to
/// nine tenths of the way down, on the log scale the chart uses) lasts 3 s or more at the
/// lesson's speed, and the whole run at most a minute.
#[test]
fn every_lesson_s_pace_leaves_time_to_talk_over_its_loss_falling() {
    for preset in PRESETS {
        let config = applied(preset);
        let mut trainer = Trainer::new(&config).unwrap();
        trainer.train_epochs(config.epochs).unwrap();
        let log: Vec<f64> = trainer.history().iter().map(|&l| (l as f64).ln()).collect();
        let lowest = log.iter().copied().fold(f64::INFINITY, f64::min);
        let fall = log[0] - lowest;
        let reached = |share: f64| {
            log.iter()
                .position(|&l| l <= log[0] - share * fall)
                .unwrap()
        };
        let fall_epochs = reached(0.9) - reached(0.1);
        let per_second: f64 = preset.speed.parse().unwrap();
        let (fall_s, run_s) = (
            fall_epochs as f64 / per_second,
            config.epochs as f64 / per_second,
        );
        eprintln!(
            "{:13} {per_second:>3} epochs/s: the fall takes {fall_epochs} epochs = {fall_s:.1} s, the run {run_s:.0} s",
            preset.key
        );
        assert!(
            fall_s >= 3.0,
            "{}: the fall lasts only {fall_s:.1} s",
            preset.key
        );
        assert!(
            run_s <= 60.0,
            "{}: the run drags on for {run_s:.0} s",
            preset.key
        );
    }
}

/// The held-out loss after a lesson's epochs, for `seed`, with `change` made to its settings.
fn held_out_after(key: &str, seed: u64, change: &[(Field, &str)]) -> f32 {
    let mut config = Config {
        seed,
        ..applied(presets::find(key).unwrap())
    };
    for (field, text) in change {
        config.set(*field, text).unwrap();
    }
    let mut trainer = Trainer::new(&config).unwrap();
    trainer.train_epochs(config.epochs).unwrap();
    *trainer.val_history().last().unwrap()
}

/// "Sales and a leading indicator": the same sales, the same settings, with and without the
/// indicator; with it, the held-out loss is lower on every seed the lesson quotes (1 to 5),
/// and on the page's own.
#[test]
fn the_leading_indicator_helps_the_sales_forecast() {
    let (with, alone) = (
        presets::find("sales-lead").unwrap(),
        presets::find("sales").unwrap(),
    );
    let (a, b) = (applied(with), applied(alone));
    // Only the data differs (and the pace): the comparison is fair.
    for field in Field::ALL
        .into_iter()
        .filter(|&f| f != Field::Sequence && f != Field::Target)
    {
        assert_eq!(a.get(field), b.get(field), "{field:?}");
    }
    assert_eq!(a.series.column(1), b.series.column(0), "the same sales");
    for seed in [1, 2, 3, 4, 5, Config::default().seed] {
        let (l, s) = (
            held_out_after("sales-lead", seed, &[]),
            held_out_after("sales", seed, &[]),
        );
        eprintln!("seed {seed}: held-out loss {l:.4} with the indicator, {s:.4} without");
        assert!(l < s, "seed {seed}: {l} with the indicator, {s} without");
    }
}

/// "Does depth help?": on seeds 1 to 5 a second layer lowers the held-out loss, on seed 42 it
/// does not, and one wider layer of about as many weights beats both on all six.
#[test]
fn depth_helps_on_some_seeds_and_width_on_all() {
    for seed in [1, 2, 3, 4, 5, Config::default().seed] {
        let one = held_out_after("depth", seed, &[]);
        let two = held_out_after("depth", seed, &[(Field::Units, "8, 8")]);
        let wide = held_out_after("depth", seed, &[(Field::Units, "12")]);
        eprintln!("seed {seed}: held-out loss 8: {one:.4}, 8, 8: {two:.4}, 12: {wide:.4}");
        if seed == Config::default().seed {
            assert!(
                two > one,
                "seed {seed}: the lesson says depth did not help here"
            );
        } else {
            assert!(two < one, "seed {seed}: 8, 8 {two} against 8 {one}");
        }
        assert!(wide < one.min(two), "seed {seed}: 12 {wide}");
    }
}
