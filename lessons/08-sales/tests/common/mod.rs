//! What the integration tests share: files in a temporary directory, and
//! every engine run on them, checked to agree.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use lesson_08_sales::engines::{Engine, Options};
use lesson_08_sales::error::Error;
use lesson_08_sales::machinery::dataset::Dataset;
use lesson_08_sales::report::Report;
use lesson_08_sales::rows::OnBadRow;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// The lesson's binary: the `processes` engine starts it as its workers.
pub const BINARY: &str = env!("CARGO_BIN_EXE_lesson-08-sales");

/// The header the generator writes.
pub const HEADER: &str = "InvoiceNo,StockCode,Description,Quantity,UnitPrice,TotalPrice,Country,Date\n";

/// A temporary directory holding these files.
pub fn files(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, content) in files {
        fs::write(dir.path().join(name), content).expect("writable");
    }
    dir
}

/// `engine` on the CSV files of `dir`.
pub fn run(engine: Engine, dir: &Path, options: Options) -> Result<Report, Error> {
    let dataset = Dataset::open(dir)?;
    engine.run_hidden(&dataset, options, Some(Path::new(BINARY)))
}

/// Options with `threads` threads and batches, and `on_bad_row`.
pub fn options(threads: usize, on_bad_row: OnBadRow) -> Options {
    Options {
        on_bad_row,
        ..Options::with_threads(threads)
    }
}

/// Run every engine with each of these option sets: all must give the same
/// report (the same JSON and the same bad rows) or the same error. Returns
/// the outcome.
pub fn all_agree(dir: &Path, option_sets: &[Options]) -> Result<Report, Error> {
    let reference = run(Engine::Sequential, dir, option_sets[0]);
    for &options in option_sets {
        for engine in Engine::ALL {
            let outcome = run(engine, dir, options);
            match (&reference, &outcome) {
                (Ok(expected), Ok(got)) => {
                    assert_eq!(
                        got.to_json(),
                        expected.to_json(),
                        "{} with {options:?}",
                        engine.name()
                    );
                    assert_eq!(
                        got.total.first_rejected,
                        expected.total.first_rejected,
                        "{} with {options:?}",
                        engine.name()
                    );
                }
                _ => assert_eq!(outcome, reference, "{} with {options:?}", engine.name()),
            }
        }
    }
    reference
}
