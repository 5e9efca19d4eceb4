/*
 * build.c - mk_build(): the whole run, from book.xml to the archive.
 *
 * Phase 1 reads and checks everything (book.xml, every chapter, every
 * stylesheet and resource, every cross-reference) keeping only what the
 * package needs (headings, ids, references), never a whole book.  If any
 * error was found, nothing is written.  Phase 2 lays the package out and
 * streams it into the archive: chapters are parsed and rewritten again
 * one at a time as libzip asks for them (on a worker thread, ahead of the
 * compressor), and resources are read from disk as they are written.
 */
#include "archive.h"
#include "book.h"
#include "css.h"
#include "diag.h"
#include "path.h"
#include "pipeline.h"
#include "pub.h"
#include "strmap.h"
#include "xhtml.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
    time_t mtime;
    struct mk_pipeline *pipeline;
    int oom;
};

/* ---- files --------------------------------------------------------- */

struct mapped {
    char *data;
    size_t len;
    int mapped;
};

/* Maps a whole file read-only (chapters may be very large). */
static int map_file(struct build *b, const char *path, struct mapped *m)
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

static void unmap_file(struct mapped *m)
{
    if (m->mapped)
        munmap(m->data, m->len);
    m->data = NULL;
    m->mapped = 0;
}

static int oom(struct build *b)
{
    if (!b->oom)
        mk_diag_oom(b->dc);
    b->oom = 1;
    return -1;
}

/* Checks that path (display) lies inside the root, lexically and after
 * resolving symbolic links, and exists.  The problem is reported at
 * from:line. */
static int check_contained(struct build *b, const char *path,
                           const char *href, const char *from, long line)
{
    char *abs = mk_path_absolute(path);
    int err, rc;

    if (!abs)
        return oom(b);
    if (!mk_path_is_within(b->root_abs, abs)) {
        free(abs);
        return mk_error(b->dc, from, line, 0, "'%s' leads outside the root "
                        "folder '%s'; move the file inside it or use --root",
                        href, b->root);
    }
    free(abs);
    rc = mk_path_contain(b->root_real, path, NULL, &err);
    if (rc == 1)
        return mk_error(b->dc, from, line, 0, "'%s' is a symbolic link "
                        "that leads outside the root folder '%s'", href,
                        b->root);
    if (rc == 2)
        return mk_error(b->dc, from, line, 0, "'%s' does not exist", href);
    if (rc == 3)
        return mk_diag_system(b->dc, path, err, "cannot read");
    return 0;
}

/* ---- the registry of items ----------------------------------------- */

static struct mk_item *new_item(struct build *b)
{
    struct mk_item *it = mk_calloc(1, sizeof(*it));

    if (!it || mk_grow_array(&b->pub.items, &b->pub.cap_items,
                             b->pub.n_items, sizeof(*b->pub.items)) < 0) {
        free(it);
        oom(b);
        return NULL;
    }
    b->pub.items[b->pub.n_items++] = it;
    return it;
}

static struct mk_item *register_path(struct build *b, const char *path,
                                     const char *from, long line)
{
    struct mk_item *it = new_item(b);

    if (!it)
        return NULL;
    it->path = mk_strdup(path);
    it->ref_file = mk_strdup(from);
    it->ref_line = line;
    if (!it->path || !it->ref_file
        || mk_strmap_put(&b->items, it->path, it) < 0) {
        oom(b);
        return NULL;
    }
    return it;
}

static struct mk_item *register_resource(struct build *b, const char *path,
                                         const char *href, const char *from,
                                         long line);

struct css_scan {
    struct build *b;
    const char *path;
    char *dir;
};

static int css_reference(void *ctx, const char *url, long line,
                         int is_import)
{
    struct css_scan *cs = ctx;
    struct mk_url u;
    int bad = 0;
    char *target;

    (void)is_import;
    if (mk_url_parse(url, &u, &bad) < 0)
        return oom(cs->b);
    if (u.remote) {
        if (strcmp(u.scheme, "data") != 0)
            mk_error(cs->b->dc, cs->path, line, 0, "remote resource '%s' "
                     "in a stylesheet: EPUB needs it inside the book; "
                     "download it next to the stylesheet", url);
    } else if (u.absolute) {
        mk_error(cs->b->dc, cs->path, line, 0, "absolute path '%s': use a "
                 "path relative to the stylesheet", url);
    } else if (u.path[0]) {
        target = mk_path_join(cs->dir, u.path);
        if (!target) {
            mk_url_release(&u);
            return oom(cs->b);
        }
        register_resource(cs->b, target, url, cs->path, line);
        free(target);
    }
    mk_url_release(&u);
    return cs->b->oom ? -1 : 0;
}

static void scan_stylesheet(struct build *b, struct mk_item *it)
{
    struct mapped m;
    struct css_scan cs = { b, it->path, mk_path_dirname(it->path) };

    if (!cs.dir) {
        oom(b);
        return;
    }
    if (map_file(b, it->path, &m) == 0) {
        if (mk_css_scan(it->path, m.data, m.len, 1, b->dc, css_reference,
                        &cs) < 0)
            oom(b);
        unmap_file(&m);
    }
    free(cs.dir);
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
        mk_error(b->dc, it->ref_file, it->ref_line, 0, "'%s' is not a "
                 "regular file", href);
        return;
    }
    got = read(fd, head, sizeof(head));
    close(fd);
    it->size = (long)st.st_size;
    it->media = mk_media_detect(head, got > 0 ? (size_t)got : 0, it->path,
                                &mismatch);
    if (!it->media) {
        mk_error(b->dc, it->ref_file, it->ref_line, 0, "'%s': unknown file "
                 "type%s; EPUB can carry XHTML, CSS, JPEG, PNG, GIF, SVG, "
                 "WebP, fonts and audio", href,
                 mismatch ? " (its bytes do not match its name)" : "");
        return;
    }
    it->media_type = it->media->type;
    if (mismatch)
        mk_warning(b->dc, it->ref_file, it->ref_line, 0, "'%s' is named "
                   "like another type but its bytes are %s; it is packaged "
                   "as %s (consider renaming it)", href, it->media->type,
                   it->media->type);
    if (strchr(mk_path_basename(it->path), ' '))
        mk_warning(b->dc, it->ref_file, it->ref_line, 0, "file name '%s' "
                   "contains a space, which EPUBCheck (PKG-010) and Kobo "
                   "reject; rename it", mk_path_basename(it->path));
}

/* Registers a file the book needs (once), checking where it is and what
 * it is.  Returns the item, or NULL when it cannot be used. */
static struct mk_item *register_resource(struct build *b, const char *path,
                                         const char *href, const char *from,
                                         long line)
{
    struct mk_item *it = mk_strmap_get(&b->items, path);

    if (it)
        return it->media ? it : NULL;
    if (mk_strmap_get(&b->chapters, path))
        return NULL;
    if (check_contained(b, path, href, from, line) < 0)
        return NULL;
    it = register_path(b, path, from, line);
    if (!it)
        return NULL;
    sniff(b, it, href);
    if (it->media && it->media->cls == MK_MEDIA_XHTML) {
        mk_error(b->dc, from, line, 0, "'%s' is an XHTML document that is "
                 "not a chapter: add it to <chapters> in book.xml", href);
        it->media = NULL;
    }
    if (it->media && it->media->cls == MK_MEDIA_CSS)
        scan_stylesheet(b, it);
    if (it->media && (it->media->cls == MK_MEDIA_AUDIO
                      || it->media->cls == MK_MEDIA_VIDEO))
        b->pub.has_media = 1;
    return it->media ? it : NULL;
}

/* ---- phase 1: reading and checking --------------------------------- */

static char *find_book_file(struct build *b)
{
    const char *given = b->opts->book;
    struct stat st;

    if (stat(given, &st) < 0) {
        mk_diag_system(b->dc, given, errno, "cannot read the book");
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        char *file = mk_path_join(given, "book.xml");

        if (!file) {
            oom(b);
            return NULL;
        }
        if (stat(file, &st) < 0) {
            mk_diag_system(b->dc, file, errno, "cannot read the book");
            free(file);
            return NULL;
        }
        return file;
    }
    return mk_path_join("", given);
}

static int setup_root(struct build *b)
{
    char *book_real;

    b->root = b->opts->root ? mk_path_join("", b->opts->root)
                            : mk_path_join(b->book.dir, "..");
    if (!b->root || !(b->root_abs = mk_path_absolute(b->root)))
        return oom(b);
    b->root_real = realpath(b->root, NULL);
    if (!b->root_real)
        return mk_diag_system(b->dc, b->root, errno, "cannot use the root "
                              "folder");
    book_real = realpath(b->book.file, NULL);
    if (!book_real || !mk_path_is_within(b->root_real, book_real)) {
        free(book_real);
        return mk_error(b->dc, b->book.file, 0, 0, "book.xml lies outside "
                        "the root folder '%s'", b->root);
    }
    free(book_real);
    return 0;
}

static int setup_chapter_css(struct build *b, size_t i)
{
    const struct mk_book *bk = &b->book;
    char *dir = mk_path_dirname(bk->chapters[i].file.path);
    size_t j;

    b->chapter_css[i] = mk_calloc(bk->n_stylesheets + 1, sizeof(char *));
    if (!dir || !b->chapter_css[i]) {
        free(dir);
        return oom(b);
    }
    for (j = 0; j < bk->n_stylesheets; j++) {
        b->chapter_css[i][j] = mk_path_relative(dir,
                                                bk->stylesheets[j].path);
        if (!b->chapter_css[i][j]) {
            free(dir);
            return oom(b);
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
}

static void load_chapter(struct build *b, size_t i)
{
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    struct mk_xhtml_spec spec;
    struct mapped m;
    xmlDocPtr doc;

    chapter_spec(b, i, &spec);
    if (map_file(b, spec.path, &m) < 0)
        return;
    doc = mk_xhtml_load(&spec, m.data, m.len, b->dc, &c->info);
    unmap_file(&m);
    xmlFreeDoc(doc);
}

static void load_chapter_job(void *ctx, size_t i)
{
    struct build *b = ctx;

    if (b->pub.chapters[i].loadable)
        load_chapter(b, i);
}

static int read_chapters(struct build *b)
{
    const struct mk_book *bk = &b->book;
    size_t i;

    b->pub.chapters = mk_calloc(bk->n_chapters, sizeof(*b->pub.chapters));
    b->chapter_css = mk_calloc(bk->n_chapters, sizeof(*b->chapter_css));
    if (!b->pub.chapters || !b->chapter_css)
        return oom(b);
    b->pub.n_chapters = bk->n_chapters;
    for (i = 0; i < bk->n_chapters && !b->oom; i++) {
        const struct mk_fileref *f = &bk->chapters[i].file;
        struct mk_pub_chapter *c = &b->pub.chapters[i];

        c->entry = &bk->chapters[i];
        mk_xhtml_info_init(&c->info);
        if (setup_chapter_css(b, i) < 0)
            return -1;
        c->item = register_path(b, f->path, bk->file, f->line);
        if (!c->item || mk_strmap_put(&b->chapters, c->item->path, c) < 0)
            return oom(b);
        c->item->media = mk_media_by_type("application/xhtml+xml");
        c->item->media_type = c->item->media->type;
        if (check_contained(b, f->path, f->href, bk->file, f->line) < 0)
            continue;
        if (strchr(mk_path_basename(f->path), ' '))
            mk_warning(b->dc, bk->file, f->line, 0, "file name '%s' "
                       "contains a space, which EPUBCheck (PKG-010) and "
                       "Kobo reject; rename it", mk_path_basename(f->path));
        c->loadable = 1;
    }
    if (b->oom)
        return -1;
    mk_parallel_for(bk->n_chapters, mk_pipeline_threads(b->opts->threads),
                    load_chapter_job, b);
    for (i = 0; i < bk->n_chapters; i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];

        b->pub.images += c->info.images;
        b->pub.images_without_alt += c->info.images_without_alt;
        b->pub.pagebreaks += c->info.n_pagebreaks;
        b->pub.props |= c->info.props;
        c->item->props |= c->info.props;
    }
    return 0;
}

static void read_book_resources(struct build *b)
{
    const struct mk_book *bk = &b->book;
    size_t i;

    b->pub.stylesheets = mk_calloc(bk->n_stylesheets,
                                   sizeof(*b->pub.stylesheets));
    if (!b->pub.stylesheets) {
        oom(b);
        return;
    }
    for (i = 0; i < bk->n_stylesheets; i++) {
        const struct mk_fileref *f = &bk->stylesheets[i];
        struct mk_item *it = register_resource(b, f->path, f->href,
                                               bk->file, f->line);

        if (it && it->media->cls != MK_MEDIA_CSS)
            mk_error(b->dc, bk->file, f->line, 0, "stylesheet '%s' is %s, "
                     "not CSS", f->href, it->media->type);
        else if (it)
            b->pub.stylesheets[b->pub.n_stylesheets++] = it;
    }
    if (bk->cover.path) {
        const struct mk_fileref *f = &bk->cover;
        struct mk_item *it = register_resource(b, f->path, f->href,
                                               bk->file, f->line);

        if (!it)
            return;
        if (it->media->cls != MK_MEDIA_IMAGE || !it->media->core)
            mk_error(b->dc, bk->file, f->line, 0, "cover '%s' is %s; use a "
                     "JPEG, PNG, GIF or SVG image", f->href, it->media->type);
        else if (!it->media->epubcheck4)
            mk_warning(b->dc, bk->file, f->line, 0, "cover '%s' is %s, "
                       "which EPUBCheck 4.2 and older readers refuse as a "
                       "cover (OPF-012); use JPEG or PNG for them", f->href,
                       it->media->type);
        it->props |= MK_ITEM_COVER_IMAGE;
        b->pub.cover_image = it;
    }
}

static void check_fragment(struct build *b, const struct mk_pub_chapter *from,
                           const struct mk_ref *r,
                           const struct mk_pub_chapter *to,
                           const char *fragment)
{
    if (!fragment || !fragment[0] || mk_xhtml_has_id(&to->info, fragment))
        return;
    if (!to->info.n_ids && !to->info.title)
        return;     /* the target failed to load; reported there */
    mk_error(b->dc, from->item->path, r->line, 0, "link to '%s': no element "
             "has id '%s'%s%s", r->url, fragment, to == from ? "" : " in ",
             to == from ? "" : to->item->path);
}

static void remote_reference(struct build *b, struct mk_pub_chapter *c,
                             const struct mk_ref *r, const struct mk_url *u)
{
    struct mk_item *it;

    if (r->kind == MK_REF_LINK || strcmp(u->scheme, "data") == 0
        || strcmp(u->scheme, "mailto") == 0)
        return;
    if (r->kind != MK_REF_MEDIA
        || (strcmp(u->scheme, "http") != 0
            && strcmp(u->scheme, "https") != 0)) {
        mk_error(b->dc, c->item->path, r->line, 0, "<%s> refers to remote "
                 "'%s': EPUB allows only audio and video outside the book; "
                 "download it into the book folder", r->element, r->url);
        return;
    }
    mk_warning(b->dc, c->item->path, r->line, 0, "<%s> streams '%s' from "
               "the network; readers without a connection cannot play it",
               r->element, r->url);
    c->item->props |= MK_PROP_REMOTE;
    b->pub.has_media = 1;
    if (mk_strmap_get(&b->items, r->url))
        return;
    it = register_path(b, r->url, c->item->path, r->line);
    if (!it)
        return;
    it->remote = 1;
    it->media = mk_media_by_name(u->path);
    it->media_type = it->media ? it->media->type : "video/mp4";
    it->href = mk_strdup(r->url);
    if (!it->href)
        oom(b);
}

static void check_embedded(struct build *b, struct mk_pub_chapter *c,
                           const struct mk_ref *r, struct mk_item *it)
{
    const struct mk_media *m = it->media;

    if (r->kind == MK_REF_STYLESHEET && m->cls != MK_MEDIA_CSS)
        mk_error(b->dc, c->item->path, r->line, 0, "stylesheet '%s' is %s, "
                 "not CSS", r->url, m->type);
    else if (strcmp(r->element, "img") == 0 && m->cls != MK_MEDIA_IMAGE)
        mk_error(b->dc, c->item->path, r->line, 0, "<img> shows '%s', which "
                 "is %s, not an image", r->url, m->type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->core)
        mk_error(b->dc, c->item->path, r->line, 0, "'%s' is %s, not an EPUB "
                 "core image type, so it would need a fallback; convert it "
                 "to JPEG or PNG", r->url, m->type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->epubcheck4)
        mk_warning(b->dc, c->item->path, r->line, 0, "'%s' is %s, which "
                   "EPUBCheck 4.2 and older readers reject (MED-003); "
                   "convert it to JPEG or PNG for them", r->url, m->type);
}

static void resolve_reference(struct build *b, struct mk_pub_chapter *c,
                              const struct mk_ref *r, const char *dir)
{
    struct mk_url u;
    int bad = 0;
    char *target;

    if (mk_url_parse(r->url, &u, &bad) < 0) {
        oom(b);
        return;
    }
    if (bad)
        mk_error(b->dc, c->item->path, r->line, 0, "'%s' has a malformed "
                 "%%-escape", r->url);
    if (u.remote) {
        remote_reference(b, c, r, &u);
    } else if (u.absolute) {
        mk_error(b->dc, c->item->path, r->line, 0, "absolute path '%s': use "
                 "a path relative to the chapter", r->url);
    } else if (!u.path[0]) {
        if (r->kind == MK_REF_LINK)
            check_fragment(b, c, r, c, u.fragment);
    } else if (!(target = mk_path_join(dir, u.path))) {
        oom(b);
    } else {
        struct mk_pub_chapter *to = mk_strmap_get(&b->chapters, target);

        if (to && r->kind == MK_REF_LINK) {
            check_fragment(b, c, r, to, u.fragment);
        } else if (to) {
            mk_error(b->dc, c->item->path, r->line, 0, "<%s> embeds the "
                     "chapter '%s'; link to it with <a> instead",
                     r->element, r->url);
        } else {
            struct mk_item *it = register_resource(b, target, r->url,
                                                   c->item->path, r->line);

            if (it)
                check_embedded(b, c, r, it);
        }
        free(target);
    }
    mk_url_release(&u);
}

static void resolve_references(struct build *b)
{
    size_t i, j;

    for (i = 0; i < b->pub.n_chapters && !b->oom; i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];
        char *dir = mk_path_dirname(c->item->path);

        if (!dir) {
            oom(b);
            return;
        }
        for (j = 0; j < c->info.n_refs && !b->oom; j++)
            resolve_reference(b, c, &c->info.refs[j], dir);
        free(dir);
    }
}

/* Cross-checking is done: keep only what the navigation needs, so the
 * writing phase does not carry every id and link of the book. */
static void drop_links(struct build *b)
{
    size_t i;

    for (i = 0; i < b->pub.n_chapters; i++)
        mk_xhtml_info_drop_links(&b->pub.chapters[i].info);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Warns about files in the book folder that nothing references: they
 * are not packaged (a stray file would be EPUBCheck OPF-003). */
static void find_unreferenced(struct build *b, const char *dir, int depth)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;

    if (depth > 16 || !(d = opendir(dir)))
        return;
    while ((de = readdir(d))) {
        char *name;

        if (de->d_name[0] == '.')
            continue;
        name = mk_strdup(de->d_name);
        if (!name || mk_grow_array(&names, &cap, n, sizeof(*names)) < 0) {
            free(name);
            oom(b);
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

        if (path && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                find_unreferenced(b, path, depth + 1);
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

/* ---- phase 2: layout ----------------------------------------------- */

static const char *new_id(struct build *b, const char *base)
{
    char *s = mk_strmap_unused(&b->ids, base);

    if (!s || mk_grow_array(&b->owned_ids, &b->cap_owned_ids,
                            b->n_owned_ids, sizeof(*b->owned_ids)) < 0
        || mk_strmap_put(&b->ids, s, s) < 0) {
        free(s);
        oom(b);
        return NULL;
    }
    b->owned_ids[b->n_owned_ids++] = s;
    return s;
}

static int set_id(struct build *b, struct mk_item *it, const char *base)
{
    const char *id = new_id(b, base);

    if (!id)
        return -1;
    it->id = mk_strdup(id);
    return it->id ? 0 : oom(b);
}

/* The longest folder prefix shared by every source file (absolute,
 * lexical), so the package keeps the sources' relative layout. */
static char *common_folder(struct build *b)
{
    char *prefix = NULL;
    size_t i;

    for (i = 0; i < b->pub.n_items; i++) {
        const struct mk_item *it = b->pub.items[i];
        char *abs, *dir;
        size_t k = 0, last = 0;

        if (!it->path || it->remote)
            continue;
        abs = mk_path_absolute(it->path);
        dir = abs ? mk_path_dirname(abs) : NULL;
        free(abs);
        if (!dir) {
            free(prefix);
            oom(b);
            return NULL;
        }
        if (!prefix) {
            prefix = dir;
            continue;
        }
        while (prefix[k] && prefix[k] == dir[k]) {
            k++;
            if (dir[k] == '/' || dir[k] == '\0')
                last = (prefix[k] == '/' || prefix[k] == '\0') ? k : last;
        }
        prefix[last ? last : 1] = '\0';
        free(dir);
    }
    return prefix;
}

static struct mk_item *generated(struct build *b,
                                 const struct mk_strmap *taken,
                                 const char *name, const char *id,
                                 const char *type)
{
    struct mk_item *it = new_item(b);
    struct mk_buf href = MK_BUF_INIT;

    if (!it)
        return NULL;
    mk_buf_adds(&href, name);
    /* a source file of the same name wins; ours moves aside */
    while (!href.failed && mk_strmap_get(taken, mk_buf_str(&href))) {
        char *old = mk_buf_detach(&href, NULL);

        mk_buf_addf(&href, "mkepub-%s", old ? old : "");
        free(old);
    }
    it->href = mk_buf_detach(&href, NULL);
    it->media_type = type;
    if (!it->href || set_id(b, it, id) < 0) {
        oom(b);
        return NULL;
    }
    return it;
}

static int lay_out(struct build *b)
{
    char *prefix = common_folder(b);
    size_t i, n_sources = b->pub.n_items;
    struct mk_strmap hrefs = MK_STRMAP_INIT;
    int rc = 0;

    if (!prefix && n_sources)
        return -1;
    /* reserve generated ids and names first; sources get the rest */
    for (i = 0; i < n_sources && rc == 0; i++) {
        struct mk_item *it = b->pub.items[i];
        char *abs;

        if (it->remote)
            continue;
        abs = mk_path_absolute(it->path);
        if (!abs)
            return oom(b);
        it->href = mk_strdup(abs + strlen(prefix)
                             + (strcmp(prefix, "/") != 0));
        free(abs);
        if (!it->href || mk_strmap_put(&hrefs, it->href, it) < 0)
            rc = oom(b);
    }
    free(prefix);
    if (rc == 0) {
        b->pub.nav = generated(b, &hrefs, "nav.xhtml", "nav",
                               "application/xhtml+xml");
        if (!b->opts->no_ncx)
            b->pub.ncx = generated(b, &hrefs, "toc.ncx", "ncx",
                                   "application/x-dtbncx+xml");
        b->pub.credits = generated(b, &hrefs, "credits.xhtml", "credits",
                                   "application/xhtml+xml");
        if (b->pub.cover_image)
            b->pub.cover_page = generated(b, &hrefs, "cover.xhtml",
                                          "cover-page",
                                          "application/xhtml+xml");
    }
    mk_strmap_release(&hrefs);
    if (rc < 0 || b->oom)
        return -1;
    b->pub.nav->props |= MK_ITEM_NAV;
    for (i = 0; i < n_sources; i++) {
        struct mk_item *it = b->pub.items[i];
        char *slug = mk_xhtml_slug(it->remote ? "remote"
                                              : mk_path_basename(it->href));

        if (!slug || set_id(b, it, slug) < 0) {
            free(slug);
            return oom(b);
        }
        free(slug);
    }
    return 0;
}

static void set_writers(struct build *b)
{
    struct mk_pub *p = &b->pub;

    p->nav->write = mk_nav_write;
    if (p->ncx)
        p->ncx->write = mk_ncx_write;
    p->credits->write = mk_credits_write;
    if (p->cover_page)
        p->cover_page->write = mk_cover_page_write;
}

/* ---- phase 2: writing ---------------------------------------------- */

/* Produces chapter i rewritten and deflated (on a worker thread: it
 * reads only shared read-only data and records in the thread-safe
 * collector).  NULL after recording the problem. */
static void *produce_chapter(void *ctx, size_t i)
{
    struct build *b = ctx;
    struct mk_xhtml_spec spec;
    struct mk_diag *scratch = mk_diag_new();
    struct mk_buf bytes = MK_BUF_INIT;
    struct mk_deflated *out = NULL;
    struct mapped m;
    xmlDocPtr doc = NULL;

    if (!scratch) {
        mk_diag_oom(b->dc);
        return NULL;
    }
    chapter_spec(b, i, &spec);
    if (map_file(b, spec.path, &m) == 0) {
        doc = mk_xhtml_load(&spec, m.data, m.len, scratch, NULL);
        unmap_file(&m);
        if (!doc)
            mk_error(b->dc, spec.path, 0, 0, "the file changed while the "
                     "book was being written; run mkepub again");
        else if (mk_xhtml_serialize(doc, &bytes) < 0
                 || !(out = mk_archive_deflate(bytes.buf, bytes.len)))
            mk_diag_oom(b->dc);
    }
    xmlFreeDoc(doc);
    mk_buf_release(&bytes);
    mk_diag_free(scratch);
    return out;
}

static void free_chapter_result(void *result)
{
    mk_deflated_free(result);
}

struct chapter_fill {
    struct build *b;
    size_t index;
};

static struct mk_deflated *take_chapter(void *ctx)
{
    struct chapter_fill *f = ctx;

    return mk_pipeline_take(f->b->pipeline, f->index);
}

static char *entry_name(const struct mk_item *it)
{
    struct mk_buf name = MK_BUF_INIT;

    mk_buf_addf(&name, "%s/%s", MK_PACKAGE_DIR, it->href);
    return mk_buf_detach(&name, NULL);
}

struct generated_fill {
    struct build *b;
    const struct mk_item *item;
};

static int fill_generated(void *ctx, struct mk_buf *out)
{
    struct generated_fill *f = ctx;

    if (f->item->write(&f->b->pub, out) < 0)
        return oom(f->b);
    return 0;
}

static int add_generated(struct build *b, struct mk_archive *a,
                         const struct mk_item *it,
                         struct generated_fill *fill)
{
    char *name;
    int rc;

    if (!it)
        return 0;
    name = entry_name(it);
    if (!name)
        return oom(b);
    fill->b = b;
    fill->item = it;
    rc = mk_archive_add_lazy(a, name, fill_generated, fill, 0);
    free(name);
    return rc;
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

/* fills and gen must stay alive until the archive is committed. */
static int add_entries(struct build *b, struct mk_archive *a,
                       struct mk_buf *opf, struct chapter_fill *fills,
                       struct generated_fill gen[4])
{
    struct mk_pub *p = &b->pub;
    size_t i;

    if (mk_archive_add_data(a, "mimetype", "application/epub+zip", 20, 1) < 0
        || mk_archive_add_data(a, "META-INF/container.xml", container_xml,
                               sizeof(container_xml) - 1, 0) < 0
        || mk_archive_add_data(a, MK_PACKAGE_DIR "/content.opf", opf->buf,
                               opf->len, 0) < 0
        || add_generated(b, a, p->nav, &gen[0]) < 0
        || add_generated(b, a, p->ncx, &gen[1]) < 0
        || add_generated(b, a, p->cover_page, &gen[2]) < 0)
        return -1;
    for (i = 0; i < p->n_chapters; i++) {
        char *name = entry_name(p->chapters[i].item);
        int rc;

        if (!name)
            return oom(b);
        fills[i].b = b;
        fills[i].index = i;
        rc = mk_archive_add_deflated(a, name, take_chapter, &fills[i]);
        free(name);
        if (rc < 0)
            return -1;
    }
    if (add_generated(b, a, p->credits, &gen[3]) < 0)
        return -1;
    for (i = 0; i < p->n_items; i++) {
        const struct mk_item *it = p->items[i];
        char *name;
        int rc;

        if (!it->path || it->remote || mk_strmap_get(&b->chapters, it->path))
            continue;
        name = entry_name(it);
        if (!name)
            return oom(b);
        rc = mk_archive_add_file(a, name, it->path, it->size,
                                 it->media->stored);
        free(name);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static char *default_output(struct build *b)
{
    struct mk_buf path = MK_BUF_INIT;
    char *slug = mk_xhtml_slug(b->book.title);

    if (!slug) {
        oom(b);
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
    return mk_buf_detach(&path, NULL);
}

static int check_output(struct build *b, const char *path)
{
    struct stat st;
    char *dir;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return mk_diag_system(b->dc, path, EISDIR, "cannot write the book");
    dir = mk_path_dirname(path);
    if (!dir)
        return oom(b);
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

static int write_archive(struct build *b, struct mk_result *res)
{
    const char *out = b->opts->output;
    char *path = NULL;
    struct mk_buf opf = MK_BUF_INIT;
    struct chapter_fill *fills = NULL;
    struct generated_fill gen[4];
    struct mk_archive *a = NULL;
    int rc = -1;

    if (!out)
        path = default_output(b);
    else if (strcmp(out, "-") != 0)
        path = mk_strdup(out);
    if ((!path && (!out || strcmp(out, "-") != 0))
        || (path && check_output(b, path) < 0))
        goto done;
    if (mk_opf_write(&b->pub, &opf) < 0) {
        oom(b);
        goto done;
    }
    fills = mk_calloc(b->pub.n_chapters, sizeof(*fills));
    b->pipeline = mk_pipeline_new(b->pub.n_chapters, b->opts->threads,
                                  produce_chapter, free_chapter_result, b);
    if (!fills || !b->pipeline) {
        oom(b);
        goto done;
    }
    a = mk_archive_open(path, path ? path : "<stdout>", b->mtime, b->dc,
                        b->opts->cancel);
    if (!a)
        goto done;
    if (add_entries(b, a, &opf, fills, gen) < 0) {
        mk_archive_discard(a);
        goto done;
    }
    mk_pipeline_start(b->pipeline);
    rc = mk_archive_commit(a, &res->data, &res->size);
    if (rc == 0 && path) {
        res->output_path = path;
        path = NULL;
    }
done:
    mk_pipeline_free(b->pipeline);
    b->pipeline = NULL;
    free(fills);
    free(path);
    mk_buf_release(&opf);
    return rc;
}

/* ---- the run ------------------------------------------------------- */

static void set_time(struct build *b)
{
    struct tm tm;

    b->mtime = b->opts->have_epoch ? (time_t)b->opts->epoch : time(NULL);
    gmtime_r(&b->mtime, &tm);
    strftime(b->pub.modified, sizeof(b->pub.modified), "%Y-%m-%dT%H:%M:%SZ",
             &tm);
}

static int read_book(struct build *b)
{
    char *file = find_book_file(b);
    struct mapped m;
    int rc;

    if (!file)
        return -1;
    rc = map_file(b, file, &m);
    if (rc == 0) {
        rc = mk_book_read(file, m.data, m.len, b->dc, &b->book);
        unmap_file(&m);
    }
    free(file);
    b->pub.book = &b->book;
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
    free(b->pub.chapters);
    for (i = 0; i < b->pub.n_items; i++) {
        struct mk_item *it = b->pub.items[i];

        free(it->path);
        free(it->href);
        free(it->id);
        free(it->ref_file);
        free(it);
    }
    free(b->pub.items);
    free(b->pub.stylesheets);
    for (i = 0; i < b->n_owned_ids; i++)
        free(b->owned_ids[i]);
    free(b->owned_ids);
    mk_strmap_release(&b->items);
    mk_strmap_release(&b->chapters);
    mk_strmap_release(&b->ids);
    free(b->root);
    free(b->root_abs);
    free(b->root_real);
    mk_book_release(&b->book);
}

enum mk_status mk_build(const struct mk_options *opts, struct mk_diag *dc,
                        struct mk_result *res)
{
    struct build b;

    memset(&b, 0, sizeof(b));
    b.opts = opts;
    b.dc = dc;
    set_time(&b);
    if (read_book(&b) == 0 && setup_root(&b) == 0
        && read_chapters(&b) == 0) {
        read_book_resources(&b);
        resolve_references(&b);
        find_unreferenced(&b, b.book.dir, 0);
        drop_links(&b);
        res->chapters = b.pub.n_chapters;
        if (mk_diag_status(dc) == MK_OK && !opts->check_only
            && lay_out(&b) == 0) {
            set_writers(&b);
            res->resources = b.pub.n_items;
            write_archive(&b, res);
        }
    }
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
