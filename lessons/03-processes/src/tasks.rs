//! Seed 001's three chores: a standup of 4 updates 1 unit apart, work on 3
//! tasks 1.5 units apart, and a coffee break of 10 units. One after another
//! they take 18.5 units; in three processes, as long as the longest, 10.

use clap::ValueEnum;
use std::io::Write;
use std::time::Duration;
use workbook::TimeScale;

/// One of the three chores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Task {
    /// 4 members give an update, 1 unit each.
    Standup,
    /// 3 tasks of 1.5 units.
    Work,
    /// A 10-unit break (the seed's docstring says 3 seconds; its code sleeps 10).
    Coffee,
}

impl Task {
    /// The three, in the seed's order.
    pub const ALL: [Task; 3] = [Task::Standup, Task::Work, Task::Coffee];

    /// The name the child's role argument uses: `task coffee`.
    pub fn name(self) -> &'static str {
        match self {
            Task::Standup => "standup",
            Task::Work => "work",
            Task::Coffee => "coffee",
        }
    }

    /// How many units the chore sleeps in all.
    pub fn units(self) -> f64 {
        match self {
            Task::Standup => 4.0,
            Task::Work => 3.0 * 1.5,
            Task::Coffee => 10.0,
        }
    }

    /// Do the chore, printing as the seed does (indented under the demo's
    /// heading), in whichever process calls it.
    pub fn run(self, scale: TimeScale) {
        match self {
            Task::Standup => {
                for member in 0..4 {
                    say(&format!("standup: update from member {member}"));
                    scale.sleep(1.0);
                }
            }
            Task::Work => {
                for priority in 0..3 {
                    say(&format!("work: task at priority {priority}"));
                    scale.sleep(1.5);
                }
            }
            Task::Coffee => {
                scale.sleep(10.0);
                say("coffee: break is done");
            }
        }
    }
}

/// Print one line. Rust's stdout is line-buffered even when it is a pipe to
/// a parent, so each line leaves at once; Python buffers a pipe by blocks,
/// and a child's prints can arrive all together when it exits.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // A closed stdout (the parent went away) is no reason for a chore to fail.
    let _ = writeln!(out, "      {line}");
}

/// The chores one after another: the sum of their units.
pub fn sum(scale: TimeScale) -> Duration {
    scale.units(Task::ALL.iter().map(|t| t.units()).sum())
}

/// The chores all at once: the longest.
pub fn longest(scale: TimeScale) -> Duration {
    scale.units(Task::ALL.iter().map(|t| t.units()).fold(0.0, f64::max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_figures() {
        let scale = TimeScale::from_millis(1000);
        assert_eq!(sum(scale), Duration::from_millis(18_500), "4 + 4.5 + 10 units");
        assert_eq!(longest(scale), Duration::from_secs(10), "coffee is the longest");
    }
}
