//! The data generator: `data/{tiny,tst,sml,bg}/{2015..2021}.csv`, the same
//! bytes on every machine for the same seed.
//!
//! The rows look like seed 000's sample row:
//!
//! ```text
//! InvoiceNo,StockCode,Description,Quantity,UnitPrice,TotalPrice,Country,Date
//! f1bce1a2-5032-41ee-826f-2e9565c92f30,82095,HEART BUTTONS JEWELLERY BOX,1,4.96,4.96,France,2015/04/06
//! ```
//!
//! - a catalogue of products (stock code, description, unit price), drawn
//!   once from the seed; about one description in five holds a comma or a
//!   double quote, and a few hold a line break, so that only a real CSV
//!   parser reads the files right;
//! - unit prices with a long tail like the seed's: the median near 2.46,
//!   three quarters under 5, the cheapest 0.001, a few rare lines over
//!   17,000 (postage, manual adjustments);
//! - invoices of one to eight lines, each with one country and one date;
//!   `TotalPrice = Quantity × UnitPrice`, computed in integer milli-units.
//!
//! Reproducible: everything comes from a seeded `StdRng` and integer
//! arithmetic (no floats, whose `ln` or `cos` may differ in the last bit
//! between machines). Each year has its own generator, seeded from the seed
//! and the year, so the files are written in parallel and still come out
//! the same.

use crate::error::Error;
use crate::machinery::dataset::{Size, YEARS};
use crate::money::Decimal;
use crate::rows::HEADER;
use indicatif::ProgressBar;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

/// The ten countries, with how often each buys (before each year's own
/// variation): the United Kingdom and the United States buy the most.
const COUNTRIES: [(&str, u32); 10] = [
    ("Canada", 8),
    ("China", 5),
    ("France", 10),
    ("Germany", 10),
    ("India", 9),
    ("Italy", 5),
    ("Japan", 6),
    ("Russia", 5),
    ("United Kingdom", 22),
    ("United States", 20),
];

/// How many of each quantity, 1 to 10, per 1000 lines: mostly one or two.
const QUANTITIES: [u32; 10] = [300, 200, 130, 100, 80, 60, 50, 40, 20, 20];

/// Regular products in the catalogue.
const PRODUCTS: usize = 3000;

/// The unit prices of regular products, as an inverse distribution: the
/// fraction of products (in millionths) priced at or below each price (in
/// milli-units). Between two points, prices spread evenly.
const PRICE_POINTS: [(u64, i64); 9] = [
    (0, 100),
    (100_000, 650),
    (250_000, 1_250),
    (500_000, 2_460),
    (750_000, 4_800),
    (900_000, 8_500),
    (970_000, 16_950),
    (995_000, 39_950),
    (1_000_000, 295_000),
];

/// Rare lines, drawn per row with a chance in a million: the long tail that
/// makes the seed's mean (10.2) four times its median, and its standard
/// deviation 314.
const RARE: [(&str, i64, u32); 4] = [
    ("PAPER BAG, SINGLE", 1, 600),
    ("MANUAL ADJUSTMENT", 17_836_460, 200),
    ("POSTAGE", 4_161_060, 250),
    ("CARRIAGE", 1_250_000, 300),
];

/// Words for descriptions: `{adjective} {colour} {thing}` and variants.
const ADJECTIVES: [&str; 16] = [
    "VINTAGE",
    "RETRO",
    "SMALL",
    "LARGE",
    "JUMBO",
    "MINI",
    "HEART",
    "STAR",
    "FLORAL",
    "SPOTTY",
    "REGENCY",
    "PARISIENNE",
    "ANTIQUE",
    "GLASS",
    "WOODEN",
    "ENAMEL",
];
const COLOURS: [&str; 10] = [
    "RED", "BLUE", "PINK", "WHITE", "IVORY", "GREEN", "BLACK", "SILVER", "CREAM", "PASTEL",
];
const THINGS: [&str; 20] = [
    "BOX",
    "MUG",
    "BAG",
    "CANDLE",
    "LANTERN",
    "PHOTO FRAME",
    "CLOCK",
    "TIN",
    "CUSHION COVER",
    "BUNTING",
    "JEWELLERY BOX",
    "TEA CUP AND SAUCER",
    "NOTEBOOK",
    "DOORMAT",
    "WATER BOTTLE",
    "CAKE STAND",
    "HANGING HEART",
    "LUNCH BOX",
    "PLATE",
    "BOWL",
];

/// One product of the catalogue, its text ready to write.
#[derive(Debug, Clone)]
struct Product {
    /// `82095,HEART BUTTONS JEWELLERY BOX,`: stock code and description,
    /// quoted for CSV where needed.
    code_and_description: String,
    /// The unit price, in milli-units.
    price: i64,
}

/// Write the dataset of `size` into `dir` (made if missing), showing a
/// progress bar of rows when `progress` is visible.
pub fn generate(size: Size, dir: &Path, seed: u64, progress: &ProgressBar) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let catalogue = catalogue(seed);
    progress.set_length(YEARS.map(|year| size.rows(year)).sum());
    YEARS
        .into_par_iter()
        .try_for_each(|year| write_year(dir, year, size.rows(year), seed, &catalogue, progress))?;
    progress.finish();
    Ok(())
}

// ANCHOR: write_year
/// Write `{year}.csv`: `rows` rows in invoices of one to eight lines.
/// It goes to a `.part` file first, renamed when complete, so that a run
/// interrupted half-way never leaves a short file that looks finished.
fn write_year(
    dir: &Path,
    year: u16,
    rows: u64,
    seed: u64,
    catalogue: &Catalogue,
    progress: &ProgressBar,
) -> Result<(), Error> {
    let path = dir.join(format!("{year}.csv"));
    let part = dir.join(format!("{year}.csv.{}.part", std::process::id()));
    let file = File::create(&part).map_err(|e| Error::io(&part, &e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut rng = StdRng::seed_from_u64(seed ^ u64::from(year).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let countries = catalogue.countries_of_a_year(&mut rng);
    let days = days_of(year);
    // ANCHOR_END: write_year
    // ANCHOR: invoices
    let mut line = Vec::with_capacity(256);
    let mut written = 0;
    let write =
        |out: &mut BufWriter<File>, bytes: &[u8]| out.write_all(bytes).map_err(|e| Error::io(&part, &e));
    write(&mut out, format!("{}\n", HEADER.join(",")).as_bytes())?;
    while written < rows {
        // One invoice: its number, country and date are shared by its lines.
        let invoice = uuid(&mut rng);
        let country = COUNTRIES[pick(&countries, &mut rng)].0;
        let day = &days[rng.random_range(0..days.len() as u32) as usize];
        let lines = rng.random_range(1..=8u64).min(rows - written);
        for _ in 0..lines {
            let product = catalogue.product(&mut rng);
            let quantity = pick(&catalogue.quantities, &mut rng) as i64 + 1;
            line.clear();
            // `write!` into a Vec<u8> cannot fail: the Vec just grows.
            let _ = writeln!(
                line,
                "{invoice},{}{quantity},{},{},{country},{day}",
                product.code_and_description,
                Decimal(product.price.into()),
                Decimal((quantity * product.price).into()),
            );
            write(&mut out, &line)?;
        }
        written += lines;
        progress.inc(lines);
    }
    out.flush().map_err(|e| Error::io(&part, &e))?;
    fs::rename(&part, &path).map_err(|e| Error::io(&path, &e))
}
// ANCHOR_END: invoices

/// Everything drawn once per seed: the products and the tables to pick from.
struct Catalogue {
    regular: Vec<Product>,
    rare: Vec<Product>,
    /// Cumulative chances of the rare lines, in millionths.
    rare_chances: Vec<u32>,
    quantities: Vec<u32>,
}

impl Catalogue {
    /// A line's product: a rare one with its small chance, else any regular
    /// product, all equally likely.
    fn product(&self, rng: &mut StdRng) -> &Product {
        let draw = rng.random_range(0..1_000_000u32);
        match self.rare_chances.iter().position(|&chance| draw < chance) {
            Some(i) => &self.rare[i],
            None => &self.regular[rng.random_range(0..self.regular.len() as u32) as usize],
        }
    }

    /// This year's weights of the countries: the base weights, each moved
    /// by up to half its size, so that years differ as in the seed.
    fn countries_of_a_year(&self, rng: &mut StdRng) -> Vec<u32> {
        cumulative(
            COUNTRIES
                .iter()
                .map(|&(_, weight)| weight * rng.random_range(50..=150u32)),
        )
    }
}

/// The catalogue of `seed`.
fn catalogue(seed: u64) -> Catalogue {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut codes = BTreeSet::new();
    let mut new_code = |rng: &mut StdRng| loop {
        let code = rng.random_range(10_000..100_000u32);
        if codes.insert(code) {
            break code;
        }
    };
    let regular = (0..PRODUCTS)
        .map(|_| {
            let code = new_code(&mut rng);
            let description = description(&mut rng);
            product(code, &description, regular_price(&mut rng))
        })
        .collect();
    let rare = RARE
        .iter()
        .map(|&(description, price, _)| product(new_code(&mut rng), description, price))
        .collect();
    Catalogue {
        regular,
        rare,
        rare_chances: cumulative(RARE.iter().map(|&(_, _, chance)| chance)),
        quantities: cumulative(QUANTITIES),
    }
}

fn product(code: u32, description: &str, price: i64) -> Product {
    Product {
        code_and_description: code_and_description(code, description),
        price,
    }
}

// ANCHOR: description
/// A product description from the word lists. About one in eight gets a
/// comma, one in twelve an inch sign or a quoted word, one in five hundred
/// a second line: all of them must be quoted in the file.
fn description(rng: &mut StdRng) -> String {
    let mut choose = |words: &[&'static str]| words[rng.random_range(0..words.len() as u32) as usize];
    let (adjective, colour, thing) = (choose(&ADJECTIVES), choose(&COLOURS), choose(&THINGS));
    let text = format!("{adjective} {colour} {thing}");
    match rng.random_range(0..1000u32) {
        0..125 => format!("{text}, SET OF {}", rng.random_range(2..=12u32)),
        125..165 => format!("{adjective} {}\" {thing}", rng.random_range(4..=12u32)),
        165..205 => format!("\"{adjective}\" {colour} {thing}"),
        205..207 => format!("{text}\nASSORTED DESIGNS"),
        _ => text,
    }
}

/// `code,description,`: the start of each of a product's rows, written by
/// the csv crate, which quotes the description (in double quotes, inner
/// quotes doubled) only if it holds a comma, a quote or a line break.
fn code_and_description(code: u32, description: &str) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail: the Vec just grows.
    let _ = writer.write_record([code.to_string().as_str(), description]);
    let mut text = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    // The record's line break becomes the comma before the next field.
    text.pop();
    text.push(',');
    text
}
// ANCHOR_END: description

/// A regular product's price from `PRICE_POINTS`: exact to the cent, or to
/// the tenth of a cent under half a unit (where 0.065 is a real price).
fn regular_price(rng: &mut StdRng) -> i64 {
    let draw = rng.random_range(0..1_000_000u64);
    let upper = PRICE_POINTS
        .iter()
        .position(|&(share, _)| share > draw)
        .unwrap_or(PRICE_POINTS.len() - 1);
    let ((low_share, low), (high_share, high)) = (PRICE_POINTS[upper - 1], PRICE_POINTS[upper]);
    let milli = low + (high - low) * (draw - low_share) as i64 / (high_share - low_share) as i64;
    if milli < 500 { milli } else { milli / 10 * 10 }
}

/// An invoice number shaped like a version-4 UUID, from the generator.
fn uuid(rng: &mut StdRng) -> String {
    let bits: u128 = rng.random();
    // Version 4 in the 13th digit, the variant in the 17th, as real UUIDs.
    let bits = (bits & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Every date of `year`, as `YYYY/MM/DD`.
fn days_of(year: u16) -> Vec<String> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12)
        .zip(lengths)
        .flat_map(|(month, days)| (1..=days).map(move |day| format!("{year}/{month:02}/{day:02}")))
        .collect()
}

/// Running totals of `weights`: `[3, 1, 2]` → `[3, 4, 6]`.
fn cumulative(weights: impl IntoIterator<Item = u32>) -> Vec<u32> {
    weights
        .into_iter()
        .scan(0, |total, weight| {
            *total += weight;
            Some(*total)
        })
        .collect()
}

/// An index into `cumulative` weights, drawn in proportion to the weights.
fn pick(cumulative: &[u32], rng: &mut StdRng) -> usize {
    let total = cumulative.last().copied().unwrap_or(1);
    let draw = rng.random_range(0..total);
    cumulative.partition_point(|&upto| upto <= draw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let field = |text| code_and_description(7, text);
        assert_eq!(field("RED MUG"), "7,RED MUG,");
        assert_eq!(field("MUG, SET OF 2"), "7,\"MUG, SET OF 2\",");
        assert_eq!(field("6\" BOWL"), "7,\"6\"\" BOWL\",");
        assert_eq!(field("A\nB"), "7,\"A\nB\",");
    }

    #[test]
    fn dates_cover_the_year() {
        assert_eq!(days_of(2015).len(), 365);
        assert_eq!(days_of(2016).len(), 366);
        assert_eq!(days_of(2016)[59], "2016/02/29");
        assert_eq!(days_of(2021).last().map(String::as_str), Some("2021/12/31"));
    }

    #[test]
    fn invoice_numbers_are_uuid_shaped() {
        let mut rng = StdRng::seed_from_u64(1);
        let id = uuid(&mut rng);
        assert_eq!(id.len(), 36);
        let dashes: Vec<usize> = id.match_indices('-').map(|(i, _)| i).collect();
        assert_eq!(dashes, [8, 13, 18, 23]);
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn picks_follow_the_weights() {
        let mut rng = StdRng::seed_from_u64(7);
        let weights = cumulative([1, 0, 3]);
        let mut seen = [0; 3];
        for _ in 0..4000 {
            seen[pick(&weights, &mut rng)] += 1;
        }
        assert_eq!(seen[1], 0, "a zero weight is never picked");
        assert!((2700..3300).contains(&seen[2]), "{seen:?}");
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let (a, b) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let hidden = ProgressBar::hidden();
        generate(Size::Tiny, a.path(), 5, &hidden).expect("generated");
        generate(Size::Tiny, b.path(), 5, &hidden).expect("generated");
        for year in YEARS {
            let name = format!("{year}.csv");
            let first = fs::read(a.path().join(&name)).expect("written");
            assert_eq!(first, fs::read(b.path().join(&name)).expect("written"), "{name}");
            assert!(first.starts_with(
                b"InvoiceNo,StockCode,Description,Quantity,UnitPrice,TotalPrice,Country,Date\n"
            ));
        }
    }
}
