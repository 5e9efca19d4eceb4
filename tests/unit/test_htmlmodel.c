/*
 * test_htmlmodel.c - unit tests for src/htmlmodel.c: for each content
 * model rule, a chapter that follows it gives no diagnostic and one that
 * breaks it gives exactly the expected ones, at the offending element.
 * The cases were checked against EPUBCheck 4.2 and 5 (what both accept
 * is valid here; what either refuses is an error, or an EPUB 3.2 error
 * that --epub 3.3 drops).
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
#include "htmlmodel.h"
#include "xml.h"

#define HEAD "<html xmlns=\"http://www.w3.org/1999/xhtml\" " \
    "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>T</title>" \
    "</head>\n<body>"
#define TAIL "</body></html>"
#define SVG "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title>"
#define MATH "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">"

/* One case: a body (or, starting with "<html", a whole document), the
 * mode, how many diagnostics, and a piece of the first one's message. */
struct model_case {
    const char *src;
    int epub33;
    size_t n;
    const char *first;
};

/* Runs the checker over src; returns the collector (caller frees). */
static struct mk_diag *check(const char *src, int epub33)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_diag *dc = mk_diag_new();
    xmlDocPtr doc;
    int fragment = 0;

    assert_non_null(dc);
    if (strncmp(src, "<html", 5) != 0)
        mk_buf_addf(&b, "%s%s%s", HEAD, src, TAIL);
    else
        mk_buf_adds(&b, src);
    assert_false(b.failed);
    doc = mk_xml_parse("ch.xhtml", mk_buf_str(&b), b.len, MK_XML_CHAPTER,
                       dc, &fragment);
    mk_buf_release(&b);
    assert_non_null(doc);
    assert_int_equal(mk_diag_count(dc), 0);
    assert_int_equal(mk_htmlmodel_check(xmlDocGetRootElement(doc),
                                        "ch.xhtml", epub33, dc), 0);
    xmlFreeDoc(doc);
    return dc;
}

static void run_cases(const struct model_case *cases, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        struct mk_diag *dc = check(cases[i].src, cases[i].epub33);
        const char *f, *m = "";
        long line, col;
        enum mk_severity sev;

        if (mk_diag_count(dc) != cases[i].n) {
            for (k = 0; k < mk_diag_count(dc); k++) {
                mk_diag_get(dc, k, &f, &line, &col, &sev, &m);
                print_message("  %ld:%ld %s\n", line, col, m);
            }
            fail_msg("case %zu (%s): %zu diagnostics, expected %zu", i,
                     cases[i].src, mk_diag_count(dc), cases[i].n);
        }
        if (cases[i].first) {
            mk_diag_get(dc, 0, &f, &line, &col, &sev, &m);
            if (!strstr(m, cases[i].first))
                fail_msg("case %zu (%s): '%s' not in '%s'", i,
                         cases[i].src, cases[i].first, m);
        }
        mk_diag_free(dc);
    }
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(*cases))

/* The first diagnostic is exactly message at line:col. */
static void expect_first(const char *src, int epub33, long line, long col,
                         enum mk_severity sev, const char *message)
{
    struct mk_diag *dc = check(src, epub33);
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(dc, 0, &f, &l, &c, &s, &m), 0);
    assert_string_equal(f, "ch.xhtml");
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
    mk_diag_free(dc);
}

static void test_phrasing_and_flow(void **state)
{
    static const struct model_case cases[] = {
        { "<p>a <em>b</em> <span><a href=\"#x\">c</a></span></p>", 0, 0,
          NULL },
        { "<p>a<p>b</p></p>", 0, 1, "<p> cannot contain <p>" },
        { "<p><span><div>x</div></span></p>", 0, 1,
          "<span> cannot contain <div>" },
        { "<h1><p>x</p></h1>", 0, 1, "<h1> cannot contain <p>" },
        { "<p><table><tr><td>a</td></tr></table></p>", 0, 1,
          "<p> cannot contain <table>" },
        { "<div><p>x</p><section><h2>s</h2></section></div>", 0, 0, NULL },
        { "hello <b>x</b><blockquote>q</blockquote>", 0, 0, NULL },
        { "<p><button><div>x</div></button></p>", 0, 1,
          "<button> cannot contain <div>" },
        { "<p><br>x</br></p>", 0, 1, "<br> cannot contain text" },
        { "<iframe><p>x</p></iframe>", 0, 1, "it must be empty" },
        { "<p><textarea><b>x</b></textarea></p>", 0, 1,
          "<textarea> cannot contain <b>: it holds only text" },
    };

    (void)state;
    RUN(cases);
    expect_first("<p>a<p>b</p></p>", 0, 2, 11, MK_ERROR,
                 "<p> cannot contain <p>: it holds only phrasing content "
                 "(text and inline elements such as <span> or <em>); "
                 "close the <p> before the <p>, or use a block element "
                 "such as <div> instead of <p>");
}

static void test_transparent(void **state)
{
    static const struct model_case cases[] = {
        { "<div><a href=\"#x\"><div>x</div></a></div>", 0, 0, NULL },
        { "<p><a href=\"#x\"><div>x</div></a></p>", 0, 1,
          "<a> cannot contain <div> here" },
        { "<p><span><ins><div>x</div></ins></span></p>", 0, 1,
          "<ins> cannot contain <div> here" },
        { "<div><ins><p>x</p></ins><del><p>y</p></del></div>", 0, 0, NULL },
        { "<p><map name=\"m\"><div>x</div></map></p>", 0, 1,
          "<map> cannot contain <div> here" },
        { "<object data=\"i.png\"><param name=\"a\" value=\"b\"/>x</object>",
          0, 0, NULL },
        { "<object data=\"i.png\">x<param name=\"a\" value=\"b\"/></object>",
          0, 1, "<param> is out of order in <object>" },
        { "<audio controls=\"controls\"><source src=\"a.mp3\"/>"
          "<track src=\"a.vtt\"/><p>x</p></audio>", 0, 0, NULL },
        { "<audio controls=\"controls\"><p>x</p><source src=\"a.mp3\"/>"
          "</audio>", 0, 1, "<source> is out of order in <audio>" },
        { "<video><track default=\"\" src=\"a\"/><track default=\"\" "
          "src=\"b\"/></video>", 0, 1, "only one <track> of a <video>" },
        { "<video src=\"a.mp4\"><source src=\"a.mp4\"/></video>", 0, 1,
          "a <video> with a src attribute cannot also have <source>" },
    };

    (void)state;
    RUN(cases);
}

static void test_interactive(void **state)
{
    static const struct model_case cases[] = {
        { "<p><a href=\"#x\"><a href=\"#y\">y</a></a></p>", 0, 1,
          "<a> cannot be inside <a>" },
        { "<p><a><a>y</a></a></p>", 0, 1, "<a> cannot be inside <a>" },
        { "<p><a href=\"#x\"><button>b</button></a></p>", 0, 1,
          "<button> cannot be inside <a>" },
        { "<p><button><a href=\"#x\">y</a></button></p>", 0, 1,
          "<a> cannot be inside <button>" },
        { "<p><button><input/></button></p>", 0, 1,
          "<input> cannot be inside <button>" },
        { "<p><a href=\"#x\"><input type=\"hidden\"/>x</a></p>", 0, 0,
          NULL },
        { "<p><a href=\"#x\"><video controls=\"\"></video></a></p>", 0, 1,
          "<video> cannot be inside <a>" },
        { "<p><a href=\"#x\"><video></video><img src=\"i\" alt=\"\"/>"
          "</a></p>", 0, 0, NULL },
        { "<p><a href=\"#x\"><img src=\"i\" alt=\"\" usemap=\"#m\"/></a>"
          "</p>", 0, 1, "<img> cannot be inside <a>" },
        { "<a href=\"#x\"><details><summary>s</summary></details></a>", 0,
          1, "<details> cannot be inside <a>" },
        { "<p><label>a<input/><button>b</button></label></p>", 0, 0,
          NULL },
        { "<p><label>a<label>b</label></label></p>", 0, 1,
          "<label> cannot be inside <label>" },
        { "<p><label><a href=\"#x\">x</a></label></p>", 0, 0, NULL },
    };

    (void)state;
    RUN(cases);
    expect_first("<p><a href=\"#x\"><a href=\"#y\">y</a></a></p>", 0, 2,
                 23, MK_ERROR, "<a> cannot be inside <a>: links, buttons "
                 "and other interactive elements cannot nest; move the "
                 "<a> out");
}

static void test_nesting_bans(void **state)
{
    static const struct model_case cases[] = {
        { "<form><form></form></form>", 0, 1,
          "<form> cannot be inside <form>" },
        { "<address><address>x</address></address>", 0, 1,
          "<address> cannot be inside <address>" },
        { "<address><header>x</header></address>", 0, 1,
          "<header> cannot be inside <address>" },
        { "<address><h1>x</h1><p>y</p></address>", 0, 0, NULL },
        { "<header><header>x</header></header>", 0, 1,
          "<header> cannot be inside <header>" },
        { "<header><footer>x</footer></header>", 0, 1,
          "<footer> cannot be inside <header>" },
        { "<article><header>h</header><footer>f</footer></article>", 0, 0,
          NULL },
        { "<article><main><p>x</p></main></article>", 0, 0, NULL },
        { "<p><dfn>a<dfn>b</dfn></dfn></p>", 0, 1,
          "<dfn> cannot be inside <dfn>" },
        { "<p><time datetime=\"2020\">a<time>b</time></time></p>", 0, 0,
          NULL },
        { "<p><x-widget>a<x->b</x-></x-widget></p><div><x-widget><p>c</p>"
          "</x-widget></div>", 0, 0, NULL },
        { "<p><x-widget><div>a</div></x-widget></p>", 0, 1,
          "<x-widget> cannot contain <div> here" },
        { "<ul><x-widget>a</x-widget></ul>", 0, 1,
          "<ul> cannot contain <x-widget>" },
        { "<p><x-widget><a href=\"#\"><a href=\"#\">y</a></a></x-widget></p>",
          0, 1, "<a> cannot be inside <a>" },
        { "<p><ruby><rt>a</rt>b</ruby></p>", 0, 1,
          "<ruby> ends with base text that has no <rt>" },
        { "<p><ruby>a<rp>(</rp><rt>b</rt><rp>)</rp><em>c</em></ruby></p>",
          0, 1, "<ruby> ends with base text" },
        { "<p><ruby><rt>a</rt></ruby><ruby>a<rp>(</rp><rt>b</rt><rp>)</rp>"
          "c<rt>d</rt></ruby></p>", 0, 0, NULL },
        { "<p><time>a<time>b</time></time></p>", 0, 1,
          "<time> cannot contain <time>: without a datetime attribute" },
        { "<p><time>a<em>b</em><br/></time></p>", 0, 2,
          "<time> cannot contain <em>: without a datetime attribute" },
        { "<p><time>" SVG "</svg></time></p>", 0, 1,
          "<time> cannot contain <svg>" },
        { "<p><time datetime=\"2020\"><em>b</em>" SVG "</svg></time></p>",
          0, 0, NULL },
        { "<p><meter value=\"1\"><meter value=\"1\"></meter></meter></p>", 0,
          1, "<meter> cannot be inside <meter>" },
        { "<table><caption><table><tr><td>a</td></tr></table></caption>"
          "</table>", 0, 1, "<table> cannot be inside <caption>" },
        { "<p><area alt=\"x\" href=\"#a\"/></p>", 0, 1,
          "<area> must be inside a <map>" },
        { "<p><map name=\"m\"><area alt=\"x\" href=\"#a\"/></map></p>", 0, 0,
          NULL },
        { "<p><img src=\"i\" alt=\"\" ismap=\"ismap\"/></p>", 0, 1,
          "<img ismap> must be inside an <a href>" },
    };

    (void)state;
    RUN(cases);
}

static void test_lists_and_dl(void **state)
{
    static const struct model_case cases[] = {
        { "<ul><li>a</li></ul><ol><li>b</li></ol><menu><li>c</li></menu>",
          0, 0, NULL },
        { "<ul><p>x</p></ul>", 0, 1, "<ul> cannot contain <p>: it holds "
          "only <li> items" },
        { "<ul>x<li>a</li></ul>", 0, 1, "<ul> cannot contain text" },
        { "<ol><script>var a;</script><li>a</li></ol>", 0, 0, NULL },
        { "<div><li>x</li></div>", 0, 1, "<li> belongs only in <ul>" },
        { "<dl><dt>a</dt><dd>b</dd><dt>c</dt><dt>d</dt><dd>e</dd></dl>", 0,
          0, NULL },
        { "<dl><div><dt>a</dt><dd>b</dd></div></dl>", 0, 0, NULL },
        { "<dl></dl>", 0, 0, NULL },
        { "<dl><p>x</p></dl>", 0, 1, "<dl> cannot contain <p>" },
        { "<dl><dt>a</dt></dl>", 0, 1, "ends with a <dt> that has no <dd>" },
        { "<dl><dd>a</dd></dl>", 0, 1, "<dd> must follow a <dt>" },
        { "<dl><dt>a</dt><dd>b</dd><div><dt>a</dt><dd>b</dd></div></dl>",
          0, 1, "cannot mix <div> groups" },
        { "<dl><div><dt>a</dt></div></dl>", 0, 1, "<div> ends with a <dt>" },
        { "<dt>a</dt>", 0, 1, "<dt> belongs only in <dl>" },
    };

    (void)state;
    RUN(cases);
}

static void test_tables(void **state)
{
    static const struct model_case cases[] = {
        { "<table><tr><td>a</td></tr></table><table></table>", 0, 0, NULL },
        { "<table>\n <caption>c</caption>\n <colgroup><col/></colgroup>\n"
          " <colgroup span=\"2\"></colgroup>\n <thead><tr><th>h</th></tr>"
          "</thead>\n <tbody><tr><td>a</td></tr></tbody>\n <tbody></tbody>"
          "\n <tfoot><tr><td>f</td></tr></tfoot>\n</table>", 0, 0, NULL },
        { "<table><caption>c</caption><tr><td>a</td></tr></table>", 0, 0,
          NULL },
        { "<table><tbody><tr><td>a</td></tr></tbody><caption>c</caption>"
          "</table>", 0, 1, "<caption> is out of order in <table>" },
        { "<table><tfoot><tr><td>a</td></tr></tfoot><tbody><tr><td>a</td>"
          "</tr></tbody></table>", 0, 1, "<tbody> is out of order" },
        { "<table><tbody><tr><td>a</td></tr></tbody><tr><td>a</td></tr>"
          "</table>", 0, 1, "<tr> is out of order" },
        { "<table><thead></thead><thead></thead></table>", 0, 1,
          "<thead> is out of order" },
        { "<table>x<tr><td>a</td></tr></table>", 0, 1,
          "<table> cannot contain text" },
        { "<table><tr>x<td>a</td></tr></table>", 0, 1,
          "<tr> cannot contain text" },
        { "<table><tr><p>a</p></tr></table>", 0, 1,
          "<tr> cannot contain <p>" },
        { "<table><col/><tr><td>a</td></tr></table>", 0, 1,
          "<col> belongs only in <colgroup>" },
        { "<table><colgroup span=\"2\"><col/></colgroup></table>", 0, 1,
          "<colgroup span=\"...\"> must be empty" },
        { "<td>a</td>", 0, 1, "<td> belongs only in <tr>" },
        { "<table><tr><th><h1>x</h1><header>y</header></th></tr></table>",
          0, 0, NULL },
    };

    (void)state;
    RUN(cases);
}

static void test_figure_details_fieldset(void **state)
{
    static const struct model_case cases[] = {
        { "<figure><p>a</p><figcaption>c</figcaption></figure>"
          "<figure><figcaption>c</figcaption><p>a</p></figure>", 0, 0,
          NULL },
        { "<figure><p>a</p><figcaption>c</figcaption><p>b</p></figure>", 0,
          1, "<p> is out of order in <figure>" },
        { "<figure><figcaption>c</figcaption><figcaption>d</figcaption>"
          "</figure>", 0, 1, "may hold only one <figcaption>" },
        { "<figcaption>c</figcaption>", 0, 1, "belongs only in <figure>" },
        { "<details><summary>s</summary><p>x</p></details>", 0, 0, NULL },
        { "<details><summary><h2>s</h2></summary></details>", 0, 0, NULL },
        { "<details><p>x</p></details>", 0, 1,
          "<details> needs a <summary> before <p>" },
        { "<details></details>", 0, 1, "<details> is incomplete" },
        { "<details>x<summary>s</summary></details>", 0, 1,
          "<details> needs a <summary> before its text" },
        { "<details><p>x</p><summary>s</summary></details>", 0, 1,
          "<summary> is out of order" },
        { "<details><summary><p>x</p></summary></details>", 0, 1,
          "<summary> cannot contain <p>" },
        { "<fieldset><legend><h1>l</h1></legend><p>x</p></fieldset>", 0, 0,
          NULL },
        { "<fieldset><p>x</p><legend>l</legend></fieldset>", 0, 1,
          "<legend> is out of order" },
    };

    (void)state;
    RUN(cases);
}

static void test_ruby_picture_select(void **state)
{
    static const struct model_case cases[] = {
        { "<p><ruby>a<rp>(</rp><rt>b</rt><rp>)</rp></ruby>"
          "<ruby><rb>a</rb><rtc><rt>b</rt></rtc></ruby>"
          "<ruby><rt>b</rt></ruby></p>", 0, 0, NULL },
        { "<p><ruby>a</ruby></p>", 0, 1, "<ruby> needs an <rt>" },
        { "<p><ruby><rp>(</rp>a<rt>b</rt></ruby></p>", 0, 1,
          "<rp> must stand right before or after an <rt>" },
        { "<p><ruby><rb>a</rb><rtc><rb>x</rb></rtc></ruby></p>", 0, 1,
          "<rtc> cannot contain <rb>" },
        { "<p><rt>b</rt></p>", 0, 1, "<rt> belongs only in <ruby>" },
        { "<picture><source srcset=\"i.png\"/><img src=\"i.png\" alt=\"\"/>"
          "</picture>", 0, 0, NULL },
        { "<picture><img src=\"i\" alt=\"\"/><source srcset=\"i\"/>"
          "</picture>", 0, 1, "<source> is out of order in <picture>" },
        { "<picture><source srcset=\"i\"/></picture>", 0, 1,
          "<picture> is incomplete: it needs an <img>" },
        { "<p><select><optgroup label=\"g\"><option>a</option></optgroup>"
          "<option>b</option></select></p>", 0, 0, NULL },
        { "<p><select><p>x</p></select></p>", 0, 1,
          "<select> cannot contain <p>" },
        { "<p><select><optgroup label=\"g\"><optgroup label=\"h\"/>"
          "</optgroup></select></p>", 0, 1,
          "<optgroup> cannot contain <optgroup>" },
        { "<p><select><option><b>x</b></option></select></p>", 0, 1,
          "<option> cannot contain <b>" },
        { "<p><select><option selected=\"\">a</option><optgroup label=\"g\">"
          "<option selected=\"\">b</option></optgroup></select></p>", 0, 1,
          "may have only one selected <option>" },
        { "<p><datalist><option>a</option></datalist><datalist>x<b>y</b>"
          "</datalist></p>", 0, 0, NULL },
        { "<p><option>x</option></p>", 0, 1, "<option> belongs only in" },
    };

    (void)state;
    RUN(cases);
}

static void test_hgroup_and_epub_versions(void **state)
{
    static const struct model_case cases[] = {
        { "<hgroup><h1>a</h1></hgroup>", 0, 0, NULL },
        { "<hgroup><h1>a</h1><p>b</p></hgroup>", 0, 1,
          "<p> in <hgroup> is EPUB 3.3 only" },
        { "<hgroup><h1>a</h1><p>b</p></hgroup>", 1, 0, NULL },
        { "<hgroup><p>b</p><h2>a</h2><p>c</p></hgroup>", 1, 0, NULL },
        { "<hgroup><h1>a</h1><h2>b</h2></hgroup>", 0, 1,
          "<hgroup> may hold only one heading" },
        { "<hgroup><h1>a</h1><h2>b</h2></hgroup>", 1, 1,
          "<hgroup> may hold only one heading" },
        { "<hgroup></hgroup>", 1, 1, "<hgroup> needs a heading" },
        { "<hgroup><p>b</p></hgroup>", 1, 1, "<hgroup> needs a heading" },
        { "<p><slot>x</slot></p>", 0, 1, "<slot> is EPUB 3.3 only" },
        { "<p><slot>x</slot></p>", 1, 0, NULL },
        { "<dialog><p>x</p></dialog><main><p>m</p></main>", 0, 0, NULL },
    };

    (void)state;
    RUN(cases);
    expect_first("<hgroup><h1>a</h1><p>b</p></hgroup>", 0, 2, 25, MK_ERROR,
                 "<p> in <hgroup> is EPUB 3.3 only: EPUB 3.2 (EPUBCheck "
                 "4.2) allows only <h1>-<h6> there; move the <p> after the "
                 "<hgroup>, or build with --epub 3.3");
}

static void test_document(void **state)
{
    static const struct model_case cases[] = {
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta "
          "charset=\"utf-8\"/><title>a</title><style>p{}</style><script>"
          "</script><template><p>x</p></template><link rel=\"stylesheet\" "
          "href=\"a.css\"/><base href=\"a\"/></head><body><p>x</p></body>"
          "</html>", 0, 0, NULL },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>a"
          "</title><title>b</title></head><body/></html>", 0, 1,
          "<head> may hold only one <title>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta "
          "charset=\"utf-8\"/><meta charset=\"utf-8\"/></head><body/></html>",
          0, 1, "only one <meta charset>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta "
          "http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\""
          "/><meta charset=\"utf-8\"/><title>a</title></head><body/></html>",
          0, 1, "both <meta http-equiv=\"Content-Type\"> and <meta "
          "charset>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta "
          "http-equiv=\"content-type\" content=\"text/html; charset=utf-8\""
          "/><title>a</title></head><body/></html>", 0, 0, NULL },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><base "
          "href=\"a\"/><base href=\"b\"/></head><body/></html>", 0, 1,
          "<head> may hold only one <base>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/><head/>"
          "</html>", 0, 1, "<head> is out of order in <html>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head/><body/>"
          "<body/></html>", 0, 1, "<html> may hold only one <body>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\">x<head/><body/>"
          "</html>", 0, 1, "<html> cannot contain text" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><p>x</p>"
          "</head><body/></html>", 0, 1, "<head> cannot contain <p>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>a<b>"
          "c</b></title></head><body/></html>", 0, 1,
          "<title> cannot contain <b>" },
        { "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><noscript/>"
          "</head><body/></html>", 0, 1, "<noscript> is not allowed" },
        { "<style>p{}</style><p>x</p>", 0, 1,
          "<style> is only allowed inside <head>" },
        { "<noscript><p>x</p></noscript>", 0, 1,
          "<noscript> is not allowed" },
        { "<head><title>x</title></head>", 0, 1, "<head> belongs only in" },
        { "<div><meta name=\"a\" content=\"b\"/></div>", 0, 1,
          "<meta> outside <head> needs an itemprop" },
        { "<div itemscope=\"\"><meta itemprop=\"a\" content=\"b\"/>"
          "<link itemprop=\"u\" href=\"#x\"/></div>", 0, 0, NULL },
    };

    (void)state;
    RUN(cases);
}

static void test_unknown_foreign_obsolete(void **state)
{
    static const struct model_case cases[] = {
        { "<paragraph>x</paragraph>", 0, 1,
          "<paragraph> is not an HTML element: did you mean <p>?" },
        { "<p><spna>x</spna></p>", 0, 1, "did you mean <span>?" },
        { "<p><math><mi>x</mi></math></p>", 0, 1,
          "<math> is missing its namespace, so it is read as HTML: write "
          "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">" },
        { "<search><p>x</p></search>", 1, 1,
          "<search> is not an HTML element" },
        { "<p>x</p><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
          " href=\"a.xml\"/>", 0, 1, "<xi:include> (XInclude)" },
        { "<p><f:b xmlns:f=\"urn:x\">x</f:b></p>", 0, 1,
          "<b> from namespace \"urn:x\" is not allowed" },
        { "<center>x</center>", 0, 1, "<center> is obsolete HTML" },
        { "<p><font>x<big>y</big></font></p>", 0, 2, "<font> is obsolete" },
        { "<epub:switch id=\"s\"><epub:case required-namespace=\"urn:x\">"
          "<p>m</p></epub:case><epub:default><p>x</p></epub:default>"
          "</epub:switch>", 0, 1, "<epub:switch> is deprecated" },
        { "<epub:foo>x</epub:foo>", 0, 1, "<epub:foo> is not an element" },
        { "<epub:case>x</epub:case>", 0, 1, "<epub:case> belongs only" },
    };

    (void)state;
    RUN(cases);
    expect_first("<epub:trigger ev:observer=\"t\" ev:event=\"click\" "
                 "xmlns:ev=\"http://www.w3.org/2001/xml-events\"/>", 0, 2, 7,
                 MK_ERROR, "<epub:trigger> is deprecated and EPUBCheck "
                 "warns about it (RSC-017): remove it (use scripting if the book "
                 "needs it)");
}

static void test_svg(void **state)
{
    static const struct model_case cases[] = {
        { "<p>" SVG "<defs><linearGradient id=\"g\"><stop offset=\"0\"/>"
          "</linearGradient></defs><g><rect width=\"1\" height=\"1\"><title>"
          "r</title></rect><text>a<tspan>b</tspan></text></g>"
          "<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>"
          "</foreignObject></svg></p>", 0, 0, NULL },
        { SVG "<foo/></svg>", 0, 1, "<svg:foo> is not an SVG 1.1 element" },
        { SVG "<foo/></svg>", 1, 0, NULL },
        { SVG "<rect width=\"1\" height=\"1\" foo=\"x\"/></svg>", 0, 1,
          "attribute foo on <svg:rect> is not an SVG 1.1 attribute" },
        { SVG "<rect width=\"1\" height=\"1\" foo=\"x\"/></svg>", 1, 0,
          NULL },
        { SVG "<rect x=\"1\" width=\"1\"/></svg>", 0, 1,
          "<svg:rect> has no height, which SVG 1.1 requires" },
        { SVG "<circle cx=\"1\" r=\"1\" class=\"c\" fill=\"red\" "
          "aria-hidden=\"true\"/></svg>", 0, 0, NULL },
        { SVG "<rect width=\"1\" height=\"1\"><g/></rect></svg>", 0, 1,
          "<svg:rect> cannot contain <svg:g>" },
        { SVG "<rect width=\"1\" height=\"1\"><g/></rect></svg>", 1, 0,
          NULL },
        { SVG "hello</svg>", 0, 1, "<svg:svg> cannot contain text" },
        { SVG "<a xlink:title=\"t\" xmlns:xlink=\"http://www.w3.org/1999/"
          "xlink\"><rect width=\"1\" height=\"1\"/></a><g><a><title>t"
          "</title><text>x</text></a></g><text><a xlink:title=\"u\" "
          "xmlns:xlink=\"http://www.w3.org/1999/xlink\">y</a></text></svg>",
          0, 0, NULL },
        { SVG "<g><a><text>x</text></a></g></svg>", 0, 1,
          "SVG link <svg:a> has no title: EPUBCheck 4.2 warns (ACC-011)" },
        { SVG "<g><a><text>x</text></a></g></svg>", 1, 0, NULL },
        { SVG "<feBlend/></svg>", 0, 1, "move it into a <filter>" },
        { SVG "<g><tspan>x</tspan></g></svg>", 0, 1,
          "move it into a <text>" },
        { SVG "<p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></svg>", 0, 1,
          "wrap it in <svg:foreignObject>" },
        { SVG "<f:b xmlns:f=\"urn:x\"/></svg>", 0, 1, "from namespace" },
        { SVG "<f:b xmlns:f=\"urn:x\"/></svg>", 1, 0, NULL },
        { SVG "<metadata><f:b xmlns:f=\"urn:x\"/></metadata></svg>", 0, 0,
          NULL },
        { SVG "<desc>d<rect width=\"1\" height=\"1\"/></desc></svg>", 0, 0,
          NULL },
        { "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t<tspan>x"
          "</tspan></title></svg>", 1, 1,
          "<svg:title> cannot contain SVG elements" },
        { SVG "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\">"
          "<p>x</p></body></foreignObject></svg>", 1, 1,
          "<foreignObject> cannot contain <body>" },
        { SVG "<foreignObject><li xmlns=\"http://www.w3.org/1999/xhtml\">"
          "x</li></foreignObject></svg>", 1, 1, "<li> belongs only in" },
        { "<p><rect xmlns=\"http://www.w3.org/2000/svg\"/></p>", 1, 1,
          "<svg:rect> must be inside an <svg>" },
    };

    (void)state;
    RUN(cases);
}

static void test_mathml(void **state)
{
    static const struct model_case cases[] = {
        { "<p>" MATH "<semantics><mrow><msup><mi>x</mi><mn>2</mn></msup>"
          "<mtext>t <b xmlns=\"http://www.w3.org/1999/xhtml\">b</b></mtext>"
          "<mtable><mtr><mtd><mi>m</mi></mtd></mtr></mtable></mrow>"
          "<annotation encoding=\"application/x-tex\">x</annotation>"
          "<annotation-xml encoding=\"MathML-Content\" "
          "name=\"contentequiv\"><apply><power/><ci>x</ci></apply>"
          "</annotation-xml><annotation-xml encoding=\"application/xhtml+xml\""
          "><span xmlns=\"http://www.w3.org/1999/xhtml\">x</span>"
          "</annotation-xml></semantics></math></p>", 0, 0, NULL },
        { "<p>" MATH "<foo>x</foo></math></p>", 0, 1,
          "<foo> is not a MathML element" },
        { "<p>" MATH "<apply><plus/></apply></math></p>", 0, 2,
          "content MathML <apply>" },
        { "<p>" MATH "x</math></p>", 0, 1, "cannot contain text directly" },
        { "<p>" MATH "<mi><mrow/></mi></math></p>", 0, 1,
          "MathML <mi> cannot contain <mrow>" },
        { "<p>" MATH "<mfrac><mi>a</mi></mfrac></math></p>", 0, 1,
          "MathML <mfrac> needs exactly 2 child elements, not 1" },
        { "<p>" MATH "<mrow><math><mi>x</mi></math></mrow></math></p>", 0,
          1, "<math> cannot be inside another <math>" },
        { "<p>" MATH "<b xmlns=\"http://www.w3.org/1999/xhtml\">x</b>"
          "</math></p>", 0, 1, "put it in an <mtext>" },
        { "<p>" MATH "<mtd><mi>x</mi></mtd></math></p>", 0, 1,
          "<mtd> belongs only in <mtr>" },
        { "<p>" MATH "<semantics><mi>x</mi><annotation-xml "
          "encoding=\"text/foo\"/></semantics></math></p>", 0, 1,
          "needs an encoding EPUB allows" },
        { "<p>" MATH "<semantics><mi>x</mi><annotation-xml "
          "encoding=\"MathML-Content\"><ci>x</ci></annotation-xml>"
          "</semantics></math></p>", 0, 1, "needs name=\"contentequiv\"" },
        { "<p>" MATH "<semantics><mi>x</mi><annotation-xml "
          "encoding=\"application/xhtml+xml\" name=\"alternate-"
          "representation\"><span xmlns=\"http://www.w3.org/1999/xhtml\">"
          "<m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\"><m:mi>x"
          "</m:mi></m:math></span></annotation-xml></semantics></math></p>",
          0, 2, "cannot be inside an HTML alternate-representation" },
    };

    (void)state;
    RUN(cases);
}

/* Checked in parts, as a chapter streams: the children of the
 * innermost open container a run at a time, with what its ancestors
 * make of them; the same diagnostics as the whole tree's for them. */
static void test_parts(void **state)
{
    static const char src[] =
        HEAD "<section><header><p>a</p><footer>f</footer>"
        "<main>m</main><li>l</li>text<div><area/></div></header>"
        "</section>" TAIL;
    struct mk_diag *whole = mk_diag_new(), *parts = mk_diag_new();
    struct mk_htmlmodel *M = mk_htmlmodel_new("ch.xhtml", 0);
    xmlDocPtr doc;
    xmlNodePtr body, section, header, c;
    int fragment = 0;
    size_t i, n;

    (void)state;
    assert_non_null(whole);
    assert_non_null(parts);
    assert_non_null(M);
    doc = mk_xml_parse("ch.xhtml", src, sizeof(src) - 1, MK_XML_CHAPTER,
                       whole, &fragment);
    assert_non_null(doc);
    assert_int_equal(mk_htmlmodel_check(xmlDocGetRootElement(doc),
                                        "ch.xhtml", 0, whole), 0);
    body = xmlDocGetRootElement(doc)->last;
    section = body->children;
    header = section->children;
    assert_true(mk_htmlmodel_streams(body));
    assert_true(mk_htmlmodel_streams(section));
    assert_true(mk_htmlmodel_streams(header));
    assert_false(mk_htmlmodel_streams(header->children));   /* <p> */
    assert_int_equal(mk_htmlmodel_open(M, body), 0);
    assert_int_equal(mk_htmlmodel_open(M, section), 0);
    assert_int_equal(mk_htmlmodel_open(M, header), 0);
    /* one child at a time, then the rest in one run */
    for (c = header->children; c && c->type == XML_ELEMENT_NODE
         && strcmp((const char *)c->name, "li") != 0; c = c->next)
        assert_int_equal(mk_htmlmodel_part(M, c, c->next, parts), 0);
    assert_int_equal(mk_htmlmodel_part(M, c, NULL, parts), 0);
    mk_htmlmodel_close(M);
    mk_htmlmodel_close(M);
    mk_htmlmodel_close(M);
    assert_int_equal(mk_htmlmodel_part(M, header, NULL, parts), -1);
    n = mk_diag_count(whole);
    assert_int_equal(n, 3);     /* footer in header, li, area */
    assert_int_equal(mk_diag_count(parts), n);
    for (i = 0; i < n; i++) {
        const char *f1, *m1, *f2, *m2;
        long l1, c1, l2, c2;
        enum mk_severity s1, s2;

        mk_diag_get(whole, i, &f1, &l1, &c1, &s1, &m1);
        mk_diag_get(parts, i, &f2, &l2, &c2, &s2, &m2);
        assert_string_equal(m1, m2);
        assert_int_equal(c1, c2);
    }
    mk_htmlmodel_free(M);
    xmlFreeDoc(doc);
    mk_diag_free(whole);
    mk_diag_free(parts);
}

/* Deep nesting (as deep as libxml2 parses) walks without recursion;
 * no tree at all is no error. */
static void test_deep_and_generated(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_diag *dc;
    int i;

    (void)state;
    for (i = 0; i < 120; i++)
        mk_buf_adds(&b, "<div><ins>");
    mk_buf_adds(&b, "<p>x</p>");
    for (i = 0; i < 120; i++)
        mk_buf_adds(&b, "</ins></div>");
    assert_false(b.failed);
    dc = check(mk_buf_str(&b), 0);
    assert_int_equal(mk_diag_count(dc), 0);
    mk_diag_free(dc);
    mk_buf_release(&b);
    assert_int_equal(mk_htmlmodel_check(NULL, "x", 0, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrasing_and_flow),
        cmocka_unit_test(test_transparent),
        cmocka_unit_test(test_interactive),
        cmocka_unit_test(test_nesting_bans),
        cmocka_unit_test(test_lists_and_dl),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_figure_details_fieldset),
        cmocka_unit_test(test_ruby_picture_select),
        cmocka_unit_test(test_hgroup_and_epub_versions),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_unknown_foreign_obsolete),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_mathml),
        cmocka_unit_test(test_deep_and_generated),
        cmocka_unit_test(test_parts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
