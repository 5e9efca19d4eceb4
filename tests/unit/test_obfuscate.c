/*
 * test_obfuscate.c - unit tests for src/obfuscate.c: the key against
 * coreutils' sha1sum (with the identifier's white space left out), the
 * XOR of the first 1040 bytes only, and encryption.xml.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "obfuscate.h"
#include "pub.h"

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_key_known(void **state)
{
    unsigned char key[MK_OBFUSCATE_KEY_SIZE];
    char hex[2 * MK_OBFUSCATE_KEY_SIZE + 1];

    (void)state;
    /* printf %s urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85 | sha1sum */
    mk_obfuscate_key("urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85", key);
    to_hex(key, sizeof key, hex);
    assert_string_equal(hex, "9a17052d0ade7c993f7d56cc00a418afcc0c501f");
    /* spaces, tabs, CR and LF anywhere are not part of the key */
    mk_obfuscate_key(" urn:uuid:58dbbe9f-ceb5-45de\t-a3cf-\r\nd50942acfe85 ",
                     key);
    to_hex(key, sizeof key, hex);
    assert_string_equal(hex, "9a17052d0ade7c993f7d56cc00a418afcc0c501f");
    /* printf '' | sha1sum */
    mk_obfuscate_key(" \n", key);
    to_hex(key, sizeof key, hex);
    assert_string_equal(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void test_xor_prefix_only(void **state)
{
    unsigned char key[MK_OBFUSCATE_KEY_SIZE], data[3000], orig[3000];
    size_t i;

    (void)state;
    mk_obfuscate_key("urn:isbn:9780306406157", key);
    for (i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 31 + 7);
    memcpy(orig, data, sizeof data);
    mk_obfuscate(data, sizeof data, key);
    for (i = 0; i < MK_OBFUSCATE_PREFIX; i++)
        assert_int_equal(data[i], orig[i] ^ key[i % MK_OBFUSCATE_KEY_SIZE]);
    assert_memory_equal(data + MK_OBFUSCATE_PREFIX,
                        orig + MK_OBFUSCATE_PREFIX,
                        sizeof data - MK_OBFUSCATE_PREFIX);
    mk_obfuscate(data, sizeof data, key);
    assert_memory_equal(data, orig, sizeof data);
}

static void test_xor_short_file(void **state)
{
    unsigned char key[MK_OBFUSCATE_KEY_SIZE], data[25], orig[25];
    size_t i;

    (void)state;
    mk_obfuscate_key("x", key);
    memset(data, 0xAA, sizeof data);
    memcpy(orig, data, sizeof data);
    mk_obfuscate(data, sizeof data, key);
    for (i = 0; i < sizeof data; i++)
        assert_int_equal(data[i], 0xAA ^ key[i % MK_OBFUSCATE_KEY_SIZE]);
    mk_obfuscate(data, 0, key);         /* nothing to do, nothing read */
    mk_obfuscate(data, sizeof data, key);
    assert_memory_equal(data, orig, sizeof data);
}

static void test_encryption_xml(void **state)
{
    struct mk_item font = { 0 }, css = { 0 }, odd = { 0 };
    struct mk_item *items[3] = { &font, &css, &odd };
    struct mk_pub pub;
    struct mk_buf out = MK_BUF_INIT;
    char href_a[] = "fonts/a.otf", href_css[] = "style.css",
         href_b[] = "fonts/b c&d.woff";

    (void)state;
    memset(&pub, 0, sizeof pub);
    pub.items = items;
    pub.n_items = 3;
    font.href = href_a;
    font.obfuscate = 1;
    css.href = href_css;
    odd.href = href_b;
    odd.obfuscate = 1;
    assert_int_equal(mk_encryption_write(&pub, &out), 0);
    assert_non_null(out.buf);
    assert_non_null(strstr(out.buf, "URI=\"EPUB/fonts/a.otf\""));
    assert_non_null(strstr(out.buf, "URI=\"EPUB/fonts/b%20c%26d.woff\""));
    assert_null(strstr(out.buf, "style.css"));
    assert_non_null(strstr(out.buf, "</encryption>\n"));
    mk_buf_release(&out);

    /* no obfuscated item: nothing at all */
    font.obfuscate = odd.obfuscate = 0;
    assert_int_equal(mk_encryption_write(&pub, &out), 0);
    assert_int_equal(out.len, 0);
    mk_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_known),
        cmocka_unit_test(test_xor_prefix_only),
        cmocka_unit_test(test_xor_short_file),
        cmocka_unit_test(test_encryption_xml),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
