//! How the page looks, chosen by the person: the loss chart's y axis, presentation mode, the
//! colour theme.

use super::url;
use crate::config::parse_toggle;

/// The loss chart's y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossScale {
    /// Log once the curves drawn span more than [`AUTO_LOG_SPAN`], linear before.
    Auto,
    Linear,
    Log,
}

/// Curves that span more than this factor (two powers of ten) are drawn on a log scale in
/// `Auto`: on a linear axis everything below a hundredth of the top looks like zero.
pub const AUTO_LOG_SPAN: f32 = 100.0;

impl LossScale {
    pub const ALL: [(LossScale, &'static str, &'static str); 3] = [
        (LossScale::Auto, "auto", "automatic"),
        (LossScale::Linear, "linear", "linear"),
        (LossScale::Log, "log", "log"),
    ];

    pub fn parse(text: &str) -> Option<LossScale> {
        LossScale::ALL
            .iter()
            .find(|(_, v, _)| *v == text.trim())
            .map(|e| e.0)
    }

    pub fn value(self) -> &'static str {
        LossScale::ALL
            .iter()
            .find(|e| e.0 == self)
            .map_or("auto", |e| e.1)
    }

    /// Whether the axis is logarithmic for curves holding these losses (lists of them: one
    /// copy of the loop, not one per chain of iterators).
    pub fn is_log(self, curves: &[&[f32]]) -> bool {
        match self {
            LossScale::Log => true,
            LossScale::Linear => false,
            LossScale::Auto => {
                let (mut lo, mut hi) = (f32::INFINITY, 0.0f32);
                for &v in curves.iter().copied().flatten() {
                    if v.is_finite() && v > 0.0 {
                        (lo, hi) = (lo.min(v), hi.max(v));
                    }
                }
                hi > AUTO_LOG_SPAN * lo
            }
        }
    }
}

/// The colour theme: the system's, or chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    Auto,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [(ThemeChoice, &'static str, &'static str); 3] = [
        (ThemeChoice::Auto, "auto", "like the system"),
        (ThemeChoice::Light, "light", "light"),
        (ThemeChoice::Dark, "dark", "dark"),
    ];

    pub fn parse(text: &str) -> Option<ThemeChoice> {
        ThemeChoice::ALL
            .iter()
            .find(|(_, v, _)| *v == text.trim())
            .map(|e| e.0)
    }

    pub fn value(self) -> &'static str {
        ThemeChoice::ALL
            .iter()
            .find(|e| e.0 == self)
            .map_or("auto", |e| e.1)
    }
}

pub struct Options {
    pub loss_scale: LossScale,
    pub presentation: bool,
    pub theme: ThemeChoice,
}

impl Options {
    /// The options an address asks for (`presentation=1`, `theme=dark`).
    pub fn new(pairs: &[(String, String)]) -> Options {
        Options {
            loss_scale: LossScale::Auto,
            presentation: url::get(pairs, url::PRESENTATION)
                .and_then(parse_toggle)
                .unwrap_or(false),
            theme: url::get(pairs, url::THEME)
                .and_then(ThemeChoice::parse)
                .unwrap_or(ThemeChoice::Auto),
        }
    }

    /// The options that differ from their defaults, for the address.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.presentation {
            pairs.push((url::PRESENTATION, "1".into()));
        }
        if self.theme != ThemeChoice::Auto {
            pairs.push((url::THEME, self.theme.value().into()));
        }
        pairs
    }
}
