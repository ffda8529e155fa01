//! Small helpers over web-sys, whose `expect` messages say what the page promises to have.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("the window has a document")
}

/// The element with this id, as its HTML type. index.html declares every id the code asks for.
pub fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("index.html has an element #{id}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("#{id} has the expected element type"))
}

pub fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Calls `f` on `event` at the element `id`. The closure lives as long as the page.
pub fn on(id: &str, event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    let target: web_sys::EventTarget = by_id(id);
    listen(&target, event, f);
}

pub fn listen(target: &web_sys::EventTarget, event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    target
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
        .expect("listeners can be added");
    closure.forget();
}

/// The current text of an input, textarea or select, and of a checkbox as "on"/"off".
pub fn value_of(id: &str) -> String {
    let el: web_sys::Element = by_id(id);
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.type_() == "checkbox" {
            return (if input.checked() { "on" } else { "off" }).into();
        }
        return input.value();
    }
    if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.value();
    }
    if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return select.value();
    }
    String::new()
}

pub fn set_text(id: &str, text: &str) {
    let el: web_sys::HtmlElement = by_id(id);
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

pub fn dark_mode() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}
