/*
 * test_xhtml.c - unit tests for src/xhtml.c (and the chapter side of
 * src/xml.c): body fragments become whole XHTML documents, full
 * documents are normalised (namespace, DOCTYPE, lang, <title>,
 * stylesheet links, heading and page-break ids), what a chapter contains
 * is collected with its lines, in-file problems are reported, and the
 * serialised form is UTF-8 XHTML with HTML entities resolved and empty
 * elements written so HTML parsers read them right.
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

#include "diag.h"
#include "xhtml.h"
#include "xml.h"

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define EPUB_NS "http://www.idpf.org/2007/ops"

static const char *const one_sheet[] = { "../styles/book.css" };

/* One chapter load: its inputs and results. */
struct ch {
    struct mk_xhtml_spec spec;
    struct mk_diag *dc;
    struct mk_xhtml_info info;
    xmlDocPtr doc;
    char *out;          /* serialised, when doc != NULL */
};

/* The load of c->spec with the parts of <body> freed as they are
 * checked (MK_XHTML_PRUNE_KEEP) must give what the whole tree gave: the
 * same diagnostics, headings and bytes. */
static void same_when_pruned(const struct ch *c, const char *src)
{
    struct mk_xhtml_spec spec = c->spec;
    struct mk_diag *dc = mk_diag_new();
    struct mk_xhtml_info info;
    xmlDocPtr doc;
    size_t i, n;

    assert_non_null(dc);
    spec.prune = MK_XHTML_PRUNE_KEEP;
    mk_xhtml_info_init(&info);
    doc = mk_xhtml_load(&spec, src, strlen(src), dc, &info);
    assert_int_equal(!doc, !c->doc);
    n = mk_diag_count(c->dc);
    assert_int_equal(mk_diag_count(dc), n);
    for (i = 0; i < n; i++) {
        const char *f1, *m1, *f2, *m2;
        long l1, c1, l2, c2;
        enum mk_severity s1, s2;

        assert_int_equal(mk_diag_get(c->dc, i, &f1, &l1, &c1, &s1, &m1), 0);
        assert_int_equal(mk_diag_get(dc, i, &f2, &l2, &c2, &s2, &m2), 0);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
        assert_int_equal(s1, s2);
        assert_string_equal(m1, m2);
    }
    if (doc) {
        struct mk_buf b = MK_BUF_INIT;

        assert_int_equal(mk_xhtml_serialize(doc, &b), 0);
        assert_string_equal(mk_buf_str(&b), c->out);
        mk_buf_release(&b);
        assert_int_equal(info.n_headings, c->info.n_headings);
        for (i = 0; i < info.n_headings; i++)
            assert_string_equal(info.headings[i].id,
                                c->info.headings[i].id);
        xmlFreeDoc(doc);
    }
    mk_xhtml_info_release(&info);
    mk_diag_free(dc);
}

static void load_with(struct ch *c, const char *src, const char *title,
                      const char *lang, const char *const *sheets,
                      size_t n_sheets)
{
    memset(c, 0, sizeof *c);
    c->spec.path = "ch.xhtml";
    c->spec.title = title;
    c->spec.lang = lang;
    c->spec.stylesheets = sheets;
    c->spec.n_stylesheets = n_sheets;
    c->dc = mk_diag_new();
    assert_non_null(c->dc);
    mk_xhtml_info_init(&c->info);
    c->doc = mk_xhtml_load(&c->spec, src, strlen(src), c->dc, &c->info);
    if (c->doc) {
        struct mk_buf b = MK_BUF_INIT;

        assert_int_equal(mk_xhtml_serialize(c->doc, &b), 0);
        c->out = mk_buf_detach(&b, NULL);
        assert_non_null(c->out);
    }
    same_when_pruned(c, src);
}

static void load(struct ch *c, const char *src, const char *title)
{
    load_with(c, src, title, "en", one_sheet, 1);
}

static void done(struct ch *c)
{
    free(c->out);
    if (c->doc)
        xmlFreeDoc(c->doc);
    mk_xhtml_info_release(&c->info);
    mk_diag_free(c->dc);
    memset(c, 0, sizeof *c);
}

/* The i-th (sorted) diagnostic of the load. */
static void assert_diag(struct ch *c, size_t i, long line,
                        enum mk_severity sev, const char *message)
{
    const char *f, *m;
    long l, col;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(c->dc, i, &f, &l, &col, &s, &m), 0);
    assert_string_equal(f, "ch.xhtml");
    assert_int_equal(l, line);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' not found in:\n%s", needle, hay);
}

static void assert_not_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("'%s' unexpectedly found in:\n%s", needle, hay);
}

static xmlNodePtr first_child(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n;

    for (n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE
            && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static int group_setup(void **state)
{
    (void)state;
    xmlInitParser();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    xmlCleanupParser();
    return 0;
}

/* ---- fragments and normalisation --------------------------------------- */

static void test_fragment_becomes_document(void **state)
{
    struct ch c;
    xmlNodePtr html, head, body, title, link;
    xmlChar *v;

    (void)state;
    load(&c, "<h1>Hello</h1>\n<p>World</p>\n", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    html = xmlDocGetRootElement(c.doc);
    assert_true(mk_xml_is(html, XHTML_NS, "html"));
    head = first_child(html, "head");
    body = first_child(html, "body");
    assert_non_null(head);
    assert_non_null(body);
    assert_ptr_equal(html->children, head);     /* head comes first */
    assert_true(mk_xml_is(head, XHTML_NS, "head"));
    assert_true(mk_xml_is(body, XHTML_NS, "body"));
    assert_true(mk_xml_is(first_child(body, "h1"), XHTML_NS, "h1"));
    assert_true(mk_xml_is(first_child(body, "p"), XHTML_NS, "p"));
    title = first_child(head, "title");
    assert_non_null(title);
    v = xmlNodeGetContent(title);
    assert_string_equal((const char *)v, "Hello");
    xmlFree(v);
    link = first_child(head, "link");
    assert_non_null(link);
    v = xmlGetProp(link, BAD_CAST "href");
    assert_string_equal((const char *)v, "../styles/book.css");
    xmlFree(v);
    v = xmlGetProp(html, BAD_CAST "lang");
    assert_string_equal((const char *)v, "en");
    xmlFree(v);
    v = xmlGetNsProp(html, BAD_CAST "lang", XML_XML_NAMESPACE);
    assert_string_equal((const char *)v, "en");
    xmlFree(v);
    assert_string_equal(c.info.title, "Hello");
    assert_string_equal(c.out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE html>\n"
        "<html xmlns=\"" XHTML_NS "\" xmlns:epub=\"" EPUB_NS "\" "
        "lang=\"en\" xml:lang=\"en\"><head><title>Hello</title>"
        "<link rel=\"stylesheet\" type=\"text/css\" "
        "href=\"../styles/book.css\"/></head><body><h1 id=\"hello\">Hello"
        "</h1>\n<p>World</p>\n</body></html>\n");
    done(&c);
}

/* Text first, and a fragment after a comment: both are fragments. */
static void test_fragment_forms(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "Just text <b>bold</b>", "Given");
    assert_non_null(c.doc);
    assert_contains(c.out, "<body>Just text <b>bold</b></body>");
    assert_contains(c.out, "<title>Given</title>");
    done(&c);

    load(&c, "<!-- a comment -->\n<h1>After</h1>", NULL);
    assert_non_null(c.doc);
    assert_contains(c.out, "<h1 id=\"after\">After</h1>");
    done(&c);

    /* a BOM and an XML declaration before the fragment */
    load(&c, "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<h1>Bom</h1>", NULL);
    assert_non_null(c.doc);
    assert_string_equal(c.info.title, "Bom");
    done(&c);
}

/* A fragment declaring another encoding is converted to UTF-8. */
static void test_fragment_encoding(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n"
             "<h1>\xCA\xE0\xE7\xE0\xF5</h1>", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_string_equal(c.info.title, "\xD0\x9A\xD0\xB0\xD0\xB7\xD0\xB0"
                                      "\xD1\x85");      /* "Казах" */
    assert_contains(c.out, "encoding=\"UTF-8\"");
    assert_not_contains(c.out, "windows-1251");
    assert_contains(c.out, ">\xD0\x9A\xD0\xB0\xD0\xB7\xD0\xB0\xD1\x85</h1>");
    done(&c);
}

static void test_full_document_without_namespace(void **state)
{
    struct ch c;
    xmlNodePtr html;

    (void)state;
    load(&c, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<html>\n<head><title>T</title></head>\n"
             "<body><h1>Plain</h1><p>x</p></body>\n</html>\n", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    html = xmlDocGetRootElement(c.doc);
    assert_true(mk_xml_is(html, XHTML_NS, "html"));
    assert_true(mk_xml_is(first_child(html, "body"), XHTML_NS, "body"));
    assert_true(mk_xml_is(first_child(first_child(html, "body"), "p"),
                          XHTML_NS, "p"));
    assert_contains(c.out, "<html xmlns=\"" XHTML_NS "\" lang=\"en\" "
                           "xml:lang=\"en\">");
    done(&c);
}

static void test_doctype_replaced(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
             "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">\n"
             "<html xmlns=\"" XHTML_NS "\">\n"
             "<head><title>T</title></head>\n"
             "<body><h1>Doc</h1></body>\n</html>\n", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_contains(c.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<!DOCTYPE html>\n<html ");
    assert_not_contains(c.out, "XHTML 1.1");
    assert_not_contains(c.out, "xhtml11.dtd");
    done(&c);
}

/* A full document without <head> gets one before <body>. */
static void test_head_added(void **state)
{
    struct ch c;
    xmlNodePtr html;

    (void)state;
    load(&c, "<html xmlns=\"" XHTML_NS "\"><body><h1>No head</h1></body>"
             "</html>", NULL);
    assert_non_null(c.doc);
    html = xmlDocGetRootElement(c.doc);
    assert_true(mk_xml_is(html->children, XHTML_NS, "head"));
    assert_contains(c.out, "<head><title>No head</title><link ");
    done(&c);
}

static void test_lang(void **state)
{
    struct ch c;

    (void)state;
    load_with(&c, "<h1>T</h1>", NULL, "kk", NULL, 0);
    assert_contains(c.out, "lang=\"kk\" xml:lang=\"kk\"");
    done(&c);

    /* the document's own language wins over the book's */
    load(&c, "<html xmlns=\"" XHTML_NS "\" lang=\"ru\"><body><h1>T</h1>"
             "</body></html>", NULL);
    assert_non_null(c.doc);
    assert_contains(c.out, "lang=\"ru\" xml:lang=\"ru\"");
    done(&c);
    load(&c, "<html xmlns=\"" XHTML_NS "\" xml:lang=\"fr\"><body><h1>T</h1>"
             "</body></html>", NULL);
    assert_contains(c.out, "xml:lang=\"fr\" lang=\"fr\"");
    done(&c);

    load(&c, "<html xmlns=\"" XHTML_NS "\" lang=\"en\" xml:lang=\"fr\">"
             "<body><h1>T</h1></body></html>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 1, MK_ERROR, "lang=\"en\" and xml:lang=\"fr\" differ; "
                "HTML requires them to be the same: keep lang alone "
                "(mkepub adds the matching xml:lang)");
    done(&c);
}

static void test_stylesheet_links(void **state)
{
    static const char *const two[] = { "../a.css", "b c.css" };
    struct ch c;

    (void)state;
    load_with(&c, "<h1>T</h1>", NULL, "en", two, 2);
    assert_contains(c.out, "<link rel=\"stylesheet\" type=\"text/css\" "
                           "href=\"../a.css\"/><link rel=\"stylesheet\" "
                           "type=\"text/css\" href=\"b c.css\"/></head>");
    done(&c);

    /* an existing link to the same href is not repeated */
    load_with(&c, "<html xmlns=\"" XHTML_NS "\"><head><title>T</title>"
                  "<link rel=\"stylesheet\" href=\"../a.css\"/></head>"
                  "<body><h1>T</h1></body></html>", NULL, "en", two, 2);
    assert_non_null(c.doc);
    assert_contains(c.out, "<link rel=\"stylesheet\" href=\"../a.css\"/>"
                           "<link rel=\"stylesheet\" type=\"text/css\" "
                           "href=\"b c.css\"/></head>");
    assert_int_equal(c.info.n_refs, 1);
    assert_int_equal(c.info.refs[0].kind, MK_REF_STYLESHEET);
    assert_string_equal(c.info.refs[0].url, "../a.css");
    done(&c);

    /* none asked for, none added */
    load_with(&c, "<h1>T</h1>", NULL, "en", NULL, 0);
    assert_not_contains(c.out, "<link");
    done(&c);
}

/* <meta charset> is rewritten: the output is always UTF-8. */
static void test_meta_charset(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<html xmlns=\"" XHTML_NS "\"><head><title>T</title>"
             "<meta charset=\"iso-8859-1\"/></head>"
             "<body><h1>T</h1></body></html>", NULL);
    assert_non_null(c.doc);
    assert_contains(c.out, "<meta charset=\"utf-8\"/>");
    assert_not_contains(c.out, "8859");
    done(&c);

    /* (both in one head is an error: EPUBCheck refuses the pair) */
    load(&c, "<html xmlns=\"" XHTML_NS "\"><head><title>T</title>"
             "<meta http-equiv=\"Content-Type\" "
             "content=\"text/html; charset=iso-8859-1\"/></head>"
             "<body><h1>T</h1></body></html>", NULL);
    assert_non_null(c.doc);
    assert_contains(c.out, "content=\"text/html; charset=utf-8\"");
    assert_not_contains(c.out, "8859");
    done(&c);
}

/* ---- ids and headings ---------------------------------------------------- */

static void test_heading_ids(void **state)
{
    struct ch c;
    size_t i;

    (void)state;
    load(&c, "<h1>A Dangerous Job</h1>\n"
             "<p id=\"intro\">x</p>\n"
             "<h2>Intro</h2>\n"
             "<h2>Intro</h2>\n"
             "<h3 id=\"kept\">Kept As Is</h3>\n"
             "<h4>Not Collected</h4>\n"
             "<h3>2nd Part</h3>\n", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_int_equal(c.info.n_headings, 5);
    assert_int_equal(c.info.headings[0].level, 1);
    assert_string_equal(c.info.headings[0].id, "a-dangerous-job");
    assert_string_equal(c.info.headings[0].text, "A Dangerous Job");
    assert_int_equal(c.info.headings[1].level, 2);
    assert_string_equal(c.info.headings[1].id, "intro-2");
    assert_string_equal(c.info.headings[2].id, "intro-3");
    assert_int_equal(c.info.headings[3].level, 3);
    assert_string_equal(c.info.headings[3].id, "kept");
    assert_string_equal(c.info.headings[4].id, "h-2nd-part");
    assert_contains(c.out, "<h1 id=\"a-dangerous-job\">A Dangerous Job</h1>");
    assert_contains(c.out, "<h2 id=\"intro-2\">Intro</h2>\n"
                           "<h2 id=\"intro-3\">Intro</h2>");
    assert_contains(c.out, "<h3 id=\"kept\">Kept As Is</h3>");
    assert_contains(c.out, "<h4>Not Collected</h4>");
    /* every id, sorted */
    {
        static const char *const want[] = {
            "a-dangerous-job", "h-2nd-part", "intro", "intro-2", "intro-3",
            "kept",
        };

        assert_int_equal(c.info.n_ids, 6);
        for (i = 0; i < 6; i++)
            assert_string_equal(c.info.ids[i], want[i]);
    }
    assert_true(mk_xhtml_has_id(&c.info, "intro"));
    assert_true(mk_xhtml_has_id(&c.info, "intro-3"));
    assert_true(mk_xhtml_has_id(&c.info, "kept"));
    assert_false(mk_xhtml_has_id(&c.info, "intro-4"));
    assert_false(mk_xhtml_has_id(&c.info, ""));
    done(&c);
}

/* A generated id skips every id the document uses, wherever it is. */
static void test_heading_id_suffix_skips_taken(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h2>Notes</h2>\n<p id=\"notes\">a</p>\n<p id=\"notes-2\">b</p>"
             "\n<h2>Notes</h2>\n", NULL);
    assert_non_null(c.doc);
    assert_string_equal(c.info.headings[0].id, "notes-3");
    assert_string_equal(c.info.headings[1].id, "notes-4");
    done(&c);
}

static void test_duplicate_id(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<p id=\"a\">x</p>\n<div>\n<p id=\"a\">y</p></div>\n",
         NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 4, MK_ERROR, "duplicate id 'a' (first used on line 2)");
    /* what was collected is still there */
    assert_true(mk_xhtml_has_id(&c.info, "a"));
    done(&c);
}

static void test_empty_heading(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<h2></h2>\n<h3> <b/> </h3>\n", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 0);
    assert_int_equal(mk_diag_warnings(c.dc), 2);
    assert_diag(&c, 0, 2, MK_WARNING, "empty <h2>: it gives an empty entry "
                "in the table of contents");
    assert_diag(&c, 1, 3, MK_WARNING, "empty <h3>: it gives an empty entry "
                "in the table of contents");
    assert_string_equal(c.info.headings[1].text, "");
    assert_string_equal(c.info.headings[1].id, "h");
    done(&c);
}

static void test_slug(void **state)
{
    char *s;
    size_t i;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "A Dangerous Job", "a-dangerous-job" },
        { "  Hello,   World!  ", "hello-world" },
        { "Chapter 1: The Start", "chapter-1-the-start" },
        { "123 Go", "h-123-go" },
        { "2", "h-2" },
        { "", "h" },
        { "!!! ???", "h" },
        { "snake_case-and.dots", "snake-case-and-dots" },
        { "\xD0\x9A\xD0\xB0\xD0\xB7 2020", "\xD0\x9A\xD0\xB0\xD0\xB7-2020" },
        { "caf\xC3\xA9 au lait", "caf\xC3\xA9-au-lait" },
    };

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        s = mk_xhtml_slug(cases[i].in);
        assert_non_null(s);
        assert_string_equal(s, cases[i].out);
        free(s);
    }
    /* long headings are cut, never inside a UTF-8 sequence */
    s = mk_xhtml_slug("word word word word word word word word word word "
                      "word word word word word word");
    assert_true(strlen(s) <= 48);
    assert_int_equal(strncmp(s, "word-word-", 10), 0);
    assert_true(s[strlen(s) - 1] != '-');
    free(s);
    s = mk_xhtml_slug("\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96"
                      "\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96"
                      "\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96"
                      "\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96\xD0\x96"
                      "\xD0\x96\xD0\x96\xD0\x96");
    assert_int_equal(strlen(s), 48);
    assert_int_equal((unsigned char)s[46], 0xD0);
    assert_int_equal((unsigned char)s[47], 0x96);
    free(s);
}

/* ---- what a chapter contains --------------------------------------------- */

static void test_refs_and_lines(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n"                                    /* 1 */
             "<p><a href=\"02.xhtml#sec\">next</a></p>\n"      /* 2 */
             "<img src=\"../images/a.png\" alt=\"A\"/>\n"      /* 3 */
             "<audio src=\"s.mp3\"></audio>\n"                 /* 4 */
             "<video poster=\"p.jpg\" src=\"v.mp4\"></video>\n"/* 5 */
             "<script src=\"app.js\"></script>\n"              /* 6 */
             "<link rel=\"alternate\" href=\"not-a-sheet\"/>\n"/* 7 */
             "<p style=\"background: url(bg.png)\">s</p>\n"    /* 8 */
             "<object data=\"o.svg\"></object>\n"              /* 9 */
             "<a>no href</a>\n",                               /* 10 */
         NULL);
    assert_non_null(c.doc);
    assert_int_equal(c.info.n_refs, 9);
    assert_int_equal(c.info.refs[0].kind, MK_REF_LINK);
    assert_string_equal(c.info.refs[0].url, "02.xhtml#sec");
    assert_int_equal(c.info.refs[0].line, 2);
    assert_int_equal(c.info.refs[0].col, 4);
    assert_string_equal(c.info.refs[0].attr, "href");
    assert_string_equal(c.info.refs[0].element, "a");
    assert_int_equal(c.info.refs[1].kind, MK_REF_EMBED);
    assert_string_equal(c.info.refs[1].url, "../images/a.png");
    assert_int_equal(c.info.refs[1].line, 3);
    assert_string_equal(c.info.refs[1].element, "img");
    assert_int_equal(c.info.refs[2].kind, MK_REF_MEDIA);
    assert_string_equal(c.info.refs[2].url, "s.mp3");
    assert_int_equal(c.info.refs[2].line, 4);
    assert_int_equal(c.info.refs[3].kind, MK_REF_EMBED);
    assert_string_equal(c.info.refs[3].url, "p.jpg");
    assert_int_equal(c.info.refs[4].kind, MK_REF_MEDIA);
    assert_string_equal(c.info.refs[4].url, "v.mp4");
    assert_int_equal(c.info.refs[4].line, 5);
    assert_int_equal(c.info.refs[5].kind, MK_REF_SCRIPT);
    assert_string_equal(c.info.refs[5].url, "app.js");
    assert_int_equal(c.info.refs[5].line, 6);
    /* a link of another rel than stylesheet: packed, not judged */
    assert_int_equal(c.info.refs[6].kind, MK_REF_OTHER);
    assert_string_equal(c.info.refs[6].url, "not-a-sheet");
    assert_int_equal(c.info.refs[6].line, 7);
    assert_int_equal(c.info.refs[7].kind, MK_REF_CSS_URL);
    assert_string_equal(c.info.refs[7].url, "bg.png");
    assert_int_equal(c.info.refs[7].line, 8);
    assert_int_equal(c.info.refs[7].col, 1);
    assert_string_equal(c.info.refs[7].element, "style");
    assert_int_equal(c.info.refs[8].kind, MK_REF_EMBED);
    assert_string_equal(c.info.refs[8].url, "o.svg");
    assert_int_equal(c.info.refs[8].line, 9);
    assert_int_equal(c.info.images, 1);
    assert_int_equal(c.info.images_without_alt, 0);
    /* script makes the chapter scripted */
    assert_true(c.info.props & MK_PROP_SCRIPTED);
    done(&c);
}

/* srcset (each candidate), picture sources, SVG references, cite,
 * iframe, MathML altimg: all references, at the element's position. */
static void test_more_refs(void **state)
{
    static const struct {
        enum mk_ref_kind kind;
        const char *url;
        long line, col;
        const char *element, *attr;
    } want[] = {
        { MK_REF_EMBED, "a.png", 2, 4, "img", "src" },
        { MK_REF_EMBED, "b,1.png", 2, 4, "img", "srcset" },
        { MK_REF_EMBED, "c.png", 2, 4, "img", "srcset" },
        { MK_REF_EMBED, "d.png", 3, 10, "source", "srcset" },
        { MK_REF_EMBED, "a.png", 3, 37, "img", "src" },
        { MK_REF_EMBED, "i.png", 5, 1, "svg:image", "xlink:href" },
        { MK_REF_SYMBOL, "#s", 5, 49, "svg:use", "href" },
        { MK_REF_LINK, "02.xhtml", 5, 65, "svg:a", "xlink:href" },
        { MK_REF_CITE, "https://example.com/", 7, 1, "blockquote",
          "cite" },
        { MK_REF_CITE, "02.xhtml#q", 8, 4, "q", "cite" },
        { MK_REF_FRAME, "f.xhtml", 9, 1, "iframe", "src" },
        { MK_REF_EMBED, "m.png", 10, 1, "math", "altimg" },
    };
    struct ch c;
    size_t i;

    (void)state;
    load(&c, "<h1>T</h1>\n"
             "<p><img src=\"a.png\" srcset=\" b,1.png 2x,c.png\" alt=\"\"/>"
             "</p>\n"
             "<picture><source srcset=\"d.png 1x\"/><img src=\"a.png\" "
             "alt=\"\"/></picture>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
             "aria-label=\"x\">\n"
             "<image xlink:href=\"i.png\" width=\"1\" height=\"1\"/><use "
             "href=\"#s\"/>"
             "<a xlink:title=\"t\" "
             "xlink:href=\"02.xhtml\"><text>t</text></a></svg>\n"
             "<p id=\"s\">x</p>\n"
             "<blockquote cite=\"https://example.com/\"><p>q</p>"
             "</blockquote>\n"
             "<p><q cite=\"02.xhtml#q\">q</q></p>\n"
             "<iframe src=\"f.xhtml\" title=\"f\"></iframe>\n"
             "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" "
             "altimg=\"m.png\" alttext=\"x\"><mi>x</mi></math>\n",
         NULL);
    assert_non_null(c.doc);
    assert_int_equal(c.info.n_refs, sizeof want / sizeof *want);
    for (i = 0; i < sizeof want / sizeof *want; i++) {
        const struct mk_ref *r = &c.info.refs[i];

        assert_int_equal(r->kind, want[i].kind);
        assert_string_equal(r->url, want[i].url);
        assert_int_equal(r->line, want[i].line);
        assert_int_equal(r->col, want[i].col);
        assert_string_equal(r->element, want[i].element);
        assert_string_equal(r->attr, want[i].attr);
    }
    done(&c);
}

static void test_style_element(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<html xmlns=\"" XHTML_NS "\"><head><title>T</title>\n"
             "<style>\n"
             "p { background: url(in-head.png) }\n"
             "</style></head><body><h1>T</h1></body></html>", NULL);
    assert_non_null(c.doc);
    assert_int_equal(c.info.n_refs, 1);
    assert_int_equal(c.info.refs[0].kind, MK_REF_CSS_URL);
    assert_string_equal(c.info.refs[0].url, "in-head.png");
    assert_int_equal(c.info.refs[0].line, 3);
    done(&c);

    load(&c, "<h1>T</h1>\n<style>p{}</style>\n", NULL);
    assert_null(c.doc);
    assert_diag(&c, 0, 2, MK_ERROR, "<style> is only allowed inside <head>: "
                "move it there, or into a CSS file");
    done(&c);
}

/* direction in an inline style is an error (with the chapter's line). */
static void test_inline_style_forbidden(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n\n<p style=\"unicode-bidi: embed; "
             "background: url(a.png)\">s</p>\n", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 3, MK_ERROR, "property 'unicode-bidi' is not allowed "
                "in EPUB stylesheets (EPUBCheck CSS-001); use the dir "
                "attribute in the XHTML instead");
    done(&c);
}

static void test_img_without_alt(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<img src=\"a.png\" alt=\"\"/>\n"
             "<img src=\"../images/b.png\"/>\n<img src=\"c.png\" alt=\"C\"/>",
         NULL);
    assert_non_null(c.doc);           /* a warning does not fail the load */
    assert_int_equal(c.info.images, 3);
    assert_int_equal(c.info.images_without_alt, 1);
    assert_int_equal(mk_diag_errors(c.dc), 0);
    assert_int_equal(mk_diag_warnings(c.dc), 1);
    assert_diag(&c, 0, 3, MK_WARNING, "image '../images/b.png' has no alt "
                "text: add alt=\"...\" describing it (alt=\"\" if it is "
                "decoration)");
    done(&c);
}

static void test_props(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>", NULL);
    assert_int_equal(c.info.props, 0);
    done(&c);

    load(&c, "<h1>T</h1><svg xmlns=\"http://www.w3.org/2000/svg\">"
             "<image xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
             "xlink:href=\"pic.png\"/></svg>", NULL);
    assert_int_equal(c.info.props, MK_PROP_SVG);
    assert_int_equal(c.info.n_refs, 1);
    assert_int_equal(c.info.refs[0].kind, MK_REF_EMBED);
    assert_string_equal(c.info.refs[0].url, "pic.png");
    assert_string_equal(c.info.refs[0].element, "svg:image");
    done(&c);

    load(&c, "<h1>T</h1><math xmlns=\"http://www.w3.org/1998/Math/MathML\">"
             "<mi>x</mi></math>", NULL);
    assert_int_equal(c.info.props, MK_PROP_MATHML);
    done(&c);

    load(&c, "<h1>T</h1><script>var x = 1;</script>", NULL);
    assert_int_equal(c.info.props, MK_PROP_SCRIPTED);
    done(&c);

    /* a data block is no script; an event handler is */
    load(&c, "<h1>T</h1><script type=\"application/ld+json\">{}</script>",
         NULL);
    assert_int_equal(c.info.props, 0);
    done(&c);
    load(&c, "<h1>T</h1><p onclick=\"f()\">x</p>", NULL);
    assert_int_equal(c.info.props, MK_PROP_SCRIPTED);
    done(&c);

    /* <form>: scripted for EPUBCheck 5, not for 4.2: an error, unless
     * a script makes the chapter scripted for both */
    load(&c, "<h1>T</h1><form action=\"x\"></form>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    done(&c);
    load(&c, "<h1>T</h1><form action=\"x\"></form><script>1</script>",
         NULL);
    assert_int_equal(mk_diag_errors(c.dc), 0);
    assert_int_equal(c.info.props, MK_PROP_SCRIPTED);
    done(&c);

    load(&c, "<h1>T</h1><svg xmlns=\"http://www.w3.org/2000/svg\">"
             "<script>1</script></svg>"
             "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"/>", NULL);
    assert_int_equal(c.info.props,
                     MK_PROP_SVG | MK_PROP_MATHML | MK_PROP_SCRIPTED);
    done(&c);
}

static void test_pagebreaks(void **state)
{
    struct ch c;
    xmlChar *v;
    xmlNodePtr span;

    (void)state;
    load(&c, "<h1>T</h1>\n"
             "<span epub:type=\"pagebreak\" title=\"12\"/>\n"
             "<span epub:type=\"pagebreak\" aria-label=\"iv\"></span>\n"
             "<span epub:type=\"noteref pagebreak\" id=\"p5\">5</span>\n",
         NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_int_equal(c.info.n_pagebreaks, 3);
    assert_string_equal(c.info.pagebreaks[0].label, "12");
    assert_string_equal(c.info.pagebreaks[1].label, "iv");
    assert_string_equal(c.info.pagebreaks[1].id, "page-iv");
    assert_string_equal(c.info.pagebreaks[2].label, "5");
    assert_string_equal(c.info.pagebreaks[2].id, "p5");
    /* the added id: from the label, on the element, among the ids */
    assert_non_null(c.info.pagebreaks[0].id);
    assert_int_equal(strncmp(c.info.pagebreaks[0].id, "page-", 5), 0);
    assert_non_null(strstr(c.info.pagebreaks[0].id, "12"));
    assert_true(mk_xhtml_has_id(&c.info, c.info.pagebreaks[0].id));
    /* the given id is no attribute in the tree: it is written */
    span = first_child(first_child(xmlDocGetRootElement(c.doc), "body"),
                       "span");
    v = xmlGetProp(span, BAD_CAST "id");
    assert_null(v);
    assert_contains(c.out, c.info.pagebreaks[0].id);
    /* the empty span is written open and closed */
    assert_contains(c.out, "title=\"12\" id=\"page-12\"></span>");
    assert_contains(c.out, "\"></span>\n<span epub:type=\"pagebreak\" "
                           "aria-label=\"iv\" id=\"page-iv\"></span>");
    done(&c);

    load(&c, "<h1>T</h1>\n<span epub:type=\"pagebreak\"></span>\n", NULL);
    assert_null(c.doc);
    assert_diag(&c, 0, 2, MK_ERROR, "page break without a page number: give "
                "it title=\"12\" or text");
    done(&c);
}

/* The ids of the parts of <body> freed as they are checked (the id of
 * a heading, of a page break, of a note, inside SVG) still answer the
 * references of the parts kept (same_when_pruned() compares every
 * diagnostic with the whole tree's), and the ids given to the headings
 * are written where the author gave none. */
static void test_ids_across_parts(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1 id=\"top\">Top</h1>\n"
             "<p id=\"para\">text <span epub:type=\"pagebreak\" id=\"p5\" "
             "title=\"5\"/></p>\n"
             "<h2>Given</h2>\n"
             "<section id=\"s\" epub:type=\"chapter\"><h2 id=\"own\">Own"
             "</h2><p role=\"note\" aria-label=\"n\">x</p></section>\n"
             "<table><tr><th id=\"hc\">A</th></tr></table>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"pic\" "
             "role=\"img\" aria-label=\"a picture\"><rect id=\"r\" "
             "width=\"1\" height=\"1\"/></svg>\n"
             "<h3>Given</h3>\n"
             "<p><label for=\"para\">l</label></p>\n"
             "<table><tr><td headers=\"hc\">x</td></tr></table>\n"
             "<p aria-labelledby=\"top own pic r missing\">y</p>\n"
             "<p>end</p>\n",
         NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 3);
    assert_diag(&c, 0, 8, MK_ERROR, "for=\"para\" on <label> refers to a "
                "<p>, which cannot be labelled: point it at a form control "
                "(input, select, textarea, button, meter, output, "
                "progress) or drop the attribute");
    assert_diag(&c, 1, 9, MK_ERROR, "headers on <td> refers to \"hc\", "
                "which is not a <th> of the same table: name the ids of "
                "this table's header cells");
    assert_diag(&c, 2, 10, MK_ERROR, "aria-labelledby on <p> refers to id "
                "\"missing\", which is not in this file: give the element "
                "it means id=\"missing\", or fix the reference");
    done(&c);

    load(&c, "<h1 id=\"top\">Top</h1>\n"
             "<p id=\"para\">text</p>\n"
             "<h2>Given</h2>\n"
             "<section id=\"s\"><h2 id=\"own\">Own</h2></section>\n"
             "<h2>Given</h2>\n"
             "<p aria-labelledby=\"top own para\">y</p>\n",
         NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_int_equal(c.info.n_headings, 4);
    assert_string_equal(c.info.headings[0].id, "top");
    assert_string_equal(c.info.headings[2].id, "own");
    assert_contains(c.out, "<h2 id=\"given\">Given</h2>");
    assert_contains(c.out, "<h2 id=\"given-2\">Given</h2>");
    assert_contains(c.out, "<h2 id=\"own\">Own</h2>");
    done(&c);
}

/* Nodes of kind type below top, counted. */
static size_t count_below(xmlNodePtr top, xmlElementType type)
{
    xmlNodePtr n;
    size_t count = 0;

    for (n = top; n; n = mk_xml_next(top, n, n->type == XML_ELEMENT_NODE))
        count += n->type == type;
    return count;
}

/* A <section> or <div> with many children (32) streams like <body>: its
 * children are checked and freed as they end (the section keeps a mark
 * and the markers of its parts), nested containers too; what is written
 * and reported is the whole tree's (same_when_pruned()). */
#define P4 "<p>x</p><p>x</p><p>x</p><p>x</p>"
#define P32 P4 P4 P4 P4 P4 P4 P4 P4

static void test_containers_stream(void **state)
{
    static const char src[] =
        "<section id=\"s\" epub:type=\"chapter\"><h1>One</h1>\n"
        "<p>1</p><p>2</p><p>3</p><p id=\"p4\">4</p><p>5</p><p>6</p>" P32
        "\n<div class=\"d\"><h2>One</h2><p>a</p><p>b</p><p>c</p>"
        "<p>d</p>" P32 "\n"
        "<p>e</p><p>f</p><p>g</p>text <!-- c --><h3>Deep</h3></div>\n"
        "<p>7</p><p><label for=\"p4\">l</label></p><li>out</li>\n"
        "<aside aria-labelledby=\"s\"><p>x</p></aside> tail\n"
        "</section>\n<p>after</p>\n";
    struct mk_xhtml_spec spec;
    struct mk_diag *dc = mk_diag_new();
    struct mk_xhtml_info info;
    struct ch c;
    xmlDocPtr doc;
    xmlNodePtr section;

    (void)state;
    load(&c, src, NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 2);
    assert_diag(&c, 0, 5, MK_ERROR, "for=\"p4\" on <label> refers to a "
                "<p>, which cannot be labelled: point it at a form control "
                "(input, select, textarea, button, meter, output, "
                "progress) or drop the attribute");
    assert_diag(&c, 1, 5, MK_ERROR, "<section> cannot contain <li>: <li> "
                "belongs only in <ul>, <ol> or <menu>");
    done(&c);

    /* without the errors: the ids given, the bytes, the parts freed */
    load(&c, "<section id=\"s\"><h1>One</h1>\n"
             "<p>1</p><p>2</p><p>3</p><p id=\"p4\">4</p><p>5</p><p>6</p>"
             P32 "\n<div class=\"d\"><h2>One</h2><p>a</p><p>b</p><p>c</p>"
             P32 "\n<p>d</p><p>e</p><p>f</p><p>g</p>text <h3>Deep</h3></div>\n"
             "<p aria-labelledby=\"p4 s\">7</p> tail\n</section>\n",
         NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_contains(c.out, "<section id=\"s\"><h1 id=\"one\">One</h1>\n"
                           "<p>1</p>");
    assert_contains(c.out, "<div class=\"d\"><h2 id=\"one-2\">One</h2>");
    assert_contains(c.out, "text <h3 id=\"deep\">Deep</h3></div>\n"
                           "<p aria-labelledby=\"p4 s\">7</p> tail\n"
                           "</section>");
    assert_not_contains(c.out, "<?mkepub");
    assert_not_contains(c.out, "\x01");
    done(&c);

    assert_non_null(dc);
    memset(&spec, 0, sizeof(spec));
    spec.path = "ch.xhtml";
    spec.prune = MK_XHTML_PRUNE_KEEP;
    mk_xhtml_info_init(&info);
    {
        struct mk_buf b = MK_BUF_INIT;
        size_t i;

        mk_buf_adds(&b, "<section>\n");
        for (i = 0; i < 40; i++)
            mk_buf_addf(&b, "<div><p>%zu</p><p>x</p></div>\n", i);
        mk_buf_adds(&b, "<div><h2>In</h2>");
        for (i = 0; i < 40; i++)
            mk_buf_addf(&b, "<p>%zu</p>", i);
        mk_buf_adds(&b, "</div>\n</section>\n");
        assert_false(mk_buf_failed(&b));
        doc = mk_xhtml_load(&spec, mk_buf_str(&b), b.len, dc, &info);
        mk_buf_release(&b);
    }
    assert_non_null(doc);
    section = first_child(first_child(xmlDocGetRootElement(doc), "body"),
                          "section");
    assert_non_null(section);
    /* the section streamed (its mark first), and so did its last <div>;
     * the small <div>s went whole with the section's parts */
    assert_int_equal(section->children->type, XML_PI_NODE);
    assert_int_equal(count_below(section, XML_ELEMENT_NODE), 2);
    assert_int_equal(section->last->prev->children->type, XML_PI_NODE);
    xmlFreeDoc(doc);
    mk_xhtml_info_release(&info);
    mk_diag_free(dc);
}

/* test_relink_while_loading's map: "old/..." becomes "new/..." (links
 * "link/..."). */
static char *rename_old(void *ctx, const char *url, int *failed)
{
    char *out;

    (void)ctx;
    if (strncmp(url, "old/", 4) != 0)
        return NULL;
    out = malloc(strlen(url) + 2);
    if (!out) {
        *failed = 1;
        return NULL;
    }
    snprintf(out, strlen(url) + 2, "new/%s", url + 4);
    return out;
}

static char *rename_old_link(void *ctx, const char *url, int *failed)
{
    char *out = rename_old(ctx, url, failed);

    if (out)
        memcpy(out, "lnk", 3);
    return out;
}

/* With spec->relink, the references are rewritten once checked: in the
 * parts freed while parsing as in those kept, the same bytes as the
 * whole tree rewritten. */
static void test_relink_while_loading(void **state)
{
    static const char src[] =
        "<section><h1>T</h1>\n"
        "<p><a href=\"old/c.xhtml#x\">1</a></p><p>2</p><p>3</p><p>4</p>\n"
        "<p style=\"background: url(old/i.png)\">5</p><p>6</p><p>7</p>\n"
        "<p><img src=\"old/i.png\" srcset=\"old/i.png 1x, x.png 2x\" "
        "alt=\"\"/></p>\n"
        "<p aria-labelledby=\"k\"><a href=\"old/c.xhtml\">kept</a></p>\n"
        "<p id=\"k\">k</p></section>\n";
    static const struct mk_xhtml_relink maps = { rename_old,
                                                 rename_old_link, NULL };
    static const enum mk_xhtml_prune modes[] = { MK_XHTML_WHOLE,
                                                 MK_XHTML_PRUNE_KEEP };
    char *out[2];
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        struct mk_xhtml_spec spec;
        struct mk_diag *dc = mk_diag_new();
        struct mk_xhtml_info info;
        struct mk_buf b = MK_BUF_INIT;
        xmlDocPtr doc;

        assert_non_null(dc);
        memset(&spec, 0, sizeof(spec));
        spec.path = "ch.xhtml";
        spec.prune = modes[i];
        spec.relink = &maps;
        mk_xhtml_info_init(&info);
        doc = mk_xhtml_load(&spec, src, sizeof(src) - 1, dc, &info);
        assert_non_null(doc);
        assert_int_equal(mk_diag_count(dc), 0);
        /* the references as written were the ones checked */
        assert_int_equal(info.n_refs, 6);
        assert_string_equal(info.refs[0].url, "old/c.xhtml#x");
        assert_int_equal(mk_xhtml_serialize(doc, &b), 0);
        out[i] = mk_buf_detach(&b, NULL);
        assert_non_null(out[i]);
        xmlFreeDoc(doc);
        mk_xhtml_info_release(&info);
        mk_diag_free(dc);
    }
    assert_string_equal(out[0], out[1]);
    assert_contains(out[1], "<a href=\"lnk/c.xhtml#x\">1</a>");
    assert_contains(out[1], "url(&quot;new/i.png&quot;)");
    assert_contains(out[1], "src=\"new/i.png\" srcset=\"new/i.png 1x, "
                            "x.png 2x\"");
    assert_contains(out[1], "<a href=\"lnk/c.xhtml\">kept</a>");
    assert_not_contains(out[1], "old/");
    free(out[0]);
    free(out[1]);
}

/* A full document using epub: gets the namespace declared once on
 * <html>; without any use it is not added. */
static void test_epub_namespace(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<html xmlns=\"" XHTML_NS "\"><body><h1>T</h1>"
             "<section xmlns:epub=\"" EPUB_NS "\" epub:type=\"chapter\">x"
             "</section></body></html>", NULL);
    assert_non_null(c.doc);
    assert_contains(c.out, "<html xmlns=\"" XHTML_NS "\" xmlns:epub=\""
                           EPUB_NS "\"");
    done(&c);

    load(&c, "<html xmlns=\"" XHTML_NS "\"><body><h1>T</h1></body></html>",
         NULL);
    assert_not_contains(c.out, "xmlns:epub");
    done(&c);

    /* epub: without its declaration */
    load(&c, "<html xmlns=\"" XHTML_NS "\"><body><h1>T</h1>\n"
             "<section epub:type=\"chapter\">x</section></body></html>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    {
        const char *f, *m;
        long l, col;
        enum mk_severity s;

        mk_diag_get(c.dc, 0, &f, &l, &col, &s, &m);
        assert_int_equal(l, 2);
        assert_non_null(strstr(m, "epub"));
        assert_non_null(strstr(m, "(declare xmlns:epub=\"" EPUB_NS
                                  "\" on <html>)"));
    }
    done(&c);
}

/* ---- the chapter's title --------------------------------------------------- */

static void test_title_sources(void **state)
{
    static const char doc[] =
        "<html xmlns=\"" XHTML_NS "\"><head><title>Own</title></head>"
        "<body><h2></h2><h2>First Heading</h2><h1>Later</h1></body></html>";
    struct ch c;

    (void)state;
    /* book.xml's title= wins */
    load(&c, doc, "From Book");
    assert_string_equal(c.info.title, "From Book");
    assert_contains(c.out, "<title>Own</title>");   /* own one kept */
    done(&c);
    /* then the first non-empty heading */
    load(&c, doc, NULL);
    assert_string_equal(c.info.title, "First Heading");
    done(&c);
    load(&c, doc, "");
    assert_string_equal(c.info.title, "First Heading");
    done(&c);
    /* then the document's own <title> */
    load(&c, "<html xmlns=\"" XHTML_NS "\"><head><title> Own  Title "
             "</title></head><body><p>x</p></body></html>", NULL);
    assert_non_null(c.doc);
    assert_string_equal(c.info.title, "Own Title");
    done(&c);
    /* an empty <title> is filled in */
    load(&c, "<html xmlns=\"" XHTML_NS "\"><head><title></title></head>"
             "<body><h1>Filled</h1></body></html>", NULL);
    assert_contains(c.out, "<head><title>Filled</title>");
    done(&c);
    /* spec title goes into a missing <title> */
    load(&c, "<p>no heading</p>", "Named & \"Quoted\"");
    assert_non_null(c.doc);
    assert_contains(c.out, "<title>Named &amp; \"Quoted\"</title>");
    done(&c);
}

static void test_no_title(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<p>nothing to call it</p>", NULL);
    assert_null(c.doc);
    assert_null(c.info.title);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 1, MK_ERROR, "the chapter has no heading and no "
                "<title>: add an <h1>, or title=\"...\" to its <chapter> in "
                "book.xml");
    done(&c);
}

/* ---- serialising ------------------------------------------------------------ */

static void test_entities_become_characters(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1><p>a&nbsp;b &mdash; c&hellip; &eacute;&amp;&lt;"
             "&#x41;&#66;</p>", NULL);
    assert_non_null(c.doc);
    assert_int_equal(mk_diag_count(c.dc), 0);
    assert_contains(c.out, "<p>a\xC2\xA0" "b \xE2\x80\x94 c\xE2\x80\xA6 "
                           "\xC3\xA9&amp;&lt;AB</p>");
    assert_not_contains(c.out, "&nbsp;");
    assert_not_contains(c.out, "&mdash;");
    assert_not_contains(c.out, "&#");
    done(&c);
}

static void test_serialized_empty_elements(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1><p><a id=\"x\"/>a<br/>b<br></br></p><p/><div></div>"
             "<hr/><img src=\"i.png\" alt=\"\"/><span/>"
             "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" "
             "height=\"1\"/></svg>", NULL);
    assert_non_null(c.doc);
    assert_int_equal(strncmp(c.out,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                             39), 0);
    assert_contains(c.out, "<p><a id=\"x\"></a>a<br/>b<br/></p><p></p>"
                           "<div></div><hr/><img src=\"i.png\" alt=\"\"/>"
                           "<span></span>");
    /* foreign elements keep the XML form */
    assert_contains(c.out, "<rect width=\"1\" height=\"1\"/>");
    done(&c);
}

/* Serialising appends to what the buffer holds. */
static void test_serialize_appends(void **state)
{
    struct ch c;
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    load(&c, "<h1>T</h1>", NULL);
    mk_buf_adds(&b, "PREFIX");
    assert_int_equal(mk_xhtml_serialize(c.doc, &b), 0);
    assert_int_equal(strncmp(mk_buf_str(&b), "PREFIX<?xml ", 12), 0);
    assert_string_equal(mk_buf_str(&b) + 6, c.out);
    mk_buf_release(&b);
    done(&c);
}

/* ---- problems --------------------------------------------------------------- */

static void test_obsolete_elements(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<center>c</center>\n<p><font>f</font> <tt>t</tt>"
             "</p>\n", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 3);
    assert_diag(&c, 0, 2, MK_ERROR, "<center> is obsolete HTML and not "
                "allowed in EPUB 3 content; use CSS or a current element "
                "instead");
    assert_diag(&c, 1, 3, MK_ERROR, "<font> is obsolete HTML and not allowed "
                "in EPUB 3 content; use CSS or a current element instead");
    assert_diag(&c, 2, 3, MK_ERROR, "<tt> is obsolete HTML and not allowed "
                "in EPUB 3 content; use CSS or a current element instead");
    done(&c);
}

static void test_not_well_formed(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<p>\n<b>unclosed</p>\n", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    {
        const char *f, *m;
        long l, col;
        enum mk_severity s;

        mk_diag_get(c.dc, 0, &f, &l, &col, &s, &m);
        assert_int_equal(l, 3);
        assert_int_equal(col, 16);
        assert_string_equal(m, "Opening and ending tag mismatch: b line 3 "
                               "and p");
    }
    done(&c);

    /* columns on the first line of a fragment are the file's columns */
    load(&c, "<h1>T</h1><p>x</b></p>", NULL);
    assert_null(c.doc);
    {
        const char *f, *m;
        long l, col;
        enum mk_severity s;

        mk_diag_get(c.dc, 0, &f, &l, &col, &s, &m);
        assert_int_equal(l, 1);
        assert_int_equal(col, 19);
    }
    done(&c);
}

static void test_undefined_entities(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<h1>T</h1>\n<p>&bogus;</p>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 2, MK_ERROR, "Entity 'bogus' not defined (not an HTML "
                "or XML entity; write the character itself or a numeric "
                "reference)");
    done(&c);

    /* an HTML entity with a multi-byte value inside an attribute */
    load(&c, "<h1 title=\"a&nbsp;b\">T</h1>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 1);
    assert_diag(&c, 0, 1, MK_ERROR, "Entity 'nbsp' not defined (an HTML "
                "entity in an attribute value: write the character itself "
                "or &#160;)");
    done(&c);
}

/* Entities declared in the DOCTYPE are refused, never expanded; used
 * inside a heading or <title> too (whose text is read while loading). */
static void test_declared_entity(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE html [\n<!ENTITY pub \"Publisher\">\n]>\n"
             "<html xmlns=\"" XHTML_NS "\"><head><title>T</title></head>\n"
             "<body><h1>T</h1><p>&pub;</p></body></html>", NULL);
    assert_null(c.doc);
    assert_int_equal(mk_diag_errors(c.dc), 2);
    assert_diag(&c, 0, 3, MK_ERROR, "the DOCTYPE declares entity 'pub': EPUB "
                "content may not declare entities, and mkepub never expands "
                "them; write the text itself");
    assert_diag(&c, 1, 6, MK_ERROR, "Entity 'pub' not defined (declared in "
                "the DOCTYPE, but mkepub never expands entities; write the "
                "text itself)");
    done(&c);

    load(&c, "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE html [\n<!ENTITY e \"Expanded\">\n]>\n"
             "<html xmlns=\"" XHTML_NS "\"><head><title>&e;</title></head>\n"
             "<body><h1>Hello &e; world</h1>"
             "<span epub:type=\"pagebreak\" xmlns:epub=\"" EPUB_NS "\">&e;"
             "</span></body></html>", NULL);
    assert_null(c.doc);
    assert_true(mk_diag_errors(c.dc) >= 2);
    done(&c);
}

static void test_wrong_root(void **state)
{
    struct ch c;

    (void)state;
    load(&c, "<html xmlns=\"urn:not-xhtml\"><body/></html>", NULL);
    assert_null(c.doc);
    assert_diag(&c, 0, 1, MK_ERROR, "the root element is <html>, not an "
                "XHTML <html>: write a full XHTML document or a body "
                "fragment");
    done(&c);

    load(&c, "<html xmlns=\"" XHTML_NS "\">\n<head><title>T</title></head>"
             "</html>", NULL);
    assert_null(c.doc);
    assert_diag(&c, 0, 1, MK_ERROR, "the document has no <body>");
    done(&c);
}

/* Lines past 65535 are not cut to 16 bits.  (libxml2 keeps such lines
 * only on text nodes, so an element's line is taken from its first text
 * child here; see the report about childless elements.) */
static void test_big_line_numbers(void **state)
{
    struct mk_buf src = MK_BUF_INIT;
    struct ch c;
    int i;

    (void)state;
    mk_buf_adds(&src, "<h1>T</h1>\n");
    for (i = 0; i < 70000; i++)
        mk_buf_adds(&src, "<p>x</p>\n");
    mk_buf_adds(&src, "<p><a href=\"far.xhtml\">far</a></p>\n");
    mk_buf_adds(&src, "<p style=\"background: url(bg.png)\">x</p>\n");
    assert_false(mk_buf_failed(&src));
    load(&c, mk_buf_str(&src), NULL);
    assert_non_null(c.doc);
    assert_int_equal(c.info.n_refs, 2);
    assert_string_equal(c.info.refs[0].url, "far.xhtml");
    assert_int_equal(c.info.refs[0].line, 70002);
    assert_string_equal(c.info.refs[1].url, "bg.png");
    assert_int_equal(c.info.refs[1].line, 70003);
    done(&c);
    mk_buf_release(&src);
}

/* info may be NULL: the load still works and leaks nothing. */
static void test_without_info(void **state)
{
    static const char src[] = "<h1>T</h1><p id=\"a\">x</p>";
    struct mk_xhtml_spec spec = { "ch.xhtml", NULL, "en", NULL, 0, 0, 3,
                                  NULL, NULL, 0, NULL, 0, MK_XHTML_WHOLE, 0 };
    struct mk_diag *dc = mk_diag_new();
    xmlDocPtr doc;

    (void)state;
    doc = mk_xhtml_load(&spec, src, sizeof src - 1, dc, NULL);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    doc = mk_xhtml_load(&spec, "<p>", 3, dc, NULL);
    assert_null(doc);
    assert_true(mk_diag_errors(dc) > 0);
    mk_diag_free(dc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_becomes_document),
        cmocka_unit_test(test_fragment_forms),
        cmocka_unit_test(test_fragment_encoding),
        cmocka_unit_test(test_full_document_without_namespace),
        cmocka_unit_test(test_doctype_replaced),
        cmocka_unit_test(test_head_added),
        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_stylesheet_links),
        cmocka_unit_test(test_meta_charset),
        cmocka_unit_test(test_heading_ids),
        cmocka_unit_test(test_heading_id_suffix_skips_taken),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_empty_heading),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_refs_and_lines),
        cmocka_unit_test(test_more_refs),
        cmocka_unit_test(test_style_element),
        cmocka_unit_test(test_inline_style_forbidden),
        cmocka_unit_test(test_img_without_alt),
        cmocka_unit_test(test_props),
        cmocka_unit_test(test_pagebreaks),
        cmocka_unit_test(test_ids_across_parts),
        cmocka_unit_test(test_containers_stream),
        cmocka_unit_test(test_relink_while_loading),
        cmocka_unit_test(test_epub_namespace),
        cmocka_unit_test(test_title_sources),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_entities_become_characters),
        cmocka_unit_test(test_serialized_empty_elements),
        cmocka_unit_test(test_serialize_appends),
        cmocka_unit_test(test_obsolete_elements),
        cmocka_unit_test(test_not_well_formed),
        cmocka_unit_test(test_undefined_entities),
        cmocka_unit_test(test_declared_entity),
        cmocka_unit_test(test_wrong_root),
        cmocka_unit_test(test_big_line_numbers),
        cmocka_unit_test(test_without_info),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
