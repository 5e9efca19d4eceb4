#!/bin/sh
# --target STORE: the stores' pre-flight rules (src/target.c).  Each rule
# is broken by a book that EPUBCheck accepts, gives its exact warning at
# the place that causes it, and is silent on a book every store takes;
# --strict makes a warning fail the run (exit 1, nothing written);
# --check --target checks the sources and writes nothing.  Every book
# built passes both EPUBChecks, and is spooled for Ace by DAISY
# (t0990-ace-books.sh wants no violation in it).
#
# Images (tests/fixtures/target, made with Python's zlib): a 1600x2400
# PNG cover, a 3000x2000 PNG (6 megapixels), a 7300x1000 PNG and a
# 700x900 GIF, all 1-bit grey and under 1 KB.  The output-size rules use
# a 1x1 PNG carrying a private chunk of zeros that is a hole in the file
# (big_png), so a 51 MB or 201 MB image takes no room on disk.
# The longest script: started first (tests/run.sh).
# test-run: early
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

# strip_summary FILE: FILE without the one-line summary a successful
# run ends with (t0325 tests that line; here only the warnings count).
strip_summary() {
    sed "/^\(wrote\|checked\) [^ ]*: [0-9]* chapters\{0,1\}, /d" "$1" >"$1.s" &&
    mv "$1.s" "$1"
}

IMG=$FIXTURES/target
SDE=1606953600

# hexout HEX: the bytes written in hex
hexout() {
    _h=$1
    while [ -n "$_h" ]; do
        _p=${_h%"${_h#??}"}
        _h=${_h#??}
        printf "\\$(printf %o "0x$_p")"
    done
}

# big_png FILE LENGTH CRC: a whole 1x1 PNG with a private chunk (prVt)
# of LENGTH zero bytes, whose CRC-32 is CRC (worked out beforehand)
big_png() {
    {
        hexout 89504e470d0a1a0a0000000d4948445200000001000000010100000000376ef924
        hexout "$(printf %08x "$2")"
        hexout 70725674
    } >"$1" &&
    truncate -s $((41 + $2)) "$1" &&
    {
        hexout "$3"
        hexout 0000000a4944415478da6360000000020001e527defc0000000049454e44ae426082
    } >>"$1"
}

# store_book CASE: a book every store takes: a 1600x2400 PNG cover, a
# chapter whose h2 is the second level of the table of contents, a
# noteref to an aside of epub:type footnote, a WOFF font, a GIF image.
store_book() {
    new_book "$1" chapters/one.xhtml chapters/two.xhtml &&
    _sb=$TEST_TMP/$1/book &&
    mkdir -p "$_sb/images" "$_sb/fonts" "$_sb/styles" &&
    cp "$IMG/clean-cover.png" "$_sb/images/cover.png" &&
    cp "$IMG/cover.gif" "$_sb/images/figure.gif" &&
    sed -e 's|  <chapters>|  <cover image="images/cover.png"/>\
  <stylesheet href="styles/book.css"/>\
  <chapters>|' "$_sb/book.xml" >"$_sb/x" &&
    mv "$_sb/x" "$_sb/book.xml" &&
    printf 'wOFF\000\001\000\000\000\000\000\054\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' \
        >"$_sb/fonts/body.woff" &&
    cat >"$_sb/styles/book.css" <<\EOF2 &&
@font-face {
  font-family: "Body";
  src: url(../fonts/body.woff) format("woff");
}
body { font-family: "Body", serif; }
EOF2
    cat >"$_sb/chapters/one.xhtml" <<\EOF2
<h1>One</h1>
<p>Text with a note.<a epub:type="noteref" role="doc-noteref" href="#n1">1</a></p>
<h2>A Part of One</h2>
<p><img src="../images/figure.gif" alt="a figure"/></p>
<aside epub:type="footnote" role="doc-footnote" id="n1"><p>The note.</p></aside>
EOF2
}

# builds CASE ARGS...: mkepub -o out/book.epub ARGS prints exactly
# "expect", writes the book, and both EPUBChecks pass it; the book is
# spooled for Ace (ace_later, as CASE-N for the Nth build)
builds() {
    _bc=$1
    shift
    check_builds "$_bc" "$@" book/book.xml &&
    epubcheck_both "$TEST_TMP/$_bc/out/book.epub" &&
    _bn=$((${_bn:-0} + 1)) &&
    ace_later "$TEST_TMP/$_bc/out/book.epub" "$_bc-$_bn"
}

# --- a book every store takes ---------------------------------------------------

store_book clean
: >"$TEST_TMP/clean/expect"

test_expect_success 'a book every store takes: silent under --target all' '
    builds clean --target all &&
    builds clean --target kindle,kobo --target apple --target google
'

test_expect_success '--check --target all --strict: silent, exit 0, nothing written' '
    cd "$TEST_TMP/clean" && rm -rf out && mkdir out &&
    mkepub --check --target all --strict -o out/book.epub book/book.xml \
        2>err &&
    test_summary_only err &&
    no_leftovers out
'

test_expect_success 'the sample book is silent under --target all --strict' '
    mkepub --target all --strict -o "$TEST_TMP/sample.epub" "$TOP/book" \
        2>err &&
    test_summary_only err &&
    test -s "$TEST_TMP/sample.epub" &&
    mkepub --check --target all --strict "$TOP/book" 2>err &&
    test_summary_only err
'

test_expect_success 'without --target no store rule is checked' '
    store_book plain &&
    cd "$TEST_TMP/plain" &&
    sed "s|<language>en</language>|<language>kk</language>|; /<cover /d" \
        book/book.xml >x && mv x book/book.xml &&
    rm book/images/cover.png &&
    : >expect &&
    builds plain
'

# --- Kindle ------------------------------------------------------------------------

store_book lang

test_expect_success 'Kindle: kk, tlh and zxx are not languages Kindle accepts' '
    for l in kk tlh zxx; do
        cd "$TEST_TMP/lang" &&
        sed "s|<language>[^<]*</language>|<language>$l</language>|" \
            book/book.xml >x && mv x book/book.xml &&
        cat >expect <<EOF2 &&
book/book.xml:5:1: warning: Kindle: the language '"'"'$l'"'"' is not one Kindle accepts: Send to Kindle refuses the book (E999); write a language from Amazon'"'"'s list, if the book is in one (source: KDP help G200673300, listed in innocenat/kindle-epub-fix script.js)
0 errors, 1 warning
EOF2
        builds lang --target kindle || return 1
    done
'

test_expect_success 'Kindle: en-GB, de, ja, FR and gsw are accepted; kk is no rule of the other stores' '
    for l in en-GB de ja FR gsw; do
        cd "$TEST_TMP/lang" &&
        sed "s|<language>[^<]*</language>|<language>$l</language>|" \
            book/book.xml >x && mv x book/book.xml &&
        : >expect &&
        builds lang --target kindle || return 1
    done &&
    sed "s|<language>[^<]*</language>|<language>kk</language>|" \
        book/book.xml >x && mv x book/book.xml &&
    builds lang --target kobo,apple,google
'

# fra is Kindle's too, but BCP 47 registers only fr: every build warns
# (Ace by DAISY reports lang="fra" as not a valid language).
test_expect_success 'Kindle: fra is accepted, but BCP 47 wants fr (a warning of every build)' '
    cd "$TEST_TMP/lang" &&
    sed "s|<language>[^<]*</language>|<language>Fra</language>|" \
        book/book.xml >x && mv x book/book.xml &&
    cat >expect <<EOF2 &&
book/book.xml:5:1: warning: language '"'"'Fra'"'"': BCP 47 writes this language '"'"'fr'"'"' (its ISO 639-1 code), and reading systems, screen readers and Ace by DAISY do not know '"'"'Fra'"'"'; write '"'"'fr'"'"'
0 errors, 1 warning
EOF2
    check_builds lang --target kindle book/book.xml &&
    epubcheck_both out/book.epub &&
    sed "s|<language>[^<]*</language>|<language>fre-CA</language>|" \
        book/book.xml >x && mv x book/book.xml &&
    cat >expect <<EOF2 &&
book/book.xml:5:1: warning: language '"'"'fre-CA'"'"': BCP 47 writes this language '"'"'fr'"'"' (its ISO 639-1 code), and reading systems, screen readers and Ace by DAISY do not know '"'"'fre'"'"'; write '"'"'fr-CA'"'"'
0 errors, 1 warning
EOF2
    check_builds lang book/book.xml
'

store_book toc3
cat >"$TEST_TMP/toc3/book/chapters/two.xhtml" <<\EOF
<h1>Two</h1>
<h2>A Part</h2>
<h3>A Smaller Part</h3>
<p>Text.</p>
EOF
cat >"$TEST_TMP/toc3/expect" <<\EOF
book/book.xml:12:1: warning: Kindle: the table of contents goes 3 levels deep in 'chapters/two.xhtml' (first at 'A Smaller Part'): Kindle shows two levels of the table of contents; build with --toc-depth 1 (or 2 where chapters start with h1), or accept the flatter table (source: KDP Publishing Guidelines, table of contents)
0 errors, 1 warning
EOF

test_expect_success 'Kindle: a table of contents 3 levels deep, at the chapter in book.xml' '
    builds toc3 --target kindle
'

test_expect_success 'Kindle: silent with --toc-depth 2; Kobo silent at 3 levels' '
    : >"$TEST_TMP/toc3/expect" &&
    builds toc3 --target kindle --toc-depth 2 &&
    builds toc3 --target kobo
'

# Amazon's limits: 50 MB by e-mail, 200 MB on the web.  EPUBCheck needs
# close to a minute for a 51 MB book, so the big books are not given to
# it; the same sources with a 1 KB chunk are (big_png makes a valid PNG
# of any size, and the size is all that differs).
store_book size50
cat >"$TEST_TMP/size50/book/chapters/two.xhtml" <<\EOF
<h1>Two</h1>
<p><img src="../images/big.png" alt="a big image"/></p>
EOF
cat >"$TEST_TMP/size50/expect" <<\EOF
out/book.epub: warning: Kindle: the EPUB is 51.0 MB: Send to Kindle refuses an e-mail attachment over 50 MB (E999); send it through the web page (200 MB), or make the images smaller (source: leafbind.io/guides/send-to-kindle-error-e999)
0 errors, 1 warning
EOF

test_expect_success 'Kindle: the big book with a 1 KB chunk passes both EPUBChecks' '
    cd "$TEST_TMP/size50" &&
    big_png book/images/big.png 1000 a9f67250 &&
    : >expect.small &&
    SOURCE_DATE_EPOCH=$SDE mkepub --target kindle -o out/small.epub \
        book/book.xml 2>err &&
    strip_summary err && test_cmp expect.small err &&
    epubcheck_both out/small.epub &&
    ace_later out/small.epub size50-small
'

test_expect_success 'Kindle: a 51 MB EPUB is over the e-mail limit (a warning at the output)' '
    cd "$TEST_TMP/size50" &&
    big_png book/images/big.png 51000000 3841c053 &&
    check_builds size50 --target kindle book/book.xml &&
    test "$(wc -c <out/book.epub)" -gt 51000000 &&
    unzip -tq out/book.epub >/dev/null
'

test_expect_success 'Kindle: --strict refuses the 51 MB EPUB: exit 1, nothing written' '
    cd "$TEST_TMP/size50" &&
    sed "s/: warning: /: error: /; s/^0 errors, 1 warning/1 error, 0 warnings/" \
        expect >expect.strict &&
    rm -rf out && mkdir out &&
    printf "earlier\n" >out/book.epub &&
    must_fail 1 mkepub --target kindle --strict -o out/book.epub \
        book/book.xml 2>err &&
    strip_summary err && test_cmp expect.strict err &&
    test "$(cat out/book.epub)" = earlier &&
    no_leftovers out book.epub &&
    sed "s|^out/book.epub:|<stdout>:|" expect.strict >expect.stdout &&
    must_fail 1 mkepub --target kindle --strict -o - book/book.xml \
        >stdout 2>err &&
    strip_summary err && test_cmp expect.stdout err &&
    test ! -s stdout
'

test_expect_success 'Kindle: --check cannot know the size of the EPUB: silent' '
    cd "$TEST_TMP/size50" &&
    mkepub --check --target kindle --strict book/book.xml 2>err &&
    test_summary_only err
'

test_expect_success 'Kindle: a 201 MB EPUB is over the web limit too (--strict: nothing written)' '
    cd "$TEST_TMP/size50" &&
    big_png book/images/big.png 201000000 b6dfd1e6 &&
    cat >expect <<\EOF2 &&
out/book.epub: error: Kindle: the EPUB is 201.0 MB: Send to Kindle refuses a file over 200 MB (E999); make the images smaller, or split the book (source: leafbind.io/guides/send-to-kindle-error-e999)
out/book.epub: error: Kindle: the EPUB is 201.0 MB: Send to Kindle refuses an e-mail attachment over 50 MB (E999); send it through the web page (200 MB), or make the images smaller (source: leafbind.io/guides/send-to-kindle-error-e999)
2 errors, 0 warnings
EOF2
    rm -rf out && mkdir out &&
    must_fail 1 mkepub --target kindle --strict -o out/book.epub \
        book/book.xml 2>err &&
    rm -f book/images/big.png &&
    strip_summary err && test_cmp expect err &&
    no_leftovers out
'

# --- Apple Books --------------------------------------------------------------------

store_book pixels
cp "$IMG/six-megapixels.png" "$TEST_TMP/pixels/book/images/"
printf '<h1>Two</h1>\n<p>A map.</p>\n<p><img src="../images/six-megapixels.png" alt="a map"/></p>\n' \
    >"$TEST_TMP/pixels/book/chapters/two.xhtml"
cat >"$TEST_TMP/pixels/expect" <<\EOF
book/chapters/two.xhtml:3:4: warning: Apple Books: 'book/images/six-megapixels.png' is 3000x2000, 6.0 million pixels: Apple Books refuses images over 5.6 million pixels; scale the image down (source: Apple Books Asset Guide, image requirements)
0 errors, 1 warning
EOF

test_expect_success 'Apple: a 3000x2000 image (6 megapixels), at its <img>' '
    builds pixels --target apple
'

store_book pixelcover
cp "$IMG/six-megapixels.png" "$TEST_TMP/pixelcover/book/images/cover.png"
cat >"$TEST_TMP/pixelcover/expect" <<\EOF
book/book.xml:8:1: warning: Apple Books: 'book/images/cover.png' is 3000x2000, 6.0 million pixels: Apple Books refuses images over 5.6 million pixels; scale the image down (source: Apple Books Asset Guide, image requirements)
0 errors, 1 warning
EOF

test_expect_success 'Apple: a 6-megapixel cover, at <cover> in book.xml' '
    builds pixelcover --target apple
'

# --- Kobo ---------------------------------------------------------------------------

store_book gifcover
cp "$IMG/cover.gif" "$TEST_TMP/gifcover/book/images/cover.gif"
sed 's|images/cover.png|images/cover.gif|' "$TEST_TMP/gifcover/book/book.xml" \
    >"$TEST_TMP/gifcover/x"
mv "$TEST_TMP/gifcover/x" "$TEST_TMP/gifcover/book/book.xml"
rm "$TEST_TMP/gifcover/book/images/cover.png"
cat >"$TEST_TMP/gifcover/expect" <<\EOF
book/book.xml:8:1: warning: Kobo: the cover 'images/cover.gif' is a GIF image: Kobo does not take GIF covers; convert the cover to JPEG or PNG (source: kobolabs/epub-spec README, covers)
0 errors, 1 warning
EOF

test_expect_success 'Kobo: a GIF cover (a GIF image in a chapter is fine)' '
    builds gifcover --target kobo
'

store_book woff2
printf 'wOF2\000\001\000\000\000\000\000\054\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' \
    >"$TEST_TMP/woff2/book/fonts/body.woff2"
rm "$TEST_TMP/woff2/book/fonts/body.woff"
sed 's|body.woff) format("woff")|body.woff2) format("woff2")|' \
    "$TEST_TMP/woff2/book/styles/book.css" >"$TEST_TMP/woff2/x"
mv "$TEST_TMP/woff2/x" "$TEST_TMP/woff2/book/styles/book.css"
cat >"$TEST_TMP/woff2/expect" <<\EOF
book/styles/book.css:3:8: warning: Kobo: the font 'book/fonts/body.woff2' is WOFF2: Kobo's readers know TTF, OTF and WOFF 1.0, not WOFF2, and show another font; convert the font to WOFF or OTF (source: kobolabs/epub-spec README, fonts)
0 errors, 1 warning
EOF

test_expect_success 'Kobo: a WOFF2 font, at its url() (WOFF 1.0 is fine)' '
    builds woff2 --target kobo
'

store_book toc4
cat >"$TEST_TMP/toc4/book/chapters/two.xhtml" <<\EOF
<h1>Two</h1>
<h2>A Part</h2>
<h3>A Smaller Part</h3>
<h4>The Smallest Part</h4>
<p>Text.</p>
EOF
cat >"$TEST_TMP/toc4/expect" <<\EOF
book/book.xml:12:1: warning: Kobo: the table of contents goes 4 levels deep in 'chapters/two.xhtml' (first at 'The Smallest Part'): Kobo nests three levels of the table of contents on iOS and Android and flattens deeper ones; build with --toc-depth 2 (or 3 where chapters start with h1) (source: kobolabs/epub-spec README, table of contents)
0 errors, 1 warning
EOF

test_expect_success 'Kobo: a table of contents 4 levels deep (--toc-depth 4)' '
    builds toc4 --target kobo --toc-depth 4 &&
    : >"$TEST_TMP/toc4/expect" &&
    builds toc4 --target kobo
'

# A chapter over 10 MB: checked with --check only (EPUBCheck would need
# minutes for it, and the rule reads the sources).
store_book bigchapter
{
    echo '<h1>Two</h1>'
    yes '<p>Words of a very long chapter that goes on and on and on.</p>' |
        head -n 170000
} >"$TEST_TMP/bigchapter/book/chapters/two.xhtml"
cat >"$TEST_TMP/bigchapter/expect" <<\EOF
book/book.xml:12:1: warning: Kobo: the chapter 'chapters/two.xhtml' is 10.9 MB: Kobo takes XHTML files of at most 10 MB; split the chapter into several (source: kobolabs/epub-spec README, limits)
0 errors, 1 warning
EOF

test_expect_success 'Kobo: a chapter over 10 MB (--check: nothing written)' '
    cd "$TEST_TMP/bigchapter" && rm -rf out && mkdir out &&
    mkepub --check --target kobo -o out/book.epub book/book.xml 2>err &&
    strip_summary err && test_cmp expect err &&
    no_leftovers out &&
    rm book/chapters/two.xhtml
'

store_book noteref
cat >"$TEST_TMP/noteref/book/chapters/two.xhtml" <<\EOF
<h1>Two</h1>
<p>A note<a epub:type="noteref" role="doc-noteref" href="#p1">1</a>, another<a
epub:type="noteref" role="doc-noteref" href="one.xhtml#n1">2</a>, an endnote<a epub:type="noteref" role="doc-noteref" href="#e1">3</a>.</p>
<p id="p1">A paragraph, not a footnote.</p>
<p>Across chapters: <a epub:type="noteref" role="doc-noteref" href="one.xhtml#a-part-of-one">4</a>.</p>
<section epub:type="endnotes" role="doc-endnotes"><ol><li epub:type="endnote" id="e1"><p>An endnote.</p></li></ol></section>
EOF
cat >"$TEST_TMP/noteref/expect" <<\EOF
book/chapters/two.xhtml:2:10: warning: Kobo: the noteref '#p1' leads to an element that is not a footnote or endnote: Kobo shows a note as a pop-up only when it is an element of epub:type footnote or endnote; give the note epub:type="footnote" (or "endnote") (source: kobolabs/epub-spec README, footnotes; kobolabs/epub-spec#45)
book/chapters/two.xhtml:5:21: warning: Kobo: the noteref 'one.xhtml#a-part-of-one' leads to an element that is not a footnote or endnote: Kobo shows a note as a pop-up only when it is an element of epub:type footnote or endnote; give the note epub:type="footnote" (or "endnote") (source: kobolabs/epub-spec README, footnotes; kobolabs/epub-spec#45)
0 errors, 2 warnings
EOF

test_expect_success 'Kobo: a noteref to what is not a footnote or endnote, in this chapter or another' '
    builds noteref --target kobo
'

# --- Google Play Books ------------------------------------------------------------

store_book nocover
sed '/<cover /d' "$TEST_TMP/nocover/book/book.xml" >"$TEST_TMP/nocover/x"
mv "$TEST_TMP/nocover/x" "$TEST_TMP/nocover/book/book.xml"
rm "$TEST_TMP/nocover/book/images/cover.png"
cat >"$TEST_TMP/nocover/expect" <<\EOF
book/book.xml:2:1: warning: Google Play: the book has no cover: Google Play Books wants the front cover inside the EPUB; add <cover image="..."/> to book.xml (source: Google Play Books Partner Center help, answer 3424254)
0 errors, 1 warning
EOF

test_expect_success 'Google: a book without a cover, at <book>' '
    builds nocover --target google
'

store_book smallcover
cp "$FIXTURES/raster-cover/book/images/cover.png" \
    "$TEST_TMP/smallcover/book/images/cover.png"
cat >"$TEST_TMP/smallcover/expect" <<\EOF
book/book.xml:8:1: warning: Google Play: the cover 'images/cover.png' is 600x800: Google Play Books takes covers of 640 to 7200 pixels a side; use a cover image of at least 640 and at most 7200 pixels a side (source: Google Play Books Partner Center help, answer 3424254)
0 errors, 1 warning
EOF

test_expect_success 'Google: a 600x800 cover is too small' '
    builds smallcover --target google
'

store_book widecover
cp "$IMG/too-wide.png" "$TEST_TMP/widecover/book/images/cover.png"
cat >"$TEST_TMP/widecover/expect" <<\EOF
book/book.xml:8:1: warning: Google Play: the cover 'images/cover.png' is 7300x1000: Google Play Books takes covers of 640 to 7200 pixels a side; use a cover image of at least 640 and at most 7200 pixels a side (source: Google Play Books Partner Center help, answer 3424254)
0 errors, 1 warning
EOF

test_expect_success 'Google: a 7300x1000 cover is too wide' '
    builds widecover --target google
'

store_book svg
cat >"$TEST_TMP/svg/book/images/wide.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4000 100"><title>A wide band</title><rect width="4000" height="100"/></svg>
EOF
cat >"$TEST_TMP/svg/book/images/ok.svg" <<\EOF
<svg xmlns="http://www.w3.org/2000/svg" width="3200" height="3200px"><title>A square</title><rect width="10" height="10"/></svg>
EOF
printf '<h1>Two</h1>\n<p><img src="../images/ok.svg" alt="a square"/></p>\n<p><img src="../images/wide.svg" alt="a band"/></p>\n' \
    >"$TEST_TMP/svg/book/chapters/two.xhtml"
cat >"$TEST_TMP/svg/expect" <<\EOF
book/chapters/two.xhtml:3:4: warning: Google Play: the SVG image 'book/images/wide.svg' is 4000x100: Google Play Books takes SVG images up to 3200 pixels; give the image a width, height or viewBox of at most 3200 (source: Google Play Books Partner Center help, answer 3316879)
0 errors, 1 warning
EOF

test_expect_success 'Google: an SVG image over 3200 pixels (3200 is fine)' '
    builds svg --target google
'

# --- --strict ----------------------------------------------------------------------

store_book strict
sed "s|<language>en</language>|<language>kk</language>|" \
    "$TEST_TMP/strict/book/book.xml" >"$TEST_TMP/strict/x"
mv "$TEST_TMP/strict/x" "$TEST_TMP/strict/book/book.xml"
cat >"$TEST_TMP/strict/expect" <<\EOF
book/book.xml: error: --strict: 1 warning, so nothing was written: change what it says, or build without --strict
book/book.xml:5:1: warning: Kindle: the language 'kk' is not one Kindle accepts: Send to Kindle refuses the book (E999); write a language from Amazon's list, if the book is in one (source: KDP help G200673300, listed in innocenat/kindle-epub-fix script.js)
1 error, 1 warning
EOF

test_expect_success '--strict: a warning fails the run (exit 1, nothing written, --check too)' '
    check_fails 1 strict --target all --strict book/book.xml
'

test_expect_success '--strict fails on any warning, not only the stores'"'"'' '
    store_book strict2 &&
    cd "$TEST_TMP/strict2" &&
    cp book/images/cover.png book/images/unused.png &&
    cat >expect <<\EOF2 &&
book/book.xml: error: --strict: 1 warning, so nothing was written: change what it says, or build without --strict
book/images/unused.png:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
1 error, 1 warning
EOF2
    check_fails 1 strict2 --strict book/book.xml
'

test_expect_success '--check --target all: every warning, exit 0, nothing written' '
    cd "$TEST_TMP/strict" && rm -rf out && mkdir out &&
    sed -n "2p" expect >expect.check &&
    echo "0 errors, 1 warning" >>expect.check &&
    mkepub --check --target all -o out/book.epub book/book.xml 2>err &&
    strip_summary err && test_cmp expect.check err &&
    no_leftovers out
'

test_expect_success '--target takes kindle, kobo, apple, google, all, with commas' '
    for v in bad kindle, ,kobo "" "kindle,,kobo" Kindle; do
        must_fail 2 mkepub --target "$v" "$TOP/book" 2>err &&
        printf "%s\n" "mkepub: --target wants kindle, kobo, apple, google or all (or several, with commas), not '"'"'$v'"'"'" \
            "mkepub: try '"'"'mkepub --help'"'"'" >expect &&
        strip_summary err && test_cmp expect err || return 1
    done &&
    must_fail 2 mkepub "$TOP/book" --target 2>err &&
    test_grep "option .--target. needs a value" err
'

test_done
