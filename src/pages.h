/*
 * pages.h - image pages: a raster image (PNG, JPEG, GIF) listed as a
 * chapter in book.xml is shown by a generated XHTML page, since such an
 * image cannot be a spine item without a fallback.  This module reads
 * an image's size (for a fixed-layout page's viewport) and writes that
 * page.
 */
#ifndef MK_PAGES_H
#define MK_PAGES_H

#include <stddef.h>

#include "pub.h"

/* The pixel size of the PNG, JPEG or GIF image in data (len bytes) from
 * its header (a bounded walk over a JPEG's segments up to its frame
 * header).  Returns 0 with *w and *h set, or -1 when the size cannot be
 * read (another format, or a damaged header). */
int mk_pages_image_size(const unsigned char *data, size_t len, long *w,
                        long *h);

/* Appends the page of chapter index i (an image page: c->image set) to
 * out: the image fitted to the page, alt="..." from book.xml (alt, else
 * title, else "Page N" with N its place in the chapter list), and the
 * chapter's viewport when it is fixed-layout.  0 or -1 (memory). */
int mk_pages_write(const struct mk_pub *pub, size_t i, struct mk_buf *out);

#endif
