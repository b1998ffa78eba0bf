//! The input: a directory of `*.csv` sales files, sorted by name.
//!
//! `--data-dir DIR` names any such directory. `--type tst|sml|bg` (the
//! seed's flag) names one of the generated ones, `data/tst` and so on at the
//! root of the workspace, and generates it first if it is not there yet.
//! `tiny` is ours: a hundredth of `tst`, for quick runs and the tests.

use crate::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

/// The years of the sales files: one file per year, `2015.csv` to `2021.csv`.
pub const YEARS: std::ops::RangeInclusive<u16> = 2015..=2021;

/// The generated datasets, by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// A hundredth of tst: 600 to 900 rows a file (5,250 in all), for quick runs and tests.
    Tiny,
    /// The seed's test set: 60,000 rows in 2015, 5,000 more each year (525,000).
    Tst,
    /// The seed's small set: ten times tst (5.25 million rows, about 520 MB).
    Sml,
    /// The seed's big set: a hundred times tst (52.5 million rows, about 5.2 GB).
    Bg,
}

impl Size {
    /// The directory name: `tst`, `sml`...
    pub fn name(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Tst => "tst",
            Size::Sml => "sml",
            Size::Bg => "bg",
        }
    }

    /// Rows in the file of `year`.
    pub fn rows(self, year: u16) -> u64 {
        let tst = 60_000 + 5_000 * u64::from(year - YEARS.start());
        match self {
            Size::Tiny => tst / 100,
            Size::Tst => tst,
            Size::Sml => tst * 10,
            Size::Bg => tst * 100,
        }
    }

    /// The directory the generator writes this size to: `data/tst` when
    /// run from the workspace root (as `just` does), a full path otherwise.
    pub fn dir(self) -> PathBuf {
        let dir = data_root().join(self.name());
        let here = std::env::current_dir().unwrap_or_default();
        dir.strip_prefix(&here)
            .map_or_else(|_| dir.clone(), Path::to_path_buf)
    }
}

/// `data/` at the root of the workspace (git ignores it), wherever the
/// program is started from.
pub fn data_root() -> PathBuf {
    let lesson = Path::new(env!("CARGO_MANIFEST_DIR"));
    lesson.ancestors().nth(2).unwrap_or(lesson).join("data")
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its file name, `2015.csv`: how the report names it.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
}

impl DataFile {
    /// The path as text, as messages name the file.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// The files of one run, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// The directory they are in.
    pub dir: PathBuf,
    /// The `*.csv` files in it, by name.
    pub files: Vec<DataFile>,
}

impl Dataset {
    // ANCHOR: open
    /// Every `*.csv` file directly in `dir` (the extension in any case:
    /// `2016.CSV` too). A missing directory, or one with no CSV file, is an
    /// error that says so.
    ///
    /// Only an entry whose name ends in `.csv` is looked at any further:
    /// anything else (`notes.txt`, even a dangling link) is neither opened
    /// nor asked about. A `.csv` entry must be a regular file (or a link to
    /// one): a directory, a FIFO, a device or a socket named `x.csv` is
    /// refused with an error that names it, because reading it would block
    /// for ever (a FIFO) or never end (`/dev/zero`).
    pub fn open(dir: &Path) -> Result<Dataset, Error> {
        if !dir.is_dir() {
            return Err(Error::NoDirectory(dir.to_path_buf()));
        }
        let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, &e))?.path();
            if !is_csv(&path) {
                continue;
            }
            // `metadata` follows links: a link to a regular file is read.
            let metadata = fs::metadata(&path).map_err(|e| Error::io(&path, &e))?;
            if !metadata.is_file() {
                return Err(Error::NotAFile {
                    path,
                    kind: kind_of(&metadata.file_type()).to_string(),
                });
            }
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push(DataFile {
                path,
                name,
                bytes: metadata.len(),
            });
        }
        if files.is_empty() {
            return Err(Error::NoCsvFiles(dir.to_path_buf()));
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Dataset {
            dir: dir.to_path_buf(),
            files,
        })
    }
    // ANCHOR_END: open

    /// The size of all files together.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|file| file.bytes).sum()
    }

    /// Does the generated set of `size` exist, every file of it?
    pub fn is_generated(size: Size) -> bool {
        YEARS
            .into_iter()
            .all(|year| size.dir().join(format!("{year}.csv")).is_file())
    }
}

/// Does the name end in `.csv`, in any case (`2016.CSV` as `2016.csv`)?
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"))
}

/// What an entry that is not a regular file is, for the message.
fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_the_seed() {
        let total = |size: Size| YEARS.map(|year| size.rows(year)).sum::<u64>();
        assert_eq!(Size::Tst.rows(2015), 60_000);
        assert_eq!(Size::Tst.rows(2021), 90_000);
        assert_eq!(total(Size::Tst), 525_000);
        assert_eq!(total(Size::Sml), 5_250_000);
        assert_eq!(total(Size::Bg), 52_500_000);
        assert_eq!(total(Size::Tiny), 5_250);
    }

    #[test]
    fn only_csv_files_are_taken_in_any_case_sorted_by_name() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for name in ["b.csv", "a.csv", "C.CSV", "notes.txt", "c.csv.part"] {
            fs::write(dir.path().join(name), "x\n").expect("writable");
        }
        let dataset = Dataset::open(dir.path()).expect("three CSV files");
        let names: Vec<&str> = dataset.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["C.CSV", "a.csv", "b.csv"],
            "every name ending in .csv in any case, sorted by name; \
             notes.txt and c.csv.part are not CSV files"
        );
        assert_eq!(dataset.bytes(), 6);
    }

    #[cfg(unix)]
    #[test]
    fn entries_not_named_csv_are_never_looked_at() {
        let dir = tempfile::tempdir().expect("a temp dir");
        fs::write(dir.path().join("a.csv"), "x\n").expect("writable");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("notes.txt"))
            .expect("a dangling link");
        let dataset = Dataset::open(dir.path());
        assert!(
            dataset.is_ok(),
            "a dangling link named notes.txt must be ignored like any non-CSV \
             entry (look at the name before asking the file system), got {dataset:?}"
        );
    }

    #[test]
    fn a_directory_named_csv_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("a temp dir");
        fs::write(dir.path().join("a.csv"), "x\n").expect("writable");
        fs::create_dir(dir.path().join("d.csv")).expect("a directory named like a file");
        let error = Dataset::open(dir.path()).expect_err("d.csv is not a file");
        assert!(
            matches!(&error, Error::NotAFile { path, kind } if path.ends_with("d.csv") && kind == "a directory"),
            "expected d.csv named as a directory, got {error:?}"
        );
    }

    #[test]
    fn a_missing_or_csv_less_directory_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let missing = dir.path().join("nope");
        assert_eq!(Dataset::open(&missing), Err(Error::NoDirectory(missing.clone())));
        assert_eq!(
            Dataset::open(dir.path()),
            Err(Error::NoCsvFiles(dir.path().to_path_buf()))
        );
    }
}
