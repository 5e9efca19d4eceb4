#!/bin/sh
# tests/fuzz/run.sh [TARGET...] - build the libFuzzer targets and run each
# for FUZZ_SECONDS (default 60) seconds, one after another.
#
# Targets: book (mk_book_read), chapter (mk_xhtml_load + mk_xhtml_serialize
# + loading the result again), css (mk_css_scan), svg (mk_svg_check +
# mk_media_check), inspect (mk_inspect_memory on the bytes as an EPUB),
# overlay (mk_overlay_read + mk_overlay_clock).  Default: all six.
#
# The library sources (src/*.c but main.c) are compiled with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build/fuzz/obj/ (the
# normal build in build/obj/ is not touched); each target is linked with
# -fsanitize=fuzzer,address,undefined into build/fuzz/fuzz_TARGET.
#
# Each run reads tests/fuzz/seed-TARGET/ and tests/fuzz/regressions/TARGET/
# and grows build/fuzz/corpus-TARGET/ (kept between runs).  Crash, leak,
# timeout and out-of-memory inputs go to build/fuzz/artifacts/.  The full
# libFuzzer log of a run is build/fuzz/TARGET.log.
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 60); 0 builds the targets
#                 and only replays the seeds, regressions and corpus
#   FUZZ_CC       the clang to use (default clang)
#   FUZZ_FLAGS    extra libFuzzer flags, e.g. "-jobs=2" or "-seed=1"
#   FUZZ_NICE     run the fuzzers under nice -n FUZZ_NICE (default: not)
#
# Exit status: 0 when every target ran its time without a crash, 1 when
# a target crashed (the report is printed), 2 when the build failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

seconds=${FUZZ_SECONDS:-60}
cc=${FUZZ_CC:-clang}
out=build/fuzz
case $seconds in
'' | *[!0-9]*)
    echo "fuzz: FUZZ_SECONDS must be a number of seconds, not '$seconds'" >&2
    exit 2
    ;;
esac

targets=${*:-book chapter css svg inspect overlay}
for t in $targets; do
    case $t in
    book | chapter | css | svg | inspect | overlay) ;;
    *)
        echo "fuzz: unknown target '$t' (book, chapter, css, svg, inspect, overlay)" >&2
        exit 2
        ;;
    esac
done

deps_cflags=$(pkg-config --cflags libzip libxml-2.0 nettle libdeflate libcmark-gfm) || exit 2
deps_libs=$(pkg-config --libs libzip libxml-2.0 nettle libdeflate libcmark-gfm) || exit 2
base="-g -O1 -std=c11 -D_XOPEN_SOURCE=700 -pthread -fno-omit-frame-pointer"
san="-fsanitize=address,undefined -fno-sanitize-recover=all"

mkdir -p "$out/obj" "$out/artifacts" || exit 2

# --- the library, instrumented ------------------------------------------

# An object is rebuilt when it is missing or older than its source, any
# header in src/, or this script.
objs=
# shellcheck disable=SC2012
newest_dep=$(ls -t src/*.h tests/fuzz/run.sh | head -n 1)
for c in src/*.c; do
    [ "$c" = src/main.c ] && continue
    o=$out/obj/$(basename "$c" .c).o
    objs="$objs $o"
    if [ ! -f "$o" ] ||
        [ -n "$(find "$c" "$newest_dep" -newer "$o" 2>/dev/null)" ]; then
        echo "  CC      $c (fuzz)"
        # shellcheck disable=SC2086
        "$cc" $base $san -fsanitize=fuzzer-no-link -Isrc $deps_cflags \
            -c -o "$o" "$c" || exit 2
    fi
done

# --- the targets ------------------------------------------------------------

for t in $targets; do
    bin=$out/fuzz_$t
    echo "  LINK    $bin"
    # shellcheck disable=SC2086
    "$cc" $base $san -fsanitize=fuzzer -Wall -Wextra -Werror -Isrc \
        -Itests/fuzz $deps_cflags -o "$bin" "tests/fuzz/fuzz_$t.c" $objs \
        $deps_libs || exit 2
done

# --- running ----------------------------------------------------------------

UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export UBSAN_OPTIONS
nice_cmd=
if [ -n "${FUZZ_NICE:-}" ]; then
    nice_cmd="nice -n $FUZZ_NICE"
fi

failed=
for t in $targets; do
    case $t in
    book) dict=book.dict max_len=65536 ;;
    chapter) dict=xhtml.dict max_len=262144 ;;
    css) dict=css.dict max_len=65536 ;;
    svg) dict=svg.dict max_len=65536 ;;
    inspect) dict=inspect.dict max_len=65536 ;;
    overlay) dict=overlay.dict max_len=65536 ;;
    esac
    corpus=$out/corpus-$t
    log=$out/$t.log
    mkdir -p "$corpus"
    dirs="$corpus tests/fuzz/seed-$t"
    [ -d "tests/fuzz/regressions/$t" ] && dirs="$dirs tests/fuzz/regressions/$t"
    if [ "$seconds" -eq 0 ]; then
        echo "fuzz: $t: replaying its inputs (log: $log)"
        how=-runs=0
    else
        echo "fuzz: $t for ${seconds}s (log: $log)"
        how=-max_total_time=$seconds
    fi
    start=$(date +%s)
    # shellcheck disable=SC2086
    $nice_cmd "$out/fuzz_$t" $how -max_len=$max_len \
        -timeout=10 -rss_limit_mb=2048 -dict="tests/fuzz/$dict" \
        -artifact_prefix="$out/artifacts/$t-" -print_final_stats=1 \
        ${FUZZ_FLAGS:-} $dirs >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    if [ $rc -eq 0 ]; then
        last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' \
            "$log" | tail -n 1)
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        cov=$(echo "$last" | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
        echo "fuzz: $t: no crash in ${secs}s: ${runs:-?} runs" \
            "(${rate:-?}/s), ${cov:-cov ?}," \
            "corpus $(find "$corpus" -type f | wc -l) files"
    else
        failed="$failed $t"
        echo "fuzz: $t: CRASHED after ${secs}s (exit $rc); report:" >&2
        tail -n 60 "$log" >&2
    fi
done

if [ -n "$failed" ]; then
    echo "fuzz: crashed:$failed (inputs in $out/artifacts/; minimise one" \
        "with $out/fuzz_TARGET -minimize_crash=1 -runs=10000 FILE)" >&2
    exit 1
fi
exit 0
