#!/bin/sh
# Image and SVG pages, fixed layout and a table of contents nested across
# files (issue 13):
# - tests/books/picture-book: a fixed-layout picture book (book.xml
#   layout, spread, orientation, page-spread) of two PNG pages, a JPEG
#   page and an SVG page: each raster image is shown by a generated XHTML
#   page whose viewport is the image's size; the SVG page is an SVG
#   content document in the spine, sized by its viewBox; only titled
#   pages are in the table of contents;
# - tests/books/three-level: a novel of book (h1), part (h2) and chapter
#   (h3) files, whose nav and NCX nest by heading rank;
# - bad inputs: a fixed-layout page of unknown size, bad rendition values
#   and viewports are located errors, and nothing is written.
# Both books pass both EPUBChecks and Ace by DAISY with no violation (but
# for the picture book's SVG page, which Ace does not read: lib-ace.sh).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

SDE=1606953600
PICTURES=$TOP/tests/books/picture-book/book/book.xml
NOVEL=$TOP/tests/books/three-level/book/book.xml

page() {
    find "$X" -name "$1" | head -n 1
}

test_expect_success 'picture book: builds clean, passes both EPUBChecks' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/pictures.epub" \
        "$PICTURES" 2>err &&
    test_summary_only err &&
    epubcheck_both "$TEST_TMP/pictures.epub" &&
    epub_unpack "$TEST_TMP/pictures.epub"
'

test_expect_success 'picture book: rendition metadata and spine properties' '
    xpath_values "//opf:meta[starts-with(@property,\"rendition:\")]/text()" \
        "$OPFX" >meta &&
    printf "%s\n" pre-paginated auto portrait >want &&
    test_cmp want meta &&
    xpath_values "//opf:itemref/@properties" "$OPFX" >props &&
    printf "%s\n" rendition:layout-reflowable page-spread-right \
        page-spread-left "rendition:spread-none rendition:page-spread-center" \
        rendition:layout-reflowable >want &&
    test_cmp want props
'

test_expect_success 'picture book: image pages are XHTML showing the image' '
    test "$(xpath_string "//opf:item[@href=\"p1.xhtml\"]/@media-type" "$OPFX")" = application/xhtml+xml &&
    test "$(xpath_string "//opf:item[@href=\"p1.png\"]/@media-type" "$OPFX")" = image/png &&
    test "$(xpath_string "//opf:item[@href=\"p3.jpg\"]/@media-type" "$OPFX")" = image/jpeg &&
    p1=$(page p1.xhtml) &&
    test "$(xpath_string "//h:img/@src" "$p1")" = p1.png &&
    test "$(xpath_string "//h:img/@alt" "$p1")" = "A page painted red." &&
    test "$(xpath_string "//h:title" "$p1")" = Red &&
    test "$(xpath_string "//h:meta[@name=\"viewport\"]/@content" "$p1")" = "width=60, height=80" &&
    p3=$(page p3.xhtml) &&
    test "$(xpath_string "//h:meta[@name=\"viewport\"]/@content" "$p3")" = "width=96, height=64" &&
    test "$(xpath_string "//opf:item[@href=\"p4.svg\"]/@media-type" "$OPFX")" = image/svg+xml &&
    test "$(xpath_string "//opf:itemref[5]/@idref" "$OPFX")" = "$(xpath_string "//opf:item[@href=\"p4.svg\"]/@id" "$OPFX")" &&
    test -z "$(page p4.xhtml)" &&
    cmp "$TOP/tests/books/picture-book/book/pages/p4.svg" "$(page p4.svg)"
'

test_expect_success 'picture book: only titled pages are in the TOC' '
    xpath_values "//h:nav[@epub:type=\"toc\"]//h:a/text()" \
        "$(page nav.xhtml)" >toc &&
    printf "%s\n" Red "The end" Credits >want &&
    test_cmp want toc
'

test_expect_success 'picture book: untitled image page alt defaults to Page N' '
    new_book untitled pages/p1.png &&
    cp "$TOP/tests/books/picture-book/book/pages/p1.png" \
        "$TEST_TMP/untitled/book/pages/p1.png" &&
    cd "$TEST_TMP/untitled" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/u.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/u.epub &&
    epub_unpack out/u.epub &&
    p1=$(page p1.xhtml) &&
    test "$(xpath_string "//h:img/@alt" "$p1")" = "Page 1" &&
    test "$(xpath_count "//h:meta[@name=\"viewport\"]" "$p1")" = 0
'

test_expect_success 'three-level novel: builds clean, passes both EPUBChecks' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/novel.epub" "$NOVEL" 2>err &&
    test_summary_only err &&
    epubcheck_both "$TEST_TMP/novel.epub" &&
    epub_unpack "$TEST_TMP/novel.epub"
'

# depth_of TEXT: how many <ol> the nav entry TEXT sits in
depth_of() {
    xpath_count "//h:nav[@epub:type=\"toc\"]//h:a[text()=\"$1\"]/ancestor::h:ol" \
        "$(page nav.xhtml)"
}

test_expect_success 'three-level novel: the nav nests book, part, chapter' '
    for e in "Book One:1" "Part One:2" "Chapter 1:3" "Chapter 2:3" \
        "Part Two:2" "Chapter 3:3" "Book Two:1" "Part Three:2" \
        "Chapter 4:3" "Chapter 5:3" "Credits:1"; do
        test "$(depth_of "${e%:*}")" = "${e##*:}" || {
            echo "${e%:*}: depth $(depth_of "${e%:*}")"; return 1; }
    done &&
    nav=$(page nav.xhtml) &&
    test "$(xpath_string "//h:a[text()=\"Chapter 3\"]/ancestor::h:li[2]/h:a" "$nav")" = "Part Two" &&
    test "$(xpath_string "//h:a[text()=\"Chapter 3\"]/ancestor::h:li[3]/h:a" "$nav")" = "Book One" &&
    ! grep -F "A scene" "$nav"
'

test_expect_success 'three-level novel: the NCX nests alike, playOrder 1..N' '
    ncx=$(page toc.ncx) &&
    test "$(xpath_string "//ncx:meta[@name=\"dtb:depth\"]/@content" "$ncx")" = 3 &&
    test "$(xpath_count "//ncx:navMap/ncx:navPoint" "$ncx")" = 3 &&
    test "$(xpath_count "//ncx:navPoint/ncx:navPoint/ncx:navPoint" "$ncx")" = 5 &&
    xpath_values "//ncx:navPoint/@playOrder" "$ncx" >orders &&
    seq 1 11 >want &&
    test_cmp want orders
'

test_expect_success 'three-level novel: --toc-depth 4 nests the h4 below its chapter, --toc-depth 1 is flat' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q --toc-depth 4 \
        -o "$TEST_TMP/novel4.epub" "$NOVEL" &&
    epubcheck_both "$TEST_TMP/novel4.epub" &&
    epub_unpack "$TEST_TMP/novel4.epub" &&
    test "$(depth_of "A scene")" = 4 &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q --toc-depth 1 \
        -o "$TEST_TMP/novel1.epub" "$NOVEL" &&
    epubcheck_both "$TEST_TMP/novel1.epub" &&
    epub_unpack "$TEST_TMP/novel1.epub" &&
    test "$(xpath_count "//h:nav[@epub:type=\"toc\"]//h:ol//h:ol" "$(page nav.xhtml)")" = 0
'

# A fixed-layout XHTML chapter takes book.xml's viewport, keeps its own.
new_book viewports chapters/one.xhtml chapters/two.xhtml
sed -e 's|<chapters>|<chapters layout="pre-paginated" viewport="800x600">|' \
    -e 's|"chapters/one.xhtml"/>|"chapters/one.xhtml" viewport="1000x1400"/>|' \
    "$TEST_TMP/viewports/book/book.xml" >"$TEST_TMP/tmp.xml" &&
mv "$TEST_TMP/tmp.xml" "$TEST_TMP/viewports/book/book.xml"
cat >"$TEST_TMP/viewports/book/chapters/two.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Two</title><meta name="viewport" content="width=500, height=700"/></head>
<body><h1>Two</h1><p>Text.</p></body>
</html>
EOF

test_expect_success 'fixed-layout XHTML: viewport from book.xml, or its own' '
    cd "$TEST_TMP/viewports" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/v.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/v.epub &&
    epub_unpack out/v.epub &&
    test "$(xpath_string "//h:meta[@name=\"viewport\"]/@content" "$(page one.xhtml)")" = "width=1000, height=1400" &&
    test "$(xpath_values "//h:meta[@name=\"viewport\"]/@content" "$(page two.xhtml)")" = "width=500, height=700"
'

new_book no-viewport chapters/one.xhtml
sed 's|<chapters>|<chapters layout="pre-paginated">|' \
    "$TEST_TMP/no-viewport/book/book.xml" >"$TEST_TMP/tmp.xml" &&
mv "$TEST_TMP/tmp.xml" "$TEST_TMP/no-viewport/book/book.xml"
cat >"$TEST_TMP/no-viewport/expect" <<\EOF
book/book.xml:9:1: error: chapter 'chapters/one.xhtml' is fixed-layout (pre-paginated) but its size is not known: give its <chapter> or <chapters> viewport="WIDTHxHEIGHT", or the chapter a <meta name="viewport" content="width=W, height=H"/>
1 error, 0 warnings
EOF

test_expect_success 'fixed layout without a viewport is a located error' '
    check_fails 1 no-viewport
'

# A fixed-layout chapter's own viewport must give a width and a height,
# numbers without a unit (EPUBCheck HTM-047, HTM-056, HTM-057).
new_book bad-own chapters/one.xhtml chapters/two.xhtml
sed 's|<chapters>|<chapters layout="pre-paginated">|' \
    "$TEST_TMP/bad-own/book/book.xml" >"$TEST_TMP/tmp.xml" &&
mv "$TEST_TMP/tmp.xml" "$TEST_TMP/bad-own/book/book.xml"
cat >"$TEST_TMP/bad-own/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>One</title><meta name="viewport" content="width=600"/></head>
<body><h1>One</h1></body>
</html>
EOF
cat >"$TEST_TMP/bad-own/book/chapters/two.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Two</title>
<meta name="viewport" content="width=600px, height=device-height"/></head>
<body><h1>Two</h1></body>
</html>
EOF
cat >"$TEST_TMP/bad-own/expect" <<\EOF
book/chapters/one.xhtml:2:25: error: the viewport of a fixed-layout page needs a height: write content="width=W, height=H"
book/chapters/two.xhtml:3:1: error: viewport width=600px: give a number of CSS pixels (no unit) or device-width
2 errors, 0 warnings
EOF

test_expect_success "a fixed-layout chapter's own bad viewport is located" '
    check_fails 1 bad-own
'

new_book no-size pages/p.png
printf "\211PNG\r\n\032\nnot a header at all" \
    >"$TEST_TMP/no-size/book/pages/p.png"
sed 's|<chapter href="pages/p.png"/>|<chapter href="pages/p.png" layout="pre-paginated"/>|' \
    "$TEST_TMP/no-size/book/book.xml" >"$TEST_TMP/tmp.xml" &&
mv "$TEST_TMP/tmp.xml" "$TEST_TMP/no-size/book/book.xml"
cat >"$TEST_TMP/no-size/expect" <<\EOF
book/book.xml:9:1: error: chapter 'pages/p.png' is a fixed-layout image page whose size cannot be read from the image: give its <chapter> viewport="WIDTHxHEIGHT"
1 error, 0 warnings
EOF

test_expect_success 'a fixed-layout image page of unreadable size is located' '
    check_fails 1 no-size
'

new_book bad-rendition chapters/one.xhtml
cat >"$TEST_TMP/bad-rendition/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters layout="fixed" spread="portrait" orientation="up" viewport="800">
    <chapter href="chapters/one.xhtml" page-spread="middle" alt=""
             viewport="0x10"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/bad-rendition/expect" <<\EOF
book/book.xml:8:3: error: layout="fixed": use "pre-paginated" or "reflowable"
book/book.xml:8:3: error: orientation="up": use "auto", "landscape" or "portrait"
book/book.xml:8:3: error: spread="portrait": use "auto", "both", "landscape" or "none"
book/book.xml:8:3: error: viewport="800": give the page size in CSS pixels as WIDTHxHEIGHT, e.g. viewport="1200x1600"
book/book.xml:9:5: error: alt="" is empty: say what the page shows, or leave the attribute out
book/book.xml:9:5: error: page-spread="middle": use "center", "left" or "right"
book/book.xml:9:5: error: viewport="0x10": give the page size in CSS pixels as WIDTHxHEIGHT, e.g. viewport="1200x1600"
7 errors, 0 warnings
EOF

test_expect_success 'bad rendition values and viewports are located' '
    check_fails 1 bad-rendition
'

. "$TEST_DIRECTORY/lib-ace.sh"
if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

test_expect_success 'Ace by DAISY: the picture book and the novel are clean' '
    ace pictures &&
    clean_but_svg_toc pictures p4.svg &&
    ace novel &&
    all_clean novel
'

test_done
