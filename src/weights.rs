//! Weights as JSON in Keras's layout: `json.dump([w.tolist() for w in model.get_weights()], f)`.

use crate::model::{split, Dims, WEIGHT_NAMES};
use serde_json::Value;

/// The five arrays as nested JSON lists, in `get_weights()` order and shapes.
pub fn to_keras_json(params: &[f32], dims: &Dims) -> String {
    let arrays: Vec<Value> = split(params, dims)
        .iter()
        .zip(dims.shapes().iter())
        .map(|(flat, shape)| nest(flat, shape))
        .collect();
    Value::Array(arrays).to_string()
}

fn nest(flat: &[f32], shape: &[usize]) -> Value {
    match shape {
        [_] => Value::Array(flat.iter().map(|&v| Value::from(v)).collect()),
        [_, cols] => Value::Array(flat.chunks(*cols).map(|row| nest(row, &[*cols])).collect()),
        _ => unreachable!("weights are vectors or matrices"),
    }
}

/// Reads Keras-layout weights for a model of size `dims`; any other shape is a clear error.
pub fn from_keras_json(text: &str, dims: &Dims) -> Result<Vec<f32>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("The weights are not valid JSON ({e})."))?;
    let arrays = match &value {
        Value::Array(a) if a.len() == 5 => a,
        _ => {
            return Err(format!(
                "The weights must be a list of 5 arrays ({}), as Keras's get_weights() gives.",
                WEIGHT_NAMES.join(", ")
            ))
        }
    };
    let mut params = Vec::with_capacity(dims.n_params());
    for ((array, want), name) in arrays.iter().zip(dims.shapes()).zip(WEIGHT_NAMES) {
        let got = shape_of(array)
            .ok_or_else(|| format!("{name} is not a rectangular array of numbers."))?;
        if got != want {
            return Err(format!(
                "{name} has shape {got:?}, but this model needs {want:?} \
                 (units = {}, n_steps = {}).",
                dims.units, dims.n_steps
            ));
        }
        flatten(array, &mut params);
    }
    if let Some(i) = params.iter().position(|v| !v.is_finite()) {
        return Err(format!(
            "Weight number {} is too large or not a number.",
            i + 1
        ));
    }
    Ok(params)
}

/// The array's shape, or None if it is ragged or holds something other than numbers.
fn shape_of(v: &Value) -> Option<Vec<usize>> {
    match v {
        Value::Number(_) => Some(vec![]),
        Value::Array(items) => {
            let inner = match items.first() {
                Some(first) => shape_of(first)?,
                None => vec![],
            };
            for item in items {
                if shape_of(item)? != inner {
                    return None;
                }
            }
            let mut shape = vec![items.len()];
            shape.extend(inner);
            Some(shape)
        }
        _ => None,
    }
}

fn flatten(v: &Value, out: &mut Vec<f32>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap_or(f64::NAN) as f32),
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        _ => {}
    }
}

/// The sizes a weights file implies: (units, n_steps), from its bias and dense bias; features 1.
pub fn dims_hint(text: &str) -> Option<(usize, usize)> {
    let value: Value = serde_json::from_str(text).ok()?;
    let a = value.as_array()?;
    Some((a.get(2)?.as_array()?.len(), a.get(4)?.as_array()?.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::model::Model;

    fn dims() -> Dims {
        Dims {
            seq_len: 3,
            features: 1,
            units: 4,
            n_steps: 2,
        }
    }

    #[test]
    fn round_trips_exactly() {
        let m = Model::new(dims(), Activation::Relu, 9);
        let text = to_keras_json(&m.params, &dims());
        assert!(text.starts_with("[[["), "{text}");
        assert_eq!(from_keras_json(&text, &dims()).unwrap(), m.params);
        assert_eq!(dims_hint(&text), Some((4, 2)));
    }

    #[test]
    fn shape_errors_name_the_array() {
        let m = Model::new(dims(), Activation::Relu, 9);
        let text = to_keras_json(&m.params, &dims());
        let mut other = dims();
        other.units = 5;
        let e = from_keras_json(&text, &other).unwrap_err();
        assert!(
            e.starts_with("kernel has shape [1, 4], but this model needs [1, 5]"),
            "{e}"
        );
        assert!(from_keras_json("[1,2]", &dims())
            .unwrap_err()
            .contains("list of 5 arrays"));
        assert!(from_keras_json("{", &dims())
            .unwrap_err()
            .contains("not valid JSON"));
        let ragged = "[[[1,2,3,4]],[[1],[1,2]],[0,0,0,0],[[0,0],[0,0],[0,0],[0,0]],[0,0]]";
        assert!(from_keras_json(ragged, &dims())
            .unwrap_err()
            .starts_with("recurrent_kernel is not"));
        let huge = text.replacen("0", "1e99", 1);
        assert!(from_keras_json(&huge, &dims()).is_err());
    }
}
