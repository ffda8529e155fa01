//! The memory arena's panel: Run and Stop, the progress, the chart of each cell's error against
//! the delay, the sentence that reads the page's own numbers, and the table of them.

use super::super::dom::{set_attr, set_text, Finder};
use crate::app::arena::{Phase, CELLS};
use crate::app::State;
use crate::chart::{self, frame::Dash, Theme};
use plotters_canvas::CanvasBackend;
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement, HtmlDetailsElement};

/// Each cell's dash on the chart (its colour is the theme's `runs[i]`).
const DASHES: [Dash; 3] = [Dash::Solid, Dash::Dashed, Dash::DashDot];

pub struct ArenaView {
    pub panel: HtmlDetailsElement,
    pub run: HtmlButtonElement,
    pub stop: HtmlButtonElement,
    status: Element,
    chart: HtmlCanvasElement,
    sentence: Element,
    table: Element,
    /// What the table and the chart show: the arena's version, and the chart's theme and size.
    table_shown: u64,
    chart_shown: (u64, u32, u32, u8, u32),
    /// The last time the lesson asked for the panel, seen.
    revealed: u64,
}

impl ArenaView {
    pub fn new(f: &mut Finder) -> ArenaView {
        ArenaView {
            panel: f.get("arena"),
            run: f.get("arena-run"),
            stop: f.get("arena-stop"),
            status: f.get("arena-status"),
            chart: f.get("arena-chart"),
            sentence: f.get("arena-sentence"),
            table: f.get("arena-table"),
            table_shown: u64::MAX,
            chart_shown: (u64::MAX, 0, 0, 0, 0),
            revealed: 0,
        }
    }

    pub fn render(&mut self, state: &State, theme: &Theme) {
        let a = &state.arena;
        let mut status = a.status(&state.pool);
        if !state.pool.note.is_empty() {
            status = format!("{status} {}", state.pool.note);
        }
        set_text(&self.status, &status);
        set_attr(&self.panel, "data-state", Some(a.phase.name()));
        self.stop.set_disabled(a.phase != Phase::Running);
        if a.open && !self.panel.open() {
            self.panel.set_open(true);
        }
        if a.reveal > self.revealed {
            self.revealed = a.reveal;
            self.panel.scroll_into_view();
        }
        if self.table_shown != a.version {
            self.table_shown = a.version;
            set_text(&self.sentence, &a.sentence());
            super::verdict::write_table(&self.table, &a.table());
        }
        if self.panel.open() {
            self.draw(state, theme);
        }
    }

    /// The chart, when the arena, the theme or the canvas's size changed.
    fn draw(&mut self, state: &State, theme: &Theme) {
        let scale = theme.scale;
        let (w, h) = (
            self.chart.client_width().max(200),
            self.chart.client_height().max(120),
        );
        let (pw, ph) = ((w as f64 * scale) as u32, (h as f64 * scale) as u32);
        let key = (
            state.arena.version,
            pw,
            ph,
            theme.background.0,
            theme.font_px as u32,
        );
        if key == self.chart_shown {
            return;
        }
        self.chart_shown = key;
        if self.chart.width() != pw || self.chart.height() != ph {
            self.chart.set_width(pw);
            self.chart.set_height(ph);
        }
        let mut lines = Vec::new();
        for (i, row) in state.arena.scores().into_iter().enumerate() {
            let mut points = Vec::new();
            for s in row {
                points.push(s.map(|s| (s.median, s.low, s.high)));
            }
            lines.push(chart::arena::Line {
                label: CELLS[i].0.keras_class(),
                colour: theme.runs[i],
                dash: DASHES[i],
                points,
            });
        }
        let view = chart::arena::ArenaView {
            delays: state.arena.plan.delays,
            lines: &lines,
        };
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.chart.clone()) {
            if chart::arena::draw(&mut backend, &view, theme).is_err() {
                web_sys::console::warn_1(&"The arena's chart could not be drawn.".into());
            }
        }
        self.chart
            .set_attribute(
                "aria-label",
                &format!(
                    "Chart of each cell's held-out error against the delay. {}",
                    state.arena.sentence()
                ),
            )
            .ok();
    }
}
