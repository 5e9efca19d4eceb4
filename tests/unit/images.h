/*
 * images.h - whole, well-formed images for the unit tests that read
 * image bytes (test_media.c, test_resources.c): a PNG, a GIF, the
 * segments of a JPEG and a WebP, each passing mk_media_check.  Static
 * data, one copy a test.
 */
#ifndef MK_TEST_IMAGES_H
#define MK_TEST_IMAGES_H

/* A 4x4 PNG (as t0220 writes it). */
__attribute__((unused)) static const unsigned char good_png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H',
    'D', 'R', 0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0, 0x26, 0x93, 0x09,
    0x29, 0, 0, 0, 0x10, 'I', 'D', 'A', 'T', 0x78, 0xDA, 0x63, 0xF8, 0xCF,
    0xC0, 0x00, 0x47, 0x0C, 0xC4, 0x71, 0x00, 0xAE, 0x93, 0x0F, 0xF1,
    0x38, 0x5E, 0x8C, 0x11, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42,
    0x60, 0x82,
};

/* A 2x2 GIF89a with a global colour table. */
__attribute__((unused)) static const unsigned char good_gif[] = {
    'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0, 0xC0, 0x30,
    0x30, 0xFF, 0xFF, 0xFF, 0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 3, 0x44,
    0x18, 0x14, 0, 0x3B,
};

/* The segments of a JPEG (not a decodable picture: only the structure
 * is read): SOI, APP0, SOF0, SOS, scan data with a stuffed 0xFF00, a
 * restart marker and fill bytes, EOI. */
__attribute__((unused)) static const unsigned char good_jpeg[] = {
    0xFF, 0xD8,
    0xFF, 0xE0, 0x00, 0x06, 'J', 'F', 'I', 'F',
    0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
    0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0,
    0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0xD1, 0x78,
    0xFF, 0xD9,
};

/* A 1x1 lossless WebP. */
__attribute__((unused)) static const unsigned char good_webp[] = {
    'R', 'I', 'F', 'F', 0x1A, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8',
    'L', 0x0D, 0, 0, 0, 0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88,
    0x88, 0xFE, 0x07, 0x00,
};

#endif /* MK_TEST_IMAGES_H */
