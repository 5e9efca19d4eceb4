#!/bin/sh
# The content model of chapters (src/htmlmodel.c): what EPUBCheck 4.2 or 5
# refuses in element structure is an error at the chapter's line and
# column, saying what to change; the EPUB 3.3-only <hgroup> form is an
# error by default and builds with --epub 3.3 into a book EPUBCheck 5
# passes; a chapter rich in valid structure builds and passes both
# EPUBChecks (no false refusals).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

XHTML='<html xmlns="http://www.w3.org/1999/xhtml">'

# --- the plain mistakes of the issue --------------------------------------

new_book mistakes chapters/nest.xhtml chapters/titles.xhtml \
    chapters/charset.xhtml chapters/order.xhtml chapters/foreign.xhtml
D=$TEST_TMP/mistakes/book/chapters
cat >"$D/nest.xhtml" <<\EOF
<h1>Nesting</h1>
<p>One <p>two</p></p>
<p><span>a <div>block</div></span></p>
<p><a href="#n1">outer <a id="n1" href="#n2">inner</a></a></p>
<p id="n2">Fine.</p>
EOF
cat >"$D/titles.xhtml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
$XHTML
<head><title>One</title><title>Two</title></head>
<body><h1>Titles</h1></body>
</html>
EOF
cat >"$D/charset.xhtml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
$XHTML
<head><meta charset="utf-8"/><meta charset="utf-8"/><title>C</title></head>
<body><h1>Charset</h1></body>
</html>
EOF
cat >"$D/order.xhtml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
$XHTML
<body><h1>Order</h1></body>
<head><title>Order</title></head>
</html>
EOF
cat >"$D/foreign.xhtml" <<\EOF
<h1>Foreign</h1>
<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="other.xml"/>
<paragraph>An unknown element.</paragraph>
EOF
cat >"$TEST_TMP/mistakes/expect" <<\EOF
book/chapters/charset.xhtml:3:30: error: a document may have only one <meta charset>: remove this one
book/chapters/foreign.xhtml:2:1: error: <xi:include> (XInclude) is not allowed in EPUB content and reading systems do not process it: paste the included content in its place
book/chapters/foreign.xhtml:3:1: error: <paragraph> is not an HTML element: did you mean <p>?
book/chapters/nest.xhtml:2:8: error: <p> cannot contain <p>: it holds only phrasing content (text and inline elements such as <span> or <em>); close the <p> before the <p>, or use a block element such as <div> instead of <p>
book/chapters/nest.xhtml:3:12: error: <span> cannot contain <div>: it holds only phrasing content (text and inline elements such as <span> or <em>); close the <span> before the <div>, or use a block element such as <div> instead of <span>
book/chapters/nest.xhtml:4:24: error: <a> cannot be inside <a>: links, buttons and other interactive elements cannot nest; move the <a> out
book/chapters/order.xhtml:4:1: error: <head> is out of order in <html>: it holds one <head> and then one <body>
book/chapters/titles.xhtml:3:25: error: <head> may hold only one <title>: remove this one, or merge it into the first
8 errors, 0 warnings
EOF

test_expect_success 'plain mistakes: each at its element, with the fix' '
    check_fails 1 mistakes
'

# --- hgroup: EPUB 3.2 against EPUB 3.3 -------------------------------------

new_book hgroup
cat >"$TEST_TMP/hgroup/book/chapters/one.xhtml" <<\EOF
<hgroup>
  <h1>III</h1>
  <p>Waterloo Station</p>
</hgroup>
<p>Text.</p>
EOF
cat >"$TEST_TMP/hgroup/expect" <<\EOF
book/chapters/one.xhtml:3:3: error: <p> in <hgroup> is EPUB 3.3 only: EPUB 3.2 (EPUBCheck 4.2) allows only <h1>-<h6> there; move the <p> after the <hgroup>, or build with --epub 3.3
1 error, 0 warnings
EOF

test_expect_success 'a <p> in <hgroup> is refused by default (EPUB 3.2)' '
    check_fails 1 hgroup
'

test_expect_success '--epub 3.3 builds it, and EPUBCheck 5 passes the book' '
    : >"$TEST_TMP/hgroup/expect" &&
    check_builds hgroup --epub 3.3 book/book.xml &&
    epubcheck5 "$TEST_TMP/hgroup/out/book.epub"
'

# --- epub:switch: deprecated; EPUBCheck warns, so an error saying what to do

new_book switch
cat >"$TEST_TMP/switch/book/chapters/one.xhtml" <<\EOF
<h1>Switch</h1>
<epub:switch xmlns:epub="http://www.idpf.org/2007/ops" id="s1">
<epub:case required-namespace="http://www.w3.org/1998/Math/MathML"><p>m</p></epub:case>
<epub:default><p>x</p></epub:default>
</epub:switch>
EOF
cat >"$TEST_TMP/switch/expect" <<\EOF
book/chapters/one.xhtml:2:1: error: <epub:switch> is deprecated and EPUBCheck warns about it (RSC-017): replace it with the content of its <epub:default>
1 error, 0 warnings
EOF

test_expect_success 'epub:switch: an error with the fix' '
    check_fails 1 switch
'

# --- a chapter rich in valid structure: no false refusals ------------------

new_book rich chapters/rich.xhtml
cp "$FIXTURES/images-styles/book/images/chart.png" \
    "$TEST_TMP/rich/book/chapters/i.png"
cat >"$TEST_TMP/rich/book/chapters/rich.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head>
<meta charset="utf-8"/>
<title>Rich</title>
<style>p { margin: 0 }</style>
</head>
<body>
<section id="s1" epub:type="chapter">
<hgroup><h1>Rich chapter</h1></hgroup>
<header><p>A header with <a href="#s2">a link</a>.</p></header>
<p>Text with <em>em</em>, <strong>strong</strong>, <a href="#t1"><span>span in a</span> <img src="i.png" alt="pic"/></a>, <ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp>字<rt>ji</rt></ruby>,
<ruby><rb>東</rb><rb>京</rb><rtc><rt>tō</rt><rt>kyō</rt></rtc></ruby>, <abbr title="x">abbr</abbr>, <time datetime="2020-01-01">a day</time>, <q>quote</q>, <sub>2</sub><sup>3</sup>, <br/><wbr/><code>code</code> <kbd>k</kbd> <samp>s</samp> <var>v</var> <mark>m</mark> <bdi>b</bdi> <small>s</small> <cite>c</cite> <dfn>d</dfn> <s>s</s> <u>u</u> <i>i</i> <b>b</b> <data value="1">one</data> <ins>ins</ins> <del>del</del>.</p>
<div><a href="#s2"><div>block link</div></a><ins><p>inserted para</p></ins></div>
<figure id="f1"><img src="i.png" alt="figure"/><figcaption>Caption last</figcaption></figure>
<figure><figcaption>Caption first</figcaption><p>para</p><blockquote><p>quoted</p></blockquote></figure>
<dl><dt>Term</dt><dt>Term 2</dt><dd>Desc</dd><dd>Desc 2</dd><dt>T3</dt><dd>D3</dd></dl>
<dl><div><dt>Term</dt><dd>Desc</dd></div><div><dt>T</dt><dd>D</dd></div></dl>
<table id="t1">
 <caption>A table</caption>
 <colgroup><col/><col/></colgroup>
 <colgroup span="2"></colgroup>
 <thead><tr><th>H1</th><th>H2</th></tr></thead>
 <tbody><tr><td>a</td><td><p>b</p></td></tr></tbody>
 <tbody><tr><td>c</td><td>d</td></tr></tbody>
 <tfoot><tr><td>f</td><td>g</td></tr></tfoot>
</table>
<table><tr><td>simple</td></tr><tr><th>row</th></tr></table>
<details><summary>More</summary><p>Hidden</p></details>
<details><summary><h2>Heading summary</h2></summary>text</details>
<picture><source srcset="i.png" type="image/png"/><img src="i.png" alt="picture"/></picture>
<ul><li>one</li><li><p>two</p><ol><li>nested</li></ol></li></ul>
<ol start="3"><li>x</li></ol>
<menu><li>menu item</li></menu>
<aside><p>aside</p></aside>
<nav><ul><li><a href="#s1">nav</a></li></ul></nav>
<address>Address with <a href="mailto:x@example.com">mail</a><h3>heading in address</h3><p>para</p></address>
<article><header><h2>Article</h2></header><p>body</p><footer><p>foot</p></footer></article>
<section id="s2"><h2>Nested</h2><section><h3>Deeper</h3><p>p</p><section><h4>Deepest</h4><p>p</p></section></section></section>
<main><p>main content</p></main>
<blockquote><p>q</p></blockquote>
<pre>pre <b>text</b></pre>
<hr/>
<p><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" viewBox="0 0 10 10"><title>A box</title><desc>desc</desc><defs><linearGradient id="lg"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient><symbol id="sym"><circle cx="5" cy="5" r="2"/></symbol></defs><g><rect width="5" height="5" fill="url(#lg)"><title>r</title><animate attributeName="x" from="0" to="5" dur="1s"/></rect><use xlink:href="#sym"/><path d="M0 0 L1 1"/><text x="1" y="9">T<tspan>s</tspan></text></g><foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">foreign <b>para</b></p></foreignObject></svg></p>
<p><math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x squared"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mfrac><mn>1</mn><mi>y</mi></mfrac><msqrt><mi>z</mi></msqrt><mroot><mi>a</mi><mn>3</mn></mroot><msubsup><mi>b</mi><mn>1</mn><mn>2</mn></msubsup><munderover><mo>∑</mo><mi>i</mi><mi>n</mi></munderover><mtext>text <span xmlns="http://www.w3.org/1999/xhtml">html</span></mtext><mtable><mtr><mtd><mi>m</mi></mtd></mtr></mtable><mspace width="1em"/><mmultiscripts><mi>R</mi><mi>i</mi><none/><mprescripts/><mi>j</mi><none/></mmultiscripts></mrow><annotation encoding="application/x-tex">x^2</annotation><annotation-xml encoding="MathML-Content" name="contentequiv"><apply><power/><ci>x</ci><cn>2</cn></apply></annotation-xml><annotation-xml encoding="application/xhtml+xml" name="alternate-representation"><span xmlns="http://www.w3.org/1999/xhtml">x squared</span></annotation-xml></semantics></math></p>
<form action="#s1"><fieldset><legend>Legend</legend><p><label>Name <input type="text" name="n"/></label> <button type="button">Go</button> <select name="s"><optgroup label="g"><option>a</option><option selected="selected">b</option></optgroup><option>c</option></select> <textarea name="t">text</textarea> <input type="text" list="dl1"/><datalist id="dl1"><option value="v"/></datalist> <output>o</output> <meter value="0.5">half</meter> <progress value="1" max="2">half</progress></p></fieldset></form>
<p><a href="#s1"><input type="hidden" name="h"/>link with hidden input</a></p>
<p><map name="m1"><area shape="rect" coords="0,0,1,1" href="#s1" alt="area"/></map><img src="i.png" alt="map" usemap="#m1"/></p>
<p><object data="i.png" type="image/png"><param name="p" value="v"/>fallback</object></p>
<div itemscope="itemscope"><meta itemprop="name" content="x"/><link itemprop="url" href="#s1"/></div>
<p><span><a href="#s1">a in span</a></span><label>Label <select name="x"><option>1</option></select></label></p>
<dialog><p>dialog</p></dialog>
<template><li>template content</li></template>
<script>var a = 1;</script>
</section>
</body>
</html>
EOF
: >"$TEST_TMP/rich/expect"

test_expect_success 'tables, ruby, figure, dl, details, picture, forms, SVG, MathML: built, and both EPUBChecks pass' '
    check_builds rich &&
    epubcheck_both "$TEST_TMP/rich/out/book.epub"
'

test_done
