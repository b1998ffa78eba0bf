//! What machine a run happened on: cores, load, CPU model, date.
//!
//! A timing means little without its machine: 1.2 s on two busy cores is not
//! 1.2 s on sixteen idle ones. Every figure's caption says which machine drew
//! it (how busy other processes kept it: [`crate::load`]). All of it comes from plain
//! files on Linux (`/proc/loadavg`, `/proc/cpuinfo`) — no dependency, no
//! `unsafe` — and degrades to "unknown" elsewhere rather than failing.

use std::num::NonZeroUsize;
use std::time::{SystemTime, UNIX_EPOCH};

/// How many threads can run at once on this machine: Python's
/// `os.cpu_count()`, except that it respects CPU quotas (containers, CI).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// The 1-minute load average (runnable threads, averaged), or `None` where
/// the OS does not tell us through `/proc` (macOS, Windows).
pub fn load() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    parse_load(&text)
}

/// The first field of `/proc/loadavg`: `"3.79 2.52 1.32 3/116 20813"`.
fn parse_load(text: &str) -> Option<f64> {
    text.split_whitespace().next()?.parse().ok()
}

/// The CPU's model name, e.g. `"Intel(R) Xeon(R) Processor @ 2.00GHz"`, or
/// `"unknown CPU"` where `/proc/cpuinfo` has none (macOS, many ARM boards).
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| parse_cpu_model(&text))
        .unwrap_or_else(|| "unknown CPU".to_string())
}

fn parse_cpu_model(text: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim() == "model name")
        .map(|(_, value)| value.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|model| !model.is_empty())
}

/// One line for a caption: `"2 cores, Intel(R) Xeon(R) Processor @ 2.00GHz,
/// other processes' load 0.03"` — what other processes used of the CPU
/// during this run ([`crate::load::during_run`]), when the run's witness is
/// running; never the 1-minute load average, which counts our own threads.
pub fn describe() -> String {
    let load = crate::load::during_run().map_or(String::new(), |others| {
        format!(", other processes' load {:.2}", others.cores)
    });
    format!("{} cores, {}{load}", cores(), cpu_model())
}

/// Today's date in UTC as `YYYY-MM-DD` (no date crate needed for one line).
pub fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a (year, month, day), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_is_the_first_field() {
        assert_eq!(parse_load("3.79 2.52 1.32 3/116 20813\n"), Some(3.79));
        assert_eq!(parse_load(""), None);
    }

    #[test]
    fn cpu_model_is_read_from_its_line() {
        let text = "processor\t: 0\nmodel name\t: Intel(R)  Xeon(R) @ 2.00GHz\nflags\t: x\n";
        assert_eq!(
            parse_cpu_model(text).as_deref(),
            Some("Intel(R) Xeon(R) @ 2.00GHz")
        );
        assert_eq!(parse_cpu_model("processor : 0\n"), None);
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_787), (2026, 11, 30));
    }

    #[test]
    fn describe_names_the_cores() {
        assert!(describe().starts_with(&format!("{} cores, ", cores())));
    }
}
