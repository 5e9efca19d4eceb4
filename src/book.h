/*
 * book.h - the book model: what book.xml says, checked.
 *
 * mk_book_read() parses book.xml, reports every problem in it (unknown
 * elements and attributes with a "did you mean", missing or repeated
 * fields, malformed language tags, dates, MARC roles, identifiers and
 * ISBNs, series, display order, label keys, chapters listed twice) and
 * fills struct mk_book.  Paths are stored both
 * as written and as display paths (relative to where mkepub runs).
 * Whether the files exist is not this module's business (build.c).
 */
#ifndef MK_BOOK_H
#define MK_BOOK_H

#include <stddef.h>

#include "mkepub.h"

struct mk_person {
    char *name;
    char *role;         /* MARC relator code or NULL */
    char *file_as;      /* or NULL */
    long display_seq;   /* display-seq="N", 1..; 0 when not given */
    char *alt_name;     /* alternate-script="..." or NULL */
    char *alt_lang;     /* alternate-script-lang="..." (set together) */
    long line;
};

enum mk_identifier_kind {
    MK_ID_OTHER,        /* written as given */
    MK_ID_UUID,         /* urn:uuid:... */
    MK_ID_ISBN10,       /* written urn:isbn:<10 digits> */
    MK_ID_ISBN13        /* written urn:isbn:<13 digits> */
};

struct mk_identifier {
    char *value;        /* as the package writes it */
    enum mk_identifier_kind kind;
    int unique;         /* the package's unique-identifier */
    long line;
};

struct mk_collection {
    char *name;
    const char *type;   /* "series" or "set" (static) */
    char *position;     /* group-position, a number, or NULL */
};

/* <labels><label key="...">text</label></labels>: the text of one of the
 * generated pages' labels (labels.h), in place of mkepub's own. */
struct mk_label_override {
    char *key;
    char *text;
    long line;
};

struct mk_credit {
    char *what;         /* for="..." or NULL */
    char *text;
};

struct mk_fileref {
    char *href;         /* as written in book.xml */
    char *path;         /* display path (book folder + href, normalised) */
    long line;
};

/* Fixed layout (EPUB 3.3 rendition properties), for the whole book on
 * <chapters> or for one page on <chapter>: each value as written and
 * checked against its table, or NULL when not given. */
struct mk_rendition {
    const char *layout;         /* "pre-paginated" or "reflowable" */
    const char *spread;         /* "none", "landscape", "both", "auto" */
    const char *orientation;    /* <chapters>: "auto", "landscape",
                                 * "portrait" */
    const char *page_spread;    /* <chapter>: "left", "right", "center" */
    long vp_width, vp_height;   /* viewport="WxH" in CSS pixels; 0 */
};

/* <font href="..." obfuscate="yes|no"/>: a font the book packages, and
 * whether it is obfuscated (obfuscate.h). */
struct mk_font_entry {
    struct mk_fileref file;
    int obfuscate;      /* obfuscate="yes" (the default) */
};

struct mk_chapter_entry {
    struct mk_fileref file;
    char *title;        /* title="..." or NULL */
    char *alt;          /* alt="...": an image page's text alternative */
    int linear;
    struct mk_rendition rendition;
    struct mk_fileref overlay;  /* overlay="...": its SMIL media overlay
                                 * (overlay.h); path NULL when none */
};

struct mk_book {
    char *file;                 /* display path of book.xml */
    long metadata_line;         /* where <metadata> starts (0: none) */
    long book_line;             /* where <book> starts */
    long language_line;         /* where the first <language> is (0) */
    char *dir;                  /* its folder */
    char *title, *subtitle;
    struct mk_person *creators, *contributors;
    size_t n_creators, n_contributors;
    char **languages;
    size_t n_languages;
    struct mk_identifier *identifiers;  /* in book order */
    size_t n_identifiers;
    char *identifier;           /* the unique identifier's value */
    int identifier_derived;     /* made as a UUID v5 (n_identifiers 0) */
    char *title_alt, *title_alt_lang;   /* the title's alternate-script */
    struct mk_collection *collections;
    size_t n_collections;
    /* <chapters page-progression-direction="...">: "ltr", "rtl",
     * "default", or NULL (then rtl when the language is written right
     * to left) */
    char *progression;
    int toc_depth;              /* <chapters toc-depth="N">, 1-6; or 0 */
    struct mk_rendition rendition;      /* <chapters layout=... > */
    struct mk_label_override *labels;
    size_t n_labels;
    char *publisher, *date, *description, *rights, *source;
    /* <media-active-class>, <media-playback-active-class> (overlay.h):
     * one CSS class name each, or NULL */
    char *active_class, *playback_active_class;
    long active_class_line, playback_active_class_line;
    char **subjects;
    size_t n_subjects;
    struct mk_fileref cover;    /* cover.path NULL when none */
    struct mk_fileref *stylesheets;
    size_t n_stylesheets;
    struct mk_font_entry *fonts;
    size_t n_fonts;
    int has_attribution;
    struct mk_credit *credits;
    size_t n_credits;
    char **notes;
    size_t n_notes;
    struct mk_chapter_entry *chapters;
    size_t n_chapters;
};

/* Reads book.xml (data, len bytes) named file.  Returns 0 when the model
 * is usable (it may still have recorded errors), -1 when not (not well-
 * formed, or out of memory).  Release the book in either case. */
int mk_book_read(const char *file, const char *data, size_t len,
                 struct mk_diag *dc, struct mk_book *book);

void mk_book_release(struct mk_book *book);

/* Whether chapter c is pre-paginated: its own layout="...", else the
 * book's. */
int mk_book_pre_paginated(const struct mk_book *book,
                          const struct mk_chapter_entry *c);

/* The viewport of chapter c from book.xml (its own, else the book's):
 * 1 with *w and *h set, or 0 when none is given. */
int mk_book_viewport(const struct mk_book *book,
                     const struct mk_chapter_entry *c, long *w, long *h);

#endif
