//! Files out (downloads) and in (weights), and the clipboard.

use super::dom;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `content` as a file download, through a same-origin `blob:` URL.
pub fn download_text(filename: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers a canvas as a PNG download.
pub fn download_canvas(filename: &str, canvas: &web_sys::HtmlCanvasElement) {
    if let Ok(url) = canvas.to_data_url_with_type("image/png") {
        click_link(filename, &url);
    }
}

fn click_link(filename: &str, href: &str) {
    let Ok(a) = dom::document().create_element("a") else {
        return;
    };
    let a: web_sys::HtmlAnchorElement = a.unchecked_into();
    a.set_href(href);
    a.set_download(filename);
    a.click();
}

/// Copies text with the Clipboard API where the browser offers it (secure pages); false if not.
pub fn copy(text: &str) -> bool {
    let navigator = dom::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    // The promise's outcome is not awaited: a refusal leaves the text in the field to copy by hand.
    let _ = navigator.clipboard().write_text(text);
    true
}

/// Reads the file chosen in a file input as text and hands it to `done`.
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(String, String) + 'static,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    read_file(file, done);
    // Choosing the same file again must fire `change` again.
    super::dom::write_value(input, "");
}

/// Reads a file dropped on the page (the first of the drop) as text and hands it to `done`.
pub fn read_dropped_file(event: &web_sys::Event, done: impl FnOnce(String, String) + 'static) {
    let Some(drag) = event.dyn_ref::<web_sys::DragEvent>() else {
        return;
    };
    let file = drag
        .data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0));
    if let Some(file) = file {
        event.prevent_default();
        read_file(file, done);
    }
}

fn read_file(file: web_sys::File, done: impl FnOnce(String, String) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let name = file.name();
    let r = reader.clone();
    let onload = Closure::once(move |_e: web_sys::Event| {
        let text = r
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        done(name, text);
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
}
