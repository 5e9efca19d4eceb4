/*
 * mkepub.h - the public interface of libmkepub.
 *
 * The library turns a book source (book.xml, chaptered XHTML, stylesheets,
 * images) into one EPUB 3 file.  It never prints and never exits: every
 * problem is recorded in a struct mk_diag that the caller prints.  The
 * command line (main.c) uses nothing but this header and libc.
 *
 * No libxml2 or libzip type appears here; all structures are opaque.
 */
#ifndef MKEPUB_H
#define MKEPUB_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#define MKEPUB_VERSION "1.0.0"

/* Exit statuses of the contract; mk_build() returns one of these. */
enum mk_status {
    MK_OK = 0,        /* built (warnings allowed) */
    MK_ESOURCE = 1,   /* the sources have errors; nothing written */
    MK_EUSAGE = 2,    /* wrong usage */
    MK_ESYSTEM = 3    /* I/O or system error; nothing half-written */
};

enum mk_severity { MK_WARNING = 1, MK_ERROR = 2 };

/* ---- diagnostics collector (diag.c) ---------------------------------- */

struct mk_diag;

/* A new, empty collector, or NULL when out of memory.  Free with
 * mk_diag_free(). */
struct mk_diag *mk_diag_new(void);

/* Frees the collector and every message in it.  NULL is a no-op. */
void mk_diag_free(struct mk_diag *dc);

/* Counts of recorded errors (source and system) and warnings. */
size_t mk_diag_errors(const struct mk_diag *dc);
size_t mk_diag_warnings(const struct mk_diag *dc);

/* Nonzero when an I/O, system or out-of-memory error was recorded. */
int mk_diag_system_failed(const struct mk_diag *dc);

/* Number of recorded diagnostics and read access to the i-th one in
 * sorted order (file, then line, then column, then recording order).
 * Sorting happens on first access; the strings belong to the collector. */
size_t mk_diag_count(struct mk_diag *dc);
int mk_diag_get(struct mk_diag *dc, size_t i, const char **file,
                long *line, long *col, enum mk_severity *sev,
                const char **message);

/* Prints every diagnostic, sorted, one per line:
 *   file:LINE:COL: error: message      (or warning:)
 *   file: error: message               (no position known)
 * Warnings are left out when quiet is nonzero.  Messages that memory
 * ran out for are summed up in one "mkepub: error: out of memory" line
 * (counted as one error).  Returns 0 or -1. */
int mk_diag_print(struct mk_diag *dc, FILE *out, int quiet);

/* The status a run with these diagnostics ends with:
 * MK_ESYSTEM if a system error was recorded, else MK_EUSAGE if a usage
 * error was (an output path that names a source), else MK_ESOURCE if
 * any error, else MK_OK. */
enum mk_status mk_diag_status(const struct mk_diag *dc);

/* ---- building ---------------------------------------------------------- */

/* The stores whose pre-flight rules --target checks (target.c). */
enum mk_target {
    MK_TARGET_KINDLE = 1,
    MK_TARGET_KOBO = 2,
    MK_TARGET_APPLE = 4,
    MK_TARGET_GOOGLE = 8,
    MK_TARGET_ALL = 15
};

struct mk_options {
    const char *book;       /* book.xml, or a folder holding one (required) */
    const char *output;     /* NULL: build/<slug>.epub; "-": to memory */
    const char *root;       /* NULL: parent of the folder holding book.xml */
    int check_only;         /* read and cross-check, write nothing */
    int no_ncx;             /* leave out toc.ncx */
    int threads;            /* worker threads; 0 = automatic, 1 = none */
    /* 0: the book must pass both EPUB 3.2 (EPUBCheck 4.2) and EPUB 3.3
     * (EPUBCheck 5) rules; 1 (--epub 3.3): EPUB 3.3 alone, so forms
     * only 3.3 allows (WebP images, hgroup with <p>) are accepted. */
    int epub33_only;
    /* heading levels in the table of contents (nav and NCX), 1-6;
     * 0: book.xml's <chapters toc-depth>, else 3 (h1-h3) */
    int toc_depth;
    /* enum mk_target bits: the stores whose rules are checked, each
     * broken rule a warning (--target); 0: none */
    unsigned targets;
    /* a warning fails the run like an error: exit 1, nothing written
     * (--strict) */
    int strict;
    int have_epoch;         /* SOURCE_DATE_EPOCH given */
    long long epoch;        /* its value, seconds since 1970 UTC */
    /* Set to nonzero (e.g. by a signal handler) to abandon the build;
     * the output is then not written.  May be NULL. */
    volatile sig_atomic_t *cancel;
};

/* What a successful build produced.  Fill with mk_result_init(), release
 * with mk_result_release(). */
struct mk_result {
    char *output_path;      /* the file written (NULL for "-" or --check) */
    unsigned char *data;    /* the EPUB bytes when output was "-" */
    size_t size;            /* their length */
    size_t chapters;        /* chapters in the reading order */
    size_t resources;       /* manifest items */
    size_t renamed;         /* files given a safe name in the archive */
};

void mk_result_init(struct mk_result *res);
void mk_result_release(struct mk_result *res);

/* Reads, checks and (unless check_only) writes the book.  Every problem
 * goes to dc.  Returns the contract's exit status; on anything but MK_OK
 * no output file was created or changed. */
enum mk_status mk_build(const struct mk_options *opts, struct mk_diag *dc,
                        struct mk_result *res);

/* ---- inspecting an EPUB ------------------------------------------------ */

/* Reads the EPUB at path (EPUB 2 or 3, made by any tool) without
 * extracting anything, and writes a report to out: metadata, reading
 * order, table of contents, landmarks, manifest (with sizes and
 * compression) and the other archive entries; as text, or when json is
 * nonzero as the JSON document described in mkepub(1) ("format":
 * "mkepub-inspect/1").  Hostile or broken archives (zip bombs, unsafe
 * names, broken XML...) are reported in dc; at most 64 MB of one entry
 * and 256 MB in all are decompressed.  The report is written whole or
 * not at all: nothing when the package document cannot be read.
 * Returns MK_OK, MK_ESOURCE (problems recorded: the report, if any,
 * covers what could be read) or MK_ESYSTEM (the file cannot be read,
 * out of memory, or writing out failed). */
enum mk_status mk_inspect(const char *path, int json, FILE *out,
                          struct mk_diag *dc);

#endif
