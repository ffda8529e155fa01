//! Property tests: nothing a person can type makes the core panic.
#![allow(clippy::field_reassign_with_default)]

use proptest::prelude::*;
use rnn_playground::config::{Config, Field};
use rnn_playground::data::parse_sequence;
use rnn_playground::data::{parse_series, Series, MAX_COLUMNS};
use rnn_playground::format::short;
use rnn_playground::format::{fixed, parse_f32, parse_f64, Num};
use rnn_playground::io::weights::from_keras_json;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::trainer::Trainer;

proptest! {
    #[test]
    fn any_string_parses_or_errs(s in "\\PC{0,200}") {
        let _ = parse_sequence(&s);
    }

    #[test]
    fn number_like_strings_parse_or_err(s in "[-+−0-9eE., ;\n\tinfa]{0,80}") {
        if let Ok(v) = parse_sequence(&s) {
            prop_assert!(v.iter().all(|x| x.is_finite()));
        }
    }

    #[test]
    fn any_field_text_is_accepted_or_explained(i in 0usize..Field::ALL.len(), s in "\\PC{0,40}") {
        let field = Field::ALL[i];
        let mut c = Config::default();
        if let Err(e) = c.set(field, &s) {
            prop_assert_eq!(e.field, field);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn any_small_config_trains_or_errs(
        len in 1usize..40, seq_len in 0usize..12, n_steps in 0usize..5,
        units in proptest::collection::vec(0usize..9, 1..4), bidirectional in any::<bool>(),
        features in 1usize..4, target in 0usize..5,
        batch in 0usize..12, act in 0usize..4, lr in -1.0f32..2.0, shuffle in any::<bool>(),
        cell in 0usize..3, holdout in 0usize..60,
    ) {
        let mut c = Config::default();
        let values: Vec<f32> = (0..len * features).map(|i| (i as f32 * 1.3).sin() * 10.0).collect();
        c.series = if features == 1 {
            Series::plain(values)
        } else {
            Series {
                values,
                columns: (0..features).map(|j| format!("s{j}")).collect(),
                labels: None,
            }
        };
        // A column's name, all, or one the table lacks.
        c.target = match target {
            t if t < features => format!("s{t}"),
            3 => "all".into(),
            _ => "nope".into(),
        };
        c.seq_len = seq_len;
        c.n_steps = n_steps;
        c.units = Layers::new(&units).unwrap();
        c.bidirectional = bidirectional;
        c.batch_size = batch;
        c.activation = rnn_playground::nn::activation::Activation::ALL[act];
        c.learning_rate = lr;
        c.shuffle = shuffle;
        c.cell = rnn_playground::nn::cell::Cell::ALL[cell];
        c.holdout = holdout;
        if let Ok(mut t) = Trainer::new(&c) {
            let _ = t.train_epochs(2);
            let _ = t.forecast(&vec![1.0; seq_len * features]);
            let _ = t.forecast(&vec![1.0; seq_len]);
            let _ = t.roll(&vec![1.0; seq_len * features], 7);
        }
    }

    #[test]
    fn any_text_reads_as_data_or_is_explained(s in "\\PC{0,200}") {
        if let Err(e) = parse_series(&s) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn any_table_like_text_reads_as_data_or_is_explained(
        header in proptest::collection::vec("[a-z\"]{0,4}", 1..10),
        rows in proptest::collection::vec(proptest::collection::vec("[0-9a-z.,;\"\t -]{0,6}", 0..10), 0..8),
        delimiter in prop::sample::select(vec![",", ";", "\t"]),
    ) {
        let mut text = header.join(delimiter);
        for row in &rows {
            text.push('\n');
            text += &row.join(delimiter);
        }
        match parse_series(&text) {
            Ok(s) => {
                prop_assert_eq!(s.values.len(), s.rows() * s.features());
                prop_assert!(s.features() <= MAX_COLUMNS);
                // What it reads, written back, reads again the same.
                prop_assert_eq!(parse_series(&s.to_text()).ok(), Some(s));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn every_float32_reads_back_as_itself(bits in any::<u32>()) {
        let v = f32::from_bits(bits);
        if !v.is_finite() {
            return Ok(());
        }
        // Both the way we write numbers and the exponent form Python and Keras use.
        for text in [format!("{v}"), format!("{v:e}"), format!("{}", v as f64)] {
            prop_assert_eq!(parse_f32(&text).map(f32::to_bits), Some(v.to_bits()), "{}", text);
        }
        // Through an f64 (what Keras's JSON needs): the f64's 17 digits always come back.
        let wide = format!("{}", v as f64);
        prop_assert_eq!(parse_f64(&wide).map(|x| x as f32), Some(v), "{}", wide);
    }

    #[test]
    fn every_float32_is_written_as_rust_writes_it(bits in any::<u32>()) {
        let v = f32::from_bits(bits);
        prop_assert_eq!(Num(v).to_string(), format!("{v}"));
        prop_assert_eq!(format!("{:#}", Num(v)), format!("{v:e}"));
    }

    #[test]
    fn fixed_decimals_are_rusts(v in -1e6f64..1e6, decimals in 0u32..=4) {
        prop_assert_eq!(fixed(v, decimals), rust_fixed(v, decimals));
    }

    #[test]
    fn fixed_decimals_break_exact_ties_as_rust_does(m in -100_000i64..100_000, j in 1u32..8, decimals in 0u32..=4) {
        // m / 2^j: many of these sit exactly halfway between two decimals.
        let v = m as f64 / (1u64 << j) as f64;
        prop_assert_eq!(fixed(v, decimals), rust_fixed(v, decimals));
    }

    #[test]
    fn tiny_and_huge_short_numbers_round_as_rust_does(v in prop_oneof![-1e-3f64..1e-3, 1e6f64..1e300, -1e300f64..-1e6]) {
        prop_assume!(v != 0.0 && v.abs() != 1e-3);
        prop_assert_eq!(short(v), format!("{v:.2e}"));
    }

    #[test]
    fn decimal_text_reads_as_rust_reads_it(s in "[-+]?[0-9]{0,22}(\\.[0-9]{0,22})?([eE][-+]?[0-9]{1,3})?") {
        let want = s.parse::<f64>().ok();
        let got = parse_f64(&s);
        prop_assert_eq!(got.is_some(), want.is_some(), "{}", s);
        prop_assert_eq!(parse_f32(&s).map(f32::to_bits), s.parse::<f32>().ok().map(f32::to_bits), "{}", s);
        if let (Some(got), Some(want)) = (got, want) {
            prop_assert_eq!(got as f32, want as f32, "{}", s);
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            prop_assert!(ulps <= 10, "{}: {} vs {} ({} ulps)", s, got, want, ulps);
        }
    }

    #[test]
    fn any_weights_text_is_accepted_or_explained(s in "[\\[\\]0-9.,e -]{0,60}") {
        let dims = Config::default().validate().unwrap();
        let _ = from_keras_json(&s, &dims);
    }
}

/// Rust's `{:.N}`, trailing zeros and a lone "-" of "-0" dropped, as `fixed` writes it.
fn rust_fixed(v: f64, decimals: u32) -> String {
    let rust = format!("{v:.*}", decimals as usize);
    let rust = if rust.contains('.') {
        rust.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        rust
    };
    if rust == "-0" {
        "0".to_string()
    } else {
        rust
    }
}
