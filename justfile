# The Rust Concurrency Workbook: what a learner runs. `just` alone lists it.
# Lessons are numbered: `just lesson 3` runs lessons/03-*/.

set positional-arguments := true
set shell := ["bash", "-euo", "pipefail", "-c"]

# List the lessons and these commands
default: list

# The learner tool (tools/learner): every learner command below calls it; the
# justfile never parses the lessons. Cargo is asked to build it only when one
# of its sources is newer than the binary: cargo's own up-to-date check costs
# about a second on a busy machine, and `just progress` must answer in under 2 s.
# A build that is needed says so first, and shows cargo's own progress bar: a
# first build takes minutes, and a learner must never face minutes of silence.
learner := 'bin="${CARGO_TARGET_DIR:-target}/debug/learner"; if [ ! -x "$bin" ] || [ -n "$(find tools/learner/src tools/learner/Cargo.toml src/lib.rs src/lessons.rs Cargo.toml Cargo.lock -newer "$bin" -print -quit)" ]; then echo "building the learner tool (the first build takes a minute or more) …" >&2; cargo build --package learner && touch "$bin"; fi; "$bin"'

# The lessons, their exercises, and the commands
list:
    @{{learner}} list
    @just --list --unsorted

# Run lesson N's demo (a release build: timings mean something)
[no-exit-message]
lesson n *args:
    #!/usr/bin/env bash
    set -euo pipefail
    package=$(just _package "$1"); shift
    launcher=$PPID  # `just` itself
    # Build in a process group of its own, watched: if `just` is killed (TERM
    # or KILL) while cargo builds, the whole build (cargo and its rustc) is
    # stopped too, instead of running on with no one waiting for it.
    demo="${CARGO_TARGET_DIR:-target}/release/$package"
    # Say so before a build that is needed (a source newer than the demo, or
    # no demo yet): the first one takes a minute or more.
    # The demo is touched after each build: cargo leaves an up-to-date binary
    # as it was, and a newer file that changes nothing would say it forever.
    # A needed build shows cargo's own progress bar (on a terminal); an
    # up-to-date one stays quiet.
    quiet=--quiet
    if [ ! -x "$demo" ] || [ -n "$(find "lessons/${package#lesson-}" src Cargo.toml Cargo.lock -newer "$demo" -print -quit)" ]; then
        echo "building lesson ${package:7:2} (the first build takes a minute or more) …" >&2
        quiet=
    fi
    set -m
    cargo build --release $quiet --package "$package" &
    build=$!
    set +m
    trap 'kill -TERM -- "-$build" 2>/dev/null || true' EXIT
    trap 'kill -TERM -- "-$build" 2>/dev/null || true; exit 130' INT TERM
    while kill -0 "$build" 2>/dev/null; do
        kill -0 "$launcher" 2>/dev/null || exit 1
        sleep 0.2
    done
    wait "$build"
    trap - EXIT INT TERM
    [ ! -x "$demo" ] || touch "$demo"
    # Then replace this shell with the demo: no cargo sits in between, and
    # the demo's watch_parent ends it when `just` is gone, even after KILL.
    export WORKBOOK_PARENT_PID=$launcher
    # A lesson whose binary is named otherwise: let cargo find it.
    [ -x "$demo" ] || exec cargo run --release --quiet --package "$package" -- "$@"
    exec "$demo" "$@"

# Test YOUR exercises of lesson N (K: only exercise K; --full: whole messages)
[no-exit-message]
check n *only:
    @{{learner}} check "$@"

# Check your current exercise on every save (--poll: WSL2 /mnt)
[no-exit-message]
watch *n:
    @{{learner}} watch "$@"

# Put exercise K (or all of lesson N) back to its stub; asks
[no-exit-message]
reset n *k:
    @{{learner}} reset "$@"

# The hint of exercise K of lesson N (no K: the exercises)
[no-exit-message]
hint n *k:
    @{{learner}} hint "$@"

# Test lesson N's reference solutions (the same tests)
[no-exit-message]
solutions n *only:
    @{{learner}} solutions "$@"

# Model-check YOUR exercises of lesson N with loom (every interleaving); words filter
loom n *filter:
    #!/usr/bin/env bash
    set -euo pipefail
    package=$(just _package "$1"); shift
    [ -f "lessons/${package#lesson-}/tests/loom.rs" ] || { echo "lesson $1 has no model checks (tests/loom.rs)" >&2; exit 1; }
    # --cfg loom changes the flags of every crate: its own target dir keeps
    # the normal builds warm. LOOM_KEY=1 checks the answer key instead, and
    # the chapter's wrong answers (tests/loom_pitfalls.rs) with it.
    export RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/loom"
    if [ -n "${LOOM_KEY:-}" ]; then
        cargo test --release --package "$package" --test loom --test loom_pitfalls -- "$@"
    else
        cargo test --release --package "$package" --features learner --test loom -- "$@"
    fi

# Your exercises, lesson by lesson, and what to do next
[no-exit-message]
progress:
    @{{learner}} progress

# CI: stubs fail every test, solutions pass (--ci: unedited)
verify-stubs *args:
    @{{learner}} verify-stubs "$@"

# Mutation-test lesson N's exercise tests (cargo-mutants; slow)
mutants *n:
    @tools/learner/mutants.sh "$@"

# Serve the book and open it in a browser (needs mdbook; the first build
# also compiles the book's link preprocessor, tools/book-links)
book:
    @command -v mdbook >/dev/null || { echo "mdbook is missing: cargo install --locked mdbook"; exit 1; }
    mdbook serve docs --open

# Re-run lesson N's captures (no N: all), each once the machine is quiet
capture *n:
    docs/tools/capture "$@"

# Re-draw every figure: captures and figures-only lines (quiet machine)
figures *n:
    docs/tools/capture --figures "$@"

# The suite beside two busy loops per core, ROUNDS times (issue 19)
test-under-load rounds="3":
    .ci/test-under-load "$@"

# Print the book to docs/book/workbook.pdf: title page, contents, page numbers, bookmarks (Chromium, node)
pdf:
    #!/usr/bin/env bash
    set -euo pipefail
    command -v mdbook >/dev/null || { echo "mdbook is missing: cargo install --locked mdbook" >&2; exit 1; }
    command -v node >/dev/null || { echo "node is missing: install Node.js (Debian: apt-get install nodejs npm)" >&2; exit 1; }
    browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
    [ -n "$browser" ] || { echo "no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome" >&2; exit 1; }
    [ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund)
    mdbook build docs
    # Prints print.html twice (the second time with the contents' page
    # numbers), then checks the PDF's bookmarks and page count.
    CHROMIUM="$browser" node tests/browser/pdf.mjs

# Run the whole test suite (the README's test command)
test:
    cargo test --workspace

# Lesson N's benchmarks (divan); words filter by name
bench n *filter:
    #!/usr/bin/env bash
    set -euo pipefail
    package=$(just _package "$1"); shift
    cargo bench --quiet --package "$package" -- "$@"

# Lesson 08: every engine at 1, 2, 4... threads (sml 3)
bench-pipeline *args:
    lessons/08-sales/bench.sh "$@"

# Lesson 08's report from DuckDB and Polars (pip venv)
bench-peers *args:
    lessons/08-sales/bench-peers.sh "$@"

# The package of lesson N: lessons/NN-slug/ is package lesson-NN-slug
[no-exit-message]
_package n:
    #!/usr/bin/env bash
    set -euo pipefail
    [[ "$1" =~ ^[0-9]+$ ]] || { echo "a lesson is a number, like 'just lesson 3', not '$1'" >&2; exit 1; }
    # 10# reads "08" as decimal, not as a broken octal number
    dir=$(compgen -G "lessons/$(printf %02d "$((10#$1))")-*" | head -n 1) || true
    [ -n "$dir" ] || { echo "there is no lesson $1; 'just list' shows them" >&2; exit 1; }
    echo "lesson-$(basename "$dir")"
