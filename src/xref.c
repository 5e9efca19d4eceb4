/*
 * xref.c - cross-reference checks: every link, image, stylesheet, script
 * and media reference of every chapter is resolved against the chapters
 * (with their ids, for fragments) and the files on disk; remote
 * resources are judged by what EPUB allows.  Runs after every chapter
 * has been read, so links may point forwards.
 */
#include "build.h"
#include "diag.h"
#include "path.h"

#include <stdlib.h>
#include <string.h>

static void check_fragment(struct build *b, const struct mk_pub_chapter *from,
                           const struct mk_ref *r,
                           const struct mk_pub_chapter *to,
                           const char *fragment)
{
    if (!fragment || !fragment[0] || mk_xhtml_has_id(&to->info, fragment))
        return;
    if (!to->info.n_ids && !to->info.title)
        return;     /* the target failed to load; reported there */
    mk_error(b->dc, from->item->path, r->line, 0, "link to '%s': no element "
             "has id '%s'%s%s", r->url, fragment, to == from ? "" : " in ",
             to == from ? "" : to->item->path);
}

static void remote_reference(struct build *b, struct mk_pub_chapter *c,
                             const struct mk_ref *r, const struct mk_url *u)
{
    struct mk_item *it;

    if (r->kind == MK_REF_LINK || strcmp(u->scheme, "data") == 0
        || strcmp(u->scheme, "mailto") == 0)
        return;
    if (r->kind != MK_REF_MEDIA
        || (strcmp(u->scheme, "http") != 0
            && strcmp(u->scheme, "https") != 0)) {
        mk_error(b->dc, c->item->path, r->line, 0, "<%s> refers to remote "
                 "'%s': EPUB allows only audio and video outside the book; "
                 "download it into the book folder", r->element, r->url);
        return;
    }
    mk_warning(b->dc, c->item->path, r->line, 0, "<%s> streams '%s' from "
               "the network; readers without a connection cannot play it",
               r->element, r->url);
    c->item->props |= MK_PROP_REMOTE;
    b->pub.has_media = 1;
    if (mk_strmap_get(&b->items, r->url))
        return;
    it = mk_resources_add_path(b, r->url, c->item->path, r->line);
    if (!it)
        return;
    it->remote = 1;
    it->media = mk_media_by_name(u->path);
    it->media_type = it->media ? it->media->type : "video/mp4";
    it->href = mk_strdup(r->url);
    if (!it->href)
        mk_build_oom(b);
}

static void check_embedded(struct build *b, struct mk_pub_chapter *c,
                           const struct mk_ref *r, struct mk_item *it)
{
    const struct mk_media *m = it->media;

    if (r->kind == MK_REF_STYLESHEET && m->cls != MK_MEDIA_CSS)
        mk_error(b->dc, c->item->path, r->line, 0, "stylesheet '%s' is %s, "
                 "not CSS", r->url, m->type);
    else if (strcmp(r->element, "img") == 0 && m->cls != MK_MEDIA_IMAGE)
        mk_error(b->dc, c->item->path, r->line, 0, "<img> shows '%s', which "
                 "is %s, not an image", r->url, m->type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->core)
        mk_error(b->dc, c->item->path, r->line, 0, "'%s' is %s, not an EPUB "
                 "core image type, so it would need a fallback; convert it "
                 "to JPEG or PNG", r->url, m->type);
    else if (m->cls == MK_MEDIA_IMAGE && !m->epubcheck4
             && !b->opts->epub33_only)   /* WebP, core since EPUB 3.3 */
        mk_error(b->dc, c->item->path, r->line, 0, "'%s': WebP is not a "
                 "core image type in EPUB 3.2 (EPUBCheck 4.2 MED-003): "
                 "convert it to PNG or JPEG, or build with --epub 3.3",
                 r->url);
}

/* A reference to a file of the book: a chapter (for links), or a
 * resource to register and check. */
static void resolve_local(struct build *b, struct mk_pub_chapter *c,
                          const struct mk_ref *r, const struct mk_url *u,
                          const char *dir)
{
    char *target = mk_path_join(dir, u->path);
    struct mk_pub_chapter *to;
    struct mk_item *it;

    if (!target) {
        mk_build_oom(b);
        return;
    }
    to = mk_strmap_get(&b->chapters, target);
    if (to && r->kind == MK_REF_LINK) {
        check_fragment(b, c, r, to, u->fragment);
    } else if (to) {
        mk_error(b->dc, c->item->path, r->line, 0, "<%s> embeds the "
                 "chapter '%s'; link to it with <a> instead", r->element,
                 r->url);
    } else {
        it = mk_resources_add(b, target, r->url, c->item->path, r->line);
        if (it)
            check_embedded(b, c, r, it);
    }
    free(target);
}

static void resolve_reference(struct build *b, struct mk_pub_chapter *c,
                              const struct mk_ref *r, const char *dir)
{
    struct mk_url u;
    int bad = 0;

    if (mk_url_parse(r->url, &u, &bad) < 0) {
        mk_build_oom(b);
        return;
    }
    if (bad)
        mk_error(b->dc, c->item->path, r->line, 0, "'%s' has a malformed "
                 "%%-escape", r->url);
    if (u.remote) {
        remote_reference(b, c, r, &u);
    } else if (u.absolute) {
        mk_error(b->dc, c->item->path, r->line, 0, "absolute path '%s': use "
                 "a path relative to the chapter", r->url);
    } else if (!u.path[0]) {
        if (r->kind == MK_REF_LINK)
            check_fragment(b, c, r, c, u.fragment);
    } else {
        resolve_local(b, c, r, &u, dir);
    }
    mk_url_release(&u);
}

void mk_xref_resolve(struct build *b)
{
    size_t i, j;

    for (i = 0; i < b->pub.n_chapters && !b->oom; i++) {
        struct mk_pub_chapter *c = &b->pub.chapters[i];
        char *dir = mk_path_dirname(c->item->path);

        if (!dir) {
            mk_build_oom(b);
            return;
        }
        for (j = 0; j < c->info.n_refs && !b->oom; j++)
            resolve_reference(b, c, &c->info.refs[j], dir);
        free(dir);
    }
}

/* Cross-checking is done: keep only what the navigation needs, so the
 * writing phase does not carry every id and link of the book. */
void mk_xref_drop_links(struct build *b)
{
    size_t i;

    for (i = 0; i < b->pub.n_chapters; i++)
        mk_xhtml_info_drop_links(&b->pub.chapters[i].info);
}
