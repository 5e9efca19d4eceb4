/*
 * test_fuzz_regressions.c - replays the fuzzing inputs through the
 * normal (non-fuzzer) build: every file in tests/fuzz/regressions/TARGET/
 * (inputs that once crashed a target, see tests/fuzz/run.sh) and in
 * tests/fuzz/seed-TARGET/ goes through the very code of the libFuzzer
 * target tests/fuzz/fuzz_TARGET.c, whose checks abort() on a failure.
 * Under make asan and make valgrind this also catches memory errors.
 *
 * Run from the top of the source tree (tests/run.sh does).
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

/* The six targets, their entry points renamed. */
#define LLVMFuzzerInitialize book_init
#define LLVMFuzzerTestOneInput book_one
#include "../fuzz/fuzz_book.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize chapter_init
#define LLVMFuzzerTestOneInput chapter_one
#include "../fuzz/fuzz_chapter.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize css_init
#define LLVMFuzzerTestOneInput css_one
#include "../fuzz/fuzz_css.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize svg_init
#define LLVMFuzzerTestOneInput svg_one
#include "../fuzz/fuzz_svg.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize inspect_init
#define LLVMFuzzerTestOneInput inspect_one
#include "../fuzz/fuzz_inspect.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize overlay_init
#define LLVMFuzzerTestOneInput overlay_one
#include "../fuzz/fuzz_overlay.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

typedef int (*one_fn)(const uint8_t *data, size_t size);

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole into a buffer of exactly its size (as libFuzzer
 * does, so that reading past the end is an error under ASan). */
static uint8_t *read_input(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    data = malloc(n ? (size_t)n : 1);
    if (data && (size_t)n != fread(data, 1, (size_t)n, f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return data;
}

/* Runs one() on every file in dir; returns how many.  A missing folder
 * is an error only when required. */
static size_t replay_dir(const char *dir, one_fn one, int required)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i, ran = 0;

    if (!d) {
        if (required)
            fail_msg("cannot open %s (run from the top of the tree)", dir);
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof(*names));
            assert_non_null(names);
        }
        names[n] = strdup(e->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), compare_names);
    for (i = 0; i < n; i++) {
        char path[4096];
        uint8_t *data;
        size_t size = 0;

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        data = read_input(path, &size);
        if (!data)
            fail_msg("cannot read %s", path);
        print_message("replay %s (%zu bytes)\n", path, size);
        one(data, size);
        free(data);
        free(names[i]);
        ran++;
    }
    free(names);
    return ran;
}

static void replay(const char *target, one_fn one)
{
    char dir[256];
    size_t seeds, regressions;

    snprintf(dir, sizeof(dir), "tests/fuzz/seed-%s", target);
    seeds = replay_dir(dir, one, 1);
    snprintf(dir, sizeof(dir), "tests/fuzz/regressions/%s", target);
    regressions = replay_dir(dir, one, 0);
    print_message("%s: %zu seeds, %zu regression inputs\n", target, seeds,
                  regressions);
    assert_true(seeds > 0);
}

static void test_book(void **state)
{
    (void)state;
    replay("book", book_one);
}

static void test_chapter(void **state)
{
    (void)state;
    replay("chapter", chapter_one);
}

static void test_css(void **state)
{
    (void)state;
    replay("css", css_one);
}

static void test_svg(void **state)
{
    (void)state;
    replay("svg", svg_one);
}

static void test_inspect(void **state)
{
    (void)state;
    replay("inspect", inspect_one);
}

static void test_overlay(void **state)
{
    (void)state;
    replay("overlay", overlay_one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_book),
        cmocka_unit_test(test_chapter),
        cmocka_unit_test(test_css),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_inspect),
        cmocka_unit_test(test_overlay),
    };

    book_init(NULL, NULL);
    chapter_init(NULL, NULL);
    css_init(NULL, NULL);
    svg_init(NULL, NULL);
    inspect_init(NULL, NULL);
    overlay_init(NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
