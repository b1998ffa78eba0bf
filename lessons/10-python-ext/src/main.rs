//! Lesson 10's demo: Rust inside Python. It reads top down as the chapter
//! does, one module per part; each part runs one Python script of
//! `python/` with the venv's interpreter, and prints what it measured:
//!
//! 1. [`p1_build`]: the venv under `target/`, maturin from PyPI, the
//!    module built and installed (said before a first build);
//! 2. [`p2_report`]: lesson 08's report from Python, byte for byte its
//!    `--json`, also with bad rows skipped;
//! 3. [`p3_gil`]: seed 002's sum from four Python threads, the GIL held,
//!    released, and rayon inside one call, on timelines;
//! 4. [`p4_boundary`]: every row as Python objects against one summary;
//! 5. [`p5_errors`]: `BadRowError`, a panic, Ctrl-C;
//! 6. [`p6_speed`]: pure Python, Python calling Rust, Rust alone.
//!
//! `just lesson 10`; `just lesson 10 --type tiny` for a quick run.

mod p1_build;
mod p2_report;
mod p3_gil;
mod p4_boundary;
mod p5_errors;
mod p6_speed;

use clap::Parser;
use lesson_10_python_ext::sales::{Dataset, Size, generate};
use std::process::ExitCode;
use workbook::cli::Common;

#[derive(Parser)]
#[command(about = "Lesson 10: Rust inside Python — lesson 08's report as a Python module, the GIL released")]
struct Args {
    #[command(flatten)]
    common: Common,
    /// The generated dataset to read (generated first if missing)
    #[arg(long = "type", value_enum, default_value = "tst")]
    size: Size,
}

fn main() -> ExitCode {
    let args = Args::parse();
    args.common.start("Lesson 10: Rust inside Python");
    workbook::cli::exit_code(demo(&args))
}

fn demo(args: &Args) -> Result<(), String> {
    let python = p1_build::run()?;
    let data = dataset(args.size, args.common.seed)?;
    p2_report::run(&python, &data)?;
    p3_gil::run(&python, args.common.scale().unit())?;
    p4_boundary::run(&python, &data)?;
    p5_errors::run(&python, &data)?;
    p6_speed::run(&python, &data)
}

/// Lesson 08's generated files of `size`, generated first if missing.
fn dataset(size: Size, seed: u64) -> Result<Dataset, String> {
    if !Dataset::is_generated(size) {
        println!(
            "{} is missing: generating it first (seed {seed})\n",
            size.dir().display()
        );
        generate(size, &size.dir(), seed, &indicatif::ProgressBar::hidden()).map_err(|e| e.to_string())?;
    }
    Dataset::open(&size.dir()).map_err(|e| e.to_string())
}
