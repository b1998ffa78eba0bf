//! The byte-level CSV parser of the `chunks` engine: it finds a record's
//! fields in a byte buffer without copying them and without allocating.
//!
//! The `csv` crate is correct and general, and reads every field of every
//! row into a record. The report needs three fields of each row, so this
//! parser only finds where fields start and end. Four bytes can do that:
//! `,` ends a field, `\n` and `\r` end a record, `"` may start a quoted
//! field. A [`Scanner`] finds them 64 bytes at a time with SIMD
//! instructions (one instruction compares 16 bytes), as 64-bit masks with
//! one bit per byte (one mask for the commas, one for the other three), and
//! the parser then visits only the marked bytes: about nine per row
//! instead of a hundred.
//!
//! Quotes follow the csv crate's rules exactly (a quote opens a quoted
//! field only at the start of a field; `""` inside quotes is one quote;
//! commas and line breaks inside quotes are data; text after a closing
//! quote is kept), so both parsers read every file the same way, odd ones
//! included. Like the csv crate, a record ends at `\n`, `\r` or `\r\n`, and
//! blank lines between records are skipped.
//!
//! And [`newlines`]: counting the line breaks of a stream, the benchmark's
//! floor and the line numbers of bad rows.

use crate::rows::Layout;
use memchr::{memchr, memchr_iter};
use std::borrow::Cow;
use std::io::{self, Read};
use wide::u8x16;

/// What the report needs from one record, and where the record ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// How many fields the record has.
    pub fields: usize,
    /// The Quantity field, unquoted.
    pub quantity: Cow<'a, [u8]>,
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

// ANCHOR: scanner
/// Where the next bytes that matter are: commas, which end fields, and
/// the *stops*: `\n` and `\r`, which end records, and `"`, which may start
/// a quoted field.
///
/// It keeps two masks of the 64 bytes from `base` on: bit `i` of `commas`
/// is set when byte `base + i` is a comma not yet visited, and the same for
/// `stops`. The buffer is passed to each call rather than kept, so the
/// caller may append to it between records; the masks only cover the bytes
/// up to `end` that existed when they were made.
#[derive(Debug, Default, Clone)]
pub struct Scanner {
    base: usize,
    end: usize,
    commas: u64,
    stops: u64,
    /// The first byte not yet visited.
    at: usize,
}

// ANCHOR_END: scanner

// ANCHOR: next_stop
impl Scanner {
    /// The next stop, at or after where the scanner is, after calling
    /// `comma(at)` for each comma before it; `None` at the end of `bytes`.
    fn next_stop(&mut self, bytes: &[u8], mut comma: impl FnMut(usize)) -> Option<usize> {
        loop {
            // The commas below the lowest stop (all of them if no stop):
            // `stops - 1` turns the lowest set bit off and the bits below on.
            let before = self.commas & self.stops.wrapping_sub(1) & !self.stops;
            let mut marks = before;
            while marks != 0 {
                comma(self.base + marks.trailing_zeros() as usize);
                marks &= marks - 1; // clear the lowest mark: that comma is done
            }
            self.commas &= !before;
            if self.stops != 0 {
                let at = self.base + self.stops.trailing_zeros() as usize;
                self.stops &= self.stops - 1;
                self.at = at + 1;
                return Some(at);
            }
            self.at = self.end;
            if self.end >= bytes.len() {
                return None;
            }
            self.load(bytes, self.end);
        }
    }

    // ANCHOR_END: next_stop
    /// Move on to `at`: forget the marks before it. Moving back (to read a
    /// record again) marks the bytes anew.
    fn skip_to(&mut self, bytes: &[u8], at: usize) {
        if (self.at..self.end).contains(&at) {
            let from_at = u64::MAX << (at - self.base);
            self.commas &= from_at;
            self.stops &= from_at;
        } else {
            self.load(bytes, at);
        }
    }

    /// Mark the bytes that matter among the 64 from `at` on.
    fn load(&mut self, bytes: &[u8], at: usize) {
        let end = bytes.len().min(at + 64);
        let (commas, stops) = match <&[u8; 64]>::try_from(&bytes[at..end]) {
            Ok(block) => marks(block),
            Err(_) => {
                // The last bytes: padded with zeros, which never match.
                let mut block = [0; 64];
                block[..end - at].copy_from_slice(&bytes[at..end]);
                marks(&block)
            }
        };
        *self = Scanner {
            base: at,
            end,
            commas,
            stops,
            at,
        };
    }
}

// ANCHOR: marks
/// One bit per byte of `block`, in two masks: the commas, and the stops
/// (`\n`, `\r`, `"`). `wide`'s `u8x16` holds 16 bytes in one SIMD register
/// (SSE2 on x86-64, NEON on ARM): each `simd_eq` compares all 16 with one
/// instruction, and `to_bitmask` gathers the 16 answers into 16 bits.
fn marks(block: &[u8; 64]) -> (u64, u64) {
    let (mut commas, mut stops) = (0, 0);
    for (i, sixteen) in block.as_chunks::<16>().0.iter().enumerate() {
        let bytes = u8x16::from(*sixteen);
        let is = |byte| bytes.simd_eq(u8x16::splat(byte));
        let stop = is(b'\n') | is(b'\r') | is(b'"');
        commas |= u64::from(is(b',').to_bitmask()) << (16 * i);
        stops |= u64::from(stop.to_bitmask()) << (16 * i);
    }
    (commas, stops)
}
// ANCHOR_END: marks

/// The four fields a record keeps, in the order they come in a row:
/// `(column, slot)` pairs sorted by column, then a sentinel that no column
/// matches. Fields arrive in order, so each is compared with the next
/// wanted column only: one comparison per field, not four.
#[derive(Debug, Clone, Copy)]
pub struct Picks([(usize, usize); 5]);

impl Picks {
    /// The picks of `layout`'s Quantity, UnitPrice, TotalPrice, Country
    /// (slots 0 to 3 of a [`Record`]).
    pub fn new(layout: &Layout) -> Picks {
        let mut picks = [
            (layout.quantity, 0),
            (layout.unit_price, 1),
            (layout.total_price, 2),
            (layout.country, 3),
            (usize::MAX, 0),
        ];
        picks.sort_unstable();
        Picks(picks)
    }
}

impl Scanner {
    /// Read the record that starts at `start`, keeping the fields `picks`
    /// names.
    pub fn record<'a>(&mut self, bytes: &'a [u8], start: usize, picks: &Picks) -> Record<'a> {
        let mut wanted: [&[u8]; 4] = [b""; 4];
        let mut fields = 0;
        let mut next = 0; // the next pick to look for
        let (end, quoted) = self.split(bytes, start, |index, raw| {
            fields = index + 1;
            let (column, slot) = picks.0[next.min(4)];
            if index == column {
                wanted[slot] = raw;
                next += 1;
            }
        });
        // Only a record with a quote can have a field to unquote.
        let [quantity, unit_price, total_price, country] = wanted;
        if quoted {
            Record {
                fields,
                quantity: unquote(quantity),
                unit_price: unquote(unit_price),
                total_price: unquote(total_price),
                country: unquote(country),
                end,
            }
        } else {
            Record {
                fields,
                quantity: Cow::Borrowed(quantity),
                unit_price: Cow::Borrowed(unit_price),
                total_price: Cow::Borrowed(total_price),
                country: Cow::Borrowed(country),
                end,
            }
        }
    }

    /// Call `field(index, raw)` for each field of the record starting at
    /// `start`, where `raw` still has its quotes. Return where the record
    /// ends, and whether a field was quoted (only then may one need
    /// unquoting).
    // ANCHOR: split
    fn split<'a>(
        &mut self,
        bytes: &'a [u8],
        start: usize,
        mut field: impl FnMut(usize, &'a [u8]),
    ) -> (usize, bool) {
        self.skip_to(bytes, start);
        let mut index = 0; // the field's number
        let mut from = start; // where the field starts
        let mut quoted = false;
        loop {
            // Every comma before the next stop ends a field.
            let stop = self.next_stop(bytes, |comma| {
                field(index, &bytes[from..comma]);
                index += 1;
                from = comma + 1;
            });
            let Some(at) = stop else {
                // The end of the buffer ends the last record.
                field(index, &bytes[from..]);
                return (bytes.len(), quoted);
            };
            match bytes[at] {
                // A quote opens a quoted field only at the field's start;
                // elsewhere it is just a byte of the field.
                b'"' if at == from => {
                    quoted = true;
                    self.skip_quoted(bytes);
                }
                b'"' => {}
                // `\n` or `\r`: the record ends.
                _ => {
                    field(index, &bytes[from..at]);
                    return (at, quoted);
                }
            }
        }
    }
    // ANCHOR_END: split

    // ANCHOR: skip_quoted
    /// Move past the quote that closes a quoted field, over any comma and
    /// line break; `""` is a quote inside it.
    fn skip_quoted(&mut self, bytes: &[u8]) {
        while let Some(at) = self.next_stop(bytes, |_| {}) {
            if bytes[at] == b'"' {
                if bytes.get(at + 1) != Some(&b'"') {
                    return; // the closing quote
                }
                self.skip_to(bytes, at + 2); // `""`: an escaped quote
            }
        }
    }
    // ANCHOR_END: skip_quoted
}

/// Every field of the record at `start` (the header), unquoted, and where
/// the record ends.
pub fn all_fields(bytes: &[u8], start: usize) -> (Vec<Cow<'_, [u8]>>, usize) {
    let mut fields = Vec::new();
    let (end, _) = Scanner::default().split(bytes, start, |_, raw| fields.push(unquote(raw)));
    (fields, end)
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

/// How long the row that `reader` starts with is, in bytes: up to its
/// line break outside quotes, or to the end of the stream. Read in 1 MiB
/// blocks into one buffer, so memory stays small however long the row;
/// run only to name a row too long to read whole. (A quote counts here
/// wherever it is; the parsers honour it only at a field's start. Close
/// enough for a length in a message.)
pub fn row_length(mut reader: impl Read) -> io::Result<u64> {
    let mut buffer = vec![0; 1 << 20];
    let (mut length, mut quoted) = (0, false);
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok(length);
        }
        for at in memchr::memchr3_iter(b'"', b'\n', b'\r', &buffer[..read]) {
            match buffer[at] {
                b'"' => quoted = !quoted,
                _ if !quoted => return Ok(length + at as u64),
                _ => {}
            }
        }
        length += read as u64;
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout {
        fields: 4,
        quantity: 0,
        unit_price: 1,
        total_price: 2,
        country: 3,
    };

    fn read(text: &str) -> (usize, String, String, String, usize) {
        let r = Scanner::default().record(text.as_bytes(), 0, &Picks::new(&LAYOUT));
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
    fn the_scanner_marks_commas_and_stops_across_blocks() {
        let mut text = "a,bc,,defghijk,l,-5,,".repeat(7);
        text.push_str("\"x\"\r\n");
        let positions = |of: &[char]| -> Vec<usize> { text.match_indices(of).map(|(i, _)| i).collect() };
        for start in [0, 1, 63, 64, 100] {
            let mut scanner = Scanner::default();
            scanner.skip_to(text.as_bytes(), start);
            let mut commas = Vec::new();
            let mut stops = Vec::new();
            while let Some(stop) = scanner.next_stop(text.as_bytes(), |comma| commas.push(comma)) {
                stops.push(stop);
            }
            let after_start =
                |all: Vec<usize>| -> Vec<usize> { all.into_iter().filter(|&i| i >= start).collect() };
            assert_eq!(commas, after_start(positions(&[','])), "from {start}");
            assert_eq!(stops, after_start(positions(&['"', '\n', '\r'])), "from {start}");
        }
    }

    #[test]
    fn fields_split_like_str_split_on_long_and_short_lines() {
        let long = format!("{},x,{}", "y".repeat(70), ",".repeat(65));
        for line in [
            "a,bc,,defghijk,l,-5,,",
            "",
            ",",
            ",,,,,,,,",
            "abcdefgh",
            "1,2,3,4,5,6,7,8,9",
            &long,
        ] {
            let mut fields = Vec::new();
            Scanner::default().split(line.as_bytes(), 0, |_, raw| {
                fields.push(String::from_utf8_lossy(raw).into_owned())
            });
            assert_eq!(fields, line.split(',').collect::<Vec<_>>(), "{line:?}");
        }
    }

    #[test]
    fn one_scanner_reads_record_after_record_and_sees_appended_bytes() {
        let mut bytes = b"a,1,2,France\nb,\"3\",4,Japan\nc,5,6,It".to_vec();
        let mut scanner = Scanner::default();
        let first = scanner.record(&bytes, 0, &Picks::new(&LAYOUT));
        assert_eq!((first.unit_price.as_ref(), first.end), (&b"1"[..], 12));
        let second = scanner.record(&bytes, 13, &Picks::new(&LAYOUT));
        assert_eq!(second.unit_price.as_ref(), b"3");
        let third_start = second.end + 1;
        assert_eq!(
            scanner.record(&bytes, third_start, &Picks::new(&LAYOUT)).end,
            bytes.len()
        );
        // The caller reads more of the file: the record is read again.
        bytes.extend_from_slice(b"aly\nd");
        let third = scanner.record(&bytes, third_start, &Picks::new(&LAYOUT));
        assert_eq!(
            (third.country.as_ref(), third.end),
            (&b"Italy"[..], bytes.len() - 2)
        );
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
