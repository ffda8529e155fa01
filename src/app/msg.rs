//! The messages the page sends [`update`](super::update), what it asks done outside
//! ([`Effect`]), what changed ([`Dirty`]), and the keyboard's shortcuts.

use super::pool::{JobId, WorkerNews};
use crate::config::{Config, Field};
use crate::data::Reading;
use crate::io::weights;

/// Start-up, over the first frames, so no one task holds the page for long: the wiring happens
/// before the first frame, the lessons in the first, the address and the ready mark in the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Startup {
    Lessons,
    Address,
    Done,
}

/// A chart that can be downloaded as a PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Loss,
    Data,
}

/// What a copy was of, to say the right thing if the browser refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    Link,
    Embed,
    Code,
}

/// A keyboard shortcut, pressed while the focus is not in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    TrainOrPause,
    Step,
    Reset,
}

impl Key {
    /// Space, S or →, R.
    pub fn from_key(key: &str) -> Option<Key> {
        match key {
            " " => Some(Key::TrainOrPause),
            "s" | "S" | "ArrowRight" => Some(Key::Step),
            "r" | "R" => Some(Key::Reset),
            _ => None,
        }
    }
}

/// Where the focus is when a key is pressed, as far as shortcuts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A text field or text area (or a frame): keys type.
    Text,
    /// A menu, checkbox or slider: its keys change a setting.
    Setting,
    /// A button, link or summary: Space presses it.
    Button,
    /// Anywhere else (the page, a chart).
    Page,
}

impl Focus {
    /// The focus on an element with this tag name (and `type`, for inputs).
    pub fn of(tag: &str, input_type: &str) -> Focus {
        match tag {
            "TEXTAREA" | "IFRAME" => Focus::Text,
            "INPUT" => match input_type {
                "checkbox" | "radio" | "range" => Focus::Setting,
                "button" | "submit" | "reset" => Focus::Button,
                _ => Focus::Text,
            },
            "SELECT" | "OPTION" => Focus::Setting,
            "BUTTON" | "SUMMARY" | "A" | "LABEL" => Focus::Button,
            _ => Focus::Page,
        }
    }
}

/// The shortcut a key press means, if any. `pointer` says the focused control was last used with
/// the mouse or a finger (not reached with Tab). A shortcut never changes a setting behind the
/// person's back: on a menu or checkbox picked with the mouse, S, R, → and Space are the page's
/// (the control keeps its value), while a control reached with the keyboard keeps its own keys,
/// as keyboard users need. Text fields always keep theirs: there keys type.
pub fn shortcut(key: &str, focus: Focus, pointer: bool) -> Option<Key> {
    let k = Key::from_key(key)?;
    match focus {
        Focus::Text => None,
        Focus::Setting if !pointer => None,
        Focus::Button if k == Key::TrainOrPause && !pointer => None,
        _ => Some(k),
    }
}

/// Everything a person (or the page's clock) can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A field's text, as typed.
    Edit(Field, String),
    /// A data file opened or dropped on the sequence field: its text, as if pasted there.
    OpenData(String),
    /// An example chosen in the menu (its key, or "custom").
    Preset(String),
    RestoreSequence,
    /// Read the commas inside the sequence's numbers this way (thousands or decimals).
    Reread(Reading),
    TrainOrPause,
    Step,
    Reset,
    Speed(String),
    LossScale(String),
    Presentation(bool),
    Theme(String),
    ForecastInput(String),
    Forecast,
    HorizonInput(String),
    Roll,
    ClearRoll,
    /// A window of the table pointed at or focused (None: left).
    Highlight(Option<usize>),
    InsideOpen(bool),
    InsideWindow(String),
    InsideStep(usize),
    /// The layer (slot) "Inside the cell" shows.
    InsideSlot(usize),
    CopyLink,
    CopyEmbed,
    CopyCode,
    /// The browser would not copy: say where to copy from by hand.
    CopyRefused(Copied),
    ExportWeights,
    /// A weights file was read and parsed as JSON (or not): its name and contents.
    ImportWeights(String, Result<weights::Nested, String>),
    ExportLoss,
    ExportPredictions,
    ExportPng(Chart),
    /// The Share panel: show this control in the embed, or not.
    ShareControl(String, bool),
    ShareAutoplay(bool),
    /// The Share panel: bring the kept runs into the embed, or not.
    ShareRuns(bool),
    /// Keep the current run's settings and curves on the loss chart.
    KeepRun,
    /// Remove the kept run at this place in the list.
    RemoveRun(usize),
    /// Bring back the settings of the kept run at this place in the list.
    UseRun(usize),
    /// Train every kept run again from its start, side by side.
    Race,
    Key(Key),
    /// The window was resized.
    Resize,
    /// An animation frame, at this time in milliseconds.
    Frame(f64),
    /// The memory arena: run the sweep (from the start, also when it ran before).
    ArenaRun,
    ArenaStop,
    /// The memory arena's panel was opened or closed.
    ArenaOpen(bool),
    /// What worker `0` said.
    Worker(usize, WorkerNews),
}

/// Work for the page to do outside the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Download {
        name: &'static str,
        mime: &'static str,
        text: String,
    },
    DownloadPng {
        name: &'static str,
        chart: Chart,
    },
    Copy {
        text: String,
        what: Copied,
    },
    /// Start this many Web Workers (each loads the page's module, then says it is ready).
    StartWorkers(usize),
    /// Train `config` on worker `worker` as job `job`: all its epochs, each one's losses sent back.
    Train {
        worker: usize,
        job: JobId,
        config: Config,
    },
    /// Stop job `job` on worker `worker`; anything it still says about it is ignored.
    Cancel {
        worker: usize,
        job: JobId,
    },
}

/// What changed since the view last drew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dirty {
    /// Field values to write into the form (an example, a restored sequence, the URL).
    pub form: bool,
    /// The fields' messages, the example in use and its text, the comma offer: what follows the
    /// text typed.
    pub fields: bool,
    /// The windows table, summary, formula, Keras program, baselines: what follows the settings.
    pub lesson: bool,
    pub loss: bool,
    pub data: bool,
    /// The network diagram and the inside view: they show the weights at work.
    pub network: bool,
    /// Canvas sizes (theme, presentation, resize).
    pub canvases: bool,
    /// The address bar, the embed code and the full-demo link.
    pub url: bool,
}

impl Dirty {
    pub fn all() -> Dirty {
        Dirty {
            form: true,
            fields: true,
            lesson: true,
            loss: true,
            data: true,
            network: true,
            canvases: true,
            url: true,
        }
    }

    /// What either marks.
    pub fn or(self, other: Dirty) -> Dirty {
        Dirty {
            form: self.form || other.form,
            fields: self.fields || other.fields,
            lesson: self.lesson || other.lesson,
            loss: self.loss || other.loss,
            data: self.data || other.data,
            network: self.network || other.network,
            canvases: self.canvases || other.canvases,
            url: self.url || other.url,
        }
    }

    /// What `self` marks and `drawn` does not: what is still owed.
    pub fn without(self, drawn: Dirty) -> Dirty {
        Dirty {
            form: self.form && !drawn.form,
            fields: self.fields && !drawn.fields,
            lesson: self.lesson && !drawn.lesson,
            loss: self.loss && !drawn.loss,
            data: self.data && !drawn.data,
            network: self.network && !drawn.network,
            canvases: self.canvases && !drawn.canvases,
            url: self.url && !drawn.url,
        }
    }
}
