//! Part 3: the GIL, seen. Seed 002's CPU task, `sum(range(n))`, as a Rust
//! function, called four times from a `ThreadPoolExecutor` of four
//! threads: holding the GIL (one call at a time, whatever the cores) and
//! with it released (`py.detach`: the calls overlap, as many as there are
//! cores). Then one call that splits the same total work on rayon's pool:
//! Python single-threaded, Rust parallel inside. Each call's span was
//! recorded by the module; the timelines are drawn here.

use lesson_10_python_ext::script;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;
use workbook::timeline::Timeline;

/// Seed 002's n at 1 unit = 1 s: `sum(range(100_000_000))`.
const SEED_N: u64 = 100_000_000;

/// Run `python/gil.py`, draw its runs.
pub fn run(python: &Path, unit: Duration) -> Result<(), String> {
    // The seed's n from 100 ms a unit up (the book's runs); below, a
    // smaller sum (the tests run at 5 ms: n = 5,000,000).
    let n = (SEED_N as f64 * (unit.as_secs_f64() * 10.0).min(1.0)).max(100_000.0) as u64;
    let threads = workbook::machine::cores();
    let result = script::json(
        python,
        "gil.py",
        &[
            "--n".to_string(),
            n.to_string(),
            "--threads".into(),
            threads.to_string(),
        ],
    )?;
    let build = &result["build"];
    let gil = match (build["asked"].as_bool(), build["gil_enabled"].as_bool()) {
        (Some(true), Some(false)) => "sys._is_gil_enabled() is False: no GIL",
        (Some(true), _) => "sys._is_gil_enabled() is True: the GIL is on",
        _ => "no sys._is_gil_enabled (before 3.13): a build with the GIL",
    };
    println!(
        "3. The GIL: sum(range({})) in Rust, 4 calls, a pool of 4 threads, {} cores\n",
        workbook::report::grouped(n),
        threads
    );
    println!("   CPython {}, {gil}", build["version"].as_str().unwrap_or("?"));
    let runs = result["runs"].as_array().ok_or("gil.py printed no runs")?;
    let seconds = |run: &Value| run["elapsed"].as_f64().unwrap_or_default();
    // One call's time: the shortest span of the calls that ran alone, the
    // three made one at a time and the four held ones (the GIL let none of
    // them overlap). A span is the loop itself, not the pool's start.
    let length = |s: &Value| s[3].as_f64().unwrap_or_default() - s[2].as_f64().unwrap_or_default();
    let alone_spans = runs
        .iter()
        .take(2)
        .flat_map(|run| run["spans"].as_array().cloned().unwrap_or_default());
    let shortest = alone_spans.map(|s| length(&s)).fold(f64::INFINITY, f64::min);
    let alone = Duration::from_secs_f64(if shortest.is_finite() { shortest } else { 0.0 });
    let python_sum = Duration::from_secs_f64(result["python_sum"].as_f64().unwrap_or_default());
    println!(
        "   one call alone: {} (the shortest of the 7 calls that ran alone)",
        human(alone)
    );
    println!(
        "   Python's own sum(range(n)): {} (a tenth of n timed, × 10)\n",
        human(python_sum)
    );
    let tasks: usize = 4;
    // Four calls on `threads` cores: in ceil(4 / cores) rounds at best.
    let rounds = tasks.div_ceil(threads.clamp(1, tasks)) as u32;
    for run in &runs[1..] {
        let name = run["name"].as_str().unwrap_or("?");
        let timeline = timeline(run)?;
        let (label, ideal, why) = match name {
            // With the GIL held, the calls' critical path is all of them.
            "held" => (
                "GIL held: one call at a time",
                alone * tasks as u32,
                format!("{tasks} calls, one at a time: the GIL"),
            ),
            "detached" => (
                "GIL released (py.detach): the calls overlap",
                alone * rounds,
                format!("{rounds} rounds of one call"),
            ),
            _ => (
                "one call, rayon inside: 4 calls' work on the pool",
                alone * tasks as u32 / threads.max(1) as u32,
                format!("4 calls' work / {threads} threads"),
            ),
        };
        println!("   {label}");
        timeline
            .chart()
            .per_worker()
            .ideal(ideal, why.clone())
            .figure(format!("10-gil-{name}"))
            .print();
        let measured = Duration::from_secs_f64(seconds(run));
        let end_to_end = if name == "rayon" {
            "the call, end to end"
        } else {
            "the pool, end to end"
        };
        let line = workbook::report::indent(&measured_vs_ideal(end_to_end, measured, ideal, &why));
        println!("{}", line.trim_end());
        if name == "held" && threads > 1 {
            println!(
                "   held: each call keeps the GIL until it returns, so the {tasks} calls run one\n   \
                 after another on any number of cores: {tasks} × one call, not {rounds}"
            );
        }
        println!();
    }
    Ok(())
}

/// A run's spans on a timeline whose zero is the run's first start.
fn timeline(run: &Value) -> Result<Timeline, String> {
    let spans = run["spans"].as_array().ok_or("a run without spans")?;
    let first = spans
        .iter()
        .filter_map(|s| s[2].as_f64())
        .fold(f64::INFINITY, f64::min);
    let timeline = Timeline::new();
    let origin = timeline.origin();
    for span in spans {
        let at =
            |i: usize| origin + Duration::from_secs_f64((span[i].as_f64().unwrap_or(first) - first).max(0.0));
        let (task, worker) = (span[0].as_str().unwrap_or("?"), span[1].as_str().unwrap_or("?"));
        timeline.add(task, worker, at(2), at(3));
    }
    Ok(timeline)
}
