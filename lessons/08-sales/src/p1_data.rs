//! Part 1: the data. The files of `--data-dir`, or the generated `--type`
//! (generated first if missing), read once so that no engine is timed
//! reading from the disk while the others read from memory; and the
//! floor: how long reading them and counting their line breaks takes.

use lesson_08_sales::error::{Error, count};
use lesson_08_sales::machinery::bench;
use lesson_08_sales::machinery::dataset::{Dataset, Size, YEARS};
use lesson_08_sales::machinery::say::Out;
use std::path::Path;
use std::time::{Duration, Instant};
use workbook::report::grouped;
use workbook::timeit::human;

/// Open the dataset and time the floor (not with `--json`, which times
/// nothing: the floor is then zero).
pub fn run(data_dir: Option<&Path>, size: Size, seed: u64, out: Out) -> Result<(Dataset, Duration), Error> {
    let dataset = open(data_dir, size, seed, out)?;
    let floor = if out.json {
        Duration::ZERO
    } else {
        time_floor(&dataset)?
    };
    Ok((dataset, floor))
}

/// The dataset to read: `data_dir`, or the generated `size`, which is
/// generated first if any of its files is missing.
pub fn open(data_dir: Option<&Path>, size: Size, seed: u64, out: Out) -> Result<Dataset, Error> {
    let dir = data_dir.map_or_else(|| size.dir(), Path::to_path_buf);
    if data_dir.is_none() && !Dataset::is_generated(size) {
        out.say(format!(
            "{} is missing: generating it first (seed {seed})",
            dir.display()
        ));
        generate(size, seed)?;
    }
    let dataset = Dataset::open(&dir)?;
    out.say(format!(
        "1. The data: {}, {}, {:.1} MB\n",
        dir.display(),
        count(dataset.files.len() as u64, "file"),
        dataset.bytes() as f64 / 1e6
    ));
    Ok(dataset)
}

/// How long reading every file and counting its line breaks takes, once
/// the files are in memory (the first count reads them from the disk).
fn time_floor(dataset: &Dataset) -> Result<Duration, Error> {
    bench::count_newlines(dataset)?;
    let started = Instant::now();
    bench::count_newlines(dataset)?;
    Ok(started.elapsed())
}

/// The `gen` subcommand, also run for a missing dataset.
pub fn generate(size: Size, seed: u64) -> Result<(), Error> {
    let rows: u64 = YEARS.map(|year| size.rows(year)).sum();
    let bar = workbook::progress::bar(rows, format!("{} rows", size.name()));
    let started = Instant::now();
    lesson_08_sales::machinery::generate::generate(size, &size.dir(), seed, &bar)?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let dataset = Dataset::open(&size.dir())?;
    eprintln!(
        "wrote {} rows to {} in {} ({:.0} MB/s)",
        grouped(rows),
        size.dir().display(),
        human(elapsed),
        dataset.bytes() as f64 / elapsed.as_secs_f64() / 1e6
    );
    Ok(())
}
