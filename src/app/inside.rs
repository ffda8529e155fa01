//! The network at work: the window the picture and "Inside the cell" show, the step chosen,
//! and everything drawn from them — the window's trace, the predictions, the gates, the
//! equations with real numbers, the dead units — ready for the view to draw.

use super::State;
use crate::chart::heatmap::HeatScale;
use crate::chart::network::{Gates, NetworkView, Row};
use crate::data::window_count;
use crate::data::windows::{gather, pick_columns};
use crate::format::{join_short, subscript};
use crate::nn::activation::Activation;
use crate::nn::cell::{Cell, Heat};
use crate::nn::model::{Dims, Model, Trace};
use crate::nn::sensitivity::{jacobian, work_per_window};
use crate::teach::equations::{self, Line};
use crate::teach::inside::{dead_units, step_lines};
use crate::teach::memory::Memory;

pub struct Inside {
    /// A window of the table pointed at or focused.
    pub highlight: Option<usize>,
    /// "Inside the cell" is open.
    pub open: bool,
    /// Its window, as typed.
    pub window_text: String,
    /// The time step chosen (1-based), in the picture and inside the cell.
    pub step: usize,
    /// The layer (and direction) "Inside the cell" shows, and the picture explains: a slot,
    /// layer·D + direction.
    pub slot: usize,
    /// How far back the model looks, averaged over the training windows, as of `memory_epoch`
    /// (None for a model too big to follow live, or before its weights are ready).
    pub memory: Option<Memory>,
    memory_epoch: Option<usize>,
    memory_at: f64,
}

/// The most multiply-adds the memory span or one window's sensitivity may take a frame: about
/// 4 ms in a browser, at most twice a second while training.
pub const MEMORY_WORK: usize = 4_000_000;

/// How often the memory span is redone while training, in ms.
const MEMORY_EVERY_MS: f64 = 500.0;

impl Default for Inside {
    fn default() -> Inside {
        Inside {
            highlight: None,
            open: false,
            window_text: "0".to_string(),
            step: 1,
            slot: 0,
            memory: None,
            memory_epoch: None,
            memory_at: f64::NEG_INFINITY,
        }
    }
}

/// One window's run through the network, owned, for the picture's view to borrow.
pub struct NetworkData {
    pub window: usize,
    pub inputs: Vec<f32>,  // (T, F) as typed
    pub scaled: Vec<f32>,  // (T, F) as the model reads them
    pub targets: Vec<f32>, // (S·K), empty past the end of the data
    pub outputs: Vec<f32>, // (S·K) predictions, in the data's units
    /// Every slot's trace, in the window's time (a backward slot's turned round).
    pub traces: Vec<Trace>,
    pub gates: Vec<Option<(Vec<&'static str>, Vec<f32>)>>,
    pub selected: usize, // 1-based time step
    /// How much each step's values move this window's forecast: Σ_j Σ_f |∂ŷ_j/∂x_{t,f}| in the
    /// model's units, as a share of the largest step's (T); empty for a model too big to
    /// follow live.
    pub pull: Vec<f32>,
    /// How far back the model looks, in a few words (the picture's title says it).
    pub memory: String,
}

impl NetworkData {
    pub fn view(&self, dims: Dims) -> NetworkView<'_> {
        NetworkView {
            cell: dims.cell.keras_class(),
            inputs: &self.inputs,
            features: dims.features,
            rows: (0..dims.slots())
                .map(|k| Row {
                    hidden: &self.traces[k].hs,
                    units: dims.slot(k).units,
                    gates: self.gates[k]
                        .as_ref()
                        .map(|(names, values)| Gates { names, values }),
                    backward: dims.slot(k).backward,
                })
                .collect(),
            outputs: &self.outputs,
            targets: &self.targets,
            selected: self.selected,
            pull: &self.pull,
            memory: &self.memory,
        }
    }
}

/// Σ_j Σ_f |∂ŷ_j/∂x_{t,f}| for one window (model units), as shares of the largest step: (T).
fn pull_of(model: &Model, scaled: &[f32]) -> Vec<f32> {
    let dims = model.dims;
    if work_per_window(&dims) > MEMORY_WORK {
        return Vec::new();
    }
    let (t_len, f) = (dims.seq_len, dims.features);
    let jac = jacobian(model, scaled); // (S·K, T, F)
    let mut pull = vec![0.0f32; t_len];
    for block in jac.chunks_exact(t_len * f) {
        for (p, step) in pull.iter_mut().zip(block.chunks_exact(f)) {
            *p += step.iter().map(|v| v.abs()).sum::<f32>();
        }
    }
    let largest = pull.iter().fold(0.0f32, |a, &v| a.max(v));
    if !(largest > 0.0 && largest.is_finite()) {
        return Vec::new();
    }
    pull.iter_mut().for_each(|p| *p /= largest);
    pull
}

/// A backward slot's trace in the window's time: the state and gates at window step t are
/// those after its own step T − t (it read x_T first). Row 0 of the states stays h_0.
fn in_window_time(trace: Trace, units: usize) -> Trace {
    let t_len = trace.hs.len() / units.max(1) - 1;
    let flip = |v: &[f32], width: usize, first: usize| -> Vec<f32> {
        if width == 0 || v.is_empty() {
            return v.to_vec();
        }
        let mut out = v[..first * width].to_vec();
        let rows: Vec<&[f32]> = v[first * width..].chunks_exact(width).collect();
        for r in rows.iter().rev() {
            out.extend_from_slice(r);
        }
        out
    };
    let gate_width = trace.gates.len() / t_len.max(1);
    Trace {
        x: flip(&trace.x, trace.x.len() / t_len.max(1), 0),
        hs: flip(&trace.hs, units, 1),
        cs: flip(&trace.cs, units, 1),
        gates: flip(&trace.gates, gate_width, 0),
    }
}

/// What "Inside the cell" draws for its window: the hidden state's heatmap, each gate's, the
/// dead units, and the equations of the chosen step with real numbers.
pub struct InsideData {
    pub window: usize,
    pub trace: Trace,
    pub gates: Vec<(&'static str, Vec<f32>, HeatScale)>,
    pub dead: Vec<bool>,
    pub step: usize,
    pub lines: Vec<Line>,
    /// A sentence on the dead units (or why there can be none).
    pub dead_text: String,
}

impl Inside {
    /// A new model: the old one's memory span is no longer shown.
    pub fn forget_memory(&mut self) {
        self.memory = None;
        self.memory_epoch = None;
        self.memory_at = f64::NEG_INFINITY;
    }
}

impl State {
    /// The window of the training windows "Inside the cell" shows, or why it can't.
    pub fn inside_window(&self) -> Result<usize, String> {
        let count = self.run.trainer.windows().len();
        match self.inside.window_text.trim().parse::<usize>() {
            Ok(i) if i < count => Ok(i),
            _ => Err(format!(
                "Choose a training window from 0 to {}.",
                count.saturating_sub(1)
            )),
        }
    }

    /// The window the network picture shows: the one pointed at in the windows table, else the
    /// inside view's choice.
    pub fn shown_window(&self) -> Option<usize> {
        let c = &self.settings.config;
        let all = window_count(c.series.rows(), c.seq_len, c.n_steps);
        self.inside
            .highlight
            .or_else(|| self.inside_window().ok())
            .filter(|&i| i < all)
    }

    /// The network picture's data for the window it shows (None before the weights are ready).
    pub fn network_data(&self) -> Option<NetworkData> {
        let window = self.shown_window()?;
        let trainer = &self.run.trainer;
        if !trainer.ready() {
            return None;
        }
        let model = trainer.model();
        let dims = model.dims;
        let c = &self.settings.config;
        let (t, s, f) = (c.seq_len, c.n_steps, dims.features);
        let values = &c.series.values;
        let inputs = values[window * f..(window + t) * f].to_vec();
        let targets = pick_columns(
            &values[(window + t) * f..(window + t + s) * f],
            f,
            trainer.target_columns(),
        );
        let scalers = trainer.scalers();
        let scaled: Vec<f32> = inputs
            .iter()
            .enumerate()
            .map(|(i, &v)| scalers[i % f].apply(v))
            .collect();
        let traces: Vec<Trace> = model
            .traces(&scaled)
            .into_iter()
            .enumerate()
            .map(|(k, tr)| {
                let slot = dims.slot(k);
                if slot.backward {
                    in_window_time(tr, slot.units)
                } else {
                    tr
                }
            })
            .collect();
        let outputs = trainer.forecast(&inputs).unwrap_or_default();
        let pull = pull_of(model, &scaled);
        let gates = traces
            .iter()
            .enumerate()
            .map(|(k, tr)| gate_view(dims.cell, tr, dims.slot(k).units))
            .collect();
        Some(NetworkData {
            window,
            inputs,
            scaled,
            targets,
            outputs,
            traces,
            gates,
            selected: self.inside.step.clamp(1, dims.seq_len),
            pull,
            memory: self
                .inside
                .memory
                .as_ref()
                .map_or(String::new(), |m| m.words()),
        })
    }

    /// The chosen step's new state for its most active unit, as a line of plain text under the
    /// picture (after why a bidirectional layer does not peek).
    pub fn network_step_lines(&self, data: &NetworkData) -> Vec<String> {
        let model = self.run.trainer.model();
        let k = self.inside_slot();
        let slot = model.dims.slot(k);
        let h = slot.units;
        // The slot's own step: a backward slot read the window from the end.
        let own = if slot.backward {
            model.dims.seq_len + 1 - data.selected
        } else {
            data.selected
        };
        let trace = model.trace_of(&data.scaled, k);
        let row = &trace.hs[own * h..(own + 1) * h];
        let j = (0..h)
            .max_by(|&a, &b| row[a].abs().total_cmp(&row[b].abs()))
            .unwrap_or(0);
        let selected = own;
        let cell_lines = step_lines(model, k, &trace, selected, j, true);
        let mut lines = equations::step_lines(&cell_lines, selected, j);
        if let Some((label, _)) = lines.last_mut() {
            *label = format!(
                "{}Step {selected}, unit {j} (the most active of {h})",
                self.slot_prefix(k)
            );
        }
        // The step's new state only: a gated cell's other lines are inside the cell, and the
        // caption keeps room for how far back the model looks.
        let mut out: Vec<String> = lines
            .last()
            .map(|(label, toks)| format!("{label}: {}", equations::plain(toks)))
            .into_iter()
            .collect();
        if model.dims.bidirectional {
            let t = subscript(model.dims.seq_len);
            out.insert(
                0,
                format!(
                    "Both ways, still only the past: the backward row (←) reads this same window \
                     from x{t} back to x₁. The values being forecast come after x{t}, and no row \
                     ever reads them."
                ),
            );
        }
        out
    }

    /// The picture's text alternative.
    pub fn network_label(&self, data: &NetworkData) -> String {
        let dims = self.run.trainer.model().dims;
        let short = |v: &[f32]| join_short(v);
        let units: Vec<String> = dims
            .layers
            .as_slice()
            .iter()
            .map(|u| u.to_string())
            .collect();
        let layers = if dims.layers.len() == 1 {
            format!("one {} cell per time step", dims.cell.keras_class())
        } else {
            format!(
                "{} layers of {} cells, each reading the one below at every step",
                dims.layers.len(),
                dims.cell.keras_class()
            )
        };
        format!(
            "The network unrolled over window {}: inputs {}, {layers}{}, passing hidden states of \
             {} units along, then Dense to the predictions {} (targets {}).",
            data.window,
            short(&data.inputs),
            if dims.bidirectional {
                ", each layer reading the window both ways"
            } else {
                ""
            },
            crate::format::join(&units, ", "),
            short(&data.outputs),
            short(&data.targets)
        )
    }

    /// "Inside the cell" for its window, or the message for a window that can't be shown.
    pub fn inside_data(&self) -> Result<InsideData, String> {
        let index = self.inside_window()?;
        let trainer = &self.run.trainer;
        let model = trainer.model();
        let dims = model.dims;
        let windows = trainer.windows();
        let window = windows.input(index).to_vec();
        let k = self.inside_slot();
        let own_trace = model.trace_of(&window, k);
        let dead = dead_units(model, k, windows, 1 << 21);
        let slot = dims.slot(k);
        let units = slot.units;
        let step = self.inside.step.clamp(1, dims.seq_len);
        // The equations in the slot's own time (a backward slot's first step reads x_T); the
        // heatmaps in the window's, like the picture.
        let own_step = if slot.backward {
            dims.seq_len + 1 - step
        } else {
            step
        };
        let trace = if slot.backward {
            in_window_time(own_trace.clone(), units)
        } else {
            own_trace.clone()
        };
        let gates = inside_gates(dims.cell, &trace, units);
        let mut lines = equations::general_lines(dims.cell);
        for j in 0..units.min(dims.cell.units_shown()) {
            let cell_lines = step_lines(model, k, &own_trace, own_step, j, false);
            let mut unit = equations::step_lines(&cell_lines, own_step, j);
            if dead.get(j).copied().unwrap_or(false) {
                // Every label starts "Unit {j}": the mark goes right after it.
                let name = format!("Unit {j}");
                for (label, _) in &mut unit {
                    if label.starts_with(&name) {
                        label.insert_str(name.len(), " (dead)");
                    }
                }
            }
            lines.extend(unit);
        }
        let n_dead = dead.iter().filter(|&&d| d).count();
        let dead_text = if model.activation != Activation::Relu {
            format!("{units} units; with {} no unit can die.", model.activation)
        } else if n_dead == 0 {
            format!("All {units} units switch on for some window: none is dead.")
        } else {
            format!(
                "{n_dead} of {units} units are dead: they output 0 for every window, so their \
                 weights get no gradient and stop learning."
            )
        };
        Ok(InsideData {
            window: index,
            trace,
            gates,
            dead,
            step,
            lines,
            dead_text,
        })
    }

    /// The memory span follows training: redone within [`MEMORY_WORK`] when an epoch has passed,
    /// at most every [`MEMORY_EVERY_MS`] while training, and once training stops.
    pub(super) fn follow_memory(&mut self, t_ms: f64) {
        let trainer = &self.run.trainer;
        let epoch = trainer.epochs_done();
        if !trainer.ready() || self.inside.memory_epoch == Some(epoch) {
            return;
        }
        if self.run.running() && t_ms - self.inside.memory_at < MEMORY_EVERY_MS {
            return;
        }
        let dims = trainer.model().dims;
        self.inside.memory = (work_per_window(&dims) <= MEMORY_WORK)
            .then(|| crate::teach::memory::of(trainer, MEMORY_WORK));
        self.inside.memory_epoch = Some(epoch);
        self.inside.memory_at = t_ms;
        self.dirty.network = true;
    }

    /// The sentence under the network picture on how far back the forecast looks.
    pub fn memory_text(&self) -> String {
        match &self.inside.memory {
            Some(m) => m.short(),
            None if self.run.trainer.ready() => "This model is too big to measure how far back \
                it looks while it trains."
                .into(),
            None => String::new(),
        }
    }

    /// The slot "Inside the cell" shows: the one chosen, if the model still has it.
    pub fn inside_slot(&self) -> usize {
        let slots = self.run.trainer.model().dims.slots();
        self.inside.slot.min(slots.saturating_sub(1))
    }

    /// "Layer 2, backward: " before a stacked or bidirectional model's lines; nothing for one
    /// layer read one way.
    pub fn slot_prefix(&self, k: usize) -> String {
        let dims = self.run.trainer.model().dims;
        if dims.slots() == 1 {
            return String::new();
        }
        format!("{}: ", slot_name(&dims, k))
    }

    /// The layer choices "Inside the cell" offers: (slot, name), one per layer and direction;
    /// empty for one layer read one way (nothing to choose).
    pub fn slot_options(&self) -> Vec<(usize, String)> {
        let dims = self.run.trainer.model().dims;
        if dims.slots() == 1 {
            return Vec::new();
        }
        (0..dims.slots())
            .map(|k| (k, slot_name(&dims, k)))
            .collect()
    }

    /// The gradient chart's names for its lines, one per slot: "layer 1", "layer 2 ←" (a
    /// backward direction).
    pub fn grad_layer_names(&self) -> Vec<String> {
        let dims = self.run.trainer.model().dims;
        (0..dims.slots())
            .map(|k| {
                let s = dims.slot(k);
                format!(
                    "layer {}{}",
                    s.layer + 1,
                    if s.backward { " ←" } else { "" }
                )
            })
            .collect()
    }

    /// The one-step-ahead fit's text for the data chart's label.
    pub fn data_label(&self) -> String {
        let c = &self.settings.config;
        let f = &self.forecast.values;
        let series = &c.series;
        let first = |j: usize| series.values.get(j).copied().unwrap_or(0.0) as f64;
        let last = |j: usize| {
            let at = series.values.len().saturating_sub(series.features()) + j;
            series.values.get(at).copied().unwrap_or(0.0) as f64
        };
        if series.is_table() {
            let each: Vec<String> = (0..series.features())
                .map(|j| {
                    format!(
                        "{} from {} to {}",
                        series.name(j),
                        crate::format::short(first(j)),
                        crate::format::short(last(j))
                    )
                })
                .collect();
            return format!(
                "Chart of the table's {} series over {} rows: {}{}.",
                series.features(),
                series.rows(),
                crate::format::join(&each, "; "),
                if f.is_empty() {
                    String::new()
                } else {
                    format!("; then the forecast {}", join_short(f))
                }
            );
        }
        format!(
            "Chart of the sequence: {} values from {} to {}{}.",
            series.rows(),
            crate::format::short(first(0)),
            crate::format::short(last(0)),
            if f.is_empty() {
                String::new()
            } else {
                format!(", then the forecast {}", join_short(f))
            }
        )
    }
}

/// "Layer 1", "Layer 2 (top)", "Layer 1, backward": how the page names a slot.
pub fn slot_name(dims: &Dims, k: usize) -> String {
    let slot = dims.slot(k);
    let top = if dims.layers.len() > 1 && slot.layer + 1 == dims.layers.len() {
        " (top)"
    } else {
        ""
    };
    let way = match (dims.bidirectional, slot.backward) {
        (false, _) => "",
        (true, false) => ", forward",
        (true, true) => ", backward (reads the window from the end)",
    };
    format!("Layer {}{top}{way}", slot.layer + 1)
}

/// The gates the network picture shows inside each cell: names, and values (T, G'·H) for the
/// G' gates the cell shows there, in its order.
fn gate_view(cell: Cell, trace: &Trace, units: usize) -> Option<(Vec<&'static str>, Vec<f32>)> {
    let shown = cell.picture_gates();
    if shown.is_empty() {
        return None;
    }
    let gh = cell.gates() * units;
    let mut values = Vec::new();
    for row in trace.gates.chunks_exact(gh) {
        for &(_, g) in shown {
            values.extend_from_slice(&row[g * units..(g + 1) * units]);
        }
    }
    Some((shown.iter().map(|(name, _)| *name).collect(), values))
}

/// The Inside view's extra heatmaps, as the cell lists them: each gate (0…1) and a carried
/// memory (around 0), (T, H) each.
fn inside_gates(
    cell: Cell,
    trace: &Trace,
    units: usize,
) -> Vec<(&'static str, Vec<f32>, HeatScale)> {
    let gh = cell.gates() * units;
    cell.heatmaps()
        .iter()
        .map(|&(title, heat)| match heat {
            Heat::Gate(g) => {
                let values = gather(trace.gates.chunks_exact(gh), |row| {
                    &row[g * units..(g + 1) * units]
                });
                (title, values, HeatScale::Unit)
            }
            Heat::Carry => (title, trace.cs[units..].to_vec(), HeatScale::Diverging),
        })
        .collect()
}
