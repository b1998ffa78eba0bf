//! The link table (docs/links.toml) cannot silently fall behind the book:
//! every URL in it is a documentation page of a known kind, and every
//! inline-code name in the book that looks like a std, tokio, rayon,
//! crossbeam, timely or Python API is either linked or listed as
//! deliberately unlinked (with a reason).
use book_links::{Table, api_names_missing, link_page, markdown_files, url_is_known};
use std::path::PathBuf;

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn table() -> Table {
    Table::load(&docs().join("links.toml")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_url_is_a_known_documentation_page() {
    let table = table();
    let bad: Vec<String> = table
        .urls()
        .filter(|(_, url)| !url_is_known(url))
        .map(|(name, url)| format!("  {name} = {url}"))
        .collect();
    assert!(
        bad.is_empty(),
        "docs/links.toml: these URLs are not doc.rust-lang.org/std/…, docs.rs/CRATE/latest/CRATE/… or docs.python.org/3/library/…:\n{}",
        bad.join("\n")
    );
    assert!(
        table.links.len() > 50,
        "docs/links.toml links only {} names: was it emptied?",
        table.links.len()
    );
}

#[test]
fn every_api_name_of_the_book_is_linked_or_deliberately_unlinked() {
    let missing = api_names_missing(&docs().join("src"), &table()).unwrap_or_else(|e| panic!("{e}"));
    let list: Vec<String> = missing
        .iter()
        .map(|(name, at)| format!("  {name}  (first at {at})"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} inline-code name(s) of the book look like an API but docs/links.toml neither links them ([links]) nor lists them under [unlinked] with a reason \
         (`cargo run -p book-links -- audit docs/src` lists them):\n{}",
        missing.len(),
        list.join("\n")
    );
}

#[test]
fn no_unlinked_name_is_also_linked() {
    let table = table();
    let both: Vec<&String> = table
        .unlinked
        .keys()
        .filter(|name| table.links.contains_key(*name))
        .collect();
    assert!(
        both.is_empty(),
        "docs/links.toml lists these both under [links] and [unlinked]: {both:?}"
    );
}

/// The preprocessor on the real book: each page gets links, and no page
/// links a name twice (only its first mention).
#[test]
fn the_book_gets_links_once_per_page() {
    let table = table();
    let src = docs().join("src");
    let mut linked_pages = 0;
    for file in markdown_files(&src).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        let path = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let out = link_page(&text, &path, &table);
        let mut seen = std::collections::HashSet::new();
        for (_, url) in table.urls() {
            let count =
                out.matches(&format!("]({url})")).count() - text.matches(&format!("]({url})")).count();
            assert!(
                count <= 1,
                "{path}: {url} linked {count} times (only the first mention should be)"
            );
            if count == 1 {
                seen.insert(url);
            }
        }
        if !seen.is_empty() {
            linked_pages += 1;
        }
    }
    assert!(linked_pages >= 5, "only {linked_pages} pages got any link");
}
