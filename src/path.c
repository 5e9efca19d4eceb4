/*
 * path.c - lexical path arithmetic and the containment check (see
 * path.h).  Only mk_path_contain() and mk_path_current_folder()
 * consult the file system.
 */
#include "path.h"
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Normalises in place; p must be writable and may grow by nothing. */
static void normalize(char *p)
{
    int absolute = p[0] == '/';
    char *src = p + absolute, *dst = p + absolute;
    size_t keep_dotdot = 0;   /* leading ".." components in dst */

    while (*src) {
        char *end = strchr(src, '/');
        size_t n = end ? (size_t)(end - src) : strlen(src);

        if (n == 0 || (n == 1 && src[0] == '.')) {
            /* skip empty and "." components */
        } else if (n == 2 && src[0] == '.' && src[1] == '.') {
            char *start = p + absolute;
            size_t used = (size_t)(dst - start);

            if (used > keep_dotdot * 3) {
                /* drop the last real component */
                char *q = dst - 1;

                while (q > start && q[-1] != '/')
                    q--;
                dst = q;
            } else if (!absolute) {
                memcpy(dst, "../", 3);
                dst += 3;
                keep_dotdot++;
            }
        } else {
            memmove(dst, src, n);
            dst += n;
            *dst++ = '/';
        }
        src += n;
        if (*src == '/')
            src++;
    }
    if (dst > p + absolute)
        dst--;              /* trailing '/' */
    *dst = '\0';
    if (!p[0]) {
        p[0] = '.';
        p[1] = '\0';
    }
}

char *mk_path_join(const char *dir, const char *rel)
{
    struct mk_buf b = MK_BUF_INIT;
    char *out;

    if (rel[0] != '/' && dir && dir[0]) {
        mk_buf_adds(&b, dir);
        mk_buf_addc(&b, '/');
    }
    mk_buf_adds(&b, rel);
    mk_buf_addc(&b, '\0');      /* room for "." */
    out = mk_buf_detach(&b, NULL);
    if (out)
        normalize(out);
    return out;
}

char *mk_path_current_folder(void)
{
    char *cwd = getcwd(NULL, 0);

    if (cwd && cwd[0] != '/') {     /* "(unreachable)/..." */
        free(cwd);
        errno = ENOENT;
        return NULL;
    }
    return cwd;
}

char *mk_path_display(const char *dir, const char *rel)
{
    char *abs, *shown, *cwd = NULL;

    if (rel[0] == '/' && !(dir && dir[0] == '/'))
        cwd = mk_path_current_folder();
    if (!cwd)
        return mk_path_join(dir, rel);
    abs = mk_path_join("", rel);
    if (!abs)
        shown = NULL;
    else if (strcmp(cwd, "/") == 0)
        shown = mk_path_join("", abs + 1);
    else if (strcmp(cwd, abs) == 0)
        shown = mk_strdup(".");
    else
        shown = mk_path_relative(cwd, abs);
    free(abs);
    free(cwd);
    return shown;
}

char *mk_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return mk_strdup(".");
    if (slash == path)
        return mk_strdup("/");
    return mk_strndup(path, (size_t)(slash - path));
}

const char *mk_path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

int mk_path_is_within(const char *parent, const char *child)
{
    size_t n = strlen(parent);

    if (strcmp(parent, ".") == 0)
        return strcmp(child, "..") != 0 && strncmp(child, "../", 3) != 0
               && child[0] != '/';
    if (strncmp(parent, child, n) != 0)
        return 0;
    return child[n] == '\0' || child[n] == '/' || (n == 1 && parent[0] == '/');
}

char *mk_path_relative(const char *from_dir, const char *to)
{
    struct mk_buf b = MK_BUF_INIT;
    const char *f = from_dir, *t = to;

    if (strcmp(from_dir, ".") == 0)
        return mk_strdup(to);
    if (*f == '/' && *t == '/') {
        f++;
        t++;
    }
    /* drop the shared folders; the last component of 'to' always stays */
    for (;;) {
        size_t fl = strcspn(f, "/"), tl = strcspn(t, "/");

        if (fl == 0 || fl != tl || strncmp(f, t, fl) != 0 || t[tl] != '/')
            break;
        f += fl + (f[fl] == '/');
        t += tl + 1;
    }
    while (*f) {
        mk_buf_adds(&b, "../");
        f += strcspn(f, "/");
        f += *f == '/';
    }
    mk_buf_adds(&b, t);
    return mk_buf_detach(&b, NULL);
}

char *mk_path_absolute(const char *cwd, const char *path)
{
    char *abs = mk_path_join(path[0] == '/' ? "" : cwd, path);

    if (!abs)
        errno = ENOMEM;
    return abs;
}

/* realpath() of path, given the resolved folder of path (or NULL). */
static char *resolve(const char *path, const char *real_dir)
{
    const char *base = mk_path_basename(path);
    struct stat st;
    char *real;

    if (!real_dir || !base[0] || strcmp(base, ".") == 0
        || strcmp(base, "..") == 0)
        return realpath(path, NULL);
    if (lstat(path, &st) != 0)
        return NULL;                /* errno as realpath() sets it */
    if (S_ISLNK(st.st_mode))
        return realpath(path, NULL);
    real = mk_path_join(real_dir, base);
    if (!real)
        errno = ENOMEM;
    return real;
}

enum mk_path_containment mk_path_contain(const char *root_real,
                                         const char *path,
                                         const char *real_dir,
                                         char **real_out, int *err)
{
    char *real = resolve(path, real_dir);

    *err = 0;
    if (real_out)
        *real_out = NULL;
    if (!real) {
        *err = errno;
        return *err == ENOENT || *err == ENOTDIR ? MK_PATH_MISSING
                                                 : MK_PATH_UNREADABLE;
    }
    if (!mk_path_is_within(root_real, real)) {
        free(real);
        return MK_PATH_LINK_OUTSIDE;
    }
    if (real_out)
        *real_out = real;
    else
        free(real);
    return MK_PATH_INSIDE;
}
