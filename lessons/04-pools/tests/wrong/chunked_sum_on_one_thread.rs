// Not compiled by any test. Checked by hand: src/solutions.rs with this block
// in place of the answer's, as the learner's src/exercises.rs, failed
// `just check 4` in 20 of 20 runs with a message naming the mistake
// (issue 20); `just reset 4 --yes` puts the stub back.
// ANCHOR: chunked_sum
/// A wrong answer (issue 20): `chunks()` on one thread instead of
/// `par_chunks()`. Every sum is right; nothing runs in parallel.
pub fn chunked_sum<N>(numbers: &[N], chunk_len: usize) -> Result<ChunkedSum, ZeroChunkLen>
where
    N: Copy + Into<u64> + Sync,
{
    if chunk_len == 0 {
        return Err(ZeroChunkLen);
    }
    let per_chunk: Vec<u64> = numbers
        .chunks(chunk_len)
        .map(|chunk| chunk.iter().map(|&n| n.into()).sum::<u64>())
        .collect();
    let total = per_chunk.iter().sum();
    Ok(ChunkedSum { total, per_chunk })
}
// ANCHOR_END: chunked_sum
