//! The page, natively, for the tests of its logic: `State` and `update` with a fake clock that
//! stands for `performance.now()`. Each reading moves it on 0.01 ms, so a frame's 8 ms budget is
//! 800 readings, whatever this machine's speed. (`#[path]`-included by the tests that drive the
//! page: tests/app.rs, tests/arena.rs.)
#![allow(dead_code)]

use rnn_playground::app::{update, Effect, Msg, Start, Startup, State};
use rnn_playground::config::Field;
use std::cell::Cell;

pub struct Page {
    pub state: State,
    now: Cell<f64>,
    frame_t: f64,
}

impl Page {
    /// The page at `https://example.org/rnn/` + `query`.
    pub fn open(query: &str) -> Page {
        Page::with(Start {
            query: query.to_string(),
            base: "https://example.org/rnn/".into(),
            ..Start::default()
        })
    }

    /// [`Page::open`] on a machine with `cores` cores (what `navigator.hardwareConcurrency`
    /// says).
    pub fn with_cores(query: &str, cores: usize) -> Page {
        Page::with(Start {
            query: query.to_string(),
            base: "https://example.org/rnn/".into(),
            cores,
            ..Start::default()
        })
    }

    pub fn with(start: Start) -> Page {
        let mut p = Page {
            state: State::new(&start),
            now: Cell::new(0.0),
            frame_t: 0.0,
        };
        // Start-up: two frames.
        p.frames(2);
        assert_eq!(p.state.startup, Startup::Done);
        p
    }

    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let now = &self.now;
        let clock = || {
            now.set(now.get() + 0.01);
            now.get()
        };
        update(&mut self.state, msg, &clock)
    }

    /// `n` animation frames, 1/60 s apart; what they asked done outside.
    pub fn frames(&mut self, n: usize) -> Vec<Effect> {
        let mut effects = Vec::new();
        for _ in 0..n {
            self.frame_t += 1000.0 / 60.0;
            effects.extend(self.send(Msg::Frame(self.frame_t)));
        }
        effects
    }

    pub fn edit(&mut self, field: Field, text: &str) {
        self.send(Msg::Edit(field, text.to_string()));
    }

    /// Frames until training pauses (at most `limit`).
    pub fn run_until_paused(&mut self, limit: usize) {
        for _ in 0..limit {
            if !self.state.running() {
                return;
            }
            self.frames(1);
        }
        panic!(
            "still running after {limit} frames: {}",
            self.state.status()
        );
    }

    pub fn epochs(&self) -> usize {
        self.state.run.trainer.epochs_done()
    }
}
