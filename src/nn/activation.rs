//! The activation functions and their derivatives, as TensorFlow defines them: the cells' `act`,
//! and σ (`Sigmoid`) for the LSTM's and GRU's gates.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activation {
    #[default]
    Relu,
    Tanh,
    Sigmoid,
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    /// Keras's name for it (`activation='relu'`).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    pub fn parse(s: &str) -> Option<Activation> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(s.trim()))
    }

    /// `h = act(z)`, in place over a row. The match sits outside the loop so relu and linear vectorize.
    pub fn forward(self, z: &mut [f32]) {
        match self {
            Activation::Relu => z.iter_mut().for_each(|v| *v = v.max(0.0)),
            // libm rather than std: the same bits natively and in wasm32.
            Activation::Tanh => z.iter_mut().for_each(|v| *v = libm::tanhf(*v)),
            Activation::Sigmoid => sigmoid_slice(z),
            Activation::Linear => {}
        }
    }

    /// `d_z = d_h ⊙ act'(z)`, written from the output `h` (each derivative is a function of it).
    /// relu′(0) = 0, as in TensorFlow.
    pub fn backward(self, h: &[f32], d_h: &[f32], d_z: &mut [f32]) {
        let rows = d_z.iter_mut().zip(h.iter().zip(d_h));
        match self {
            Activation::Relu => rows.for_each(|(dz, (&h, &dh))| {
                *dz = if h > 0.0 { dh } else { 0.0 };
            }),
            Activation::Tanh => rows.for_each(|(dz, (&h, &dh))| *dz = dh * (1.0 - h * h)),
            Activation::Sigmoid => rows.for_each(|(dz, (&h, &dh))| *dz = dh * h * (1.0 - h)),
            Activation::Linear => d_z.copy_from_slice(d_h),
        }
    }

    /// [`Activation::backward`] in place: `d ⊙= act′`, written from the output `h`, with the same
    /// arithmetic (so the same bits).
    pub fn backward_in_place(self, h: &[f32], d: &mut [f32]) {
        let rows = d.iter_mut().zip(h);
        match self {
            Activation::Relu => rows.for_each(|(d, &h)| *d = if h > 0.0 { *d } else { 0.0 }),
            Activation::Tanh => rows.for_each(|(d, &h)| *d *= 1.0 - h * h),
            Activation::Sigmoid => rows.for_each(|(d, &h)| *d = *d * h * (1.0 - h)),
            Activation::Linear => {}
        }
    }
}

/// σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|: with e = e^(−|z|),
/// 1 / (1 + e) for z ≥ 0 and e / (1 + e) below. Branch-free, so a loop of it vectorizes (the
/// LSTM and GRU take three or two per unit and step); the same bits as with libm's `expf`.
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    let e = exp_non_positive(-z.abs());
    let numerator = if z >= 0.0 { 1.0 } else { e };
    numerator / (1.0 + e)
}

/// [`sigmoid`] over a slice. The LSTM's and GRU's gates spend most of their own time here: with
/// AVX2 (checked once, at run time) eight lanes at a time instead of SSE2's four; in wasm, four
/// with `simd::sigmoid`. The same operations on every lane, so the same bits.
fn sigmoid_slice(z: &mut [f32]) {
    #[cfg(target_arch = "wasm32")]
    crate::nn::simd::sigmoid(z);
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: this CPU has AVX2, checked just above.
            return unsafe { sigmoid_slice_avx2(z) };
        }
        z.iter_mut().for_each(|v| *v = sigmoid(*v));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sigmoid_slice_avx2(z: &mut [f32]) {
    z.iter_mut().for_each(|v| *v = sigmoid(*v));
}

/// σ as first written, with libm's `expf`: the reference [`sigmoid`] is tested against.
pub fn sigmoid_libm(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::expf(-z))
    } else {
        let e = libm::expf(z);
        e / (1.0 + e)
    }
}

/// e^x for x ≤ 0 (or NaN): libm's `expf` (FreeBSD's `e_expf.c`) to the bit, with its branches
/// turned into selects. x = k·ln2 + r, |r| ≤ ½ln2; e^r from a rational approximation; times 2^k.
#[inline(always)]
fn exp_non_positive(x: f32) -> f32 {
    // libm's constants, by their bits.
    const LN2_HI: f32 = f32::from_bits(0x3f31_7200); // 6.9314575195e-01
    const LN2_LO: f32 = f32::from_bits(0x35bf_be8e); // 1.4286067653e-06
    const INV_LN2: f32 = f32::from_bits(0x3fb8_aa3b); // 1.4426950216
    const P1: f32 = f32::from_bits(0x3e2a_aa8f); // 0xaaaa8f.0p-26 = 1.6666625440e-1
    const P2: f32 = f32::from_bits(0xbb35_5215); // -0xb55215.0p-32 = -2.7667332906e-3
    const ROUND: f32 = 12_582_912.0; // 1.5·2²³: (t + ROUND) − ROUND is t rounded to an integer
    let hx = x.to_bits() & 0x7fff_ffff; // |x|
                                        // k = trunc(x/ln2 − ½) when |x| > 1.5·ln2 (x < 0, so trunc is ceil: at most −2 here);
                                        // k = −1 when ½ln2 < |x| ≤ 1.5·ln2; k = 0 below.
    let t = INV_LN2 * x - 0.5;
    let nearest = (t + ROUND) - ROUND;
    let ceil = if nearest < t { nearest + 1.0 } else { nearest };
    let kf = if hx > 0x3f85_1592 {
        ceil
    } else if hx > 0x3eb1_7218 {
        -1.0
    } else {
        0.0
    };
    let hi = x - kf * LN2_HI; // k·ln2_hi is exact
    let lo = kf * LN2_LO;
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (P1 + rr * P2);
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    // scalbnf(y, k): k ≥ −150 here; below −126 in two steps, as libm does.
    let k = ((kf + ROUND).to_bits() as i32).wrapping_sub(ROUND.to_bits() as i32);
    let tiny = k < -126;
    let y = if tiny {
        y * f32::from_bits(0x0c80_0000)
    } else {
        y
    }; // 2^−102
    let k = if tiny { k.wrapping_add(102) } else { k };
    let scaled = y * f32::from_bits((k.wrapping_add(0x7f) as u32) << 23);
    if hx > 0x7f80_0000 {
        x // NaN
    } else if hx >= 0x42cf_f1b5 {
        0.0 // x ≤ −103.972084: underflows
    } else if hx > 0x3900_0000 {
        scaled
    } else {
        1.0 + x // |x| ≤ 2^−14
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backward_in_place_gives_the_same_bits_as_backward() {
        let z: Vec<f32> = (0..41).map(|i| (i as f32 - 20.0) * 0.37).collect();
        let d_h: Vec<f32> = (0..41)
            .map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.13)
            .collect();
        for act in Activation::ALL {
            let mut h = z.clone();
            act.forward(&mut h);
            let mut want = vec![0.0; h.len()];
            act.backward(&h, &d_h, &mut want);
            let mut got = d_h.clone();
            act.backward_in_place(&h, &mut got);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{act}");
        }
    }

    /// Every 251st f32 (the exhaustive run: `cargo test --release -- --ignored sigmoid`).
    #[test]
    fn sigmoid_gives_libm_s_bits() {
        sigmoid_matches_libm(251);
    }

    #[test]
    #[ignore = "all 2³² inputs: two to four minutes in release mode"]
    fn sigmoid_gives_libm_s_bits_for_every_f32() {
        sigmoid_matches_libm(1);
    }

    fn sigmoid_matches_libm(stride: usize) {
        let mut z = vec![0.0f32; 1 << 16];
        for chunk in (0..=u32::MAX as u64).step_by(stride << 16) {
            for (i, v) in z.iter_mut().enumerate() {
                *v = f32::from_bits((chunk + (i * stride) as u64).min(u32::MAX as u64) as u32);
            }
            let mut got = z.clone();
            Activation::Sigmoid.forward(&mut got);
            for (&z, &g) in z.iter().zip(&got) {
                let want = sigmoid_libm(z);
                let same = |g: f32| g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan());
                // The slice (AVX2 where the CPU has it) and the one-at-a-time form.
                assert!(same(g), "σ({z:e}) = {g:e}, libm {want:e}");
                assert!(
                    same(sigmoid(z)),
                    "σ({z:e}) = {:e}, libm {want:e}",
                    sigmoid(z)
                );
            }
        }
    }
}
