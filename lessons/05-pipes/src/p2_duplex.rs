//! Part 2: duplex is two pipes. An OS pipe goes one way, so a conversation
//! with a child needs two: the child's stdin (the parent writes) and its
//! stdout (the parent reads). The parent sends a message, waits for the
//! answer, and sends the next: a round trip each, timed beside the same
//! round trip between two threads over two channels.

use lesson_05_pipes::frames::{read_json_line, write_json_line};
use lesson_05_pipes::roles::{self, Note};
use std::io::{self, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use workbook::child::Guard;
use workbook::timeit::{Stats, human};

const ROUND_TRIPS: usize = 200;

pub fn run() -> io::Result<()> {
    println!("2. Duplex = two pipes: a conversation with a child over its stdin and stdout");
    let (replies, round_trips) = converse(&["Hello, team!", "are you there?"])?;
    for reply in &replies {
        println!("   child answered: {reply:?}");
    }
    let processes = Stats::from_samples(round_trips, 1);
    let threads = Stats::from_samples(thread_round_trips(), 1);
    println!("   {ROUND_TRIPS} round trips, one message each way, median (min):");
    println!(
        "   to a child process over two pipes    {:>9} ({})",
        human(processes.median()),
        human(processes.min())
    );
    println!(
        "   to a thread over two channels        {:>9} ({})",
        human(threads.median()),
        human(threads.min())
    );
    println!("   (each one: write, the other side wakes, reads, writes, this side wakes, reads)\n");
    Ok(())
}

/// The same round trips between two threads of one process, over two
/// channels: no kernel copy, no second process, still two wake-ups.
fn thread_round_trips() -> Vec<Duration> {
    let (to_thread, questions) = mpsc::channel::<String>();
    let (to_main, answers) = mpsc::channel::<String>();
    let shouter = thread::spawn(move || {
        for question in questions {
            if to_main.send(question.to_uppercase()).is_err() {
                break;
            }
        }
    });
    let round_trips = (0..ROUND_TRIPS)
        .map(|_| {
            let sent = Instant::now();
            to_thread.send("ping".into()).expect("the thread is listening");
            answers.recv().expect("the thread answers");
            sent.elapsed()
        })
        .collect();
    drop(to_thread); // the thread's loop ends
    shouter.join().expect("the shouting thread panicked");
    round_trips
}

// ANCHOR: converse
/// Talk to a `shout` child: each of `texts` gets an answer, then
/// [`ROUND_TRIPS`] short messages are timed there and back.
fn converse(texts: &[&str]) -> io::Result<(Vec<String>, Vec<Duration>)> {
    let mut child = Guard::new(
        roles::command("shout")?
            .stdin(Stdio::piped()) // pipe 1: parent → child
            .stdout(Stdio::piped()) // pipe 2: child → parent
            .spawn()?,
    ); // killed and reaped if we leave early
    let mut to_child = child.stdin.take().expect("stdin was piped");
    let mut from_child = BufReader::new(child.stdout.take().expect("stdout was piped"));
    let mut ask = |text: &str| -> io::Result<String> {
        let note = Note {
            from: "parent".into(),
            text: text.into(),
        };
        write_json_line(&mut to_child, &note)?;
        let reply: Option<Note> = read_json_line(&mut from_child)?;
        reply
            .map(|note| note.text)
            .ok_or_else(|| io::Error::other("the child hung up"))
    };
    let replies = texts
        .iter()
        .map(|text| ask(text))
        .collect::<io::Result<Vec<_>>>()?;
    let round_trips = (0..ROUND_TRIPS)
        .map(|_| {
            let sent = Instant::now();
            ask("ping").map(|_| sent.elapsed())
        })
        .collect::<io::Result<Vec<_>>>()?;
    drop(to_child); // end of the conversation: the child reads end-of-file and exits
    let status = child.wait()?;
    if !status.success() {
        return Err(io::Error::other(format!("the shout child failed: {status}")));
    }
    Ok((replies, round_trips))
}
// ANCHOR_END: converse
