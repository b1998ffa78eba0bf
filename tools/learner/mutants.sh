#!/usr/bin/env bash
# `just mutants [N...]`: mutation testing of the exercise tests. For lesson N
# (no N: every lesson with an answer key), cargo-mutants changes the answer
# key, `src/solutions.rs` (and the library functions it re-exports), one
# small change at a time ("replace + with -", "return Default::default()"),
# and runs only that lesson's exercise tests against each change. A change
# the tests do not notice is a hole in the tests: every such "missed"
# mutant must be caught, or listed in `lessons/NN-*/mutants-equivalent.txt`
# with the reason no test can catch it (an equivalent mutant: the program
# means the same).
#
# cargo-mutants walks a crate's module tree only, and the answer key is
# compiled into the test crate through `#[path]`, so it cannot see it. So it
# works on a scratch copy of the workspace (target/mutants/tree) whose
# lesson library also declares the answer key as a module; the copy builds
# in target/mutants/target, and the real tree is never touched.
#
# Install it once: cargo install --locked cargo-mutants (about 3 minutes).
set -euo pipefail

command -v cargo-mutants >/dev/null || {
    echo "cargo-mutants is missing: cargo install --locked cargo-mutants" >&2
    exit 1
}
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
work="$target/mutants"
mkdir -p "$work"

lessons=()
if [ "$#" -eq 0 ]; then
    for dir in lessons/[0-9][0-9]-*/; do
        [ -f "$dir/src/solutions.rs" ] && lessons+=("$(basename "$dir")")
    done
else
    for n in "$@"; do
        [[ "$n" =~ ^[0-9]+$ ]] || { echo "a lesson is a number, like 'just mutants 1', not '$n'" >&2; exit 1; }
        dir=$(compgen -G "lessons/$(printf %02d "$((10#$n))")-*" | head -n 1) || true
        [ -n "$dir" ] || { echo "there is no lesson $n" >&2; exit 1; }
        [ -f "$dir/src/solutions.rs" ] || { echo "lesson $n has no src/solutions.rs" >&2; exit 1; }
        lessons+=("$(basename "$dir")")
    done
fi

# The scratch copy: every file git tracks or would track (not target/).
tree="$work/tree"
rm -rf "$tree"
mkdir -p "$tree"
git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$tree"

failed=()
for folder in "${lessons[@]}"; do
    dir="lessons/$folder"
    package="lesson-$folder"
    crate=${package//-/_}
    # The answer key as cargo-mutants sees it: where the library already
    # declares it (lesson 10 builds it into its Python module, `#[path =
    # "../solutions.rs"]` under the `exercises` feature), by that path;
    # otherwise as a module added to the copy's library.
    declared=$(grep -rlE '#\[path = "(\.\./)*solutions\.rs"\]' "$dir/src" 2>/dev/null | head -n 1 || true)
    features=()
    if [ -n "$declared" ]; then
        up=$(grep -oE '#\[path = "[^"]*solutions\.rs"\]' "$declared" | head -n 1 | sed -E 's/^#\[path = "([^"]*)"\]$/\1/')
        key="$(dirname "$declared")/$up"
        grep -qE '^exercises *=' "$dir/Cargo.toml" && features=(--features exercises)
    else
        key="$dir/src/solutions.rs"
        lib="$tree/$dir/src/lib.rs"
        {
            echo
            echo "// Added by \`just mutants\` to its scratch copy: cargo-mutants sees the answer key."
            grep -q "extern crate self as $crate" "$lib" || echo "extern crate self as $crate;"
            echo "#[allow(missing_docs, dead_code, unused_imports, clippy::all)]"
            echo "#[path = \"solutions.rs\"]"
            echo "pub mod mutation_target;"
        } >>"$lib"
    fi
    # Library functions the answer key re-exports (`pub use crate_name::{a, b}`).
    names=$(grep -E "^pub use $crate::" "$dir/src/solutions.rs" |
        sed -E "s/^pub use $crate:://; s/[{};]/ /g; s/,/ /g; s/[a-z_]+:://g" |
        tr ' ' '\n' | grep -E '^[a-z_][a-z0-9_]*$' | sort -u | paste -sd'|' || true)
    files=(-f "$key")
    filter=()
    if [ -n "$names" ]; then
        files+=(-f "$dir/src/*.rs" -f "$dir/src/**/*.rs" -e "$dir/src/exercises.rs" -e "$dir/src/main.rs")
        filter=(--re "(solutions\\.rs:| in ($names)\$|replace ($names)( ->| with))")
    fi
    out="$work/$folder"
    rm -rf "$out"
    mkdir -p "$out"
    echo "== $folder: mutating src/solutions.rs${names:+ and the library functions $names}; only its exercise tests run"
    set +e
    (cd "$tree" && CARGO_TARGET_DIR="$work/target" cargo mutants --in-place --no-shuffle \
        --package "$package" "${features[@]}" "${files[@]}" "${filter[@]}" --output "$out" \
        -- --test exercises)
    status=$?
    set -e
    mutants_out="$out/mutants.out"
    # Exit 0: all caught; 2: some missed; 3: some timed out; 4: the tests
    # fail without a change (the answer key is broken).
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$status" -ne 3 ]; then
        echo "$folder: cargo-mutants failed (exit $status): see $mutants_out" >&2
        failed+=("$folder")
        continue
    fi
    equivalent="$dir/mutants-equivalent.txt"
    unexplained=()
    outside=0
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        # cargo-mutants 27.1 applies neither --re nor --exclude-re to its
        # "delete field" mutants: those of library code the answer key does
        # not re-export are outside the check, and not counted.
        if [[ "$line" =~ ^[^:]+:[0-9]+:[0-9]+:\ delete\ field\ .*\ in\ ([A-Za-z0-9_:]+)$ ]] &&
            [[ "$line" != */solutions.rs:* ]] &&
            ! [[ "|$names|" == *"|${BASH_REMATCH[1]##*::}|"* ]]; then
            outside=$((outside + 1))
            continue
        fi
        # "path:line:col: replace ..." -> "replace ...": entries survive edits.
        name=$(sed -E 's/^[^:]+:[0-9]+:[0-9]+: //' <<<"$line")
        listed=false
        if [ -f "$equivalent" ]; then
            while IFS= read -r entry; do
                [[ "$entry" =~ ^[[:space:]]*(#|$) ]] && continue
                [ "${entry%%  # *}" = "$name" ] && listed=true && break
            done <"$equivalent"
        fi
        $listed || unexplained+=("$name")
    done < <(cat "$mutants_out/missed.txt" 2>/dev/null || true)
    caught=$(grep -c . "$mutants_out/caught.txt" 2>/dev/null || true)
    missed=$(grep -c . "$mutants_out/missed.txt" 2>/dev/null || true)
    timeout=$(grep -c . "$mutants_out/timeout.txt" 2>/dev/null || true)
    unviable=$(grep -c . "$mutants_out/unviable.txt" 2>/dev/null || true)
    echo "$folder: ${caught:-0} caught, ${timeout:-0} timed out (a hang the watchdog or cargo-mutants stopped: caught), ${missed:-0} missed (${outside} of them outside the answer key), ${unviable:-0} did not compile"
    if [ "${#unexplained[@]}" -gt 0 ]; then
        echo "$folder: missed and not in $equivalent (a test to add, or a line 'MUTANT  # why no test can catch it'):" >&2
        printf '  %s\n' "${unexplained[@]}" >&2
        failed+=("$folder")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "mutants: ${failed[*]}: see above (outputs in $work/)" >&2
    exit 1
fi
echo "mutants: every mutant of ${lessons[*]} is caught or listed as equivalent"
