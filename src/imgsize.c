/*
 * imgsize.c - image sizes from headers (see imgsize.h).  One reader per
 * format, chosen from a table by media type; each checks every length
 * against the bytes it has before it reads.
 */
#include "imgsize.h"

#include <string.h>

static unsigned long be16(const unsigned char *p)
{
    return (unsigned long)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16
           | (unsigned long)p[2] << 8 | p[3];
}

static unsigned long le16(const unsigned char *p)
{
    return (unsigned long)p[1] << 8 | p[0];
}

static unsigned long le24(const unsigned char *p)
{
    return (unsigned long)p[2] << 16 | (unsigned long)p[1] << 8 | p[0];
}

static int give(unsigned long w, unsigned long h, unsigned long *width,
                unsigned long *height)
{
    if (w == 0 || h == 0 || w > MK_IMGSIZE_MAX || h > MK_IMGSIZE_MAX)
        return -1;
    *width = w;
    *height = h;
    return 0;
}

/* PNG: the signature, then IHDR first, width and height big-endian. */
static int png_size(const unsigned char *d, size_t n, unsigned long *w,
                    unsigned long *h)
{
    if (n < 24 || memcmp(d, "\x89PNG\r\n\x1A\n", 8) != 0
        || memcmp(d + 12, "IHDR", 4) != 0 || be32(d + 8) < 8)
        return -1;
    return give(be32(d + 16), be32(d + 20), w, h);
}

/* GIF: the logical screen size, little-endian, after the signature. */
static int gif_size(const unsigned char *d, size_t n, unsigned long *w,
                    unsigned long *h)
{
    if (n < 10 || (memcmp(d, "GIF87a", 6) != 0
                   && memcmp(d, "GIF89a", 6) != 0))
        return -1;
    return give(le16(d + 6), le16(d + 8), w, h);
}

/* JPEG start-of-frame markers: C0-CF but for DHT (C4), JPG (C8) and
 * DAC (CC). */
static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* JPEG: segments from the start-of-image marker to the first
 * start-of-frame (precision, height, width); a scan or the end before
 * one means the size is not known. */
static int jpeg_size(const unsigned char *d, size_t n, unsigned long *w,
                     unsigned long *h)
{
    size_t at = 2;

    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return -1;
    for (;;) {
        unsigned m;
        unsigned long len;

        if (at >= n || d[at] != 0xFF)
            return -1;
        while (at < n && d[at] == 0xFF)     /* fill bytes */
            at++;
        if (at >= n)
            return -1;
        m = d[at++];
        if (m == 0xD9 || m == 0xDA || m == 0x00)
            return -1;          /* end, scan data, or not a marker */
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
            continue;           /* markers without a length */
        if (n - at < 2)
            return -1;
        len = be16(d + at);
        if (len < 2 || len > n - at)
            return -1;
        if (is_sof(m))
            return len < 7 ? -1 : give(be16(d + at + 5), be16(d + at + 3),
                                       w, h);
        at += len;
    }
}

/* WebP: RIFF, then a VP8 (lossy), VP8L (lossless) or VP8X (extended)
 * chunk, each with its own way of writing the size. */
static int webp_size(const unsigned char *d, size_t n, unsigned long *w,
                     unsigned long *h)
{
    if (n < 30 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4))
        return -1;
    if (memcmp(d + 12, "VP8 ", 4) == 0) {
        if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
            return -1;
        return give(le16(d + 26) & 0x3FFF, le16(d + 28) & 0x3FFF, w, h);
    }
    if (memcmp(d + 12, "VP8L", 4) == 0) {
        unsigned long bits;

        if (d[20] != 0x2F)
            return -1;
        bits = (unsigned long)d[21] | (unsigned long)d[22] << 8
               | (unsigned long)d[23] << 16 | (unsigned long)d[24] << 24;
        return give((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, w,
                    h);
    }
    if (memcmp(d + 12, "VP8X", 4) == 0)
        return give(le24(d + 24) + 1, le24(d + 27) + 1, w, h);
    return -1;
}

/* ---- SVG --------------------------------------------------------------- */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A non-negative decimal number at *p (digits, an optional fraction, no
 * exponent), rounded up to whole pixels; the end is stored in *p.
 * -1 when there is none or it is past MK_IMGSIZE_MAX. */
static long number(const char **p, const char *end)
{
    const char *s = *p;
    unsigned long v = 0;
    int digits = 0, fraction = 0;

    if (s < end && *s == '+')
        s++;
    for (; s < end && *s >= '0' && *s <= '9'; s++, digits++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > MK_IMGSIZE_MAX)
            return -1;
    }
    if (s < end && *s == '.')
        for (s++; s < end && *s >= '0' && *s <= '9'; s++, digits++)
            if (*s != '0')
                fraction = 1;
    if (!digits)
        return -1;
    *p = s;
    v += (unsigned long)fraction;
    return v > MK_IMGSIZE_MAX ? -1 : (long)v;
}

/* A length in pixels: a number alone or with "px" (other units and
 * percentages say nothing about pixels). */
static long px_length(const char *s, const char *end)
{
    long v;

    while (s < end && is_space((unsigned char)*s))
        s++;
    v = number(&s, end);
    if (v < 0)
        return -1;
    if (end - s >= 2 && s[0] == 'p' && s[1] == 'x')
        s += 2;
    while (s < end && is_space((unsigned char)*s))
        s++;
    return s == end ? v : -1;
}

/* viewBox="min-x min-y width height": the width and height. */
static int viewbox(const char *s, const char *end, long *vw, long *vh)
{
    int i;
    long v[4] = { 0, 0, 0, 0 };

    for (i = 0; i < 4; i++) {
        while (s < end && (is_space((unsigned char)*s) || *s == ','))
            s++;
        if (i < 2 && s < end && *s == '-')
            s++;            /* the origin may be negative */
        v[i] = number(&s, end);
        if (v[i] < 0)
            return -1;
    }
    *vw = v[2];
    *vh = v[3];
    return 0;
}

/* The root element's start tag: the first '<' that opens neither a
 * declaration, a comment nor a processing instruction. */
static const char *svg_root(const char *s, const char *end)
{
    while (s < end) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        const char *close;

        if (!lt || end - lt < 2)
            return NULL;
        if (lt[1] != '!' && lt[1] != '?')
            return lt + 1;
        close = end - lt >= 4 && memcmp(lt, "<!--", 4) == 0 ? "-->"
                : lt[1] == '?' ? "?>" : ">";
        for (s = lt + 2; s < end; s++)
            if ((size_t)(end - s) >= strlen(close)
                && memcmp(s, close, strlen(close)) == 0)
                break;
        if (s == end)
            return NULL;
        s += strlen(close);
    }
    return NULL;
}

/* SVG: width and height in pixels on the root element, else the
 * viewBox's. */
static int svg_size(const unsigned char *d, size_t n, unsigned long *w,
                    unsigned long *h)
{
    const char *s = (const char *)d, *end = s + n;
    long pw = -1, ph = -1, vw = -1, vh = -1;

    s = svg_root(s, end);
    if (!s)
        return -1;
    while (s < end && !is_space((unsigned char)*s) && *s != '>'
           && *s != '/')
        s++;                /* the element's name */
    while (s < end && *s != '>' && *s != '/') {
        const char *name, *value;
        size_t len;
        char quote;

        while (s < end && is_space((unsigned char)*s))
            s++;
        name = s;
        while (s < end && *s != '=' && !is_space((unsigned char)*s)
               && *s != '>' && *s != '/')
            s++;
        len = (size_t)(s - name);
        while (s < end && is_space((unsigned char)*s))
            s++;
        if (s >= end || *s != '=')
            break;
        for (s++; s < end && is_space((unsigned char)*s); s++)
            ;
        if (s >= end || (*s != '"' && *s != '\''))
            return -1;
        quote = *s++;
        value = s;
        s = memchr(s, quote, (size_t)(end - s));
        if (!s)
            return -1;
        if (len == 5 && memcmp(name, "width", 5) == 0)
            pw = px_length(value, s);
        else if (len == 6 && memcmp(name, "height", 6) == 0)
            ph = px_length(value, s);
        else if (len == 7 && memcmp(name, "viewBox", 7) == 0
                 && viewbox(value, s, &vw, &vh) < 0)
            vw = vh = -1;
        s++;
    }
    if (pw > 0 && ph > 0)
        return give((unsigned long)pw, (unsigned long)ph, w, h);
    if (vw > 0 && vh > 0)
        return give((unsigned long)vw, (unsigned long)vh, w, h);
    return -1;
}

static const struct {
    const char *type;
    int (*read)(const unsigned char *d, size_t n, unsigned long *w,
                unsigned long *h);
} readers[] = {
    { "image/gif", gif_size },
    { "image/jpeg", jpeg_size },
    { "image/png", png_size },
    { "image/svg+xml", svg_size },
    { "image/webp", webp_size },
};

int mk_imgsize_read(const char *type, const unsigned char *data,
                    size_t len, unsigned long *width, unsigned long *height)
{
    size_t i;

    for (i = 0; type && i < sizeof(readers) / sizeof(*readers); i++)
        if (strcmp(readers[i].type, type) == 0)
            return readers[i].read(data, len, width, height);
    return -1;
}
