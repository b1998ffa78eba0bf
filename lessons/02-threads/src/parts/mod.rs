//! The six parts of the demo, one module each, in the order a learner meets them.

pub mod counter;
pub mod deadlock;
pub mod delays;
pub mod results;
pub mod sentence;
pub mod stop_flag;
