//! Save, share and embed: the address bar, the Share panel's embed options and code with its
//! preview, the file buttons, and the height an embed tells its host page.

use super::super::dom::{self, el, set_text, text_el, Finder};
use crate::app::{embed_controls, State};
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlAnchorElement, HtmlButtonElement, HtmlDetailsElement, HtmlIFrameElement,
    HtmlInputElement, HtmlTextAreaElement,
};

pub struct ShareView {
    pub copy_link: HtmlButtonElement,
    share_note: Element,
    pub embed_controls: Vec<(String, HtmlInputElement)>,
    pub embed_autoplay: HtmlInputElement,
    pub embed_runs: HtmlInputElement,
    pub copy_embed: HtmlButtonElement,
    pub embed_code: HtmlTextAreaElement,
    pub embed_preview_box: HtmlDetailsElement,
    embed_preview: HtmlIFrameElement,
    pub export_weights: HtmlButtonElement,
    pub import_weights: HtmlInputElement,
    import_error: Element,
    pub export_loss: HtmlButtonElement,
    pub export_predictions: HtmlButtonElement,
    pub export_loss_png: HtmlButtonElement,
    pub export_data_png: HtmlButtonElement,
    open_full: HtmlAnchorElement,
    /// The height last told to the host page.
    last_height: i32,
}

impl ShareView {
    pub fn new(f: &mut Finder) -> ShareView {
        let embed_box: Element = f.get("embed-controls");
        let embed_controls = embed_controls()
            .into_iter()
            .map(|(name, label)| {
                let wrap = el("span", Some(&embed_box));
                wrap.set_class_name("check");
                let input: HtmlInputElement = el("input", Some(&wrap)).unchecked_into();
                input.set_attribute("type", "checkbox").ok();
                input.set_id(&format!("embed-control-{name}"));
                let l = text_el("label", label, Some(&wrap));
                l.set_attribute("for", &input.id()).ok();
                (name.to_string(), input)
            })
            .collect();
        ShareView {
            copy_link: f.get("copy-link"),
            share_note: f.get("share-note"),
            embed_controls,
            embed_autoplay: f.get("embed-autoplay"),
            embed_runs: f.get("embed-runs"),
            copy_embed: f.get("copy-embed"),
            embed_code: f.get("embed-code"),
            embed_preview_box: f.get("embed-preview-box"),
            embed_preview: f.get("embed-preview"),
            export_weights: f.get("export-weights"),
            import_weights: f.get("import-weights"),
            import_error: f.get("import-weights-error"),
            export_loss: f.get("export-loss"),
            export_predictions: f.get("export-predictions"),
            export_loss_png: f.get("export-loss-png"),
            export_data_png: f.get("export-data-png"),
            open_full: f.get("open-full"),
            last_height: 0,
        }
    }

    /// The notes beside the buttons: every time, they are short.
    pub fn render(&self, state: &State) {
        set_text(&self.import_error, &state.share.import_error);
        set_text(&self.share_note, &state.share.note);
    }

    /// The address bar, the embed code, the full-demo link, the preview and the Share panel's
    /// choices, after a change of the settings or the options.
    pub fn render_url(&self, state: &State) {
        let a = state.addresses();
        let location = dom::window().location();
        let path = location.pathname().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let url = if a.query.is_empty() {
            format!("{path}{hash}")
        } else {
            format!("{path}?{}{hash}", a.query)
        };
        if let Ok(history) = dom::window().history() {
            // Can fail for an enormous address; the page goes on with the old one.
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        dom::set_value(&self.embed_code, &a.embed_code);
        self.open_full.set_href(&a.link);
        if self.embed_preview_box.open() && self.embed_preview.src() != a.embed_src {
            self.embed_preview.set_src(&a.embed_src);
        }
        let options = &state.share.options;
        for (name, input) in &self.embed_controls {
            input.set_checked(options.controls.contains(name));
        }
        self.embed_autoplay.set_checked(options.autoplay);
        self.embed_runs.set_checked(state.share.runs);
    }

    /// The embed preview loads only when its panel is opened.
    pub fn load_preview(&self, state: &State) {
        if self.embed_preview_box.open() {
            self.embed_preview.set_src(&state.embed_src());
        }
    }

    /// Tells a host page our height, so it can size the iframe: a plain message for any host,
    /// and WordPress's own embed message when the address carries its secret.
    pub fn post_height(&mut self, state: &State) {
        let window = dom::window();
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        if parent == window {
            return;
        }
        // The content's own height (not the document's, which is at least the frame's), so the
        // frame can shrink as well as grow.
        let height = dom::document()
            .get_element_by_id("playground")
            .map_or(0, |p| p.get_bounding_client_rect().height().ceil() as i32);
        if height == self.last_height {
            return;
        }
        self.last_height = height;
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"rnn-playground:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &(height as f64).into());
        let _ = parent.post_message(&msg, "*");
        if let Some(secret) = &state.share.secret {
            let wp = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&wp, &"message".into(), &"height".into());
            let _ = js_sys::Reflect::set(&wp, &"value".into(), &(height as f64).into());
            let _ = js_sys::Reflect::set(&wp, &"secret".into(), &secret.into());
            let _ = parent.post_message(&wp, "*");
        }
    }
}
