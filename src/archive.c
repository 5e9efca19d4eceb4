/*
 * archive.c - the EPUB container through libzip (see archive.h).
 *
 * libzip 1.7.3 traps handled here: entry times are set as DOS fields
 * computed with gmtime (zip_file_set_mtime would use localtime); a
 * deflated entry's source states ZIP_CM_DEFLATE with its compressed size
 * and CRC-32 in ZIP_SOURCE_STAT, so libzip copies the stream without
 * compressing again (ZIP_CM_DEFAULT may store); external
 * attributes are fixed (file sources would copy the checkout's mode);
 * every source reports its size, so no Zip64 extra field appears.
 */
/* O_TMPFILE (Linux) is a GNU extension to <fcntl.h>; where it is not
 * defined the named temporary file is used. */
#define _GNU_SOURCE
#include "archive.h"
#include "diag.h"

#include <errno.h>
#include <stdatomic.h>
#include <libdeflate.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

enum entry_kind { ENTRY_DATA, ENTRY_FILE, ENTRY_DEFLATED };

struct entry {
    struct mk_archive *archive;
    enum entry_kind kind;
    char *name;
    const void *data;           /* ENTRY_DATA */
    size_t len;
    char *path;                 /* ENTRY_FILE */
    int fd;
    void *ctx;
    mk_archive_take_fn take;    /* ENTRY_DEFLATED */
    struct mk_deflated *deflated;
    size_t comp_size;
    unsigned long crc;
    int generated;
    size_t offset;              /* read position */
    zip_error_t error;
};

struct mk_archive {
    zip_t *zip;
    zip_source_t *memory;       /* in-memory target, or NULL */
    char *display;
    struct mk_diag *dc;
    zip_uint16_t dos_time, dos_date;
    volatile sig_atomic_t *cancel;
    int failed;
    int (*vet)(void *ctx, unsigned long long size);
    void *vet_ctx;
    int background_writes;      /* mk_archive_write_in_background() */
};

static void dos_time_of(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    struct tm tm;

    if (t < 315532800)      /* 1980-01-01, the earliest DOS date */
        t = 315532800;
    if (!gmtime_r(&t, &tm))     /* far beyond 2107 */
        memset(&tm, 0, sizeof(tm));
    if (tm.tm_year > 207 || tm.tm_year == 0) {
        /* 2107 is the last DOS year */
        tm.tm_year = 207;
        tm.tm_mon = 11;
        tm.tm_mday = 31;
    }
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5)
                            | tm.tm_mday);
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5)
                            | (tm.tm_sec / 2));
}

/* ---- the target file ---------------------------------------------- */

/*
 * libzip writes the archive through this source.  Where the file system
 * allows it (Linux O_TMPFILE, /proc mounted) the bytes go into an
 * unnamed file in the target's folder, which is linked into place only
 * when the archive is complete: a run killed even with SIGKILL leaves
 * nothing.  Elsewhere they go into a named temporary file beside the
 * target ("NAME.epub.XXXXXX", what libzip itself would do), renamed into
 * place at the end and removed on every failure but SIGKILL.
 */
struct target {
    char *path;                 /* the target */
    char *dir;                  /* its folder */
    char *tmp;                  /* the named temporary file, or NULL */
    int fd;                     /* what is written (-1: nothing open) */
    mode_t mode;                /* an earlier target's mode, or 0 */
    zip_error_t error;
    struct mk_archive *archive; /* for its vet */
    /* The write window: libzip writes each entry as a few small pieces
     * (header, data in 8 KB blocks, then the header again after seeking
     * back), 11 write() calls per entry.  They are gathered here, the
     * bytes from file offset win_at on, and written with one pwrite()
     * per MB: a 2300-entry book makes 80 system calls instead of 25,000.
     * pos is libzip's write position, end the file's size so far. */
    unsigned char *win;
    size_t win_len;
    zip_uint64_t win_at, pos, end;
    /* With a writer thread (mk_archive_write_in_background), a full
     * window is handed to it and libzip goes on filling the spare one
     * while the kernel copies the other into the file: one core copies
     * entries, the other writes them.  Writes reach the file in the order
     * they were handed over; a direct write waits for the thread first. */
    struct {
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t cond;
        int running;
        int stop;               /* the thread is to end */
        unsigned char *spare;   /* the window not being filled */
        const unsigned char *data;      /* the window handed over, */
        size_t len;                     /* NULL when none */
        zip_uint64_t at;
        int err;                /* errno of a failed write, or 0 */
    } writer;
};

#define WINDOW_SIZE (1u << 20)

static void writer_stop(struct target *t);

static void target_close(struct target *t)
{
    writer_stop(t);
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    free(t->win);
    t->win = NULL;
    t->win_len = 0;
    if (t->tmp) {
        unlink(t->tmp);
        free(t->tmp);
        t->tmp = NULL;
    }
}

static int target_fail(struct target *t, int code)
{
    zip_error_set(&t->error, code, errno);
    return -1;
}

/* Writes len bytes at offset at, whole; 0 or -1 (errno set). */
static int write_at(int fd, const unsigned char *data, size_t len,
                    zip_uint64_t at)
{
    while (len > 0) {
        size_t n = len > (1u << 30) ? (1u << 30) : len;
        ssize_t got = pwrite(fd, data, n, (off_t)at);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = ENOSPC;
            return -1;
        }
        data += got;
        len -= (size_t)got;
        at += (zip_uint64_t)got;
    }
    return 0;
}

/* The writer thread: writes each window handed to it. */
static void *writer_main(void *arg)
{
    struct target *t = arg;

    pthread_mutex_lock(&t->writer.lock);
    for (;;) {
        const unsigned char *data;
        size_t len;
        zip_uint64_t at;
        int err;

        while (!t->writer.data && !t->writer.stop)
            pthread_cond_wait(&t->writer.cond, &t->writer.lock);
        if (!t->writer.data)
            break;
        data = t->writer.data;
        len = t->writer.len;
        at = t->writer.at;
        pthread_mutex_unlock(&t->writer.lock);
        err = write_at(t->fd, data, len, at) < 0 ? errno : 0;
        pthread_mutex_lock(&t->writer.lock);
        if (err && !t->writer.err)
            t->writer.err = err;
        t->writer.data = NULL;
        pthread_cond_broadcast(&t->writer.cond);
    }
    pthread_mutex_unlock(&t->writer.lock);
    return NULL;
}

/* Starts the writer thread with its spare window; without a thread the
 * windows are written in place.  0, or -1 when out of memory. */
static int writer_start(struct target *t)
{
    t->writer.spare = mk_malloc(WINDOW_SIZE);
    if (!t->writer.spare)
        return target_fail(t, ZIP_ER_MEMORY);
    if (pthread_mutex_init(&t->writer.lock, NULL) != 0)
        goto no_thread;
    if (pthread_cond_init(&t->writer.cond, NULL) != 0) {
        pthread_mutex_destroy(&t->writer.lock);
        goto no_thread;
    }
    t->writer.stop = 0;
    t->writer.data = NULL;
    t->writer.err = 0;
    if (pthread_create(&t->writer.thread, NULL, writer_main, t) != 0) {
        pthread_cond_destroy(&t->writer.cond);
        pthread_mutex_destroy(&t->writer.lock);
        goto no_thread;
    }
    t->writer.running = 1;
    return 0;
no_thread:
    free(t->writer.spare);
    t->writer.spare = NULL;
    return 0;
}

/* Waits until the window handed over is written; 0, or -1 with errno
 * set when a write of the thread's failed. */
static int writer_wait(struct target *t)
{
    int err;

    if (!t->writer.running)
        return 0;
    pthread_mutex_lock(&t->writer.lock);
    while (t->writer.data)
        pthread_cond_wait(&t->writer.cond, &t->writer.lock);
    err = t->writer.err;
    pthread_mutex_unlock(&t->writer.lock);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

/* Ends the writer thread (after its last write) and frees its window. */
static void writer_stop(struct target *t)
{
    if (t->writer.running) {
        pthread_mutex_lock(&t->writer.lock);
        t->writer.stop = 1;
        pthread_cond_broadcast(&t->writer.cond);
        pthread_mutex_unlock(&t->writer.lock);
        pthread_join(t->writer.thread, NULL);
        pthread_cond_destroy(&t->writer.cond);
        pthread_mutex_destroy(&t->writer.lock);
        t->writer.running = 0;
    }
    free(t->writer.spare);
    t->writer.spare = NULL;
}

/* Hands the full window to the writer thread once its previous one is
 * written, and takes that one to fill.  0, or -1 (errno set) when a
 * write of the thread's failed. */
static int hand_over(struct target *t)
{
    unsigned char *full = t->win;

    if (writer_wait(t) < 0)
        return -1;
    pthread_mutex_lock(&t->writer.lock);
    t->writer.data = full;
    t->writer.len = t->win_len;
    t->writer.at = t->win_at;
    pthread_cond_broadcast(&t->writer.cond);
    pthread_mutex_unlock(&t->writer.lock);
    t->win = t->writer.spare;
    t->writer.spare = full;
    return 0;
}

/* Writes the window out (or hands it to the writer thread) and empties
 * it, moving it to pos. */
static int target_flush(struct target *t)
{
    if (t->win_len) {
        int rc = t->writer.running
                 ? hand_over(t)
                 : write_at(t->fd, t->win, t->win_len, t->win_at);

        if (rc < 0)
            return target_fail(t, ZIP_ER_WRITE);
    }
    t->win_len = 0;
    t->win_at = t->pos;
    return 0;
}

/* libzip's write of len bytes at pos: into the window when they fit
 * there (overwriting or extending it), else through it. */
static zip_int64_t target_write(struct target *t, const void *data,
                                zip_uint64_t len)
{
    zip_uint64_t off = t->pos - t->win_at;

    if (t->pos < t->win_at || off > t->win_len
        || off + len > WINDOW_SIZE) {
        if (target_flush(t) < 0)
            return -1;
        off = 0;
        if (len > WINDOW_SIZE) {
            if (writer_wait(t) < 0
                || write_at(t->fd, data, (size_t)len, t->pos) < 0)
                return target_fail(t, ZIP_ER_WRITE);
            t->pos += len;
            t->win_at = t->pos;
            if (t->pos > t->end)
                t->end = t->pos;
            return (zip_int64_t)len;
        }
    }
    memcpy(t->win + off, data, (size_t)len);
    if (off + len > t->win_len)
        t->win_len = (size_t)(off + len);
    t->pos += len;
    if (t->pos > t->end)
        t->end = t->pos;
    return (zip_int64_t)len;
}

/* libzip's seek: only the position moves. */
static int target_seek(struct target *t, void *data, zip_uint64_t len)
{
    zip_source_args_seek_t *args;
    zip_int64_t base, to;

    args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len,
                               &t->error);
    if (!args)
        return -1;
    base = args->whence == SEEK_SET ? 0
           : args->whence == SEEK_CUR ? (zip_int64_t)t->pos
           : (zip_int64_t)t->end;
    to = base + args->offset;
    if (to < 0) {
        errno = EINVAL;
        return target_fail(t, ZIP_ER_SEEK);
    }
    t->pos = (zip_uint64_t)to;
    return 0;
}

/* Opens the file to write: unnamed when possible, else named. */
static int target_begin(struct target *t)
{
    struct stat st;

    t->win = mk_malloc(WINDOW_SIZE);
    if (!t->win)
        return target_fail(t, ZIP_ER_MEMORY);
    t->win_len = 0;
    t->win_at = t->pos = t->end = 0;
    if (t->archive->background_writes && writer_start(t) < 0)
        return -1;

    t->mode = stat(t->path, &st) == 0 ? (st.st_mode & 07777) : 0;
#ifdef O_TMPFILE
    if (access("/proc/self/fd", X_OK) == 0) {
        t->fd = open(t->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (t->fd >= 0)
            return 0;
    }
#endif
    t->tmp = mk_malloc(strlen(t->path) + 8);
    if (!t->tmp)
        return target_fail(t, ZIP_ER_MEMORY);
    strcpy(t->tmp, t->path);
    strcat(t->tmp, ".XXXXXX");
    t->fd = mkstemp(t->tmp);
    if (t->fd < 0) {
        int err = errno;

        free(t->tmp);
        t->tmp = NULL;
        errno = err;
        return target_fail(t, ZIP_ER_TMPOPEN);
    }
    return 0;
}

/* Links the unnamed file fd into place: straight to the target when
 * there is none, else under a fresh name that is then renamed over it
 * (linkat never replaces a file). */
static int target_link(struct target *t)
{
#ifdef O_TMPFILE
    char proc[64], *name;
    size_t n = strlen(t->path);
    unsigned tries;

    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", t->fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, t->path, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != EEXIST)
        return target_fail(t, ZIP_ER_RENAME);
    name = mk_malloc(n + 16);
    if (!name)
        return target_fail(t, ZIP_ER_MEMORY);
    for (tries = 0; tries < 1000; tries++) {
        snprintf(name, n + 16, "%s.%lx%03u", t->path,
                 (unsigned long)getpid() & 0xFFFFFu, tries);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
            break;
        if (errno != EEXIST) {
            free(name);
            return target_fail(t, ZIP_ER_RENAME);
        }
    }
    if (tries == 1000 || rename(name, t->path) < 0) {
        int err = errno;

        if (tries < 1000)
            unlink(name);
        free(name);
        errno = err;
        return target_fail(t, ZIP_ER_RENAME);
    }
    free(name);
    return 0;
#else
    errno = ENOTSUP;
    return target_fail(t, ZIP_ER_RENAME);
#endif
}

/* Gives the written file its mode (an earlier target's, else 0666 less
 * the umask) and the target's name. */
static int target_commit(struct target *t)
{
    mode_t mask = umask(0);
    struct stat st;

    umask(mask);
    if (target_flush(t) < 0)
        return -1;
    if (writer_wait(t) < 0)
        return target_fail(t, ZIP_ER_WRITE);
    writer_stop(t);
    free(t->win);
    t->win = NULL;
    if (t->archive->vet) {
        if (fstat(t->fd, &st) < 0)
            return target_fail(t, ZIP_ER_WRITE);
        if (t->archive->vet(t->archive->vet_ctx,
                            (unsigned long long)st.st_size) < 0) {
            errno = 0;
            return target_fail(t, ZIP_ER_CANCELLED);
        }
    }
    /* the last moment an interrupt can still leave nothing written */
    if (t->archive->cancel && *t->archive->cancel) {
        errno = 0;
        return target_fail(t, ZIP_ER_CANCELLED);
    }
    if (fchmod(t->fd, t->mode ? t->mode : 0666 & ~mask) < 0)
        return target_fail(t, ZIP_ER_WRITE);
    if (!t->tmp && target_link(t) < 0)
        return -1;
    if (close(t->fd) < 0) {
        t->fd = -1;
        return target_fail(t, ZIP_ER_WRITE);
    }
    t->fd = -1;
    if (t->tmp) {
        if (rename(t->tmp, t->path) < 0)
            return target_fail(t, ZIP_ER_RENAME);
        free(t->tmp);
        t->tmp = NULL;
    }
    return 0;
}

static zip_int64_t target_callback(void *ud, void *data, zip_uint64_t len,
                                   zip_source_cmd_t cmd)
{
    struct target *t = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_READ:       /* ZIP_TRUNCATE: nothing is read */
    case ZIP_SOURCE_SEEK:
    case ZIP_SOURCE_TELL:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;

        if (len < sizeof(*st))
            return -1;
        zip_stat_init(st);
        st->size = 0;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(*st);
    }
    case ZIP_SOURCE_BEGIN_WRITE:
        return target_begin(t);
    case ZIP_SOURCE_WRITE:
        return target_write(t, data, len);
    case ZIP_SOURCE_SEEK_WRITE:
        return target_seek(t, data, len);
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)t->pos;
    case ZIP_SOURCE_COMMIT_WRITE:
        return target_commit(t);
    case ZIP_SOURCE_ROLLBACK_WRITE:
        target_close(t);
        return 0;
    case ZIP_SOURCE_REMOVE:
        if (unlink(t->path) < 0 && errno != ENOENT)
            return target_fail(t, ZIP_ER_REMOVE);
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&t->error, data, len);
    case ZIP_SOURCE_FREE:
        target_close(t);
        zip_error_fini(&t->error);
        free(t->path);
        free(t->dir);
        free(t);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
            ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK,
            ZIP_SOURCE_TELL, ZIP_SOURCE_BEGIN_WRITE,
            ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE,
            ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
            ZIP_SOURCE_REMOVE, ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&t->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* A new archive to be written to path, through a target source. */
static zip_t *open_target(struct mk_archive *a, const char *path,
                          zip_error_t *ze)
{
    struct target *t = mk_calloc(1, sizeof(*t));
    zip_source_t *src;
    zip_t *za;
    const char *slash = strrchr(path, '/');

    if (t) {
        t->path = mk_strdup(path);
        t->dir = !slash ? mk_strdup(".") : slash == path ? mk_strdup("/")
                 : mk_strndup(path, (size_t)(slash - path));
    }
    if (!t || !t->path || !t->dir) {
        if (t) {
            free(t->path);
            free(t->dir);
        }
        free(t);
        zip_error_set(ze, ZIP_ER_MEMORY, 0);
        return NULL;
    }
    t->fd = -1;
    t->archive = a;
    zip_error_init(&t->error);
    src = zip_source_function_create(target_callback, t, ze);
    if (!src) {
        zip_error_fini(&t->error);
        free(t->path);
        free(t->dir);
        free(t);
        return NULL;
    }
    za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, ze);
    if (!za)
        zip_source_free(src);
    return za;
}

static int on_cancel(zip_t *za, void *ud)
{
    struct mk_archive *a = ud;

    (void)za;
    return a->cancel && *a->cancel;
}

struct mk_archive *mk_archive_open(const char *path, const char *display,
                                   time_t mtime, struct mk_diag *dc,
                                   volatile sig_atomic_t *cancel)
{
    struct mk_archive *a = mk_calloc(1, sizeof(*a));
    zip_error_t ze;

    if (a)
        a->display = mk_strdup(display);
    if (!a || !a->display) {
        free(a);
        mk_diag_oom(dc);
        return NULL;
    }
    a->dc = dc;
    a->cancel = cancel;
    dos_time_of(mtime, &a->dos_time, &a->dos_date);
    zip_error_init(&ze);
    if (path) {
        a->zip = open_target(a, path, &ze);
    } else {
        a->memory = zip_source_buffer_create(NULL, 0, 0, &ze);
        if (a->memory) {
            a->zip = zip_open_from_source(a->memory, ZIP_TRUNCATE, &ze);
            if (a->zip)
                zip_source_keep(a->memory);
            else
                zip_source_free(a->memory);
        }
    }
    if (!a->zip) {
        mk_diag_system(dc, display, 0, "cannot create the archive: %s",
                       zip_error_strerror(&ze));
        zip_error_fini(&ze);
        free(a->display);
        free(a);
        return NULL;
    }
    zip_error_fini(&ze);
    zip_register_cancel_callback_with_state(a->zip, on_cancel, NULL, a);
    return a;
}

static void free_entry(struct entry *e)
{
    if (e->fd >= 0)
        close(e->fd);
    mk_deflated_free(e->deflated);
    zip_error_fini(&e->error);
    free(e->name);
    free(e->path);
    free(e);
}

/* Makes sure a deflated entry's bytes are here. */
static int generate(struct entry *e)
{
    if (e->kind != ENTRY_DEFLATED || e->generated)
        return 0;
    if (e->archive->cancel && *e->archive->cancel)
        return -1;
    e->deflated = e->take(e->ctx);
    if (!e->deflated)
        return -1;
    e->generated = 1;
    e->data = e->deflated->data;
    e->len = e->deflated->comp_size;
    e->comp_size = e->deflated->comp_size;
    e->crc = e->deflated->crc;
    return 0;
}

static zip_int64_t read_entry(struct entry *e, void *out, zip_uint64_t n)
{
    if (e->kind == ENTRY_FILE) {
        ssize_t got = read(e->fd, out, n > 1u << 30 ? 1u << 30 : n);

        if (got < 0) {
            int err = errno;

            mk_diag_system(e->archive->dc, e->path, err, "cannot read");
            zip_error_set(&e->error, ZIP_ER_READ, err);
            return -1;
        }
        return got;
    }
    if (n > e->len - e->offset)
        n = e->len - e->offset;
    if (n)
        memcpy(out, (const char *)e->data + e->offset, n);
    e->offset += n;
    return (zip_int64_t)n;
}

static zip_int64_t entry_callback(void *ud, void *data, zip_uint64_t len,
                                  zip_source_cmd_t cmd)
{
    struct entry *e = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        e->offset = 0;
        if (e->kind == ENTRY_FILE) {
            e->fd = open(e->path, O_RDONLY | O_CLOEXEC);
            if (e->fd < 0) {
                int err = errno;

                mk_diag_system(e->archive->dc, e->path, err, "cannot open");
                zip_error_set(&e->error, ZIP_ER_OPEN, err);
                return -1;
            }
        } else if (generate(e) < 0) {
            zip_error_set(&e->error, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        return 0;
    case ZIP_SOURCE_READ:
        return read_entry(e, data, len);
    case ZIP_SOURCE_CLOSE:
        if (e->fd >= 0) {
            close(e->fd);
            e->fd = -1;
        }
        /* the bytes are in the archive now; keep memory bounded (the
         * sizes stay, libzip asks for them again) */
        if (e->kind == ENTRY_DEFLATED && e->deflated) {
            e->len = e->deflated->size;
            mk_deflated_free(e->deflated);
            e->deflated = NULL;
            e->data = NULL;
        }
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;

        if (len < sizeof(*st))
            return -1;
        if (generate(e) < 0) {
            zip_error_set(&e->error, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        zip_stat_init(st);
        st->size = e->len;
        st->valid |= ZIP_STAT_SIZE;
        if (e->kind == ENTRY_DEFLATED) {
            st->size = e->deflated ? e->deflated->size : e->len;
            st->comp_size = e->comp_size;
            st->comp_method = ZIP_CM_DEFLATE;
            st->crc = (zip_uint32_t)e->crc;
            st->encryption_method = ZIP_EM_NONE;
            st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD
                         | ZIP_STAT_CRC | ZIP_STAT_ENCRYPTION_METHOD;
        }
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&e->error, data, len);
    case ZIP_SOURCE_FREE:
        free_entry(e);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
            ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

static int add_entry(struct mk_archive *a, struct entry *e, int store)
{
    zip_source_t *src;
    zip_int64_t idx;

    e->archive = a;
    e->fd = -1;
    zip_error_init(&e->error);
    src = zip_source_function(a->zip, entry_callback, e);
    if (!src) {
        free_entry(e);
        a->failed = 1;
        return mk_diag_oom(a->dc);
    }
    idx = zip_file_add(a->zip, e->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        mk_diag_system(a->dc, a->display, 0, "cannot add '%s': %s",
                       e->name, zip_strerror(a->zip));
        zip_source_free(src);
        a->failed = 1;
        return -1;
    }
    if (zip_set_file_compression(a->zip, (zip_uint64_t)idx,
                                 store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) < 0
        || zip_file_set_dostime(a->zip, (zip_uint64_t)idx, a->dos_time,
                                a->dos_date, 0) < 0
        || zip_file_set_external_attributes(a->zip, (zip_uint64_t)idx, 0,
                                            ZIP_OPSYS_UNIX,
                                            0100644u << 16) < 0) {
        a->failed = 1;
        return mk_diag_system(a->dc, a->display, 0, "cannot set up '%s': %s",
                              e->name, zip_strerror(a->zip));
    }
    return 0;
}

static struct entry *new_entry(struct mk_archive *a, const char *name,
                               enum entry_kind kind)
{
    struct entry *e = mk_calloc(1, sizeof(*e));

    if (e)
        e->name = mk_strdup(name);
    if (!e || !e->name) {
        free(e);
        a->failed = 1;
        mk_diag_oom(a->dc);
        return NULL;
    }
    e->kind = kind;
    e->fd = -1;
    return e;
}

int mk_archive_add_data(struct mk_archive *a, const char *name,
                        const void *data, size_t len, int store)
{
    struct entry *e = new_entry(a, name, ENTRY_DATA);

    if (!e)
        return -1;
    e->data = data;
    e->len = len;
    return add_entry(a, e, store);
}

int mk_archive_add_file(struct mk_archive *a, const char *name,
                        const char *path, long size, int store)
{
    struct entry *e = new_entry(a, name, ENTRY_FILE);

    if (!e)
        return -1;
    e->path = mk_strdup(path);
    if (!e->path) {
        free_entry(e);
        a->failed = 1;
        return mk_diag_oom(a->dc);
    }
    e->len = size > 0 ? (size_t)size : 0;
    return add_entry(a, e, store);
}

int mk_archive_add_deflated(struct mk_archive *a, const char *name,
                            mk_archive_take_fn take, void *ctx)
{
    struct entry *e = new_entry(a, name, ENTRY_DEFLATED);

    if (!e)
        return -1;
    e->take = take;
    e->ctx = ctx;
    return add_entry(a, e, 0);
}

/* Streams kept by mk_deflater_keep() share blocks of this size; one
 * larger than a quarter of it gets a buffer of its own. */
#define BLOCK_SIZE ((size_t)1 << 20)

struct mk_deflated_block {
    atomic_size_t refs;         /* streams in it, +1 while being filled */
    size_t used;
    unsigned char bytes[];
};

static void unref_block(struct mk_deflated_block *k)
{
    if (k && atomic_fetch_sub(&k->refs, 1) == 1)
        free(k);
}

void mk_deflated_free(struct mk_deflated *d)
{
    if (!d)
        return;
    if (d->block)
        unref_block(d->block);
    else
        free(d->data);
    free(d);
}

/* libdeflate's fastest level: on the benchmark's chapters (47 MB of
 * XHTML) it compresses 2.7x faster than its level 6 and 5x faster than
 * zlib's level 6, for a ratio of 0.338 against zlib -6's 0.332 (README,
 * "Speed"). */
#define DEFLATE_LEVEL 1
/* Idle compressors kept for reuse: one per thread that ever deflated at
 * once, at most this many (others are freed on release). */
#define POOL_SIZE 16
/* The largest output buffer a pooled compressor keeps for reuse (the
 * worst case of a 1 MB input); larger inputs get a buffer of their own
 * (compress_into). */
#define SLOT_MAX ((size_t)1 << 20)

/* A compressor with its output buffer (the worst case of the largest
 * input so far), reused from call to call. */
struct slot {
    struct libdeflate_compressor *c;
    unsigned char *out;
    size_t cap;
};

struct mk_deflater {
    pthread_mutex_t lock;
    struct slot idle[POOL_SIZE];
    size_t n_idle;
    struct mk_deflated_block *filling;  /* mk_deflater_keep's block */
    int spill_fd;               /* mk_deflater_spill's file, or -1 */
    int spill_failed;           /* it cannot be made or written */
    unsigned long long spill_end;       /* where the next stream goes */
};

struct mk_deflater *mk_deflater_new(void)
{
    struct mk_deflater *z = mk_calloc(1, sizeof(*z));

    if (z && pthread_mutex_init(&z->lock, NULL) != 0) {
        free(z);
        z = NULL;
    }
    if (z)
        z->spill_fd = -1;
    return z;
}

static void free_slot(struct slot *s)
{
    libdeflate_free_compressor(s->c);
    free(s->out);
}

void mk_deflater_free(struct mk_deflater *z)
{
    size_t i;

    if (!z)
        return;
    for (i = 0; i < z->n_idle; i++)
        free_slot(&z->idle[i]);
    unref_block(z->filling);
    if (z->spill_fd >= 0)
        close(z->spill_fd);
    pthread_mutex_destroy(&z->lock);
    free(z);
}

/* An idle slot, or a new one; 0 or -1 when out of memory. */
static int acquire(struct mk_deflater *z, struct slot *s)
{
    int found = 0;

    pthread_mutex_lock(&z->lock);
    if (z->n_idle) {
        *s = z->idle[--z->n_idle];
        found = 1;
    }
    pthread_mutex_unlock(&z->lock);
    if (found)
        return 0;
    s->out = NULL;
    s->cap = 0;
    s->c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    return s->c ? 0 : -1;
}

static void release_slot(struct mk_deflater *z, struct slot *s)
{
    pthread_mutex_lock(&z->lock);
    if (z->n_idle < POOL_SIZE) {
        z->idle[z->n_idle++] = *s;
        s = NULL;
    }
    pthread_mutex_unlock(&z->lock);
    if (s)
        free_slot(s);
}

/* Deflates len bytes into a buffer of their own that fits them: small
 * inputs through the slot's reused buffer (then copied out), large ones
 * (the navigation of a long book) straight into the worst case, which is
 * then shrunk, so that no worst-case buffer outlives the call.  The
 * number of bytes, or 0 when out of memory. */
static size_t compress_into(struct slot *s, const void *data, size_t len,
                            unsigned char **out)
{
    size_t bound = libdeflate_deflate_compress_bound(s->c, len), got = 0;
    unsigned char *buf;

    *out = NULL;
    if (bound > SLOT_MAX) {
        buf = mk_malloc(bound);
        if (buf)
            got = libdeflate_deflate_compress(s->c, data, len, buf, bound);
        if (got) {
            unsigned char *fit = mk_reallocarray(buf, got, 1);

            *out = fit ? fit : buf;
        } else {
            free(buf);
        }
        return got;
    }
    if (bound > s->cap) {
        buf = mk_reallocarray(s->out, bound, 1);
        if (!buf)
            return 0;
        s->out = buf;
        s->cap = bound;
    }
    /* the bound always fits, so 0 (did not fit) cannot happen */
    got = libdeflate_deflate_compress(s->c, data, len, s->out, s->cap);
    if (got)
        *out = mk_malloc(got);
    if (!*out)
        return 0;
    memcpy(*out, s->out, got);
    return got;
}

struct mk_deflated *mk_deflater_run(struct mk_deflater *z, const void *data,
                                    size_t len)
{
    struct mk_deflated *d;
    struct slot s;

    if (acquire(z, &s) < 0)
        return NULL;
    d = mk_calloc(1, sizeof(*d));
    if (d)
        d->comp_size = compress_into(&s, data, len, &d->data);
    release_slot(z, &s);
    if (d && !d->comp_size) {
        free(d->data);
        free(d);
        return NULL;
    }
    if (d) {
        d->size = len;
        d->crc = libdeflate_crc32(0, data, len);
    }
    return d;
}

/* Deflates data into the slot's buffer, grown to bound first: the
 * compressed size, or 0 when memory ran out. */
static size_t compress_in_slot(struct slot *s, const void *data, size_t len,
                               size_t bound)
{
    if (bound > s->cap) {
        unsigned char *out = mk_reallocarray(s->out, bound, 1);

        if (!out)
            return 0;
        s->out = out;
        s->cap = bound;
    }
    return libdeflate_deflate_compress(s->c, data, len, s->out, s->cap);
}

/* Copies a stream of got bytes (from the slot's buffer) into the block
 * being filled, or a new one; d receives its place.  -1 when out of
 * memory. */
static int into_block(struct mk_deflater *z, struct mk_deflated *d,
                      const unsigned char *bytes, size_t got)
{
    struct mk_deflated_block *k, *done = NULL;

    pthread_mutex_lock(&z->lock);
    k = z->filling;
    if (!k || BLOCK_SIZE - k->used < got) {
        done = k;
        k = mk_malloc(sizeof(*k) + BLOCK_SIZE);
        if (k) {
            atomic_init(&k->refs, 1);
            k->used = 0;
        }
        z->filling = k;
    }
    if (k) {
        d->data = k->bytes + k->used;
        d->block = k;
        k->used += got;
        atomic_fetch_add(&k->refs, 1);
    }
    pthread_mutex_unlock(&z->lock);
    unref_block(done);
    if (!k)
        return -1;
    memcpy(d->data, bytes, got);
    return 0;
}

struct mk_deflated *mk_deflater_keep(struct mk_deflater *z, const void *data,
                                     size_t len)
{
    struct mk_deflated *d;
    struct slot s;
    size_t bound, got = 0;

    if (acquire(z, &s) < 0)
        return NULL;
    bound = libdeflate_deflate_compress_bound(s.c, len);
    if (bound > BLOCK_SIZE / 4) {
        release_slot(z, &s);
        return mk_deflater_run(z, data, len);
    }
    d = mk_calloc(1, sizeof(*d));
    if (d)
        got = compress_in_slot(&s, data, len, bound);
    if (got && into_block(z, d, s.out, got) < 0)
        got = 0;
    release_slot(z, &s);
    if (!got) {
        free(d);
        return NULL;
    }
    d->comp_size = got;
    d->size = len;
    d->crc = libdeflate_crc32(0, data, len);
    return d;
}

/* An unnamed temporary file to read and write in $TMPDIR (an absolute
 * path), else /tmp: O_TMPFILE where the file system has it, else a
 * named file removed at once.  -1 when neither can be made. */
static int open_spill_file(void)
{
    const char *dir = getenv("TMPDIR");
    char *name;
    int fd = -1;

    if (!dir || dir[0] != '/')
        dir = "/tmp";
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    name = mk_malloc(strlen(dir) + sizeof("/mkepub-spill-XXXXXX"));
    if (!name)
        return -1;
    strcpy(name, dir);
    strcat(name, "/mkepub-spill-XXXXXX");
    fd = mkostemp(name, O_CLOEXEC);
    if (fd >= 0)
        unlink(name);
    free(name);
    return fd;
}

/* Reserves len bytes of the spill file (made on first use) for d: the
 * file, or -1 when it cannot be had. */
static int reserve_spill(struct mk_deflater *z, struct mk_deflated *d,
                         size_t len)
{
    int fd;

    pthread_mutex_lock(&z->lock);
    if (z->spill_fd < 0 && !z->spill_failed) {
        z->spill_fd = open_spill_file();
        z->spill_failed = z->spill_fd < 0;
    }
    fd = z->spill_failed ? -1 : z->spill_fd;
    d->spill_at = z->spill_end;
    z->spill_end += len;
    pthread_mutex_unlock(&z->lock);
    return fd;
}

/* Gives up the spill file after a write failed (a full disk). */
static void spill_broken(struct mk_deflater *z)
{
    pthread_mutex_lock(&z->lock);
    z->spill_failed = 1;
    pthread_mutex_unlock(&z->lock);
}

/* Writes (write) or reads len bytes at offset at of fd, whole.  0 or
 * -1. */
static int spill_io(int fd, unsigned char *bytes, size_t len,
                    unsigned long long at, int write)
{
    while (len) {
        ssize_t n = write ? pwrite(fd, bytes, len, (off_t)at)
                          : pread(fd, bytes, len, (off_t)at);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        bytes += n;
        len -= (size_t)n;
        at += (unsigned long long)n;
    }
    return 0;
}

struct mk_deflated *mk_deflater_spill(struct mk_deflater *z, const void *data,
                                      size_t len, int *unavailable)
{
    struct mk_deflated *d;
    struct slot s;
    size_t bound, got = 0;
    int fd, failed;

    *unavailable = 0;
    if (acquire(z, &s) < 0)
        return NULL;
    bound = libdeflate_deflate_compress_bound(s.c, len);
    if (bound > SLOT_MAX) {
        /* the slot keeps no buffer this large: one of its own */
        release_slot(z, &s);
        d = mk_deflater_run(z, data, len);
        if (!d)
            return NULL;
        fd = reserve_spill(z, d, d->comp_size);
        failed = fd < 0 || spill_io(fd, d->data, d->comp_size,
                                    d->spill_at, 1) < 0;
        if (failed) {
            mk_deflated_free(d);
            spill_broken(z);
            *unavailable = 1;
            return NULL;
        }
        free(d->data);
        d->data = NULL;
        d->spilled = 1;
        return d;
    }
    d = mk_calloc(1, sizeof(*d));
    if (d)
        got = compress_in_slot(&s, data, len, bound);
    if (got) {
        fd = reserve_spill(z, d, got);
        if (fd < 0 || spill_io(fd, s.out, got, d->spill_at, 1) < 0) {
            spill_broken(z);
            *unavailable = 1;
            got = 0;
        }
    }
    release_slot(z, &s);
    if (!got) {
        free(d);
        return NULL;
    }
    d->comp_size = got;
    d->size = len;
    d->crc = libdeflate_crc32(0, data, len);
    d->spilled = 1;
    return d;
}

int mk_deflater_load(struct mk_deflater *z, struct mk_deflated *d)
{
    unsigned char *bytes;
    int fd;

    if (!d->spilled || d->data)
        return 0;
    pthread_mutex_lock(&z->lock);
    fd = z->spill_fd;
    pthread_mutex_unlock(&z->lock);
    bytes = mk_malloc(d->comp_size ? d->comp_size : 1);
    if (!bytes)
        return -1;
    if (fd < 0 || spill_io(fd, bytes, d->comp_size, d->spill_at, 0) < 0) {
        free(bytes);
        return -1;
    }
    d->data = bytes;
    return 0;
}

void mk_deflater_seal(struct mk_deflater *z)
{
    struct mk_deflated_block *k;

    pthread_mutex_lock(&z->lock);
    k = z->filling;
    z->filling = NULL;
    pthread_mutex_unlock(&z->lock);
    unref_block(k);
}

static int read_memory(struct mk_archive *a, unsigned char **data,
                       size_t *len)
{
    zip_stat_t st;
    unsigned char *bytes;
    zip_int64_t got;

    if (zip_source_stat(a->memory, &st) < 0
        || zip_source_open(a->memory) < 0)
        return mk_diag_system(a->dc, a->display, 0, "cannot read the "
                              "archive back: %s", zip_error_strerror(
                                  zip_source_error(a->memory)));
    bytes = mk_malloc(st.size);
    if (!bytes) {
        zip_source_close(a->memory);
        return mk_diag_oom(a->dc);
    }
    got = zip_source_read(a->memory, bytes, st.size);
    zip_source_close(a->memory);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(bytes);
        return mk_diag_system(a->dc, a->display, 0, "cannot read the "
                              "archive back");
    }
    *data = bytes;
    *len = st.size;
    return 0;
}

int mk_archive_commit(struct mk_archive *a, unsigned char **data,
                      size_t *len)
{
    int rc = 0;
    size_t errors_before = mk_diag_errors(a->dc);

    if (a->failed) {
        mk_archive_discard(a);
        return -1;
    }
    if (zip_close(a->zip) < 0) {
        zip_error_t *ze = zip_get_error(a->zip);

        if (a->cancel && *a->cancel)
            mk_diag_system(a->dc, a->display, 0, "interrupted; nothing "
                           "was written");
        else if (mk_diag_errors(a->dc) == errors_before)
            mk_diag_system(a->dc, a->display, 0, "cannot write the "
                           "archive: %s", zip_error_strerror(ze));
        zip_discard(a->zip);
        rc = -1;
    } else if (a->memory) {
        rc = read_memory(a, data, len);
        if (rc == 0 && a->vet
            && a->vet(a->vet_ctx, (unsigned long long)*len) < 0) {
            free(*data);
            *data = NULL;
            *len = 0;
            rc = -1;
        }
    }
    if (a->memory)
        zip_source_free(a->memory);
    free(a->display);
    free(a);
    return rc;
}

void mk_archive_write_in_background(struct mk_archive *a)
{
    a->background_writes = 1;
}

void mk_archive_set_vet(struct mk_archive *a,
                        int (*vet)(void *ctx, unsigned long long size),
                        void *ctx)
{
    a->vet = vet;
    a->vet_ctx = ctx;
}

void mk_archive_discard(struct mk_archive *a)
{
    if (!a)
        return;
    zip_discard(a->zip);
    if (a->memory)
        zip_source_free(a->memory);
    free(a->display);
    free(a);
}
