//! The `threads` engine: the seed's design with threads instead of
//! processes. The files are split into `--batches` contiguous batches with
//! lesson 07's `contiguous`, each batch goes to its own `std::thread`, and
//! the batches' summaries are merged at the end.
//!
//! In Python this needs processes: the GIL lets one thread run Python code
//! at a time. Rust threads run on all cores at once, share the files'
//! names by reference and return their results through `join`.

use super::Job;
use super::sequential::summarise_file;
use crate::error::Error;
use crate::machinery::dataset::DataFile;
use crate::report::{FileSummary, Report};
use lesson_07_batching::contiguous;
use std::io;
use std::thread::{self, ScopedJoinHandle};

// ANCHOR: run
/// One thread per batch of files, all started before any is joined.
pub fn run(job: &Job) -> Result<Report, Error> {
    let numbered = job.dataset.files.iter().enumerate();
    let batches = contiguous(numbered, job.options.batches).map_err(|e| Error::Other(e.to_string()))?;
    // `thread::scope`: the threads may borrow `job`, because the scope
    // joins them all before it returns.
    let results: Vec<Result<Vec<FileSummary>, Error>> = thread::scope(|scope| {
        let handles: Vec<_> = batches
            .into_iter()
            .enumerate()
            .map(|(b, batch)| {
                thread::Builder::new()
                    .name(format!("batch {}", b + 1))
                    .spawn_scoped(scope, move || run_batch(job, batch))
            })
            .collect();
        // Only now, with every thread running, wait for them: in batch
        // order, so that the results stay in file order.
        handles.into_iter().map(joined).collect()
    });
    Report::collect(results)
}

/// One thread's work: its files in turn, stopping at the first error. Each
/// file is a span on the timeline, so the chart shows how the batch's
/// files follow one another on its thread.
fn run_batch(job: &Job, batch: Vec<(usize, &DataFile)>) -> Result<Vec<FileSummary>, Error> {
    batch
        .into_iter()
        .map(|(index, file)| {
            job.timeline.record(&file.name, || {
                summarise_file(file, index, job.options.on_bad_row, job.progress)
            })
        })
        .collect()
}
// ANCHOR_END: run

/// A batch's result, once its thread has ended.
fn joined<T>(started: io::Result<ScopedJoinHandle<'_, Result<T, Error>>>) -> Result<T, Error> {
    let handle = started.map_err(|e| Error::Other(format!("cannot start a thread: {e}")))?;
    handle
        .join()
        .unwrap_or_else(|_| Err(Error::Other("a batch thread panicked".to_string())))
}
