/*
 * diag.h - recording diagnostics (the collector's internal side).
 *
 * Every problem found anywhere in the library is recorded here with its
 * place; nothing is printed.  Recording is thread-safe, so chapters may be
 * checked on worker threads.  The public side (counting, sorting,
 * printing) is declared in mkepub.h.
 *
 * mk_error() and mk_diag_system() return -1 so that failing and
 * reporting take one line:  return mk_error(dc, file, line, 0, "...");
 */
#ifndef MK_DIAG_H
#define MK_DIAG_H

#include "mkepub.h"

/* Records a diagnostic.  file may be NULL (no place); line/col 0 mean
 * unknown.  Returns -1 for errors, 0 for warnings. */
int mk_diag_add(struct mk_diag *dc, enum mk_severity sev, const char *file,
                long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

int mk_error(struct mk_diag *dc, const char *file, long line, long col,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int mk_warning(struct mk_diag *dc, const char *file, long line, long col,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Records an I/O or system error about path: "msg: strerror(errnum)".
 * The run then ends with MK_ESYSTEM.  Returns -1. */
int mk_diag_system(struct mk_diag *dc, const char *path, int errnum,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a usage error found only once the book was read (e.g. the
 * output would overwrite a source): the run then ends with MK_EUSAGE
 * unless a system error was recorded too.  Returns -1. */
int mk_diag_usage(struct mk_diag *dc, const char *path, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));

/* Records that memory ran out (the message once, however often it is
 * called, from any thread).  Returns -1. */
int mk_diag_oom(struct mk_diag *dc);

/* Nonzero once mk_diag_oom() was called: the run should stop. */
int mk_diag_out_of_memory(struct mk_diag *dc);

#endif
