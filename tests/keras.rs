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

#[test]
fn notebook_one_and_five_steps() {
    check_steps(&fixture("notebook"));
}

#[test]
fn tanh_small_one_and_five_steps() {
    check_steps(&fixture("tanh_small"));
}

#[test]
fn relu_minibatch_one_and_five_steps() {
    check_steps(&fixture("relu_minibatch"));
}

#[test]
fn sigmoid_small_one_and_five_steps() {
    check_steps(&fixture("sigmoid_small"));
}

#[test]
fn linear_small_one_and_five_steps() {
    check_steps(&fixture("linear_small"));
}

#[test]
fn two_hundred_epoch_histories_and_forecasts_match_fit() {
    for name in FIXTURES {
        check_history(&fixture(name));
    }
}

#[test]
fn lstm_and_gru_one_and_five_steps() {
    for name in CELL_FIXTURES {
        check_steps(&fixture(name));
    }
}

#[test]
fn lstm_and_gru_two_hundred_epoch_histories_and_forecasts_match_fit() {
    for name in CELL_FIXTURES {
        check_history(&fixture(name));
    }
}

#[test]
fn stacks_bidirectional_and_tables_one_and_five_steps() {
    for name in STACK_FIXTURES {
        check_steps(&fixture(name));
    }
}

#[test]
fn stacks_bidirectional_and_tables_two_hundred_epoch_histories_and_forecasts_match_fit() {
    for name in STACK_FIXTURES {
        check_history(&fixture(name));
    }
}
