//! A process's lifecycle beside its parent: the new home of what ties a
//! demo and its children to whoever started them (issue 21: out of `cli`,
//! which is about options).
//!
//! - [`watch_parent`]: end this process soon after its launcher is gone
//!   (`WORKBOOK_PARENT_PID`, set by `just lesson`);
//! - [`lifeline`]: name this process as a child's launcher, so that the child
//!   ends with us;
//! - [`PARENT_PID_VAR`]: the variable both use.
//!
//! For now these are the very items of [`crate::cli`], re-exported (another
//! change is under way in their bodies there); the bodies move here next, and
//! `workbook::cli::{watch_parent, lifeline, PARENT_PID_VAR}` will then stay
//! as re-exports of these. New code should use `workbook::lifecycle`.

pub use crate::cli::{PARENT_PID_VAR, lifeline, watch_parent};
