//! The charts draw to SVG natively, with the same code that draws to the page's canvas; these
//! tests read the SVG back: polylines, rectangles, text and where they sit.

use plotters_svg::SVGBackend;
use rnn_playground::chart::data::{self, DataView};
use rnn_playground::chart::frame::Dash;
use rnn_playground::chart::grads::{self, GradView};
use rnn_playground::chart::heatmap::{self, HeatScale, HeatmapView};
use rnn_playground::chart::loss::{self, Curve, LossView};
use rnn_playground::chart::network::{self, Gates, NetworkView, Row};
use rnn_playground::chart::{Rgb, Theme};
use rnn_playground::format::short;
use std::collections::HashMap;

fn svg_sized(size: (u32, u32), draw: impl FnOnce(&mut SVGBackend)) -> String {
    let mut out = String::new();
    {
        let mut root = SVGBackend::with_string(&mut out, size);
        draw(&mut root);
    }
    out
}

fn svg_of(draw: impl FnOnce(&mut SVGBackend)) -> String {
    svg_sized((600, 300), draw)
}

fn hex(c: Rgb) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Every `<tag …>` element's attributes, and its text for `<text>`.
fn elements(svg: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let open = format!("<{tag} ");
    svg.split(&open)
        .skip(1)
        .map(|rest| {
            let mut attrs = HashMap::new();
            let head = &rest[..rest.find('>').unwrap()];
            for part in head.split("\" ") {
                if let Some((k, v)) = part.split_once("=\"") {
                    attrs.insert(
                        k.trim().to_string(),
                        v.trim_end_matches(['"', '/']).to_string(),
                    );
                }
            }
            if tag == "text" {
                let body = &rest[rest.find('>').unwrap() + 1..];
                let body = body[..body.find("</text>").unwrap()].trim();
                let body = body
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
                attrs.insert("body".into(), body.replace("&amp;", "&"));
            }
            attrs
        })
        .collect()
}

fn num(a: &HashMap<String, String>, k: &str) -> f64 {
    a[k].parse().unwrap()
}

fn points(a: &HashMap<String, String>) -> Vec<(i32, i32)> {
    a["points"]
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The polylines drawn in one colour and fully opaque (axes and ticks are lines), as points.
fn polylines(svg: &str, colour: &str) -> Vec<Vec<(i32, i32)>> {
    elements(svg, "polyline")
        .iter()
        .filter(|p| p["stroke"] == colour && p["opacity"] == "1")
        .map(points)
        .collect()
}

/// The polylines in one colour at any opacity.
fn any_polylines(svg: &str, colour: &str) -> Vec<Vec<(i32, i32)>> {
    elements(svg, "polyline")
        .iter()
        .filter(|p| p["stroke"] == colour)
        .map(points)
        .collect()
}

fn lines_in(svg: &str, colour: &str) -> Vec<usize> {
    polylines(svg, colour).iter().map(Vec::len).collect()
}

fn texts(svg: &str) -> Vec<String> {
    elements(svg, "text")
        .into_iter()
        .map(|t| t["body"].clone())
        .collect()
}

fn has_text(svg: &str, s: &str) -> bool {
    texts(svg).iter().any(|t| t == s)
}

/// A text's box (left, top, right, bottom) at 0.6 em a character, the width the charts reserve;
/// SVG writes the font size as size / 1.24, so the size is read back as font-size × 1.24.
fn text_box(t: &HashMap<String, String>) -> (f64, f64, f64, f64) {
    let size = num(t, "font-size") * 1.24;
    let (x, y) = (num(t, "x"), num(t, "y"));
    let w = t["body"].chars().count() as f64 * 0.6 * size;
    let (x0, x1) = match t["text-anchor"].as_str() {
        "start" => (0.0, w),
        "end" => (-w, 0.0),
        _ => (-w / 2.0, w / 2.0),
    };
    let (y0, y1) = match t["dy"].as_str() {
        "0.76em" => (0.0, size),
        "-0.5ex" => (-size, 0.0),
        _ => (-size / 2.0, size / 2.0),
    };
    if t.get("transform")
        .is_some_and(|r| r.starts_with("rotate(270"))
    {
        // Rotated a quarter turn anticlockwise about (x, y): (dx, dy) → (dy, −dx).
        (x + y0, y - x1, x + y1, y - x0)
    } else {
        (x + x0, y + y0, x + x1, y + y1)
    }
}

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    // One pixel of slack for rounding.
    a.0 < b.2 - 1.0 && b.0 < a.2 - 1.0 && a.1 < b.3 - 1.0 && b.1 < a.3 - 1.0
}

/// No two texts meet and every text is inside the image.
fn assert_texts_apart(svg: &str, size: (u32, u32), what: &str) {
    let all = elements(svg, "text");
    for (i, a) in all.iter().enumerate() {
        let ba = text_box(a);
        assert!(
            ba.0 >= -1.0
                && ba.1 >= -1.0
                && ba.2 <= size.0 as f64 + 1.0
                && ba.3 <= size.1 as f64 + 1.0,
            "{what}: {:?} leaves the image: {ba:?}",
            a["body"]
        );
        for b in &all[i + 1..] {
            assert!(
                !overlap(ba, text_box(b)),
                "{what}: {:?} {ba:?} overlaps {:?} {:?}",
                a["body"],
                b["body"],
                text_box(b)
            );
        }
    }
}

/// The plot area: where the axis lines (the text colour's longest vertical and horizontal lines)
/// are, as (left, top, right, bottom).
fn plot_area(svg: &str, theme: &Theme) -> (i32, i32, i32, i32) {
    let ink = hex(theme.text);
    let lines: Vec<_> = elements(svg, "line")
        .into_iter()
        .filter(|l| l["stroke"] == ink)
        .map(|l| {
            (
                num(&l, "x1") as i32,
                num(&l, "y1") as i32,
                num(&l, "x2") as i32,
                num(&l, "y2") as i32,
            )
        })
        .collect();
    let v = lines
        .iter()
        .filter(|l| l.0 == l.2)
        .max_by_key(|l| (l.3 - l.1).abs())
        .unwrap();
    let h = lines
        .iter()
        .filter(|l| l.1 == l.3)
        .max_by_key(|l| (l.2 - l.0).abs())
        .unwrap();
    (v.0, v.1.min(v.3), h.0.max(h.2), h.1)
}

/// Each of `labels` (a legend's entries) sits above the plot area: the legend left the plot.
fn assert_above_the_plot(svg: &str, theme: &Theme, labels: &[&str]) {
    let (_, top, _, _) = plot_area(svg, theme);
    for label in labels {
        let t = elements(svg, "text")
            .into_iter()
            .find(|t| t["body"] == *label)
            .unwrap_or_else(|| panic!("{label}: {:?}", texts(svg)));
        assert!(
            text_box(&t).3 <= top as f64 + 1.0,
            "{label} at {:?}, the plot starts at y = {top}",
            text_box(&t)
        );
    }
}

const LINE: &str = "#1F5FBF";
const FIT: &str = "#D65E00";
const FORECAST: &str = "#008C46";

fn light() -> Theme {
    Theme::light(1.0, 12.0)
}

fn loss_view<'a>(history: &'a [f32], val: &'a [f32], log_scale: bool) -> LossView<'a> {
    LossView {
        note: None,
        history,
        val,
        target: 200,
        log_scale,
        kept: &[],
    }
}

fn sequence() -> Vec<f32> {
    (1..=9).map(|i| i as f32 * 10.0).collect()
}

fn data_view<'a>(seq: &'a [f32]) -> DataView<'a> {
    DataView {
        sequence: seq,
        fit: &[],
        fit_start: 3,
        forecast: &[],
        rolled: &[],
        highlight: None,
        held_out_from: None,
    }
}

#[test]
fn loss_chart_cost_is_bounded_by_its_width() {
    let theme = light();
    let short: Vec<f32> = (1..=100).map(|i| 1000.0 / i as f32).collect();
    let long: Vec<f32> = (1..=1_000_000).map(|i| 1000.0 / i as f32).collect();
    let a = svg_of(|r| loss::draw(r, &loss_view(&short, &[], false), &theme).unwrap());
    let b = svg_of(|r| loss::draw(r, &loss_view(&long, &[], true), &theme).unwrap());
    assert_eq!(lines_in(&a, LINE), vec![100]);
    let drawn = lines_in(&b, LINE);
    assert!(
        drawn.len() == 1 && drawn[0] <= 2 * 600 && drawn[0] > 300,
        "{drawn:?}"
    );
    assert!(has_text(&b, "loss (log scale)"));
}

#[test]
fn empty_loss_chart_has_axes_to_the_target_and_a_sentence() {
    let theme = Theme::dark(2.0, 12.0);
    let svg = svg_sized((1200, 600), |r| {
        loss::draw(r, &loss_view(&[], &[], false), &theme).unwrap()
    });
    let all = texts(&svg).join(" ");
    assert!(all.contains("Press Train"), "{all}");
    assert!(has_text(&svg, "epoch") && has_text(&svg, "200"), "{all}");
    assert!(
        !has_text(&svg, "training loss"),
        "no legend before there is a line"
    );
    assert!(
        elements(&svg, "line")
            .iter()
            .any(|l| l["stroke"] == hex(theme.text)),
        "axes"
    );
}

#[test]
fn loss_legend_lists_only_what_is_drawn() {
    let theme = light();
    let history: Vec<f32> = (1..=50).map(|i| 100.0 / i as f32).collect();
    let val: Vec<f32> = history.iter().map(|l| l * 1.5).collect();
    let alone = svg_of(|r| loss::draw(r, &loss_view(&history, &[], false), &theme).unwrap());
    assert!(has_text(&alone, "training loss"));
    assert!(!has_text(&alone, "held-out loss"));
    assert!(any_polylines(&alone, &hex(theme.val)).is_empty());

    let both = svg_of(|r| loss::draw(r, &loss_view(&history, &val, false), &theme).unwrap());
    assert!(has_text(&both, "training loss") && has_text(&both, "held-out loss"));
    assert_eq!(lines_in(&both, LINE), vec![50]);
    // The held-out loss is dashed, in its own colour, never the fit's orange.
    assert!(polylines(&both, &hex(theme.val)).len() > 5);
    assert!(polylines(&both, FIT).is_empty());
    assert_ne!(theme.val, theme.fit);
    for t in [Theme::light(1.0, 12.0), Theme::dark(1.0, 12.0)] {
        let mut all = vec![t.line, t.val, t.fit, t.forecast, t.rolled];
        all.extend(t.runs);
        for (i, a) in all.iter().enumerate() {
            assert!(
                all[i + 1..].iter().all(|b| b != a),
                "{a:?} means two things"
            );
        }
    }
}

#[test]
fn kept_runs_are_drawn_in_their_style_over_the_longest_run() {
    let theme = light();
    let history: Vec<f32> = (1..=50).map(|i| 100.0 / i as f32).collect();
    let old: Vec<f32> = (1..=300).map(|i| 80.0 / i as f32).collect();
    let old_val: Vec<f32> = old.iter().map(|l| l * 1.2).collect();
    let kept = [
        Curve {
            history: &old,
            val: &old_val,
            label: "run 1: 8 units",
            colour: theme.runs[0],
            dash: Dash::Solid,
        },
        Curve {
            history: &old[..120],
            val: &[],
            label: "run 2: tanh",
            colour: theme.runs[1],
            dash: Dash::Dashed,
        },
    ];
    let view = LossView {
        note: None,
        history: &history,
        val: &[],
        target: 200,
        log_scale: false,
        kept: &kept,
    };
    let svg = svg_of(|r| loss::draw(r, &view, &theme).unwrap());
    assert!(has_text(&svg, "run 1: 8 units") && has_text(&svg, "run 2: tanh"));
    assert!(has_text(&svg, "training loss") && !has_text(&svg, "held-out loss"));
    assert_eq!(
        lines_in(&svg, &hex(theme.runs[0])),
        vec![300],
        "run 1 solid"
    );
    assert!(
        polylines(&svg, &hex(theme.runs[1])).len() > 5,
        "run 2 dashed"
    );
    let faded: Vec<_> = elements(&svg, "polyline")
        .into_iter()
        .filter(|p| p["stroke"] == hex(theme.runs[0]) && p["opacity"] != "1")
        .collect();
    assert!(faded.len() > 5, "run 1's held-out loss is faded and dashed");
    assert!(
        has_text(&svg, "300"),
        "the x axis reaches the longest run: {:?}",
        texts(&svg)
    );
}

#[test]
fn data_chart_draws_sequence_fit_and_forecast() {
    let theme = light();
    let seq = sequence();
    let fit = [38.0, 52.0, 61.0, 69.0, 81.0];
    let view = DataView {
        fit: &fit,
        forecast: &[101.0, 112.0],
        highlight: Some((0..3, 3..5)),
        ..data_view(&seq)
    };
    let svg = svg_of(|r| data::draw(r, &view, &theme).unwrap());
    assert_eq!(lines_in(&svg, LINE), vec![9]);
    assert_eq!(lines_in(&svg, FIT), vec![5]);
    assert_eq!(
        lines_in(&svg, FORECAST),
        vec![3],
        "from the last value through 2 forecasts"
    );
    // 9 sequence dots, 2 forecast dots and the forecast's legend sample.
    assert_eq!(svg.matches("<circle").count(), 12);
    for entry in ["sequence", "model's fit", "forecast"] {
        assert!(has_text(&svg, entry), "{entry}");
    }
    assert!(!has_text(&svg, "rolled forward"));
}

#[test]
fn data_legend_lists_only_what_is_drawn() {
    let theme = light();
    let seq = sequence();
    let svg = svg_of(|r| data::draw(r, &data_view(&seq), &theme).unwrap());
    assert!(has_text(&svg, "sequence"));
    for absent in [
        "model's fit",
        "forecast",
        "rolled forward",
        "held out",
        "X",
        "y",
    ] {
        assert!(!has_text(&svg, absent), "{absent} is not drawn");
    }
    // A fit with no finite value draws nothing and is not listed.
    let nan = [f32::NAN; 4];
    let rolled = [95.0, 99.0, 104.0];
    let view = DataView {
        fit: &nan,
        rolled: &rolled,
        ..data_view(&seq)
    };
    let svg = svg_of(|r| data::draw(r, &view, &theme).unwrap());
    assert!(!has_text(&svg, "model's fit") && !has_text(&svg, "forecast"));
    assert!(has_text(&svg, "rolled forward"));
    assert!(!any_polylines(&svg, &hex(theme.rolled)).is_empty());
}

#[test]
fn window_bands_for_x_and_y_differ_and_are_labelled() {
    for theme in [Theme::light(1.0, 12.0), Theme::dark(2.0, 14.0)] {
        let seq = sequence();
        let view = DataView {
            highlight: Some((2..5, 5..7)),
            ..data_view(&seq)
        };
        let svg = svg_sized((1200, 600), |r| data::draw(r, &view, &theme).unwrap());
        let rects = elements(&svg, "rect");
        let band = |c: Rgb| {
            let found: Vec<_> = rects.iter().filter(|r| r["fill"] == hex(c)).collect();
            assert_eq!(found.len(), 1, "{c:?}");
            (num(found[0], "x"), num(found[0], "width"))
        };
        let (x, y) = (band(theme.x_band), band(theme.y_band));
        assert_ne!(theme.x_band, theme.y_band);
        assert!(
            x.0 + x.1 <= y.0 + 1.0,
            "X's band comes before y's: {x:?} {y:?}"
        );
        assert!(
            (x.1 / y.1 - 1.5).abs() < 0.1,
            "3 inputs, 2 targets: {x:?} {y:?}"
        );
        let label = |s: &str| {
            elements(&svg, "text")
                .into_iter()
                .find(|t| t["body"] == s)
                .unwrap()
        };
        let (lx, ly) = (num(&label("X"), "x"), num(&label("y"), "x"));
        assert!(
            lx > x.0 && lx < x.0 + x.1 && ly > y.0 && ly < y.0 + y.1,
            "each label on its band"
        );
    }
    // On a long sequence the bands are narrower than their labels: each label then sits on its
    // own band, beside the edge the two share, and the labels stay apart.
    let theme = Theme::light(1.0, 16.0);
    let seq: Vec<f32> = (0..300).map(|i| (i as f32 * 0.1).sin()).collect();
    let view = DataView {
        highlight: Some((100..103, 103..105)),
        ..data_view(&seq)
    };
    let svg = svg_of(|r| data::draw(r, &view, &theme).unwrap());
    let rects = elements(&svg, "rect");
    let band = |c: Rgb| {
        let r = rects.iter().find(|r| r["fill"] == hex(c)).unwrap();
        (num(r, "x"), num(r, "x") + num(r, "width"))
    };
    let label = |s: &str| {
        elements(&svg, "text")
            .into_iter()
            .find(|t| t["body"] == s)
            .unwrap()
    };
    let (x, y) = (band(theme.x_band), band(theme.y_band));
    let (lx, ly) = (num(&label("X"), "x"), num(&label("y"), "x"));
    assert!(
        x.0 <= lx && lx <= x.1 && y.0 <= ly && ly <= y.1,
        "{x:?} {lx} {y:?} {ly}"
    );
    assert_texts_apart(&svg, (600, 300), "narrow bands");
}

#[test]
fn the_fit_breaks_across_the_held_out_gap() {
    let theme = light();
    let seq: Vec<f32> = (0..40).map(|i| (i as f32 * 0.3).sin()).collect();
    // Fit from position 3; positions 28..32 predict across the split, so they are NaN.
    let fit: Vec<f32> = (3..40)
        .map(|p| {
            if (28..32).contains(&p) {
                f32::NAN
            } else {
                seq[p] + 0.05
            }
        })
        .collect();
    let view = DataView {
        fit: &fit,
        held_out_from: Some(32),
        ..data_view(&seq)
    };
    let svg = svg_of(|r| data::draw(r, &view, &theme).unwrap());
    let pieces = polylines(&svg, FIT);
    assert_eq!(pieces.iter().map(Vec::len).collect::<Vec<_>>(), vec![25, 8]);
    let end_of_first = pieces[0].iter().map(|p| p.0).max().unwrap();
    let start_of_second = pieces[1].iter().map(|p| p.0).min().unwrap();
    assert!(end_of_first < start_of_second);
    let shade = elements(&svg, "rect")
        .into_iter()
        .filter(|r| r["fill"] == hex(theme.held_out))
        .count();
    assert_eq!(shade, 1);
    assert!(has_text(&svg, "held out"));
}

#[test]
fn rolled_values_far_out_keep_the_sequence_readable() {
    let theme = light();
    let seq = sequence();
    let rolled = [100.0, 1e6, 1e12, -1e12];
    let view = DataView {
        rolled: &rolled,
        ..data_view(&seq)
    };
    let svg = svg_of(|r| data::draw(r, &view, &theme).unwrap());
    let (_, top, _, bottom) = plot_area(&svg, &theme);
    let line = &polylines(&svg, LINE)[0];
    let (lo, hi) = (
        line.iter().map(|p| p.1).min().unwrap(),
        line.iter().map(|p| p.1).max().unwrap(),
    );
    assert!(
        (hi - lo) as f64 >= 0.25 * (bottom - top) as f64,
        "the sequence spans {} of {} px",
        hi - lo,
        bottom - top
    );
    let rolled_points: Vec<_> = any_polylines(&svg, &hex(theme.rolled)).concat();
    assert!(!rolled_points.is_empty());
    assert!(
        rolled_points.iter().all(|p| (top..=bottom).contains(&p.1)),
        "clamped to the plot"
    );
}

#[test]
fn axis_titles_and_tick_labels_never_meet() {
    let history: Vec<f32> = (1..=2000).map(|i| 100_000.0 / i as f32).collect();
    let val: Vec<f32> = history.iter().map(|l| l * 1.1).collect();
    // 120 000 positions: x tick labels up to "120000", too many to fit unless thinned.
    let seq: Vec<f32> = (0..120_000).map(|i| 100_000.0 + i as f32).collect();
    let norms: Vec<f32> = (0..100).map(|i| 10f32.powf(-(i as f32) / 20.0)).collect();
    for (css, font, scale) in [
        ((390, 240), 11.0, 3.0),
        ((640, 300), 16.0, 1.0),
        ((960, 360), 22.0, 2.0),
        ((1280, 400), 24.0, 1.0),
        ((600, 180), 22.0, 1.0),
    ] {
        let size = ((css.0 as f64 * scale) as u32, (css.1 as f64 * scale) as u32);
        let theme = Theme::light(scale, font);
        let what = |chart: &str| format!("{chart} at {css:?}, {font} px, ×{scale}");
        for log_scale in [false, true] {
            let svg = svg_sized(size, |r| {
                loss::draw(r, &loss_view(&history, &val, log_scale), &theme).unwrap()
            });
            assert!(
                has_text(&svg, "2000") && has_text(&svg, "epoch"),
                "{:?}",
                texts(&svg)
            );
            assert_texts_apart(&svg, size, &what("loss"));
        }
        let linear = texts(&svg_sized(size, |r| {
            loss::draw(r, &loss_view(&history, &[], false), &theme).unwrap()
        }));
        assert!(
            linear.iter().any(|t| t.len() >= 5 && t.ends_with("000")),
            "{}: {linear:?}",
            what("loss")
        );
        let view = DataView {
            forecast: &[160_000.0],
            ..data_view(&seq)
        };
        let svg = svg_sized(size, |r| data::draw(r, &view, &theme).unwrap());
        assert_texts_apart(&svg, size, &what("data"));
        let epochs: [&[f32]; 2] = [&norms, &norms];
        let view = GradView {
            epochs: &epochs,
            cells: None,
            epoch_numbers: &[100, 2000],
            layers: &[],
        };
        let svg = svg_sized(size, |r| grads::draw(r, &view, &theme).unwrap());
        assert_texts_apart(&svg, size, &what("grads"));
        let svg = svg_sized(size, |r| {
            loss::draw(r, &loss_view(&[], &[], false), &theme).unwrap()
        });
        assert_texts_apart(&svg, size, &what("empty loss"));
    }
}

fn hidden_view<'a>(values: &'a [f32], dead: &'a [bool]) -> HeatmapView<'a> {
    HeatmapView {
        values,
        rows: 3,
        units: 4,
        first_step: 1,
        dead,
        selected: 2,
        title: "hidden state h_t",
        scale: HeatScale::Diverging,
    }
}

#[test]
fn heatmap_has_a_colour_scale_and_visible_dead_marks() {
    // T = 3 steps of 4 units (h_1 … h_3); unit 1 never activates.
    let hs: Vec<f32> = (4..16)
        .map(|i| {
            if i % 4 == 1 {
                0.0
            } else {
                i as f32 / 8.0 - 1.0
            }
        })
        .collect();
    let dead = [false, true, false, false];
    for scale in [1.0, 2.0] {
        let theme = Theme::light(scale, 12.0);
        let size = ((600.0 * scale) as u32, (300.0 * scale) as u32);
        let svg = svg_sized(size, |r| {
            heatmap::draw(r, &hidden_view(&hs, &dead), &theme).unwrap()
        });
        assert_eq!(
            svg.matches(&format!("fill=\"{}\"", hex(heatmap::DEAD)))
                .count(),
            3,
            "the dead unit's 3 cells are grey"
        );
        // The scale runs from −0.875 to 0.875, the largest |h|.
        for label in ["0.875", "0", "-0.875", "hidden state h_t"] {
            assert!(has_text(&svg, label), "{label}: {:?}", texts(&svg));
        }
        let slices = elements(&svg, "rect")
            .iter()
            .filter(|r| num(r, "width") == theme.px(10.0) as f64)
            .count();
        assert!(slices >= 40, "a colour bar of many slices: {slices}");
        // The mark: two crossing strokes in the text colour, at least 2 CSS px thick and 7 long.
        let ink = hex(theme.text);
        let marks: Vec<_> = elements(&svg, "line")
            .into_iter()
            .filter(|l| l["stroke"] == ink && num(l, "stroke-width") >= 2.0 * scale)
            .filter(|l| (num(l, "x2") - num(l, "x1")).abs() >= 6.0 * scale)
            .collect();
        assert_eq!(marks.len(), 2, "one ✕ for one dead unit");
        // The ✕ is level with unit 1's row: between the rows of units 0 and 2.
        let y = (num(&marks[0], "y1") + num(&marks[0], "y2")) / 2.0;
        let (_, top, _, bottom) = plot_area(&svg, &theme);
        let row = (bottom - top) as f64 / 4.0;
        assert!(
            (y - (top as f64 + 1.5 * row)).abs() < row / 2.0,
            "{y} in {top}..{bottom}"
        );
    }
    let gates: Vec<f32> = (0..12).map(|i| i as f32 / 11.0).collect();
    let view = HeatmapView {
        values: &gates,
        scale: HeatScale::Unit,
        title: "forget gate f",
        ..hidden_view(&hs, &[])
    };
    let svg = svg_of(|r| heatmap::draw(r, &view, &light()).unwrap());
    assert!(
        has_text(&svg, "1") && has_text(&svg, "0") && !has_text(&svg, "-1"),
        "{:?}",
        texts(&svg)
    );
}

fn network_view<'a>(inputs: &'a [f32], hidden: &'a [f32], selected: usize) -> NetworkView<'a> {
    NetworkView {
        cell: "SimpleRNN",
        inputs,
        features: 1,
        rows: vec![Row {
            hidden,
            units: 5,
            gates: None,
            backward: false,
        }],
        outputs: &[112.1, 124.9],
        targets: &[110.0, 120.0],
        selected,
        pull: &[],
        memory: "",
    }
}

/// The closed rectangles drawn as polylines in the text colour: the cell boxes and Dense.
fn boxes(svg: &str, theme: &Theme) -> Vec<(i32, i32, i32, i32)> {
    any_polylines(svg, &hex(theme.text))
        .into_iter()
        .filter(|p| p.len() == 5 && p[0] == p[4])
        .map(|p| (p[0].0, p[0].1, p[2].0, p[2].1))
        .collect()
}

#[test]
fn network_draws_cells_dense_outputs_and_targets() {
    for (theme, css, font) in [
        (Theme::light(1.0, 13.0), (300, 180), 13.0),
        (Theme::dark(2.0, 16.0), (500, 260), 16.0),
        (Theme::light(1.0, 22.0), (700, 320), 22.0),
    ] {
        let _ = font;
        let size = (
            (css.0 as f64 * theme.scale) as u32,
            (css.1 as f64 * theme.scale) as u32,
        );
        let inputs = [70.0, 80.0, 90.0];
        let hidden: Vec<f32> = (0..20).map(|i| (i as f32 * 0.7).sin()).collect();
        let view = network_view(&inputs, &hidden, 2);
        let svg = svg_sized(size, |r| network::draw(r, &view, &theme).unwrap());
        let found = texts(&svg);
        let what = format!("{css:?}: {found:?}");
        assert!(found.iter().any(|t| t.starts_with("SimpleRNN")), "{what}");
        for label in ["Dense", "t = 2"] {
            assert!(has_text(&svg, label), "{label} in {what}");
        }
        for t in ["x₁", "x₂", "x₃"] {
            assert!(found.iter().any(|s| s.starts_with(t)), "{t} in {what}");
        }
        assert!(
            found.iter().any(|s| s.ends_with("112.1")) && found.iter().any(|s| s.ends_with("120")),
            "{what}"
        );
        assert_eq!(boxes(&svg, &theme).len(), 4, "3 cells and Dense: {what}");
        // The colour key says what the cells' colours mean: h from −max to max.
        let max = hidden.iter().fold(0.0f32, |a, v| a.max(v.abs()));
        for key in ["h", &short(-max as f64), &short(max as f64)] {
            assert!(
                found.iter().any(|t| t == key),
                "the key's {key:?} in {what}"
            );
        }
        // 3 inputs, 2 outputs, 2 targets: a fill and an outline each.
        assert_eq!(svg.matches("<circle").count(), 14, "{what}");
        assert_texts_apart(&svg, size, &format!("network {css:?}"));
        // Clicking each box's centre gives its step, left to right; Dense gives none.
        let clicked: Vec<Option<usize>> = boxes(&svg, &theme)
            .iter()
            .map(|b| network::step_at(size, &view, &theme, (b.0 + b.2) / 2, (b.1 + b.3) / 2))
            .collect();
        assert_eq!(clicked, [Some(1), Some(2), Some(3), None], "{css:?}");
    }
}

#[test]
fn long_windows_show_both_ends_and_the_selected_step() {
    let theme = Theme::light(1.0, 14.0);
    let inputs: Vec<f32> = (1..=20).map(|i| i as f32).collect();
    let hidden: Vec<f32> = (0..21 * 5).map(|i| (i as f32 * 0.3).cos()).collect();
    let gate_values: Vec<f32> = (0..20 * 3 * 5).map(|i| (i % 7) as f32 / 6.0).collect();
    let names = ["i", "f", "o"];
    for (selected, steps) in [
        (19, vec![1, 2, 3, 18, 19, 20]),
        (10, vec![1, 2, 10, 18, 19, 20]),
    ] {
        let view = NetworkView {
            cell: "LSTM",
            rows: vec![Row {
                hidden: &hidden,
                units: 5,
                gates: Some(Gates {
                    names: &names,
                    values: &gate_values,
                }),
                backward: false,
            }],
            ..network_view(&inputs, &hidden, selected)
        };
        let size = (700, 300);
        let svg = svg_sized(size, |r| network::draw(r, &view, &theme).unwrap());
        assert!(has_text(&svg, "…") && has_text(&svg, &format!("t = {selected}")));
        assert!(
            has_text(&svg, "f") && has_text(&svg, "o"),
            "gate names: {:?}",
            texts(&svg)
        );
        // Written once (in the first cell), and big enough to read: 11 px or more.
        let gate_labels: Vec<f64> = elements(&svg, "text")
            .iter()
            .filter(|t| names.contains(&t["body"].as_str()))
            .map(|t| num(t, "font-size") * 1.24)
            .collect();
        assert_eq!(gate_labels.len(), 3, "each gate named once");
        assert!(
            gate_labels.iter().all(|&px| px >= 11.0 - 0.01),
            "{gate_labels:?}"
        );
        let clicked: Vec<usize> = boxes(&svg, &theme)
            .iter()
            .filter_map(|b| network::step_at(size, &view, &theme, (b.0 + b.2) / 2, (b.1 + b.3) / 2))
            .collect();
        assert_eq!(clicked, steps);
        assert_texts_apart(&svg, size, "long window");
    }
}

#[test]
fn grads_chart_draws_an_epoch_a_line_on_a_log_axis() {
    let theme = light();
    let make = |decay: f32| -> Vec<f32> {
        (1..=10)
            .map(|t| 10f32.powf(-decay * (10 - t) as f32))
            .collect()
    };
    let (a, b, c) = (make(0.5), make(0.4), make(0.3));
    let epochs: [&[f32]; 3] = [&a, &b, &c];
    let view = GradView {
        epochs: &epochs,
        cells: None,
        epoch_numbers: &[10, 20, 30],
        layers: &[],
    };
    let svg = svg_of(|r| grads::draw(r, &view, &theme).unwrap());
    assert_eq!(any_polylines(&svg, LINE).len(), 3, "one line per epoch");
    assert_eq!(
        lines_in(&svg, LINE),
        vec![10],
        "only the current one is opaque"
    );
    for label in ["this epoch (30)", "earlier epochs", "1"] {
        assert!(has_text(&svg, label), "{label}: {:?}", texts(&svg));
    }
    assert!(!has_text(&svg, "cell state c"));
    assert!(texts(&svg).iter().any(|t| t.contains("log")));
    // Powers of ten at equal steps: a log axis.
    let ys: Vec<f64> = ["1e-5", "1e-4", "0.001", "0.01", "0.1", "1"]
        .iter()
        .filter_map(|l| {
            elements(&svg, "text")
                .into_iter()
                .find(|t| t["body"] == *l)
                .map(|t| num(&t, "y"))
        })
        .collect();
    assert!(ys.len() >= 3, "{:?}", texts(&svg));
    let steps: Vec<f64> = ys.windows(2).map(|w| w[0] - w[1]).collect();
    assert!(
        steps
            .iter()
            .all(|s| (s - steps[0]).abs() <= 1.0 && *s > 0.0),
        "{ys:?}"
    );

    // The current epoch first (x = 0 is the last step, the largest norm): its line falls.
    let current = &polylines(&svg, LINE)[0];
    assert!(current[0].1 < current[current.len() - 1].1);

    let cells = make(0.1);
    let mut holes = make(0.2);
    holes[4] = 0.0;
    holes[5] = f32::NAN;
    let only: [&[f32]; 1] = [&holes];
    let view = GradView {
        epochs: &only,
        cells: Some(&cells),
        epoch_numbers: &[7],
        layers: &[],
    };
    let svg = svg_of(|r| grads::draw(r, &view, &theme).unwrap());
    assert!(
        has_text(&svg, "this epoch (7)")
            && has_text(&svg, "cell state c")
            && !has_text(&svg, "earlier epochs")
    );
    let bold: Vec<usize> = elements(&svg, "polyline")
        .iter()
        .filter(|p| p["stroke"] == LINE && p["stroke-width"] == "3")
        .map(|p| points(p).len())
        .collect();
    assert_eq!(
        bold,
        vec![4, 4],
        "the zero at t = 5 and the NaN at t = 6 break the line"
    );
    let dashes = elements(&svg, "polyline")
        .iter()
        .filter(|p| p["stroke"] == LINE && p["stroke-width"] == "2")
        .count();
    assert!(dashes > 5, "the cell state's line is dashed");

    let svg = svg_of(|r| {
        grads::draw(
            r,
            &GradView {
                epochs: &[],
                cells: None,
                epoch_numbers: &[],
                layers: &[],
            },
            &theme,
        )
        .unwrap()
    });
    assert!(texts(&svg).join(" ").contains("Train to see"));
}

/// A projector's large gradient chart whose epochs fill the plot: no corner is free, so the legend
/// goes above the plot rather than on the lines.
#[test]
fn grads_legend_leaves_the_plot_when_the_lines_fill_it() {
    let theme = light();
    let flat: Vec<Vec<f32>> = (0..12)
        .map(|k| vec![10f32.powf(-0.25 * k as f32); 10])
        .collect();
    let epochs: Vec<&[f32]> = flat.iter().map(|e| e.as_slice()).collect();
    let numbers: Vec<usize> = (1..=12).collect();
    let view = GradView {
        epochs: &epochs,
        cells: None,
        epoch_numbers: &numbers,
        layers: &[],
    };
    let svg = svg_sized((1200, 600), |r| grads::draw(r, &view, &theme).unwrap());
    assert_above_the_plot(&svg, &theme, &["this epoch (12)", "earlier epochs"]);
}

/// The sensitivity under the inputs: a bar per step, as tall as its share of the strongest step.
#[test]
fn network_draws_a_bar_of_pull_under_each_input() {
    let theme = light();
    let inputs = [70.0, 80.0, 90.0];
    let hidden: Vec<f32> = (0..20).map(|i| (i as f32 * 0.7).sin()).collect();
    let pull = [0.25, 0.5, 1.0];
    let view = NetworkView {
        pull: &pull,
        ..network_view(&inputs, &hidden, 2)
    };
    let size = (600, 300);
    let svg = svg_sized(size, |r| network::draw(r, &view, &theme).unwrap());
    let bars: Vec<(f64, f64)> = elements(&svg, "rect")
        .iter()
        .filter(|r| r.get("fill").map(String::as_str) == Some(hex(theme.rolled).as_str()))
        .map(|r| (num(r, "x"), num(r, "height")))
        .collect();
    assert_eq!(bars.len(), 3, "{bars:?}");
    // Left to right, each twice the one before: heights in the ratio of the pull.
    assert!(bars.windows(2).all(|w| w[0].0 < w[1].0), "{bars:?}");
    for w in bars.windows(2) {
        assert!((w[1].1 / w[0].1 - 2.0).abs() < 0.35, "{bars:?}");
    }
    assert_texts_apart(&svg, size, "network with pull bars");
    // No pull, no bars.
    let plain = svg_sized(size, |r| {
        network::draw(r, &network_view(&inputs, &hidden, 2), &theme).unwrap()
    });
    assert!(!plain.contains(&hex(theme.rolled)));
}

/// The memory span stays in the picture's title when the title is too narrow for "unrolled" and
/// the span both (a projector's 1280 px: the span is the lesson's point).
#[test]
fn the_network_title_keeps_the_memory_span_before_the_word_unrolled() {
    let theme = Theme::light(1.0, 16.0);
    let inputs: Vec<f32> = (0..20).map(|i| i as f32).collect();
    let hidden: Vec<f32> = (0..100).map(|i| (i as f32 * 0.7).sin()).collect();
    let mut view = network_view(&inputs, &hidden, 1);
    view.memory = "looks back all 20 steps";
    let mut dropped_unrolled = false;
    for width in (500..=1600).step_by(20) {
        let svg = svg_sized((width, 220), |r| network::draw(r, &view, &theme).unwrap());
        let title = texts(&svg)
            .into_iter()
            .find(|t| t.starts_with("SimpleRNN"))
            .unwrap_or_default();
        assert!(
            title.contains("looks back all 20 steps"),
            "{width}: {title:?}"
        );
        dropped_unrolled |= !title.contains("unrolled");
    }
    assert!(dropped_unrolled, "some width is too narrow for both");
}

/// A short plot still gets two labels on its y axis where they fit: one label ("1") says nothing
/// of a log scale over decades (presentation mode at 1280×720).
#[test]
fn a_short_plot_labels_two_ticks_on_its_y_axis() {
    let history: Vec<f32> = (0..100)
        .map(|i| 3.0 * (2e-4f32 / 3.0).powf(i as f32 / 99.0))
        .collect();
    for font in [20.0, 22.0, 24.0] {
        let theme = Theme::light(1.0, font);
        let view = LossView {
            target: 100,
            ..loss_view(&history, &[], true)
        };
        let svg = svg_sized((398, 235), |r| loss::draw(r, &view, &theme).unwrap());
        let decades: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| ["1", "0.1", "0.01", "0.001", "1e-4", "1e-5"].contains(&t.as_str()))
            .collect();
        assert!(decades.len() >= 2, "font {font}: {:?}", texts(&svg));
    }
}

/// A wave that fills the data chart leaves no corner free: its legend goes above the plot instead
/// of on the wave's first peaks; a straight line leaves a corner, and the legend stays inside.
#[test]
fn data_legend_leaves_the_plot_when_the_wave_fills_it() {
    let theme = light();
    let wave: Vec<f32> = (0..100).map(|i| (i as f32 * 1.7).sin()).collect();
    let fit: Vec<f32> = wave[10..].iter().map(|v| v * 0.98).collect();
    let view = DataView {
        fit: &fit,
        fit_start: 10,
        ..data_view(&wave)
    };
    let svg = svg_sized((1200, 500), |r| data::draw(r, &view, &theme).unwrap());
    assert_above_the_plot(&svg, &theme, &["sequence", "model's fit"]);
    let line = sequence();
    let svg = svg_sized((1200, 500), |r| {
        data::draw(r, &data_view(&line), &theme).unwrap()
    });
    let (_, top, _, _) = plot_area(&svg, &theme);
    let inside = elements(&svg, "text")
        .into_iter()
        .find(|t| t["body"] == "sequence")
        .map(|t| text_box(&t).3 > top as f64);
    assert_eq!(inside, Some(true), "a free corner keeps the legend inside");
}

/// Kept runs whose curves fill the loss chart (noisy, at every level) leave no corner free: the
/// legend goes above the plot rather than on a curve.
#[test]
fn loss_legend_leaves_the_plot_when_kept_curves_fill_it() {
    let theme = light();
    let noisy = |level: f32| -> Vec<f32> {
        (0..200)
            .map(|i| level + 30.0 * ((i as f32 * 1.3).sin()))
            .collect()
    };
    let (a, b) = (noisy(40.0), noisy(60.0));
    let kept = [
        Curve {
            history: &a,
            val: &[],
            label: "cell LSTM",
            colour: theme.runs[0],
            dash: Dash::Solid,
        },
        Curve {
            history: &b,
            val: &[],
            label: "cell GRU",
            colour: theme.runs[1],
            dash: Dash::Dashed,
        },
    ];
    let history = noisy(50.0);
    let view = LossView {
        kept: &kept,
        ..loss_view(&history, &[], false)
    };
    let svg = svg_sized((1200, 500), |r| loss::draw(r, &view, &theme).unwrap());
    assert_above_the_plot(&svg, &theme, &["training loss", "cell LSTM", "cell GRU"]);
}

/// The one-screen layout's short gradient chart: its legend shares the y title's row, so the
/// plot keeps that row's height (at 1280×720 it was about 20 px tall under a legend row).
#[test]
fn a_short_grads_chart_puts_its_legend_beside_the_y_title() {
    let theme = Theme::light(1.0, 13.0);
    let a: Vec<f32> = (1..=60)
        .map(|t| 10f32.powf(-3.0 * (60 - t) as f32 / 60.0))
        .collect();
    let b: Vec<f32> = a.iter().map(|v| v * 0.5).collect();
    let epochs: [&[f32]; 2] = [&b, &a];
    let view = GradView {
        epochs: &epochs,
        cells: None,
        epoch_numbers: &[90, 100],
        layers: &[],
    };
    let svg = svg_sized((434, 179), |r| grads::draw(r, &view, &theme).unwrap());
    let find = |label: &str| {
        elements(&svg, "text")
            .into_iter()
            .find(|t| t["body"] == label)
            .map(|t| text_box(&t))
            .unwrap_or_else(|| panic!("{label}: {:?}", texts(&svg)))
    };
    let title = find("‖∂L/∂h‖ (log scale)");
    // Shortened to fit the row.
    for label in ["epoch 100", "earlier epochs"] {
        let entry = find(label);
        let (mid_t, mid_e) = ((title.1 + title.3) / 2.0, (entry.1 + entry.3) / 2.0);
        assert!(
            (mid_t - mid_e).abs() <= 2.0 && entry.0 > title.2,
            "{label} {entry:?} beside the title {title:?}"
        );
    }
    let (_, top, _, bottom) = plot_area(&svg, &theme);
    assert!(bottom - top >= 30, "a plot {} px tall", bottom - top);
}
