//! Where everything in the unrolled network goes: the columns shown for a long window, the
//! outputs, the cell boxes and their rows, the title and the colour keys, and which step a pixel
//! belongs to (for clicks). Plain arithmetic on sizes: `draw` in `mod.rs` paints what this lays out.

use super::super::frame::text_width;
use super::super::heatmap::max_abs;
use super::super::legend::Rect;
use super::super::Theme;
use super::NetworkView;
use crate::format::{short, subscript};
use plotters_backend::BackendCoord;

/// At most this many coloured cells for h_t in a cell box (and for each gate's strip).
pub(super) const MAX_CELLS: usize = 32;

/// A column of the unrolled network: a time step's cell box and input node, or "…" for the
/// steps left out of a long window.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Column {
    Step {
        t: usize,
        cell: Rect,
        input: BackendCoord,
    },
    Gap {
        x: i32,
    },
}

/// An output row: ŷ_k's node and y_k's (if there are targets); `k` is None for "…".
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Output {
    pub(super) k: Option<usize>,
    pub(super) y_hat: BackendCoord,
    pub(super) target: Option<BackendCoord>,
}

/// Where everything goes, in device pixels; drawing and `step_at` both read it.
pub(super) struct Layout {
    pub(super) font: f64,
    pub(super) pad: i32,
    pub(super) gap: i32,
    pub(super) title: String,
    /// The row of "t = k" and of the outputs' column headers.
    pub(super) top_row: i32,
    /// The rows of cells, top to bottom on the chart (the top layer first): (top, bottom, the
    /// row's index in the view's `rows`).
    pub(super) rows: Vec<(i32, i32, usize)>,
    /// Where "h₀" is written, if there is room for it.
    pub(super) h0: Option<i32>,
    pub(super) columns: Vec<Column>,
    pub(super) input_label_y: i32,
    /// Whether x_t's value fits beside its name.
    pub(super) input_values: bool,
    /// The pull bars' row: (top, height); height 0 when none are drawn.
    pub(super) bars: (i32, i32),
    pub(super) dense: Rect,
    pub(super) outputs: Vec<Output>,
    /// ŷ_k above y_k in one column (narrow charts) rather than side by side.
    pub(super) stacked: bool,
    /// The largest node radius, for inputs and outputs.
    pub(super) radius: i32,
    /// The colour scales' keys, top right: where each starts, and its bar's width.
    pub(super) keys: Vec<(i32, i32)>,
}

/// The steps to show of a `steps`-long window in about `m` cells: all if they fit, else the
/// first and the last few, with `selected` in place of the nearer group's inner end if it is not
/// among them (added, if that group is a single step).
pub(super) fn shown_steps(steps: usize, m: usize, selected: usize) -> Vec<usize> {
    if m >= steps {
        return (1..=steps).collect();
    }
    let (a, b) = (m / 2, m - m / 2);
    let mut shown: Vec<usize> = (1..=a).collect();
    shown.extend(steps - b + 1..=steps);
    if (1..=steps).contains(&selected) && !shown.contains(&selected) {
        let nearer_start = selected - a <= steps - b + 1 - selected;
        // `selected` lies between the two ends, so each choice keeps the steps in order.
        match (nearer_start, a, b) {
            (true, 2.., _) => shown[a - 1] = selected,
            (false, _, 2..) => shown[a] = selected,
            _ => shown.insert(a, selected),
        }
    }
    shown
}

/// Outputs 1..=n in `slots` rows: all, or the first few, "…" and the last.
pub(super) fn shown_outputs(n: usize, slots: usize) -> Vec<Option<usize>> {
    if n <= slots {
        (1..=n).map(Some).collect()
    } else if slots >= 3 {
        let mut shown: Vec<Option<usize>> = (1..=slots - 2).map(Some).collect();
        shown.extend([None, Some(n)]);
        shown
    } else {
        vec![Some(n)]
    }
}

/// The layout at the theme's text size, or at a smaller one (down to 70%, not below 11 px) if
/// the chart is too small for that: the layout, and the theme it was made for.
pub(super) fn fitted(size: (u32, u32), view: &NetworkView, theme: &Theme) -> (Layout, Theme) {
    let mut tried = None;
    for k in [1.0, 0.9, 0.8, 0.7] {
        let smaller = Theme {
            font_px: (theme.font_px * k).max(theme.font_px.min(11.0)),
            ..*theme
        };
        let (layout, fits) = Layout::new(size, view, &smaller);
        if fits {
            return (layout, smaller);
        }
        tried = Some((layout, smaller));
    }
    tried.expect("four sizes were tried")
}

impl Layout {
    /// The layout, and whether it fits: some steps side by side, cells tall enough for their
    /// contents.
    pub(super) fn new(size: (u32, u32), view: &NetworkView, theme: &Theme) -> (Layout, bool) {
        let (w, h) = (size.0 as i32, size.1 as i32);
        let f = theme.font();
        let px = |css: f64| theme.px(css) as i32;
        let (pad, gap) = (px(6.0), px(3.0));
        let line = (f * 1.25).ceil() as i32;
        let steps = view.steps();
        let n = view.outputs.len();
        let targets = !view.targets.is_empty();

        let top_row = pad + line;
        let cell_top = top_row + line;
        // The pull bars go under the inputs' names.
        let bars = if view.pull.is_empty() {
            0
        } else {
            ((f * 0.9) as i32).max(px(8.0)) + gap
        };
        let input_label_y = h - pad - line - bars;
        let radius = ((f * 0.55) as i32).max(px(5.0));
        let input_y = input_label_y - gap - radius;
        let rise = ((f * 0.8) as i32).max(px(10.0));
        let cell_bottom = (input_y - radius - rise).max(cell_top + line);
        // The rows of cells, top layer first; a layer's rows close together, an arrow's rise
        // between layers.
        let d = view.directions();
        let count = view.rows.len().max(1);
        let layers = count.div_ceil(d);
        let layer_gap = rise.min(line);
        let pair_gap = px(2.0);
        let gaps = (layers as i32 - 1) * layer_gap + (layers * (d - 1)) as i32 * pair_gap;
        let row_h = ((cell_bottom - cell_top - gaps) / count as i32).max(1);
        let mut rows = Vec::with_capacity(count);
        let mut y = cell_top;
        for layer in (0..layers).rev() {
            for dir in 0..d {
                rows.push((y, y + row_h, layer * d + dir));
                y += row_h + if dir + 1 < d { pair_gap } else { layer_gap };
            }
        }
        let mid = (cell_top + rows.get(d - 1).map_or(cell_bottom, |r| r.1)) / 2;

        // Room for values of up to 6 characters ("112.1", "-0.123") whatever they are, so the
        // layout (and so `step_at`) doesn't move with every prediction.
        let widest = |texts: &mut dyn Iterator<Item = String>| {
            texts
                .map(|s| text_width(&s, f))
                .fold(6.0 * 0.6 * f, f64::max)
                .ceil() as i32
        };
        let values = |v: &[f32]| v.iter().map(|&x| short(x as f64)).collect::<Vec<_>>();
        let node = 2 * radius + gap;
        let side_w = node
            + widest(&mut values(view.outputs).into_iter())
            + if targets {
                3 * gap + node + widest(&mut values(view.targets).into_iter())
            } else {
                0
            };
        let prefix = text_width(&format!("ŷ{} ", subscript(n.max(1))), f).ceil() as i32;
        let mut both = values(view.outputs);
        both.extend(values(view.targets));
        let stacked_w = node + prefix + widest(&mut both.into_iter());
        let dense_w = text_width("Dense", f) as i32 + 2 * px(6.0);
        let arrow = ((f * 1.1) as i32).max(px(16.0));
        let h0_w = text_width("h₀", f) as i32 + gap + arrow;
        let min_box = ((f * 2.4) as i32).max(px(30.0));
        let max_box = ((f * 5.5) as i32).max(px(70.0));
        let link_min = ((f * 0.9) as i32).max(px(12.0));
        let gap_w = (f * 1.4) as i32;

        let mut counts: Vec<usize> = if steps <= 8 {
            vec![steps, 6, 4, 2]
        } else {
            vec![6, 4, 2]
        };
        counts.retain(|&m| m <= steps);
        counts.dedup();
        // (stacked outputs, "h₀" drawn): try the roomiest way first.
        let configs = [(false, true), (false, false), (true, false)];
        let need = |shown: &[usize]| {
            let gaps = gaps_in(shown);
            let items = shown.len() + gaps;
            shown.len() as i32 * min_box + gaps as i32 * gap_w + (items as i32 - 1) * link_min
        };
        let mut choice = None;
        let mut fits_well = false;
        for (i, &(stacked, h0)) in configs.iter().enumerate() {
            let out_w = if stacked { stacked_w } else { side_w };
            let room = w - 2 * pad - if h0 { h0_w } else { 0 } - 2 * arrow - dense_w - out_w;
            let fits = counts
                .iter()
                .map(|&m| shown_steps(steps, m, view.selected))
                .find(|s| need(s) <= room);
            let last = i == configs.len() - 1;
            match fits {
                Some(s) if s.len() >= steps.min(4) || last => {
                    fits_well = true;
                    choice = Some((stacked, h0, room, s));
                    break;
                }
                None if last => {
                    let m = *counts.last().unwrap_or(&steps);
                    choice = Some((stacked, h0, room, shown_steps(steps, m, view.selected)));
                }
                _ => {}
            }
        }
        let (stacked, h0, room, shown) =
            choice.unwrap_or((true, false, 0, shown_steps(steps, 2, view.selected)));

        let gaps = gaps_in(&shown);
        let items = (shown.len() + gaps) as i32;
        let cells = shown.len().max(1) as i32;
        let links = items - 1;
        let box_w = ((room - gaps as i32 * gap_w - links * link_min) / cells)
            .min(max_box)
            .max(min_box.min(room.max(1)));
        let mut spare = room - box_w * cells - gaps as i32 * gap_w - links * link_min;
        let link = if links > 0 {
            let grow = (spare / links).clamp(0, link_min);
            spare -= grow * links;
            link_min + grow
        } else {
            link_min
        };
        let mut x = pad + spare.max(0) / 2;
        let h0_at = h0.then(|| {
            let at = x;
            x += h0_w;
            at
        });
        let mut columns = Vec::new();
        let mut previous: Option<usize> = None;
        for &t in &shown {
            if previous.map_or(t > 1, |p| t > p + 1) {
                columns.push(Column::Gap { x: x + gap_w / 2 });
                x += gap_w + link;
            }
            columns.push(Column::Step {
                t,
                cell: (x, cell_top, x + box_w, cell_bottom),
                input: (x + box_w / 2, input_y),
            });
            x += box_w + link;
            previous = Some(t);
        }
        let last_right = x - link;
        let dense_h = ((f * 2.0) as i32).min((mid - cell_top) * 2).max(line);
        let dense_left = last_right + arrow;
        let dense = (
            dense_left,
            mid - dense_h / 2,
            dense_left + dense_w,
            mid + dense_h / 2,
        );

        let out_left = dense.2 + arrow;
        let pitch = (node).max(line);
        let slots = ((h - pad - cell_top) / pitch).max(1) as usize;
        let per = if stacked && targets { 2 } else { 1 };
        let picked = shown_outputs(n, (slots / per).max(1));
        let out_rows = (picked.len() * per) as i32;
        let first_y = (mid - out_rows * pitch / 2).max(cell_top) + pitch / 2;
        let second = out_left + node + widest(&mut values(view.outputs).into_iter()) + 3 * gap;
        let outputs = picked
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                let y = first_y + (i * per) as i32 * pitch;
                let y_hat = (out_left + radius, y);
                let target = targets.then(|| {
                    if stacked {
                        (out_left + radius, y + pitch)
                    } else {
                        (second + radius, y)
                    }
                });
                Output { k, y_hat, target }
            })
            .collect();

        let input_values = view.features == 1
            && view.inputs.iter().all(|&v| {
                text_width(&format!("x{} = {}", subscript(steps), short(v as f64)), f)
                    <= (box_w + link) as f64
            });
        let gated = view.rows.iter().any(|r| r.gates.is_some());
        let tall_enough = if count == 1 {
            row_h >= if gated { 3 * line } else { 2 * line }
        } else {
            // Stacked rows: a grid each, names only where there is room.
            row_h >= line
        };
        // The colour keys (h's, and the gates' for LSTM and GRU) go right of the title, as room
        // allows: a key is its name, its two ends and a bar between.
        let key_font = f * KEY_SIZE;
        let bar = ((f * 2.5) as i32).max(px(24.0));
        let key_w = |(name, lo, hi): &(String, String, String)| {
            (text_width(name, key_font) + text_width(lo, key_font) + text_width(hi, key_font))
                .ceil() as i32
                + bar
                + 4 * gap
        };
        let mut keys = Vec::new();
        let mut right = w - pad;
        for key in colour_keys(view) {
            let kw = key_w(&key);
            if right - kw < pad + (w - 2 * pad) / 3 {
                break;
            }
            right -= kw + 3 * gap;
            keys.push((right + 3 * gap, bar));
        }
        let layout = Layout {
            font: f,
            pad,
            gap,
            title: title(view, steps, (right - pad) as f64, f),
            top_row,
            h0: h0_at,
            rows,
            columns,
            input_label_y,
            input_values,
            bars: (input_label_y + line + gap, bars - gap),
            dense,
            outputs,
            stacked,
            radius,
            keys,
        };
        (layout, fits_well && tall_enough)
    }

    /// The time step whose cell box or input node (down to its label) holds pixel (x, y).
    pub(super) fn step_at(&self, x: i32, y: i32) -> Option<usize> {
        self.columns.iter().find_map(|c| match *c {
            Column::Step { t, cell, .. } => {
                let inside = (cell.0..=cell.2).contains(&x)
                    && (cell.1..=self.input_label_y + self.font as i32).contains(&y);
                inside.then_some(t)
            }
            Column::Gap { .. } => None,
        })
    }
}

/// How many "…" columns go between the `shown` steps (and before the first if it isn't 1).
pub(super) fn gaps_in(shown: &[usize]) -> usize {
    let before = usize::from(shown.first().is_some_and(|&t| t > 1));
    before + shown.windows(2).filter(|w| w[1] > w[0] + 1).count()
}

/// The colour keys' text size, as a share of the chart's.
pub(super) const KEY_SIZE: f64 = 0.85;

/// The largest |h| in any row: one colour scale for every cell.
pub(super) fn hidden_max(view: &NetworkView) -> f32 {
    view.rows
        .iter()
        .map(|r| max_abs(r.hidden))
        .fold(0.0, f32::max)
}

/// The colour keys the picture needs: the hidden state's (symmetric around 0, to its largest
/// |value|) and, for a gated cell, the gates' (0 to 1). Each is (name, low end, high end).
pub(super) fn colour_keys(view: &NetworkView) -> Vec<(String, String, String)> {
    let m = hidden_max(view) as f64;
    let mut keys = vec![("h".to_string(), short(-m), short(m))];
    if view
        .rows
        .iter()
        .any(|r| r.gates.is_some_and(|g| !g.names.is_empty()))
    {
        keys.push(("gates".to_string(), "0".to_string(), "1".to_string()));
    }
    keys
}

/// The title row, as long as fits in `width`.
pub(super) fn title(view: &NetworkView, steps: usize, width: f64, font: f64) -> String {
    let xs = if steps <= 1 {
        "x₁".to_string()
    } else {
        format!("x₁ … x{}", subscript(steps))
    };
    let layers = view.rows.len().div_ceil(view.directions()).max(1);
    let mut cell = if layers > 1 {
        format!("{layers} {} layers", view.cell)
    } else {
        view.cell.to_string()
    };
    if view.directions() == 2 {
        cell += ", both ways";
    }
    let memory = if view.memory.is_empty() {
        String::new()
    } else {
        format!(" · {}", view.memory)
    };
    [
        format!("{cell}, unrolled over the window: {xs} → h → Dense → ŷ{memory}"),
        format!("{cell} unrolled: {xs} → h → Dense → ŷ{memory}"),
        format!("{cell}, unrolled{memory}"),
        // The memory span before the word "unrolled": a projector's narrow title keeps it.
        format!("{cell}{memory}"),
        format!("{cell}, unrolled over the window: {xs} → h → Dense → ŷ"),
        format!("{cell} unrolled: {xs} → h → Dense → ŷ"),
        format!("{cell}, unrolled"),
    ]
    .into_iter()
    .find(|t| text_width(t, font) <= width)
    .unwrap_or(cell)
}

/// `values` cut to at most `max` by keeping each group's value of largest magnitude (so a
/// strong unit never averages away).
pub(super) fn pick_cells(values: &[f32], max: usize) -> Vec<f32> {
    let group = values.len().div_ceil(max.max(1)).max(1);
    values
        .chunks(group)
        .map(|g| {
            g.iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(0.0f32, |a, v| if v.abs() > a.abs() { v } else { a })
        })
        .collect()
}

/// The time step drawn at pixel (x, y) of a `size` chart (its cell or its input node), if any.
pub fn step_at(
    size: (u32, u32),
    view: &NetworkView,
    theme: &Theme,
    x: i32,
    y: i32,
) -> Option<usize> {
    if view.inputs.is_empty() {
        return None;
    }
    fitted(size, view, theme).0.step_at(x, y)
}

#[cfg(test)]
mod tests {
    use super::super::Row;
    use super::*;

    #[test]
    pub(super) fn long_windows_keep_both_ends_and_the_selected_step() {
        assert_eq!(shown_steps(3, 6, 2), [1, 2, 3]);
        assert_eq!(shown_steps(20, 6, 19), [1, 2, 3, 18, 19, 20]);
        assert_eq!(shown_steps(20, 6, 5), [1, 2, 5, 18, 19, 20]);
        assert_eq!(shown_steps(20, 6, 15), [1, 2, 3, 15, 19, 20]);
        assert_eq!(shown_steps(20, 2, 7), [1, 7, 20]);
        assert_eq!(gaps_in(&[1, 2, 5, 18, 19, 20]), 2);
        assert_eq!(gaps_in(&[7, 20]), 2);
        assert_eq!(shown_outputs(2, 5), [Some(1), Some(2)]);
        assert_eq!(shown_outputs(9, 4), [Some(1), Some(2), None, Some(9)]);
    }

    #[test]
    pub(super) fn every_cell_and_input_node_clicks_to_its_step() {
        let inputs: Vec<f32> = (1..=12).map(|i| i as f32).collect();
        let hidden = vec![0.5; 13 * 8];
        for (selected, css, font) in [
            (7, (300, 180), 13.0),
            (1, (700, 320), 22.0),
            (12, (500, 240), 16.0),
        ] {
            let theme = Theme::light(2.0, font);
            let size = (css.0 * 2, css.1 * 2);
            let view = NetworkView {
                cell: "GRU",
                inputs: &inputs,
                features: 1,
                rows: vec![Row {
                    hidden: &hidden,
                    units: 8,
                    gates: None,
                    backward: false,
                }],
                outputs: &[1.0, 2.0, 3.0],
                targets: &[1.5, 2.5, 3.5],
                selected,
                pull: &[],
                memory: "",
            };
            let (layout, _) = fitted(size, &view, &theme);
            let mut steps = Vec::new();
            for c in &layout.columns {
                if let Column::Step { t, cell, input } = *c {
                    let centre = ((cell.0 + cell.2) / 2, (cell.1 + cell.3) / 2);
                    assert_eq!(step_at(size, &view, &theme, centre.0, centre.1), Some(t));
                    assert_eq!(step_at(size, &view, &theme, input.0, input.1), Some(t));
                    assert!(
                        cell.2 < size.0 as i32 && cell.3 < input.1,
                        "{cell:?} {input:?}"
                    );
                    steps.push(t);
                }
            }
            assert!(
                steps.contains(&selected) && steps[0] == 1 && steps.last() == Some(&12),
                "{steps:?}"
            );
            let d = layout.dense;
            assert_eq!(
                step_at(size, &view, &theme, (d.0 + d.2) / 2, (d.1 + d.3) / 2),
                None
            );
            assert_eq!(step_at(size, &view, &theme, 0, 0), None);
            // The outputs sit right of Dense and inside the chart.
            for o in &layout.outputs {
                assert!(o.y_hat.0 > d.2 && o.y_hat.0 < size.0 as i32, "{o:?}");
            }
        }
    }
}
