/*
 * build_fixture.h - the parts of a run made in memory for the unit tests
 * of the modules that work on them (xref.c, layout.c, resources.c,
 * registry.c): a collector, a publication, its registry, a root and
 * the resources that register into them; cmocka setup and teardown
 * functions, and what teardown frees (every item with its strings, the
 * generated ids, the registry, the resources' state, the root, the
 * collector).  Include it after cmocka.h; it defines static functions,
 * one copy a test.
 */
#ifndef MK_TEST_BUILD_FIXTURE_H
#define MK_TEST_BUILD_FIXTURE_H

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "mkepub.h"
#include "pub.h"
#include "registry.h"
#include "resources.h"
#include "root.h"

struct fixture {
    struct mk_diag *dc;
    struct mk_pub pub;
    struct mk_registry reg;
    struct mk_root root;        /* zeroed: only mk_root_absolute() works
                                 * until a test calls mk_root_init() */
    struct mk_resources res;    /* one thread */
    struct mk_options opts;
    size_t renamed;             /* mk_layout's count */
    long line;                  /* free for the test's own use */
    char tmp[64];               /* fixture_tree(): the scratch folder */
    char cwd[PATH_MAX];         /* the folder to go back to */
};

#define FIXTURE_UNUSED __attribute__((unused))

/* cmocka setup: *state becomes a zeroed fixture with a collector, an
 * empty registry and resources. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    if (!f)
        return -1;
    f->dc = mk_diag_new();
    f->root.dc = f->dc;
    mk_registry_init(&f->reg, &f->pub, f->dc);
    mk_resources_init(&f->res, &f->reg, &f->root, 1);
    *state = f;
    return f->dc ? 0 : -1;
}

static int fixture_unlink(const char *path, const struct stat *st,
                          int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Makes a scratch folder and works in it (display paths are relative
 * to the current folder); teardown removes it and goes back. */
FIXTURE_UNUSED static void fixture_tree(struct fixture *f)
{
    strcpy(f->tmp, "/tmp/mkepub-unit.XXXXXX");
    if (!getcwd(f->cwd, sizeof f->cwd) || !mkdtemp(f->tmp)
        || chdir(f->tmp) < 0)
        fail_msg("cannot make a scratch folder");
}

/* Writes len bytes at path (below the scratch folder), making its
 * folders. */
FIXTURE_UNUSED static void fixture_file(const char *path, const void *data,
                                        size_t len)
{
    char dir[PATH_MAX];
    char *slash;
    FILE *fp;

    snprintf(dir, sizeof dir, "%s", path);
    for (slash = strchr(dir, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(dir, 0777);
        *slash = '/';
    }
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Every diagnostic as "file:line:col: error|warning: message", joined
 * with newlines, in the collector's sorted order. */
FIXTURE_UNUSED static void diagnostics(struct mk_diag *dc, char *out,
                                       size_t size)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < mk_diag_count(dc); i++) {
        const char *file, *msg;
        long line, col;
        enum mk_severity sev;

        assert_int_equal(mk_diag_get(dc, i, &file, &line, &col, &sev,
                                     &msg), 0);
        used += (size_t)snprintf(out + used, size - used,
                                 "%s%s:%ld:%ld: %s: %s", i ? "\n" : "",
                                 file ? file : "", line, col,
                                 sev == MK_WARNING ? "warning" : "error",
                                 msg);
        assert_true(used < size);
    }
}

/* Asserts the collector holds exactly want (as diagnostics() writes). */
FIXTURE_UNUSED static void expect_diagnostics(struct mk_diag *dc,
                                              const char *want)
{
    char got[8192];

    diagnostics(dc, got, sizeof got);
    assert_string_equal(got, want);
}

/* cmocka teardown: frees the fixture and everything it holds, and
 * removes the scratch folder.  The chapters (pub.chapters) belong to
 * the test. */
static int teardown(void **state)
{
    struct fixture *f = *state;

    if (f->tmp[0]) {
        if (chdir(f->cwd) < 0)
            return -1;
        nftw(f->tmp, fixture_unlink, 16, FTW_DEPTH | FTW_PHYS);
    }

    mk_resources_release(&f->res);
    mk_registry_release(&f->reg);
    mk_root_release(&f->root);
    mk_diag_free(f->dc);
    free(f);
    return 0;
}

#endif /* MK_TEST_BUILD_FIXTURE_H */
