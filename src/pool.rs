//! Named rayon pools (feature `rayon`): timelines say which thread ran what.
//!
//! rayon names no threads by default, so a per-worker timeline would label
//! its rows with opaque ids (`ThreadId(7)`). Every lesson names its pool's
//! threads the same way through this module: `"{name} {i}"`, counting from 1
//! as a reader does (`"rayon 1"`, `"rayon 2"`). Behind a feature so that
//! lessons without rayon do not build it.
//!
//! ```
//! let pool = workbook::pool::named("rayon", 2);
//! let name = pool.install(|| std::thread::current().name().map(String::from));
//! assert!(name.is_some_and(|n| n == "rayon 1" || n == "rayon 2"));
//! ```

use rayon::{ThreadPool, ThreadPoolBuilder};

/// A builder for a pool of `threads` threads named `"{name} 1"` ….
/// `threads` = 0 lets rayon choose (one per core). Use it for
/// `build_global()` or to set more options.
pub fn builder(name: &str, threads: usize) -> ThreadPoolBuilder {
    let name = name.to_string();
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name} {}", i + 1))
}

/// A pool of `threads` threads named `"{name} 1"` … `"{name} {threads}"`.
///
/// # Panics
/// If the OS refuses to start the threads (out of memory or of processes):
/// a demo cannot go on without its pool.
pub fn named(name: &str, threads: usize) -> ThreadPool {
    builder(name, threads)
        .build()
        .unwrap_or_else(|error| panic!("cannot start the pool {name:?} of {threads} threads: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    #[test]
    fn threads_are_named_from_one() {
        let pool = named("worker", 3);
        assert_eq!(pool.current_num_threads(), 3);
        let names = Mutex::new(BTreeSet::new());
        // Each thread records its name until all three have been seen.
        pool.broadcast(|_| {
            let name = std::thread::current().name().map(String::from);
            names.lock().unwrap_or_else(|e| e.into_inner()).insert(name);
        });
        let names = names.into_inner().unwrap_or_else(|e| e.into_inner());
        let expected: BTreeSet<_> = ["worker 1", "worker 2", "worker 3"]
            .map(|n| Some(n.to_string()))
            .into();
        assert_eq!(names, expected);
    }
}
