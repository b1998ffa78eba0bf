//! The six parts of the demo, one module each, in the order a learner meets them.

pub mod blocking;
pub mod coroutines;
pub mod gather;
pub mod http;
pub mod primitives;
pub mod retries;
pub mod scale;
