//! The `rayon` engine: the files in parallel on rayon's pool, each read
//! with the same csv-crate function as `sequential`. One line changes:
//! `iter()` becomes `par_iter()`. Work stealing hands the next file to
//! whichever thread is free, so no batching is needed; but a file is
//! still read by one thread, so with fewer files than threads (or one
//! huge file) some threads have nothing to do. The `chunks` engine fixes
//! that.

use super::sequential::summarise_file;
use super::{Engine, Job, pool};
use crate::error::Error;
use crate::report::{FileSummary, Report};
use rayon::prelude::*;

// ANCHOR: run
/// Every file on rayon's pool of `--threads` threads.
pub fn run(job: &Job) -> Result<Report, Error> {
    let results: Vec<Result<FileSummary, Error>> = pool(Engine::Rayon, job.options.threads)?.install(|| {
        job.dataset
            .files
            .par_iter()
            .enumerate()
            .map(|(index, file)| {
                job.timeline.record(&file.name, || {
                    summarise_file(file, index, job.options.on_bad_row, job.progress)
                })
            })
            .collect()
    });
    // `collect` keeps the files' order, whichever thread finished first.
    Report::collect(results.into_iter().map(|result| result.map(|file| vec![file])))
}
// ANCHOR_END: run
