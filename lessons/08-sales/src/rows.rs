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

/// The three columns the report reads.
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
    /// The position of the UnitPrice column, from 0.
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
            unit_price: find(UNIT_PRICE)?,
            total_price: find(TOTAL_PRICE)?,
            country: find(COUNTRY)?,
        })
    }
}
// ANCHOR_END: layout

// ANCHOR: add_row
/// Check a row's fields and add it to `summary`: it has as many fields as
/// the header, both prices are exact decimals, the country is text.
/// `fields` is the row's field count; the three slices are the values of
/// the report's columns (as bytes: only these three need to be text).
pub fn add_row(
    summary: &mut Summary,
    layout: &Layout,
    fields: usize,
    unit_price: &[u8],
    total_price: &[u8],
    country: &[u8],
) -> Result<(), Problem> {
    if fields != layout.fields {
        return Err(Problem::FieldCount {
            expected: layout.fields,
            found: fields,
        });
    }
    let unit = money::parse(unit_price).ok_or_else(|| Problem::not_a_number(UNIT_PRICE, unit_price))?;
    let total = money::parse(total_price).ok_or_else(|| Problem::not_a_number(TOTAL_PRICE, total_price))?;
    summary.add(country, unit, total).map_err(|_| Problem::NotText {
        column: COUNTRY.to_string(),
    })
}
// ANCHOR_END: add_row

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
            (usual.fields, usual.unit_price, usual.total_price, usual.country),
            (8, 4, 5, 6)
        );
        let shuffled = layout(&["Country", "TotalPrice", "UnitPrice"]).expect("only the three we need");
        assert_eq!(
            (shuffled.unit_price, shuffled.total_price, shuffled.country),
            (2, 1, 0)
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let error = layout(&["InvoiceNo", "UnitPrice", "Country"]).expect_err("no TotalPrice");
        assert!(error.to_string().contains("\"TotalPrice\""), "{error}");
    }

    #[test]
    fn add_row_checks_count_numbers_and_text() {
        let layout = layout(&HEADER).expect("the usual header");
        let mut summary = Summary::default();
        assert_eq!(
            add_row(&mut summary, &layout, 8, b"4.96", b"9.92", b"France"),
            Ok(())
        );
        assert!(matches!(
            add_row(&mut summary, &layout, 7, b"4.96", b"9.92", b"France"),
            Err(Problem::FieldCount {
                expected: 8,
                found: 7
            })
        ));
        assert!(matches!(
            add_row(&mut summary, &layout, 8, b"4,96", b"9.92", b"France"),
            Err(Problem::NotANumber { .. })
        ));
        assert!(matches!(
            add_row(&mut summary, &layout, 8, b"4.96", b"9.92", b"Fr\xffnce"),
            Err(Problem::NotText { .. })
        ));
        assert_eq!(summary.rows, 1, "bad rows add nothing");
        assert_eq!(summary.total_revenue(), 9920);
    }
}
