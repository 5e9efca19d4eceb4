/*
 * test_uuid.c - unit tests for src/uuid.c: version 5 UUIDs against
 * Python's uuid module (pinned, so that the identifiers derived for
 * existing books never change), and the UUID / urn:uuid: syntax
 * checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "uuid.h"

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_uuid_v5_known(void **state)
{
    static const unsigned char ns_dns[16] = {
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
        0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
    };
    char out[37];

    (void)state;
    /* python3: uuid.uuid5(uuid.NAMESPACE_URL, "http://example.com/") */
    mk_uuid_v5(mk_uuid_ns_url, "http://example.com/", 19, out);
    assert_string_equal(out, "0a300ee9-f9e4-5697-a51a-efc7fafaba67");
    mk_uuid_v5(mk_uuid_ns_url, "urn:isbn:9780000000000", 22, out);
    assert_string_equal(out, "2d04a746-cf29-501a-a4f1-d46e4f4ff5ac");
    mk_uuid_v5(mk_uuid_ns_url, NULL, 0, out);
    assert_string_equal(out, "1b4db7eb-4057-5ddf-91e0-36dec72071f5");
    mk_uuid_v5(ns_dns, "www.example.com", 15, out);
    assert_string_equal(out, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

/*
 * book.c derives a book's identifier from its title and creators, one
 * per line: these values are in books already made and must never
 * change (python3: uuid.uuid5(uuid.NAMESPACE_URL, name)).
 */
static void test_uuid_v5_derived_identifiers(void **state)
{
    static const char one[] = "Title\nAnn\nBob";
    static const char two[] =
        "The Story of Zhanara Akhmetova\nAigerim Nurlanovna";
    char out[37];

    (void)state;
    mk_uuid_v5(mk_uuid_ns_url, one, sizeof one - 1, out);
    assert_string_equal(out, "c28b304e-2cbb-58ad-9e2a-97983c139dc3");
    mk_uuid_v5(mk_uuid_ns_url, two, sizeof two - 1, out);
    assert_string_equal(out, "4549e730-5399-5124-bb07-d9105b6f4139");
}

static void test_uuid_v5_bits(void **state)
{
    static const char *const names[] = {
        "a", "book", "http://example.com/", "\xff\xfe", "0123456789",
    };
    char out[37];
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        mk_uuid_v5(mk_uuid_ns_url, names[i], strlen(names[i]), out);
        assert_int_equal(strlen(out), 36);
        assert_int_equal(mk_uuid_is_valid(out), 1);
        assert_int_equal(out[14], '5');                 /* version */
        assert_non_null(strchr("89ab", out[19]));       /* variant */
        for (j = 0; j < 36; j++)
            assert_true(out[j] == '-' || (out[j] >= '0' && out[j] <= '9')
                        || (out[j] >= 'a' && out[j] <= 'f'));
    }
}

static void test_uuid_v5_deterministic(void **state)
{
    char a[37], b[37], c[37];

    (void)state;
    mk_uuid_v5(mk_uuid_ns_url, "same", 4, a);
    mk_uuid_v5(mk_uuid_ns_url, "same", 4, b);
    mk_uuid_v5(mk_uuid_ns_url, "Same", 4, c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
}

static void test_uuid_is_valid(void **state)
{
    (void)state;
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9-f9e4-5697-a51a-efc7fafaba67"), 1);
    assert_int_equal(
        mk_uuid_is_valid("0A300EE9-F9E4-5697-A51A-EFC7FAFABA67"), 1);
    assert_int_equal(
        mk_uuid_is_valid("00000000-0000-0000-0000-000000000000"), 1);
    assert_int_equal(mk_uuid_is_valid(NULL), 0);
    assert_int_equal(mk_uuid_is_valid(""), 0);
    /* 35 and 37 characters */
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9-f9e4-5697-a51a-efc7fafaba6"), 0);
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9-f9e4-5697-a51a-efc7fafaba677"), 0);
    /* non-hex digit, misplaced dash, braces, no dashes */
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9-f9e4-5697-a51a-efc7fafaba6g"), 0);
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9f-9e4-5697-a51a-efc7fafaba67"), 0);
    assert_int_equal(
        mk_uuid_is_valid("{0a300ee9-f9e4-5697-a51a-efc7fafaba6}"), 0);
    assert_int_equal(
        mk_uuid_is_valid("0a300ee9f9e45697a51aefc7fafaba670000"), 0);
}

static void test_uuid_urn(void **state)
{
    (void)state;
    assert_int_equal(mk_uuid_urn_is_valid(
        "urn:uuid:0a300ee9-f9e4-5697-a51a-efc7fafaba67"), MK_UUID_URN_OK);
    assert_int_equal(mk_uuid_urn_is_valid(
        "URN:UUID:0a300ee9-f9e4-5697-a51a-efc7fafaba67"), MK_UUID_URN_OK);
    assert_int_equal(mk_uuid_urn_is_valid(
        "urn:uuid:0a300ee9-f9e4-5697-a51a-efc7fafaba6"), MK_UUID_URN_BAD);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uuid:"), MK_UUID_URN_BAD);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uuid:xyz"), MK_UUID_URN_BAD);
    assert_int_equal(mk_uuid_urn_is_valid(
        "urn:isbn:9780000000000"), MK_UUID_NOT_URN);
    assert_int_equal(mk_uuid_urn_is_valid(
        "0a300ee9-f9e4-5697-a51a-efc7fafaba67"), MK_UUID_NOT_URN);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uui"), MK_UUID_NOT_URN);
    assert_int_equal(mk_uuid_urn_is_valid(""), MK_UUID_NOT_URN);
    assert_int_equal(mk_uuid_urn_is_valid(NULL), MK_UUID_NOT_URN);
}

static void test_ns_url_bytes(void **state)
{
    char hex[33];

    (void)state;
    to_hex(mk_uuid_ns_url, 16, hex);
    assert_string_equal(hex, "6ba7b8119dad11d180b400c04fd430c8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uuid_v5_known),
        cmocka_unit_test(test_uuid_v5_derived_identifiers),
        cmocka_unit_test(test_uuid_v5_bits),
        cmocka_unit_test(test_uuid_v5_deterministic),
        cmocka_unit_test(test_uuid_is_valid),
        cmocka_unit_test(test_uuid_urn),
        cmocka_unit_test(test_ns_url_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
