//! The jobs of the child processes. The demo starts its own binary again
//! with a hidden role argument (`lesson-05-pipes sender`, `... pong`), the
//! re-exec pattern of lesson 03; `main` sees the role and runs it here
//! instead of the demo. Every role talks through its stdin and stdout,
//! which the parent has turned into pipes.
//!
//! Nothing outlives the demo: [`command`] ties each child to it (a
//! lifeline: the child's [`run`] watches the parent's pid and ends when it is
//! gone, even after a `kill -9`), and the demo holds each child in a
//! [`Guard`], which kills and reaps it on every path out, an early `?` too.

use crate::frames::{read_json_line, write_json_line};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, BufRead, ErrorKind, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use workbook::child::Guard;

/// The role that plays ping-pong (exercise 3): for each number it reads, it
/// answers that number plus one.
pub const PONG: &str = "pong";

/// A child's job, chosen by the hidden first argument.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Role {
    /// Seed 001's sender: send "Hello, team!" down stdout, as one JSON line
    #[command(hide = true)]
    Sender,
    /// Seed 001's receiver: read one JSON line from stdin and print it
    #[command(hide = true)]
    Receiver,
    /// Answer each JSON line on stdin with the same text in capitals
    #[command(hide = true)]
    Shout,
    /// Answer each number on stdin with that number plus one
    #[command(name = PONG, hide = true)]
    Pong {
        /// Stop answering after this many balls (to test the other side)
        #[arg(long, value_name = "N")]
        quit_after: Option<u64>,
        /// When stdin ends, write the number of balls returned to FILE
        #[arg(long, value_name = "FILE")]
        score: Option<PathBuf>,
        /// After this many balls, answer with a word, not a number, and
        /// play on (to test that the other side stops and reaps us)
        #[arg(long, value_name = "N")]
        garble_after: Option<u64>,
        /// Write this process's id to FILE first (so a test can look for it)
        #[arg(long, value_name = "FILE")]
        pid_file: Option<PathBuf>,
    },
    /// Read stdin to its end and print how many bytes came
    #[command(hide = true)]
    Sink,
    /// Print numbered lines with `println!` until printing fails
    #[command(hide = true)]
    Chatter,
}

/// One message of seed 001's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Who wrote it.
    pub from: String,
    /// What it says.
    pub text: String,
}

/// A command that starts this same program in `role`.
pub fn command(role: &str) -> io::Result<Command> {
    let me = std::env::current_exe()?;
    let mut command = Command::new(me);
    command.arg(role);
    // Set our pid in its environment: its `run` ends it when we are gone.
    workbook::lifecycle::lifeline(&mut command);
    Ok(command)
}

/// `Child::wait_with_output` for a child held in a [`Guard`] (which cannot
/// give its `Child` away): read its piped stdout and stderr to their ends,
/// on two threads so that neither pipe fills while we wait on the other,
/// then wait for it. A stream that was not piped comes back empty.
pub fn wait_with_output(child: &mut Guard) -> io::Result<Output> {
    let stderr = child.stderr.take();
    let errors = thread::spawn(move || -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        if let Some(mut stderr) = stderr {
            stderr.read_to_end(&mut bytes)?;
        }
        Ok(bytes)
    });
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout)?;
    }
    let stderr = errors
        .join()
        .map_err(|_| io::Error::other("the thread reading stderr panicked"))??;
    let status = child.wait()?;
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}

/// Run `role`: the whole life of a child process.
pub fn run(role: Role) -> io::Result<()> {
    // End when the parent that started us is gone (see `command`).
    workbook::lifecycle::watch_parent();
    match role {
        Role::Sender => sender(),
        Role::Receiver => receiver(),
        Role::Shout => shout(),
        Role::Pong {
            quit_after,
            score,
            garble_after,
            pid_file,
        } => {
            if let Some(file) = pid_file {
                fs::write(&file, std::process::id().to_string())
                    .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", file.display())))?;
            }
            pong(quit_after, garble_after, score)
        }
        Role::Sink => sink(),
        Role::Chatter => chatter(),
    }
}

// ANCHOR: sender_receiver
fn sender() -> io::Result<()> {
    let note = Note {
        from: "sender".into(),
        text: "Hello, team!".into(),
    };
    // stdout is the write end of the pipe that the parent gave us.
    write_json_line(&mut io::stdout().lock(), &note)?;
    eprintln!("Sent: {}", note.text);
    Ok(())
}

fn receiver() -> io::Result<()> {
    // stdin is the read end; `read_json_line` waits until a line arrives.
    let note: Note = read_json_line(&mut io::stdin().lock())?
        .ok_or_else(|| io::Error::new(ErrorKind::UnexpectedEof, "the pipe closed before a message came"))?;
    println!("Received: {} (from the {})", note.text, note.from);
    Ok(())
}
// ANCHOR_END: sender_receiver

fn shout() -> io::Result<()> {
    let (mut input, mut output) = (io::stdin().lock(), io::stdout().lock());
    while let Some(note) = read_json_line::<Note>(&mut input)? {
        let reply = Note {
            from: "child".into(),
            text: note.text.to_uppercase(),
        };
        write_json_line(&mut output, &reply)?;
    }
    Ok(())
}

fn pong(quit_after: Option<u64>, garble_after: Option<u64>, score: Option<PathBuf>) -> io::Result<()> {
    let mut output = io::stdout().lock();
    let mut returned = 0;
    for line in io::stdin().lock().lines() {
        if quit_after == Some(returned) {
            return Ok(()); // walk away from the table: the other side sees the pipe end
        }
        let line = line?;
        let ball: u64 = line.trim().parse().map_err(|e| {
            io::Error::new(
                ErrorKind::InvalidData,
                format!("pong got {line:?}, not a number: {e}"),
            )
        })?;
        if garble_after.is_some_and(|n| returned >= n) {
            writeln!(output, "fault")?; // not a number: a protocol error
        } else {
            writeln!(output, "{}", ball + 1)?;
        }
        // Flush each answer: the other side waits for it before it plays on.
        output.flush()?;
        returned += 1;
    }
    if let Some(file) = score {
        fs::write(&file, returned.to_string())
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", file.display())))?;
    }
    Ok(())
}

fn sink() -> io::Result<()> {
    let mut buffer = vec![0u8; 64 * 1024];
    let (mut input, mut bytes) = (io::stdin().lock(), 0u64);
    loop {
        match input.read(&mut buffer)? {
            0 => break,
            n => bytes += n as u64,
        }
    }
    println!("{bytes}");
    Ok(())
}

// ANCHOR: chatter
/// Print lines until the reader goes away. Rust ignores SIGPIPE (the
/// runtime sets it to "ignore" before `main`), so a write into a pipe with
/// no reader fails with `BrokenPipe` instead of killing the process, and
/// `println!` turns that failure into a panic: exit status 101.
fn chatter() -> io::Result<()> {
    for n in 0_u64.. {
        println!("line {n}");
    }
    Ok(())
}
// ANCHOR_END: chatter
