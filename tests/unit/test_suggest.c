/*
 * test_suggest.c - unit tests for src/suggest.c: the OSA edit
 * distance (case folding, transpositions, long strings on the heap)
 * and the nearest-candidate search with its tie rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "suggest.h"

static void test_distance_basic(void **state)
{
    (void)state;
    assert_int_equal(mk_suggest_distance("", ""), 0);
    assert_int_equal(mk_suggest_distance("abc", ""), 3);
    assert_int_equal(mk_suggest_distance("", "abcd"), 4);
    assert_int_equal(mk_suggest_distance("same", "same"), 0);
    assert_int_equal(mk_suggest_distance("kitten", "sitting"), 3);
    assert_int_equal(mk_suggest_distance("sitting", "kitten"), 3);
    assert_int_equal(mk_suggest_distance("flaw", "lawn"), 2);
    assert_int_equal(mk_suggest_distance("auth", "aut"), 1);
    assert_int_equal(mk_suggest_distance("trn", "trl"), 1);
}

static void test_distance_case_insensitive(void **state)
{
    (void)state;
    assert_int_equal(mk_suggest_distance("AUT", "aut"), 0);
    assert_int_equal(mk_suggest_distance("Hello", "hELLO"), 0);
    /* only ASCII letters fold: '@' and '`' are not letters */
    assert_int_equal(mk_suggest_distance("@", "`"), 1);
    assert_int_equal(mk_suggest_distance("\xc3\x89", "\xc3\xa9"), 1);
}

static void test_distance_transposition(void **state)
{
    (void)state;
    assert_int_equal(mk_suggest_distance("ab", "ba"), 1);
    assert_int_equal(mk_suggest_distance("atu", "aut"), 1);
    assert_int_equal(mk_suggest_distance("teh", "the"), 1);
    /* OSA, not full Damerau: "ca" -> "abc" is 3, not 2 */
    assert_int_equal(mk_suggest_distance("ca", "abc"), 3);
}

static void test_distance_null(void **state)
{
    (void)state;
    assert_int_equal(mk_suggest_distance(NULL, NULL), 0);
    assert_int_equal(mk_suggest_distance(NULL, "abc"), 3);
    assert_int_equal(mk_suggest_distance("ab", NULL), 2);
}

/* Strings past the on-stack row size take the heap path. */
static void test_distance_long(void **state)
{
    size_t n = 5000;
    char *a = malloc(n + 1);
    char *b = malloc(n + 1);

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    memset(a, 'x', n);
    a[n] = '\0';
    memcpy(b, a, n + 1);
    assert_int_equal(mk_suggest_distance(a, b), 0);
    b[10] = 'y';
    b[4000] = 'Y';
    assert_int_equal(mk_suggest_distance(a, b), 2);
    b[n - 1] = '\0';
    assert_int_equal(mk_suggest_distance(a, b), 3);
    assert_int_equal(mk_suggest_distance(a, "x"), n - 1);
    assert_int_equal(mk_suggest_distance("", a), n);
    /* 65 vs 64 bytes: just across the stack/heap boundary */
    a[65] = '\0';
    b[0] = 'x';
    b[10] = 'x';
    b[64] = '\0';
    assert_int_equal(mk_suggest_distance(a, b), 1);
    free(a);
    free(b);
}

static void test_suggest_best(void **state)
{
    static const char *const words[] = {
        "author", "editor", "translator", "illustrator",
    };

    (void)state;
    assert_string_equal(mk_suggest("auther", words, 4, 2), "author");
    assert_string_equal(mk_suggest("EDITOR", words, 4, 0), "editor");
    assert_string_equal(mk_suggest("translater", words, 4, 2),
                        "translator");
    assert_null(mk_suggest("photographer", words, 4, 2));
    assert_null(mk_suggest("edtr", words, 4, 1));
    assert_string_equal(mk_suggest("edtr", words, 4, 2), "editor");
}

static void test_suggest_pointer_into_candidates(void **state)
{
    static const char *const words[] = { "alpha", "beta" };

    (void)state;
    assert_ptr_equal(mk_suggest("beto", words, 2, 1), words[1]);
}

static void test_suggest_ties_first(void **state)
{
    static const char *const words[] = { "trc", "trl", "tra" };
    static const char *const rev[] = { "trl", "trc", "tra" };

    (void)state;
    assert_string_equal(mk_suggest("trn", words, 3, 1), "trc");
    assert_string_equal(mk_suggest("trn", rev, 3, 1), "trl");
    /* a strictly closer later candidate still wins */
    assert_string_equal(mk_suggest("tra", words, 3, 1), "tra");
}

static void test_suggest_edge_cases(void **state)
{
    static const char *const words[] = { NULL, "one", NULL, "two" };

    (void)state;
    assert_string_equal(mk_suggest("tow", words, 4, 1), "two");
    assert_string_equal(mk_suggest("one", words, 4, 0), "one");
    assert_null(mk_suggest("one", words, 0, 5));
    assert_null(mk_suggest(NULL, words, 4, 5));
    assert_null(mk_suggest("one", NULL, 4, 5));
    assert_null(mk_suggest("xyz", words, 4, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_basic),
        cmocka_unit_test(test_distance_case_insensitive),
        cmocka_unit_test(test_distance_transposition),
        cmocka_unit_test(test_distance_null),
        cmocka_unit_test(test_distance_long),
        cmocka_unit_test(test_suggest_best),
        cmocka_unit_test(test_suggest_pointer_into_candidates),
        cmocka_unit_test(test_suggest_ties_first),
        cmocka_unit_test(test_suggest_edge_cases),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
