#!/bin/sh
# SVG pages and images used both as pages and as pictures (issue 13):
# - an SVG listed as a chapter is an SVG content document in the spine as
#   it is (image/svg+xml, no XHTML wrapper), in a reflowable and in a
#   fixed-layout book: checked and packed as an SVG image is (its DTD
#   DOCTYPE left out, the stylesheet, font and images it references
#   packed), labelled in the nav and NCX by book.xml's title or its own
#   <title>; both EPUBChecks accept both books;
# - <img src> to the file of an image page (raster or SVG) shows the image,
#   packed once (the cover may be it too); <a href> to it (from XHTML or
#   SVG) goes to the page; a scripted SVG page is "scripted";
# - non-ASCII names of every kind (chapter, SVG page, raster page, image,
#   stylesheet, font) become ASCII, every reference following, since
#   reading systems such as epub.js fail on percent-encoded hrefs;
# - bad inputs: a fixed-layout SVG page without a viewBox, a viewport on
#   an SVG page's <chapter>, missing ids and files in and into SVG pages,
#   an SVG page not well-formed or not in the SVG namespace are located
#   errors, and nothing is written.
# The reflowable book goes through Ace by DAISY too (lib-ace.sh: Ace does
# not read SVG content documents).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

PAGES=$TOP/tests/books/picture-book/book/pages

# book_xml CASE ATTRS CHAPTER-LINES: book.xml with <chapters ATTRS>
book_xml() {
    cat >"$TEST_TMP/$1/book/book.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters$2>
$3
  </chapters>
</book>
EOF
}

# fake_font FILE: an OpenType-TrueType signature and filler (EPUBCheck
# does not read font tables).
fake_font() {
    { printf '\000\001\000\000'; printf '%0400d' 0; } >"$1"
}

# --- a reflowable book with SVG pages and an image page --------------------

new_book flow
C=$TEST_TMP/flow/book/chapters
book_xml flow '' '    <chapter href="chapters/map.svg"/>
    <chapter href="chapters/one.xhtml"/>
    <chapter href="chapters/photo.png" title="A photo" alt="A red page."/>
    <chapter href="chapters/plan.svg" title="The plan"/>'
cp "$PAGES/p1.png" "$C/photo.png"
cp "$PAGES/p2.png" "$C/tile.png"
fake_font "$C/f.ttf"
cat >"$C/map.css" <<\EOF
@font-face { font-family: "F"; src: url(f.ttf); }
text { font-family: "F"; fill: navy; }
EOF
cat >"$C/map.svg" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="map.css"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <title>A map of the island</title>
  <rect id="island" width="100" height="100" fill="blue"/>
  <image xlink:href="tile.png" width="4" height="4"/>
  <image xlink:href="photo.png" width="4" height="4"/>
  <a xlink:href="photo.png"><title>the photo</title><text x="10" y="50">Photo</text></a>
  <a xlink:href="one.xhtml#one"><title>one</title><text x="10" y="70">One</text></a>
  <a xlink:href="plan.svg#c"><title>plan</title><text x="10" y="90">Plan</text></a>
</svg>
EOF
cat >"$C/plan.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <circle id="c" cx="5" cy="5" r="4"/>
</svg>
EOF
cat >"$C/one.xhtml" <<\EOF
<h1 id="one">One</h1>
<p>See <a href="map.svg">the map</a>, <a href="map.svg#island">the island</a>,
<a href="photo.png">the photo page</a>, <a href="plan.svg#c">the plan</a>.</p>
<p><img src="map.svg" alt="The map"/> <img src="photo.png" alt="The photo"/></p>
EOF
: >"$TEST_TMP/flow/expect"

test_expect_success 'reflowable: SVG pages build clean, pass both EPUBChecks' '
    check_builds flow &&
    epubcheck_both out/book.epub &&
    cp out/book.epub "$TEST_TMP/flow.epub" &&
    epub_unpack out/book.epub
'

test_expect_success 'reflowable: the SVG pages are SVG spine items' '
    spine_paths >spine &&
    printf "%s\n" EPUB/nav.xhtml EPUB/map.svg EPUB/one.xhtml \
        EPUB/photo.xhtml EPUB/plan.svg EPUB/credits.xhtml >want &&
    test_cmp want spine &&
    test "$(manifest_attr_of EPUB/map.svg media-type)" = image/svg+xml &&
    test "$(manifest_attr_of EPUB/plan.svg media-type)" = image/svg+xml &&
    test "$(manifest_attr_of EPUB/map.svg properties)" = "" &&
    test "$(xpath_count "//opf:itemref[@properties]" "$OPFX")" = 0 &&
    test "$(xpath_count "//opf:meta[starts-with(@property,\"rendition:\")]" "$OPFX")" = 0 &&
    cmp "$C/plan.svg" "$X/EPUB/plan.svg"
'

test_expect_success 'reflowable: what an SVG page references is packed' '
    test "$(manifest_attr_of EPUB/map.css media-type)" = text/css &&
    test "$(manifest_attr_of EPUB/f.ttf media-type)" = font/ttf &&
    test "$(manifest_attr_of EPUB/tile.png media-type)" = image/png &&
    test_grep ! DOCTYPE "$X/EPUB/map.svg" &&
    test_grep "<?xml-stylesheet type=\"text/css\" href=\"map.css\"?>" "$X/EPUB/map.svg" &&
    test_grep "xlink:href=\"tile.png\"" "$X/EPUB/map.svg"
'

test_expect_success 'nav and NCX label SVG pages by <title> or book.xml' '
    xpath_values "//h:nav[@epub:type=\"toc\"]//h:a/text()" \
        "$X/EPUB/nav.xhtml" >labels &&
    printf "%s\n" "A map of the island" One "A photo" "The plan" Credits \
        >want &&
    test_cmp want labels &&
    nav_toc_targets >targets &&
    printf "%s\n" EPUB/map.svg EPUB/one.xhtml EPUB/photo.xhtml \
        EPUB/plan.svg EPUB/credits.xhtml >want &&
    test_cmp want targets &&
    xpath_values "//ncx:navPoint/ncx:content/@src" "$X/EPUB/toc.ncx" >ncx &&
    printf "%s\n" map.svg one.xhtml photo.xhtml plan.svg credits.xhtml >want &&
    test_cmp want ncx &&
    test "$(xpath_string "//h:nav[@epub:type=\"landmarks\"]//h:a[@epub:type=\"bodymatter\"]/@href" "$X/EPUB/nav.xhtml")" = map.svg
'

test_expect_success 'an image page used as a picture: <img> shows the image, <a> goes to the page' '
    test "$(xpath_count "//opf:item[@href=\"photo.png\"]" "$OPFX")" = 1 &&
    test "$(xpath_count "//opf:item[@href=\"map.svg\"]" "$OPFX")" = 1 &&
    one=$X/EPUB/one.xhtml &&
    test "$(xpath_values "//h:img/@src" "$one")" = "$(printf "map.svg\nphoto.png")" &&
    xpath_values "//h:a/@href" "$one" >links &&
    printf "%s\n" map.svg map.svg#island photo.xhtml plan.svg#c >want &&
    test_cmp want links &&
    xpath_values "//svg:a/@*[local-name()=\"href\"]" "$X/EPUB/map.svg" >links &&
    printf "%s\n" photo.xhtml one.xhtml#one plan.svg#c >want &&
    test_cmp want links &&
    xpath_values "//svg:image/@*[local-name()=\"href\"]" "$X/EPUB/map.svg" >images &&
    printf "%s\n" tile.png photo.png >want &&
    test_cmp want images
'

# A scripted SVG page is "scripted"; the image of an image page may be the
# cover too.
new_book scripted
C=$TEST_TMP/scripted/book/chapters
rm "$C/one.xhtml"
book_xml scripted '' '    <chapter href="chapters/s.svg" title="Scripted"/>
    <chapter href="chapters/photo.png" alt="A red page."/>'
sed -i 's|  </metadata>|  </metadata>\n  <cover image="chapters/photo.png"/>|' \
    "$TEST_TMP/scripted/book/book.xml"
cp "$PAGES/p1.png" "$C/photo.png"
cat >"$C/s.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <rect width="10" height="10" onclick="this.setAttribute('fill', 'red')"/>
  <script type="application/ecmascript">var x = 1;</script>
</svg>
EOF
: >"$TEST_TMP/scripted/expect"

test_expect_success 'a scripted SVG page is scripted; a page image may be the cover' '
    check_builds scripted &&
    epubcheck_both out/book.epub &&
    epub_unpack out/book.epub &&
    test "$(manifest_attr_of EPUB/s.svg properties)" = scripted &&
    test "$(manifest_attr_of EPUB/photo.png properties)" = cover-image &&
    test "$(xpath_count "//opf:item[@href=\"photo.png\"]" "$OPFX")" = 1 &&
    spine_paths >spine &&
    printf "%s\n" EPUB/cover.xhtml EPUB/nav.xhtml EPUB/s.svg \
        EPUB/photo.xhtml EPUB/credits.xhtml >want &&
    test_cmp want spine
'

# --- the same book, fixed layout ---------------------------------------------

mkdir -p "$TEST_TMP/fixed" &&
cp -R "$TEST_TMP/flow/book" "$TEST_TMP/fixed/" &&
sed -i 's|<chapters>|<chapters layout="pre-paginated" viewport="600x800">|' \
    "$TEST_TMP/fixed/book/book.xml"
: >"$TEST_TMP/fixed/expect"

test_expect_success 'fixed layout: SVG pages sized by their viewBox pass both EPUBChecks' '
    check_builds fixed &&
    epubcheck_both out/book.epub &&
    epub_unpack out/book.epub &&
    test "$(xpath_string "//opf:meta[@property=\"rendition:layout\"]" "$OPFX")" = pre-paginated &&
    test "$(manifest_attr_of EPUB/map.svg media-type)" = image/svg+xml &&
    test_grep ! "name=\"viewport\"" "$X/EPUB/map.svg" &&
    test "$(xpath_string "//h:meta[@name=\"viewport\"]/@content" "$X/EPUB/one.xhtml")" = "width=600, height=800" &&
    test "$(xpath_string "//h:meta[@name=\"viewport\"]/@content" "$X/EPUB/photo.xhtml")" = "width=60, height=80"
'

# --- bad inputs ---------------------------------------------------------------

new_book no-viewbox
C=$TEST_TMP/no-viewbox/book/chapters
rm "$C/one.xhtml"
book_xml no-viewbox ' layout="pre-paginated"' '    <chapter href="chapters/a.svg"/>
    <chapter href="chapters/b.svg" viewport="600x800"/>
    <chapter href="chapters/c.svg" title="C"/>'
cat >"$C/a.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" width="60px" height="80">
  <title>A</title>
</svg>
EOF
cat >"$C/b.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 80">
  <title>B</title>
</svg>
EOF
cat >"$C/c.svg" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg"
     viewBox="0 0 100%" width="100%">
  <rect width="4" height="4"/>
</svg>
EOF
cat >"$TEST_TMP/no-viewbox/expect" <<\EOF
book/book.xml:10:1: error: chapter 'chapters/b.svg' is an SVG page, which its own viewBox sizes: remove viewport="600x800"
book/chapters/a.svg:1:1: error: a fixed-layout SVG page needs a viewBox of four numbers, which sizes the page (EPUBCheck HTM-048): add viewBox="0 0 60 80" to the <svg>
book/chapters/c.svg:2:1: error: a fixed-layout SVG page needs a viewBox of four numbers, which sizes the page (EPUBCheck HTM-048): add viewBox="0 0 WIDTH HEIGHT" to the <svg>
3 errors, 0 warnings
EOF

test_expect_success 'fixed layout: an SVG page without a viewBox, or with a viewport, is located' '
    check_fails 1 no-viewbox
'

new_book svg-refs
C=$TEST_TMP/svg-refs/book/chapters
book_xml svg-refs '' '    <chapter href="chapters/one.xhtml"/>
    <chapter href="chapters/a.svg"/>
    <chapter href="chapters/b.svg" title="B"/>
    <chapter href="chapters/c.svg"/>
    <chapter href="chapters/d.svg"/>'
printf '<svg viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n' \
    >"$C/d.svg"
cat >"$C/one.xhtml" <<\EOF
<h1>One</h1>
<p><a href="a.svg#nowhere">a</a> <a href="b.svg#b">b</a></p>
EOF
cat >"$C/a.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">
  <title>A</title>
  <image href="gone.png" width="4" height="4"/>
  <a href="b.svg#missing"><title>b</title><rect width="4" height="4"/></a>
  <a href="one.xhtml#none"><title>one</title><rect width="2" height="2"/></a>
</svg>
EOF
cat >"$C/b.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">
  <rect id="b" width="4" height="4"/>
</svg>
EOF
cat >"$C/c.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">
  <title>C</title>
  <rect width="4" height="4">
</svg>
EOF
cat >"$TEST_TMP/svg-refs/expect" <<\EOF
book/chapters/a.svg:3:3: error: 'gone.png' does not exist
book/chapters/a.svg:4:3: error: 'b.svg#missing': no element has id 'missing' in book/chapters/b.svg (EPUBCheck RSC-012)
book/chapters/a.svg:5:3: error: link to 'one.xhtml#none': no element has id 'none' in book/chapters/one.xhtml
book/chapters/c.svg:4:7: error: Opening and ending tag mismatch: rect line 3 and svg
book/chapters/d.svg:1:1: error: the root element is <svg> without the SVG namespace, not an SVG <svg>: an SVG image starts with <svg xmlns="http://www.w3.org/2000/svg">
book/chapters/one.xhtml:2:4: error: link to 'a.svg#nowhere': no element has id 'nowhere' in book/chapters/a.svg
6 errors, 0 warnings
EOF

test_expect_success 'SVG pages: missing files and ids in and into them are located' '
    check_fails 1 svg-refs
'

# --- non-ASCII names of every kind -------------------------------------------

new_book names
B=$TEST_TMP/names/book
rm -rf "$B/chapters"
mkdir -p "$B/章"
cp "$PAGES/p1.png" "$B/章/写真.png"
cp "$PAGES/p2.png" "$B/章/瓦.png"
fake_font "$B/字体.ttf"
cat >"$B/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <stylesheet href="様式.css"/>
  <font href="字体.ttf"/>
  <chapters>
    <chapter href="章/一.xhtml"/>
    <chapter href="章/地図.svg"/>
    <chapter href="章/写真.png" title="Photo" alt="A red page."/>
  </chapters>
</book>
EOF
cat >"$B/様式.css" <<\EOF
@font-face { font-family: "F"; src: url(字体.ttf); }
body { font-family: "F"; background: url("章/%E7%93%A6.png"); }
EOF
cat >"$B/章/地図.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <title>地図</title>
  <image xlink:href="瓦.png" width="4" height="4"/>
  <image href="%E5%86%99%E7%9C%9F.png" width="4" height="4"/>
  <a xlink:href="一.xhtml#top"><title>one</title><rect width="4" height="4"/></a>
</svg>
EOF
cat >"$B/章/一.xhtml" <<\EOF
<h1 id="top">One</h1>
<p><a href="地図.svg">map</a> <a href="%E5%86%99%E7%9C%9F.png">photo page</a></p>
<p><img src="地図.svg" alt="map"/> <img src="写真.png" alt="photo"/> <img src="瓦.png" alt="tile"/></p>
EOF
: >"$TEST_TMP/names/expect"

test_expect_success 'non-ASCII names of every kind: ASCII in the package, both EPUBChecks pass' '
    check_builds names &&
    epubcheck_both out/book.epub &&
    epub_unpack out/book.epub &&
    zip_entries out/book.epub | grep "^EPUB/" | sort >entries &&
    printf "%s\n" EPUB/content.opf EPUB/credits.xhtml EPUB/nav.xhtml \
        EPUB/toc.ncx EPUB/u5b57-u4f53.ttf EPUB/u69d8-u5f0f.css \
        EPUB/u7ae0/u4e00.xhtml EPUB/u7ae0/u5199-u771f.png \
        EPUB/u7ae0/u5199-u771f.xhtml EPUB/u7ae0/u5730-u56f3.svg \
        EPUB/u7ae0/u74e6.png >want &&
    test_cmp want entries &&
    ! LC_ALL=C grep -n "[^ -~]" "$OPFX" &&
    ! grep -n "%" "$OPFX" &&
    test "$(manifest_attr_of EPUB/u7ae0/u5730-u56f3.svg media-type)" = image/svg+xml
'

test_expect_success 'non-ASCII names: every reference follows' '
    E=$X/EPUB &&
    test_grep -F "href=\"u5730-u56f3.svg\">map" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "href=\"u5199-u771f.xhtml\">photo page" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "src=\"u5730-u56f3.svg\"" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "src=\"u5199-u771f.png\"" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "src=\"u74e6.png\"" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "href=\"../u69d8-u5f0f.css\"" "$E/u7ae0/u4e00.xhtml" &&
    test_grep -F "url(\"u5b57-u4f53.ttf\")" "$E/u69d8-u5f0f.css" &&
    test_grep -F "url(\"u7ae0/u74e6.png\")" "$E/u69d8-u5f0f.css" &&
    test_grep -F "xlink:href=\"u74e6.png\"" "$E/u7ae0/u5730-u56f3.svg" &&
    test_grep -F "href=\"u5199-u771f.png\"" "$E/u7ae0/u5730-u56f3.svg" &&
    test_grep -F "xlink:href=\"u4e00.xhtml#top\"" "$E/u7ae0/u5730-u56f3.svg" &&
    test_grep -F "src=\"u5199-u771f.png\"" "$E/u7ae0/u5199-u771f.xhtml" &&
    nav_toc_targets >toc &&
    printf "%s\n" EPUB/u7ae0/u4e00.xhtml EPUB/u7ae0/u5730-u56f3.svg \
        EPUB/u7ae0/u5199-u771f.xhtml EPUB/credits.xhtml >want &&
    test_cmp want toc &&
    test_grep -F "src=\"u7ae0/u5730-u56f3.svg\"" "$E/toc.ncx" &&
    test_grep -F "URI=\"EPUB/u5b57-u4f53.ttf\"" "$X/META-INF/encryption.xml"
'

. "$TEST_DIRECTORY/lib-ace.sh"
if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

test_expect_success 'Ace by DAISY: the reflowable SVG page book is clean but for Ace not reading SVG pages' '
    ace flow &&
    clean_but_svg_toc flow map.svg
'

test_done
