/*
 * path.h - lexical path arithmetic and containment (URLs: url.h).
 *
 * Paths here are byte strings with '/' separators.  Lexical functions do
 * not touch the file system; mk_path_contain() is the one place that asks
 * it (realpath) whether a file really lies inside the root folder.
 * Every returned string is malloc'ed and owned by the caller.
 */
#ifndef MK_PATH_H
#define MK_PATH_H

#include <stddef.h>

/* dir joined with rel, normalised lexically ("a/./b/../c" -> "a/c");
 * leading ".." components are kept; "" becomes ".".  An absolute rel is
 * returned normalised, ignoring dir.  NULL on allocation failure. */
char *mk_path_join(const char *dir, const char *rel);

/* Like mk_path_join(dir, rel), for a path written in a file in folder
 * dir: an absolute rel is shown relative to the current folder when dir
 * is relative, so that one file has one display path however it was
 * written ("/home/me/book/a.png" and "a.png" from "book" alike give
 * "book/a.png" when run in /home/me). */
char *mk_path_display(const char *dir, const char *rel);

/* The folder part of a path ("a/b.x" -> "a", "b.x" -> "."). */
char *mk_path_dirname(const char *path);

/* The path to 'to' as seen from folder 'from_dir'; both are normalised
 * paths relative to the same base ("a/b", "a/c/d.x" -> "../c/d.x"). */
char *mk_path_relative(const char *from_dir, const char *to);

/* The last component of path (pointer into path). */
const char *mk_path_basename(const char *path);

/* Nonzero if child is parent itself or lies below it, lexically. */
int mk_path_is_within(const char *parent, const char *child);

/* What mk_path_contain found. */
enum mk_path_containment {
    MK_PATH_INSIDE,             /* inside the root */
    MK_PATH_LINK_OUTSIDE,       /* outside, through a symbolic link */
    MK_PATH_MISSING,            /* does not exist (errno in *err) */
    MK_PATH_UNREADABLE          /* any other error (errno in *err) */
};

/* Containment: resolves path (relative to the current folder) as
 * realpath does and checks it against root_real (an already resolved
 * folder).  real_dir, when not NULL, is the resolved folder of path (a
 * caller's cache): then a path whose last component is not a symbolic
 * link costs one lstat() instead of a readlink() per component.  When
 * real_out is not NULL it receives the resolved path (caller frees) if
 * the path is inside, else NULL.  *err is 0 unless resolving failed. */
enum mk_path_containment mk_path_contain(const char *root_real,
                                         const char *path,
                                         const char *real_dir,
                                         char **real_out, int *err);

/* The current folder, of any length, malloc'ed; NULL with errno set:
 * ENOMEM when memory ran out, else why it cannot be found (e.g.
 * ENOENT: it was removed). */
char *mk_path_current_folder(void);

/* Makes path absolute lexically against cwd (the current folder, as
 * mk_path_current_folder() gives it).  NULL with errno ENOMEM when
 * memory ran out. */
char *mk_path_absolute(const char *cwd, const char *path);

#endif
