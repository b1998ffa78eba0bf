//! Part 1: seed 004's `delay_message`, run as two tasks. The logs show the
//! time and the thread of each line; the runtime counts the live tasks;
//! a future that is never awaited shows that it never ran; then what
//! cancelling a task does, and what becomes of a task still running when
//! the runtime shuts down.

use lesson_06_async::delay_message;
use std::time::Instant;
use tokio::runtime::{Builder, Handle, Runtime};
use tokio::sync::oneshot;
use tracing::info;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;

pub fn run(runtime: &Runtime, scale: TimeScale) {
    runtime.block_on(tasks(scale));
    runtime.block_on(cancellation(scale));
    shutdown(scale);
    println!();
}

async fn tasks(scale: TimeScale) {
    println!("1. delay_message as two tasks (log: seconds since start, thread, message)");
    let start = Instant::now();
    two_tasks(scale).await;
    println!(
        "   {}",
        measured_vs_ideal(
            "main",
            start.elapsed(),
            scale.units(3.0),
            "the longer task, 3 units"
        )
    );
    println!("   (one after the other would take 5 units: the two waits overlapped)");
    println!("   asyncio counts main() as a task too (1, then 3); tokio counts spawned tasks only.");
    futures_and_tasks(scale).await;
    join_errors(scale).await;
}

// ANCHOR: two_tasks
async fn two_tasks(scale: TimeScale) {
    info!("Main started");
    info!("Current live tasks: {}", live_tasks());
    info!("Creating tasks");
    // asyncio.create_task: the runtime starts running each one now.
    let two = tokio::spawn(delay_message(scale, 2.0, "TWO"));
    let three = tokio::spawn(delay_message(scale, 3.0, "THREE"));
    info!("Current live tasks: {}", live_tasks());
    // Waiting on a task's handle suspends `main` until the task is done;
    // Err would mean the task panicked or was cancelled (see below).
    two.await.expect("task TWO panicked");
    three.await.expect("task THREE panicked");
    info!("Main ended");
}

/// The live tasks, like `len(asyncio.all_tasks())`, except that tokio
/// counts only spawned tasks, not the `main` future `block_on` runs.
fn live_tasks() -> usize {
    Handle::current().metrics().num_alive_tasks()
}
// ANCHOR_END: two_tasks

// ANCHOR: futures_and_tasks
async fn futures_and_tasks(scale: TimeScale) {
    // Calling an async fn builds a future and runs none of its body.
    // Dropped without `.await`, it never runs: no log lines.
    let forgotten = delay_message(scale, 0.5, "FORGOTTEN");
    drop(forgotten);
    // A spawned task runs whether or not anyone awaits its handle
    // (dropping the handle only means nobody will get the result), for as
    // long as the runtime runs: see `shutdown` below.
    drop(tokio::spawn(delay_message(scale, 0.5, "DETACHED")));
    tokio::time::sleep(scale.units(1.0)).await;
}
// ANCHOR_END: futures_and_tasks

// ANCHOR: join_errors
/// `handle.await` is `Err` in two cases, which `JoinError` tells apart:
/// the task panicked (Python's `await task` re-raises its exception), or
/// it was cancelled by `abort()` (Python's `CancelledError`).
async fn join_errors(scale: TimeScale) {
    // A panic prints its message (and, with RUST_BACKTRACE set, a long
    // backtrace) from the thread it happened on; one short line will do.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let what = info.payload().downcast_ref::<&str>().copied().unwrap_or("?");
        println!("   (a task panicked: {what})");
    }));
    let panics = tokio::spawn(async { panic!("a task that panics") });
    let aborted = tokio::spawn(tokio::time::sleep(scale.units(10.0)));
    aborted.abort(); // cancel it: it stops at its next `.await`
    for (label, handle) in [("panicked", panics), ("aborted", aborted)] {
        match handle.await {
            Ok(()) => println!("   {label:<8} task: Ok"),
            Err(e) => println!(
                "   {label:<8} task: Err, is_panic() {}, is_cancelled() {}",
                e.is_panic(),
                e.is_cancelled()
            ),
        }
    }
    std::panic::set_hook(default_hook);
}
// ANCHOR_END: join_errors

/// Says so when dropped: where a task's cleanup belongs.
struct Cleanup(&'static str);

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("   {}: its Cleanup was dropped (the task is over)", self.0);
    }
}

// ANCHOR: cancellation
/// `abort()` does not stop a task where it is: it marks it, and the task
/// ends at its next `.await`, where the runtime drops it with everything it
/// holds. Code between two `.await`s runs to its end, and cleanup belongs
/// in `Drop` (Python's `except CancelledError:` or `finally:`).
async fn cancellation(scale: TimeScale) {
    let (began, has_begun) = oneshot::channel();
    let task = tokio::spawn(async move {
        let _cleanup = Cleanup("ABORTED");
        began.send(()).expect("the main task waits for this");
        // Blocking, on purpose: the abort below lands while this runs.
        std::thread::sleep(scale.units(0.2));
        println!("   ABORTED: ran on to its next .await after abort() was called");
        tokio::time::sleep(scale.units(10.0)).await; // cancelled here
        println!("   ABORTED: finished (never printed)");
    });
    has_begun.await.expect("the task began");
    task.abort();
    let ended = task.await;
    let cancelled = ended.as_ref().err().is_some_and(|e| e.is_cancelled());
    println!("   ABORTED: handle.await is Err, is_cancelled() {cancelled}");
}
// ANCHOR_END: cancellation

// ANCHOR: shutdown
/// What happens when `#[tokio::main]`'s `main` returns: the runtime shuts
/// down, and a task still running is dropped at its `.await`, unfinished.
/// A detached task runs to the end only while its runtime lives.
fn shutdown(scale: TimeScale) {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a one-thread runtime starts");
    runtime.block_on(async {
        let (began, has_begun) = oneshot::channel();
        drop(tokio::spawn(async move {
            let _cleanup = Cleanup("LEFT BEHIND");
            began.send(()).expect("main waits for this");
            tokio::time::sleep(scale.units(1.0)).await;
            println!("   LEFT BEHIND: finished (never printed)");
        }));
        has_begun.await.expect("the task began");
        println!("   main returns while LEFT BEHIND sleeps; the runtime shuts down");
    });
    drop(runtime); // what the end of `#[tokio::main] async fn main` does
}
// ANCHOR_END: shutdown
