//! The satellite records the local API server hands out, shaped like the
//! public SpaceX API's `/v4/starlink` (only the fields seed 003 reads, plus
//! the id), and generated from a seed: same seed, same records, on every
//! machine.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

// ANCHOR: satellite
/// One record of `/v4/starlink/{id}`. The public API sends many more fields;
/// serde ignores the ones a struct does not name, so the same type reads
/// both the local server's answers and the real ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satellite {
    /// The orbit data the seed reads (`response['spaceTrack']`).
    #[serde(rename = "spaceTrack")]
    pub space_track: SpaceTrack,
    /// A 24-hex-digit id, e.g. `5eed770f096e59000698560d`.
    pub id: String,
}

/// The part of a record under `spaceTrack`. Its JSON keys are in capitals
/// (`OBJECT_NAME`), as in the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct SpaceTrack {
    /// The satellite's name, e.g. `STARLINK-30`.
    pub object_name: String,
    /// The launch day, `YYYY-MM-DD`.
    pub launch_date: String,
    /// The day it fell back, or `None` (JSON `null`) while it is in orbit.
    /// Python hands you `None` and lets you forget the check; `Option`
    /// makes the check part of the type.
    pub decay_date: Option<String>,
}
// ANCHOR_END: satellite

/// The default number of records: a few hundred, enough for 500 requests.
pub const DEFAULT_RECORDS: usize = 600;

/// Launches in the order the public API lists them: the day, and the name
/// and count of the satellites it carried (`{n}` becomes a number, or a
/// letter for the two test satellites).
const LAUNCHES: [(&str, &str, usize); 11] = [
    ("2019-05-24", "STARLINK-{n}", 60),
    ("2018-02-22", "TINTIN {n}", 2),
    ("2019-11-11", "STARLINK-{n}", 60),
    ("2020-01-07", "STARLINK-{n}", 60),
    ("2020-01-29", "STARLINK-{n}", 60),
    ("2020-02-17", "STARLINK-{n}", 60),
    ("2020-03-18", "STARLINK-{n}", 60),
    ("2020-04-22", "STARLINK-{n}", 60),
    ("2020-06-04", "STARLINK-{n}", 60),
    ("2020-06-13", "STARLINK-{n}", 58),
    ("2020-08-07", "STARLINK-{n}", 57),
];

/// `count` records drawn from `seed`. Launches repeat, with later dates,
/// when `count` is more than the eleven launches above hold.
pub fn generate(seed: u64, count: usize) -> Vec<Satellite> {
    let mut rng = StdRng::seed_from_u64(seed);
    // An id is a MongoDB ObjectId: a timestamp, five bytes fixed per
    // machine and process (here: drawn from the seed), and a counter.
    let machine: u64 = rng.random_range(0..1 << 40);
    let mut timestamp: u32 = 0x5eed_770f;
    manifest(count, &mut rng)
        .into_iter()
        .zip(0x0098_560d_u32..)
        .map(|((launch_date, object_name, round), counter)| {
            timestamp += u32::from(rng.random_bool(0.05));
            Satellite {
                id: format!("{timestamp:08x}{machine:010x}{counter:06x}"),
                space_track: SpaceTrack {
                    object_name,
                    decay_date: decay_date(&launch_date, round, &mut rng),
                    launch_date,
                },
            }
        })
        .collect()
}

/// The first `count` satellites of the launch table, in its order: launch
/// day, name, and how many rounds of the table came before (0 the first
/// time through).
fn manifest(count: usize, rng: &mut StdRng) -> Vec<(String, String, usize)> {
    let mut manifest = Vec::with_capacity(count);
    for (launch, &(day, name, carried)) in LAUNCHES.iter().cycle().enumerate() {
        if manifest.len() >= count {
            break;
        }
        let round = launch / LAUNCHES.len();
        let launch_date = later_by_years(day, round);
        for suffix in suffixes(name, carried, manifest.len(), rng) {
            manifest.push((launch_date.clone(), name.replace("{n}", &suffix), round));
        }
    }
    manifest.truncate(count);
    manifest
}

/// What follows the name of each satellite of one launch, shuffled as the
/// public API lists them: "STARLINK-30", "STARLINK-74", "STARLINK-29"...
fn suffixes(name: &str, carried: usize, named_before: usize, rng: &mut StdRng) -> Vec<String> {
    if name.starts_with("TINTIN") {
        return vec!["A".to_string(), "B".to_string()];
    }
    let mut numbers: Vec<String> = (named_before + 1..=named_before + carried)
        .map(|n| n.to_string())
        .collect();
    numbers.shuffle(rng);
    numbers
}

/// `YYYY-MM-DD` moved `years` later.
fn later_by_years(day: &str, years: usize) -> String {
    let (year, rest) = day.split_at(4);
    let year: usize = year.parse().expect("the launch table holds YYYY-MM-DD dates");
    format!("{}{rest}", year + years)
}

/// Satellites of the first round have mostly come down again (1 or 2 years
/// after launch); later ones mostly not.
fn decay_date(launch_date: &str, round: usize, rng: &mut StdRng) -> Option<String> {
    let still_up = if round == 0 { 0.4 } else { 0.9 };
    if rng.random_bool(still_up) {
        return None;
    }
    let years_up = rng.random_range(1..=2);
    let year = &later_by_years(launch_date, years_up)[..4];
    let (month, day) = (rng.random_range(1..=12), rng.random_range(1..=28));
    Some(format!("{year}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_records() {
        assert_eq!(generate(7, 50), generate(7, 50));
        assert_ne!(generate(7, 50), generate(8, 50));
    }

    #[test]
    fn ids_are_24_hex_digits_and_unique() {
        let records = generate(1, 1500);
        assert_eq!(records.len(), 1500);
        let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 1500);
        assert!(
            records
                .iter()
                .all(|r| r.id.len() == 24 && r.id.chars().all(|c| c.is_ascii_hexdigit()))
        );
    }

    #[test]
    fn records_look_like_the_seeds() {
        let records = generate(2024, DEFAULT_RECORDS);
        assert!(records[0].id.starts_with("5eed770f"));
        assert!(records[0].space_track.object_name.starts_with("STARLINK-"));
        assert_eq!(records[0].space_track.launch_date, "2019-05-24");
        assert_eq!(records[60].space_track.object_name, "TINTIN A");
        assert!(records.iter().any(|r| r.space_track.decay_date.is_none()));
        assert!(records.iter().any(|r| r.space_track.decay_date.is_some()));
        for r in &records {
            if let Some(decay) = &r.space_track.decay_date {
                assert!(*decay > r.space_track.launch_date, "{r:?}");
            }
        }
    }

    #[test]
    fn json_keys_are_the_apis() {
        let json = serde_json::to_string(&generate(3, 1)[0]).expect("a record serialises");
        for key in [
            "\"spaceTrack\"",
            "\"OBJECT_NAME\"",
            "\"LAUNCH_DATE\"",
            "\"DECAY_DATE\"",
            "\"id\"",
        ] {
            assert!(json.contains(key), "{key} missing from {json}");
        }
    }
}
