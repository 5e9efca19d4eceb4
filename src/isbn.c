/*
 * isbn.c - International Standard Book Numbers (see isbn.h).
 *
 * The prefixes allowed before the number are a small table; the check
 * digits are ISO 2108's: weights 10..2 modulo 11 for ISBN-10 (10
 * written X), alternating weights 1 and 3 modulo 10 for ISBN-13.
 */
#include "isbn.h"

#include <stddef.h>
#include <string.h>

/* What may come before the digits, longest first; matched ignoring
 * ASCII case. */
static const char *const prefixes[] = {
    "urn:isbn:", "isbn-13:", "isbn-10:", "isbn-13", "isbn-10", "isbn:",
    "isbn",
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static size_t prefix_length(const char *text)
{
    size_t i, j;

    for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
        const char *p = prefixes[i];

        for (j = 0; p[j] && lower((unsigned char)text[j]) == p[j]; j++)
            ;
        if (!p[j])
            return j;
    }
    return 0;
}

static char isbn10_check(const char *d)
{
    int sum = 0, i, c;

    for (i = 0; i < 9; i++)
        sum += (10 - i) * (d[i] - '0');
    c = (11 - sum % 11) % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

static char isbn13_check(const char *d)
{
    int sum = 0, i;

    for (i = 0; i < 12; i++)
        sum += (i % 2 ? 3 : 1) * (d[i] - '0');
    return (char)('0' + (10 - sum % 10) % 10);
}

enum mk_isbn_status mk_isbn_read(const char *text, struct mk_isbn *out)
{
    const char *p;
    int n = 0, prev_digit = 0;

    memset(out, 0, sizeof(*out));
    out->status = MK_ISBN_SYNTAX;
    if (!text)
        return out->status;
    p = text + prefix_length(text);
    while (*p == ' ')
        p++;
    for (; *p; p++) {
        int c = (unsigned char)*p;

        if ((c == '-' || c == ' ') && prev_digit && p[1] && p[1] != '-'
            && p[1] != ' ') {
            prev_digit = 0;
            continue;
        }
        if (c == 'x')
            c = 'X';
        if (!(c >= '0' && c <= '9') && !(c == 'X' && n == 9 && !p[1])) {
            out->digits[0] = '\0';
            out->n_digits = 0;
            return out->status;
        }
        if (n < 13)
            out->digits[n] = (char)c;
        n++;
        prev_digit = 1;
    }
    if (n == 0)
        return out->status;     /* nothing that looks like a number */
    if (n != 10 && n != 13) {
        out->digits[n < 13 ? n : 13] = '\0';
        out->n_digits = n;
        out->status = MK_ISBN_LENGTH;
        return out->status;
    }
    out->digits[n] = '\0';
    out->n_digits = n;
    if (n == 13 && (strncmp(out->digits, "978", 3) != 0
                    && strncmp(out->digits, "979", 3) != 0)) {
        out->status = MK_ISBN_PREFIX;
        return out->status;
    }
    out->expected = n == 10 ? isbn10_check(out->digits)
                            : isbn13_check(out->digits);
    out->status = out->expected == out->digits[n - 1] ? MK_ISBN_OK
                                                      : MK_ISBN_CHECK;
    return out->status;
}
