/*
 * test_target.c - unit tests for the size rules of src/target.c
 * (mk_target_check_size): each store's limit on the whole EPUB, broken
 * one byte over it and silent at it, for the stores asked only; a
 * warning, or an error under --strict.  The end-to-end test t0295 writes
 * books of 51 and 201 MB; the Kobo, Apple and Google limits (1 and
 * 2 GB) are tested here, without writing gigabytes.  Also
 * mk_targets_parse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "target.h"

#define MB 1000000ULL
#define GB 1000000000ULL

/* The diagnostics mk_target_check_size gives for a book of size bytes
 * with these stores, as printed (caller frees); *rc its return. */
static char *size_check(unsigned targets, int strict,
                        unsigned long long size, int *rc)
{
    struct mk_options opts;
    struct mk_diag *dc = mk_diag_new();
    char *text = NULL;
    size_t n = 0;
    FILE *f;

    assert_non_null(dc);
    memset(&opts, 0, sizeof(opts));
    opts.targets = targets;
    opts.strict = strict;
    *rc = mk_target_check_size(&opts, dc, "book.epub", size);
    f = open_memstream(&text, &n);
    assert_non_null(f);
    assert_int_equal(mk_diag_print(dc, f, 0), 0);
    assert_int_equal(fclose(f), 0);
    mk_diag_free(dc);
    assert_non_null(text);
    return text;
}

static void assert_size(unsigned targets, int strict, unsigned long long size,
                        int want_rc, const char *want)
{
    int rc = -2;
    char *text = size_check(targets, strict, size, &rc);

    assert_string_equal(text, want);
    assert_int_equal(rc, want_rc);
    free(text);
}

#define KOBO_1GB(sev, mb) \
    "book.epub: " sev ": Kobo: the EPUB is " mb " MB: Kobo takes EPUB " \
    "files of at most 1 GB; make the images and media smaller, or split " \
    "the book (source: kobolabs/epub-spec README, limits)\n"
#define APPLE_2GB(sev, mb) \
    "book.epub: " sev ": Apple Books: the EPUB is " mb " MB: Apple Books " \
    "takes books of at most 2 GB (and would rather have them under " \
    "1 GB); make the images and media smaller, or split the book " \
    "(source: Apple Books Asset Guide, book file size)\n"
#define GOOGLE_2GB(sev, mb) \
    "book.epub: " sev ": Google Play: the EPUB is " mb " MB: Google Play " \
    "Books takes files under 2 GB; make the images and media smaller, " \
    "or split the book (source: Google Play Books Partner Center help, " \
    "answer 3424254)\n"
#define KINDLE_50(mb) \
    "book.epub: warning: Kindle: the EPUB is " mb " MB: Send to Kindle " \
    "refuses an e-mail attachment over 50 MB (E999); send it through " \
    "the web page (200 MB), or make the images smaller (source: " \
    "leafbind.io/guides/send-to-kindle-error-e999)\n"
#define KINDLE_200(mb) \
    "book.epub: warning: Kindle: the EPUB is " mb " MB: Send to Kindle " \
    "refuses a file over 200 MB (E999); make the images smaller, or " \
    "split the book (source: leafbind.io/guides/send-to-kindle-error-e999)\n"

static void test_kobo_1gb(void **state)
{
    (void)state;
    assert_size(MK_TARGET_KOBO, 0, 1 * GB, 0, "");
    assert_size(MK_TARGET_KOBO, 0, 1 * GB + 1, 0,
                KOBO_1GB("warning", "1000.0") "0 errors, 1 warning\n");
    assert_size(MK_TARGET_KOBO, 1, 1500 * MB, -1,
                KOBO_1GB("error", "1500.0") "1 error, 0 warnings\n");
    /* the other stores take a book of 1.5 GB */
    assert_size(MK_TARGET_APPLE | MK_TARGET_GOOGLE, 1, 1500 * MB, 0, "");
}

static void test_apple_2gb(void **state)
{
    (void)state;
    assert_size(MK_TARGET_APPLE, 0, 2 * GB, 0, "");
    assert_size(MK_TARGET_APPLE, 0, 2 * GB + 1, 0,
                APPLE_2GB("warning", "2000.0") "0 errors, 1 warning\n");
    assert_size(MK_TARGET_APPLE, 1, 3 * GB, -1,
                APPLE_2GB("error", "3000.0") "1 error, 0 warnings\n");
}

static void test_google_2gb(void **state)
{
    (void)state;
    assert_size(MK_TARGET_GOOGLE, 0, 2 * GB - 1, 0, "");
    assert_size(MK_TARGET_GOOGLE, 0, 2 * GB, 0,
                GOOGLE_2GB("warning", "2000.0") "0 errors, 1 warning\n");
}

static void test_kindle(void **state)
{
    (void)state;
    assert_size(MK_TARGET_KINDLE, 0, 50 * MB, 0, "");
    assert_size(MK_TARGET_KINDLE, 0, 50 * MB + 1, 0,
                KINDLE_50("50.0") "0 errors, 1 warning\n");
    assert_size(MK_TARGET_KINDLE, 0, 200 * MB, 0,
                KINDLE_50("200.0") "0 errors, 1 warning\n");
}

/* A book over every limit: each store asked for says so (messages at
 * one place are printed in the order of their text). */
static void test_all(void **state)
{
    (void)state;
    assert_size(MK_TARGET_ALL, 0, 2500 * MB, 0,
                APPLE_2GB("warning", "2500.0") GOOGLE_2GB("warning", "2500.0")
                KINDLE_200("2500.0") KINDLE_50("2500.0")
                KOBO_1GB("warning", "2500.0") "0 errors, 5 warnings\n");
    assert_size(MK_TARGET_ALL, 1, 10 * MB, 0, "");
    assert_size(0, 1, 5 * GB, 0, "");
}

static void test_targets_parse(void **state)
{
    unsigned t = 0;

    (void)state;
    assert_int_equal(mk_targets_parse("kindle", &t), 0);
    assert_int_equal(t, MK_TARGET_KINDLE);
    assert_int_equal(mk_targets_parse("kobo,apple", &t), 0);
    assert_int_equal(t, MK_TARGET_KINDLE | MK_TARGET_KOBO | MK_TARGET_APPLE);
    assert_int_equal(mk_targets_parse("google,", &t), -1);
    assert_int_equal(mk_targets_parse("Kobo", &t), -1);
    assert_int_equal(t, MK_TARGET_KINDLE | MK_TARGET_KOBO | MK_TARGET_APPLE);
    t = 0;
    assert_int_equal(mk_targets_parse("all", &t), 0);
    assert_int_equal(t, MK_TARGET_ALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kobo_1gb),
        cmocka_unit_test(test_apple_2gb),
        cmocka_unit_test(test_google_2gb),
        cmocka_unit_test(test_kindle),
        cmocka_unit_test(test_all),
        cmocka_unit_test(test_targets_parse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
