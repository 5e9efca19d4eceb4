#!/bin/sh
# Names in the archive: every file gets a safe name (ASCII letters,
# digits, - _ . /; no leading or trailing dot; no two names equal but for
# case; none of the package's own names), renamed deterministically in
# book order with every reference rewritten, and the right extension for
# what its bytes are.  What a chapter may be (XHTML, Markdown, an SVG
# image, kept an SVG in the spine; not a BMP, a PDF or text), and WebP
# (EPUB 3.3 only).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# png FILE: a valid 4x4 PNG.  webp FILE: a valid 1x1 lossless WebP.
png() {
    printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$1"
}
webp() {
    printf 'RIFF\032\000\000\000WEBPVP8L\015\000\000\000\057\000\000\000\020\007\020\021\021\210\210\376\007\000' >"$1"
}
svg_image() {
    printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n' >"$1"
}
# book_xml CASE CHAPTER-LINES [COVER]: book.xml with these <chapter> lines
book_xml() {
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<book>'
        echo '  <metadata>'
        echo '    <title>Test</title>'
        echo '    <language>en</language>'
        echo '    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>'
        echo '  </metadata>'
        [ -z "${3:-}" ] || echo "  <cover image=\"$3\"/>"
        [ -z "${4:-}" ] || echo "  <stylesheet href=\"$4\"/>"
        echo '  <chapters>'
        printf '%s\n' "$2"
        echo '  </chapters>'
        echo '</book>'
    } >"$TEST_TMP/$1/book/book.xml"
}

# --- unsafe, colliding and mistyped names: renamed, references follow ----

new_book names
B=$TEST_TMP/names/book
rm -rf "$B/chapters"
mkdir -p "$B/my pics" "$B/css"
book_xml names '    <chapter href="Ch1.xhtml"/>
    <chapter href="ch1.xhtml"/>
    <chapter href="١.xhtml"/>
    <chapter href="１章.xhtml"/>
    <chapter href="content.opf"/>
    <chapter href="nav.xhtml"/>
    <chapter href="toc.ncx"/>
    <chapter href="credits.xhtml"/>
    <chapter href="Cover.xhtml"/>
    <chapter href="a b:c.xhtml"/>
    <chapter href="end."/>' 'cover image.png' 'css/st yle.css'
png "$B/cover image.png"
png "$B/my pics/画像.png"
png "$B/star*.png"
png "$B/a<b.png"
png "$B/a-b.png"
png "$B/x:y.png"
png "$B/dot.png."
png "$B/Pic.png"
png "$B/pic.png"
png "$B/really.jpg"
cat >"$B/vec.png" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><image href="my%20pics/画像.png" width="4" height="4"/></svg>
EOF
cat >"$B/css/st yle.css" <<\EOF
@import "more%20style.css";
body { background: url("../my%20pics/画像.png") }
EOF
cat >"$B/css/more style.css" <<\EOF
p { background-image: url(../really.jpg) }
EOF
cat >"$B/Ch1.xhtml" <<\EOF
<h1 id="top">One</h1>
<p><a href="ch1.xhtml#x">two</a>, <a href="%D9%A1.xhtml">three</a>,
<a href="１章.xhtml">four</a>, <a href="content.opf">five</a>,
<a href="nav.xhtml">six</a>, <a href="a%20b:c.xhtml#z">ten</a>,
<a href="end.">end</a>, <a href="#top">top</a>.</p>
<p><img src="star*.png" alt="star"/> <img src="a%3Cb.png" alt="lt"/>
<img src="a-b.png" alt="dash"/> <img src="./x:y.png" alt="colon"/>
<img src="dot.png." alt="dot"/> <img src="Pic.png" alt="P"/>
<img src="pic.png" alt="p"/> <img src="really.jpg" alt="png"/>
<img src="vec.png" alt="svg"/></p>
<p style="background: url('my%20pics/画像.png')">styled</p>
EOF
printf '<h1 id="x">Two</h1>\n<p><a href="Ch1.xhtml">back</a></p>\n' >"$B/ch1.xhtml"
printf '<h1>Three</h1>\n' >"$B/١.xhtml"
printf '<h1>Four</h1>\n' >"$B/１章.xhtml"
printf '<h1>Five</h1>\n<p><a href="toc.ncx">seven</a></p>\n' >"$B/content.opf"
printf '<h1>Six</h1>\n' >"$B/nav.xhtml"
printf '<h1>Seven</h1>\n' >"$B/toc.ncx"
printf '<h1>Eight</h1>\n' >"$B/credits.xhtml"
printf '<h1>Nine</h1>\n' >"$B/Cover.xhtml"
printf '<h1 id="z">Ten</h1>\n<p><img src="my%%20pics/%%E7%%94%%BB%%E5%%83%%8F.png" alt="p"/></p>\n' >"$B/a b:c.xhtml"
printf '<h1>End</h1>\n' >"$B/end."
: >"$TEST_TMP/names/expect"

cat >"$TEST_TMP/names/entries" <<\EOF
mimetype
META-INF/container.xml
EPUB/content.opf
EPUB/mkepub-cover.xhtml
EPUB/Ch1.xhtml
EPUB/ch1-2.xhtml
EPUB/u0661.xhtml
EPUB/uff11-u7ae0.xhtml
EPUB/content.xhtml
EPUB/nav.xhtml
EPUB/toc.xhtml
EPUB/credits.xhtml
EPUB/Cover.xhtml
EPUB/a-b-c.xhtml
EPUB/end.xhtml
EPUB/mkepub-credits.xhtml
EPUB/css/st-yle.css
EPUB/css/more-style.css
EPUB/my-pics/u753b-u50cf.png
EPUB/really.png
EPUB/cover-image.png
EPUB/star.png
EPUB/a-b-2.png
EPUB/a-b.png
EPUB/x-y.png
EPUB/dot.png
EPUB/Pic.png
EPUB/pic-2.png
EPUB/vec.svg
EPUB/mkepub-nav.xhtml
EPUB/toc.ncx
EOF

test_expect_success 'unsafe names build cleanly, renamed in book order' '
    check_builds names &&
    zip_entries out/book.epub >entries.have &&
    test_cmp entries entries.have
'

test_expect_success 'every name is safe and unique ignoring case' '
    cd "$TEST_TMP/names" &&
    zip_entries out/book.epub >all &&
    ! grep -v "^[A-Za-z0-9_./-]*\$" all &&
    ! grep -E "(^|/)\\.|\\.(/|\$)" all &&
    test -z "$(tr A-Z a-z <all | sort | uniq -d)"
'

test_expect_success 'references in chapters, CSS, nav and cover page follow' '
    cd "$TEST_TMP/names" &&
    epub_unpack out/book.epub &&
    E=$X/EPUB &&
    test_grep "href=\"ch1-2.xhtml#x\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"u0661.xhtml\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"uff11-u7ae0.xhtml\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"content.xhtml\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"nav.xhtml\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"a-b-c.xhtml#z\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"end.xhtml\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"#top\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"star.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"a-b-2.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"a-b.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"x-y.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"dot.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"Pic.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"pic-2.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"really.png\"" "$E/Ch1.xhtml" &&
    test_grep "src=\"vec.svg\"" "$E/Ch1.xhtml" &&
    test_grep "url(&quot;my-pics/u753b-u50cf.png&quot;)" "$E/Ch1.xhtml" &&
    test_grep "href=\"css/st-yle.css\"" "$E/Ch1.xhtml" &&
    test_grep "href=\"Ch1.xhtml\"" "$E/ch1-2.xhtml" &&
    test_grep "href=\"toc.xhtml\"" "$E/content.xhtml" &&
    test_grep "src=\"my-pics/u753b-u50cf.png\"" "$E/a-b-c.xhtml" &&
    test_grep "@import \"more-style.css\";" "$E/css/st-yle.css" &&
    test_grep "url(\"../my-pics/u753b-u50cf.png\")" "$E/css/st-yle.css" &&
    test_grep "url(\"../really.png\")" "$E/css/more-style.css" &&
    test_grep "src=\"cover-image.png\"" "$E/mkepub-cover.xhtml" &&
    test_grep "<image href=\"my-pics/u753b-u50cf.png\"" "$E/vec.svg" &&
    manifest_paths >paths &&
    grep -v "^EPUB/content.opf\$" entries | grep "^EPUB/" | sort >want &&
    test_cmp want paths &&
    nav_toc_targets >toc &&
    test_grep -x "EPUB/uff11-u7ae0.xhtml" toc &&
    test_grep -x "EPUB/toc.xhtml" toc &&
    test "$(manifest_attr_of EPUB/really.png media-type)" = image/png &&
    test "$(manifest_attr_of EPUB/vec.svg media-type)" = image/svg+xml
'

test_expect_success 'manifest ids are ASCII XML names' '
    cd "$TEST_TMP/names" &&
    xpath_values "//opf:manifest/opf:item/@id" "$OPFX" >ids &&
    test "$(wc -l <ids)" -eq 28 &&
    ! grep -v "^[A-Za-z_][A-Za-z0-9_.-]*\$" ids
'

test_expect_success 'the renamed book is reproducible across thread counts' '
    cd "$TEST_TMP/names" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -j 1 -o out/one.epub book/book.xml &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -j 4 -o out/four.epub book/book.xml &&
    cmp out/book.epub out/one.epub &&
    cmp out/book.epub out/four.epub
'

test_expect_success '-v lists every item and says how many files were renamed' '
    cd "$TEST_TMP/names" &&
    mkepub -v -o out/v.epub book/book.xml 2>err &&
    test "$(grep -c "^mkepub: \\(.*, packed as \\|generated \\)EPUB/[^ ]* (.*)\$" err)" = 28 &&
    test "$(wc -l <err)" = 29 &&
    tail -n 1 err | sed "s/, [0-9]* KB/, N KB/" >got &&
    echo "wrote out/v.epub: 11 chapters, 11 images, N KB (28 items, 18 renamed to safe names)" >want &&
    test_cmp want got &&
    rm out/v.epub
'

test_expect_success 'the renamed book passes both EPUBChecks' '
    epubcheck_both "$TEST_TMP/names/out/book.epub"
'

# --- a name clash that renaming cannot settle is not silent --------------
# (a safe name kept by an earlier file wins; nothing here can clash for
# good, so the only check is that a safe name is never renamed)

new_book kept chapters/one.xhtml
png "$TEST_TMP/kept/book/chapters/a-b.png"
png "$TEST_TMP/kept/book/chapters/a b.png"
cat >"$TEST_TMP/kept/book/chapters/one.xhtml" <<\EOF
<h1>One</h1>
<p><img src="a%20b.png" alt="space"/><img src="a-b.png" alt="dash"/></p>
EOF
: >"$TEST_TMP/kept/expect"

test_expect_success 'a name that is already safe is never the one renamed' '
    check_builds kept &&
    zip_entries out/book.epub | grep png >have &&
    printf "EPUB/a-b-2.png\nEPUB/a-b.png\n" >want &&
    test_cmp want have &&
    unzip -p out/book.epub EPUB/one.xhtml >one &&
    test_grep "src=\"a-b-2.png\" alt=\"space\"" one &&
    test_grep "src=\"a-b.png\" alt=\"dash\"" one
'

# --- what a chapter may be ------------------------------------------------

new_book md chapters/one.xhtml "chapters/my notes.md"
printf '# Notes\n\nSome *text*; [back](one.xhtml).\n' \
    >"$TEST_TMP/md/book/chapters/my notes.md"
printf '<h1>One</h1>\n<p><a href="my%%20notes.md#notes">Notes</a></p>\n' \
    >"$TEST_TMP/md/book/chapters/one.xhtml"
: >"$TEST_TMP/md/expect"

test_expect_success 'a Markdown chapter is packed under a safe .xhtml name' '
    check_builds md &&
    zip_entries "$TEST_TMP/md/out/book.epub" >entries &&
    test_grep -Fx EPUB/my-notes.xhtml entries &&
    test_grep ! "\.md" entries &&
    unzip -p "$TEST_TMP/md/out/book.epub" EPUB/one.xhtml >one &&
    test_grep -F "href=\"my-notes.xhtml#notes\"" one
'

new_book others chapters/one.xhtml chapters/pic.bmp chapters/doc.pdf \
    chapters/notes.txt chapters/style.css chapters/untitled.svg
printf 'BM\066\0\0\0\0\0\0\0\066\0\0\0\050\0\0\0' \
    >"$TEST_TMP/others/book/chapters/pic.bmp"
printf '%%PDF-1.4\n%%\342\343\n' >"$TEST_TMP/others/book/chapters/doc.pdf"
printf 'Just some text.\n' >"$TEST_TMP/others/book/chapters/notes.txt"
printf 'p { margin: 0 }\n' >"$TEST_TMP/others/book/chapters/style.css"
svg_image "$TEST_TMP/others/book/chapters/untitled.svg"
cat >"$TEST_TMP/others/expect" <<\EOF
book/book.xml:10:1: error: chapter 'chapters/pic.bmp' is an image (image/bmp) that reading systems need not show: convert it to PNG or JPEG
book/book.xml:11:1: error: chapter 'chapters/doc.pdf' is application/pdf, not an XHTML document: list an XHTML file (or convert it to XHTML)
book/book.xml:12:1: error: chapter 'chapters/notes.txt' is not an XHTML document (it does not start with markup): convert it to XHTML and list that file
book/book.xml:13:1: error: chapter 'chapters/style.css' is text/css, not an XHTML document: list an XHTML file (or convert it to XHTML)
book/book.xml:14:1: error: chapter 'chapters/untitled.svg' is an SVG image without a title: give its <chapter> title="..." or the SVG a <title>
5 errors, 0 warnings
EOF

test_expect_success 'BMP images, PDFs, text and CSS are refused as chapters' '
    check_fails 1 others
'

new_book svg chapters/one.xhtml
S=$TEST_TMP/svg/book/chapters
book_xml svg '    <chapter href="chapters/one.xhtml"/>
    <chapter href="chapters/map.svg"/>
    <chapter href="chapters/plan.svg" title="The plan"/>'
png "$S/tile.png"
cat >"$S/map.svg" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <title>A map of the island</title>
  <rect width="100" height="100" fill="blue"/>
  <image xlink:href="tile.png" width="4" height="4"/>
</svg>
EOF
cat >"$S/plan.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <title>Plan</title>
  <circle cx="5" cy="5" r="4"/>
</svg>
EOF
printf '<h1>One</h1>\n<p>See <a href="map.svg">the map</a>.</p>\n' >"$S/one.xhtml"
: >"$TEST_TMP/svg/expect"

test_expect_success 'an SVG chapter is an SVG content document in the spine' '
    check_builds svg &&
    epub_unpack out/book.epub &&
    spine_paths >spine &&
    printf "EPUB/nav.xhtml\nEPUB/one.xhtml\nEPUB/map.svg\nEPUB/plan.svg\nEPUB/credits.xhtml\n" >want &&
    test_cmp want spine &&
    test_grep "href=\"map.svg\"" "$X/EPUB/one.xhtml" &&
    test_grep "<title>A map of the island</title>" "$X/EPUB/map.svg" &&
    test_grep ! DOCTYPE "$X/EPUB/map.svg" &&
    test_grep "xlink:href=\"tile.png\"" "$X/EPUB/map.svg" &&
    test "$(manifest_attr_of EPUB/map.svg media-type)" = image/svg+xml &&
    test "$(manifest_attr_of EPUB/map.svg properties)" = "" &&
    test "$(manifest_attr_of EPUB/tile.png media-type)" = image/png &&
    nav_toc_targets >toc &&
    test_grep -x "EPUB/map.svg" toc &&
    test_grep -x "EPUB/plan.svg" toc &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]//h:a[@href=\"plan.svg\"]" "$X/$(nav_path)")" = "The plan" &&
    epubcheck_both out/book.epub
'

# --- WebP: EPUB 3.3 only ---------------------------------------------------

new_book webp chapters/one.xhtml
webp "$TEST_TMP/webp/book/chapters/p.webp"
printf '<h1>One</h1>\n<p><img src="p.webp" alt="A dot"/></p>\n' \
    >"$TEST_TMP/webp/book/chapters/one.xhtml"
cat >"$TEST_TMP/webp/expect" <<\EOF
book/chapters/one.xhtml:2:4: error: 'p.webp': WebP is not a core image type in EPUB 3.2 (EPUBCheck 4.2 MED-003): convert it to PNG or JPEG, or build with --epub 3.3
1 error, 0 warnings
EOF

test_expect_success 'a WebP image is an error by default' '
    check_fails 1 webp
'

test_expect_success 'with --epub 3.3 a WebP image builds and passes EPUBCheck 5' '
    : >"$TEST_TMP/webp/expect" &&
    check_builds webp --epub 3.3 book/book.xml &&
    epub_unpack out/book.epub &&
    test "$(manifest_attr_of EPUB/p.webp media-type)" = image/webp &&
    epubcheck5 out/book.epub
'

new_book webpcover chapters/one.xhtml
webp "$TEST_TMP/webpcover/book/cover.webp"
book_xml webpcover '    <chapter href="chapters/one.xhtml"/>' cover.webp
cat >"$TEST_TMP/webpcover/expect" <<\EOF
book/book.xml:8:1: error: cover 'cover.webp': WebP is not a core image type in EPUB 3.2 (EPUBCheck 4.2 refuses it as a cover, OPF-012): convert it to PNG or JPEG, or build with --epub 3.3
1 error, 0 warnings
EOF

test_expect_success 'a WebP cover is an error by default' '
    check_fails 1 webpcover
'

test_expect_success 'with --epub 3.3 a WebP cover builds and passes EPUBCheck 5' '
    : >"$TEST_TMP/webpcover/expect" &&
    check_builds webpcover --epub 3.3 book/book.xml &&
    epubcheck5 out/book.epub
'

# --- every kind of reference follows a renamed file --------------------------

new_book srcset
cp "$FIXTURES/images-styles/book/images/chart.png" "$TEST_TMP/srcset/book/chapters/a b.png"
cat >"$TEST_TMP/srcset/book/chapters/one.xhtml" <<\EOF
<h1>Srcset</h1>
<p><img src="a%20b.png" srcset="a%20b.png 2x, a%20b.png 3x" alt="x"/></p>
<picture><source srcset="a%20b.png 1x" type="image/png"/><img src="a%20b.png" alt="y"/></picture>
<math xmlns="http://www.w3.org/1998/Math/MathML" altimg="a%20b.png" alttext="x"><mi>x</mi></math>
EOF
: >"$TEST_TMP/srcset/expect"

test_expect_success 'srcset candidates and MathML altimg follow a renamed file' '
    check_builds srcset &&
    epub_cat out/book.epub EPUB/one.xhtml >one.xhtml &&
    test_grep "srcset=\"a-b.png 2x, a-b.png 3x\"" one.xhtml &&
    test_grep "<source srcset=\"a-b.png 1x\"" one.xhtml &&
    test_grep "altimg=\"a-b.png\"" one.xhtml &&
    ! grep -q "a%20b" one.xhtml &&
    epubcheck_both out/book.epub
'

# --- folders: one spelling each, never a file's name -------------------------

# Img/, img/ and IMG/ are one folder on a case-insensitive reader: the
# later files join the first spelling.  A folder X.XHTML beside the
# chapter x.xhtml cannot exist in the package: it becomes X.XHTML-2.
new_book folders chapters/x.xhtml
B=$TEST_TMP/folders/book/chapters
mkdir -p "$B/Img" "$B/img" "$B/IMG" "$B/X.XHTML"
png "$B/Img/a.png"
png "$B/img/b.png"
png "$B/IMG/a.png"
png "$B/X.XHTML/c.png"
cat >"$B/x.xhtml" <<\EOF
<h1>Folders</h1>
<p><img src="Img/a.png" alt="a"/><img src="img/b.png" alt="b"/></p>
<p><img src="IMG/a.png" alt="c"/><img src="X.XHTML/c.png" alt="d"/></p>
EOF
: >"$TEST_TMP/folders/expect"

test_expect_success 'folders differing in case join the first spelling; a folder named as a file moves' '
    check_builds folders &&
    zip_entries out/book.epub | grep "^EPUB/.*png" | sort >names &&
    printf "%s\n" EPUB/Img/a.png EPUB/Img/b.png EPUB/Img/a-2.png \
        EPUB/X.XHTML-2/c.png | sort >want &&
    test_cmp want names &&
    epub_cat out/book.epub EPUB/x.xhtml >x.xhtml &&
    test_grep "<img src=\"Img/a.png\" alt=\"a\"/><img src=\"Img/b.png\" alt=\"b\"/>" x.xhtml &&
    test_grep "<img src=\"Img/a-2.png\" alt=\"c\"/><img src=\"X.XHTML-2/c.png\" alt=\"d\"/>" x.xhtml &&
    epubcheck_both out/book.epub
'

test_expect_success '--check lays the book out as a build does: no error, nothing written' '
    cd "$TEST_TMP/folders" &&
    rm -rf out/* &&
    mkepub --check -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    no_leftovers out
'

# A renamed script: the chapter's <script src> follows.
new_book script
mkdir -p "$TEST_TMP/script/book/chapters/my js"
echo "var x = 1;" >"$TEST_TMP/script/book/chapters/my js/s*.js"
cat >"$TEST_TMP/script/book/chapters/one.xhtml" <<\EOF
<h1>Script</h1>
<p>Text.</p>
<script src="my%20js/s*.js"></script>
EOF
: >"$TEST_TMP/script/expect"

test_expect_success 'a renamed script: <script src> follows' '
    check_builds script &&
    zip_entries out/book.epub | grep -x "EPUB/my-js/s.js" &&
    epub_cat out/book.epub EPUB/one.xhtml >one.xhtml &&
    test_grep "<script src=\"my-js/s.js\">" one.xhtml &&
    epubcheck_both out/book.epub
'

test_done
