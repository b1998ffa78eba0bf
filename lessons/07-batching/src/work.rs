//! Part 4's data and work: a month of generated daily sales files of
//! skewed sizes, and a checksum per file whose cost grows with its size.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use std::{fs, io};
use workbook::TimeScale;
use workbook::timeit::Repeat;

/// A month of daily sales files...
pub const DAYS: usize = 20;
/// ...the last of which (a sale) are about ten times the size of the others.
pub const SALE_DAYS: usize = 4;

/// A generated file and its size on disk.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its file name, `day_07.csv`.
    pub name: String,
    /// Its size, as the file system reports it.
    pub bytes: u64,
}

/// Write the daily sales files into `dir`: a few thousand rows a day, ten
/// times that on the sale days. Same seed, same files.
pub fn write_sales_files(dir: &Path, seed: u64) -> io::Result<Vec<DataFile>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (1..=DAYS)
        .map(|day| {
            let rows = if day > DAYS - SALE_DAYS {
                rng.random_range(30_000..40_000)
            } else {
                rng.random_range(3_000..4_000)
            };
            let mut csv = String::from("invoice,amount\n");
            for row in 0..rows {
                let cents: u32 = rng.random_range(100..100_000);
                // Writing into a String cannot fail.
                let _ = writeln!(csv, "{day}{row:05},{}.{:02}", cents / 100, cents % 100);
            }
            let name = format!("day_{day:02}.csv");
            let path = dir.join(&name);
            fs::write(&path, csv)?;
            // Python's os.path.getsize: the size the file system reports.
            let bytes = fs::metadata(&path)?.len();
            Ok(DataFile { path, name, bytes })
        })
        .collect()
}

// ANCHOR: checksum
/// The work done on a file: an FNV-1a hash of its bytes, `passes` times
/// over. Each pass starts from the last one's hash, so the optimiser cannot
/// skip any: the time is proportional to bytes x passes.
pub fn checksum(bytes: &[u8], passes: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for _ in 0..passes {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
// ANCHOR_END: checksum

/// How many passes make the work over `total` bytes last `units` on one
/// core: time one pass over 64 KB, and scale. So the run lasts about as
/// long on any machine, debug build or release.
pub fn passes_for(total: u64, units: f64, scale: TimeScale) -> u32 {
    let sample = vec![7u8; 64 * 1024];
    let per_pass = Repeat::new(5)
        .batch_at_least(Duration::from_millis(2))
        .run(|| checksum(black_box(&sample), 1))
        .median();
    let seconds_per_byte = per_pass.as_secs_f64() / sample.len() as f64;
    let passes = scale.units(units).as_secs_f64() / (seconds_per_byte * total as f64);
    passes.round().clamp(1.0, f64::from(u32::MAX)) as u32
}

/// Megabytes with two decimals: `2.73 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_depends_on_every_pass() {
        assert_ne!(checksum(b"abc", 1), checksum(b"abc", 2));
        assert_eq!(checksum(b"", 3), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn sales_files_are_skewed_and_reproducible() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let files = write_sales_files(dir.path(), 1).expect("files written");
        assert_eq!(files.len(), DAYS, "one file per day");
        let (small, sale) = files.split_at(DAYS - SALE_DAYS);
        let biggest_small = small.iter().map(|f| f.bytes).max().unwrap_or(0);
        assert!(
            sale.iter().all(|f| f.bytes > 5 * biggest_small),
            "every sale day is over 5 times the biggest ordinary day"
        );
        let again = write_sales_files(dir.path(), 1).expect("files written");
        let sizes = |files: &[DataFile]| files.iter().map(|f| f.bytes).collect::<Vec<_>>();
        assert_eq!(sizes(&files), sizes(&again), "same seed, same sizes");
    }
}
