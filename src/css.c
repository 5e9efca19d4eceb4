/*
 * css.c - checking stylesheets (see css.h): a rule parser over the
 * tokens of csstok.c.  Open blocks live on a heap stack, never on the C
 * stack.  It follows what EPUBCheck's own parser (CssParser) reports:
 * a rule set is a selector then a block of "name: value" declarations
 * separated by ';'; an at-rule ends at ';' or opens a block that holds
 * rules when a '{' comes before the first ';' or '}', and declarations
 * otherwise.  Each error says what to change; after one, the parser
 * skips to the end of the declaration or rule, as EPUBCheck does.
 */
#include "css.h"
#include "buf.h"
#include "csstok.h"
#include "diag.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the parser ---------------------------------------------------- */

enum block_kind {
    BLOCK_RULES,                /* rules: @media, @supports, ... */
    BLOCK_DECLS                 /* declarations: a rule set, @font-face */
};

struct block {
    enum block_kind kind;
    int font_face;
    size_t decls;               /* declarations read in it */
    long line, col;             /* of the rule that opened it */
};

struct parser {
    const char *path;
    struct mk_diag *dc;
    mk_css_ref_fn found;
    void *ctx;
    struct mk_csslex lx;
    struct mk_csstok tok;       /* the current token */
    struct block *blocks;       /* open blocks, innermost last */
    size_t depth, cap;
    enum block_kind outer;      /* the level outside every block */
    struct mk_buf name;         /* the current property or at-rule name */
    long url_line, url_col;     /* of the last url( */
    long first_line, first_col; /* inline CSS: the column reported for
                                 * its first line (0: the real one) */
    int failed;                 /* memory ran out or found() failed */
};

/* Reports an error at line:col of the text (on the first line of
 * inline CSS, at the element's column: where the text starts on that
 * line is not known). */
static void error_at(struct parser *P, long line, long col,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(struct parser *P, long line, long col,
                     const char *fmt, ...)
{
    struct mk_buf msg = MK_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    mk_buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (P->first_col > 0 && line == P->first_line)
        col = P->first_col;
    if (mk_buf_failed(&msg))
        mk_diag_oom(P->dc);
    else
        mk_error(P->dc, P->path, line, col, "%s", mk_buf_str(&msg));
    mk_buf_release(&msg);
}

static int oom(struct parser *P)
{
    P->failed = 1;
    return mk_diag_oom(P->dc);
}

/* Reports what is wrong with a token itself (EPUBCheck's scanner
 * errors). */
static void token_errors(struct parser *P)
{
    const struct mk_csstok *t = &P->tok;

    if (t->type == MK_CSSTOK_BAD_STRING)
        error_at(P, t->line, t->col, "the string has a line "
                 "break before its closing quote: close it on the same "
                 "line (write \\A for a line break in generated content)");
    else if (t->type == MK_CSSTOK_BAD_URL)
        error_at(P, t->line, t->col, "url(%.*s is not a valid "
                 "url(): a space, quote or '(' in an unquoted URL; put the "
                 "URL in quotes, url(\"...\"), with a space written %%20",
                 (int)(t->len > 4 ? (t->len > 60 ? 56 : t->len - 4) : 0),
                 t->start + (t->len > 4 ? 4 : 0));
    else if (!(t->flags & MK_CSSTOK_UNTERMINATED))
        return;
    else if (t->type == MK_CSSTOK_COMMENT)
        error_at(P, t->line, t->col, "the comment is never "
                 "closed: end it with */");
    else if (t->type == MK_CSSTOK_STRING)
        error_at(P, t->line, t->col, "the string is never "
                 "closed: add the closing quote");
    else if (t->type == MK_CSSTOK_URL)
        error_at(P, t->line, t->col, "url( is never closed: "
                 "add ')'");
}

/* Reads the next token that is neither whitespace nor a comment.
 * Returns 0, or -1 when memory ran out. */
static int next(struct parser *P)
{
    for (;;) {
        if (mk_csslex_next(&P->lx, &P->tok) < 0)
            return oom(P);
        token_errors(P);
        /* like EPUBCheck, read on after a bad string from the next
         * ';', '{' or '}' (not from the line break) */
        if (P->tok.type == MK_CSSTOK_BAD_STRING)
            mk_csslex_skip_to(&P->lx, ";{}");
        if (P->tok.type != MK_CSSTOK_WHITESPACE
            && P->tok.type != MK_CSSTOK_COMMENT)
            return 0;
    }
}

static int is(const struct parser *P, enum mk_csstok_type type)
{
    return P->tok.type == type;
}

/* Counts the current token into *nest, the '(' and '[' (and functions)
 * opened and not closed yet. */
static void track_nesting(const struct parser *P, size_t *nest)
{
    if (is(P, MK_CSSTOK_LPAREN) || is(P, MK_CSSTOK_LBRACKET)
        || is(P, MK_CSSTOK_FUNCTION))
        (*nest)++;
    else if ((is(P, MK_CSSTOK_RPAREN) || is(P, MK_CSSTOK_RBRACKET))
             && *nest > 0)
        (*nest)--;
}

/* The current token is the delimiter c. */
static int is_delim(const struct parser *P, char c)
{
    return P->tok.type == MK_CSSTOK_DELIM && P->tok.value_len == 1
           && P->tok.value[0] == c;
}

/* Remembers the current token's value as the name of what is read. */
static int keep_name(struct parser *P)
{
    mk_buf_reset(&P->name);
    if (mk_buf_add(&P->name, P->tok.value, P->tok.value_len) < 0)
        return oom(P);
    return 0;
}

/* A short quotation of the current token for messages. */
#define TOK_SHOWN(P) (int)((P)->tok.len > 40 ? 40 : (P)->tok.len), \
                     (P)->tok.start

static int report(struct parser *P, const char *url, long line,
                  long col, int is_import)
{
    size_t i;

    if (P->failed)
        return -1;
    for (i = 0; url[i] == ' ' || url[i] == '\t' || url[i] == '\n'; i++)
        ;
    if (!url[i]) {
        error_at(P, P->tok.line, P->tok.col, "empty URL "
                 "(EPUBCheck CSS-002): give the path of the file, or "
                 "remove the %s", is_import ? "@import" : "url()");
        return 0;
    }
    if (P->first_col > 0 && line == P->first_line)
        col = P->first_col;
    if (P->found(P->ctx, url, line, col, is_import) < 0) {
        P->failed = 1;
        return -1;
    }
    return 0;
}

/* Looks at a token of a value or prelude for a reference: a url token,
 * or the string right after url(.  *after_url says the previous token
 * was url(. */
static int reference(struct parser *P, int *after_url, int is_import)
{
    int rc = 0;

    if (is(P, MK_CSSTOK_URL))
        rc = report(P, P->tok.value, P->tok.line, P->tok.col, is_import);
    else if (*after_url && is(P, MK_CSSTOK_STRING))
        rc = report(P, P->tok.value, P->url_line, P->url_col, is_import);
    *after_url = is(P, MK_CSSTOK_FUNCTION)
                 && strcasecmp(P->tok.value, "url") == 0;
    if (*after_url) {
        P->url_line = P->tok.line;
        P->url_col = P->tok.col;
    }
    return rc;
}

static int push(struct parser *P, enum block_kind kind, int font_face,
                long line, long col)
{
    struct block *b;

    if (mk_grow_array(&P->blocks, &P->cap, P->depth, sizeof(*P->blocks))
        < 0)
        return oom(P);
    b = &P->blocks[P->depth++];
    b->kind = kind;
    b->font_face = font_face;
    b->decls = 0;
    b->line = line;
    b->col = col;
    return 0;
}

/* At a '}': closes the innermost block, or reports a stray '}'. */
static void close_block(struct parser *P)
{
    struct block *b;

    if (P->depth == 0) {
        error_at(P, P->tok.line, P->tok.col, "'}' closes "
                 "nothing: remove it, or add the '{' it should close");
        return;
    }
    b = &P->blocks[--P->depth];
    if (b->font_face && b->decls == 0)
        error_at(P, b->line, b->col, "@font-face is empty "
                 "(EPUBCheck CSS-019): give it font-family and src, or "
                 "remove it");
}

static enum block_kind current_kind(const struct parser *P)
{
    return P->depth ? P->blocks[P->depth - 1].kind : P->outer;
}

/* Skips to the end of a declaration: past ';', or at a '}' (which the
 * caller handles), or at the end. */
static int skip_declaration(struct parser *P)
{
    size_t nest = 0;

    for (;;) {
        if (is(P, MK_CSSTOK_EOF))
            return 0;
        if (is(P, MK_CSSTOK_LBRACE)) {
            nest++;
        } else if (is(P, MK_CSSTOK_RBRACE)) {
            if (nest == 0)
                return 0;
            nest--;
        } else if (is(P, MK_CSSTOK_SEMICOLON) && nest == 0) {
            return 0;
        }
        if (next(P) < 0)
            return -1;
    }
}

/* Does the block just opened hold rules?  EPUBCheck's rule: yes when a
 * '{' comes before the first ';' or '}'. */
static int holds_rules(struct parser *P)
{
    struct mk_csslex ahead;
    struct mk_csstok t;
    int rules = 0;

    mk_csslex_fork(&P->lx, &ahead);
    for (;;) {
        if (mk_csslex_next(&ahead, &t) < 0) {
            mk_csslex_release(&ahead);
            return oom(P);
        }
        if (t.type == MK_CSSTOK_LBRACE) {
            rules = 1;
            break;
        }
        if (t.type == MK_CSSTOK_SEMICOLON || t.type == MK_CSSTOK_RBRACE
            || t.type == MK_CSSTOK_EOF)
            break;
    }
    mk_csslex_release(&ahead);
    return rules;
}

enum at_kind { AT_OTHER, AT_IMPORT, AT_NAMESPACE, AT_FONT_FACE };

static const struct at_rule_entry {
    const char *name;
    enum at_kind kind;
} at_rules[] = {                /* sorted for bsearch */
    { "font-face", AT_FONT_FACE },
    { "import", AT_IMPORT },
    { "namespace", AT_NAMESPACE },
};

static int compare_at(const void *key, const void *entry)
{
    return strcasecmp(key, *(const char *const *)entry);
}

static enum at_kind at_kind_of(const char *name)
{
    const void *hit = bsearch(name, at_rules, sizeof(at_rules)
                              / sizeof(*at_rules), sizeof(*at_rules),
                              compare_at);

    return hit ? ((const struct at_rule_entry *)hit)->kind : AT_OTHER;
}

/* At an at-keyword: reads the at-rule's prelude, reporting its
 * references, up to ';' or its block, which it opens. */
static int at_rule(struct parser *P)
{
    long line = P->tok.line, col = P->tok.col;
    enum at_kind kind;
    int after_url = 0, first = 1, rules;
    size_t nest = 0;

    if (keep_name(P) < 0)
        return -1;
    kind = at_kind_of(mk_buf_str(&P->name));
    for (;;) {
        if (next(P) < 0)
            return -1;
        if (is(P, MK_CSSTOK_EOF) || (nest == 0 && is(P, MK_CSSTOK_RBRACE))) {
            error_at(P, line, col, "@%s is not finished: end "
                     "it with ';' or a { } block", mk_buf_str(&P->name));
            return 0;
        }
        if (nest == 0 && is(P, MK_CSSTOK_SEMICOLON))
            return 0;
        if (is(P, MK_CSSTOK_LBRACE))
            break;
        track_nesting(P, &nest);
        if (kind == AT_IMPORT && first && is(P, MK_CSSTOK_STRING)) {
            if (report(P, P->tok.value, P->tok.line, P->tok.col, 1) < 0)
                return -1;
        } else if (kind != AT_NAMESPACE
                   && (kind != AT_IMPORT || first || after_url)) {
            if (reference(P, &after_url, kind == AT_IMPORT) < 0)
                return -1;
        }
        first = 0;
    }
    rules = holds_rules(P);
    if (rules < 0)
        return -1;
    return push(P, rules ? BLOCK_RULES : BLOCK_DECLS, kind == AT_FONT_FACE,
                line, col);
}

/* At the first token of a rule set: reads the selector up to its
 * block, which it opens. */
static int rule_set(struct parser *P)
{
    long line = P->tok.line, col = P->tok.col;
    size_t nest = 0;

    for (;;) {
        if (is(P, MK_CSSTOK_EOF) || is(P, MK_CSSTOK_RBRACE)) {
            error_at(P, line, col, "the selector has no { } "
                     "block: add one, or remove the selector");
            return 0;
        }
        if (is(P, MK_CSSTOK_LBRACE))
            break;
        if (is(P, MK_CSSTOK_SEMICOLON)) {
            error_at(P, P->tok.line, P->tok.col, "';' in a "
                     "selector: a rule is a selector then { declarations "
                     "}; remove the ';'");
            return skip_declaration(P);
        }
        track_nesting(P, &nest);
        if (next(P) < 0)
            return -1;
    }
    if (nest > 0)
        error_at(P, P->tok.line, P->tok.col, "the selector "
                 "before '{' has a '[' or '(' that is not closed: close "
                 "it");
    return push(P, BLOCK_DECLS, 0, line, col);
}

/* The names of the properties EPUB forbids (EPUBCheck CSS-001). */
static const char *const forbidden[] = { "direction", "unicode-bidi" };

static int is_forbidden(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(forbidden) / sizeof(*forbidden); i++)
        if (strcasecmp(name, forbidden[i]) == 0)
            return 1;
    return 0;
}

/* At a property name: reads the declaration up to ';', or up to a '}'
 * (left for the caller). */
static int declaration(struct parser *P)
{
    long line = P->tok.line, col = P->tok.col;
    const char *name;
    size_t values = 0, nest = 0;
    int after_url = 0, bang = 0;

    if (keep_name(P) < 0 || next(P) < 0)
        return -1;
    name = mk_buf_str(&P->name);
    if (!is(P, MK_CSSTOK_COLON)) {
        error_at(P, line, col, "property '%s' needs a ':' "
                 "before its value: write '%s: value;'", name, name);
        return skip_declaration(P);
    }
    for (;;) {
        if (next(P) < 0)
            return -1;
        if (is(P, MK_CSSTOK_EOF) || is(P, MK_CSSTOK_RBRACE)
            || (nest == 0 && is(P, MK_CSSTOK_SEMICOLON)))
            break;
        if (is(P, MK_CSSTOK_LBRACE)) {
            error_at(P, P->tok.line, P->tok.col, "'{' in the "
                     "value of '%s': end the declaration with ';' first",
                     name);
            return skip_declaration(P);
        }
        track_nesting(P, &nest);
        if (reference(P, &after_url, 0) < 0)
            return -1;
        /* "!important" is not a value */
        if (is_delim(P, '!'))
            bang = 1;
        else if (bang && is(P, MK_CSSTOK_IDENT)
                 && strcasecmp(P->tok.value, "important") == 0)
            bang = 0;
        else
            values++;
    }
    if (nest > 0)
        error_at(P, P->tok.line, P->tok.col, "a '(' or '[' "
                 "in the value of '%s' is not closed: close it before "
                 "the end of the declaration", name);
    else if (values == 0)
        error_at(P, line, col, "property '%s' has no value: "
                 "give it one, or remove the declaration", name);
    if (is_forbidden(name))
        error_at(P, line, col, "property '%s' is not allowed "
                 "in EPUB stylesheets (EPUBCheck CSS-001); use the dir "
                 "attribute in the XHTML instead", name);
    if (P->depth)
        P->blocks[P->depth - 1].decls++;
    return 0;
}

/* One step inside a block of declarations (or a style attribute). */
static int in_declarations(struct parser *P)
{
    /* an at-rule (@top-center in @page) is an error here for EPUBCheck:
     * only in a block that starts with a rule */
    if (is(P, MK_CSSTOK_IDENT))
        return declaration(P);
    /* EPUBCheck skips stray ';' in a style attribute only */
    if (is(P, MK_CSSTOK_SEMICOLON) && P->depth == 0)
        return 0;
    error_at(P, P->tok.line, P->tok.col, "'%.*s' where a "
             "property name should be: write 'name: value;', or remove "
             "it", TOK_SHOWN(P));
    return skip_declaration(P);
}

/* Parses the whole text. */
static int parse(struct parser *P)
{
    if (next(P) < 0)
        return -1;
    while (!is(P, MK_CSSTOK_EOF)) {
        int rc = 0;

        if (is(P, MK_CSSTOK_RBRACE)) {
            close_block(P);
            if (next(P) < 0)
                return -1;
            continue;
        }
        if (current_kind(P) == BLOCK_DECLS)
            rc = in_declarations(P);
        else if (is(P, MK_CSSTOK_AT_KEYWORD))
            rc = at_rule(P);
        else if (!is(P, MK_CSSTOK_CDO) && !is(P, MK_CSSTOK_CDC))
            rc = rule_set(P);
        if (rc < 0 || P->failed)
            return -1;
        /* the step may have stopped on a '}' or at the end */
        if (is(P, MK_CSSTOK_RBRACE) || is(P, MK_CSSTOK_EOF))
            continue;
        if (next(P) < 0)
            return -1;
    }
    if (P->depth > 0) {
        const struct block *b = &P->blocks[P->depth - 1];

        error_at(P, b->line, b->col, "the block of this rule "
                 "is never closed: add '}' at its end");
    }
    return 0;
}

/* ---- entry points -------------------------------------------------- */

enum scan_kind { SCAN_FILE, SCAN_STYLE, SCAN_ATTRIBUTE };

/* Case-insensitive: does text (len bytes) start with the ASCII word? */
static int starts_with_ci(const char *text, size_t len, const char *word)
{
    size_t n = strlen(word);

    return len >= n && strncasecmp(text, word, n) == 0;
}

/* The line and column of byte off in text, counting from line 1. */
static void position_of(const char *text, size_t off, long *line,
                        long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];

        if (c == '\n' || c == '\f'
            || (c == '\r' && !(i + 1 < off && text[i + 1] == '\n'))) {
            ++*line;
            *col = 1;
        } else if (mk_utf8_is_lead(c) && c != '\r') {
            ++*col;
        }
    }
}

/* The encoding named by an exact '@charset "name";' at the start of
 * text, into name (size n); 0 if there is none. */
static int charset_rule(const char *text, size_t len, char *name, size_t n)
{
    static const char open[] = "@charset \"";
    size_t i, k = sizeof(open) - 1;

    if (len < k || memcmp(text, open, k) != 0)
        return 0;
    for (i = k; i < len && text[i] != '"'; i++)
        if (i - k + 1 >= n || (unsigned char)text[i] < 0x20)
            return 0;
    if (i + 1 >= len || text[i + 1] != ';')
        return 0;
    memcpy(name, text + k, i - k);
    name[i - k] = '\0';
    return 1;
}

/* ---- other encodings ------------------------------------------------ */

/* @charset labels that name another encoding than iconv's of that name:
 * the Encoding Standard (what every reader follows) reads Latin-1 and
 * ASCII labels as windows-1252, and Latin-5 as windows-1254. */
struct charset_alias {
    const char *label;
    const char *encoding;
};

static const struct charset_alias charset_alias[] = {
    { "ansi_x3.4-1968", "windows-1252" },
    { "ascii", "windows-1252" },
    { "cp1252", "windows-1252" },
    { "cp819", "windows-1252" },
    { "csisolatin1", "windows-1252" },
    { "csisolatin5", "windows-1254" },
    { "ibm819", "windows-1252" },
    { "iso-8859-1", "windows-1252" },
    { "iso-8859-9", "windows-1254" },
    { "iso-ir-100", "windows-1252" },
    { "iso-ir-148", "windows-1254" },
    { "iso8859-1", "windows-1252" },
    { "iso8859-9", "windows-1254" },
    { "iso88591", "windows-1252" },
    { "iso88599", "windows-1254" },
    { "iso_8859-1", "windows-1252" },
    { "iso_8859-1:1987", "windows-1252" },
    { "iso_8859-9", "windows-1254" },
    { "iso_8859-9:1989", "windows-1254" },
    { "l1", "windows-1252" },
    { "l5", "windows-1254" },
    { "latin1", "windows-1252" },
    { "latin5", "windows-1254" },
    { "us-ascii", "windows-1252" },
    { "windows-1252", "windows-1252" },
    { "x-cp1252", "windows-1252" },
};

static int compare_label(const void *key, const void *entry)
{
    return strcasecmp(key, ((const struct charset_alias *)entry)->label);
}

static int charset_rule(const char *text, size_t len, char *name, size_t n);
static void position_of(const char *text, size_t off, long *line,
                        long *col);

/* Converts len bytes from the encoding cd reads to UTF-8 into out.
 * Returns 0, -1 out of memory, or the offset + 2 of the first byte that
 * cannot be converted. */
static long long convert(iconv_t cd, const char *text, size_t len,
                         struct mk_buf *out)
{
    char *in = (char *)(uintptr_t)text;
    size_t left = len;

    while (left > 0) {
        char chunk[4096];
        char *o = chunk;
        size_t room = sizeof(chunk);
        size_t r = iconv(cd, &in, &left, &o, &room);

        if (mk_buf_add(out, chunk, (size_t)(o - chunk)) < 0)
            return -1;
        if (r == (size_t)-1 && errno != E2BIG)
            return (long long)(in - text) + 2;
    }
    return 0;
}

/* Converts a stylesheet declaring another encoding (see css.h). */
enum mk_css_transcoded mk_css_transcode(const char *path, const char *text,
                                        size_t len, struct mk_diag *dc,
                                        struct mk_buf *out)
{
    static const char utf8_rule[] = "@charset \"UTF-8\";";
    char charset[64];
    const struct charset_alias *alias;
    const char *encoding;
    size_t rule_len, start = out->len, bom;
    long long rc;
    iconv_t cd;

    bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!charset_rule(text + bom, len - bom, charset, sizeof(charset))
        || strcasecmp(charset, "utf-8") == 0
        || strcasecmp(charset, "utf8") == 0)
        return MK_CSS_AS_IS;
    rule_len = strlen(charset) + 12;    /* @charset "";  */
    if (bom) {
        /* a UTF-8 byte order mark wins over the rule (CSS Syntax 3,
         * "decode" a stylesheet): the text is UTF-8 as it is, and only
         * the rule is rewritten (EPUBCheck 4.2 would say CSS-003) */
        if (mk_buf_add(out, text, len) < 0) {
            out->len = start;
            return MK_CSS_NO_MEMORY;
        }
        memset(out->buf + start + bom, ' ', rule_len);
        if (rule_len >= sizeof(utf8_rule) - 1)
            memcpy(out->buf + start + bom, utf8_rule,
                   sizeof(utf8_rule) - 1);
        return MK_CSS_CONVERTED;
    }
    alias = bsearch(charset, charset_alias, sizeof(charset_alias)
                    / sizeof(*charset_alias), sizeof(*charset_alias),
                    compare_label);
    encoding = alias ? alias->encoding : charset;
    cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return MK_CSS_AS_IS;    /* not known: check_file reports it */
    /* an encoding that does not keep ASCII as it is (UTF-16, EBCDIC)
     * cannot have written the rule in ASCII: check_file reports it */
    rc = convert(cd, text, rule_len, out);
    if (rc > 0 || (rc == 0 && (out->len - start != rule_len
                               || memcmp(out->buf + start, text,
                                         rule_len) != 0))) {
        iconv_close(cd);
        out->len = start;
        return MK_CSS_AS_IS;
    }
    if (rc == 0)
        rc = convert(cd, text + rule_len, len - rule_len, out);
    iconv_close(cd);
    if (rc == -1 || out->failed) {
        out->len = start;
        return MK_CSS_NO_MEMORY;
    }
    if (rc > 0) {
        long line, col;

        /* where the byte falls in what was converted before it */
        position_of(out->buf + start, out->len - start, &line, &col);
        mk_error(dc, path, line, col, "byte 0x%02X means nothing in %s, "
                 "which @charset \"%s\" declares: correct the character, "
                 "or save the file as UTF-8 and make the rule "
                 "@charset \"UTF-8\";",
                 (unsigned char)text[rule_len + (size_t)rc - 2], encoding,
                 charset);
        out->len = start;
        return MK_CSS_UNDEFINED_BYTE;
    }
    /* the rule becomes @charset "UTF-8"; padded to its old length (or
     * only spaces when it is shorter), so that every column stays */
    memset(out->buf + start, ' ', rule_len);
    if (rule_len >= sizeof(utf8_rule) - 1)
        memcpy(out->buf + start, utf8_rule, sizeof(utf8_rule) - 1);
    return MK_CSS_CONVERTED;
}

/* The checks of a stylesheet file before its rules: what it is and how
 * it is encoded.  Sets *skip to the bytes that precede the rules (a
 * byte order mark).  Returns 0 to go on, 1 when the text cannot be read
 * as CSS at all (reported). */
static int check_file(const char *path, const char *text, size_t len,
                      struct mk_diag *dc, size_t *skip)
{
    const char *t = text;
    size_t n = len, valid;
    char charset[64];

    *skip = 0;
    if (len >= 2 && ((unsigned char)text[0] == 0xFE
                     || (unsigned char)text[0] == 0xFF)
        && ((unsigned char)text[1] ^ (unsigned char)text[0]) == 0x01) {
        mk_error(dc, path, 1, 1, "the stylesheet is UTF-16 (EPUBCheck "
                 "CSS-003): save it as UTF-8");
        return 1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        *skip = 3;
    t += *skip;
    n -= *skip;
    while (n > 0 && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'
                     || *t == '\f')) {
        t++;
        n--;
    }
    if (starts_with_ci(t, n, "<!doctype") || starts_with_ci(t, n, "<html")
        || starts_with_ci(t, n, "<?xml")) {
        const char *slash = strrchr(path, '/');

        mk_error(dc, path, 1, 1, "'%s' is an HTML page, not a stylesheet: "
                 "put the stylesheet itself in this file (a browser's "
                 "\"save as\" of a .css link saves the page)",
                 slash ? slash + 1 : path);
        return 1;
    }
    if (charset_rule(text + *skip, len - *skip, charset, sizeof(charset))
        && strcasecmp(charset, "utf-8") != 0) {
        mk_error(dc, path, 1, 1, "@charset \"%s\": EPUB stylesheets must be "
                 "UTF-8 (EPUBCheck CSS-004), and mkepub cannot convert from "
                 "this encoding: save the file as UTF-8 and make the rule "
                 "@charset \"UTF-8\";", charset);
        return 0;
    }
    valid = mk_utf8_valid_prefix(text, len);
    if (valid < len) {
        long line, col;

        position_of(text, valid, &line, &col);
        mk_error(dc, path, line, col, "the stylesheet is not valid UTF-8 "
                 "here (byte 0x%02X; EPUB readers expect UTF-8 CSS): save "
                 "it as UTF-8", (unsigned char)text[valid]);
    }
    return 0;
}

static int scan(const char *path, const char *text, size_t len,
                long first_line, long first_col, enum scan_kind kind,
                struct mk_diag *dc, mk_css_ref_fn found, void *ctx)
{
    struct parser P;
    size_t skip = 0;
    int rc;

    if (kind == SCAN_FILE && check_file(path, text, len, dc, &skip))
        return 0;
    memset(&P, 0, sizeof(P));
    P.path = path;
    P.dc = dc;
    P.found = found;
    P.ctx = ctx;
    P.first_line = first_line;
    P.first_col = first_col;
    P.outer = kind == SCAN_ATTRIBUTE ? BLOCK_DECLS : BLOCK_RULES;
    mk_buf_init(&P.name);
    mk_csslex_init(&P.lx, text + skip, len - skip, first_line, 1);
    rc = parse(&P);
    mk_csslex_release(&P.lx);
    mk_buf_release(&P.name);
    free(P.blocks);
    return rc < 0 || P.failed ? -1 : 0;
}

/* A stylesheet file: encoding and what it is, then its rules. */
int mk_css_scan(const char *path, const char *text, size_t len,
                long first_line, struct mk_diag *dc, mk_css_ref_fn found,
                void *ctx)
{
    return scan(path, text, len, first_line, 0, SCAN_FILE, dc, found,
                ctx);
}

/* The text of a <style> element: rules. */
int mk_css_scan_style(const char *path, const char *text, size_t len,
                      long line, long col, struct mk_diag *dc,
                      mk_css_ref_fn found, void *ctx)
{
    return scan(path, text, len, line, col, SCAN_STYLE, dc, found, ctx);
}

/* A style attribute: declarations. */
int mk_css_scan_attribute(const char *path, const char *text, size_t len,
                          long line, long col, struct mk_diag *dc,
                          mk_css_ref_fn found, void *ctx)
{
    return scan(path, text, len, line, col, SCAN_ATTRIBUTE, dc, found,
                ctx);
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

/* The token(s) from start to end held url: asks map() for its new form
 * and, if there is one, copies the text before them and the new token
 * (url("...") when in_url, else "...").  Returns 0 or -1. */
static int replace_span(const char **copied, const char *start,
                        const char *end, const char *url, int in_url,
                        mk_css_map_fn map, void *ctx, struct mk_buf *out,
                        int *changed)
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
    *copied = end;
    *changed = 1;
    return 0;
}

/* The next token that is not whitespace or a comment. */
static int next_significant(struct mk_csslex *lx, struct mk_csstok *t)
{
    do {
        if (mk_csslex_next(lx, t) < 0)
            return -1;
    } while (t->type == MK_CSSTOK_WHITESPACE
             || t->type == MK_CSSTOK_COMMENT);
    return 0;
}

/* url( "..." ) written as a function: rewritten when the string is
 * followed by the closing parenthesis.  t is the function token. */
static int rewrite_url_function(struct mk_csslex *lx, struct mk_csstok *t,
                                const char **copied, mk_css_map_fn map,
                                void *ctx, struct mk_buf *out, int *changed)
{
    const char *start = t->start;
    char *url;
    int rc;

    if (next_significant(lx, t) < 0)
        return -1;
    if (t->type != MK_CSSTOK_STRING)
        return 0;
    url = mk_strdup(t->value);
    if (!url)
        return -1;
    rc = next_significant(lx, t);
    if (rc == 0 && t->type == MK_CSSTOK_RPAREN)
        rc = replace_span(copied, start, t->start + t->len, url, 1, map,
                          ctx, out, changed);
    free(url);
    return rc;
}

int mk_css_rewrite(const char *text, size_t len, mk_css_map_fn map,
                   void *ctx, struct mk_buf *out, int *changed)
{
    struct mk_csslex lx;
    struct mk_csstok t;
    const char *copied = text;
    int rc = 0, after_import = 0;

    *changed = 0;
    mk_csslex_init(&lx, text, len, 1, 1);
    while (rc == 0) {
        int import_now = after_import;

        rc = next_significant(&lx, &t);
        if (rc < 0 || t.type == MK_CSSTOK_EOF)
            break;
        after_import = t.type == MK_CSSTOK_AT_KEYWORD
                       && strcasecmp(t.value, "import") == 0;
        if (t.type == MK_CSSTOK_URL)
            rc = replace_span(&copied, t.start, t.start + t.len, t.value,
                              1, map, ctx, out, changed);
        else if (t.type == MK_CSSTOK_STRING && import_now)
            rc = replace_span(&copied, t.start, t.start + t.len, t.value,
                              0, map, ctx, out, changed);
        else if (t.type == MK_CSSTOK_FUNCTION
                 && strcasecmp(t.value, "url") == 0)
            rc = rewrite_url_function(&lx, &t, &copied, map, ctx, out,
                                      changed);
    }
    mk_csslex_release(&lx);
    mk_buf_add(out, copied, (size_t)(text + len - copied));
    return rc < 0 || out->failed ? -1 : 0;
}
