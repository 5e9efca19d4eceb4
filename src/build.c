/*
 * build.c - mk_build(): the whole run, from book.xml to the archive.
 *
 * Phase 1 reads and checks everything (book.xml, every chapter, every
 * stylesheet and resource, every cross-reference) keeping only what the
 * package needs (headings, ids, references), never a whole book; chapters
 * are parsed and checked on every core, and when the book is to be
 * written each is also serialised and deflated from that same parse and
 * kept, compressed, within MK_KEEP_BUDGET.  If any error was found,
 * nothing is written.  Phase 2 lays the package out and streams it into
 * the archive: every deflated entry (container, package document,
 * navigation, chapters, stylesheets...) is a pack job that worker threads
 * produce in order just ahead of libzip, which copies the deflated bytes
 * as they are; a chapter kept from phase 1 is handed over as it is, any
 * other is parsed again (and relinked when files were renamed).  Stored
 * media are read from disk as they are written.  The parts of a run live
 * in root.c, registry.c, resources.c, xref.c, layout.c and relink.c.
 */
#include "archive.h"
#include "book.h"
#include "css.h"
#include "diag.h"
#include "layout.h"
#include "markdown.h"
#include "mkepub.h"
#include "obfuscate.h"
#include "overlay.h"
#include "path.h"
#include "pages.h"
#include "pipeline.h"
#include "pub.h"
#include "registry.h"
#include "relink.h"
#include "resources.h"
#include "root.h"
#include "svg.h"
#include "target.h"
#include "xhtml.h"
#include "xml.h"
#include "xref.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The most compressed chapter bytes kept in memory from the check phase
 * for the archive (README, "Speed"); the chapters beyond it are kept in
 * a temporary file (mk_deflater_spill), or parsed again as they are
 * written when there is none. */
#ifndef MK_KEEP_BUDGET
#define MK_KEEP_BUDGET ((size_t)4 << 20)
#endif

struct build;

/* An entry the archive gets deflated from the pipeline. */
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

/* The state of one run. */
struct build {
    const struct mk_options *opts;
    struct mk_diag *dc;
    struct mk_book book;
    struct mk_pub pub;
    struct mk_root root;        /* what every file must lie inside */
    struct mk_registry reg;     /* the book's files, by path */
    struct mk_resources res;    /* registering and checking them */
    char ***chapter_css;        /* per chapter: stylesheet hrefs */
    time_t mtime;
    struct mk_pipeline *pipeline;
    struct pack_job *jobs;      /* the pipeline's work, in archive order */
    size_t n_jobs;
    struct mk_deflater *deflater;
    /* held while a generated page is made: the navigation and the NCX of
     * a long book are large, and made one after the other they need
     * half the memory */
    pthread_mutex_t generating;
    /* per chapter: its packed bytes from the check phase, or NULL (to
     * parse again when it is written); within a memory budget */
    struct mk_deflated **kept;
    atomic_size_t kept_bytes;   /* their compressed size in memory
                                 * (and the first that did not fit) */
    atomic_int no_spill;        /* the spill file cannot be had */
    size_t renamed;             /* files with a new name (layout.c) */
};

/* Nonzero once SIGINT or SIGTERM asked the run to stop (main.c). */
static int cancelled(const struct build *b)
{
    return b->opts->cancel && *b->opts->cancel;
}

/* ---- phase 1: reading and checking --------------------------------- */

static char *find_book_file(struct build *b)
{
    const char *given = b->opts->book;
    struct stat st;
    char *file;

    if (stat(given, &st) < 0) {
        mk_diag_system(b->dc, given, errno, "cannot read the book");
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        file = mk_path_join(given, "book.xml");
        if (!file) {
            mk_diag_oom(b->dc);
            return NULL;
        }
        if (stat(file, &st) < 0) {
            mk_diag_system(b->dc, file, errno, "cannot read the book");
            free(file);
            return NULL;
        }
        return file;
    }
    file = mk_path_join("", given);
    if (!file)
        mk_diag_oom(b->dc);
    return file;
}

static int setup_root(struct build *b)
{
    return mk_root_init(&b->root, b->dc, b->opts->root, b->book.dir,
                        b->book.file);
}

static int setup_chapter_css(struct build *b, size_t i)
{
    const struct mk_book *bk = &b->book;
    char *dir = mk_path_dirname(bk->chapters[i].file.path);
    size_t j;

    b->chapter_css[i] = mk_calloc(bk->n_stylesheets + 1, sizeof(char *));
    if (!dir || !b->chapter_css[i]) {
        free(dir);
        return mk_diag_oom(b->dc);
    }
    for (j = 0; j < bk->n_stylesheets; j++) {
        b->chapter_css[i][j] = mk_path_relative(dir,
                                                bk->stylesheets[j].path);
        if (!b->chapter_css[i][j]) {
            free(dir);
            return mk_diag_oom(b->dc);
        }
    }
    free(dir);
    return 0;
}

static void chapter_spec(const struct build *b, size_t i,
                         struct mk_xhtml_spec *spec)
{
    const struct mk_chapter_entry *e = &b->book.chapters[i];

    spec->path = e->file.path;
    spec->title = e->title;
    spec->lang = b->book.n_languages ? b->book.languages[0] : NULL;
    spec->stylesheets = (const char *const *)b->chapter_css[i];
    spec->n_stylesheets = b->book.n_stylesheets;
    spec->epub33_only = b->opts->epub33_only;
    spec->heading_depth = b->pub.toc_depth;
    spec->md = NULL;
    spec->cancel = b->opts->cancel;
    spec->check_only = b->opts->check_only;
    spec->fixed = mk_book_pre_paginated(&b->book, &b->book.chapters[i]);
    spec->viewport = b->pub.chapters[i].viewport[0]
                     ? b->pub.chapters[i].viewport : NULL;
    /* the parts of <body> are freed as they are checked (and kept
     * serialised where the tree is written) */
    spec->prune = b->opts->check_only ? MK_XHTML_PRUNE : MK_XHTML_PRUNE_KEEP;
    spec->relink = NULL;
}

/* ---- what a chapter is ---------------------------------------------- */

/* Where the root element of an XML text starts (after a BOM, the XML
 * declaration, comments, processing instructions and a DOCTYPE with its
 * internal subset), or NULL when there is none. */
static const char *root_element(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *close = NULL;

        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
            continue;
        }
        if (*p != '<' || end - p < 2)
            return NULL;
        if (p[1] != '?' && p[1] != '!')
            return p;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *c;

            for (c = p + 4; c + 3 <= end && !close; c++)
                if (memcmp(c, "-->", 3) == 0)
                    close = c + 3;
        } else if (p[1] == '?') {
            const char *c;

            for (c = p + 2; c + 2 <= end && !close; c++)
                if (c[0] == '?' && c[1] == '>')
                    close = c + 2;
        } else {
            /* <!DOCTYPE ...>, perhaps with [ internal subset ] */
            const char *c = p + 2;
            int depth = 0;
            char quote = 0;

            for (; c < end && !close; c++) {
                if (quote)
                    quote = *c == quote ? 0 : quote;
                else if (*c == '"' || *c == '\'')
                    quote = *c;
                else if (*c == '[')
                    depth++;
                else if (*c == ']')
                    depth--;
                else if (*c == '>' && depth <= 0)
                    close = c + 1;
            }
        }
        if (!close)
            return NULL;
        p = close;
    }
    return NULL;
}

/* Nonzero if the element starting at p is <svg> (with any prefix). */
static int is_svg_root(const char *p, const char *end)
{
    const char *local = ++p;

    while (p < end && *p != ' ' && *p != '>' && *p != '/' && *p != '\t'
           && *p != '\n' && *p != '\r') {
        if (*p == ':')
            local = p + 1;
        p++;
    }
    return p - local == 3 && memcmp(local, "svg", 3) == 0;
}

/* Markdown chapter i's text as XHTML, its map in md: a malloc'ed *m
 * (the whole Markdown hook: the rest handles an XHTML chapter).  What
 * the conversion finds in the text goes to dc. */
static int convert_markdown(struct build *b, size_t i, struct mk_diag *dc,
                            struct mk_mapped *m, struct mk_markdown *md)
{
    const char *path = b->book.chapters[i].file.path;
    int rc;

    if (mk_resources_map(b->dc, path, m) < 0)
        return -1;
    rc = mk_markdown_convert(path, m->data, m->len, dc, md);
    mk_resources_unmap(m);
    if (rc < 0)
        return -1;
    m->data = md->xhtml;
    m->len = md->len;
    md->xhtml = NULL;   /* now *m's */
    m->owned = 1;
    return 0;
}

/* Maps chapter i; a Markdown chapter is converted, its position map in
 * *md (release it), what its text has wrong recorded in dc.  Runs on
 * worker threads: problems go to the (thread-safe) collectors only. */
static int map_chapter(struct build *b, size_t i, struct mk_diag *dc,
                       struct mk_mapped *m, struct mk_markdown *md)
{
    if (b->pub.chapters[i].markdown)
        return convert_markdown(b, i, dc, m, md);
    return mk_resources_map(b->dc, b->book.chapters[i].file.path, m);
}

/* Chapter i is the SVG image in m: an SVG content document in the spine
 * as it is, checked and read like an SVG image once every chapter is
 * known (register_svg_pages).  Its label in the table of contents is
 * book.xml's title, else its own <title>; a fixed-layout one is sized by
 * its viewBox (EPUBCheck HTM-048), so a viewport in book.xml does not
 * apply to it.  What is wrong with the SVG itself is left to the SVG
 * checks. */
static void svg_page(struct build *b, size_t i, const struct mk_mapped *m)
{
    const struct mk_chapter_entry *e = &b->book.chapters[i];
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    const char *href = e->file.href;
    struct mk_pages_svg svg;

    c->svg = 1;
    if (mk_pages_svg_read(e->file.path, m->data, m->len, &svg) < 0) {
        mk_pages_svg_release(&svg);
        mk_diag_oom(b->dc);
        return;
    }
    c->info.images = 1;
    c->info.images_without_alt = !svg.title;
    if (e->title || svg.title) {
        c->info.title = mk_strdup(e->title ? e->title : svg.title);
        if (!c->info.title)
            mk_diag_oom(b->dc);
    } else if (svg.is_svg) {
        mk_error(b->dc, b->book.file, e->file.line, 0, "chapter '%s' is an "
                 "SVG image without a title: give its <chapter> "
                 "title=\"...\" or the SVG a <title>", href);
    }
    if (e->rendition.vp_width)
        mk_error(b->dc, b->book.file, e->file.line, 0, "chapter '%s' is an "
                 "SVG page, which its own viewBox sizes: remove "
                 "viewport=\"%ldx%ld\"", href, e->rendition.vp_width,
                 e->rendition.vp_height);
    if (svg.is_svg && !svg.vb_width && mk_book_pre_paginated(&b->book, e)) {
        if (svg.width && svg.height)
            mk_error(b->dc, e->file.path, svg.line, svg.col, "a "
                     "fixed-layout SVG page needs a viewBox of four "
                     "numbers, which sizes the page (EPUBCheck HTM-048): "
                     "add viewBox=\"0 0 %ld %ld\" to the <svg>", svg.width,
                     svg.height);
        else
            mk_error(b->dc, e->file.path, svg.line, svg.col, "a "
                     "fixed-layout SVG page needs a viewBox of four "
                     "numbers, which sizes the page (EPUBCheck HTM-048): "
                     "add viewBox=\"0 0 WIDTH HEIGHT\" to the <svg>");
    }
    mk_pages_svg_release(&svg);
}

/* Chapter i is the raster image in m (media): an image page (pages.h),
 * titled in the nav only when book.xml gives it a title; a fixed-layout
 * one takes its viewport from its <chapter>, else the image's size, else
 * <chapters>. */
static void image_page(struct build *b, size_t i,
                       const struct mk_media *media, const struct mk_mapped *m)
{
    const struct mk_chapter_entry *e = &b->book.chapters[i];
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    long w = 0, h = 0;

    c->raster = media;
    c->raster_size = (long)m->len;
    c->info.images = 1;
    if (e->title) {
        c->info.title = mk_strdup(e->title);
        if (!c->info.title) {
            mk_diag_oom(b->dc);
            return;
        }
    }
    if (!mk_book_pre_paginated(&b->book, e))
        return;
    if (!e->rendition.vp_width
        && mk_pages_image_size((const unsigned char *)m->data, m->len, &w,
                               &h) == 0) {
        snprintf(c->viewport, sizeof(c->viewport), "width=%ld, height=%ld",
                 w, h);
        return;
    }
    if (mk_book_viewport(&b->book, e, &w, &h))
        snprintf(c->viewport, sizeof(c->viewport), "width=%ld, height=%ld",
                 w, h);
    else
        mk_error(b->dc, b->book.file, e->file.line, 0, "chapter '%s' is a "
                 "fixed-layout image page whose size cannot be read from "
                 "the image: give its <chapter> viewport=\"WIDTHxHEIGHT\"",
                 e->file.href);
}

/* Decides what the file listed as chapter i is: XHTML (loadable), an SVG
 * page (svg_page), a raster image page (image_page), or something that
 * cannot be a chapter (a located error at the <chapter> in book.xml;
 * nothing is ever packed under the wrong type).  The bytes of an XHTML
 * chapter are handed over in *keep, to be loaded without reading the
 * file again (else keep->data is NULL). */
static void classify_chapter(struct build *b, size_t i,
                             struct mk_mapped *keep)
{
    const struct mk_chapter_entry *e = &b->book.chapters[i];
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    const char *file = b->book.file, *href = e->file.href;
    const struct mk_media *media;
    const char *root;
    struct mk_mapped m;
    struct stat st;
    int mismatch = 0;

    keep->data = NULL;
    keep->len = 0;
    keep->owned = 0;
    if (mk_markdown_is_path(e->file.path)) {
        c->markdown = c->loadable = 1;
        return;
    }
    if (stat(e->file.path, &st) == 0 && !S_ISREG(st.st_mode)) {
        mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is %s, not a "
                 "file: list an XHTML file", href, S_ISDIR(st.st_mode)
                 ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                 : "a device or socket");
        return;
    }
    if (mk_resources_map(b->dc, e->file.path, &m) < 0)
        return;
    media = mk_media_detect((const unsigned char *)m.data,
                            m.len < 4096 ? m.len : 4096, e->file.path,
                            &mismatch);
    root = root_element(m.data, m.data + m.len);
    if (media && media->cls == MK_MEDIA_XHTML) {
        c->loadable = 1;
    } else if (media && media->cls == MK_MEDIA_IMAGE && media->core
               && (media->epubcheck4 || b->opts->epub33_only)
               && strcmp(media->type, "image/svg+xml") != 0) {
        image_page(b, i, media, &m);
    } else if (media && strcmp(media->type, "image/svg+xml") != 0) {
        if (media->cls == MK_MEDIA_IMAGE)
            mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is an "
                     "image (%s) that %s: convert it to PNG or JPEG", href,
                     media->type, media->core ? "only EPUB 3.3 knows "
                     "(--epub 3.3 accepts it)"
                     : "reading systems need not show");
        else
            mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is %s, "
                     "not an XHTML document: list an XHTML file (or "
                     "convert it to XHTML)", href, media->type);
    } else if (root && is_svg_root(root, m.data + m.len)) {
        svg_page(b, i, &m);
    } else if (root) {
        c->loadable = 1;    /* markup under another name: XHTML */
    } else {
        mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is not an "
                 "XHTML document (it does not start with markup): convert "
                 "it to XHTML and list that file", href);
    }
    if (c->loadable && !c->svg)
        *keep = m;
    else
        mk_resources_unmap(&m);
}

/* Keeps chapter i's doc serialised and deflated for the archive: in
 * memory while the kept bytes stay within the budget, above it in the
 * deflater's spill file; where neither is possible nothing is kept (the
 * chapter is parsed again as it is written).  Runs on worker threads. */
static void keep_chapter(struct build *b, size_t i, xmlDocPtr doc)
{
    struct mk_buf bytes = MK_BUF_INIT;
    struct mk_deflated *d = NULL;
    size_t total;
    int unavailable = 0;

    if (atomic_load(&b->kept_bytes) >= MK_KEEP_BUDGET
        && atomic_load(&b->no_spill))
        return;     /* nowhere to keep it: parsed again when written */
    if (mk_xhtml_serialize(doc, &bytes) < 0 || bytes.failed) {
        mk_buf_release(&bytes);
        mk_diag_oom(b->dc);
        return;
    }
    if (atomic_load(&b->kept_bytes) < MK_KEEP_BUDGET) {
        d = mk_deflater_keep(b->deflater, bytes.buf, bytes.len);
        if (!d) {
            mk_buf_release(&bytes);
            mk_diag_oom(b->dc);
            return;
        }
        /* the first stream over the budget is not kept in memory, but
         * stays counted: memory is full from then on */
        total = atomic_fetch_add(&b->kept_bytes, d->comp_size)
                + d->comp_size;
        if (total > MK_KEEP_BUDGET) {
            mk_deflated_free(d);
            d = NULL;
        }
    }
    if (!d) {
        d = mk_deflater_spill(b->deflater, bytes.buf, bytes.len,
                              &unavailable);
        if (unavailable)
            atomic_store(&b->no_spill, 1);
        else if (!d)
            mk_diag_oom(b->dc);
    }
    mk_buf_release(&bytes);
    b->kept[i] = d;
}

/* Parses and checks chapter i (and keeps it for the archive); its bytes
 * are *read when classify_chapter() handed them over, else the file is
 * read here.  *read is released. */
static void load_chapter(struct build *b, size_t i, struct mk_mapped *read)
{
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    struct mk_xhtml_spec spec;
    struct mk_markdown md = MK_MARKDOWN_INIT;
    struct mk_mapped m = *read;
    xmlDocPtr doc;

    read->data = NULL;
    read->owned = 0;
    chapter_spec(b, i, &spec);
    if (!b->kept)
        spec.prune = MK_XHTML_PRUNE;    /* the tree is not written */
    if (m.data || map_chapter(b, i, b->dc, &m, &md) == 0) {
        spec.md = c->markdown ? &md : NULL;
        doc = mk_xhtml_load(&spec, m.data, m.len, b->dc, &c->info);
        mk_resources_unmap(&m);
        if (doc && b->kept)
            keep_chapter(b, i, doc);
        xmlFreeDoc(doc);
    }
    mk_markdown_release(&md);
}

/* Chapter i, on a worker thread: inside the root, what it is, and then
 * parsed and checked (and kept for the archive). */
static void check_chapter_job(void *ctx, size_t i)
{
    struct build *b = ctx;
    const struct mk_fileref *f = &b->book.chapters[i].file;
    struct mk_mapped m;

    if (!b->pub.chapters[i].item || cancelled(b)
        || mk_root_contains(&b->root, f->path, f->href, b->book.file,
                                  f->line, 0) < 0)
        return;
    classify_chapter(b, i, &m);
    if (b->pub.chapters[i].loadable && !cancelled(b)) {
        long w, h;

        if (mk_book_pre_paginated(&b->book, &b->book.chapters[i])
            && !b->pub.chapters[i].viewport[0]
            && mk_book_viewport(&b->book, &b->book.chapters[i], &w, &h))
            snprintf(b->pub.chapters[i].viewport,
                     sizeof(b->pub.chapters[i].viewport),
                     "width=%ld, height=%ld", w, h);
        load_chapter(b, i, &m);
        if (mk_book_pre_paginated(&b->book, &b->book.chapters[i])
            && !b->pub.chapters[i].viewport[0]
            && !b->pub.chapters[i].info.viewport && !cancelled(b))
            mk_error(b->dc, b->book.file, f->line, 0, "chapter '%s' is "
                     "fixed-layout (pre-paginated) but its size is not "
                     "known: give its <chapter> or <chapters> "
                     "viewport=\"WIDTHxHEIGHT\", or the chapter a <meta "
                     "name=\"viewport\" content=\"width=W, height=H\"/>",
                     f->href);
    }
    mk_resources_unmap(&m);     /* not loaded: cancelled */
}

/* The image of every image page as an item of its own (the chapter's
 * item, of the same path, is the generated page that shows it).  Not on
 * worker threads: the manifest grows. */
static int register_image_pages(struct build *b)
{
    size_t i;

    for (i = 0; i < b->pub.n_chapters; i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];
        struct mk_item *it;

        if (!c->raster)
            continue;
        it = mk_registry_new_item(&b->reg);
        if (!it)
            return -1;
        it->path = mk_strdup(c->item->path);
        it->ref_file = mk_strdup(b->book.file);
        it->ref_line = c->entry->file.line;
        it->media = c->raster;
        it->media_type = c->raster->type;
        it->size = c->raster_size;
        c->image = it;
        if (!it->path || !it->ref_file)
            return mk_diag_oom(b->dc);
    }
    return 0;
}

/* Every SVG page, once every chapter is known: an item of type SVG
 * (packed as the file is), checked and read as an SVG image is (its
 * references registered, its DOCTYPE left out), its ids kept for links
 * into it.  Not on worker threads: the manifest grows. */
static int register_svg_pages(struct build *b)
{
    const struct mk_media *svg = mk_media_by_type("image/svg+xml");
    size_t i, j;

    for (i = 0; i < b->pub.n_chapters; i++)
        if (b->pub.chapters[i].svg) {
            b->pub.chapters[i].item->media = svg;
            b->pub.chapters[i].item->media_type = svg->type;
        }
    for (i = 0; i < b->pub.n_chapters && !mk_diag_out_of_memory(b->dc);
         i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];
        const struct mk_svg_info *read;

        if (!c->svg)
            continue;
        mk_resources_scan_svg(&b->res, c->item);
        read = mk_resources_svg_read(&b->res, c->item->path);
        /* sorted as a chapter's are (mk_xhtml_has_id) */
        for (j = 0; read && j < read->n_ids; j++) {
            /* in the chapter's pool, which owns its ids (xhtml.h) */
            char *id = mk_strpool_add(&c->info.id_strings, read->ids[j]);

            if (!id || mk_grow_array(&c->info.ids, &c->info.cap_ids,
                                     c->info.n_ids,
                                     sizeof(*c->info.ids)) < 0)
                return mk_diag_oom(b->dc);
            c->info.ids[c->info.n_ids++] = id;
        }
    }
    return mk_diag_out_of_memory(b->dc) ? -1 : 0;
}

static int read_chapters(struct build *b)
{
    const struct mk_book *bk = &b->book;
    size_t i;

    b->pub.chapters = mk_calloc(bk->n_chapters, sizeof(*b->pub.chapters));
    b->chapter_css = mk_calloc(bk->n_chapters, sizeof(*b->chapter_css));
    if (!b->pub.chapters || !b->chapter_css)
        return mk_diag_oom(b->dc);
    b->pub.n_chapters = bk->n_chapters;
    for (i = 0; i < bk->n_chapters && !mk_diag_out_of_memory(b->dc)
                && !cancelled(b); i++) {
        const struct mk_fileref *f = &bk->chapters[i].file;
        struct mk_pub_chapter *c = &b->pub.chapters[i];

        c->entry = &bk->chapters[i];
        mk_xhtml_info_init(&c->info);
        if (setup_chapter_css(b, i) < 0)
            return -1;
        c->item = mk_registry_add(&b->reg, f->path, bk->file, f->line, 0);
        if (!c->item || mk_registry_add_chapter(&b->reg, c) < 0)
            return mk_diag_oom(b->dc);
        c->item->media = mk_media_by_type("application/xhtml+xml");
        c->item->media_type = c->item->media->type;
    }
    if (mk_diag_out_of_memory(b->dc) || cancelled(b))
        return -1;
    /* when the book is to be written, each chapter is packed from the
     * parse that checks it (within the budget) */
    if (!b->opts->check_only) {
        b->kept = mk_calloc(bk->n_chapters, sizeof(*b->kept));
        b->deflater = mk_deflater_new();
        if (!b->kept || !b->deflater)
            return mk_diag_oom(b->dc);
    }
    mk_parallel_for(bk->n_chapters, mk_pipeline_threads(b->opts->threads),
                    check_chapter_job, b);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    /* the chapters' trees were freed on worker threads, whose malloc
     * arenas keep the pages: given back, the write phase (nav, NCX) does
     * not add to them (a chapter of 400,000 headings: 319 -> 237 MB).
     * Not under AddressSanitizer, whose allocator is not glibc's: glibc's
     * own arena then holds only what libc allocated for itself. */
    malloc_trim(0);
#endif
    if (b->deflater)
        mk_deflater_seal(b->deflater);
    if (cancelled(b) || register_image_pages(b) < 0
        || register_svg_pages(b) < 0)
        return -1;
    for (i = 0; i < bk->n_chapters; i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];

        b->pub.images += c->info.images;
        b->pub.images_without_alt += c->info.images_without_alt;
        b->pub.pagebreaks += c->info.n_pagebreaks;
        b->pub.props |= c->info.props;
        c->item->props |= c->info.props;
    }
    if (b->pub.pagebreaks && !bk->source)
        mk_warning(b->dc, bk->file, bk->metadata_line, 0, "the chapters "
                   "mark page breaks but <metadata> has no <source>: name "
                   "the printed edition the page numbers come from");
    return 0;
}

static void read_book_resources(struct build *b)
{
    const struct mk_book *bk = &b->book;
    size_t i;

    b->pub.stylesheets = mk_calloc(bk->n_stylesheets,
                                   sizeof(*b->pub.stylesheets));
    if (!b->pub.stylesheets) {
        mk_diag_oom(b->dc);
        return;
    }
    for (i = 0; i < bk->n_stylesheets; i++) {
        const struct mk_fileref *f = &bk->stylesheets[i];
        struct mk_item *it = mk_resources_add(&b->res, f->path, f->href,
                                               bk->file, f->line, 0);

        if (it && it->media->cls != MK_MEDIA_CSS)
            mk_error(b->dc, bk->file, f->line, 0, "stylesheet '%s' is %s, "
                     "not CSS", f->href, it->media->type);
        else if (it)
            b->pub.stylesheets[b->pub.n_stylesheets++] = it;
    }
    for (i = 0; i < bk->n_fonts; i++) {
        const struct mk_fileref *f = &bk->fonts[i].file;
        struct mk_item *it = mk_resources_add(&b->res, f->path, f->href,
                                               bk->file, f->line, 0);

        if (it && it->media->cls != MK_MEDIA_FONT)
            mk_error(b->dc, bk->file, f->line, 0, "font '%s' is %s, not a "
                     "font: list OpenType, TrueType, WOFF or WOFF2 files "
                     "in <font>", f->href, it->media->type);
        else if (it)
            it->obfuscate = bk->fonts[i].obfuscate;
    }
    if (bk->cover.path) {
        const struct mk_fileref *f = &bk->cover;
        struct mk_item *it = mk_resources_add(&b->res, f->path, f->href,
                                               bk->file, f->line, 0);

        if (!it)
            return;
        if (it->media->cls != MK_MEDIA_IMAGE || !it->media->core)
            mk_error(b->dc, bk->file, f->line, 0, "cover '%s' is %s; use a "
                     "JPEG, PNG, GIF or SVG image", f->href, it->media->type);
        else if (!it->media->epubcheck4 && !b->opts->epub33_only)
            mk_error(b->dc, bk->file, f->line, 0, "cover '%s': WebP is not "
                     "a core image type in EPUB 3.2 (EPUBCheck 4.2 refuses "
                     "it as a cover, OPF-012): convert it to PNG or JPEG, "
                     "or build with --epub 3.3", f->href);
        it->props |= MK_ITEM_COVER_IMAGE;
        b->pub.cover_image = it;
    }
}

/* ---- phase 2: writing ---------------------------------------------- */

/* Reports that the file at path is not what the check phase read (it
 * was changed while the book was written).  Returns -1. */
static int changed_meanwhile(struct build *b, const char *path)
{
    return mk_error(b->dc, path, 0, 0, "the file changed while the book "
                    "was being written; run mkepub again");
}

/* Deflates bytes for an entry on the calling thread; NULL after
 * recording that memory ran out (thread-safe). */
static struct mk_deflated *deflate_bytes(struct build *b, const void *data,
                                         size_t len)
{
    struct mk_deflated *d = mk_deflater_run(b->deflater, data, len);

    if (!d)
        mk_diag_oom(b->dc);
    return d;
}

/* Chapter i parsed again, rewritten, serialised and deflated (on a
 * worker thread: it reads only shared read-only data and records in the
 * thread-safe collector).  NULL after recording the problem. */
static struct mk_deflated *reparse_chapter(struct build *b, size_t i)
{
    struct mk_xhtml_spec spec;
    struct mk_diag *scratch = mk_diag_new();
    struct mk_buf bytes = MK_BUF_INIT;
    struct mk_deflated *out = NULL;
    struct mk_markdown md = MK_MARKDOWN_INIT;
    struct mk_xhtml_relink maps = { NULL, NULL, NULL };
    struct mk_mapped m;
    xmlDocPtr doc = NULL;

    if (!scratch || (b->renamed
                     && mk_relink_chapter_begin(&b->reg,
                                                b->pub.chapters[i].item,
                                                &maps) < 0)) {
        mk_diag_free(scratch);
        mk_diag_oom(b->dc);
        return NULL;
    }
    chapter_spec(b, i, &spec);
    spec.relink = b->renamed ? &maps : NULL;
    /* what the check phase reported is not reported again */
    if (map_chapter(b, i, scratch, &m, &md) < 0) {
        if (mk_diag_system_failed(scratch))
            mk_diag_oom(b->dc);
        else if (mk_diag_errors(scratch))
            changed_meanwhile(b, spec.path);
    } else {
        spec.md = b->pub.chapters[i].markdown ? &md : NULL;
        doc = mk_xhtml_load(&spec, m.data, m.len, scratch, NULL);
        mk_resources_unmap(&m);
        if (mk_diag_system_failed(scratch))
            mk_diag_oom(b->dc);     /* the only system error of a load */
        else if (!doc) {
            /* NULL without an error: interrupted (the writer says so) */
            if (!cancelled(b))
                changed_meanwhile(b, spec.path);
        } else if (mk_xhtml_serialize(doc, &bytes) < 0) {
            mk_diag_oom(b->dc);
        } else {
            out = deflate_bytes(b, bytes.buf, bytes.len);
        }
    }
    xmlFreeDoc(doc);
    mk_relink_chapter_end(&maps);
    mk_markdown_release(&md);
    mk_buf_release(&bytes);
    mk_diag_free(scratch);
    return out;
}

/* Nonzero if the file may refer to others that were renamed. */
static int needs_relink(const struct build *b, const struct mk_item *it)
{
    return b->renamed && (it->media->cls == MK_MEDIA_CSS
                          || strcmp(it->media->type, "image/svg+xml") == 0
                          || strcmp(it->media->type,
                                    "application/smil+xml") == 0);
}

/* The file's bytes without the dropped range (mk_item drop_at, drop_len:
 * an SVG image's DOCTYPE), in *view (backed by tmp when something was
 * dropped). */
static int trimmed_view(struct build *b, const struct mk_item *it,
                        const struct mk_mapped *m, struct mk_buf *tmp,
                        const char **view, size_t *len)
{
    *view = m->data;
    *len = m->len;
    if (!it->drop_len)
        return 0;
    if (m->len < it->drop_at + it->drop_len
        || memcmp(m->data + it->drop_at, "<!DOCTYPE", 9) != 0)
        return changed_meanwhile(b, it->path);
    mk_buf_add(tmp, m->data, it->drop_at);
    mk_buf_add(tmp, m->data + it->drop_at + it->drop_len,
               m->len - it->drop_at - it->drop_len);
    if (tmp->failed)
        return mk_diag_oom(b->dc);
    *view = tmp->buf;
    *len = tmp->len;
    return 0;
}

/* A stylesheet's bytes converted to UTF-8 (mk_item transcode: it
 * declared another encoding with @charset), in *view backed by tmp. */
static int transcoded_view(struct build *b, const struct mk_item *it,
                           const struct mk_mapped *m, struct mk_buf *tmp,
                           const char **view, size_t *len)
{
    enum mk_css_transcoded rc = mk_css_transcode(it->path, m->data, m->len,
                                                 b->dc, tmp);

    if (rc == MK_CSS_NO_MEMORY)
        return mk_diag_oom(b->dc);
    if (rc != MK_CSS_CONVERTED)
        return changed_meanwhile(b, it->path);
    *view = tmp->buf;
    *len = tmp->len;
    return 0;
}

/* A font's bytes (*view, *len) obfuscated with the book's key, in *view
 * backed by out. */
static int obfuscated_view(struct build *b, struct mk_buf *out,
                           const char **view, const size_t *len)
{
    unsigned char key[MK_OBFUSCATE_KEY_SIZE];

    if (mk_buf_add(out, *view, *len) < 0)
        return mk_diag_oom(b->dc);
    mk_obfuscate_key(b->book.identifier, key);
    mk_obfuscate((unsigned char *)out->buf, out->len, key);
    *view = out->buf;
    return 0;
}

/* A source file deflated as it is packed: without its dropped bytes and
 * with references to renamed files rewritten (relink.c).  Runs on a
 * worker thread. */
static struct mk_deflated *pack_source(struct build *b,
                                       const struct mk_item *it)
{
    struct mk_buf tmp = MK_BUF_INIT, out = MK_BUF_INIT;
    struct mk_deflated *d = NULL;
    struct mk_mapped m;
    const char *view = NULL;
    size_t len = 0;
    int changed, rc;

    if (mk_resources_map(b->dc, it->path, &m) < 0)
        return NULL;
    rc = it->transcode ? transcoded_view(b, it, &m, &tmp, &view, &len)
                       : trimmed_view(b, it, &m, &tmp, &view, &len);
    if (rc == 0 && it->obfuscate)
        rc = obfuscated_view(b, &out, &view, &len);
    if (rc == 0 && needs_relink(b, it)) {
        if (it->media->cls == MK_MEDIA_CSS)
            rc = mk_relink_css(&b->reg, it, view, len, &out, &changed);
        else if (strcmp(it->media->type, "application/smil+xml") == 0)
            rc = mk_relink_smil(&b->reg, it, view, len, &out);
        else
            rc = mk_relink_svg(&b->reg, it, view, len, &out);
        if (rc < 0 || out.failed)
            rc = mk_diag_oom(b->dc);
        view = out.buf;
        len = out.len;
    }
    if (rc == 0)
        d = deflate_bytes(b, view, len);
    mk_resources_unmap(&m);
    mk_buf_release(&tmp);
    mk_buf_release(&out);
    return d;
}

/* Produces pack job k's deflated bytes on a worker thread. */
static void *produce_job(void *ctx, size_t k)
{
    struct build *b = ctx;
    const struct pack_job *job = &b->jobs[k];
    struct mk_buf bytes = MK_BUF_INIT;
    struct mk_deflated *d = NULL;

    switch (job->kind) {
    case PACK_DATA:
        return deflate_bytes(b, job->data, job->len);
    case PACK_GENERATED:
        pthread_mutex_lock(&b->generating);
        if (job->item->write(&b->pub, &bytes) < 0 || bytes.failed)
            mk_diag_oom(b->dc);
        else
            d = deflate_bytes(b, bytes.buf, bytes.len);
        mk_buf_release(&bytes);
        pthread_mutex_unlock(&b->generating);
        return d;
    case PACK_CHAPTER:
        if (b->pub.chapters[job->index].svg)
            return pack_source(b, job->item);
        if (b->pub.chapters[job->index].image) {
            if (mk_pages_write(&b->pub, job->index, &bytes) < 0
                || bytes.failed)
                mk_diag_oom(b->dc);
            else
                d = deflate_bytes(b, bytes.buf, bytes.len);
            mk_buf_release(&bytes);
            return d;
        }
        d = b->kept ? b->kept[job->index] : NULL;
        if (d) {
            b->kept[job->index] = NULL;     /* only this job touches it */
            /* a spilled chapter that cannot be read back is made again */
            if (mk_deflater_load(b->deflater, d) == 0)
                return d;
            mk_deflated_free(d);
        }
        return reparse_chapter(b, job->index);
    case PACK_SOURCE:
        return pack_source(b, job->item);
    }
    return NULL;
}

static void free_job_result(void *result)
{
    mk_deflated_free(result);
}

static struct mk_deflated *take_job(void *ctx)
{
    struct pack_job *job = ctx;

    return mk_pipeline_take(job->b->pipeline, job->seq);
}

static char *entry_name(const struct mk_item *it)
{
    struct mk_buf name = MK_BUF_INIT;

    mk_buf_addf(&name, "%s/%s", MK_PACKAGE_DIR, it->href);
    return mk_buf_detach(&name, NULL);
}

/* Adds an entry whose deflated bytes the next pack job makes. */
static int add_job(struct build *b, struct mk_archive *a, const char *name,
                   enum pack_kind kind)
{
    struct pack_job *job = &b->jobs[b->n_jobs];

    job->b = b;
    job->kind = kind;
    job->seq = b->n_jobs++;
    return mk_archive_add_deflated(a, name, take_job, job);
}

static int add_item_job(struct build *b, struct mk_archive *a,
                        const struct mk_item *it, enum pack_kind kind,
                        size_t index)
{
    char *name;
    int rc;

    if (!it)
        return 0;
    name = entry_name(it);
    if (!name)
        return mk_diag_oom(b->dc);
    b->jobs[b->n_jobs].item = it;
    b->jobs[b->n_jobs].index = index;
    rc = add_job(b, a, name, kind);
    free(name);
    return rc;
}

static int add_data_job(struct build *b, struct mk_archive *a,
                        const char *name, const void *data, size_t len)
{
    b->jobs[b->n_jobs].data = data;
    b->jobs[b->n_jobs].len = len;
    return add_job(b, a, name, PACK_DATA);
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"" MK_PACKAGE_DIR "/content.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

/* Adds every entry in package order (the mimetype first, the navigation
 * last): stored ones (the mimetype, media) are copied by libzip, every
 * other one is a pack job.  b->jobs has room for all of them; opf must
 * stay alive until the archive is committed. */
static int add_entries(struct build *b, struct mk_archive *a,
                       struct mk_buf *opf, struct mk_buf *encryption)
{
    struct mk_pub *p = &b->pub;
    size_t i;

    if (mk_archive_add_data(a, "mimetype", "application/epub+zip", 20, 1) < 0
        || add_data_job(b, a, "META-INF/container.xml", container_xml,
                        sizeof(container_xml) - 1) < 0
        || (encryption->len
            && add_data_job(b, a, "META-INF/encryption.xml",
                            encryption->buf, encryption->len) < 0)
        || add_data_job(b, a, MK_PACKAGE_DIR "/content.opf", opf->buf,
                        opf->len) < 0
        || add_item_job(b, a, p->cover_page, PACK_GENERATED, 0) < 0)
        return -1;
    for (i = 0; i < p->n_chapters; i++)
        if (add_item_job(b, a, p->chapters[i].item, PACK_CHAPTER, i) < 0)
            return -1;
    if (add_item_job(b, a, p->credits, PACK_GENERATED, 0) < 0)
        return -1;
    for (i = 0; i < p->n_items; i++) {
        const struct mk_item *it = p->items[i];
        char *name;
        int rc;

        if (!it->path || it->remote || mk_registry_is_chapter(&b->reg, it))
            continue;
        if (!it->media->stored || needs_relink(b, it) || it->drop_len
            || it->transcode || it->obfuscate) {
            if (add_item_job(b, a, it, PACK_SOURCE, 0) < 0)
                return -1;
            continue;
        }
        /* a stored file is copied from disk as libzip writes it */
        name = entry_name(it);
        if (!name)
            return mk_diag_oom(b->dc);
        rc = mk_archive_add_file(a, name, it->path, it->size, 1);
        free(name);
        if (rc < 0)
            return -1;
    }
    /* the navigation last: workers make it while the chapters and media
     * are written, and the kept chapters are freed by then */
    if (add_item_job(b, a, p->nav, PACK_GENERATED, 0) < 0
        || add_item_job(b, a, p->ncx, PACK_GENERATED, 0) < 0)
        return -1;
    return 0;
}

static char *default_output(struct build *b)
{
    struct mk_buf path = MK_BUF_INIT;
    char *slug = mk_xhtml_slug(b->book.title);
    char *out;

    if (!slug) {
        mk_diag_oom(b->dc);
        return NULL;
    }
    if (mkdir("build", 0777) < 0 && errno != EEXIST) {
        mk_diag_system(b->dc, "build", errno, "cannot create the output "
                       "folder");
        free(slug);
        return NULL;
    }
    mk_buf_addf(&path, "build/%s.epub", slug);
    free(slug);
    out = mk_buf_detach(&path, NULL);
    if (!out)
        mk_diag_oom(b->dc);
    return out;
}

static int check_output(struct build *b, const char *path)
{
    struct stat st;
    char *dir;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return mk_diag_system(b->dc, path, EISDIR, "cannot write the book");
    dir = mk_path_dirname(path);
    if (!dir)
        return mk_diag_oom(b->dc);
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        int err = errno ? errno : ENOTDIR;

        free(dir);
        return mk_diag_system(b->dc, path, err, "cannot write the book");
    }
    if (access(dir, W_OK) < 0) {
        int err = errno;

        free(dir);
        return mk_diag_system(b->dc, path, err, "cannot write the book");
    }
    free(dir);
    return 0;
}

/* Refuses an output path that is one of the book's own files (book.xml,
 * a chapter, an image, a stylesheet...), compared by device and inode
 * so that another spelling, a symbolic or a hard link is caught too. */
static int check_not_source(struct build *b, const char *path)
{
    struct stat out, st;
    size_t i;

    if (stat(path, &out) < 0)
        return 0;       /* a new file cannot be a source */
    for (i = 0; i <= b->pub.n_items; i++) {
        const char *src = i < b->pub.n_items ? b->pub.items[i]->path
                                             : b->book.file;

        if (!src || (i < b->pub.n_items && b->pub.items[i]->remote)
            || stat(src, &st) < 0)
            continue;
        if (st.st_dev == out.st_dev && st.st_ino == out.st_ino)
            return mk_diag_usage(b->dc, path, "the output file is the "
                                 "book's own '%s': writing the EPUB "
                                 "there would destroy it; give -o another "
                                 "file", src);
    }
    return 0;
}

/* What the archive asks before the written EPUB takes its place. */
struct size_vet {
    struct build *b;
    const char *display;
};

static int vet_size(void *ctx, unsigned long long size)
{
    struct size_vet *v = ctx;

    return mk_target_check_size(v->b->opts, v->b->dc, v->display, size);
}

static int write_archive(struct build *b, struct mk_result *res)
{
    struct size_vet vet;
    const char *out = b->opts->output;
    char *path = NULL;
    struct mk_buf opf = MK_BUF_INIT, encryption = MK_BUF_INIT;
    struct mk_archive *a = NULL;
    int rc = -1;

    if (!out)
        path = default_output(b);
    else if (strcmp(out, "-") != 0) {
        path = mk_strdup(out);
        if (!path) {
            mk_diag_oom(b->dc);
            goto done;
        }
    }
    if ((!path && (!out || strcmp(out, "-") != 0))
        || (path && (check_output(b, path) < 0
                     || check_not_source(b, path) < 0)))
        goto done;
    if (mk_opf_write(&b->pub, &opf) < 0
        || mk_encryption_write(&b->pub, &encryption) < 0) {
        mk_diag_oom(b->dc);
        goto done;
    }
    /* what the check phase packed names files by their old names */
    if (b->renamed && b->kept) {
        size_t i;

        for (i = 0; i < b->pub.n_chapters; i++) {
            mk_deflated_free(b->kept[i]);
            b->kept[i] = NULL;
        }
    }
    /* container, encryption, opf, cover page, chapters, credits, items,
     * nav, ncx */
    b->jobs = mk_calloc(b->pub.n_chapters + b->pub.n_items + 7,
                        sizeof(*b->jobs));
    if (!b->jobs || (!b->deflater && !(b->deflater = mk_deflater_new()))) {
        mk_diag_oom(b->dc);
        goto done;
    }
    a = mk_archive_open(path, path ? path : "<stdout>", b->mtime, b->dc,
                        b->opts->cancel);
    if (!a)
        goto done;
    if (path && mk_pipeline_threads(b->opts->threads) > 1)
        mk_archive_write_in_background(a);
    vet.b = b;
    vet.display = path ? path : "<stdout>";
    if (b->opts->targets)
        mk_archive_set_vet(a, vet_size, &vet);
    if (add_entries(b, a, &opf, &encryption) < 0) {
        mk_archive_discard(a);
        goto done;
    }
    if (pthread_mutex_init(&b->generating, NULL) != 0) {
        mk_diag_oom(b->dc);
        mk_archive_discard(a);
        goto done;
    }
    b->pipeline = mk_pipeline_new(b->n_jobs, b->opts->threads, produce_job,
                                  free_job_result, b);
    if (!b->pipeline) {
        mk_diag_oom(b->dc);
        mk_archive_discard(a);
        pthread_mutex_destroy(&b->generating);
        goto done;
    }
    mk_pipeline_start(b->pipeline);
    rc = mk_archive_commit(a, &res->data, &res->size);
    mk_pipeline_free(b->pipeline);
    b->pipeline = NULL;
    pthread_mutex_destroy(&b->generating);
    if (rc == 0 && path) {
        res->output_path = path;
        path = NULL;
    }
done:
    mk_pipeline_free(b->pipeline);
    b->pipeline = NULL;
    free(b->jobs);
    b->jobs = NULL;
    free(path);
    mk_buf_release(&opf);
    mk_buf_release(&encryption);
    return rc;
}

/* ---- the run ------------------------------------------------------- */

/* --strict: the warnings recorded fail the run. */
static void strict_fail(struct build *b)
{
    size_t n = mk_diag_warnings(b->dc);

    mk_error(b->dc, b->book.file, 0, 0, "--strict: %zu warning%s, so "
             "nothing was written: change what %s, or build without "
             "--strict", n, n == 1 ? "" : "s",
             n == 1 ? "it says" : "they say");
}

/* The run's timestamp (SOURCE_DATE_EPOCH, which main.c holds to years
 * 1970 to 9999, or the clock) as dcterms:modified wants it. */
static int set_time(struct build *b)
{
    struct tm tm;

    b->mtime = b->opts->have_epoch ? (time_t)b->opts->epoch : time(NULL);
    if (b->mtime == (time_t)-1 || !gmtime_r(&b->mtime, &tm)
        || tm.tm_year + 1900 > 9999
        || strftime(b->pub.modified, sizeof(b->pub.modified),
                    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return mk_diag_system(b->dc, NULL, errno ? errno : EOVERFLOW,
                              "cannot read the time as a date (set "
                              "SOURCE_DATE_EPOCH to the build's time)");
    return 0;
}

static int read_book(struct build *b)
{
    char *file = find_book_file(b);
    struct mk_mapped m;
    int rc;

    if (!file)
        return -1;
    rc = mk_resources_map(b->dc, file, &m);
    if (rc == 0) {
        rc = mk_book_read(file, m.data, m.len, b->dc, &b->book);
        mk_resources_unmap(&m);
    }
    free(file);
    b->pub.book = &b->book;
    b->pub.toc_depth = b->opts->toc_depth ? b->opts->toc_depth
                     : b->book.toc_depth ? b->book.toc_depth : 3;
    /* without a title or language the chapters are still checked (the
     * error is recorded, so nothing is written) */
    if (rc == 0 && !b->book.n_chapters)
        rc = -1;    /* reported; nothing more can be checked */
    return rc;
}

static void release(struct build *b)
{
    size_t i, j;

    for (i = 0; i < b->pub.n_chapters; i++) {
        mk_xhtml_info_release(&b->pub.chapters[i].info);
        if (b->chapter_css && b->chapter_css[i]) {
            for (j = 0; b->chapter_css[i][j]; j++)
                free(b->chapter_css[i][j]);
            free(b->chapter_css[i]);
        }
    }
    free(b->chapter_css);
    for (i = 0; b->kept && i < b->pub.n_chapters; i++)
        mk_deflated_free(b->kept[i]);
    free(b->kept);
    mk_deflater_free(b->deflater);
    free(b->pub.chapters);
    mk_resources_release(&b->res);
    mk_registry_release(&b->reg);
    free(b->pub.stylesheets);
    mk_root_release(&b->root);
    mk_book_release(&b->book);
}

/* Counts the manifest items that are images (the cover's included) for
 * the summary line, and tells opts->on_item about each item. */
static void summarise(const struct build *b, struct mk_result *res)
{
    const struct mk_item *it;
    size_t i;

    for (i = 0; i < b->pub.n_items; i++) {
        it = b->pub.items[i];
        res->images += it->media && it->media->cls == MK_MEDIA_IMAGE;
        if (b->opts->on_item)
            b->opts->on_item(b->opts->on_item_arg,
                             it->remote ? NULL : it->path, it->href,
                             it->media_type);
    }
}

enum mk_status mk_build(const struct mk_options *opts, struct mk_diag *dc,
                        struct mk_result *res)
{
    struct build b;
    int writing = 0;

    memset(&b, 0, sizeof(b));
    b.opts = opts;
    b.dc = dc;
    mk_registry_init(&b.reg, &b.pub, dc);
    mk_resources_init(&b.res, &b.reg, &b.root, opts->threads);
    if (set_time(&b) == 0 && read_book(&b) == 0 && setup_root(&b) == 0
        && read_chapters(&b) == 0 && !cancelled(&b)) {
        read_book_resources(&b);
        if (!cancelled(&b)) {
            mk_xref_resolve(&b.res, opts->epub33_only);
            mk_overlay_check(&b.res);
            mk_resources_check_images(&b.res);
            mk_resources_check_fragments(&b.res);
            mk_resources_report_refusals(&b.res);
            if (opts->targets)
                mk_target_check(opts, dc, &b.pub, &b.reg);
            mk_resources_find_unreferenced(&b.res, b.book.dir,
                                           b.book.file);
            mk_xref_drop_links(&b.pub);
        }
        res->chapters = b.pub.n_chapters;
        /* --check lays the package out too: a name that cannot be made
         * safe is found without writing */
        if (opts->strict && mk_diag_status(dc) == MK_OK
            && mk_diag_warnings(dc))
            strict_fail(&b);
        if (mk_diag_status(dc) == MK_OK && !cancelled(&b)
            && mk_layout(&b.reg, &b.root, !opts->no_ncx, &b.renamed) == 0) {
            mk_layout_set_writers(&b.pub);
            res->resources = b.pub.n_items;
            res->renamed = b.renamed;
            summarise(&b, res);
            if (!opts->check_only) {
                writing = 1;
                write_archive(&b, res);
            }
        }
    }
    if (cancelled(&b) && !writing && !mk_diag_system_failed(dc))
        /* stopped while reading and checking (the archive reports an
         * interrupted write itself) */
        mk_diag_system(dc, opts->output && strcmp(opts->output, "-") != 0
                           ? opts->output : b.book.file ? b.book.file
                                                        : opts->book,
                       0, "interrupted; nothing was written");
    release(&b);
    if (mk_diag_status(dc) != MK_OK) {
        free(res->output_path);
        free(res->data);
        res->output_path = NULL;
        res->data = NULL;
        res->size = 0;
    }
    return mk_diag_status(dc);
}

void mk_result_init(struct mk_result *res)
{
    memset(res, 0, sizeof(*res));
}

void mk_result_release(struct mk_result *res)
{
    free(res->output_path);
    free(res->data);
    mk_result_init(res);
}
