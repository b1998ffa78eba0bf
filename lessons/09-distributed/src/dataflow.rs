//! Lesson 08's report as a timely dataflow: map, exchange by key, reduce,
//! and one merge at worker 0 when all input has ended.
//!
//! Every worker (thread) of every process runs [`run_worker`]; each builds
//! the same dataflow and feeds it its share of the files:
//!
//! ```text
//!  map (each worker reads its files)
//!     │  Message::Rows or Message::Partial, routed by the file's name
//!     ▼
//!  reduce (the worker that owns the file folds everything about it)
//!     │  one Message::Partial or Message::Failed per file, all to worker 0
//!     ▼
//!  collect (worker 0 keeps them; the launcher makes the report)
//! ```
//!
//! The reducer knows that a file is complete not by counting rows but from
//! timely's *progress tracking*: its input frontier becomes empty only once
//! every worker, in every process, has closed its input and every message
//! sent before has arrived.

use crate::route::{process_of, worker_for};
use crate::sales::{
    DataFile, Dataset, Error, Fields, Layout, OnBadRow, Problem, Progress, Rows, Summary, progress_bars,
    summarise_file, wrong_count,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};
use timely::communication::Bytesable;
use timely::dataflow::InputHandle;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::{Capability, Input};
use timely::worker::Worker;

/// What the mappers send to the reducers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum Ship {
    /// Every row, as read: the reducer parses and adds it.
    Rows,
    /// Each file's summary, made where the file was read (a "combiner").
    Partials,
}

/// One run, the same on every worker of every process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// The directory of CSV files: the same path on every host.
    pub data_dir: PathBuf,
    /// Stop at a bad row, or skip and count it.
    pub on_bad_row: OnBadRow,
    /// Rows or partial summaries across the exchange.
    pub ship: Ship,
    /// Microseconds since the Unix epoch at which the run's timeline starts.
    pub epoch_us: u64,
    /// Keep the input open this long after reading, in milliseconds: a
    /// stand-in for a long input, so that the demo's and the tests' fault
    /// (a process killed) lands mid-run. 0 in real runs.
    pub linger_ms: u64,
}

// ANCHOR: message
/// What crosses the exchange: about one file, routed by its name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Message {
    /// One row as read, its three fields still text.
    Row(RawRow),
    /// A summary of some (or all) rows of a file.
    Partial {
        /// The file's name, `2015.csv`: the key.
        file: String,
        /// Its figures.
        summary: Summary,
    },
    /// The file could not be read, or (with `fail`) held a bad row.
    Failed {
        /// The file's name.
        file: String,
        /// Why.
        error: Error,
    },
}

/// A row as the mapper read it: only the four columns the report needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RawRow {
    /// The file's name: the key.
    pub file: String,
    /// The line it starts on, for bad-row messages.
    pub line: u64,
    /// Its byte offset in the file: the order of bad rows.
    pub byte: u64,
    /// Quantity, UnitPrice, TotalPrice and Country, as bytes.
    pub fields: [Vec<u8>; 4],
    /// A wrong field count, found where the whole row was at hand (the
    /// message names a quote that never closed, from all the fields).
    pub wrong_count: Option<Problem>,
}
// ANCHOR_END: message

impl Message {
    /// The key: the file this message is about.
    pub fn file(&self) -> &str {
        match self {
            Message::Row(row) => &row.file,
            Message::Partial { file, .. } | Message::Failed { file, .. } => file,
        }
    }
}

/// A span of work, timed against the plan's epoch (so that spans from
/// different processes share one time axis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanAt {
    /// What was done: `read 2015.csv`, `reduce`.
    pub task: String,
    /// Who did it: `p0 w1` (process 0, worker 1).
    pub worker: String,
    /// Microseconds from the epoch.
    pub start_us: u64,
    /// Microseconds from the epoch.
    pub end_us: u64,
}

/// What one worker hands back when the dataflow is done.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WorkerOutcome {
    /// Its global index.
    pub worker: usize,
    /// What it did, when.
    pub spans: Vec<SpanAt>,
    /// Messages it sent to a worker of another process.
    pub messages_out: u64,
    /// Their size as timely's bincode encodes them.
    pub bytes_out: u64,
    /// Worker 0 only: every file's result, by file name.
    pub files: Option<Vec<Message>>,
}

/// Microseconds since the Unix epoch: a clock every process reads alike.
pub fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// The label of worker `index` on a timeline: `p1 w0` is process 1's first
/// worker.
pub fn worker_label(index: usize, workers_per_process: usize) -> String {
    let process = process_of(index, workers_per_process);
    format!("p{process} w{}", index - process * workers_per_process.max(1))
}

// ANCHOR: on_threads
/// Run the dataflow in this process on `workers` threads (no network):
/// timely starts the threads, each runs [`run_worker`], and `join` gives
/// back every worker's outcome.
pub fn run_on_threads(plan: &Plan, workers: usize) -> Result<Vec<WorkerOutcome>, String> {
    let config = timely::Config::process(workers.max(1));
    let plan = plan.clone();
    let guards = timely::execute(config, move |worker| run_worker(worker, &plan, workers))?;
    guards.join().into_iter().collect()
}
// ANCHOR_END: on_threads

/// Build the dataflow on this worker, feed it this worker's files, and run
/// it to the end. Every worker of every process calls this.
pub fn run_worker(worker: &mut Worker, plan: &Plan, workers_per_process: usize) -> WorkerOutcome {
    let (me, peers) = (worker.index(), worker.peers());
    let label = worker_label(me, workers_per_process);
    let mut outcome = WorkerOutcome {
        worker: me,
        ..WorkerOutcome::default()
    };
    // Every worker opens the dataset itself: the data is where the worker
    // is, nothing ships it. A worker that cannot open it still runs the
    // dataflow, so that the others are not left waiting, and sends the
    // error (about the file "", which sorts first) instead of its files.
    let opened = Dataset::open(&plan.data_dir);
    let dataset = opened.as_ref().ok();
    let shown: BTreeMap<String, String> = dataset
        .iter()
        .flat_map(|d| &d.files)
        .map(|f| (f.name.clone(), f.shown()))
        .collect();
    // Progress bars are the launcher's business: hidden here.
    let progress = dataset.as_ref().map(|d| progress_bars(d, false));
    let collected = Rc::new(RefCell::new(Vec::new()));
    let reduce_spans = Rc::new(RefCell::new(Vec::new()));
    let mut input = InputHandle::new();
    // ANCHOR: build
    worker.dataflow::<u64, _, _>(|scope| {
        let reduced = scope.input_from(&mut input).unary_frontier(
            Exchange::new(move |message: &Message| worker_for(message.file(), peers) as u64),
            "reduce",
            |capability, _info| {
                let mut reducer = Reducer {
                    capability: Some(capability),
                    files: BTreeMap::new(),
                    shown,
                    on_bad_row: plan.on_bad_row,
                };
                let (spans, label, epoch_us) = (Rc::clone(&reduce_spans), label.clone(), plan.epoch_us);
                move |(input, frontier), output| {
                    input.for_each(|_time, messages| {
                        let start = now_us();
                        reducer.fold_all(messages);
                        spans
                            .borrow_mut()
                            .push(span("reduce".into(), &label, epoch_us, start));
                    });
                    if let Some((capability, results)) = reducer.finish(frontier.is_empty()) {
                        output.session(&capability).give_iterator(results.into_iter());
                    }
                }
            },
        );
        let sink = Rc::clone(&collected);
        reduced.sink(
            Exchange::new(|_: &Message| 0),
            "collect",
            move |(input, _frontier)| {
                input.for_each(|_time, messages| sink.borrow_mut().append(messages));
            },
        );
    });
    // ANCHOR_END: build
    if let Err(error) = &opened {
        input.send(Message::Failed {
            file: String::new(),
            error: error.clone(),
        });
    }
    // ANCHOR: map_side
    for (index, file) in dataset.iter().flat_map(|d| d.files.iter().enumerate()) {
        let Some(progress) = &progress else { break };
        // The map side: file i is read by worker i mod peers.
        if index % peers != me {
            continue;
        }
        let start = now_us();
        let mut send = |message: Message| {
            let destination = worker_for(message.file(), peers);
            let message = timely::Bincode::from(message);
            if process_of(destination, workers_per_process) != process_of(me, workers_per_process) {
                outcome.messages_out += 1;
                outcome.bytes_out += message.length_in_bytes() as u64;
            }
            input.send(message.payload);
        };
        map_file(file, index, progress, plan, &mut send);
        outcome
            .spans
            .push(span(format!("read {}", file.name), &label, plan.epoch_us, start));
    }
    // ANCHOR_END: map_side
    if plan.linger_ms > 0 {
        let until = std::time::Instant::now() + std::time::Duration::from_millis(plan.linger_ms);
        while std::time::Instant::now() < until {
            worker.step_or_park(Some(std::time::Duration::from_millis(10)));
        }
    }
    // ANCHOR: close
    // Closing the input is the promise "no more data from me"; the
    // reducers act when every worker has made it.
    input.close();
    while worker.step_or_park(None) {}
    // ANCHOR_END: close
    outcome.spans.extend(reduce_spans.take());
    if me == 0 {
        let mut files = collected.take();
        files.sort_by(|a, b| a.file().cmp(b.file()));
        outcome.files = Some(files);
    }
    outcome
}

fn span(task: String, worker: &str, epoch_us: u64, start: u64) -> SpanAt {
    SpanAt {
        task,
        worker: worker.to_string(),
        start_us: start.saturating_sub(epoch_us),
        end_us: now_us().saturating_sub(epoch_us),
    }
}

/// The map side: read one file and send what the plan ships.
fn map_file(file: &DataFile, index: usize, progress: &Progress, plan: &Plan, send: &mut impl FnMut(Message)) {
    let result = match plan.ship {
        Ship::Partials => summarise_file(file, index, plan.on_bad_row, progress).map(|done| {
            send(Message::Partial {
                file: done.file,
                summary: done.summary,
            });
        }),
        Ship::Rows => send_rows(file, send),
    };
    if let Err(error) = result {
        send(Message::Failed {
            file: file.name.clone(),
            error,
        });
    }
}

/// Send every row of `file`, unparsed: the `rows` strategy.
fn send_rows(file: &DataFile, send: &mut impl FnMut(Message)) -> Result<(), Error> {
    let failed = |e: csv::Error| Error::Io {
        path: file.path.clone(),
        message: e.to_string(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&file.path)
        .map_err(failed)?;
    let header = reader.byte_headers().map_err(failed)?;
    if header.is_empty() {
        return Err(Error::EmptyFile(file.path.clone()));
    }
    let layout = Layout::from_header(&file.path, header)?;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(failed)? {
        let field = |i| record.get(i).unwrap_or_default().to_vec();
        let at = record.position().cloned().unwrap_or_else(csv::Position::new);
        let wrong_count = (record.len() != layout.fields).then(|| wrong_count(&layout, &record));
        send(Message::Row(RawRow {
            file: file.name.clone(),
            line: at.line(),
            byte: at.byte(),
            fields: [
                field(layout.quantity),
                field(layout.unit_price),
                field(layout.total_price),
                field(layout.country),
            ],
            wrong_count,
        }));
    }
    Ok(())
}

/// What a reducer knows about one file so far.
enum FileState {
    Summed(Summary),
    Failed(Error),
}

// ANCHOR: reducer
/// The reduce side of one worker: the files it owns, and the capability
/// (the right to send at time 0) it keeps until all input has arrived.
struct Reducer {
    capability: Option<Capability<u64>>,
    files: BTreeMap<String, FileState>,
    shown: BTreeMap<String, String>,
    on_bad_row: OnBadRow,
}

impl Reducer {
    /// Fold every message about a file into its state.
    fn fold_all(&mut self, messages: &mut Vec<Message>) {
        for message in messages.drain(..) {
            fold(&mut self.files, message, &self.shown, self.on_bad_row);
        }
    }

    /// Once the input frontier is empty, every worker has closed its input
    /// and everything sent has arrived: each file's result, and the
    /// capability to send them with (given up by taking it: the reducer is
    /// then done, and so, once collected, is the dataflow).
    fn finish(&mut self, frontier_is_empty: bool) -> Option<(Capability<u64>, Vec<Message>)> {
        if !frontier_is_empty {
            return None;
        }
        let capability = self.capability.take()?;
        let results = std::mem::take(&mut self.files)
            .into_iter()
            .map(|(file, state)| match state {
                FileState::Summed(summary) => Message::Partial { file, summary },
                FileState::Failed(error) => Message::Failed { file, error },
            })
            .collect();
        Some((capability, results))
    }
}
// ANCHOR_END: reducer

/// Fold one message into the state of its file. The first failure of a
/// file wins; summaries merge (in any order: lesson 08's merge does not
/// care).
fn fold(
    files: &mut BTreeMap<String, FileState>,
    message: Message,
    shown: &BTreeMap<String, String>,
    on_bad_row: OnBadRow,
) {
    let file = message.file().to_string();
    let state = files
        .entry(file.clone())
        .or_insert_with(|| FileState::Summed(Summary::default()));
    let FileState::Summed(summary) = state else {
        return;
    };
    match message {
        Message::Partial { summary: part, .. } => summary.merge(part),
        Message::Failed { error, .. } => *state = FileState::Failed(error),
        Message::Row(row) => {
            // Lesson 08's checks, now on the reducer: the four fields
            // stand at 0 to 3 of the row as shipped.
            let layout = Layout {
                fields: 4,
                quantity: 0,
                unit_price: 1,
                total_price: 2,
                country: 3,
            };
            let [quantity, unit_price, total_price, country] = &row.fields;
            let fields = Fields {
                count: 4,
                quantity,
                unit_price,
                total_price,
                country,
            };
            let checked = match row.wrong_count {
                Some(problem) => Err(problem),
                None => crate::sales::add_row(summary, &layout, &fields),
            };
            if let Err(problem) = checked {
                let path = shown.get(&file).map_or(file.as_str(), String::as_str);
                let rows = Rows {
                    file: path,
                    layout,
                    on_bad_row,
                };
                if let Err(bad) = rows.refuse(summary, row.line, row.byte, problem) {
                    *state = FileState::Failed(Error::BadRow(bad));
                }
            }
        }
    }
}
