// Not compiled by any test. Checked by hand: src/solutions.rs with this block
// in place of the answer's, as the learner's src/exercises.rs, failed
// `just check 1` in 20 of 20 runs with a message naming the mistake
// (issue 20); `just reset 1 --yes` puts the stub back.
// ANCHOR: benchmark_with_repeat
/// A wrong answer (issue 20; the chapter's pitfall "a loop inside the timed
/// closure"): `.batch(10)` around a closure that makes 100 calls. `Repeat`
/// divides each sample by 10, so the "time of one call" is that of ten.
pub fn benchmark_with_repeat(runs: u32, mut name_index: impl FnMut(&str, u64) -> bool) -> Stats {
    Repeat::new(runs).batch(10).run(|| {
        for _ in 0..100 {
            black_box(name_index(black_box("Tymoteusz"), black_box(144_298)));
        }
    })
}
// ANCHOR_END: benchmark_with_repeat
