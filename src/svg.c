/*
 * svg.c - checking an SVG file and collecting its references (see svg.h).
 *
 * One iterative walk over the tree (its depth is the file's, so never
 * recursion) looks at every element and attribute once.
 */
#include "svg.h"
#include "buf.h"
#include "css.h"
#include "diag.h"
#include "scripted.h"
#include "xhtml.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

/* A reference to an element of the same file ("#id"). */
struct local_ref {
    char *id;
    long line, col;
};

struct svg_walk {
    const char *path;
    struct mk_diag *dc;
    struct mk_svg_info *info;
    long line, col;         /* of the element being read */
    struct local_ref *local;    /* checked once every id is known */
    size_t n_local, cap_local;
    int oom;
};

static int oom(struct svg_walk *w)
{
    if (!w->oom)
        mk_diag_oom(w->dc);
    w->oom = 1;
    return -1;
}

void mk_svg_info_init(struct mk_svg_info *info)
{
    memset(info, 0, sizeof(*info));
}

void mk_svg_info_release(struct mk_svg_info *info)
{
    size_t i;

    for (i = 0; i < info->n_refs; i++)
        free(info->refs[i].url);
    free(info->refs);
    for (i = 0; i < info->n_ids; i++)
        free(info->ids[i]);
    free(info->ids);
    mk_svg_info_init(info);
}

int mk_svg_has_id(const struct mk_svg_info *info, const char *id)
{
    return mk_sorted_has((const char *const *)info->ids, info->n_ids, id);
}

static void add_id(struct svg_walk *w, const xmlChar *id)
{
    struct mk_svg_info *info = w->info;
    char *copy;

    if (mk_grow_array(&info->ids, &info->cap_ids, info->n_ids,
                      sizeof(*info->ids)) < 0) {
        oom(w);
        return;
    }
    copy = mk_strdup((const char *)id);
    if (!copy) {
        oom(w);
        return;
    }
    info->ids[info->n_ids++] = copy;
}

static int add_ref(struct svg_walk *w, enum mk_svg_ref_kind kind,
                   const char *url, size_t n)
{
    struct mk_svg_info *info = w->info;
    struct mk_svg_ref *r;

    if (mk_grow_array(&info->refs, &info->cap_refs, info->n_refs,
                      sizeof(*info->refs)) < 0)
        return oom(w);
    r = &info->refs[info->n_refs];
    r->url = mk_malloc(n + 1);
    if (!r->url)
        return oom(w);
    memcpy(r->url, url, n);
    r->url[n] = '\0';
    r->kind = kind;
    r->line = w->line;
    r->col = w->col;
    info->n_refs++;
    return 0;
}

/* "#id" (n bytes at url): checked against the file's ids at the end. */
static void add_local(struct svg_walk *w, const char *url, size_t n)
{
    struct local_ref *l;

    if (mk_grow_array(&w->local, &w->cap_local, w->n_local,
                      sizeof(*w->local)) < 0) {
        oom(w);
        return;
    }
    l = &w->local[w->n_local];
    l->id = mk_malloc(n);
    if (!l->id) {
        oom(w);
        return;
    }
    memcpy(l->id, url + 1, n - 1);
    l->id[n - 1] = '\0';
    l->line = w->line;
    l->col = w->col;
    w->n_local++;
}

/* mk_css_scan()'s callback: url() and @import in a style attribute or a
 * <style> element. */
static int css_found(void *ctx, const char *url, long line, long col,
                     int is_import)
{
    struct svg_walk *w = ctx;
    long saved = w->line, saved_col = w->col;
    int rc;

    (void)is_import;
    w->line = line;
    w->col = col;
    rc = add_ref(w, MK_SVG_REF_RESOURCE, url, strlen(url));
    w->line = saved;
    w->col = saved_col;
    return rc;
}

/* The CSS of a style attribute (is_attribute) or a <style> element of
 * the element being walked, checked as chapters' CSS is. */
static void scan_css(struct svg_walk *w, const char *css, int is_attribute)
{
    int rc = is_attribute
             ? mk_css_scan_attribute(w->path, css, strlen(css), w->line,
                                     w->col, w->dc, css_found, w)
             : mk_css_scan_style(w->path, css, strlen(css), w->line,
                                 w->col, w->dc, css_found, w);

    if (rc < 0)
        oom(w);
}

/* A presentation attribute holding a paint or reference: "url(x)" with
 * an optional fallback after it ("url(#g) red"). */
static void scan_url_value(struct svg_walk *w, const char *v)
{
    const char *start, *end;

    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    if (strncmp(v, "url(", 4) != 0)
        return;
    start = v + 4;
    end = strchr(start, ')');
    if (!end)
        return;
    while (start < end && (*start == ' ' || *start == '"' || *start == '\''))
        start++;
    while (end > start && (end[-1] == ' ' || end[-1] == '"'
                           || end[-1] == '\''))
        end--;
    if (*start == '#')
        add_local(w, start, (size_t)(end - start));
    else
        add_ref(w, MK_SVG_REF_ELEMENT, start, (size_t)(end - start));
}

static int is_svg(const xmlNode *n, const char *name)
{
    return mk_xml_is(n, MK_SVG_NS, name);
}

/* The next node of a pre-order walk below root, or NULL at the end. */
static xmlNodePtr next_node(xmlNodePtr n, xmlNodePtr root)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    for (; n != root; n = n->parent)
        if (n->next)
            return n->next;
    return NULL;
}

/* The text of attribute a, or NULL (out of memory, recorded). */
static xmlChar *attr_value(struct svg_walk *w, xmlAttrPtr a)
{
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

    if (!v)
        oom(w);
    return v;
}

static int has_text(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

/* EPUBCheck ACC-011: a link in SVG needs a title, as an xlink:title or
 * an SVG <title> inside it. */
static void check_link_title(struct svg_walk *w, xmlNodePtr a)
{
    xmlChar *title = xmlGetNsProp(a, BAD_CAST "title", BAD_CAST MK_XLINK_NS);
    xmlNodePtr n;
    int named = has_text(title);

    if (!title && xmlHasNsProp(a, BAD_CAST "title", BAD_CAST MK_XLINK_NS))
        oom(w);
    xmlFree(title);
    for (n = a; n && !named; n = next_node(n, a))
        if (n != a && is_svg(n, "title"))
            named = 1;
    if (!named)
        mk_error(w->dc, w->path, w->line, w->col, "SVG link <a> has no "
                 "title: give it a <title> child or xlink:title=\"...\" "
                 "(EPUBCheck ACC-011)");
}

static void check_script(struct svg_walk *w, xmlNodePtr node)
{
    int failed = 0;
    char *type = mk_xml_attr(node, "type", &failed);
    const char *hint;

    if (failed)
        oom(w);
    switch (mk_scripted_script(type, &hint)) {
    case MK_SCRIPTED_YES:
        w->info->props |= MK_PROP_SCRIPTED;
        break;
    case MK_SCRIPTED_CONFLICT:
        mk_error(w->dc, w->path, w->line, w->col, "<script type=\"%s\">: %s",
                 type, hint);
        break;
    case MK_SCRIPTED_NO:
        break;
    }
    free(type);
}

/* What the href of an SVG element refers to: a link, a whole file
 * (image, feImage, script), or else an element in a file (use, gradients,
 * patterns, textPath, animations...). */
static enum mk_svg_ref_kind href_kind(const char *element)
{
    static const char *const whole_files[] = {
        "color-profile", "feImage", "font-face-uri", "image", "script",
    };
    size_t i;

    if (strcmp(element, "a") == 0)
        return MK_SVG_REF_LINK;
    for (i = 0; i < sizeof(whole_files) / sizeof(*whole_files); i++)
        if (strcmp(element, whole_files[i]) == 0)
            return MK_SVG_REF_RESOURCE;
    return MK_SVG_REF_ELEMENT;
}

/* The attributes of one element: event handlers, style, url() values,
 * href, xml:base. */
static void check_attributes(struct svg_walk *w, xmlNodePtr node)
{
    xmlAttrPtr a;

    for (a = node->properties; a && !w->oom; a = a->next) {
        const char *name = (const char *)a->name;
        const char *ns = a->ns ? (const char *)a->ns->href : NULL;
        enum mk_scripted scripted;
        xmlChar *v;

        if (!ns && strcmp(name, "id") == 0) {
            v = attr_value(w, a);
            if (v)
                add_id(w, v);
            xmlFree(v);
            continue;
        }
        if (ns && strcmp(ns, (const char *)XML_XML_NAMESPACE) == 0
            && strcmp(name, "id") == 0) {
            mk_error(w->dc, w->path, w->line, w->col, "xml:id is not "
                     "allowed in an EPUB SVG image (EPUBCheck 4.2 RSC-005): "
                     "write id=\"...\" instead");
            continue;
        }
        if (ns && strcmp(ns, (const char *)XML_XML_NAMESPACE) == 0
            && strcmp(name, "base") == 0) {
            mk_error(w->dc, w->path, w->line, w->col, "xml:base changes "
                     "where the references of an SVG image lead: remove "
                     "it and write them relative to the SVG file");
            continue;
        }
        if (ns && strcmp(ns, MK_XLINK_NS) != 0)
            continue;
        if (!ns) {
            scripted = mk_scripted_attr(name);
            if (scripted == MK_SCRIPTED_YES)
                w->info->props |= MK_PROP_SCRIPTED;
            else if (scripted == MK_SCRIPTED_CONFLICT)
                mk_error(w->dc, w->path, w->line, w->col,
                         MK_SCRIPTED_ATTR_CONFLICT, name);
        }
        if (ns && strcmp(name, "href") != 0)
            continue;   /* other xlink attributes hold no reference */
        v = attr_value(w, a);
        if (!v)
            return;
        if (strcmp(name, "href") == 0) {
            /* an SVG or foreign element's reference: "#id" stays in the
             * file, which is all the caller needs to know */
            if (node->ns && node->ns->href
                && strcmp((const char *)node->ns->href, MK_SVG_NS) == 0) {
                if (v[0] == '#')
                    add_local(w, (const char *)v, strlen((const char *)v));
                else
                    add_ref(w, href_kind((const char *)node->name),
                            (const char *)v, strlen((const char *)v));
            }
        } else if (strcmp(name, "style") == 0) {
            scan_css(w, (const char *)v, 1);
        } else {
            scan_url_value(w, (const char *)v);
        }
        xmlFree(v);
    }
}

/* XHTML inside <foreignObject>: EPUBCheck follows its images and links
 * too; MathML there is refused by EPUBCheck 4.2. */
static void check_foreign(struct svg_walk *w, xmlNodePtr node)
{
    const char *ns = (const char *)node->ns->href;
    const char *name = (const char *)node->name;
    int failed = 0;
    char *url = NULL;

    if (strcmp(ns, MK_MATHML_NS) == 0) {
        if (!mk_xml_is(node->parent, MK_MATHML_NS,
                       node->parent ? (const char *)node->parent->name : ""))
            mk_error(w->dc, w->path, w->line, w->col, "MathML inside an SVG "
                     "image is refused by EPUBCheck 4.2 (RSC-005): put the "
                     "formula in the chapter");
        return;
    }
    if (strcmp(ns, MK_XHTML_NS) != 0)
        return;
    if (strcmp(name, "img") == 0) {
        url = mk_xml_attr(node, "src", &failed);
        if (url && url[0] != '#')
            add_ref(w, MK_SVG_REF_RESOURCE, url, strlen(url));
    } else if (strcmp(name, "a") == 0 || strcmp(name, "area") == 0) {
        url = mk_xml_attr(node, "href", &failed);
        if (url && url[0] == '#')
            add_local(w, url, strlen(url));
        else if (url)
            add_ref(w, MK_SVG_REF_LINK, url, strlen(url));
        if (strcmp(name, "a") == 0)
            check_link_title(w, node);
    }
    if (failed)
        oom(w);
    free(url);
}

static void check_element(struct svg_walk *w, xmlNodePtr node)
{
    w->line = mk_xml_line(node);
    w->col = mk_xml_col(node);
    check_attributes(w, node);
    if (w->oom || !node->ns || !node->ns->href)
        return;
    if (strcmp((const char *)node->ns->href, MK_SVG_NS) != 0) {
        check_foreign(w, node);
        return;
    }
    if (strcmp((const char *)node->name, "script") == 0) {
        check_script(w, node);
    } else if (strcmp((const char *)node->name, "style") == 0) {
        xmlChar *css = xmlNodeGetContent(node);

        if (css)
            scan_css(w, (const char *)css, 0);
        else
            oom(w);
        xmlFree(css);
    } else if (strcmp((const char *)node->name, "a") == 0) {
        check_link_title(w, node);
    }
}

/* The value of pseudo-attribute name in a processing instruction's data
 * (href="x.css" type="text/css"), or NULL; *n receives its length. */
static const char *pseudo_attr(const char *data, const char *name,
                               size_t *n)
{
    size_t len = strlen(name);
    const char *p = data;

    while (p && *p) {
        const char *q;
        char quote;

        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        q = p;
        while (*q && *q != '=' && *q != ' ')
            q++;
        while (*q == ' ')
            q++;
        if (*q != '=')
            return NULL;
        q++;
        while (*q == ' ')
            q++;
        if (*q != '"' && *q != '\'')
            return NULL;
        quote = *q++;
        if ((size_t)(strchr(p, '=') - p) >= len && strncmp(p, name, len) == 0
            && (p[len] == '=' || p[len] == ' ')) {
            const char *end = strchr(q, quote);

            if (!end)
                return NULL;
            *n = (size_t)(end - q);
            return q;
        }
        p = strchr(q, quote);
        if (p)
            p++;
    }
    return NULL;
}

/* <?xml-stylesheet href="a.css"?> before the root: a stylesheet of the
 * image (a type other than text/css is not one). */
static void check_prolog(struct svg_walk *w, xmlDocPtr doc)
{
    xmlNodePtr n;

    for (n = doc->children; n && !w->oom; n = n->next) {
        const char *data = (const char *)n->content;
        const char *href, *type;
        size_t href_len, type_len;

        if (n->type != XML_PI_NODE || !data
            || strcmp((const char *)n->name, "xml-stylesheet") != 0)
            continue;
        type = pseudo_attr(data, "type", &type_len);
        href = pseudo_attr(data, "href", &href_len);
        if (!href || (type && !(type_len == 8
                                && strncmp(type, "text/css", 8) == 0)))
            continue;
        w->line = xmlGetLineNo(n) > 0 ? xmlGetLineNo(n) : 1;
        w->col = 1;
        add_ref(w, MK_SVG_REF_RESOURCE, href, href_len);
    }
}

/* Where text (n bytes) next holds s at or after from, or n. */
static size_t find_from(const char *text, size_t n, size_t from,
                        const char *s)
{
    size_t k = strlen(s);

    for (; from + k <= n; from++)
        if (memcmp(text + from, s, k) == 0)
            return from;
    return n;
}

/* Finds the DOCTYPE of an ASCII-compatible file after its BOM, XML
 * declaration, comments and PIs: *at is where "<!DOCTYPE" starts, *line
 * and *col its place.  Returns the length up to and including its '>'
 * and a line break after it, or 0 when it has an internal subset or
 * cannot be found (then *line and *col are 1:1 or its place). */
static size_t find_doctype(const char *data, size_t len, size_t *at,
                           long *line, long *col)
{
    size_t i = 0, line_start = 0, end;
    char quote = 0;

    *line = 1;
    *col = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        if (data[i] == '\n') {
            (*line)++;
            line_start = ++i;
        } else if (data[i] == ' ' || data[i] == '\t' || data[i] == '\r') {
            i++;
        } else if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0) {
            end = find_from(data, len, i + 4, "-->");
            for (; i < end && i < len; i++)
                if (data[i] == '\n') {
                    (*line)++;
                    line_start = i + 1;
                }
            i = end + 3;
        } else if (len - i >= 2 && memcmp(data + i, "<?", 2) == 0) {
            end = find_from(data, len, i + 2, "?>");
            for (; i < end && i < len; i++)
                if (data[i] == '\n') {
                    (*line)++;
                    line_start = i + 1;
                }
            i = end + 2;
        } else {
            break;
        }
    }
    if (i >= len || len - i < 9 || memcmp(data + i, "<!DOCTYPE", 9) != 0)
        return 0;
    *at = i;
    *col = (long)(i - line_start) + 1;
    for (end = i + 9; end < len; end++) {
        if (quote) {
            if (data[end] == quote)
                quote = 0;
        } else if (data[end] == '"' || data[end] == '\'') {
            quote = data[end];
        } else if (data[end] == '[') {
            return 0;
        } else if (data[end] == '>') {
            end++;
            if (end < len && data[end] == '\r')
                end++;
            if (end < len && data[end] == '\n')
                end++;
            return end - i;
        }
    }
    return 0;
}

/* Parses the file, checks the DOCTYPE and root, walks every element
 * (iteratively) and checks the "#id" references once all ids are known.
 * See svg.h. */
int mk_svg_check(const char *path, const char *data, size_t len,
                 struct mk_diag *dc, struct mk_svg_info *info)
{
    struct svg_walk w;
    xmlDocPtr doc;
    xmlNodePtr root, n;
    size_t errors = mk_diag_errors(dc), i;

    memset(&w, 0, sizeof(w));
    w.path = path;
    w.dc = dc;
    w.info = info;
    doc = mk_xml_parse(path, data, len, MK_XML_PLAIN, dc, NULL);
    if (!doc)
        return mk_diag_errors(dc) > errors ? 0 : -1;
    mk_xml_check_packed(path, data, len, doc, dc);  /* packed as it is */
    root = xmlDocGetRootElement(doc);
    if (doc->intSubset && (doc->intSubset->ExternalID
                           || doc->intSubset->SystemID)) {
        long line, col;
        size_t at = 0, dlen = find_doctype(data, len, &at, &line, &col);

        /* what a reader sees does not change: none loads the DTD */
        if (dlen) {
            info->drop_at = at;
            info->drop_len = dlen;
        } else {
            mk_error(dc, path, line, col, "the DOCTYPE names an external "
                     "DTD, which EPUBCheck 4.2 refuses in an SVG image "
                     "(OPF-073): delete the <!DOCTYPE ...> declaration");
        }
    }
    if (!root || !is_svg(root, "svg")) {
        mk_error(dc, path, root ? mk_xml_line(root) : 1,
                 root ? mk_xml_col(root) : 1, "the root element is <%s>%s, "
                 "not an SVG <svg>: an SVG image starts with <svg xmlns=\""
                 MK_SVG_NS "\">", root ? (const char *)root->name : "",
                 root && !root->ns ? " without the SVG namespace" : "");
        xmlFreeDoc(doc);
        return 0;
    }
    check_prolog(&w, doc);
    for (n = root; n && !w.oom; n = next_node(n, root))
        if (n->type == XML_ELEMENT_NODE)
            check_element(&w, n);
    if (info->n_ids > 1)
        qsort(info->ids, info->n_ids, sizeof(*info->ids),
              mk_compare_strings);
    for (i = 0; i < w.n_local; i++) {
        if (!w.oom && !mk_svg_has_id(info, w.local[i].id))
            mk_error(dc, path, w.local[i].line, w.local[i].col, "'#%s': no "
                     "element has id '%s' in this file (EPUBCheck RSC-012)",
                     w.local[i].id, w.local[i].id);
        free(w.local[i].id);
    }
    free(w.local);
    info->parsed = 1;
    xmlFreeDoc(doc);
    return w.oom ? -1 : 0;
}
