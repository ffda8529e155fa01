//! The two matrix products the network needs, written so the compiler vectorizes them.
//!
//! All matrices are contiguous row-major `f32`. Four rows of the left operand share each pass over
//! a row of the right one, so large weight matrices are streamed from memory a quarter as often.

use std::ops::Range;

/// Floats per tile: 16 KB, half a core's L1 cache. An LSTM's (64, 256) recurrent kernel is 64 KB:
/// without tiles every block of four rows would stream it (or, for the gradient, the whole
/// product) from L2 again. A tile is whole rows, so it is contiguous (column tiles of a matrix
/// with power-of-two rows would fall into a few cache sets and evict each other). Each element
/// still sums over k in the same order: tiles change no bit.
const TILE: usize = 4096;

/// `c += a·b`, with a (M, K), b (K, N), c (M, N).
pub fn matmul_acc(a: &[f32], b: &[f32], c: &mut [f32], k: usize, n: usize) {
    debug_assert_eq!(b.len(), k * n);
    debug_assert_eq!(a.len() / k.max(1), c.len() / n.max(1));
    if k == 0 || n == 0 {
        return;
    }
    let rows = (TILE / n).max(1);
    for p in (0..k).step_by(rows) {
        matmul_acc_rows(a, b, c, k, n, p..(p + rows).min(k));
    }
}

/// [`matmul_acc`] over rows `ps` of b: `c += a[:, ps]·b[ps, :]`.
fn matmul_acc_rows(a: &[f32], b: &[f32], c: &mut [f32], k: usize, n: usize, ps: Range<usize>) {
    let b_rows = b[ps.start * n..ps.end * n].chunks_exact(n);
    let mut a4 = a.chunks_exact(4 * k);
    let mut c4 = c.chunks_exact_mut(4 * n);
    for (a_rows, c_rows) in (&mut a4).zip(&mut c4) {
        let (c0, rest) = c_rows.split_at_mut(n);
        let (c1, rest) = rest.split_at_mut(n);
        let (c2, c3) = rest.split_at_mut(n);
        for (p, b_row) in ps.clone().zip(b_rows.clone()) {
            let (x0, x1, x2, x3) = (
                a_rows[p],
                a_rows[k + p],
                a_rows[2 * k + p],
                a_rows[3 * k + p],
            );
            // relu leaves many exact zeros; adding 0·b changes nothing, so skip the pass.
            if x0 == 0.0 && x1 == 0.0 && x2 == 0.0 && x3 == 0.0 {
                continue;
            }
            axpy4(
                [x0, x1, x2, x3],
                b_row,
                [&mut *c0, &mut *c1, &mut *c2, &mut *c3],
            );
        }
    }
    for (a_row, c_row) in a4
        .remainder()
        .chunks_exact(k)
        .zip(c4.into_remainder().chunks_exact_mut(n))
    {
        for (p, b_row) in ps.clone().zip(b_rows.clone()) {
            let x = a_row[p];
            if x != 0.0 {
                axpy(x, b_row, c_row);
            }
        }
    }
}

/// `c += aᵀ·b`, with a (K, M), b (K, N), c (M, N): the weight-gradient product, summed over rows k.
pub fn matmul_tn_acc(a: &[f32], b: &[f32], c: &mut [f32], m: usize, n: usize) {
    if m == 0 || n == 0 {
        return;
    }
    debug_assert_eq!(a.len() / m, b.len() / n);
    let rows = (TILE / n).max(1);
    for (tile, c_rows) in c.chunks_mut(rows * n).enumerate() {
        matmul_tn_acc_rows(a, b, c_rows, m, n, tile * rows);
    }
}

/// [`matmul_tn_acc`] for the rows of c from `first` on that `c_rows` holds.
fn matmul_tn_acc_rows(a: &[f32], b: &[f32], c_rows: &mut [f32], m: usize, n: usize, first: usize) {
    let mut a4 = a.chunks_exact(4 * m);
    let mut b4 = b.chunks_exact(4 * n);
    for (a_rows, b_rows) in (&mut a4).zip(&mut b4) {
        let (b0, rest) = b_rows.split_at(n);
        let (b1, rest) = rest.split_at(n);
        let (b2, b3) = rest.split_at(n);
        for (i, c_row) in (first..).zip(c_rows.chunks_exact_mut(n)) {
            let (x0, x1, x2, x3) = (
                a_rows[i],
                a_rows[m + i],
                a_rows[2 * m + i],
                a_rows[3 * m + i],
            );
            if x0 == 0.0 && x1 == 0.0 && x2 == 0.0 && x3 == 0.0 {
                continue;
            }
            dot4_acc([x0, x1, x2, x3], [b0, b1, b2, b3], c_row);
        }
    }
    for (a_row, b_row) in a4
        .remainder()
        .chunks_exact(m)
        .zip(b4.remainder().chunks_exact(n))
    {
        for (&x, c_row) in a_row[first..].iter().zip(c_rows.chunks_exact_mut(n)) {
            if x != 0.0 {
                axpy(x, b_row, c_row);
            }
        }
    }
}

/// `y += a·x`.
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    #[cfg(target_arch = "wasm32")]
    crate::nn::simd::axpy(a, x, y);
    #[cfg(not(target_arch = "wasm32"))]
    axpy_scalar(a, x, y);
}

fn axpy4(x: [f32; 4], b: &[f32], c: [&mut [f32]; 4]) {
    #[cfg(target_arch = "wasm32")]
    crate::nn::simd::axpy4(x, b, c);
    #[cfg(not(target_arch = "wasm32"))]
    axpy4_scalar(x, b, c);
}

fn dot4_acc(x: [f32; 4], b: [&[f32]; 4], c: &mut [f32]) {
    #[cfg(target_arch = "wasm32")]
    crate::nn::simd::dot4_acc(x, b, c);
    #[cfg(not(target_arch = "wasm32"))]
    dot4_acc_scalar(x, b, c);
}

// The scalar kernels: what runs natively (where the compiler vectorizes them for the host),
// and the reference the wasm SIMD kernels are tested against.

pub fn axpy_scalar(a: f32, x: &[f32], y: &mut [f32]) {
    y.iter_mut().zip(x).for_each(|(y, &x)| *y += a * x);
}

pub fn axpy4_scalar(x: [f32; 4], b: &[f32], c: [&mut [f32]; 4]) {
    let n = b.len();
    let [c0, c1, c2, c3] = c;
    let (c0, c1, c2, c3) = (&mut c0[..n], &mut c1[..n], &mut c2[..n], &mut c3[..n]);
    for j in 0..n {
        let bj = b[j];
        c0[j] += x[0] * bj;
        c1[j] += x[1] * bj;
        c2[j] += x[2] * bj;
        c3[j] += x[3] * bj;
    }
}

pub fn dot4_acc_scalar(x: [f32; 4], b: [&[f32]; 4], c: &mut [f32]) {
    let n = c.len();
    let [b0, b1, b2, b3] = b.map(|r| &r[..n]);
    for j in 0..n {
        c[j] += x[0] * b0[j] + x[1] * b1[j] + x[2] * b2[j] + x[3] * b3[j];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
            }
        }
        c
    }

    fn filled(len: usize, salt: usize) -> Vec<f32> {
        (0..len)
            .map(|i| match (i * 7 + salt) % 5 {
                0 => 0.0,
                r => r as f32 * 0.37 - 0.8,
            })
            .collect()
    }

    #[test]
    fn products_match_the_definition_at_odd_sizes() {
        for (m, k, n) in [
            (1, 1, 1),
            (3, 5, 2),
            (4, 4, 4),
            (9, 7, 13),
            (6, 50, 3),
            (7, 130, 200),
            (5, 30, 2000),
        ] {
            let a = filled(m * k, 1);
            let b = filled(k * n, 2);
            let mut c = filled(m * n, 3);
            let mut want = naive(&a, &b, m, k, n);
            want.iter_mut().zip(&c).for_each(|(w, c)| *w += c);
            matmul_acc(&a, &b, &mut c, k, n);
            for (g, w) in c.iter().zip(&want) {
                assert!((g - w).abs() < 1e-5, "{m}x{k}x{n}: {g} vs {w}");
            }
            // aᵀ·b with a stored (K, M): transpose a into (K, M) first.
            let mut at = vec![0.0; k * m];
            for i in 0..m {
                for p in 0..k {
                    at[p * m + i] = a[i * k + p];
                }
            }
            let mut c2 = vec![0.0; m * n];
            matmul_tn_acc(&at, &b, &mut c2, m, n);
            let want2 = naive(&a, &b, m, k, n);
            for (g, w) in c2.iter().zip(&want2) {
                assert!((g - w).abs() < 1e-5, "tn {m}x{k}x{n}: {g} vs {w}");
            }
        }
    }

    /// Tiles change no bit: against the products summed in the untiled order, at sizes that cut
    /// tiles in both directions (no zeros in a, so no pass is skipped).
    #[test]
    fn tiles_sum_in_the_untiled_order() {
        let (m, k, n) = (30, 130, 300);
        let a: Vec<f32> = filled(m * k, 1).iter().map(|v| v + 0.01).collect();
        let b = filled(k * n, 2);
        let c0 = filled(m * n, 3);
        let mut want = c0.clone();
        for i in 0..m {
            for p in 0..k {
                for j in 0..n {
                    want[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        let mut got = c0.clone();
        matmul_acc(&a, &b, &mut got, k, n);
        assert_eq!(got, want);
        // aᵀ·b with a (K, M) = (130, 9): blocks of four rows of a, then the rest one by one.
        let (at, bt) = (&a[..k * m], &b[..k * n]);
        let mut want = c0.clone();
        for g in 0..k / 4 {
            for i in 0..m {
                for j in 0..n {
                    let x = |r: usize| at[(4 * g + r) * m + i] * bt[(4 * g + r) * n + j];
                    want[i * n + j] += x(0) + x(1) + x(2) + x(3);
                }
            }
        }
        for r in k / 4 * 4..k {
            for i in 0..m {
                for j in 0..n {
                    want[i * n + j] += at[r * m + i] * bt[r * n + j];
                }
            }
        }
        let mut got = c0.clone();
        matmul_tn_acc(at, bt, &mut got, m, n);
        assert_eq!(got, want);
    }
}
