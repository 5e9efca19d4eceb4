#!/bin/sh
# References: missing files, links to chapters and fragments that do not
# exist (across chapters), images without alt text, remote resources,
# types that need a fallback, files nothing references.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# png FILE: a valid 4x4 PNG.  bmp FILE: a valid 2x2 BMP.
png() {
    printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$1"
}
bmp() {
    printf '\102\115\106\000\000\000\000\000\000\000\066\000\000\000\050\000\000\000\002\000\000\000\002\000\000\000\001\000\030\000\000\000\000\000\020\000\000\000\023\013\000\000\023\013\000\000\000\000\000\000\000\000\000\000\000\000\377\000\000\377\000\000\000\000\377\000\000\377\000\000' >"$1"
}

# --- files and fragments that do not exist ---------------------------------

new_book missing chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/missing
mkdir -p "$S/styles"
cat >"$S/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <cover image="images/cover.png"/>
  <stylesheet href="../styles/missing.css"/>
  <stylesheet href="../styles/book.css"/>
  <chapters>
    <chapter href="chapters/a.xhtml"/>
    <chapter href="chapters/b.xhtml"/>
    <chapter href="chapters/gone.xhtml"/>
  </chapters>
</book>
EOF
cat >"$S/styles/book.css" <<\EOF
body { background: url(../book/images/paper.png); }
@import "more.css";
EOF
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p>See <a href="b.xhtml#n12">note 12</a> and <a href="#here">here</a>.</p>
<p>Also <a href="c.xhtml">chapter C</a> and <a href="b.xhtml#n1">note 1</a>.</p>
<p><img src="../images/none.png" alt="Missing"/></p>
<p id="x" style="background: url(../images/gone.png)">Styled</p>
EOF
cat >"$S/book/chapters/b.xhtml" <<\EOF
<h1>B</h1>
<p id="n1">Note 1, back to <a href="a.xhtml#x">x</a> and <a href="a.xhtml#y">y</a>.</p>
EOF
cat >"$S/expect" <<\EOF
book/book.xml:8:1: error: 'images/cover.png' does not exist
book/book.xml:9:1: error: '../styles/missing.css' does not exist
book/book.xml:14:1: error: 'chapters/gone.xhtml' does not exist
book/chapters/a.xhtml:2:8: error: link to 'b.xhtml#n12': no element has id 'n12' in book/chapters/b.xhtml
book/chapters/a.xhtml:2:46: error: link to '#here': no element has id 'here'
book/chapters/a.xhtml:3:9: error: 'c.xhtml' does not exist
book/chapters/a.xhtml:4:4: error: '../images/none.png' does not exist
book/chapters/a.xhtml:5:1: error: '../images/gone.png' does not exist
book/chapters/b.xhtml:2:58: error: link to 'a.xhtml#y': no element has id 'y' in book/chapters/a.xhtml
styles/book.css:1:20: error: '../book/images/paper.png' does not exist
styles/book.css:2:9: error: 'more.css' does not exist
11 errors, 0 warnings
EOF

test_expect_success 'missing files, chapters and fragments: all reported, by file and line' '
    check_fails 1 missing
'

# The brief's own example, as a single problem.
new_book fragment chapters/03.xhtml chapters/notes.xhtml
S=$TEST_TMP/fragment
{
    echo "<h1>Three</h1>"
    i=2
    while [ $i -le 40 ]; do
        echo "<p>Line $i.</p>"
        i=$((i + 1))
    done
    echo "<p>As the note says<a href=\"notes.xhtml#n12\">12</a>.</p>"
} >"$S/book/chapters/03.xhtml"
printf '<h1>Notes</h1>\n<p id="n11">Eleven.</p>\n' >"$S/book/chapters/notes.xhtml"
cat >"$S/expect" <<\EOF
book/chapters/03.xhtml:41:20: error: link to 'notes.xhtml#n12': no element has id 'n12' in book/chapters/notes.xhtml
1 error, 0 warnings
EOF

test_expect_success 'link to a missing fragment in another chapter: line 41' '
    check_fails 1 fragment
'

# --- warnings that still build ---------------------------------------------------

new_book warnings chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/warnings
mkdir -p "$S/book/images" "$S/book/drafts"
png "$S/book/images/red.png"
bmp "$S/book/images/old.bmp"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src="../images/red.png"/></p>
<p><img src="../images/red.png" alt=""/></p>
EOF
cat >"$S/book/chapters/b.xhtml" <<\EOF
<h1>B</h1>
<audio src="https://example.com/talk.mp3" controls="controls">A talk.</audio>
<video src="https://example.com/film.mp4" controls="controls">A film.</video>
<p><a href="https://example.com/">A web link</a>, <a href="mailto:a@example.com">mail</a>.</p>
EOF
echo "notes" >"$S/book/notes.txt"
echo "<h1>Draft</h1>" >"$S/book/drafts/old.xhtml"
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: warning: image '../images/red.png' has no alt text: add alt="..." describing it (alt="" if it is decoration)
book/chapters/b.xhtml:2:1: warning: <audio> streams 'https://example.com/talk.mp3' from the network; readers without a connection cannot play it
book/chapters/b.xhtml:3:1: warning: <video> streams 'https://example.com/film.mp4' from the network; readers without a connection cannot play it
book/drafts/old.xhtml:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/images/old.bmp:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/notes.txt:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
0 errors, 6 warnings
EOF

test_expect_success 'no alt text, remote audio/video, unreferenced files: warnings, exit 0' '
    check_builds warnings
'

test_expect_success 'remote audio and video: remote-resources on the chapter, remote items' '
    epub_unpack "$TEST_TMP/warnings/out/book.epub" &&
    B=$(zip_entries "$TEST_TMP/warnings/out/book.epub" | grep "chapters/b.xhtml\$") &&
    manifest_with_property remote-resources >have &&
    echo "$B" >want &&
    test_cmp want have &&
    test "$(xpath_string "//opf:item[@href=\"https://example.com/talk.mp3\"]/@media-type" "$OPFX")" = audio/mpeg &&
    test "$(xpath_string "//opf:item[@href=\"https://example.com/film.mp4\"]/@media-type" "$OPFX")" = video/mp4
'

test_expect_success 'unreferenced files are not packaged; the rest is' '
    zip_entries "$TEST_TMP/warnings/out/book.epub" >entries &&
    ! grep -E "notes.txt|old.bmp|old.xhtml|drafts" entries &&
    grep "images/red.png\$" entries
'

test_expect_success 'the book with warnings passes EPUBCheck 4 and 5' '
    epubcheck_both "$TEST_TMP/warnings/out/book.epub"
'

# --- remote images, types that need a fallback -----------------------------------

new_book remote chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/remote
mkdir -p "$S/book/images"
png "$S/book/images/red.png"
bmp "$S/book/images/old.bmp"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src="../images/old.bmp" alt="Old"/></p>
<p><img src="https://example.com/photo.jpg" alt="Remote"/></p>
<p><img src="../images/red.png" alt="Red"/></p>
EOF
cat >"$S/book/chapters/b.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>B</title>
<link rel="stylesheet" href="http://example.com/style.css"/>
</head>
<body><h1>B</h1>
<p><a href="https://example.com/">A web link is fine</a>.</p>
</body></html>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: error: '../images/old.bmp' is image/bmp, not an EPUB core image type, so it would need a fallback; convert it to JPEG or PNG
book/chapters/a.xhtml:3:4: error: <img> refers to remote 'https://example.com/photo.jpg': EPUB allows only audio and video outside the book; download it into the book folder
book/chapters/b.xhtml:4:1: error: <link> refers to remote 'http://example.com/style.css': EPUB allows only audio and video outside the book; download it into the book folder
3 errors, 0 warnings
EOF

test_expect_success 'remote image or stylesheet, a BMP needing a fallback: errors' '
    check_fails 1 remote
'

test_done
