/*
 * buf.c - growable buffer and checked allocation (see buf.h).
 *
 * This is a low-level primitive: it uses only libc.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MK_TEST_ALLOC
/*
 * TEST ONLY (make check-alloc, STYLE.md H7): fail the N-th allocation.
 * Compiled only with -DMK_TEST_ALLOC; the default build has none of it.
 * This is the one allocation-failure hook, and the one exception to "no
 * global mutable state": a file-scope allocation counter per kind of
 * allocation, shared by every thread, its target read from the
 * environment at first use.
 *   MK_FAIL_ALLOC=N          the N-th allocation through the wrappers in
 *                            this file returns NULL (only that one; 0 or
 *                            unset: none fails, allocations are counted)
 *   MK_FAIL_XML_ALLOC=N      the same for libxml2's allocations (main.c
 *                            routes them here with xmlMemSetup())
 *   MK_FAIL_ALLOC_REPORT=F   append "fired N" ("xmlfired N") to F when
 *                            it fails, and "total K" ("xmltotal K",
 *                            allocations seen) at exit
 *   MK_FAIL_ALLOC_TRACE=1    print the failing call's stack (ASan builds)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
void __sanitizer_print_stack_trace(void);
#define TEST_ALLOC_TRACE() __sanitizer_print_stack_trace()
#else
#define TEST_ALLOC_TRACE() ((void)0)
#endif

/* Per kind (enum mk_test_alloc): the variable naming the one to fail,
 * and the prefix of its report lines. */
static const struct {
    const char *env;
    const char *report;
} test_alloc_kinds[] = {
    { "MK_FAIL_ALLOC", "" },            /* MK_TEST_ALLOC_OURS */
    { "MK_FAIL_XML_ALLOC", "xml" },     /* MK_TEST_ALLOC_XML */
};

#define TEST_ALLOC_KINDS \
    (sizeof(test_alloc_kinds) / sizeof(*test_alloc_kinds))

static atomic_long test_alloc_seen[TEST_ALLOC_KINDS];
static atomic_long test_alloc_target[TEST_ALLOC_KINDS] = { -1, -1 };
                                        /* -1: not read yet */

static void test_alloc_report(enum mk_test_alloc kind, const char *what,
                              long n)
{
    const char *file = getenv("MK_FAIL_ALLOC_REPORT");
    char line[64];
    int len, fd, saved = errno;
    ssize_t written;

    if (!file || !*file)
        return;
    len = snprintf(line, sizeof(line), "%s%s %ld\n",
                   test_alloc_kinds[kind].report, what, n);
    fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        written = write(fd, line, (size_t)len);
        (void)written;
        close(fd);
    }
    errno = saved;
}

/* At exit: the total of every kind that was counted. */
static void test_alloc_at_exit(void)
{
    size_t k;

    for (k = 0; k < TEST_ALLOC_KINDS; k++)
        if (atomic_load(&test_alloc_target[k]) >= 0)
            test_alloc_report((enum mk_test_alloc)k, "total",
                              atomic_load(&test_alloc_seen[k]));
}

int mk_test_alloc_fails(enum mk_test_alloc kind)
{
    long n = atomic_fetch_add(&test_alloc_seen[kind], 1) + 1;
    long target = atomic_load(&test_alloc_target[kind]);
    static atomic_int exit_hook;

    if (target < 0) {
        const char *s = getenv(test_alloc_kinds[kind].env);
        long want = s ? strtol(s, NULL, 10) : 0;
        long unread = -1;

        if (want < 0)
            want = 0;
        atomic_compare_exchange_strong(&test_alloc_target[kind], &unread,
                                       want);
        if (atomic_exchange(&exit_hook, 1) == 0)
            atexit(test_alloc_at_exit);
        target = atomic_load(&test_alloc_target[kind]);
    }
    if (n != target)
        return 0;
    test_alloc_report(kind, "fired", n);
    if (getenv("MK_FAIL_ALLOC_TRACE"))
        TEST_ALLOC_TRACE();
    errno = ENOMEM;
    return 1;
}
#define TEST_ALLOC_FAILS() mk_test_alloc_fails(MK_TEST_ALLOC_OURS)
#else
#define TEST_ALLOC_FAILS() 0
#endif

void *mk_malloc(size_t size)
{
    if (TEST_ALLOC_FAILS())
        return NULL;
    return malloc(size ? size : 1);
}

void *mk_calloc(size_t n, size_t size)
{
    if (TEST_ALLOC_FAILS())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *mk_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (TEST_ALLOC_FAILS())
        return NULL;
    return realloc(p, n && size ? n * size : 1);
}

char *mk_strndup(const char *s, size_t n)
{
    char *copy;

    if (n == SIZE_MAX || TEST_ALLOC_FAILS())
        return NULL;
    copy = malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *mk_strdup(const char *s)
{
    return mk_strndup(s, strlen(s));
}

static int compare_key(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

int mk_sorted_has(const char *const *list, size_t n, const char *s)
{
    return n && bsearch(s, list, n, sizeof(*list), compare_key) != NULL;
}

int mk_compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The low bits too: names a dictionary holds side by side, a few bytes
 * apart, must not share a slot. */
static size_t name_slot(const void *name)
{
    size_t a = (size_t)name;

    return (a ^ (a >> 6)) % MK_NAME_CACHE_SLOTS;
}

int mk_name_cache_get(const struct mk_name_cache *c, const void *name,
                      const void **entry)
{
    size_t i = name_slot(name);

    if (!name || c->slot[i].name != name)
        return 0;
    *entry = c->slot[i].entry;
    return 1;
}

void mk_name_cache_put(struct mk_name_cache *c, const void *name,
                       const void *entry)
{
    size_t i = name_slot(name);

    c->slot[i].name = name;
    c->slot[i].entry = entry;
}

int mk_grow_array(void *items, size_t *cap, size_t count, size_t elem)
{
    void **arr = items;
    size_t want;
    void *grown;

    if (count < *cap)
        return 0;
    want = *cap ? *cap : 8;
    while (want <= count) {
        if (want > SIZE_MAX / 2)
            return -1;
        want *= 2;
    }
    grown = mk_reallocarray(*arr, want, elem);
    if (!grown)
        return -1;
    *arr = grown;
    *cap = want;
    return 0;
}

struct mk_strpool_block {
    struct mk_strpool_block *next;
    size_t used, size;
    char data[];
};

char *mk_strpool_addn(struct mk_strpool *p, const char *s, size_t n)
{
    struct mk_strpool_block *b = p->blocks, *fresh;
    size_t size;
    char *copy;

    if (n >= SIZE_MAX / 2)
        return NULL;
    if (!b || b->size - b->used <= n) {
        /* each block twice the last, up to 64 KB; a longer string gets
         * a block of its own, behind the one being filled */
        size = b ? b->size * 2 : 256;
        if (size > 65536)
            size = 65536;
        if (size <= n)
            size = n + 1;
        fresh = mk_malloc(sizeof(*fresh) + size);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->size = size;
        if (b && size == n + 1) {
            fresh->next = b->next;
            b->next = fresh;
        } else {
            fresh->next = b;
            p->blocks = fresh;
        }
        b = fresh;
    }
    copy = b->data + b->used;
    memcpy(copy, s, n);
    copy[n] = '\0';
    b->used += n + 1;
    return copy;
}

char *mk_strpool_add(struct mk_strpool *p, const char *s)
{
    return mk_strpool_addn(p, s, strlen(s));
}

void mk_strpool_release(struct mk_strpool *p)
{
    while (p->blocks) {
        struct mk_strpool_block *next = p->blocks->next;

        free(p->blocks);
        p->blocks = next;
    }
}

void mk_buf_init(struct mk_buf *b)
{
    b->buf = NULL;
    b->len = 0;
    b->alloc = 0;
    b->failed = 0;
}

void mk_buf_release(struct mk_buf *b)
{
    free(b->buf);
    mk_buf_init(b);
}

void mk_buf_reset(struct mk_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->buf)
        b->buf[0] = '\0';
}

char *mk_buf_detach(struct mk_buf *b, size_t *len)
{
    char *out;

    if (b->failed) {
        mk_buf_release(b);
        return NULL;
    }
    if (!b->buf && mk_buf_add(b, "", 0) < 0)
        return NULL;
    out = b->buf;
    /* at least 64 bytes were reserved: give back what the text does not
     * use, so that the many short strings kept per heading and per id
     * cost what they hold (a failed shrink keeps the larger block) */
    if (b->alloc - b->len > 16) {
        char *fit = realloc(out, b->len + 1);

        if (fit)
            out = fit;
    }
    if (len)
        *len = b->len;
    mk_buf_init(b);
    return out;
}

const char *mk_buf_str(const struct mk_buf *b)
{
    return b->buf ? b->buf : "";
}

int mk_buf_failed(const struct mk_buf *b)
{
    return b->failed;
}

static int buf_reserve(struct mk_buf *b, size_t extra)
{
    size_t want;
    char *grown;

    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1)
        goto fail;
    want = b->len + extra + 1;
    if (want <= b->alloc)
        return 0;
    if (want < b->alloc + b->alloc / 2)
        want = b->alloc + b->alloc / 2;
    if (want < 64)
        want = 64;
    if (TEST_ALLOC_FAILS())
        goto fail;
    grown = realloc(b->buf, want);
    if (!grown)
        goto fail;
    b->buf = grown;
    b->alloc = want;
    return 0;
fail:
    b->failed = 1;
    return -1;
}

int mk_buf_add(struct mk_buf *b, const void *data, size_t len)
{
    if (buf_reserve(b, len) < 0)
        return -1;
    if (len)
        memcpy(b->buf + b->len, data, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return 0;
}

int mk_buf_adds(struct mk_buf *b, const char *s)
{
    return mk_buf_add(b, s, strlen(s));
}

int mk_buf_addc(struct mk_buf *b, char c)
{
    return mk_buf_add(b, &c, 1);
}

int mk_buf_vaddf(struct mk_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    if (buf_reserve(b, 64) < 0)
        return -1;
    va_copy(copy, ap);
    n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, copy);
    va_end(copy);
    if (n < 0) {
        b->failed = 1;
        return -1;
    }
    if ((size_t)n >= b->alloc - b->len) {
        if (buf_reserve(b, (size_t)n) < 0)
            return -1;
        n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
        if (n < 0) {
            b->failed = 1;
            return -1;
        }
    }
    b->len += (size_t)n;
    return 0;
}

int mk_buf_addf(struct mk_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mk_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static int add_escaped(struct mk_buf *b, const char *s, int quote)
{
    const char *run = s;

    for (; *s; s++) {
        const char *rep = NULL;

        if (*s == '&')
            rep = "&amp;";
        else if (*s == '<')
            rep = "&lt;";
        else if (*s == '>')
            rep = "&gt;";
        else if (quote && *s == '"')
            rep = "&quot;";
        if (!rep)
            continue;
        mk_buf_add(b, run, (size_t)(s - run));
        mk_buf_adds(b, rep);
        run = s + 1;
    }
    return mk_buf_add(b, run, (size_t)(s - run));
}

int mk_buf_add_xml_text(struct mk_buf *b, const char *s)
{
    return add_escaped(b, s, 0);
}

int mk_buf_add_xml_attr(struct mk_buf *b, const char *s)
{
    return add_escaped(b, s, 1);
}

int mk_buf_add_url_path(struct mk_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)path;

    /* ':' is encoded too: in a first segment it would read as a scheme */
    for (; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
            || (*p >= '0' && *p <= '9') || strchr("-._~/!$'()*+,;=@", *p)) {
            mk_buf_addc(b, (char)*p);
        } else {
            mk_buf_addc(b, '%');
            mk_buf_addc(b, hex[*p >> 4]);
            mk_buf_addc(b, hex[*p & 15]);
        }
    }
    return b->failed ? -1 : 0;
}

int mk_words_have(const char *list, const char *word, size_t len)
{
    const char *p = list;

    while (p && *p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);

        if (n == len && strncmp(p, word, len) == 0)
            return 1;
        p = sp ? sp + 1 : NULL;
    }
    return 0;
}
