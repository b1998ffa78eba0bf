//! The `sequential` engine: one file after another, each read with the
//! csv crate. The simplest engine, the reference the others must match,
//! and the function every file-level engine reuses: [`summarise_file`].
//!
//! Its memory is one row at most, whatever the file: the csv crate reads a
//! row whole into its record, so the file reaches it through [`Bounded`],
//! which refuses to hand over more than [`MAX_ROW_BYTES`] past the start
//! of the row being read.

use super::{Job, MAX_ROW_BYTES, Progress};
use crate::error::Error;
use crate::error::Problem;
use crate::machinery::dataset::DataFile;
use crate::machinery::scan;
use crate::report::{FileSummary, Report};
use crate::rows::{Fields, Layout, OnBadRow, Rows, add_row, wrong_count};
use crate::summary::Summary;
use std::cell::Cell;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

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
    let opened = File::open(&file.path).map_err(|e| Error::io(&file.path, &e))?;
    let row = Rc::new(RowStart::default());
    let failed = |e: csv::Error| match row.too_long.get() {
        true => too_long(&file.path, row.byte.get(), row.line.get()),
        false => Error::Io {
            path: file.path.clone(),
            message: e.to_string(),
        },
    };
    // `flexible`: a row with a wrong number of fields is ours to report,
    // with its line, not an error that ends the reading.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(Bounded::new(opened, Rc::clone(&row)));
    row.moved_to(reader.position()); // byte 0, line 1: the header
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
    row.moved_to(reader.position());
    while reader.read_byte_record(&mut record).map_err(failed)? {
        row.moved_to(reader.position());
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

// ANCHOR: bounded
/// Where the row being read starts (set after every row), and whether
/// [`Bounded`] refused to read on.
#[derive(Debug, Default)]
struct RowStart {
    byte: Cell<u64>,
    line: Cell<u64>,
    too_long: Cell<bool>,
}

impl RowStart {
    /// The csv reader has read up to `position`: the next row starts there.
    fn moved_to(&self, position: &csv::Position) {
        self.byte.set(position.byte());
        self.line.set(position.line());
    }
}

/// Bytes the csv crate's own buffer (8 KiB) may read ahead of its parser.
const READ_AHEAD: u64 = 64 << 10;

/// The file, as the csv crate sees it: it gives no byte more than
/// [`MAX_ROW_BYTES`] (and the crate's read-ahead) past the start of the
/// current row, and fails instead. The csv crate then returns that failure
/// as an I/O error, which `summarise_file` turns into a
/// [`Error::RowTooLong`] that names the row.
struct Bounded {
    file: File,
    given: u64,
    row: Rc<RowStart>,
}

impl Bounded {
    fn new(file: File, row: Rc<RowStart>) -> Bounded {
        Bounded { file, given: 0, row }
    }
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let allowed = (self.row.byte.get() + MAX_ROW_BYTES as u64 + READ_AHEAD).saturating_sub(self.given);
        if allowed == 0 {
            self.row.too_long.set(true);
            return Err(io::Error::other("row too long"));
        }
        let wanted = buf.len().min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let read = self.file.read(&mut buf[..wanted])?;
        self.given += read as u64;
        Ok(read)
    }
}
// ANCHOR_END: bounded

/// The error for the row at `byte` (line `line`) of `path`: its length is
/// counted by reading on to its end, a block at a time.
pub(crate) fn too_long(path: &Path, byte: u64, line: u64) -> Error {
    let length = File::open(path).and_then(|mut file| {
        file.seek(SeekFrom::Start(byte))?;
        scan::row_length(file)
    });
    match length {
        Ok(length) => Error::RowTooLong {
            path: path.to_path_buf(),
            line,
            length,
            limit: MAX_ROW_BYTES as u64,
        },
        Err(e) => Error::io(path, &e),
    }
}
