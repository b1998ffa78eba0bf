//! A wrong `Counter` (the chapter's pitfall "atomics used as load-then-store"):
//! a separate atomic total, read with `load` and written with `store`. Each
//! step is atomic; the two together are not. The normal tests pass it in
//! most runs; the model check fails it every time.

use std::collections::HashMap;
use workbook::sync::atomic::{AtomicU64, Ordering};
use workbook::sync::thread::{self, ThreadId};
use workbook::sync::{Mutex, PoisonError};

#[derive(Debug, Default)]
pub struct Counter {
    total: AtomicU64,
    per_thread: Mutex<HashMap<ThreadId, u64>>,
}

impl Counter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_one(&self) {
        *self
            .per_thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(thread::current().id())
            .or_default() += 1;
        let seen = self.total.load(Ordering::SeqCst);
        self.total.store(seen + 1, Ordering::SeqCst); // another add may have come in between
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::SeqCst)
    }

    pub fn per_thread(&self) -> HashMap<ThreadId, u64> {
        self.per_thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
