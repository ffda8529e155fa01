//! What the page explains about a run: what went wrong and what to try, the equations with real
//! numbers, the cell's inside (step terms, dead units), and the same model as a Keras program.

pub mod diagnosis;
pub mod equations;
pub mod inside;
pub mod keras_code;
pub mod memory;
