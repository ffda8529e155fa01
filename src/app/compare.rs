//! Kept runs: a lesson is a comparison (relu against tanh, 5 units against 50, SimpleRNN against
//! LSTM), so up to [`MAX_KEPT`] finished runs stay on the loss chart while the person changes
//! settings and trains anew, and a race trains them again side by side.

use super::pool::JobId;
use super::run::{Speed, FRAME_BUDGET_MS};
use super::url;
use super::Dirty;
use crate::config::{Config, Field, Kind};
use crate::nn::pass::PIECE_MACS;
use crate::nn::trainer::{Step, Trainer};

/// At most this many runs are kept (one colour and dash each).
pub const MAX_KEPT: usize = 4;

/// Kept runs training again, side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Race {
    pub paced: bool,
    /// Time the race has run, for its pace.
    pub elapsed_ms: f64,
}

/// How a race's frame ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaceEnd {
    Going,
    /// The Race button's race is over.
    Raced,
    /// A comparison link's runs are trained.
    Replayed,
}

#[derive(Default)]
pub struct Compare {
    /// Runs kept for comparison, in the order they were kept.
    pub kept: Vec<KeptRun>,
    /// Kept runs training again: paced like training (the Race button) or as fast as the frame
    /// budget allows (replaying a comparison link).
    pub race: Option<Race>,
    /// What happened to the kept runs, for the list beside them.
    pub note: String,
}

/// How the note after keeping a run starts.
const KEPT: &str = "Kept.";

impl Compare {
    /// The kept runs' lines in the list beside the loss chart, each with its style: what
    /// differs from `current`, then its last loss, how far a race has got, or that it diverged.
    pub fn lines(&self, current: &Config) -> Vec<(usize, String)> {
        self.kept
            .iter()
            .map(|r| {
                let mut line = r.label(current);
                match (r.racing(), r.history.last(), &r.stopped) {
                    (_, _, Some(_)) => line += " · diverged",
                    (true, _, _) => line += &format!(" · epoch {}…", r.history.len()),
                    (false, Some(loss), _) => {
                        line += &format!(" · loss {}", crate::format::short(*loss as f64));
                        // The lessons compare held-out losses: the list shows them.
                        if let Some(v) = r.val.last() {
                            line += &format!(", held out {}", crate::format::short(*v as f64));
                        }
                    }
                    _ => {}
                }
                (r.style, line)
            })
            .collect()
    }

    /// Keeps the current run's settings and curves.
    pub fn keep(&mut self, config: &Config, trainer: &Trainer) -> bool {
        if trainer.history().is_empty() {
            self.note = "Train first: there is no curve to keep yet.".into();
            return false;
        }
        if self.kept.len() >= MAX_KEPT {
            self.note = format!("Up to {MAX_KEPT} runs can be kept: remove one to keep this one.");
            return false;
        }
        let style = free_style(&self.kept);
        self.kept.push(KeptRun::new(
            config.clone(),
            trainer.history().to_vec(),
            trainer.val_history().to_vec(),
            style,
        ));
        self.note = format!(
            "{KEPT} Change a setting and train again to compare ({} of {MAX_KEPT} kept).",
            self.kept.len()
        );
        true
    }

    /// A new model: the advice to change a setting has been followed, and would go stale.
    pub fn model_replaced(&mut self) {
        if self.note.starts_with(KEPT) {
            self.note.clear();
        }
    }

    pub fn remove(&mut self, i: usize) -> bool {
        if i >= self.kept.len() {
            return false;
        }
        self.kept.remove(i);
        self.note.clear();
        if self.kept.iter().all(|r| !r.racing()) {
            self.race = None;
        }
        true
    }

    /// Trains every kept run again from its start, paced; false if there is none. With
    /// `workers` and more than one run, each run trains on a worker of its own.
    pub fn start_race(&mut self, workers: bool) -> bool {
        if self.kept.is_empty() {
            self.note = "Keep a run or two first (Keep this run), then race them.".into();
            return false;
        }
        let remote = workers && self.kept.len() > 1;
        for run in &mut self.kept {
            if remote {
                run.restart_remote();
            } else {
                run.restart();
            }
        }
        self.race = Some(Race {
            paced: true,
            elapsed_ms: 0.0,
        });
        self.note = "Racing the kept runs from their start…".into();
        true
    }

    /// A comparison link's runs (`run=` keys) are trained again in the background (with
    /// `workers` and more than one run, on the workers); true if any.
    pub fn replay(&mut self, pairs: &[(String, String)], current: &Config, workers: bool) -> bool {
        let mut problems = Vec::new();
        for (i, value) in pairs
            .iter()
            .filter(|(k, _)| k == url::RUN)
            .map(|(_, v)| v)
            .enumerate()
        {
            if self.kept.len() >= MAX_KEPT {
                problems.push(format!("only {MAX_KEPT} runs can be kept"));
                break;
            }
            match from_query(value, current) {
                Ok(config) => {
                    let style = free_style(&self.kept);
                    let mut run = KeptRun::new(config, Vec::new(), Vec::new(), style);
                    if run.restart() {
                        self.kept.push(run);
                    }
                }
                Err(message) => problems.push(format!("run {}: {message}", i + 1)),
            }
        }
        if !problems.is_empty() {
            self.note = format!(
                "Some kept runs in the link were left out ({}).",
                crate::format::join(&problems, "; ")
            );
        }
        if self.kept.is_empty() {
            return false;
        }
        if workers && self.kept.len() > 1 {
            for run in &mut self.kept {
                run.restart_remote();
            }
        }
        self.race = Some(Race {
            paced: false,
            elapsed_ms: 0.0,
        });
        true
    }

    /// The jobs of the kept runs training on workers (to cancel when the race starts over).
    pub fn jobs(&self) -> Vec<JobId> {
        self.kept.iter().filter_map(|r| r.job()).collect()
    }

    /// The next kept run waiting for a worker, if any.
    pub fn waiting(&self) -> Option<usize> {
        self.kept.iter().position(|r| r.remote == Remote::Waiting)
    }

    /// Kept run `i` trains on a worker as `job`: its settings, for the worker.
    pub fn hand_out(&mut self, i: usize, job: JobId) -> Option<Config> {
        let run = self.kept.get_mut(i)?;
        run.remote = Remote::On(job);
        Some(run.config.clone())
    }

    /// Whether `job` is a kept run's.
    pub fn owns(&self, job: JobId) -> bool {
        self.kept.iter().any(|r| r.job() == Some(job))
    }

    /// Epochs a worker trained for `job`: they show as the race's pace allows.
    pub fn epochs(&mut self, job: JobId, loss: &[f32], val: &[f32]) {
        if let Some(run) = self.kept.iter_mut().find(|r| r.job() == Some(job)) {
            run.received.extend_from_slice(loss);
            run.received_val.extend_from_slice(val);
        }
    }

    /// `job` ended: all its epochs, or an error (it diverged) to show once its epochs are shown.
    pub fn job_ended(&mut self, job: JobId, error: Option<String>) {
        if let Some(run) = self.kept.iter_mut().find(|r| r.job() == Some(job)) {
            run.remote = Remote::Ended(error);
        }
    }

    /// A job lost with its worker waits for another.
    pub fn requeue(&mut self, job: JobId) {
        if let Some(run) = self.kept.iter_mut().find(|r| r.job() == Some(job)) {
            run.restart_remote();
        }
    }

    /// The workers are gone: the runs that were to train on them train here instead, from
    /// their start (same seeds, same curves).
    pub fn fall_back(&mut self) {
        for run in &mut self.kept {
            if matches!(run.remote, Remote::Waiting | Remote::On(_)) {
                run.restart();
            }
        }
    }

    /// The kept runs in a race share what is left of the frame's budget, a piece each in turn.
    pub fn race_for_a_frame(
        &mut self,
        dt: f64,
        speed: Speed,
        start: f64,
        clock: &dyn Fn() -> f64,
        dirty: &mut Dirty,
    ) -> RaceEnd {
        let Some(race) = &mut self.race else {
            return RaceEnd::Going;
        };
        race.elapsed_ms += dt;
        let allowed = match (race.paced, speed) {
            (true, Speed(Some(per_second))) => {
                1 + (race.elapsed_ms * per_second as f64 / 1000.0) as usize
            }
            _ => usize::MAX,
        };
        loop {
            let mut busy = false;
            for run in &mut self.kept {
                let before = run.history.len();
                busy |= run.advance(allowed);
                if run.history.len() != before {
                    dirty.loss = true;
                }
            }
            if !busy || clock() - start >= FRAME_BUDGET_MS {
                break;
            }
        }
        if self.kept.iter().any(|r| r.racing()) {
            return RaceEnd::Going;
        }
        let paced = race.paced;
        self.race = None;
        dirty.loss = true;
        if paced {
            self.note = "Race over: the same seeds gave the same curves as before.".into();
            RaceEnd::Raced
        } else {
            RaceEnd::Replayed
        }
    }
}

/// A finished (or re-training) run: its settings and curves.
pub struct KeptRun {
    pub config: Config,
    pub history: Vec<f32>,
    pub val: Vec<f32>,
    /// Its colour and dash on the loss chart: kept while it is kept, whatever is removed.
    pub style: usize,
    /// Training again from the start (a race, or a comparison link being replayed).
    pub racer: Option<Trainer>,
    /// Why it stopped early, if it diverged.
    pub stopped: Option<String>,
    /// Training again on a worker instead (a race of several runs, with workers).
    pub remote: Remote,
    /// The epochs' losses the worker sent; they join `history` (and `val`) at the race's pace.
    received: Vec<f32>,
    received_val: Vec<f32>,
}

/// A kept run training on a worker: waiting for one, training, or finished there (with the
/// error that stopped it, if it diverged) while its epochs are still being shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote {
    No,
    Waiting,
    On(JobId),
    Ended(Option<String>),
}

impl KeptRun {
    pub fn new(config: Config, history: Vec<f32>, val: Vec<f32>, style: usize) -> KeptRun {
        KeptRun {
            config,
            history,
            val,
            style,
            racer: None,
            stopped: None,
            remote: Remote::No,
            received: Vec::new(),
            received_val: Vec::new(),
        }
    }

    /// Starts it again from its first epoch: same seed, so the same curve, bit for bit.
    pub fn restart(&mut self) -> bool {
        match Trainer::deferred(&self.config) {
            Ok(mut t) => {
                t.reserve_epochs(self.config.epochs);
                self.clear();
                self.racer = Some(t);
                true
            }
            Err(_) => false,
        }
    }

    /// Starts it again from its first epoch on a worker (the worker trains the same settings
    /// from the same seed through the JS API: the same curve, bit for bit).
    pub fn restart_remote(&mut self) {
        self.clear();
        self.remote = Remote::Waiting;
    }

    fn clear(&mut self) {
        self.history.clear();
        self.val.clear();
        self.stopped = None;
        self.racer = None;
        self.remote = Remote::No;
        self.received.clear();
        self.received_val.clear();
    }

    pub fn racing(&self) -> bool {
        self.racer.is_some() || self.remote != Remote::No
    }

    /// Its job on a worker, if it has one.
    pub fn job(&self) -> Option<JobId> {
        match self.remote {
            Remote::On(job) => Some(job),
            _ => None,
        }
    }

    /// Shows the epochs a worker trained, as far as `goal` (the race's pace); ends the race
    /// for this run once the worker is done and every epoch is shown.
    fn reveal(&mut self, goal: usize) -> bool {
        let before = self.history.len();
        let n = goal.min(self.received.len());
        if n > before {
            self.history.extend_from_slice(&self.received[before..n]);
            let v = n.min(self.received_val.len());
            if v > self.val.len() {
                let from = self.val.len();
                self.val.extend_from_slice(&self.received_val[from..v]);
            }
        }
        if self.history.len() == self.received.len() {
            if let Remote::Ended(error) = &self.remote {
                self.stopped = error.clone();
                self.remote = Remote::No;
            }
        }
        self.history.len() != before
    }

    /// Trains one piece (about [`PIECE_MACS`] multiply-adds) if it may: `allowed` is how many
    /// epochs the race's pace allows by now. True if there is more to do.
    pub fn advance(&mut self, allowed: usize) -> bool {
        let goal = self.config.epochs.min(allowed);
        if self.remote != Remote::No {
            // Nothing to compute here: the worker trains; the epochs it sent are shown.
            self.reveal(goal);
            return false;
        }
        let Some(t) = &mut self.racer else {
            return false;
        };
        if t.epochs_done() >= goal {
            if t.epochs_done() >= self.config.epochs {
                self.racer = None;
            }
            return false;
        }
        match t.advance(PIECE_MACS) {
            Ok(Step::Epoch(loss)) => {
                self.history.push(loss);
                if let Some(&v) = t.val_history().last() {
                    self.val.push(v);
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.stopped = Some(e.to_string());
                self.racer = None;
                return false;
            }
        }
        true
    }

    /// Its name on the chart: what differs from `current`, e.g. "cell lstm · units 16".
    pub fn label(&self, current: &Config) -> String {
        let differences: Vec<String> = Field::ALL
            .iter()
            .filter(|&&f| self.config.get(f) != current.get(f))
            .map(|&f| {
                let s = f.setting();
                let value = self.config.get(f);
                match s.kind {
                    // A table is named by its series: "data lead, sales" beside "data sales".
                    Kind::Sequence if self.config.series.is_table() => {
                        let names: Vec<&str> = (0..self.config.series.features())
                            .map(|j| self.config.series.name(j))
                            .collect();
                        let names = crate::format::join(&names, ", ");
                        match names.char_indices().nth(28) {
                            Some((cut, _)) => format!("data {}…", &names[..cut]),
                            None => format!("data {names}"),
                        }
                    }
                    Kind::Sequence => "other data".to_string(),
                    Kind::Toggle => format!("{} {value}", s.key),
                    // As the menu shows it ("LSTM", "min-max"), without its explanation.
                    Kind::Choice(_) | Kind::Cell => {
                        let shown = s.kind.options().iter().find(|(v, _)| *v == value).map_or(
                            value.as_str(),
                            |(_, label)| {
                                // (A char split: a string pattern links the substring searcher.)
                                label.split('(').next().unwrap_or(label).trim_end()
                            },
                        );
                        format!("{} {shown}", s.label)
                    }
                    _ => format!("{} {value}", s.label),
                }
            })
            .collect();
        if differences.is_empty() {
            "these settings".to_string()
        } else {
            crate::format::join(&differences, " · ")
        }
    }

    /// The run in a comparison link: the settings that differ from `current`, as a query.
    pub fn query(&self, current: &Config) -> String {
        let texts: Vec<(&str, String)> = Field::ALL
            .iter()
            .filter(|&&f| self.config.get(f) != current.get(f))
            .map(|&f| (f.key(), self.config.get(f)))
            .collect();
        url::build(&texts)
    }
}

/// A run from a comparison link: `current` with the link's differences, checked with the form's
/// own messages.
pub fn from_query(query: &str, current: &Config) -> Result<Config, String> {
    let mut config = current.clone();
    for (key, value) in url::parse(query) {
        let field = Field::ALL
            .into_iter()
            .find(|f| f.key() == key)
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not a setting",
                    key.chars().take(24).collect::<String>()
                )
            })?;
        config.set(field, &value).map_err(|e| e.message)?;
    }
    config.validate().map_err(|e| e.message)?;
    Ok(config)
}

/// The first style no kept run uses.
pub fn free_style(kept: &[KeptRun]) -> usize {
    (0..MAX_KEPT)
        .find(|s| kept.iter().all(|r| r.style != *s))
        .unwrap_or(0)
}

impl super::State {
    /// The loss chart's text alternative.
    pub fn loss_label(&self) -> String {
        let history = self.run.trainer.history();
        let short = |v: f32| crate::format::short(v as f64);
        match history {
            [] => "Loss chart: no training yet.".to_string(),
            [first, .., last] | [first @ last] => format!(
                "Loss chart: {} epochs, latest loss {}, {} the first epoch's {}.",
                history.len(),
                short(*last),
                if last < first {
                    "down from"
                } else {
                    "not below"
                },
                short(*first)
            ),
        }
    }
}
