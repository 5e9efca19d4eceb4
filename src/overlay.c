/*
 * overlay.c - SMIL media overlays (see overlay.h): SMIL 3.0 clock values
 * (read to the millisecond, as EPUBCheck's SmilClock reads them), one
 * overlay document read against the content model and attributes of
 * EPUBCheck's media-overlay-30.rnc (a table of elements with their
 * attributes and children), walked without recursion, and every overlay
 * of a book checked against its chapter (text references: that chapter
 * and its ids; EPUBCheck MED-010 to MED-013) and its audio (MP3 or MP4,
 * MED-005; no fragment, MED-014; clips that end after they begin,
 * MED-008 and MED-009), with the durations the package document states
 * (media:duration, summed as MED-016 checks).
 *
 * It never writes: the SMIL file is packed as it is, or relinked
 * (relink.c) when files it names were renamed.
 */
#include "overlay.h"
#include "buf.h"
#include "diag.h"
#include "path.h"
#include "pub.h"
#include "registry.h"
#include "resources.h"
#include "root.h"
#include "strmap.h"
#include "url.h"
#include "xml.h"
#include "xref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- clock values ---------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The digits at *p as a number (saturating above 10^15), *p moved past
 * them; *n receives how many there were. */
static long long read_digits(const char **p, size_t *n)
{
    long long v = 0;

    *n = 0;
    while (is_digit(**p)) {
        if (v < 1000000000000000LL)
            v = v * 10 + (**p - '0');
        (*p)++;
        (*n)++;
    }
    return v;
}

/* ".digits" at *p, if there is one: the first 9 digits as *frac over
 * *scale (10^digits); later digits cannot change a millisecond count
 * read with truncation.  0, or -1 when '.' has no digits after it. */
static int read_fraction(const char **p, long long *frac, long long *scale)
{
    *frac = 0;
    *scale = 1;
    if (**p != '.')
        return 0;
    (*p)++;
    if (!is_digit(**p))
        return -1;
    while (is_digit(**p)) {
        if (*scale < 1000000000LL) {
            *frac = *frac * 10 + (**p - '0');
            *scale *= 10;
        }
        (*p)++;
    }
    return 0;
}

/* The metrics of a timecount value, in milliseconds. */
static const struct {
    const char *name;
    long long ms;
} metrics[] = {
    { "h", 3600000 }, { "min", 60000 }, { "ms", 1 }, { "s", 1000 },
};

int mk_overlay_clock(const char *s, long long *ms)
{
    const char *p = s;
    long long a, b, c = 0, frac, scale, unit = 1000, v;
    size_t na, nb, nc = 0, i;
    int full = 0;

    *ms = 0;
    while (is_blank(*p))
        p++;
    a = read_digits(&p, &na);
    if (!na)
        return -1;
    if (*p == ':') {
        p++;
        b = read_digits(&p, &nb);
        if (nb != 2 || b > 59)
            return -1;
        if (*p == ':') {
            p++;
            c = read_digits(&p, &nc);
            if (nc != 2 || c > 59)
                return -1;
            full = 1;
        } else if (na != 2 || a > 59) {
            return -1;      /* a partial clock's minutes are two digits */
        }
        if (read_fraction(&p, &frac, &scale) < 0)
            return -1;
        if (full && a > MK_OVERLAY_MAX_MS / 3600000)
            v = MK_OVERLAY_MAX_MS + 1;     /* too long, whatever follows */
        else if (full)
            v = ((a * 60 + b) * 60 + c) * 1000 + frac * 1000 / scale;
        else
            v = (a * 60 + b) * 1000 + frac * 1000 / scale;
    } else {
        if (read_fraction(&p, &frac, &scale) < 0)
            return -1;
        for (i = 0; i < sizeof(metrics) / sizeof(*metrics); i++) {
            size_t n = strlen(metrics[i].name);

            if (strncmp(p, metrics[i].name, n) == 0
                && (!p[n] || is_blank(p[n]))) {
                unit = metrics[i].ms;
                p += n;
                break;
            }
        }
        v = a > MK_OVERLAY_MAX_MS / unit ? MK_OVERLAY_MAX_MS + 1
                                          : a * unit + frac * unit / scale;
    }
    while (is_blank(*p))
        p++;
    if (*p)
        return -1;
    if (v > MK_OVERLAY_MAX_MS)
        return -2;
    *ms = v;
    return 0;
}

void mk_overlay_format_clock(long long ms, char *buf, size_t size)
{
    if (ms < 0)
        ms = 0;
    snprintf(buf, size, "%lld:%02lld:%02lld.%03lld", ms / 3600000,
             ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

/* ---- reading one overlay document ------------------------------------ */

void mk_overlay_info_init(struct mk_overlay_info *info)
{
    memset(info, 0, sizeof(*info));
}

void mk_overlay_info_release(struct mk_overlay_info *info)
{
    size_t i;

    for (i = 0; i < info->n_refs; i++)
        free(info->refs[i].url);
    free(info->refs);
    mk_overlay_info_init(info);
}

/* The epub: attributes an element takes (bits). */
enum {
    EPUB_TYPE = 1,
    EPUB_TEXTREF = 2,
    EPUB_PREFIX = 4
};

/* One step of a content model: min to max (0: any number) children
 * named names[0] or names[1]. */
struct particle {
    const char *names[2];
    int min, max;
};

/* The elements of a media overlay document (media-overlay-30.rnc),
 * sorted by name. */
static const struct smil_element {
    const char *name;
    const char *attrs[5];       /* attributes in no namespace */
    unsigned epub;              /* epub: attributes taken */
    const char *required;       /* an attribute it must have, or NULL */
    unsigned epub_required;     /* epub: attributes it must have */
    int any;                    /* any content (not read) */
    struct particle content[2]; /* its children, in order */
    const char *holds;          /* the content model, said */
} elements[] = {
    { "audio", { "id", "src", "clipBegin", "clipEnd", NULL }, 0, "src", 0,
      0, { { { NULL, NULL }, 0, 0 }, { { NULL, NULL }, 0, 0 } },
      "nothing" },
    { "body", { "id", NULL }, EPUB_TYPE | EPUB_TEXTREF, NULL, 0, 0,
      { { { "seq", "par" }, 1, 0 }, { { NULL, NULL }, 0, 0 } },
      "<seq> and <par> elements, at least one" },
    { "head", { NULL }, 0, NULL, 0, 0,
      { { { "metadata", NULL }, 0, 1 }, { { NULL, NULL }, 0, 0 } },
      "only a <metadata>" },
    { "metadata", { NULL }, 0, NULL, 0, 1,
      { { { NULL, NULL }, 0, 0 }, { { NULL, NULL }, 0, 0 } }, "anything" },
    { "par", { "id", NULL }, EPUB_TYPE, NULL, 0, 0,
      { { { "text", NULL }, 1, 1 }, { { "audio", NULL }, 0, 1 } },
      "one <text> and then at most one <audio>" },
    { "seq", { "id", NULL }, EPUB_TYPE | EPUB_TEXTREF, NULL, EPUB_TEXTREF,
      0, { { { "seq", "par" }, 1, 0 }, { { NULL, NULL }, 0, 0 } },
      "<seq> and <par> elements, at least one" },
    { "smil", { "id", "version", NULL }, EPUB_PREFIX, "version", 0, 0,
      { { { "head", NULL }, 0, 1 }, { { "body", NULL }, 1, 1 } },
      "an optional <head> and then one <body>" },
    { "text", { "id", "src", NULL }, 0, "src", 0, 0,
      { { { NULL, NULL }, 0, 0 }, { { NULL, NULL }, 0, 0 } }, "nothing" },
};

static const char *const epub_attr_names[] = { "type", "textref",
                                               "prefix" };

static int compare_element(const void *key, const void *entry)
{
    return strcmp(key, ((const struct smil_element *)entry)->name);
}

/* The table entry of a SMIL element, or NULL. */
static const struct smil_element *element_of(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->ns
        || strcmp((const char *)n->ns->href, MK_SMIL_NS) != 0)
        return NULL;
    return bsearch(n->name, elements, sizeof(elements) / sizeof(*elements),
                   sizeof(*elements), compare_element);
}

/* The state of reading one overlay document. */
struct reader {
    struct mk_diag *dc;
    const char *path;
    struct mk_overlay_info *info;
    struct mk_strmap ids;       /* id -> line + 1 (as a pointer) */
    char **owned;               /* the ids' storage */
    size_t n_owned, cap_owned;
    char *prefixes;             /* <smil epub:prefix="p: uri ...">, or
                                 * NULL */
    int oom;
};


static int oom(struct reader *r)
{
    r->oom = 1;
    return mk_diag_oom(r->dc);
}

/* The value of attribute a, malloc'ed; NULL when out of memory
 * (recorded). */
static char *attr_value(struct reader *r, const xmlAttr *a)
{
    xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
    char *copy;

    /* no value from an attribute that has one: libxml2 ran out */
    if (!v && a->children) {
        oom(r);
        return NULL;
    }
    copy = mk_strdup(v ? (const char *)v : "");
    xmlFree(v);
    if (!copy)
        oom(r);
    return copy;
}

#define AT(r, n) (r)->dc, (r)->path, mk_xml_line(n), mk_xml_col(n)

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
           || c >= 0x80;
}

/* Nonzero if s is an XML name without a colon (an NCName; every
 * non-ASCII character is taken as a name character). */
static int is_ncname(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (!name_start(*p))
        return 0;
    for (p++; *p; p++)
        if (!name_start(*p) && !is_digit((char)*p) && *p != '-'
            && *p != '.')
            return 0;
    return 1;
}

static void check_id(struct reader *r, xmlNodePtr n, char *id)
{
    size_t first;

    if (!is_ncname(id)) {
        mk_error(AT(r, n), "id=\"%s\" is not an XML name: start it with a "
                 "letter or '_', and use only letters, digits, '-', '_' "
                 "and '.'", id);
        free(id);
        return;
    }
    first = (size_t)mk_strmap_get(&r->ids, id);
    if (first) {
        mk_error(AT(r, n), "id \"%s\" is given twice (first on line %zu): "
                 "make each id unique in the file", id, first - 1);
        free(id);
        return;
    }
    if (mk_grow_array(&r->owned, &r->cap_owned, r->n_owned,
                      sizeof(*r->owned)) < 0
        || mk_strmap_put(&r->ids, id, (void *)(size_t)(mk_xml_line(n) + 1))
           < 0) {
        free(id);
        oom(r);
        return;
    }
    r->owned[r->n_owned++] = id;
}

static void add_ref(struct reader *r, xmlNodePtr n,
                    enum mk_overlay_ref_kind kind, char *url)
{
    struct mk_overlay_info *info = r->info;
    struct mk_overlay_ref *ref;

    if (mk_grow_array(&info->refs, &info->cap_refs, info->n_refs,
                      sizeof(*info->refs)) < 0) {
        free(url);
        oom(r);
        return;
    }
    ref = &info->refs[info->n_refs++];
    ref->kind = kind;
    ref->url = url;
    ref->line = mk_xml_line(n);
    ref->col = mk_xml_col(n);
}

/* An <audio>'s clip: clipBegin (default 0) and clipEnd (mkepub needs it
 * for the overlay's duration), read as clock values; the clip must end
 * after it begins. */
static void check_clip(struct reader *r, xmlNodePtr n, const char *begin,
                       const char *end)
{
    long long b = 0, e = 0;
    int rb = 0, re;

    if (begin) {
        rb = mk_overlay_clock(begin, &b);
        if (rb == -1)
            mk_error(AT(r, n), "clipBegin=\"%s\" is not a SMIL clock value: "
                     "write seconds (\"12.5s\"), milliseconds "
                     "(\"12500ms\"), a clock (\"0:00:12.5\") or minutes "
                     "and seconds (\"00:12.5\")", begin);
        else if (rb == -2)
            mk_error(AT(r, n), "clipBegin=\"%s\" is too long a time: give "
                     "the clip's start in the audio file", begin);
    }
    if (!end) {
        mk_error(AT(r, n), "<audio> has no clipEnd: give the time the "
                 "clip ends (clipEnd=\"12.5s\"); mkepub adds the clips up "
                 "for the overlay's duration");
        return;
    }
    re = mk_overlay_clock(end, &e);
    if (re == -1)
        mk_error(AT(r, n), "clipEnd=\"%s\" is not a SMIL clock value: write "
                 "seconds (\"12.5s\"), milliseconds (\"12500ms\"), a clock "
                 "(\"0:00:12.5\") or minutes and seconds (\"00:12.5\")",
                 end);
    else if (re == -2)
        mk_error(AT(r, n), "clipEnd=\"%s\" is too long a time: give the "
                 "clip's end in the audio file", end);
    if (rb || re)
        return;
    if (e < b)
        mk_error(AT(r, n), "clipEnd=\"%s\" is before clipBegin=\"%s\" "
                 "(EPUBCheck MED-008): the clip must end after it begins; "
                 "swap them or correct the times", end,
                 begin ? begin : "0");
    else if (e == b)
        mk_error(AT(r, n), "clipEnd=\"%s\" is the same time as "
                 "clipBegin=\"%s\" (EPUBCheck MED-009): give the clip a "
                 "length, or remove the <audio>", end, begin ? begin : "0");
    else
        r->info->duration += e - b;
    if (r->info->duration > MK_OVERLAY_MAX_MS) {
        mk_error(AT(r, n), "the clips add up to more than %lld hours: "
                 "split the overlay", MK_OVERLAY_MAX_MS / 3600000);
        r->info->duration = 0;
    }
}

/* Nonzero if prefix (len bytes) is declared in r->prefixes ("p: uri
 * q: uri"); EPUBCheck reserves no prefix for a media overlay's
 * epub:type (not even msv and prism, which content documents have). */
static int prefix_known(const struct reader *r, const char *prefix,
                        size_t len)
{
    const char *p = r->prefixes;

    while (p && *p) {
        const char *w;

        while (is_blank(*p))
            p++;
        w = p;
        while (*p && !is_blank(*p))
            p++;
        if ((size_t)(p - w) == len + 1 && w[len] == ':'
            && strncmp(w, prefix, len) == 0)
            return 1;
        while (is_blank(*p))
            p++;
        while (*p && !is_blank(*p))     /* the URI */
            p++;
    }
    return 0;
}

/* epub:type="v": each prefixed term's prefix must be declared on
 * <smil epub:prefix> (EPUBCheck OPF-028). */
static void check_type(struct reader *r, xmlNodePtr n, const char *v)
{
    const char *p = v;

    while (*p) {
        const char *w, *colon;

        while (is_blank(*p))
            p++;
        w = p;
        while (*p && !is_blank(*p))
            p++;
        colon = memchr(w, ':', (size_t)(p - w));
        if (colon && colon > w && !prefix_known(r, w, (size_t)(colon - w)))
            mk_error(AT(r, n), "epub:type term \"%.*s\" uses the prefix "
                     "\"%.*s\", which is not declared (EPUBCheck OPF-028): "
                     "declare it on <smil> (epub:prefix=\"%.*s: "
                     "http://...\") or use an unprefixed term",
                     (int)(p - w), w, (int)(colon - w), w,
                     (int)(colon - w), w);
    }
}

/* Nonzero if the epub: attribute name is one that el takes. */
static int epub_attr_allowed(const struct smil_element *el, const char *name)
{
    size_t i;

    for (i = 0; i < 3; i++)
        if (strcmp(epub_attr_names[i], name) == 0)
            return (el->epub & (1u << i)) != 0;
    return 0;
}

/* The attributes of element n (entry el): allowed, required, and read
 * (ids, references, version, clips). */
static void check_attributes(struct reader *r, xmlNodePtr n,
                             const struct smil_element *el)
{
    const char *name = (const char *)n->name;
    char *begin = NULL, *end = NULL;
    unsigned epub_seen = 0;
    int have_required = !el->required;
    xmlAttrPtr a;
    size_t i;

    for (a = n->properties; a && !r->oom; a = a->next) {
        const char *an = (const char *)a->name;
        int known = 0;
        char *v;

        if (a->ns && strcmp((const char *)a->ns->href, MK_EPUB_NS) == 0
            && epub_attr_allowed(el, an)) {
            for (i = 0; i < 3; i++)
                if (strcmp(epub_attr_names[i], an) == 0)
                    epub_seen |= 1u << i;
            v = attr_value(r, a);
            if (v && strcmp(an, "textref") == 0) {
                add_ref(r, n, MK_OVERLAY_TEXTREF, v);
            } else if (v && strcmp(an, "prefix") == 0 && !r->prefixes) {
                r->prefixes = v;    /* the root's: read first */
            } else if (v && strcmp(an, "type") == 0) {
                check_type(r, n, v);
                free(v);
            } else {
                free(v);
            }
            continue;
        }
        for (i = 0; !a->ns && el->attrs[i]; i++)
            if (strcmp(el->attrs[i], an) == 0)
                known = 1;
        if (!known) {
            mk_error(AT(r, n), "<%s> cannot have the attribute %s%s%s "
                     "(media overlays allow only what the EPUB schema "
                     "lists): remove it", name,
                     a->ns && a->ns->prefix ? (const char *)a->ns->prefix
                                            : "",
                     a->ns && a->ns->prefix ? ":" : "", an);
            continue;
        }
        v = attr_value(r, a);
        if (!v)
            break;
        if (el->required && strcmp(an, el->required) == 0)
            have_required = 1;
        if (strcmp(an, "id") == 0) {
            check_id(r, n, v);
            continue;
        }
        if (strcmp(an, "version") == 0 && strcmp(v, "3.0") != 0)
            mk_error(AT(r, n), "<smil version=\"%s\">: a media overlay is "
                     "SMIL 3.0; write version=\"3.0\"", v);
        if (strcmp(an, "src") == 0) {
            add_ref(r, n, strcmp(name, "text") == 0 ? MK_OVERLAY_TEXT
                                                      : MK_OVERLAY_AUDIO, v);
            continue;
        }
        if (strcmp(an, "clipBegin") == 0) {
            begin = v;
            continue;
        }
        if (strcmp(an, "clipEnd") == 0) {
            end = v;
            continue;
        }
        free(v);
    }
    if (!have_required && !r->oom)
        mk_error(AT(r, n), "<%s> needs the attribute %s%s", name,
                 el->required, strcmp(el->required, "version") == 0
                 ? ": write version=\"3.0\""
                 : strcmp(name, "text") == 0
                 ? ": point it at an element of the chapter "
                   "(\"chapter.xhtml#id\")"
                 : ": name the audio file (\"audio.mp3\")");
    if ((el->epub_required & EPUB_TEXTREF) && !(epub_seen & EPUB_TEXTREF)
        && !r->oom)
        mk_error(AT(r, n), "<%s> needs epub:textref, the part of the "
                 "chapter it covers: write epub:textref=\"chapter.xhtml#id\""
                 ", the id of a <section> or heading", name);
    if (strcmp(name, "audio") == 0 && !r->oom)
        check_clip(r, n, begin, end);
    free(begin);
    free(end);
}

/* Nonzero if child (an element) is one of particle p's. */
static int particle_has(const struct particle *p, const xmlNode *child)
{
    size_t i;

    if (!element_of(child))
        return 0;
    for (i = 0; i < 2; i++)
        if (p->names[i] && strcmp(p->names[i],
                                  (const char *)child->name) == 0)
            return 1;
    return 0;
}

/* "<seq> or <par>" for a particle. */
static void particle_name(const struct particle *p, char *out, size_t size)
{
    if (p->names[1])
        snprintf(out, size, "<%s> or <%s>", p->names[0], p->names[1]);
    else
        snprintf(out, size, "<%s>", p->names[0]);
}

/* The children of n (entry el) against its content model, in one pass
 * over them: no text, and the elements the model allows, in order.  The
 * first element out of place is reported (what follows it would only
 * repeat the problem); text is reported wherever it is. */
static void check_content(struct reader *r, xmlNodePtr n,
                          const struct smil_element *el)
{
    const char *name = (const char *)n->name;
    const struct particle *p = el->content;
    size_t k = 0, n_particles = p[1].names[0] ? 2 : p[0].names[0] ? 1 : 0;
    int count = 0, placed = 1;
    char want[32];
    xmlNodePtr c;

    for (c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            && !xmlIsBlankNode(c)) {
            mk_error(AT(r, c->type == XML_TEXT_NODE ? c : n), "text inside "
                     "<%s>: a media overlay holds no text of its own (the "
                     "words are in the chapter); remove it", name);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || !placed)
            continue;
        while (k < n_particles && !particle_has(&p[k], c)) {
            if (count < p[k].min) {
                particle_name(&p[k], want, sizeof(want));
                mk_error(AT(r, c), "<%s> needs %s before <%s>: <%s> holds "
                         "%s", name, want, (const char *)c->name, name,
                         el->holds);
                placed = 0;
                break;
            }
            k++;
            count = 0;
        }
        if (!placed)
            continue;
        if (k == n_particles) {
            mk_error(AT(r, c), "<%s> cannot hold <%s%s%s> here: <%s> holds "
                     "%s", name, c->ns && c->ns->prefix
                     ? (const char *)c->ns->prefix : "",
                     c->ns && c->ns->prefix ? ":" : "",
                     (const char *)c->name, name, el->holds);
            placed = 0;
            continue;
        }
        if (p[k].max && ++count > p[k].max) {
            mk_error(AT(r, c), "<%s> holds only one <%s>: %s", name,
                     (const char *)c->name, strcmp(name, "par") == 0
                     ? "give each text and its audio a <par> of its own"
                     : "remove this one");
            placed = 0;
            continue;
        }
        if (!p[k].max)
            count++;
    }
    for (; placed && k < n_particles; k++, count = 0)
        if (count < p[k].min) {
            particle_name(&p[k], want, sizeof(want));
            mk_error(AT(r, n), "<%s> needs %s: <%s> holds %s", name, want,
                     name, el->holds);
        }
}

/* The root: <smil> in the SMIL namespace. */
static int check_root(struct reader *r, xmlNodePtr root)
{
    if (root && mk_xml_is(root, MK_SMIL_NS, "smil"))
        return 0;
    if (!root)
        return mk_error(r->dc, r->path, 1, 1, "the file has no root "
                        "element: a media overlay is a SMIL 3.0 document, "
                        "<smil xmlns=\"" MK_SMIL_NS "\" version=\"3.0\">");
    if (strcmp((const char *)root->name, "smil") == 0)
        return mk_error(AT(r, root), "<smil> is not in the SMIL namespace: "
                        "write <smil xmlns=\"" MK_SMIL_NS "\" "
                        "version=\"3.0\">");
    return mk_error(AT(r, root), "the root element is <%s>, but a media "
                    "overlay is a SMIL 3.0 document: make the root <smil "
                    "xmlns=\"" MK_SMIL_NS "\" version=\"3.0\">",
                    (const char *)root->name);
}

static void reader_release(struct reader *r)
{
    size_t i;

    for (i = 0; i < r->n_owned; i++)
        free(r->owned[i]);
    free(r->owned);
    free(r->prefixes);
    mk_strmap_release(&r->ids);
}

/* The line where "<!DOCTYPE" is in data (1 when it is not found). */
static long doctype_line(const char *data, size_t len)
{
    long line = 1;
    size_t i;

    for (i = 0; i + 9 <= len; i++) {
        if (memcmp(data + i, "<!DOCTYPE", 9) == 0)
            return line;
        line += data[i] == '\n';
    }
    return 1;
}

int mk_overlay_read(const char *path, const char *data, size_t len,
                    struct mk_diag *dc, struct mk_overlay_info *info)
{
    struct reader r;
    xmlDocPtr doc;
    xmlNodePtr root, n;

    memset(&r, 0, sizeof(r));
    r.dc = dc;
    r.path = path;
    r.info = info;
    doc = mk_xml_parse(path, data, len, MK_XML_PLAIN, dc, NULL);
    if (mk_diag_out_of_memory(dc)) {
        xmlFreeDoc(doc);
        return -1;
    }
    info->parsed = doc != NULL;
    if (!doc)
        return 0;
    if (doc->intSubset)
        mk_error(dc, path, doctype_line(data, len), 1, "a media overlay "
                 "takes no DOCTYPE (EPUB reading systems load no DTD): "
                 "remove it");
    mk_xml_check_packed(path, data, len, doc, dc);
    root = xmlDocGetRootElement(doc);
    if (check_root(&r, root) < 0) {
        xmlFreeDoc(doc);
        return 0;
    }
    /* pre-order, without recursion: each element's attributes and
     * children are checked where it stands; unknown elements (reported
     * by their parent) and <metadata> are not entered */
    for (n = root; n && !r.oom;) {
        const struct smil_element *el = element_of(n);

        if (el) {
            check_attributes(&r, n, el);
            if (!el->any)
                check_content(&r, n, el);
        }
        n = mk_xml_next(root, n, el && !el->any);
        while (n && n->type != XML_ELEMENT_NODE)
            n = mk_xml_next(root, n, 0);
    }
    reader_release(&r);
    xmlFreeDoc(doc);
    return r.oom ? -1 : 0;
}

/* ---- the overlays of a book ------------------------------------------ */

/* What checking a book's overlays works with. */
struct checker {
    struct mk_resources *res;
    struct mk_diag *dc;
    struct mk_pub *pub;
    const struct mk_book *book;
};

/* A reference to the chapter: the chapter c itself (book.xml declares
 * this overlay for it), and a fragment naming one of its ids (required
 * on <text src>). */
static void text_reference(struct checker *x, struct mk_pub_chapter *c,
                           const char *smil, const struct mk_overlay_ref *r,
                           const struct mk_url *u, const char *target)
{
    struct mk_pub_chapter *to = mk_registry_chapter(x->res->reg, target);
    struct mk_buf shown = MK_BUF_INIT;
    const char *what;

    mk_buf_addf(&shown, r->kind == MK_OVERLAY_TEXT ? "<text src=\"%s\">"
                                                   : "epub:textref=\"%s\"",
                r->url);
    if (shown.failed) {
        mk_buf_release(&shown);
        mk_diag_oom(x->dc);
        return;
    }
    what = mk_buf_str(&shown);
    if (!to)
        mk_error(x->dc, smil, r->line, r->col, "%s names no chapter of the "
                 "book: point it at '%s', the chapter this overlay belongs "
                 "to (written relative to the SMIL file)", what,
                 c->entry->file.href);
    else if (to != c)
        mk_error(x->dc, smil, r->line, r->col, "%s points into chapter "
                 "'%s', but book.xml gives this overlay to chapter '%s' "
                 "(line %ld): a media overlay covers its own chapter only; "
                 "point it at '%s', or give '%s' an overlay of its own",
                 what, to->entry->file.href, c->entry->file.href,
                 c->entry->file.line, c->entry->file.href,
                 to->entry->file.href);
    else if ((!u->fragment || !u->fragment[0])
             && r->kind == MK_OVERLAY_TEXT)
        mk_error(x->dc, smil, r->line, r->col, "%s names the whole "
                 "chapter: add #id, the id of the element the audio reads",
                 what);
    else if (!u->fragment || !u->fragment[0])
        mk_error(x->dc, smil, r->line, r->col, "%s names the whole "
                 "chapter, which EPUBCheck 4.2 refuses (MED-014): add #id, "
                 "the id of the element the part covers (a <section>, or "
                 "the chapter's heading)", what);
    /* a chapter that could not be read has no ids to judge by */
    else if ((c->info.n_ids || c->info.title)
             && !mk_xhtml_has_id(&c->info, u->fragment))
        mk_error(x->dc, smil, r->line, r->col, "%s: no element has id '%s' "
                 "in %s: give the element the audio reads id=\"%s\", or "
                 "point at an id it has", what, u->fragment, c->item->path,
                 u->fragment);
    mk_buf_release(&shown);
}

/* Registers the file at target (path), named href in the overlay smil
 * at r, as resources.c does, saying what to change when it does not
 * exist or lies outside the root; returns its item, or NULL when it
 * cannot be used (said once, other references counted). */
static struct mk_item *add_file(struct checker *x, const char *target,
                                const char *smil,
                                const struct mk_overlay_ref *r,
                                const char *fix)
{
    struct mk_buf msg = MK_BUF_INIT;
    struct mk_item *it;
    int rc;

    if (mk_registry_item(x->res->reg, target))
        return mk_resources_add(x->res, target, r->url, smil, r->line,
                                r->col);
    rc = mk_root_problem(x->res->root, target, r->url, &msg);
    if (rc == 1) {
        it = mk_registry_add(x->res->reg, target, smil, r->line, r->col);
        if (it) {
            /* root.c says what to change for a file outside the root;
             * for a missing one, this says which file is wanted */
            if (msg.len >= 15
                && strcmp(mk_buf_str(&msg) + msg.len - 15,
                          " does not exist") == 0)
                mk_buf_addf(&msg, ": %s", fix);
            if (msg.failed)
                mk_diag_oom(x->dc);
            else
                mk_resources_refuse(x->res, it, MK_REFUSE_FILE, smil,
                                    r->line, r->col, "%s", mk_buf_str(&msg));
        }
        mk_buf_release(&msg);
        return NULL;
    }
    mk_buf_release(&msg);
    if (rc < 0)
        return NULL;
    return mk_resources_add(x->res, target, r->url, smil, r->line, r->col);
}

/* The audio types a media overlay may play (EPUBCheck MED-005: the core
 * audio types both EPUBChecks know). */
static const char *const overlay_audio[] = { "audio/mp4", "audio/mpeg" };

static void audio_reference(struct checker *x, const char *smil,
                            const struct mk_overlay_ref *r,
                            const struct mk_url *u, const char *target)
{
    struct mk_item *it;
    size_t i;
    int ok = 0;

    if (u->fragment) {
        mk_error(x->dc, smil, r->line, r->col, "<audio src=\"%s\">: an "
                 "overlay's audio is the whole file, with clipBegin and "
                 "clipEnd for the part (EPUBCheck MED-014): remove '#%s'",
                 r->url, u->fragment);
        return;
    }
    if (mk_registry_chapter(x->res->reg, target)) {
        mk_error(x->dc, smil, r->line, r->col, "<audio src=\"%s\"> names a "
                 "chapter: name an MP3 or MP4 audio file", r->url);
        return;
    }
    it = add_file(x, target, smil, r, "name an MP3 or MP4 audio file of "
                  "the book, relative to the SMIL file");
    if (!it)
        return;     /* refused, with the reason */
    for (i = 0; i < sizeof(overlay_audio) / sizeof(*overlay_audio); i++)
        if (strcmp(overlay_audio[i], it->media_type) == 0)
            ok = 1;
    if (!ok)
        mk_error(x->dc, smil, r->line, r->col, "<audio src=\"%s\">: '%s' is "
                 "%s, not MP3 or MP4 audio (EPUBCheck MED-005): convert it "
                 "to MP3 (or AAC in an .m4a file)", r->url, r->url,
                 it->media_type);
}

/* One reference of the overlay smil (an item) of chapter c. */
static void overlay_reference(struct checker *x, struct mk_pub_chapter *c,
                              const char *smil, const char *dir,
                              const struct mk_overlay_ref *r)
{
    struct mk_url u;
    char *target = NULL, *canonical = NULL;

    if (mk_xref_parse(x->dc, r->url, 0, smil, r->line, r->col, &u)
        != MK_XREF_USABLE)
        return;
    if (u.remote) {
        mk_error(x->dc, smil, r->line, r->col, "'%s' is outside the book: "
                 "%s", r->url, r->kind == MK_OVERLAY_AUDIO
                 ? "copy the audio into the book folder and name it "
                   "relative to the SMIL file"
                 : "point at the chapter, relative to the SMIL file");
    } else if (!u.path[0]) {
        mk_error(x->dc, smil, r->line, r->col, "'%s' names the SMIL file "
                 "itself: %s", r->url, r->kind == MK_OVERLAY_AUDIO
                 ? "name the audio file" : "name the chapter and an id in "
                                           "it (\"chapter.xhtml#id\")");
    } else if (mk_url_resolve(dir, &u, &target, &canonical) < 0) {
        mk_diag_oom(x->dc);
    } else if (canonical) {
        mk_xref_climbs(x->dc, smil, r->line, r->col, r->url, &u, canonical);
    } else if (r->kind == MK_OVERLAY_AUDIO) {
        audio_reference(x, smil, r, &u, target);
    } else {
        text_reference(x, c, smil, r, &u, target);
    }
    free(target);
    free(canonical);
    mk_url_release(&u);
}

/* The overlay book.xml gives chapter c: registered, read and checked. */
static void check_chapter_overlay(struct checker *x, struct mk_pub_chapter *c)
{
    const struct mk_fileref *f = &c->entry->overlay;
    struct mk_overlay_ref ref;
    struct mk_overlay_info info;
    struct mk_mapped m;
    struct mk_item *it;
    char *dir;
    size_t i;

    if (mk_registry_chapter(x->res->reg, f->path)) {
        mk_error(x->dc, x->book->file, f->line, 0, "overlay '%s' is a "
                 "chapter: name the chapter's SMIL media overlay", f->href);
        return;
    }
    ref.kind = MK_OVERLAY_TEXT;
    ref.url = f->href;
    ref.line = f->line;
    ref.col = 0;
    it = add_file(x, f->path, x->book->file, &ref, "give the path of the "
                  "chapter's SMIL file, relative to book.xml");
    if (!it)
        return;     /* refused, with the reason */
    if (strcmp(it->media_type, "application/smil+xml") != 0) {
        mk_error(x->dc, x->book->file, f->line, 0, "overlay '%s' is %s, not "
                 "a SMIL media overlay: name a .smil file (<smil "
                 "xmlns=\"" MK_SMIL_NS "\" version=\"3.0\">)", f->href,
                 it->media_type);
        return;
    }
    for (i = 0; i < x->pub->n_chapters; i++)
        if (x->pub->chapters[i].item->overlay == it) {
            mk_error(x->dc, x->book->file, f->line, 0, "overlay '%s' is "
                     "already the overlay of chapter '%s' (line %ld): "
                     "EPUB gives each chapter an overlay of its own "
                     "(EPUBCheck MED-011); make one SMIL file per "
                     "chapter", f->href,
                     x->pub->chapters[i].entry->file.href,
                     x->pub->chapters[i].entry->file.line);
            return;
        }
    if (mk_resources_map(x->dc, it->path, &m) < 0)
        return;
    mk_overlay_info_init(&info);
    if (mk_overlay_read(it->path, m.data, m.len, x->dc, &info) == 0) {
        dir = mk_path_dirname(it->path);
        if (!dir)
            mk_diag_oom(x->dc);
        for (i = 0; dir && i < info.n_refs
                    && !mk_diag_out_of_memory(x->dc); i++)
            overlay_reference(x, c, it->path, dir, &info.refs[i]);
        free(dir);
        c->item->overlay = it;
        it->duration = info.duration;
        x->pub->overlays++;
        x->pub->overlay_duration += info.duration;
    }
    mk_overlay_info_release(&info);
    mk_resources_unmap(&m);
}

/* Nonzero if chapter c links a stylesheet (the book's, or its own). */
static int has_stylesheet(const struct checker *x,
                          const struct mk_pub_chapter *c)
{
    size_t i;

    if (x->book->n_stylesheets)
        return 1;
    for (i = 0; i < c->info.n_refs; i++)
        if (c->info.refs[i].kind == MK_REF_STYLESHEET)
            return 1;
    return 0;
}

/* media:active-class and media:playback-active-class name CSS classes:
 * EPUBCheck 5 wants CSS in every chapter with an overlay (CSS-030). */
static void check_classes(struct checker *x)
{
    const struct mk_book *b = x->book;
    const char *element = b->active_class ? "media-active-class"
                                          : "media-playback-active-class";
    long line = b->active_class ? b->active_class_line
                                : b->playback_active_class_line;
    size_t i;

    if (!b->active_class && !b->playback_active_class)
        return;
    if (!x->pub->overlays) {
        mk_warning(x->dc, b->file, line, 0, "<%s> is given, but no chapter "
                   "has an overlay: give a <chapter> overlay=\"...\", or "
                   "remove <%s>", element, element);
        return;
    }
    for (i = 0; i < x->pub->n_chapters; i++) {
        const struct mk_pub_chapter *c = &x->pub->chapters[i];

        if (c->item->overlay && !has_stylesheet(x, c)) {
            mk_error(x->dc, b->file, line, 0, "<%s> names a CSS class, "
                     "but chapter '%s' has an overlay and no stylesheet "
                     "(EPUBCheck CSS-030): add a <stylesheet> that styles "
                     "the class", element, c->entry->file.href);
            return;
        }
    }
}

void mk_overlay_check(struct mk_resources *res)
{
    struct checker x;
    size_t i;

    x.res = res;
    x.dc = res->dc;
    x.pub = res->reg->pub;
    x.book = x.pub->book;
    for (i = 0; i < x.pub->n_chapters && !mk_diag_out_of_memory(x.dc); i++)
        if (x.pub->chapters[i].entry->overlay.path
            && x.pub->chapters[i].item)
            check_chapter_overlay(&x, &x.pub->chapters[i]);
    check_classes(&x);
}
