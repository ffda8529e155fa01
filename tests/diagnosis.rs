//! Bad runs are named as such, with the settings the issue found them with; good runs are not.
#![allow(clippy::field_reassign_with_default)]

use rnn_playground::config::{Config, Field};
use rnn_playground::data::presets::PRESETS;
use rnn_playground::data::Series;
use rnn_playground::nn::trainer::Trainer;
use rnn_playground::teach::diagnosis::{diagnose_trainer, Finding};

/// Three years of monthly sales around 1,800, with a yearly swing and a small trend.
fn sales() -> Config {
    let mut c = Config::default();
    c.series = Series::plain(
        (0..36)
            .map(|i| {
                let i = i as f64;
                (1800.0 + 300.0 * (2.0 * std::f64::consts::PI * i / 12.0).sin() + 8.0 * i).round()
                    as f32
            })
            .collect(),
    );
    c
}

fn findings(c: &Config) -> Vec<Finding> {
    let mut t = Trainer::new(c).unwrap();
    t.train_epochs(c.epochs).unwrap();
    diagnose_trainer(&t, c, true)
}

#[test]
fn learning_rate_10_on_values_in_the_thousands_explodes() {
    let mut c = Config::default();
    c.series = Series::plain((1..=30).map(|i| (i * 1000) as f32).collect());
    c.set(Field::LearningRate, "10").unwrap();
    let found = findings(&c);
    assert!(matches!(found[0], Finding::Exploding { .. }), "{found:?}");
    let advice = found[0].advice(&c);
    assert!(
        advice.contains("smaller") && advice.contains("scaling"),
        "{advice}"
    );
}

#[test]
fn raw_sales_at_learning_rate_5_explode_and_end_worse_than_repeating() {
    let mut c = sales();
    c.set(Field::LearningRate, "5").unwrap();
    let found = findings(&c);
    assert!(matches!(found[0], Finding::Exploding { .. }), "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| matches!(f, Finding::WorseThanRepeating { loss, baseline } if loss > &(20.0 * baseline))),
        "{found:?}"
    );
}

#[test]
fn tanh_on_raw_sales_learns_a_flat_line_and_scaling_cures_it() {
    let mut c = sales();
    c.set(Field::Activation, "tanh").unwrap();
    let found = findings(&c);
    assert!(matches!(found[0], Finding::Flat { .. }), "{found:?}");
    assert!(
        found[0].advice(&c).contains("scaling"),
        "{}",
        found[0].advice(&c)
    );
    c.set(Field::Scaling, "standardize").unwrap();
    c.set(Field::LearningRate, "0.01").unwrap();
    assert_eq!(findings(&c), [], "scaled, the same model learns");
}

#[test]
fn the_notebook_and_every_preset_are_not_failures() {
    // The notebook trails the straight-line baseline (exact on a straight line): not a failure.
    assert_eq!(findings(&Config::default()), []);
    for p in PRESETS {
        let mut c = Config::default();
        p.apply(&mut c);
        assert_eq!(findings(&c), [], "{}", p.key);
    }
}
