//! Lesson 09 exercises: your file. Replace each `todo!()` with your code and
//! run `just check 9` to test it. `just hint 9 K` shows a hint for exercise K.

// The stubs do not use their arguments yet; delete this line when you are done.
#![allow(unused_variables)]

use lesson_09_distributed::sales::FileSummary;
use std::sync::mpsc::Receiver;
use std::time::Duration;

// ANCHOR: worker_for
/// Exercise 1, route by key. The worker, of `peers` (numbered from 0),
/// that owns `key`: every message about a key must reach the same worker,
/// **in every process**, or a file's rows are reduced in two places and the
/// report splits it in two. Spread different keys evenly.
pub fn worker_for(key: &str, peers: usize) -> usize {
    todo!("hash the key's bytes with a fixed function, then take it modulo peers")
}
// ANCHOR_END: worker_for

// ANCHOR: merge_partials
/// Exercise 2, an order-independent merge. The partial summaries of some
/// files arrive from many workers, in any order, several per file. Return
/// one `FileSummary` per file, sorted by file name, each the merge of all
/// of that file's parts: the same result however the rows were split and
/// in whatever order the parts came.
pub fn merge_partials(parts: Vec<FileSummary>) -> Vec<FileSummary> {
    todo!("group the parts by file name and merge each group")
}
// ANCHOR_END: merge_partials

// ANCHOR: await_peers
/// Which peer a launcher gave up on: its index and its address (the
/// library's own type, which the launcher's error uses too).
pub use lesson_09_distributed::launch::MissingPeer;

/// Exercise 3, a launcher's deadline. `connected` receives the index of each
/// peer that connects to process `me` (the same peer may be reported more
/// than once). Return `Ok(())` as soon as every peer of `addresses` but
/// `me` has connected, or, when `timeout` has passed since the call (or the
/// sender is gone first), `Err` naming the lowest-numbered peer still
/// missing. Never wait longer than `timeout` in all.
pub fn await_peers(
    connected: &Receiver<usize>,
    addresses: &[String],
    me: usize,
    timeout: Duration,
) -> Result<(), MissingPeer> {
    todo!("receive with a deadline; name the first peer not seen")
}
// ANCHOR_END: await_peers

// ANCHOR: proof_holds
/// Exercise 4, who may join. A peer proves that it knows the run's
/// `secret` without sending it: its `tag` is the HMAC-SHA-256, under
/// `secret`, of its `role` (`"dialer"` or `"listener"`, as bytes), then the
/// dialer's hello, then the listener's hello. Return `true` only if `tag`
/// is exactly that HMAC, all 32 bytes of it, compared in constant time (no
/// early exit at the first wrong byte: how long a refusal takes must not
/// tell a stranger how much of its guess was right).
pub fn proof_holds(secret: &[u8], role: &str, dialer: &[u8], listener: &[u8], tag: &[u8]) -> bool {
    todo!("an Hmac<Sha256> keyed with the secret, fed role, dialer, listener; then verify_slice(tag)")
}
// ANCHOR_END: proof_holds
