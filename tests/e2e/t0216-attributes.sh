#!/bin/sh
# Attributes in chapters (htmlattr.c): what EPUBCheck 4.2 or 5 refuses
# about attributes is reported where it is written, with what to change;
# a chapter full of legitimate attributes builds and passes both.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# --- the issue's examples ----------------------------------------------------

new_book issue chapters/img.xhtml chapters/bad.xhtml
D=$TEST_TMP/issue/book/chapters
cat >"$D/img.xhtml" <<\EOF
<h1>A</h1><p><img alt="no source"/></p>
EOF
cat >"$D/bad.xhtml" <<\EOF
<h1>Bad</h1>
<p aria-describedat="d">Described.</p>
<p data-Note="1" data-="2">Data.</p>
<p xmlns:svg="http://www.w3.org/2000/svg" svg:fill="red">Reserved.</p>
<p xmlns:its="http://www.w3.org/2005/11/its" its:translate="maybe">ITS.</p>
<p align="center">Centred.</p>
<p id="a b">Space.</p>
<p id="">Empty.</p>
<p lang="en_US">Underscore.</p>
<p lang="en" xml:lang="fr">Mismatch.</p>
<p aria-labelledby="nowhere">Dangling.</p>
<p clas="x" dir="up" tabindex="first">Typos.</p>
<p role="doc-chapter note">Two roles.</p>
<p role="notte">Unknown role.</p>
<p><span role="doc-chapter">Role.</span> <time datetime="yesterday">x</time> <bdo>x</bdo></p>
<table border="2"><tr><th id="h" scope="all">H</th><td headers="h" colspan="0">1</td></tr></table>
<p xmlns:my="urn:my" my:x="1" epub:type="z3998:poem">Namespaces.</p>
EOF
cat >"$TEST_TMP/issue/expect" <<\EOF
book/chapters/bad.xhtml:2:1: error: attribute aria-describedat is not allowed on <p>: did you mean aria-describedby?
book/chapters/bad.xhtml:3:1: error: attribute "data-" on <p> has no name after "data-": write data-something="..."
book/chapters/bad.xhtml:3:1: error: custom data attribute data-Note on <p> has upper-case letters, which EPUBCheck 5 refuses: write data-note
book/chapters/bad.xhtml:4:1: error: svg:fill on <p> is in the reserved namespace http://www.w3.org/2000/svg, which HTML elements may not use: remove it, or put your own data in a namespace of your own (not on w3.org or idpf.org) or a data-* attribute
book/chapters/bad.xhtml:5:1: error: its:translate on <p>: EPUBCheck 5 refuses attributes in the ITS namespace (http://www.w3.org/2005/11/its): use the HTML attribute translate="..." instead
book/chapters/bad.xhtml:6:1: error: attribute align is not allowed on <p> (obsolete HTML): remove it and use CSS text-align (or margin: auto for a block) instead
book/chapters/bad.xhtml:7:1: error: id="a b" on <p> contains whitespace: an id is one word (use hyphens: "a-b")
book/chapters/bad.xhtml:8:1: error: empty id="" on <p>: give it a name, or remove the attribute
book/chapters/bad.xhtml:9:1: error: lang="en_US" is not a well-formed BCP 47 language tag: write lang="en-US" (a hyphen, not an underscore)
book/chapters/bad.xhtml:10:1: error: lang="en" and xml:lang="fr" differ; HTML requires them to be the same: keep lang alone (mkepub adds the matching xml:lang)
book/chapters/bad.xhtml:11:1: error: aria-labelledby on <p> refers to id "nowhere", which is not in this file: give the element it means id="nowhere", or fix the reference
book/chapters/bad.xhtml:12:1: error: attribute clas is not allowed on <p>: did you mean class?
book/chapters/bad.xhtml:12:1: error: dir="up" on <p> is not valid: use "ltr", "rtl" or "auto"
book/chapters/bad.xhtml:12:1: error: tabindex="first" on <p> is not valid: write a whole number such as 3 or -1
book/chapters/bad.xhtml:13:1: error: role="doc-chapter note" on <p> lists several roles; EPUBCheck accepts exactly one: keep the one that fits best
book/chapters/bad.xhtml:14:1: error: role="notte" on <p> is not an ARIA role: did you mean role="note"?
book/chapters/bad.xhtml:15:42: error: datetime="yesterday" on <time> is not valid: write a date or time such as "2020-12-31", "2020-12", "2020", "18:30" or "2020-12-31T18:30Z"
book/chapters/bad.xhtml:15:78: error: <bdo> has no dir: add dir="rtl" or dir="ltr"
book/chapters/bad.xhtml:16:1: error: border="2" on <table> is not valid: use "" or "1"
book/chapters/bad.xhtml:16:23: error: scope="all" on <th> is not valid: use "row", "col", "rowgroup" or "colgroup"
book/chapters/bad.xhtml:16:52: error: colspan="0" on <td> is not valid: write a whole number of 1 or more
book/chapters/bad.xhtml:17:1: error: epub:type term "z3998:poem" uses the prefix "z3998", which is not declared: declare it on <html> (epub:prefix="z3998: http://...") or use an unprefixed term
book/chapters/bad.xhtml:17:1: error: my:x on <p> is in the namespace urn:my, which has no host name: EPUBCheck 5 cannot process that (CHK-008); use an http URL of your own, such as http://example.com/ns
book/chapters/img.xhtml:1:14: error: <img> has no src: add src="..." with the image's path, or remove the <img>
24 errors, 0 warnings
EOF

test_expect_success 'attributes EPUBCheck refuses: each reported with what to do' '
    check_fails 1 issue
'

# --- roles -------------------------------------------------------------------

new_book roles
cat >"$TEST_TMP/roles/book/chapters/one.xhtml" <<\EOF
<h1>Roles</h1>
<h2 role="doc-chapter">Chapter?</h2>
<figure role="doc-example"><p>Example.</p></figure>
<p aria-level="2">Level without a role.</p>
<ul><li value="2">Value outside an ol.</li></ul>
EOF
cat >"$TEST_TMP/roles/expect" <<\EOF
book/chapters/one.xhtml:2:1: error: role="doc-chapter" is not allowed on <h2>: put it on an element that may carry it (<h2> allows: heading tab presentation doc-subtitle)
book/chapters/one.xhtml:3:1: error: role="doc-example" on <figure> is not allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): use another element, or build with --epub 3.3
book/chapters/one.xhtml:4:1: error: aria-level on <p> needs a role that supports it: add one (such as role="heading"), or remove the attribute
book/chapters/one.xhtml:5:5: error: attribute value is only allowed on the <li> of an <ol>: remove it, or make the list an <ol>
4 errors, 0 warnings
EOF

test_expect_success 'roles on the wrong element, ARIA attributes needing a role' '
    check_fails 1 roles
'

# Deprecated DPUB-ARIA roles: EPUBCheck 5 warns, which would break the
# book's "no warnings", so mkepub refuses them and says what to do instead.
new_book deprecated
cat >"$TEST_TMP/deprecated/book/chapters/one.xhtml" <<\EOF
<h1>Notes</h1>
<section role="doc-endnotes">
<ol><li id="n1" role="doc-endnote">A note.</li></ol>
</section>
EOF
cat >"$TEST_TMP/deprecated/expect" <<\EOF
book/chapters/one.xhtml:3:5: error: role="doc-endnote" is deprecated (DPUB-ARIA 1.1) and EPUBCheck 5 warns about it: remove the role: the items of a list inside the role="doc-endnotes" section are its notes
1 error, 0 warnings
EOF

test_expect_success 'a deprecated role: an error saying what to change' '
    check_fails 1 deprecated
'

# --- EPUB 3.2 and 3.3 --------------------------------------------------------

new_book newer
cat >"$TEST_TMP/newer/book/chapters/one.xhtml" <<\EOF
<h1>Newer</h1>
<p hidden="until-found" enterkeyhint="go">Found.</p>
EOF
cat >"$TEST_TMP/newer/expect" <<\EOF
book/chapters/one.xhtml:2:1: error: attribute enterkeyhint on <p> is not allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): remove it, or build with --epub 3.3
book/chapters/one.xhtml:2:1: error: hidden="until-found" on <p> is not allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): use "" or "hidden", or build with --epub 3.3
2 errors, 0 warnings
EOF

test_expect_success 'what only EPUB 3.3 allows: refused by default' '
    check_fails 1 newer
'

test_expect_success '... and accepted with --epub 3.3' '
    : >"$TEST_TMP/newer/expect" &&
    check_builds newer --epub 3.3 book/book.xml
'

# --- a chapter full of legitimate attributes ---------------------------------

new_book valid
cat >"$TEST_TMP/valid/book/chapters/one.xhtml" <<\EOF
<section role="doc-chapter" aria-labelledby="t1" xmlns:my="http://example.com/ns">
<h1 id="t1">Attributes</h1>
<p class="first" data-note="x" data-x.y_z="2" my:mark="1" title="A title" dir="ltr" translate="no" spellcheck="false" tabindex="-1">Text with a note<a href="#n1" role="doc-noteref" epub:type="noteref" id="r1">1</a> and <span lang="fr" xml:lang="fr">un mot</span>, <bdo dir="rtl">abc</bdo>, <abbr title="HyperText">HTML</abbr>, <time datetime="2020-12-31">New Year's Eve</time>, <time datetime="PT1H30M">90 minutes</time>, <time>2021-01-01</time>, <data value="42">forty-two</data>.</p>
<p aria-describedby="d1 d2" id="d1" hidden="hidden">Hidden.</p>
<p id="d2" lang="">No language.</p>
<div role="note" aria-label="A note"><p>Note.</p></div>
<ul role="list"><li role="listitem">One</li><li>Two</li></ul>
<ol start="3" reversed="reversed" type="a"><li value="5">Five</li></ol>
<table border="1" aria-describedby="cap">
<caption id="cap">A table</caption>
<thead><tr><th id="h1" scope="col">Name</th><th id="h2" scope="col">Value</th></tr></thead>
<tbody><tr><td headers="h1">a</td><td headers="h1 h2" colspan="1" rowspan="0">1</td></tr></tbody>
</table>
<blockquote cite="https://example.com/" role="doc-epigraph"><p>Quote <q cite="https://example.com/q">q</q>.</p></blockquote>
<hr role="doc-pagebreak" aria-label="2" id="p2"/>
<p><del datetime="2020-01-02T10:00Z">old</del><ins datetime="2020-01-02">new</ins></p>
<div role="doc-pullquote" aria-hidden="true"><p>Pull.</p></div>
<h2 role="doc-subtitle">Sub</h2>
<div role="heading" aria-level="3">Pseudo heading</div>
<details open=""><summary>More</summary><p>Details.</p></details>
<p><meter value="0.5" min="0" max="1">half</meter> <progress value="3" max="10">3/10</progress></p>
<aside id="n1" role="doc-footnote" epub:type="footnote"><p><a href="#r1" role="doc-backlink">1</a> The note.</p></aside>
</section>
EOF
: >"$TEST_TMP/valid/expect"

test_expect_success 'legitimate attributes: the book builds' '
    check_builds valid
'

test_expect_success '... and passes both EPUBChecks' '
    epubcheck_both "$TEST_TMP/valid/out/book.epub"
'

# --- form controls (in a scripted document, as forms need) -------------------

# EPUBCheck 4.2 and 5 both: wrap="hard" needs cols (RSC-005 "missing
# required attribute cols"); wrap="soft" does not.
new_book forms
cat >"$TEST_TMP/forms/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><script>var a = 1;</script></head><body>
<h1>One</h1>
<form action="#f"><p id="f">
<textarea name="ta" wrap="hard">x</textarea>
<textarea name="tb" wrap="HARD">x</textarea>
</p></form></body></html>
EOF
cat >"$TEST_TMP/forms/expect" <<\EOF
book/chapters/one.xhtml:4:1: error: <textarea wrap="hard"> has no cols: add cols="..." (the width the hard line breaks are made at), or remove wrap="hard"
book/chapters/one.xhtml:5:1: error: <textarea wrap="hard"> has no cols: add cols="..." (the width the hard line breaks are made at), or remove wrap="hard"
2 errors, 0 warnings
EOF

test_expect_success '<textarea wrap="hard"> without cols: refused' '
    check_fails 1 forms
'

# min, max and step of <input> types month, week, time and
# datetime-local: what both EPUBChecks refuse (RSC-005: the schema's
# forms, digits rather than ranges), each with what to write.
new_book inputs
cat >"$TEST_TMP/inputs/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><script>var a = 1;</script></head><body>
<h1>One</h1>
<form action="#f"><p id="f">
<input type="month" name="m" min="2020-13" max="x" step="a"/>
<input type="week" name="w" min="2020-W60" max="2020-W01x" step="1.5"/>
<input type="time" name="t" min="25:00" max="10:00:99" step="-1"/>
<input type="datetime-local" name="d" min="2020-01-01 10:00" max="2020-01-01T10" step="0"/>
<input type="TIME" name="t2" min="x" step="any"/><input type="month" name="m2" step="0"/>
</p></form></body></html>
EOF
cat >"$TEST_TMP/inputs/expect" <<\EOF
book/chapters/one.xhtml:4:1: error: max="x" on <input> is not valid: write a month such as "2020-12"
book/chapters/one.xhtml:4:1: error: step="a" on <input> is not valid: write "any" or a whole number of 1 or more
book/chapters/one.xhtml:5:1: error: max="2020-W01x" on <input> is not valid: write a week such as "2020-W53"
book/chapters/one.xhtml:5:1: error: step="1.5" on <input> is not valid: write "any" or a whole number of 1 or more
book/chapters/one.xhtml:6:1: error: step="-1" on <input> is not valid: write "any" or a number greater than 0
book/chapters/one.xhtml:7:1: error: max="2020-01-01T10" on <input> is not valid: write a date and time such as "2020-12-31T18:30"
book/chapters/one.xhtml:7:1: error: step="0" on <input> is not valid: write "any" or a number greater than 0
book/chapters/one.xhtml:8:1: error: min="x" on <input> is not valid: write a time such as "18:30" or "18:30:05.250"
book/chapters/one.xhtml:8:50: error: step="0" on <input> is not valid: write "any" or a whole number of 1 or more
9 errors, 0 warnings
EOF

test_expect_success 'min, max, step of month, week, time and datetime-local inputs: checked' '
    check_fails 1 inputs
'

new_book formsok
cat >"$TEST_TMP/formsok/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><script>var a = 1;</script></head><body>
<h1>One</h1>
<form action="#f"><p id="f">
<textarea name="ta" wrap="hard" cols="20">x</textarea>
<textarea name="tb" wrap="soft">x</textarea>
<input type="month" name="m" min="2020-01" max="2020-12" step="2"/>
<input type="week" name="w" min="2020-W01" max="2020-W53" step="any"/>
<input type="time" name="t" min="08:00" max="18:30:05.250" step="0.5"/>
<input type="datetime-local" name="d" min="2020-01-01 10:00" max="2020-12-31T18:30" step="60"/>
</p></form></body></html>
EOF
: >"$TEST_TMP/formsok/expect"

test_expect_success 'form controls as EPUBCheck accepts them: built, both EPUBChecks pass' '
    check_builds formsok &&
    epubcheck_both "$TEST_TMP/formsok/out/book.epub"
'


# Form controls take the attributes HTML gives them and no others: EPUBCheck
# 4.2 and 5 both refuse any other name, hyphen or not (RSC-005 "attribute
# ... not allowed here"), a submit button's form... attributes on
# <button type="reset"> or type="button", form= on <label>, and a form=
# that names something other than a <form> ("does not refer to an allowed
# target element").  Tried on both EPUBChecks, control by control.
new_book formattrs
cat >"$TEST_TMP/formattrs/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><script>var a = 1;</script></head><body>
<h1 id="top">One</h1>
<form id="f1" action="#top" foo="1"><p><input id="t1" name="t1" foo="1"/></p></form>
<p><button type="button" foo="1">b</button> <select name="s" size="2" colour="red"><option foo="1">o</option><optgroup label="g" foo="1"><option>p</option></optgroup></select></p>
<p><textarea name="ta" colls="20">t</textarea> <output foo="1">o</output> <datalist id="dl" foo="1"><option value="x"/></datalist></p>
<fieldset foo="1"><legend foo="1">l</legend></fieldset>
<p><label for="t1" form="f1">l</label> <button type="reset" formaction="#top">r</button> <button type="BUTTON" formtarget="_self">b</button></p>
<p><select name="s2" form="top"><option>o</option></select> <input name="t2" form="nowhere"/></p>
</body></html>
EOF
cat >"$TEST_TMP/formattrs/expect" <<\EOF
book/chapters/one.xhtml:3:1: error: attribute foo is not allowed on <form>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:3:40: error: attribute foo is not allowed on <input>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:4:4: error: attribute foo is not allowed on <button>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:4:45: error: attribute colour is not allowed on <select>: remove it (keep your own data in data-colour)
book/chapters/one.xhtml:4:84: error: attribute foo is not allowed on <option>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:4:110: error: attribute foo is not allowed on <optgroup>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:5:4: error: attribute colls is not allowed on <textarea>: did you mean cols?
book/chapters/one.xhtml:5:48: error: attribute foo is not allowed on <output>: did you mean for?
book/chapters/one.xhtml:5:75: error: attribute foo is not allowed on <datalist>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:6:1: error: attribute foo is not allowed on <fieldset>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:6:19: error: attribute foo is not allowed on <legend>: remove it (keep your own data in data-foo)
book/chapters/one.xhtml:7:4: error: attribute form is not allowed on <label>: did you mean for?
book/chapters/one.xhtml:7:40: error: attribute formaction is not allowed on <button type="reset">: remove it, or make it a submit button (type="submit")
book/chapters/one.xhtml:7:90: error: attribute formtarget is not allowed on <button type="BUTTON">: remove it, or make it a submit button (type="submit")
book/chapters/one.xhtml:8:4: error: form="top" on <select> refers to a <h1>, not a <form>: name the id of the form it belongs to, or remove form=
book/chapters/one.xhtml:8:61: error: form on <input> refers to id "nowhere", which is not in this file: give the element it means id="nowhere", or fix the reference
16 errors, 0 warnings
EOF

test_expect_success 'unknown attributes on form controls, submit attributes on other buttons, form= not naming a <form>: refused' '
    check_fails 1 formattrs
'

new_book formattrsok
cat >"$TEST_TMP/formattrsok/book/chapters/one.xhtml" <<\EOF
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><script>var a = 1;</script></head><body>
<h1 id="top">One</h1>
<form id="f1" action="#top" accept-charset="UTF-8" autocomplete="off" enctype="multipart/form-data" method="post" name="f" novalidate="novalidate" rel="nofollow" target="_self"><p id="f">
<input id="t1" name="t1" type="text" autocomplete="off" autofocus="autofocus" dirname="t1.dir" disabled="disabled" form="f1" list="dl" maxlength="5" minlength="1" pattern="[a-z]+" placeholder="p" readonly="readonly" required="required" size="3" value="v" inputmode="text"/>
<datalist id="dl"><option value="x"/></datalist>
<button form="f1" formaction="#top" formenctype="multipart/form-data" formmethod="post" formnovalidate="formnovalidate" formtarget="_self" name="b" value="v" disabled="disabled">b</button>
<button type="submit" formaction="#top">s</button> <button type="reset" name="r" value="v">r</button>
<select form="f1" name="s" autocomplete="off" disabled="disabled" multiple="multiple" required="required" size="2"><optgroup label="g" disabled="disabled"><option disabled="disabled" label="L" selected="selected" value="v">o</option></optgroup></select>
<textarea form="f1" name="ta" autocomplete="off" cols="20" rows="2" dirname="ta.dir" maxlength="9" minlength="1" placeholder="p" readonly="readonly" required="required" wrap="soft">t</textarea>
<output form="f1" for="t1" name="o">o</output> <label for="t1">l</label>
</p></form>
<fieldset form="f1" name="fs" disabled="disabled"><legend>l</legend></fieldset>
</body></html>
EOF
: >"$TEST_TMP/formattrsok/expect"

test_expect_success 'the attributes form controls take: built, both EPUBChecks pass' '
    check_builds formattrsok &&
    epubcheck_both "$TEST_TMP/formattrsok/out/book.epub"
'

test_done
