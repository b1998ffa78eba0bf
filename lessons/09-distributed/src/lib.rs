//! Lesson 09, the library half: lesson 08's report on a distributed
//! dataflow engine, timely-dataflow, across threads, processes and hosts.
//!
//! # Layout
//! - [`sales`]: everything taken from lesson 08 (rows, money, summaries,
//!   the report), in one adapter;
//! - [`route`]: which worker owns a key, computed alike everywhere;
//! - [`dataflow`]: map, exchange, reduce and collect, run by every worker;
//!
//! The demo is `src/main.rs` and its parts `src/p1_*.rs` … (binary side).
//! Your file is `src/exercises.rs`; `src/solutions.rs` is the answer key.
//! Neither is a module of this library: the test crate includes one of them.

pub mod dataflow;
pub mod hosts;
pub mod launch;
pub mod route;
pub mod run;
pub mod sales;
