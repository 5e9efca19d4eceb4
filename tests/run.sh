#!/bin/sh
# tests/run.sh [PATTERN...] - run the whole test suite, or the parts whose
# names contain one of the PATTERNs.
#
# The items are every unit test binary $MKEPUB_BUILD/tests/test_* (default
# build/), under valgrind when MKEPUB_VALGRIND=1, then every
# tests/e2e/t[0-9]*.sh in name order.  Each binary or script counts as
# one; the last line is "N passed, M failed" and the exit status is 1
# when anything failed.  A failing item's output is shown without its
# passing tests (everything with MKEPUB_TEST_VERBOSE=1).
#
# MKEPUB_TEST_JOBS (default: the number of processors, nproc) items run
# at once; each one's report is printed whole, in the order above, as
# soon as it and every item before it have ended.  A script may say how
# it must be scheduled in a line of its own, "# test-run: WORD...":
#   alone      nothing else runs while it does (timings, peak memory)
#   last       runs alone after every other item has ended (t0990 reads
#              what the others spooled)
#   lock=NAME  never at the same time as another item with lock=NAME
#              (t0120 and t0320 run make in build/)
#   early      started before the plain items (a long script, so that
#              it does not end the run alone)
# MKEPUB_TEST_TIMEOUT (seconds, default 900) bounds each binary or script.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

case ${MKEPUB_BUILD:-build} in
/*) build=${MKEPUB_BUILD} ;;
*) build=$top/${MKEPUB_BUILD:-build} ;;
esac
export MKEPUB_BUILD="$build"

ASAN_OPTIONS="exitcode=98:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="exitcode=98:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

timeout_s=${MKEPUB_TEST_TIMEOUT:-900}
if command -v timeout >/dev/null 2>&1; then
    with_timeout="timeout -k 10 $timeout_s"
else
    with_timeout=
fi

. "$top/tests/lib-run.sh"
run_jobs run.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/mkepub-run.XXXXXX") || exit 1
pids=
trap 'rm -rf "$work"' EXIT
trap 'stop_all; rm -rf "$work"; exit 130' INT TERM

passed=0
failed=0
failed_names=

# report I: item I's report, from $work/I.done ("RC SECS") and $work/I.log
report() {
    read -r name <"$work/$1.name"
    read -r rc secs <"$work/$1.done"
    log=$work/$1.log
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        echo "PASS  $name (${secs}s)"
        if [ "${MKEPUB_TEST_VERBOSE:-}" = 1 ]; then
            sed 's/^/      /' "$log"
        fi
    else
        failed=$((failed + 1))
        failed_names="$failed_names $name"
        case $rc in
        124 | 137) why="timed out after ${timeout_s}s" ;;
        98) why="sanitizer error" ;;
        99) why="valgrind error" ;;
        *) if [ "$rc" -gt 128 ]; then
               why="signal $((rc - 128))"
           else
               why="exit $rc"
           fi ;;
        esac
        echo "FAIL  $name ($why, ${secs}s)"
        grep -v '^ok ' "$log" | sed 's/^/      /'
    fi
}

now() {
    date +%s
}

# --- the items ------------------------------------------------------------------

# $work/I.name, $work/I.cmd (the command, one word a line) and $work/I.how
# (the test-run words) describe item I, 1..n, in report order.
n=0
add() {
    n=$((n + 1))
    echo "$1" >"$work/$n.name"
    echo "$2" >"$work/$n.how"
    shift 2
    printf '%s\n' "$@" >"$work/$n.cmd"
}

for t in "$build"/tests/test_*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    name=unit/${t##*/}
    selected "$name" "$@" || continue
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        add "$name" "" valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$t"
    else
        add "$name" "" "$t"
    fi
done

for t in tests/e2e/t[0-9]*.sh; do
    [ -f "$t" ] || continue
    name=e2e/${t##*/}
    selected "$name" "$@" || continue
    how=$(sed -n 's/^# test-run: *//p' "$t" | tr '\n' ' ')
    for w in $how; do
        case $w in
        alone | last | early | lock=?*) ;;
        *) echo "run.sh: $t: unknown '# test-run:' word '$w'" >&2
           exit 2 ;;
        esac
    done
    add "$name" "$how" sh "$t"
done

# --- running them ---------------------------------------------------------------

# start I: item I in the background; it writes $work/I.log, then
# $work/I.done ("RC SECS") when it has ended.
start() {
    (
        _cmd=
        while IFS= read -r _w; do
            _cmd="$_cmd '$(printf '%s' "$_w" | sed "s/'/'\\\\''/g")'"
        done <"$work/$1.cmd"
        _start=$(now)
        eval "exec $with_timeout $_cmd" >"$work/$1.log" 2>&1 </dev/null &
        _child=$!
        trap 'kill -TERM $_child 2>/dev/null; wait $_child 2>/dev/null; exit 130' TERM
        wait $_child
        _rc=$?
        echo "$_rc $(($(now) - _start))" >"$work/$1.tmp" &&
            mv "$work/$1.tmp" "$work/$1.done"
    ) &
    echo $! >"$work/$1.pid"
    pids="$pids $!"
}

has() {
    case " $1 " in
    *" $2 "*) return 0 ;;
    esac
    return 1
}

# The start order: "early" items, then the plain ones, then "last" ones;
# the report order stays 1..n.
order=
for pass in early plain last; do
    i=1
    while [ $i -le $n ]; do
        read -r how <"$work/$i.how" || how=
        kind=plain
        if has "$how" last; then
            kind=last
        elif has "$how" early; then
            kind=early
        fi
        [ $kind = $pass ] && order="$order $i"
        i=$((i + 1))
    done
done

pending=$order   # not started, in start order
running=         # started, not yet seen ended
alone_running=0
locks=           # lock names held by running items
shown=1          # the next item to report

while [ $shown -le $n ]; do
    # items that have ended give back their slot and lock
    still=
    for i in $running; do
        if [ -f "$work/$i.done" ]; then
            read -r how <"$work/$i.how" || how=
            if has "$how" alone || has "$how" last; then
                alone_running=0
            fi
            for w in $how; do
                case $w in
                lock=*) locks=$(echo "$locks" | sed "s/ ${w#lock=} / /") ;;
                esac
            done
        else
            still="$still $i"
        fi
    done
    running=$still
    # start what may start: in start order, an "alone" or "last" item
    # waits for every earlier one and holds back every later one
    count=$(echo $running | wc -w)
    left=
    blocked=0
    for i in $pending; do
        if [ $blocked = 1 ] || [ $alone_running = 1 ] ||
            [ "$count" -ge "$jobs" ]; then
            left="$left $i"
            continue
        fi
        read -r how <"$work/$i.how" || how=
        if has "$how" alone || has "$how" last; then
            if [ "$count" -eq 0 ]; then
                alone_running=1
                start "$i"
                running="$running $i"
                count=1
            else
                left="$left $i"
            fi
            blocked=1
            continue
        fi
        lock=
        for w in $how; do
            case $w in
            lock=*) lock=${w#lock=} ;;
            esac
        done
        if [ -n "$lock" ] && has "$locks" "$lock"; then
            left="$left $i"
            continue
        fi
        [ -n "$lock" ] && locks="$locks $lock "
        start "$i"
        running="$running $i"
        count=$((count + 1))
    done
    pending=$left
    # reports, in order, of everything that has ended
    while [ $shown -le $n ] && [ -f "$work/$shown.done" ]; do
        report $shown
        shown=$((shown + 1))
    done
    [ $shown -le $n ] && sleep 0.2
done
wait

if [ $failed -ne 0 ]; then
    echo "failed:$failed_names"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
