/*
 * test_buf.c - unit tests for src/buf.c: the growable buffer (appends,
 * formatted growth past the first 64 bytes and past a megabyte, reset,
 * detach and release invariants, the sticky "failed" flag), the XML and
 * URL escapers, the checked allocation helpers, the string pool and
 * sorted string lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void assert_init_state(const struct mk_buf *b)
{
    assert_null(b->buf);
    assert_int_equal(b->len, 0);
    assert_int_equal(b->alloc, 0);
    assert_int_equal(b->failed, 0);
    assert_string_equal(mk_buf_str(b), "");
}

static void test_init(void **state)
{
    struct mk_buf a = MK_BUF_INIT;
    struct mk_buf b;

    (void)state;
    assert_init_state(&a);
    memset(&b, 0x5a, sizeof b);
    mk_buf_init(&b);
    assert_init_state(&b);
    assert_int_equal(mk_buf_failed(&b), 0);
    mk_buf_release(&a);         /* releasing an unused buffer is fine */
    assert_init_state(&a);
}

static void test_append(void **state)
{
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    assert_int_equal(mk_buf_add(&b, "abc", 3), 0);
    assert_int_equal(mk_buf_adds(&b, "def"), 0);
    assert_int_equal(mk_buf_addc(&b, 'g'), 0);
    assert_int_equal(mk_buf_add(&b, "xyz", 0), 0);
    assert_string_equal(mk_buf_str(&b), "abcdefg");
    assert_int_equal(b.len, 7);
    assert_true(b.alloc >= 8);
    assert_int_equal(b.buf[b.len], '\0');
    /* embedded NUL bytes count in len */
    assert_int_equal(mk_buf_add(&b, "h\0i", 3), 0);
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.buf, "abcdefgh\0i", 11);
    mk_buf_release(&b);
    assert_init_state(&b);
}

static void test_add_empty_allocates(void **state)
{
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    assert_int_equal(mk_buf_add(&b, "", 0), 0);
    assert_non_null(b.buf);
    assert_int_equal(b.len, 0);
    assert_string_equal(mk_buf_str(&b), "");
    mk_buf_release(&b);
}

/* Appending one byte at a time across many reallocations keeps every
 * byte and the terminating NUL. */
static void test_many_small_appends(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t i;

    (void)state;
    for (i = 0; i < 100000; i++) {
        assert_int_equal(mk_buf_addc(&b, (char)('a' + i % 26)), 0);
        assert_true(b.len < b.alloc);
    }
    assert_int_equal(b.len, 100000);
    assert_int_equal(strlen(mk_buf_str(&b)), 100000);
    for (i = 0; i < 100000; i++)
        assert_int_equal(b.buf[i], 'a' + i % 26);
    mk_buf_release(&b);
}

static void test_addf_small(void **state)
{
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    assert_int_equal(mk_buf_addf(&b, "%d-%s-%c", 42, "x", 'y'), 0);
    assert_string_equal(mk_buf_str(&b), "42-x-y");
    assert_int_equal(b.len, 6);
    assert_int_equal(mk_buf_addf(&b, "%s", ""), 0);
    assert_int_equal(b.len, 6);
    assert_int_equal(mk_buf_addf(&b, "[%05.1f]", 2.25), 0);
    assert_string_equal(mk_buf_str(&b), "42-x-y[002.2]");
    mk_buf_release(&b);
}

/* Every output length from 0 to 300 after every prefix length from 0 to
 * 130: crosses the first 64-byte reservation and later growth steps. */
static void test_addf_growth_boundaries(void **state)
{
    char text[301];
    char prefix[131];
    size_t pre, n;

    (void)state;
    for (n = 0; n < sizeof text - 1; n++)
        text[n] = (char)('A' + n % 26);
    text[300] = '\0';
    memset(prefix, 'p', sizeof prefix);
    for (pre = 0; pre <= 130; pre += 13) {
        for (n = 0; n <= 300; n++) {
            struct mk_buf b = MK_BUF_INIT;

            assert_int_equal(mk_buf_add(&b, prefix, pre), 0);
            assert_int_equal(mk_buf_addf(&b, "%.*s", (int)n, text), 0);
            assert_int_equal(b.len, pre + n);
            assert_int_equal(strlen(mk_buf_str(&b)), pre + n);
            assert_memory_equal(b.buf, prefix, pre);
            assert_memory_equal(b.buf + pre, text, n);
            assert_true(b.len < b.alloc);
            mk_buf_release(&b);
        }
    }
}

static void test_addf_megabyte(void **state)
{
    const size_t big = (1u << 20) + 17;
    struct mk_buf b = MK_BUF_INIT;
    char *s = malloc(big + 1);
    size_t i;

    (void)state;
    assert_non_null(s);
    for (i = 0; i < big; i++)
        s[i] = (char)('0' + i % 10);
    s[big] = '\0';
    assert_int_equal(mk_buf_adds(&b, "<"), 0);
    assert_int_equal(mk_buf_addf(&b, "%s|%zu", s, big), 0);
    assert_int_equal(mk_buf_addf(&b, "%*s>", 70000, "x"), 0);
    assert_int_equal(b.len, 1 + big + 1 + 7 + 70000 + 1);
    assert_int_equal(b.buf[0], '<');
    assert_memory_equal(b.buf + 1, s, big);
    assert_memory_equal(b.buf + 1 + big, "|1048593 ", 9);
    assert_int_equal(b.buf[b.len - 2], 'x');
    assert_int_equal(b.buf[b.len - 1], '>');
    assert_int_equal(b.buf[b.len], '\0');
    assert_int_equal(b.failed, 0);
    free(s);
    mk_buf_release(&b);
}

static int call_vaddf(struct mk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int call_vaddf(struct mk_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mk_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

/* The va_list is used twice when the first attempt does not fit. */
static void test_vaddf_retry(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    char long_arg[200];

    (void)state;
    memset(long_arg, 'q', sizeof long_arg - 1);
    long_arg[sizeof long_arg - 1] = '\0';
    assert_int_equal(call_vaddf(&b, "%s:%d:%s", "a", 7, long_arg), 0);
    assert_int_equal(b.len, 4 + 199);
    assert_memory_equal(b.buf, "a:7:", 4);
    assert_int_equal(strspn(b.buf + 4, "q"), 199);
    mk_buf_release(&b);
}

static void test_reset_keeps_storage(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    char *storage;
    size_t alloc;

    (void)state;
    mk_buf_adds(&b, "some text that is long enough");
    storage = b.buf;
    alloc = b.alloc;
    mk_buf_reset(&b);
    assert_ptr_equal(b.buf, storage);
    assert_int_equal(b.alloc, alloc);
    assert_int_equal(b.len, 0);
    assert_string_equal(mk_buf_str(&b), "");
    mk_buf_adds(&b, "new");
    assert_string_equal(mk_buf_str(&b), "new");
    mk_buf_release(&b);
    /* reset of an unused buffer leaves it unused */
    mk_buf_reset(&b);
    assert_init_state(&b);
}

static void test_detach(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t len = 99;
    char *s;

    (void)state;
    mk_buf_adds(&b, "hello");
    s = mk_buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    assert_init_state(&b);
    free(s);

    /* an untouched buffer detaches as an allocated empty string */
    len = 99;
    s = mk_buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    assert_init_state(&b);
    free(s);

    /* len may be NULL; the buffer is reusable afterwards */
    mk_buf_adds(&b, "again");
    s = mk_buf_detach(&b, NULL);
    assert_string_equal(s, "again");
    free(s);
    mk_buf_adds(&b, "x");
    assert_string_equal(mk_buf_str(&b), "x");
    mk_buf_release(&b);
}

/* Marks the buffer failed the way an allocation failure would: a size
 * that cannot be reserved. */
static void make_failed(struct mk_buf *b)
{
    static const char dummy[1] = { 0 };

    assert_int_equal(mk_buf_add(b, dummy, SIZE_MAX), -1);
    assert_int_equal(mk_buf_failed(b), 1);
}

static void test_failed_is_sticky(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t len_before;

    (void)state;
    mk_buf_adds(&b, "kept");
    len_before = b.len;
    make_failed(&b);
    assert_int_equal(b.len, len_before);
    assert_string_equal(mk_buf_str(&b), "kept");
    assert_int_equal(mk_buf_adds(&b, "more"), -1);
    assert_int_equal(mk_buf_addc(&b, 'c'), -1);
    assert_int_equal(mk_buf_add(&b, "", 0), -1);
    assert_int_equal(mk_buf_addf(&b, "%d", 5), -1);
    assert_int_equal(mk_buf_add_xml_text(&b, "a&b"), -1);
    assert_int_equal(mk_buf_add_xml_attr(&b, "a\"b"), -1);
    assert_int_equal(mk_buf_add_url_path(&b, "a b"), -1);
    assert_int_equal(b.len, len_before);
    assert_string_equal(mk_buf_str(&b), "kept");
    assert_int_equal(mk_buf_failed(&b), 1);
    mk_buf_release(&b);
    assert_init_state(&b);
}

static void test_failed_detach_and_reset(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t len = 77;

    (void)state;
    mk_buf_adds(&b, "partial");
    make_failed(&b);
    assert_null(mk_buf_detach(&b, &len));
    assert_init_state(&b);          /* storage released, not leaked */
    assert_int_equal(len, 77);      /* not written on failure */

    /* a failed buffer that was never allocated */
    make_failed(&b);
    assert_null(b.buf);
    assert_string_equal(mk_buf_str(&b), "");
    assert_null(mk_buf_detach(&b, NULL));
    assert_init_state(&b);

    /* reset clears the failure */
    mk_buf_adds(&b, "x");
    make_failed(&b);
    mk_buf_reset(&b);
    assert_int_equal(mk_buf_failed(&b), 0);
    assert_int_equal(mk_buf_adds(&b, "ok"), 0);
    assert_string_equal(mk_buf_str(&b), "ok");
    mk_buf_release(&b);
}

static void check_text(const char *in, const char *want)
{
    struct mk_buf b = MK_BUF_INIT;

    assert_int_equal(mk_buf_add_xml_text(&b, in), 0);
    assert_string_equal(mk_buf_str(&b), want);
    mk_buf_release(&b);
}

static void check_attr(const char *in, const char *want)
{
    struct mk_buf b = MK_BUF_INIT;

    assert_int_equal(mk_buf_add_xml_attr(&b, in), 0);
    assert_string_equal(mk_buf_str(&b), want);
    mk_buf_release(&b);
}

static void test_xml_text(void **state)
{
    (void)state;
    check_text("", "");
    check_text("plain", "plain");
    check_text("a & b", "a &amp; b");
    check_text("<p>", "&lt;p&gt;");
    check_text("\"quoted\" 'single'", "\"quoted\" 'single'");
    check_text("&&", "&amp;&amp;");
    check_text("&amp;", "&amp;amp;");
    check_text("x<", "x&lt;");
    check_text(">x", "&gt;x");
    check_text("\xC3\xA9t\xC3\xA9 \xE2\x80\x94 ok",
               "\xC3\xA9t\xC3\xA9 \xE2\x80\x94 ok");
}

static void test_xml_attr(void **state)
{
    (void)state;
    check_attr("", "");
    check_attr("plain", "plain");
    check_attr("a & b", "a &amp; b");
    check_attr("<p>", "&lt;p&gt;");
    check_attr("say \"hi\"", "say &quot;hi&quot;");
    check_attr("it's", "it's");
    check_attr("\"&<>\"", "&quot;&amp;&lt;&gt;&quot;");
}

static void test_xml_escape_appends(void **state)
{
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    mk_buf_adds(&b, "<a title=\"");
    mk_buf_add_xml_attr(&b, "Q&A \"1\"");
    mk_buf_adds(&b, "\">");
    mk_buf_add_xml_text(&b, "Q&A \"1\" <b>");
    mk_buf_adds(&b, "</a>");
    assert_string_equal(mk_buf_str(&b),
                        "<a title=\"Q&amp;A &quot;1&quot;\">"
                        "Q&amp;A \"1\" &lt;b&gt;</a>");
    mk_buf_release(&b);
}

static void check_url(const char *in, const char *want)
{
    struct mk_buf b = MK_BUF_INIT;

    assert_int_equal(mk_buf_add_url_path(&b, in), 0);
    assert_string_equal(mk_buf_str(&b), want);
    mk_buf_release(&b);
}

static void test_url_path(void **state)
{
    (void)state;
    check_url("", "");
    check_url("chapters/01-intro.xhtml", "chapters/01-intro.xhtml");
    check_url("a b.xhtml", "a%20b.xhtml");
    check_url("images/my photo 1.jpg", "images/my%20photo%201.jpg");
    check_url("Az09-._~", "Az09-._~");
    check_url("/abs/path/", "/abs/path/");
    /* reserved characters that would change the URL's meaning */
    check_url("50%.xhtml", "50%25.xhtml");
    check_url("a#b", "a%23b");
    check_url("a?b", "a%3Fb");
    check_url("a\"b", "a%22b");
    check_url("<x>", "%3Cx%3E");
    check_url("a\\b", "a%5Cb");
    check_url("tab\there", "tab%09here");
    /* UTF-8: every byte, upper-case hex */
    check_url("\xC3\xA9t\xC3\xA9.xhtml", "%C3%A9t%C3%A9.xhtml");
    check_url("\xD0\x9A\xD0\xB0\xD0\xB7/\xE2\x80\x94",
              "%D0%9A%D0%B0%D0%B7/%E2%80%94");
    check_url("\xFF", "%FF");
}

static void test_url_path_appends(void **state)
{
    struct mk_buf b = MK_BUF_INIT;

    (void)state;
    mk_buf_adds(&b, "href=\"");
    assert_int_equal(mk_buf_add_url_path(&b, "x y/z"), 0);
    mk_buf_addc(&b, '"');
    assert_string_equal(mk_buf_str(&b), "href=\"x%20y/z\"");
    mk_buf_release(&b);
}

static void test_alloc_helpers(void **state)
{
    char *p;
    char *q;

    (void)state;
    p = mk_malloc(0);
    assert_non_null(p);
    free(p);
    p = mk_calloc(0, 0);
    assert_non_null(p);
    free(p);
    p = mk_calloc(4, 8);
    assert_non_null(p);
    assert_int_equal(p[0] | p[31], 0);
    free(p);

    assert_null(mk_reallocarray(NULL, SIZE_MAX / 2 + 1, 2));
    assert_null(mk_reallocarray(NULL, 2, SIZE_MAX));
    p = mk_reallocarray(NULL, 0, 16);
    assert_non_null(p);
    q = mk_reallocarray(p, 10, 16);
    assert_non_null(q);
    memset(q, 1, 160);
    free(q);

    p = mk_strdup("copy me");
    assert_string_equal(p, "copy me");
    free(p);
    p = mk_strdup("");
    assert_string_equal(p, "");
    free(p);
    p = mk_strndup("abcdef", 3);
    assert_string_equal(p, "abc");
    free(p);
    p = mk_strndup("ab", 0);
    assert_string_equal(p, "");
    free(p);
    assert_null(mk_strndup("x", SIZE_MAX));
}

static void test_grow_array(void **state)
{
    int *items = NULL;
    size_t cap = 0, i;
    int *before;

    (void)state;
    assert_int_equal(mk_grow_array(&items, &cap, 0, sizeof *items), 0);
    assert_non_null(items);
    assert_int_equal(cap, 8);
    for (i = 0; i < 1000; i++) {
        assert_int_equal(mk_grow_array(&items, &cap, i, sizeof *items), 0);
        assert_true(i < cap);
        items[i] = (int)i;
    }
    assert_int_equal(cap, 1024);
    for (i = 0; i < 1000; i++)
        assert_int_equal(items[i], (int)i);
    /* nothing to do while count fits */
    before = items;
    assert_int_equal(mk_grow_array(&items, &cap, 1023, sizeof *items), 0);
    assert_ptr_equal(items, before);
    assert_int_equal(cap, 1024);
    /* a jump grows by doubling until it fits */
    assert_int_equal(mk_grow_array(&items, &cap, 5000, sizeof *items), 0);
    assert_int_equal(cap, 8192);
    free(items);

    /* impossible sizes fail and leave the array alone */
    items = NULL;
    cap = 0;
    assert_int_equal(mk_grow_array(&items, &cap, 0, SIZE_MAX / 4), -1);
    assert_null(items);
    assert_int_equal(cap, 0);
    assert_int_equal(mk_grow_array(&items, &cap, SIZE_MAX - 1, 1), -1);
    assert_null(items);
    assert_int_equal(cap, 0);
}

/* Strings of every length stay intact and apart; long ones get blocks of
 * their own without wasting the block being filled; release empties. */
static void test_strpool(void **state)
{
    struct mk_strpool p = MK_STRPOOL_INIT;
    char *kept[3000], big[100000];
    size_t i, len;

    (void)state;
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    for (i = 0; i < 3000; i++) {
        char word[32];

        if (i % 1000 == 999) {
            kept[i] = mk_strpool_add(&p, big);
            assert_non_null(kept[i]);
            continue;
        }
        snprintf(word, sizeof(word), "id-%zu", i);
        kept[i] = mk_strpool_add(&p, word);
        assert_non_null(kept[i]);
    }
    for (i = 0; i < 3000; i++) {
        char word[32];

        if (i % 1000 == 999) {
            assert_string_equal(kept[i], big);
            continue;
        }
        snprintf(word, sizeof(word), "id-%zu", i);
        assert_string_equal(kept[i], word);
    }
    /* the bytes after a string are its NUL, not the next string's */
    len = strlen(kept[0]);
    assert_int_equal(kept[0][len], '\0');
    assert_string_equal(mk_strpool_addn(&p, "abcdef", 3), "abc");
    assert_string_equal(mk_strpool_add(&p, ""), "");
    mk_strpool_release(&p);
    assert_null(p.blocks);
    assert_string_equal(mk_strpool_add(&p, "again"), "again");
    mk_strpool_release(&p);
}

static void test_sorted_lists(void **state)
{
    static const char *const list[] = { "a", "b-c", "bc", "z" };
    const char *words[] = { "pear", "apple", "fig" };

    (void)state;
    assert_true(MK_IN_LIST("a", list));
    assert_true(MK_IN_LIST("b-c", list));
    assert_true(MK_IN_LIST("z", list));
    assert_false(MK_IN_LIST("b", list));
    assert_false(MK_IN_LIST("", list));
    assert_false(mk_sorted_has(NULL, 0, "a"));
    qsort(words, 3, sizeof(*words), mk_compare_strings);
    assert_string_equal(words[0], "apple");
    assert_string_equal(words[2], "pear");
    assert_true(mk_sorted_has(words, 3, "fig"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_add_empty_allocates),
        cmocka_unit_test(test_many_small_appends),
        cmocka_unit_test(test_addf_small),
        cmocka_unit_test(test_addf_growth_boundaries),
        cmocka_unit_test(test_addf_megabyte),
        cmocka_unit_test(test_vaddf_retry),
        cmocka_unit_test(test_reset_keeps_storage),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_failed_is_sticky),
        cmocka_unit_test(test_failed_detach_and_reset),
        cmocka_unit_test(test_xml_text),
        cmocka_unit_test(test_xml_attr),
        cmocka_unit_test(test_xml_escape_appends),
        cmocka_unit_test(test_url_path),
        cmocka_unit_test(test_url_path_appends),
        cmocka_unit_test(test_alloc_helpers),
        cmocka_unit_test(test_grow_array),
        cmocka_unit_test(test_strpool),
        cmocka_unit_test(test_sorted_lists),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
