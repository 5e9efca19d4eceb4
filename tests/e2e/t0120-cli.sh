#!/bin/sh
# The command line: options, exit statuses, default output path, --check,
# make install.
# make install runs make in the build under test, as t0320 does in build/:
# test-run: lock=make
. "$(dirname "$0")/../lib.sh"

BOOK=$TOP/book/book.xml
SDE=1606953600
RASTER=$FIXTURES/raster-cover/book/book.xml

# slug TEXT: lower case, runs of anything but [a-z0-9] become one "-",
# none at either end (the contract's "slug of the title" for ASCII titles).
slug() {
    printf '%s\n' "$1" | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9][^a-z0-9]*/-/g' \
        -e 's/^-//' -e 's/-$//'
}

# usage_error_shape FILE: a "mkepub: ..." line and a hint naming --help.
usage_error_shape() {
    test_grep "^mkepub: " "$1" &&
    test_grep -e "--help" "$1"
}

test_expect_success '--help prints usage on stdout, exit 0' '
    mkepub --help >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    test_grep -i "usage" "$TEST_TMP/out" &&
    test_grep "mkepub" "$TEST_TMP/out" &&
    test_grep -e "--output" "$TEST_TMP/out" &&
    test_grep -e "--check" "$TEST_TMP/out" &&
    test_grep -e "--no-ncx" "$TEST_TMP/out" &&
    test_grep -e "--root" "$TEST_TMP/out" &&
    test_cmp /dev/null "$TEST_TMP/err"
'

test_expect_success '--version prints the version on stdout, exit 0' '
    V=$(sed -n "s/^#define MKEPUB_VERSION \"\(.*\)\"/\1/p" "$TOP/src/mkepub.h") &&
    test -n "$V" &&
    mkepub --version >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    test_grep "mkepub" "$TEST_TMP/out" &&
    test_grep -F "$V" "$TEST_TMP/out" &&
    test_cmp /dev/null "$TEST_TMP/err"
'

test_expect_success 'an unknown option is a usage error (2)' '
    must_fail 2 mkepub --no-such-option "$BOOK" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    usage_error_shape "$TEST_TMP/err" &&
    test_grep -e "--no-such-option" "$TEST_TMP/err" &&
    test_cmp /dev/null "$TEST_TMP/out"
'

test_expect_success 'an unknown short option is a usage error (2)' '
    must_fail 2 mkepub -Z "$BOOK" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    usage_error_shape "$TEST_TMP/err"
'

test_expect_success 'no BOOK is a usage error (2)' '
    must_fail 2 mkepub >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    usage_error_shape "$TEST_TMP/err" &&
    test_cmp /dev/null "$TEST_TMP/out"
'

test_expect_success 'two BOOKs is a usage error (2)' '
    must_fail 2 mkepub "$BOOK" "$RASTER" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    usage_error_shape "$TEST_TMP/err"
'

test_expect_success '-o without its argument is a usage error (2)' '
    must_fail 2 mkepub "$BOOK" -o >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    usage_error_shape "$TEST_TMP/err"
'

test_expect_success 'a usage error writes nothing' '
    mkdir "$TEST_TMP/cwd-usage" &&
    (
        cd "$TEST_TMP/cwd-usage" &&
        must_fail 2 mkepub --no-such-option "$RASTER" 2>/dev/null
    ) &&
    test -z "$(ls -A "$TEST_TMP/cwd-usage")"
'

test_expect_success 'BOOK may be the folder that holds book.xml' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/file.epub" "$BOOK" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/dir.epub" "$TOP/book" &&
    cmp "$TEST_TMP/file.epub" "$TEST_TMP/dir.epub" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/dir2.epub" "$TOP/book/" &&
    cmp "$TEST_TMP/file.epub" "$TEST_TMP/dir2.epub"
'

test_expect_success 'a relative BOOK path works' '
    (
        cd "$FIXTURES/raster-cover" &&
        SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/rel.epub" book/book.xml
    ) &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/abs.epub" "$RASTER" &&
    cmp "$TEST_TMP/rel.epub" "$TEST_TMP/abs.epub"
'

test_expect_success 'the default output is build/<slug of the title>.epub' '
    mkdir "$TEST_TMP/cwd-default" &&
    (
        cd "$TEST_TMP/cwd-default" &&
        mkepub -q "$RASTER"
    ) &&
    (cd "$TEST_TMP/cwd-default" && find . -type f) >"$TEST_TMP/written" &&
    echo "./build/a-raster-cover.epub" >"$TEST_TMP/written.want" &&
    test_cmp "$TEST_TMP/written.want" "$TEST_TMP/written" &&
    check_mimetype_entry "$TEST_TMP/cwd-default/build/a-raster-cover.epub"
'

test_expect_success 'the default output of the sample book' '
    TITLE=$(xpath_string "/book/metadata/title" "$BOOK") &&
    NAME=$(slug "$TITLE").epub &&
    echo "title: $TITLE -> build/$NAME" &&
    mkdir "$TEST_TMP/cwd-sample" &&
    (
        cd "$TEST_TMP/cwd-sample" &&
        mkepub -q "$BOOK"
    ) &&
    (cd "$TEST_TMP/cwd-sample" && find . -type f) >"$TEST_TMP/written" &&
    echo "./build/$NAME" >"$TEST_TMP/written.want" &&
    test_cmp "$TEST_TMP/written.want" "$TEST_TMP/written"
'

test_expect_success 'an existing build/ folder is used as it is' '
    mkdir -p "$TEST_TMP/cwd-existing/build" &&
    echo keep >"$TEST_TMP/cwd-existing/build/other" &&
    (
        cd "$TEST_TMP/cwd-existing" &&
        mkepub -q "$RASTER"
    ) &&
    test -f "$TEST_TMP/cwd-existing/build/a-raster-cover.epub" &&
    test "$(cat "$TEST_TMP/cwd-existing/build/other")" = keep
'

test_expect_success '--check on the sample book: exit 0, nothing written' '
    mkdir "$TEST_TMP/cwd-check" &&
    (
        cd "$TEST_TMP/cwd-check" &&
        mkepub --check "$BOOK" >"$TEST_TMP/check.out" 2>"$TEST_TMP/check.err"
    ) &&
    cat "$TEST_TMP/check.err" &&
    test_grep ! ": error: " "$TEST_TMP/check.err" &&
    test -z "$(ls -A "$TEST_TMP/cwd-check")"
'

test_expect_success '--check with -o leaves the output alone' '
    mkdir "$TEST_TMP/cwd-check2" &&
    (
        cd "$TEST_TMP/cwd-check2" &&
        mkepub -q --check -o new.epub "$BOOK" &&
        echo "old bytes" >old.epub &&
        mkepub -q --check -o old.epub "$BOOK"
    ) &&
    test ! -e "$TEST_TMP/cwd-check2/new.epub" &&
    test "$(cat "$TEST_TMP/cwd-check2/old.epub")" = "old bytes" &&
    test "$(ls -A "$TEST_TMP/cwd-check2")" = old.epub
'

test_expect_success '--check accepts every fixture' '
    for f in "$FIXTURES"/*/book/book.xml; do
        mkepub -q --check "$f" || { echo "--check failed on $f"; return 1; }
    done
'

test_expect_success '-q prints nothing for a clean book' '
    mkepub -q -o "$TEST_TMP/quiet.epub" "$RASTER" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
    test_cmp /dev/null "$TEST_TMP/out" &&
    test_cmp /dev/null "$TEST_TMP/err"
'

test_expect_success '-v and --verbose are accepted' '
    mkepub -v -o "$TEST_TMP/v1.epub" "$RASTER" >/dev/null 2>&1 &&
    mkepub --verbose -o "$TEST_TMP/v2.epub" "$RASTER" >/dev/null 2>&1 &&
    test -s "$TEST_TMP/v1.epub" && test -s "$TEST_TMP/v2.epub"
'

test_expect_success '--output FILE is the same as -o FILE' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q --output "$TEST_TMP/long.epub" "$RASTER" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/short.epub" "$RASTER" &&
    cmp "$TEST_TMP/long.epub" "$TEST_TMP/short.epub"
'

test_expect_success 'options may follow BOOK' '
    SOURCE_DATE_EPOCH=$SDE mkepub "$RASTER" -q -o "$TEST_TMP/after.epub" &&
    cmp "$TEST_TMP/short.epub" "$TEST_TMP/after.epub"
'

test_expect_success 'an output path that cannot be made is an I/O error (3)' '
    echo "a file" >"$TEST_TMP/plain" &&
    must_fail 3 mkepub -q -o "$TEST_TMP/plain/x.epub" "$RASTER" 2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    test_grep -F "$TEST_TMP/plain" "$TEST_TMP/err" &&
    test "$(cat "$TEST_TMP/plain")" = "a file"
'

test_expect_success 'source errors: exit 1, path:LINE:COL: error:, old output untouched' '
    cp -R "$FIXTURES/raster-cover" "$TEST_TMP/broken" &&
    sed "/<title>/d" "$FIXTURES/raster-cover/book/book.xml" \
        >"$TEST_TMP/broken/book/book.xml" &&
    echo "old bytes" >"$TEST_TMP/old.epub" &&
    must_fail 1 mkepub -o "$TEST_TMP/old.epub" "$TEST_TMP/broken/book/book.xml" \
        2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    test_grep -E "book\.xml:[0-9]+:[0-9]+: error: " "$TEST_TMP/err" &&
    test "$(cat "$TEST_TMP/old.epub")" = "old bytes" &&
    test "$(ls "$TEST_TMP" | grep -c "old\.epub")" = 1
'

test_expect_success 'every problem is reported in one run' '
    cp -R "$FIXTURES/raster-cover" "$TEST_TMP/broken2" &&
    printf "<h1>Broken</h1>\n<p>unclosed\n" \
        >"$TEST_TMP/broken2/book/chapters/01-one.xhtml" &&
    printf "<h1>Also broken</h1>\n<p><img src=\"../images/missing.png\" alt=\"x\"/></p>\n" \
        >"$TEST_TMP/broken2/book/chapters/02-two.xhtml" &&
    must_fail 1 mkepub --check "$TEST_TMP/broken2/book" 2>"$TEST_TMP/err" &&
    cat "$TEST_TMP/err" &&
    test_grep -E "01-one\.xhtml:[0-9]+:[0-9]+: error: " "$TEST_TMP/err" &&
    test_grep -E "02-two\.xhtml:[0-9]+:[0-9]+: error: " "$TEST_TMP/err"
'

# make install from the top, with the build under test (-o: never rebuild).
test_expect_success 'make install DESTDIR=... PREFIX=/usr' '
    case $BUILD_DIR in
    "$TOP"/*) B=${BUILD_DIR#"$TOP"/} ;;
    *) B=$BUILD_DIR ;;
    esac &&
    make -C "$TOP" --no-print-directory -o "$B/mkepub" BUILD="$B" \
        SANITIZE="${MKEPUB_SANITIZE:-}" \
        DESTDIR="$TEST_TMP/inst" PREFIX=/usr install >"$TEST_TMP/make.log" 2>&1 ||
        { cat "$TEST_TMP/make.log"; return 1; }
    test -f "$TEST_TMP/inst/usr/bin/mkepub" &&
    test -x "$TEST_TMP/inst/usr/bin/mkepub" &&
    "$TEST_TMP/inst/usr/bin/mkepub" --version >/dev/null
'

test_done
