/*
 * test_path.c - unit tests for src/path.c: lexical joining and
 * normalisation, display paths, dirname/basename, relative paths between
 * folders, containment (lexical and through the file system, with a
 * symbolic link leading out).  URLs: test_url.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

static void check_join(const char *dir, const char *rel, const char *want)
{
    char *got = mk_path_join(dir, rel);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_join(void **state)
{
    (void)state;
    check_join("book", "chapters/01.xhtml", "book/chapters/01.xhtml");
    check_join("book", "../styles/a.css", "styles/a.css");
    check_join("book/chapters", "../../styles/a.css", "styles/a.css");
    check_join("book", "./images/./a.png", "book/images/a.png");
    check_join("book/", "x", "book/x");
    check_join("book", "a//b///c", "book/a/b/c");
    check_join("book", "a/", "book/a");
    check_join(".", "x.xhtml", "x.xhtml");
    check_join("", "x.xhtml", "x.xhtml");
    check_join(NULL, "x.xhtml", "x.xhtml");
    check_join("a", "b/../../c", "c");
}

static void test_join_leading_dotdot(void **state)
{
    (void)state;
    check_join(".", "../../x", "../../x");
    check_join("", "../../x", "../../x");
    check_join("book", "../../x", "../x");
    check_join("book", "../../../x", "../../x");
    check_join("a/b", "../../../../x/y", "../../x/y");
    check_join("..", "x/../../y", "../../y");
    check_join("../a", "../b", "../b");
    check_join("../..", "..", "../../..");
    /* a real component whose name looks like ".." is not one */
    check_join("a", "..b/c", "a/..b/c");
    check_join("a", ".../c", "a/.../c");
    check_join("../ab", "..", "..");
}

static void test_join_empty_and_dot(void **state)
{
    (void)state;
    check_join("", "", ".");
    check_join(".", ".", ".");
    check_join("a", "..", ".");
    check_join("a/b", "../..", ".");
    check_join("a", ".", "a");
    check_join("a", "", "a");
    check_join("./a/.", "./", "a");
}

static void test_join_absolute(void **state)
{
    (void)state;
    check_join("book", "/etc/passwd", "/etc/passwd");
    check_join("book", "/a/./b/../c", "/a/c");
    check_join("/root/dir", "x/../y", "/root/dir/y");
    check_join("/root", "../../..", "/");
    check_join("/", "..", "/");
    check_join("", "/", "/");
    check_join("/a/b", "../../../c", "/c");
    check_join(NULL, "//x//y/", "/x/y");
}

static void check_dirname(const char *in, const char *want)
{
    char *got = mk_path_dirname(in);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_dirname_basename(void **state)
{
    (void)state;
    check_dirname("a/b.x", "a");
    check_dirname("b.x", ".");
    check_dirname("a/b/c.xhtml", "a/b");
    check_dirname("/b.x", "/");
    check_dirname("/a/b", "/a");
    check_dirname("", ".");
    check_dirname("../x.css", "..");
    assert_string_equal(mk_path_basename("a/b.x"), "b.x");
    assert_string_equal(mk_path_basename("b.x"), "b.x");
    assert_string_equal(mk_path_basename("/a/b/c"), "c");
    assert_string_equal(mk_path_basename("a/"), "");
    {
        const char *p = "dir/name.ext";

        assert_ptr_equal(mk_path_basename(p), p + 4);
    }
}

static void check_relative(const char *from, const char *to,
                           const char *want)
{
    char *got = mk_path_relative(from, to);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_relative(void **state)
{
    (void)state;
    check_relative("book/chapters", "styles/book.css",
                   "../../styles/book.css");
    check_relative("a/b", "a/c/d.x", "../c/d.x");
    /* same folder */
    check_relative("a", "a/x.css", "x.css");
    check_relative("book/chapters", "book/chapters/02.xhtml", "02.xhtml");
    /* parent */
    check_relative("a/b", "a/x.css", "../x.css");
    check_relative("book/chapters/part1", "book/x.css", "../../x.css");
    /* below */
    check_relative("a", "a/b/c/d.png", "b/c/d.png");
    /* from the base itself */
    check_relative(".", "styles/a.css", "styles/a.css");
    /* nothing shared */
    check_relative("a", "b/x", "../b/x");
    check_relative("x/y/z", "q.css", "../../../q.css");
}

/* Folder names sharing a prefix are different folders. */
static void test_relative_prefix_names(void **state)
{
    (void)state;
    check_relative("ab", "a/x", "../a/x");
    check_relative("a", "ab/x", "../ab/x");
    check_relative("a/b/c", "a/bc/x", "../../bc/x");
    check_relative("a/bc", "a/b/x", "../b/x");
    check_relative("chapters", "chapters2/x.xhtml", "../chapters2/x.xhtml");
}

/* What mk_path_relative() returns, joined to from, gives back to. */
static void test_relative_roundtrip(void **state)
{
    static const char *const dirs[] = {
        "a", "a/b", "a/b/c", "b", "ab", "a/bc", "x/y/z/w",
    };
    static const char *const files[] = {
        "a/f.css", "a/b/f.css", "a/b/c/d/f.css", "b/f", "ab/f", "f",
        "a/bc/f", "x/y/f", "q/r/s/t/u",
    };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof dirs / sizeof *dirs; i++)
        for (j = 0; j < sizeof files / sizeof *files; j++) {
            char *rel = mk_path_relative(dirs[i], files[j]);
            char *back;

            assert_non_null(rel);
            back = mk_path_join(dirs[i], rel);
            assert_non_null(back);
            assert_string_equal(back, files[j]);
            free(back);
            free(rel);
        }
}

static void test_is_within(void **state)
{
    (void)state;
    assert_true(mk_path_is_within("a", "a"));
    assert_true(mk_path_is_within("a", "a/b"));
    assert_true(mk_path_is_within("a", "a/b/c"));
    assert_false(mk_path_is_within("a", "ab"));
    assert_false(mk_path_is_within("a", "ab/c"));
    assert_false(mk_path_is_within("a/b", "a"));
    assert_false(mk_path_is_within("a", "b/a"));
    assert_true(mk_path_is_within("/home/u/book", "/home/u/book/x.png"));
    assert_false(mk_path_is_within("/home/u/book", "/home/u/bookx/x.png"));
    assert_false(mk_path_is_within("/home/u/book", "/home/u/boo"));
    /* the file system root holds every absolute path */
    assert_true(mk_path_is_within("/", "/"));
    assert_true(mk_path_is_within("/", "/etc/passwd"));
    /* "." holds every relative path that does not climb out */
    assert_true(mk_path_is_within(".", "x"));
    assert_true(mk_path_is_within(".", "x/y"));
    assert_true(mk_path_is_within(".", "..x"));
    assert_false(mk_path_is_within(".", ".."));
    assert_false(mk_path_is_within(".", "../x"));
    assert_false(mk_path_is_within(".", "/x"));
}

static void test_absolute(void **state)
{
    char cwd[PATH_MAX];
    char want[PATH_MAX + 16];
    char *got;

    char *current = mk_path_current_folder();

    (void)state;
    assert_non_null(current);
    got = mk_path_absolute(current, "/a/./b/../c/");
    assert_string_equal(got, "/a/c");
    free(got);
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_string_equal(current, cwd);
    got = mk_path_absolute(current, "x/../y");
    snprintf(want, sizeof want, "%s/y", strcmp(cwd, "/") ? cwd : "");
    assert_string_equal(got, want);
    free(got);
    got = mk_path_absolute(current, ".");
    assert_string_equal(got, cwd);
    free(got);
    got = mk_path_absolute("/", "x");
    assert_string_equal(got, "/x");
    free(got);
    free(current);
}

/* mk_path_display: like join, but an absolute path written in a file of
 * a relative folder is shown relative to the current folder. */
static void test_display(void **state)
{
    char cwd[PATH_MAX];
    char abs[PATH_MAX + 32];
    char *got;

    (void)state;
    assert_non_null(getcwd(cwd, sizeof cwd));
    got = mk_path_display("book", "chapters/../a.png");
    assert_string_equal(got, "book/a.png");
    free(got);
    got = mk_path_display("book", "../../x");
    assert_string_equal(got, "../x");
    free(got);
    /* an absolute folder keeps absolute paths */
    got = mk_path_display("/srv/book", "/srv/book/./a.png");
    assert_string_equal(got, "/srv/book/a.png");
    free(got);
    if (strcmp(cwd, "/") == 0)
        return;
    snprintf(abs, sizeof abs, "%s/book/./images/a.png", cwd);
    got = mk_path_display("book", abs);
    assert_string_equal(got, "book/images/a.png");
    free(got);
    /* the same file written both ways has one display path */
    got = mk_path_display("book", "images/a.png");
    assert_string_equal(got, "book/images/a.png");
    free(got);
    got = mk_path_display("book", cwd);
    assert_string_equal(got, ".");
    free(got);
    snprintf(abs, sizeof abs, "%s/", cwd);
    got = mk_path_display(".", abs);
    assert_string_equal(got, ".");
    free(got);
}

/* ---- containment through the file system ---------------------------- */

struct tree {
    char root[64];      /* the book's root folder */
    char outside[64];   /* a folder next to it */
    char *root_real;
};

static void write_file(const char *path)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs("x", f);
    fclose(f);
}

static char *cat(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);

    assert_non_null(s);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

static int tree_setup(void **state)
{
    struct tree *t = calloc(1, sizeof *t);
    char *p, *q;

    if (!t)
        return -1;
    strcpy(t->root, "/tmp/mkepub-path-XXXXXX");
    strcpy(t->outside, "/tmp/mkepub-out-XXXXXX");
    if (!mkdtemp(t->root) || !mkdtemp(t->outside))
        return -1;
    t->root_real = realpath(t->root, NULL);
    if (!t->root_real)
        return -1;
    p = cat(t->root, "in.txt");
    write_file(p);
    free(p);
    p = cat(t->root, "sub");
    mkdir(p, 0700);
    free(p);
    p = cat(t->root, "sub/deep.txt");
    write_file(p);
    free(p);
    p = cat(t->outside, "secret.txt");
    write_file(p);
    /* root/link -> outside/secret.txt; root/dirlink -> outside */
    q = cat(t->root, "link");
    if (symlink(p, q) != 0)
        return -1;
    free(q);
    free(p);
    q = cat(t->root, "dirlink");
    if (symlink(t->outside, q) != 0)
        return -1;
    free(q);
    /* root/inlink -> sub/deep.txt (stays inside) */
    q = cat(t->root, "inlink");
    if (symlink("sub/deep.txt", q) != 0)
        return -1;
    free(q);
    *state = t;
    return 0;
}

static int tree_teardown(void **state)
{
    struct tree *t = *state;
    static const char *const names[] = {
        "in.txt", "sub/deep.txt", "link", "dirlink", "inlink", "sub",
    };
    size_t i;
    char *p;

    for (i = 0; i < sizeof names / sizeof *names; i++) {
        p = cat(t->root, names[i]);
        remove(p);
        free(p);
    }
    p = cat(t->outside, "secret.txt");
    remove(p);
    free(p);
    rmdir(t->root);
    rmdir(t->outside);
    free(t->root_real);
    free(t);
    return 0;
}

/* mk_path_contain() of rel, asked both ways: resolving every component,
 * and given its folder already resolved (as root.c's cache does); the
 * two must agree. */
static enum mk_path_containment contain(struct tree *t, const char *rel,
                                        char **real, int *err)
{
    char *p = cat(t->root, rel);
    char *dir = mk_path_dirname(p);
    char *real_dir = realpath(dir, NULL);
    char *fast_real = NULL;
    int fast_err;
    enum mk_path_containment rc, fast;

    rc = mk_path_contain(t->root_real, p, NULL, real, err);
    fast = mk_path_contain(t->root_real, p, real_dir,
                           real ? &fast_real : NULL, &fast_err);
    assert_int_equal(fast, rc);
    assert_int_equal(fast_err, *err);
    if (real && *real)
        assert_string_equal(fast_real, *real);
    else if (real)
        assert_null(fast_real);
    free(fast_real);
    free(real_dir);
    free(dir);
    free(p);
    return rc;
}

static void test_contain_inside(void **state)
{
    struct tree *t = *state;
    char *real = NULL;
    char *want;
    int err = -1;

    assert_int_equal(contain(t, "in.txt", &real, &err), MK_PATH_INSIDE);
    assert_int_equal(err, 0);
    want = cat(t->root_real, "in.txt");
    assert_string_equal(real, want);
    free(want);
    free(real);

    assert_int_equal(contain(t, "sub/../sub/deep.txt", NULL, &err),
                     MK_PATH_INSIDE);
    /* a link that stays inside resolves to its target */
    assert_int_equal(contain(t, "inlink", &real, &err), MK_PATH_INSIDE);
    want = cat(t->root_real, "sub/deep.txt");
    assert_string_equal(real, want);
    free(want);
    free(real);
    /* the root itself */
    assert_int_equal(mk_path_contain(t->root_real, t->root, NULL, NULL, &err),
                     MK_PATH_INSIDE);
}

static void test_contain_symlink_outside(void **state)
{
    struct tree *t = *state;
    char *real = (char *)"unset";
    int err = -1;

    assert_int_equal(contain(t, "link", &real, &err), MK_PATH_LINK_OUTSIDE);
    assert_null(real);
    assert_int_equal(err, 0);
    assert_int_equal(contain(t, "dirlink/secret.txt", &real, &err),
                     MK_PATH_LINK_OUTSIDE);
    assert_null(real);
    assert_int_equal(contain(t, "dirlink", NULL, &err), MK_PATH_LINK_OUTSIDE);
    /* lexically inside, but ".." leaves */
    assert_int_equal(contain(t, "../", NULL, &err), MK_PATH_LINK_OUTSIDE);
}

static void test_contain_missing(void **state)
{
    struct tree *t = *state;
    char *real = (char *)"unset";
    int err = 0;

    assert_int_equal(contain(t, "nope.txt", &real, &err), MK_PATH_MISSING);
    assert_int_equal(err, ENOENT);
    assert_null(real);
    assert_int_equal(contain(t, "sub/nope/x.txt", NULL, &err),
                     MK_PATH_MISSING);
    assert_int_equal(err, ENOENT);
    /* through a regular file */
    assert_int_equal(contain(t, "in.txt/x", NULL, &err), MK_PATH_MISSING);
    assert_int_equal(err, ENOTDIR);
}

static void test_contain_loop(void **state)
{
    struct tree *t = *state;
    char *a = cat(t->root, "loop");
    int err = 0;

    assert_int_equal(symlink(a, a), 0);
    assert_int_equal(contain(t, "loop", NULL, &err), MK_PATH_UNREADABLE);
    assert_int_equal(err, ELOOP);
    remove(a);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_join_leading_dotdot),
        cmocka_unit_test(test_join_empty_and_dot),
        cmocka_unit_test(test_join_absolute),
        cmocka_unit_test(test_dirname_basename),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_relative_prefix_names),
        cmocka_unit_test(test_relative_roundtrip),
        cmocka_unit_test(test_is_within),
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_display),
        cmocka_unit_test_setup_teardown(test_contain_inside, tree_setup,
                                        tree_teardown),
        cmocka_unit_test_setup_teardown(test_contain_symlink_outside,
                                        tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_contain_missing, tree_setup,
                                        tree_teardown),
        cmocka_unit_test_setup_teardown(test_contain_loop, tree_setup,
                                        tree_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
