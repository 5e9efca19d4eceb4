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

static int looks_like_svg(const unsigned char *head, size_t n)
{
    size_t i;

    for (i = 0; i + 4 <= n; i++)
        if (memcmp(head + i, "<svg", 4) == 0)
            return 1;
    return 0;
}

const struct mk_media *mk_media_detect(const unsigned char *head, size_t n,
                                       const char *name, int *mismatch)
{
    const struct mk_media *by_name = mk_media_by_name(name);
    const struct mk_media *found = NULL;
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
    if (!found && (!by_name || by_name->cls == MK_MEDIA_IMAGE)
        && looks_like_svg(head, n))
        found = mk_media_by_type("image/svg+xml");
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
