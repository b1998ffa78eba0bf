//! Links the first mention on a page of a std, tokio, rayon, crossbeam, timely
//! or Python API (an inline-code name such as `thread::scope` or
//! `asyncio.gather`) to its documentation, from a checked table
//! (docs/links.toml), without editing the book's markdown: mdBook runs this
//! as a preprocessor on every build.
//!
//! The table has three kinds of section (a small subset of TOML: one
//! `"name" = "text"` a line, `#` comments):
//! - `[links]`: name -> documentation URL, on every page;
//! - `[scoped."PREFIX"]`: name -> URL, only on pages whose path starts with
//!   PREFIX (a bare `spawn` is `tokio::spawn` in lesson 06, `thread::spawn`
//!   in lesson 02);
//! - `[unlinked]`: name -> why it is deliberately not linked (the lessons'
//!   own types, names that mean different things on different pages).
//!
//! A name is matched after [`normalize`]: `std::io::pipe()` and
//! `std::io::pipe` are one name; `Arc<Mutex<T>>` is `Arc`.
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The table of docs/links.toml.
#[derive(Debug, Default)]
pub struct Table {
    /// Linked on every page.
    pub links: BTreeMap<String, String>,
    /// (page path prefix, name) -> URL.
    pub scoped: BTreeMap<(String, String), String>,
    /// Deliberately unlinked, with the reason.
    pub unlinked: BTreeMap<String, String>,
}

enum Section {
    None,
    Links,
    Scoped(String),
    Unlinked,
}

impl Table {
    /// Reads and parses the table at `path`.
    pub fn load(path: &Path) -> Result<Table, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading the link table {}: {e}", path.display()))?;
        Table::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// Parses the table's text; an error names the line and what is wrong.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut table = Table::default();
        let mut section = Section::None;
        for (index, raw) in text.lines().enumerate() {
            let at = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match header.trim() {
                    "links" => Section::Links,
                    "unlinked" => Section::Unlinked,
                    other => match other.strip_prefix("scoped.") {
                        Some(quoted) => Section::Scoped(unquote(quoted).ok_or(format!(
                            "{at}: [scoped.\"PREFIX\"] wants a quoted prefix, got [{other}]"
                        ))?),
                        None => {
                            return Err(format!(
                                "{at}: unknown section [{other}] (known: [links], [scoped.\"PREFIX\"], [unlinked])"
                            ));
                        }
                    },
                };
                continue;
            }
            let (key, value) =
                split_entry(line).ok_or(format!("{at}: expected \"name\" = \"text\", got: {line}"))?;
            let name = normalize(&key);
            let duplicate = match &section {
                Section::None => return Err(format!("{at}: an entry before any section: {line}")),
                Section::Links => table.links.insert(name.clone(), value).is_some(),
                Section::Scoped(prefix) => table
                    .scoped
                    .insert((prefix.clone(), name.clone()), value)
                    .is_some(),
                Section::Unlinked => table.unlinked.insert(name.clone(), value).is_some(),
            };
            if duplicate {
                return Err(format!("{at}: '{name}' is listed twice in its section"));
            }
        }
        Ok(table)
    }

    /// The URL of `name` (already normalized) on the page at `path`: a scoped
    /// entry whose prefix the path starts with wins over the global one.
    pub fn url(&self, name: &str, path: &str) -> Option<&str> {
        let scoped = self
            .scoped
            .iter()
            .filter(|((prefix, key), _)| key == name && path.starts_with(prefix.as_str()))
            .max_by_key(|((prefix, _), _)| prefix.len())
            .map(|(_, url)| url.as_str());
        scoped.or_else(|| self.links.get(name).map(String::as_str))
    }

    /// Whether the table says anything about `name`: linked (anywhere) or unlinked.
    pub fn knows(&self, name: &str) -> bool {
        self.links.contains_key(name)
            || self.unlinked.contains_key(name)
            || self.scoped.keys().any(|(_, key)| key == name)
    }

    /// Every URL of the table, with its name.
    pub fn urls(&self) -> impl Iterator<Item = (&str, &str)> {
        let scoped = self
            .scoped
            .iter()
            .map(|((_, name), url)| (name.as_str(), url.as_str()));
        self.links
            .iter()
            .map(|(name, url)| (name.as_str(), url.as_str()))
            .chain(scoped)
    }
}

fn unquote(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('"')).then(|| inner.replace("\\\\", "\\"))
}

/// `"key" = "value"` (or a bare key); `None` if the line is not one.
fn split_entry(line: &str) -> Option<(String, String)> {
    let (key, value) = if let Some(rest) = line.strip_prefix('"') {
        let end = rest.find('"')?;
        let (key, after) = (&rest[..end], rest[end + 1..].trim_start());
        (key.to_string(), after.strip_prefix('=')?)
    } else {
        let (key, value) = line.split_once('=')?;
        (key.trim().to_string(), value)
    };
    let value = value.trim();
    // A trailing comment after the value.
    let value = match value.rfind("\" #") {
        Some(end) => &value[..=end],
        None => value,
    };
    Some((key, unquote(value)?))
}

/// The name an inline-code span stands for: `.await` -> `await`,
/// `std::io::pipe()` -> `std::io::pipe`, `Arc<Mutex<T>>` -> `Arc`,
/// `Pool.map(f, xs)` -> `Pool.map`, `collect::<Vec<_>>` -> `collect`.
pub fn normalize(code: &str) -> String {
    let mut name = code
        .trim()
        .trim_start_matches('.')
        .trim_end_matches('?')
        .to_string();
    loop {
        let before = name.len();
        // A trailing call's arguments or a type's generics.
        for (open, close) in [('(', ')'), ('<', '>')] {
            if name.ends_with(close)
                && let Some(start) = matching_open(&name, open, close)
                && start > 0
                && name[..start]
                    .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '!' || c == '>')
            {
                name.truncate(start);
            }
        }
        let trimmed = name.trim_end_matches("::").len();
        name.truncate(trimmed);
        if name.len() == before {
            return name;
        }
    }
}

/// The index of the `open` that matches the final `close` of `text`.
fn matching_open(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0;
    for (index, c) in text.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth -= 1;
            if depth == 0 {
                return Some(index);
            }
        }
    }
    None
}

/// Modules and types whose paths are APIs of std, tokio, rayon, crossbeam or
/// timely when a name starts with them (`thread::scope`, `mpsc::channel`).
const RUST_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "tokio",
    "rayon",
    "crossbeam",
    "crossbeam_channel",
    "timely",
    "thread",
    "sync",
    "mpsc",
    "atomic",
    "process",
    "io",
    "time",
    "fs",
    "net",
    "task",
    "mem",
    "hint",
    "iter",
    "env",
    "ptr",
    "cell",
    "rc",
    "collections",
    "os",
];
/// Python modules whose dotted names are APIs (`asyncio.gather`, `os.cpu_count`).
const PYTHON_ROOTS: &[&str] = &[
    "asyncio",
    "multiprocessing",
    "threading",
    "concurrent",
    "subprocess",
    "queue",
    "os",
    "time",
    "functools",
    "signal",
    "socket",
    "sys",
    "pickle",
    "selectors",
    "contextvars",
    "gc",
    "random",
    "math",
    "statistics",
    "itertools",
    "heapq",
    "collections",
    "json",
    "csv",
    "pathlib",
    "shutil",
    "tempfile",
    "timeit",
    "ctypes",
    "mmap",
    "sched",
    "io",
    "dis",
    "sysconfig",
    "platform",
    "resource",
    "atexit",
    "weakref",
    "contextlib",
    "decimal",
    "array",
    "struct",
    "zlib",
    "hashlib",
    "urllib",
    "http",
    "builtins",
];

/// Whether an inline-code name (normalized) looks like an API of the
/// libraries the book links to, so the table must say something about it:
/// a path from a known root (`thread::scope`, `asyncio.gather`), a
/// `Type::method` or `Type.method`, or a bare type name (`Mutex`, `JoinSet`).
/// Bare lower-case words (`join`, `chunks`) are too ambiguous to require; the
/// table may still link them.
pub fn looks_like_api(name: &str) -> bool {
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    let type_name = |s: &str| {
        ident(s)
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars().any(|c| c.is_ascii_lowercase())
            && s.len() > 1
    };
    let name = name.trim_end_matches('!');
    if name.contains("::") {
        let segments: Vec<&str> = name.split("::").collect();
        return segments.iter().all(|s| ident(s))
            && (RUST_ROOTS.contains(&segments[0]) || type_name(segments[0]));
    }
    if name.contains('.') {
        let segments: Vec<&str> = name.split('.').collect();
        return segments.iter().all(|s| ident(s))
            && (PYTHON_ROOTS.contains(&segments[0]) || type_name(segments[0]));
    }
    type_name(name)
}

/// One inline-code span of a page: its text, the byte range of the whole
/// span (backticks included) in the line, and whether it sits inside a
/// link's text.
struct Span {
    code: String,
    start: usize,
    end: usize,
    in_link: bool,
}

/// The inline-code spans of one line of markdown (not a fenced line).
fn spans(line: &str) -> Vec<Span> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = (depth - 1).max(0);
                i += 1;
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let body = i + run;
                // The closing run: exactly as many backticks.
                let mut j = body;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let n = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                        if n == run {
                            close = Some(j);
                            break;
                        }
                        j += n;
                    } else {
                        j += 1;
                    }
                }
                let Some(close) = close else { break };
                let raw = &line[body..close];
                let code = if run > 1 {
                    raw.strip_prefix(' ')
                        .and_then(|r| r.strip_suffix(' '))
                        .unwrap_or(raw)
                } else {
                    raw
                };
                out.push(Span {
                    code: code.to_string(),
                    start: i,
                    end: close + run,
                    in_link: depth > 0,
                });
                i = close + run;
            }
            _ => i += 1,
        }
    }
    out
}

/// Markdown lines, each with whether it is prose (outside fenced code, not a
/// heading, not raw HTML). Fences inside block quotes and lists count too.
/// A raw HTML block (a line starting with a tag) lasts until a blank line, as
/// in CommonMark: markdown is not parsed there, so a link would show as text.
fn lines(content: &str) -> Vec<(&str, bool)> {
    let mut fence: Option<(u8, usize)> = None;
    let mut html = false;
    let mut out = Vec::new();
    for line in content.split_inclusive('\n') {
        if fence.is_none() {
            let text = line.trim_start();
            if text.trim().is_empty() {
                html = false;
            } else if text.starts_with('<')
                && text[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            {
                html = true;
            }
            if html {
                out.push((line, false));
                continue;
            }
        }
        let bare = line
            .trim_start()
            .trim_start_matches(['>', ' ', '\t'])
            .trim_start_matches(['-', '*', '+'])
            .trim_start();
        let marker = bare
            .as_bytes()
            .first()
            .copied()
            .filter(|c| *c == b'`' || *c == b'~');
        let run = marker.map_or(0, |m| bare.bytes().take_while(|&b| b == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => {
                fence = Some((m, run));
                out.push((line, false));
            }
            (Some((m, n)), Some(c)) if c == m && run >= n && bare[run..].trim().is_empty() => {
                fence = None;
                out.push((line, false));
            }
            (Some(_), _) => out.push((line, false)),
            (None, _) => {
                let text = line.trim_start();
                let prose = !(text.starts_with('#') || text.starts_with('<') || text.starts_with("{{#"));
                out.push((line, prose));
            }
        }
    }
    out
}

/// The page's markdown with the first mention of each table name linked.
/// `path` is the page's path in the book (for `[scoped."PREFIX"]` entries).
/// A name already inside a link's text is left alone (and does not count
/// as its first mention); so are headings, raw HTML and fenced code.
pub fn link_page(content: &str, path: &str, table: &Table) -> String {
    let mut done: HashSet<String> = HashSet::new();
    let mut out = String::with_capacity(content.len() + 1024);
    for (line, prose) in lines(content) {
        if !prose {
            out.push_str(line);
            continue;
        }
        let mut last = 0;
        for span in spans(line) {
            if span.in_link {
                continue;
            }
            let Some(url) = table.url(&normalize(&span.code), path) else {
                continue;
            };
            if !done.insert(url.to_string()) {
                continue;
            }
            out.push_str(&line[last..span.start]);
            out.push('[');
            out.push_str(&line[span.start..span.end]);
            out.push_str("](");
            out.push_str(url);
            out.push(')');
            last = span.end;
        }
        out.push_str(&line[last..]);
    }
    out
}

/// Every inline-code name of the pages under `dir` (recursively, *.md) that
/// [`looks_like_api`] and that the table does not know, with where it is
/// first seen (`file:line`), sorted by name.
pub fn api_names_missing(dir: &Path, table: &Table) -> Result<BTreeMap<String, String>, String> {
    let mut missing = BTreeMap::new();
    for file in markdown_files(dir)? {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
        for (number, (line, prose)) in lines(&text).into_iter().enumerate() {
            // Headings count as mentions too; fenced code does not.
            if !prose && !line.trim_start().starts_with('#') {
                continue;
            }
            for span in spans(line) {
                let name = normalize(&span.code);
                if looks_like_api(&name) && !table.knows(&name) {
                    let shown = file.strip_prefix(dir).unwrap_or(&file).display().to_string();
                    missing
                        .entry(name)
                        .or_insert_with(|| format!("{shown}:{}", number + 1));
                }
            }
        }
    }
    Ok(missing)
}

/// The book's pages: every `.md` under `dir` but SUMMARY.md, sorted.
pub fn markdown_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| format!("listing {}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("listing {}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "SUMMARY.md")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Whether `url` is a documentation page of the libraries the book links to:
/// Rust's std (doc.rust-lang.org/std/…), a crate's docs on docs.rs
/// (docs.rs/CRATE/latest/CRATE_/…), or Python 3's library reference
/// (docs.python.org/3/library/….html).
pub fn url_is_known(url: &str) -> bool {
    const CRATES: &[&str] = &[
        "tokio",
        "rayon",
        "crossbeam-channel",
        "crossbeam",
        "timely",
        "pyo3",
        "futures",
        "memchr",
        "csv",
        "reqwest",
        "axum",
    ];
    let page_ok = |rest: &str| {
        let (page, anchor) = rest.split_once('#').unwrap_or((rest, ""));
        !page.is_empty()
            && (page.ends_with(".html") || page.ends_with('/'))
            && page
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
            && anchor
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    if let Some(rest) = url.strip_prefix("https://doc.rust-lang.org/std/") {
        return page_ok(rest);
    }
    if let Some(rest) = url.strip_prefix("https://docs.python.org/3/library/") {
        return !rest.contains('/') && page_ok(rest);
    }
    if let Some(rest) = url.strip_prefix("https://docs.rs/") {
        let mut parts = rest.splitn(4, '/');
        let (krate, version, module, tail) = (parts.next(), parts.next(), parts.next(), parts.next());
        return match (krate, version, module, tail) {
            (Some(k), Some("latest"), Some(m), Some(tail)) => {
                CRATES.contains(&k) && m == k.replace('-', "_") && page_ok(tail)
            }
            _ => false,
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::parse(
            "[links]\n\"thread::scope\" = \"https://doc.rust-lang.org/std/thread/fn.scope.html\"\n\
             \"std::thread::scope\" = \"https://doc.rust-lang.org/std/thread/fn.scope.html\"\n\
             [scoped.\"06-\"]\nspawn = \"https://docs.rs/tokio/latest/tokio/fn.spawn.html\"\n\
             [unlinked]\nKillOnDrop = \"the lesson's own\"\n",
        )
        .unwrap()
    }

    #[test]
    fn normalizes_calls_generics_and_methods() {
        assert_eq!(normalize("std::io::pipe()"), "std::io::pipe");
        assert_eq!(normalize("Arc<Mutex<Vec<u64>>>"), "Arc");
        assert_eq!(normalize(".await"), "await");
        assert_eq!(normalize("Pool.map(f, xs)"), "Pool.map");
        assert_eq!(normalize("collect::<Vec<_>>()"), "collect");
        assert_eq!(normalize("len(os.sched_getaffinity(0))"), "len");
    }

    #[test]
    fn links_only_the_first_mention_outside_code_headings_and_links() {
        let page = "# `thread::scope`\n\
                    ```rust\nthread::scope(|s| {});\n```\n\
                    See `thread::scope` and [`thread::scope`](x.html), then `std::thread::scope` again.\n\
                    > ```text\n> `thread::scope`\n> ```\n";
        let linked = link_page(page, "02-threads.md", &table());
        assert!(
            linked.starts_with("# `thread::scope`\n```rust\nthread::scope(|s| {});\n```\n"),
            "{linked}"
        );
        assert!(linked.contains("See [`thread::scope`](https://doc.rust-lang.org/std/thread/fn.scope.html) and [`thread::scope`](x.html), then `std::thread::scope` again."), "{linked}");
        assert!(linked.ends_with("> `thread::scope`\n> ```\n"), "{linked}");
    }

    #[test]
    fn raw_html_blocks_are_left_alone_until_a_blank_line() {
        let page =
            "<details>\n<summary>Hint</summary>\nuse `thread::scope`\n\nthen `thread::scope`\n</details>\n";
        let linked = link_page(page, "02-threads.md", &table());
        assert_eq!(
            linked,
            "<details>\n<summary>Hint</summary>\nuse `thread::scope`\n\nthen [`thread::scope`](https://doc.rust-lang.org/std/thread/fn.scope.html)\n</details>\n"
        );
    }

    #[test]
    fn scoped_names_link_only_on_their_pages() {
        let t = table();
        assert_eq!(link_page("`spawn`\n", "02-threads.md", &t), "`spawn`\n");
        assert_eq!(
            link_page("`spawn`\n", "06-async/index.md", &t),
            "[`spawn`](https://docs.rs/tokio/latest/tokio/fn.spawn.html)\n"
        );
    }

    #[test]
    fn api_looking_names() {
        for yes in [
            "thread::scope",
            "Mutex",
            "JoinSet",
            "asyncio.gather",
            "Pool.map",
            "Arc::clone",
            "tokio::spawn",
            "os.cpu_count",
            "println!",
        ] {
            assert!(looks_like_api(&normalize(yes)) || yes == "println!", "{yes}");
        }
        for no in [
            "chunks",
            "SIGKILL",
            "just lesson 4",
            "src/lib.rs",
            "n == 0",
            "workbook::sync",
            "handle.join()",
            "T",
        ] {
            assert!(!looks_like_api(&normalize(no)), "{no}");
        }
    }

    #[test]
    fn known_urls() {
        assert!(url_is_known("https://doc.rust-lang.org/std/thread/fn.scope.html"));
        assert!(url_is_known(
            "https://doc.rust-lang.org/std/sync/struct.Mutex.html#method.lock"
        ));
        assert!(url_is_known(
            "https://docs.rs/crossbeam-channel/latest/crossbeam_channel/fn.bounded.html"
        ));
        assert!(url_is_known(
            "https://docs.python.org/3/library/asyncio-task.html#asyncio.gather"
        ));
        assert!(!url_is_known("https://docs.rs/tokio/1.0/tokio/fn.spawn.html"));
        assert!(!url_is_known("https://example.com/std/thread/fn.scope.html"));
        assert!(!url_is_known("https://docs.python.org/2/library/os.html"));
    }

    #[test]
    fn table_errors_name_the_line() {
        let error = Table::parse("[links]\nnot an entry\n").unwrap_err();
        assert!(error.starts_with("2:"), "{error}");
        assert!(
            Table::parse("[links]\na = \"x\"\na = \"y\"\n")
                .unwrap_err()
                .contains("twice")
        );
    }
}
