#!/bin/sh
# Stylesheets as EPUBCheck reads them: an escaped forbidden property
# (CSS-001), stylesheets declaring another encoding with @charset
# (converted to UTF-8; CSS-003/CSS-004 otherwise),
# the syntax errors EPUBCheck's parser reports (CSS-008), an empty
# @font-face (CSS-019), empty URLs (CSS-002), an HTML page saved as
# .css, a 20,000-deep @import chain (read iteratively, refused past
# MK_CSS_MAX_IMPORT_DEPTH = 64 with a located error), an @import cycle
# (each file packed once), and a rich valid stylesheet that builds and
# passes both EPUBChecks.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# css_book CASE: a valid book whose book.xml links styles/book.css.
css_book() {
    new_book "$1" &&
    mkdir -p "$TEST_TMP/$1/book/styles" &&
    sed 's#^  <chapters>#  <stylesheet href="styles/book.css"/>\n  <chapters>#' \
        "$TEST_TMP/$1/book/book.xml" >"$TEST_TMP/$1/book.xml.new" &&
    mv "$TEST_TMP/$1/book.xml.new" "$TEST_TMP/$1/book/book.xml"
}

# --- CSS-001 behind escapes and case ------------------------------------------

css_book escaped
cat >"$TEST_TMP/escaped/book/styles/book.css" <<\EOF2
p { dir\65 ction: rtl }
q { \64 irection: ltr }
r { margin: 0; unicode\-bidi: embed }
EOF2
cat >"$TEST_TMP/escaped/expect" <<\EOF2
book/styles/book.css:1:5: error: property 'direction' is not allowed in EPUB stylesheets (EPUBCheck CSS-001); use the dir attribute in the XHTML instead
book/styles/book.css:2:5: error: property 'direction' is not allowed in EPUB stylesheets (EPUBCheck CSS-001); use the dir attribute in the XHTML instead
book/styles/book.css:3:16: error: property 'unicode-bidi' is not allowed in EPUB stylesheets (EPUBCheck CSS-001); use the dir attribute in the XHTML instead
3 errors, 0 warnings
EOF2

test_expect_success 'direction and unicode-bidi written with escapes: CSS-001' '
    check_fails 1 escaped
'

# --- encodings ----------------------------------------------------------------

# charsets BOOK: a valid book whose book.xml links styles/a.css ... d.css
charsets() {
    new_book "$1" &&
    mkdir -p "$TEST_TMP/$1/book/styles" &&
    sed 's#^  <chapters>#  <stylesheet href="styles/a.css"/><stylesheet href="styles/b.css"/><stylesheet href="styles/c.css"/><stylesheet href="styles/my d.css"/>\n  <chapters>#' \
        "$TEST_TMP/$1/book/book.xml" >"$TEST_TMP/$1/book.xml.new" &&
    mv "$TEST_TMP/$1/book.xml.new" "$TEST_TMP/$1/book/book.xml"
}

# Latin-1 (read as windows-1252, as readers do: 0x80 is the euro sign),
# a short label, Shift_JIS, and windows-1251 in a file that is renamed
# and names a renamed image: each packed as UTF-8, lines and columns as
# they were.
charsets latin1
S=$TEST_TMP/latin1/book/styles
printf '@charset "ISO-8859-1";\np::before { content: "caf\351 \200" }\n' >"$S/a.css"
printf '@charset "l1";\np::before { content: "\351" }\n' >"$S/b.css"
printf '@charset "Shift_JIS";\np::before { content: "\202\240" }\n' >"$S/c.css"
printf '@charset "windows-1251";\np::before { content: "\300" }\nh1 { background: url("my%%20bg.png") }\n' >"$S/my d.css"
printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >"$S/my bg.png"
: >"$TEST_TMP/latin1/expect"

test_expect_success '@charset Latin-1, l1, Shift_JIS, windows-1251: built, packed as UTF-8' '
    check_builds latin1 &&
    epub_cat out/book.epub EPUB/styles/a.css >a.css &&
    printf "@charset \"UTF-8\";     \np::before { content: \"caf\303\251 \342\202\254\" }\n" >a.want &&
    test_cmp a.want a.css &&
    epub_cat out/book.epub EPUB/styles/b.css >b.css &&
    printf "              \np::before { content: \"\303\251\" }\n" >b.want &&
    test_cmp b.want b.css &&
    epub_cat out/book.epub EPUB/styles/c.css >c.css &&
    printf "@charset \"UTF-8\";    \np::before { content: \"\343\201\202\" }\n" >c.want &&
    test_cmp c.want c.css &&
    epub_cat out/book.epub EPUB/styles/my-d.css >d.css &&
    printf "@charset \"UTF-8\";       \np::before { content: \"\320\220\" }\nh1 { background: url(\"my-bg.png\") }\n" >d.want &&
    test_cmp d.want d.css
'

test_expect_success '... and passes EPUBCheck 4 and 5' '
    epubcheck_both "$TEST_TMP/latin1/out/book.epub"
'

# A UTF-8 byte order mark wins over @charset (CSS Syntax 3): the file is
# UTF-8 whatever the rule names, and only the rule is rewritten
# (EPUBCheck 4.2 says CSS-003 for the rule as written, 5 accepts it).
charsets bomwins
S=$TEST_TMP/bomwins/book/styles
printf '\357\273\277@charset "iso-8859-1";\np::before { content: "caf\303\251" }\n' >"$S/a.css"
printf '\357\273\277@charset "l1";\np::before { content: "\303\251" }\n' >"$S/b.css"
printf '\357\273\277@charset "UTF-8";\np { margin: 0 }\n' >"$S/c.css"
printf 'p { margin: 0 }\n' >"$S/my d.css"
: >"$TEST_TMP/bomwins/expect"

test_expect_success 'a UTF-8 byte order mark and @charset "iso-8859-1": read as UTF-8, the rule rewritten' '
    check_builds bomwins &&
    epub_cat out/book.epub EPUB/styles/a.css >a.css &&
    printf "\357\273\277@charset \"UTF-8\";     \np::before { content: \"caf\303\251\" }\n" >a.want &&
    test_cmp a.want a.css &&
    epub_cat out/book.epub EPUB/styles/b.css >b.css &&
    printf "\357\273\277              \np::before { content: \"\303\251\" }\n" >b.want &&
    test_cmp b.want b.css &&
    epubcheck_both out/book.epub
'

charsets bombad
S=$TEST_TMP/bombad/book/styles
printf '\357\273\277@charset "iso-8859-1";\np::before { content: "caf\351" }\n' >"$S/a.css"
printf 'p { margin: 0 }\n' >"$S/b.css"
printf 'p { margin: 0 }\n' >"$S/c.css"
printf 'p { margin: 0 }\n' >"$S/my d.css"
cat >"$TEST_TMP/bombad/expect" <<\EOF2
book/styles/a.css:2:26: error: the stylesheet is not valid UTF-8 here (byte 0xE9; EPUB readers expect UTF-8 CSS): save it as UTF-8
1 error, 0 warnings
EOF2

test_expect_success 'a byte order mark, @charset "iso-8859-1" and a Latin-1 byte: not UTF-8, located' '
    check_fails 1 bombad
'

# A byte the declared encoding does not define, an unknown encoding, one
# that does not keep ASCII: located errors.
charsets badchar
S=$TEST_TMP/badchar/book/styles
printf '@charset "ISO-8859-1";\np { color: red }\np::before { content: "caf\351 \201" }\n' >"$S/a.css"
printf '@charset "foo-bar";\np::before { content: "\351" }\n' >"$S/b.css"
printf '@charset "Shift_JIS";\np::before { content: "\202" }\n' >"$S/c.css"
printf '@charset "UTF-16";\np::before { content: "x" }\n' >"$S/my d.css"
cat >"$TEST_TMP/badchar/expect" <<\EOF2
book/styles/a.css:3:28: error: byte 0x81 means nothing in windows-1252, which @charset "ISO-8859-1" declares: correct the character, or save the file as UTF-8 and make the rule @charset "UTF-8";
book/styles/b.css:1:1: error: @charset "foo-bar": EPUB stylesheets must be UTF-8 (EPUBCheck CSS-004), and mkepub cannot convert from this encoding: save the file as UTF-8 and make the rule @charset "UTF-8";
book/styles/c.css:2:23: error: byte 0x82 means nothing in Shift_JIS, which @charset "Shift_JIS" declares: correct the character, or save the file as UTF-8 and make the rule @charset "UTF-8";
book/styles/my d.css:1:1: error: @charset "UTF-16": EPUB stylesheets must be UTF-8 (EPUBCheck CSS-004), and mkepub cannot convert from this encoding: save the file as UTF-8 and make the rule @charset "UTF-8";
4 errors, 0 warnings
EOF2

test_expect_success 'a byte undefined in the @charset, an unknown or non-ASCII encoding: refused' '
    check_fails 1 badchar
'

css_book utf16
printf '\377\376p\000 \000{\000 \000}\000\n\000' >"$TEST_TMP/utf16/book/styles/book.css"
cat >"$TEST_TMP/utf16/expect" <<\EOF2
book/styles/book.css:1:1: error: the stylesheet is UTF-16 (EPUBCheck CSS-003): save it as UTF-8
1 error, 0 warnings
EOF2

test_expect_success 'a UTF-16 stylesheet: refused' '
    check_fails 1 utf16
'

css_book undeclared
printf 'p { margin: 0 }\nq::before { content: "caf\351" }\n' \
    >"$TEST_TMP/undeclared/book/styles/book.css"
cat >"$TEST_TMP/undeclared/expect" <<\EOF2
book/styles/book.css:2:26: error: the stylesheet is not valid UTF-8 here (byte 0xE9; EPUB readers expect UTF-8 CSS): save it as UTF-8
1 error, 0 warnings
EOF2

test_expect_success 'Latin-1 bytes without @charset: refused at the first bad byte' '
    check_fails 1 undeclared
'

css_book bom
printf '\357\273\277@charset "UTF-8";\np::before { content: "caf\303\251" }\n' \
    >"$TEST_TMP/bom/book/styles/book.css"
: >"$TEST_TMP/bom/expect"

test_expect_success 'a UTF-8 byte order mark and @charset "UTF-8": built, passes EPUBCheck' '
    check_builds bom &&
    epubcheck_both "$TEST_TMP/bom/out/book.epub"
'

# --- syntax errors EPUBCheck reports (CSS-008) -------------------------------

css_book syntax
cat >"$TEST_TMP/syntax/book/styles/book.css" <<\EOF2
a { color red }
b { color: }
c { color: red;; margin: 0 }
d { color: red; } }
e[ { color: red }
f { background: url(a b.png) }
g { content: "line
break" }
h { color: rgb(1, 2, 3 }
i; j { color: red }
k { 12px: 0 }
@font-face { }
l { background: url("") }
m { color: red
EOF2
cat >"$TEST_TMP/syntax/expect" <<\EOF2
book/styles/book.css:1:5: error: property 'color' needs a ':' before its value: write 'color: value;'
book/styles/book.css:2:5: error: property 'color' has no value: give it one, or remove the declaration
book/styles/book.css:3:16: error: ';' where a property name should be: write 'name: value;', or remove it
book/styles/book.css:4:19: error: '}' closes nothing: remove it, or add the '{' it should close
book/styles/book.css:5:4: error: the selector before '{' has a '[' or '(' that is not closed: close it
book/styles/book.css:6:17: error: url(a b.png) is not a valid url(): a space, quote or '(' in an unquoted URL; put the URL in quotes, url("..."), with a space written %20
book/styles/book.css:7:14: error: the string has a line break before its closing quote: close it on the same line (write \A for a line break in generated content)
book/styles/book.css:9:24: error: a '(' or '[' in the value of 'color' is not closed: close it before the end of the declaration
book/styles/book.css:10:2: error: ';' in a selector: a rule is a selector then { declarations }; remove the ';'
book/styles/book.css:11:5: error: '12px' where a property name should be: write 'name: value;', or remove it
book/styles/book.css:12:1: error: @font-face is empty (EPUBCheck CSS-019): give it font-family and src, or remove it
book/styles/book.css:13:21: error: empty URL (EPUBCheck CSS-002): give the path of the file, or remove the url()
book/styles/book.css:14:1: error: the block of this rule is never closed: add '}' at its end
13 errors, 0 warnings
EOF2

test_expect_success 'syntax errors EPUBCheck reports: each at its line and column' '
    check_fails 1 syntax
'

# --- not a stylesheet ---------------------------------------------------------

css_book html
cat >"$TEST_TMP/html/book/styles/book.css" <<\EOF2

<!DOCTYPE html>
<html lang="en"><head><title>styles</title></head>
<body><pre>p { color: red }</pre></body></html>
EOF2
cat >"$TEST_TMP/html/expect" <<\EOF2
book/styles/book.css:1:1: error: 'book.css' is an HTML page, not a stylesheet: put the stylesheet itself in this file (a browser's "save as" of a .css link saves the page)
1 error, 0 warnings
EOF2

test_expect_success 'an HTML page saved as .css: one clear error' '
    check_fails 1 html
'

# --- stylesheet links in chapters (CSS-015, CSS-005) --------------------------

css_book links
echo 'p { margin: 0 }' >"$TEST_TMP/links/book/styles/book.css"
echo 'p { color: #eee }' >"$TEST_TMP/links/book/styles/night.css"
cat >"$TEST_TMP/links/book/chapters/one.xhtml" <<\EOF2
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title>
<link rel="alternate stylesheet" href="../styles/night.css"/>
<link rel="stylesheet" class="night day" title="N" href="../styles/night.css"/>
<style>p { direction: rtl }</style>
</head><body><h1>One</h1><p style="color: red; unicode-bidi: embed">x</p></body></html>
EOF2
cat >"$TEST_TMP/links/expect" <<\EOF2
book/chapters/one.xhtml:2:1: error: an alternate stylesheet needs a title (EPUBCheck CSS-015): add title="..." naming the style, or drop "alternate" from rel
book/chapters/one.xhtml:3:1: error: class="night day" on a stylesheet link names both 'day' and 'night' (EPUBCheck CSS-005): keep one
book/chapters/one.xhtml:4:1: error: property 'direction' is not allowed in EPUB stylesheets (EPUBCheck CSS-001); use the dir attribute in the XHTML instead
book/chapters/one.xhtml:5:26: error: property 'unicode-bidi' is not allowed in EPUB stylesheets (EPUBCheck CSS-001); use the dir attribute in the XHTML instead
4 errors, 0 warnings
EOF2

test_expect_success 'alternate stylesheet links; CSS-001 in <style> and style=""' '
    check_fails 1 links
'

# --- @import chains -----------------------------------------------------------

# s0.css imports s1.css ... s19999.css imports s20000.css (which does not
# exist: it is never read).  The chain lies in the root folder, outside
# the book's, so the stylesheets past the 64th are not reported as
# unreferenced.
css_book deep
D=$TEST_TMP/deep/styles
mkdir -p "$D" &&
awk -v d="$D" 'BEGIN {
    for (i = 0; i < 20000; i++) {
        f = d "/s" i ".css"
        printf "@import \"s%d.css\";\np { margin: 0 }\n", i + 1 >f
        close(f)
    }
}' &&
printf '@import "../../styles/s0.css";\n' >"$TEST_TMP/deep/book/styles/book.css"
cat >"$TEST_TMP/deep/expect" <<\EOF2
styles/s63.css:1:9: error: @import of 's64.css': more than 64 stylesheets importing each other; import it from a stylesheet nearer the book's, or merge the stylesheets
1 error, 0 warnings
EOF2

test_expect_success 'a 20,000-deep @import chain: no crash, refused at depth 64' '
    check_fails 1 deep book/book.xml
'

css_book cycle
cat >"$TEST_TMP/cycle/book/styles/book.css" <<\EOF2
@import "a.css";
body { margin: 0 }
EOF2
cat >"$TEST_TMP/cycle/book/styles/a.css" <<\EOF2
@import url(b.css);
p { text-indent: 1em }
EOF2
cat >"$TEST_TMP/cycle/book/styles/b.css" <<\EOF2
@import "a.css";
@import "book.css";
q { font-style: italic }
EOF2
: >"$TEST_TMP/cycle/expect"

test_expect_success 'an @import cycle: built, each stylesheet packed once' '
    check_builds cycle &&
    zip_entries "$TEST_TMP/cycle/out/book.epub" | grep "\.css\$" | sort >css &&
    printf "%s\n" EPUB/styles/a.css EPUB/styles/b.css EPUB/styles/book.css >want &&
    test_cmp want css &&
    epubcheck_both "$TEST_TMP/cycle/out/book.epub"
'

# --- a rich valid stylesheet --------------------------------------------------

css_book rich
mkdir -p "$TEST_TMP/rich/book/fonts"
# a WOFF file header is all EPUBCheck and mkepub look at
printf 'wOFF\000\001\000\000\000\000\000\054\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' \
    >"$TEST_TMP/rich/book/fonts/body.woff"
cat >"$TEST_TMP/rich/book/styles/book.css" <<\EOF2
@charset "UTF-8";
@import url("print.css") print;
@namespace epub url(http://www.idpf.org/2007/ops);
/* fonts */
@font-face {
  font-family: "Body Text";
  src: url(../fonts/body.woff) format("woff");
  font-weight: normal;
}
body { font-family: "Body Text", serif; margin: 0 5% !important; }
@media screen and (min-width: 30em) {
  p { margin: 0 1em }
  @media (orientation: landscape) { p { column-count: 2 } }
}
@supports (display: grid) and (not (display: inline-grid)) {
  div.grid { display: grid; grid-template-columns: repeat(2, 1fr); }
}
@page { margin: 2cm }
@page :first { margin-top: 4cm }
.a\:b, #x\31 23, [lang|="en"] > p + q ~ span::before {
  content: "\201C" attr(title) "\"";
}
p { width: calc(100% - 2em); transform: rotate(45deg); font: 12px/1.5 serif; }
p:not(.b):nth-child(2n+1)::first-letter { color: #c00; }
@keyframes fade { from { opacity: 0 } 50% { opacity: .5 } to { opacity: 1 } }
span[epub|type~="noteref"] { vertical-align: super; }
EOF2
cat >"$TEST_TMP/rich/book/chapters/one.xhtml" <<\EOF2
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title>
<link rel="alternate stylesheet" title="Night" class="night" href="../styles/print.css"/>
<style>
  @media print { h1 { page-break-after: avoid } }
  p.x::after { content: "\2014"; }
</style>
</head><body><h1>One</h1><p class="x" style="; color: #333;; margin: 0 !important">x</p></body></html>
EOF2
cat >"$TEST_TMP/rich/book/styles/print.css" <<\EOF2
p { orphans: 2; widows: 2 }
EOF2
: >"$TEST_TMP/rich/expect"

test_expect_success 'a rich valid stylesheet: built, passes EPUBCheck 4 and 5' '
    check_builds rich &&
    zip_entries "$TEST_TMP/rich/out/book.epub" >entries &&
    grep -Fx EPUB/fonts/body.woff entries &&
    grep -Fx EPUB/styles/print.css entries &&
    epubcheck_both "$TEST_TMP/rich/out/book.epub"
'

test_done
