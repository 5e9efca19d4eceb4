/*
 * nav.c - the navigation document (nav.xhtml: table of contents,
 * landmarks, page list) and the EPUB 2 NCX, both from one flat list of
 * entries in reading order (see pub.h).
 *
 * A chapter's entry has the rank of its first heading (no deeper than
 * the TOC depth), so that a book of Book / Part / Chapter files (h1, h2,
 * h3) nests across files; a chapter without headings is a sibling of the
 * one before.  Its headings down to the TOC depth (h1-h3 by default,
 * --toc-depth) nest below it by rank, so the table always follows the
 * spine and document order (EPUBCheck NAV-011) and never has an empty
 * list.  The nesting is worked out by a loop with a stack of ranks (six
 * at most), never by recursion.
 */
#include "pub.h"

#include <stdlib.h>
#include <string.h>

struct toc_entry {
    int level;                  /* rank: 1 (h1) to 6 */
    int depth;                  /* nesting depth in the table, 1.. */
    const char *text;
    const struct mk_item *item;
    const char *fragment;       /* or NULL */
};

struct toc {
    struct toc_entry *entries;
    size_t n, cap;
};

static int toc_add(struct toc *t, int level, const char *text,
                   const struct mk_item *item, const char *fragment)
{
    if (!text || !text[0])
        return 0;       /* an empty label is invalid in both formats */
    if (mk_grow_array(&t->entries, &t->cap, t->n, sizeof(*t->entries)) < 0)
        return -1;
    t->entries[t->n].level = level;
    t->entries[t->n].text = text;
    t->entries[t->n].item = item;
    t->entries[t->n].fragment = fragment;
    t->n++;
    return 0;
}

/* The rank of chapter c's entry: its first heading's, no deeper than
 * the TOC depth; prev (the chapter before's) when it has none. */
static int chapter_level(const struct mk_pub *pub,
                         const struct mk_xhtml_info *info, int prev)
{
    int level = info->n_headings ? info->headings[0].level : prev;

    return level > pub->toc_depth ? pub->toc_depth : level;
}

static int toc_build(const struct mk_pub *pub, struct toc *t)
{
    size_t i, j;
    int level = 1;

    for (i = 0; i < pub->n_chapters; i++) {
        const struct mk_pub_chapter *c = &pub->chapters[i];
        const struct mk_xhtml_info *info = &c->info;
        size_t first = 0;

        level = chapter_level(pub, info, level);
        if (toc_add(t, level, info->title, c->item, NULL) < 0)
            return -1;
        /* the heading that gave the title is the chapter entry itself */
        while (first < info->n_headings && !info->headings[first].text[0])
            first++;
        if (!c->entry->title && first < info->n_headings && info->title
            && strcmp(info->headings[first].text, info->title) == 0)
            first++;
        /* the others nest below the chapter entry, whatever their rank */
        for (j = first; j < info->n_headings; j++)
            if (info->headings[j].level <= pub->toc_depth
                && toc_add(t, info->headings[j].level > level
                              ? info->headings[j].level : level + 1,
                           info->headings[j].text, c->item,
                           info->headings[j].id) < 0)
                return -1;
    }
    if (pub->credits
        && toc_add(t, 1, mk_labels_get(pub->book, MK_LABEL_CREDITS).text,
                   pub->credits, NULL) < 0)
        return -1;
    return 0;
}

/* Gives every entry its nesting depth: an entry of a higher rank number
 * than the one before nests one deeper; one of a lower or equal rank
 * closes the lists until it is a sibling.  Returns the deepest. */
static int toc_nest(struct toc *t)
{
    int stack[8];
    int depth = 0, deepest = 0;
    size_t i;

    for (i = 0; i < t->n; i++) {
        int level = t->entries[i].level;

        if (depth == 0 || (level > stack[depth - 1]
                           && depth < (int)(sizeof(stack) / sizeof(*stack))))
            stack[depth++] = level;
        else {
            while (depth > 1 && level < stack[depth - 1]
                   && level <= stack[depth - 2])
                depth--;
            stack[depth - 1] = level;
        }
        t->entries[i].depth = depth;
        if (depth > deepest)
            deepest = depth;
    }
    return deepest;
}

int mk_nav_toc_depth(const struct mk_pub *pub, const struct mk_item **item,
                     const char **deepest)
{
    struct toc t = { NULL, 0, 0 };
    int depth;
    size_t i;

    *item = NULL;
    *deepest = NULL;
    if (toc_build(pub, &t) < 0) {
        free(t.entries);
        return -1;
    }
    depth = toc_nest(&t);
    for (i = 0; i < t.n && !*item; i++)
        if (t.entries[i].depth == depth) {
            *item = t.entries[i].item;
            *deepest = t.entries[i].text;
        }
    free(t.entries);
    return depth;
}

static void add_target(struct mk_buf *out, const struct toc_entry *e)
{
    mk_pub_add_href(out, e->item);
    if (e->fragment) {
        mk_buf_addc(out, '#');
        mk_buf_add_url_path(out, e->fragment);
    }
}

/* Emits the entries as nested lists.  open_list/close_list/open_item/
 * close_item are the markup of the format; each entry's own markup is
 * written by entry(). */
struct nest_format {
    const char *open_list, *close_list, *close_item;
    void (*entry)(struct mk_buf *out, const struct toc_entry *e,
                  size_t order);
};

static void emit_nested(struct mk_buf *out, const struct toc *t,
                        const struct nest_format *f)
{
    int depth = 0;
    size_t i;

    for (i = 0; i < t->n; i++) {
        int d = t->entries[i].depth;

        if (d > depth) {
            mk_buf_adds(out, f->open_list);    /* d is depth + 1 */
            depth = d;
        } else {
            for (; depth > d; depth--) {
                mk_buf_adds(out, f->close_item);
                mk_buf_adds(out, f->close_list);
            }
            mk_buf_adds(out, f->close_item);
        }
        f->entry(out, &t->entries[i], i + 1);
    }
    for (; depth > 0; depth--) {
        mk_buf_adds(out, f->close_item);
        mk_buf_adds(out, f->close_list);
    }
}

static void nav_entry(struct mk_buf *out, const struct toc_entry *e,
                      size_t order)
{
    (void)order;
    mk_buf_adds(out, "<li><a href=\"");
    add_target(out, e);
    mk_buf_adds(out, "\">");
    mk_buf_add_xml_text(out, e->text);
    mk_buf_adds(out, "</a>");
}

static void landmark(const struct mk_pub *pub, struct mk_buf *out,
                     const char *type, const struct mk_item *item,
                     const char *fragment, enum mk_label label)
{
    mk_buf_addf(out, "<li><a epub:type=\"%s\" href=\"", type);
    mk_pub_add_href(out, item);
    if (fragment)
        mk_buf_addf(out, "#%s", fragment);
    mk_buf_adds(out, "\">");
    mk_pub_add_label(pub, out, mk_labels_get(pub->book, label));
    mk_buf_adds(out, "</a></li>\n");
}

/* <hN>label</hN>. */
static void heading(const struct mk_pub *pub, struct mk_buf *out, int level,
                    enum mk_label label)
{
    mk_buf_addf(out, "<h%d>", level);
    mk_pub_add_label(pub, out, mk_labels_get(pub->book, label));
    mk_buf_addf(out, "</h%d>", level);
}

static const struct mk_item *first_linear_chapter(const struct mk_pub *pub)
{
    size_t i;

    for (i = 0; i < pub->n_chapters; i++)
        if (pub->chapters[i].entry->linear)
            return pub->chapters[i].item;
    return pub->n_chapters ? pub->chapters[0].item : NULL;
}

static void page_list(const struct mk_pub *pub, struct mk_buf *out)
{
    size_t i, j;

    if (!pub->pagebreaks)
        return;
    mk_buf_adds(out, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" "
                "id=\"page-list\" hidden=\"\">\n");
    heading(pub, out, 2, MK_LABEL_PAGES);
    mk_buf_adds(out, "\n<ol>\n");
    for (i = 0; i < pub->n_chapters; i++) {
        const struct mk_xhtml_info *info = &pub->chapters[i].info;

        for (j = 0; j < info->n_pagebreaks; j++) {
            mk_buf_adds(out, "<li><a href=\"");
            mk_pub_add_href(out, pub->chapters[i].item);
            mk_buf_addc(out, '#');
            mk_buf_add_url_path(out, info->pagebreaks[j].id);
            mk_buf_adds(out, "\">");
            mk_buf_add_xml_text(out, info->pagebreaks[j].label);
            mk_buf_adds(out, "</a></li>\n");
        }
    }
    mk_buf_adds(out, "</ol>\n</nav>\n");
}

int mk_nav_write(const struct mk_pub *pub, struct mk_buf *out)
{
    static const struct nest_format html = {
        "\n<ol>\n", "</ol>\n", "</li>\n", nav_entry
    };
    struct toc t = { NULL, 0, 0 };
    const struct mk_item *body = first_linear_chapter(pub);

    if (toc_build(pub, &t) < 0) {
        free(t.entries);
        return -1;
    }
    toc_nest(&t);
    mk_pub_xhtml_open(pub, out, pub->book->title, NULL);
    mk_buf_adds(out, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n");
    heading(pub, out, 1, MK_LABEL_CONTENTS);
    emit_nested(out, &t, &html);
    mk_buf_adds(out, "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" "
                "hidden=\"\">\n");
    heading(pub, out, 2, MK_LABEL_LANDMARKS);
    mk_buf_adds(out, "\n<ol>\n");
    if (pub->cover_page)
        landmark(pub, out, "cover", pub->cover_page, NULL, MK_LABEL_COVER);
    landmark(pub, out, "toc", pub->nav, "toc", MK_LABEL_CONTENTS);
    if (body)
        landmark(pub, out, "bodymatter", body, NULL, MK_LABEL_START);
    if (pub->credits)
        landmark(pub, out, "credits", pub->credits, NULL, MK_LABEL_CREDITS);
    mk_buf_adds(out, "</ol>\n</nav>\n");
    page_list(pub, out);
    mk_pub_xhtml_close(out);
    free(t.entries);
    return out->failed ? -1 : 0;
}

static void ncx_entry(struct mk_buf *out, const struct toc_entry *e,
                      size_t order)
{
    mk_buf_addf(out, "<navPoint id=\"np-%zu\" playOrder=\"%zu\">"
                "<navLabel><text>", order, order);
    mk_buf_add_xml_text(out, e->text);
    mk_buf_adds(out, "</text></navLabel><content src=\"");
    add_target(out, e);
    mk_buf_adds(out, "\"/>");
}

int mk_ncx_write(const struct mk_pub *pub, struct mk_buf *out)
{
    static const struct nest_format ncx = {
        "\n", "", "</navPoint>\n", ncx_entry
    };
    struct toc t = { NULL, 0, 0 };
    int depth;

    if (toc_build(pub, &t) < 0) {
        free(t.entries);
        return -1;
    }
    depth = toc_nest(&t);
    if (depth < 1)
        depth = 1;
    mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
                "version=\"2005-1\" xml:lang=\"");
    mk_buf_add_xml_attr(out, pub->book->languages[0]);
    mk_buf_adds(out, "\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
    mk_buf_add_xml_attr(out, pub->book->identifier);
    mk_buf_addf(out, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
                "</head>\n<docTitle><text>", depth);
    mk_buf_add_xml_text(out, pub->book->title);
    mk_buf_adds(out, "</text></docTitle>\n<navMap>");
    emit_nested(out, &t, &ncx);
    mk_buf_adds(out, "</navMap>\n</ncx>\n");
    free(t.entries);
    return out->failed ? -1 : 0;
}
