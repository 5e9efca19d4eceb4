/*
 * test_resources.c - unit tests for src/resources.c in a scratch folder:
 * reading a file whole (and refusing what is not a regular file),
 * registering a file once with where it was first needed, the media type
 * read from the bytes whatever the name says, what cannot be registered
 * (outside the root, missing, unknown bytes, an XHTML file that is not a
 * chapter), stylesheets and SVG images read for what they reference in
 * turn (an @import chain, references into SVG images), images read
 * whole, the files nothing references, and image pages (an SVG page read
 * as an SVG image is; the file of an image page used as an image).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_fixture.h"
#include "images.h"
#include "media.h"
#include "svg.h"

#define TEXT(path, s) fixture_file(path, s, strlen(s))

/* A book folder in a scratch folder, the root its parent. */
static void tree_rooted(struct fixture *f, const char *root)
{
    fixture_tree(f);
    TEXT("book/book.xml", "<book/>");
    assert_int_equal(mk_root_init(&f->root, f->dc, root, "book",
                                  "book/book.xml"), 0);
}

static void tree(struct fixture *f)
{
    tree_rooted(f, NULL);
}

static struct mk_item *add(struct fixture *f, const char *path,
                           const char *href, long line)
{
    return mk_resources_add(&f->res, path, href, "book/c.xhtml", line, 5);
}

static void test_map(void **state)
{
    struct fixture *f = *state;
    struct mk_mapped m;

    tree(f);
    TEXT("book/a.txt", "hello");
    TEXT("book/empty.txt", "");
    assert_int_equal(mkfifo("book/fifo", 0644), 0);
    assert_int_equal(mk_resources_map(f->dc, "book/a.txt", &m), 0);
    assert_int_equal(m.len, 5);
    assert_memory_equal(m.data, "hello", 5);
    mk_resources_unmap(&m);
    assert_null(m.data);
    assert_int_equal(mk_resources_map(f->dc, "book/empty.txt", &m), 0);
    assert_int_equal(m.len, 0);
    assert_string_equal(m.data, "");
    assert_int_equal(m.owned, 0);
    mk_resources_unmap(&m);
    assert_int_equal(mk_diag_count(f->dc), 0);
    /* a FIFO is refused at once (it would block the run) */
    assert_int_equal(mk_resources_map(f->dc, "book/fifo", &m), -1);
    assert_null(m.data);
    expect_diagnostics(f->dc, "book/fifo:0:0: error: not a regular file");
    /* a missing file is an I/O error */
    assert_int_equal(mk_resources_map(f->dc, "book/gone.txt", &m), -1);
    assert_int_equal(mk_diag_status(f->dc), MK_ESYSTEM);
}

/* A file is registered once, where it is first needed; its type comes
 * from its bytes. */
static void test_register(void **state)
{
    struct fixture *f = *state;
    struct mk_item *a, *again, *photo;

    tree(f);
    fixture_file("book/img/a.png", good_png, sizeof good_png);
    fixture_file("book/img/photo.png", good_jpeg, sizeof good_jpeg);
    a = add(f, "book/img/a.png", "img/a.png", 3);
    again = mk_resources_add(&f->res, "book/img/a.png", "../img/a.png",
                             "book/t/d.xhtml", 9, 1);
    photo = add(f, "book/img/photo.png", "img/photo.png", 4);
    assert_int_equal(mk_diag_count(f->dc), 0);
    assert_non_null(a);
    assert_ptr_equal(again, a);
    assert_int_equal(f->pub.n_items, 2);
    assert_string_equal(a->path, "book/img/a.png");
    assert_string_equal(a->media_type, "image/png");
    assert_int_equal(a->size, (long)sizeof good_png);
    assert_string_equal(a->ref_file, "book/c.xhtml");
    assert_int_equal(a->ref_line, 3);
    assert_int_equal(a->ref_col, 5);
    /* named .png, but JPEG bytes: a JPEG (the layout renames it) */
    assert_non_null(photo);
    assert_string_equal(photo->media_type, "image/jpeg");
    assert_ptr_equal(mk_registry_item(&f->reg, "book/img/photo.png"),
                     photo);
    /* images are read whole: both are */
    mk_resources_check_images(&f->res);
    assert_int_equal(mk_diag_count(f->dc), 0);
    assert_int_equal(f->pub.has_media, 0);
}

/* What cannot be registered, each reported at the reference. */
static void test_refused(void **state)
{
    struct fixture *f = *state;
    struct mk_pub_chapter ch;

    tree_rooted(f, "book");
    TEXT("book/notes.dat", "just some words\n");
    TEXT("book/other.xhtml", "<?xml version=\"1.0\"?>\n<html "
         "xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title>"
         "</head><body/></html>\n");
    TEXT("outside.png", "x");
    assert_int_equal(mkdir("book/folder.png", 0755), 0);
    memset(&ch, 0, sizeof ch);
    ch.item = mk_registry_add(&f->reg, "book/c.xhtml", "book/book.xml", 2,
                              0);
    assert_int_equal(mk_registry_add_chapter(&f->reg, &ch), 0);
    assert_null(add(f, "book/notes.dat", "notes.dat", 1));
    assert_null(add(f, "book/other.xhtml", "other.xhtml", 2));
    assert_null(add(f, "outside.png", "../outside.png", 3));
    assert_null(add(f, "book/gone.png", "gone.png", 4));
    assert_null(add(f, "book/folder.png", "folder.png", 5));
    /* a chapter is not a resource: nothing said here */
    assert_null(add(f, "book/c.xhtml", "c.xhtml", 6));
    /* a refused file stays refused, and is counted, not said again */
    assert_null(add(f, "book/notes.dat", "notes.dat", 7));
    assert_int_equal(mk_diag_count(f->dc), 0);
    mk_resources_report_refusals(&f->res);
    expect_diagnostics(f->dc,
        "book/c.xhtml:1:5: error: 'notes.dat': unknown file type; EPUB "
        "can carry XHTML, CSS, JPEG, PNG, GIF, SVG, WebP, fonts and "
        "audio, and other files as foreign resources with their type "
        "(<object type=\"...\"> with fallback content, <link "
        "type=\"...\">) (and 1 other reference to it)\n"
        "book/c.xhtml:2:5: error: 'other.xhtml' is an XHTML document that "
        "is not a chapter: add it to <chapters> in book.xml\n"
        "book/c.xhtml:3:5: error: '../outside.png' leads outside the root "
        "folder 'book'; move the file inside it or use --root\n"
        "book/c.xhtml:4:5: error: 'gone.png' does not exist\n"
        "book/c.xhtml:5:5: error: 'folder.png' is not a regular file");
}

/* A stylesheet's @imports and url()s are followed, from a queue: every
 * file of the chain is registered, problems located in the file that
 * has them. */
static void test_stylesheets(void **state)
{
    struct fixture *f = *state;
    struct mk_item *css;

    tree(f);
    fixture_file("book/img/a.png", good_png, sizeof good_png);
    TEXT("book/css/main.css", "@import \"more.css\";\n"
         "p { color: red }\n");
    TEXT("book/css/more.css", "@import url(last.css);\n"
         "h1 { background: url(../img/a.png) }\n"
         "h2 { background: url(../img/gone.png) }\n");
    TEXT("book/css/last.css", "em { background: url(\"../img/a.png\") }\n"
         "a { background: url(http://example.com/x.png) }\n");
    css = add(f, "book/css/main.css", "css/main.css", 2);
    assert_non_null(css);
    assert_string_equal(css->media_type, "text/css");
    /* main, more, last, a.png: each once; and img/gone.png, kept
     * refused (its other references are counted) */
    assert_int_equal(f->pub.n_items, 5);
    assert_non_null(mk_registry_item(&f->reg, "book/css/more.css"));
    assert_non_null(mk_registry_item(&f->reg, "book/css/last.css"));
    assert_non_null(mk_registry_item(&f->reg, "book/img/a.png"));
    assert_string_equal(mk_registry_item(&f->reg,
                                         "book/img/a.png")->ref_file,
                        "book/css/more.css");
    mk_resources_report_refusals(&f->res);
    expect_diagnostics(f->dc,
        "book/css/last.css:2:17: error: remote resource "
        "'http://example.com/x.png' in a stylesheet: EPUB needs it inside "
        "the book; download it next to the stylesheet\n"
        "book/css/more.css:3:18: error: '../img/gone.png' does not exist");
}

/* References into SVG images are checked once every file is read; an
 * image cut short is found when images are read whole. */
static void test_svg_and_images(void **state)
{
    struct fixture *f = *state;
    struct mk_item *svg;

    tree(f);
    TEXT("book/img/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
         "<use xlink:href=\"parts.svg#dot\"/>\n"
         "<use xlink:href=\"parts.svg#none\"/>\n"
         "<image xlink:href=\"cut.png\" width=\"1\" height=\"1\"/>\n"
         "</svg>\n");
    TEXT("book/img/parts.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">"
         "<circle id=\"dot\" r=\"1\"/></svg>\n");
    fixture_file("book/img/cut.png", good_png, sizeof good_png - 12);
    svg = add(f, "book/img/pic.svg", "img/pic.svg", 8);
    assert_non_null(svg);
    assert_string_equal(svg->media_type, "image/svg+xml");
    assert_int_equal(f->pub.n_items, 3);
    assert_int_equal(mk_diag_count(f->dc), 0);
    mk_resources_check_fragments(&f->res);
    mk_resources_check_images(&f->res);
    expect_diagnostics(f->dc,
        "book/img/pic.svg:3:1: error: 'parts.svg#none': no element has "
        "id 'none' in book/img/parts.svg (EPUBCheck RSC-012)\n"
        "book/img/pic.svg:4:1: error: 'cut.png' is cut short (no IEND "
        "chunk): export it again from the original");
}

/* Files below the book's folder that nothing registered are warned
 * about (book.xml and hidden files aside). */
static void test_unreferenced(void **state)
{
    struct fixture *f = *state;

    tree(f);
    fixture_file("book/img/a.png", good_png, sizeof good_png);
    fixture_file("book/img/stray.png", good_png, sizeof good_png);
    TEXT("book/notes.txt", "x");
    TEXT("book/.hidden", "x");
    assert_non_null(add(f, "book/img/a.png", "img/a.png", 1));
    mk_resources_find_unreferenced(&f->res, "book", "book/book.xml");
    expect_diagnostics(f->dc,
        "book/img/stray.png:1:1: warning: not referenced by book.xml or "
        "any chapter; it is not packaged\n"
        "book/notes.txt:1:1: warning: not referenced by book.xml or any "
        "chapter; it is not packaged");
}

/* An SVG page (a chapter) is read as an SVG image is; a reference to
 * the file of an image page that is not a link uses its image. */
static void test_svg_pages(void **state)
{
    struct fixture *f = *state;
    struct mk_pub_chapter pages[2];
    const struct mk_svg_info *read;

    tree(f);
    TEXT("book/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
         "<title>Map</title><rect id=\"r\" width=\"1\" height=\"1\"/>\n"
         "<image xlink:href=\"tile.png\" width=\"1\" height=\"1\"/>\n"
         "<a xlink:href=\"p.png\"><title>p</title></a>\n"
         "<a xlink:href=\"map.svg#none\"><title>x</title></a>\n"
         "</svg>\n");
    fixture_file("book/tile.png", good_png, sizeof good_png);
    fixture_file("book/p.png", good_png, sizeof good_png);
    memset(pages, 0, sizeof pages);
    pages[0].svg = 1;
    pages[0].item = mk_registry_add(&f->reg, "book/map.svg",
                                    "book/book.xml", 1, 0);
    assert_non_null(pages[0].item);
    pages[0].item->media = mk_media_by_type("image/svg+xml");
    pages[0].item->media_type = pages[0].item->media->type;
    pages[1].item = mk_registry_add(&f->reg, "book/p.png", "book/book.xml",
                                    2, 0);
    assert_non_null(pages[1].item);
    pages[1].item->media = mk_media_by_type("application/xhtml+xml");
    pages[1].item->media_type = pages[1].item->media->type;
    pages[1].image = mk_registry_new_item(&f->reg);
    assert_non_null(pages[1].image);
    pages[1].image->path = strdup("book/p.png");
    pages[1].image->media = mk_media_by_type("image/png");
    pages[1].image->media_type = pages[1].image->media->type;
    assert_int_equal(mk_registry_add_chapter(&f->reg, &pages[0]), 0);
    assert_int_equal(mk_registry_add_chapter(&f->reg, &pages[1]), 0);

    assert_null(mk_resources_svg_read(&f->res, "book/map.svg"));
    mk_resources_scan_svg(&f->res, pages[0].item);
    read = mk_resources_svg_read(&f->res, "book/map.svg");
    assert_non_null(read);
    assert_int_equal(read->n_ids, 1);
    assert_string_equal(read->ids[0], "r");
    /* its image is registered; the link to the raster page is not */
    assert_non_null(mk_registry_item(&f->reg, "book/tile.png"));
    assert_int_equal(f->pub.n_items, 4);
    /* an <img> of either page's file: the image, registered once */
    assert_ptr_equal(add(f, "book/p.png", "p.png", 3), pages[1].image);
    assert_ptr_equal(add(f, "book/map.svg", "map.svg", 4), pages[0].item);
    assert_int_equal(f->pub.n_items, 4);
    assert_int_equal(mk_diag_count(f->dc), 0);
    /* a link into an SVG page is checked with the other fragments */
    mk_resources_check_fragments(&f->res);
    expect_diagnostics(f->dc,
        "book/map.svg:5:1: error: 'map.svg#none': no element has id "
        "'none' in book/map.svg (EPUBCheck RSC-012)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stylesheets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_svg_and_images, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unreferenced, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_svg_pages, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
