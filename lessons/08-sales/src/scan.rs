//! The byte-level CSV parser of the `chunks` engine: it finds a record's
//! fields in a byte buffer without copying them and without allocating.
//!
//! The `csv` crate is correct and general, and reads every field of every
//! row into a record. The report needs three fields of each row, so this
//! parser only finds where fields start and end:
//!
//! - most rows have no double quote, and for those a field ends at the next
//!   comma and the row at the next line break: `memchr` finds both with SIMD
//!   instructions, many bytes at a time;
//! - a row with a quote goes through a small state machine that follows the
//!   csv crate's rules exactly (a quote opens a quoted field only at the
//!   start of a field; `""` inside quotes is one quote; commas and line
//!   breaks inside quotes are data), so both parsers read every file the
//!   same way, odd ones included.
//!
//! Like the csv crate, a record ends at `\n`, `\r` or `\r\n`, and blank
//! lines between records are skipped.
//!
//! And [`newlines`]: counting the line breaks of a stream, the benchmark's
//! floor and the line numbers of bad rows.

use crate::rows::Layout;
use memchr::{memchr, memchr_iter, memchr3};
use std::borrow::Cow;
use std::io::{self, Read};

// ANCHOR: record
/// What the report needs from one record, and where the record ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// How many fields the record has.
    pub fields: usize,
    /// The UnitPrice field, unquoted.
    pub unit_price: Cow<'a, [u8]>,
    /// The TotalPrice field, unquoted.
    pub total_price: Cow<'a, [u8]>,
    /// The Country field, unquoted.
    pub country: Cow<'a, [u8]>,
    /// The index of the byte that ends the record (`\n` or `\r`), or the
    /// length of the buffer if the last record has no line break.
    pub end: usize,
}

/// Read the record that starts at `start`, keeping the fields `layout` names.
pub fn record<'a>(bytes: &'a [u8], start: usize, layout: &Layout) -> Record<'a> {
    let mut wanted: [&[u8]; 3] = [b""; 3];
    let mut fields = 0;
    let (end, quoted) = split(bytes, start, |index, raw| {
        fields = index + 1;
        if index == layout.unit_price {
            wanted[0] = raw;
        } else if index == layout.total_price {
            wanted[1] = raw;
        } else if index == layout.country {
            wanted[2] = raw;
        }
    });
    // Only a record with a quote can have a field to unquote.
    let [unit_price, total_price, country] = if quoted {
        wanted.map(unquote)
    } else {
        wanted.map(Cow::Borrowed)
    };
    Record {
        fields,
        unit_price,
        total_price,
        country,
        end,
    }
}
// ANCHOR_END: record

/// Every field of the record at `start` (the header), unquoted, and where
/// the record ends.
pub fn all_fields(bytes: &[u8], start: usize) -> (Vec<Cow<'_, [u8]>>, usize) {
    let mut fields = Vec::new();
    let (end, _) = split(bytes, start, |_, raw| fields.push(unquote(raw)));
    (fields, end)
}

// ANCHOR: split
/// Call `field(index, raw)` for each field of the record starting at
/// `start`, where `raw` still has its quotes. Return where the record
/// ends, and whether a field was quoted (only then may one need unquoting).
fn split<'a>(bytes: &'a [u8], start: usize, mut field: impl FnMut(usize, &'a [u8])) -> (usize, bool) {
    let mut index = 0; // the field's number
    let mut from = start; // where the field starts
    let mut at = start; // where to look on
    let mut quoted = false;
    loop {
        // A field that starts with a quote runs to the closing quote, over
        // any comma or line break.
        if at == from && bytes.get(at) == Some(&b'"') {
            quoted = true;
            at = closing_quote(bytes, at + 1);
        }
        // Up to the next line break or quote, every comma ends a field:
        // most rows have no quote, and this finds all their fields.
        let stop = memchr3(b'\n', b'\r', b'"', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        for_each_comma(&bytes[at..stop], at, |comma| {
            field(index, &bytes[from..comma]);
            index += 1;
            from = comma + 1;
        });
        match bytes.get(stop) {
            // A quote that starts the next field: handled at the loop's top.
            Some(b'"') if stop == from => at = stop,
            // A quote inside a field is just a byte of it (the csv crate's rule).
            Some(b'"') => at = stop + 1,
            // A line break, or the end of the buffer: the record ends.
            _ => {
                field(index, &bytes[from..stop]);
                return (stop, quoted);
            }
        }
    }
}
// ANCHOR_END: split

// ANCHOR: commas
/// Call `comma(offset + i)` for each comma at `text[i]`, eight bytes at a
/// time: each 8-byte word is read as a `u64`, and a few integer operations
/// mark its bytes that are commas ("SIMD within a register"). For the
/// short distances between commas this beats calling `memchr` per comma.
fn for_each_comma(text: &[u8], offset: usize, mut comma: impl FnMut(usize)) {
    let (words, tail) = text.as_chunks::<8>();
    for (w, word) in words.iter().enumerate() {
        let mut marks = zero_bytes(u64::from_le_bytes(*word) ^ u64::from_le_bytes([b','; 8]));
        while marks != 0 {
            comma(offset + w * 8 + marks.trailing_zeros() as usize / 8);
            marks &= marks - 1; // clear the lowest mark
        }
    }
    for (i, &byte) in tail.iter().enumerate() {
        if byte == b',' {
            comma(offset + words.len() * 8 + i);
        }
    }
}
// ANCHOR_END: commas

/// The top bit of each byte of `x` that is zero, and no other bit. (The
/// well-known shorter formula marks false zeros next to a true one.)
fn zero_bytes(x: u64) -> u64 {
    const LOW_7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW_7) + LOW_7) | x | LOW_7)
}

/// Just past the quote that closes a quoted field whose text starts at
/// `at`, skipping doubled quotes; the end of the buffer if none closes it.
fn closing_quote(bytes: &[u8], mut at: usize) -> usize {
    while let Some(i) = memchr(b'"', &bytes[at..]) {
        at += i + 1;
        if bytes.get(at) != Some(&b'"') {
            return at;
        }
        at += 1; // `""`: an escaped quote, still inside
    }
    bytes.len()
}

/// A field's value: a quoted field without its quotes and with `""` made
/// `"`. Borrowed from the buffer unless a doubled quote must be undone.
fn unquote(raw: &[u8]) -> Cow<'_, [u8]> {
    let [b'"', inner @ ..] = raw else {
        return Cow::Borrowed(raw);
    };
    // The usual case, `"text"`: the only other quote is the last byte.
    match memchr(b'"', inner) {
        None => return Cow::Borrowed(inner),
        Some(i) if i + 1 == inner.len() => return Cow::Borrowed(&inner[..i]),
        _ => {}
    }
    let mut value = Vec::with_capacity(inner.len());
    let mut quoted = true;
    let mut bytes = inner.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if quoted && byte == b'"' {
            if bytes.next_if_eq(&&b'"').is_some() {
                value.push(b'"');
            } else {
                quoted = false;
            }
        } else {
            value.push(byte);
        }
    }
    Cow::Owned(value)
}

/// The first byte of the next record at or after `at`: blank lines and the
/// rest of a `\r\n` are skipped.
pub fn next_record(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b'\n' | b'\r')) {
        at += 1;
    }
    at
}

// ANCHOR: newlines
/// How many `\n` bytes `reader` yields, read in 1 MiB blocks into one
/// buffer, reused: it stays in the CPU's cache, and memory stays small
/// however long the stream is.
pub fn newlines(mut reader: impl Read) -> io::Result<u64> {
    let mut buffer = vec![0; 1 << 20];
    let mut count = 0;
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok(count);
        }
        count += memchr_iter(b'\n', &buffer[..read]).count() as u64;
    }
}
// ANCHOR_END: newlines

// ANCHOR: position
/// Where the line breaks right before `start` begin: the index of the
/// first of them (`start` itself if there are none).
///
/// The csv crate reports a record's position as just past the first
/// line-break byte after the previous record: that is before the record
/// itself after a blank line, or in a file with `\r\n` line breaks. Both
/// parsers report that position for a bad row, `breaks_before(start) + 1`,
/// so both name the same byte and line.
pub fn breaks_before(bytes: &[u8], start: usize) -> usize {
    let mut first = start;
    while first > 0 && matches!(bytes[first - 1], b'\n' | b'\r') {
        first -= 1;
    }
    first
}
// ANCHOR_END: position

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout {
        fields: 4,
        unit_price: 1,
        total_price: 2,
        country: 3,
    };

    fn read(text: &str) -> (usize, String, String, String, usize) {
        let r = record(text.as_bytes(), 0, &LAYOUT);
        let s = |c: &Cow<[u8]>| String::from_utf8_lossy(c).into_owned();
        (
            r.fields,
            s(&r.unit_price),
            s(&r.total_price),
            s(&r.country),
            r.end,
        )
    }

    #[test]
    fn a_plain_record() {
        assert_eq!(
            read("a,1.5,3,France\nnext"),
            (4, "1.5".into(), "3".into(), "France".into(), 14)
        );
        assert_eq!(
            read("a,1.5,3,France"),
            (4, "1.5".into(), "3".into(), "France".into(), 14)
        );
        assert_eq!(read("a,1.5,3,France\r\n").4, 14);
    }

    #[test]
    fn quoted_fields_hide_commas_quotes_and_line_breaks() {
        let text = "\"MUG, \"\"RED\"\"\nBIG\",1.5,3,\"United Kingdom\"\nnext";
        assert_eq!(
            read(text),
            (
                4,
                "1.5".into(),
                "3".into(),
                "United Kingdom".into(),
                text.len() - 5
            )
        );
        assert_eq!(read("x,\"1\"\"2\",3,Japan").1, "1\"2");
    }

    #[test]
    fn quotes_follow_the_csv_crates_rules() {
        // A quote not at the start of a field is data.
        assert_eq!(read("a,1\"5,3,Ja\"pan").1, "1\"5");
        assert_eq!(read("a,1\"5,3,Ja\"pan").3, "Ja\"pan");
        // Text after a closing quote is kept, up to the comma.
        assert_eq!(read("a,\"1\"5,3,Japan").1, "15");
        // An unclosed quote runs to the end of the buffer.
        assert_eq!(read("a,1,3,\"Japan\nx,y").3, "Japan\nx,y");
    }

    #[test]
    fn field_counts_and_missing_fields() {
        assert_eq!(read("a,1,3").0, 3);
        assert_eq!(read("a,1,3").3, "");
        assert_eq!(read("a,1,3,x,y,z").0, 6);
        assert_eq!(read(",,,").0, 4);
    }

    #[test]
    fn commas_are_found_in_words_and_in_the_tail() {
        for text in [
            "",
            ",",
            "abcdefgh",
            "abcdefgh,",
            ",,,,,,,,,",
            "a,bc,,defghijk,l,-5,,",
        ] {
            let expected: Vec<usize> = text.match_indices(',').map(|(i, _)| i + 3).collect();
            let mut found = Vec::new();
            for_each_comma(text.as_bytes(), 3, |at| found.push(at));
            assert_eq!(found, expected, "{text:?}");
        }
        for line in [
            "a,bc,,defghijk,l,-5,,",
            "",
            ",",
            ",,,,,,,,",
            "abcdefgh",
            "abcdefgh,",
            "1,2,3,4,5,6,7,8,9",
        ] {
            let mut fields = Vec::new();
            split(line.as_bytes(), 0, |_, raw| {
                fields.push(String::from_utf8_lossy(raw).into_owned())
            });
            assert_eq!(fields, line.split(',').collect::<Vec<_>>(), "{line:?}");
        }
        assert_eq!(zero_bytes(0x0100_00FF_0001_0000), 0x0080_8000_8000_8080);
    }

    #[test]
    fn header_fields() {
        let (fields, end) = all_fields(b"A,\"B,C\",D\n1,2,3", 0);
        let fields: Vec<&[u8]> = fields.iter().map(|f| f.as_ref()).collect();
        assert_eq!(fields, [&b"A"[..], b"B,C", b"D"]);
        assert_eq!(end, 9);
    }

    #[test]
    fn positions() {
        let text = b"h\na\n\nb\r\nc";
        assert_eq!(next_record(text, 3), 5);
        assert_eq!(breaks_before(text, 2), 1);
        assert_eq!(breaks_before(text, 5), 3, "a blank line: two breaks");
        assert_eq!(breaks_before(text, 8), 6, "\\r\\n: two breaks");
        assert_eq!(breaks_before(text, 0), 0);
    }
}
