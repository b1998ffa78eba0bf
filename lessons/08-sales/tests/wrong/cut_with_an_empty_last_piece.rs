// Not compiled by any test. Checked by hand: src/solutions.rs with this block
// in place of the answer's, as the learner's src/exercises.rs, failed
// `just check 8` in 20 of 20 runs with a message naming the mistake
// (issue 20); `just reset 8 --yes` puts the stub back.
// ANCHOR: cut_at_line_ends
/// A wrong answer (issue 20): a cut may fall at the very end of the bytes
/// (when the last row start is the end), and the end is then pushed again:
/// an empty last piece.
pub fn cut_at_line_ends(bytes: &[u8], pieces: usize) -> Vec<Range<usize>> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let mut quotes = 0;
    let mut row_starts = Vec::new();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => quotes += 1,
            b'\n' if quotes % 2 == 0 => row_starts.push(i + 1),
            _ => {}
        }
    }
    let mut cuts = vec![0];
    for k in 1..pieces.max(1) {
        let wanted = k * bytes.len() / pieces;
        let found = row_starts.partition_point(|&start| start < wanted);
        if let Some(&cut) = row_starts.get(found)
            && cut > cuts[cuts.len() - 1]
        {
            cuts.push(cut); // the mistake: `cut` may be bytes.len()
        }
    }
    cuts.push(bytes.len());
    cuts.windows(2).map(|pair| pair[0]..pair[1]).collect()
}
// ANCHOR_END: cut_at_line_ends
