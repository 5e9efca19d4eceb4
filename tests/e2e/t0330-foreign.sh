#!/bin/sh
# Foreign resources and files EPUB exempts from fallbacks: a PLS lexicon
# linked with rel="pronunciation", TTML (named .xml, known by its <tt>
# root) and WebVTT tracks, an <object> of a type only its type=
# attribute names with fallback content, an Adobe page template linked
# as a stylesheet (packaged with the book's first CSS stylesheet as its
# manifest fallback, which EPUBCheck 4.2 asks for: CSS-010).  What
# EPUBCheck refuses is refused at the reference: an <object> without
# fallback content (4.2 MED-002, 5 RSC-032) or an <embed> of such a type
# (5 RSC-032), a type= the file does not
# have (OPF-013), a page template in a book without CSS.  A file refused
# for many references is reported once, with their number.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# png FILE: a valid 4x4 PNG.
png() {
    printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$1"
}

# --- what builds ---------------------------------------------------------------

new_book foreign chapters/one.xhtml chapters/two.xhtml
D=$TEST_TMP/foreign/book
mkdir -p "$D/media" "$D/styles"
cat >"$D/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>One</title>
<link rel="stylesheet" href="../styles/book.css" type="text/css"/>
<link rel="stylesheet" href="../styles/page.xpgt" type="application/vnd.adobe-page-template+xml"/>
<link rel="pronunciation" href="../media/en.pls" type="application/pls+xml" hreflang="en"/>
</head>
<body>
<h1>One</h1>
<audio src="../media/a.mp3" controls="controls">
<track src="../media/cc.xml" kind="captions" srclang="en"/>
<track src="../media/cc.vtt" kind="subtitles" srclang="en"/>
</audio>
<object data="../media/g.xml" type="application/x-demo"><p>A demo.</p></object>
<p><object data="../media/h.xml" type="application/x-demo"><img src="../media/h.png" alt="A demo"/></object></p>
</body>
</html>
EOF
cat >"$D/chapters/two.xhtml" <<\EOF
<h1>Two</h1>
<p><object data="../media/g.xml" type="application/x-demo">Text.</object></p>
EOF
echo 'p { margin: 0 }' >"$D/styles/book.css"
cat >"$D/styles/page.xpgt" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<ade:template xmlns="http://www.w3.org/1999/xhtml" xmlns:ade="http://ns.adobe.com/2006/ade" xmlns:fo="http://www.w3.org/1999/XSL/Format">
<fo:layout-master-set><fo:simple-page-master master-name="one"><fo:region-body margin="3pt"/></fo:simple-page-master></fo:layout-master-set>
</ade:template>
EOF
cat >"$D/media/en.pls" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en">
<lexeme><grapheme>One</grapheme><phoneme>wʌn</phoneme></lexeme>
</lexicon>
EOF
cat >"$D/media/cc.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body><div><p begin="0s" end="1s">One</p></div></body></tt>
EOF
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nOne\n' >"$D/media/cc.vtt"
printf 'ID3\003\000\000\000\000\000\000' >"$D/media/a.mp3"
printf '<?xml version="1.0"?>\n<demo>g</demo>\n' >"$D/media/g.xml"
printf '<?xml version="1.0"?>\n<demo>h</demo>\n' >"$D/media/h.xml"
png "$D/media/h.png"
: >"$TEST_TMP/foreign/expect"

test_expect_success 'PLS, TTML and WebVTT tracks, objects with fallback content, a page template: it builds' '
    check_builds foreign
'

test_expect_success '... with the media types EPUB names, the template falling back to the CSS' '
    epub_unpack "$TEST_TMP/foreign/out/book.epub" &&
    test "$(manifest_attr_of EPUB/media/en.pls media-type)" = application/pls+xml &&
    test "$(manifest_attr_of EPUB/media/cc.xml media-type)" = application/ttml+xml &&
    test "$(manifest_attr_of EPUB/media/cc.vtt media-type)" = text/vtt &&
    test "$(manifest_attr_of EPUB/media/g.xml media-type)" = application/x-demo &&
    test "$(manifest_attr_of EPUB/media/h.xml media-type)" = application/x-demo &&
    test "$(manifest_attr_of EPUB/styles/page.xpgt media-type)" = application/vnd.adobe-page-template+xml &&
    test "$(manifest_attr_of EPUB/styles/page.xpgt fallback)" = "$(manifest_attr_of EPUB/styles/book.css id)"
'

test_expect_success '... and both EPUBChecks accept it' '
    epubcheck_both "$TEST_TMP/foreign/out/book.epub"
'

# --- what EPUBCheck refuses ------------------------------------------------------

new_book bare
D=$TEST_TMP/bare/book
cat >"$D/chapters/one.xhtml" <<\EOF
<h1>One</h1>
<object data="g.xml" type="application/x-demo"><param name="a" value="b"/> </object>
<p><object data="g.xml" type="text/plain">Text.</object></p>
<p><object data="g.xml" type="nonsense">Text.</object></p>
<p><object data="g.xml" type="application/x-demo; v=1">Text.</object></p>
<p><object data="k.xml">Text.</object></p>
<p><embed src="g.xml" type="application/x-demo"/></p>
<link rel="stylesheet" href="page.xpgt"/>
EOF
printf '<?xml version="1.0"?>\n<demo>g</demo>\n' >"$D/chapters/g.xml"
printf '<?xml version="1.0"?>\n<demo>k</demo>\n' >"$D/chapters/k.xml"
cp "$TEST_TMP/foreign/book/styles/page.xpgt" "$D/chapters/page.xpgt"
cat >"$TEST_TMP/bare/expect" <<\EOF
book/chapters/one.xhtml:2:1: error: <object> shows 'g.xml', which is application/x-demo, not an EPUB core media type, and gives no fallback (EPUBCheck 4.2 MED-002, 5 RSC-032): use <object> with text or an <img> inside it for readers that cannot show the file
book/chapters/one.xhtml:3:4: error: <object type="text/plain">, but 'g.xml' is application/x-demo (EPUBCheck OPF-013): write type="application/x-demo"
book/chapters/one.xhtml:4:4: error: type="nonsense" on <object> is not valid: write a media type such as "image/png"
book/chapters/one.xhtml:5:4: error: <object type="application/x-demo; v=1">: EPUBCheck 4.2 compares the whole value with the file's media type, which has no parameters (OPF-013): remove '; v=1'
book/chapters/one.xhtml:6:4: error: 'k.xml': unknown file type; EPUB can carry XHTML, CSS, JPEG, PNG, GIF, SVG, WebP, fonts and audio, and other files as foreign resources with their type (<object type="..."> with fallback content, <link type="...">)
book/chapters/one.xhtml:7:4: error: <embed> shows 'g.xml', which is application/x-demo, not an EPUB core media type, and gives no fallback (EPUBCheck 5 RSC-032): use <object> with text or an <img> inside it for readers that cannot show the file
book/chapters/one.xhtml:8:1: error: 'book/chapters/page.xpgt' is an Adobe page template linked as a stylesheet, and EPUBCheck 4.2 wants a CSS stylesheet as its fallback (CSS-010), but the book has none: add one (<stylesheet> in book.xml, or a <link> to a .css file)
7 errors, 0 warnings
EOF

test_expect_success 'an object without fallback, a wrong type=, an unknown file, a template without CSS: refused where they are' '
    check_fails 1 bare
'

# --- a refused file used by 21 chapters: said once ----------------------------------

set --
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21; do
    set -- "$@" chapters/c$i.xhtml
done
new_book many "$@"
D=$TEST_TMP/many/book
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21; do
    printf '<h1>C%s</h1>\n<p><img src="../logo.bmp" alt="Logo"/> <img src="../mark.dat" alt="Mark"/></p>\n<p><img src="../gone.png" alt="Gone"/></p>\n' "$i" >"$D/chapters/c$i.xhtml"
done
printf 'BM\000\000\000\000' >"$D/logo.bmp"
echo mark >"$D/mark.dat"
cat >"$TEST_TMP/many/expect" <<\EOF
book/chapters/c01.xhtml:2:4: error: '../logo.bmp' is image/bmp, not an EPUB core image type, so it would need a fallback; convert it to JPEG or PNG (and 20 other references to it)
book/chapters/c01.xhtml:2:40: error: '../mark.dat': unknown file type; EPUB can carry XHTML, CSS, JPEG, PNG, GIF, SVG, WebP, fonts and audio, and other files as foreign resources with their type (<object type="..."> with fallback content, <link type="...">) (and 20 other references to it)
book/chapters/c01.xhtml:3:4: error: '../gone.png' does not exist (and 20 other references to it)
3 errors, 0 warnings
EOF

test_expect_success 'a file refused in 21 chapters is reported once, with the number of other references' '
    check_fails 1 many
'

test_done
