/*
 * test_uuid.c - unit tests for src/uuid.c: SHA-1 against the FIPS
 * 180-4 / RFC 3174 vectors, version 5 UUIDs against Python's uuid
 * module, and the UUID / urn:uuid: syntax checks.
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

static void sha1_hex(const void *data, size_t len, char out[41])
{
    struct mk_sha1 s;
    unsigned char d[20];

    mk_sha1_init(&s);
    mk_sha1_update(&s, data, len);
    mk_sha1_final(&s, d);
    to_hex(d, 20, out);
}

static void test_sha1_abc(void **state)
{
    char hex[41];

    (void)state;
    sha1_hex("abc", 3, hex);
    assert_string_equal(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
}

static void test_sha1_empty(void **state)
{
    char hex[41];

    (void)state;
    sha1_hex("", 0, hex);
    assert_string_equal(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    sha1_hex(NULL, 0, hex);
    assert_string_equal(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void test_sha1_448_bits(void **state)
{
    static const char msg[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[41];

    (void)state;
    assert_int_equal(strlen(msg), 56);
    sha1_hex(msg, strlen(msg), hex);
    assert_string_equal(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_sha1_million_a(void **state)
{
    struct mk_sha1 s;
    unsigned char chunk[1000];
    unsigned char d[20];
    char hex[41];
    int i;

    (void)state;
    memset(chunk, 'a', sizeof chunk);
    mk_sha1_init(&s);
    for (i = 0; i < 1000; i++)
        mk_sha1_update(&s, chunk, sizeof chunk);
    mk_sha1_final(&s, d);
    to_hex(d, 20, hex);
    assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Feeding the same bytes in uneven pieces must not change the hash. */
static void test_sha1_split_updates(void **state)
{
    unsigned char msg[768];
    struct mk_sha1 s;
    unsigned char d[20];
    char hex[41];
    size_t i, off, step;

    (void)state;
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)i;
    for (step = 1; step <= 130; step += 7) {
        mk_sha1_init(&s);
        for (off = 0; off < sizeof msg; off += step) {
            size_t n = sizeof msg - off < step ? sizeof msg - off : step;

            mk_sha1_update(&s, msg + off, n);
        }
        mk_sha1_final(&s, d);
        to_hex(d, 20, hex);
        assert_string_equal(hex,
                            "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2");
    }
    sha1_hex("The quick brown fox jumps over the lazy dog", 43, hex);
    assert_string_equal(hex, "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
}

/* Lengths around the 55/56/64-byte padding boundaries. */
static void test_sha1_padding_boundaries(void **state)
{
    static const struct {
        size_t len;
        const char *hex;
    } cases[] = {
        { 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a" },
        { 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699" },
        { 63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5" },
        { 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d" },
        { 65, "11655326c708d70319be2610e8a57d9a5b959d3b" },
    };
    char buf[65];
    char hex[41];
    size_t i;

    (void)state;
    memset(buf, 'a', sizeof buf);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sha1_hex(buf, cases[i].len, hex);
        assert_string_equal(hex, cases[i].hex);
    }
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
        "urn:uuid:0a300ee9-f9e4-5697-a51a-efc7fafaba67"), 1);
    assert_int_equal(mk_uuid_urn_is_valid(
        "URN:UUID:0a300ee9-f9e4-5697-a51a-efc7fafaba67"), 1);
    assert_int_equal(mk_uuid_urn_is_valid(
        "urn:uuid:0a300ee9-f9e4-5697-a51a-efc7fafaba6"), 0);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uuid:"), 0);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uuid:xyz"), 0);
    assert_int_equal(mk_uuid_urn_is_valid(
        "urn:isbn:9780000000000"), -1);
    assert_int_equal(mk_uuid_urn_is_valid(
        "0a300ee9-f9e4-5697-a51a-efc7fafaba67"), -1);
    assert_int_equal(mk_uuid_urn_is_valid("urn:uui"), -1);
    assert_int_equal(mk_uuid_urn_is_valid(""), -1);
    assert_int_equal(mk_uuid_urn_is_valid(NULL), -1);
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
        cmocka_unit_test(test_sha1_abc),
        cmocka_unit_test(test_sha1_empty),
        cmocka_unit_test(test_sha1_448_bits),
        cmocka_unit_test(test_sha1_million_a),
        cmocka_unit_test(test_sha1_split_updates),
        cmocka_unit_test(test_sha1_padding_boundaries),
        cmocka_unit_test(test_uuid_v5_known),
        cmocka_unit_test(test_uuid_v5_bits),
        cmocka_unit_test(test_uuid_v5_deterministic),
        cmocka_unit_test(test_uuid_is_valid),
        cmocka_unit_test(test_uuid_urn),
        cmocka_unit_test(test_ns_url_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
