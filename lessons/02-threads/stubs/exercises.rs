//! Lesson 02 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 2` to test it. `just hint 2 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use std::collections::HashMap;
use std::time::Duration;
// Threads, locks, atomics and channels come from `workbook::sync`, not from
// `std::sync` or `std::thread`: they are std's in a normal run, and loom's
// when `just check 2` model-checks exercises 3 and 4, trying every
// interleaving of their threads. Add what you need to this list, e.g.
// `use workbook::sync::{Arc, Condvar, Mutex, thread};`.
use workbook::sync::mpsc::Sender;
use workbook::sync::thread::ThreadId;

// ANCHOR: collect_in_order
/// Exercise 1. Run `work` on every input, one thread per input, all at the
/// same time, and return the results **in the order of the inputs** (not in
/// the order the threads finish). Python needed a shared list or a
/// `ThreadPoolExecutor` for this; in Rust a thread can return its result.
pub fn collect_in_order<T, R, F>(inputs: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    todo!("spawn a thread per input, then join the handles in order")
}
// ANCHOR_END: collect_in_order

// ANCHOR: worker
/// Exercise 2. Seed 004's task: a worker thread that announces itself by
/// sending `"worker {id}"` to `log` right away and then once every `every`,
/// until the main thread stops it **through a channel**. Add the fields you
/// need (the struct owns its thread, like seed 004's `SomeWorker`).
#[derive(Debug)]
pub struct Worker {}

impl Worker {
    /// Start the worker's thread and return at once.
    pub fn start(id: u32, every: Duration, log: Sender<String>) -> Worker {
        todo!("make a stop channel, spawn the announcing loop")
    }

    /// Tell the worker to stop, wait for its thread to end, and return how many
    /// times it announced itself. Must return promptly even when `every` is
    /// long: the worker waits on its stop channel, not in a `sleep`.
    pub fn stop(self) -> u32 {
        todo!("signal the stop channel, join the thread")
    }
}
// ANCHOR_END: worker

// ANCHOR: counter
/// Exercise 3. A counter that many threads can bump at once, through a
/// shared reference (`&Counter`), losing no update. It also remembers how
/// much each thread added: seed 003's `Manager().dict()` of id → count.
#[derive(Debug, Default)]
pub struct Counter {}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Self {
        todo!("start at zero")
    }

    /// Add one, on behalf of the calling thread.
    pub fn add_one(&self) {
        todo!("bump the total and the calling thread's own count")
    }

    /// Everything added so far, by all threads.
    pub fn total(&self) -> u64 {
        todo!()
    }

    /// What each thread added, keyed by `std::thread::current().id()`.
    pub fn per_thread(&self) -> HashMap<ThreadId, u64> {
        todo!()
    }
}
// ANCHOR_END: counter

// ANCHOR: ordered_sentence
/// Exercise 4. The sentence that comes out right. Start one thread per word
/// with `thread::spawn`, all at once. Each thread first calls `prepare(word)`
/// (think of a slow lookup: these must overlap), then appends its word to
/// one shared `String` — but only when its turn comes, so the words land in
/// order. Return the sentence, words separated by single spaces. (Spawned
/// threads, not a scope: the model checker has no scoped threads, so what
/// the threads share goes in an `Arc`, as in Python everything is shared.)
pub fn ordered_sentence(words: &[&str], prepare: impl Fn(&str) + Send + Sync + 'static) -> String {
    todo!("an Arc of: the sentence, a Mutex<usize> turn, a Condvar to wait for it")
}
// ANCHOR_END: ordered_sentence
