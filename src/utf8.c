/*
 * utf8.c - strict UTF-8 decoding, validation and encoding (see
 * utf8.h).  The lead byte decides the length; the ranges are those of
 * RFC 3629 section 4, so overlong forms, surrogates and values above
 * U+10FFFF are invalid.
 */
#include "utf8.h"

/* What a lead byte says: the length of its sequence and the payload
 * bits it carries, for the lead bytes that can start a valid one. */
static const struct {
    unsigned char lo, hi;       /* lead byte range */
    unsigned char len;          /* bytes in the sequence */
    unsigned char mask;         /* payload bits of the lead byte */
    unsigned long min;          /* smallest code point (no overlong) */
} lead_table[] = {
    { 0xC2, 0xDF, 2, 0x1F, 0x80 },
    { 0xE0, 0xEF, 3, 0x0F, 0x800 },
    { 0xF0, 0xF4, 4, 0x07, 0x10000 },
};

long mk_utf8_decode(const char *str, size_t len, size_t *used)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned long cp;
    size_t i, k, n;

    *used = 1;
    if (s[0] < 0x80)
        return s[0];
    for (i = 0; i < sizeof lead_table / sizeof lead_table[0]; i++)
        if (s[0] >= lead_table[i].lo && s[0] <= lead_table[i].hi)
            break;
    if (i == sizeof lead_table / sizeof lead_table[0])
        return -1;
    n = lead_table[i].len;
    if (n > len)
        return -1;
    cp = s[0] & lead_table[i].mask;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < lead_table[i].min || cp > 0x10FFFF
        || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *used = n;
    return (long)cp;
}

size_t mk_utf8_valid_prefix(const char *s, size_t len)
{
    size_t i = 0, n;

    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (mk_utf8_decode(s + i, len - i, &n) < 0)
            return i;
        i += n;
    }
    return len;
}

int mk_utf8_valid(const char *s, size_t len)
{
    return mk_utf8_valid_prefix(s, len) == len;
}

size_t mk_utf8_encode(unsigned long cp, char out[MK_UTF8_MAX])
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int mk_utf8_is_lead(unsigned char c)
{
    return (c & 0xC0) != 0x80;
}
