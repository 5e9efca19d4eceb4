/*
 * test_layout.c - unit tests for the safe-name rule of src/layout.c:
 * which names are safe, and the deterministic safe form of the others
 * (spaces and reserved characters, non-ASCII, trailing dots, extension
 * changes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "layout.h"

static void expect_safe(const char *in, const char *ext, const char *want)
{
    char *got = mk_layout_safe_path(in, ext);

    assert_non_null(got);
    assert_string_equal(got, want);
    assert_true(mk_layout_is_safe(got));
    free(got);
}

static void test_is_safe(void **state)
{
    (void)state;
    assert_true(mk_layout_is_safe("a.xhtml"));
    assert_true(mk_layout_is_safe("images/My_Pic-2.png"));
    assert_true(mk_layout_is_safe("-x"));
    assert_false(mk_layout_is_safe(""));
    assert_false(mk_layout_is_safe("a b.png"));
    assert_false(mk_layout_is_safe("a:b.png"));
    assert_false(mk_layout_is_safe("a\\b.png"));
    assert_false(mk_layout_is_safe("a*b.png"));
    assert_false(mk_layout_is_safe("a<b>.png"));
    assert_false(mk_layout_is_safe("a?.png"));
    assert_false(mk_layout_is_safe("a\"|.png"));
    assert_false(mk_layout_is_safe("trailing."));
    assert_false(mk_layout_is_safe(".hidden"));
    assert_false(mk_layout_is_safe("dir./a.png"));
    assert_false(mk_layout_is_safe("a//b.png"));
    assert_false(mk_layout_is_safe("a/"));
    assert_false(mk_layout_is_safe("/a"));
    assert_false(mk_layout_is_safe("\xe7\x94\xbb.png"));
}

static void test_reserved_characters(void **state)
{
    (void)state;
    expect_safe("a b.png", NULL, "a-b.png");
    expect_safe("a   b.png", NULL, "a-b.png");
    expect_safe("a b:c.xhtml", NULL, "a-b-c.xhtml");
    expect_safe("x\\y*z<w>?\"|.png", NULL, "x-y-z-w.png");
    expect_safe("star*.png", NULL, "star.png");
    expect_safe("a - b.png", NULL, "a-b.png");
    expect_safe("name .png", NULL, "name.png");
    expect_safe("my pics/a b.png", NULL, "my-pics/a-b.png");
}

static void test_dots(void **state)
{
    (void)state;
    expect_safe("trailing.", NULL, "trailing");
    expect_safe("img.png.", NULL, "img.png");
    expect_safe(".hidden.png", NULL, "hidden.png");
    expect_safe("dir./a.png", NULL, "dir/a.png");
    expect_safe("...", NULL, "_");
    expect_safe("a//b.png", NULL, "a/b.png");
}

static void test_non_ascii(void **state)
{
    (void)state;
    expect_safe("\xe7\x94\xbb\xe5\x83\x8f.png", NULL, "u753b-u50cf.png");
    expect_safe("\xd9\xa1.xhtml", NULL, "u0661.xhtml");
    expect_safe("\xef\xbc\x91\xe7\xab\xa0.xhtml", NULL, "uff11-u7ae0.xhtml");
    expect_safe("caf\xc3\xa9.xhtml", NULL, "caf-u00e9.xhtml");
    expect_safe("\xf0\x9f\x98\x80.png", NULL, "u1f600.png");
    /* bytes that are not UTF-8 */
    expect_safe("a\xff.png", NULL, "a-xff.png");
    expect_safe("\xc3(.png", NULL, "xc3.png");
}

static void test_extension(void **state)
{
    (void)state;
    expect_safe("x.jpg", "png", "x.png");
    expect_safe("x", "png", "x.png");
    expect_safe("content.opf", "xhtml", "content.xhtml");
    expect_safe("ch1.html", "xhtml", "ch1.xhtml");
    expect_safe("ch1.XHTML", "xhtml", "ch1.XHTML");
    expect_safe("a b.jpg", "png", "a-b.png");
    expect_safe("dir.d/x", "png", "dir.d/x.png");
    expect_safe("trailing.", "xhtml", "trailing.xhtml");
}

/* The same input gives the same name, and a safe name is kept. */
static void test_deterministic(void **state)
{
    static const char *const names[] = {
        "a.xhtml", "images/p-1.png", "Ch1.xhtml", "x_y.z.css",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(*names); i++)
        expect_safe(names[i], NULL, names[i]);
    expect_safe("\xe7\x94\xbb.png", NULL, "u753b.png");
    expect_safe("\xe7\x94\xbb.png", NULL, "u753b.png");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_safe),
        cmocka_unit_test(test_reserved_characters),
        cmocka_unit_test(test_dots),
        cmocka_unit_test(test_non_ascii),
        cmocka_unit_test(test_extension),
        cmocka_unit_test(test_deterministic),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
