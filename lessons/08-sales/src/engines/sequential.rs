//! The `sequential` engine: one file after another, each read with the
//! csv crate. The simplest engine, the reference the others must match,
//! and the function every file-level engine reuses: [`summarise_file`].

use super::{Job, Progress};
use crate::error::Error;
use crate::error::Problem;
use crate::machinery::dataset::DataFile;
use crate::report::{FileSummary, Report};
use crate::rows::{Fields, Layout, OnBadRow, Rows, add_row, wrong_count};
use crate::summary::Summary;

/// Rows between two updates of a progress bar.
const ROWS_PER_UPDATE: u64 = 1 << 16;

/// Every file in turn, on this thread.
pub fn run(job: &Job) -> Result<Report, Error> {
    let mut files = Vec::new();
    for (index, file) in job.dataset.files.iter().enumerate() {
        let summary = job.timeline.record(&file.name, || {
            summarise_file(file, index, job.options.on_bad_row, job.progress)
        })?;
        files.push(summary);
    }
    Ok(Report::new(files))
}

// ANCHOR: summarise_file
/// Read one file with the csv crate and summarise it. `index` is the
/// file's number in the dataset, for its progress bar.
pub fn summarise_file(
    file: &DataFile,
    index: usize,
    on_bad_row: OnBadRow,
    progress: &Progress,
) -> Result<FileSummary, Error> {
    let failed = |e: csv::Error| Error::Io {
        path: file.path.clone(),
        message: e.to_string(),
    };
    // `flexible`: a row with a wrong number of fields is ours to report,
    // with its line, not an error that ends the reading.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&file.path)
        .map_err(failed)?;
    let header = reader.byte_headers().map_err(failed)?;
    if header.is_empty() {
        return Err(Error::EmptyFile(file.path.clone()));
    }
    let layout = Layout::from_header(&file.path, header)?;
    let shown = file.shown();
    let rows = Rows {
        file: &shown,
        layout,
        on_bad_row,
    };
    // ANCHOR_END: summarise_file
    // ANCHOR: row_loop
    let mut summary = Summary::default();
    // One record, reused for every row: no allocation per row.
    let mut record = csv::ByteRecord::new();
    let mut reported = 0;
    while reader.read_byte_record(&mut record).map_err(failed)? {
        let field = |i| record.get(i).unwrap_or_default();
        let fields = Fields {
            count: record.len(),
            quantity: field(layout.quantity),
            unit_price: field(layout.unit_price),
            total_price: field(layout.total_price),
            country: field(layout.country),
        };
        if let Err(problem) = add_row(&mut summary, &layout, &fields) {
            let problem = match problem {
                Problem::FieldCount { .. } => wrong_count(&layout, &record),
                other => other,
            };
            let at = record.position().cloned().unwrap_or_else(csv::Position::new);
            rows.refuse(&mut summary, at.line(), at.byte(), problem)?;
        }
        if (summary.rows + summary.rejected).is_multiple_of(ROWS_PER_UPDATE) {
            let read = reader.position().byte();
            progress.advance(index, read - reported);
            reported = read;
        }
    }
    progress.advance(index, file.bytes.saturating_sub(reported));
    progress.finish(index);
    Ok(FileSummary {
        file: file.name.clone(),
        summary,
    })
}
// ANCHOR_END: row_loop
