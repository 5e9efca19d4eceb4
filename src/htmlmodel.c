/*
 * htmlmodel.c - the HTML content model of a chapter (see htmlmodel.h).
 *
 * Owns what EPUBCheck 4.2 and 5 enforce about element structure in XHTML
 * content documents (their RelaxNG schemas and Schematron rules, checked
 * against both by hand): the known elements and their categories, what
 * each element may contain and in which order, the nesting bans (no <a>
 * in <a>, no <form> in <form>...), the document's head and body, foreign
 * namespaces, the deprecated epub:switch and epub:trigger, and the SVG
 * and MathML islands as far as EPUBCheck checks them.
 *
 * All knowledge is data: the sorted tables html_elements, svg_elements
 * and math_elements, and the content grammars they point to.  One
 * iterative walk (enter, then leave on the way up) keeps per-ancestor
 * counters, so nothing is allocated per node and nothing recurses.
 */
#include "htmlmodel.h"
#include "buf.h"
#include "diag.h"
#include "suggest.h"
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- categories and content kinds ---------------------------------- */

/* What an HTML element is (bits of html_elements[].cat). */
enum {
    C_FLOW = 1 << 0,        /* flow content */
    C_PHRASING = 1 << 1,    /* phrasing content */
    C_HEADING = 1 << 2,     /* h1-h6, hgroup */
    C_META = 1 << 3,        /* allowed in <head> */
    C_SCRIPT = 1 << 4,      /* script-supporting: allowed in any list */
    C_INTERACTIVE = 1 << 5, /* always interactive */
    C_INTER_ATTR = 1 << 6,  /* interactive with an attribute (below) */
    C_OBSOLETE = 1 << 7,    /* obsolete HTML: refused wherever it is */
    C_ITEMPROP = 1 << 8,    /* flow/phrasing only with itemprop */
    C_EPUB33 = 1 << 9       /* not in EPUB 3.2 (EPUBCheck 4.2) */
};

/* What a grammar particle takes besides its named elements. */
enum {
    K_FLOW = 1 << 0,
    K_PHRASING = 1 << 1,
    K_HEADING = 1 << 2,
    K_TRANSPARENT = 1 << 3, /* what the parent's context allows */
    K_META = 1 << 4,
    K_ANY = 1 << 5          /* anything (template) */
};

/* The kinds that take text. */
#define K_TEXT (K_FLOW | K_PHRASING | K_TRANSPARENT | K_ANY)

/* Ancestors the walk counts (index into struct walker.anc). */
enum {
    A_NONE, A_A, A_AHREF, A_BUTTON, A_ADDRESS, A_FORM, A_HEADER, A_FOOTER,
    A_LABEL, A_CAPTION, A_DFN, A_PROGRESS, A_METER, A_MEDIA,
    A_MAP, A_SVG_DESC, A_SVG_META, A_AX_CONTENT, A_AX_ALT, A_COUNT
};

#define BIT(a) (1u << (a))

/* One step of a content grammar: a run of min..max children (max 0:
 * unbounded) that are among names (space-separated) or of kinds. */
struct particle {
    const char *names;
    unsigned kinds;
    unsigned char min, max;
    unsigned char not_after_prev;   /* not if the previous step matched */
};

/* The content an element allows: its steps in order, whether text may
 * appear, names that may appear only once, and what to tell the user. */
struct grammar {
    const struct particle *steps;
    size_t n;
    int text;
    const char *once;
    const char *holds;      /* "it holds only ..." */
};

#define STEPS(a) a, sizeof(a) / sizeof(*a)

static const struct particle p_flow[] = { { NULL, K_FLOW, 0, 0, 0 } };
static const struct particle p_phrasing[] = {
    { NULL, K_PHRASING, 0, 0, 0 } };
static const struct particle p_transparent[] = {
    { NULL, K_TRANSPARENT, 0, 0, 0 } };
static const struct particle p_phrasing_h[] = {
    { NULL, K_PHRASING | K_HEADING, 0, 0, 0 } };
static const struct particle p_any[] = { { NULL, K_ANY, 0, 0, 0 } };
static const struct particle p_html[] = {
    { "head", 0, 1, 1, 0 }, { "body", 0, 1, 1, 0 } };
static const struct particle p_head[] = { { NULL, K_META, 0, 0, 0 } };
static const struct particle p_li[] = { { "li", 0, 0, 0, 0 } };
static const struct particle p_details[] = {
    { "summary", 0, 1, 1, 0 }, { NULL, K_FLOW, 0, 0, 0 } };
static const struct particle p_figure[] = {
    { "figcaption", 0, 0, 1, 0 }, { NULL, K_FLOW, 0, 0, 0 },
    { "figcaption", 0, 0, 1, 0 } };
static const struct particle p_fieldset[] = {
    { "legend", 0, 0, 1, 0 }, { NULL, K_FLOW, 0, 0, 0 } };
static const struct particle p_picture[] = {
    { "source", 0, 0, 0, 0 }, { "img", 0, 1, 1, 0 } };
static const struct particle p_select[] = {
    { "option optgroup", 0, 0, 0, 0 } };
static const struct particle p_optgroup[] = { { "option", 0, 0, 0, 0 } };
static const struct particle p_datalist[] = {
    { "option", 0, 0, 0, 0 }, { NULL, K_PHRASING, 0, 0, 0 } };
static const struct particle p_table[] = {
    { "caption", 0, 0, 1, 0 }, { "colgroup", 0, 0, 0, 0 },
    { "thead", 0, 0, 1, 0 }, { "tbody", 0, 0, 0, 0 },
    { "tr", 0, 0, 0, 1 }, { "tfoot", 0, 0, 1, 0 } };
static const struct particle p_colgroup[] = { { "col", 0, 0, 0, 0 } };
static const struct particle p_tbody[] = { { "tr", 0, 0, 0, 0 } };
static const struct particle p_tr[] = { { "td th", 0, 0, 0, 0 } };
static const struct particle p_object[] = {
    { "param", 0, 0, 0, 0 }, { NULL, K_TRANSPARENT, 0, 0, 0 } };
static const struct particle p_media[] = {
    { "source", 0, 0, 0, 0 }, { "track", 0, 0, 0, 0 },
    { NULL, K_TRANSPARENT, 0, 0, 0 } };
static const struct particle p_ruby[] = {
    { "rb rt rtc rp", K_PHRASING, 0, 0, 0 } };
static const struct particle p_rtc[] = { { "rt rp", K_PHRASING, 0, 0, 0 } };
/* dl and hgroup are checked by their own functions; this only lists
 * what may appear at all */
static const struct particle p_dl[] = { { "dt dd div", 0, 0, 0, 0 } };
static const struct particle p_hgroup[] = {
    { "h1 h2 h3 h4 h5 h6 p", 0, 0, 0, 0 } };

static const char phrasing_holds[] = "it holds only phrasing content "
    "(text and inline elements such as <span> or <em>)";

static const struct grammar g_empty = {
    NULL, 0, 0, NULL, "it must be empty" };
static const struct grammar g_text = {
    NULL, 0, 1, NULL, "it holds only text" };
static const struct grammar g_flow = {
    STEPS(p_flow), 1, NULL, "it holds only flow content" };
static const struct grammar g_phrasing = {
    STEPS(p_phrasing), 1, NULL, phrasing_holds };
static const struct grammar g_transparent = {
    STEPS(p_transparent), 1, NULL, NULL };
static const struct grammar g_phrasing_h = {
    STEPS(p_phrasing_h), 1, NULL,
    "it holds only phrasing content and headings" };
static const struct grammar g_any = { STEPS(p_any), 1, NULL, NULL };
static const struct grammar g_html = {
    STEPS(p_html), 0, "head body",
    "it holds one <head> and then one <body>" };
static const struct grammar g_head = {
    STEPS(p_head), 0, "title base",
    "it holds only <title>, <meta>, <link>, <style>, <script>, <base> "
    "and <template>" };
static const struct grammar g_list = {
    STEPS(p_li), 0, NULL, "it holds only <li> items" };
static const struct grammar g_details = {
    STEPS(p_details), 1, "summary",
    "it starts with one <summary>, then flow content" };
static const struct grammar g_figure = {
    STEPS(p_figure), 1, "figcaption",
    "it holds flow content with one <figcaption> as its first or last "
    "child" };
static const struct grammar g_fieldset = {
    STEPS(p_fieldset), 1, "legend",
    "it holds an optional first <legend>, then flow content" };
static const struct grammar g_picture = {
    STEPS(p_picture), 0, NULL,
    "it holds <source> elements and then one <img>" };
static const struct grammar g_select = {
    STEPS(p_select), 0, NULL, "it holds only <option> and <optgroup>" };
static const struct grammar g_optgroup = {
    STEPS(p_optgroup), 0, NULL, "it holds only <option>" };
static const struct grammar g_datalist = {
    STEPS(p_datalist), 1, NULL,
    "it holds <option> elements or phrasing content" };
static const struct grammar g_table = {
    STEPS(p_table), 0, NULL,
    "it holds, in this order, an optional <caption>, <colgroup>s, an "
    "optional <thead>, either <tbody>s or <tr>s, and an optional "
    "<tfoot>" };
static const struct grammar g_colgroup = {
    STEPS(p_colgroup), 0, NULL, "it holds only <col>" };
static const struct grammar g_tbody = {
    STEPS(p_tbody), 0, NULL, "it holds only <tr> rows" };
static const struct grammar g_tr = {
    STEPS(p_tr), 0, NULL, "it holds only <td> and <th> cells" };
static const struct grammar g_object = {
    STEPS(p_object), 1, NULL,
    "its <param>s come first, then the fallback content" };
static const struct grammar g_media = {
    STEPS(p_media), 1, NULL,
    "its <source>s come first, then its <track>s, then the fallback "
    "content" };
static const struct grammar g_ruby = {
    STEPS(p_ruby), 1, NULL,
    "it holds phrasing content with <rt> (or <rtc>) annotations, "
    "<rb> and <rp>" };
static const struct grammar g_rtc = {
    STEPS(p_rtc), 1, NULL, "it holds phrasing content, <rt> and <rp>" };
static const struct grammar g_dl = {
    STEPS(p_dl), 0, NULL,
    "it holds groups of <dt> terms followed by <dd> descriptions, or "
    "<div>s each holding one such group" };
static const struct grammar g_hgroup = {
    STEPS(p_hgroup), 0, NULL, "it holds one heading (<h1> to <h6>)" };
static const struct grammar g_time_text = {
    NULL, 0, 1, NULL,
    "without a datetime attribute it holds only text (the date or time "
    "itself); add datetime=\"...\" (such as datetime=\"2020-01-31\") to "
    "the <time>, or move the element out of it" };

/* Elements whose content depends on an attribute: without attr they
 * hold the grammar without instead of their table entry's. */
static const struct attr_grammar {
    const char *element;
    const char *attr;
    const struct grammar *without;
} attr_grammars[] = {
    { "time", "datetime", &g_time_text },
};

/* ---- the HTML elements --------------------------------------------- */

#define I_A (C_INTERACTIVE)
#define FP (C_FLOW | C_PHRASING)

struct html_element {
    const char *name;
    unsigned cat;
    const struct grammar *g;
    unsigned char anc;          /* the counter this element raises */
    unsigned banned_in;         /* BIT(A_...) it may not be inside */
    const char *belongs;        /* where it may appear, if not flow */
};

#define NEST_ADDR (BIT(A_ADDRESS) | BIT(A_HEADER) | BIT(A_FOOTER))

/* Sorted by name (bsearch). */
static const struct html_element html_elements[] = {
    { "a", FP | I_A, &g_transparent, A_A, 0, NULL },
    { "abbr", FP, &g_phrasing, 0, 0, NULL },
    { "acronym", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "address", C_FLOW, &g_flow, A_ADDRESS, BIT(A_ADDRESS), NULL },
    { "applet", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "area", FP, &g_empty, 0, 0, NULL },
    { "article", C_FLOW, &g_flow, 0, 0, NULL },
    { "aside", C_FLOW, &g_flow, 0, 0, NULL },
    { "audio", FP | C_INTER_ATTR, &g_media, A_MEDIA, BIT(A_MEDIA), NULL },
    { "b", FP, &g_phrasing, 0, 0, NULL },
    { "base", C_META, &g_empty, 0, 0, "<head>" },
    { "basefont", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "bdi", FP, &g_phrasing, 0, 0, NULL },
    { "bdo", FP, &g_phrasing, 0, 0, NULL },
    { "bgsound", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "big", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "blink", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "blockquote", C_FLOW, &g_flow, 0, 0, NULL },
    { "body", 0, &g_flow, 0, 0, "<html>, after <head>" },
    { "br", FP, &g_empty, 0, 0, NULL },
    { "button", FP | I_A, &g_phrasing, A_BUTTON, 0, NULL },
    { "canvas", FP, &g_transparent, 0, 0, NULL },
    { "caption", 0, &g_flow, A_CAPTION, 0, "<table>, as its first child" },
    { "center", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "cite", FP, &g_phrasing, 0, 0, NULL },
    { "code", FP, &g_phrasing, 0, 0, NULL },
    { "col", 0, &g_empty, 0, 0, "<colgroup>" },
    { "colgroup", 0, &g_colgroup, 0, 0, "<table>, before its rows" },
    { "data", FP, &g_phrasing, 0, 0, NULL },
    { "datalist", FP, &g_datalist, 0, 0, NULL },
    { "dd", 0, &g_flow, 0, 0, "<dl>, after a <dt>" },
    { "del", FP, &g_transparent, 0, 0, NULL },
    { "details", C_FLOW | I_A, &g_details, 0, 0, NULL },
    { "dfn", FP, &g_phrasing, A_DFN, BIT(A_DFN), NULL },
    { "dialog", C_FLOW, &g_flow, 0, 0, NULL },
    { "dir", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "div", C_FLOW, &g_flow, 0, 0, NULL },
    { "dl", C_FLOW, &g_dl, 0, 0, NULL },
    { "dt", 0, &g_flow, 0, 0, "<dl>, before its <dd>" },
    { "em", FP, &g_phrasing, 0, 0, NULL },
    { "embed", FP | I_A, &g_empty, 0, 0, NULL },
    { "fieldset", C_FLOW, &g_fieldset, 0, 0, NULL },
    { "figcaption", 0, &g_flow, 0, 0,
      "<figure>, as its first or last child" },
    { "figure", C_FLOW, &g_figure, 0, 0, NULL },
    { "font", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "footer", C_FLOW, &g_flow, A_FOOTER, NEST_ADDR, NULL },
    { "form", C_FLOW, &g_flow, A_FORM, BIT(A_FORM), NULL },
    { "frame", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "frameset", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "h1", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "h2", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "h3", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "h4", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "h5", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "h6", C_FLOW | C_HEADING, &g_phrasing, 0, 0, NULL },
    { "head", 0, &g_head, 0, 0, "<html>, before <body>" },
    { "header", C_FLOW, &g_flow, A_HEADER, NEST_ADDR, NULL },
    { "hgroup", C_FLOW | C_HEADING, &g_hgroup, 0, 0, NULL },
    { "hr", C_FLOW, &g_empty, 0, 0, NULL },
    { "html", 0, &g_html, 0, 0, "the document root" },
    { "i", FP, &g_phrasing, 0, 0, NULL },
    { "iframe", FP | I_A, &g_empty, 0, 0, NULL },
    { "img", FP | C_INTER_ATTR, &g_empty, 0, 0, NULL },
    { "input", FP | C_INTER_ATTR, &g_empty, 0, 0, NULL },
    { "ins", FP, &g_transparent, 0, 0, NULL },
    { "isindex", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "kbd", FP, &g_phrasing, 0, 0, NULL },
    { "keygen", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "label", FP | I_A, &g_phrasing, A_LABEL, BIT(A_LABEL), NULL },
    { "legend", 0, &g_phrasing_h, 0, 0, "<fieldset>, as its first child" },
    { "li", 0, &g_flow, 0, 0, "<ul>, <ol> or <menu>" },
    { "link", C_META | FP, &g_empty, 0, 0, NULL },
    { "listing", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "main", C_FLOW, &g_flow, 0, 0, NULL },
    { "map", FP, &g_transparent, A_MAP, 0, NULL },
    { "mark", FP, &g_phrasing, 0, 0, NULL },
    { "marquee", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "menu", C_FLOW, &g_list, 0, 0, NULL },
    { "menuitem", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "meta", C_META | FP | C_ITEMPROP, &g_empty, 0, 0, NULL },
    { "meter", FP, &g_phrasing, A_METER, BIT(A_METER), NULL },
    { "multicol", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "nav", C_FLOW, &g_flow, 0, 0, NULL },
    { "nextid", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "nobr", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "noembed", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "noframes", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "noscript", 0, &g_any, 0, 0, NULL },
    { "object", FP | C_INTER_ATTR, &g_object, 0, 0, NULL },
    { "ol", C_FLOW, &g_list, 0, 0, NULL },
    { "optgroup", 0, &g_optgroup, 0, 0, "<select>" },
    { "option", 0, &g_text, 0, 0, "<select>, <optgroup> or <datalist>" },
    { "output", FP, &g_phrasing, 0, 0, NULL },
    { "p", C_FLOW, &g_phrasing, 0, 0, NULL },
    { "param", 0, &g_empty, 0, 0, "<object>, before its other content" },
    { "picture", FP, &g_picture, 0, 0, NULL },
    { "plaintext", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "pre", C_FLOW, &g_phrasing, 0, 0, NULL },
    { "progress", FP, &g_phrasing, A_PROGRESS, BIT(A_PROGRESS), NULL },
    { "q", FP, &g_phrasing, 0, 0, NULL },
    { "rb", 0, &g_phrasing, 0, 0, "<ruby>" },
    { "rp", 0, &g_phrasing, 0, 0, "<ruby>, around an <rt>" },
    { "rt", 0, &g_phrasing, 0, 0, "<ruby> or <rtc>" },
    { "rtc", 0, &g_rtc, 0, 0, "<ruby>" },
    { "ruby", FP, &g_ruby, 0, 0, NULL },
    { "s", FP, &g_phrasing, 0, 0, NULL },
    { "samp", FP, &g_phrasing, 0, 0, NULL },
    { "script", C_META | FP | C_SCRIPT, &g_text, 0, 0, NULL },
    { "section", C_FLOW, &g_flow, 0, 0, NULL },
    { "select", FP | I_A, &g_select, 0, 0, NULL },
    { "slot", FP | C_EPUB33, &g_transparent, 0, 0, NULL },
    { "small", FP, &g_phrasing, 0, 0, NULL },
    { "source", 0, &g_empty, 0, 0,
      "<picture>, <audio> or <video>, before their other content" },
    { "spacer", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "span", FP, &g_phrasing, 0, 0, NULL },
    { "strike", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "strong", FP, &g_phrasing, 0, 0, NULL },
    { "style", C_META, &g_text, 0, 0, "<head>" },
    { "sub", FP, &g_phrasing, 0, 0, NULL },
    { "summary", 0, &g_phrasing_h, 0, 0, "<details>, as its first child" },
    { "sup", FP, &g_phrasing, 0, 0, NULL },
    { "table", C_FLOW, &g_table, 0, BIT(A_CAPTION), NULL },
    { "tbody", 0, &g_tbody, 0, 0, "<table>" },
    { "td", 0, &g_flow, 0, 0, "<tr>" },
    { "template", C_META | FP | C_SCRIPT, &g_any, 0, 0, NULL },
    { "textarea", FP | I_A, &g_text, 0, 0, NULL },
    { "tfoot", 0, &g_tbody, 0, 0, "<table>, after its rows" },
    { "th", 0, &g_flow, 0, 0, "<tr>" },
    { "thead", 0, &g_tbody, 0, 0, "<table>, before its rows" },
    { "time", FP, &g_phrasing, 0, 0, NULL },
    { "title", C_META, &g_text, 0, 0, "<head>" },
    { "tr", 0, &g_tr, 0, 0, "<table>, <thead>, <tbody> or <tfoot>" },
    { "track", 0, &g_empty, 0, 0, "<audio> or <video>, after <source>s" },
    { "tt", C_OBSOLETE, &g_any, 0, 0, NULL },
    { "u", FP, &g_phrasing, 0, 0, NULL },
    { "ul", C_FLOW, &g_list, 0, 0, NULL },
    { "var", FP, &g_phrasing, 0, 0, NULL },
    { "video", FP | C_INTER_ATTR, &g_media, A_MEDIA, BIT(A_MEDIA), NULL },
    { "wbr", FP, &g_empty, 0, 0, NULL },
    { "xmp", C_OBSOLETE, &g_any, 0, 0, NULL },
};

/* <svg> and <math> as HTML sees them: embedded phrasing content. */
static const struct html_element svg_root = {
    "svg", FP, &g_any, 0, 0, NULL };
static const struct html_element math_root = {
    "math", FP, &g_any, 0, 0, NULL };
/* epub:switch and epub:trigger (deprecated): transparent here. */
static const struct html_element epub_elem = {
    "epub", FP | C_META, &g_transparent, 0, 0, NULL };

/* An XHTML element whose name has a hyphen (<x-widget>): EPUBCheck takes
 * it as a custom element, flow and phrasing, its content transparent. */
static const struct html_element custom_elem = {
    "custom element", FP, &g_transparent, 0, 0, NULL };

#define N_HTML (sizeof(html_elements) / sizeof(*html_elements))

/* ---- SVG (EPUBCheck 4.2's SVG 1.1 schema; EPUBCheck 5 is lenient) -- */

enum svg_kind {
    S_CONTAINER,    /* structural and graphics elements, no text */
    S_GRAPHIC,      /* shapes: descriptive and animation children only */
    S_TEXT,         /* text content: text, tspan and the like */
    S_DESC,         /* title: text and HTML, no SVG */
    S_ANY,          /* desc, metadata, style, script, fonts */
    S_GRADIENT,     /* stops and animation */
    S_FILTER,       /* filter primitives */
    S_LEAF,         /* animation, stop, fe*: descriptive/animation only */
    S_FOREIGN       /* foreignObject: HTML flow content */
};

struct svg_element {
    const char *name;
    enum svg_kind kind;
};

/* Sorted by name (strcmp: capitals first). */
static const struct svg_element svg_elements[] = {
    { "a", S_CONTAINER }, { "altGlyph", S_TEXT }, { "altGlyphDef", S_ANY },
    { "altGlyphItem", S_ANY }, { "animate", S_LEAF },
    { "animateColor", S_LEAF }, { "animateMotion", S_LEAF },
    { "animateTransform", S_LEAF }, { "circle", S_GRAPHIC },
    { "clipPath", S_CONTAINER }, { "color-profile", S_ANY },
    { "cursor", S_LEAF }, { "defs", S_CONTAINER }, { "desc", S_ANY },
    { "ellipse", S_GRAPHIC }, { "feBlend", S_LEAF },
    { "feColorMatrix", S_ANY }, { "feComponentTransfer", S_ANY },
    { "feComposite", S_LEAF }, { "feConvolveMatrix", S_LEAF },
    { "feDiffuseLighting", S_ANY }, { "feDisplacementMap", S_LEAF },
    { "feDistantLight", S_LEAF }, { "feFlood", S_LEAF },
    { "feFuncA", S_LEAF }, { "feFuncB", S_LEAF }, { "feFuncG", S_LEAF },
    { "feFuncR", S_LEAF }, { "feGaussianBlur", S_LEAF },
    { "feImage", S_LEAF }, { "feMerge", S_ANY }, { "feMergeNode", S_LEAF },
    { "feMorphology", S_LEAF }, { "feOffset", S_LEAF },
    { "fePointLight", S_LEAF }, { "feSpecularLighting", S_ANY },
    { "feSpotLight", S_LEAF }, { "feTile", S_LEAF },
    { "feTurbulence", S_LEAF }, { "filter", S_FILTER },
    { "font", S_ANY }, { "font-face", S_ANY }, { "font-face-format", S_ANY },
    { "font-face-name", S_ANY }, { "font-face-src", S_ANY },
    { "font-face-uri", S_ANY }, { "foreignObject", S_FOREIGN },
    { "g", S_CONTAINER }, { "glyph", S_CONTAINER },
    { "glyphRef", S_ANY }, { "hkern", S_ANY }, { "image", S_GRAPHIC },
    { "line", S_GRAPHIC }, { "linearGradient", S_GRADIENT },
    { "marker", S_CONTAINER }, { "mask", S_CONTAINER },
    { "metadata", S_ANY }, { "missing-glyph", S_CONTAINER },
    { "mpath", S_LEAF }, { "path", S_GRAPHIC }, { "pattern", S_CONTAINER },
    { "polygon", S_GRAPHIC }, { "polyline", S_GRAPHIC },
    { "radialGradient", S_GRADIENT }, { "rect", S_GRAPHIC },
    { "script", S_ANY }, { "set", S_LEAF }, { "stop", S_LEAF },
    { "style", S_ANY }, { "svg", S_CONTAINER }, { "switch", S_CONTAINER },
    { "symbol", S_CONTAINER }, { "text", S_TEXT }, { "textPath", S_TEXT },
    { "title", S_DESC }, { "tref", S_TEXT }, { "tspan", S_TEXT },
    { "use", S_GRAPHIC }, { "view", S_LEAF }, { "vkern", S_ANY },
};

#define N_SVG (sizeof(svg_elements) / sizeof(*svg_elements))

/* Children allowed in every SVG element that takes elements. */
static const char *const svg_leaf_children[] = {
    "animate", "animateColor", "animateMotion", "animateTransform",
    "desc", "metadata", "mpath", "set", "title",
};

/* What text content elements may hold besides the above. */
static const char *const svg_text_children[] = {
    "a", "altGlyph", "textPath", "tref", "tspan",
};

/* ---- MathML (EPUBCheck's MathML 3 schema) --------------------------- */

enum math_kind {
    M_ROW,          /* any number of presentation children */
    M_TOKEN,        /* text, mglyph, malignmark */
    M_MTEXT,        /* a token that may also hold HTML phrasing */
    M_EMPTY,
    M_FIXED,        /* exactly arity presentation children */
    M_TABLE,        /* mtr, mlabeledtr */
    M_TR,           /* mtd */
    M_SEMANTICS,    /* one presentation child, then annotations */
    M_ANNOTATION,   /* text */
    M_ANNOTATION_XML,
    M_SCRIPTS,      /* mmultiscripts: presentation, mprescripts, none */
    M_STACK,        /* mstack, mlongdiv: lenient */
    M_CELL          /* mtd: row content, only in mtr */
};

struct math_element {
    const char *name;
    enum math_kind kind;
    unsigned char arity;
    const char *belongs;
};

/* Sorted by name. */
static const struct math_element math_elements[] = {
    { "annotation", M_ANNOTATION, 0, "<semantics>" },
    { "annotation-xml", M_ANNOTATION_XML, 0, "<semantics>" },
    { "maction", M_ROW, 0, NULL },
    { "maligngroup", M_EMPTY, 0, NULL },
    { "malignmark", M_EMPTY, 0, NULL },
    { "math", M_ROW, 0, NULL },
    { "menclose", M_ROW, 0, NULL },
    { "merror", M_ROW, 0, NULL },
    { "mfenced", M_ROW, 0, NULL },
    { "mfrac", M_FIXED, 2, NULL },
    { "mglyph", M_EMPTY, 0, "a token element such as <mi>" },
    { "mi", M_TOKEN, 0, NULL },
    { "mlabeledtr", M_TR, 0, "<mtable>" },
    { "mlongdiv", M_STACK, 0, NULL },
    { "mmultiscripts", M_SCRIPTS, 0, NULL },
    { "mn", M_TOKEN, 0, NULL },
    { "mo", M_TOKEN, 0, NULL },
    { "mover", M_FIXED, 2, NULL },
    { "mpadded", M_ROW, 0, NULL },
    { "mphantom", M_ROW, 0, NULL },
    { "mprescripts", M_EMPTY, 0, "<mmultiscripts>" },
    { "mroot", M_FIXED, 2, NULL },
    { "mrow", M_ROW, 0, NULL },
    { "ms", M_TOKEN, 0, NULL },
    { "mscarries", M_STACK, 0, "<mstack>" },
    { "mscarry", M_STACK, 0, "<mscarries>" },
    { "msgroup", M_STACK, 0, "<mstack>" },
    { "msline", M_EMPTY, 0, "<mstack>" },
    { "mspace", M_EMPTY, 0, NULL },
    { "msqrt", M_ROW, 0, NULL },
    { "msrow", M_STACK, 0, "<mstack>" },
    { "mstack", M_STACK, 0, NULL },
    { "mstyle", M_ROW, 0, NULL },
    { "msub", M_FIXED, 2, NULL },
    { "msubsup", M_FIXED, 3, NULL },
    { "msup", M_FIXED, 2, NULL },
    { "mtable", M_TABLE, 0, NULL },
    { "mtd", M_CELL, 0, "<mtr> or <mlabeledtr>" },
    { "mtext", M_MTEXT, 0, NULL },
    { "mtr", M_TR, 0, "<mtable>" },
    { "munder", M_FIXED, 2, NULL },
    { "munderover", M_FIXED, 3, NULL },
    { "none", M_EMPTY, 0, "<mmultiscripts>" },
    { "semantics", M_SEMANTICS, 0, NULL },
};

#define N_MATH (sizeof(math_elements) / sizeof(*math_elements))

/* Children that only fit one kind of parent (their "belongs" text). */
static const char *const math_placed[] = {
    "annotation", "annotation-xml", "mlabeledtr", "mprescripts",
    "mscarries", "mscarry", "msgroup", "msline", "msrow", "mtd", "mtr",
    "none",
};

/* Content MathML: only inside annotation-xml encoding="MathML-Content". */
static const char *const math_content[] = {
    "abs", "and", "apply", "approx", "arccos", "arcsin", "arctan", "arg",
    "bind", "bvar", "card", "cartesianproduct", "cbytes", "ceiling",
    "cerror", "ci", "cn", "codomain", "complexes", "compose", "condition",
    "conjugate", "cos", "cosh", "cot", "coth", "cs", "csc", "csch",
    "csymbol", "curl", "declare", "degree", "determinant", "diff",
    "divergence", "divide", "domain", "domainofapplication", "emptyset",
    "eq", "equivalent", "eulergamma", "exists", "exp", "exponentiale",
    "factorial", "factorof", "false", "floor", "fn", "forall", "gcd",
    "geq", "grad", "gt", "ident", "image", "imaginary", "imaginaryi",
    "implies", "in", "infinity", "int", "integers", "intersect",
    "interval", "inverse", "lambda", "laplacian", "lcm", "leq", "limit",
    "list", "ln", "log", "logbase", "lowlimit", "lt", "matrix",
    "matrixrow", "max", "mean", "median", "min", "minus", "mode",
    "moment", "momentabout", "naturalnumbers", "neq", "not",
    "notanumber", "notin", "notprsubset", "notsubset", "or", "otherwise",
    "outerproduct", "partialdiff", "pi", "piece", "piecewise", "plus",
    "power", "primes", "product", "prsubset", "quotient", "rationals",
    "real", "reals", "reln", "rem", "root", "scalarproduct", "sdev",
    "sec", "sech", "selector", "semantics", "sep", "set", "setdiff",
    "share", "sin", "sinh", "subset", "sum", "tan", "tanh", "tendsto",
    "times", "transpose", "true", "union", "uplimit", "variance",
    "vector", "vectorproduct", "xor",
};

/* annotation-xml encodings EPUBCheck accepts, and what each holds. */
enum ax_kind { AX_XHTML, AX_SVG, AX_CONTENT, AX_PRESENTATION };

static const struct {
    const char *encoding;
    enum ax_kind kind;
} ax_encodings[] = {
    { "MathML", AX_PRESENTATION },
    { "MathML-Content", AX_CONTENT },
    { "MathML-Presentation", AX_PRESENTATION },
    { "SVG1.1", AX_SVG },
    { "application/mathml-content+xml", AX_CONTENT },
    { "application/mathml-presentation+xml", AX_PRESENTATION },
    { "application/xhtml+xml", AX_XHTML },
    { "text/html", AX_XHTML },
};

#define N_AX (sizeof(ax_encodings) / sizeof(*ax_encodings))

/* ---- the walk ------------------------------------------------------- */

struct walker {
    const char *path;
    int epub33;
    struct mk_diag *dc;
    int anc[A_COUNT];
    struct mk_name_cache html_names;    /* html_lookup()'s */
};

static int compare_html(const void *key, const void *entry)
{
    return strcmp(key, ((const struct html_element *)entry)->name);
}

static int compare_svg(const void *key, const void *entry)
{
    return strcmp(key, ((const struct svg_element *)entry)->name);
}

static int compare_math(const void *key, const void *entry)
{
    return strcmp(key, ((const struct math_element *)entry)->name);
}

#define IN_LIST(name, list) MK_IN_LIST(name, list)

static const char *ns_of(const xmlNode *n)
{
    return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

static int is_ns(const xmlNode *n, const char *ns)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp(ns_of(n), ns) == 0;
}

static const char *name_of(const xmlNode *n)
{
    return (const char *)n->name;
}

/* The value of attribute name (no namespace) when it is plain text,
 * without copying; "" for an attribute made of entities; NULL when
 * absent. */
static const char *attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (a = n->properties; a; a = a->next)
        if (!a->ns && strcmp((const char *)a->name, name) == 0) {
            if (a->children && a->children->type == XML_TEXT_NODE
                && a->children->content && !a->children->next)
                return (const char *)a->children->content;
            return "";
        }
    return NULL;
}

static int has_attr(const xmlNode *n, const char *name)
{
    return attr(n, name) != NULL;
}

/* Nonzero if word is one of the space-separated words in list. */
static int in_words(const char *word, const char *list)
{
    return mk_words_have(list, word, strlen(word));
}

static int blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* A text node with something besides whitespace. */
static int is_text(const xmlNode *n)
{
    return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
           && !blank(n->content);
}

/* The table entry of an HTML element, or NULL. */
static const struct html_element *find_html(const char *name)
{
    return bsearch(name, html_elements, N_HTML, sizeof(*html_elements),
                   compare_html);
}

static const struct html_element *html_lookup(struct walker *w,
                                              const xmlChar *name)
{
    const void *hit;
    const struct html_element *e;

    if (mk_name_cache_get(&w->html_names, name, &hit))
        return hit;
    e = find_html((const char *)name);
    if (!e && strchr((const char *)name, '-'))
        e = &custom_elem;
    mk_name_cache_put(&w->html_names, name, e);
    return e;
}

/* The table entry for an element as HTML content sees it, or NULL for
 * an element of a foreign namespace or an unknown one. */
static const struct html_element *as_html(struct walker *w,
                                          const xmlNode *n)
{
    const char *ns = ns_of(n);

    if (strcmp(ns, MK_XHTML_NS) == 0)
        return html_lookup(w, n->name);
    if (strcmp(ns, MK_SVG_NS) == 0 && strcmp(name_of(n), "svg") == 0)
        return &svg_root;
    if (strcmp(ns, MK_MATHML_NS) == 0 && strcmp(name_of(n), "math") == 0)
        return &math_root;
    if (strcmp(ns, MK_EPUB_NS) == 0
        && (strcmp(name_of(n), "switch") == 0
            || strcmp(name_of(n), "trigger") == 0))
        return &epub_elem;
    return NULL;
}

/* Records a fixed message at n's position. */
static void report(struct walker *w, const xmlNode *n, const char *msg)
{
    mk_error(w->dc, w->path, mk_xml_line(n), mk_xml_col(n), "%s", msg);
}

#define AT(n) w->dc, w->path, mk_xml_line(n), mk_xml_col(n)

/* Nonzero if the element is interactive content (what may not be
 * inside <a> or <button>). */
static int interactive(const xmlNode *n, const struct html_element *e)
{
    const char *name = e->name;
    const char *type;

    if (e->cat & C_INTERACTIVE)
        return 1;
    if (!(e->cat & C_INTER_ATTR))
        return 0;
    if (strcmp(name, "audio") == 0 || strcmp(name, "video") == 0)
        return has_attr(n, "controls");
    if (strcmp(name, "img") == 0 || strcmp(name, "object") == 0)
        return has_attr(n, "usemap");
    type = attr(n, "type");
    return !type || strcmp(type, "hidden") != 0;
}

/* What the nearest non-transparent ancestor of n (n included) lets its
 * children be: K_FLOW or K_PHRASING. */
static unsigned context_of(struct walker *w, const xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const struct html_element *e = as_html(w, n);
        unsigned kinds = 0;
        size_t i;

        if (!e) {
            if (is_ns(n, MK_EPUB_NS))
                continue;       /* epub:case, epub:default */
            return K_FLOW;      /* foreignObject, annotation-xml */
        }
        if (e == &svg_root || e == &math_root)
            return K_FLOW;
        for (i = 0; i < e->g->n; i++)
            kinds |= e->g->steps[i].kinds;
        if (kinds & (K_FLOW | K_ANY))
            return K_FLOW;
        if (!(kinds & K_TRANSPARENT))
            return K_PHRASING;
    }
    return K_FLOW;
}

/* Nonzero if child (with table entry e, or NULL) fits particle p of an
 * element whose transparent context is ctx. */
static int fits(const struct particle *p, const xmlNode *child,
                const struct html_element *e, unsigned ctx)
{
    unsigned kinds = p->kinds;
    unsigned cat;

    if (p->names && is_ns(child, MK_XHTML_NS)
        && in_words(name_of(child), p->names))
        return 1;
    if (!e)
        return 0;
    if (kinds & K_ANY)
        return 1;
    if (kinds & K_TRANSPARENT)
        kinds |= ctx;
    cat = e->cat;
    if ((cat & C_ITEMPROP) && !has_attr(child, "itemprop"))
        cat &= ~(unsigned)(C_FLOW | C_PHRASING);
    return ((kinds & K_FLOW) && (cat & C_FLOW))
           || ((kinds & K_PHRASING) && (cat & C_PHRASING))
           || ((kinds & K_HEADING) && (cat & C_HEADING))
           || ((kinds & K_META) && (cat & C_META));
}

/* The first name of a particle's list, for messages. */
static const char *first_name(const struct particle *p, char *buf,
                              size_t size)
{
    size_t n;

    if (!p->names)
        return "content";
    n = strcspn(p->names, " ");
    if (n >= size)
        n = size - 1;
    memcpy(buf, p->names, n);
    buf[n] = '\0';
    return buf;
}

/* What a grammar holds, for messages. */
static const char *holds(const struct grammar *g)
{
    return g->holds ? g->holds : "it is not allowed there";
}

/* "a" or "an" before the element name that starts names. */
static const char *article(const char *names)
{
    return names && names[0] && strchr("aeio", names[0]) ? "an" : "a";
}

/* Reports child, which its parent's grammar does not take at all. */
static void misplaced(struct walker *w, const xmlNode *parent,
                      const xmlNode *child, const struct grammar *pg,
                      const struct html_element *ce)
{
    const char *pn = name_of(parent);
    const char *cn = name_of(child);

    if (ce && (ce->cat & C_OBSOLETE))
        return;                 /* reported as obsolete */
    if (!is_ns(parent, MK_XHTML_NS)
        && (strcmp(cn, "body") == 0 || strcmp(cn, "html") == 0)) {
        mk_error(AT(child), "<%s> cannot contain <%s>: put the <%s>'s "
                 "content (flow content such as <p> or <div>) directly "
                 "in the <%s>", pn, cn, cn, pn);
        return;
    }
    if (ce && strcmp(cn, "style") == 0) {
        report(w, child, "<style> is only allowed inside <head>: move it "
               "there, or into a CSS file");
    } else if (ce && strcmp(cn, "noscript") == 0) {
        report(w, child, "<noscript> is not allowed in EPUB's XHTML: "
               "remove the <noscript> tags (keep their content if it "
               "should show)");
    } else if (ce && (ce->cat & C_ITEMPROP) && pg != &g_head
               && !has_attr(child, "itemprop")) {
        mk_error(AT(child), "<%s> outside <head> needs an itemprop "
                 "attribute: move it into <head>", cn);
    } else if (ce && ce->belongs && !(ce->cat & (C_FLOW | C_PHRASING))) {
        mk_error(AT(child), "<%s> cannot contain <%s>: <%s> belongs only "
                 "in %s", pn, cn, cn, ce->belongs);
    } else if (pg == &g_transparent || pg == &g_object
               || pg == &g_media) {
        mk_error(AT(child), "<%s> cannot contain <%s> here: <%s> takes "
                 "the content model of its parent, which holds only "
                 "phrasing content (text and inline elements); move the "
                 "<%s> out, or put the <%s> in a block element such as "
                 "<div>", pn, cn, pn, cn, pn);
    } else if (pg == &g_phrasing && ce && (ce->cat & C_FLOW)) {
        mk_error(AT(child), "<%s> cannot contain <%s>: %s; close the <%s> "
                 "before the <%s>, or use a block element such as <div> "
                 "instead of <%s>", pn, cn, phrasing_holds, pn, cn, pn);
    } else {
        mk_error(AT(child), "<%s> cannot contain <%s>: %s", pn, cn,
                 holds(pg));
    }
}

/* Nonzero if a sibling after c fits particle p. */
static int comes_later(struct walker *w, const xmlNode *c,
                       const struct particle *p, unsigned ctx)
{
    for (c = c->next; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && fits(p, c, as_html(w, c), ctx))
            return 1;
    return 0;
}

/* Nonzero if an earlier sibling of c has its name (both XHTML). */
static int seen_before(const xmlNode *c)
{
    const xmlNode *d;

    for (d = c->parent->children; d != c; d = d->next)
        if (is_ns(d, MK_XHTML_NS) && strcmp(name_of(d), name_of(c)) == 0)
            return 1;
    return 0;
}

/* Checks the children of an HTML element against grammar g. */
static void check_children_from(struct walker *w, const xmlNode *n,
                                const struct grammar *g,
                                const xmlNode *first, const xmlNode *stop);

static void check_children(struct walker *w, const xmlNode *n,
                           const struct grammar *g)
{
    check_children_from(w, n, g, n->children, NULL);
}

/* Checks the children of n from first to before stop against g. */
static void check_children_from(struct walker *w, const xmlNode *n,
                                const struct grammar *g,
                                const xmlNode *first, const xmlNode *stop)
{
    const xmlNode *c;
    size_t step = 0, count = 0, prev_count = 0, i;
    size_t saved_step, saved_count, saved_prev;
    unsigned ctx = K_FLOW;
    int text_reported = 0;
    char buf[32];

    for (i = 0; i < g->n; i++)
        if (g->steps[i].kinds & K_TRANSPARENT)
            ctx = context_of(w, n->parent);
    for (c = first; c != stop; c = c->next) {
        const struct html_element *ce;

        if (is_text(c)) {
            /* text ends the steps before the first one that takes it */
            for (i = step; i < g->n && !(g->steps[i].kinds & K_TEXT); i++)
                if ((i == step ? count : 0) < g->steps[i].min)
                    break;
            if (i < g->n && i != step && (g->steps[i].kinds & K_TEXT)) {
                prev_count = i == step + 1 ? count : 0;
                step = i;
                count = 0;
            }
            if (g->text && i < g->n && i == step && count < g->steps[i].min
                && !(g->steps[i].kinds & K_TEXT) && !text_reported)
                mk_error(AT(n), "<%s> needs %s <%s> before its text: %s",
                         name_of(n), article(g->steps[i].names),
                         first_name(&g->steps[i], buf, sizeof(buf)),
                         holds(g));
            if (!g->text && !text_reported)
                mk_error(AT(n), "<%s> cannot contain text directly: %s; "
                         "wrap the text in an element that fits there, "
                         "or remove it", name_of(n), holds(g));
            text_reported = 1;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        ce = as_html(w, c);
        if (!ce)
            continue;           /* foreign or unknown: reported as such */
        if (g->n > 0 && (ce->cat & C_SCRIPT))
            continue;           /* script and template go in any list */
        if (g->once && is_ns(c, MK_XHTML_NS)
            && in_words(name_of(c), g->once) && seen_before(c)) {
            mk_error(AT(c), "<%s> may hold only one <%s>: remove this "
                     "one, or merge it into the first", name_of(n),
                     name_of(c));
            continue;
        }
        saved_step = step;
        saved_count = count;
        saved_prev = prev_count;
        for (;;) {
            const struct particle *p = step < g->n ? &g->steps[step] : NULL;

            if (p && (!p->max || count < p->max) && fits(p, c, ce, ctx)
                && !(p->not_after_prev && prev_count > 0)) {
                count++;
                break;
            }
            if (p && count < p->min) {
                if (!comes_later(w, c, p, ctx))
                    mk_error(AT(c), "<%s> needs %s <%s> before <%s>: %s",
                             name_of(n), article(p->names),
                             first_name(p, buf, sizeof(buf)), name_of(c),
                             holds(g));
                count = p->min;
                continue;
            }
            if (!p) {
                for (i = 0; i < g->n; i++)
                    if (fits(&g->steps[i], c, ce, ctx))
                        break;
                if (i < g->n)
                    mk_error(AT(c), "<%s> is out of order in <%s>: %s",
                             name_of(c), name_of(n), holds(g));
                else
                    misplaced(w, n, c, g, ce);
                /* the next children go on from where this one failed */
                step = saved_step;
                count = saved_count;
                prev_count = saved_prev;
                break;
            }
            prev_count = count;
            step++;
            count = 0;
        }
    }
    for (; step < g->n; step++, count = 0)
        if (count < g->steps[step].min)
            mk_error(AT(n), "<%s> is incomplete: it needs %s <%s>; %s",
                     name_of(n), article(g->steps[step].names),
                     first_name(&g->steps[step], buf, sizeof(buf)),
                     holds(g));
}

/* dl: (dt+ dd+)* or div*; a div in a dl holds one dt+ dd+ group. */
static void check_dl_group(struct walker *w, const xmlNode *n, int is_div)
{
    const xmlNode *c;
    int state = 0;      /* 0 start, 1 after dt, 2 after dd */
    int divs = 0, bare = 0, mixed = 0;

    for (c = n->children; c; c = c->next) {
        const char *cn;

        if (!is_ns(c, MK_XHTML_NS))
            continue;
        cn = name_of(c);
        if (strcmp(cn, "div") == 0 && !is_div)
            divs++;
        else if (strcmp(cn, "dt") == 0 || strcmp(cn, "dd") == 0)
            bare++;
        else
            continue;   /* anything else: the grammar reports it */
        if (divs && bare && !mixed) {
            report(w, c, "<dl> cannot mix <div> groups with bare <dt> and "
                   "<dd>: wrap every <dt>/<dd> group in a <div>, or none");
            mixed = 1;
        }
        if (strcmp(cn, "dt") == 0) {
            if (state == 2 && is_div)
                report(w, c, "a <div> in a <dl> holds one group (<dt>s, "
                       "then <dd>s): start a new <div> for this <dt>");
            state = 1;
        } else if (strcmp(cn, "dd") == 0) {
            if (state == 0)
                mk_error(AT(c), "<dd> must follow a <dt> in <%s>: add the "
                         "term (<dt>) before it", name_of(n));
            state = 2;
        }
    }
    if (state == 1)
        mk_error(AT(n), "<%s> ends with a <dt> that has no <dd>: add the "
                 "description (<dd>) after it", name_of(n));
    if (is_div && state == 0)
        report(w, n, "a <div> in a <dl> must hold a <dt> and a <dd>: add "
               "them, or remove the <div>");
}

/* hgroup: EPUB 3.2 takes h1-h6 only (one or more), EPUB 3.3 exactly one
 * heading with <p>s around it; both together: exactly one heading. */
static void check_hgroup(struct walker *w, const xmlNode *n)
{
    const xmlNode *c;
    int headings = 0;

    for (c = n->children; c; c = c->next) {
        const char *cn;

        if (!is_ns(c, MK_XHTML_NS))
            continue;
        cn = name_of(c);
        if (cn[0] == 'h' && cn[1] >= '1' && cn[1] <= '6' && !cn[2]) {
            if (++headings == 2)
                mk_error(AT(c), "<hgroup> may hold only one heading in "
                         "EPUB 3.3 (EPUBCheck 5): take this <%s> out of "
                         "the <hgroup>%s", cn, w->epub33 ? ", or make it "
                         "a <p>" : "");
        } else if (strcmp(cn, "p") == 0 && !w->epub33) {
            report(w, c, "<p> in <hgroup> is EPUB 3.3 only: EPUB 3.2 "
                   "(EPUBCheck 4.2) allows only <h1>-<h6> there; move the "
                   "<p> after the <hgroup>, or build with --epub 3.3");
        }
    }
    if (headings == 0)
        report(w, n, "<hgroup> needs a heading (<h1> to <h6>): add one, "
               "or replace the <hgroup> with its content");
}

/* The element child before or after c (text counts as a break). */
static const xmlNode *sibling(const xmlNode *c, int forward)
{
    for (c = forward ? c->next : c->prev; c;
         c = forward ? c->next : c->prev)
        if (c->type == XML_ELEMENT_NODE || is_text(c))
            return c;
    return NULL;
}

static int is_html_named(const xmlNode *n, const char *name)
{
    return n && is_ns(n, MK_XHTML_NS) && strcmp(name_of(n), name) == 0;
}

/* ruby: at least one rt or rtc; every rp next to an rt. */
static void check_ruby(struct walker *w, const xmlNode *n)
{
    const xmlNode *c;
    const xmlNode *base = NULL;     /* base content after the last rt */
    int annotated = 0;

    for (c = n->children; c; c = c->next) {
        if (is_html_named(c, "rt") || is_html_named(c, "rtc")) {
            annotated = 1;
            base = NULL;
        } else if (!base && (is_text(c) || (c->type == XML_ELEMENT_NODE
                                           && !is_html_named(c, "rp")))) {
            base = c;
        }
        if (is_html_named(c, "rp") && !is_html_named(sibling(c, 0), "rt")
            && !is_html_named(sibling(c, 1), "rt"))
            report(w, c, "<rp> must stand right before or after an <rt>: "
                   "move it next to the <rt> it wraps");
    }
    if (!annotated && strcmp(name_of(n), "ruby") == 0)
        report(w, n, "<ruby> needs an <rt> annotation: add <rt>...</rt> "
               "after the base text, or remove the <ruby>");
    else if (base && strcmp(name_of(n), "ruby") == 0)
        report(w, base->type == XML_ELEMENT_NODE ? base : n, "<ruby> "
               "ends with base text that has no <rt> after it: add an "
               "<rt>...</rt> after it, or move it out of the <ruby>");
}

/* The next <option> in document order below select, from d. */
static const xmlNode *next_option(const xmlNode *select, const xmlNode *d)
{
    while (d) {
        if (is_html_named(d, "optgroup") && d->children)
            d = d->children;
        else if (d->next)
            d = d->next;
        else if (d->parent != select)
            d = d->parent->next;
        else
            d = NULL;
        if (is_html_named(d, "option"))
            return d;
    }
    return NULL;
}

/* Rules that read attributes of the element or its children. */
static void check_attr_rules(struct walker *w, const xmlNode *n,
                             const char *name)
{
    const xmlNode *c;
    int seen = 0;

    if (strcmp(name, "colgroup") == 0 && has_attr(n, "span")) {
        for (c = n->children; c; c = c->next)
            if (is_ns(c, MK_XHTML_NS)) {
                mk_error(AT(c), "<colgroup span=\"...\"> must be empty: "
                         "remove the span attribute, or the <%s>",
                         name_of(c));
                break;
            }
    } else if (strcmp(name, "audio") == 0 || strcmp(name, "video") == 0) {
        for (c = n->children; c; c = c->next)
            if (is_html_named(c, "track") && has_attr(c, "default")
                && ++seen == 2)
                mk_error(AT(c), "only one <track> of a <%s> may be "
                         "default: remove default=\"...\" from this one",
                         name);
        for (c = n->children; c && has_attr(n, "src"); c = c->next)
            if (is_html_named(c, "source")) {
                mk_error(AT(c), "a <%s> with a src attribute cannot also "
                         "have <source> children: remove src, or the "
                         "<source>s", name);
                break;
            }
    } else if (strcmp(name, "select") == 0 && !has_attr(n, "multiple")) {
        c = n->children;
        if (!is_html_named(c, "option"))
            c = next_option(n, c);
        for (; c; c = next_option(n, c))
            if (has_attr(c, "selected") && ++seen == 2)
                report(w, c, "a <select> without multiple=\"multiple\" "
                       "may have only one selected <option>: remove "
                       "selected from this one, or add multiple to the "
                       "<select>");
    } else if (strcmp(name, "head") == 0) {
        const xmlNode *equiv = NULL;
        int charset = 0;

        for (c = n->children; c; c = c->next) {
            const char *he = attr(c, "http-equiv");

            if (!is_html_named(c, "meta"))
                continue;
            if (he && strcasecmp(he, "content-type") == 0 && !equiv)
                equiv = c;
            if (has_attr(c, "charset") && ++seen == 2)
                report(w, c, "a document may have only one <meta "
                       "charset>: remove this one");
            charset |= has_attr(c, "charset");
        }
        if (equiv && charset)
            report(w, equiv, "a document cannot have both <meta "
                   "http-equiv=\"Content-Type\"> and <meta charset>: "
                   "remove this <meta http-equiv>, the <meta charset> "
                   "says the same");
    }
}

static const char *const anc_names[A_COUNT] = {
    "", "a", "a", "button", "address", "form", "header", "footer",
    "label", "caption", "dfn", "progress", "meter", "audio/video",
    "map", "svg:title", "svg:metadata", "annotation-xml",
    "annotation-xml",
};

/* The grammar n's children follow: e's, or the one attr_grammars gives
 * when n lacks the attribute. */
static const struct grammar *grammar_of(const xmlNode *n,
                                        const struct html_element *e)
{
    size_t i;

    for (i = 0; i < sizeof(attr_grammars) / sizeof(*attr_grammars); i++)
        if (strcmp(e->name, attr_grammars[i].element) == 0
            && !has_attr(n, attr_grammars[i].attr))
            return attr_grammars[i].without;
    return e->g;
}

/* Checks one known HTML element on the way down. */
static void enter_html(struct walker *w, const xmlNode *n,
                       const struct html_element *e)
{
    const char *name = e->name;
    int in_dl = is_html_named(n->parent, "dl");
    int a;

    if (e->cat & C_OBSOLETE) {
        mk_error(AT(n), "<%s> is obsolete HTML and not allowed in EPUB 3 "
                 "content; use CSS or a current element instead", name);
        return;
    }
    if ((e->cat & C_EPUB33) && !w->epub33)
        mk_error(AT(n), "<%s> is EPUB 3.3 only: EPUB 3.2 (EPUBCheck 4.2) "
                 "does not know it; use a <span> instead, or build with "
                 "--epub 3.3", name);
    if (w->anc[A_AX_ALT] == 0 && w->anc[A_SVG_DESC] == 0
        && (e->cat & (C_INTERACTIVE | C_INTER_ATTR)) && interactive(n, e)
        && (w->anc[A_A] || w->anc[A_BUTTON])) {
        mk_error(AT(n), "<%s> cannot be inside <%s>: links, buttons and "
                 "other interactive elements cannot nest; move the <%s> "
                 "out", name, w->anc[A_A] ? "a" : "button", name);
    } else {
        for (a = 1; a < A_COUNT; a++)
            if ((e->banned_in & BIT(a)) && w->anc[a]) {
                mk_error(AT(n), "<%s> cannot be inside <%s>: move it out "
                         "of the <%s>", name, anc_names[a], anc_names[a]);
                break;
            }
    }
    if (strcmp(name, "area") == 0 && !w->anc[A_MAP])
        report(w, n, "<area> must be inside a <map>: wrap it in <map "
               "name=\"...\">");
    if (strcmp(name, "img") == 0 && has_attr(n, "ismap")
        && !w->anc[A_AHREF])
        report(w, n, "<img ismap> must be inside an <a href>: link the "
               "image, or remove ismap");
    if (e->g == &g_dl || (in_dl && strcmp(name, "div") == 0))
        check_dl_group(w, n, !(e->g == &g_dl));
    else if (e->g == &g_hgroup)
        check_hgroup(w, n);
    else if (e->g == &g_ruby || e->g == &g_rtc)
        check_ruby(w, n);
    check_attr_rules(w, n, name);
    if (in_dl && strcmp(name, "div") == 0)
        return;     /* its content is the dl group checked above */
    check_children(w, n, grammar_of(n, e));
}

/* Names people write for HTML elements, and the element meant. */
static const struct alias {
    const char *name;
    const char *meant;
} aliases[] = {
    { "anchor", "a" }, { "bold", "b" }, { "break", "br" },
    { "division", "div" }, { "emph", "em" }, { "emphasis", "em" },
    { "heading", "h1" }, { "image", "img" }, { "italic", "i" },
    { "item", "li" }, { "list", "ul" }, { "para", "p" },
    { "paragraph", "p" }, { "quote", "blockquote" }, { "search", "div" },
    { "underline", "u" },
};

static int compare_alias(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

/* An element in the XHTML namespace that HTML does not have. */
static void unknown_html(struct walker *w, const xmlNode *n)
{
    const char *names[N_HTML];
    const char *guess;
    const struct alias *alias;
    const xmlNode *up;
    size_t i, k = 0;

    /* <svg> or <math> without its namespace: one report, at the root */
    for (up = n; up && up->type == XML_ELEMENT_NODE; up = up->parent)
        if (is_html_named(up, "svg") || is_html_named(up, "math")) {
            if (up == n)
                mk_error(AT(n), "<%s> is missing its namespace, so it is "
                         "read as HTML: write <%s xmlns=\"%s\">",
                         name_of(n), name_of(n), strcmp(name_of(n), "svg")
                         == 0 ? MK_SVG_NS : MK_MATHML_NS);
            return;
        }

    for (i = 0; i < N_HTML; i++)
        if (!(html_elements[i].cat & C_OBSOLETE))
            names[k++] = html_elements[i].name;
    alias = bsearch(name_of(n), aliases, sizeof(aliases)
                    / sizeof(*aliases), sizeof(*aliases), compare_alias);
    guess = alias ? alias->meant : mk_suggest(name_of(n), names, k, 2);
    if (guess)
        mk_error(AT(n), "<%s> is not an HTML element: did you mean <%s>?",
                 name_of(n), guess);
    else
        mk_error(AT(n), "<%s> is not an HTML element that EPUB allows: "
                 "use a known one (a <span> or <div> with a class, for "
                 "instance)", name_of(n));
}

/* ---- SVG ------------------------------------------------------------ */

static const struct svg_element *svg_lookup(const char *name)
{
    return bsearch(name, svg_elements, N_SVG, sizeof(*svg_elements),
                   compare_svg);
}

/* An EPUB 3.2-only SVG problem: an error unless --epub 3.3. */
static void svg32(struct walker *w, const xmlNode *n, const char *what,
                  const char *fix)
{
    if (!w->epub33)
        mk_error(AT(n), "%s: EPUBCheck 4.2 (EPUB 3.2's SVG 1.1 schema) "
                 "refuses it; %s, or build with --epub 3.3", what, fix);
}

/* An SVG hyperlink needs a human-readable title: a <title> child or
 * xlink:title (EPUBCheck 4.2 ACC-011, a warning; 5 does not ask). */
static void check_svg_link_title(struct walker *w, const xmlNode *a)
{
    const xmlNode *c;

    if (xmlHasNsProp((xmlNodePtr)a, BAD_CAST "title", BAD_CAST MK_XLINK_NS))
        return;
    for (c = a->children; c; c = c->next)
        if (is_ns(c, MK_SVG_NS) && strcmp(name_of(c), "title") == 0)
            return;
    if (!w->epub33)
        mk_error(AT(a), "SVG link <svg:a> has no title: EPUBCheck 4.2 "
                 "warns (ACC-011); give it a <title> child or "
                 "xlink:title=\"...\" saying where it leads, or build with "
                 "--epub 3.3");
}

/* Nonzero if an SVG element of kind k may hold the SVG child named cn. */
static int svg_takes(enum svg_kind k, const char *pn, const char *cn)
{
    const struct svg_element *c = svg_lookup(cn);

    if (!c)
        return 1;       /* unknown: reported on its own */
    if (IN_LIST(cn, svg_leaf_children))
        return k != S_DESC;
    switch (k) {
    case S_CONTAINER:
        /* <a> is a container too, and may also stand inside text */
        return (strcmp(cn, "a") == 0 || !IN_LIST(cn, svg_text_children))
               && strcmp(cn, "stop") != 0
               && strncmp(cn, "fe", 2) != 0 && strcmp(cn, "glyphRef") != 0
               && strcmp(cn, "altGlyphItem") != 0
               && strncmp(cn, "font-face-", 10) != 0;
    case S_TEXT:
        return IN_LIST(cn, svg_text_children) && strcmp(pn, "tref") != 0;
    case S_GRADIENT:
        return strcmp(cn, "stop") == 0;
    case S_FILTER:
        return strncmp(cn, "fe", 2) == 0 && strncmp(cn, "feFunc", 6) != 0;
    case S_ANY:
        return 1;
    default:
        return 0;
    }
}

/* Every attribute name (no namespace) EPUBCheck 4.2's SVG 1.1 schema
 * (schema/30/mod/svg11) has on some element, sorted (strcmp); aria-*
 * and role come from HTML.  Others are refused in EPUB 3.2 mode. */
static const char *const svg11_attrs[] = {
    "accent-height", "accumulate", "additive", "alignment-baseline",
    "alphabetic", "amplitude", "arabic-form", "ascent", "attributeName",
    "attributeType", "azimuth", "baseFrequency", "baseProfile",
    "baseline-shift", "bbox", "begin", "bias", "by", "calcMode", "cap-height",
    "class", "clip", "clip-path", "clip-rule", "clipPathUnits", "color",
    "color-interpolation", "color-interpolation-filters", "color-profile",
    "color-rendering", "contentScriptType", "contentStyleType", "cursor",
    "cx", "cy", "d", "descent", "diffuseConstant", "direction", "display",
    "divisor", "dominant-baseline", "dur", "dx", "dy", "edgeMode",
    "elevation", "enable-background", "end", "exponent",
    "externalResourcesRequired", "fill", "fill-opacity", "fill-rule",
    "filter", "filterRes", "filterUnits", "flood-color", "flood-opacity",
    "focusable", "font-family", "font-size", "font-size-adjust",
    "font-stretch", "font-style", "font-variant", "font-weight", "format",
    "from", "fx", "fy", "g1", "g2", "glyph-name",
    "glyph-orientation-horizontal", "glyph-orientation-vertical", "glyphRef",
    "gradientTransform", "gradientUnits", "hanging", "height", "horiz-adv-x",
    "horiz-origin-x", "horiz-origin-y", "href", "id", "ideographic",
    "image-rendering", "in", "in2", "intercept", "k", "k1", "k2", "k3", "k4",
    "kernelMatrix", "kernelUnitLength", "kerning", "keyPoints", "keySplines",
    "keyTimes", "lang", "lengthAdjust", "letter-spacing", "lighting-color",
    "limitingConeAngle", "local", "marker-end", "marker-mid", "marker-start",
    "markerHeight", "markerUnits", "markerWidth", "mask", "maskContentUnits",
    "maskUnits", "mathematical", "max", "media", "method", "min", "mode",
    "name", "numOctaves", "offset", "onabort", "onactivate", "onbegin",
    "onclick", "onend", "onerror", "onfocusin", "onfocusout", "onload",
    "onmousedown", "onmousemove", "onmouseout", "onmouseover", "onmouseup",
    "onrepeat", "onresize", "onscroll", "onunload", "onzoom", "opacity",
    "operator", "order", "orient", "orientation", "origin", "overflow",
    "overline-position", "overline-thickness", "panose-1", "path",
    "pathLength", "patternContentUnits", "patternTransform", "patternUnits",
    "pointer-events", "points", "pointsAtX", "pointsAtY", "pointsAtZ",
    "preserveAlpha", "preserveAspectRatio", "primitiveUnits", "r", "radius",
    "refX", "refY", "rendering-intent", "repeatCount", "repeatDur",
    "requiredExtensions", "requiredFeatures", "restart", "result", "rotate",
    "rx", "ry", "scale", "seed", "set", "sets", "shape-rendering", "slope",
    "spacing", "specification", "specularConstant", "specularExponent",
    "spreadMethod", "startOffset", "stdDeviation", "stemh", "stemv",
    "stitchTiles", "stop-color", "stop-opacity", "strikethrough-position",
    "strikethrough-thickness", "string", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-opacity", "stroke-width", "style",
    "surfaceScale", "systemLanguage", "tabindex", "tableValues", "target",
    "targetX", "targetY", "text-anchor", "text-decoration", "text-rendering",
    "textLength", "title", "to", "transform", "type", "u1", "u2",
    "underline-position", "underline-thickness", "unicode", "unicode-bidi",
    "unicode-range", "units-per-em", "v-alphabetic", "v-hanging",
    "v-ideographic", "v-mathematical", "value", "values", "version",
    "vert-adv-y", "vert-origin-x", "vert-origin-y", "viewBox", "viewTarget",
    "visibility", "when", "width", "widths", "word-spacing", "writing-mode",
    "x", "x-height", "x1", "x2", "xChannelSelector", "y", "y1", "y2",
    "yChannelSelector", "z", "zoomAndPan",
};

/* Attributes SVG 1.1 requires: element, then the names (sorted by
 * element). */
static const struct {
    const char *element;
    const char *attrs;
} svg11_required[] = {
    { "circle", "r" }, { "ellipse", "rx ry" },
    { "feConvolveMatrix", "order kernelMatrix" },
    { "foreignObject", "width height" }, { "image", "width height" },
    { "path", "d" }, { "polygon", "points" }, { "polyline", "points" },
    { "rect", "width height" }, { "stop", "offset" },
};

/* The attributes of SVG element n that EPUBCheck 4.2 refuses (unknown
 * in SVG 1.1) or misses (required). */
static void check_svg11_attrs(struct walker *w, const xmlNode *n)
{
    const xmlAttr *a;
    const char *el = name_of(n);
    const char *p, *q;
    char what[200], name[32];
    size_t i;

    if (w->epub33)
        return;
    for (a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name;

        if (a->ns || strncmp(an, "aria-", 5) == 0
            || strcmp(an, "role") == 0)
            continue;
        if (IN_LIST(an, svg11_attrs))
            continue;
        snprintf(what, sizeof(what), "attribute %s on <svg:%s> is not an "
                 "SVG 1.1 attribute", an, el);
        svg32(w, n, what, "remove it (keep your own data in a namespace "
              "of your own)");
    }
    for (i = 0; i < sizeof(svg11_required) / sizeof(*svg11_required); i++) {
        if (strcmp(svg11_required[i].element, el) != 0)
            continue;
        for (p = svg11_required[i].attrs; *p; p = q) {
            q = p + strcspn(p, " ");
            if ((size_t)(q - p) < sizeof(name)) {
                memcpy(name, p, (size_t)(q - p));
                name[q - p] = '\0';
                if (!xmlHasNsProp((xmlNodePtr)n, BAD_CAST name, NULL)) {
                    snprintf(what, sizeof(what), "<svg:%s> has no %s, "
                             "which SVG 1.1 requires", el, name);
                    svg32(w, n, what, "add it");
                }
            }
            while (*q == ' ')
                q++;
        }
    }
}

/* Where a misplaced SVG child belongs. */
static const char *svg_fix(const char *cn)
{
    if (strcmp(cn, "stop") == 0)
        return "move it into a <linearGradient> or <radialGradient>";
    if (strncmp(cn, "feFunc", 6) == 0)
        return "move it into a <feComponentTransfer>";
    if (strncmp(cn, "fe", 2) == 0)
        return "move it into a <filter>";
    if (IN_LIST(cn, svg_text_children))
        return "move it into a <text>";
    return "move it into a container such as <g>";
}

/* Checks an SVG element and its children. */
static void enter_svg(struct walker *w, const xmlNode *n)
{
    const struct svg_element *e = svg_lookup(name_of(n));
    const xmlNode *c;
    enum svg_kind kind;
    int text_reported = 0;
    char what[160];

    if (!is_ns(n->parent, MK_SVG_NS) && strcmp(name_of(n), "svg") != 0) {
        mk_error(AT(n), "<svg:%s> must be inside an <svg> element: wrap it "
                 "in <svg xmlns=\"http://www.w3.org/2000/svg\">",
                 name_of(n));
        return;
    }
    if (!e) {
        snprintf(what, sizeof(what), "<svg:%s> is not an SVG 1.1 element",
                 name_of(n));
        svg32(w, n, what, "remove it or use a known SVG element");
        return;
    }
    kind = e->kind;
    /* an <a> inside text content holds text content itself */
    if (strcmp(e->name, "a") == 0 && is_ns(n->parent, MK_SVG_NS)
        && svg_lookup(name_of(n->parent))
        && svg_lookup(name_of(n->parent))->kind == S_TEXT)
        kind = S_TEXT;
    if (kind == S_FOREIGN) {
        check_children(w, n, &g_flow);
        return;
    }
    if (kind == S_ANY)
        return;
    if (strcmp(e->name, "a") == 0)
        check_svg_link_title(w, n);
    check_svg11_attrs(w, n);
    for (c = n->children; c; c = c->next) {
        if (is_text(c) && kind != S_TEXT && kind != S_DESC
            && !text_reported) {
            snprintf(what, sizeof(what), "<svg:%s> cannot contain text "
                     "directly", name_of(n));
            svg32(w, n, what, "put the text in an <svg:text>");
            text_reported = 1;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_ns(c, MK_SVG_NS)) {
            if (kind == S_DESC)
                mk_error(AT(c), "<svg:%s> cannot contain SVG elements "
                         "such as <%s>: it holds only text; move the "
                         "<%s> out", name_of(n), name_of(c), name_of(c));
            else if (!svg_takes(kind, name_of(n), name_of(c))) {
                snprintf(what, sizeof(what), "<svg:%s> cannot contain "
                         "<svg:%s>", name_of(n), name_of(c));
                svg32(w, c, what, svg_fix(name_of(c)));
            }
        } else if (is_ns(c, MK_XHTML_NS) && kind != S_DESC) {
            snprintf(what, sizeof(what), "HTML <%s> cannot stand directly "
                     "in <svg:%s>", name_of(c), name_of(n));
            svg32(w, c, what, "wrap it in <svg:foreignObject>");
        }
    }
}

/* ---- MathML --------------------------------------------------------- */

static const struct math_element *math_lookup(const char *name)
{
    return bsearch(name, math_elements, N_MATH, sizeof(*math_elements),
                   compare_math);
}

/* Nonzero if c is a presentation expression (what rows hold). */
static int presentation(const xmlNode *c)
{
    const struct math_element *m;

    if (!is_ns(c, MK_MATHML_NS))
        return 0;
    m = math_lookup(name_of(c));
    return !m || (strcmp(m->name, "math") != 0
                  && !IN_LIST(m->name, math_placed));
}

/* What a MathML parent of kind k takes besides presentation children. */
static int math_takes(enum math_kind k, const char *cn)
{
    switch (k) {
    case M_TABLE:
        return strcmp(cn, "mtr") == 0 || strcmp(cn, "mlabeledtr") == 0;
    case M_TR:
        return strcmp(cn, "mtd") == 0;
    case M_SCRIPTS:
        return strcmp(cn, "mprescripts") == 0 || strcmp(cn, "none") == 0;
    case M_SEMANTICS:
        return strcmp(cn, "annotation") == 0
               || strcmp(cn, "annotation-xml") == 0;
    case M_STACK:
        return 1;
    default:
        return 0;
    }
}

/* annotation-xml: its encoding decides what it holds. */
static void check_annotation_xml(struct walker *w, const xmlNode *n)
{
    const char *enc = attr(n, "encoding");
    const char *name = attr(n, "name");
    const xmlNode *c;
    size_t i;

    for (i = 0; enc && i < N_AX; i++)
        if (strcmp(enc, ax_encodings[i].encoding) == 0)
            break;
    if (!enc || i == N_AX) {
        report(w, n, "<annotation-xml> needs an encoding EPUB allows: "
               "\"application/xhtml+xml\" (HTML), \"MathML-Content\", "
               "\"MathML-Presentation\" or \"SVG1.1\"");
        return;
    }
    if (ax_encodings[i].kind == AX_CONTENT
        && (!name || strcmp(name, "contentequiv") != 0))
        report(w, n, "<annotation-xml encoding=\"MathML-Content\"> needs "
               "name=\"contentequiv\": add it");
    for (c = n->children; c; c = c->next) {
        int ok;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        switch (ax_encodings[i].kind) {
        case AX_XHTML:
            ok = is_ns(c, MK_XHTML_NS);
            break;
        case AX_SVG:
            ok = is_ns(c, MK_SVG_NS) && strcmp(name_of(c), "svg") == 0;
            break;
        case AX_CONTENT:
            ok = is_ns(c, MK_MATHML_NS) && !math_lookup(name_of(c));
            break;
        default:
            ok = presentation(c);
            break;
        }
        if (!ok)
            mk_error(AT(c), "<annotation-xml encoding=\"%s\"> cannot "
                     "contain <%s>: give it content of that encoding, or "
                     "change the encoding", enc, name_of(c));
    }
    if (ax_encodings[i].kind == AX_XHTML) {
        check_children(w, n, &g_flow);
    }
}

/* Checks a MathML element and its children. */
static void enter_math(struct walker *w, const xmlNode *n)
{
    const char *name = name_of(n);
    const struct math_element *e = math_lookup(name);
    const xmlNode *c;
    size_t kids = 0;
    int text_reported = 0;

    if (w->anc[A_AX_CONTENT])
        return;                 /* content MathML: not checked further */
    if (w->anc[A_AX_ALT]) {
        mk_error(AT(n), "MathML <%s> cannot be inside an HTML "
                 "alternate-representation <annotation-xml>: use HTML "
                 "there", name);
        return;
    }
    if (!is_ns(n->parent, MK_MATHML_NS) && strcmp(name, "math") != 0) {
        mk_error(AT(n), "MathML <%s> must be inside a <math> element: wrap "
                 "it in <math xmlns=\"http://www.w3.org/1998/Math/MathML\">",
                 name);
        return;
    }
    if (!e) {
        if (IN_LIST(name, math_content))
            mk_error(AT(n), "content MathML <%s> is only allowed inside "
                     "<annotation-xml encoding=\"MathML-Content\">: write "
                     "presentation MathML (<mrow>, <mi>, <mo>...)", name);
        else
            mk_error(AT(n), "<%s> is not a MathML element: use a "
                     "presentation element such as <mrow>, <mi> or <mo>",
                     name);
        return;
    }
    if (strcmp(name, "math") == 0 && is_ns(n->parent, MK_MATHML_NS)
        && !is_ns(n->parent, MK_XHTML_NS)) {
        report(w, n, "<math> cannot be inside another <math>: use <mrow> "
               "for the inner part");
        return;
    }
    if (e->kind == M_ANNOTATION_XML) {
        check_annotation_xml(w, n);
        return;
    }
    for (c = n->children; c; c = c->next) {
        const char *cn;

        if (is_text(c) && e->kind != M_TOKEN && e->kind != M_MTEXT
            && e->kind != M_ANNOTATION && !text_reported) {
            mk_error(AT(n), "MathML <%s> cannot contain text directly: put "
                     "it in <mi>, <mn>, <mo> or <mtext>", name);
            text_reported = 1;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        kids++;
        cn = name_of(c);
        if (e->kind == M_TOKEN || e->kind == M_MTEXT
            || e->kind == M_ANNOTATION || e->kind == M_EMPTY) {
            int ok = is_ns(c, MK_MATHML_NS)
                     && (strcmp(cn, "mglyph") == 0
                         || strcmp(cn, "malignmark") == 0)
                     && e->kind != M_EMPTY && e->kind != M_ANNOTATION;
            const struct html_element *h = as_html(w, c);

            if (e->kind == M_MTEXT && is_ns(c, MK_XHTML_NS) && h
                && (h->cat & C_PHRASING))
                ok = 1;
            if (!ok)
                mk_error(AT(c), "MathML <%s> cannot contain <%s>: %s",
                         name, cn, e->kind == M_EMPTY ? "it must be empty"
                         : e->kind == M_MTEXT ? "it holds text and HTML "
                         "phrasing elements" : "it holds only text");
            continue;
        }
        if (is_ns(c, MK_XHTML_NS)) {
            mk_error(AT(c), "HTML <%s> cannot stand directly in MathML "
                     "<%s>: put it in an <mtext>", cn, name);
            continue;
        }
        if (!is_ns(c, MK_MATHML_NS) || strcmp(cn, "math") == 0)
            continue;           /* reported on their own */
        if (e->kind == M_SEMANTICS && kids == 1) {
            if (!presentation(c))
                mk_error(AT(c), "<semantics> must start with the "
                         "presentation MathML it annotates, not <%s>", cn);
            continue;
        }
        if (e->kind == M_SEMANTICS && !math_takes(e->kind, cn))
            mk_error(AT(c), "<semantics> holds one expression and then "
                     "only <annotation> or <annotation-xml>, not <%s>", cn);
        else if ((e->kind == M_TABLE || e->kind == M_TR)
                 && !math_takes(e->kind, cn))
            mk_error(AT(c), "MathML <%s> cannot contain <%s>: it holds "
                     "only <%s>", name, cn,
                     e->kind == M_TABLE ? "mtr" : "mtd");
        else if (e->kind != M_SEMANTICS && e->kind != M_TABLE
                 && e->kind != M_TR && !presentation(c)
                 && !math_takes(e->kind, cn) && math_lookup(cn)) {
            const struct math_element *ce = math_lookup(cn);

            mk_error(AT(c), "MathML <%s> cannot contain <%s>: <%s> "
                     "belongs only in %s", name, cn, cn,
                     ce->belongs ? ce->belongs : "<mrow>");
        }
    }
    if (e->kind == M_FIXED && kids != e->arity)
        mk_error(AT(n), "MathML <%s> needs exactly %u child elements, not "
                 "%u: group parts with <mrow>", name, (unsigned)e->arity,
                 (unsigned)kids);
    if (e->kind == M_SEMANTICS && kids == 0)
        report(w, n, "<semantics> is empty: put the expression in it");
}

/* ---- the walk ------------------------------------------------------- */

/* The ancestor counters an element raises (BIT(A_...)). */
static unsigned raises(struct walker *w, const xmlNode *n)
{
    const char *ns = ns_of(n);
    const char *name = name_of(n);

    if (strcmp(ns, MK_XHTML_NS) == 0) {
        const struct html_element *e = html_lookup(w, n->name);
        unsigned bits = e && e->anc ? BIT(e->anc) : 0;

        if (e && e->anc == A_A && has_attr(n, "href"))
            bits |= BIT(A_AHREF);
        return bits;
    }
    if (strcmp(ns, MK_SVG_NS) == 0) {
        if (strcmp(name, "title") == 0)
            return BIT(A_SVG_DESC);
        if (strcmp(name, "metadata") == 0)
            return BIT(A_SVG_META);
        return 0;
    }
    if (strcmp(ns, MK_MATHML_NS) == 0
        && strcmp(name, "annotation-xml") == 0) {
        const char *enc = attr(n, "encoding");
        const char *an = attr(n, "name");

        if (enc && (strcmp(enc, "MathML-Content") == 0
                    || strcmp(enc, "application/mathml-content+xml") == 0))
            return BIT(A_AX_CONTENT);
        if (enc && an && strcmp(enc, "application/xhtml+xml") == 0
            && strcmp(an, "alternate-representation") == 0)
            return BIT(A_AX_ALT);
    }
    return 0;
}

static void count(struct walker *w, const xmlNode *n, int by)
{
    unsigned bits = raises(w, n);
    int a;

    for (a = 1; bits && a < A_COUNT; a++)
        if (bits & BIT(a))
            w->anc[a] += by;
}

/* An element of a namespace EPUB content does not allow. */
static void foreign(struct walker *w, const xmlNode *n)
{
    const char *ns = ns_of(n);

    if (w->anc[A_SVG_META] || w->anc[A_AX_CONTENT])
        return;
    if (is_ns(n->parent, MK_SVG_NS) && w->epub33)
        return;                 /* EPUBCheck 5 allows them in SVG */
    if (strcmp(ns, "http://www.w3.org/2001/XInclude") == 0)
        mk_error(AT(n), "<%s:%s> (XInclude) is not allowed in EPUB "
                 "content and reading systems do not process it: paste the "
                 "included content in its place",
                 n->ns && n->ns->prefix ? (const char *)n->ns->prefix
                                        : "xi", name_of(n));
    else
        mk_error(AT(n), "<%s> from namespace \"%s\" is not allowed in EPUB "
                 "content, which takes only XHTML, SVG and MathML "
                 "elements: remove it or use an HTML element", name_of(n),
                 *ns ? ns : "(none)");
}

/* An element of the EPUB namespace. */
static void enter_epub(struct walker *w, const xmlNode *n)
{
    const char *name = name_of(n);

    if (strcmp(name, "switch") == 0 || strcmp(name, "trigger") == 0) {
        /* an error: EPUBCheck's warning breaks "no warnings" */
        mk_error(AT(n), "<epub:%s> is deprecated and EPUBCheck warns "
                 "about it (RSC-017): %s", name, strcmp(name, "switch") == 0
                 ? "replace it with the content of its <epub:default>"
                 : "remove it (use scripting if the book needs it)");
    } else if (strcmp(name, "case") == 0 || strcmp(name, "default") == 0) {
        if (!is_ns(n->parent, MK_EPUB_NS)
            || strcmp(name_of(n->parent), "switch") != 0)
            mk_error(AT(n), "<epub:%s> belongs only in <epub:switch>: "
                     "remove it", name);
        else
            check_children(w, n, &g_transparent);
    } else {
        mk_error(AT(n), "<epub:%s> is not an element of EPUB content "
                 "documents: remove it (epub:type is the EPUB attribute "
                 "for semantics)", name);
    }
}

static void enter(struct walker *w, const xmlNode *n)
{
    const char *ns = ns_of(n);

    if (strcmp(ns, MK_XHTML_NS) == 0) {
        const struct html_element *e = html_lookup(w, n->name);

        if (e)
            enter_html(w, n, e);
        else
            unknown_html(w, n);
    } else if (strcmp(ns, MK_SVG_NS) == 0) {
        enter_svg(w, n);
    } else if (strcmp(ns, MK_MATHML_NS) == 0) {
        enter_math(w, n);
    } else if (strcmp(ns, MK_EPUB_NS) == 0) {
        enter_epub(w, n);
    } else {
        foreign(w, n);
    }
    count(w, n, 1);
}

/* Checks top and everything below it. */
static void walk(struct walker *w, const xmlNode *top)
{
    const xmlNode *n = top;

    for (;;) {
        if (n->type == XML_ELEMENT_NODE) {
            enter(w, n);
            if (n->children) {
                n = n->children;
                continue;
            }
            count(w, n, -1);
        }
        while (n != top && !n->next) {
            n = n->parent;
            count(w, n, -1);
        }
        if (n == top)
            break;
        n = n->next;
    }
}

int mk_htmlmodel_check(xmlNodePtr html, const char *path, int epub33_only,
                       struct mk_diag *dc)
{
    struct walker w;

    if (!html)
        return 0;
    memset(&w, 0, sizeof(w));
    w.path = path;
    w.epub33 = epub33_only;
    w.dc = dc;
    walk(&w, html);
    return 0;
}

/* ---- in parts ------------------------------------------------------- */

/* The containers open for parts, innermost last, each with the ancestor
 * counters its children are checked with. */
struct open_container {
    const xmlNode *node;
    int anc[A_COUNT];
};

struct mk_htmlmodel {
    struct walker w;
    struct open_container *open;
    size_t n_open, cap_open;
};

int mk_htmlmodel_streams(const xmlNode *n)
{
    const struct html_element *e;

    if (!is_ns(n, MK_XHTML_NS) || is_html_named(n->parent, "dl"))
        return 0;
    e = find_html(name_of(n));
    /* flow content, each child judged alone, whatever the attributes */
    return e && e->g == &g_flow && !(e->cat & C_OBSOLETE)
           && grammar_of(n, e) == &g_flow;
}

struct mk_htmlmodel *mk_htmlmodel_new(const char *path, int epub33_only)
{
    struct mk_htmlmodel *M = calloc(1, sizeof(*M));

    if (!M)
        return NULL;
    M->w.path = path;
    M->w.epub33 = epub33_only;
    return M;
}

int mk_htmlmodel_open(struct mk_htmlmodel *M, xmlNodePtr container)
{
    struct open_container *o;
    const xmlNode *a;

    if (mk_grow_array(&M->open, &M->cap_open, M->n_open,
                      sizeof(*M->open)) < 0)
        return -1;
    o = &M->open[M->n_open];
    o->node = container;
    if (M->n_open > 0) {
        memcpy(M->w.anc, M->open[M->n_open - 1].anc, sizeof(M->w.anc));
        count(&M->w, container, 1);
    } else {
        memset(M->w.anc, 0, sizeof(M->w.anc));
        for (a = container; a && a->type == XML_ELEMENT_NODE; a = a->parent)
            count(&M->w, a, 1);
    }
    memcpy(o->anc, M->w.anc, sizeof(o->anc));
    M->n_open++;
    return 0;
}

void mk_htmlmodel_close(struct mk_htmlmodel *M)
{
    if (M->n_open > 0)
        M->n_open--;
}

int mk_htmlmodel_part(struct mk_htmlmodel *M, xmlNodePtr first,
                      xmlNodePtr stop, struct mk_diag *dc)
{
    const struct open_container *o;
    const xmlNode *c;

    if (M->n_open == 0)
        return -1;
    o = &M->open[M->n_open - 1];
    M->w.dc = dc;
    memcpy(M->w.anc, o->anc, sizeof(M->w.anc));
    check_children_from(&M->w, o->node, &g_flow, first, stop);
    for (c = first; c != stop; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            walk(&M->w, c);
    return mk_diag_out_of_memory(dc) ? -1 : 0;
}

void mk_htmlmodel_free(struct mk_htmlmodel *M)
{
    if (!M)
        return;
    free(M->open);
    free(M);
}
