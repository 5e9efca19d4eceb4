/*
 * url.h - the one URL model for every reference a book makes (chapters,
 * inline and file stylesheets, SVG, book.xml's <source>): splitting a
 * reference into scheme, path, query and fragment as the URL Standard
 * does, percent-decoding, the characters and forms that EPUBCheck 4.2
 * and 5 read differently (refused, with the reason), resolving a
 * relative reference against the folder of the file that makes it, and
 * the srcset grammar.
 *
 * A reference mkepub accepts resolves to the same file for mkepub
 * (containment check, lookup, archive name) as for a URL parser reading
 * the finished book: mkepub keeps the sources' relative layout in the
 * package, so "resolved source path" and "name in the archive" differ
 * only by the package's folder prefix (and any renaming layout.c does).
 */
#ifndef MK_URL_H
#define MK_URL_H

#include <stddef.h>

/* What is wrong with a reference as written (first problem found). */
enum mk_url_status {
    MK_URL_OK = 0,
    MK_URL_BAD_ESCAPE,      /* '%' not followed by two hex digits */
    MK_URL_CONTROL,         /* a control character, raw or %-escaped
                             * (%00 would cut the file name short) */
    MK_URL_BAD_CHAR,        /* a character a URL may not hold unescaped:
                             * space " < > [ \ ] ^ ` { | } (RSC-020) */
    MK_URL_EMPTY_SEGMENT,   /* "//" in a path: EPUBCheck 4.2 collapses it,
                             * a URL parser (EPUBCheck 5) keeps it */
    MK_URL_ENCODED_SEP,     /* %2F, %5C, or a "." / ".." segment written
                             * with %2E: read differently by parsers */
    MK_URL_NETWORK_PATH     /* "//host/...": another server */
};

/* A reference split into its parts. */
struct mk_url {
    char *path;         /* percent-decoded path part ("" if none) */
    char *fragment;     /* percent-decoded, after '#', or NULL */
    char *query;        /* after '?', as written, or NULL */
    int remote;         /* has a scheme (http:, mailto:, data: ...) */
    int absolute;       /* the path starts with '/' */
    char scheme[32];    /* lower-case scheme when remote (cut short
                         * beyond 31 characters) */
    enum mk_url_status status;
    size_t bad_at;      /* byte offset of the problem in the reference */
};

/* Splits and percent-decodes url (leading and trailing ASCII blanks are
 * ignored, as HTML does), and judges it: out->status.  Returns 0, or -1
 * when memory ran out (out is then empty).  Release with
 * mk_url_release() whatever the status. */
int mk_url_parse(const char *url, struct mk_url *out);
void mk_url_release(struct mk_url *u);

/* A phrase saying what is wrong ("contains a space", ...), for a
 * status other than MK_URL_OK; bad is the character at u->bad_at. */
const char *mk_url_status_text(enum mk_url_status status, int bad);

/* url without its surrounding blanks, every character a URL may not
 * hold unescaped written as a %-escape ("a b.png" -> "a%20b.png") and
 * '\' as '/': the fix to suggest.  Malloc'ed; NULL when out of
 * memory. */
char *mk_url_escape(const char *url);

/* Nonzero if scheme (lower case) is one EPUBCheck knows in a hyperlink;
 * others are its HTM-025 warning. */
int mk_url_scheme_registered(const char *scheme);

/* Nonzero if u's scheme is http or https. */
int mk_url_is_web(const struct mk_url *u);

/* Resolves the local reference u (no scheme, not absolute; status OK
 * or MK_URL_BAD_CHAR)
 * made in a file of folder dir: *target receives dir joined with the
 * path, normalised (the source path of the file it names).  When the
 * written path climbs above the folders the target needs ("x/../../a"
 * from "book" reaching "book/../.."), a URL parser reading the package
 * could stop at the package's top where mkepub does not: *canonical
 * then receives the path to write instead, else NULL.  Returns 0 or -1
 * (out of memory; nothing to free). */
int mk_url_resolve(const char *dir, const struct mk_url *u, char **target,
                   char **canonical);

/* The srcset grammar (HTML "parse a srcset attribute"): finds the next
 * image candidate's URL from *cursor on, skipping blanks, commas and the
 * candidate's descriptors ("2x", "480w").  Returns 1 with *url and *len
 * set (pointing into the string; *cursor advanced), or 0 at the end. */
int mk_url_srcset_next(const char **cursor, const char **url, size_t *len);

#endif
