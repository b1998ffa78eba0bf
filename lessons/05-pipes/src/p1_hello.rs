//! Part 1: seed 001's sender and receiver as two child processes joined by
//! one OS pipe, which the parent creates and hands out, one end each. Then
//! why a pipe needs framing: it keeps bytes and their order, not where one
//! message ended and the next began.

use lesson_05_pipes::frames::{read_frame, read_json_line, write_frame, write_json_line};
use lesson_05_pipes::roles::{self, Note};
use std::io::{self, BufReader, Read, Write};
use std::process::{Output, Stdio};
use workbook::child::Guard;

const MESSAGES: [&str; 3] = ["Hello, team!", "Stand-up at ten.", "Bye."];

pub fn run() -> io::Result<()> {
    println!("1. Seed 001's \"Hello, team!\": two child processes, one pipe");
    let (sent, received) = hello_team()?;
    println!("   sender   (its stderr): {}", sent.trim_end());
    println!("   receiver (its stdout): {}", received.trim_end());
    println!("   three messages through one pipe, read back:");
    println!("   raw bytes           {:?}", raw_bytes()?);
    println!("   JSON lines          {:?}", json_lines()?);
    println!("   length-prefixed     {:?}", length_prefixed()?);
    println!("   (a pipe keeps the bytes and their order, not where each write ended)\n");
    Ok(())
}

// ANCHOR: hello_team
/// Start the sender and the receiver, the sender's stdout piped into the
/// receiver's stdin, and return what each said.
fn hello_team() -> io::Result<(String, String)> {
    // One OS pipe: what is written to `writer` comes out of `reader`.
    let (reader, writer) = io::pipe()?;
    // Each end is *moved* into a child's Command. The Commands are
    // temporaries, dropped at the end of their statements, and with them
    // the parent's copies of the ends: the parent keeps neither.
    // A Guard kills and reaps its child if we leave early (a `?` below).
    let mut sender = Guard::new(
        roles::command("sender")?
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()?,
    );
    let mut receiver = Guard::new(
        roles::command("receiver")?
            .stdin(reader)
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let sent = finished("sender", roles::wait_with_output(&mut sender)?)?;
    let received = finished("receiver", roles::wait_with_output(&mut receiver)?)?;
    Ok((
        String::from_utf8_lossy(&sent.stderr).into(),
        String::from_utf8_lossy(&received.stdout).into(),
    ))
}
// ANCHOR_END: hello_team

/// `output` if the child succeeded, else an error naming it and what it said.
fn finished(child: &str, output: Output) -> io::Result<Output> {
    if output.status.success() {
        return Ok(output);
    }
    let said = String::from_utf8_lossy(&output.stderr);
    Err(io::Error::other(format!(
        "the {child} failed ({}): {}",
        output.status,
        said.trim_end()
    )))
}

// ANCHOR: framing
/// Three writes, one read: the boundaries are gone.
fn raw_bytes() -> io::Result<Vec<String>> {
    // One thread may write all, then read all, because the pipe's buffer
    // (64 KiB on Linux) holds these few bytes; more would block the write.
    let (mut reader, mut writer) = io::pipe()?;
    for message in MESSAGES {
        writer.write_all(message.as_bytes())?;
    }
    drop(writer); // the last write end closed: the reader will see the end
    let mut all = String::new();
    reader.read_to_string(&mut all)?;
    Ok(vec![all])
}

// ANCHOR_END: framing

// ANCHOR: framing_lines
/// One JSON document per line: the newline marks the end of each message.
fn json_lines() -> io::Result<Vec<String>> {
    let (reader, mut writer) = io::pipe()?;
    for message in MESSAGES {
        let note = Note {
            from: "parent".into(),
            text: message.into(),
        };
        write_json_line(&mut writer, &note)?;
    }
    drop(writer);
    let mut reader = BufReader::new(reader);
    let mut texts = Vec::new();
    while let Some(note) = read_json_line::<Note>(&mut reader)? {
        texts.push(note.text);
    }
    Ok(texts)
}

/// Four bytes of length before each message: no separator needed at all.
fn length_prefixed() -> io::Result<Vec<String>> {
    let (mut reader, mut writer) = io::pipe()?;
    for message in MESSAGES {
        write_frame(&mut writer, message.as_bytes())?;
    }
    drop(writer);
    let mut texts = Vec::new();
    while let Some(payload) = read_frame(&mut reader)? {
        texts.push(String::from_utf8_lossy(&payload).into_owned());
    }
    Ok(texts)
}
// ANCHOR_END: framing_lines
