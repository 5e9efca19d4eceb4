/*
 * xref.c - cross-reference checks: every link, image, stylesheet, script
 * and media reference of every chapter is read with the URL model
 * (url.h), judged (forms readers and EPUBCheck read differently, queries,
 * data: and file: URLs, hyperlinks to what is not a chapter), and
 * resolved against the chapters (with their ids, for fragments) and the
 * files on disk; remote resources are judged by what EPUB allows.  Runs
 * after every chapter has been read, so links may point forwards.
 * Stylesheets use mk_xref_parse() for their url()s too.
 */
#include "xref.h"
#include "diag.h"
#include "path.h"
#include "pub.h"
#include "registry.h"
#include "resources.h"
#include "url.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What resolving the chapters' references works with. */
struct xref {
    struct mk_diag *dc;
    struct mk_pub *pub;
    struct mk_resources *res;   /* registers the files referenced */
    int epub33_only;            /* mk_options epub33_only */
};

/* What to change, for each way a reference can be malformed. */
static const struct {
    enum mk_url_status status;
    const char *fix;
} status_fixes[] = {
    { MK_URL_BAD_ESCAPE, "" },
    { MK_URL_CONTROL, ": remove it" },
    { MK_URL_BAD_CHAR, ": write '" },
    { MK_URL_EMPTY_SEGMENT, ": write a single '/'" },
    { MK_URL_ENCODED_SEP, ": write '/' and '.' as they are" },
    { MK_URL_NETWORK_PATH, ": write the whole address with https:, or a "
      "path to a file in the book" },
};

/* Reports a malformed reference.  Returns 0 or -1 (out of memory). */
static int report_status(struct mk_diag *dc, const char *ref,
                         const struct mk_url *u, const char *from,
                         long line, long col)
{
    char *escaped = mk_url_escape(ref);
    struct mk_buf msg = MK_BUF_INIT;
    const char *fix = "";
    size_t i;

    if (!escaped)
        return mk_diag_oom(dc);
    for (i = 0; i < sizeof(status_fixes) / sizeof(*status_fixes); i++)
        if (status_fixes[i].status == u->status)
            fix = status_fixes[i].fix;
    /* a control character is shown escaped, never raw */
    mk_buf_addf(&msg, "'%s' %s", u->status == MK_URL_CONTROL ? escaped : ref,
                mk_url_status_text(u->status,
                                   (unsigned char)ref[u->bad_at]));
    mk_buf_adds(&msg, fix);
    if (u->status == MK_URL_BAD_CHAR) {
        mk_buf_adds(&msg, escaped);
        mk_buf_addc(&msg, '\'');
    }
    free(escaped);
    if (msg.failed) {
        mk_buf_release(&msg);
        return mk_diag_oom(dc);
    }
    mk_error(dc, from, line, col, "%s", mk_buf_str(&msg));
    mk_buf_release(&msg);
    return 0;
}

/* 1 when the local reference u, made in the file from, names no file
 * there; 0 when it does (or cannot be told); -1 when memory ran out. */
static int names_nothing(const char *from, const struct mk_url *u)
{
    char *dir = mk_path_dirname(from), *target = NULL, *canonical = NULL;
    struct stat st;
    int rc;

    if (!dir || mk_url_resolve(dir, u, &target, &canonical) < 0) {
        free(dir);
        return -1;
    }
    rc = stat(target, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
    free(dir);
    free(target);
    free(canonical);
    return rc;
}

enum mk_xref_verdict mk_xref_parse(struct mk_diag *dc, const char *ref,
                                   unsigned flags, const char *from,
                                   long line, long col, struct mk_url *u)
{
    enum mk_xref_verdict verdict = MK_XREF_REFUSED;
    int hyperlink = (flags & MK_XREF_HYPERLINK) != 0;

    if (mk_url_parse(ref, u) < 0) {
        mk_diag_oom(dc);
        return MK_XREF_NO_MEMORY;
    }
    if (u->remote && !u->scheme[1]) {
        mk_error(dc, from, line, col, "'%s' is a Windows path, which "
                 "names a file on your computer, not in the book: copy the "
                 "file into the book folder and write its path relative to "
                 "this file, with '/'", ref);
    } else if (u->status != MK_URL_OK) {
        if (report_status(dc, ref, u, from, line, col) < 0)
            verdict = MK_XREF_NO_MEMORY;
        /* a character left unescaped still names the file: go on */
        else if (u->status == MK_URL_BAD_CHAR && !u->remote
                 && ref[u->bad_at] != '\\')
            verdict = MK_XREF_USABLE;
    } else if (strcmp(u->scheme, "file") == 0) {
        mk_error(dc, from, line, col, "'%s' is a file: URL, which names "
                 "a file on your computer, not in the book (EPUBCheck "
                 "RSC-030): copy the file into the book folder and write "
                 "its path relative to this file", ref);
    } else if (u->remote) {
        verdict = MK_XREF_USABLE;
    } else if (u->absolute) {
        mk_error(dc, from, line, col, "absolute path '%s': use a path "
                 "relative to the %s", ref,
                 flags & MK_XREF_IN_CSS ? "stylesheet"
                 : flags & MK_XREF_IN_SVG ? "SVG image" : "chapter");
    } else if (u->query && !hyperlink && u->path[0]) {
        /* the file is still the one named: go on (a missing one is
         * reported by the caller, once) */
        int missing = names_nothing(from, u);

        if (missing < 0) {
            mk_diag_oom(dc);
            verdict = MK_XREF_NO_MEMORY;
        } else {
            if (!missing)
                mk_error(dc, from, line, col, "'%s' has a query ('?%s'), "
                         "which a file in the book cannot have (EPUBCheck "
                         "RSC-033): remove '?%s'", ref, u->query, u->query);
            verdict = MK_XREF_USABLE;
        }
    } else {
        verdict = MK_XREF_USABLE;
    }
    if (verdict != MK_XREF_USABLE)
        mk_url_release(u);
    return verdict;
}

int mk_xref_climbs(struct mk_diag *dc, const char *from, long line,
                   long col, const char *url, const struct mk_url *u,
                   const char *canonical)
{
    return mk_error(dc, from, line, col, "'%s' climbs above the folders it "
                    "needs, where a reader may stop at the top of the book "
                    "and find another file: write '%s%s%s'", url, canonical,
                    u->fragment ? "#" : "", u->fragment ? u->fragment : "");
}

static void check_fragment(struct xref *x, const struct mk_pub_chapter *from,
                           const struct mk_ref *r,
                           const struct mk_pub_chapter *to,
                           const char *fragment)
{
    if (!fragment || !fragment[0] || mk_xhtml_has_id(&to->info, fragment))
        return;
    if (!to->info.n_ids && !to->info.title)
        return;     /* the target failed to load; reported there */
    mk_error(x->dc, from->item->path, r->line, r->col, "link to '%s': no "
             "element has id '%s'%s%s", r->url, fragment,
             to == from ? "" : " in ", to == from ? "" : to->item->path);
}

/* An embedded data: URL must hold a core media type, as a file would
 * (EPUBCheck 5 RSC-032: no fallback is possible). */
static void check_data_type(struct xref *x, struct mk_pub_chapter *c,
                            const struct mk_ref *r, const struct mk_url *u)
{
    size_t n = strcspn(u->path, ";,"), i;
    char type[64];
    const struct mk_media *m;

    for (i = 0; i < n && i < sizeof(type) - 1; i++)
        type[i] = (char)(u->path[i] >= 'A' && u->path[i] <= 'Z'
                         ? u->path[i] + 32 : u->path[i]);
    type[i] = '\0';
    m = n < sizeof(type) ? mk_media_by_type(type) : NULL;
    if (!m || !m->core)
        mk_error(x->dc, c->item->path, r->line, r->col, "<%s %s> holds a "
                 "data: URL of type '%s', not an EPUB core media type, so "
                 "it would need a fallback (EPUBCheck RSC-032): use PNG, "
                 "JPEG, GIF or SVG data", r->element, r->attr,
                 n ? type : "");
}

static void remote_reference(struct xref *x, struct mk_pub_chapter *c,
                             const struct mk_ref *r, const struct mk_url *u)
{
    const char *at = c->item->path;
    struct mk_item *it;

    if (strcmp(u->scheme, "data") == 0) {
        if (r->kind == MK_REF_LINK || r->kind == MK_REF_CITE)
            mk_error(x->dc, at, r->line, r->col, "<%s %s> holds a data: "
                     "URL, which cannot be a link target (EPUBCheck "
                     "RSC-029): link to a chapter, or show the data with "
                     "<img>", r->element, r->attr);
        else if (r->kind == MK_REF_EMBED)
            check_data_type(x, c, r, u);
        return;
    }
    if (r->kind == MK_REF_CITE && strcmp(u->scheme, "http") == 0) {
        mk_error(x->dc, at, r->line, r->col, "cite=\"%s\": EPUBCheck 5 asks "
                 "for https: in a cited address (RSC-031): write https:, "
                 "or remove cite", r->url);
        return;
    }
    if (r->kind == MK_REF_LINK && !mk_url_scheme_registered(u->scheme)) {
        mk_error(x->dc, at, r->line, r->col, "'%s' uses the scheme '%s:', "
                 "which EPUBCheck does not know in a link (HTM-025): write "
                 "a web address (https://...)", r->url, u->scheme);
        return;
    }
    if (r->kind == MK_REF_LINK || r->kind == MK_REF_CITE
        || r->kind == MK_REF_OTHER || strcmp(u->scheme, "mailto") == 0)
        return;
    if (r->kind != MK_REF_MEDIA || !mk_url_is_web(u)) {
        mk_error(x->dc, at, r->line, r->col, "<%s> refers to remote '%s': "
                 "EPUB allows only audio and video outside the book; "
                 "download it into the book folder", r->element, r->url);
        return;
    }
    mk_warning(x->dc, at, r->line, r->col, "<%s> streams '%s' from the "
               "network; readers without a connection cannot play it",
               r->element, r->url);
    c->item->props |= MK_PROP_REMOTE;
    x->pub->has_media = 1;
    if (mk_registry_item(x->res->reg, r->url))
        return;
    it = mk_registry_add(x->res->reg, r->url, at, r->line, r->col);
    if (!it)
        return;
    it->remote = 1;
    it->media = mk_media_by_name(u->path);
    it->media_type = it->media ? it->media->type : "video/mp4";
    it->href = mk_strdup(r->url);
    if (!it->href)
        mk_diag_oom(x->dc);
}

#define XPGT "application/vnd.adobe-page-template+xml"

/* Elements whose target needs no fallback whatever its type (EPUB 3.3
 * exempt resources; <link> of a rel other than stylesheet is judged by
 * its kind). */
static const char *const exempt_elements[] = { "track" };

static int is_exempt(const struct mk_ref *r)
{
    size_t i;

    for (i = 0; i < sizeof(exempt_elements) / sizeof(*exempt_elements); i++)
        if (strcmp(exempt_elements[i], r->element) == 0)
            return 1;
    return 0;
}

/* A file that is not a chapter, used by a reference of kind r->kind.
 * What is wrong with the file itself (a type that needs a fallback) is
 * refused once per file (mk_resources_refuse), however many chapters
 * refer to it; what is wrong with a reference, at each. */
static void check_embedded(struct xref *x, struct mk_pub_chapter *c,
                           const struct mk_ref *r, const struct mk_url *u,
                           struct mk_item *it)
{
    const struct mk_media *m = it->media;
    const char *at = c->item->path;
    int svg = strcmp(m->type, "image/svg+xml") == 0;
    long ln = r->line, cl = r->col;

    if (r->type && mk_media_type_valid(r->type)
        && strcmp(r->type, it->media_type) != 0)
        mk_error(x->dc, at, ln, cl, "<%s type=\"%s\">, but '%s' is %s "
                 "(EPUBCheck OPF-013): write type=\"%s\"", r->element,
                 r->type, r->url, it->media_type, it->media_type);
    if (r->kind == MK_REF_LINK)
        mk_error(x->dc, at, ln, cl, "<%s> links to '%s', which is %s, not a "
                 "chapter: readers open only chapters (EPUBCheck "
                 "RSC-010); show an image with <img>, or link to a "
                 "chapter that presents the file", r->element, r->url,
                 it->media_type);
    else if (r->kind == MK_REF_STYLESHEET && strcmp(m->type, XPGT) == 0)
        it->style_link = 1;     /* gets a CSS fallback (CSS-010) */
    else if (r->kind == MK_REF_STYLESHEET && m->cls != MK_MEDIA_CSS)
        mk_error(x->dc, at, ln, cl, "stylesheet '%s' is %s, not CSS",
                 r->url, it->media_type);
    else if (r->kind == MK_REF_SYMBOL && !svg)
        mk_error(x->dc, at, ln, cl, "<svg:use> refers to '%s', which is "
                 "%s: <use> shows an element of an SVG image", r->url,
                 it->media_type);
    else if (strcmp(r->element, "img") == 0 && m->cls != MK_MEDIA_IMAGE)
        mk_error(x->dc, at, ln, cl, "<img> shows '%s', which is %s, not an "
                 "image", r->url, it->media_type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->core)
        mk_resources_refuse(x->res, it, MK_REFUSE_USE, at, ln, cl,
                            "'%s' is %s, not an EPUB core image type, so "
                            "it would need a fallback; convert it to JPEG "
                            "or PNG", r->url, m->type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->epubcheck4
             && !x->epub33_only)   /* WebP, core since EPUB 3.3 */
        mk_resources_refuse(x->res, it, MK_REFUSE_USE, at, ln, cl,
                            "'%s': WebP is not a core image type in EPUB "
                            "3.2 (EPUBCheck 4.2 MED-003): convert it to "
                            "PNG or JPEG, or build with --epub 3.3", r->url);
    else if (!m->core && m->cls != MK_MEDIA_VIDEO && !is_exempt(r)
             && r->kind == MK_REF_EMBED
             && !(strcmp(r->element, "object") == 0 && r->fallback))
        mk_error(x->dc, at, ln, cl, "<%s> shows '%s', which is %s, not "
                 "an EPUB core media type, and gives no fallback "
                 "(EPUBCheck %s): use <object> with text or an <img> "
                 "inside it for readers that cannot show the file",
                 r->element, r->url, it->media_type,
                 strcmp(r->element, "object") == 0
                 ? "4.2 MED-002, 5 RSC-032" : "5 RSC-032");
    else if (u->fragment && r->kind == MK_REF_EMBED && !svg)
        mk_error(x->dc, at, ln, cl, "'%s': only an SVG image may be "
                 "referred to with a fragment (EPUBCheck RSC-009): remove "
                 "'#%s'", r->url, u->fragment);
}

/* An Adobe page template linked as a stylesheet needs a CSS stylesheet
 * as its manifest fallback for EPUBCheck 4.2 (CSS-010): the book's first
 * CSS stylesheet in manifest order (readers that do not read templates
 * use the CSS anyway).  A book without one is refused. */
static void style_fallbacks(struct xref *x)
{
    struct mk_item *css = NULL;
    size_t i;

    for (i = 0; i < x->pub->n_items && !css; i++)
        if (x->pub->items[i]->media
            && x->pub->items[i]->media->cls == MK_MEDIA_CSS)
            css = x->pub->items[i];
    for (i = 0; i < x->pub->n_items; i++) {
        struct mk_item *it = x->pub->items[i];

        if (!it->style_link)
            continue;
        if (css)
            it->fallback = css;
        else
            mk_error(x->dc, it->ref_file, it->ref_line, it->ref_col, "'%s' "
                     "is an Adobe page template linked as a stylesheet, "
                     "and EPUBCheck 4.2 wants a CSS stylesheet as its "
                     "fallback (CSS-010), but the book has none: add one "
                     "(<stylesheet> in book.xml, or a <link> to a .css "
                     "file)", it->path);
    }
}

/* A reference to a file of the book: a chapter (for links), or a
 * resource to register and check. */
static void resolve_local(struct xref *x, struct mk_pub_chapter *c,
                          const struct mk_ref *r, const struct mk_url *u,
                          const char *dir)
{
    const char *at = c->item->path;
    char *target, *canonical;
    struct mk_pub_chapter *to;
    struct mk_item *it;

    if (mk_url_resolve(dir, u, &target, &canonical) < 0) {
        mk_diag_oom(x->dc);
        return;
    }
    if (canonical) {
        mk_xref_climbs(x->dc, at, r->line, r->col, r->url, u, canonical);
        free(canonical);
        free(target);
        return;
    }
    to = mk_registry_chapter(x->res->reg, target);
    if (to && r->kind == MK_REF_OTHER) {
        /* <link rel="next" href="02.xhtml">: nothing to check */
    } else if (to && (r->kind == MK_REF_LINK || r->kind == MK_REF_CITE
                      || r->kind == MK_REF_FRAME)) {
        check_fragment(x, c, r, to, u->fragment);
    } else if (to && !to->image && !to->svg) {
        mk_error(x->dc, at, r->line, r->col, "<%s> embeds the chapter '%s'; "
                 "link to it with <a> instead", r->element, r->url);
    } else {
        /* a file, or the image of an image page (resources.c) */
        const char *type = r->type;

        if (type && strchr(type, ';'))
            mk_error(x->dc, at, r->line, r->col, "<%s type=\"%s\">: "
                     "EPUBCheck 4.2 compares the whole value with the "
                     "file's media type, which has no parameters "
                     "(OPF-013): remove '%s'", r->element, type,
                     strchr(type, ';'));
        /* a value that is no media type is reported with the element's
         * attributes (htmlattr.c) */
        if (type && !mk_media_type_valid(type))
            type = NULL;
        it = mk_resources_add_typed(x->res, target, r->url, type, at, r->line,
                                    r->col);
        if (it && r->kind != MK_REF_CITE && r->kind != MK_REF_OTHER
            && r->kind != MK_REF_FRAME)
            check_embedded(x, c, r, u, it);
    }
    free(target);
}

static void resolve_reference(struct xref *x, struct mk_pub_chapter *c,
                              const struct mk_ref *r, const char *dir)
{
    struct mk_url u;
    unsigned flags = r->kind == MK_REF_LINK || r->kind == MK_REF_CITE
                     ? MK_XREF_HYPERLINK : 0;

    if (mk_xref_parse(x->dc, r->url, flags, c->item->path, r->line, r->col,
                      &u) != MK_XREF_USABLE)
        return;
    if (u.remote) {
        remote_reference(x, c, r, &u);
    } else if (!u.path[0]) {
        if (r->kind == MK_REF_LINK || r->kind == MK_REF_CITE
            || r->kind == MK_REF_SYMBOL)
            check_fragment(x, c, r, c, u.fragment);
    } else {
        resolve_local(x, c, r, &u, dir);
    }
    mk_url_release(&u);
}

void mk_xref_resolve(struct mk_resources *res, int epub33_only)
{
    struct xref xr = { res->dc, res->reg->pub, res, epub33_only };
    struct xref *x = &xr;
    size_t i, j;

    for (i = 0; i < x->pub->n_chapters && !mk_diag_out_of_memory(x->dc);
         i++) {
        struct mk_pub_chapter *c = &x->pub->chapters[i];
        char *dir = mk_path_dirname(c->item->path);

        if (!dir) {
            mk_diag_oom(x->dc);
            return;
        }
        for (j = 0; j < c->info.n_refs && !mk_diag_out_of_memory(x->dc);
             j++)
            resolve_reference(x, c, &c->info.refs[j], dir);
        free(dir);
    }
    style_fallbacks(x);
}

/* Cross-checking is done: keep only what the navigation needs, so the
 * writing phase does not carry every id and link of the book. */
void mk_xref_drop_links(struct mk_pub *pub)
{
    size_t i;

    for (i = 0; i < pub->n_chapters; i++)
        mk_xhtml_info_drop_links(&pub->chapters[i].info);
}
