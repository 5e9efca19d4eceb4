/*
 * root.h - the root folder of a run: every file the book uses must lie
 * inside it, lexically and after resolving symbolic links (root.c).
 * mk_root_absolute() and mk_root_contains() may run on worker threads.
 */
#ifndef MK_ROOT_H
#define MK_ROOT_H

#include "strmap.h"

#include <pthread.h>
#include <stdatomic.h>

struct mk_buf;
struct mk_diag;

struct mk_root {
    struct mk_diag *dc;         /* where problems are recorded */
    char *path;                 /* display path of the root folder */
    char *abs;                  /* the same, absolute and lexical */
    char *real;                 /* the same, symbolic links resolved */
    char *cwd;                  /* the current folder, asked once; NULL
                                 * when it cannot be found (cwd_errno) */
    int cwd_errno;
    atomic_int cwd_failed;      /* "cannot find the current folder"
                                 * said (from any thread) */
    /* Resolved folders (display folder -> its realpath, both malloc'ed):
     * a book's files share a few folders, which are resolved once
     * instead of once per file. */
    struct mk_strmap real_dirs;
    pthread_mutex_t lock;       /* guards real_dirs */
    int lock_ready;
};

/* Sets up the root: the folder given (--root), or else the parent of
 * book_dir; book_file (book.xml) must lie inside it.  Problems are
 * recorded in dc.  Returns 0 or -1; release the root either way. */
int mk_root_init(struct mk_root *root, struct mk_diag *dc,
                 const char *given, const char *book_dir,
                 const char *book_file);

/* Frees what the root holds (it may be zeroed, or set up in part). */
void mk_root_release(struct mk_root *root);

/* The absolute, lexical form of path (malloc'ed), or NULL after
 * recording why: out of memory, or the current folder cannot be found
 * (said once). */
char *mk_root_absolute(struct mk_root *root, const char *path);

/* Why the file at path (display) cannot be used, said naming href into
 * msg: it lies outside the root (lexically or through a symbolic link)
 * or does not exist.  Returns 0 (it can be used), 1 (msg says why) or
 * -1 (out of memory or an I/O error, recorded). */
int mk_root_problem(struct mk_root *root, const char *path,
                    const char *href, struct mk_buf *msg);

/* Checks that path (display) lies inside the root, lexically and after
 * resolving symbolic links, and exists; a problem is reported at
 * from:line:col (col 0: not known), naming href.  Returns 0 or -1. */
int mk_root_contains(struct mk_root *root, const char *path,
                     const char *href, const char *from, long line,
                     long col);

#endif
