//! The mdBook preprocessor `api-links` (configured in docs/book.toml).
//!
//! mdBook runs `book-links supports <renderer>` (exit 0: yes), then pipes
//! `[context, book]` as JSON to stdin and reads the book back on stdout. Each
//! chapter's markdown gets the first mention of every name of the table
//! (docs/links.toml) turned into a link; nothing else is touched.
//!
//! `book-links audit DIR` lists the inline-code names under DIR that look like
//! an API and are neither linked nor listed as deliberately unlinked (what the
//! test `tests/table.rs` fails on), so the table can be brought up to date.
use book_links::{Table, api_names_missing, link_page};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        // Every renderer: the links are plain markdown.
        Some("supports") => Ok(()),
        Some("audit") => audit(
            args.get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("docs/src")),
        ),
        None => preprocess(),
        Some(other) => Err(format!(
            "unknown command '{other}' (usage: book-links [supports RENDERER | audit DIR])"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("book-links: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads `[context, book]`, links every chapter, writes the book.
fn preprocess() -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("reading stdin: {e}"))?;
    let value: Value =
        serde_json::from_str(&input).map_err(|e| format!("stdin is not mdBook's JSON: {e}"))?;
    let [context, mut book] = match value {
        Value::Array(pair) if pair.len() == 2 => {
            <[Value; 2]>::try_from(pair).map_err(|_| "unreachable".to_string())?
        }
        _ => return Err("stdin is not mdBook's [context, book] pair".into()),
    };
    let root = context["root"].as_str().ok_or("the context has no 'root'")?;
    let table_name = context["config"]["preprocessor"]["api-links"]["table"]
        .as_str()
        .unwrap_or("links.toml");
    let table = Table::load(&Path::new(root).join(table_name))?;
    walk(&mut book, &table);
    serde_json::to_writer(std::io::stdout().lock(), &book).map_err(|e| format!("writing stdout: {e}"))
}

/// Every `{"Chapter": {...}}` in the book, however deep (mdBook 0.4 calls the
/// top list `sections`, 0.5 `items`: the walk does not care).
fn walk(value: &mut Value, table: &Table) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get_mut("Chapter") {
                let path = chapter
                    .get("path")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if let Some(Value::String(content)) = chapter.get_mut("content") {
                    *content = link_page(content, &path, table);
                }
            }
            for child in map.values_mut() {
                walk(child, table);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, table)),
        _ => {}
    }
}

fn audit(dir: PathBuf) -> Result<(), String> {
    let table = Table::load(&dir.join("../links.toml"))?;
    let missing = api_names_missing(&dir, &table)?;
    for (name, where_) in &missing {
        println!("{name}\t{where_}");
    }
    eprintln!("{} name(s) neither linked nor listed as unlinked", missing.len());
    Ok(())
}
