# tests/lib-diag.sh - helpers for the diagnostics tests (t02xx), sourced
# after lib.sh:
#
#     . "$(dirname "$0")/../lib.sh"
#     . "$TEST_DIRECTORY/lib-diag.sh"
#
# A "case" is a folder under $TEST_TMP holding a book (book/book.xml,
# book/chapters/...) and a file "expect" with the exact standard error
# mkepub must print.  Cases are written at the top level of a script
# (heredocs keep quotes as they are); test bodies then only check them.
#
#   new_book CASE [HREF...]     a valid book in $TEST_TMP/CASE: book.xml
#                               (title "Test", language en, a fixed
#                               identifier) listing the chapters HREF...
#                               (default chapters/one.xhtml), each a small
#                               chapter unless it already exists
#   chapter FILE [TITLE]        writes a small valid body fragment
#   check_fails STATUS CASE [MKEPUB-ARGS...]
#                               in $TEST_TMP/CASE runs mkepub -o
#                               out/book.epub MKEPUB-ARGS (default
#                               book/book.xml) three times: over an
#                               earlier output file, with no output file,
#                               and (for STATUS 1) with --check.  Each run
#                               must exit STATUS and print exactly
#                               "expect"; the earlier file must be left
#                               byte for byte, no new file may appear, and
#                               no temporary file may be left in out/
#   check_builds CASE [MKEPUB-ARGS...]
#                               the same, but the run must exit 0 and
#                               write out/book.epub; standard error must
#                               be exactly "expect" and the summary line
#   no_leftovers DIR [NAME...]  DIR holds exactly NAME... (nothing else,
#                               so no temporary file either)
#   diag_lines FILE             the file:line:col lines of a stderr file

# Scripts using these helpers work in their temp folder, so that a test
# body's scratch files (expect, err, ...) never land in the checkout.
cd "$TEST_TMP" || exit 1

# new_book CASE [HREF...]
new_book() {
    _nb_dir=$TEST_TMP/$1
    shift
    [ $# -gt 0 ] || set -- chapters/one.xhtml
    mkdir -p "$_nb_dir/book/chapters" "$_nb_dir/out" || return 1
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<book>'
        echo '  <metadata>'
        echo '    <title>Test</title>'
        echo '    <language>en</language>'
        echo '    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>'
        echo '  </metadata>'
        echo '  <chapters>'
        for _nb_href in "$@"; do
            echo "    <chapter href=\"$_nb_href\"/>"
        done
        echo '  </chapters>'
        echo '</book>'
    } >"$_nb_dir/book/book.xml" || return 1
    for _nb_href in "$@"; do
        case $_nb_href in
        /* | *..*) continue ;;
        esac
        [ -e "$_nb_dir/book/$_nb_href" ] && continue
        mkdir -p "$(dirname "$_nb_dir/book/$_nb_href")" &&
        chapter "$_nb_dir/book/$_nb_href" || return 1
    done
}

# chapter FILE [TITLE]
chapter() {
    _ch_title=${2:-$(basename "$1" .xhtml)}
    printf '<h1>%s</h1>\n<p>Text of %s.</p>\n' "$_ch_title" "$_ch_title" >"$1"
}

# no_leftovers DIR [NAME...]
no_leftovers() {
    _nl_dir=$1
    shift
    (cd "$_nl_dir" && ls -A) >"$TEST_TMP/.nl-have" || return 1
    : >"$TEST_TMP/.nl-want"
    for _nl_name in "$@"; do
        echo "$_nl_name"
    done | sort >"$TEST_TMP/.nl-want"
    if ! cmp -s "$TEST_TMP/.nl-want" "$TEST_TMP/.nl-have"; then
        echo "no_leftovers: $_nl_dir holds:" >&2
        cat "$TEST_TMP/.nl-have" >&2
        echo "but should hold:" >&2
        cat "$TEST_TMP/.nl-want" >&2
        return 1
    fi
}

# diag_lines FILE
diag_lines() {
    grep -E '^[^:]+:[0-9]+:[0-9]+: (error|warning): ' "$1"
}

# _cf_run STATUS CASE-DIR EXPECT ARGS...: one run, stderr compared.
_cf_run() {
    _cr_status=$1
    _cr_expect=$2
    shift 2
    must_fail "$_cr_status" mkepub "$@" 2>"$TEST_TMP/.cf-err" &&
    test_cmp "$_cr_expect" "$TEST_TMP/.cf-err"
}

# check_fails STATUS CASE [MKEPUB-ARGS...]
check_fails() {
    _cf_status=$1
    _cf_dir=$TEST_TMP/$2
    shift 2
    [ $# -gt 0 ] || set -- book/book.xml
    cd "$_cf_dir" || return 1
    mkdir -p out &&
    rm -rf out/* &&
    printf 'an earlier book, not to be touched\n' >out/book.epub &&
    cp out/book.epub "$TEST_TMP/.cf-before" &&
    echo "# over an earlier output file" &&
    _cf_run "$_cf_status" expect -o out/book.epub "$@" &&
    cmp "$TEST_TMP/.cf-before" out/book.epub &&
    no_leftovers out book.epub &&
    rm -f out/book.epub &&
    echo "# with no output file" &&
    _cf_run "$_cf_status" expect -o out/book.epub "$@" &&
    no_leftovers out &&
    if [ "$_cf_status" = 1 ]; then
        echo "# with --check" &&
        _cf_run 1 expect --check -o out/book.epub "$@" &&
        no_leftovers out
    fi
}

# check_builds CASE [MKEPUB-ARGS...]
check_builds() {
    _cb_dir=$TEST_TMP/$1
    shift
    [ $# -gt 0 ] || set -- book/book.xml
    cd "$_cb_dir" || return 1
    mkdir -p out &&
    rm -rf out/* &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub "$@" \
        2>"$TEST_TMP/.cb-all" &&
    sed '$d' "$TEST_TMP/.cb-all" >"$TEST_TMP/.cb-err" &&
    tail -n 1 "$TEST_TMP/.cb-all" >"$TEST_TMP/.cb-summary" &&
    test_summary_only "$TEST_TMP/.cb-summary" &&
    test_cmp expect "$TEST_TMP/.cb-err" &&
    no_leftovers out book.epub &&
    test -s out/book.epub
}
