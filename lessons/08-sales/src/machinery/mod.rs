//! The machinery: what lets the teaching core run, be measured and be
//! compared, but teaches no concurrency of its own. The chapter reads the
//! generator and the scanner as deep dives, after the core.
//!
//! - [`scan`]: the byte-level CSV scanner of the `chunks` engine (SIMD);
//!   it exists because the csv crate copies every field of every row and
//!   the report needs three of them, and it is what makes `chunks` fast;
//! - [`dataset`]: which files a run reads (`--data-dir`, `--type`);
//! - [`generate`]: writes the sales files, the same bytes for the same seed;
//! - [`python`]: runs `python/pipeline.py` on the same files and compares
//!   its report with ours, field by field;
//! - [`bench`](mod@bench): every engine at 1, 2, 4... threads against the
//!   floor (the `bench` subcommand, `just bench-pipeline`);
//! - [`say`]: where the demo's words go (stdout, or stderr under `--json`).

pub mod bench;
pub mod dataset;
pub mod generate;
pub mod python;
pub mod say;
pub mod scan;
