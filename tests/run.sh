#!/bin/sh
# tests/run.sh [PATTERN...] - run the whole test suite, or the parts whose
# names contain one of the PATTERNs.
#
# First every unit test binary $MKEPUB_BUILD/tests/test_* (default build/),
# under valgrind when MKEPUB_VALGRIND=1, then every tests/e2e/t[0-9]*.sh in
# order.  Each binary or script counts as one; the last line is
# "N passed, M failed" and the exit status is 1 when anything failed.
# A failing script's output is shown without its passing tests (everything
# with MKEPUB_TEST_VERBOSE=1).
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

log=$(mktemp "${TMPDIR:-/tmp}/mkepub-run.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
trap 'rm -f "$log"; exit 130' INT TERM

passed=0
failed=0
failed_names=

selected() {
    [ $# -gt 1 ] || return 0
    _name=$1
    shift
    for _p in "$@"; do
        case $_name in
        *"$_p"*) return 0 ;;
        esac
    done
    return 1
}

report() {
    name=$1
    rc=$2
    secs=$3
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

# --- unit tests ---------------------------------------------------------------

for t in "$build"/tests/test_*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    name=unit/${t##*/}
    selected "$name" "$@" || continue
    start=$(now)
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        $with_timeout valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$t" >"$log" 2>&1 </dev/null
    else
        $with_timeout "$t" >"$log" 2>&1 </dev/null
    fi
    rc=$?
    report "$name" $rc $(($(now) - start))
done

# --- end-to-end scripts -------------------------------------------------------

for t in tests/e2e/t[0-9]*.sh; do
    [ -f "$t" ] || continue
    name=e2e/${t##*/}
    selected "$name" "$@" || continue
    start=$(now)
    $with_timeout sh "$t" >"$log" 2>&1 </dev/null
    rc=$?
    report "$name" $rc $(($(now) - start))
done

if [ $failed -ne 0 ]; then
    echo "failed:$failed_names"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
