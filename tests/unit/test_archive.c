/*
 * test_archive.c - unit tests for src/archive.c's target file: libzip's
 * writes go through a 1 MB write window (small pieces gathered, headers
 * rewritten after seeking back, entries larger than the window written
 * through it).  The file written must be byte for byte what libzip's own
 * in-memory target holds for the same entries, with the windows written
 * in place or by a writer thread, and nothing but the target may be left
 * in its folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "diag.h"

#define MTIME 1606953600

/* Deterministic bytes that do not compress (xorshift). */
static unsigned char *noise(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len);
    unsigned x = seed * 2654435761u + 1;
    size_t i;

    assert_non_null(p);
    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (unsigned char)x;
    }
    return p;
}

struct content {
    unsigned char *big_stored;      /* 3 MB: larger than the window */
    unsigned char *big_text;        /* 2.5 MB of text, deflated */
    char small[400][64];
    char file[64];                  /* a file entry's path */
};

static void fill(struct mk_archive *a, struct content *c)
{
    size_t i;

    assert_int_equal(mk_archive_add_data(a, "mimetype",
                                         "application/epub+zip", 20, 1), 0);
    /* many small entries cross the window's edge at odd offsets */
    for (i = 0; i < 200; i++) {
        char name[32];

        snprintf(name, sizeof name, "small/a%03zu.txt", i);
        assert_int_equal(mk_archive_add_data(a, name, c->small[i],
                                             strlen(c->small[i]), i % 2),
                         0);
    }
    assert_int_equal(mk_archive_add_data(a, "big.bin", c->big_stored,
                                         3u << 20, 1), 0);
    assert_int_equal(mk_archive_add_data(a, "big.txt", c->big_text,
                                         (5u << 20) / 2, 0), 0);
    assert_int_equal(mk_archive_add_file(a, "file.bin", c->file, 700000, 1),
                     0);
    for (i = 200; i < 400; i++) {
        char name[32];

        snprintf(name, sizeof name, "small/b%03zu.txt", i);
        assert_int_equal(mk_archive_add_data(a, name, c->small[i],
                                             strlen(c->small[i]), 0), 0);
    }
}

static void check_file_matches_memory(int background)
{
    char dir[] = "/tmp/mkepub-archive-XXXXXX";
    char target[64];
    struct content c;
    struct mk_diag *dc = mk_diag_new();
    struct mk_archive *a;
    unsigned char *mem = NULL, *file_bytes, *blob;
    size_t mem_len = 0, i, text_len = (5u << 20) / 2;
    long got;
    FILE *f;
    DIR *d;
    struct dirent *e;
    int entries = 0;

    assert_non_null(dc);
    assert_non_null(mkdtemp(dir));
    c.big_stored = noise(3u << 20, 1);
    c.big_text = malloc(text_len);
    assert_non_null(c.big_text);
    for (i = 0; i < text_len; i++)
        c.big_text[i] = (unsigned char)("the quick brown fox "[i % 20]
                                        + (i / 4096) % 3);
    for (i = 0; i < 400; i++)
        snprintf(c.small[i], sizeof c.small[i], "entry %zu: %.*s", i,
                 (int)(i % 40), "0123456789012345678901234567890123456789");
    snprintf(c.file, sizeof c.file, "%s/source.bin", dir);
    blob = noise(700000, 2);
    f = fopen(c.file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(blob, 1, 700000, f), 700000);
    assert_int_equal(fclose(f), 0);
    free(blob);

    a = mk_archive_open(NULL, "memory.epub", MTIME, dc, NULL);
    assert_non_null(a);
    fill(a, &c);
    assert_int_equal(mk_archive_commit(a, &mem, &mem_len), 0);
    assert_true(mem_len > (3u << 20));

    snprintf(target, sizeof target, "%s/out.epub", dir);
    a = mk_archive_open(target, target, MTIME, dc, NULL);
    assert_non_null(a);
    if (background)
        mk_archive_write_in_background(a);
    fill(a, &c);
    assert_int_equal(mk_archive_commit(a, NULL, NULL), 0);
    assert_int_equal(mk_diag_count(dc), 0);

    f = fopen(target, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    got = ftell(f);
    assert_int_equal(got, (long)mem_len);
    rewind(f);
    file_bytes = malloc(mem_len);
    assert_non_null(file_bytes);
    assert_int_equal(fread(file_bytes, 1, mem_len, f), mem_len);
    fclose(f);
    assert_memory_equal(file_bytes, mem, mem_len);

    /* only the source and the target: no temporary file left */
    d = opendir(dir);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') {
            entries++;
            assert_true(strcmp(e->d_name, "out.epub") == 0
                        || strcmp(e->d_name, "source.bin") == 0);
        }
    closedir(d);
    assert_int_equal(entries, 2);

    unlink(target);
    unlink(c.file);
    rmdir(dir);
    free(file_bytes);
    free(mem);
    free(c.big_stored);
    free(c.big_text);
    mk_diag_free(dc);
}

static void test_file_matches_memory(void **state)
{
    (void)state;
    check_file_matches_memory(0);
}

/* The same with a writer thread writing the windows. */
static void test_background_matches_memory(void **state)
{
    (void)state;
    check_file_matches_memory(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_matches_memory),
        cmocka_unit_test(test_background_matches_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
