/*
 * strmap.h - a string-keyed hash map (open addressing) used for file
 * registries and id sets.  Keys are borrowed: the caller keeps each key
 * alive as long as the map.  Iteration order is never used for output
 * (callers keep their own ordered arrays), so output stays deterministic.
 */
#ifndef MK_STRMAP_H
#define MK_STRMAP_H

#include <stddef.h>

struct mk_strmap {
    const char **keys;
    void **values;
    size_t count, cap;
};

#define MK_STRMAP_INIT { NULL, NULL, 0, 0 }

/* The value stored under key, or NULL. */
void *mk_strmap_get(const struct mk_strmap *m, const char *key);
/* Stores value under key (replacing).  Returns 0 or -1 (out of memory). */
int mk_strmap_put(struct mk_strmap *m, const char *key, void *value);
/* The first of base, base-2, base-3 ... that is not a key of m, as a
 * malloc'ed string (NULL when out of memory).  Not stored. */
char *mk_strmap_unused(const struct mk_strmap *m, const char *base);
/* The same, trying base-N only from N = *next on (base itself too when
 * *next <= 1), and setting *next to the N taken: a caller that keeps
 * *next per base finds n unused names in O(n), not O(n^2). */
char *mk_strmap_unused_from(const struct mk_strmap *m, const char *base,
                            unsigned *next);

/* Frees the table (not the keys or values). */
void mk_strmap_release(struct mk_strmap *m);

#endif
