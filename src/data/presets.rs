//! Ready-made sequences for a class, each with settings under which training visibly works.
//!
//! Every sequence is computed here (with libm and the seeded [`Rng`]) or typed in, so a preset
//! gives the same numbers natively and in wasm32, and a link to it shows the same chart everywhere.

use crate::config::{Config, Field};
use crate::data::Series;
use crate::nn::init::Rng;
use std::f64::consts::PI;

/// A sequence and the settings that suit it.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// The value in the URL (`?preset=sine`).
    pub key: &'static str,
    /// The label in the select.
    pub name: &'static str,
    /// One or two sentences for students: what the series is and what to watch for.
    pub about: &'static str,
    /// What to do, step by step, when the lesson is a little experiment (shown as a list).
    pub steps: &'static [&'static str],
    /// For real data: where it comes from and whether it may be shared.
    pub source: Option<&'static str>,
    /// The lesson's settings, as the form would be typed: every other setting is the
    /// notebook's, but for those that belong to the run ([`KEPT_BY_THE_RUN`]).
    pub settings: &'static [(Field, &'static str)],
    /// The pace (epochs a second, a value of the speed menu) at which the lesson's interesting
    /// part lasts long enough to talk over: the loss's fall takes 3 s or more
    /// (`tests/classroom.rs` measures it).
    pub speed: &'static str,
    /// The series' names, for a table (a lesson with several series); empty for one sequence.
    pub columns: &'static [&'static str],
    /// The values, row by row: one per step, or one per column per step for a table.
    series: fn() -> Vec<f32>,
}

/// The notebook first: it is what the page starts with.
pub const PRESETS: &[Preset] = &[
    Preset {
        key: "notebook",
        name: "The notebook: 10, 20, …, 90",
        about: "The nine numbers from the original notebook. With only five windows to learn \
                from, watch how fast the loss drops and how close the forecast comes to the next \
                two numbers, 100 and 110.",
        steps: &[
            "Press Train and watch the loss fall (on a log scale: it falls a thousandfold).",
            "Press Forecast: does it continue with 100 and 110?",
        ],
        source: None,
        settings: &[],
        speed: "15",
        columns: &[],
        series: notebook,
    },
    Preset {
        key: "sine",
        name: "Sine wave",
        about: "A smooth wave that repeats every 25 steps. It is easy to learn: the loss should \
                fall steadily and the forecast should carry on the wave.",
        steps: &[],
        source: None,
        settings: &[
            (Field::SeqLen, "10"),
            (Field::NSteps, "5"),
            (Field::Units, "16"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Epochs, "100"),
            (Field::Scaling, "standardize"),
        ],
        speed: "15",
        columns: &[],
        series: sine,
    },
    Preset {
        key: "trend-season",
        name: "Trend with seasons",
        about: "Ten years of made-up monthly values that climb steadily and rise and fall every \
                12 months. Watch whether the forecast keeps both the climb and the yearly pattern.",
        steps: &[],
        source: None,
        settings: &[
            (Field::SeqLen, "12"),
            (Field::NSteps, "6"),
            (Field::Units, "32"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Epochs, "100"),
            (Field::Scaling, "minmax"),
        ],
        speed: "15",
        columns: &[],
        series: trend_season,
    },
    Preset {
        key: "noisy-sine",
        name: "Sine wave with noise",
        about: "The same kind of wave with random jitter added. The model can learn the wave but \
                not the jitter, so the loss stops falling at the noise level instead of near zero.",
        steps: &[],
        source: None,
        settings: &[
            (Field::SeqLen, "10"),
            (Field::NSteps, "3"),
            (Field::Units, "16"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.003"),
            (Field::Epochs, "100"),
            (Field::Scaling, "standardize"),
        ],
        speed: "5",
        columns: &[],
        series: noisy_sine,
    },
    Preset {
        key: "random-walk",
        name: "Random walk",
        about: "Each value is the previous one plus a random step, like a share price. The best \
                anyone can do is guess that the next value is close to the last one: watch the \
                loss settle near the \"repeat the last value\" baseline, and not below it.",
        steps: &[],
        source: None,
        settings: &[
            (Field::SeqLen, "10"),
            (Field::NSteps, "1"),
            (Field::Units, "16"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Scaling, "minmax"),
        ],
        speed: "15",
        columns: &[],
        series: random_walk,
    },
    Preset {
        key: "airline",
        name: "Airline passengers, 1949–1960 (real data)",
        about: "Monthly international airline passengers, in thousands, over twelve years: a \
                rising trend with a summer peak every year. The model sees one year and predicts \
                the next six months; watch whether the forecast keeps the summer peak.",
        steps: &[],
        source: Some(
            "Box & Jenkins, Time Series Analysis: Forecasting and Control, series G. \
             The same numbers ship with R as datasets::AirPassengers. Historical facts, freely \
             redistributed as a classic teaching example.",
        ),
        settings: &[
            (Field::SeqLen, "12"),
            (Field::NSteps, "6"),
            (Field::Units, "32"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Epochs, "150"),
            (Field::Scaling, "minmax"),
        ],
        speed: "15",
        columns: &[],
        series: airline,
    },
    Preset {
        key: "sales-lead",
        name: "Sales and a leading indicator (real data, two series)",
        about: "150 months of a company's sales, beside a leading indicator: a number that tends \
                to move about three months before sales do. The model reads both series and \
                forecasts next month's sales; the last 20% of the windows are held out to test it.",
        steps: &[
            "Train, then read the held-out loss under \"How is it going?\" and press \"Keep this \
             run\".",
            "Choose the lesson \"Sales alone\": the same sales, without the indicator. Train again.",
            "Compare the held-out losses. Over seeds 1 to 5 the indicator made them 3 to 20 times \
             smaller (0.0002 to 0.0014 with it, 0.0027 to 0.0085 without); it helped on 9 of \
             seeds 1 to 10. Knowing what usually comes first helps the forecast.",
        ],
        source: Some(SERIES_M),
        // The target is the last column, sales: the default.
        settings: SALES_LESSON,
        speed: "15",
        columns: &["lead", "sales"],
        series: sales_and_lead,
    },
    Preset {
        key: "sales",
        name: "Sales alone (real data)",
        about: "The same 150 months of sales as in \"Sales and a leading indicator\", without \
                the indicator: the model forecasts next month's sales from past sales only.",
        steps: &[],
        source: Some(SERIES_M),
        settings: SALES_LESSON,
        // Its loss falls in about 15 epochs: 3 s at this pace.
        speed: "5",
        columns: &["sales"],
        series: sales,
    },
    Preset {
        key: "depth",
        name: "Does depth help? One layer or two",
        about: "A wave with a faster ripple, forecast 10 steps at a time by a small SimpleRNN. Is \
                a second layer on top better than one, and is it the depth or just the extra \
                weights? The last 20% of the windows are held out to test each model.",
        steps: &[
            "Train one layer of 8 units; note the held-out loss and press \"Keep this run\".",
            "Set units to \"8, 8\" (a second layer of 8 on top) and train again. On seeds 1 to 5 \
             the held-out loss fell, 1.1 to 3.5 times; on seed 42, the page's own, it rose \
             (0.0023 to 0.0030).",
            "Now one wider layer, units \"12\": about as many weights as \"8, 8\" (298 and 306). \
             It beat both on all six seeds (0.0006 to 0.0010). Here more weights helped more \
             than more depth: stack layers when one wide layer is not enough.",
        ],
        source: None,
        settings: &[
            (Field::SeqLen, "20"),
            (Field::NSteps, "10"),
            (Field::Units, "8"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Epochs, "100"),
            (Field::Scaling, "standardize"),
            (Field::Holdout, "20"),
        ],
        speed: "15",
        columns: &[],
        series: longer_waves,
    },
    Preset {
        key: "echo",
        name: "Echo: why gates matter",
        about: "Quiet noise with small blips. Exactly 20 steps after each blip comes a big spike \
                the same way: to forecast it, the model must remember a blip from the start of \
                its 20-value window.",
        steps: &[
            "Train the LSTM, then press \"Keep this run\".",
            "Switch to SimpleRNN; train again.",
            "Compare: SimpleRNN ends 25 to 250 times worse than LSTM (seeds 1 to 5). Under the \
             network: LSTM looks back to the blip; SimpleRNN often does too, but can't use it.",
        ],
        source: None,
        settings: &[
            (Field::SeqLen, "20"),
            (Field::NSteps, "1"),
            (Field::Cell, "lstm"),
            (Field::Units, "20"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.02"),
            (Field::Epochs, "120"),
            (Field::Scaling, "standardize"),
        ],
        speed: "15",
        columns: &[],
        series: echo,
    },
    Preset {
        key: "vanishing",
        name: "Long windows: vanishing gradients",
        about: "A wave with a faster ripple, read 60 values at a time by a SimpleRNN.",
        steps: &[
            "Train, and watch the error signal's chart under \"How is it going?\".",
            "Going back over the window it shrinks to almost nothing (about 3,000 times with \
             this seed): the first values barely move the weights. That is the vanishing \
             gradient.",
            "The forecast is still good: a wave needs only the last few values. In the Echo \
             lesson the same fading is why SimpleRNN fails.",
        ],
        source: None,
        settings: &[
            (Field::SeqLen, "60"),
            (Field::NSteps, "1"),
            (Field::Units, "16"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.01"),
            (Field::Epochs, "100"),
            (Field::Scaling, "standardize"),
        ],
        speed: "15",
        columns: &[],
        series: waves,
    },
    Preset {
        key: "arena",
        name: "Memory arena: how far back can each cell remember?",
        about: "The Echo task with the spike 10 steps after its blip. The memory arena below \
                trains SimpleRNN, LSTM and GRU on it at delays from 2 to 40 steps, and scores \
                each on data it never saw.",
        steps: &[
            "Press \"Run the sweep\" in the memory arena: 45 small models train, on every \
             core of this computer.",
            "Watch the table fill in: 1 means a model learned nothing, near 0 that it \
             remembered the blip.",
            "Where does SimpleRNN stop remembering? How far do LSTM and GRU go?",
        ],
        source: None,
        columns: &[],
        settings: &[
            (Field::SeqLen, "10"),
            (Field::NSteps, "1"),
            (Field::Cell, "lstm"),
            (Field::Units, "20"),
            (Field::Activation, "tanh"),
            (Field::LearningRate, "0.02"),
            (Field::Epochs, "100"),
            (Field::Scaling, "standardize"),
        ],
        speed: "5",
        series: arena_echo,
    },
];

impl Preset {
    /// The preset's data: computed afresh, identical on every platform.
    pub fn series(&self) -> Series {
        Series {
            values: (self.series)(),
            columns: self.columns.iter().map(|c| c.to_string()).collect(),
            labels: None,
        }
    }

    /// Puts the preset's sequence and settings into `config`, through [`Config::set`] as if
    /// typed; every other setting back to the notebook's, but for the run's own choices
    /// ([`KEPT_BY_THE_RUN`]).
    pub fn apply(&self, config: &mut Config) {
        let notebook = Config::default();
        for field in Field::ALL {
            if !KEPT_BY_THE_RUN.contains(&field) {
                config.set(field, &notebook.get(field)).ok();
            }
        }
        config.series = self.series();
        for (field, text) in self.settings {
            if config.set(*field, text).is_err() {
                unreachable!("every preset's settings are valid (tests/classroom.rs)");
            }
        }
    }
}

/// The settings that belong to the run, not to the lesson: choosing an example keeps them
/// (a lesson whose point is the held-out loss sets its hold-out, though).
pub const KEPT_BY_THE_RUN: [Field; 3] = [Field::Seed, Field::Shuffle, Field::Holdout];

/// The preset with this URL key.
pub fn find(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}

/// The example whose data this is, if any: the page names it in the preset menu and in links
/// (`?preset=sine` instead of the numbers), whatever other settings were changed since.
pub fn with_series(series: &Series) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.series() == *series)
}

/// Rounds to 3 decimals, so the values read cleanly in the sequence box and in a link.
/// Adding 0 turns −0 (from sin(2π) ≈ −2e-16) into 0, which doesn't show as "-0".
fn round3(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0 + 0.0) as f32
}

fn notebook() -> Vec<f32> {
    Config::default().series.values
}

/// sin(2π·i/25), 100 values: four whole waves.
fn sine() -> Vec<f32> {
    (0..100)
        .map(|i| round3(libm::sin(2.0 * PI * i as f64 / 25.0)))
        .collect()
}

/// 10 + 0.3·i + 5·sin(2π·i/12), 120 "months".
fn trend_season() -> Vec<f32> {
    (0..120)
        .map(|i| {
            let i = i as f64;
            round3(10.0 + 0.3 * i + 5.0 * libm::sin(2.0 * PI * i / 12.0))
        })
        .collect()
}

/// sin(2π·i/20) + 0.1·N(0, 1), 120 values, with the noise from a fixed seed.
fn noisy_sine() -> Vec<f32> {
    let mut rng = Rng::new(NOISY_SINE_SEED);
    (0..120)
        .map(|i| round3(libm::sin(2.0 * PI * i as f64 / 20.0) + 0.1 * rng.normal()))
        .collect()
}

/// 100 plus a running sum of N(0, 1) steps, 150 values, with the steps from a fixed seed.
fn random_walk() -> Vec<f32> {
    let mut rng = Rng::new(RANDOM_WALK_SEED);
    let mut v = 100.0;
    (0..150)
        .map(|i| {
            if i > 0 {
                v += rng.normal();
            }
            round3(v)
        })
        .collect()
}

/// The Echo lesson's sequence: [`echo_task`] with a lag of [`ECHO_LAG`], 200 values.
fn echo() -> Vec<f32> {
    echo_task(ECHO_LAG, 200, ECHO_SEED)
}

/// The memory arena's lesson: the Echo task with a delay of 10, 200 values.
fn arena_echo() -> Vec<f32> {
    echo_task(10, 200, ECHO_SEED)
}

/// The Echo task at any delay: quiet noise, 0.02·N(0, 1), with a blip of ±0.25 every 4 to 9
/// steps, and `delay` steps after each blip a spike of ±1 in the same direction; `len` values
/// from `seed`. A blip never lands on a spike, so each spike is decided by the one value `delay`
/// steps before it. (The memory arena runs it at several delays.)
pub fn echo_task(delay: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    let mut v: Vec<f64> = (0..len).map(|_| 0.02 * rng.normal()).collect();
    let mut taken = vec![false; len];
    let mut t = rng.below(9);
    while t < len {
        while t < len && taken[t] {
            t += 1;
        }
        if t == len {
            break;
        }
        let sign = if rng.below(2) == 0 { 1.0 } else { -1.0 };
        v[t] += 0.25 * sign;
        taken[t] = true;
        if t + delay < len {
            v[t + delay] += sign;
            taken[t + delay] = true;
        }
        t += 4 + rng.below(6);
    }
    v.into_iter().map(round3).collect()
}

/// sin(2π·i/25) + 0.4·sin(2π·i/7), 150 values: a wave with a faster ripple on it.
fn waves() -> Vec<f32> {
    ripple(150)
}

/// The same wave, 200 values (more windows to hold out and to learn from).
fn longer_waves() -> Vec<f32> {
    ripple(200)
}

fn ripple(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let i = i as f64;
            round3(libm::sin(2.0 * PI * i / 25.0) + 0.4 * libm::sin(2.0 * PI * i / 7.0))
        })
        .collect()
}

/// The settings of both lessons on series M: only their data differs, so their held-out losses
/// compare.
const SALES_LESSON: &[(Field, &str)] = &[
    (Field::SeqLen, "6"),
    (Field::NSteps, "1"),
    (Field::Cell, "gru"),
    (Field::Units, "12"),
    (Field::Activation, "tanh"),
    (Field::LearningRate, "0.01"),
    (Field::Epochs, "150"),
    (Field::BatchSize, "16"),
    (Field::Scaling, "standardize"),
    (Field::Holdout, "20"),
];

/// Where series M comes from, for both lessons that use it.
const SERIES_M: &str = "Box & Jenkins, Time Series Analysis: Forecasting and Control, series M: \
     sales and a leading indicator, 150 months. The same numbers ship with R as \
     datasets::BJsales and BJsales.lead. Historical facts, freely redistributed as a classic \
     teaching example.";

/// Series M's rows: (lead, sales), month by month.
fn sales_and_lead() -> Vec<f32> {
    let mut rows = Vec::with_capacity(2 * BJ_SALES.len());
    for (&l, s) in BJ_LEAD.iter().zip(BJ_SALES) {
        rows.extend_from_slice(&[l as f32 / 100.0, s as f32 / 10.0]);
    }
    rows
}

fn sales() -> Vec<f32> {
    BJ_SALES.iter().map(|&s| s as f32 / 10.0).collect()
}

fn airline() -> Vec<f32> {
    AIRLINE.iter().map(|&v| v as f32).collect()
}

const NOISY_SINE_SEED: u64 = 7;
/// How far back each echo's blip is: exactly the window, so the blip that decides the next value
/// is the first value the model reads.
const ECHO_LAG: usize = 20;
const ECHO_SEED: u64 = 1;
/// Picked from the first few seeds for a walk that wanders up and down over a wide range
/// (100 to 131), so there is something to see and the loss has room to fall.
const RANDOM_WALK_SEED: u64 = 6;

/// Box & Jenkins series M, from R's `datasets` (Rdatasets' csv/datasets/BJsales.csv and
/// BJsales.lead.csv): sales in tenths (200.1 is 2001) and the leading indicator in hundredths
/// (10.01 is 1001). Sales sum to 34,496.7 (lowest 198.6, highest 263.3); the indicator to
/// 1,777.01 (lowest 9.75, highest 13.87).
#[rustfmt::skip]
const BJ_SALES: [u16; 150] = [
    2001, 1995, 1994, 1989, 1990, 2002, 1986, 2000, 2003, 2012, 2016, 2015, 2015, 2035, 2049,
    2071, 2105, 2105, 2098, 2088, 2095, 2132, 2137, 2151, 2187, 2198, 2205, 2238, 2228, 2238,
    2217, 2223, 2208, 2194, 2201, 2206, 2189, 2178, 2177, 2150, 2153, 2159, 2167, 2167, 2177,
    2187, 2229, 2249, 2222, 2207, 2200, 2187, 2170, 2159, 2158, 2141, 2123, 2139, 2146, 2136,
    2121, 2114, 2131, 2129, 2133, 2115, 2123, 2130, 2110, 2107, 2101, 2114, 2100, 2097, 2088,
    2088, 2088, 2106, 2119, 2128, 2125, 2148, 2153, 2175, 2188, 2207, 2222, 2267, 2284, 2332,
    2357, 2371, 2406, 2438, 2453, 2460, 2463, 2477, 2476, 2478, 2494, 2490, 2499, 2505, 2515,
    2490, 2476, 2488, 2504, 2507, 2530, 2537, 2550, 2562, 2560, 2574, 2604, 2600, 2613, 2604,
    2616, 2608, 2598, 2590, 2589, 2574, 2577, 2579, 2574, 2573, 2576, 2589, 2578, 2577, 2572,
    2575, 2568, 2575, 2570, 2576, 2573, 2575, 2596, 2611, 2629, 2633, 2628, 2618, 2622, 2627,
];

#[rustfmt::skip]
const BJ_LEAD: [u16; 150] = [
    1001, 1007, 1032, 975, 1033, 1013, 1036, 1032, 1013, 1016, 1058, 1062, 1086, 1120, 1074,
    1056, 1048, 1077, 1133, 1096, 1116, 1170, 1139, 1142, 1194, 1124, 1159, 1096, 1140, 1102,
    1101, 1123, 1133, 1083, 1084, 1114, 1038, 1090, 1105, 1111, 1101, 1122, 1121, 1191, 1169,
    1093, 1099, 1101, 1084, 1076, 1077, 1088, 1049, 1050, 1100, 1098, 1061, 1048, 1053, 1107,
    1061, 1086, 1034, 1078, 1080, 1033, 1044, 1050, 1075, 1040, 1040, 1034, 1055, 1046, 1082,
    1091, 1087, 1067, 1111, 1088, 1128, 1127, 1144, 1152, 1210, 1183, 1262, 1241, 1243, 1273,
    1301, 1274, 1273, 1276, 1292, 1264, 1279, 1305, 1269, 1301, 1290, 1312, 1247, 1247, 1294,
    1310, 1291, 1339, 1313, 1334, 1334, 1314, 1349, 1387, 1339, 1359, 1327, 1370, 1320, 1332,
    1315, 1330, 1294, 1329, 1326, 1308, 1324, 1331, 1352, 1302, 1325, 1312, 1326, 1311, 1330,
    1306, 1332, 1310, 1327, 1364, 1358, 1387, 1353, 1341, 1325, 1350, 1358, 1351, 1377, 1340,
];

/// Box & Jenkins series G: international airline passengers, thousands per month.
/// The total over all 144 months is 40,363; the lowest month is 104, the highest 622.
#[rustfmt::skip]
const AIRLINE: [u16; 144] = [
    112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, // 1949
    115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, // 1950
    145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, // 1951
    171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, // 1952
    196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, // 1953
    204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, // 1954
    242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, // 1955
    284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, // 1956
    315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, // 1957
    340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, // 1958
    360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, // 1959
    417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432, // 1960
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_sets_valid_lesson_settings_once() {
        for p in PRESETS {
            for (i, (field, text)) in p.settings.iter().enumerate() {
                assert!(
                    Config::default().set(*field, text).is_ok(),
                    "{} {field:?}",
                    p.key
                );
                // A lesson about held-out losses may hold some out; the seed and the shuffling
                // stay the run's.
                assert!(
                    !KEPT_BY_THE_RUN.contains(field) || *field == Field::Holdout,
                    "{} sets {field:?}",
                    p.key
                );
                assert!(p.settings[..i].iter().all(|(f, _)| f != field), "{}", p.key);
            }
        }
        // The Echo lesson's window is exactly its echo's lag: the blip is the first value read.
        let mut c = Config::default();
        find("echo").unwrap().apply(&mut c);
        assert_eq!(c.seq_len, ECHO_LAG);
    }
}
