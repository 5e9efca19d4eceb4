/*
 * fuzz_chapter.c - libFuzzer target: loading a chapter and rewriting it
 * (mk_xhtml_load, mk_xhtml_serialize).
 *
 * Properties checked beyond "no crash, leak or undefined behaviour":
 *  - a chapter that cannot be used has at least one error recorded;
 *  - every heading and page break of a loaded chapter has an id, and
 *    that id is one of the chapter's ids;
 *  - the rewritten chapter is well-formed XHTML that loads again without
 *    errors, and rewriting it once more gives the same bytes;
 *  - loading it as one whole tree (MK_XHTML_WHOLE) gives the same
 *    diagnostics and bytes as freeing the parts of <body> as they are
 *    checked, also when its references are rewritten as it loads
 *    (spec.relink, as a build whose files were renamed loads it).
 */
#include "fuzz.h"

#include "buf.h"
#include "mkepub.h"
#include "xhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const chapter_stylesheets[] = { "../styles/book.css" };

/* the parts of <body> freed as they are checked, as a build loads */
static const struct mk_xhtml_spec chapter_spec = {
    "fuzz.xhtml", NULL, "en", chapter_stylesheets, 1, 0, 3, NULL, NULL, 0,
    NULL, 0, MK_XHTML_PRUNE_KEEP, 0
};

static void chapter_fail(const char *what, struct mk_diag *dc,
                         const struct mk_buf *out)
{
    fprintf(stderr, "fuzz_chapter: %s\n", what);
    if (dc)
        mk_diag_print(dc, stderr, 0);
    if (out)
        fprintf(stderr, "--- rewritten chapter ---\n%s\n---\n",
                mk_buf_str(out));
    abort();
}

static void check_info(const struct mk_xhtml_info *info)
{
    size_t i;

    for (i = 0; i < info->n_headings; i++)
        if (!info->headings[i].id || !info->headings[i].text
            || !mk_xhtml_has_id(info, info->headings[i].id))
            chapter_fail("a heading has no id, or one not recorded", NULL,
                         NULL);
    for (i = 0; i < info->n_pagebreaks; i++)
        if (!info->pagebreaks[i].id || !info->pagebreaks[i].label
            || !mk_xhtml_has_id(info, info->pagebreaks[i].id))
            chapter_fail("a page break has no id, or one not recorded",
                         NULL, NULL);
    for (i = 1; i < info->n_ids; i++)
        if (strcmp(info->ids[i - 1], info->ids[i]) >= 0)
            chapter_fail("the ids are not sorted and unique", NULL, NULL);
}

/* Loads the rewritten chapter out; it must load without errors.  Its own
 * rewrite is appended to again. */
static void reload(const struct mk_buf *out, struct mk_buf *again)
{
    struct mk_diag *dc = mk_diag_new();
    struct mk_xhtml_info info;
    xmlDocPtr doc;

    if (!dc)
        abort();
    mk_xhtml_info_init(&info);
    doc = mk_xhtml_load(&chapter_spec, out->buf, out->len, dc, &info);
    if (!doc || mk_diag_errors(dc))
        chapter_fail("the rewritten chapter does not load again", dc, out);
    check_info(&info);
    if (mk_xhtml_serialize(doc, again) < 0)
        abort();
    xmlFreeDoc(doc);
    mk_xhtml_info_release(&info);
    mk_diag_free(dc);
}

/* The chapter loaded as one whole tree must give what the pruned load
 * gave: as many errors and warnings, and out's bytes (NULL: no
 * document). */
static void same_as_whole(const uint8_t *data, size_t size,
                          struct mk_diag *pruned, const struct mk_buf *out)
{
    struct mk_xhtml_spec spec = chapter_spec;
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf whole = MK_BUF_INIT;
    xmlDocPtr doc;

    if (!dc)
        abort();
    spec.prune = MK_XHTML_WHOLE;
    doc = mk_xhtml_load(&spec, (const char *)data, size, dc, NULL);
    if (!doc != !out || mk_diag_errors(dc) != mk_diag_errors(pruned)
        || mk_diag_warnings(dc) != mk_diag_warnings(pruned))
        chapter_fail("the whole tree is judged otherwise", dc, out);
    if (doc && mk_xhtml_serialize(doc, &whole) < 0)
        abort();
    if (doc && (whole.len != out->len
                || memcmp(whole.buf, out->buf, out->len) != 0))
        chapter_fail("the whole tree is written otherwise", NULL, &whole);
    xmlFreeDoc(doc);
    mk_buf_release(&whole);
    mk_diag_free(dc);
}

/* A renaming: every reference but a fragment alone gets a prefix. */
static char *prefixed(const char *prefix, const char *url, int *failed)
{
    struct mk_buf b = MK_BUF_INIT;

    if (!*url || *url == '#')
        return NULL;
    mk_buf_adds(&b, prefix);
    mk_buf_adds(&b, url);
    if (b.failed)
        *failed = 1;
    return mk_buf_detach(&b, NULL);
}

static char *map_any(void *ctx, const char *url, int *failed)
{
    (void)ctx;
    return prefixed("r/", url, failed);
}

static char *map_link(void *ctx, const char *url, int *failed)
{
    (void)ctx;
    return prefixed("l/", url, failed);
}

/* Rewritten as it loads: the same bytes whether the parts of <body> are
 * freed as they are checked or the whole tree is kept. */
static void same_relinked(const uint8_t *data, size_t size)
{
    static const struct mk_xhtml_relink maps = { map_any, map_link, NULL };
    struct mk_xhtml_spec spec = chapter_spec;
    struct mk_buf out[2] = { MK_BUF_INIT, MK_BUF_INIT };
    int loaded[2];
    size_t i;

    spec.relink = &maps;
    for (i = 0; i < 2; i++) {
        struct mk_diag *dc = mk_diag_new();
        xmlDocPtr doc;

        if (!dc)
            abort();
        spec.prune = i ? MK_XHTML_WHOLE : MK_XHTML_PRUNE_KEEP;
        doc = mk_xhtml_load(&spec, (const char *)data, size, dc, NULL);
        loaded[i] = doc != NULL;
        if (doc && mk_xhtml_serialize(doc, &out[i]) < 0)
            abort();
        xmlFreeDoc(doc);
        mk_diag_free(dc);
    }
    if (loaded[0] != loaded[1] || out[0].len != out[1].len
        || (out[0].len && memcmp(out[0].buf, out[1].buf, out[0].len)))
        chapter_fail("the whole tree is relinked otherwise", NULL, &out[1]);
    mk_buf_release(&out[0]);
    mk_buf_release(&out[1]);
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
    struct mk_xhtml_info info;
    struct mk_buf out = MK_BUF_INIT, again = MK_BUF_INIT;
    xmlDocPtr doc;

    if (!dc)
        abort();
    mk_xhtml_info_init(&info);
    doc = mk_xhtml_load(&chapter_spec, (const char *)data, size, dc, &info);
    if (!doc) {
        if (mk_diag_errors(dc) == 0)
            chapter_fail("the chapter was refused without an error", dc,
                         NULL);
        same_as_whole(data, size, dc, NULL);
    } else {
        check_info(&info);
        if (mk_xhtml_serialize(doc, &out) < 0)
            abort();
        xmlFreeDoc(doc);
        same_as_whole(data, size, dc, &out);
        same_relinked(data, size);
        reload(&out, &again);
        if (out.len != again.len || memcmp(out.buf, again.buf, out.len))
            chapter_fail("rewriting the rewritten chapter changes it", NULL,
                         &out);
    }
    mk_xhtml_info_release(&info);
    (void)mk_diag_count(dc);
    mk_diag_free(dc);
    mk_buf_release(&out);
    mk_buf_release(&again);
    return 0;
}
