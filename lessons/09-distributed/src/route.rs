//! Which worker owns a key: the exchange's routing rule.
//!
//! In Python, `hash("2015.csv")` differs from one interpreter to the next
//! (`PYTHONHASHSEED`), and so does Rust's `HashMap` hasher (`RandomState`
//! draws its keys at random, per process). Both are fine inside one
//! process; across processes they send the same key to different workers,
//! and a report silently splits one file in two. The exchange needs a hash
//! that every process, on every machine, computes alike: here FNV-1a, a
//! fixed function of the bytes.

// ANCHOR: stable_hash
/// FNV-1a, 64 bits: the same number for the same bytes, in every process,
/// on every machine, in every run.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}
// ANCHOR_END: stable_hash

// ANCHOR: worker_for
/// The worker, of `peers`, that owns `key`: every message about a key goes
/// to that one worker, which therefore sees all of them.
pub fn worker_for(key: &str, peers: usize) -> usize {
    (stable_hash(key.as_bytes()) % peers.max(1) as u64) as usize
}
// ANCHOR_END: worker_for

/// The process that runs worker `worker`, when each process runs
/// `workers_per_process` of them: timely numbers process 0's workers
/// first, then process 1's, and so on.
pub fn process_of(worker: usize, workers_per_process: usize) -> usize {
    worker / workers_per_process.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_its_published_test_vectors() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn workers_are_numbered_process_by_process() {
        assert_eq!(
            (0..6).map(|w| process_of(w, 2)).collect::<Vec<_>>(),
            [0, 0, 1, 1, 2, 2]
        );
    }
}
