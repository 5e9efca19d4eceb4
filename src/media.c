/*
 * media.c - media type detection and policy (see media.h).
 */
#include "media.h"

#include <string.h>
#include <strings.h>

static const struct mk_media types[] = {
    { "application/xhtml+xml", MK_MEDIA_XHTML, 0, 1, 1 },
    { "text/css", MK_MEDIA_CSS, 0, 1, 1 },
    { "image/jpeg", MK_MEDIA_IMAGE, 1, 1, 1 },
    { "image/png", MK_MEDIA_IMAGE, 1, 1, 1 },
    { "image/gif", MK_MEDIA_IMAGE, 1, 1, 1 },
    { "image/svg+xml", MK_MEDIA_IMAGE, 0, 1, 1 },
    { "image/webp", MK_MEDIA_IMAGE, 1, 1, 0 },
    { "image/bmp", MK_MEDIA_IMAGE, 0, 0, 0 },
    { "image/tiff", MK_MEDIA_IMAGE, 0, 0, 0 },
    { "font/ttf", MK_MEDIA_FONT, 0, 1, 1 },
    { "font/otf", MK_MEDIA_FONT, 0, 1, 1 },
    { "font/woff", MK_MEDIA_FONT, 1, 1, 1 },
    { "font/woff2", MK_MEDIA_FONT, 1, 1, 1 },
    { "audio/mpeg", MK_MEDIA_AUDIO, 1, 1, 1 },
    { "audio/mp4", MK_MEDIA_AUDIO, 1, 1, 1 },
    { "audio/ogg", MK_MEDIA_AUDIO, 1, 1, 1 },
    { "video/mp4", MK_MEDIA_VIDEO, 1, 0, 0 },
    { "video/webm", MK_MEDIA_VIDEO, 1, 0, 0 },
    { "application/javascript", MK_MEDIA_SCRIPT, 0, 1, 1 },
    { "text/vtt", MK_MEDIA_OTHER, 0, 1, 1 },
    { "application/pdf", MK_MEDIA_OTHER, 0, 0, 0 },
    /* a pronunciation lexicon, linked with <link rel="pronunciation"> */
    { "application/pls+xml", MK_MEDIA_OTHER, 0, 1, 1 },
    /* a media overlay (overlay.h), named by book.xml */
    { "application/smil+xml", MK_MEDIA_OTHER, 0, 1, 1 },
    /* timed text for <track> (exempt there: no fallback needed) */
    { "application/ttml+xml", MK_MEDIA_OTHER, 0, 0, 0 },
    /* an Adobe page template, linked from a chapter */
    { "application/vnd.adobe-page-template+xml", MK_MEDIA_OTHER, 0, 0, 0 },
};

/* A file of no type the tables know, taken as the type its reference
 * declares (<object type>, <link type>): a foreign resource. */
static const struct mk_media foreign = {
    "application/octet-stream", MK_MEDIA_FOREIGN, 0, 0, 0
};

/* XML formats without an extension of their own (often named .xml),
 * known by the local name of their root element. */
static const struct {
    const char *root;
    const char *type;
} xml_roots[] = {
    { "lexicon", "application/pls+xml" },
    { "smil", "application/smil+xml" },
    { "tt", "application/ttml+xml" },
};

static const struct {
    const char *ext;
    const char *type;
} extensions[] = {
    { "xhtml", "application/xhtml+xml" }, { "xht", "application/xhtml+xml" },
    { "html", "application/xhtml+xml" }, { "htm", "application/xhtml+xml" },
    { "css", "text/css" }, { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" },
    { "png", "image/png" }, { "gif", "image/gif" },
    { "svg", "image/svg+xml" }, { "webp", "image/webp" },
    { "bmp", "image/bmp" }, { "tif", "image/tiff" },
    { "tiff", "image/tiff" }, { "ttf", "font/ttf" }, { "otf", "font/otf" },
    { "woff", "font/woff" }, { "woff2", "font/woff2" },
    { "mp3", "audio/mpeg" }, { "m4a", "audio/mp4" }, { "mp4", "video/mp4" },
    { "m4v", "video/mp4" }, { "ogg", "audio/ogg" }, { "opus", "audio/ogg" },
    { "webm", "video/webm" }, { "js", "application/javascript" },
    { "vtt", "text/vtt" }, { "pdf", "application/pdf" },
    { "pls", "application/pls+xml" }, { "ttml", "application/ttml+xml" },
    { "dfxp", "application/ttml+xml" }, { "smil", "application/smil+xml" },
    { "xpgt", "application/vnd.adobe-page-template+xml" },
};

/* Byte signatures: offset, bytes, length, type. */
static const struct {
    size_t offset;
    const char *magic;
    size_t len;
    const char *type;
} signatures[] = {
    { 0, "\xFF\xD8\xFF", 3, "image/jpeg" },
    { 0, "\x89PNG\r\n\x1A\n", 8, "image/png" },
    { 0, "GIF87a", 6, "image/gif" },
    { 0, "GIF89a", 6, "image/gif" },
    { 8, "WEBP", 4, "image/webp" },
    { 0, "BM", 2, "image/bmp" },
    { 0, "II*\0", 4, "image/tiff" },
    { 0, "MM\0*", 4, "image/tiff" },
    { 0, "wOFF", 4, "font/woff" },
    { 0, "wOF2", 4, "font/woff2" },
    { 0, "OTTO", 4, "font/otf" },
    { 0, "\0\1\0\0", 4, "font/ttf" },
    { 0, "true", 4, "font/ttf" },
    { 0, "ID3", 3, "audio/mpeg" },
    { 0, "OggS", 4, "audio/ogg" },
    { 0, "\x1A\x45\xDF\xA3", 4, "video/webm" },
    { 0, "%PDF", 4, "application/pdf" },
};

const struct mk_media *mk_media_by_type(const char *type)
{
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(*types); i++)
        if (strcmp(types[i].type, type) == 0)
            return &types[i];
    return NULL;
}

const struct mk_media *mk_media_by_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    size_t i;

    if (!dot || strchr(dot, '/'))
        return NULL;
    for (i = 0; i < sizeof(extensions) / sizeof(*extensions); i++)
        if (strcasecmp(extensions[i].ext, dot + 1) == 0)
            return mk_media_by_type(extensions[i].type);
    return NULL;
}

const struct mk_media *mk_media_foreign(void)
{
    return &foreign;
}

/* A character of a media type's name (RFC 6838 restricted-name). */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || (c && strchr("!#$&^_.+-", c));
}

int mk_media_type_valid(const char *type)
{
    const char *p = type;
    size_t n;

    for (n = 0; name_char(*p); p++)
        n++;
    if (!n || n > 127 || *p++ != '/')
        return 0;
    for (n = 0; name_char(*p); p++)
        n++;
    return n && n <= 127 && !*p;
}

/* Where the text at p (before end) next holds s, or NULL. */
static const unsigned char *find(const unsigned char *p,
                                 const unsigned char *end, const char *s)
{
    size_t n = strlen(s);

    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, s, n) == 0)
            return p;
    return NULL;
}

/* The local name of the first element of the XML text in head (after
 * a BOM, the XML declaration, comments, processing instructions and a
 * DOCTYPE), "svg" for <svg> or <prefix:svg>, copied to name (size
 * bytes); 0 when there is none (or it is longer). */
static int root_name(const unsigned char *head, size_t n, char *out,
                     size_t size)
{
    const unsigned char *p = head, *end = head + n, *name;

    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p && p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
        } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            p = find(p + 4, end, "-->");
            p = p ? p + 3 : NULL;
        } else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
            p = find(p + 2, end, "?>");
            p = p ? p + 2 : NULL;
        } else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
            const unsigned char *gt = find(p, end, ">");
            const unsigned char *bracket = find(p, end, "[");

            if (bracket && (!gt || bracket < gt)) {
                gt = find(bracket, end, "]>");
                gt = gt ? gt + 1 : NULL;
            }
            p = gt ? gt + 1 : NULL;
        } else if (*p == '<') {
            for (name = ++p; p < end && *p != ' ' && *p != '>' && *p != '/'
                             && *p != '\t' && *p != '\r' && *p != '\n';
                 p++)
                if (*p == ':')
                    name = p + 1;
            if (p >= end || p == name || (size_t)(p - name) >= size)
                return 0;
            memcpy(out, name, (size_t)(p - name));
            out[p - name] = '\0';
            return 1;
        } else {
            return 0;
        }
    }
    return 0;
}

const struct mk_media *mk_media_detect(const unsigned char *head, size_t n,
                                       const char *name, int *mismatch)
{
    const struct mk_media *by_name = mk_media_by_name(name);
    const struct mk_media *found = NULL;
    char root[16];
    size_t i;

    *mismatch = 0;
    for (i = 0; i < sizeof(signatures) / sizeof(*signatures) && !found; i++)
        if (n >= signatures[i].offset + signatures[i].len
            && memcmp(head + signatures[i].offset, signatures[i].magic,
                      signatures[i].len) == 0)
            found = mk_media_by_type(signatures[i].type);
    /* MP4 family: "ftyp" at offset 4; audio or video by name */
    if (!found && n >= 8 && memcmp(head + 4, "ftyp", 4) == 0)
        found = by_name && (by_name->cls == MK_MEDIA_AUDIO
                            || by_name->cls == MK_MEDIA_VIDEO)
                    ? by_name : mk_media_by_type("video/mp4");
    /* an MP3 without an ID3 tag starts with a frame sync */
    if (!found && n >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0
        && by_name && strcmp(by_name->type, "audio/mpeg") == 0)
        found = by_name;
    if (!found && root_name(head, n, root, sizeof(root))) {
        if (strcmp(root, "svg") == 0
            && (!by_name || by_name->cls == MK_MEDIA_IMAGE))
            found = mk_media_by_type("image/svg+xml");
        for (i = 0; i < sizeof(xml_roots) / sizeof(*xml_roots)
                    && !found && !by_name; i++)
            if (strcmp(xml_roots[i].root, root) == 0)
                found = mk_media_by_type(xml_roots[i].type);
    }
    if (!found) {
        /* text formats carry no signature: trust the name, but never
         * for a binary type whose bytes did not match */
        if (by_name && !by_name->stored && by_name->cls != MK_MEDIA_FONT
            && by_name->cls != MK_MEDIA_IMAGE)
            return by_name;
        if (by_name)
            *mismatch = 1;
        return NULL;
    }
    if (by_name && by_name != found)
        *mismatch = 1;
    return found;
}

/* ---- integrity ----------------------------------------------------- */

#define CUT_JPEG "is cut short (no end-of-image marker)"
#define CUT_PNG "is cut short (no IEND chunk)"
#define CUT_GIF "is cut short (no trailer)"
#define CUT_WEBP "is cut short (its RIFF size is larger than the file)"

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16
           | (unsigned long)p[2] << 8 | p[3];
}

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[3] << 24 | (unsigned long)p[2] << 16
           | (unsigned long)p[1] << 8 | p[0];
}

/* After an SOS segment: the entropy-coded data runs to the next marker
 * that is not a stuffed zero, a restart marker or a fill byte.  Returns
 * the position of that marker's 0xFF, or len when there is none. */
static size_t jpeg_skip_scan(const unsigned char *d, size_t len, size_t pos)
{
    while (pos < len) {
        const unsigned char *ff = memchr(d + pos, 0xFF, len - pos);

        if (!ff || (size_t)(ff - d) + 1 >= len)
            return len;
        pos = (size_t)(ff - d);
        if (d[pos + 1] == 0x00 || (d[pos + 1] >= 0xD0 && d[pos + 1] <= 0xD7))
            pos += 2;
        else if (d[pos + 1] == 0xFF)
            pos += 1;
        else
            return pos;
    }
    return len;
}

/* SOI, then marker segments (each with its length) up to an SOS, its
 * scan data, more segments and scans, and EOI. */
static const char *check_jpeg(const unsigned char *d, size_t len)
{
    size_t pos = 2, seglen;
    int scans = 0;

    if (len < 2 || d[0] != 0xFF || d[1] != 0xD8)
        return "is not a JPEG (no start-of-image marker)";
    for (;;) {
        unsigned marker;

        if (pos >= len)
            return CUT_JPEG;
        if (d[pos] != 0xFF)
            return "is damaged (data where a JPEG marker should be)";
        while (pos < len && d[pos] == 0xFF)
            pos++;
        if (pos >= len)
            return CUT_JPEG;
        marker = d[pos++];
        if (marker == 0xD9)
            return scans ? NULL : "has no image data (it ends before any "
                                  "scan)";
        if (marker == 0x01 || marker == 0xD8
            || (marker >= 0xD0 && marker <= 0xD7))
            continue;   /* markers without a segment */
        if (len - pos < 2)
            return CUT_JPEG;
        seglen = (size_t)d[pos] << 8 | d[pos + 1];
        if (seglen < 2)
            return "is damaged (a JPEG segment with a wrong length)";
        if (len - pos < seglen)
            return CUT_JPEG;
        pos += seglen;
        if (marker == 0xDA) {
            scans++;
            pos = jpeg_skip_scan(d, len, pos);
        }
    }
}

/* The signature, then chunks (length, type, data, CRC-32) from IHDR to
 * IEND, each inside the file with its checksum right. */
static const char *check_png(const unsigned char *d, size_t len)
{
    unsigned long table[256], crc, c;
    size_t pos = 8, i;
    unsigned k;
    int chunks = 0, images = 0;

    if (len < 8 || memcmp(d, "\x89PNG\r\n\x1A\n", 8) != 0)
        return "is not a PNG (no PNG signature)";
    for (i = 0; i < 256; i++) {
        c = (unsigned long)i;
        for (k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320UL ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (;;) {
        unsigned long n;

        if (len - pos < 12)
            return CUT_PNG;
        n = be32(d + pos);
        if (n > 0x7FFFFFFFUL)
            return "is damaged (a PNG chunk with a wrong length)";
        if (len - pos - 12 < n)
            return CUT_PNG;
        if (chunks++ == 0 && memcmp(d + pos + 4, "IHDR", 4) != 0)
            return "is damaged (its first chunk is not IHDR)";
        crc = 0xFFFFFFFFUL;
        for (i = pos + 4; i < pos + 8 + n; i++)
            crc = table[(crc ^ d[i]) & 0xFF] ^ (crc >> 8);
        if ((crc ^ 0xFFFFFFFFUL) != be32(d + pos + 8 + n))
            return "is damaged (a PNG chunk's checksum is wrong)";
        if (memcmp(d + pos + 4, "IDAT", 4) == 0)
            images++;
        if (memcmp(d + pos + 4, "IEND", 4) == 0)
            return images ? NULL : "has no image data (no IDAT chunk)";
        pos += 12 + n;
    }
}

/* A run of GIF data sub-blocks ending with an empty one; the position
 * after it, or 0 when the file ends first. */
static size_t gif_skip_blocks(const unsigned char *d, size_t len, size_t pos)
{
    while (pos < len) {
        size_t n = d[pos++];

        if (n == 0)
            return pos;
        if (len - pos < n)
            return 0;
        pos += n;
    }
    return 0;
}

/* The header and logical screen, then images and extensions, to the
 * trailer (0x3B). */
static const char *check_gif(const unsigned char *d, size_t len)
{
    size_t pos = 13;
    int images = 0;

    if (len < 6 || (memcmp(d, "GIF87a", 6) != 0
                    && memcmp(d, "GIF89a", 6) != 0))
        return "is not a GIF (no GIF header)";
    if (len < 13)
        return CUT_GIF;
    if (d[10] & 0x80)
        pos += 3u << ((d[10] & 7) + 1);
    for (;;) {
        unsigned block;

        if (pos >= len)
            return CUT_GIF;
        block = d[pos++];
        if (block == 0x3B)
            return images ? NULL : "has no image data (no image block)";
        if (block == 0x21) {            /* extension: label, sub-blocks */
            if (pos >= len)
                return CUT_GIF;
            pos = gif_skip_blocks(d, len, pos + 1);
        } else if (block == 0x2C) {     /* image descriptor */
            unsigned flags;

            if (len - pos < 9)
                return CUT_GIF;
            flags = d[pos + 8];
            pos += 9;
            if (flags & 0x80)
                pos += 3u << ((flags & 7) + 1);
            if (pos >= len)
                return CUT_GIF;
            pos = gif_skip_blocks(d, len, pos + 1);     /* LZW size */
            images++;
        } else {
            return "is damaged (an unknown GIF block)";
        }
        if (pos == 0)
            return CUT_GIF;
    }
}

/* "RIFF", a size covering the rest, "WEBP", then chunks inside that
 * size, the first of them VP8, VP8L or VP8X. */
static const char *check_webp(const unsigned char *d, size_t len)
{
    unsigned long size;
    size_t end, pos = 12;

    if (len < 12 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4))
        return "is not a WebP (no RIFF WEBP header)";
    size = le32(d + 4);
    if (size < 4 || (size & 1))
        return "is damaged (a wrong RIFF size)";
    if (size > len - 8)
        return CUT_WEBP;
    end = 8 + (size_t)size;
    if (end - pos < 8 || (memcmp(d + pos, "VP8 ", 4) != 0
                          && memcmp(d + pos, "VP8L", 4) != 0
                          && memcmp(d + pos, "VP8X", 4) != 0))
        return "is damaged (no VP8, VP8L or VP8X chunk first)";
    while (pos < end) {
        unsigned long n;

        if (end - pos < 8)
            return "is damaged (a WebP chunk runs past the RIFF size)";
        n = le32(d + pos + 4);
        if (n > end - pos - 8 || (n & 1 && n + 1 > end - pos - 8))
            return "is damaged (a WebP chunk runs past the RIFF size)";
        pos += 8 + (size_t)n + (n & 1);
    }
    return NULL;
}

static const struct {
    const char *type;
    const char *(*check)(const unsigned char *d, size_t len);
} checks[] = {
    { "image/gif", check_gif },
    { "image/jpeg", check_jpeg },
    { "image/png", check_png },
    { "image/webp", check_webp },
};

const char *mk_media_check(const struct mk_media *m,
                           const unsigned char *data, size_t len)
{
    size_t i;

    for (i = 0; m && i < sizeof(checks) / sizeof(*checks); i++)
        if (strcmp(checks[i].type, m->type) == 0)
            return checks[i].check(data, len);
    return NULL;
}
