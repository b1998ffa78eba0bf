//! Everything lesson 09 takes from lesson 08, in one place: the files of a
//! run, reading a file into a summary, merging summaries, bad rows, and the
//! report with its `--json`. Lesson 09 changes none of it: it only runs it
//! on more than one process.

pub use lesson_08_sales::engines::sequential::summarise_file;
pub use lesson_08_sales::engines::{Engine, Job, Options, Progress, progress_bars};
pub use lesson_08_sales::error::{BadRow, Error, Problem};
pub use lesson_08_sales::machinery::dataset::{DataFile, Dataset, Size};
pub use lesson_08_sales::machinery::generate::generate;
pub use lesson_08_sales::money::Decimal;
pub use lesson_08_sales::report::{FileSummary, Report};
pub use lesson_08_sales::rows::{Fields, Layout, OnBadRow, Rows, add_row, wrong_count};
pub use lesson_08_sales::summary::Summary;
