//! The charts draw to SVG natively, with the same code that draws to the page's canvas.

use plotters_svg::SVGBackend;
use rnn_playground::chart::{data, loss, Theme};

fn svg_of(draw: impl FnOnce(&mut SVGBackend)) -> String {
    let mut out = String::new();
    {
        let mut root = SVGBackend::with_string(&mut out, (600, 300));
        draw(&mut root);
    }
    out
}

/// The polylines drawn in one colour (axes and ticks are polylines too), as point counts.
fn lines_in(svg: &str, colour: &str) -> Vec<usize> {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{colour}\"")))
        .map(|p| {
            p.split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .split_whitespace()
                .count()
        })
        .collect()
}

const LINE: &str = "#1F5FBF";
const FIT: &str = "#D65E00";
const FORECAST: &str = "#008C46";

#[test]
fn loss_chart_cost_is_bounded_by_its_width() {
    let theme = Theme::light(1.0, 12.0);
    let short: Vec<f32> = (1..=100).map(|i| 1000.0 / i as f32).collect();
    let long: Vec<f32> = (1..=1_000_000).map(|i| 1000.0 / i as f32).collect();
    let a = svg_of(|r| loss::draw(r, &short, &[], false, &theme).unwrap());
    let b = svg_of(|r| loss::draw(r, &long, &[], true, &theme).unwrap());
    assert_eq!(lines_in(&a, LINE), vec![100]);
    let drawn = lines_in(&b, LINE);
    assert!(
        drawn.len() == 1 && drawn[0] <= 2 * 600 && drawn[0] > 300,
        "{drawn:?}"
    );
    assert!(b.contains("loss (log scale)"));
}

#[test]
fn empty_loss_chart_says_what_will_appear() {
    let svg = svg_of(|r| loss::draw(r, &[], &[], false, &Theme::dark(2.0, 12.0)).unwrap());
    assert!(svg.contains("The loss appears here"));
}

#[test]
fn data_chart_draws_sequence_fit_and_forecast() {
    let seq: Vec<f32> = (1..=9).map(|i| i as f32 * 10.0).collect();
    let fit = [38.0, 52.0, 61.0, 69.0, 81.0];
    let view = data::DataView {
        sequence: &seq,
        fit: &fit,
        fit_start: 3,
        forecast: &[101.0, 112.0],
        rolled: &[],
        highlight: Some((0..3, 3..5)),
    };
    let svg = svg_of(|r| data::draw(r, &view, &Theme::light(1.0, 12.0)).unwrap());
    assert_eq!(lines_in(&svg, LINE), vec![9]);
    assert_eq!(lines_in(&svg, FIT), vec![5]);
    assert_eq!(
        lines_in(&svg, FORECAST),
        vec![3],
        "from the last value through 2 forecasts"
    );
    // 9 sequence dots and 2 forecast dots.
    assert_eq!(svg.matches("<circle").count(), 11);
}

#[test]
fn heatmap_marks_dead_units_and_loss_chart_draws_held_out_loss() {
    use rnn_playground::chart::heatmap;
    let theme = Theme::light(1.0, 12.0);
    // T = 3 steps of 4 units, plus h_0.
    let hs: Vec<f32> = (0..16)
        .map(|i| {
            if i % 4 == 1 {
                0.0
            } else {
                i as f32 / 8.0 - 1.0
            }
        })
        .collect();
    let svg =
        svg_of(|r| heatmap::draw(r, &hs, 4, &[false, true, false, false], 2, &theme).unwrap());
    assert_eq!(
        svg.matches("fill=\"#969696\"").count(),
        3,
        "the dead unit's 3 cells are grey"
    );
    let history: Vec<f32> = (1..=50).map(|i| 100.0 / i as f32).collect();
    let val: Vec<f32> = history.iter().map(|l| l * 1.5).collect();
    let svg = svg_of(|r| loss::draw(r, &history, &val, false, &theme).unwrap());
    assert_eq!(lines_in(&svg, LINE), vec![50]);
    assert_eq!(lines_in(&svg, FIT), vec![50]);
}
