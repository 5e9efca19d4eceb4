/*
 * test_css.c - unit tests for src/css.c: the references a stylesheet
 * makes (url() in its quoted and unquoted forms, @import "x" and
 * @import url(x)), what comments and strings hide, line numbers, the
 * forbidden properties direction and unicode-bidi (reported only where
 * they are properties), and the UTF-8 check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "css.h"
#include "diag.h"

#define MAX_REFS 16

struct refs {
    size_t n;
    char *url[MAX_REFS];
    long line[MAX_REFS];
    int is_import[MAX_REFS];
    int fail_at;        /* return -1 on this call (1-based); 0 never */
};

static int collect(void *ctx, const char *url, long line, int is_import)
{
    struct refs *r = ctx;

    assert_true(r->n < MAX_REFS);
    r->url[r->n] = strdup(url);
    r->line[r->n] = line;
    r->is_import[r->n] = is_import;
    r->n++;
    return r->fail_at && (int)r->n == r->fail_at ? -1 : 0;
}

static void refs_free(struct refs *r)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        free(r->url[i]);
    memset(r, 0, sizeof *r);
}

/* Scans css (first line 1) into r and dc; returns mk_css_scan's result. */
static int scan(const char *css, struct refs *r, struct mk_diag *dc)
{
    memset(r, 0, sizeof *r);
    return mk_css_scan("s.css", css, strlen(css), 1, dc, collect, r);
}

static void assert_ref(const struct refs *r, size_t i, const char *url,
                       long line, int is_import)
{
    assert_true(i < r->n);
    assert_string_equal(r->url[i], url);
    assert_int_equal(r->line[i], line);
    assert_int_equal(r->is_import[i], is_import);
}

/* The i-th (sorted) diagnostic. */
static void assert_diag(struct mk_diag *dc, size_t i, long line,
                        enum mk_severity sev, const char *message)
{
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(dc, i, &f, &l, &c, &s, &m), 0);
    assert_string_equal(f, "s.css");
    assert_int_equal(l, line);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
}

static void test_url_forms(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("a { background: url(plain.png); }\n"
                          "b { background: url(\"double.png\") }\n"
                          "c { background: url('single.png') }\n"
                          "d { background: url(  spaced.png  ) }\n"
                          "e { background: url( \"with space.png\" ) }\n"
                          "f { background: URL(upper.png) }\n"
                          "g { background: url(\"esc\\\"aped.png\") }\n",
                          &r, dc), 0);
    assert_int_equal(r.n, 7);
    assert_ref(&r, 0, "plain.png", 1, 0);
    assert_ref(&r, 1, "double.png", 2, 0);
    assert_ref(&r, 2, "single.png", 3, 0);
    assert_ref(&r, 3, "spaced.png", 4, 0);
    assert_ref(&r, 4, "with space.png", 5, 0);
    assert_ref(&r, 5, "upper.png", 6, 0);
    assert_ref(&r, 6, "esc\"aped.png", 7, 0);
    assert_int_equal(mk_diag_count(dc), 0);
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_font_face(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("@font-face {\n"
                          "  font-family: \"Body\";\n"
                          "  src: url(../fonts/body.woff2) format(\"woff2\"),\n"
                          "       url(../fonts/body.woff) format(\"woff\");\n"
                          "}\n", &r, dc), 0);
    assert_int_equal(r.n, 2);
    assert_ref(&r, 0, "../fonts/body.woff2", 3, 0);
    assert_ref(&r, 1, "../fonts/body.woff", 4, 0);
    assert_int_equal(mk_diag_count(dc), 0);
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_import(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("@charset \"UTF-8\";\n"
                          "@import \"base.css\";\n"
                          "@import url(fonts.css);\n"
                          "@import 'print.css' print;\n"
                          "@IMPORT url(\"more.css\") screen;\n"
                          "@import\n  \"next-line.css\";\n"
                          "p { color: red }\n", &r, dc), 0);
    assert_int_equal(r.n, 5);
    assert_ref(&r, 0, "base.css", 2, 1);
    assert_ref(&r, 1, "fonts.css", 3, 1);
    assert_ref(&r, 2, "print.css", 4, 1);
    assert_ref(&r, 3, "more.css", 5, 1);
    assert_ref(&r, 4, "next-line.css", 6, 1);
    assert_int_equal(mk_diag_count(dc), 0);
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_hidden_references(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("/* url(commented.png) */\n"
                          "/* @import \"commented.css\"; */\n"
                          "p::before { content: \"url(in-string.png)\" }\n"
                          "q::before { content: 'url(single.png)' }\n"
                          "/* multi-line\n   url(also-hidden.png)\n*/\n"
                          "a { background: url(real.png) }\n", &r, dc), 0);
    assert_int_equal(r.n, 1);
    assert_ref(&r, 0, "real.png", 8, 0);
    refs_free(&r);
    mk_diag_free(dc);
}

/* Lines count from first_line (an inline style on a chapter's line). */
static void test_first_line(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;
    const char *css = "background: url(a.png);\ndirection: rtl";

    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan("ch.xhtml", css, strlen(css), 40, dc,
                                 collect, &r), 0);
    assert_int_equal(r.n, 1);
    assert_ref(&r, 0, "a.png", 40, 0);
    assert_int_equal(mk_diag_errors(dc), 1);
    {
        const char *f, *m;
        long l, c;
        enum mk_severity s;

        mk_diag_get(dc, 0, &f, &l, &c, &s, &m);
        assert_string_equal(f, "ch.xhtml");
        assert_int_equal(l, 41);
    }
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_forbidden_properties(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("p {\n"
                          "  color: red;\n"
                          "  direction: rtl;\n"
                          "}\n"
                          "q{unicode-bidi:embed}\n"
                          "r { margin: 0; DIRECTION : ltr }\n", &r, dc), 0);
    assert_int_equal(mk_diag_errors(dc), 3);
    assert_int_equal(mk_diag_warnings(dc), 0);
    assert_diag(dc, 0, 3, MK_ERROR,
                "property 'direction' is not allowed in EPUB stylesheets "
                "(EPUBCheck CSS-001); use the dir attribute in the XHTML "
                "instead");
    assert_diag(dc, 1, 5, MK_ERROR,
                "property 'unicode-bidi' is not allowed in EPUB stylesheets "
                "(EPUBCheck CSS-001); use the dir attribute in the XHTML "
                "instead");
    assert_diag(dc, 2, 6, MK_ERROR,
                "property 'DIRECTION' is not allowed in EPUB stylesheets "
                "(EPUBCheck CSS-001); use the dir attribute in the XHTML "
                "instead");
    refs_free(&r);
    mk_diag_free(dc);
}

/* In a nested block, after a comment, and as an inline style's text. */
static void test_forbidden_in_context(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("@media print {\n"
                          "  p { direction: rtl }\n"
                          "}\n"
                          "a { /* note */ unicode-bidi: normal }\n", &r, dc),
                     0);
    assert_int_equal(mk_diag_errors(dc), 2);
    assert_diag(dc, 0, 2, MK_ERROR,
                "property 'direction' is not allowed in EPUB stylesheets "
                "(EPUBCheck CSS-001); use the dir attribute in the XHTML "
                "instead");
    assert_diag(dc, 1, 4, MK_ERROR,
                "property 'unicode-bidi' is not allowed in EPUB stylesheets "
                "(EPUBCheck CSS-001); use the dir attribute in the XHTML "
                "instead");
    refs_free(&r);
    mk_diag_free(dc);

    dc = mk_diag_new();
    assert_int_equal(scan("color: blue; direction: rtl", &r, dc), 0);
    assert_int_equal(mk_diag_errors(dc), 1);
    refs_free(&r);
    mk_diag_free(dc);
}

/* The words in selectors, values, longer names, strings and comments
 * are not the properties. */
static void test_not_forbidden(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("direction { color: red }\n"
                          "p.direction, #unicode-bidi { margin: 0 }\n"
                          "q { font-family: direction; }\n"
                          "s { content: \"direction: rtl\" }\n"
                          "/* direction: rtl */\n"
                          "t { text-direction: x; unicode-bidi-x: y }\n"
                          "u { x-direction: rtl }\n"
                          "v { background: url(direction:rtl.png) }\n",
                          &r, dc), 0);
    assert_int_equal(mk_diag_count(dc), 0);
    assert_int_equal(r.n, 1);
    assert_ref(&r, 0, "direction:rtl.png", 8, 0);
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_invalid_utf8(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_int_equal(scan("p { content: \"caf\xE9\" }\n"
                          "a { background: url(x.png) }\n", &r, dc), 0);
    assert_int_equal(mk_diag_errors(dc), 1);
    assert_diag(dc, 0, 1, MK_ERROR,
                "stylesheet is not valid UTF-8 (EPUB readers expect UTF-8 "
                "CSS: save it as UTF-8)");
    /* the references are still found */
    assert_int_equal(r.n, 1);
    assert_ref(&r, 0, "x.png", 2, 0);
    refs_free(&r);
    mk_diag_free(dc);

    dc = mk_diag_new();
    assert_int_equal(scan("p { content: \"caf\xC3\xA9 \xE2\x80\x94\" }", &r,
                          dc), 0);
    assert_int_equal(mk_diag_count(dc), 0);
    refs_free(&r);
    mk_diag_free(dc);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(mk_utf8_valid("", 0));
    assert_true(mk_utf8_valid("ascii", 5));
    assert_true(mk_utf8_valid("\xC3\xA9", 2));
    assert_true(mk_utf8_valid("\xE2\x80\x94", 3));
    assert_true(mk_utf8_valid("\xF0\x9F\x98\x80", 4));
    assert_true(mk_utf8_valid("\xF4\x8F\xBF\xBF", 4));     /* U+10FFFF */
    assert_true(mk_utf8_valid("\xEF\xBB\xBF", 3));         /* BOM */
    assert_true(mk_utf8_valid("a\0b", 3));
    assert_false(mk_utf8_valid("\xE9", 1));                /* Latin-1 */
    assert_false(mk_utf8_valid("\xC3", 1));                /* truncated */
    assert_false(mk_utf8_valid("\xE2\x80", 2));
    assert_false(mk_utf8_valid("\xC3\xA9", 1));            /* len cuts */
    assert_false(mk_utf8_valid("\x80", 1));                /* lone tail */
    assert_false(mk_utf8_valid("\xC0\xAF", 2));            /* overlong */
    assert_false(mk_utf8_valid("\xC1\xBF", 2));
    assert_false(mk_utf8_valid("\xE0\x80\xAF", 3));
    assert_false(mk_utf8_valid("\xF0\x80\x80\xAF", 4));
    assert_false(mk_utf8_valid("\xED\xA0\x80", 3));        /* surrogate */
    assert_false(mk_utf8_valid("\xF4\x90\x80\x80", 4));    /* > U+10FFFF */
    assert_false(mk_utf8_valid("\xF5\x80\x80\x80", 4));
    assert_false(mk_utf8_valid("\xFF", 1));
    assert_false(mk_utf8_valid("\xC3\x28", 2));            /* bad tail */
}

/* A callback failure stops the scan and is returned. */
static void test_callback_failure(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;
    const char *css = "a{background:url(1.png)}b{background:url(2.png)}"
                      "c{background:url(3.png)}";

    (void)state;
    memset(&r, 0, sizeof r);
    r.fail_at = 2;
    assert_int_equal(mk_css_scan("s.css", css, strlen(css), 1, dc, collect,
                                 &r), -1);
    assert_int_equal(r.n, 2);
    refs_free(&r);
    mk_diag_free(dc);
}

/* Unterminated constructs end the scan without reading past len. */
static void test_unterminated(void **state)
{
    static const char *const inputs[] = {
        "a { background: url(x.png",
        "a { background: url(\"x.png",
        "/* never closed url(y.png)",
        "@import \"z.css",
        "@import",
        "p { content: \"open",
        "url(",
        "direction",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        struct mk_diag *dc = mk_diag_new();
        struct refs r;
        size_t len = strlen(inputs[i]);
        char *copy = malloc(len);       /* no NUL after the bytes */

        assert_non_null(copy);
        memcpy(copy, inputs[i], len);
        memset(&r, 0, sizeof r);
        assert_int_equal(mk_css_scan("s.css", copy, len, 1, dc, collect, &r),
                         0);
        free(copy);
        refs_free(&r);
        mk_diag_free(dc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_forms),
        cmocka_unit_test(test_font_face),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_hidden_references),
        cmocka_unit_test(test_first_line),
        cmocka_unit_test(test_forbidden_properties),
        cmocka_unit_test(test_forbidden_in_context),
        cmocka_unit_test(test_not_forbidden),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_callback_failure),
        cmocka_unit_test(test_unterminated),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
