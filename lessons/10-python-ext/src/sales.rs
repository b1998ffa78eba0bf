//! Everything lesson 10 takes from lesson 08, in one adapter (as lesson 09
//! has one): the files, its engines, its report and its `--json`. The
//! Python module and the demo call lesson 08 only through this file.

pub use lesson_08_sales::engines::{Engine, Job, Options, Progress, progress_bars};
pub use lesson_08_sales::error::{BadRow, Error, Problem};
pub use lesson_08_sales::machinery::dataset::{DataFile, Dataset, Size};
pub use lesson_08_sales::machinery::generate::generate;
pub use lesson_08_sales::machinery::python as python_pipeline;
pub use lesson_08_sales::money::{Decimal, parse as parse_money};
pub use lesson_08_sales::report::{FileSummary, Report};
pub use lesson_08_sales::rows::OnBadRow;
pub use lesson_08_sales::summary::Summary;

use std::path::Path;

/// An engine by its name on lesson 08's command line (`chunks`...).
pub fn engine(name: &str) -> Result<Engine, Error> {
    Engine::ALL
        .into_iter()
        .find(|engine| engine.name() == name)
        .ok_or_else(|| {
            Error::Other(format!(
                "no engine {name:?}: sequential, threads, rayon, chunks or processes"
            ))
        })
}

/// `fail` or `skip`, as lesson 08's `--on-bad-row` takes them.
pub fn on_bad_row(name: &str) -> Result<OnBadRow, Error> {
    match name {
        "fail" => Ok(OnBadRow::Fail),
        "skip" => Ok(OnBadRow::Skip),
        other => Err(Error::Other(format!(
            "on_bad_row is {other:?}: \"fail\" or \"skip\""
        ))),
    }
}

// ANCHOR: one_file
/// One file's summary from `engine`: lesson 08's engine run on a dataset
/// of that file alone. A report built file by file equals the report of
/// all files (summaries merge exactly, lesson 08), and between two files
/// the caller may look up from the work: check for Ctrl-C, say how far.
pub fn summarise(
    file: &DataFile,
    dir: &Path,
    engine: Engine,
    options: Options,
) -> Result<FileSummary, Error> {
    let dataset = Dataset {
        dir: dir.to_path_buf(),
        files: vec![file.clone()],
    };
    let mut report = engine.run_hidden(&dataset, options, None)?;
    report
        .files
        .pop()
        .ok_or_else(|| Error::Other(format!("{}: the engine returned no summary", file.shown())))
}
// ANCHOR_END: one_file

/// Lesson 08's report of `dir` in one go, as its binary computes it.
pub fn lesson_08(dir: &Path, engine: Engine, options: Options) -> Result<Report, Error> {
    let dataset = Dataset::open(dir)?;
    Ok(engine.timed(&dataset, options, false)?.report)
}

/// One row as Python receives it from `rows()`: the country and the two
/// prices in thousandths (exact integers, as lesson 08 keeps money).
pub type Row = (String, i64, i64);

/// Every row of a file, the report's three columns of it, for the
/// boundary's cost (part 3): what crossing with every row costs, against
/// crossing once with the summary. Bad rows are an error, as `fail`.
pub fn rows(file: &DataFile) -> Result<Vec<Row>, Error> {
    let failed = |e: csv::Error| Error::Io {
        path: file.path.clone(),
        message: e.to_string(),
    };
    let mut reader = csv::Reader::from_path(&file.path).map_err(failed)?;
    let header = reader.headers().map_err(failed)?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::MissingColumn {
                path: file.path.clone(),
                column: name.to_string(),
            })
    };
    let (country, unit, total) = (column("Country")?, column("UnitPrice")?, column("TotalPrice")?);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(failed)?;
        let line = record.position().map_or(0, csv::Position::line);
        let money = |i: usize| {
            let text = record.get(i).unwrap_or_default();
            parse_money(text.as_bytes()).ok_or_else(|| {
                Error::Other(format!(
                    "{}, line {line}: {text:?} is not an amount",
                    file.shown()
                ))
            })
        };
        let place = record.get(country).unwrap_or_default().to_string();
        rows.push((place, money(unit)?, money(total)?));
    }
    Ok(rows)
}
