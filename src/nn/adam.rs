//! Adam, in the form Keras implements it (ε is the paper's "epsilon hat", outside the bias correction).

/// Adam's settings. Defaults are Keras's: lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamConfig {
    pub learning_rate: f32,
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
        }
    }
}

/// First and second moments, one per parameter, and the step count t (the next step is t + 1).
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub momentums: Vec<f32>,
    pub velocities: Vec<f32>,
    pub iterations: u64,
}

impl AdamState {
    pub fn new(n_params: usize) -> AdamState {
        AdamState {
            momentums: vec![0.0; n_params],
            velocities: vec![0.0; n_params],
            iterations: 0,
        }
    }
}

/// One Adam step over the flat parameter buffer, exactly as `keras.optimizers.Adam.update_step`:
/// `t += 1`; `α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`; `m += (g − m)(1 − β₁)`; `v += (g² − v)(1 − β₂)`;
/// `w −= α·m/(√v + ε)`.
pub fn update(cfg: &AdamConfig, state: &mut AdamState, params: &mut [f32], grads: &[f32]) {
    state.iterations += 1;
    let t = state.iterations as f64;
    // libm's pow, not the platform's: the same bits natively and in the browser.
    let alpha = (cfg.learning_rate as f64 * (1.0 - libm::pow(cfg.beta_2 as f64, t)).sqrt()
        / (1.0 - libm::pow(cfg.beta_1 as f64, t))) as f32;
    let (one_m_b1, one_m_b2) = (1.0 - cfg.beta_1, 1.0 - cfg.beta_2);
    #[cfg(target_arch = "wasm32")]
    {
        let (m, v) = (&mut state.momentums, &mut state.velocities);
        crate::nn::simd::adam(alpha, one_m_b1, one_m_b2, cfg.epsilon, params, grads, m, v);
    }
    #[cfg(not(target_arch = "wasm32"))]
    update_scalar(alpha, one_m_b1, one_m_b2, cfg.epsilon, state, params, grads);
}

/// The scalar form of the update: what runs natively, and the reference for `simd::adam`.
pub fn update_scalar(
    alpha: f32,
    one_m_b1: f32,
    one_m_b2: f32,
    epsilon: f32,
    state: &mut AdamState,
    params: &mut [f32],
    grads: &[f32],
) {
    let moments = state.momentums.iter_mut().zip(state.velocities.iter_mut());
    for ((w, &g), (m, v)) in params.iter_mut().zip(grads).zip(moments) {
        *m += (g - *m) * one_m_b1;
        *v += (g * g - *v) * one_m_b2;
        *w -= alpha * *m / (v.sqrt() + epsilon);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference, from the equations in f64 (the same as Keras's `Adam.update_step`):
    /// ```python
    /// w, m, v = 1.0, 0.0, 0.0
    /// for t, g in enumerate([0.5, -0.25, 1e-6], start=1):
    ///     m += (g - m) * 0.1; v += (g*g - v) * 0.001
    ///     w -= 0.001 * sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (sqrt(v) + 1e-7)
    /// ```
    #[test]
    fn three_steps_match_the_keras_equations() {
        let cfg = AdamConfig::default();
        let mut st = AdamState::new(1);
        let mut w = [1.0f32];
        let (mut rw, mut rm, mut rv) = (1.0f64, 0.0f64, 0.0f64);
        for (t, g) in [0.5f64, -0.25, 1e-6].into_iter().enumerate() {
            let t = (t + 1) as f64;
            rm += (g - rm) * 0.1;
            rv += (g * g - rv) * 0.001;
            rw -= 0.001 * (1.0 - 0.999f64.powf(t)).sqrt() / (1.0 - 0.9f64.powf(t)) * rm
                / (rv.sqrt() + 1e-7);
            update(&cfg, &mut st, &mut w, &[g as f32]);
            assert!(
                (w[0] as f64 - rw).abs() < 1e-6,
                "step {t}: {} vs {rw}",
                w[0]
            );
        }
        assert_eq!(st.iterations, 3);
        // The first step moves every weight by almost exactly lr, whatever the gradient's size.
        let mut w = [0.0f32, 0.0];
        update(&cfg, &mut AdamState::new(2), &mut w, &[1e3, 1e-2]);
        assert!(
            (w[0] + 0.001).abs() < 1e-6 && (w[1] + 0.001).abs() < 1e-6,
            "{w:?}"
        );
    }

    #[test]
    fn epsilon_is_outside_the_bias_correction() {
        // With a tiny gradient the textbook m̂/(√v̂ + ε) and Keras's α·m/(√v + ε) differ visibly.
        let cfg = AdamConfig::default();
        let g = 1e-8f64;
        let mut w = [0.0f32];
        update(&cfg, &mut AdamState::new(1), &mut w, &[g as f32]);
        let keras = 0.001 * (0.001f64).sqrt() / 0.1 * (0.1 * g) / ((0.001 * g * g).sqrt() + 1e-7);
        let textbook = 0.001 * g / (g + 1e-7);
        // f32's 0.999 is not exactly 0.999 (Keras has the same rounding), hence 1e-3 relative.
        assert!(
            (w[0] as f64 + keras).abs() < 1e-3 * keras,
            "{} vs {keras}",
            w[0]
        );
        assert!((keras - textbook).abs() > 0.5 * textbook);
    }
}
