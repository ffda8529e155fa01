//! The Dense head on the last hidden state: `out = h_T·dense_kernel + dense_bias`.

pub struct DenseWeights<'a> {
    pub kernel: &'a [f32], // (H, S)
    pub bias: &'a [f32],   // (S)
}

pub struct DenseGrads<'a> {
    pub d_kernel: &'a mut [f32], // (H, S)
    pub d_bias: &'a mut [f32],   // (S)
}

/// `out = h·kernel + bias`.
pub fn forward(w: &DenseWeights, h: &[f32] /* (B, H) */, out: &mut [f32] /* (B, S) */) {
    let outputs = w.bias.len();
    let units = w.kernel.len() / outputs;
    for row in out.chunks_exact_mut(outputs) {
        row.copy_from_slice(w.bias);
    }
    crate::nn::matmul::matmul_acc(h, w.kernel, out, units, outputs);
}

/// `d_kernel += hᵀ·d_out`; `d_bias += Σ_b d_out`; `d_h = d_out·kernelᵀ`.
pub fn backward(
    w: &DenseWeights,
    g: &mut DenseGrads,
    h: &[f32],       // (B, H)
    d_out: &[f32],   // (B, S)
    d_h: &mut [f32], // (B, H)
) {
    let outputs = w.bias.len();
    let units = w.kernel.len() / outputs;
    crate::nn::matmul::matmul_tn_acc(h, d_out, g.d_kernel, units, outputs);
    for row in d_out.chunks_exact(outputs) {
        g.d_bias.iter_mut().zip(row).for_each(|(d, &v)| *d += v);
    }
    // S is small (≤ 100): a dot product per unit is cheaper than transposing the kernel.
    for (d_h_row, d_out_row) in d_h.chunks_exact_mut(units).zip(d_out.chunks_exact(outputs)) {
        for (d, k_row) in d_h_row.iter_mut().zip(w.kernel.chunks_exact(outputs)) {
            *d = k_row.iter().zip(d_out_row).map(|(k, g)| k * g).sum();
        }
    }
}
