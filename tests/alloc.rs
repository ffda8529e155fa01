//! The training step allocates nothing, recording the gradient flow included: counted with a
//! global allocator in this test binary alone.
#![allow(clippy::field_reassign_with_default)]

use rnn_playground::config::Config;
use rnn_playground::data::Series;
use rnn_playground::nn::cell::Cell;
use rnn_playground::nn::model::Layers;
use rnn_playground::nn::trainer::Trainer;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell as Flag;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
thread_local! {
    // Only this thread's allocations count: the test harness's own threads allocate when they
    // like (they did, about one run in eight, when the flag was global).
    static COUNTING: Flag<bool> = const { Flag::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Flag::get) {
            ALLOCS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn training_steps_do_not_allocate() {
    // One test (not one per cell): the counter is global, and tests run on several threads.
    for cell in Cell::ALL {
        let mut c = Config::default();
        c.series = Series::plain((0..200).map(|i| (i as f32 / 8.0).sin()).collect());
        c.seq_len = 12;
        c.n_steps = 3;
        c.cell = cell;
        c.units = Layers::one(24);
        c.batch_size = 16;
        c.holdout = 10; // validation batches too
        let mut t = Trainer::new(&c).unwrap();
        t.reserve_epochs(100);
        t.train_epochs(1).unwrap(); // warm up
        ALLOCS.store(0, Ordering::SeqCst);
        COUNTING.with(|c| c.set(true));
        for _ in 0..2000 {
            t.advance(3000).unwrap();
        }
        t.train_epochs(20).unwrap();
        COUNTING.with(|c| c.set(false));
        assert!(t.epochs_done() > 20);
        // With the gradient flow recorded (the default), for the last epoch.
        assert_eq!(t.grad_norms().unwrap().epoch, t.epochs_done());
        assert_eq!(ALLOCS.load(Ordering::SeqCst), 0, "{cell}");
    }
}
