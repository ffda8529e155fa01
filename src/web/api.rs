//! The JavaScript API: `new Trainer(config)`, for the benchmark page and for embedders.
//!
//! ```js
//! const t = new wasmBindings.Trainer({ sequence: [10, 20, 30, 40, 50, 60, 70, 80, 90], seqLen: 3, nSteps: 2 });
//! t.trainEpochs(200);                 // → the last epoch's loss
//! t.forecast([70, 80, 90]);           // → Float32Array [n_steps]
//! ```
//! Config keys are the page's URL keys ([`Field::key`]); each value goes through [`Config::set`],
//! so a bad one throws an `Error` with exactly the message the form shows.

use crate::config::{Config, Field};
use crate::trainer::Trainer;
use crate::weights;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

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
        let config = config_from_js(&config)?;
        let trainer = Trainer::new(&config).map_err(|e| JsError::new(&e.message))?;
        Ok(JsTrainer { config, trainer })
    }

    /// Trains `n` epochs and returns the last one's loss (NaN for n = 0). Throws on divergence,
    /// keeping the last finite weights.
    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, n: u32) -> Result<f32, JsError> {
        self.trainer.reserve_epochs(n as usize);
        let last = self
            .trainer
            .train_epochs(n as usize)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(last.unwrap_or(f32::NAN))
    }

    /// One loss per finished epoch, as Keras's `history['loss']`.
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self) -> Vec<f32> {
        self.trainer.history().to_vec()
    }

    /// The next n_steps values after `window` (seq_len values).
    pub fn forecast(&self, window: Vec<f32>) -> Result<Vec<f32>, JsError> {
        self.trainer.forecast(&window).map_err(|e| JsError::new(&e))
    }

    /// Parameter counts as Keras's `model.summary()`: `{ rnn, dense, total, features, units, nSteps, seqLen }`.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        let dims = self.trainer.model().dims;
        let c = dims.param_counts();
        let out = js_sys::Object::new();
        for (k, v) in [
            ("rnn", c.rnn),
            ("dense", c.dense),
            ("total", c.total),
            ("features", dims.features),
            ("units", dims.units),
            ("nSteps", dims.n_steps),
            ("seqLen", dims.seq_len),
        ] {
            Reflect::set(&out, &k.into(), &(v as f64).into()).map_err(js_error)?;
        }
        Ok(out.into())
    }

    /// The five arrays of Keras's `get_weights()`, as nested arrays.
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let m = self.trainer.model();
        let text = weights::to_keras_json(&m.params, &m.dims);
        js_sys::JSON::parse(&text).map_err(js_error)
    }

    /// Sets weights in Keras's layout (shape-checked); Adam starts afresh, as after `set_weights`.
    #[wasm_bindgen(js_name = setWeights)]
    pub fn set_weights(&mut self, w: JsValue) -> Result<(), JsError> {
        let text: String = js_sys::JSON::stringify(&w)
            .map_err(js_error)?
            .as_string()
            .unwrap_or_default();
        let params = weights::from_keras_json(&text, &self.trainer.model().dims)
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

    /// The settings in use, as a plain object with the same keys the constructor takes.
    pub fn config(&self) -> Result<JsValue, JsError> {
        let out = js_sys::Object::new();
        for field in Field::ALL {
            let value: JsValue = match field {
                Field::Sequence => self
                    .config
                    .sequence
                    .iter()
                    .map(|&v| JsValue::from(v))
                    .collect::<Array>()
                    .into(),
                Field::Shuffle => self.config.shuffle.into(),
                Field::Cell | Field::Activation | Field::Scaling => self.config.get(field).into(),
                _ => crate::number::parse_f64(&self.config.get(field))
                    .map(JsValue::from)
                    .unwrap_or(JsValue::NULL),
            };
            Reflect::set(&out, &field.key().into(), &value).map_err(js_error)?;
        }
        Ok(out.into())
    }
}

fn js_error(e: JsValue) -> JsError {
    JsError::new(
        &e.as_string()
            .unwrap_or_else(|| "Unexpected JavaScript error.".into()),
    )
}

/// Reads each known key of a plain object as text and sets it through [`Config::set`].
fn config_from_js(obj: &JsValue) -> Result<Config, JsError> {
    let mut config = Config::default();
    if obj.is_undefined() || obj.is_null() {
        return Ok(config);
    }
    if !obj.is_object() {
        return Err(JsError::new(
            "The config must be an object, like { seqLen: 3 }.",
        ));
    }
    for field in Field::ALL {
        let v = Reflect::get(obj, &field.key().into()).map_err(js_error)?;
        if v.is_undefined() {
            continue;
        }
        let text = if Array::is_array(&v) {
            Array::from(&v)
                .iter()
                .map(|x| {
                    x.as_f64()
                        .map(js_number_text)
                        .unwrap_or_else(|| format!("{x:?}"))
                })
                .collect::<Vec<_>>()
                .join(",")
        } else if let Some(b) = v.as_bool() {
            (if b { "on" } else { "off" }).to_string()
        } else if let Some(n) = v.as_f64() {
            js_number_text(n)
        } else if let Some(s) = v.as_string() {
            s
        } else {
            return Err(JsError::new(&format!(
                "{} has a value of the wrong type.",
                field.key()
            )));
        };
        config
            .set(field, &text)
            .map_err(|e| JsError::new(&e.message))?;
    }
    config.validate().map_err(|e| JsError::new(&e.message))?;
    Ok(config)
}

/// A JS number as JavaScript writes it (`String(n)`): our own parser reads it back exactly.
fn js_number_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}
