//! Lesson 08: the sales pipeline, seed 000 in Rust.
//!
//! 1. the data: `data/tst` is generated on first use (`gen` writes any size);
//! 2. the report, per file and in total, as tables or as JSON (`--json`),
//!    from the chosen engine; with `--engine all` (the default) all five
//!    run, with progress bars, and must agree byte for byte;
//! 3. the times: per engine, against the sequential engine and against the
//!    floor (reading the bytes and counting line breaks); `--with-python`
//!    adds the Python script;
//! 4. each engine's workers on a timeline.
//!
//! `just lesson 8`; `just lesson 8 gen --type sml`;
//! `just lesson 8 --type sml --engine chunks --json`; `just lesson 8 bench`.

use clap::{Parser, Subcommand};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use workbook::cli::{Common, Threads};
use workbook::report::{grouped, indent};
use workbook::timeit::human;
use workbook::timeline::Timeline;

use lesson_08_sales::bench::{self, Plan};
use lesson_08_sales::dataset::{Dataset, Size, YEARS};
use lesson_08_sales::engines::{CHUNK_BYTES, Engine, Job, Options, Progress, processes};
use lesson_08_sales::error::Error;
use lesson_08_sales::generate::generate;
use lesson_08_sales::python;
use lesson_08_sales::report::Report;
use lesson_08_sales::rows::OnBadRow;

#[derive(Parser)]
#[command(about = "Lesson 08: the sales pipeline — seed 000 in Rust, five engines, exact money")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

/// The options of a pipeline run (no subcommand).
#[derive(clap::Args)]
struct RunArgs {
    // `--seed` seeds the generator; `--unit-ms` is accepted as by every
    // lesson, but nothing in this one sleeps.
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    threads: Threads,
    #[command(flatten)]
    input: Input,
    /// sequential, threads, rayon, chunks, processes, or all (checked to agree)
    #[arg(long, default_value = "all", value_parser = engines)]
    engine: Engines,
    /// Batches of files for the threads and processes engines [default: --threads]
    #[arg(long, value_name = "N")]
    batches: Option<NonZeroUsize>,
    /// Print the report as one JSON document on stdout, and nothing else
    #[arg(long)]
    json: bool,
    /// What to do with a row that cannot be read
    #[arg(long, value_enum, default_value = "fail")]
    on_bad_row: OnBadRow,
    /// Also run the Python script on the same files, and compare its report
    #[arg(long)]
    with_python: bool,
    /// Size of the chunks engine's byte ranges
    #[arg(long, hide = true, default_value_t = CHUNK_BYTES)]
    chunk_bytes: usize,
}

/// Which files to read.
#[derive(clap::Args)]
struct Input {
    /// A directory of CSV sales files [default: the generated --type]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The generated dataset to read (generated first if missing)
    #[arg(long = "type", value_enum, default_value = "tst")]
    size: Size,
}

#[derive(Subcommand)]
enum Command {
    /// Write a dataset: data/<type>/2015.csv to 2021.csv (always anew)
    Gen {
        /// Which size
        #[arg(long = "type", value_enum, default_value = "tst")]
        size: Size,
        #[command(flatten)]
        common: Common,
    },
    /// Time every engine at 1, 2, 4... and all threads, beside Python and the floor
    Bench {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        threads: Threads,
        /// Runs of each Rust configuration (the median is quoted)
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Runs of the Python script at each process count (0: skip it)
        #[arg(long, default_value_t = 1)]
        python_runs: usize,
    },
    /// The processes engine's worker role: summarise FILES, reply in JSON
    #[command(name = processes::WORKER_ROLE, hide = true)]
    Worker {
        #[arg(long, value_enum)]
        on_bad_row: OnBadRow,
        files: Vec<PathBuf>,
    },
}

/// The engines `--engine` names.
#[derive(Debug, Clone)]
struct Engines(Vec<Engine>);

fn engines(name: &str) -> Result<Engines, String> {
    if name == "all" {
        return Ok(Engines(Engine::ALL.to_vec()));
    }
    Engine::ALL
        .into_iter()
        .find(|engine| engine.name() == name)
        .map(|engine| Engines(vec![engine]))
        .ok_or_else(|| format!("no engine {name:?}: sequential, threads, rayon, chunks, processes or all"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Some(Command::Worker { on_bad_row, files }) => return processes::worker(&files, on_bad_row),
        Some(Command::Gen { size, common }) => write_dataset(size, common.seed),
        Some(Command::Bench {
            input,
            threads,
            runs,
            python_runs,
        }) => benchmark(&input, threads.count(), runs, python_runs),
        None => run_pipeline(&args.run),
    };
    workbook::cli::exit_code(result)
}

/// Where the human part of the output goes: stdout, or stderr when stdout
/// carries the JSON report.
struct Out {
    json: bool,
}

impl Out {
    fn say(&self, text: impl std::fmt::Display) {
        if self.json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}

/// A pipeline run: one engine, or all of them.
fn run_pipeline(args: &RunArgs) -> Result<(), Error> {
    let out = Out { json: args.json };
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    out.say(format!(
        "Lesson 08: the sales pipeline ({profile} build, {} cores)\n",
        workbook::cli::cores()
    ));
    let dataset = open_dataset(&args.input, args.common.seed, &out)?;
    let threads = args.threads.count();
    let options = Options {
        threads,
        batches: args.batches.map_or(threads, NonZeroUsize::get),
        on_bad_row: args.on_bad_row,
        chunk_bytes: args.chunk_bytes.max(1),
    };
    // The floor first (not with --json, which times nothing): it reads
    // every file, so that no engine is timed reading from the disk while
    // the others read from memory.
    let floor = if args.json {
        Duration::ZERO
    } else {
        time_floor(&dataset)?
    };
    let mut runs = Vec::new();
    for &engine in &args.engine.0 {
        runs.push(run_engine(engine, &dataset, options, &out)?);
    }
    let report = the_same_report(&runs)?;
    if args.json {
        println!("{}", report.to_json());
    } else {
        println!(
            "2. The report, {} rows (the same from every engine)\n",
            grouped(report.rows())
        );
        println!("{}", indent(&report.to_tables()));
    }
    list_bad_rows(report);
    let python = if args.with_python {
        Some(run_python(&dataset, threads, report, &out)?)
    } else {
        None
    };
    if !args.json {
        print_times(&dataset, report, &runs, options, (floor, python.as_ref()));
    }
    Ok(())
}

/// Parts 3 and 4: the table of times, and each engine's timeline. The
/// floor and Python's time, if it ran, go in the table too.
fn print_times(
    dataset: &Dataset,
    report: &Report,
    runs: &[Run],
    options: Options,
    (floor, python): (Duration, Option<&PythonTime>),
) {
    println!(
        "3. The engines: {} threads, {} batches (the seed: 3 processes, tst in 1.6 s)\n",
        options.threads, options.batches
    );
    println!(
        "{}",
        indent(&times(dataset.bytes(), report.rows(), runs, floor, python))
    );
    if runs.len() > 1 {
        println!(
            "   All {} engines gave the same report, byte for byte.\n",
            runs.len()
        );
    }
    println!("4. Each engine's workers on a timeline\n");
    for run in runs {
        println!("{}", indent(&chart(run, runs)));
    }
}

/// How long reading every file and counting its line breaks takes, once
/// the files are in memory (the first count reads them from the disk).
fn time_floor(dataset: &Dataset) -> Result<Duration, Error> {
    bench::count_newlines(dataset)?;
    let started = Instant::now();
    bench::count_newlines(dataset)?;
    Ok(started.elapsed())
}

/// The dataset to read: `--data-dir`, or the generated `--type`, which is
/// generated first if any of its files is missing.
fn open_dataset(input: &Input, seed: u64, out: &Out) -> Result<Dataset, Error> {
    let dir = match &input.data_dir {
        Some(dir) => dir.clone(),
        None => input.size.dir(),
    };
    if input.data_dir.is_none() && !Dataset::is_generated(input.size) {
        out.say(format!(
            "{} is missing: generating it first (seed {seed})",
            dir.display()
        ));
        write_dataset(input.size, seed)?;
    }
    let dataset = Dataset::open(&dir)?;
    out.say(format!(
        "1. The data: {}, {} files, {:.1} MB\n",
        dir.display(),
        dataset.files.len(),
        dataset.bytes() as f64 / 1e6
    ));
    Ok(dataset)
}

/// The `gen` subcommand, also run for a missing dataset.
fn write_dataset(size: Size, seed: u64) -> Result<(), Error> {
    let rows: u64 = YEARS.map(|year| size.rows(year)).sum();
    let bar = workbook::progress::bar(rows, format!("{} rows", size.name()));
    let started = Instant::now();
    generate(size, &size.dir(), seed, &bar)?;
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

/// One engine's run: its report, its time, its timeline.
struct Run {
    engine: Engine,
    workers: usize,
    elapsed: Duration,
    report: Report,
    timeline: Timeline,
}

fn run_engine(engine: Engine, dataset: &Dataset, options: Options, out: &Out) -> Result<Run, Error> {
    let progress = Progress::new(dataset, !out.json);
    let timeline = Timeline::new();
    let job = Job {
        dataset,
        options,
        progress: &progress,
        timeline: &timeline,
        worker_program: None,
    };
    let started = Instant::now();
    let report = engine.run(&job);
    let elapsed = started.elapsed();
    progress.clear();
    Ok(Run {
        engine,
        workers: engine.workers(&options),
        elapsed,
        report: report?,
        timeline,
    })
}

// ANCHOR: same_report
/// The report all engines agree on, or an error naming the first engine
/// that disagrees with the first one. "Agree" means the same JSON text.
fn the_same_report(runs: &[Run]) -> Result<&Report, Error> {
    let first = runs.first().ok_or_else(|| Error::Other("no engine ran".into()))?;
    let expected = first.report.to_json();
    for run in &runs[1..] {
        if run.report.to_json() != expected {
            return Err(Error::Mismatch(format!(
                "{} gave another report than {}",
                run.engine.name(),
                first.engine.name()
            )));
        }
    }
    Ok(&first.report)
}
// ANCHOR_END: same_report

/// With `--on-bad-row skip`: how many rows were left out, and the first few.
fn list_bad_rows(report: &Report) {
    if report.total.rejected == 0 {
        return;
    }
    let rows = if report.total.rejected == 1 {
        "row was"
    } else {
        "rows were"
    };
    eprintln!(
        "{} bad {rows} skipped and counted as rejected; the first:",
        grouped(report.total.rejected)
    );
    for bad in &report.total.first_rejected {
        eprintln!("  {bad}");
    }
}

/// Python on the same files, its report compared with ours.
fn run_python(dataset: &Dataset, processes: usize, ours: &Report, out: &Out) -> Result<PythonTime, Error> {
    let run = python::run(dataset, processes)?;
    let comparison = python::compare(ours, &run.report);
    if !comparison.differences.is_empty() {
        return Err(Error::Mismatch(format!(
            "Python: {}",
            comparison.differences.join("; ")
        )));
    }
    out.say(format!(
        "   Python's report agrees: every count, amount, min, max and percentile is equal;\n   \
         its {} means and standard deviations (float sums) differ from ours by at most {:.1e}.\n",
        comparison.floats, comparison.largest_gap
    ));
    Ok(PythonTime {
        processes,
        elapsed: run.elapsed,
    })
}

/// How long the Python script took, with how many processes.
struct PythonTime {
    processes: usize,
    elapsed: Duration,
}

// ANCHOR: times
/// The table of times: each engine (one run each: `bench` takes medians),
/// Python if it ran, and the floor.
fn times(bytes: u64, rows: u64, runs: &[Run], floor: Duration, python: Option<&PythonTime>) -> String {
    let bytes = bytes as f64;
    let sequential = runs
        .iter()
        .find(|run| run.engine == Engine::Sequential)
        .map(|run| run.elapsed);
    let versus = |reference: Option<Duration>, elapsed: Duration| {
        reference.map_or(String::new(), |r| {
            format!("{:>9.2}×", r.as_secs_f64() / elapsed.as_secs_f64())
        })
    };
    let line = |name: &str, workers: usize, elapsed: Duration| {
        let secs = elapsed.as_secs_f64();
        format!(
            "{name:<22} {workers:>7} {:>9} {:>8.2}M {:>8.0} {}{}",
            human(elapsed),
            rows as f64 / secs / 1e6,
            bytes / secs / 1e6,
            versus(sequential, elapsed),
            versus(python.map(|p| p.elapsed), elapsed),
        )
    };
    let mut header = format!(
        "{:<22} {:>7} {:>9} {:>9} {:>8} ",
        "engine", "workers", "time", "rows/s", "MB/s"
    );
    if sequential.is_some() {
        header.push_str(&format!("{:>10}", "vs seq."));
    }
    if python.is_some() {
        header.push_str(&format!("{:>10}", "vs python"));
    }
    let mut lines = vec![header];
    lines.extend(
        runs.iter()
            .map(|run| line(run.engine.name(), run.workers, run.elapsed)),
    );
    if let Some(python) = python {
        lines.push(line("python (seed's design)", python.processes, python.elapsed));
    }
    lines.push(line("floor: count newlines", 1, floor));
    let lines: Vec<&str> = lines.iter().map(|line| line.trim_end()).collect();
    lines.join("\n")
}
// ANCHOR_END: times

/// An engine's workers on a timeline; parallel engines are measured
/// against the sequential engine's time divided among their workers.
fn chart(run: &Run, runs: &[Run]) -> String {
    let sequential = runs.iter().find(|r| r.engine == Engine::Sequential);
    let chart = run.timeline.chart().per_worker();
    let chart = match sequential {
        Some(s) if run.engine != Engine::Sequential && run.engine != Engine::Chunks => chart.ideal(
            s.elapsed / run.workers.max(1) as u32,
            format!("sequential ÷ {}", run.workers),
        ),
        _ => chart,
    };
    let plural = if run.workers == 1 { "" } else { "s" };
    format!("{} ({} worker{plural}):\n{chart}", run.engine.name(), run.workers)
}

/// The `bench` subcommand.
fn benchmark(input: &Input, threads: usize, runs: usize, python_runs: usize) -> Result<(), Error> {
    let out = Out { json: false };
    let dataset = open_dataset(input, workbook::cli::DEFAULT_SEED, &out)?;
    let plan = Plan {
        threads,
        runs: runs.max(1),
        python_runs,
    };
    println!("{}", bench::run(&dataset, plan)?);
    Ok(())
}
