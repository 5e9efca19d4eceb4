/*
 * xhtml.c - chapter loading, normalisation, inspection and serialising
 * (see xhtml.h).
 *
 * One walk over the tree collects ids, headings, references, page breaks
 * and manifest properties and reports in-file problems (while parsing,
 * for the children of <body>: see "streaming"); the fixes that need the
 * whole picture (heading ids, <title>, stylesheet links) follow.
 */
#include "xhtml.h"
#include "css.h"
#include "diag.h"
#include "htmlattr.h"
#include "htmlmodel.h"
#include "lang.h"
#include "scripted.h"
#include "strmap.h"
#include "url.h"
#include "utf8.h"
#include "xml.h"

#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct loader {
    const struct mk_xhtml_spec *spec;
    struct mk_diag *dc;
    struct mk_xhtml_info *info;
    struct mk_strmap ids;           /* id -> line (as pointer) */
    struct mk_strmap suffixes;      /* base (in bases) -> next N for
                                     * base-N */
    struct mk_strpool bases;
    xmlNodePtr *heading_nodes;      /* parallel to info->headings */
    size_t cap_heading_nodes;
    xmlNodePtr *pagebreak_nodes;    /* parallel to info->pagebreaks */
    size_t cap_pagebreak_nodes;
    xmlNodePtr html, head, body, title;
    xmlNodePtr conflict;    /* the first <form>: see scripted.h */
    int uses_epub;
    int oom;
    /* spec->prune: the children of <body> as they are parsed (see
     * on_end()) */
    int stream;             /* 0 not begun, 1 streaming, -1 never */
    struct mk_diag *early;  /* what checks find while parsing: kept
                             * only if the document is well-formed */
    struct open_el *open;   /* the parser's open elements, root first */
    size_t n_open, cap_open;
    xmlNodePtr marker;      /* the marker the next pruned part joins */
    struct mk_htmlmodel *model;     /* the content model's check, and */
    struct mk_htmlattr *attrs;      /* the attributes', part by part */
    struct mk_buf pruned;   /* the markers' bytes (MK_XHTML_PRUNE_KEEP),
                             * the given ids still placeholders */
    size_t *given;          /* the headings whose ids are placeholders
                             * there, in order */
    size_t n_given, cap_given;
    xmlSaveCtxtPtr save;    /* writing them */
    struct mk_name_cache ref_rows;      /* first_ref_row()'s */
    struct mk_name_cache actions;       /* action_of()'s */
};

/* The attributes of XHTML elements that hold references, sorted by
 * element.  A srcset holds several (mk_url_srcset_next()). */
enum { REF_ONE, REF_SRCSET };

static const struct {
    const char *element;
    const char *attr;
    enum mk_ref_kind kind;
    int syntax;
} ref_attrs[] = {
    { "a", "href", MK_REF_LINK, REF_ONE },
    { "area", "href", MK_REF_LINK, REF_ONE },
    { "audio", "src", MK_REF_MEDIA, REF_ONE },
    { "blockquote", "cite", MK_REF_CITE, REF_ONE },
    { "del", "cite", MK_REF_CITE, REF_ONE },
    { "embed", "src", MK_REF_EMBED, REF_ONE },
    { "iframe", "src", MK_REF_FRAME, REF_ONE },
    { "img", "src", MK_REF_EMBED, REF_ONE },
    { "img", "srcset", MK_REF_EMBED, REF_SRCSET },
    { "input", "src", MK_REF_EMBED, REF_ONE },
    { "ins", "cite", MK_REF_CITE, REF_ONE },
    { "link", "href", MK_REF_STYLESHEET, REF_ONE },
    { "object", "data", MK_REF_EMBED, REF_ONE },
    { "q", "cite", MK_REF_CITE, REF_ONE },
    { "script", "src", MK_REF_SCRIPT, REF_ONE },
    { "source", "src", MK_REF_MEDIA, REF_ONE },
    { "source", "srcset", MK_REF_EMBED, REF_SRCSET },
    { "track", "src", MK_REF_EMBED, REF_ONE },
    { "video", "poster", MK_REF_EMBED, REF_ONE },
    { "video", "src", MK_REF_MEDIA, REF_ONE },
};

/* SVG elements whose xlink:href (or SVG 2 href) is a reference. */
static const struct {
    const char *element;
    enum mk_ref_kind kind;
    const char *label;
} svg_refs[] = {
    { "a", MK_REF_LINK, "svg:a" },
    { "image", MK_REF_EMBED, "svg:image" },
    { "use", MK_REF_SYMBOL, "svg:use" },
};

static const char *const void_elements[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr",
};

/* The lists are sorted: every element of every chapter is looked up. */
#define IN_LIST(name, list) MK_IN_LIST(name, list)

static int is_html(const xmlNode *n, const char *name)
{
    return mk_xml_is(n, MK_XHTML_NS, name);
}

static int oom(struct loader *L)
{
    if (!L->oom)
        mk_diag_oom(L->dc);
    L->oom = 1;
    return -1;
}

/* mk_xml_attr() that records running out of memory. */
static char *attr_of(struct loader *L, xmlNodePtr node, const char *name)
{
    int failed = 0;
    char *v = mk_xml_attr(node, name, &failed);

    if (failed)
        oom(L);
    return v;
}

/* s (malloc'ed or NULL) moved into the info's string pool; NULL when s
 * was NULL or memory ran out (then recorded). */
static char *pooled(struct loader *L, char *s)
{
    char *copy;

    if (!s)
        return NULL;
    copy = mk_strpool_add(&L->info->strings, s);
    free(s);
    if (!copy)
        oom(L);
    return copy;
}

/* xmlGetNsProp() (ns NULL: no namespace) that records running out of
 * memory: NULL for an attribute that is present. */
static xmlChar *get_prop(struct loader *L, xmlNodePtr node, const char *name,
                         const char *ns)
{
    xmlChar *v = ns ? xmlGetNsProp(node, BAD_CAST name, BAD_CAST ns)
                    : xmlGetNoNsProp(node, BAD_CAST name);

    if (!v && xmlHasNsProp(node, BAD_CAST name, BAD_CAST ns))
        oom(L);
    return v;
}

/* xmlSetNsProp() that also checks the name and value: libxml2 2.9
 * returns the attribute even when copying either failed. */
static int set_prop(struct loader *L, xmlNodePtr node, xmlNsPtr ns,
                    const char *name, const char *value)
{
    xmlAttrPtr a = xmlSetNsProp(node, ns, BAD_CAST name, BAD_CAST value);

    if (!a || !a->name || !a->children || !a->children->content)
        return oom(L);
    return 0;
}

void mk_xhtml_info_init(struct mk_xhtml_info *info)
{
    memset(info, 0, sizeof(*info));
}

static void drop_notes(struct mk_xhtml_info *info)
{
    size_t i;

    for (i = 0; i < info->n_noterefs; i++)
        free(info->noterefs[i].href);
    free(info->noterefs);
    info->noterefs = NULL;
    info->n_noterefs = info->cap_noterefs = 0;
    for (i = 0; i < info->n_note_ids; i++)
        free(info->note_ids[i]);
    free(info->note_ids);
    info->note_ids = NULL;
    info->n_note_ids = info->cap_note_ids = 0;
}

void mk_xhtml_info_drop_links(struct mk_xhtml_info *info)
{
    size_t i;

    free(info->ids);
    info->ids = NULL;
    info->n_ids = info->cap_ids = 0;
    mk_strpool_release(&info->id_strings);
    for (i = 0; i < info->n_refs; i++) {
        free(info->refs[i].url);
        free(info->refs[i].type);
    }
    free(info->refs);
    info->refs = NULL;
    info->n_refs = info->cap_refs = 0;
    drop_notes(info);
}

void mk_xhtml_info_release(struct mk_xhtml_info *info)
{
    size_t i;

    free(info->title);
    free(info->headings);
    free(info->ids);
    mk_strpool_release(&info->strings);
    mk_strpool_release(&info->id_strings);
    for (i = 0; i < info->n_refs; i++) {
        free(info->refs[i].url);
        free(info->refs[i].type);
    }
    free(info->refs);
    free(info->pagebreaks);
    drop_notes(info);
    mk_xhtml_info_init(info);
}

int mk_xhtml_has_id(const struct mk_xhtml_info *info, const char *id)
{
    return mk_sorted_has((const char *const *)info->ids, info->n_ids, id);
}

int mk_xhtml_is_note(const struct mk_xhtml_info *info, const char *id)
{
    return mk_sorted_has((const char *const *)info->note_ids,
                         info->n_note_ids, id);
}

/* Non-ASCII characters that separate words rather than spell them:
 * Latin-1 punctuation and symbols, general punctuation, symbols and
 * arrows, CJK punctuation, and the replacement character. */
static int is_separator(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7
           || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F)
           || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F)
           || cp == 0xFFFD;
}

char *mk_xhtml_slug(const char *text)
{
    struct mk_buf b = MK_BUF_INIT;
    const char *p = text;
    size_t left = strlen(text);
    int dash = 0;

    while (left > 0 && b.len < 48) {
        const char *start = p;
        size_t used;
        long got = mk_utf8_decode(p, left, &used);
        unsigned cp = got < 0 ? 0xFFFD : (unsigned)got;
        int word = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
                   || (cp >= '0' && cp <= '9')
                   || (cp >= 0x80 && !is_separator(cp));

        p += used;
        left -= used;
        if (!word) {
            dash = 1;
            continue;
        }
        if (dash && b.len)
            mk_buf_addc(&b, '-');
        dash = 0;
        if (cp >= 'A' && cp <= 'Z')
            mk_buf_addc(&b, (char)(cp + 32));
        else
            mk_buf_add(&b, start, (size_t)(p - start));
    }
    if (!b.len || (b.buf[0] >= '0' && b.buf[0] <= '9')) {
        char *tail = mk_buf_detach(&b, NULL);

        if (!tail)
            return NULL;
        mk_buf_adds(&b, tail[0] ? "h-" : "h");
        mk_buf_adds(&b, tail);
        free(tail);
    }
    return mk_buf_detach(&b, NULL);
}

/* ---- collecting ---------------------------------------------------- */

static int add_ref(struct loader *L, enum mk_ref_kind kind, const char *url,
                   size_t len, xmlNodePtr node, const char *element,
                   const char *attr)
{
    struct mk_xhtml_info *info = L->info;
    struct mk_ref *r;

    if (mk_grow_array(&info->refs, &info->cap_refs, info->n_refs,
                      sizeof(*info->refs)) < 0)
        return oom(L);
    r = &info->refs[info->n_refs];
    r->url = mk_strndup(url, len);
    if (!r->url)
        return oom(L);
    r->kind = kind;
    r->line = mk_xml_line(node);
    r->col = mk_xml_col(node);
    r->element = element;
    r->attr = attr;
    r->type = NULL;
    r->fallback = 0;
    info->n_refs++;
    return 0;
}

struct css_ctx {
    struct loader *L;
    xmlNodePtr node;
};

static int css_found(void *ctx, const char *url, long line, long col,
                     int is_import)
{
    struct css_ctx *c = ctx;
    struct mk_xhtml_info *info = c->L->info;

    (void)is_import;
    if (add_ref(c->L, MK_REF_CSS_URL, url, strlen(url), c->node, "style",
                "style") < 0)
        return -1;
    /* on the element's line the element's column, later its own */
    info->refs[info->n_refs - 1].line = line;
    info->refs[info->n_refs - 1].col = col;
    return 0;
}

/* Scans the text of a <style> element, or a style attribute's value
 * (a list of declarations) when attribute is nonzero. */
static void scan_inline_css(struct loader *L, const char *css,
                            xmlNodePtr node, int attribute)
{
    struct css_ctx c = { L, node };
    long line = mk_xml_line(node), col = mk_xml_col(node);
    int rc = attribute
             ? mk_css_scan_attribute(L->spec->path, css, strlen(css), line,
                                     col, L->dc, css_found, &c)
             : mk_css_scan_style(L->spec->path, css, strlen(css), line,
                                 col, L->dc, css_found, &c);

    if (rc < 0)
        oom(L);
}

static void record_id(struct loader *L, xmlNodePtr node, const char *id)
{
    struct mk_xhtml_info *info = L->info;
    long line = mk_xml_line(node);
    void *seen = mk_strmap_get(&L->ids, id);
    char *copy;

    if (seen) {
        mk_error(L->dc, L->spec->path, line, mk_xml_col(node), "duplicate id '%s' "
                 "(first used on line %ld)", id, (long)(size_t)seen);
        return;
    }
    if (mk_grow_array(&info->ids, &info->cap_ids, info->n_ids,
                      sizeof(*info->ids)) < 0) {
        oom(L);
        return;
    }
    copy = mk_strpool_add(&info->id_strings, id);
    if (!copy || mk_strmap_put(&L->ids, copy, (void *)(size_t)line) < 0) {
        oom(L);
        return;
    }
    info->ids[info->n_ids++] = copy;
}

static void collect_heading(struct loader *L, xmlNodePtr node, int level)
{
    struct mk_xhtml_info *info = L->info;
    struct mk_heading *h;

    if (mk_grow_array(&info->headings, &info->cap_headings,
                      info->n_headings, sizeof(*info->headings)) < 0
        || mk_grow_array(&L->heading_nodes, &L->cap_heading_nodes,
                         info->n_headings, sizeof(*L->heading_nodes)) < 0) {
        oom(L);
        return;
    }
    h = &info->headings[info->n_headings];
    h->level = level;
    h->id = pooled(L, attr_of(L, node, "id"));
    h->text = pooled(L, mk_xml_text(node));
    if (!h->text || L->oom) {
        oom(L);
        return;
    }
    if (!h->text[0])
        mk_warning(L->dc, L->spec->path, mk_xml_line(node), mk_xml_col(node), "empty "
                   "<h%d>: it gives an empty entry in the table of "
                   "contents", level);
    L->heading_nodes[info->n_headings++] = node;
}

static int has_token(const char *list, const char *token)
{
    size_t n = strlen(token);
    const char *p = list;

    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (strncmp(p, token, n) == 0
            && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
            return 1;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
    }
    return 0;
}

/* What --target's rules need to know of notes (target.c): where each
 * noteref link goes, and which ids are footnotes or endnotes. */
static void collect_note(struct loader *L, xmlNodePtr node,
                         const char *types)
{
    struct mk_xhtml_info *info = L->info;
    char *v;

    if (has_token(types, "noteref")
        && strcmp((const char *)node->name, "a") == 0) {
        v = attr_of(L, node, "href");
        if (!v)
            return;
        if (mk_grow_array(&info->noterefs, &info->cap_noterefs,
                          info->n_noterefs, sizeof(*info->noterefs)) < 0) {
            free(v);
            oom(L);
            return;
        }
        info->noterefs[info->n_noterefs].href = v;
        info->noterefs[info->n_noterefs].line = mk_xml_line(node);
        info->noterefs[info->n_noterefs++].col = mk_xml_col(node);
    }
    if (has_token(types, "footnote") || has_token(types, "endnote")) {
        v = attr_of(L, node, "id");
        if (!v)
            return;
        if (mk_grow_array(&info->note_ids, &info->cap_note_ids,
                          info->n_note_ids, sizeof(*info->note_ids)) < 0) {
            free(v);
            oom(L);
            return;
        }
        info->note_ids[info->n_note_ids++] = v;
    }
}

static void collect_pagebreak(struct loader *L, xmlNodePtr node)
{
    struct mk_xhtml_info *info = L->info;
    struct mk_pagebreak *pb;
    char *label = attr_of(L, node, "title");

    if (!label)
        label = attr_of(L, node, "aria-label");
    if (!label)
        label = mk_xml_text(node);
    label = pooled(L, label);
    if (!label || mk_grow_array(&info->pagebreaks, &info->cap_pagebreaks,
                                info->n_pagebreaks,
                                sizeof(*info->pagebreaks)) < 0
        || mk_grow_array(&L->pagebreak_nodes, &L->cap_pagebreak_nodes,
                         info->n_pagebreaks,
                         sizeof(*L->pagebreak_nodes)) < 0) {
        oom(L);
        return;
    }
    if (!label[0])
        mk_error(L->dc, L->spec->path, mk_xml_line(node), mk_xml_col(node), "page break "
                 "without a page number: give it title=\"12\" or text");
    pb = &info->pagebreaks[info->n_pagebreaks];
    pb->label = label;
    pb->id = pooled(L, attr_of(L, node, "id"));
    L->pagebreak_nodes[info->n_pagebreaks++] = node;
}

static void check_attributes(struct loader *L, xmlNodePtr node)
{
    xmlAttrPtr a;

    for (a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        enum mk_scripted scripted;
        xmlChar *value;

        if (a->ns && a->ns->href
            && strcmp((const char *)a->ns->href, MK_EPUB_NS) == 0) {
            L->uses_epub = 1;
            if (strcmp(name, "type") == 0) {
                value = xmlNodeGetContent((xmlNodePtr)a);
                if (!value)
                    oom(L);
                else {
                    if (has_token((const char *)value, "pagebreak"))
                        collect_pagebreak(L, node);
                    collect_note(L, node, (const char *)value);
                }
                xmlFree(value);
            }
            continue;
        }
        if (a->ns && a->ns->href && strcmp(name, "base") == 0
            && strcmp((const char *)a->ns->href,
                      (const char *)XML_XML_NAMESPACE) == 0)
            mk_error(L->dc, L->spec->path, mk_xml_line(node),
                     mk_xml_col(node), "xml:base changes what every "
                     "reference inside <%s> means to readers, not to "
                     "mkepub: remove xml:base; write each reference "
                     "relative to the chapter", node->name);
        if (a->ns)
            continue;
        scripted = mk_scripted_attr(name);
        if (scripted == MK_SCRIPTED_YES)
            L->info->props |= MK_PROP_SCRIPTED;
        else if (scripted == MK_SCRIPTED_CONFLICT)
            mk_error(L->dc, L->spec->path, mk_xml_line(node),
                     mk_xml_col(node), MK_SCRIPTED_ATTR_CONFLICT, name);
        if (strcmp(name, "id") == 0) {
            value = xmlNodeGetContent((xmlNodePtr)a);
            if (value)
                record_id(L, node, (const char *)value);
            else
                oom(L);
            xmlFree(value);
        } else if (strcmp(name, "style") == 0) {
            value = xmlNodeGetContent((xmlNodePtr)a);
            if (value)
                scan_inline_css(L, (const char *)value, node, 1);
            else
                oom(L);
            xmlFree(value);
        }
    }
}

/* Adds the reference(s) an attribute value holds. */
static void add_refs(struct loader *L, enum mk_ref_kind kind, int syntax,
                     const char *value, xmlNodePtr node, const char *element,
                     const char *attr)
{
    const char *cursor = value, *url;
    size_t len;

    if (syntax == REF_ONE) {
        add_ref(L, kind, value, strlen(value), node, element, attr);
        return;
    }
    while (!L->oom && mk_url_srcset_next(&cursor, &url, &len))
        add_ref(L, kind, url, len, node, element, attr);
}

/* Class names of alternate style sheets that cannot go together
 * (EPUBCheck CSS-005). */
static const char *const alt_style_pairs[][2] = {
    { "horizontal", "vertical" },
    { "day", "night" },
};

/* A <link rel="stylesheet">: an alternate one needs a title (EPUBCheck
 * CSS-015), and its class cannot name both of a pair (CSS-005). */
static void check_stylesheet_link(struct loader *L, xmlNodePtr node)
{
    char *rel = attr_of(L, node, "rel");
    char *title = NULL, *cls = NULL;
    size_t i;

    if (!rel || !has_token(rel, "stylesheet"))
        goto out;
    title = attr_of(L, node, "title");
    cls = attr_of(L, node, "class");
    if (has_token(rel, "alternate") && (!title || !title[0]))
        mk_error(L->dc, L->spec->path, mk_xml_line(node), mk_xml_col(node),
                 "an alternate stylesheet needs a title (EPUBCheck "
                 "CSS-015): add title=\"...\" naming the style, or drop "
                 "\"alternate\" from rel");
    for (i = 0; cls && i < sizeof(alt_style_pairs)
                           / sizeof(*alt_style_pairs); i++)
        if (has_token(cls, alt_style_pairs[i][0])
            && has_token(cls, alt_style_pairs[i][1]))
            mk_error(L->dc, L->spec->path, mk_xml_line(node),
                     mk_xml_col(node), "class=\"%s\" on a stylesheet link "
                     "names both '%s' and '%s' (EPUBCheck CSS-005): keep "
                     "one", cls, alt_style_pairs[i][0],
                     alt_style_pairs[i][1]);
out:
    free(rel);
    free(title);
    free(cls);
}

/* Nonzero if an <object> holds fallback content for readers that cannot
 * show its data, as EPUBCheck counts it (MED-002, RSC-032): text that is
 * not white space, or an image, anywhere inside.  Walked iteratively. */
static int object_fallback(xmlNodePtr object)
{
    xmlNodePtr n = object->children;

    while (n && n != object) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const xmlChar *t = n->content;

            while (t && *t && (*t == ' ' || *t == '\t' || *t == '\n'
                               || *t == '\r'))
                t++;
            if (t && *t)
                return 1;
        } else if (n->type == XML_ELEMENT_NODE
                   && strcmp((const char *)n->name, "img") == 0) {
            return 1;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != object && !n->next)
            n = n->parent;
        if (n != object)
            n = n->next;
    }
    return 0;
}

/* The media type an element declares with type=, as written (EPUBCheck
 * compares it whole with the manifest's), kept on the reference added
 * at index first (the element's only one); "" is left out. */
static void declared_type(struct loader *L, xmlNodePtr node, size_t first)
{
    char *type = attr_of(L, node, "type");

    if (type && type[0] && first + 1 == L->info->n_refs)
        L->info->refs[first].type = type;
    else
        free(type);
}

/* The index of the first row of ref_attrs for element name, or the
 * table's size when it has none (the table is sorted by element). */
static size_t find_ref_row(const char *name)
{
    size_t n = sizeof(ref_attrs) / sizeof(*ref_attrs), lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(ref_attrs[mid].element, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(ref_attrs[lo].element, name) == 0 ? lo : n;
}

/* find_ref_row() of an element of the tree, by its interned name. */
static size_t first_ref_row(struct loader *L, xmlNodePtr node)
{
    const void *hit;
    size_t row;

    if (mk_name_cache_get(&L->ref_rows, node->name, &hit))
        return (size_t)((const char *)hit - (const char *)ref_attrs)
               / sizeof(*ref_attrs);
    row = find_ref_row((const char *)node->name);
    mk_name_cache_put(&L->ref_rows, node->name, &ref_attrs[row]);
    return row;
}

static void collect_refs(struct loader *L, xmlNodePtr node, const char *name)
{
    size_t n = sizeof(ref_attrs) / sizeof(*ref_attrs), i;
    size_t first;

    for (i = first_ref_row(L, node);
         i < n && strcmp(ref_attrs[i].element, name) == 0; i++) {
        enum mk_ref_kind kind = ref_attrs[i].kind;
        char *url;

        url = attr_of(L, node, ref_attrs[i].attr);
        if (!url)
            continue;
        if (kind == MK_REF_STYLESHEET) {
            char *rel = attr_of(L, node, "rel");

            /* EPUBCheck reads any rel holding "stylesheet" as one */
            if (!rel || !strstr(rel, "stylesheet"))
                kind = MK_REF_OTHER;
            free(rel);
        }
        first = L->info->n_refs;
        add_refs(L, kind, ref_attrs[i].syntax, url, node,
                 ref_attrs[i].element, ref_attrs[i].attr);
        free(url);
        if (strcmp(name, "object") == 0 || strcmp(name, "embed") == 0
            || strcmp(name, "link") == 0)
            declared_type(L, node, first);
        if (strcmp(name, "object") == 0 && first < L->info->n_refs)
            L->info->refs[first].fallback = object_fallback(node);
    }
}

/* A <script> (HTML or SVG) makes the chapter scripted unless it is a
 * data block; where HTML and EPUBCheck disagree it is an error. */
static void check_script(struct loader *L, xmlNodePtr node)
{
    char *type = attr_of(L, node, "type");
    const char *hint;

    switch (mk_scripted_script(type, &hint)) {
    case MK_SCRIPTED_YES:
        L->info->props |= MK_PROP_SCRIPTED;
        break;
    case MK_SCRIPTED_CONFLICT:
        mk_error(L->dc, L->spec->path, mk_xml_line(node), mk_xml_col(node),
                 "<script type=\"%s\">: %s", type, hint);
        break;
    case MK_SCRIPTED_NO:
        break;
    }
    free(type);
}

/* The references of an SVG element (xlink:href, or SVG 2 href). */
static void collect_svg_refs(struct loader *L, xmlNodePtr node)
{
    size_t i;

    for (i = 0; i < sizeof(svg_refs) / sizeof(*svg_refs); i++) {
        xmlChar *x;
        char *href;


        if (strcmp((const char *)node->name, svg_refs[i].element) != 0)
            continue;
        x = get_prop(L, node, "href", MK_XLINK_NS);
        href = x ? mk_strdup((const char *)x) : attr_of(L, node, "href");
        if (x && !href)
            oom(L);
        if (href)
            add_ref(L, svg_refs[i].kind, href, strlen(href), node,
                    svg_refs[i].label, x ? "xlink:href" : "href");
        xmlFree(x);
        free(href);
    }
}

/* Whether the n bytes at v are a viewport size: a positive number, or
 * the keyword (device-width, device-height). */
static int viewport_value(const char *v, size_t n, const char *keyword)
{
    size_t i = 0, digits = 0;
    int nonzero = 0;

    if (n == strlen(keyword) && strncmp(v, keyword, n) == 0)
        return 1;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits++)
        nonzero |= v[i] != '0';
    if (i < n && v[i] == '.')
        for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits++)
            nonzero |= v[i] != '0';
    return i == n && digits && nonzero;
}

/* A fixed-layout page's <meta name="viewport">: both EPUBChecks want a
 * width and a height (HTM-047, HTM-056), each a positive number or
 * device-width / device-height (HTM-057). */
static void check_viewport(struct loader *L, xmlNodePtr meta)
{
    static const char *const dims[2][2] = {
        { "width", "device-width" }, { "height", "device-height" }
    };
    char *content = attr_of(L, meta, "content");
    const char *p = content ? content : "";
    int seen[2] = { 0, 0 };
    size_t k;

    while (*p) {
        const char *name, *value;
        size_t nn, vn;

        while (*p == ',' || *p == ';' || *p == ' ' || *p == '\t'
               || *p == '\n' || *p == '\r')
            p++;
        name = p;
        while (*p && *p != '=' && *p != ',' && *p != ';' && *p != ' '
               && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        nn = (size_t)(p - name);
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '=')
            continue;
        for (p++; *p == ' ' || *p == '\t'; p++)
            ;
        value = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t'
               && *p != '\n' && *p != '\r')
            p++;
        vn = (size_t)(p - value);
        for (k = 0; k < 2; k++) {
            if (nn != strlen(dims[k][0]) || strncmp(name, dims[k][0], nn))
                continue;
            seen[k] = 1;
            if (!viewport_value(value, vn, dims[k][1]))
                mk_error(L->dc, L->spec->path, mk_xml_line(meta),
                         mk_xml_col(meta), "viewport %s=%.*s: give a "
                         "number of CSS pixels (no unit) or %s",
                         dims[k][0], (int)vn, value, dims[k][1]);
        }
    }
    for (k = 0; k < 2; k++)
        if (!seen[k] && !L->oom)
            mk_error(L->dc, L->spec->path, mk_xml_line(meta),
                     mk_xml_col(meta), "the viewport of a fixed-layout "
                     "page needs a %s: write content=\"width=W, "
                     "height=H\"", dims[k][0]);
    free(content);
}

/* What the inspection does with an HTML element besides its references,
 * by element name (sorted). */
enum element_check {
    CHECK_NOTHING,
    CHECK_BASE,         /* refused */
    CHECK_IMG,          /* counted, alt text */
    CHECK_SCRIPT,       /* scripted or not */
    CHECK_FORM,         /* scripted for one EPUBCheck only: scripted.h */
    CHECK_STYLE,        /* its CSS */
    CHECK_LINK,         /* a stylesheet link */
    CHECK_META          /* charset, viewport */
};

static const struct element_action {
    const char *name;
    enum element_check check;
} element_actions[] = {
    { "base", CHECK_BASE }, { "img", CHECK_IMG }, { "link", CHECK_LINK },
    { "meta", CHECK_META }, { "script", CHECK_SCRIPT },
    { "style", CHECK_STYLE },
};

static const struct element_action no_action = { "", CHECK_NOTHING };
static const struct element_action form_action = { "", CHECK_FORM };

static int compare_action(const void *key, const void *entry)
{
    return strcmp(key, ((const struct element_action *)entry)->name);
}

/* The action for an element of the tree, by its interned name. */
static enum element_check action_of(struct loader *L, xmlNodePtr node)
{
    const void *hit;
    const struct element_action *a;
    const char *hint;

    if (mk_name_cache_get(&L->actions, node->name, &hit))
        return ((const struct element_action *)hit)->check;
    a = bsearch(node->name, element_actions,
                sizeof(element_actions) / sizeof(*element_actions),
                sizeof(*element_actions), compare_action);
    if (!a)
        a = mk_scripted_html_element((const char *)node->name, &hint)
            == MK_SCRIPTED_CONFLICT ? &form_action : &no_action;
    mk_name_cache_put(&L->actions, node->name, a);
    return a->check;
}

static void check_img(struct loader *L, xmlNodePtr node)
{
    L->info->images++;
    if (!xmlHasNsProp(node, BAD_CAST "alt", NULL)) {
        char *src = attr_of(L, node, "src");

        L->info->images_without_alt++;
        mk_warning(L->dc, L->spec->path, mk_xml_line(node),
                   mk_xml_col(node), "image '%s' has no alt text: add "
                   "alt=\"...\" describing it (alt=\"\" if it is "
                   "decoration)", src ? src : "");
        free(src);
    }
}

static void check_meta(struct loader *L, xmlNodePtr node)
{
    char *charset = attr_of(L, node, "charset");
    char *equiv = attr_of(L, node, "http-equiv");
    char *mname = attr_of(L, node, "name");

    if (mname && strcmp(mname, "viewport") == 0) {
        L->info->viewport = 1;
        if (L->spec->fixed)
            check_viewport(L, node);
    }
    free(mname);
    /* the output is always UTF-8, whatever the source was */
    if (charset && strcasecmp(charset, "utf-8") != 0)
        set_prop(L, node, NULL, "charset", "utf-8");
    if (equiv && strcasecmp(equiv, "content-type") == 0)
        set_prop(L, node, NULL, "content", "text/html; charset=utf-8");
    free(charset);
    free(equiv);
}

static void inspect_html_element(struct loader *L, xmlNodePtr node)
{
    const char *name = (const char *)node->name;
    xmlChar *css;

    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]
        && name[1] - '0' <= (L->spec->heading_depth > 3
                             ? L->spec->heading_depth : 3))
        collect_heading(L, node, name[1] - '0');
    collect_refs(L, node, name);
    switch (action_of(L, node)) {
    case CHECK_NOTHING:
        break;
    case CHECK_BASE:
        mk_error(L->dc, L->spec->path, mk_xml_line(node), mk_xml_col(node),
                 "<base> makes readers resolve every reference against "
                 "another address than the one mkepub checks and packs: "
                 "remove <base>; write each reference relative to the "
                 "chapter");
        break;
    case CHECK_IMG:
        check_img(L, node);
        break;
    case CHECK_SCRIPT:
        check_script(L, node);
        break;
    case CHECK_FORM:
        if (!L->conflict)
            L->conflict = node;     /* an error unless scripted anyway */
        break;
    case CHECK_STYLE:
        css = xmlNodeGetContent(node);
        if (css)
            scan_inline_css(L, (const char *)css, node, 0);
        else
            oom(L);
        xmlFree(css);
        break;
    case CHECK_LINK:
        check_stylesheet_link(L, node);
        break;
    case CHECK_META:
        if (node->parent == L->head)
            check_meta(L, node);
        break;
    }
}

/* Nonzero if an attribute of node (no namespace) has a value other than
 * blanks. */
static int has_text_attr(xmlNodePtr node, const char *name)
{
    xmlAttrPtr a = xmlHasNsProp(node, BAD_CAST name, NULL);
    const xmlNode *t;

    for (t = a ? a->children : NULL; t; t = t->next) {
        const xmlChar *c = t->content;

        while (c && *c) {
            if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                return 1;
            c++;
        }
    }
    return 0;
}

/* An inline <svg> is an image: it needs a text alternative (a <title>,
 * aria-label or aria-labelledby), unless it is marked as decoration. */
static void inspect_inline_svg(struct loader *L, xmlNodePtr svg)
{
    xmlNodePtr c;
    char *role = attr_of(L, svg, "role");
    char *hidden = attr_of(L, svg, "aria-hidden");
    int named = has_text_attr(svg, "aria-label")
                || has_text_attr(svg, "aria-labelledby");
    int decorative = (role && (strcmp(role, "presentation") == 0
                               || strcmp(role, "none") == 0))
                     || (hidden && strcmp(hidden, "true") == 0);

    for (c = svg->children; c && !named; c = c->next)
        if (mk_xml_is(c, MK_SVG_NS, "title") && c->children)
            named = 1;
    free(role);
    free(hidden);
    L->info->images++;
    if (named || decorative)
        return;
    L->info->images_without_alt++;
    mk_warning(L->dc, L->spec->path, mk_xml_line(svg), mk_xml_col(svg), "inline <svg> has "
               "no text alternative: give it a <title> or aria-label "
               "(or aria-hidden=\"true\" if it is decoration)");
}

/* Looks at one element (walk() goes through them all). */
static void visit(struct loader *L, xmlNodePtr node)
{
    check_attributes(L, node);
    if (node->ns && node->ns->href) {
        const char *ns = (const char *)node->ns->href;

        if (strcmp(ns, MK_XHTML_NS) == 0) {
            inspect_html_element(L, node);
        } else if (strcmp(ns, MK_SVG_NS) == 0) {
            L->info->props |= MK_PROP_SVG;
            if (strcmp((const char *)node->name, "svg") == 0
                && !mk_xml_is(node->parent, MK_SVG_NS,
                              (const char *)node->parent->name))
                inspect_inline_svg(L, node);
            collect_svg_refs(L, node);
            if (strcmp((const char *)node->name, "script") == 0)
                check_script(L, node);
        } else if (strcmp(ns, MK_MATHML_NS) == 0) {
            L->info->props |= MK_PROP_MATHML;
            if (strcmp((const char *)node->name, "math") == 0) {
                char *altimg = attr_of(L, node, "altimg");

                if (altimg)
                    add_ref(L, MK_REF_EMBED, altimg, strlen(altimg),
                            node, "math", "altimg");
                free(altimg);
            }
        }
    }
}

/* Visits every element below top, in document order, without recursion
 * (the nesting is the input's).  An entity reference left in the tree is
 * an undefined entity, which xml.c has reported where it stands: it is
 * not entered. */
static void walk(struct loader *L, xmlNodePtr top)
{
    xmlNodePtr node = top->children;

    while (node && !L->oom) {
        int element = node->type == XML_ELEMENT_NODE;

        if (element)
            visit(L, node);
        node = mk_xml_next(top, node, element);
    }
}

/* Visits top and every element below it. */
static void inspect(struct loader *L, xmlNodePtr top)
{
    visit(L, top);
    walk(L, top);
}

/* ---- normalising --------------------------------------------------- */

/* Puts root and every element below it without a namespace into ns. */
static void set_namespace_all(xmlNodePtr root, xmlNsPtr ns)
{
    xmlNodePtr node = root;

    while (node) {
        int element = node->type == XML_ELEMENT_NODE;

        if (element && !node->ns)
            node->ns = ns;
        node = mk_xml_next(root, node, element);
    }
}

static xmlNodePtr child_element(xmlNodePtr parent, const char *name)
{
    xmlNodePtr c;

    for (c = parent ? parent->children : NULL; c; c = c->next)
        if (is_html(c, name))
            return c;
    return NULL;
}

/* Turns a parsed <body> fragment into a whole document. */
static int wrap_fragment(struct loader *L, xmlDocPtr doc)
{
    xmlNodePtr body = xmlDocGetRootElement(doc);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);

    if (!html)
        return oom(L);
    /* the namespaces declared on the generated <body> move up, so every
     * node keeps pointing at a declaration in scope */
    html->nsDef = body->nsDef;
    body->nsDef = NULL;
    html->ns = body->ns;
    xmlUnlinkNode(body);
    xmlDocSetRootElement(doc, html);
    if (!xmlAddChild(html, body)) {
        xmlFreeNode(body);
        return oom(L);
    }
    return 0;
}

static int find_structure(struct loader *L, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (!root)
        return mk_error(L->dc, L->spec->path, 1, 0, "empty document");
    if (!root->ns && strcmp((const char *)root->name, "html") == 0) {
        xmlNsPtr ns = xmlNewNs(root, BAD_CAST MK_XHTML_NS, NULL);

        if (!ns)
            return oom(L);
        set_namespace_all(root, ns);
    }
    if (!is_html(root, "html"))
        return mk_error(L->dc, L->spec->path, mk_xml_line(root), mk_xml_col(root),
                        "the root element is <%s>, not an XHTML <html>: "
                        "write a full XHTML document or a body fragment",
                        root->name);
    L->html = root;
    L->head = child_element(root, "head");
    L->body = child_element(root, "body");
    if (!L->body)
        return mk_error(L->dc, L->spec->path, mk_xml_line(root), mk_xml_col(root),
                        "the document has no <body>");
    if (!L->head) {
        L->head = xmlNewDocNode(doc, root->ns, BAD_CAST "head", NULL);
        if (!L->head || !xmlAddPrevSibling(L->body, L->head))
            return oom(L);
    }
    L->title = child_element(L->head, "title");
    return 0;
}

static int replace_doctype(struct loader *L, xmlDocPtr doc)
{
    xmlDtdPtr dtd = doc->intSubset;

    /* entity declarations never reach the tree: xml.c reports them */
    if (dtd) {
        xmlUnlinkNode((xmlNodePtr)dtd);
        xmlFreeDtd(dtd);
        doc->intSubset = NULL;
    }
    if (!xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL))
        return oom(L);
    return 0;
}

/* The chapter's language on <html>: its own, else the book's; and
 * dir="rtl" when that language is written right to left and the
 * chapter does not give a direction itself. */
static void fix_lang(struct loader *L)
{
    xmlChar *lang = get_prop(L, L->html, "lang", NULL);
    xmlChar *xml_lang = get_prop(L, L->html, "lang",
                                 (const char *)XML_XML_NAMESPACE);
    const xmlChar *use = lang ? lang : xml_lang;
    xmlAttrPtr dir = xmlHasNsProp(L->html, BAD_CAST "dir", NULL);

    if (L->oom)
        goto out;
    if (!use)
        use = BAD_CAST L->spec->lang;
    /* a lang/xml:lang mismatch is htmlattr.c's to report */
    if (use && !lang)
        set_prop(L, L->html, NULL, "lang", (const char *)use);
    if (use && !xml_lang) {
        xmlNsPtr xml_ns = xmlSearchNs(L->html->doc, L->html,
                                      BAD_CAST "xml");

        /* the xml namespace is always found; libxml2 creates it on
         * first use and, when a copy of its name fails, returns it
         * without one */
        if (xml_ns && xml_ns->href && xml_ns->prefix)
            set_prop(L, L->html, xml_ns, "lang", (const char *)use);
        else
            oom(L);
    }
    if (use && !dir && mk_lang_is_rtl((const char *)use))
        set_prop(L, L->html, NULL, "dir", "rtl");
out:
    xmlFree(lang);
    xmlFree(xml_lang);
}

static void ensure_epub_namespace(struct loader *L)
{
    xmlNsPtr ns;

    if (!L->uses_epub)
        return;
    for (ns = L->html->nsDef; ns; ns = ns->next)
        if (ns->href && strcmp((const char *)ns->href, MK_EPUB_NS) == 0)
            return;
    if (!xmlNewNs(L->html, BAD_CAST MK_EPUB_NS, BAD_CAST "epub"))
        oom(L);
}

/* The chapter's title: book.xml's title=, else its first heading, else
 * its own <title>. */
static int settle_title(struct loader *L)
{
    struct mk_xhtml_info *info = L->info;
    char *own = L->title ? mk_xml_text(L->title) : NULL;
    const char *pick = NULL;
    xmlNodePtr text;
    size_t i;

    if (L->title && !own)
        return oom(L);
    if (L->spec->title && L->spec->title[0])
        pick = L->spec->title;
    for (i = 0; i < info->n_headings && !pick; i++)
        if (info->headings[i].text[0])
            pick = info->headings[i].text;
    if (!pick && own && own[0])
        pick = own;
    if (!pick) {
        free(own);
        if (L->oom)
            return -1;
        return mk_error(L->dc, L->spec->path, 1, 0, "the chapter has no "
                        "heading and no <title>: add an <h1>, or "
                        "title=\"...\" to its <chapter> in book.xml");
    }
    info->title = mk_strdup(pick);
    if (!info->title)
        goto fail;
    if (!own || !own[0]) {
        if (!L->title) {
            L->title = xmlNewDocNode(L->html->doc, L->html->ns,
                                     BAD_CAST "title", NULL);
            if (!L->title)
                goto fail;
            if (L->head->children)
                xmlAddPrevSibling(L->head->children, L->title);
            else
                xmlAddChild(L->head, L->title);
        }
        xmlNodeSetContent(L->title, NULL);
        text = xmlNewDocText(L->html->doc, BAD_CAST info->title);
        /* libxml2 2.9 returns the node even when the copy failed */
        if (text && !text->content) {
            xmlFreeNode(text);
            text = NULL;
        }
        if (!xmlAddChild(L->title, text)) {
            xmlFreeNode(text);
            goto fail;
        }
    }
    free(own);
    return 0;
fail:
    free(own);
    return oom(L);
}

/* A fixed-layout page's viewport from book.xml, when it has none. */
static void add_viewport(struct loader *L)
{
    xmlNodePtr meta;

    if (!L->spec->viewport || L->info->viewport || L->oom)
        return;
    meta = xmlNewChild(L->head, L->html->ns, BAD_CAST "meta", NULL);
    if (!meta || set_prop(L, meta, NULL, "name", "viewport") < 0
        || set_prop(L, meta, NULL, "content", L->spec->viewport) < 0)
        oom(L);
}

static void link_stylesheets(struct loader *L)
{
    size_t i;

    for (i = 0; i < L->spec->n_stylesheets; i++) {
        const char *href = L->spec->stylesheets[i];
        xmlNodePtr c, link;
        int present = 0;

        for (c = L->head->children; c && !present; c = c->next) {
            if (is_html(c, "link")) {
                xmlChar *h = get_prop(L, c, "href", NULL);

                present = h && strcmp((const char *)h, href) == 0;
                xmlFree(h);
            }
        }
        if (L->oom)
            return;
        if (present)
            continue;
        link = xmlNewChild(L->head, L->html->ns, BAD_CAST "link", NULL);
        if (!link || set_prop(L, link, NULL, "rel", "stylesheet") < 0
            || set_prop(L, link, NULL, "type", "text/css") < 0
            || set_prop(L, link, NULL, "href", href) < 0) {
            oom(L);
            return;
        }
    }
}

/* A new id from base, unique in this document, in the info's pool (one
 * copy, in info->ids too); recorded as used.  The next suffix tried is
 * kept per base, so that many headings with one text take linear
 * time. */
static char *unique_id(struct loader *L, const char *base)
{
    size_t next = (size_t)mk_strmap_get(&L->suffixes, base);
    unsigned n = next ? (unsigned)next : 1;
    char *made = mk_strmap_unused_from(&L->ids, base, &n), *key, *id;

    if (!made)
        return NULL;
    id = mk_strpool_add(&L->info->strings, made);
    free(made);
    key = next || !id ? NULL : mk_strpool_add(&L->bases, base);
    if (!id || (!next && !key)
        || mk_strmap_put(&L->suffixes, next ? base : key,
                         (void *)(size_t)(n + 1)) < 0)
        return NULL;
    if (mk_grow_array(&L->info->ids, &L->info->cap_ids, L->info->n_ids,
                      sizeof(*L->info->ids)) < 0
        || mk_strmap_put(&L->ids, id, (void *)(size_t)1) < 0)
        return NULL;
    L->info->ids[L->info->n_ids++] = id;
    return id;
}

/* Gives node the id mkepub made for it.  When the document has a
 * dictionary, the id is interned there and kept in the element's
 * _private field instead of an attribute (which costs some 250 bytes in
 * libxml2's tree, per heading): mk_xhtml_serialize() sets it while it
 * writes the element's part of the document and takes it off again. */
static int give_id(struct loader *L, xmlNodePtr node, const char *id)
{
    const xmlChar *v;

    if (!node->doc || !node->doc->dict)
        return set_prop(L, node, NULL, "id", id);
    v = xmlDictLookup(node->doc->dict, BAD_CAST id, -1);
    if (!v)
        return oom(L);
    node->_private = (void *)(size_t)v;
    return 0;
}

static void assign_ids(struct loader *L)
{
    struct mk_xhtml_info *info = L->info;
    size_t i;

    for (i = 0; i < info->n_headings && !L->oom; i++) {
        struct mk_heading *h = &info->headings[i];
        char *slug;

        if (h->id)
            continue;
        slug = mk_xhtml_slug(h->text);
        h->id = slug ? unique_id(L, slug) : NULL;
        free(slug);
        if (!h->id || (!L->spec->check_only && L->heading_nodes[i]
                       && give_id(L, L->heading_nodes[i], h->id) < 0))
            oom(L);
    }
    for (i = 0; i < info->n_pagebreaks && !L->oom; i++) {
        struct mk_pagebreak *pb = &info->pagebreaks[i];
        char *slug;
        struct mk_buf base = MK_BUF_INIT;

        if (pb->id)
            continue;
        slug = mk_xhtml_slug(pb->label);
        /* "page-" already makes the id valid: no "h-" for a number */
        mk_buf_addf(&base, "page-%s", !slug ? ""
                    : slug + (pb->label[0] >= '0' && pb->label[0] <= '9'
                              ? 2 : 0));
        free(slug);
        pb->id = base.failed ? NULL : unique_id(L, mk_buf_str(&base));
        mk_buf_release(&base);
        if (!pb->id || (!L->spec->check_only
                        && give_id(L, L->pagebreak_nodes[i], pb->id) < 0))
            oom(L);
    }
}

/* Nonzero when the run has been cancelled. */
static int cancelled(const struct mk_xhtml_spec *spec)
{
    return spec->cancel && *spec->cancel;
}

/* ---- streaming ----------------------------------------------------- */

/* With spec->prune, the children of <body> are dealt with as the parser
 * finishes them: each is inspected (visit()) and its attributes checked
 * at once, in document order, and one that nothing later looks up
 * (prunable()) is also checked by htmlmodel.c and then freed, its place
 * taken by a marker (a processing instruction made here) that holds,
 * with MK_XHTML_PRUNE_KEEP, its bytes as mk_xhtml_serialize() would have
 * written them.  The ids mkepub gives its headings are known only at the
 * end: the bytes hold a placeholder (MARK_ID) for each, filled in by
 * fill_markers().  What the checks record while parsing goes to a
 * collector of its own, adopted only when the document turns out
 * well-formed, so the diagnostics are those of the whole-tree path.
 *
 * The same goes for the children of a container inside <body> (a
 * <section>, <div>... that htmlmodel.c judges child by child, inside
 * <body> or such a container) once it has CONTAINER_CHILDREN element
 * children: it is inspected then, stays in the tree with a mark as its
 * first child, and its children are dealt with as parts of their own. */

static const char marker_tag[] = "mkepub pruned part";
static const char container_tag[] = "mkepub container";

/* Fewer children are cheaper kept in their parent's part than the
 * container kept in the tree (with 8, a chapter of <div>s of 8
 * paragraphs took 2.3 times the memory of 32). */
#define CONTAINER_CHILDREN 32

/* An element the parser holds open, as on_end() follows them. */
enum open_state {
    OPEN_WHOLE,         /* dealt with in its ancestor's part */
    OPEN_MAY_STREAM,    /* a container: may stream once it pays */
    OPEN_STREAMING      /* its children are dealt with as parts */
};

struct open_el {
    xmlNodePtr node;
    xmlNodePtr done;    /* streaming: the last child dealt with */
    enum open_state state;
};

/* A byte no XML 1.0 text can hold, written as the value of a given id
 * (libxml2 writes it as it is). */
#define MARK_ID '\x01'

static int is_marker(const xmlNode *node)
{
    return node->type == XML_PI_NODE && node->_private == marker_tag;
}

/* Nonzero if node is the mark a streaming container has first. */
static int is_container_mark(const xmlNode *node)
{
    return node->type == XML_PI_NODE && node->_private == container_tag;
}

/* Nonzero if node is an element that streamed: written child by child. */
static int streamed(const xmlNode *node)
{
    return node->type == XML_ELEMENT_NODE && node->children
           && is_container_mark(node->children);
}

/* A mark of kind tag (marker_tag, container_tag) put before node, or
 * NULL when memory ran out. */
static xmlNodePtr add_mark(xmlNodePtr node, const char *tag)
{
    xmlNodePtr m = xmlNewDocPI(node->doc, BAD_CAST "mkepub", NULL);

    if (!m || !m->name || !xmlAddPrevSibling(node, m)) {
        xmlFreeNode(m);
        return NULL;
    }
    m->_private = (void *)tag;
    return m;
}

static int open_empty_elements(xmlNodePtr root);
static int rewrite_part(const struct mk_xhtml_relink *relink,
                        xmlNodePtr first, xmlNodePtr stop);
static int write_to_buf(void *ctx, const char *data, int len);
static int escape_text(unsigned char *out, int *outlen, const xmlChar *in,
                       int *inlen);

/* How many headings and page breaks the info held when a part
 * began. */
struct part_start {
    size_t headings, pagebreaks;
};

/* Nonzero if the nodes from first to before stop, inspected
 * and their attributes checked since the headings and page breaks
 * counted in *from, may be freed: nothing another part or a
 * later phase looks up in the tree.  That is, elements in a namespace
 * and text and comments; no <style> or <script> (their text holds
 * references), no element scripted.h judges with the whole document;
 * no reference to an id (htmlattr.c resolves them in the tree) and no
 * page break without an id (it gets one). */
static int prunable(const struct loader *L, xmlNodePtr first,
                    xmlNodePtr stop, const struct part_start *from)
{
    const struct mk_xhtml_info *info = L->info;
    xmlNodePtr top, node;
    size_t i;

    if (mk_htmlattr_refers(L->attrs))
        return 0;
    for (i = from->pagebreaks; i < info->n_pagebreaks; i++)
        if (!info->pagebreaks[i].id)
            return 0;
    for (top = first; top != stop; top = top->next) {
        int element;

        for (node = top; node; node = mk_xml_next(top, node, element)) {
            const char *name = (const char *)node->name, *hint;

            element = node->type == XML_ELEMENT_NODE;
            if (node->type == XML_TEXT_NODE
                || node->type == XML_COMMENT_NODE)
                continue;
            if (!element || !node->ns || !node->ns->href
                || strcmp(name, "script") == 0
                || (strcmp((const char *)node->ns->href, MK_XHTML_NS) == 0
                    && (strcmp(name, "style") == 0
                        || mk_scripted_html_element(name, &hint)
                           == MK_SCRIPTED_CONFLICT)))
                return 0;
        }
    }
    return 1;
}

/* Starts streaming at body, the parent of the first element to end
 * that has one: only the document's own <body>, after nothing but a
 * <head> (the nodes before it are inspected now, as the whole-tree
 * walk would first).  Returns 0 when streaming, -1 if not (yet). */
static int begin_stream(struct loader *L, xmlNodePtr body, int fragment)
{
    xmlNodePtr root = xmlDocGetRootElement(body->doc), c, head = NULL;

    if (!is_html(body, "body"))
        return -1;
    if (fragment ? body != root
                 : body->parent != root || !is_html(root, "html"))
        return -1;
    for (c = fragment ? NULL : root->children; c != body && c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            if (head || !is_html(c, "head"))
                break;
            head = c;
        } else if (c->type != XML_TEXT_NODE
                   && c->type != XML_COMMENT_NODE) {
            break;
        }
    if (!fragment && c != body) {
        L->stream = -1;
        return -1;
    }
    L->early = mk_diag_new();
    L->attrs = mk_htmlattr_new(L->spec->path, L->spec->epub33_only);
    L->model = mk_htmlmodel_new(L->spec->path, L->spec->epub33_only);
    if (!L->early || !L->attrs || !L->model
        || mk_htmlmodel_open(L->model, body) < 0) {
        L->stream = -1;
        oom(L);
        return -1;
    }
    L->dc = L->early;
    L->html = fragment ? NULL : root;
    L->head = head;
    if (head)
        inspect(L, head);
    visit(L, body);
    L->body = body;
    L->stream = 1;
    if (L->spec->prune != MK_XHTML_PRUNE_KEEP)
        return 0;
    L->save = xmlSaveToIO(write_to_buf, NULL, &L->pruned, "UTF-8",
                          XML_SAVE_AS_XML | XML_SAVE_NO_DECL);
    if (!L->save)
        oom(L);
    else
        xmlSaveSetEscape(L->save, escape_text);
    return 0;
}

/* Writes the nodes from first to before stop into L->pruned, as
 * save_in_parts() would, the ids to be given to the headings from index
 * heads on as placeholders, and marks their place. */
static int write_part(struct loader *L, xmlNodePtr first, xmlNodePtr stop,
                      size_t heads)
{
    xmlDocPtr doc = first->doc;
    const xmlChar *encoding = doc->encoding;
    char mark[2] = { MARK_ID, '\0' };
    xmlNodePtr c;
    size_t i;
    int rc = 0;

    if (!L->marker || first->prev != L->marker) {
        L->marker = add_mark(first, marker_tag);
        if (!L->marker)
            return -1;
    }
    for (i = heads; i < L->info->n_headings; i++) {
        if (L->info->headings[i].id)
            continue;   /* the author's */
        if (set_prop(L, L->heading_nodes[i], NULL, "id", mark) < 0
            || mk_grow_array(&L->given, &L->cap_given, L->n_given,
                             sizeof(*L->given)) < 0)
            return -1;
        L->given[L->n_given++] = i;
    }
    for (c = first; c != stop; c = c->next)
        if (c->type == XML_ELEMENT_NODE && open_empty_elements(c) < 0)
            return -1;
    doc->encoding = BAD_CAST "UTF-8";
    for (c = first; c != stop && rc == 0; c = c->next)
        if (xmlSaveTree(L->save, c) < 0)
            rc = -1;
    doc->encoding = encoding;
    if (rc < 0 || xmlSaveFlush(L->save) < 0 || L->pruned.failed)
        return -1;
    L->marker->psvi = (void *)(size_t)L->pruned.len;
    return 0;
}

/* Checks the nodes of the streaming container e from first to before
 * stop as the whole-tree checks would and frees them (a marker, with
 * MK_XHTML_PRUNE_KEEP, takes their place). */
static void prune_part(struct loader *L, struct open_el *e,
                       xmlNodePtr first, xmlNodePtr stop,
                       const struct part_start *from)
{
    xmlNodePtr c, next;
    size_t i;

    if (mk_htmlmodel_part(L->model, first, stop, L->dc) < 0
        || mk_htmlattr_forget(L->attrs, e->node) < 0
        || (L->save && L->spec->relink
            && rewrite_part(L->spec->relink, first, stop) < 0)
        || (L->save && write_part(L, first, stop, from->headings) < 0)) {
        oom(L);
        return;
    }
    for (i = from->headings; i < L->info->n_headings; i++)
        L->heading_nodes[i] = NULL;
    for (i = from->pagebreaks; i < L->info->n_pagebreaks; i++)
        L->pagebreak_nodes[i] = NULL;
    for (c = first; c != stop; c = next) {
        next = c->next;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
}

/* Deals with the children of the streaming container e parsed since
 * the last call, to before stop (NULL: all): each is inspected and its
 * attributes checked now, in document order. */
static void take_part(struct loader *L, struct open_el *e, xmlNodePtr stop)
{
    xmlNodePtr first = e->done ? e->done->next : e->node->children, c;
    xmlNodePtr conflict = L->conflict;
    struct part_start from;

    if (!first || first == stop)
        return;
    from.headings = L->info->n_headings;
    from.pagebreaks = L->info->n_pagebreaks;
    mk_htmlattr_mark(L->attrs);
    for (c = first; c != stop && !L->oom; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            inspect(L, c);
            if (mk_htmlattr_walk(L->attrs, L->html, c, 1, L->dc) < 0)
                oom(L);
        }
    if (L->oom)
        return;
    if (L->conflict == conflict && prunable(L, first, stop, &from))
        prune_part(L, e, first, stop, &from);
    else
        L->marker = NULL;   /* kept for the whole-tree checks */
    e->done = stop ? stop->prev : e->node->last;
}

/* What the open element node, child of one in state parent, is. */
static enum open_state open_state_of(xmlNodePtr node,
                                     enum open_state parent)
{
    const char *hint;

    if (parent == OPEN_WHOLE || !mk_htmlmodel_streams(node)
        || mk_scripted_html_element((const char *)node->name, &hint)
           == MK_SCRIPTED_CONFLICT)
        return OPEN_WHOLE;
    return OPEN_MAY_STREAM;
}

/* Brings L->open in line with the parser's open elements open[0..n-1]
 * (one more entry for each, once).  Returns 0, or -1 when memory ran
 * out. */
static int follow_open(struct loader *L, xmlNodePtr const *open, size_t n)
{
    size_t i;

    for (i = 0; i < L->n_open && i < n; i++)
        if (L->open[i].node != open[i])
            break;
    L->n_open = i;
    for (; i < n; i++) {
        struct open_el *e;

        if (mk_grow_array(&L->open, &L->cap_open, L->n_open,
                          sizeof(*L->open)) < 0)
            return -1;
        e = &L->open[L->n_open++];
        e->node = open[i];
        e->done = NULL;
        e->state = open[i] == L->body ? OPEN_STREAMING
                   : i == 0 ? OPEN_WHOLE
                   : open_state_of(open[i], L->open[i - 1].state);
    }
    return 0;
}

/* Nonzero if node and the element siblings before it are at least n. */
static int has_elements_before(xmlNodePtr node, size_t n)
{
    for (; node && n > 0; node = node->prev)
        if (node->type == XML_ELEMENT_NODE)
            n--;
    return n == 0;
}

/* Makes the containers L->open[..i] that may stream and do not yet
 * stream: each, from the outermost, after the part of its parent before
 * it, is inspected, marked, and open for parts. */
static void begin_containers(struct loader *L, size_t i)
{
    size_t k = i;

    while (k > 0 && L->open[k].state != OPEN_STREAMING)
        k--;
    for (k++; k <= i && !L->oom; k++) {
        struct open_el *e = &L->open[k];
        xmlNodePtr c = e->node, mark;

        take_part(L, &L->open[k - 1], c);
        if (L->oom)
            return;
        mark = add_mark(c->children, container_tag);   /* a child ended */
        if (!mark) {
            oom(L);
            return;
        }
        mk_htmlattr_mark(L->attrs);
        visit(L, c);
        if (mk_htmlattr_walk(L->attrs, L->html, c, 0, L->dc) < 0
            || mk_htmlmodel_open(L->model, c) < 0) {
            oom(L);
            return;
        }
        e->state = OPEN_STREAMING;
        e->done = mark;
    }
}

/* The element node, child of L->open[i], has ended. */
static void child_ended(struct loader *L, xmlNodePtr node, size_t i)
{
    struct open_el *e = &L->open[i];

    if (e->state == OPEN_MAY_STREAM
        && has_elements_before(node, CONTAINER_CHILDREN))
        begin_containers(L, i);
    if (e->state == OPEN_STREAMING)
        take_part(L, e, NULL);
}

/* The element L->open[i] has ended. */
static void open_ended(struct loader *L, size_t i)
{
    struct open_el *e = &L->open[i];
    xmlNodePtr node = e->node;

    if (e->state == OPEN_STREAMING) {
        take_part(L, e, NULL);
        mk_htmlmodel_close(L->model);
        L->n_open = i;
        if (node != L->body && i > 0)
            L->open[i - 1].done = node;     /* kept, dealt with */
        L->marker = NULL;
        return;
    }
    L->n_open = i;
    if (i > 0)
        child_ended(L, node, i - 1);
}

/* mk_xml_end_fn: an element has ended. */
static void on_end(void *ctx, xmlNodePtr node, xmlNodePtr const *open,
                   size_t n, int fragment)
{
    struct loader *L = ctx;

    if (L->stream < 0 || L->oom || cancelled(L->spec))
        return;
    if (L->stream == 0
        && (n < (fragment ? 1u : 2u)
            || begin_stream(L, open[fragment ? 0 : 1], fragment) < 0))
        return;
    if (L->n_open > n && L->open[n].node == node) {
        L->n_open = n + 1;  /* its descendants have ended */
        open_ended(L, n);
        return;
    }
    if (n == 0)
        return;
    if (follow_open(L, open, n) < 0) {
        oom(L);
        return;
    }
    child_ended(L, node, n - 1);
}

/* The diagnostics of early recorded in dc. */
static void adopt(struct mk_diag *dc, struct mk_diag *early)
{
    size_t i, n = mk_diag_count(early);

    if (mk_diag_system_failed(early))
        mk_diag_oom(dc);
    for (i = 0; i < n; i++) {
        const char *file, *message;
        long line, col;
        enum mk_severity sev;

        if (mk_diag_get(early, i, &file, &line, &col, &sev, &message) == 0
            && file)
            mk_diag_add(dc, sev, file, line, col, "%s", message);
    }
}

/* The bytes from p to end with each placeholder replaced by the next
 * given id from L->given[*g] on, copied to out (NULL: only measured);
 * their length, or (size_t)-1 when the given ids run out. */
static size_t expand_part(const struct loader *L, const char *p,
                          const char *end, size_t *g, xmlChar *out)
{
    size_t o = 0;

    for (;;) {
        const char *mark = memchr(p, MARK_ID, (size_t)(end - p)), *id;
        size_t run = (size_t)((mark ? mark : end) - p);

        if (out)
            memcpy(out + o, p, run);
        o += run;
        if (!mark)
            return o;
        if (*g == L->n_given)
            return (size_t)-1;
        id = L->info->headings[L->given[(*g)++]].id;
        if (out)
            memcpy(out + o, id, strlen(id));
        o += strlen(id);
        p = mark + 1;
    }
}

/* Gives each marker (in <body> and the containers that streamed, in
 * document order: the order they were made) its bytes, the placeholders
 * replaced by the ids given to the headings in L->given, in order. */
static int fill_markers(struct loader *L)
{
    const char *bytes = L->pruned.buf;
    size_t from = 0, g = 0;
    xmlNodePtr c;

    for (c = L->body; c;
         c = mk_xml_next(L->body, c, c == L->body || streamed(c))) {
        size_t to, len, start = g;
        xmlChar *out;

        if (!is_marker(c))
            continue;
        to = (size_t)c->psvi;
        len = expand_part(L, bytes + from, bytes + to, &g, NULL);
        out = len == (size_t)-1 ? NULL : xmlMalloc(len + 1);
        if (!out)
            return -1;
        g = start;
        expand_part(L, bytes + from, bytes + to, &g, out);
        out[len] = '\0';
        c->content = out;
        c->psvi = NULL;
        from = to;
    }
    mk_buf_release(&L->pruned);
    return 0;
}

/* Ends streaming after parsing: the diagnostics found meanwhile go to
 * dc when the document came (doc not NULL). */
static void end_stream(struct loader *L, struct mk_diag *dc, xmlDocPtr doc)
{
    L->dc = dc;
    if (L->save)
        xmlSaveClose(L->save);
    L->save = NULL;
    if (L->early) {
        if (doc)
            adopt(dc, L->early);
        else if (mk_diag_system_failed(L->early))
            mk_diag_oom(dc);
        mk_diag_free(L->early);
        L->early = NULL;
    }
}

/* Checks the attributes the stream did not (everything when there was
 * no streaming): of <html>, <head> and <body> themselves, and what
 * follows <body>; then resolves the references to ids. */
static int check_attrs_rest(struct loader *L, struct mk_diag *dc)
{
    struct mk_htmlattr *A = L->attrs;
    xmlNodePtr c;
    int rc;

    if (L->stream != 1)
        return mk_htmlattr_check(L->html, L->spec->path,
                                 L->spec->epub33_only, dc);
    rc = mk_htmlattr_walk(A, L->html, L->html, 0, dc);
    for (c = L->html->children; c && rc == 0; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            rc = mk_htmlattr_walk(A, L->html, c, c != L->body, dc);
    return rc < 0 ? -1 : mk_htmlattr_resolve(A, dc);
}

/* Inspects what the stream did not: the nodes of <html> after <body>
 * (everything when there was no streaming). */
static void walk_rest(struct loader *L)
{
    xmlNodePtr c;

    if (L->stream != 1) {
        walk(L, L->html);
        return;
    }
    for (c = L->body->next; c && !L->oom; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            inspect(L, c);
}

xmlDocPtr mk_xhtml_load(const struct mk_xhtml_spec *spec, const char *data,
                        size_t len, struct mk_diag *dc,
                        struct mk_xhtml_info *info_out)
{
    struct mk_xhtml_info scratch;
    struct loader L;
    xmlDocPtr doc;
    int fragment = 0;
    size_t errors_before = mk_diag_errors(dc);

    memset(&L, 0, sizeof(L));
    mk_xhtml_info_init(&scratch);
    L.spec = spec;
    L.dc = dc;
    L.info = info_out ? info_out : &scratch;
    doc = mk_xml_parse_hooked(spec->path, data, len, MK_XML_CHAPTER, dc,
                              &fragment, spec->md, spec->cancel,
                              spec->prune ? on_end : NULL, &L);
    end_stream(&L, dc, doc);
    if (!doc)
        goto out;
    if ((fragment && wrap_fragment(&L, doc) < 0)
        || find_structure(&L, doc) < 0 || replace_doctype(&L, doc) < 0
        || cancelled(spec))
        goto fail;
    walk_rest(&L);
    if (L.oom || cancelled(spec))
        goto fail;
    if (L.conflict && !(L.info->props & MK_PROP_SCRIPTED)) {
        const char *hint;

        mk_scripted_html_element((const char *)L.conflict->name, &hint);
        mk_error(dc, spec->path, mk_xml_line(L.conflict),
                 mk_xml_col(L.conflict), "%s", hint);
    }
    /* before mkepub adds its own nodes (title, links, ids): only what the
     * author wrote is judged */
    if (mk_htmlmodel_check(L.html, spec->path, spec->epub33_only, dc) < 0
        || cancelled(spec)
        || check_attrs_rest(&L, dc) < 0 || cancelled(spec))
        goto fail;
    ensure_epub_namespace(&L);
    fix_lang(&L);
    if (settle_title(&L) < 0 && L.oom)
        goto fail;
    link_stylesheets(&L);
    add_viewport(&L);
    assign_ids(&L);
    if (L.oom || (L.pruned.len && fill_markers(&L) < 0 && oom(&L)))
        goto fail;
    if (L.info->n_ids > 1)
        qsort(L.info->ids, L.info->n_ids, sizeof(*L.info->ids),
              mk_compare_strings);
    if (L.info->n_note_ids > 1)
        qsort(L.info->note_ids, L.info->n_note_ids,
              sizeof(*L.info->note_ids), mk_compare_strings);
    if (mk_diag_errors(dc) > errors_before)
        goto fail;
    if (spec->relink
        && mk_xhtml_rewrite_links(doc, spec->relink->map,
                                  spec->relink->link_map,
                                  spec->relink->ctx) < 0) {
        oom(&L);
        goto fail;
    }
    goto out;
fail:
    xmlFreeDoc(doc);
    doc = NULL;
out:
    mk_buf_release(&L.pruned);
    mk_htmlattr_free(L.attrs);
    mk_htmlmodel_free(L.model);
    free(L.open);
    free(L.given);
    mk_strmap_release(&L.suffixes);
    mk_strpool_release(&L.bases);
    mk_strmap_release(&L.ids);
    free(L.heading_nodes);
    free(L.pagebreak_nodes);
    mk_xhtml_info_release(&scratch);
    return doc;
}

/* ---- serialising --------------------------------------------------- */

/* An empty non-void element would be saved as <a/>, which HTML parsers
 * read as an open tag; an empty text child makes libxml2 write <a></a>. */
static int open_empty_elements(xmlNodePtr root)
{
    xmlNodePtr node;

    for (node = root; node; node = mk_xml_next(root, node, node->type
                                               == XML_ELEMENT_NODE)) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (!node->children) {
            int is_void = node->ns && node->ns->href
                          && strcmp((const char *)node->ns->href,
                                    MK_XHTML_NS) == 0
                          && IN_LIST((const char *)node->name,
                                     void_elements);

            if (!is_void && node->ns && node->ns->href
                && strcmp((const char *)node->ns->href, MK_XHTML_NS) == 0
                && !xmlAddChild(node, xmlNewDocText(node->doc, BAD_CAST "")))
                return -1;
        }
    }
    return 0;
}

/* libxml2's output callback: the bytes go straight into the caller's
 * buffer, so a large chapter is not held twice while it is saved. */
static int write_to_buf(void *ctx, const char *data, int len)
{
    struct mk_buf *out = ctx;

    mk_buf_add(out, data, (size_t)len);
    return out->failed ? -1 : len;
}

/* The references text content takes where libxml2 escapes a byte
 * (xmlEscapeContent() in xmlsave.c): text_escape[c] indexes text_ref. */
static const char *const text_ref[] = { NULL, "&lt;", "&gt;", "&amp;",
                                        "&#13;" };
static const unsigned char text_escape[256] = {
    ['<'] = 1, ['>'] = 2, ['&'] = 3, ['\r'] = 4,
};

/* libxml2's escaping function for text content (xmlSaveSetEscape), giving
 * the same bytes as its own: *inlen bytes of in into at most *outlen
 * bytes of out, never a reference cut short; both receive what was done.
 * The runs between escaped bytes are copied whole, where libxml2 tests
 * and copies byte by byte (the most time spent saving a chapter). */
static int escape_text(unsigned char *out, int *outlen, const xmlChar *in,
                       int *inlen)
{
    const unsigned char *p = in, *end = in + *inlen;
    unsigned char *o = out, *oend = out + *outlen;

    while (p < end && o < oend) {
        const unsigned char *run = p;
        const char *ref;
        size_t n, rl;

        while (p < end && !text_escape[*p])
            p++;
        n = (size_t)(p - run);
        if (n > (size_t)(oend - o)) {
            n = (size_t)(oend - o);
            p = run + n;
        }
        memcpy(o, run, n);
        o += n;
        if (p == end || o == oend)
            break;
        ref = text_ref[text_escape[*p]];
        rl = strlen(ref);
        if ((size_t)(oend - o) < rl)
            break;
        memcpy(o, ref, rl);
        o += rl;
        p++;
    }
    *outlen = (int)(o - out);
    *inlen = (int)(p - in);
    return 0;
}

/* libxml2's per-thread error handler while saving (data: an int).  A
 * buffer that cannot grow is reported only here: the text is then cut
 * short, and xmlSaveClose() does not always say so. */
static void on_save_error(void *data, xmlErrorPtr e)
{
    if (e && e->code == XML_ERR_NO_MEMORY)
        *(int *)data = 1;
}

/* Sets (on) or takes off (!on) the ids give_id() kept in _private, on
 * top and the elements below it.  Returns -1 when memory ran out. */
static int given_ids(xmlNodePtr top, int on)
{
    xmlNodePtr node;
    int element;

    for (node = top; node; node = mk_xml_next(top, node, element)) {
        xmlAttrPtr a;

        element = node->type == XML_ELEMENT_NODE;
        if (!element || !node->_private)
            continue;
        if (on) {
            a = xmlSetNsProp(node, NULL, BAD_CAST "id",
                             (const xmlChar *)node->_private);
            if (!a || !a->children || !a->children->content)
                return -1;
        } else if ((a = xmlHasNsProp(node, BAD_CAST "id", NULL))) {
            xmlRemoveProp(a);
        }
    }
    return 0;
}

static void add_end_tag(struct mk_buf *out, const xmlNode *node);

/* Takes tail off the end of what out holds from start on; 0, or -1 when
 * out does not end so (or failed). */
static int cut_tail(struct mk_buf *out, size_t start,
                    const struct mk_buf *tail)
{
    if (out->failed || out->len - start < tail->len
        || memcmp(out->buf + out->len - tail->len, tail->buf, tail->len))
        return -1;
    out->len -= tail->len;
    out->buf[out->len] = '\0';
    return 0;
}

/* Writes node and the tree below it with its given ids set
 * (given_ids()), and flushes the bytes into the save's buffer. */
static int save_tree(xmlSaveCtxtPtr save, xmlNodePtr node)
{
    int rc = given_ids(node, 1);

    if (rc == 0 && xmlSaveTree(save, node) < 0)
        rc = -1;
    given_ids(node, 0);
    return rc == 0 && xmlSaveFlush(save) >= 0 ? 0 : -1;
}

/* Writes the start tag of element node as libxml2 writes it (the
 * element saved with one empty text child, its end tag taken off). */
static int save_start_tag(xmlSaveCtxtPtr save, xmlNodePtr node,
                          struct mk_buf *out)
{
    xmlNodePtr children = node->children, last = node->last;
    xmlNodePtr hole = xmlNewDocText(node->doc, BAD_CAST "");
    struct mk_buf end = MK_BUF_INIT;
    size_t start = out->len;
    int rc;

    add_end_tag(&end, node);
    if (!hole || end.failed) {
        xmlFreeNode(hole);
        mk_buf_release(&end);
        return -1;
    }
    hole->parent = node;
    node->children = node->last = hole;
    rc = save_tree(save, node);
    node->children = children;
    node->last = last;
    xmlFreeNode(hole);
    if (rc == 0)
        rc = cut_tail(out, start, &end);
    mk_buf_release(&end);
    return rc;
}

/* Writes node (and what it contains) with its given ids set, and flushes
 * the bytes into the caller's buffer out: a marker of pruned parts (see
 * on_end()) gives its bytes, an element that streamed is written tag,
 * children and end tag (without recursion: the nesting is the
 * input's). */
static int save_part(xmlSaveCtxtPtr save, xmlNodePtr node,
                     struct mk_buf *out)
{
    xmlNodePtr n = node;
    int rc = 0;

    while (rc == 0) {
        if (is_marker(n)) {
            if (xmlSaveFlush(save) < 0 || !n->content)
                return -1;
            mk_buf_adds(out, (const char *)n->content);
            rc = out->failed ? -1 : 0;
        } else if (streamed(n)) {
            if (save_start_tag(save, n, out) < 0)
                return -1;
            n = n->children;    /* the mark, written as nothing */
            continue;
        } else if (!is_container_mark(n)) {
            rc = save_tree(save, n);
        }
        while (rc == 0 && n != node && !n->next) {
            n = n->parent;
            add_end_tag(out, n);
            rc = out->failed ? -1 : 0;
        }
        if (n == node)
            break;
        n = n->next;
    }
    return rc;
}

/* The end tag of node as libxml2 writes it, appended to out. */
static void add_end_tag(struct mk_buf *out, const xmlNode *node)
{
    if (node->ns && node->ns->prefix)
        mk_buf_addf(out, "</%s:%s>", (const char *)node->ns->prefix,
                    (const char *)node->name);
    else
        mk_buf_addf(out, "</%s>", (const char *)node->name);
}

/* Saves doc whose root has the child body, one part at a time, so that
 * the ids given to its headings are attributes only while their part is
 * written: first the document with body emptied and all that follows it
 * cut off (its last bytes, body's and the root's end tags and a newline,
 * are dropped), then each node in body, body's end tag, the root's nodes
 * after body, its end tag, and the document's nodes after the root, as
 * xmlSaveDoc() writes them (which names the output's encoding as the
 * document's while it writes, so that attribute values keep their
 * characters rather than &#x...; references).  Returns 0, -1 (out of
 * memory) or 1 when the first part did not end as expected (nothing was
 * added to out). */
static int save_in_parts(xmlSaveCtxtPtr save, xmlDocPtr doc,
                         xmlNodePtr root, xmlNodePtr body,
                         struct mk_buf *out)
{
    xmlNodePtr first = body->children, last = body->last;
    xmlNodePtr after_body = body->next, root_last = root->last;
    xmlNodePtr after_root = root->next, doc_last = doc->last;
    xmlNodePtr hole = xmlNewDocText(doc, BAD_CAST ""), c;
    const xmlChar *encoding = doc->encoding;
    struct mk_buf tail = MK_BUF_INIT;
    size_t start = out->len;
    int rc = 0;

    add_end_tag(&tail, body);
    add_end_tag(&tail, root);
    mk_buf_addc(&tail, '\n');
    if (!hole || tail.failed) {
        xmlFreeNode(hole);
        mk_buf_release(&tail);
        return -1;
    }
    hole->parent = body;
    body->children = body->last = hole;    /* <body ...></body> */
    body->next = NULL;
    root->last = body;
    root->next = NULL;
    doc->last = root;
    if (given_ids(root, 1) < 0 || xmlSaveDoc(save, doc) < 0
        || xmlSaveFlush(save) < 0)
        rc = -1;
    given_ids(root, 0);
    body->children = first;
    body->last = last;
    body->next = after_body;
    root->last = root_last;
    root->next = after_root;
    doc->last = doc_last;
    xmlFreeNode(hole);
    if (rc == 0 && !out->failed && cut_tail(out, start, &tail) < 0) {
        out->len = start;
        out->buf[start] = '\0';
        rc = 1;
    }
    mk_buf_release(&tail);
    doc->encoding = BAD_CAST "UTF-8";
    for (c = first; c && rc == 0; c = c->next)
        rc = save_part(save, c, out);
    if (rc == 0)
        add_end_tag(out, body);
    for (c = after_body; c && rc == 0; c = c->next)
        rc = save_part(save, c, out);
    if (rc == 0) {
        add_end_tag(out, root);
        mk_buf_addc(out, '\n');
    }
    for (c = after_root; c && rc == 0; c = c->next)
        if ((rc = save_part(save, c, out)) == 0)
            mk_buf_addc(out, '\n');
    doc->encoding = encoding;
    return rc;
}

int mk_xhtml_serialize(xmlDocPtr doc, struct mk_buf *out)
{
    xmlSaveCtxtPtr save;
    xmlNodePtr root = xmlDocGetRootElement(doc), body = NULL, c;
    int rc, oom = 0;
    xmlStructuredErrorFunc saved_serror = xmlStructuredError;
    void *saved_serror_ctx = xmlStructuredErrorContext;

    if (open_empty_elements(root) < 0)
        return -1;
    /* in parts only where libxml2 writes no XHTML 1.0 forms (a DOCTYPE
     * with identifiers) and the document is XHTML with a body */
    if (root && is_html(root, "html")
        && !(doc->intSubset && (doc->intSubset->ExternalID
                                || doc->intSubset->SystemID)))
        body = child_element(root, "body");
    mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (out->failed)
        return -1;
    xmlSetStructuredErrorFunc(&oom, on_save_error);
    save = xmlSaveToIO(write_to_buf, NULL, out, "UTF-8",
                       XML_SAVE_AS_XML | XML_SAVE_NO_DECL);
    rc = save ? 0 : -1;
    if (save)
        xmlSaveSetEscape(save, escape_text);
    if (save && body)
        rc = save_in_parts(save, doc, root, body, out);
    for (c = rc == 1 ? body : NULL; c; c = mk_xml_next(body, c, 1))
        if (is_marker(c) || is_container_mark(c))
            rc = -1;    /* not written by xmlSaveDoc() (never seen: the
                         * document's first part ends as expected) */
    if (save && (!body || rc == 1)) {
        rc = given_ids(root, 1);
        if (rc == 0 && xmlSaveDoc(save, doc) < 0)
            rc = -1;
        given_ids(root, 0);
    }
    if (save && xmlSaveClose(save) < 0)
        rc = -1;
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    return rc < 0 || oom || out->failed ? -1 : 0;
}

/* ---- rewriting references ------------------------------------------ */

struct rewriter {
    mk_xhtml_map_fn map;
    mk_xhtml_map_fn link_map;   /* for hyperlinks */
    void *ctx;
    int failed;
};

/* Sets attribute a of node to value (not empty); libxml2 2.9 returns the
 * attribute even when copying the value failed. */
static void replace_value(struct rewriter *rw, xmlNodePtr node,
                          xmlAttrPtr a, const char *value)
{
    xmlAttrPtr set = xmlSetNsProp(node, a->ns, a->name, BAD_CAST value);

    if (!set || !set->children || !set->children->content)
        rw->failed = 1;
}

/* Replaces the value of attribute a when map() (link_map() for a
 * hyperlink) gives a new one. */
static void rewrite_attr(struct rewriter *rw, xmlNodePtr node, xmlAttrPtr a,
                         int link)
{
    xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
    char *repl;

    if (!value) {
        rw->failed = 1;
        return;
    }
    repl = (link ? rw->link_map : rw->map)(rw->ctx, (const char *)value,
                                           &rw->failed);
    xmlFree(value);
    if (repl)
        replace_value(rw, node, a, repl);
    free(repl);
}

/* Rewrites the url()s of CSS text: in a style attribute (a) or a <style>
 * element's text (node, a NULL). */
static void rewrite_css(struct rewriter *rw, xmlNodePtr node, xmlAttrPtr a)
{
    xmlChar *css = xmlNodeGetContent(a ? (xmlNodePtr)a : node);
    struct mk_buf out = MK_BUF_INIT;
    int changed = 0;

    if (!css) {
        rw->failed = 1;
        return;
    }
    if (mk_css_rewrite((const char *)css, strlen((const char *)css),
                       rw->map, rw->ctx, &out, &changed) < 0)
        rw->failed = 1;
    xmlFree(css);
    if (changed && !rw->failed) {
        if (a) {
            replace_value(rw, node, a, out.buf);
        } else {
            xmlNodePtr text = xmlNewDocText(node->doc, BAD_CAST out.buf);

            /* libxml2 2.9 returns the node even when the copy failed */
            if (!text || !text->content) {
                xmlFreeNode(text);
                rw->failed = 1;
            } else {
                xmlNodeSetContent(node, NULL);
                xmlAddChild(node, text);
            }
        }
    }
    mk_buf_release(&out);
}

/* Rewrites each image candidate's URL in a srcset value, keeping the
 * descriptors and separators as written. */
static void rewrite_srcset(struct rewriter *rw, xmlNodePtr node,
                           xmlAttrPtr a)
{
    xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
    struct mk_buf out = MK_BUF_INIT;
    const char *cursor, *done, *url;
    size_t len;
    int changed = 0;

    if (!value) {
        rw->failed = 1;
        return;
    }
    cursor = done = (const char *)value;
    while (!rw->failed && mk_url_srcset_next(&cursor, &url, &len)) {
        char *one = mk_strndup(url, len);
        char *repl = one ? rw->map(rw->ctx, one, &rw->failed) : NULL;

        if (!one)
            rw->failed = 1;
        mk_buf_add(&out, done, (size_t)(url - done));
        if (repl) {
            mk_buf_adds(&out, repl);
            changed = 1;
        } else {
            mk_buf_add(&out, url, len);
        }
        done = url + len;
        free(repl);
        free(one);
    }
    mk_buf_adds(&out, done);
    if (out.failed)
        rw->failed = 1;
    if (changed && !rw->failed)
        replace_value(rw, node, a, out.buf);
    mk_buf_release(&out);
    xmlFree(value);
}

static void rewrite_element(struct rewriter *rw, xmlNodePtr node)
{
    const char *ns = node->ns && node->ns->href
                     ? (const char *)node->ns->href : "";
    const char *name = (const char *)node->name;
    int html = strcmp(ns, MK_XHTML_NS) == 0;
    int svg = strcmp(ns, MK_SVG_NS) == 0;
    xmlAttrPtr a;
    size_t i;

    for (a = node->properties; a && !rw->failed; a = a->next) {
        const char *an = (const char *)a->name;
        const char *ans = a->ns && a->ns->href
                          ? (const char *)a->ns->href : NULL;

        if (!ans && strcmp(an, "style") == 0 && (html || svg)) {
            rewrite_css(rw, node, a);
            continue;
        }
        if (svg && strcmp(an, "href") == 0
            && (!ans || strcmp(ans, MK_XLINK_NS) == 0)) {
            rewrite_attr(rw, node, a, strcmp(name, "a") == 0);
            continue;
        }
        if (!ans && strcmp(ns, MK_MATHML_NS) == 0
            && strcmp(name, "math") == 0 && strcmp(an, "altimg") == 0) {
            rewrite_attr(rw, node, a, 0);
            continue;
        }
        for (i = 0; html && !ans && i < sizeof(ref_attrs)
                                         / sizeof(*ref_attrs); i++)
            if (strcmp(ref_attrs[i].element, name) == 0
                && strcmp(ref_attrs[i].attr, an) == 0) {
                if (ref_attrs[i].syntax == REF_SRCSET)
                    rewrite_srcset(rw, node, a);
                else
                    rewrite_attr(rw, node, a,
                                 ref_attrs[i].kind == MK_REF_LINK);
            }
    }
    if ((html || svg) && strcmp(name, "style") == 0 && !rw->failed)
        rewrite_css(rw, node, NULL);
}

int mk_xhtml_rewrite_refs(xmlDocPtr doc, mk_xhtml_map_fn map, void *ctx)
{
    return mk_xhtml_rewrite_links(doc, map, map, ctx);
}

/* Rewrites the references below and including top, iteratively (the
 * depth of the tree is the input's). */
static void rewrite_tree(struct rewriter *rw, xmlNodePtr top)
{
    xmlNodePtr node = top;

    while (node && !rw->failed) {
        if (node->type == XML_ELEMENT_NODE) {
            rewrite_element(rw, node);
            if (node->children) {
                node = node->children;
                continue;
            }
        }
        while (node != top && !node->next)
            node = node->parent;
        node = node != top ? node->next : NULL;
    }
}

int mk_xhtml_rewrite_links(xmlDocPtr doc, mk_xhtml_map_fn map,
                           mk_xhtml_map_fn link_map, void *ctx)
{
    struct rewriter rw = { map, link_map, ctx, 0 };
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (root)
        rewrite_tree(&rw, root);
    return rw.failed ? -1 : 0;
}

/* The references of the nodes from first to before stop rewritten. */
static int rewrite_part(const struct mk_xhtml_relink *relink,
                        xmlNodePtr first, xmlNodePtr stop)
{
    struct rewriter rw = { relink->map, relink->link_map, relink->ctx, 0 };
    xmlNodePtr c;

    for (c = first; c != stop && !rw.failed; c = c->next)
        rewrite_tree(&rw, c);
    return rw.failed ? -1 : 0;
}
