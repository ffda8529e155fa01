//! The Web Workers (wasm32 only) that train the memory arena's runs and raced kept runs. Each
//! runs `arena-worker.js`, which imports the page's own module and trains through its JS
//! `Trainer` — or, in the single-file page, the same script as a classic one, from the Blob URL
//! the page's bootstrap left in `window.rnnPlaygroundWorker`. Each is handed the module the page already
//! compiled, so nothing is fetched or compiled twice. What they say comes back as
//! [`Msg::Worker`]; `update` decides what to do with it.
//!
//! Page → worker: the compiled module; `"<job> <settings as a query>"` (train it: every setting
//! by its URL key, as the JS API's config takes them); `"cancel <job>"`.
//! Worker → page: `{type: 'ready'}`, `{type: 'failed', message}`, `{type: 'epochs', id, loss,
//! val}` (arrays of numbers), `{type: 'done', id}`, `{type: 'error', id, message}`.

use super::{dispatch, dom, Shared};
use crate::app::{JobId, Msg, WorkerNews};
use crate::config::{Config, Field};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A dedicated worker, through the two bindings the page needs.
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    pub type Worker;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str, options: &JsValue) -> Result<Worker, JsValue>;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post(this: &Worker, message: &JsValue) -> Result<(), JsValue>;
}

/// Starts `n` workers and hands each the page's module; the places of those that could not be
/// made (the page then trains on its own thread, and says so).
pub fn start(rt: &Shared, n: usize) -> (Vec<Option<Worker>>, Vec<usize>) {
    // The worker script beside the page, a module; or the single-file page's Blob URL, a
    // classic script (a file:// page's origin is opaque, and a module worker must be fetched
    // from its own origin).
    let inline = Reflect::get(&dom::window(), &"rnnPlaygroundWorker".into())
        .ok()
        .and_then(|v| v.as_string());
    let options = js_sys::Object::new();
    if inline.is_none() {
        Reflect::set(&options, &"type".into(), &"module".into()).ok();
    }
    let url = inline.unwrap_or_else(|| "arena-worker.js".into());
    let module = wasm_bindgen::module();
    let mut workers = Vec::with_capacity(n);
    let mut failed = Vec::new();
    for i in 0..n {
        match Worker::new(&url, &options) {
            Ok(w) if w.post(&module).is_ok() => {
                listen(rt, i, &w);
                workers.push(Some(w));
            }
            _ => {
                workers.push(None);
                failed.push(i);
            }
        }
    }
    (workers, failed)
}

/// Asks `worker` to train `config` as job `job`; false if the message could not be posted.
pub fn train(worker: &Worker, job: JobId, config: &Config) -> bool {
    let start = format!("{job} ");
    let after = start.len();
    let mut query = form_urlencoded::Serializer::for_suffix(start, after);
    for field in Field::ALL {
        query.append_pair(field.key(), &config.get(field));
    }
    worker.post(&query.finish().into()).is_ok()
}

/// Tells `worker` to drop job `job`.
pub fn cancel(worker: &Worker, job: JobId) {
    worker.post(&format!("cancel {job}").into()).ok();
}

/// Turns what worker `i` posts, and its errors (a script that could not load), into messages.
fn listen(rt: &Shared, i: usize, worker: &Worker) {
    let rt = *rt;
    let handler = move |e: web_sys::Event| {
        // An error is said on the page, not in the console.
        e.prevent_default();
        let data = Reflect::get(&e, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        let news = read(&data).unwrap_or_else(|| WorkerNews::Failed(String::new()));
        dispatch(&rt, Msg::Worker(i, news));
    };
    dom::listen(worker, "message", handler);
    dom::listen(worker, "error", handler);
}

/// A worker's message, as news (None for anything else: an error event has no data).
fn read(data: &JsValue) -> Option<WorkerNews> {
    let get = |key: &str| Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let text = |key: &str| get(key).as_string().unwrap_or_default();
    let numbers = |key: &str| -> Vec<f32> {
        let values: Vec<f64> = serde_wasm_bindgen::from_value(get(key)).unwrap_or_default();
        values.into_iter().map(|v| v as f32).collect()
    };
    let kind = text("type");
    let job = get("id").as_f64().map(|v| v as JobId);
    Some(match (kind.as_str(), job) {
        ("ready", _) => WorkerNews::Ready,
        ("failed", _) => WorkerNews::Failed(text("message")),
        ("epochs", Some(job)) => WorkerNews::Epochs {
            job,
            loss: numbers("loss"),
            val: numbers("val"),
        },
        ("done", Some(job)) => WorkerNews::Done { job },
        ("error", Some(job)) => WorkerNews::Error {
            job,
            message: text("message"),
        },
        _ => return None,
    })
}
