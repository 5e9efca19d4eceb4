/*
 * fuzz_inspect.c - libFuzzer target: mkepub inspect on arbitrary bytes
 * as the EPUB (mk_inspect_memory): libzip's reading of the archive,
 * zipread's checks and caps, the container, package, navigation and
 * NCX documents, and both reports.  The status is one of the contract's
 * (a system error only when memory ran out), a report is written only
 * whole, and the JSON report is always valid UTF-8 ending in "}\n".
 */
#include "fuzz.h"

#include "buf.h"
#include "inspect.h"
#include "mkepub.h"
#include "utf8.h"

#include <string.h>

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
    int json;

    for (json = 0; json <= 1; json++) {
        struct mk_diag *dc = mk_diag_new();
        struct mk_buf out = MK_BUF_INIT;
        enum mk_status st;

        if (!dc)
            abort();
        st = mk_inspect_memory(data, size, "f.epub", json, &out, dc);
        if (st != MK_OK && st != MK_ESOURCE && st != MK_ESYSTEM)
            abort();
        if ((st == MK_OK) != (mk_diag_errors(dc) == 0))
            abort();
        if (json && out.len
            && (out.len < 2 || memcmp(out.buf + out.len - 2, "}\n", 2) != 0
                || !mk_utf8_valid(out.buf, out.len)))
            abort();
        if (!json && out.len && out.buf[out.len - 1] != '\n')
            abort();
        mk_buf_release(&out);
        mk_diag_free(dc);
    }
    return 0;
}
