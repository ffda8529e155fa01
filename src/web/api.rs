//! The JavaScript API: `new Trainer(config)`, for embedders and the benchmark page.
//!
//! ```js
//! const t = new wasmBindings.Trainer({ sequence: [10, 20, 30, 40, 50, 60, 70, 80, 90], seqLen: 3, nSteps: 2 });
//! t.trainEpochs(200);                 // → the last epoch's loss
//! t.forecast([70, 80, 90]);           // → Float32Array [n_steps]
//! // Several series: named equal-length arrays, a target, stacked bidirectional layers.
//! const u = new wasmBindings.Trainer({ sequence: { lead: [...], sales: [...] }, target: 'sales',
//!                                      units: [32, 16], bidirectional: true });
//! u.forecast([[10.1, 200], [10.3, 201], [10.2, 203]]);  // seq_len rows → n_steps × targets, flat
//! ```
//! Values cross with serde-wasm-bindgen, and every one is checked: nothing JavaScript passes
//! can panic the module (a panic would kill it, and the page with it). Config keys are the
//! settings table's (`seqLen`; `seq_len` and `seq-len` are understood too); each value goes
//! through [`Config::set`], so a bad one throws exactly the message the form shows.

use crate::config::{Config, Field, Kind, SETTINGS};
use crate::format::{group, join};
use crate::io::weights::{self, Nested};
use crate::nn::sensitivity::{by_column, work_per_window};
use crate::nn::trainer::Trainer;
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use wasm_bindgen::prelude::*;

/// The most work one `trainEpochs` call may do, in multiply-adds: a few seconds in a browser.
/// More would freeze the page that called it; a loop of calls (one per animation frame, say)
/// trains as long as anyone likes.
pub const MAX_WORK_PER_CALL: f64 = 2e10;

#[wasm_bindgen(js_name = Trainer)]
pub struct JsTrainer {
    config: Config,
    trainer: Trainer,
}

#[wasm_bindgen(js_class = Trainer)]
impl JsTrainer {
    /// Builds a model from a plain object; missing keys take the notebook's defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsTrainer, JsError> {
        let config = config_from_js(config)?;
        let trainer = Trainer::new(&config).map_err(|e| JsError::new(&e.message))?;
        Ok(JsTrainer { config, trainer })
    }

    /// Trains `epochs` whole epochs and returns the last one's loss (NaN for 0). Throws on
    /// divergence (keeping the last finite weights), and for more work than one call may do.
    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, epochs: JsValue) -> Result<f32, JsError> {
        let per_epoch = self.work_per_epoch();
        let most = ((MAX_WORK_PER_CALL / per_epoch) as usize).clamp(1, crate::config::MAX_EPOCHS);
        let n = match epochs.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= 0.0 && n <= most as f64 => n as usize,
            Some(n) if n.fract() == 0.0 && n > most as f64 => {
                return Err(JsError::new(&format!(
                    "trainEpochs({}) is too much for one call: this model trains at most {} \
                     epochs per call (about {} multiply-adds, a few seconds), so the page can't \
                     freeze. Call it again to go on, for example once per animation frame.",
                    number_text(n),
                    group(most),
                    crate::format::short(MAX_WORK_PER_CALL)
                )))
            }
            _ => {
                return Err(JsError::new(&format!(
                    "trainEpochs needs a whole number of epochs from 0 up, like \
                     t.trainEpochs(200); it got {}.",
                    describe(&epochs)
                )))
            }
        };
        self.trainer.reserve_epochs(n);
        let last = self
            .trainer
            .train_epochs(n)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(last.unwrap_or(f32::NAN))
    }

    /// One loss per finished epoch, as Keras's `history['loss']`.
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self) -> Vec<f32> {
        self.trainer.history().to_vec()
    }

    /// The held-out windows' loss per epoch, as `history['val_loss']` (empty without a hold-out).
    #[wasm_bindgen(js_name = valLossHistory)]
    pub fn val_loss_history(&self) -> Vec<f32> {
        self.trainer.val_history().to_vec()
    }

    /// The next n_steps values after `window` (seq_len numbers: an array or a typed array). For
    /// a table: seq_len rows, as an array of rows (`[[10.1, 200], …]`) or one flat array row by
    /// row; the result is flat, step by step (t+1's targets in column order, then t+2's, …).
    pub fn forecast(&self, window: JsValue) -> Result<Vec<f32>, JsError> {
        let (t, f) = (self.config.seq_len, self.config.series.features());
        let bad = |why: String| {
            JsError::new(&if f == 1 {
                format!(
                    "forecast needs an array of seq_len = {t} numbers, like \
                     t.forecast([70, 80, 90]); {why}"
                )
            } else {
                format!(
                    "forecast needs seq_len = {t} rows of {f} numbers (one per series, in the \
                     table's column order), like [[1, 2], [3, 4], …]; {why}"
                )
            })
        };
        let rows = serde_wasm_bindgen::from_value::<Vec<Vec<f64>>>(window.clone()).ok();
        let values: Vec<f64> = match rows {
            Some(rows) if f > 1 => {
                if let Some(i) = rows.iter().position(|r| r.len() != f) {
                    return Err(bad(format!("row {} has {} numbers.", i + 1, rows[i].len())));
                }
                rows.concat()
            }
            _ => serde_wasm_bindgen::from_value(window.clone())
                .map_err(|_| bad(format!("it got {}.", describe(&window))))?,
        };
        if let Some(i) = values
            .iter()
            .position(|v| !v.is_finite() || v.abs() > f32::MAX as f64)
        {
            return Err(bad(format!(
                "value {} is {}.",
                i + 1,
                number_text(values[i])
            )));
        }
        let window: Vec<f32> = values.iter().map(|&v| v as f32).collect();
        self.trainer.forecast(&window).map_err(|e| JsError::new(&e))
    }

    /// How much each forecast value moves per unit of each input value, ∂ŷ_j/∂x_t, in the
    /// sequence's own units (scaling included), for `window`: what `forecast` takes, checked the
    /// same way. An array with one Float32Array per forecast value, in `forecast`'s order (t+1's,
    /// t+2's, …; for several target series, each step's series in column order), each of `seqLen`
    /// numbers, oldest input first: `t.sensitivity([70, 80, 90])` → `[[∂ŷ₁/∂x₁, ∂ŷ₁/∂x₂,
    /// ∂ŷ₁/∂x₃], [∂ŷ₂/∂x₁, …]]`. For a table (several input columns), an array per forecast value
    /// of one Float32Array per input column: `s[j][f][t]`.
    /// Throws for a model so big that one call would take more than about 2·10¹⁰ multiply-adds.
    pub fn sensitivity(&self, window: JsValue) -> Result<JsValue, JsError> {
        let dims = self.trainer.model().dims;
        let work = work_per_window(&dims) as f64;
        if work > MAX_WORK_PER_CALL {
            return Err(JsError::new(&format!(
                "sensitivity would take about {} multiply-adds for this model, more than one \
                 call may do ({}) without freezing the page: use fewer units, a shorter seq_len \
                 or fewer n_steps.",
                crate::format::short(work),
                crate::format::short(MAX_WORK_PER_CALL)
            )));
        }
        let values = self.window_arg("sensitivity", &window)?;
        let jac = self
            .trainer
            .sensitivity(&values)
            .map_err(|e| JsError::new(&e))?;
        // Built as JS arrays directly (serde's nested sequences would cost the download more).
        let out = js_sys::Array::new();
        for columns in by_column(&jac, &dims) {
            let rows = columns
                .iter()
                .map(|steps| js_sys::Float32Array::from(&steps[..]));
            if dims.features == 1 {
                rows.for_each(|row| {
                    out.push(&row);
                });
            } else {
                out.push(&rows.collect::<js_sys::Array>());
            }
        }
        Ok(out.into())
    }

    /// Parameter counts as Keras's `model.summary()`:
    /// `{ rnn, dense, total, features, units, nSteps, seqLen }`.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        let dims = self.trainer.model().dims;
        let c = dims.param_counts();
        let entries = [
            ("rnn", c.rnn),
            ("dense", c.dense),
            ("total", c.total),
            ("features", dims.features),
            ("targets", dims.targets),
            ("layers", dims.layers.len()),
            ("units", dims.layers.top()),
            ("nSteps", dims.n_steps),
            ("seqLen", dims.seq_len),
        ];
        to_js(&Entries(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), Out::Number(*v as f64)))
                .collect(),
        ))
    }

    /// The five arrays of Keras's `get_weights()`, as nested arrays.
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let m = self.trainer.model();
        to_js(&weights::to_nested(&m.params, &m.dims))
    }

    /// Sets weights in Keras's layout (shape-checked); Adam starts afresh, as after `set_weights`.
    #[wasm_bindgen(js_name = setWeights)]
    pub fn set_weights(&mut self, w: JsValue) -> Result<(), JsError> {
        let nested: Nested = serde_wasm_bindgen::from_value(w).map_err(|e| {
            JsError::new(&format!(
                "setWeights needs the nested arrays of Keras's get_weights(): {e}."
            ))
        })?;
        let params = weights::from_nested(&nested, &self.trainer.model().dims)
            .map_err(|e| JsError::new(&e))?;
        self.trainer
            .set_params(params)
            .map_err(|e| JsError::new(&e))
    }

    /// Epochs trained so far.
    #[wasm_bindgen(getter)]
    pub fn epochs(&self) -> u32 {
        self.trainer.epochs_done() as u32
    }

    /// The settings in use, as a plain object with the keys the constructor takes.
    pub fn config(&self) -> Result<JsValue, JsError> {
        let entries: Vec<(String, Out)> = SETTINGS
            .iter()
            .map(|s| {
                let text = self.config.get(s.field);
                let series = &self.config.series;
                let value = match s.kind {
                    Kind::Sequence if series.is_table() => Out::Table(
                        (0..series.features())
                            .map(|j| (series.name(j).to_string(), series.column(j)))
                            .collect(),
                    ),
                    Kind::Sequence => Out::List(series.values.clone()),
                    Kind::Layers { .. } if self.config.units.len() > 1 => Out::List(
                        self.config
                            .units
                            .as_slice()
                            .iter()
                            .map(|&u| u as f32)
                            .collect(),
                    ),
                    Kind::Toggle => Out::Bool(crate::config::parse_toggle(&text) == Some(true)),
                    Kind::Choice(_) | Kind::Cell | Kind::Target => Out::Text(text),
                    Kind::Whole { .. } | Kind::Rate { .. } | Kind::Layers { .. } => {
                        Out::Number(crate::format::parse_f64(&text).unwrap_or(f64::NAN))
                    }
                };
                (s.key.to_string(), value)
            })
            .collect();
        to_js(&Entries(entries))
    }
}

impl JsTrainer {
    /// A window from JavaScript, checked as `forecast` checks its own: an array or a typed array
    /// of finite numbers within f32's range, for a table also an array of rows of F numbers;
    /// `method` names the caller in the message. The length is the trainer's to check.
    fn window_arg(&self, method: &str, window: &JsValue) -> Result<Vec<f32>, JsError> {
        let (t, f) = (self.config.seq_len, self.config.series.features());
        let bad = |why: String| {
            JsError::new(&if f == 1 {
                format!(
                    "{method} needs an array of seq_len = {t} numbers, like \
                     t.{method}([70, 80, 90]); {why}"
                )
            } else {
                format!(
                    "{method} needs seq_len = {t} rows of {f} numbers (one per series, in the \
                     table's column order), like [[1, 2], [3, 4], …]; {why}"
                )
            })
        };
        // Read value by value through Reflect (which catches), never as text: a hostile value
        // (a Proxy, an array nested 10,000 deep) must not throw inside the module, which would
        // leave this Trainer borrowed for good.
        let items = |v: &JsValue| -> Option<Result<Vec<JsValue>, JsError>> {
            let list: JsValue = if js_sys::ArrayBuffer::is_view(v) {
                js_sys::Array::from(v).into() // a typed array's numbers (never a Proxy)
            } else if js_sys::Array::is_array(v) {
                v.clone()
            } else {
                return None;
            };
            let unreadable = || bad("it could not be read.".into());
            let read = || {
                let len = js_sys::Reflect::get(&list, &JsValue::from_str("length"))
                    .ok()
                    .and_then(|l| l.as_f64())
                    .ok_or_else(unreadable)?;
                (0..len as u32)
                    .map(|i| js_sys::Reflect::get_u32(&list, i).map_err(|_| unreadable()))
                    .collect()
            };
            Some(read())
        };
        let outer = items(window).ok_or_else(|| bad(format!("it got {}.", describe(window))))??;
        let mut values = Vec::new();
        for (i, item) in outer.into_iter().enumerate() {
            // A table's row of F numbers, or a number of a flat list.
            let row = match items(&item).filter(|_| f > 1) {
                Some(row) => {
                    let row = row?;
                    if row.len() != f {
                        return Err(bad(format!("row {} has {} numbers.", i + 1, row.len())));
                    }
                    row
                }
                None => vec![item],
            };
            for v in row {
                let at = values.len() + 1;
                match v.as_f64() {
                    Some(n) if n.is_finite() && n.abs() <= f32::MAX as f64 => values.push(n as f32),
                    Some(n) => return Err(bad(format!("value {at} is {}.", number_text(n)))),
                    None => return Err(bad(format!("value {at} is {}.", describe(&v)))),
                }
            }
        }
        Ok(values)
    }

    /// Multiply-adds in one epoch (forward and backward over every window, validation too).
    fn work_per_epoch(&self) -> f64 {
        let dims = self.trainer.model().dims;
        let windows =
            self.trainer.windows().len() + self.trainer.val_windows().map_or(0, |(w, _)| w.len());
        // Forward ≈ one window step through every slot; backward about twice that.
        let head = dims.head_input() * dims.outputs();
        (windows * dims.seq_len * dims.forward_cost() * 3 + windows * head * 3).max(1) as f64
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .map_err(|e| JsError::new(&e.to_string()))
}

/// How a value from JavaScript looks, for a message.
fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if let Some(n) = v.as_f64() {
        return number_text(n);
    }
    if let Some(s) = v.as_string() {
        let short: String = s.chars().take(24).collect();
        return format!("the text \"{short}\"");
    }
    if v.as_bool().is_some() {
        return "true or false".into();
    }
    if js_sys::Array::is_array(v) {
        return "an array that isn't all numbers".into();
    }
    "an object".into()
}

/// A JS number as JavaScript writes it (`String(n)`).
fn number_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// A config value as JavaScript gave it (a list is read as `Vec<f64>` before it gets here).
enum Input {
    Missing,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<f64>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Input, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Input;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a text or true/false")
            }
            fn visit_unit<E>(self) -> Result<Input, E> {
                Ok(Input::Missing)
            }
            fn visit_none<E>(self) -> Result<Input, E> {
                Ok(Input::Missing)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Input, E> {
                Ok(Input::Bool(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Input, E> {
                Ok(Input::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Input, E> {
                Ok(Input::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Input, E> {
                Ok(Input::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<Input, E> {
                Ok(Input::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Input, E> {
                Ok(Input::Text(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value of `config()`.
enum Out {
    Number(f64),
    Text(String),
    Bool(bool),
    List(Vec<f32>),
    /// A table's series, by name, as an object of arrays.
    Table(Vec<(String, Vec<f32>)>),
}

impl Serialize for Out {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Number(v) => s.serialize_f64(*v),
            Out::Text(t) => s.serialize_str(t),
            Out::Bool(b) => s.serialize_bool(*b),
            Out::List(l) => l.serialize(s),
            Out::Table(columns) => {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(columns.len()))?;
                for (name, values) in columns {
                    map.serialize_entry(name, values)?;
                }
                map.end()
            }
        }
    }
}

/// `config()`'s entries, in the table's order.
struct Entries(Vec<(String, Out)>);

impl Serialize for Entries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `{ lead: [...], sales: [...] }`: each key a series' name, each value its numbers.
fn series_from_js(obj: &JsValue) -> Result<crate::data::Series, JsError> {
    let bad = |why: String| {
        JsError::new(&format!(
            "sequence as an object must hold named arrays of numbers of equal length, like \
             {{ lead: [1, 2, 3], sales: [4, 5, 6] }}; {why}"
        ))
    };
    let keys =
        js_sys::Reflect::own_keys(obj).map_err(|_| bad("its keys could not be read.".into()))?;
    let mut columns = Vec::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let short: String = name.chars().take(24).collect();
        let value = js_sys::Reflect::get(obj, &key)
            .map_err(|_| bad(format!("\"{short}\" could not be read.")))?;
        let values: Vec<f64> = serde_wasm_bindgen::from_value(value.clone())
            .map_err(|_| bad(format!("\"{short}\" is {}.", describe(&value))))?;
        if let Some(i) = values
            .iter()
            .position(|v| !v.is_finite() || v.abs() > f32::MAX as f64)
        {
            return Err(bad(format!(
                "value {} of \"{short}\" is {}.",
                i + 1,
                number_text(values[i])
            )));
        }
        columns.push((name, values.iter().map(|&v| v as f32).collect()));
    }
    crate::data::Series::from_columns(columns).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a config object: every key a setting (by the table's names), every value through
/// [`Config::set`] as text. Missing keys (and `undefined` or `null` values) keep the defaults.
fn config_from_js(obj: JsValue) -> Result<Config, JsError> {
    let mut config = Config::default();
    if obj.is_undefined() || obj.is_null() {
        return Ok(config);
    }
    if !obj.is_object() || js_sys::Array::is_array(&obj) {
        return Err(JsError::new(&format!(
            "The config must be an object, like {{ seqLen: 3 }}; it got {}.",
            describe(&obj)
        )));
    }
    let keys = js_sys::Reflect::own_keys(&obj)
        .map_err(|_| JsError::new("The config could not be read: its keys could not be listed."))?;
    for key in keys.iter() {
        let Some(key) = key.as_string() else {
            continue;
        };
        let value = js_sys::Reflect::get(&obj, &JsValue::from_str(&key))
            .map_err(|_| JsError::new(&format!("The config's \"{key}\" could not be read.")))?;
        let field = Field::find(&key).ok_or_else(|| {
            let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
            let short: String = key.chars().take(24).collect();
            JsError::new(&format!(
                "\"{short}\" is not a setting; the settings are {}.",
                join(&keys, ", ")
            ))
        })?;
        // A sequence as an object: named series of equal length, a table.
        let is_object = value.is_object()
            && !js_sys::Array::is_array(&value)
            && !js_sys::ArrayBuffer::is_view(&value);
        if field == Field::Sequence && is_object {
            config.series = series_from_js(&value)?;
            continue;
        }
        // Arrays and typed arrays are read as lists of numbers; anything else as one value.
        let listed = js_sys::Array::is_array(&value) || js_sys::ArrayBuffer::is_view(&value);
        let value = if listed {
            serde_wasm_bindgen::from_value::<Vec<f64>>(value)
                .map(Input::List)
                .unwrap_or(Input::Other("a list that is not all numbers"))
        } else {
            serde_wasm_bindgen::from_value::<Input>(value).unwrap_or(Input::Other("an object"))
        };
        let text = match value {
            Input::Missing => continue,
            Input::Bool(b) => (if b { "on" } else { "off" }).to_string(),
            Input::Number(n) => number_text(n),
            Input::Text(s) => s,
            Input::List(values) => join(
                &values.iter().map(|&v| number_text(v)).collect::<Vec<_>>(),
                ",",
            ),
            Input::Other(what) => {
                return Err(JsError::new(&format!(
                    "{} has a value of the wrong type ({what}).",
                    field.key()
                )))
            }
        };
        config
            .set(field, &text)
            .map_err(|e| JsError::new(&e.message))?;
    }
    config.validate().map_err(|e| JsError::new(&e.message))?;
    Ok(config)
}
