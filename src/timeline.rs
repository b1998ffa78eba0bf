//! A timeline of concurrent work, drawn in the terminal and as an SVG figure.
//!
//! Timestamps in a log say *that* tasks overlapped; a chart lets you *see*
//! it. Tasks record a [`Span`] (task, worker, start, end) from any thread —
//! the recorder is a `Mutex<Vec<Span>>`, shared by reference — and the lesson
//! draws one row per task or per worker on a shared time axis, with the
//! measured total beside the ideal it should approach:
//!
//! ```text
//! task 1 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆                                          │ 0.00–0.21 s
//! task 2 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆│ 0.00–0.62 s
//! task 3 │▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆▆                        │ 0.00–0.40 s
//!          measured 0.62 s, ideal 0.60 s = longest task (+3.3%)
//! ```
//!
//! The bars are three-quarter blocks (`▆`), so that rows stay apart where
//! full blocks would merge into one black rectangle. A chart fits the
//! context's width ([`crate::context`], `--width`), and with `--figures DIR`
//! and a name ([`Chart::figure`]) [`Chart::print`] also writes it as
//! `DIR/NAME.svg` with a caption. [`Panels`] puts several charts in one
//! figure, as titled panels on one time axis.
//!
//! Recording and drawing are separate: `timeline/record.rs` keeps the spans
//! ([`Timeline`], [`Span`]), `timeline/draw.rs` lays out the rows and draws
//! the terminal [`Chart`], `timeline/svg.rs` draws the figures. Everything is
//! used from here, as `workbook::timeline::{Timeline, Chart, Panels, …}`.

mod draw;
mod record;
mod svg;

pub use draw::Chart;
pub use record::{Span, Timeline, current_worker};
pub use svg::Panels;

#[cfg(test)]
mod tests {
    use super::draw::*;
    use super::svg::*;
    use super::*;
    use std::thread;
    use std::time::Duration;

    fn span(task: &str, worker: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            task: task.into(),
            worker: worker.into(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    /// A timeline with spans at fixed offsets, so the drawing is predictable.
    fn fixed(spans: &[Span]) -> Timeline {
        let timeline = Timeline::new();
        let origin = timeline.origin();
        for s in spans {
            timeline.add(&s.task, &s.worker, origin + s.start, origin + s.end);
        }
        timeline
    }

    #[test]
    fn records_from_many_threads() {
        let timeline = Timeline::new();
        thread::scope(|scope| {
            for i in 0..4 {
                let timeline = &timeline;
                scope.spawn(move || {
                    timeline.record(format!("task {i}"), || thread::sleep(Duration::from_millis(5)))
                });
            }
        });
        let spans = timeline.spans();
        assert_eq!(spans.len(), 4);
        assert!(spans.iter().all(|s| s.end >= s.start + Duration::from_millis(5)));
        let workers: std::collections::HashSet<_> = spans.iter().map(|s| &s.worker).collect();
        assert_eq!(workers.len(), 4, "each task ran on its own thread");
    }

    #[test]
    fn record_returns_the_closures_value() {
        let timeline = Timeline::new();
        assert_eq!(timeline.record("answer", || 42), 42);
        assert_eq!(timeline.spans()[0].task, "answer");
    }

    #[test]
    fn per_task_rows_draw_bars_in_proportion() {
        let timeline = fixed(&[span("a", "w", 0, 500), span("b", "w", 500, 1000)]);
        let chart = timeline.chart().width(10).to_string();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "a │▆▆▆▆▆     │ 0.00–0.50 s");
        assert_eq!(lines[1], "b │     ▆▆▆▆▆│ 0.50–1.00 s");
        assert!(lines[2].contains("measured 1.00 s"), "{chart}");
    }

    #[test]
    fn per_worker_rows_put_a_workers_tasks_on_one_line() {
        let timeline = fixed(&[
            span("a", "w1", 0, 400),
            span("b", "w1", 400, 800),
            span("c", "w2", 100, 300),
        ]);
        let chart = timeline.chart().per_worker().width(10).to_string();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "w1 │▆▆▆▆▆▃▃▃▃▃│ 0–800 ms");
        assert_eq!(lines[1], "w2 │ ▆▆▆      │ 100–300 ms");
    }

    #[test]
    fn tasks_starting_together_are_listed_by_name() {
        let timeline = fixed(&[
            span("task 10", "w", 1, 900),
            span("task 2", "w", 0, 1000),
            span("task 1", "w", 2, 500),
        ]);
        let chart = timeline.chart().width(10).to_string();
        let labels: Vec<&str> = chart
            .lines()
            .map(|l| l.split(" │").next().unwrap_or(""))
            .collect();
        assert_eq!(labels[..3], ["task 1 ", "task 2 ", "task 10"]);
    }

    #[test]
    fn the_terminal_and_the_svg_list_rows_in_the_same_order_at_any_width() {
        // Five threads spawned in one loop start a few hundred µs apart, in
        // an order the OS picks ("task 1" last here): they are listed by name.
        let us = |task: &str, start_us: u64, end_ms: u64| Span {
            task: task.into(),
            worker: "w".into(),
            start: Duration::from_micros(start_us),
            end: Duration::from_millis(end_ms),
        };
        let timeline = fixed(&[
            us("task 0", 0, 300),
            us("task 2", 150, 500),
            us("task 3", 300, 200),
            us("task 4", 450, 100),
            us("task 1", 600, 400),
            us("later", 200_000, 500),
        ]);
        let expected = ["task 0", "task 1", "task 2", "task 3", "task 4", "later"];
        for width in [10, 37, 80, 200] {
            let chart = timeline.chart().width(width).to_string();
            let labels: Vec<&str> = chart
                .lines()
                .take(6)
                .map(|l| l.split(" │").next().unwrap_or("").trim())
                .collect();
            assert_eq!(labels, expected, "at width {width}: {chart}");
        }
        let svg = timeline.chart().svg();
        let at = |label: &str| svg.find(&format!(">{label}</text>")).expect(label);
        let positions: Vec<usize> = expected.iter().map(|l| at(l)).collect();
        assert!(
            positions.is_sorted(),
            "the SVG lists rows as the terminal does: {svg}"
        );
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = ["task 10", "task 9", "b", "a 2", "a 10", "task 1"];
        names.sort_by_key(|n| natural(n));
        assert_eq!(names, ["a 2", "a 10", "b", "task 1", "task 9", "task 10"]);
    }

    #[test]
    fn a_tiny_task_still_gets_one_column() {
        let timeline = fixed(&[span("long", "w", 0, 1000), span("blip", "w", 990, 1000)]);
        let chart = timeline.chart().width(10).to_string();
        assert!(chart.contains("blip │         ▆│"), "{chart}");
    }

    #[test]
    fn the_footer_compares_with_the_ideal() {
        let timeline = fixed(&[span("a", "w", 0, 1020)]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        assert!(chart.contains("1.02 s"), "{chart}");
        assert!(chart.contains("= longest task (+2.0%)"), "{chart}");
    }

    #[test]
    fn a_chart_fits_the_default_width_after_its_indent() {
        let timeline = fixed(&[
            span("a task with a long name", "w", 0, 400),
            span("b", "w", 300, 1200),
        ]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        for line in chart.lines() {
            assert!(
                3 + line.chars().count() <= 88,
                "{} chars: {line}",
                3 + line.chars().count()
            );
        }
        let first = chart.lines().next().unwrap_or_default();
        assert_eq!(
            3 + first.chars().count(),
            88,
            "the bars take the room there is: {first}"
        );
    }

    #[test]
    fn rows_are_drawn_with_partial_blocks_so_they_stay_apart() {
        let timeline = fixed(&[span("a", "w", 0, 500), span("b", "w", 0, 500)]);
        let chart = timeline.chart().to_string();
        assert!(!chart.contains('█'), "full blocks merge rows: {chart}");
    }

    #[test]
    fn a_stray_total_gets_its_note() {
        let timeline = fixed(&[span("a", "w", 0, 1500)]);
        let chart = timeline
            .chart()
            .ideal(Duration::from_secs(1), "longest task")
            .to_string();
        assert!(chart.contains("strays +50.0% (tolerance 10%)"), "{chart}");
    }

    #[test]
    fn the_svg_has_a_bar_per_task_and_names_the_rows() {
        let timeline = fixed(&[
            span("a", "w1", 0, 400),
            span("b <&>", "w1", 400, 800),
            span("c", "w2", 100, 300),
        ]);
        let svg = timeline
            .chart()
            .per_worker()
            .ideal(Duration::from_millis(600), "sum / 2")
            .svg();
        assert_eq!(svg.matches("<rect x=").count(), 3, "{svg}");
        assert!(svg.contains(">w1</text>") && svg.contains(">w2</text>"), "{svg}");
        assert!(svg.contains("b &lt;&amp;&gt;"), "task names are escaped: {svg}");
        assert!(
            svg.contains("measured 800 ms") && svg.contains("ideal 600 ms"),
            "{svg}"
        );
        assert!(
            svg.contains(">800 ms</text>"),
            "the last tick names the unit: {svg}"
        );
    }

    #[test]
    fn an_empty_timeline_draws_only_its_footer() {
        let timeline = Timeline::new();
        let chart = timeline.chart().ideal(Duration::from_secs(1), "one unit");
        assert!(
            chart.to_string().starts_with("  measured 0.00 ns, ideal 1.00 s"),
            "{chart}"
        );
        assert!(chart.svg().contains("</svg>"));
    }

    #[test]
    fn panels_share_one_time_axis_and_are_titled() {
        let slow = fixed(&[span("a", "w", 0, 1200)]);
        let fast = fixed(&[span("a", "w", 0, 300)]);
        let figure = Panels::new()
            .number("2.1", "the claim")
            .panel("slow", &slow.chart().ideal(Duration::from_millis(1200), "sum"))
            .panel("fast", &fast.chart());
        let svg = figure.svg();
        assert!(svg.contains(">Figure 2.1 — the claim</text>"), "{svg}");
        assert!(
            svg.contains(">slow</text>") && svg.contains(">fast</text>"),
            "{svg}"
        );
        // One axis: both panels end their ticks at the same 1.5 s.
        assert_eq!(svg.matches(">1.5 s</text>").count(), 2, "{svg}");
        assert!(
            !svg.contains(">400 ms</text>"),
            "the fast panel keeps the shared axis: {svg}"
        );
        assert!(
            svg.contains(">0.00–0.30 s</text>") && !svg.contains(">0–300 ms</text>"),
            "every panel's row times are in the shared axis's unit: {svg}"
        );
        let caption = figure.describe();
        assert!(
            caption.starts_with("Figure 2.1 — the claim.\n2 timelines"),
            "{caption}"
        );
        assert!(
            caption.contains("slow: measured 1.20 s, ideal 1.20 s"),
            "{caption}"
        );
        assert!(caption.contains("fast: measured 300 ms"), "{caption}");
    }

    #[test]
    fn close_ideal_and_measured_labels_do_not_overlap() {
        let timeline = fixed(&[span("a", "w", 0, 304)]);
        let svg = timeline
            .chart()
            .ideal(Duration::from_millis(300), "one task")
            .svg();
        let y_of = |label: &str| {
            let at = svg.find(&format!(">{label}</text>")).expect(label);
            let tag = &svg[svg[..at].rfind("<text").expect("its tag")..at];
            let y = &tag[tag.find(" y=\"").expect("y") + 4..];
            y[..y.find('"').expect("end")].parse::<f64>().expect("a number")
        };
        assert!(
            (y_of("measured 304 ms") - y_of("ideal 300 ms")).abs() >= 12.0,
            "4 ms apart, the labels go on two lines: {svg}"
        );
    }

    #[test]
    fn a_numbered_chart_says_so_in_its_svg_and_caption() {
        let timeline = fixed(&[span("a", "w", 0, 500)]);
        let chart = timeline.chart().number("3.2", "children run at once");
        assert!(chart.svg().contains(">Figure 3.2 — children run at once</text>"));
        assert!(
            chart
                .describe()
                .starts_with("Figure 3.2 — children run at once.\nTimeline of 1 task")
        );
    }

    #[test]
    fn a_figure_name_used_twice_is_noticed() {
        assert!(first_time("99-twice"));
        assert!(!first_time("99-twice"));
    }

    #[test]
    fn the_figure_is_written_with_its_caption() {
        let timeline = fixed(&[span("a", "w", 0, 500)]);
        let dir = std::env::temp_dir().join(format!("workbook-timeline-{}", std::process::id()));
        let chart = timeline.chart().ideal(Duration::from_millis(500), "one task");
        chart
            .write_figure(&dir, "00-test")
            .expect("a temp dir is writable");
        let caption = std::fs::read_to_string(dir.join("00-test.txt")).unwrap_or_default();
        assert!(
            caption.starts_with("Timeline of 1 task, one row per task"),
            "{caption}"
        );
        assert!(caption.contains("ideal 500 ms = one task"), "{caption}");
        assert!(dir.join("00-test.svg").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
