//! The page (wasm32 only): start-up, DOM events turned into [`Msg`]s in one place, the frame
//! loop, and the effects `update` asks for. The logic is `crate::app`; the drawing is `View`.

mod api;
mod dom;
mod files;
mod view;
mod workers;

pub use api::JsTrainer;

use crate::app::{update, Chart, Copied, Dirty, Effect, Focus, Key, Msg, Start, State, WorkerNews};
use crate::config::Field;
use crate::data::Reading;
use std::cell::RefCell;
use std::rc::Rc;
use view::View;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The marker of the playground's own markup: without it (another page importing the module
/// for its `Trainer`), the module loads quietly and launches nothing.
const PAGE_ROOT: &str = "playground";

/// Runs when the module loads: launches the page if this is the page.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let is_page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PAGE_ROOT))
        .is_some();
    if is_page {
        Runtime::launch();
    }
}

struct Runtime {
    state: State,
    view: View,
    /// What changed and is not drawn yet (the slow parts wait while training).
    owed: Dirty,
    frame_pending: bool,
    /// The requestAnimationFrame callback. It must outlive each frame and call itself again,
    /// so it lives here, with the rest.
    frame: Option<Closure<dyn FnMut(f64)>>,
    /// The Web Workers, once the arena or a race asked for them (None: one that could not start).
    workers: Vec<Option<workers::Worker>>,
}

/// The page's runtime lives as long as the page: leaked, not counted (no `Rc`, whose drop code
/// for the whole runtime would ship though it never runs).
type Shared = &'static RefCell<Runtime>;

impl Runtime {
    fn launch() {
        let view = match View::new() {
            Ok(v) => v,
            Err(message) => {
                web_sys::console::error_1(&message.clone().into());
                if let Some(loading) = dom::document().get_element_by_id("loading") {
                    loading.set_text_content(Some(&message));
                    loading.set_class_name("failed");
                }
                return;
            }
        };
        let location = dom::window().location();
        let start = Start {
            query: location.search().unwrap_or_default(),
            hash: location.hash().unwrap_or_default(),
            reduced_motion: dom::media("(prefers-reduced-motion: reduce)"),
            base: format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            ),
            cores: cores(),
        };
        let state = State::new(&start);
        view.setup(&state);
        let mut runtime = Runtime {
            state,
            view,
            owed: Dirty::default(),
            frame_pending: false,
            frame: None,
            workers: Vec::new(),
        };
        runtime.render();
        let rt: Shared = Box::leak(Box::new(RefCell::new(runtime)));
        wire(&rt);
        // The rest waits for the first two frames (`Startup`): short tasks instead of one that
        // could hold the page for 150 ms with a big model in the address.
        request_frame(&rt);
    }
}

impl Runtime {
    /// Draws what changed; what the view could not draw yet stays owed.
    fn render(&mut self) {
        let dirty = self.owed.or(self.state.take_dirty());
        let drawn = self.view.render(&self.state, dirty);
        self.owed = dirty.without(drawn);
    }

    /// A slow part still waits to be drawn (the frame loop goes on until it is).
    fn owes_a_draw(&self) -> bool {
        self.owed.data || (self.owed.network && self.state.run.trainer.ready())
    }
}

/// Sends `msg` through `update`, redraws, carries out the effects, and asks for a frame.
fn dispatch(rt: &Shared, msg: Msg) {
    let effects = {
        let mut r = rt.borrow_mut();
        let effects = update(&mut r.state, msg, &dom::now);
        r.render();
        effects
    };
    for effect in effects {
        run(rt, effect);
    }
    request_frame(rt);
}

fn run(rt: &Shared, effect: Effect) {
    match effect {
        Effect::Download { name, mime, text } => files::download_text(name, mime, &text),
        Effect::DownloadPng { name, chart } => {
            let canvas = rt.borrow().view.canvas(chart).clone();
            files::download_canvas(name, &canvas);
        }
        Effect::Copy { text, what } => {
            if what == Copied::Embed {
                rt.borrow().view.share.embed_code.select();
            }
            if !files::copy(&text) {
                dispatch(rt, Msg::CopyRefused(what));
            }
        }
        Effect::StartWorkers(n) => {
            let (started, failed) = workers::start(rt, n);
            rt.borrow_mut().workers = started;
            for i in failed {
                dispatch(rt, Msg::Worker(i, WorkerNews::Failed(String::new())));
            }
        }
        Effect::Train {
            worker,
            job,
            config,
        } => {
            let posted = match rt.borrow().workers.get(worker) {
                Some(Some(w)) => workers::train(w, job, &config),
                _ => false,
            };
            if !posted {
                dispatch(rt, Msg::Worker(worker, WorkerNews::Failed(String::new())));
            }
        }
        Effect::Cancel { worker, job } => {
            if let Some(Some(w)) = rt.borrow().workers.get(worker) {
                workers::cancel(w, job);
            }
        }
    }
}

/// Logical processors for the workers, 0 where the browser has no Web Workers.
fn cores() -> usize {
    let window = dom::window();
    let has_workers = js_sys::Reflect::has(&window, &"Worker".into()).unwrap_or(false);
    if !has_workers {
        return 0;
    }
    let n = window.navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n.min(64.0) as usize
    } else {
        1
    }
}

/// Asks for one animation frame, unless one is on its way. The frame asks for the next while
/// the page has work (training, start-up, a new model's weights, a draw it owes), so an idle
/// page costs nothing.
fn request_frame(rt: &Shared) {
    let mut r = rt.borrow_mut();
    if r.frame_pending {
        return;
    }
    let wanted = r.state.wants_frames() || r.owes_a_draw();
    if !wanted {
        return;
    }
    if r.frame.is_none() {
        let rt = *rt;
        r.frame = Some(Closure::new(move |t: f64| {
            rt.borrow_mut().frame_pending = false;
            dispatch(&rt, Msg::Frame(t));
        }));
    }
    let callback = r.frame.as_ref().expect("just set").as_ref().unchecked_ref();
    if dom::window().request_animation_frame(callback).is_ok() {
        r.frame_pending = true;
    }
}

/// Connects every control to its message.
fn wire(rt: &Shared) {
    let r = rt.borrow();
    let v = &r.view;
    let on =
        |target: &web_sys::EventTarget, event: &str, make: fn(&web_sys::Event) -> Option<Msg>| {
            let rt = *rt;
            dom::listen(target, event, move |e| {
                if let Some(msg) = make(&e) {
                    dispatch(&rt, msg);
                }
            });
        };
    let send = |target: &web_sys::EventTarget, event: &str, msg: Msg| {
        let rt = *rt;
        dom::listen(target, event, move |_| dispatch(&rt, msg.clone()));
    };
    for fv in &v.settings.fields {
        let field = fv.field;
        let rt = *rt;
        let target: &web_sys::EventTarget = fv.control.element();
        let event = match fv.control {
            view::Control::Select(_) | view::Control::Check(_) => "change",
            _ => "input",
        };
        dom::listen(target, event, move |_| {
            let text = match rt.borrow().view.settings.field(field) {
                Some(f) => f.control.value(),
                None => return,
            };
            dispatch(&rt, Msg::Edit(field, text));
        });
    }
    on(&v.settings.preset, "change", |e| {
        Some(Msg::Preset(value_of(e)?))
    });
    send(&v.settings.restore_sequence, "click", Msg::RestoreSequence);
    send(
        &v.settings.use_decimal_points,
        "click",
        Msg::Reread(Reading::Decimals),
    );
    send(
        &v.settings.use_thousands,
        "click",
        Msg::Reread(Reading::Thousands),
    );
    send(&v.run.train, "click", Msg::TrainOrPause);
    send(&v.run.step, "click", Msg::Step);
    send(&v.run.reset, "click", Msg::Reset);
    on(&v.run.speed, "change", |e| Some(Msg::Speed(value_of(e)?)));
    on(&v.run.loss_scale, "change", |e| {
        Some(Msg::LossScale(value_of(e)?))
    });
    on(&v.run.theme, "change", |e| Some(Msg::Theme(value_of(e)?)));
    on(&v.run.presentation, "change", |e| {
        Some(Msg::Presentation(
            target::<web_sys::HtmlInputElement>(e)?.checked(),
        ))
    });
    on(&v.forecast.forecast_input, "input", |e| {
        Some(Msg::ForecastInput(value_of(e)?))
    });
    on(&v.forecast.forecast_input, "keydown", |e| {
        let k = e.dyn_ref::<web_sys::KeyboardEvent>()?;
        (k.key() == "Enter").then_some(Msg::Forecast)
    });
    send(&v.forecast.forecast, "click", Msg::Forecast);
    on(&v.forecast.horizon, "input", |e| {
        Some(Msg::HorizonInput(value_of(e)?))
    });
    send(&v.forecast.roll, "click", Msg::Roll);
    send(&v.forecast.clear_roll, "click", Msg::ClearRoll);
    on(&v.inside.inside, "toggle", |e| {
        Some(Msg::InsideOpen(
            target::<web_sys::HtmlDetailsElement>(e)?.open(),
        ))
    });
    on(&v.inside.inside_window, "input", |e| {
        Some(Msg::InsideWindow(value_of(e)?))
    });
    on(&v.inside.inside_step, "input", |e| {
        Some(Msg::InsideStep(value_of(e)?.parse().ok()?))
    });
    on(&v.inside.inside_layer, "change", |e| {
        Some(Msg::InsideSlot(value_of(e)?.parse().ok()?))
    });
    send(&v.lesson.copy_code, "click", Msg::CopyCode);
    send(&v.compare.keep_run, "click", Msg::KeepRun);
    send(&v.compare.race, "click", Msg::Race);
    send(&v.arena.run, "click", Msg::ArenaRun);
    send(&v.arena.stop, "click", Msg::ArenaStop);
    on(&v.arena.panel, "toggle", |e| {
        Some(Msg::ArenaOpen(
            target::<web_sys::HtmlDetailsElement>(e)?.open(),
        ))
    });
    on(&v.compare.runs, "click", |e| {
        let button = target::<web_sys::Element>(e)?
            .closest("button[data-action]")
            .ok()??;
        let i = button.get_attribute("data-index")?.parse().ok()?;
        match button.get_attribute("data-action")?.as_str() {
            "use" => Some(Msg::UseRun(i)),
            "remove" => Some(Msg::RemoveRun(i)),
            _ => None,
        }
    });
    send(&v.share.copy_link, "click", Msg::CopyLink);
    send(&v.share.copy_embed, "click", Msg::CopyEmbed);
    send(&v.share.export_weights, "click", Msg::ExportWeights);
    send(&v.share.export_loss, "click", Msg::ExportLoss);
    send(&v.share.export_predictions, "click", Msg::ExportPredictions);
    send(
        &v.share.export_loss_png,
        "click",
        Msg::ExportPng(Chart::Loss),
    );
    send(
        &v.share.export_data_png,
        "click",
        Msg::ExportPng(Chart::Data),
    );
    for (name, input) in &v.share.embed_controls {
        let rt = *rt;
        let name = name.clone();
        let input2 = input.clone();
        dom::listen(input, "change", move |_| {
            dispatch(&rt, Msg::ShareControl(name.clone(), input2.checked()))
        });
    }
    on(&v.share.embed_runs, "change", |e| {
        Some(Msg::ShareRuns(
            target::<web_sys::HtmlInputElement>(e)?.checked(),
        ))
    });
    on(&v.share.embed_autoplay, "change", |e| {
        Some(Msg::ShareAutoplay(
            target::<web_sys::HtmlInputElement>(e)?.checked(),
        ))
    });
    {
        let rt = *rt;
        dom::listen(&v.share.embed_preview_box, "toggle", move |_| {
            let r = rt.borrow();
            r.view.share.load_preview(&r.state);
        });
    }
    {
        let rt = *rt;
        let input = v.settings.open_data.clone();
        dom::listen(&v.settings.open_data, "change", move |_| {
            files::read_chosen_file(&input, move |_, text| dispatch(&rt, Msg::OpenData(text)));
        });
    }
    if let Some(area) = v
        .settings
        .field(Field::Sequence)
        .map(|f| f.control.element().clone())
    {
        let rt = *rt;
        // Dropping a file must not open it in the tab instead.
        dom::listen(&area, "dragover", |e| e.prevent_default());
        dom::listen(&area, "drop", move |e| {
            files::read_dropped_file(&e, move |_, text| dispatch(&rt, Msg::OpenData(text)));
        });
    }
    {
        let rt = *rt;
        let input = v.share.import_weights.clone();
        dom::listen(&v.share.import_weights, "change", move |_| {
            files::read_chosen_file(&input, move |name, text| {
                // The browser's own JSON reader; serde-wasm-bindgen takes the numbers from it.
                let parsed = js_sys::JSON::parse(&text)
                    .map_err(|e| {
                        format!(
                            "The weights are not valid JSON: {}",
                            js_sys::Error::from(e).message()
                        )
                    })
                    .and_then(|value| {
                        serde_wasm_bindgen::from_value(value)
                            .map_err(|e| format!("These are not weights in Keras's layout: {e}."))
                    });
                dispatch(&rt, Msg::ImportWeights(name, parsed));
            });
        });
    }
    // The windows table: pointing at or focusing a row highlights its window.
    let body: &web_sys::EventTarget = &v.lesson.windows_body;
    for event in ["mouseover", "focusin"] {
        on(body, event, |e| {
            let index = target::<web_sys::Element>(e)?
                .closest("tr[data-index]")
                .ok()
                .flatten()?
                .get_attribute("data-index")?
                .parse()
                .ok()?;
            Some(Msg::Highlight(Some(index)))
        });
    }
    for event in ["mouseleave", "focusout"] {
        send(body, event, Msg::Highlight(None));
    }
    dom::listen(body, "keydown", |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let step = match k.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if let Some(row) = target::<web_sys::Element>(&e) {
            e.prevent_default();
            e.stop_propagation();
            view::lesson::focus_row(&row, step);
        }
    });
    // The network: a click picks a time step; so do ← and → while it has the focus.
    {
        let rt = *rt;
        dom::listen(&v.inside.network, "click", move |e| {
            let Some(m) = e.dyn_ref::<web_sys::MouseEvent>() else {
                return;
            };
            let step = {
                let r = rt.borrow();
                r.view
                    .network_step_at(&r.state, m.offset_x() as f64, m.offset_y() as f64)
            };
            if let Some(t) = step {
                dispatch(&rt, Msg::InsideStep(t));
            }
        });
    }
    {
        let rt = *rt;
        dom::listen(&v.inside.network, "keydown", move |e| {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let delta: i64 = match k.key().as_str() {
                "ArrowLeft" => -1,
                "ArrowRight" => 1,
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            let t = rt.borrow().state.inside.step as i64 + delta;
            dispatch(&rt, Msg::InsideStep(t.max(1) as usize));
        });
    }
    // Shortcuts (`app::shortcut` decides): a control last used with the pointer hands S, R, →
    // and Space to the page; one reached with Tab keeps its keys; text fields always do. Esc
    // leaves a field, so its keys are the page's again.
    let doc: web_sys::EventTarget = dom::document().unchecked_into();
    let pointer = Rc::new(std::cell::Cell::new(false));
    {
        let pointer = pointer.clone();
        dom::listen(&doc, "pointerdown", move |_| pointer.set(true));
    }
    let taken = |pointer: &std::cell::Cell<bool>, e: &web_sys::Event| -> Option<Key> {
        let k = e.dyn_ref::<web_sys::KeyboardEvent>()?;
        if k.ctrl_key() || k.alt_key() || k.meta_key() {
            return None;
        }
        if k.key() == "Tab" {
            pointer.set(false);
        }
        let el = target::<web_sys::Element>(e);
        let tag = el.as_ref().map(|e| e.tag_name()).unwrap_or_default();
        let kind = el.and_then(|e| e.get_attribute("type")).unwrap_or_default();
        crate::app::shortcut(&k.key(), Focus::of(&tag, &kind), pointer.get())
    };
    {
        let (rt, pointer) = (*rt, pointer.clone());
        dom::listen(&doc, "keydown", move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if k.key() == "Escape" {
                    if let Some(el) = target::<web_sys::HtmlElement>(&e) {
                        el.blur().ok();
                    }
                    return;
                }
            }
            let Some(key) = taken(&pointer, &e) else {
                return;
            };
            e.prevent_default();
            let repeat = e
                .dyn_ref::<web_sys::KeyboardEvent>()
                .is_some_and(|k| k.repeat());
            if !repeat {
                dispatch(&rt, Msg::Key(key));
            }
        });
    }
    // A button (or checkbox) activates on Space's keyup: when the page took the keydown, it
    // takes that too.
    dom::listen(&doc, "keyup", move |e| {
        if taken(&pointer, &e).is_some() {
            e.prevent_default();
        }
    });
    let window: web_sys::EventTarget = dom::window().unchecked_into();
    send(&window, "resize", Msg::Resize);
    // The system's colour scheme can change under a page set to follow it.
    if let Ok(Some(mq)) = dom::window().match_media("(prefers-color-scheme: dark)") {
        send(&mq, "change", Msg::Resize);
    }
    let _ = Field::ALL;
}

/// The element an event happened on, as `T`.
fn target<T: JsCast>(e: &web_sys::Event) -> Option<T> {
    e.target()?.dyn_into::<T>().ok()
}

/// The value of the input, select or textarea an event happened on.
fn value_of(e: &web_sys::Event) -> Option<String> {
    let t = e.target()?;
    let form = t.has_type::<web_sys::HtmlInputElement>()
        || t.has_type::<web_sys::HtmlSelectElement>()
        || t.has_type::<web_sys::HtmlTextAreaElement>();
    form.then(|| dom::value(t.unchecked_ref()))
}
