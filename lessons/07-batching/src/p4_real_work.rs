//! Part 4: real work. Files of skewed sizes, checksummed by one thread per
//! batch (count-based batches, then size-balanced ones) and by rayon's work
//! stealing. The three run in turn, several rounds, and each is judged by
//! its median round: one round on a busy machine can say the opposite of
//! the lesson, and the demo says when the rounds disagree.

use lesson_07_batching::work::{
    DAYS, DataFile, SALE_DAYS, checksum, megabytes, passes_for, write_sales_files,
};
use lesson_07_batching::{batch_weights, by_weight, contiguous};
use rayon::prelude::*;
use std::collections::HashMap;
use std::error::Error;
use std::time::Duration;
use std::{fs, io, thread};
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;
use workbook::timeline::Timeline;

/// The work of one round, in units of the time scale: all files, one core.
const WORK_UNITS: f64 = 6.0;

/// Rounds of the three runs; each is judged by its median round.
const ROUNDS: usize = 3;

/// The three ways, in the order they run within a round.
const WAYS: [&str; 3] = [
    "count-based (contiguous)",
    "size-balanced (by_weight)",
    "rayon work stealing",
];

/// What one run measured: its timeline, and a checksum of all files.
struct Run {
    timeline: Timeline,
    checksum: u64,
}

impl Run {
    /// XOR of the files' hashes: the same whatever order the files ran in,
    /// different if a file was skipped or processed twice.
    fn new(timeline: Timeline, hashes: &[u64]) -> Self {
        let checksum = hashes.iter().fold(0, |all, hash| all ^ hash);
        Self { timeline, checksum }
    }
}

pub fn run(workers: usize, seed: u64, scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let files = write_sales_files(dir.path(), seed)?;
    let total: u64 = files.iter().map(|f| f.bytes).sum();
    let passes = passes_for(total, WORK_UNITS, scale);
    println!(
        "4. Real work: {DAYS} sales files, {}, the last {SALE_DAYS} (sale days) ~10x the others",
        megabytes(total)
    );
    println!(
        "   each file read and checksummed {passes} times over; {}; {ROUNDS} rounds\n",
        workers_text(workers)
    );
    // ANCHOR: split_files
    let by_count = contiguous(files.clone(), workers)?;
    let by_size = by_weight(files.clone(), workers, |file| file.bytes)?;
    // ANCHOR_END: split_files
    print_plans(&by_count, &by_size);

    let mut rounds: Vec<[Run; 3]> = Vec::new();
    for _ in 0..ROUNDS {
        rounds.push([
            thread_per_batch(&by_count, passes)?,
            thread_per_batch(&by_size, passes)?,
            work_stealing(&files, workers, passes)?,
        ]);
    }
    let medians: Vec<&Run> = (0..WAYS.len()).map(|way| median(&rounds, way)).collect();
    let figures = ["07-count-based", "07-size-balanced", "07-work-stealing"];
    for ((label, run), figure) in WAYS.iter().zip(&medians).zip(figures) {
        let (ideal, why) = ideal(&run.timeline, workers, *label != WAYS[2]);
        println!("   {label}, its median round:");
        let chart = run.timeline.chart().per_worker().ideal(ideal, why);
        chart.figure(figure).print();
    }
    print_table(&medians, workers);
    let (perfect, why) = perfect_split(&rounds, workers);
    println!("   a perfect split of this work: {} ({why})", human(perfect));
    print_rounds(&rounds);
    Ok(())
}

/// The round whose total is the median of way `way`'s totals.
fn median(rounds: &[[Run; 3]], way: usize) -> &Run {
    let mut runs: Vec<&Run> = rounds.iter().map(|round| &round[way]).collect();
    runs.sort_by_key(|run| run.timeline.total());
    runs[runs.len() / 2]
}

/// Read one file and checksum it, recorded on the timeline under its name
/// and the current thread's.
fn process(file: &DataFile, passes: u32, timeline: &Timeline) -> io::Result<u64> {
    timeline.record(&file.name, || Ok(checksum(&fs::read(&file.path)?, passes)))
}

// ANCHOR: thread_per_batch
/// One thread per batch, as the seeds ran one process per batch. Each
/// thread works through its own list; a thread that finishes early waits,
/// since nobody hands it another's files.
fn thread_per_batch(batches: &[Vec<DataFile>], passes: u32) -> Result<Run, Box<dyn Error>> {
    let timeline = Timeline::new();
    let hashes = thread::scope(|scope| {
        let mut workers = Vec::new();
        for (b, batch) in batches.iter().enumerate() {
            let timeline = &timeline; // the closure moves a reference, not the timeline
            let worker = thread::Builder::new()
                .name(format!("batch {}", b + 1))
                .spawn_scoped(scope, move || work_through(batch, passes, timeline))?;
            workers.push(worker);
        }
        let mut hashes = Vec::new();
        for worker in workers {
            // `join` fails only if the thread panicked; `?` passes on an
            // I/O error the thread returned.
            hashes.extend(worker.join().expect("a batch thread panicked")?);
        }
        // The closure's `?`s need to know which error type it returns;
        // naming the `Ok` as `io::Result::Ok` tells the compiler.
        io::Result::Ok(hashes)
    })?;
    Ok(Run::new(timeline, &hashes))
}

/// One worker's job: its files, one after the other.
fn work_through(files: &[DataFile], passes: u32, timeline: &Timeline) -> io::Result<Vec<u64>> {
    files.iter().map(|file| process(file, passes, timeline)).collect()
}
// ANCHOR_END: thread_per_batch

// ANCHOR: work_stealing
/// No batches: rayon splits the list between its threads as they go, and a
/// thread that runs out of work steals a not-yet-started part of another's.
fn work_stealing(files: &[DataFile], workers: usize, passes: u32) -> Result<Run, Box<dyn Error>> {
    // Threads named "rayon 1", "rayon 2"...: the rows of the timeline.
    let pool = workbook::pool::named("rayon", workers);
    let timeline = Timeline::new();
    let hashes = pool.install(|| {
        files
            .par_iter()
            .map(|file| process(file, passes, &timeline))
            .collect::<io::Result<Vec<u64>>>()
    })?;
    Ok(Run::new(timeline, &hashes))
}
// ANCHOR_END: work_stealing

/// What each split promised before any work ran: MB and files per batch.
fn print_plans(by_count: &[Vec<DataFile>], by_size: &[Vec<DataFile>]) {
    for (label, batches) in [("count-based", by_count), ("size-balanced", by_size)] {
        let plan: Vec<String> = batches
            .iter()
            .zip(batch_weights(batches, |file| file.bytes))
            .map(|(batch, bytes)| format!("{} in {} files", megabytes(bytes), batch.len()))
            .collect();
        println!("   {label:<14} batches: {}", plan.join(", "));
    }
    // The skew is chosen so that the plan alone decides: the sale days sit
    // at the end of the list, so counting files puts them together.
    let heaviest = |batches: &[Vec<DataFile>]| {
        let most = batch_weights(batches, |file| file.bytes).into_iter().max();
        most.unwrap_or(0) as f64
    };
    println!(
        "   by plan, count-based's busiest batch holds {:.2}x the bytes of size-balanced's:\n   \
         it should take about that much longer",
        heaviest(by_count) / heaviest(by_size).max(1.0)
    );
    println!();
}

/// The best this run could do. With fixed batches: its busiest worker's
/// work, since nobody takes files off it. With work stealing: the busy time
/// shared evenly by the workers, unless one file alone takes longer.
fn ideal(timeline: &Timeline, workers: usize, fixed_batches: bool) -> (Duration, String) {
    let spans = timeline.spans();
    if fixed_batches {
        let mut per_worker: HashMap<&str, Duration> = HashMap::new();
        for span in &spans {
            *per_worker.entry(span.worker.as_str()).or_default() += span.end - span.start;
        }
        let busiest = per_worker.into_values().max().unwrap_or_default();
        return (busiest, "its busiest worker's work".to_string());
    }
    let busy: Duration = spans.iter().map(|s| s.end - s.start).sum();
    let largest = spans.iter().map(|s| s.end - s.start).max().unwrap_or_default();
    let shared = busy.div_f64(workers as f64);
    if largest > shared {
        (largest, "the largest file".to_string())
    } else {
        (shared, format!("busy time / {}", workers_text(workers)))
    }
}

/// `1 worker`, `2 workers`.
fn workers_text(workers: usize) -> String {
    let plural = if workers == 1 { "" } else { "s" };
    format!("{workers} worker{plural}")
}

/// The three medians beside their ideals.
fn print_table(medians: &[&Run], workers: usize) {
    println!(
        "\n   The three runs ({}, median of {ROUNDS} rounds):",
        workers_text(workers)
    );
    for (label, run) in WAYS.iter().zip(medians) {
        let (ideal, why) = ideal(&run.timeline, workers, *label != WAYS[2]);
        println!(
            "   {}",
            measured_vs_ideal(label, run.timeline.total(), ideal, &why)
        );
    }
}

/// What no split can beat, the work's critical path: all the work shared
/// evenly, or its largest file if that takes longer. Every run does the
/// same work, so each file's time is the least any run measured for it (a
/// run that took longer over a file was slowed, not given more to do).
fn perfect_split(rounds: &[[Run; 3]], workers: usize) -> (Duration, String) {
    let mut least: HashMap<String, Duration> = HashMap::new();
    for span in rounds.iter().flatten().flat_map(|run| run.timeline.spans()) {
        let took = span.end - span.start;
        least
            .entry(span.task)
            .and_modify(|best| *best = (*best).min(took))
            .or_insert(took);
    }
    let work: Duration = least.values().sum();
    let largest = least.values().copied().max().unwrap_or_default();
    let shared = work.div_f64(workers as f64);
    if largest > shared {
        (largest, "its largest file, at its fastest".to_string())
    } else {
        let runs = rounds.len() * WAYS.len();
        (
            shared,
            format!("each file's fastest of {runs} runs, / {}", workers_text(workers)),
        )
    }
}

/// Every round's totals; whether the rounds agree that balancing by size
/// beats counting files; whether every run processed every file once.
fn print_rounds(rounds: &[[Run; 3]]) {
    for (way, label) in WAYS.iter().enumerate() {
        let totals: Vec<String> = rounds.iter().map(|r| human(r[way].timeline.total())).collect();
        println!("   {label:<26} rounds: {}", totals.join(", "));
    }
    let total = |run: &Run| run.timeline.total();
    let wins = rounds.iter().filter(|r| total(&r[1]) < total(&r[0])).count();
    if wins == rounds.len() {
        println!("   size-balanced beat count-based in every round");
    } else {
        // The files and the splits are the same in every round: only the
        // machine can differ.
        println!("   size-balanced beat count-based in only {wins} of {ROUNDS} rounds. The");
        println!("   splits were the same each round, so the machine was not: other");
        println!("   programs took the cores for a while. Rerun on a quiet machine.");
    }
    let first = rounds[0][0].checksum;
    let agree = rounds.iter().flatten().all(|run| run.checksum == first);
    println!("   checksums agree: {agree} ({first:#018x}): every file processed exactly once");
}
