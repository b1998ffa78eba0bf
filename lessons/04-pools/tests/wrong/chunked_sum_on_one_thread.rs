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
