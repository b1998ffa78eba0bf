//! Reading what a Rust test binary (libtest) printed: which tests passed,
//! and each failing test's panic, cut down to what a learner reads.
//!
//! A property test (proptest) panics once per shrinking step, so one
//! failing property can print the same `todo!` message thirty times; a
//! test whose worker thread panicked prints the worker's panic and then the
//! main thread's. Both become: the first panic (the cause), and the last one
//! when it says something new (proptest's "minimal failing input").

use std::collections::BTreeMap;

/// Lines kept of one panic message (`--full` keeps them all).
pub const MESSAGE_LINES: usize = 12;
/// Characters kept of one line (an `assert_eq!` of two long vectors...);
/// the summary wraps what is kept, it does not cut it.
pub const LINE_CHARS: usize = 480;
/// Characters kept of proptest's minimal failing input, on one line.
pub const INPUT_CHARS: usize = 2_000;
/// What the watchdog's message starts with: a hang's message is never cut
/// (its end says what to look for).
pub const WATCHDOG_SAYS: &str = "did not finish within";

/// Each test's full name (`module::test`) and whether it passed.
pub type Results = BTreeMap<String, bool>;

/// Read `test NAME ... ok|FAILED` lines; other lines are ignored.
pub fn results(stdout: &str) -> Results {
    stdout
        .lines()
        .filter_map(|line| {
            let (name, outcome) = line.strip_prefix("test ")?.rsplit_once(" ... ")?;
            let name = name.trim_end_matches(" - should panic").to_string();
            match outcome.trim() {
                "ok" => Some((name, true)),
                "FAILED" => Some((name, false)),
                _ => None,
            }
        })
        .collect()
}

/// Did the test binary get to print its `test result:` line? (If it ran
/// but did not, it crashed: a stack overflow, an abort.)
pub fn finished(stdout: &str) -> bool {
    stdout.lines().any(|line| line.starts_with("test result: "))
}

/// The captured output of each failing test: libtest's
/// `---- NAME stdout ----` sections.
pub fn failure_output(stdout: &str) -> BTreeMap<String, String> {
    let mut sections = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"));
        let ends_section = header.is_some() || line == "failures:" || line.starts_with("test result: ");
        if ends_section && let Some((name, text)) = current.take() {
            sections.insert(name, text);
        }
        if let Some(name) = header {
            current = Some((name.to_string(), String::new()));
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    if let Some((name, text)) = current {
        sections.insert(name, text);
    }
    sections
}

/// One panic: where, and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    pub place: String,
    pub message: Vec<String>,
}

/// Every panic in one test's output, in order.
pub fn panics(output: &str) -> Vec<Panic> {
    let mut found: Vec<Panic> = Vec::new();
    let mut open = false;
    for line in output.lines() {
        // `thread 'name' panicked at f.rs:1:2:`; Rust 1.89+ adds the
        // thread's id: `thread 'name' (1234) panicked at f.rs:1:2:`.
        if let Some(rest) = line.strip_prefix("thread '")
            && let Some((_, place)) = rest.split_once(" panicked at ")
        {
            let place = place.trim_end_matches(':').to_string();
            found.push(Panic {
                place,
                message: Vec::new(),
            });
            open = true;
        } else if line.starts_with("note: ")
            || line.starts_with("stack backtrace:")
            || line.starts_with("proptest: ")
        {
            open = false;
        } else if open && let Some(panic) = found.last_mut() {
            panic.message.push(line.to_string());
        }
    }
    for panic in &mut found {
        while panic.message.last().is_some_and(|l| l.trim().is_empty()) {
            panic.message.pop();
        }
    }
    found
}

/// A failing test's output cut to a few lines: the first panic, then the
/// last one if it differs, and how many repeats were left out. proptest's
/// minimal failing input is always kept, on one line; a watchdog's message
/// is never cut. `full`: everything the test printed, as it printed it.
pub fn short_message(output: &str, full: bool) -> Vec<String> {
    if full {
        let mut lines: Vec<String> = output.lines().map(String::from).collect();
        while lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        return lines;
    }
    let all = panics(output);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        // No panic line (e.g. `should_panic` that did not): what it printed.
        let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
        return cap(&lines);
    };
    let mut lines = vec![format!("panicked at {}:", first.place)];
    lines.extend(message_lines(&first.message));
    let repeats = all.iter().filter(|p| p.message == first.message).count() - 1;
    if last.message != first.message {
        let others = all.len() - repeats - 2;
        if repeats + others > 0 {
            lines.push(format!("(... {} more panics left out)", repeats + others));
        }
        match smallest_input(&last.message) {
            // proptest's last panic repeats the first; its input is the news.
            Some(input) => lines.push(format!("proptest's smallest failing input: {input}")),
            None => {
                lines.push("and in the end:".to_string());
                lines.extend(message_lines(&last.message));
            }
        }
    } else if repeats > 0 {
        lines.push(format!("(the same panic {repeats} more times, left out)"));
    }
    lines
}

/// One panic's message as shown: a watchdog's in full; proptest's minimal
/// failing input on one line, never cut; anything else capped.
fn message_lines(message: &[String]) -> Vec<String> {
    if message.iter().any(|l| l.contains(WATCHDOG_SAYS)) {
        return message.to_vec();
    }
    let Some(start) = message
        .iter()
        .position(|l| l.starts_with("minimal failing input: "))
    else {
        return cap(&message.iter().map(String::as_str).collect::<Vec<_>>());
    };
    let before: Vec<&str> = message[..start].iter().map(String::as_str).collect();
    let mut lines = cap(&before);
    if let Some(input) = smallest_input(message) {
        lines.push(format!("proptest's smallest failing input: {input}"));
    }
    lines
}

/// proptest's `minimal failing input: (len, n) = (\n    0,\n    1,\n)` on
/// one line: `(len, n) = (0, 1)`.
fn smallest_input(message: &[String]) -> Option<String> {
    let start = message
        .iter()
        .position(|l| l.starts_with("minimal failing input: "))?;
    let mut input = String::new();
    for line in message[start..].iter().take_while(|l| !l.starts_with('\t')) {
        let part = line.trim_start_matches("minimal failing input: ").trim();
        if !(input.ends_with('(') || input.ends_with('[') || input.is_empty() || part.starts_with([')', ']']))
        {
            input.push(' ');
        }
        input.push_str(part);
    }
    let input = input.replace(",)", ")").replace(",]", "]");
    Some(match input.char_indices().nth(INPUT_CHARS) {
        Some((at, _)) => format!("{}…", &input[..at]),
        None => input,
    })
}

fn cap(lines: &[&str]) -> Vec<String> {
    let mut kept: Vec<String> = lines
        .iter()
        .take(MESSAGE_LINES)
        .map(|line| match line.char_indices().nth(LINE_CHARS) {
            Some((at, _)) => format!("{}… (cut: --full shows all)", &line[..at]),
            None => line.to_string(),
        })
        .collect();
    if lines.len() > MESSAGE_LINES {
        kept.push(format!(
            "(... {} more lines: add --full to see them)",
            lines.len() - MESSAGE_LINES
        ));
    }
    kept
}

/// Text without terminal colour codes (`ESC [ ... m`).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What the watchdog writes (straight to stderr, past libtest's capture)
/// when a test is still waiting after a few seconds.
pub const STILL_WAITING: &str = "still waiting: ";

/// Is this cargo's `     Running tests/x.rs (target/...)` line, after
/// which the test program's own stderr comes?
pub fn is_running_line(line: &str) -> bool {
    is_cargo_noise(line) && strip_ansi(line).trim_start().starts_with("Running ")
}

/// Is this one of cargo's status lines (`   Compiling x`, `    Finished`,
/// `     Running`), or its hint to re-run with the learner's feature dropped?
pub fn is_cargo_noise(line: &str) -> bool {
    let plain = strip_ansi(line);
    let trimmed = plain.trim_start();
    let indent = plain.len() - trimmed.len();
    let status = indent > 0
        && trimmed.split_once(' ').is_some_and(|(word, _)| {
            word.len() + indent == 12 && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        });
    status || plain.contains("to rerun pass `")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "\nrunning 4 tests\n\
        test a::one ... ok\n\
        test a::two ... FAILED\n\
        test b::prop ... FAILED\n\
        test c::late - should panic ... ok\n\
        \nfailures:\n\n\
        ---- a::two stdout ----\n\n\
        thread 'a::two' panicked at src/exercises.rs:20:5:\n\
        not yet implemented: read both clocks\n\
        note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
        ---- b::prop stdout ----\n\
        proptest: Saving this and future failures in x\n\
        thread 'b::prop' (17) panicked at src/exercises.rs:9:5:\n\
        not yet implemented: split\n\
        thread 'b::prop' (18) panicked at src/exercises.rs:9:5:\n\
        not yet implemented: split\n\
        thread 'b::prop' panicked at src/exercises.rs:9:5:\n\
        not yet implemented: split\n\
        thread 'b::prop' panicked at tests/exercises.rs:40:1:\n\
        Test failed: not yet implemented: split.\n\
        minimal failing input: n = 0\n\n\
        \nfailures:\n    a::two\n    b::prop\n\n\
        test result: FAILED. 2 passed; 2 failed; 0 ignored\n";

    #[test]
    fn results_are_read_from_test_lines() {
        let results = results(RUN);
        let expected: Results = [
            ("a::one", true),
            ("a::two", false),
            ("b::prop", false),
            ("c::late", true),
        ]
        .into_iter()
        .map(|(n, ok)| (n.to_string(), ok))
        .collect();
        assert_eq!(results, expected);
        assert!(finished(RUN));
        assert!(!finished("running 4 tests\ntest a::one ... ok\n"));
    }

    #[test]
    fn each_failure_keeps_its_own_output() {
        let sections = failure_output(RUN);
        assert_eq!(sections.len(), 2);
        assert!(sections["a::two"].contains("read both clocks"));
        assert!(!sections["a::two"].contains("split"));
    }

    #[test]
    fn a_plain_failure_is_its_place_and_message() {
        let sections = failure_output(RUN);
        assert_eq!(
            short_message(&sections["a::two"], false),
            [
                "panicked at src/exercises.rs:20:5:",
                "not yet implemented: read both clocks"
            ]
        );
    }

    #[test]
    fn shrinking_repeats_collapse_to_first_and_last() {
        let sections = failure_output(RUN);
        let short = short_message(&sections["b::prop"], false);
        assert_eq!(
            short,
            [
                "panicked at src/exercises.rs:9:5:",
                "not yet implemented: split",
                "(... 2 more panics left out)",
                "proptest's smallest failing input: n = 0",
            ]
        );
    }

    #[test]
    fn a_multi_line_input_becomes_one_line() {
        let message: Vec<String> = [
            "Test failed: x.",
            "minimal failing input: (len, n) = (",
            "    0,",
            "    1,",
            ")",
            "\tsuccesses: 0",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(smallest_input(&message).as_deref(), Some("(len, n) = (0, 1)"));
    }

    #[test]
    fn long_messages_are_capped_and_full_shows_them_all() {
        let long = format!("thread 't' panicked at x:1:1:\n{}\n", ["line"; 20].join("\n"));
        let short = short_message(&long, false);
        assert_eq!(short.len(), 1 + MESSAGE_LINES + 1, "{short:?}");
        assert_eq!(
            short.last().map(String::as_str),
            Some("(... 8 more lines: add --full to see them)")
        );
        let full = short_message(&long, true);
        assert_eq!(full.len(), 21, "{full:?}");
    }

    #[test]
    fn a_single_proptest_failure_keeps_its_minimal_input() {
        // One panic only (a `prop_assert!`): the input is in the first panic.
        let output = "thread 'p' panicked at tests/exercises.rs:40:1:\n\
            Test failed: the pieces do not add up to the whole; wrong: 3 != 4.\n\
            minimal failing input: (len, n) = (\n    0,\n    1,\n)\n\
            \tsuccesses: 0\n\tlocal rejects: 0\n\tglobal rejects: 0\n\n";
        let short = short_message(output, false);
        assert_eq!(
            short.last().map(String::as_str),
            Some("proptest's smallest failing input: (len, n) = (0, 1)"),
            "{short:?}"
        );
    }

    #[test]
    fn a_watchdogs_message_is_never_cut() {
        let long_line = format!("`sum` {WATCHDOG_SAYS} 20s: {}the end", "word ".repeat(200));
        let output = format!(
            "thread 't' panicked at src/watchdog.rs:1:1:\n{long_line}\n{}\n",
            ["likely cause"; 20].join("\n")
        );
        let short = short_message(&output, false);
        assert_eq!(short[1], long_line);
        assert_eq!(short.len(), 22, "{short:?}");
    }

    #[test]
    fn cargo_status_lines_and_its_rerun_hint_are_noise() {
        assert!(is_cargo_noise("   Compiling lesson-01-timing v0.1.0"));
        assert!(is_cargo_noise(
            "\u{1b}[1m\u{1b}[92m    Finished\u{1b}[0m `test` profile"
        ));
        assert!(is_cargo_noise(
            "error: test failed, to rerun pass `-p lesson-01-timing --test exercises`"
        ));
        assert!(!is_cargo_noise("error[E0308]: mismatched types"));
        assert!(!is_cargo_noise("  --> src/exercises.rs:3:5"));
        assert!(is_running_line(
            "\u{1b}[1m\u{1b}[92m     Running\u{1b}[0m tests/exercises.rs (target/debug/deps/exercises-1)"
        ));
        assert!(!is_running_line("    Finished `test` profile"));
    }
}
