# tests/lib-run.sh - what the two test runners (tests/run.sh and
# tests/alloc/run.sh) share, sourced by both: how many items run at once,
# stopping the ones running, and choosing items by pattern.

# run_jobs WHO: sets $jobs from MKEPUB_TEST_JOBS (default: the number of
# cores); a value that is not a number from 1 up ends the runner with
# exit 2, naming WHO.
run_jobs() {
    jobs=${MKEPUB_TEST_JOBS:-}
    if [ -z "$jobs" ]; then
        jobs=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null) ||
            jobs=1
    fi
    case $jobs in
    '' | *[!0-9]* | 0)
        echo "$1: MKEPUB_TEST_JOBS must be a number from 1 up, not '$jobs'" >&2
        exit 2
        ;;
    esac
}

# stop_all: stops every item still running, whose process ids are in
# $pids (its timeout, or its shell, passes the signal on).
stop_all() {
    for _p in $pids; do
        kill -TERM "$_p" 2>/dev/null
    done
    wait 2>/dev/null
}

# selected NAME [PATTERN...]: true when no PATTERN is given or NAME
# contains one of them.
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
