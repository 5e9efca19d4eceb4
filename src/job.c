/*
 * job.c - the opaque job of the public interface (struct mk_job), and
 * the version queries.
 *
 * Owns struct mk_job: a book, its options set by their command-line
 * names (a table of names and setters, so the interface has no
 * structure whose size can change), the diagnostics of the last run and
 * its counts.  Each run gets a fresh collector.  Also owns
 * mk_version() and mk_dependency_versions().
 */
#include "mkepub.h"

#include "buf.h"
#include "diag.h"

#include <cmark-gfm.h>
#include <errno.h>
#include <libdeflate.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <nettle/version.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct mk_job {
    char *book;
    char *root;
    struct mk_options opts;
    struct mk_diag *dc;
    size_t chapters, items, images;
};

struct mk_job *mk_job_new(const char *book)
{
    struct mk_job *job;

    xmlInitParser();
    job = mk_calloc(1, sizeof(*job));
    if (!job)
        return NULL;
    job->book = mk_strdup(book ? book : "");
    job->dc = mk_diag_new();
    if (!job->book || !job->dc) {
        mk_job_free(job);
        return NULL;
    }
    job->opts.book = job->book;
    return job;
}

void mk_job_free(struct mk_job *job)
{
    if (!job)
        return;
    free(job->book);
    free(job->root);
    mk_diag_free(job->dc);
    free(job);
}

struct mk_diag *mk_job_diag(struct mk_job *job)
{
    return job->dc;
}

size_t mk_job_chapters(const struct mk_job *job)
{
    return job->chapters;
}

size_t mk_job_items(const struct mk_job *job)
{
    return job->items;
}

size_t mk_job_images(const struct mk_job *job)
{
    return job->images;
}

/* value as a whole number from lo to hi into *out.  Returns 0 or -1. */
static int whole_number(const char *value, long long lo, long long hi,
                        long long *out)
{
    char *end;

    if (!value || value[0] < '0' || value[0] > '9')
        return -1;
    errno = 0;
    *out = strtoll(value, &end, 10);
    return errno || *end || *out < lo || *out > hi ? -1 : 0;
}

static int set_root(struct mk_job *job, const char *value)
{
    char *copy;

    if (!value || !*value)
        return -1;
    copy = mk_strdup(value);
    if (!copy)
        return mk_diag_oom(job->dc);
    free(job->root);
    job->root = copy;
    job->opts.root = copy;
    return 0;
}

static int set_no_ncx(struct mk_job *job, const char *value)
{
    if (value)
        return -1;
    job->opts.no_ncx = 1;
    return 0;
}

static int set_epub(struct mk_job *job, const char *value)
{
    if (!value || (strcmp(value, "3.2") != 0 && strcmp(value, "3.3") != 0))
        return -1;
    job->opts.epub33_only = strcmp(value, "3.3") == 0;
    return 0;
}

static int set_toc_depth(struct mk_job *job, const char *value)
{
    long long n;

    if (whole_number(value, 1, 6, &n) < 0)
        return -1;
    job->opts.toc_depth = (int)n;
    return 0;
}

static int set_threads(struct mk_job *job, const char *value)
{
    long long n;

    if (whole_number(value, 1, 64, &n) < 0)
        return -1;
    job->opts.threads = (int)n;
    return 0;
}

static int set_epoch(struct mk_job *job, const char *value)
{
    long long n;

    /* the last second of 9999, as the command line's SOURCE_DATE_EPOCH */
    if (whole_number(value, 0, 253402300799LL, &n) < 0)
        return -1;
    job->opts.have_epoch = 1;
    job->opts.epoch = n;
    return 0;
}

static int set_target(struct mk_job *job, const char *value)
{
    return value ? mk_targets_parse(value, &job->opts.targets) : -1;
}

static int set_strict(struct mk_job *job, const char *value)
{
    if (value)
        return -1;
    job->opts.strict = 1;
    return 0;
}

/* The options by name, sorted for bsearch; what a wrong value is told. */
static const struct job_option {
    const char *name;
    int (*set)(struct mk_job *job, const char *value);
    const char *wants;
} job_options[] = {
    { "epub", set_epub, "3.2 or 3.3" },
    { "no-ncx", set_no_ncx, "no value (NULL)" },
    { "root", set_root, "a folder" },
    { "source-date-epoch", set_epoch,
      "seconds from 0 to 253402300799 (digits only)" },
    { "strict", set_strict, "no value (NULL)" },
    { "target", set_target, "kindle, kobo, apple, google or all (or "
      "several, with commas)" },
    { "threads", set_threads, "a number from 1 to 64" },
    { "toc-depth", set_toc_depth, "a number from 1 to 6" },
};

static int compare_option(const void *key, const void *elem)
{
    return strcmp(key, ((const struct job_option *)elem)->name);
}

enum mk_status mk_job_set(struct mk_job *job, const char *name,
                          const char *value)
{
    const struct job_option *o = NULL;

    if (name)
        o = bsearch(name, job_options,
                    sizeof(job_options) / sizeof(*job_options),
                    sizeof(*job_options), compare_option);
    if (!o) {
        mk_diag_usage(job->dc, NULL, "unknown option '%s'",
                      name ? name : "(null)");
        return MK_EUSAGE;
    }
    if (o->set(job, value) < 0) {
        if (mk_diag_status(job->dc) == MK_ESYSTEM)
            return MK_ESYSTEM;
        mk_diag_usage(job->dc, NULL, "option '%s' wants %s, not '%s'",
                      name, o->wants, value ? value : "(null)");
        return MK_EUSAGE;
    }
    return MK_OK;
}

/* One build with the job's options; output NULL for --check, "-" for
 * memory. */
static enum mk_status run(struct mk_job *job, const char *output,
                          struct mk_result *res)
{
    struct mk_diag *fresh;
    enum mk_status st;

    mk_result_init(res);
    fresh = mk_diag_new();
    if (!fresh)
        return MK_ESYSTEM;
    mk_diag_free(job->dc);
    job->dc = fresh;
    job->opts.output = output;
    job->opts.check_only = output == NULL;
    st = mk_build(&job->opts, job->dc, res);
    job->opts.output = NULL;
    job->chapters = st == MK_OK ? res->chapters : 0;
    job->items = st == MK_OK ? res->resources : 0;
    job->images = st == MK_OK ? res->images : 0;
    return st;
}

enum mk_status mk_job_check(struct mk_job *job)
{
    struct mk_result res;
    enum mk_status st = run(job, NULL, &res);

    mk_result_release(&res);
    return st;
}

enum mk_status mk_job_write(struct mk_job *job, const char *path)
{
    struct mk_result res;
    enum mk_status st;

    if (!path || !*path || strcmp(path, "-") == 0) {
        mk_diag_usage(job->dc, NULL, "mk_job_write wants a file name; "
                      "mk_job_write_memory builds into memory");
        return MK_EUSAGE;
    }
    st = run(job, path, &res);
    mk_result_release(&res);
    return st;
}

enum mk_status mk_job_write_memory(struct mk_job *job, unsigned char **data,
                                   size_t *size)
{
    struct mk_result res;
    enum mk_status st = run(job, "-", &res);

    *data = NULL;
    *size = 0;
    if (st == MK_OK) {
        *data = res.data;
        *size = res.size;
        res.data = NULL;
    }
    mk_result_release(&res);
    return st;
}

const char *mk_version(void)
{
    return MKEPUB_VERSION;
}

size_t mk_dependency_versions(char *buf, size_t size)
{
    /* libxml2 says its version as "20914" */
    int x = atoi(xmlParserVersion);
    int n = snprintf(buf, size,
                     "libzip %s\nlibxml2 %d.%d.%d\ncmark-gfm %s\n"
                     "libdeflate %s\nnettle %d.%d\n",
                     zip_libzip_version(), x / 10000, x / 100 % 100,
                     x % 100, cmark_version_string(),
                     LIBDEFLATE_VERSION_STRING, nettle_version_major(),
                     nettle_version_minor());

    return n < 0 ? 0 : (size_t)n;
}
