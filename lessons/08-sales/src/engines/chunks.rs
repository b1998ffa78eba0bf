//! The `chunks` engine: parallel *within* files. Each file is cut into
//! byte ranges of `--chunk-bytes` (4 MiB); every range is read and parsed
//! on rayon's pool by the byte-level parser of [`crate::machinery::scan`], and the
//! ranges' summaries are merged into the file's.
//!
//! The other engines give a whole file to one thread, so seven files keep
//! at most seven threads busy and the largest file sets the pace. Here
//! every file is shared among all threads, whatever the number of files.
//!
//! Two costs that the simple engines hide, and how this one avoids them:
//!
//! - **Reading.** `std::fs::read` of an 80 MB file allocates 80 MB of
//!   fresh memory, and the kernel must zero every new page before copying
//!   the file into it. Here each range is read into a buffer that its
//!   thread keeps and reuses, small enough to stay in the CPU's cache
//!   while it is parsed.
//! - **Parsing.** The csv crate copies every field of every row into a
//!   record; the byte-level parser only finds the three fields the report
//!   needs and parses the numbers straight from the bytes.
//!
//! The trap in cutting a CSV file: a line break inside a quoted field is
//! not the end of a row. A range starts just past the first `\n` after
//! its cut, which is usually a row's end but may be inside a quoted
//! description. So each range reports where its last row really ended
//! (the last row may run past the cut), and `join_parts` checks that
//! this is where the next range's first row began. If not, that range is
//! parsed again from the right place: correct for any file, and rarely
//! needed.
//!
//! Memory: a window holds its range and at most [`MAX_ROW_BYTES`] more,
//! the rest of its last row. A row that would run past that is too long
//! ([`Error::RowTooLong`]), and a cut with no line break within that
//! distance lies inside such a row: the window stops there either way,
//! so each thread holds at most `chunk_bytes + MAX_ROW_BYTES` of the file
//! (in a buffer of up to twice that capacity: it grows by doubling),
//! however large the file.

use super::{Engine, Job, MAX_ROW_BYTES, pool};
use crate::error::{BadRow, Error, Problem};
use crate::machinery::dataset::DataFile;
use crate::machinery::scan;
use crate::report::{FileSummary, Report};
use crate::rows::{Fields, Layout, Rows, add_row, wrong_count};
use crate::summary::Summary;
use memchr::memchr;
use rayon::prelude::*;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

// ANCHOR: run
/// Every file on the pool, and every file's ranges on the pool too:
/// rayon runs the nested parallel loops on the same threads.
pub fn run(job: &Job) -> Result<Report, Error> {
    let results: Vec<Result<FileSummary, Error>> = pool(Engine::Chunks, job.options.threads)?.install(|| {
        job.dataset
            .files
            .par_iter()
            .enumerate()
            .map(|(index, file)| summarise_file(job, index, file))
            .collect()
    });
    Report::collect(results.into_iter().map(|result| result.map(|file| vec![file])))
}
// ANCHOR_END: run

// ANCHOR: summarise_file
/// One file: read its header, parse its ranges in parallel, join them.
fn summarise_file(job: &Job, index: usize, file: &DataFile) -> Result<FileSummary, Error> {
    let failed = |e: io::Error| Error::io(&file.path, &e);
    let (layout, body) = header(file)?;
    let shown = file.shown();
    let rows = Rows {
        file: &shown,
        layout,
        on_bad_row: job.options.on_bad_row,
    };
    let cuts = cut_points(body, file.bytes, job.options.chunk_bytes as u64);
    let parts = cuts
        .par_windows(2)
        .enumerate()
        .map(|(i, range)| {
            // The first range starts at the first row; the others at a cut.
            let from = if i == 0 {
                Start::Row(range[0])
            } else {
                Start::Cut(range[0])
            };
            let part = job.timeline.record(format!("{} [{i}]", file.name), || {
                parse_part(&file.path, from, range[1], &rows)
            });
            job.progress.advance(index, range[1] - range[0]);
            part
        })
        .collect::<io::Result<Vec<Part>>>()
        .map_err(failed)?;
    job.progress.finish(index);
    let summary = join_parts(&file.path, parts, &rows).map_err(failed)?;
    let summary = with_lines(&file.path, summary).map_err(failed)?;
    Ok(FileSummary {
        file: file.name.clone(),
        summary: summary?,
    })
}
// ANCHOR_END: summarise_file

// ANCHOR: cut_points
/// Where the ranges are cut: every `chunk_bytes` from `body` (the first
/// row) to `len`, the end of the file. Only numbers: no byte is read to
/// place a cut; each range finds its first row itself.
pub fn cut_points(body: u64, len: u64, chunk_bytes: u64) -> Vec<u64> {
    let step = chunk_bytes.max(1) as usize;
    let mut cuts: Vec<u64> = (body..len).step_by(step).collect();
    cuts.push(len.max(body));
    cuts
}
// ANCHOR_END: cut_points

/// Where a range's first row is.
#[derive(Debug, Clone, Copy)]
enum Start {
    /// Exactly here (the first range, or a range parsed again).
    Row(u64),
    /// Just past the first `\n` at or after the byte before this cut: if
    /// the cut falls right after a line break, the row there is ours.
    Cut(u64),
}

/// One byte range, parsed.
#[derive(Debug)]
struct Part {
    /// Where its first record starts.
    first: u64,
    /// It parses the records that start before this cut.
    stop: u64,
    /// Where the record after its last one starts (at or past `stop`).
    end: u64,
    /// Its summary, or what stopped it.
    summary: Result<Summary, Stop>,
}

/// What stops a range before its end.
#[derive(Debug)]
enum Stop {
    /// A bad row (`--on-bad-row fail`).
    Bad(BadRow),
    /// A row that starts at this byte and is longer than [`MAX_ROW_BYTES`].
    TooLong(u64),
}

/// Where a part starts when its cut found no line break within
/// [`MAX_ROW_BYTES`]: nowhere a part can start, so `join_parts` always
/// parses it again from where the part before it ended.
const NO_ROW: u64 = u64::MAX;

/// Parse the records that start in a range, ending before `stop`: all of
/// the last one, even if it runs past `stop`.
// ANCHOR: parse_part
fn parse_part(path: &Path, from: Start, stop: u64, rows: &Rows) -> io::Result<Part> {
    let mut window = Window::open(path, from, stop)?;
    let Some(mut at) = window.first_row()? else {
        // No line break within the limit after the cut: we are inside a
        // row too long to read, which the part it starts in names.
        return Ok(Part {
            first: NO_ROW,
            stop,
            end: NO_ROW,
            summary: Ok(Summary::default()),
        });
    };
    let first = window.offset + at as u64;
    let mut summary = Summary::default();
    let mut scanner = scan::Scanner::default();
    let picks = scan::Picks::new(&rows.layout);
    while window.offset + (at as u64) < stop {
        let record = scanner.record(&window.bytes, at, &picks);
        if record.end == window.bytes.len() && !window.at_end {
            // The record may go on past the window: read more, and parse
            // it again; unless the window is full, and the row too long.
            if window.is_full() {
                let start = window.offset + at as u64;
                return Ok(window.done(first, stop, at, Err(Stop::TooLong(start))));
            }
            window.grow()?;
            continue;
        }
        let record_end = record.end;
        let fields = Fields {
            count: record.fields,
            quantity: &record.quantity,
            unit_price: &record.unit_price,
            total_price: &record.total_price,
            country: &record.country,
        };
        if let Err(problem) = add_row(&mut summary, &rows.layout, &fields) {
            let problem = match problem {
                Problem::FieldCount { .. } => {
                    let (all, _) = scan::all_fields(&window.bytes, at);
                    wrong_count(&rows.layout, all.iter().map(|field| field.as_ref()))
                }
                other => other,
            };
            // The line number is counted later, for the few rows shown.
            let byte = window.reported_position(at)?;
            if let Err(bad) = rows.refuse(&mut summary, 0, byte, problem) {
                return Ok(window.done(first, stop, at, Err(Stop::Bad(bad))));
            }
        }
        at = window.next_record(record_end)?;
    }
    Ok(window.done(first, stop, at, Ok(summary)))
}
// ANCHOR_END: parse_part

// ANCHOR: join_parts
/// Merge the parts in file order, checking each cut: a part must start
/// where the previous one ended. One that does not began inside a quoted
/// field, and is parsed again from where the previous part really ended.
fn join_parts(path: &Path, parts: Vec<Part>, rows: &Rows) -> io::Result<Result<Summary, Stop>> {
    let mut total = Summary::default();
    let mut expected = None;
    for part in parts {
        let part = match expected {
            Some(at) if at != part.first => parse_part(path, Start::Row(at), part.stop, rows)?,
            _ => part,
        };
        expected = Some(part.end);
        match part.summary {
            Ok(summary) => total.merge(summary),
            Err(stop) => return Ok(Err(stop)),
        }
    }
    Ok(Ok(total))
}
// ANCHOR_END: join_parts

// ANCHOR: header
/// The header: the file's layout, and where its first row may start. A
/// UTF-8 byte-order mark before it (`EF BB BF`, which Excel writes) is not
/// part of the first column's name: the csv crate skips it, and so do we.
fn header(file: &DataFile) -> Result<(Layout, u64), Error> {
    let failed = |e: io::Error| Error::io(&file.path, &e);
    let mut window = Window::open(&file.path, Start::Row(0), 0).map_err(failed)?;
    loop {
        let bom = if window.bytes.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let start = scan::next_record(&window.bytes, bom);
        let (names, end) = scan::all_fields(&window.bytes, start);
        if end == window.bytes.len() && !window.at_end {
            if window.is_full() {
                return Err(super::sequential::too_long(&file.path, start as u64, 1));
            }
            window.grow().map_err(failed)?;
            continue;
        }
        if start == window.bytes.len() {
            return Err(Error::EmptyFile(file.path.clone()));
        }
        let layout = Layout::from_header(&file.path, names.iter().map(|name| name.as_ref()))?;
        return Ok((layout, end as u64));
    }
}
// ANCHOR_END: header

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bad rows with their line numbers, counted in the file; a row too long
/// with its line and length.
fn with_lines(path: &Path, summary: Result<Summary, Stop>) -> io::Result<Result<Summary, Error>> {
    Ok(match summary {
        Ok(mut summary) => {
            for bad in &mut summary.first_rejected {
                bad.line = line_of(path, bad.byte)?;
            }
            Ok(summary)
        }
        Err(Stop::Bad(mut bad)) => {
            bad.line = line_of(path, bad.byte)?;
            Err(Error::BadRow(bad))
        }
        Err(Stop::TooLong(byte)) => Err(super::sequential::too_long(path, byte, line_of(path, byte)?)),
    })
}

/// The line of byte `byte` of the file, from 1: one more than the line
/// breaks before it. Read again for the few bad rows shown.
fn line_of(path: &Path, byte: u64) -> io::Result<u64> {
    Ok(scan::newlines(File::open(path)?.take(byte))? + 1)
}

/// Bytes a window reads past its range, to finish its last row; it reads
/// more if a row is longer still.
const MARGIN: u64 = 64 << 10;

thread_local! {
    /// Each thread's buffer, reused by every range it parses: its memory
    /// is allocated once, not once per range.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

// ANCHOR: window
/// Part of a file, read into the thread's reused buffer: the bytes from
/// `offset` on. Positions inside it are indexes into `bytes`.
struct Window {
    file: File,
    offset: u64,
    bytes: Vec<u8>,
    /// Has it read up to the end of the file?
    at_end: bool,
    /// For `Start::Cut`: the first row starts after a line break.
    from: Start,
    /// The most bytes it may hold: its range and [`MAX_ROW_BYTES`] more.
    cap: usize,
}

impl Window {
    /// Read the range that `from` starts and `stop` ends, and a margin.
    fn open(path: &Path, from: Start, stop: u64) -> io::Result<Window> {
        let offset = match from {
            Start::Row(at) => at,
            Start::Cut(cut) => cut.saturating_sub(1),
        };
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(offset))?;
        let range = usize::try_from(stop.saturating_sub(offset)).unwrap_or(usize::MAX);
        let cap = range.saturating_add(MAX_ROW_BYTES + 1);
        let mut window = Window {
            file,
            offset,
            bytes: BUFFER.take(),
            at_end: false,
            from,
            cap,
        };
        window.bytes.clear();
        window.read((range as u64).saturating_add(MARGIN))?;
        Ok(window)
    }

    // ANCHOR_END: window

    // ANCHOR: read
    /// Append up to `more` bytes, never past `cap`; false if none came.
    fn read(&mut self, more: u64) -> io::Result<bool> {
        let room = self.cap.saturating_sub(self.bytes.len());
        let more = more.min(room as u64);
        // `read_to_end` fills the buffer's spare capacity without zeroing
        // it, and grows it by doubling when it is full: the thread's buffer
        // soon has the capacity every window needs, and keeps it.
        let read = (&mut self.file).take(more).read_to_end(&mut self.bytes)?;
        self.at_end = (read as u64) < more;
        Ok(read > 0)
    }

    /// Has it read all it may, `cap` bytes, and not reached the file's end?
    fn is_full(&self) -> bool {
        self.bytes.len() >= self.cap && !self.at_end
    }

    // ANCHOR_END: read

    /// Read more (as much again as we have, up to `cap`); false at the
    /// end of the file or when full.
    fn grow(&mut self) -> io::Result<bool> {
        if self.at_end || self.is_full() {
            return Ok(false);
        }
        self.read((self.bytes.len() as u64).max(MARGIN))
    }

    /// The index of the first row: at the start, or after a cut's line
    /// break; `None` if the window filled up before a line break.
    fn first_row(&mut self) -> io::Result<Option<usize>> {
        let mut searched = 0;
        let after_break = match self.from {
            Start::Row(_) => 0,
            Start::Cut(_) => loop {
                if let Some(i) = memchr(b'\n', &self.bytes[searched..]) {
                    break searched + i + 1;
                }
                searched = self.bytes.len();
                if self.is_full() {
                    return Ok(None);
                }
                if !self.grow()? {
                    break searched;
                }
            },
        };
        self.next_record(after_break).map(Some)
    }

    /// The next record's start at or after `at`, reading more if blank
    /// lines run to the end of the window.
    fn next_record(&mut self, at: usize) -> io::Result<usize> {
        loop {
            let start = scan::next_record(&self.bytes, at);
            if start < self.bytes.len() || !self.grow()? {
                return Ok(start);
            }
        }
    }

    /// Where the csv crate says the record at `at` is: just past the first
    /// of the line breaks before it (see [`scan::breaks_before`]). If they
    /// run back to the start of the window, read back through the file.
    fn reported_position(&mut self, at: usize) -> io::Result<u64> {
        let mut first_break = self.offset + scan::breaks_before(&self.bytes, at) as u64;
        if first_break == self.offset {
            let mut byte = [0];
            while first_break > 0 {
                self.file.seek(SeekFrom::Start(first_break - 1))?;
                self.file.read_exact(&mut byte)?;
                if !matches!(byte[0], b'\n' | b'\r') {
                    break;
                }
                first_break -= 1;
            }
        }
        Ok((first_break + 1).min(self.offset + at as u64))
    }

    /// The finished part.
    fn done(self, first: u64, stop: u64, at: usize, summary: Result<Summary, Stop>) -> Part {
        Part {
            first,
            stop,
            end: self.offset + at as u64,
            summary,
        }
    }
}

// ANCHOR: window_drop
/// The buffer goes back to the thread, for the next range to reuse.
impl Drop for Window {
    fn drop(&mut self) {
        BUFFER.set(std::mem::take(&mut self.bytes));
    }
}
// ANCHOR_END: window_drop

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_are_every_chunk_from_the_first_row() {
        assert_eq!(cut_points(2, 22, 5), [2, 7, 12, 17, 22]);
        assert_eq!(cut_points(2, 22, 100), [2, 22]);
        assert_eq!(cut_points(2, 2, 1), [2], "no bytes after the header: no range");
    }
}
