/*
 * tests/shims/notmpfile.c - an LD_PRELOAD library for the tests: open()
 * with O_TMPFILE fails with EOPNOTSUPP, as on a file system without
 * unnamed files (or a kernel before 3.11), so that mkepub's other way of
 * writing its output (a named temporary file renamed into place) can be
 * tested.  Every refusal appends a line to the file named by
 * NOTMPFILE_LOG, if set, so a test can see that the shim was used.
 * Built by tests/e2e/t0252-no-tmpfile.sh: cc -shared -fPIC ... -ldl.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, ...);

int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);

/* Nonzero (errno EOPNOTSUPP, the refusal logged) for O_TMPFILE. */
static int refuse(const char *path, int flags, open_fn real)
{
    const char *log = getenv("NOTMPFILE_LOG");

    if ((flags & O_TMPFILE) != O_TMPFILE)
        return 0;
    if (log) {
        int fd = real(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

        if (fd >= 0) {
            if (write(fd, "O_TMPFILE refused: ", 19) < 0
                || write(fd, path, strlen(path)) < 0
                || write(fd, "\n", 1) < 0)
                errno = 0;
            close(fd);
        }
    }
    errno = EOPNOTSUPP;
    return 1;
}

/* The real function name, or NULL. */
static open_fn next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    open_fn fn;

    memcpy(&fn, &f, sizeof(fn));
    return fn;
}

static int shim(const char *name, const char *path, int flags, mode_t mode)
{
    open_fn real = next(name);

    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    if (refuse(path, flags, real))
        return -1;
    return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;

    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;

        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return shim("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;

    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;

        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return shim("open64", path, flags, mode);
}
