//! Part 5: bounded vs unbounded queues. A producer that is faster than its
//! consumer fills an unbounded queue as fast as it can: memory grows, and
//! nothing slows it down. A bounded queue makes `send` wait while it is
//! full, so the producer is held to the consumer's pace: backpressure.

use crossbeam_channel::{Receiver, Sender};
use std::thread;
use std::time::Instant;
use workbook::TimeScale;
use workbook::report::measured_vs_ideal;
use workbook::timeit::human;
use workbook::timeline::{Panels, Timeline};

const ITEMS: usize = 20;
/// The consumer's fake work per item.
const STEP_UNITS: f64 = 0.1;
const CAPACITY: usize = 2;

pub fn run(scale: TimeScale) {
    println!("5. Backpressure: {ITEMS} items, a producer with no work, a consumer with 0.1 unit per item");
    let step = scale.units(STEP_UNITS);

    let (unbounded, peak) = hand_over(crossbeam_channel::unbounded(), scale);
    println!("   unbounded: at most {peak} items waiting in the queue");
    let unbounded_chart = unbounded.chart();
    unbounded_chart.print();
    println!(
        "   producer done after {}: it never waited, the queue took everything",
        human(producer_time(&unbounded))
    );

    let (bounded, peak) = hand_over(crossbeam_channel::bounded(CAPACITY), scale);
    println!("   bounded({CAPACITY}): at most {peak} items waiting in the queue");
    let bounded_chart = bounded.chart();
    bounded_chart.print();
    let producer = producer_time(&bounded);
    let held_back = step * (ITEMS - CAPACITY - 1) as u32;
    println!(
        "   {}",
        measured_vs_ideal(
            "producer done",
            producer,
            held_back,
            "(items − 2 queued − 1 taken) × step"
        )
    );
    // One time axis for both: the consumer takes as long either way (on a
    // quiet machine); only the producer's bar changes, from a sliver to
    // nearly the consumer's.
    Panels::new()
        .number(
            "5.3",
            format!(
                "A bounded queue holds the producer to the consumer's pace: it finishes {} items \
                 before the consumer ({CAPACITY} queued, 1 taken) instead of at once",
                CAPACITY + 1
            ),
        )
        .panel("unbounded", &unbounded_chart)
        .panel(format!("bounded({CAPACITY})"), &bounded_chart)
        .figure("05-unbounded-vs-bounded")
        .save();
    println!();
}

fn producer_time(timeline: &Timeline) -> std::time::Duration {
    timeline
        .spans()
        .iter()
        .find(|span| span.task == "producer")
        .map(|span| span.end - span.start)
        .unwrap_or_default()
}

// ANCHOR: hand_over
/// Send [`ITEMS`] through `channel` to a slow consumer; return the timeline
/// of both and the longest the queue got.
fn hand_over(channel: (Sender<usize>, Receiver<usize>), scale: TimeScale) -> (Timeline, usize) {
    let (tx, rx) = channel;
    let timeline = Timeline::new();
    let peak = thread::scope(|scope| {
        let timeline = &timeline;
        scope.spawn(move || {
            timeline.record("consumer", || {
                for _item in &rx {
                    scale.sleep(STEP_UNITS);
                }
            })
        });
        let started = Instant::now();
        let mut peak = 0;
        for item in 0..ITEMS {
            // On a full bounded queue, this is where the producer waits.
            tx.send(item).expect("the consumer is listening");
            peak = peak.max(tx.len());
        }
        timeline.add("producer", "main", started, Instant::now());
        drop(tx); // done: the consumer's loop ends after the last item
        peak
    });
    (timeline, peak)
}
// ANCHOR_END: hand_over

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_queue_never_holds_more_than_its_capacity() {
        let (timeline, peak) = hand_over(crossbeam_channel::bounded(CAPACITY), TimeScale::from_millis(1));
        assert!(peak <= CAPACITY, "bounded({CAPACITY}) held {peak} items at once");
        let rows: Vec<String> = timeline.spans().into_iter().map(|s| s.task).collect();
        assert!(
            rows.contains(&"producer".to_string()) && rows.contains(&"consumer".to_string()),
            "both sides are on the timeline: {rows:?}"
        );
    }
}
