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
#include "csstok.h"
#include "diag.h"

#define MAX_REFS 16

struct refs {
    size_t n;
    char *url[MAX_REFS];
    long line[MAX_REFS];
    long col[MAX_REFS];
    int is_import[MAX_REFS];
    int fail_at;        /* return -1 on this call (1-based); 0 never */
};

static int collect(void *ctx, const char *url, long line, long col,
                   int is_import)
{
    struct refs *r = ctx;

    assert_true(r->n < MAX_REFS);
    r->url[r->n] = strdup(url);
    r->line[r->n] = line;
    r->col[r->n] = col;
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
    /* each at its url( */
    assert_int_equal(r.col[0], 17);
    assert_int_equal(r.col[1], 17);
    assert_int_equal(r.col[4], 17);
    assert_int_equal(r.col[5], 17);
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
    assert_ref(&r, 4, "next-line.css", 7, 1);   /* the URL's line */
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
    assert_int_equal(mk_css_scan_attribute("ch.xhtml", css, strlen(css), 40,
                                           0, dc, collect, &r), 0);
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
    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan_attribute("s.css", "color: blue; "
                                           "direction: rtl", 27, 1, 0, dc,
                                           collect, &r), 0);
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
                "the stylesheet is not valid UTF-8 here (byte 0xE9; EPUB "
                "readers expect UTF-8 CSS): save it as UTF-8");
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


/* ---- the tokenizer ------------------------------------------------ */

struct want {
    enum mk_csstok_type type;
    const char *value;
    long line, col;
    unsigned flags;
};

/* Tokenizes css and compares every token (whitespace and comments
 * included) with want[0..n-1], then expects the end. */
static void assert_tokens(const char *css, const struct want *want,
                          size_t n)
{
    struct mk_csslex lx;
    struct mk_csstok tok;
    size_t i;

    mk_csslex_init(&lx, css, strlen(css), 1, 1);
    for (i = 0; i < n; i++) {
        assert_int_equal(mk_csslex_next(&lx, &tok), 0);
        if (tok.type != want[i].type)
            print_error("token %zu: type %s, want %s\n", i,
                        mk_csstok_name(tok.type),
                        mk_csstok_name(want[i].type));
        assert_int_equal(tok.type, want[i].type);
        if (want[i].value)
            assert_string_equal(tok.value, want[i].value);
        assert_int_equal(tok.line, want[i].line);
        assert_int_equal(tok.col, want[i].col);
        assert_int_equal(tok.flags, want[i].flags);
    }
    assert_int_equal(mk_csslex_next(&lx, &tok), 0);
    assert_int_equal(tok.type, MK_CSSTOK_EOF);
    assert_int_equal(mk_csslex_next(&lx, &tok), 0);
    assert_int_equal(tok.type, MK_CSSTOK_EOF);
    mk_csslex_release(&lx);
}

#define N(a) (sizeof(a) / sizeof(*(a)))

static void test_token_types(void **state)
{
    static const struct want w[] = {
        { MK_CSSTOK_IDENT, "a-b", 1, 1, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 4, 0 },
        { MK_CSSTOK_FUNCTION, "rgb", 1, 5, 0 },
        { MK_CSSTOK_RPAREN, "", 1, 9, 0 },
        { MK_CSSTOK_AT_KEYWORD, "media", 1, 10, 0 },
        { MK_CSSTOK_HASH, "id", 1, 16, MK_CSSTOK_ID },
        { MK_CSSTOK_HASH, "123", 1, 19, 0 },
        { MK_CSSTOK_STRING, "s", 1, 23, 0 },
        { MK_CSSTOK_STRING, "q", 1, 26, 0 },
        { MK_CSSTOK_URL, "u.png", 1, 29, 0 },
        { MK_CSSTOK_BAD_URL, "", 1, 39, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 47, 0 },
        { MK_CSSTOK_DELIM, "!", 1, 48, 0 },
        { MK_CSSTOK_NUMBER, "1", 1, 49, MK_CSSTOK_INTEGER },
        { MK_CSSTOK_WHITESPACE, "", 1, 50, 0 },
        { MK_CSSTOK_PERCENTAGE, "50", 1, 51, MK_CSSTOK_INTEGER },
        { MK_CSSTOK_DIMENSION, "em", 1, 54, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 60, 0 },
        { MK_CSSTOK_CDO, "", 2, 1, 0 },
        { MK_CSSTOK_CDC, "", 2, 5, 0 },
        { MK_CSSTOK_COLON, "", 2, 8, 0 },
        { MK_CSSTOK_SEMICOLON, "", 2, 9, 0 },
        { MK_CSSTOK_COMMA, "", 2, 10, 0 },
        { MK_CSSTOK_LBRACKET, "", 2, 11, 0 },
        { MK_CSSTOK_RBRACKET, "", 2, 12, 0 },
        { MK_CSSTOK_LPAREN, "", 2, 13, 0 },
        { MK_CSSTOK_RPAREN, "", 2, 14, 0 },
        { MK_CSSTOK_LBRACE, "", 2, 15, 0 },
        { MK_CSSTOK_RBRACE, "", 2, 16, 0 },
        { MK_CSSTOK_COMMENT, "", 2, 17, 0 },
        { MK_CSSTOK_BAD_STRING, "bad", 2, 22, 0 },
        { MK_CSSTOK_WHITESPACE, "", 2, 26, 0 },
        { MK_CSSTOK_STRING, "open", 3, 1, MK_CSSTOK_UNTERMINATED },
    };

    (void)state;
    assert_tokens("a-b rgb()@media#id#123\"s\"'q'url(u.png)url(a b) "
                  "!1 50%-1.5em\r\n"
                  "<!---->:;,[](){}/*c*/\"bad\n"
                  "\"open", w, N(w));
}

static void test_token_escapes(void **state)
{
    static const struct want w[] = {
        { MK_CSSTOK_IDENT, "direction", 1, 1, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 13, 0 },
        { MK_CSSTOK_IDENT, "direction", 1, 14, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 26, 0 },
        { MK_CSSTOK_IDENT, "DIRECTION", 1, 27, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 36, 0 },
        /* 0, a surrogate and a code point past U+10FFFF: U+FFFD */
        { MK_CSSTOK_IDENT, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 2, 1,
          0 },
        { MK_CSSTOK_WHITESPACE, "", 2, 18, 0 },
        /* six hex digits at most; a letter escaped is itself */
        { MK_CSSTOK_IDENT, "\xF0\x9F\x98\x80" "0x:", 2, 19, 0 },
        { MK_CSSTOK_WHITESPACE, "", 2, 31, 0 },
        /* in strings: escaped quote, continued line, hex escape */
        { MK_CSSTOK_STRING, "a\"bc\xC3\xA9", 2, 32, 0 },
        { MK_CSSTOK_WHITESPACE, "", 3, 6, 0 },
        { MK_CSSTOK_URL, "a)b c", 4, 2, 0 },
        { MK_CSSTOK_WHITESPACE, "", 4, 14, 0 },
        /* a backslash before a line break escapes nothing */
        { MK_CSSTOK_DELIM, "\\", 4, 15, 0 },
        { MK_CSSTOK_WHITESPACE, "", 4, 16, 0 },
        { MK_CSSTOK_HASH, "\xC3\xA9t\xC3\xA9", 5, 1, MK_CSSTOK_ID },
    };

    (void)state;
    assert_tokens("dir\\65 ction \\64 irection DIRECTION\n"
                  "\\0 \\D800 \\110000  \\01F6000\\x\\: "
                  "\"a\\\"b\\\nc\\E9\"\n"
                  " url(a\\)b\\ c) \\\n"
                  "#\xC3\xA9t\\E9", w, N(w));
}

/* url( with a quoted URL is a function then a string; spaces allowed
 * around an unquoted URL; unterminated things at the end. */
static void test_token_urls_and_ends(void **state)
{
    static const struct want w[] = {
        { MK_CSSTOK_FUNCTION, "url", 1, 1, 0 },
        { MK_CSSTOK_WHITESPACE, "", 1, 5, 0 },
        { MK_CSSTOK_STRING, "q.png", 1, 6, 0 },
        { MK_CSSTOK_RPAREN, "", 1, 13, 0 },
        { MK_CSSTOK_URL, "s.png", 1, 14, 0 },
        { MK_CSSTOK_FUNCTION, "URL", 1, 28, 0 },
        { MK_CSSTOK_STRING, "u", 1, 32, 0 },
        { MK_CSSTOK_RPAREN, "", 1, 35, 0 },
        { MK_CSSTOK_BAD_URL, "", 1, 36, 0 },
        { MK_CSSTOK_COMMENT, "", 1, 44, MK_CSSTOK_UNTERMINATED },
    };
    static const struct want w2[] = {
        { MK_CSSTOK_URL, "x.png", 1, 1, MK_CSSTOK_UNTERMINATED },
    };

    (void)state;
    assert_tokens("url( \"q.png\")url(  s.png  )URL('u')url(a\"b)/* open",
                  w, N(w));
    assert_tokens("url(x.png", w2, N(w2));
}

/* ---- what EPUBCheck reports ---------------------------------------- */

/* The i-th diagnostic with its column. */
static void assert_at(struct mk_diag *dc, size_t i, long line, long col,
                      enum mk_severity sev, const char *message)
{
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(dc, i, &f, &l, &c, &s, &m), 0);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
}

/* Scans css as a stylesheet file; expects n errors, no warning. */
static struct mk_diag *scan_errors(const char *css, size_t len, size_t n)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan("s.css", css, len, 1, dc, collect, &r), 0);
    refs_free(&r);
    if (mk_diag_count(dc) != n) {
        size_t i;

        for (i = 0; i < mk_diag_count(dc); i++) {
            const char *f, *m;
            long l, c;
            enum mk_severity s;

            mk_diag_get(dc, i, &f, &l, &c, &s, &m);
            print_error("%ld:%ld: %s\n", l, c, m);
        }
    }
    assert_int_equal(mk_diag_count(dc), n);
    assert_int_equal(mk_diag_warnings(dc), 0);
    return dc;
}

#define CSS001(p) "property '" p "' is not allowed in EPUB stylesheets " \
                  "(EPUBCheck CSS-001); use the dir attribute in the XHTML " \
                  "instead"

static void test_escaped_forbidden(void **state)
{
    const char *css = "p { dir\\65 ction: rtl }\n"
                      "q { \\64 irection: ltr }\n"
                      "r { unicode\\-bidi: embed }\n"
                      "s { direction\\ : x }\n";
    struct mk_diag *dc;

    (void)state;
    dc = scan_errors(css, strlen(css), 3);
    assert_at(dc, 0, 1, 5, MK_ERROR, CSS001("direction"));
    assert_at(dc, 1, 2, 5, MK_ERROR, CSS001("direction"));
    assert_at(dc, 2, 3, 5, MK_ERROR, CSS001("unicode-bidi"));
    mk_diag_free(dc);
}

static void test_syntax_errors(void **state)
{
    static const struct {
        const char *css;
        long line, col;
        const char *message;
    } cases[] = {
        { "p { color: red;\n  content: \"abc\n}\n", 2, 12,
          "the string has a line break before its closing quote: close "
          "it on the same line (write \\A for a line break in generated "
          "content)" },
        { "p { color: red }\n/* open comment\n", 2, 1,
          "the comment is never closed: end it with */" },
        { "p { color: red\n", 1, 1,
          "the block of this rule is never closed: add '}' at its end" },
        { "p { background: url(a b.png) }\n", 1, 17,
          "url(a b.png) is not a valid url(): a space, quote or '(' in an "
          "unquoted URL; put the URL in quotes, url(\"...\"), with a space "
          "written %20" },
        { "p { color red }\n", 1, 5,
          "property 'color' needs a ':' before its value: write 'color: "
          "value;'" },
        { "p { color: }\n", 1, 5,
          "property 'color' has no value: give it one, or remove the "
          "declaration" },
        { "p { --x: ; }\n", 1, 5,
          "property '--x' has no value: give it one, or remove the "
          "declaration" },
        { "p { color: red; } }\n", 1, 19,
          "'}' closes nothing: remove it, or add the '{' it should close" },
        { "p { color: red;; margin: 0 }\n", 1, 16,
          "';' where a property name should be: write 'name: value;', or "
          "remove it" },
        { "p { 12px: 0 }\n", 1, 5,
          "'12px' where a property name should be: write 'name: value;', "
          "or remove it" },
        { "p[ { color: red }\n", 1, 4,
          "the selector before '{' has a '[' or '(' that is not closed: "
          "close it" },
        { "p { color: rgb(1, 2, 3 }\n", 1, 24,
          "a '(' or '[' in the value of 'color' is not closed: close it "
          "before the end of the declaration" },
        { "p { color: red { x } }\n", 1, 16,
          "'{' in the value of 'color': end the declaration with ';' "
          "first" },
        { "p; q { color: red }\n", 1, 2,
          "';' in a selector: a rule is a selector then { declarations }; "
          "remove the ';'" },
        { "p { color: red }\nh1\n", 2, 1,
          "the selector has no { } block: add one, or remove the "
          "selector" },
        { "@media print\n", 1, 1,
          "@media is not finished: end it with ';' or a { } block" },
        { "@font-face {\n}\n", 1, 1,
          "@font-face is empty (EPUBCheck CSS-019): give it font-family "
          "and src, or remove it" },
        { "@page { margin: 1em; @top-center { content: \"x\" } }\n", 1, 22,
          "'@top-center' where a property name should be: write 'name: "
          "value;', or remove it" },
        { "p { background: url() }\n", 1, 17,
          "empty URL (EPUBCheck CSS-002): give the path of the file, or "
          "remove the url()" },
        { "p { background: url(\" \") }\n", 1, 21,
          "empty URL (EPUBCheck CSS-002): give the path of the file, or "
          "remove the url()" },
        { "@import \"\";\n", 1, 9,
          "empty URL (EPUBCheck CSS-002): give the path of the file, or "
          "remove the @import" },
        { "p { content: 'x }", 1, 14,
          "the string is never closed: add the closing quote" },
        { "p { background: url(x.png", 1, 17,
          "url( is never closed: add ')'" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        struct mk_diag *dc = mk_diag_new();
        struct refs r;
        const char *f, *m;
        long l, c;
        enum mk_severity s;
        size_t k;

        memset(&r, 0, sizeof r);
        assert_int_equal(mk_css_scan("s.css", cases[i].css,
                                     strlen(cases[i].css), 1, dc, collect,
                                     &r), 0);
        refs_free(&r);
        /* the expected error is among them (an unterminated string
         * also leaves its block open) */
        for (k = 0; k < mk_diag_count(dc); k++) {
            assert_int_equal(mk_diag_get(dc, k, &f, &l, &c, &s, &m), 0);
            if (l == cases[i].line && c == cases[i].col
                && strcmp(m, cases[i].message) == 0)
                break;
            print_error("case %zu: %ld:%ld: %s\n", i, l, c, m);
        }
        assert_true(k < mk_diag_count(dc));
        assert_int_equal(s, MK_ERROR);
        mk_diag_free(dc);
    }
}

/* What EPUBCheck accepts is accepted. */
static void test_valid_stylesheet(void **state)
{
    const char *css =
        "@charset \"UTF-8\";\n"
        "@import url(\"base.css\") screen;\n"
        "@namespace epub url(http://www.idpf.org/2007/ops);\n"
        "<!-- -->\n"
        "@font-face { font-family: \"Body\"; src: url(f.woff2) "
        "format(\"woff2\"); }\n"
        "@media screen and (min-width: 30em) { p { margin: 0 1em } "
        "@media print { q { color: #000 !important } } }\n"
        "@supports (display: grid) and (not (display: inline-grid)) "
        "{ div { display: grid } }\n"
        "@page { @top-center { content: \"T\" } }\n"
        "@page :first { margin-top: 4cm }\n"
        ".a\\:b, #x\\31 , [lang|=\"en\"] > p + q ~ r::before { "
        "content: \"\\201C\"; }\n"
        "p { width: calc(100% - 2em); transform: rotate(45deg); "
        "--custom: 1px; font: 12px/1.5 serif; }\n"
        "@keyframes k { from { opacity: 0 } 50% { opacity: .5 } }\n"
        "/* comment */ a:not(.b):nth-child(2n+1) { color: red; }\n";
    struct mk_diag *dc;
    struct refs r;

    (void)state;
    dc = mk_diag_new();
    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan("s.css", css, strlen(css), 1, dc, collect,
                                 &r), 0);
    if (mk_diag_count(dc)) {
        const char *f, *m;
        long l, c;
        enum mk_severity s;

        mk_diag_get(dc, 0, &f, &l, &c, &s, &m);
        print_error("%ld:%ld: %s\n", l, c, m);
    }
    assert_int_equal(mk_diag_count(dc), 0);
    assert_int_equal(r.n, 2);       /* not the @namespace URL */
    assert_ref(&r, 0, "base.css", 2, 1);
    assert_ref(&r, 1, "f.woff2", 5, 0);
    refs_free(&r);
    mk_diag_free(dc);
}

/* mk_css_transcode: Latin-1 read as windows-1252, the rule padded, a
 * byte the encoding lacks located, UTF-8 and unknown encodings left. */
static void test_transcode(void **state)
{
    static const char latin1[] = "@charset \"ISO-8859-1\";\n"
                                 "p { content: \"caf\xE9 \x80\" }\n";
    static const char bad[] = "@charset \"latin1\";\np {}\n a\x81";
    static const char utf8[] = "@charset \"UTF-8\";\np {}\n";
    static const char unknown[] = "@charset \"x-none\";\np {}\n";
    static const char utf16[] = "@charset \"UTF-16LE\";\np {}\n";
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;

    (void)state;
    assert_int_equal(mk_css_transcode("s.css", latin1, sizeof latin1 - 1,
                                      dc, &out), MK_CSS_CONVERTED);
    assert_string_equal(mk_buf_str(&out), "@charset \"UTF-8\";     \n"
                        "p { content: \"caf\xC3\xA9 \xE2\x82\xAC\" }\n");
    mk_buf_reset(&out);
    assert_int_equal(mk_css_transcode("s.css", bad, sizeof bad - 1, dc,
                                      &out), MK_CSS_UNDEFINED_BYTE);
    assert_int_equal(out.len, 0);
    assert_at(dc, 0, 3, 3, MK_ERROR, "byte 0x81 means nothing in "
              "windows-1252, which @charset \"latin1\" declares: correct "
              "the character, or save the file as UTF-8 and make the rule "
              "@charset \"UTF-8\";");
    assert_int_equal(mk_css_transcode("s.css", utf8, sizeof utf8 - 1, dc,
                                      &out), MK_CSS_AS_IS);
    assert_int_equal(mk_css_transcode("s.css", unknown, sizeof unknown - 1,
                                      dc, &out), MK_CSS_AS_IS);
    assert_int_equal(mk_css_transcode("s.css", utf16, sizeof utf16 - 1,
                                      dc, &out), MK_CSS_AS_IS);
    assert_int_equal(out.len, 0);
    assert_int_equal(mk_diag_count(dc), 1);
    mk_buf_release(&out);
    mk_diag_free(dc);
}

static void test_encodings(void **state)
{
    static const char latin1[] = "@charset \"ISO-8859-1\";\n"
                                 "p { content: \"caf\xE9\" }\n";
    static const char bom[] = "\xEF\xBB\xBFp { color: red }\n";
    static const char utf16[] = "\xFF\xFEp\0 \0{\0}\0";
    static const char late_bad[] = "p {}\n  q { content: \"\xC3\" }\n";
    static const char html[] = "\n  <!DOCTYPE html>\n<html><p>x</p>\n";
    static const char html2[] = "<HTML><p>a { b }</p></HTML>";
    struct mk_diag *dc;

    (void)state;
    dc = scan_errors(latin1, sizeof latin1 - 1, 1);
    /* mk_css_scan alone does not convert (mk_css_transcode does) */
    assert_at(dc, 0, 1, 1, MK_ERROR, "@charset \"ISO-8859-1\": EPUB "
              "stylesheets must be UTF-8 (EPUBCheck CSS-004), and mkepub "
              "cannot convert from this encoding: save the file as UTF-8 "
              "and make the rule @charset \"UTF-8\";");
    mk_diag_free(dc);
    mk_diag_free(scan_errors(bom, sizeof bom - 1, 0));
    dc = scan_errors(utf16, sizeof utf16 - 1, 1);
    assert_at(dc, 0, 1, 1, MK_ERROR, "the stylesheet is UTF-16 (EPUBCheck "
              "CSS-003): save it as UTF-8");
    mk_diag_free(dc);
    dc = scan_errors(late_bad, sizeof late_bad - 1, 1);
    assert_at(dc, 0, 2, 17, MK_ERROR, "the stylesheet is not valid UTF-8 "
              "here (byte 0xC3; EPUB readers expect UTF-8 CSS): save it as "
              "UTF-8");
    mk_diag_free(dc);
    dc = scan_errors(html, sizeof html - 1, 1);
    assert_at(dc, 0, 1, 1, MK_ERROR, "'s.css' is an HTML page, not a "
              "stylesheet: put the stylesheet itself in this file (a "
              "browser's \"save as\" of a .css link saves the page)");
    mk_diag_free(dc);
    mk_diag_free(scan_errors(html2, sizeof html2 - 1, 1));
}

/* A style attribute holds declarations; <style> holds rules; neither is
 * checked for encoding (the document's).  On the element's line, the
 * element's column is reported; later lines have their own. */
static void test_inline_kinds(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct refs r;
    const char *attr = "; color: red; background: url(a.png);;";
    const char *style = "\n  p { direction: rtl }\n  @import 'x.css';";

    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan_attribute("c.xhtml", attr, strlen(attr), 9,
                                           4, dc, collect, &r), 0);
    assert_int_equal(mk_diag_count(dc), 0);
    assert_ref(&r, 0, "a.png", 9, 0);
    refs_free(&r);
    assert_int_equal(mk_css_scan_attribute("c.xhtml", "a { b: c }", 10, 9,
                                           4, dc, collect, &r), 0);
    assert_int_equal(mk_diag_errors(dc), 1);
    assert_at(dc, 0, 9, 4, MK_ERROR, "property 'a' needs a ':' before its "
              "value: write 'a: value;'");
    refs_free(&r);
    mk_diag_free(dc);

    dc = mk_diag_new();
    assert_int_equal(mk_css_scan_style("c.xhtml", style, strlen(style), 4,
                                       3, dc, collect, &r), 0);
    assert_int_equal(mk_diag_errors(dc), 1);
    assert_at(dc, 0, 5, 7, MK_ERROR, CSS001("direction"));
    assert_ref(&r, 0, "x.css", 6, 1);
    refs_free(&r);
    mk_diag_free(dc);
}

/* Deep nesting is a heap stack: 100,000 open blocks. */
static void test_deep_nesting(void **state)
{
    size_t n = 100000, i;
    char *css = malloc(n * 9 + 1);
    struct mk_diag *dc = mk_diag_new();
    struct refs r;

    (void)state;
    assert_non_null(css);
    for (i = 0; i < n; i++)
        memcpy(css + i * 9, "@media x{", 9);
    memset(&r, 0, sizeof r);
    assert_int_equal(mk_css_scan("s.css", css, n * 9, 1, dc, collect, &r),
                     0);
    assert_int_equal(mk_diag_errors(dc), 1);
    free(css);
    mk_diag_free(dc);
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
        cmocka_unit_test(test_callback_failure),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_token_types),
        cmocka_unit_test(test_token_escapes),
        cmocka_unit_test(test_token_urls_and_ends),
        cmocka_unit_test(test_escaped_forbidden),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_valid_stylesheet),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_transcode),
        cmocka_unit_test(test_inline_kinds),
        cmocka_unit_test(test_deep_nesting),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
