/*
 * book.c - reading and checking book.xml into struct mk_book (see
 * book.h).
 *
 * The accepted vocabulary is one table (element, parent, attributes,
 * kind), so the checks for unknown names, the "did you mean" hints and
 * the filling of the model all come from the same place.
 */
#include "book.h"
#include "strmap.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "isbn.h"
#include "labels.h"
#include "lang.h"
#include "marc.h"
#include "path.h"
#include "suggest.h"
#include "uuid.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

enum field {
    F_NONE, F_TITLE, F_SUBTITLE, F_CREATOR, F_CONTRIBUTOR, F_LANGUAGE,
    F_IDENTIFIER, F_PUBLISHER, F_DATE, F_DESCRIPTION, F_SUBJECT, F_RIGHTS,
    F_SOURCE, F_COLLECTION, F_COVER, F_STYLESHEET, F_CREDIT, F_NOTE,
    F_CHAPTER, F_LABEL, F_METADATA, F_ATTRIBUTION, F_CHAPTERS, F_LABELS,
    F_FONT, F_ACTIVE_CLASS, F_PLAYBACK_CLASS,
    F_COUNT
};

struct vocab {
    const char *name;
    const char *parent;
    const char *attrs[10];      /* allowed attributes, NULL-ended */
    const char *required;       /* required attribute or NULL */
    enum field field;
    int single;                 /* at most once */
    int text;                   /* holds text, no elements */
};

static const struct vocab vocab[] = {
    { "metadata", "book", { NULL }, NULL, F_METADATA, 1, 0 },
    { "cover", "book", { "image", NULL }, "image", F_COVER, 1, 0 },
    { "stylesheet", "book", { "href", NULL }, "href", F_STYLESHEET, 0, 0 },
    { "font", "book", { "href", "obfuscate", NULL }, "href", F_FONT, 0, 0 },
    { "attribution", "book", { NULL }, NULL, F_ATTRIBUTION, 1, 0 },
    { "labels", "book", { NULL }, NULL, F_LABELS, 1, 0 },
    { "chapters", "book", { "page-progression-direction", "toc-depth",
      "layout", "spread", "orientation", "viewport", NULL }, NULL,
      F_CHAPTERS, 1, 0 },
    { "title", "metadata", { "alternate-script", "alternate-script-lang",
      NULL }, NULL, F_TITLE, 1, 1 },
    { "subtitle", "metadata", { NULL }, NULL, F_SUBTITLE, 1, 1 },
    { "creator", "metadata", { "role", "file-as", "display-seq",
      "alternate-script", "alternate-script-lang", NULL }, NULL, F_CREATOR,
      0, 1 },
    { "contributor", "metadata", { "role", "file-as", "display-seq",
      "alternate-script", "alternate-script-lang", NULL }, NULL,
      F_CONTRIBUTOR, 0, 1 },
    { "language", "metadata", { NULL }, NULL, F_LANGUAGE, 0, 1 },
    { "identifier", "metadata", { "type", "unique", NULL }, NULL,
      F_IDENTIFIER, 0, 1 },
    { "publisher", "metadata", { NULL }, NULL, F_PUBLISHER, 1, 1 },
    { "date", "metadata", { NULL }, NULL, F_DATE, 1, 1 },
    { "description", "metadata", { NULL }, NULL, F_DESCRIPTION, 1, 1 },
    { "subject", "metadata", { NULL }, NULL, F_SUBJECT, 0, 1 },
    { "rights", "metadata", { NULL }, NULL, F_RIGHTS, 1, 1 },
    { "source", "metadata", { NULL }, NULL, F_SOURCE, 1, 1 },
    { "collection", "metadata", { "type", "position", NULL }, "type",
      F_COLLECTION, 0, 1 },
    { "media-active-class", "metadata", { NULL }, NULL, F_ACTIVE_CLASS, 1,
      1 },
    { "media-playback-active-class", "metadata", { NULL }, NULL,
      F_PLAYBACK_CLASS, 1, 1 },
    { "credit", "attribution", { "for", NULL }, NULL, F_CREDIT, 0, 1 },
    { "note", "attribution", { NULL }, NULL, F_NOTE, 0, 1 },
    { "chapter", "chapters", { "href", "title", "linear", "alt", "layout",
      "spread", "page-spread", "viewport", "overlay", NULL }, "href",
      F_CHAPTER, 0, 0 },
    { "label", "labels", { "key", NULL }, "key", F_LABEL, 0, 1 },
};

#define N_VOCAB (sizeof(vocab) / sizeof(*vocab))

/* Names people try that book.xml spells otherwise: what to write. */
static const struct {
    const char *name, *parent, *advice;
} spelt_otherwise[] = {
    { "author", "metadata", "an author is <creator role=\"aut\">" },
    { "isbn", "metadata", "an ISBN is <identifier type=\"isbn\">" },
    { "modified", "metadata", "dcterms:modified is the time of the build; "
      "set SOURCE_DATE_EPOCH to fix it" },
    { "series", "metadata", "a series is <collection type=\"series\" "
      "position=\"N\">" },
    { "translator", "metadata", "a translator is <contributor "
      "role=\"trl\">" },
};

/* Identifier types (type="..."), with what they are written as. */
static const struct {
    const char *name;
    enum mk_identifier_kind kind;
} identifier_types[] = {
    { "isbn", MK_ID_ISBN13 }, { "uuid", MK_ID_UUID },
};

/* The rendition values book.xml takes (EPUB 3.3 "Fixed layouts"; the
 * spread "portrait" is deprecated there, so it is not offered), each
 * list sorted; NULL ends it. */
static const char *const layouts[] = { "pre-paginated", "reflowable",
                                       NULL };
static const char *const spreads[] = { "auto", "both", "landscape", "none",
                                       NULL };
static const char *const orientations[] = { "auto", "landscape",
                                            "portrait", NULL };
static const char *const page_spreads[] = { "center", "left", "right",
                                            NULL };

/* Collection types (EPUB 3.3 meta-property collection-type). */
static const char *const collection_types[] = { "series", "set" };

struct reader {
    struct mk_book *book;
    struct mk_diag *dc;
    const char *file;
    int seen[F_COUNT];
    long seen_line[F_COUNT];
    size_t cap_creators, cap_contributors, cap_languages, cap_subjects,
           cap_stylesheets, cap_fonts, cap_credits, cap_notes, cap_chapters,
           cap_identifiers, cap_collections, cap_labels;
    struct mk_strmap chapter_paths;     /* path -> chapter index + 1 */
};

static int oom(struct reader *r)
{
    return mk_diag_oom(r->dc);
}

/* mk_xml_attr() that records running out of memory. */
static char *attr_of(struct reader *r, xmlNodePtr n, const char *name)
{
    int failed = 0;
    char *v = mk_xml_attr(n, name, &failed);

    if (failed)
        oom(r);
    return v;
}

/* "did you mean" over the names allowed in parent (or its attributes). */
static const char *suggest_name(const char *word, const char *parent,
                                const struct vocab *element)
{
    const char *names[N_VOCAB + 4];
    size_t n = 0, i;

    if (element) {
        for (i = 0; element->attrs[i]; i++)
            names[n++] = element->attrs[i];
    } else {
        for (i = 0; i < N_VOCAB; i++)
            if (strcmp(vocab[i].parent, parent) == 0)
                names[n++] = vocab[i].name;
    }
    return mk_suggest(word, names, n, 2);
}

static const struct vocab *lookup(const char *parent, const char *name)
{
    size_t i;

    for (i = 0; i < N_VOCAB; i++)
        if (strcmp(vocab[i].parent, parent) == 0
            && strcmp(vocab[i].name, name) == 0)
            return &vocab[i];
    return NULL;
}

static void unknown_element(struct reader *r, xmlNodePtr n,
                            const char *parent)
{
    const char *hint = suggest_name((const char *)n->name, parent, NULL);
    const struct vocab *elsewhere = NULL;
    const char *advice = NULL;
    size_t i;

    for (i = 0; i < N_VOCAB && !elsewhere; i++)
        if (strcmp(vocab[i].name, (const char *)n->name) == 0)
            elsewhere = &vocab[i];
    for (i = 0; i < sizeof(spelt_otherwise) / sizeof(*spelt_otherwise); i++)
        if (strcmp(spelt_otherwise[i].name, (const char *)n->name) == 0
            && strcmp(spelt_otherwise[i].parent, parent) == 0)
            advice = spelt_otherwise[i].advice;
    /* an exact name in the wrong place says more than a near miss */
    if (n->ns)
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s%s%s> is in a "
                 "namespace; book.xml elements have none (write <%s>)",
                 n->ns->prefix ? (const char *)n->ns->prefix : "",
                 n->ns->prefix ? ":" : "", n->name, n->name);
    else if (elsewhere)
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s> belongs in <%s>, "
                 "not in <%s>", n->name, elsewhere->parent, parent);
    else if (advice)
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                 "unknown element <%s> in <%s>: %s", n->name, parent,
                 advice);
    else if (hint)
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "unknown element <%s> "
                 "in <%s>; did you mean <%s>?", n->name, parent, hint);
    else
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "unknown element <%s> "
                 "in <%s>", n->name, parent);
}

static void check_attributes(struct reader *r, xmlNodePtr n,
                             const struct vocab *v)
{
    xmlAttrPtr a;
    size_t i;

    for (a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int known = 0;
        const char *hint;

        for (i = 0; v->attrs[i] && !known; i++)
            known = !a->ns && strcmp(v->attrs[i], name) == 0;
        if (known)
            continue;
        hint = suggest_name(name, NULL, v);
        if (hint)
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "unknown attribute "
                     "'%s' on <%s>; did you mean '%s'?", name, v->name, hint);
        else
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "unknown attribute "
                     "'%s' on <%s>", name, v->name);
    }
    if (v->required && !xmlHasProp(n, BAD_CAST v->required))
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s> is missing its "
                 "'%s' attribute", v->name, v->required);
}

/* The element's text; reports child elements and emptiness. */
static char *text_of(struct reader *r, xmlNodePtr n)
{
    xmlNodePtr c;
    char *text;

    for (c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            mk_error(r->dc, r->file, mk_xml_line(c), mk_xml_col(c), "<%s> may hold "
                     "only text, not <%s>", n->name, c->name);
            break;
        }
    text = mk_xml_text(n);
    if (!text) {
        oom(r);
        return NULL;
    }
    if (!text[0]) {
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s> is empty",
                 n->name);
        free(text);
        return NULL;
    }
    return text;
}

static int push_string(struct reader *r, char ***arr, size_t *n, size_t *cap,
                       char *s)
{
    if (mk_grow_array(arr, cap, *n, sizeof(**arr)) < 0) {
        free(s);
        return oom(r);
    }
    (*arr)[(*n)++] = s;
    return 0;
}

static int fileref(struct reader *r, xmlNodePtr n, const char *attr,
                   struct mk_fileref *ref)
{
    ref->href = attr_of(r, n, attr);
    ref->line = mk_xml_line(n);
    ref->path = NULL;
    if (!ref->href)
        return -1;      /* reported by check_attributes */
    if (!ref->href[0])
        return mk_error(r->dc, r->file, ref->line, 0, "empty %s=\"\"", attr);
    ref->path = mk_path_display(r->book->dir, ref->href);
    return ref->path ? 0 : oom(r);
}

static void free_fileref(struct mk_fileref *f)
{
    free(f->href);
    free(f->path);
}

/* alternate-script and alternate-script-lang of n, checked: both or
 * neither, a well-formed language.  (That the language differs from
 * the book's is checked once all languages are read.) */
static void read_alternate(struct reader *r, xmlNodePtr n, char **name,
                           char **lang)
{
    long line = mk_xml_line(n), col = mk_xml_col(n);

    *name = attr_of(r, n, "alternate-script");
    *lang = attr_of(r, n, "alternate-script-lang");
    if (*name && !(*name)[0])
        mk_error(r->dc, r->file, line, col, "alternate-script=\"\" is "
                 "empty: give the name as written in the other script, or "
                 "leave the attribute out");
    if (*name && !*lang)
        mk_error(r->dc, r->file, line, col, "alternate-script needs "
                 "alternate-script-lang, the language of that form "
                 "(e.g. alternate-script-lang=\"ja\")");
    else if (*lang && !*name)
        mk_error(r->dc, r->file, line, col, "alternate-script-lang without "
                 "alternate-script: add the name as written in that "
                 "language, or leave the attribute out");
    else if (*lang && !mk_lang_is_wellformed(*lang))
        mk_error(r->dc, r->file, line, col, "alternate-script-lang '%s' is "
                 "not a BCP 47 language tag (e.g. ja, ru, zh-Hant, "
                 "sr-Cyrl)", *lang);
}

/* A whole number from 1 to 9999 in text, or 0. */
static long small_number(const char *text)
{
    long v = 0;
    size_t i;

    for (i = 0; text[i]; i++) {
        if (text[i] < '0' || text[i] > '9' || i >= 4)
            return 0;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

static void read_person(struct reader *r, xmlNodePtr n, char *text,
                        struct mk_person **arr, size_t *count, size_t *cap)
{
    struct mk_person *p;
    char *seq;

    if (mk_grow_array(arr, cap, *count, sizeof(**arr)) < 0) {
        free(text);
        oom(r);
        return;
    }
    p = &(*arr)[(*count)++];
    memset(p, 0, sizeof(*p));
    p->name = text;
    p->line = mk_xml_line(n);
    p->role = attr_of(r, n, "role");
    p->file_as = attr_of(r, n, "file-as");
    read_alternate(r, n, &p->alt_name, &p->alt_lang);
    seq = attr_of(r, n, "display-seq");
    if (seq) {
        p->display_seq = small_number(seq);
        if (!p->display_seq)
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                     "display-seq=\"%s\" is not a whole number from 1 to "
                     "9999: give the place in which this name is shown "
                     "(1, 2, ...)", seq);
        free(seq);
    }
    if (p->role && !mk_marc_label(p->role)) {
        const char *hint = mk_marc_suggest(p->role);

        if (hint)
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "role '%s' is not "
                     "a MARC relator code; did you mean '%s' (%s)?", p->role,
                     hint, mk_marc_label(hint));
        else
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "role '%s' is not "
                     "a MARC relator code (e.g. aut, trl, edt, ill, pht)",
                     p->role);
    }
}

/* The ISBN in *value checked: its package form ("urn:isbn:" and the
 * digits) replaces it and *kind says which ISBN; or an error, *value
 * kept and *kind MK_ID_OTHER. */
static void read_isbn(struct reader *r, xmlNodePtr n, char **value,
                      enum mk_identifier_kind *kind)
{
    long line = mk_xml_line(n), col = mk_xml_col(n);
    struct mk_isbn isbn;
    struct mk_buf out = MK_BUF_INIT;

    *kind = MK_ID_OTHER;        /* until it proves to be an ISBN */
    switch (mk_isbn_read(*value, &isbn)) {
    case MK_ISBN_OK:
        break;
    case MK_ISBN_SYNTAX:
        mk_error(r->dc, r->file, line, col, "'%s' is not an ISBN: an ISBN "
                 "is 10 or 13 digits, with hyphens or spaces between them "
                 "(e.g. 978-0-306-40615-7)", *value);
        return;
    case MK_ISBN_LENGTH:
        mk_error(r->dc, r->file, line, col, "ISBN '%s' has %d digit%s, not "
                 "10 or 13: check it for a missing or an extra digit",
                 *value, isbn.n_digits, isbn.n_digits == 1 ? "" : "s");
        return;
    case MK_ISBN_PREFIX:
        mk_error(r->dc, r->file, line, col, "ISBN '%s' has 13 digits but "
                 "does not start with 978 or 979: check the number",
                 *value);
        return;
    case MK_ISBN_CHECK:
        mk_error(r->dc, r->file, line, col, "ISBN '%s' ends in the check "
                 "digit %c, but its other digits give %c: a digit is wrong "
                 "or two are swapped; copy the number again from the "
                 "book's imprint", *value, isbn.digits[isbn.n_digits - 1],
                 isbn.expected);
        return;
    }
    mk_buf_adds(&out, "urn:isbn:");
    mk_buf_adds(&out, isbn.digits);
    if (out.failed) {
        mk_buf_release(&out);
        oom(r);
        return;
    }
    free(*value);
    *value = mk_buf_detach(&out, NULL);
    *kind = isbn.n_digits == 10 ? MK_ID_ISBN10 : MK_ID_ISBN13;
}

static void read_identifier(struct reader *r, xmlNodePtr n, char *text)
{
    struct mk_book *b = r->book;
    long line = mk_xml_line(n), col = mk_xml_col(n);
    char *type = attr_of(r, n, "type");
    char *unique = attr_of(r, n, "unique");
    enum mk_identifier_kind kind = MK_ID_OTHER;
    struct mk_identifier *id;
    size_t i;

    if (type) {
        const char *names[sizeof(identifier_types)
                          / sizeof(*identifier_types)];
        int known = 0;

        for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
            names[i] = identifier_types[i].name;
            if (strcmp(type, names[i]) == 0) {
                kind = identifier_types[i].kind;
                known = 1;
            }
        }
        if (!known)
            mk_error(r->dc, r->file, line, col, "identifier type=\"%s\" "
                     "is unknown: use type=\"isbn\" or type=\"uuid\", "
                     "or leave type out for any other identifier (a DOI, "
                     "a URL, ...)", type);
    } else if (strncmp(text, "urn:isbn:", 9) == 0
               || strncmp(text, "URN:ISBN:", 9) == 0) {
        kind = MK_ID_ISBN13;
    } else if (mk_uuid_urn_is_valid(text) != MK_UUID_NOT_URN) {
        kind = MK_ID_UUID;
    }
    if (kind == MK_ID_ISBN13)
        read_isbn(r, n, &text, &kind);
    else if (kind == MK_ID_UUID
             && mk_uuid_urn_is_valid(text) != MK_UUID_URN_OK) {
        if (mk_uuid_is_valid(text)) {
            struct mk_buf urn = MK_BUF_INIT;

            mk_buf_addf(&urn, "urn:uuid:%s", text);
            free(text);
            text = mk_buf_detach(&urn, NULL);
            if (!text) {
                free(type);
                free(unique);
                oom(r);
                return;
            }
        } else {
            mk_error(r->dc, r->file, line, 0, "identifier '%s' is not a "
                     "valid urn:uuid (8-4-4-4-12 hexadecimal digits)",
                     text);
        }
    }
    free(type);
    if (mk_grow_array(&b->identifiers, &r->cap_identifiers,
                      b->n_identifiers, sizeof(*b->identifiers)) < 0) {
        free(text);
        free(unique);
        oom(r);
        return;
    }
    id = &b->identifiers[b->n_identifiers++];
    id->value = text;
    id->kind = kind;
    id->line = line;
    id->unique = 0;
    if (unique && strcmp(unique, "yes") == 0)
        id->unique = 1;
    else if (unique && strcmp(unique, "no") != 0)
        mk_error(r->dc, r->file, line, col, "unique=\"%s\": use "
                 "unique=\"yes\" on the identifier that names this book "
                 "for good, and leave it out on the others", unique);
    free(unique);
}

/* A group-position: digits, with at most one '.' between digits. */
static int is_position(const char *s)
{
    size_t i, digits = 0;
    int dot = 0;

    for (i = 0; s[i]; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dot && digits && s[i + 1])
            dot = 1;
        else
            return 0;
    }
    return digits > 0;
}

static void read_collection(struct reader *r, xmlNodePtr n, char *text)
{
    struct mk_book *b = r->book;
    long line = mk_xml_line(n), col = mk_xml_col(n);
    char *type = attr_of(r, n, "type");
    struct mk_collection *c;
    size_t i;

    if (mk_grow_array(&b->collections, &r->cap_collections,
                      b->n_collections, sizeof(*b->collections)) < 0) {
        free(text);
        free(type);
        oom(r);
        return;
    }
    c = &b->collections[b->n_collections++];
    c->name = text;
    c->type = NULL;
    c->position = attr_of(r, n, "position");
    for (i = 0; type && i < sizeof(collection_types)
                                / sizeof(*collection_types); i++)
        if (strcmp(type, collection_types[i]) == 0)
            c->type = collection_types[i];
    if (type && !c->type)
        mk_error(r->dc, r->file, line, col, "collection type=\"%s\" is "
                 "unknown: use type=\"series\" (works issued one by one "
                 "over time) or type=\"set\" (a finite set that is one "
                 "work)", type);
    free(type);
    if (c->position && !is_position(c->position))
        mk_error(r->dc, r->file, line, col, "position=\"%s\" is not a "
                 "number: give the book's place in the %s as a number "
                 "(1, 2, 2.5)", c->position,
                 c->type ? c->type : "collection");
}

static void read_label(struct reader *r, xmlNodePtr n, char *text)
{
    struct mk_book *b = r->book;
    long line = mk_xml_line(n), col = mk_xml_col(n);
    char *key = attr_of(r, n, "key");
    struct mk_label_override *l;
    size_t i;

    if (!key) {
        free(text);
        return;     /* reported by check_attributes */
    }
    if (!mk_labels_key_is_known(key)) {
        const char *hint = mk_labels_suggest(key);

        if (hint)
            mk_error(r->dc, r->file, line, col, "unknown label key '%s'; "
                     "did you mean '%s'?", key, hint);
        else
            mk_error(r->dc, r->file, line, col, "unknown label key '%s': "
                     "the keys are contents, landmarks, pages, cover, "
                     "start, credits, creator, contributor, publisher, "
                     "published, source, rights, credit, series, isbn, "
                     "and role-CODE for a MARC role (role-trl)", key);
        free(key);
        free(text);
        return;
    }
    for (i = 0; i < b->n_labels; i++)
        if (strcmp(b->labels[i].key, key) == 0) {
            mk_error(r->dc, r->file, line, col, "label '%s' is given twice "
                     "(first on line %ld); only one is allowed", key,
                     b->labels[i].line);
            free(key);
            free(text);
            return;
        }
    if (mk_grow_array(&b->labels, &r->cap_labels, b->n_labels,
                      sizeof(*b->labels)) < 0) {
        free(key);
        free(text);
        oom(r);
        return;
    }
    l = &b->labels[b->n_labels++];
    l->key = key;
    l->text = text;
    l->line = line;
}

/* <media-active-class> or <media-playback-active-class>: the CSS class
 * a reading system gives the element being read aloud (or the document
 * while it plays), EPUB 3.3 media:active-class and
 * media:playback-active-class: one class name. */
static void read_overlay_class(struct reader *r, xmlNodePtr n,
                               const struct vocab *v, char *text)
{
    struct mk_book *b = r->book;
    int active = v->field == F_ACTIVE_CLASS;

    if (!text[0] || strpbrk(text, " \t\r\n")) {
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s> "
                 "must name one CSS class, not %s: write a single class "
                 "name, e.g. <%s>read-aloud-active</%s>", v->name,
                 text[0] ? "several" : "none", v->name, v->name);
        free(text);
        return;
    }
    if (active) {
        b->active_class = text;
        b->active_class_line = mk_xml_line(n);
    } else {
        b->playback_active_class = text;
        b->playback_active_class_line = mk_xml_line(n);
    }
}

static void read_text_field(struct reader *r, xmlNodePtr n,
                            const struct vocab *v)
{
    struct mk_book *b = r->book;
    long line = mk_xml_line(n);
    char *text = text_of(r, n);

    if (!text)
        return;
    switch (v->field) {
    case F_TITLE:
        b->title = text;
        read_alternate(r, n, &b->title_alt, &b->title_alt_lang);
        break;
    case F_SUBTITLE: b->subtitle = text; break;
    case F_PUBLISHER: b->publisher = text; break;
    case F_DESCRIPTION: b->description = text; break;
    case F_RIGHTS: b->rights = text; break;
    case F_SOURCE: b->source = text; break;
    case F_DATE:
        if (!mk_date_is_w3c(text))
            mk_error(r->dc, r->file, line, 0, "date '%s' is not a W3C date "
                     "(YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)",
                     text);
        b->date = text;
        break;
    case F_LANGUAGE:
        if (!mk_lang_is_wellformed(text))
            mk_error(r->dc, r->file, line, 0, "language '%s' is not a BCP "
                     "47 language tag (e.g. en, en-GB, kk, ru, zh-Hant)",
                     text);
        else if (mk_lang_two_letter(text))
            mk_warning(r->dc, r->file, line, 0, "language '%s': BCP 47 "
                       "writes this language '%s' (its ISO 639-1 code), "
                       "and reading systems, screen readers and Ace by "
                       "DAISY do not know '%.3s'; write '%s%s'", text,
                       mk_lang_two_letter(text), text,
                       mk_lang_two_letter(text), text + 3);
        push_string(r, &b->languages, &b->n_languages, &r->cap_languages,
                    text);
        break;
    case F_SUBJECT:
        push_string(r, &b->subjects, &b->n_subjects, &r->cap_subjects, text);
        break;
    case F_IDENTIFIER:
        read_identifier(r, n, text);
        break;
    case F_COLLECTION:
        read_collection(r, n, text);
        break;
    case F_LABEL:
        read_label(r, n, text);
        break;
    case F_CREATOR:
        read_person(r, n, text, &b->creators, &b->n_creators,
                    &r->cap_creators);
        break;
    case F_CONTRIBUTOR:
        read_person(r, n, text, &b->contributors, &b->n_contributors,
                    &r->cap_contributors);
        break;
    case F_CREDIT: {
        struct mk_credit *c;

        if (mk_grow_array(&b->credits, &r->cap_credits, b->n_credits,
                          sizeof(*b->credits)) < 0) {
            free(text);
            oom(r);
            return;
        }
        c = &b->credits[b->n_credits++];
        c->text = text;
        c->what = attr_of(r, n, "for");
        break;
    }
    case F_NOTE:
        push_string(r, &b->notes, &b->n_notes, &r->cap_notes, text);
        break;
    case F_ACTIVE_CLASS:
    case F_PLAYBACK_CLASS:
        read_overlay_class(r, n, v, text);
        break;
    default:
        free(text);
        break;
    }
}

/* The static entry of table equal to the value of attribute name on
 * n, or NULL when it is absent or not one of them (reported, with the
 * values to use). */
static const char *rendition_value(struct reader *r, xmlNodePtr n,
                                   const char *name,
                                   const char *const *table)
{
    char *v = attr_of(r, n, name);
    const char *found = NULL;
    struct mk_buf list = MK_BUF_INIT;
    size_t i;

    if (!v)
        return NULL;
    for (i = 0; table[i] && !found; i++)
        if (strcmp(table[i], v) == 0)
            found = table[i];
    if (!found) {
        for (i = 0; table[i]; i++)
            mk_buf_addf(&list, "%s\"%s\"", i == 0 ? "" : table[i + 1]
                        ? ", " : " or ", table[i]);
        if (list.failed)
            oom(r);
        else
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                     "%s=\"%s\": use %s", name, v, mk_buf_str(&list));
    }
    mk_buf_release(&list);
    free(v);
    return found;
}

/* viewport="WIDTHxHEIGHT" (CSS pixels, 1 to 100000 each) into *ro. */
static void read_viewport(struct reader *r, xmlNodePtr n,
                          struct mk_rendition *ro)
{
    char *v = attr_of(r, n, "viewport");
    const char *p = v;
    long w = 0, h = 0;

    if (!v)
        return;
    while (p && *p >= '0' && *p <= '9' && w <= 100000)
        w = w * 10 + (*p++ - '0');
    if (p && *p == 'x')
        for (p++; *p >= '0' && *p <= '9' && h <= 100000; p++)
            h = h * 10 + (*p - '0');
    if (!p || *p || w < 1 || h < 1 || w > 100000 || h > 100000)
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                 "viewport=\"%s\": give the page size in CSS pixels as "
                 "WIDTHxHEIGHT, e.g. viewport=\"1200x1600\"", v);
    else {
        ro->vp_width = w;
        ro->vp_height = h;
    }
    free(v);
}

/* The rendition attributes of <chapters> (book) or <chapter>. */
static void read_rendition(struct reader *r, xmlNodePtr n, int book,
                           struct mk_rendition *ro)
{
    ro->layout = rendition_value(r, n, "layout", layouts);
    ro->spread = rendition_value(r, n, "spread", spreads);
    if (book)
        ro->orientation = rendition_value(r, n, "orientation",
                                          orientations);
    else
        ro->page_spread = rendition_value(r, n, "page-spread",
                                          page_spreads);
    read_viewport(r, n, ro);
}

int mk_book_pre_paginated(const struct mk_book *book,
                          const struct mk_chapter_entry *c)
{
    const char *l = c->rendition.layout ? c->rendition.layout
                                        : book->rendition.layout;

    return l && strcmp(l, "pre-paginated") == 0;
}

int mk_book_viewport(const struct mk_book *book,
                     const struct mk_chapter_entry *c, long *w, long *h)
{
    const struct mk_rendition *ro = c->rendition.vp_width ? &c->rendition
                                                          : &book->rendition;

    *w = ro->vp_width;
    *h = ro->vp_height;
    return *w > 0;
}

/* The value of a yes/no attribute (value as read, NULL when absent:
 * dflt); anything else is reported at n. */
static int yes_no(struct reader *r, xmlNodePtr n, const char *attr,
                  const char *value, int dflt)
{
    if (!value)
        return dflt;
    if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
        return value[0] == 'y';
    mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "%s=\"%s\": "
             "use \"yes\" or \"no\"", attr, value);
    return dflt;
}

/* <font href="..." obfuscate="yes|no"/>. */
static void read_font(struct reader *r, xmlNodePtr n)
{
    struct mk_book *b = r->book;
    struct mk_font_entry *f;
    char *obfuscate = attr_of(r, n, "obfuscate");
    size_t i;

    if (mk_grow_array(&b->fonts, &r->cap_fonts, b->n_fonts,
                      sizeof(*b->fonts)) < 0) {
        free(obfuscate);
        oom(r);
        return;
    }
    f = &b->fonts[b->n_fonts];
    f->obfuscate = yes_no(r, n, "obfuscate", obfuscate, 1);
    free(obfuscate);
    if (fileref(r, n, "href", &f->file) < 0) {
        free(f->file.href);
        return;
    }
    for (i = 0; i < b->n_fonts; i++)
        if (strcmp(b->fonts[i].file.path, f->file.path) == 0) {
            mk_error(r->dc, r->file, f->file.line, 0, "font '%s' is listed "
                     "twice (first on line %ld): keep one <font>",
                     f->file.href, b->fonts[i].file.line);
            free_fileref(&f->file);
            return;
        }
    b->n_fonts++;
}

static void read_chapter(struct reader *r, xmlNodePtr n)
{
    struct mk_book *b = r->book;
    struct mk_chapter_entry *c;
    char *linear = attr_of(r, n, "linear");
    size_t i;

    if (mk_grow_array(&b->chapters, &r->cap_chapters, b->n_chapters,
                      sizeof(*b->chapters)) < 0) {
        free(linear);
        oom(r);
        return;
    }
    c = &b->chapters[b->n_chapters];
    memset(c, 0, sizeof(*c));
    c->linear = yes_no(r, n, "linear", linear, 1);
    free(linear);
    read_rendition(r, n, 0, &c->rendition);
    c->title = attr_of(r, n, "title");
    c->alt = attr_of(r, n, "alt");
    if (c->alt && !c->alt[0])
        mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "alt=\"\" "
                 "is empty: say what the page shows, or leave the "
                 "attribute out");
    if (fileref(r, n, "href", &c->file) < 0) {
        free(c->file.href);
        free(c->title);
        free(c->alt);
        return;
    }
    if (xmlHasProp(n, BAD_CAST "overlay")
        && fileref(r, n, "overlay", &c->overlay) < 0) {
        free_fileref(&c->overlay);
        memset(&c->overlay, 0, sizeof(c->overlay));
    }
    /* a map, not a scan of the earlier chapters: books have thousands */
    i = (size_t)mk_strmap_get(&r->chapter_paths, c->file.path);
    if (i) {
        mk_error(r->dc, r->file, c->file.line, 0, "chapter '%s' is "
                 "listed twice (first on line %ld)", c->file.href,
                 b->chapters[i - 1].file.line);
        free(c->file.href);
        free(c->file.path);
        free_fileref(&c->overlay);
        free(c->title);
        free(c->alt);
        return;
    }
    if (mk_strmap_put(&r->chapter_paths, c->file.path,
                      (void *)(b->n_chapters + 1)) < 0) {
        free(c->file.href);
        free(c->file.path);
        free_fileref(&c->overlay);
        free(c->title);
        free(c->alt);
        oom(r);
        return;
    }
    b->n_chapters++;
}

static void read_element(struct reader *r, xmlNodePtr n,
                         const struct vocab *v)
{
    struct mk_book *b = r->book;

    switch (v->field) {
    case F_COVER:
        fileref(r, n, "image", &b->cover);
        break;
    case F_STYLESHEET:
        if (mk_grow_array(&b->stylesheets, &r->cap_stylesheets,
                          b->n_stylesheets, sizeof(*b->stylesheets)) < 0) {
            oom(r);
            break;
        }
        if (fileref(r, n, "href", &b->stylesheets[b->n_stylesheets]) == 0)
            b->n_stylesheets++;
        else
            free(b->stylesheets[b->n_stylesheets].href);
        break;
    case F_CHAPTER:
        read_chapter(r, n);
        break;
    case F_FONT:
        read_font(r, n);
        break;
    case F_ATTRIBUTION:
        b->has_attribution = 1;
        break;
    case F_CHAPTERS: {
        char *depth = attr_of(r, n, "toc-depth");

        if (depth) {
            b->toc_depth = depth[0] >= '1' && depth[0] <= '6' && !depth[1]
                           ? depth[0] - '0' : 0;
            if (!b->toc_depth)
                mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                         "toc-depth=\"%s\": give the heading levels the "
                         "table of contents shows, 1 (h1) to 6 (h1-h6)",
                         depth);
            free(depth);
        }
        read_rendition(r, n, 1, &b->rendition);
        b->progression = attr_of(r, n, "page-progression-direction");
        if (b->progression && strcmp(b->progression, "ltr") != 0
            && strcmp(b->progression, "rtl") != 0
            && strcmp(b->progression, "default") != 0)
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                     "page-progression-direction=\"%s\": use \"rtl\" "
                     "(pages turn to the left, as in Arabic or Hebrew), "
                     "\"ltr\" or \"default\"", b->progression);
        break;
    }
    default:
        break;
    }
}

static void read_children(struct reader *r, xmlNodePtr parent)
{
    xmlNodePtr n;

    for (n = parent->children; n && !mk_diag_out_of_memory(r->dc);
         n = n->next) {
        const struct vocab *v;

        if (n->type == XML_TEXT_NODE && !xmlIsBlankNode(n)) {
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n),
                     "text directly inside <%s> is not allowed",
                     parent->name);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        v = n->ns ? NULL : lookup((const char *)parent->name,
                                  (const char *)n->name);
        if (!v) {
            unknown_element(r, n, (const char *)parent->name);
            continue;
        }
        check_attributes(r, n, v);
        if (v->single && r->seen[v->field]) {
            mk_error(r->dc, r->file, mk_xml_line(n), mk_xml_col(n), "<%s> is given "
                     "twice (first on line %ld); only one is allowed",
                     v->name, r->seen_line[v->field]);
            continue;
        }
        r->seen[v->field]++;
        if (!r->seen_line[v->field])
            r->seen_line[v->field] = mk_xml_line(n);
        if (v->text) {
            read_text_field(r, n, v);
        } else {
            read_element(r, n, v);
            read_children(r, n);
        }
    }
}

static void derive_identifier(struct reader *r, long line)
{
    struct mk_book *b = r->book;
    struct mk_buf name = MK_BUF_INIT, id = MK_BUF_INIT;
    char uuid[37];
    size_t i;

    mk_buf_adds(&name, b->title ? b->title : "");
    for (i = 0; i < b->n_creators; i++) {
        mk_buf_addc(&name, '\n');
        mk_buf_adds(&name, b->creators[i].name);
    }
    mk_uuid_v5(mk_uuid_ns_url, mk_buf_str(&name), name.len, uuid);
    mk_buf_addf(&id, "urn:uuid:%s", uuid);
    b->identifier = name.failed ? NULL : mk_buf_detach(&id, NULL);
    mk_buf_release(&name);
    mk_buf_release(&id);
    if (!b->identifier) {
        oom(r);
        return;
    }
    b->identifier_derived = 1;
    mk_warning(r->dc, r->file, line, 0, "no <identifier>: using %s, "
               "derived from the title and creators; add it to <metadata> "
               "so it stays the same if they change", b->identifier);
}

/* One identifier is the unique one: unique="yes", or the only one. */
static void check_identifiers(struct reader *r)
{
    struct mk_book *b = r->book;
    struct mk_identifier *chosen = NULL;
    size_t i, j;

    for (i = 0; i < b->n_identifiers; i++) {
        struct mk_identifier *id = &b->identifiers[i];

        for (j = 0; j < i; j++)
            if (strcmp(b->identifiers[j].value, id->value) == 0) {
                mk_error(r->dc, r->file, id->line, 0, "identifier '%s' is "
                         "given twice (first on line %ld)", id->value,
                         b->identifiers[j].line);
                break;
            }
        if (!id->unique)
            continue;
        if (chosen)
            mk_error(r->dc, r->file, id->line, 0, "a second identifier "
                     "marked unique=\"yes\" (the first is on line %ld): "
                     "a book has one unique identifier; keep unique=\"yes\" "
                     "on one of them", chosen->line);
        else
            chosen = id;
    }
    if (!chosen && b->n_identifiers == 1)
        chosen = &b->identifiers[0];
    if (!chosen && b->n_identifiers > 1)
        mk_error(r->dc, r->file, b->identifiers[0].line, 0, "%zu "
                 "identifiers and none is marked unique=\"yes\": mark the "
                 "one that names this book in every edition and format "
                 "(it becomes the package's unique-identifier)",
                 b->n_identifiers);
    if (!chosen)
        return;
    chosen->unique = 1;
    b->identifier = mk_strdup(chosen->value);
    if (!b->identifier)
        oom(r);
}

/* display-seq values differ among the creators (or contributors). */
static void check_display_seq(struct reader *r, const struct mk_person *p,
                              size_t n, const char *what)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (!p[i].display_seq)
            continue;
        for (j = 0; j < i; j++)
            if (p[j].display_seq == p[i].display_seq) {
                mk_error(r->dc, r->file, p[i].line, 0, "display-seq=\"%ld\" "
                         "is given to two %ss (first on line %ld): give "
                         "each its own place", p[i].display_seq, what,
                         p[j].line);
                break;
            }
    }
}

static int same_language(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;

        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

/* An alternate-script form must be in another language than the one
 * its name is in, the book's first (EPUB 3.3 meta-property
 * alternate-script). */
static void check_alternate(struct reader *r, const char *lang, long line)
{
    const struct mk_book *b = r->book;

    if (lang && b->n_languages && same_language(lang, b->languages[0]))
        mk_error(r->dc, r->file, line, 0, "alternate-script-lang '%s' is "
                 "the book's language: the alternate form must be in "
                 "another language or script (e.g. ja-Latn for Japanese "
                 "in Latin letters)", lang);
}

static void check_metadata(struct reader *r)
{
    const struct mk_book *b = r->book;
    size_t i;

    check_identifiers(r);
    check_display_seq(r, b->creators, b->n_creators, "creator");
    check_display_seq(r, b->contributors, b->n_contributors,
                      "contributor");
    check_alternate(r, b->title_alt_lang, r->seen_line[F_TITLE]);
    for (i = 0; i < b->n_creators; i++)
        check_alternate(r, b->creators[i].alt_lang, b->creators[i].line);
    for (i = 0; i < b->n_contributors; i++)
        check_alternate(r, b->contributors[i].alt_lang,
                        b->contributors[i].line);
}

static void check_required(struct reader *r, xmlNodePtr root)
{
    struct mk_book *b = r->book;
    long line = r->seen_line[F_METADATA] ? r->seen_line[F_METADATA]
                                         : mk_xml_line(root);

    if (!r->seen[F_METADATA])
        mk_error(r->dc, r->file, line, 0, "<metadata> is missing; it needs "
                 "at least <title> and <language>");
    else {
        if (!r->seen[F_TITLE])
            mk_error(r->dc, r->file, line, 0, "<metadata> has no <title>");
        if (!r->seen[F_LANGUAGE])
            mk_error(r->dc, r->file, line, 0, "<metadata> has no "
                     "<language> (a BCP 47 tag such as en)");
    }
    if (!r->seen[F_CHAPTERS])
        mk_error(r->dc, r->file, mk_xml_line(root), mk_xml_col(root), "<chapters> is "
                 "missing: list the chapters in reading order");
    else if (!r->seen[F_CHAPTER])
        mk_error(r->dc, r->file, r->seen_line[F_CHAPTERS], 0, "<chapters> "
                 "lists no <chapter>");
    if (!b->n_identifiers && b->title && !mk_diag_out_of_memory(r->dc))
        derive_identifier(r, line);
}

int mk_book_read(const char *file, const char *data, size_t len,
                 struct mk_diag *dc, struct mk_book *book)
{
    struct reader r;
    xmlDocPtr doc;
    xmlNodePtr root;

    memset(book, 0, sizeof(*book));
    memset(&r, 0, sizeof(r));
    r.book = book;
    r.dc = dc;
    r.file = file;
    book->file = mk_strdup(file);
    book->dir = mk_path_dirname(file);
    if (!book->file || !book->dir)
        return mk_diag_oom(dc);
    doc = mk_xml_parse(file, data, len, MK_XML_PLAIN, dc, NULL);
    if (!doc)
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!root || root->ns || strcmp((const char *)root->name, "book") != 0) {
        mk_error(dc, file, root ? mk_xml_line(root) : 1, 0, "the root "
                 "element must be <book> (no namespace), not <%s>",
                 root ? (const char *)root->name : "");
        xmlFreeDoc(doc);
        return -1;
    }
    if (root->properties)
        mk_error(dc, file, mk_xml_line(root), mk_xml_col(root), "<book> takes no "
                 "attributes");
    read_children(&r, root);
    mk_strmap_release(&r.chapter_paths);
    if (!mk_diag_out_of_memory(r.dc))
        check_metadata(&r);
    check_required(&r, root);
    book->metadata_line = r.seen_line[F_METADATA];
    book->language_line = r.seen_line[F_LANGUAGE];
    book->book_line = mk_xml_line(root);
    xmlFreeDoc(doc);
    return mk_diag_out_of_memory(r.dc) ? -1 : 0;
}

static void free_strings(char **arr, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(arr[i]);
    free(arr);
}

static void free_people(struct mk_person *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].role);
        free(p[i].file_as);
        free(p[i].alt_name);
        free(p[i].alt_lang);
    }
    free(p);
}

void mk_book_release(struct mk_book *b)
{
    size_t i;

    free(b->file);
    free(b->dir);
    free(b->title);
    free(b->title_alt);
    free(b->title_alt_lang);
    free(b->active_class);
    free(b->playback_active_class);
    free(b->subtitle);
    for (i = 0; i < b->n_identifiers; i++)
        free(b->identifiers[i].value);
    free(b->identifiers);
    for (i = 0; i < b->n_collections; i++) {
        free(b->collections[i].name);
        free(b->collections[i].position);
    }
    free(b->collections);
    free(b->progression);
    for (i = 0; i < b->n_labels; i++) {
        free(b->labels[i].key);
        free(b->labels[i].text);
    }
    free(b->labels);
    free_people(b->creators, b->n_creators);
    free_people(b->contributors, b->n_contributors);
    free_strings(b->languages, b->n_languages);
    free(b->identifier);
    free(b->publisher);
    free(b->date);
    free(b->description);
    free(b->rights);
    free(b->source);
    free_strings(b->subjects, b->n_subjects);
    free_fileref(&b->cover);
    for (i = 0; i < b->n_stylesheets; i++)
        free_fileref(&b->stylesheets[i]);
    free(b->stylesheets);
    for (i = 0; i < b->n_fonts; i++)
        free_fileref(&b->fonts[i].file);
    free(b->fonts);
    for (i = 0; i < b->n_credits; i++) {
        free(b->credits[i].what);
        free(b->credits[i].text);
    }
    free(b->credits);
    free_strings(b->notes, b->n_notes);
    for (i = 0; i < b->n_chapters; i++) {
        free_fileref(&b->chapters[i].file);
        free_fileref(&b->chapters[i].overlay);
        free(b->chapters[i].title);
        free(b->chapters[i].alt);
    }
    free(b->chapters);
    memset(b, 0, sizeof(*b));
}
