/*
 * mkepub.h - the public interface of libmkepub (installed as
 * <mkepub.h>; link with `pkg-config --cflags --libs mkepub`).
 *
 * The library turns a book source (book.xml, chaptered XHTML or Markdown,
 * stylesheets, images) into one EPUB 3 file that passes EPUBCheck 4.2
 * and 5.  It never prints (except where a function is handed a FILE)
 * and never exits: every problem is recorded in a struct mk_diag that
 * the caller reads or prints.  The command line (main.c) uses nothing
 * but this header, libc and libxml2's process-wide set-up.
 *
 * Two ways in:
 *   - struct mk_job (mk_job_new() ... mk_job_free()): opaque, options
 *     set by name; the stable interface for programs linking the
 *     shared library, since it has no structure whose size can change;
 *   - mk_build() with struct mk_options and struct mk_result: what the
 *     command line uses.  These structures grow when options are added,
 *     so a program using them must be rebuilt against the new header.
 *
 * Process-wide set-up the caller owns: libxml2's (xmlInitParser() once,
 * from one thread, before the first build: mk_job_new() calls it, so
 * make the first job before starting threads; mk_build() does not;
 * xmlCleanupParser() at exit if you like), an external entity loader
 * that refuses URLs (defence in depth: chapters are parsed with
 * XML_PARSE_NONET and without entity loading anyway; main.c sets one),
 * and TZ=UTC0 (libzip 1.7.3 passes DOS times through mktime(); without
 * it the archive's timestamps follow the local time zone).  Otherwise
 * the library keeps no global state: separate jobs may run on separate
 * threads.
 *
 * A minimal program:
 *
 *     struct mk_job *job = mk_job_new("book/book.xml");
 *     enum mk_status st = job ? mk_job_write(job, "out.epub")
 *                             : MK_ESYSTEM;
 *     if (job)
 *         mk_diag_print(mk_job_diag(job), stderr, 0);
 *     mk_job_free(job);
 *     return st;
 *
 * No libxml2 or libzip type appears here; struct mk_diag and struct
 * mk_job are opaque.
 */
#ifndef MKEPUB_H
#define MKEPUB_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#define MKEPUB_VERSION "1.0.0"
#define MKEPUB_VERSION_MAJOR 1
#define MKEPUB_VERSION_MINOR 0
#define MKEPUB_VERSION_PATCH 0

/* The folder of the EPUB archive that holds the package document and
 * every item ("EPUB/content.opf", "EPUB/chapters/c1.xhtml"). */
#define MKEPUB_PACKAGE_DIR "EPUB"

/* The library's version at run time ("1.0.0"), which may differ from
 * MKEPUB_VERSION when the shared library was upgraded. */
const char *mk_version(void);

/* Writes into buf (size bytes, NUL-terminated, truncated if short) the
 * versions of the libraries mkepub runs with, one "name version" per
 * line: libzip, libxml2, cmark-gfm (run-time versions, as the
 * libraries report them), libdeflate (compile-time: it has no run-time
 * query) and nettle.  Returns the length the whole text needs, as
 * snprintf() does. */
size_t mk_dependency_versions(char *buf, size_t size);

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

/* As mk_diag_print(), with the words "error" and "warning" in bold red
 * and bold magenta (ANSI escapes) when colour is nonzero. */
int mk_diag_print_colour(struct mk_diag *dc, FILE *out, int quiet,
                         int colour);

/* The command line's rule for colour: nonzero when the stream is a
 * terminal (is_tty nonzero), the environment's NO_COLOR (no_color, NULL
 * when unset) is unset or empty (https://no-color.org), and TERM (term)
 * is set and not "dumb". */
int mk_diag_colour_wanted(int is_tty, const char *no_color,
                          const char *term);

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

/* Adds to *targets the stores a --target value names: "kindle", "kobo",
 * "apple", "google" or "all", or several with commas ("kindle,kobo").
 * Returns 0, or -1 (leaving *targets as it was) for any other word. */
int mk_targets_parse(const char *list, unsigned *targets);

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
    /* Called, when not NULL, once per package item after the book is
     * checked and laid out (so also with check_only), from the calling
     * thread: source is the file read (NULL for a generated document:
     * nav, cover page, credits, NCX; and for a remote resource, which is
     * not read), name the item's path in the
     * package, relative to the folder MKEPUB_PACKAGE_DIR of the archive
     * (for a remote resource, its URL), media_type its type. */
    void (*on_item)(void *arg, const char *source, const char *name,
                    const char *media_type);
    void *on_item_arg;
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
    size_t images;          /* manifest items that are images */
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
/* ---- the opaque job ---------------------------------------------------
 *
 * A job names one book and carries its options and the diagnostics of
 * its last run.  Each run (check, write) starts with fresh diagnostics,
 * so a job can be checked, fixed on disk, and run again. */

struct mk_job;

/* A job for book (a book.xml file, or a folder holding one; the string
 * is copied), with the default options, or NULL when out of memory. */
struct mk_job *mk_job_new(const char *book);

/* Frees the job and its diagnostics.  NULL is a no-op. */
void mk_job_free(struct mk_job *job);

/* Sets an option by its command-line long name, value as on the command
 * line ("root" "DIR", "epub" "3.3", "toc-depth" "2", "threads" "1",
 * "source-date-epoch" "1606953600", "target" "kindle,kobo"), or NULL for
 * a flag ("no-ncx", "strict").
 * Returns MK_OK, or MK_EUSAGE for an unknown name or a wrong value (the
 * option is then left as it was, and the reason is in the job's
 * diagnostics until its next run). */
enum mk_status mk_job_set(struct mk_job *job, const char *name,
                          const char *value);

/* Reads and cross-checks the book, writes nothing (--check). */
enum mk_status mk_job_check(struct mk_job *job);

/* Builds the book into the file path (replaced atomically; on failure an
 * earlier file there is untouched). */
enum mk_status mk_job_write(struct mk_job *job, const char *path);

/* Builds the book into memory: on MK_OK *data (malloc'ed, the caller
 * frees it with free()) and *size hold the EPUB; otherwise NULL and 0. */
enum mk_status mk_job_write_memory(struct mk_job *job, unsigned char **data,
                                   size_t *size);

/* The diagnostics of the job's last run (or of its mk_job_set() calls
 * since); they belong to the job and live until its next run. */
struct mk_diag *mk_job_diag(struct mk_job *job);

/* What the last successful run found: chapters in the reading order,
 * manifest items and images among them (0 before any run). */
size_t mk_job_chapters(const struct mk_job *job);
size_t mk_job_items(const struct mk_job *job);
size_t mk_job_images(const struct mk_job *job);

/* ---- a new book -------------------------------------------------------- */

/* Makes a starter book in dir (made if missing; an existing dir must be
 * an empty folder, not a symbolic link): book.xml with every field
 * (optional ones commented), chapters/01-welcome.xhtml,
 * chapters/02-writing-in-markdown.md, images/cover.svg and
 * styles/book.css, which build with no errors and no warnings.  Nothing
 * is ever overwritten: an existing, non-empty dir is MK_EUSAGE with
 * nothing changed; an I/O error part-way is MK_ESYSTEM with what this
 * call made removed again. */
enum mk_status mk_init(const char *dir, struct mk_diag *dc);

#endif
