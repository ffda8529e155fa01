//! The memory arena: how far back can each cell remember? The Echo task (a blip, then a spike
//! exactly `delay` steps later) at several delays, SimpleRNN, LSTM and GRU at about the same
//! number of parameters, a few seeds each — trained on the workers ([`super::pool`]), or on the
//! page's own thread a frame's budget at a time where there are none, and scored on held-out
//! windows against predicting the mean.

use super::compare::from_query;
use super::pool::{JobId, Pool};
use super::run::FRAME_BUDGET_MS;
use super::url;
use super::verdict::LossTable;
use crate::config::Config;
use crate::data::presets::echo_task;
use crate::format::{fixed, short};
use crate::nn::cell::Cell;
use crate::nn::pass::PIECE_MACS;
use crate::nn::trainer::{Step, Trainer};

/// The lesson (an example in the menu) that opens the arena.
pub const LESSON: &str = "arena";

/// The address's key for the sweep: `arena=quick` for the small one the end-to-end tests run.
pub const ARENA: &str = "arena";

/// The cells, each with the units that give it about the same number of parameters:
/// SimpleRNN(40) 1,721, LSTM(20) 1,781, GRU(23) 1,818 with the Dense head, as the panel says
/// under the table (`tests/arena.rs` holds the page's text and these to the model's counts).
pub const CELLS: [(Cell, usize); 3] = [(Cell::SimpleRnn, 40), (Cell::Lstm, 20), (Cell::Gru, 23)];

/// One sweep: the delays, the seeds, and the training every run shares.
#[derive(Debug, PartialEq)]
pub struct Plan {
    pub delays: &'static [usize],
    /// The table's column headers, one per delay.
    pub heads: &'static [&'static str],
    pub seeds: &'static [u64],
    pub epochs: usize,
    /// Windows in each delay's sequence (it has `length + delay` values, its windows are
    /// `delay` values long).
    pub length: usize,
    pub learning_rate: &'static str,
    /// Percent of the windows held out, at the end, to score the runs on.
    pub holdout: usize,
}

/// The page's sweep.
pub const FULL: Plan = Plan {
    delays: &[2, 5, 10, 20, 40],
    heads: &["delay 2", "delay 5", "delay 10", "delay 20", "delay 40"],
    seeds: &[1, 2, 3],
    epochs: 100,
    length: 800,
    learning_rate: "0.02",
    holdout: 25,
};

/// A small sweep for the end-to-end tests (`?arena=quick`): the same runs, shorter.
pub const QUICK: Plan = Plan {
    delays: &[2, 5],
    heads: &["delay 2", "delay 5"],
    seeds: &[1, 2],
    epochs: 5,
    length: 120,
    learning_rate: "0.02",
    holdout: 25,
};

/// The settings every run shares: one value predicted, tanh, minibatches of 32, standardized.
const SHARED: &str = "nSteps=1&activation=tanh&batchSize=32&scale=standardize";

/// What the table's numbers are, in its corner.
pub const TABLE_CORNER: &str =
    "Held-out error as a fraction of predicting the mean (1 = learned nothing)";

/// The echo sequences' own seed (the runs' seeds only change the starting weights and the
/// shuffling): each delay has its own sequence, the same for every cell and seed.
const DATA_SEED: u64 = 1000;

impl Plan {
    /// Runs in the sweep: every cell at every delay with every seed.
    pub fn runs(&self) -> usize {
        CELLS.len() * self.delays.len() * self.seeds.len()
    }

    /// Run `r`'s cell, delay and seed, as places in [`CELLS`], `delays`, `seeds`.
    pub fn place(&self, r: usize) -> (usize, usize, usize) {
        let (d, s) = (self.delays.len(), self.seeds.len());
        (r / (d * s), r / s % d, r % s)
    }

    /// Run `r`'s settings, as if typed: the Echo task at its delay, a window exactly as long
    /// (the blip that decides the next value is the window's first), one value predicted,
    /// tanh, standardized, the last `holdout`% of the windows held out.
    pub fn config(&self, r: usize) -> Config {
        let (c, d, s) = self.place(r);
        let (cell, units) = CELLS[c];
        let delay = self.delays[d];
        let echo = Config {
            series: crate::data::Series::plain(echo_task(
                delay,
                self.length + delay,
                DATA_SEED + delay as u64,
            )),
            ..Config::default()
        };
        // As a comparison link's run is read: the settings' own keys, checked as typed.
        let query = format!(
            "{SHARED}&seqLen={delay}&cell={}&units={units}&learningRate={}&epochs={}&holdout={}&seed={}",
            cell.name(),
            self.learning_rate,
            self.epochs,
            self.holdout,
            self.seeds[s]
        );
        match from_query(&query, &echo) {
            Ok(config) => config,
            Err(_) => unreachable!("the arena's settings are valid (tests/arena.rs)"),
        }
    }

    /// The runs as a queue handed out from its end: the longest windows first, so the last few
    /// runs to finish are short ones and no worker waits long for the others.
    fn order(&self) -> Vec<usize> {
        // (Nested loops, not a sort: the page links no sorting code.)
        let mut runs = Vec::with_capacity(self.runs());
        for d in 0..self.delays.len() {
            for s in 0..self.seeds.len() {
                for c in 0..CELLS.len() {
                    runs.push((c * self.delays.len() + d) * self.seeds.len() + s);
                }
            }
        }
        runs
    }
}

/// The held-out error of a trained run as a fraction of predicting the training values' mean
/// (1: it learned nothing). NaN if it diverged or has no held-out windows.
pub fn ratio(trainer: &Trainer) -> f32 {
    let val = trainer.val_history().last().copied().unwrap_or(f32::NAN);
    held_out_ratio(trainer, val)
}

/// `val`, a held-out loss of `trainer`'s model, over predicting the mean on the same windows.
fn held_out_ratio(trainer: &Trainer, val: f32) -> f32 {
    match trainer.baselines().1 {
        Some(b) if b.mean > 0.0 => val / b.mean,
        _ => f32::NAN,
    }
}

/// Where a sweep is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Running,
    Stopped,
    Done,
}

impl Phase {
    /// `#arena`'s `data-state`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Stopped => "stopped",
            Phase::Done => "done",
        }
    }
}

/// One number of the table: a cell at a delay, over its seeds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The median of the seeds' ratios (the middle one of three).
    pub median: f32,
    pub low: f32,
    pub high: f32,
    /// Seeds finished.
    pub seeds: usize,
}

pub struct Arena {
    pub plan: &'static Plan,
    pub phase: Phase,
    /// Each run's held-out error over the mean's, once finished (NaN: it diverged).
    pub ratios: Vec<Option<f32>>,
    /// Runs not started yet, the next last.
    queue: Vec<usize>,
    /// Runs on the workers: job, run, its latest held-out loss.
    remote: Vec<(JobId, usize, f32)>,
    /// The run training on the page's own thread, where there are no workers.
    local: Option<(usize, Trainer)>,
    /// When the sweep started and how long it took (the update's clock, ms).
    started: f64,
    pub elapsed_ms: f64,
    /// The panel is open (its chart is drawn only then).
    pub open: bool,
    /// Counts the times the panel was asked to come into view (its lesson was chosen).
    pub reveal: u64,
    /// Counts changes, so the view redraws only when something changed.
    pub version: u64,
}

impl Arena {
    /// The sweep the address asks for (`arena=quick`), else the page's; `open` with its lesson.
    pub fn new(pairs: &[(String, String)], open: bool) -> Arena {
        let plan = match url::get(pairs, ARENA) {
            Some("quick") => &QUICK,
            _ => &FULL,
        };
        Arena {
            plan,
            phase: Phase::Idle,
            ratios: vec![None; plan.runs()],
            queue: Vec::new(),
            remote: Vec::new(),
            local: None,
            started: 0.0,
            elapsed_ms: 0.0,
            open,
            reveal: 0,
            version: 0,
        }
    }

    /// Opens the panel and brings it into view (its lesson was chosen).
    pub fn show(&mut self) {
        self.open = true;
        self.reveal += 1;
        self.version += 1;
    }

    /// Starts the sweep from the beginning (again, if it ran before).
    pub fn start(&mut self, now: f64) {
        self.ratios = vec![None; self.plan.runs()];
        self.queue = self.plan.order();
        self.remote.clear();
        self.local = None;
        self.phase = Phase::Running;
        self.started = now;
        self.elapsed_ms = 0.0;
        self.version += 1;
    }

    /// Stops the sweep: the jobs on the workers, to be cancelled (their results would be
    /// ignored anyway). What finished stays in the table.
    pub fn stop(&mut self) -> Vec<JobId> {
        if self.phase != Phase::Running {
            return Vec::new();
        }
        self.phase = Phase::Stopped;
        self.queue.clear();
        self.local = None;
        self.version += 1;
        self.remote.drain(..).map(|(job, _, _)| job).collect()
    }

    /// The sweep trains on the page's own thread (there are no workers).
    pub fn on_this_page(&self, pool: &Pool) -> bool {
        self.phase == Phase::Running && !pool.usable()
    }

    pub fn finished(&self) -> usize {
        self.ratios.iter().filter(|r| r.is_some()).count()
    }

    /// Runs waiting for a worker.
    pub fn waiting(&self) -> bool {
        self.phase == Phase::Running && !self.queue.is_empty()
    }

    /// The next run for a worker, with its settings; `job` is the worker's job number.
    pub fn hand_out(&mut self, job: JobId) -> Option<Config> {
        if self.phase != Phase::Running || self.local.is_some() {
            return None;
        }
        let run = self.queue.pop()?;
        self.remote.push((job, run, f32::NAN));
        Some(self.plan.config(run))
    }

    /// Whether `job` is one of the arena's.
    pub fn owns(&self, job: JobId) -> bool {
        self.remote.iter().any(|(j, _, _)| *j == job)
    }

    /// A worker's epochs for `job`: the latest held-out loss is what counts.
    pub fn epochs(&mut self, job: JobId, val: &[f32]) {
        if let (Some(entry), Some(&v)) = (self.remote.iter_mut().find(|e| e.0 == job), val.last()) {
            entry.2 = v;
        }
    }

    /// `job` ended (`ok`: all its epochs; else it diverged): its score goes into the table.
    pub fn job_ended(&mut self, job: JobId, ok: bool, now: f64) {
        let Some(i) = self.remote.iter().position(|e| e.0 == job) else {
            return;
        };
        let (_, run, val) = self.remote.remove(i);
        let ratio = if ok {
            // The baseline, from the same windows: computed here, the weights are not needed.
            match Trainer::deferred(&self.plan.config(run)) {
                Ok(t) => held_out_ratio(&t, val),
                Err(_) => f32::NAN,
            }
        } else {
            f32::NAN
        };
        self.record(run, ratio, now);
    }

    /// A job that was lost with its worker goes back in the queue.
    pub fn requeue(&mut self, job: JobId) {
        if let Some(i) = self.remote.iter().position(|e| e.0 == job) {
            let (_, run, _) = self.remote.remove(i);
            self.queue.push(run);
        }
    }

    /// The workers are gone: every run not finished goes back in the queue, for the page.
    pub fn fall_back(&mut self) {
        let lost: Vec<usize> = self.remote.drain(..).map(|e| e.1).collect();
        self.queue.extend(lost);
        self.version += 1;
    }

    fn record(&mut self, run: usize, ratio: f32, now: f64) {
        self.ratios[run] = Some(ratio);
        self.version += 1;
        self.elapsed_ms = now - self.started;
        if self.finished() == self.ratios.len() {
            self.phase = Phase::Done;
        }
    }

    /// Trains on the page's own thread (no workers) for what is left of the frame's budget:
    /// a piece at a time, as the run bar trains.
    pub fn train_for_a_frame(&mut self, start: f64, clock: &dyn Fn() -> f64) -> bool {
        if self.phase != Phase::Running {
            return false;
        }
        while clock() - start < FRAME_BUDGET_MS {
            if self.local.is_none() {
                let Some(run) = self.queue.pop() else {
                    return false;
                };
                match Trainer::deferred(&self.plan.config(run)) {
                    Ok(t) => self.local = Some((run, t)),
                    Err(_) => {
                        self.record(run, f32::NAN, clock());
                        continue;
                    }
                }
            }
            let Some((run, trainer)) = self.local.as_mut() else {
                return false;
            };
            let run = *run;
            let done = match trainer.advance(PIECE_MACS) {
                Ok(Step::Epoch(_)) => {
                    (trainer.epochs_done() >= self.plan.epochs).then(|| ratio(trainer))
                }
                Ok(_) => None,
                Err(_) => Some(f32::NAN),
            };
            if let Some(r) = done {
                self.local = None;
                self.record(run, r, clock());
            }
        }
        true
    }

    /// Each cell's score at each delay, over the seeds finished so far (NaN seeds — a run that
    /// diverged — count as the worst).
    pub fn scores(&self) -> Vec<Vec<Option<Score>>> {
        let p = self.plan;
        let n = p.seeds.len();
        let mut rows = Vec::new();
        for c in 0..CELLS.len() {
            let mut row = Vec::new();
            for d in 0..p.delays.len() {
                let start = (c * p.delays.len() + d) * n;
                let mut seen: Vec<f32> = Vec::new();
                for r in self.ratios[start..start + n].iter().flatten() {
                    // In order, by insertion: a few seeds, and no sorting code linked.
                    let r = if r.is_nan() { f32::INFINITY } else { *r };
                    let at = seen.iter().position(|&v| v > r).unwrap_or(seen.len());
                    seen.insert(at, r);
                }
                let k = seen.len();
                row.push((k > 0).then(|| Score {
                    median: (seen[(k - 1) / 2] + seen[k / 2]) / 2.0,
                    low: seen[0],
                    high: seen[k - 1],
                    seeds: k,
                }));
            }
            rows.push(row);
        }
        rows
    }

    /// The table: a row per cell (its name first), a column per delay, each number the middle
    /// seed's error ("…" before a seed is in, "0.96…" until all are); the corner says what the
    /// numbers are.
    pub fn table(&self) -> LossTable {
        let mut heads = vec![TABLE_CORNER];
        heads.extend(self.plan.heads);
        let mut rows = Vec::new();
        for (c, row) in self.scores().into_iter().enumerate() {
            let mut cells = Vec::new();
            for score in row {
                // A number still waiting for seeds says so: it may yet move.
                cells.push(match score {
                    None => "…".to_string(),
                    Some(s) if s.seeds < self.plan.seeds.len() => format!("{}…", number(s.median)),
                    Some(s) => number(s.median),
                });
            }
            rows.push((CELLS[c].0.keras_class(), cells));
        }
        LossTable { heads, rows }
    }

    /// The status line: "12 of 45 runs · on 2 workers".
    pub fn status(&self, pool: &Pool) -> String {
        let (done, all) = (self.finished(), self.ratios.len());
        let seconds = short((self.elapsed_ms / 100.0).round() / 10.0);
        match self.phase {
            Phase::Idle => format!(
                "{all} runs to do: {} cells × {} delays × {}. Press Run the sweep.",
                CELLS.len(),
                self.plan.delays.len(),
                seeds_text(self.plan.seeds.len())
            ),
            Phase::Running => format!("{done} of {all} runs · training {}…", pool.place()),
            Phase::Stopped => format!("Stopped at {done} of {all} runs."),
            Phase::Done => format!("{done} of {all} runs, in {seconds} s {}.", pool.place()),
        }
    }

    /// The sentence under the chart: what the page's own numbers say at the longest delay.
    pub fn sentence(&self) -> String {
        let scores = self.scores();
        let last = self.plan.delays.len() - 1;
        let delay = self.plan.delays[last];
        let at: Vec<Option<Score>> = scores.iter().map(|row| row[last]).collect();
        let complete = at
            .iter()
            .all(|s| s.is_some_and(|s| s.seeds == self.plan.seeds.len()));
        if !complete {
            return format!(
                "When the runs at the longest delay ({delay} steps) are in, this sentence says \
                 what they show."
            );
        }
        let m: Vec<f32> = at
            .iter()
            .map(|s| s.map_or(f32::NAN, |s| s.median))
            .collect();
        let name = |c: usize| CELLS[c].0.keras_class();
        let mut text = format!("At the longest delay, {delay} steps, the error was");
        for c in 0..CELLS.len() {
            let sep = [" ", ", ", " and "][c];
            text += &format!("{sep}{} for {}", number(m[c]), name(c));
        }
        let n = self.plan.seeds.len();
        let of = match n {
            1 => "one seed".to_string(),
            2 => "the average of 2 seeds".to_string(),
            _ if n % 2 == 1 => format!("the middle of {}", seeds_text(n)),
            _ => format!("the average of the middle two of {}", seeds_text(n)),
        };
        text += &format!(" ({of}; 1 is no better than predicting the mean). ");
        let beat = |c: usize| m[c] < m[0];
        text += match (beat(1), beat(2)) {
            (true, true) => {
                "LSTM and GRU beat SimpleRNN: their gates kept the blip in memory until its \
                 spike was due."
            }
            (true, false) => "Only LSTM beat SimpleRNN this time.",
            (false, true) => "Only GRU beat SimpleRNN this time.",
            (false, false) => "Neither LSTM nor GRU beat SimpleRNN this time.",
        };
        // A winner whose seeds disagree: the chart's bars show it, the sentence says it.
        for c in [1, 2] {
            let worst = at[c].map_or(f32::NAN, |s| s.high);
            if beat(c) && (worst.is_nan() || worst >= 0.5) {
                let meaning = if worst.is_nan() || worst >= 1.0 {
                    "no better than predicting the mean"
                } else {
                    "it learned much less than the others"
                };
                text += &format!(
                    " Not on every seed: {}'s worst seed ended at {}, {meaning}.",
                    name(c),
                    number(worst)
                );
            }
        }
        text
    }
}

/// An error as the table and the sentence write it: two decimals ("0.07", "1.00").
pub fn number(v: f32) -> String {
    if !v.is_finite() {
        return "∞ (it diverged)".into();
    }
    let text = fixed(v as f64, 2);
    match text.find('.') {
        None => format!("{text}.00"),
        Some(i) if text.len() - i == 2 => format!("{text}0"),
        Some(_) => text,
    }
}

/// "3 seeds", "1 seed".
fn seeds_text(n: usize) -> String {
    if n == 1 {
        "1 seed".into()
    } else {
        format!("{n} seeds")
    }
}
