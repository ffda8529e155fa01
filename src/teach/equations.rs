//! The equations the page writes out, as tokens (the page renders them as MathML): the
//! parameter formula for each cell, and one step of each cell with its real numbers.

use crate::format::group;
use crate::nn::cell::{Cell, StepLine};
use crate::nn::model::Dims;

/// One token of an equation.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier: `kernel`.
    I(&'static str),
    /// An identifier with a subscript: h₁, h_{t−1}.
    Sub(&'static str, String),
    /// An operator.
    O(&'static str),
    /// A number as written (counts).
    N(String),
    /// A value: written with a real minus sign, bracketed after `·`, and after `+` a negative
    /// one turns the `+` into `−`.
    V(f32),
    Text(String),
}

/// A labelled line: "SimpleRNN: (num_features + units)·units + units = … = 2,600".
pub type Line = (String, Vec<Tok>);

/// A line as plain text with Unicode subscripts and real minus signs, for places where it must
/// wrap (beside the network picture): "h₁[3] = tanh(0.5 · 1.2 + 0.3 − 0.1) = 0.66".
pub fn plain(toks: &[Tok]) -> String {
    let mut out = String::new();
    let mut previous = "";
    for tok in toks {
        let piece = match tok {
            I(s) => s.to_string(),
            Sub(name, sub) => {
                // "1[3]": the step is a subscript, the unit index stays as written.
                let (step, rest) = sub
                    .split_once('[')
                    .map_or((sub.as_str(), ""), |(a, _)| (a, &sub[a.len()..]));
                let step: String = step.chars().map(subscript_char).collect();
                format!("{name}{step}{rest}")
            }
            O(s) => s.to_string(),
            N(s) | Text(s) => s.clone(),
            V(v) => {
                let text = crate::format::short(*v as f64);
                match (previous, text.strip_prefix('-')) {
                    ("+", Some(rest)) => {
                        // "+ -1.3" reads as "− 1.3".
                        out.truncate(out.trim_end_matches(['+', ' ']).len());
                        format!(" \u{2212} {rest}")
                    }
                    ("·", Some(rest)) => format!("(\u{2212}{rest})"),
                    (_, Some(rest)) => format!("\u{2212}{rest}"),
                    _ => text,
                }
            }
        };
        let spaced = matches!(tok, O("=" | "+" | "−" | "·" | "⊙"));
        if spaced {
            out += &format!(" {piece} ");
        } else {
            out += &piece;
        }
        previous = match tok {
            O(s) => s,
            _ => "",
        };
    }
    let out = replace_pair(&out, *b"  ", " ");
    replace_pair(&out, *b"( ", "(").trim().to_string()
}

/// `text.replace(from, to)` for a two-byte ASCII `from`, written out: a `&str` pattern would
/// link core's substring searcher into the page for this one use.
fn replace_pair(text: &str, from: [u8; 2], to: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut done, mut i) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] == from[0] && bytes[i + 1] == from[1] {
            // ASCII bytes are whole characters, so both ends are character boundaries.
            out.push_str(&text[done..i]);
            out.push_str(to);
            i += 2;
            done = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[done..]);
    out
}

fn subscript_char(c: char) -> char {
    match c {
        '0'..='9' => char::from_u32(0x2080 + c as u32 - '0' as u32).unwrap_or(c),
        't' => 'ₜ',
        '−' | '-' => '₋',
        _ => c,
    }
}

use Tok::{Sub, Text, I, N, O, V};

/// The line above [`param_lines`]: what num_features is for this data, and what a layer above
/// the first reads instead.
pub fn param_note(dims: &Dims) -> String {
    let f = dims.features;
    let mut note = if f == 1 {
        "Where the numbers come from (num_features is 1: one value per time step".to_string()
    } else {
        format!(
            "Where the numbers come from (num_features is {f}: one value of each of the {f} series \
             per time step"
        )
    };
    if dims.layers.len() > 1 {
        note += "; a layer above the first reads the layer below's outputs in its place";
    }
    note + "):"
}

/// `model.summary()`'s counts worked out, with the live numbers: a line per recurrent layer (its
/// input width F_l: num_features at the bottom, the layer below's outputs above; twice for a
/// bidirectional layer's two directions), the Dense head, the total.
pub fn param_lines(dims: &Dims) -> Vec<Line> {
    let c = dims.param_counts();
    let d = dims.directions();
    let stacked = dims.layers.len() > 1;
    let mut lines = Vec::new();
    for (l, &h) in dims.layers.as_slice().iter().enumerate() {
        let f = dims.slot(l * d).input.to_string();
        let h = h.to_string();
        // (F + H)·H + H, with symbols, then numbers; a GRU keeps two bias rows (reset_after).
        let one = group(c.layers[l] / d);
        let numbers = [f, h.clone(), h.clone(), h, one];
        let mut toks = filled(dims.cell.param_formula(), "", "", &[], &numbers);
        if d == 2 {
            toks.extend(filled("· 2 = %", "", "", &[], &[group(c.layers[l])]));
        }
        let mut label = dims.cell.keras_class().to_string();
        if dims.bidirectional {
            label = format!("Bidirectional({label})");
        }
        if stacked {
            label += &format!(", layer {}", l + 1);
        }
        lines.push((label, toks));
    }
    let dense = group(c.dense);
    let head = if d == 1 && dims.targets == 1 {
        let (h, s) = (dims.layers.top().to_string(), dims.n_steps.to_string());
        filled(
            "( units + 1 ) · n_steps = ( % + 1 ) · % = %",
            "",
            "",
            &[],
            &[h, s, dense.clone()],
        )
    } else {
        let (i, o) = (dims.head_input().to_string(), dims.outputs().to_string());
        filled(
            "( inputs + 1 ) · outputs = ( % + 1 ) · % = %",
            "",
            "",
            &[],
            &[i, o, dense.clone()],
        )
    };
    lines.push(("Dense".into(), head));
    let rnn = group(c.rnn);
    lines.push((
        "Total".into(),
        filled("% + % = %", "", "", &[], &[rnn, dense, group(c.total)]),
    ));
    lines
}

/// The cell's equations in symbols, for every unit at once.
pub fn general_lines(cell: Cell) -> Vec<Line> {
    cell.equations()
        .iter()
        .map(|&(label, line)| (label.to_string(), tokens(line)))
        .collect()
}

/// An equation written as text, as tokens: words split at spaces; `name@sub` is a name with a
/// subscript, digits a number, `= + − · ⊙ ( ) ,` operators, any other word an identifier. (Text
/// is a fraction of the wasm that building each token in code takes.)
fn tokens(line: &'static str) -> Vec<Tok> {
    filled(line, "", "", &[], &[])
}

/// [`tokens`] with live parts: `name@` (no subscript written) takes `sub`, `$` is `text`, each
/// `#` the next of `values`, and each `%` the next of `numbers`.
fn filled(
    line: &'static str,
    sub: &str,
    text: &str,
    values: &[f32],
    numbers: &[String],
) -> Vec<Tok> {
    let mut values = values.iter();
    let mut numbers = numbers.iter();
    line.split(' ')
        .map(|w| match w.split_once('@') {
            Some((name, "")) => Sub(name, sub.to_string()),
            Some((name, written)) => Sub(name, written.to_string()),
            None if w == "#" => V(values.next().copied().unwrap_or(f32::NAN)),
            None if w == "$" => Text(text.to_string()),
            None if w == "%" => N(numbers.next().cloned().unwrap_or_default()),
            None if w.bytes().all(|b| b.is_ascii_digit()) => N(w.to_string()),
            None if matches!(w, "=" | "+" | "−" | "·" | "⊙" | "(" | ")" | ",") => O(w),
            None => I(w),
        })
        .collect()
}

/// One step of unit `j` at time `t` with its real numbers, a line per gate and state, from the
/// cell's [`StepLine`]s: labelled "Unit 7, input gate" (a cell's only line: "Unit 7").
pub fn step_lines(lines: &[StepLine], t: usize, j: usize) -> Vec<Line> {
    let unit = format!("Unit {j}");
    let sub = format!("{t}[{j}]");
    lines
        .iter()
        .map(|l| {
            let label = if l.what.is_empty() {
                unit.clone()
            } else {
                format!("{unit}, {}", l.what)
            };
            (label, filled(l.template, &sub, l.function, &l.values, &[]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::model::Layers;

    #[test]
    fn param_lines_tokens() {
        // The tokens the lines were built from in code, before they were written as text.
        let want = [
            r#"[("SimpleRNN", [O("("), I("num_features"), O("+"), I("units"), O(")"), O("·"), I("units"), O("+"), I("units"), O("="), O("("), N("3"), O("+"), N("1234"), O(")"), O("·"), N("1234"), O("+"), N("1234"), O("="), N("1,527,692")]), ("Dense", [O("("), I("units"), O("+"), N("1"), O(")"), O("·"), I("n_steps"), O("="), O("("), N("1234"), O("+"), N("1"), O(")"), O("·"), N("10"), O("="), N("12,350")]), ("Total", [N("1,527,692"), O("+"), N("12,350"), O("="), N("1,540,042")])]"#,
            r#"[("LSTM", [N("4"), O("·"), O("("), O("("), I("num_features"), O("+"), I("units"), O(")"), O("·"), I("units"), O("+"), I("units"), O(")"), O("="), N("4"), O("·"), O("("), O("("), N("3"), O("+"), N("1234"), O(")"), O("·"), N("1234"), O("+"), N("1234"), O(")"), O("="), N("6,110,768")]), ("Dense", [O("("), I("units"), O("+"), N("1"), O(")"), O("·"), I("n_steps"), O("="), O("("), N("1234"), O("+"), N("1"), O(")"), O("·"), N("10"), O("="), N("12,350")]), ("Total", [N("6,110,768"), O("+"), N("12,350"), O("="), N("6,123,118")])]"#,
            r#"[("GRU", [N("3"), O("·"), O("("), O("("), I("num_features"), O("+"), I("units"), O(")"), O("·"), I("units"), O("+"), N("2"), O("·"), I("units"), O(")"), O("="), N("3"), O("·"), O("("), O("("), N("3"), O("+"), N("1234"), O(")"), O("·"), N("1234"), O("+"), N("2"), O("·"), N("1234"), O(")"), O("="), N("4,586,778")]), ("Dense", [O("("), I("units"), O("+"), N("1"), O(")"), O("·"), I("n_steps"), O("="), O("("), N("1234"), O("+"), N("1"), O(")"), O("·"), N("10"), O("="), N("12,350")]), ("Total", [N("4,586,778"), O("+"), N("12,350"), O("="), N("4,599,128")])]"#,
        ];
        for (cell, want) in [Cell::SimpleRnn, Cell::Lstm, Cell::Gru]
            .into_iter()
            .zip(want)
        {
            let dims = Dims {
                cell,
                seq_len: 3,
                features: 3,
                layers: Layers::one(1234),
                bidirectional: false,
                n_steps: 10,
                targets: 1,
            };
            assert_eq!(format!("{:?}", param_lines(&dims)), want);
        }
    }

    /// The lines the old code built from typed terms, as the cells now write them: the same
    /// templates as each cell's (checked below against a real model's), with numbers.
    fn all_lines() -> [Vec<StepLine>; 3] {
        let mut k = 0.0;
        let mut next = || {
            k += 0.25;
            if k as i32 % 2 == 0 {
                k
            } else {
                -k
            }
        };
        // kernel, input, recurrent, bias, pre, value; a line shows all but the input.
        let mut gate = || {
            let g: Vec<f32> = (0..6).map(|_| next()).collect();
            [g[0], g[2], g[3], g[4], g[5]]
        };
        let (g1, g2, g3, g4, g5) = (gate(), gate(), gate(), gate(), gate());
        let line = |what, template, function, x: f32, g: [f32; 5]| StepLine {
            what,
            template,
            function,
            values: [&[x][..], &g[..]].concat(),
        };
        let plain = |what, template, values: &[f32]| StepLine {
            what,
            template,
            function: "tanh",
            values: values.to_vec(),
        };
        let gate_t = |name: &str| -> &'static str {
            match name {
                "h" => "h@ = $ ( # · # + # + # ) = $ ( # ) = #",
                "i" => "i@ = $ ( # · # + # + # ) = $ ( # ) = #",
                "f" => "f@ = $ ( # · # + # + # ) = $ ( # ) = #",
                "c" => "c̃@ = $ ( # · # + # + # ) = $ ( # ) = #",
                "o" => "o@ = $ ( # · # + # + # ) = $ ( # ) = #",
                "z" => "z@ = $ ( # · # + # + # ) = $ ( # ) = #",
                _ => "r@ = $ ( # · # + # + # ) = $ ( # ) = #",
            }
        };
        [
            vec![line("", gate_t("h"), "tanh", 1.5, g1)],
            vec![
                line("input gate", gate_t("i"), "σ", -2.5, g1),
                line("forget gate", gate_t("f"), "σ", -2.5, g2),
                line("candidate", gate_t("c"), "tanh", -2.5, g3),
                line("output gate", gate_t("o"), "σ", -2.5, g4),
                plain(
                    "memory",
                    "c@ = # · # + # · # = #",
                    &[g2[4], 0.5, g1[4], g3[4], -0.75],
                ),
                plain(
                    "output",
                    "h@ = # · $ ( # ) = # · # = #",
                    &[g4[4], -0.75, g4[4], 0.125, 3.0],
                ),
            ],
            vec![
                line("update gate", gate_t("z"), "σ", 0.5, g5),
                line("reset gate", gate_t("r"), "σ", 0.5, g2),
                plain(
                    "candidate",
                    "ĥ@ = $ ( # · # + # + # · ( # + # ) ) = #",
                    &[0.5, 1.0, -3.0, 0.5, 4.0, -5.0, -0.5],
                ),
                plain(
                    "new state",
                    "h@ = # · # + ( 1 − # ) · # = #",
                    &[g5[4], 0.25, g5[4], -0.5, -1.0],
                ),
            ],
        ]
    }

    #[test]
    fn step_lines_tokens() {
        // The tokens the lines were built from in code, before they were written as text.
        let want = [
            r#"[("Unit 7", [Sub("h", "3[7]"), O("="), Text("tanh"), O("("), V(1.5), O("·"), V(0.25), O("+"), V(0.75), O("+"), V(-1.0), O(")"), O("="), Text("tanh"), O("("), V(-1.25), O(")"), O("="), V(-1.5)])]"#,
            r#"[("Unit 7, input gate", [Sub("i", "3[7]"), O("="), Text("σ"), O("("), V(-2.5), O("·"), V(0.25), O("+"), V(0.75), O("+"), V(-1.0), O(")"), O("="), Text("σ"), O("("), V(-1.25), O(")"), O("="), V(-1.5)]), ("Unit 7, forget gate", [Sub("f", "3[7]"), O("="), Text("σ"), O("("), V(-2.5), O("·"), V(-1.75), O("+"), V(2.25), O("+"), V(2.5), O(")"), O("="), Text("σ"), O("("), V(2.75), O(")"), O("="), V(-3.0)]), ("Unit 7, candidate", [Sub("c\u{303}", "3[7]"), O("="), Text("tanh"), O("("), V(-2.5), O("·"), V(-3.25), O("+"), V(-3.75), O("+"), V(4.0), O(")"), O("="), Text("tanh"), O("("), V(4.25), O(")"), O("="), V(4.5)]), ("Unit 7, output gate", [Sub("o", "3[7]"), O("="), Text("σ"), O("("), V(-2.5), O("·"), V(4.75), O("+"), V(-5.25), O("+"), V(-5.5), O(")"), O("="), Text("σ"), O("("), V(-5.75), O(")"), O("="), V(6.0)]), ("Unit 7, memory", [Sub("c", "3[7]"), O("="), V(-3.0), O("·"), V(0.5), O("+"), V(-1.5), O("·"), V(4.5), O("="), V(-0.75)]), ("Unit 7, output", [Sub("h", "3[7]"), O("="), V(6.0), O("·"), Text("tanh"), O("("), V(-0.75), O(")"), O("="), V(6.0), O("·"), V(0.125), O("="), V(3.0)])]"#,
            r#"[("Unit 7, update gate", [Sub("z", "3[7]"), O("="), Text("σ"), O("("), V(0.5), O("·"), V(6.25), O("+"), V(6.75), O("+"), V(-7.0), O(")"), O("="), Text("σ"), O("("), V(-7.25), O(")"), O("="), V(-7.5)]), ("Unit 7, reset gate", [Sub("r", "3[7]"), O("="), Text("σ"), O("("), V(0.5), O("·"), V(-1.75), O("+"), V(2.25), O("+"), V(2.5), O(")"), O("="), Text("σ"), O("("), V(2.75), O(")"), O("="), V(-3.0)]), ("Unit 7, candidate", [Sub("ĥ", "3[7]"), O("="), Text("tanh"), O("("), V(0.5), O("·"), V(1.0), O("+"), V(-3.0), O("+"), V(0.5), O("·"), O("("), V(4.0), O("+"), V(-5.0), O(")"), O(")"), O("="), V(-0.5)]), ("Unit 7, new state", [Sub("h", "3[7]"), O("="), V(-7.5), O("·"), V(0.25), O("+"), O("("), N("1"), O("−"), V(-7.5), O(")"), O("·"), V(-0.5), O("="), V(-1.0)])]"#,
        ];
        let window = [0.5, -1.0, 0.25];
        for ((lines, want), cell) in all_lines().into_iter().zip(want).zip(Cell::ALL) {
            assert_eq!(format!("{:?}", step_lines(&lines, 3, 7)), want);
            // The cells write exactly these lines (what, equation, function) for a real model.
            let dims = Dims {
                cell,
                seq_len: 3,
                features: 1,
                layers: Layers::one(8),
                bidirectional: false,
                n_steps: 1,
                targets: 1,
            };
            let model =
                crate::nn::model::Model::new(dims, crate::nn::activation::Activation::Tanh, 1);
            let trace = model.trace(&window);
            let real = crate::teach::inside::step_lines(&model, 0, &trace, 3, 7, false);
            let shape = |l: &StepLine| (l.what, l.template, l.function, l.values.len());
            assert_eq!(
                real.iter().map(shape).collect::<Vec<_>>(),
                lines.iter().map(shape).collect::<Vec<_>>(),
                "{cell}"
            );
        }
    }

    #[test]
    fn general_lines_tokens() {
        // The tokens the equations were built from in code, before they were written as text.
        let want = [
            r#"[("Every unit", [Sub("h", "t"), O("="), I("act"), O("("), Sub("x", "t"), O("·"), I("kernel"), O("+"), Sub("h", "t−1"), O("·"), I("recurrent_kernel"), O("+"), I("bias"), O(")")])]"#,
            r#"[("Gates", [Sub("i", "t"), O(","), Sub("f", "t"), O(","), Sub("o", "t"), O("="), I("σ"), O("("), Sub("x", "t"), O("·"), I("W"), O("+"), Sub("h", "t−1"), O("·"), I("U"), O("+"), I("b"), O(")")]), ("Candidate", [Sub("c\u{303}", "t"), O("="), I("act"), O("("), Sub("x", "t"), O("·"), I("W"), O("+"), Sub("h", "t−1"), O("·"), I("U"), O("+"), I("b"), O(")")]), ("Memory", [Sub("c", "t"), O("="), Sub("f", "t"), O("⊙"), Sub("c", "t−1"), O("+"), Sub("i", "t"), O("⊙"), Sub("c\u{303}", "t"), O(","), Sub("h", "t"), O("="), Sub("o", "t"), O("⊙"), I("act"), O("("), Sub("c", "t"), O(")")])]"#,
            r#"[("Gates", [Sub("z", "t"), O(","), Sub("r", "t"), O("="), I("σ"), O("("), Sub("x", "t"), O("·"), I("W"), O("+"), Sub("h", "t−1"), O("·"), I("U"), O("+"), I("b"), O(")")]), ("Candidate", [Sub("ĥ", "t"), O("="), I("act"), O("("), Sub("x", "t"), O("·"), I("W"), O("+"), Sub("r", "t"), O("⊙"), O("("), Sub("h", "t−1"), O("·"), I("U"), O("+"), I("b"), O(")"), O("+"), I("b"), O(")")]), ("New state", [Sub("h", "t"), O("="), Sub("z", "t"), O("⊙"), Sub("h", "t−1"), O("+"), O("("), N("1"), O("−"), Sub("z", "t"), O(")"), O("⊙"), Sub("ĥ", "t")])]"#,
        ];
        for (cell, want) in [Cell::SimpleRnn, Cell::Lstm, Cell::Gru]
            .into_iter()
            .zip(want)
        {
            assert_eq!(format!("{:?}", general_lines(cell)), want);
        }
    }

    #[test]
    fn replace_pair_is_str_replace() {
        for text in [
            "",
            " ",
            "  ",
            "   ",
            "    ",
            "a  b   c",
            "( x",
            "((  ( y",
            "h₁  ( −0.5 )  ",
            "x(",
        ] {
            for (from, to) in [("  ", " "), ("( ", "(")] {
                let pair = [from.as_bytes()[0], from.as_bytes()[1]];
                assert_eq!(
                    replace_pair(text, pair, to),
                    text.replace(from, to),
                    "{text:?}"
                );
            }
        }
    }

    fn text(line: &[Tok]) -> String {
        line.iter()
            .map(|t| match t {
                I(s) | O(s) => s.to_string(),
                Sub(a, b) => format!("{a}_{b}"),
                N(s) | Text(s) => s.clone(),
                V(v) => crate::format::short(*v as f64),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn plain_lines_use_subscripts_and_real_minus_signs() {
        let line = vec![
            Sub("h", "1[3]".into()),
            O("="),
            Text("tanh".into()),
            O("("),
            V(0.5),
            O("·"),
            V(-1.25),
            O("+"),
            V(-0.1),
            O(")"),
            O("="),
            V(-0.66),
        ];
        assert_eq!(plain(&line), "h₁[3] = tanh(0.5 · (−1.25) − 0.1) = −0.66");
    }

    #[test]
    fn parameter_formulas_add_up_for_every_cell() {
        for (cell, rnn) in [
            (Cell::SimpleRnn, "2,600"),
            (Cell::Lstm, "10,400"),
            (Cell::Gru, "7,950"),
        ] {
            let dims = Dims::single(cell, 3, 50, 2);
            let lines = param_lines(&dims);
            let first = text(&lines[0].1);
            assert!(first.ends_with(&format!("= {rnn}")), "{cell}: {first}");
            assert_eq!(lines[0].0, cell.keras_class());
        }
        let dims = Dims::single(Cell::Gru, 3, 50, 2);
        assert_eq!(
            text(&param_lines(&dims)[0].1),
            "3 · ( ( num_features + units ) · units + 2 · units ) = 3 · ( ( 1 + 50 ) · 50 + 2 · 50 ) = 7,950"
        );
    }
}
