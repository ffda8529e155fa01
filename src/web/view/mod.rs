//! The only code that touches the page: a view per panel, each with a handle to every element
//! it writes (fetched once at launch), drawing what the [`State`] says, only where it changed.
//! The view reads the state and never writes it: the runtime hands it what changed
//! ([`Dirty`]) and keeps what the view says it still owes.

mod arena;
mod compare;
mod forecast;
mod inside;
pub mod lesson;
mod run;
pub mod settings;
mod share;
mod verdict;

use super::dom::{self, set_hidden, text_el, Finder};
use crate::app::{Chart, Dirty, Startup, State, ThemeChoice};
use crate::chart::Theme;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, HtmlSelectElement};

pub use arena::ArenaView;
pub use compare::CompareView;
pub use forecast::ForecastView;
pub use inside::InsideView;
pub use lesson::LessonView;
pub use run::RunView;
pub use settings::{Control, SettingsView};
pub use share::ShareView;
pub use verdict::VerdictView;

/// The data chart, the network and the inside view are redrawn at most this often while
/// training (the loss chart, which is cheap, every frame).
const SLOW_REDRAW_MS: f64 = 250.0;

pub struct View {
    root: Element,
    loading: HtmlElement,
    pub settings: SettingsView,
    pub run: RunView,
    pub forecast: ForecastView,
    pub compare: CompareView,
    pub verdict: VerdictView,
    pub inside: InsideView,
    pub lesson: LessonView,
    pub share: ShareView,
    pub arena: ArenaView,
    /// When the slow parts were last drawn.
    last_slow: f64,
    marked_ready: bool,
}

impl View {
    /// Finds every element and builds the generated parts of the form (the settings from the
    /// table, the menus). A missing element is one clear error naming all of them.
    pub fn new() -> Result<View, String> {
        let doc = dom::document();
        let root = doc
            .document_element()
            .ok_or("The page has no root element.")?;
        let mut f = Finder::new(&doc);
        let view = View {
            loading: f.get("loading"),
            settings: SettingsView::new(&mut f),
            run: RunView::new(&mut f, root.clone()),
            forecast: ForecastView::new(&mut f),
            compare: CompareView::new(&mut f),
            verdict: VerdictView::new(&mut f),
            inside: InsideView::new(&mut f),
            lesson: LessonView::new(&mut f),
            share: ShareView::new(&mut f),
            arena: ArenaView::new(&mut f),
            root,
            last_slow: f64::NEG_INFINITY,
            marked_ready: false,
        };
        if !f.missing.is_empty() {
            return Err(format!(
                "The page's markup lacks {}: the page and its code don't match.",
                crate::format::join(&f.missing, ", ")
            ));
        }
        Ok(view)
    }

    /// Everything embed mode decides once, at launch.
    pub fn setup(&self, state: &State) {
        let Some(embed) = &state.share.embed else {
            return;
        };
        self.root.class_list().add_1("embed").ok();
        if let Ok(nodes) = dom::document().query_selector_all("[data-control]") {
            for i in 0..nodes.length() {
                let Some(e) = nodes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let name = e.get_attribute("data-control").unwrap_or_default();
                if embed.controls.contains(&name) {
                    e.class_list().add_1("shown").ok();
                }
            }
        }
    }

    /// Draws what `dirty` marks (and the cheap parts every time); returns what it drew, so the
    /// runtime keeps the rest for later. Charts and the lessons wait for start-up (the first two
    /// frames); while training, the slow parts are drawn at most every [`SLOW_REDRAW_MS`].
    pub fn render(&mut self, state: &State, dirty: Dirty) -> Dirty {
        let now = dom::now();
        let mut dirty = dirty;
        let mut drawn = Dirty::default();
        self.run.render_options(state);
        self.settings.render(state, dirty.form, dirty.fields);
        drawn.form = true;
        drawn.fields = true;
        self.run.render(state);
        self.forecast.render(state);
        self.inside.render(state);
        self.share.render(state);
        self.lesson.render(state);
        if state.startup == Startup::Lessons {
            return drawn;
        }
        // A canvas whose box changed (a resize, a lesson's longer text, a table that grew) gets
        // pixels to match, and its chart is drawn again at once.
        dirty = dirty.or(self.fit_canvases());
        drawn.canvases = true;
        if dirty.lesson {
            self.lesson.render_lesson(state);
            drawn.lesson = true;
        }
        if state.startup != Startup::Done {
            return drawn;
        }
        if dirty.url {
            self.share.render_url(state);
            drawn.url = true;
        }
        let theme = self.theme(state);
        self.compare.render(state, &theme);
        self.arena.render(state, &theme);
        if dirty.loss {
            self.compare.draw(state, &theme);
            self.verdict.render(state);
            drawn.loss = true;
        }
        let slow_due = !state.running() || now - self.last_slow >= SLOW_REDRAW_MS;
        if slow_due && (dirty.data || dirty.network) {
            self.last_slow = now;
            if dirty.data {
                self.forecast.draw(state, &theme);
                self.verdict.draw(state, &theme);
                self.lesson.highlight(state);
                drawn.data = true;
            }
            if dirty.network && state.run.trainer.ready() {
                self.inside.draw_network(state, &theme);
                self.inside.draw_inside(state, &theme);
                drawn.network = true;
            }
        }
        if !self.marked_ready {
            self.marked_ready = true;
            set_hidden(&self.loading, true);
            // What tests and embedders wait for (boot.js set `window.wasmBindings` first).
            self.root.set_attribute("data-ready", "1").ok();
        }
        self.share.post_height(state);
        drawn
    }

    /// The charts' colours follow the page's theme (the choice, else the system's); their type
    /// grows in presentation mode.
    pub fn theme(&self, state: &State) -> Theme {
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        // Presentation: type for the back of the room, as big as the charts' height allows.
        let font = if state.options.presentation {
            (self.compare.loss_chart.client_height() as f64 / 12.0).clamp(15.0, 21.0)
        } else {
            13.0
        };
        let dark = match state.options.theme {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => dom::media("(prefers-color-scheme: dark)"),
        };
        if dark {
            Theme::dark(scale, font)
        } else {
            Theme::light(scale, font)
        }
    }

    /// Sizes each canvas's pixels to its CSS box times the device pixel ratio; says which
    /// charts must be drawn again (a canvas given new pixels is blank).
    fn fit_canvases(&self) -> Dirty {
        let scale = dom::window().device_pixel_ratio().clamp(1.0, 4.0);
        let fit = |canvas: &HtmlCanvasElement| {
            let (w, h) = (
                canvas.client_width().max(200),
                canvas.client_height().max(120),
            );
            let (pw, ph) = ((w as f64 * scale) as u32, (h as f64 * scale) as u32);
            let changed = canvas.width() != pw || canvas.height() != ph;
            if changed {
                canvas.set_width(pw);
                canvas.set_height(ph);
            }
            changed
        };
        let loss = fit(&self.compare.loss_chart);
        let data = fit(&self.forecast.data_chart) | fit(&self.verdict.grad_chart);
        let mut network = fit(&self.inside.network) | fit(&self.inside.hidden_chart);
        for canvas in &self.inside.gate_charts {
            network |= fit(canvas);
        }
        Dirty {
            loss,
            data,
            network,
            ..Dirty::default()
        }
    }

    /// The time step at a pixel of the network picture (CSS pixels from its top left).
    pub fn network_step_at(&self, state: &State, x: f64, y: f64) -> Option<usize> {
        self.inside.network_step_at(state, &self.theme(state), x, y)
    }

    pub fn canvas(&self, chart: Chart) -> &HtmlCanvasElement {
        match chart {
            Chart::Loss => &self.compare.loss_chart,
            Chart::Data => &self.forecast.data_chart,
        }
    }
}

/// Adds an option to a menu.
fn option(select: &HtmlSelectElement, value: &str, label: &str) {
    let o = text_el("option", label, Some(select));
    o.set_attribute("value", value).ok();
}
