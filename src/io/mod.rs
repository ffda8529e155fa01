//! Files in and out: weights in Keras's `get_weights()` layout, the loss history and the
//! predictions as CSV.

pub mod export;
pub mod weights;
