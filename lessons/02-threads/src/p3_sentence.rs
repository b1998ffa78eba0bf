//! Part 3 of lesson 02: a sentence printed by one thread per word (seed 003).
//!
//! Python's `print(word, end=" ")` makes two writes, the word and then the
//! space, and other threads can write in between. A lock around both writes
//! keeps each word whole — but the seed's claim that the lock also puts the
//! words in order is wrong: a lock lets one thread in at a time, in whatever
//! order they arrive. Order needs coordination.
//!
//! So that we can check each run, the threads write to a `Screen` (a shared
//! `String`, each write exclusive, as each write to stdout is) and we print
//! what it shows.

use std::sync::{Barrier, Mutex, PoisonError};
use std::thread;

const SENTENCE: [&str; 11] = [
    "I", "want", "this", "to", "end", "up", "looking", "like", "a", "nice", "sentence",
];

/// How often to repeat each way, to count how often it goes wrong.
const RUNS: usize = 30;

pub fn run() {
    println!("3. \"{}\": a thread per word, {RUNS} runs", SENTENCE.join(" "));
    report("no lock", no_lock);
    report("a print lock", print_lock);
    report("joined in order", joined_in_order);
    println!("   A lock gives mutual exclusion (whole words), not order; order needs");
    println!("   coordination: join in order, or pass a turn (exercise 4).\n");
}

/// Run one way of printing `RUNS` times; show the first screen and the tally.
fn report(label: &str, print_sentence: fn(&Screen)) {
    let mut broken = 0;
    let mut shuffled = 0;
    let mut first = None;
    for _ in 0..RUNS {
        let screen = Screen::default();
        print_sentence(&screen);
        let text = screen.text();
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        let mut expected = SENTENCE.to_vec();
        expected.sort_unstable();
        if sorted != expected {
            broken += 1; // words glued together ("Iwant") or split
        } else if words != SENTENCE {
            shuffled += 1; // whole words, wrong order
        }
        first.get_or_insert(text);
    }
    println!("   {label:<16} {:?}", first.unwrap_or_default().trim_end());
    println!(
        "   {:<16} words broken in {broken}/{RUNS} runs, whole but out of order in {shuffled}/{RUNS}",
        ""
    );
}

/// A terminal that many threads write to; each single write is exclusive.
#[derive(Default)]
struct Screen(Mutex<String>);

impl Screen {
    fn write(&self, text: &str) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_str(text);
    }

    fn text(self) -> String {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

// ANCHOR: no_lock
fn no_lock(screen: &Screen) {
    // The barrier releases all eleven threads together, so the race the
    // seed saw happens on every run instead of now and then.
    let start = Barrier::new(SENTENCE.len());
    thread::scope(|scope| {
        for word in SENTENCE {
            let start = &start;
            scope.spawn(move || {
                start.wait();
                screen.write(word); // like print(word, end=" "): two writes,
                thread::yield_now(); // and another thread may run in between
                screen.write(" ");
            });
        }
    });
}
// ANCHOR_END: no_lock

// ANCHOR: print_lock
fn print_lock(screen: &Screen) {
    let start = Barrier::new(SENTENCE.len());
    let print_lock = Mutex::new(()); // guards no data, only the right to print
    thread::scope(|scope| {
        for word in SENTENCE {
            let (start, print_lock) = (&start, &print_lock);
            scope.spawn(move || {
                start.wait();
                // Both writes under one lock: nobody can write in between.
                // In real code, `std::io::stdout().lock()` is this lock.
                let _turn = print_lock.lock().unwrap_or_else(PoisonError::into_inner);
                screen.write(word);
                thread::yield_now();
                screen.write(" ");
            });
        }
    });
}
// ANCHOR_END: print_lock

// ANCHOR: joined_in_order
fn joined_in_order(screen: &Screen) {
    thread::scope(|scope| {
        // Threads do their part concurrently and hand the word back...
        let handles: Vec<_> = SENTENCE.iter().map(|&word| scope.spawn(move || word)).collect();
        // ...and one thread prints, joining the handles in sentence order.
        for handle in handles {
            screen.write(handle.join().expect("a word thread panicked"));
            screen.write(" ");
        }
    });
}
// ANCHOR_END: joined_in_order
