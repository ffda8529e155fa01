//! The classroom's tables and formulas: the windows table, `model.summary()` and its formula in
//! MathML, the Keras program, and one step of the recurrence with real numbers. Each function
//! writes one part of the page from plain values; text always goes in as text, never as markup.

use super::super::dom::{document, el, set_text, text_el, Finder};
use crate::app::State;
use crate::config::Config;
use crate::data::{window_count, Windows};
use crate::format::group;
use crate::format::short;
use crate::nn::model::Dims;
pub use crate::teach::equations::Tok;
use web_sys::Element;

/// How many rows the windows table shows at most, and how many numbers in all (long windows get
/// fewer rows: 200 rows of 200 values would take the page 100 ms to build); the rest are counted
/// below it.
const MAX_ROWS: usize = 200;
const MAX_NUMBERS: usize = 4_000;
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// What follows the settings rather than training: the windows table, the summary and its
/// formula, the Keras program.
pub struct LessonView {
    pub windows_body: Element,
    window_count: Element,
    windows_more: Element,
    summary_body: Element,
    param_note: Element,
    param_formula: Element,
    keras_code: Element,
    code_note: Element,
    pub copy_code: web_sys::HtmlButtonElement,
}

impl LessonView {
    pub fn new(f: &mut Finder) -> LessonView {
        let body = |f: &mut Finder, id: &str| {
            f.get::<Element>(id)
                .query_selector("tbody")
                .ok()
                .flatten()
                .unwrap_or_else(|| el("tbody", None))
        };
        LessonView {
            windows_body: body(f, "windows-table"),
            window_count: f.get("window-count"),
            windows_more: f.get("windows-more"),
            summary_body: body(f, "summary-table"),
            param_note: f.get("param-note"),
            param_formula: f.get("param-formula"),
            keras_code: f.get("keras-code"),
            code_note: f.get("code-note"),
            copy_code: f.get("copy-code"),
        }
    }

    /// The copy note: every time, it is short.
    pub fn render(&self, state: &State) {
        set_text(&self.code_note, &state.share.code_note);
    }

    /// Everything that follows from the settings rather than from training.
    pub fn render_lesson(&self, state: &State) {
        let c = &state.settings.config;
        let trainer = &state.run.trainer;
        let targets = trainer.target_columns();
        let f = c.series.features();
        if let Ok(windows) =
            crate::data::split_series(&c.series.values, f, targets, c.seq_len, c.n_steps)
        {
            let held = trainer.val_windows().map(|(_, first)| first);
            windows_table(
                &self.window_count,
                &self.windows_body,
                &self.windows_more,
                c,
                &windows,
                held,
            );
        }
        let dims = &trainer.model().dims;
        set_text(&self.param_note, &crate::teach::equations::param_note(dims));
        summary(&self.summary_body, &self.param_formula, dims);
        set_text(
            &self.keras_code,
            &crate::teach::keras_code::keras_program(c),
        );
    }

    /// The window pointed at, marked in the table.
    pub fn highlight(&self, state: &State) {
        highlight_row(&self.windows_body, state.inside.highlight);
    }
}

/// `[10 20 30]`, as numpy prints an array.
fn numpy(values: &[f32]) -> String {
    let inner: Vec<String> = values.iter().map(|&v| short(v as f64)).collect();
    format!("[{}]", crate::format::join(&inner, " "))
}

/// The windows as the notebook prints them, with the count worked out; held-out ones marked.
pub fn windows_table(
    count_el: &Element,
    body: &Element,
    more_el: &Element,
    config: &Config,
    windows: &Windows,
    held_out_from: Option<usize>,
) {
    let n = config.series.rows();
    let count = window_count(n, config.seq_len, config.n_steps);
    set_text(
        count_el,
        &format!(
            "N − seq_len − n_steps + 1 = {} − {} − {} + 1 = {} windows{}",
            group(n),
            config.seq_len,
            config.n_steps,
            group(count),
            match held_out_from {
                Some(first) => crate::teach::held_out_note(count - first, config.n_steps - 1),
                None => ".".into(),
            }
        ),
    );
    body.set_text_content(None);
    let f = windows.features();
    let per_row = config.seq_len * f + config.n_steps * windows.targets_per_step();
    let rows = windows
        .len()
        .min(MAX_ROWS)
        .min((MAX_NUMBERS / per_row).max(10));
    for i in 0..rows {
        let tr = el("tr", Some(body));
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
        text_el("td", &label, Some(&tr));
        let x = windows.input(i);
        let x_text = if f == 1 {
            numpy(x)
        } else {
            // (T, F): a row per step, as numpy prints a 2-D array.
            let rows: Vec<String> = x.chunks_exact(f).map(numpy).collect();
            format!("[{}]", crate::format::join(&rows, " "))
        };
        text_el("td", &x_text, Some(&tr));
        text_el("td", &numpy(windows.target(i)), Some(&tr));
    }
    let more = windows.len() - rows;
    set_text(
        more_el,
        &if more > 0 {
            format!("… and {} more windows.", group(more))
        } else {
            String::new()
        },
    );
}

/// Marks the selected row of the windows table (or none).
pub fn highlight_row(body: &Element, index: Option<usize>) {
    let rows = body.children();
    for i in 0..rows.length() {
        if let Some(row) = rows.item(i) {
            let on = Some(i as usize) == index;
            let want = if on { "true" } else { "false" };
            if row.get_attribute("aria-selected").as_deref() != Some(want) {
                row.set_attribute("aria-selected", want).ok();
            }
        }
    }
}

/// `model.summary()`'s table and the parameter formula with the live numbers, as MathML.
pub fn summary(body: &Element, formula: &Element, dims: &Dims) {
    let c = dims.param_counts();
    body.set_text_content(None);
    let mut rows = c.rows(dims);
    rows.push(("Total params".to_string(), String::new(), group(c.total)));
    for (layer, shape, params) in rows {
        let tr = el("tr", Some(body));
        for cell in [&layer, &shape, &params] {
            text_el("td", cell, Some(&tr));
        }
    }
    formula.set_text_content(None);
    for (label, toks) in crate::teach::equations::param_lines(dims) {
        formula.append_child(&math_line(&label, &toks)).ok();
    }
}

/// Writes labelled equations into `target`, replacing what was there.
pub fn equations(target: &Element, lines: &[crate::teach::equations::Line]) {
    target.set_text_content(None);
    for (label, toks) in lines {
        target.append_child(&math_line(label, toks)).ok();
    }
}

fn math_el(tag: &str) -> Element {
    document()
        .create_element_ns(Some(MATHML), tag)
        .expect("MathML elements can be created")
}

/// `−0.2855` with a real minus sign.
fn signed(v: f32) -> String {
    let s = short(v as f64);
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

pub fn math_line(label: &str, toks: &[Tok]) -> Element {
    let math = math_el("math");
    math.set_attribute("display", "block").ok();
    let row = math_el("mrow");
    let push = |parent: &Element, tag: &str, text: &str| {
        let t = math_el(tag);
        t.set_text_content(Some(text));
        parent.append_child(&t).ok();
    };
    push(&row, "mtext", &format!("{label}:\u{a0}"));
    let mut previous_op = "";
    for tok in toks {
        match tok {
            Tok::I(s) => push(&row, "mi", s),
            Tok::Sub(name, sub) => {
                // "1[3]": the step is the subscript, the unit index follows it.
                let (step, unit) = sub.split_at(sub.find('[').unwrap_or(sub.len()));
                let msub = math_el("msub");
                push(&msub, "mi", name);
                push(&msub, "mn", step);
                row.append_child(&msub).ok();
                if !unit.is_empty() {
                    push(&row, "mtext", unit);
                }
            }
            Tok::O(s) => push(&row, "mo", s),
            Tok::N(s) => push(&row, "mn", s),
            Tok::V(v) => {
                let negative = *v < 0.0 || (*v == 0.0 && v.is_sign_negative());
                match (previous_op, negative) {
                    ("+", true) => {
                        // Replace the "+" just written with a minus.
                        if let Some(last) = row.last_element_child() {
                            last.set_text_content(Some("\u{2212}"));
                        }
                        push(&row, "mn", &short(-*v as f64));
                    }
                    ("·", true) => {
                        push(&row, "mo", "(");
                        push(&row, "mn", &signed(*v));
                        push(&row, "mo", ")");
                    }
                    _ => push(&row, "mn", &signed(*v)),
                }
            }
            Tok::Text(s) => push(&row, "mtext", s),
        }
        previous_op = match tok {
            Tok::O(s) => s,
            _ => "",
        };
    }
    math.append_child(&row).ok();
    math
}

/// Moves focus to the row above or below (`step` −1 or +1), for the arrow keys.
pub fn focus_row(from: &Element, step: i32) {
    use wasm_bindgen::JsCast;
    let next = if step < 0 {
        from.previous_element_sibling()
    } else {
        from.next_element_sibling()
    };
    if let Some(row) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        row.focus().ok();
    }
}
