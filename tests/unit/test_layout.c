/*
 * test_layout.c - unit tests for src/layout.c: the safe-name rule
 * (which names are safe, and the deterministic safe form of the others:
 * spaces and reserved characters, non-ASCII, trailing dots, extension
 * changes), and mk_layout on a registry made in memory (the names
 * and manifest ids of sources and generated documents; no file is
 * read).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "build_fixture.h"
#include "layout.h"
#include "registry.h"
#include "media.h"

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

/* ---- mk_layout ------------------------------------------------------ */

/* A source item at path whose bytes are of media type (NULL: none
 * known); a chapter when chapter is nonzero. */
static struct mk_item *source(struct fixture *f, const char *path,
                              const char *type, int chapter)
{
    struct mk_item *it = mk_registry_add(&f->reg, path, "book.xml", 4,
                                               1);

    static struct mk_pub_chapter chapters[8];  /* only their items */
    static size_t n_chapters;

    assert_non_null(it);
    it->media = type ? mk_media_by_type(type) : NULL;
    if (chapter) {
        struct mk_pub_chapter *c = &chapters[n_chapters++ % 8];

        c->item = it;
        assert_int_equal(mk_registry_add_chapter(&f->reg, c), 0);
    }
    return it;
}

/* mk_layout on the fixture's registry, with the NCX unless no_ncx. */
static int lay_out(struct fixture *f)
{
    return mk_layout(&f->reg, &f->root, !f->opts.no_ncx, &f->renamed);
}

static void expect_item(const struct mk_item *it, const char *href,
                        const char *id)
{
    assert_non_null(it);
    assert_string_equal(it->href, href);
    assert_string_equal(it->id, id);
}

/* Names below the sources' common folder are kept when safe, right and
 * free; the others get a safe name, and ids come from the names. */
static void test_layout_sources(void **state)
{
    struct fixture *f = *state;
    struct mk_item *ch1, *ch2, *ch3, *png, *jpg, *css, *remote;

    ch1 = source(f, "book/text/ch1.xhtml", "application/xhtml+xml", 1);
    ch2 = source(f, "book/text/Ch 2.xhtml", "application/xhtml+xml", 1);
    ch3 = source(f, "book/text/ch3.html", "application/xhtml+xml", 1);
    png = source(f, "book/img/a.png", "image/png", 0);
    jpg = source(f, "book/img/b.png", "image/jpeg", 0);
    css = source(f, "book/style.css", "text/css", 0);
    remote = mk_registry_add(&f->reg, "https://example.com/v.mp4",
                                   "book/text/ch1.xhtml", 9, 1);
    assert_non_null(remote);
    remote->remote = 1;
    remote->href = strdup("https://example.com/v.mp4");
    assert_int_equal(lay_out(f), 0);
    assert_int_equal(mk_diag_count(f->dc), 0);
    expect_item(ch1, "text/ch1.xhtml", "ch1-xhtml");
    expect_item(ch2, "text/Ch-2.xhtml", "ch-2-xhtml");
    expect_item(ch3, "text/ch3.xhtml", "ch3-xhtml");
    expect_item(png, "img/a.png", "a-png");
    expect_item(jpg, "img/b.jpg", "b-jpg");
    expect_item(css, "style.css", "style-css");
    expect_item(remote, "https://example.com/v.mp4", "remote");
    assert_int_equal(f->renamed, 3);
    /* the generated documents, after the sources */
    expect_item(f->pub.nav, "nav.xhtml", "nav");
    assert_true(f->pub.nav->props & MK_ITEM_NAV);
    assert_string_equal(f->pub.nav->media_type, "application/xhtml+xml");
    expect_item(f->pub.ncx, "toc.ncx", "ncx");
    assert_string_equal(f->pub.ncx->media_type,
                        "application/x-dtbncx+xml");
    expect_item(f->pub.credits, "credits.xhtml", "credits");
    assert_null(f->pub.cover_page);
    assert_int_equal(f->pub.n_items, 10);
}

/* Names clash ignoring case; a generated document whose name a source
 * has moves aside; ids stay unique. */
static void test_layout_clashes(void **state)
{
    struct fixture *f = *state;
    struct mk_item *a, *b, *c, *nav, *ncx;

    a = source(f, "src/x/A b.png", "image/png", 0);
    b = source(f, "src/x/a-b.png", "image/png", 0);
    c = source(f, "src/x/A-B.PNG", "image/png", 0);
    nav = source(f, "src/nav.xhtml", "application/xhtml+xml", 1);
    ncx = source(f, "src/toc.ncx", "application/x-dtbncx+xml", 0);
    f->opts.no_ncx = 1;
    assert_int_equal(lay_out(f), 0);
    assert_int_equal(mk_diag_count(f->dc), 0);
    /* a-b.png is kept; then, in book order, "A b.png" would become
     * A-b.png and A-B.PNG stay: both clash with it ignoring case */
    expect_item(b, "x/a-b.png", "a-b-png");
    expect_item(a, "x/A-b-2.png", "a-b-2-png");
    expect_item(c, "x/A-B-3.PNG", "a-b-3-png");
    expect_item(nav, "nav.xhtml", "nav-xhtml");
    expect_item(ncx, "toc.ncx", "toc-ncx");
    expect_item(f->pub.nav, "mkepub-nav.xhtml", "nav");
    assert_null(f->pub.ncx);
    expect_item(f->pub.credits, "credits.xhtml", "credits");
}

/* A folder is spelt one way in the package, and a folder never has a
 * file's name (ignoring case). */
static void test_layout_folder_case(void **state)
{
    struct fixture *f = *state;
    struct mk_item *a, *b, *file, *under, *css, *css_under;

    a = source(f, "b/Img/a.png", "image/png", 0);
    b = source(f, "b/img/b.png", "image/png", 0);
    file = source(f, "b/pics", NULL, 0);
    under = source(f, "b/Pics/c.png", "image/png", 0);
    /* a name kept once renamed files are placed: no clash left */
    css = source(f, "b/notes", "text/css", 0);
    css_under = source(f, "b/NOTES/d.png", "image/png", 0);
    assert_int_equal(lay_out(f), 0);
    assert_int_equal(mk_diag_count(f->dc), 0);
    expect_item(a, "Img/a.png", "a-png");
    expect_item(b, "Img/b.png", "b-png");
    expect_item(file, "pics", "pics");
    expect_item(under, "Pics-2/c.png", "c-png");
    expect_item(css, "notes.css", "notes-css");
    expect_item(css_under, "NOTES/d.png", "d-png");
    assert_int_equal(f->renamed, 3);
}

/* content.opf is always taken; a cover image brings a cover page. */
static void test_layout_reserved(void **state)
{
    struct fixture *f = *state;
    struct mk_item *opf, *cover;

    opf = source(f, "b/content.opf", NULL, 0);
    cover = source(f, "b/cover.jpg", "image/jpeg", 0);
    f->pub.cover_image = cover;
    assert_int_equal(lay_out(f), 0);
    expect_item(opf, "content-2.opf", "content-2-opf");
    assert_int_equal(f->renamed, 1);
    expect_item(cover, "cover.jpg", "cover-jpg");
    expect_item(f->pub.cover_page, "cover.xhtml", "cover-page");
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
        cmocka_unit_test_setup_teardown(test_layout_sources, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_layout_clashes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_layout_folder_case, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_layout_reserved, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
