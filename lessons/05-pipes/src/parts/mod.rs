//! The seven parts of the demo, one module each, in the order a learner meets them.

pub mod backpressure;
pub mod duplex;
pub mod hello;
pub mod mpmc;
pub mod producers;
pub mod throughput;
pub mod workers;
