//! Part 6: what moving the hot loop into Rust bought. The same files, the
//! same report, four ways: seed 000's pure-Python pipeline (lesson 08's
//! `python/pipeline.py`, one process), Python calling the module with 1
//! and 2 threads, and lesson 08's chunks engine with no Python at all
//! (the code its binary runs, here in-process). The floor of each is the
//! Rust run: the module adds only the crossing.

use lesson_10_python_ext::sales::{self, Dataset, Engine, OnBadRow, Options, python_pipeline};
use lesson_10_python_ext::script;
use std::path::Path;
use std::time::{Duration, Instant};
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;

/// Time the four, print them beside the Rust run.
pub fn run(python: &Path, data: &Dataset) -> Result<(), String> {
    println!("6. Pure Python, Python calling Rust, Rust alone (the same files)\n");
    let failed = |e: sales::Error| e.to_string();
    let pure = python_pipeline::run(data, 1, OnBadRow::Fail)
        .map_err(failed)?
        .elapsed;
    let module = script::json(python, "speed.py", &[&data.dir])?;
    let seconds = |key: &str| Duration::from_secs_f64(module[key].as_f64().unwrap_or_default());
    let rust = |threads: usize| -> Result<Duration, String> {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                sales::lesson_08(&data.dir, Engine::Chunks, Options::with_threads(threads))
                    .map_err(failed)?;
                Ok(started.elapsed())
            })
            .min_by_key(|t| t.as_ref().map_or(Duration::MAX, |d| *d))
            .unwrap_or(Ok(Duration::ZERO))
    };
    let (rust_1, rust_2) = (rust(1)?, rust(2)?);
    println!(
        "   pure Python (lesson 08's pipeline.py, 1 process): {}",
        human(pure)
    );
    for (threads, module, rust) in [
        (1, seconds("threads_1"), rust_1),
        (2, seconds("threads_2"), rust_2),
    ] {
        let label = format!(
            "sales_ext, {threads} thread{}",
            if threads == 1 { "" } else { "s" }
        );
        let why = "lesson 08's engine, no Python";
        let line = workbook::report::indent(&measured_vs_ideal(&label, module, rust, why));
        println!("{}", line.trim_end());
    }
    println!(
        "   the module is {:.0}× pure Python at 2 threads; best of 3 runs each",
        pure.as_secs_f64() / seconds("threads_2").as_secs_f64().max(1e-9)
    );
    Ok(())
}
