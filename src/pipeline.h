/*
 * pipeline.h - running independent jobs on worker threads: a parallel
 * loop over indexes, and an ordered pipeline that produces results ahead
 * of a consumer that takes them in order, with a bounded number in
 * flight.
 *
 * build.c uses the loop to check chapters (and read images) on every
 * core, and the pipeline so that every deflated entry of the archive is
 * made on worker threads while libzip writes the previous ones.  Results
 * never depend on the number of threads: each job is a pure function of
 * its index.
 */
#ifndef MK_PIPELINE_H
#define MK_PIPELINE_H

#include <stddef.h>

/* Worker threads to use for a request: requested itself, or with 0 the
 * number of online processors; never more than 8. */
int mk_pipeline_threads(int requested);

/* Calls job(ctx, i) for every i < n on up to threads threads (the
 * caller's thread included).  Jobs must only touch their own data. */
void mk_parallel_for(size_t n, int threads, void (*job)(void *ctx, size_t i),
                     void *ctx);

/* Produces result i (any pointer; NULL means failure, recorded by the
 * producer).  free_result releases results that were never taken. */
typedef void *(*mk_produce_fn)(void *ctx, size_t i);

struct mk_pipeline;

/* NULL when out of memory. */
struct mk_pipeline *mk_pipeline_new(size_t n, int threads,
                                    mk_produce_fn produce,
                                    void (*free_result)(void *),
                                    void *ctx);

/* Starts the workers; without threads, results are produced on take. */
void mk_pipeline_start(struct mk_pipeline *p);

/* Result i, which the caller then owns.  Results are normally taken in
 * order; one taken out of order is produced on the spot. */
void *mk_pipeline_take(struct mk_pipeline *p, size_t i);

/* Stops the workers and frees everything.  NULL is a no-op. */
void mk_pipeline_free(struct mk_pipeline *p);

#endif
