/*
 * inspect.c - mkepub inspect: what an EPUB holds (see inspect.h).
 *
 * Order of reading: META-INF/container.xml names the package document
 * (OPF); the OPF gives metadata, manifest, spine and (EPUB 2) guide;
 * the navigation document (manifest item with the "nav" property) gives
 * the table of contents and landmarks, else the NCX gives the table of
 * contents and the guide the landmarks.  Every problem is recorded with
 * its place ("book.epub/OEBPS/content.opf:12:5") and reading goes on
 * with what is left.  Only those few documents are ever decompressed.
 *
 * Owns: the model of one inspected EPUB (struct epub) and its two
 * renderings.  It does not judge the EPUB against the specification
 * (that is EPUBCheck's work); it reports what it cannot read.
 */
#include "inspect.h"
#include "diag.h"
#include "json.h"
#include "path.h"
#include "url.h"
#include "utf8.h"
#include "xml.h"
#include "zipread.h"

#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define OPF_NS "http://www.idpf.org/2007/opf"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define CONTAINER_NS "urn:oasis:names:tc:opendocument:xmlns:container"
#define NCX_NS "http://www.daisy.org/z3986/2005/ncx/"
#define NCX_TYPE "application/x-dtbncx+xml"
#define OPF_TYPE "application/oebps-package+xml"

/* What the report does with a Dublin Core element besides showing it. */
enum dc_kind {
    DC_TEXT,            /* a string */
    DC_PERSON,          /* a name with a role (JSON: {name, role}) */
    DC_IDENTIFIER       /* may be the unique identifier */
};

/* The Dublin Core elements, in the order the report shows them; label
 * is the text report's. */
static const struct dc_element {
    const char *name;
    const char *label;
    enum dc_kind kind;
} dc_elements[] = {
    { "title", "Title", DC_TEXT }, { "creator", "Creator", DC_PERSON },
    { "contributor", "Contributor", DC_PERSON },
    { "language", "Language", DC_TEXT },
    { "identifier", "Identifier", DC_IDENTIFIER },
    { "publisher", "Publisher", DC_TEXT }, { "date", "Date", DC_TEXT },
    { "subject", "Subject", DC_TEXT },
    { "description", "Description", DC_TEXT },
    { "rights", "Rights", DC_TEXT }, { "source", "Source", DC_TEXT },
    { "type", "Type", DC_TEXT }, { "format", "Format", DC_TEXT },
    { "relation", "Relation", DC_TEXT },
    { "coverage", "Coverage", DC_TEXT },
};

#define N_DC (sizeof(dc_elements) / sizeof(*dc_elements))

struct meta {
    size_t dc;              /* index into dc_elements */
    char *value;
    char *id;
    char *role;             /* creators and contributors: MARC code */
};

struct item {
    char *id, *href, *media_type, *properties;
    char *path;             /* in the archive (NULL: remote) */
    const struct mk_zipentry *entry;
    const char *encryption; /* from META-INF/encryption.xml, or NULL */
};

/* The algorithms of META-INF/encryption.xml, sorted for bsearch, with
 * the name the report gives them; any other is "encrypted" (DRM). */
static const struct algorithm {
    const char *uri;
    const char *name;
} algorithms[] = {
    { "http://ns.adobe.com/pdf/enc#RC", "adobe-font-obfuscation" },
    { "http://www.idpf.org/2008/embedding", "idpf-font-obfuscation" },
};

static int cmp_algorithm(const void *key, const void *elem)
{
    return strcmp(key, ((const struct algorithm *)elem)->uri);
}

struct itemref {
    char *idref, *properties;
    int linear;
    const struct item *item;
};

/* A table of contents entry or a landmark. */
struct link {
    size_t level;           /* TOC: 1 for the top level */
    char *type;             /* landmarks: epub:type or guide type */
    char *label;
    char *target;           /* resolved in the archive, with #fragment */
};

struct epub {
    struct mk_zipread *zip;
    const char *display;
    struct mk_diag *dc;
    int oom;
    char *opf_path, *opf_dir, *version, *unique_id, *modified;
    char *cover, *ppd;
    char *spine_toc;        /* the spine's toc attribute (EPUB 2 NCX) */
    struct meta *meta;
    size_t n_meta, cap_meta;
    struct item *items;
    size_t n_items, cap_items;
    struct itemref *spine;
    size_t n_spine, cap_spine;
    const char *toc_kind;   /* "nav", "ncx" or NULL */
    const char *toc_path;   /* the item's path (not owned) */
    struct link *toc;
    size_t n_toc, cap_toc;
    struct link *marks;
    size_t n_marks, cap_marks;
};

/* ---- small helpers ------------------------------------------------- */

/* Appends s (NULL: nothing) for a terminal: control characters (C0,
 * DEL, C1, which a hostile EPUB could use to drive the terminal, e.g.
 * in an entry name or a %1B in an href) and bytes that are not UTF-8
 * become '?'.  Returns the number of characters appended. */
static size_t add_safe(struct mk_buf *b, const char *s)
{
    size_t n = 0, used, len = s ? strlen(s) : 0, i = 0;

    while (i < len) {
        long cp = mk_utf8_decode(s + i, len - i, &used);

        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            mk_buf_addc(b, '?');
        else
            mk_buf_add(b, s + i, used);
        i += used;
        n++;
    }
    return n;
}

/* s as add_safe() shows it, malloc'ed; NULL when out of memory
 * (noted). */
static char *shown(struct epub *ep, const char *s)
{
    struct mk_buf b = MK_BUF_INIT;
    char *copy;

    add_safe(&b, s);
    mk_buf_addc(&b, '\0');
    copy = mk_buf_detach(&b, NULL);
    if (!copy)
        ep->oom = 1;
    return copy;
}

/* The diagnostics name of an entry: "book.epub/OEBPS/content.opf", as
 * EPUBCheck names it.  NULL when out of memory (recorded). */
static char *entry_display(struct epub *ep, const char *name)
{
    struct mk_buf b = MK_BUF_INIT;

    mk_buf_addf(&b, "%s/", ep->display);
    add_safe(&b, name);
    if (b.failed)
        ep->oom = 1;
    return mk_buf_detach(&b, NULL);
}

/* An attribute without namespace, malloc'ed, or NULL. */
static char *attr(struct epub *ep, const xmlNode *node, const char *name)
{
    int oom = 0;
    char *v = mk_xml_attr(node, name, &oom);

    if (oom)
        ep->oom = 1;
    return v;
}

/* An attribute in namespace ns, malloc'ed, or NULL. */
static char *ns_attr(struct epub *ep, const xmlNode *node, const char *name,
                     const char *ns)
{
    xmlChar *v = xmlGetNsProp((xmlNodePtr)node, BAD_CAST name, BAD_CAST ns);
    char *copy;

    if (!v)
        return NULL;
    copy = mk_strdup((const char *)v);
    xmlFree(v);
    if (!copy)
        ep->oom = 1;
    return copy;
}

/* mk_strdup(s), noting when memory ran out. */
static char *dup(struct epub *ep, const char *s)
{
    char *copy = mk_strdup(s);

    if (!copy)
        ep->oom = 1;
    return copy;
}

static char *text(struct epub *ep, const xmlNode *node)
{
    char *t = mk_xml_text(node);

    if (!t)
        ep->oom = 1;
    return t;
}

/* Nonzero if node is an element called name, in any namespace or none
 * (EPUB 2 tools are loose about namespaces). */
static int named(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE
           && strcmp((const char *)node->name, name) == 0;
}

static const xmlNode *first_child(const xmlNode *node, const char *name)
{
    const xmlNode *c;

    for (c = node ? node->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* Where href, written in a file of folder dir, points in the archive:
 * the normalised path with "#fragment", or href itself when it is
 * remote.  NULL when out of memory. */
static char *resolve(struct epub *ep, const char *dir, const char *href)
{
    struct mk_url u;
    struct mk_buf b = MK_BUF_INIT;
    char *path;

    if (mk_url_parse(href, &u) < 0) {
        ep->oom = 1;
        return NULL;
    }
    if (u.remote || u.absolute) {
        mk_url_release(&u);
        path = mk_strdup(href);
        if (!path)
            ep->oom = 1;
        return path;
    }
    path = *u.path ? mk_path_join(dir, u.path) : mk_strdup("");
    if (!path) {
        mk_url_release(&u);
        ep->oom = 1;
        return NULL;
    }
    mk_buf_adds(&b, path);
    if (u.fragment)
        mk_buf_addf(&b, "#%s", u.fragment);
    mk_buf_addc(&b, '\0');     /* "" is a string too */
    free(path);
    mk_url_release(&u);
    path = mk_buf_detach(&b, NULL);
    if (!path)
        ep->oom = 1;
    return path;
}

/* Reads entry name and parses it; NULL after recording why. */
static xmlDocPtr read_xml(struct epub *ep, const char *name,
                          enum mk_xml_mode mode, const char *what)
{
    const struct mk_zipentry *e = mk_zipread_find(ep->zip, name);
    char *data, *where;
    size_t len;
    xmlDocPtr doc;

    if (!e) {
        char *s = shown(ep, name);

        if (s)
            mk_error(ep->dc, ep->display, 0, 0, "%s '%s' is not in the "
                     "archive: the EPUB is incomplete", what, s);
        free(s);
        return NULL;
    }
    if (mk_zipread_read(ep->zip, e, &data, &len) < 0)
        return NULL;
    where = entry_display(ep, name);
    doc = where ? mk_xml_parse(where, data, len, mode, ep->dc, NULL) : NULL;
    free(where);
    free(data);
    return doc;
}

/* ---- META-INF/container.xml --------------------------------------- */

static int read_container(struct epub *ep)
{
    xmlDocPtr doc = read_xml(ep, "META-INF/container.xml", MK_XML_PLAIN,
                             "the container file");
    xmlNodePtr root, n;
    char *path = NULL, *first = NULL;

    if (!doc)
        return -1;
    root = xmlDocGetRootElement(doc);
    for (n = root; n && !path; n = mk_xml_next(root, n, 1)) {
        char *type;

        if (!named(n, "rootfile"))
            continue;
        type = attr(ep, n, "media-type");
        if (type && strcmp(type, OPF_TYPE) == 0)
            path = attr(ep, n, "full-path");
        else if (!first)
            first = attr(ep, n, "full-path");
        free(type);
    }
    xmlFreeDoc(doc);
    if (!path) {
        path = first;
        first = NULL;
    }
    free(first);
    if (!path || !*path) {
        free(path);
        if (ep->oom)
            return -1;
        return mk_error(ep->dc, ep->display, 0, 0, "META-INF/container.xml "
                        "names no package document (<rootfile full-path="
                        "\"...\" media-type=\"" OPF_TYPE "\"/>): the EPUB "
                        "cannot be read");
    }
    ep->opf_path = path;
    ep->opf_dir = mk_path_dirname(path);
    if (!ep->opf_dir)
        ep->oom = 1;
    return ep->oom ? -1 : 0;
}

/* ---- the package document ----------------------------------------- */

static void add_meta(struct epub *ep, const xmlNode *n, size_t dc)
{
    struct meta *m;

    if (mk_grow_array(&ep->meta, &ep->cap_meta, ep->n_meta,
                      sizeof(*ep->meta)) < 0) {
        ep->oom = 1;
        return;
    }
    m = &ep->meta[ep->n_meta++];
    memset(m, 0, sizeof(*m));
    m->dc = dc;
    m->value = text(ep, n);
    m->id = attr(ep, n, "id");
    m->role = ns_attr(ep, n, "role", OPF_NS);     /* EPUB 2 opf:role */
}

/* A <meta> of the metadata: EPUB 3 property="..." refines, EPUB 2
 * name="cover". */
static void read_meta(struct epub *ep, const xmlNode *n)
{
    char *property = attr(ep, n, "property");
    char *name = attr(ep, n, "name");
    char *refines = NULL;
    size_t i;

    if (property && strcmp(property, "dcterms:modified") == 0
        && !ep->modified) {
        ep->modified = text(ep, n);
    } else if (property && strcmp(property, "role") == 0) {
        refines = attr(ep, n, "refines");
        for (i = 0; refines && refines[0] == '#' && i < ep->n_meta; i++)
            if (ep->meta[i].id && !ep->meta[i].role
                && strcmp(ep->meta[i].id, refines + 1) == 0)
                ep->meta[i].role = text(ep, n);
    } else if (name && strcmp(name, "cover") == 0 && !ep->cover) {
        ep->cover = attr(ep, n, "content");     /* an id; resolved later */
    }
    free(refines);
    free(property);
    free(name);
}

static void read_metadata(struct epub *ep, const xmlNode *metadata)
{
    const xmlNode *n;
    size_t i;

    /* EPUB 2's OPF 2.0 allowed <dc-metadata> and <x-metadata> inside
     * <metadata>, so every descendant is looked at. */
    for (n = metadata->children; n;
         n = mk_xml_next(metadata, (xmlNodePtr)n, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (mk_xml_is(n, DC_NS, (const char *)n->name)) {
            for (i = 0; i < N_DC; i++)
                if (strcmp(dc_elements[i].name, (const char *)n->name) == 0)
                    break;
            if (i < N_DC)
                add_meta(ep, n, i);
        }
    }
    /* refinements after the elements they refine, in any order */
    for (n = metadata->children; n;
         n = mk_xml_next(metadata, (xmlNodePtr)n, 1))
        if (named(n, "meta"))
            read_meta(ep, n);
}

/* Reports that item it (element n) names no file of the archive. */
static void missing_item(struct epub *ep, const xmlNode *n,
                         const char *where, const struct item *it)
{
    char *id = shown(ep, it->id ? it->id : "");
    char *path = shown(ep, it->path);

    if (id && path)
        mk_error(ep->dc, where, mk_xml_line(n), mk_xml_col(n), "manifest "
                 "item '%s' names '%s', which is not in the archive: the "
                 "EPUB is incomplete", id, path);
    free(id);
    free(path);
}

static void read_manifest(struct epub *ep, const xmlNode *manifest,
                          const char *where)
{
    const xmlNode *n;

    for (n = manifest->children; n; n = n->next) {
        struct item *it;

        if (!named(n, "item"))
            continue;
        if (mk_grow_array(&ep->items, &ep->cap_items, ep->n_items,
                          sizeof(*ep->items)) < 0) {
            ep->oom = 1;
            return;
        }
        it = &ep->items[ep->n_items++];
        memset(it, 0, sizeof(*it));
        it->id = attr(ep, n, "id");
        it->href = attr(ep, n, "href");
        it->media_type = attr(ep, n, "media-type");
        it->properties = attr(ep, n, "properties");
        if (!it->href) {
            char *id = shown(ep, it->id ? it->id : "");

            if (id)
                mk_error(ep->dc, where, mk_xml_line(n), mk_xml_col(n),
                         "manifest <item> without href: the item '%s' "
                         "names no file", id);
            free(id);
            continue;
        }
        it->path = resolve(ep, ep->opf_dir, it->href);
        if (it->path && strchr(it->href, ':') == NULL
            && it->href[0] != '/') {
            it->entry = mk_zipread_find(ep->zip, it->path);
            if (!it->entry)
                missing_item(ep, n, where, it);
        }
    }
}

static const struct item *find_item(const struct epub *ep, const char *id)
{
    size_t i;

    for (i = 0; id && i < ep->n_items; i++)
        if (ep->items[i].id && strcmp(ep->items[i].id, id) == 0)
            return &ep->items[i];
    return NULL;
}

static void read_spine(struct epub *ep, const xmlNode *spine,
                       const char *where)
{
    const xmlNode *n;

    ep->ppd = attr(ep, spine, "page-progression-direction");
    ep->spine_toc = attr(ep, spine, "toc");
    for (n = spine->children; n; n = n->next) {
        struct itemref *r;
        char *linear;

        if (!named(n, "itemref"))
            continue;
        if (mk_grow_array(&ep->spine, &ep->cap_spine, ep->n_spine,
                          sizeof(*ep->spine)) < 0) {
            ep->oom = 1;
            return;
        }
        r = &ep->spine[ep->n_spine++];
        memset(r, 0, sizeof(*r));
        r->idref = attr(ep, n, "idref");
        r->properties = attr(ep, n, "properties");
        linear = attr(ep, n, "linear");
        r->linear = !linear || strcmp(linear, "no") != 0;
        free(linear);
        r->item = find_item(ep, r->idref);
        if (!r->item) {
            char *idref = shown(ep, r->idref ? r->idref : "");

            if (idref)
                mk_error(ep->dc, where, mk_xml_line(n), mk_xml_col(n),
                         "spine <itemref idref=\"%s\"> names no manifest "
                         "item: the reading order has a hole", idref);
            free(idref);
        }
    }
}

static struct link *add_link(struct epub *ep, struct link **list,
                             size_t *n, size_t *cap)
{
    struct link *l;

    if (mk_grow_array(list, cap, *n, sizeof(**list)) < 0) {
        ep->oom = 1;
        return NULL;
    }
    l = &(*list)[(*n)++];
    memset(l, 0, sizeof(*l));
    return l;
}

/* EPUB 2's <guide>: the landmarks when there is no navigation
 * document. */
static void read_guide(struct epub *ep, const xmlNode *guide)
{
    const xmlNode *n;

    for (n = guide->children; n; n = n->next) {
        struct link *l;
        char *href;

        if (!named(n, "reference"))
            continue;
        l = add_link(ep, &ep->marks, &ep->n_marks, &ep->cap_marks);
        if (!l)
            return;
        l->type = attr(ep, n, "type");
        l->label = attr(ep, n, "title");
        href = attr(ep, n, "href");
        l->target = href ? resolve(ep, ep->opf_dir, href) : NULL;
        free(href);
    }
}

static int read_opf(struct epub *ep, const xmlNode **guide_out,
                    xmlDocPtr *doc_out)
{
    xmlDocPtr doc = read_xml(ep, ep->opf_path, MK_XML_PLAIN,
                             "the package document");
    char *where = entry_display(ep, ep->opf_path);
    const xmlNode *root, *n, *metadata = NULL, *manifest = NULL;
    const xmlNode *spine = NULL;
    char *uid_ref;
    size_t i;

    *guide_out = NULL;
    *doc_out = doc;
    if (!doc || !where) {
        free(where);
        return -1;
    }
    root = xmlDocGetRootElement(doc);
    if (!named(root, "package")) {
        mk_error(ep->dc, where, root ? mk_xml_line(root) : 0,
                 root ? mk_xml_col(root) : 0, "the package document's "
                 "root is <%s>, not <package>: it is not an OPF file",
                 root ? (const char *)root->name : "");
        free(where);
        return -1;
    }
    ep->version = attr(ep, root, "version");
    for (n = root->children; n; n = n->next) {
        if (named(n, "metadata") && !metadata)
            metadata = n;
        else if (named(n, "manifest") && !manifest)
            manifest = n;
        else if (named(n, "spine") && !spine)
            spine = n;
        else if (named(n, "guide") && !*guide_out)
            *guide_out = n;
    }
    if (metadata)
        read_metadata(ep, metadata);
    if (manifest)
        read_manifest(ep, manifest, where);
    if (spine)
        read_spine(ep, spine, where);
    if (!metadata || !manifest || !spine)
        mk_error(ep->dc, where, mk_xml_line(root), mk_xml_col(root),
                 "<package> has no <%s>: the package document is "
                 "incomplete", !metadata ? "metadata"
                               : !manifest ? "manifest" : "spine");
    uid_ref = attr(ep, root, "unique-identifier");
    for (i = 0; uid_ref && !ep->unique_id && i < ep->n_meta; i++)
        if (ep->meta[i].id && strcmp(ep->meta[i].id, uid_ref) == 0
            && dc_elements[ep->meta[i].dc].kind == DC_IDENTIFIER)
            ep->unique_id = dup(ep, ep->meta[i].value
                                      ? ep->meta[i].value : "");
    free(uid_ref);
    /* the cover image: EPUB 3's property, else EPUB 2's meta */
    for (i = 0; i < ep->n_items; i++)
        if (ep->items[i].properties && ep->items[i].path
            && mk_words_have(ep->items[i].properties, "cover-image", 11)) {
            free(ep->cover);
            ep->cover = dup(ep, ep->items[i].path);
            break;
        }
    if (i == ep->n_items && ep->cover) {
        const struct item *it = find_item(ep, ep->cover);

        free(ep->cover);
        ep->cover = it && it->path ? dup(ep, it->path) : NULL;
    }
    free(where);
    return 0;
}

/* ---- navigation document and NCX ---------------------------------- */

/* Nonzero if the epub:type of node lists word. */
static int epub_type_has(struct epub *ep, const xmlNode *node,
                         const char *word)
{
    char *t = ns_attr(ep, node, "type", MK_EPUB_NS);
    int has = t && mk_words_have(t, word, strlen(word));

    free(t);
    return has;
}

/* The <ol> ancestors of node up to top: its level in the nav. */
static size_t nav_level(const xmlNode *top, const xmlNode *node)
{
    size_t level = 0;

    for (; node && node != top; node = node->parent)
        if (named(node, "ol"))
            level++;
    return level;
}

/* Every <li> of a toc nav, in document order, with its level; a <li>'s
 * label is its <a> or <span>. */
static void read_nav_toc(struct epub *ep, const xmlNode *nav,
                         const char *dir)
{
    const xmlNode *n;

    for (n = nav->children; n && !ep->oom;
         n = mk_xml_next(nav, (xmlNodePtr)n, 1)) {
        const xmlNode *label;
        struct link *l;
        char *href;

        if (!named(n, "li"))
            continue;
        label = first_child(n, "a");
        if (!label)
            label = first_child(n, "span");
        l = add_link(ep, &ep->toc, &ep->n_toc, &ep->cap_toc);
        if (!l)
            return;
        l->level = nav_level(nav, n);
        l->label = label ? text(ep, label) : dup(ep, "");
        href = label ? attr(ep, label, "href") : NULL;
        l->target = href ? resolve(ep, dir, href) : NULL;
        free(href);
    }
}

static void read_nav_landmarks(struct epub *ep, const xmlNode *nav,
                               const char *dir)
{
    const xmlNode *n;

    for (n = nav->children; n && !ep->oom;
         n = mk_xml_next(nav, (xmlNodePtr)n, 1)) {
        struct link *l;
        char *href;

        if (!named(n, "a"))
            continue;
        l = add_link(ep, &ep->marks, &ep->n_marks, &ep->cap_marks);
        if (!l)
            return;
        l->type = ns_attr(ep, n, "type", MK_EPUB_NS);
        l->label = text(ep, n);
        href = attr(ep, n, "href");
        l->target = href ? resolve(ep, dir, href) : NULL;
        free(href);
    }
}

static void read_nav(struct epub *ep, const struct item *nav_item)
{
    xmlDocPtr doc = read_xml(ep, nav_item->path, MK_XML_CHAPTER,
                             "the navigation document");
    xmlNodePtr root, n;
    char *dir;
    int have_toc = 0;

    if (!doc)
        return;
    dir = mk_path_dirname(nav_item->path);
    if (!dir) {
        ep->oom = 1;
        xmlFreeDoc(doc);
        return;
    }
    root = xmlDocGetRootElement(doc);
    for (n = root; n; n = mk_xml_next(root, n, 1)) {
        if (!named(n, "nav"))
            continue;
        if (!have_toc && epub_type_has(ep, n, "toc")) {
            have_toc = 1;
            read_nav_toc(ep, n, dir);
        } else if (epub_type_has(ep, n, "landmarks") && !ep->n_marks) {
            read_nav_landmarks(ep, n, dir);
        }
    }
    if (!have_toc) {
        char *where = entry_display(ep, nav_item->path);

        if (where)
            mk_error(ep->dc, where, 0, 0, "the navigation document has no "
                     "<nav epub:type=\"toc\">: the EPUB has no table of "
                     "contents");
        free(where);
    }
    free(dir);
    xmlFreeDoc(doc);
}

/* The <navPoint> ancestors of node (itself included) below top. */
static size_t ncx_level(const xmlNode *top, const xmlNode *node)
{
    size_t level = 0;

    for (; node && node != top; node = node->parent)
        if (named(node, "navPoint"))
            level++;
    return level;
}

static void read_ncx(struct epub *ep, const struct item *ncx_item)
{
    xmlDocPtr doc = read_xml(ep, ncx_item->path, MK_XML_PLAIN, "the NCX");
    xmlNodePtr root, map, n;
    char *dir;

    if (!doc)
        return;
    dir = mk_path_dirname(ncx_item->path);
    root = xmlDocGetRootElement(doc);
    map = root ? (xmlNodePtr)first_child(root, "navMap") : NULL;
    for (n = map ? map->children : NULL; n && dir && !ep->oom;
         n = mk_xml_next(map, n, 1)) {
        const xmlNode *label, *content;
        struct link *l;
        char *src;

        if (!named(n, "navPoint"))
            continue;
        label = first_child(first_child(n, "navLabel"), "text");
        content = first_child(n, "content");
        l = add_link(ep, &ep->toc, &ep->n_toc, &ep->cap_toc);
        if (!l)
            break;
        l->level = ncx_level(map, n);
        l->label = label ? text(ep, label) : dup(ep, "");
        src = content ? attr(ep, content, "src") : NULL;
        l->target = src ? resolve(ep, dir, src) : NULL;
        free(src);
    }
    if (!dir)
        ep->oom = 1;
    free(dir);
    xmlFreeDoc(doc);
}

/* META-INF/encryption.xml, when there is one: which manifest items are
 * obfuscated fonts or encrypted.  Its URIs are relative to the archive's
 * root. */
static void read_encryption(struct epub *ep)
{
    xmlDocPtr doc;
    xmlNodePtr root, n;

    if (!mk_zipread_find(ep->zip, "META-INF/encryption.xml"))
        return;
    doc = read_xml(ep, "META-INF/encryption.xml", MK_XML_PLAIN,
                   "the encryption file");
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (n = root; n && !ep->oom; n = mk_xml_next(root, n, 1)) {
        const xmlNode *method, *ref;
        const struct algorithm *alg = NULL;
        char *algorithm, *uri, *path;
        size_t i;

        if (!named(n, "EncryptedData"))
            continue;
        method = first_child(n, "EncryptionMethod");
        ref = first_child(first_child(n, "CipherData"), "CipherReference");
        algorithm = method ? attr(ep, method, "Algorithm") : NULL;
        uri = ref ? attr(ep, ref, "URI") : NULL;
        path = uri ? resolve(ep, ".", uri) : NULL;
        if (algorithm)
            alg = bsearch(algorithm, algorithms,
                          sizeof(algorithms) / sizeof(*algorithms),
                          sizeof(*algorithms), cmp_algorithm);
        for (i = 0; path && i < ep->n_items; i++)
            if (ep->items[i].path && strcmp(ep->items[i].path, path) == 0)
                ep->items[i].encryption = alg ? alg->name : "encrypted";
        free(algorithm);
        free(uri);
        free(path);
    }
    xmlFreeDoc(doc);
}

static void read_navigation(struct epub *ep, const xmlNode *guide)
{
    const struct item *nav = NULL, *ncx = find_item(ep, ep->spine_toc);
    size_t i;

    if (ncx && !ncx->entry)
        ncx = NULL;
    for (i = 0; i < ep->n_items && !nav; i++)
        if (ep->items[i].properties && ep->items[i].entry
            && mk_words_have(ep->items[i].properties, "nav", 3))
            nav = &ep->items[i];
    for (i = 0; i < ep->n_items && !ncx; i++)
        if (ep->items[i].media_type && ep->items[i].entry
            && strcmp(ep->items[i].media_type, NCX_TYPE) == 0)
            ncx = &ep->items[i];
    if (nav) {
        ep->toc_kind = "nav";
        ep->toc_path = nav->path;
        read_nav(ep, nav);
    } else if (ncx) {
        ep->toc_kind = "ncx";
        ep->toc_path = ncx->path;
        read_ncx(ep, ncx);
    }
    if (!ep->n_marks && guide)
        read_guide(ep, guide);
}

static void free_epub(struct epub *ep)
{
    size_t i;

    for (i = 0; i < ep->n_meta; i++) {
        free(ep->meta[i].value);
        free(ep->meta[i].id);
        free(ep->meta[i].role);
    }
    for (i = 0; i < ep->n_items; i++) {
        free(ep->items[i].id);
        free(ep->items[i].href);
        free(ep->items[i].media_type);
        free(ep->items[i].properties);
        free(ep->items[i].path);
    }
    for (i = 0; i < ep->n_spine; i++) {
        free(ep->spine[i].idref);
        free(ep->spine[i].properties);
    }
    for (i = 0; i < ep->n_toc; i++) {
        free(ep->toc[i].label);
        free(ep->toc[i].target);
    }
    for (i = 0; i < ep->n_marks; i++) {
        free(ep->marks[i].type);
        free(ep->marks[i].label);
        free(ep->marks[i].target);
    }
    free(ep->meta);
    free(ep->items);
    free(ep->spine);
    free(ep->toc);
    free(ep->marks);
    free(ep->opf_path);
    free(ep->opf_dir);
    free(ep->version);
    free(ep->unique_id);
    free(ep->modified);
    free(ep->cover);
    free(ep->ppd);
    free(ep->spine_toc);
    mk_zipread_close(ep->zip);
}

/* ---- the text report ----------------------------------------------- */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Nonzero if entry e is the file of a manifest item. */
static int in_manifest(const struct epub *ep, const struct mk_zipentry *e)
{
    size_t i;

    for (i = 0; i < ep->n_items; i++)
        if (ep->items[i].entry == e)
            return 1;
    return 0;
}

static const char *method_name(const struct mk_zipentry *e)
{
    const char *m = mk_zipread_method_name(e->method);

    return m ? m : "unknown";
}

/* The width add_safe() gives s, in characters. */
static size_t safe_width(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        n += mk_utf8_is_lead((unsigned char)*s);
    return n;
}

/* add_safe(), then spaces up to width characters. */
static void add_padded(struct mk_buf *b, const char *s, size_t width)
{
    size_t n = add_safe(b, s);

    for (; n < width; n++)
        mk_buf_addc(b, ' ');
}

static void text_metadata(const struct epub *ep, struct mk_buf *b)
{
    size_t k, i;

    for (k = 0; k < N_DC; k++)
        for (i = 0; i < ep->n_meta; i++) {
            const struct meta *m = &ep->meta[i];

            if (m->dc != k)
                continue;
            add_padded(b, dc_elements[k].label, 13);
            add_safe(b, m->value);
            if (m->role) {
                mk_buf_adds(b, " (");
                add_safe(b, m->role);
                mk_buf_addc(b, ')');
            }
            if (dc_elements[k].kind == DC_IDENTIFIER && ep->unique_id
                && m->value && strcmp(m->value, ep->unique_id) == 0)
                mk_buf_adds(b, " (unique identifier)");
            mk_buf_addc(b, '\n');
        }
    if (ep->modified) {
        add_padded(b, "Modified", 13);
        add_safe(b, ep->modified);
        mk_buf_addc(b, '\n');
    }
    if (ep->cover) {
        add_padded(b, "Cover", 13);
        add_safe(b, ep->cover);
        mk_buf_addc(b, '\n');
    }
}

static void text_links(const struct link *links, size_t n, int marks,
                       struct mk_buf *b)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        const struct link *l = &links[i];

        mk_buf_adds(b, "  ");
        for (k = 1; !marks && k < l->level; k++)
            mk_buf_adds(b, "  ");
        if (marks) {
            add_padded(b, l->type, 12);
            mk_buf_addc(b, ' ');
        }
        if (l->label && *l->label)
            add_safe(b, l->label);
        else
            mk_buf_adds(b, "(no label)");
        if (l->target) {
            mk_buf_adds(b, "  -> ");
            add_safe(b, l->target);
        }
        mk_buf_addc(b, '\n');
    }
}

/* The size columns of an entry (or of a file not in the archive). */
static void text_sizes(struct mk_buf *b, const struct mk_zipentry *e,
                       const char *absent)
{
    if (e)
        mk_buf_addf(b, "  %10llu %10llu  %-8s  ", e->size, e->comp_size,
                    method_name(e));
    else
        mk_buf_addf(b, "  %10s %10s  %-8s  ", "-", "-", absent);
}

static void text_manifest(const struct epub *ep, struct mk_buf *b)
{
    size_t i, width = 4, tw = 10;

    for (i = 0; i < ep->n_items; i++) {
        size_t w = safe_width(ep->items[i].path);
        size_t t = safe_width(ep->items[i].media_type);

        width = w > width ? w : width;
        tw = t > tw ? t : tw;
    }
    mk_buf_addf(b, "\nManifest (%zu items):\n", ep->n_items);
    mk_buf_addf(b, "  %10s %10s  %-8s  ", "SIZE", "COMPRESSED", "METHOD");
    add_padded(b, "PATH", width + 2);
    add_padded(b, "MEDIA TYPE", tw + 2);
    mk_buf_adds(b, "PROPERTIES\n");
    for (i = 0; i < ep->n_items; i++) {
        const struct item *it = &ep->items[i];

        text_sizes(b, it->entry, it->path && strchr(or_empty(it->href), ':')
                                 ? "remote" : "missing");
        add_padded(b, it->path, width + 2);
        add_padded(b, it->media_type, tw + 2);
        add_safe(b, it->properties);
        if (it->encryption) {
            mk_buf_adds(b, it->properties ? " (" : "(");
            mk_buf_adds(b, it->encryption);
            mk_buf_addc(b, ')');
        }
        while (b->len && b->buf[b->len - 1] == ' ')
            b->buf[--b->len] = '\0';
        mk_buf_addc(b, '\n');
    }
}

static void render_text(const struct epub *ep, struct mk_buf *b)
{
    size_t i, count = mk_zipread_count(ep->zip);

    add_safe(b, ep->display);
    mk_buf_adds(b, ": EPUB ");
    add_safe(b, ep->version ? ep->version : "(no version)");
    mk_buf_adds(b, ", package document ");
    add_safe(b, ep->opf_path);
    mk_buf_adds(b, "\n\n");
    text_metadata(ep, b);
    mk_buf_addf(b, "\nReading order (%zu):\n", ep->n_spine);
    for (i = 0; i < ep->n_spine; i++) {
        const struct itemref *r = &ep->spine[i];

        mk_buf_addf(b, "  %3zu  ", i + 1);
        add_safe(b, r->item && r->item->path ? r->item->path : r->idref);
        if (!r->linear)
            mk_buf_adds(b, "  (linear=no)");
        if (r->properties) {
            mk_buf_adds(b, "  [");
            add_safe(b, r->properties);
            mk_buf_addc(b, ']');
        }
        mk_buf_addc(b, '\n');
    }
    if (ep->toc_kind) {
        mk_buf_addf(b, "\nTable of contents (%s ", ep->toc_kind);
        add_safe(b, ep->toc_path);
        mk_buf_adds(b, "):\n");
    } else {
        mk_buf_adds(b, "\nTable of contents: none\n");
    }
    text_links(ep->toc, ep->n_toc, 0, b);
    if (ep->n_marks) {
        mk_buf_adds(b, "\nLandmarks:\n");
        text_links(ep->marks, ep->n_marks, 1, b);
    }
    text_manifest(ep, b);
    mk_buf_adds(b, "\nOther entries:\n");
    for (i = 0; i < count; i++) {
        const struct mk_zipentry *e = mk_zipread_entry(ep->zip, i);

        if (in_manifest(ep, e))
            continue;
        text_sizes(b, e, NULL);
        add_safe(b, e->name);
        mk_buf_addc(b, '\n');
    }
}

/* ---- the JSON report ----------------------------------------------- */

static void json_links(struct mk_json *j, const char *key,
                       const struct link *links, size_t n, int marks)
{
    size_t i;

    mk_json_begin_array(j, key);
    for (i = 0; i < n; i++) {
        mk_json_begin_object(j, NULL);
        if (marks)
            mk_json_string(j, "type", links[i].type);
        else
            mk_json_uint(j, "level", links[i].level);
        mk_json_string(j, "label", or_empty(links[i].label));
        mk_json_string(j, "target", links[i].target);
        mk_json_end_object(j);
    }
    mk_json_end_array(j);
}

static void json_entry_sizes(struct mk_json *j, const struct mk_zipentry *e)
{
    if (e) {
        mk_json_uint(j, "size", e->size);
        mk_json_uint(j, "compressed_size", e->comp_size);
        mk_json_string(j, "compression", method_name(e));
    } else {
        mk_json_null(j, "size");
        mk_json_null(j, "compressed_size");
        mk_json_null(j, "compression");
    }
}

static void json_metadata(const struct epub *ep, struct mk_json *j)
{
    size_t k, i;

    mk_json_begin_object(j, "metadata");
    for (k = 0; k < N_DC; k++) {
        int people = dc_elements[k].kind == DC_PERSON;

        mk_json_begin_array(j, dc_elements[k].name);
        for (i = 0; i < ep->n_meta; i++) {
            if (ep->meta[i].dc != k)
                continue;
            if (!people) {
                mk_json_string(j, NULL, or_empty(ep->meta[i].value));
                continue;
            }
            mk_json_begin_object(j, NULL);
            mk_json_string(j, "name", or_empty(ep->meta[i].value));
            mk_json_string(j, "role", ep->meta[i].role);
            mk_json_end_object(j);
        }
        mk_json_end_array(j);
    }
    mk_json_string(j, "unique_identifier", ep->unique_id);
    mk_json_string(j, "modified", ep->modified);
    mk_json_string(j, "cover", ep->cover);
    mk_json_end_object(j);
}

static void render_json(const struct epub *ep, struct mk_json *j)
{
    size_t i, count = mk_zipread_count(ep->zip);

    mk_json_begin_object(j, NULL);
    mk_json_string(j, "format", MK_INSPECT_FORMAT);
    mk_json_string(j, "file", ep->display);
    mk_json_begin_object(j, "package");
    mk_json_string(j, "path", ep->opf_path);
    mk_json_string(j, "version", ep->version);
    mk_json_string(j, "page_progression_direction", ep->ppd);
    mk_json_end_object(j);
    json_metadata(ep, j);
    mk_json_begin_array(j, "spine");
    for (i = 0; i < ep->n_spine; i++) {
        const struct itemref *r = &ep->spine[i];

        mk_json_begin_object(j, NULL);
        mk_json_string(j, "idref", r->idref);
        mk_json_string(j, "path", r->item ? r->item->path : NULL);
        mk_json_bool(j, "linear", r->linear);
        mk_json_string(j, "properties", r->properties);
        mk_json_end_object(j);
    }
    mk_json_end_array(j);
    mk_json_begin_object(j, "toc");
    mk_json_string(j, "source", ep->toc_kind);
    mk_json_string(j, "path", ep->toc_path);
    json_links(j, "entries", ep->toc, ep->n_toc, 0);
    mk_json_end_object(j);
    json_links(j, "landmarks", ep->marks, ep->n_marks, 1);
    mk_json_begin_array(j, "manifest");
    for (i = 0; i < ep->n_items; i++) {
        const struct item *it = &ep->items[i];

        mk_json_begin_object(j, NULL);
        mk_json_string(j, "id", it->id);
        mk_json_string(j, "href", it->href);
        mk_json_string(j, "path", it->path);
        mk_json_string(j, "media_type", it->media_type);
        mk_json_string(j, "properties", it->properties);
        mk_json_string(j, "encryption", it->encryption);
        json_entry_sizes(j, it->entry);
        mk_json_end_object(j);
    }
    mk_json_end_array(j);
    mk_json_begin_array(j, "entries");
    for (i = 0; i < count; i++) {
        const struct mk_zipentry *e = mk_zipread_entry(ep->zip, i);

        mk_json_begin_object(j, NULL);
        mk_json_string(j, "name", e->name);
        json_entry_sizes(j, e);
        mk_json_bool(j, "in_manifest", in_manifest(ep, e));
        mk_json_end_object(j);
    }
    mk_json_end_array(j);
    mk_json_end_object(j);
}

/* ---- entry points --------------------------------------------------- */

/* Reads the opened archive into ep and appends the report to out. */
static enum mk_status inspect(struct epub *ep, int json, struct mk_buf *out)
{
    const xmlNode *guide = NULL;
    xmlDocPtr opf = NULL;
    int readable = 0;

    if (mk_zipread_count(ep->zip) == 0)
        mk_error(ep->dc, ep->display, 0, 0, "the archive is empty: an EPUB "
                 "holds at least 'mimetype', 'META-INF/container.xml' and a "
                 "package document");
    else
        readable = read_container(ep) == 0
               && read_opf(ep, &guide, &opf) == 0;
    if (readable && !ep->oom)
        read_encryption(ep);
    if (readable && !ep->oom)
        read_navigation(ep, guide);
    xmlFreeDoc(opf);
    if (ep->oom)
        mk_diag_oom(ep->dc);
    /* out of memory anywhere (libxml2 too): no report rather than a
     * partial one */
    if (readable && !mk_diag_system_failed(ep->dc)) {
        struct mk_buf report = MK_BUF_INIT;
        struct mk_json j;

        mk_json_init(&j, &report);
        if (json)
            render_json(ep, &j);
        else
            render_text(ep, &report);
        if (mk_json_failed(&j)
            || mk_buf_add(out, report.buf, report.len) < 0)
            mk_diag_oom(ep->dc);
        mk_buf_release(&report);
    }
    free_epub(ep);
    return mk_diag_status(ep->dc);
}

enum mk_status mk_inspect_memory(const void *data, size_t len,
                                 const char *display, int json,
                                 struct mk_buf *out, struct mk_diag *dc)
{
    struct epub ep;

    memset(&ep, 0, sizeof(ep));
    ep.display = display;
    ep.dc = dc;
    ep.zip = mk_zipread_open_memory(data, len, display, dc);
    if (!ep.zip)
        return mk_diag_status(dc);
    return inspect(&ep, json, out);
}

enum mk_status mk_inspect(const char *path, int json, FILE *out,
                          struct mk_diag *dc)
{
    struct mk_buf report = MK_BUF_INIT;
    struct epub ep;
    enum mk_status status;

    memset(&ep, 0, sizeof(ep));
    ep.display = path;
    ep.dc = dc;
    ep.zip = mk_zipread_open(path, path, dc);
    if (!ep.zip)
        return mk_diag_status(dc);
    status = inspect(&ep, json, &report);
    if (status != MK_ESYSTEM && report.len
        && (fwrite(report.buf, 1, report.len, out) != report.len
            || fflush(out) != 0)) {
        mk_diag_system(dc, NULL, errno, "cannot write the report");
        status = MK_ESYSTEM;
    }
    mk_buf_release(&report);
    return status;
}
