#!/bin/sh
# The sample book (book/book.xml): a valid, reproducible EPUB with the
# structure the contract promises.
. "$(dirname "$0")/../lib.sh"

BOOK=$TOP/book/book.xml
SDE=1606953600          # 2020-12-03T00:00:00Z
A=$TEST_TMP/a.epub

# toc_documents: the distinct documents the toc links to, in order.
toc_documents() {
    nav_toc_targets | sed 's/#.*//' | awk '!seen[$0]++'
}

test_expect_success 'the sample book builds' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$A" "$BOOK" 2>"$TEST_TMP/a.err" &&
    cat "$TEST_TMP/a.err" &&
    test -s "$A" &&
    test_grep ! ": error: " "$TEST_TMP/a.err"
'

test_expect_success 'EPUBCheck 4 and 5 find nothing' '
    epubcheck_both "$A"
'

test_expect_success 'mimetype: first, stored, no extra field, exact bytes' '
    check_mimetype_entry "$A" &&
    zipinfo -v "$A" mimetype >"$TEST_TMP/mimetype.v" &&
    test_grep "length of extra field: *0 bytes" "$TEST_TMP/mimetype.v" &&
    test_grep "compression method: *none (stored)" "$TEST_TMP/mimetype.v" &&
    printf "application/epub+zip" >"$TEST_TMP/mimetype.want" &&
    epub_cat "$A" mimetype >"$TEST_TMP/mimetype.got" &&
    cmp "$TEST_TMP/mimetype.want" "$TEST_TMP/mimetype.got"
'

test_expect_success 'META-INF/container.xml points to the package document' '
    epub_unpack "$A" &&
    echo "package document: $OPF" &&
    test "$(xpath_count "//cn:rootfile" "$X/META-INF/container.xml")" = 1 &&
    test "$(xpath_string "//cn:rootfile/@media-type" "$X/META-INF/container.xml")" = \
        application/oebps-package+xml &&
    zip_entries "$A" | grep -Fx "$OPF" &&
    test "$(xpath_string "local-name(/*)" "$OPFX")" = package &&
    test "$(xpath_string "/*/@version" "$OPFX")" = 3.0
'

test_expect_success 'the manifest lists exactly the files in the zip' '
    epub_unpack "$A" &&
    check_manifest "$A"
'

test_expect_success 'the toc links to at least 5 chapters' '
    epub_unpack "$A" &&
    test "$(manifest_with_property nav | wc -l)" -eq 1 &&
    spine_paths >"$TEST_TMP/spine" &&
    LAST=$(tail -n 1 "$TEST_TMP/spine") &&
    toc_documents >"$TEST_TMP/toc-docs" &&
    cat "$TEST_TMP/toc-docs" &&
    test "$(grep -Fxv "$LAST" "$TEST_TMP/toc-docs" | wc -l)" -ge 5 &&
    while read -r doc; do
        test -f "$X/$doc" || { echo "toc links to missing $doc"; return 1; }
        grep -Fxq "$doc" "$TEST_TMP/spine" ||
            { echo "toc links to $doc, not in the spine"; return 1; }
    done <"$TEST_TMP/toc-docs"
'

test_expect_success 'the toc follows the spine order' '
    epub_unpack "$A" &&
    spine_paths >"$TEST_TMP/spine" &&
    toc_documents >"$TEST_TMP/toc-docs" &&
    grep -Fx -f "$TEST_TMP/toc-docs" "$TEST_TMP/spine" >"$TEST_TMP/spine-in-toc" &&
    test_cmp "$TEST_TMP/spine-in-toc" "$TEST_TMP/toc-docs"
'

test_expect_success 'landmarks include bodymatter' '
    epub_unpack "$A" &&
    NAV=$(nav_path) &&
    n=$(xpath_count "//h:nav[@epub:type=\"landmarks\"]//h:a[contains(concat(\" \", @epub:type, \" \"), \" bodymatter \")]" "$X/$NAV") &&
    test "$n" -ge 1
'

test_expect_success 'the credits page is last in the spine, in the toc, names CABAR.asia' '
    epub_unpack "$A" &&
    spine_paths >"$TEST_TMP/spine" &&
    LAST=$(tail -n 1 "$TEST_TMP/spine") &&
    echo "credits page: $LAST" &&
    test -f "$X/$LAST" &&
    grep -F "CABAR.asia" "$X/$LAST" &&
    test "$(toc_documents | tail -n 1)" = "$LAST"
'

test_expect_success 'dcterms:modified comes from SOURCE_DATE_EPOCH' '
    epub_unpack "$A" &&
    test "$(xpath_string "//opf:metadata/opf:meta[@property=\"dcterms:modified\"]" "$OPFX")" = \
        2020-12-03T00:00:00Z
'

test_expect_success 'every zip timestamp is SOURCE_DATE_EPOCH (UTC)' '
    zip_table "$A" >"$TEST_TMP/table" &&
    awk -F "\t" "\$3 != \"20201203.000000\"" "$TEST_TMP/table" >"$TEST_TMP/bad-times" &&
    test_cmp /dev/null "$TEST_TMP/bad-times"
'

test_expect_success 'JPEG and PNG stored; XHTML, CSS, OPF, NCX deflated' '
    epub_unpack "$A" &&
    check_compression "$A" &&
    test "$(zip_method "$A" "$OPF")" = deflated
'

test_expect_success 'every XHTML file starts with an XML declaration naming UTF-8' '
    epub_unpack "$A" &&
    for f in $(manifest_with_type application/xhtml+xml); do
        check_xml_decl "$X/$f" || return 1
    done
'

test_expect_success 'rebuilding gives the same bytes' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/b.epub" "$BOOK" &&
    cmp "$A" "$TEST_TMP/b.epub"
'

test_expect_success 'the same bytes with 1, 2 and 8 threads' '
    for j in 1 2 8; do
        SOURCE_DATE_EPOCH=$SDE mkepub -q -j $j -o "$TEST_TMP/j$j.epub" \
            "$BOOK" &&
        cmp "$A" "$TEST_TMP/j$j.epub" || return 1
    done
'

test_expect_success 'the same bytes under TZ=America/New_York' '
    SOURCE_DATE_EPOCH=$SDE TZ=America/New_York \
        mkepub -q -o "$TEST_TMP/ny.epub" "$BOOK" &&
    cmp "$A" "$TEST_TMP/ny.epub"
'

test_expect_success 'the same bytes under TZ=Asia/Tokyo' '
    SOURCE_DATE_EPOCH=$SDE TZ=Asia/Tokyo \
        mkepub -q -o "$TEST_TMP/tokyo.epub" "$BOOK" &&
    cmp "$A" "$TEST_TMP/tokyo.epub"
'

test_expect_success 'the default build has toc.ncx in the manifest and spine' '
    epub_unpack "$A" &&
    NCX=$(manifest_with_type application/x-dtbncx+xml) &&
    test -n "$NCX" && test -f "$X/$NCX" &&
    test -n "$(xpath_string "//opf:spine/@toc" "$OPFX")"
'

test_expect_success '--no-ncx leaves out toc.ncx' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q --no-ncx -o "$TEST_TMP/no-ncx.epub" "$BOOK" &&
    ! zip_entries "$TEST_TMP/no-ncx.epub" | grep -i "\.ncx\$" &&
    epub_unpack "$TEST_TMP/no-ncx.epub" &&
    test "$(xpath_count "//opf:item[@media-type=\"application/x-dtbncx+xml\"]" "$OPFX")" = 0 &&
    test -z "$(xpath_string "//opf:spine/@toc" "$OPFX")" &&
    check_manifest "$TEST_TMP/no-ncx.epub"
'

test_expect_success '--no-ncx output passes EPUBCheck 4 and 5' '
    epubcheck_both "$TEST_TMP/no-ncx.epub"
'

test_expect_success '-o - writes the same bytes to standard output' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o - "$BOOK" >"$TEST_TMP/stdout.epub" &&
    cmp "$A" "$TEST_TMP/stdout.epub"
'

test_done
