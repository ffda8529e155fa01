//! Settings in the URL query (not the hash: WordPress puts its own `#?secret=…` there), so a link
//! opens exactly the setup it was copied from. Values from a URL are untrusted: they go into the
//! form's fields as text and are checked there, with the form's messages.

use super::dom::{self, by_id};
use crate::config::{Config, Field};
use wasm_bindgen::JsCast;

/// Query keys that are not model settings.
pub const SPEED: &str = "speed";
pub const PRESET: &str = "preset";
pub const EMBED: &str = "embed";
pub const CONTROLS: &str = "controls";
pub const AUTOPLAY: &str = "autoplay";

/// The query's pairs, in order. A malformed query gives what the browser could read of it.
pub fn read() -> Vec<(String, String)> {
    let search = dom::window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    // URLSearchParams is iterable as [key, value] arrays.
    if let Ok(Some(iter)) = js_sys::try_iter(&params) {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// The value of `key` in the query, if present.
pub fn get(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Puts each setting found in the query into its form field, as text. Unknown keys are ignored.
pub fn fill_form(pairs: &[(String, String)]) {
    for (key, value) in pairs {
        if key == SPEED {
            let select: web_sys::HtmlSelectElement = by_id("speed");
            select.set_value(value);
            if select.selected_index() < 0 {
                select.set_value("20");
            }
            continue;
        }
        let Some(field) = Field::find(key) else {
            continue;
        };
        let el: web_sys::Element = by_id(field.id());
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            if input.type_() == "checkbox" {
                let on = !matches!(
                    value.trim().to_ascii_lowercase().as_str(),
                    "0" | "false" | "off" | "no"
                );
                input.set_checked(on);
            } else {
                input.set_value(value);
            }
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(value);
        } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            // A value that is not an option leaves nothing selected: the field then says why.
            select.set_value(value.trim());
        }
    }
}

/// The query for the form as it stands: the preset whose sequence is in use (instead of the
/// numbers), then every field whose text differs from that preset's (or the notebook's) setting,
/// as typed (even when invalid, so a reload keeps it), then speed and the embed options.
pub fn query(
    texts: &[(Field, String)],
    preset: Option<&crate::presets::Preset>,
    speed: &str,
) -> String {
    let mut defaults = Config::default();
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams exists");
    if let Some(p) = preset {
        p.apply(&mut defaults);
        params.append(PRESET, p.key);
    }
    for (field, text) in texts {
        if *field == Field::Sequence && preset.is_some() {
            continue;
        }
        if text.trim() != defaults.get(*field) {
            params.append(field.key(), text);
        }
    }
    if speed != "20" {
        params.append(SPEED, speed);
    }
    params.to_string().as_string().unwrap_or_default()
}

/// `query` followed by `extra` (e.g. the embed options). The settings part, which holds the whole
/// sequence, is encoded once and reused for the address, the embed code and the full-demo link.
pub fn with(query: &str, extra: &[(String, String)]) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams exists");
    for (k, v) in extra {
        params.append(k, v);
    }
    let extra = params.to_string().as_string().unwrap_or_default();
    match (query.is_empty(), extra.is_empty()) {
        (_, true) => query.to_string(),
        (true, false) => extra,
        (false, false) => format!("{query}&{extra}"),
    }
}

/// Replaces the address bar's query without a reload or a history entry.
pub fn replace(query: &str) {
    let location = dom::window().location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = dom::window().history() {
        // Can fail for an enormous URL; the page goes on with the old one.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// This page's address with `query`, for links and embed code.
pub fn absolute(query: &str) -> String {
    let location = dom::window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    if query.is_empty() {
        base
    } else {
        format!("{base}?{query}")
    }
}
