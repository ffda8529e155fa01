//! Optional scaling of the sequence before training, undone on every prediction.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scaling {
    /// Train on the raw values, as the notebook does.
    #[default]
    None,
    /// (x − mean) / std.
    Standardize,
    /// (x − min) / (max − min), into [0, 1].
    MinMax,
}

impl Scaling {
    pub const ALL: [Scaling; 3] = [Scaling::None, Scaling::Standardize, Scaling::MinMax];

    pub fn name(self) -> &'static str {
        match self {
            Scaling::None => "none",
            Scaling::Standardize => "standardize",
            Scaling::MinMax => "minmax",
        }
    }

    pub fn parse(s: &str) -> Option<Scaling> {
        let s = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Scaling::ALL.into_iter().find(|a| a.name() == s)
    }
}

impl fmt::Display for Scaling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `scaled = (x − shift) / scale`, fitted once on the training sequence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaler {
    pub shift: f64,
    pub scale: f64,
}

impl Scaler {
    pub const IDENTITY: Scaler = Scaler {
        shift: 0.0,
        scale: 1.0,
    };

    pub fn fit(kind: Scaling, seq: &[f32]) -> Scaler {
        if seq.is_empty() {
            return Scaler::IDENTITY;
        }
        let (shift, scale) = match kind {
            Scaling::None => return Scaler::IDENTITY,
            Scaling::Standardize => {
                let n = seq.len() as f64;
                let mean = seq.iter().map(|&v| v as f64).sum::<f64>() / n;
                let var = seq.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
                (mean, var.sqrt())
            }
            Scaling::MinMax => {
                let lo = seq.iter().fold(f64::INFINITY, |a, &v| a.min(v as f64));
                let hi = seq.iter().fold(f64::NEG_INFINITY, |a, &v| a.max(v as f64));
                (lo, hi - lo)
            }
        };
        // A constant sequence has no spread: shift it, but don't divide by zero.
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Scaler { shift, scale }
    }

    pub fn apply(&self, v: f32) -> f32 {
        ((v as f64 - self.shift) / self.scale) as f32
    }

    pub fn invert(&self, v: f32) -> f32 {
        (v as f64 * self.scale + self.shift) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ranges() {
        let seq = [10.0, 20.0, 30.0, 40.0];
        let mm = Scaler::fit(Scaling::MinMax, &seq);
        assert_eq!(mm.apply(10.0), 0.0);
        assert_eq!(mm.apply(40.0), 1.0);
        let st = Scaler::fit(Scaling::Standardize, &seq);
        let z: Vec<f32> = seq.iter().map(|&v| st.apply(v)).collect();
        assert!(z.iter().sum::<f32>().abs() < 1e-6);
        assert!((z.iter().map(|v| v * v).sum::<f32>() / 4.0 - 1.0).abs() < 1e-6);
        for s in [mm, st] {
            assert!((s.invert(s.apply(33.3)) - 33.3).abs() < 1e-4);
        }
        assert_eq!(Scaler::fit(Scaling::None, &seq), Scaler::IDENTITY);
        assert_eq!(Scaler::fit(Scaling::MinMax, &[5.0, 5.0]).scale, 1.0);
    }

    #[test]
    fn parses_names() {
        assert_eq!(Scaling::parse("min-max"), Some(Scaling::MinMax));
        assert_eq!(Scaling::parse("Standardize"), Some(Scaling::Standardize));
        assert_eq!(Scaling::parse("z"), None);
    }
}
