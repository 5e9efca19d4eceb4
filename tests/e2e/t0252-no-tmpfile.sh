#!/bin/sh
# Where the file system has no unnamed files (open with O_TMPFILE fails),
# mkepub writes a named temporary file beside the output and renames it
# into place.  tests/shims/notmpfile.c, preloaded, makes every O_TMPFILE
# open fail with EOPNOTSUPP: the book is then written byte for byte as
# usual, and a write that fails midway (a file size limit, a full tmpfs)
# leaves no temporary file and the earlier file intact.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

SHIM=$TEST_TMP/notmpfile.so
LOG=$TEST_TMP/shim.log

# with_shim CMD...: CMD with O_TMPFILE refused (ASan must not insist on
# coming first among the preloaded libraries)
with_shim() {
    (
        LD_PRELOAD=$SHIM NOTMPFILE_LOG=$LOG
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
        export LD_PRELOAD NOTMPFILE_LOG ASAN_OPTIONS
        exec "$@"
    )
}

# refused: the shim refused at least one O_TMPFILE open since the last call
refused() {
    grep -q "^O_TMPFILE refused: " "$LOG" && rm -f "$LOG"
}

# A book whose EPUB is bigger than 300 KB: a JPEG whose scan is random
# bytes (no 0xFF) is stored as it is (as in t0250).
new_book full
S=$TEST_TMP/full
mkdir -p "$S/book/images"
{
    printf '\377\330\377\332\000\010\001\001\000\000\077\000'
    head -c 402000 /dev/urandom | tr -d '\377'
    printf '\377\331'
} >"$S/book/images/noise.jpg"
printf '<h1>One</h1>\n<p><img src="../images/noise.jpg" alt="noise"/></p>\n' \
    >"$S/book/chapters/one.xhtml"

test_expect_success 'the shim builds and makes O_TMPFILE fail' '
    ${CC:-cc} -shared -fPIC -o "$SHIM" "$TOP/tests/shims/notmpfile.c" -ldl &&
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o good.epub book/book.xml 2>err &&
    test_summary_only err &&
    test "$(wc -c <good.epub)" -gt 300000
'

test_expect_success 'without O_TMPFILE: the same book byte for byte, no temporary file' '
    cd "$S" &&
    rm -rf out && mkdir out &&
    SOURCE_DATE_EPOCH=1606953600 with_shim "$MKEPUB" -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    refused &&
    cmp good.epub out/book.epub &&
    no_leftovers out book.epub &&
    echo "an earlier book" >out/book.epub &&
    chmod 640 out/book.epub &&
    SOURCE_DATE_EPOCH=1606953600 with_shim "$MKEPUB" -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    refused &&
    cmp good.epub out/book.epub &&
    test "$(stat -c %a out/book.epub)" = 640 &&
    no_leftovers out book.epub
'

test_expect_success 'without O_TMPFILE, a file size limit: exit 3, no temporary file, earlier file intact' '
    cd "$S" &&
    rm -rf out && mkdir out &&
    echo "an earlier book" >out/book.epub && cp out/book.epub before &&
    cat >expect <<-\EOF &&
	out/book.epub: error: cannot write the archive: Write error: File too large
	1 error, 0 warnings
	EOF
    (
        ulimit -f 200 &&
        with_shim "$MKEPUB" -o out/book.epub book/book.xml
    ) 2>err
    rc=$?
    echo "exit $rc" &&
    test $rc -eq 3 &&
    test_cmp expect err &&
    refused &&
    cmp before out/book.epub &&
    no_leftovers out book.epub &&
    rm out/book.epub &&
    (
        ulimit -f 200 &&
        with_shim "$MKEPUB" -o out/book.epub book/book.xml
    ) 2>err
    rc=$?
    test $rc -eq 3 && test_cmp expect err && refused && no_leftovers out
'

test_expect_success 'without O_TMPFILE, a full disk (a 256 KB tmpfs): exit 3, no temporary file' '
    cd "$S" &&
    mkdir -p small &&
    if ! mount -t tmpfs -o size=256k tmpfs small 2>/dev/null; then
        echo "# SKIP: cannot mount a tmpfs here"
        return 0
    fi &&
    echo "an earlier book" >small/book.epub && cp small/book.epub before &&
    cat >expect <<-\EOF &&
	small/book.epub: error: cannot write the archive: Write error: No space left on device
	1 error, 0 warnings
	EOF
    with_shim "$MKEPUB" -o small/book.epub book/book.xml 2>err
    rc=$?
    ls -A small >left
    cmp before small/book.epub
    same=$?
    umount small
    echo "exit $rc" &&
    test $rc -eq 3 && test_cmp expect err && test $same -eq 0 && refused &&
    echo book.epub | test_cmp - left
'

test_done
