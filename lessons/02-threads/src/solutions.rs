//! Lesson 02: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 2` runs the same tests against this file.

use std::collections::HashMap;
use std::time::Duration;
// std's types in a normal run, loom's under the model check (`just loom 2`).
use workbook::sync::mpsc::{self, RecvTimeoutError, Sender};
use workbook::sync::thread::{self, JoinHandle, ThreadId};
use workbook::sync::{Arc, Condvar, Mutex, PoisonError};

// ANCHOR: collect_in_order
/// Exercise 1: one thread per input, results in input order.
pub fn collect_in_order<T, R, F>(inputs: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let work = &work;
    // Scoped threads may borrow `work`: the scope joins them before it ends.
    thread::scope(|scope| {
        // First start every thread (collect), and only then join them all:
        // joining inside the same loop would run one thread at a time.
        let handles: Vec<_> = inputs
            .into_iter()
            .map(|input| scope.spawn(move || work(input)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
// ANCHOR_END: collect_in_order

// ANCHOR: worker
/// Exercise 2: a worker that owns its thread and is stopped through a channel.
#[derive(Debug)]
pub struct Worker {
    stop: Sender<()>,
    thread: JoinHandle<u32>,
}

impl Worker {
    /// Start the worker's thread and return at once.
    pub fn start(id: u32, every: Duration, log: Sender<String>) -> Worker {
        let (stop, stop_requested) = mpsc::channel::<()>();
        let thread = thread::spawn(move || {
            let mut announced = 0;
            loop {
                if log.send(format!("worker {id}")).is_err() {
                    break; // nobody listens any more
                }
                announced += 1;
                // Waiting on the channel *is* the pause between announcements,
                // so a stop request wakes the worker at once.
                match stop_requested.recv_timeout(every) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            announced
        });
        Worker { stop, thread }
    }

    /// Stop the worker, wait for its thread, return its count.
    pub fn stop(self) -> u32 {
        // If the worker already ended, the send fails: nothing to stop.
        let _ = self.stop.send(());
        self.thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}
// ANCHOR_END: worker

// ANCHOR: counter
/// Exercise 3: a counter shared by reference across threads.
#[derive(Debug, Default)]
pub struct Counter {
    // One lock guards the map; the total is derived from it, so the two can
    // never disagree.
    per_thread: Mutex<HashMap<ThreadId, u64>>,
}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one, on behalf of the calling thread.
    pub fn add_one(&self) {
        // A panic elsewhere cannot leave the map half-updated (one `+= 1`),
        // so a poisoned lock still guards good data.
        let mut counts = self.per_thread.lock().unwrap_or_else(PoisonError::into_inner);
        *counts.entry(thread::current().id()).or_default() += 1;
    }

    /// Everything added so far, by all threads.
    pub fn total(&self) -> u64 {
        self.per_thread().values().sum()
    }

    /// What each thread added.
    pub fn per_thread(&self) -> HashMap<ThreadId, u64> {
        self.per_thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
// ANCHOR_END: counter

// ANCHOR: ordered_sentence
/// Exercise 4: threads prepare their words in parallel, then write in turn.
pub fn ordered_sentence(words: &[&str], prepare: impl Fn(&str) + Send + Sync + 'static) -> String {
    // What every thread shares: the sentence, whose turn it is (the position
    // of the word to write next), and a Condvar to sleep on until it changes.
    let shared = Arc::new((Mutex::new(String::new()), Mutex::new(0_usize), Condvar::new()));
    let prepare = Arc::new(prepare);
    // Start every thread first (collect), then join them all.
    let handles: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(position, word)| {
            let (shared, prepare) = (Arc::clone(&shared), Arc::clone(&prepare));
            let word = word.to_string(); // the thread owns its word
            thread::spawn(move || {
                prepare(&word); // in parallel with every other word
                let (sentence, turn, turn_changed) = &*shared;
                let next = turn.lock().unwrap_or_else(PoisonError::into_inner);
                // Sleep until it is our turn. `wait_while` releases the lock
                // while asleep, and looks again after every wake-up.
                let mut next = turn_changed
                    .wait_while(next, |next| *next != position)
                    .unwrap_or_else(PoisonError::into_inner);
                let mut sentence = sentence.lock().unwrap_or_else(PoisonError::into_inner);
                if position > 0 {
                    sentence.push(' ');
                }
                sentence.push_str(&word);
                *next += 1;
                turn_changed.notify_all(); // wake everyone: one of them is next
            })
        })
        .collect();
    for handle in handles {
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    let (sentence, _, _) = &*shared;
    let sentence = sentence.lock().unwrap_or_else(PoisonError::into_inner);
    sentence.clone()
}
// ANCHOR_END: ordered_sentence
