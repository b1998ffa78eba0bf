//! Part 1: seed 001's ten files, written through each call of Python's pool
//! API in turn. Each "file" takes 2 units of slow I/O (the seed's
//! `time.sleep(2)`) and is written into a temporary directory, never the
//! working directory.

use rayon::ThreadPool;
use rayon::prelude::*;
use std::error::Error;
use std::fmt::Display;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Instant;
use tempfile::TempDir;
use workbook::TimeScale;
use workbook::machine::cores;
use workbook::pool::named;
use workbook::report::measured_vs_ideal;
use workbook::timeline::Timeline;

/// Seed 001's ten names (its sequential version lost a comma, and a file).
const NAMES: [&str; 10] = [
    "Abhijit", "Anas", "Ayush", "Falguni", "Harjot", "Jigyasa", "Prachi", "Saurabh", "Sheshant", "Rahul",
];
/// Seed 001's per-file waits for `starmap`, in units.
const TIMEOUTS: [u32; 10] = [1, 2, 3, 1, 2, 3, 1, 2, 3, 2];
/// Each file of `map` takes 2 units, as in the seed.
const FILE_UNITS: u32 = 2;

pub fn run(scale: TimeScale) -> Result<(), Box<dyn Error>> {
    let dir = TempDir::new()?; // removed, with its files, when dropped
    println!(
        "1. Seed 001's ten files, {FILE_UNITS} units each, into a temp dir ({})",
        dir.path().display()
    );
    let ten = named("pool", NAMES.len());
    apply(&ten, dir.path(), scale)?;
    map_on(&named("core", cores()), dir.path(), scale)?;
    map_on(&ten, dir.path(), scale)?;
    starmap(&ten, dir.path(), scale)?;
    map_async(&ten, dir.path(), scale)?;
    callbacks(&ten, dir.path(), scale)?;
    let mut written: Vec<String> = std::fs::read_dir(dir.path())?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    written.sort();
    println!(
        "   the temp dir holds {} files ({} … {}), removed on drop\n",
        written.len(),
        written.first().map_or("", String::as_str),
        written.last().map_or("", String::as_str),
    );
    Ok(())
}

// ANCHOR: create_file
/// Seed 001's `create_and_save_file`: wait `units` (slow I/O), then write
/// `text` to `file_{id}.txt` in `dir`, and return the file's name.
fn create_file(dir: &Path, id: impl Display, text: &str, units: u32, scale: TimeScale) -> io::Result<String> {
    scale.sleep(units.into());
    let name = format!("file_{id}.txt");
    let path = dir.join(&name);
    // io::Error does not say which file: add it, so the message names it.
    std::fs::write(&path, text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    Ok(name)
}
// ANCHOR_END: create_file

/// `pool.apply(f, args)`: one task, and the caller waits for it.
fn apply(pool: &ThreadPool, dir: &Path, scale: TimeScale) -> io::Result<()> {
    let start = Instant::now();
    // ANCHOR: apply
    let file = pool.install(|| create_file(dir, "empid_27468", "Falguni", FILE_UNITS, scale))?;
    // ANCHOR_END: apply
    println!(
        "   apply: {file} created\n   {}",
        measured_vs_ideal(
            "apply (one task)",
            start.elapsed(),
            scale.units(FILE_UNITS.into()),
            "one file"
        )
    );
    Ok(())
}

/// `pool.map(f, enumerate(names))` on `pool`: results in input order.
fn map_on(pool: &ThreadPool, dir: &Path, scale: TimeScale) -> io::Result<()> {
    let threads = pool.current_num_threads();
    let timeline = Timeline::new();
    // ANCHOR: map
    let files: Vec<String> = pool.install(|| {
        NAMES
            .par_iter()
            .enumerate()
            .map(|(i, name)| {
                timeline.record(format!("file_{}", 10 + i), || {
                    create_file(dir, 10 + i, name, FILE_UNITS, scale)
                })
            })
            // A Vec of Results becomes a Result of a Vec: an error, if any
            // task failed (which one, if several did, rayon does not promise).
            .collect::<io::Result<Vec<String>>>()
    })?;
    // ANCHOR_END: map
    let rounds = NAMES.len().div_ceil(threads) as u32;
    println!(
        "   map on a pool of {threads}: {} … {}, in input order",
        files[0], files[9]
    );
    let ideal = scale.units((rounds * FILE_UNITS).into());
    let why = match rounds {
        1 => format!("one round of {FILE_UNITS} units"),
        _ => format!("{rounds} rounds of {FILE_UNITS} units"),
    };
    if threads < NAMES.len() {
        timeline
            .chart()
            .per_worker()
            .ideal(ideal, why)
            .figure("04-map-on-cores")
            .print();
    } else {
        println!(
            "   {}",
            measured_vs_ideal(&format!("map, {threads} threads"), timeline.total(), ideal, &why)
        );
    }
    Ok(())
}

/// `pool.starmap(f, [((i, name), timeout), ...])`: each tuple is unpacked
/// into the arguments; in Rust the closure's pattern does the unpacking.
fn starmap(pool: &ThreadPool, dir: &Path, scale: TimeScale) -> io::Result<()> {
    let timeline = Timeline::new();
    // ANCHOR: starmap
    let inputs: Vec<((usize, &str), u32)> = NAMES.into_iter().enumerate().zip(TIMEOUTS).collect();
    let files = pool.install(|| {
        inputs
            .par_iter()
            .map(|&((i, name), units)| {
                timeline.record(format!("file_{} ({units} u)", 20 + i), || {
                    create_file(dir, 20 + i, name, units, scale)
                })
            })
            .collect::<io::Result<Vec<String>>>()
    })?;
    // ANCHOR_END: starmap
    println!(
        "   starmap, timeouts {TIMEOUTS:?} units: {} … {}",
        files[0], files[9]
    );
    let longest = TIMEOUTS.into_iter().max().unwrap_or(0);
    timeline
        .chart()
        .ideal(scale.units(longest.into()), "longest file")
        .print();
    Ok(())
}

/// `pool.map_async(...)` then `.get()`: the caller goes on while the pool works.
fn map_async(pool: &ThreadPool, dir: &Path, scale: TimeScale) -> io::Result<()> {
    let start = Instant::now();
    // ANCHOR: map_async
    let files = thread::scope(|scope| {
        // The map runs on a thread of its own; we keep its handle ...
        let pending = scope.spawn(|| {
            pool.install(|| {
                (0..NAMES.len())
                    .into_par_iter()
                    .map(|i| create_file(dir, 30 + i, NAMES[i], FILE_UNITS, scale))
                    .collect::<io::Result<Vec<String>>>()
            })
        });
        // ... and are free to do other work meanwhile.
        println!(
            "   map_async: other work while waiting, at {:.2} s",
            start.elapsed().as_secs_f64()
        );
        pending.join().expect("no task panics") // `get()`: wait for the results
    })?;
    // ANCHOR_END: map_async
    println!(
        "   get(): {} … {}\n   {}",
        files[0],
        files[9],
        measured_vs_ideal(
            "map_async + get",
            start.elapsed(),
            scale.units(FILE_UNITS.into()),
            "one round"
        )
    );
    Ok(())
}

/// `pool.apply_async(f, args, callback=..., error_callback=...)` per file:
/// each result is handled the moment its task ends, in the order they end.
/// One task writes into a folder that does not exist, to reach the error callback.
fn callbacks(pool: &ThreadPool, dir: &Path, scale: TimeScale) -> io::Result<()> {
    let start = Instant::now();
    println!("   apply_async with callbacks (the starmap timeouts, and one bad folder):");
    let on_file = |file: String| {
        println!(
            "     {:.2} s  callback: {file} created",
            start.elapsed().as_secs_f64()
        )
    };
    let on_error = |error: io::Error| {
        // The temp dir's name changes from run to run: leave it out.
        let message = error.to_string().replace(&format!("{}/", dir.display()), "");
        println!(
            "     {:.2} s  error_callback:\n       {message}",
            start.elapsed().as_secs_f64()
        )
    };
    // ANCHOR: callbacks
    let (done, finished) = mpsc::channel::<io::Result<String>>();
    let missing = dir.join("no-such-folder");
    let jobs = NAMES
        .iter()
        .zip(TIMEOUTS)
        .enumerate()
        .map(|(i, (&name, units))| (dir, i, name, units));
    for (folder, i, name, units) in jobs.chain([(missing.as_path(), 10, "nobody", 1)]) {
        // `spawn` returns at once, and its task must own what it uses
        // ('static): a sender of its own, and a copy of the folder's path.
        let done = done.clone();
        let folder: PathBuf = folder.to_path_buf();
        pool.spawn(move || {
            // `send` fails only if the loop below has gone; it waits for us.
            let _ = done.send(create_file(&folder, 40 + i, name, units, scale));
        });
    }
    drop(done); // only the tasks hold senders now: the loop ends after the last
    for outcome in finished {
        match outcome {
            Ok(file) => on_file(file),
            Err(error) => on_error(error),
        }
    }
    // ANCHOR_END: callbacks
    Ok(())
}
