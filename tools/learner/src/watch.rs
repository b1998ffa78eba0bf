//! `just watch [N]`: re-run the current exercise's check on every save.
//!
//! Python habit: a loop around `os.stat()` (or `watchdog`'s observer). Here
//! the kernel tells us: the `notify` crate (inotify, FSEvents,
//! ReadDirectoryChangesW). Except where it cannot: on WSL2 a Windows
//! editor's saves under `/mnt/c` never reach Linux's inotify, and network
//! filesystems (NFS, SMB, 9p, sshfs) send no events for changes made
//! elsewhere. There we poll every 500 ms, comparing each file's mtime, size
//! and a hash of its content (mtime alone misses two saves within a coarse
//! network timestamp). The choice is automatic, printed at start, and
//! `--poll` / `--events` override it.
//!
//! A save while a check runs stops that check (its whole process group)
//! and starts a new one; Ctrl-C or TERM stops it and exits: no child is
//! left behind.

use crate::check::{self, Code, Outcome};
use crate::lessons::Exercises as _;
use crate::lessons::{self, Lesson};
use crate::{progress, run};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

/// How changes are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Events,
    Poll,
}

/// How often polling looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// Filesystems whose changes may come from elsewhere, with no event here.
const NO_EVENTS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "fuse.sshfs",
    "afs",
    "ceph",
    "vboxsf",
    "virtiofs",
    "fuse.grpcfuse",
    "fakeowner",
    "drvfs",
];

/// Choose a mode for `path`, from the text of `/proc/version` and
/// `/proc/mounts` (empty where there are none), and say why.
pub fn choose(path: &Path, proc_version: &str, mounts: &str) -> (Mode, String) {
    let wsl = proc_version.to_lowercase().contains("microsoft");
    if wsl && path.starts_with("/mnt/") {
        return (
            Mode::Poll,
            "WSL2 under /mnt/: saves from Windows send no file events to Linux".into(),
        );
    }
    if let Some(fs) = filesystem(path, mounts)
        && NO_EVENTS
            .iter()
            .any(|t| fs == *t || (t.ends_with("smb") && fs.starts_with(t)))
    {
        return (
            Mode::Poll,
            format!("{fs} filesystem: changes made elsewhere send no file events"),
        );
    }
    (Mode::Events, "file events arrive here".into())
}

/// The filesystem type of the mount holding `path` (the longest mount
/// point that is a prefix of it). `/proc/mounts` writes a space as `\040`.
fn filesystem<'a>(path: &Path, mounts: &'a str) -> Option<&'a str> {
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(' ');
            let point = fields.nth(1)?.replace("\\040", " ");
            let kind = fields.next()?;
            path.starts_with(&point).then_some((point.len(), kind))
        })
        .max_by_key(|&(len, _)| len)
        .map(|(_, kind)| kind)
}

/// One file's identity for "did it change": mtime, size, content hash.
type Print = Option<(Option<SystemTime>, u64, u64)>;

fn fingerprint(path: &Path) -> Print {
    let meta = fs::metadata(path).ok()?;
    let bytes = fs::read(path).ok()?;
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Some((meta.modified().ok(), meta.len(), hash))
}

/// The files watched: the lesson's `src/` (where `exercises.rs` is),
/// without hidden files (editor swap files).
fn watched(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.is_file()
            && !p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
    });
    files.sort();
    files
}

/// Tells when a watched folder's files change.
pub struct Changes {
    dir: PathBuf,
    last: Vec<(PathBuf, Print)>,
    events: Option<(
        notify::RecommendedWatcher,
        Receiver<notify::Result<notify::Event>>,
    )>,
    last_poll: Instant,
}

impl Changes {
    /// Watch `dir` in `mode`; events fall back to polling if they cannot
    /// start (e.g. the inotify limit is reached), saying why.
    pub fn new(dir: &Path, mode: Mode) -> (Changes, Mode, Option<String>) {
        let mut changes = Changes {
            dir: dir.to_path_buf(),
            last: Vec::new(),
            events: None,
            last_poll: Instant::now(),
        };
        changes.last = changes.prints();
        if mode == Mode::Poll {
            return (changes, Mode::Poll, None);
        }
        match start_events(dir) {
            Ok(events) => {
                changes.events = Some(events);
                (changes, Mode::Events, None)
            }
            Err(e) => (
                changes,
                Mode::Poll,
                Some(format!("file events failed ({e}): polling instead")),
            ),
        }
    }

    fn prints(&self) -> Vec<(PathBuf, Print)> {
        watched(&self.dir)
            .into_iter()
            .map(|p| (p.clone(), fingerprint(&p)))
            .collect()
    }

    /// Wait up to `timeout`; true if a file changed since the last call
    /// that said so.
    pub fn changed(&mut self, timeout: Duration) -> bool {
        let look = match &self.events {
            Some((_, rx)) => match rx.recv_timeout(timeout) {
                Ok(_) => {
                    // One save is often several events: let them settle.
                    std::thread::sleep(Duration::from_millis(50));
                    while rx.try_recv().is_ok() {}
                    true
                }
                Err(_) => false,
            },
            None => {
                let wait = POLL_EVERY.saturating_sub(self.last_poll.elapsed()).min(timeout);
                std::thread::sleep(wait);
                self.last_poll.elapsed() >= POLL_EVERY
            }
        };
        if !look {
            return false;
        }
        self.last_poll = Instant::now();
        let now = self.prints();
        let changed = now != self.last;
        self.last = now;
        changed
    }
}

fn start_events(
    dir: &Path,
) -> notify::Result<(
    notify::RecommendedWatcher,
    Receiver<notify::Result<notify::Event>>,
)> {
    use notify::Watcher;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    // The folder, not the file: editors that save by writing a new file and
    // renaming it over the old one would end a watch on the file itself.
    watcher.watch(dir, notify::RecursiveMode::NonRecursive)?;
    Ok((watcher, rx))
}

/// What a watch is checking now.
struct Target<'a> {
    lesson: &'a Lesson,
    /// The exercises checked, in hints order; none: the whole lesson.
    exercises: Vec<String>,
    /// `--full`: whole failure messages.
    full: bool,
}

pub fn watch(
    root: &Path,
    all: &[Lesson],
    start: Option<Lesson>,
    forced: Option<Mode>,
    full: bool,
) -> Result<bool, String> {
    run::on_interrupt();
    // A lesson named (`just watch 5`) is watched until Ctrl-C, passing or
    // not: the learner may go on polishing it. No lesson named: the watch
    // follows the learner's progress, on to the next lesson.
    let stay = start.is_some();
    let start = match start {
        Some(lesson) => lesson,
        None => first_unfinished(root, all).ok_or("there are no lessons to watch")?,
    };
    let mut index = all.iter().position(|l| l.number == start.number).unwrap_or(0);
    let mut banner = String::new();
    loop {
        let lesson = &all[index];
        let dir = lesson.dir.join("src");
        let (mode, why) = match forced {
            Some(Mode::Poll) => (Mode::Poll, "--poll".to_string()),
            Some(Mode::Events) => (Mode::Events, "--events".to_string()),
            None => {
                let real = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
                let read = |p: &str| fs::read_to_string(p).unwrap_or_default();
                choose(&real, &read("/proc/version"), &read("/proc/mounts"))
            }
        };
        let (mut changes, mode, fallback) = Changes::new(&dir, mode);
        let why = fallback.unwrap_or(why);
        let how = match mode {
            Mode::Events if forced.is_none() => "file events".to_string(),
            Mode::Events => format!("file events ({why})"),
            Mode::Poll => format!("polling every 500 ms ({why})"),
        };
        say!("watch: {} for changes: {how}", lessons::shown(root, &dir));
        let mut target = Target {
            lesson,
            exercises: Vec::new(),
            full,
        };
        loop {
            match watch_lesson(root, all, &mut target, &mut changes, &how, &mut banner)? {
                Next::Stop => return Ok(true),
                Next::Lesson if stay => {
                    say!(
                        "\nwatch: lesson {} passes; still watching it: save {} to check again; \
                         Ctrl-C ends. (`just watch` with no number moves on to the next lesson.)",
                        lesson.number,
                        lessons::shown(root, &lesson.exercises_file())
                    );
                    let _ = io::stdout().flush();
                    if !wait_for_save(&mut changes) {
                        return Ok(true);
                    }
                }
                Next::Lesson => break,
            }
        }
        {
            match all.get(index + 1) {
                Some(next) => {
                    banner = format!("Lesson {} passes! On to lesson {}.\n", lesson.number, next.number);
                    index += 1;
                }
                None => {
                    say!("Every exercise of every lesson passes. Well done!");
                    return Ok(true);
                }
            }
        }
    }
}

/// Wait for a save: `false` on Ctrl-C (said so).
fn wait_for_save(changes: &mut Changes) -> bool {
    loop {
        if run::interrupted() {
            say!("\nwatch: stopped.");
            return false;
        }
        if changes.changed(Duration::from_millis(100)) {
            say!("\nwatch: a file changed, checking again ...");
            return true;
        }
    }
}

enum Next {
    Stop,
    Lesson,
}

/// Check, show, wait for a save, again; until the lesson passes or Ctrl-C.
fn watch_lesson(
    root: &Path,
    all: &[Lesson],
    target: &mut Target,
    changes: &mut Changes,
    how: &str,
    banner: &mut String,
) -> Result<Next, String> {
    let lesson = target.lesson;
    let exercises = lesson.exercises()?;
    let file = lesson.exercises_file();
    // The learner's file as last checked: a save that changes another
    // exercise's block gets that exercise checked too.
    let mut checked_text = fs::read_to_string(&file).unwrap_or_default();
    let mut first = true;
    loop {
        let text = fs::read_to_string(&file).unwrap_or_default();
        if !target.exercises.is_empty() {
            for name in edited(&checked_text, &text, &exercises) {
                if !target.exercises.contains(&name) {
                    target.exercises.push(name);
                }
            }
            let order = |n: &String| exercises.iter().position(|e| &e.name == n);
            target.exercises.sort_by_key(order);
        }
        checked_text = text;
        let filters: Vec<String> = target.exercises.iter().map(|name| format!("{name}::")).collect();
        let what = match target.exercises.join(", ") {
            names if names.is_empty() => "all exercises".to_string(),
            names => names,
        };
        match check::needs_long_build(root, lesson) {
            // A first build takes a while: cargo shows its progress.
            true => say!(
                "checking lesson {} ({what}; the first build takes a minute or more) ...",
                lesson.number
            ),
            false => say!("checking lesson {} ({what}) ...", lesson.number),
        }
        let key = target.exercises.is_empty().then(|| progress::key(root, lesson));
        let mut stopped = false;
        // Each run of the check (tests, a rerun, the model check) is given
        // up on Ctrl-C, and on a save (then the check starts over).
        let mut wait = |mut running: run::Running| -> io::Result<Option<run::Finished>> {
            loop {
                if run::interrupted() {
                    running.stop();
                    stopped = true;
                    return Ok(None);
                }
                if changes.changed(Duration::from_millis(100)) {
                    running.stop();
                    return Ok(None);
                }
                if let Some(finished) = running.poll()? {
                    return Ok(Some(finished));
                }
            }
        };
        let outcome = check::run_tests_with(root, lesson, Code::Learner, &filters, &mut wait)
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        if stopped {
            say!("\nwatch: stopped.");
            return Ok(Next::Stop);
        }
        // Saved again while it ran: start over with the new file.
        let Some(outcome) = outcome else { continue };
        if let Some(key) = &key {
            progress::remember(root, lesson, key, &outcome);
        }
        let ctx = check::Context {
            root,
            lesson,
            exercises: &exercises,
            code: Code::Learner,
            filtered: !target.exercises.is_empty(),
            next_lesson: all.iter().map(|l| l.number).find(|&m| m > lesson.number),
            full: target.full,
        };
        let (text, passed) = check::summary(&ctx, &outcome);
        clear_screen(first);
        first = false;
        print!("{banner}{text}");
        banner.clear();
        match (passed, target.exercises.is_empty()) {
            (true, true) => return Ok(Next::Lesson),
            (true, false) => {
                // Find the next failing exercise: run the whole lesson now.
                *banner = match target.exercises.as_slice() {
                    [one] => format!("Exercise {one} passes!\n"),
                    many => format!("Exercises {} pass!\n", many.join(", ")),
                };
                target.exercises.clear();
                continue;
            }
            (false, _) => {
                if let Some(name) = first_failing(&exercises, &outcome) {
                    target.exercises = vec![name];
                }
            }
        }
        say!(
            "\nwatch: save {} to check again; Ctrl-C ends. ({how})",
            lessons::shown(root, &lesson.exercises_file())
        );
        let _ = io::stdout().flush();
        if !wait_for_save(changes) {
            return Ok(Next::Stop);
        }
    }
}

/// The first exercise (in hints order) with a failing test.
fn first_failing(exercises: &[lessons::Exercise], outcome: &Outcome) -> Option<String> {
    let results = outcome.results()?;
    let k = progress::next_exercise(exercises, results)?;
    let name = &exercises[k].name;
    // Only focus on an exercise whose tests ran and failed.
    results
        .iter()
        .any(|(t, ok)| !ok && t.starts_with(&format!("{name}::")))
        .then(|| name.clone())
}

/// The first lesson that `progress` last saw unfinished (or never saw).
fn first_unfinished(root: &Path, all: &[Lesson]) -> Option<Lesson> {
    all.iter()
        .find(|lesson| {
            let Ok(exercises) = lesson.exercises() else {
                return false;
            };
            match progress::recall(root, lesson, &progress::key(root, lesson)) {
                Some(progress::Remembered::Ran(results)) => {
                    progress::next_exercise(&exercises, &results).is_some()
                }
                _ => true,
            }
        })
        .or(all.first())
        .cloned()
}

fn clear_screen(first: bool) {
    if io::stdout().is_terminal() {
        print!("\x1b[2J\x1b[H");
    } else if first {
        say!("\n----- watch: first check -----");
    } else {
        say!("\n----- watch: checked again -----");
    }
}

/// The exercises whose `ANCHOR` block differs between two texts of the
/// learner's file (a block that appears or goes counts as changed).
fn edited(before: &str, after: &str, exercises: &[lessons::Exercise]) -> Vec<String> {
    let block = |text: &str, name: &str| {
        lessons::block(text, name).map(|(start, end)| {
            text.lines()
                .skip(start)
                .take(end - start)
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    exercises
        .iter()
        .filter(|e| block(before, &e.name) != block(after, &e.name))
        .map(|e| e.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "/dev/sda1 / ext4 rw 0 0\n\
        server:/home /home nfs4 rw 0 0\n\
        C:\\134 /mnt/c 9p rw 0 0\n\
        //nas/share /media/my\\040share cifs rw 0 0\n";

    #[test]
    fn an_edit_names_the_exercises_whose_blocks_changed() {
        let exercises = lessons::parse_hints("## one\n## two\n## three\n").expect("parses");
        let file = |one: &str, three: &str| {
            format!(
                "//! doc\n// ANCHOR: one\nfn one() {{ {one} }}\n// ANCHOR_END: one\n\
                 // ANCHOR: two\nfn two() {{}}\n// ANCHOR_END: two\n\
                 // ANCHOR: three\nfn three() {{ {three} }}\n// ANCHOR_END: three\n"
            )
        };
        let before = file("todo!()", "todo!()");
        assert!(edited(&before, &before, &exercises).is_empty());
        assert_eq!(edited(&before, &file("todo!()", "3"), &exercises), ["three"]);
        assert_eq!(edited(&before, &file("1", "3"), &exercises), ["one", "three"]);
        // Outside every block (the file's doc): no exercise changed.
        let doc = before.replace("//! doc", "//! my notes");
        assert!(edited(&before, &doc, &exercises).is_empty());
    }

    #[test]
    fn local_disks_use_events() {
        assert_eq!(
            choose(
                Path::new("/work/lessons/01-timing/src"),
                "Linux version 6.1",
                MOUNTS
            )
            .0,
            Mode::Events
        );
    }

    #[test]
    fn network_filesystems_and_wsl_mnt_poll() {
        let (mode, why) = choose(Path::new("/home/ann/workbook/lessons"), "Linux", MOUNTS);
        assert_eq!((mode, why.starts_with("nfs4")), (Mode::Poll, true), "{why}");
        let (mode, why) = choose(Path::new("/media/my share/workbook"), "Linux", MOUNTS);
        assert_eq!((mode, why.starts_with("cifs")), (Mode::Poll, true), "{why}");
        let wsl = "Linux version 5.15.90.1-microsoft-standard-WSL2";
        assert_eq!(
            choose(Path::new("/mnt/c/Users/ann/workbook"), wsl, "").0,
            Mode::Poll
        );
        assert_eq!(choose(Path::new("/home/ann/workbook"), wsl, "").0, Mode::Events);
    }

    /// A save is seen (the limit is a hang guard, not a speed test: on an
    /// idle machine it takes well under a second).
    fn a_saved_change_is_seen(mode: Mode) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join("exercises.rs");
        fs::write(&file, "fn a() {}\n").expect("write");
        let (mut changes, got, _) = Changes::new(dir.path(), mode);
        assert_eq!(got, mode);
        assert!(
            !changes.changed(Duration::from_millis(600)),
            "nothing was saved yet"
        );
        // A same-size save: mtime and content differ, size does not.
        fs::write(&file, "fn b() {}\n").expect("write");
        let saved = Instant::now();
        while !changes.changed(Duration::from_millis(100)) {
            assert!(
                saved.elapsed() < Duration::from_secs(30),
                "{mode:?}: no change seen 30 s after a save"
            );
        }
        assert!(
            !changes.changed(Duration::from_millis(600)),
            "{mode:?}: one save, one change"
        );
    }

    #[test]
    fn polling_sees_a_save() {
        a_saved_change_is_seen(Mode::Poll);
    }

    #[test]
    fn events_see_a_save() {
        a_saved_change_is_seen(Mode::Events);
    }
}
