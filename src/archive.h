/*
 * archive.h - writing the EPUB container; the only module that uses
 * libzip.
 *
 * Entries are written in the order they are added.  Content is pulled
 * only when libzip writes the entry (deflated entries are taken from their
 * producer then, and files are read from disk then), so the book is never
 * held in memory whole.  libzip compresses nothing: every deflated entry
 * arrives as a raw deflate stream made by libdeflate (mk_deflater_run(),
 * on worker threads), which libzip copies as it is.  Every timestamp is
 * the given time, converted in UTC, so output does not depend on the time
 * zone.  Nothing reaches the target path
 * until mk_archive_commit() succeeds: libzip writes a temporary file
 * beside it and renames it into place.
 */
#ifndef MK_ARCHIVE_H
#define MK_ARCHIVE_H

#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "mkepub.h"

struct mk_archive;

/* Starts an archive for path, or in memory when path is NULL.  mtime
 * stamps every entry.  display is the name used in messages.  NULL on
 * failure (recorded in dc). */
struct mk_archive *mk_archive_open(const char *path, const char *display,
                                   time_t mtime, struct mk_diag *dc,
                                   volatile sig_atomic_t *cancel);

/* Adds an entry from memory; data must stay valid until commit. */
int mk_archive_add_data(struct mk_archive *a, const char *name,
                        const void *data, size_t len, int store);

/* Adds an entry read from the file at path (size bytes) during commit. */
int mk_archive_add_file(struct mk_archive *a, const char *name,
                        const char *path, long size, int store);

struct mk_deflated_block;

/* A raw deflate stream with what the zip directory needs. */
struct mk_deflated {
    unsigned char *data;        /* comp_size bytes */
    size_t comp_size;
    size_t size;                /* uncompressed */
    unsigned long crc;          /* CRC-32 of the uncompressed bytes */
    struct mk_deflated_block *block;    /* data lies in this shared
                                         * block (mk_deflater_keep), or
                                         * NULL: data is its own */
    int spilled;                /* the bytes lie in the deflater's spill
                                 * file at spill_at; data is NULL until
                                 * mk_deflater_load() */
    unsigned long long spill_at;
};

/* A pool of libdeflate compressors that any number of threads share
 * (each call takes one, and gives it back).  NULL when out of memory. */
struct mk_deflater;
struct mk_deflater *mk_deflater_new(void);
void mk_deflater_free(struct mk_deflater *z);

/* Deflates len bytes into a raw deflate stream, with the CRC-32, on the
 * calling thread; the same bytes always give the same stream.  NULL when
 * out of memory.  Free with mk_deflated_free(). */
struct mk_deflated *mk_deflater_run(struct mk_deflater *z, const void *data,
                                    size_t len);

/* The same, for bytes kept a long time in large numbers (the chapters
 * packed during the check): small streams share large blocks, each
 * freed whole once the last stream in it is freed, so that memory goes
 * back to the system as the streams are written (in about the order
 * they were kept) instead of leaving holes that larger buffers cannot
 * use. */
struct mk_deflated *mk_deflater_keep(struct mk_deflater *z, const void *data,
                                     size_t len);

/* The same, for what memory should not hold (the chapters beyond the
 * kept budget): the stream goes to the deflater's spill file, an
 * unnamed temporary file in $TMPDIR (else /tmp) made on first use and
 * gone when the deflater is freed, and only its place is kept.  NULL
 * when out of memory, or with *unavailable set when the file cannot be
 * made or written (nothing more is spilled then: the caller does
 * without). */
struct mk_deflated *mk_deflater_spill(struct mk_deflater *z, const void *data,
                                      size_t len, int *unavailable);

/* Reads a spilled stream's bytes back into a buffer of its own (a stream
 * that was not spilled is left as it is).  0, or -1 when out of memory
 * or the file cannot be read (the stream is unchanged). */
int mk_deflater_load(struct mk_deflater *z, struct mk_deflated *d);

/* Ends the block that mk_deflater_keep() is filling: it is freed as soon
 * as its streams are.  Keeping more starts a new one. */
void mk_deflater_seal(struct mk_deflater *z);

/* Frees a stream (and its block with its last stream).  Thread-safe;
 * NULL is a no-op. */
void mk_deflated_free(struct mk_deflated *d);

/* Gives an entry's already deflated bytes when the archive needs them;
 * NULL after recording the problem.  The archive frees the result. */
typedef struct mk_deflated *(*mk_archive_take_fn)(void *ctx);

/* Adds an entry whose deflated bytes take() hands over during commit;
 * libzip copies them without compressing again. */
int mk_archive_add_deflated(struct mk_archive *a, const char *name,
                            mk_archive_take_fn take, void *ctx);

/* Has a thread of its own write the file (one more thread than the
 * caller's): the calling thread copies the entries meanwhile.  The bytes
 * written are the same. */
void mk_archive_write_in_background(struct mk_archive *a);

/* Has vet(ctx, size) judge the archive once it is written whole, size
 * bytes, before it takes the target's place (or is handed over from
 * memory): -1 (after recording why) abandons it, nothing written. */
void mk_archive_set_vet(struct mk_archive *a,
                        int (*vet)(void *ctx, unsigned long long size),
                        void *ctx);

/* Writes everything and closes.  For an in-memory archive *data and *len
 * receive the bytes (free()).  Returns 0, or -1 with nothing written. */
int mk_archive_commit(struct mk_archive *a, unsigned char **data,
                      size_t *len);

/* Abandons the archive; nothing is written.  NULL is a no-op. */
void mk_archive_discard(struct mk_archive *a);

#endif
