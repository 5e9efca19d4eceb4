/*
 * css.c - a small CSS tokenizer for references and forbidden properties
 * (see css.h).
 */
#include "css.h"
#include "buf.h"
#include "diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int mk_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i];
        size_t n, k;
        unsigned cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
            || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

struct scanner {
    const char *p, *end;
    long line;
};

static void advance(struct scanner *sc, size_t n)
{
    while (n-- && sc->p < sc->end) {
        if (*sc->p == '\n')
            sc->line++;
        sc->p++;
    }
}

static void skip_space_and_comments(struct scanner *sc)
{
    while (sc->p < sc->end) {
        if (isspace((unsigned char)*sc->p)) {
            advance(sc, 1);
        } else if (sc->end - sc->p >= 2 && sc->p[0] == '/'
                   && sc->p[1] == '*') {
            advance(sc, 2);
            while (sc->p < sc->end
                   && !(sc->end - sc->p >= 2 && sc->p[0] == '*'
                        && sc->p[1] == '/'))
                advance(sc, 1);
            advance(sc, 2);
        } else {
            break;
        }
    }
}

/* Reads a quoted string at sc->p into out (unescaped simply). */
static void read_string(struct scanner *sc, struct mk_buf *out)
{
    char quote = *sc->p;

    advance(sc, 1);
    while (sc->p < sc->end && *sc->p != quote && *sc->p != '\n') {
        if (*sc->p == '\\' && sc->p + 1 < sc->end)
            advance(sc, 1);
        mk_buf_addc(out, *sc->p);
        advance(sc, 1);
    }
    advance(sc, 1);
}

/* After "url(": reads the argument into out. */
static void read_url(struct scanner *sc, struct mk_buf *out)
{
    skip_space_and_comments(sc);
    if (sc->p < sc->end && (*sc->p == '"' || *sc->p == '\'')) {
        read_string(sc, out);
    } else {
        while (sc->p < sc->end && *sc->p != ')'
               && !isspace((unsigned char)*sc->p)) {
            mk_buf_addc(out, *sc->p);
            advance(sc, 1);
        }
    }
    while (sc->p < sc->end && *sc->p != ')')
        advance(sc, 1);
    advance(sc, 1);
}

static int starts_with_ci(const struct scanner *sc, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(sc->end - sc->p) >= n && strncasecmp(sc->p, word, n) == 0;
}

static int is_ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_'
           || (unsigned char)c >= 0x80;
}

int mk_css_scan(const char *path, const char *text, size_t len,
                long first_line, struct mk_diag *dc, mk_css_ref_fn found,
                void *ctx)
{
    struct scanner sc = { text, text + len, first_line };
    struct mk_buf url = MK_BUF_INIT;
    char prev = '{';    /* last significant character */
    int rc = 0;

    if (!mk_utf8_valid(text, len))
        mk_error(dc, path, first_line, 1, "stylesheet is not valid UTF-8 "
                 "(EPUB readers expect UTF-8 CSS: save it as UTF-8)");
    /* a failed append stops the scan: mk_buf_reset() would clear it */
    while (sc.p < sc.end && rc == 0 && !url.failed) {
        long line = sc.line;

        skip_space_and_comments(&sc);
        if (sc.p >= sc.end)
            break;
        line = sc.line;
        if (*sc.p == '"' || *sc.p == '\'') {
            mk_buf_reset(&url);
            read_string(&sc, &url);
            prev = '"';
        } else if (starts_with_ci(&sc, "@import")) {
            advance(&sc, 7);
            skip_space_and_comments(&sc);
            mk_buf_reset(&url);
            if (starts_with_ci(&sc, "url(")) {
                advance(&sc, 4);
                read_url(&sc, &url);
            } else if (sc.p < sc.end && (*sc.p == '"' || *sc.p == '\'')) {
                read_string(&sc, &url);
            }
            if (url.len && !url.failed)
                rc = found(ctx, mk_buf_str(&url), line, 1);
            prev = ';';
        } else if (starts_with_ci(&sc, "url(")) {
            advance(&sc, 4);
            mk_buf_reset(&url);
            read_url(&sc, &url);
            if (!url.failed)
                rc = found(ctx, mk_buf_str(&url), line, 0);
            prev = ')';
        } else if (is_ident_char(*sc.p) && (prev == '{' || prev == ';')) {
            const char *start = sc.p;
            size_t n;

            while (sc.p < sc.end && is_ident_char(*sc.p))
                advance(&sc, 1);
            n = (size_t)(sc.p - start);
            skip_space_and_comments(&sc);
            if (sc.p < sc.end && *sc.p == ':'
                && ((n == 9 && strncasecmp(start, "direction", 9) == 0)
                    || (n == 12
                        && strncasecmp(start, "unicode-bidi", 12) == 0)))
                mk_error(dc, path, line, 0, "property '%.*s' is not "
                         "allowed in EPUB stylesheets (EPUBCheck CSS-001); "
                         "use the dir attribute in the XHTML instead",
                         (int)n, start);
            prev = 'a';
        } else {
            if (*sc.p == '{' || *sc.p == ';' || *sc.p == '}')
                prev = *sc.p == '}' ? '{' : *sc.p;
            else
                prev = *sc.p;
            advance(&sc, 1);
        }
    }
    if (url.failed)
        rc = mk_diag_oom(dc);
    mk_buf_release(&url);
    return rc;
}

/* ---- rewriting references ------------------------------------------ */

/* Appends url as a CSS string token. */
static void add_css_string(struct mk_buf *out, const char *url)
{
    mk_buf_addc(out, '"');
    for (; *url; url++) {
        if (*url == '"' || *url == '\\')
            mk_buf_addc(out, '\\');
        if (*url == '\n')
            mk_buf_adds(out, "\\a ");
        else
            mk_buf_addc(out, *url);
    }
    mk_buf_addc(out, '"');
}

/* The token from start to sc->p held url: asks map() for its new form
 * and, if there is one, copies the text before the token and the new
 * token (url("...") when in_url, else "..."). */
static int replace_token(const char **copied,
                         const char *start, const struct scanner *sc,
                         const char *url, int in_url, mk_css_map_fn map,
                         void *ctx, struct mk_buf *out, int *changed)
{
    int failed = 0;
    char *repl = map(ctx, url, &failed);

    if (failed)
        return -1;
    if (!repl)
        return 0;
    mk_buf_add(out, *copied, (size_t)(start - *copied));
    if (in_url)
        mk_buf_adds(out, "url(");
    add_css_string(out, repl);
    if (in_url)
        mk_buf_addc(out, ')');
    free(repl);
    *copied = sc->p;
    *changed = 1;
    return 0;
}

int mk_css_rewrite(const char *text, size_t len, mk_css_map_fn map,
                   void *ctx, struct mk_buf *out, int *changed)
{
    struct scanner sc = { text, text + len, 1 };
    struct mk_buf url = MK_BUF_INIT;
    const char *copied = text;
    int rc = 0;

    *changed = 0;
    while (sc.p < sc.end && rc == 0 && !url.failed) {
        const char *start;

        skip_space_and_comments(&sc);
        if (sc.p >= sc.end)
            break;
        start = sc.p;
        mk_buf_reset(&url);
        if (*sc.p == '"' || *sc.p == '\'') {
            read_string(&sc, &url);
        } else if (starts_with_ci(&sc, "@import")) {
            advance(&sc, 7);
            skip_space_and_comments(&sc);
            start = sc.p;
            if (starts_with_ci(&sc, "url(")) {
                advance(&sc, 4);
                read_url(&sc, &url);
                rc = replace_token(&copied, start, &sc,
                                   mk_buf_str(&url), 1, map, ctx, out,
                                   changed);
            } else if (sc.p < sc.end && (*sc.p == '"' || *sc.p == '\'')) {
                read_string(&sc, &url);
                rc = replace_token(&copied, start, &sc,
                                   mk_buf_str(&url), 0, map, ctx, out,
                                   changed);
            }
        } else if (starts_with_ci(&sc, "url(")) {
            advance(&sc, 4);
            read_url(&sc, &url);
            rc = replace_token(&copied, start, &sc, mk_buf_str(&url),
                               1, map, ctx, out, changed);
        } else {
            advance(&sc, 1);
        }
    }
    if (url.failed)
        rc = -1;
    mk_buf_release(&url);
    mk_buf_add(out, copied, (size_t)(text + len - copied));
    return rc < 0 || out->failed ? -1 : 0;
}
