/*
 * buf.h - the growable byte buffer used for all generated text, and the
 * checked allocation helpers every module uses.
 *
 * Invariants of struct mk_buf: after MK_BUF_INIT or mk_buf_init() it is
 * valid; mk_buf_str() is always a NUL-terminated string; once an
 * allocation fails the buffer is "failed": later appends do nothing and
 * return -1, so a writer may check once at the end with mk_buf_failed().
 * mk_buf_release() returns the buffer to the init state.
 */
#ifndef MK_BUF_H
#define MK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct mk_buf {
    char *buf;      /* NULL until the first append */
    size_t len;     /* bytes in use, not counting the NUL */
    size_t alloc;   /* bytes allocated */
    int failed;     /* an allocation failed; contents are incomplete */
};

#define MK_BUF_INIT { NULL, 0, 0, 0 }

/* Allocation with overflow-checked sizes.  They return NULL on failure
 * and never abort.  Free with free(). */
void *mk_malloc(size_t size);
void *mk_calloc(size_t n, size_t size);
void *mk_reallocarray(void *p, size_t n, size_t size);
char *mk_strdup(const char *s);
char *mk_strndup(const char *s, size_t n);

/* Nonzero if the len bytes of word are one of the words of list, which
 * are separated by single spaces ("a b c"). */
int mk_words_have(const char *list, const char *word, size_t len);

/* Nonzero if s is one of the n strings of list, which is sorted in
 * strcmp() order (the rule tables, and sorted arrays of ids). */
int mk_sorted_has(const char *const *list, size_t n, const char *s);
/* mk_sorted_has() of a static array. */
#define MK_IN_LIST(s, list) \
    mk_sorted_has(list, sizeof(list) / sizeof(*list), s)
/* qsort() comparison of two char * in strcmp() order. */
int mk_compare_strings(const void *a, const void *b);

/* Rule lookups by interned name.  libxml2 keeps one copy of each element
 * name of a document in its dictionary, so what a table lookup found for
 * a name can be found again by the name's address, without comparing
 * strings.  A direct-mapped cache of such lookups, zeroed (= {0}) for each
 * document: another document's dictionary may reuse an address. */
#define MK_NAME_CACHE_SLOTS 64
struct mk_name_cache {
    struct {
        const void *name;
        const void *entry;
    } slot[MK_NAME_CACHE_SLOTS];
};
/* The entry cached for name, in *entry, with 1; or 0 when name is not
 * cached, in which case the caller looks it up and calls
 * mk_name_cache_put(). */
int mk_name_cache_get(const struct mk_name_cache *c, const void *name,
                      const void **entry);
void mk_name_cache_put(struct mk_name_cache *c, const void *name,
                       const void *entry);

/* Grows the array *items (each of size elem) so that index count fits,
 * doubling capacity *cap.  Returns 0 or -1 (the array is unchanged). */
int mk_grow_array(void *items, size_t *cap, size_t count, size_t elem);

/* A pool of strings released together: each costs its bytes and a NUL
 * rather than an allocation of its own, which matters where a chapter has
 * hundreds of thousands of short strings (ids, heading texts).  Blocks
 * grow from 256 bytes, so a pool with a few strings stays small. */
struct mk_strpool_block;
struct mk_strpool {
    struct mk_strpool_block *blocks;    /* the one being filled first */
};

#define MK_STRPOOL_INIT { NULL }

/* A copy of the n bytes at s, NUL-terminated, living until the pool is
 * released; NULL when out of memory. */
char *mk_strpool_addn(struct mk_strpool *p, const char *s, size_t n);
/* mk_strpool_addn() of the string s. */
char *mk_strpool_add(struct mk_strpool *p, const char *s);
/* Frees every string of the pool; it is then empty and reusable. */
void mk_strpool_release(struct mk_strpool *p);

#ifdef MK_TEST_ALLOC
/* TEST ONLY (-DMK_TEST_ALLOC, make check-alloc): the one
 * allocation-failure hook (buf.c).  Counts one allocation of the kind;
 * nonzero (errno ENOMEM) when it is the one the environment names to
 * fail. */
enum mk_test_alloc {
    MK_TEST_ALLOC_OURS,         /* mk_malloc() and the others here */
    MK_TEST_ALLOC_XML           /* libxml2's (main.c, xmlMemSetup) */
};
int mk_test_alloc_fails(enum mk_test_alloc kind);
#endif

void mk_buf_init(struct mk_buf *b);
void mk_buf_release(struct mk_buf *b);
/* Empties the buffer but keeps its storage. */
void mk_buf_reset(struct mk_buf *b);
/* Hands the storage to the caller (free() it), shrunk to the text and its
 * NUL; NULL if the buffer failed.  *len receives the length when len is
 * not NULL.  The buffer is reset to the init state. */
char *mk_buf_detach(struct mk_buf *b, size_t *len);
/* The contents as a string; never NULL. */
const char *mk_buf_str(const struct mk_buf *b);
int mk_buf_failed(const struct mk_buf *b);

int mk_buf_add(struct mk_buf *b, const void *data, size_t len);
int mk_buf_adds(struct mk_buf *b, const char *s);
int mk_buf_addc(struct mk_buf *b, char c);
int mk_buf_addf(struct mk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int mk_buf_vaddf(struct mk_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Appends s escaped for XML character data (& < >). */
int mk_buf_add_xml_text(struct mk_buf *b, const char *s);
/* Appends s escaped for a double-quoted XML attribute (& < > "). */
int mk_buf_add_xml_attr(struct mk_buf *b, const char *s);
/* Appends a path as a URL path: bytes other than unreserved characters,
 * '/' and the sub-delimiters !$'()*+,;=@ are percent-encoded (a space
 * becomes %20, ':' becomes %3A). */
int mk_buf_add_url_path(struct mk_buf *b, const char *path);

#endif
