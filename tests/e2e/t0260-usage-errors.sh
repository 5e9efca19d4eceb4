#!/bin/sh
# Usage errors: exit 2, "mkepub: what is wrong" and a hint line pointing
# at --help, nothing on standard output, nothing written.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

new_book u
S=$TEST_TMP/u

# usage MESSAGE ARGS...: mkepub ARGS exits 2 and prints exactly
# "mkepub: MESSAGE" and the hint; nothing else anywhere.
usage() {
    _u_msg=$1
    shift
    cd "$S" &&
    rm -rf out && mkdir out &&
    must_fail 2 mkepub "$@" >stdout 2>stderr &&
    printf "mkepub: %s\nmkepub: try 'mkepub --help'\n" "$_u_msg" >expect &&
    test_cmp expect stderr &&
    test_cmp /dev/null stdout &&
    no_leftovers out &&
    ! test -e build
}

test_expect_success 'unknown long option' '
    usage "unknown option $(printf "\047--bogus\047")" --bogus -o out/x.epub book/book.xml
'

test_expect_success 'unknown long option given a value: the name alone' '
    usage "unknown option $(printf "\047--outptu\047")" --outptu=out/x.epub book/book.xml
'

test_expect_success '--epub wants 3.2 or 3.3' '
    usage "--epub wants 3.2 (the default: EPUB 3.2 and 3.3, EPUBCheck 4.2 and 5) or 3.3 (EPUB 3.3 alone), not $(printf "\0473.0\047")" --epub 3.0 -o out/x.epub book/book.xml &&
    usage "option $(printf "\047--epub\047") needs a value" -o out/x.epub book/book.xml --epub
'

test_expect_success 'unknown short option' '
    usage "unknown option $(printf "\047-x\047")" -x -o out/x.epub book/book.xml
'

test_expect_success 'unknown short option in a group: the letter alone' '
    usage "unknown option $(printf "\047-x\047")" -qx -o out/x.epub book/book.xml
'

test_expect_success 'missing argument: -o at the end' '
    usage "option $(printf "\047-o\047") needs a value" book/book.xml -o
'

test_expect_success 'missing argument: --output at the end' '
    usage "option $(printf "\047--output\047") needs a value" book/book.xml --output
'

test_expect_success 'missing argument: --root at the end' '
    usage "option $(printf "\047--root\047") needs a value" book/book.xml --root
'

test_expect_success 'missing argument: -o grouped last' '
    usage "option $(printf "\047-o\047") needs a value" book/book.xml -qo
'

test_expect_success 'a value for an option that takes none' '
    usage "option $(printf "\047--check\047") takes no value" --check=yes book/book.xml
'

test_expect_success 'an empty -o or --root' '
    usage "-o wants a file name (or - for standard output)" -o "" book/book.xml &&
    usage "--root wants a folder" --root "" book/book.xml
'

test_expect_success 'a bad --threads value' '
    usage "--threads wants a number from 1 to 64, not $(printf "\047zero\047")" -j zero book/book.xml
'

test_expect_success 'no BOOK' '
    usage "no BOOK given (a book.xml, or a folder holding one)" -o out/x.epub
'

test_expect_success 'too many arguments' '
    usage "only one BOOK may be given; $(printf "\047extra\047") is one too many" \
        -o out/x.epub book/book.xml extra
'

test_expect_success 'too many arguments after --' '
    usage "only one BOOK may be given; $(printf "\047-v\047") is one too many" \
        -o out/x.epub -- book/book.xml -v
'

# bad_epoch VALUE: SOURCE_DATE_EPOCH=VALUE is a usage error
bad_epoch() {
    SOURCE_DATE_EPOCH=$1 &&
    export SOURCE_DATE_EPOCH &&
    usage "SOURCE_DATE_EPOCH=$(printf "\047%s\047" "$1") is not a number of seconds from 0 to 253402300799 (9999-12-31T23:59:59Z)" \
        -o out/x.epub book/book.xml
    rc=$?
    unset SOURCE_DATE_EPOCH
    return $rc
}

test_expect_success 'a bad SOURCE_DATE_EPOCH' '
    bad_epoch yesterday
'

test_expect_success 'SOURCE_DATE_EPOCH past 9999, negative, signed or padded' '
    for v in 99999999999999999 253402300800 -1 +5 " 5" "5 " 1e9 0x10; do
        bad_epoch "$v" || return 1
    done
'

test_expect_success 'SOURCE_DATE_EPOCH=253402300799 (the last second of 9999) builds' '
    cd "$S" && rm -rf out && mkdir out &&
    SOURCE_DATE_EPOCH=253402300799 mkepub -o out/a.epub book/book.xml &&
    SOURCE_DATE_EPOCH=253402300799 mkepub -o out/b.epub book/book.xml &&
    cmp out/a.epub out/b.epub &&
    epub_unpack out/a.epub &&
    test "$(xpath_string "//opf:meta[@property=\"dcterms:modified\"]" "$OPFX")" = 9999-12-31T23:59:59Z &&
    epubcheck_both out/a.epub
'

test_expect_success '--help names the options, exit 0, on standard output' '
    cd "$S" &&
    mkepub --help >stdout 2>stderr &&
    test_cmp /dev/null stderr &&
    head -n 1 stdout | grep "^usage: mkepub" &&
    for o in --output --check --no-ncx --root --quiet --verbose --help --version; do
        grep -e "$o" stdout || return 1
    done
'

test_done
