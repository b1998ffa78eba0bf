//! Part 6 of lesson 02: a deadlock. Two threads each take one lock and then
//! want the other's: each waits for the other forever. We detect it with a
//! time limit (the program must not hang), then avoid it two ways: take the
//! locks in one agreed order, or back off with `try_lock`.

use std::sync::{Arc, Barrier, Mutex, TryLockError};
use std::thread;
use std::time::{Duration, Instant};
use workbook::TimeScale;
use workbook::timeit::human;
use workbook::watchdog::{TimedOut, try_within};

type Account = Arc<Mutex<i64>>;

pub fn run(scale: TimeScale) {
    println!("6. A deadlock: two threads, two locks");
    // The deadlock is certain (a barrier makes both threads hold one lock
    // first), so a short wait is enough to show it. The fixes must finish:
    // that is an event, waited for as long as a busy machine needs; the
    // guard only keeps a broken fix from hanging the demo.
    let limit = scale.units(3.0);
    let must_finish = Duration::from_secs(30);

    let (a, b) = accounts();
    match try_within(limit, move || opposite_order(a, b)) {
        Ok(()) => println!("   opposite order: finished (the threads got lucky)"),
        Err(TimedOut { limit }) => {
            println!(
                "   opposite order: DEADLOCK, neither thread finished within {}",
                human(limit)
            );
            println!("   (both stay stuck until the program exits: a thread cannot be killed)");
        }
    }

    let (a, b) = accounts();
    let started = Instant::now();
    match try_within(must_finish, move || same_order(a, b)) {
        Ok(()) => println!("   same order: both finished in {}", human(started.elapsed())),
        Err(_) => println!("   same order: still stuck (this should not happen)"),
    }

    let (a, b) = accounts();
    match try_within(must_finish, move || back_off(a, b)) {
        Ok(retries) => {
            println!("   try_lock and back off: both finished; backed off {retries} time(s) in all")
        }
        Err(_) => println!("   try_lock and back off: still stuck (this should not happen)"),
    }
    println!();
}

fn accounts() -> (Account, Account) {
    (Arc::new(Mutex::new(100)), Arc::new(Mutex::new(100)))
}

/// Move `amount` from `from` to `to`, holding both locks.
fn transfer(from: &Mutex<i64>, to: &Mutex<i64>, amount: i64, both_hold_one: &Barrier) {
    let mut from = from.lock().expect("no panic while holding an account");
    // Wait until the other thread holds its first lock too: this makes the
    // unlucky timing certain, so the demo shows the deadlock every run.
    both_hold_one.wait();
    let mut to = to.lock().expect("no panic while holding an account");
    *from -= amount;
    *to += amount;
}

// ANCHOR: opposite_order
fn opposite_order(a: Account, b: Account) {
    let barrier = Arc::new(Barrier::new(2));
    let (a2, b2, barrier2) = (a.clone(), b.clone(), barrier.clone());
    let first = thread::spawn(move || transfer(&a, &b, 10, &barrier)); // a, then b
    let second = thread::spawn(move || transfer(&b2, &a2, 20, &barrier2)); // b, then a
    first.join().expect("transfer panicked");
    second.join().expect("transfer panicked");
}
// ANCHOR_END: opposite_order

// ANCHOR: same_order
fn same_order(a: Account, b: Account) {
    // The fix: every thread takes the locks in one global order (here: `a`
    // before `b`), whichever way the money moves. No cycle, no deadlock.
    let (a2, b2) = (a.clone(), b.clone());
    let first = thread::spawn(move || {
        let (mut a, mut b) = (a.lock().expect("no panic"), b.lock().expect("no panic"));
        *a -= 10;
        *b += 10;
    });
    let second = thread::spawn(move || {
        let (mut a, mut b) = (a2.lock().expect("no panic"), b2.lock().expect("no panic"));
        *b -= 20;
        *a += 20;
    });
    first.join().expect("transfer panicked");
    second.join().expect("transfer panicked");
}
// ANCHOR_END: same_order

// ANCHOR: back_off
fn back_off(a: Account, b: Account) -> u32 {
    let barrier = Arc::new(Barrier::new(2));
    let (a2, b2, barrier2) = (a.clone(), b.clone(), barrier.clone());
    let first = thread::spawn(move || polite_transfer(&a, &b, 10, &barrier));
    let second = thread::spawn(move || polite_transfer(&b2, &a2, 20, &barrier2));
    first.join().expect("transfer panicked") + second.join().expect("transfer panicked")
}

/// Take `from`, then *try* `to`; if it is busy, let go of `from` and retry.
/// Returns how many times it had to back off.
fn polite_transfer(from: &Mutex<i64>, to: &Mutex<i64>, amount: i64, both_hold_one: &Barrier) -> u32 {
    let mut retries = 0;
    loop {
        let mut from_guard = from.lock().expect("no panic while holding an account");
        if retries == 0 {
            both_hold_one.wait(); // the same unlucky start as the deadlock
        }
        match to.try_lock() {
            Ok(mut to_guard) => {
                *from_guard -= amount;
                *to_guard += amount;
                return retries;
            }
            Err(TryLockError::WouldBlock) => {
                drop(from_guard); // give the other thread its chance
                retries += 1;
                thread::yield_now();
            }
            Err(TryLockError::Poisoned(_)) => panic!("an account was poisoned"),
        }
    }
}
// ANCHOR_END: back_off
