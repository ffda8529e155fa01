//! The Web Workers that train off the page's own thread, for the memory arena and for races:
//! how many to use (one per core, at most [`MAX_WORKERS`], or the address's `workers=`), which
//! have started, and what each is training. Plain Rust: the page starts the workers and posts
//! the jobs when `update` asks ([`Effect`](super::Effect)), and hands back what they say
//! ([`Msg::Worker`](super::Msg::Worker)).

use super::url;

/// The most workers the page starts, whatever the machine has.
pub const MAX_WORKERS: usize = 8;
/// The address's key for the number of workers: `workers=1` for one, `workers=0` for none (the
/// page trains on its own thread, a little each frame).
pub const WORKERS: &str = "workers";
/// How long the workers may take to start before the page gives up on them and trains on its
/// own thread (they load the page's module again: a few hundred milliseconds on a slow machine).
pub const START_TIMEOUT_MS: f64 = 20_000.0;

/// A job's number: unique for the page's life, so news of a job that was stopped is ignored.
pub type JobId = u64;

/// What a worker said.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerNews {
    /// It loaded the page's module and waits for jobs.
    Ready,
    /// It could not start, or stopped working: why, if it could say.
    Failed(String),
    /// Epochs the job finished since its last news: each one's loss and held-out loss.
    Epochs {
        job: JobId,
        loss: Vec<f32>,
        val: Vec<f32>,
    },
    /// The job trained all its epochs.
    Done { job: JobId },
    /// Training stopped early (it diverged), or the settings were refused: the message.
    Error { job: JobId, message: String },
}

/// One worker, as far as the page knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Starting,
    Idle,
    Busy(JobId),
    /// It failed: it gets no more jobs.
    Gone,
}

/// Where the workers are.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolState {
    /// None started yet: they start when there is work for them.
    Off,
    /// Started at this time (the frame clock, once a frame has seen it), not all ready yet.
    Starting { since: Option<f64> },
    /// At least one is ready.
    Ready,
    /// Workers can't be used here, and why: the page trains on its own thread.
    Unavailable(String),
}

#[derive(Debug, Clone)]
pub struct Pool {
    /// How many workers to use; 0: none (train on the page's own thread).
    pub size: usize,
    /// The address chose the number (`workers=`), rather than the machine's cores.
    pub asked: bool,
    /// What the address asked for, if it was not a number of workers.
    pub note: String,
    pub state: PoolState,
    pub slots: Vec<Slot>,
    next_job: JobId,
}

impl Pool {
    /// As many workers as `cores` (the browser's `navigator.hardwareConcurrency`; 0 where Web
    /// Workers are missing), at most [`MAX_WORKERS`], unless the address's `workers=` says
    /// otherwise: a value over the limit is capped, one that is not a whole number is explained
    /// (in the arena's status) and ignored.
    pub fn new(pairs: &[(String, String)], cores: usize) -> Pool {
        let auto = cores.min(MAX_WORKERS);
        let mut note = String::new();
        let asked = url::get(pairs, WORKERS).map(str::trim);
        // More than the most is the most; a browser without workers has none.
        let size = match asked.map(str::parse::<usize>) {
            None => auto,
            Some(Ok(_)) if cores == 0 => 0,
            Some(Ok(n)) => n.min(MAX_WORKERS),
            Some(Err(_)) => {
                let shown: String = asked
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(12)
                    .collect();
                note = format!(
                    "\"workers={shown}\" is not a number of workers (0 to {MAX_WORKERS}): using {auto}."
                );
                auto
            }
        };
        let state = if size == 0 {
            PoolState::Unavailable(String::new())
        } else {
            PoolState::Off
        };
        Pool {
            size,
            asked: asked.is_some() && note.is_empty(),
            note,
            state,
            slots: Vec::new(),
            next_job: 1,
        }
    }

    /// Workers may still be used (none has been refused yet).
    pub fn usable(&self) -> bool {
        !matches!(self.state, PoolState::Unavailable(_))
    }

    /// Workers ready to train.
    pub fn ready(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| matches!(s, Slot::Idle | Slot::Busy(_)))
            .count()
    }

    /// Asks for the workers to start if none has yet: the number to start, once.
    pub fn start(&mut self) -> Option<usize> {
        if self.state != PoolState::Off {
            return None;
        }
        self.state = PoolState::Starting { since: None };
        self.slots = vec![Slot::Starting; self.size];
        Some(self.size)
    }

    /// A worker that waits for a job, if any.
    pub fn idle(&self) -> Option<usize> {
        self.slots.iter().position(|s| *s == Slot::Idle)
    }

    /// Marks worker `w` busy with a new job; its number.
    pub fn take(&mut self, w: usize) -> JobId {
        let job = self.next_job;
        self.next_job += 1;
        if let Some(s) = self.slots.get_mut(w) {
            *s = Slot::Busy(job);
        }
        job
    }

    /// The worker busy with `job`, if any.
    pub fn worker_of(&self, job: JobId) -> Option<usize> {
        self.slots.iter().position(|s| *s == Slot::Busy(job))
    }

    /// `job` is over (done, failed or stopped): its worker is free for the next.
    pub fn release(&mut self, job: JobId) {
        if let Some(w) = self.worker_of(job) {
            self.slots[w] = Slot::Idle;
        }
    }

    /// Frame time: a start that takes too long gives up on the workers.
    pub fn tick(&mut self, now: f64) {
        if let PoolState::Starting { since } = &mut self.state {
            let started = *since.get_or_insert(now);
            if now - started > START_TIMEOUT_MS && self.ready() == 0 {
                self.give_up("they did not start in time".into());
            }
        }
    }

    /// Worker `w`'s news about itself (ready, or failed); the job it had, if it failed.
    pub fn news(&mut self, w: usize, news: &WorkerNews) -> Option<JobId> {
        let slot = self.slots.get_mut(w)?;
        match news {
            WorkerNews::Ready if *slot == Slot::Starting => {
                *slot = Slot::Idle;
                if matches!(self.state, PoolState::Starting { .. }) {
                    self.state = PoolState::Ready;
                }
                None
            }
            WorkerNews::Failed(why) => {
                let lost = match *slot {
                    Slot::Busy(job) => Some(job),
                    _ => None,
                };
                *slot = Slot::Gone;
                if self.slots.iter().all(|s| *s == Slot::Gone) {
                    self.give_up(why.clone());
                }
                lost
            }
            _ => None,
        }
    }

    /// Workers can't be used: the page trains on its own thread from now on.
    pub fn give_up(&mut self, why: String) {
        self.state = PoolState::Unavailable(why);
        for s in &mut self.slots {
            *s = Slot::Gone;
        }
    }

    /// Where the training happens, for a status line: "on 2 workers", "on this page".
    pub fn place(&self) -> String {
        match &self.state {
            PoolState::Unavailable(why) if self.size > 0 => {
                let mut text =
                    "on this page, a little each frame: the workers could not start".to_string();
                if !why.is_empty() {
                    text += &format!(" ({why})");
                }
                text
            }
            PoolState::Unavailable(_) => "on this page, a little each frame".into(),
            _ if self.size == 1 => "on 1 worker".into(),
            _ if self.asked => format!("on {} workers", self.size),
            _ => format!("on {} workers, one per core", self.size),
        }
    }
}

impl super::State {
    /// Hands waiting work to idle workers — the kept runs of a race first (someone is
    /// watching them), then the arena's runs — and starts the workers when work waits for
    /// them.
    pub(super) fn schedule(&mut self, effects: &mut Vec<super::Effect>) {
        if !self.pool.usable() {
            return;
        }
        let wanted = self.compare.waiting().is_some() || self.arena.waiting();
        if wanted {
            if let Some(n) = self.pool.start() {
                effects.push(super::Effect::StartWorkers(n));
            }
        }
        while let Some(worker) = self.pool.idle() {
            let config = if let Some(i) = self.compare.waiting() {
                let job = self.pool.take(worker);
                self.compare.hand_out(i, job).map(|c| (job, c))
            } else if self.arena.waiting() {
                let job = self.pool.take(worker);
                self.arena.hand_out(job).map(|c| (job, c))
            } else {
                None
            };
            let Some((job, config)) = config else {
                break;
            };
            effects.push(super::Effect::Train {
                worker,
                job,
                config,
            });
        }
    }

    /// Cancels `jobs` on their workers, which are free for the next job at once.
    pub(super) fn cancel(&mut self, jobs: Vec<JobId>, effects: &mut Vec<super::Effect>) {
        for job in jobs {
            if let Some(worker) = self.pool.worker_of(job) {
                self.pool.release(job);
                effects.push(super::Effect::Cancel { worker, job });
            }
        }
    }

    /// What worker `w` said, carried to the pool and to the job's owner (the arena or a kept
    /// run); news of a job nobody owns any more (stopped, started over) is ignored.
    pub(super) fn worker_news(&mut self, w: usize, news: WorkerNews, now: f64) {
        let was_usable = self.pool.usable();
        if let Some(lost) = self.pool.news(w, &news) {
            self.arena.requeue(lost);
            self.compare.requeue(lost);
        }
        match news {
            // (A stopped job is nobody's: its news changes nothing.)
            WorkerNews::Epochs { job, loss, val } => {
                if self.arena.owns(job) {
                    self.arena.epochs(job, &val);
                } else {
                    self.compare.epochs(job, &loss, &val);
                    self.dirty.loss = true;
                }
            }
            WorkerNews::Done { job } | WorkerNews::Error { job, .. } => {
                self.pool.release(job);
                let error = match news {
                    WorkerNews::Error { message, .. } => Some(message),
                    _ => None,
                };
                if self.arena.owns(job) {
                    self.arena.job_ended(job, error.is_none(), now);
                } else {
                    self.compare.job_ended(job, error);
                    self.dirty.loss = true;
                }
            }
            WorkerNews::Ready | WorkerNews::Failed(_) => {}
        }
        if was_usable && !self.pool.usable() {
            self.workers_gone();
        }
    }

    /// No worker can train: what waited for them trains on the page's own thread.
    pub(super) fn workers_gone(&mut self) {
        self.arena.fall_back();
        self.compare.fall_back();
        self.dirty.loss = true;
    }
}
