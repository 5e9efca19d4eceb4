/*
 * resources.h - the files a book is made of (resources.c): reading them
 * safely, registering each one the book needs once (checked to lie in
 * the root and sniffed for its media type; stylesheets and SVG images
 * read for what they reference in turn), checking images whole and
 * references into SVG images, and finding files nothing uses.
 */
#ifndef MK_RESOURCES_H
#define MK_RESOURCES_H

#include <stddef.h>

#include "strmap.h"

struct mk_diag;
struct mk_item;
struct mk_registry;
struct mk_root;
struct mk_svg_info;
struct mk_resources_image;
struct mk_resources_scan;
struct mk_resources_fragment;

/* A file read into memory, or a changed copy of it (or an empty string
 * for an empty file); mk_resources_unmap() frees it. */
struct mk_mapped {
    char *data;
    size_t len;
    int owned;      /* data is malloc'ed (not the static "") */
};

struct mk_resources {
    struct mk_diag *dc;
    struct mk_registry *reg;    /* where files are registered */
    struct mk_root *root;       /* what every file must lie inside */
    int threads;                /* mk_options threads: 0 automatic */
    /* stylesheets and SVG images to read: a work queue, not recursion,
     * so a long @import chain cannot exhaust the stack */
    struct mk_resources_scan *scan_queue;
    size_t n_scan, cap_scan;
    int scanning;               /* the queue is being worked through */
    int scan_depth;             /* depth of the file being read */
    struct mk_strmap svg_ids;   /* SVG path -> struct mk_svg_info (ids) */
    struct mk_resources_fragment *svg_fragments;    /* "x.svg#id" */
    size_t n_svg_fragments, cap_svg_fragments;
    struct mk_resources_image *image_checks;        /* to read whole */
    size_t n_image_checks, cap_image_checks;
};

/* Sets up res to register into reg (and record in its collector),
 * keeping every file inside root; threads as mk_options has it. */
void mk_resources_init(struct mk_resources *res, struct mk_registry *reg,
                       struct mk_root *root, int threads);

/* Frees what res keeps (queue, SVG ids, fragments, images to check; not
 * the items, which are the registry's). */
void mk_resources_release(struct mk_resources *res);

/* Reads the whole file at path into memory (never mapped: a file cut
 * short meanwhile is an I/O error, not SIGBUS); a FIFO or other
 * non-regular file is refused.  Returns 0 or -1 (recorded in dc). */
int mk_resources_map(struct mk_diag *dc, const char *path,
                     struct mk_mapped *m);
void mk_resources_unmap(struct mk_mapped *m);

/* Registers a file the book needs (once), checking where it is and what
 * it is (an image must be whole: mk_media_check), and reading what it
 * references in turn when it is a stylesheet or an SVG image (those
 * files are registered too, through a queue: a chain of references
 * never deepens the stack).  Returns the item, or NULL when it cannot be
 * used (the problem is recorded). */
struct mk_item *mk_resources_add(struct mk_resources *res, const char *path,
                                 const char *href, const char *from,
                                 long line, long col);

/* The same, for a reference that declares the file's media type (type=
 * on <object>, <embed> or <link>; or NULL): a file of a type mkepub does
 * not know is then packaged as a foreign resource of that type. */
struct mk_item *mk_resources_add_typed(struct mk_resources *res,
                                       const char *path, const char *href,
                                       const char *type, const char *from,
                                       long line, long col);

/* Checks and reads the SVG file of it as an SVG image is read (its
 * references registered in turn, its DOCTYPE marked to leave out, its
 * ids kept): for an SVG page, a chapter the caller registered with the
 * SVG media type. */
void mk_resources_scan_svg(struct mk_resources *res, struct mk_item *it);

/* What was read of the SVG file at path (its ids, sorted), or NULL when
 * it was not read as SVG. */
const struct mk_svg_info *mk_resources_svg_read(
    const struct mk_resources *res, const char *path);

/* Why a file is refused; each is reported once per file, at its first
 * reference, with the number of other references so refused. */
enum mk_refusal_kind {
    MK_REFUSE_FILE = 1,         /* missing, outside the root, unknown
                                 * file type, not a regular file, an
                                 * XHTML file that is not a chapter */
    MK_REFUSE_USE               /* a type that needs a fallback where
                                 * none can be given (an image) */
};

/* Records that the file of item it cannot be used as the reference at
 * from:line:col uses it (message fmt, ...).  The first refusal of a
 * kind is kept to report; later ones of that kind are counted; one of
 * another kind is reported at once. */
void mk_resources_refuse(struct mk_resources *res, struct mk_item *it,
                         int kind, const char *from, long line, long col,
                         const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Reports the refusals kept on the items, each once: "message (and N
 * other references to it)". */
void mk_resources_report_refusals(struct mk_resources *res);

/* Checks the fragments of references into SVG images ("a.svg#dot")
 * once every file is registered (EPUBCheck RSC-012). */
void mk_resources_check_fragments(struct mk_resources *res);

/* Reads every image registered so far whole, on every core, to see that
 * none is cut short or damaged (reported at its first reference). */
void mk_resources_check_images(struct mk_resources *res);

/* Warns about files below dir (the book's folder) that nothing
 * references and that are not book_file (not packaged). */
void mk_resources_find_unreferenced(struct mk_resources *res,
                                    const char *dir, const char *book_file);

#endif
