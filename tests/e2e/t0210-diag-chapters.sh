#!/bin/sh
# Problems inside chapters: not well-formed (libxml2's line and column),
# encodings, HTML entities, duplicate ids, obsolete elements.  Declared
# legacy encodings and HTML entities are accepted and written as UTF-8
# characters.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# --- not well-formed -------------------------------------------------------

new_book malformed chapters/a.xhtml chapters/b.xhtml chapters/c.xhtml
D=$TEST_TMP/malformed/book/chapters
cat >"$D/a.xhtml" <<\EOF
<h1>A</h1>
<p>One <em>two</p>
EOF
cat >"$D/b.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>B</title></head>
<body>
<h1>B</h1>
<p>Fish & chips</p>
</body>
</html>
EOF
cat >"$D/c.xhtml" <<\EOF
<h1>C</h1>
<p>Fine.</p>
<p>Unclosed
EOF
cat >"$TEST_TMP/malformed/expect" <<\EOF
book/chapters/a.xhtml:2:19: error: Opening and ending tag mismatch: em line 2 and p
book/chapters/b.xhtml:6:10: error: xmlParseEntityRef: no name
book/chapters/c.xhtml:4:1: error: the file ends with <p> from line 3 still open
3 errors, 0 warnings
EOF

test_expect_success 'not well-formed chapters: every one reported, libxml2 line:col' '
    check_fails 1 malformed
'

new_book empty chapters/one.xhtml chapters/empty.xhtml
: >"$TEST_TMP/empty/book/chapters/empty.xhtml"
cat >"$TEST_TMP/empty/expect" <<\EOF
book/chapters/empty.xhtml:1:1: error: the file is empty: write a chapter, or take it out of <chapters> in book.xml
1 error, 0 warnings
EOF

test_expect_success 'an empty chapter' '
    check_fails 1 empty
'

# --- encodings ---------------------------------------------------------------

# Latin-1 bytes with no declaration: an error at the first bad byte, with
# what to do.
new_book undeclared chapters/latin1.xhtml chapters/cp1252.xhtml
printf '<h1>Caf\351</h1>\n' >"$TEST_TMP/undeclared/book/chapters/latin1.xhtml"
printf '<h1>Quotes</h1>\n<p>He said \223hello\224.</p>\n' \
    >"$TEST_TMP/undeclared/book/chapters/cp1252.xhtml"
cat >"$TEST_TMP/undeclared/expect" <<\EOF
book/chapters/cp1252.xhtml:2:12: error: Input is not proper UTF-8, indicate encoding ! Bytes: 0x93 0x68 0x65 0x6C (save the file as UTF-8, or declare its encoding: <?xml version="1.0" encoding="windows-1251"?>)
book/chapters/latin1.xhtml:1:8: error: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x3C 0x2F 0x68 (save the file as UTF-8, or declare its encoding: <?xml version="1.0" encoding="windows-1251"?>)
2 errors, 0 warnings
EOF

test_expect_success 'not UTF-8 and no encoding declared: an error' '
    check_fails 1 undeclared
'

new_book unknown-enc
cat >"$TEST_TMP/unknown-enc/book/chapters/one.xhtml" <<\EOF
<?xml version="1.0" encoding="x-klingon"?>
<h1>One</h1>
EOF
cat >"$TEST_TMP/unknown-enc/expect" <<\EOF
book/chapters/one.xhtml:1:1: error: Unsupported encoding x-klingon
1 error, 0 warnings
EOF

test_expect_success 'an encoding libxml2 cannot convert: an error' '
    check_fails 1 unknown-enc
'

# Declared ISO-8859-1 (a fragment) and windows-1251 (a full document with
# a meta charset): converted, the EPUB holds UTF-8.
new_book declared chapters/latin1.xhtml chapters/cp1251.xhtml
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<h1>Caf\351</h1>\n<p>Cr\350me br\373l\351e, na\357ve, \251 2020.</p>\n' \
    >"$TEST_TMP/declared/book/chapters/latin1.xhtml"
printf '<?xml version="1.0" encoding="windows-1251"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="ru" xml:lang="ru">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"/>\n<title>\317\360\350\342\345\362</title>\n</head>\n<body>\n<h1>\317\360\350\342\345\362</h1>\n<p>\307\344\360\340\342\361\362\342\363\351, \354\350\360 \227 \253\352\340\342\373\367\352\350\273.</p>\n</body>\n</html>\n' \
    >"$TEST_TMP/declared/book/chapters/cp1251.xhtml"
: >"$TEST_TMP/declared/expect"

# entry_of EPUB NAME: the zip entry whose name ends in /NAME.
entry_of() {
    zip_entries "$1" | grep -E "(^|/)$2\$"
}

test_expect_success 'declared ISO-8859-1 and windows-1251: converted, it builds' '
    check_builds declared
'

test_expect_success 'the EPUB holds the text as UTF-8, declared as UTF-8' '
    E=$TEST_TMP/declared/out/book.epub &&
    L=$(entry_of "$E" latin1.xhtml) && C=$(entry_of "$E" cp1251.xhtml) &&
    epub_cat "$E" "$L" >latin1.out && epub_cat "$E" "$C" >cp1251.out &&
    for f in latin1.out cp1251.out; do
        iconv -f UTF-8 -t UTF-8 "$f" >/dev/null &&
        head -n 1 "$f" | grep -Fx "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" ||
        return 1
    done &&
    grep -F "$(printf "<h1 id=\"caf\303\251\">Caf\303\251</h1>")" latin1.out &&
    grep -F "$(printf "<p>Cr\303\250me br\303\273l\303\251e, na\303\257ve, \302\251 2020.</p>")" latin1.out &&
    grep -F "$(printf "<title>\320\237\321\200\320\270\320\262\320\265\321\202</title>")" cp1251.out &&
    grep -F "$(printf "\320\227\320\264\321\200\320\260\320\262\321\201\321\202\320\262\321\203\320\271, \320\274\320\270\321\200 \342\200\224 \302\253")" cp1251.out &&
    grep -F "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"/>" cp1251.out &&
    ! grep -i "windows-1251\|iso-8859-1" latin1.out cp1251.out
'

test_expect_success 'the converted book passes EPUBCheck 4 and 5' '
    epubcheck_both "$TEST_TMP/declared/out/book.epub"
'

# --- entities ------------------------------------------------------------------

new_book entities
cat >"$TEST_TMP/entities/book/chapters/one.xhtml" <<\EOF
<h1>Entities</h1>
<p>A&nbsp;B &mdash; C &hellip; &laquo;D&raquo; &amp; &lt;E&gt; &eacute;&#233;&#x263A;</p>
<p title="x&amp;y&lt;&#8212;">F</p>
EOF
: >"$TEST_TMP/entities/expect"

test_expect_success 'HTML entities (&nbsp; &mdash; ...) are accepted' '
    check_builds entities
'

test_expect_success '... and written as characters' '
    E=$TEST_TMP/entities/out/book.epub &&
    epub_cat "$E" "$(entry_of "$E" one.xhtml)" >one.out &&
    grep -F "$(printf "<p>A\302\240B \342\200\224 C \342\200\246 \302\253D\302\273 &amp; &lt;E&gt; \303\251\303\251\342\230\272</p>")" one.out &&
    grep -F "$(printf "<p title=\"x&amp;y&lt;\342\200\224\">F</p>")" one.out &&
    ! grep -E "&(nbsp|mdash|hellip|laquo|raquo|eacute);" one.out &&
    epubcheck_both "$E"
'

new_book undefined chapters/undef.xhtml chapters/attr.xhtml
cat >"$TEST_TMP/undefined/book/chapters/undef.xhtml" <<\EOF
<h1>Undefined</h1>
<p>Fine: &nbsp;&mdash;&eacute;</p>
<p>Not fine: &nbps; here.</p>
EOF
cat >"$TEST_TMP/undefined/book/chapters/attr.xhtml" <<\EOF
<h1>Attr</h1>
<p title="a&mdash;b">x</p>
EOF
cat >"$TEST_TMP/undefined/expect" <<\EOF
book/chapters/attr.xhtml:2:19: error: Entity 'mdash' not defined (an HTML entity in an attribute value: write the character itself or &#8212;)
book/chapters/undef.xhtml:3:20: error: Entity 'nbps' not defined (not an HTML or XML entity; write the character itself or a numeric reference)
2 errors, 0 warnings
EOF

test_expect_success 'an undefined entity is an error, at its line:col' '
    check_fails 1 undefined
'

# An XHTML 1.1 DOCTYPE (an external subset that is never loaded): HTML
# entities still work, an unknown one is still an error, reported once.
new_book xhtml11
cat >"$TEST_TMP/xhtml11/book/chapters/one.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title></head>
<body><h1>One</h1><p>&nbsp;&mdash;
&bogus; here</p></body></html>
EOF
cat >"$TEST_TMP/xhtml11/expect" <<\EOF
book/chapters/one.xhtml:5:8: error: Entity 'bogus' not defined (not an HTML or XML entity; write the character itself or a numeric reference)
1 error, 0 warnings
EOF

test_expect_success 'XHTML 1.1 DOCTYPE: an undefined entity reported once' '
    check_fails 1 xhtml11
'

# --- ids, obsolete elements, titles ------------------------------------------

new_book ids
cat >"$TEST_TMP/ids/book/chapters/one.xhtml" <<\EOF
<h1 id="top">Ids</h1>
<p id="p1">One</p>
<p id="p2">Two</p>
<section id="p1">
  <p id="top">Three</p>
</section>
EOF
cat >"$TEST_TMP/ids/expect" <<\EOF
book/chapters/one.xhtml:4:1: error: duplicate id 'p1' (first used on line 2)
book/chapters/one.xhtml:5:3: error: duplicate id 'top' (first used on line 1)
2 errors, 0 warnings
EOF

test_expect_success 'duplicate ids in one document' '
    check_fails 1 ids
'

# The same id in two documents is fine.
new_book ids-apart chapters/one.xhtml chapters/two.xhtml
printf '<h1 id="x">One</h1>\n' >"$TEST_TMP/ids-apart/book/chapters/one.xhtml"
printf '<h1 id="x">Two</h1>\n' >"$TEST_TMP/ids-apart/book/chapters/two.xhtml"
: >"$TEST_TMP/ids-apart/expect"

test_expect_success 'one id in two documents is not a duplicate' '
    check_builds ids-apart
'

new_book obsolete
cat >"$TEST_TMP/obsolete/book/chapters/one.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Old</title></head>
<body>
<h1>Old</h1>
<center>Centred</center>
<p><font color="red">Red</font> and <big>big</big>,
<tt>mono</tt> and <strike>gone</strike>.</p>
<marquee>Moving</marquee>
</body>
</html>
EOF
cat >"$TEST_TMP/obsolete/expect" <<\EOF
book/chapters/one.xhtml:6:1: error: <center> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/one.xhtml:7:4: error: <font> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/one.xhtml:7:37: error: <big> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/one.xhtml:8:1: error: <tt> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/one.xhtml:8:19: error: <strike> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/one.xhtml:9:1: error: <marquee> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
6 errors, 0 warnings
EOF

test_expect_success 'obsolete elements (<center>, <font>, ...) that EPUB forbids' '
    check_fails 1 obsolete
'

new_book untitled
printf '<p>No heading at all.</p>\n' >"$TEST_TMP/untitled/book/chapters/one.xhtml"
cat >"$TEST_TMP/untitled/expect" <<\EOF
book/chapters/one.xhtml:1:1: error: the chapter has no heading and no <title>: add an <h1>, or title="..." to its <chapter> in book.xml
1 error, 0 warnings
EOF

test_expect_success 'a chapter without a heading or title' '
    check_fails 1 untitled
'

# --- page breaks -------------------------------------------------------------

# Page-break markers: a page list in the nav, ids added where missing, and
# a warning when book.xml does not say which printed edition they follow.
new_book pages chapters/one.xhtml
cat >"$TEST_TMP/pages/book/chapters/one.xhtml" <<\EOF
<h1>One</h1>
<p>Before <span epub:type="pagebreak" role="doc-pagebreak" title="12"></span>after.</p>
EOF
cat >"$TEST_TMP/pages/expect" <<\EOF
book/book.xml:3:1: warning: the chapters mark page breaks but <metadata> has no <source>: name the printed edition the page numbers come from
0 errors, 1 warning
EOF

test_expect_success 'page breaks: a page list, an id, and a warning without <source>' '
    check_builds pages &&
    cd "$TEST_TMP/pages" &&
    unzip -p out/book.epub EPUB/nav.xhtml >nav.xhtml &&
    test_grep "epub:type=\"page-list\"" nav.xhtml &&
    test_grep "one.xhtml#page-12\">12</a>" nav.xhtml &&
    unzip -p out/book.epub EPUB/one.xhtml >one.xhtml &&
    test_grep "id=\"page-12\"" one.xhtml &&
    epubcheck_both out/book.epub
'

test_done
