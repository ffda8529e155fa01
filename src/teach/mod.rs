//! What the page explains about a run: what went wrong and what to try, the equations with real
//! numbers, the cell's inside (step terms, dead units), and the same model as a Keras program.

pub mod diagnosis;
pub mod equations;
pub mod inside;
pub mod keras_code;
pub mod memory;

/// The windows table's note on the held-out windows: the last `held` windows are tested, and the
/// `gap` before them (n_steps − 1, whose targets reach into the tested stretch) are left out.
pub fn held_out_note(held: usize, gap: usize) -> String {
    let left_out = match gap {
        0 => String::new(),
        1 => ", and the 1 just before them is left out so that no tested value was ever a \
              training target"
            .into(),
        _ => format!(
            ", and the {gap} just before them are left out so that no tested value was ever a \
             training target"
        ),
    };
    format!("; the last {held} are held out for testing (marked){left_out}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_held_out_note_counts_in_words_that_fit() {
        assert_eq!(
            held_out_note(7, 0),
            "; the last 7 are held out for testing (marked)."
        );
        assert!(held_out_note(7, 1).contains("the 1 just before them is left out"));
        assert!(held_out_note(7, 4).contains("the 4 just before them are left out"));
    }

    #[test]
    fn the_summary_says_what_num_features_is_for_this_data() {
        use crate::nn::{cell::Cell, model::Dims, model::Layers};
        let mut dims = Dims::single(Cell::Lstm, 6, 8, 1);
        assert!(equations::param_note(&dims).contains("num_features is 1: one value per time step"));
        dims.features = 2;
        dims.layers = Layers::new(&[8, 8]).unwrap();
        let note = equations::param_note(&dims);
        assert!(
            note.contains("num_features is 2: one value of each of the 2 series"),
            "{note}"
        );
        assert!(
            note.contains("a layer above the first reads the layer below"),
            "{note}"
        );
    }
}
