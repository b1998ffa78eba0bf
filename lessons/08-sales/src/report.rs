//! The report: every file's summary and their total, as JSON (`--json`) or
//! as tables for people.
//!
//! The JSON puts money, min, max and percentiles in strings holding exact
//! decimals (`"2265514.676"`): a JSON number is read as a float by most
//! tools, and the point of exact money is lost the moment it becomes one.
//! The mean and standard deviation are numbers: they are not amounts that
//! were summed, and no exact decimal could hold them anyway.

use crate::error::Error;
use crate::money::Decimal;
use crate::summary::{Column, Figures, Summary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use workbook::report::grouped;

/// The figures of each file, sorted by name, and of all files together.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One summary per file, by file name.
    pub files: Vec<FileSummary>,
    /// All files merged.
    pub total: Summary,
}

/// One file's name and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file name, `2015.csv`.
    pub file: String,
    /// Its figures.
    pub summary: Summary,
}

impl Report {
    /// The report of these files: sorted by name, and merged into the total.
    pub fn new(mut files: Vec<FileSummary>) -> Report {
        files.sort_by(|a, b| a.file.cmp(&b.file));
        let mut total = Summary::default();
        for file in &files {
            total.merge(file.summary.clone());
        }
        Report { files, total }
    }

    // ANCHOR: collect
    /// The report from each worker's results, given in file order: the
    /// first error, if any worker had one, or the report of all files.
    /// Every engine ends here, so all of them stop on the same first error.
    pub fn collect(
        parts: impl IntoIterator<Item = Result<Vec<FileSummary>, Error>>,
    ) -> Result<Report, Error> {
        let mut files = Vec::new();
        for part in parts {
            files.extend(part?);
        }
        Ok(Report::new(files))
    }
    // ANCHOR_END: collect

    /// Rows accepted in all files.
    pub fn rows(&self) -> u64 {
        self.total.rows
    }

    /// The report as one JSON document (pretty-printed, keys in the order
    /// of the chapter's example).
    pub fn to_json(&self) -> String {
        let document = Document {
            files: self
                .files
                .iter()
                .map(|f| FileJson {
                    file: &f.file,
                    figures: figures_json(&f.summary),
                })
                .collect(),
            total: figures_json(&self.total),
        };
        serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as tables: files, the two price columns, the countries.
    pub fn to_tables(&self) -> String {
        let mut out = String::new();
        let named = self
            .files
            .iter()
            .map(|f| (f.file.as_str(), &f.summary))
            .chain([("total", &self.total)]);
        let named: Vec<(&str, &Summary)> = named.collect();
        let _ = writeln!(
            out,
            "{:<10} {:>11} {:>9} {:>18}",
            "file", "rows", "rejected", "total revenue"
        );
        for (name, summary) in &named {
            let _ = writeln!(
                out,
                "{name:<10} {:>11} {:>9} {:>18}",
                grouped(summary.rows),
                grouped(summary.rejected),
                format!("{:#}", Decimal(summary.total_revenue()))
            );
        }
        price_table(&mut out, "UnitPrice", &named, |summary| &summary.unit_price);
        price_table(&mut out, "TotalPrice", &named, |summary| &summary.total_price);
        let _ = writeln!(out, "\n{:<16} {:>18} {:>7}", "country (all)", "revenue", "share");
        let total = self.total.total_revenue();
        for (country, revenue) in self.total.revenue_per_country.sorted() {
            let share = if total == 0 {
                0.0
            } else {
                revenue as f64 / total as f64 * 100.0
            };
            let _ = writeln!(
                out,
                "{country:<16} {:>18} {share:>6.1}%",
                format!("{:#}", Decimal(revenue))
            );
        }
        out
    }
}

/// One price column's figures, a line per file and one for the total.
fn price_table(out: &mut String, title: &str, named: &[(&str, &Summary)], column: fn(&Summary) -> &Column) {
    let _ = writeln!(
        out,
        "\n{title:<10} {:>9} {:>7} {:>7} {:>7} {:>10} {:>8} {:>9}",
        "min", "p25", "p50", "p75", "max", "mean", "std"
    );
    for (name, summary) in named {
        let _ = writeln!(out, "{name:<10} {}", figures_row(column(summary).figures()));
    }
}

fn figures_row(figures: Option<Figures>) -> String {
    match figures {
        None => format!("{:>9} (no rows)", "—"),
        Some(f) => format!(
            "{:>9} {:>7} {:>7} {:>7} {:>10} {:>8.3} {:>9.3}",
            Decimal(f.min.into()),
            Decimal(f.p25.into()),
            Decimal(f.p50.into()),
            Decimal(f.p75.into()),
            format!("{:#}", Decimal(f.max.into())),
            f.mean,
            f.std
        ),
    }
}

/// The JSON document: field order here is key order there.
// ANCHOR: json
#[derive(Serialize)]
struct Document<'a> {
    files: Vec<FileJson<'a>>,
    total: FiguresJson,
}

#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    #[serde(flatten)]
    figures: FiguresJson,
}

#[derive(Serialize)]
struct FiguresJson {
    rows: u64,
    rejected: u64,
    total_revenue: String,
    revenue_per_country: BTreeMap<String, String>,
    stats: StatsJson,
}

#[derive(Serialize)]
struct StatsJson {
    #[serde(rename = "UnitPrice")]
    unit_price: Option<ColumnJson>,
    #[serde(rename = "TotalPrice")]
    total_price: Option<ColumnJson>,
}

#[derive(Serialize)]
struct ColumnJson {
    min: String,
    max: String,
    mean: f64,
    std: f64,
    p25: String,
    p50: String,
    p75: String,
}
// ANCHOR_END: json

fn figures_json(summary: &Summary) -> FiguresJson {
    let exact = |milli: i128| Decimal(milli).to_string();
    let column = |column: &Column| {
        column.figures().map(|f| ColumnJson {
            min: exact(f.min.into()),
            max: exact(f.max.into()),
            mean: f.mean,
            std: f.std,
            p25: exact(f.p25.into()),
            p50: exact(f.p50.into()),
            p75: exact(f.p75.into()),
        })
    };
    FiguresJson {
        rows: summary.rows,
        rejected: summary.rejected,
        total_revenue: exact(summary.total_revenue()),
        revenue_per_country: summary
            .revenue_per_country
            .sorted()
            .into_iter()
            .map(|(country, revenue)| (country.to_string(), exact(revenue)))
            .collect(),
        stats: StatsJson {
            unit_price: column(&summary.unit_price),
            total_price: column(&summary.total_price),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, rows: &[(&str, i64, i64)]) -> FileSummary {
        let mut summary = Summary::default();
        for &(country, unit, total) in rows {
            summary.add(country.as_bytes(), unit, total).expect("text");
        }
        FileSummary {
            file: name.to_string(),
            summary,
        }
    }

    #[test]
    fn files_are_sorted_and_merged_into_the_total() {
        let report = Report::new(vec![
            file("2016.csv", &[("Japan", 1250, 2500)]),
            file("2015.csv", &[("France", 4960, 4960), ("Japan", 1, 3)]),
        ]);
        let names: Vec<&str> = report.files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(names, ["2015.csv", "2016.csv"]);
        assert_eq!(report.rows(), 3);
        assert_eq!(report.total.revenue_per_country.sorted()["Japan"], 2503);
    }

    #[test]
    fn json_has_exact_strings_and_the_documented_keys() {
        let report = Report::new(vec![file("2015.csv", &[("France", 4960, 4960), ("Japan", 1, 3)])]);
        let json = report.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let first = &value["files"][0];
        assert_eq!(first["file"], "2015.csv");
        assert_eq!(first["rows"], 2);
        assert_eq!(first["total_revenue"], "4.963");
        assert_eq!(first["revenue_per_country"]["Japan"], "0.003");
        assert_eq!(first["stats"]["UnitPrice"]["min"], "0.001");
        assert_eq!(first["stats"]["UnitPrice"]["p50"], "0.001");
        assert_eq!(first["stats"]["UnitPrice"]["max"], "4.96");
        assert_eq!(first["stats"]["UnitPrice"]["mean"], 2.4805);
        assert_eq!(value["total"]["rows"], 2);
        let keys = [
            "\"file\"",
            "\"rows\"",
            "\"rejected\"",
            "\"total_revenue\"",
            "\"revenue_per_country\"",
            "\"stats\"",
        ];
        let positions: Vec<usize> = keys.iter().map(|k| json.find(k).expect("key present")).collect();
        assert!(positions.is_sorted(), "keys in the documented order: {json}");
    }

    #[test]
    fn a_file_without_rows_has_null_stats() {
        let report = Report::new(vec![file("empty.csv", &[])]);
        let value: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
        assert_eq!(value["files"][0]["stats"]["UnitPrice"], serde_json::Value::Null);
        assert_eq!(value["files"][0]["total_revenue"], "0");
        assert!(report.to_tables().contains("(no rows)"));
    }

    #[test]
    fn the_first_error_in_file_order_wins() {
        let bad = |name: &str| Err(Error::EmptyFile(name.into()));
        let parts = vec![Ok(vec![file("a.csv", &[])]), bad("b.csv"), bad("c.csv")];
        assert_eq!(Report::collect(parts), Err(Error::EmptyFile("b.csv".into())));
    }
}
