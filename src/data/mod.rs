//! The data a model learns from: text read as numbers, the sliding windows over it, scaling, the
//! rules that need no training, and the ready-made lessons.

pub mod baseline;
pub mod parse;
pub mod presets;
pub mod scale;
pub mod series;
pub mod windows;

pub use parse::{comma_readings, parse_sequence, parse_value, ParseError, Reading, MAX_VALUES};
pub use series::{parse_series, DataError, Series, TableError, MAX_COLUMNS};
pub use windows::{
    check_windows, holdout_split, split_sequence, split_series, window_count, WindowError, Windows,
    MAX_N_STEPS, MAX_SEQ_LEN,
};
