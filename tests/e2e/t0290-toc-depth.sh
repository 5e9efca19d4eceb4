#!/bin/sh
# The depth of the table of contents: --toc-depth N (1-6) or book.xml's
# <chapters toc-depth="N">, the default 3 (h1-h3); the nav and the NCX
# together; h4-h6 reach them (with ids added) when asked.  dtb:depth is
# the depth the NCX really nests (the h4 sits under an h2: 3).  Ace by
# DAISY finds nothing in the books made here, and nothing more than the
# full-docs fixture's own two (see t0150) at any depth.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

SDE=1606953600
BOOK=$FIXTURES/full-docs/book/book.xml

page() {
    find "$X" -name "$1" | head -n 1
}

# toc_texts: the nav's TOC entries, then the NCX's, one per line
toc_texts() {
    xpath_values "//h:nav[@epub:type=\"toc\"]//h:a/text()" "$(page nav.xhtml)" &&
    echo -- &&
    xpath_values "//ncx:navLabel/ncx:text/text()" "$(page toc.ncx)"
}

test_expect_success 'default: h1-h3, the h4 stays out' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/d3.epub" "$BOOK" &&
    epub_unpack "$TEST_TMP/d3.epub" &&
    toc_texts >d3 &&
    test_grep -Fx "A Small Point" d3 &&
    ! grep -Fx "Not in the table of contents" d3
'

test_expect_success '--toc-depth 4: the h4 in the nav and the NCX, with an id' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q --toc-depth 4 -o "$TEST_TMP/d4.epub" \
        "$BOOK" &&
    epubcheck_both "$TEST_TMP/d4.epub" &&
    epub_unpack "$TEST_TMP/d4.epub" &&
    toc_texts >d4 &&
    test "$(grep -cFx "Not in the table of contents" d4)" = 2 &&
    ch=$(page 03-nesting.xhtml) &&
    test "$(xpath_string "//h:h4/@id" "$ch")" = not-in-the-table-of-contents &&
    nav_toc_targets >targets &&
    test_grep "03-nesting.xhtml#not-in-the-table-of-contents$" targets &&
    test "$(xpath_string "//ncx:meta[@name=\"dtb:depth\"]/@content" "$(page toc.ncx)")" = 3
'

test_expect_success '--toc-depth 1: chapters only, in the nav and the NCX' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q --toc-depth 1 -o "$TEST_TMP/d1.epub" \
        "$BOOK" &&
    epubcheck_both "$TEST_TMP/d1.epub" &&
    epub_unpack "$TEST_TMP/d1.epub" &&
    toc_texts >d1 &&
    ! grep -Fx "Deep Roots" d1 &&
    ! grep -Fx "A Small Point" d1 &&
    test "$(xpath_count "//h:nav[@epub:type=\"toc\"]//h:ol//h:ol" "$(page nav.xhtml)")" = 0 &&
    test "$(xpath_string "//ncx:meta[@name=\"dtb:depth\"]/@content" "$(page toc.ncx)")" = 1
'

test_expect_success 'book.xml toc-depth="2", and --toc-depth wins over it' '
    new_book depth chapters/one.xhtml &&
    cd "$TEST_TMP/depth" &&
    printf "<h1>One</h1>\n<h2>Two</h2>\n<h3>Three</h3>\n<h4>Four</h4>\n<h5>Five</h5>\n<p>x</p>\n" \
        >book/chapters/one.xhtml &&
    sed "s|<chapters>|<chapters toc-depth=\"2\">|" book/book.xml >x &&
    mv x book/book.xml &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/two.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/two.epub &&
    epub_unpack out/two.epub &&
    toc_texts >two &&
    printf "%s\n" One Two Credits -- One Two Credits >want &&
    test_cmp want two &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/six.epub --toc-depth 6 \
        book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/six.epub &&
    epub_unpack out/six.epub &&
    toc_texts >six &&
    test_grep -Fx Five six &&
    test_grep -Fx Three six &&
    ! grep -Fx Four two &&
    ! grep -Fx Five two &&
    cp out/two.epub "$TEST_TMP/two.epub" &&
    cp out/six.epub "$TEST_TMP/six.epub"
'

test_expect_success '--toc-depth outside 1-6 is a usage error' '
    for v in 0 7 x 33 ""; do
        must_fail 2 mkepub --check --toc-depth "$v" "$BOOK" 2>err &&
        printf "%s\n" \
            "mkepub: --toc-depth wants a number from 1 (h1) to 6 (h1-h6), not $(printf "\047%s\047" "$v")" \
            "mkepub: try $(printf "\047%s\047" "mkepub --help")" >want &&
        test_cmp want err || return 1
    done
'

new_book bad-depth
cat >"$TEST_TMP/bad-depth/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters toc-depth="9">
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/bad-depth/expect" <<\EOF
book/book.xml:8:3: error: toc-depth="9": give the heading levels the table of contents shows, 1 (h1) to 6 (h1-h6)
1 error, 0 warnings
EOF

test_expect_success 'a bad toc-depth in book.xml is located' '
    check_fails 1 bad-depth
'

test_expect_success 'Ace by DAISY: no violation in these books, none added to full-docs' '
    if [ -n "$ACE_SKIP" ]; then
        echo "# SKIP: $ACE_SKIP"
        return 0
    fi
    ace_all d3 d4 d1 two six &&
    # the same violations (file, rule, what), wherever they point: the
    # h4 given an id at depth 4 is pointed at by that id
    all_clean two &&
    all_clean six &&
    for d in d3 d4 d1; do
        cut -f1-4 "$TEST_TMP/$d.v" >"$TEST_TMP/$d.rules" || return 1
    done &&
    test "$(wc -l <"$TEST_TMP/d3.rules")" = 2 &&
    test_cmp "$TEST_TMP/d3.rules" "$TEST_TMP/d4.rules" &&
    test_cmp "$TEST_TMP/d3.rules" "$TEST_TMP/d1.rules"
'

test_done
