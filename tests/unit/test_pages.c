/*
 * test_pages.c - unit tests for src/pages.c's image size reader: PNG,
 * GIF and JPEG headers (baseline and progressive frames after other
 * segments, fill bytes), and headers cut short, damaged or of another
 * format, which give no size rather than a read past the end; and for
 * its SVG page reader: the root's <title>, viewBox and width/height, and
 * what it says of a file that is not well-formed or not SVG.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "pages.h"

static const unsigned char png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
    'I', 'H', 'D', 'R', 0, 0, 0x01, 0x2C, 0, 0, 0x00, 0xC8, 8, 2, 0, 0, 0
};
static const unsigned char gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xF0, 0x00, 0, 0, 0
};
/* SOI, APP0 (JFIF, 16 bytes), a fill byte, SOF2 (progressive) */
static const unsigned char jpeg[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0,
    1, 0, 1, 0, 0, 0xFF, 0xFF, 0xC2, 0x00, 0x11, 8, 0x02, 0x58, 0x03,
    0x20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1
};

static void test_sizes(void **state)
{
    long w, h;

    (void)state;
    assert_int_equal(mk_pages_image_size(png, sizeof(png), &w, &h), 0);
    assert_int_equal(w, 300);
    assert_int_equal(h, 200);
    assert_int_equal(mk_pages_image_size(gif, sizeof(gif), &w, &h), 0);
    assert_int_equal(w, 320);
    assert_int_equal(h, 240);
    assert_int_equal(mk_pages_image_size(jpeg, sizeof(jpeg), &w, &h), 0);
    assert_int_equal(w, 800);
    assert_int_equal(h, 600);
}

static void test_cut_short(void **state)
{
    long w, h;
    size_t n;

    (void)state;
    for (n = 0; n < 24; n++)
        assert_int_equal(mk_pages_image_size(png, n, &w, &h), -1);
    for (n = 0; n < 10; n++)
        assert_int_equal(mk_pages_image_size(gif, n, &w, &h), -1);
    for (n = 0; n < 30; n++)
        assert_int_equal(mk_pages_image_size(jpeg, n, &w, &h), -1);
}

static void test_damaged(void **state)
{
    unsigned char bad[sizeof(jpeg)];
    long w, h;

    (void)state;
    /* a segment length that jumps past the end */
    memcpy(bad, jpeg, sizeof(jpeg));
    bad[4] = 0xFF;
    assert_int_equal(mk_pages_image_size(bad, sizeof(bad), &w, &h), -1);
    /* a segment length below 2 */
    bad[4] = 0;
    bad[5] = 1;
    assert_int_equal(mk_pages_image_size(bad, sizeof(bad), &w, &h), -1);
    /* a zero width */
    memcpy(bad, png, sizeof(png));
    memset(bad + 16, 0, 4);
    assert_int_equal(mk_pages_image_size(bad, sizeof(png), &w, &h), -1);
    assert_int_equal(mk_pages_image_size((const unsigned char *)"RIFF....WEBP",
                                         12, &w, &h), -1);
}

static void read_svg(const char *text, struct mk_pages_svg *svg)
{
    assert_int_equal(mk_pages_svg_read("p.svg", text, strlen(text), svg),
                     0);
}

static void test_svg_read(void **state)
{
    struct mk_pages_svg svg;

    (void)state;
    read_svg("<?xml version=\"1.0\"?>\n<!-- page -->\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "viewBox=\"0,0 59.5 80\" width=\"60px\" height=\"80\">"
             "<desc>d</desc><title>The end</title><title>2</title></svg>",
             &svg);
    assert_int_equal(svg.parsed, 1);
    assert_int_equal(svg.is_svg, 1);
    assert_string_equal(svg.title, "The end");
    assert_int_equal(svg.vb_width, 60);
    assert_int_equal(svg.vb_height, 80);
    assert_int_equal(svg.width, 60);
    assert_int_equal(svg.height, 80);
    assert_int_equal(svg.line, 3);
    assert_int_equal(svg.col, 1);
    mk_pages_svg_release(&svg);

    /* no viewBox that reads as four numbers, sizes in other units, an
     * empty title, a title of a nested element */
    read_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10\""
             " width=\"10cm\" height=\"50%\"><title> </title>"
             "<g><title>inner</title></g></svg>", &svg);
    assert_int_equal(svg.is_svg, 1);
    assert_null(svg.title);
    assert_int_equal(svg.vb_width, 0);
    assert_int_equal(svg.width, 0);
    assert_int_equal(svg.height, 0);
    mk_pages_svg_release(&svg);

    read_svg("<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "viewBox=\"0 0 0 10\"><title></title></svg>", &svg);
    assert_int_equal(svg.vb_width, 0);
    assert_null(svg.title);
    mk_pages_svg_release(&svg);

    /* not SVG: another namespace; not well-formed */
    read_svg("<svg viewBox=\"0 0 4 4\"><title>t</title></svg>", &svg);
    assert_int_equal(svg.parsed, 1);
    assert_int_equal(svg.is_svg, 0);
    assert_null(svg.title);
    mk_pages_svg_release(&svg);
    read_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</svg>",
             &svg);
    assert_int_equal(svg.parsed, 0);
    assert_int_equal(svg.is_svg, 0);
    mk_pages_svg_release(&svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_cut_short),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_svg_read),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
