//! Small helpers over web-sys, whose `expect` messages say what the browser promises to have.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
}

pub fn document() -> Document {
    window().document().expect("the window has a document")
}

pub fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Looks elements up by id once, at launch, and collects every missing one, so a page whose
/// markup drifted from the code says so in one clear message instead of panicking later.
pub struct Finder {
    doc: Document,
    pub missing: Vec<String>,
}

impl Finder {
    pub fn new(doc: &Document) -> Finder {
        Finder {
            doc: doc.clone(),
            missing: Vec::new(),
        }
    }

    /// The element `#id` as its HTML type; a stand-in (detached) element if it is missing or of
    /// another type, recorded in `missing`.
    pub fn get<T: JsCast>(&mut self, id: &str) -> T {
        self.get_checked(id, |e| e.has_type::<T>()).unchecked_into()
    }

    /// [`Finder::get`] with its type test passed in: one copy, not one per element type.
    fn get_checked(&mut self, id: &str, is_t: fn(&Element) -> bool) -> Element {
        match self.doc.get_element_by_id(id).filter(is_t) {
            Some(el) => el,
            None => {
                self.missing.push(format!("#{id}"));
                self.doc
                    .create_element("div")
                    .expect("elements can be created")
            }
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// An input, select or textarea, for its `value` through one binding: web-sys has one per
    /// element type, each its own import and glue.
    #[wasm_bindgen(extends = Element)]
    type FormControl;
    #[wasm_bindgen(method, getter)]
    fn value(this: &FormControl) -> String;
    #[wasm_bindgen(method, setter)]
    fn set_value(this: &FormControl, value: &str);
}

/// The value of an input, select or textarea.
pub fn value(el: &Element) -> String {
    el.unchecked_ref::<FormControl>().value()
}

/// Writes an input's, select's or textarea's value.
pub fn write_value(el: &Element, text: &str) {
    el.unchecked_ref::<FormControl>().set_value(text);
}

/// Writes an input's, select's or textarea's value only if it differs (as [`set_text`]).
pub fn set_value(el: &Element, text: &str) {
    if value(el) != text {
        write_value(el, text);
    }
}

/// Creates an element with a tag, and appends it to `parent` if given.
pub fn el(tag: &str, parent: Option<&Element>) -> Element {
    let e = document()
        .create_element(tag)
        .expect("elements can be created");
    if let Some(p) = parent {
        p.append_child(&e).ok();
    }
    e
}

/// An element with text (always as text, never markup).
pub fn text_el(tag: &str, text: &str, parent: Option<&Element>) -> Element {
    let e = el(tag, parent);
    e.set_text_content(Some(text));
    e
}

/// Writes `text` only if it differs: the DOM's own text is the cache.
pub fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

pub fn set_hidden(el: &HtmlElement, hidden: bool) {
    if el.hidden() != hidden {
        el.set_hidden(hidden);
    }
}

/// A control on or off, written only when that changes (a write each frame is a mutation each
/// frame, and style recalculation with it).
pub fn set_disabled(el: &Element, disabled: bool) {
    set_attr(el, "disabled", disabled.then_some(""));
}

pub fn set_attr(el: &Element, name: &str, value: Option<&str>) {
    match value {
        Some(v) if el.get_attribute(name).as_deref() != Some(v) => {
            el.set_attribute(name, v).ok();
        }
        None if el.has_attribute(name) => {
            el.remove_attribute(name).ok();
        }
        _ => {}
    }
}

/// Calls `f` on `event` at `target`. The closure lives as long as the page.
pub fn listen(target: &web_sys::EventTarget, event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    listen_boxed(target, event, Box::new(f));
}

/// [`listen`] past the boxing: one copy of the closure's wiring, not one per listener.
fn listen_boxed(target: &web_sys::EventTarget, event: &str, f: Box<dyn FnMut(web_sys::Event)>) {
    let closure = Closure::wrap(f);
    target
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
        .expect("listeners can be added");
    closure.forget();
}

pub fn media(query: &str) -> bool {
    window()
        .match_media(query)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}
