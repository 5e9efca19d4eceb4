#!/bin/sh
# tests/alloc/run.sh [PATTERN...] - the allocation-failure loop behind
# `make check-alloc` (STYLE.md H7); with PATTERNs, only the passes whose
# names contain one.
#
# $MKEPUB_BUILD/mkepub (default build/alloc: -DMK_TEST_ALLOC, ASan+UBSan)
# builds a book once per N with MK_FAIL_ALLOC=N, which makes the N-th
# allocation through src/buf.c return NULL (MK_FAIL_XML_ALLOC=N: the N-th
# of libxml2's, which main.c routes with xmlMemSetup to the same hook in
# src/buf.c, counted apart), with SOURCE_DATE_EPOCH
# set.  Passes: the sample book, the fragments fixture and the Markdown
# sample (tests/books/markdown) with -j 1, the picture book
# (tests/books/picture-book: image pages, fixed layout) and the
# read-aloud book (tests/books/read-aloud: media overlays) sparsely, the
# sample with worker threads, to standard output and with --check;
# mkepub inspect (text and --json) on the sample book; then libxml2's
# allocations for both books and for inspect.
#
# A run that reached the failure must exit 3 with an "error:" line,
# leave no file behind (output, libzip's temporary, anything in its
# folder or TMPDIR) and write nothing to standard output -- or, for
# libxml2's allocations only, exit 0 with the very book the undisturbed
# build makes (libxml2 can do without some: a failed dictionary entry is
# copied instead).  The first run that does not reach it must exit 0 and
# ends the pass.  No run may crash, hang or draw a sanitizer report
# (ASan/LSan/UBSan, exit 98).  N takes every value up to ALLOC_EVERY
# (default 300), then steps of ALLOC_STRIDE (default 7); "sparse" passes
# use the stride from the start.  The last line is "N runs, allocations
# 1..K, all exited 3 or 0, no sanitizer report", or the failures and exit
# status 1.  The passes are independent and run MKEPUB_TEST_JOBS at a
# time (default: the number of processors), each in its own folder; each
# pass's report is printed whole, in the order below.  Reproduce one
# run (MK_FAIL_ALLOC_TRACE=1 prints the failing call's stack):
#   MK_FAIL_ALLOC=N build/alloc/mkepub -j 1 -o x.epub book/book.xml
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

case ${MKEPUB_BUILD:-build/alloc} in
/*) build=${MKEPUB_BUILD} ;;
*) build=$top/${MKEPUB_BUILD:-build/alloc} ;;
esac
bin=$build/mkepub
if [ ! -x "$bin" ]; then
    echo "alloc: $bin missing; run 'make check-alloc'" >&2
    exit 1
fi

every=${ALLOC_EVERY:-300}
stride=${ALLOC_STRIDE:-7}
timeout_s=${ALLOC_TIMEOUT:-60}
if command -v timeout >/dev/null 2>&1; then
    with_timeout="timeout -k 5 $timeout_s"
else
    with_timeout=
fi

ASAN_OPTIONS="detect_leaks=1:exitcode=98${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="exitcode=98:print_stacktrace=1:halt_on_error=1\
${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS UBSAN_OPTIONS SOURCE_DATE_EPOCH
unset MK_FAIL_ALLOC MK_FAIL_XML_ALLOC MK_FAIL_ALLOC_REPORT

. "$top/tests/lib-run.sh"
run_jobs alloc

# $root/K/ is the K-th pass's own folder ($work while it runs)
root=$(mktemp -d "${TMPDIR:-/tmp}/mkepub-alloc.XXXXXX") || exit 1
work=$root
pids=
trap 'rm -rf "$root"' EXIT
trap 'stop_all; rm -rf "$root"; exit 130' INT TERM

patterns="$*"

runs=0
bad=0
kmax=0
absorbed=0
sample=$top/book/book.xml
fragments=$top/tests/fixtures/fragments/book
markdown=$top/tests/books/markdown/book
pictures=$top/tests/books/picture-book/book
aloud=$top/tests/books/read-aloud/book

# run VAR N OUT ARGS... - one build in a fresh folder with VAR=N; sets
# rc, fired (1 when the failure was reached) and total (allocations seen).
run() {
    _var=$1
    _n=$2
    _out=$3
    shift 3
    rm -rf "$work/run"
    mkdir -p "$work/run/out" "$work/run/tmp" || exit 1
    case $_out in
    none) set -- "$@" ;;
    -) set -- -o - "$@" ;;
    *) set -- -o "$work/run/out/$_out" "$@" ;;
    esac
    (cd "$work/run" &&
        env TMPDIR="$work/run/tmp" MK_FAIL_ALLOC_REPORT="$work/run/report" \
            "$_var=$_n" $with_timeout "$bin" "$@" \
            >"$work/run/stdout" 2>"$work/run/stderr" </dev/null)
    rc=$?
    runs=$((runs + 1))
    fired=0
    total=0
    if [ -f "$work/run/report" ]; then
        case $_var in
        MK_FAIL_XML_ALLOC) _fired=xmlfired _total=xmltotal ;;
        *) _fired=fired _total=total ;;
        esac
        grep -q "^$_fired " "$work/run/report" && fired=1
        total=$(sed -n "s/^$_total //p" "$work/run/report" | tail -n 1)
        total=${total:-0}
    fi
}

# fail MESSAGE - report the last run as a failure, with its stderr.
fail() {
    bad=$((bad + 1))
    echo "FAIL  $pass N=$n: $1"
    echo "      reproduce: $var=$n $bin $outarg$args"
    sed -n '1,40s/^/      /p' "$work/run/stderr"
}

# check - judge the last run.
check() {
    if grep -q 'Sanitizer\|runtime error:' "$work/run/stderr" ||
        [ "$rc" -eq 98 ]; then
        fail "sanitizer report (exit $rc)"
        return
    fi
    case $rc in
    124 | 137) fail "timed out after ${timeout_s}s"; return ;;
    esac
    if [ "$rc" -gt 128 ]; then
        fail "killed by signal $((rc - 128))"
        return
    fi
    if [ "$fired" -eq 0 ]; then
        [ "$rc" -eq 0 ] || fail "exit $rc though no allocation failed"
        return
    fi
    if [ "$rc" -eq 0 ] && [ "$var" = MK_FAIL_XML_ALLOC ] &&
        cmp -s "$work/base" "$(result_file)"; then
        absorbed=$((absorbed + 1))
        return
    fi
    if [ "$rc" -ne 3 ]; then
        fail "exit $rc, not 3, after the allocation failed"
        return
    fi
    grep -q 'error:' "$work/run/stderr" ||
        fail "exit 3 without an error message"
    _left=$(cd "$work/run" && find . -mindepth 1 ! -path ./out ! -path ./tmp \
        ! -name stdout ! -name stderr ! -name report | head -n 3)
    [ -z "$_left" ] || fail "left behind: $(echo $_left)"
    [ ! -s "$work/run/stdout" ] || fail "wrote to standard output"
}

# result_file - where the last run's book is.
result_file() {
    case $out in
    -) echo "$work/run/stdout" ;;
    none) echo /dev/null ;;
    *) echo "$work/run/out/$out" ;;
    esac
}

# run_pass NAME VAR OUT dense|sparse ARGS... - one loop over N; OUT is a
# file name in the run's out/ folder, - for standard output, none for no
# -o.  Its report goes to standard output, its counts to $work/counts
# ("RUNS BAD KMAX ABSORBED").
run_pass() {
    pass=$1
    var=$2
    out=$3
    mode=$4
    shift 4
    case $out in
    none) outarg= ;;
    -) outarg='-o - ' ;;
    *) outarg='-o x.epub ' ;;
    esac
    args="$*"
    start_runs=$runs
    start_bad=$bad
    n=0
    run "$var" 0 "$out" "$@"
    check
    cp "$(result_file)" "$work/base" 2>/dev/null || : >"$work/base"
    count=$total
    if [ "$rc" -ne 0 ] || [ "$count" -eq 0 ]; then
        fail "the build without a failure exits $rc, $count allocations"
        echo "$runs $bad $kmax $absorbed" >"$work/counts"
        return
    fi
    n=1
    while :; do
        run "$var" "$n" "$out" "$@"
        check
        [ "$fired" -eq 1 ] || break
        if [ "$mode" = dense ] && [ "$n" -lt "$every" ]; then
            n=$((n + 1))
        else
            n=$((n + stride))
        fi
    done
    [ "$count" -gt "$kmax" ] && kmax=$count
    # With worker threads the count varies from run to run.
    case " $args " in
    *" -j 1 "*)
        [ "$n" -gt "$count" ] ||
            fail "not reached, though the build makes $count allocations" ;;
    esac
    echo "$pass: $count allocations, $((runs - start_runs)) runs," \
        "$((bad - start_bad)) failed"
    echo "$runs $bad $kmax $absorbed" >"$work/counts"
}

# pass NAME VAR OUT dense|sparse ARGS... - queue run_pass with these
# arguments (one a line in $root/K/args) when NAME is selected.
npass=0
pass() {
    selected "$1" $patterns || return 0
    npass=$((npass + 1))
    mkdir "$root/$npass" && printf '%s\n' "$@" >"$root/$npass/args" ||
        exit 1
}

# start_pass K - the K-th queued pass in the background, in $root/K/:
# its report in out, its counts in counts, then done.
start_pass() {
    (
        work=$root/$1
        runs=0 bad=0 kmax=0 absorbed=0
        set --
        while IFS= read -r _a; do
            set -- "$@" "$_a"
        done <"$work/args"
        run_pass "$@" >"$work/out" 2>&1
        : >"$work/done"
    ) &
    pids="$pids $!"
}

pass buf-sample MK_FAIL_ALLOC book.epub dense -j 1 "$sample"
pass buf-fragments MK_FAIL_ALLOC book.epub dense -j 1 "$fragments"
pass buf-markdown MK_FAIL_ALLOC book.epub dense -j 1 "$markdown"
pass buf-pictures MK_FAIL_ALLOC book.epub sparse -j 1 "$pictures"
pass buf-overlays MK_FAIL_ALLOC book.epub sparse -j 1 "$aloud"
pass buf-threads MK_FAIL_ALLOC book.epub sparse -j 4 "$sample"
pass buf-stdout MK_FAIL_ALLOC - sparse -j 1 "$sample"
pass buf-check MK_FAIL_ALLOC none sparse -j 1 --check "$sample"
# mkepub inspect on the sample book (made once, undisturbed), as text
# and as JSON: a failure leaves standard output empty.
if selected buf-inspect,buf-inspect-json,xml-inspect $patterns; then
    "$bin" -j 1 -o "$root/sample.epub" "$sample" >/dev/null 2>&1 ||
        echo "alloc: cannot build the sample book for inspect" >&2
fi
pass buf-inspect MK_FAIL_ALLOC none dense inspect "$root/sample.epub"
pass buf-inspect-json MK_FAIL_ALLOC none sparse inspect --json \
    "$root/sample.epub"
pass xml-sample MK_FAIL_XML_ALLOC book.epub dense -j 1 "$sample"
pass xml-fragments MK_FAIL_XML_ALLOC book.epub dense -j 1 "$fragments"
pass xml-inspect MK_FAIL_XML_ALLOC none dense inspect "$root/sample.epub"

# The passes are independent: MKEPUB_TEST_JOBS of them at once, in the
# order above (the longest first), each one's report printed whole, in
# that order.
next=1
shown=1
while [ $shown -le $npass ]; do
    count=0
    k=$shown
    while [ $k -lt $next ]; do
        [ -f "$root/$k/done" ] || count=$((count + 1))
        k=$((k + 1))
    done
    while [ $next -le $npass ] && [ $count -lt "$jobs" ]; do
        start_pass $next
        next=$((next + 1))
        count=$((count + 1))
    done
    while [ $shown -le $npass ] && [ -f "$root/$shown/done" ]; do
        cat "$root/$shown/out"
        if read -r r b k a <"$root/$shown/counts"; then
            runs=$((runs + r))
            bad=$((bad + b))
            absorbed=$((absorbed + a))
            [ "$k" -gt "$kmax" ] && kmax=$k
        else
            bad=$((bad + 1))
            echo "FAIL  pass $shown ended without its counts"
        fi
        shown=$((shown + 1))
    done
    [ $shown -le $npass ] && sleep 0.2
done
wait

if [ "$absorbed" -ne 0 ]; then
    echo "($absorbed failures of libxml2's allocations were absorbed by" \
        "libxml2: exit 0, the same book)"
fi
if [ "$bad" -ne 0 ]; then
    echo "$runs runs, allocations 1..$kmax, $bad failed"
    exit 1
fi
echo "$runs runs, allocations 1..$kmax, all exited 3 or 0, no sanitizer report"
