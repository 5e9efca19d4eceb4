/*
 * test_diag.c - unit tests for src/diag.c: recording, counting, the exit
 * status, sorting (file, line, column, then text), the printed form and
 * its summary line, quiet mode, system errors, and recording from two
 * threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Prints dc into a string (caller frees). */
static char *printed(struct mk_diag *dc, int quiet, int *rc)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    assert_non_null(f);
    *rc = mk_diag_print(dc, f, quiet);
    assert_int_equal(fclose(f), 0);
    assert_non_null(text);
    return text;
}

static void assert_printed(struct mk_diag *dc, int quiet, const char *want)
{
    int rc = -2;
    char *text = printed(dc, quiet, &rc);

    assert_int_equal(rc, 0);
    assert_string_equal(text, want);
    free(text);
}

static void assert_entry(struct mk_diag *dc, size_t i, const char *file,
                         long line, long col, enum mk_severity sev,
                         const char *message)
{
    const char *f = "unset", *m = NULL;
    long l = -1, c = -1;
    enum mk_severity s = 0;

    assert_int_equal(mk_diag_get(dc, i, &f, &l, &c, &s, &m), 0);
    if (file)
        assert_string_equal(f, file);
    else
        assert_null(f);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
}

static void test_empty(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    (void)state;
    assert_non_null(dc);
    assert_int_equal(mk_diag_errors(dc), 0);
    assert_int_equal(mk_diag_warnings(dc), 0);
    assert_int_equal(mk_diag_count(dc), 0);
    assert_int_equal(mk_diag_system_failed(dc), 0);
    assert_int_equal(mk_diag_status(dc), MK_OK);
    assert_int_equal(mk_diag_get(dc, 0, &f, &l, &c, &s, &m), -1);
    assert_printed(dc, 0, "");
    assert_printed(dc, 1, "");
    mk_diag_free(dc);
    mk_diag_free(NULL);
}

static void test_return_values_and_counts(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    assert_int_equal(mk_error(dc, "a", 1, 1, "e%d", 1), -1);
    assert_int_equal(mk_warning(dc, "a", 2, 1, "w%d", 1), 0);
    assert_int_equal(mk_warning(dc, "a", 3, 1, "w%d", 2), 0);
    assert_int_equal(mk_diag_add(dc, MK_ERROR, "b", 0, 0, "e2"), -1);
    assert_int_equal(mk_diag_add(dc, MK_WARNING, NULL, 0, 0, "w3"), 0);
    assert_int_equal(mk_diag_errors(dc), 2);
    assert_int_equal(mk_diag_warnings(dc), 3);
    assert_int_equal(mk_diag_count(dc), 5);
    assert_int_equal(mk_diag_system_failed(dc), 0);
    assert_int_equal(mk_diag_status(dc), MK_ESOURCE);
    mk_diag_free(dc);
}

static void test_status(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    mk_warning(dc, "a", 1, 1, "only a warning");
    assert_int_equal(mk_diag_status(dc), MK_OK);
    mk_error(dc, "a", 2, 1, "an error");
    assert_int_equal(mk_diag_status(dc), MK_ESOURCE);
    assert_int_equal(mk_diag_system(dc, "out.epub", EACCES, "cannot write"),
                     -1);
    assert_int_equal(mk_diag_system_failed(dc), 1);
    assert_int_equal(mk_diag_status(dc), MK_ESYSTEM);
    assert_int_equal(mk_diag_errors(dc), 2);
    mk_diag_free(dc);

    /* a system error alone */
    dc = mk_diag_new();
    mk_diag_system(dc, NULL, 0, "fork failed");
    assert_int_equal(mk_diag_status(dc), MK_ESYSTEM);
    mk_diag_free(dc);
}

static void test_system_message(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    char want[256];

    (void)state;
    snprintf(want, sizeof want, "cannot read 'x': %s", strerror(ENOENT));
    mk_diag_system(dc, "book/x.xhtml", ENOENT, "cannot read '%s'", "x");
    mk_diag_system(dc, "book/y.xhtml", 0, "short read");
    assert_int_equal(mk_diag_count(dc), 2);
    assert_entry(dc, 0, "book/x.xhtml", 0, 0, MK_ERROR, want);
    assert_entry(dc, 1, "book/y.xhtml", 0, 0, MK_ERROR, "short read");
    mk_diag_free(dc);

    dc = mk_diag_new();
    snprintf(want, sizeof want, "out of memory: %s", strerror(ENOMEM));
    assert_int_equal(mk_diag_oom(dc), -1);
    assert_int_equal(mk_diag_system_failed(dc), 1);
    assert_int_equal(mk_diag_status(dc), MK_ESYSTEM);
    assert_entry(dc, 0, NULL, 0, 0, MK_ERROR, want);
    mk_diag_free(dc);
}

static void test_sorting(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    mk_error(dc, "b.xhtml", 1, 1, "b1");
    mk_warning(dc, "a.xhtml", 10, 2, "a10");
    mk_error(dc, "a.xhtml", 2, 5, "a2c5");
    mk_error(dc, "a.xhtml", 2, 3, "a2c3");
    mk_error(dc, NULL, 0, 0, "nowhere");
    mk_warning(dc, "a.xhtml", 0, 0, "whole file");
    mk_error(dc, "a.xhtml", 9, 0, "a9");
    mk_error(dc, "a.xhtml", 100, 1, "a100");   /* numeric, not text order */
    mk_error(dc, "a/b.xhtml", 1, 1, "ab");
    assert_int_equal(mk_diag_count(dc), 9);
    assert_entry(dc, 0, NULL, 0, 0, MK_ERROR, "nowhere");
    assert_entry(dc, 1, "a.xhtml", 0, 0, MK_WARNING, "whole file");
    assert_entry(dc, 2, "a.xhtml", 2, 3, MK_ERROR, "a2c3");
    assert_entry(dc, 3, "a.xhtml", 2, 5, MK_ERROR, "a2c5");
    assert_entry(dc, 4, "a.xhtml", 9, 0, MK_ERROR, "a9");
    assert_entry(dc, 5, "a.xhtml", 10, 2, MK_WARNING, "a10");
    assert_entry(dc, 6, "a.xhtml", 100, 1, MK_ERROR, "a100");
    assert_entry(dc, 7, "a/b.xhtml", 1, 1, MK_ERROR, "ab");
    assert_entry(dc, 8, "b.xhtml", 1, 1, MK_ERROR, "b1");
    mk_diag_free(dc);
}

/* Ties at the same place are ordered by text, then by recording order,
 * so output never depends on which thread recorded first. */
static void test_sorting_ties(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    const char *f, *m1, *m2;
    long l, c;
    enum mk_severity s;

    (void)state;
    mk_error(dc, "f", 4, 2, "zeta");
    mk_warning(dc, "f", 4, 2, "alpha");
    mk_error(dc, "f", 4, 2, "same");
    mk_error(dc, "f", 4, 2, "same");
    assert_entry(dc, 0, "f", 4, 2, MK_WARNING, "alpha");
    assert_entry(dc, 1, "f", 4, 2, MK_ERROR, "same");
    assert_entry(dc, 2, "f", 4, 2, MK_ERROR, "same");
    assert_entry(dc, 3, "f", 4, 2, MK_ERROR, "zeta");
    /* the two equal entries are two entries of one stored text (a
     * warning repeated on every heading costs its text once) */
    mk_diag_get(dc, 1, &f, &l, &c, &s, &m1);
    mk_diag_get(dc, 2, &f, &l, &c, &s, &m2);
    assert_ptr_equal(m1, m2);
    assert_int_equal(mk_diag_count(dc), 4);
    mk_diag_free(dc);
}

/* Recording after a read sorts again on the next read. */
static void test_sorting_after_more(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    (void)state;
    mk_error(dc, "m", 5, 1, "five");
    mk_error(dc, "m", 3, 1, "three");
    assert_int_equal(mk_diag_count(dc), 2);
    assert_entry(dc, 0, "m", 3, 1, MK_ERROR, "three");
    mk_error(dc, "m", 1, 1, "one");
    mk_error(dc, "a", 9, 1, "a-nine");
    assert_int_equal(mk_diag_count(dc), 4);
    assert_entry(dc, 0, "a", 9, 1, MK_ERROR, "a-nine");
    assert_entry(dc, 1, "m", 1, 1, MK_ERROR, "one");
    assert_entry(dc, 2, "m", 3, 1, MK_ERROR, "three");
    assert_entry(dc, 3, "m", 5, 1, MK_ERROR, "five");
    assert_int_equal(mk_diag_get(dc, 4, &f, &l, &c, &s, &m), -1);
    mk_diag_free(dc);
}

/* The collector keeps its own copies of the file name and message. */
static void test_owns_strings(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    char file[32], arg[32];

    (void)state;
    strcpy(file, "chapter.xhtml");
    strcpy(arg, "value");
    mk_error(dc, file, 7, 3, "bad '%s' (%d%%)", arg, 50);
    memset(file, 'X', sizeof file - 1);
    memset(arg, 'Y', sizeof arg - 1);
    assert_entry(dc, 0, "chapter.xhtml", 7, 3, MK_ERROR, "bad 'value' (50%)");
    mk_diag_free(dc);
}

static void test_long_message(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    char word[1001];

    (void)state;
    memset(word, 'w', 1000);
    word[1000] = '\0';
    mk_warning(dc, "f", 1, 1, "<%s>", word);
    {
        const char *f, *m;
        long l, c;
        enum mk_severity s;

        assert_int_equal(mk_diag_get(dc, 0, &f, &l, &c, &s, &m), 0);
        assert_int_equal(strlen(m), 1002);
        assert_int_equal(m[0], '<');
        assert_int_equal(m[1001], '>');
    }
    mk_diag_free(dc);
}

static void test_print_format(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    mk_error(dc, "f", 3, 7, "msg");
    assert_printed(dc, 0, "f:3:7: error: msg\n1 error, 0 warnings\n");
    mk_diag_free(dc);

    dc = mk_diag_new();
    mk_warning(dc, "f", 0, 0, "msg");
    assert_printed(dc, 0, "f: warning: msg\n0 errors, 1 warning\n");
    mk_diag_free(dc);

    dc = mk_diag_new();
    mk_error(dc, NULL, 0, 0, "msg");
    assert_printed(dc, 0, "mkepub: error: msg\n1 error, 0 warnings\n");
    mk_diag_free(dc);

    /* a known line without a column prints column 1 */
    dc = mk_diag_new();
    mk_error(dc, "book/book.xml", 12, 0, "unknown element");
    assert_printed(dc, 0, "book/book.xml:12:1: error: unknown element\n"
                          "1 error, 0 warnings\n");
    mk_diag_free(dc);
}

/* Colour: the severity words only, bold red and bold magenta. */
static void test_print_colour(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    (void)state;
    assert_non_null(f);
    mk_error(dc, "f", 3, 7, "msg");
    mk_warning(dc, "g", 0, 0, "w");
    mk_error(dc, NULL, 0, 0, "x");
    assert_int_equal(mk_diag_print_colour(dc, f, 0, 1), 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(text,
                        "mkepub: \033[1;31merror\033[0m: x\n"
                        "f:3:7: \033[1;31merror\033[0m: msg\n"
                        "g: \033[1;35mwarning\033[0m: w\n"
                        "2 errors, 1 warning\n");
    free(text);
    mk_diag_free(dc);
}

/* The decision: a terminal, NO_COLOR unset or empty, TERM set and not
 * dumb. */
static void test_colour_wanted(void **state)
{
    (void)state;
    assert_true(mk_diag_colour_wanted(1, NULL, "xterm-256color"));
    assert_true(mk_diag_colour_wanted(1, "", "xterm"));
    assert_false(mk_diag_colour_wanted(0, NULL, "xterm"));
    assert_false(mk_diag_colour_wanted(1, "1", "xterm"));
    assert_false(mk_diag_colour_wanted(1, "0", "xterm"));
    assert_false(mk_diag_colour_wanted(1, NULL, "dumb"));
    assert_false(mk_diag_colour_wanted(1, NULL, NULL));
    assert_false(mk_diag_colour_wanted(1, NULL, ""));
}

static void test_print_sorted_with_summary(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    mk_warning(dc, "b.xhtml", 2, 1, "second file");
    mk_error(dc, "a.xhtml", 5, 9, "later line");
    mk_warning(dc, "a.xhtml", 1, 4, "first line");
    assert_printed(dc, 0,
                   "a.xhtml:1:4: warning: first line\n"
                   "a.xhtml:5:9: error: later line\n"
                   "b.xhtml:2:1: warning: second file\n"
                   "1 error, 2 warnings\n");
    mk_diag_free(dc);

    dc = mk_diag_new();
    mk_error(dc, "x", 1, 1, "one");
    mk_error(dc, "x", 2, 1, "two");
    mk_warning(dc, "x", 3, 1, "three");
    assert_printed(dc, 0,
                   "x:1:1: error: one\n"
                   "x:2:1: error: two\n"
                   "x:3:1: warning: three\n"
                   "2 errors, 1 warning\n");
    mk_diag_free(dc);
}

static void test_print_quiet(void **state)
{
    struct mk_diag *dc = mk_diag_new();

    (void)state;
    mk_warning(dc, "a", 1, 1, "w1");
    mk_warning(dc, "a", 2, 1, "w2");
    /* warnings only: quiet prints nothing at all */
    assert_printed(dc, 1, "");
    assert_printed(dc, 0, "a:1:1: warning: w1\na:2:1: warning: w2\n"
                          "0 errors, 2 warnings\n");
    mk_error(dc, "a", 3, 2, "e1");
    /* errors are printed; the summary still counts the warnings */
    assert_printed(dc, 1, "a:3:2: error: e1\n1 error, 2 warnings\n");
    mk_diag_free(dc);
}

static void test_print_write_error(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    FILE *f = fopen("/dev/full", "w");

    (void)state;
    if (!f) {
        mk_diag_free(dc);
        skip();
    }
    setvbuf(f, NULL, _IONBF, 0);
    mk_error(dc, "a", 1, 1, "cannot be written");
    assert_int_equal(mk_diag_print(dc, f, 0), -1);
    fclose(f);
    mk_diag_free(dc);
}

#define PER_THREAD 10000

struct thread_arg {
    struct mk_diag *dc;
    int id;
};

static void *add_many(void *p)
{
    struct thread_arg *a = p;
    int i;

    for (i = 0; i < PER_THREAD; i++) {
        if (i % 4 == 0)
            mk_warning(a->dc, a->id ? "t1" : "t0", i + 1, 1, "w %d", i);
        else
            mk_error(a->dc, a->id ? "t1" : "t0", i + 1, 1, "e %d", i);
    }
    return NULL;
}

static void test_threads(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct thread_arg args[2] = { { dc, 0 }, { dc, 1 } };
    pthread_t t[2];
    size_t i;

    (void)state;
    assert_int_equal(pthread_create(&t[0], NULL, add_many, &args[0]), 0);
    assert_int_equal(pthread_create(&t[1], NULL, add_many, &args[1]), 0);
    assert_int_equal(pthread_join(t[0], NULL), 0);
    assert_int_equal(pthread_join(t[1], NULL), 0);
    assert_int_equal(mk_diag_count(dc), 2 * PER_THREAD);
    assert_int_equal(mk_diag_warnings(dc), 2 * (PER_THREAD / 4));
    assert_int_equal(mk_diag_errors(dc), 2 * (PER_THREAD - PER_THREAD / 4));
    assert_int_equal(mk_diag_system_failed(dc), 0);
    /* every entry is intact and in order: t0 lines 1..N, then t1 */
    for (i = 0; i < 2 * PER_THREAD; i++) {
        const char *f, *m;
        long l, c;
        enum mk_severity s;
        char want[32];
        size_t k = i % PER_THREAD;

        assert_int_equal(mk_diag_get(dc, i, &f, &l, &c, &s, &m), 0);
        assert_string_equal(f, i < PER_THREAD ? "t0" : "t1");
        assert_int_equal(l, (long)k + 1);
        snprintf(want, sizeof want, "%c %zu", k % 4 ? 'e' : 'w', k);
        assert_string_equal(m, want);
        assert_int_equal(s, k % 4 ? MK_ERROR : MK_WARNING);
    }
    mk_diag_free(dc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_return_values_and_counts),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_system_message),
        cmocka_unit_test(test_sorting),
        cmocka_unit_test(test_sorting_ties),
        cmocka_unit_test(test_sorting_after_more),
        cmocka_unit_test(test_owns_strings),
        cmocka_unit_test(test_long_message),
        cmocka_unit_test(test_print_format),
        cmocka_unit_test(test_print_colour),
        cmocka_unit_test(test_colour_wanted),
        cmocka_unit_test(test_print_sorted_with_summary),
        cmocka_unit_test(test_print_quiet),
        cmocka_unit_test(test_print_write_error),
        cmocka_unit_test(test_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
