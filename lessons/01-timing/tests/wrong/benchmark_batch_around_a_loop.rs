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
