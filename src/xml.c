/*
 * xml.c - libxml2 parsing with located diagnostics (see xml.h).
 *
 * Documents are pushed to libxml2 in chunks, so a chapter of hundreds of
 * megabytes is never copied whole.  Errors arrive through the context's
 * structured error handler; its data argument is the parser context
 * (libxml2 2.9), whose _private field points at our parse state.
 */
#include "xml.h"
#include "markdown.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"
#include "utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 is given the text in pieces of this size; between two, a
 * cancelled run stops parsing (some 30 ms of parsing each) */
#define CHUNK (1u << 18)

static const char fragment_open[] =
    "<body xmlns=\"" MK_XHTML_NS "\" xmlns:epub=\"" MK_EPUB_NS "\">";
static const char fragment_close[] = "</body>";

/* An HTML entity made available to the parser as a predefined entity,
 * which libxml2 then inlines as character data. */
struct html_entity {
    xmlEntity ent;
    char utf8[8];
    struct html_entity *next;
};

struct parse_state {
    struct mk_diag *dc;
    const char *path;
    enum mk_xml_mode mode;
    long content_line;      /* the line where a fragment's content starts */
    long col_shift;         /* columns added before it on that line */
    const struct mk_markdown *md;   /* the Markdown file it came from */
    struct html_entity *entities;
    int oom;
    /* the last diagnostic recorded, so that libxml2 repeating itself
     * at one place is reported once */
    long last_line, last_col;
    int last_code;
    struct mk_strmap declared;  /* entities the DOCTYPE declared */
    int unreadable;         /* bytes the declared encoding cannot convert */
    long bad_line, bad_col; /* where they are (0: not found) */
    int huge;               /* a text node over libxml2's limit */
    int in_close;           /* parsing the generated </body> */
    /* column_of()'s last answer: the column of the byte at offset
     * col_at of the input (0: unknown) */
    int col_valid;
    int col_input;          /* the libxml2 input's id */
    unsigned long col_at;
    long col;
    const char *data;       /* the file's bytes, to locate bad ones */
    size_t len;
    volatile sig_atomic_t *cancel;  /* nonzero: stop parsing (or NULL) */
    int cancelled;          /* parsing stopped because of it */
    mk_xml_end_fn end;      /* called as each element ends (or NULL) */
    void *end_ctx;
    int is_fragment;
};

/* Moves a position in the text given to libxml2 back to the file's own
 * (a body fragment is parsed after a generated prolog and <body>). */
static void shift_position(const struct parse_state *st, long *line,
                           long *col)
{
    if (*line > 0 && *line == st->content_line)
        *col = *col > st->col_shift ? *col - st->col_shift : 1;
    if (*line <= 0)
        *line = 0;
    if (st->md)
        mk_markdown_map(st->md, line, col);
}

/* Finds the bytes libxml2's conversion error names ("..., bytes 0x81
 * 0x20 0x68 0x65") in the file: their first place is where converting
 * stopped.  Sets st->bad_line and bad_col (in bytes: a multi-byte
 * encoding's columns are approximate) and *bad; -1 if not found. */
static int locate_bad_bytes(struct parse_state *st, const char *msg,
                            unsigned *bad)
{
    const char *p = strstr(msg, "bytes ");
    unsigned char want[4];
    size_t n = 0, i, k;
    long line = 1, col = 1;

    if (!p || !st->data)
        return -1;
    p += 6;
    while (n < sizeof(want) && p[0] == '0' && p[1] == 'x') {
        char *end;
        unsigned long v = strtoul(p + 2, &end, 16);

        if (end == p + 2 || v > 0xFF)
            break;
        want[n++] = (unsigned char)v;
        p = end;
        while (*p == ' ')
            p++;
    }
    if (!n)
        return -1;
    for (i = 0; i + n <= st->len; i++) {
        for (k = 0; k < n && (unsigned char)st->data[i + k] == want[k]; k++)
            ;
        if (k == n) {
            st->bad_line = line;
            st->bad_col = col;
            *bad = want[0];
            return 0;
        }
        if (st->data[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return -1;
}

static void report(struct parse_state *st, const xmlError *e,
                   const xmlNode *node)
{
    struct mk_buf msg = MK_BUF_INIT;
    enum mk_severity sev = e->level == XML_ERR_WARNING ? MK_WARNING
                                                       : MK_ERROR;
    long line = e->line, col = e->int2;
    size_t n;

    if (e->code == XML_ERR_NO_MEMORY && e->message
        && strstr(e->message, "huge text node")) {
        /* libxml2 2.9 stops at XML_MAX_TEXT_LENGTH bytes of text in a
         * row and says it ran out of memory: a fault of the source */
        if (node && node->type == XML_ELEMENT_NODE && node->psvi) {
            /* the element holding the text (the parser is far on) */
            line = mk_xml_line(node);
            col = mk_xml_col(node);
        } else {
            shift_position(st, &line, &col);
        }
        if (!st->huge)
            mk_error(st->dc, st->path, line, line ? (col ? col : 1) : 0,
                     "the text in <%s> runs on for more than %d bytes "
                     "without markup (libxml2's limit, and too long for "
                     "reading systems): break it into paragraphs",
                     node ? (const char *)node->name : "body",
                     XML_MAX_TEXT_LENGTH);
        st->huge = 1;
        return;
    }
    if (e->code == XML_ERR_NO_MEMORY) {
        st->oom = 1;        /* recorded once, after the parse */
        return;
    }
    if (e->code == XML_WAR_UNDECLARED_ENTITY)
        sev = MK_ERROR;     /* it would reach the EPUB as '&name;' */
    if (e->domain == XML_FROM_I18N
        || (e->domain == XML_FROM_IO && e->code == XML_IO_ENCODER)) {
        /* converting the input failed (no place known: the text is
         * converted ahead of parsing); libxml2 then parses what came
         * before the bad bytes only, so the document is refused */
        const char *m = e->message ? e->message : "conversion failed";
        int k = (int)strcspn(m, "\n");
        unsigned bad = 0;

        if (!st->unreadable && sev == MK_ERROR
            && locate_bad_bytes(st, m, &bad) == 0)
            mk_error(st->dc, st->path, st->bad_line, st->bad_col,
                     "byte 0x%02X stands for no character in the "
                     "declared encoding, so the file was read only up to "
                     "here: save the file as UTF-8, or declare the "
                     "encoding it is written in", bad);
        else if (!st->unreadable && sev == MK_ERROR)
            mk_error(st->dc, st->path, 0, 0, "the text is not valid in "
                     "its declared encoding (%.*s), so it was read only "
                     "up to there: save the file as UTF-8, or declare the "
                     "encoding it is written in", k, m);
        if (sev == MK_ERROR)
            st->unreadable = 1;
        return;
    }
    shift_position(st, &line, &col);
    if (st->bad_line && (line > st->bad_line
                         || (line == st->bad_line && col >= st->bad_col)))
        return;     /* where the text was cut short: follows from it */
    if (line == st->last_line && col == st->last_col
        && e->code == st->last_code)
        return;
    st->last_line = line;
    st->last_col = col;
    st->last_code = e->code;
    if (st->in_close && e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1) {
        /* a fragment's element left open meets the generated </body>:
         * point at the end of the file, not into text it does not have */
        col = col > (long)sizeof(fragment_close) - 1
                  ? col - (long)sizeof(fragment_close) + 1 : 1;
        long from = e->int1, from_col = 0;

        if (st->md)
            mk_markdown_map(st->md, &from, &from_col);
        mk_buf_addf(&msg, "the file ends with <%s> from line %ld still open",
                    e->str1, from);
        goto record;
    }
    if (st->md && e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1
        && e->str2) {
        /* libxml2's text names a line of the generated XHTML */
        long from = e->int1, from_col = 0;

        mk_markdown_map(st->md, &from, &from_col);
        mk_buf_addf(&msg, "Opening and ending tag mismatch: %s line %ld "
                    "and %s", e->str1, from, e->str2);
        goto record;
    }
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message
        && strstr(e->message, "Excessive depth")) {
        /* libxml2's text suggests an option the user cannot set */
        mk_buf_addf(&msg, "Excessive depth in document: elements are "
                    "nested more than %u deep; flatten the markup",
                    xmlParserMaxDepth);
        goto record;
    }
    mk_buf_adds(&msg, e->message ? e->message : "XML error");
    for (n = 0; n < msg.len; n++)
        if (msg.buf[n] == '\n')
            msg.buf[n] = ' ';
    n = msg.len;
    while (n && (msg.buf[n - 1] == '\n' || msg.buf[n - 1] == ' '))
        n--;
    msg.len = n;
    if (msg.buf)
        msg.buf[n] = '\0';
    if ((e->code == XML_ERR_UNDECLARED_ENTITY
         || e->code == XML_WAR_UNDECLARED_ENTITY) && e->str1) {
        const htmlEntityDesc *h = htmlEntityLookup(BAD_CAST e->str1);

        if (mk_strmap_get(&st->declared, e->str1))
            mk_buf_adds(&msg, " (declared in the DOCTYPE, but mkepub never "
                        "expands entities; write the text itself)");
        else if (h && st->mode == MK_XML_CHAPTER)
            mk_buf_addf(&msg, " (an HTML entity in an attribute value: "
                        "write the character itself or &#%u;)", h->value);
        else
            mk_buf_adds(&msg, " (not an HTML or XML entity; write the "
                        "character itself or a numeric reference)");
    } else if (e->code == XML_ERR_INVALID_CHAR
               || e->code == XML_ERR_INVALID_ENCODING
               || (e->message && strstr(e->message, "proper UTF-8"))) {
        mk_buf_adds(&msg, " (save the file as UTF-8, or declare its "
                    "encoding: <?xml version=\"1.0\" "
                    "encoding=\"windows-1251\"?>)");
    } else if (e->domain == XML_FROM_NAMESPACE
               && e->message && strstr(e->message, "prefix epub")) {
        mk_buf_adds(&msg, " (declare xmlns:epub=\"" MK_EPUB_NS
                    "\" on <html>)");
    }
record:
    if (msg.failed)
        mk_diag_oom(st->dc);
    else
        mk_diag_add(st->dc, sev, st->path, line, line ? (col ? col : 1) : 0,
                    "%s", mk_buf_str(&msg));
    mk_buf_release(&msg);
}

static void on_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;

    if (ctxt && ctxt->_private)
        report(ctxt->_private, e, ctxt->node);
}

/* The per-thread handler while the context is being made (data is the
 * parse state): libxml2 would print a failure there to stderr. */
static void on_early_error(void *data, xmlErrorPtr e)
{
    report(data, e, NULL);
}

/* Blanks the encoding declaration of an XML declaration at the start of
 * text (its bytes become spaces: every position stays). */
static void blank_encoding_decl(char *text, size_t len)
{
    char *end, *p;

    if (len < 5 || memcmp(text, "<?xml", 5) != 0)
        return;
    for (end = text; end + 1 < text + len; end++)
        if (end[0] == '?' && end[1] == '>')
            break;
    for (p = text + 5; p + 8 < end; p++) {
        char quote, *q;

        if (memcmp(p, "encoding", 8) != 0)
            continue;
        for (q = p + 8; q < end && (*q == ' ' || *q == '=' || *q == '\t'
                                    || *q == '\r' || *q == '\n'); q++)
            ;
        if (q >= end || (*q != '"' && *q != '\''))
            return;
        quote = *q;
        for (q++; q < end && *q != quote; q++)
            ;
        if (q < end)
            memset(p, ' ', (size_t)(q + 1 - p));
        return;
    }
}

/* A text that starts with a UTF-16 byte order mark (FF FE little-endian,
 * FE FF big-endian) as UTF-8 in out, without the mark and with the
 * encoding declaration blanked, so that it is read like any other
 * encoding; line and column numbers stay the file's own.  An unpaired
 * surrogate or a last odd byte is a located error (-1). */
static int utf16_to_utf8(const char *path, const unsigned char *p,
                         size_t len, struct mk_diag *dc, struct mk_buf *out)
{
    int big = p[0] == 0xFE;
    size_t i = 2;
    long line = 1, col = 1;

    while (i + 1 < len) {
        unsigned u = big ? (unsigned)p[i] << 8 | p[i + 1]
                         : (unsigned)p[i + 1] << 8 | p[i];
        char utf8[MK_UTF8_MAX];

        i += 2;
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < len) {
            unsigned lo = big ? (unsigned)p[i] << 8 | p[i + 1]
                              : (unsigned)p[i + 1] << 8 | p[i];

            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u < 0xE000)
            return mk_error(dc, path, line, col, "an unpaired UTF-16 "
                            "surrogate (0x%04X) is no character: save the "
                            "file as UTF-8", u);
        mk_buf_add(out, utf8, mk_utf8_encode(u, utf8));
        if (u == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    if (i < len)
        return mk_error(dc, path, line, col, "the file ends in half a "
                        "UTF-16 character: save the file as UTF-8");
    if (out->failed)
        return mk_diag_oom(dc);
    blank_encoding_decl(out->buf, out->len);
    return 0;
}

static xmlEntityPtr html_entity(struct parse_state *st,
                                const htmlEntityDesc *h)
{
    struct html_entity *he;
    size_t n;

    for (he = st->entities; he; he = he->next)
        if (he->ent.name == BAD_CAST h->name)
            return &he->ent;
    he = mk_calloc(1, sizeof(*he));
    if (!he) {
        st->oom = 1;
        return NULL;
    }
    n = mk_utf8_encode(h->value, he->utf8);
    he->utf8[n] = '\0';
    he->ent.type = XML_ENTITY_DECL;
    he->ent.name = BAD_CAST h->name;
    he->ent.content = BAD_CAST he->utf8;
    he->ent.length = (int)n;
    he->ent.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    he->next = st->entities;
    st->entities = he;
    return &he->ent;
}

static xmlEntityPtr get_entity(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
    const htmlEntityDesc *h;

    if (ent || st->mode != MK_XML_CHAPTER)
        return ent;
    h = htmlEntityLookup(name);
    /* libxml2 copies only the first byte of a predefined entity into an
     * attribute value, so multi-byte characters are refused there (and
     * reported with a hint) rather than corrupted. */
    if (!h || (h->value >= 0x80
               && ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE))
        return NULL;
    return html_entity(st, h);
}

/* A DOCTYPE's <!ENTITY> declaration: reported and never declared, so
 * no entity is ever substituted, loaded from a file or the network, or
 * expanded into an entity bomb; a reference to it is then an undefined
 * entity, reported where it stands. */
static void entity_decl(void *ctx, const xmlChar *name, int type,
                        const xmlChar *public_id, const xmlChar *system_id,
                        xmlChar *content)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    long line = in ? in->line : 0, col = in ? in->col : 0;
    int external = type == XML_EXTERNAL_GENERAL_PARSED_ENTITY
                   || type == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY
                   || type == XML_EXTERNAL_PARAMETER_ENTITY;

    (void)public_id;
    (void)content;
    /* the callback comes at the closing '>': point at "<!ENTITY" when
     * it is on the same line */
    if (in && in->cur && in->base && in->end) {
        const xmlChar *p = in->cur;
        long c = col;

        while (p > in->base && c > 1 && p[-1] != '\n') {
            p--;
            c--;
            if (p + 8 <= in->end && memcmp(p, "<!ENTITY", 8) == 0) {
                col = c;
                break;
            }
        }
    }
    shift_position(st, &line, &col);
    if (!mk_strmap_get(&st->declared, (const char *)name)) {
        char *copy = mk_strdup((const char *)name);

        if (!copy || mk_strmap_put(&st->declared, copy, copy) < 0) {
            free(copy);
            st->oom = 1;
        }
    }
    if (st->mode == MK_XML_CHAPTER)
        mk_error(st->dc, st->path, line, col, "the DOCTYPE declares %s"
                 "entity '%s'%s%s%s: EPUB content may not declare entities, "
                 "and mkepub never expands them; write the text itself",
                 external ? "the external " : "", name,
                 system_id ? " (" : "", system_id ? (const char *)system_id
                                                  : "",
                 system_id ? ")" : "");
    else
        mk_error(st->dc, st->path, line, col, "the DOCTYPE declares %s"
                 "entity '%s'%s%s%s: mkepub never expands entities; write "
                 "the text itself", external ? "the external " : "", name,
                 system_id ? " (" : "", system_id ? (const char *)system_id
                                                  : "",
                 system_id ? ")" : "");
}

/* Where an element's start tag begins, kept in the node's psvi field
 * (unused without schema validation): libxml2 2.9 records no column and
 * takes the line of the tag's end.  The line is in the high bits, the
 * column in the low MK_COL_BITS; 0 means unknown. */
#define MK_COL_BITS 20
#define MK_COL_MAX ((1L << MK_COL_BITS) - 1)

/* Eight bytes of text as one word, for the scans below. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t word_at(const xmlChar *p)
{
    uint64_t w;

    memcpy(&w, p, sizeof(w));
    return w;
}

/* The characters (UTF-8 lead bytes) in [from, to): inline, for every
 * start tag of every chapter, so eight bytes at a time: the bytes less
 * the continuation bytes (10xxxxxx: top bit set, the next one clear). */
static long chars_in(const xmlChar *from, const xmlChar *to)
{
    long n = (long)(to - from);

    for (; to - from >= 8; from += 8) {
        uint64_t w = word_at(from);
        uint64_t cont = w & ~(w << 1) & HIGHS;

        n -= (long)(((cont >> 7) * ONES) >> 56);
    }
    for (; from < to; from++)
        n -= (*from & 0xC0) == 0x80;
    return n;
}

/* The last '\n' in [lo, hi), or NULL; eight bytes at a time (a word
 * holds a newline when the word XOR newlines has a zero byte). */
static const xmlChar *last_newline(const xmlChar *lo, const xmlChar *hi)
{
    while (hi - lo >= 8) {
        uint64_t w = word_at(hi - 8) ^ (ONES * '\n');

        if ((w - ONES) & ~w & HIGHS)
            break;
        hi -= 8;
    }
    for (; hi > lo; hi--)
        if (hi[-1] == '\n')
            return hi - 1;
    return NULL;
}

/* The column (in characters) of byte p on its line; 0 when the line's
 * start is no longer in the input buffer (libxml2 drops what it has
 * consumed: in->consumed bytes lie before base).  The scan back stops at
 * the last element's '<' when that lies on the same line (remembered by
 * the input's id and its offset in that input, which buffer moves do
 * not change), so a long paragraph is not scanned again for each inline
 * element. */
static long column_of(struct parse_state *st, const xmlParserInput *in,
                      const xmlChar *p)
{
    unsigned long start = in->consumed;
    unsigned long at = start + (unsigned long)(p - in->base);
    const xmlChar *stop = NULL, *nl;
    long col;

    if (st->col_valid && st->col_input == in->id && st->col_at > start
        && st->col_at <= at)
        stop = in->base + (st->col_at - start);
    /* a line may start right at stop: the byte before it counts */
    nl = last_newline(stop && stop > in->base ? stop - 1 : in->base, p);
    if (nl)
        col = 1 + chars_in(nl + 1, p);
    else if (stop)
        col = st->col ? st->col + chars_in(stop, p) : 0;
    else
        col = in->consumed > 0 ? 0 : 1 + chars_in(in->base, p);
    st->col_valid = 1;
    st->col_input = in->id;
    st->col_at = at;
    st->col = col;
    return col;
}

/* startElementNs: libxml2's own, then the start tag's position.  The
 * parser stands at the tag's '>' here; '<' cannot occur inside it (not
 * even in attribute values), so the nearest '<' before is its start. */
static void start_element(void *ctx, const xmlChar *localname,
                          const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    xmlNodePtr before = ctxt->node;
    xmlParserInputPtr in = ctxt->input;
    const xmlChar *lt;
    long line, col, newlines = 0;

    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted,
                          attributes);
    if (!ctxt->node || ctxt->node == before || !in || !in->cur || !in->base)
        return;
    for (lt = in->cur; lt > in->base && *lt != '<'; lt--)
        if (*lt == '\n')
            newlines++;
    if (*lt != '<')
        return;
    line = in->line - newlines;
    col = column_of(st, in, lt);
    if (line <= 0 || col <= 0)
        return;
    shift_position(st, &line, &col);
    if (col > MK_COL_MAX)
        col = MK_COL_MAX;
    ctxt->node->psvi = (void *)(((size_t)line << MK_COL_BITS)
                                | (size_t)col);
}

/* libxml2's end of an element, then the caller's hook: the element and
 * all before it are complete, and the parser holds none of them. */
static void end_element(void *ctx, const xmlChar *localname,
                        const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    xmlNodePtr node = ctxt->node;

    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    /* libxml2's stack of open elements holds node's ancestors now */
    if (node && st->end && !ctxt->disableSAX
        && (ctxt->nodeNr > 0 ? ctxt->nodeTab[ctxt->nodeNr - 1]
                               == node->parent
                             : node->parent == (xmlNodePtr)ctxt->myDoc))
        st->end(st->end_ctx, node, ctxt->nodeTab, (size_t)ctxt->nodeNr,
                st->is_fragment);
}

static void unparsed_entity_decl(void *ctx, const xmlChar *name,
                                 const xmlChar *public_id,
                                 const xmlChar *system_id,
                                 const xmlChar *notation)
{
    (void)notation;
    entity_decl(ctx, name, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY, public_id,
                system_id, NULL);
}

static void free_entities(struct parse_state *st)
{
    while (st->entities) {
        struct html_entity *next = st->entities->next;

        /* a DOCTYPE declaring an entity with an HTML entity's name
         * (<!ENTITY mu "">) makes libxml2 look the name up and hang the
         * declaration's raw text on what get_entity() answered */
        xmlFree(st->entities->ent.orig);
        free(st->entities);
        st->entities = next;
    }
}

/* Finds where a body fragment's content starts: after a BOM and an XML
 * declaration, whose encoding (if any) is copied to enc. */
static size_t skip_prolog(const char *data, size_t len, char *enc,
                          size_t enc_size, long *newlines)
{
    size_t pos = 0, end, i;
    const char *p, *q;

    enc[0] = '\0';
    *newlines = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    if (len - pos < 5 || memcmp(data + pos, "<?xml", 5) != 0)
        return pos;
    for (end = pos; end + 1 < len; end++)
        if (data[end] == '?' && data[end + 1] == '>')
            break;
    if (end + 1 >= len)
        return pos;
    for (i = pos; i < end; i++)
        if (data[i] == '\n')
            (*newlines)++;
    p = data + pos;
    for (q = p; q + 8 < data + end; q++) {
        if (memcmp(q, "encoding", 8) == 0) {
            const char *v = q + 8;
            char quote;
            size_t k = 0;

            while (v < data + end && (*v == ' ' || *v == '='))
                v++;
            if (v >= data + end || (*v != '"' && *v != '\''))
                break;
            quote = *v++;
            while (v < data + end && *v != quote && k + 1 < enc_size)
                enc[k++] = *v++;
            enc[k] = '\0';
            break;
        }
    }
    return end + 2;
}

/* Nonzero if the document starts with an element other than <html>
 * (after the prolog, comments and a DOCTYPE), i.e. it is a fragment. */
static int looks_like_fragment(const char *data, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        const char *p = data + i;

        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            i++;
        } else if (len - i >= 2 && (p[1] == '?' || p[1] == '!')
                   && *p == '<') {
            /* declaration, comment, DOCTYPE: skip to its end */
            const char *close = memchr(p, '>', len - i);

            if (len - i >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
                const char *bracket = memchr(p, '[', len - i);

                if (bracket && close && bracket < close) {
                    const char *end = bracket;

                    while (end + 1 < data + len
                           && !(end[0] == ']' && end[1] == '>'))
                        end++;
                    close = end + 1;
                }
            } else if (len - i >= 4 && memcmp(p, "<!--", 4) == 0) {
                const char *c = p + 4;

                while (c + 2 < data + len && memcmp(c, "-->", 3) != 0)
                    c++;
                close = c + 2;
            }
            if (!close || close >= data + len)
                return 0;
            i = (size_t)(close - data) + 1;
        } else if (*p == '<') {
            /* p[5] is read too: "<html" at the very end is a fragment
             * (and not well-formed) */
            return !(len - i > 5 && memcmp(p + 1, "html", 4) == 0
                     && (p[5] == '>' || p[5] == ' ' || p[5] == '\n'
                         || p[5] == '\t' || p[5] == '\r' || p[5] == '/'));
        } else {
            return 1;   /* text first: certainly a fragment */
        }
    }
    return 0;
}

/* Gives libxml2 len bytes in CHUNK pieces, the last with terminate;
 * stops at the first error, or when the run is cancelled between two
 * pieces (st->cancelled).  Returns 0 or -1 (stopped). */
static int push(xmlParserCtxtPtr ctxt, struct parse_state *st,
                const char *data, size_t len, int terminate)
{
    for (;;) {
        if (st->cancel && *st->cancel) {
            st->cancelled = 1;
            return -1;
        }
        if (len <= CHUNK)
            break;
        xmlParseChunk(ctxt, data, (int)CHUNK, 0);
        if (ctxt->disableSAX)
            return -1;
        data += CHUNK;
        len -= CHUNK;
    }
    xmlParseChunk(ctxt, data, (int)len, terminate);
    return ctxt->disableSAX ? -1 : 0;
}

/* Parses len bytes of UTF-8 (or declared-encoding) text; md maps the
 * positions of a converted Markdown chapter back to its file. */
static xmlDocPtr parse_text(const char *path, const char *data, size_t len,
                            enum mk_xml_mode mode, struct mk_diag *dc,
                            int *fragment, const struct mk_markdown *md,
                            volatile sig_atomic_t *cancel,
                            mk_xml_end_fn end, void *end_ctx)
{
    struct parse_state st;
    struct mk_buf head = MK_BUF_INIT;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc = NULL;
    size_t start = 0, n;
    xmlStructuredErrorFunc saved_serror;
    void *saved_serror_ctx;
    int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT
                  | XML_PARSE_NOCDATA;

    memset(&st, 0, sizeof(st));
    st.dc = dc;
    st.path = path;
    st.mode = mode;
    st.md = md;
    st.cancel = cancel;
    st.data = data;
    st.len = len;
    st.end = end;
    st.end_ctx = end_ctx;
    if (fragment)
        *fragment = 0;
    for (n = 0; n < len; n++)
        if (data[n] != ' ' && data[n] != '\t' && data[n] != '\r'
            && data[n] != '\n')
            break;
    if (n == len) {
        /* libxml2 2.9 would say "Extra content at the end" */
        mk_error(dc, path, 1, 1, "the file is empty%s", mode ==
                 MK_XML_CHAPTER ? ": write a chapter, or take it out of "
                 "<chapters> in book.xml" : "");
        return NULL;
    }
    if (mode == MK_XML_CHAPTER && looks_like_fragment(data, len)) {
        char enc[64];

        st.is_fragment = 1;
        long newlines, i;
        size_t line_start;

        start = skip_prolog(data, len, enc, sizeof(enc), &newlines);
        if (enc[0])
            mk_buf_addf(&head, "<?xml version=\"1.0\" encoding=\"%s\"?>",
                        enc);
        /* the prolog's line breaks are kept (as whitespace before the
         * root), so every line number stays the file's own */
        for (i = 0; i < newlines; i++)
            mk_buf_addc(&head, '\n');
        line_start = start;
        while (line_start > 0 && data[line_start - 1] != '\n')
            line_start--;
        st.content_line = 1 + newlines;
        st.col_shift = (long)(newlines ? 0 : head.len)
                       + (long)sizeof(fragment_open) - 1
                       - (long)(start - line_start);
        mk_buf_adds(&head, fragment_open);
        if (head.failed) {
            mk_diag_oom(dc);
            return NULL;
        }
    }
    saved_serror = xmlStructuredError;
    saved_serror_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&st, on_early_error);
    /* no file name: nothing is loaded relative to it, diagnostics name
     * path themselves, and libxml2 2.9.14 leaks the input stream when
     * copying the name runs out of memory */
    ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
    if (!ctxt || st.oom) {
        xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
        xmlFreeParserCtxt(ctxt);
        mk_buf_release(&head);
        mk_diag_oom(dc);
        return NULL;
    }
    xmlCtxtUseOptions(ctxt, options);
    ctxt->_private = &st;
    ctxt->sax->serror = on_error;
    ctxt->sax->getEntity = get_entity;
    ctxt->sax->entityDecl = entity_decl;
    ctxt->sax->unparsedEntityDecl = unparsed_entity_decl;
    ctxt->sax->startElementNs = start_element;
    if (end)
        ctxt->sax->endElementNs = end_element;
    /* errors raised without the context (input conversion, I/O) go to
     * libxml2's per-thread structured handler, which would otherwise
     * print them to stderr */
    xmlSetStructuredErrorFunc(ctxt, on_error);
    if (st.is_fragment) {
        if (push(ctxt, &st, head.buf, head.len, 0) == 0
            && push(ctxt, &st, data + start, len - start, 0) == 0) {
            st.in_close = 1;
            push(ctxt, &st, fragment_close, sizeof(fragment_close) - 1,
                 1);
        }
    } else {
        push(ctxt, &st, data, len, 1);
    }
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    mk_buf_release(&head);
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (ctxt->errNo == XML_ERR_NO_MEMORY && !st.huge)
        st.oom = 1;
    if (!ctxt->wellFormed || st.oom || st.unreadable || st.huge
        || st.cancelled) {
        if (st.oom)
            mk_diag_oom(dc);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    free_entities(&st);
    for (n = 0; n < st.declared.cap; n++)
        free(st.declared.values ? st.declared.values[n] : NULL);
    mk_strmap_release(&st.declared);
    if (doc && fragment)
        *fragment = st.is_fragment;
    return doc;
}

void mk_xml_check_packed(const char *path, const char *data, size_t len,
                         xmlDocPtr doc, struct mk_diag *dc)
{
    const unsigned char *u = (const unsigned char *)data;

    if (doc->version && strcmp((const char *)doc->version, "1.0") != 0)
        mk_error(dc, path, 1, 1, "the XML declaration says version=\"%s\", "
                 "but EPUB takes XML 1.0 (EPUBCheck HTM-001): write "
                 "version=\"1.0\"", (const char *)doc->version);
    if ((len >= 2 && (u[0] == 0xFE || u[0] == 0xFF)
         && (u[1] == 0xFE || u[1] == 0xFF))
        || (doc->encoding
            && xmlStrcasecmp(doc->encoding, BAD_CAST "UTF-8") != 0))
        mk_error(dc, path, 1, 1, "the file is written in %s, but EPUB wants "
                 "XML in UTF-8 (EPUBCheck RSC-028): save it as UTF-8, with "
                 "encoding=\"UTF-8\" or no encoding declaration",
                 doc->encoding ? (const char *)doc->encoding : "UTF-16");
}

xmlDocPtr mk_xml_parse(const char *path, const char *data, size_t len,
                       enum mk_xml_mode mode, struct mk_diag *dc,
                       int *fragment)
{
    return mk_xml_parse_mapped(path, data, len, mode, dc, fragment, NULL,
                               NULL);
}

xmlDocPtr mk_xml_parse_mapped(const char *path, const char *data,
                              size_t len, enum mk_xml_mode mode,
                              struct mk_diag *dc, int *fragment,
                              const struct mk_markdown *md,
                              volatile sig_atomic_t *cancel)
{
    return mk_xml_parse_hooked(path, data, len, mode, dc, fragment, md,
                               cancel, NULL, NULL);
}

xmlDocPtr mk_xml_parse_hooked(const char *path, const char *data,
                              size_t len, enum mk_xml_mode mode,
                              struct mk_diag *dc, int *fragment,
                              const struct mk_markdown *md,
                              volatile sig_atomic_t *cancel,
                              mk_xml_end_fn end, void *end_ctx)
{
    struct mk_buf utf8 = MK_BUF_INIT;
    xmlDocPtr doc;

    if (len < 2 || !((data[0] == '\xFF' && data[1] == '\xFE')
                     || (data[0] == '\xFE' && data[1] == '\xFF')))
        return parse_text(path, data, len, mode, dc, fragment, md,
                          cancel, end, end_ctx);
    if (fragment)
        *fragment = 0;
    if (utf16_to_utf8(path, (const unsigned char *)data, len, dc,
                      &utf8) < 0) {
        mk_buf_release(&utf8);
        return NULL;
    }
    doc = parse_text(path, utf8.buf ? utf8.buf : "", utf8.len, mode, dc,
                     fragment, md, cancel, end, end_ctx);
    mk_buf_release(&utf8);
    return doc;
}

xmlNodePtr mk_xml_next(const xmlNode *top, xmlNodePtr node, int into)
{
    if (into && node->children)
        return node->children;
    while (node && node != top) {
        if (node->next)
            return node->next;
        node = node->parent;
    }
    return NULL;
}

long mk_xml_line(const xmlNode *node)
{
    long line;

    if (node->type == XML_ELEMENT_NODE && node->psvi)
        return (long)((size_t)node->psvi >> MK_COL_BITS);
    line = xmlGetLineNo((xmlNodePtr)node);

    return line > 0 ? line : 0;
}

int mk_xml_is(const xmlNode *node, const char *ns, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return 0;
    if (strcmp((const char *)node->name, name) != 0)
        return 0;
    if (!ns)
        return node->ns == NULL;
    return node->ns && node->ns->href
           && strcmp((const char *)node->ns->href, ns) == 0;
}

char *mk_xml_attr(const xmlNode *node, const char *name, int *oom)
{
    xmlChar *v = xmlGetNoNsProp((xmlNodePtr)node, BAD_CAST name);
    char *copy;

    if (!v) {
        /* present, so libxml2 could not copy it */
        if (xmlHasNsProp((xmlNodePtr)node, BAD_CAST name, NULL))
            *oom = 1;
        return NULL;
    }
    copy = mk_strdup((const char *)v);
    xmlFree(v);
    if (!copy)
        *oom = 1;
    return copy;
}

char *mk_xml_text(const xmlNode *node)
{
    xmlChar *raw = xmlNodeGetContent((xmlNodePtr)node);
    char *p, *out, *text;
    int space = 0;

    if (!raw)   /* for an element, libxml2 ran out of memory */
        return node->type == XML_ELEMENT_NODE ? NULL : mk_strdup("");
    /* collapsed in place (it only shrinks), then copied to its size:
     * every heading of a book is kept */
    out = (char *)raw;
    for (p = (char *)raw; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = out > (char *)raw;
            continue;
        }
        if (space)
            *out++ = ' ';
        space = 0;
        *out++ = *p;
    }
    text = mk_strndup((const char *)raw, (size_t)(out - (char *)raw));
    xmlFree(raw);
    return text;
}

long mk_xml_col(const xmlNode *node)
{
    if (node->type == XML_ELEMENT_NODE && node->psvi)
        return (long)((size_t)node->psvi & (size_t)MK_COL_MAX);
    return 0;
}
