//! Part 5 of lesson 02: counters shared by threads.
//!
//! Seed 003 counts, per process, into a `Manager().dict()` keyed by pid. The
//! thread version is a map from thread id to count behind a `Mutex`. Then one
//! number counted three ways — a `Mutex<u64>`, an `AtomicU64`, and atomics
//! used wrongly (load, add, store: updates get lost) — and what happens to a
//! lock when a thread panics while holding it.

use std::collections::HashMap;
use std::panic;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};
use workbook::machine::cores;
use workbook::report::grouped;
use workbook::timeit::{Stats, human};

/// Increments per thread in the timing race.
const PER_THREAD: u64 = 1_000_000;

/// Runs of each way of counting; the time quoted is their median.
const RUNS: usize = 9;

pub fn run() {
    println!("5. Shared counters");
    per_thread_counts();
    mutex_vs_atomic();
    poisoning();
    println!();
}

// ANCHOR: per_thread_counts
fn per_thread_counts() {
    let counts: Mutex<HashMap<ThreadId, u32>> = Mutex::new(HashMap::new());
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..10 {
                    // `lock()` fails only if another thread panicked while
                    // holding the lock ("poisoning", the end of this part);
                    // this takes the data anyway.
                    let mut counts = counts.lock().unwrap_or_else(PoisonError::into_inner);
                    *counts.entry(thread::current().id()).or_default() += 1;
                } // the guard is dropped here, each round: the lock is held briefly
            });
        }
    });
    let counts = counts.into_inner().unwrap_or_else(PoisonError::into_inner);
    // ANCHOR_END: per_thread_counts
    // `ThreadId(1018)` is long: show the number only, so the line fits.
    let mut shown: Vec<String> = counts
        .iter()
        .map(|(id, n)| {
            format!(
                "{}: {n}",
                format!("{id:?}")
                    .trim_start_matches("ThreadId(")
                    .trim_end_matches(')')
            )
        })
        .collect();
    shown.sort();
    println!("   seed 003's dict, per ThreadId: {{{}}}", shown.join(", "));
}

fn mutex_vs_atomic() {
    let threads = cores().max(2) as u64;
    let ideal = threads * PER_THREAD;
    println!(
        "   {threads} threads × {} increments each, median of {RUNS} runs:",
        grouped(PER_THREAD)
    );
    // ANCHOR: mutex_vs_atomic
    let with_mutex = || {
        let total = Mutex::new(0_u64);
        hammer(threads, || {
            *total.lock().unwrap_or_else(PoisonError::into_inner) += 1
        });
        total.into_inner().unwrap_or_else(PoisonError::into_inner)
    };
    let with_atomic = || {
        let total = AtomicU64::new(0);
        hammer(threads, || {
            total.fetch_add(1, Ordering::Relaxed); // one indivisible read-add-write
        });
        total.into_inner()
    };
    let with_atomics_wrongly = || {
        let total = AtomicU64::new(0);
        hammer(threads, || {
            // Two separate steps: another thread can store in between, and
            // one of the two increments is lost. No `unsafe`, still a bug.
            let seen = total.load(Ordering::Relaxed);
            total.store(seen + 1, Ordering::Relaxed);
        });
        total.into_inner()
    };
    // ANCHOR_END: mutex_vs_atomic
    // Three closures of three different types: `&dyn Fn() -> u64` lets one
    // list hold them all (Python would not notice the difference).
    let ways: [(&str, &dyn Fn() -> u64); 3] = [
        ("Mutex<u64>", &with_mutex),
        ("AtomicU64::fetch_add", &with_atomic),
        ("load, then store", &with_atomics_wrongly),
    ];
    // The runs of the wrong way that lost nothing, and how long they all took.
    let (mut lost_none, mut wrong_took) = (0, Duration::ZERO);
    for (label, count) in ways {
        let mut times = Vec::new();
        let mut totals = Vec::new();
        for _ in 0..RUNS {
            let (took, total) = timed(count);
            times.push(took);
            totals.push(total);
        }
        let most_lost = ideal - totals.iter().min().copied().unwrap_or(ideal);
        let least_lost = ideal - totals.iter().max().copied().unwrap_or(ideal);
        let lost = if most_lost == 0 {
            format!("none lost in {RUNS} runs")
        } else {
            format!("lost {} to {} per run", grouped(least_lost), grouped(most_lost))
        };
        if label == "load, then store" {
            lost_none = totals.iter().filter(|&&t| t == ideal).count();
            wrong_took = times.iter().sum();
        }
        let median = human(Stats::from_samples(times, 1).median());
        println!("   {label:<22} {median:>9}   want {}, {lost}", grouped(ideal));
    }
    println!("   (a Mutex and fetch_add make each read-add-write one step no other thread");
    println!("   can split, so no update is ever lost; load-then-store is two steps, and a");
    println!("   write between them is overwritten: lost when the threads overlap)");
    if lost_none > 0 {
        // A run that lost none is one where the threads did not overlap.
        // Blame the machine only if the witness saw it busy.
        let ctx = workbook::context::get().witnessed(wrong_took);
        let why = match ctx.others {
            Some(others) if ctx.busy() => format!("{others} meanwhile"),
            _ => "the machine was quiet: this run cannot tell why; run it again".to_string(),
        };
        println!(
            "{}",
            workbook::report::wrap(
                &format!(
                    "load-then-store lost none in {lost_none} of {RUNS} runs: there the \
                     threads did not overlap ({why})"
                ),
                "   ",
                "   ",
                workbook::context::get().width,
            )
        );
    }
}

/// Run `count` once: how long it took and the total it reached.
fn timed(count: &dyn Fn() -> u64) -> (Duration, u64) {
    let start = Instant::now();
    let total = count();
    (start.elapsed(), total)
}

/// Run `increment` PER_THREAD times on each of `threads` threads at once.
fn hammer(threads: u64, increment: impl Fn() + Sync) {
    // Each thread's million steps take about a millisecond: without a common
    // start, one thread may finish before the other begins, and they would
    // never collide. A `Barrier` puts early threads to sleep, and waking one
    // can take as long as the whole count, so the threads spin instead: each
    // says it has arrived, then waits, awake, until all have.
    let arrived = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                arrived.fetch_add(1, Ordering::SeqCst);
                while arrived.load(Ordering::SeqCst) < threads {
                    std::hint::spin_loop();
                }
                (0..PER_THREAD).for_each(|_| increment());
            });
        }
    });
}

// ANCHOR: poisoning
fn poisoning() {
    println!("   Poisoning: a thread panics halfway through a transfer, holding the lock");
    let balances = Mutex::new(vec![100, 100]);
    // Silence the default panic message for this one planned panic.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {
        println!("   (the thread panicked, the lock still held)")
    }));
    let outcome = thread::scope(|scope| {
        scope
            .spawn(|| {
                let mut balances = balances.lock().unwrap_or_else(PoisonError::into_inner);
                balances[0] -= 50; // half of a transfer...
                panic!("crashed before crediting the other account");
            })
            .join()
    });
    panic::set_hook(default_hook);
    assert!(outcome.is_err(), "the thread was meant to panic");
    // The lock is now poisoned: `lock()` returns Err, warning that the data
    // may be half-updated. We may still look inside and decide.
    match balances.lock() {
        Ok(_) => println!("   not poisoned (unexpected)"),
        Err(poisoned) => {
            let balances = poisoned.into_inner();
            println!("   lock() now returns Err(PoisonError); inside: {balances:?}, half a transfer");
        }
    }
    // Repair: undo the half transfer, then mark the data good again.
    balances.lock().unwrap_or_else(PoisonError::into_inner)[0] += 50;
    balances.clear_poison();
    let repaired = balances.lock().map(|b| format!("{:?}", *b));
    println!("   repaired and clear_poison(): lock() is Ok again: {repaired:?}");
}
// ANCHOR_END: poisoning
