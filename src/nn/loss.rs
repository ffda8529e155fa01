//! Keras's `'mse'`: the squared error averaged over the outputs, then over the batch.

/// `L = Σ (out − y)² / (B·S)`, accumulated in f64 so long batches don't lose digits.
pub fn mse_forward(out: &[f32] /* (B, S) */, y: &[f32] /* (B, S) */) -> f32 {
    let sum: f64 = out
        .iter()
        .zip(y)
        .map(|(&o, &t)| {
            let e = (o - t) as f64;
            e * e
        })
        .sum();
    (sum / out.len() as f64) as f32
}

/// `d_out = 2(out − y) / (B·S)`.
pub fn mse_backward(out: &[f32], y: &[f32], d_out: &mut [f32] /* (B, S) */) {
    let scale = 2.0 / out.len() as f32;
    for ((d, &o), &t) in d_out.iter_mut().zip(out).zip(y) {
        *d = scale * (o - t);
    }
}
