/*
 * json.h - a small JSON writer for mkepub's machine-readable output
 * (mkepub inspect --json).  It writes, it never parses.
 *
 * Output goes into an mk_buf (buf.h), pretty-printed with two spaces per
 * level, keys in the order the caller writes them, so the same input
 * always gives the same bytes.  Strings are escaped per RFC 8259:
 * '"', '\\' and control characters; bytes that are not valid UTF-8 are
 * written as U+FFFD, so the document is always valid UTF-8 JSON.
 * Nesting is tracked in a fixed stack: deeper than MK_JSON_MAX_DEPTH
 * is a caller bug and makes the writer fail (like running out of
 * memory: mk_json_failed()).
 */
#ifndef MK_JSON_H
#define MK_JSON_H

#include "buf.h"

#define MK_JSON_MAX_DEPTH 16

struct mk_json {
    struct mk_buf *out;
    int depth;                          /* open objects and arrays */
    int count[MK_JSON_MAX_DEPTH];       /* values written at each level */
    int failed;                         /* misuse (depth) */
};

/* Starts writing one JSON value into out (appended). */
void mk_json_init(struct mk_json *j, struct mk_buf *out);

/* Each value takes a key: the member name inside an object, NULL inside
 * an array or for the top-level value.  Every begin is closed by the
 * matching end; ending the top-level value appends a newline. */
void mk_json_begin_object(struct mk_json *j, const char *key);
void mk_json_end_object(struct mk_json *j);
void mk_json_begin_array(struct mk_json *j, const char *key);
void mk_json_end_array(struct mk_json *j);

/* A string (NULL writes null). */
void mk_json_string(struct mk_json *j, const char *key, const char *value);
/* A string of len bytes (may hold NUL, written as \u0000). */
void mk_json_string_len(struct mk_json *j, const char *key,
                        const char *value, size_t len);
void mk_json_uint(struct mk_json *j, const char *key,
                  unsigned long long value);
void mk_json_bool(struct mk_json *j, const char *key, int value);
void mk_json_null(struct mk_json *j, const char *key);

/* Nonzero when the output is incomplete: memory ran out, or nesting
 * went too deep or was unbalanced. */
int mk_json_failed(const struct mk_json *j);

/* Appends the len bytes at s to b as a quoted JSON string. */
int mk_json_add_quoted(struct mk_buf *b, const char *s, size_t len);

#endif
