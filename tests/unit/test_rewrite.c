/*
 * test_rewrite.c - unit tests for rewriting references to renamed files:
 * mk_css_rewrite() (src/css.c) copies CSS byte for byte except the
 * url()/@import references the map changes; mk_xhtml_rewrite_refs()
 * (src/xhtml.c) does the same for a loaded chapter's reference
 * attributes and inline CSS; mk_xhtml_rewrite_links() passes hyperlinks
 * (a and area href, svg:a href) through a map of their own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "css.h"
#include "diag.h"
#include "xhtml.h"

/* Renames "a b.png" to "a-b.png" and "old.css" to "new.css". */
static char *map(void *ctx, const char *url, int *failed)
{
    int *calls = ctx;

    (void)failed;
    (*calls)++;
    if (strcmp(url, "a b.png") == 0 || strcmp(url, "a%20b.png") == 0)
        return strdup("a-b.png");
    if (strcmp(url, "old.css") == 0)
        return strdup("new.css");
    return NULL;
}

static char *fail_map(void *ctx, const char *url, int *failed)
{
    (void)ctx;
    (void)url;
    *failed = 1;
    return NULL;
}

static void expect_css(const char *in, const char *want, int want_changed)
{
    struct mk_buf out = MK_BUF_INIT;
    int calls = 0, changed = -1;

    assert_int_equal(mk_css_rewrite(in, strlen(in), map, &calls, &out,
                                    &changed), 0);
    assert_string_equal(mk_buf_str(&out), want);
    assert_int_equal(changed, want_changed);
    mk_buf_release(&out);
}

static void test_css_rewrite(void **state)
{
    (void)state;
    expect_css("p { background: url(a%20b.png) }",
               "p { background: url(\"a-b.png\") }", 1);
    expect_css("p { background: url( 'a b.png' ) } /* url(a b.png) */",
               "p { background: url(\"a-b.png\") } /* url(a b.png) */", 1);
    expect_css("@import \"old.css\";\n@import url(old.css) screen;",
               "@import \"new.css\";\n@import url(\"new.css\") screen;", 1);
    expect_css("p { content: \"url(a b.png)\" }",
               "p { content: \"url(a b.png)\" }", 0);
    expect_css("p { background: url(other.png) }",
               "p { background: url(other.png) }", 0);
    expect_css("", "", 0);
}

static void test_css_rewrite_failure(void **state)
{
    static const char css[] = "p { background: url(x.png) }";
    struct mk_buf out = MK_BUF_INIT;
    int changed;

    (void)state;
    assert_int_equal(mk_css_rewrite(css, sizeof css - 1, fail_map, NULL,
                                    &out, &changed), -1);
    mk_buf_release(&out);
}

static void test_xhtml_rewrite(void **state)
{
    static const char src[] =
        "<h1>T</h1>\n"
        "<p><img src=\"a b.png\" alt=\"\"/><a href=\"x.xhtml\">x</a>"
        "<span style=\"background: url(a%20b.png)\">s</span></p>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><title>t</title>"
        "<image xlink:href=\"a b.png\" width=\"1\" height=\"1\"/>"
        "</svg>\n";
    struct mk_xhtml_spec spec = { "ch.xhtml", NULL, "en", NULL, 0, 0, 3,
                                  NULL, NULL, 0, NULL, 0, MK_XHTML_WHOLE, 0 };
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    xmlDocPtr doc;
    int calls = 0;

    (void)state;
    assert_non_null(dc);
    doc = mk_xhtml_load(&spec, src, sizeof src - 1, dc, NULL);
    assert_non_null(doc);
    assert_int_equal(mk_xhtml_rewrite_refs(doc, map, &calls), 0);
    assert_int_equal(calls, 4);
    assert_int_equal(mk_xhtml_serialize(doc, &out), 0);
    assert_non_null(strstr(mk_buf_str(&out), "<img src=\"a-b.png\""));
    assert_non_null(strstr(mk_buf_str(&out), "href=\"x.xhtml\""));
    assert_non_null(strstr(mk_buf_str(&out),
                           "style=\"background: url(&quot;a-b.png&quot;)\""));
    assert_non_null(strstr(mk_buf_str(&out), "xlink:href=\"a-b.png\""));
    assert_int_equal(mk_xhtml_rewrite_refs(doc, fail_map, NULL), -1);
    mk_buf_release(&out);
    xmlFreeDoc(doc);
    mk_diag_free(dc);
}

/* Maps "p.png" to the page "p.xhtml": what a hyperlink to an image page
 * becomes. */
static char *link_map(void *ctx, const char *url, int *failed)
{
    int *calls = ctx;

    (void)failed;
    calls[1]++;
    if (strcmp(url, "p.png") == 0 || strcmp(url, "p.png#x") == 0)
        return strdup("p.xhtml");
    return NULL;
}

static char *image_map(void *ctx, const char *url, int *failed)
{
    int *calls = ctx;

    (void)url;
    (void)failed;
    calls[0]++;
    return NULL;
}

static void test_xhtml_rewrite_links(void **state)
{
    static const char src[] =
        "<h1>T</h1>\n"
        "<p><img src=\"p.png\" alt=\"\"/><a href=\"p.png\">p</a>"
        "<map name=\"m\"><area href=\"p.png#x\" alt=\"a\"/></map></p>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><title>t</title>"
        "<image xlink:href=\"p.png\" width=\"1\" height=\"1\"/>"
        "<a xlink:href=\"p.png\"><title>l</title><rect width=\"1\" "
        "height=\"1\"/></a></svg>\n";
    struct mk_xhtml_spec spec = { "ch.xhtml", NULL, "en", NULL, 0, 0, 3,
                                  NULL, NULL, 0, NULL, 0, MK_XHTML_WHOLE, 0 };
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    xmlDocPtr doc;
    int calls[2] = { 0, 0 };
    const char *text;

    (void)state;
    assert_non_null(dc);
    doc = mk_xhtml_load(&spec, src, sizeof src - 1, dc, NULL);
    assert_non_null(doc);
    assert_int_equal(mk_xhtml_rewrite_links(doc, image_map, link_map,
                                            calls), 0);
    assert_int_equal(calls[0], 2);      /* img src, svg:image */
    assert_int_equal(calls[1], 3);      /* a, area, svg:a */
    assert_int_equal(mk_xhtml_serialize(doc, &out), 0);
    text = mk_buf_str(&out);
    assert_non_null(strstr(text, "<img src=\"p.png\""));
    assert_non_null(strstr(text, "<a href=\"p.xhtml\">"));
    assert_non_null(strstr(text, "<area href=\"p.xhtml\""));
    assert_non_null(strstr(text, "<image xlink:href=\"p.png\""));
    assert_non_null(strstr(text, "<a xlink:href=\"p.xhtml\">"));
    mk_buf_release(&out);
    xmlFreeDoc(doc);
    mk_diag_free(dc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_css_rewrite),
        cmocka_unit_test(test_css_rewrite_failure),
        cmocka_unit_test(test_xhtml_rewrite),
        cmocka_unit_test(test_xhtml_rewrite_links),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
