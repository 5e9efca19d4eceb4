/*
 * test_media.c - unit tests for src/media.c: detection from the first
 * bytes (JPEG, PNG, GIF, WebP, SVG, WOFF, WOFF2, TTF, OTF, MP3...), name
 * fallback for text formats only, name/content mismatches, and the
 * per-type policy (class, stored or deflated, core media type), and the
 * integrity checks (mk_media_check): JPEG segments to EOI, PNG chunks
 * and checksums to IEND, GIF blocks to the trailer, WebP RIFF sizes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "images.h"
#include "media.h"

static const unsigned char jpeg[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
};
static const unsigned char png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
    'R',
};
static const unsigned char gif87[] = "GIF87a\x01\x00\x01\x00";
static const unsigned char gif89[] = "GIF89a\x01\x00\x01\x00";
static const unsigned char webp[] = "RIFF\x24\x00\x00\x00WEBPVP8 ";
static const unsigned char woff[] = "wOFF\x00\x01\x00\x00";
static const unsigned char woff2[] = "wOF2\x00\x01\x00\x00";
static const unsigned char ttf[] = { 0x00, 0x01, 0x00, 0x00, 0x00, 0x0C };
static const unsigned char ttf_mac[] = "true\x00\x0C";
static const unsigned char otf[] = "OTTO\x00\x0C";
static const unsigned char mp3[] = "ID3\x04\x00\x00\x00\x00\x00\x00";
static const unsigned char ogg[] = "OggS\x00\x02";
static const unsigned char m4a[] = "\x00\x00\x00\x20" "ftypM4A \x00\x00";
static const unsigned char mp4[] = "\x00\x00\x00\x20" "ftypisom\x00\x00";
static const unsigned char pdf[] = "%PDF-1.7\n";
static const unsigned char svg_plain[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>";
static const unsigned char svg_prolog[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- cover -->\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\">";
static const unsigned char css[] = "body { margin: 0 }\n";
static const unsigned char xhtml[] =
    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">";

/* Detects and checks the type string and mismatch flag. */
static const struct mk_media *detect(const unsigned char *head, size_t n,
                                     const char *name, const char *type,
                                     int mismatch)
{
    int mm = -1;
    const struct mk_media *m = mk_media_detect(head, n, name, &mm);

    if (type) {
        assert_non_null(m);
        assert_string_equal(m->type, type);
    } else {
        assert_null(m);
    }
    assert_int_equal(mm, mismatch);
    return m;
}

#define DETECT(arr, name, type, mm) detect(arr, sizeof(arr), name, type, mm)

static void test_images(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = DETECT(jpeg, "a.jpg", "image/jpeg", 0);
    assert_int_equal(m->cls, MK_MEDIA_IMAGE);
    DETECT(jpeg, "a.JPEG", "image/jpeg", 0);
    DETECT(png, "b.png", "image/png", 0);
    DETECT(gif87, "c.gif", "image/gif", 0);
    DETECT(gif89, "c.gif", "image/gif", 0);
    DETECT(webp, "d.webp", "image/webp", 0);
    /* no extension, or an unknown one: the bytes decide */
    DETECT(png, "noext", "image/png", 0);
    DETECT(jpeg, "photo.dat", "image/jpeg", 0);
}

static void test_svg(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = DETECT(svg_plain, "x.svg", "image/svg+xml", 0);
    assert_int_equal(m->cls, MK_MEDIA_IMAGE);
    DETECT(svg_prolog, "cover.svg", "image/svg+xml", 0);
    DETECT(svg_prolog, "cover", "image/svg+xml", 0);
    /* "<svg" beyond the bytes given is not seen */
    detect(svg_prolog, 40, "cover.svg", NULL, 1);
    /* the first element decides, after the prolog; a prefix is fine */
    {
        static const unsigned char bom_doctype[] =
            "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- <html> -->\n"
            "<!DOCTYPE svg [ <!ENTITY a \"<b>\"> ]>\n<?pi x?>\n"
            "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\">";
        static const unsigned char html_with_svg[] =
            "<html><body><svg/></body></html>";
        static const unsigned char svgz[] = "<svgz/>";
        static const unsigned char text[] = "a <svg> in text";

        DETECT(bom_doctype, "a.png", "image/svg+xml", 1);
        detect(html_with_svg, sizeof html_with_svg - 1, "a.png", NULL, 1);
        detect(svgz, sizeof svgz - 1, "a.png", NULL, 1);
        detect(text, sizeof text - 1, "a.png", NULL, 1);
        detect((const unsigned char *)"<svg", 4, "a.png", NULL, 1);
        detect((const unsigned char *)"<svg>", 5, "a.png", "image/svg+xml",
               1);
    }
    /* an XHTML chapter with inline SVG stays XHTML */
    {
        static const unsigned char page[] =
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><svg/>";

        DETECT(page, "page.xhtml", "application/xhtml+xml", 0);
    }
}

static void test_fonts(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = DETECT(woff, "f.woff", "font/woff", 0);
    assert_int_equal(m->cls, MK_MEDIA_FONT);
    DETECT(woff2, "f.woff2", "font/woff2", 0);
    DETECT(ttf, "f.ttf", "font/ttf", 0);
    DETECT(ttf_mac, "f.ttf", "font/ttf", 0);
    DETECT(otf, "f.otf", "font/otf", 0);
    /* OpenType with TrueType outlines often carries .otf */
    DETECT(ttf, "f.otf", "font/ttf", 1);
}

static void test_audio_video(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = DETECT(mp3, "s.mp3", "audio/mpeg", 0);
    assert_int_equal(m->cls, MK_MEDIA_AUDIO);
    DETECT(ogg, "s.ogg", "audio/ogg", 0);
    DETECT(ogg, "s.opus", "audio/ogg", 0);
    /* the ftyp box: audio or video by the name */
    m = DETECT(m4a, "s.m4a", "audio/mp4", 0);
    assert_int_equal(m->cls, MK_MEDIA_AUDIO);
    m = DETECT(mp4, "v.mp4", "video/mp4", 0);
    assert_int_equal(m->cls, MK_MEDIA_VIDEO);
    DETECT(mp4, "v.m4v", "video/mp4", 0);
    DETECT(mp4, "v", "video/mp4", 0);
    DETECT(pdf, "doc.pdf", "application/pdf", 0);
}

static void test_mismatch(void **state)
{
    (void)state;
    /* the bytes win and the name is flagged */
    DETECT(jpeg, "photo.png", "image/jpeg", 1);
    DETECT(png, "photo.jpg", "image/png", 1);
    DETECT(svg_plain, "x.png", "image/svg+xml", 1);
    DETECT(woff, "f.ttf", "font/woff", 1);
    DETECT(jpeg, "notes.css", "image/jpeg", 1);
    /* a binary type's name without its bytes is not trusted */
    DETECT(css, "fake.png", NULL, 1);
    DETECT(css, "fake.jpg", NULL, 1);
    DETECT(css, "fake.woff", NULL, 1);
    DETECT(css, "fake.ttf", NULL, 1);
    DETECT(css, "fake.svg", NULL, 1);
    DETECT(css, "fake.mp3", NULL, 1);
    /* nothing known at all */
    DETECT(css, "unknown.xyz", NULL, 0);
    DETECT(css, "noext", NULL, 0);
    detect(NULL, 0, "empty", NULL, 0);
    detect((const unsigned char *)"", 0, "empty.png", NULL, 1);
}

static void test_text_by_name(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = DETECT(css, "styles/book.css", "text/css", 0);
    assert_int_equal(m->cls, MK_MEDIA_CSS);
    DETECT(css, "BOOK.CSS", "text/css", 0);
    m = DETECT(xhtml, "ch.xhtml", "application/xhtml+xml", 0);
    assert_int_equal(m->cls, MK_MEDIA_XHTML);
    DETECT(xhtml, "ch.html", "application/xhtml+xml", 0);
    DETECT(xhtml, "ch.htm", "application/xhtml+xml", 0);
    DETECT(css, "app.js", "application/javascript", 0);
    DETECT(css, "captions.vtt", "text/vtt", 0);
    detect((const unsigned char *)"", 0, "empty.css", "text/css", 0);
}

static void test_by_name(void **state)
{
    static const struct {
        const char *name;
        const char *type;
    } cases[] = {
        { "a.jpg", "image/jpeg" }, { "a.JpG", "image/jpeg" },
        { "a.jpeg", "image/jpeg" }, { "a.png", "image/png" },
        { "a.gif", "image/gif" }, { "a.svg", "image/svg+xml" },
        { "a.webp", "image/webp" }, { "a.css", "text/css" },
        { "a.xhtml", "application/xhtml+xml" }, { "a.ttf", "font/ttf" },
        { "a.otf", "font/otf" }, { "a.woff", "font/woff" },
        { "a.woff2", "font/woff2" }, { "a.mp3", "audio/mpeg" },
        { "a.m4a", "audio/mp4" }, { "a.mp4", "video/mp4" },
        { "a.webm", "video/webm" }, { "a.js", "application/javascript" },
        { "dir.d/file.tar.png", "image/png" },
        { "https://example.com/f.woff2", "font/woff2" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct mk_media *m = mk_media_by_name(cases[i].name);

        assert_non_null(m);
        assert_string_equal(m->type, cases[i].type);
    }
    assert_null(mk_media_by_name("noext"));
    assert_null(mk_media_by_name("a.xyz"));
    assert_null(mk_media_by_name("dir.d/noext"));
    assert_null(mk_media_by_name("a."));
    assert_null(mk_media_by_name(""));
}

static void test_by_type(void **state)
{
    const struct mk_media *m;

    (void)state;
    m = mk_media_by_type("image/jpeg");
    assert_non_null(m);
    assert_string_equal(m->type, "image/jpeg");
    assert_ptr_equal(mk_media_by_name("x.jpg"), m);
    assert_null(mk_media_by_type("image/JPEG"));
    assert_null(mk_media_by_type("image/x-unknown"));
    assert_null(mk_media_by_type(""));
    /* detection and lookups give the one table entry */
    {
        int mm;

        assert_ptr_equal(mk_media_detect(jpeg, sizeof jpeg, "a.jpg", &mm), m);
    }
}

static void test_policy(void **state)
{
    static const struct {
        const char *type;
        enum mk_media_class cls;
        int stored, core, epubcheck4;
    } cases[] = {
        { "application/xhtml+xml", MK_MEDIA_XHTML, 0, 1, 1 },
        { "text/css", MK_MEDIA_CSS, 0, 1, 1 },
        { "image/jpeg", MK_MEDIA_IMAGE, 1, 1, 1 },
        { "image/png", MK_MEDIA_IMAGE, 1, 1, 1 },
        { "image/gif", MK_MEDIA_IMAGE, 1, 1, 1 },
        { "image/svg+xml", MK_MEDIA_IMAGE, 0, 1, 1 },
        { "image/webp", MK_MEDIA_IMAGE, 1, 1, 0 },
        { "image/bmp", MK_MEDIA_IMAGE, 0, 0, 0 },
        { "image/tiff", MK_MEDIA_IMAGE, 0, 0, 0 },
        { "font/ttf", MK_MEDIA_FONT, 0, 1, 1 },
        { "font/otf", MK_MEDIA_FONT, 0, 1, 1 },
        { "font/woff", MK_MEDIA_FONT, 1, 1, 1 },
        { "font/woff2", MK_MEDIA_FONT, 1, 1, 1 },
        { "audio/mpeg", MK_MEDIA_AUDIO, 1, 1, 1 },
        { "audio/mp4", MK_MEDIA_AUDIO, 1, 1, 1 },
        { "video/mp4", MK_MEDIA_VIDEO, 1, 0, 0 },
        { "application/javascript", MK_MEDIA_SCRIPT, 0, 1, 1 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct mk_media *m = mk_media_by_type(cases[i].type);

        assert_non_null(m);
        assert_int_equal(m->cls, cases[i].cls);
        assert_int_equal(m->stored, cases[i].stored);
        assert_int_equal(m->core, cases[i].core);
        assert_int_equal(m->epubcheck4, cases[i].epubcheck4);
    }
}

/* Detection never reads past n bytes: truncated signatures are not
 * matched. */
static void test_short_heads(void **state)
{
    (void)state;
    detect(png, 7, "p.png", NULL, 1);
    detect(png, 8, "p.png", "image/png", 0);
    detect(jpeg, 2, "j.jpg", NULL, 1);
    detect(webp, 11, "w.webp", NULL, 1);
    detect(webp, 12, "w.webp", "image/webp", 0);
    detect(mp4, 7, "v.mp4", NULL, 1);
}

/* ---- integrity ----------------------------------------------------- */

static const char *check(const char *type, const unsigned char *d,
                         size_t n)
{
    return mk_media_check(mk_media_by_type(type), d, n);
}

static void expect_problem(const char *type, const unsigned char *d,
                           size_t n, const char *phrase)
{
    const char *got = check(type, d, n);

    assert_non_null(got);
    assert_string_equal(got, phrase);
}

static void test_check_whole(void **state)
{
    (void)state;
    assert_null(check("image/png", good_png, sizeof good_png));
    assert_null(check("image/gif", good_gif, sizeof good_gif));
    assert_null(check("image/jpeg", good_jpeg, sizeof good_jpeg));
    assert_null(check("image/webp", good_webp, sizeof good_webp));
    /* bytes after the end of the picture are left alone */
    {
        unsigned char j[sizeof good_jpeg + 3];

        memcpy(j, good_jpeg, sizeof good_jpeg);
        memcpy(j + sizeof good_jpeg, "xyz", 3);
        assert_null(check("image/jpeg", j, sizeof j));
    }
    /* types without a check, and no type */
    assert_null(check("image/svg+xml", (const unsigned char *)"x", 1));
    assert_null(check("font/woff", (const unsigned char *)"x", 1));
    assert_null(mk_media_check(NULL, good_png, 3));
}

static void test_check_jpeg(void **state)
{
    size_t n;
    unsigned char j[sizeof good_jpeg];

    (void)state;
    /* cut anywhere: a problem, never a read past the end */
    for (n = 0; n < sizeof good_jpeg; n++)
        assert_non_null(check("image/jpeg", good_jpeg, n));
    expect_problem("image/jpeg", good_jpeg, sizeof good_jpeg - 2,
                   "is cut short (no end-of-image marker)");
    expect_problem("image/jpeg", good_jpeg, 30,
                   "is cut short (no end-of-image marker)");
    expect_problem("image/jpeg", good_jpeg, 1,
                   "is not a JPEG (no start-of-image marker)");
    /* a segment length running past the end */
    memcpy(j, good_jpeg, sizeof j);
    j[5] = 0x60;
    expect_problem("image/jpeg", j, sizeof j,
                   "is cut short (no end-of-image marker)");
    /* a length below 2 */
    j[4] = 0;
    j[5] = 1;
    expect_problem("image/jpeg", j, sizeof j,
                   "is damaged (a JPEG segment with a wrong length)");
    /* garbage between segments */
    memcpy(j, good_jpeg, sizeof j);
    j[10] = 0x00;
    expect_problem("image/jpeg", j, sizeof j,
                   "is damaged (data where a JPEG marker should be)");
    /* EOI right after SOI: no scan */
    expect_problem("image/jpeg", (const unsigned char *)"\xFF\xD8\xFF\xD9",
                   4, "has no image data (it ends before any scan)");
}

static void test_check_png(void **state)
{
    size_t n;
    unsigned char p[sizeof good_png];

    (void)state;
    for (n = 0; n < sizeof good_png; n++)
        assert_non_null(check("image/png", good_png, n));
    expect_problem("image/png", good_png, sizeof good_png - 12,
                   "is cut short (no IEND chunk)");
    expect_problem("image/png", good_png, 50, "is cut short (no IEND chunk)");
    expect_problem("image/png", good_png, 4,
                   "is not a PNG (no PNG signature)");
    memcpy(p, good_png, sizeof p);
    p[sizeof p - 1] ^= 1;
    expect_problem("image/png", p, sizeof p,
                   "is damaged (a PNG chunk's checksum is wrong)");
    memcpy(p, good_png, sizeof p);
    p[40] ^= 0x55;      /* inside the IDAT data */
    expect_problem("image/png", p, sizeof p,
                   "is damaged (a PNG chunk's checksum is wrong)");
    memcpy(p, good_png, sizeof p);
    p[8] = 0x80;        /* a length above 2^31 - 1 */
    expect_problem("image/png", p, sizeof p,
                   "is damaged (a PNG chunk with a wrong length)");
    memcpy(p, good_png, sizeof p);
    p[12] = 'X';
    expect_problem("image/png", p, sizeof p,
                   "is damaged (its first chunk is not IHDR)");
}

static void test_check_gif(void **state)
{
    size_t n;
    unsigned char g[sizeof good_gif];

    (void)state;
    for (n = 0; n < sizeof good_gif; n++)
        assert_non_null(check("image/gif", good_gif, n));
    expect_problem("image/gif", good_gif, sizeof good_gif - 1,
                   "is cut short (no trailer)");
    expect_problem("image/gif", good_gif, 24, "is cut short (no trailer)");
    expect_problem("image/gif", good_gif, 3, "is not a GIF (no GIF header)");
    memcpy(g, good_gif, sizeof g);
    g[19] = 0x99;       /* not an image, extension or trailer */
    expect_problem("image/gif", g, sizeof g,
                   "is damaged (an unknown GIF block)");
    /* header, screen, colour table, trailer: no image */
    memcpy(g, good_gif, 19);
    g[19] = 0x3B;
    expect_problem("image/gif", g, 20, "has no image data (no image block)");
}

static void test_check_webp(void **state)
{
    size_t n;
    unsigned char w[sizeof good_webp];

    (void)state;
    for (n = 0; n < sizeof good_webp; n++)
        assert_non_null(check("image/webp", good_webp, n));
    expect_problem("image/webp", good_webp, sizeof good_webp - 4,
                   "is cut short (its RIFF size is larger than the file)");
    memcpy(w, good_webp, sizeof w);
    w[16] = 0x30;       /* the VP8L chunk runs past the RIFF size */
    expect_problem("image/webp", w, sizeof w,
                   "is damaged (a WebP chunk runs past the RIFF size)");
    memcpy(w, good_webp, sizeof w);
    w[12] = 'X';
    expect_problem("image/webp", w, sizeof w,
                   "is damaged (no VP8, VP8L or VP8X chunk first)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_audio_video),
        cmocka_unit_test(test_mismatch),
        cmocka_unit_test(test_text_by_name),
        cmocka_unit_test(test_by_name),
        cmocka_unit_test(test_by_type),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_short_heads),
        cmocka_unit_test(test_check_whole),
        cmocka_unit_test(test_check_jpeg),
        cmocka_unit_test(test_check_png),
        cmocka_unit_test(test_check_gif),
        cmocka_unit_test(test_check_webp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
