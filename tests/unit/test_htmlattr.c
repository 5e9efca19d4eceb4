/*
 * test_htmlattr.c - unit tests for src/htmlattr.c: each value type and
 * each kind of table entry (global, per element, EPUB 3.3 only, obsolete,
 * required, roles, references to ids, namespaces) with valid and invalid
 * cases.  Every invalid case must give exactly one diagnostic whose
 * message contains the expected words; every valid case none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "htmlattr.h"

struct attr_case {
    const char *body;       /* inside <body> */
    int epub33;
    int errors, warnings;
    const char *words;      /* in the (only) message; NULL: none */
};

static const struct attr_case cases[] = {
    /* ids */
    { "<p id=\"a\">x</p>", 0, 0, 0, NULL },
    { "<p id=\"a b\">x</p>", 0, 1, 0, "contains whitespace" },
    { "<p id=\"\">x</p>", 0, 1, 0, "empty id=\"\"" },
    { "<p><a name=\"x y\">x</a></p>", 0, 1, 0, "contains whitespace" },
    /* references to ids */
    { "<p aria-labelledby=\"a b\" id=\"a\">x</p><p id=\"b\">y</p>", 0, 0,
      0, NULL },
    { "<p aria-labelledby=\"a nope\" id=\"a\">x</p>", 0, 1, 0,
      "id \"nope\", which is not in this file" },
    { "<p aria-describedby=\"\">x</p>", 0, 0, 0, NULL },
    { "<div role=\"listbox\" aria-activedescendant=\"\"></div>", 0, 1, 0,
      "empty aria-activedescendant" },
    { "<p aria-details=\"nope\" aria-errormessage=\"nope\">x</p>", 0, 0, 0,
      NULL },
    { "<div role=\"listbox\" aria-activedescendant=\"o\"><div "
      "role=\"option\" id=\"o\">x</div></div>", 0, 0, 0, NULL },
    { "<div role=\"listbox\" aria-activedescendant=\"o\"></div><p "
      "id=\"o\">x</p>", 0, 1, 0, "not inside it" },
    { "<div role=\"listbox\" aria-activedescendant=\"a b\"></div>", 0, 1,
      0, "must name one id" },
    { "<table><tr><th id=\"h\">H</th><td headers=\"h\">1</td></tr></table>",
      0, 0, 0, NULL },
    { "<table><tr><td id=\"h\">H</td><td headers=\"h\">1</td></tr></table>",
      0, 1, 0, "not a <th> of the same table" },
    { "<p id=\"t\">x</p><label for=\"t\">l</label>", 0, 1, 0,
      "cannot be labelled" },
    /* numbers */
    { "<p tabindex=\"-1\">x</p>", 0, 0, 0, NULL },
    { "<p tabindex=\"1.5\">x</p>", 0, 1, 0, "whole number" },
    { "<table><tr><td colspan=\"0\">x</td></tr></table>", 0, 1, 0,
      "1 or more" },
    { "<table><tr><td rowspan=\"0\">x</td></tr></table>", 0, 0, 0, NULL },
    { "<table><tr><td rowspan=\"-1\">x</td></tr></table>", 0, 1, 0,
      "0 or more" },
    { "<ol start=\"-3\"><li value=\"7\">x</li></ol>", 0, 0, 0, NULL },
    { "<ol start=\"x\"><li>x</li></ol>", 0, 1, 0, "whole number" },
    { "<p><meter value=\".5\" min=\"-1e2\">x</meter></p>", 0, 0, 0, NULL },
    { "<p><meter value=\"1.\">x</meter></p>", 0, 0, 0, NULL },
    { "<p><meter value=\".\">x</meter></p>", 0, 1, 0, "number" },
    { "<p><video itemprop=\"v\" width=\"3\">x</video></p>", 0, 1, 0,
      "<video itemprop=...> has no src" },
    { "<p><audio itemprop=\"v\" src=\"a.mp3\">x</audio></p>", 0, 0, 0,
      NULL },
    { "<fieldset role=\"doc-cover\"><p>x</p></fieldset>", 0, 1, 0,
      "doc-cover" },
    { "<fieldset role=\"radiogroup\"><p>x</p></fieldset>", 0, 0, 0,
      NULL },
    /* custom elements take any attribute, and the global rules */
    { "<p><x-widget foo=\"1\" accesskey=\"a b\">x</x-widget></p>", 0, 0, 0,
      NULL },
    { "<p><x-widget dir=\"up\">x</x-widget></p>", 0, 1, 0, "dir=\"up\"" },
    { "<form action=\"#\"><p><label popover=\"auto\">x</label></p></form>",
      0, 1, 0, "attribute popover is not allowed on <label>" },
    { "<p><svg xmlns=\"http://www.w3.org/2000/svg\"><rect id=\"a b\"/>"
      "</svg></p>", 0, 1, 0, "id=\"a b\" on <rect> contains whitespace" },
    { "<p><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi "
      "mathvariant=\"comic\">x</mi></math></p>", 0, 1, 0,
      "mathvariant=\"comic\" on <mi> is not valid" },
    { "<p><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi "
      "mathvariant=\"bold-italic\">x</mi></math></p>", 0, 0, 0, NULL },
    /* keywords EPUBCheck matches without case */
    { "<p dir=\"LTR\" hidden=\"HIDDEN\" translate=\"Yes\">x</p>", 0, 0,
      0, NULL },
    { "<details open=\"OPEN\"><summary>s</summary></details>", 0, 0, 0,
      NULL },
    { "<p><img src=\"a.png\" alt=\"\" loading=\"LAZY\"/></p>", 0, 1, 0,
      "loading=\"LAZY\"" },
    /* <input> attributes that depend on its type */
    { "<p><input size=\"0\"/></p>", 0, 1, 0, "1 or more" },
    { "<p><select multiple=\"yes\"><option>a</option></select></p>", 0,
      1, 0, "multiple=\"yes\" on <select> is not valid" },
    { "<form id=\"f\" action=\"#\"><p><button disabled=\"DISABLED\" "
      "form=\"f\">b</button></p></form>", 0, 0, 0, NULL },
    { "<p><button its-loc-note=\"k\">b</button></p>", 0, 1, 0,
      "attribute its-loc-note is not allowed on <button>" },
    { "<p><input readonly=\"true\"/></p>", 0, 1, 0,
      "readonly=\"true\" on <input> is not valid" },
    { "<p><input type=\"number\" readonly=\"READONLY\"/></p>", 0, 0, 0,
      NULL },
    { "<p><video aria-level=\"2\" width=\"3\">x</video></p>", 0, 1, 0,
      "aria-level on <video> needs a role" },
    { "<p><input type=\"email\" size=\"2\"/></p>", 0, 0, 0, NULL },
    { "<p><input type=\"range\" value=\"x\"/></p>", 0, 1, 0,
      "value=\"x\" on <input> is not valid: write a number" },
    { "<p><input type=\"RANGE\" value=\"\"/></p>", 0, 1, 0, "a number" },
    { "<p><input type=\"range\" value=\"1\" min=\"0\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input type=\"number\" value=\"x\"/></p>", 0, 1, 0,
      "a number" },
    { "<p><input type=\"number\" value=\"\"/></p>", 0, 0, 0, NULL },
    { "<p><input type=\"date\" value=\"1\"/></p>", 0, 1, 0,
      "write a date" },
    { "<p><input type=\"date\" value=\"2020-01-02\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input type=\"hidden\" readonly=\"readonly\"/></p>", 0, 1, 0,
      "attribute readonly is not allowed on <input type=\"hidden\">" },
    { "<p><input type=\"range\" size=\"3\"/></p>", 0, 1, 0,
      "attribute size is not allowed" },
    { "<p><input type=\"checkbox\" size=\"3\" value=\"x\" "
      "readonly=\"readonly\"/><input value=\"x\" size=\"3\"/></p>", 0,
      0, 0, NULL },
    { "<p><progress value=\"-1\">x</progress></p>", 0, 1, 0,
      "0 or more" },
    { "<p><progress max=\"0\">x</progress></p>", 0, 1, 0,
      "greater than 0" },
    { "<p role=\"heading\" aria-level=\"0\">x</p>", 0, 1, 0, "1 or more" },
    { "<table aria-colcount=\"-1\"><tr><td>x</td></tr></table>", 0, 1, 0,
      "EPUB 3.2" },
    { "<table aria-colcount=\"-1\"><tr><td>x</td></tr></table>", 1, 0, 0,
      NULL },
    /* enumerations and boolean attributes */
    { "<p dir=\"rtl\" translate=\"\" hidden=\"\">x</p>", 0, 0, 0, NULL },
    { "<p dir=\"up\">x</p>", 0, 1, 0, "\"ltr\", \"rtl\" or \"auto\"" },
    { "<p draggable=\"\">x</p>", 0, 1, 0, "\"true\" or \"false\"" },
    { "<ol type=\"x\"><li>x</li></ol>", 0, 1, 0, "\"1\", \"a\"" },
    { "<details open=\"open\"><summary>s</summary></details>", 0, 0, 0,
      NULL },
    { "<details open=\"yes\"><summary>s</summary></details>", 0, 1, 0,
      "\"\" or \"open\"" },
    { "<p hidden=\"until-found\">x</p>", 0, 1, 0, "EPUB 3.2" },
    { "<p hidden=\"until-found\">x</p>", 1, 0, 0, NULL },
    { "<p aria-relevant=\"additions text\">x</p>", 0, 0, 0, NULL },
    { "<p aria-relevant=\"additions more\">x</p>", 0, 1, 0, "one or more" },
    { "<p aria-hidden=\"yes\">x</p>", 0, 1, 0, "\"true\" or \"false\"" },
    { "<table border=\"1\"><tr><td>x</td></tr></table>", 0, 0, 0, NULL },
    { "<table border=\"0\"><tr><td>x</td></tr></table>", 0, 1, 0,
      "\"\" or \"1\"" },
    /* language tags */
    { "<p lang=\"zh-Hant-TW\" xml:lang=\"zh-hant-tw\">x</p>", 0, 0, 0,
      NULL },
    { "<p lang=\"\">x</p>", 0, 0, 0, NULL },
    { "<p lang=\"en_US\">x</p>", 0, 1, 0, "write lang=\"en-US\"" },
    { "<p xml:lang=\"english\">x</p>", 0, 0, 0, NULL },
    { "<p xml:lang=\"english-\">x</p>", 0, 1, 0, "such as \"en\"" },
    { "<p xml:lang=\"e\">x</p>", 0, 1, 0, "such as \"en\"" },
    { "<p lang=\"en\" xml:lang=\"de\">x</p>", 0, 1, 0, "differ" },
    /* dates and times */
    { "<p><time datetime=\"2020\">a</time><time datetime=\"2020-01\">b"
      "</time><time datetime=\"01-02\">c</time><time datetime=\"10:00:01.5"
      "\">d</time><time datetime=\"2020-01-02 10:00Z\">e</time><time "
      "datetime=\"2020-01-02T10:00+01:00\">f</time><time datetime=\""
      "2020-W05\">g</time><time datetime=\"PT1H30M\">h</time><time "
      "datetime=\"P1D\">i</time></p>", 0, 0, 0, NULL },
    { "<p><time datetime=\"2020-1-2\">a</time></p>", 0, 1, 0,
      "date or time" },
    { "<p><time datetime=\"Z\">a</time></p>", 0, 1, 0, "date or time" },
    { "<p><time datetime=\"1h 30m\">a</time></p>", 0, 1, 0,
      "date or time" },
    { "<del datetime=\"10:00\"><p>x</p></del>", 0, 1, 0, "a date" },
    /* MIME types, hash names, non-empty values */
    { "<p><a href=\"#x\" type=\"text/html; charset=utf-8\" id=\"x\">a</a>"
      "</p>", 0, 0, 0, NULL },
    { "<p><a href=\"#x\" type=\"text\" id=\"x\">a</a></p>", 0, 1, 0,
      "media type" },
    { "<p><img src=\"a.png\" alt=\"\" usemap=\"m\"/></p>", 0, 1, 0,
      "\"#\" and the name" },
    { "<p><img src=\" \" alt=\"\"/></p>", 0, 1, 0, "empty src" },
    /* unknown and obsolete attributes, EPUB 3.3-only attributes */
    { "<p aria-describedat=\"x\">x</p>", 0, 1, 0,
      "did you mean aria-describedby?" },
    { "<p align=\"center\">x</p>", 0, 1, 0, "CSS text-align" },
    { "<table><tr><td width=\"3\">x</td></tr></table>", 0, 1, 0,
      "CSS width" },
    { "<p><img src=\"a.png\" alt=\"\" border=\"0\"/></p>", 0, 0, 0, NULL },
    { "<p frobnicate=\"1\">x</p>", 0, 1, 0, "data-frobnicate" },
    { "<p onclick=\"f()\">x</p>", 0, 0, 0, NULL },
    { "<p onfoo=\"f()\">x</p>", 0, 1, 0, "not allowed on <p>" },
    { "<p onpointerdown=\"f()\">x</p>", 0, 1, 0, "EPUB 3.2" },
    { "<p inert=\"\">x</p>", 0, 1, 0, "EPUB 3.2" },
    { "<p inert=\"\">x</p>", 1, 0, 0, NULL },
    { "<p aria-grabbed=\"true\">x</p>", 1, 1, 0, "deprecated in ARIA" },
    { "<p><input type=\"text\" maxlength=\"3\"/></p>", 0, 0, 0, NULL },
    /* form controls take their own attributes and no others: obsolete
     * ones with their advice, unknown ones with or without a hyphen */
    { "<p><select name=\"s\" foo=\"1\"><option>o</option></select>"
      "</p>", 0, 1, 0, "attribute foo is not allowed on <select>" },
    { "<p><input type=\"text\" colour=\"red\"/></p>", 0, 1, 0,
      "attribute colour is not allowed on <input>: remove it" },
    { "<p><textarea placeholdr=\"p\">t</textarea></p>", 0, 1, 0,
      "did you mean placeholder?" },
    { "<p><label for=\"i\" form=\"f\">l</label><input id=\"i\"/></p>",
      0, 1, 0, "attribute form is not allowed on <label>" },
    { "<p><button type=\"reset\" formaction=\"#\">b</button></p>", 0, 1,
      0, "on <button type=\"reset\">: remove it, or make it a submit" },
    { "<p><button formaction=\"#\" formmethod=\"post\">b</button></p>",
      0, 0, 0, NULL },
    { "<p id=\"f\"><select name=\"s\" form=\"f\"><option>o</option>"
      "</select></p>", 0, 1, 0, "refers to a <p>, not a <form>" },
    { "<p><x-widget foo=\"1\">w</x-widget></p>", 0, 0, 0, NULL },
    { "<p><x-widget align=\"left\">w</x-widget></p>", 0, 1, 0,
      "obsolete HTML" },
    { "<p><output align=\"center\">1</output></p>", 0, 1, 0,
      "CSS text-align" },
    { "<p><input type=\"checkbox\" border=\"1\"/></p>", 0, 1, 0,
      "CSS border" },
    { "<p><input type=\"text\" width=\"3\"/></p>", 0, 1, 0,
      "CSS width" },
    { "<p><select name=\"s\" size=\"2\" bgcolor=\"red\"><option>o"
      "</option></select></p>", 0, 1, 0, "CSS background-color" },
    { "<p><label valign=\"top\">l</label></p>", 0, 1, 0,
      "CSS vertical-align" },
    { "<p><button name=\"b\" type=\"button\">b</button><output "
      "name=\"o\">1</output><textarea name=\"t\">t</textarea></p>", 0,
      0, 0, NULL },
    { "<p><input type=\"image\" alt=\"go\" src=\"a.png\" width=\"3\" "
      "height=\"4\" name=\"i\"/><input type=\"date\" size=\"3\"/></p>",
      0, 0, 0, NULL },
    /* <input> attributes only some types take */
    { "<p><input type=\"text\" alt=\"x\"/></p>", 0, 1, 0,
      "not allowed on <input type=\"text\">" },
    { "<p><input alt=\"x\" type=\"image\" src=\"a.png\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input type=\"Text\" checked=\"checked\"/></p>", 0, 1, 0,
      "<input type=\"text\">" },
    { "<p><input type=\"radio\" checked=\"checked\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input max=\"3\"/></p>", 0, 1, 0, "<input type=\"text\">" },
    { "<p><input type=\"hidden\" placeholder=\"p\"/></p>", 0, 1, 0,
      "<input type=\"hidden\">" },
    { "<p><input type=\"checkbox\" placeholder=\"p\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input type=\"image\" src=\"a.png\"/></p>", 0, 1, 0,
      "<input type=\"image\"> has no alt" },
    { "<p><input type=\"date\" min=\"1\"/></p>", 0, 1, 0,
      "write a date" },
    { "<p><input type=\"date\" min=\"2020-01-01\" max=\"2021-01-01\"/>"
      "</p>", 0, 0, 0, NULL },
    { "<p><textarea cols=\"-1\" rows=\"2\">t</textarea></p>", 0, 1, 0,
      "cols=\"-1\" on <textarea>" },
    /* name and size of form controls */
    { "<p><output name=\"\">1</output></p>", 0, 1, 0, "empty name=\"\"" },
    { "<p><input type=\"date\" name=\"\"/></p>", 0, 1, 0,
      "empty name=\"\"" },
    { "<p><select size=\"x\"><option>o</option></select></p>", 0, 1, 0,
      "size=\"x\" on <select>" },
    { "<p><input type=\"checkbox\" size=\"0\"/></p>", 0, 1, 0,
      "size=\"0\" on <input>" },
    /* the roles form controls may carry (by type for <input>) */
    { "<p><button role=\"main\">b</button></p>", 0, 1, 0,
      "<button> allows: button" },
    { "<p><button role=\"combobox\">b</button></p>", 0, 1, 0,
      "EPUB 3.2" },
    { "<p><button role=\"combobox\">b</button></p>", 1, 0, 0, NULL },
    { "<p><input type=\"checkbox\" role=\"switch\"/></p>", 0, 0, 0,
      NULL },
    { "<p><input type=\"checkbox\" role=\"textbox\"/></p>", 0, 1, 0,
      "not allowed on <input>" },
    { "<p><input type=\"date\" role=\"button\"/></p>", 0, 1, 0,
      "may not have a role" },
    { "<p><label role=\"note\">l</label></p>", 0, 1, 0,
      "may not have a role" },
    /* required attributes */
    { "<p><img alt=\"no source\"/></p>", 0, 1, 0, "<img> has no src" },
    { "<p><bdo>x</bdo></p>", 0, 1, 0, "<bdo> has no dir" },
    { "<map name=\"m\"><area href=\"#m\"/></map>", 0, 1, 0,
      "<area href=...> has no alt" },
    { "<map name=\"m\"><area/></map>", 0, 0, 0, NULL },
    { "<object type=\"image/png\"></object>", 0, 0, 0, NULL },
    { "<object></object>", 0, 1, 0, "<object> has no data" },
    { "<video src=\"a.mp4\"><source type=\"video/mp4\"/></video>", 0, 1,
      0, "<source> in <video> has no src" },
    { "<p><meta itemprop=\"x\"/></p>", 0, 1, 0, "has no content" },
    { "<p><link itemprop=\"x\" href=\"a.css\"/></p>", 0, 0, 0, NULL },
    { "<p><link href=\"a.css\"/></p>", 0, 1, 0, "<link> has no rel" },
    { "<p><link itemprop=\"x\"/></p>", 0, 1, 0, "<link> has no href" },
    { "<p><link itemprop=\"x\"/></p>", 1, 0, 0, NULL },
    /* roles */
    { "<section role=\"doc-chapter\"><h1 role=\"doc-subtitle\">x</h1>"
      "</section>", 0, 0, 0, NULL },
    { "<p role=\"doc-chapter\">x</p>", 0, 0, 0, NULL },
    { "<p role=\"Note\">x</p>", 0, 1, 0, "did you mean role=\"note\"" },
    { "<p role=\"\">x</p>", 0, 1, 0, "empty role" },
    { "<p role=\"note tip\">x</p>", 0, 1, 0, "several roles" },
    { "<p><a href=\"#n\" role=\"doc-noteref\">1</a></p><aside id=\"n\" "
      "role=\"doc-footnote\"><p>n</p></aside>", 0, 0, 0, NULL },
    { "<p><a href=\"#n\" role=\"doc-chapter\" id=\"n\">1</a></p>", 0, 1,
      0, "not allowed on <a>" },
    { "<p><a role=\"doc-chapter\">1</a></p>", 0, 0, 0, NULL },
    { "<ul><li role=\"doc-footnote\">x</li></ul>", 0, 1, 0,
      "not allowed on <li>" },
    { "<ol><li role=\"doc-endnote\">x</li></ol>", 0, 1, 0, "deprecated" },
    { "<ul><li role=\"doc-biblioentry\">x</li></ul>", 0, 1, 0,
      "deprecated" },
    { "<p><br role=\"none\"/></p>", 0, 0, 0, NULL },
    { "<table><caption role=\"note\">c</caption></table>", 0, 1, 0,
      "<caption> may not have a role" },
    { "<main role=\"doc-chapter\"><p>x</p></main>", 0, 1, 0,
      "<main> allows: main" },
    { "<figure role=\"doc-example\"><p>x</p></figure>", 0, 1, 0,
      "EPUB 3.2" },
    { "<figure role=\"doc-example\"><p>x</p></figure>", 1, 0, 0, NULL },
    { "<div aria-checked=\"true\">x</div>", 0, 1, 0,
      "needs a role that supports it: add one (such as role=\"checkbox\")" },
    { "<div role=\"checkbox\" aria-checked=\"true\">x</div>", 0, 0, 0,
      NULL },
    /* data-* */
    { "<p data-a.b_c-d=\"1\">x</p>", 0, 0, 0, NULL },
    { "<p data-Foo=\"1\">x</p>", 0, 1, 0, "write data-foo" },
    { "<p data-=\"1\">x</p>", 0, 1, 0, "no name after" },
    /* namespaces */
    { "<p xmlns:my=\"https://example.com/ns\" my:x=\"1\">x</p>", 0, 0, 0,
      NULL },
    { "<p xmlns:my=\"urn:my\" my:x=\"1\">x</p>", 0, 1, 0, "no host name" },
    { "<p xmlns:o=\"http://www.idpf.org/2007/opf\" o:x=\"1\">x</p>", 0, 1,
      0, "reserved namespace" },
    { "<p xmlns:its=\"http://www.w3.org/2005/11/its\" its:locNote=\"n\">"
      "x</p>", 0, 1, 0, "ITS namespace" },
    { "<p xmlns:s=\"http://www.w3.org/2001/10/synthesis\" s:ph=\"x\">x</p>",
      0, 0, 0, NULL },
    { "<p xml:space=\"preserve\" xml:base=\"x/\">x</p>", 0, 0, 0, NULL },
    { "<p xml:space=\"keep\">x</p>", 0, 1, 0, "\"preserve\"" },
    { "<p xml:id=\"x\">x</p>", 0, 1, 0, "use id" },
    { "<p epub:foo=\"x\">x</p>", 0, 1, 0, "not an EPUB attribute" },
    { "<p epub:prefix=\"a: http://a/\">x</p>", 0, 1, 0, "only accepts it" },
    { "<p epub:type=\"chapter msv:x\">x</p>", 0, 0, 0, NULL },
    { "<p epub:type=\"dcterms:x\">x</p>", 0, 1, 0, "not declared" },
    /* SVG and MathML: data-* names and <math display> only */
    { "<svg xmlns=\"http://www.w3.org/2000/svg\" align=\"x\"/>", 0, 0, 0,
      NULL },
    { "<svg xmlns=\"http://www.w3.org/2000/svg\" data-X=\"x\"/>", 0, 1, 0,
      "write data-x" },
    { "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"
      "<mi>x</mi></math>", 0, 0, 0, NULL },
    { "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"wide\">"
      "<mi>x</mi></math>", 0, 1, 0, "\"block\" or \"inline\"" },
    /* blanks: kept in ARIA values, trimmed in HTML keywords */
    { "<p dir=\" ltr \">x</p>", 0, 0, 0, NULL },
    { "<p aria-hidden=\" true\">x</p>", 0, 1, 0, "\"true\" or \"false\"" },
};

static struct mk_diag *check(const char *body, int epub33, const char *head)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_diag *dc = mk_diag_new();
    xmlDocPtr doc;

    assert_non_null(dc);
    mk_buf_addf(&b, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                "xmlns:epub=\"http://www.idpf.org/2007/ops\"%s><head>"
                "<title>t</title></head><body>%s</body></html>", head,
                body);
    assert_false(mk_buf_failed(&b));
    doc = xmlReadMemory(mk_buf_str(&b), (int)b.len, "t.xhtml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR
                        | XML_PARSE_NOWARNING);
    mk_buf_release(&b);
    assert_non_null(doc);
    assert_int_equal(mk_htmlattr_check(xmlDocGetRootElement(doc), "t.xhtml",
                                       epub33, dc), 0);
    xmlFreeDoc(doc);
    return dc;
}

static void test_cases(void **state)
{
    size_t i;
    int failed = 0;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        const struct attr_case *c = &cases[i];
        struct mk_diag *dc = check(c->body, c->epub33, "");
        const char *msg = "", *file;
        long line, col;
        enum mk_severity sev;
        int ok;

        if (mk_diag_count(dc) > 0)
            mk_diag_get(dc, 0, &file, &line, &col, &sev, &msg);
        ok = (int)mk_diag_errors(dc) == c->errors
             && (int)mk_diag_warnings(dc) == c->warnings
             && (!c->words || strstr(msg, c->words));
        if (!ok) {
            fprintf(stderr, "case %zu: %s\n  want %d errors %d warnings "
                    "'%s', got %zu/%zu:\n", i, c->body, c->errors,
                    c->warnings, c->words ? c->words : "",
                    mk_diag_errors(dc), mk_diag_warnings(dc));
            failed++;
        }
        mk_diag_free(dc);
    }
    assert_int_equal(failed, 0);
}

static void test_tables_sorted(void **state)
{
    (void)state;
    assert_int_equal(mk_htmlattr_tables_sorted(), 1);
}

/* A prefix declared on <html> is known to epub:type everywhere. */
static void test_declared_prefix(void **state)
{
    struct mk_diag *dc;

    (void)state;
    dc = check("<p epub:type=\"z3998:poem\">x</p>", 0,
               " epub:prefix=\"z3998: http://www.daisy.org/z3998/2012/"
               "vocab/structure/#\"");
    assert_int_equal(mk_diag_count(dc), 0);
    mk_diag_free(dc);
}

/* The diagnostics carry the element's line. */
static void test_position(void **state)
{
    struct mk_diag *dc;
    long line = 0, col = 0;
    const char *file, *msg;
    enum mk_severity sev;

    (void)state;
    dc = check("\n\n<p dir=\"x\">x</p>", 0, "");
    assert_int_equal(mk_diag_count(dc), 1);
    assert_int_equal(mk_diag_get(dc, 0, &file, &line, &col, &sev, &msg),
                     0);
    assert_int_equal(line, 3);
    mk_diag_free(dc);
}

/* Checked in parts: the ids of a part that is then freed still answer
 * the references resolved at the end (what element, in which table,
 * inside what), and a part with references cannot be forgotten. */
static void test_parts(void **state)
{
    static const char src[] =
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t"
        "</title></head><body aria-activedescendant=\"a\" role=\"application\">"
        "<div><p id=\"a\">x</p><input id=\"i\"/><form id=\"f\"/>"
        "<table><tr><th id=\"t\">h</th></tr></table></div>"
        "<p><label for=\"a\">1</label><label for=\"i\">2</label>"
        "<input form=\"f\"/><input form=\"a\"/></p>"
        "<table><tr><td headers=\"t\">x</td></tr></table>"
        "<div aria-activedescendant=\"i\" role=\"listbox\">y</div>"
        "</body></html>";
    xmlDocPtr doc = xmlReadMemory(src, (int)sizeof(src) - 1, "t.xhtml",
                                  NULL, XML_PARSE_NONET);
    struct mk_diag *dc = mk_diag_new();
    struct mk_htmlattr *A = mk_htmlattr_new("t.xhtml", 0);
    xmlNodePtr html, body, part, c;
    const char *file, *msg;
    long line, col;
    enum mk_severity sev;
    size_t i;
    static const char *const want[] = {
        "aria-activedescendant on <div> refers to \"i\", which is not "
        "inside it: name an element within this one",
        "for=\"a\" on <label> refers to a <p>, which cannot be labelled: "
        "point it at a form control (input, select, textarea, button, "
        "meter, output, progress) or drop the attribute",
        "form=\"a\" on <input> refers to a <p>, not a <form>: name the id "
        "of the form it belongs to, or remove form=",
        "headers on <td> refers to \"t\", which is not a <th> of the same "
        "table: name the ids of this table's header cells",
    };

    (void)state;
    assert_non_null(doc);
    assert_non_null(dc);
    assert_non_null(A);
    html = xmlDocGetRootElement(doc);
    body = html->last;
    part = body->children;
    mk_htmlattr_mark(A);
    assert_int_equal(mk_htmlattr_walk(A, html, part, 1, dc), 0);
    assert_false(mk_htmlattr_refers(A));
    assert_int_equal(mk_htmlattr_forget(A, body), 0);
    xmlUnlinkNode(part);
    xmlFreeNode(part);
    /* the next part refers to ids: it stays */
    mk_htmlattr_mark(A);
    assert_int_equal(mk_htmlattr_walk(A, html, body->children, 1, dc), 0);
    assert_true(mk_htmlattr_refers(A));
    assert_int_equal(mk_htmlattr_forget(A, body), -1);
    for (c = body->children->next; c; c = c->next)
        assert_int_equal(mk_htmlattr_walk(A, html, c, 1, dc), 0);
    assert_int_equal(mk_htmlattr_walk(A, html, html, 0, dc), 0);
    assert_int_equal(mk_htmlattr_walk(A, html, html->children, 1, dc), 0);
    assert_int_equal(mk_htmlattr_walk(A, html, body, 0, dc), 0);
    assert_int_equal(mk_htmlattr_resolve(A, dc), 0);
    assert_int_equal(mk_diag_count(dc), sizeof(want) / sizeof(*want));
    for (i = 0; i < sizeof(want) / sizeof(*want); i++) {
        assert_int_equal(mk_diag_get(dc, i, &file, &line, &col, &sev, &msg),
                         0);
        assert_string_equal(msg, want[i]);
    }
    mk_htmlattr_free(A);
    mk_diag_free(dc);
    xmlFreeDoc(doc);
}

/* Many chapters' worth of attributes in one document: the walk is
 * iterative (deep nesting) and fast. */
static void test_deep(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_diag *dc;
    int i;

    (void)state;
    for (i = 0; i < 5000; i++)
        mk_buf_adds(&b, "<div role=\"note\" aria-labelledby=\"t\">");
    mk_buf_adds(&b, "<p id=\"t\">x</p>");
    for (i = 0; i < 5000; i++)
        mk_buf_adds(&b, "</div>");
    assert_false(mk_buf_failed(&b));
    {
        xmlDocPtr doc;
        struct mk_buf w = MK_BUF_INIT;

        mk_buf_addf(&w, "<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                    "<body>%s</body></html>", mk_buf_str(&b));
        doc = xmlReadMemory(mk_buf_str(&w), (int)w.len, "t.xhtml", NULL,
                            XML_PARSE_HUGE | XML_PARSE_NONET);
        assert_non_null(doc);
        dc = mk_diag_new();
        assert_int_equal(mk_htmlattr_check(xmlDocGetRootElement(doc),
                                           "t.xhtml", 0, dc), 0);
        assert_int_equal(mk_diag_count(dc), 0);
        mk_diag_free(dc);
        xmlFreeDoc(doc);
        mk_buf_release(&w);
    }
    mk_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_sorted),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_declared_prefix),
        cmocka_unit_test(test_position),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_parts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
