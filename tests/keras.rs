//! Our numbers against Keras's own, from fixtures written by `tests/fixtures/gen_keras.py`
//! (TensorFlow 2.21, Keras 3.15). TensorFlow is not needed to run these.
//!
//! Tolerances (f32 arithmetic summed in a different order than TensorFlow's kernels):
//! - one forward/backward/Adam step: rtol 1e-5, plus an absolute floor of 1e-5 × the array's largest |value|;
//! - five steps: rtol 2e-5, the same floor;
//! - 200-epoch loss history: rtol 1e-3, plus an absolute floor of 5e-5 × the first epoch's loss.
//!   Rounding differences grow over 1,400 minibatch steps: relu_minibatch's loss falls 1,000-fold and
//!   then wobbles, and there the two runs drift apart by up to 2.2e-5 × the first loss (2% of a
//!   late, tiny loss) while every single step agrees to 1e-5. The other four stay within 4e-6.
//! - forecast after 200 epochs: rtol 1e-3, plus 1e-4 × its largest |value|.

mod common;
use common::*;
use rnn_playground::data::split_sequence;
use rnn_playground::pass::loss_and_grads;
use rnn_playground::trainer::{Step, Trainer};

const ONE_STEP: f32 = 1e-5;

fn check_one(name: &str) {
    let f = fixture(name);
    let windows = split_sequence(&f.config.sequence, f.config.seq_len, f.config.n_steps).unwrap();
    assert_close(
        &format!("{name} x"),
        &windows.x,
        &floats(&f.json["x"]),
        0.0,
        0.0,
    );
    assert_close(
        &format!("{name} y"),
        &windows.y,
        &floats(&f.json["y"]),
        0.0,
        0.0,
    );

    let model = f.model("initial_weights");
    let want = floats(&f.json["predictions"]);
    let got = model.predict(&windows.x);
    assert_close(
        &format!("{name} predictions"),
        &got,
        &want,
        ONE_STEP,
        ONE_STEP * max_abs(&want),
    );

    let first = f.json["first_batch"].as_u64().unwrap() as usize;
    let idx: Vec<usize> = (0..first).collect();
    let (loss, grads) = loss_and_grads(&model, &windows, &idx);
    let want_loss = f.json["batch_loss"].as_f64().unwrap() as f32;
    assert_close(
        &format!("{name} batch loss"),
        &[loss],
        &[want_loss],
        ONE_STEP,
        0.0,
    );
    let want_grads = f.params("gradients");
    // Each of the five arrays has its own scale, so each gets its own floor.
    let mut at = 0;
    for (size, wname) in f
        .dims
        .sizes()
        .iter()
        .zip(rnn_playground::model::WEIGHT_NAMES)
    {
        let (g, w) = (&grads[at..at + size], &want_grads[at..at + size]);
        assert_close(
            &format!("{name} d_{wname}"),
            g,
            w,
            ONE_STEP,
            ONE_STEP * max_abs(w),
        );
        at += size;
    }

    let mut trainer = Trainer::with_model(&f.config, model).unwrap();
    let mut losses = Vec::new();
    for step in 1..=5 {
        let before = trainer.history().len();
        let s = trainer.step().unwrap();
        assert!(matches!(s, Step::Batch | Step::Epoch(_)));
        losses.push(
            if trainer.history().len() > before && first == windows.len() {
                trainer.history()[before]
            } else {
                f32::NAN
            },
        );
        if step == 1 || step == 5 {
            let key = format!("weights_after_{step}");
            let want = f.params(&key);
            let rtol = if step == 1 { ONE_STEP } else { 2.0 * ONE_STEP };
            assert_close(
                &format!("{name} {key}"),
                &trainer.model().params,
                &want,
                rtol,
                ONE_STEP * max_abs(&want),
            );
        }
    }
    // With one batch per epoch, each epoch's loss is that step's loss, before its update.
    if first == windows.len() {
        let want = floats(&f.json["losses_first_5"]);
        assert_close(
            &format!("{name} first 5 losses"),
            &losses,
            &want,
            ONE_STEP,
            0.0,
        );
    }
}

#[test]
fn notebook_one_and_five_steps() {
    check_one("notebook");
}

#[test]
fn tanh_small_one_and_five_steps() {
    check_one("tanh_small");
}

#[test]
fn relu_minibatch_one_and_five_steps() {
    check_one("relu_minibatch");
}

#[test]
fn sigmoid_small_one_and_five_steps() {
    check_one("sigmoid_small");
}

#[test]
fn linear_small_one_and_five_steps() {
    check_one("linear_small");
}

#[test]
fn two_hundred_epoch_histories_and_forecasts_match_fit() {
    for name in FIXTURES {
        let f = fixture(name);
        let mut trainer = Trainer::with_model(&f.config, f.model("initial_weights")).unwrap();
        trainer.train_epochs(200).unwrap();
        let want = floats(&f.json["loss_history"]);
        assert_close(
            &format!("{name} loss history"),
            trainer.history(),
            &want,
            1e-3,
            5e-5 * want[0],
        );
        let window = floats(&f.json["forecast_input"]);
        let want = floats(&f.json["forecast"]);
        let got = trainer.forecast(&window).unwrap();
        assert_close(
            &format!("{name} forecast"),
            &got,
            &want,
            1e-3,
            1e-4 * max_abs(&want),
        );
        eprintln!(
            "{name}: final loss {} (Keras {}), forecast {got:?} (Keras {want:?})",
            trainer.history()[199],
            floats(&f.json["loss_history"])[199]
        );
    }
}
