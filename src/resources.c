/*
 * resources.c - the files a book is made of: reading them safely (read
 * whole, never mapped; never a FIFO), checking every file against the
 * root folder (root.c), reading media types from the bytes, registering
 * each file once in the registry (registry.c) as a manifest item
 * (stylesheets and SVG images are read for what they reference in turn,
 * from a work queue: a chain of @imports is followed iteratively, each
 * file once, MK_CSS_MAX_IMPORT_DEPTH deep at most; images are read whole
 * to see they are not cut short), and finding the files in the book
 * folder that nothing uses.
 */
#include "resources.h"
#include "css.h"
#include "diag.h"
#include "path.h"
#include "pipeline.h"
#include "registry.h"
#include "root.h"
#include "svg.h"
#include "url.h"
#include "xref.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads a whole file into memory.  It is read, not mapped: a file cut
 * short by another program while mapped would kill the run with SIGBUS;
 * read, the change shows as a short read or a size that moved, and is
 * reported at the file as an I/O error. */
int mk_resources_map(struct mk_diag *dc, const char *path,
                     struct mk_mapped *m)
{
    struct stat st;
    /* O_NONBLOCK: a FIFO named as a chapter must not hang the run (it is
     * refused below as not a regular file); no effect on regular files */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    size_t size, got = 0;
    char *buf, extra;
    ssize_t n;

    m->data = NULL;
    m->len = 0;
    m->owned = 0;
    if (fd < 0)
        return mk_diag_system(dc, path, errno, "cannot open");
    if (fstat(fd, &st) < 0) {
        int err = errno;

        close(fd);
        return mk_diag_system(dc, path, err, "cannot read");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return mk_error(dc, path, 0, 0, "not a regular file");
    }
    if (st.st_size == 0) {
        close(fd);
        m->data = (char *)"";
        return 0;
    }
    size = (size_t)st.st_size;
    buf = (off_t)size == st.st_size ? mk_malloc(size) : NULL;
    if (!buf) {
        close(fd);
        return mk_diag_oom(dc);
    }
    while (got < size) {
        n = read(fd, buf + got, size - got > (1u << 30) ? (1u << 30)
                                                         : size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == size) {
        /* one byte more: the file grew */
        do
            n = read(fd, &extra, 1);
        while (n < 0 && errno == EINTR);
    }
    if (n != 0) {
        int err = n < 0 ? errno : 0;

        close(fd);
        free(buf);
        if (err)
            return mk_diag_system(dc, path, err, "cannot read");
        return mk_diag_system(dc, path, 0, "cannot read: the file "
                              "changed size while it was read (another "
                              "program is writing it); run mkepub again "
                              "when it is done");
    }
    close(fd);
    m->data = buf;
    m->len = size;
    m->owned = 1;
    return 0;
}

void mk_resources_unmap(struct mk_mapped *m)
{
    if (m->owned)
        free(m->data);
    m->data = NULL;
    m->owned = 0;
}

/* An image to read whole, named as first referenced. */
struct mk_resources_image {
    const struct mk_item *item;
    char *href;
};

/* A stylesheet or SVG image registered but not read yet, and how many
 * files (@imports, SVG references) below the first one it was reached. */
struct mk_resources_scan {
    struct mk_item *item;
    int depth;
};

void mk_resources_init(struct mk_resources *res, struct mk_registry *reg,
                       struct mk_root *root, int threads)
{
    memset(res, 0, sizeof(*res));
    res->dc = reg->dc;
    res->reg = reg;
    res->root = root;
    res->threads = threads;
}

/* ---- stylesheets ---------------------------------------------------- */

/* What reading one stylesheet's references works with. */
struct css_scan {
    struct mk_resources *res;
    const char *path;
    char *dir;
    int depth;                  /* of the stylesheet scanned */
};

static int css_reference(void *ctx, const char *url, long line, long col,
                         int is_import)
{
    struct css_scan *cs = ctx;
    struct mk_url u;
    char *target, *canonical;
    enum mk_xref_verdict verdict;

    verdict = mk_xref_parse(cs->res->dc, url, MK_XREF_IN_CSS, cs->path,
                            line, col, &u);
    if (verdict != MK_XREF_USABLE)
        return verdict == MK_XREF_NO_MEMORY ? -1 : 0;
    if (u.remote) {
        if (strcmp(u.scheme, "data") != 0)
            mk_error(cs->res->dc, cs->path, line, col, "remote resource '%s' "
                     "in a stylesheet: EPUB needs it inside the book; "
                     "download it next to the stylesheet", url);
    } else if (u.path[0] && is_import
               && cs->depth >= MK_CSS_MAX_IMPORT_DEPTH) {
        mk_error(cs->res->dc, cs->path, line, col, "@import of '%s': more "
                 "than %d stylesheets importing each other; import it from a "
                 "stylesheet nearer the book's, or merge the stylesheets",
                 url, MK_CSS_MAX_IMPORT_DEPTH);
    } else if (u.path[0]) {
        if (mk_url_resolve(cs->dir, &u, &target, &canonical) < 0) {
            mk_url_release(&u);
            return mk_diag_oom(cs->res->dc);
        }
        if (canonical)
            mk_xref_climbs(cs->res->dc, cs->path, line, col, url, &u,
                           canonical);
        else
            mk_resources_add(cs->res, target, url, cs->path, line, col);
        free(canonical);
        free(target);
    }
    mk_url_release(&u);
    return mk_diag_out_of_memory(cs->res->dc) ? -1 : 0;
}

static void scan_stylesheet(struct mk_resources *res, struct mk_item *it,
                            int depth)
{
    struct mk_mapped m;
    struct css_scan cs = { res, it->path, mk_path_dirname(it->path), depth };

    if (!cs.dir) {
        mk_diag_oom(res->dc);
        return;
    }
    if (mk_resources_map(res->dc, it->path, &m) == 0) {
        struct mk_buf utf8 = MK_BUF_INIT;
        enum mk_css_transcoded rc = mk_css_transcode(it->path, m.data,
                                                     m.len, res->dc, &utf8);

        /* a stylesheet in another encoding is read, and packed, as its
         * UTF-8 form */
        it->transcode = rc == MK_CSS_CONVERTED;
        if (rc == MK_CSS_NO_MEMORY
            || (rc != MK_CSS_UNDEFINED_BYTE
                && mk_css_scan(it->path, it->transcode ? utf8.buf : m.data,
                               it->transcode ? utf8.len : m.len, 1,
                               res->dc, css_reference, &cs) < 0))
            mk_diag_oom(res->dc);
        mk_buf_release(&utf8);
        mk_resources_unmap(&m);
    }
    free(cs.dir);
}

/* ---- SVG images ------------------------------------------------------ */

/* A reference to an element of another SVG image, checked once every
 * file has been read. */
struct mk_resources_fragment {
    const char *from;       /* the referring SVG's path (its item's) */
    long line, col;
    char *url;
    const char *target;     /* the target's path (its item's) */
    char *fragment;
};

static void defer_fragment(struct mk_resources *res,
                           const struct mk_item *from,
                           const struct mk_svg_ref *r,
                           const struct mk_item *to, const char *fragment)
{
    struct mk_resources_fragment *f;

    if (mk_grow_array(&res->svg_fragments, &res->cap_svg_fragments,
                      res->n_svg_fragments, sizeof(*res->svg_fragments)) < 0) {
        mk_diag_oom(res->dc);
        return;
    }
    f = &res->svg_fragments[res->n_svg_fragments];
    f->from = from->path;
    f->line = r->line;
    f->col = r->col;
    f->target = to->path;
    f->url = mk_strdup(r->url);
    f->fragment = mk_strdup(fragment);
    if (!f->url || !f->fragment) {
        free(f->url);
        free(f->fragment);
        mk_diag_oom(res->dc);
        return;
    }
    res->n_svg_fragments++;
}

/* Checks every "x.svg#id" reference deferred while the files were read
 * against the ids of the SVG image it points into. */
void mk_resources_check_fragments(struct mk_resources *res)
{
    size_t i;

    for (i = 0; i < res->n_svg_fragments; i++) {
        const struct mk_resources_fragment *f = &res->svg_fragments[i];
        const struct mk_svg_info *to = mk_strmap_get(&res->svg_ids, f->target);

        if (to && !mk_svg_has_id(to, f->fragment))
            mk_error(res->dc, f->from, f->line, f->col, "'%s': no element "
                     "has id '%s' in %s (EPUBCheck RSC-012)", f->url,
                     f->fragment, f->target);
    }
}

/* Frees the scan queue, the SVG images' ids and the deferred fragment
 * references (not the items). */
void mk_resources_release(struct mk_resources *res)
{
    size_t i;

    for (i = 0; i < res->svg_ids.cap; i++) {
        struct mk_svg_info *info = res->svg_ids.values
                                       ? res->svg_ids.values[i] : NULL;

        if (info) {
            mk_svg_info_release(info);
            free(info);
        }
    }
    mk_strmap_release(&res->svg_ids);
    for (i = 0; i < res->n_svg_fragments; i++) {
        free(res->svg_fragments[i].url);
        free(res->svg_fragments[i].fragment);
    }
    free(res->svg_fragments);
    free(res->scan_queue);
    for (i = 0; i < res->n_image_checks; i++)
        free(res->image_checks[i].href);
    free(res->image_checks);
}

/* Keeps the ids of a file read as SVG (its references are done with),
 * for the fragments that point into it. */
static void keep_ids(struct mk_resources *res, struct mk_item *it,
                     struct mk_svg_info *info)
{
    struct mk_svg_info *kept;
    size_t i;

    if (!info->parsed)
        return;
    for (i = 0; i < info->n_refs; i++)
        free(info->refs[i].url);
    free(info->refs);
    info->refs = NULL;
    info->n_refs = info->cap_refs = 0;
    kept = mk_malloc(sizeof(*kept));
    if (!kept || mk_strmap_put(&res->svg_ids, it->path, kept) < 0) {
        free(kept);
        mk_diag_oom(res->dc);
        return;
    }
    *kept = *info;
    mk_svg_info_init(info);
}

/* A hyperlink in an SVG image: to a chapter (and an id in it). */
static void svg_link(struct mk_resources *res, struct mk_item *it,
                     const struct mk_svg_ref *r, const char *target,
                     const char *fragment)
{
    struct mk_pub_chapter *to = mk_registry_chapter(res->reg, target);

    if (!to)
        mk_error(res->dc, it->path, r->line, r->col, "link to '%s', which is "
                 "not a chapter of the book: link to a chapter (written "
                 "relative to the SVG file)", r->url);
    else if (to->svg && fragment && fragment[0])
        /* an SVG page may not be read yet: checked with the others */
        defer_fragment(res, it, r, to->item, fragment);
    else if (fragment && fragment[0] && (to->info.n_ids || to->info.title)
             && !mk_xhtml_has_id(&to->info, fragment))
        mk_error(res->dc, it->path, r->line, r->col, "link to '%s': no "
                 "element has id '%s' in %s", r->url, fragment, target);
}

/* One reference of an SVG image, resolved relative to it as a
 * stylesheet's are. */
static void svg_reference(struct mk_resources *res, struct mk_item *it,
                          const char *dir, const struct mk_svg_ref *r)
{
    struct mk_url u;
    struct mk_item *to = NULL;
    char *target, *canonical;

    if (mk_xref_parse(res->dc, r->url, MK_XREF_IN_SVG
                      | (r->kind == MK_SVG_REF_LINK ? MK_XREF_HYPERLINK : 0),
                      it->path, r->line, r->col, &u) != MK_XREF_USABLE)
        return;     /* reported, or out of memory (recorded) */
    if (u.remote) {
        if (r->kind != MK_SVG_REF_LINK && strcmp(u.scheme, "data") != 0)
            mk_error(res->dc, it->path, r->line, r->col, "remote resource "
                     "'%s' in an SVG image: EPUB needs it inside the book "
                     "(RSC-006); download it next to the SVG file", r->url);
    } else if (u.path[0]) {
        if (mk_url_resolve(dir, &u, &target, &canonical) < 0) {
            mk_url_release(&u);
            mk_diag_oom(res->dc);
            return;
        }
        if (canonical)
            mk_xref_climbs(res->dc, it->path, r->line, r->col, r->url, &u,
                           canonical);
        else if (r->kind == MK_SVG_REF_LINK)
            svg_link(res, it, r, target, u.fragment);
        else if (r->kind == MK_SVG_REF_ELEMENT && !u.fragment)
            mk_error(res->dc, it->path, r->line, r->col, "'%s' must name an "
                     "element of the file: add #id (EPUBCheck RSC-015)",
                     r->url);
        else
            to = mk_resources_add(res, target, r->url, it->path, r->line,
                                  r->col);
        if (to && u.fragment && u.fragment[0]
            && strcmp(to->media->type, "image/svg+xml") == 0)
            defer_fragment(res, it, r, to, u.fragment);
        free(canonical);
        free(target);
    }
    mk_url_release(&u);
}

static void scan_svg(struct mk_resources *res, struct mk_item *it)
{
    struct mk_mapped m;
    struct mk_svg_info info;
    char *dir = mk_path_dirname(it->path);
    size_t i;

    if (!dir) {
        mk_diag_oom(res->dc);
        return;
    }
    mk_svg_info_init(&info);
    if (mk_resources_map(res->dc, it->path, &m) == 0) {
        if (mk_svg_check(it->path, m.data, m.len, res->dc, &info) < 0)
            mk_diag_oom(res->dc);
        mk_resources_unmap(&m);
    }
    it->props |= info.props;
    res->reg->pub->props |= info.props;
    it->drop_at = info.drop_at;
    it->drop_len = info.drop_len;
    for (i = 0; i < info.n_refs && !mk_diag_out_of_memory(res->dc); i++)
        svg_reference(res, it, dir, &info.refs[i]);
    keep_ids(res, it, &info);
    mk_svg_info_release(&info);
    free(dir);
}

/* Reads the whole image to see that it is not cut short or damaged;
 * reported where it is first needed.  Runs on worker threads. */
static void check_image(void *ctx, size_t i)
{
    struct mk_resources *res = ctx;
    const struct mk_resources_image *c = &res->image_checks[i];
    const struct mk_item *it = c->item;
    struct mk_mapped m;
    const char *problem;

    if (mk_resources_map(res->dc, it->path, &m) < 0)
        return;
    problem = mk_media_check(it->media, (const unsigned char *)m.data,
                             m.len);
    if (problem)
        mk_error(res->dc, it->ref_file, it->ref_line, it->ref_col, "'%s' %s: "
                 "export it again from the original", c->href, problem);
    mk_resources_unmap(&m);
}

/* Queues an image for mk_resources_check_images(). */
static int queue_image(struct mk_resources *res, const struct mk_item *it,
                       const char *href)
{
    struct mk_resources_image *c;

    if (mk_grow_array(&res->image_checks, &res->cap_image_checks,
                      res->n_image_checks, sizeof(*res->image_checks)) < 0)
        return mk_diag_oom(res->dc);
    c = &res->image_checks[res->n_image_checks];
    c->item = it;
    c->href = mk_strdup(href);
    if (!c->href)
        return mk_diag_oom(res->dc);
    res->n_image_checks++;
    return 0;
}

void mk_resources_check_images(struct mk_resources *res)
{
    mk_parallel_for(res->n_image_checks, mk_pipeline_threads(res->threads),
                    check_image, res);
}

/* Puts a stylesheet or SVG image in the queue of files to read. */
static int queue_scan(struct mk_resources *res, struct mk_item *it)
{
    struct mk_resources_scan *p;

    if (mk_grow_array(&res->scan_queue, &res->cap_scan, res->n_scan,
                      sizeof(*res->scan_queue)) < 0)
        return mk_diag_oom(res->dc);
    p = &res->scan_queue[res->n_scan++];
    p->item = it;
    p->depth = res->scanning ? res->scan_depth + 1 : 0;
    return 0;
}

/* Reads the stylesheets and SVG images waiting in the queue, and those
 * they register in turn, in order; the outermost mk_resources_add() does
 * it, so reading never nests. */
static void scan_queued(struct mk_resources *res)
{
    size_t next = 0;

    if (res->scanning)
        return;
    res->scanning = 1;
    while (next < res->n_scan && !mk_diag_out_of_memory(res->dc)) {
        struct mk_item *it = res->scan_queue[next].item;

        res->scan_depth = res->scan_queue[next++].depth;
        if (it->media->cls == MK_MEDIA_CSS)
            scan_stylesheet(res, it, res->scan_depth);
        else
            scan_svg(res, it);
    }
    res->n_scan = 0;
    res->scan_depth = 0;
    res->scanning = 0;
}

void mk_resources_scan_svg(struct mk_resources *res, struct mk_item *it)
{
    if (queue_scan(res, it) == 0)
        scan_queued(res);
}

const struct mk_svg_info *mk_resources_svg_read(
    const struct mk_resources *res, const char *path)
{
    return mk_strmap_get(&res->svg_ids, path);
}

/* ---- refusals --------------------------------------------------------- */

void mk_resources_refuse(struct mk_resources *res, struct mk_item *it, int kind,
                         const char *from, long line, long col,
                         const char *fmt, ...)
{
    struct mk_refusal *r = it->refusal;
    struct mk_buf msg = MK_BUF_INIT;
    va_list ap;

    if (r && r->kind == kind) {
        r->others++;
        return;
    }
    va_start(ap, fmt);
    mk_buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (msg.failed) {
        mk_buf_release(&msg);
        mk_diag_oom(res->dc);
        return;
    }
    if (r) {
        /* a second reason: said at once, not counted */
        mk_error(res->dc, from, line, col, "%s", mk_buf_str(&msg));
        mk_buf_release(&msg);
        return;
    }
    r = mk_calloc(1, sizeof(*r));
    if (!r || !(r->file = mk_strdup(from))) {
        free(r);
        mk_buf_release(&msg);
        mk_diag_oom(res->dc);
        return;
    }
    r->kind = kind;
    r->line = line;
    r->col = col;
    r->msg = mk_buf_detach(&msg, NULL);
    if (!r->msg) {
        free(r->file);
        free(r);
        mk_diag_oom(res->dc);
        return;
    }
    it->refusal = r;
}

void mk_resources_report_refusals(struct mk_resources *res)
{
    size_t i;

    for (i = 0; i < res->reg->pub->n_items; i++) {
        const struct mk_refusal *r = res->reg->pub->items[i]->refusal;

        if (!r)
            continue;
        if (r->others)
            mk_error(res->dc, r->file, r->line, r->col, "%s (and %zu other "
                     "reference%s to it)", r->msg, r->others,
                     r->others == 1 ? "" : "s");
        else
            mk_error(res->dc, r->file, r->line, r->col, "%s", r->msg);
    }
}

static void sniff(struct mk_resources *res, struct mk_item *it, const char *href,
                  const char *declared)
{
    unsigned char head[4096];  /* an SVG may open with a long comment */
    ssize_t got = 0;
    int mismatch = 0;
    struct stat st;
    int fd = open(it->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0 || fstat(fd, &st) < 0) {
        mk_diag_system(res->dc, it->path, errno, "cannot read");
        if (fd >= 0)
            close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        mk_resources_refuse(res, it, MK_REFUSE_FILE, it->ref_file,
                            it->ref_line, it->ref_col,
                            "'%s' is not a regular file", href);
        return;
    }
    got = read(fd, head, sizeof(head));
    if (got < 0) {
        mk_diag_system(res->dc, it->path, errno, "cannot read");
        close(fd);
        return;
    }
    close(fd);
    it->size = (long)st.st_size;
    it->media = mk_media_detect(head, got > 0 ? (size_t)got : 0, it->path,
                                &mismatch);
    if (!it->media && declared && !mismatch) {
        /* a foreign resource: packaged as the type its reference names
         * (whether that reference may use one is judged there) */
        it->declared_type = mk_strdup(declared);
        if (!it->declared_type) {
            mk_diag_oom(res->dc);
            return;
        }
        it->media = mk_media_foreign();
        it->media_type = it->declared_type;
        return;
    }
    if (!it->media) {
        mk_resources_refuse(res, it, MK_REFUSE_FILE, it->ref_file,
                            it->ref_line, it->ref_col,
                            "'%s': unknown file type%s; EPUB can carry "
                            "XHTML, CSS, JPEG, PNG, GIF, SVG, WebP, fonts "
                            "and audio, and other files as foreign "
                            "resources with their type (<object "
                            "type=\"...\"> with fallback content, <link "
                            "type=\"...\">)", href,
                            mismatch ? " (its bytes do not match its name)"
                                     : "");
        return;
    }
    /* a name that says another type, or that EPUBCheck or readers
     * mishandle, is repaired by the layout (layout.c) */
    it->media_type = it->media->type;
}

/* Registers a file the book needs (once), checking where it is and what
 * it is.  Returns the item, or NULL when it cannot be used. */
struct mk_item *mk_resources_add(struct mk_resources *res, const char *path,
                                 const char *href, const char *from,
                                 long line, long col)
{
    return mk_resources_add_typed(res, path, href, NULL, from, line, col);
}

struct mk_item *mk_resources_add_typed(struct mk_resources *res, const char *path,
                                       const char *href, const char *type,
                                       const char *from, long line,
                                       long col)
{
    struct mk_item *it = mk_registry_item(res->reg, path);
    struct mk_pub_chapter *page = mk_registry_chapter(res->reg, path);
    struct mk_buf msg = MK_BUF_INIT;
    int rc;

    /* an image that is also a page: its image item (a raster page's
     * item is the generated XHTML page; an SVG page's is the SVG) */
    if (page && page->image)
        return page->image;
    if (page && page->svg)
        return page->item;
    if (it) {
        if (!it->media && it->refusal)
            mk_resources_refuse(res, it, it->refusal->kind, from, line, col,
                                "%s", "");
        return it->media ? it : NULL;
    }
    if (mk_registry_chapter(res->reg, path))
        return NULL;
    rc = mk_root_problem(res->root, path, href, &msg);
    if (rc < 0) {
        mk_buf_release(&msg);
        return NULL;
    }
    it = mk_registry_add(res->reg, path, from, line, col);
    if (it && rc == 1)
        /* registered without a type: later references are counted */
        mk_resources_refuse(res, it, MK_REFUSE_FILE, from, line, col, "%s",
                            mk_buf_str(&msg));
    mk_buf_release(&msg);
    if (!it || rc == 1)
        return NULL;
    sniff(res, it, href, type);
    if (it->media && it->media->cls == MK_MEDIA_XHTML) {
        mk_resources_refuse(res, it, MK_REFUSE_FILE, from, line, col, "'%s' "
                            "is an XHTML document that is not a chapter: "
                            "add it to <chapters> in book.xml", href);
        it->media = NULL;
    }
    if (it->media && it->media->cls == MK_MEDIA_IMAGE
        && queue_image(res, it, href) < 0)
        return NULL;
    if (it->media && (it->media->cls == MK_MEDIA_CSS
                      || strcmp(it->media->type, "image/svg+xml") == 0)) {
        if (queue_scan(res, it) < 0)
            return NULL;
        scan_queued(res);
    }
    if (it->media && (it->media->cls == MK_MEDIA_AUDIO
                      || it->media->cls == MK_MEDIA_VIDEO))
        res->reg->pub->has_media = 1;
    return it->media ? it : NULL;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Warns about files below dir, depth folders below the book's, that
 * nothing references: they are not packaged (a stray file would be
 * EPUBCheck OPF-003).  The depth is bounded (16), not the input's. */
static void find_unreferenced(struct mk_resources *res, const char *dir,
                              const char *book_file, int depth)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;

    if (depth > 16)
        return;
    d = opendir(dir);
    if (!d)
        return;
    for (de = readdir(d); de; de = readdir(d)) {
        char *name;

        if (de->d_name[0] == '.')
            continue;
        name = mk_strdup(de->d_name);
        if (!name || mk_grow_array(&names, &cap, n, sizeof(*names)) < 0) {
            free(name);
            mk_diag_oom(res->dc);
            break;
        }
        names[n++] = name;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), compare_names);
    for (i = 0; i < n; i++) {
        char *path = mk_diag_out_of_memory(res->dc)
                     ? NULL : mk_path_join(dir, names[i]);
        struct stat st;

        if (!path && !mk_diag_out_of_memory(res->dc))
            mk_diag_oom(res->dc);
        if (path && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                find_unreferenced(res, path, book_file, depth + 1);
            else if (S_ISREG(st.st_mode) && strcmp(path, book_file) != 0
                     && !mk_registry_item(res->reg, path))
                mk_warning(res->dc, path, 1, 1, "not referenced by book.xml "
                           "or any chapter; it is not packaged");
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

void mk_resources_find_unreferenced(struct mk_resources *res,
                                    const char *dir, const char *book_file)
{
    find_unreferenced(res, dir, book_file, 0);
}
