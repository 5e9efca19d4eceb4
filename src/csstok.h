/*
 * csstok.h - the CSS Syntax Level 3 tokenizer: stylesheet text in, one
 * token at a time out, each with the line and column of its first
 * character and its value unescaped (names, strings, URLs, units).  It
 * knows nothing of rules or properties: css.c parses those.  It reads
 * exactly len bytes (no NUL needed), never recurses, and never fails
 * except when memory runs out.
 */
#ifndef MK_CSSTOK_H
#define MK_CSSTOK_H

#include <stddef.h>

#include "buf.h"

enum mk_csstok_type {
    MK_CSSTOK_EOF,
    MK_CSSTOK_IDENT,            /* value: the name */
    MK_CSSTOK_FUNCTION,         /* value: the name, without '(' */
    MK_CSSTOK_AT_KEYWORD,       /* value: the name, without '@' */
    MK_CSSTOK_HASH,             /* value: the name, without '#' */
    MK_CSSTOK_STRING,           /* value: the contents, unquoted */
    MK_CSSTOK_BAD_STRING,       /* a line break before the closing quote */
    MK_CSSTOK_URL,              /* value: the URL (unquoted url(...)) */
    MK_CSSTOK_BAD_URL,          /* a space, quote or '(' inside url(...) */
    MK_CSSTOK_DELIM,            /* value: the character */
    MK_CSSTOK_NUMBER,           /* value: the number as written */
    MK_CSSTOK_PERCENTAGE,       /* value: the number, without '%' */
    MK_CSSTOK_DIMENSION,        /* value: the unit */
    MK_CSSTOK_WHITESPACE,
    MK_CSSTOK_CDO,              /* <!-- */
    MK_CSSTOK_CDC,              /* --> */
    MK_CSSTOK_COLON,
    MK_CSSTOK_SEMICOLON,
    MK_CSSTOK_COMMA,
    MK_CSSTOK_LBRACKET,
    MK_CSSTOK_RBRACKET,
    MK_CSSTOK_LPAREN,
    MK_CSSTOK_RPAREN,
    MK_CSSTOK_LBRACE,
    MK_CSSTOK_RBRACE,
    MK_CSSTOK_COMMENT           /* value: empty */
};

/* Token flags. */
enum {
    MK_CSSTOK_UNTERMINATED = 1, /* string, url or comment ends at EOF */
    MK_CSSTOK_ID = 2,           /* hash: the name would start an ident */
    MK_CSSTOK_INTEGER = 4       /* number, percentage, dimension */
};

struct mk_csstok {
    enum mk_csstok_type type;
    const char *start;          /* the token's bytes in the text */
    size_t len;
    long line, col;             /* of its first character */
    const char *value;          /* unescaped, NUL-terminated; valid until
                                 * the next mk_csslex_next() */
    size_t value_len;
    unsigned flags;
};

/* The tokenizer's state; owned by the caller (on the stack is fine). */
struct mk_csslex {
    const char *p, *end;
    long line, col;
    struct mk_buf value;
};

/* Starts tokenizing len bytes of text; its first character is at
 * line:col.  Release with mk_csslex_release(). */
void mk_csslex_init(struct mk_csslex *lx, const char *text, size_t len,
                    long line, long col);

/* Frees what the tokenizer holds (the value buffer). */
void mk_csslex_release(struct mk_csslex *lx);

/* Reads the next token into *tok (type MK_CSSTOK_EOF at the end, again
 * and again).  Returns 0, or -1 when memory ran out. */
int mk_csslex_next(struct mk_csslex *lx, struct mk_csstok *tok);

/* A copy of lx that reads on from the same place without disturbing lx
 * (for looking ahead); release it with mk_csslex_release(). */
void mk_csslex_fork(const struct mk_csslex *lx, struct mk_csslex *copy);

/* Moves past characters up to the first that is one of stops (not
 * past it), or to the end: EPUBCheck's recovery after a bad string. */
void mk_csslex_skip_to(struct mk_csslex *lx, const char *stops);

/* The name of a token type ("ident", "string", ...), for messages. */
const char *mk_csstok_name(enum mk_csstok_type type);

#endif
