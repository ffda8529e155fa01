//! The recurrent layers stacked, as Keras stacks them: each layer below the top returns its whole
//! sequence (`return_sequences=True`) to the next; a bidirectional layer
//! (`Bidirectional(merge_mode="concat")`) runs a second copy of itself over the window backwards,
//! and joins the two outputs step by step, the backward one turned round in time. The top layer
//! hands its last state (both directions', joined) to the Dense head.
//!
//! A *slot* is one direction of one layer: slot `l·D + d` (D = 1, or 2 when bidirectional; d = 0
//! forward, 1 backward). Each slot has its own tape, in its own time: a backward slot's step τ
//! reads the window's step T−1−τ. These functions move values between the slots' tapes.

use crate::nn::cell::{Blocks, Tape};
use std::ops::Range;

/// Fills step `tau` of an upper slot's input x (rows `rows`) from the layer below: at the
/// window's step t (τ itself for a forward slot, T−1−τ for a backward one), the joined outputs
/// of the layer below, [h_fwd at t, h_bwd at t], the backward one from its own step T−1−t.
pub fn link(below: &[&Tape], above: &mut Tape, backward: bool, tau: usize, rows: Range<usize>) {
    let t_len = above.x.steps();
    let t = if backward { t_len - 1 - tau } else { tau };
    let f = above.features;
    let x = above.x.at_mut(tau);
    for (d, lower) in below.iter().enumerate() {
        let h = lower.units;
        // The lower slot's own step for the window's step t, and its output h after it.
        let own = if d == 0 { t } else { t_len - 1 - t };
        let hs = lower.hs.at(own + 1);
        for b in rows.clone() {
            x[b * f + d * h..b * f + (d + 1) * h].copy_from_slice(&hs[b * h..(b + 1) * h]);
        }
    }
}

/// The Dense head's input for rows `rows`: the top layer's last states, [h_fwd, h_bwd], each
/// after its own last step. (B, D·H).
pub fn head_input(top: &[&Tape], out: &mut [f32], rows: Range<usize>) {
    let width: usize = top.iter().map(|t| t.units).sum();
    let mut at = 0;
    for tape in top {
        let (h, steps) = (tape.units, tape.x.steps());
        let last = tape.hs.at(steps);
        for b in rows.clone() {
            out[b * width + at..b * width + at + h].copy_from_slice(&last[b * h..(b + 1) * h]);
        }
        at += h;
    }
}

/// Adds an upper slot's gradient with respect to its input at its step τ (`d_x`, rows `rows`,
/// (B, D·H)) to the layer below's gradients from above (`d_above`, one per lower slot, each in
/// that slot's own time).
pub fn scatter(
    d_x: &[f32],
    d_above: &mut [&mut Blocks],
    backward: bool,
    tau: usize,
    rows: Range<usize>,
) {
    let t_len = d_above.first().map_or(0, |b| b.steps());
    let t = if backward { t_len - 1 - tau } else { tau };
    let f: usize = d_above.iter().map(|b| b.width()).sum();
    let mut at = 0;
    for (d, lower) in d_above.iter_mut().enumerate() {
        let h = lower.width();
        let own = if d == 0 { t } else { t_len - 1 - t };
        let block = lower.at_mut(own);
        for b in rows.clone() {
            let from = &d_x[b * f + at..b * f + at + h];
            for (o, &g) in block[b * h..(b + 1) * h].iter_mut().zip(from) {
                *o += g;
            }
        }
        at += h;
    }
}
