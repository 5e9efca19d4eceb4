/*
 * isbn.h - International Standard Book Numbers.
 *
 * Owns the reading of an ISBN as people write it ("978-0-306-40615-7",
 * "ISBN 0-306-40615-2", "urn:isbn:9780306406157"): the separators and
 * prefixes that are allowed, the length (10 or 13 digits) and the check
 * digit (ISO 2108).  Pure functions: no state, no I/O, no allocation.
 */
#ifndef MK_ISBN_H
#define MK_ISBN_H

enum mk_isbn_status {
    MK_ISBN_OK = 0,
    MK_ISBN_SYNTAX,         /* a character that cannot be in an ISBN */
    MK_ISBN_LENGTH,         /* not 10 or 13 digits */
    MK_ISBN_PREFIX,         /* 13 digits not starting 978 or 979 */
    MK_ISBN_CHECK           /* the check digit does not match */
};

struct mk_isbn {
    enum mk_isbn_status status;
    char digits[14];        /* the digits read (and a final X of an
                             * ISBN-10), NUL-terminated; "" on SYNTAX */
    int n_digits;           /* how many were read (digits keeps the
                             * first 13) */
    char expected;          /* CHECK: the check digit the others give */
};

/*
 * Reads text as an ISBN into *out.  Accepted around the number: a
 * leading "urn:isbn:" or "ISBN" (ASCII case ignored; "ISBN" may be
 * followed by "-10" or "-13", then ':' or spaces); within it, hyphens
 * and spaces between digits.  An ISBN-10 may end in X (or x, read as
 * X).  Returns out->status; a NULL text gives MK_ISBN_SYNTAX.
 */
enum mk_isbn_status mk_isbn_read(const char *text, struct mk_isbn *out);

#endif /* MK_ISBN_H */
