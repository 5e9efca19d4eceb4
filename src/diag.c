/*
 * diag.c - the diagnostics collector: records (file, line, column,
 * severity, message), counts them, sorts them for output and prints them
 * in the form compilers use.  It owns one copy of every string: a file
 * name or message recorded many times (the same warning on 400,000
 * headings) is kept once.
 *
 * It must not depend on any other mkepub module but buf and strmap.
 */
#include "diag.h"
#include "buf.h"
#include "strmap.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct mk_diag_entry {
    const char *file;       /* in strings */
    long line, col;
    enum mk_severity sev;
    const char *message;    /* in strings */
    size_t seq;
};

struct mk_diag {
    pthread_mutex_t lock;
    struct mk_diag_entry *items;
    size_t count, cap;
    struct mk_strmap interned;  /* each string -> its copy in strings */
    struct mk_strpool strings;
    size_t errors, warnings;
    size_t lost;            /* messages that could not be stored */
    int system_failed;
    int usage_failed;       /* mk_diag_usage() was called */
    atomic_int out_of_memory;   /* mk_diag_oom() was called (reported
                                 * once); read without the lock */
    int sorted;
};

struct mk_diag *mk_diag_new(void)
{
    struct mk_diag *dc = mk_calloc(1, sizeof(*dc));

    if (!dc)
        return NULL;
    if (pthread_mutex_init(&dc->lock, NULL) != 0) {
        free(dc);
        return NULL;
    }
    return dc;
}

void mk_diag_free(struct mk_diag *dc)
{
    if (!dc)
        return;
    free(dc->items);
    mk_strmap_release(&dc->interned);
    mk_strpool_release(&dc->strings);
    pthread_mutex_destroy(&dc->lock);
    free(dc);
}

size_t mk_diag_errors(const struct mk_diag *dc)
{
    return dc->errors;
}

size_t mk_diag_warnings(const struct mk_diag *dc)
{
    return dc->warnings;
}

int mk_diag_system_failed(const struct mk_diag *dc)
{
    return dc->system_failed;
}

enum mk_status mk_diag_status(const struct mk_diag *dc)
{
    if (dc->system_failed)
        return MK_ESYSTEM;
    if (dc->usage_failed)
        return MK_EUSAGE;
    return dc->errors ? MK_ESOURCE : MK_OK;
}

/* What record() stores besides the message. */
enum { RECORD_SOURCE, RECORD_SYSTEM, RECORD_USAGE };

/* The collector's one copy of s (the lock held), or NULL when memory
 * ran out. */
static const char *intern(struct mk_diag *dc, const char *s)
{
    char *copy = mk_strmap_get(&dc->interned, s);

    if (copy)
        return copy;
    copy = mk_strpool_add(&dc->strings, s);
    if (!copy || mk_strmap_put(&dc->interned, copy, copy) < 0)
        return NULL;
    return copy;
}

/* Stores one entry (message is malloc'ed, or NULL when formatting it
 * failed, and freed here); on allocation failure the count still moves,
 * the run is marked as a system failure and the loss is counted (printed
 * as one more error), so no error is ever lost silently. */
static void record(struct mk_diag *dc, enum mk_severity sev, int system,
                   const char *file, long line, long col, char *message)
{
    struct mk_diag_entry *e;
    const char *file_copy = NULL, *message_copy = NULL;

    pthread_mutex_lock(&dc->lock);
    if (sev == MK_ERROR)
        dc->errors++;
    else
        dc->warnings++;
    if (system == RECORD_SYSTEM)
        dc->system_failed = 1;
    else if (system == RECORD_USAGE)
        dc->usage_failed = 1;
    if (message)
        message_copy = intern(dc, message);
    if (file)
        file_copy = intern(dc, file);
    free(message);
    if (!message_copy || (file && !file_copy)
        || mk_grow_array(&dc->items, &dc->cap, dc->count,
                         sizeof(*dc->items)) < 0) {
        dc->system_failed = 1;
        if (dc->lost++ == 0)
            dc->errors++;
        pthread_mutex_unlock(&dc->lock);
        return;
    }
    e = &dc->items[dc->count];
    e->file = file_copy;
    e->line = line;
    e->col = col;
    e->sev = sev;
    e->message = message_copy;
    e->seq = dc->count;
    dc->count++;
    dc->sorted = 0;
    pthread_mutex_unlock(&dc->lock);
}

static int vrecord(struct mk_diag *dc, enum mk_severity sev, int system,
                   const char *file, long line, long col, const char *fmt,
                   va_list ap) __attribute__((format(printf, 7, 0)));

static int vrecord(struct mk_diag *dc, enum mk_severity sev, int system,
                   const char *file, long line, long col, const char *fmt,
                   va_list ap)
{
    struct mk_buf msg = MK_BUF_INIT;

    mk_buf_vaddf(&msg, fmt, ap);
    record(dc, sev, system, file, line, col, mk_buf_detach(&msg, NULL));
    return sev == MK_ERROR ? -1 : 0;
}

int mk_diag_add(struct mk_diag *dc, enum mk_severity sev, const char *file,
                long line, long col, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vrecord(dc, sev, 0, file, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

int mk_error(struct mk_diag *dc, const char *file, long line, long col,
             const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vrecord(dc, MK_ERROR, 0, file, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

int mk_warning(struct mk_diag *dc, const char *file, long line, long col,
               const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vrecord(dc, MK_WARNING, 0, file, line, col, fmt, ap);
    va_end(ap);
    return 0;
}

int mk_diag_system(struct mk_diag *dc, const char *path, int errnum,
                   const char *fmt, ...)
{
    struct mk_buf msg = MK_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    mk_buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    if (errnum)
        mk_buf_addf(&msg, ": %s", strerror(errnum));
    record(dc, MK_ERROR, RECORD_SYSTEM, path, 0, 0,
           mk_buf_detach(&msg, NULL));
    return -1;
}

int mk_diag_usage(struct mk_diag *dc, const char *path, const char *fmt,
                  ...)
{
    struct mk_buf msg = MK_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    mk_buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    record(dc, MK_ERROR, RECORD_USAGE, path, 0, 0,
           mk_buf_detach(&msg, NULL));
    return -1;
}

int mk_diag_oom(struct mk_diag *dc)
{
    if (atomic_exchange(&dc->out_of_memory, 1) == 0)
        mk_diag_system(dc, NULL, ENOMEM, "out of memory");
    return -1;
}

int mk_diag_out_of_memory(struct mk_diag *dc)
{
    return atomic_load_explicit(&dc->out_of_memory, memory_order_relaxed);
}

static int compare_entries(const void *pa, const void *pb)
{
    const struct mk_diag_entry *a = pa, *b = pb;
    int c;

    if (!a->file != !b->file)
        return a->file ? 1 : -1;
    if (a->file) {
        c = strcmp(a->file, b->file);
        if (c)
            return c;
    }
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    /* Worker threads record in any order; the text decides ties so
     * that output is the same on every run. */
    c = strcmp(a->message, b->message);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

size_t mk_diag_count(struct mk_diag *dc)
{
    if (!dc->sorted) {
        if (dc->count > 1)
            qsort(dc->items, dc->count, sizeof(*dc->items),
                  compare_entries);
        dc->sorted = 1;
    }
    return dc->count;
}

int mk_diag_get(struct mk_diag *dc, size_t i, const char **file,
                long *line, long *col, enum mk_severity *sev,
                const char **message)
{
    const struct mk_diag_entry *e;

    if (i >= mk_diag_count(dc))
        return -1;
    e = &dc->items[i];
    *file = e->file;
    *line = e->line;
    *col = e->col;
    *sev = e->sev;
    *message = e->message;
    return 0;
}

/* The severity words, plain and in colour (bold red, bold magenta, as
 * compilers print them). */
static const struct {
    const char *plain, *coloured;
} sev_words[] = {
    [MK_WARNING] = { "warning", "\033[1;35mwarning\033[0m" },
    [MK_ERROR] = { "error", "\033[1;31merror\033[0m" },
};

static int print_entry(FILE *out, const struct mk_diag_entry *e,
                       int colour)
{
    const char *label = colour ? sev_words[e->sev].coloured
                               : sev_words[e->sev].plain;

    if (!e->file)
        return fprintf(out, "mkepub: %s: %s\n", label, e->message);
    if (e->line > 0)
        return fprintf(out, "%s:%ld:%ld: %s: %s\n", e->file, e->line,
                       e->col > 0 ? e->col : 1, label, e->message);
    return fprintf(out, "%s: %s: %s\n", e->file, label, e->message);
}

int mk_diag_colour_wanted(int is_tty, const char *no_color,
                          const char *term)
{
    return is_tty && (!no_color || !*no_color) && term && *term
           && strcmp(term, "dumb") != 0;
}

int mk_diag_print(struct mk_diag *dc, FILE *out, int quiet)
{
    return mk_diag_print_colour(dc, out, quiet, 0);
}

int mk_diag_print_colour(struct mk_diag *dc, FILE *out, int quiet,
                         int colour)
{
    size_t i, n = mk_diag_count(dc);
    int rc = 0;

    for (i = 0; i < n; i++) {
        if (quiet && dc->items[i].sev == MK_WARNING)
            continue;
        if (print_entry(out, &dc->items[i], colour) < 0)
            rc = -1;
    }
    if (dc->lost && fprintf(out, "mkepub: %s: out of memory: %zu "
                            "message%s lost\n",
                            colour ? sev_words[MK_ERROR].coloured
                                   : sev_words[MK_ERROR].plain, dc->lost,
                            dc->lost == 1 ? "" : "s") < 0)
        rc = -1;
    if (dc->errors || (dc->warnings && !quiet)) {
        if (fprintf(out, "%zu error%s, %zu warning%s\n", dc->errors,
                    dc->errors == 1 ? "" : "s", dc->warnings,
                    dc->warnings == 1 ? "" : "s") < 0)
            rc = -1;
    }
    return rc;
}
