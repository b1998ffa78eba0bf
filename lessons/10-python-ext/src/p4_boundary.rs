//! Part 4: the boundary has a cost. `sales_ext.rows()` hands Python every
//! row as a tuple (a `str` and two `int`s each); `sales_ext.report()`
//! hands it one summary. The same files are read in Rust either way: the
//! difference is what crosses, measured in rows per second and in the
//! bytes of Python objects the result holds (the same lesson as lesson
//! 09's rows against partials).

use lesson_10_python_ext::sales::{Dataset, Decimal};
use lesson_10_python_ext::script;
use std::path::Path;
use std::time::Duration;
use workbook::report::grouped;
use workbook::timeit::human;

/// Run `python/boundary.py`, print its table.
pub fn run(python: &Path, data: &Dataset) -> Result<(), String> {
    println!("4. The boundary: every row as Python objects, or one summary\n");
    let result = script::json(python, "boundary.py", &[&data.dir])?;
    let number = |key: &str| result[key].as_f64().unwrap_or_default();
    let rows = number("rows");
    let lines = [
        (
            "rows(): a tuple per row",
            number("rows_seconds"),
            number("rows_bytes"),
        ),
        (
            "report(): one dict",
            number("report_seconds"),
            number("report_bytes"),
        ),
    ];
    println!(
        "   {:<28} {:>9} {:>14} {:>14}",
        "what crosses", "time", "rows/s", "Python bytes"
    );
    for (label, seconds, bytes) in lines {
        println!(
            "   {label:<28} {:>9} {:>14} {:>14}",
            human(Duration::from_secs_f64(seconds)),
            grouped((rows / seconds.max(1e-9)) as u64),
            grouped(bytes as u64)
        );
    }
    let revenue = Decimal(i128::from(result["revenue_milli"].as_i64().unwrap_or_default())).to_string();
    let agrees = if result["report_revenue"].as_str() == Some(revenue.as_str()) {
        "the report's"
    } else {
        "NOT the report's"
    };
    println!(
        "   then their revenue summed in Python: {} more ({revenue}, {agrees})",
        human(Duration::from_secs_f64(number("sum_seconds")))
    );
    println!(
        "   {} rows crossed as {:.0} bytes each; the summary crossed once.\n",
        grouped(rows as u64),
        number("rows_bytes") / rows.max(1.0)
    );
    Ok(())
}
