//! The threads and locks a lesson's exercises use, from one place, so that
//! the same code can be run two ways.
//!
//! Normally every name here is `std`'s: `workbook::sync::Mutex` *is*
//! `std::sync::Mutex`, and code written against it runs as it would with
//! `std`. Built with `RUSTFLAGS="--cfg loom"` (what `just loom N` and
//! `just check N` do for the exercises that are model-checked), the same
//! names are [loom](https://docs.rs/loom)'s: types that let loom's model
//! checker choose which thread runs at every lock, unlock, atomic access and
//! spawn, and so try every interleaving of a small test (up to its bounds),
//! instead of the few a normal run happens to meet.
//!
//! Loom 0.7 has no scoped threads and no `Condvar::wait_while`; under loom:
//! - [`Condvar`] is a thin wrapper that adds `wait_while` (a loop over
//!   `wait`, which is what std's does), so code written for std compiles;
//! - `thread::scope`, `thread::sleep` and `mpsc` stay std's: they compile,
//!   but code that uses them is not model-checked (loom's threads are not OS
//!   threads, and loom has no clock). The model-checked exercises use
//!   `thread::spawn` and `Arc`.
//!
//! Only code that takes its types from here is seen by the model checker:
//! a `std::sync::atomic::AtomicU64` in the same program is invisible to it.

pub use std::sync::{LockResult, PoisonError, mpsc};

#[cfg(not(loom))]
pub use std::sync::{Arc, Barrier, Condvar, Mutex, MutexGuard, RwLock, atomic};

#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
pub use loom::sync::{Arc, Barrier, Mutex, MutexGuard, RwLock, atomic};

#[cfg(loom)]
pub use self::loom_condvar::Condvar;

/// The model checker itself (only under `cfg(loom)`): `model(|| ...)` runs a
/// closure once per interleaving loom can tell apart.
#[cfg(loom)]
pub use loom::model;

/// `std::thread`'s names, loom's where loom has them (under `cfg(loom)`).
#[cfg(loom)]
pub mod thread {
    pub use loom::thread::{JoinHandle, Thread, ThreadId, current, spawn, yield_now};
    // Not modelled by loom 0.7: these are std's, so code using them compiles
    // but is only run by the normal tests.
    pub use std::thread::{Scope, ScopedJoinHandle, available_parallelism, scope, sleep};
}

#[cfg(loom)]
mod loom_condvar {
    use super::{LockResult, MutexGuard};

    /// loom's `Condvar` with std's `wait_while` added. Every method is
    /// `#[track_caller]`, as loom's own are: with `LOOM_LOCATION=1`, loom
    /// records where each wait and notify happened, and that must be the
    /// learner's line, not this file's (a `#[track_caller]` function calling
    /// another passes its own caller's place on).
    #[derive(Debug, Default)]
    pub struct Condvar(loom::sync::Condvar);

    impl Condvar {
        /// A new condition variable.
        pub fn new() -> Condvar {
            Condvar(loom::sync::Condvar::new())
        }

        /// Release the guard's lock, sleep until notified, take the lock again.
        #[track_caller]
        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            self.0.wait(guard)
        }

        /// Wait for as long as `condition` holds (std's `Condvar::wait_while`).
        #[track_caller]
        pub fn wait_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool,
        {
            while condition(&mut *guard) {
                guard = self.0.wait(guard)?;
            }
            Ok(guard)
        }

        /// Wake one waiting thread.
        #[track_caller]
        pub fn notify_one(&self) {
            self.0.notify_one();
        }

        /// Wake every waiting thread.
        #[track_caller]
        pub fn notify_all(&self) {
            self.0.notify_all();
        }
    }
}
