/*
 * test_markdown.c - unit tests for src/markdown.c: which names are
 * Markdown, the XHTML made (no data-sourcepos, no markers, footnotes as
 * pop-up notes, raw HTML kept), the position map (blocks, inline
 * elements, continuation lines, clamping), the whole path through
 * mk_xhtml_load with positions in the .md file, text that is not
 * UTF-8, and conversions on several threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "markdown.h"
#include "xhtml.h"

/* Converts s; fails the test unless the conversion succeeds with the
 * one warning want at line:col (want NULL: with no diagnostic). */
static void convert_warned(const char *s, struct mk_markdown *md,
                           const char *want, long want_line, long want_col)
{
    struct mk_diag *dc = mk_diag_new();
    const char *file, *message;
    long line, col;
    enum mk_severity sev;

    assert_non_null(dc);
    assert_int_equal(mk_markdown_convert("a.md", s, strlen(s), dc, md), 0);
    assert_int_equal(mk_diag_count(dc), want ? 1 : 0);
    if (want) {
        assert_int_equal(mk_diag_get(dc, 0, &file, &line, &col, &sev,
                                     &message), 0);
        assert_string_equal(file, "a.md");
        assert_int_equal(line, want_line);
        assert_int_equal(col, want_col);
        assert_int_equal(sev, MK_WARNING);
        assert_string_equal(message, want);
    }
    assert_non_null(md->xhtml);
    assert_int_equal(strlen(md->xhtml), md->len);
    mk_diag_free(dc);
}

/* Converts s; fails the test unless the conversion succeeds. */
static void convert(const char *s, struct mk_markdown *md)
{
    convert_warned(s, md, NULL, 0, 0);
}

/* Where needle starts in md's text, as line and column. */
static void where(const struct mk_markdown *md, const char *needle,
                  long *line, long *col)
{
    const char *p = strstr(md->xhtml, needle), *q;

    assert_non_null(p);
    *line = 1;
    *col = 1;
    for (q = md->xhtml; q < p; q++) {
        if (*q == '\n') {
            (*line)++;
            *col = 1;
        } else if ((*q & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* Asserts that needle in the generated text maps to line:col. */
static void maps_to(const struct mk_markdown *md, const char *needle,
                    long want_line, long want_col)
{
    long line, col;

    where(md, needle, &line, &col);
    mk_markdown_map(md, &line, &col);
    if (line != want_line || col != want_col)
        fail_msg("'%s' maps to %ld:%ld, not %ld:%ld", needle, line, col,
                 want_line, want_col);
}

static void test_is_path(void **state)
{
    (void)state;
    assert_true(mk_markdown_is_path("a/b.md"));
    assert_true(mk_markdown_is_path("B.MARKDOWN"));
    assert_true(mk_markdown_is_path("c.mkd"));
    assert_false(mk_markdown_is_path("c.xhtml"));
    assert_false(mk_markdown_is_path("md"));
    assert_false(mk_markdown_is_path("x.md/c.html"));
}

static void test_markup(void **state)
{
    struct mk_markdown md = MK_MARKDOWN_INIT;

    (void)state;
    convert("# Title\n\nA *b* ~~c~~ www.example.org [d](o.md#h)\n\n"
            "| x | y |\n|:--|--:|\n| 1 | 2 |\n\n<div>raw</div>\n", &md);
    assert_null(strstr(md.xhtml, "sourcepos"));
    assert_null(strchr(md.xhtml, '\1'));
    assert_non_null(strstr(md.xhtml, "<h1>Title</h1>"));
    assert_non_null(strstr(md.xhtml, "<del>c</del>"));
    assert_non_null(strstr(md.xhtml, "<a href=\"http://www.example.org\">"));
    assert_non_null(strstr(md.xhtml, "<a href=\"o.md#h\">d</a>"));
    assert_non_null(strstr(md.xhtml, "<th style=\"text-align: right\">"));
    assert_non_null(strstr(md.xhtml, "<div>raw</div>"));
    mk_markdown_release(&md);
    assert_null(md.xhtml);
    assert_null(md.anchors);
}

static void test_footnotes(void **state)
{
    struct mk_markdown md = MK_MARKDOWN_INIT;

    (void)state;
    convert_warned("A[^x] B[^y] C[^x]\n\n[^y]: Why.\n\n[^x]: Ex.\n\n"
                   "[^z]: Never used.\n", &md, "footnote [^z] is never "
                   "referred to, so it is left out of the book: refer to it "
                   "with [^z] in the text, or delete it", 7, 1);
    assert_non_null(strstr(md.xhtml, "<sup><a epub:type=\"noteref\" "
                           "role=\"doc-noteref\" href=\"#fn1\" "
                           "id=\"fnref1\">1</a></sup>"));
    assert_non_null(strstr(md.xhtml, "href=\"#fn2\" id=\"fnref2\">2</a>"));
    assert_non_null(strstr(md.xhtml, "href=\"#fn1\" id=\"fnref1-2\">1</a>"));
    assert_non_null(strstr(md.xhtml, "<aside epub:type=\"footnote\" "
                           "role=\"doc-footnote\" id=\"fn1\">\n<p>Ex. "
                           "<a href=\"#fnref1\" role=\"doc-backlink\""));
    assert_non_null(strstr(md.xhtml, "id=\"fn2\">\n<p>Why. "));
    assert_null(strstr(md.xhtml, "fn3"));
    assert_null(strstr(md.xhtml, "data-footnote"));
    assert_null(strstr(md.xhtml, "<section"));
    /* the note's text maps back to its definition */
    maps_to(&md, "<aside epub:type=\"footnote\" role=\"doc-footnote\" "
            "id=\"fn1\">", 5, 7);     /* where cmark-gfm puts it */
    maps_to(&md, "<p>Ex.", 5, 7);
    maps_to(&md, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" "
            "href=\"#fn2\"", 1, 8);
    mk_markdown_release(&md);
}

/* A reference to a note that does not exist stays text: warned at the
 * reference, not at a "\[^x]" the author escaped before it. */
static void test_undefined_note(void **state)
{
    struct mk_markdown md = MK_MARKDOWN_INIT;

    (void)state;
    convert_warned("# T\n\nSee \\[^n] and\nthen *é* [^n].\n", &md,
                   "[^n] is not a footnote: this file has no [^n]: "
                   "definition; add one, or write \\[^n] for the text",
                   4, 10);
    assert_non_null(strstr(md.xhtml, "[^n]."));
    mk_markdown_release(&md);
}

static void test_map(void **state)
{
    struct mk_markdown md = MK_MARKDOWN_INIT;
    long line = 0, col = 5;

    (void)state;
    convert("# T\n\nSome *em* and [a link](x.md) and\n"
            "more ![img](i.png) <span>x</span>\n\n"
            "  - one\n  - two\n\n"
            "```\ncode\n```\n\n"
            "<div>\n<p>raw</p>\n</div>\n", &md);
    maps_to(&md, "<h1>", 1, 1);
    maps_to(&md, "<p>Some", 3, 1);
    maps_to(&md, "<a href=\"x.md\">", 3, 15);
    maps_to(&md, "<img", 4, 6);
    maps_to(&md, "<span>", 4, 20);
    maps_to(&md, "</span>", 4, 27);
    maps_to(&md, "<li>two", 7, 3);
    maps_to(&md, "<div>", 13, 1);
    maps_to(&md, "<p>raw", 14, 1);
    maps_to(&md, "</div>", 15, 1);
    /* no place stays no place; an unknown column stays unknown */
    mk_markdown_map(&md, &line, &col);
    assert_int_equal(line, 0);
    where(&md, "<p>raw", &line, &col);
    col = 0;
    mk_markdown_map(&md, &line, &col);
    assert_int_equal(line, 14);
    assert_int_equal(col, 0);
    mk_markdown_release(&md);
}

/* The whole path: the chapter loader's diagnostics land in the .md. */
static void test_load(void **state)
{
    static const char text[] =
        "# A\n\nSee [b](#nowhere).\n\n- <em>x</b>\n";
    struct mk_markdown md = MK_MARKDOWN_INIT;
    struct mk_xhtml_spec spec = { "a.md", NULL, "en", NULL, 0, 0, 3,
                                  NULL, NULL, 0, NULL, 0, MK_XHTML_WHOLE, 0 };
    struct mk_diag *dc = mk_diag_new();
    const char *file, *msg;
    long line, col;
    enum mk_severity sev;
    xmlDocPtr doc;

    (void)state;
    assert_non_null(dc);
    convert(text, &md);
    spec.md = &md;
    doc = mk_xhtml_load(&spec, md.xhtml, md.len, dc, NULL);
    assert_null(doc);
    assert_int_equal(mk_diag_count(dc), 1);
    assert_int_equal(mk_diag_get(dc, 0, &file, &line, &col, &sev, &msg), 0);
    assert_string_equal(file, "a.md");
    assert_int_equal(line, 5);
    assert_int_equal(col, 12);
    assert_string_equal(msg, "Opening and ending tag mismatch: em line 5 "
                        "and b");
    mk_diag_free(dc);
    mk_markdown_release(&md);
}

static void test_not_text(void **state)
{
    static const char latin1[] = "# A\n\nCaf\xE9\n";
    static const char ctrl[] = "# A\n\nx\1y\n";
    struct mk_markdown md = MK_MARKDOWN_INIT;
    struct mk_diag *dc = mk_diag_new();
    const char *file, *msg;
    long line, col;
    enum mk_severity sev;

    (void)state;
    assert_non_null(dc);
    assert_int_equal(mk_markdown_convert("a.md", latin1, sizeof(latin1) - 1,
                                         dc, &md), -1);
    assert_null(md.xhtml);
    assert_int_equal(mk_markdown_convert("a.md", ctrl, sizeof(ctrl) - 1,
                                         dc, &md), -1);
    assert_int_equal(mk_diag_count(dc), 2);
    /* sorted by place */
    assert_int_equal(mk_diag_get(dc, 0, &file, &line, &col, &sev, &msg), 0);
    assert_int_equal(line, 3);
    assert_int_equal(col, 2);
    assert_string_equal(msg, "control character 0x01 cannot be in an "
                        "EPUB: delete it");
    assert_int_equal(mk_diag_get(dc, 1, &file, &line, &col, &sev, &msg), 0);
    assert_int_equal(line, 3);
    assert_int_equal(col, 4);
    assert_string_equal(msg, "byte 0xE9 is not UTF-8: save the Markdown "
                        "file as UTF-8");
    mk_diag_free(dc);
}

/* Strikethrough and tables need the parser's special characters: two
 * threads parsing at once must both see them. */
static void *convert_many(void *arg)
{
    int i;

    (void)arg;
    for (i = 0; i < 50; i++) {
        struct mk_markdown md = MK_MARKDOWN_INIT;
        struct mk_diag *dc = mk_diag_new();
        static const char s[] = "a ~~b~~ c\n\n| x |\n|---|\n| y |\n";

        if (!dc || mk_markdown_convert("t.md", s, sizeof(s) - 1, dc, &md)
            || !strstr(md.xhtml, "<del>b</del>")
            || !strstr(md.xhtml, "<td>y</td>")) {
            mk_diag_free(dc);
            mk_markdown_release(&md);
            return (void *)1;
        }
        mk_diag_free(dc);
        mk_markdown_release(&md);
    }
    return NULL;
}

static void test_threads(void **state)
{
    pthread_t t[4];
    void *r;
    int i, bad = 0;

    (void)state;
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, convert_many, NULL), 0);
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], &r);
        bad += r != NULL;
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_path),
        cmocka_unit_test(test_markup),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_undefined_note),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_not_text),
        cmocka_unit_test(test_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
