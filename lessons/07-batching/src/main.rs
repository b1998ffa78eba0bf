//! Lesson 07: batching. Splitting a list of files into one batch per
//! worker, and what a bad split costs.
//!
//! 1. the seed's eleven files into three batches, with each of the three
//!    batching functions, and with the seed's own version;
//! 2. the seed's bug story: its set-based version with `HashSet` and with
//!    `BTreeSet`, beside the `Vec` versions;
//! 3. the edge cases, the seed's answers beside ours;
//! 4. real work: files of skewed sizes, checksummed by one thread per batch
//!    (count-based batches, then size-balanced ones) and by rayon's work
//!    stealing, each timed and drawn as a timeline of its workers.
//!
//! Run it with `just lesson 7` (a release build). `--threads N` sets the
//! workers of part 4, `--seed` the sizes of its files, `--unit-ms` how long
//! its work lasts.

use clap::Parser;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::error::Error;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use std::{fs, io, thread};
use workbook::TimeScale;
use workbook::report::{indent, measured_vs_ideal};
use workbook::timeit::Repeat;
use workbook::timeline::Timeline;

use lesson_07_batching::{batch_weights, by_weight, contiguous, round_robin};

#[derive(Parser)]
#[command(about = "Lesson 07: batching work, by count, by size, and by work stealing")]
struct Args {
    #[command(flatten)]
    common: workbook::cli::Common,
    #[command(flatten)]
    threads: workbook::cli::Threads,
}

/// Made-up sizes in KB of the seed's eleven files, for the size-balanced
/// split of part 1: two big files among small ones.
const SIZES_KB: [u64; 11] = [310, 40, 25, 60, 35, 280, 20, 45, 150, 30, 55];

/// Part 4's data: a month of daily sales files, the last days (a sale) about
/// ten times the size of the others.
const DAYS: usize = 20;
const SALE_DAYS: usize = 4;

/// Part 4's work, in units of the time scale: all files, one core. The
/// demo measures this machine's speed and sets the work to match, so the
/// run lasts about as long on any machine, debug build or release.
const WORK_UNITS: f64 = 12.0;

fn main() -> ExitCode {
    let args = Args::parse();
    workbook::cli::exit_code(run(&args))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("Lesson 07: batching ({profile} build)\n");
    split_eleven_files()?;
    sets_lose_order();
    edge_cases()?;
    real_work(args.threads.count(), args.common.seed, args.common.scale())?;
    println!("\nLesson 08 splits its sales files with these same functions.");
    Ok(())
}

/// The seed's example: eleven files for three processes.
fn seed_files() -> Vec<String> {
    (0..11).map(|i| format!("file_{i}.csv")).collect()
}

/// `file_7.csv` → `7`, to print many batches on one line.
fn number(name: &str) -> &str {
    name.trim_start_matches("file_").trim_end_matches(".csv")
}

/// Batches as `[0 1 2 3] [4 5 6 7] [8 9 10]`.
fn show(batches: &[Vec<String>]) -> String {
    let shown: Vec<String> = batches
        .iter()
        .map(|batch| {
            let numbers: Vec<&str> = batch.iter().map(|name| number(name)).collect();
            format!("[{}]", numbers.join(" "))
        })
        .collect();
    shown.join(" ")
}

/// The size in KB of a seed file, from `SIZES_KB`.
fn kb(name: &str) -> u64 {
    number(name)
        .parse::<usize>()
        .ok()
        .and_then(|i| SIZES_KB.get(i).copied())
        .unwrap_or(0)
}

/// Part 1: the same eleven files, four ways.
fn split_eleven_files() -> Result<(), Box<dyn Error>> {
    println!("1. The seed's 11 files into 3 batches (N stands for file_N.csv)");
    let files = seed_files();
    let ways = [
        ("contiguous (ours)", contiguous(files.clone(), 3)?),
        ("the seed's version", seed_batch_files::<Vec<String>>(&files, 3)),
        ("round robin (seed 002)", round_robin(files.clone(), 3)?),
        (
            "by size, largest first",
            by_weight(files.clone(), 3, |name| kb(name))?,
        ),
    ];
    println!("   {:<24} {:<34} KB per batch", "", "batches");
    for (label, batches) in &ways {
        let totals = batch_weights(batches, |name| kb(name));
        println!("   {label:<24} {:<34} {totals:?}", show(batches));
    }
    println!("   The seed's version tacks the leftovers 9 and 10 onto batches that end at 2 and 5;");
    println!("   ours shifts the later batches instead, so each batch is one run of neighbours.");
    println!("   Counting files evens out the number of files per batch, not the KB.\n");
    Ok(())
}

// ANCHOR: seed_batch_files
/// The seed's `batch_files`, both versions: `len / n` files per batch, then
/// the leftovers added one each to the first batches. `S` is the container
/// of a batch: with `HashSet` (Python's `set`) this is the seed's first
/// version, with `Vec` (Python's `list`) its fix, which changed nothing else.
fn seed_batch_files<S>(files: &[String], n: usize) -> Vec<S>
where
    S: FromIterator<String> + Extend<String>,
{
    if n > files.len() {
        return Vec::new(); // the seed's answer: every file silently dropped
    }
    let per_batch = files.len() / n; // n == 0 panics here, as Python raises
    let (first, leftovers) = files.split_at(per_batch * n);
    let mut batches: Vec<S> = first
        .chunks(per_batch)
        .map(|chunk| chunk.iter().cloned().collect())
        .collect();
    for (batch, file) in batches.iter_mut().zip(leftovers) {
        batch.extend([file.clone()]);
    }
    batches
}
// ANCHOR_END: seed_batch_files

/// One batch per line, in the container's own iteration order.
fn print_batches<'a, B>(label: &str, batches: &'a [B], note: &str)
where
    &'a B: IntoIterator<Item = &'a String>,
{
    for (i, batch) in batches.iter().enumerate() {
        let names: Vec<&str> = batch.into_iter().map(String::as_str).collect();
        let label = if i == 0 { label } else { "" };
        let note = if i == 0 { note } else { "" };
        let line = format!("   {label:<22} {:<52} {note}", names.join(" "));
        println!("{}", line.trim_end());
    }
}

/// Part 2: the seed's first version kept each batch in a set.
fn sets_lose_order() {
    println!("2. The seed's bug story: the same function with sets, then lists");
    let files = seed_files();
    // ANCHOR: sets
    let hashed: Vec<HashSet<String>> = seed_batch_files(&files, 3);
    let hashed_again: Vec<HashSet<String>> = seed_batch_files(&files, 3);
    let sorted: Vec<BTreeSet<String>> = seed_batch_files(&files, 3);
    let listed: Vec<Vec<String>> = seed_batch_files(&files, 3);
    // ANCHOR_END: sets
    print_batches("HashSet (Python's set)", &hashed, "");
    print_batches("HashSet, called again", &hashed_again, "<- its own random order");
    print_batches("BTreeSet (sorted)", &sorted, "");
    print_batches("Vec (the seed's fix)", &listed, "<- insertion order");
    let same_files = (0..listed.len()).all(|b| {
        let listed: HashSet<String> = listed[b].iter().cloned().collect();
        let sorted: HashSet<String> = sorted[b].iter().cloned().collect();
        hashed[b] == listed && hashed_again[b] == listed && sorted == listed
    });
    println!("   every batch holds the same files in all four: {same_files}");
    println!("   A HashSet iterates in hash order, and every HashSet hashes with its own random");
    println!("   keys: the order changes from set to set and from run to run. A BTreeSet sorts");
    println!("   as text (\"file_10\" < \"file_3\"). Only the Vec shows the order we put in.\n");
}

/// Part 3: zero batches, more batches than files, no files.
fn edge_cases() -> Result<(), Box<dyn Error>> {
    println!("3. Edge cases: the seed's answer and ours");
    let five: Vec<String> = seed_files().into_iter().take(5).collect();
    let seed_says = seed_batch_files::<Vec<String>>(&five, 8);
    println!(
        "   5 files, 8 batches     seed: {:<22} ours: {}",
        format!("{seed_says:?} (5 files lost)"),
        show(&contiguous(five.clone(), 8)?)
    );
    // Asking for zero batches is a value to look at, not a crash.
    let zero_batches = match contiguous(five, 0) {
        Ok(batches) => show(&batches),
        Err(error) => format!("error: {error}"),
    };
    println!(
        "   5 files, 0 batches     seed: {:<22} ours: {zero_batches}",
        "ZeroDivisionError"
    );
    println!(
        "   no files, 3 batches    seed: {:<22} ours: {:?}\n",
        "[]",
        contiguous(Vec::<String>::new(), 3)?
    );
    Ok(())
}

/// A generated file and its size on disk.
#[derive(Debug, Clone)]
struct DataFile {
    path: PathBuf,
    name: String,
    bytes: u64,
}

/// What one strategy measured: its timeline, and a checksum of all files.
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

/// Part 4: the same files and the same work, split three ways.
fn real_work(workers: usize, seed: u64, scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let files = write_sales_files(dir.path(), seed)?;
    let total: u64 = files.iter().map(|f| f.bytes).sum();
    let passes = passes_for(total, scale);
    println!(
        "4. Real work: {DAYS} sales files, {}, the last {SALE_DAYS} (sale days) about 10x the others",
        megabytes(total)
    );
    println!(
        "   each file read once and checksummed {passes} times over; {}\n",
        workers_text(workers)
    );

    // ANCHOR: split_files
    let by_count = contiguous(files.clone(), workers)?;
    let by_size = by_weight(files.clone(), workers, |file| file.bytes)?;
    // ANCHOR_END: split_files
    print_plans(&by_count, &by_size);
    let runs = [
        ("count-based (contiguous)", thread_per_batch(&by_count, passes)?),
        ("size-balanced (by_weight)", thread_per_batch(&by_size, passes)?),
        ("rayon work stealing", work_stealing(&files, workers, passes)?),
    ];
    for (label, run) in &runs {
        let (ideal, why) = ideal(&run.timeline, workers);
        println!("   {label}:");
        print!(
            "{}",
            indent(&run.timeline.chart().per_worker().ideal(ideal, why).to_string())
        );
    }
    print_table(&runs, workers);
    Ok(())
}

/// Megabytes with two decimals: `2.73 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

/// Write the daily sales files into `dir`: a few thousand rows a day, ten
/// times that on the sale days. Same seed, same files.
fn write_sales_files(dir: &Path, seed: u64) -> io::Result<Vec<DataFile>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (1..=DAYS)
        .map(|day| {
            let rows = if day > DAYS - SALE_DAYS {
                rng.random_range(30_000..40_000)
            } else {
                rng.random_range(3_000..4_000)
            };
            let mut csv = String::from("invoice,amount\n");
            for row in 0..rows {
                let cents: u32 = rng.random_range(100..100_000);
                // Writing into a String cannot fail.
                let _ = writeln!(csv, "{day}{row:05},{}.{:02}", cents / 100, cents % 100);
            }
            let name = format!("day_{day:02}.csv");
            let path = dir.join(&name);
            fs::write(&path, csv)?;
            // Python's os.path.getsize: the size the file system reports.
            let bytes = fs::metadata(&path)?.len();
            Ok(DataFile { path, name, bytes })
        })
        .collect()
}

// ANCHOR: checksum
/// The work done on a file: an FNV-1a hash of its bytes, `passes` times
/// over. Each pass starts from the last one's hash, so the optimiser cannot
/// skip any: the time is proportional to bytes x passes.
fn checksum(bytes: &[u8], passes: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for _ in 0..passes {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
// ANCHOR_END: checksum

/// How many passes make the work over `total` bytes last `WORK_UNITS`
/// units on one core: time one pass over 64 KB, and scale.
fn passes_for(total: u64, scale: TimeScale) -> u32 {
    let sample = vec![7u8; 64 * 1024];
    let per_pass = Repeat::new(5)
        .batch_at_least(Duration::from_millis(2))
        .run(|| checksum(black_box(&sample), 1))
        .median();
    let seconds_per_byte = per_pass.as_secs_f64() / sample.len() as f64;
    let passes = scale.units(WORK_UNITS).as_secs_f64() / (seconds_per_byte * total as f64);
    passes.round().clamp(1.0, f64::from(u32::MAX)) as u32
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
                .name(format!("batch {b}"))
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("rayon {i}"))
        .build()?;
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
    println!();
}

/// The best any split could do: the busy time shared evenly by the
/// workers, unless one file alone takes longer than that.
fn ideal(timeline: &Timeline, workers: usize) -> (Duration, String) {
    let spans = timeline.spans();
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

/// The three totals beside their ideals, and whether every run processed
/// every file once.
fn print_table(runs: &[(&str, Run)], workers: usize) {
    println!("\n   The three runs ({}):", workers_text(workers));
    for (label, run) in runs {
        let (ideal, why) = ideal(&run.timeline, workers);
        println!(
            "   {}",
            measured_vs_ideal(label, run.timeline.total(), ideal, &why)
        );
    }
    let agree = runs
        .windows(2)
        .all(|pair| pair[0].1.checksum == pair[1].1.checksum);
    println!(
        "   checksums agree: {agree} ({:#018x}): every file processed exactly once",
        runs[0].1.checksum
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_two_versions_place_the_same_files() {
        let files = seed_files();
        let listed: Vec<Vec<String>> = seed_batch_files(&files, 3);
        assert_eq!(show(&listed), "[0 1 2 9] [3 4 5 10] [6 7 8]");
        let sorted: Vec<BTreeSet<String>> = seed_batch_files(&files, 3);
        let first: Vec<&String> = sorted[1].iter().collect();
        assert_eq!(first, ["file_10.csv", "file_3.csv", "file_4.csv", "file_5.csv"]);
    }

    #[test]
    fn the_seed_drops_everything_when_n_exceeds_the_files() {
        let files = seed_files();
        assert!(seed_batch_files::<Vec<String>>(&files, 12).is_empty());
    }

    #[test]
    fn checksum_depends_on_every_pass() {
        assert_ne!(checksum(b"abc", 1), checksum(b"abc", 2));
        assert_eq!(checksum(b"", 3), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn sales_files_are_skewed_and_reproducible() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let files = write_sales_files(dir.path(), 1).expect("files written");
        assert_eq!(files.len(), DAYS);
        let (small, sale) = files.split_at(DAYS - SALE_DAYS);
        let biggest_small = small.iter().map(|f| f.bytes).max().unwrap_or(0);
        assert!(sale.iter().all(|f| f.bytes > 5 * biggest_small));
        let again = write_sales_files(dir.path(), 1).expect("files written");
        let sizes = |files: &[DataFile]| files.iter().map(|f| f.bytes).collect::<Vec<_>>();
        assert_eq!(sizes(&files), sizes(&again));
    }
}
