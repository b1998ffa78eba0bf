//! Every figure the book quotes comes from a real run (issue 13).
//!
//! A chapter's prose says things like "the pool took 1.06 s, 2.05× the task
//! alone". This test checks each such figure against what the demo really
//! printed. For every chapter `docs/src/NN-*/` (its pages `*.md`) that has a runs folder
//! `docs/src/runs/NN-slug/` (written by `just capture NN`):
//!
//! - every number with a unit in the prose (units s, ms, µs, ns, %, ×, GB/s,
//!   MB/s, GB, MB, KiB, MiB, GiB; "1.06 s" and "1.06s" are the same figure,
//!   and so are "2.05×" and "2.05x") must occur, digit for digit, in one of
//!   that chapter's captures `runs/NN-slug/*.txt`, in a caption of its figures
//!   `figures/NN-*.txt`, or in `runs/NN-slug/elsewhere.txt`: the short, named
//!   list of figures measured elsewhere (CPython timings, a 16-core run), one
//!   a line, `<figure> | <where and how it was measured>`;
//! - every line of a capture fits the book's column (88 characters), so that
//!   nothing is cut off in the browser.
//!
//! The prose is everything outside fenced code blocks, `{{#include}}` lines and
//! HTML comments (inline code and tables count: they are read as prose).
//!
//! A chapter without a runs folder, or whose runs folder holds no capture
//! (`*.txt` other than elsewhere.txt), fails: every chapter shows its run
//! from a capture.
//!
//! The unit tests at the bottom show the check passing on a small good
//! sample and failing when a quoted figure is changed.
//!
//! And every figure is from a quiet machine (issue 22): each capture
//! (`runs/NN-slug/*.txt`) and each figure's caption (`figures/*.txt`) records
//! a `witness:` line — what other processes used of the CPU during the run
//! (`workbook::load`; `just capture` writes it) — and that figure must be at
//! most [`QUIET`], unless a `witness: deliberate: ...` line marks the run as
//! loaded on purpose (chapter 01's example). Captions of figures measured
//! elsewhere (they say "measured elsewhere") are exempt.

use std::fs;
use std::path::{Path, PathBuf};

/// The book's column in characters: `just capture` runs demos with `--width 88`.
const WIDTH: usize = 88;

/// While true, chapters without a runs folder are only reported, not failed
/// (kept for a new lesson's first steps; every chapter is captured now).
const CAPTURED_ONLY: bool = false;

/// While false, a capture or caption with no `witness:` line is reported
/// (on stderr) but does not fail; one that has it is checked all the same.
/// Every committed capture predates the witness: the lead flips this to
/// true once every chapter is re-captured on a quiet machine.
const REQUIRE_WITNESS: bool = true;

/// The most CPU other processes may have used during a committed run, in
/// cores: `workbook::load::QUIET`, which `just capture` also enforces.
const QUIET: f64 = workbook::load::QUIET;

/// Units, longest first so that "MB/s" is not read as "MB" followed by "/s".
const UNITS: &[&str] = &[
    "GB/s", "MB/s", "GiB", "MiB", "KiB", "GB", "MB", "ms", "µs", "μs", "ns", "s", "%", "×",
];

/// A number with a unit, normalised: commas dropped, one space before the
/// unit, `μ` (Greek mu) written as `µ` (micro sign), `x` as `×`.
fn figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '.' | '_' | ',')));
        if !starts_number {
            // Digits inside a word like "x86" or "p3" are skipped whole.
            let in_word = chars[i].is_ascii_digit();
            i += 1;
            while in_word && i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        let (number, end) = read_number(&chars, i);
        i = end;
        if let Some((unit, after)) = read_unit(&chars, end) {
            found.push(format!("{number} {unit}"));
            i = after;
        }
    }
    found
}

/// Reads `1,234.5` from `start`: the digits (commas dropped) and where it ends.
fn read_number(chars: &[char], start: usize) -> (String, usize) {
    let mut number = String::new();
    let mut i = start;
    let digits = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    while digits(i) {
        number.push(chars[i]);
        i += 1;
        // A thousands comma is followed by exactly three digits.
        if chars.get(i) == Some(&',') && (1..=3).all(|k| digits(i + k)) && !digits(i + 4) {
            i += 1;
        }
    }
    if chars.get(i) == Some(&'.') && digits(i + 1) {
        number.push('.');
        i += 1;
        while digits(i) {
            number.push(chars[i]);
            i += 1;
        }
    }
    (number, i)
}

/// Reads a unit after a number (one optional space between): the unit,
/// normalised, and where it ends. A unit must not run on into a word:
/// "5 seconds" and "3 states" are not figures.
fn read_unit(chars: &[char], start: usize) -> Option<(&'static str, usize)> {
    let spaced = matches!(chars.get(start), Some(' ' | '\u{a0}' | '\u{2009}' | '\u{202f}'));
    let at = if spaced { start + 1 } else { start };
    let ends_word = |i: usize| chars.get(i).is_none_or(|c| !c.is_alphanumeric());
    for unit in UNITS {
        let len = unit.chars().count();
        let matches = chars.len() >= at + len && chars[at..at + len].iter().copied().eq(unit.chars());
        if matches && ends_word(at + len) {
            return Some((if *unit == "μs" { "µs" } else { unit }, at + len));
        }
    }
    // "2.05x" (no space) is the same figure as "2.05×".
    if !spaced && chars.get(at) == Some(&'x') && ends_word(at + 1) {
        return Some(("×", at + 1));
    }
    None
}

/// The prose lines of a chapter with their line numbers: no fenced code
/// blocks, no `{{#include ...}}` lines, no HTML comments.
fn prose(markdown: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            // A fence closes with at least as many of the same character.
            let marker = open.chars().next().unwrap_or('`');
            let run = trimmed.chars().take_while(|&c| c == marker).count();
            if run >= open.len() && trimmed[run..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if !in_comment && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|&c| c == marker).collect());
            continue;
        }
        if trimmed.contains("{{#") {
            continue;
        }
        let mut text = String::new();
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        text.push_str(&rest[..start]);
                        in_comment = true;
                        rest = &rest[start + 4..];
                    }
                    None => {
                        text.push_str(rest);
                        break;
                    }
                }
            }
        }
        lines.push((index + 1, without_link_targets(&text)));
    }
    lines
}

/// A line with the targets of its links dropped: `[part 3](parts-3-4.md#part-3-seed-002s-cpu)`
/// is read as `[part 3]`, so that an anchor's "002s" is not taken for a figure.
fn without_link_targets(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        match rest[at..].find(')') {
            Some(close) => rest = &rest[at + close + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A file a chapter's figures may come from: its path (for messages) and text.
struct Source {
    path: String,
    text: String,
}

/// Where one chapter's figures may come from.
#[derive(Default)]
struct Sources {
    /// `runs/NN-slug/*.txt` but elsewhere.txt: what `just capture` wrote.
    captures: Vec<Source>,
    /// `figures/NN-*.txt`: the captions of figures drawn from real runs.
    captions: Vec<Source>,
    /// `runs/NN-slug/elsewhere.txt`, if the chapter has one.
    elsewhere: Option<Source>,
}

/// Checks one chapter against its sources; returns one message per problem.
fn check_chapter(chapter: &str, markdown: &str, sources: &Sources) -> Vec<String> {
    let mut problems = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for capture in &sources.captures {
        known.extend(figures(&capture.text));
        problems.extend(too_wide(capture));
    }
    for caption in &sources.captions {
        known.extend(figures(&caption.text));
    }
    if let Some(list) = &sources.elsewhere {
        known.extend(elsewhere_figures(list, &mut problems));
    }
    let all = sources
        .captures
        .iter()
        .chain(&sources.captions)
        .chain(&sources.elsewhere);
    let looked_in: Vec<&str> = all.map(|s| s.path.as_str()).collect();
    for (line, text) in prose(markdown) {
        for figure in figures(&text) {
            if !known.contains(&figure) {
                problems.push(format!(
                    "{chapter}:{line}: \"{figure}\" is in no capture (looked in {}): re-capture \
                     (`just capture N`) and quote the new run, or list it in elsewhere.txt as \
                     `{figure} | where and how it was measured`",
                    looked_in.join(", ")
                ));
            }
        }
    }
    problems
}

/// Lines of a capture wider than the book's column (anchor lines excepted:
/// mdBook drops them).
fn too_wide(capture: &Source) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, line) in capture.text.lines().enumerate() {
        let width = line.chars().count();
        if width > WIDTH && !line.starts_with("ANCHOR") {
            problems.push(format!(
                "{}:{}: {width} characters, over the book's {WIDTH}: the browser cuts it off \
                 (capture with `--width {WIDTH}`, or shorten what the demo prints)",
                capture.path,
                index + 1
            ));
        }
    }
    problems
}

/// The figures of an elsewhere.txt (`<figure> | <where>` lines; `#` comments
/// and blank lines allowed). Malformed lines are reported as problems.
fn elsewhere_figures(list: &Source, problems: &mut Vec<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (index, line) in list.text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let at = format!("{}:{}", list.path, index + 1);
        let Some((figure, place)) = line.split_once('|') else {
            problems.push(format!(
                "{at}: expected `<figure> | <where and how it was measured>`, got `{line}`"
            ));
            continue;
        };
        let these = figures(figure);
        if these.is_empty() {
            problems.push(format!("{at}: `{}` has no number with a unit", figure.trim()));
        }
        if place.trim().is_empty() {
            problems.push(format!(
                "{at}: say where and how `{}` was measured, after the `|`",
                figure.trim()
            ));
        }
        found.extend(these);
    }
    found
}

/// Files in `dir` whose names start with `prefix` and end with `.txt`, sorted.
fn txt_files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.starts_with(prefix) && name.ends_with(".txt")
    });
    files.sort();
    files
}

fn read(root: &Path, path: &Path) -> Source {
    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {shown}: {e}"));
    Source { path: shown, text }
}

#[test]
fn every_quoted_figure_is_in_a_capture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("docs/src");
    let mut chapters: Vec<PathBuf> = chapters(&src);
    chapters.sort();
    assert!(
        !chapters.is_empty(),
        "no chapters docs/src/NN-*/ found under {}",
        src.display()
    );
    let mut problems = Vec::new();
    let mut not_captured = Vec::new();
    for chapter in chapters {
        let name = chapter
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let number = &name[..2];
        let Some(runs) = runs_dir(&src.join("runs"), number) else {
            not_captured.push(name);
            continue;
        };
        let mut sources = Sources::default();
        for file in txt_files(&runs, "") {
            let source = read(root, &file);
            if file.file_name().is_some_and(|n| n == "elsewhere.txt") {
                sources.elsewhere = Some(source);
            } else {
                sources.captures.push(source);
            }
        }
        for caption in txt_files(&src.join("figures"), &format!("{number}-")) {
            sources.captions.push(read(root, &caption));
        }
        // A folder with no capture yet (only data, or only elsewhere.txt):
        // the chapter is not captured yet.
        if sources.captures.is_empty() {
            not_captured.push(name);
            continue;
        }
        for page in pages(&chapter) {
            let markdown = read(root, &page);
            problems.extend(check_chapter(&markdown.path, &markdown.text, &sources));
        }
    }
    if !not_captured.is_empty() {
        eprintln!(
            "not yet captured (no docs/src/runs/NN-slug/*.txt; not a failure until every chapter is): {}",
            not_captured.join(", ")
        );
        if !CAPTURED_ONLY {
            panic!("chapters without captures: {}", not_captured.join(", "));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The pages of a chapter: the chapter's folder `NN-slug/*.md` (a chapter
/// split into pages), or the one file `NN-slug.md`.
fn pages(chapter: &Path) -> Vec<PathBuf> {
    if chapter.is_dir() {
        files_ending(chapter, ".md")
    } else {
        vec![chapter.to_path_buf()]
    }
}

/// The chapters: `docs/src/NN-*/` (a folder of pages) or `docs/src/NN-*.md`.
fn chapters(src: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(src).unwrap_or_else(|e| panic!("cannot list {}: {e}", src.display()));
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let b = name.as_bytes();
            b.len() > 3
                && b[0].is_ascii_digit()
                && b[1].is_ascii_digit()
                && b[2] == b'-'
                && (name.ends_with(".md") || p.is_dir())
        })
        .collect()
}

/// The runs folder of chapter `number`: `runs/NN-slug/`, if there is one.
fn runs_dir(runs: &Path, number: &str) -> Option<PathBuf> {
    let entries = fs::read_dir(runs).ok()?;
    entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.is_dir()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{number}-")))
    })
}

/// What a capture or caption says about the load during its run.
#[derive(Debug, Clone, PartialEq)]
enum Witness {
    /// No `witness:` line (taken before the witness existed).
    Missing,
    /// `witness: ... load not measured ...`.
    NotMeasured,
    /// Other processes used `cores` during the run; `deliberate` when a
    /// `witness: deliberate:` line marks it as loaded on purpose.
    Measured { cores: f64, deliberate: bool },
}

/// Reads the witness lines of a capture or caption: the number after
/// "load " on a line that starts with `witness:`.
fn witness(text: &str) -> Witness {
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("witness:")).collect();
    if lines.is_empty() {
        return Witness::Missing;
    }
    let deliberate = lines.iter().any(|l| l.starts_with("witness: deliberate:"));
    let cores = lines.iter().find_map(|l| {
        let after = &l[l.find("load ")? + 5..];
        let number: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        number.parse::<f64>().ok()
    });
    match cores {
        Some(cores) => Witness::Measured { cores, deliberate },
        None => Witness::NotMeasured,
    }
}

/// The problem with one capture's or caption's witness, if any: `Err` for
/// one that fails, `Ok(Some(path))` for one with no witness line (a
/// failure only when [`REQUIRE_WITNESS`]), `Ok(None)` when it is fine.
fn check_witness(source: &Source) -> Result<Option<String>, String> {
    match witness(&source.text) {
        Witness::Missing => Ok(Some(source.path.clone())),
        Witness::NotMeasured => Err(format!(
            "{}: its witness says the load was not measured: re-capture it on Linux with `just capture N`",
            source.path
        )),
        Witness::Measured { cores, deliberate } if cores > QUIET && !deliberate => Err(format!(
            "{}: other processes used {cores:.2} cores during this run, over the {QUIET} a committed \
             run may have: re-capture it on a quiet machine (`just capture N` waits for one), or mark \
             it as loaded on purpose (`--keep-loaded`, or a `(loaded)` line in captures.txt)",
            source.path
        )),
        Witness::Measured { .. } => Ok(None),
    }
}

/// Every capture `runs/NN-slug/*.txt` (not elsewhere.txt) and every
/// figure caption `figures/*.txt` not measured elsewhere.
fn witnessed_files(root: &Path) -> Vec<Source> {
    let src = root.join("docs/src");
    let mut files = Vec::new();
    let mut runs: Vec<PathBuf> = fs::read_dir(src.join("runs"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    runs.retain(|p| {
        p.is_dir()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.as_bytes()[0].is_ascii_digit())
    });
    runs.sort();
    for dir in runs {
        for file in txt_files(&dir, "") {
            if file.file_name().is_some_and(|n| n != "elsewhere.txt") {
                files.push(read(root, &file));
            }
        }
    }
    for caption in txt_files(&src.join("figures"), "") {
        let source = read(root, &caption);
        if !source.text.contains("measured elsewhere") {
            files.push(source);
        }
    }
    files
}

#[test]
fn every_capture_and_caption_is_from_a_quiet_machine() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = witnessed_files(root);
    assert!(!files.is_empty(), "no captures under docs/src/runs/");
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    for source in &files {
        match check_witness(source) {
            Ok(None) => {}
            Ok(Some(path)) => missing.push(path),
            Err(problem) => problems.push(problem),
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "{} of {} captures and captions have no witness line (taken before `just capture` \
             recorded the load; re-capture them on a quiet machine):\n  {}",
            missing.len(),
            files.len(),
            missing.join("\n  ")
        );
        if REQUIRE_WITNESS {
            problems.push(format!(
                "{} captures or captions without a witness line (listed above)",
                missing.len()
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

/// While false, an SVG in `docs/src/figures/` that no chapter uses is only
/// reported; the lead flips it once the lessons' new panel figures replace
/// the single ones.
const REQUIRE_USED: bool = true;

/// A `<text>` of a drawn figure: where it is, how it is anchored, its font
/// size and what it says (entities decoded).
#[derive(Debug, Clone, PartialEq)]
struct SvgText {
    x: f64,
    y: f64,
    anchor: String,
    size: f64,
    bold: bool,
    text: String,
}

/// The value of attribute `name` in a tag's text (`x="12.5"`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[at..];
    Some(&rest[..rest.find('"')?])
}

/// The `width`×`height` of an SVG's viewBox, and its `<text>` elements.
fn svg_texts(svg: &str) -> Option<((f64, f64), Vec<SvgText>)> {
    let view = attribute(svg, "viewBox")?;
    let numbers: Vec<f64> = view.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let [_, _, width, height] = numbers[..] else {
        return None;
    };
    let mut texts = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let tag_end = rest[start..].find('>').map(|e| start + e)?;
        let tag = &rest[start..tag_end];
        let close = rest[tag_end..].find("</text>").map(|e| tag_end + e)?;
        let content = rest[tag_end + 1..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        texts.push(SvgText {
            x: attribute(tag, "x").and_then(|v| v.parse().ok()).unwrap_or(0.0),
            y: attribute(tag, "y").and_then(|v| v.parse().ok()).unwrap_or(0.0),
            anchor: attribute(tag, "text-anchor").unwrap_or("start").to_string(),
            size: attribute(tag, "font-size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(12.0),
            bold: attribute(tag, "font-weight").is_some_and(|w| w == "bold"),
            text: content,
        });
        rest = &rest[close..];
    }
    Some(((width, height), texts))
}

/// Texts of a drawn figure that run out of its viewBox (so the browser cuts
/// them), by the width the figures are laid out with: 7 px a character of
/// the 12 px font, in proportion for other sizes, a little more for bold.
fn clipped(name: &str, svg: &str) -> Vec<String> {
    let Some(((width, height), texts)) = svg_texts(svg) else {
        return vec![format!("{name}: no viewBox `0 0 W H` to check its text against")];
    };
    let mut problems = Vec::new();
    for t in texts {
        let char_px = t.size * if t.bold { 0.6 } else { 7.0 / 12.0 };
        let w = t.text.chars().count() as f64 * char_px;
        let (left, right) = match t.anchor.as_str() {
            "middle" => (t.x - w / 2.0, t.x + w / 2.0),
            "end" => (t.x - w, t.x),
            _ => (t.x, t.x + w),
        };
        // 2 px of slack: the widths are estimates.
        if left < -2.0 || right > width + 2.0 || t.y > height + 2.0 || t.y - t.size < -2.0 {
            problems.push(format!(
                "{name}: \"{}\" runs out of the figure ({left:.0}–{right:.0} px across, y {:.0}, in \
                 {width:.0}×{height:.0}): the browser cuts it off; shorten or wrap it \
                 (workbook::figure::wrap_px) and redraw (`just figures`)",
                t.text, t.y
            ));
        }
    }
    problems
}

#[test]
fn no_figure_text_is_cut_off() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("docs/src/figures");
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in files_ending(&dir, ".svg") {
        let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
        let svg = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        // Drawn by workbook::figure (the hand-drawn diagrams style their text in CSS).
        if svg.contains("class=\"wb-figure\"") {
            checked += 1;
            problems.extend(clipped(&name, &svg));
        }
    }
    assert!(checked > 0, "no drawn figures under {}", dir.display());
    assert!(
        problems.is_empty(),
        "{} text(s) cut off:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_figure_is_used_by_the_book() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("docs/src");
    let mut pages = files_ending(&src, ".md");
    for chapter in chapters(&src) {
        if chapter.is_dir() {
            pages.extend(files_ending(&chapter, ".md"));
        }
    }
    let book: String = pages
        .iter()
        .map(|p| fs::read_to_string(p).unwrap_or_default())
        .collect();
    let unused: Vec<String> = files_ending(&src.join("figures"), ".svg")
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .filter(|name| !book.contains(&format!("figures/{name}")))
        .collect();
    if !unused.is_empty() {
        eprintln!(
            "{} figure(s) in docs/src/figures/ that no chapter shows (show them, fold them into \
             a panel figure, or stop drawing them):\n  {}",
            unused.len(),
            unused.join("\n  ")
        );
        if REQUIRE_USED {
            panic!("unused figures (listed above)");
        }
    }
}

/// Files in `dir` whose names end with `suffix`, sorted.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(suffix))
    });
    files.sort();
    files
}

#[cfg(test)]
mod check {
    use super::*;

    fn capture(text: &str) -> Sources {
        let run = Source {
            path: "runs/04-pools/demo.txt".into(),
            text: text.into(),
        };
        Sources {
            captures: vec![run],
            ..Sources::default()
        }
    }

    const RUN: &str = "ANCHOR: p1\n1. Two pools\n   alone    1.06 s   ideal 1.00 s (+6.0%)\n   \
                       together 2.05 s   2.05× alone\nANCHOR_END: p1\n";

    const CHAPTER: &str = "# 04 Pools\n\nThe task alone took 1.06s; two at once took 2.05 s,\n\
                           2.05x the one alone (6.0% over its ideal).\n\n```text\n{{#include runs/04-pools/demo.txt:p1}}\n```\n";

    #[test]
    fn figures_are_read_with_their_units() {
        assert_eq!(
            figures(
                "took 1.06s, then 1,234 ms, 8.1x, 45 µs and 3 μs; 12% of 2 GB/s; 5 seconds, x86, 3 states"
            ),
            ["1.06 s", "1234 ms", "8.1 ×", "45 µs", "3 µs", "12 %", "2 GB/s"]
        );
    }

    #[test]
    fn a_good_sample_passes() {
        let problems = check_chapter("04-pools.md", CHAPTER, &capture(RUN));
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_changed_figure_fails_and_says_where() {
        let changed = CHAPTER.replace("2.05 s", "2.50 s");
        let problems = check_chapter("04-pools.md", &changed, &capture(RUN));
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with("04-pools.md:3: \"2.50 s\" is in no capture"),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("runs/04-pools/demo.txt"), "{}", problems[0]);
    }

    #[test]
    fn code_blocks_includes_and_comments_are_not_prose() {
        let chapter = "a\n```rust\nsleep(5 s)\n```\n{{#include x.txt}} 7 ms\n<!-- 9 ms\nstill 10 ms --> 1.06 s\n~~~\n3 s\n~~~\n";
        let problems = check_chapter("c.md", chapter, &capture(RUN));
        assert!(problems.is_empty(), "{problems:#?}");
        let figures: Vec<_> = prose(chapter)
            .into_iter()
            .flat_map(|(_, t)| figures(&t))
            .collect();
        assert_eq!(figures, ["1.06 s"]);
    }

    #[test]
    fn a_figure_measured_elsewhere_passes_when_listed() {
        let chapter = "CPython took about 1.3 s.\n";
        assert_eq!(check_chapter("c.md", chapter, &capture(RUN)).len(), 1);
        let list = Source {
            path: "elsewhere.txt".into(),
            text: "# measured by hand\n1.3 s | python3 sum.py, 2 cores\n".into(),
        };
        let sources = Sources {
            elsewhere: Some(list),
            ..capture(RUN)
        };
        let problems = check_chapter("c.md", chapter, &sources);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_malformed_elsewhere_line_fails() {
        let list = Source {
            path: "elsewhere.txt".into(),
            text: "1.3 s python3 sum.py\nabout | here\n2 s |\n".into(),
        };
        let sources = Sources {
            elsewhere: Some(list),
            ..Sources::default()
        };
        let problems = check_chapter("c.md", "", &sources);
        assert_eq!(problems.len(), 3, "{problems:#?}");
    }

    fn sample(text: &str) -> Source {
        Source {
            path: "runs/01-timing/demo.txt".into(),
            text: text.into(),
        }
    }

    const QUIET_RUN: &str = "ANCHOR: all\n1. Two clocks\nANCHOR_END: all\nANCHOR: witness\n\
        witness: other processes' load 0.03 of 2 cores during the run (7.1 s, quiet ≤ 0.25)\n\
        ANCHOR_END: witness\n";

    #[test]
    fn a_quiet_capture_passes() {
        assert_eq!(
            witness(QUIET_RUN),
            Witness::Measured {
                cores: 0.03,
                deliberate: false
            }
        );
        assert_eq!(check_witness(&sample(QUIET_RUN)), Ok(None));
        // A run under 1 s is judged over the second from its start
        // (docs/tools/load.sh, load_widen), and its line says "around".
        let short = QUIET_RUN.replace("during the run (7.1 s", "around the run (1.0 s");
        assert_eq!(check_witness(&sample(&short)), Ok(None));
    }

    #[test]
    fn a_loaded_capture_fails_and_says_what_to_do() {
        let loaded = QUIET_RUN.replace("load 0.03", "load 1.62");
        let problem = check_witness(&sample(&loaded)).expect_err("1.62 cores is over 0.25");
        assert!(
            problem.starts_with("runs/01-timing/demo.txt: other processes used 1.62 cores"),
            "{problem}"
        );
        assert!(problem.contains("--keep-loaded"), "{problem}");
        // A caption's witness line is read the same way.
        let caption = "Timeline of 5 tasks.\nmachine: 2 cores\nwitness: other processes' load 0.90 of 2 \
                       cores during the run (1.2 s, quiet ≤ 0.25)\n";
        assert!(check_witness(&sample(caption)).is_err());
    }

    #[test]
    fn a_loaded_capture_marked_deliberate_passes() {
        let loaded = QUIET_RUN.replace("load 0.03", "load 1.62").replace(
            "ANCHOR_END: witness",
            "witness: deliberate: loaded on purpose, two busy loops per core beside the run\nANCHOR_END: witness",
        );
        assert_eq!(check_witness(&sample(&loaded)), Ok(None));
    }

    #[test]
    fn a_capture_without_a_witness_is_reported_and_an_unmeasured_one_fails() {
        let old = "ANCHOR: all\nnote: load 340.1 on 2 cores\nANCHOR_END: all\n";
        assert_eq!(
            witness(old),
            Witness::Missing,
            "the old load-average note is no witness"
        );
        assert_eq!(
            check_witness(&sample(old)),
            Ok(Some("runs/01-timing/demo.txt".to_string()))
        );
        let unknown = "witness: other processes' load not measured (no /proc)\n";
        assert!(check_witness(&sample(unknown)).is_err());
    }

    #[test]
    fn text_past_the_edge_of_a_figure_is_caught() {
        let svg = |text: &str, x: f64, anchor: &str| {
            format!(
                r#"<svg class="wb-figure" viewBox="0 0 200 50"><title>t</title><text x="{x}" y="20" text-anchor="{anchor}">{text}</text></svg>"#
            )
        };
        // 20 characters of 7 px = 140 px: fits from x = 50, not from x = 100.
        let fits = "a".repeat(20);
        assert!(clipped("f.svg", &svg(&fits, 50.0, "start")).is_empty());
        let problems = clipped("f.svg", &svg(&fits, 100.0, "start"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("f.svg: \"aaaa"), "{}", problems[0]);
        assert_eq!(
            clipped("f.svg", &svg(&fits, 30.0, "end")).len(),
            1,
            "runs out on the left"
        );
        assert!(
            clipped("f.svg", &svg("&amp;&lt;", 196.0, "end")).is_empty(),
            "entities are one character"
        );
        // The subtitle issue 22 saw cut: "…the chapter's quot".
        let long = "16 cores (a cloud server), sml, medians of 5 runs; the chapter's quoted run";
        assert_eq!(clipped("08.svg", &svg(long, 62.0, "start")).len(), 1);
    }

    #[test]
    fn a_capture_line_over_the_column_fails() {
        let wide = format!("   {}µ\n", "=".repeat(WIDTH - 4));
        assert!(check_chapter("c.md", "", &capture(&wide)).is_empty());
        let wider = format!("   {}µ\n", "=".repeat(WIDTH - 3));
        let problems = check_chapter("c.md", "", &capture(&wider));
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].contains("demo.txt:1: 89 characters"),
            "{}",
            problems[0]
        );
    }
}
