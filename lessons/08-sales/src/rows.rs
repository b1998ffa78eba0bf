//! What every engine does with a row once its fields are found: the same
//! checks and the same additions, whichever parser found the fields.
//!
//! - [`Layout`]: where the columns the report needs are, found by their
//!   names in the header, so a file with its columns in another order
//!   gives the same report;
//! - [`add_row`]: check one row's fields and add it to a summary, or say
//!   what is wrong with it;
//! - [`OnBadRow`] and [`Rows::refuse`]: stop at a bad row, or count it
//!   and go on.

use crate::error::{BadRow, Error, Problem};
use crate::money;
use crate::summary::Summary;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The columns a sales file has, in the order the generator writes them.
pub const HEADER: [&str; 8] = [
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "UnitPrice",
    "TotalPrice",
    "Country",
    "Date",
];

/// The columns the report reads (Quantity only to check it).
const QUANTITY: &str = "Quantity";
const UNIT_PRICE: &str = "UnitPrice";
const TOTAL_PRICE: &str = "TotalPrice";
const COUNTRY: &str = "Country";

/// What to do with a row that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum OnBadRow {
    /// Stop with an error naming the file, the line and the problem.
    #[default]
    Fail,
    /// Leave the row out of every figure, count it as rejected, go on.
    Skip,
}

// ANCHOR: layout
/// Where the report's columns are in a file's rows, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// How many fields each row must have: as many as the header.
    pub fields: usize,
    /// The position of the Quantity column, from 0.
    pub quantity: usize,
    /// The position of the UnitPrice column.
    pub unit_price: usize,
    /// The position of the TotalPrice column.
    pub total_price: usize,
    /// The position of the Country column.
    pub country: usize,
}

impl Layout {
    /// Find the columns by name in `header`, the fields of a file's first
    /// line. A column the report needs and the header lacks is an error.
    pub fn from_header<'h>(path: &Path, header: impl IntoIterator<Item = &'h [u8]>) -> Result<Layout, Error> {
        let names: Vec<&[u8]> = header.into_iter().collect();
        let find = |column: &str| {
            names
                .iter()
                .position(|name| *name == column.as_bytes())
                .ok_or_else(|| Error::MissingColumn {
                    path: path.to_path_buf(),
                    column: column.to_string(),
                })
        };
        Ok(Layout {
            fields: names.len(),
            quantity: find(QUANTITY)?,
            unit_price: find(UNIT_PRICE)?,
            total_price: find(TOTAL_PRICE)?,
            country: find(COUNTRY)?,
        })
    }
}
// ANCHOR_END: layout

// ANCHOR: add_row
/// What a parser found in one row: how many fields, and the values of the
/// report's columns (as bytes: only the country needs to be text).
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// How many fields the row has.
    pub count: usize,
    /// The Quantity field.
    pub quantity: &'a [u8],
    /// The UnitPrice field.
    pub unit_price: &'a [u8],
    /// The TotalPrice field.
    pub total_price: &'a [u8],
    /// The Country field.
    pub country: &'a [u8],
}

/// Check a row's fields and add it to `summary`: as many fields as the
/// header, a whole Quantity, exact decimal prices, a country that is text.
/// TotalPrice is taken as written, not checked against Quantity ×
/// UnitPrice: the seed sums TotalPrice as the files give it (a discount
/// or a rounding is the file's business), and so does every engine here.
pub fn add_row(summary: &mut Summary, layout: &Layout, row: &Fields) -> Result<(), Problem> {
    if row.count != layout.fields {
        return Err(Problem::FieldCount {
            expected: layout.fields,
            found: row.count,
        });
    }
    if !money::is_whole(row.quantity) {
        return Err(Problem::whole(QUANTITY, row.quantity));
    }
    let unit = money::parse(row.unit_price).ok_or_else(|| Problem::amount(UNIT_PRICE, row.unit_price))?;
    let total = money::parse(row.total_price).ok_or_else(|| Problem::amount(TOTAL_PRICE, row.total_price))?;
    summary
        .add(row.country, unit, total)
        .map_err(|_| Problem::NotText {
            column: COUNTRY.to_string(),
        })
}
// ANCHOR_END: add_row

// ANCHOR: wrong_count
/// The problem with a row of the wrong field count, given all its fields
/// (unquoted). A line break inside a field means a quoted field ran on
/// past its line; with the count wrong too, the likely cause is a quote
/// that never closed and swallowed the rows after it: say so, with the
/// line it opened on (that of the last field holding a line break: an
/// earlier one closed) and how many lines the row covers.
pub fn wrong_count<'f>(layout: &Layout, fields: impl IntoIterator<Item = &'f [u8]>) -> Problem {
    let (mut found, mut breaks, mut opened, mut ends_with_break) = (0, 0, None, false);
    for field in fields {
        let in_field = memchr::memchr_iter(b'\n', field).count() as u64;
        if in_field > 0 {
            opened = Some(breaks); // the last such field is the one left open
        }
        breaks += in_field;
        ends_with_break = field.ends_with(b"\n");
        found += 1;
    }
    match opened {
        None => Problem::FieldCount {
            expected: layout.fields,
            found,
        },
        // A quote left open at the end of the file keeps the last line
        // break too: that one ends the last line rather than starting one.
        Some(opened) => Problem::UnclosedQuote {
            opened,
            lines: breaks + 1 - u64::from(ends_with_break),
            found,
            expected: layout.fields,
        },
    }
}
// ANCHOR_END: wrong_count

/// The rows of one file being read: where bad rows go.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// The file, for messages.
    pub file: &'a str,
    /// Its layout.
    pub layout: Layout,
    /// What to do with bad rows.
    pub on_bad_row: OnBadRow,
}

impl Rows<'_> {
    /// A row starting at `line` / `byte` was bad: with `fail` that is the
    /// error to stop with; with `skip` it is counted in `summary`.
    pub fn refuse(
        &self,
        summary: &mut Summary,
        line: u64,
        byte: u64,
        problem: Problem,
    ) -> Result<(), BadRow> {
        let bad = BadRow {
            file: self.file.to_string(),
            line,
            byte,
            problem,
        };
        match self.on_bad_row {
            OnBadRow::Fail => Err(bad),
            OnBadRow::Skip => {
                summary.reject(bad);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(header: &[&str]) -> Result<Layout, Error> {
        Layout::from_header(Path::new("f.csv"), header.iter().map(|name| name.as_bytes()))
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let usual = layout(&HEADER).expect("the usual header");
        assert_eq!(
            (
                usual.fields,
                usual.quantity,
                usual.unit_price,
                usual.total_price,
                usual.country
            ),
            (8, 3, 4, 5, 6)
        );
        let shuffled =
            layout(&["Country", "TotalPrice", "UnitPrice", "Quantity"]).expect("only the four we read");
        assert_eq!(
            (
                shuffled.quantity,
                shuffled.unit_price,
                shuffled.total_price,
                shuffled.country
            ),
            (3, 2, 1, 0)
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let error = layout(&["InvoiceNo", "Quantity", "UnitPrice", "Country"]).expect_err("no TotalPrice");
        assert!(error.to_string().contains("\"TotalPrice\""), "{error}");
    }

    /// A row of the usual eight fields with these four values.
    fn row<'a>(quantity: &'a str, unit: &'a str, total: &'a str, country: &'a [u8]) -> Fields<'a> {
        Fields {
            count: 8,
            quantity: quantity.as_bytes(),
            unit_price: unit.as_bytes(),
            total_price: total.as_bytes(),
            country,
        }
    }

    #[test]
    fn add_row_checks_count_numbers_and_text() {
        let layout = layout(&HEADER).expect("the usual header");
        let mut summary = Summary::default();
        let add = |summary: &mut Summary, fields: Fields| add_row(summary, &layout, &fields);
        assert_eq!(add(&mut summary, row("2", "4.96", "9.92", b"France")), Ok(()));
        let seven = Fields {
            count: 7,
            ..row("2", "4.96", "9.92", b"France")
        };
        assert_eq!(
            add(&mut summary, seven),
            Err(Problem::FieldCount {
                expected: 8,
                found: 7
            })
        );
        let problem = |fields| add(&mut Summary::default(), fields).expect_err("a bad row");
        assert!(matches!(
            problem(row("2", "4,96", "9.92", b"France")),
            Problem::NotANumber { .. }
        ));
        assert!(matches!(
            problem(row("two", "4.96", "9.92", b"France")),
            Problem::NotWhole { .. }
        ));
        assert!(matches!(
            problem(row("2.5", "4.96", "9.92", b"France")),
            Problem::NotWhole { .. }
        ));
        assert!(matches!(
            problem(row("2", "12345678901234567890", "9.92", b"France")),
            Problem::TooBig { .. }
        ));
        assert!(matches!(
            problem(row("2", "4.96", "9.92", b"Fr\xffnce")),
            Problem::NotText { .. }
        ));
        assert_eq!(summary.rows, 1, "bad rows add nothing");
        assert_eq!(summary.total_revenue(), 9920);
    }

    #[test]
    fn total_price_is_taken_as_written_not_checked_against_quantity_times_unit_price() {
        let layout = layout(&HEADER).expect("the usual header");
        let mut summary = Summary::default();
        // 2 × 4.96 is 9.92; the file says 9.00 (a discount?): accepted, and summed as 9.
        assert_eq!(
            add_row(&mut summary, &layout, &row("2", "4.96", "9.00", b"France")),
            Ok(())
        );
        assert_eq!(summary.total_revenue(), 9000);
    }

    #[test]
    fn a_wrong_count_with_line_breaks_in_its_fields_is_an_unclosed_quote() {
        let layout = layout(&HEADER).expect("the usual header");
        let fields = |fields: &[&'static str]| wrong_count(&layout, fields.iter().map(|f| f.as_bytes()));
        assert_eq!(
            fields(&["a", "b", "c"]),
            Problem::FieldCount {
                expected: 8,
                found: 3
            }
        );
        // Opened in the second field, closed two lines down by another quote.
        assert_eq!(
            fields(&["a", "x,2\n3,4,5\n6,7\"", "8"]),
            Problem::UnclosedQuote {
                opened: 0,
                lines: 3,
                found: 3,
                expected: 8
            }
        );
        // Never closed: the file's last line break is swallowed too.
        assert_eq!(
            fields(&["a", "ok\nok", "x,2\n3,4,5\n"]),
            Problem::UnclosedQuote {
                opened: 1,
                lines: 3,
                found: 3,
                expected: 8
            }
        );
    }
}
