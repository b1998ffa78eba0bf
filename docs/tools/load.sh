# The load witness in bash, for `just capture`, `just figures` and
# `just test-under-load` (sourced, not run). The same measure as the helper
# crate's `workbook::load` (src/load.rs): CPU time that OTHER processes used
# during an interval, in cores — never the 1-minute load average, which
# counts our own threads (lesson 06's 10,000 push it to ~950 on two cores)
# and lingers for minutes after a burst.
#
#   /proc/stat, first line:   every CPU's ticks: user nice system idle iowait
#                             irq softirq steal (busy = user+nice+system+steal)
#   /proc/$$/stat, 14 to 17:  this shell's own ticks, and those of every child
#                             it has waited for (a demo and all it reaped)
#
# others (cores) = (Δbusy − Δown) × CPUs / Δtotal, never below zero. A child
# still running (a busy loop we started) counts as other until it is reaped:
# take the second reading before reaping it. Interrupt time is left out, as in
# src/load.rs: a demo's own loopback traffic is handled there.

# The quiet threshold in hundredths of a core: 25 = 0.25 cores, the same as
# `workbook::load::QUIET` and tests/figures.rs. CAPTURE_QUIET=0.5 raises it
# (for trying the tool on a busy machine: a capture above 0.25 still fails
# the figure test unless it is marked deliberate).
load_quiet=$(awk -v q="${CAPTURE_QUIET:-0.25}" 'BEGIN { printf "%d", q * 100 + 0.5 }')
load_cpus=$(grep -c '^cpu[0-9]' /proc/stat 2>/dev/null || echo 1)

# load_read NAME: the counters now, into NAME_busy NAME_total NAME_own NAME_at
# (microseconds). Builtins only: no child process is started to read them.
load_read() {
    local _cpu user nice system idle iowait irq softirq steal _rest line
    read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
    read -r line <"/proc/$$/stat"
    line=${line##*) }
    local -a f
    read -r -a f <<<"$line"
    # After the name, the state (field 3) is f[0]: utime (14) is f[11].
    printf -v "${1}_busy" %d $((user + nice + system + steal))
    printf -v "${1}_total" %d $((user + nice + system + steal + idle + iowait + irq + softirq))
    printf -v "${1}_own" %d $((f[11] + f[12] + f[13] + f[14]))
    printf -v "${1}_at" %d "${EPOCHREALTIME/./}"
}

# load_between A B: others' use from reading A to reading B, in hundredths of
# a core, into load_centi; the interval in tenths of a second into load_tenths.
load_between() {
    local busy=$(($2_busy - $1_busy)) total=$(($2_total - $1_total)) own=$(($2_own - $1_own))
    local others=$((busy - own))
    ((others > 0)) || others=0
    ((total > 0)) || total=1
    load_centi=$((others * 100 * load_cpus / total))
    load_tenths=$((($2_at - $1_at) / 100000))
}

# load_widen A B: a run under 1 s is judged over the 1 s from its start:
# sleep out the rest of that second, read B again, and measure A to B.
# The counters advance in ticks (10 ms a CPU): over a few milliseconds one
# tick another process took reads as whole cores (a 0.0 s plotting run was
# once refused at 2.00 of 2 cores); over a second, one tick is 0.01 cores.
# Sets load_widened to the run's own tenths of a second ("" when not
# widened); the witness line then says "around the run (1.0 s, ...)".
load_widen() {
    load_between "$1" "$2"
    load_widened=""
    ((load_tenths < 10)) || return 0
    local from_var=$1_at to_var=$2_at
    local rest=$((1000000 - (${!to_var} - ${!from_var})))
    load_widened=$load_tenths
    ((rest <= 0)) || sleep "$((rest / 1000000)).$(printf %06d $((rest % 1000000)))"
    load_read "$2"
    load_between "$1" "$2"
}

# 1234 -> "12.34"
load_fmt() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# The witness line under a capture (tests/figures.rs reads the figure after
# "load"), from the last load_between.
load_witness_line() {
    local during="during the run"
    # A run under 1 s (load_widen): the second from its start, "around" it.
    [ -z "${load_widened:-}" ] || during="around the run"
    printf "witness: other processes' load %s of %d cores %s (%d.%d s, quiet ≤ %s)\n" \
        "$(load_fmt "$load_centi")" "$load_cpus" "$during" $((load_tenths / 10)) $((load_tenths % 10)) "$(load_fmt "$load_quiet")"
}

# load_settle WHAT: wait until other processes have used at most the quiet
# threshold for LOAD_SETTLE_SECONDS (3) seconds in a row, saying so; give up
# after CAPTURE_SETTLE_MAX (900) seconds with an error.
load_settle() {
    local what=$1 need=${LOAD_SETTLE_SECONDS:-3} most=${CAPTURE_SETTLE_MAX:-900}
    local quiet_for=0 waited=0 said=false
    while ((quiet_for < need)); do
        load_read settle_a
        sleep 1
        load_read settle_b
        load_between settle_a settle_b
        waited=$((waited + 1))
        if ((load_centi <= load_quiet)); then
            quiet_for=$((quiet_for + 1))
            continue
        fi
        quiet_for=0
        if ! $said || ((waited % 30 == 0)); then
            echo "capture: waiting for the machine to settle before $what: other processes use $(load_fmt "$load_centi") of $load_cpus cores (a capture needs $(load_fmt "$load_quiet") or less for ${need} s; ${waited} s so far) …" >&2
            said=true
        fi
        if ((waited >= most)); then
            echo "capture: the machine did not settle in ${most} s (other processes use $(load_fmt "$load_centi") of $load_cpus cores): try again later, or keep a loaded run on purpose with --keep-loaded" >&2
            return 1
        fi
    done
    echo "capture: quiet for ${need} s (other processes at most $(load_fmt "$load_quiet") of $load_cpus cores): running $what" >&2
}

# Busy loops beside a run: load_loops_start starts two per core (each a
# shell spinning on one core), load_loops_stop kills and reaps them. A loop
# also ends on its own within a moment of this shell's end, however it ends
# (even by SIGKILL, where no trap runs): it checks between spins.
load_loops=()
load_loops_start() {
    local i
    for ((i = 0; i < 2 * load_cpus; i++)); do
        (
            parent=$$ # the script's pid, also inside this subshell
            while kill -0 "$parent" 2>/dev/null; do
                for ((spin = 0; spin < 100000; spin++)); do :; done
            done
        ) &
        load_loops+=($!)
    done
}
load_loops_stop() {
    ((${#load_loops[@]})) || return 0
    kill "${load_loops[@]}" 2>/dev/null || true
    wait "${load_loops[@]}" 2>/dev/null || true
    load_loops=()
}
