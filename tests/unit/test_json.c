/*
 * test_json.c - unit tests for src/json.c: the exact layout (nesting,
 * commas, empty containers, the closing newline), string escaping
 * (quotes, backslashes, control characters, NUL, UTF-8 kept, invalid
 * UTF-8 as U+FFFD), numbers and literals, and misuse (unbalanced ends,
 * nesting past MK_JSON_MAX_DEPTH) reported by mk_json_failed().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static void check_quoted(const char *in, size_t len, const char *want)
{
    struct mk_buf b = MK_BUF_INIT;

    assert_int_equal(mk_json_add_quoted(&b, in, len), 0);
    assert_string_equal(mk_buf_str(&b), want);
    mk_buf_release(&b);
}

static void test_escaping(void **state)
{
    (void)state;
    check_quoted("plain", 5, "\"plain\"");
    check_quoted("", 0, "\"\"");
    check_quoted("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
    check_quoted("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
    check_quoted("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
    check_quoted("a\0b", 3, "\"a\\u0000b\"");
    /* UTF-8 passes through; bad bytes become U+FFFD, one each */
    check_quoted("\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80", 9,
                 "\"\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80\"");
    check_quoted("a\xFF" "b", 3, "\"a\xEF\xBF\xBD" "b\"");
    check_quoted("\xC3", 1, "\"\xEF\xBF\xBD\"");
    check_quoted("\xED\xA0\x80", 3,
                 "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

static void test_layout(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_json j;

    (void)state;
    mk_json_init(&j, &b);
    mk_json_begin_object(&j, NULL);
    mk_json_string(&j, "name", "x");
    mk_json_string(&j, "none", NULL);
    mk_json_uint(&j, "size", 18446744073709551615ull);
    mk_json_bool(&j, "yes", 1);
    mk_json_bool(&j, "no", 0);
    mk_json_null(&j, "nil");
    mk_json_begin_array(&j, "empty");
    mk_json_end_array(&j);
    mk_json_begin_object(&j, "obj");
    mk_json_end_object(&j);
    mk_json_begin_array(&j, "list");
    mk_json_uint(&j, NULL, 1);
    mk_json_begin_object(&j, NULL);
    mk_json_string(&j, "k\"ey", "v");
    mk_json_end_object(&j);
    mk_json_end_array(&j);
    mk_json_end_object(&j);
    assert_false(mk_json_failed(&j));
    assert_string_equal(mk_buf_str(&b),
                        "{\n"
                        "  \"name\": \"x\",\n"
                        "  \"none\": null,\n"
                        "  \"size\": 18446744073709551615,\n"
                        "  \"yes\": true,\n"
                        "  \"no\": false,\n"
                        "  \"nil\": null,\n"
                        "  \"empty\": [],\n"
                        "  \"obj\": {},\n"
                        "  \"list\": [\n"
                        "    1,\n"
                        "    {\n"
                        "      \"k\\\"ey\": \"v\"\n"
                        "    }\n"
                        "  ]\n"
                        "}\n");
    mk_buf_release(&b);
}

static void test_top_level_scalar(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_json j;

    (void)state;
    mk_json_init(&j, &b);
    mk_json_string_len(&j, NULL, "a\0", 2);
    assert_false(mk_json_failed(&j));
    assert_string_equal(mk_buf_str(&b), "\"a\\u0000\"\n");
    mk_buf_release(&b);
}

static void test_misuse(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct mk_json j;
    int i;

    (void)state;
    mk_json_init(&j, &b);
    mk_json_end_object(&j);
    assert_true(mk_json_failed(&j));
    mk_buf_release(&b);

    mk_json_init(&j, &b);
    for (i = 0; i < MK_JSON_MAX_DEPTH; i++)
        mk_json_begin_array(&j, NULL);
    assert_false(mk_json_failed(&j));
    mk_json_begin_array(&j, NULL);
    assert_true(mk_json_failed(&j));
    mk_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_top_level_scalar),
        cmocka_unit_test(test_misuse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
