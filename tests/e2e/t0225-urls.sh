#!/bin/sh
# URLs: one model for every reference (issue 8, "References").  Each
# example is refused with a located error and a fix, or built into a book
# that passes EPUBCheck 4.2 and 5: srcset and <picture>, hyperlinks to
# what is not a chapter, <base> and xml:base, queries on files, %00 and
# characters a URL may not hold, forms EPUBCheck 4.2 and 5 resolve to
# different files, fragments on images, data: links and data: images of
# other than core types, file:, Windows and cite URLs, schemes EPUBCheck
# does not know, and a <source> in book.xml holding a URL followed by
# text.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# png FILE: a valid 4x4 PNG.
png() {
    printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$1"
}
# svg FILE: a small SVG image with a symbol "s".
svg() {
    cat >"$1" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><title>Square</title><symbol id="s"><rect width="4" height="4"/></symbol><use href="#s"/></svg>
EOF
}

# --- built: srcset, picture, SVG references, cite, data: -------------------

new_book srcset chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/srcset
mkdir -p "$S/book/images"
for f in a b c d e f; do png "$S/book/images/$f.png"; done
svg "$S/book/images/sym.svg"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src=" ../images/a.png " srcset="../images/b.png 2x" alt="Red"/></p>
<picture>
  <source srcset="../images/c.png 1x,../images/d.png   2x" type="image/png"/>
  <img src="../images/a.png" alt="Red again"/>
</picture>
<p><img srcset="../images/a.png 480w, ../images/e.png 960w" sizes="50vw" src="../images/a.png" alt="Sized"/></p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" role="img" aria-label="Shapes">
  <defs><symbol id="dot"><circle r="2" cx="2" cy="2"/></symbol></defs>
  <image xlink:href="../images/f.png" width="4" height="4"/>
  <use xlink:href="#dot"/>
  <use xlink:href="../images/sym.svg#s"/>
</svg>
<blockquote cite="https://example.com/quote"><p>Quoted.</p></blockquote>
<p><q cite="b.xhtml#said">Said</q>, <a href="b.xhtml?from=a#said">there</a>.</p>
<p><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==" alt="Dot"/></p>
EOF
cat >"$S/book/chapters/b.xhtml" <<\EOF
<h1>B</h1>
<p id="said">Said here.</p>
<p><a href="tel:+15550100">Call</a> or <a href="mailto:a@example.com">write</a>; <a href="urn:isbn:9780000000002">the book</a>.</p>
EOF
: >"$S/expect"

test_expect_success 'srcset, picture, svg:image and use, cite, data: image: built' '
    check_builds srcset
'

test_expect_success '... every file named only in a srcset is packed' '
    zip_entries "$TEST_TMP/srcset/out/book.epub" >entries &&
    for f in b c d e f; do
        grep -q "images/$f.png\$" entries || return 1
    done &&
    grep -q "images/sym.svg\$" entries
'

test_expect_success '... and passes EPUBCheck 4.2 and 5' '
    epubcheck_both "$TEST_TMP/srcset/out/book.epub"
'

# --- refused: hyperlinks to what is not a chapter ----------------------------

new_book links chapters/a.xhtml
S=$TEST_TMP/links
mkdir -p "$S/book/images" "$S/book/styles"
png "$S/book/images/red.png"
echo 'p { color: black }' >"$S/book/styles/x.css"
printf '%%PDF-1.4\n%%%%EOF\n' >"$S/book/doc.pdf"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><a href="../images/red.png">the picture</a>, <a href="../styles/x.css">style</a>.</p>
<p><a href="../doc.pdf">the PDF</a> and <a href="data:text/plain,hello">data</a>.</p>
<p><img src="../images/red.png" alt="Map" usemap="#m"/></p>
<map name="m"><area shape="rect" coords="0,0,2,2" href="../images/red.png" alt="Zoom"/></map>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: error: <a> links to '../images/red.png', which is image/png, not a chapter: readers open only chapters (EPUBCheck RSC-010); show an image with <img>, or link to a chapter that presents the file
book/chapters/a.xhtml:2:49: error: <a> links to '../styles/x.css', which is text/css, not a chapter: readers open only chapters (EPUBCheck RSC-010); show an image with <img>, or link to a chapter that presents the file
book/chapters/a.xhtml:3:4: error: <a> links to '../doc.pdf', which is application/pdf, not a chapter: readers open only chapters (EPUBCheck RSC-010); show an image with <img>, or link to a chapter that presents the file
book/chapters/a.xhtml:3:41: error: <a href> holds a data: URL, which cannot be a link target (EPUBCheck RSC-029): link to a chapter, or show the data with <img>
book/chapters/a.xhtml:5:15: error: <area> links to '../images/red.png', which is image/png, not a chapter: readers open only chapters (EPUBCheck RSC-010); show an image with <img>, or link to a chapter that presents the file
5 errors, 0 warnings
EOF

test_expect_success 'a hyperlink to an image, a stylesheet, a PDF or data: is refused' '
    check_fails 1 links
'

# --- refused: <base> and xml:base --------------------------------------------

new_book base chapters/a.xhtml
S=$TEST_TMP/base
cat >"$S/book/chapters/a.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>A</title><base href="http://example.com/book/"/></head>
<body>
<h1>A</h1>
<div xml:base="../other/"><p>Text.</p></div>
</body>
</html>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:23: error: <base> makes readers resolve every reference against another address than the one mkepub checks and packs: remove <base>; write each reference relative to the chapter
book/chapters/a.xhtml:5:1: error: xml:base changes what every reference inside <div> means to readers, not to mkepub: remove xml:base; write each reference relative to the chapter
2 errors, 0 warnings
EOF

test_expect_success '<base href> and xml:base are refused' '
    check_fails 1 base
'

# --- refused: queries on files of the book -----------------------------------

new_book query chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/query
mkdir -p "$S/book/images" "$S/book/styles"
png "$S/book/images/red.png"
echo 'p { background: url(../images/red.png?v=3) }' >"$S/book/styles/x.css"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>A</title><link rel="stylesheet" href="../styles/x.css?v=2"/></head>
<body>
<h1>A</h1>
<p><img src="../images/red.png?v=2" alt="Red"/> <a href="b.xhtml?x=1">B</a></p>
</body>
</html>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:23: error: '../styles/x.css?v=2' has a query ('?v=2'), which a file in the book cannot have (EPUBCheck RSC-033): remove '?v=2'
book/chapters/a.xhtml:5:4: error: '../images/red.png?v=2' has a query ('?v=2'), which a file in the book cannot have (EPUBCheck RSC-033): remove '?v=2'
book/styles/x.css:1:17: error: '../images/red.png?v=3' has a query ('?v=3'), which a file in the book cannot have (EPUBCheck RSC-033): remove '?v=3'
3 errors, 0 warnings
EOF

test_expect_success 'a query on an image or a stylesheet is refused (a link may have one)' '
    check_fails 1 query
'

# a query on a file that is missing: one error, "does not exist" (EPUBCheck
# 4.2 says RSC-007 alone; 5 adds RSC-033 for the same mistake)
new_book query-missing chapters/a.xhtml
S=$TEST_TMP/query-missing
mkdir -p "$S/book/styles"
echo 'p { background: url(../images/none.png?v=3) }' >"$S/book/styles/x.css"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>A</title><link rel="stylesheet" href="../styles/x.css"/></head>
<body>
<h1>A</h1>
<p><img src="../images/none.png?v=2" alt="None"/> <a href="none.xhtml?x=1">B</a></p>
</body>
</html>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:5:51: error: 'none.xhtml?x=1' does not exist
book/styles/x.css:1:17: error: '../images/none.png?v=3' does not exist (and 1 other reference to it)
2 errors, 0 warnings
EOF

test_expect_success 'a query on a file that does not exist: one error, not two' '
    check_fails 1 query-missing
'

# --- refused: %00, characters to escape, malformed escapes -------------------

new_book escapes chapters/a.xhtml
S=$TEST_TMP/escapes
mkdir -p "$S/book/images"
png "$S/book/images/red.png"
png "$S/book/images/my photo.png"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src="../images/red.png%00.txt" alt="Cut short"/></p>
<p><img src="../images/my photo.png" alt="Spaced"/></p>
<p><img src="../images/a[1].png" alt="Brackets"/></p>
<p><img src="..\images\red.png" alt="Backslash"/></p>
<p><img src="../images/100%.png" alt="Percent"/></p>
<p><img src="../images/red.png" alt="Fine"/></p>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: error: '../images/red.png%00.txt' contains a control character (such as %00), which names no file: remove it
book/chapters/a.xhtml:3:4: error: '../images/my photo.png' contains a space, which a URL may not hold (EPUBCheck RSC-020): write '../images/my%20photo.png'
book/chapters/a.xhtml:4:4: error: '../images/a[1].png' contains a character a URL may not hold unescaped (EPUBCheck RSC-020): write '../images/a%5B1%5D.png'
book/chapters/a.xhtml:4:4: error: '../images/a[1].png' does not exist
book/chapters/a.xhtml:5:4: error: '..\images\red.png' contains '\': URLs separate folders with '/': write '../images/red.png'
book/chapters/a.xhtml:6:4: error: '../images/100%.png' has a '%' that does not start a %-escape (a percent sign itself is written %25)
6 errors, 0 warnings
EOF

test_expect_success '%00, a raw space, [ ], a backslash, a lone %: refused with the fix' '
    check_fails 1 escapes
'

# --- refused: forms EPUBCheck 4.2 and 5 resolve to different files -----------

new_book ambiguous chapters/a.xhtml
S=$TEST_TMP/ambiguous
mkdir -p "$S/book/images" "$S/book/chapters/sub"
png "$S/book/images/red.png"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src="sub/.//..//../images/red.png" alt="Doubled"/></p>
<p><img src="../../book/images/red.png" alt="Climbing"/></p>
<p><img src="%2E%2E/images/red.png" alt="Encoded"/></p>
<p><img src="../images%2Fred.png" alt="Encoded slash"/></p>
<p><img src="//cdn.example.com/red.png" alt="Network"/></p>
<p style="background: url(.//x.png)">Styled.</p>
<p><img src="../images/red.png" alt="Fine"/></p>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: error: 'sub/.//..//../images/red.png' contains '//' (an empty folder name), which EPUBCheck 4.2 and 5 resolve to different files: write a single '/'
book/chapters/a.xhtml:3:4: error: '../../book/images/red.png' climbs above the folders it needs, where a reader may stop at the top of the book and find another file: write '../images/red.png'
book/chapters/a.xhtml:4:4: error: '%2E%2E/images/red.png' writes '/', '\' or a '.' or '..' folder as a %-escape, which URL parsers read differently: write '/' and '.' as they are
book/chapters/a.xhtml:5:4: error: '../images%2Fred.png' writes '/', '\' or a '.' or '..' folder as a %-escape, which URL parsers read differently: write '/' and '.' as they are
book/chapters/a.xhtml:6:4: error: '//cdn.example.com/red.png' starts with '//', which names another server: write the whole address with https:, or a path to a file in the book
book/chapters/a.xhtml:7:1: error: './/x.png' contains '//' (an empty folder name), which EPUBCheck 4.2 and 5 resolve to different files: write a single '/'
6 errors, 0 warnings
EOF

test_expect_success './/..//, climbing past the book, encoded dots and slashes: refused' '
    check_fails 1 ambiguous
'

# --- refused: fragments, use, file: and cite ---------------------------------

new_book misc chapters/a.xhtml
S=$TEST_TMP/misc
mkdir -p "$S/book/images"
png "$S/book/images/red.png"
cat >"$S/book/chapters/a.xhtml" <<\EOF
<h1>A</h1>
<p><img src="../images/red.png#part" alt="Part"/></p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" aria-label="Uses"><use xlink:href="#nothing"/><use href="../images/red.png#x"/></svg>
<p><a href="file:///home/me/book/b.xhtml">B</a></p>
<blockquote cite="http://example.com/q"><p>Quoted.</p></blockquote>
<p><q cite="gone.xhtml">Gone</q></p>
<p><img src="C:\Users\me\red.png" alt="Windows"/></p>
<p><a href="doi:10.1000/182">DOI</a>, <a href="tel:+15550100">call</a>, <a href="urn:isbn:9780000000002">book</a></p>
<p><img src="data:image/bmp;base64,Qk0=" alt="BMP"/><img src="data:,hello" alt="Text"/></p>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:2:4: error: '../images/red.png#part': only an SVG image may be referred to with a fragment (EPUBCheck RSC-009): remove '#part'
book/chapters/a.xhtml:3:125: error: link to '#nothing': no element has id 'nothing'
book/chapters/a.xhtml:3:153: error: <svg:use> refers to '../images/red.png#x', which is image/png: <use> shows an element of an SVG image
book/chapters/a.xhtml:4:4: error: 'file:///home/me/book/b.xhtml' is a file: URL, which names a file on your computer, not in the book (EPUBCheck RSC-030): copy the file into the book folder and write its path relative to this file
book/chapters/a.xhtml:5:1: error: cite="http://example.com/q": EPUBCheck 5 asks for https: in a cited address (RSC-031): write https:, or remove cite
book/chapters/a.xhtml:6:4: error: 'gone.xhtml' does not exist
book/chapters/a.xhtml:7:4: error: 'C:\Users\me\red.png' is a Windows path, which names a file on your computer, not in the book: copy the file into the book folder and write its path relative to this file, with '/'
book/chapters/a.xhtml:8:4: error: 'doi:10.1000/182' uses the scheme 'doi:', which EPUBCheck does not know in a link (HTM-025): write a web address (https://...)
book/chapters/a.xhtml:9:4: error: <img src> holds a data: URL of type 'image/bmp', not an EPUB core media type, so it would need a fallback (EPUBCheck RSC-032): use PNG, JPEG, GIF or SVG data
book/chapters/a.xhtml:9:53: error: <img src> holds a data: URL of type '', not an EPUB core media type, so it would need a fallback (EPUBCheck RSC-032): use PNG, JPEG, GIF or SVG data
10 errors, 0 warnings
EOF

test_expect_success 'a fragment on a PNG, use of a PNG or a missing id, file:, http: cite, doi:, data: BMP' '
    check_fails 1 misc
'

# --- the credits page links only a whole, valid URL --------------------------

source_book() {
    new_book "$1" chapters/a.xhtml
    sed "s|<language>en</language>|&<source>$2</source>|" \
        "$TEST_TMP/$1/book/book.xml" >"$TEST_TMP/$1/book.xml.new" &&
    mv "$TEST_TMP/$1/book.xml.new" "$TEST_TMP/$1/book/book.xml" &&
    : >"$TEST_TMP/$1/expect"
}
source_book source-text 'https://cabar.asia/en/an-article (retrieved 2020)'
source_book source-prose 'CABAR.asia, see https://cabar.asia/en/x'
source_book source-bad 'https://cabar.asia/en/a[1]'
source_book source-url 'https://cabar.asia/en/an-article.'

credits() {
    unzip -p "$TEST_TMP/$1/out/book.epub" EPUB/credits.xhtml | grep "<dt>Source"
}

test_expect_success '<source>: a URL followed by text links the URL alone' '
    check_builds source-text &&
    credits source-text >have &&
    echo "<dt>Source</dt>" >want &&
    echo "<dd><a href=\"https://cabar.asia/en/an-article\">https://cabar.asia/en/an-article</a> (retrieved 2020)</dd>" >>want &&
    unzip -p "$TEST_TMP/source-text/out/book.epub" EPUB/credits.xhtml |
        grep -A1 "<dt>Source" >have &&
    test_cmp want have
'

test_expect_success '<source>: text before a URL, or an invalid URL, stays text' '
    check_builds source-prose &&
    check_builds source-bad &&
    check_builds source-url &&
    ! unzip -p "$TEST_TMP/source-prose/out/book.epub" EPUB/credits.xhtml | grep -q "<a " &&
    ! unzip -p "$TEST_TMP/source-bad/out/book.epub" EPUB/credits.xhtml | grep -q "<a " &&
    unzip -p "$TEST_TMP/source-url/out/book.epub" EPUB/credits.xhtml |
        grep -q "<a href=\"https://cabar.asia/en/an-article\">https://cabar.asia/en/an-article</a>.</dd>"
'

test_expect_success '<source> books pass EPUBCheck 4.2 and 5' '
    epubcheck_both "$TEST_TMP/source-text/out/book.epub" &&
    epubcheck_both "$TEST_TMP/source-bad/out/book.epub"
'

test_done
