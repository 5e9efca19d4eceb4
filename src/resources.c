/*
 * resources.c - the files a book is made of: reading them safely (mapped,
 * never a FIFO), keeping every reference inside the root folder, reading
 * media types from the bytes, registering each file once as a manifest
 * item (stylesheets are scanned for what they reference in turn, from a
 * work queue: a chain of @imports is followed iteratively, each file
 * once, MK_CSS_MAX_IMPORT_DEPTH deep at most), and finding the files in
 * the book folder that nothing uses.
 */
#include "build.h"
#include "diag.h"
#include "css.h"
#include "path.h"
#include "url.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Maps a whole file read-only (chapters may be very large). */
int mk_resources_map(struct build *b, const char *path, struct mapped *m)
{
    struct stat st;
    /* O_NONBLOCK: a FIFO named as a chapter must not hang the run (it is
     * refused below as not a regular file); no effect on regular files */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    m->data = NULL;
    m->len = 0;
    m->mapped = 0;
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
    m->data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m->data == MAP_FAILED) {
        m->data = NULL;
        return mk_diag_system(b->dc, path, errno, "cannot read");
    }
    m->len = (size_t)st.st_size;
    m->mapped = 1;
    return 0;
}

void mk_resources_unmap(struct mapped *m)
{
    if (m->mapped)
        munmap(m->data, m->len);
    m->data = NULL;
    m->mapped = 0;
}

/* Checks that path (display) lies inside the root, lexically and after
 * resolving symbolic links, and exists.  The problem is reported at
 * from:line. */
int mk_resources_contained(struct build *b, const char *path,
                           const char *href, const char *from, long line,
                           long col)
{
    char *abs = mk_path_absolute(path);
    int err, rc;

    if (!abs)
        return mk_build_oom(b);
    if (!mk_path_is_within(b->root_abs, abs)) {
        free(abs);
        return mk_error(b->dc, from, line, col, "'%s' leads outside the root "
                        "folder '%s'; move the file inside it or use --root",
                        href, b->root);
    }
    free(abs);
    rc = mk_path_contain(b->root_real, path, NULL, &err);
    if (rc == 1)
        return mk_error(b->dc, from, line, col, "'%s' is a symbolic link "
                        "that leads outside the root folder '%s'", href,
                        b->root);
    if (rc == 2)
        return mk_error(b->dc, from, line, col, "'%s' does not exist", href);
    if (rc == 3)
        return mk_diag_system(b->dc, path, err, "cannot read");
    return 0;
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

static int css_reference(void *ctx, const char *url, long line,
                         int is_import)
{
    struct css_scan *cs = ctx;
    struct mk_url u;
    char *target, *canonical;
    int rc;

    rc = mk_xref_parse(cs->b, url, MK_XREF_IN_CSS, cs->path, line, 0, &u);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (u.remote) {
        if (strcmp(u.scheme, "data") != 0)
            mk_error(cs->b->dc, cs->path, line, 0, "remote resource '%s' "
                     "in a stylesheet: EPUB needs it inside the book; "
                     "download it next to the stylesheet", url);
    } else if (u.path[0] && is_import
               && cs->depth >= MK_CSS_MAX_IMPORT_DEPTH) {
        mk_error(cs->b->dc, cs->path, line, 0, "@import of '%s': more than "
                 "%d stylesheets importing each other; import it from a "
                 "stylesheet nearer the book's, or merge the stylesheets",
                 url, MK_CSS_MAX_IMPORT_DEPTH);
    } else if (u.path[0]) {
        if (mk_url_resolve(cs->dir, &u, &target, &canonical) < 0) {
            mk_url_release(&u);
            return mk_build_oom(cs->b);
        }
        if (canonical)
            mk_error(cs->b->dc, cs->path, line, 0, "'%s' climbs above the "
                     "folders it needs, where a reader may stop at the top "
                     "of the book and find another file: write '%s'", url,
                     canonical);
        else
            mk_resources_add(cs->b, target, url, cs->path, line, 0);
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
        if (mk_css_scan(it->path, m.data, m.len, 1, b->dc, css_reference,
                        &cs) < 0)
            mk_build_oom(b);
        mk_resources_unmap(&m);
    }
    free(cs.dir);
}

/* Puts a stylesheet in the queue of those to scan. */
static void queue_stylesheet(struct build *b, struct mk_item *it)
{
    struct css_pending *p;

    if (mk_grow_array(&b->css_queue, &b->cap_css_queue, b->n_css_queue,
                      sizeof(*b->css_queue)) < 0) {
        mk_build_oom(b);
        return;
    }
    p = &b->css_queue[b->n_css_queue++];
    p->item = it;
    p->depth = b->css_draining ? b->css_depth + 1 : 0;
}

/* Scans the queued stylesheets, and those they bring in, in order; the
 * outermost mk_resources_add() does it, so scanning never nests. */
static void scan_queued_stylesheets(struct build *b)
{
    size_t i;

    if (b->css_draining)
        return;
    b->css_draining = 1;
    for (i = 0; i < b->n_css_queue && !b->oom; i++) {
        struct mk_item *it = b->css_queue[i].item;

        b->css_depth = b->css_queue[i].depth;
        scan_stylesheet(b, it, b->css_depth);
    }
    free(b->css_queue);
    b->css_queue = NULL;
    b->n_css_queue = 0;
    b->cap_css_queue = 0;
    b->css_depth = 0;
    b->css_draining = 0;
}

static void sniff(struct build *b, struct mk_item *it, const char *href)
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
        mk_error(b->dc, it->ref_file, it->ref_line, it->ref_col,
                 "'%s' is not a regular file", href);
        return;
    }
    got = read(fd, head, sizeof(head));
    close(fd);
    it->size = (long)st.st_size;
    it->media = mk_media_detect(head, got > 0 ? (size_t)got : 0, it->path,
                                &mismatch);
    if (!it->media) {
        mk_error(b->dc, it->ref_file, it->ref_line, it->ref_col,
                 "'%s': unknown file type%s; EPUB can carry XHTML, CSS, "
                 "JPEG, PNG, GIF, SVG, WebP, fonts and audio", href,
                 mismatch ? " (its bytes do not match its name)" : "");
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
    struct mk_item *it = mk_strmap_get(&b->items, path);

    if (it)
        return it->media ? it : NULL;
    if (mk_strmap_get(&b->chapters, path))
        return NULL;
    if (mk_resources_contained(b, path, href, from, line, col) < 0)
        return NULL;
    it = mk_resources_add_path(b, path, from, line, col);
    if (!it)
        return NULL;
    sniff(b, it, href);
    if (it->media && it->media->cls == MK_MEDIA_XHTML) {
        mk_error(b->dc, from, line, col, "'%s' is an XHTML document that is "
                 "not a chapter: add it to <chapters> in book.xml", href);
        it->media = NULL;
    }
    if (it->media && it->media->cls == MK_MEDIA_CSS) {
        queue_stylesheet(b, it);
        scan_queued_stylesheets(b);
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
