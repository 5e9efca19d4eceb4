/*
 * zipread.h - reading a ZIP archive nobody vouches for (an EPUB to
 * inspect); with archive.c (which writes), the only module that uses
 * libzip.
 *
 * Opening lists the entries and reports, as errors in the collector,
 * every entry that is hostile or broken: a name that is absolute or
 * climbs out with "..", a name given twice, an encrypted entry, sizes
 * that cannot be true (a stored entry whose sizes differ, a deflated
 * one claiming more than deflate can expand to).  Reading an entry
 * is bounded: a cap on the entry and a budget for the whole archive,
 * checked against the declared size first and the bytes really
 * produced while decompressing, so a zip bomb costs at most the cap.
 * Nothing is ever written to disk.
 */
#ifndef MK_ZIPREAD_H
#define MK_ZIPREAD_H

#include <stddef.h>

#include "mkepub.h"

/* The most one entry may decompress to, and all entries together. */
#define MK_ZIPREAD_ENTRY_MAX (64ull << 20)
#define MK_ZIPREAD_TOTAL_MAX (256ull << 20)
/* Archives with more entries are refused whole. */
#define MK_ZIPREAD_MAX_ENTRIES 65536

struct mk_zipentry {
    char *name;                 /* UTF-8 (CP437 names converted) */
    char *shown;                /* name for messages: control characters
                                 * (C0, DEL, C1) and bad UTF-8 as '?' */
    unsigned long long size;    /* uncompressed, as declared */
    unsigned long long comp_size;
    unsigned method;            /* the ZIP method number (0, 8...) */
    int encrypted;
    int usable;                 /* 0: hostile or broken, never read */
};

struct mk_zipread;

/* Opens the archive at path (display names it in messages).  NULL when
 * it cannot be read as a ZIP archive at all, after recording why: a
 * system error when the file cannot be opened or read, else an error.
 * Problems with single entries are recorded and the archive opens. */
struct mk_zipread *mk_zipread_open(const char *path, const char *display,
                                   struct mk_diag *dc);

/* The same for len bytes in memory (which must outlive the archive). */
struct mk_zipread *mk_zipread_open_memory(const void *data, size_t len,
                                          const char *display,
                                          struct mk_diag *dc);

/* The entries, in the archive's (central directory) order. */
size_t mk_zipread_count(const struct mk_zipread *z);
const struct mk_zipentry *mk_zipread_entry(const struct mk_zipread *z,
                                           size_t i);

/* The entry named name (the first, if named twice), or NULL. */
const struct mk_zipentry *mk_zipread_find(const struct mk_zipread *z,
                                          const char *name);

/* Reads entry e whole into *data (malloc'ed, NUL-terminated; *len bytes
 * without the NUL).  Returns 0, or -1 after recording why (an unusable
 * entry, over the caps, corrupt data, out of memory): nothing in *data. */
int mk_zipread_read(struct mk_zipread *z, const struct mk_zipentry *e,
                    char **data, size_t *len);

/* The name of ZIP compression method m ("stored", "deflated", ...), or
 * NULL for a number the table does not know. */
const char *mk_zipread_method_name(unsigned m);

/* Closes the archive and frees every entry.  NULL is a no-op. */
void mk_zipread_close(struct mk_zipread *z);

#endif
