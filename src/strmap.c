/*
 * strmap.c - open-addressing string hash map with borrowed keys
 * (see strmap.h).  FNV-1a hashing, linear probing, load factor <= 1/2.
 */
#include "strmap.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ull;
    }
    return (size_t)h;
}

static size_t slot_of(const struct mk_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);

    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *mk_strmap_get(const struct mk_strmap *m, const char *key)
{
    size_t i;

    if (!m->cap)
        return NULL;
    i = slot_of(m, key);
    return m->keys[i] ? m->values[i] : NULL;
}

static int rehash(struct mk_strmap *m, size_t cap)
{
    struct mk_strmap bigger = MK_STRMAP_INIT;
    size_t i;

    bigger.keys = mk_calloc(cap, sizeof(*bigger.keys));
    bigger.values = mk_calloc(cap, sizeof(*bigger.values));
    if (!bigger.keys || !bigger.values) {
        mk_strmap_release(&bigger);
        return -1;
    }
    bigger.cap = cap;
    for (i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot_of(&bigger, m->keys[i]);

            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
        }
    }
    bigger.count = m->count;
    mk_strmap_release(m);
    *m = bigger;
    return 0;
}

int mk_strmap_put(struct mk_strmap *m, const char *key, void *value)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap
        && rehash(m, m->cap ? m->cap * 2 : 16) < 0)
        return -1;
    i = slot_of(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->count++;
    }
    m->values[i] = value;
    return 0;
}

char *mk_strmap_unused_from(const struct mk_strmap *m, const char *base,
                            unsigned *next)
{
    struct mk_buf name = MK_BUF_INIT;
    unsigned n = *next > 1 ? *next : 1;

    if (n == 1)
        mk_buf_adds(&name, base);
    else
        mk_buf_addf(&name, "%s-%u", base, n);
    while (!name.failed && mk_strmap_get(m, mk_buf_str(&name))) {
        mk_buf_reset(&name);
        mk_buf_addf(&name, "%s-%u", base, ++n);
    }
    *next = n;
    return mk_buf_detach(&name, NULL);
}

char *mk_strmap_unused(const struct mk_strmap *m, const char *base)
{
    unsigned n = 1;

    return mk_strmap_unused_from(m, base, &n);
}

void mk_strmap_release(struct mk_strmap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->count = 0;
    m->cap = 0;
}
