/*
 * media.h - media types: read from a file's first bytes (falling back to
 * the name only for text formats), whether EPUB treats them as core
 * types, and whether the archive stores them (already compressed) or
 * deflates them, and whether a file of the type is whole (not cut short
 * or damaged).  All knowledge is in tables in media.c.
 */
#ifndef MK_MEDIA_H
#define MK_MEDIA_H

#include <stddef.h>

enum mk_media_class {
    MK_MEDIA_OTHER, MK_MEDIA_XHTML, MK_MEDIA_CSS, MK_MEDIA_IMAGE,
    MK_MEDIA_FONT, MK_MEDIA_AUDIO, MK_MEDIA_VIDEO, MK_MEDIA_SCRIPT,
    MK_MEDIA_FOREIGN            /* a type only its reference names */
};

struct mk_media {
    const char *type;           /* e.g. "image/jpeg" */
    enum mk_media_class cls;
    int stored;                 /* already compressed: store, not deflate */
    int core;                   /* an EPUB 3 core media type */
    int epubcheck4;             /* core for EPUBCheck 4.2 too */
};

/* The media type of a file from its first bytes (head, n bytes; 64 is
 * plenty) and, for text formats that have no signature, its name.
 * Returns NULL when unknown.  *mismatch is set when the name's extension
 * names a different type than the bytes. */
const struct mk_media *mk_media_detect(const unsigned char *head, size_t n,
                                       const char *name, int *mismatch);

/* The type a name's extension suggests (for remote resources), or NULL. */
const struct mk_media *mk_media_by_name(const char *name);

/* The entry for a media type string, or NULL. */
const struct mk_media *mk_media_by_type(const char *type);

/* The entry for a file of a type the tables do not know, used as the
 * type its reference declares (a foreign resource; the item carries the
 * declared type). */
const struct mk_media *mk_media_foreign(void);

/* Nonzero if type is a media type "type/subtype" (RFC 6838 names, no
 * parameters). */
int mk_media_type_valid(const char *type);

/* Reads the whole file (data, len bytes) of type m to the depth a reader
 * decodes it: a JPEG's segments from the start-of-image marker through
 * the scan data to the end-of-image marker, a PNG's chunks (lengths and
 * checksums) to IEND, a GIF's blocks to its trailer, a WebP's RIFF
 * chunks.  Returns NULL when the file is whole (or of a type not
 * checked), else a phrase saying what is wrong, to follow the file's
 * name: "is cut short (no end-of-image marker)". */
const char *mk_media_check(const struct mk_media *m,
                           const unsigned char *data, size_t len);

#endif
