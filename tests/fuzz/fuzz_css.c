/*
 * fuzz_css.c - libFuzzer target: scanning a stylesheet (mk_css_scan).
 */
#include "fuzz.h"

#include "css.h"
#include "mkepub.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Records nothing; checks only that every reference is a string and the
 * line numbers never go back. */
struct css_seen {
    long last_line;
};

static int css_ignore_ref(void *ctx, const char *url, long line,
                          int is_import)
{
    struct css_seen *seen = ctx;

    (void)is_import;
    if (!url || line < seen->last_line)
        abort();
    seen->last_line = line;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mk_fuzz_init_libxml();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mk_diag *dc = mk_diag_new();
    struct css_seen seen = { 1 };

    if (!dc)
        abort();
    if (mk_css_scan("styles/book.css", (const char *)data, size, 1, dc,
                    css_ignore_ref, &seen) < 0)
        abort();    /* only the callback or out of memory may stop it */
    (void)mk_utf8_valid((const char *)data, size);
    (void)mk_diag_count(dc);
    mk_diag_free(dc);
    return 0;
}
