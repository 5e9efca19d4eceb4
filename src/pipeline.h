/*
 * pipeline.h - producing a sequence of documents ahead of their consumer
 * on a worker thread, in order, with a bounded number in flight.
 *
 * build.c uses it so that chapters are parsed and rewritten on one core
 * while libzip deflates the previous ones on the other.  The bytes are
 * the same whether a thread is used or not (threads = 1 produces each
 * document when it is taken).
 */
#ifndef MK_PIPELINE_H
#define MK_PIPELINE_H

#include <stddef.h>

#include "buf.h"
#include "mkepub.h"

/* Produces document i into out; 0, or -1 with the problem recorded. */
typedef int (*mk_produce_fn)(void *ctx, size_t i, struct mk_buf *out);

struct mk_pipeline;

/* A pipeline of n documents; threads 0 = automatic, 1 = no thread.
 * NULL when out of memory. */
struct mk_pipeline *mk_pipeline_new(size_t n, int threads,
                                    mk_produce_fn produce, void *ctx,
                                    struct mk_diag *dc);

/* Starts the worker (if any).  Returns 0 or -1. */
int mk_pipeline_start(struct mk_pipeline *p);

/* Moves document i's bytes into out (which must be empty).  Documents are
 * normally taken in order; one taken out of order is produced on the
 * spot.  Returns 0 or -1. */
int mk_pipeline_take(struct mk_pipeline *p, size_t i, struct mk_buf *out);

/* Stops the worker and frees everything.  NULL is a no-op. */
void mk_pipeline_free(struct mk_pipeline *p);

#endif
