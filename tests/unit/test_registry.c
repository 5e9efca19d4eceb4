/*
 * test_registry.c - unit tests for src/registry.c: items appended in
 * manifest order and found by path, chapters found by path, unique
 * manifest ids, and running out of memory recorded once.  Everything
 * registered is freed by mk_registry_release (ASan and valgrind see
 * that).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "build_fixture.h"

static void test_items(void **state)
{
    struct fixture *f = *state;
    struct mk_item *a, *b, *gen;

    a = mk_registry_add(&f->reg, "book/a.png", "book/c.xhtml", 3, 7);
    b = mk_registry_add(&f->reg, "book/b.css", "book/book.xml", 9, 0);
    gen = mk_registry_new_item(&f->reg);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(gen);
    /* manifest order is registration order */
    assert_int_equal(f->pub.n_items, 3);
    assert_ptr_equal(f->pub.items[0], a);
    assert_ptr_equal(f->pub.items[1], b);
    assert_ptr_equal(f->pub.items[2], gen);
    /* where each was first needed */
    assert_string_equal(a->path, "book/a.png");
    assert_string_equal(a->ref_file, "book/c.xhtml");
    assert_int_equal(a->ref_line, 3);
    assert_int_equal(a->ref_col, 7);
    assert_int_equal(b->ref_line, 9);
    assert_int_equal(b->ref_col, 0);
    /* found by path; a generated item has none */
    assert_ptr_equal(mk_registry_item(&f->reg, "book/a.png"), a);
    assert_ptr_equal(mk_registry_item(&f->reg, "book/b.css"), b);
    assert_null(mk_registry_item(&f->reg, "book/c.png"));
    assert_null(mk_registry_item(&f->reg, "a.png"));
    assert_null(gen->path);
    assert_int_equal(mk_diag_count(f->dc), 0);
}

static void test_chapters(void **state)
{
    struct fixture *f = *state;
    struct mk_pub_chapter ch[2];

    memset(ch, 0, sizeof ch);
    ch[0].item = mk_registry_add(&f->reg, "t/1.xhtml", "book.xml", 4, 0);
    ch[1].item = mk_registry_add(&f->reg, "t/2.xhtml", "book.xml", 5, 0);
    assert_non_null(ch[0].item);
    assert_non_null(ch[1].item);
    assert_int_equal(mk_registry_add_chapter(&f->reg, &ch[0]), 0);
    assert_int_equal(mk_registry_add_chapter(&f->reg, &ch[1]), 0);
    assert_ptr_equal(mk_registry_chapter(&f->reg, "t/1.xhtml"), &ch[0]);
    assert_ptr_equal(mk_registry_chapter(&f->reg, "t/2.xhtml"), &ch[1]);
    assert_null(mk_registry_chapter(&f->reg, "t/3.xhtml"));
    /* a chapter is an item too */
    assert_ptr_equal(mk_registry_item(&f->reg, "t/2.xhtml"), ch[1].item);
    /* an item that is not a chapter is not found as one */
    assert_non_null(mk_registry_add(&f->reg, "t/a.png", "t/1.xhtml", 2,
                                    3));
    assert_null(mk_registry_chapter(&f->reg, "t/a.png"));
}

static void test_ids(void **state)
{
    struct fixture *f = *state;
    const char *a, *b, *c, *d;

    a = mk_registry_new_id(&f->reg, "nav");
    b = mk_registry_new_id(&f->reg, "nav");
    c = mk_registry_new_id(&f->reg, "nav");
    d = mk_registry_new_id(&f->reg, "nav-2-x");
    assert_string_equal(a, "nav");
    assert_string_equal(b, "nav-2");
    assert_string_equal(c, "nav-3");
    assert_string_equal(d, "nav-2-x");
    /* owned by the registry: stable while it lives */
    assert_string_equal(a, "nav");
    assert_int_equal(f->reg.n_owned_ids, 4);
    assert_int_equal(mk_diag_count(f->dc), 0);
}

/* Releasing twice, or an empty registry, is harmless. */
static void test_release(void **state)
{
    struct fixture *f = *state;

    assert_non_null(mk_registry_add(&f->reg, "x.png", "c.xhtml", 1, 1));
    assert_non_null(mk_registry_new_id(&f->reg, "x"));
    mk_registry_release(&f->reg);
    assert_int_equal(f->pub.n_items, 0);
    assert_null(f->pub.items);
    assert_null(mk_registry_item(&f->reg, "x.png"));
    mk_registry_release(&f->reg);
    /* usable again after a release */
    assert_non_null(mk_registry_add(&f->reg, "y.png", "c.xhtml", 1, 1));
    assert_int_equal(f->pub.n_items, 1);
}

/* Out of memory goes to the collector, once, however often. */
static void test_oom_once(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(mk_diag_out_of_memory(f->dc), 0);
    assert_int_equal(mk_diag_oom(f->dc), -1);
    assert_int_equal(mk_diag_oom(f->dc), -1);
    assert_int_equal(mk_diag_out_of_memory(f->dc), 1);
    assert_int_equal(mk_diag_status(f->dc), MK_ESYSTEM);
    assert_int_equal(mk_diag_count(f->dc), 1);
    assert_int_equal(mk_diag_errors(f->dc), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chapters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oom_once, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
