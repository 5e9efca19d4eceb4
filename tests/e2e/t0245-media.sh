#!/bin/sh
# Media read to the depth EPUBCheck reads them: images cut short (JPEG
# without EOI, PNG without IEND, GIF without trailer), SVG images parsed
# and checked like chapters (scripts, entities, DOCTYPE, remote and local
# references, links), a text file named .png that is SVG, and the
# "scripted" property decided as EPUB 3.3 and both EPUBChecks do
# (data blocks, event handlers, <form>, module scripts).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

IMAGES=$FIXTURES/images-styles/book/images
NS='xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"'

# png FILE: a valid 4x4 PNG (69 bytes).
png() {
    printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$1"
}

# entry_of EPUB NAME: the zip entry whose name ends in /NAME.
entry_of() {
    zip_entries "$1" | grep -E "(^|/)$2\$"
}

# --- images cut short --------------------------------------------------------

new_book cut
D=$TEST_TMP/cut/book
mkdir -p "$D/images"
head -c 400 "$IMAGES/photo.jpg" >"$D/images/photo.jpg"
png "$D/images/whole.png"
head -c 57 "$D/images/whole.png" >"$D/images/chart.png"
rm "$D/images/whole.png"
head -c 35 "$IMAGES/dot.gif" >"$D/images/dot.gif"
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>Pictures</h1>
<p><img src="../images/photo.jpg" alt="A photo"/></p>
<p><img src="../images/chart.png" alt="A chart"/></p>
<p>Again: <img src="../images/chart.png" alt="A chart"/></p>
<p><img src="../images/dot.gif" alt="A dot"/></p>
EOF
cat >"$TEST_TMP/cut/expect" <<\EOF
book/chapters/one.xhtml:2:4: error: '../images/photo.jpg' is cut short (no end-of-image marker): export it again from the original
book/chapters/one.xhtml:3:4: error: '../images/chart.png' is cut short (no IEND chunk): export it again from the original
book/chapters/one.xhtml:5:4: error: '../images/dot.gif' is cut short (no trailer): export it again from the original
3 errors, 0 warnings
EOF

test_expect_success 'a JPEG without EOI, a PNG without IEND, a GIF without trailer: errors at the first reference' '
    check_fails 1 cut
'

# --- SVG images that cannot be packed ------------------------------------------

new_book svg-bad
D=$TEST_TMP/svg-bad/book
mkdir -p "$D/images"
cat >"$D/images/entity.svg" <<EOF
<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg $NS><title>&secret;</title></svg>
EOF
cat >"$D/images/remote.svg" <<EOF
<svg $NS>
  <title>Remote</title>
  <image xlink:href="http://example.com/a.png" width="1" height="1"/>
  <image href="https://example.com/b.png" width="1" height="1"/>
</svg>
EOF
cat >"$D/images/dtd.svg" <<EOF
<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ATTLIST svg class CDATA "drawing">
]>
<svg $NS><title>DTD</title></svg>
EOF
cat >"$D/images/nons.svg" <<\EOF
<svg width="10" height="10"><title>No namespace</title></svg>
EOF
cat >"$D/images/refs.svg" <<EOF
<svg $NS>
  <title>References</title>
  <image xlink:href="missing.png" width="1" height="1"/>
  <use xlink:href="other.svg"/>
  <a xlink:href="../chapters/one.xhtml"><rect width="1" height="1"/></a>
  <a xlink:href="refs.svg" xlink:title="Here"><rect width="1" height="1"/></a>
  <rect width="1" height="1" onbegin="go()"/>
  <use xlink:href="shapes.svg#square"/>
  <use xlink:href="#nothing"/>
</svg>
EOF
cat >"$D/images/shapes.svg" <<EOF
<svg $NS><title>Shapes</title><circle id="dot" r="1"/></svg>
EOF
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>SVG</h1>
<p><img src="../images/entity.svg" alt="Entity"/></p>
<p><img src="../images/remote.svg" alt="Remote"/></p>
<p><img src="../images/dtd.svg" alt="DTD"/></p>
<p><img src="../images/nons.svg" alt="No namespace"/></p>
<p><img src="../images/refs.svg" alt="References"/></p>
EOF
cat >"$TEST_TMP/svg-bad/expect" <<\EOF
book/images/dtd.svg:2:1: error: the DOCTYPE names an external DTD, which EPUBCheck 4.2 refuses in an SVG image (OPF-073): delete the <!DOCTYPE ...> declaration
book/images/entity.svg:2:16: error: the DOCTYPE declares the external entity 'secret' (file:///etc/passwd): mkepub never expands entities; write the text itself
book/images/entity.svg:3:122: error: Entity 'secret' not defined (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)
book/images/nons.svg:1:1: error: the root element is <svg> without the SVG namespace, not an SVG <svg>: an SVG image starts with <svg xmlns="http://www.w3.org/2000/svg">
book/images/refs.svg:3:3: error: 'missing.png' does not exist
book/images/refs.svg:4:3: error: 'other.svg' must name an element of the file: add #id (EPUBCheck RSC-015)
book/images/refs.svg:5:3: error: SVG link <a> has no title: give it a <title> child or xlink:title="..." (EPUBCheck ACC-011)
book/images/refs.svg:6:3: error: link to 'refs.svg', which is not a chapter of the book: link to a chapter (written relative to the SVG file)
book/images/refs.svg:7:3: error: event handler 'onbegin' is not one EPUBCheck counts as scripting, so no manifest entry passes it and matches readers (OPF-014/OPF-015): attach the handler from a <script> with addEventListener instead
book/images/refs.svg:8:3: error: 'shapes.svg#square': no element has id 'square' in book/images/shapes.svg (EPUBCheck RSC-012)
book/images/refs.svg:9:3: error: '#nothing': no element has id 'nothing' in this file (EPUBCheck RSC-012)
book/images/remote.svg:3:3: error: remote resource 'http://example.com/a.png' in an SVG image: EPUB needs it inside the book (RSC-006); download it next to the SVG file
book/images/remote.svg:4:3: error: remote resource 'https://example.com/b.png' in an SVG image: EPUB needs it inside the book (RSC-006); download it next to the SVG file
13 errors, 0 warnings
EOF

test_expect_success 'SVG images: entities, remote images, DOCTYPE, root, references, fragments, links, event handlers' '
    check_fails 1 svg-bad
'

# An SVG image or page is packed as it is, so it must already be what
# both EPUBChecks take: XML 1.0 in UTF-8 (HTM-001, CSS-003/RSC-028).
# (A UTF-16 SVG is not even recognised as SVG: refused as unknown.)
new_book svg-xml chapters/one.xhtml images/page.svg
mkdir -p "$TEST_TMP/svg-xml/book/images"
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>caf\351</title><circle cx="5" cy="5" r="4"/></svg>\n' \
    >"$TEST_TMP/svg-xml/book/images/latin1.svg"
printf '<?xml version="1.1" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n' \
    >"$TEST_TMP/svg-xml/book/images/xml11.svg"
printf '\376\377\000<\000s\000v\000g\000 \000x\000m\000l\000n\000s\000=\000"\000h\000t\000t\000p\000:\000/\000/\000w\000w\000w\000.\000w\0003\000.\000o\000r\000g\000/\0002\0000\0000\0000\000/\000s\000v\000g\000"\000/\000>\000\n' \
    >"$TEST_TMP/svg-xml/book/images/utf16.svg"
printf '<?xml version="1.1"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Page</title></svg>\n' \
    >"$TEST_TMP/svg-xml/book/images/page.svg"
cat >"$TEST_TMP/svg-xml/book/chapters/one.xhtml" <<\EOF
<h1>One</h1>
<p><img src="../images/latin1.svg" alt="a"/><img src="../images/xml11.svg" alt="b"/><img src="../images/utf16.svg" alt="c"/></p>
EOF
cat >"$TEST_TMP/svg-xml/expect" <<\EOF
book/chapters/one.xhtml:2:85: error: '../images/utf16.svg': unknown file type (its bytes do not match its name); EPUB can carry XHTML, CSS, JPEG, PNG, GIF, SVG, WebP, fonts and audio, and other files as foreign resources with their type (<object type="..."> with fallback content, <link type="...">)
book/images/latin1.svg:1:1: error: the file is written in ISO-8859-1, but EPUB wants XML in UTF-8 (EPUBCheck RSC-028): save it as UTF-8, with encoding="UTF-8" or no encoding declaration
book/images/page.svg:1:1: error: the XML declaration says version="1.1", but EPUB takes XML 1.0 (EPUBCheck HTM-001): write version="1.0"
book/images/page.svg:1:20: warning: Unsupported version '1.1'
book/images/xml11.svg:1:1: error: the XML declaration says version="1.1", but EPUB takes XML 1.0 (EPUBCheck HTM-001): write version="1.0"
book/images/xml11.svg:1:20: warning: Unsupported version '1.1'
4 errors, 2 warnings
EOF

test_expect_success 'SVG images and pages: XML 1.1, Latin-1 or UTF-16 are located errors (packed as they are)' '
    check_fails 1 svg-xml
'

# --- scripts EPUBCheck and HTML disagree on ------------------------------------

new_book scripts-bad
cat >"$TEST_TMP/scripts-bad/book/chapters/one.xhtml" <<\EOF
<h1>Scripts</h1>
<script type="module">import "./x.js";</script>
<script type="">var a = 1;</script>
<script type=" text/javascript">var b = 2;</script>
<p oncopy="f()">Copy me.</p>
<form action="#"><p>A form.</p></form>
EOF
cat >"$TEST_TMP/scripts-bad/expect" <<\EOF
book/chapters/one.xhtml:2:1: error: <script type="module">: EPUBCheck does not count module scripts as scripts, so no manifest entry passes it and matches readers (OPF-014/OPF-015): use a classic script (no type)
book/chapters/one.xhtml:3:1: error: <script type="">: an empty type makes it JavaScript for readers but not for EPUBCheck (OPF-014/OPF-015): remove the type attribute
book/chapters/one.xhtml:4:1: error: <script type=" text/javascript">: EPUBCheck reads the type with its spaces and does not count it as JavaScript (OPF-014/OPF-015): write type="text/javascript" without spaces
book/chapters/one.xhtml:5:1: error: event handler 'oncopy' is not one EPUBCheck counts as scripting, so no manifest entry passes it and matches readers (OPF-014/OPF-015): attach the handler from a <script> with addEventListener instead
book/chapters/one.xhtml:6:1: error: <form> makes a document scripted for EPUBCheck 5 but not for EPUBCheck 4.2, so without a script in the document no manifest entry passes both (OPF-014/OPF-015): remove the form (few EPUB readers support forms)
5 errors, 0 warnings
EOF

test_expect_success 'module, empty and spaced script types, oncopy, <form>: errors' '
    check_fails 1 scripts-bad
'

# --- what builds ----------------------------------------------------------------

new_book good chapters/svg.xhtml chapters/data.xhtml chapters/click.xhtml chapters/inline.xhtml
D=$TEST_TMP/good/book
mkdir -p "$D/images/sub"
cp "$IMAGES/photo.jpg" "$IMAGES/chart.png" "$IMAGES/dot.gif" "$D/images/"
png "$D/images/sub/tile.png"
png "$D/images/sub/fo.png"
cat >"$D/images/scripted.svg" <<EOF
<svg $NS><title>Scripted</title><script>var x = 1;</script></svg>
EOF
cat >"$D/images/clicked.svg" <<EOF
<svg $NS onclick="go()"><title>Clicked</title></svg>
EOF
cat >"$D/images/uses.svg" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- a drawing that uses another picture and a tile -->
<?xml-stylesheet type="text/css" href="sub/drawing.css"?>
<svg $NS>
  <title>Uses others</title>
  <style>rect { fill: url(#g) }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <image xlink:href="chart.png" width="4" height="4"/>
  <image href="sub/tile.png" width="4" height="4"/>
  <use xlink:href="sub/shapes.svg#dot"/>
  <a xlink:href="../chapters/data.xhtml" xlink:title="Data"><rect width="1" height="1"/></a>
  <script type="text/plain">not a script</script>
  <foreignObject width="4" height="4"><p xmlns="http://www.w3.org/1999/xhtml"><img src="sub/fo.png" alt=""/></p></foreignObject>
</svg>
EOF
cat >"$D/images/sub/shapes.svg" <<EOF
<svg $NS><title>Shapes</title><circle id="dot" r="1"/></svg>
EOF
# as Illustrator and Inkscape save it: the DOCTYPE is left out
cat >"$D/images/exported.svg" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: an editor -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg $NS><title>Exported</title></svg>
EOF
echo 'rect { stroke: blue }' >"$D/images/sub/drawing.css"
cat >"$D/chapters/svg.xhtml" <<\EOF
<h1>SVG images</h1>
<p><img src="../images/scripted.svg" alt="Scripted"/></p>
<p><img src="../images/clicked.svg" alt="Clicked"/></p>
<p><img src="../images/uses.svg" alt="Uses others"/></p>
<p><img src="../images/photo.jpg" alt="Photo"/><img src="../images/dot.gif" alt="Dot"/></p>
<p><img src="../images/exported.svg" alt="Exported"/></p>
EOF
cat >"$D/chapters/data.xhtml" <<\EOF
<h1>Data blocks</h1>
<script type="application/ld+json">{"@type": "Book"}</script>
<script type="text/plain">plain text</script>
<p>No scripts here.</p>
EOF
cat >"$D/chapters/click.xhtml" <<\EOF
<h1>Click</h1>
<p onclick="this.hidden = true">Click me.</p>
<form action="#"><p>A form in a scripted chapter.</p></form>
<p><input type="checkbox"/> <button type="button">A button</button></p>
EOF
cat >"$D/chapters/inline.xhtml" <<\EOF
<h1>Inline</h1>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Inline</title><rect width="1" height="1"/></svg>
EOF
: >"$TEST_TMP/good/expect"

test_expect_success 'scripted SVG, SVG using other files, data blocks, onclick: it builds' '
    check_builds good
'

test_expect_success '... with scripted, svg exactly where the files hold them' '
    epub_unpack "$TEST_TMP/good/out/book.epub" &&
    manifest_with_property scripted | sort >scripted.out &&
    printf "%s\n" EPUB/chapters/click.xhtml EPUB/images/clicked.svg \
        EPUB/images/scripted.svg >scripted.want &&
    test_cmp scripted.want scripted.out &&
    test "$(manifest_with_property svg)" = EPUB/chapters/inline.xhtml &&
    test -z "$(manifest_with_property remote-resources)"
'

test_expect_success '... the files an SVG uses are packed' '
    manifest_paths >paths.out &&
    for f in images/chart.png images/sub/tile.png images/sub/shapes.svg \
        images/sub/drawing.css images/sub/fo.png; do
        grep -Fx "EPUB/$f" paths.out || return 1
    done
'

test_expect_success '... an SVG DOCTYPE naming the DTD is left out, nothing else' '
    E=$TEST_TMP/good/out/book.epub &&
    epub_cat "$E" EPUB/images/exported.svg >exported.out &&
    {
        echo "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" &&
        echo "<!-- Generator: an editor -->" &&
        tail -n 1 "$TEST_TMP/good/book/images/exported.svg"
    } >exported.want &&
    test_cmp exported.want exported.out &&
    epub_cat "$E" EPUB/images/scripted.svg >scripted.out &&
    test_cmp "$TEST_TMP/good/book/images/scripted.svg" scripted.out
'

test_expect_success '... and it passes EPUBCheck 4 and 5' '
    epubcheck_both "$TEST_TMP/good/out/book.epub"
'

new_book svg-named-png
D=$TEST_TMP/svg-named-png/book
mkdir -p "$D/images"
cat >"$D/images/text.png" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<svg $NS><title>Not a PNG</title><script>var x;</script></svg>
EOF
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>Named PNG</h1>
<p><img src="../images/text.png" alt="SVG"/></p>
EOF
: >"$TEST_TMP/svg-named-png/expect"

test_expect_success 'a text file named .png that holds SVG is read as SVG and packed as .svg' '
    check_builds svg-named-png &&
    epub_unpack "$TEST_TMP/svg-named-png/out/book.epub" &&
    P=$(manifest_with_type image/svg+xml) &&
    test "$(basename "$P")" = text.svg &&
    test "$(manifest_with_property scripted)" = "$P"
'

new_book svg-dtd-renamed
D=$TEST_TMP/svg-dtd-renamed/book
mkdir -p "$D/images"
cp "$IMAGES/dot.gif" "$D/images/a dot.gif"
cat >"$D/images/d.svg" <<EOF
<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg $NS><title>D</title><image xlink:href="a%20dot.gif" width="1" height="1"/></svg>
EOF
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>Both</h1>
<p><img src="../images/d.svg" alt="SVG"/></p>
EOF
: >"$TEST_TMP/svg-dtd-renamed/expect"

test_expect_success 'an SVG image both without its DOCTYPE and pointing to a renamed file' '
    check_builds svg-dtd-renamed &&
    epub_cat "$TEST_TMP/svg-dtd-renamed/out/book.epub" EPUB/images/d.svg >d.out &&
    ! grep -F DOCTYPE d.out &&
    grep -F "xlink:href=\"a-dot.gif\"" d.out &&
    epubcheck_both "$TEST_TMP/svg-dtd-renamed/out/book.epub"
'

# Style attributes and a <style> in an SVG image are CSS declarations and
# rules: read as such (no false syntax error), their url()s checked and
# located at their own line and column.
new_book svg-style
D=$TEST_TMP/svg-style/book
png "$D/chapters/tile.png"
cat >"$D/chapters/s.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">
<style>
rect { fill: red }
circle { fill: url(gone.png) }
</style>
  <rect style="fill: blue; stroke: green" width="4" height="4"/>
  <rect style="fill: url(tile.png)" width="2" height="2"/>
</svg>
EOF
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>Styled</h1>
<p><img src="s.svg" alt="styled"/></p>
EOF
cat >"$TEST_TMP/svg-style/expect" <<\EOF
book/chapters/s.svg:4:16: error: 'gone.png' does not exist
1 error, 0 warnings
EOF

test_expect_success 'an SVG image: style attributes read as declarations, url()s located' '
    check_fails 1 svg-style
'

test_expect_success '... without the missing file it builds and passes EPUBCheck 4 and 5' '
    sed -i "s/url(gone.png)/url(tile.png)/" "$D/chapters/s.svg" &&
    : >"$TEST_TMP/svg-style/expect" &&
    check_builds svg-style &&
    epubcheck_both out/book.epub
'

test_done
