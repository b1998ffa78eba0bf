//! Lesson 09, the library half: lesson 08's report on a distributed
//! dataflow engine, timely-dataflow, across threads, processes and hosts.
//!
//! # Layout
//!
//! **The teaching core** (read in this order):
//! - [`route`]: which worker owns a key, computed alike in every process;
//! - [`dataflow`]: map, exchange by key, reduce and collect: what every
//!   worker of every process runs;
//! - [`mesh`]: every process connected to every other, each connection
//!   proving it knows the run's secret before timely sees it;
//! - [`launch`]: the launcher: P processes started, connected within a
//!   deadline or the missing peer named, watched, killed and reaped, and
//!   the cause of a failure told from its consequences.
//!
//! **The plumbing**: [`sales`] (everything taken from lesson 08, in one
//! adapter), [`hosts`] (host files and free ports), [`run`] (what the
//! demo's parts and the `report` command share).
//!
//! **The demo** (the binary, `just lesson 9`): `src/main.rs` runs the
//! parts in order, `p1_map_reduce.rs` … `p6_impostor.rs`; `src/report.rs` is
//! the `report` command.
//!
//! **Your file**: `src/exercises.rs` (`just check 9`); the answer key is
//! `src/solutions.rs`. Neither is part of this library: only the test
//! crate includes one of them.

pub mod dataflow;
pub mod hosts;
pub mod launch;
pub mod mesh;
pub mod route;
pub mod run;
pub mod sales;
