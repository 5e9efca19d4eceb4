#!/bin/sh
# Every input in tests/fuzz/regressions/ (inputs that once crashed a
# libFuzzer target, see tests/fuzz/run.sh) and every seed in
# tests/fuzz/seed-*/ goes through build/mkepub as what it is: a chapter,
# a book.xml or a stylesheet.  mkepub must build (0) or refuse the book
# (1), never crash, and print nothing but diagnostics and the summary.
# (tests/unit/test_fuzz_regressions.c replays the same inputs through the
# fuzz targets' own checks.)  Under valgrind only the regression inputs
# run here: the unit test replays the seeds under valgrind already.
. "$(dirname "$0")/../lib.sh"

FUZZ=$TOP/tests/fuzz

# inputs KIND: the regression inputs and seeds for KIND, one a line.
inputs() {
    for _f in "$FUZZ/regressions/$1"/*; do
        [ -f "$_f" ] && printf '%s\n' "$_f"
    done
    [ "${MKEPUB_VALGRIND:-}" = 1 ] && return 0
    for _f in "$FUZZ/seed-$1"/*; do
        [ -f "$_f" ] && printf '%s\n' "$_f"
    done
    return 0
}

# only_diagnostics FILE: every line is "place: error|warning: text", the
# count "N errors, M warnings" or a successful build's summary line
# "wrote out.epub: N chapters, N images, N KB".
only_diagnostics() {
    if grep -Ev '^[^ :][^:]*(:[0-9]+:[0-9]+)?: (error|warning): .|^[0-9]+ errors?, [0-9]+ warnings?$|^wrote out\.epub: [0-9]+ chapters?, [0-9]+ images?, [0-9]+ KB$' \
        "$1" >"$1.stray"; then
        echo "stray output on stderr:" >&2
        cat "$1.stray" >&2
        return 1
    fi
    return 0
}

# run_book DIR INPUT: builds DIR/book/book.xml; 0 or 1, nothing else.
run_book() {
    _rb_rc=0
    (cd "$1" && mkepub -o out.epub book/book.xml) >"$1/out" 2>"$1/err" ||
        _rb_rc=$?
    case $_rb_rc in
    0 | 1) ;;
    *)
        echo "mkepub exited $_rb_rc on $2:" >&2
        cat "$1/err" >&2
        return 1
        ;;
    esac
    only_diagnostics "$1/err" || { echo "(input: $2)" >&2; return 1; }
    test_cmp /dev/null "$1/out" || return 1
    if [ $_rb_rc -eq 1 ]; then
        test ! -e "$1/out.epub" ||
            { echo "an EPUB was written for a refused book ($2)" >&2;
              return 1; }
    fi
    return 0
}

# A book with one chapter and one stylesheet around the input.
setup_book() {
    rm -rf "$TEST_TMP/b" &&
    mkdir -p "$TEST_TMP/b/book/chapters" "$TEST_TMP/b/styles" &&
    cat >"$TEST_TMP/b/book/book.xml" <<'XML' &&
<book>
  <metadata>
    <title>Fuzz</title>
    <language>en</language>
    <identifier>urn:uuid:4a0c2f5e-5d1b-4f0a-9c55-2b8f3c1d7e90</identifier>
  </metadata>
  <stylesheet href="../styles/book.css"/>
  <chapters><chapter href="chapters/in.xhtml"/></chapters>
</book>
XML
    printf 'p { margin: 0 }\n' >"$TEST_TMP/b/styles/book.css" &&
    printf '<h1>Fuzz</h1>\n<p>text</p>\n' >"$TEST_TMP/b/book/chapters/in.xhtml"
}

# replay TARGET FILE-IN-BOOK LABEL: every input of TARGET, put in place of
# FILE-IN-BOOK of a fresh valid book, builds with exit 0 or 1 and prints
# only diagnostics
replay() {
    n=0 &&
    for f in $(inputs "$1"); do
        setup_book &&
        cp "$f" "$TEST_TMP/b/$2" &&
        run_book "$TEST_TMP/b" "$f" || return 1
        n=$((n + 1))
    done &&
    echo "$n $3 inputs" &&
    { test $n -gt 0 || test "${MKEPUB_VALGRIND:-}" = 1; }
}

test_expect_success 'every chapter input: exit 0 or 1, only diagnostics' '
    replay chapter book/chapters/in.xhtml chapter
'

test_expect_success 'every book.xml input: exit 0 or 1, only diagnostics' '
    replay book book/book.xml book.xml
'

test_expect_success 'every stylesheet input: exit 0 or 1, only diagnostics' '
    replay css styles/book.css stylesheet
'

test_done
