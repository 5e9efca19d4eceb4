/*
 * credits.c - the generated XHTML pages: the credits (attribution) page,
 * built only from what book.xml states, and the cover page.
 */
#include "marc.h"
#include "pub.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

static void pair(struct mk_buf *out, const char *term, const char *value)
{
    if (!value)
        return;
    mk_buf_adds(out, "<dt>");
    mk_buf_add_xml_text(out, term);
    mk_buf_adds(out, "</dt>\n<dd>");
    mk_buf_add_xml_text(out, value);
    mk_buf_adds(out, "</dd>\n");
}

static void people(struct mk_buf *out, const struct mk_person *p, size_t n,
                   const char *fallback)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const char *label = p[i].role ? mk_marc_label(p[i].role) : NULL;

        pair(out, label ? label : fallback, p[i].name);
    }
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
 * broken one: a URL followed by text links the URL alone). */
static void source_pair(struct mk_buf *out, const char *source)
{
    long n = leading_web_address(source);
    char *url;

    if (n < 0) {
        out->failed = 1;
        return;
    }
    if (n == 0) {
        pair(out, "Source", source);
        return;
    }
    url = mk_strndup(source, (size_t)n);
    if (!url) {
        out->failed = 1;
        return;
    }
    mk_buf_adds(out, "<dt>Source</dt>\n<dd><a href=\"");
    mk_buf_add_xml_attr(out, url);
    mk_buf_adds(out, "\">");
    mk_buf_add_xml_text(out, url);
    mk_buf_adds(out, "</a>");
    mk_buf_add_xml_text(out, source + n);
    mk_buf_adds(out, "</dd>\n");
    free(url);
}

int mk_credits_write(const struct mk_pub *pub, struct mk_buf *out)
{
    const struct mk_book *b = pub->book;
    size_t i;

    mk_pub_xhtml_open(pub, out, "Credits", NULL);
    mk_buf_adds(out, "<section epub:type=\"credits\" role=\"doc-credits\" "
                "id=\"credits\">\n<h1>Credits</h1>\n<p class=\"book-title\">"
                "<cite>");
    mk_buf_add_xml_text(out, b->title);
    mk_buf_adds(out, "</cite>");
    if (b->subtitle) {
        mk_buf_adds(out, ": ");
        mk_buf_add_xml_text(out, b->subtitle);
    }
    mk_buf_adds(out, "</p>\n<dl>\n");
    people(out, b->creators, b->n_creators, "Creator");
    people(out, b->contributors, b->n_contributors, "Contributor");
    pair(out, "Publisher", b->publisher);
    pair(out, "Published", b->date);
    if (b->source)
        source_pair(out, b->source);
    pair(out, "Rights", b->rights);
    for (i = 0; i < b->n_credits; i++)
        pair(out, b->credits[i].what ? b->credits[i].what : "Credit",
             b->credits[i].text);
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
    mk_pub_xhtml_open(pub, out, "Cover", "epub:type=\"cover\"");
    mk_buf_adds(out, "<div class=\"cover\"><img src=\"");
    mk_pub_add_href(out, pub->cover_image);
    mk_buf_adds(out, "\" alt=\"Cover: ");
    mk_buf_add_xml_attr(out, pub->book->title);
    mk_buf_adds(out, "\"/></div>\n");
    mk_pub_xhtml_close(out);
    return out->failed ? -1 : 0;
}
