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
#include "utf8.h"

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

/* Reports the first byte that is not text (not UTF-8, or a control
 * character XML does not allow).  Returns 0 or -1. */
static int check_text(const char *path, const char *data, size_t len,
                      struct mk_diag *dc)
{
    const unsigned char *p = (const unsigned char *)data;
    long line = 1, col = 1;
    size_t i = 0;

    while (i < len) {
        size_t n;

        if (mk_utf8_decode(data + i, len - i, &n) < 0)
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

/* ---- footnotes that go nowhere ---------------------------------------- */

/* cmark-gfm drops a footnote definition that nothing refers to, and
 * leaves a reference to a note that is not defined as plain text
 * ("[^x]").  Either would lose or garble the author's text without a
 * word, so both are reported at their place in the .md file. */

/* Lines first..last of a block whose text cannot start a definition. */
struct line_range {
    long first, last;
};

struct note_scan {
    const char *path, *data;
    size_t len;
    struct mk_diag *dc;
    struct line_range *ranges;  /* in document order */
    size_t n_ranges, cap_ranges;
    size_t *line_at;            /* offset of each line, 1-based; lazily */
    size_t n_lines;
    const cmark_node *block;    /* the block being searched ... */
    size_t cursor;              /* ... and where its search goes on */
};

static int is_block(const cmark_node *node)
{
    return (cmark_node_get_type((cmark_node *)node) & CMARK_NODE_TYPE_MASK)
           == CMARK_NODE_TYPE_BLOCK;
}

/* A block that holds text of its own (or, for a footnote definition
 * that survived, its first line). */
static int is_text_block(cmark_node *node)
{
    cmark_node_type t = cmark_node_get_type(node);

    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING
           || t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK
           || t == CMARK_NODE_FOOTNOTE_DEFINITION
           || strcmp(cmark_node_get_type_string(node), "table") == 0;
}

/* The length of a footnote label "[^label]" at p (before end), or 0: a
 * label is one or more characters other than white space and brackets. */
static size_t note_label_at(const char *p, const char *end)
{
    const char *q = p + 2;

    if (end - p < 4 || p[0] != '[' || p[1] != '^')
        return 0;
    while (q < end && !strchr(" \t\r\n[]", *q))
        q++;
    if (q == p + 2 || q >= end || *q != ']')
        return 0;
    return (size_t)(q - p) + 1;
}

/* Columns count characters, from 1. */
static long column_of(const char *line_start, const char *p)
{
    long col = 1;

    for (; line_start < p; line_start++)
        col += mk_utf8_is_lead((unsigned char)*line_start);
    return col;
}

static int by_first_line(const void *a, const void *b)
{
    const struct line_range *x = a, *y = b;

    return (x->first > y->first) - (x->first < y->first);
}

/* A "[^label]:" on a line outside the text blocks cmark-gfm kept (after
 * spaces or list and quote markers) is a definition it dropped. */
static void unreferenced_notes(const struct note_scan *ns)
{
    const char *p = ns->data, *end = ns->data + ns->len;
    long line = 1;
    size_t k = 0;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *q = p;
        size_t n;

        if (!eol)
            eol = end;
        while (k < ns->n_ranges && ns->ranges[k].last < line)
            k++;
        n = 0;
        if (k == ns->n_ranges || ns->ranges[k].first > line)
            for (q = p; q < eol && !n; q++) {
                n = note_label_at(q, eol);
                if (n && (q + n == eol || q[n] != ':'))
                    n = 0;
            }
        if (n) {
            q--;
            mk_warning(ns->dc, ns->path, line, column_of(p, q),
                       "footnote %.*s is never referred to, so it is left "
                       "out of the book: refer to it with %.*s in the "
                       "text, or delete it", (int)n, q, (int)n, q);
        }
        line++;
        p = eol + 1;
    }
}

/* Fills ns->line_at with the offset where each line starts.  Returns 0
 * or -1 (out of memory). */
static int index_lines(struct note_scan *ns)
{
    size_t i, n = 1;

    for (i = 0; i < ns->len; i++)
        n += ns->data[i] == '\n';
    ns->line_at = mk_calloc(n + 2, sizeof(*ns->line_at));
    if (!ns->line_at)
        return -1;
    ns->n_lines = n;
    ns->line_at[1] = 0;
    for (i = 0, n = 1; i < ns->len; i++)
        if (ns->data[i] == '\n')
            ns->line_at[++n] = i + 1;
    ns->line_at[n + 1] = ns->len;
    return 0;
}

/* Reports the text "[^label]" (label, n bytes) that block shows: at the
 * next place in the block's lines where the .md file has it unescaped
 * (a "\[^x]" the author escaped is left alone).  Returns 0 or -1. */
static int undefined_note(struct note_scan *ns, const cmark_node *block,
                          const char *label, size_t n)
{
    long first = cmark_node_get_start_line((cmark_node *)block);
    long last = cmark_node_get_end_line((cmark_node *)block);
    size_t stop, at;

    if (!ns->line_at && index_lines(ns) < 0)
        return -1;
    if (first < 1 || last < first || (size_t)last > ns->n_lines)
        return 0;
    if (ns->block != block) {
        ns->block = block;
        ns->cursor = ns->line_at[first];
    }
    stop = ns->line_at[last + 1];
    for (at = ns->cursor; at + n <= stop; at++) {
        const char *p = ns->data + at;
        long line;

        if (memcmp(p, label, n) != 0 || (at > 0 && p[-1] == '\\'))
            continue;
        for (line = first; ns->line_at[line + 1] <= at; line++)
            ;
        ns->cursor = at + n;
        mk_warning(ns->dc, ns->path, line,
                   column_of(ns->data + ns->line_at[line], p),
                   "%.*s is not a footnote: this file has no %.*s: "
                   "definition; add one, or write \\%.*s for the text",
                   (int)n, label, (int)n, label, (int)n, label);
        return 0;
    }
    return 0;
}

/* Looks for "[^label]" in the run of text nodes that starts at text. */
static int text_run(struct note_scan *ns, cmark_node *text)
{
    struct mk_buf run = MK_BUF_INIT;
    const cmark_node *block = text;
    cmark_node *t;
    size_t i, n;
    int rc = 0;

    for (t = text; t && cmark_node_get_type(t) == CMARK_NODE_TEXT;
         t = cmark_node_next(t))
        mk_buf_adds(&run, cmark_node_get_literal(t));
    if (mk_buf_failed(&run))
        return -1;
    while (block && !is_block(block))
        block = cmark_node_parent((cmark_node *)block);
    for (i = 0; block && rc == 0 && i < run.len; i++) {
        n = note_label_at(run.buf + i, run.buf + run.len);
        if (n) {
            rc = undefined_note(ns, block, run.buf + i, n);
            i += n - 1;
        }
    }
    mk_buf_release(&run);
    return rc;
}

/* Reports the footnotes of doc (as cmark-gfm parsed it, before
 * transform()) that go nowhere.  Returns 0 or -1 (out of memory). */
static int check_notes(const char *path, const char *data, size_t len,
                       cmark_node *doc, struct mk_diag *dc)
{
    struct note_scan ns = { path, data, len, dc, NULL, 0, 0, NULL, 0,
                            NULL, 0 };
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int rc = 0;

    if (!it)
        return -1;
    while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        cmark_node *prev = cmark_node_previous(node);

        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (is_text_block(node)) {
            long first = cmark_node_get_start_line(node);
            long last = t == CMARK_NODE_FOOTNOTE_DEFINITION
                            ? first : cmark_node_get_end_line(node);

            if (mk_grow_array(&ns.ranges, &ns.cap_ranges, ns.n_ranges + 1,
                              sizeof(*ns.ranges)) < 0)
                rc = -1;
            else
                ns.ranges[ns.n_ranges++] = (struct line_range){ first,
                                                                last };
        } else if (t == CMARK_NODE_TEXT
                   && (!prev || cmark_node_get_type(prev)
                                    != CMARK_NODE_TEXT))
            rc = text_run(&ns, node);
    }
    if (rc == 0) {
        /* the definitions cmark-gfm kept come last in the tree */
        if (ns.n_ranges)
            qsort(ns.ranges, ns.n_ranges, sizeof(*ns.ranges),
                  by_first_line);
        unreferenced_notes(&ns);
    }
    cmark_iter_free(it);
    free(ns.ranges);
    free(ns.line_at);
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
    if (doc && check_notes(path, data, len, doc, dc) == 0
        && transform(doc) == 0)
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
