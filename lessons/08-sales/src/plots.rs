//! The `plots` subcommand (`just figures` runs it): the chapter's quoted
//! benchmark runs drawn as figures. The headline as a bar chart (the Rust
//! engines, the Python design, DuckDB, Polars and the newline-count floor
//! on 2 cores), and the 16-core run as time and speed-up against workers
//! with Amdahl's curve fitted. Both read a CSV beside the chapter whose
//! first `#` comment names the machine: the numbers were measured there,
//! not by this command, and each caption says so.

use lesson_08_sales::error::Error;
use lesson_08_sales::machinery::say::wrapped;
use std::collections::BTreeMap;
use std::path::Path;
use workbook::figure;
use workbook::plot::{Series, Speedup, bars_svg, read_csv_rows};

/// Draw both figures into `figures` (or only print what they show).
pub fn run(headline: &Path, scaling: &Path, figures: Option<&Path>) -> Result<(), Error> {
    let (note, rows) = read(headline)?;
    let bars: Vec<(&str, f64)> = rows
        .iter()
        .map(|row| Ok((row[0].as_str(), number(headline, &row[1])?)))
        .collect::<Result<_, Error>>()?;
    let svg = bars_svg("The sml report on 2 cores: seconds, shorter is faster", &bars);
    // Wrapped at the run's width: `just figures` captures this output too.
    let line = format!("headline: {} bars ({note})", bars.len());
    println!("{}", wrapped(&line, "  "));
    let caption = format!(
        "The chapter's headline: each engine's time for the sml report, plotted from {}.\n\
         machine: {note} (measured elsewhere, not by this command)\n",
        headline.display()
    );
    save(figures, "08-headline", &svg, &caption)?;

    let (note, rows) = read(scaling)?;
    let mut points: BTreeMap<&str, Vec<(usize, f64)>> = BTreeMap::new();
    for row in &rows {
        let threads = row[1].parse().map_err(|_| {
            Error::Other(format!(
                "{}: {:?} is not a thread count",
                scaling.display(),
                row[1]
            ))
        })?;
        points
            .entry(&row[0])
            .or_default()
            .push((threads, number(scaling, &row[2])?));
    }
    let series: Vec<Series> = points
        .into_iter()
        .map(|(name, points)| Series::new(name, points))
        .collect();
    // Time on a log axis: Python's 32 s on one worker would otherwise press
    // every Rust engine's line (0.3–1.7 s) flat onto the axis.
    let (svg, fractions) = Speedup::new("Each engine on 1 to 16 workers, sml", &note, &series)
        .log_time()
        .svg();
    let fitted: Vec<String> = series
        .iter()
        .zip(&fractions)
        .map(|(s, f)| format!("{} {f:.2}", s.name))
        .collect();
    let line = format!("16 cores: Amdahl's serial fraction {}", fitted.join(", "));
    println!("{}", wrapped(&line, "  "));
    let caption = format!(
        "The chapter's 16-core run, plotted from {}; Amdahl's serial fraction per engine: {}.\n\
         machine: {note} (measured elsewhere, not by this command)\n",
        scaling.display(),
        fitted.join(", ")
    );
    save(figures, "08-scaling-16-cores", &svg, &caption)
}

/// The machine note (the first `#` comment) and the data rows of a
/// quoted run's CSV, read by `workbook::plot::read_csv_rows`.
fn read(path: &Path) -> Result<(String, Vec<Vec<String>>), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let run = read_csv_rows(&text).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    let note = run
        .note
        .ok_or_else(|| Error::Other(format!("{}: no `#` line naming the machine", path.display())))?;
    Ok((note, run.rows.into_iter().map(|(_, fields)| fields).collect()))
}

fn number(path: &Path, text: &str) -> Result<f64, Error> {
    text.trim()
        .parse()
        .map_err(|_| Error::Other(format!("{}: {text:?} is not a number of seconds", path.display())))
}

fn save(figures: Option<&Path>, name: &str, svg: &str, caption: &str) -> Result<(), Error> {
    match figures {
        Some(dir) => figure::write(dir, name, svg, caption).map_err(|e| Error::io(dir, &e)),
        None => Ok(()),
    }
}
