//! Training as Keras's `model.fit` does it: epochs of shuffled minibatches, Adam, and `history['loss']`.

use crate::config::{Config, ConfigError, Field};
use crate::data::baseline::{self, baselines, Baselines};
use crate::data::scale::Scaler;
use crate::data::{holdout_split, split_series, Windows};
use crate::nn::adam::{self, AdamConfig, AdamState};
use crate::nn::grad_flow::{GradNorms, Recorder};
use crate::nn::init::{Orthogonal, Rng};
use crate::nn::model::Model;
use crate::nn::pass::Pass;
use std::fmt;

/// Why a table forecasting only some of its series cannot roll forward.
pub const ROLL_NEEDS_ALL: &str = "Rolling forward feeds each forecast back in as the next row, \
    so it needs every series forecast: set \"forecast\" to all of them.";

/// Training stopped because a loss or gradient became NaN or infinite.
/// The weights are those of the last finite step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diverged {
    /// The epoch (counting from 1) in which it happened.
    pub epoch: usize,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Training diverged in epoch {}: the loss became too large to compute. \
             Try a smaller learning rate, or turn on scaling.",
            self.epoch
        )
    }
}

impl std::error::Error for Diverged {}

/// What one call to [`Trainer::advance`] got through.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// Stopped inside a minibatch; call again to go on.
    Partial,
    /// A minibatch's update is done; the epoch is not.
    Batch,
    /// The epoch's last minibatch is done; this is its loss, as `history['loss']` reports it.
    Epoch(f32),
}

#[derive(Debug, Clone)]
pub struct Trainer {
    model: Model,
    /// The recurrent kernels, slot by slot, while they are still being computed
    /// ([`Trainer::deferred`]): the first left is the one being worked on.
    recurrent_init: Vec<Orthogonal>,
    windows: Windows,     // in the model's (scaled) units
    scalers: Vec<Scaler>, // (F) one per series, fitted on the training rows
    targets: Vec<usize>,  // (K) the series forecast, in the outputs' order
    adam_config: AdamConfig,
    shuffle: bool,
    adam: AdamState,
    batches: Batches,
    rng: Rng,
    train: Sweep,
    history: Vec<f32>, // one loss per finished epoch
    fit: Vec<f32>, // (N, S·K) each window's latest prediction, seen in its forward pass; NaN until then
    val: Option<Validation>,
    /// The no-training rules' losses on the training windows and the held-out ones: computed once.
    baselines: (Baselines, Option<Baselines>),
}

/// One epoch's walk through a set of windows in minibatches, and its loss so far.
#[derive(Debug, Clone)]
struct Sweep {
    order: Vec<usize>, // (N) this epoch's window order
    cursor: usize,     // windows of this epoch already used
    loss_sum: f64,     // Σ batch_loss · batch_rows over this epoch
}

impl Sweep {
    fn new(n: usize) -> Sweep {
        Sweep {
            order: (0..n).collect(),
            cursor: 0,
            loss_sum: 0.0,
        }
    }

    /// Starts the epoch over (after divergence, or new weights).
    fn restart(&mut self) {
        self.cursor = 0;
        self.loss_sum = 0.0;
    }
}

/// The held-out windows and their scoring, as Keras's `validation_data`: after each epoch's last
/// update, the loss on windows the model never trains on.
#[derive(Debug, Clone)]
struct Validation {
    windows: Windows, // the last windows of the sequence, in the model's units
    first: usize,     // index of the first held-out window among all N
    sweep: Sweep,     // scored in order
    scoring: bool,    // between an epoch's last update and its val_loss
    pending: f32,     // the epoch's training loss, reported once validation is done
    history: Vec<f32>,
}

/// Minibatches through one [`Pass`]: the loop training and validation share.
#[derive(Debug, Clone)]
struct Batches {
    pass: Pass,
    grads: Vec<f32>, // same layout as the parameters
    size: usize,     // windows per minibatch
    in_batch: bool,  // a minibatch is loaded and not finished
    flow: Recorder,  // the training batches' gradient flow (the states' sums are the pass's)
}

/// How a call to [`Batches::run`] ended.
enum Batch {
    /// Paused inside the minibatch.
    Partial,
    /// The minibatch is done; the sweep goes on.
    Next,
    /// The minibatch is done, and it was the sweep's last: the mean loss, weighted by batch size
    /// as Keras's loss tracker weights it.
    Last(f32),
    /// The loss or a gradient is not finite: the sweep starts over, the weights are untouched.
    Diverged,
}

impl Batches {
    /// Runs `sweep`'s current minibatch of `windows` (starting it if need be) for up to `budget`
    /// multiply-adds: forward, and with `update` backward and an Adam step. The predictions go
    /// into `fit`, (N, S·K), in each window's row.
    fn run(
        &mut self,
        model: &mut Model,
        windows: &Windows,
        sweep: &mut Sweep,
        fit: &mut [f32],
        update: Option<(&AdamConfig, &mut AdamState)>,
        budget: usize,
    ) -> Batch {
        let n = sweep.order.len();
        if !self.in_batch {
            let idx = &sweep.order[sweep.cursor..(sweep.cursor + self.size).min(n)];
            if update.is_some() {
                if sweep.cursor == 0 {
                    self.flow.start_epoch(self.pass.flow_mut());
                }
                self.pass.load(windows, idx);
                self.grads.fill(0.0);
            } else {
                self.pass.load_forward_only(windows, idx);
            }
            self.in_batch = true;
        }
        let mut budget = budget.max(1);
        if !self.pass.run(model, &mut self.grads, &mut budget) {
            return Batch::Partial;
        }
        self.in_batch = false;
        let loss = self.pass.loss();
        let (s, rows) = (model.dims.outputs(), self.pass.rows());
        // With an update, the gradients are checked (and their norms recorded) too.
        if !loss.is_finite() || (update.is_some() && !self.flow.add_batch(&self.grads, rows)) {
            sweep.restart();
            return Batch::Diverged;
        }
        // The forward pass already predicted these windows: keep that for the chart, at no cost.
        let batch = &sweep.order[sweep.cursor..sweep.cursor + rows];
        for (&i, out) in batch.iter().zip(self.pass.outputs().chunks_exact(s)) {
            fit[i * s..(i + 1) * s].copy_from_slice(out);
        }
        if let Some((config, state)) = update {
            adam::update(config, state, &mut model.params, &self.grads);
        }
        sweep.loss_sum += loss as f64 * rows as f64;
        sweep.cursor += rows;
        if sweep.cursor < n {
            return Batch::Next;
        }
        let mean = (sweep.loss_sum / n as f64) as f32;
        sweep.restart();
        Batch::Last(mean)
    }

    /// The training epoch `epoch` is done: its gradient flow becomes the last record.
    fn finish_epoch(&mut self, epoch: usize) {
        self.flow.finish_epoch(epoch, self.pass.flow());
    }
}

impl Trainer {
    /// A fresh model for `config`, initialized from its seed.
    pub fn new(config: &Config) -> Result<Trainer, ConfigError> {
        let mut trainer = Trainer::deferred(config)?;
        trainer.prepare(usize::MAX);
        Ok(trainer)
    }

    /// [`Trainer::new`], except that the recurrent kernel is computed later, by [`Trainer::prepare`]
    /// in pieces (the page spreads a big one over frames) or by the first call to `advance`.
    /// Until [`Trainer::ready`], the model's weights are incomplete: don't predict with it.
    pub fn deferred(config: &Config) -> Result<Trainer, ConfigError> {
        let dims = config.validate()?;
        let (model, recurrent) = Model::deferred(dims, config.activation, config.seed);
        let mut trainer = Trainer::with_model(config, model)?;
        trainer.recurrent_init = recurrent;
        Ok(trainer)
    }

    /// Works on the deferred recurrent kernels, one slot after another, for about `budget`
    /// multiply-adds; true once the model's weights are complete.
    pub fn prepare(&mut self, budget: usize) -> bool {
        while let Some(work) = self.recurrent_init.first_mut() {
            if !work.advance(budget) {
                return false;
            }
            let k = self.model.dims.slots() - self.recurrent_init.len();
            let work = self.recurrent_init.remove(0);
            self.model.set_recurrent_kernel(k, &work);
        }
        true
    }

    pub fn ready(&self) -> bool {
        self.recurrent_init.is_empty()
    }

    /// Trains `model` (e.g. weights from Keras) on `config`'s data and settings.
    pub fn with_model(config: &Config, model: Model) -> Result<Trainer, ConfigError> {
        let dims = config.validate()?;
        if model.dims != dims {
            return Err(ConfigError {
                field: Field::Units,
                message: "These weights are for a model of a different size.".into(),
            });
        }
        let (t, s) = (config.seq_len, config.n_steps);
        let (f, rows) = (config.series.features(), config.series.rows());
        let targets = config.target_columns()?;
        let all = crate::data::window_count(rows, t, s);
        let (train, first_val) = holdout_split(all, s, config.holdout).ok_or_else(|| {
            // (Not `unwrap_err`, whose message would link `Dims`'s Debug into the page.)
            match config.validate() {
                Err(e) => e,
                Ok(_) => unreachable!("validate refuses what holdout_split refuses"),
            }
        })?;
        // Scaling is fitted per series on the rows training sees, never on the held-out stretch.
        let train_rows = train + t + s - 1;
        let scalers: Vec<Scaler> = (0..f)
            .map(|j| Scaler::fit(config.scaling, &config.series.column(j)[..train_rows]))
            .collect();
        let scaled: Vec<f32> = config
            .series
            .values
            .iter()
            .enumerate()
            .map(|(i, &v)| scalers[i % f].apply(v))
            .collect();
        let windows = split_series(&scaled[..train_rows * f], f, &targets, t, s)?;
        let val = (first_val < all).then(|| {
            // (Not `expect`, whose message would link `WindowError`'s Debug into the page.)
            let windows = split_series(&scaled[first_val * f..], f, &targets, t, s)
                .unwrap_or_else(|_| unreachable!("checked above"));
            Validation {
                sweep: Sweep::new(windows.len()),
                windows,
                first: first_val,
                scoring: false,
                pending: f32::NAN,
                history: Vec::with_capacity(config.epochs.min(1 << 16)),
            }
        });
        let training_means: Vec<f32> = targets
            .iter()
            .map(|&c| {
                let column: Vec<f32> = scaled[..train_rows * f]
                    .iter()
                    .skip(c)
                    .step_by(f)
                    .copied()
                    .collect();
                baseline::mean(&column)
            })
            .collect();
        let baselines = (
            baselines(&windows, &training_means),
            val.as_ref().map(|v| baselines(&v.windows, &training_means)),
        );
        let n = windows.len();
        let batch_size = config
            .batch_size
            .min(n.max(val.as_ref().map_or(0, |v| v.windows.len())));
        let n_params = model.params.len();
        Ok(Trainer {
            adam_config: AdamConfig {
                learning_rate: config.learning_rate,
                ..AdamConfig::default()
            },
            shuffle: config.shuffle,
            adam: AdamState::new(n_params),
            batches: Batches {
                pass: Pass::new(dims, batch_size),
                grads: vec![0.0; n_params],
                size: batch_size,
                in_batch: false,
                flow: Recorder::new(&dims),
            },
            // The weights used the seed's first stream; shuffling gets its own.
            rng: Rng::new(config.seed ^ 0x5368_7566_666c_6521),
            train: Sweep::new(n),
            history: Vec::with_capacity(config.epochs.min(1 << 16)),
            fit: vec![f32::NAN; all * dims.outputs()],
            val,
            baselines,
            model,
            recurrent_init: Vec::new(),
            windows,
            scalers,
            targets,
        })
    }

    /// Does at most about `budget` multiply-adds of work (at least one piece), stopping early at the
    /// end of a minibatch. Allocates nothing, except when the loss history outgrows its capacity.
    pub fn advance(&mut self, budget: usize) -> Result<Step, Diverged> {
        if !self.prepare(budget) {
            return Ok(Step::Partial);
        }
        let epoch = self.history.len() + 1;
        let s = self.model.dims.outputs();
        match self.val.as_mut().filter(|v| v.scoring) {
            // After the epoch's last update: the held-out windows, in order, forward only.
            Some(val) => {
                let fit = &mut self.fit[val.first * s..];
                let batch = self.batches.run(
                    &mut self.model,
                    &val.windows,
                    &mut val.sweep,
                    fit,
                    None,
                    budget,
                );
                match batch {
                    Batch::Partial | Batch::Next => Ok(Step::Partial),
                    Batch::Diverged => {
                        val.scoring = false;
                        Err(Diverged { epoch })
                    }
                    Batch::Last(val_loss) => {
                        val.scoring = false;
                        val.history.push(val_loss);
                        self.history.push(val.pending);
                        self.batches.finish_epoch(epoch);
                        Ok(Step::Epoch(val.pending))
                    }
                }
            }
            None => {
                if !self.batches.in_batch && self.train.cursor == 0 && self.shuffle {
                    self.rng.shuffle(&mut self.train.order);
                }
                let batch = self.batches.run(
                    &mut self.model,
                    &self.windows,
                    &mut self.train,
                    &mut self.fit,
                    Some((&self.adam_config, &mut self.adam)),
                    budget,
                );
                match batch {
                    Batch::Partial => Ok(Step::Partial),
                    Batch::Next => Ok(Step::Batch),
                    // The unfinished epoch is dropped; the weights are the last finite step's.
                    Batch::Diverged => Err(Diverged { epoch }),
                    Batch::Last(loss) => match &mut self.val {
                        Some(val) => {
                            val.scoring = true;
                            val.pending = loss;
                            Ok(Step::Batch)
                        }
                        None => {
                            self.history.push(loss);
                            self.batches.finish_epoch(epoch);
                            Ok(Step::Epoch(loss))
                        }
                    },
                }
            }
        }
    }

    /// Keras's `history['val_loss']`: the held-out windows' loss after each epoch (empty when
    /// nothing is held out).
    pub fn val_history(&self) -> &[f32] {
        self.val.as_ref().map_or(&[], |v| &v.history)
    }

    /// The held-out windows, in the model's units, and the index of the first among all windows.
    pub fn val_windows(&self) -> Option<(&Windows, usize)> {
        self.val.as_ref().map(|v| (&v.windows, v.first))
    }

    /// The no-training baselines on the training windows, and on the held-out ones if any,
    /// in the loss's units.
    pub fn baselines(&self) -> (Baselines, Option<Baselines>) {
        self.baselines
    }

    /// Rolls the model forward on its own predictions: forecast n_steps, append them, slide the
    /// window, repeat until `horizon` rows. Errors compound, which is the point of showing it.
    /// It needs every series forecast (`target` all), since each new row must be whole.
    pub fn roll(&self, window: &[f32], horizon: usize) -> Result<Vec<f32>, String> {
        let (t, f) = (self.model.dims.seq_len, self.model.dims.features);
        if !self.rolls() {
            return Err(ROLL_NEEDS_ALL.into());
        }
        let mut values = window.to_vec();
        self.forecast(window)?; // checks the window's length
        while values.len() < (t + horizon) * f {
            let next = self.forecast(&values[values.len() - t * f..])?;
            values.extend(next);
        }
        values.truncate((t + horizon) * f);
        Ok(values.split_off(t * f))
    }

    /// Whether [`Trainer::roll`] can: every series is forecast, in column order.
    pub fn rolls(&self) -> bool {
        self.targets.iter().copied().eq(0..self.model.dims.features)
    }

    /// One whole minibatch step.
    pub fn step(&mut self) -> Result<Step, Diverged> {
        loop {
            match self.advance(usize::MAX)? {
                Step::Partial => continue,
                done => return Ok(done),
            }
        }
    }

    /// Trains `epochs` whole epochs (finishing the one in progress first), returning the last loss.
    pub fn train_epochs(&mut self, epochs: usize) -> Result<Option<f32>, Diverged> {
        let mut last = None;
        for _ in 0..epochs {
            loop {
                if let Step::Epoch(loss) = self.step()? {
                    last = Some(loss);
                    break;
                }
            }
        }
        Ok(last)
    }

    /// Changes the learning rate from the next step on, keeping Adam's moments.
    pub fn set_learning_rate(&mut self, lr: f32) {
        self.adam_config.learning_rate = lr;
    }

    /// Makes room for `epochs` more losses, so the training loop never allocates.
    pub fn reserve_epochs(&mut self, epochs: usize) {
        self.history.reserve(epochs);
        if let Some(val) = &mut self.val {
            val.history.reserve(epochs);
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Replaces the weights (same sizes), restarting Adam and the loss history, as Keras's
    /// `set_weights` followed by a new `fit` would. Weights of another size are refused.
    pub fn set_params(&mut self, params: Vec<f32>) -> Result<(), String> {
        if params.len() != self.model.params.len() {
            return Err(format!(
                "These weights have {} numbers; this model needs {}.",
                params.len(),
                self.model.params.len()
            ));
        }
        self.model.params = params;
        // These weights are complete: a recurrent kernel still being computed is dropped.
        self.recurrent_init.clear();
        self.history.clear();
        if let Some(val) = &mut self.val {
            val.history.clear();
            val.scoring = false;
            val.sweep.restart();
        }
        self.fit.fill(f32::NAN);
        self.adam = AdamState::new(self.model.params.len());
        self.batches.in_batch = false;
        self.batches.flow.forget();
        self.train.restart();
        Ok(())
    }

    pub fn history(&self) -> &[f32] {
        &self.history
    }

    /// The gradient flow of the last epoch recorded ([`crate::nn::grad_flow`]): ‖∂ℓ/∂h_t‖ per time
    /// step (and ‖∂ℓ/∂c_t‖ for an LSTM), each weight array's gradient norm, and the epoch they
    /// belong to. None before the first recorded epoch, and after [`Trainer::set_params`]. Only the
    /// last epoch is kept: whoever wants a history keeps one.
    pub fn grad_norms(&self) -> Option<GradNorms<'_>> {
        self.batches.flow.last()
    }

    /// Turns the gradient-flow record on (the default) or off. Training gives the same bits either
    /// way. An epoch under way when it changes is not recorded; the last record stays.
    pub fn set_record_grads(&mut self, on: bool) {
        let Batches { flow, pass, .. } = &mut self.batches;
        flow.set(on, pass.flow_mut());
    }

    pub fn records_grads(&self) -> bool {
        self.batches.flow.on
    }

    pub fn epochs_done(&self) -> usize {
        self.history.len()
    }

    /// How far through the epoch under way training is, 0…1, counted in windows (held-out ones
    /// included): for a status that moves while one epoch of a big model takes seconds.
    pub fn epoch_progress(&self) -> f64 {
        let val_n = self.val.as_ref().map_or(0, |v| v.windows.len());
        let total = (self.windows.len() + val_n).max(1) as f64;
        let in_batch = if self.batches.in_batch {
            self.batches.pass.progress() * self.batches.pass.rows() as f64
        } else {
            0.0
        };
        let done = match self.val.as_ref().filter(|v| v.scoring) {
            Some(v) => (self.windows.len() + v.sweep.cursor) as f64 + in_batch,
            None => self.train.cursor as f64 + in_batch,
        };
        (done / total).clamp(0.0, 1.0)
    }

    /// Each series' scaling, fitted on the training rows. (F)
    pub fn scalers(&self) -> &[Scaler] {
        &self.scalers
    }

    /// The series forecast (column indices), in the outputs' order. (K)
    pub fn target_columns(&self) -> &[usize] {
        &self.targets
    }

    /// The training windows, in the model's (scaled) units.
    pub fn windows(&self) -> &Windows {
        &self.windows
    }

    /// Predicts the next n_steps rows of the target series after `window` (seq_len rows of
    /// every series, row by row, in the data's own units): (S, K) time-major.
    pub fn forecast(&self, window: &[f32]) -> Result<Vec<f32>, String> {
        debug_assert!(self.ready(), "forecast before the weights are complete");
        let (t, f) = (self.model.dims.seq_len, self.model.dims.features);
        if window.len() != t * f {
            return Err(if f == 1 {
                format!(
                    "A forecast needs exactly seq_len = {t} values; you gave {}.",
                    window.len()
                )
            } else {
                format!(
                    "A forecast needs exactly seq_len = {t} rows of {f} values ({} numbers); \
                     you gave {}.",
                    t * f,
                    window.len()
                )
            });
        }
        let scaled: Vec<f32> = window
            .iter()
            .enumerate()
            .map(|(i, &v)| self.scalers[i % f].apply(v))
            .collect();
        Ok(self.unscaled(self.model.predict(&scaled)))
    }

    /// The first predicted step of each window and target, (N, K), in the data's units, as of the
    /// last time training (or validation) saw it: during the forward pass, before that batch's
    /// update, the moment Keras's loss is measured. NaN for windows not yet seen. The chart's
    /// one-step-ahead fit.
    pub fn fitted_first(&self) -> Vec<f32> {
        let k = self.targets.len();
        let mut out = Vec::new();
        for w in self.fit.chunks_exact(self.model.dims.outputs()) {
            for (&v, &c) in w[..k].iter().zip(&self.targets) {
                out.push(self.scalers[c].invert(v));
            }
        }
        out
    }

    /// Model outputs (…, S·K) back in the data's units, each with its target series' scaling.
    fn unscaled(&self, mut v: Vec<f32>) -> Vec<f32> {
        let k = self.targets.len();
        for (i, x) in v.iter_mut().enumerate() {
            *x = self.scalers[self.targets[i % k]].invert(*x);
        }
        v
    }
}
