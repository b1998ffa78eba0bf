//! The `processes` engine: the literal port of the seed. Python's
//! `multiprocessing` starts worker processes that run a function on a
//! batch of files and send the result back through a pipe. Here:
//!
//! 1. the files are split into batches with lesson 07's `contiguous`;
//! 2. for each batch, the lesson's own binary is started again
//!    (`std::env::current_exe()`) with a hidden role, `worker`, and the
//!    batch's file names as arguments;
//! 3. the worker summarises its files with the csv-crate function of the
//!    `sequential` engine and writes its partial report to its stdout, a
//!    pipe to the parent, as one JSON document;
//! 4. the parent waits for every worker (one waiting thread each, so that
//!    all of them run at once), reads the JSON back and merges.
//!
//! A worker that crashes, is killed or writes something that is not a
//! partial report becomes an error that names the worker and its files.
//! A bad row found by a worker travels back as a value and is reported
//! exactly as the other engines report it.

use super::sequential::summarise_file;
use super::{Job, Progress};
use crate::error::Error;
use crate::machinery::dataset::{DataFile, Dataset};
use crate::report::{FileSummary, Report};
use crate::rows::OnBadRow;
use clap::ValueEnum;
use lesson_07_batching::contiguous;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};
use std::thread;
use std::time::Instant;

/// The hidden first argument that makes the binary a worker.
pub const WORKER_ROLE: &str = "worker";

/// What a worker sends back: its files' summaries, or the error it stopped at.
type Reply = Result<Vec<FileSummary>, Error>;

// ANCHOR: run
/// Start one worker process per batch, wait for all, merge their replies.
pub fn run(job: &Job) -> Result<Report, Error> {
    let me = match job.worker_program {
        Some(program) => program.to_path_buf(),
        None => {
            std::env::current_exe().map_err(|e| Error::Other(format!("cannot find this program: {e}")))?
        }
    };
    let numbered = job.dataset.files.iter().enumerate();
    let batches = contiguous(numbered, job.options.batches).map_err(|e| Error::Other(e.to_string()))?;
    let replies: Vec<Reply> = thread::scope(|scope| {
        let waiting: Vec<_> = batches
            .into_iter()
            .enumerate()
            .map(|(w, batch)| {
                let me = &me;
                scope.spawn(move || run_worker(job, me, w + 1, batch))
            })
            .collect();
        waiting
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(Error::Other("a waiting thread panicked".to_string())))
            })
            .collect()
    });
    Report::collect(replies)
}
// ANCHOR_END: run

// ANCHOR: run_worker
/// Run worker number `worker` on `batch` and wait for its reply.
fn run_worker(job: &Job, me: &Path, worker: usize, batch: Vec<(usize, &DataFile)>) -> Reply {
    let names: Vec<String> = batch.iter().map(|(_, file)| file.name.clone()).collect();
    let on_bad_row = job
        .options
        .on_bad_row
        .to_possible_value()
        .map(|v| v.get_name().to_string());
    let started = Instant::now();
    // `output()` waits for the child and collects all it wrote to its
    // stdout and stderr, each through a pipe.
    let output = Command::new(me)
        .arg(WORKER_ROLE)
        .arg("--on-bad-row")
        .arg(on_bad_row.unwrap_or_default())
        .args(batch.iter().map(|(_, file)| &file.path))
        .output();
    // One span per process: the task names the process and its files.
    let label = format!("process {worker}: {}–{}", names[0], names[names.len() - 1]);
    job.timeline
        .add(label, format!("process {worker}"), started, Instant::now());
    for &(index, file) in &batch {
        job.progress.advance(index, file.bytes);
        job.progress.finish(index);
    }
    let failed = |message: String| Error::Worker {
        worker,
        files: names.clone(),
        message,
    };
    let output = output.map_err(|e| failed(format!("could not start: {e}")))?;
    reply_of(&output).map_err(failed)?
}
// ANCHOR_END: run_worker

// ANCHOR: reply_of
/// The reply in a worker's output, or why there is none.
fn reply_of(output: &Output) -> Result<Reply, String> {
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last_lines: Vec<&str> = stderr.lines().rev().take(3).collect();
        let said: Vec<&str> = last_lines.into_iter().rev().collect();
        return Err(format!("{}; it said: {}", output.status, said.join(" / ")));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("its reply is not a partial report ({e})"))
}
// ANCHOR_END: reply_of

// ANCHOR: worker
/// The worker's side, run by `main` when the binary is started with the
/// worker role: summarise `paths` in turn and write the reply to stdout.
pub fn worker(paths: &[PathBuf], on_bad_row: OnBadRow) -> ExitCode {
    let reply = summarise_all(paths, on_bad_row);
    match serde_json::to_string(&reply) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("worker: cannot write the reply: {e}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: worker

/// The batch's files, summarised as the `sequential` engine does.
fn summarise_all(paths: &[PathBuf], on_bad_row: OnBadRow) -> Reply {
    let files = paths
        .iter()
        .map(|path| {
            let metadata = fs::metadata(path).map_err(|e| Error::io(path, &e))?;
            Ok(DataFile {
                path: path.clone(),
                name: path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                bytes: metadata.len(),
            })
        })
        .collect::<Result<Vec<DataFile>, Error>>()?;
    let dataset = Dataset {
        dir: PathBuf::new(),
        files,
    };
    let hidden = Progress::new(&dataset, false);
    dataset
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| summarise_file(file, index, on_bad_row, &hidden))
        .collect()
}
