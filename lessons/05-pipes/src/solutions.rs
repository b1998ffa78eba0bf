//! Lesson 05: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 5` runs the same tests against this file.

use serde::Serialize;
use std::io::{self, BufRead, BufReader, ErrorKind, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;

// ANCHOR: pipeline
/// Exercise 1: generate → square → sum, one thread per stage, two channels.
pub fn pipeline(n: u64, square: impl Fn(u64) -> u64 + Send + 'static) -> u64 {
    let (numbers_out, numbers_in) = mpsc::channel();
    let (squares_out, squares_in) = mpsc::channel();
    // Each stage owns the sending half of its output channel (`move`):
    // when the stage's loop ends, the thread ends and drops it, and that
    // is what ends the next stage's `for` loop.
    let generate = thread::spawn(move || {
        for x in 1..=n {
            numbers_out
                .send(x)
                .expect("the square stage outlives the generator");
        }
    });
    let squares = thread::spawn(move || {
        for x in numbers_in {
            squares_out
                .send(square(x))
                .expect("the sum stage outlives the square stage");
        }
    });
    // The last stage is this thread: it ends when the square stage has ended.
    let sum = squares_in.iter().sum();
    generate.join().expect("the generator panicked");
    squares.join().expect("the square stage panicked");
    sum
}
// ANCHOR_END: pipeline

// ANCHOR: bounded_hand_off
/// Exercise 2: a bounded channel between a producer thread and the consumer.
pub fn bounded_hand_off<T, I>(capacity: usize, items: I, mut consume: impl FnMut(T) + Send) -> usize
where
    T: Send,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
{
    // `sync_channel(capacity)` is bounded: `send` blocks while it is full.
    let (queue, taken) = mpsc::sync_channel(capacity);
    let items = items.into_iter();
    // Scoped threads may borrow: neither `items` nor `consume` is 'static.
    thread::scope(|scope| {
        scope.spawn(move || {
            for item in items {
                // Blocks here, holding the next item, until there is room:
                // the iterator is not asked for more until then.
                if queue.send(item).is_err() {
                    break; // the consumer has gone
                }
            }
        });
        let mut consumed = 0;
        for item in taken {
            consume(item);
            consumed += 1;
        }
        consumed
    })
}
// ANCHOR_END: bounded_hand_off

// ANCHOR: ping_pong
/// Exercise 3: ping-pong with a child over its stdin and stdout pipes.
pub fn ping_pong(mut pong: Command, rounds: u32) -> io::Result<Vec<u64>> {
    let mut child = pong.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
    let ends = child.stdin.take().zip(child.stdout.take());
    let (to_child, from_child) = ends.expect("both were set to Stdio::piped()");
    match play(to_child, BufReader::new(from_child), rounds) {
        Ok(answers) => {
            // `play` has dropped `to_child`: the child reads end-of-file and
            // can finish. Only then is it safe to wait for it.
            let status = child.wait()?;
            if !status.success() {
                return Err(io::Error::other(format!("pong exited with {status}")));
            }
            Ok(answers)
        }
        Err(e) => {
            end(&mut child);
            Err(e)
        }
    }
}
// ANCHOR_END: ping_pong

// ANCHOR: ping_pong_rounds

/// The rounds themselves. Taking the pipe ends by value closes them on return.
fn play(
    mut to_child: ChildStdin,
    mut from_child: BufReader<ChildStdout>,
    rounds: u32,
) -> io::Result<Vec<u64>> {
    let mut answers = Vec::new();
    let mut ball = 0;
    for round in 1..=rounds {
        let failed = |what: String| io::Error::other(format!("round {round}: {what}"));
        // ChildStdin is not buffered, and `writeln!` writes its pieces one
        // by one (strace: "0", then "\n": two writes). Formatted first, the
        // line goes out in one write, which the child reads in one piece.
        let line = format!("{ball}\n");
        to_child
            .write_all(line.as_bytes())
            .map_err(|e| failed(format!("cannot send ball {ball}: {e}")))?;
        let mut line = String::new();
        if from_child.read_line(&mut line)? == 0 {
            return Err(failed("pong stopped answering (its stdout ended)".into()));
        }
        let answer: u64 = line.trim().parse().map_err(|e| {
            io::Error::new(
                ErrorKind::InvalidData,
                format!("round {round}: pong answered {line:?}: {e}"),
            )
        })?;
        answers.push(answer);
        ball = answer + 1;
    }
    Ok(answers)
}

/// Stop a child that broke the protocol, and reap it: no zombie left behind.
fn end(child: &mut Child) {
    // It may have exited already: then `kill` does nothing (std returns
    // `Ok(())` for a child that has exited but not yet been reaped).
    let _ = child.kill();
    // Killed is not gone: until `wait` collects its status, the child is a
    // zombie, an entry in the process table. `wait` reaps it.
    let _ = child.wait();
}
// ANCHOR_END: ping_pong_rounds

// ANCHOR: send_json_line
/// Exercise 4: the line built in memory, then one write.
pub fn send_json_line<T: Serialize>(out: &mut impl Write, message: &T) -> io::Result<()> {
    let mut line = serde_json::to_vec(message)?;
    line.push(b'\n');
    out.write_all(&line)?; // one write, whole: no other writer's bytes inside
    out.flush()
}
// ANCHOR_END: send_json_line
