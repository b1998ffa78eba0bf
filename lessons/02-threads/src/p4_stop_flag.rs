//! Part 4 of lesson 02: seed 001's counting worker, stopped from the main
//! thread.
//!
//! Python shares a global `complete = False`; the worker loops until it turns
//! True. In Rust a plain `bool` shared with a thread does not compile (see
//! the chapter): the flag must be a type made for sharing, `AtomicBool`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Instant;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;

pub fn run(scale: TimeScale) {
    println!("4. A counting worker stopped by a flag");
    // ANCHOR: stop_flag
    let complete = AtomicBool::new(false);
    let (count, stopped_after) = thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let mut count = 0;
            // Relaxed is enough: the flag publishes no other data, we only
            // need the worker to see `true` eventually.
            while !complete.load(Ordering::Relaxed) {
                scale.sleep(1.0);
                println!("   count = {count}");
                count += 1;
            }
            count
        });
        scale.sleep(3.5); // the seed waited for the user to hit Enter here
        complete.store(true, Ordering::Relaxed);
        let flagged = Instant::now();
        let count = worker.join().expect("the worker panicked");
        (count, flagged.elapsed())
    });
    // ANCHOR_END: stop_flag
    println!("   the worker counted {count} times");
    // The flag is set 3.5 units in, halfway through the worker's 4th sleep:
    // it sees the flag only when that sleep ends, half a unit later.
    let why = "half its last sleep";
    println!(
        "   {}",
        measured_vs_ideal("stopped after the flag", stopped_after, scale.units(0.5), why)
    );
    println!("   (to stop at once instead, wait on a channel: exercise 2)\n");
}
