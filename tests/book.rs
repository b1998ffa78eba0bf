//! The book is read in sittings (issue 23).
//!
//! Each lesson is a folder of pages, `docs/src/NN-slug/`, listed under the
//! lesson in `docs/src/SUMMARY.md`. These tests read the book the way mdBook
//! does (SUMMARY.md, then each page with its `{{#include}}`s expanded) and
//! check:
//!
//! - **one sitting a page**: no page is longer than [`MINUTES`] of reading at
//!   [`WORDS_PER_MINUTE`], counting prose, code and run output alike;
//! - **the same closing pages in every lesson**: `index.md` first (the
//!   lesson's title and "The idea"), and last, in this order, the pages of
//!   [`CLOSING`] with the same headings in every lesson;
//! - **every include resolves**: the file exists and the anchor is in it;
//! - **every link between pages resolves**: `[text](page.md#anchor)` names a
//!   page of the book and a heading on it;
//! - **the Python → Rust index is in sync**: `python-index.md` is an
//!   index by Python name, generated from the lessons' mapping tables.
//!   `WORKBOOK_BLESS=1 cargo test -p workbook --test book` rewrites it.
//!
//! The unit tests at the bottom show each check failing on a small bad sample.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The longest a page may take to read, in minutes.
const MINUTES: usize = 15;

/// A reading speed for technical prose (code and run output are counted as
/// words too, so a page of code reads as slowly as it should).
const WORDS_PER_MINUTE: usize = 230;

/// Pages exempt from the length limit: a reference one looks things up in,
/// not reads in a sitting.
const REFERENCE: &[&str] = &[];

/// The closing pages of every lesson, in order: file, its title, and the
/// second-level headings it must have, in order.
const CLOSING: &[(&str, &str, &[&str])] = &[
    ("pitfalls.md", "Pitfalls", &["Python → Rust"]),
    ("exercises.md", "Exercises", &["Measure it yourself"]),
    ("solutions.md", "Solutions", &[]),
];

/// Where the generated index starts and ends in `python-index.md`.
const INDEX_START: &str = "<!-- index by Python name: generated from the lessons' tables by tests/book.rs \
                           (WORKBOOK_BLESS=1 cargo test -p workbook --test book rewrites it) -->";
const INDEX_END: &str = "<!-- end of the index -->";

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One entry of SUMMARY.md: its label, its path (relative to docs/src) and
/// its depth (0 for a chapter, 1 for a page nested under it).
#[derive(Debug, Clone)]
struct Entry {
    label: String,
    path: String,
    depth: usize,
}

/// The pages of SUMMARY.md, in order.
fn summary(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let item = line.trim_start().trim_start_matches("- ");
        let (Some(open), Some(mid)) = (item.find('['), item.find("](")) else {
            continue;
        };
        let Some(close) = item[mid..].find(')') else {
            continue;
        };
        entries.push(Entry {
            label: item[open + 1..mid].to_string(),
            path: item[mid + 2..mid + close].to_string(),
            depth: indent / 2,
        });
    }
    entries
}

/// The lines of `text` between `ANCHOR: name` and `ANCHOR_END: name`, other
/// anchor lines dropped (as mdBook does); `None` if the anchor is not there.
fn anchored(text: &str, name: &str) -> Option<String> {
    let is = |line: &str, tag: &str| {
        line.find(tag).is_some_and(|at| {
            let rest = line[at + tag.len()..].trim_start();
            rest.starts_with(name)
                && !rest[name.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
    };
    let mut out = Vec::new();
    let mut inside = false;
    let mut found = false;
    for line in text.lines() {
        if is(line, "ANCHOR_END:") {
            inside = false;
        } else if is(line, "ANCHOR:") {
            inside = true;
            found = true;
        } else if inside && !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            out.push(line);
        }
    }
    found.then(|| out.join("\n"))
}

/// `text` with every `{{#include file[:anchor|:from:to]}}` replaced by what
/// it names, relative to `dir`, recursively (as mdBook's links preprocessor
/// does). Problems (a missing file, a missing anchor) are pushed to `problems`.
fn expand(text: &str, dir: &Path, page: &str, problems: &mut Vec<String>, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("{{#include") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find("}}") else {
            problems.push(format!("{page}: an unclosed {{{{#include"));
            break;
        };
        let spec = rest[at + "{{#include".len()..at + end].trim();
        rest = &rest[at + end + 2..];
        let mut parts = spec.splitn(2, ':');
        let file = parts.next().unwrap_or_default();
        let selector = parts.next();
        let path = dir.join(file);
        let Ok(body) = fs::read_to_string(&path) else {
            problems.push(format!("{page}: includes {file}, which does not exist"));
            continue;
        };
        let chosen = match selector {
            None | Some("") => body,
            Some(sel) if sel.split(':').all(|n| n.is_empty() || n.parse::<usize>().is_ok()) => {
                let mut bounds = sel.split(':').map(|n| n.parse::<usize>().ok());
                let from = bounds.next().flatten().unwrap_or(1).max(1);
                let lines: Vec<&str> = body.lines().collect();
                let to = match bounds.next() {
                    Some(to) => to.unwrap_or(lines.len()),
                    None => from,
                };
                lines[(from - 1).min(lines.len())..to.min(lines.len())].join("\n")
            }
            Some(anchor) => match anchored(&body, anchor) {
                Some(text) => text,
                None => {
                    problems.push(format!(
                        "{page}: includes {file}:{anchor}, but {file} has no anchor '{anchor}'"
                    ));
                    continue;
                }
            },
        };
        let base = path.parent().unwrap_or(dir).to_path_buf();
        if depth < 10 && chosen.contains("{{#include") {
            out.push_str(&expand(&chosen, &base, page, problems, depth + 1));
        } else {
            out.push_str(&chosen);
        }
    }
    out.push_str(rest);
    out
}

/// A page with its includes expanded.
fn expanded(path: &str, problems: &mut Vec<String>) -> String {
    let file = src().join(path);
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    expand(&read(&file), &dir, path, problems, 0)
}

/// The words of a page: whitespace-separated tokens, markup and code
/// included.
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The problem with a page of `count` words, if it is too long.
fn too_long(page: &str, count: usize) -> Option<String> {
    let limit = MINUTES * WORDS_PER_MINUTE;
    (count > limit).then(|| {
        format!(
            "{page}: {count} words, about {} minutes of reading; a page should take at most {MINUTES} \
             ({limit} words): move a part onto a page of its own",
            count / WORDS_PER_MINUTE
        )
    })
}

#[test]
fn every_page_reads_in_one_sitting() {
    let entries = summary(&read(&src().join("SUMMARY.md")));
    assert!(
        entries.len() > 10,
        "SUMMARY.md lists only {} pages",
        entries.len()
    );
    let mut problems = Vec::new();
    let mut longest = (0, String::new());
    for entry in &entries {
        let count = words(&expanded(&entry.path, &mut problems));
        if REFERENCE.contains(&entry.path.as_str()) {
            continue;
        }
        if count > longest.0 {
            longest = (count, entry.path.clone());
        }
        problems.extend(too_long(&entry.path, count));
    }
    eprintln!("longest page: {} ({} words)", longest.1, longest.0);
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The lines of a markdown text outside fenced code blocks (the fences too
/// left out).
fn outside_code(text: &str) -> impl Iterator<Item = &str> {
    let mut fence = false;
    text.lines().filter(move |line| {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            return false;
        }
        !fence
    })
}

/// The headings of a markdown text outside code blocks: (level, text).
fn headings(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for line in outside_code(text) {
        let level = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && line[level..].starts_with(' ') {
            found.push((level, line[level..].trim().to_string()));
        }
    }
    found
}

/// The lesson folders SUMMARY.md lists: folder name and its pages in order.
fn lessons(entries: &[Entry]) -> Vec<(String, Vec<Entry>)> {
    let mut lessons: Vec<(String, Vec<Entry>)> = Vec::new();
    for entry in entries {
        let Some((folder, _)) = entry.path.split_once('/') else {
            continue;
        };
        let numbered = folder.len() > 3 && folder.as_bytes()[..2].iter().all(u8::is_ascii_digit);
        if !numbered {
            continue;
        }
        match lessons.last_mut() {
            Some((name, pages)) if name == folder => pages.push(entry.clone()),
            _ => lessons.push((folder.to_string(), vec![entry.clone()])),
        }
    }
    lessons
}

/// What is wrong with one lesson's pages: their order in SUMMARY.md and the
/// headings of the index and closing pages. `page_text` reads a page.
fn lesson_problems(folder: &str, pages: &[Entry], page_text: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut problems = Vec::new();
    let names: Vec<&str> = pages
        .iter()
        .map(|e| e.path.rsplit('/').next().unwrap_or(""))
        .collect();
    if names.first() != Some(&"index.md") || pages[0].depth != 0 {
        problems.push(format!(
            "{folder}: its first entry in SUMMARY.md must be {folder}/index.md, at the top level"
        ));
    }
    if pages.iter().skip(1).any(|e| e.depth != 1) {
        problems.push(format!(
            "{folder}: its pages must be nested under {folder}/index.md in SUMMARY.md"
        ));
    }
    let closing: Vec<&str> = CLOSING.iter().map(|c| c.0).collect();
    let tail = &names[names.len().saturating_sub(closing.len())..];
    if tail != closing.as_slice() {
        problems.push(format!(
            "{folder}: its last pages must be {} in this order (every lesson closes the same way); SUMMARY.md has {}",
            closing.join(", "),
            tail.join(", ")
        ));
    }
    let titled = |name: &str, title: &dyn Fn(&str) -> bool, what: &str, problems: &mut Vec<String>| {
        let path = format!("{folder}/{name}");
        let Some(text) = page_text(&path) else {
            problems.push(format!("{path}: missing"));
            return Vec::new();
        };
        let found = headings(&text);
        if !found
            .first()
            .is_some_and(|(level, text)| *level == 1 && title(text))
        {
            problems.push(format!("{path}: must start with the heading '# {what}'"));
        }
        found
    };
    let number = &folder[..2];
    let index = titled(
        "index.md",
        &|t| t.starts_with(number),
        &format!("{number} <title>"),
        &mut problems,
    );
    if !index
        .iter()
        .any(|(level, text)| *level == 2 && text == "The idea")
    {
        problems.push(format!("{folder}/index.md: has no '## The idea'"));
    }
    for (name, title, sections) in CLOSING {
        let found = titled(name, &|t| t == *title, title, &mut problems);
        let second: Vec<&str> = found
            .iter()
            .filter(|(l, _)| *l == 2)
            .map(|(_, t)| t.as_str())
            .collect();
        let mut at = 0;
        for section in *sections {
            match second[at..].iter().position(|t| t == section) {
                Some(i) => at += i + 1,
                None => problems.push(format!(
                    "{folder}/{name}: has no '## {section}' (every lesson has one, in the same order)"
                )),
            }
        }
    }
    problems
}

#[test]
fn every_lesson_has_the_same_closing_pages() {
    let entries = summary(&read(&src().join("SUMMARY.md")));
    let lessons = lessons(&entries);
    assert!(
        lessons.len() >= 10,
        "SUMMARY.md lists {} lesson folders, expected 10",
        lessons.len()
    );
    let page_text = |path: &str| fs::read_to_string(src().join(path)).ok();
    let mut problems = Vec::new();
    for (folder, pages) in &lessons {
        problems.extend(lesson_problems(folder, pages, &page_text));
        // Every page in the folder is in the book.
        let listed: BTreeSet<String> = pages.iter().map(|e| e.path.clone()).collect();
        for file in fs::read_dir(src().join(folder)).into_iter().flatten().flatten() {
            let name = file.file_name().to_string_lossy().to_string();
            let path = format!("{folder}/{name}");
            if name.ends_with(".md") && !listed.contains(&path) {
                problems.push(format!("{path}: not listed in SUMMARY.md"));
            }
        }
    }
    // No chapter left as one file.
    for file in fs::read_dir(src()).into_iter().flatten().flatten() {
        let name = file.file_name().to_string_lossy().to_string();
        if name.len() > 3 && name.as_bytes()[..2].iter().all(u8::is_ascii_digit) && name.ends_with(".md") {
            problems.push(format!(
                "docs/src/{name}: a chapter in one file; split it into docs/src/{}/",
                &name[..name.len() - 3]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_include_resolves() {
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in summary(&read(&src().join("SUMMARY.md"))) {
        expanded(&entry.path, &mut problems);
        pages += 1;
    }
    assert!(pages > 0);
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A heading's id as mdBook makes it: lower case, spaces to `-`, only
/// letters, digits, `_` and `-` kept (inline code and links by their text).
fn heading_id(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // [text](url) -> text
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| m + open) else {
            break;
        };
        let Some(close) = rest[mid..].find(')').map(|c| c + mid) else {
            break;
        };
        text.push_str(&rest[..open]);
        text.push_str(&rest[open + 1..mid]);
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The links of a markdown text to other `.md` pages (outside code): the
/// target as written.
fn page_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    for line in outside_code(text) {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let target_start = at + 2;
            let Some(len) = rest[target_start..].find(')') else {
                break;
            };
            let target = &rest[target_start..target_start + len];
            let local = !target.contains("://") && !target.starts_with('#');
            if local && (target.contains(".md") || target.contains(".html")) {
                links.push(target.to_string());
            }
            rest = &rest[target_start + len..];
        }
    }
    links
}

/// Joins a link target onto the page's folder, resolving `..`; `None` when
/// it climbs out of docs/src.
fn resolve(page: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_link_between_pages_resolves() {
    let entries = summary(&read(&src().join("SUMMARY.md")));
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts = Vec::new();
    for entry in &entries {
        let mut ignored = Vec::new();
        let text = expanded(&entry.path, &mut ignored);
        let mut seen = BTreeSet::new();
        for (_, heading) in headings(&text) {
            seen.insert(heading_id(&heading));
        }
        ids.insert(entry.path.clone(), seen);
        // Expanded: a link in an included file is resolved from the page
        // that includes it (a lesson's table in python-to-rust.md).
        texts.push((entry.path.clone(), text));
    }
    let mut problems = Vec::new();
    for (page, text) in &texts {
        for target in page_links(text) {
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let path = resolve(page, &file.replace(".html", ".md")).unwrap_or_default();
            match ids.get(&path) {
                None => problems.push(format!(
                    "{page}: links to {target}, which is not a page of the book"
                )),
                Some(found) if !anchor.is_empty() && !found.contains(anchor) => problems.push(format!(
                    "{page}: links to {target}, but {path} has no heading with the id '{anchor}'"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The inline code spans of a table cell that are not inside parentheses
/// (those name the Python thing the row maps; a parenthesis adds a remark),
/// or, when there are none, those inside them, unless the whole cell is a
/// remark in parentheses ("(no equivalent ...)").
fn python_names(cell: &str) -> Vec<String> {
    let cell = cell.trim();
    let mut outside = Vec::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    let mut chars = cell.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '`' => {
                let Some(len) = cell[i + 1..].find('`') else { break };
                let code = cell[i + 1..i + 1 + len].replace("\\|", "|");
                if depth == 0 { &mut outside } else { &mut inside }.push(code);
                for _ in 0..=len {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    if outside.is_empty() && !cell.starts_with('(') {
        inside
    } else {
        outside
    }
}

/// Whether a code span names something one would look up: it has a word of
/// two letters or more (not `n`, `0.14 * 50` or `7.000000000000001`).
fn is_a_name(code: &str) -> bool {
    code.split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word.len() >= 2)
}

/// The cells of a markdown table row (`\|` is not a separator).
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.trim().trim_start_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push_str("\\|");
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        cells.push(cell);
    }
    cells
}

/// The index by Python name: one line per name, sorted, each linking to the
/// lesson pages whose mapping table has it. `tables` is (lesson label, page,
/// the mapping table's markdown).
fn python_index(tables: &[(String, String, String)]) -> String {
    let mut names: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for (label, page, table) in tables {
        for row in table.lines().filter(|l| l.trim_start().starts_with('|')).skip(2) {
            let Some(first) = cells(row).into_iter().next() else {
                continue;
            };
            for name in python_names(&first).into_iter().filter(|n| is_a_name(n)) {
                let key: String = name
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect();
                let lessons = names.entry((key, name)).or_default();
                if !lessons.iter().any(|(l, _)| l == label) {
                    lessons.push((label.clone(), page.clone()));
                }
            }
        }
    }
    let mut out = String::new();
    for ((_, name), lessons) in names {
        let links: Vec<String> = lessons
            .iter()
            .map(|(label, page)| format!("[{label}]({page}#python--rust)"))
            .collect();
        out.push_str(&format!("- `{name}`: {}\n", links.join(", ")));
    }
    out
}

#[test]
fn the_python_index_is_in_sync_with_the_tables() {
    let entries = summary(&read(&src().join("SUMMARY.md")));
    let mut tables = Vec::new();
    for (folder, pages) in lessons(&entries) {
        let page = format!("{folder}/pitfalls.md");
        let text = read(&src().join(&page));
        let table = anchored(&text, "mapping")
            .unwrap_or_else(|| panic!("{page} has no mapping table (ANCHOR: mapping)"));
        tables.push((pages[0].label.clone(), page, table));
    }
    let index = python_index(&tables);
    let path = src().join("python-index.md");
    let text = read(&path);
    let (Some(start), Some(end)) = (text.find(INDEX_START), text.find(INDEX_END)) else {
        panic!("python-index.md has no generated index: it needs the lines\n{INDEX_START}\n{INDEX_END}");
    };
    let current = text[start + INDEX_START.len()..end].trim();
    if current != index.trim() {
        if std::env::var_os("WORKBOOK_BLESS").is_some() {
            let new = format!("{}{INDEX_START}\n\n{index}\n{}", &text[..start], &text[end..]);
            fs::write(&path, new).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            return;
        }
        panic!(
            "python-index.md is out of date with the lessons' mapping tables: \
             rewrite it with `WORKBOOK_BLESS=1 cargo test -p workbook --test book`"
        );
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn a_long_page_fails() {
        assert!(too_long("x.md", MINUTES * WORDS_PER_MINUTE).is_none());
        let problem = too_long("x.md", MINUTES * WORDS_PER_MINUTE + 1).unwrap_or_default();
        assert!(
            problem.contains("x.md") && problem.contains("at most 15"),
            "{problem}"
        );
    }

    #[test]
    fn includes_expand_by_anchor_and_a_missing_one_is_named() {
        let dir = std::env::temp_dir().join(format!("book-test-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        fs::write(dir.join("a.rs"), "x\n// ANCHOR: one\nfn one() {}\n// ANCHOR: two\nfn two() {}\n// ANCHOR_END: two\n// ANCHOR_END: one\n")
            .expect("write");
        let mut problems = Vec::new();
        let text = expand(
            "{{#include a.rs:one}} {{#include a.rs:2:2}} {{#include a.rs:three}}",
            &dir,
            "p.md",
            &mut problems,
            0,
        );
        assert_eq!(
            text, "fn one() {}\nfn two() {} // ANCHOR: one ",
            "expanded: {text:?}"
        );
        assert_eq!(
            problems,
            vec!["p.md: includes a.rs:three, but a.rs has no anchor 'three'".to_string()]
        );
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_lesson_without_the_closing_pages_fails() {
        let pages: Vec<Entry> = ["index.md", "parts-1-2.md", "pitfalls.md", "solutions.md"]
            .iter()
            .enumerate()
            .map(|(i, p)| Entry {
                label: p.to_string(),
                path: format!("01-x/{p}"),
                depth: usize::from(i > 0),
            })
            .collect();
        let text = |path: &str| -> Option<String> {
            Some(match path {
                "01-x/index.md" => "# 01 X\n\n## The idea\n".into(),
                "01-x/pitfalls.md" => "# Pitfalls\n\n## Python and Rust\n".into(),
                _ => "# Solutions\n".into(),
            })
        };
        let problems = lesson_problems("01-x", &pages, &text);
        let all = problems.join("\n");
        assert!(
            all.contains("last pages must be pitfalls.md, exercises.md, solutions.md"),
            "{all}"
        );
        assert!(
            all.contains("01-x/pitfalls.md: has no '## Python → Rust'"),
            "{all}"
        );
        assert!(
            all.contains("01-x/exercises.md: must start with the heading '# Exercises'"),
            "{all}"
        );
    }

    #[test]
    fn links_resolve_from_the_page_that_includes_them() {
        assert_eq!(
            resolve("02-x/run.md", "../04-y/index.md").as_deref(),
            Some("04-y/index.md")
        );
        assert_eq!(
            resolve("02-x/run.md", "parts-1-2.md").as_deref(),
            Some("02-x/parts-1-2.md")
        );
        // A lesson's table included into python-to-rust.md at the top.
        assert_eq!(resolve("python-to-rust.md", "../04-y/index.md"), None);
    }

    #[test]
    fn heading_ids_are_mdbooks() {
        assert_eq!(
            heading_id("Part 1: `delay_message` as two tasks"),
            "part-1-delay_message-as-two-tasks"
        );
        assert_eq!(heading_id("Python → Rust"), "python--rust");
        assert_eq!(heading_id("Part 1: five I/O tasks"), "part-1-five-io-tasks");
    }

    #[test]
    fn python_names_skip_remarks_in_parentheses() {
        assert_eq!(
            python_names("`time.time()`, `time.time_ns()`"),
            vec!["time.time()", "time.time_ns()"]
        );
        assert_eq!(
            python_names("`q.shutdown()` (Python 3.13+, `queue.Queue`)"),
            vec!["q.shutdown()"]
        );
        assert_eq!(python_names("a C extension (`PyInit_x`)"), vec!["PyInit_x"]);
        assert!(python_names("(no equivalent: `x`)").is_empty());
        assert!(is_a_name("q.get()") && !is_a_name("n") && !is_a_name("0.14 * 50"));
        let index = python_index(&[(
            "01 A".into(),
            "01-a/pitfalls.md".into(),
            "| P | R |\n|---|---|\n| `bc()` | x |\n| `ab` (`n`) | y |\n".into(),
        )]);
        assert_eq!(
            index,
            "- `ab`: [01 A](01-a/pitfalls.md#python--rust)\n- `bc()`: [01 A](01-a/pitfalls.md#python--rust)\n"
        );
    }
}
