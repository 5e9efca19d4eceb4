/*
 * test_strmap.c - unit tests for src/strmap.c: put/get/replace, missing
 * keys, borrowed keys compared by content, growth to 10000 keys,
 * release, and finding an unused name (base, base-2, ...).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static void test_empty(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;

    (void)state;
    assert_null(mk_strmap_get(&m, "anything"));
    assert_null(mk_strmap_get(&m, ""));
    assert_int_equal(m.count, 0);
    mk_strmap_release(&m);
    mk_strmap_release(&m);
    assert_null(m.keys);
    assert_null(m.values);
    assert_int_equal(m.cap, 0);
}

static void test_put_get_replace(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;
    int one = 1, two = 2, three = 3;

    (void)state;
    assert_int_equal(mk_strmap_put(&m, "one", &one), 0);
    assert_int_equal(mk_strmap_put(&m, "two", &two), 0);
    assert_int_equal(m.count, 2);
    assert_ptr_equal(mk_strmap_get(&m, "one"), &one);
    assert_ptr_equal(mk_strmap_get(&m, "two"), &two);
    assert_null(mk_strmap_get(&m, "three"));
    assert_null(mk_strmap_get(&m, "On"));
    assert_null(mk_strmap_get(&m, "ONE"));
    assert_null(mk_strmap_get(&m, "one "));
    assert_null(mk_strmap_get(&m, ""));
    /* replacing keeps the count */
    assert_int_equal(mk_strmap_put(&m, "one", &three), 0);
    assert_int_equal(m.count, 2);
    assert_ptr_equal(mk_strmap_get(&m, "one"), &three);
    assert_ptr_equal(mk_strmap_get(&m, "two"), &two);
    /* a NULL value reads like a missing key */
    assert_int_equal(mk_strmap_put(&m, "two", NULL), 0);
    assert_null(mk_strmap_get(&m, "two"));
    assert_int_equal(m.count, 2);
    mk_strmap_release(&m);
    assert_int_equal(m.count, 0);
}

/* Keys are compared by content: a different pointer to the same text
 * finds the entry, and the empty string is a key like any other. */
static void test_keys_by_content(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;
    char stored[16], lookup[16];
    int v = 7, w = 8;

    (void)state;
    strcpy(stored, "chapter.xhtml");
    strcpy(lookup, "chapter.xhtml");
    assert_int_equal(mk_strmap_put(&m, stored, &v), 0);
    assert_ptr_equal(mk_strmap_get(&m, lookup), &v);
    assert_int_equal(mk_strmap_put(&m, lookup, &w), 0);
    assert_int_equal(m.count, 1);
    assert_ptr_equal(mk_strmap_get(&m, stored), &w);
    assert_int_equal(mk_strmap_put(&m, "", &v), 0);
    assert_ptr_equal(mk_strmap_get(&m, ""), &v);
    assert_int_equal(m.count, 2);
    /* UTF-8 keys */
    assert_int_equal(mk_strmap_put(&m, "\xC3\xA9t\xC3\xA9", &w), 0);
    assert_ptr_equal(mk_strmap_get(&m, "\xC3\xA9t\xC3\xA9"), &w);
    assert_null(mk_strmap_get(&m, "ete"));
    mk_strmap_release(&m);
}

#define MANY 10000

static void test_many_keys(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;
    static char keys[MANY][16];
    static int values[MANY];
    char probe[16];
    size_t i;

    (void)state;
    for (i = 0; i < MANY; i++) {
        snprintf(keys[i], sizeof keys[i], "key-%zu", i);
        values[i] = (int)i;
        assert_int_equal(mk_strmap_put(&m, keys[i], &values[i]), 0);
        assert_int_equal(m.count, i + 1);
        /* load factor stays at most one half; capacity a power of two */
        assert_true(m.count * 2 <= m.cap);
        assert_int_equal(m.cap & (m.cap - 1), 0);
    }
    for (i = 0; i < MANY; i++) {
        int *got;

        snprintf(probe, sizeof probe, "key-%zu", i);
        got = mk_strmap_get(&m, probe);
        assert_non_null(got);
        assert_int_equal(*got, (int)i);
    }
    for (i = MANY; i < 2 * MANY; i++) {
        snprintf(probe, sizeof probe, "key-%zu", i);
        assert_null(mk_strmap_get(&m, probe));
    }
    assert_null(mk_strmap_get(&m, "key-"));
    assert_null(mk_strmap_get(&m, "key-00"));
    /* replace every other entry after growth */
    for (i = 0; i < MANY; i += 2)
        assert_int_equal(mk_strmap_put(&m, keys[i], &values[i + 1]), 0);
    assert_int_equal(m.count, MANY);
    for (i = 0; i < MANY; i++) {
        int *got = mk_strmap_get(&m, keys[i]);

        assert_int_equal(*got, (int)(i % 2 ? i : i + 1));
    }
    mk_strmap_release(&m);
    assert_null(mk_strmap_get(&m, keys[0]));
}

/* Keys that share long prefixes and differ in one byte. */
static void test_similar_keys(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;
    static char keys[256][8];
    size_t i;

    (void)state;
    for (i = 1; i < 256; i++) {
        memcpy(keys[i], "abcde", 5);
        keys[i][5] = (char)i;
        keys[i][6] = '\0';
        assert_int_equal(mk_strmap_put(&m, keys[i], keys[i]), 0);
    }
    assert_int_equal(m.count, 255);
    for (i = 1; i < 256; i++)
        assert_ptr_equal(mk_strmap_get(&m, keys[i]), keys[i]);
    assert_null(mk_strmap_get(&m, "abcde"));
    mk_strmap_release(&m);
}

static void check_unused(const struct mk_strmap *m, const char *base,
                         const char *want)
{
    char *got = mk_strmap_unused(m, base);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* mk_strmap_unused: the first free name of base, base-2, base-3 ... */
static void test_unused(void **state)
{
    struct mk_strmap m = MK_STRMAP_INIT;
    int v = 1;

    (void)state;
    check_unused(&m, "intro", "intro");
    check_unused(&m, "", "");
    mk_strmap_put(&m, "intro", &v);
    check_unused(&m, "intro", "intro-2");
    mk_strmap_put(&m, "intro-2", &v);
    mk_strmap_put(&m, "intro-3", &v);
    check_unused(&m, "intro", "intro-4");
    /* nothing is stored */
    assert_null(mk_strmap_get(&m, "intro-4"));
    assert_int_equal(m.count, 3);
    /* a gap is not filled: the first missing one is returned */
    mk_strmap_put(&m, "a", &v);
    mk_strmap_put(&m, "a-3", &v);
    check_unused(&m, "a", "a-2");
    check_unused(&m, "intro-2", "intro-2-2");
    check_unused(&m, "other", "other");
    mk_strmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_put_get_replace),
        cmocka_unit_test(test_keys_by_content),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_similar_keys),
        cmocka_unit_test(test_unused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
