/*
 * registry.c - the registry of a book's files: its items in manifest
 * order, found by path, the chapters by path, and the manifest ids in
 * use (see registry.h).  One owner: the registry frees every item.
 */
#include "registry.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

void mk_registry_init(struct mk_registry *reg, struct mk_pub *pub,
                      struct mk_diag *dc)
{
    memset(reg, 0, sizeof(*reg));
    reg->pub = pub;
    reg->dc = dc;
}

void mk_registry_release(struct mk_registry *reg)
{
    struct mk_pub *pub = reg->pub;
    size_t i;

    for (i = 0; pub && i < pub->n_items; i++) {
        struct mk_item *it = pub->items[i];

        free(it->path);
        free(it->href);
        free(it->id);
        free(it->ref_file);
        free(it->declared_type);
        if (it->refusal) {
            free(it->refusal->file);
            free(it->refusal->msg);
            free(it->refusal);
        }
        free(it);
    }
    if (pub) {
        free(pub->items);
        pub->items = NULL;
        pub->n_items = pub->cap_items = 0;
    }
    for (i = 0; i < reg->n_owned_ids; i++)
        free(reg->owned_ids[i]);
    free(reg->owned_ids);
    reg->owned_ids = NULL;
    reg->n_owned_ids = reg->cap_owned_ids = 0;
    mk_strmap_release(&reg->items);
    mk_strmap_release(&reg->chapters);
    mk_strmap_release(&reg->ids);
}

struct mk_item *mk_registry_new_item(struct mk_registry *reg)
{
    struct mk_pub *pub = reg->pub;
    struct mk_item *it = mk_calloc(1, sizeof(*it));

    if (!it || mk_grow_array(&pub->items, &pub->cap_items, pub->n_items,
                             sizeof(*pub->items)) < 0) {
        free(it);
        mk_diag_oom(reg->dc);
        return NULL;
    }
    pub->items[pub->n_items++] = it;
    return it;
}

struct mk_item *mk_registry_add(struct mk_registry *reg, const char *path,
                                const char *from, long line, long col)
{
    struct mk_item *it = mk_registry_new_item(reg);

    if (!it)
        return NULL;
    it->path = mk_strdup(path);
    it->ref_file = mk_strdup(from);
    it->ref_line = line;
    it->ref_col = col;
    if (!it->path || !it->ref_file
        || mk_strmap_put(&reg->items, it->path, it) < 0) {
        mk_diag_oom(reg->dc);
        return NULL;
    }
    return it;
}

struct mk_item *mk_registry_item(const struct mk_registry *reg,
                                 const char *path)
{
    return mk_strmap_get(&reg->items, path);
}

int mk_registry_add_chapter(struct mk_registry *reg,
                            struct mk_pub_chapter *c)
{
    if (mk_strmap_put(&reg->chapters, c->item->path, c) < 0)
        return mk_diag_oom(reg->dc);
    return 0;
}

struct mk_pub_chapter *mk_registry_chapter(const struct mk_registry *reg,
                                           const char *path)
{
    return mk_strmap_get(&reg->chapters, path);
}

const char *mk_registry_new_id(struct mk_registry *reg, const char *base)
{
    char *s = mk_strmap_unused(&reg->ids, base);

    if (!s || mk_grow_array(&reg->owned_ids, &reg->cap_owned_ids,
                            reg->n_owned_ids, sizeof(*reg->owned_ids)) < 0
        || mk_strmap_put(&reg->ids, s, s) < 0) {
        free(s);
        mk_diag_oom(reg->dc);
        return NULL;
    }
    reg->owned_ids[reg->n_owned_ids++] = s;
    return s;
}

int mk_registry_is_chapter(const struct mk_registry *reg,
                           const struct mk_item *it)
{
    const struct mk_pub_chapter *c = it->path
                                     ? mk_registry_chapter(reg, it->path)
                                     : NULL;

    return c && c->item == it;
}
