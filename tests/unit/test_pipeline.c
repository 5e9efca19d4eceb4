/*
 * test_pipeline.c - unit tests for src/pipeline.c: the thread count
 * policy, the parallel loop (every index once), and the ordered
 * pipeline: identical results with and without worker threads, a
 * failure confined to its own index, out-of-order takes, a bounded
 * number of results in flight, and freeing part-way (no hang, every
 * untaken result released exactly once).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "pipeline.h"

/* ---- a deterministic producer ------------------------------------------ */

struct doc {
    size_t index;
    size_t len;
    char *bytes;
};

struct producer {
    pthread_mutex_t lock;
    size_t n;
    size_t fail_at;             /* produce NULL for this index; SIZE_MAX: none */
    int jitter;                 /* sleep a little in some jobs */
    size_t live;                /* produced and not yet freed */
    size_t produced;            /* produce calls */
    size_t freed_by_pipeline;   /* free_result calls */
    size_t taken;               /* results the consumer has taken */
    size_t max_ahead;           /* largest index - taken seen in produce */
    size_t *calls;              /* produce calls per index */
};

static void producer_init(struct producer *pr, size_t n)
{
    memset(pr, 0, sizeof *pr);
    assert_int_equal(pthread_mutex_init(&pr->lock, NULL), 0);
    pr->n = n;
    pr->fail_at = SIZE_MAX;
    pr->calls = calloc(n ? n : 1, sizeof *pr->calls);
    assert_non_null(pr->calls);
}

static void producer_release(struct producer *pr)
{
    pthread_mutex_destroy(&pr->lock);
    free(pr->calls);
}

static void short_sleep(long ns)
{
    struct timespec ts = { 0, ns };

    nanosleep(&ts, NULL);
}

/* Document i: a header and a body whose length and bytes depend on i
 * alone (up to about 40 kB). */
static void *produce(void *ctx, size_t i)
{
    struct producer *pr = ctx;
    struct mk_buf b = MK_BUF_INIT;
    struct doc *d;
    size_t k, body = (i * 7919) % 40000;

    pthread_mutex_lock(&pr->lock);
    pr->produced++;
    pr->calls[i]++;
    if (i >= pr->taken && i - pr->taken > pr->max_ahead)
        pr->max_ahead = i - pr->taken;
    pthread_mutex_unlock(&pr->lock);
    if (pr->jitter && i % 3 == 0)
        short_sleep(200000 + (long)(i % 5) * 100000);
    if (i == pr->fail_at)
        return NULL;
    mk_buf_addf(&b, "<doc n=\"%zu\">", i);
    for (k = 0; k < body; k++)
        mk_buf_addc(&b, (char)('a' + (i + k) % 26));
    mk_buf_adds(&b, "</doc>\n");
    d = malloc(sizeof *d);
    if (!d || mk_buf_failed(&b)) {
        free(d);
        mk_buf_release(&b);
        return NULL;
    }
    d->index = i;
    d->bytes = mk_buf_detach(&b, &d->len);
    pthread_mutex_lock(&pr->lock);
    pr->live++;
    pthread_mutex_unlock(&pr->lock);
    return d;
}

static void doc_free(struct producer *pr, struct doc *d)
{
    if (!d)
        return;
    free(d->bytes);
    free(d);
    pthread_mutex_lock(&pr->lock);
    assert_true(pr->live > 0);
    pr->live--;
    pthread_mutex_unlock(&pr->lock);
}

/* free_result has no context: the producer is reached through this. */
static struct producer *current;

static void free_result(void *result)
{
    doc_free(current, result);
    pthread_mutex_lock(&current->lock);
    current->freed_by_pipeline++;
    pthread_mutex_unlock(&current->lock);
}

static void consumer_took(struct producer *pr)
{
    pthread_mutex_lock(&pr->lock);
    pr->taken++;
    pthread_mutex_unlock(&pr->lock);
}

/* Takes every document in order and concatenates them (caller frees). */
static char *take_all(size_t n, int threads, int jitter, size_t *len)
{
    struct producer pr;
    struct mk_pipeline *p;
    struct mk_buf all = MK_BUF_INIT;
    size_t i;
    char *out;

    producer_init(&pr, n);
    pr.jitter = jitter;
    current = &pr;
    p = mk_pipeline_new(n, threads, produce, free_result, &pr);
    assert_non_null(p);
    mk_pipeline_start(p);
    for (i = 0; i < n; i++) {
        struct doc *d = mk_pipeline_take(p, i);

        assert_non_null(d);
        assert_int_equal(d->index, i);
        consumer_took(&pr);
        mk_buf_add(&all, d->bytes, d->len);
        doc_free(&pr, d);
    }
    mk_pipeline_free(p);
    /* each document produced exactly once, and nothing left behind */
    assert_int_equal(pr.produced, n);
    for (i = 0; i < n; i++)
        assert_int_equal(pr.calls[i], 1);
    assert_int_equal(pr.live, 0);
    assert_int_equal(pr.freed_by_pipeline, 0);
    /* never more than a bounded number ahead of the consumer */
    assert_true(pr.max_ahead <= 17);
    producer_release(&pr);
    current = NULL;
    assert_false(mk_buf_failed(&all));
    out = mk_buf_detach(&all, len);
    assert_non_null(out);
    return out;
}

static int group_setup(void **state)
{
    (void)state;
    alarm(600);     /* a hang fails the run instead of blocking it */
    return 0;
}

/* ---- thread counts and the parallel loop ---------------------------------- */

static void test_thread_count(void **state)
{
    int automatic = mk_pipeline_threads(0);

    (void)state;
    assert_int_equal(mk_pipeline_threads(1), 1);
    assert_int_equal(mk_pipeline_threads(2), 2);
    assert_int_equal(mk_pipeline_threads(3), 3);
    assert_int_equal(mk_pipeline_threads(8), 8);
    assert_int_equal(mk_pipeline_threads(9), 8);
    assert_int_equal(mk_pipeline_threads(1000), 8);
    assert_true(automatic >= 1 && automatic <= 8);
    assert_int_equal(mk_pipeline_threads(-1), automatic);
}

struct loop_ctx {
    int *hits;
    int jitter;
};

static void loop_job(void *ctx, size_t i)
{
    struct loop_ctx *c = ctx;

    if (c->jitter && i % 50 == 0)
        short_sleep(100000);
    c->hits[i]++;       /* each index belongs to one job only */
}

static void test_parallel_for(void **state)
{
    static const int threads[] = { 0, 1, 2, 3, 4, 8, 16 };
    static const size_t sizes[] = { 0, 1, 2, 7, 1000 };
    size_t t, s, i;

    (void)state;
    for (t = 0; t < sizeof threads / sizeof *threads; t++)
        for (s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            size_t n = sizes[s];
            struct loop_ctx c;

            c.hits = calloc(n + 1, sizeof *c.hits);
            c.jitter = n > 100;
            assert_non_null(c.hits);
            mk_parallel_for(n, threads[t], loop_job, &c);
            for (i = 0; i < n; i++)
                assert_int_equal(c.hits[i], 1);
            assert_int_equal(c.hits[n], 0);
            free(c.hits);
        }
}

/* ---- the ordered pipeline ------------------------------------------------- */

static void test_same_bytes_any_threads(void **state)
{
    size_t len1, len2, len4, len0;
    char *one, *two, *four, *autom;

    (void)state;
    one = take_all(100, 1, 0, &len1);
    two = take_all(100, 2, 0, &len2);
    four = take_all(100, 4, 1, &len4);
    autom = take_all(100, 0, 0, &len0);
    assert_true(len1 > 100 * 20);
    assert_int_equal(len1, len2);
    assert_int_equal(len1, len4);
    assert_int_equal(len1, len0);
    assert_memory_equal(one, two, len1);
    assert_memory_equal(one, four, len1);
    assert_memory_equal(one, autom, len1);
    assert_int_equal(strncmp(one, "<doc n=\"0\">", 11), 0);
    free(one);
    free(two);
    free(four);
    free(autom);
}

/* Many more documents than the pipeline holds, with a slow consumer. */
static void test_long_run_slow_consumer(void **state)
{
    struct producer pr;
    struct mk_pipeline *p;
    size_t i, n = 300;

    (void)state;
    producer_init(&pr, n);
    current = &pr;
    p = mk_pipeline_new(n, 3, produce, free_result, &pr);
    assert_non_null(p);
    mk_pipeline_start(p);
    for (i = 0; i < n; i++) {
        struct doc *d = mk_pipeline_take(p, i);

        assert_non_null(d);
        assert_int_equal(d->index, i);
        consumer_took(&pr);
        if (i % 40 == 0)
            short_sleep(2000000);
        doc_free(&pr, d);
    }
    mk_pipeline_free(p);
    assert_int_equal(pr.produced, n);
    assert_int_equal(pr.live, 0);
    assert_true(pr.max_ahead <= 17);
    producer_release(&pr);
    current = NULL;
}

static void check_failure_at_5(int threads)
{
    struct producer pr;
    struct mk_pipeline *p;
    size_t i, n = 20;

    producer_init(&pr, n);
    pr.fail_at = 5;
    current = &pr;
    p = mk_pipeline_new(n, threads, produce, free_result, &pr);
    assert_non_null(p);
    mk_pipeline_start(p);
    for (i = 0; i < n; i++) {
        struct doc *d = mk_pipeline_take(p, i);

        if (i == 5) {
            assert_null(d);
        } else {
            assert_non_null(d);
            assert_int_equal(d->index, i);
        }
        consumer_took(&pr);
        doc_free(&pr, d);
    }
    mk_pipeline_free(p);
    assert_int_equal(pr.produced, n);
    assert_int_equal(pr.live, 0);
    producer_release(&pr);
    current = NULL;
}

static void test_failure_is_one_index(void **state)
{
    (void)state;
    check_failure_at_5(1);
    check_failure_at_5(2);
    check_failure_at_5(4);
}

/* A result taken out of order is produced on the spot; the results that
 * the workers made and nobody took are released by mk_pipeline_free(). */
static void test_out_of_order(void **state)
{
    static const int threads[] = { 1, 2 };
    size_t t;

    (void)state;
    for (t = 0; t < sizeof threads / sizeof *threads; t++) {
        struct producer pr;
        struct mk_pipeline *p;
        size_t i, n = 40;
        struct doc *d;

        producer_init(&pr, n);
        current = &pr;
        p = mk_pipeline_new(n, threads[t], produce, free_result, &pr);
        assert_non_null(p);
        mk_pipeline_start(p);
        for (i = 0; i < 2; i++) {
            d = mk_pipeline_take(p, i);
            assert_int_equal(d->index, i);
            doc_free(&pr, d);
        }
        d = mk_pipeline_take(p, 7);
        assert_non_null(d);
        assert_int_equal(d->index, 7);
        doc_free(&pr, d);
        for (i = 2; i < n; i++) {
            if (i == 7)
                continue;
            d = mk_pipeline_take(p, i);
            assert_non_null(d);
            assert_int_equal(d->index, i);
            doc_free(&pr, d);
        }
        mk_pipeline_free(p);
        assert_int_equal(pr.live, 0);
        if (threads[t] == 1) {
            assert_int_equal(pr.produced, n);
            assert_int_equal(pr.freed_by_pipeline, 0);
        }
        producer_release(&pr);
        current = NULL;
    }
}

/* Freeing part-way: no hang, every result made but not taken released
 * once (valgrind would see a leak or a double free). */
static void test_free_midway(void **state)
{
    static const int threads[] = { 1, 2, 4, 8 };
    size_t t;

    (void)state;
    for (t = 0; t < sizeof threads / sizeof *threads; t++) {
        struct producer pr;
        struct mk_pipeline *p;
        size_t i, n = 100;

        producer_init(&pr, n);
        pr.jitter = 1;
        current = &pr;
        p = mk_pipeline_new(n, threads[t], produce, free_result, &pr);
        assert_non_null(p);
        mk_pipeline_start(p);
        for (i = 0; i < 10; i++) {
            struct doc *d = mk_pipeline_take(p, i);

            assert_int_equal(d->index, i);
            consumer_took(&pr);
            doc_free(&pr, d);
        }
        if (threads[t] > 1)
            short_sleep(5000000);  /* let the workers fill the window */
        mk_pipeline_free(p);
        assert_int_equal(pr.live, 0);
        assert_true(pr.produced >= 10);
        assert_true(pr.produced <= 10 + 17 + (size_t)threads[t]);
        assert_int_equal(pr.freed_by_pipeline, pr.produced - 10);
        producer_release(&pr);
        current = NULL;
    }
}

static void test_free_early(void **state)
{
    struct producer pr;
    struct mk_pipeline *p;

    (void)state;
    mk_pipeline_free(NULL);

    producer_init(&pr, 50);
    current = &pr;
    /* never started */
    p = mk_pipeline_new(50, 2, produce, free_result, &pr);
    assert_non_null(p);
    mk_pipeline_free(p);
    assert_int_equal(pr.produced, 0);
    /* started, nothing taken */
    p = mk_pipeline_new(50, 4, produce, free_result, &pr);
    assert_non_null(p);
    mk_pipeline_start(p);
    mk_pipeline_free(p);
    assert_int_equal(pr.live, 0);
    assert_int_equal(pr.freed_by_pipeline, pr.produced);
    producer_release(&pr);

    /* an empty pipeline, without free_result */
    producer_init(&pr, 0);
    current = &pr;
    p = mk_pipeline_new(0, 2, produce, NULL, &pr);
    assert_non_null(p);
    mk_pipeline_start(p);
    mk_pipeline_free(p);
    assert_int_equal(pr.produced, 0);
    producer_release(&pr);
    current = NULL;
}

/* One document: no worker is needed, the result is the same. */
static void test_single(void **state)
{
    size_t len1, len2;
    char *a, *b;

    (void)state;
    a = take_all(1, 1, 0, &len1);
    b = take_all(1, 8, 0, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(a, b, len1);
    assert_string_equal(a, "<doc n=\"0\"></doc>\n");
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread_count),
        cmocka_unit_test(test_parallel_for),
        cmocka_unit_test(test_same_bytes_any_threads),
        cmocka_unit_test(test_long_run_slow_consumer),
        cmocka_unit_test(test_failure_is_one_index),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_free_midway),
        cmocka_unit_test(test_free_early),
        cmocka_unit_test(test_single),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
