//! The charts' plotters backend on a `<canvas>`: the handful of 2D-context calls they make.
//! (plotters-canvas does the same, but writes colours and font sizes with float formatting,
//! which alone would add ~10 KB to the page.)

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct Canvas {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
}

/// Drawing on a canvas doesn't fail once there is a 2D context; plotters wants an error type.
#[derive(Debug)]
pub struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("canvas error")
    }
}

impl std::error::Error for NoError {}

type Drawn = Result<(), DrawingErrorKind<NoError>>;

impl Canvas {
    /// None if the canvas has no 2D context (e.g. too many canvases on a small phone).
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Canvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Canvas {
            context,
            size: (canvas.width(), canvas.height()),
        })
    }

    fn stroke_with(&self, style: &impl BackendStyle) {
        self.context.set_stroke_style_str(&css(style.color()));
        self.context.set_line_width(style.stroke_width() as f64);
    }
}

/// `#rrggbb`; every colour the charts use is opaque.
fn css(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl DrawingBackend for Canvas {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.context.set_fill_style_str(&css(color));
        self.context
            .fill_rect(point.0 as f64, point.1 as f64, 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        // A line of odd width on a pixel boundary would smear over two: put it on pixel centres.
        let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
        let odd = style.stroke_width() % 2 == 1;
        if odd && a.0 == b.0 {
            a.0 -= 0.5;
            b.0 -= 0.5;
        }
        if odd && a.1 == b.1 {
            a.1 -= 0.5;
            b.1 -= 0.5;
        }
        self.stroke_with(style);
        self.context.begin_path();
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let (x, y) = (upper_left.0 as f64, upper_left.1 as f64);
        let (w, h) = (
            (bottom_right.0 - upper_left.0) as f64,
            (bottom_right.1 - upper_left.1) as f64,
        );
        if fill {
            self.context.set_fill_style_str(&css(style.color()));
            self.context.fill_rect(x, y, w, h);
        } else {
            self.stroke_with(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let mut path = path.into_iter();
        self.context.begin_path();
        if let Some(start) = path.next() {
            self.stroke_with(style);
            self.context.move_to(start.0 as f64, start.1 as f64);
            for p in path {
                self.context.line_to(p.0 as f64, p.1 as f64);
            }
        }
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.context.begin_path();
        let full = std::f64::consts::TAU;
        let _ = self
            .context
            .arc(center.0 as f64, center.1 as f64, radius as f64, 0.0, full);
        if fill {
            self.context.set_fill_style_str(&css(style.color()));
            self.context.fill();
        } else {
            self.stroke_with(style);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let ctx = &self.context;
        let upright = matches!(style.transform(), FontTransform::Rotate270);
        let (x, y) = if upright {
            ctx.save();
            let _ = ctx.translate(pos.0 as f64, pos.1 as f64);
            let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
            (0.0, 0.0)
        } else {
            (pos.0 as f64, pos.1 as f64)
        };
        let anchor = style.anchor();
        ctx.set_text_baseline(match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        ctx.set_text_align(match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        ctx.set_fill_style_str(&css(style.color()));
        // Whole pixels: the size is already in device pixels.
        ctx.set_font(&format!("{}px sans-serif", style.size().round() as u32));
        let _ = ctx.fill_text(text, x, y);
        if upright {
            ctx.restore();
        }
        Ok(())
    }
}
