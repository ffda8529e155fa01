//! DOM events into messages, and the animation-frame loop.

use super::*;

/// Puts a whole config into the form's fields as text (an example, or a restored sequence).
pub(super) fn write_form(c: &Config) {
    for field in Field::ALL {
        let text = c.get(field);
        let el: web_sys::Element = by_id(field.id());
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            if input.type_() == "checkbox" {
                input.set_checked(text == "on");
            } else {
                input.set_value(&text);
            }
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(&text);
        } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.set_value(&text);
        }
    }
}

/// Connects each control to its message; every handler asks for a frame to show the result.
pub(super) fn wire(app: &Rc<RefCell<App>>) {
    let send = |app: &Rc<RefCell<App>>, msg: Msg| {
        let app = app.clone();
        move |_e: web_sys::Event| {
            app.borrow_mut().update(msg.clone());
            request_frame(&app);
        }
    };
    for field in Field::ALL {
        let event = match field {
            Field::Activation | Field::Scaling | Field::Shuffle => "change",
            _ => "input",
        };
        on(field.id(), event, send(app, Msg::Edit(field)));
    }
    on("train", "click", send(app, Msg::TrainOrPause));
    on("step", "click", send(app, Msg::Step));
    on("reset", "click", send(app, Msg::Reset));
    on("forecast", "click", send(app, Msg::Forecast));
    on("forecast-input", "input", send(app, Msg::ForecastInput));
    on("copy-link", "click", send(app, Msg::CopyLink));
    on("copy-embed", "click", send(app, Msg::CopyEmbed));
    on("export-weights", "click", send(app, Msg::ExportWeights));
    on("export-loss", "click", send(app, Msg::ExportLoss));
    on(
        "export-predictions",
        "click",
        send(app, Msg::ExportPredictions),
    );
    on("export-loss-png", "click", send(app, Msg::ExportLossPng));
    on("export-data-png", "click", send(app, Msg::ExportDataPng));
    on("preset", "change", send(app, Msg::Preset));
    on("restore-sequence", "click", send(app, Msg::RestoreSequence));
    on("roll", "click", send(app, Msg::Roll));
    on("horizon", "input", send(app, Msg::HorizonInput));
    on("inside", "toggle", send(app, Msg::Inside));
    on("inside-window", "input", send(app, Msg::Inside));
    on("inside-step", "input", send(app, Msg::Inside));
    on("copy-code", "click", send(app, Msg::CopyCode));
    on("presentation", "change", send(app, Msg::Presentation));
    on("theme", "change", send(app, Msg::Theme));
    let rows: web_sys::EventTarget = by_id("windows-table");
    for event in ["mouseover", "focusin"] {
        let a = app.clone();
        dom::listen(&rows, event, move |e| {
            let index = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("tr[data-index]").ok().flatten())
                .and_then(|tr| tr.get_attribute("data-index"))
                .and_then(|i| i.parse().ok());
            if index.is_some() {
                a.borrow_mut().update(Msg::Highlight(index));
                request_frame(&a);
            }
        });
    }
    for event in ["mouseleave", "focusout"] {
        dom::listen(&rows, event, send(app, Msg::Highlight(None)));
    }
    dom::listen(&rows, "keydown", |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let step = match k.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if let Some(row) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            e.prevent_default();
            lesson::focus_row(&row, step);
        }
    });
    let a = app.clone();
    let doc: web_sys::EventTarget = dom::document().unchecked_into();
    dom::listen(&doc, "keydown", move |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if k.ctrl_key() || k.alt_key() || k.meta_key() || k.repeat() {
            return;
        }
        // Shortcuts only outside fields and buttons, where keys already mean something.
        let tag = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.tag_name())
            .unwrap_or_default();
        if matches!(
            tag.as_str(),
            "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON" | "SUMMARY" | "A" | "OPTION"
        ) {
            return;
        }
        let key = k.key();
        if matches!(key.as_str(), " " | "s" | "S" | "ArrowRight" | "r" | "R") {
            e.prevent_default();
            a.borrow_mut().update(Msg::Key(key));
            request_frame(&a);
        }
    });
    let a = app.clone();
    on("import-weights", "change", move |_| {
        let a = a.clone();
        share::read_chosen_file("import-weights", move |name, text| {
            a.borrow_mut().update(Msg::ImportWeights(name, text));
            request_frame(&a);
        });
    });
    on("speed", "change", send(app, Msg::Speed));
    on("log-scale", "change", send(app, Msg::LogScale));
    let window: web_sys::EventTarget = dom::window().unchecked_into();
    dom::listen(&window, "resize", send(app, Msg::Resize));
    // Enter in the forecast field forecasts.
    let a = app.clone();
    on("forecast-input", "keydown", move |e| {
        if e.dyn_ref::<web_sys::KeyboardEvent>()
            .is_some_and(|k| k.key() == "Enter")
        {
            a.borrow_mut().update(Msg::Forecast);
            request_frame(&a);
        }
    });
}

/// Asks for one animation frame, unless one is already on its way. The frame asks for the next
/// while training runs, so an idle page costs nothing.
pub(super) fn request_frame(app: &Rc<RefCell<App>>) {
    let mut a = app.borrow_mut();
    if a.frame_pending {
        return;
    }
    if a.frame.is_none() {
        let weak = Rc::downgrade(app);
        a.frame = Some(Closure::new(move |t: f64| {
            let Some(app) = weak.upgrade() else { return };
            let running = {
                let mut a = app.borrow_mut();
                a.frame_pending = false;
                a.frame(t);
                a.mode != Mode::Paused || a.data_dirty || a.loss_dirty || !a.trainer.ready()
            };
            if running {
                request_frame(&app);
            }
        }));
    }
    let callback = a.frame.as_ref().expect("just set").as_ref().unchecked_ref();
    if dom::window().request_animation_frame(callback).is_ok() {
        a.frame_pending = true;
    }
}
