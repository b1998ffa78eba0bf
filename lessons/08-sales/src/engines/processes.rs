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
//! No worker outlives the run: each is held by a
//! [`Guard`](workbook::child::Guard) (killed and reaped on every path
//! out of `run_worker`) and tied to its parent by a lifeline
//! (`workbook::lifecycle::lifeline`): a worker whose parent is killed, where no
//! guard can run, sees it gone and ends too.
//! A bad row found by a worker travels back as a value and is reported
//! exactly as the other engines report it.

use super::sequential::summarise_file;
use super::{Job, progress_bars};
use crate::error::Error;
use crate::machinery::dataset::{DataFile, Dataset};
use crate::report::{FileSummary, Report};
use crate::rows::OnBadRow;
use clap::ValueEnum;
use lesson_07_batching::contiguous;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};
use std::thread;
use std::time::Instant;
use workbook::child::Guard;

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
    let mut command = Command::new(me);
    command
        .arg(WORKER_ROLE)
        .arg("--on-bad-row")
        .arg(on_bad_row.unwrap_or_default())
        .args(batch.iter().map(|(_, file)| &file.path))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its lifeline: the worker ends if this process is killed.
    workbook::lifecycle::lifeline(&mut command);
    let output = command.spawn().and_then(|child| output_of(Guard::new(child)));
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

/// Wait for a guarded worker and collect all it wrote to its stdout and
/// stderr (`Command::output` does the same for an unguarded child). Its
/// stderr is read on a thread of its own, so that neither pipe can fill
/// up and stop the worker while we read the other.
fn output_of(mut worker: Guard) -> io::Result<Output> {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let (out, err) = (worker.stdout.take(), worker.stderr.take());
    thread::scope(|scope| {
        let reader = scope.spawn(|| err.map_or(Ok(0), |mut err| err.read_to_end(&mut stderr)));
        let read = out.map_or(Ok(0), |mut out| out.read_to_end(&mut stdout));
        let read_err = reader.join().unwrap_or(Ok(0));
        read.and(read_err)
    })?;
    let status = worker.wait()?;
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}

// ANCHOR: reply_of
/// The reply in a worker's output, or why there is none.
fn reply_of(output: &Output) -> Result<Reply, String> {
    if !output.status.success() {
        let said = workbook::child::stderr_tail(&output.stderr);
        return Err(format!("{}; it said: {}", output.status, said.join(" / ")));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("its reply is not a partial report ({e})"))
}
// ANCHOR_END: reply_of

// ANCHOR: worker
/// The worker's side, run by `main` when the binary is started with the
/// worker role: summarise `paths` in turn and write the reply to stdout.
pub fn worker(paths: &[PathBuf], on_bad_row: OnBadRow) -> ExitCode {
    // End with the parent, if it is killed: it set our lifeline.
    workbook::lifecycle::watch_parent();
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
    let hidden = progress_bars(&dataset, false);
    dataset
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| summarise_file(file, index, on_bad_row, &hidden))
        .collect()
}
