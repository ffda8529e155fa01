//! The classroom views: the windows table, the model summary and its formula in MathML, one step
//! of the recurrence with real numbers, the presets list and the Keras program. Each function
//! writes one part of the page from plain values; text always goes in as text, never as markup.

use super::dom::{by_id, document};
use crate::chart::short;
use crate::config::Config;
use crate::data::{group, window_count, Windows};
use crate::inside::StepTerms;
use crate::model::Dims;
use crate::presets::PRESETS;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// How many rows the windows table shows at most, and how many numbers in all (long windows get
/// fewer rows: 200 rows of 200 values would take the page 100 ms to build); the rest are counted
/// below it.
const MAX_ROWS: usize = 200;
const MAX_NUMBERS: usize = 4_000;
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

fn el(tag: &str) -> Element {
    document()
        .create_element(tag)
        .expect("elements can be created")
}

fn text_el(tag: &str, text: &str) -> Element {
    let e = el(tag);
    e.set_text_content(Some(text));
    e
}

/// `[10 20 30]`, as numpy prints an array.
fn numpy(values: &[f32]) -> String {
    let inner: Vec<String> = values.iter().map(|&v| short(v as f64)).collect();
    format!("[{}]", inner.join(" "))
}

/// The preset select's options, and the "your own sequence" entry.
pub fn fill_presets() {
    let select: web_sys::HtmlSelectElement = by_id("preset");
    for p in PRESETS {
        let option = text_el("option", p.name);
        option.set_attribute("value", p.key).ok();
        select.append_child(&option).ok();
    }
    let own = text_el("option", "Your own sequence");
    own.set_attribute("value", "custom").ok();
    select.append_child(&own).ok();
}

/// The windows as the notebook prints them, with the count worked out; held-out ones marked.
pub fn windows_table(config: &Config, windows: &Windows, held_out_from: Option<usize>) {
    let n = config.sequence.len();
    let count = window_count(n, config.seq_len, config.n_steps);
    super::dom::set_text(
        "window-count",
        &format!(
            "N − seq_len − n_steps + 1 = {} − {} − {} + 1 = {} windows{}",
            group(n),
            config.seq_len,
            config.n_steps,
            group(count),
            match held_out_from {
                Some(first) => format!(
                    "; the last {} are held out for testing (marked), and the {} just before \
                     them are left out so that no tested value was ever a training target.",
                    count - first,
                    config.n_steps - 1
                ),
                None => ".".into(),
            }
        ),
    );
    let body = by_id::<Element>("windows-table")
        .query_selector("tbody")
        .ok()
        .flatten()
        .expect("the windows table has a tbody");
    body.set_text_content(None);
    let per_row = config.seq_len + config.n_steps;
    let rows = windows
        .len()
        .min(MAX_ROWS)
        .min((MAX_NUMBERS / per_row).max(10));
    for i in 0..rows {
        let tr = el("tr");
        // One tab stop for the whole table; the arrow keys move between rows.
        tr.set_attribute("tabindex", if i == 0 { "0" } else { "-1" })
            .ok();
        tr.set_attribute("data-index", &i.to_string()).ok();
        let held = held_out_from.is_some_and(|f| i >= f);
        if held {
            tr.set_attribute("class", "held-out").ok();
        }
        let label = if held {
            format!("{i} (held out)")
        } else {
            i.to_string()
        };
        tr.append_child(&text_el("td", &label)).ok();
        tr.append_child(&text_el("td", &numpy(windows.input(i))))
            .ok();
        tr.append_child(&text_el("td", &numpy(windows.target(i))))
            .ok();
        body.append_child(&tr).ok();
    }
    let more = windows.len() - rows;
    super::dom::set_text(
        "windows-more",
        &if more > 0 {
            format!("… and {} more windows.", group(more))
        } else {
            String::new()
        },
    );
}

/// `model.summary()`'s table and the parameter formula with the live numbers, as MathML.
pub fn summary(dims: &Dims) {
    let c = dims.param_counts();
    let body = by_id::<Element>("summary-table")
        .query_selector("tbody")
        .ok()
        .flatten()
        .expect("the summary table has a tbody");
    body.set_text_content(None);
    let [rnn, dense] = c.rows(dims);
    let rows = [rnn, dense, ("Total params", String::new(), group(c.total))];
    for (layer, shape, params) in rows {
        let tr = el("tr");
        for cell in [layer, &shape, &params] {
            tr.append_child(&text_el("td", cell)).ok();
        }
        body.append_child(&tr).ok();
    }
    let (f, h, s) = (dims.features, dims.units, dims.n_steps);
    let box_ = by_id::<Element>("param-formula");
    box_.set_text_content(None);
    let lines: [(&str, Vec<Tok>); 3] = [
        (
            "SimpleRNN",
            vec![
                Tok::O("("),
                Tok::I("num_features"),
                Tok::O("+"),
                Tok::I("units"),
                Tok::O(")"),
                Tok::O("·"),
                Tok::I("units"),
                Tok::O("+"),
                Tok::I("units"),
                Tok::O("="),
                Tok::O("("),
                Tok::N(f.to_string()),
                Tok::O("+"),
                Tok::N(h.to_string()),
                Tok::O(")"),
                Tok::O("·"),
                Tok::N(h.to_string()),
                Tok::O("+"),
                Tok::N(h.to_string()),
                Tok::O("="),
                Tok::N(group(c.rnn)),
            ],
        ),
        (
            "Dense",
            vec![
                Tok::O("("),
                Tok::I("units"),
                Tok::O("+"),
                Tok::N("1".into()),
                Tok::O(")"),
                Tok::O("·"),
                Tok::I("n_steps"),
                Tok::O("="),
                Tok::O("("),
                Tok::N(h.to_string()),
                Tok::O("+"),
                Tok::N("1".into()),
                Tok::O(")"),
                Tok::O("·"),
                Tok::N(s.to_string()),
                Tok::O("="),
                Tok::N(group(c.dense)),
            ],
        ),
        (
            "Total",
            vec![
                Tok::N(group(c.rnn)),
                Tok::O("+"),
                Tok::N(group(c.dense)),
                Tok::O("="),
                Tok::N(group(c.total)),
            ],
        ),
    ];
    for (label, toks) in lines {
        box_.append_child(&math_line(label, &toks)).ok();
    }
}

/// One MathML token: an identifier, an operator or a number.
enum Tok {
    I(&'static str),
    O(&'static str),
    N(String),
    Text(String),
}

fn math_line(label: &str, toks: &[Tok]) -> Element {
    let math = document()
        .create_element_ns(Some(MATHML), "math")
        .expect("MathML elements can be created");
    math.set_attribute("display", "block").ok();
    let row = document()
        .create_element_ns(Some(MATHML), "mrow")
        .expect("mrow");
    let push = |tag: &str, text: &str| {
        let t = document()
            .create_element_ns(Some(MATHML), tag)
            .expect("token");
        t.set_text_content(Some(text));
        row.append_child(&t).ok();
    };
    push("mtext", &format!("{label}: "));
    for tok in toks {
        match tok {
            Tok::I(s) => push("mi", s),
            Tok::O(s) => push("mo", s),
            Tok::N(s) => push("mn", s),
            Tok::Text(s) => push("mtext", s),
        }
    }
    math.append_child(&row).ok();
    math
}

/// `h_t[j] = act(x_t·kernel[j] + (h_{t−1}·recurrent_kernel)[j] + bias[j])` for a few units, with
/// the window's numbers (in the model's units) filled in.
pub fn step_terms(act: &str, t: usize, terms: &[(usize, StepTerms)], dead: &[bool]) {
    let box_ = by_id::<Element>("step-terms");
    box_.set_text_content(None);
    let general = [
        Tok::I("h"),
        Tok::Text(format!("_{t}")),
        Tok::O("="),
        Tok::I("act"),
        Tok::O("("),
        Tok::I("x"),
        Tok::Text(format!("_{t}")),
        Tok::O("·"),
        Tok::I("kernel"),
        Tok::O("+"),
        Tok::I("h"),
        Tok::Text(format!("_{}", t - 1)),
        Tok::O("·"),
        Tok::I("recurrent_kernel"),
        Tok::O("+"),
        Tok::I("bias"),
        Tok::O(")"),
    ];
    box_.append_child(&math_line("Every unit", &general)).ok();
    for (j, terms) in terms {
        // Only SimpleRNN's step is written out here so far.
        let StepTerms::SimpleRnn { x, h: s } = terms else {
            continue;
        };
        let toks = [
            Tok::I("h"),
            Tok::Text(format!("_{t}[{j}]")),
            Tok::O("="),
            Tok::Text(act.to_string()),
            Tok::O("("),
            Tok::N(short(*x as f64)),
            Tok::O("·"),
            Tok::N(short(s.kernel as f64)),
            Tok::O("+"),
            Tok::N(short(s.recurrent as f64)),
            Tok::O("+"),
            Tok::N(short(s.bias as f64)),
            Tok::O(")"),
            Tok::O("="),
            Tok::Text(act.to_string()),
            Tok::O("("),
            Tok::N(short(s.pre as f64)),
            Tok::O(")"),
            Tok::O("="),
            Tok::N(short(s.value as f64)),
        ];
        let label = if dead.get(*j).copied().unwrap_or(false) {
            format!("Unit {j} (dead)")
        } else {
            format!("Unit {j}")
        };
        box_.append_child(&math_line(&label, &toks)).ok();
    }
}

/// Moves focus to the row above or below (`step` −1 or +1), for the arrow keys.
pub fn focus_row(from: &Element, step: i32) {
    let next = if step < 0 {
        from.previous_element_sibling()
    } else {
        from.next_element_sibling()
    };
    if let Some(row) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        row.focus().ok();
    }
}

/// Marks the selected row of the windows table (or none).
pub fn highlight_row(index: Option<usize>) {
    let Ok(rows) = by_id::<Element>("windows-table").query_selector_all("tbody tr") else {
        return;
    };
    for i in 0..rows.length() {
        if let Some(row) = rows.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let on = Some(i as usize) == index;
            row.set_attribute("aria-selected", if on { "true" } else { "false" })
                .ok();
        }
    }
}
