/*
 * pipeline.c - in-order producer on a worker thread (see pipeline.h).
 *
 * Slot i % DEPTH holds document i once produced; the worker waits when
 * DEPTH documents are waiting, so memory stays bounded by the largest
 * few documents.
 */
#include "pipeline.h"
#include "diag.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define DEPTH 8

struct slot {
    struct mk_buf buf;
    int status;
};

struct mk_pipeline {
    size_t n;
    int use_thread;
    mk_produce_fn produce;
    void *ctx;
    struct mk_diag *dc;
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t produced;            /* documents 0..produced-1 are ready */
    size_t taken;               /* documents 0..taken-1 were taken */
    int stop;
    struct slot slots[DEPTH];
};

struct mk_pipeline *mk_pipeline_new(size_t n, int threads,
                                    mk_produce_fn produce, void *ctx,
                                    struct mk_diag *dc)
{
    struct mk_pipeline *p = mk_calloc(1, sizeof(*p));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    if (!p)
        return NULL;
    p->n = n;
    p->produce = produce;
    p->ctx = ctx;
    p->dc = dc;
    p->use_thread = n > 1 && (threads > 1 || (threads == 0 && cores > 1));
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

static void *worker(void *arg)
{
    struct mk_pipeline *p = arg;
    size_t i;

    for (i = 0; i < p->n; i++) {
        struct mk_buf buf = MK_BUF_INIT;
        int status;

        pthread_mutex_lock(&p->lock);
        while (!p->stop && i >= p->taken + DEPTH)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        pthread_mutex_unlock(&p->lock);
        status = p->produce(p->ctx, i, &buf);
        pthread_mutex_lock(&p->lock);
        p->slots[i % DEPTH].buf = buf;
        p->slots[i % DEPTH].status = status;
        p->produced = i + 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

int mk_pipeline_start(struct mk_pipeline *p)
{
    if (!p->use_thread)
        return 0;
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        p->use_thread = 0;      /* fall back to producing on demand */
        return 0;
    }
    p->started = 1;
    return 0;
}

int mk_pipeline_take(struct mk_pipeline *p, size_t i, struct mk_buf *out)
{
    struct slot *s;
    int status;

    if (!p->started || i != p->taken)
        return p->produce(p->ctx, i, out);
    pthread_mutex_lock(&p->lock);
    while (p->produced <= i)
        pthread_cond_wait(&p->changed, &p->lock);
    s = &p->slots[i % DEPTH];
    *out = s->buf;
    mk_buf_init(&s->buf);
    status = s->status;
    p->taken = i + 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return status;
}

void mk_pipeline_free(struct mk_pipeline *p)
{
    size_t i;

    if (!p)
        return;
    if (p->started) {
        pthread_mutex_lock(&p->lock);
        p->stop = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
    }
    for (i = 0; i < DEPTH; i++)
        mk_buf_release(&p->slots[i].buf);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
