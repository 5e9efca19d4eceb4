/*
 * test_imgsize.c - unit tests for src/imgsize.c: the size of PNG, JPEG,
 * GIF, WebP and SVG images from their headers, and hostile headers
 * (cut short at every byte, sizes of zero or absurd, a JPEG without a
 * start-of-frame, segment lengths past the end, SVG in other units).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "imgsize.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* 3000 x 2000 in each binary format (headers only). */
static const unsigned char png[] =
    "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\x0B\xB8\0\0\x07\xD0\x08\x02";
static const unsigned char gif[] = "GIF89a\xB8\x0B\xD0\x07\0\0\0";
/* SOI, an APP0 segment, DQT, then SOF2 (progressive) */
static const unsigned char jpeg[] =
    "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    "\xFF\xDB\0\x04\0\0"
    "\xFF\xFF\xC2\0\x11\x08\x07\xD0\x0B\xB8\x03\x01\x22\0\x02\x11\x01"
    "\x03\x11\x01";
static const unsigned char webp_vp8[] =
    "RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9D\x01\x2A\xB8\x0B\xD0\x07";
/* VP8L: 14 bits width-1 (2999), 14 bits height-1 (1999) */
static const unsigned char webp_vp8l[] =
    "RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2F\xB7\xCB\xF3\x01\0\0\0\0\0";
static const unsigned char webp_vp8x[] =
    "RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0\xB7\x0B\0\xCF\x07\0";

static void expect(const char *type, const void *data, size_t len,
                   unsigned long w, unsigned long h)
{
    unsigned long gw = 0, gh = 0;

    if (mk_imgsize_read(type, data, len, &gw, &gh) != 0)
        fail_msg("%s: no size read", type);
    if (gw != w || gh != h)
        fail_msg("%s: %lux%lu, not %lux%lu", type, gw, gh, w, h);
}

static void expect_none(const char *type, const void *data, size_t len)
{
    unsigned long w = 0, h = 0;

    if (mk_imgsize_read(type, data, len, &w, &h) != -1)
        fail_msg("%s: read %lux%lu from a bad header", type, w, h);
}

static void test_binary(void **state)
{
    (void)state;
    expect("image/png", png, sizeof(png) - 1, 3000, 2000);
    expect("image/gif", gif, sizeof(gif) - 1, 3000, 2000);
    expect("image/jpeg", jpeg, sizeof(jpeg) - 1, 3000, 2000);
    expect("image/webp", webp_vp8, sizeof(webp_vp8) - 1, 3000, 2000);
    expect("image/webp", webp_vp8l, sizeof(webp_vp8l) - 1, 3000, 2000);
    expect("image/webp", webp_vp8x, sizeof(webp_vp8x) - 1, 3000, 2000);
}

/* Every header cut short at every byte gives no size, and no read past
 * the end: each prefix is copied to a buffer of exactly its length, so
 * ASan and valgrind see such a read. */
static void test_truncated(void **state)
{
    static const struct {
        const char *type;
        const unsigned char *data;
        size_t needed;          /* the bytes the size is read from */
    } all[] = {
        { "image/png", png, 24 },
        { "image/gif", gif, 10 },
        { "image/jpeg", jpeg, 46 },
        { "image/webp", webp_vp8, 30 },
        { "image/webp", webp_vp8l, 30 },
        { "image/webp", webp_vp8x, 30 },
    };
    size_t i, n;

    (void)state;
    for (i = 0; i < N_ELEMS(all); i++) {
        for (n = 0; n < all[i].needed; n++) {
            unsigned char *cut = test_malloc(n ? n : 1);

            memcpy(cut, all[i].data, n);
            expect_none(all[i].type, cut, n);
            test_free(cut);
        }
        expect(all[i].type, all[i].data, all[i].needed, 3000, 2000);
    }
}

static void test_hostile(void **state)
{
    unsigned char b[64];

    (void)state;
    /* PNG of width 0, and of 2^31-1 */
    memcpy(b, png, sizeof(png));
    memset(b + 16, 0, 4);
    expect_none("image/png", b, sizeof(png) - 1);
    memcpy(b + 16, "\x7F\xFF\xFF\xFF", 4);
    expect_none("image/png", b, sizeof(png) - 1);
    /* a first chunk that is not IHDR */
    memcpy(b, png, sizeof(png));
    memcpy(b + 12, "IDAT", 4);
    expect_none("image/png", b, sizeof(png) - 1);
    /* GIF of height 0 */
    memcpy(b, gif, sizeof(gif));
    b[8] = b[9] = 0;
    expect_none("image/gif", b, sizeof(gif) - 1);
    /* JPEG: scan data before any frame; the end; a length past the end;
     * a length below 2; a frame of height 0 (set by a DNL later) */
    expect_none("image/jpeg", "\xFF\xD8\xFF\xDA\0\x08\x01\x01\0\0\x3F\0",
                12);
    expect_none("image/jpeg", "\xFF\xD8\xFF\xD9", 4);
    expect_none("image/jpeg", "\xFF\xD8\xFF\xE1\xFF\xFF\0\0", 8);
    expect_none("image/jpeg", "\xFF\xD8\xFF\xE1\0\x01\0\0", 8);
    expect_none("image/jpeg", "\xFF\xD8\xFF\xC0\0\x0B\x08\0\0\x01\0\x01"
                "\x01\x11\0", 15);
    /* garbage where a marker belongs */
    expect_none("image/jpeg", "\xFF\xD8\x00\x00\x00\x00", 6);
    /* only fill bytes */
    memset(b, 0xFF, sizeof(b));
    b[1] = 0xD8;
    expect_none("image/jpeg", b, sizeof(b));
    /* WebP: a VP8 frame without its start code; an unknown chunk */
    memcpy(b, webp_vp8, sizeof(webp_vp8));
    b[23] = 0;
    expect_none("image/webp", b, sizeof(webp_vp8) - 1);
    memcpy(b, webp_vp8, sizeof(webp_vp8));
    memcpy(b + 12, "ALPH", 4);
    expect_none("image/webp", b, sizeof(webp_vp8) - 1);
    /* types without a reader */
    expect_none("image/bmp", png, sizeof(png) - 1);
    expect_none(NULL, png, sizeof(png) - 1);
}

static void test_svg(void **state)
{
    static const struct {
        const char *text;
        unsigned long w, h;
    } good[] = {
        { "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 600 800'/>",
          600, 800 },
        { "<?xml version=\"1.0\"?>\n<!-- a <comment> -->\n<!DOCTYPE svg>\n"
          "<svg width=\"4000px\" height=\"10\" viewBox=\"0 0 1 1\">", 4000,
          10 },
        { "<svg:svg viewBox=\"-10,-10,3200.5,20\" width=\"50%\">", 3201,
          20 },
        { "<svg width = ' 12 ' height='7.0'>", 12, 7 },
    };
    static const char *const bad[] = {
        "<svg width='10cm' height='5cm'>",
        "<svg viewBox='0 0 0 10'>",
        "<svg viewBox='0 0 10'>",
        "<svg viewBox='0 0 99999999999 10'>",
        "<svg width='10' height='10",
        "<svg width=10 height=10>",
        "<!-- never closed <svg viewBox='0 0 1 1'>",
        "<svg>",
        "",
        "<",
    };
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(good); i++)
        expect("image/svg+xml", good[i].text, strlen(good[i].text),
               good[i].w, good[i].h);
    for (i = 0; i < N_ELEMS(bad); i++)
        expect_none("image/svg+xml", bad[i], strlen(bad[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_svg),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
