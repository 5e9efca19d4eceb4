/*
 * main.c - the mkepub command line: parses arguments, sets up the
 * process-wide state the libraries need, runs mk_build() (or, for
 * "mkepub inspect", mk_inspect()) and reports.
 *
 * It uses only mkepub.h and libc (plus libxml2's init/cleanup, which
 * must happen once per process).  Process-wide calls, all here:
 * TZ=UTC0 (libzip 1.7.3 round-trips DOS times through mktime), the
 * libxml2 parser init (watched for running out of memory) and an
 * external entity loader that refuses every URL, the SIGINT/SIGTERM
 * handlers that cancel the build, SIGXFSZ and SIGPIPE ignored (a
 * file size limit, or a pipe whose reader has gone, is then an ordinary
 * write error: EFBIG, EPIPE), and glibc's mmap threshold fixed at 1 MB
 * (see main()).
 */
#include "mkepub.h"
#ifdef MK_TEST_ALLOC
#include "buf.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Written by the signal handler only; the library polls it. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static xmlParserInputPtr refuse_entities(const char *url, const char *id,
                                         xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* libxml2's initialisation reports running out of memory only to the
 * error handler (and carries on without, e.g., its encoding handlers);
 * data is an int set to 1 then. */
static void on_init_error(void *data, xmlErrorPtr e)
{
    if (e && e->code == XML_ERR_NO_MEMORY)
        *(int *)data = 1;
}

#ifdef MK_TEST_ALLOC
/*
 * TEST ONLY (make check-alloc, STYLE.md H7), compiled only with
 * -DMK_TEST_ALLOC: libxml2's allocations go through the one
 * allocation-failure hook (buf.c, mk_test_alloc_fails), counted as
 * MK_TEST_ALLOC_XML, when MK_FAIL_XML_ALLOC is set (xmlMemSetup()
 * before the parser is initialised).
 */
static void *xml_test_malloc(size_t size)
{
    return mk_test_alloc_fails(MK_TEST_ALLOC_XML) ? NULL : malloc(size);
}

static void *xml_test_realloc(void *p, size_t size)
{
    return mk_test_alloc_fails(MK_TEST_ALLOC_XML) ? NULL
                                                  : realloc(p, size);
}

static char *xml_test_strdup(const char *s)
{
    return mk_test_alloc_fails(MK_TEST_ALLOC_XML) ? NULL : strdup(s);
}

/* Installs the counting allocators when MK_FAIL_XML_ALLOC is set. */
static void xml_alloc_setup(void)
{
    if (getenv("MK_FAIL_XML_ALLOC"))
        xmlMemSetup(free, xml_test_malloc, xml_test_realloc,
                    xml_test_strdup);
}
#endif

/*
 * Initialises libxml2 the one way both subcommands need it (no external
 * entities, out of memory during its initialisation noticed) and makes
 * the diagnostics collector.  NULL, after saying so on stderr, when
 * memory runs out; the caller then exits with MK_ESYSTEM.
 */
static struct mk_diag *start_libxml(void)
{
    struct mk_diag *dc;
    int xml_oom = 0;

#ifdef MK_TEST_ALLOC
    xml_alloc_setup();
#endif
    xmlSetStructuredErrorFunc(&xml_oom, on_init_error);
    LIBXML_TEST_VERSION
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetExternalEntityLoader(refuse_entities);
    dc = xml_oom ? NULL : mk_diag_new();
    if (!dc) {
        fputs("mkepub: error: out of memory\n", stderr);
        xmlCleanupParser();
    }
    return dc;
}

static const char usage_text[] =
    "usage: mkepub [OPTIONS] BOOK\n"
    "       mkepub init DIR\n"
    "       mkepub inspect [--json] FILE.epub\n"
    "Builds an EPUB 3 from BOOK (a book.xml file, or a folder holding one);\n"
    "init makes a new book in DIR (a new or empty folder) to start from;\n"
    "inspect shows what an EPUB holds.\n"
    "\n"
    "  -o, --output FILE  where the .epub goes (default: build/<slug of the\n"
    "                     title>.epub); \"-\" writes to standard output\n"
    "      --check        read and cross-check the sources, report every\n"
    "                     problem, write nothing\n"
    "      --no-ncx       leave out the EPUB 2 toc.ncx\n"
    "      --root DIR     the folder every referenced file must lie inside\n"
    "                     (default: the parent of the book.xml folder)\n"
    "      --epub 3.3     hold to EPUB 3.3 alone (EPUBCheck 5); the default,\n"
    "                     3.2, holds to EPUB 3.2 and 3.3 (EPUBCheck 4.2 and 5)\n"
    "      --toc-depth N  heading levels in the table of contents, 1-6\n"
    "                     (default 3: h1-h3)\n"
    "      --target STORE pre-flight checks for a store: kindle, kobo,\n"
    "                     apple, google or all (repeat it, or list them\n"
    "                     with commas); each problem is a warning\n"
    "      --strict       fail on warnings too: exit 1, nothing written\n"
    "  -j, --threads N    worker threads (default: automatic; 1 = none)\n"
    "  -q, --quiet        print errors only (no warnings, no summary)\n"
    "  -v, --verbose      say what is done with each file\n"
    "      --help         show this help\n"
    "      --version      show the version\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH fixes every timestamp (reproducible);\n"
    "NO_COLOR (non-empty) turns off colour on a terminal.\n"
    "Exit status: 0 built, 1 errors in the sources, 2 wrong usage,\n"
    "3 I/O or system error.\n";

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("mkepub: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nmkepub: try 'mkepub --help'\n", stderr);
    return MK_EUSAGE;
}

struct cli {
    struct mk_options opts;
    int quiet, verbose;
};

/* 9999-12-31T23:59:59Z, the largest SOURCE_DATE_EPOCH taken. */
#define MAX_EPOCH 253402300799LL

static int parse_epoch(struct cli *cli)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    if (!s || !*s)
        return 0;
    errno = 0;
    v = strtoll(s, &end, 10);
    /* digits only (strtoll would take blanks and a sign); the last
     * second of 9999 is the latest time a dcterms:modified can carry */
    if (errno || *end || s[0] < '0' || s[0] > '9' || v > MAX_EPOCH)
        return usage_error("SOURCE_DATE_EPOCH='%s' is not a number of "
                           "seconds from 0 to %lld (9999-12-31T23:59:59Z)",
                           s, (long long)MAX_EPOCH);
    cli->opts.have_epoch = 1;
    cli->opts.epoch = v;
    return 0;
}

/* The usage error for the option getopt_long() refused in arg: one that
 * needs a value and has none, an unknown one, or a long option given a
 * value it does not take ("--check=3").  Short options are named alone
 * even when grouped ("-qx" names "-x"). */
static int bad_option(int missing_value, const char *arg,
                      const struct option *longopts)
{
    const char *eq;
    size_t n;

    if (strncmp(arg, "--", 2) != 0) {
        if (missing_value)
            return usage_error("option '-%c' needs a value", optopt);
        if (optopt > ' ' && optopt < 127)
            return usage_error("unknown option '-%c'", optopt);
        return usage_error("unknown option '%s'", arg);
    }
    if (missing_value)
        return usage_error("option '%s' needs a value", arg);
    eq = strchr(arg, '=');
    n = eq ? (size_t)(eq - arg) : strlen(arg);
    for (; eq && n > 2 && longopts->name; longopts++)
        if (strncmp(longopts->name, arg + 2, n - 2) == 0)
            return usage_error("option '--%s' takes no value",
                               longopts->name);
    if (n <= 2)
        n = strlen(arg);
    return usage_error("unknown option '%.*s'", (int)n, arg);
}

/* Adds the stores of a --target value to *targets.  0, or a usage
 * error. */
static int parse_targets(const char *arg, unsigned *targets)
{
    if (mk_targets_parse(arg, targets) == 0)
        return 0;
    return usage_error("--target wants kindle, kobo, apple, google or all "
                       "(or several, with commas), not '%s'", arg);
}

/* --version: mkepub's version and the libraries it runs with.  Returns
 * -1 (done, exit 0) or MK_ESYSTEM. */
static int print_version(void)
{
    char deps[256];

    mk_dependency_versions(deps, sizeof(deps));
    printf("mkepub %s\n%s", mk_version(), deps);
    return fflush(stdout) == 0 ? -1 : MK_ESYSTEM;
}

static int parse_args(int argc, char **argv, struct cli *cli)
{
    enum { OPT_CHECK = 256, OPT_NO_NCX, OPT_ROOT, OPT_EPUB, OPT_HELP,
           OPT_VERSION, OPT_TOC_DEPTH, OPT_TARGET, OPT_STRICT };
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "check", no_argument, NULL, OPT_CHECK },
        { "no-ncx", no_argument, NULL, OPT_NO_NCX },
        { "root", required_argument, NULL, OPT_ROOT },
        { "epub", required_argument, NULL, OPT_EPUB },
        { "threads", required_argument, NULL, 'j' },
        { "toc-depth", required_argument, NULL, OPT_TOC_DEPTH },
        { "target", required_argument, NULL, OPT_TARGET },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, OPT_HELP },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qv", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return usage_error("%s", "-o wants a file name (or - for "
                                   "standard output)");
            cli->opts.output = optarg;
            break;
        case OPT_CHECK: cli->opts.check_only = 1; break;
        case OPT_NO_NCX: cli->opts.no_ncx = 1; break;
        case OPT_ROOT:
            if (!*optarg)
                return usage_error("%s", "--root wants a folder");
            cli->opts.root = optarg;
            break;
        case OPT_EPUB:
            if (strcmp(optarg, "3.3") == 0)
                cli->opts.epub33_only = 1;
            else if (strcmp(optarg, "3.2") == 0)
                cli->opts.epub33_only = 0;
            else
                return usage_error("--epub wants 3.2 (the default: EPUB "
                                   "3.2 and 3.3, EPUBCheck 4.2 and 5) or "
                                   "3.3 (EPUB 3.3 alone), not '%s'", optarg);
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);

            if (*end || n < 1 || n > 64)
                return usage_error("--threads wants a number from 1 to 64, "
                                   "not '%s'", optarg);
            cli->opts.threads = (int)n;
            break;
        }
        case OPT_TOC_DEPTH:
            if (optarg[0] < '1' || optarg[0] > '6' || optarg[1])
                return usage_error("--toc-depth wants a number from 1 (h1) "
                                   "to 6 (h1-h6), not '%s'", optarg);
            cli->opts.toc_depth = optarg[0] - '0';
            break;
        case OPT_TARGET:
            if (parse_targets(optarg, &cli->opts.targets))
                return MK_EUSAGE;
            break;
        case OPT_STRICT: cli->opts.strict = 1; break;
        case 'q': cli->quiet = 1; break;
        case 'v': cli->verbose = 1; break;
        case OPT_HELP:
            fputs(usage_text, stdout);
            return -1;
        case OPT_VERSION:
            return print_version();
        case ':':
        default:
            return bad_option(c == ':', argv[optind - 1], longopts);
        }
    }
    if (optind == argc)
        return usage_error("%s", "no BOOK given (a book.xml, or a folder "
                           "holding one)");
    if (optind + 1 < argc)
        return usage_error("only one BOOK may be given; '%s' is one too "
                           "many", argv[optind + 1]);
    cli->opts.book = argv[optind];
    return parse_epoch(cli);
}

static int write_stdout(const struct mk_result *res)
{
    if (fwrite(res->data, 1, res->size, stdout) != res->size
        || fflush(stdout) != 0) {
        fprintf(stderr, "mkepub: error: cannot write to standard output: "
                "%s\n", strerror(errno));
        return MK_ESYSTEM;
    }
    return MK_OK;
}

/* Colour on standard error: a terminal, NO_COLOR unset or empty, TERM
 * not dumb. */
static int stderr_colour(void)
{
    return mk_diag_colour_wanted(isatty(STDERR_FILENO), getenv("NO_COLOR"),
                                 getenv("TERM"));
}

static const char inspect_usage[] =
    "usage: mkepub inspect [--json] FILE.epub\n"
    "Shows what an EPUB holds (any EPUB, not only mkepub's): metadata,\n"
    "reading order, table of contents, landmarks and manifest.\n"
    "\n"
    "      --json         a JSON document instead of text (see mkepub(1))\n"
    "      --help         show this help\n"
    "\n"
    "Exit status: 0 read, 1 the EPUB is damaged or hostile, 2 wrong usage,\n"
    "3 I/O or system error.\n";

/* mkepub inspect [--json] FILE: argv[0] is "inspect". */
static int run_inspect(int argc, char **argv)
{
    const char *file = NULL;
    struct mk_diag *dc;
    struct sigaction sa;
    int i, json = 0, status, options = 1;

    for (i = 1; i < argc; i++) {
        if (options && strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (options && strcmp(argv[i], "--help") == 0) {
            fputs(inspect_usage, stdout);
            return MK_OK;
        } else if (options && strcmp(argv[i], "--") == 0) {
            options = 0;
        } else if (options && argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option '%s' for inspect (it takes "
                               "--json)", argv[i]);
        } else if (file) {
            return usage_error("inspect takes one FILE.epub; '%s' is one "
                               "too many", argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (!file)
        return usage_error("%s", "inspect needs a FILE.epub");
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    dc = start_libxml();
    if (!dc)
        return MK_ESYSTEM;
    status = mk_inspect(file, json, stdout, dc);
    mk_diag_print_colour(dc, stderr, 0, stderr_colour());
    mk_diag_free(dc);
    xmlCleanupParser();
    return status;
}

/* -v: one line per package item, as the book is laid out. */
/* What -v calls a file of a media type and what mkepub does with it,
 * by the start of the type (first match). */
static const struct {
    const char *type;           /* a media type, or its start ("image/") */
    const char *kind;
    const char *done;
} item_kinds[] = {
    { "application/xhtml+xml", "XHTML", "read and checked" },
    { "text/css", "stylesheet", "read and checked" },
    { "image/svg+xml", "image", "read and checked" },
    { "image/", "image", "read, type and size checked" },
    { "font/", "font", "read, type checked" },
    { "application/font-", "font", "read, type checked" },
    { "application/vnd.ms-opentype", "font", "read, type checked" },
    { "audio/", "audio", "read, type checked" },
    { "video/", "video", "read, type checked" },
    { "", "file", "read" },
};

/* -v: one line per package item, what was done with it:
 *   mkepub: XHTML book/c1.xhtml: read and checked, packed as
 *   EPUB/c1.xhtml (application/xhtml+xml)
 * a Markdown chapter "converted to XHTML and checked"; with --check
 * "would be packed as"; generated pages, and remote resources that are
 * referred to but not packed, say so.  arg is the struct cli. */
static void say_item(void *arg, const char *source, const char *name,
                     const char *media_type)
{
    const struct cli *cli = arg;
    const char *packed = cli->opts.check_only ? "would be packed as"
                                              : "packed as";
    const char *kind = "file", *done = "read";
    size_t i, n;

    if (!source) {
        if (strstr(name, "://"))
            fprintf(stderr, "mkepub: remote %s: referred to, not packed "
                    "(%s)\n", name, media_type);
        else
            fprintf(stderr, "mkepub: generated %s/%s (%s)\n",
                    MKEPUB_PACKAGE_DIR, name, media_type);
        return;
    }
    for (i = 0; i < sizeof(item_kinds) / sizeof(*item_kinds); i++)
        if (strncmp(media_type, item_kinds[i].type,
                    strlen(item_kinds[i].type)) == 0) {
            kind = item_kinds[i].kind;
            done = item_kinds[i].done;
            break;
        }
    n = strlen(source);
    if (strcmp(kind, "XHTML") == 0 && n > 3
        && strcmp(source + n - 3, ".md") == 0) {
        kind = "Markdown";
        done = "converted to XHTML and checked";
    }
    fprintf(stderr, "mkepub: %s %s: %s, %s %s/%s (%s)\n", kind, source,
            done, packed, MKEPUB_PACKAGE_DIR, name, media_type);
}

/* The line a successful run ends with (unless -q):
 * "wrote build/x.epub: 9 chapters, 3 images, 412 KB". */
static void say_summary(const struct cli *cli, const struct mk_result *res)
{
    struct stat st;
    const char *chapters = res->chapters == 1 ? "" : "s";
    const char *images = res->images == 1 ? "" : "s";

    if (cli->opts.check_only) {
        fprintf(stderr, "checked %s: %zu chapter%s, %zu image%s\n",
                cli->opts.book, res->chapters, chapters, res->images,
                images);
        return;
    }
    if (!res->output_path)
        return;
    fprintf(stderr, "wrote %s: %zu chapter%s, %zu image%s",
            res->output_path, res->chapters, chapters, res->images, images);
    if (stat(res->output_path, &st) == 0)
        fprintf(stderr, ", %lld KB", ((long long)st.st_size + 1023) / 1024);
    if (cli->verbose)
        fprintf(stderr, " (%zu items%s", res->resources,
                res->renamed ? ", " : ")");
    if (cli->verbose && res->renamed)
        fprintf(stderr, "%zu renamed to safe names)", res->renamed);
    fputc('\n', stderr);
}

/* mkepub init DIR: a new book to start from.  argv[0] is "init". */
static int run_init(int argc, char **argv)
{
    struct mk_diag *dc;
    const char *dir = NULL;
    int i, quiet = 0, status;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs("usage: mkepub init [-q] DIR\n"
                  "Makes a new book in DIR (a new or empty folder):\n"
                  "book.xml with every field, two chapters (XHTML and\n"
                  "Markdown), a cover and a stylesheet.  It builds as\n"
                  "it is: mkepub DIR.  Nothing is ever overwritten.\n",
                  stdout);
            return MK_OK;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1] && !dir
                 && strcmp(argv[i], "--") != 0)
            return usage_error("unknown option '%s' for init", argv[i]);
        else if (strcmp(argv[i], "--") == 0 && !dir && i + 1 < argc)
            dir = argv[++i];
        else if (!dir)
            dir = argv[i];
        else
            return usage_error("init makes one book; '%s' is one folder "
                               "too many", argv[i]);
    }
    if (!dir)
        return usage_error("%s", "init wants a folder: mkepub init DIR");
    dc = mk_diag_new();
    if (!dc) {
        fputs("mkepub: error: out of memory\n", stderr);
        return MK_ESYSTEM;
    }
    status = mk_init(dir, dc);
    mk_diag_print_colour(dc, stderr, 0, stderr_colour());
    mk_diag_free(dc);
    if (status == MK_OK && !quiet)
        fprintf(stderr, "made a new book in %s: book.xml, 2 chapters, a "
                "cover and a stylesheet; build it with: mkepub %s\n",
                dir, dir);
    return status;
}

int main(int argc, char **argv)
{
    struct cli cli;
    struct mk_diag *dc;
    struct mk_result res;
    struct sigaction sa;
    int status;

    if (argc > 1 && strcmp(argv[1], "inspect") == 0)
        return run_inspect(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "init") == 0)
        return run_init(argc - 1, argv + 1);
    memset(&cli, 0, sizeof(cli));
    status = parse_args(argc, argv, &cli);
    if (status)
        return status < 0 ? MK_OK : status;
    if (cli.verbose && !cli.quiet) {
        cli.opts.on_item = say_item;
        cli.opts.on_item_arg = &cli;
    }
    setenv("TZ", "UTC0", 1);
    tzset();
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) \
    && !defined(__SANITIZE_ADDRESS__)
    /* Blocks of 1 MB and more are mapped, and unmapped when freed.
     * glibc's own threshold rises to the largest block freed so far (the
     * kept chapters' 1 MB blocks, the navigation's buffer), after which
     * the NCX of a long book grows on the heap, where realloc copies and
     * freed pages stay resident: the 2000-chapter benchmark's peak RSS
     * falls from 29.6 to 25.3 MB (README, "Speed").  Not under
     * AddressSanitizer, whose allocator is not glibc's.
     * Fixing that threshold also fixes the trim threshold at 128 KB: each
     * chapter's tree, freed, was handed back to the kernel and faulted in
     * again by the next one.  Keeping up to 8 MB of free heap per arena
     * halves the page faults of the 2000-chapter --check (7,567 -> 2,472)
     * and cuts its system time from 0.14 to 0.04 s, for ~2 MB more peak. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past a file size limit (ulimit -f) write() then fails with EFBIG,
     * which the archive reports and cleans up after, instead of the
     * process dying with a half-written temporary file left behind. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
    /* Likewise "-o -" into a pipe whose reader has gone: EPIPE, reported
     * as "cannot write to standard output: Broken pipe", exit 3. */
    sigaction(SIGPIPE, &sa, NULL);
    cli.opts.cancel = &interrupted;
    dc = start_libxml();
    if (!dc)
        return MK_ESYSTEM;
    mk_result_init(&res);
    status = mk_build(&cli.opts, dc, &res);
    mk_diag_print_colour(dc, stderr, cli.quiet, stderr_colour());
    if (status == MK_OK && res.data)
        status = write_stdout(&res);
    else if (status == MK_OK && !cli.quiet)
        say_summary(&cli, &res);
    mk_result_release(&res);
    mk_diag_free(dc);
    xmlCleanupParser();
    return status;
}
