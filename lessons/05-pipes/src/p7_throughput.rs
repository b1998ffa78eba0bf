//! Part 7: how many messages per second each way can carry. One producer,
//! one consumer, 64-byte messages: through std's mpsc channels, through
//! crossbeam-channel's, and through an OS pipe into a child process
//! (written through a buffer, and one write per message). The floor is the
//! same messages through a `VecDeque` on one thread, each taken back as
//! soon as it is queued: no sharing at all.

use lesson_05_pipes::roles;
use std::collections::VecDeque;
use std::hint::black_box;
use std::io::{self, BufWriter, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use workbook::child::Guard;
use workbook::report::grouped;
use workbook::timeit::{Stats, human};

const SIZE: usize = 64;
type Message = [u8; SIZE];
const MESSAGES: usize = 200_000;
/// One system call per message is slow: fewer of them keep the demo short.
const UNBUFFERED_MESSAGES: usize = 50_000;
const CAPACITY: usize = 1024;
const RUNS: usize = 3;

/// One way to carry the messages: its name, how many it carries, and a
/// function that carries them once and returns how long that took.
type Way = (&'static str, usize, fn() -> io::Result<Duration>);

const WAYS: [Way; 7] = [
    ("floor: VecDeque, one thread", MESSAGES, floor),
    ("std mpsc::channel (unbounded)", MESSAGES, std_unbounded),
    ("std mpsc::sync_channel(1024)", MESSAGES, std_bounded),
    ("crossbeam unbounded", MESSAGES, crossbeam_unbounded),
    ("crossbeam bounded(1024)", MESSAGES, crossbeam_bounded),
    ("OS pipe to a child, 64 KiB writes", MESSAGES, pipe_buffered),
    (
        "OS pipe to a child, a write per message",
        UNBUFFERED_MESSAGES,
        pipe_unbuffered,
    ),
];

pub fn run() -> io::Result<()> {
    println!("7. Messages per second, one producer and one consumer, {SIZE} bytes each (median of {RUNS})");
    println!(
        "   {:<40} {:>7} {:>9} {:>10} {:>8}",
        "way", "messages", "time", "msg/s", "per msg"
    );
    for (way, n, carry) in WAYS {
        let took = median(carry)?;
        println!(
            "   {way:<40} {:>7} {:>9} {:>9.2}M {:>8}",
            grouped(n as u64),
            human(took),
            n as f64 / took.as_secs_f64() / 1e6,
            per_message(took, n)
        );
    }
    println!("   (the channels move each message between threads of one process; the pipe copies");
    println!("   its bytes into the kernel and out again, into another process)\n");
    Ok(())
}

/// The time per message, three digits as `human` prints them. Not
/// `human(took / n)` below a microsecond: a `Duration` counts whole
/// nanoseconds, and a floor of 5.6 ns would print as 5.00 ns.
fn per_message(took: Duration, n: usize) -> String {
    let nanos = took.as_secs_f64() * 1e9 / n as f64;
    let decimals = match nanos {
        ..10.0 => 2,
        ..100.0 => 1,
        ..1000.0 => 0,
        _ => return human(took / n as u32),
    };
    format!("{nanos:.decimals$} ns")
}

fn std_unbounded() -> io::Result<Duration> {
    let (tx, rx) = mpsc::channel();
    measure(move |m| send(tx.send(m)), rx)
}

fn std_bounded() -> io::Result<Duration> {
    let (tx, rx) = mpsc::sync_channel(CAPACITY);
    measure(move |m| send(tx.send(m)), rx)
}

fn crossbeam_unbounded() -> io::Result<Duration> {
    let (tx, rx) = crossbeam_channel::unbounded();
    measure(move |m| send(tx.send(m)), rx)
}

fn crossbeam_bounded() -> io::Result<Duration> {
    let (tx, rx) = crossbeam_channel::bounded(CAPACITY);
    measure(move |m| send(tx.send(m)), rx)
}

fn pipe_buffered() -> io::Result<Duration> {
    through_pipe(MESSAGES, true)
}

fn pipe_unbuffered() -> io::Result<Duration> {
    through_pipe(UNBUFFERED_MESSAGES, false)
}

/// The median of [`RUNS`] runs of `measure`: one run on a busy machine can
/// be twice as slow as the next.
fn median(measure: fn() -> io::Result<Duration>) -> io::Result<Duration> {
    let runs = (0..RUNS).map(|_| measure()).collect::<io::Result<Vec<_>>>()?;
    Ok(Stats::from_samples(runs, 1).median())
}

/// Message number `i`: its first byte varies, so the consumer has something to check.
fn message(i: usize) -> Message {
    let mut message = [b'x'; SIZE];
    message[0] = i as u8;
    message
}

/// A send that failed means the receiving loop is gone: a bug here.
fn send<E>(sent: Result<(), E>) {
    assert!(sent.is_ok(), "the consumer stopped before the producer");
}

/// Make each message, queue it and take it back at once, on one thread: the
/// work every way below must do, with no second thread and no kernel. (All
/// of them queued first would not be a floor: 12.8 MB of messages fall out
/// of the cache, which a channel with a consumer keeping up never does.)
fn floor() -> io::Result<Duration> {
    let started = Instant::now();
    let mut queue = VecDeque::with_capacity(1);
    let mut check = 0u64;
    for i in 0..MESSAGES {
        queue.push_back(message(i));
        // black_box: the compiler must not see through the queue and drop it.
        if let Some(m) = black_box(&mut queue).pop_front() {
            check += u64::from(m[0]);
        }
    }
    black_box(check);
    Ok(started.elapsed())
}

// ANCHOR: measure
/// Send [`MESSAGES`] from a producer thread with `send`; receive them all
/// here from `received`, which ends when the producer drops its sender.
fn measure(
    mut send: impl FnMut(Message) + Send,
    received: impl IntoIterator<Item = Message>,
) -> io::Result<Duration> {
    let started = Instant::now();
    let count = thread::scope(|scope| {
        scope.spawn(move || (0..MESSAGES).for_each(|i| send(message(i))));
        let mut check = 0u64;
        let mut count = 0;
        for m in received {
            check += u64::from(m[0]);
            count += 1;
        }
        black_box(check);
        count
    });
    let took = started.elapsed();
    if count != MESSAGES {
        return Err(io::Error::other(format!(
            "{count} of {MESSAGES} messages arrived"
        )));
    }
    Ok(took)
}
// ANCHOR_END: measure

// ANCHOR: through_pipe
/// Write `n` messages into a `sink` child's stdin; it counts the bytes.
fn through_pipe(n: usize, buffered: bool) -> io::Result<Duration> {
    let mut child = Guard::new(
        roles::command("sink")?
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?,
    ); // killed and reaped if a write fails
    let to_child = child.stdin.take().expect("stdin was piped");
    let started = Instant::now();
    if buffered {
        // Many messages per `write` call: the buffer is sent when it is full.
        let mut out = BufWriter::with_capacity(64 * 1024, to_child);
        (0..n).try_for_each(|i| out.write_all(&message(i)))?;
        out.flush()?;
    } else {
        // `ChildStdin` has no buffer: each `write_all` is a system call.
        let mut out = to_child;
        (0..n).try_for_each(|i| out.write_all(&message(i)))?;
    } // the write end is dropped here: the child reads end-of-file
    let output = roles::wait_with_output(&mut child)?;
    let took = started.elapsed();
    let counted = String::from_utf8_lossy(&output.stdout);
    if counted.trim() != (n * SIZE).to_string() {
        return Err(io::Error::other(format!(
            "the sink counted {counted:?} bytes, not {}",
            n * SIZE
        )));
    }
    Ok(took)
}
// ANCHOR_END: through_pipe
