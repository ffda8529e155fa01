//! The page's address, embed mode and files: what `App` does to be shared and embedded.

use super::*;

impl App {
    /// Writes the form's state into the address bar, the embed code and the full-demo link.
    pub(super) fn sync_url(&self) {
        let settings = self.settings_query();
        url::replace(&url::with(&settings, &self.keep_query));
        by_id::<web_sys::HtmlTextAreaElement>("embed-code")
            .set_value(&self.embed_code_for(&settings));
        by_id::<web_sys::HtmlAnchorElement>("open-full").set_href(&url::absolute(&settings));
    }

    pub(super) fn field_texts(&self) -> Vec<(Field, String)> {
        Field::ALL
            .into_iter()
            .map(|f| (f, value_of(f.id())))
            .collect()
    }

    /// The form's settings as a query (what differs from the defaults or the example in use).
    fn settings_query(&self) -> String {
        url::query(&self.field_texts(), self.preset(), &value_of("speed"))
    }

    /// The query for the current form, keeping the embed options the page was opened with.
    pub(super) fn query(&self) -> String {
        url::with(&self.settings_query(), &self.keep_query)
    }

    /// The example whose sequence is in use, if any.
    pub(super) fn preset(&self) -> Option<&'static presets::Preset> {
        presets::PRESETS.iter().find(|p| {
            p.sequence() == self.config.sequence
                && value_of("sequence").trim() == self.config.get(Field::Sequence)
        })
    }

    /// A ready `<iframe>` for the current settings in embed mode. Attribute values are escaped,
    /// since the sequence comes from the person.
    pub(super) fn embed_code(&self) -> String {
        self.embed_code_for(&self.settings_query())
    }

    fn embed_code_for(&self, settings: &str) -> String {
        let mut keep: Vec<(String, String)> = vec![(url::EMBED.into(), "1".into())];
        keep.extend(
            self.keep_query
                .iter()
                .filter(|(k, _)| k != url::EMBED)
                .cloned(),
        );
        let src = url::absolute(&url::with(settings, &keep));
        let src = src
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        format!(
            "<iframe src=\"{src}\" title=\"RNN Playground: a recurrent network training live\" \
             width=\"640\" height=\"420\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>"
        )
    }

    pub(super) fn share_note(&self, note: &str) {
        set_text("share-note", note);
    }

    /// Embed mode (`?embed=1`): a compact layout with the controls named in `controls=`.
    pub(super) fn setup_embed(&mut self, pairs: &[(String, String)]) {
        for key in [url::EMBED, url::CONTROLS, url::AUTOPLAY] {
            if let Some(v) = url::get(pairs, key) {
                self.keep_query.push((key.to_string(), v));
            }
        }
        let hash = dom::window().location().hash().unwrap_or_default();
        self.embed_secret = hash
            .split(['#', '?', '&'])
            .find_map(|p| p.strip_prefix("secret="))
            .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string);
        if url::get(pairs, url::EMBED).as_deref() != Some("1") {
            return;
        }
        let root = dom::document()
            .document_element()
            .expect("the page has a root element");
        root.class_list().add_1("embed").ok();
        let wanted =
            url::get(pairs, url::CONTROLS).unwrap_or_else(|| "train,reset,forecast".into());
        let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
        if let Ok(nodes) = dom::document().query_selector_all("[data-control]") {
            for i in 0..nodes.length() {
                let Some(el) = nodes
                    .get(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let name = el.get_attribute("data-control").unwrap_or_default();
                if wanted.contains(&name.as_str()) {
                    el.class_list().add_1("shown").ok();
                }
            }
        }
    }

    /// Tells a host page our height, so it can size the iframe: a plain message for any host,
    /// and WordPress's own embed message when the URL carries its secret.
    pub(super) fn post_height(&mut self) {
        let window = dom::window();
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        if parent == window {
            return;
        }
        let height = dom::document()
            .document_element()
            .map(|e| e.scroll_height())
            .unwrap_or(0);
        if height == self.last_height {
            return;
        }
        self.last_height = height;
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"rnn-playground:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &(height as f64).into());
        let _ = parent.post_message(&msg, "*");
        if let Some(secret) = &self.embed_secret {
            let wp = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&wp, &"message".into(), &"height".into());
            let _ = js_sys::Reflect::set(&wp, &"value".into(), &(height as f64).into());
            let _ = js_sys::Reflect::set(&wp, &"secret".into(), &secret.into());
            let _ = parent.post_message(&wp, "*");
        }
    }

    /// Loads weights from a file in Keras's layout; on any mismatch the current model stays.
    pub(super) fn import_weights(&mut self, name: &str, text: &str) {
        let dims = self.trainer.model().dims;
        let result = crate::weights::from_keras_json(text, &dims)
            .and_then(|params| self.trainer.set_params(params));
        match result {
            Ok(()) => {
                set_text("import-weights-error", "");
                self.mode = Mode::Paused;
                self.note = format!("Loaded the weights from {name}.");
                self.forecast.clear();
                set_text("forecast-output", "");
                self.loss_dirty = true;
                self.data_dirty = true;
            }
            Err(message) => set_text("import-weights-error", &message),
        }
    }
}
