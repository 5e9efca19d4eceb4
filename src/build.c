/*
 * build.c - mk_build(): the whole run, from book.xml to the archive.
 *
 * Phase 1 reads and checks everything (book.xml, every chapter, every
 * stylesheet and resource, every cross-reference) keeping only what the
 * package needs (headings, ids, references), never a whole book.  If any
 * error was found, nothing is written.  Phase 2 lays the package out and
 * streams it into the archive: worker threads parse, rewrite and deflate
 * the chapters again, in order, just ahead of libzip, which copies the
 * deflated bytes as they are; resources are read from disk as they are
 * written.  The parts of a run live in resources.c, xref.c and layout.c
 * (see build.h).
 */
#include "archive.h"
#include "build.h"
#include "diag.h"
#include "xml.h"
#include "path.h"
#include "pipeline.h"
#include "xhtml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int mk_build_oom(struct build *b)
{
    if (!b->oom)
        mk_diag_oom(b->dc);
    b->oom = 1;
    return -1;
}

int mk_build_cwd_failed(struct build *b)
{
    if (errno == ENOMEM)
        return mk_build_oom(b);
    if (!b->cwd_failed)
        mk_diag_system(b->dc, NULL, errno, "cannot find the current "
                       "folder (run mkepub from a folder that exists, "
                       "or give absolute paths)");
    b->cwd_failed = 1;
    return -1;
}

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
            mk_build_oom(b);
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
        mk_build_oom(b);
    return file;
}

static int setup_root(struct build *b)
{
    char *book_real;

    b->root = b->opts->root ? mk_path_join("", b->opts->root)
                            : mk_path_join(b->book.dir, "..");
    if (!b->root)
        return mk_build_oom(b);
    b->root_abs = mk_path_absolute(b->root);
    if (!b->root_abs)
        return mk_build_cwd_failed(b);
    b->root_real = realpath(b->root, NULL);
    if (!b->root_real)
        return mk_diag_system(b->dc, b->root, errno, "cannot use the root "
                              "folder");
    book_real = realpath(b->book.file, NULL);
    if (!book_real)
        return mk_diag_system(b->dc, b->book.file, errno, "cannot read");
    if (!mk_path_is_within(b->root_real, book_real)) {
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
        return mk_build_oom(b);
    }
    for (j = 0; j < bk->n_stylesheets; j++) {
        b->chapter_css[i][j] = mk_path_relative(dir,
                                                bk->stylesheets[j].path);
        if (!b->chapter_css[i][j]) {
            free(dir);
            return mk_build_oom(b);
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
    spec->title = e->title ? e->title : b->pub.chapters[i].title;
    spec->lang = b->book.n_languages ? b->book.languages[0] : NULL;
    spec->stylesheets = (const char *const *)b->chapter_css[i];
    spec->n_stylesheets = b->book.n_stylesheets;
    spec->epub33_only = b->opts->epub33_only;
}

/* ---- what a chapter is ---------------------------------------------- */

static const char *const markdown_ext[] = {
    "markdown", "md", "mdown", "mdwn", "mkd", "mkdn",
};

static int is_markdown(const char *path)
{
    const char *dot = strrchr(mk_path_basename(path), '.');
    size_t i;

    for (i = 0; dot && i < sizeof(markdown_ext) / sizeof(*markdown_ext); i++)
        if (strcasecmp(dot + 1, markdown_ext[i]) == 0)
            return 1;
    return 0;
}

/* Where the root element of an XML text starts (after a BOM, the XML
 * declaration, comments, processing instructions and a DOCTYPE with its
 * internal subset), or NULL when there is none.  *doctype and
 * *doctype_end receive the DOCTYPE's extent (NULL if none). */
static const char *root_element(const char *p, const char *end,
                                const char **doctype,
                                const char **doctype_end)
{
    *doctype = *doctype_end = NULL;
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
            *doctype = p;
            *doctype_end = close;
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

/* Maps chapter i; an SVG chapter's DOCTYPE is blanked (its lines kept),
 * so that the image parses as a body fragment.  Runs on worker threads:
 * problems go to the (thread-safe) collector only. */
static int map_chapter(struct build *b, size_t i, struct mapped *m)
{
    const char *doctype, *doctype_end;
    char *copy, *p;

    if (mk_resources_map(b, b->book.chapters[i].file.path, m) < 0)
        return -1;
    if (!b->pub.chapters[i].svg)
        return 0;
    root_element(m->data, m->data + m->len, &doctype, &doctype_end);
    if (!doctype || !doctype_end)
        return 0;
    copy = mk_malloc(m->len + 1);
    if (!copy) {
        mk_resources_unmap(m);
        return mk_diag_oom(b->dc);
    }
    memcpy(copy, m->data, m->len);
    for (p = copy + (doctype - m->data); p < copy + (doctype_end - m->data);
         p++)
        if (*p != '\n')
            *p = ' ';
    mk_resources_unmap(m);
    m->data = copy;
    m->mapped = 2;      /* malloc'ed */
    return 0;
}

static void unmap_chapter(struct mapped *m)
{
    if (m->mapped == 2) {
        free(m->data);
        m->data = NULL;
        m->mapped = 0;
    }
    mk_resources_unmap(m);
}

/* The text of the <title> child of an SVG document's root, or NULL;
 * *parsed tells whether the document is well-formed (if not, loading it
 * reports why). */
static char *svg_title(struct build *b, const struct mapped *m,
                       const char *path, int *parsed)
{
    struct mk_diag *scratch = mk_diag_new();
    xmlDocPtr doc;
    xmlNodePtr root, c;
    char *title = NULL;

    if (!scratch) {
        mk_build_oom(b);
        return NULL;
    }
    doc = mk_xml_parse(path, m->data, m->len, MK_XML_PLAIN, scratch, NULL);
    *parsed = doc != NULL;
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (c = root ? root->children : NULL; c && !title; c = c->next) {
        if (!mk_xml_is(c, MK_SVG_NS, "title"))
            continue;
        title = mk_xml_text(c);
        if (!title)
            mk_build_oom(b);
        else if (!title[0]) {
            free(title);
            title = NULL;
        }
    }
    if (mk_diag_system_failed(scratch))
        mk_build_oom(b);
    xmlFreeDoc(doc);
    mk_diag_free(scratch);
    return title;
}

/* Decides what the file listed as chapter i is: XHTML (loadable), an SVG
 * image (loadable as a body fragment, with a title from book.xml or its
 * own <title>), or something that cannot be a chapter (a located error
 * at the <chapter> in book.xml; nothing is ever packed under the wrong
 * type). */
static void classify_chapter(struct build *b, size_t i)
{
    const struct mk_chapter_entry *e = &b->book.chapters[i];
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    const char *file = b->book.file, *href = e->file.href;
    const struct mk_media *media;
    const char *root, *doctype, *doctype_end;
    struct mapped m;
    struct stat st;
    int mismatch = 0;

    if (is_markdown(e->file.path)) {
        mk_error(b->dc, file, e->file.line, 0, "chapter '%s': Markdown "
                 "chapters are not supported yet: convert it to XHTML "
                 "(e.g. pandoc -t html -o chapter.xhtml) and list that "
                 "file", href);
        return;
    }
    if (stat(e->file.path, &st) == 0 && !S_ISREG(st.st_mode)) {
        mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is %s, not a "
                 "file: list an XHTML file", href, S_ISDIR(st.st_mode)
                 ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                 : "a device or socket");
        return;
    }
    if (mk_resources_map(b, e->file.path, &m) < 0)
        return;
    media = mk_media_detect((const unsigned char *)m.data,
                            m.len < 4096 ? m.len : 4096, e->file.path,
                            &mismatch);
    root = root_element(m.data, m.data + m.len, &doctype, &doctype_end);
    if (media && media->cls == MK_MEDIA_XHTML) {
        c->loadable = 1;
    } else if (media && strcmp(media->type, "image/svg+xml") != 0) {
        if (media->cls == MK_MEDIA_IMAGE)
            mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is an "
                     "image (%s), not an XHTML document: show it from a "
                     "chapter with <img src=\"...\" alt=\"...\"/>", href,
                     media->type);
        else
            mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is %s, "
                     "not an XHTML document: list an XHTML file (or "
                     "convert it to XHTML)", href, media->type);
    } else if (root && is_svg_root(root, m.data + m.len)) {
        int parsed = 1;

        c->svg = 1;
        c->title = e->title ? NULL : svg_title(b, &m, e->file.path, &parsed);
        if (e->title || c->title || !parsed)
            c->loadable = 1;
        else if (!b->oom)
            mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is an SVG "
                     "image without a title: give its <chapter> "
                     "title=\"...\" or the SVG a <title>", href);
    } else if (root) {
        c->loadable = 1;    /* markup under another name: XHTML */
    } else {
        mk_error(b->dc, file, e->file.line, 0, "chapter '%s' is not an "
                 "XHTML document (it does not start with markup): convert "
                 "it to XHTML and list that file", href);
    }
    mk_resources_unmap(&m);
}

static void load_chapter(struct build *b, size_t i)
{
    struct mk_pub_chapter *c = &b->pub.chapters[i];
    struct mk_xhtml_spec spec;
    struct mapped m;
    xmlDocPtr doc;

    chapter_spec(b, i, &spec);
    if (map_chapter(b, i, &m) < 0)
        return;
    doc = mk_xhtml_load(&spec, m.data, m.len, b->dc, &c->info);
    unmap_chapter(&m);
    xmlFreeDoc(doc);
}

static void load_chapter_job(void *ctx, size_t i)
{
    struct build *b = ctx;

    if (b->pub.chapters[i].loadable && !cancelled(b))
        load_chapter(b, i);
}

static int read_chapters(struct build *b)
{
    const struct mk_book *bk = &b->book;
    size_t i;

    b->pub.chapters = mk_calloc(bk->n_chapters, sizeof(*b->pub.chapters));
    b->chapter_css = mk_calloc(bk->n_chapters, sizeof(*b->chapter_css));
    if (!b->pub.chapters || !b->chapter_css)
        return mk_build_oom(b);
    b->pub.n_chapters = bk->n_chapters;
    for (i = 0; i < bk->n_chapters && !b->oom && !cancelled(b); i++) {
        const struct mk_fileref *f = &bk->chapters[i].file;
        struct mk_pub_chapter *c = &b->pub.chapters[i];

        c->entry = &bk->chapters[i];
        mk_xhtml_info_init(&c->info);
        if (setup_chapter_css(b, i) < 0)
            return -1;
        c->item = mk_resources_add_path(b, f->path, bk->file, f->line, 0);
        if (!c->item || mk_strmap_put(&b->chapters, c->item->path, c) < 0)
            return mk_build_oom(b);
        c->item->media = mk_media_by_type("application/xhtml+xml");
        c->item->media_type = c->item->media->type;
        if (mk_resources_contained(b, f->path, f->href, bk->file, f->line,
                                   0) < 0)
            continue;
        classify_chapter(b, i);
    }
    if (b->oom || cancelled(b))
        return -1;
    mk_parallel_for(bk->n_chapters, mk_pipeline_threads(b->opts->threads),
                    load_chapter_job, b);
    if (cancelled(b))
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
        mk_build_oom(b);
        return;
    }
    for (i = 0; i < bk->n_stylesheets; i++) {
        const struct mk_fileref *f = &bk->stylesheets[i];
        struct mk_item *it = mk_resources_add(b, f->path, f->href,
                                               bk->file, f->line, 0);

        if (it && it->media->cls != MK_MEDIA_CSS)
            mk_error(b->dc, bk->file, f->line, 0, "stylesheet '%s' is %s, "
                     "not CSS", f->href, it->media->type);
        else if (it)
            b->pub.stylesheets[b->pub.n_stylesheets++] = it;
    }
    if (bk->cover.path) {
        const struct mk_fileref *f = &bk->cover;
        struct mk_item *it = mk_resources_add(b, f->path, f->href,
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
    if (map_chapter(b, i, &m) == 0) {
        doc = mk_xhtml_load(&spec, m.data, m.len, scratch, NULL);
        unmap_chapter(&m);
        if (mk_diag_system_failed(scratch))
            mk_diag_oom(b->dc);     /* the only system error of a load */
        else if (!doc)
            mk_error(b->dc, spec.path, 0, 0, "the file changed while the "
                     "book was being written; run mkepub again");
        else if ((b->renamed && mk_relink_chapter(b, i, doc) < 0)
                 || mk_xhtml_serialize(doc, &bytes) < 0
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
        return mk_build_oom(f->b);
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
        return mk_build_oom(b);
    fill->b = b;
    fill->item = it;
    rc = mk_archive_add_lazy(a, name, fill_generated, fill, 0);
    free(name);
    return rc;
}

/* A stylesheet or SVG image whose references may name renamed files:
 * rewritten from the file when the archive writes it. */
/* Nonzero if the file may refer to others that were renamed. */
static int needs_relink(const struct build *b, const struct mk_item *it)
{
    return b->renamed && (it->media->cls == MK_MEDIA_CSS
                          || strcmp(it->media->type, "image/svg+xml") == 0);
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

/* A source file packed with changes: without some of its bytes (mk_item
 * drop_at, drop_len: an SVG image's DOCTYPE) and with references to
 * renamed files rewritten (relink.c). Read when libzip writes it. */
struct source_fill {
    struct build *b;
    const struct mk_item *item;
};

/* The file's bytes without the dropped range, in *view (backed by tmp
 * when something was dropped). */
static int trimmed_view(struct build *b, const struct mk_item *it,
                        const struct mapped *m, struct mk_buf *tmp,
                        const char **view, size_t *len)
{
    *view = m->data;
    *len = m->len;
    if (!it->drop_len)
        return 0;
    if (m->len < it->drop_at + it->drop_len
        || memcmp(m->data + it->drop_at, "<!DOCTYPE", 9) != 0)
        return mk_error(b->dc, it->path, 0, 0, "the file changed while "
                        "the book was being written; run mkepub again");
    mk_buf_add(tmp, m->data, it->drop_at);
    mk_buf_add(tmp, m->data + it->drop_at + it->drop_len,
               m->len - it->drop_at - it->drop_len);
    if (tmp->failed)
        return mk_build_oom(b);
    *view = tmp->buf;
    *len = tmp->len;
    return 0;
}

static int fill_source(void *ctx, struct mk_buf *out)
{
    struct source_fill *f = ctx;
    const struct mk_item *it = f->item;
    struct mk_buf tmp = MK_BUF_INIT;
    struct mapped m;
    const char *view;
    size_t len;
    int changed, rc;

    if (mk_resources_map(f->b, it->path, &m) < 0)
        return -1;
    rc = trimmed_view(f->b, it, &m, &tmp, &view, &len);
    if (rc == 0) {
        if (!needs_relink(f->b, it))
            rc = mk_buf_add(out, view, len);
        else if (it->media->cls == MK_MEDIA_CSS)
            rc = mk_relink_css(f->b, it, view, len, out, &changed);
        else
            rc = mk_relink_svg(f->b, it, view, len, out);
        if (rc < 0)
            rc = mk_build_oom(f->b);
    }
    mk_resources_unmap(&m);
    mk_buf_release(&tmp);
    return rc;
}

/* fills, sources and gen must stay alive until the archive is committed. */
static int add_entries(struct build *b, struct mk_archive *a,
                       struct mk_buf *opf, struct chapter_fill *fills,
                       struct source_fill *sources,
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
            return mk_build_oom(b);
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
            return mk_build_oom(b);
        sources[i].b = b;
        sources[i].item = it;
        if (needs_relink(b, it) || it->drop_len)
            rc = mk_archive_add_lazy(a, name, fill_source, &sources[i],
                                     it->media->stored);
        else
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
    char *out;

    if (!slug) {
        mk_build_oom(b);
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
        mk_build_oom(b);
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
        return mk_build_oom(b);
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

static int write_archive(struct build *b, struct mk_result *res)
{
    const char *out = b->opts->output;
    char *path = NULL;
    struct mk_buf opf = MK_BUF_INIT;
    struct chapter_fill *fills = NULL;
    struct source_fill *sources = NULL;
    struct generated_fill gen[4];
    struct mk_archive *a = NULL;
    int rc = -1;

    if (!out)
        path = default_output(b);
    else if (strcmp(out, "-") != 0) {
        path = mk_strdup(out);
        if (!path) {
            mk_build_oom(b);
            goto done;
        }
    }
    if ((!path && (!out || strcmp(out, "-") != 0))
        || (path && (check_output(b, path) < 0
                     || check_not_source(b, path) < 0)))
        goto done;
    if (mk_opf_write(&b->pub, &opf) < 0) {
        mk_build_oom(b);
        goto done;
    }
    fills = mk_calloc(b->pub.n_chapters, sizeof(*fills));
    sources = mk_calloc(b->pub.n_items, sizeof(*sources));
    b->pipeline = mk_pipeline_new(b->pub.n_chapters, b->opts->threads,
                                  produce_chapter, free_chapter_result, b);
    if (!fills || !sources || !b->pipeline) {
        mk_build_oom(b);
        goto done;
    }
    a = mk_archive_open(path, path ? path : "<stdout>", b->mtime, b->dc,
                        b->opts->cancel);
    if (!a)
        goto done;
    if (add_entries(b, a, &opf, fills, sources, gen) < 0) {
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
    free(sources);
    free(path);
    mk_buf_release(&opf);
    return rc;
}

/* ---- the run ------------------------------------------------------- */

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
    struct mapped m;
    int rc;

    if (!file)
        return -1;
    rc = mk_resources_map(b, file, &m);
    if (rc == 0) {
        rc = mk_book_read(file, m.data, m.len, b->dc, &b->book);
        mk_resources_unmap(&m);
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
        free(b->pub.chapters[i].title);
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
    mk_resources_release(b);
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
    int writing = 0;

    memset(&b, 0, sizeof(b));
    b.opts = opts;
    b.dc = dc;
    if (set_time(&b) == 0 && read_book(&b) == 0 && setup_root(&b) == 0
        && read_chapters(&b) == 0 && !cancelled(&b)) {
        read_book_resources(&b);
        if (!cancelled(&b)) {
            mk_xref_resolve(&b);
            mk_resources_check_fragments(&b);
            mk_resources_find_unreferenced(&b, b.book.dir, 0);
            mk_xref_drop_links(&b);
        }
        res->chapters = b.pub.n_chapters;
        if (mk_diag_status(dc) == MK_OK && !opts->check_only
            && !cancelled(&b) && mk_layout(&b) == 0) {
            mk_layout_set_writers(&b);
            res->resources = b.pub.n_items;
            res->renamed = b.renamed;
            writing = 1;
            write_archive(&b, res);
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
