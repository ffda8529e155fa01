//! Sharing: the address that reopens this page, the embed a blogger copies (its controls,
//! autoplay, kept runs, and the lines that let it size itself), and the notes about copying and
//! importing weights.

use super::url;
use super::State;
use crate::config::{Config, Field, Kind, SETTINGS};
use crate::data::presets;
use crate::format::join;

/// Embed mode (`?embed=1`): which controls show, and whether training starts by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub controls: Vec<String>,
    pub autoplay: bool,
}

/// The controls an embed shows when its link names none.
pub const DEFAULT_CONTROLS: &str = "train,reset,forecast";

/// What an embed can show besides the lesson's settings, as `controls=` names them (the page's
/// `data-control` marks), with their names in the Share panel and the height each adds.
const PAGE_CONTROLS: [(&str, &str, u32); 8] = [
    ("train", "Train / Pause", 60),
    ("step", "Step", 0),
    ("reset", "Reset", 0),
    ("speed", "Speed", 0),
    ("forecast", "Forecast", 100),
    ("network", "the network picture", 250),
    ("preset", "Examples", 100),
    // Its closed heading; opened, the embed grows with it (its height messages).
    ("arena", "the memory arena", 60),
];

/// Everything an embed can show: the page's own controls, then every lesson setting (those
/// beside the charts), by its element id and label, from [`SETTINGS`]. A list, not an iterator:
/// its two users then share one copy of the chain's code.
pub fn embed_controls() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = PAGE_CONTROLS.iter().map(|(c, l, _)| (*c, *l)).collect();
    for s in SETTINGS.iter().filter(|s| s.lesson) {
        all.push((s.id, s.label));
    }
    all
}

/// The embed's height in CSS pixels with these controls: enough for what it shows at 390 and at
/// 640 px wide, so nothing scrolls before its height messages arrive (measured in the browser,
/// and held to it by tests/e2e/layout.test.mjs). A setting adds its field's height: a text
/// area more than one line.
pub fn embed_height(controls: &[String]) -> u32 {
    let has = |c: &str| controls.iter().any(|x| x == c);
    // The prompt, the status, the two charts, the way out.
    let mut height = 440;
    // The run bar's buttons share one row.
    if ["train", "step", "reset", "speed"].iter().any(|c| has(c)) {
        height += 60;
    }
    for (control, _, extra) in PAGE_CONTROLS {
        if has(control) && !matches!(control, "train" | "step" | "reset" | "speed") {
            height += extra;
        }
    }
    for s in SETTINGS.iter().filter(|s| s.lesson && has(s.id)) {
        height += if s.kind == Kind::Sequence { 115 } else { 75 };
    }
    height
}

/// How the page was opened and what the Share panel asks of an embed.
pub struct Share {
    /// Embed mode, if the page was opened as an embed.
    pub embed: Option<Embed>,
    /// What the Share panel's embed code asks for.
    pub options: Embed,
    /// The embed brings the kept runs along (they train again in it): a choice of the Share
    /// panel, off by default, as a reader of a blog post has not seen them being kept.
    pub runs: bool,
    /// Where links and embeds point (`location.origin + location.pathname`).
    pub base: String,
    /// WordPress's embed secret (`#?secret=…`), for its height message.
    pub secret: Option<String>,
    pub note: String,
    pub code_note: String,
    pub import_error: String,
}

impl Share {
    /// The embed options of an address (`embed=1&controls=…&autoplay=1`) and WordPress's secret
    /// (`#?secret=…`, letters and digits only).
    pub fn new(pairs: &[(String, String)], hash: &str, base: &str) -> Share {
        let embed = (url::get(pairs, url::EMBED) == Some("1")).then(|| Embed {
            controls: url::get(pairs, url::CONTROLS)
                .unwrap_or(DEFAULT_CONTROLS)
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            autoplay: url::get(pairs, url::AUTOPLAY) == Some("1"),
        });
        let secret = hash
            .split(['#', '?', '&'])
            .find_map(|p| p.strip_prefix("secret="))
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string);
        Share {
            embed,
            options: Embed {
                controls: DEFAULT_CONTROLS.split(',').map(str::to_string).collect(),
                autoplay: false,
            },
            runs: false,
            base: base.to_string(),
            secret,
            note: String::new(),
            code_note: String::new(),
            import_error: String::new(),
        }
    }

    /// The Share panel: show `name` in the embed, or not. Rebuilt in the menu's order, so the
    /// same choice always gives the same code; a name that is no control is ignored.
    pub fn control(&mut self, name: &str, on: bool) {
        let chosen = &self.options.controls;
        self.options.controls = embed_controls()
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| {
                if *c == name {
                    on
                } else {
                    chosen.iter().any(|x| x == c)
                }
            })
            .map(str::to_string)
            .collect();
    }

    /// The embed options the page was opened with, as a query.
    pub fn embed_query(&self) -> String {
        let Some(e) = &self.embed else {
            return String::new();
        };
        let controls = join(&e.controls, ",");
        let mut pairs = vec![(url::EMBED, "1"), (url::CONTROLS, controls.as_str())];
        if e.autoplay {
            pairs.push((url::AUTOPLAY, "1"));
        }
        url::build(&pairs)
    }
}

/// The addresses the page shows, made together once per change (each needs the settings'
/// query, which reads every field).
#[derive(Debug, Clone, PartialEq)]
pub struct Addresses {
    /// The whole query for the address bar.
    pub query: String,
    /// A link to this page with these settings (and none of the embed options): what "Copy
    /// link" copies and "Open the full demo" opens.
    pub link: String,
    /// The embed's address, with the Share panel's options.
    pub embed_src: String,
    /// The embed code.
    pub embed_code: String,
}

impl State {
    /// The settings as a query: the example in use (instead of its numbers), then each field
    /// whose text differs from that example's (or the notebook's) value, as typed (even when
    /// invalid, so a reload keeps it), the view options that differ from their defaults, and
    /// the kept runs.
    pub fn settings_query(&self) -> String {
        self.query_with_runs(true)
    }

    /// [`State::settings_query`], with or without the kept runs.
    fn query_with_runs(&self, runs: bool) -> String {
        let s = &self.settings;
        let mut base = Config::default();
        // The notebook is the default: no need to name it.
        let preset = s.preset().filter(|p| p.key != presets::PRESETS[0].key);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(p) = preset {
            p.apply(&mut base);
            pairs.push((url::PRESET, p.key.to_string()));
        }
        for field in Field::ALL {
            let text = s.text(field);
            if text.trim() != base.get(field) {
                pairs.push((field.key(), text.to_string()));
            }
        }
        let speed = self.run.speed;
        if Some(speed) != super::run::Speed::parse(s.lesson().speed) {
            pairs.push((url::SPEED, speed.value()));
        }
        pairs.extend(self.options.query());
        // Kept runs: their settings (not their curves), as what differs from these.
        for run in self.compare.kept.iter().filter(|_| runs) {
            pairs.push((url::RUN, run.query(&s.config)));
        }
        url::build(&pairs)
    }

    /// The whole query for the address bar: with what the address chose for this machine
    /// (`workers=`, `arena=quick`), so a reload keeps it; links and embeds leave it out.
    pub fn query(&self) -> String {
        let mut machine: Vec<(&str, String)> = Vec::new();
        if self.pool.asked {
            machine.push((super::pool::WORKERS, self.pool.size.to_string()));
        }
        if *self.arena.plan == super::arena::QUICK {
            machine.push((super::arena::ARENA, "quick".into()));
        }
        let machine = url::build(&machine);
        url::join(
            &url::join(&self.settings_query(), &self.share.embed_query()),
            &machine,
        )
    }

    /// A link to this page with these settings: what "Copy link" copies.
    pub fn link(&self) -> String {
        with_query(&self.share.base, &self.settings_query())
    }

    /// The embed's address, with the Share panel's options.
    pub fn embed_src(&self) -> String {
        self.embed_src_for(&self.query_with_runs(self.share.runs))
    }

    /// The embed's address for these settings (a query), with the Share panel's options.
    fn embed_src_for(&self, settings: &str) -> String {
        let options = &self.share.options;
        let mut pairs = vec![(url::EMBED, "1".to_string())];
        pairs.push((url::CONTROLS, join(&options.controls, ",")));
        if options.autoplay {
            pairs.push((url::AUTOPLAY, "1".into()));
        }
        let embed = url::build(&pairs);
        with_query(&self.share.base, &url::join(settings, &embed))
    }

    /// A ready `<iframe>` for a blog or a course page, and the few lines that let it take the
    /// height of what it shows. Attribute values are escaped: the sequence comes from the person.
    pub fn embed_code(&self) -> String {
        embed_code(&self.embed_src(), &self.share.options.controls)
    }

    /// The query, the link, the embed's address and its code, the settings' query made once.
    pub fn addresses(&self) -> Addresses {
        let with_runs = self.settings_query();
        let settings = if self.share.runs {
            with_runs.clone()
        } else {
            self.query_with_runs(false)
        };
        let embed_src = self.embed_src_for(&settings);
        Addresses {
            query: url::join(&with_runs, &self.share.embed_query()),
            link: with_query(&self.share.base, &with_runs),
            embed_code: embed_code(&embed_src, &self.share.options.controls),
            embed_src,
        }
    }
}

/// The iframe for `src` at the height its `controls` need, with the resize lines.
fn embed_code(src: &str, controls: &[String]) -> String {
    let src = escape_attribute(src);
    let height = embed_height(controls);
    format!(
        "<iframe class=\"rnn-playground\" src=\"{src}\" \
         title=\"RNN Playground: a recurrent network training live\" width=\"640\" \
         height=\"{height}\" loading=\"lazy\" style=\"border:0;width:100%;max-width:640px\"></iframe>\n\
         <script>/* RNN Playground: let the frame take the height of what it shows */\
         addEventListener(\"message\",function(e){{var f=document.querySelectorAll(\"iframe.rnn-playground\");\
         for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source&&e.data&&\
         e.data.type===\"rnn-playground:height\"&&e.data.height>0)f[i].style.height=e.data.height+\"px\"}});</script>"
    )
}

/// `base?query`, or `base` alone.
fn with_query(base: &str, query: &str) -> String {
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// Text safe inside a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
