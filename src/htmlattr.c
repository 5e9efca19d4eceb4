/*
 * htmlattr.c - the attributes of a chapter's elements (see htmlattr.h).
 *
 * The rules come from EPUBCheck's XHTML schemas (schema/30/mod/html5/
 * *.rnc and the Schematron beside them) in 4.2.6 and 5.1, checked by
 * running both on small books.  Where the two disagree, the default is
 * to refuse what either refuses; epub33_only follows EPUBCheck 5 alone
 * (entries marked A33: accepted only with --epub 3.3).
 *
 * One iterative walk looks at every element: HTML elements get their
 * attributes checked against the tables below; every element's id is
 * recorded.  References to ids (aria-labelledby, for, headers, ...) are
 * queued during the walk and resolved once all ids are known.
 */
#include "htmlattr.h"
#include "buf.h"
#include "diag.h"
#include "lang.h"
#include "suggest.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ITS_NS "http://www.w3.org/2005/11/its"
#define SSML_NS "http://www.w3.org/2001/10/synthesis"

/* ---- the tables ------------------------------------------------------ */

enum vtype {
    V_TEXT,         /* anything */
    V_ID,           /* one token: not empty, no whitespace */
    V_IDREF,        /* an id of this file */
    V_IDREFS,       /* ids of this file, space separated */
    V_DESCENDANT,   /* an id of a descendant (aria-activedescendant) */
    V_LABELABLE,    /* an id of a labelable element (label for) */
    V_FORM,         /* the id of a <form> (a control's form=) */
    V_HEADERS,      /* ids of th cells in the same table */
    V_HASHNAME,     /* "#name" (usemap) */
    V_INT,          /* -?[0-9]+ */
    V_NONNEG,       /* [0-9]+ */
    V_POS,          /* [0-9]+, at least 1 */
    V_FLOAT,        /* HTML floating-point number */
    V_FLOAT_NONNEG,
    V_FLOAT_POS,
    V_ENUM,         /* one of values ("a|b"; an empty alternative is "") */
    V_ENUM_LIST,    /* space-separated keywords from values */
    V_LANG,         /* BCP 47 or "" */
    V_TIME,         /* <time datetime>: a date, time, duration, ... */
    V_EDIT_TIME,    /* <del>/<ins> datetime: a date or global datetime */
    V_MIME,         /* type/subtype */
    V_NONEMPTY,     /* any text but not empty */
    V_ROLE,         /* one ARIA role (checked apart) */
    V_DATE,         /* yyyy-mm-dd (<input type="date">) */
    V_MONTH,        /* yyyy-mm (<input type="month">) */
    V_WEEK,         /* yyyy-Www (<input type="week">) */
    V_INPUT_TIME,   /* hh:mm[:ss[.fff]] (<input type="time">) */
    V_LOCAL_DATETIME,   /* yyyy-mm-dd, T or a space, the time */
    V_STEP_WHOLE,   /* "any" or a whole number of 1 or more */
    V_STEP_POS,     /* "any" or a number greater than 0 */
    V_ABSENT        /* not allowed (input types that lack it) */
};

enum {
    A33 = 1,        /* accepted only with --epub 3.3 (EPUBCheck 5) */
    EMPTY_OK = 2,   /* "" is accepted too */
    NOCASE = 4      /* keywords match without ASCII case ("LTR") */
};

struct attr_rule {
    const char *element;    /* "" for every HTML element */
    const char *name;
    unsigned char type;     /* enum vtype */
    unsigned char flags;
    const char *values;     /* V_ENUM(_LIST) keywords */
    const char *values33;   /* keywords only EPUB 3.3 accepts */
};

#define BOOL_ATTR(el, n) { el, n, V_ENUM, NOCASE, "|" n, NULL }
#define REFPOL "|no-referrer|no-referrer-when-downgrade|same-origin|origin" \
               "|strict-origin|origin-when-cross-origin" \
               "|strict-origin-when-cross-origin|unsafe-url"
#define CROSSORIGIN "|anonymous|use-credentials"
#define TRUEFALSE "true|false"
#define TRISTATE "true|false|mixed|undefined"

/* Sorted by element, then name (strcmp); "" (global) first. */
static const struct attr_rule attr_rules[] = {
    { "", "about", V_TEXT, 0, NULL, NULL },
    { "", "accesskey", V_TEXT, 0, NULL, NULL },
    { "", "aria-activedescendant", V_DESCENDANT, 0, NULL, NULL },
    { "", "aria-atomic", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-autocomplete", V_ENUM, 0, "inline|list|both|none", NULL },
    { "", "aria-busy", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-checked", V_ENUM, 0, TRISTATE, NULL },
    { "", "aria-colcount", V_POS, 0, NULL, "-1" },
    { "", "aria-colindex", V_POS, 0, NULL, NULL },
    { "", "aria-colspan", V_POS, 0, NULL, NULL },
    { "", "aria-controls", V_IDREFS, 0, NULL, NULL },
    { "", "aria-current", V_ENUM, 0,
      "page|step|location|date|time|true|false", NULL },
    { "", "aria-describedby", V_IDREFS, 0, NULL, NULL },
    { "", "aria-description", V_TEXT, A33, NULL, NULL },
    { "", "aria-details", V_TEXT, 0, NULL, NULL },
    { "", "aria-disabled", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-errormessage", V_TEXT, 0, NULL, NULL },
    { "", "aria-expanded", V_ENUM, 0, "true|false|undefined", NULL },
    { "", "aria-flowto", V_IDREFS, 0, NULL, NULL },
    { "", "aria-haspopup", V_ENUM, 0,
      "true|false|menu|listbox|tree|grid|dialog", NULL },
    { "", "aria-hidden", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-invalid", V_ENUM, 0, "true|false|grammar|spelling", NULL },
    { "", "aria-keyshortcuts", V_TEXT, 0, NULL, NULL },
    { "", "aria-label", V_TEXT, 0, NULL, NULL },
    { "", "aria-labelledby", V_IDREFS, 0, NULL, NULL },
    { "", "aria-level", V_POS, 0, NULL, NULL },
    { "", "aria-live", V_ENUM, 0, "off|polite|assertive", NULL },
    { "", "aria-modal", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-multiline", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-multiselectable", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-orientation", V_ENUM, 0, "vertical|horizontal|undefined",
      NULL },
    { "", "aria-owns", V_IDREFS, 0, NULL, NULL },
    { "", "aria-placeholder", V_TEXT, 0, NULL, NULL },
    { "", "aria-posinset", V_POS, 0, NULL, NULL },
    { "", "aria-pressed", V_ENUM, 0, TRISTATE, NULL },
    { "", "aria-readonly", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-relevant", V_ENUM_LIST, 0, "additions|removals|text|all",
      NULL },
    { "", "aria-required", V_ENUM, 0, TRUEFALSE, NULL },
    { "", "aria-roledescription", V_TEXT, 0, NULL, NULL },
    { "", "aria-rowcount", V_POS, 0, NULL, "-1" },
    { "", "aria-rowindex", V_POS, 0, NULL, NULL },
    { "", "aria-rowspan", V_POS, 0, NULL, NULL },
    { "", "aria-selected", V_ENUM, 0, "true|false|undefined", NULL },
    { "", "aria-setsize", V_NONNEG, 0, NULL, "-1" },
    { "", "aria-sort", V_ENUM, 0, "ascending|descending|none|other", NULL },
    { "", "aria-valuemax", V_FLOAT, 0, NULL, NULL },
    { "", "aria-valuemin", V_FLOAT, 0, NULL, NULL },
    { "", "aria-valuenow", V_FLOAT, 0, NULL, NULL },
    { "", "aria-valuetext", V_TEXT, 0, NULL, NULL },
    { "", "autocapitalize", V_ENUM, NOCASE,
      "off|none|on|sentences|words|characters", NULL },
    BOOL_ATTR("", "autofocus"),
    { "", "class", V_TEXT, 0, NULL, NULL },
    { "", "content", V_TEXT, 0, NULL, NULL },
    { "", "contenteditable", V_ENUM, NOCASE, "|true|false", "plaintext-only" },
    { "", "datatype", V_TEXT, 0, NULL, NULL },
    { "", "dir", V_ENUM, NOCASE, "ltr|rtl|auto", NULL },
    { "", "draggable", V_ENUM, NOCASE, TRUEFALSE, NULL },
    { "", "enterkeyhint", V_ENUM, A33,
      "enter|done|go|next|previous|search|send", NULL },
    { "", "hidden", V_ENUM, NOCASE, "|hidden", "until-found" },
    { "", "id", V_ID, 0, NULL, NULL },
    { "", "inert", V_ENUM, A33, "|inert", NULL },
    { "", "inlist", V_TEXT, 0, NULL, NULL },
    { "", "inputmode", V_ENUM, 0,
      "none|text|tel|url|email|numeric|decimal|search", NULL },
    { "", "is", V_TEXT, 0, NULL, NULL },
    { "", "itemid", V_TEXT, 0, NULL, NULL },
    { "", "itemprop", V_TEXT, 0, NULL, NULL },
    { "", "itemref", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("", "itemscope"),
    { "", "itemtype", V_TEXT, 0, NULL, NULL },
    { "", "lang", V_LANG, 0, NULL, NULL },
    { "", "nonce", V_TEXT, 0, NULL, NULL },
    { "", "prefix", V_TEXT, 0, NULL, NULL },
    { "", "property", V_TEXT, 0, NULL, NULL },
    { "", "rel", V_TEXT, 0, NULL, NULL },
    { "", "resource", V_TEXT, 0, NULL, NULL },
    { "", "rev", V_TEXT, 0, NULL, NULL },
    { "", "role", V_ROLE, 0, NULL, NULL },
    { "", "slot", V_TEXT, 0, NULL, NULL },
    { "", "spellcheck", V_ENUM, NOCASE, "|true|false", NULL },
    { "", "style", V_TEXT, 0, NULL, NULL },
    { "", "tabindex", V_INT, 0, NULL, NULL },
    { "", "title", V_TEXT, 0, NULL, NULL },
    { "", "translate", V_ENUM, NOCASE, "|yes|no", NULL },
    { "", "typeof", V_TEXT, 0, NULL, NULL },
    { "", "vocab", V_TEXT, 0, NULL, NULL },
    { "a", "download", V_TEXT, 0, NULL, NULL },
    { "a", "href", V_TEXT, 0, NULL, NULL },
    { "a", "hreflang", V_LANG, 0, NULL, NULL },
    { "a", "media", V_TEXT, 0, NULL, NULL },
    { "a", "name", V_ID, 0, NULL, NULL },
    { "a", "ping", V_TEXT, 0, NULL, NULL },
    { "a", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "a", "target", V_TEXT, 0, NULL, NULL },
    { "a", "type", V_MIME, 0, NULL, NULL },
    { "area", "alt", V_TEXT, 0, NULL, NULL },
    { "area", "coords", V_TEXT, 0, NULL, NULL },
    { "area", "download", V_TEXT, 0, NULL, NULL },
    { "area", "href", V_TEXT, 0, NULL, NULL },
    { "area", "hreflang", V_LANG, 0, NULL, NULL },
    { "area", "media", V_TEXT, 0, NULL, NULL },
    { "area", "ping", V_TEXT, 0, NULL, NULL },
    { "area", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "area", "shape", V_ENUM, 0, "circle|default|poly|rect", NULL },
    { "area", "target", V_TEXT, 0, NULL, NULL },
    { "area", "type", V_MIME, 0, NULL, NULL },
    BOOL_ATTR("audio", "autoplay"),
    BOOL_ATTR("audio", "controls"),
    { "audio", "crossorigin", V_ENUM, 0, CROSSORIGIN, NULL },
    BOOL_ATTR("audio", "loop"),
    { "audio", "mediagroup", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("audio", "muted"),
    { "audio", "preload", V_ENUM, NOCASE, "|none|metadata|auto", NULL },
    { "audio", "src", V_NONEMPTY, 0, NULL, NULL },
    { "base", "href", V_TEXT, 0, NULL, NULL },
    { "base", "target", V_TEXT, 0, NULL, NULL },
    { "blockquote", "cite", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("button", "disabled"),
    { "button", "form", V_FORM, 0, NULL, NULL },
    BOOL_ATTR("button", "formnovalidate"),
    { "button", "name", V_NONEMPTY, 0, NULL, NULL },
    { "canvas", "height", V_NONNEG, 0, NULL, NULL },
    { "canvas", "width", V_NONNEG, 0, NULL, NULL },
    { "col", "span", V_POS, 0, NULL, NULL },
    { "colgroup", "span", V_POS, 0, NULL, NULL },
    { "data", "value", V_TEXT, 0, NULL, NULL },
    { "del", "cite", V_TEXT, 0, NULL, NULL },
    { "del", "datetime", V_EDIT_TIME, 0, NULL, NULL },
    BOOL_ATTR("details", "open"),
    BOOL_ATTR("dialog", "open"),
    { "embed", "height", V_NONNEG, 0, NULL, NULL },
    { "embed", "src", V_NONEMPTY, 0, NULL, NULL },
    { "embed", "type", V_MIME, 0, NULL, NULL },
    { "embed", "width", V_NONNEG, 0, NULL, NULL },
    BOOL_ATTR("fieldset", "disabled"),
    { "fieldset", "form", V_FORM, 0, NULL, NULL },
    { "fieldset", "name", V_NONEMPTY, 0, NULL, NULL },
    BOOL_ATTR("form", "novalidate"),
    { "iframe", "allow", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("iframe", "allowfullscreen"),
    { "iframe", "height", V_NONNEG, 0, NULL, NULL },
    { "iframe", "loading", V_ENUM, 0, "lazy|eager", NULL },
    { "iframe", "name", V_TEXT, 0, NULL, NULL },
    { "iframe", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "iframe", "sandbox", V_TEXT, 0, NULL, NULL },
    { "iframe", "src", V_NONEMPTY, 0, NULL, NULL },
    { "iframe", "srcdoc", V_TEXT, 0, NULL, NULL },
    { "iframe", "width", V_NONNEG, 0, NULL, NULL },
    { "img", "alt", V_TEXT, 0, NULL, NULL },
    { "img", "border", V_ENUM, 0, "0", NULL },
    { "img", "crossorigin", V_ENUM, 0, CROSSORIGIN, NULL },
    { "img", "decoding", V_ENUM, 0, "sync|async|auto", NULL },
    { "img", "fetchpriority", V_ENUM, A33, "high|low|auto", NULL },
    { "img", "generator-unable-to-provide-required-alt", V_ENUM, 0, "",
      NULL },
    { "img", "height", V_NONNEG, 0, NULL, NULL },
    BOOL_ATTR("img", "ismap"),
    { "img", "loading", V_ENUM, 0, "lazy|eager", NULL },
    { "img", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "img", "sizes", V_TEXT, 0, NULL, NULL },
    { "img", "src", V_NONEMPTY, 0, NULL, NULL },
    { "img", "srcset", V_TEXT, 0, NULL, NULL },
    { "img", "usemap", V_HASHNAME, 0, NULL, NULL },
    { "img", "width", V_NONNEG, 0, NULL, NULL },
    BOOL_ATTR("input", "checked"),
    BOOL_ATTR("input", "disabled"),
    { "input", "form", V_FORM, 0, NULL, NULL },
    BOOL_ATTR("input", "formnovalidate"),
    BOOL_ATTR("input", "multiple"),
    BOOL_ATTR("input", "required"),
    { "ins", "cite", V_TEXT, 0, NULL, NULL },
    { "ins", "datetime", V_EDIT_TIME, 0, NULL, NULL },
    { "label", "for", V_LABELABLE, 0, NULL, NULL },
    { "li", "value", V_INT, 0, NULL, NULL },
    { "link", "as", V_TEXT, 0, NULL, NULL },
    { "link", "blocking", V_ENUM_LIST, A33, "render", NULL },
    { "link", "color", V_TEXT, 0, NULL, NULL },
    { "link", "crossorigin", V_ENUM, 0, CROSSORIGIN, NULL },
    BOOL_ATTR("link", "disabled"),
    { "link", "fetchpriority", V_ENUM, A33, "high|low|auto", NULL },
    { "link", "href", V_NONEMPTY, 0, NULL, NULL },
    { "link", "hreflang", V_LANG, 0, NULL, NULL },
    { "link", "imagesizes", V_TEXT, A33, NULL, NULL },
    { "link", "imagesrcset", V_TEXT, A33, NULL, NULL },
    { "link", "integrity", V_TEXT, 0, NULL, NULL },
    { "link", "media", V_TEXT, 0, NULL, NULL },
    { "link", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "link", "sizes", V_TEXT, 0, NULL, NULL },
    { "link", "type", V_MIME, 0, NULL, NULL },
    { "map", "name", V_ID, 0, NULL, NULL },
    { "meta", "charset", V_TEXT, 0, NULL, NULL },
    { "meta", "http-equiv", V_TEXT, 0, NULL, NULL },
    { "meta", "name", V_NONEMPTY, 0, NULL, NULL },
    { "meter", "high", V_FLOAT, 0, NULL, NULL },
    { "meter", "low", V_FLOAT, 0, NULL, NULL },
    { "meter", "max", V_FLOAT, 0, NULL, NULL },
    { "meter", "min", V_FLOAT, 0, NULL, NULL },
    { "meter", "optimum", V_FLOAT, 0, NULL, NULL },
    { "meter", "value", V_FLOAT, 0, NULL, NULL },
    { "object", "data", V_NONEMPTY, 0, NULL, NULL },
    { "object", "form", V_FORM, 0, NULL, NULL },
    { "object", "height", V_NONNEG, 0, NULL, NULL },
    { "object", "name", V_TEXT, 0, NULL, NULL },
    { "object", "type", V_MIME, 0, NULL, NULL },
    { "object", "usemap", V_HASHNAME, 0, NULL, NULL },
    { "object", "width", V_NONNEG, 0, NULL, NULL },
    BOOL_ATTR("ol", "reversed"),
    { "ol", "start", V_INT, 0, NULL, NULL },
    { "ol", "type", V_ENUM, 0, "1|a|A|i|I", NULL },
    BOOL_ATTR("optgroup", "disabled"),
    BOOL_ATTR("option", "disabled"),
    BOOL_ATTR("option", "selected"),
    { "output", "for", V_IDREFS, 0, NULL, NULL },
    { "output", "form", V_FORM, 0, NULL, NULL },
    { "output", "name", V_NONEMPTY, 0, NULL, NULL },
    { "param", "name", V_TEXT, 0, NULL, NULL },
    { "param", "value", V_TEXT, 0, NULL, NULL },
    { "progress", "max", V_FLOAT_POS, 0, NULL, NULL },
    { "progress", "value", V_FLOAT_NONNEG, 0, NULL, NULL },
    { "q", "cite", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("script", "async"),
    { "script", "blocking", V_ENUM_LIST, A33, "render", NULL },
    { "script", "charset", V_TEXT, 0, NULL, NULL },
    { "script", "crossorigin", V_ENUM, 0, CROSSORIGIN, NULL },
    BOOL_ATTR("script", "defer"),
    { "script", "fetchpriority", V_ENUM, A33, "high|low|auto", NULL },
    { "script", "integrity", V_TEXT, 0, NULL, NULL },
    { "script", "language", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("script", "nomodule"),
    { "script", "referrerpolicy", V_ENUM, 0, REFPOL, NULL },
    { "script", "src", V_NONEMPTY, 0, NULL, NULL },
    { "script", "type", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("select", "disabled"),
    { "select", "form", V_FORM, 0, NULL, NULL },
    BOOL_ATTR("select", "multiple"),
    { "select", "name", V_NONEMPTY, 0, NULL, NULL },
    BOOL_ATTR("select", "required"),
    { "select", "size", V_POS, 0, NULL, NULL },
    { "source", "height", V_NONNEG, A33, NULL, NULL },
    { "source", "media", V_TEXT, 0, NULL, NULL },
    { "source", "sizes", V_TEXT, 0, NULL, NULL },
    { "source", "src", V_NONEMPTY, 0, NULL, NULL },
    { "source", "srcset", V_TEXT, 0, NULL, NULL },
    { "source", "type", V_MIME, 0, NULL, NULL },
    { "source", "width", V_NONNEG, A33, NULL, NULL },
    { "style", "blocking", V_ENUM_LIST, A33, "render", NULL },
    { "style", "media", V_TEXT, 0, NULL, NULL },
    { "style", "type", V_TEXT, 0, NULL, NULL },
    { "table", "border", V_ENUM, 0, "|1", NULL },
    { "td", "colspan", V_POS, 0, NULL, NULL },
    { "td", "headers", V_HEADERS, 0, NULL, NULL },
    { "td", "rowspan", V_NONNEG, 0, NULL, NULL },
    { "textarea", "cols", V_POS, 0, NULL, NULL },
    BOOL_ATTR("textarea", "disabled"),
    { "textarea", "form", V_FORM, 0, NULL, NULL },
    { "textarea", "maxlength", V_NONNEG, 0, NULL, NULL },
    { "textarea", "minlength", V_NONNEG, 0, NULL, NULL },
    { "textarea", "name", V_NONEMPTY, 0, NULL, NULL },
    BOOL_ATTR("textarea", "readonly"),
    BOOL_ATTR("textarea", "required"),
    { "textarea", "rows", V_POS, 0, NULL, NULL },
    { "textarea", "wrap", V_ENUM, NOCASE, "soft|hard", NULL },
    { "th", "colspan", V_POS, 0, NULL, NULL },
    { "th", "headers", V_HEADERS, 0, NULL, NULL },
    { "th", "rowspan", V_NONNEG, 0, NULL, NULL },
    { "th", "scope", V_ENUM, NOCASE, "row|col|rowgroup|colgroup", NULL },
    { "time", "datetime", V_TIME, 0, NULL, NULL },
    BOOL_ATTR("track", "default"),
    { "track", "kind", V_ENUM, 0,
      "subtitles|captions|descriptions|chapters|metadata", NULL },
    { "track", "label", V_TEXT, 0, NULL, NULL },
    { "track", "src", V_NONEMPTY, 0, NULL, NULL },
    { "track", "srclang", V_LANG, 0, NULL, NULL },
    BOOL_ATTR("video", "autoplay"),
    BOOL_ATTR("video", "controls"),
    { "video", "crossorigin", V_ENUM, 0, CROSSORIGIN, NULL },
    { "video", "height", V_NONNEG, 0, NULL, NULL },
    BOOL_ATTR("video", "loop"),
    { "video", "mediagroup", V_TEXT, 0, NULL, NULL },
    BOOL_ATTR("video", "muted"),
    BOOL_ATTR("video", "playsinline"),
    { "video", "poster", V_NONEMPTY, 0, NULL, NULL },
    { "video", "preload", V_ENUM, NOCASE, "|none|metadata|auto", NULL },
    { "video", "src", V_NONEMPTY, 0, NULL, NULL },
    { "video", "width", V_NONNEG, 0, NULL, NULL },
};

/* The attributes of <input> whose rule depends on its type (matched
 * without case, as EPUBCheck does): element holds the type.  Sorted by
 * type, then name.  Other types, and other attributes, go unchecked. */
static const struct attr_rule input_rules[] = {
    { "date", "max", V_DATE, EMPTY_OK, NULL, NULL },
    { "date", "min", V_DATE, EMPTY_OK, NULL, NULL },
    { "date", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "date", "value", V_DATE, EMPTY_OK, NULL, NULL },
    { "datetime-local", "max", V_LOCAL_DATETIME, EMPTY_OK, NULL, NULL },
    { "datetime-local", "min", V_LOCAL_DATETIME, EMPTY_OK, NULL, NULL },
    { "datetime-local", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "datetime-local", "step", V_STEP_POS, 0, NULL, NULL },
    { "email", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "email", "size", V_POS, 0, NULL, NULL },
    { "hidden", "readonly", V_ABSENT, 0, NULL, NULL },
    { "hidden", "size", V_ABSENT, 0, NULL, NULL },
    { "image", "height", V_NONNEG, 0, NULL, NULL },
    { "image", "width", V_NONNEG, 0, NULL, NULL },
    { "month", "max", V_MONTH, EMPTY_OK, NULL, NULL },
    { "month", "min", V_MONTH, EMPTY_OK, NULL, NULL },
    { "month", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "month", "step", V_STEP_WHOLE, 0, NULL, NULL },
    { "number", "max", V_FLOAT, EMPTY_OK, NULL, NULL },
    { "number", "min", V_FLOAT, EMPTY_OK, NULL, NULL },
    { "number", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "number", "size", V_ABSENT, 0, NULL, NULL },
    { "number", "value", V_FLOAT, EMPTY_OK, NULL, NULL },
    { "password", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "password", "size", V_POS, 0, NULL, NULL },
    { "range", "max", V_FLOAT, 0, NULL, NULL },
    { "range", "min", V_FLOAT, 0, NULL, NULL },
    { "range", "size", V_ABSENT, 0, NULL, NULL },
    { "range", "value", V_FLOAT, 0, NULL, NULL },
    { "search", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "search", "size", V_POS, 0, NULL, NULL },
    { "tel", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "tel", "size", V_POS, 0, NULL, NULL },
    { "text", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "text", "size", V_POS, 0, NULL, NULL },
    { "time", "max", V_INPUT_TIME, EMPTY_OK, NULL, NULL },
    { "time", "min", V_INPUT_TIME, EMPTY_OK, NULL, NULL },
    { "time", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "time", "step", V_STEP_POS, 0, NULL, NULL },
    { "url", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "url", "size", V_POS, 0, NULL, NULL },
    { "week", "max", V_WEEK, EMPTY_OK, NULL, NULL },
    { "week", "min", V_WEEK, EMPTY_OK, NULL, NULL },
    { "week", "readonly", V_ENUM, NOCASE, "|readonly", NULL },
    { "week", "step", V_STEP_WHOLE, 0, NULL, NULL },
};

/*
 * The HTML elements whose attributes are checked, sorted.  open: a
 * form control, whose attributes without a rule of their own are listed
 * in form_attrs (the custom element's rule, named "", takes any
 * attribute but the obsolete ones and unknown_everywhere).  roles: the only roles the element may carry (NULL: any;
 * "": none; "presentation" stands for "none" too), roles33 the ones
 * EPUB 3.3 adds; "*" in roles33: any role in EPUB 3.3.  required: the
 * element has entries in required_attrs (a shortcut for the walk).
 */
struct element_rule {
    const char *name;
    unsigned char open;
    const char *roles;
    const char *roles33;
    unsigned char required;     /* has entries in required_attrs */
};

#define LISTROLES "directory group list listbox menu menubar radiogroup " \
                  "tablist toolbar tree presentation"
#define HROLES "heading tab presentation doc-subtitle"

static const struct element_rule element_rules[] = {
    { "a", 0, NULL, NULL, 0 },     /* with href: see a_href_roles */
    { "abbr", 0, NULL, NULL, 0 },
    { "address", 0, NULL, NULL, 0 },
    { "area", 0, "link", "button", 1 },
    { "article", 0, "application feed region presentation article "
      "document main", NULL, 0 },
    { "aside", 0, "feed region presentation doc-dedication doc-example "
      "doc-footnote doc-pullquote doc-tip complementary note search",
      NULL, 0 },
    { "audio", 0, "application", NULL, 1 },
    { "b", 0, NULL, NULL, 0 },
    { "base", 0, "", NULL, 0 },
    { "bdi", 0, NULL, NULL, 0 },
    { "bdo", 0, NULL, NULL, 1 },
    { "blockquote", 0, NULL, NULL, 0 },
    { "body", 0, "application presentation document", NULL, 0 },
    { "br", 0, "presentation", NULL, 0 },
    { "button", 1, "button checkbox link menuitem menuitemcheckbox "
      "menuitemradio option radio switch tab", "combobox", 0 },
    { "canvas", 0, NULL, NULL, 0 },
    { "caption", 0, "", NULL, 0 },
    { "cite", 0, NULL, NULL, 0 },
    { "code", 0, NULL, NULL, 0 },
    { "col", 0, "", NULL, 0 },
    { "colgroup", 0, "", NULL, 0 },
    { "data", 0, NULL, NULL, 1 },
    { "datalist", 1, "", NULL, 0 },
    { "dd", 0, "definition", NULL, 0 },
    { "del", 0, NULL, NULL, 0 },
    { "details", 0, "group", NULL, 0 },
    { "dfn", 0, NULL, NULL, 0 },
    { "dialog", 0, "alertdialog dialog", NULL, 0 },
    { "div", 0, NULL, NULL, 0 },
    { "dl", 0, "list group presentation", NULL, 0 },
    { "dt", 0, "term listitem", NULL, 0 },
    { "em", 0, NULL, NULL, 0 },
    { "embed", 0, "application img presentation document", NULL, 0 },
    { "fieldset", 1, "group radiogroup presentation", NULL, 0 },
    { "figcaption", 0, "presentation group", NULL, 0 },
    { "figure", 0, "figure presentation group", "*", 0 },
    { "footer", 0, "group presentation doc-footnote contentinfo", NULL, 0 },
    { "form", 1, "form presentation search", NULL, 0 },
    { "h1", 0, HROLES, NULL, 0 },
    { "h2", 0, HROLES, NULL, 0 },
    { "h3", 0, HROLES, NULL, 0 },
    { "h4", 0, HROLES, NULL, 0 },
    { "h5", 0, HROLES, NULL, 0 },
    { "h6", 0, HROLES, NULL, 0 },
    { "head", 0, "", NULL, 0 },
    { "header", 0, "group presentation doc-footnote banner", NULL, 0 },
    { "hgroup", 0, NULL, NULL, 0 },
    { "hr", 0, "separator presentation doc-pagebreak", NULL, 0 },
    { "html", 0, "", NULL, 0 },
    { "i", 0, NULL, NULL, 0 },
    { "iframe", 0, "application img presentation document", NULL, 0 },
    { "img", 0, "button checkbox img link menuitem menuitemcheckbox "
      "menuitemradio option presentation progressbar scrollbar separator "
      "slider switch tab treeitem doc-cover", "radio", 1 },
    { "input", 1, NULL, NULL, 0 },
    { "ins", 0, NULL, NULL, 0 },
    { "kbd", 0, NULL, NULL, 0 },
    { "label", 1, "", NULL, 0 },
    { "legend", 1, "", NULL, 0 },
    { "li", 0, "listitem menuitem menuitemcheckbox menuitemradio option "
      "radio tab treeitem separator presentation doc-biblioentry "
      "doc-endnote", NULL, 0 },
    { "link", 0, "", NULL, 1 },
    { "main", 0, "main", NULL, 0 },
    { "map", 0, "", NULL, 1 },
    { "mark", 0, NULL, NULL, 0 },
    { "menu", 0, LISTROLES, NULL, 0 },
    { "meta", 0, "", NULL, 1 },
    { "meter", 0, "", NULL, 1 },
    { "nav", 0, "doc-index doc-pagelist doc-toc navigation",
      "menu menubar presentation tablist", 0 },
    { "noscript", 0, "", NULL, 0 },
    { "object", 0, "application img document", NULL, 1 },
    { "ol", 0, LISTROLES, NULL, 0 },
    { "optgroup", 1, "group", NULL, 1 },
    { "option", 1, "option", NULL, 0 },
    { "output", 1, NULL, NULL, 0 },
    { "p", 0, NULL, NULL, 0 },
    { "param", 0, "", NULL, 1 },
    { "picture", 0, "", NULL, 0 },
    { "pre", 0, NULL, NULL, 0 },
    { "progress", 0, "progressbar", NULL, 0 },
    { "q", 0, NULL, NULL, 0 },
    { "rb", 0, NULL, NULL, 0 },
    { "rp", 0, NULL, NULL, 0 },
    { "rt", 0, NULL, NULL, 0 },
    { "rtc", 0, NULL, NULL, 0 },
    { "ruby", 0, NULL, NULL, 0 },
    { "s", 0, NULL, NULL, 0 },
    { "samp", 0, NULL, NULL, 0 },
    { "script", 0, "", NULL, 0 },
    { "section", 0, "alert alertdialog application dialog feed log "
      "marquee presentation region status tabpanel doc-abstract "
      "doc-acknowledgments doc-afterword doc-appendix doc-bibliography "
      "doc-chapter doc-colophon doc-conclusion doc-credit doc-credits "
      "doc-dedication doc-endnotes doc-epigraph doc-epilogue doc-errata "
      "doc-example doc-foreword doc-glossary doc-index doc-introduction "
      "doc-notice doc-pagelist doc-part doc-preface doc-prologue "
      "doc-pullquote doc-qna doc-toc banner complementary contentinfo "
      "document main navigation note search", "group", 0 },
    { "select", 1, "combobox listbox menu", NULL, 0 },
    { "small", 0, NULL, NULL, 0 },
    { "source", 0, "", NULL, 1 },
    { "span", 0, NULL, NULL, 0 },
    { "strong", 0, NULL, NULL, 0 },
    { "style", 0, "", NULL, 0 },
    { "sub", 0, NULL, NULL, 0 },
    { "summary", 0, "button", NULL, 0 },
    { "sup", 0, NULL, NULL, 0 },
    { "table", 0, NULL, NULL, 0 },
    { "tbody", 0, NULL, NULL, 0 },
    { "td", 0, NULL, NULL, 0 },
    { "template", 1, "", NULL, 0 },
    { "textarea", 1, "textbox", NULL, 1 },
    { "tfoot", 0, NULL, NULL, 0 },
    { "th", 0, NULL, NULL, 0 },
    { "thead", 0, NULL, NULL, 0 },
    { "time", 0, NULL, NULL, 0 },
    { "title", 0, "", NULL, 0 },
    { "tr", 0, NULL, NULL, 0 },
    { "track", 0, "", NULL, 1 },
    { "u", 0, NULL, NULL, 0 },
    { "ul", 0, LISTROLES, NULL, 0 },
    { "var", 0, NULL, NULL, 0 },
    { "video", 0, "application", NULL, 1 },
    { "wbr", 0, "presentation", NULL, 0 },
};

/* <input> attributes that only some types take, as EPUBCheck 4.2 and 5
 * take them (tried on every type): types lists the types that take it,
 * or, with except, the types that refuse it.  Sorted by name. */
static const struct input_attr_types {
    const char *name;
    const char *types;
    unsigned char except;
} input_attr_types[] = {
    { "accept", "file", 0 },
    { "alt", "image", 0 },
    { "capture", "file", 0 },
    { "checked", "checkbox radio", 0 },
    { "dirname", "search text", 0 },
    { "formaction", "image submit", 0 },
    { "formenctype", "image submit", 0 },
    { "formmethod", "image submit", 0 },
    { "formnovalidate", "image submit", 0 },
    { "formtarget", "image submit", 0 },
    { "list", "hidden", 1 },
    { "max", "date datetime-local month number range time week", 0 },
    { "maxlength", "hidden", 1 },
    { "min", "date datetime-local month number range time week", 0 },
    { "minlength", "hidden", 1 },
    { "multiple", "email file", 0 },
    { "pattern", "hidden", 1 },
    { "placeholder", "hidden", 1 },
    { "readonly", "hidden", 1 },
    { "required", "hidden", 1 },
    { "step", "date datetime-local month number range time week", 0 },
    { "value", "file image", 1 },
};

/* Attributes an <input> of a type must have (EPUBCheck 5; sorted). */
static const struct {
    const char *type;
    const char *name;
    const char *advice;
} input_required[] = {
    { "image", "alt", "add alt=\"...\" saying what the button does" },
};

/* The input types HTML defines (the only ones input_attr_types knows). */
static const char input_types[] =
    "button checkbox color date datetime-local email file hidden image "
    "month number password radio range reset search submit tel text time "
    "url week";

/* The roles <input> may carry, by type (sorted; a type not listed: no
 * role), as EPUBCheck 4.2 and 5 take them (roles33: EPUBCheck 5 only). */
static const struct input_roles {
    const char *type;
    const char *roles;
    const char *roles33;
} input_roles[] = {
    { "button", "button link menuitem menuitemcheckbox menuitemradio "
      "option radio switch tab", "checkbox combobox" },
    { "checkbox", "button checkbox menuitemcheckbox option switch", NULL },
    { "email", "combobox textbox", NULL },
    { "image", "button link menuitem menuitemcheckbox menuitemradio radio "
      "switch", NULL },
    { "number", "spinbutton", NULL },
    { "radio", "menuitemradio radio", NULL },
    { "range", "slider", NULL },
    { "reset", "button", NULL },
    { "search", "searchbox", NULL },
    { "submit", "button", NULL },
    { "tel", "combobox textbox", NULL },
    { "text", "combobox searchbox spinbutton textbox", NULL },
    { "url", "combobox textbox", NULL },
};

static const char a_href_roles[] =
    "button checkbox link menuitem menuitemcheckbox menuitemradio option "
    "radio switch tab treeitem doc-backlink doc-biblioref doc-glossref "
    "doc-noteref";

/* WAI-ARIA 1.1/1.2 and DPUB-ARIA roles EPUBCheck knows (both versions),
 * sorted. */
static const char *const roles[] = {
    "alert", "alertdialog", "application", "article", "banner", "button",
    "cell", "checkbox", "columnheader", "combobox", "complementary",
    "contentinfo", "definition", "dialog", "directory", "doc-abstract",
    "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink",
    "doc-biblioentry", "doc-bibliography", "doc-biblioref", "doc-chapter",
    "doc-colophon", "doc-conclusion", "doc-cover", "doc-credit",
    "doc-credits", "doc-dedication", "doc-endnote", "doc-endnotes",
    "doc-epigraph", "doc-epilogue", "doc-errata", "doc-example",
    "doc-footnote", "doc-foreword", "doc-glossary", "doc-glossref",
    "doc-index", "doc-introduction", "doc-noteref", "doc-notice",
    "doc-pagebreak", "doc-pagelist", "doc-part", "doc-preface",
    "doc-prologue", "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip",
    "doc-toc", "document", "feed", "figure", "form", "graphics-document",
    "graphics-object", "graphics-symbol", "grid", "gridcell", "group",
    "heading", "img", "link", "list", "listbox", "listitem", "log", "main",
    "marquee", "math", "menu", "menubar", "menuitem", "menuitemcheckbox",
    "menuitemradio", "navigation", "none", "note", "option",
    "presentation", "progressbar", "radio", "radiogroup", "region", "row",
    "rowgroup", "rowheader", "scrollbar", "search", "searchbox",
    "separator", "slider", "spinbutton", "status", "switch", "tab",
    "table", "tablist", "tabpanel", "term", "textbox", "timer", "toolbar",
    "tooltip", "tree", "treegrid", "treeitem",
};

/* Roles DPUB-ARIA 1.1 deprecates: EPUBCheck 5 warns (RSC-017). */
static const struct {
    const char *role;
    const char *advice;
} deprecated_roles[] = {
    { "doc-biblioentry", "remove the role: the items of a list inside the "
      "role=\"doc-bibliography\" section are its entries" },
    { "doc-endnote", "remove the role: the items of a list inside the "
      "role=\"doc-endnotes\" section are its notes" },
};

/* Attributes HTML made obsolete, with what to write instead.  Sorted. */
static const struct obsolete_attr {
    const char *name;
    const char *advice;
} obsolete_attrs[] = {
    { "align", "CSS text-align (or margin: auto for a block)" },
    { "alink", "CSS a:active { color: ... }" },
    { "axis", "scope on the <th>" },
    { "background", "CSS background-image" },
    { "bgcolor", "CSS background-color" },
    { "border", "CSS border" },
    { "cellpadding", "CSS padding on the cells" },
    { "cellspacing", "CSS border-spacing" },
    { "char", "CSS text-align" },
    { "charoff", "CSS" },
    { "clear", "CSS clear" },
    { "color", "CSS color" },
    { "compact", "CSS margins" },
    { "face", "CSS font-family" },
    { "frame", "CSS border" },
    { "frameborder", "CSS border" },
    { "height", "CSS height" },
    { "hspace", "CSS margin-left and margin-right" },
    { "language", "type, or nothing for JavaScript" },
    { "link", "CSS a:link { color: ... }" },
    { "longdesc", "aria-describedby, or a link to the description" },
    { "marginheight", "CSS margin" },
    { "marginwidth", "CSS margin" },
    { "name", "id" },
    { "noshade", "CSS border and background-color" },
    { "nowrap", "CSS white-space: nowrap" },
    { "rules", "CSS border" },
    { "scheme", "the scheme written in the value" },
    { "scrolling", "CSS overflow" },
    { "size", "CSS width (or font-size)" },
    { "summary", "a <caption>, or aria-describedby" },
    { "text", "CSS color" },
    { "type", "CSS list-style-type" },
    { "valign", "CSS vertical-align" },
    { "version", "nothing: the document type says it" },
    { "vlink", "CSS a:visited { color: ... }" },
    { "vspace", "CSS margin-top and margin-bottom" },
    { "width", "CSS width" },
};

/* The attributes each form control (the open elements) takes besides
 * the global ones, as both EPUBChecks accept them ("element attribute",
 * sorted): any other is refused on them, as both refuse it (tried on
 * each control; obsolete ones get obsolete_attrs' advice).  Values are
 * checked where attr_rules or input_rules have the attribute; which
 * input types take which is in input_attr_types, <input type="image">
 * height and width are in input_rules, and which <button> types take
 * the form... attributes in button_submit_attrs. */
static const char *const form_attrs[] = {
    "button autofocus", "button disabled", "button formaction",
    "button formenctype", "button formmethod", "button formnovalidate",
    "button formtarget", "button name", "button type", "button value",
    "fieldset disabled", "fieldset name", "form accept-charset", "form action",
    "form autocomplete", "form enctype", "form method", "form name",
    "form novalidate", "form rel", "form target", "input accept", "input alt",
    "input autocomplete", "input autofocus", "input capture", "input checked",
    "input dirname", "input disabled", "input formaction", "input formenctype",
    "input formmethod", "input formnovalidate", "input formtarget",
    "input list", "input max", "input maxlength", "input min",
    "input minlength", "input multiple", "input name", "input pattern",
    "input placeholder", "input readonly", "input required", "input size",
    "input src", "input step", "input type", "input value", "label for",
    "optgroup disabled", "optgroup label", "option disabled", "option label",
    "option selected", "option value", "output for", "output name",
    "select autocomplete", "select autofocus", "select disabled",
    "select multiple", "select name", "select required", "select size",
    "textarea autocomplete", "textarea autofocus", "textarea cols",
    "textarea dirname", "textarea disabled", "textarea maxlength",
    "textarea minlength", "textarea name", "textarea placeholder",
    "textarea readonly", "textarea required", "textarea rows", "textarea wrap",
};

/* The attributes of a submit button: EPUBCheck 4.2 and 5 refuse them on
 * <button type="reset"> and type="button" (sorted). */
static const char *const button_submit_attrs[] = {
    "formaction", "formenctype", "formmethod", "formnovalidate",
    "formtarget",
};

/* Attributes an element must have.  when: NULL always, else only when
 * that attribute is present ("name=value": has that value, ASCII case
 * aside).  alt: another attribute that will do.
 * only32: EPUBCheck 5 does not require it (not checked with --epub 3.3). */
static const struct {
    const char *element;
    const char *name;
    const char *alt;
    const char *when;
    const char *advice;
    unsigned char only32;
} required_attrs[] = {
    { "area", "alt", NULL, "href", "add alt=\"...\" saying where the "
      "link goes", 0 },
    { "audio", "src", NULL, "itemprop", "add src=\"...\" with the "
      "file's path (with itemprop, <source>s do not count), or remove "
      "itemprop", 0 },
    { "bdo", "dir", NULL, NULL, "add dir=\"rtl\" or dir=\"ltr\"", 0 },
    { "data", "value", NULL, NULL, "add value=\"...\" with the "
      "machine-readable value", 0 },
    { "img", "src", NULL, NULL, "add src=\"...\" with the image's path, "
      "or remove the <img>", 0 },
    { "link", "href", NULL, NULL, "add href=\"...\" with the linked "
      "file's path, or remove the <link>", 1 },
    { "link", "rel", "itemprop", NULL, "add rel=\"stylesheet\" (or the "
      "relation it has)", 0 },
    { "map", "name", NULL, NULL, "add name=\"...\" (the name usemap=\"#"
      "...\" refers to)", 0 },
    { "meta", "content", NULL, "itemprop", "add content=\"...\"", 0 },
    { "meta", "content", NULL, "name", "add content=\"...\"", 0 },
    { "meter", "value", NULL, NULL, "add value=\"...\" with the number "
      "it shows", 0 },
    { "object", "data", "type", NULL, "add data=\"...\" with the "
      "resource's path", 0 },
    { "optgroup", "label", NULL, NULL, "add label=\"...\"", 0 },
    { "param", "name", NULL, NULL, "add name=\"...\"", 0 },
    { "param", "value", NULL, NULL, "add value=\"...\"", 0 },
    { "textarea", "cols", NULL, "wrap=hard", "add cols=\"...\" (the "
      "width the hard line breaks are made at), or remove wrap=\"hard\"",
      0 },
    { "track", "src", NULL, NULL, "add src=\"...\" with the text track's "
      "path", 0 },
    { "video", "src", NULL, "itemprop", "add src=\"...\" with the "
      "file's path (with itemprop, <source>s do not count), or remove "
      "itemprop", 0 },
};

/* Prefixes epub:type may use without declaring them (EPUB 3 reserved
 * prefixes). */
static const char *const reserved_prefixes[] = { "msv", "prism" };

/* Event handler attributes (the scripted property), sorted: those both
 * EPUBCheck versions know, then those only EPUBCheck 5 knows. */
static const char *const event_handlers[] = {
    "onafterprint", "onauxclick", "onbeforeprint", "onbeforeunload",
    "onblur", "oncancel", "oncanplay", "oncanplaythrough", "onchange",
    "onclick", "onclose", "oncontextmenu", "oncopy", "oncuechange",
    "oncut", "ondblclick", "ondrag", "ondragend", "ondragenter",
    "ondragleave", "ondragover", "ondragstart", "ondrop",
    "ondurationchange", "onemptied", "onended", "onerror", "onfocus",
    "onformdata", "onhashchange", "oninput", "oninvalid", "onkeydown",
    "onkeypress", "onkeyup", "onload", "onloadeddata", "onloadedmetadata",
    "onloadstart", "onmessage", "onmousedown", "onmouseenter",
    "onmouseleave", "onmousemove", "onmouseout", "onmouseover",
    "onmouseup", "onoffline", "ononline", "onpagehide", "onpageshow",
    "onpaste", "onpause", "onplay", "onplaying", "onpopstate",
    "onprogress", "onratechange", "onreset", "onresize", "onscroll",
    "onsecuritypolicyviolation", "onseeked", "onseeking", "onselect",
    "onslotchange", "onstalled", "onstorage", "onsubmit", "onsuspend",
    "ontimeupdate", "ontoggle", "onunload", "onvolumechange", "onwaiting",
    "onwheel",
};

static const char *const event_handlers33[] = {
    "onbeforeinput", "onbeforematch", "oncontextlost", "oncontextrestored",
    "ongotpointercapture", "onlanguagechange", "onlostpointercapture",
    "onmessageerror", "onpointercancel", "onpointerdown",
    "onpointerenter", "onpointerleave", "onpointermove", "onpointerout",
    "onpointerover", "onpointerrawupdate", "onpointerup",
    "onrejectionhandled", "onscrollend", "onunhandledrejection",
};

/* ARIA states and properties that are not global: EPUBCheck wants a
 * role on an element without one of its own.  Sorted, each with a role
 * that supports it. */
static const struct aria_need_role {
    const char *name;
    const char *role;
} aria_need_role[] = {
    { "aria-checked", "checkbox" },
    { "aria-colcount", "grid" },
    { "aria-colindex", "gridcell" },
    { "aria-colspan", "gridcell" },
    { "aria-expanded", "button" },
    { "aria-level", "heading" },
    { "aria-modal", "dialog" },
    { "aria-multiline", "textbox" },
    { "aria-multiselectable", "listbox" },
    { "aria-orientation", "toolbar" },
    { "aria-placeholder", "textbox" },
    { "aria-posinset", "listitem" },
    { "aria-pressed", "button" },
    { "aria-readonly", "textbox" },
    { "aria-required", "textbox" },
    { "aria-rowcount", "grid" },
    { "aria-rowindex", "row" },
    { "aria-rowspan", "gridcell" },
    { "aria-selected", "option" },
    { "aria-setsize", "listitem" },
    { "aria-sort", "columnheader" },
    { "aria-valuemax", "slider" },
    { "aria-valuemin", "slider" },
    { "aria-valuenow", "slider" },
    { "aria-valuetext", "slider" },
};

/* ARIA attributes ARIA 1.1 deprecated; EPUBCheck 5 refuses them. */
static const char *const aria_removed[] = {
    "aria-dropeffect", "aria-grabbed",
};

/* MathML attributes whose values EPUBCheck checks (any element). */
static const struct attr_rule math_attr_rules[] = {
    { "", "mathvariant", V_ENUM, 0, "normal|bold|italic|bold-italic"
      "|double-struck|bold-fraktur|script|bold-script|fraktur|sans-serif"
      "|bold-sans-serif|sans-serif-italic|sans-serif-bold-italic|monospace"
      "|initial|tailed|looped|stretched", NULL },
};

/* Attributes of current HTML that neither EPUBCheck knows on any
 * element, open ones included (sorted). */
static const char *const unknown_everywhere[] = {
    "popover", "popovertarget", "popovertargetaction",
};

/* Elements without an implicit ARIA role (sorted). */
static const char *const generic_elements[] = {
    "abbr", "audio", "b", "bdi", "bdo", "cite", "code", "div", "em", "i",
    "kbd", "mark", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "td", "u", "var", "video",
};

/* ---- the walk's state ------------------------------------------------ */

/* An id, and what resolve_ref() asks of the element that has it.  While
 * the element is in the tree, node points at it; once the part of the
 * tree that holds it has been forgotten (mk_htmlattr_forget()), the
 * answers are kept instead. */
enum {
    ID_LABELABLE = 1,       /* a form control <label for> may name */
    ID_FORM = 2,            /* a <form> */
    ID_TH = 4,              /* a <th> */
    ID_IN_TABLE = 8         /* forgotten, inside a <table> */
};

struct id_entry {
    const char *id;
    const char *element;    /* its name, for messages */
    xmlNodePtr node;        /* NULL once forgotten */
    xmlNodePtr outer;       /* forgotten: the parent of its part */
    long line, col;         /* where it starts: the first of several
                             * elements with one id is the one found */
    unsigned char kind;     /* ID_* */
};

struct pending_ref {
    xmlNodePtr node;
    xmlAttrPtr attr;
    unsigned char type;
};

struct mk_htmlattr {
    const char *path;
    int epub33_only;
    struct mk_diag *dc;         /* of the current call */
    struct id_entry *ids;
    size_t n_ids, cap_ids;
    struct pending_ref *refs;
    size_t n_refs, cap_refs;
    char **owned;               /* values copied out of the tree */
    size_t n_owned, cap_owned;
    struct mk_strpool forgotten;    /* ids and names of forgotten parts */
    const char *prefixes;       /* epub:prefix on <html>, or NULL */
    xmlNodePtr html;
    size_t part_ids, part_refs; /* ids[] and refs[] of the current part
                                 * (mk_htmlattr_mark()) from here on */
    struct mk_name_cache elements;  /* rule_of()'s */
};

static int oom(struct mk_htmlattr *C)
{
    return mk_diag_oom(C->dc);
}

/* The attribute's value without copying when it is one text node (the
 * usual case); otherwise a copy kept until the end of the check.  NULL
 * when memory ran out. */
static const char *attr_value(struct mk_htmlattr *C, xmlAttrPtr a)
{
    xmlChar *v;

    if (!a->children)
        return "";
    if (a->children->type == XML_TEXT_NODE && !a->children->next)
        return a->children->content ? (const char *)a->children->content
                                    : "";
    if (mk_grow_array(&C->owned, &C->cap_owned, C->n_owned,
                      sizeof(*C->owned)) < 0) {
        oom(C);
        return NULL;
    }
    v = xmlNodeListGetString(a->doc, a->children, 1);
    if (!v) {
        oom(C);
        return NULL;
    }
    C->owned[C->n_owned] = mk_strdup((const char *)v);
    xmlFree(v);
    if (!C->owned[C->n_owned]) {
        oom(C);
        return NULL;
    }
    return C->owned[C->n_owned++];
}

static long line_of(xmlNodePtr n)
{
    return mk_xml_line(n);
}

static long col_of(xmlNodePtr n)
{
    return mk_xml_col(n);
}

/* ---- small parsers --------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Number of digits at s. */
static size_t digits(const char *s)
{
    size_t n = 0;

    while (is_digit(s[n]))
        n++;
    return n;
}

/* s without the leading and trailing whitespace: [*start, *start+*len) */
static void trim(const char *s, const char **start, size_t *len)
{
    size_t n;

    while (is_space(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *start = s;
    *len = n;
}

/* Nonzero if keyword (len bytes) is one of the '|'-separated list
 * (ASCII case aside if nocase). */
static int in_keywords(const char *list, const char *word, size_t len,
                       int nocase)
{
    const char *p = list;

    if (!list)
        return 0;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        if (n == len && (nocase ? strncasecmp(p, word, len)
                                : strncmp(p, word, len)) == 0)
            return 1;
        if (!bar)
            return 0;
        p = bar + 1;
    }
}

/* Nonzero if word is one of the space-separated list. */
static int in_words(const char *list, const char *word, size_t len)
{
    return mk_words_have(list, word, len);
}

/* HTML integer: -?[0-9]+ (whole string).  sign: 1 allows '-'. */
static int parse_int(const char *s, int sign, long *out)
{
    int neg = 0;
    size_t n;
    long v = 0;

    if (sign && *s == '-') {
        neg = 1;
        s++;
    }
    n = digits(s);
    if (n == 0 || s[n])
        return 0;
    while (*s && v < 100000000L)
        v = v * 10 + (*s++ - '0');
    *out = neg ? -v : v;
    return 1;
}

/* HTML floating-point number: -?(d+|d*.d+)([eE][+-]?d+)?; *sign gets
 * -1, 0 or 1. */
static int parse_float(const char *s, int *sign)
{
    int neg = 0, nonzero = 0;
    size_t n;

    if (*s == '-') {
        neg = 1;
        s++;
    }
    n = digits(s);
    for (size_t i = 0; i < n; i++)
        nonzero |= s[i] != '0';
    s += n;
    if (*s == '.') {
        size_t m = digits(s + 1);

        if (m == 0 && n == 0)
            return 0;       /* "1." is accepted, as EPUBCheck does */
        for (size_t i = 1; i <= m; i++)
            nonzero |= s[i] != '0';
        s += m + 1;
    } else if (n == 0) {
        return 0;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (digits(s) == 0)
            return 0;
        s += digits(s);
    }
    if (*s)
        return 0;
    *sign = nonzero ? (neg ? -1 : 1) : 0;
    return 1;
}

/* Matches exactly n digits at *p and advances. */
static int take_digits(const char **p, size_t n)
{
    if (digits(*p) < n)
        return 0;
    *p += n;
    return 1;
}

static int take_char(const char **p, char c)
{
    if (**p != c)
        return 0;
    (*p)++;
    return 1;
}

/* year-month-day with a year of 4+ digits; advances p. */
static int take_date(const char **p)
{
    const char *s = *p;
    size_t y = digits(s);

    if (y < 4)
        return 0;
    s += y;
    if (!take_char(&s, '-') || !take_digits(&s, 2) || !take_char(&s, '-')
        || !take_digits(&s, 2))
        return 0;
    *p = s;
    return 1;
}

/* hh:mm[:ss[.fff]]; advances p. */
static int take_time(const char **p)
{
    const char *s = *p;

    if (!take_digits(&s, 2) || !take_char(&s, ':') || !take_digits(&s, 2))
        return 0;
    if (*s == ':') {
        s++;
        if (!take_digits(&s, 2))
            return 0;
        if (*s == '.') {
            s++;
            if (digits(s) < 1 || digits(s) > 3)
                return 0;
            s += digits(s);
        }
    }
    *p = s;
    return 1;
}

/* Z or +hh:mm / -hhmm; advances p. */
static int take_zone(const char **p)
{
    const char *s = *p;

    if (*s == 'Z') {
        *p = s + 1;
        return 1;
    }
    if (*s != '+' && *s != '-')
        return 0;
    s++;
    if (!take_digits(&s, 2))
        return 0;
    if (*s == ':')
        s++;
    if (!take_digits(&s, 2))
        return 0;
    *p = s;
    return 1;
}

/* date[(T| )time[zone]] */
static int is_date_or_datetime(const char *s, int need_zone)
{
    if (!take_date(&s))
        return 0;
    if (!*s)
        return 1;
    if (*s != 'T' && *s != ' ')
        return 0;
    s++;
    if (!take_time(&s))
        return 0;
    if (!*s)
        return !need_zone;
    return take_zone(&s) && !*s;
}

/* An ISO 8601 duration as HTML allows it: P[nD][T[nH][nM][n[.f]S]].
 * (HTML's "1h 30m" form is refused by EPUBCheck, and so here.) */
static int is_duration(const char *s)
{
    int any = 0;

    if (*s++ != 'P')
        return 0;
    if (digits(s) && s[digits(s)] == 'D') {
        s += digits(s) + 1;
        any = 1;
    }
    if (*s == 'T') {
        s++;
        any = 0;
        if (digits(s) && s[digits(s)] == 'H') {
            s += digits(s) + 1;
            any = 1;
        }
        if (digits(s) && s[digits(s)] == 'M') {
            s += digits(s) + 1;
            any = 1;
        }
        if (digits(s)) {
            s += digits(s);
            if (*s == '.') {
                s++;
                if (!digits(s))
                    return 0;
                s += digits(s);
            }
            if (*s != 'S')
                return 0;
            s++;
            any = 1;
        }
    }
    return any && !*s;
}

/* A valid value of <time datetime> (HTML "date or time string"). */
static int is_time_value(const char *s)
{
    const char *p = s;
    size_t y = digits(s);

    if (is_date_or_datetime(s, 0))
        return 1;
    if (y >= 4 && !s[y])
        return 1;                               /* year */
    if (y >= 4 && s[y] == '-') {
        p = s + y + 1;
        if (take_digits(&p, 2) && !*p)
            return 1;                           /* year-month */
        p = s + y + 1;
        if (take_char(&p, 'W') && take_digits(&p, 2) && !*p)
            return 1;                           /* week */
    }
    p = s;
    if (take_digits(&p, 2) && take_char(&p, '-') && take_digits(&p, 2)
        && !*p)
        return 1;                               /* yearless date */
    p = s;
    if (*s == '-' && s[1] == '-') {
        p = s + 2;
        if (take_digits(&p, 2) && take_char(&p, '-') && take_digits(&p, 2)
            && !*p)
            return 1;
    }
    p = s;
    if (take_time(&p) && !*p)
        return 1;                               /* time */
    return is_duration(s);      /* a zone alone: EPUBCheck refuses it */
}

/* type/subtype with token characters, parameters allowed. */
static int is_mime(const char *s)
{
    static const char tspecials[] = "()<>@,;:\\\"/[]?= \t";
    size_t n = 0;

    while (s[n] && !strchr(tspecials, s[n]) && (unsigned char)s[n] > 32)
        n++;
    if (n == 0 || s[n] != '/')
        return 0;
    s += n + 1;
    n = 0;
    while (s[n] && !strchr(tspecials, s[n]) && (unsigned char)s[n] > 32)
        n++;
    if (n == 0)
        return 0;
    s += n;
    while (is_space(*s))
        s++;
    return *s == '\0' || *s == ';';
}

/* ---- lookups --------------------------------------------------------- */

struct rule_key {
    const char *element;
    const char *name;
};

static int compare_rule(const void *key, const void *entry)
{
    const struct rule_key *k = key;
    const struct attr_rule *r = entry;
    int c = strcmp(k->element, r->element);

    return c ? c : strcmp(k->name, r->name);
}

static const struct attr_rule *find_rule(const char *element,
                                         const char *name)
{
    struct rule_key k;
    const struct attr_rule *r;

    k.element = element;
    k.name = name;
    r = bsearch(&k, attr_rules, sizeof(attr_rules) / sizeof(*attr_rules),
                sizeof(*attr_rules), compare_rule);
    if (r)
        return r;
    k.element = "";
    return bsearch(&k, attr_rules, sizeof(attr_rules) / sizeof(*attr_rules),
                   sizeof(*attr_rules), compare_rule);
}

static int compare_element(const void *key, const void *entry)
{
    return strcmp(key, ((const struct element_rule *)entry)->name);
}

/* The rule of HTML element name; a name with a hyphen is a custom
 * element (<x-widget>), which takes any attribute besides the global
 * ones, as in EPUBCheck. */
static const struct element_rule *find_element(const char *name)
{
    static const struct element_rule custom = { "", 1, NULL, NULL, 0 };
    const struct element_rule *e;

    e = bsearch(name, element_rules,
                sizeof(element_rules) / sizeof(*element_rules),
                sizeof(*element_rules), compare_element);
    return e || !strchr(name, '-') ? e : &custom;
}

/* find_element() of an element of the tree, by its interned name. */
static const struct element_rule *rule_of(struct mk_htmlattr *C,
                                          const xmlNode *node)
{
    const void *hit;
    const struct element_rule *e;

    if (mk_name_cache_get(&C->elements, node->name, &hit))
        return hit;
    e = find_element((const char *)node->name);
    mk_name_cache_put(&C->elements, node->name, e);
    return e;
}

static int compare_obsolete(const void *key, const void *entry)
{
    return strcmp(key, ((const struct obsolete_attr *)entry)->name);
}

static const char *obsolete_advice(const char *name)
{
    const struct obsolete_attr *hit;

    hit = bsearch(name, obsolete_attrs,
                  sizeof(obsolete_attrs) / sizeof(*obsolete_attrs),
                  sizeof(*obsolete_attrs), compare_obsolete);
    return hit ? hit->advice : NULL;
}

#define IN_LIST(name, list) MK_IN_LIST(name, list)

static int is_role(const char *role)
{
    return MK_IN_LIST(role, roles);
}

/* ---- reporting helpers ----------------------------------------------- */

#define NODE_AT(C, n) (C)->path, line_of(n), col_of(n)

/* "a, b or c" for a '|' keyword list; "" shows as "" (quoted). */
static void keyword_list(struct mk_buf *b, const char *list,
                         const char *extra)
{
    const char *lists[2];
    size_t count = 0, done = 0, k;

    lists[0] = list;
    lists[1] = extra;
    for (k = 0; k < 2; k++) {
        const char *p = lists[k];

        while (p) {
            count++;
            p = strchr(p, '|');
            if (p)
                p++;
        }
    }
    for (k = 0; k < 2; k++) {
        const char *p = lists[k];

        while (p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);

            if (done > 0)
                mk_buf_adds(b, done + 1 == count ? " or " : ", ");
            mk_buf_addf(b, "\"%.*s\"", (int)n, p);
            done++;
            p = bar ? bar + 1 : NULL;
        }
    }
}

static void report_value(struct mk_htmlattr *C, xmlNodePtr node,
                         const char *name, const char *value,
                         const char *want)
{
    mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" on <%s> is not valid: %s",
             name, value, (const char *)node->name, want);
}

/* ---- value checks ---------------------------------------------------- */

/* Nonzero if tag is well-formed BCP 47 with a 4 to 8 letter language
 * subtag ("english"): RFC 5646 allows it and EPUBCheck accepts it in
 * lang and xml:lang, while mk_lang_is_wellformed() refuses it on
 * purpose (for book.xml). */
static int long_language_subtag(const char *tag)
{
    char buf[64];
    size_t n = 0;

    while ((tag[n] >= 'a' && tag[n] <= 'z') || (tag[n] >= 'A'
                                                 && tag[n] <= 'Z'))
        n++;
    if (n < 4 || n > 8 || (tag[n] && tag[n] != '-')
        || strlen(tag + n) + 3 > sizeof(buf))
        return 0;
    buf[0] = 'x';
    buf[1] = 'x';
    memcpy(buf + 2, tag + n, strlen(tag + n) + 1);
    return mk_lang_is_wellformed(buf);
}

static void check_lang_value(struct mk_htmlattr *C, xmlNodePtr node,
                             const char *name, const char *v)
{
    char *fixed;
    size_t i;

    if (!*v || mk_lang_is_wellformed(v) || long_language_subtag(v))
        return;
    fixed = mk_strdup(v);
    if (!fixed) {
        oom(C);
        return;
    }
    for (i = 0; fixed[i]; i++)
        if (fixed[i] == '_')
            fixed[i] = '-';
    if (strcmp(fixed, v) != 0 && mk_lang_is_wellformed(fixed))
        mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" is not a well-formed "
                 "BCP 47 language tag: write %s=\"%s\" (a hyphen, not an "
                 "underscore)", name, v, name, fixed);
    else
        mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" is not a well-formed "
                 "BCP 47 language tag: write a tag such as \"en\", "
                 "\"en-US\" or \"zh-Hant\"", name, v);
    free(fixed);
}

static void queue_ref(struct mk_htmlattr *C, xmlNodePtr node, xmlAttrPtr a,
                      unsigned char type)
{
    if (mk_grow_array(&C->refs, &C->cap_refs, C->n_refs,
                      sizeof(*C->refs)) < 0) {
        oom(C);
        return;
    }
    C->refs[C->n_refs].node = node;
    C->refs[C->n_refs].attr = a;
    C->refs[C->n_refs].type = type;
    C->n_refs++;
}

static void check_enum(struct mk_htmlattr *C, xmlNodePtr node,
                       const struct attr_rule *r, const char *v)
{
    const char *s;
    size_t n;
    struct mk_buf msg = MK_BUF_INIT;
    int nocase = (r->flags & NOCASE) != 0;

    trim(v, &s, &n);
    if (strncmp(r->name, "aria-", 5) == 0 && r->type == V_ENUM) {
        s = v;      /* ARIA values are strings: no blanks around */
        n = strlen(v);
    }
    if (r->type == V_ENUM_LIST) {
        const char *p = s, *end = s + n;
        int ok = n > 0;

        while (p < end && ok) {
            const char *w = p;

            while (p < end && !is_space(*p))
                p++;
            ok = in_keywords(r->values, w, (size_t)(p - w), nocase)
                 || (C->epub33_only
                     && in_keywords(r->values33, w, (size_t)(p - w),
                                    nocase));
            while (p < end && is_space(*p))
                p++;
        }
        if (ok)
            return;
        mk_buf_adds(&msg, "use one or more of ");
    } else {
        if (in_keywords(r->values, s, n, nocase))
            return;
        if (in_keywords(r->values33, s, n, nocase)) {
            if (C->epub33_only)
                return;
            keyword_list(&msg, r->values, NULL);
            if (mk_buf_failed(&msg))
                oom(C);
            else
                mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" on <%s> is "
                         "not allowed in EPUB 3.2 (EPUBCheck 4.2 refuses "
                         "it): use %s, or build with --epub 3.3", r->name, v,
                         (const char *)node->name, mk_buf_str(&msg));
            mk_buf_release(&msg);
            return;
        }
        mk_buf_adds(&msg, "use ");
    }
    keyword_list(&msg, r->values, C->epub33_only ? r->values33 : NULL);
    if (mk_buf_failed(&msg)) {
        oom(C);
    } else {
        report_value(C, node, r->name, v, mk_buf_str(&msg));
    }
    mk_buf_release(&msg);
}

static void check_number(struct mk_htmlattr *C, xmlNodePtr node,
                         const struct attr_rule *r, const char *v)
{
    long n = 0;
    int sign = 0;

    if (r->values33 && strcmp(v, r->values33) == 0) {
        if (!C->epub33_only)
            mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" on <%s> is not "
                     "allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): give "
                     "the number, or build with --epub 3.3", r->name, v,
                     (const char *)node->name);
        return;
    }
    switch (r->type) {
    case V_INT:
        if (!parse_int(v, 1, &n))
            report_value(C, node, r->name, v, "write a whole number such "
                         "as 3 or -1");
        break;
    case V_NONNEG:
        if (!parse_int(v, 0, &n))
            report_value(C, node, r->name, v, "write a whole number of 0 "
                         "or more, without a unit (CSS sizes belong in the "
                         "stylesheet)");
        break;
    case V_POS:
        if (!parse_int(v, 0, &n) || n < 1)
            report_value(C, node, r->name, v, "write a whole number of 1 "
                         "or more");
        break;
    case V_FLOAT:
        if (!parse_float(v, &sign))
            report_value(C, node, r->name, v, "write a number such as 0.5");
        break;
    case V_FLOAT_NONNEG:
        if (!parse_float(v, &sign) || sign < 0)
            report_value(C, node, r->name, v, "write a number of 0 or "
                         "more");
        break;
    case V_FLOAT_POS:
        if (!parse_float(v, &sign) || sign <= 0)
            report_value(C, node, r->name, v, "write a number greater "
                         "than 0");
        break;
    default:
        break;
    }
}

/* The roles (and EPUB 3.3-only roles) <input> node may carry: by its
 * type (no type: text). */
static void input_roles_of(xmlNodePtr node, const char **allowed,
                           const char **allowed33)
{
    xmlAttrPtr a = xmlHasNsProp(node, BAD_CAST "type", NULL);
    const char *type = "text";
    size_t i;

    if (a && a->children && a->children->content)
        type = (const char *)a->children->content;
    *allowed = "";
    *allowed33 = NULL;
    for (i = 0; i < sizeof(input_roles) / sizeof(*input_roles); i++)
        if (strcasecmp(input_roles[i].type, type) == 0) {
            *allowed = input_roles[i].roles;
            *allowed33 = input_roles[i].roles33;
        }
}

/* The role attribute: one known role, allowed on this element. */
static void check_role(struct mk_htmlattr *C, xmlNodePtr node, const char *v)
{
    const char *name = (const char *)node->name;
    const struct element_rule *e = rule_of(C, node);
    const char *allowed = e ? e->roles : NULL;
    const char *allowed33 = e ? e->roles33 : NULL;
    const char *s, *sp, *hint;
    char role[64];
    size_t n, i;

    trim(v, &s, &n);
    if (n == 0) {
        mk_error(C->dc, NODE_AT(C, node), "empty role=\"\" on <%s>: give "
                 "one ARIA role, or remove the attribute", name);
        return;
    }
    sp = s;
    while (sp < s + n && !is_space(*sp))
        sp++;
    if (sp < s + n) {
        mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" on <%s> lists "
                 "several roles; EPUBCheck accepts exactly one: keep the "
                 "one that fits best", v, name);
        return;
    }
    hint = NULL;
    if (n < sizeof(role)) {
        memcpy(role, s, n);
        role[n] = '\0';
        if (is_role(role))
            hint = role;
    }
    if (hint != role) {
        if (n < sizeof(role))
            hint = mk_suggest(role, roles, sizeof(roles) / sizeof(*roles),
                              2);
        if (hint)
            mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" on <%s> is not "
                     "an ARIA role: did you mean role=\"%s\"?", v, name,
                     hint);
        else
            mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" on <%s> is not "
                     "an ARIA role: use a WAI-ARIA or DPUB-ARIA role (such "
                     "as note or doc-chapter), or remove it", v, name);
        return;
    }
    for (i = 0; i < sizeof(deprecated_roles) / sizeof(*deprecated_roles);
         i++)
        if (strcmp(role, deprecated_roles[i].role) == 0)
            /* an error, not a warning: EPUBCheck 5's warning would
             * break the book's "no warnings" promise */
            mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" is deprecated "
                     "(DPUB-ARIA 1.1) and EPUBCheck 5 warns about it: %s",
                     role, deprecated_roles[i].advice);
    if (strcmp(name, "a") == 0 && xmlHasNsProp(node, BAD_CAST "href", NULL))
        allowed = a_href_roles;
    if (strcmp(name, "input") == 0)
        input_roles_of(node, &allowed, &allowed33);
    if (!allowed)
        return;
    if (!*allowed) {
        mk_error(C->dc, NODE_AT(C, node), "<%s> may not have a role: "
                 "remove role=\"%s\" (or put it on an element inside)",
                 name, role);
        return;
    }
    if (in_words(allowed, role, n)
        || (strcmp(role, "none") == 0
            && in_words(allowed, "presentation", 12)))
        return;
    if (allowed33 && (strcmp(allowed33, "*") == 0
                      || in_words(allowed33, role, n))) {
        if (!C->epub33_only)
            mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" on <%s> is not "
                     "allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): use "
                     "another element, or build with --epub 3.3", role,
                     name);
        return;
    }
    mk_error(C->dc, NODE_AT(C, node), "role=\"%s\" is not allowed on <%s>: "
             "put it on an element that may carry it (<%s> allows: %s)",
             role, name, name, allowed);
}

/* data-*: at least one character after "data-", no ASCII upper case
 * (EPUBCheck 5, HTM-061). */
static void check_data_attr(struct mk_htmlattr *C, xmlNodePtr node,
                            const char *name)
{
    const char *p;
    char *lower;
    size_t i;

    if (!name[5]) {
        mk_error(C->dc, NODE_AT(C, node), "attribute \"data-\" on <%s> has "
                 "no name after \"data-\": write data-something=\"...\"",
                 (const char *)node->name);
        return;
    }
    for (p = name + 5; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            break;
    if (!*p)
        return;
    lower = mk_strdup(name);
    if (!lower) {
        oom(C);
        return;
    }
    for (i = 0; lower[i]; i++)
        if (lower[i] >= 'A' && lower[i] <= 'Z')
            lower[i] = (char)(lower[i] - 'A' + 'a');
    mk_error(C->dc, NODE_AT(C, node), "custom data attribute %s on <%s> "
             "has upper-case letters, which EPUBCheck 5 refuses: write %s",
             name, (const char *)node->name, lower);
    free(lower);
}

/* Nonzero if prefix (len bytes) is declared in epub:prefix="p: uri ...". */
static int prefix_declared(const char *decl, const char *prefix, size_t len)
{
    const char *p = decl;

    while (p && *p) {
        const char *w;

        while (is_space(*p))
            p++;
        w = p;
        while (*p && !is_space(*p))
            p++;
        if ((size_t)(p - w) == len + 1 && w[len] == ':'
            && strncmp(w, prefix, len) == 0)
            return 1;
        while (is_space(*p))
            p++;
        while (*p && !is_space(*p))     /* the URI */
            p++;
    }
    return 0;
}

static void check_epub_type(struct mk_htmlattr *C, xmlNodePtr node,
                            const char *v)
{
    const char *p = v;

    while (*p) {
        const char *w, *colon;

        while (is_space(*p))
            p++;
        w = p;
        while (*p && !is_space(*p))
            p++;
        colon = memchr(w, ':', (size_t)(p - w));
        if (colon && colon > w) {
            size_t len = (size_t)(colon - w);
            size_t i;
            int known = 0;

            for (i = 0; i < sizeof(reserved_prefixes)
                            / sizeof(*reserved_prefixes); i++)
                if (strlen(reserved_prefixes[i]) == len
                    && strncmp(reserved_prefixes[i], w, len) == 0)
                    known = 1;
            if (!known && !prefix_declared(C->prefixes, w, len))
                mk_error(C->dc, NODE_AT(C, node), "epub:type term \"%.*s\" "
                         "uses the prefix \"%.*s\", which is not declared: "
                         "declare it on <html> (epub:prefix=\"%.*s: "
                         "http://...\") or use an unprefixed term",
                         (int)(p - w), w, (int)len, w, (int)len, w);
        }
    }
}

/* Nonzero if uri is scheme://host... (a custom attribute namespace
 * EPUBCheck 5 can check: it fails on a URN such as "urn:x"). */
static int has_host(const char *uri)
{
    const char *p = uri;

    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
           || is_digit(*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return p > uri && p[0] == ':' && p[1] == '/' && p[2] == '/' && p[3]
           && p[3] != '/';
}

/* An attribute in a namespace, on an HTML element. */
static void check_ns_attr(struct mk_htmlattr *C, xmlNodePtr node, xmlAttrPtr a)
{
    const char *ns = (const char *)a->ns->href;
    const char *name = (const char *)a->name;
    const char *prefix = a->ns->prefix ? (const char *)a->ns->prefix : "";
    const char *el = (const char *)node->name;
    const char *v;

    if (strcmp(ns, (const char *)XML_XML_NAMESPACE) == 0) {
        if (strcmp(name, "base") == 0)
            return;     /* the URL checks own it */
        v = attr_value(C, a);
        if (!v)
            return;
        if (strcmp(name, "lang") == 0) {
            check_lang_value(C, node, "xml:lang", v);
        } else if (strcmp(name, "space") == 0) {
            if (strcmp(v, "preserve") != 0 && strcmp(v, "default") != 0)
                report_value(C, node, "xml:space", v,
                             "use \"preserve\" or \"default\"");
        } else {
            mk_error(C->dc, NODE_AT(C, node), "attribute xml:%s is not "
                     "allowed on <%s>: remove it (xml:lang and xml:space "
                     "are the XML attributes HTML takes; use id for "
                     "xml:id)", name, el);
        }
        return;
    }
    if (strcmp(ns, MK_EPUB_NS) == 0) {
        if (strcmp(name, "type") == 0) {
            v = attr_value(C, a);
            if (v)
                check_epub_type(C, node, v);
        } else if (strcmp(name, "prefix") == 0
                   && (xmlNodePtr)node == C->html) {
            return;
        } else if (strcmp(name, "prefix") == 0) {
            mk_error(C->dc, NODE_AT(C, node), "epub:prefix on <%s>: "
                     "EPUBCheck only accepts it on <html>: move it there",
                     el);
        } else {
            mk_error(C->dc, NODE_AT(C, node), "%s:%s is not an EPUB "
                     "attribute: use epub:type (or a data-* attribute for "
                     "your own data)", prefix, name);
        }
        return;
    }
    if (strcmp(ns, SSML_NS) == 0
        && (strcmp(name, "ph") == 0 || strcmp(name, "alphabet") == 0))
        return;
    if (strcmp(ns, ITS_NS) == 0) {
        if (strcmp(name, "translate") == 0 || strcmp(name, "dir") == 0)
            mk_error(C->dc, NODE_AT(C, node), "%s:%s on <%s>: EPUBCheck 5 "
                     "refuses attributes in the ITS namespace (%s): use "
                     "the HTML attribute %s=\"...\" instead", prefix, name,
                     el, ns, name);
        else
            mk_error(C->dc, NODE_AT(C, node), "%s:%s on <%s>: EPUBCheck 5 "
                     "refuses attributes in the ITS namespace (%s): remove "
                     "it (keep notes for translators in a data-* attribute "
                     "or a comment)", prefix, name, el, ns);
        return;
    }
    if (strstr(ns, "w3.org") || strstr(ns, "idpf.org")) {
        mk_error(C->dc, NODE_AT(C, node), "%s:%s on <%s> is in the reserved "
                 "namespace %s, which HTML elements may not use: remove it, "
                 "or put your own data in a namespace of your own (not on "
                 "w3.org or idpf.org) or a data-* attribute", prefix, name,
                 el, ns);
        return;
    }
    if (!has_host(ns))
        mk_error(C->dc, NODE_AT(C, node), "%s:%s on <%s> is in the "
                 "namespace %s, which has no host name: EPUBCheck 5 cannot "
                 "process that (CHK-008); use an http URL of your own, such "
                 "as http://example.com/ns", prefix, name, el, ns);
}

/* An attribute in no namespace that the tables do not know. */
static void report_unknown(struct mk_htmlattr *C, xmlNodePtr node,
                           const char *name)
{
    const char *el = (const char *)node->name;
    const char *advice = obsolete_advice(name);
    const char *cands[sizeof(attr_rules) / sizeof(*attr_rules)
                      + sizeof(form_attrs) / sizeof(*form_attrs)];
    size_t el_len = strlen(el);
    const char *hint;
    size_t i, n = 0;

    if (advice) {
        mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
                 "<%s> (obsolete HTML): remove it and use %s instead",
                 name, el, advice);
        return;
    }
    for (i = 0; i < sizeof(attr_rules) / sizeof(*attr_rules); i++)
        if (!attr_rules[i].element[0]
            || strcmp(attr_rules[i].element, el) == 0)
            cands[n++] = attr_rules[i].name;
    for (i = 0; i < sizeof(form_attrs) / sizeof(*form_attrs); i++)
        if (strncmp(form_attrs[i], el, el_len) == 0
            && form_attrs[i][el_len] == ' ')
            cands[n++] = form_attrs[i] + el_len + 1;
    hint = mk_suggest(name, cands, n, strlen(name) > 4 ? 2 : 1);
    if (hint)
        mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
                 "<%s>: did you mean %s?", name, el, hint);
    else
        mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
                 "<%s>: remove it (keep your own data in data-%s)", name,
                 el, name);
}

/* yyyy-mm (at least four digits of year); advances p.  The digits are
 * what EPUBCheck checks, not the month's range. */
static int take_month(const char **p)
{
    const char *s = *p;
    size_t y = digits(s);

    if (y < 4)
        return 0;
    s += y;
    if (!take_char(&s, '-') || !take_digits(&s, 2))
        return 0;
    *p = s;
    return 1;
}

/* min and max of <input> types month, week, time and datetime-local:
 * the forms of EPUBCheck's schema (digits, not ranges). */
static void check_input_date(struct mk_htmlattr *C, xmlNodePtr node,
                             const struct attr_rule *r, const char *v)
{
    static const struct {
        unsigned char type;
        const char *example;
    } forms[] = {
        { V_MONTH, "a month such as \"2020-12\"" },
        { V_WEEK, "a week such as \"2020-W53\"" },
        { V_INPUT_TIME, "a time such as \"18:30\" or \"18:30:05.250\"" },
        { V_LOCAL_DATETIME, "a date and time such as "
          "\"2020-12-31T18:30\"" },
    };
    const char *s = v;
    size_t y = digits(v), i;
    int ok = 0;

    switch (r->type) {
    case V_MONTH:
        ok = take_month(&s);
        break;
    case V_WEEK:
        s += y;
        ok = y >= 4 && take_char(&s, '-') && take_char(&s, 'W')
             && take_digits(&s, 2);
        break;
    case V_INPUT_TIME:
        ok = take_time(&s);
        break;
    default:
        ok = take_date(&s) && (*s == 'T' || *s == ' ');
        s += ok;
        ok = ok && take_time(&s);
        break;
    }
    if (ok && !*s)
        return;
    for (i = 0; i < sizeof(forms) / sizeof(*forms); i++)
        if (forms[i].type == r->type) {
            char want[96];

            snprintf(want, sizeof(want), "write %s", forms[i].example);
            report_value(C, node, r->name, v, want);
        }
}

/* step of <input>: "any", or a whole number of 1 or more (month, week),
 * or a number greater than 0 (time, datetime-local). */
static void check_step(struct mk_htmlattr *C, xmlNodePtr node,
                       const struct attr_rule *r, const char *v)
{
    long n = 0;
    int sign = 0;

    if (strcmp(v, "any") == 0)
        return;
    if (r->type == V_STEP_WHOLE && (!parse_int(v, 0, &n) || n < 1))
        report_value(C, node, r->name, v, "write \"any\" or a whole "
                     "number of 1 or more");
    else if (r->type == V_STEP_POS && (!parse_float(v, &sign) || sign <= 0))
        report_value(C, node, r->name, v, "write \"any\" or a number "
                     "greater than 0");
}

static void check_value(struct mk_htmlattr *C, xmlNodePtr node, xmlAttrPtr a,
                        const struct attr_rule *r)
{
    const char *v = attr_value(C, a);
    const char *s;
    size_t n;

    if (!v)
        return;
    switch (r->type) {
    case V_ID:
        trim(v, &s, &n);
        if (!*v)
            mk_error(C->dc, NODE_AT(C, node), "empty %s=\"\" on <%s>: give "
                     "it a name, or remove the attribute", r->name,
                     (const char *)node->name);
        else if (strcspn(v, " \t\n\r\f") != strlen(v))
            mk_error(C->dc, NODE_AT(C, node), "%s=\"%s\" on <%s> contains "
                     "whitespace: an id is one word (use hyphens: "
                     "\"a-b\")", r->name, v, (const char *)node->name);
        break;
    case V_IDREF:
    case V_IDREFS:
    case V_DESCENDANT:
    case V_LABELABLE:
    case V_FORM:
    case V_HEADERS:
        queue_ref(C, node, a, r->type);
        break;
    case V_HASHNAME:
        if (v[0] != '#' || !v[1])
            report_value(C, node, r->name, v, "write \"#\" and the name of "
                         "a <map>");
        break;
    case V_INT:
    case V_NONNEG:
    case V_POS:
    case V_FLOAT:
    case V_FLOAT_NONNEG:
    case V_FLOAT_POS:
        check_number(C, node, r, v);
        break;
    case V_ENUM:
    case V_ENUM_LIST:
        check_enum(C, node, r, v);
        break;
    case V_LANG:
        check_lang_value(C, node, r->name, v);
        break;
    case V_TIME:
        trim(v, &s, &n);
        if (n != strlen(v) || !is_time_value(v))
            report_value(C, node, r->name, v, "write a date or time such "
                         "as \"2020-12-31\", \"2020-12\", \"2020\", "
                         "\"18:30\" or \"2020-12-31T18:30Z\"");
        break;
    case V_EDIT_TIME:
        if (!is_date_or_datetime(v, 1) && !is_date_or_datetime(v, 0))
            report_value(C, node, r->name, v, "write a date such as "
                         "\"2020-12-31\" or \"2020-12-31T18:30Z\"");
        break;
    case V_MIME:
        trim(v, &s, &n);
        if (n != strlen(v) || !is_mime(v))
            report_value(C, node, r->name, v, "write a media type such as "
                         "\"image/png\"");
        break;
    case V_NONEMPTY:
        trim(v, &s, &n);
        if (n == 0)
            mk_error(C->dc, NODE_AT(C, node), "empty %s=\"\" on <%s>: give "
                     "it a value, or remove the attribute", r->name,
                     (const char *)node->name);
        break;
    case V_ROLE:
        check_role(C, node, v);
        break;
    case V_DATE:
        s = v;
        if (!take_date(&s) || *s)
            report_value(C, node, r->name, v, "write a date such as "
                         "\"2020-12-31\"");
        break;
    case V_MONTH:
    case V_WEEK:
    case V_INPUT_TIME:
    case V_LOCAL_DATETIME:
        check_input_date(C, node, r, v);
        break;
    case V_STEP_WHOLE:
    case V_STEP_POS:
        check_step(C, node, r, v);
        break;
    default:
        break;
    }
}

/* The rule input_rules gives attribute name of <input> node, or NULL. */
/* <input> attributes checked whatever the type (after input_rules). */
static const struct attr_rule input_any_rules[] = {
    { "", "name", V_NONEMPTY, 0, NULL, NULL },
    { "", "size", V_POS, 0, NULL, NULL },
};

static const struct attr_rule *find_input_rule(xmlNodePtr node,
                                               const char *name)
{
    const char *type = "text";     /* no type: a text field */
    xmlAttrPtr a;
    size_t i;

    for (a = node->properties; a; a = a->next)
        if (!a->ns && strcmp((const char *)a->name, "type") == 0
            && a->children && a->children->content)
            type = (const char *)a->children->content;
    for (i = 0; i < sizeof(input_rules) / sizeof(*input_rules); i++)
        if (strcasecmp(input_rules[i].element, type) == 0
            && strcmp(input_rules[i].name, name) == 0)
            return &input_rules[i];
    for (i = 0; i < sizeof(input_any_rules) / sizeof(*input_any_rules); i++)
        if (strcmp(input_any_rules[i].name, name) == 0)
            return &input_any_rules[i];
    return NULL;
}

/* Checks attribute a of <input> node against its type's rule r. */
static void check_input_attr(struct mk_htmlattr *C, xmlNodePtr node,
                             xmlAttrPtr a, const struct attr_rule *r)
{
    const char *v;

    if (r->type == V_ABSENT) {
        mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
                 "<input type=\"%s\">: remove it, or use an input type "
                 "that takes it", r->name, r->element);
        return;
    }
    v = attr_value(C, a);
    if (v && !(*v == '\0' && (r->flags & EMPTY_OK)))
        check_value(C, node, a, r);
}

/* Nonzero when node has the attribute when names ("wrap"), with the
 * value it gives, ASCII case aside ("wrap=hard"). */
static int when_holds(struct mk_htmlattr *C, xmlNodePtr node, const char *when)
{
    const char *eq = strchr(when, '='), *v;
    char name[32];
    xmlAttrPtr a;

    if (!eq)
        return xmlHasNsProp(node, BAD_CAST when, NULL) != NULL;
    snprintf(name, sizeof(name), "%.*s", (int)(eq - when), when);
    a = xmlHasNsProp(node, BAD_CAST name, NULL);
    v = a ? attr_value(C, a) : NULL;
    return v && strcasecmp(v, eq + 1) == 0;
}

static void check_required(struct mk_htmlattr *C, xmlNodePtr node)
{
    const char *el = (const char *)node->name;
    size_t i;

    if (strcmp(el, "source") == 0 && node->parent) {
        int in_picture = mk_xml_is(node->parent, MK_XHTML_NS, "picture");
        const char *need = in_picture ? "srcset" : "src";

        if ((in_picture || mk_xml_is(node->parent, MK_XHTML_NS, "video")
             || mk_xml_is(node->parent, MK_XHTML_NS, "audio"))
            && !xmlHasNsProp(node, BAD_CAST need, NULL))
            mk_error(C->dc, NODE_AT(C, node), "<source> in <%s> has no %s: "
                     "add %s=\"...\" with the file's path",
                     (const char *)node->parent->name, need, need);
        return;
    }

    for (i = 0; i < sizeof(required_attrs) / sizeof(*required_attrs); i++) {
        int c = strcmp(el, required_attrs[i].element);

        if (c < 0)
            break;
        if (c > 0)
            continue;
        if ((required_attrs[i].when
             && !when_holds(C, node, required_attrs[i].when))
            || (required_attrs[i].only32 && C->epub33_only))
            continue;
        if (xmlHasNsProp(node, BAD_CAST required_attrs[i].name, NULL)
            || (required_attrs[i].alt
                && xmlHasNsProp(node, BAD_CAST required_attrs[i].alt,
                                NULL)))
            continue;
        if (required_attrs[i].when
            && strchr(required_attrs[i].when, '='))
            mk_error(C->dc, NODE_AT(C, node), "<%s %.*s=\"%s\"> has no %s: "
                     "%s", el, (int)strcspn(required_attrs[i].when, "="),
                     required_attrs[i].when,
                     strchr(required_attrs[i].when, '=') + 1,
                     required_attrs[i].name, required_attrs[i].advice);
        else if (required_attrs[i].when)
            mk_error(C->dc, NODE_AT(C, node), "<%s %s=...> has no %s: %s",
                     el, required_attrs[i].when, required_attrs[i].name,
                     required_attrs[i].advice);
        else
            mk_error(C->dc, NODE_AT(C, node), "<%s> has no %s: %s", el,
                     required_attrs[i].name, required_attrs[i].advice);
    }
}

/* lang and xml:lang on one element must name the same language (ASCII
 * case aside). */
static void check_lang_pair(struct mk_htmlattr *C, xmlNodePtr node)
{
    xmlAttrPtr a = xmlHasNsProp(node, BAD_CAST "lang", NULL);
    xmlAttrPtr x = xmlHasNsProp(node, BAD_CAST "lang", XML_XML_NAMESPACE);
    const char *av, *xv;

    if (!a || !x)
        return;
    av = attr_value(C, a);
    xv = attr_value(C, x);
    if (av && xv && strcasecmp(av, xv) != 0)
        mk_error(C->dc, NODE_AT(C, node), "lang=\"%s\" and xml:lang=\"%s\" "
                 "differ; HTML requires them to be the same: keep lang "
                 "alone (mkepub adds the matching xml:lang)", av, xv);
}

static int is_labelable(xmlNodePtr n);
static int is_html_el(xmlNodePtr n, const char *name);

static void record_id(struct mk_htmlattr *C, xmlNodePtr node)
{
    xmlAttrPtr a = xmlHasNsProp(node, BAD_CAST "id", NULL);
    struct id_entry *e;
    const char *v;

    if (!a)
        return;
    v = attr_value(C, a);
    if (!v || !*v)
        return;
    if (mk_grow_array(&C->ids, &C->cap_ids, C->n_ids, sizeof(*C->ids)) < 0) {
        oom(C);
        return;
    }
    e = &C->ids[C->n_ids++];
    e->id = v;
    e->element = (const char *)node->name;
    e->node = node;
    e->outer = NULL;
    e->line = line_of(node);
    e->col = col_of(node);
    e->kind = (unsigned char)((is_labelable(node) ? ID_LABELABLE : 0)
                              | (is_html_el(node, "form") ? ID_FORM : 0)
                              | (is_html_el(node, "th") ? ID_TH : 0));
}

static int compare_need_role(const void *key, const void *entry)
{
    return strcmp(key, ((const struct aria_need_role *)entry)->name);
}

/* A non-global ARIA attribute on an element with no role, implicit or
 * written. */
static void check_aria_role_needed(struct mk_htmlattr *C, xmlNodePtr node,
                                   const char *name)
{
    const char *el = (const char *)node->name;
    const struct aria_need_role *need;

    need = bsearch(name, aria_need_role,
                   sizeof(aria_need_role) / sizeof(*aria_need_role),
                   sizeof(*aria_need_role), compare_need_role);
    if (!need || !IN_LIST(el, generic_elements)
        || xmlHasNsProp(node, BAD_CAST "role", NULL))
        return;
    mk_error(C->dc, NODE_AT(C, node), "%s on <%s> needs a role that "
             "supports it: add one (such as role=\"%s\"), or remove the "
             "attribute", name, el, need->role);
}

static int compare_input_attr(const void *key, const void *entry)
{
    return strcmp(key, ((const struct input_attr_types *)entry)->name);
}

/* Reports attribute name of <input> node when its type does not take it
 * (input_attr_types); returns whether it did. */
static int input_type_refuses(struct mk_htmlattr *C, xmlNodePtr node,
                              const char *name)
{
    const struct input_attr_types *t;
    xmlAttrPtr a;
    const char *type = "text";
    char low[32];
    size_t i, n;
    int listed;

    t = bsearch(name, input_attr_types, sizeof(input_attr_types)
                / sizeof(*input_attr_types), sizeof(*input_attr_types),
                compare_input_attr);
    if (!t)
        return 0;
    a = xmlHasNsProp(node, BAD_CAST "type", NULL);
    if (a && a->children && a->children->content)
        type = (const char *)a->children->content;
    n = strlen(type);
    if (n >= sizeof(low))
        return 0;
    for (i = 0; i <= n; i++)
        low[i] = (char)(type[i] >= 'A' && type[i] <= 'Z'
                        ? type[i] - 'A' + 'a' : type[i]);
    if (!mk_words_have(input_types, low, n))
        return 0;       /* an unknown type: reported as such */
    listed = mk_words_have(t->types, low, n) != 0;
    if (listed != (t->except != 0))
        return 0;       /* the type takes it */
    mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
             "<input type=\"%s\">: remove it, or use an input type that "
             "takes it", name, low);
    return 1;
}

/* Reports the attributes <input> node's type requires and it lacks. */
static void check_input_required(struct mk_htmlattr *C, xmlNodePtr node)
{
    xmlAttrPtr a = xmlHasNsProp(node, BAD_CAST "type", NULL);
    const char *type;
    size_t i;

    if (!a || !a->children || !a->children->content)
        return;
    type = (const char *)a->children->content;
    for (i = 0; i < sizeof(input_required) / sizeof(*input_required); i++)
        if (strcasecmp(input_required[i].type, type) == 0
            && !xmlHasNsProp(node, BAD_CAST input_required[i].name, NULL))
            mk_error(C->dc, NODE_AT(C, node), "<input type=\"%s\"> has "
                     "no %s: %s", input_required[i].type,
                     input_required[i].name, input_required[i].advice);
}

/* Does form control el (an open element) take attribute name, which
 * none of the rules has? */
static int form_attr(const char *el, const char *name)
{
    char key[64];

    if (strlen(el) + strlen(name) + 2 > sizeof(key))
        return 0;
    strcpy(key, el);
    strcat(key, " ");
    strcat(key, name);
    return IN_LIST(key, form_attrs);
}

/* Reports (and returns nonzero) a submit button's attribute name on a
 * <button> of type reset or button. */
static int button_type_refuses(struct mk_htmlattr *C, xmlNodePtr node,
                               const char *name)
{
    xmlAttrPtr a;
    const char *type;

    if (!IN_LIST(name, button_submit_attrs))
        return 0;
    a = xmlHasNsProp(node, BAD_CAST "type", NULL);
    if (!a || !a->children || !a->children->content)
        return 0;
    type = (const char *)a->children->content;
    if (strcasecmp(type, "reset") != 0 && strcasecmp(type, "button") != 0)
        return 0;
    mk_error(C->dc, NODE_AT(C, node), "attribute %s is not allowed on "
             "<button type=\"%s\">: remove it, or make it a submit button "
             "(type=\"submit\")", name, type);
    return 1;
}

static void check_html_element(struct mk_htmlattr *C, xmlNodePtr node)
{
    const char *el = (const char *)node->name;
    const struct element_rule *e = rule_of(C, node);
    xmlAttrPtr a;

    if (!e)
        return;     /* not HTML (or obsolete): reported elsewhere */
    for (a = node->properties; a && !mk_diag_out_of_memory(C->dc);
         a = a->next) {
        const char *name = (const char *)a->name;
        const struct attr_rule *r;

        if (a->ns && a->ns->href) {
            check_ns_attr(C, node, a);
            continue;
        }
        if (strchr(name, ':'))
            continue;   /* an undeclared prefix: xml.c reported it */
        if (strncmp(name, "data-", 5) == 0) {
            check_data_attr(C, node, name);
            continue;
        }
        if (name[0] == 'o' && name[1] == 'n'
            && IN_LIST(name, event_handlers))
            continue;
        if (name[0] == 'o' && name[1] == 'n'
            && IN_LIST(name, event_handlers33)) {
            if (!C->epub33_only)
                mk_error(C->dc, NODE_AT(C, node), "attribute %s on <%s> is "
                         "not allowed in EPUB 3.2 (EPUBCheck 4.2 refuses "
                         "it): remove it, or build with --epub 3.3", name,
                         el);
            continue;
        }
        if (strcmp(el, "input") == 0 && input_type_refuses(C, node, name))
            continue;
        if (strcmp(el, "button") == 0 && button_type_refuses(C, node, name))
            continue;
        r = find_rule(el, name);
        if (r && strcmp(el, "li") == 0 && strcmp(name, "value") == 0
            && !mk_xml_is(node->parent, MK_XHTML_NS, "ol")) {
            mk_error(C->dc, NODE_AT(C, node), "attribute value is only "
                     "allowed on the <li> of an <ol>: remove it, or make "
                     "the list an <ol>");
            continue;
        }
        if (!r && IN_LIST(name, aria_removed)) {
            mk_error(C->dc, NODE_AT(C, node), "%s on <%s> was deprecated "
                     "in ARIA 1.1 and EPUBCheck 5 refuses it: remove it",
                     name, el);
            continue;
        }
        if (!r && strcmp(el, "input") == 0
            && !IN_LIST(name, unknown_everywhere)) {
            r = find_input_rule(node, name);
            if (r)
                check_input_attr(C, node, a, r);
            else if (!form_attr(el, name))
                report_unknown(C, node, name);
            continue;
        }
        if (!r) {
            /* a custom element (name "") takes any but those */
            if (!e->open || IN_LIST(name, unknown_everywhere)
                || (e->name[0] ? !form_attr(el, name)
                               : obsolete_advice(name) != NULL))
                report_unknown(C, node, name);
            continue;
        }
        if ((r->flags & A33) && !C->epub33_only) {
            mk_error(C->dc, NODE_AT(C, node), "attribute %s on <%s> is not "
                     "allowed in EPUB 3.2 (EPUBCheck 4.2 refuses it): "
                     "remove it, or build with --epub 3.3", name, el);
            continue;
        }
        check_value(C, node, a, r);
        if (strncmp(name, "aria-", 5) == 0)
            check_aria_role_needed(C, node, name);
    }
    if (e->required)
        check_required(C, node);
    if (strcmp(el, "input") == 0)
        check_input_required(C, node);
    if (node->properties)
        check_lang_pair(C, node);
}

/* ---- resolving references -------------------------------------------- */

/* By id, then in document order. */
static int compare_id(const void *a, const void *b)
{
    const struct id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* strcmp(id, the len bytes at key) for a key without NUL bytes. */
static int compare_key(const char *id, const char *key, size_t len)
{
    int c = strncmp(id, key, len);

    return c ? c : id[len] != '\0';
}

/* The first element in document order with the id (len bytes at key),
 * or NULL. */
static const struct id_entry *find_id(const struct mk_htmlattr *C,
                                      const char *key, size_t len)
{
    size_t lo = 0, hi = C->n_ids;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (compare_key(C->ids[mid].id, key, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < C->n_ids && compare_key(C->ids[lo].id, key, len) == 0
           ? &C->ids[lo] : NULL;
}

static int is_html_el(xmlNodePtr n, const char *name)
{
    return mk_xml_is(n, MK_XHTML_NS, name);
}

static int is_labelable(xmlNodePtr n)
{
    static const char *const labelable[] = {
        "button", "input", "meter", "output", "progress", "select",
        "textarea",
    };
    size_t i;

    for (i = 0; i < sizeof(labelable) / sizeof(*labelable); i++)
        if (is_html_el(n, labelable[i])) {
            if (i == 1) {
                xmlChar *t = xmlGetNoNsProp(n, BAD_CAST "type");
                int hidden = t && xmlStrcasecmp(t, BAD_CAST "hidden") == 0;

                xmlFree(t);
                return !hidden;
            }
            return 1;
        }
    return 0;
}

static xmlNodePtr table_of(xmlNodePtr n)
{
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (is_html_el(n, "table"))
            return n;
    return NULL;
}

static int is_descendant(xmlNodePtr n, xmlNodePtr of)
{
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (n == of)
            return 1;
    return 0;
}

/* Nonzero if the element with id e is a <th> of ref's table (or, like
 * ref, in no table). */
static int in_same_table(const struct id_entry *e, xmlNodePtr ref)
{
    if (e->node)
        return table_of(e->node) == table_of(ref);
    /* a forgotten table is none that ref can be in */
    return !(e->kind & ID_IN_TABLE) && !table_of(ref);
}

/* Nonzero if the element with id e is inside ref. */
static int is_inside(const struct id_entry *e, xmlNodePtr ref)
{
    if (e->node)
        return is_descendant(e->node, ref);
    return e->outer == ref || is_descendant(e->outer, ref);
}

static void resolve_ref(struct mk_htmlattr *C, const struct pending_ref *ref)
{
    const char *name = (const char *)ref->attr->name;
    const char *el = (const char *)ref->node->name;
    const char *v = attr_value(C, ref->attr);
    const char *p;
    int single = ref->type != V_IDREFS && ref->type != V_HEADERS;

    if (!v)
        return;
    if (!single && strspn(v, " \t\n\r\f") == strlen(v))
        return;     /* an empty list: EPUBCheck accepts it */
    if (!*v || strspn(v, " \t\n\r\f") == strlen(v)) {
        mk_error(C->dc, NODE_AT(C, ref->node), "empty %s=\"\" on <%s>: "
                 "name the id it refers to, or remove the attribute", name,
                 el);
        return;
    }
    if (single && strcspn(v, " \t\n\r\f") != strlen(v)) {
        mk_error(C->dc, NODE_AT(C, ref->node), "%s=\"%s\" on <%s> must "
                 "name one id: remove the others", name, v, el);
        return;
    }
    for (p = v; *p && !mk_diag_out_of_memory(C->dc);) {
        const char *w;
        size_t len;
        const struct id_entry *target;

        while (is_space(*p))
            p++;
        if (!*p)
            break;
        w = p;
        while (*p && !is_space(*p))
            p++;
        len = (size_t)(p - w);
        target = find_id(C, w, len);
        if (!target) {
            mk_error(C->dc, NODE_AT(C, ref->node), "%s on <%s> refers to "
                     "id \"%.*s\", which is not in this file: give the "
                     "element it means id=\"%.*s\", or fix the reference",
                     name, el, (int)len, w, (int)len, w);
            continue;
        }
        if (ref->type == V_LABELABLE && !(target->kind & ID_LABELABLE))
            mk_error(C->dc, NODE_AT(C, ref->node), "for=\"%.*s\" on <%s> "
                     "refers to a <%s>, which cannot be labelled: point it "
                     "at a form control (input, select, textarea, button, "
                     "meter, output, progress) or drop the attribute",
                     (int)len, w, el, target->element);
        else if (ref->type == V_FORM && !(target->kind & ID_FORM))
            mk_error(C->dc, NODE_AT(C, ref->node), "form=\"%.*s\" on <%s> "
                     "refers to a <%s>, not a <form>: name the id of the "
                     "form it belongs to, or remove form=", (int)len, w, el,
                     target->element);
        else if (ref->type == V_HEADERS
                 && (!(target->kind & ID_TH)
                     || !in_same_table(target, ref->node)))
            mk_error(C->dc, NODE_AT(C, ref->node), "headers on <%s> refers "
                     "to \"%.*s\", which is not a <th> of the same table: "
                     "name the ids of this table's header cells", el,
                     (int)len, w);
        else if (ref->type == V_DESCENDANT
                 && !is_inside(target, ref->node))
            mk_error(C->dc, NODE_AT(C, ref->node), "aria-activedescendant "
                     "on <%s> refers to \"%.*s\", which is not inside it: "
                     "name an element within this one", el, (int)len, w);
    }
    if (ref->type == V_DESCENDANT
        && !xmlHasNsProp(ref->node, BAD_CAST "role", NULL))
        mk_error(C->dc, NODE_AT(C, ref->node), "<%s> has "
                 "aria-activedescendant but no role: give it the role of "
                 "a composite widget (such as listbox or grid)", el);
}

/* ---- the walk -------------------------------------------------------- */

/* SVG and MathML: only what both EPUBChecks check and mkepub knows:
 * data-* names (EPUBCheck 5 checks them on SVG too) and <math display>. */
static void check_foreign_element(struct mk_htmlattr *C, xmlNodePtr node,
                                  int svg)
{
    xmlAttrPtr a;
    size_t i;

    for (a = node->properties; a && !mk_diag_out_of_memory(C->dc);
         a = a->next) {
        const char *name = (const char *)a->name;

        if (a->ns)
            continue;
        if (svg && strncmp(name, "data-", 5) == 0)
            check_data_attr(C, node, name);
        if (strcmp(name, "id") == 0)
            check_value(C, node, a, find_rule("", "id"));
        for (i = 0; !svg && i < sizeof(math_attr_rules)
                                / sizeof(*math_attr_rules); i++)
            if (strcmp(name, math_attr_rules[i].name) == 0)
                check_value(C, node, a, &math_attr_rules[i]);
        if (!svg && strcmp(name, "display") == 0
            && strcmp((const char *)node->name, "math") == 0) {
            const char *v = attr_value(C, a);

            if (v && strcmp(v, "block") != 0 && strcmp(v, "inline") != 0)
                report_value(C, node, "display", v,
                             "use \"block\" or \"inline\"");
        }
    }
}

static void visit(struct mk_htmlattr *C, xmlNodePtr node)
{
    const char *ns = node->ns && node->ns->href
                     ? (const char *)node->ns->href : "";

    record_id(C, node);
    if (strcmp(ns, MK_XHTML_NS) == 0)
        check_html_element(C, node);
    else if (strcmp(ns, MK_SVG_NS) == 0)
        check_foreign_element(C, node, 1);
    else if (strcmp(ns, MK_MATHML_NS) == 0)
        check_foreign_element(C, node, 0);
}

struct mk_htmlattr *mk_htmlattr_new(const char *path, int epub33_only)
{
    struct mk_htmlattr *C = calloc(1, sizeof(*C));

    if (!C)
        return NULL;
    C->path = path;
    C->epub33_only = epub33_only;
    return C;
}

int mk_htmlattr_walk(struct mk_htmlattr *C, xmlNodePtr html, xmlNodePtr top,
                     int below, struct mk_diag *dc)
{
    xmlNodePtr node = top;
    xmlAttrPtr pfx;

    C->dc = dc;
    if (html != C->html) {
        C->html = html;
        pfx = html ? xmlHasNsProp(html, BAD_CAST "prefix",
                                  BAD_CAST MK_EPUB_NS) : NULL;
        C->prefixes = pfx ? attr_value(C, pfx) : NULL;
    }
    while (node && !mk_diag_out_of_memory(C->dc)) {
        if (node->type == XML_ELEMENT_NODE) {
            visit(C, node);
            if (below && node->children) {
                node = node->children;
                continue;
            }
        }
        while (node != top && !node->next)
            node = node->parent;
        if (node == top)
            break;
        node = node->next;
    }
    return mk_diag_out_of_memory(C->dc) ? -1 : 0;
}

void mk_htmlattr_mark(struct mk_htmlattr *C)
{
    C->part_ids = C->n_ids;
    C->part_refs = C->n_refs;
}

int mk_htmlattr_refers(const struct mk_htmlattr *C)
{
    return C->n_refs > C->part_refs;
}

int mk_htmlattr_forget(struct mk_htmlattr *C, xmlNodePtr outer)
{
    const char *name = NULL;
    size_t i;

    if (mk_htmlattr_refers(C))
        return -1;      /* the caller's mistake: see htmlattr.h */
    for (i = C->part_ids; i < C->n_ids; i++) {
        struct id_entry *e = &C->ids[i];

        if (!name || strcmp(name, e->element) != 0)
            name = mk_strpool_add(&C->forgotten, e->element);
        e->id = mk_strpool_add(&C->forgotten, e->id);
        if (!name || !e->id)
            return oom(C);
        e->element = name;
        if (table_of(e->node))
            e->kind |= ID_IN_TABLE;
        e->outer = outer;
        e->node = NULL;
    }
    mk_htmlattr_mark(C);
    return 0;
}

int mk_htmlattr_resolve(struct mk_htmlattr *C, struct mk_diag *dc)
{
    size_t i;

    C->dc = dc;
    if (!mk_diag_out_of_memory(dc) && C->n_ids > 1)
        qsort(C->ids, C->n_ids, sizeof(*C->ids), compare_id);
    for (i = 0; i < C->n_refs && !mk_diag_out_of_memory(dc); i++)
        resolve_ref(C, &C->refs[i]);
    C->n_refs = 0;
    return mk_diag_out_of_memory(dc) ? -1 : 0;
}

void mk_htmlattr_free(struct mk_htmlattr *C)
{
    size_t i;

    if (!C)
        return;
    for (i = 0; i < C->n_owned; i++)
        free(C->owned[i]);
    free(C->owned);
    free(C->ids);
    free(C->refs);
    mk_strpool_release(&C->forgotten);
    free(C);
}

int mk_htmlattr_check(xmlNodePtr html, const char *path, int epub33_only,
                      struct mk_diag *dc)
{
    struct mk_htmlattr *C;
    int rc;

    if (!html)
        return 0;
    C = mk_htmlattr_new(path, epub33_only);
    if (!C)
        return mk_diag_oom(dc);
    rc = mk_htmlattr_walk(C, html, html, 1, dc);
    if (rc == 0)
        rc = mk_htmlattr_resolve(C, dc);
    mk_htmlattr_free(C);
    return rc;
}

static int list_sorted(const char *const *list, size_t n)
{
    size_t i;

    for (i = 1; i < n; i++)
        if (strcmp(list[i - 1], list[i]) >= 0)
            return 0;
    return 1;
}

int mk_htmlattr_tables_sorted(void)
{
    size_t i;

    for (i = 1; i < sizeof(attr_rules) / sizeof(*attr_rules); i++) {
        struct rule_key k;

        k.element = attr_rules[i].element;
        k.name = attr_rules[i].name;
        if (compare_rule(&k, &attr_rules[i - 1]) <= 0)
            return 0;
    }
    for (i = 1; i < sizeof(input_rules) / sizeof(*input_rules); i++) {
        struct rule_key k;

        k.element = input_rules[i].element;
        k.name = input_rules[i].name;
        if (compare_rule(&k, &input_rules[i - 1]) <= 0)
            return 0;
    }
    for (i = 1; i < sizeof(element_rules) / sizeof(*element_rules); i++)
        if (strcmp(element_rules[i - 1].name, element_rules[i].name) >= 0)
            return 0;
    for (i = 1; i < sizeof(roles) / sizeof(*roles); i++)
        if (strcmp(roles[i - 1], roles[i]) >= 0)
            return 0;
    if (!list_sorted(event_handlers, sizeof(event_handlers)
                                     / sizeof(*event_handlers))
        || !list_sorted(event_handlers33, sizeof(event_handlers33)
                                          / sizeof(*event_handlers33))
        || !list_sorted(aria_removed, sizeof(aria_removed)
                                      / sizeof(*aria_removed))
        || !list_sorted(unknown_everywhere, sizeof(unknown_everywhere)
                                            / sizeof(*unknown_everywhere))
        || !list_sorted(generic_elements, sizeof(generic_elements)
                                          / sizeof(*generic_elements))
        || !list_sorted(form_attrs, sizeof(form_attrs)
                                    / sizeof(*form_attrs))
        || !list_sorted(button_submit_attrs, sizeof(button_submit_attrs)
                                             / sizeof(*button_submit_attrs)))
        return 0;
    for (i = 1; i < sizeof(aria_need_role) / sizeof(*aria_need_role); i++)
        if (strcmp(aria_need_role[i - 1].name, aria_need_role[i].name) >= 0)
            return 0;
    for (i = 1; i < sizeof(input_attr_types) / sizeof(*input_attr_types);
         i++)
        if (strcmp(input_attr_types[i - 1].name,
                   input_attr_types[i].name) >= 0)
            return 0;
    for (i = 1; i < sizeof(obsolete_attrs) / sizeof(*obsolete_attrs); i++)
        if (strcmp(obsolete_attrs[i - 1].name, obsolete_attrs[i].name) >= 0)
            return 0;
    for (i = 1; i < sizeof(required_attrs) / sizeof(*required_attrs); i++)
        if (strcmp(required_attrs[i - 1].element,
                   required_attrs[i].element) > 0)
            return 0;
    for (i = 0; i < sizeof(required_attrs) / sizeof(*required_attrs); i++) {
        const struct element_rule *e;

        e = find_element(required_attrs[i].element);
        if (!e || !e->required)
            return 0;
    }
    return 1;
}
