/*
 * relink.c - rewriting references when the layout renamed files (see
 * layout.c): a reference written in a chapter or a stylesheet is resolved
 * exactly as the checks resolved it (against the source file's folder),
 * and when the file it names now has another name in the package, or the
 * referring file moved, it is written anew relative to the referring
 * file's own package name.  Query and fragment stay as written; a
 * reference to anything else (remote, a fragment alone, not a file of the
 * book) stays byte for byte, and so does a file none of whose references
 * changed.  A raster image listed as a chapter has two items of one
 * path (pages.h): a hyperlink to it goes to its page, anything else
 * (an <img>, a url()) to the image.
 */
#include "relink.h"
#include "buf.h"
#include "css.h"
#include "diag.h"
#include "path.h"
#include "registry.h"
#include "xhtml.h"
#include "url.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

struct relink {
    const struct mk_registry *reg;
    char *src_dir;      /* folder of the referring file's source path */
    char *pkg_dir;      /* folder of its name in the package */
    size_t changed;     /* references rewritten */
};

static int relink_init(struct relink *r, const struct mk_registry *reg,
                       const struct mk_item *from)
{
    r->reg = reg;
    r->changed = 0;
    r->src_dir = mk_path_dirname(from->path);
    r->pkg_dir = mk_path_dirname(from->href);
    if (r->src_dir && r->pkg_dir)
        return 0;
    free(r->src_dir);
    free(r->pkg_dir);
    return -1;
}

static void relink_release(struct relink *r)
{
    free(r->src_dir);
    free(r->pkg_dir);
}

/* The item a reference to the file target names: for a raster image
 * page, the page when the reference is a hyperlink, else its image. */
static const struct mk_item *target_item(const struct mk_registry *reg,
                                         const char *target, int link)
{
    const struct mk_pub_chapter *page = mk_registry_chapter(reg, target);

    if (page && page->image && !link)
        return page->image;
    return mk_registry_item(reg, target);
}

/* The new form of url, or NULL (link: it is a hyperlink). */
static char *map_ref(struct relink *r, const char *url, int link,
                     int *failed)
{
    struct mk_url u;
    const struct mk_item *it = NULL;
    char *target = NULL, *canonical = NULL, *rel = NULL, *out = NULL;
    const char *start = url;
    size_t path_len;

    /* resolved exactly as xref.c resolved it when checking */
    if (mk_url_parse(url, &u) < 0) {
        *failed = 1;
        return NULL;
    }
    while (*start == ' ' || *start == '\t' || *start == '\n'
           || *start == '\r' || *start == '\f')
        start++;
    path_len = strcspn(start, "?#");
    if (!u.remote && !u.absolute && u.path[0]
        && (u.status == MK_URL_OK || u.status == MK_URL_BAD_CHAR)) {
        if (mk_url_resolve(r->src_dir, &u, &target, &canonical) < 0)
            *failed = 1;
        else if (!canonical)
            it = target_item(r->reg, target, link);
        free(canonical);
    }
    if (it && !it->remote && it->href) {
        rel = mk_path_relative(r->pkg_dir, it->href);
        if (!rel)
            *failed = 1;
        else if (strcmp(rel, u.path) != 0) {
            struct mk_buf b = MK_BUF_INIT;

            /* safe names need no %-encoding */
            mk_buf_adds(&b, rel);
            mk_buf_adds(&b, start + path_len);
            out = mk_buf_detach(&b, NULL);
            if (!out)
                *failed = 1;
            r->changed++;
        }
    }
    free(rel);
    free(target);
    mk_url_release(&u);
    return out;
}

/* mk_xhtml_map_fn and mk_css_map_fn: a resource's reference. */
static char *map_url(void *ctx, const char *url, int *failed)
{
    return map_ref(ctx, url, 0, failed);
}

/* mk_xhtml_map_fn: a hyperlink's. */
static char *map_link(void *ctx, const char *url, int *failed)
{
    return map_ref(ctx, url, 1, failed);
}

int mk_relink_chapter_begin(const struct mk_registry *reg,
                            const struct mk_item *from,
                            struct mk_xhtml_relink *out)
{
    struct relink *r = malloc(sizeof(*r));

    if (!r || relink_init(r, reg, from) < 0) {
        free(r);
        return -1;
    }
    out->map = map_url;
    out->link_map = map_link;
    out->ctx = r;
    return 0;
}

void mk_relink_chapter_end(struct mk_xhtml_relink *maps)
{
    struct relink *r = maps->ctx;

    if (r) {
        relink_release(r);
        free(r);
    }
    maps->ctx = NULL;
}

int mk_relink_css(const struct mk_registry *reg, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out,
                  int *changed)
{
    struct relink r;
    int rc;

    *changed = 0;
    if (relink_init(&r, reg, it) < 0)
        return -1;
    rc = mk_css_rewrite(text, len, map_url, &r, out, changed);
    relink_release(&r);
    return rc;
}

/* Parses the XML file it (text), rewrites its references with rewrite
 * and serialises it into out when one changed, else copies text as it
 * is; the file was checked before, so its diagnostics are dropped.  0,
 * or -1 when memory ran out. */
static int relink_xml(const struct mk_registry *reg, const struct mk_item *it,
                      const char *text, size_t len, struct mk_buf *out,
                      int (*rewrite)(struct relink *, xmlDocPtr))
{
    struct mk_diag *scratch = mk_diag_new();
    struct relink r;
    xmlDocPtr doc = NULL;
    int rc = -1;

    if (!scratch || relink_init(&r, reg, it) < 0) {
        mk_diag_free(scratch);
        return -1;
    }
    doc = mk_xml_parse(it->path, text, len, MK_XML_PLAIN, scratch, NULL);
    if (mk_diag_system_failed(scratch))
        goto done;
    if (doc && rewrite(&r, doc) < 0)
        goto done;
    if (doc && r.changed)
        rc = mk_xhtml_serialize(doc, out);
    else
        rc = mk_buf_add(out, text, len);
done:
    xmlFreeDoc(doc);
    relink_release(&r);
    mk_diag_free(scratch);
    return rc;
}

/* An SVG's references: hrefs of every kind, links mapped as links. */
static int relink_svg_tree(struct relink *r, xmlDocPtr doc)
{
    return mk_xhtml_rewrite_links(doc, map_url, map_link, r);
}

int mk_relink_svg(const struct mk_registry *reg, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out)
{
    return relink_xml(reg, it, text, len, out, relink_svg_tree);
}

/* The references of a media overlay (overlay.h): src on any element (a
 * <text> or <audio>) and epub:textref, rewritten in place like a
 * chapter's; walked without recursion.  0 or -1 (out of memory). */
static int relink_smil_tree(struct relink *r, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), n;

    for (n = root; n; n = mk_xml_next(root, n, 1)) {
        xmlAttrPtr a;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (a = n->properties; a; a = a->next) {
            xmlChar *v;
            char *mapped;
            int failed = 0;

            if (!(!a->ns && strcmp((const char *)a->name, "src") == 0)
                && !(a->ns && strcmp((const char *)a->ns->href, MK_EPUB_NS)
                     == 0 && strcmp((const char *)a->name, "textref") == 0))
                continue;
            v = xmlNodeListGetString(doc, a->children, 1);
            if (!v)
                return -1;
            mapped = map_url(r, (const char *)v, &failed);
            xmlFree(v);
            if (failed)
                return -1;
            if (mapped && !xmlSetNsProp(n, a->ns, a->name, BAD_CAST mapped)) {
                free(mapped);
                return -1;
            }
            free(mapped);
        }
    }
    return 0;
}

int mk_relink_smil(const struct mk_registry *reg, const struct mk_item *it,
                   const char *text, size_t len, struct mk_buf *out)
{
    return relink_xml(reg, it, text, len, out, relink_smil_tree);
}
