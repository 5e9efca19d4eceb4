/*
 * pub.h - the publication as the build lays it out: every manifest item
 * with its place in the package, the chapters with what they contain,
 * and the generated documents.  build.c fills it; the writers of the
 * navigation (nav.c), package document (opf.c) and credits and cover
 * pages (credits.c) only read it.
 *
 * Every item href is relative to the package folder, where all generated
 * documents live, so a generated document links to an item by its href.
 */
#ifndef MK_PUB_H
#define MK_PUB_H

#include <stddef.h>

#include "book.h"
#include "buf.h"
#include "labels.h"
#include "media.h"
#include "xhtml.h"

#define MK_PACKAGE_DIR MKEPUB_PACKAGE_DIR

struct mk_pub;

enum {
    MK_ITEM_NAV = 16,           /* added to enum mk_prop bits */
    MK_ITEM_COVER_IMAGE = 32
};

/* Why a file cannot be used as one of its references uses it: the first
 * such reference's place and message, reported once with the number of
 * other references refused for the same reason (resources.c). */
struct mk_refusal {
    int kind;                   /* enum mk_refusal_kind (resources.h) */
    char *file;
    long line, col;
    char *msg;
    size_t others;
};

struct mk_item {
    char *path;                 /* source display path; NULL if generated */
    char *href;                 /* in the package folder, not %-encoded;
                                 * for a remote item, the URL */
    char *id;                   /* manifest id */
    const struct mk_media *media;
    const char *media_type;     /* media->type, or the generated type,
                                 * or declared_type */
    char *declared_type;        /* a foreign resource's type, as its
                                 * reference declares it (owned) */
    struct mk_item *fallback;   /* the manifest fallback, or NULL */
    int style_link;             /* an Adobe page template linked as a
                                 * stylesheet: needs a CSS fallback */
    struct mk_refusal *refusal; /* the first refusal, or NULL */
    unsigned props;             /* enum mk_prop | MK_ITEM_* */
    int remote;
    long size;                  /* bytes, for source files */
    size_t drop_at, drop_len;   /* source bytes left out when packing (an
                                 * SVG image's DOCTYPE naming a DTD) */
    int obfuscate;              /* a font packed obfuscated (obfuscate.h) */
    int transcode;              /* a stylesheet in another encoding than
                                 * UTF-8, packed converted to UTF-8
                                 * (mk_css_transcode) */
    struct mk_item *overlay;    /* a chapter's SMIL media overlay, or
                                 * NULL (overlay.h) */
    long long duration;         /* an overlay's, in milliseconds */
    char *ref_file;             /* first place that needs it */
    long ref_line, ref_col;     /* col 0: not known */
    /* generated documents only: writes the document, when the archive
     * needs it (so a large nav is never held longer than that) */
    int (*write)(const struct mk_pub *pub, struct mk_buf *out);
};

struct mk_pub_chapter {
    const struct mk_chapter_entry *entry;
    struct mk_item *item;
    struct mk_xhtml_info info;
    int loadable;               /* inside the root and present */
    int markdown;               /* a .md file, converted when read */
    int svg;                    /* an SVG image used as a chapter: an
                                 * SVG content document in the spine,
                                 * item its file (type image/svg+xml) */
    /* a raster image listed as a chapter: item is the generated page
     * that shows it (pages.h), image the image itself (what an <img> or
     * url() naming the file uses; a link goes to the page) */
    const struct mk_media *raster;
    struct mk_item *image;
    long raster_size;           /* its bytes */
    /* a fixed-layout page's viewport, "width=W, height=H": from book.xml
     * or an image page's pixel size; "" when none is known */
    char viewport[48];
};

struct mk_pub {
    const struct mk_book *book;
    struct mk_pub_chapter *chapters;
    size_t n_chapters;
    struct mk_item **items;     /* manifest order */
    size_t n_items, cap_items;
    struct mk_item *nav, *ncx, *credits, *cover_page, *cover_image;
    struct mk_item **stylesheets;   /* the book's, linked from every page */
    size_t n_stylesheets;
    char modified[32];          /* CCYY-MM-DDThh:mm:ssZ */
    int toc_depth;              /* heading levels in the nav and NCX */
    size_t images, images_without_alt;
    size_t pagebreaks;
    unsigned props;             /* union of the chapters' properties */
    int has_media;              /* audio or video */
    size_t overlays;            /* chapters with a media overlay */
    long long overlay_duration; /* the sum of theirs, milliseconds */
};

/* Each writer appends one whole document to out; 0 or -1 (memory). */
int mk_nav_write(const struct mk_pub *pub, struct mk_buf *out);
int mk_ncx_write(const struct mk_pub *pub, struct mk_buf *out);
int mk_opf_write(const struct mk_pub *pub, struct mk_buf *out);
int mk_credits_write(const struct mk_pub *pub, struct mk_buf *out);
int mk_cover_page_write(const struct mk_pub *pub, struct mk_buf *out);

/* How deep the table of contents nests (1: flat), as mk_nav_write()
 * and mk_ncx_write() write it; *item is the document of the first entry
 * that deep and *deepest its label.  -1 when memory ran out. */
int mk_nav_toc_depth(const struct mk_pub *pub, const struct mk_item **item,
                     const char **deepest);

/* The opening of a generated XHTML document, up to and including
 * <body>: XML declaration, DOCTYPE, namespaces, language (and dir="rtl"
 * when it is written right to left), <title>, and a link to each of
 * the book's stylesheets.  Shared by the writers. */
void mk_pub_xhtml_open(const struct mk_pub *pub, struct mk_buf *out,
                       const char *title, const char *body_attrs);
void mk_pub_xhtml_close(struct mk_buf *out);

/* Appends a label as element content: the text, inside <span lang=...>
 * (and dir="ltr" on a right-to-left page) when it is not in the book's
 * language. */
void mk_pub_add_label(const struct mk_pub *pub, struct mk_buf *out,
                      struct mk_label_text label);

/* Appends an item's href as a URL (percent-encoded) to out. */
void mk_pub_add_href(struct mk_buf *out, const struct mk_item *item);

#endif
