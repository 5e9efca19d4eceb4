/*
 * csstok.c - the CSS Syntax Level 3 tokenizer (see csstok.h), following
 * section 4 of the specification: CR, CR LF and FF count as one line
 * break, NUL and invalid escapes become U+FFFD, escapes are decoded into
 * the token's value.  Columns count characters (UTF-8 lead bytes).
 */
#include "csstok.h"
#include "utf8.h"

#include <string.h>

#define EOF_CH (-1)

/* Starts reading text at line:col (see csstok.h). */
void mk_csslex_init(struct mk_csslex *lx, const char *text, size_t len,
                    long line, long col)
{
    lx->p = text;
    lx->end = text + len;
    lx->line = line;
    lx->col = col;
    mk_buf_init(&lx->value);
}

/* Frees the value buffer. */
void mk_csslex_release(struct mk_csslex *lx)
{
    mk_buf_release(&lx->value);
}

/* A look-ahead copy with its own value buffer. */
void mk_csslex_fork(const struct mk_csslex *lx, struct mk_csslex *copy)
{
    *copy = *lx;
    mk_buf_init(&copy->value);
}

/* ---- reading characters -------------------------------------------- */

/* The byte k places ahead, or EOF_CH. */
static int at(const struct mk_csslex *lx, size_t k)
{
    if ((size_t)(lx->end - lx->p) <= k)
        return EOF_CH;
    return (unsigned char)lx->p[k];
}

static int is_newline(int c)
{
    return c == '\n' || c == '\r' || c == '\f';
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || is_newline(c);
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

static int is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
           || c >= 0x80;
}

static int is_ident_char(int c)
{
    return is_ident_start(c) || is_digit(c) || c == '-';
}

static int is_non_printable(int c)
{
    return (c >= 0 && c <= 8) || c == 0x0B || (c >= 0x0E && c <= 0x1F)
           || c == 0x7F;
}

/* Moves past one byte (CR LF as one line break), keeping the position. */
static void advance(struct mk_csslex *lx)
{
    int c = at(lx, 0);

    if (c == EOF_CH)
        return;
    if (c == '\r' && at(lx, 1) == '\n')
        lx->p++;
    lx->p++;
    if (is_newline(c)) {
        lx->line++;
        lx->col = 1;
    } else if (mk_utf8_is_lead((unsigned char)c)) {
        lx->col++;
    }
}

/* Moves past n bytes. */
static void advance_n(struct mk_csslex *lx, size_t n)
{
    while (n--)
        advance(lx);
}

/* Appends the byte under the cursor and moves past it; NUL becomes
 * U+FFFD. */
static void take(struct mk_csslex *lx)
{
    int c = at(lx, 0);

    if (c == 0)
        mk_buf_adds(&lx->value, "\xEF\xBF\xBD");
    else if (is_newline(c))
        mk_buf_addc(&lx->value, '\n');
    else
        mk_buf_addc(&lx->value, (char)c);
    advance(lx);
}

/* Empties the value, unless an append failed (that must be seen). */
static void restart_value(struct mk_csslex *lx)
{
    if (!mk_buf_failed(&lx->value))
        mk_buf_reset(&lx->value);
}

static void add_code_point(struct mk_buf *b, unsigned long cp)
{
    char u[MK_UTF8_MAX];

    /* CSS Syntax 3, 4.3.7: an escaped zero is U+FFFD too */
    mk_buf_add(b, u, mk_utf8_encode(cp == 0 ? 0xFFFD : cp, u));
}

/* Is the byte k places ahead a backslash starting a valid escape? */
static int valid_escape(const struct mk_csslex *lx, size_t k)
{
    return at(lx, k) == '\\' && at(lx, k + 1) != EOF_CH
           && !is_newline(at(lx, k + 1));
}

/* Would the three characters from k on start an identifier? */
static int starts_ident(const struct mk_csslex *lx, size_t k)
{
    int c = at(lx, k);

    if (c == '-')
        return is_ident_start(at(lx, k + 1)) || at(lx, k + 1) == '-'
               || valid_escape(lx, k + 1);
    if (is_ident_start(c))
        return 1;
    return valid_escape(lx, k);
}

/* Would the three characters under the cursor start a number? */
static int starts_number(const struct mk_csslex *lx)
{
    int c = at(lx, 0);

    if (c == '+' || c == '-') {
        if (is_digit(at(lx, 1)))
            return 1;
        return at(lx, 1) == '.' && is_digit(at(lx, 2));
    }
    if (c == '.')
        return is_digit(at(lx, 1));
    return is_digit(c);
}

/* After a valid escape's backslash (the cursor is past it): decodes the
 * escaped code point into the value. */
static void consume_escape(struct mk_csslex *lx)
{
    int c = at(lx, 0);

    if (c == EOF_CH) {
        mk_buf_adds(&lx->value, "\xEF\xBF\xBD");
        return;
    }
    if (is_hex(c)) {
        unsigned long cp = 0;
        int n = 0;

        while (n < 6 && is_hex(at(lx, 0))) {
            cp = cp * 16 + (unsigned long)hex_value(at(lx, 0));
            advance(lx);
            n++;
        }
        if (is_space(at(lx, 0)))
            advance(lx);
        add_code_point(&lx->value, cp);
        return;
    }
    /* any other character stands for itself: copy its UTF-8 bytes */
    take(lx);
    while ((at(lx, 0) & 0xC0) == 0x80 && at(lx, 0) != EOF_CH)
        take(lx);
}

/* Consumes an identifier's characters into the value. */
static void consume_name(struct mk_csslex *lx)
{
    for (;;) {
        int c = at(lx, 0);

        if (is_ident_char(c) || c == 0) {
            take(lx);
        } else if (valid_escape(lx, 0)) {
            advance(lx);
            consume_escape(lx);
        } else {
            break;
        }
    }
}

/* ---- the token kinds ----------------------------------------------- */

static enum mk_csstok_type consume_comment(struct mk_csslex *lx,
                                           unsigned *flags)
{
    advance_n(lx, 2);
    for (;;) {
        if (at(lx, 0) == EOF_CH) {
            *flags |= MK_CSSTOK_UNTERMINATED;
            break;
        }
        if (at(lx, 0) == '*' && at(lx, 1) == '/') {
            advance_n(lx, 2);
            break;
        }
        advance(lx);
    }
    return MK_CSSTOK_COMMENT;
}

static enum mk_csstok_type consume_string(struct mk_csslex *lx,
                                          unsigned *flags)
{
    int quote = at(lx, 0);

    advance(lx);
    for (;;) {
        int c = at(lx, 0);

        if (c == quote) {
            advance(lx);
            return MK_CSSTOK_STRING;
        }
        if (c == EOF_CH) {
            *flags |= MK_CSSTOK_UNTERMINATED;
            return MK_CSSTOK_STRING;
        }
        if (is_newline(c))
            return MK_CSSTOK_BAD_STRING;    /* the line break stays */
        if (c == '\\') {
            if (at(lx, 1) == EOF_CH) {
                advance(lx);
            } else if (is_newline(at(lx, 1))) {
                advance_n(lx, 2);           /* a continued line */
            } else {
                advance(lx);
                consume_escape(lx);
            }
        } else {
            take(lx);
        }
    }
}

/* Skips the rest of a bad url up to and including ')'; a bad url has
 * no value. */
static void consume_bad_url_rest(struct mk_csslex *lx)
{
    restart_value(lx);
    for (;;) {
        int c = at(lx, 0);

        if (c == EOF_CH)
            return;
        if (c == ')') {
            advance(lx);
            return;
        }
        if (valid_escape(lx, 0))
            advance(lx);    /* "\)" does not end it */
        advance(lx);
    }
}

/* After "url(" and any spaces, when no quote follows. */
static enum mk_csstok_type consume_url(struct mk_csslex *lx,
                                       unsigned *flags)
{
    while (is_space(at(lx, 0)))
        advance(lx);
    for (;;) {
        int c = at(lx, 0);

        if (c == ')') {
            advance(lx);
            return MK_CSSTOK_URL;
        }
        if (c == EOF_CH) {
            *flags |= MK_CSSTOK_UNTERMINATED;
            return MK_CSSTOK_URL;
        }
        if (is_space(c)) {
            while (is_space(at(lx, 0)))
                advance(lx);
            if (at(lx, 0) == ')' || at(lx, 0) == EOF_CH)
                continue;
            consume_bad_url_rest(lx);
            return MK_CSSTOK_BAD_URL;
        }
        if (c == '"' || c == '\'' || c == '(' || is_non_printable(c)) {
            consume_bad_url_rest(lx);
            return MK_CSSTOK_BAD_URL;
        }
        if (c == '\\') {
            if (!valid_escape(lx, 0)) {
                consume_bad_url_rest(lx);
                return MK_CSSTOK_BAD_URL;
            }
            advance(lx);
            consume_escape(lx);
        } else {
            take(lx);
        }
    }
}

static int value_is(const struct mk_csslex *lx, const char *word)
{
    size_t i, n = strlen(word);

    if (lx->value.len != n)
        return 0;
    for (i = 0; i < n; i++)
        if ((lx->value.buf[i] | 0x20) != word[i])
            return 0;
    return 1;
}

static enum mk_csstok_type consume_ident_like(struct mk_csslex *lx,
                                              unsigned *flags)
{
    consume_name(lx);
    if (value_is(lx, "url") && at(lx, 0) == '(') {
        size_t k = 1;

        while (is_space(at(lx, k)))
            k++;
        if (at(lx, k) == '"' || at(lx, k) == '\'') {
            advance(lx);    /* url( then the string as its argument */
            return MK_CSSTOK_FUNCTION;
        }
        advance(lx);
        restart_value(lx);
        return consume_url(lx, flags);
    }
    if (at(lx, 0) == '(') {
        advance(lx);
        return MK_CSSTOK_FUNCTION;
    }
    return MK_CSSTOK_IDENT;
}

static enum mk_csstok_type consume_numeric(struct mk_csslex *lx,
                                           unsigned *flags)
{
    *flags |= MK_CSSTOK_INTEGER;
    if (at(lx, 0) == '+' || at(lx, 0) == '-')
        take(lx);
    while (is_digit(at(lx, 0)))
        take(lx);
    if (at(lx, 0) == '.' && is_digit(at(lx, 1))) {
        *flags &= ~(unsigned)MK_CSSTOK_INTEGER;
        take(lx);
        while (is_digit(at(lx, 0)))
            take(lx);
    }
    if ((at(lx, 0) == 'e' || at(lx, 0) == 'E')
        && (is_digit(at(lx, 1))
            || ((at(lx, 1) == '+' || at(lx, 1) == '-')
                && is_digit(at(lx, 2))))) {
        *flags &= ~(unsigned)MK_CSSTOK_INTEGER;
        take(lx);
        take(lx);
        while (is_digit(at(lx, 0)))
            take(lx);
    }
    if (starts_ident(lx, 0)) {
        restart_value(lx);
        consume_name(lx);
        return MK_CSSTOK_DIMENSION;
    }
    if (at(lx, 0) == '%') {
        advance(lx);
        return MK_CSSTOK_PERCENTAGE;
    }
    return MK_CSSTOK_NUMBER;
}

/* One character that is a token by itself. */
static const struct {
    char c;
    enum mk_csstok_type type;
} single[] = {
    { '(', MK_CSSTOK_LPAREN },
    { ')', MK_CSSTOK_RPAREN },
    { ',', MK_CSSTOK_COMMA },
    { ':', MK_CSSTOK_COLON },
    { ';', MK_CSSTOK_SEMICOLON },
    { '[', MK_CSSTOK_LBRACKET },
    { ']', MK_CSSTOK_RBRACKET },
    { '{', MK_CSSTOK_LBRACE },
    { '}', MK_CSSTOK_RBRACE },
};

/* A delimiter: the whole character (all its UTF-8 bytes). */
static enum mk_csstok_type consume_delim(struct mk_csslex *lx)
{
    take(lx);
    while ((at(lx, 0) & 0xC0) == 0x80 && at(lx, 0) != EOF_CH)
        take(lx);
    return MK_CSSTOK_DELIM;
}

static enum mk_csstok_type consume_token(struct mk_csslex *lx,
                                         unsigned *flags)
{
    int c = at(lx, 0);
    size_t i;

    if (c == EOF_CH)
        return MK_CSSTOK_EOF;
    if (c == '/' && at(lx, 1) == '*')
        return consume_comment(lx, flags);
    if (is_space(c)) {
        while (is_space(at(lx, 0)))
            advance(lx);
        return MK_CSSTOK_WHITESPACE;
    }
    if (c == '"' || c == '\'')
        return consume_string(lx, flags);
    for (i = 0; i < sizeof(single) / sizeof(*single); i++) {
        if (single[i].c == c) {
            advance(lx);
            return single[i].type;
        }
    }
    if (c == '#') {
        if (is_ident_char(at(lx, 1)) || valid_escape(lx, 1)) {
            if (starts_ident(lx, 1))
                *flags |= MK_CSSTOK_ID;
            advance(lx);
            consume_name(lx);
            return MK_CSSTOK_HASH;
        }
        return consume_delim(lx);
    }
    if (c == '+' || c == '.')
        return starts_number(lx) ? consume_numeric(lx, flags)
                                 : consume_delim(lx);
    if (c == '-') {
        if (starts_number(lx))
            return consume_numeric(lx, flags);
        if (at(lx, 1) == '-' && at(lx, 2) == '>') {
            advance_n(lx, 3);
            return MK_CSSTOK_CDC;
        }
        if (starts_ident(lx, 0))
            return consume_ident_like(lx, flags);
        return consume_delim(lx);
    }
    if (c == '<' && at(lx, 1) == '!' && at(lx, 2) == '-' && at(lx, 3) == '-') {
        advance_n(lx, 4);
        return MK_CSSTOK_CDO;
    }
    if (c == '@') {
        if (starts_ident(lx, 1)) {
            advance(lx);
            consume_name(lx);
            return MK_CSSTOK_AT_KEYWORD;
        }
        return consume_delim(lx);
    }
    if (c == '\\')
        return valid_escape(lx, 0) ? consume_ident_like(lx, flags)
                                   : consume_delim(lx);
    if (is_digit(c))
        return consume_numeric(lx, flags);
    if (is_ident_start(c) || c == 0)
        return consume_ident_like(lx, flags);
    return consume_delim(lx);
}

/* Reads one token (section 4.3.1 of CSS Syntax 3). */
int mk_csslex_next(struct mk_csslex *lx, struct mk_csstok *tok)
{
    tok->flags = 0;
    tok->start = lx->p;
    tok->line = lx->line;
    tok->col = lx->col;
    mk_buf_reset(&lx->value);
    tok->type = consume_token(lx, &tok->flags);
    tok->len = (size_t)(lx->p - tok->start);
    if (mk_buf_failed(&lx->value))
        return -1;
    tok->value = mk_buf_str(&lx->value);
    tok->value_len = lx->value.len;
    return 0;
}

/* Moves up to the next character in stops (EPUBCheck's recovery). */
void mk_csslex_skip_to(struct mk_csslex *lx, const char *stops)
{
    while (at(lx, 0) != EOF_CH && !strchr(stops, at(lx, 0)))
        advance(lx);
}

static const char *const type_names[] = {
    "end of file", "identifier", "function", "at-keyword", "hash",
    "string", "bad string", "url", "bad url", "delimiter", "number",
    "percentage", "dimension", "whitespace", "'<!--'", "'-->'", "':'",
    "';'", "','", "'['", "']'", "'('", "')'", "'{'", "'}'", "comment"
};

/* A token type's name for messages. */
const char *mk_csstok_name(enum mk_csstok_type type)
{
    if ((size_t)type >= sizeof(type_names) / sizeof(*type_names))
        return "token";
    return type_names[type];
}
