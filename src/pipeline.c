/*
 * pipeline.c - worker threads for independent jobs (see pipeline.h).
 *
 * In the ordered pipeline, result i lives in slot i % DEPTH; a worker
 * claims index i only when i < taken + DEPTH, so the slot it fills has
 * been emptied, and memory stays bounded by DEPTH results.
 */
#include "pipeline.h"
#include "buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define DEPTH 16
#define MAX_THREADS 8

int mk_pipeline_threads(int requested)
{
    long cores;

    if (requested > 0)
        return requested > MAX_THREADS ? MAX_THREADS : requested;
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        return 1;
    return cores > MAX_THREADS ? MAX_THREADS : (int)cores;
}

struct loop {
    pthread_mutex_t lock;
    size_t next, n;
    void (*job)(void *ctx, size_t i);
    void *ctx;
};

static void *loop_worker(void *arg)
{
    struct loop *l = arg;

    for (;;) {
        size_t i;

        pthread_mutex_lock(&l->lock);
        i = l->next++;
        pthread_mutex_unlock(&l->lock);
        if (i >= l->n)
            return NULL;
        l->job(l->ctx, i);
    }
}

void mk_parallel_for(size_t n, int threads, void (*job)(void *ctx, size_t i),
                     void *ctx)
{
    struct loop l;
    pthread_t tids[MAX_THREADS];
    int started = 0, t;

    l.next = 0;
    l.n = n;
    l.job = job;
    l.ctx = ctx;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads <= 1 || n <= 1 || pthread_mutex_init(&l.lock, NULL) != 0) {
        for (l.next = 0; l.next < n; l.next++)
            job(ctx, l.next);
        return;
    }
    for (t = 1; t < threads && (size_t)t < n; t++)
        if (pthread_create(&tids[started], NULL, loop_worker, &l) == 0)
            started++;
    loop_worker(&l);
    for (t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    pthread_mutex_destroy(&l.lock);
}

struct mk_pipeline {
    size_t n;
    int threads;
    mk_produce_fn produce;
    void (*free_result)(void *);
    void *ctx;
    pthread_t tids[MAX_THREADS];
    int started;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t next;                /* next index a worker will claim */
    size_t taken;               /* results 0..taken-1 were taken */
    int stop;
    void *slots[DEPTH];
    int ready[DEPTH];
};

struct mk_pipeline *mk_pipeline_new(size_t n, int threads,
                                    mk_produce_fn produce,
                                    void (*free_result)(void *), void *ctx)
{
    struct mk_pipeline *p = mk_calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    p->n = n;
    p->threads = n > 1 ? mk_pipeline_threads(threads) : 1;
    p->produce = produce;
    p->free_result = free_result;
    p->ctx = ctx;
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->changed, NULL) != 0) {
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

static void *pipeline_worker(void *arg)
{
    struct mk_pipeline *p = arg;

    for (;;) {
        size_t i;
        void *result;

        pthread_mutex_lock(&p->lock);
        while (!p->stop && p->next < p->n && p->next >= p->taken + DEPTH)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop || p->next >= p->n) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        i = p->next++;
        pthread_mutex_unlock(&p->lock);
        result = p->produce(p->ctx, i);
        pthread_mutex_lock(&p->lock);
        p->slots[i % DEPTH] = result;
        p->ready[i % DEPTH] = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
}

void mk_pipeline_start(struct mk_pipeline *p)
{
    int t;

    /* the consumer thread is busy writing, so every worker is extra */
    for (t = 0; t < p->threads && p->threads > 1; t++)
        if (pthread_create(&p->tids[p->started], NULL, pipeline_worker, p)
            == 0)
            p->started++;
}

void *mk_pipeline_take(struct mk_pipeline *p, size_t i)
{
    void *result;

    if (!p->started || i != p->taken)
        return p->produce(p->ctx, i);
    pthread_mutex_lock(&p->lock);
    while (!p->ready[i % DEPTH])
        pthread_cond_wait(&p->changed, &p->lock);
    result = p->slots[i % DEPTH];
    p->slots[i % DEPTH] = NULL;
    p->ready[i % DEPTH] = 0;
    p->taken = i + 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return result;
}

void mk_pipeline_free(struct mk_pipeline *p)
{
    int t;
    size_t i;

    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    for (t = 0; t < p->started; t++)
        pthread_join(p->tids[t], NULL);
    for (i = 0; i < DEPTH; i++)
        if (p->ready[i] && p->free_result)
            p->free_result(p->slots[i]);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
