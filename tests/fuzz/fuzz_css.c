/*
 * fuzz_css.c - libFuzzer target: the CSS tokenizer (every token inside
 * the input, positions never going back, progress on every call) and
 * the three ways of checking CSS: a stylesheet file (mk_css_scan), a
 * <style> element and a style attribute.
 */
#include "fuzz.h"

#include "css.h"
#include "csstok.h"
#include "mkepub.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Records nothing; checks only that every reference is a string and the
 * line numbers never go back. */
struct css_seen {
    long last_line;
};

static int css_ignore_ref(void *ctx, const char *url, long line,
                          long col, int is_import)
{
    struct css_seen *seen = ctx;

    (void)is_import;
    if (!url || line < seen->last_line || col < 1)
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

/* Every token lies inside the text, after the previous one, and the
 * end comes once all bytes are read. */
static void tokenize(const char *text, size_t size)
{
    struct mk_csslex lx;
    struct mk_csstok tok;
    const char *prev_end = text;
    long line = 1, col = 1;

    mk_csslex_init(&lx, text, size, 1, 1);
    for (;;) {
        if (mk_csslex_next(&lx, &tok) < 0)
            abort();
        if (tok.start != prev_end || tok.start + tok.len > text + size
            || tok.line < line || (tok.line == line && tok.col < col)
            || !tok.value || tok.value[tok.value_len] != '\0')
            abort();
        if (tok.type == MK_CSSTOK_EOF)
            break;
        if (tok.len == 0)
            abort();    /* no progress */
        prev_end = tok.start + tok.len;
        line = tok.line;
        col = tok.col;
    }
    if (prev_end != text + size)
        abort();
    mk_csslex_release(&lx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mk_diag *dc = mk_diag_new();
    struct css_seen seen = { 1 };
    const char *text = (const char *)data;

    if (!dc)
        abort();
    tokenize(text, size);
    /* only the callback or out of memory may stop a scan */
    if (mk_css_scan("styles/book.css", text, size, 1, dc, css_ignore_ref,
                    &seen) < 0)
        abort();
    seen.last_line = 5;
    if (mk_css_scan_style("ch.xhtml", text, size, 5, 3, dc, css_ignore_ref,
                          &seen) < 0)
        abort();
    seen.last_line = 7;
    if (mk_css_scan_attribute("ch.xhtml", text, size, 7, 9, dc,
                              css_ignore_ref, &seen) < 0)
        abort();
    {
        /* a declared encoding: converted, valid UTF-8; after a UTF-8
         * byte order mark only the rule is rewritten, so valid text stays
         * valid (check_file locates a bad byte outside the rule) */
        struct mk_buf utf8 = MK_BUF_INIT;
        enum mk_css_transcoded rc = mk_css_transcode("styles/book.css",
                                                     text, size, dc, &utf8);
        int bom = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;

        if (rc == MK_CSS_NO_MEMORY
            || (rc == MK_CSS_CONVERTED
                && !mk_utf8_valid(utf8.buf, utf8.len)
                && (!bom || mk_utf8_valid(text, size)))
            || (rc != MK_CSS_CONVERTED && utf8.len != 0))
            abort();
        mk_buf_release(&utf8);
    }
    (void)mk_utf8_valid((const char *)data, size);
    (void)mk_diag_count(dc);
    mk_diag_free(dc);
    return 0;
}
