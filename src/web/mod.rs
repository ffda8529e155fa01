//! The page: start-up, then thin glue between the DOM and the core. Compiled for wasm32 only.

mod api;
mod app;
pub mod canvas;
mod dom;
mod lesson;
mod share;
mod url;

pub use api::JsTrainer;

use wasm_bindgen::prelude::*;

/// Runs when the module loads: wires the page up; its first frame marks it ready.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    app::App::launch();
    // The first frame marks the page ready (`data-ready`), after boot.js sets `window.wasmBindings`.
    dom::by_id::<web_sys::HtmlElement>("loading").set_hidden(true);
}
