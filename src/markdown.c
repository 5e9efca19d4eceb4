/*
 * markdown.c - Markdown chapters: cmark-gfm to an XHTML body fragment,
 * footnotes to EPUB pop-up notes, and the position map (markdown.h).
 *
 * Global state, and why it is acceptable: cmark-gfm keeps its syntax
 * extensions in a process-wide registry that only
 * cmark_gfm_core_extensions_ensure_registered() can fill (the
 * constructors of the core extensions are not exported), and its
 * inline parser toggles a process-wide table of special characters
 * while a parser with extensions runs (cmark_parser_feed and _finish).
 * So the registry is filled once (pthread_once) and is read-only after
 * that; it lives until the process ends (valgrind: "still reachable",
 * never "lost"; cmark_release_plugins() is not called, because another
 * user of cmark-gfm in the same process would lose its extensions).
 * Parsing holds one mutex, so that two chapters parsed on two worker
 * threads never see each other's special characters; rendering and the
 * rest run in parallel.  cmark-gfm aborts when its own allocations fail
 * (its default allocator): that cannot be reported as exit 3.
 */
#include "markdown.h"
#include "buf.h"
#include "diag.h"
#include "path.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const markdown_ext[] = {
    "markdown", "md", "mdown", "mdwn", "mkd", "mkdn",
};

static const char *const extensions[] = {
    "table", "strikethrough", "autolink",
};

#define OPTIONS (CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE \
                 | CMARK_OPT_FOOTNOTES \
                 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)

/* The marker put before inline nodes: \1line:col:end_line\1.  Byte 1
 * cannot come from the .md file (it is refused as not text). */
#define MARK '\1'

static const char sourcepos_attr[] = " data-sourcepos=\"";

static pthread_once_t registered = PTHREAD_ONCE_INIT;
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

int mk_markdown_is_path(const char *path)
{
    const char *dot = strrchr(mk_path_basename(path), '.');
    size_t i;

    for (i = 0; dot && i < sizeof(markdown_ext) / sizeof(*markdown_ext); i++)
        if (strcasecmp(dot + 1, markdown_ext[i]) == 0)
            return 1;
    return 0;
}

/* ---- input ------------------------------------------------------------ */

/* Length of the UTF-8 sequence at p (at most n bytes), or 0 if it is not
 * one (overlong forms, surrogates and code points past U+10FFFF are
 * not). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned cp;
    size_t len, i;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (n < len)
        return 0;
    cp = p[0] & (0x7F >> len);
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
        || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Reports the first byte that is not text (not UTF-8, or a control
 * character XML does not allow).  Returns 0 or -1. */
static int check_text(const char *path, const char *data, size_t len,
                      struct mk_diag *dc)
{
    const unsigned char *p = (const unsigned char *)data;
    long line = 1, col = 1;
    size_t i = 0;

    while (i < len) {
        size_t n = utf8_len(p + i, len - i);

        if (n == 0)
            return mk_error(dc, path, line, col, "byte 0x%02X is not UTF-8: "
                            "save the Markdown file as UTF-8", p[i]);
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return mk_error(dc, path, line, col, "control character 0x%02X "
                            "cannot be in an EPUB: delete it", p[i]);
        if (p[i] == '\n') {
            line++;
            col = 0;
        }
        col++;
        i += n;
    }
    return 0;
}

/* ---- the tree --------------------------------------------------------- */

struct nodes {
    cmark_node **v;
    size_t n, cap;
};

static int push(struct nodes *s, cmark_node *node)
{
    if (mk_grow_array(&s->v, &s->cap, s->n + 1, sizeof(*s->v)) < 0)
        return -1;
    s->v[s->n++] = node;
    return 0;
}

/* cmark_node_free() that takes NULL (cmark-gfm's does not). */
static void free_node(cmark_node *node)
{
    if (node)
        cmark_node_free(node);
}

static cmark_node *raw(cmark_node_type type, const char *text)
{
    cmark_node *node = cmark_node_new(type);

    if (node)
        cmark_node_set_literal(node, text);
    return node;
}

/* A raw node: a marker for node's place, then text.  NULL if memory ran
 * out. */
static cmark_node *marked(cmark_node_type type, cmark_node *node,
                          const char *text)
{
    struct mk_buf b = MK_BUF_INIT;
    cmark_node *r;

    mk_buf_addf(&b, "%c%d:%d:%d%c%s", MARK, cmark_node_get_start_line(node),
                cmark_node_get_start_column(node),
                cmark_node_get_end_line(node), MARK, text);
    if (mk_buf_failed(&b)) {
        mk_buf_release(&b);
        return NULL;
    }
    r = raw(type, mk_buf_str(&b));
    mk_buf_release(&b);
    return r;
}

static int mark_inline(cmark_node *node)
{
    cmark_node *m = marked(CMARK_NODE_HTML_INLINE, node, "");

    if (m && cmark_node_insert_before(node, m))
        return 0;
    free_node(m);
    return -1;
}

static int mark_html_block(cmark_node *node)
{
    cmark_node *m = marked(CMARK_NODE_HTML_BLOCK, node,
                           cmark_node_get_literal(node));
    int ok;

    if (!m)
        return -1;
    ok = cmark_node_set_literal(node, cmark_node_get_literal(m));
    cmark_node_free(m);
    return ok ? 0 : -1;
}

/* Replaces footnote reference ref (its literal is the note's number)
 * with a noteref link; seen counts the references to each note, so that
 * the second one gets its own id. */
static int noteref(cmark_node *ref, unsigned *seen, size_t n_notes)
{
    struct mk_buf b = MK_BUF_INIT;
    const char *num = cmark_node_get_literal(ref);
    unsigned long k = num ? strtoul(num, NULL, 10) : 0;
    cmark_node *r;

    if (k >= 1 && k <= n_notes && seen[k - 1]++)
        mk_buf_addf(&b, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" "
                    "href=\"#fn%lu\" id=\"fnref%lu-%u\">%lu</a></sup>", k, k,
                    seen[k - 1], k);
    else
        mk_buf_addf(&b, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" "
                    "href=\"#fn%lu\" id=\"fnref%lu\">%lu</a></sup>", k, k, k);
    if (mk_buf_failed(&b)) {
        mk_buf_release(&b);
        return -1;
    }
    r = marked(CMARK_NODE_HTML_INLINE, ref, mk_buf_str(&b));
    mk_buf_release(&b);
    if (!r || !cmark_node_insert_before(ref, r)) {
        free_node(r);
        return -1;
    }
    cmark_node_free(ref);       /* unlinks it */
    return 0;
}

/* Turns footnote definition def (the k-th, numbered k by cmark-gfm) into
 * <aside epub:type="footnote"> in its place: its blocks move out of it,
 * the last paragraph gets the back-link (or a paragraph of its own). */
static int aside(cmark_node *def, unsigned long k, int referenced)
{
    struct mk_buf b = MK_BUF_INIT;
    cmark_node *open, *close, *child, *last = NULL, *link;

    mk_buf_addf(&b, "<aside epub:type=\"footnote\" role=\"doc-footnote\" "
                "id=\"fn%lu\">", k);
    open = mk_buf_failed(&b) ? NULL
                             : marked(CMARK_NODE_HTML_BLOCK, def,
                                      mk_buf_str(&b));
    close = raw(CMARK_NODE_HTML_BLOCK, "</aside>");
    mk_buf_reset(&b);
    mk_buf_addf(&b, " <a href=\"#fnref%lu\" role=\"doc-backlink\" "
                "title=\"Back to the text\">\xE2\x86\xA9</a>", k);
    if (!open || !close || mk_buf_failed(&b)
        || !cmark_node_insert_before(def, open)) {
        free_node(open);
        free_node(close);
        mk_buf_release(&b);
        return -1;
    }
    while ((child = cmark_node_first_child(def)) != NULL) {
        if (!cmark_node_insert_before(def, child))
            break;
        last = child;
    }
    if (!cmark_node_insert_before(def, close)) {
        cmark_node_free(close);
        mk_buf_release(&b);
        return -1;
    }
    if (referenced) {
        if (last && cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH) {
            link = raw(CMARK_NODE_HTML_INLINE, mk_buf_str(&b));
            if (!link || !cmark_node_append_child(last, link)) {
                free_node(link);
                mk_buf_release(&b);
                return -1;
            }
        } else {
            char *text = mk_buf_detach(&b, NULL);

            mk_buf_addf(&b, "<p>%s</p>", text ? text + 1 : "");
            free(text);
            link = mk_buf_failed(&b) ? NULL
                                     : raw(CMARK_NODE_HTML_BLOCK,
                                           mk_buf_str(&b));
            if (!link || !cmark_node_insert_before(close, link)) {
                free_node(link);
                mk_buf_release(&b);
                return -1;
            }
        }
    }
    mk_buf_release(&b);
    cmark_node_free(def);
    return 0;
}

/* Puts the markers in and the footnotes in their EPUB form.  Returns 0
 * or -1 (out of memory). */
static int transform(cmark_node *doc)
{
    struct nodes marks = { NULL, 0, 0 }, refs = { NULL, 0, 0 };
    struct nodes defs = { NULL, 0, 0 };
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    unsigned *seen = NULL;
    size_t i;
    int rc = -1;

    if (!it)
        return -1;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        struct nodes *to = NULL;

        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE
            || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)
            to = &marks;
        else if (t == CMARK_NODE_FOOTNOTE_REFERENCE)
            to = &refs;
        else if (t == CMARK_NODE_FOOTNOTE_DEFINITION)
            to = &defs;
        if (to && push(to, node) < 0)
            goto out;
    }
    for (i = 0; i < marks.n; i++) {
        int r = cmark_node_get_type(marks.v[i]) == CMARK_NODE_HTML_BLOCK
                    ? mark_html_block(marks.v[i]) : mark_inline(marks.v[i]);

        if (r < 0)
            goto out;
    }
    seen = mk_calloc(defs.n + 1, sizeof(*seen));
    if (!seen)
        goto out;
    for (i = 0; i < refs.n; i++)
        if (noteref(refs.v[i], seen, defs.n) < 0)
            goto out;
    for (i = 0; i < defs.n; i++)
        if (aside(defs.v[i], i + 1, seen[i] > 0) < 0)
            goto out;
    rc = 0;
out:
    cmark_iter_free(it);
    free(marks.v);
    free(refs.v);
    free(defs.v);
    free(seen);
    return rc;
}

/* ---- the generated text and its anchors ------------------------------- */

static int add_anchor(struct mk_markdown *md, long xline, long xcol,
                      long line, long col, long end_line)
{
    struct mk_md_anchor *a;

    if (mk_grow_array(&md->anchors, &md->cap, md->n_anchors + 1,
                      sizeof(*md->anchors)) < 0)
        return -1;
    a = &md->anchors[md->n_anchors++];
    a->xline = xline;
    a->xcol = xcol;
    a->line = line;
    a->col = col;
    a->end_line = end_line;
    return 0;
}

/* Reads up to n numbers separated by any of seps, ending at stop;
 * returns the byte after stop, or NULL if the text is not that. */
static const char *numbers(const char *p, const char *end, long *v, int n,
                           char stop)
{
    int i;

    for (i = 0; i < n; i++) {
        long x = 0;
        const char *start = p;

        while (p < end && *p >= '0' && *p <= '9' && x < 100000000L)
            x = x * 10 + (*p++ - '0');
        if (p == start || p >= end)
            return NULL;
        v[i] = x;
        if (i + 1 < n && *p != ':' && *p != '-')
            return NULL;
        if (i + 1 == n && *p != stop)
            return NULL;
        p++;
    }
    return p;
}

/* The numbers of a marker (line:col:end_line) or of a data-sourcepos
 * attribute (line:col-end_line:end_col), in order. */
enum source_pos { POS_LINE, POS_COL, POS_END_LINE, POS_END_COL, POS_COUNT };

/* Copies cmark's HTML into md->xhtml without the markers and the
 * data-sourcepos attributes, recording an anchor for each. */
static int lay_out(const char *html, struct mk_markdown *md)
{
    struct mk_buf out = MK_BUF_INIT;
    const char *p = html, *end = html + strlen(html);
    long xline = 1, xcol = 1, tag_line = 1, tag_col = 1;
    size_t attr_len = sizeof(sourcepos_attr) - 1;

    while (p < end) {
        long v[POS_COUNT];
        const char *next;

        if (*p == MARK) {
            next = numbers(p + 1, end, v, POS_END_LINE + 1, MARK);
            if (next) {
                if (add_anchor(md, xline, xcol, v[POS_LINE], v[POS_COL],
                               v[POS_END_LINE]) < 0)
                    goto oom;
                p = next;
                continue;
            }
        } else if (*p == ' ' && (size_t)(end - p) > attr_len
                   && memcmp(p, sourcepos_attr, attr_len) == 0) {
            next = numbers(p + attr_len, end, v, POS_COUNT, '"');
            if (next) {
                if (add_anchor(md, tag_line, tag_col, v[POS_LINE],
                               v[POS_COL], v[POS_END_LINE]) < 0)
                    goto oom;
                p = next;
                continue;
            }
        }
        if (*p == '<') {
            tag_line = xline;
            tag_col = xcol;
        }
        if (*p == '\n') {
            xline++;
            xcol = 1;
        } else if ((*p & 0xC0) != 0x80) {
            xcol++;
        }
        mk_buf_addc(&out, *p++);
    }
    if (mk_buf_failed(&out))
        goto oom;
    md->len = out.len;
    md->xhtml = mk_buf_detach(&out, NULL);
    return md->xhtml ? 0 : -1;
oom:
    mk_buf_release(&out);
    return -1;
}

/* ---- the conversion --------------------------------------------------- */

static cmark_node *parse(const char *data, size_t len,
                         cmark_llist **exts_out, cmark_parser **parser_out)
{
    cmark_parser *parser;
    cmark_node *doc = NULL;
    size_t i;

    pthread_once(&registered, register_extensions);
    pthread_mutex_lock(&parsing);
    parser = cmark_parser_new(OPTIONS);
    for (i = 0; parser && i < sizeof(extensions) / sizeof(*extensions);
         i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(
            extensions[i]);

        if (e)
            cmark_parser_attach_syntax_extension(parser, e);
    }
    if (parser) {
        cmark_parser_feed(parser, data, len);
        doc = cmark_parser_finish(parser);
    }
    pthread_mutex_unlock(&parsing);
    *exts_out = parser ? cmark_parser_get_syntax_extensions(parser) : NULL;
    *parser_out = parser;
    return doc;
}

int mk_markdown_convert(const char *path, const char *data, size_t len,
                        struct mk_diag *dc, struct mk_markdown *md)
{
    cmark_parser *parser;
    cmark_llist *exts;
    cmark_node *doc;
    char *html = NULL;
    int rc = -1;

    if (check_text(path, data, len, dc) < 0)
        return -1;
    doc = parse(data, len, &exts, &parser);
    if (doc && transform(doc) == 0)
        html = cmark_render_html(doc, OPTIONS, exts);
    if (html && lay_out(html, md) == 0)
        rc = 0;
    if (html) {
        cmark_mem *mem = cmark_get_default_mem_allocator();

        mem->free(html);
    }
    cmark_node_free(doc);
    if (parser)
        cmark_parser_free(parser);
    if (rc < 0) {
        mk_markdown_release(md);
        return mk_diag_oom(dc);
    }
    return 0;
}

/* ---- the map ---------------------------------------------------------- */

void mk_markdown_map(const struct mk_markdown *md, long *line, long *col)
{
    size_t lo = 0, hi = md->n_anchors;
    long c = *col > 0 ? *col : 0x7FFFFFFFL;
    const struct mk_md_anchor *a;

    if (*line <= 0)
        return;
    /* the first anchor after the position */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct mk_md_anchor *m = &md->anchors[mid];

        if (m->xline < *line || (m->xline == *line && m->xcol <= c))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return;
    a = &md->anchors[lo - 1];
    if (a->xline == *line) {
        *line = a->line;
        if (*col > 0)
            *col = a->col + (*col - a->xcol);
        return;
    }
    *line = a->line + (*line - a->xline);
    if (a->end_line >= a->line && *line > a->end_line)
        *line = a->end_line;
}

void mk_markdown_release(struct mk_markdown *md)
{
    free(md->xhtml);
    free(md->anchors);
    memset(md, 0, sizeof(*md));
}
