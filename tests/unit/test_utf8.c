/*
 * test_utf8.c - unit tests for src/utf8.c: strict validation (every
 * kind of invalid sequence), decoding one character with its length,
 * encoding with U+FFFD for what is not a scalar value, and lead bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "utf8.h"

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(mk_utf8_valid("", 0));
    assert_true(mk_utf8_valid("ascii", 5));
    assert_true(mk_utf8_valid("\xC3\xA9", 2));
    assert_true(mk_utf8_valid("\xE2\x80\x94", 3));
    assert_true(mk_utf8_valid("\xF0\x9F\x98\x80", 4));
    assert_true(mk_utf8_valid("\xF4\x8F\xBF\xBF", 4));     /* U+10FFFF */
    assert_true(mk_utf8_valid("\xEF\xBB\xBF", 3));         /* BOM */
    assert_true(mk_utf8_valid("a\0b", 3));
    assert_false(mk_utf8_valid("\xE9", 1));                /* Latin-1 */
    assert_false(mk_utf8_valid("\xC3", 1));                /* truncated */
    assert_false(mk_utf8_valid("\xE2\x80", 2));
    assert_false(mk_utf8_valid("\xC3\xA9", 1));            /* len cuts */
    assert_false(mk_utf8_valid("\x80", 1));                /* lone tail */
    assert_false(mk_utf8_valid("\xC0\xAF", 2));            /* overlong */
    assert_false(mk_utf8_valid("\xC1\xBF", 2));
    assert_false(mk_utf8_valid("\xE0\x80\xAF", 3));
    assert_false(mk_utf8_valid("\xF0\x80\x80\xAF", 4));
    assert_false(mk_utf8_valid("\xED\xA0\x80", 3));        /* surrogate */
    assert_false(mk_utf8_valid("\xF4\x90\x80\x80", 4));    /* > U+10FFFF */
    assert_false(mk_utf8_valid("\xF5\x80\x80\x80", 4));
    assert_false(mk_utf8_valid("\xFF", 1));
    assert_false(mk_utf8_valid("\xC3\x28", 2));            /* bad tail */
}

static void test_utf8_valid_prefix(void **state)
{
    (void)state;
    assert_int_equal(mk_utf8_valid_prefix("", 0), 0);
    assert_int_equal(mk_utf8_valid_prefix("ab\xC3\xA9", 4), 4);
    assert_int_equal(mk_utf8_valid_prefix("ab\xE9" "cd", 5), 2);
    assert_int_equal(mk_utf8_valid_prefix("\xC3\xA9\xC3", 3), 2);
    assert_int_equal(mk_utf8_valid_prefix("\xE2\x80\x94\x80", 4), 3);
}

static void expect_decode(const char *s, size_t len, long cp, size_t used)
{
    size_t n = 99;

    assert_int_equal(mk_utf8_decode(s, len, &n), cp);
    assert_int_equal(n, used);
}

static void test_utf8_decode(void **state)
{
    (void)state;
    expect_decode("a", 1, 'a', 1);
    expect_decode("\0", 1, 0, 1);
    expect_decode("\xC3\xA9x", 3, 0xE9, 2);
    expect_decode("\xE2\x80\x94", 3, 0x2014, 3);
    expect_decode("\xEF\xBF\xBD", 3, 0xFFFD, 3);
    expect_decode("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
    expect_decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);
    /* invalid: always -1 and one byte, so a caller can step over it */
    expect_decode("\x80", 1, -1, 1);
    expect_decode("\xC3", 1, -1, 1);
    expect_decode("\xC3\xA9", 1, -1, 1);            /* len cuts */
    expect_decode("\xE2\x80(", 3, -1, 1);           /* bad tail */
    expect_decode("\xC0\xAF", 2, -1, 1);            /* overlong */
    expect_decode("\xE0\x9F\xBF", 3, -1, 1);
    expect_decode("\xF0\x8F\xBF\xBF", 4, -1, 1);
    expect_decode("\xED\xBF\xBF", 3, -1, 1);        /* surrogate */
    expect_decode("\xF4\x90\x80\x80", 4, -1, 1);    /* > U+10FFFF */
    expect_decode("\xF8\x88\x80\x80\x80", 5, -1, 1);
    expect_decode("\xFF", 1, -1, 1);
}

static void expect_encode(unsigned long cp, const char *want)
{
    char out[MK_UTF8_MAX];
    size_t n = mk_utf8_encode(cp, out);

    assert_int_equal(n, strlen(want) ? strlen(want) : 1);
    assert_memory_equal(out, want, n);
}

static void test_utf8_encode(void **state)
{
    static const unsigned long round[] = {
        0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF,
        0x10000, 0x10FFFF,
    };
    char out[MK_UTF8_MAX];
    size_t i, n, used;

    (void)state;
    expect_encode(0, "");                   /* NUL is one byte, 0 */
    expect_encode('A', "A");
    expect_encode(0xE9, "\xC3\xA9");
    expect_encode(0x2014, "\xE2\x80\x94");
    expect_encode(0x1F600, "\xF0\x9F\x98\x80");
    /* not scalar values: U+FFFD */
    expect_encode(0xD800, "\xEF\xBF\xBD");
    expect_encode(0xDFFF, "\xEF\xBF\xBD");
    expect_encode(0x110000, "\xEF\xBF\xBD");
    for (i = 0; i < sizeof round / sizeof round[0]; i++) {
        n = mk_utf8_encode(round[i], out);
        assert_int_equal(mk_utf8_decode(out, n, &used), (long)round[i]);
        assert_int_equal(used, n);
    }
}

static void test_utf8_is_lead(void **state)
{
    static const char s[] = "a\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80";
    size_t i, chars = 0;

    (void)state;
    for (i = 0; i < sizeof s - 1; i++)
        chars += (size_t)mk_utf8_is_lead((unsigned char)s[i]);
    assert_int_equal(chars, 4);
    assert_false(mk_utf8_is_lead(0x80));
    assert_false(mk_utf8_is_lead(0xBF));
    assert_true(mk_utf8_is_lead(0xC0));
    assert_true(mk_utf8_is_lead(0x7F));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_valid_prefix),
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_utf8_is_lead),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
