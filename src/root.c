/*
 * root.c - the root folder of a run and the containment check every
 * file of the book passes (see root.h).
 */
#include "root.h"
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
    char *abs = mk_path_absolute(path);

    if (!abs)
        cwd_failed(root);
    return abs;
}

int mk_root_init(struct mk_root *root, struct mk_diag *dc,
                 const char *given, const char *book_dir,
                 const char *book_file)
{
    char *book_real;

    root->dc = dc;
    root->path = root->abs = root->real = NULL;
    atomic_init(&root->cwd_failed, 0);
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
    free(root->path);
    free(root->abs);
    free(root->real);
    root->path = root->abs = root->real = NULL;
}

int mk_root_contains(struct mk_root *root, const char *path,
                     const char *href, const char *from, long line,
                     long col)
{
    char *abs = mk_root_absolute(root, path);
    enum mk_path_containment rc;
    int err;

    if (!abs)
        return -1;
    if (!mk_path_is_within(root->abs, abs)) {
        free(abs);
        return mk_error(root->dc, from, line, col, "'%s' leads outside the "
                        "root folder '%s'; move the file inside it or use "
                        "--root", href, root->path);
    }
    free(abs);
    rc = mk_path_contain(root->real, path, NULL, &err);
    if (rc == MK_PATH_LINK_OUTSIDE)
        return mk_error(root->dc, from, line, col, "'%s' is a symbolic link "
                        "that leads outside the root folder '%s'", href,
                        root->path);
    if (rc == MK_PATH_MISSING)
        return mk_error(root->dc, from, line, col, "'%s' does not exist",
                        href);
    if (rc == MK_PATH_UNREADABLE)
        return mk_diag_system(root->dc, path, err, "cannot read");
    return 0;
}
