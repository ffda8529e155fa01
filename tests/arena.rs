//! The memory arena and the workers, natively: the sweep's plan, the address's `workers=`, a
//! sweep on (simulated) workers and the same sweep on the page's own thread giving the same
//! numbers, Stop and Run again, workers that fail or never start, races of kept runs on
//! workers reproducing every epoch's loss — and the lesson's claim, measured: at the longest
//! delay LSTM and GRU beat SimpleRNN on the page's seeds.
//!
//! A worker is simulated by what it does in the page: `new Trainer(config)` and
//! `trainEpochs(1)` until the job's epochs are done, here as `Trainer::new` and `train_epochs`.

use rnn_playground::app::arena::{self, Phase, Plan, CELLS, FULL, QUICK};
use rnn_playground::app::pool::{Pool, PoolState, MAX_WORKERS, START_TIMEOUT_MS};
use rnn_playground::app::{Effect, JobId, Msg, WorkerNews};
use rnn_playground::config::{Config, Field};
use rnn_playground::data::presets::{self, echo_task};
use rnn_playground::nn::trainer::Trainer;

#[path = "support/page.rs"]
mod page;
use page::Page;

/// The jobs the effects hand to workers: (worker, job, settings).
fn jobs(effects: &[Effect]) -> Vec<(usize, JobId, Config)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Train {
                worker,
                job,
                config,
            } => Some((*worker, *job, config.clone())),
            _ => None,
        })
        .collect()
}

/// What a worker sends for a job: its epochs (in a few messages, as it reports every 50 ms),
/// then done — or the error it stopped with.
fn work(worker: usize, job: JobId, config: &Config) -> Vec<Msg> {
    let mut t = Trainer::new(config).unwrap();
    let mut out = Vec::new();
    let mut sent = 0;
    let mut error = None;
    while t.epochs_done() < config.epochs {
        if let Err(e) = t.train_epochs(1) {
            error = Some(e.to_string());
            break;
        }
        if t.epochs_done() % 7 == 0 || t.epochs_done() == config.epochs {
            out.push(Msg::Worker(
                worker,
                WorkerNews::Epochs {
                    job,
                    loss: t.history()[sent..].to_vec(),
                    val: t.val_history()[sent.min(t.val_history().len())..].to_vec(),
                },
            ));
            sent = t.history().len();
        }
    }
    out.push(Msg::Worker(
        worker,
        match error {
            Some(message) => WorkerNews::Error { job, message },
            None => WorkerNews::Done { job },
        },
    ));
    out
}

/// Answers every job as the workers would, until no job is handed out; returns the jobs seen.
fn serve(p: &mut Page, first: Vec<Effect>) -> usize {
    let mut pending = jobs(&first);
    let mut seen = 0;
    while let Some((worker, job, config)) = pending.pop() {
        seen += 1;
        for msg in work(worker, job, &config) {
            pending.extend(jobs(&p.send(msg)));
        }
    }
    seen
}

fn ready_all(p: &mut Page, n: usize) -> Vec<Effect> {
    (0..n)
        .flat_map(|w| p.send(Msg::Worker(w, WorkerNews::Ready)))
        .collect()
}

#[test]
fn the_cells_have_about_the_same_number_of_weights_as_the_page_says() {
    let per_cell = FULL.delays.len() * FULL.seeds.len();
    let sizes: Vec<(&str, usize, usize)> = (0..CELLS.len())
        .map(|c| {
            let config = FULL.config(c * per_cell);
            let total = config.validate().unwrap().param_counts().total;
            (config.cell.keras_class(), CELLS[c].1, total)
        })
        .collect();
    assert_eq!(
        sizes,
        [
            ("SimpleRNN", 40, 1721),
            ("LSTM", 20, 1781),
            ("GRU", 23, 1818)
        ]
    );
    let (lo, hi) = (1721.0, 1818.0);
    assert!(hi / lo < 1.06, "within 6%: {sizes:?}");
    // The panel's text says so.
    let html = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html")).unwrap();
    assert!(
        html.contains("SimpleRNN(40) 1,721, LSTM(20) 1,781, GRU(23) 1,818"),
        "index.html's #arena-sizes"
    );
}

#[test]
fn every_run_of_the_sweep_has_valid_settings_and_its_own_place() {
    for plan in [&FULL, &QUICK] {
        assert_eq!(
            plan.runs(),
            CELLS.len() * plan.delays.len() * plan.seeds.len()
        );
        let mut places = std::collections::HashSet::new();
        for r in 0..plan.runs() {
            let c = plan.config(r);
            let dims = c.validate().unwrap();
            let (cell, d, s) = plan.place(r);
            assert!(places.insert((cell, d, s)), "run {r} twice");
            assert_eq!(c.cell, CELLS[cell].0);
            assert_eq!(dims.layers.top(), CELLS[cell].1);
            assert_eq!(c.seq_len, plan.delays[d]);
            assert_eq!(c.seed, plan.seeds[s]);
            assert_eq!(c.epochs, plan.epochs);
            assert!(c.holdout > 0 && c.n_steps == 1);
            // Every delay has the same number of windows.
            assert_eq!(c.series.values.len() - c.seq_len, plan.length);
        }
    }
    assert_eq!(FULL.runs(), 45);
}

#[test]
fn each_spike_comes_exactly_delay_steps_after_its_blip() {
    for delay in [2, 5, 10, 20, 40] {
        let v = echo_task(delay, 400, 7);
        let spikes: Vec<usize> = (0..v.len()).filter(|&i| v[i].abs() > 0.6).collect();
        assert!(spikes.len() > 30, "delay {delay}: {} spikes", spikes.len());
        for i in spikes {
            assert!(
                i >= delay,
                "delay {delay}: a spike at {i} with no blip before it"
            );
            let blip = v[i - delay];
            assert!(
                (0.15..0.4).contains(&blip.abs()) && blip.signum() == v[i].signum(),
                "delay {delay}: spike {} at {i}, {blip} {delay} steps before",
                v[i]
            );
        }
    }
    // The Echo lesson's sequence is the task at its own delay.
    let echo = presets::find("echo").unwrap().series().values;
    assert_eq!(echo, echo_task(20, 200, 1));
}

#[test]
fn the_address_sets_the_workers_and_nothing_in_it_panics() {
    let pool = |q: &str, cores: usize| Pool::new(&rnn_playground::app::url::parse(q), cores);
    assert_eq!(pool("", 2).size, 2);
    assert_eq!(pool("", 32).size, MAX_WORKERS);
    assert_eq!(pool("", 0).size, 0);
    assert_eq!(pool("?workers=1", 4).size, 1);
    assert_eq!(pool("?workers=1", 4).place(), "on 1 worker");
    assert_eq!(pool("?workers=2", 4).place(), "on 2 workers");
    assert_eq!(pool("", 2).place(), "on 2 workers, one per core");
    let none = pool("?workers=0", 4);
    assert_eq!(none.size, 0);
    assert!(!none.usable());
    assert_eq!(none.place(), "on this page, a little each frame");
    let many = pool("?workers=64", 2);
    assert_eq!(many.size, MAX_WORKERS);
    assert_eq!(many.place(), "on 8 workers");
    for bad in [
        "abc",
        "-1",
        "1.5",
        "1e3",
        "",
        "99999999999999999999999",
        "%00",
        "２",
    ] {
        let p = pool(&format!("?workers={bad}"), 3);
        assert_eq!(p.size, 3, "workers={bad}");
        assert!(
            p.note.contains("is not a number of workers"),
            "{bad}: {}",
            p.note
        );
    }
    let missing = pool("?workers=4", 0);
    assert_eq!(missing.size, 0);
    assert_eq!(missing.place(), "on this page, a little each frame");
    // And a whole page opened with them never panics.
    for q in [
        "?workers=-5&arena=quick",
        "?workers=%ff&arena=%00",
        "?arena=nope",
    ] {
        let mut p = Page::with_cores(q, 2);
        p.send(Msg::ArenaRun);
        p.frames(3);
    }
}

/// What the address chose for this machine stays in the address bar through edits (a reload keeps
/// it), and stays out of the links and embeds made for other machines.
#[test]
fn the_address_keeps_workers_and_the_quick_sweep_but_links_do_not() {
    let mut p = Page::with_cores("?workers=1&arena=quick", 2);
    p.edit(Field::Units, "12");
    let q = p.state.query();
    assert!(
        q.contains("workers=1") && q.contains("arena=quick") && q.contains("units=12"),
        "{q}"
    );
    let link = p.state.link();
    assert!(
        link.contains("units=12") && !link.contains("workers") && !link.contains("arena="),
        "{link}"
    );
    let plain = Page::with_cores("", 2).state.query();
    assert!(
        !plain.contains("workers") && !plain.contains("arena="),
        "{plain}"
    );
}

#[test]
fn a_sweep_on_workers_fills_the_table_and_ends_done() {
    let mut p = Page::with_cores("?arena=quick&workers=2", 8);
    assert_eq!(p.state.arena.plan, &QUICK);
    assert_eq!(p.state.arena.phase, Phase::Idle);
    assert!(p
        .state
        .arena
        .status(&p.state.pool)
        .starts_with("12 runs to do"));
    let effects = p.send(Msg::ArenaRun);
    assert_eq!(effects, [Effect::StartWorkers(2)]);
    assert_eq!(p.state.arena.phase, Phase::Running);
    assert!(p.state.arena.open, "Run opens the panel");
    // Nothing is handed out before a worker is ready; then one job each.
    let effects = ready_all(&mut p, 2);
    let first = jobs(&effects);
    assert_eq!(first.len(), 2);
    assert_ne!(first[0].0, first[1].0, "one job per worker");
    // The longest windows go first.
    assert!(first.iter().all(|(_, _, c)| c.seq_len == 5));
    assert_eq!(
        p.state.arena.status(&p.state.pool),
        "0 of 12 runs · training on 2 workers…"
    );
    let served = serve(&mut p, effects);
    assert_eq!(served, 12);
    let a = &p.state.arena;
    assert_eq!(a.phase, Phase::Done);
    assert!(
        a.status(&p.state.pool).starts_with("12 of 12 runs, in "),
        "{}",
        a.status(&p.state.pool)
    );
    let scores = a.scores();
    assert_eq!(scores.len(), 3);
    for row in &scores {
        assert_eq!(row.len(), 2);
        for s in row.iter().map(|s| s.unwrap()) {
            assert_eq!(s.seeds, 2);
            assert!(s.low <= s.median && s.median <= s.high);
            assert!(
                s.median > 0.0 && s.median <= 2.0,
                "a score out of range: {s:?}"
            );
        }
    }
    assert!(
        a.sentence()
            .starts_with("At the longest delay, 5 steps, the error was "),
        "{}",
        a.sentence()
    );
    // No more work: no frames wanted for it (once the page's own model is ready).
    p.frames(3);
    assert!(!p.state.wants_frames());
}

/// Mid-sweep, a number with only some of its seeds in is marked as such ("0.96…"): it may move.
#[test]
fn a_number_still_waiting_for_seeds_says_so() {
    let mut p = Page::with_cores("?arena=quick&workers=2", 8);
    p.send(Msg::ArenaRun);
    let effects = ready_all(&mut p, 2);
    let (w, job, config) = jobs(&effects)[0].clone();
    for msg in work(w, job, &config) {
        p.send(msg);
    }
    let table = p.state.arena.table();
    let cells: Vec<&String> = table.rows.iter().flat_map(|r| r.1.iter()).collect();
    let partial = cells
        .iter()
        .filter(|c| c.ends_with('…') && c.starts_with(|ch: char| ch.is_ascii_digit()))
        .count();
    assert_eq!(partial, 1, "{cells:?}");
    assert_eq!(cells.iter().filter(|c| c.as_str() == "…").count(), 5);
}

#[test]
fn without_workers_the_page_trains_the_same_numbers_itself() {
    let mut on_workers = Page::with_cores("?arena=quick&workers=2", 2);
    let effects = on_workers.send(Msg::ArenaRun);
    assert_eq!(effects, [Effect::StartWorkers(2)]);
    let effects = ready_all(&mut on_workers, 2);
    serve(&mut on_workers, effects);

    for (query, cores) in [("?arena=quick", 0), ("?arena=quick&workers=0", 4)] {
        let mut here = Page::with_cores(query, cores);
        assert!(
            here.send(Msg::ArenaRun).is_empty(),
            "{query}: no workers asked for"
        );
        assert!(here.state.wants_frames());
        let status = here.state.arena.status(&here.state.pool);
        assert_eq!(
            status, "0 of 12 runs · training on this page, a little each frame…",
            "{query}"
        );
        assert_eq!(
            here.state.arena.finished(),
            0,
            "{query}: it trains in frames"
        );
        let mut frames = 0;
        while here.state.arena.phase == Phase::Running {
            here.frames(1);
            frames += 1;
            assert!(frames < 20_000, "{query}: still running");
        }
        assert_eq!(
            here.state.arena.ratios, on_workers.state.arena.ratios,
            "{query}: the same numbers, bit for bit, on the page as on the workers"
        );
    }
}

#[test]
fn stop_cancels_the_jobs_and_run_starts_over() {
    let mut p = Page::with_cores("?arena=quick&workers=2", 2);
    p.send(Msg::ArenaRun);
    let effects = ready_all(&mut p, 2);
    let first = jobs(&effects);
    // One job finishes; the other is still training when Stop is pressed.
    let (w, job, config) = first[0].clone();
    let mut next = Vec::new();
    for msg in work(w, job, &config) {
        next.extend(jobs(&p.send(msg)));
    }
    assert_eq!(p.state.arena.finished(), 1);
    assert_eq!(next.len(), 1, "the free worker gets the next job");
    let effects = p.send(Msg::ArenaStop);
    let mut cancelled: Vec<JobId> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Cancel { job, .. } => Some(*job),
            _ => None,
        })
        .collect();
    cancelled.sort();
    let mut running = vec![first[1].1, next[0].1];
    running.sort();
    assert_eq!(cancelled, running);
    assert_eq!(p.state.arena.phase, Phase::Stopped);
    assert_eq!(
        p.state.arena.status(&p.state.pool),
        "Stopped at 1 of 12 runs."
    );
    // What a cancelled job still says is ignored.
    for msg in work(first[1].0, first[1].1, &first[1].2) {
        assert!(p.send(msg).is_empty());
    }
    assert_eq!(p.state.arena.finished(), 1);
    // Run again: from the start, on the same (free) workers.
    let effects = p.send(Msg::ArenaRun);
    assert_eq!(p.state.arena.finished(), 0);
    assert_eq!(jobs(&effects).len(), 2);
    // Pressing Run while it runs starts over too, cancelling what was under way.
    let again = p.send(Msg::ArenaRun);
    assert_eq!(
        again
            .iter()
            .filter(|e| matches!(e, Effect::Cancel { .. }))
            .count(),
        2
    );
    assert_eq!(jobs(&again).len(), 2);
    serve(&mut p, again);
    assert_eq!(p.state.arena.phase, Phase::Done);
}

#[test]
fn workers_that_fail_or_never_start_leave_the_work_to_the_page() {
    // Both fail to start: the sweep trains on the page, and the status says why.
    let mut p = Page::with_cores("?arena=quick&workers=2", 2);
    p.send(Msg::ArenaRun);
    p.send(Msg::Worker(0, WorkerNews::Failed("blocked".into())));
    assert!(p.state.pool.usable(), "one worker may still start");
    p.send(Msg::Worker(1, WorkerNews::Failed("blocked".into())));
    assert!(matches!(p.state.pool.state, PoolState::Unavailable(_)));
    assert!(p.state.arena.on_this_page(&p.state.pool));
    assert_eq!(
        p.state.arena.status(&p.state.pool),
        "0 of 12 runs · training on this page, a little each frame: the workers could not start \
         (blocked)…"
    );
    while p.state.arena.phase == Phase::Running {
        p.frames(1);
    }
    assert_eq!(p.state.arena.finished(), 12);

    // One dies with a job: the job goes to the other.
    let mut p = Page::with_cores("?arena=quick&workers=2", 2);
    p.send(Msg::ArenaRun);
    let effects = ready_all(&mut p, 2);
    let first = jobs(&effects);
    p.send(Msg::Worker(
        first[0].0,
        WorkerNews::Failed("crashed".into()),
    ));
    // (worker 0's job waits; when the other is free it takes it)
    let mut pending = vec![first[1].clone()];
    let mut served = 0;
    while let Some((w, job, config)) = pending.pop() {
        served += 1;
        for msg in work(w, job, &config) {
            pending.extend(jobs(&p.send(msg)));
        }
    }
    assert_eq!(served, 12);
    assert_eq!(p.state.arena.phase, Phase::Done);

    // They never answer: after the start timeout the page trains itself.
    let mut p = Page::with_cores("?arena=quick&workers=2", 2);
    p.send(Msg::ArenaRun);
    assert!(p.state.wants_frames(), "frames watch the start");
    let frames = (START_TIMEOUT_MS / (1000.0 / 60.0)) as usize + 10;
    p.frames(frames);
    assert!(!p.state.pool.usable());
    while p.state.arena.phase == Phase::Running {
        p.frames(1);
    }
    assert_eq!(p.state.arena.finished(), 12);
}

#[test]
fn the_sentence_reads_the_numbers_it_is_given() {
    let mut p = Page::with_cores("?arena=quick", 0);
    let a = &mut p.state.arena;
    assert!(a
        .sentence()
        .starts_with("When the runs at the longest delay"));
    let plan: &Plan = a.plan;
    // ratios by (cell, delay, seed): set the longest delay's.
    let set = |a: &mut arena::Arena, cell: usize, values: [f32; 2]| {
        for (s, v) in values.into_iter().enumerate() {
            let r = (cell * plan.delays.len() + plan.delays.len() - 1) * plan.seeds.len() + s;
            a.ratios[r] = Some(v);
        }
    };
    set(a, 0, [0.9, 1.1]);
    set(a, 1, [0.1, 0.2]);
    set(a, 2, [0.08, 0.12]);
    let s = a.sentence();
    assert!(
        s.contains("the error was 1.00 for SimpleRNN, 0.15 for LSTM and 0.10 for GRU"),
        "{s}"
    );
    assert!(!s.contains("Not on every seed"), "{s}");
    set(a, 1, [0.1, 1.3]);
    let s = a.sentence();
    assert!(s.contains("LSTM and GRU beat SimpleRNN"), "{s}");
    assert!(
        s.contains(
            "Not on every seed: LSTM's worst seed ended at 1.30, no better than predicting the mean."
        ),
        "{s}"
    );
    set(a, 1, [0.1, 0.2]);
    assert!(s.contains("LSTM and GRU beat SimpleRNN"), "{s}");
    set(a, 2, [1.5, 1.9]);
    let s = a.sentence();
    assert!(s.contains("Only LSTM beat SimpleRNN this time."), "{s}");
    set(a, 1, [f32::NAN, 1.2]);
    let s = a.sentence();
    assert!(s.contains("Neither LSTM nor GRU beat SimpleRNN"), "{s}");
    assert!(s.contains("∞ (it diverged) for LSTM"), "{s}");
}

#[test]
fn a_race_of_kept_runs_on_workers_reproduces_every_epoch() {
    // Two runs kept as a teacher keeps them: train, keep, change a setting, train, keep.
    let mut p = Page::with_cores("?workers=2&speed=max", 2);
    let train = |p: &mut Page| {
        p.send(Msg::TrainOrPause);
        while p.state.running() {
            p.frames(1);
        }
    };
    p.send(Msg::Edit(Field::Epochs, "40".into()));
    train(&mut p);
    p.send(Msg::KeepRun);
    p.send(Msg::Edit(Field::Units, "5".into()));
    train(&mut p);
    p.send(Msg::KeepRun);
    let before: Vec<Vec<f32>> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();
    assert_eq!(before.len(), 2);
    // The race goes to the workers: nothing trains on the page.
    let effects = p.send(Msg::Race);
    assert_eq!(effects, [Effect::StartWorkers(2)]);
    assert!(p.state.compare.kept.iter().all(|r| r.history.is_empty()));
    let effects = ready_all(&mut p, 2);
    let handed = jobs(&effects);
    assert_eq!(handed.len(), 2);
    for (w, job, config) in handed {
        for msg in work(w, job, &config) {
            p.send(msg);
        }
    }
    // At full speed the race shows what the workers sent in the next frame.
    p.frames(1);
    assert!(p.state.compare.race.is_none(), "the race is over");
    let after: Vec<Vec<f32>> = p
        .state
        .compare
        .kept
        .iter()
        .map(|r| r.history.clone())
        .collect();
    assert_eq!(after, before, "the same curves, bit for bit");
    assert_eq!(
        p.state.compare.note,
        "Race over: the same seeds gave the same curves as before."
    );
}

#[test]
fn a_paced_race_on_workers_shows_the_epochs_at_its_pace() {
    let mut p = Page::with_cores("?workers=2&epochs=60&speed=max", 2);
    let train = |p: &mut Page| {
        p.send(Msg::TrainOrPause);
        while p.state.running() {
            p.frames(1);
        }
    };
    train(&mut p);
    p.send(Msg::KeepRun);
    p.send(Msg::Edit(Field::Units, "8".into()));
    train(&mut p);
    p.send(Msg::KeepRun);
    p.send(Msg::Speed("15".into()));
    p.send(Msg::Race);
    let effects = ready_all(&mut p, 2);
    for (w, job, config) in jobs(&effects) {
        for msg in work(w, job, &config) {
            p.send(msg);
        }
    }
    // Everything arrived, but a second of frames shows about 15 epochs, not 60.
    p.frames(60);
    let shown = p.state.compare.kept[0].history.len();
    assert!(
        (14..=17).contains(&shown),
        "{shown} epochs shown after 1 s at 15 a second"
    );
    assert!(p.state.compare.race.is_some());
    p.frames(4 * 60);
    assert!(p.state.compare.race.is_none());
    assert!(p.state.compare.kept.iter().all(|r| r.history.len() == 60));
}

#[test]
fn a_comparison_link_replays_its_runs_on_workers_and_one_run_on_the_page() {
    // (The page's first frames asked for the workers.)
    let two = Page::with_cores("?epochs=20&run=units%3D5&run=units%3D8", 2);
    assert!(two.state.compare.race.is_some());
    assert!(matches!(two.state.pool.state, PoolState::Starting { .. }));
    assert!(
        two.state.compare.waiting().is_some(),
        "the link's runs wait for the workers"
    );
    let mut one = Page::with_cores("?epochs=20&run=units%3D5", 2);
    assert!(one.frames(1).is_empty(), "one run trains on the page");
    while one.state.compare.race.is_some() {
        one.frames(1);
    }
    assert_eq!(one.state.compare.kept[0].history.len(), 20);
    // Without workers, both train on the page, as before.
    let mut here = Page::with_cores("?epochs=20&run=units%3D5&run=units%3D8", 0);
    while here.state.compare.race.is_some() {
        assert!(here.frames(1).is_empty());
    }
    assert!(here
        .state
        .compare
        .kept
        .iter()
        .all(|r| r.history.len() == 20));
}

#[test]
fn choosing_the_lesson_opens_the_arena() {
    let mut p = Page::with_cores("", 2);
    assert!(!p.state.arena.open);
    p.send(Msg::Preset(arena::LESSON.into()));
    assert!(p.state.arena.open);
    assert_eq!(p.state.arena.reveal, 1);
    assert_eq!(p.state.settings.config.seq_len, 10);
    assert!(Page::with_cores("?preset=arena", 2).state.arena.open);
}

/// The lesson's claim, measured as the page measures it: at the longest delay, over the page's
/// seeds, LSTM's and GRU's middle error is below SimpleRNN's — and the sentence says so. (The
/// nine runs at the longest delay; about a minute.)
#[test]
fn at_the_longest_delay_lstm_and_gru_beat_simple_rnn() {
    let mut p = Page::with_cores("", 0);
    let plan = p.state.arena.plan;
    assert_eq!(plan, &FULL);
    let d = plan.delays.len() - 1;
    let runs: Vec<usize> = (0..plan.runs()).filter(|&r| plan.place(r).1 == d).collect();
    // The nine runs side by side, as the workers train them.
    let ratios: Vec<f32> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|&r| {
                scope.spawn(move || {
                    let config = plan.config(r);
                    let mut t = Trainer::new(&config).unwrap();
                    let ratio = match t.train_epochs(config.epochs) {
                        Ok(_) => arena::ratio(&t),
                        Err(_) => f32::NAN,
                    };
                    eprintln!(
                        "{} delay {} seed {}: {ratio:.3}",
                        config.cell.keras_class(),
                        config.seq_len,
                        config.seed
                    );
                    ratio
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (&r, ratio) in runs.iter().zip(ratios) {
        p.state.arena.ratios[r] = Some(ratio);
    }
    let scores = p.state.arena.scores();
    let at = |c: usize| scores[c][d].unwrap();
    eprintln!("{}", p.state.arena.sentence());
    assert!(at(0).median > 0.7, "SimpleRNN learned it? {:?}", at(0));
    assert!(at(1).median < at(0).median / 2.0, "LSTM {:?}", at(1));
    assert!(at(2).median < at(0).median / 2.0, "GRU {:?}", at(2));
    assert!(p
        .state
        .arena
        .sentence()
        .contains("LSTM and GRU beat SimpleRNN"));
}

/// The chart, drawn to SVG as the page draws it to its canvas: the line at 1 with its name, a
/// legend of the cells drawn, each cell's middle seeds as dots on a line, and the empty chart's
/// sentence before anything ran.
#[test]
fn the_chart_shows_the_cells_drawn_and_the_line_at_one() {
    use plotters_svg::SVGBackend;
    use rnn_playground::chart::arena::{draw, ArenaView, Line, EMPTY};
    use rnn_playground::chart::frame::Dash;
    use rnn_playground::chart::Theme;
    let theme = Theme::light(1.0, 13.0);
    let svg = |lines: &[Line]| {
        let mut out = String::new();
        {
            let mut b = SVGBackend::with_string(&mut out, (640, 300));
            let view = ArenaView {
                delays: &[2, 5, 10, 20, 40],
                lines,
            };
            draw(&mut b, &view, &theme).unwrap();
        }
        out
    };
    let texts = |svg: &str| -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let body = &t[t.find('>').unwrap() + 1..];
                body[..body.find("</text>").unwrap()]
                    .trim()
                    .replace("&apos;", "'")
            })
            .collect()
    };
    let empty = svg(&[]);
    let words = texts(&empty);
    assert!(words.iter().any(|t| t == "1: learned nothing"), "{words:?}");
    let note = words.join(" ");
    assert!(note.contains(&EMPTY[..20]), "{note}");
    for d in ["2", "5", "10", "20", "40"] {
        assert!(words.iter().any(|t| t == d), "delay {d} on the x axis");
    }
    let line = |label, points| Line {
        label,
        colour: theme.runs[0],
        dash: Dash::Solid,
        points,
    };
    let drawn = svg(&[
        line(
            "SimpleRNN",
            vec![
                Some((0.1, 0.08, 0.12)),
                Some((0.5, 0.4, 0.6)),
                None,
                None,
                None,
            ],
        ),
        line("LSTM", vec![None; 5]),
    ]);
    let words = texts(&drawn);
    assert!(
        words.iter().any(|t| t == "SimpleRNN"),
        "the legend names it"
    );
    assert!(
        !words.iter().any(|t| t == "LSTM"),
        "nothing drawn for LSTM, so not in the legend"
    );
    assert!(!words.join(" ").contains(&EMPTY[..20]));
    // Two dots for SimpleRNN's two delays (the legend's sample has one more).
    assert_eq!(drawn.matches("<circle").count(), 3, "{drawn}");
}

/// The legend goes where it hides nothing: not over a seed's bar reaching up into the top right.
#[test]
fn the_legend_keeps_clear_of_the_seeds_bars() {
    use plotters_svg::SVGBackend;
    use rnn_playground::chart::arena::{draw, ArenaView, Line};
    use rnn_playground::chart::frame::Dash;
    use rnn_playground::chart::Theme;
    let theme = Theme::light(1.0, 13.0);
    let low = Some((0.07, 0.06, 0.08));
    let lines = [
        Line {
            label: "SimpleRNN",
            colour: theme.runs[0],
            dash: Dash::Solid,
            points: vec![
                low,
                low,
                Some((0.45, 0.3, 0.5)),
                Some((0.66, 0.5, 1.0)),
                Some((1.0, 0.8, 1.1)),
            ],
        },
        Line {
            label: "LSTM",
            colour: theme.runs[1],
            dash: Dash::Dashed,
            points: vec![low, low, low, low, Some((0.15, 0.1, 1.93))],
        },
    ];
    let mut out = String::new();
    {
        let mut b = SVGBackend::with_string(&mut out, (640, 300));
        let view = ArenaView {
            delays: &[2, 5, 10, 20, 40],
            lines: &lines,
        };
        draw(&mut b, &view, &theme).unwrap();
    }
    // The legend's first entry, "SimpleRNN", sits in the left half: the top right has LSTM's bar.
    let at = out
        .find(">\nSimpleRNN")
        .or_else(|| out.find(">SimpleRNN"))
        .unwrap();
    let tag = &out[out[..at].rfind("<text").unwrap()..at];
    let x: f64 = tag
        .split("x=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(x < 320.0, "the legend at x = {x}: {tag}");
}

/// On a phone's narrow chart the legend sits above the plot, in a row, hiding no line.
#[test]
fn on_a_narrow_chart_the_legend_goes_above_the_plot() {
    use plotters_svg::SVGBackend;
    use rnn_playground::chart::arena::{draw, ArenaView, Line};
    use rnn_playground::chart::frame::Dash;
    use rnn_playground::chart::Theme;
    let theme = Theme::light(1.0, 13.0);
    let point = Some((0.1, 0.05, 0.2));
    let lines: Vec<Line> = ["SimpleRNN", "LSTM", "GRU"]
        .into_iter()
        .enumerate()
        .map(|(i, label)| Line {
            label,
            colour: theme.runs[i],
            dash: Dash::Solid,
            points: vec![point; 5],
        })
        .collect();
    let y_of = |width: u32, label: &str| -> f64 {
        let mut out = String::new();
        {
            let mut b = SVGBackend::with_string(&mut out, (width, 240));
            let view = ArenaView {
                delays: &[2, 5, 10, 20, 40],
                lines: &lines,
            };
            draw(&mut b, &view, &theme).unwrap();
        }
        let at = out
            .find(&format!(">\n{label}"))
            .or_else(|| out.find(&format!(">{label}")))
            .unwrap();
        let tag = &out[out[..at].rfind("<text").unwrap()..at];
        tag.split("y=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Narrow: the three names on one row, above the plot (the top y tick, "2", sits lower).
    let (a, b, c) = (y_of(340, "SimpleRNN"), y_of(340, "LSTM"), y_of(340, "GRU"));
    assert!(a == b && b == c, "one row: {a} {b} {c}");
    // Wide: one name a row, inside the plot.
    assert!(y_of(900, "SimpleRNN") < y_of(900, "LSTM"));
}
