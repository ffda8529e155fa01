//! The classroom views' state: examples, the windows and summary, rolling forward, the inside view.

use super::*;

impl App {
    /// Everything on the page that follows from the settings rather than from training: the
    /// windows table, the summary and formula, the Keras program, the baselines, the example.
    pub(super) fn refresh_lesson(&mut self) {
        let c = &self.config;
        if let Ok(windows) = crate::data::split_sequence(&c.sequence, c.seq_len, c.n_steps) {
            let held = self.trainer.val_windows().map(|(_, first)| first);
            lesson::windows_table(c, &windows, held);
        }
        lesson::summary(&self.trainer.model().dims);
        set_text("keras-code", &crate::keras_code::keras_program(c));
        let (train, val) = self.trainer.baselines();
        self.baselines_text = format!(
            "Without any training: repeating the last value gives a loss of {}; continuing the \
             straight line through the last two values gives {}.",
            short(train.repeat_last as f64),
            short(train.straight_line as f64)
        );
        if let Some(v) = val {
            self.baselines_text += &format!(
                " On the held-out windows: {} and {}.",
                short(v.repeat_last as f64),
                short(v.straight_line as f64)
            );
        }
        let step: web_sys::HtmlInputElement = by_id("inside-step");
        step.set_max(&c.seq_len.to_string());
        if step
            .value()
            .parse::<usize>()
            .map_or(true, |t| t > c.seq_len)
        {
            step.set_value("1");
        }
        self.sync_preset();
        self.draw_inside();
    }

    /// The example whose sequence is in the sequence field as typed (valid or not), if any.
    pub(super) fn typed_preset() -> Option<&'static presets::Preset> {
        let typed = parse_sequence(&value_of("sequence")).ok()?;
        presets::PRESETS.iter().find(|p| p.sequence() == typed)
    }

    /// Shows which example the sequence comes from (or "your own"), and its description and source.
    pub(super) fn sync_preset(&self) {
        // The draft holds the typed sequence once it parses: no need to read and parse it again.
        let parsed = !self.errors.iter().any(|(f, _)| *f == Field::Sequence);
        let current = parsed
            .then(|| {
                presets::PRESETS
                    .iter()
                    .find(|p| p.sequence() == self.draft.sequence)
            })
            .flatten();
        let select: web_sys::HtmlSelectElement = by_id("preset");
        select.set_value(current.map_or("custom", |p| p.key));
        set_text("preset-about", current.map_or("", |p| p.about));
        set_text(
            "data-source",
            &current
                .and_then(|p| p.source)
                .map(|s| format!("Data: {s}"))
                .unwrap_or_default(),
        );
    }

    /// Loads an example. A sequence the person typed is put aside, with a button to bring it back.
    pub(super) fn choose_preset(&mut self) {
        let Some(p) = presets::find(&value_of("preset")) else {
            return;
        };
        // Judged on the text in the field, which may not be valid (and so not in the config) yet.
        if Self::typed_preset().is_none() {
            let text = value_of("sequence");
            set_text(
                "preset-kept-text",
                &format!(
                    "Your own sequence ({} values) is put aside.",
                    group(self.config.sequence.len())
                ),
            );
            self.kept_sequence = Some(text);
        }
        by_id::<HtmlElement>("preset-kept").set_hidden(self.kept_sequence.is_none());
        let mut c = self.config.clone();
        p.apply(&mut c);
        write_form(&c);
        for field in Field::ALL {
            self.edit(field);
        }
    }

    /// The roll-forward horizon, checked as typed.
    pub(super) fn horizon(&self) -> Result<usize, String> {
        let text = value_of("horizon");
        let result = match text.trim().parse::<usize>() {
            Ok(h) if (1..=1000).contains(&h) => Ok(h),
            _ => Err("Roll forward between 1 and 1,000 steps.".to_string()),
        };
        let message = result.as_ref().err().map(String::as_str).unwrap_or("");
        set_text("horizon-error", message);
        result
    }

    pub(super) fn run_roll(&mut self) {
        let result = self.horizon().and_then(|h| {
            self.check_forecast_input()
                .and_then(|w| self.trainer.roll(&w, h))
        });
        self.rolled = show_values("roll-output", result);
        self.data_dirty = true;
    }

    /// The hidden-state heatmap and the step-through, when their panel is open. Their cost is
    /// one forward pass of one window; on a big model they are redrawn less often while training.
    pub(super) fn draw_inside(&mut self) {
        let open = by_id::<web_sys::HtmlDetailsElement>("inside").open();
        if !open || !self.trainer.ready() {
            return;
        }
        let model = self.trainer.model();
        let windows = self.trainer.windows();
        let count = windows.len();
        let text = value_of("inside-window");
        let index = match text.trim().parse::<usize>() {
            Ok(i) if i < count => {
                set_text("inside-window-error", "");
                i
            }
            _ => {
                set_text(
                    "inside-window-error",
                    &format!("Choose a training window from 0 to {}.", count - 1),
                );
                return;
            }
        };
        let start = now();
        let window = windows.input(index).to_vec();
        let trace = model.trace(&window);
        let hs = &trace.hs;
        let dead = crate::inside::dead_units(model, windows, 1 << 21);
        let t = value_of("inside-step")
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, model.dims.seq_len);
        let canvas: HtmlCanvasElement = by_id("hidden-chart");
        if let Some(mut root) = Canvas::new(&canvas) {
            let _ = chart::heatmap::draw(&mut root, hs, model.dims.units, &dead, t, &self.theme());
        }
        let units = model.dims.units;
        let shown: Vec<usize> = (0..units.min(4)).collect();
        let terms: Vec<_> = shown
            .iter()
            .map(|&j| (j, crate::inside::step_terms(model, &trace, &window, t, j)))
            .collect();
        lesson::step_terms(model.activation.name(), t, &terms, &dead);
        let n_dead = dead.iter().filter(|&&d| d).count();
        set_text(
            "dead-units",
            &if model.activation != crate::activation::Activation::Relu {
                format!(
                    "{} units; with {} no unit can die.",
                    units, model.activation
                )
            } else if n_dead == 0 {
                format!("All {units} units switch on for some window: none is dead.")
            } else {
                format!(
                    "{n_dead} of {units} units are dead: they output 0 for every window, so \
                     their weights get no gradient and stop learning."
                )
            },
        );
        canvas
            .set_attribute(
                "aria-label",
                &format!(
                    "Heatmap of the hidden state of window {index}: {units} units over {} time steps, {n_dead} dead.",
                    model.dims.seq_len
                ),
            )
            .ok();
        self.inside_cost_ms = now() - start;
        self.last_inside_draw = now();
    }
}
