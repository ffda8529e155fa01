//! The run bar: the model training, its pace, where it is ("Epoch 12 / 200 · loss 3.5"), what
//! just happened, and what went wrong — trained a frame's budget at a time.

use super::verdict::{GradFlow, RunFacts};
use super::Dirty;
use crate::config::Config;
use crate::format::{group, short};
use crate::nn::pass::PIECE_MACS;
use crate::nn::trainer::{Step, Trainer};
use crate::teach::diagnosis::{self, Finding};

/// Training time per frame: half a 60 Hz frame, leaving the rest for drawing and the browser.
pub const FRAME_BUDGET_MS: f64 = 8.0;
/// The most a frame may count as having lasted, so a background tab doesn't bank epochs.
pub const LONGEST_FRAME_MS: f64 = 100.0;
/// An epoch under way for longer than this shows its progress in the status.
const SLOW_EPOCH_MS: f64 = 500.0;

/// The speed menu: epochs per second, and what it says. Each lesson has its own pace
/// ([`crate::data::presets::Preset::speed`]): the notebook's 15 a second makes its 200 epochs
/// last 13 seconds, and its loss's fall about seven, a pace a class can follow; "max" trains as
/// fast as the frame budget allows.
pub const SPEEDS: [(&str, &str); 6] = [
    ("5", "5 epochs a second"),
    ("15", "15 epochs a second"),
    ("50", "50 epochs a second"),
    ("200", "200 epochs a second"),
    ("1000", "1,000 epochs a second"),
    ("max", "as fast as possible"),
];
/// The notebook's pace, which the page opens with.
pub const DEFAULT_SPEED: &str = "15";

/// Epochs per second; `None` is as fast as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speed(pub Option<u32>);

impl Speed {
    /// A value of the menu, or one of the old per-frame values links may still carry
    /// (1, 20 and 100 epochs a frame: about 60, 1,200 and 6,000 a second).
    pub fn parse(text: &str) -> Option<Speed> {
        let text = text.trim();
        if text == "max" {
            return Some(Speed(None));
        }
        if SPEEDS.iter().any(|(v, _)| *v == text) {
            return text.parse().ok().map(|n| Speed(Some(n)));
        }
        match text {
            "1" => Some(Speed(Some(50))),
            "20" => Some(Speed(Some(1000))),
            "100" => Some(Speed(None)),
            _ => None,
        }
    }

    /// The menu value.
    pub fn value(self) -> String {
        self.0.map_or("max".to_string(), |n| n.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Paused,
    Running,
    /// Training until this many epochs are done (the Step button), then pausing.
    Stepping(usize),
}

pub struct Run {
    pub trainer: Trainer,
    pub mode: Mode,
    /// The epoch the run is heading for.
    pub target: usize,
    /// The status line's note: what just happened.
    pub note: String,
    /// What went wrong in this run, if anything.
    pub findings: Vec<Finding>,
    pub speed: Speed,
    /// Epochs due but not yet trained at a limited speed (a fraction carries over).
    allowance: f64,
    last_frame: Option<f64>,
    /// Time spent training and epochs finished since the last new model: the speed readout.
    pub train_ms: f64,
    pub train_epochs: usize,
    /// Training time since the last epoch finished, for the status's progress.
    epoch_ms: f64,
    /// The epoch in which training diverged (the loss became too large to compute), if it did.
    pub diverged: Option<usize>,
    /// The gradient flow: ‖∂ℓ/∂h_t‖ of a few earlier epochs and of the latest.
    pub grads: GradFlow,
    /// The weights came from a file, not from training here.
    pub imported: bool,
}

impl Run {
    pub fn new(trainer: Trainer, target: usize, speed: Speed) -> Run {
        Run {
            trainer,
            mode: Mode::Paused,
            target,
            note: String::new(),
            findings: Vec::new(),
            speed,
            allowance: 0.0,
            last_frame: None,
            train_ms: 0.0,
            train_epochs: 0,
            epoch_ms: 0.0,
            diverged: None,
            grads: GradFlow::default(),
            imported: false,
        }
    }

    pub fn running(&self) -> bool {
        self.mode != Mode::Paused
    }

    /// A fresh model (new settings, Reset): its own record, paused at epoch 0.
    pub fn replace(&mut self, trainer: Trainer, epochs: usize, note: &str) {
        let speed = self.speed;
        *self = Run::new(trainer, epochs, speed);
        self.trainer.reserve_epochs(epochs);
        self.note = note.into();
    }

    /// New weights from a file: the history, the findings and the gradient record start over.
    pub fn weights_loaded(&mut self, name: &str) {
        self.mode = Mode::Paused;
        self.note = format!("Loaded the weights from {name}.");
        self.imported = true;
        self.findings.clear();
        self.diverged = None;
        self.grads = GradFlow::default();
    }

    /// The learning rate and the epoch target changed in place: what the status says of it.
    pub fn changed_in_place(&mut self, before: &Config, now: &Config) {
        let mut notes = Vec::new();
        let from = self.trainer.epochs_done();
        if now.learning_rate != before.learning_rate {
            self.trainer.set_learning_rate(now.learning_rate);
            if from > 0 {
                notes.push(format!(
                    "Learning rate {} from epoch {from} on",
                    short(now.learning_rate as f64)
                ));
            }
        }
        if now.epochs != before.epochs {
            let epochs = now.epochs;
            if from == 0 || epochs > from {
                self.target = epochs;
                if from > 0 {
                    notes.push(format!("now heading for epoch {}", group(epochs)));
                }
            } else {
                // Already past it: this stretch ends here, and Train goes on for that many more.
                self.target = from;
                notes.push(format!(
                    "epoch {} is already behind: Train goes on for {} more, to epoch {}",
                    group(epochs),
                    group(epochs),
                    group(from + epochs)
                ));
            }
        }
        if !notes.is_empty() {
            self.note = format!(
                "{} — Reset to start over.",
                crate::format::join(&notes, ", ")
            );
        }
    }

    /// A field can't be used: a run under way pauses and says why.
    pub fn blocked(&mut self) {
        if self.running() {
            self.mode = Mode::Paused;
            self.note = "Paused: fix the highlighted field to go on.".into();
        }
    }

    pub fn start(&mut self, epochs: usize) {
        if self.trainer.epochs_done() >= self.target {
            self.target = self.trainer.epochs_done() + epochs;
        }
        self.note.clear();
        // How the last stretch ended is judged again at the end of this one; an explosion stays.
        self.findings
            .retain(|f| matches!(f, Finding::Exploding { .. }));
        self.mode = Mode::Running;
        self.allowance = 1.0;
        self.last_frame = None;
    }

    pub fn train_or_pause(&mut self, blocked: bool, epochs: usize) {
        match self.mode {
            Mode::Running | Mode::Stepping(_) => self.mode = Mode::Paused,
            Mode::Paused if !blocked => self.start(epochs),
            Mode::Paused => {}
        }
    }

    pub fn step(&mut self, epochs: usize) {
        self.note.clear();
        // A step from the target starts the next stretch, as Train does: the status never reads
        // "Epoch 801 / 800".
        if self.trainer.epochs_done() >= self.target {
            self.target = self.trainer.epochs_done() + epochs;
        }
        self.mode = Mode::Stepping(self.trainer.epochs_done() + 1);
        self.allowance = 1.0;
        self.last_frame = None;
    }

    /// How long the last frame lasted (at most [`LONGEST_FRAME_MS`]), and the time noted.
    pub fn tick(&mut self, t_ms: f64) -> f64 {
        let dt = self.last_frame.map_or(1000.0 / 60.0, |last| {
            (t_ms - last).clamp(0.0, LONGEST_FRAME_MS)
        });
        self.last_frame = Some(t_ms);
        dt
    }

    /// Works on a new model's weights for what is left of the frame; true once they are ready
    /// (and the views that show them at work can draw).
    pub fn prepare(&mut self, start: f64, clock: &dyn Fn() -> f64) -> bool {
        while !self.trainer.prepare(PIECE_MACS) {
            if clock() - start >= FRAME_BUDGET_MS {
                return false;
            }
        }
        true
    }

    /// Trains within the frame's budget at the chosen pace; returns the epochs finished.
    pub fn train_for_a_frame(
        &mut self,
        dt: f64,
        start: f64,
        clock: &dyn Fn() -> f64,
        config: &Config,
        dirty: &mut Dirty,
    ) -> usize {
        if let Speed(Some(per_second)) = self.speed {
            self.allowance += per_second as f64 * dt / 1000.0;
        }
        let mut epochs = 0;
        let mut since = start;
        loop {
            let goal = match self.mode {
                Mode::Stepping(until) => until,
                _ => self.target,
            };
            if self.trainer.epochs_done() >= goal {
                self.finish(config);
                // The findings and the verdict beside the loss chart change with it.
                dirty.loss = true;
                break;
            }
            let limited = matches!(self.mode, Mode::Running) && self.speed.0.is_some();
            if limited && self.allowance < 1.0 {
                break;
            }
            match self.trainer.advance(PIECE_MACS) {
                Ok(Step::Epoch(loss)) => {
                    epochs += 1;
                    since = clock();
                    self.epoch_ms = 0.0;
                    self.allowance = (self.allowance - 1.0).max(0.0);
                    self.grads.record(&self.trainer);
                    dirty.loss = true;
                    dirty.data = true;
                    dirty.network = true;
                    self.watch_for_explosion(loss);
                }
                Ok(Step::Batch | Step::Partial) => {}
                Err(diverged) => {
                    self.mode = Mode::Paused;
                    self.diverged = Some(diverged.epoch);
                    self.note = diverged.to_string();
                    dirty.loss = true;
                    break;
                }
            }
            if clock() - start >= FRAME_BUDGET_MS {
                break;
            }
        }
        // A limited speed doesn't bank what the frame budget couldn't train.
        self.allowance = self.allowance.min(2.0);
        let end = clock();
        self.train_ms += end - start;
        self.epoch_ms += end - since;
        self.train_epochs += epochs;
        epochs
    }

    /// An explosion is said as soon as it happens: the class sees the curve shoot up.
    fn watch_for_explosion(&mut self, loss: f32) {
        let first = self.trainer.history()[0];
        let exploding = first > 0.0 && loss >= diagnosis::EXPLODED * first;
        if exploding
            && !self
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Exploding { .. }))
        {
            self.findings = vec![Finding::Exploding { first, peak: loss }];
            self.note = self.findings[0].headline();
        }
    }

    /// The run reached its goal: pause and say how it went.
    fn finish(&mut self, config: &Config) {
        let reached_target = self.trainer.epochs_done() >= self.target;
        if self.mode == Mode::Running || reached_target {
            self.findings = diagnosis::diagnose_trainer(&self.trainer, config, reached_target);
            self.note = format!("Reached {} epochs.", group(self.trainer.epochs_done()));
            match self.findings.first() {
                Some(f) => self.note += &format!(" {} (More beside the loss chart.)", f.headline()),
                None if self.mode == Mode::Running => {
                    self.note += " Press Train to keep going, or Forecast.";
                }
                None => {}
            }
        }
        self.mode = Mode::Paused;
    }

    /// The status line.
    pub fn status(&self) -> String {
        let (progress, note) = self.status_parts();
        progress + &note
    }

    /// The status line in two parts: where training is ("Epoch 12 / 200 · loss 3.5"), and what
    /// just happened (" · Reached 200 epochs."), which the page sets in smaller type.
    pub fn status_parts(&self) -> (String, String) {
        let done = self.trainer.epochs_done();
        let mut progress = format!("Epoch {} / {}", done, self.target);
        if let Some(loss) = self.trainer.history().last() {
            progress += &format!(" · loss {}", short(*loss as f64));
        }
        if self.running() && self.epoch_ms > SLOW_EPOCH_MS {
            // One epoch of a big model takes seconds: show that it moves.
            progress += &format!(
                " · epoch {} is {}% done",
                group(done + 1),
                (self.trainer.epoch_progress() * 100.0) as u32
            );
        }
        let note = if self.note.is_empty() {
            String::new()
        } else {
            format!(" · {}", self.note)
        };
        (progress, note)
    }

    /// The findings as sentences with their advice, for beside the loss chart.
    pub fn diagnosis(&self, config: &Config) -> Vec<String> {
        self.findings
            .iter()
            .map(|f| format!("{} {}", f.headline(), f.advice(config)))
            .collect()
    }

    /// The loss exploded in this run, or training diverged.
    pub fn exploded(&self) -> bool {
        self.diverged.is_some()
            || self
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Exploding { .. }))
    }

    /// The sentence under the gradient chart.
    pub fn grad_sentence(&self, config: &Config) -> String {
        let mut facts = RunFacts::of(config, self.exploded());
        // Only a signal that dies out on its way back needs the dead units counted.
        let dies = self
            .grads
            .latest
            .as_ref()
            .is_some_and(|(_, h)| h.first() == Some(&0.0));
        if dies && self.trainer.ready() {
            let dead = crate::teach::inside::dead_units(
                self.trainer.model(),
                0,
                self.trainer.windows(),
                1 << 21,
            );
            facts.all_dead = config.activation == crate::nn::activation::Activation::Relu
                && dead.iter().all(|&d| d);
        }
        self.grads.sentence(&facts)
    }

    /// What the empty loss chart says when training diverged before an epoch could end.
    pub fn loss_note(&self) -> Option<String> {
        let epoch = self
            .diverged
            .filter(|_| self.trainer.history().is_empty())?;
        Some(format!(
            "Training diverged in epoch {epoch}, before any epoch ended: there is no loss to \
             draw. Try a smaller learning rate, or turn on scaling."
        ))
    }

    /// "Training speed: 0.03 ms per epoch", once something has trained.
    pub fn speed_readout(&self) -> String {
        if self.train_epochs == 0 {
            return String::new();
        }
        format!(
            "Training speed: {} ms per epoch, in this browser.",
            short(self.train_ms / self.train_epochs as f64)
        )
    }
}
