/*
 * imgsize.h - the pixel size of an image, read from its header alone:
 * PNG (IHDR), JPEG (the first start-of-frame segment), GIF (the logical
 * screen), WebP (VP8, VP8L or VP8X) and SVG (the root element's width
 * and height in pixels, else its viewBox).  The parsers only look, never
 * allocate, and never read past the bytes they are given; a header cut
 * short, a size of zero or one past MK_IMGSIZE_MAX is "not known".
 */
#ifndef MK_IMGSIZE_H
#define MK_IMGSIZE_H

#include <stddef.h>

/* The largest side taken as real (PNG allows 2^31-1; a header claiming
 * more than this is damaged or hostile). */
#define MK_IMGSIZE_MAX 1000000UL

/* How many first bytes of a file mk_imgsize_read() may need: enough for
 * a JPEG whose start-of-frame follows large metadata segments, and for
 * an SVG root element after a long prolog. */
#define MK_IMGSIZE_HEAD (256u * 1024u)

/* Reads the width and height in pixels of the image of media type type
 * ("image/png", ...) from its first len bytes at data.  Returns 0 with
 * *width and *height set, or -1 when the type has no size this module
 * reads or the header does not give one. */
int mk_imgsize_read(const char *type, const unsigned char *data,
                    size_t len, unsigned long *width, unsigned long *height);

#endif
