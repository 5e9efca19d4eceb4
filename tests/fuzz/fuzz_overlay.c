/*
 * fuzz_overlay.c - libFuzzer target: reading a SMIL media overlay
 * (mk_overlay_read) and the same bytes as a clock value
 * (mk_overlay_clock).
 *
 * Properties checked beyond "no crash, leak or undefined behaviour":
 *  - only running out of memory makes mk_overlay_read() fail;
 *  - every reference has a URL, a place and a known kind;
 *  - the duration stays within 0 and MK_OVERLAY_MAX_MS;
 *  - a clock value read is within 0 and MK_OVERLAY_MAX_MS, and written
 *    back canonically it reads as the same value.
 */
#include "fuzz.h"

#include "mkepub.h"
#include "overlay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void overlay_fail(const char *what, struct mk_diag *dc)
{
    fprintf(stderr, "fuzz_overlay: %s\n", what);
    if (dc)
        mk_diag_print(dc, stderr, 0);
    abort();
}

/* The bytes up to the first NUL (at most 64) as a clock value. */
static void check_clock(const uint8_t *data, size_t size)
{
    char s[65], canonical[32];
    size_t n = size < 64 ? size : 64;
    long long ms, again;

    memcpy(s, data, n);
    s[n] = '\0';
    if (mk_overlay_clock(s, &ms) != 0)
        return;
    if (ms < 0 || ms > MK_OVERLAY_MAX_MS)
        overlay_fail("a clock value out of range", NULL);
    mk_overlay_format_clock(ms, canonical, sizeof(canonical));
    if (mk_overlay_clock(canonical, &again) != 0 || again != ms)
        overlay_fail("a canonical clock value reads differently", NULL);
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
    struct mk_overlay_info info;
    size_t i;

    if (!dc)
        abort();
    mk_overlay_info_init(&info);
    if (mk_overlay_read("audio/fuzz.smil", (const char *)data, size, dc,
                        &info) < 0)
        overlay_fail("mk_overlay_read failed without running out of "
                     "memory", dc);
    if (info.duration < 0 || info.duration > MK_OVERLAY_MAX_MS)
        overlay_fail("a duration out of range", dc);
    for (i = 0; i < info.n_refs; i++)
        if (!info.refs[i].url || info.refs[i].line < 0
            || (info.refs[i].kind != MK_OVERLAY_TEXT
                && info.refs[i].kind != MK_OVERLAY_TEXTREF
                && info.refs[i].kind != MK_OVERLAY_AUDIO))
            overlay_fail("a reference without a URL, place or kind", dc);
    mk_overlay_info_release(&info);
    (void)mk_diag_count(dc);
    mk_diag_free(dc);
    check_clock(data, size);
    return 0;
}
