//! Weights as JSON in Keras's layout: `json.dump([w.tolist() for w in model.get_weights()], f)`.
//!
//! Written here (the shortest digits that read back as each f32); read with serde from whatever
//! parsed the JSON.

use crate::format::Num;
use crate::nn::cell::Cell;
use crate::nn::model::Dims;

/// The arrays as nested JSON lists, in `get_weights()` order and shapes (five for one layer:
/// kernel, recurrent_kernel, bias, dense_kernel, dense_bias; three more per extra slot).
/// Numbers are written in Rust's shortest form that reads back to the same f32.
pub fn to_keras_json(params: &[f32], dims: &Dims) -> String {
    let mut out = String::with_capacity(params.len() * 12);
    out.push('[');
    let layout = dims.layout();
    for (i, (range, shape)) in layout.arrays().into_iter().zip(dims.shapes()).enumerate() {
        let flat = &params[range];
        if i > 0 {
            out.push(',');
        }
        let row_len = *shape.last().expect("weights have a shape");
        let matrix = shape.len() == 2;
        if matrix {
            out.push('[');
        }
        for (r, row) in flat.chunks(row_len.max(1)).enumerate() {
            if r > 0 {
                out.push(',');
            }
            out.push('[');
            for (j, v) in row.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str(&Num(*v).to_string());
            }
            out.push(']');
        }
        if matrix {
            out.push(']');
        }
    }
    out.push(']');
    out
}

/// A parsed JSON value of the only kinds weights use: numbers and lists. It is read with serde
/// from whatever parsed the text (serde_json in the CLI, the browser's `JSON.parse` through
/// serde-wasm-bindgen in the page and the JS API), never by a reader of our own.
#[derive(Debug, Clone, PartialEq)]
pub enum Nested {
    Number(f64),
    List(Vec<Nested>),
}

/// Deeper nesting is refused (weights need 3), so hostile input can't exhaust the stack.
pub const MAX_DEPTH: usize = 8;

/// Reads a [`Nested`] at a known depth.
struct AtDepth(usize);

impl<'de> serde::de::DeserializeSeed<'de> for AtDepth {
    type Value = Nested;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Nested, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for AtDepth {
    type Value = Nested;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a list")
    }

    fn visit_f64<E>(self, v: f64) -> Result<Nested, E> {
        Ok(Nested::Number(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
        if self.0 >= MAX_DEPTH {
            return Err(serde::de::Error::custom(
                "the weights are lists nested too deeply",
            ));
        }
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(item) = seq.next_element_seed(AtDepth(self.0 + 1))? {
            items.push(item);
        }
        Ok(Nested::List(items))
    }
}

impl<'de> serde::Deserialize<'de> for Nested {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Nested, D::Error> {
        serde::de::DeserializeSeed::deserialize(AtDepth(0), d)
    }
}

impl serde::Serialize for Nested {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Nested::Number(v) => s.serialize_f64(*v),
            Nested::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// The weights as nested lists in `get_weights()` order and shapes (for the JS API).
pub fn to_nested(params: &[f32], dims: &Dims) -> Nested {
    let layout = dims.layout();
    let arrays = layout
        .arrays()
        .into_iter()
        .zip(dims.shapes())
        .map(|(range, shape)| {
            let flat = &params[range];
            let numbers =
                |row: &[f32]| Nested::List(row.iter().map(|&v| Nested::Number(v as f64)).collect());
            match shape.as_slice() {
                [_, cols] => Nested::List(flat.chunks((*cols).max(1)).map(numbers).collect()),
                _ => numbers(flat),
            }
        })
        .collect();
    Nested::List(arrays)
}

/// Reads Keras-layout weights from JSON text (the CLI's `--weights-in`).
#[cfg(feature = "cli")]
pub fn from_keras_json(text: &str, dims: &Dims) -> Result<Vec<f32>, String> {
    let value: Nested =
        serde_json::from_str(text).map_err(|e| format!("The weights are not valid JSON: {e}."))?;
    from_nested(&value, dims)
}

/// Checks and flattens already-parsed weights (e.g. from JavaScript) for a model of size `dims`.
pub fn from_nested(value: &Nested, dims: &Dims) -> Result<Vec<f32>, String> {
    let (shapes, names) = (dims.shapes(), dims.array_names());
    let arrays = match value {
        Nested::List(a) if a.len() == shapes.len() => a,
        Nested::List(a) if dims.slots() > 1 || a.len() > 5 => {
            return Err(format!(
                "These weights have {} arrays; this {} needs {}, as Keras's get_weights() gives.",
                a.len(),
                describe(dims),
                shapes.len()
            ))
        }
        _ => {
            return Err(format!(
                "The weights must be a list of {} arrays ({}), as Keras's get_weights() gives.",
                shapes.len(),
                crate::format::join(&names, ", ")
            ))
        }
    };
    let mut params = Vec::with_capacity(dims.n_params());
    for ((array, want), name) in arrays.iter().zip(&shapes).zip(&names) {
        let got = shape_of(array)
            .ok_or_else(|| format!("{name} is not a rectangular array of numbers."))?;
        if got != *want {
            return Err(shape_mismatch(name, &got, want, arrays, dims));
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

/// "These weights don't fit: kernel has shape [1, 200] (an LSTM with 50 units?), but this GRU
/// with 50 units needs [1, 150]." The guess comes from the recurrent kernel's shape, (H, G·H).
fn shape_mismatch(
    name: &str,
    got: &[usize],
    want: &[usize],
    arrays: &[Nested],
    dims: &Dims,
) -> String {
    let ours = (dims.cell, dims.layers.as_slice()[0]);
    let guess = match shape_of(&arrays[1]).as_deref() {
        Some(&[h, gh]) if h > 0 => Cell::ALL
            .into_iter()
            .find(|c| c.gates() * h == gh)
            .map(|c| (c, h)),
        _ => None,
    };
    let hint = match (guess, got) {
        (Some((cell, units)), _) if (cell, units) != ours && dims.slots() == 1 => {
            let article = if cell == Cell::Lstm { "an" } else { "a" };
            format!(" ({article} {}?)", layer(cell, units))
        }
        // The same layer: the Dense head is for another n_steps.
        (_, [.., s]) if name.starts_with("dense") => format!(" (n_steps = {s}?)"),
        _ => String::new(),
    };
    let needs = if name.starts_with("dense") {
        format!("{} and n_steps = {}", describe(dims), dims.n_steps)
    } else {
        describe(dims)
    };
    format!(
        "These weights don't fit: {name} has shape {got:?}{hint}, but this {needs} needs {want:?}."
    )
}

/// "LSTM with 50 units", "SimpleRNN with 1 unit".
fn layer(cell: Cell, units: usize) -> String {
    let plural = if units == 1 { "" } else { "s" };
    format!("{} with {units} unit{plural}", cell.keras_class())
}

/// The model's recurrent part in words: "LSTM with 50 units", "bidirectional GRU with 8
/// units", "stack of 2 LSTM layers (32, 16 units)".
pub fn describe(dims: &Dims) -> String {
    let both = if dims.bidirectional {
        "bidirectional "
    } else {
        ""
    };
    let units = dims.layers.as_slice();
    if let [h] = units {
        return format!("{both}{}", layer(dims.cell, *h));
    }
    let list: Vec<String> = units.iter().map(|h| h.to_string()).collect();
    format!(
        "stack of {} {both}{} layers ({} units)",
        units.len(),
        dims.cell.keras_class(),
        crate::format::join(&list, ", ")
    )
}

/// The array's shape, or None if it is ragged.
fn shape_of(v: &Nested) -> Option<Vec<usize>> {
    match v {
        Nested::Number(_) => Some(vec![]),
        Nested::List(items) => {
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
    }
}

fn flatten(v: &Nested, out: &mut Vec<f32>) {
    match v {
        Nested::Number(n) => out.push(*n as f32),
        Nested::List(items) => items.iter().for_each(|i| flatten(i, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::model::Layers;
    use crate::nn::model::Model;

    fn dims() -> Dims {
        Dims {
            cell: Cell::SimpleRnn,
            seq_len: 3,
            features: 1,
            layers: Layers::one(4),
            bidirectional: false,
            n_steps: 2,
            targets: 1,
        }
    }

    #[test]
    fn round_trips_exactly() {
        let m = Model::new(dims(), Activation::Relu, 9);
        let text = to_keras_json(&m.params, &dims());
        assert!(text.starts_with("[[["), "{text}");
        assert_eq!(from_keras_json(&text, &dims()).unwrap(), m.params);
    }

    #[test]
    fn reads_what_python_writes() {
        // json.dump of float32 .tolist(): f64 text of f32 values, spaces after commas.
        let text = "[[[0.10000000149011612, -2.5, 1e-05, 3.0]], \
            [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]], \
            [0.0, 0.0, 0.0, 0.0], [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], [0.5, -0.5]]\n";
        let p = from_keras_json(text, &dims()).unwrap();
        assert_eq!(p.len(), dims().n_params());
        assert_eq!(p[0], 0.1f32);
        assert_eq!(p[2], 1e-5f32);
        assert_eq!(*p.last().unwrap(), -0.5);
    }

    #[test]
    fn shape_and_syntax_errors_say_what_and_where() {
        let m = Model::new(dims(), Activation::Relu, 9);
        let text = to_keras_json(&m.params, &dims());
        let mut other = dims();
        other.layers = Layers::one(5);
        let e = from_keras_json(&text, &other).unwrap_err();
        assert_eq!(
            e,
            "These weights don't fit: kernel has shape [1, 4] (a SimpleRNN with 4 units?), \
             but this SimpleRNN with 5 units needs [1, 5]."
        );
        assert!(from_keras_json("[1,2]", &dims())
            .unwrap_err()
            .contains("list of 5 arrays"));
        for (text, want) in [
            ("[[1,", "EOF while parsing a value at line 1 column 4"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("[NaN]", "expected value at line 1 column 2"),
            ("[1]x", "trailing characters at line 1 column 4"),
            ("[\"a\"]", "expected a number or a list"),
        ] {
            let e = from_keras_json(text, &dims()).unwrap_err();
            assert!(
                e.starts_with("The weights are not valid JSON: ") && e.contains(want),
                "{text}: {e}"
            );
        }
        assert!(from_keras_json(&"[".repeat(100_000), &dims())
            .unwrap_err()
            .contains("too deeply"));
        let ragged = "[[[1,2,3,4]],[[1],[1,2]],[0,0,0,0],[[0,0],[0,0],[0,0],[0,0]],[0,0]]";
        assert!(from_keras_json(ragged, &dims())
            .unwrap_err()
            .starts_with("recurrent_kernel is not"));
        let huge = text.replacen("0", "1e99", 1);
        assert!(from_keras_json(&huge, &dims()).is_err());
    }

    #[test]
    fn a_mismatch_names_both_cells_and_both_shapes() {
        let with = |cell, units, n_steps| Dims {
            cell,
            layers: Layers::one(units),
            bidirectional: false,
            n_steps,
            targets: 1,
            ..dims()
        };
        let lstm = with(Cell::Lstm, 50, 2);
        let text = to_keras_json(&Model::new(lstm, Activation::Tanh, 1).params, &lstm);
        assert!(text.starts_with("[[["), "{text}");
        assert_eq!(from_keras_json(&text, &lstm).unwrap().len(), 10_502);
        assert_eq!(
            from_keras_json(&text, &with(Cell::Gru, 50, 2)).unwrap_err(),
            "These weights don't fit: kernel has shape [1, 200] (an LSTM with 50 units?), \
             but this GRU with 50 units needs [1, 150]."
        );
        assert_eq!(
            from_keras_json(&text, &with(Cell::Lstm, 50, 3)).unwrap_err(),
            "These weights don't fit: dense_kernel has shape [50, 2] (n_steps = 2?), \
             but this LSTM with 50 units and n_steps = 3 needs [50, 3]."
        );
        // A GRU's bias is (2, 3H): its two rows round-trip.
        let gru = with(Cell::Gru, 3, 2);
        let mut m = Model::new(gru, Activation::Tanh, 1);
        let bias_at = gru.layout().slots[0][2].start;
        m.params[bias_at + 9] = 0.5;
        let text = to_keras_json(&m.params, &gru);
        assert!(
            text.contains("[[0,0,0,0,0,0,0,0,0],[0.5,0,0,0,0,0,0,0,0]]"),
            "{text}"
        );
        assert_eq!(from_keras_json(&text, &gru).unwrap(), m.params);
        let e = from_keras_json(&text, &with(Cell::SimpleRnn, 3, 2)).unwrap_err();
        assert!(e.contains("(a GRU with 3 units?)"), "{e}");
    }
}
