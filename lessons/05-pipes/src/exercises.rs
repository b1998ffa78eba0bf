//! Lesson 05 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 5` to test it. `just hint 5 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use serde::Serialize;
use std::io::{self, Write};
use std::process::Command;

// ANCHOR: pipeline
/// Exercise 1. A three-stage pipeline joined by channels: one thread
/// generates the numbers `1..=n`, a second thread squares each with
/// `square`, and the sum stage (a third thread, or the calling thread) adds
/// the squares up. Return the sum. Every stage must end by itself when the
/// stage before it is done: no count of items passed around, no sleeping.
pub fn pipeline(n: u64, square: impl Fn(u64) -> u64 + Send + 'static) -> u64 {
    todo!("two channels, two threads, and `for x in receiver` in each consumer")
}
// ANCHOR_END: pipeline

// ANCHOR: bounded_hand_off
/// Exercise 2. Hand `items` from a producer thread to `consume` through a
/// bounded queue that holds at most `capacity` items (0: the producer waits
/// until the consumer takes each one). The producer draws items from the
/// iterator only as fast as the queue lets it: a fast producer must wait
/// for a slow consumer. `consume` sees the items in order, on a thread
/// other than the producer's. Return how many items were consumed.
pub fn bounded_hand_off<T, I>(capacity: usize, items: I, consume: impl FnMut(T) + Send) -> usize
where
    T: Send,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
{
    todo!("a bounded channel, a scoped producer thread, a consumer loop")
}
// ANCHOR_END: bounded_hand_off

// ANCHOR: ping_pong
/// Exercise 3. Play `rounds` rounds of ping-pong with a child process over
/// two pipes: its stdin (you write) and its stdout (you read). Start
/// `pong` with both piped. Each round, write one number on a line, then read
/// the child's answer (the number plus one) before the next round. The
/// first ball is 0; each later ball is the last answer plus one. Return the
/// answers (`[1, 3, 5, ...]` for a `pong` child). When the rounds are done,
/// close the child's stdin and wait for it to exit.
///
/// Errors: a child that cannot start, or that stops answering (its stdout
/// ends), or answers something that is not a number, or exits with a
/// failure. An error about a round names it (`round 4`), counting from 1.
/// After an error the child may still be running: stop it and reap it
/// (a child killed but never waited for stays a zombie).
pub fn ping_pong(pong: Command, rounds: u32) -> io::Result<Vec<u64>> {
    todo!("spawn with Stdio::piped() twice, then write a line, read a line, per round")
}
// ANCHOR_END: ping_pong

// ANCHOR: send_json_line
/// Exercise 4. Send `message` down `out` (a pipe) as one line of JSON: its
/// JSON, then `\n`, in **one** call to `write`, then flush. One write of at
/// most `PIPE_BUF` bytes (4,096 on Linux) reaches the reader whole, never
/// mixed with another writer's bytes; several writes may be, and each wakes
/// the reader. `serde_json::to_writer(out, ..)` on an unbuffered pipe makes
/// one write per token.
pub fn send_json_line<T: Serialize>(out: &mut impl Write, message: &T) -> io::Result<()> {
    todo!("serde_json::to_vec, push a newline, one write_all, then flush")
}
// ANCHOR_END: send_json_line
