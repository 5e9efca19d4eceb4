/*
 * fuzz_book.c - libFuzzer target: reading book.xml (mk_book_read).
 *
 * Any input must give 0 or -1, never a crash, a leak or undefined
 * behaviour; the model is released either way.
 */
#include "fuzz.h"

#include "book.h"
#include "mkepub.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    struct mk_book book;
    int rc;

    if (!dc)
        abort();
    rc = mk_book_read("book/book.xml", (const char *)data, size, dc, &book);
    /* a usable model with errors is fine; "unusable" must say why */
    if (rc < 0 && mk_diag_errors(dc) == 0)
        abort();
    mk_book_release(&book);
    (void)mk_diag_count(dc);    /* sorts: exercises the comparator */
    mk_diag_free(dc);
    return 0;
}
