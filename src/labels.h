/*
 * labels.h - the words on the pages mkepub generates.
 *
 * Owns every label the navigation document, the cover page and the
 * credits page show ("Contents", "Cover", "Start of content", "Credits",
 * the credit lines' terms and the roles of creators and contributors),
 * in English and in the book's language for the languages it has a
 * table row for, and the keys by which book.xml's <labels> replaces
 * them.  It knows nothing of markup: the writers decide where a label
 * goes and mark a label that is not in the book's language with its
 * own lang.
 */
#ifndef MK_LABELS_H
#define MK_LABELS_H

#include <stddef.h>

#include "book.h"

enum mk_label {
    MK_LABEL_CONTENTS,      /* "Contents": nav heading, toc landmark */
    MK_LABEL_LANDMARKS,     /* "Landmarks": the landmarks' heading */
    MK_LABEL_PAGES,         /* "Pages": the page list's heading */
    MK_LABEL_COVER,         /* "Cover": cover page title, landmark */
    MK_LABEL_START,         /* "Start of content": bodymatter landmark */
    MK_LABEL_CREDITS,       /* "Credits": credits page, its toc entry */
    MK_LABEL_CREATOR,       /* a creator without a role */
    MK_LABEL_CONTRIBUTOR,   /* a contributor without a role */
    MK_LABEL_PUBLISHER,
    MK_LABEL_PUBLISHED,     /* the date */
    MK_LABEL_SOURCE,
    MK_LABEL_RIGHTS,
    MK_LABEL_CREDIT,        /* a <credit> without for="..." */
    MK_LABEL_SERIES,        /* a collection of type series or set */
    MK_LABEL_ISBN,
    MK_LABEL_COUNT
};

/* A label and the language it is in: lang is NULL when the text is in
 * the book's language (a table row or book.xml's own), else the
 * language it falls back to ("en"), for a lang attribute. */
struct mk_label_text {
    const char *text;
    const char *lang;
};

/* The label for the book: book.xml's <label key="..."> if given, else
 * the table's in the book's first language, else the English one. */
struct mk_label_text mk_labels_get(const struct mk_book *book,
                                   enum mk_label which);

/* The label of a person's role (a MARC relator code) for the book:
 * book.xml's <label key="role-CODE">, else the table's, else the MARC
 * list's English label.  A NULL or unknown code gives the label
 * which_if_none (MK_LABEL_CREATOR or MK_LABEL_CONTRIBUTOR). */
struct mk_label_text mk_labels_role(const struct mk_book *book,
                                    const char *code,
                                    enum mk_label which_if_none);

/* The key of a label as book.xml names it ("contents"). */
const char *mk_labels_key(enum mk_label which);

/* 1 if book.xml may set the label key: a name of mk_labels_key(), or
 * "role-" and a MARC relator code ("role-trl"); 0 if not. */
int mk_labels_key_is_known(const char *key);

/* A known key close to a wrong one ("content" -> "contents"), or NULL.
 * Static. */
const char *mk_labels_suggest(const char *key);

/* The language tags of the table, lowercase and sorted: the i-th, or
 * NULL past the last. */
const char *mk_labels_language(size_t i);

/* The table row's tag that a language tag uses ("zh-TW" -> "zh-hant",
 * "pt-BR" -> "pt"), or NULL when it has none (English then). */
const char *mk_labels_row_for(const char *tag);

#endif /* MK_LABELS_H */
