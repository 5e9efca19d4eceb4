/*
 * layout.c - the package's layout: every source file keeps its path
 * relative to the folder all of them share (so the chapters' own links
 * stay valid), generated documents sit at the package's top and step
 * aside when a source file has their name, and every item gets a unique
 * manifest id.
 */
#include "build.h"
#include "diag.h"
#include "path.h"

#include <stdlib.h>
#include <string.h>

static const char *new_id(struct build *b, const char *base)
{
    char *s = mk_strmap_unused(&b->ids, base);

    if (!s || mk_grow_array(&b->owned_ids, &b->cap_owned_ids,
                            b->n_owned_ids, sizeof(*b->owned_ids)) < 0
        || mk_strmap_put(&b->ids, s, s) < 0) {
        free(s);
        mk_build_oom(b);
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
    return it->id ? 0 : mk_build_oom(b);
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
            mk_build_oom(b);
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
    struct mk_item *it = mk_resources_new_item(b);
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
        mk_build_oom(b);
        return NULL;
    }
    return it;
}

int mk_layout(struct build *b)
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
        if (!abs) {
            rc = mk_build_oom(b);
            break;
        }
        it->href = mk_strdup(abs + strlen(prefix)
                             + (strcmp(prefix, "/") != 0));
        free(abs);
        if (!it->href || mk_strmap_put(&hrefs, it->href, it) < 0)
            rc = mk_build_oom(b);
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
            return mk_build_oom(b);
        }
        free(slug);
    }
    return 0;
}

void mk_layout_set_writers(struct build *b)
{
    struct mk_pub *p = &b->pub;

    p->nav->write = mk_nav_write;
    if (p->ncx)
        p->ncx->write = mk_ncx_write;
    p->credits->write = mk_credits_write;
    if (p->cover_page)
        p->cover_page->write = mk_cover_page_write;
}
