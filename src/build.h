/*
 * build.h - the state of one run, shared by the modules that make it up
 * (internal, not part of the public API):
 *   resources.c  finding, containing, sniffing and registering files
 *   xref.c       the cross-reference checks between chapters and files
 *   layout.c     names and ids of everything in the package
 *   relink.c     rewriting references to files the layout renamed
 *   build.c      the two phases: check everything, then write
 */
#ifndef MK_BUILD_H
#define MK_BUILD_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "book.h"
#include "pub.h"
#include "strmap.h"

struct mk_deflated;
struct mk_deflater;
struct mk_pipeline;
struct mk_url;

/* An image to read whole (resources.c), named as first referenced. */
struct image_check {
    const struct mk_item *item;
    char *href;
};

/* An entry the archive gets deflated from the pipeline (build.c). */
enum pack_kind { PACK_DATA, PACK_GENERATED, PACK_CHAPTER, PACK_SOURCE };

struct pack_job {
    struct build *b;
    enum pack_kind kind;
    size_t seq;                 /* its index in the pipeline */
    size_t index;               /* PACK_CHAPTER: the chapter */
    const struct mk_item *item; /* PACK_GENERATED, PACK_SOURCE, CHAPTER */
    const void *data;           /* PACK_DATA */
    size_t len;
};

/* A stylesheet or SVG image registered but not read yet, and how many
 * files (@imports, SVG references) below the first one it was reached. */
struct scan_pending {
    struct mk_item *item;
    int depth;
};

struct build {
    const struct mk_options *opts;
    struct mk_diag *dc;
    struct mk_book book;
    struct mk_pub pub;
    char *root;                 /* display path of the root folder */
    char *root_abs;             /* the same, absolute and lexical */
    char *root_real;            /* the same, symbolic links resolved */
    struct mk_strmap items;     /* display path -> struct mk_item */
    struct mk_strmap chapters;  /* display path -> struct mk_pub_chapter */
    struct mk_strmap ids;       /* manifest ids in use */
    char **owned_ids;           /* storage of generated ids */
    size_t n_owned_ids, cap_owned_ids;
    char ***chapter_css;        /* per chapter: stylesheet hrefs */
    /* stylesheets and SVG images to read (resources.c): a work queue,
     * not recursion, so a long @import chain cannot exhaust the stack */
    struct scan_pending *scan_queue;
    size_t n_scan, cap_scan;
    int scanning;               /* the queue is being worked through */
    int scan_depth;             /* depth of the file being read */
    struct mk_strmap svg_ids;   /* SVG path -> struct mk_svg_info (ids) */
    struct svg_fragment *svg_fragments;  /* "x.svg#id" to check */
    size_t n_svg_fragments, cap_svg_fragments;
    struct image_check *image_checks;
    size_t n_image_checks, cap_image_checks;
    time_t mtime;
    struct mk_pipeline *pipeline;
    struct pack_job *jobs;      /* the pipeline's work, in archive order */
    size_t n_jobs;
    struct mk_deflater *deflater;
    /* per chapter: its packed bytes from the check phase, or NULL (to
     * parse again when it is written); within a memory budget */
    struct mk_deflated **kept;
    atomic_size_t kept_bytes;   /* their compressed size */
    size_t renamed;             /* files with a new name (layout.c) */
    atomic_int oom;             /* set from worker threads too */
    int cwd_failed;             /* mk_build_cwd_failed() reported */
};

/* A file read into memory, or a changed copy of it (or an empty string
 * for an empty file); mk_resources_unmap() frees it. */
struct mapped {
    char *data;
    size_t len;
    int owned;      /* data is malloc'ed (not the static "") */
};

/* Nonzero if it is a chapter's item (an image page's image has the same
 * path as its page but is not). */
int mk_build_is_chapter(const struct build *b, const struct mk_item *it);

/* Records that memory ran out (once).  Returns -1. */
int mk_build_oom(struct build *b);

/* Records why mk_path_absolute() failed, from errno: out of memory, or
 * the current folder cannot be found (once).  Returns -1. */
int mk_build_cwd_failed(struct build *b);

/* Reads the whole file at path into memory (never mapped: a file cut
 * short meanwhile is an I/O error, not SIGBUS); a FIFO or other
 * non-regular file is refused.  Returns 0 or -1 (recorded). */
int mk_resources_map(struct build *b, const char *path, struct mapped *m);
void mk_resources_unmap(struct mapped *m);

/* Checks that path (display) lies inside the root, lexically and after
 * resolving symbolic links, and exists; a problem is reported at
 * from:line:col (col 0: not known), naming href.  Returns 0 or -1. */
int mk_resources_contained(struct build *b, const char *path,
                           const char *href, const char *from, long line,
                           long col);

/* A new empty manifest item, appended to the publication; NULL when out
 * of memory. */
struct mk_item *mk_resources_new_item(struct build *b);

/* A new item for the file at path, first needed at from:line:col. */
struct mk_item *mk_resources_add_path(struct build *b, const char *path,
                                      const char *from, long line,
                                      long col);

/* Registers a file the book needs (once), checking where it is and what
 * it is (an image must be whole: mk_media_check), and reading what it
 * references in turn when it is a stylesheet or an SVG image (those
 * files are registered too, through a queue: a chain of references
 * never deepens the stack).  Returns the item, or NULL when it cannot be
 * used (the problem is recorded). */
struct mk_item *mk_resources_add(struct build *b, const char *path,
                                 const char *href, const char *from,
                                 long line, long col);

/* Checks the fragments of references into SVG images ("a.svg#dot")
 * once every file is registered (EPUBCheck RSC-012). */
void mk_resources_check_fragments(struct build *b);

/* Reads every image registered so far whole, on every core, to see that
 * none is cut short or damaged (reported at its first reference). */
void mk_resources_check_images(struct build *b);

/* Frees what resources.c keeps in b (queue, SVG ids, fragments). */
void mk_resources_release(struct build *b);

/* Warns about files below dir that nothing references (not packaged). */
void mk_resources_find_unreferenced(struct build *b, const char *dir,
                                    int depth);

/* Reads the reference ref, written in file from at line:col, with the
 * URL model and reports what it refuses: malformed or ambiguous forms,
 * file: URLs, absolute paths, and a query on a file of the book (allowed
 * on a hyperlink).  Returns 0 with *u to use and release (also after
 * reporting a query or an unescaped character: the file named is still
 * clear, so it is checked too), 1 when reported and unusable (*u
 * released), or -1 when memory ran out. */
enum {
    MK_XREF_HYPERLINK = 1,      /* a link or cite, not a resource */
    MK_XREF_IN_CSS = 2,         /* made in a stylesheet */
    MK_XREF_IN_SVG = 4          /* made in an SVG image */
};
int mk_xref_parse(struct build *b, const char *ref, unsigned flags,
                  const char *from, long line, long col, struct mk_url *u);

/* Resolves and checks every reference of every chapter: files, chapters
 * and fragments, remote resources, media types. */
void mk_xref_resolve(struct build *b);

/* Frees what only the cross-checks needed (ids, references). */
void mk_xref_drop_links(struct build *b);

/* Gives every item its href in the package and its manifest id, and
 * creates the generated documents' items.  Returns 0 or -1. */
int mk_layout(struct build *b);

/* Attaches the writers of the generated documents to their items. */
void mk_layout_set_writers(struct build *b);

/* Rewrites every reference in chapter i's loaded document (links,
 * embeds, inline CSS) to a file whose name in the package is not its
 * source name.  Thread-safe (reads only).  0, or -1 out of memory (not
 * recorded: the caller records it). */
int mk_relink_chapter(const struct build *b, size_t i, xmlDocPtr doc);

/* The stylesheet it (len bytes at text) with its url()s and @imports
 * rewritten like a chapter's references, appended to out; *changed is
 * set when anything was rewritten.  0 or -1 (out of memory). */
int mk_relink_css(const struct build *b, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out,
                  int *changed);

/* The SVG image it (len bytes at text) appended to out: re-serialised
 * with its references rewritten when one of them changed, else byte for
 * byte (also when it does not parse).  0 or -1 (out of memory). */
int mk_relink_svg(const struct build *b, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out);

#endif
