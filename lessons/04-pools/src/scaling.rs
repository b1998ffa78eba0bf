//! `lesson-04-pools scaling`: the speed-up figure of the chapter. Part 5's
//! `par_iter` over seed 004's 200,000 rows, on pools of 1, 2, … N threads
//! (N: the cores, and at least 4, so that a 2-core machine also shows what
//! more threads than cores do), timed in interleaved rounds; then time and
//! speed-up against threads, with Amdahl's curve fitted and the serial
//! fraction it implies, via `workbook::plot`. With `--quoted CSV`, it also
//! plots a run measured elsewhere (the chapter's 16-core figures).

use lesson_04_pools::{COLUMNS, MAX, MIN, ROWS, howmany_within_range, random_rows};
use rayon::prelude::*;
use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use workbook::figure::{self, caption};
use workbook::machine;
use workbook::machine::cores;
use workbook::plot::{Series, Speedup, read_csv_rows, speedup_svg};
use workbook::pool::named;
use workbook::report::grouped;
use workbook::timeit::human;

/// Rounds: each times every thread count once, so that a change in the
/// machine's speed touches all of them alike; the median round is kept.
const ROUNDS: usize = 15;

pub fn run(
    seed: u64,
    up_to: Option<usize>,
    quoted: Option<&Path>,
    figures: Option<&Path>,
) -> Result<(), Box<dyn Error>> {
    let most = up_to.unwrap_or_else(|| cores().max(4)).max(1);
    println!(
        "Speed-up: par_iter over {} rows of part 5, 1 to {most} threads, {} cores",
        grouped(ROWS as u64),
        cores()
    );
    let rows = random_rows(seed, ROWS, COLUMNS);
    let points = measure(&rows, most);
    let one = points[0].1;
    for &(threads, seconds) in &points {
        println!(
            "   {threads:>2} thread{} {:>9}   speed-up {:.2}×",
            if threads == 1 { " " } else { "s" },
            human(Duration::from_secs_f64(seconds)),
            one / seconds
        );
    }
    let here = Series::new("par_iter", points);
    let note = machine::describe();
    // Amdahl fitted only up to the cores: past them, threads queue for a core.
    let (svg, fractions) = Speedup::new("par_iter over 200,000 rows", &note, &[here])
        .fit_up_to(cores())
        .svg();
    println!("   Amdahl's law fitted: serial fraction {:.2}", fractions[0]);
    if let Some(dir) = figures {
        let what = format!(
            "Time and speed-up of part 5's par_iter against threads (median of {ROUNDS} \
             rounds), with Amdahl's curve fitted: serial fraction {:.2}.",
            fractions[0]
        );
        figure::write(dir, "04-scaling", &svg, &caption(&what))?;
    }
    if let Some(csv) = quoted {
        plot_quoted(csv, figures)?;
    }
    Ok(())
}

/// (threads, median seconds) for 1 ..= `most` threads.
fn measure(rows: &[Vec<u8>], most: usize) -> Vec<(usize, f64)> {
    let pools: Vec<_> = (1..=most).map(|n| named("scale", n)).collect();
    let mut samples = vec![Vec::with_capacity(ROUNDS); most];
    for _ in 0..ROUNDS {
        for (pool, times) in pools.iter().zip(&mut samples) {
            let start = Instant::now();
            let counts: Vec<usize> = pool.install(|| {
                rows.par_iter()
                    .map(|row| howmany_within_range(row, MIN, MAX))
                    .collect()
            });
            times.push(start.elapsed());
            black_box(counts);
        }
    }
    samples
        .into_iter()
        .enumerate()
        .map(|(i, mut times)| {
            times.sort_unstable();
            (i + 1, times[ROUNDS / 2].as_secs_f64())
        })
        .collect()
}

/// Plots a run measured elsewhere from its `threads,seconds` lines (a
/// header line and `#` comments are skipped; the comments say where it
/// was measured, and the first of them becomes the plot's machine note).
fn plot_quoted(csv: &Path, figures: Option<&Path>) -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(csv).map_err(|e| format!("cannot read {}: {e}", csv.display()))?;
    let (note, points) = parse_quoted(&text).map_err(|e| format!("{}: {e}", csv.display()))?;
    let series = Series::new("par_iter", points);
    let (svg, fractions) = speedup_svg("par_iter over 200,000 rows, quoted run", &note, &[series]);
    println!(
        "   the quoted run ({note}): Amdahl's serial fraction {:.2}",
        fractions[0]
    );
    if let Some(dir) = figures {
        let what = format!(
            "The chapter's quoted run: part 5's loop (as 1 thread) and par_iter on 16 \
             threads, plotted from {}; Amdahl's serial fraction {:.2}.",
            csv.display(),
            fractions[0]
        );
        let caption = format!("{what}\nmachine: {note} (measured elsewhere, not by this run)\n");
        figure::write(dir, "04-scaling-16-cores", &svg, &caption)?;
    }
    Ok(())
}

/// The machine note (first `#` comment) and the points of a quoted CSV,
/// read by [`read_csv_rows`] (the one reader of quoted runs); an error
/// names the line and what is wrong with it.
fn parse_quoted(text: &str) -> Result<(String, Vec<(usize, f64)>), String> {
    let run = read_csv_rows(text)?;
    if run.header != ["threads", "seconds"] {
        return Err(format!(
            "expected the header `threads,seconds`, got `{}`",
            run.header.join(",")
        ));
    }
    let mut points = Vec::new();
    for (line, fields) in &run.rows {
        let bad = || {
            format!(
                "line {line}: expected `threads,seconds`, got `{}`",
                fields.join(",")
            )
        };
        let threads: usize = fields[0].parse().map_err(|_| bad())?;
        let seconds: f64 = fields[1].parse().map_err(|_| bad())?;
        if threads == 0 || seconds.is_nan() || seconds <= 0.0 {
            return Err(format!("line {line}: threads and seconds must be above 0"));
        }
        points.push((threads, seconds));
    }
    if points.len() < 2 {
        return Err("needs at least two `threads,seconds` lines to plot a speed-up".into());
    }
    Ok((run.note.unwrap_or_else(|| "measured elsewhere".into()), points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_csv_is_read_with_its_note() {
        let text = "# 16 cores, a cloud server\nthreads,seconds\n1,1.0\n16,0.125\n";
        let (note, points) = parse_quoted(text).expect("a good file");
        assert_eq!(
            note, "16 cores, a cloud server",
            "the first comment line is the note"
        );
        assert_eq!(points, [(1, 1.0), (16, 0.125)], "the rows after the header");
    }

    #[test]
    fn a_bad_line_is_named() {
        let error = parse_quoted("threads,seconds\n1,1.0\n16,fast\n").expect_err("not a number");
        assert!(error.contains("line 3"), "{error}");
        let error = parse_quoted("threads,seconds\n1,1.0\n").expect_err("one point");
        assert!(error.contains("two"), "{error}");
    }
}
