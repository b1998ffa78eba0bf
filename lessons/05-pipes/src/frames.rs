//! Framing: how to cut the bytes of a pipe back into messages.
//!
//! A pipe carries bytes, not messages: the demo's three writes of 12, 16
//! and 4 bytes may come out as one read of 32, or as reads of 5 and 27. Python's
//! `Connection.send` hides this (it pickles the object and sends its length
//! first); with a raw pipe the two sides must agree on where a message ends.
//! Two common agreements, both here:
//!
//! - **JSON lines**: one JSON document per line. JSON never writes a raw
//!   newline inside a document (a newline in a string becomes `\n`), so the
//!   newline is a safe separator, and the stream stays readable by eye.
//! - **Length-prefixed frames**: four bytes of length (big-endian), then that
//!   many bytes of payload. Any bytes may be sent, nothing is escaped.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{self, BufRead, ErrorKind, Read, Write};

/// The largest payload [`read_frame`] accepts: a corrupt or hostile length
/// must not make the reader allocate gigabytes.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;

// ANCHOR: json_lines
/// Write `message` as one line of JSON in **one** `write`, and flush it so
/// that the other side can read it now, not when some buffer happens to fill.
pub fn write_json_line<T: Serialize>(out: &mut impl Write, message: &T) -> io::Result<()> {
    // `serde_json::to_writer(out, ..)` straight onto an unbuffered pipe
    // (a `ChildStdin`) makes one write(2) per token: `{`, `"`, `from`, ...
    // 18 system calls for one small message, and the reader wakes for each.
    // Built in memory first, the line goes out in one write; up to
    // PIPE_BUF (4,096 bytes on Linux) that write is also atomic: no other
    // writer's bytes can land inside it.
    let mut line = serde_json::to_vec(message)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.flush()
}

/// Read the next line and decode it. `Ok(None)` at the end of the stream
/// (every writer has closed its end), an `InvalidData` error that quotes
/// the line if it is not the JSON expected.
pub fn read_json_line<T: DeserializeOwned>(input: &mut impl BufRead) -> io::Result<Option<T>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    serde_json::from_str(&line).map(Some).map_err(|e| {
        io::Error::new(
            ErrorKind::InvalidData,
            format!("not the JSON message expected ({e}): {:?}", line.trim_end()),
        )
    })
}
// ANCHOR_END: json_lines

// ANCHOR: length_prefixed
/// Write `payload` as one frame: its length in four bytes, then the bytes.
pub fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    if payload.len() > MAX_FRAME {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            format!("a frame holds at most {MAX_FRAME} bytes, not {}", payload.len()),
        ));
    }
    let length = u32::try_from(payload.len()).expect("MAX_FRAME fits in a u32");
    // Length and payload in one buffer: one write, not two.
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(payload);
    out.write_all(&frame)?;
    out.flush()
}

/// Read the next frame. `Ok(None)` if the stream ends between frames; an
/// error if it ends inside one, or if the length is over [`MAX_FRAME`].
pub fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 4];
    // The first byte decides between "no more frames" and "a frame".
    if input.read(&mut length[..1])? == 0 {
        return Ok(None);
    }
    input.read_exact(&mut length[1..])?;
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_FRAME {
        return Err(io::Error::new(
            ErrorKind::InvalidData,
            format!("a frame of {length} bytes announced, more than the {MAX_FRAME} allowed"),
        ));
    }
    let mut payload = vec![0; length];
    // `read_exact` loops over short reads: a pipe may deliver the frame in pieces.
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}
// ANCHOR_END: length_prefixed

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::io::{BufReader, Cursor};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Note {
        text: String,
    }

    #[test]
    fn json_lines_survive_a_newline_inside_a_message() {
        let mut bytes = Vec::new();
        for text in ["Hello, team!", "two\nlines"] {
            write_json_line(&mut bytes, &Note { text: text.into() }).expect("writing to a Vec");
        }
        assert_eq!(
            bytes.iter().filter(|&&b| b == b'\n').count(),
            2,
            "one line per message"
        );
        let mut input = BufReader::new(Cursor::new(bytes));
        let first: Option<Note> = read_json_line(&mut input).expect("a good line");
        let second: Option<Note> = read_json_line(&mut input).expect("a good line");
        let end: Option<Note> = read_json_line(&mut input).expect("the end");
        assert_eq!(
            first.map(|n| n.text).as_deref(),
            Some("Hello, team!"),
            "the first line, whole"
        );
        assert_eq!(
            second.map(|n| n.text).as_deref(),
            Some("two\nlines"),
            "the escaped newline comes back as a newline, inside one message"
        );
        assert!(end.is_none(), "after the last line comes the end of the stream");
    }

    /// A `Write` that counts the calls to `write`, each taking every byte
    /// offered, as a pipe with room does: one call here is one write(2).
    #[derive(Default)]
    struct CountingWriter {
        writes: usize,
        bytes: Vec<u8>,
    }

    impl Write for CountingWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_message_is_one_write() {
        let mut out = CountingWriter::default();
        let note = Note {
            text: "Hello, team!".into(),
        };
        write_json_line(&mut out, &note).expect("writing to memory");
        assert_eq!(
            out.writes, 1,
            "one JSON line must go out in one write (serialize into a buffer first); \
             {} writes means the reader may wake once per piece and another writer's \
             bytes may land between them",
            out.writes
        );
        assert_eq!(out.bytes, b"{\"text\":\"Hello, team!\"}\n", "the line, whole");
        let mut out = CountingWriter::default();
        write_frame(&mut out, b"Hello, team!").expect("writing to memory");
        assert_eq!(
            out.writes, 1,
            "a frame (length and payload) must go out in one write, not {}",
            out.writes
        );
    }

    /// Why `write_json_line` builds the line first: straight onto a writer
    /// with no buffer (a `ChildStdin`), serde_json writes token by token.
    /// Part 2's message is `{"from":"parent","text":"ping"}`.
    #[test]
    fn to_writer_on_an_unbuffered_pipe_writes_token_by_token() {
        #[derive(Serialize)]
        struct Note {
            from: String,
            text: String,
        }
        let note = Note {
            from: "parent".into(),
            text: "ping".into(),
        };
        let mut out = CountingWriter::default();
        serde_json::to_writer(&mut out, &note).expect("writing to memory");
        out.write_all(b"\n").expect("writing to memory");
        assert_eq!(
            out.writes, 18,
            "the chapter says 18 writes for part 2's message: `{{`, `\"`, `from`, `\"`, `:`, ..."
        );
        // And `writeln!` writes the formatted value and the newline apart
        // (a value known at run time: a literal is folded into the text).
        let ball = std::hint::black_box(41_u64);
        let mut out = CountingWriter::default();
        writeln!(out, "{ball}").expect("writing to memory");
        assert_eq!(
            out.writes, 2,
            "writeln! makes one write for `41` and one for the newline"
        );
    }

    #[test]
    fn a_line_that_is_not_json_is_an_error_that_quotes_it() {
        let mut input = BufReader::new(Cursor::new(b"Hello, team!\n".to_vec()));
        let error = read_json_line::<Note>(&mut input).expect_err("plain text is not JSON");
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidData,
            "bad content, not a broken pipe"
        );
        assert!(
            error.to_string().contains("\"Hello, team!\""),
            "the error should quote the line it could not read: {error}"
        );
    }

    #[test]
    fn frames_keep_their_boundaries_and_any_bytes() {
        let mut bytes = Vec::new();
        for payload in [&b"Hello, team!"[..], b"", b"\n\0\xff"] {
            write_frame(&mut bytes, payload).expect("writing to a Vec");
        }
        let mut input = Cursor::new(bytes);
        let mut frames = Vec::new();
        while let Some(frame) = read_frame(&mut input).expect("good frames") {
            frames.push(frame);
        }
        assert_eq!(
            frames,
            [b"Hello, team!".to_vec(), vec![], b"\n\0\xff".to_vec()],
            "three frames back, the empty one and the one with a newline included"
        );
    }

    #[test]
    fn a_stream_cut_inside_a_frame_is_an_error() {
        let mut bytes = Vec::new();
        write_frame(&mut bytes, b"Hello, team!").expect("writing to a Vec");
        bytes.truncate(8);
        let error = read_frame(&mut Cursor::new(bytes)).expect_err("4 of 12 payload bytes");
        assert_eq!(
            error.kind(),
            ErrorKind::UnexpectedEof,
            "the stream ended inside a frame"
        );
    }

    #[test]
    fn an_absurd_length_is_refused_before_allocating() {
        let error =
            read_frame(&mut Cursor::new(u32::MAX.to_be_bytes().to_vec())).expect_err("4 GiB announced");
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidData,
            "a length over MAX_FRAME is refused"
        );
    }
}
