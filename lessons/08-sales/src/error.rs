//! Everything that can go wrong, as values: the pipeline never panics on
//! bad input, it returns one of these and `main` prints it.
//!
//! A bad *row* is a [`BadRow`]: which file, which line, what was wrong.
//! With `--on-bad-row fail` (the default) the first one stops the run; with
//! `skip` it is counted in the report's `rejected` and the first few are
//! listed on stderr. Everything else (a missing directory, an empty file, a
//! header without a column we need, a worker process that died) is an
//! [`Error`] that always stops the run.
//!
//! Both derive `Serialize` and `Deserialize`: the `processes` engine's
//! workers send their errors to the parent as JSON, so a bad row found in a
//! child is reported exactly as if the parent had found it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The row has more or fewer fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A money column holds something that is not an exact decimal.
    NotANumber {
        /// The column's name.
        column: String,
        /// What it held (cut short if long).
        text: String,
    },
    /// A number with more than 12 digits before the point: bigger than the
    /// pipeline's exact sums are sized for (`money::MAX_WHOLE_DIGITS`),
    /// not malformed.
    TooBig {
        /// The column's name.
        column: String,
        /// What it held (cut short if long).
        text: String,
    },
    /// A Quantity that is not a whole number (`two`, `2.5`).
    NotWhole {
        /// The column's name.
        column: String,
        /// What it held (cut short if long).
        text: String,
    },
    /// The country is not valid UTF-8 text.
    NotText {
        /// The column's name.
        column: String,
    },
    /// A quoted field ran over line breaks and the row came out with the
    /// wrong number of fields: a quote that should have closed on its own
    /// line did not, and swallowed the lines after it into one row.
    UnclosedQuote {
        /// The line the quote opens on, counted from the row's first line
        /// (0: the same line).
        opened: u64,
        /// The physical lines the row covers: the rows swallowed, and its own.
        lines: u64,
        /// Fields in this row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
}

// ANCHOR: bad_row
/// A row that could not be read, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    /// The file, as given on the command line (`data/tst/2015.csv`).
    pub file: String,
    /// The line the row starts on, counting from 1 (the header is line 1).
    pub line: u64,
    /// The byte offset where the row starts: the order of bad rows.
    pub byte: u64,
    /// What was wrong.
    pub problem: Problem,
}
// ANCHOR_END: bad_row

impl Problem {
    /// A money column that did not parse: too big, or not a number.
    pub fn amount(column: &str, text: &[u8]) -> Self {
        let (column, text) = (column.to_string(), shorten(text));
        if crate::money::too_big(text.as_bytes()) {
            Problem::TooBig { column, text }
        } else {
            Problem::NotANumber { column, text }
        }
    }

    /// A whole-number column that did not parse: too big, or not whole.
    pub fn whole(column: &str, text: &[u8]) -> Self {
        let (column, text) = (column.to_string(), shorten(text));
        if crate::money::too_big(text.as_bytes()) {
            Problem::TooBig { column, text }
        } else {
            Problem::NotWhole { column, text }
        }
    }
}

/// A field's text for a message; long text is cut to 40 characters.
fn shorten(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

/// `1 row`, `2 rows`: a count and its noun, plural when it is not 1.
pub fn count(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", workbook::report::grouped(n))
}

impl BadRow {
    /// The rows this bad row stands for: the lines an unclosed quote
    /// swallowed, or 1. `--on-bad-row skip` counts them all as rejected.
    pub fn rows(&self) -> u64 {
        match self.problem {
            Problem::UnclosedQuote { lines, .. } => lines,
            _ => 1,
        }
    }

    /// The last line the row covers.
    pub fn last_line(&self) -> u64 {
        self.line + self.rows() - 1
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::FieldCount { expected, found } => {
                let fields = if *found == 1 { "field" } else { "fields" };
                write!(f, "{found} {fields}, but the header has {expected}")
            }
            Problem::NotANumber { column, text } => write!(
                f,
                "{column} is {text:?}, not a decimal number with at most 3 digits after the point"
            ),
            Problem::TooBig { column, text } => write!(
                f,
                "{column} is {text:?}: too big (at most {} digits before the point)",
                crate::money::MAX_WHOLE_DIGITS
            ),
            Problem::NotWhole { column, text } => write!(f, "{column} is {text:?}, not a whole number"),
            Problem::NotText { column } => write!(f, "{column} is not valid UTF-8 text"),
            Problem::UnclosedQuote {
                lines,
                found,
                expected,
                ..
            } => write!(
                f,
                "a quote is not closed, so {} read as one row of {}; the header has {expected}",
                count(*lines, "line"),
                count(*found as u64, "field")
            ),
        }
    }
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem {
            // Where the quote opened, and every line it swallowed.
            Problem::UnclosedQuote {
                opened,
                lines,
                found,
                expected,
            } => write!(
                f,
                "{}, lines {}–{}: the quote opened on line {} is not closed, so {} read as one row of {}; \
                 the header has {expected}",
                self.file,
                self.line,
                self.last_line(),
                self.line + opened,
                count(lines, "line"),
                count(found as u64, "field")
            ),
            _ => write!(f, "{}, line {}: {}", self.file, self.line, self.problem),
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// `--data-dir` does not exist or is not a directory.
    NoDirectory(PathBuf),
    /// The directory holds no `*.csv` file.
    NoCsvFiles(PathBuf),
    /// Reading a file failed (permissions, a disk error...).
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// An entry named `*.csv` that is not a regular file: a directory, a
    /// FIFO, a device (a link to `/dev/zero`), a socket.
    NotAFile {
        /// The entry.
        path: PathBuf,
        /// What it is instead.
        kind: String,
    },
    /// A row longer than [`crate::engines::MAX_ROW_BYTES`]: reading it whole
    /// would take memory in proportion to the file, so every engine stops.
    RowTooLong {
        /// The file.
        path: PathBuf,
        /// The line the row starts on, from 1.
        line: u64,
        /// The row's length in bytes, to its end or to the end of the file.
        length: u64,
        /// The limit.
        limit: u64,
    },
    /// A file has no header line: an empty file is not a valid sales file
    /// (a file with only a header is, and has zero rows).
    EmptyFile(PathBuf),
    /// The header lacks a column the report needs.
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column it lacks.
        column: String,
    },
    /// A bad row, with `--on-bad-row fail`.
    BadRow(BadRow),
    /// A worker process of the `processes` engine failed.
    Worker {
        /// The worker's number, from 1.
        worker: usize,
        /// The files of its batch.
        files: Vec<String>,
        /// What went wrong: its exit status and the end of its stderr.
        message: String,
    },
    /// Engines disagreed (`--engine all`): a bug, never to be ignored.
    Mismatch(String),
    /// Generating data, running the Python script, or something else
    /// around the pipeline failed.
    Other(String),
}

impl Error {
    /// An I/O error on `path`, keeping the system's message.
    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: error.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoDirectory(dir) if dir.is_file() => {
                write!(
                    f,
                    "{}: a file, not a directory (give --data-dir the folder of CSV files)",
                    dir.display()
                )
            }
            Error::NoDirectory(dir) => write!(f, "{}: no such directory", dir.display()),
            Error::NoCsvFiles(dir) => write!(f, "{}: no *.csv files in this directory", dir.display()),
            Error::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Error::NotAFile { path, kind } => write!(
                f,
                "{}: {kind}, not a regular file: move it out of the directory \
                 (only files named *.csv are read)",
                path.display()
            ),
            Error::RowTooLong {
                path,
                line,
                length,
                limit,
            } => write!(
                f,
                "{}, line {line}: a row of {} bytes, longer than the limit of {} bytes \
                 (a file with no line breaks, or a quote that never closes?)",
                path.display(),
                workbook::report::grouped(*length),
                workbook::report::grouped(*limit)
            ),
            Error::EmptyFile(path) => {
                write!(
                    f,
                    "{}: the file is empty (not even a header line)",
                    path.display()
                )
            }
            Error::MissingColumn { path, column } => {
                write!(f, "{}: the header has no column {column:?}", path.display())
            }
            Error::BadRow(bad) => write!(f, "{bad} (use --on-bad-row skip to count and skip bad rows)"),
            Error::Worker {
                worker,
                files,
                message,
            } => write!(
                f,
                "worker process {worker} ({}) failed: {message}",
                files.join(", ")
            ),
            Error::Mismatch(what) => write!(f, "the engines disagree: {what}"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<BadRow> for Error {
    fn from(bad: BadRow) -> Self {
        Error::BadRow(bad)
    }
}
