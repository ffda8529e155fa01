//! The run bar and the view options: Train / Pause, Step, Reset, the speed, the status, and the
//! presentation and theme choices in the top bar.

use super::super::dom::{self, el, set_attr, set_text, Finder};
use super::option;
use crate::app::{LossScale, State, ThemeChoice, SPEEDS};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

pub struct RunView {
    root: Element,
    pub train: HtmlButtonElement,
    pub step: HtmlButtonElement,
    pub reset: HtmlButtonElement,
    pub speed: HtmlSelectElement,
    status_progress: Element,
    status_note: Element,
    pub presentation: HtmlInputElement,
    pub theme: HtmlSelectElement,
    pub loss_scale: HtmlSelectElement,
}

impl RunView {
    pub fn new(f: &mut Finder, root: Element) -> RunView {
        let speed: HtmlSelectElement = f.get("speed");
        for (v, label) in SPEEDS {
            option(&speed, v, label);
        }
        let theme: HtmlSelectElement = f.get("theme");
        for (_, v, label) in ThemeChoice::ALL {
            option(&theme, v, label);
        }
        let loss_scale: HtmlSelectElement = f.get("loss-scale");
        for (_, v, label) in LossScale::ALL {
            option(&loss_scale, v, label);
        }
        let status: Element = f.get("status");
        status.set_text_content(None);
        let status_progress = el("span", Some(&status));
        let status_note = el("span", Some(&status));
        status_note.set_class_name("note");
        RunView {
            root,
            train: f.get("train"),
            step: f.get("step"),
            reset: f.get("reset"),
            speed,
            status_progress,
            status_note,
            presentation: f.get("presentation"),
            theme,
            loss_scale,
        }
    }

    /// The buttons and the status, every time: they follow every frame of training.
    pub fn render(&self, state: &State) {
        let (progress, note) = state.run.status_parts();
        set_text(&self.status_progress, &progress);
        set_text(&self.status_note, &note);
        let running = state.running();
        set_text(&self.train, if running { "Pause" } else { "Train" });
        let blocked = state.blocked();
        super::super::dom::set_disabled(&self.train, blocked && !running);
        super::super::dom::set_disabled(&self.step, blocked);
        super::super::dom::set_disabled(&self.reset, blocked);
        // Why Train is off, where the button is.
        let why = if blocked && !running {
            "Fix the highlighted setting first."
        } else {
            "Train or pause (Space)"
        };
        set_attr(&self.train, "title", Some(why));
        dom::set_value(&self.speed, &state.run.speed.value());
    }

    /// Presentation mode, the theme, the loss chart's axis: the page's classes and the menus.
    pub fn render_options(&self, state: &State) {
        let options = &state.options;
        let class = self.root.class_list();
        if class.contains("presenting") != options.presentation {
            class.toggle("presenting").ok();
        }
        if self.presentation.checked() != options.presentation {
            self.presentation.set_checked(options.presentation);
        }
        let theme = options.theme.value();
        dom::set_value(&self.theme, theme);
        set_attr(
            &self.root,
            "data-theme",
            (options.theme != ThemeChoice::Auto).then_some(theme),
        );
        dom::set_value(&self.loss_scale, options.loss_scale.value());
    }
}
