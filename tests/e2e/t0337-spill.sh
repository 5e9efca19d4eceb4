#!/bin/sh
# A book whose chapters deflate to more than the 4 MB that the check phase
# keeps in memory (MK_KEEP_BUDGET, README "Speed"): the rest go to an
# unnamed spill file in $TMPDIR and are read back as they are written.
# The book is the same byte for byte whether a chapter was kept in memory,
# spilled, or (no spill file possible) parsed again; for any thread count.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

SHIM=$TEST_TMP/notmpfile.so
LOG=$TEST_TMP/shim.log
S=$TEST_TMP/big

# ten chapters of 800 KB of base64 text (it deflates to three quarters):
# 6 MB deflated, so some of them are spilled
set --
for i in 0 1 2 3 4 5 6 7 8 9; do
    set -- "$@" "chapters/c$i.xhtml"
done
new_book big "$@"
for i in 0 1 2 3 4 5 6 7 8 9; do
    {
        printf '<h1>Chapter %s</h1>\n<p>\n' "$i"
        head -c 600000 /dev/urandom | base64
        printf '</p>\n'
    } >"$S/book/chapters/c$i.xhtml"
done

test_expect_success 'a book larger than the memory budget builds and passes both EPUBChecks' '
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o j1.epub -j 1 book/book.xml 2>err &&
    test_summary_only err &&
    test "$(wc -c <j1.epub)" -gt 6000000 &&
    epubcheck_both j1.epub
'

test_expect_success 'the same bytes with 2 and 8 threads' '
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -q -o j2.epub -j 2 book/book.xml &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -q -o j8.epub -j 8 book/book.xml &&
    cmp j1.epub j2.epub &&
    cmp j1.epub j8.epub
'

test_expect_success 'the spill file lies in $TMPDIR, named only while it is made' '
    ${CC:-cc} -shared -fPIC -o "$SHIM" "$TOP/tests/shims/notmpfile.c" -ldl &&
    cd "$S" &&
    rm -rf spill && mkdir spill &&
    (
        TMPDIR=$S/spill LD_PRELOAD=$SHIM NOTMPFILE_LOG=$LOG
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
        export TMPDIR LD_PRELOAD NOTMPFILE_LOG ASAN_OPTIONS
        SOURCE_DATE_EPOCH=1606953600 exec "$MKEPUB" -q -o named.epub book/book.xml
    ) &&
    test_grep "^O_TMPFILE refused: $S/spill\$" "$LOG" &&
    no_leftovers spill &&
    cmp j1.epub named.epub
'

# valgrind itself needs a TMPDIR, so under MKEPUB_VALGRIND this one run is
# not under valgrind (make asan still runs it with the sanitized binary).
spill_less() {
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        TMPDIR=$S/missing "$MKEPUB" "$@"
    else
        TMPDIR=$S/missing mkepub "$@"
    fi
}

test_expect_success 'no spill file possible: the chapters are parsed again, same bytes' '
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 spill_less -o again.epub book/book.xml 2>err &&
    test_summary_only err &&
    cmp j1.epub again.epub
'

test_expect_success 'a --check keeps nothing, spills nothing' '
    cd "$S" &&
    rm -f "$LOG" &&
    (
        LD_PRELOAD=$SHIM NOTMPFILE_LOG=$LOG
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
        export LD_PRELOAD NOTMPFILE_LOG ASAN_OPTIONS
        exec "$MKEPUB" -q --check book/book.xml
    ) &&
    test ! -e "$LOG"
'
test_done
