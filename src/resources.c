/*
 * resources.c - the files a book is made of: reading them safely (read
 * whole, never mapped; never a FIFO), keeping every reference inside the
 * root folder, reading media types from the bytes, registering each file
 * once as a manifest item (stylesheets and SVG images are read for what
 * they reference in turn, from a work queue: a chain of @imports is
 * followed iteratively, each file once, MK_CSS_MAX_IMPORT_DEPTH deep at
 * most; images are read whole to see they are not cut short), and
 * finding the files in the book folder that nothing uses.
 */
#include "build.h"
#include "diag.h"
#include "css.h"
#include "path.h"
#include "pipeline.h"
#include "svg.h"
#include "url.h"

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
int mk_resources_map(struct build *b, const char *path, struct mapped *m)
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
        return mk_diag_system(b->dc, path, errno, "cannot open");
    if (fstat(fd, &st) < 0) {
        int err = errno;

        close(fd);
        return mk_diag_system(b->dc, path, err, "cannot read");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return mk_error(b->dc, path, 0, 0, "not a regular file");
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
        return mk_diag_oom(b->dc);
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
            return mk_diag_system(b->dc, path, err, "cannot read");
        return mk_diag_system(b->dc, path, 0, "cannot read: the file "
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

void mk_resources_unmap(struct mapped *m)
{
    if (m->owned)
        free(m->data);
    m->data = NULL;
    m->owned = 0;
}

/* Why the file at path (display; href as written) cannot be used: it
 * lies outside the root, lexically or through a symbolic link, or does
 * not exist.  Returns 0 (it can), 1 with the reason in *msg, or -1 when
 * it was reported (memory, an I/O error). */
static int containment(struct build *b, const char *path, const char *href,
                       struct mk_buf *msg)
{
    char *abs = mk_path_absolute(path);
    enum mk_path_containment rc;
    int err;

    if (!abs)
        return mk_build_cwd_failed(b);
    if (!mk_path_is_within(b->root_abs, abs)) {
        free(abs);
        mk_buf_addf(msg, "'%s' leads outside the root folder '%s'; move "
                    "the file inside it or use --root", href, b->root);
        return msg->failed ? mk_build_oom(b) : 1;
    }
    free(abs);
    rc = mk_path_contain(b->root_real, path, NULL, &err);
    if (rc == MK_PATH_LINK_OUTSIDE)
        mk_buf_addf(msg, "'%s' is a symbolic link that leads outside the "
                    "root folder '%s'", href, b->root);
    else if (rc == MK_PATH_MISSING)
        mk_buf_addf(msg, "'%s' does not exist", href);
    else if (rc == MK_PATH_UNREADABLE)
        return mk_diag_system(b->dc, path, err, "cannot read");
    else
        return 0;
    return msg->failed ? mk_build_oom(b) : 1;
}

/* Checks that path (display) lies inside the root, lexically and after
 * resolving symbolic links, and exists.  The problem is reported at
 * from:line. */
int mk_resources_contained(struct build *b, const char *path,
                           const char *href, const char *from, long line,
                           long col)
{
    struct mk_buf msg = MK_BUF_INIT;
    int rc = containment(b, path, href, &msg);

    if (rc == 1)
        mk_error(b->dc, from, line, col, "%s", mk_buf_str(&msg));
    mk_buf_release(&msg);
    return rc ? -1 : 0;
}

/* ---- the registry of items ----------------------------------------- */

struct mk_item *mk_resources_new_item(struct build *b)
{
    struct mk_item *it = mk_calloc(1, sizeof(*it));

    if (!it || mk_grow_array(&b->pub.items, &b->pub.cap_items,
                             b->pub.n_items, sizeof(*b->pub.items)) < 0) {
        free(it);
        mk_build_oom(b);
        return NULL;
    }
    b->pub.items[b->pub.n_items++] = it;
    return it;
}

struct mk_item *mk_resources_add_path(struct build *b, const char *path,
                                      const char *from, long line, long col)
{
    struct mk_item *it = mk_resources_new_item(b);

    if (!it)
        return NULL;
    it->path = mk_strdup(path);
    it->ref_file = mk_strdup(from);
    it->ref_line = line;
    it->ref_col = col;
    if (!it->path || !it->ref_file
        || mk_strmap_put(&b->items, it->path, it) < 0) {
        mk_build_oom(b);
        return NULL;
    }
    return it;
}

struct css_scan {
    struct build *b;
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
    int rc;

    rc = mk_xref_parse(cs->b, url, MK_XREF_IN_CSS, cs->path, line, col, &u);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (u.remote) {
        if (strcmp(u.scheme, "data") != 0)
            mk_error(cs->b->dc, cs->path, line, col, "remote resource '%s' "
                     "in a stylesheet: EPUB needs it inside the book; "
                     "download it next to the stylesheet", url);
    } else if (u.path[0] && is_import
               && cs->depth >= MK_CSS_MAX_IMPORT_DEPTH) {
        mk_error(cs->b->dc, cs->path, line, col, "@import of '%s': more than "
                 "%d stylesheets importing each other; import it from a "
                 "stylesheet nearer the book's, or merge the stylesheets",
                 url, MK_CSS_MAX_IMPORT_DEPTH);
    } else if (u.path[0]) {
        if (mk_url_resolve(cs->dir, &u, &target, &canonical) < 0) {
            mk_url_release(&u);
            return mk_build_oom(cs->b);
        }
        if (canonical)
            mk_error(cs->b->dc, cs->path, line, col, "'%s' climbs above the "
                     "folders it needs, where a reader may stop at the top "
                     "of the book and find another file: write '%s'", url,
                     canonical);
        else
            mk_resources_add(cs->b, target, url, cs->path, line, col);
        free(canonical);
        free(target);
    }
    mk_url_release(&u);
    return cs->b->oom ? -1 : 0;
}

static void scan_stylesheet(struct build *b, struct mk_item *it, int depth)
{
    struct mapped m;
    struct css_scan cs = { b, it->path, mk_path_dirname(it->path), depth };

    if (!cs.dir) {
        mk_build_oom(b);
        return;
    }
    if (mk_resources_map(b, it->path, &m) == 0) {
        struct mk_buf utf8 = MK_BUF_INIT;
        int rc = mk_css_transcode(it->path, m.data, m.len, b->dc, &utf8);

        /* a stylesheet in another encoding is read, and packed, as its
         * UTF-8 form */
        it->transcode = rc == 1;
        if (rc == -1
            || (rc != -2
                && mk_css_scan(it->path, rc == 1 ? utf8.buf : m.data,
                               rc == 1 ? utf8.len : m.len, 1, b->dc,
                               css_reference, &cs) < 0))
            mk_build_oom(b);
        mk_buf_release(&utf8);
        mk_resources_unmap(&m);
    }
    free(cs.dir);
}

/* ---- SVG images ------------------------------------------------------ */

/* A reference to an element of another SVG image, checked once every
 * file has been read. */
struct svg_fragment {
    const char *from;       /* the referring SVG's path (its item's) */
    long line, col;
    char *url;
    const char *target;     /* the target's path (its item's) */
    char *fragment;
};

static void defer_fragment(struct build *b, const struct mk_item *from,
                           const struct mk_svg_ref *r,
                           const struct mk_item *to, const char *fragment)
{
    struct svg_fragment *f;

    if (mk_grow_array(&b->svg_fragments, &b->cap_svg_fragments,
                      b->n_svg_fragments, sizeof(*b->svg_fragments)) < 0) {
        mk_build_oom(b);
        return;
    }
    f = &b->svg_fragments[b->n_svg_fragments];
    f->from = from->path;
    f->line = r->line;
    f->col = r->col;
    f->target = to->path;
    f->url = mk_strdup(r->url);
    f->fragment = mk_strdup(fragment);
    if (!f->url || !f->fragment) {
        free(f->url);
        free(f->fragment);
        mk_build_oom(b);
        return;
    }
    b->n_svg_fragments++;
}

/* Checks every "x.svg#id" reference deferred while the files were read
 * against the ids of the SVG image it points into. */
void mk_resources_check_fragments(struct build *b)
{
    size_t i;

    for (i = 0; i < b->n_svg_fragments; i++) {
        const struct svg_fragment *f = &b->svg_fragments[i];
        const struct mk_svg_info *to = mk_strmap_get(&b->svg_ids, f->target);

        if (to && !mk_svg_has_id(to, f->fragment))
            mk_error(b->dc, f->from, f->line, f->col, "'%s': no element "
                     "has id '%s' in %s (EPUBCheck RSC-012)", f->url,
                     f->fragment, f->target);
    }
}

/* Frees the scan queue, the SVG images' ids and the deferred fragment
 * references (not the items). */
void mk_resources_release(struct build *b)
{
    size_t i;

    for (i = 0; i < b->svg_ids.cap; i++) {
        struct mk_svg_info *info = b->svg_ids.values
                                       ? b->svg_ids.values[i] : NULL;

        if (info) {
            mk_svg_info_release(info);
            free(info);
        }
    }
    mk_strmap_release(&b->svg_ids);
    for (i = 0; i < b->n_svg_fragments; i++) {
        free(b->svg_fragments[i].url);
        free(b->svg_fragments[i].fragment);
    }
    free(b->svg_fragments);
    free(b->scan_queue);
    for (i = 0; i < b->n_image_checks; i++)
        free(b->image_checks[i].href);
    free(b->image_checks);
}

/* Keeps the ids of a file read as SVG (its references are done with),
 * for the fragments that point into it. */
static void keep_ids(struct build *b, struct mk_item *it,
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
    if (!kept || mk_strmap_put(&b->svg_ids, it->path, kept) < 0) {
        free(kept);
        mk_build_oom(b);
        return;
    }
    *kept = *info;
    mk_svg_info_init(info);
}

/* A hyperlink in an SVG image: to a chapter (and an id in it). */
static void svg_link(struct build *b, struct mk_item *it,
                     const struct mk_svg_ref *r, const char *target,
                     const char *fragment)
{
    struct mk_pub_chapter *to = mk_strmap_get(&b->chapters, target);

    if (!to)
        mk_error(b->dc, it->path, r->line, r->col, "link to '%s', which is "
                 "not a chapter of the book: link to a chapter (written "
                 "relative to the SVG file)", r->url);
    else if (fragment && fragment[0] && (to->info.n_ids || to->info.title)
             && !mk_xhtml_has_id(&to->info, fragment))
        mk_error(b->dc, it->path, r->line, r->col, "link to '%s': no "
                 "element has id '%s' in %s", r->url, fragment, target);
}

/* One reference of an SVG image, resolved relative to it as a
 * stylesheet's are. */
static void svg_reference(struct build *b, struct mk_item *it,
                          const char *dir, const struct mk_svg_ref *r)
{
    struct mk_url u;
    struct mk_item *to = NULL;
    char *target, *canonical;
    int rc;

    rc = mk_xref_parse(b, r->url, MK_XREF_IN_SVG
                       | (r->kind == MK_SVG_REF_LINK ? MK_XREF_HYPERLINK : 0),
                       it->path, r->line, r->col, &u);
    if (rc != 0)
        return;     /* reported, or out of memory (recorded) */
    if (u.remote) {
        if (r->kind != MK_SVG_REF_LINK && strcmp(u.scheme, "data") != 0)
            mk_error(b->dc, it->path, r->line, r->col, "remote resource "
                     "'%s' in an SVG image: EPUB needs it inside the book "
                     "(RSC-006); download it next to the SVG file", r->url);
    } else if (u.path[0]) {
        if (mk_url_resolve(dir, &u, &target, &canonical) < 0) {
            mk_url_release(&u);
            mk_build_oom(b);
            return;
        }
        if (canonical)
            mk_error(b->dc, it->path, r->line, r->col, "'%s' climbs above "
                     "the folders it needs, where a reader may stop at the "
                     "top of the book and find another file: write '%s'",
                     r->url, canonical);
        else if (r->kind == MK_SVG_REF_LINK)
            svg_link(b, it, r, target, u.fragment);
        else if (r->kind == MK_SVG_REF_ELEMENT && !u.fragment)
            mk_error(b->dc, it->path, r->line, r->col, "'%s' must name an "
                     "element of the file: add #id (EPUBCheck RSC-015)",
                     r->url);
        else
            to = mk_resources_add(b, target, r->url, it->path, r->line,
                                  r->col);
        if (to && u.fragment && u.fragment[0]
            && strcmp(to->media->type, "image/svg+xml") == 0)
            defer_fragment(b, it, r, to, u.fragment);
        free(canonical);
        free(target);
    }
    mk_url_release(&u);
}

static void scan_svg(struct build *b, struct mk_item *it)
{
    struct mapped m;
    struct mk_svg_info info;
    char *dir = mk_path_dirname(it->path);
    size_t i;

    if (!dir) {
        mk_build_oom(b);
        return;
    }
    mk_svg_info_init(&info);
    if (mk_resources_map(b, it->path, &m) == 0) {
        if (mk_svg_check(it->path, m.data, m.len, b->dc, &info) < 0)
            mk_build_oom(b);
        mk_resources_unmap(&m);
    }
    it->props |= info.props;
    b->pub.props |= info.props;
    it->drop_at = info.drop_at;
    it->drop_len = info.drop_len;
    for (i = 0; i < info.n_refs && !b->oom; i++)
        svg_reference(b, it, dir, &info.refs[i]);
    keep_ids(b, it, &info);
    mk_svg_info_release(&info);
    free(dir);
}

/* Reads the whole image to see that it is not cut short or damaged;
 * reported where it is first needed.  Runs on worker threads. */
static void check_image(void *ctx, size_t i)
{
    struct build *b = ctx;
    const struct image_check *c = &b->image_checks[i];
    const struct mk_item *it = c->item;
    struct mapped m;
    const char *problem;

    if (mk_resources_map(b, it->path, &m) < 0)
        return;
    problem = mk_media_check(it->media, (const unsigned char *)m.data,
                             m.len);
    if (problem)
        mk_error(b->dc, it->ref_file, it->ref_line, it->ref_col, "'%s' %s: "
                 "export it again from the original", c->href, problem);
    mk_resources_unmap(&m);
}

/* Queues an image for mk_resources_check_images(). */
static int queue_image(struct build *b, const struct mk_item *it,
                       const char *href)
{
    struct image_check *c;

    if (mk_grow_array(&b->image_checks, &b->cap_image_checks,
                      b->n_image_checks, sizeof(*b->image_checks)) < 0)
        return mk_build_oom(b);
    c = &b->image_checks[b->n_image_checks];
    c->item = it;
    c->href = mk_strdup(href);
    if (!c->href)
        return mk_build_oom(b);
    b->n_image_checks++;
    return 0;
}

void mk_resources_check_images(struct build *b)
{
    mk_parallel_for(b->n_image_checks, mk_pipeline_threads(b->opts->threads),
                    check_image, b);
}

/* Puts a stylesheet or SVG image in the queue of files to read. */
static int queue_scan(struct build *b, struct mk_item *it)
{
    struct scan_pending *p;

    if (mk_grow_array(&b->scan_queue, &b->cap_scan, b->n_scan,
                      sizeof(*b->scan_queue)) < 0)
        return mk_build_oom(b);
    p = &b->scan_queue[b->n_scan++];
    p->item = it;
    p->depth = b->scanning ? b->scan_depth + 1 : 0;
    return 0;
}

/* Reads the stylesheets and SVG images waiting in the queue, and those
 * they register in turn, in order; the outermost mk_resources_add() does
 * it, so reading never nests. */
static void scan_queued(struct build *b)
{
    size_t next = 0;

    if (b->scanning)
        return;
    b->scanning = 1;
    while (next < b->n_scan && !b->oom) {
        struct mk_item *it = b->scan_queue[next].item;

        b->scan_depth = b->scan_queue[next++].depth;
        if (it->media->cls == MK_MEDIA_CSS)
            scan_stylesheet(b, it, b->scan_depth);
        else
            scan_svg(b, it);
    }
    b->n_scan = 0;
    b->scan_depth = 0;
    b->scanning = 0;
}

/* ---- refusals --------------------------------------------------------- */

void mk_resources_refuse(struct build *b, struct mk_item *it, int kind,
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
        mk_build_oom(b);
        return;
    }
    if (r) {
        /* a second reason: said at once, not counted */
        mk_error(b->dc, from, line, col, "%s", mk_buf_str(&msg));
        mk_buf_release(&msg);
        return;
    }
    r = mk_calloc(1, sizeof(*r));
    if (!r || !(r->file = mk_strdup(from))) {
        free(r);
        mk_buf_release(&msg);
        mk_build_oom(b);
        return;
    }
    r->kind = kind;
    r->line = line;
    r->col = col;
    r->msg = mk_buf_detach(&msg, NULL);
    if (!r->msg) {
        free(r->file);
        free(r);
        mk_build_oom(b);
        return;
    }
    it->refusal = r;
}

void mk_resources_report_refusals(struct build *b)
{
    size_t i;

    for (i = 0; i < b->pub.n_items; i++) {
        const struct mk_refusal *r = b->pub.items[i]->refusal;

        if (!r)
            continue;
        if (r->others)
            mk_error(b->dc, r->file, r->line, r->col, "%s (and %zu other "
                     "reference%s to it)", r->msg, r->others,
                     r->others == 1 ? "" : "s");
        else
            mk_error(b->dc, r->file, r->line, r->col, "%s", r->msg);
    }
}

void mk_resources_item_release(struct mk_item *it)
{
    if (it->refusal) {
        free(it->refusal->file);
        free(it->refusal->msg);
        free(it->refusal);
        it->refusal = NULL;
    }
    free(it->declared_type);
    it->declared_type = NULL;
}

static void sniff(struct build *b, struct mk_item *it, const char *href,
                  const char *declared)
{
    unsigned char head[4096];  /* an SVG may open with a long comment */
    ssize_t got = 0;
    int mismatch = 0;
    struct stat st;
    int fd = open(it->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0 || fstat(fd, &st) < 0) {
        mk_diag_system(b->dc, it->path, errno, "cannot read");
        if (fd >= 0)
            close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        mk_resources_refuse(b, it, MK_REFUSE_FILE, it->ref_file,
                            it->ref_line, it->ref_col,
                            "'%s' is not a regular file", href);
        return;
    }
    got = read(fd, head, sizeof(head));
    if (got < 0) {
        mk_diag_system(b->dc, it->path, errno, "cannot read");
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
            mk_build_oom(b);
            return;
        }
        it->media = mk_media_foreign();
        it->media_type = it->declared_type;
        return;
    }
    if (!it->media) {
        mk_resources_refuse(b, it, MK_REFUSE_FILE, it->ref_file,
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
struct mk_item *mk_resources_add(struct build *b, const char *path,
                                 const char *href, const char *from,
                                 long line, long col)
{
    return mk_resources_add_typed(b, path, href, NULL, from, line, col);
}

struct mk_item *mk_resources_add_typed(struct build *b, const char *path,
                                       const char *href, const char *type,
                                       const char *from, long line,
                                       long col)
{
    struct mk_item *it = mk_strmap_get(&b->items, path);
    struct mk_buf msg = MK_BUF_INIT;
    int rc;

    if (it) {
        if (!it->media && it->refusal)
            mk_resources_refuse(b, it, it->refusal->kind, from, line, col,
                                "%s", "");
        return it->media ? it : NULL;
    }
    if (mk_strmap_get(&b->chapters, path))
        return NULL;
    rc = containment(b, path, href, &msg);
    if (rc < 0) {
        mk_buf_release(&msg);
        return NULL;
    }
    it = mk_resources_add_path(b, path, from, line, col);
    if (it && rc == 1)
        /* registered without a type: later references are counted */
        mk_resources_refuse(b, it, MK_REFUSE_FILE, from, line, col, "%s",
                            mk_buf_str(&msg));
    mk_buf_release(&msg);
    if (!it || rc == 1)
        return NULL;
    sniff(b, it, href, type);
    if (it->media && it->media->cls == MK_MEDIA_XHTML) {
        mk_resources_refuse(b, it, MK_REFUSE_FILE, from, line, col, "'%s' "
                            "is an XHTML document that is not a chapter: "
                            "add it to <chapters> in book.xml", href);
        it->media = NULL;
    }
    if (it->media && it->media->cls == MK_MEDIA_IMAGE
        && queue_image(b, it, href) < 0)
        return NULL;
    if (it->media && (it->media->cls == MK_MEDIA_CSS
                      || strcmp(it->media->type, "image/svg+xml") == 0)) {
        if (queue_scan(b, it) < 0)
            return NULL;
        scan_queued(b);
    }
    if (it->media && (it->media->cls == MK_MEDIA_AUDIO
                      || it->media->cls == MK_MEDIA_VIDEO))
        b->pub.has_media = 1;
    return it->media ? it : NULL;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Warns about files in the book folder that nothing references: they
 * are not packaged (a stray file would be EPUBCheck OPF-003). */
void mk_resources_find_unreferenced(struct build *b, const char *dir,
                                    int depth)
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
            mk_build_oom(b);
            break;
        }
        names[n++] = name;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), compare_names);
    for (i = 0; i < n; i++) {
        char *path = b->oom ? NULL : mk_path_join(dir, names[i]);
        struct stat st;

        if (!path && !b->oom)
            mk_build_oom(b);
        if (path && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                mk_resources_find_unreferenced(b, path, depth + 1);
            else if (S_ISREG(st.st_mode) && strcmp(path, b->book.file) != 0
                     && !mk_strmap_get(&b->items, path))
                mk_warning(b->dc, path, 1, 1, "not referenced by book.xml "
                           "or any chapter; it is not packaged");
        }
        free(path);
        free(names[i]);
    }
    free(names);
}
