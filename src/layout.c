/*
 * layout.c - the package's layout: every source file keeps its path
 * relative to the folder all of them share (so the chapters' own links
 * stay valid), unless that name breaks the safe-name rule (layout.h),
 * differs only in case from another, has the wrong extension for what
 * the file is, or is a name of the package's own; then the file is
 * renamed, deterministically, in book order, and relink.c rewrites every
 * reference to it.  Generated documents sit at the package's top and
 * step aside when a source file has their name, and every item gets a
 * unique manifest id that is a valid XML name.
 */
#include "layout.h"
#include "diag.h"
#include "path.h"
#include "pub.h"
#include "registry.h"
#include "root.h"
#include "utf8.h"
#include "xhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The extension a file of each media type gets when its name says
 * another type (PKG-022, OPF-029 otherwise). */
struct type_ext {
    const char *type;
    const char *ext;
};

static const struct type_ext canonical_ext[] = {
    { "application/javascript", "js" },
    { "application/pdf", "pdf" },
    { "application/smil+xml", "smil" },
    { "application/xhtml+xml", "xhtml" },
    { "audio/mp4", "m4a" },
    { "audio/mpeg", "mp3" },
    { "audio/ogg", "ogg" },
    { "font/otf", "otf" },
    { "font/ttf", "ttf" },
    { "font/woff", "woff" },
    { "font/woff2", "woff2" },
    { "image/bmp", "bmp" },
    { "image/gif", "gif" },
    { "image/jpeg", "jpg" },
    { "image/png", "png" },
    { "image/svg+xml", "svg" },
    { "image/tiff", "tif" },
    { "image/webp", "webp" },
    { "text/css", "css" },
    { "text/vtt", "vtt" },
    { "video/mp4", "mp4" },
    { "video/webm", "webm" },
};

/* Names of the package folder that are always taken (the generated
 * documents that can move aside are not here). */
static const char *const reserved[] = { "content.opf" };

static int compare_type(const void *key, const void *entry)
{
    return strcmp(key, ((const struct type_ext *)entry)->type);
}

/* The extension for media type type, or NULL when it has none here. */
static const char *ext_for_type(const char *type)
{
    const struct type_ext *found = bsearch(type, canonical_ext,
                                           sizeof(canonical_ext)
                                           / sizeof(*canonical_ext),
                                           sizeof(*canonical_ext),
                                           compare_type);

    return found ? found->ext : NULL;
}

static int safe_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

int mk_layout_is_safe(const char *path)
{
    const char *p = path;

    if (!*p)
        return 0;
    for (;;) {
        const char *start = p;

        while (*p && *p != '/') {
            if (!safe_char((unsigned char)*p))
                return 0;
            p++;
        }
        if (p == start || *start == '.' || p[-1] == '.')
            return 0;
        if (!*p)
            return 1;
        p++;
    }
}

/* Appends the safe form of one component (len bytes at s) to out. */
static void safe_component(struct mk_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    struct mk_buf raw = MK_BUF_INIT;
    const char *r;
    size_t start = out->len, i, n;

    while (p < end) {
        if (*p < 0x80) {
            mk_buf_addc(&raw, safe_char(*p) ? (char)*p : '-');
            p++;
        } else {
            size_t used;
            long cp = mk_utf8_decode((const char *)p, (size_t)(end - p),
                                     &used);

            if (cp < 0)
                mk_buf_addf(&raw, "-x%02x-", (unsigned)*p);
            else
                mk_buf_addf(&raw, "-u%04lx-", (unsigned long)cp);
            p += used;
        }
    }
    /* collapse: no "--", no "-." or ".-" */
    r = mk_buf_str(&raw);
    for (i = 0; i < raw.len && !out->failed; i++) {
        char last = out->len > start ? out->buf[out->len - 1] : '\0';

        if (r[i] == '-' && (last == '-' || last == '.'))
            continue;
        if (r[i] == '.')
            while (out->len > start && out->buf[out->len - 1] == '-')
                out->len--;
        mk_buf_addc(out, r[i]);
    }
    if (raw.failed)
        out->failed = 1;
    mk_buf_release(&raw);
    if (out->failed)
        return;
    /* strip leading and trailing dots and dashes */
    n = 0;
    while (start + n < out->len
           && (out->buf[start + n] == '.' || out->buf[start + n] == '-'))
        n++;
    memmove(out->buf + start, out->buf + start + n, out->len - start - n);
    out->len -= n;
    while (out->len > start && (out->buf[out->len - 1] == '.'
                                || out->buf[out->len - 1] == '-'))
        out->len--;
    if (out->len == start)
        mk_buf_addc(out, '_');
    else
        out->buf[out->len] = '\0';
}

/* Where the extension of the last component starts (its dot), or the
 * end of the name when it has none. */
static size_t extension_at(const char *name, size_t len)
{
    size_t i = len, base = len;

    while (base > 0 && name[base - 1] != '/')
        base--;
    while (i > base + 1 && name[i - 1] != '.')
        i--;
    return i > base + 1 && name[i - 1] == '.' ? i - 1 : len;
}

char *mk_layout_safe_path(const char *path, const char *ext)
{
    struct mk_buf out = MK_BUF_INIT;
    const char *p = path;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);

        if (len) {
            if (out.len)
                mk_buf_addc(&out, '/');
            safe_component(&out, p, len);
        }
        if (!slash)
            break;
        p = slash + 1;
    }
    if (!out.len)
        mk_buf_addc(&out, '_');
    if (ext && !out.failed) {
        size_t at = extension_at(out.buf, out.len);

        if (strcasecmp(out.buf + at, "") == 0
            || strcasecmp(out.buf + at + 1, ext) != 0) {
            out.len = at;
            out.buf[at] = '\0';
            mk_buf_addf(&out, ".%s", ext);
        }
    }
    return mk_buf_detach(&out, NULL);
}

/* ---- the names in use ---------------------------------------------- */

/* Every name taken in the package folder, folded to lower case, and
 * every folder those names create (a file may not clash with either;
 * a folder is spelt one way only). */
/* What a folded file name stands for in struct names (a folder's stands
 * for its spelling). */
#define NAME_FILE ((void *)1)

struct names {
    struct mk_strmap folded;    /* folded name -> NAME_FILE for a file, or
                                 * a folder's spelling (in owned) */
    char **owned;
    size_t n, cap;
};

static char *fold(const char *s)
{
    char *f = mk_strdup(s);
    char *p;

    for (p = f; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return f;
}

/* 1 if name can be used (no file or folder of that name, no file where
 * one of its folders would be, no folder spelt otherwise), 0 if not, -1
 * out of memory. */
static int name_free(const struct names *t, const char *name)
{
    char *f = fold(name);
    char *slash;
    int ok;

    if (!f)
        return -1;
    ok = !mk_strmap_get(&t->folded, f);
    for (slash = strchr(f, '/'); ok && slash; slash = strchr(slash + 1, '/')) {
        const char *had;

        *slash = '\0';
        had = mk_strmap_get(&t->folded, f);
        ok = had != NAME_FILE
             && (!had || strncmp(had, name, (size_t)(slash - f)) == 0);
        *slash = '/';
    }
    free(f);
    return ok;
}

static int own(struct names *t, char *s)
{
    if (mk_grow_array(&t->owned, &t->cap, t->n, sizeof(*t->owned)) < 0) {
        free(s);
        return -1;
    }
    t->owned[t->n++] = s;
    return 0;
}

static int names_put(struct names *t, char *folded, void *kind)
{
    if (own(t, folded) < 0)
        return -1;
    return mk_strmap_put(&t->folded, folded, kind);
}

/* Records name (and its folders, as name spells them) as taken.  0 or
 * -1 (memory). */
static int take_name(struct names *t, const char *name)
{
    char *f = fold(name);
    const char *slash;

    if (!f)
        return -1;
    for (slash = strchr(f, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t n = (size_t)(slash - f);
        char *dir = mk_strndup(f, n);
        char *spelt;

        if (!dir) {
            free(f);
            return -1;
        }
        if (mk_strmap_get(&t->folded, dir)) {
            free(dir);
            continue;
        }
        spelt = mk_strndup(name, n);
        if (!spelt || own(t, spelt) < 0) {
            free(dir);
            free(f);
            return -1;
        }
        if (names_put(t, dir, spelt) < 0) {
            free(f);
            return -1;
        }
    }
    return names_put(t, f, NAME_FILE);
}

/* Spells the folders of name (in place) as the package already spells
 * them, so that a file never starts a second spelling of a folder.
 * 0, or -1 out of memory. */
static int respell_folders(const struct names *t, char *name)
{
    char *f = fold(name);
    char *slash;

    if (!f)
        return -1;
    for (slash = strchr(f, '/'); slash;
         slash = strchr(slash + 1, '/')) {
        const char *had;

        *slash = '\0';
        had = mk_strmap_get(&t->folded, f);
        if (had && had != NAME_FILE)
            memcpy(name, had, (size_t)(slash - f));
        *slash = '/';
    }
    free(f);
    return 0;
}

static void names_release(struct names *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        free(t->owned[i]);
    free(t->owned);
    mk_strmap_release(&t->folded);
}

/* What laying the package out works with. */
struct layout {
    struct mk_diag *dc;
    struct mk_registry *reg;
    struct mk_pub *pub;
    struct mk_root *root;
    size_t renamed;             /* source files given a new name */
};

/* ---- ids ----------------------------------------------------------- */

static int set_id(struct layout *x, struct mk_item *it, const char *base)
{
    const char *id = mk_registry_new_id(x->reg, base);

    if (!id)
        return -1;
    it->id = mk_strdup(id);
    return it->id ? 0 : mk_diag_oom(x->dc);
}

/* ---- names of the source files ------------------------------------- */

/* The longest folder prefix shared by every source file (absolute,
 * lexical), so the package keeps the sources' relative layout. */
static char *common_folder(struct layout *x)
{
    char *prefix = NULL;
    size_t i;

    for (i = 0; i < x->pub->n_items; i++) {
        const struct mk_item *it = x->pub->items[i];
        char *abs, *dir;
        size_t k = 0, last = 0;

        if (!it->path || it->remote)
            continue;
        abs = mk_root_absolute(x->root, it->path);
        if (!abs) {
            free(prefix);
            return NULL;
        }
        dir = mk_path_dirname(abs);
        free(abs);
        if (!dir) {
            free(prefix);
            mk_diag_oom(x->dc);
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

/* The extension an item must have, or NULL when its own is right:
 * chapters are .xhtml (HTM-014a) and SVG pages .svg, other files get the
 * one of the type their bytes are. */
static const char *wanted_ext(const struct layout *x, const struct mk_item *it)
{
    int c = mk_registry_is_chapter(x->reg, it);
    const char *name = mk_path_basename(it->href);
    const char *dot = strrchr(name, '.');
    const struct mk_media *by_name;

    if (c) {
        const char *ext = it->media && it->media->cls == MK_MEDIA_IMAGE
                          ? "svg" : "xhtml";

        return dot && dot != name && strcasecmp(dot + 1, ext) == 0
               ? NULL : ext;
    }
    by_name = mk_media_by_name(name);
    if (!it->media || by_name == it->media)
        return NULL;
    /* a font of the other outline kind keeps its name: only images are
     * judged by their extension (PKG-022), and a name of another class
     * is wrong for every reader */
    if (by_name && by_name->cls == it->media->cls
        && it->media->cls != MK_MEDIA_IMAGE)
        return NULL;
    return ext_for_type(it->media->type);
}

/* 1 if the folder spelt by the first n bytes of name is a file's name
 * in the package, 0 if not, -1 out of memory. */
static int folder_is_file(const struct names *t, const char *name, size_t n)
{
    char *dir = mk_strndup(name, n);
    char *f = dir ? fold(dir) : NULL;
    int is = f ? mk_strmap_get(&t->folded, f) == NAME_FILE : -1;

    free(dir);
    free(f);
    return is;
}

/* Gives every folder of *name that is a file's name another one (-2,
 * -3 ... after it), so that the file can be placed.  0 or -1 (memory;
 * *name freed and NULL). */
static int unclash_folders(const struct names *t, char **name)
{
    size_t at = 0;
    const char *slash;

    while ((slash = strchr(*name + at, '/')) != NULL) {
        size_t n = (size_t)(slash - *name);
        unsigned k = 1;
        int is;

        while ((is = folder_is_file(t, *name, n)) == 1 && k < 1000) {
            struct mk_buf nb = MK_BUF_INIT;
            size_t cut = n;

            /* drop the -k added before, if any */
            if (k > 1)
                cut -= (size_t)snprintf(NULL, 0, "-%u", k);
            k++;
            mk_buf_add(&nb, *name, cut);
            mk_buf_addf(&nb, "-%u", k);
            mk_buf_adds(&nb, *name + n);
            free(*name);
            *name = mk_buf_detach(&nb, NULL);
            if (!*name)
                return -1;
            n = (size_t)(strchr(*name + cut, '/') - *name);
        }
        if (is < 0) {
            free(*name);
            *name = NULL;
            return -1;
        }
        at = n + 1;
    }
    return 0;
}

/* Gives it a new safe name that no other file has: the safe form of its
 * name, then with -2, -3 ... before the extension. */
static int rename_item(struct layout *x, struct names *t, struct mk_item *it)
{
    char *base = mk_layout_safe_path(it->href, wanted_ext(x, it));
    struct mk_buf name = MK_BUF_INIT;
    size_t at, k;
    int ok = 0;

    if (!base || respell_folders(t, base) < 0
        || unclash_folders(t, &base) < 0) {
        free(base);
        return mk_diag_oom(x->dc);
    }
    at = extension_at(base, strlen(base));
    for (k = 1; k <= 1000 && ok == 0; k++) {
        mk_buf_reset(&name);
        if (k == 1)
            mk_buf_adds(&name, base);
        else
            mk_buf_addf(&name, "%.*s-%zu%s", (int)at, base, k, base + at);
        ok = name.failed ? -1 : name_free(t, mk_buf_str(&name));
    }
    free(base);
    if (ok == 1) {
        free(it->href);
        it->href = mk_buf_detach(&name, NULL);
        if (it->href && take_name(t, it->href) == 0)
            return 0;
    }
    mk_buf_release(&name);
    if (ok != 0)        /* out of memory */
        return mk_diag_oom(x->dc);
    return mk_error(x->dc, it->ref_file, it->ref_line, it->ref_col,
                    "'%s' cannot be given a safe name in the book (every "
                    "name tried is taken): rename it", it->path);
}

/* Each source file's name in the package: its path below the common
 * folder when that is safe and free, else a new one (in book order, after
 * every name that can stay has been kept). */
static int name_sources(struct layout *x, struct names *t, size_t n_sources)
{
    char *prefix = common_folder(x);
    unsigned char *keep = mk_calloc(n_sources + 1, 1);
    size_t i;
    int rc = 0;

    if ((!prefix && n_sources) || !keep) {
        free(prefix);
        free(keep);
        return mk_diag_oom(x->dc);
    }
    for (i = 0; i < sizeof(reserved) / sizeof(*reserved) && rc == 0; i++)
        if (take_name(t, reserved[i]) < 0)
            rc = mk_diag_oom(x->dc);
    for (i = 0; i < n_sources && rc == 0; i++) {
        struct mk_item *it = x->pub->items[i];
        char *abs;
        int ok;

        if (it->remote)
            continue;
        abs = mk_root_absolute(x->root, it->path);
        if (!abs) {
            rc = -1;
            break;
        }
        it->href = mk_strdup(abs + strlen(prefix)
                             + (strcmp(prefix, "/") != 0));
        free(abs);
        if (!it->href) {
            rc = mk_diag_oom(x->dc);
            break;
        }
        ok = mk_layout_is_safe(it->href) && !wanted_ext(x, it)
             ? name_free(t, it->href) : 0;
        if (ok < 0 || (ok == 1 && take_name(t, it->href) < 0))
            rc = mk_diag_oom(x->dc);
        keep[i] = ok == 1;
    }
    free(prefix);
    for (i = 0; i < n_sources && rc == 0; i++) {
        struct mk_item *it = x->pub->items[i];

        if (it->remote || keep[i])
            continue;
        x->renamed++;
        if (rename_item(x, t, it) < 0)
            rc = -1;
    }
    free(keep);
    return rc;
}

/* ---- generated documents ------------------------------------------- */

static struct mk_item *generated(struct layout *x, struct names *t,
                                 const char *name, const char *id,
                                 const char *type)
{
    struct mk_item *it = mk_registry_new_item(x->reg);
    struct mk_buf href = MK_BUF_INIT;
    int ok = 0;

    if (!it)
        return NULL;
    mk_buf_adds(&href, name);
    /* a source file of the same name wins; ours moves aside */
    while (!href.failed && (ok = name_free(t, mk_buf_str(&href))) == 0) {
        char *old = mk_buf_detach(&href, NULL);

        mk_buf_addf(&href, "mkepub-%s", old ? old : "");
        free(old);
    }
    it->href = mk_buf_detach(&href, NULL);
    it->media_type = type;
    if (ok < 0 || !it->href || take_name(t, it->href) < 0
        || set_id(x, it, id) < 0) {
        mk_diag_oom(x->dc);
        return NULL;
    }
    return it;
}

int mk_layout(struct mk_registry *reg, struct mk_root *root, int ncx,
              size_t *renamed)
{
    struct layout lx = { reg->dc, reg, reg->pub, root, 0 };
    struct layout *x = &lx;
    size_t i, n_sources = x->pub->n_items;
    struct names t;

    memset(&t, 0, sizeof(t));
    if (name_sources(x, &t, n_sources) == 0) {
        x->pub->nav = generated(x, &t, "nav.xhtml", "nav",
                               "application/xhtml+xml");
        if (ncx)
            x->pub->ncx = generated(x, &t, "toc.ncx", "ncx",
                                   "application/x-dtbncx+xml");
        x->pub->credits = generated(x, &t, "credits.xhtml", "credits",
                                   "application/xhtml+xml");
        if (x->pub->cover_image)
            x->pub->cover_page = generated(x, &t, "cover.xhtml",
                                          "cover-page",
                                          "application/xhtml+xml");
    }
    names_release(&t);
    *renamed = x->renamed;
    if (mk_diag_out_of_memory(x->dc) || mk_diag_status(x->dc) != MK_OK)
        return -1;
    x->pub->nav->props |= MK_ITEM_NAV;
    for (i = 0; i < n_sources; i++) {
        struct mk_item *it = x->pub->items[i];
        /* the href is ASCII now, so the slug is an ASCII XML name */
        char *slug = mk_xhtml_slug(it->remote ? "remote"
                                              : mk_path_basename(it->href));

        if (!slug || set_id(x, it, slug) < 0) {
            free(slug);
            return mk_diag_oom(x->dc);
        }
        free(slug);
    }
    return 0;
}

void mk_layout_set_writers(struct mk_pub *p)
{

    p->nav->write = mk_nav_write;
    if (p->ncx)
        p->ncx->write = mk_ncx_write;
    p->credits->write = mk_credits_write;
    if (p->cover_page)
        p->cover_page->write = mk_cover_page_write;
}
