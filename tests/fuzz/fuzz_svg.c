/*
 * fuzz_svg.c - libFuzzer target: checking an SVG image (mk_svg_check),
 * reading the same bytes as each raster image type (mk_media_check),
 * and sniffing their type (mk_media_detect).
 *
 * Properties checked beyond "no crash, leak or undefined behaviour":
 *  - only running out of memory makes mk_svg_check() fail;
 *  - every reference has a URL and a known kind;
 *  - scripted is the only property an SVG image can get;
 *  - mk_media_check() answers the same for the same bytes.
 */
#include "fuzz.h"

#include "media.h"
#include "mkepub.h"
#include "svg.h"
#include "xhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void svg_fail(const char *what, struct mk_diag *dc)
{
    fprintf(stderr, "fuzz_svg: %s\n", what);
    if (dc)
        mk_diag_print(dc, stderr, 0);
    abort();
}

static void check_images(const uint8_t *data, size_t size)
{
    int mismatch = 0;
    static const char *const types[] = {
        "image/gif", "image/jpeg", "image/png", "image/webp",
    };
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(*types); i++) {
        const struct mk_media *m = mk_media_by_type(types[i]);
        const char *first = mk_media_check(m, data, size);

        if (!m || first != mk_media_check(m, data, size))
            svg_fail("mk_media_check answers differently", NULL);
    }
    (void)mk_media_detect(data, size, "images/fuzz.png", &mismatch);
    (void)mk_media_detect(data, size, "fuzz", &mismatch);
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
    struct mk_svg_info info;
    size_t i;

    if (!dc)
        abort();
    mk_svg_info_init(&info);
    if (mk_svg_check("images/fuzz.svg", (const char *)data, size, dc,
                     &info) < 0)
        svg_fail("mk_svg_check failed without running out of memory", dc);
    if (info.props & ~(unsigned)MK_PROP_SCRIPTED)
        svg_fail("an SVG image got a property other than scripted", dc);
    for (i = 0; i < info.n_refs; i++)
        if (!info.refs[i].url || info.refs[i].line < 0
            || (info.refs[i].kind != MK_SVG_REF_RESOURCE
                && info.refs[i].kind != MK_SVG_REF_ELEMENT
                && info.refs[i].kind != MK_SVG_REF_LINK))
            svg_fail("a reference without a URL, place or kind", dc);
    mk_svg_info_release(&info);
    (void)mk_diag_count(dc);
    mk_diag_free(dc);
    check_images(data, size);
    return 0;
}
