/*
 * path.c - lexical path arithmetic, URL splitting and the containment
 * check (see path.h).  Only mk_path_contain() and mk_path_absolute()
 * consult the file system.
 */
#include "path.h"
#include "buf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
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

char *mk_path_display(const char *dir, const char *rel)
{
    char cwd[PATH_MAX];
    char *abs, *shown;

    if (rel[0] != '/' || (dir && dir[0] == '/') || !getcwd(cwd, sizeof(cwd))
        || cwd[0] != '/')
        return mk_path_join(dir, rel);
    abs = mk_path_join("", rel);
    if (!abs)
        return NULL;
    if (strcmp(cwd, "/") == 0)
        shown = mk_path_join("", abs + 1);
    else if (strcmp(cwd, abs) == 0)
        shown = mk_strdup(".");
    else
        shown = mk_path_relative(cwd, abs);
    free(abs);
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

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static char *percent_decode(const char *s, size_t n, int *bad)
{
    char *out = mk_malloc(n + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi = i + 2 < n + 1 && i + 1 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;

            if (hi < 0 || lo < 0) {
                *bad = 1;
                *o++ = s[i];
                continue;
            }
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* The scheme of url ("http", "mailto"...) if it has one. */
static size_t scheme_length(const char *url)
{
    size_t i = 0;

    if (!((url[0] | 32) >= 'a' && (url[0] | 32) <= 'z'))
        return 0;
    for (i = 1; url[i]; i++) {
        char c = url[i];

        if (c == ':')
            return i;
        if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9')
              || c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 0;
}

int mk_url_parse(const char *url, struct mk_url *out, int *bad_escape)
{
    const char *hash = strchr(url, '#');
    const char *query = strchr(url, '?');
    size_t path_len, scheme = scheme_length(url);
    size_t i;

    memset(out, 0, sizeof(*out));
    *bad_escape = 0;
    if (scheme) {
        out->remote = 1;
        for (i = 0; i < scheme && i < sizeof(out->scheme) - 1; i++)
            out->scheme[i] = (char)(url[i] | 32);
    }
    out->absolute = url[0] == '/';
    path_len = hash ? (size_t)(hash - url) : strlen(url);
    if (query && (size_t)(query - url) < path_len)
        path_len = (size_t)(query - url);
    out->path = percent_decode(url, path_len, bad_escape);
    if (!out->path)
        return -1;
    if (hash) {
        out->fragment = percent_decode(hash + 1, strlen(hash + 1),
                                       bad_escape);
        if (!out->fragment) {
            mk_url_release(out);
            return -1;
        }
    }
    return 0;
}

void mk_url_release(struct mk_url *u)
{
    free(u->path);
    free(u->fragment);
    u->path = NULL;
    u->fragment = NULL;
}

char *mk_path_absolute(const char *path)
{
    char cwd[PATH_MAX];

    if (path[0] == '/')
        return mk_path_join("", path);
    if (!getcwd(cwd, sizeof(cwd)))
        return NULL;
    return mk_path_join(cwd, path);
}

int mk_path_contain(const char *root_real, const char *path, char **real_out,
                    int *err)
{
    char *real = realpath(path, NULL);

    *err = 0;
    if (real_out)
        *real_out = NULL;
    if (!real) {
        *err = errno;
        return *err == ENOENT || *err == ENOTDIR ? 2 : 3;
    }
    if (!mk_path_is_within(root_real, real)) {
        free(real);
        return 1;
    }
    if (real_out)
        *real_out = real;
    else
        free(real);
    return 0;
}
