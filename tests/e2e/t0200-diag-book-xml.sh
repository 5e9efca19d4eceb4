#!/bin/sh
# Problems in book.xml: each reported as book.xml:LINE:COL with a message
# that says what is wrong (and a "did you mean" where one is close), exit
# 1, nothing written, an earlier output file left as it was.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# --- not well-formed: libxml2's own message, line and column -----------

new_book malformed
cat >"$TEST_TMP/malformed/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
  </metdata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/malformed/expect" <<\EOF
book/book.xml:6:13: error: Opening and ending tag mismatch: metadata line 3 and metdata
1 error, 0 warnings
EOF

new_book attr-quote
cat >"$TEST_TMP/attr-quote/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Fish & Chips</title>
    <language>en</language>
  </metadata>
</book>
EOF
cat >"$TEST_TMP/attr-quote/expect" <<\EOF
book/book.xml:4:18: error: xmlParseEntityRef: no name
1 error, 0 warnings
EOF

new_book empty
: >"$TEST_TMP/empty/book/book.xml"
cat >"$TEST_TMP/empty/expect" <<\EOF
book/book.xml:1:1: error: the file is empty
1 error, 0 warnings
EOF

test_expect_success 'not well-formed: libxml2 line:col, nothing written' '
    check_fails 1 malformed
'

test_expect_success 'a bare & in text: libxml2 line:col' '
    check_fails 1 attr-quote
'

test_expect_success 'an empty book.xml says so' '
    check_fails 1 empty
'

# --- unknown names, with "did you mean" ----------------------------------

new_book names
cat >"$TEST_TMP/names/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <author>A. Writer</author>
    <creator role="aut" fileas="Writer, A.">A. Writer</creator>
    <publisher>P<b>x</b></publisher>
    <description></description>
  </metadata>
  <stylesheat href="../styles/book.css"/>
  <cover img="images/cover.png"/>
  <title>Misplaced</title>
  <chapters sort="yes">
    <chapter href="chapters/one.xhtml" linear="maybe"/>
    <chapter hre="chapters/one.xhtml"/>
    <chapter href="chapters/one.xhtml" titel="One"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/names/expect" <<\EOF
book/book.xml:7:5: error: unknown element <author> in <metadata>: an author is <creator role="aut">
book/book.xml:8:5: error: unknown attribute 'fileas' on <creator>; did you mean 'file-as'?
book/book.xml:9:17: error: <publisher> may hold only text, not <b>
book/book.xml:10:5: error: <description> is empty
book/book.xml:12:3: error: unknown element <stylesheat> in <book>; did you mean <stylesheet>?
book/book.xml:13:3: error: <cover> is missing its 'image' attribute
book/book.xml:13:3: error: unknown attribute 'img' on <cover>; did you mean 'image'?
book/book.xml:14:3: error: <title> belongs in <metadata>, not in <book>
book/book.xml:15:3: error: unknown attribute 'sort' on <chapters>
book/book.xml:16:5: error: linear="maybe": use "yes" or "no"
book/book.xml:17:5: error: <chapter> is missing its 'href' attribute
book/book.xml:17:5: error: unknown attribute 'hre' on <chapter>; did you mean 'href'?
book/book.xml:18:1: error: chapter 'chapters/one.xhtml' is listed twice (first on line 16)
book/book.xml:18:5: error: unknown attribute 'titel' on <chapter>; did you mean 'title'?
14 errors, 0 warnings
EOF

test_expect_success 'unknown elements and attributes, with did-you-mean, all in one run' '
    check_fails 1 names
'

new_book root
cat >"$TEST_TMP/root/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<package>
  <metadata/>
</package>
EOF
cat >"$TEST_TMP/root/expect" <<\EOF
book/book.xml:2:1: error: the root element must be <book> (no namespace), not <package>
1 error, 0 warnings
EOF

test_expect_success 'the root element must be <book>' '
    check_fails 1 root
'

# --- what is required ------------------------------------------------------

new_book no-title
cat >"$TEST_TMP/no-title/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/no-title/expect" <<\EOF
book/book.xml:3:1: error: <metadata> has no <title>
1 error, 0 warnings
EOF

new_book no-language
cat >"$TEST_TMP/no-language/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/no-language/expect" <<\EOF
book/book.xml:3:1: error: <metadata> has no <language> (a BCP 47 tag such as en)
1 error, 0 warnings
EOF

new_book no-chapters
cat >"$TEST_TMP/no-chapters/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
</book>
EOF
cat >"$TEST_TMP/no-chapters/expect" <<\EOF
book/book.xml:2:1: error: <chapters> is missing: list the chapters in reading order
1 error, 0 warnings
EOF

new_book empty-chapters
cat >"$TEST_TMP/empty-chapters/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/empty-chapters/expect" <<\EOF
book/book.xml:8:1: error: <chapters> lists no <chapter>
1 error, 0 warnings
EOF

new_book no-metadata
cat >"$TEST_TMP/no-metadata/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/no-metadata/expect" <<\EOF
book/book.xml:2:1: error: <metadata> is missing; it needs at least <title> and <language>
1 error, 0 warnings
EOF

test_expect_success 'missing <title>' '
    check_fails 1 no-title
'

test_expect_success 'missing <language>' '
    check_fails 1 no-language
'

test_expect_success 'missing <chapters>' '
    check_fails 1 no-chapters
'

test_expect_success '<chapters> without a <chapter>' '
    check_fails 1 empty-chapters
'

test_expect_success 'missing <metadata>' '
    check_fails 1 no-metadata
'

# --- values ------------------------------------------------------------------

new_book values
cat >"$TEST_TMP/values/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en_US</language>
    <language>zh-Hant-TW</language>
    <language>english</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe8</identifier>
    <creator role="aut">A. Writer</creator>
    <creator role="auth">B. Writer</creator>
    <contributor role="xyz">C. Translator</contributor>
    <date>2020-12-3</date>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/values/expect" <<\EOF
book/book.xml:5:1: error: language 'en_US' is not a BCP 47 language tag (e.g. en, en-GB, kk, ru, zh-Hant)
book/book.xml:7:1: error: language 'english' is not a BCP 47 language tag (e.g. en, en-GB, kk, ru, zh-Hant)
book/book.xml:8:1: error: identifier 'urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe8' is not a valid urn:uuid (8-4-4-4-12 hexadecimal digits)
book/book.xml:10:5: error: role 'auth' is not a MARC relator code; did you mean 'aut' (Author)?
book/book.xml:11:5: error: role 'xyz' is not a MARC relator code (e.g. aut, trl, edt, ill, pht)
book/book.xml:12:1: error: date '2020-12-3' is not a W3C date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)
6 errors, 0 warnings
EOF

test_expect_success 'BCP 47 languages, urn:uuid, MARC roles, W3C dates, in one run' '
    check_fails 1 values
'

# Each date form on its own: the good ones build, the bad ones do not.
new_book dates
test_expect_success 'W3C dates: accepted and refused forms' '
    cd "$TEST_TMP/dates" &&
    mv book/book.xml book.xml.in &&
    for d in 2020 2020-12 2020-12-03 2020-12-03T10:00:00Z \
        2020-12-03T10:00:00+05:00 2020-12-03T10:00Z; do
        sed "s|<language>|<date>$d</date><language>|" book.xml.in \
            >book/book.xml &&
        mkepub --check book/book.xml 2>err &&
        test_summary_only err || return 1
    done &&
    for d in 2020-02-30 12/03/2020 2020-12-03T25:00:00Z "December 2020" \
        2020-1-03 20201203 2020-12-03T10:00:00; do
        sed "s|<language>|<date>$d</date><language>|" book.xml.in \
            >book/book.xml &&
        must_fail 1 mkepub --check book/book.xml 2>err &&
        printf "%s\n" \
            "book/book.xml:5:1: error: date $(printf "\047%s\047" "$d") is not a W3C date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)" \
            "1 error, 0 warnings" >want &&
        test_cmp want err || return 1
    done
'

# --- uniqueness ----------------------------------------------------------------

new_book twice
cat >"$TEST_TMP/twice/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <identifier>urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e</identifier>
    <title>Test again</title>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
    <chapter href="chapters/two.xhtml"/>
    <chapter href="./chapters/one.xhtml"/>
    <chapter href="chapters/../chapters/two.xhtml"/>
  </chapters>
  <chapters/>
</book>
EOF
chapter "$TEST_TMP/twice/book/chapters/two.xhtml"
cat >"$TEST_TMP/twice/expect" <<\EOF
book/book.xml:6:1: error: 2 identifiers and none is marked unique="yes": mark the one that names this book in every edition and format (it becomes the package's unique-identifier)
book/book.xml:8:5: error: <title> is given twice (first on line 4); only one is allowed
book/book.xml:13:1: error: chapter './chapters/one.xhtml' is listed twice (first on line 11)
book/book.xml:14:1: error: chapter 'chapters/../chapters/two.xhtml' is listed twice (first on line 12)
book/book.xml:16:3: error: <chapters> is given twice (first on line 10); only one is allowed
5 errors, 0 warnings
EOF

test_expect_success 'two identifiers none marked unique, a chapter listed twice (however spelled)' '
    check_fails 1 twice
'

# The same chapter as an absolute path and as a relative one is still the
# same chapter (it used to give two zip entries of one name: exit 3).
new_book twice-abs
test_expect_success 'a chapter listed relative and absolute is listed twice' '
    cd "$TEST_TMP/twice-abs" &&
    sed "s|</chapters>|  <chapter href=\"$TEST_TMP/twice-abs/book/chapters/one.xhtml\"/>\n  </chapters>|" \
        book/book.xml >book/abs.xml &&
    mv book/abs.xml book/book.xml &&
    printf "%s\n" \
        "book/book.xml:10:1: error: chapter $(printf "\047%s\047" "$TEST_TMP/twice-abs/book/chapters/one.xhtml") is listed twice (first on line 9)" \
        "1 error, 0 warnings" >expect &&
    check_fails 1 twice-abs
'

test_expect_success 'no identifier: a derived one, with a warning; it builds' '
    new_book no-id &&
    cd "$TEST_TMP/no-id" &&
    grep -v "<identifier>" book/book.xml >book/x && mv book/x book/book.xml &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml 2>err &&
    diag_lines err >lines &&
    test "$(wc -l <lines)" -eq 1 &&
    grep -E "^book/book.xml:3:1: warning: no <identifier>: using urn:uuid:[0-9a-f-]{36}, derived from the title and creators" lines &&
    sed -n 2p err | grep -Fx "0 errors, 1 warning" &&
    tail -n 1 err >summary && test_summary_only summary &&
    test -s out/book.epub
'

test_done
