//! Part 3: `std::sync::mpsc`, many producers and one consumer. Seed 003's
//! square and cube producers feed one queue; the consumer loops until every
//! sender is gone. Then the ways to get the end wrong: the seed's
//! `while not queue.empty()` (empty now is not empty for good), joining
//! the producers before draining a bounded queue (a deadlock), and keeping
//! one sender alive by mistake (a consumer that never ends).

use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use workbook::TimeScale;
use workbook::timeit::human;
use workbook::watchdog::try_within;

/// A message: which producer sent it, and its number.
type Message = (&'static str, u64);

/// Seed 003 feeds `range(5)` to each producer.
const NUMBERS: u64 = 5;

pub fn run(scale: TimeScale) {
    println!("3. std::sync::mpsc: seed 003's square and cube producers, one consumer");
    let received = square_and_cube();
    let shown: Vec<String> = received.iter().map(|(from, n)| format!("{from} {n}")).collect();
    // Five to a line, in the order they arrived.
    let lines: Vec<String> = shown.chunks(5).map(|five| five.join(", ")).collect();
    println!(
        "   for msg in rx: {} messages:\n     {}",
        received.len(),
        lines.join("\n     ")
    );
    report_polling(scale);
    // The next two never end: each runs on a thread of its own, given up
    // on after 2 units (and left behind, stuck, until the program exits).
    let limit = scale.units(2.0);
    report_join_then_drain(limit);
    report_forgot_to_drop(limit);
    println!();
}

fn report_polling(scale: TimeScale) {
    let got = drain_while_not_empty(scale);
    println!(
        "   the seed's `while not queue.empty()`, while the producers run: got {got} of {}",
        2 * NUMBERS
    );
    if got == 2 * NUMBERS as usize {
        println!("   (all of them: this time the producers were quicker than the first look; run again)");
    }
}

fn report_join_then_drain(limit: Duration) {
    match try_within(limit, join_then_drain) {
        Ok(n) => println!("   join first, then drain a queue of 2: got {n} (this should not happen)"),
        Err(_) => println!(
            "   join first, then drain a queue of 2: DEADLOCK, no progress within {}\n     \
             (the producers wait for room, main waits for them)",
            human(limit)
        ),
    }
}

fn report_forgot_to_drop(limit: Duration) {
    // The consumer runs on a thread of its own and reports each message it
    // gets. First wait, by those reports, until it has everything it will
    // ever get (a busy machine may not run it for a while: that is not
    // the hang); only then does waiting longer show the hang.
    let (counts, reports) = mpsc::channel();
    let consumer = thread::spawn(move || {
        forgot_to_drop(|count| {
            let _ = counts.send(count); // the demo may have stopped listening
        })
    });
    let mut got = 0;
    while got < 2 * NUMBERS as usize {
        // A generous guard, never reached when the demo is right.
        match reports.recv_timeout(Duration::from_secs(60)) {
            Ok(count) => got = count,
            Err(_) => break,
        }
    }
    // Everything has come and both producers have ended: nothing can
    // wake the consumer's `for` loop now but the end of the channel.
    thread::sleep(limit);
    if consumer.is_finished() {
        println!("   the original tx kept alive: the consumer ended (this should not happen)");
    } else {
        println!(
            "   the original tx kept alive: the consumer got {}, then HANGS:\n     \
             still waiting {} after the last one",
            how_many(got),
            human(limit)
        );
    }
    // The stuck thread is left behind; it ends when the program does.
}

/// "every message", or how many of them came.
fn how_many(received: usize) -> String {
    if received == 2 * NUMBERS as usize {
        "every message".into()
    } else {
        format!("{received} of {} messages", 2 * NUMBERS)
    }
}

/// A producer thread that sends `f(i)` for `i` in `0..NUMBERS`, tagged `name`.
fn producer(name: &'static str, f: fn(u64) -> u64, tx: Sender<Message>) -> JoinHandle<()> {
    thread::spawn(move || {
        for i in 0..NUMBERS {
            tx.send((name, f(i))).expect("the consumer is listening");
        }
    })
}

// ANCHOR: square_and_cube
fn square_and_cube() -> Vec<Message> {
    let (tx, rx) = mpsc::channel();
    // Each producer gets its own clone of the sender: many producers...
    let square = producer("square", |i| i * i, tx.clone());
    let cube = producer("cube", |i| i * i * i, tx.clone());
    // ...and the original goes away now, so that only the producers hold one.
    drop(tx);
    // ...one consumer. The loop ends when the channel is empty *and* every
    // sender is dropped, which is when both producers have finished.
    let received: Vec<Message> = rx.iter().collect();
    square.join().expect("the square producer panicked");
    cube.join().expect("the cube producer panicked");
    received
}
// ANCHOR_END: square_and_cube

// ANCHOR: drain_while_not_empty
/// The seed's loop, `while not queue.empty(): queue.get()`, run while the
/// producers are still at work (a tenth of a unit between messages).
fn drain_while_not_empty(scale: TimeScale) -> usize {
    let (tx, rx) = mpsc::channel();
    let slow = |name, f: fn(u64) -> u64, tx: Sender<Message>| {
        thread::spawn(move || {
            for i in 0..NUMBERS {
                scale.sleep(0.1);
                tx.send((name, f(i)))
                    .expect("the receiver outlives the producers");
            }
        })
    };
    let producers = [
        slow("square", |i| i * i, tx.clone()),
        slow("cube", |i| i * i * i, tx),
    ];
    let mut got = 0;
    // `try_recv` is `get_nowait`: Empty means "nothing *yet*", not "done".
    while let Ok(_message) = rx.try_recv() {
        got += 1;
    }
    for producer in producers {
        producer.join().expect("a producer panicked");
    }
    got
}
// ANCHOR_END: drain_while_not_empty

// ANCHOR: join_then_drain
/// The seed's order, join first and drain after, with a queue that holds 2.
fn join_then_drain() -> usize {
    let (tx, rx): (SyncSender<u64>, Receiver<u64>) = mpsc::sync_channel(2);
    let producers: Vec<_> = (0..2)
        .map(|_| {
            let tx = tx.clone();
            thread::spawn(move || (0..NUMBERS).for_each(|i| tx.send(i).expect("rx is alive")))
        })
        .collect();
    drop(tx);
    for producer in producers {
        producer.join().expect("a producer panicked"); // waits for room that never comes
    }
    rx.iter().count()
}
// ANCHOR_END: join_then_drain

// ANCHOR: forgot_to_drop
/// The right loop with one mistake: the original `tx` is never dropped.
/// `report` is told the count after each message, for the demo to show.
fn forgot_to_drop(report: impl Fn(usize)) -> usize {
    let (tx, rx) = mpsc::channel();
    let square = producer("square", |i| i * i, tx.clone());
    let cube = producer("cube", |i| i * i * i, tx.clone());
    square.join().expect("the square producer panicked");
    cube.join().expect("the cube producer panicked");
    // `tx` still lives in this function, so the channel is never closed:
    // after the 10th message the loop waits for an 11th, forever.
    let mut count = 0;
    for _message in &rx {
        count += 1;
        report(count); // for the demo to show
    }
    drop(tx);
    count
}
// ANCHOR_END: forgot_to_drop

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consumer_gets_all_ten_and_each_producer_in_order() {
        let received = square_and_cube();
        assert_eq!(received.len(), 10, "5 squares and 5 cubes");
        let from = |who| {
            received
                .iter()
                .filter(|(f, _)| *f == who)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            from("square"),
            [0, 1, 4, 9, 16],
            "one producer's messages keep their order"
        );
        assert_eq!(
            from("cube"),
            [0, 1, 8, 27, 64],
            "one producer's messages keep their order"
        );
    }
}
