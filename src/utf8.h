/*
 * utf8.h - UTF-8, strictly (RFC 3629): decoding one character,
 * validating a whole buffer, encoding a code point, and telling which
 * bytes start a character (for columns counted in characters).  Every
 * UTF-8 routine in mkepub is here.
 */
#ifndef MK_UTF8_H
#define MK_UTF8_H

#include <stddef.h>

/* The longest UTF-8 encoding of one code point, in bytes. */
#define MK_UTF8_MAX 4

/*
 * Decodes the character at the start of the len bytes at s (len > 0).
 * Returns its code point and sets *used to its length in bytes, or
 * returns -1 and sets *used to 1 when the bytes there are not a valid
 * sequence: a stray continuation byte, a sequence cut short by len or
 * by a byte that does not continue it, an overlong form, a surrogate
 * (U+D800-U+DFFF) or a value above U+10FFFF.
 */
long mk_utf8_decode(const char *s, size_t len, size_t *used);

/* The length of the longest valid UTF-8 prefix of the len bytes at s
 * (len when they are all valid). */
size_t mk_utf8_valid_prefix(const char *s, size_t len);

/* 1 if all len bytes at s are valid UTF-8, else 0. */
int mk_utf8_valid(const char *s, size_t len);

/*
 * Writes the UTF-8 encoding of cp to out (at most MK_UTF8_MAX bytes,
 * no NUL) and returns its length.  A surrogate, or a value above
 * U+10FFFF, is written as U+FFFD.
 */
size_t mk_utf8_encode(unsigned long cp, char out[MK_UTF8_MAX]);

/* 1 if byte c starts a character (is not a continuation byte
 * 10xxxxxx), else 0: counting these counts characters. */
int mk_utf8_is_lead(unsigned char c);

#endif /* MK_UTF8_H */
