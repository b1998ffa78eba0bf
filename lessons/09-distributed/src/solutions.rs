//! Lesson 09: reference solutions. Try the exercises in `exercises.rs` first;
//! `just solutions 9` runs the same tests against this file.

use hmac::{Hmac, KeyInit, Mac};
use lesson_09_distributed::sales::FileSummary;
use sha2::Sha256;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

// ANCHOR: worker_for
/// Exercise 1: the library's rule, FNV-1a of the key's bytes modulo the
/// number of workers (see `route.rs`): a fixed function, so every process
/// computes the same worker. `std`'s `RandomState` would not.
pub use lesson_09_distributed::route::worker_for;
// ANCHOR_END: worker_for

// ANCHOR: merge_partials
/// Exercise 2: a `BTreeMap` keyed by file name groups the parts and keeps
/// the names sorted; lesson 08's `Summary::merge` adds integers and counts
/// only, so any grouping and any order give the same summary.
pub fn merge_partials(parts: Vec<FileSummary>) -> Vec<FileSummary> {
    let mut files: BTreeMap<String, FileSummary> = BTreeMap::new();
    for part in parts {
        match files.get_mut(&part.file) {
            Some(merged) => merged.summary.merge(part.summary),
            None => {
                files.insert(part.file.clone(), part);
            }
        }
    }
    files.into_values().collect()
}
// ANCHOR_END: merge_partials

/// Which peer a launcher gave up on: its index and its address (the
/// library's own type, which the launcher's error uses too).
pub use lesson_09_distributed::launch::MissingPeer;

// ANCHOR: await_peers
/// Exercise 3: one deadline for the whole wait, computed once; each
/// `recv_timeout` waits only for what is left of it. A set, not a count:
/// a peer reported twice is still one peer.
pub fn await_peers(
    connected: &Receiver<usize>,
    addresses: &[String],
    me: usize,
    timeout: Duration,
) -> Result<(), MissingPeer> {
    let deadline = Instant::now() + timeout;
    let mut missing: BTreeSet<usize> = (0..addresses.len()).filter(|&peer| peer != me).collect();
    while !missing.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        match connected.recv_timeout(left) {
            Ok(peer) => {
                missing.remove(&peer);
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    match missing.first() {
        None => Ok(()),
        Some(&index) => Err(MissingPeer {
            index,
            address: addresses[index].clone(),
        }),
    }
}
// ANCHOR_END: await_peers

// ANCHOR: proof_holds
/// Exercise 4: the MAC recomputed from what both sides know, and checked
/// by the `hmac` crate in constant time (as `mesh.rs` does).
pub fn proof_holds(secret: &[u8], role: &str, dialer: &[u8], listener: &[u8], tag: &[u8]) -> bool {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key length");
    // The role first: without it, the listener's proof, sent back to it
    // by a stranger, would pass as a dialer's (a reflection).
    mac.update(role.as_bytes());
    // Both hellos, in a fixed order: both nonces are in them, so a proof
    // from another connection (a replay) is worthless.
    mac.update(dialer);
    mac.update(listener);
    // `verify_slice` checks the length and every byte, whatever comes
    // first; `==` on the bytes would stop at the first difference.
    mac.verify_slice(tag).is_ok()
}
// ANCHOR_END: proof_holds
