/*
 * test_url.c - unit tests for src/url.c: splitting a reference into
 * scheme, path, query and fragment; percent-decoding (malformed escapes,
 * %00 and other controls, encoded separators and dot segments);
 * characters a URL may not hold; empty segments and network paths;
 * data:, file: and other schemes, and those EPUBCheck knows; resolution
 * against a folder with the canonical form when a path climbs too far;
 * the escaped form suggested as a fix; srcset candidates with odd blanks
 * and commas in URLs; 20000 generated references.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "url.h"

static void test_plain(void **state)
{
    struct mk_url u;

    (void)state;
    assert_int_equal(mk_url_parse("chapters/02.xhtml", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "chapters/02.xhtml");
    assert_null(u.fragment);
    assert_null(u.query);
    assert_int_equal(u.remote, 0);
    assert_int_equal(u.absolute, 0);
    assert_string_equal(u.scheme, "");
    mk_url_release(&u);
    assert_null(u.path);
    assert_null(u.fragment);
    mk_url_release(&u);         /* twice is harmless */

    assert_int_equal(mk_url_parse("", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "");
    assert_null(u.fragment);
    mk_url_release(&u);

    /* blanks around the reference are not part of it (HTML strips them) */
    assert_int_equal(mk_url_parse(" \t a.png#f \n", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "a.png");
    assert_string_equal(u.fragment, "f");
    mk_url_release(&u);
}

static void test_fragment_and_query(void **state)
{
    struct mk_url u;

    (void)state;
    assert_int_equal(mk_url_parse("02.xhtml#sec-2", &u), 0);
    assert_string_equal(u.path, "02.xhtml");
    assert_string_equal(u.fragment, "sec-2");
    mk_url_release(&u);

    assert_int_equal(mk_url_parse("#top", &u), 0);
    assert_string_equal(u.path, "");
    assert_string_equal(u.fragment, "top");
    mk_url_release(&u);

    assert_int_equal(mk_url_parse("a.xhtml#", &u), 0);
    assert_string_equal(u.path, "a.xhtml");
    assert_string_equal(u.fragment, "");
    mk_url_release(&u);

    /* a query is not part of the path; a '?' after '#' is fragment */
    assert_int_equal(mk_url_parse("a.xhtml?x=1#f", &u), 0);
    assert_string_equal(u.path, "a.xhtml");
    assert_string_equal(u.query, "x=1");
    assert_string_equal(u.fragment, "f");
    mk_url_release(&u);
    assert_int_equal(mk_url_parse("a.xhtml#f?x", &u), 0);
    assert_string_equal(u.path, "a.xhtml");
    assert_null(u.query);
    assert_string_equal(u.fragment, "f?x");
    mk_url_release(&u);
    assert_int_equal(mk_url_parse("a.css?v=2", &u), 0);
    assert_string_equal(u.path, "a.css");
    assert_string_equal(u.query, "v=2");
    assert_null(u.fragment);
    mk_url_release(&u);
    assert_int_equal(mk_url_parse("a.css?", &u), 0);
    assert_string_equal(u.query, "");
    mk_url_release(&u);
}

static void test_decoding(void **state)
{
    struct mk_url u;

    (void)state;
    assert_int_equal(mk_url_parse("my%20photo.jpg", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "my photo.jpg");
    mk_url_release(&u);

    assert_int_equal(mk_url_parse("%C3%a9t%C3%A9.xhtml#%C3%A9", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "\xC3\xA9t\xC3\xA9.xhtml");
    assert_string_equal(u.fragment, "\xC3\xA9");
    mk_url_release(&u);

    /* an encoded '#' or '?' is part of the name */
    assert_int_equal(mk_url_parse("a%23b%3Fc.png", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_string_equal(u.path, "a#b?c.png");
    assert_null(u.fragment);
    assert_null(u.query);
    mk_url_release(&u);

    assert_int_equal(mk_url_parse("100%25.png", &u), 0);
    assert_string_equal(u.path, "100%.png");
    mk_url_release(&u);

    /* raw non-ASCII is allowed in a URL */
    assert_int_equal(mk_url_parse("\xC3\xA9t\xC3\xA9.png", &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    mk_url_release(&u);
}

static void test_bad_escapes(void **state)
{
    static const struct {
        const char *url;
        const char *path;
        const char *fragment;
        size_t at;
    } cases[] = {
        { "a%zzb", "a%zzb", NULL, 1 },
        { "a%2", "a%2", NULL, 1 },
        { "a%", "a%", NULL, 1 },
        { "%g1x", "%g1x", NULL, 0 },
        { "50%.png", "50%.png", NULL, 2 },
        { "a%4#x", "a%4", "x", 1 },        /* the escape ends at '#' */
        { "ok.xhtml#bad%q1", "ok.xhtml", "bad%q1", 12 },
        { "  a%zz", "a%zz", NULL, 3 },      /* offsets count the blanks */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(cases[i].url, &u), 0);
        assert_int_equal(u.status, MK_URL_BAD_ESCAPE);
        assert_int_equal(u.bad_at, cases[i].at);
        assert_string_equal(u.path, cases[i].path);
        if (cases[i].fragment)
            assert_string_equal(u.fragment, cases[i].fragment);
        else
            assert_null(u.fragment);
        mk_url_release(&u);
    }
}

/* %00 would cut the decoded name short: another file would be packed. */
static void test_controls(void **state)
{
    static const struct {
        const char *url;
        size_t at;
    } cases[] = {
        { "a%00.png", 1 },
        { "a.png%00.txt", 5 },
        { "a%1F", 1 },
        { "a%7f", 1 },
        { "a.xhtml#x%00", 9 },
        { "a\tb.png", 1 },
        { "a\x01.png", 1 },
        { "http://x/%00", 9 },
        { "data:,a%00", 7 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(cases[i].url, &u), 0);
        assert_int_equal(u.status, MK_URL_CONTROL);
        assert_int_equal(u.bad_at, cases[i].at);
        mk_url_release(&u);
    }
}

static void test_bad_chars(void **state)
{
    static const struct {
        const char *url;
        size_t at;
        const char *escaped;
    } cases[] = {
        { "a b.png", 1, "a%20b.png" },
        { "a[1].png", 1, "a%5B1%5D.png" },
        { "a{b}.png", 1, "a%7Bb%7D.png" },
        { "a|b.png", 1, "a%7Cb.png" },
        { "a^b.png", 1, "a%5Eb.png" },
        { "a`b.png", 1, "a%60b.png" },
        { "a<b>.png", 1, "a%3Cb%3E.png" },
        { "a\"b.png", 1, "a%22b.png" },
        { "sub\\x.png", 3, "sub/x.png" },
        { "a.xhtml#two words", 11, "a.xhtml#two%20words" },
        { "https://example.com/a b", 21, "https://example.com/a%20b" },
        { "  a b.png\n", 3, "a%20b.png" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct mk_url u;
        char *esc;

        assert_int_equal(mk_url_parse(cases[i].url, &u), 0);
        assert_int_equal(u.status, MK_URL_BAD_CHAR);
        assert_int_equal(u.bad_at, cases[i].at);
        mk_url_release(&u);
        esc = mk_url_escape(cases[i].url);
        assert_non_null(esc);
        assert_string_equal(esc, cases[i].escaped);
        assert_int_equal(mk_url_parse(esc, &u), 0);
        assert_int_equal(u.status, MK_URL_OK);
        mk_url_release(&u);
        free(esc);
    }
    /* a data: URL may hold blanks in its text */
    {
        struct mk_url u;

        assert_int_equal(mk_url_parse("data:text/plain,a b", &u), 0);
        assert_int_equal(u.status, MK_URL_OK);
        mk_url_release(&u);
    }
}

/* Forms EPUBCheck 4.2 and 5 resolve to different files. */
static void test_ambiguous(void **state)
{
    static const struct {
        const char *url;
        enum mk_url_status status;
        size_t at;
    } cases[] = {
        { ".//..//x.png", MK_URL_EMPTY_SEGMENT, 2 },
        { "sub//c.png", MK_URL_EMPTY_SEGMENT, 4 },
        { "a/b//", MK_URL_EMPTY_SEGMENT, 4 },
        { "//cdn.example.com/a.png", MK_URL_NETWORK_PATH, 0 },
        { "sub%2Fx.png", MK_URL_ENCODED_SEP, 3 },
        { "sub%5cx.png", MK_URL_ENCODED_SEP, 3 },
        { "%2E%2E/x.png", MK_URL_ENCODED_SEP, 0 },
        { "a/.%2e/x.png", MK_URL_ENCODED_SEP, 2 },
        { "a/%2e/x.png", MK_URL_ENCODED_SEP, 2 },
    };
    static const char *const fine[] = {
        "../x.png", "./x.png", "a/./b/../c.png", "...png", "a/.../b",
        "%2E%2E%2Ex", "a%2Eb.png", "x.png#a//b", "x.xhtml?a=//b",
        "https://example.com//a", "a.%2E",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(cases[i].url, &u), 0);
        assert_int_equal(u.status, cases[i].status);
        assert_int_equal(u.bad_at, cases[i].at);
        mk_url_release(&u);
    }
    for (i = 0; i < sizeof fine / sizeof *fine; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(fine[i], &u), 0);
        assert_int_equal(u.status, MK_URL_OK);
        mk_url_release(&u);
    }
    for (i = 0; i <= MK_URL_NETWORK_PATH; i++)
        assert_non_null(mk_url_status_text((enum mk_url_status)i, 'x'));
    assert_non_null(strstr(mk_url_status_text(MK_URL_BAD_CHAR, ' '),
                           "space"));
}

static void test_schemes(void **state)
{
    static const struct {
        const char *url;
        const char *scheme;
        int web;
    } cases[] = {
        { "http://example.com/a.png", "http", 1 },
        { "HTTPS://Example.com/", "https", 1 },
        { "mailto:someone@example.com", "mailto", 0 },
        { "data:image/png;base64,AAAA", "data", 0 },
        { "file:///etc/passwd", "file", 0 },
        { "tel:+123", "tel", 0 },
        { "urn:isbn:9780000000000", "urn", 0 },
        { "svn+ssh://host/x", "svn+ssh", 0 },
        { "a.b-c:rest", "a.b-c", 0 },
        { "C:/books/a.png", "c", 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(cases[i].url, &u), 0);
        assert_int_equal(u.remote, 1);
        assert_int_equal(u.absolute, 0);
        assert_string_equal(u.scheme, cases[i].scheme);
        assert_int_equal(mk_url_is_web(&u), cases[i].web);
        mk_url_release(&u);
    }
    /* a query belongs to a remote URL, and is kept */
    {
        struct mk_url u;

        assert_int_equal(mk_url_parse("https://x.org/a?b=1#c", &u), 0);
        assert_string_equal(u.path, "//x.org/a");
        assert_string_equal(u.query, "b=1");
        assert_string_equal(u.fragment, "c");
        mk_url_release(&u);
    }
}

static void test_not_remote(void **state)
{
    static const char *const urls[] = {
        "a.xhtml", "./a:b", "1http://x", "-x:y", "dir/a:b.png", "#x:y",
        ":nothing", "a b:c", "/abs:x",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof urls / sizeof *urls; i++) {
        struct mk_url u;

        assert_int_equal(mk_url_parse(urls[i], &u), 0);
        assert_int_equal(u.remote, 0);
        assert_string_equal(u.scheme, "");
        mk_url_release(&u);
    }
}

static void test_long_scheme(void **state)
{
    struct mk_url u;

    (void)state;
    assert_int_equal(mk_url_parse("abcdefghijklmnopqrstuvwxyz"
                                  "abcdefghijklmnopqrstuvwxyz:x", &u), 0);
    assert_int_equal(u.remote, 1);
    assert_int_equal(strlen(u.scheme), sizeof u.scheme - 1);
    assert_memory_equal(u.scheme, "abcdefghijklmnopqrstuvwxyzabcde", 31);
    mk_url_release(&u);
}

/* EPUBCheck warns (HTM-025) about a hyperlink with another scheme. */
static void test_registered_schemes(void **state)
{
    static const char *const known[] = {
        "http", "https", "mailto", "tel", "urn", "ftp", "javascript",
        "aaa", "z39.50s", "xmpp", "opaquelocktoken", "iris.beep",
    };
    static const char *const unknown[] = {
        "doi", "foo", "c", "", "z39.50", "httpx", "zzz", "a",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof known / sizeof *known; i++)
        assert_true(mk_url_scheme_registered(known[i]));
    for (i = 0; i < sizeof unknown / sizeof *unknown; i++)
        assert_false(mk_url_scheme_registered(unknown[i]));
}

static void test_absolute(void **state)
{
    struct mk_url u;

    (void)state;
    assert_int_equal(mk_url_parse("/images/a.png", &u), 0);
    assert_int_equal(u.absolute, 1);
    assert_int_equal(u.remote, 0);
    assert_string_equal(u.path, "/images/a.png");
    mk_url_release(&u);
    assert_int_equal(mk_url_parse("//cdn.example.com/a.png", &u), 0);
    assert_int_equal(u.absolute, 1);
    mk_url_release(&u);
    assert_int_equal(mk_url_parse("images/a.png", &u), 0);
    assert_int_equal(u.absolute, 0);
    mk_url_release(&u);
}

static void check_resolve(const char *dir, const char *url,
                          const char *target, const char *canonical)
{
    struct mk_url u;
    char *t, *c;

    assert_int_equal(mk_url_parse(url, &u), 0);
    assert_int_equal(u.status, MK_URL_OK);
    assert_int_equal(mk_url_resolve(dir, &u, &t, &c), 0);
    assert_string_equal(t, target);
    if (canonical)
        assert_string_equal(c, canonical);
    else
        assert_null(c);
    free(t);
    free(c);
    mk_url_release(&u);
}

static void test_resolve(void **state)
{
    (void)state;
    check_resolve("book/chapters", "../images/a.png", "book/images/a.png",
                  NULL);
    check_resolve("book/chapters", "02.xhtml", "book/chapters/02.xhtml",
                  NULL);
    check_resolve("book/chapters", "./x/./y.png", "book/chapters/x/y.png",
                  NULL);
    check_resolve("book/chapters", "x/../y.png", "book/chapters/y.png",
                  NULL);
    check_resolve("book/chapters", "x/../../y.png", "book/y.png", NULL);
    check_resolve("book", "%C3%A9.png", "book/\xC3\xA9.png", NULL);
    check_resolve("book", "a%20b.png", "book/a b.png", NULL);
    check_resolve(".", "a.png", "a.png", NULL);
    /* up past the folder both share and down again: a URL parser may
     * stop at the package's top where the files do not */
    check_resolve("book/chapters", "../../book/images/a.png",
                  "book/images/a.png", "../images/a.png");
    check_resolve("book/chapters", "../../../x/book/chapters/a.png",
                  "../x/book/chapters/a.png", NULL);
    check_resolve("book/chapters", "../chapters/02.xhtml",
                  "book/chapters/02.xhtml", "02.xhtml");
}

static void check_srcset(const char *srcset, const char *const *want,
                         size_t n)
{
    const char *cursor = srcset, *url;
    size_t len, i = 0;

    while (mk_url_srcset_next(&cursor, &url, &len)) {
        assert_true(i < n);
        assert_int_equal(len, strlen(want[i]));
        assert_memory_equal(url, want[i], len);
        i++;
    }
    assert_int_equal(i, n);
    assert_int_equal(*cursor, '\0');
}

static void test_srcset(void **state)
{
    static const char *const one[] = { "b.png" };
    static const char *const two[] = { "a.png", "b.png" };
    static const char *const comma[] = { "a,b.png", "b.png" };
    static const char *const glued[] = { "a.png,b.png" };
    static const char *const three[] = { "a.png", "b.png", "c.png" };
    static const char *const paren[] = { "a.png", "b.png" };
    static const char *const data[] = { "data:image/png;base64,AA",
                                        "b.png" };

    (void)state;
    check_srcset("b.png 2x", one, 1);
    check_srcset("b.png", one, 1);
    check_srcset("  b.png  ", one, 1);
    check_srcset("b.png,", one, 1);
    check_srcset(",,, b.png,,,", one, 1);
    check_srcset("a.png 1x, b.png 2x", two, 2);
    check_srcset("a.png 1x,b.png 2x", two, 2);
    check_srcset("a.png\t480w ,\n b.png\r\n960w", two, 2);
    check_srcset("a.png, b.png", two, 2);
    /* no blank after the comma: one URL holding it */
    check_srcset("a.png,b.png", glued, 1);
    check_srcset("a,b.png 1x, b.png  2x", comma, 2);
    check_srcset("a.png 1x, b.png 2x, c.png 3x", three, 3);
    check_srcset("a.png (x, y) 1x, b.png", paren, 2);
    check_srcset("data:image/png;base64,AA 1x, b.png 2x", data, 2);
    check_srcset("", NULL, 0);
    check_srcset(" , , ", NULL, 0);
}

/* Many generated references from an alphabet of troublesome bytes:
 * nothing crashes or leaks (under make asan / valgrind), and the
 * documented promises hold. */
static void test_generated(void **state)
{
    static const char alphabet[] = "a./%2eEfF0#?: \t\\,()[|^x\x01\xC3\xA9";
    unsigned long seed = 12345;
    char ref[24];
    int round;

    (void)state;
    for (round = 0; round < 20000; round++) {
        size_t n, i, len;
        struct mk_url u;
        char *esc, *target, *canonical;
        const char *cursor, *url;

        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        n = (size_t)(seed >> 59) + 1;
        for (i = 0; i < n && i < sizeof ref - 1; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            ref[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        ref[i] = '\0';
        assert_int_equal(mk_url_parse(ref, &u), 0);
        assert_non_null(u.path);
        if (u.status != MK_URL_OK)
            assert_true(u.bad_at < strlen(ref));
        if (u.status == MK_URL_OK && !u.remote && !u.absolute) {
            assert_int_equal(mk_url_resolve("book/ch", &u, &target,
                                            &canonical), 0);
            assert_non_null(target);
            free(target);
            free(canonical);
        }
        mk_url_release(&u);
        esc = mk_url_escape(ref);
        assert_non_null(esc);
        assert_int_equal(mk_url_parse(esc, &u), 0);
        assert_true(u.status != MK_URL_BAD_CHAR);
        mk_url_release(&u);
        free(esc);
        cursor = ref;
        while (mk_url_srcset_next(&cursor, &url, &len)) {
            assert_true(len > 0);
            assert_true(url >= ref && url + len <= ref + strlen(ref));
            assert_true(url[0] != ',' && url[0] != ' ');
            assert_true(url[len - 1] != ',');
        }
        assert_int_equal(*cursor, '\0');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_fragment_and_query),
        cmocka_unit_test(test_decoding),
        cmocka_unit_test(test_bad_escapes),
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_bad_chars),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_schemes),
        cmocka_unit_test(test_not_remote),
        cmocka_unit_test(test_long_scheme),
        cmocka_unit_test(test_registered_schemes),
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_srcset),
        cmocka_unit_test(test_generated),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
