#!/bin/sh
# A book with several problems in several files: every one reported in
# one run, as file:line:col, sorted by file then line, the same on every
# run whatever the number of threads; nothing written.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

new_book many chapters/01-intro.xhtml chapters/02-body.xhtml \
    chapters/03-notes.xhtml
S=$TEST_TMP/many
mkdir -p "$S/styles" "$S/book/images"
cat >"$S/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Many Problems</title>
    <language>english</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
    <creator role="auth">A. Writer</creator>
    <publisher>Somebody</publisher>
    <subjct>Testing</subjct>
  </metadata>
  <stylesheet href="../styles/book.css"/>
  <stylesheet href="../styles/missing.css"/>
  <chapters>
    <chapter href="chapters/01-intro.xhtml"/>
    <chapter href="chapters/02-body.xhtml"/>
    <chapter href="chapters/03-notes.xhtml"/>
    <chapter href="chapters/02-body.xhtml"/>
  </chapters>
</book>
EOF
cat >"$S/styles/book.css" <<\EOF
body { margin: 0 5%; }
h1 { background: url(../book/images/banner.png); }
EOF
cat >"$S/book/chapters/01-intro.xhtml" <<\EOF
<h1>Introduction</h1>
<p>An opening paragraph.</p>
<p>A paragraph <em>never closed.</p>
EOF
cat >"$S/book/chapters/02-body.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Body</title></head>
<body>
<h1 id="body">Body</h1>
<p id="p1">First.</p>
<center>Centred</center>
<p id="p1">Second, with a note<a href="03-notes.xhtml#n12">12</a>.</p>
<p><img src="../images/figure.svg"/></p>
</body>
</html>
EOF
cat >"$S/book/chapters/03-notes.xhtml" <<\EOF
<h1>Notes</h1>
<p id="n11">Eleven.</p>
<p><img src="http://example.com/n11.png" alt="remote"/></p>
<p><a href="02-body.xhtml#p1">back</a></p>
EOF
cat >"$S/book/images/figure.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>
EOF
echo "leftover" >"$S/book/images/old-figure.txt"
cat >"$S/expect" <<\EOF
book/book.xml:5:1: error: language 'english' is not a BCP 47 language tag (e.g. en, en-GB, kk, ru, zh-Hant)
book/book.xml:7:5: error: role 'auth' is not a MARC relator code; did you mean 'aut' (Author)?
book/book.xml:9:5: error: unknown element <subjct> in <metadata>; did you mean <subject>?
book/book.xml:12:1: error: '../styles/missing.css' does not exist
book/book.xml:17:1: error: chapter 'chapters/02-body.xhtml' is listed twice (first on line 15)
book/chapters/01-intro.xhtml:3:37: error: Opening and ending tag mismatch: em line 3 and p
book/chapters/02-body.xhtml:7:1: error: <center> is obsolete HTML and not allowed in EPUB 3 content; use CSS or a current element instead
book/chapters/02-body.xhtml:8:1: error: duplicate id 'p1' (first used on line 6)
book/chapters/02-body.xhtml:8:31: error: link to '03-notes.xhtml#n12': no element has id 'n12' in book/chapters/03-notes.xhtml
book/chapters/02-body.xhtml:9:4: warning: image '../images/figure.svg' has no alt text: add alt="..." describing it (alt="" if it is decoration)
book/chapters/03-notes.xhtml:3:4: error: <img> refers to remote 'http://example.com/n11.png': EPUB allows only audio and video outside the book; download it into the book folder
book/images/old-figure.txt:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
styles/book.css:2:18: error: '../book/images/banner.png' does not exist
11 errors, 2 warnings
EOF

test_expect_success 'every problem in every file, in one run, nothing written' '
    check_fails 1 many
'

test_expect_success 'sorted by file, then line' '
    cd "$S" &&
    diag_lines expect >lines &&
    sort -t : -k 1,1 -k 2,2n -s lines >sorted &&
    test_cmp sorted lines &&
    test "$(cut -d : -f 1 lines | sort -u | wc -l)" -eq 6
'

test_expect_success 'the same output with 1 thread and with 8, run after run' '
    cd "$S" &&
    for j in 1 8 1 8 2 8; do
        must_fail 1 mkepub -j $j --check book/book.xml 2>err &&
        test_cmp expect err || return 1
    done
'

test_expect_success '-q leaves the warnings out, not the errors' '
    cd "$S" &&
    must_fail 1 mkepub -q --check book/book.xml 2>err &&
    grep -v ": warning: " expect >want &&
    test_cmp want err
'

test_done
