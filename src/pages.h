/*
 * pages.h - image pages: a raster image (PNG, JPEG, GIF) listed as a
 * chapter in book.xml is shown by a generated XHTML page, since such an
 * image cannot be a spine item without a fallback.  This module reads
 * an image's size (for a fixed-layout page's viewport) and writes that
 * page.  An SVG listed as a chapter is an SVG content document in the
 * spine as it is (EPUB 3.3 allows it, both EPUBChecks accept it in
 * reflowable and fixed-layout books alike); this module reads what the
 * build needs from its root: the <title> that labels it in the table of
 * contents and the viewBox that sizes a fixed-layout page.
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

/* What an SVG page's root element says about the page. */
struct mk_pages_svg {
    int parsed;             /* the file is well-formed XML (if not,
                             * checking it as SVG says why) */
    int is_svg;             /* its root is <svg> in the SVG namespace */
    char *title;            /* the text of the root's <title> child, not
                             * empty, or NULL (malloc'ed) */
    long vb_width, vb_height;   /* the viewBox's size, rounded up to
                                 * whole CSS pixels; 0 when it has none
                                 * that reads as four numbers */
    long width, height;     /* width="..." and height="..." in CSS
                             * pixels (a number, perhaps with px); 0
                             * otherwise */
    long line, col;         /* where the root element is */
};

/* Reads the root of the SVG file path (data, len bytes), parsed with
 * the safe settings of every file (mk_xml_parse; what is wrong with it
 * is left for the SVG checks to report) into *svg (release it whatever
 * the result).  Returns 0, or -1 when memory ran out. */
int mk_pages_svg_read(const char *path, const char *data, size_t len,
                      struct mk_pages_svg *svg);
void mk_pages_svg_release(struct mk_pages_svg *svg);

#endif
