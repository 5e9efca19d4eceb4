/*
 * target.c - the stores' pre-flight rules (see target.h).  The rules are
 * the table below; each names the check that applies it (one function
 * per kind of check, some shared by several stores with their own
 * limits).  The README's "Publishing to stores" lists the same table.
 */
#include "target.h"

#include "buf.h"

#include "diag.h"
#include "imgsize.h"
#include "path.h"
#include "url.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum check {
    CK_LANGUAGE, CK_TOC_DEPTH, CK_PIXELS, CK_GIF_COVER, CK_FONT_WOFF2,
    CK_XHTML_SIZE, CK_NOTEREF, CK_NO_COVER, CK_COVER_SIZE, CK_SVG_SIZE,
    CK_OUTPUT_SIZE
};

struct rule {
    unsigned store;             /* enum mk_target */
    enum check check;
    unsigned long long limit;   /* the check's number, if it has one: the
                                   most allowed */
    const char *effect;         /* what the store does with such a book */
    const char *fix;            /* what to change */
    const char *source;         /* where the rule comes from */
};

#define MB 1000000ULL
#define GB 1000000000ULL

static const struct rule rules[] = {
    { MK_TARGET_KINDLE, CK_LANGUAGE, 0,
      "Send to Kindle refuses the book (E999)",
      "write a language from Amazon's list, if the book is in one",
      "KDP help G200673300, listed in innocenat/kindle-epub-fix script.js" },
    { MK_TARGET_KINDLE, CK_OUTPUT_SIZE, 50 * MB,
      "Send to Kindle refuses an e-mail attachment over 50 MB (E999)",
      "send it through the web page (200 MB), or make the images smaller",
      "leafbind.io/guides/send-to-kindle-error-e999" },
    { MK_TARGET_KINDLE, CK_OUTPUT_SIZE, 200 * MB,
      "Send to Kindle refuses a file over 200 MB (E999)",
      "make the images smaller, or split the book",
      "leafbind.io/guides/send-to-kindle-error-e999" },
    { MK_TARGET_KINDLE, CK_TOC_DEPTH, 2,
      "Kindle shows two levels of the table of contents",
      "build with --toc-depth 1 (or 2 where chapters start with h1), or "
      "accept the flatter table",
      "KDP Publishing Guidelines, table of contents" },
    { MK_TARGET_APPLE, CK_OUTPUT_SIZE, 2 * GB,
      "Apple Books takes books of at most 2 GB (and would rather have "
      "them under 1 GB)",
      "make the images and media smaller, or split the book",
      "Apple Books Asset Guide, book file size" },
    { MK_TARGET_APPLE, CK_PIXELS, 5600000,
      "Apple Books refuses images over 5.6 million pixels",
      "scale the image down",
      "Apple Books Asset Guide, image requirements" },
    { MK_TARGET_KOBO, CK_GIF_COVER, 0,
      "Kobo does not take GIF covers",
      "convert the cover to JPEG or PNG",
      "kobolabs/epub-spec README, covers" },
    { MK_TARGET_KOBO, CK_FONT_WOFF2, 0,
      "Kobo's readers know TTF, OTF and WOFF 1.0, not WOFF2, and show "
      "another font",
      "convert the font to WOFF or OTF",
      "kobolabs/epub-spec README, fonts" },
    { MK_TARGET_KOBO, CK_TOC_DEPTH, 3,
      "Kobo nests three levels of the table of contents on iOS and "
      "Android and flattens deeper ones",
      "build with --toc-depth 2 (or 3 where chapters start with h1)",
      "kobolabs/epub-spec README, table of contents" },
    { MK_TARGET_KOBO, CK_XHTML_SIZE, 10 * MB,
      "Kobo takes XHTML files of at most 10 MB",
      "split the chapter into several",
      "kobolabs/epub-spec README, limits" },
    { MK_TARGET_KOBO, CK_OUTPUT_SIZE, 1 * GB,
      "Kobo takes EPUB files of at most 1 GB",
      "make the images and media smaller, or split the book",
      "kobolabs/epub-spec README, limits" },
    { MK_TARGET_KOBO, CK_NOTEREF, 0,
      "Kobo shows a note as a pop-up only when it is an element of "
      "epub:type footnote or endnote",
      "give the note epub:type=\"footnote\" (or \"endnote\")",
      "kobolabs/epub-spec README, footnotes; kobolabs/epub-spec#45" },
    { MK_TARGET_GOOGLE, CK_NO_COVER, 0,
      "Google Play Books wants the front cover inside the EPUB",
      "add <cover image=\"...\"/> to book.xml",
      "Google Play Books Partner Center help, answer 3424254" },
    { MK_TARGET_GOOGLE, CK_COVER_SIZE, 0,
      "Google Play Books takes covers of 640 to 7200 pixels a side",
      "use a cover image of at least 640 and at most 7200 pixels a side",
      "Google Play Books Partner Center help, answer 3424254" },
    { MK_TARGET_GOOGLE, CK_OUTPUT_SIZE, 2 * GB - 1,     /* under 2 GB */
      "Google Play Books takes files under 2 GB",
      "make the images and media smaller, or split the book",
      "Google Play Books Partner Center help, answer 3424254" },
    { MK_TARGET_GOOGLE, CK_SVG_SIZE, 3200,
      "Google Play Books takes SVG images up to 3200 pixels",
      "give the image a width, height or viewBox of at most 3200",
      "Google Play Books Partner Center help, answer 3316879" },
};

static const struct {
    unsigned store;
    const char *name;
} store_names[] = {
    { MK_TARGET_KINDLE, "Kindle" }, { MK_TARGET_KOBO, "Kobo" },
    { MK_TARGET_APPLE, "Apple Books" }, { MK_TARGET_GOOGLE, "Google Play" },
};

/* The primary language subtags Kindle accepts: KDP help G200673300
 * (retrieved 2022-09-13), as innocenat/kindle-epub-fix lists them;
 * sorted for bsearch. */
static const char *const kindle_languages[] = {
    "af", "afr", "ar", "ara", "baq", "br", "bre", "ca", "cat", "chi", "co",
    "cor", "cos", "cy", "cym", "da", "dan", "de", "deu", "dut", "en", "eng",
    "es", "eu", "eus", "fi", "fin", "fr", "fra", "fre", "frr", "fry", "fy",
    "ga", "gd", "ger", "gl", "gla", "gle", "glg", "glv", "gsw", "gu", "guj",
    "gv", "hi", "hin", "ice", "is", "isl", "it", "ita", "ja", "jpn", "kw",
    "lb", "ltz", "mal", "mar", "ml", "mr", "nb", "nl", "nld", "nn", "nno",
    "nob", "nor", "oc", "oci", "pl", "por", "pt", "rm", "roh", "sco", "spa",
    "stq", "sv", "swe", "ta", "tam", "wel", "zh", "zho",
};

/* What the checks of one run share: the book, and the image sizes read
 * so far. */
struct run {
    const struct mk_options *opts;
    struct mk_diag *dc;
    const struct mk_book *bk;
    const struct mk_pub *pub;
    const struct mk_registry *reg;
    int oom;
    struct size_seen {
        const struct mk_item *item;
        unsigned long w, h;
        int known;
    } *sizes;
    size_t n_sizes, cap_sizes;
    unsigned char *head;        /* MK_IMGSIZE_HEAD bytes of a file */
};

static const char *store_name(unsigned store)
{
    size_t i;

    for (i = 0; i < sizeof(store_names) / sizeof(*store_names); i++)
        if (store_names[i].store == store)
            return store_names[i].name;
    return "?";
}

/* Records in dc that rule r is broken at file:line:col; detail says how
 * (a printf format).  A warning, or an error when sev says so.  Returns
 * 0, or -1 when it was an error (or memory ran out). */
static int report(struct mk_diag *dc, const struct rule *r,
                  enum mk_severity sev, const char *file, long line,
                  long col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static int report(struct mk_diag *dc, const struct rule *r,
                  enum mk_severity sev, const char *file, long line,
                  long col, const char *fmt, ...)
{
    struct mk_buf detail = MK_BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    mk_buf_vaddf(&detail, fmt, ap);
    va_end(ap);
    if (mk_buf_failed(&detail)) {
        mk_buf_release(&detail);
        return mk_diag_oom(dc);
    }
    mk_diag_add(dc, sev, file, line, col, "%s: %s: %s; %s (source: %s)",
                store_name(r->store), mk_buf_str(&detail), r->effect,
                r->fix, r->source);
    mk_buf_release(&detail);
    return sev == MK_ERROR ? -1 : 0;
}

/* Records that memory ran out; the checks stop. */
static void oom(struct run *run)
{
    if (!run->oom)
        mk_diag_oom(run->dc);
    run->oom = 1;
}

static int compare_language(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

static void check_language(struct run *run, const struct rule *r)
{
    const struct mk_book *bk = run->bk;
    char primary[9];
    size_t n, i;

    if (!bk->n_languages)
        return;
    n = strcspn(bk->languages[0], "-");
    if (n >= sizeof(primary))
        n = sizeof(primary) - 1;
    for (i = 0; i < n; i++) {
        char c = bk->languages[0][i];

        primary[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    primary[n] = '\0';
    if (!bsearch(primary, kindle_languages,
                 sizeof(kindle_languages) / sizeof(*kindle_languages),
                 sizeof(*kindle_languages), compare_language))
        report(run->dc, r, MK_WARNING, bk->file, bk->language_line, 0,
               "the language '%s' is not one Kindle accepts",
               bk->languages[0]);
}

static void check_toc_depth(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    const struct mk_item *item;
    const char *deepest;
    int depth = mk_nav_toc_depth(pub, &item, &deepest);
    size_t i;

    if (depth < 0) {
        oom(run);
        return;
    }
    if ((unsigned long long)depth <= r->limit || !pub->n_chapters)
        return;
    /* once, at the chapter where it first goes that deep: the remedy is
     * one option */
    for (i = 0; i < pub->n_chapters && pub->chapters[i].item != item; i++)
        ;
    if (i == pub->n_chapters)
        i = 0;
    report(run->dc, r, MK_WARNING, run->bk->file,
           pub->chapters[i].entry->file.line, 0, "the table of contents "
           "goes %d levels deep in '%s' (first at '%s')", depth,
           pub->chapters[i].entry->file.href, deepest);
}

/* The size of the image it, read once per run; NULL when not known. */
static const struct size_seen *image_size(struct run *run,
                                          const struct mk_item *it)
{
    struct size_seen *s;
    size_t i, got = 0;
    FILE *f;

    for (i = 0; i < run->n_sizes; i++)
        if (run->sizes[i].item == it)
            return run->sizes[i].known ? &run->sizes[i] : NULL;
    if (mk_grow_array(&run->sizes, &run->cap_sizes, run->n_sizes,
                      sizeof(*run->sizes)) < 0
        || (!run->head && !(run->head = mk_malloc(MK_IMGSIZE_HEAD)))) {
        oom(run);
        return NULL;
    }
    s = &run->sizes[run->n_sizes++];
    s->item = it;
    s->known = 0;
    /* read already when registered: a file that cannot be read now was
     * reported then, or changes under us and says nothing here */
    f = fopen(it->path, "rb");
    if (f) {
        got = fread(run->head, 1, MK_IMGSIZE_HEAD, f);
        fclose(f);
        s->known = mk_imgsize_read(it->media->type, run->head, got, &s->w,
                                   &s->h) == 0;
    }
    return s->known ? s : NULL;
}

/* Images of the book read from files (not generated, not remote). */
static int is_image(const struct mk_item *it)
{
    return it->path && !it->remote && it->media
           && it->media->cls == MK_MEDIA_IMAGE;
}

static int is_svg(const struct mk_item *it)
{
    return strcmp(it->media->type, "image/svg+xml") == 0;
}

/* Where an item is reported: the cover at book.xml's <cover>, anything
 * else at its first reference. */
static void item_place(const struct run *run, const struct mk_item *it,
                       const char **file, long *line, long *col)
{
    if (it == run->pub->cover_image) {
        *file = run->bk->file;
        *line = run->bk->cover.line;
        *col = 0;
    } else {
        *file = it->ref_file;
        *line = it->ref_line;
        *col = it->ref_col;
    }
}

static void check_pixels(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    size_t i;

    for (i = 0; i < pub->n_items; i++) {
        const struct mk_item *it = pub->items[i];
        const struct size_seen *s;
        const char *file;
        long line, col;

        if (!is_image(it) || is_svg(it))
            continue;
        s = image_size(run, it);
        if (!s || (unsigned long long)s->w * s->h <= r->limit)
            continue;
        item_place(run, it, &file, &line, &col);
        report(run->dc, r, MK_WARNING, file, line, col, "'%s' is %lux%lu, "
               "%.1f million pixels", it->path, s->w, s->h,
               (double)s->w * (double)s->h / 1e6);
    }
}

static void check_gif_cover(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    const struct mk_item *it = pub->cover_image;

    if (it && it->media && strcmp(it->media->type, "image/gif") == 0)
        report(run->dc, r, MK_WARNING, run->bk->file, run->bk->cover.line, 0,
               "the cover '%s' is a GIF image", run->bk->cover.href);
}

static void check_font_woff2(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    size_t i;

    for (i = 0; i < pub->n_items; i++) {
        const struct mk_item *it = pub->items[i];

        if (it->path && it->media
            && strcmp(it->media->type, "font/woff2") == 0)
            report(run->dc, r, MK_WARNING, it->ref_file, it->ref_line,
                   it->ref_col, "the font '%s' is WOFF2", it->path);
    }
}

/* The size of a chapter's source file (what is packed is the same text
 * serialised again: a few bytes more or less). */
static void check_xhtml_size(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    size_t i;

    for (i = 0; i < pub->n_chapters; i++) {
        const struct mk_chapter_entry *e = pub->chapters[i].entry;
        struct stat st;

        if (e->file.path && stat(e->file.path, &st) == 0
            && (unsigned long long)st.st_size > r->limit)
            report(run->dc, r, MK_WARNING, run->bk->file, e->file.line, 0,
                   "the chapter '%s' is %.1f MB", e->file.href,
                   (double)st.st_size / 1e6);
    }
}

/* The chapter a noteref of chapter c (in folder dir) leads to, and the
 * fragment; NULL when it leads elsewhere (reported by xref.c if it is
 * wrong). */
static const struct mk_pub_chapter *note_target(struct run *run,
                                                const struct mk_pub_chapter
                                                *c, const char *dir,
                                                const struct mk_url *u)
{
    const struct mk_pub_chapter *to = NULL;
    char *target = NULL, *canonical = NULL;

    if (u->remote || u->status != MK_URL_OK || !u->fragment
        || !u->fragment[0])
        return NULL;
    if (!u->path[0])
        return c;
    if (mk_url_resolve(dir, u, &target, &canonical) < 0) {
        oom(run);
        return NULL;
    }
    if (!canonical)
        to = mk_registry_chapter(run->reg, target);
    free(canonical);
    free(target);
    return to;
}

static void check_noteref(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    size_t i, j;

    for (i = 0; i < pub->n_chapters && !run->oom; i++) {
        const struct mk_pub_chapter *c = &pub->chapters[i];
        char *dir;

        if (!c->info.n_noterefs)
            continue;
        dir = mk_path_dirname(c->item->path);
        if (!dir) {
            oom(run);
            return;
        }
        for (j = 0; j < c->info.n_noterefs && !run->oom; j++) {
            const struct mk_noteref *n = &c->info.noterefs[j];
            const struct mk_pub_chapter *to;
            struct mk_url u;

            if (mk_url_parse(n->href, &u) < 0) {
                oom(run);
                break;
            }
            to = note_target(run, c, dir, &u);
            if (to && mk_xhtml_has_id(&to->info, u.fragment)
                && !mk_xhtml_is_note(&to->info, u.fragment))
                report(run->dc, r, MK_WARNING, c->item->path, n->line, n->col,
                       "the noteref '%s' leads to an element that is not "
                       "a footnote or endnote", n->href);
            mk_url_release(&u);
        }
        free(dir);
    }
}

static void check_no_cover(struct run *run, const struct rule *r)
{
    if (!run->bk->cover.path)
        report(run->dc, r, MK_WARNING, run->bk->file, run->bk->book_line, 0,
               "the book has no cover");
}

static void check_cover_size(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    const struct mk_item *it = pub->cover_image;
    const struct size_seen *s;
    unsigned long lo, hi;

    /* an SVG cover scales to any size (CK_SVG_SIZE holds its limit) */
    if (!it || !is_image(it) || is_svg(it))
        return;
    s = image_size(run, it);
    if (!s)
        return;
    lo = s->w < s->h ? s->w : s->h;
    hi = s->w < s->h ? s->h : s->w;
    if (lo < 640 || hi > 7200)
        report(run->dc, r, MK_WARNING, run->bk->file, run->bk->cover.line, 0,
               "the cover '%s' is %lux%lu", run->bk->cover.href, s->w, s->h);
}

static void check_svg_size(struct run *run, const struct rule *r)
{
    const struct mk_pub *pub = run->pub;
    size_t i;

    for (i = 0; i < pub->n_items; i++) {
        const struct mk_item *it = pub->items[i];
        const struct size_seen *s;
        const char *file;
        long line, col;

        if (!is_image(it) || !is_svg(it))
            continue;
        s = image_size(run, it);
        if (!s || (s->w <= r->limit && s->h <= r->limit))
            continue;
        item_place(run, it, &file, &line, &col);
        report(run->dc, r, MK_WARNING, file, line, col, "the SVG image "
               "'%s' is %lux%lu", it->path, s->w, s->h);
    }
}

/* The checks, by enum check (CK_OUTPUT_SIZE is applied when written). */
static void (*const checks[])(struct run *, const struct rule *) = {
    check_language, check_toc_depth, check_pixels, check_gif_cover,
    check_font_woff2, check_xhtml_size, check_noteref, check_no_cover,
    check_cover_size, check_svg_size, NULL
};

void mk_target_check(const struct mk_options *opts, struct mk_diag *dc,
                     const struct mk_pub *pub,
                     const struct mk_registry *reg)
{
    struct run run;
    size_t i;

    memset(&run, 0, sizeof(run));
    run.opts = opts;
    run.dc = dc;
    run.bk = pub->book;
    run.pub = pub;
    run.reg = reg;
    for (i = 0; i < sizeof(rules) / sizeof(*rules) && !run.oom; i++)
        if ((opts->targets & rules[i].store) && checks[rules[i].check])
            checks[rules[i].check](&run, &rules[i]);
    free(run.sizes);
    free(run.head);
}

int mk_target_check_size(const struct mk_options *opts, struct mk_diag *dc,
                         const char *display, unsigned long long size)
{
    enum mk_severity sev = opts->strict ? MK_ERROR : MK_WARNING;
    int rc = 0;
    size_t i;

    for (i = 0; i < sizeof(rules) / sizeof(*rules); i++)
        if ((opts->targets & rules[i].store)
            && rules[i].check == CK_OUTPUT_SIZE && size > rules[i].limit
            && report(dc, &rules[i], sev, display, 0, 0, "the EPUB is %.1f "
                      "MB", (double)size / 1e6) < 0)
            rc = -1;
    return rc;
}

/* --target's names, and the stores each one stands for. */
static const struct {
    const char *name;
    unsigned stores;
} target_names[] = {
    { "all", MK_TARGET_ALL }, { "apple", MK_TARGET_APPLE },
    { "google", MK_TARGET_GOOGLE }, { "kindle", MK_TARGET_KINDLE },
    { "kobo", MK_TARGET_KOBO },
};

int mk_targets_parse(const char *list, unsigned *targets)
{
    const char *p = list;
    unsigned found = 0;

    for (;;) {
        size_t n = strcspn(p, ","), i;

        for (i = 0; i < sizeof(target_names) / sizeof(*target_names); i++)
            if (strlen(target_names[i].name) == n
                && strncmp(target_names[i].name, p, n) == 0)
                break;
        if (i == sizeof(target_names) / sizeof(*target_names))
            return -1;
        found |= target_names[i].stores;
        if (!p[n])
            break;
        p += n + 1;
    }
    *targets |= found;
    return 0;
}
