//! What the tool prints fits the book's column (88), and the paths in it
//! read as a learner would type them.
//!
//! Python habit: `textwrap.fill(text, 88)`. Here: a few lines of our own,
//! so that indented lines (a panic's message under its test) keep their
//! indent when they wrap, and a word longer than the line (a path, a
//! command to copy) is never cut.

/// `println!`, wrapped to [`WIDTH`] columns.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::text::wrap(&format!($($arg)*)))
    };
}

/// `eprintln!`, wrapped to [`WIDTH`] columns.
macro_rules! esay {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::text::wrap(&format!($($arg)*)))
    };
}

/// The book's column: every line the tool prints fits it.
pub const WIDTH: usize = 88;

/// `line` wrapped at spaces to `WIDTH` columns; each continuation is
/// indented like the line itself plus `hang` columns.
pub fn wrap_line(line: &str, hang: usize) -> String {
    // A command to copy (`just check 1 test::name`) stays on one line.
    if line.chars().count() <= WIDTH || line.starts_with("just ") {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let next_indent = " ".repeat(indent + hang);
    let mut out = String::new();
    let mut current = " ".repeat(indent);
    let mut fresh = true; // nothing but the indent on `current` yet
    let mut gap = 0; // spaces before the next word: a table's columns keep theirs
    for word in line[indent..].split(' ') {
        if word.is_empty() {
            gap += 1;
            continue;
        }
        let used = current.chars().count();
        if !fresh && used + gap + 1 + word.chars().count() > WIDTH {
            out.push_str(&current);
            out.push('\n');
            current = next_indent.clone();
            fresh = true;
        }
        if !fresh {
            current.push_str(&" ".repeat(gap + 1));
        }
        current.push_str(word);
        fresh = false;
        gap = 0;
    }
    out.push_str(&current);
    out
}

/// Every line of `text` wrapped (continuations indented 2 more columns).
pub fn wrap(text: &str) -> String {
    let mut out: Vec<String> = text.lines().map(|l| wrap_line(l, 2)).collect();
    if text.ends_with('\n') {
        out.push(String::new());
    }
    out.join("\n")
}

/// A hint's markdown wrapped: prose lines wrap, code inside ``` fences
/// keeps its shape.
pub fn wrap_markdown(text: &str) -> String {
    let mut fenced = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
            }
            // A list item's continuation lines up under its text.
            let item = line.trim_start();
            let hang = if item.starts_with("- ") || item.starts_with("* ") {
                2
            } else {
                item.find(". ")
                    .filter(|&at| at > 0 && item[..at].chars().all(|c| c.is_ascii_digit()))
                    .map_or(0, |at| at + 2)
            };
            if fenced {
                line.to_string()
            } else {
                wrap_line(line, hang)
            }
        })
        .collect();
    lines.join("\n")
}

/// Paths written the long way round, `tests/../src/exercises.rs` (a test
/// crate that includes the learner's file by `#[path]`), as a learner
/// would write them: `src/exercises.rs`. Only `name/../` is folded; a
/// leading `../` stays.
pub fn tidy_paths(text: &str) -> String {
    let mut text = text.to_string();
    let mut from = 0;
    while let Some(at) = text[from..].find("/../").map(|i| i + from) {
        let start = text[..at]
            .rfind(|c: char| c == '/' || c.is_whitespace() || c == '`' || c == '\'')
            .map_or(0, |i| i + 1);
        let segment = &text[start..at];
        if segment.is_empty() || segment == ".." || segment == "." {
            from = at + 1;
            continue;
        }
        text.replace_range(start..at + 4, "");
        from = start;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_spaces_keeping_their_indent() {
        let line = format!("      {}", ["word"; 40].join(" "));
        let wrapped = wrap_line(&line, 2);
        for l in wrapped.lines() {
            assert!(l.chars().count() <= WIDTH, "{l:?}");
        }
        assert!(
            wrapped.lines().skip(1).all(|l| l.starts_with("        w")),
            "{wrapped}"
        );
        assert_eq!(wrapped.split_whitespace().count(), 40);
        let row = format!("01 timing     0/4    0/15   1. {}", ["word"; 20].join(" "));
        assert!(wrap_line(&row, 30).starts_with("01 timing     0/4    0/15   1. word"));
    }

    #[test]
    fn a_word_longer_than_the_line_is_kept_whole() {
        let path = "x".repeat(100);
        assert_eq!(wrap_line(&format!("see {path}"), 0), format!("see\n{path}"));
        assert_eq!(wrap("short\n"), "short\n");
        let command = format!("just check 1 {}", "t".repeat(90));
        assert_eq!(wrap(&command), command, "a command is never split");
    }

    #[test]
    fn hints_wrap_their_prose_not_their_code() {
        let prose = ["word"; 30].join(" ");
        let code = format!("let x = {};", "1 + ".repeat(30));
        let hint = format!("{prose}\n```rust\n{code}\n```");
        let wrapped = wrap_markdown(&hint);
        assert!(wrapped.contains(&code), "{wrapped}");
        assert!(
            wrapped.lines().next().is_some_and(|l| l.len() <= WIDTH),
            "{wrapped}"
        );
    }

    #[test]
    fn test_crate_paths_are_tidied() {
        assert_eq!(
            tidy_paths("panicked at lessons/01-timing/tests/../src/exercises.rs:20:5:"),
            "panicked at lessons/01-timing/src/exercises.rs:20:5:"
        );
        assert_eq!(tidy_paths("  --> tests/../src/x.rs:1:2"), "  --> src/x.rs:1:2");
        assert_eq!(tidy_paths("../a/b/../c"), "../a/c");
    }
}
