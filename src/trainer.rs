//! Training as Keras's `model.fit` does it: epochs of shuffled minibatches, Adam, and `history['loss']`.

use crate::adam::{self, AdamConfig, AdamState};
use crate::baseline::{baselines, Baselines};
use crate::config::{Config, ConfigError, Field};
use crate::data::{holdout_split, split_sequence, Windows};
use crate::init::{Orthogonal, Rng};
use crate::model::Model;
use crate::pass::Pass;
use crate::scale::Scaler;
use std::fmt;

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
    /// The recurrent kernel, while it is still being computed ([`Trainer::deferred`]).
    recurrent_init: Option<Orthogonal>,
    windows: Windows, // in the model's (scaled) units
    scaler: Scaler,
    adam_config: AdamConfig,
    batch_size: usize,
    shuffle: bool,
    grads: Vec<f32>, // same layout as the parameters
    adam: AdamState,
    pass: Pass,
    rng: Rng,
    order: Vec<usize>, // (N) this epoch's window order
    cursor: usize,     // windows of this epoch already used
    in_batch: bool,
    epoch_loss_sum: f64, // Σ batch_loss · batch_rows over this epoch
    history: Vec<f32>,   // one loss per finished epoch
    fit: Vec<f32>, // (N, S) each window's latest prediction, seen in its forward pass; NaN until then
    val: Option<Validation>,
}

/// The held-out windows and their scoring, as Keras's `validation_data`: after each epoch's last
/// update, the loss on windows the model never trains on.
#[derive(Debug, Clone)]
struct Validation {
    windows: Windows,  // the last windows of the sequence, in the model's units
    first: usize,      // index of the first held-out window among all N
    order: Vec<usize>, // (N_val) 0, 1, 2, …: scored in order
    scoring: bool,     // between an epoch's last update and its val_loss
    cursor: usize,
    loss_sum: f64,
    pending: f32, // the epoch's training loss, reported once validation is done
    history: Vec<f32>,
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
        trainer.recurrent_init = Some(recurrent);
        Ok(trainer)
    }

    /// Works on the deferred recurrent kernel for about `budget` multiply-adds; true once the
    /// model's weights are complete.
    pub fn prepare(&mut self, budget: usize) -> bool {
        let Some(work) = &mut self.recurrent_init else {
            return true;
        };
        if !work.advance(budget) {
            return false;
        }
        self.model.set_recurrent_kernel(work);
        self.recurrent_init = None;
        true
    }

    pub fn ready(&self) -> bool {
        self.recurrent_init.is_none()
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
        let all = crate::data::check_windows(config.sequence.len(), t, s)?;
        let (train, first_val) =
            holdout_split(all, s, config.holdout).ok_or_else(|| config.validate().unwrap_err())?;
        // Scaling is fitted on the values training sees, never on the held-out stretch.
        let scaler = Scaler::fit(config.scaling, &config.sequence[..train + t + s - 1]);
        let scaled: Vec<f32> = config.sequence.iter().map(|&v| scaler.apply(v)).collect();
        let windows = split_sequence(&scaled[..train + t + s - 1], t, s)?;
        let val = (first_val < all).then(|| {
            let windows = split_sequence(&scaled[first_val..], t, s).expect("checked above");
            Validation {
                order: (0..windows.len()).collect(),
                windows,
                first: first_val,
                scoring: false,
                cursor: 0,
                loss_sum: 0.0,
                pending: f32::NAN,
                history: Vec::with_capacity(config.epochs.min(1 << 16)),
            }
        });
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
            batch_size,
            shuffle: config.shuffle,
            grads: vec![0.0; n_params],
            adam: AdamState::new(n_params),
            pass: Pass::new(dims, batch_size),
            // The weights used the seed's first stream; shuffling gets its own.
            rng: Rng::new(config.seed ^ 0x5368_7566_666c_6521),
            order: (0..n).collect(),
            cursor: 0,
            in_batch: false,
            epoch_loss_sum: 0.0,
            history: Vec::with_capacity(config.epochs.min(1 << 16)),
            fit: vec![f32::NAN; all * config.n_steps],
            val,
            model,
            recurrent_init: None,
            windows,
            scaler,
        })
    }

    /// Does at most about `budget` multiply-adds of work (at least one piece), stopping early at the
    /// end of a minibatch. Allocates nothing, except when the loss history outgrows its capacity.
    pub fn advance(&mut self, budget: usize) -> Result<Step, Diverged> {
        if !self.prepare(budget) {
            return Ok(Step::Partial);
        }
        if self.val.as_ref().is_some_and(|v| v.scoring) {
            return self.advance_validation(budget);
        }
        let n = self.order.len();
        if !self.in_batch {
            if self.cursor == 0 && self.shuffle {
                self.rng.shuffle(&mut self.order);
            }
            let end = (self.cursor + self.batch_size).min(n);
            self.pass.load(&self.windows, &self.order[self.cursor..end]);
            self.grads.fill(0.0);
            self.in_batch = true;
        }
        let mut budget = budget.max(1);
        if !self.pass.run(&self.model, &mut self.grads, &mut budget) {
            return Ok(Step::Partial);
        }
        self.in_batch = false;
        let loss = self.pass.loss();
        if !loss.is_finite() || !self.grads.iter().all(|g| g.is_finite()) {
            // Drop the unfinished epoch; the weights were not touched by this batch.
            self.cursor = 0;
            self.epoch_loss_sum = 0.0;
            return Err(Diverged {
                epoch: self.history.len() + 1,
            });
        }
        // The forward pass already predicted these windows: keep that for the chart, at no cost.
        let s = self.model.dims.n_steps;
        let batch = &self.order[self.cursor..self.cursor + self.pass.rows()];
        for (&i, out) in batch.iter().zip(self.pass.outputs().chunks_exact(s)) {
            self.fit[i * s..(i + 1) * s].copy_from_slice(out);
        }
        adam::update(
            &self.adam_config,
            &mut self.adam,
            &mut self.model.params,
            &self.grads,
        );
        let rows = self.pass.rows();
        // Keras's loss tracker weights each batch's loss by its size.
        self.epoch_loss_sum += loss as f64 * rows as f64;
        self.cursor += rows;
        if self.cursor < n {
            return Ok(Step::Batch);
        }
        let epoch_loss = (self.epoch_loss_sum / n as f64) as f32;
        self.cursor = 0;
        self.epoch_loss_sum = 0.0;
        if let Some(val) = &mut self.val {
            val.scoring = true;
            val.cursor = 0;
            val.loss_sum = 0.0;
            val.pending = epoch_loss;
            return Ok(Step::Batch);
        }
        self.history.push(epoch_loss);
        Ok(Step::Epoch(epoch_loss))
    }

    /// Scores the held-out windows in pieces, like training but forward only.
    fn advance_validation(&mut self, budget: usize) -> Result<Step, Diverged> {
        let val = self.val.as_mut().expect("called while scoring");
        let n_val = val.order.len();
        if !self.in_batch {
            let end = (val.cursor + self.batch_size).min(n_val);
            self.pass
                .load_forward_only(&val.windows, &val.order[val.cursor..end]);
            self.in_batch = true;
        }
        let mut budget = budget.max(1);
        if !self.pass.run(&self.model, &mut self.grads, &mut budget) {
            return Ok(Step::Partial);
        }
        self.in_batch = false;
        let loss = self.pass.loss();
        if !loss.is_finite() {
            val.scoring = false;
            return Err(Diverged {
                epoch: self.history.len() + 1,
            });
        }
        let s = self.model.dims.n_steps;
        let rows = self.pass.rows();
        for (b, out) in self.pass.outputs().chunks_exact(s).enumerate() {
            let i = val.first + val.cursor + b;
            self.fit[i * s..(i + 1) * s].copy_from_slice(out);
        }
        val.loss_sum += loss as f64 * rows as f64;
        val.cursor += rows;
        if val.cursor < n_val {
            return Ok(Step::Partial);
        }
        val.scoring = false;
        val.history.push((val.loss_sum / n_val as f64) as f32);
        let epoch_loss = val.pending;
        self.history.push(epoch_loss);
        Ok(Step::Epoch(epoch_loss))
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
        (
            baselines(&self.windows),
            self.val.as_ref().map(|v| baselines(&v.windows)),
        )
    }

    /// Rolls the model forward on its own predictions: forecast n_steps, append them, slide the
    /// window, repeat until `horizon` values. Errors compound, which is the point of showing it.
    pub fn roll(&self, window: &[f32], horizon: usize) -> Result<Vec<f32>, String> {
        let t = self.model.dims.seq_len;
        let mut values = window.to_vec();
        self.forecast(window)?; // checks the window's length
        while values.len() < t + horizon {
            let next = self.forecast(&values[values.len() - t..])?;
            values.extend(next);
        }
        values.truncate(t + horizon);
        Ok(values.split_off(t))
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
        self.recurrent_init = None;
        self.history.clear();
        if let Some(val) = &mut self.val {
            val.history.clear();
            val.scoring = false;
        }
        self.fit.fill(f32::NAN);
        self.adam = AdamState::new(self.model.params.len());
        self.in_batch = false;
        self.cursor = 0;
        self.epoch_loss_sum = 0.0;
        Ok(())
    }

    pub fn history(&self) -> &[f32] {
        &self.history
    }

    pub fn epochs_done(&self) -> usize {
        self.history.len()
    }

    pub fn scaler(&self) -> Scaler {
        self.scaler
    }

    /// The training windows, in the model's (scaled) units.
    pub fn windows(&self) -> &Windows {
        &self.windows
    }

    /// Predicts the next n_steps values after `window` (seq_len values in the sequence's own units).
    pub fn forecast(&self, window: &[f32]) -> Result<Vec<f32>, String> {
        debug_assert!(self.ready(), "forecast before the weights are complete");
        let t = self.model.dims.seq_len;
        if window.len() != t {
            return Err(format!(
                "A forecast needs exactly seq_len = {t} values; you gave {}.",
                window.len()
            ));
        }
        let scaled: Vec<f32> = window.iter().map(|&v| self.scaler.apply(v)).collect();
        Ok(self.unscaled(self.model.predict(&scaled)))
    }

    /// Each window's prediction (N, S), in the sequence's units, as of the last time training saw
    /// it (during the forward pass, before that batch's update: the same moment Keras's loss is
    /// measured). NaN for windows not yet seen.
    pub fn fitted(&self) -> Vec<f32> {
        self.unscaled(self.fit.clone())
    }

    /// The first predicted step of each window (N), in the sequence's units: the chart's
    /// one-step-ahead fit, without copying all N × n_steps predictions.
    pub fn fitted_first(&self) -> Vec<f32> {
        let s = self.model.dims.n_steps;
        self.fit
            .chunks_exact(s)
            .map(|w| self.scaler.invert(w[0]))
            .collect()
    }

    /// In-sample predictions for windows `range` with the current weights, in the sequence's units.
    /// Costs a forward pass: for checks, not for every frame.
    pub fn predict_windows(&self, range: std::ops::Range<usize>) -> Vec<f32> {
        debug_assert!(self.ready(), "predictions before the weights are complete");
        self.unscaled(self.model.predict(&self.windows.inputs(range)))
    }

    fn unscaled(&self, mut v: Vec<f32>) -> Vec<f32> {
        v.iter_mut().for_each(|x| *x = self.scaler.invert(*x));
        v
    }
}
