/*
 * root.c - the root folder of a run and the containment check every
 * file of the book passes (see root.h).
 */
#include "root.h"
#include "buf.h"
#include "diag.h"
#include "path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Records why mk_path_absolute() failed, from errno: out of memory, or
 * the current folder cannot be found (once).  Returns -1. */
static int cwd_failed(struct mk_root *root)
{
    if (errno == ENOMEM)
        return mk_diag_oom(root->dc);
    if (atomic_exchange(&root->cwd_failed, 1) == 0)
        mk_diag_system(root->dc, NULL, errno, "cannot find the current "
                       "folder (run mkepub from a folder that exists, "
                       "or give absolute paths)");
    return -1;
}

char *mk_root_absolute(struct mk_root *root, const char *path)
{
    char *abs, *cwd = NULL;

    if (path[0] != '/' && !root->cwd) {
        /* not known (a root not set up by mk_root_init): ask now */
        cwd = root->cwd_errno ? NULL : mk_path_current_folder();
        if (!cwd) {
            if (root->cwd_errno)
                errno = root->cwd_errno;
            cwd_failed(root);
            return NULL;
        }
    }
    abs = mk_path_absolute(cwd ? cwd : root->cwd, path);
    free(cwd);
    if (!abs)
        cwd_failed(root);
    return abs;
}

int mk_root_init(struct mk_root *root, struct mk_diag *dc,
                 const char *given, const char *book_dir,
                 const char *book_file)
{
    char *book_real;

    memset(root, 0, sizeof(*root));
    root->dc = dc;
    atomic_init(&root->cwd_failed, 0);
    if (pthread_mutex_init(&root->lock, NULL) != 0)
        return mk_diag_system(dc, NULL, errno, "cannot set up threads");
    root->lock_ready = 1;
    root->cwd = mk_path_current_folder();
    root->cwd_errno = root->cwd ? 0 : errno;
    if (!root->cwd && root->cwd_errno == ENOMEM)
        return mk_diag_oom(dc);
    root->path = given ? mk_path_join("", given)
                       : mk_path_join(book_dir, "..");
    if (!root->path)
        return mk_diag_oom(dc);
    root->abs = mk_root_absolute(root, root->path);
    if (!root->abs)
        return -1;
    root->real = realpath(root->path, NULL);
    if (!root->real)
        return mk_diag_system(dc, root->path, errno, "cannot use the root "
                              "folder");
    book_real = realpath(book_file, NULL);
    if (!book_real)
        return mk_diag_system(dc, book_file, errno, "cannot read");
    if (!mk_path_is_within(root->real, book_real)) {
        free(book_real);
        return mk_error(dc, book_file, 0, 0, "book.xml lies outside "
                        "the root folder '%s'", root->path);
    }
    free(book_real);
    return 0;
}

void mk_root_release(struct mk_root *root)
{
    size_t i;

    for (i = 0; i < root->real_dirs.cap; i++)
        if (root->real_dirs.keys && root->real_dirs.keys[i]) {
            free((char *)root->real_dirs.keys[i]);
            free(root->real_dirs.values[i]);
        }
    mk_strmap_release(&root->real_dirs);
    if (root->lock_ready)
        pthread_mutex_destroy(&root->lock);
    root->lock_ready = 0;
    free(root->path);
    free(root->abs);
    free(root->real);
    free(root->cwd);
    root->path = root->abs = root->real = root->cwd = NULL;
}

/* Sets *real to the resolved folder of path, a malloc'ed copy from the
 * cache (which may grow meanwhile on another thread), or to NULL when
 * the folder cannot be resolved (mk_path_contain() then resolves the
 * whole path and says why).  0, or -1 when out of memory (recorded). */
static int real_dir_of(struct mk_root *root, const char *path, char **real)
{
    char *dir = mk_path_dirname(path), *resolved;
    const char *cached;

    *real = NULL;
    if (!dir)
        return mk_diag_oom(root->dc);
    pthread_mutex_lock(&root->lock);
    cached = mk_strmap_get(&root->real_dirs, dir);
    *real = cached ? mk_strdup(cached) : NULL;
    pthread_mutex_unlock(&root->lock);
    if (cached) {
        free(dir);
        return *real ? 0 : mk_diag_oom(root->dc);
    }
    resolved = realpath(dir, NULL);
    if (!resolved) {
        free(dir);
        return errno == ENOMEM ? mk_diag_oom(root->dc) : 0;
    }
    *real = mk_strdup(resolved);
    pthread_mutex_lock(&root->lock);
    if (*real && !mk_strmap_get(&root->real_dirs, dir)) {
        if (mk_strmap_put(&root->real_dirs, dir, resolved) == 0) {
            dir = NULL;         /* the map owns both now */
            resolved = NULL;
        } else {
            free(*real);
            *real = NULL;
        }
    }
    pthread_mutex_unlock(&root->lock);
    free(resolved);
    free(dir);
    return *real ? 0 : mk_diag_oom(root->dc);
}

int mk_root_problem(struct mk_root *root, const char *path,
                    const char *href, struct mk_buf *msg)
{
    char *abs = mk_root_absolute(root, path), *real_dir;
    enum mk_path_containment rc;
    int err;

    if (!abs)
        return -1;
    if (!mk_path_is_within(root->abs, abs)) {
        free(abs);
        mk_buf_addf(msg, "'%s' leads outside the root folder '%s'; move "
                    "the file inside it or use --root", href, root->path);
        return msg->failed ? mk_diag_oom(root->dc) : 1;
    }
    free(abs);
    if (!root->lock_ready)
        real_dir = NULL;        /* a root not set up by mk_root_init */
    else if (real_dir_of(root, path, &real_dir) < 0)
        return -1;
    rc = mk_path_contain(root->real, path, real_dir, NULL, &err);
    free(real_dir);
    if (rc == MK_PATH_LINK_OUTSIDE)
        mk_buf_addf(msg, "'%s' is a symbolic link that leads outside the "
                    "root folder '%s'", href, root->path);
    else if (rc == MK_PATH_MISSING)
        mk_buf_addf(msg, "'%s' does not exist", href);
    else if (rc == MK_PATH_UNREADABLE)
        return mk_diag_system(root->dc, path, err, "cannot read");
    else
        return 0;
    return msg->failed ? mk_diag_oom(root->dc) : 1;
}

int mk_root_contains(struct mk_root *root, const char *path,
                     const char *href, const char *from, long line,
                     long col)
{
    struct mk_buf msg = MK_BUF_INIT;
    int rc = mk_root_problem(root, path, href, &msg);

    if (rc == 1)
        mk_error(root->dc, from, line, col, "%s", mk_buf_str(&msg));
    mk_buf_release(&msg);
    return rc ? -1 : 0;
}
