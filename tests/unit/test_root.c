/*
 * test_root.c - unit tests for src/root.c in a scratch folder: the root
 * given or taken from the book's folder, book.xml outside it, and the
 * containment check (inside, leading outside lexically, a symbolic link
 * leading outside, a file that does not exist), each reported at the
 * place of the reference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_fixture.h"

static void tree(struct fixture *f)
{
    fixture_tree(f);
    fixture_file("top/book/book.xml", "<book/>", 7);
    fixture_file("top/book/a.png", "x", 1);
    fixture_file("top/images/b.png", "x", 1);
    fixture_file("outside.png", "x", 1);
    assert_int_equal(symlink("../../outside.png", "top/book/link.png"), 0);
    assert_int_equal(symlink("a.png", "top/book/same.png"), 0);
}

/* The default root is the parent of the book's folder. */
static void test_default_root(void **state)
{
    struct fixture *f = *state;
    char want[PATH_MAX];

    tree(f);
    assert_int_equal(mk_root_init(&f->root, f->dc, NULL, "top/book",
                                  "top/book/book.xml"), 0);
    assert_string_equal(f->root.path, "top");
    snprintf(want, sizeof want, "%s/top", f->tmp);
    assert_string_equal(f->root.abs, want);
    assert_non_null(f->root.real);
    /* inside, and beside the book's folder */
    assert_int_equal(mk_root_contains(&f->root, "top/book/a.png", "a.png",
                                      "top/book/c.xhtml", 3, 4), 0);
    assert_int_equal(mk_root_contains(&f->root, "top/images/b.png",
                                      "../images/b.png", "top/book/c.xhtml",
                                      4, 4), 0);
    /* a link that stays inside */
    assert_int_equal(mk_root_contains(&f->root, "top/book/same.png",
                                      "same.png", "top/book/c.xhtml", 5,
                                      4), 0);
    assert_int_equal(mk_diag_count(f->dc), 0);
}

static void test_outside(void **state)
{
    struct fixture *f = *state;

    tree(f);
    assert_int_equal(mk_root_init(&f->root, f->dc, "top/book", "top/book",
                                  "top/book/book.xml"), 0);
    assert_string_equal(f->root.path, "top/book");
    assert_int_equal(mk_root_contains(&f->root, "top/images/b.png",
                                      "../images/b.png", "top/book/c.xhtml",
                                      3, 9), -1);
    assert_int_equal(mk_root_contains(&f->root, "top/book/link.png",
                                      "link.png", "top/book/c.xhtml", 4,
                                      9), -1);
    assert_int_equal(mk_root_contains(&f->root, "top/book/gone.png",
                                      "gone.png", "top/book/book.xml", 7,
                                      0), -1);
    expect_diagnostics(f->dc,
        "top/book/book.xml:7:0: error: 'gone.png' does not exist\n"
        "top/book/c.xhtml:3:9: error: '../images/b.png' leads outside the "
        "root folder 'top/book'; move the file inside it or use --root\n"
        "top/book/c.xhtml:4:9: error: 'link.png' is a symbolic link that "
        "leads outside the root folder 'top/book'");
    assert_int_equal(mk_diag_status(f->dc), MK_ESOURCE);
}

/* book.xml itself must lie inside the root. */
static void test_book_outside(void **state)
{
    struct fixture *f = *state;

    tree(f);
    assert_int_equal(mk_root_init(&f->root, f->dc, "top/images", "top/book",
                                  "top/book/book.xml"), -1);
    expect_diagnostics(f->dc,
        "top/book/book.xml:0:0: error: book.xml lies outside the root "
        "folder 'top/images'");
}

/* A root that does not exist is an I/O error, not a source error. */
static void test_missing_root(void **state)
{
    struct fixture *f = *state;

    tree(f);
    assert_int_equal(mk_root_init(&f->root, f->dc, "nowhere", "top/book",
                                  "top/book/book.xml"), -1);
    assert_int_equal(mk_diag_status(f->dc), MK_ESYSTEM);
    assert_int_equal(mk_diag_count(f->dc), 1);
}

/* Absolute paths are lexical: '..' is taken away, links are kept. */
static void test_absolute(void **state)
{
    struct fixture *f = *state;
    char want[PATH_MAX];
    char *abs;

    tree(f);
    abs = mk_root_absolute(&f->root, "top/book/../images/./b.png");
    assert_non_null(abs);
    snprintf(want, sizeof want, "%s/top/images/b.png", f->tmp);
    assert_string_equal(abs, want);
    free(abs);
    abs = mk_root_absolute(&f->root, "/x/y");
    assert_non_null(abs);
    assert_string_equal(abs, "/x/y");
    free(abs);
    assert_int_equal(mk_diag_count(f->dc), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_book_outside, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absolute, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
