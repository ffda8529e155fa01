//! WebAssembly SIMD (f32x4) versions of the hot loops. `matmul.rs` and `adam.rs` keep the scalar
//! code, which is what runs natively and what these are tested against (tests/web.rs).
//!
//! Each lane does the same operations in the same order as the scalar code (a multiply, then an
//! add: no fused multiply-add), so the results are identical to the bit, not merely close.

use core::arch::wasm32::*;

/// `c_i += x_i·b` for four rows at once.
#[target_feature(enable = "simd128")]
pub fn axpy4(x: [f32; 4], b: &[f32], c: [&mut [f32]; 4]) {
    let n = b.len();
    let [c0, c1, c2, c3] = c;
    assert!(c0.len() >= n && c1.len() >= n && c2.len() >= n && c3.len() >= n);
    let v = [
        f32x4_splat(x[0]),
        f32x4_splat(x[1]),
        f32x4_splat(x[2]),
        f32x4_splat(x[3]),
    ];
    let body = n - n % 4;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n and every slice holds at least n floats (asserted above);
        // v128_load/store allow unaligned addresses.
        unsafe {
            let bj = v128_load(b.as_ptr().add(j) as *const v128);
            let p0 = c0.as_mut_ptr().add(j) as *mut v128;
            let p1 = c1.as_mut_ptr().add(j) as *mut v128;
            let p2 = c2.as_mut_ptr().add(j) as *mut v128;
            let p3 = c3.as_mut_ptr().add(j) as *mut v128;
            v128_store(p0, f32x4_add(v128_load(p0), f32x4_mul(v[0], bj)));
            v128_store(p1, f32x4_add(v128_load(p1), f32x4_mul(v[1], bj)));
            v128_store(p2, f32x4_add(v128_load(p2), f32x4_mul(v[2], bj)));
            v128_store(p3, f32x4_add(v128_load(p3), f32x4_mul(v[3], bj)));
        }
        j += 4;
    }
    for j in body..n {
        c0[j] += x[0] * b[j];
        c1[j] += x[1] * b[j];
        c2[j] += x[2] * b[j];
        c3[j] += x[3] * b[j];
    }
}

/// `c += x0·b0 + x1·b1 + x2·b2 + x3·b3`, summed left to right as the scalar code does.
#[target_feature(enable = "simd128")]
pub fn dot4_acc(x: [f32; 4], b: [&[f32]; 4], c: &mut [f32]) {
    let n = c.len();
    assert!(b.iter().all(|r| r.len() >= n));
    let v = [
        f32x4_splat(x[0]),
        f32x4_splat(x[1]),
        f32x4_splat(x[2]),
        f32x4_splat(x[3]),
    ];
    let body = n - n % 4;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n, and c and every b row hold at least n floats.
        unsafe {
            let b0 = v128_load(b[0].as_ptr().add(j) as *const v128);
            let b1 = v128_load(b[1].as_ptr().add(j) as *const v128);
            let b2 = v128_load(b[2].as_ptr().add(j) as *const v128);
            let b3 = v128_load(b[3].as_ptr().add(j) as *const v128);
            let mut s = f32x4_mul(v[0], b0);
            s = f32x4_add(s, f32x4_mul(v[1], b1));
            s = f32x4_add(s, f32x4_mul(v[2], b2));
            s = f32x4_add(s, f32x4_mul(v[3], b3));
            let p = c.as_mut_ptr().add(j) as *mut v128;
            v128_store(p, f32x4_add(v128_load(p), s));
        }
        j += 4;
    }
    for j in body..n {
        c[j] += x[0] * b[0][j] + x[1] * b[1][j] + x[2] * b[2][j] + x[3] * b[3][j];
    }
}

/// `y += a·x`.
#[target_feature(enable = "simd128")]
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let va = f32x4_splat(a);
    let body = n - n % 4;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n <= both lengths.
        unsafe {
            let p = y.as_mut_ptr().add(j) as *mut v128;
            let xj = v128_load(x.as_ptr().add(j) as *const v128);
            v128_store(p, f32x4_add(v128_load(p), f32x4_mul(va, xj)));
        }
        j += 4;
    }
    for j in body..n {
        y[j] += a * x[j];
    }
}

/// Keras's Adam step on four parameters at a time; see `adam::update` for the equations.
#[target_feature(enable = "simd128")]
#[allow(clippy::too_many_arguments)]
pub fn adam(
    alpha: f32,
    one_m_b1: f32,
    one_m_b2: f32,
    eps: f32,
    w: &mut [f32],
    g: &[f32],
    m: &mut [f32],
    v: &mut [f32],
) {
    let n = w.len();
    assert!(g.len() >= n && m.len() >= n && v.len() >= n);
    let (va, vb1, vb2, ve) = (
        f32x4_splat(alpha),
        f32x4_splat(one_m_b1),
        f32x4_splat(one_m_b2),
        f32x4_splat(eps),
    );
    let body = n - n % 4;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n, and all four slices hold at least n floats.
        unsafe {
            let gj = v128_load(g.as_ptr().add(j) as *const v128);
            let pm = m.as_mut_ptr().add(j) as *mut v128;
            let pv = v.as_mut_ptr().add(j) as *mut v128;
            let pw = w.as_mut_ptr().add(j) as *mut v128;
            let mj = v128_load(pm);
            let mj = f32x4_add(mj, f32x4_mul(f32x4_sub(gj, mj), vb1));
            let vj = v128_load(pv);
            let vj = f32x4_add(vj, f32x4_mul(f32x4_sub(f32x4_mul(gj, gj), vj), vb2));
            let step = f32x4_div(f32x4_mul(va, mj), f32x4_add(f32x4_sqrt(vj), ve));
            v128_store(pm, mj);
            v128_store(pv, vj);
            v128_store(pw, f32x4_sub(v128_load(pw), step));
        }
        j += 4;
    }
    for j in body..n {
        m[j] += (g[j] - m[j]) * one_m_b1;
        v[j] += (g[j] * g[j] - v[j]) * one_m_b2;
        w[j] -= alpha * m[j] / (v[j].sqrt() + eps);
    }
}

/// The four-lane dot product of `init::dot_scalar`, as two f64x2 vectors: lanes (0, 1) and (2, 3).
#[target_feature(enable = "simd128")]
pub fn dot_f64(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let body = n - n % 4;
    let (mut lo, mut hi) = (f64x2_splat(0.0), f64x2_splat(0.0));
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n <= both lengths.
        unsafe {
            let pa = a.as_ptr().add(j);
            let pb = b.as_ptr().add(j);
            let x01 = v128_load(pa as *const v128);
            let y01 = v128_load(pb as *const v128);
            let x23 = v128_load(pa.add(2) as *const v128);
            let y23 = v128_load(pb.add(2) as *const v128);
            lo = f64x2_add(lo, f64x2_mul(x01, y01));
            hi = f64x2_add(hi, f64x2_mul(x23, y23));
        }
        j += 4;
    }
    let tail: f64 = a[body..n].iter().zip(&b[body..n]).map(|(x, y)| x * y).sum();
    (f64x2_extract_lane::<0>(lo) + f64x2_extract_lane::<1>(lo))
        + (f64x2_extract_lane::<0>(hi) + f64x2_extract_lane::<1>(hi))
        + tail
}

/// `c −= r·q`, two lanes at a time.
#[target_feature(enable = "simd128")]
pub fn sub_scaled_f64(c: &mut [f64], r: f64, q: &[f64]) {
    let n = c.len().min(q.len());
    let vr = f64x2_splat(r);
    let body = n - n % 2;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 2 <= n <= both lengths.
        unsafe {
            let p = c.as_mut_ptr().add(j) as *mut v128;
            let qj = v128_load(q.as_ptr().add(j) as *const v128);
            v128_store(p, f64x2_sub(v128_load(p), f64x2_mul(vr, qj)));
        }
        j += 2;
    }
    for j in body..n {
        c[j] -= r * q[j];
    }
}

/// `activation::sigmoid` on four values at a time, every step of its libm-exact `exp` kept (same
/// operations in the same order: the same bits), its selects as bit selects.
#[target_feature(enable = "simd128")]
pub fn sigmoid(z: &mut [f32]) {
    let n = z.len();
    let body = n - n % 4;
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n = z.len().
        unsafe {
            let p = z.as_mut_ptr().add(j) as *mut v128;
            v128_store(p, sigmoid4(v128_load(p)));
        }
        j += 4;
    }
    for v in &mut z[body..] {
        *v = crate::nn::activation::sigmoid(*v);
    }
}

#[target_feature(enable = "simd128")]
fn sigmoid4(z: v128) -> v128 {
    let f = f32x4_splat;
    let bits = |b: u32| u32x4_splat(b);
    let x = f32x4_neg(f32x4_abs(z)); // −|z|
    let hx = v128_and(x, bits(0x7fff_ffff)); // |x|, as non-negative i32 lanes
    const ROUND: f32 = 12_582_912.0;
    let round = f(ROUND);
    let t = f32x4_sub(f32x4_mul(f(f32::from_bits(0x3fb8_aa3b)), x), f(0.5));
    let nearest = f32x4_sub(f32x4_add(t, round), round);
    let ceil = v128_bitselect(f32x4_add(nearest, f(1.0)), nearest, f32x4_lt(nearest, t));
    let mid = v128_bitselect(f(-1.0), f(0.0), i32x4_gt(hx, bits(0x3eb1_7218)));
    let kf = v128_bitselect(ceil, mid, i32x4_gt(hx, bits(0x3f85_1592)));
    let hi = f32x4_sub(x, f32x4_mul(kf, f(f32::from_bits(0x3f31_7200))));
    let lo = f32x4_mul(kf, f(f32::from_bits(0x35bf_be8e)));
    let r = f32x4_sub(hi, lo);
    let rr = f32x4_mul(r, r);
    let p1 = f(f32::from_bits(0x3e2a_aa8f));
    let p2 = f(f32::from_bits(0xbb35_5215));
    let c = f32x4_sub(r, f32x4_mul(rr, f32x4_add(p1, f32x4_mul(rr, p2))));
    let q = f32x4_div(f32x4_mul(r, c), f32x4_sub(f(2.0), c));
    let y = f32x4_add(f(1.0), f32x4_add(f32x4_sub(q, lo), hi));
    let k = i32x4_sub(f32x4_add(kf, round), bits(ROUND.to_bits()));
    let tiny = i32x4_lt(k, i32x4_splat(-126));
    let y = v128_bitselect(f32x4_mul(y, bits(0x0c80_0000)), y, tiny);
    let k = v128_bitselect(i32x4_add(k, i32x4_splat(102)), k, tiny);
    let scaled = f32x4_mul(y, i32x4_shl(i32x4_add(k, i32x4_splat(0x7f)), 23));
    let e = v128_bitselect(
        x,
        v128_bitselect(
            f(0.0),
            v128_bitselect(
                scaled,
                f32x4_add(f(1.0), x),
                i32x4_gt(hx, bits(0x3900_0000)),
            ),
            i32x4_ge(hx, bits(0x42cf_f1b5)),
        ),
        i32x4_gt(hx, bits(0x7f80_0000)),
    );
    let numerator = v128_bitselect(f(1.0), e, f32x4_ge(z, f(0.0)));
    f32x4_div(numerator, f32x4_add(f(1.0), e))
}

/// Σ v² in f64, the four lanes of `grad_flow::sum_squares_scalar` as two f64x2 vectors: lanes
/// (0, 1) and (2, 3). Promoting f32 to f64 is exact and each lane multiplies and adds as the
/// scalar code does, so the bits are the same; the scalar form cost a tenth of an epoch in wasm.
#[target_feature(enable = "simd128")]
pub fn sum_squares(v: &[f32]) -> f64 {
    let n = v.len();
    let body = n - n % 4;
    let (mut lo, mut hi) = (f64x2_splat(0.0), f64x2_splat(0.0));
    let mut j = 0;
    while j < body {
        // SAFETY: j + 4 <= n; v128_load allows unaligned addresses.
        unsafe {
            let x = v128_load(v.as_ptr().add(j) as *const v128);
            let x01 = f64x2_promote_low_f32x4(x);
            let x23 = f64x2_promote_low_f32x4(i32x4_shuffle::<2, 3, 0, 1>(x, x));
            lo = f64x2_add(lo, f64x2_mul(x01, x01));
            hi = f64x2_add(hi, f64x2_mul(x23, x23));
        }
        j += 4;
    }
    let mut acc = [
        f64x2_extract_lane::<0>(lo),
        f64x2_extract_lane::<1>(lo),
        f64x2_extract_lane::<0>(hi),
        f64x2_extract_lane::<1>(hi),
    ];
    for (a, &x) in acc.iter_mut().zip(&v[body..]) {
        *a += x as f64 * x as f64;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// The 4 × 4 blocks of `cell::transpose`: `out[j·rows + i] = m[i·cols + j]` for i < rows4,
/// j < cols4 (both multiples of 4), four loads, eight shuffles and four stores a block. A copy:
/// the same bits as the scalar loop.
#[target_feature(enable = "simd128")]
pub fn transpose_blocks(m: &[f32], rows: usize, cols: usize, out: &mut [f32]) {
    let (rows4, cols4) = (rows / 4 * 4, cols / 4 * 4);
    assert!(m.len() >= rows * cols && out.len() >= rows * cols);
    for i in (0..rows4).step_by(4) {
        for j in (0..cols4).step_by(4) {
            // SAFETY: rows i..i + 4 < rows and columns j..j + 4 < cols, so every load reads 4
            // floats inside m and every store writes 4 inside out (lengths asserted above);
            // v128_load/store allow unaligned addresses.
            unsafe {
                let p = m.as_ptr().add(i * cols + j);
                let r0 = v128_load(p as *const v128);
                let r1 = v128_load(p.add(cols) as *const v128);
                let r2 = v128_load(p.add(2 * cols) as *const v128);
                let r3 = v128_load(p.add(3 * cols) as *const v128);
                let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
                let t1 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
                let t2 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
                let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
                let q = out.as_mut_ptr().add(j * rows + i);
                v128_store(q as *mut v128, i32x4_shuffle::<0, 1, 4, 5>(t0, t2));
                v128_store(
                    q.add(rows) as *mut v128,
                    i32x4_shuffle::<2, 3, 6, 7>(t0, t2),
                );
                v128_store(
                    q.add(2 * rows) as *mut v128,
                    i32x4_shuffle::<0, 1, 4, 5>(t1, t3),
                );
                v128_store(
                    q.add(3 * rows) as *mut v128,
                    i32x4_shuffle::<2, 3, 6, 7>(t1, t3),
                );
            }
        }
    }
}
