/*
 * credits.c - the generated XHTML pages: the credits (attribution) page,
 * built only from what book.xml states, and the cover page, in the
 * book's language and direction, with the labels of labels.c.
 */
#include "lang.h"
#include "pub.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

static void pair_label(const struct mk_pub *pub, struct mk_buf *out,
                       struct mk_label_text term, const char *value)
{
    if (!value)
        return;
    mk_buf_adds(out, "<dt>");
    mk_pub_add_label(pub, out, term);
    mk_buf_adds(out, "</dt>\n<dd>");
    mk_buf_add_xml_text(out, value);
    mk_buf_adds(out, "</dd>\n");
}

static void pair(const struct mk_pub *pub, struct mk_buf *out,
                 enum mk_label term, const char *value)
{
    pair_label(pub, out, mk_labels_get(pub->book, term), value);
}

/* The people in display order: display-seq first (ascending), then the
 * others in book order. */
static void people(const struct mk_pub *pub, struct mk_buf *out,
                   const struct mk_person *p, size_t n,
                   enum mk_label fallback)
{
    long seq, next = 0;
    size_t i;

    /* each display-seq is unique (book.c), so walk them upwards */
    for (;;) {
        seq = next;
        next = 0;
        for (i = 0; i < n; i++) {
            if (p[i].display_seq == seq && seq)
                pair_label(pub, out,
                           mk_labels_role(pub->book, p[i].role, fallback),
                           p[i].name);
            if (p[i].display_seq > seq
                && (!next || p[i].display_seq < next))
                next = p[i].display_seq;
        }
        if (!next)
            break;
    }
    for (i = 0; i < n; i++)
        if (!p[i].display_seq)
            pair_label(pub, out,
                       mk_labels_role(pub->book, p[i].role, fallback),
                       p[i].name);
}

/* Characters that end a sentence rather than an address. */
static const char trailing_punctuation[] = ".,;:!?)]'\"";

/* The length of the web address source starts with, or 0: the first
 * word, without trailing punctuation, when it is a whole valid http(s)
 * URL ("https://x.org/a (retrieved 2020)" -> "https://x.org/a").  -1
 * when memory ran out. */
static long leading_web_address(const char *source)
{
    size_t n = strcspn(source, " \t\n\r\f");
    char *word;
    struct mk_url u;
    long len = 0;

    while (n > 0 && strchr(trailing_punctuation, source[n - 1]))
        n--;
    word = mk_strndup(source, n);
    if (!word)
        return -1;
    if (mk_url_parse(word, &u) < 0) {
        free(word);
        return -1;
    }
    if (u.status == MK_URL_OK && mk_url_is_web(&u) && u.path[0] == '/'
        && u.path[1] == '/' && u.path[2] && u.path[2] != '/')
        len = (long)n;
    mk_url_release(&u);
    free(word);
    return len;
}

/* The source: its leading web address, if any, as a link (never a
 * broken one: a URL followed by text links the URL alone), kept left
 * to right on a right-to-left page. */
static void source_pair(const struct mk_pub *pub, struct mk_buf *out,
                        const char *source)
{
    long n = leading_web_address(source);
    char *url;

    if (n < 0) {
        out->failed = 1;
        return;
    }
    if (n == 0) {
        pair(pub, out, MK_LABEL_SOURCE, source);
        return;
    }
    url = mk_strndup(source, (size_t)n);
    if (!url) {
        out->failed = 1;
        return;
    }
    mk_buf_adds(out, "<dt>");
    mk_pub_add_label(pub, out, mk_labels_get(pub->book, MK_LABEL_SOURCE));
    mk_buf_addf(out, "</dt>\n<dd><a%s href=\"",
                mk_lang_is_rtl(pub->book->languages[0]) ? " dir=\"ltr\""
                                                        : "");
    mk_buf_add_xml_attr(out, url);
    mk_buf_adds(out, "\">");
    mk_buf_add_xml_text(out, url);
    mk_buf_adds(out, "</a>");
    mk_buf_add_xml_text(out, source + n);
    mk_buf_adds(out, "</dd>\n");
    free(url);
}

/* Each collection: its name, and its position in parentheses. */
static void collections(const struct mk_pub *pub, struct mk_buf *out)
{
    const struct mk_book *b = pub->book;
    size_t i;

    for (i = 0; i < b->n_collections; i++) {
        const struct mk_collection *c = &b->collections[i];

        mk_buf_adds(out, "<dt>");
        mk_pub_add_label(pub, out, mk_labels_get(b, MK_LABEL_SERIES));
        mk_buf_adds(out, "</dt>\n<dd>");
        mk_buf_add_xml_text(out, c->name);
        if (c->position) {
            mk_buf_adds(out, " (");
            mk_buf_add_xml_text(out, c->position);
            mk_buf_adds(out, ")");
        }
        mk_buf_adds(out, "</dd>\n");
    }
}

/* Each ISBN, as its digits. */
static void isbns(const struct mk_pub *pub, struct mk_buf *out)
{
    const struct mk_book *b = pub->book;
    size_t i;

    for (i = 0; i < b->n_identifiers; i++)
        if (b->identifiers[i].kind == MK_ID_ISBN10
            || b->identifiers[i].kind == MK_ID_ISBN13)
            pair(pub, out, MK_LABEL_ISBN,
                 b->identifiers[i].value + strlen("urn:isbn:"));
}

int mk_credits_write(const struct mk_pub *pub, struct mk_buf *out)
{
    const struct mk_book *b = pub->book;
    struct mk_label_text credits = mk_labels_get(b, MK_LABEL_CREDITS);
    size_t i;

    mk_pub_xhtml_open(pub, out, credits.text, NULL);
    mk_buf_adds(out, "<section epub:type=\"credits\" role=\"doc-credits\" "
                "id=\"credits\">\n<h1>");
    mk_pub_add_label(pub, out, credits);
    mk_buf_adds(out, "</h1>\n<p class=\"book-title\"><cite>");
    mk_buf_add_xml_text(out, b->title);
    mk_buf_adds(out, "</cite>");
    if (b->subtitle) {
        mk_buf_adds(out, ": ");
        mk_buf_add_xml_text(out, b->subtitle);
    }
    mk_buf_adds(out, "</p>\n<dl>\n");
    people(pub, out, b->creators, b->n_creators, MK_LABEL_CREATOR);
    people(pub, out, b->contributors, b->n_contributors,
           MK_LABEL_CONTRIBUTOR);
    collections(pub, out);
    pair(pub, out, MK_LABEL_PUBLISHER, b->publisher);
    pair(pub, out, MK_LABEL_PUBLISHED, b->date);
    isbns(pub, out);
    if (b->source)
        source_pair(pub, out, b->source);
    pair(pub, out, MK_LABEL_RIGHTS, b->rights);
    for (i = 0; i < b->n_credits; i++) {
        struct mk_label_text what = { b->credits[i].what, NULL };

        if (!what.text)
            what = mk_labels_get(b, MK_LABEL_CREDIT);
        pair_label(pub, out, what, b->credits[i].text);
    }
    mk_buf_adds(out, "</dl>\n");
    for (i = 0; i < b->n_notes; i++) {
        mk_buf_adds(out, "<p class=\"note\">");
        mk_buf_add_xml_text(out, b->notes[i]);
        mk_buf_adds(out, "</p>\n");
    }
    mk_buf_adds(out, "</section>\n");
    mk_pub_xhtml_close(out);
    return out->failed ? -1 : 0;
}

int mk_cover_page_write(const struct mk_pub *pub, struct mk_buf *out)
{
    struct mk_label_text cover = mk_labels_get(pub->book, MK_LABEL_COVER);

    mk_pub_xhtml_open(pub, out, cover.text, "epub:type=\"cover\"");
    mk_buf_adds(out, "<div class=\"cover\"><img src=\"");
    mk_pub_add_href(out, pub->cover_image);
    mk_buf_adds(out, "\" alt=\"");
    mk_buf_add_xml_attr(out, cover.text);
    mk_buf_adds(out, ": ");
    mk_buf_add_xml_attr(out, pub->book->title);
    mk_buf_adds(out, "\"/></div>\n");
    mk_pub_xhtml_close(out);
    return out->failed ? -1 : 0;
}
