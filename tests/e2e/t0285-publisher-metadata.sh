#!/bin/sh
# Metadata publishers need: a series (belongs-to-collection with
# collection-type and group-position), several identifiers with one
# unique, ISBN-10/13 checked by check digit and written urn:isbn:,
# creators in display order (display-seq), alternate-script names; and
# every bad value located, in one run.  Every book built passes both
# EPUBChecks and is spooled for Ace by DAISY (t0990-ace-books.sh).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

SDE=1606953600

page() {
    find "$X" -name "$1" | head -n 1
}

# --- a series book with an ISBN and two creators in display order ------

new_book series
cat >"$TEST_TMP/series/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title alternate-script="Kawa no Oto" alternate-script-lang="ja-Latn">川の音</title>
    <creator role="aut" display-seq="2" file-as="Sato, Hana" alternate-script="佐藤 花" alternate-script-lang="ja">Hana Sato</creator>
    <creator role="aut" display-seq="1" file-as="Ito, Ken">Ken Ito</creator>
    <contributor role="trl">Mary Field</contributor>
    <language>en</language>
    <identifier type="isbn">978-0-306-40615-7</identifier>
    <identifier unique="yes">urn:uuid:0b6f3c1d-8a2e-4f5b-9c7d-1e2f3a4b5c6d</identifier>
    <identifier type="isbn">0-8044-2957-X</identifier>
    <identifier>https://doi.org/10.1000/182</identifier>
    <publisher>River Press</publisher>
    <collection type="series" position="2">The River Books</collection>
    <collection type="set" position="1.5">Autumn Readings</collection>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF

test_expect_success 'a series book with ISBNs and ordered creators builds, passes both EPUBChecks' '
    cd "$TEST_TMP/series" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub series &&
    epub_unpack out/book.epub
'

test_expect_success 'identifiers: the unique one is the package unique-identifier, ISBNs urn:isbn:' '
    test "$(xpath_string "/opf:package/@unique-identifier" "$OPFX")" = pub-id &&
    test "$(xpath_string "//dc:identifier[@id=\"pub-id\"]" "$OPFX")" = \
        urn:uuid:0b6f3c1d-8a2e-4f5b-9c7d-1e2f3a4b5c6d &&
    xpath_values "//dc:identifier/text()" "$OPFX" >ids &&
    printf "%s\n" urn:isbn:9780306406157 \
        urn:uuid:0b6f3c1d-8a2e-4f5b-9c7d-1e2f3a4b5c6d urn:isbn:080442957X \
        https://doi.org/10.1000/182 >want &&
    test_cmp want ids &&
    xpath_values "//opf:meta[@property=\"identifier-type\"]/text()" "$OPFX" >types &&
    printf "%s\n" 15 02 >want &&
    test_cmp want types &&
    test "$(xpath_string "//opf:meta[@property=\"identifier-type\"][1]/@scheme" "$OPFX")" = onix:codelist5 &&
    ncx=$(page toc.ncx) &&
    test "$(xpath_string "//ncx:meta[@name=\"dtb:uid\"]/@content" "$ncx")" = \
        urn:uuid:0b6f3c1d-8a2e-4f5b-9c7d-1e2f3a4b5c6d
'

test_expect_success 'collections: belongs-to-collection, collection-type, group-position' '
    xpath_values "//opf:meta[@property=\"belongs-to-collection\"]/text()" "$OPFX" >names &&
    printf "%s\n" "The River Books" "Autumn Readings" >want &&
    test_cmp want names &&
    test "$(xpath_string "//opf:meta[@refines=\"#collection-1\"][@property=\"collection-type\"]" "$OPFX")" = series &&
    test "$(xpath_string "//opf:meta[@refines=\"#collection-1\"][@property=\"group-position\"]" "$OPFX")" = 2 &&
    test "$(xpath_string "//opf:meta[@refines=\"#collection-2\"][@property=\"collection-type\"]" "$OPFX")" = set &&
    test "$(xpath_string "//opf:meta[@refines=\"#collection-2\"][@property=\"group-position\"]" "$OPFX")" = 1.5
'

test_expect_success 'display-seq and alternate-script refine the creators and the title' '
    test "$(xpath_string "//opf:meta[@refines=\"#creator-1\"][@property=\"display-seq\"]" "$OPFX")" = 2 &&
    test "$(xpath_string "//opf:meta[@refines=\"#creator-2\"][@property=\"display-seq\"]" "$OPFX")" = 1 &&
    test "$(xpath_count "//opf:meta[@refines=\"#contributor-1\"][@property=\"display-seq\"]" "$OPFX")" = 0 &&
    test "$(xpath_string "//opf:meta[@refines=\"#creator-1\"][@property=\"alternate-script\"]" "$OPFX")" = "佐藤 花" &&
    test "$(xpath_string "//opf:meta[@refines=\"#creator-1\"][@property=\"alternate-script\"]/@xml:lang" "$OPFX")" = ja &&
    test "$(xpath_string "//opf:meta[@refines=\"#title\"][@property=\"alternate-script\"]" "$OPFX")" = "Kawa no Oto" &&
    test "$(xpath_string "//opf:meta[@refines=\"#title\"][@property=\"alternate-script\"]/@xml:lang" "$OPFX")" = ja-Latn
'

test_expect_success 'the credits page: creators in display order, series, ISBNs' '
    credits=$(page credits.xhtml) &&
    xpath_values "//h:dl/*/text()" "$credits" >lines &&
    printf "%s\n" Author "Ken Ito" Author "Hana Sato" Translator "Mary Field" \
        Series "The River Books (2)" Series "Autumn Readings (1.5)" \
        Publisher "River Press" ISBN 9780306406157 ISBN 080442957X >want &&
    test_cmp want lines
'

test_expect_success 'one identifier: unique without saying so, any form' '
    new_book one-id &&
    cd "$TEST_TMP/one-id" &&
    sed "s|<identifier>.*</identifier>|<identifier type=\"isbn\">ISBN 979-10-90636-07-1</identifier>|" \
        book/book.xml >x && mv x book/book.xml &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub one-id &&
    epub_unpack out/book.epub &&
    test "$(xpath_string "//dc:identifier[@id=\"pub-id\"]" "$OPFX")" = urn:isbn:9791090636071
'

test_expect_success 'a bare UUID with type="uuid" is written as urn:uuid:' '
    new_book bare-uuid &&
    cd "$TEST_TMP/bare-uuid" &&
    sed "s|<identifier>urn:uuid:|<identifier type=\"uuid\">|" \
        book/book.xml >x && mv x book/book.xml &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub bare-uuid &&
    epub_unpack out/book.epub &&
    test "$(xpath_string "//dc:identifier[@id=\"pub-id\"]" "$OPFX")" = \
        urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85
'

# --- every bad value, located, in one run ---------------------------------

new_book bad
cat >"$TEST_TMP/bad/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title alternate-script="Test">Test</title>
    <language>en</language>
    <identifier unique="yes">urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <identifier type="isbn">978-0-306-40615-8</identifier>
    <identifier type="isbn">978-0-306-4061</identifier>
    <identifier type="isbn">ISBN 978-O-306-40615-7</identifier>
    <identifier>urn:isbn:1234567890123</identifier>
    <identifier type="doi">10.1000/182</identifier>
    <identifier unique="yes">urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e</identifier>
    <identifier unique="maybe">x-1</identifier>
    <identifier type="uuid">not-a-uuid</identifier>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <creator display-seq="first">A</creator>
    <creator display-seq="1" alternate-script-lang="ru">B</creator>
    <creator display-seq="1" alternate-script="C" alternate-script-lang="EN">C</creator>
    <contributor display-seq="0" alternate-script="D" alternate-script-lang="d_e">D</contributor>
    <collection type="serie" position="2">S</collection>
    <collection type="series" position="two">S</collection>
    <collection position="1">S</collection>
    <collection type="set" position="1.">S</collection>
    <series>S</series>
    <isbn>978-0-306-40615-7</isbn>
    <modified>2020-01-01</modified>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/bad/expect" <<\EOF
book/book.xml:4:5: error: alternate-script needs alternate-script-lang, the language of that form (e.g. alternate-script-lang="ja")
book/book.xml:7:5: error: ISBN '978-0-306-40615-8' ends in the check digit 8, but its other digits give 7: a digit is wrong or two are swapped; copy the number again from the book's imprint
book/book.xml:8:5: error: ISBN '978-0-306-4061' has 11 digits, not 10 or 13: check it for a missing or an extra digit
book/book.xml:9:5: error: 'ISBN 978-O-306-40615-7' is not an ISBN: an ISBN is 10 or 13 digits, with hyphens or spaces between them (e.g. 978-0-306-40615-7)
book/book.xml:10:5: error: ISBN 'urn:isbn:1234567890123' has 13 digits but does not start with 978 or 979: check the number
book/book.xml:11:5: error: identifier type="doi" is unknown: use type="isbn" or type="uuid", or leave type out for any other identifier (a DOI, a URL, ...)
book/book.xml:12:1: error: a second identifier marked unique="yes" (the first is on line 6): a book has one unique identifier; keep unique="yes" on one of them
book/book.xml:13:5: error: unique="maybe": use unique="yes" on the identifier that names this book for good, and leave it out on the others
book/book.xml:14:1: error: identifier 'not-a-uuid' is not a valid urn:uuid (8-4-4-4-12 hexadecimal digits)
book/book.xml:15:1: error: identifier 'urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85' is given twice (first on line 6)
book/book.xml:16:5: error: display-seq="first" is not a whole number from 1 to 9999: give the place in which this name is shown (1, 2, ...)
book/book.xml:17:5: error: alternate-script-lang without alternate-script: add the name as written in that language, or leave the attribute out
book/book.xml:18:1: error: alternate-script-lang 'EN' is the book's language: the alternate form must be in another language or script (e.g. ja-Latn for Japanese in Latin letters)
book/book.xml:18:1: error: display-seq="1" is given to two creators (first on line 17): give each its own place
book/book.xml:19:5: error: alternate-script-lang 'd_e' is not a BCP 47 language tag (e.g. ja, ru, zh-Hant, sr-Cyrl)
book/book.xml:19:5: error: display-seq="0" is not a whole number from 1 to 9999: give the place in which this name is shown (1, 2, ...)
book/book.xml:20:5: error: collection type="serie" is unknown: use type="series" (works issued one by one over time) or type="set" (a finite set that is one work)
book/book.xml:21:5: error: position="two" is not a number: give the book's place in the series as a number (1, 2, 2.5)
book/book.xml:22:5: error: <collection> is missing its 'type' attribute
book/book.xml:23:5: error: position="1." is not a number: give the book's place in the set as a number (1, 2, 2.5)
book/book.xml:24:5: error: unknown element <series> in <metadata>: a series is <collection type="series" position="N">
book/book.xml:25:5: error: unknown element <isbn> in <metadata>: an ISBN is <identifier type="isbn">
book/book.xml:26:5: error: unknown element <modified> in <metadata>: dcterms:modified is the time of the build; set SOURCE_DATE_EPOCH to fix it
23 errors, 0 warnings
EOF

test_expect_success 'bad ISBNs, identifiers, display-seq, alternate scripts, collections: all located' '
    check_fails 1 bad
'

new_book none-unique
cat >"$TEST_TMP/none-unique/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <identifier type="isbn">978-0-306-40615-7</identifier>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/none-unique/expect" <<\EOF
book/book.xml:6:1: error: 2 identifiers and none is marked unique="yes": mark the one that names this book in every edition and format (it becomes the package's unique-identifier)
1 error, 0 warnings
EOF

test_expect_success 'several identifiers and none marked unique' '
    check_fails 1 none-unique
'

test_done
