/*
 * build_fixture.h - a struct build made in memory for the unit tests of
 * the modules that work on one (xref.c, layout.c): cmocka setup and
 * teardown functions, and what teardown frees (every item with its
 * strings, the generated ids, the registries, the collector).  Include
 * it after cmocka.h; it defines static functions, one copy a test.
 */
#ifndef MK_TEST_BUILD_FIXTURE_H
#define MK_TEST_BUILD_FIXTURE_H

#include <stdlib.h>

#include "build.h"
#include "diag.h"

struct fixture {
    struct build b;
    struct mk_options opts;
    long line;                  /* free for the test's own use */
};

/* cmocka setup: *state becomes a zeroed fixture with a collector. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    f->b.opts = &f->opts;
    f->b.dc = mk_diag_new();
    *state = f;
    return f->b.dc ? 0 : -1;
}

/* cmocka teardown: frees the fixture and everything the build holds.
 * The chapters (b.pub.chapters) belong to the test. */
static int teardown(void **state)
{
    struct fixture *f = *state;
    size_t i;

    for (i = 0; i < f->b.pub.n_items; i++) {
        free(f->b.pub.items[i]->path);
        free(f->b.pub.items[i]->href);
        free(f->b.pub.items[i]->id);
        free(f->b.pub.items[i]->ref_file);
        free(f->b.pub.items[i]);
    }
    free(f->b.pub.items);
    for (i = 0; i < f->b.n_owned_ids; i++)
        free(f->b.owned_ids[i]);
    free(f->b.owned_ids);
    mk_strmap_release(&f->b.ids);
    mk_strmap_release(&f->b.items);
    mk_strmap_release(&f->b.chapters);
    mk_diag_free(f->b.dc);
    free(f);
    return 0;
}

#endif /* MK_TEST_BUILD_FIXTURE_H */
