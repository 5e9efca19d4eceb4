/*
 * registry.h - the registry of a book's files (registry.c): every file
 * the package holds is registered once, as a manifest item appended to
 * the publication's list (struct mk_pub items, manifest order), found
 * again by its display path; the chapters are found by path too; and
 * the manifest ids handed out are kept unique.
 */
#ifndef MK_REGISTRY_H
#define MK_REGISTRY_H

#include <stddef.h>

#include "pub.h"
#include "strmap.h"

struct mk_diag;

struct mk_registry {
    struct mk_diag *dc;         /* where running out of memory goes */
    struct mk_pub *pub;         /* items are appended to pub->items */
    struct mk_strmap items;     /* display path -> struct mk_item */
    struct mk_strmap chapters;  /* display path -> struct mk_pub_chapter */
    struct mk_strmap ids;       /* manifest ids in use */
    char **owned_ids;           /* storage of those ids */
    size_t n_owned_ids, cap_owned_ids;
};

/* An empty registry filling pub's item list, recording in dc. */
void mk_registry_init(struct mk_registry *reg, struct mk_pub *pub,
                      struct mk_diag *dc);

/* Frees every item (with its strings, declared type and refusal) and
 * pub's item list, the maps and
 * the ids.  The chapters belong to the caller. */
void mk_registry_release(struct mk_registry *reg);

/* A new empty item, appended to the publication; NULL when out of
 * memory (recorded). */
struct mk_item *mk_registry_new_item(struct mk_registry *reg);

/* A new item for the file at path (display; or a remote URL), first
 * needed at from:line:col, findable by path; NULL when out of memory
 * (recorded). */
struct mk_item *mk_registry_add(struct mk_registry *reg, const char *path,
                                const char *from, long line, long col);

/* The item registered for path, or NULL. */
struct mk_item *mk_registry_item(const struct mk_registry *reg,
                                 const char *path);

/* Makes chapter c findable by its item's path.  0 or -1 (out of memory,
 * recorded). */
int mk_registry_add_chapter(struct mk_registry *reg,
                            struct mk_pub_chapter *c);

/* The chapter whose file is path, or NULL. */
struct mk_pub_chapter *mk_registry_chapter(const struct mk_registry *reg,
                                           const char *path);

/* Nonzero if it is a chapter's item (an image page's image has the same
 * path as its page but is not). */
int mk_registry_is_chapter(const struct mk_registry *reg,
                           const struct mk_item *it);

/* A manifest id not handed out before: base, else base-2, base-3 ...
 * Owned by the registry; NULL when out of memory (recorded). */
const char *mk_registry_new_id(struct mk_registry *reg, const char *base);

#endif
