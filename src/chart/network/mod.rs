//! The network unrolled over one window, as teachers draw it on the board: inputs x_t rising
//! into cells h_t, the hidden state passed along from cell to cell, h_T into the Dense layer,
//! and its outputs ŷ beside the targets y. Values show by colour and by size.
//!
//! A stack is drawn as rows of cells, the bottom layer nearest the inputs, each layer's row
//! reading the outputs of the row below at the same step; a bidirectional layer is two rows, the
//! forward one passing its state left to right and the backward one right to left. The Dense
//! layer reads the top layer's last states: the forward row's at the last step, the backward
//! row's at the first (it read the window from the end).

use super::frame::{clear, outline, text_width, wrap, Drawn, Label, Pen};
use super::heatmap::{colour, max_abs, HeatScale};
use super::legend::Rect;
use super::Theme;
use crate::format::{short, subscript};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend};

/// A gated cell's gates over the window: `values` is (T, names.len() × H) row-major, each gate's
/// H values contiguous within a row, in `names` order (Keras's: LSTM i, f, o; GRU z, r).
#[derive(Clone, Copy)]
pub struct Gates<'a> {
    pub names: &'a [&'a str],
    pub values: &'a [f32],
}

/// One row of cells: one direction of one recurrent layer, in the window's time.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    /// (T+1, H) row-major; row t is the state once the cell has read step t (a backward row:
    /// once it has read x_T … x_t). Row 0 is h_0 for a forward row, unused for a backward one.
    pub hidden: &'a [f32],
    pub units: usize,
    /// The gates at each step: (T, G'·H), row t − 1 for step t.
    pub gates: Option<Gates<'a>>,
    pub backward: bool,
}

/// One window through the network. Inputs, outputs and targets are in the data's units.
pub struct NetworkView<'a> {
    /// "SimpleRNN", "LSTM" or "GRU".
    pub cell: &'a str,
    /// x_1 … x_T, each a row of `features` values: (T, F).
    pub inputs: &'a [f32],
    pub features: usize,
    /// The rows of cells, bottom layer first (a bidirectional layer: forward, then backward).
    pub rows: Vec<Row<'a>>,
    /// ŷ: the head's outputs (n_steps × targets, time-major).
    pub outputs: &'a [f32],
    /// y: as many targets (empty when the window has none, past the end of the data).
    pub targets: &'a [f32],
    /// The 1-based time step to highlight.
    pub selected: usize,
    /// How much each step moves the forecast, as a share of the step that moves it most (T),
    /// drawn as a bar under each input; empty: no bars.
    pub pull: &'a [f32],
    /// How far back the model looks, in a few words for the title ("looks back 20 steps");
    /// empty: nothing said.
    pub memory: &'a str,
}

impl NetworkView<'_> {
    /// T: the window's steps.
    fn steps(&self) -> usize {
        self.inputs.len() / self.features.max(1)
    }

    /// D: rows per layer.
    fn directions(&self) -> usize {
        if self.rows.iter().any(|r| r.backward) {
            2
        } else {
            1
        }
    }
}

/// What the chart says before there is a window to show.
pub const EMPTY: &str = "Choose a window to see the network unrolled over it.";

mod layout;
pub use layout::step_at;
use layout::*;

/// A line from `from` to `to` with a filled head at `to`.
fn arrow<DB: DrawingBackend>(
    backend: &mut DB,
    from: BackendCoord,
    to: BackendCoord,
    pen: &Pen,
    head: i32,
) -> Drawn<DB> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = libm::hypot(dx, dy);
    if len < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let h = head as f64;
    let base = (to.0 as f64 - ux * h, to.1 as f64 - uy * h);
    backend.draw_line(from, (base.0.round() as i32, base.1.round() as i32), pen)?;
    let side = |s: f64| {
        (
            (base.0 - uy * h * 0.5 * s).round() as i32,
            (base.1 + ux * h * 0.5 * s).round() as i32,
        )
    };
    backend.fill_polygon([to, side(1.0), side(-1.0)], pen)
}

/// `values` as a grid of coloured cells filling `rect`, as square as the rect allows.
fn grid<DB: DrawingBackend>(
    backend: &mut DB,
    rect: Rect,
    values: &[f32],
    scale: HeatScale,
    max: f32,
    theme: &Theme,
) -> Drawn<DB> {
    let (gw, gh) = (rect.2 - rect.0, rect.3 - rect.1);
    if gw <= 0 || gh <= 0 || values.is_empty() {
        return Ok(());
    }
    let c = values.len();
    let cols = (libm::ceil(libm::sqrt(c as f64 * gw as f64 / gh as f64)) as usize).clamp(1, c);
    let rows = c.div_ceil(cols);
    for (i, &v) in values.iter().enumerate() {
        let (col, row) = ((i % cols) as i32, (i / cols) as i32);
        let (cols, rows) = (cols as i32, rows as i32);
        let a = (rect.0 + gw * col / cols, rect.1 + gh * row / rows);
        let b = (
            rect.0 + gw * (col + 1) / cols,
            rect.1 + gh * (row + 1) / rows,
        );
        backend.draw_rect(a, b, &Pen::new(colour(v, scale, max, theme), 1), true)?;
    }
    Ok(())
}

/// Gate values (0..1) as one row of coloured cells filling `rect`.
fn strip_row<DB: DrawingBackend>(
    backend: &mut DB,
    rect: Rect,
    values: &[f32],
    theme: &Theme,
) -> Drawn<DB> {
    let (w, n) = (rect.2 - rect.0, values.len() as i32);
    for (i, &v) in values.iter().enumerate() {
        let i = i as i32;
        let (a, b) = (rect.0 + w * i / n, rect.0 + w * (i + 1) / n);
        backend.draw_rect(
            (a, rect.1),
            (b, rect.3),
            &Pen::new(colour(v, HeatScale::Unit, 1.0, theme), 1),
            true,
        )?;
    }
    Ok(())
}

/// Draws the unrolled network; see the module's summary.
pub fn draw<DB: DrawingBackend>(backend: &mut DB, view: &NetworkView, theme: &Theme) -> Drawn<DB> {
    let size = clear(backend, theme)?;
    let px = |css: f64| theme.px(css) as i32;
    if view.inputs.is_empty() || view.rows.is_empty() {
        let (f, pad) = (theme.font(), px(6.0));
        let top_left = Label::new(theme, HPos::Left, VPos::Top);
        backend.draw_text(view.cell, &top_left, (pad, pad))?;
        let lines = wrap(EMPTY, (size.0 as i32 - 2 * pad) as f64, f);
        for (i, line) in lines.iter().enumerate() {
            let y = pad + ((i as f64 + 1.5) * f * 1.3) as i32;
            backend.draw_text(line, &top_left, (pad, y))?;
        }
        return backend.present();
    }
    let (layout, theme) = fitted(size, view, theme);
    let theme = &theme;
    let f = theme.font();
    let top_left = Label::new(theme, HPos::Left, VPos::Top);
    let centre = Label::new(theme, HPos::Center, VPos::Center);
    let below = Label::new(theme, HPos::Center, VPos::Top);
    let (pad, gap) = (layout.pad, layout.gap);
    let features = view.features.max(1);
    let hidden_max = hidden_max(view);
    let node_max = max_abs(
        &view
            .inputs
            .iter()
            .chain(view.outputs)
            .chain(view.targets)
            .copied()
            .collect::<Vec<_>>(),
    );
    let r_max = layout.radius;
    let r_min = (r_max * 2 / 5).max(px(2.5));
    // Area grows with |value|: radius with its square root.
    let radius = |v: f32, most: i32| {
        let share = if v.is_finite() {
            (v.abs() / node_max).min(1.0)
        } else {
            0.0
        };
        let least = r_min.min(most);
        least + ((most - least) as f32 * share.sqrt()).round() as i32
    };
    let ink = Pen::new(theme.text, theme.px(1.0));
    let soft = Pen::new(theme.text, theme.px(1.5)).alpha(0.75);
    let head = ((f * 0.4) as i32).max(px(5.0));
    let node = |backend: &mut DB, at: BackendCoord, v: f32, most: i32| -> Drawn<DB> {
        let fill = colour(v, HeatScale::Diverging, node_max, theme);
        let r = radius(v, most) as u32;
        backend.draw_circle(at, r, &Pen::new(fill, 1), true)?;
        backend.draw_circle(at, r, &ink, false)
    };

    backend.draw_text(&layout.title, &top_left, (pad, pad))?;
    // The colour keys: what a cell's colours mean.
    let key_label = Label::new(theme, HPos::Left, VPos::Center).size(f * KEY_SIZE);
    let key_y = pad + (f * 0.6) as i32;
    for ((name, lo, hi), &(x, bar)) in colour_keys(view).iter().zip(&layout.keys) {
        let kf = f * KEY_SIZE;
        let mut x = x;
        for text in [name, lo] {
            backend.draw_text(text, &key_label, (x, key_y))?;
            x += text_width(text, kf).ceil() as i32 + gap;
        }
        let scale = if name == "h" {
            HeatScale::Diverging
        } else {
            HeatScale::Unit
        };
        let half = (kf * 0.45) as i32;
        let slices = 24;
        for k in 0..slices {
            let a = x + bar * k / slices;
            let b = x + bar * (k + 1) / slices;
            let share = (k as f32 + 0.5) / slices as f32;
            let v = match scale {
                HeatScale::Diverging => (2.0 * share - 1.0) * hidden_max,
                HeatScale::Unit => share,
            };
            let c = colour(v, scale, hidden_max, theme);
            backend.draw_rect(
                (a, key_y - half),
                (b.max(a + 1), key_y + half),
                &Pen::new(c, 1),
                true,
            )?;
        }
        let frame = Pen::new(theme.grid, theme.px(1.0));
        outline(backend, (x, key_y - half, x + bar, key_y + half), &frame)?;
        backend.draw_text(hi, &key_label, (x + bar + gap, key_y))?;
    }
    let edge = |c: &Column| match *c {
        Column::Step { cell, .. } => (cell.0, cell.2),
        Column::Gap { x } => (x - (f * 0.5) as i32, x + (f * 0.5) as i32),
    };
    let row_mid = |&(top, bottom, _): &(i32, i32, usize)| (top + bottom) / 2;
    // The state passed along each row: left to right, or right to left for a backward row.
    // The bars' row says what it shows, left of the first input, if there is room.
    if let (Some(first), (top, height)) = (layout.columns.first(), layout.bars) {
        let room = edge(first).0 - pad;
        let label = Label::new(theme, HPos::Left, VPos::Center).size(f * KEY_SIZE);
        let name = "pull on ŷ";
        if height > 0 && text_width(name, f * KEY_SIZE) <= room as f64 {
            backend.draw_text(name, &label, (pad, top + height / 2))?;
        }
    }
    for r in &layout.rows {
        let (y, backward) = (row_mid(r), view.rows[r.2].backward);
        if let (Some(x), Some(first), false) = (layout.h0, layout.columns.first(), backward) {
            let label = Label::new(theme, HPos::Left, VPos::Center);
            backend.draw_text("h₀", &label, (x, y))?;
            let from = x + text_width("h₀", f) as i32 + gap;
            arrow(backend, (from, y), (edge(first).0 - 1, y), &soft, head)?;
        }
        for w in layout.columns.windows(2) {
            let (a, b) = (edge(&w[0]).1 + 1, edge(&w[1]).0 - 1);
            let (from, to) = if backward { (b, a) } else { (a, b) };
            arrow(backend, (from, y), (to, y), &soft, head)?;
        }
    }
    let first_step = layout.columns.iter().find_map(|c| match c {
        Column::Step { t, .. } => Some(*t),
        Column::Gap { .. } => None,
    });
    let bottom_row = layout.rows.last().map_or(0, |r| r.1);
    for column in &layout.columns {
        let (t, cell, input) = match *column {
            Column::Gap { x } => {
                for r in &layout.rows {
                    backend.draw_text("…", &centre, (x, row_mid(r)))?;
                }
                backend.draw_text("…", &below, (x, layout.input_label_y))?;
                continue;
            }
            Column::Step { t, cell, input } => (t, cell, input),
        };
        // The step's inputs: one node, or a node per series side by side.
        let x = &view.inputs[(t - 1) * features..t * features];
        arrow(
            backend,
            (input.0, input.1 - r_max - 1),
            (input.0, bottom_row + 1),
            &soft,
            head,
        )?;
        let width = cell.2 - cell.0;
        let most = if features == 1 {
            r_max
        } else {
            ((width - gap * (features as i32 - 1)) / (2 * features as i32)).clamp(px(2.0), r_max)
        };
        for (i, &v) in x.iter().enumerate() {
            let offset = (2 * i as i32 - (features as i32 - 1)) * (most + gap / 2);
            node(backend, (input.0 + offset, input.1), v, most)?;
        }
        let name = format!("x{}", subscript(t));
        let text = if layout.input_values {
            format!("{name} = {}", short(x[0] as f64))
        } else {
            name
        };
        backend.draw_text(&text, &below, (input.0, layout.input_label_y))?;
        // How much this step moves the forecast: a bar rising from the row's floor.
        if let (Some(&p), (top, height)) = (view.pull.get(t - 1), layout.bars) {
            if height > 0 && p.is_finite() {
                let tall = ((height as f32 * p.clamp(0.0, 1.0)).round() as i32).max(1);
                let half = ((cell.2 - cell.0) / 3).max(px(3.0));
                let pen = Pen::new(theme.rolled, 1);
                backend.draw_rect(
                    (input.0 - half, top + height - tall),
                    (input.0 + half, top + height),
                    &pen,
                    true,
                )?;
            }
        }
        // Each layer reads the one below at the same step.
        for pair in layout.rows.windows(2) {
            let (upper, lower) = (&pair[0], &pair[1]);
            let (ul, ll) = (upper.2 / view.directions(), lower.2 / view.directions());
            if ul != ll && lower.1 > upper.1 {
                // From the top of the lower layer's rows to the bottom of the upper layer's.
                let lower_top = layout
                    .rows
                    .iter()
                    .filter(|r| r.2 / view.directions() == ll)
                    .map(|r| r.0)
                    .min()
                    .unwrap_or(lower.0);
                arrow(
                    backend,
                    ((cell.0 + cell.2) / 2, lower_top - 1),
                    ((cell.0 + cell.2) / 2, upper.1 + 1),
                    &soft,
                    head * 2 / 3,
                )?;
            }
        }
        for r in &layout.rows {
            let row = &view.rows[r.2];
            let rect = (cell.0, r.0, cell.2, r.1);
            cell_box(
                backend,
                rect,
                row,
                t,
                first_step == Some(t),
                theme,
                hidden_max,
            )?;
        }
        let selected = t == view.selected;
        let pen = if selected {
            Pen::new(theme.text, theme.px(3.0))
        } else {
            ink
        };
        for r in &layout.rows {
            outline(backend, (cell.0, r.0, cell.2, r.1), &pen)?;
        }
        if selected {
            let at = ((cell.0 + cell.2) / 2, layout.top_row);
            backend.draw_text(&format!("t = {t}"), &below, at)?;
        }
    }

    // The top layer's last states into Dense: the forward row's from the last step, and a
    // backward row's from the first, over the top of the cells.
    let d = layout.dense;
    let dense_y = (d.1 + d.3) / 2;
    for r in layout.rows.iter().take(view.directions()) {
        let backward = view.rows[r.2].backward;
        match (backward, layout.columns.last(), layout.columns.first()) {
            (false, Some(last), _) => {
                let from = (edge(last).1 + 1, row_mid(r));
                arrow(backend, from, (d.0 - 1, dense_y), &soft, head)?;
            }
            (true, _, Some(first)) => {
                let x = (edge(first).0 + edge(first).1) / 2;
                let over = r.0.min(layout.rows[0].0) - gap;
                let pen = Pen::new(theme.text, theme.px(1.0)).alpha(0.6);
                backend.draw_line((x, r.0), (x, over), &pen)?;
                backend.draw_line((x, over), ((d.0 + d.2) / 2, over), &pen)?;
                arrow(
                    backend,
                    ((d.0 + d.2) / 2, over),
                    ((d.0 + d.2) / 2, d.1 - 1),
                    &pen,
                    head * 2 / 3,
                )?;
            }
            _ => {}
        }
    }
    backend.draw_rect((d.0, d.1), (d.2, d.3), &Pen::new(theme.background, 1), true)?;
    outline(backend, d, &ink)?;
    backend.draw_text("Dense", &centre, ((d.0 + d.2) / 2, dense_y))?;

    let value_label = Label::new(theme, HPos::Left, VPos::Center);
    if !layout.stacked {
        if let Some(first) = layout.outputs.first() {
            backend.draw_text("ŷ", &below, (first.y_hat.0, layout.top_row))?;
            if let Some(t) = first.target {
                backend.draw_text("y", &below, (t.0, layout.top_row))?;
            }
        }
    }
    let fan = Pen::new(theme.text, theme.px(1.0)).alpha(0.5);
    for out in &layout.outputs {
        let Some(k) = out.k else {
            backend.draw_text("…", &centre, out.y_hat)?;
            continue;
        };
        let (y_hat, target) = (view.outputs[k - 1], view.targets.get(k - 1).copied());
        let to = (out.y_hat.0 - r_max - 1, out.y_hat.1);
        arrow(backend, (d.2 + 1, dense_y), to, &fan, head * 2 / 3)?;
        node(backend, out.y_hat, y_hat, r_max)?;
        let s = subscript(k);
        let text = |name: &str, v: f32| {
            if layout.stacked {
                format!("{name}{s} {}", short(v as f64))
            } else {
                short(v as f64)
            }
        };
        let beside = |at: BackendCoord| (at.0 + r_max + gap, at.1);
        backend.draw_text(&text("ŷ", y_hat), &value_label, beside(out.y_hat))?;
        if let (Some(at), Some(v)) = (out.target, target) {
            node(backend, at, v, r_max)?;
            backend.draw_text(&text("y", v), &value_label, beside(at))?;
        }
    }
    backend.present()
}

/// One cell at step `t` of a row, inside `cell`: its name (h_t, or ←h_t backward) where there is
/// room, its state as a grid of colours, and its gates as strips (named in the row's first cell).
fn cell_box<DB: DrawingBackend>(
    backend: &mut DB,
    cell: Rect,
    row: &Row,
    t: usize,
    named: bool,
    theme: &Theme,
    hidden_max: f32,
) -> Drawn<DB> {
    let px = |css: f64| theme.px(css) as i32;
    let (f, gap) = (theme.font(), px(3.0));
    let units = row.units;
    backend.draw_rect(
        (cell.0, cell.1),
        (cell.2, cell.3),
        &Pen::new(theme.background, 1),
        true,
    )?;
    let inner = (cell.0 + gap, cell.1 + gap, cell.2 - gap, cell.3 - gap);
    let inner_h = inner.3 - inner.1;
    let small = f * 0.85;
    let label_h = (small * 1.15) as i32;
    // The gates' names are written once, in the first cell, at a readable size (11 px or
    // more): each strip is as tall as its name.
    let gate_font = (f * 0.75).max(theme.px(11.0) as f64);
    let gates = row.gates.filter(|g| !g.names.is_empty());
    let gate_count = gates.map_or(0, |g| g.names.len());
    let strip_h = ((inner_h as f64 * 0.16) as i32)
        .min((f * 0.8) as i32)
        .max((gate_font * 0.95) as i32);
    let gates_h = gate_count as i32 * (strip_h + px(2.0));
    let min_grid = px(6.0);
    let show_gates = gate_count > 0 && inner_h - gates_h >= min_grid;
    let below_grid = if show_gates { gates_h } else { 0 };
    let show_label = inner_h - below_grid - min_grid >= label_h;
    let mut y = inner.1;
    if show_label {
        let label = Label::new(theme, HPos::Left, VPos::Top).size(small);
        let arrow = if row.backward { "←" } else { "" };
        backend.draw_text(&format!("{arrow}h{}", subscript(t)), &label, (inner.0, y))?;
        y += label_h;
    }
    let grid_rect = (inner.0, y, inner.2, inner.3 - below_grid);
    if units > 0 && row.hidden.len() >= (t + 1) * units {
        let room = ((grid_rect.2 - grid_rect.0) / px(3.0)).max(1)
            * ((grid_rect.3 - grid_rect.1) / px(3.0)).max(1);
        let h = pick_cells(
            &row.hidden[t * units..(t + 1) * units],
            MAX_CELLS.min(room as usize),
        );
        grid(
            backend,
            grid_rect,
            &h,
            HeatScale::Diverging,
            hidden_max,
            theme,
        )?;
    }
    if let (true, Some(g)) = (show_gates, gates) {
        let mut y = inner.3 - gates_h + px(2.0);
        let per_step = gate_count * units;
        let label = Label::new(theme, HPos::Left, VPos::Center).size(gate_font);
        let name_w = if named {
            g.names
                .iter()
                .map(|n| text_width(n, gate_font))
                .fold(0.0, f64::max) as i32
                + gap
        } else {
            0
        };
        for (i, name) in g.names.iter().enumerate() {
            if named {
                backend.draw_text(name, &label, (inner.0, y + strip_h / 2))?;
            }
            let start = (t - 1) * per_step + i * units;
            if units > 0 && g.values.len() >= start + units {
                let strip = (inner.0 + name_w, y, inner.2, y + strip_h);
                let room = ((strip.2 - strip.0) / px(3.0)).max(1) as usize;
                let v = pick_cells(&g.values[start..start + units], MAX_CELLS.min(room));
                strip_row(backend, strip, &v, theme)?;
            }
            y += strip_h + px(2.0);
        }
    }
    Ok(())
}
