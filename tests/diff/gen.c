/* gen.c: random, well-formed XHTML chapters for the differential test
 * against EPUBCheck (tests/diff/run.sh, `make check-differential`).
 *
 *   gen SEED COUNT OUTDIR   write OUTDIR/c0001.xhtml ... cCOUNT.xhtml
 *   gen version             print GEN_VERSION
 *
 * Each chapter is a complete XHTML document (XML declaration,
 * <!DOCTYPE html>, html with the XHTML and epub namespaces, lang equal to
 * xml:lang, a head with a title, a body starting with an h1), so that it
 * is a valid EPUB content document exactly when its content is.  The body
 * is drawn from the whole HTML element and attribute set: current,
 * obsolete and unknown elements, valid and invalid nestings (mostly the
 * mistakes real authors make: p in p, div in span, a in a, li outside a
 * list, table parts out of order, hgroup with p, figcaption in the middle,
 * headings in address, main in article, interactive content in button...),
 * global and element-specific attributes with valid and invalid values
 * (ids, lang, dir, ARIA roles and aria-*, DPUB-ARIA roles, data-*,
 * custom and reserved namespaces, epub:type, ITS, numbers, enumerations),
 * SVG and MathML islands, and head variations.
 *
 * About half the chapters are generated without deliberate mistakes; the
 * others get one to three.  Whether a chapter is valid is for EPUBCheck to
 * say, never this program: the labels here only shape the distribution.
 *
 * Nothing is generated that is not a content-model or attribute matter:
 * the only file referenced is img.png (next to the chapters), the only
 * links are to ids of the same chapter, and there are no scripts, forms,
 * event handlers, remote URLs, style sheets or page breaks.
 *
 * Output depends only on the arguments (splitmix64 seeded by SEED and the
 * chapter number; no clock, no locale).  Plain C11 plus POSIX mkdir(2).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define GEN_VERSION "3"
#define MAX_DEPTH 7
#define MAX_ELEMENTS 90
#define MAX_IDS 64

/* ---- PRNG: splitmix64 ---------------------------------------------------- */

struct rng {
    uint64_t s;
};

static uint64_t next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* ---- the generator's state (one chapter) ----------------------------------- */

/* Ancestor context bits: what the enclosing elements forbid. */
enum {
    A_PHRASING = 1 << 0,    /* only phrasing content */
    A_INTERACTIVE = 1 << 1, /* inside a, button, label, ... */
    A_ADDRESS = 1 << 2,     /* no headings, sectioning, header/footer */
    A_HEADFOOT = 1 << 3,    /* inside header or footer */
    A_SECTIONING = 1 << 4,  /* inside article/aside/nav/section */
    A_DFN = 1 << 5,
    A_LABEL = 1 << 6,
    A_NOMEDIA = 1 << 7      /* inside audio/video */
};

struct gen {
    struct rng r;
    FILE *f;
    int chapter;
    int budget;             /* deliberate mistakes still to make */
    int elements;           /* elements written so far */
    int nid;                /* counter for fresh ids */
    int nids;
    char ids[MAX_IDS][32];  /* valid ids written so far */
    char spare[32];         /* a fresh id once ids[] is full */
    int nmaps;
    char maps[8][16];       /* map names written so far */
    int main_done;
    unsigned ctx;           /* context of the item being written */
    int nattrs;
    const char *attrs[32];  /* attribute names of the open start tag */
};

static unsigned rnd(struct gen *g, unsigned n)
{
    return n ? (unsigned)(next(&g->r) % n) : 0;
}

/* true with probability num/den */
static int chance(struct gen *g, unsigned num, unsigned den)
{
    return rnd(g, den) < num;
}

/* A deliberate mistake, when the chapter still has some to make. */
static int oops(struct gen *g)
{
    if (g->budget > 0 && chance(g, 1, 7)) {
        g->budget--;
        return 1;
    }
    return 0;
}

static void out(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g->f, fmt, ap);
    va_end(ap);
}

/* a tabindex in interactive content: only as a mistake */
static int bad_ok(struct gen *g)
{
    return oops(g);
}

/* ` NAME="VALUE"` on the open start tag, unless NAME is already there
 * (a repeated attribute would not be well-formed) */
static void attr(struct gen *g, const char *name, const char *fmt, ...)
{
    va_list ap;
    int i;
    for (i = 0; i < g->nattrs; i++)
        if (strcmp(g->attrs[i], name) == 0)
            return;
    if (g->nattrs < 32)
        g->attrs[g->nattrs++] = name;
    out(g, " %s=\"", name);
    va_start(ap, fmt);
    vfprintf(g->f, fmt, ap);
    va_end(ap);
    out(g, "\"");
}

/* pick one of the '|'-separated alternatives of LIST into BUF */
static const char *pick(struct gen *g, const char *list, char *buf,
                        size_t size)
{
    unsigned n = 1, k;
    const char *p, *e;
    size_t len;
    for (p = list; *p; p++)
        if (*p == '|')
            n++;
    k = rnd(g, n);
    p = list;
    while (k-- > 0)
        p = strchr(p, '|') + 1;
    e = strchr(p, '|');
    len = e ? (size_t)(e - p) : strlen(p);
    if (len >= size)
        len = size - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

static const char *const WORDS[] = {
    "the", "river", "ran", "quietly", "under", "a", "grey", "sky", "and",
    "Zhanara", "walked", "home", "through", "old", "streets", "of", "town",
    "with", "letters", "in", "her", "coat", "while", "bells", "rang",
    "caf\xc3\xa9", "na\xc3\xafve", "r\xc3\xa9sum\xc3\xa9", "&amp;", "1919",
    "&lt;note&gt;", "\xe2\x80\x94", "quoted", "\xe2\x80\x9cso\xe2\x80\x9d"
};

static void words(struct gen *g, unsigned lo, unsigned hi)
{
    unsigned n = lo + rnd(g, hi - lo + 1), i;
    for (i = 0; i < n; i++)
        out(g, "%s%s", i ? " " : "",
            WORDS[rnd(g, sizeof WORDS / sizeof WORDS[0])]);
    out(g, " ");
}

/* a fresh valid id, remembered for later references */
static const char *fresh_id(struct gen *g)
{
    static const char *const stems[] = { "sec", "note", "fig", "t", "x" };
    char *id;
    if (g->nids >= MAX_IDS) {      /* not remembered, still unique */
        id = g->spare;
    } else {
        id = g->ids[g->nids++];
    }
    snprintf(id, sizeof g->ids[0], "%s-%d-%d",
             stems[rnd(g, 5)], g->chapter, ++g->nid);
    return id;
}

/* an id written earlier in this chapter (there is always the h1's) */
static const char *old_id(struct gen *g)
{
    return g->ids[rnd(g, (unsigned)g->nids)];
}

/* ---- attributes ------------------------------------------------------------ */

/* Element-specific attributes: good and bad values ('|'-separated; an
 * empty alternative is the empty string).  "@ID" stands for an id of the
 * chapter, "@IDS" for two, "@MAP" for "#" and a map name. */
struct attr_rule {
    const char *el;
    const char *name;
    const char *good;
    const char *bad;
};

static const struct attr_rule ATTRS[] = {
    { "a", "href", "#@ID", "#@ID" },
    { "a", "hreflang", "en|fr-CA|de", "en_US|english" },
    { "a", "rel", "nofollow|noopener|help|bookmark", "foo|shortcut" },
    { "a", "type", "text/html|application/xhtml+xml", "html" },
    { "a", "name", "x", "x" },
    { "a", "download", "", "" },
    { "a", "target", "_blank|_self", "" },
    { "abbr", "title", "Full Name", "" },
    { "area", "shape", "rect|circle|default", "square" },
    { "audio", "controls", "controls|", "yes" },
    { "audio", "preload", "none|metadata", "all" },
    { "bdo", "dir", "ltr|rtl", "auto|up" },
    { "blockquote", "cite", "#@ID", "" },
    { "br", "clear", "all", "all" },
    { "button", "type", "button|reset", "push" },
    { "button", "disabled", "disabled|", "no" },
    { "canvas", "width", "100|0", "100px|-1" },
    { "canvas", "height", "50", "1.5" },
    { "col", "span", "1|2", "0|x" },
    { "colgroup", "span", "", "2|0|-2" },
    { "data", "value", "42|x-1", "42" },
    { "del", "datetime", "2020-12-03|2020-12-03T10:00Z", "yesterday" },
    { "details", "open", "open|", "yes" },
    { "div", "align", "center", "center" },
    { "h2", "align", "left", "left" },
    { "hr", "noshade", "noshade", "noshade" },
    { "hr", "size", "2", "2" },
    { "img", "width", "10|100|0", "10px|50%|-1" },
    { "img", "height", "10|20", "auto|1e3" },
    { "img", "loading", "lazy|eager", "soon" },
    { "img", "decoding", "async|sync|auto", "fast" },
    { "img", "align", "", "left|middle" },
    { "img", "border", "", "0|1" },
    { "img", "usemap", "@MAP", "nomap" },
    { "img", "crossorigin", "anonymous|", "yes" },
    { "input", "type", "text|checkbox|number|range|date|hidden|radio|email|"
      "image|file|submit", "foo|int" },
    { "input", "value", "1|x", "" },
    { "input", "size", "3", "0|x" },
    { "input", "readonly", "readonly|", "true" },
    /* attributes only some input types take (EPUBCheck judges) */
    { "input", "checked", "checked|", "yes" },
    { "input", "placeholder", "Your name", "" },
    { "input", "min", "1|2020-01-01", "" },
    { "input", "step", "1|any", "0" },
    { "input", "alt", "Go", "" },
    { "input", "multiple", "multiple", "" },
    { "input", "accept", "image/png", "" },
    { "input", "name", "n", "" },
    { "input", "height", "", "10" },
    { "button", "name", "b", "" },
    { "select", "name", "s", "" },
    { "output", "name", "o", "" },
    { "ins", "datetime", "2021-01-01", "2020-13-45" },
    { "label", "for", "", "@ID|nowhere" },
    { "li", "value", "", "3|x|1.5" },
    { "meter", "min", "0", "low" },
    { "meter", "max", "1|10", "x" },
    { "ol", "start", "1|5|-3", "x|1.5" },
    { "ol", "type", "1|a|A|i|I", "b|disc" },
    { "ol", "reversed", "reversed|", "yes" },
    { "output", "for", "", "@ID|@IDS|nowhere" },
    { "p", "align", "justify", "justify" },
    { "pre", "width", "80", "80" },
    { "progress", "max", "1|100", "0|x" },
    { "q", "cite", "#@ID", "" },
    { "select", "multiple", "multiple|", "yes" },
    { "select", "size", "3", "0|x" },
    { "table", "border", "1|", "2|yes" },
    { "table", "summary", "A table", "A table" },
    { "table", "cellpadding", "2", "2" },
    { "table", "width", "100%", "100%" },
    { "td", "colspan", "1|2", "0|x|-1" },
    { "td", "rowspan", "1|2|0", "-1|y" },
    { "td", "headers", "", "@ID|nowhere" },
    { "td", "valign", "top", "top" },
    { "td", "bgcolor", "red", "red" },
    { "td", "nowrap", "nowrap", "nowrap" },
    { "textarea", "rows", "3", "0|x" },
    { "textarea", "cols", "20", "-1" },
    { "th", "scope", "row|col|rowgroup|colgroup", "all|column" },
    { "th", "abbr", "", "T" },
    { "th", "colspan", "2", "0" },
    { "time", "datetime",
      "2020-12-03|2020-12-03T10:00:00Z|10:00|2020|2020-W49|P3D",
      "yesterday|2020-13-45|12/03/2020" },
    { "ul", "type", "disc", "disc" },
    { "ul", "compact", "compact", "compact" },
    { "video", "controls", "controls|", "1" },
    { "video", "width", "320", "320px" },
    { "video", "muted", "muted|", "false" },
};

/* Element-specific rules for element NAME: each applies with some
 * probability; a value is bad only as a deliberate mistake. */
static void element_attrs(struct gen *g, const char *name)
{
    size_t i;
    char buf[96];
    for (i = 0; i < sizeof ATTRS / sizeof ATTRS[0]; i++) {
        const struct attr_rule *a = &ATTRS[i];
        const char *v;
        int bad;
        if (strcmp(a->el, name) != 0)
            continue;
        /* obsolete attributes (same good and bad value) only as a
         * mistake */
        if (*a->good == '\0' ||
            (strcmp(a->good, a->bad) == 0 && strcmp(a->good, "#@ID") != 0)) {
            if (!chance(g, 1, 3) || !oops(g))
                continue;
            bad = 1;
        } else {
            if (!chance(g, 1, 3))
                continue;
            bad = oops(g);
        }
        v = pick(g, bad ? a->bad : a->good, buf, sizeof buf);
        if (strcmp(v, "#@ID") == 0)
            attr(g, a->name, "#%s", old_id(g));
        else if (strcmp(v, "@ID") == 0)
            attr(g, a->name, "%s", old_id(g));
        else if (strcmp(v, "@IDS") == 0)
            attr(g, a->name, "%s %s", old_id(g), old_id(g));
        else if (strcmp(v, "@MAP") == 0) {
            if (g->nmaps == 0)
                continue;
            attr(g, a->name, "#%s", g->maps[rnd(g, (unsigned)g->nmaps)]);
        } else
            attr(g, a->name, "%s", v);
    }
}

/* Roles: which elements a role is plausible on ("*" any), and roles that
 * are only mistakes (deprecated, unknown, or DPUB roles on wrong hosts). */
struct role_rule {
    const char *role;
    const char *on;
};

static const struct role_rule ROLES[] = {
    { "doc-chapter", "section" },
    { "doc-noteref", "a" },
    { "doc-footnote", "aside" },
    { "doc-endnotes", "section" },
    { "doc-epigraph", "blockquote div" },
    { "doc-pullquote", "aside" },
    { "doc-subtitle", "p" },
    { "doc-abstract", "section" },
    { "doc-backlink", "a" },
    { "doc-glossref", "a" },
    { "doc-biblioref", "a" },
    { "doc-dedication", "section" },
    { "doc-tip", "aside" },
    { "doc-example", "aside section" },
    { "doc-pagebreak", "hr" },
    { "note", "div aside p" },
    { "navigation", "div" },
    { "presentation", "span div" },
    { "none", "span div" },
    { "img", "div span" },
    { "list", "div" },
    { "listitem", "div" },
    { "button", "span" },
    { "heading", "div" },
    { "region", "section div" },
    { "complementary", "aside" },
    { "contentinfo", "footer" },
    { "banner", "header" },
    { "group", "div" },
    { "math", "div" },
    { "separator", "hr" },
};

static const char *const BAD_ROLES[] = {
    "doc-endnote", "doc-biblioentry", "foo", "Doc-chapter", "heading1",
    "directory", "doc-chapter doc-part", "", "doc-noteref", "doc-footnote",
    "doc-chapter", "doc-cover", "main", "banner", "doc-pagebreak"
};

static int word_in(const char *w, const char *list)
{
    size_t n = strlen(w);
    const char *p = list;
    if (strcmp(list, "*") == 0)
        return 1;
    while ((p = strstr(p, w)) != NULL) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

static void role_attr(struct gen *g, const char *name)
{
    size_t i, n = 0, k;
    if (oops(g)) {
        attr(g, "role", "%s",
            BAD_ROLES[rnd(g, sizeof BAD_ROLES / sizeof BAD_ROLES[0])]);
        return;
    }
    for (i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (word_in(name, ROLES[i].on))
            n++;
    if (n == 0)
        return;
    k = rnd(g, (unsigned)n);
    for (i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
        if (word_in(name, ROLES[i].on) && k-- == 0) {
            attr(g, "role", "%s", ROLES[i].role);
            return;
        }
}

/* Global attributes: name, good values, bad values.  "lang" stands for a
 * lang/xml:lang pair, "id" for a fresh id; names in a namespace use the
 * prefixes declared on <html>. */
struct global_rule {
    const char *name;
    const char *good;
    const char *bad;
};

static const struct global_rule GLOBALS[] = {
    { "id", "", "a b| |1st|x" },
    { "class", "note|intro|a b|x-1", "" },
    { "title", "A hint|", "" },
    { "lang", "fr|de-CH|zh-Hant|en-GB|", "en_US|english|12|fr-" },
    { "dir", "ltr|rtl|auto", "up|left|LTR" },
    { "hidden", "hidden|", "yes|false" },
    { "tabindex", "0|-1|3", "1.5|x|" },
    { "translate", "yes|no", "maybe|true" },
    { "spellcheck", "true|false|", "yes" },
    { "contenteditable", "true|false|", "yes" },
    { "draggable", "true|false", "yes|" },
    { "accesskey", "k|a b", "" },
    { "style", "color: red|margin: 0 1em", "" },
    { "aria-hidden", "true|false", "maybe|yes" },
    { "aria-label", "A label|Note", "" },
    { "aria-describedby", "@ID", "nowhere|" },
    { "aria-labelledby", "@ID|@IDS", "nowhere" },
    { "aria-live", "polite|off", "loud" },
    { "aria-level", "", "2|two|0" },
    { "aria-describedat", "", "#x" },
    { "aria-foo", "", "true" },
    { "aria-role", "", "note" },
    { "data-x", "1|", "" },
    { "data-foo-bar", "yes", "" },
    { "data-", "", "1" },
    { "data-Foo", "", "1" },
    { "data-xmlns", "", "1" },
    { "my:note", "x|", "" },                      /* custom namespace */
    { "my:level", "2", "" },
    { "epub:type", "chapter|footnote|noteref|glossary|bridgehead|"
      "rearnote|biblioentry|epigraph|dedication|"
      "chapter footnote",
      "foo|Chapter|notes:thing|my:thing|z3998:poem|toc|pagebreak2|page-list2" },
    { "epub:foo", "", "x" },                      /* unknown, epub ns */
    { "its:translate", "", "yes|maybe" },
    { "its:locNote", "", "Keep it" },
    { "its-loc-note", "", "Keep it" },
    { "its-loc-note-type", "", "description|info" },
    { "its-term", "", "yes|true" },
    { "its-dir", "", "rlo" },
    { "xml:space", "preserve|default", "keep" },
    { "xml:foo", "", "x" },
    { "xlink:href", "", "#x" },                   /* reserved namespaces */
    { "h:class", "", "x" },
    { "svgns:fill", "", "red" },
    { "mathns:display", "", "block" },
    { "xmlns:my", "", "" },                       /* placeholder, unused */
    { "align", "", "center" },                    /* obsolete everywhere */
    { "bgcolor", "", "red" },
    { "onclick", "", "" },                        /* never: scripted */
    { "inert", "", "inert|yes" },
    { "autofocus", "autofocus|", "yes" },
    { "enterkeyhint", "", "done|ok" },
    { "inputmode", "", "numeric|digits" },
    { "itemscope", "itemscope|", "yes" },
    { "itemprop", "name", "" },
    { "popover", "", "auto|manual|yes" },
    { "slot", "x", "" },
    { "is", "my-el", "" },
};

static void global_attrs(struct gen *g, const char *name, int want_id)
{
    int n = (int)rnd(g, 4) - 1;
    int wrote_id = 0;
    char buf[96];
    if (strcmp(name, "map") != 0 && (want_id || chance(g, 1, 4))) {
        attr(g, "id", "%s", fresh_id(g));
        wrote_id = 1;
    }
    if (chance(g, 1, 5))
        role_attr(g, name);
    while (n-- > 0) {
        const struct global_rule *a =
            &GLOBALS[rnd(g, sizeof GLOBALS / sizeof GLOBALS[0])];
        int bad;
        const char *v;
        if ((strcmp(a->name, "tabindex") == 0 && (g->ctx & A_INTERACTIVE)
             && !bad_ok(g)) || strcmp(a->name, "onclick") == 0 ||
            strcmp(a->name, "xmlns:my") == 0)
            continue;
        if (*a->good == '\0' && strcmp(a->name, "data-x") != 0 &&
            strcmp(a->name, "id") != 0) {
            /* only ever bad: a mistake */
            if (!oops(g))
                continue;
            bad = 1;
        } else {
            bad = *a->bad != '\0' || strcmp(a->name, "id") == 0
                ? oops(g) : 0;
        }
        if (strcmp(a->name, "id") == 0) {
            if (!bad || wrote_id)
                continue;
            if (chance(g, 1, 3) && g->nids > 0)     /* duplicate id */
                attr(g, "id", "%s", old_id(g));
            else
                attr(g, "id", "%s", pick(g, a->bad, buf, sizeof buf));
            wrote_id = 1;
            continue;
        }
        v = pick(g, bad ? a->bad : a->good, buf, sizeof buf);
        if (strcmp(a->name, "lang") == 0) {
            if (bad && chance(g, 1, 3)) {      /* lang and xml:lang differ */
                attr(g, "lang", "fr");
                attr(g, "xml:lang", "de");
            } else if (bad && chance(g, 1, 2)) {
                attr(g, "lang", "%s", v);
            } else {
                attr(g, "lang", "%s", v);
                attr(g, "xml:lang", "%s", v);
            }
        } else if (strcmp(v, "@ID") == 0)
            attr(g, a->name, "%s", old_id(g));
        else if (strcmp(v, "@IDS") == 0)
            attr(g, a->name, "%s %s", old_id(g), old_id(g));
        else
            attr(g, a->name, "%s", v);
    }
}

/* "<name" with global and specific attributes; the caller closes it */
static void open_tag(struct gen *g, const char *name, int want_id)
{
    g->elements++;
    g->nattrs = 0;
    out(g, "<%s", name);
    global_attrs(g, name, want_id);
    element_attrs(g, name);
}

/* ---- content ------------------------------------------------------------- */

static void flow(struct gen *g, int depth, unsigned ctx, unsigned n);
static void phrasing(struct gen *g, int depth, unsigned ctx, unsigned n);

static int full(const struct gen *g, int depth)
{
    return depth >= MAX_DEPTH || g->elements >= MAX_ELEMENTS;
}

/* <name ...>phrasing</name> */
static void simple_phrasing_el(struct gen *g, const char *name, int depth,
                               unsigned ctx)
{
    open_tag(g, name, 0);
    out(g, ">");
    phrasing(g, depth + 1, ctx | A_PHRASING, 1 + rnd(g, 3));
    out(g, "</%s>", name);
}

static void simple_flow_el(struct gen *g, const char *name, int depth,
                           unsigned ctx)
{
    open_tag(g, name, 0);
    out(g, ">\n");
    flow(g, depth + 1, ctx, 1 + rnd(g, 3));
    out(g, "</%s>\n", name);
}

static void void_el(struct gen *g, const char *name)
{
    open_tag(g, name, 0);
    if (chance(g, 1, 30) && oops(g))      /* a void element with content */
        out(g, ">x</%s>", name);
    else
        out(g, "/>");
}

static void img(struct gen *g)
{
    open_tag(g, "img", 0);
    if (oops(g)) {
        if (chance(g, 1, 2))
            attr(g, "alt", "A picture");       /* no src */
        else
            attr(g, "src", "img.png");          /* no alt */
    } else {
        attr(g, "src", "img.png");
        attr(g, "alt", "%s", chance(g, 1, 3) ? "" : "Dot");
    }
    out(g, "/>");
}

static void svg_island(struct gen *g, int depth, unsigned ctx)
{
    int bad = oops(g);
    unsigned kind = rnd(g, 8);
    g->elements++;
    out(g, "<svg xmlns=\"http://www.w3.org/2000/svg\"%s width=\"40\" "
        "height=\"20\" viewBox=\"0 0 40 20\"",
        kind == 5 ? " xmlns:xlink=\"http://www.w3.org/1999/xlink\"" : "");
    if (chance(g, 1, 3))
        out(g, " role=\"img\" aria-label=\"A box\"");
    out(g, ">");
    if (chance(g, 1, 2))
        out(g, "<title>A box</title>");
    if (!bad) {
        switch (kind) {
        case 0:
            out(g, "<rect x=\"1\" y=\"1\" width=\"10\" height=\"10\" "
                "fill=\"red\"/>");
            break;
        case 1:
            out(g, "<g><circle cx=\"5\" cy=\"5\" r=\"4\"/>"
                "<text x=\"12\" y=\"12\">Hi</text></g>");
            break;
        case 2:
            out(g, "<foreignObject width=\"40\" height=\"20\">"
                "<p xmlns=\"http://www.w3.org/1999/xhtml\">");
            words(g, 1, 3);
            out(g, "</p></foreignObject>");
            break;
        case 3:
            out(g, "<a href=\"#%s\"><title>Go</title>"
                "<rect width=\"4\" height=\"4\"/></a>",
                old_id(g));
            break;
        case 4:
            /* an id links must not point to (RSC-014) */
            out(g, "<defs><linearGradient id=\"grad-%d-%d\"><stop "
                "offset=\"0\"/></linearGradient></defs><path "
                "d=\"M0 0 L10 10\"/>", g->chapter, ++g->nid);
            break;
        case 5:
            out(g, "<image xlink:href=\"img.png\" width=\"1\" height=\"1\"/>");
            break;
        case 6:
            out(g, "<desc>A drawing</desc><polyline points=\"0,0 5,5\"/>");
            break;
        default:
            out(g, "<switch><rect width=\"2\" height=\"2\"/></switch>");
            break;
        }
    } else {
        switch (kind) {
        case 0:
            out(g, "<rect x=\"1\" width=\"ten\" foo=\"bar\"/>");
            break;
        case 1:
            out(g, "<p xmlns=\"http://www.w3.org/1999/xhtml\">HTML in SVG</p>");
            break;
        case 2:
            out(g, "<foreignObject><svg><rect/></svg>"
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><h9>x</h9></div>"
                "</foreignObject>");
            break;
        case 3:
            out(g, "<blob/>");
            break;
        case 4:
            out(g, "<title>One</title><title>Two</title>");
            break;
        case 5:
            out(g, "<a xlink:href=\"#nowhere\"><text>x</text></a>");
            break;
        case 6:
            out(g, "<text><circle r=\"1\"/></text>");
            break;
        default:
            out(g, "<rect id=\"1bad id\" width=\"2\" height=\"2\"/>");
            break;
        }
    }
    out(g, "</svg>");
    (void)depth;
    (void)ctx;
}

static void math_island(struct gen *g, int depth, unsigned ctx)
{
    int bad = oops(g);
    unsigned kind = rnd(g, 7);
    g->elements++;
    out(g, "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"");
    if (chance(g, 1, 2))
        out(g, " alttext=\"x equals 2\"");
    if (chance(g, 1, 4))
        out(g, " display=\"%s\"", bad && kind == 6 ? "center" :
            chance(g, 1, 2) ? "block" : "inline");
    out(g, ">");
    if (!bad) {
        switch (kind) {
        case 0:
            out(g, "<mi>x</mi><mo>=</mo><mn>2</mn>");
            break;
        case 1:
            out(g, "<mfrac><mn>1</mn><mi>n</mi></mfrac>");
            break;
        case 2:
            out(g, "<mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo>"
                "<msqrt><mi>b</mi></msqrt></mrow>");
            break;
        case 3:
            out(g, "<semantics><mi>x</mi><annotation encoding=\"TeX\">x"
                "</annotation></semantics>");
            break;
        case 4:
            out(g, "<semantics><mi>y</mi><annotation-xml "
                "encoding=\"application/xhtml+xml\"><span "
                "xmlns=\"http://www.w3.org/1999/xhtml\">y</span>"
                "</annotation-xml></semantics>");
            break;
        case 5:
            out(g, "<mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable>");
            break;
        default:
            out(g, "<mtext>text</mtext><mspace width=\"1em\"/>");
            break;
        }
    } else {
        switch (kind) {
        case 0:
            out(g, "<mfrac><mn>1</mn></mfrac>");
            break;
        case 1:
            out(g, "<mfoo>x</mfoo>");
            break;
        case 2:
            out(g, "<p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>");
            break;
        case 3:
            out(g, "<mi mathvariant=\"comic\">x</mi>");
            break;
        case 4:
            out(g, "<semantics><annotation-xml encoding=\"text/html\">"
                "<mi>x</mi></annotation-xml></semantics>");
            break;
        case 5:
            out(g, "<mtr><mtd><mn>1</mn></mtd></mtr>");
            break;
        default:
            out(g, "<mn>1</mn>");
            break;
        }
    }
    out(g, "</math>");
    (void)depth;
    (void)ctx;
}

static void ruby(struct gen *g, int depth, unsigned ctx)
{
    open_tag(g, "ruby", 0);
    out(g, ">");
    if (oops(g)) {
        switch (rnd(g, 4)) {
        case 0:
            out(g, "<rt>kan</rt>\xe6\xbc\xa2");            /* rt first */
            break;
        case 1:
            out(g, "<rb>\xe6\xbc\xa2</rb><rtc><rt>kan</rt></rtc>");
            break;
        case 2:
            out(g, "\xe6\xbc\xa2<rp>(</rp><div>kan</div><rp>)</rp>");
            break;
        default:
            out(g, "\xe6\xbc\xa2<rp>(</rp><rp>)</rp>");
            break;
        }
    } else if (chance(g, 1, 2)) {
        out(g, "\xe6\xbc\xa2<rp>(</rp><rt>kan</rt><rp>)</rp>");
    } else {
        out(g, "\xe5\xad\x97<rt>ji</rt>");
    }
    out(g, "</ruby>");
    (void)depth;
    (void)ctx;
}

static void select_el(struct gen *g, int depth, unsigned ctx)
{
    open_tag(g, "select", 0);
    out(g, ">");
    if (oops(g)) {
        switch (rnd(g, 3)) {
        case 0:
            out(g, "<div>x</div>");
            break;
        case 1:
            out(g, "<optgroup label=\"g\"><optgroup label=\"h\"><option>a"
                "</option></optgroup></optgroup>");
            break;
        default:
            out(g, "<option><b>bold</b></option>");
            break;
        }
    } else {
        out(g, "<option>one</option>");
        if (chance(g, 1, 2))
            out(g, "<optgroup label=\"More\"><option value=\"2\">two"
                "</option></optgroup>");
    }
    out(g, "</select>");
    (void)depth;
    (void)ctx;
}

/* phrasing elements, for the plausible choices */
static const char *const PHRASING_SIMPLE[] = {
    "span", "em", "strong", "b", "i", "u", "s", "small", "mark", "cite",
    "code", "kbd", "samp", "var", "sub", "sup", "q", "bdi", "abbr", "time",
    "data", "bdo", "ins", "del", "dfn", "span", "em", "i"
};

/* obsolete, unknown and foreign elements: only as mistakes */
static const char *const STRANGE[] = {
    "center", "font", "big", "tt", "strike", "acronym", "marquee", "blink",
    "applet", "basefont", "nobr", "spacer", "listing", "xmp", "plaintext",
    "isindex", "menuitem", "keygen", "frame", "noframes", "dir", "rb", "rtc",
    "chapter", "foo", "x-widget", "note", "search", "dialog", "template",
    "slot", "hgroup", "noscript", "content", "shadow", "element", "image",
    "xi:include", "my:widget", "epub:foo", "svg", "math", "title", "meta",
    "link", "style", "base", "head", "body", "html", "legend", "option",
    "caption", "tr", "td", "thead", "figcaption", "summary", "dt", "dd",
    "li", "rt", "rp", "source", "track", "param", "area", "col", "main",
    "h7", "h0", "section", "address", "p"
};

static void strange(struct gen *g, int depth, unsigned ctx)
{
    const char *name = STRANGE[rnd(g, sizeof STRANGE / sizeof STRANGE[0])];
    if (strcmp(name, "xi:include") == 0) {
        g->elements++;
        out(g, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
            "href=\"#%s\"/>", old_id(g));
        return;
    }
    if (strcmp(name, "svg") == 0 || strcmp(name, "math") == 0) {
        /* the element without its namespace: an unknown HTML element */
        out(g, "<%s><rect/></%s>", name, name);
        g->elements++;
        return;
    }
    open_tag(g, name, 0);
    out(g, ">");
    if (strcmp(name, "plaintext") != 0 && !full(g, depth) && chance(g, 1, 2))
        phrasing(g, depth + 1, ctx | A_PHRASING, 1);
    else
        words(g, 1, 3);
    out(g, "</%s>", name);
}

/* one phrasing item, plausible for CTX (mistakes aside) */
static void phrasing_item(struct gen *g, int depth, unsigned ctx)
{
    unsigned k;
    if (full(g, depth) || chance(g, 2, 5)) {
        words(g, 1, 6);
        return;
    }
    if (oops(g)) {
        switch (rnd(g, 6)) {
        case 0: case 1: {          /* a block in phrasing content */
            static const char *const blocks[] = {
                "div", "p", "ul", "blockquote", "h2", "section", "table",
                "pre", "hr", "address", "figure", "dl", "header", "aside"
            };
            const char *b = blocks[rnd(g, sizeof blocks / sizeof blocks[0])];
            if (strcmp(b, "hr") == 0) {
                void_el(g, "hr");
            } else if (strcmp(b, "ul") == 0) {
                out(g, "<ul><li>");
                words(g, 1, 3);
                out(g, "</li></ul>");
            } else if (strcmp(b, "table") == 0) {
                out(g, "<table><tr><td>x</td></tr></table>");
            } else if (strcmp(b, "dl") == 0) {
                out(g, "<dl><dt>t</dt><dd>d</dd></dl>");
            } else {
                simple_phrasing_el(g, b, depth, ctx);
            }
            return;
        }
        case 2:                    /* interactive in interactive */
            if (ctx & A_INTERACTIVE) {
                static const char *const inter[] = {
                    "<a href=\"#%s\">in</a>", "<button type=\"button\">b"
                    "</button>", "<input type=\"text\"/>",
                    "<label>l</label>", "<select><option>o</option>"
                    "</select>", "<textarea>t</textarea>",
                    "<details><summary>s</summary></details>",
                    "<audio controls=\"controls\"></audio>",
                    "<iframe></iframe>", "<a href=\"#%s\">again</a>"
                };
                const char *s = inter[rnd(g, sizeof inter / sizeof inter[0])];
                g->elements++;
                if (strstr(s, "%s"))
                    out(g, s, old_id(g));
                else
                    out(g, "%s", s);
                return;
            }
            strange(g, depth, ctx);
            return;
        default:
            strange(g, depth, ctx);
            return;
        }
    }
    k = rnd(g, 20);
    if (k < 10) {
        const char *name =
            PHRASING_SIMPLE[rnd(g, sizeof PHRASING_SIMPLE /
                                   sizeof PHRASING_SIMPLE[0])];
        if ((ctx & A_DFN) && strcmp(name, "dfn") == 0)
            name = "em";
        if (strcmp(name, "bdo") == 0) {
            g->elements++;
            out(g, "<bdo dir=\"rtl\">");
            words(g, 1, 3);
            out(g, "</bdo>");
            return;
        }
        if (strcmp(name, "data") == 0) {
            g->elements++;
            out(g, "<data value=\"7\">seven</data>");
            return;
        }
        simple_phrasing_el(g, name, depth,
                           strcmp(name, "dfn") == 0 ? ctx | A_DFN : ctx);
        return;
    }
    switch (k) {
    case 10:
        if (ctx & A_INTERACTIVE) {
            words(g, 1, 2);
            return;
        }
        open_tag(g, "a", 0);
        attr(g, "href", "#%s", old_id(g));
        out(g, ">");
        phrasing(g, depth + 1, ctx | A_PHRASING | A_INTERACTIVE, 1 + rnd(g, 2));
        out(g, "</a>");
        return;
    case 11:
        img(g);
        return;
    case 12:
        void_el(g, chance(g, 1, 2) ? "br" : "wbr");
        return;
    case 13:
        if (chance(g, 1, 2))
            svg_island(g, depth, ctx);
        else
            math_island(g, depth, ctx);
        return;
    case 14:
        ruby(g, depth, ctx);
        return;
    case 15:
        if (ctx & A_INTERACTIVE) {
            words(g, 1, 2);
            return;
        }
        switch (rnd(g, 5)) {
        case 0:
            open_tag(g, "button", 0);
            out(g, ">");
            phrasing(g, depth + 1, ctx | A_PHRASING | A_INTERACTIVE, 1);
            out(g, "</button>");
            break;
        case 1:
            select_el(g, depth, ctx);
            break;
        case 2:
            open_tag(g, "input", 0);
            out(g, "/>");
            break;
        case 3:
            open_tag(g, "textarea", 0);
            out(g, ">Some text</textarea>");
            break;
        default:
            if (ctx & A_LABEL) {
                words(g, 1, 2);
                break;
            }
            open_tag(g, "label", 0);
            out(g, ">Name ");
            g->elements++;
            out(g, "<input type=\"text\"/></label>");
            break;
        }
        return;
    case 16:
        open_tag(g, "meter", 0);
        if (!oops(g))
            attr(g, "value", "0.5");
        out(g, ">half</meter>");
        return;
    case 17:
        open_tag(g, "progress", 0);
        attr(g, "value", "%s", oops(g) ? "lots" : "0.3");
        out(g, ">30%%</progress>");
        return;
    case 18:
        if (ctx & (A_INTERACTIVE | A_NOMEDIA)) {
            open_tag(g, "canvas", 0);
            out(g, ">A drawing</canvas>");
            return;
        }
        {
            const char *media = chance(g, 1, 2) ? "audio" : "video";
            open_tag(g, media, 0);
            out(g, ">Your reader cannot play this.</%s>", media);
        }
        return;
    default:
        open_tag(g, "output", 0);
        out(g, ">3</output>");
        return;
    }
}

static void phrasing(struct gen *g, int depth, unsigned ctx, unsigned n)
{
    while (n-- > 0) {
        g->ctx = ctx;
        phrasing_item(g, depth, ctx);
    }
}

static void list(struct gen *g, const char *name, int depth, unsigned ctx)
{
    unsigned n = 1 + rnd(g, 3), i;
    open_tag(g, name, 0);
    out(g, ">\n");
    for (i = 0; i < n; i++) {
        if (oops(g)) {
            switch (rnd(g, 4)) {
            case 0:
                simple_phrasing_el(g, "p", depth + 1, ctx);
                break;
            case 1:
                words(g, 1, 3);
                break;
            case 2:
                out(g, "<div><li>x</li></div>");
                break;
            default:
                out(g, "<%s><li>y</li></%s>", name, name);
                break;
            }
            out(g, "\n");
            continue;
        }
        open_tag(g, "li", 0);
        out(g, ">");
        if (chance(g, 1, 4) && !full(g, depth))
            flow(g, depth + 2, ctx, 1 + rnd(g, 2));
        else
            phrasing(g, depth + 2, ctx | A_PHRASING, 1 + rnd(g, 2));
        out(g, "</li>\n");
    }
    out(g, "</%s>\n", name);
}

static void dl(struct gen *g, int depth, unsigned ctx)
{
    unsigned n = 1 + rnd(g, 3), i;
    int wrap = chance(g, 1, 8);
    open_tag(g, "dl", 0);
    out(g, ">\n");
    for (i = 0; i < n; i++) {
        if (oops(g)) {
            static const char *const bad[] = {
                "<dd>orphan</dd><dt>late</dt>", "<li>item</li>",
                "<p>para</p>", "<dt><p>block</p></dt><dd>d</dd>",
                "<dt><h3>head</h3></dt><dd>d</dd>", "<dt>t</dt>",
                "<div><div><dt>t</dt><dd>d</dd></div></div>",
                "<dt>t</dt><div><dd>d</dd></div>"
            };
            out(g, "%s\n", bad[rnd(g, sizeof bad / sizeof bad[0])]);
            g->elements++;
            continue;
        }
        if (wrap)
            out(g, "<div>");
        out(g, "<dt>");
        phrasing(g, depth + 1, ctx | A_PHRASING, 1);
        out(g, "</dt><dd>");
        if (chance(g, 1, 3))
            flow(g, depth + 1, ctx, 1);
        else
            phrasing(g, depth + 1, ctx | A_PHRASING, 1 + rnd(g, 2));
        out(g, "</dd>");
        if (wrap)
            out(g, "</div>");
        out(g, "\n");
        g->elements += 2;
    }
    out(g, "</dl>\n");
}

static void table_row(struct gen *g, int depth, unsigned ctx, int head)
{
    unsigned n = 1 + rnd(g, 3), i;
    open_tag(g, "tr", 0);
    out(g, ">");
    for (i = 0; i < n; i++) {
        const char *c = head || (i == 0 && chance(g, 1, 3)) ? "th" : "td";
        open_tag(g, c, 0);
        out(g, ">");
        if (!full(g, depth) && chance(g, 1, 4))
            flow(g, depth + 1, ctx, 1);
        else
            phrasing(g, depth + 1, ctx | A_PHRASING, 1);
        out(g, "</%s>", c);
    }
    out(g, "</tr>\n");
}

static void table(struct gen *g, int depth, unsigned ctx)
{
    open_tag(g, "table", 0);
    out(g, ">\n");
    if (oops(g)) {
        static const char *const bad[] = {
            "<tr><td>1</td></tr><caption>Late caption</caption>",
            "<tbody><tr><td>1</td></tr></tbody><thead><tr><th>h</th></tr>"
            "</thead>",
            "<td>cell without row</td>",
            "<tr>text in a row</tr>",
            "<tr><td>1</td></tr><colgroup><col/></colgroup>",
            "<tfoot><tr><td>f</td></tr></tfoot><tfoot><tr><td>g</td></tr>"
            "</tfoot>",
            "<caption>One</caption><caption>Two</caption><tr><td>x</td></tr>",
            "<tr><th><table><tr><td>nested</td></tr></table><h2>h</h2></th>"
            "</tr>",
            "<thead><tr><td>x</td></tr></thead>",
            "<p>paragraph in table</p><tr><td>x</td></tr>",
            "<tr><td><caption>c</caption></td></tr>",
            "<tbody></tbody><tr><td>mixed</td></tr>"
        };
        out(g, "%s\n", bad[rnd(g, sizeof bad / sizeof bad[0])]);
        g->elements += 3;
    } else {
        unsigned rows = 1 + rnd(g, 3), i;
        if (chance(g, 1, 2)) {
            open_tag(g, "caption", 0);
            out(g, ">");
            phrasing(g, depth + 1, ctx | A_PHRASING, 1);
            out(g, "</caption>\n");
        }
        if (chance(g, 1, 4)) {
            open_tag(g, "colgroup", 0);
            out(g, "><col/><col/></colgroup>\n");
        }
        if (chance(g, 1, 2)) {
            out(g, "<thead>");
            table_row(g, depth + 1, ctx, 1);
            out(g, "</thead>\n");
        }
        if (chance(g, 2, 3))
            out(g, "<tbody>\n");
        else
            out(g, "<tbody hidden=\"hidden\">\n");
        for (i = 0; i < rows; i++)
            table_row(g, depth + 1, ctx, 0);
        out(g, "</tbody>\n");
        if (chance(g, 1, 4)) {
            out(g, "<tfoot>");
            table_row(g, depth + 1, ctx, 0);
            out(g, "</tfoot>\n");
        }
    }
    out(g, "</table>\n");
}

static void figure(struct gen *g, int depth, unsigned ctx)
{
    unsigned where = rnd(g, 3);  /* 0 none, 1 first, 2 last */
    int bad = oops(g);
    open_tag(g, "figure", 0);
    out(g, ">\n");
    if (bad && chance(g, 1, 2)) {
        img(g);
        out(g, "<figcaption>In the middle</figcaption>");
        flow(g, depth + 1, ctx, 1);
        out(g, "</figure>\n");
        return;
    }
    if (where == 1 || bad)
        out(g, "<figcaption>Caption</figcaption>\n");
    if (chance(g, 1, 2))
        img(g);
    else
        flow(g, depth + 1, ctx, 1);
    if (where == 2 || bad)
        out(g, "<figcaption>Caption</figcaption>\n");
    out(g, "</figure>\n");
    g->elements++;
}

static void details(struct gen *g, int depth, unsigned ctx)
{
    if (ctx & A_INTERACTIVE) {
        flow(g, depth + 1, ctx, 1);
        return;
    }
    open_tag(g, "details", 0);
    out(g, ">");
    if (oops(g)) {
        switch (rnd(g, 3)) {
        case 0:
            out(g, "<p>first</p><summary>Late</summary>");
            break;
        case 1:
            out(g, "<summary>One</summary><summary>Two</summary>");
            break;
        default:
            out(g, "<summary><div><h2>Heading</h2></div><a href=\"#%s\">x"
                "</a></summary>", old_id(g));
            break;
        }
    } else {
        out(g, "<summary>");
        phrasing(g, depth + 1, ctx | A_PHRASING | A_INTERACTIVE, 1);
        out(g, "</summary>");
        flow(g, depth + 1, ctx | A_INTERACTIVE, 1);
    }
    out(g, "</details>\n");
}

static void hgroup(struct gen *g, int depth, unsigned ctx)
{
    static const char *const forms[] = {
        "<h2>Title</h2><p>Subtitle</p>",          /* 3.3 only */
        "<p>Over</p><h2>Title</h2>",
        "<h2>Title</h2><h3>Subtitle</h3>",         /* 3.2 only */
        "<h2>Title</h2>",
        "<h2>Title</h2><p epub:type=\"subtitle\">Sub</p>",
        "<p>Only a paragraph</p>",
        "",
        "<h2>One</h2><div>block</div>",
        "<h2>One</h2><p>a</p><h3>Two</h3>",
        "<hgroup><h2>Nested</h2></hgroup>"
    };
    int bad = oops(g);
    unsigned k = bad ? rnd(g, 10) : 3;
    open_tag(g, "hgroup", 0);
    out(g, ">%s</hgroup>\n", forms[k]);
    g->elements += 2;
    (void)depth;
    (void)ctx;
}

static void picture(struct gen *g)
{
    g->elements++;
    if (oops(g)) {
        static const char *const bad[] = {
            "<picture><img src=\"img.png\" alt=\"\"/><source "
            "srcset=\"img.png\" type=\"image/png\"/></picture>",
            "<picture><source srcset=\"img.png\"/></picture>",
            "<picture><source src=\"img.png\" type=\"image/png\"/>"
            "<img src=\"img.png\" alt=\"\"/></picture>",
            "<picture><p>x</p><img src=\"img.png\" alt=\"\"/></picture>"
        };
        out(g, "%s", bad[rnd(g, 4)]);
        return;
    }
    out(g, "<picture><source srcset=\"img.png\" type=\"image/png\"/>"
        "<img src=\"img.png\" alt=\"Dot\"/></picture>");
}

static void map_el(struct gen *g, int depth, unsigned ctx)
{
    char *name;
    if (g->nmaps >= 8 || (ctx & A_INTERACTIVE)) {
        img(g);
        return;
    }
    name = g->maps[g->nmaps++];
    snprintf(name, sizeof g->maps[0], "m%d", g->nmaps);
    open_tag(g, "map", 0);
    if (oops(g))
        out(g, ">");                      /* no name */
    else
        {
        attr(g, "name", "%s", name);
        out(g, ">");
    }
    if (oops(g))
        out(g, "<area href=\"#%s\" shape=\"rect\" coords=\"0,0,1,1\"/>",
            old_id(g));                      /* no alt */
    else
        out(g, "<area href=\"#%s\" alt=\"Here\" shape=\"rect\" "
            "coords=\"0,0,1,1\"/>", old_id(g));
    out(g, "</map>");
    out(g, "<img src=\"img.png\" alt=\"Map\" usemap=\"#%s\"/>\n", name);
    g->elements += 2;
    (void)depth;
}

static void heading(struct gen *g, int level, int depth, unsigned ctx)
{
    char name[4];
    snprintf(name, sizeof name, "h%d", level);
    open_tag(g, name, 0);
    out(g, ">");
    if (oops(g) && chance(g, 1, 2)) {
        out(g, "<p>A paragraph in a heading</p>");
    } else {
        words(g, 1, 4);
        if (chance(g, 1, 4))
            phrasing(g, depth + 1, ctx | A_PHRASING, 1);
    }
    out(g, "</%s>\n", name);
}

static void sectioning(struct gen *g, const char *name, int depth,
                       unsigned ctx)
{
    open_tag(g, name, 0);
    if (chance(g, 1, 5) && !oops(g))
        attr(g, "aria-label", "%s part", name);
    out(g, ">\n");
    if (chance(g, 2, 3))
        heading(g, 2 + (int)rnd(g, 3), depth + 1, ctx);
    flow(g, depth + 1, ctx | A_SECTIONING, 1 + rnd(g, 3));
    out(g, "</%s>\n", name);
}

/* one flow item that is not phrasing */
static void block_item(struct gen *g, int depth, unsigned ctx)
{
    unsigned k = rnd(g, 30);
    if (full(g, depth)) {
        out(g, "<p>");
        words(g, 3, 10);
        out(g, "</p>\n");
        return;
    }
    if (oops(g)) {
        switch (rnd(g, 12)) {
        case 0:                                   /* p in p */
            open_tag(g, "p", 0);
            out(g, ">");
            words(g, 1, 4);
            simple_phrasing_el(g, "p", depth + 1, ctx);
            out(g, "</p>\n");
            return;
        case 1:                                   /* li outside lists */
            out(g, "<li>");
            words(g, 1, 4);
            out(g, "</li>\n");
            g->elements++;
            return;
        case 2:                                   /* headings in address */
            out(g, "<address><h2>Contact</h2>");
            words(g, 1, 3);
            out(g, "</address>\n");
            g->elements += 2;
            return;
        case 3:                                   /* main in article */
            out(g, "<article><main><p>Main inside an article</p></main>"
                "</article>\n");
            g->elements += 3;
            return;
        case 4:                                   /* interactive in button */
            out(g, "<p><button type=\"button\"><a href=\"#%s\">link</a>"
                "</button></p>\n", old_id(g));
            g->elements += 3;
            return;
        case 5:                                   /* a in a */
            out(g, "<p><a href=\"#%s\">out <a href=\"#%s\">in</a></a></p>\n",
                old_id(g), old_id(g));
            g->elements += 3;
            return;
        case 6:                                   /* header in footer */
            out(g, "<footer><header><p>x</p></header></footer>\n");
            g->elements += 3;
            return;
        case 7:                                   /* caption, legend alone */
            out(g, chance(g, 1, 2) ? "<caption>Lost</caption>\n"
                : "<legend>Lost</legend>\n");
            g->elements++;
            return;
        case 8:                                   /* style in body */
            out(g, "<style>p { margin: 0 }</style>\n");
            g->elements++;
            return;
        case 9:                                   /* text in a list */
            out(g, "<ul>Text<li>x</li></ul>\n");
            g->elements += 2;
            return;
        case 10:                                  /* main twice */
            out(g, "<main><p>one</p></main><main><p>two</p></main>\n");
            g->elements += 4;
            return;
        default:
            strange(g, depth, ctx);
            out(g, "\n");
            return;
        }
    }
    if (k < 9) {
        open_tag(g, "p", 0);
        out(g, ">");
        phrasing(g, depth + 1, ctx | A_PHRASING, 1 + rnd(g, 4));
        out(g, "</p>\n");
    } else if (k < 11) {
        simple_flow_el(g, "div", depth, ctx);
    } else if (k == 11) {
        list(g, rnd(g, 4) == 0 ? "menu" : rnd(g, 2) ? "ul" : "ol", depth, ctx);
    } else if (k == 12) {
        dl(g, depth, ctx);
    } else if (k == 13) {
        simple_flow_el(g, "blockquote", depth, ctx);
    } else if (k == 14) {
        open_tag(g, "pre", 0);
        out(g, ">");
        phrasing(g, depth + 1, ctx | A_PHRASING, 1 + rnd(g, 2));
        out(g, "</pre>\n");
    } else if (k == 15) {
        void_el(g, "hr");
        out(g, "\n");
    } else if (k == 16) {
        figure(g, depth, ctx);
    } else if (k == 17) {
        table(g, depth, ctx);
    } else if (k == 18 && !(ctx & A_ADDRESS)) {
        static const char *const sec[] = {
            "section", "article", "aside", "nav"
        };
        sectioning(g, sec[rnd(g, 4)], depth, ctx);
    } else if (k == 19 && !(ctx & (A_ADDRESS | A_HEADFOOT))) {
        const char *hf = chance(g, 1, 2) ? "header" : "footer";
        open_tag(g, hf, 0);
        out(g, ">\n");
        flow(g, depth + 1, ctx | A_HEADFOOT, 1 + rnd(g, 2));
        out(g, "</%s>\n", hf);
    } else if (k == 20 && !(ctx & A_ADDRESS)) {
        open_tag(g, "address", 0);
        out(g, ">");
        phrasing(g, depth + 1, ctx | A_PHRASING | A_ADDRESS, 1 + rnd(g, 2));
        out(g, "</address>\n");
    } else if (k == 21 && !(ctx & A_ADDRESS)) {
        heading(g, 2 + (int)rnd(g, 5), depth, ctx);
    } else if (k == 22 && !(ctx & A_ADDRESS)) {
        hgroup(g, depth, ctx);
    } else if (k == 23) {
        details(g, depth, ctx);
    } else if (k == 24) {
        if (ctx & A_INTERACTIVE) {
            simple_flow_el(g, "div", depth, ctx);
            return;
        }
        open_tag(g, "fieldset", 0);
        out(g, ">");
        if (chance(g, 1, 2))
            out(g, "<legend>Legend</legend>");
        flow(g, depth + 1, ctx, 1);
        out(g, "</fieldset>\n");
    } else if (k == 25) {
        picture(g);
        out(g, "\n");
    } else if (k == 26) {
        map_el(g, depth, ctx);
    } else if (k == 27) {
        if (chance(g, 1, 2))
            svg_island(g, depth, ctx);
        else
            math_island(g, depth, ctx);
        out(g, "\n");
    } else {
        open_tag(g, "div", 0);
        out(g, ">");
        phrasing(g, depth + 1, ctx | A_PHRASING, 1 + rnd(g, 3));
        out(g, "</div>\n");
    }
}

static void flow(struct gen *g, int depth, unsigned ctx, unsigned n)
{
    while (n-- > 0) {
        g->ctx = ctx;
        if (ctx & A_PHRASING)
            phrasing_item(g, depth, ctx);
        else if (chance(g, 1, 6))
            phrasing_item(g, depth, ctx);
        else
            block_item(g, depth, ctx);
    }
}

/* ---- the document ----------------------------------------------------------- */

static void head(struct gen *g)
{
    out(g, "<head>\n");
    if (chance(g, 1, 2))
        out(g, "<meta charset=\"utf-8\"/>\n");
    out(g, "<title>");
    if (oops(g) && chance(g, 1, 3))
        out(g, "</title>\n");           /* empty title */
    else
        out(g, "Chapter %d</title>\n", g->chapter);
    if (oops(g)) {
        switch (rnd(g, 9)) {
        case 0:
            out(g, "<title>Second title</title>\n");
            break;
        case 1:
            out(g, "<meta charset=\"utf-8\"/><meta charset=\"utf-8\"/>\n");
            break;
        case 2:
            out(g, "<meta name=\"author\"/>\n");
            break;
        case 3:
            out(g, "<link rel=\"stylesheet\"/>\n");
            break;
        case 4:
            out(g, "<meta property=\"og:title\" content=\"x\"/>\n");
            break;
        case 5:
            out(g, "<style type=\"text/less\">p { margin: 0 }</style>\n");
            break;
        case 6:
            out(g, "<p>Paragraph in head</p>\n");
            break;
        case 7:
            out(g, "<meta http-equiv=\"Content-Type\" "
                "content=\"text/html; charset=utf-8\"/>"
                "<meta charset=\"utf-8\"/>\n");
            break;
        default:
            out(g, "<meta name=\"viewport\" content=\"width=device-width\"/>\n");
            break;
        }
    } else {
        switch (rnd(g, 6)) {
        case 0:
            out(g, "<meta name=\"author\" content=\"Ada Tester\"/>\n");
            break;
        case 1:
            out(g, "<style>p { margin: 0 }</style>\n");
            break;
        case 2:
            out(g, "<meta name=\"description\" content=\"A chapter\"/>\n");
            break;
        case 3:
            out(g, "<style media=\"screen\">em { color: #333 }</style>\n");
            break;
        default:
            break;
        }
    }
    out(g, "</head>\n");
}

static void chapter(struct gen *g)
{
    int head_late;
    int planned = chance(g, 1, 2) ? 0 : 1 + (int)rnd(g, 3);
    g->budget = planned;
    out(g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out(g, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
        "xmlns:epub=\"http://www.idpf.org/2007/ops\" "
        "xmlns:my=\"http://example.com/ns/my\" "
        "xmlns:its=\"http://www.w3.org/2005/11/its\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "xmlns:h=\"http://www.w3.org/1999/xhtml\" "
        "xmlns:svgns=\"http://www.w3.org/2000/svg\" "
        "xmlns:mathns=\"http://www.w3.org/1998/Math/MathML\"");
    if (chance(g, 1, 6))
        out(g, " epub:prefix=\"my: http://example.com/ns/my#\"");
    if (oops(g) && chance(g, 1, 3))
        out(g, " lang=\"en\" xml:lang=\"en-GB\">\n");
    else
        out(g, " lang=\"en\" xml:lang=\"en\">\n");
    head_late = oops(g) && chance(g, 1, 8);
    if (!head_late)
        head(g);
    out(g, "<body");
    if (chance(g, 1, 4))
        out(g, " epub:type=\"%s\"", chance(g, 1, 2) ? "bodymatter" : "chapter");
    out(g, ">\n");
    out(g, "<h1 id=\"%s\">Chapter %d</h1>\n", fresh_id(g), g->chapter);
    if (chance(g, 1, 3) && !g->main_done) {
        g->main_done = 1;
        out(g, "<main>\n");
        flow(g, 1, 0, 3 + rnd(g, 5));
        out(g, "</main>\n");
    } else if (chance(g, 1, 3)) {
        sectioning(g, "section", 0, 0);
        flow(g, 1, 0, 2 + rnd(g, 4));
    } else {
        flow(g, 0, 0, 3 + rnd(g, 6));
    }
    out(g, "</body>\n");
    if (head_late) {
        out(g, "<head><title>Late</title></head>\n");
    }
    out(g, "</html>\n<!-- gen v%s: %d deliberate mistake(s) -->\n",
        GEN_VERSION, planned - g->budget);
}

static int usage(void)
{
    fputs("usage: gen SEED COUNT OUTDIR | gen version\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long long seed;
    long count, i;
    char *end;
    if (argc == 2 && strcmp(argv[1], "version") == 0) {
        puts(GEN_VERSION);
        return 0;
    }
    if (argc != 4)
        return usage();
    errno = 0;
    seed = strtoull(argv[1], &end, 10);
    if (errno || *end || end == argv[1])
        return usage();
    count = strtol(argv[2], &end, 10);
    if (*end || count < 1 || count > 9999)
        return usage();
    if (mkdir(argv[3], 0777) != 0 && errno != EEXIST) {
        perror(argv[3]);
        return 1;
    }
    for (i = 1; i <= count; i++) {
        struct gen g;
        char path[4096];
        memset(&g, 0, sizeof g);
        g.chapter = (int)i;
        g.r.s = seed * 0xD1B54A32D192ED03ULL ^ ((uint64_t)i << 20);
        next(&g.r);
        snprintf(path, sizeof path, "%s/c%04ld.xhtml", argv[3], i);
        g.f = fopen(path, "w");
        if (!g.f) {
            perror(path);
            return 1;
        }
        chapter(&g);
        if (fclose(g.f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
