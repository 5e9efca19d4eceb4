/*
 * opf.c - the package document (content.opf, EPUB 3.3): metadata from
 * book.xml with refinements (roles, file-as, display-seq, alternate
 * scripts, ISBN identifier types, collections), dcterms:modified,
 * accessibility metadata that is true of the content read, the
 * manifest with properties found in the files, and the spine with its
 * page progression direction.  See pub.h.
 */
#include "lang.h"
#include "overlay.h"
#include "pub.h"

#include <stdio.h>
#include <string.h>

/* Appends the Dublin Core element <dc:name id="id">value</dc:name>;
 * nothing when value is NULL, no id attribute when id is NULL. */
static void dc_element(struct mk_buf *out, const char *name,
                       const char *id, const char *value)
{
    if (!value)
        return;
    mk_buf_addf(out, "    <dc:%s", name);
    if (id)
        mk_buf_addf(out, " id=\"%s\"", id);
    mk_buf_adds(out, ">");
    mk_buf_add_xml_text(out, value);
    mk_buf_addf(out, "</dc:%s>\n", name);
}

static void meta(struct mk_buf *out, const char *refines,
                 const char *property, const char *scheme, const char *value)
{
    mk_buf_adds(out, "    <meta");
    if (refines)
        mk_buf_addf(out, " refines=\"#%s\"", refines);
    mk_buf_addf(out, " property=\"%s\"", property);
    if (scheme)
        mk_buf_addf(out, " scheme=\"%s\"", scheme);
    mk_buf_adds(out, ">");
    mk_buf_add_xml_text(out, value);
    mk_buf_adds(out, "</meta>\n");
}

/* <meta refines="#id" property="alternate-script" xml:lang="...">. */
static void alternate_script(struct mk_buf *out, const char *refines,
                             const char *name, const char *lang)
{
    if (!name || !lang)
        return;
    mk_buf_addf(out, "    <meta refines=\"#%s\" property=\"alternate-script\""
                " xml:lang=\"", refines);
    mk_buf_add_xml_attr(out, lang);
    mk_buf_addc(out, '"');
    if (mk_lang_is_rtl(lang))
        mk_buf_adds(out, " dir=\"rtl\"");
    mk_buf_adds(out, ">");
    mk_buf_add_xml_text(out, name);
    mk_buf_adds(out, "</meta>\n");
}

static void people(struct mk_buf *out, const char *element,
                   const struct mk_person *p, size_t n)
{
    size_t i;
    char id[48];

    for (i = 0; i < n; i++) {
        snprintf(id, sizeof(id), "%s-%zu", element, i + 1);
        dc_element(out, element, id, p[i].name);
        if (p[i].role)
            meta(out, id, "role", "marc:relators", p[i].role);
        if (p[i].file_as)
            meta(out, id, "file-as", NULL, p[i].file_as);
        if (p[i].display_seq) {
            char seq[24];

            snprintf(seq, sizeof(seq), "%ld", p[i].display_seq);
            meta(out, id, "display-seq", NULL, seq);
        }
        alternate_script(out, id, p[i].alt_name, p[i].alt_lang);
    }
}

/* Every identifier; the unique one is "pub-id".  ISBNs say which they
 * are with ONIX code list 5 (02 ISBN-10, 15 ISBN-13). */
static void identifiers(const struct mk_book *b, struct mk_buf *out)
{
    size_t i, other = 0;
    char id[32];

    if (!b->n_identifiers) {
        dc_element(out, "identifier", "pub-id", b->identifier);
        return;
    }
    for (i = 0; i < b->n_identifiers; i++) {
        const struct mk_identifier *x = &b->identifiers[i];

        if (x->unique)
            snprintf(id, sizeof(id), "pub-id");
        else
            snprintf(id, sizeof(id), "identifier-%zu", ++other);
        dc_element(out, "identifier", id, x->value);
        if (x->kind == MK_ID_ISBN10 || x->kind == MK_ID_ISBN13)
            meta(out, id, "identifier-type", "onix:codelist5",
                 x->kind == MK_ID_ISBN10 ? "02" : "15");
    }
}

static void collections(const struct mk_book *b, struct mk_buf *out)
{
    size_t i;
    char id[32];

    for (i = 0; i < b->n_collections; i++) {
        const struct mk_collection *c = &b->collections[i];

        snprintf(id, sizeof(id), "collection-%zu", i + 1);
        mk_buf_addf(out, "    <meta property=\"belongs-to-collection\" "
                    "id=\"%s\">", id);
        mk_buf_add_xml_text(out, c->name);
        mk_buf_adds(out, "</meta>\n");
        if (c->type)
            meta(out, id, "collection-type", NULL, c->type);
        if (c->position)
            meta(out, id, "group-position", NULL, c->position);
    }
}

/* Nonzero when the book's first language is not English: mkepub's own
 * English text (the accessibility summary) then says so. */
static int foreign(const struct mk_book *b)
{
    const char *l = b->languages[0];

    return !((l[0] == 'e' || l[0] == 'E') && (l[1] == 'n' || l[1] == 'N')
             && (l[2] == '\0' || l[2] == '-'));
}

static void accessibility(const struct mk_pub *pub, struct mk_buf *out)
{
    struct mk_buf summary = MK_BUF_INIT;
    /* pub->images counts inline SVG drawings as well as <img> */
    int visual = pub->images > 0 || pub->cover_image;
    int all_alt = pub->images_without_alt == 0;
    int headings = 0;
    size_t i;

    for (i = 0; i < pub->n_chapters; i++)
        if (pub->chapters[i].info.n_headings)
            headings = 1;

    meta(out, NULL, "schema:accessMode", NULL, "textual");
    if (visual)
        meta(out, NULL, "schema:accessMode", NULL, "visual");
    /* media overlays read the text aloud */
    if (pub->overlays)
        meta(out, NULL, "schema:accessMode", NULL, "auditory");
    if (all_alt)
        meta(out, NULL, "schema:accessModeSufficient", NULL, "textual");
    if (visual)
        meta(out, NULL, "schema:accessModeSufficient", NULL,
             "textual,visual");
    /* headings mark the structure only if the chapters have some */
    if (headings)
        meta(out, NULL, "schema:accessibilityFeature", NULL,
             "structuralNavigation");
    meta(out, NULL, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta(out, NULL, "schema:accessibilityFeature", NULL, "readingOrder");
    if (visual && all_alt)
        meta(out, NULL, "schema:accessibilityFeature", NULL,
             "alternativeText");
    if (pub->props & MK_PROP_MATHML)
        meta(out, NULL, "schema:accessibilityFeature", NULL, "MathML");
    if (pub->overlays)
        meta(out, NULL, "schema:accessibilityFeature", NULL,
             "synchronizedAudioText");
    if (pub->pagebreaks) {
        meta(out, NULL, "schema:accessibilityFeature", NULL,
             "pageBreakMarkers");
        meta(out, NULL, "schema:accessibilityFeature", NULL,
             "pageNavigation");
    }
    /* nothing but text and still images can be vouched for */
    meta(out, NULL, "schema:accessibilityHazard", NULL,
         pub->has_media || (pub->props & MK_PROP_SCRIPTED) ? "unknown"
                                                            : "none");
    mk_buf_addf(&summary, "This publication has %zu chapter%s in reading "
                "order, with a table of contents%s for navigation.",
                pub->n_chapters, pub->n_chapters == 1 ? "" : "s",
                headings ? ", landmarks and headings" : " and landmarks");
    if (pub->images == 1)
        mk_buf_addf(&summary, " The one image in the text has %s text "
                    "alternative.", all_alt ? "a" : "no");
    else if (pub->images && all_alt)
        mk_buf_addf(&summary, " All %zu images in the text have text "
                    "alternatives.", pub->images);
    else if (pub->images)
        mk_buf_addf(&summary, " %zu of %zu images in the text %s no text "
                    "alternative.", pub->images_without_alt, pub->images,
                    pub->images_without_alt == 1 ? "has" : "have");
    if (pub->cover_image)
        mk_buf_adds(&summary, " The cover image has a text alternative.");
    if (pub->overlays == pub->n_chapters)
        mk_buf_adds(&summary, " Every chapter has a media overlay: "
                    "recorded narration synchronized with the text.");
    else if (pub->overlays)
        mk_buf_addf(&summary, " %zu of the %zu chapters have a media "
                    "overlay: recorded narration synchronized with the "
                    "text.", pub->overlays, pub->n_chapters);
    /* "the print source" only when book.xml names one (dc:source) */
    if (pub->pagebreaks && pub->book->source)
        mk_buf_adds(&summary, " Page-break markers and a page list match "
                    "the print source.");
    else if (pub->pagebreaks)
        mk_buf_adds(&summary, " It has page-break markers and a page "
                    "list.");
    if (foreign(pub->book)) {
        /* mkepub writes the summary in English whatever the book's
         * language, and says so */
        mk_buf_addf(out, "    <meta property=\"schema:accessibilitySummary\""
                    " xml:lang=\"en\"%s>",
                    mk_lang_is_rtl(pub->book->languages[0])
                    ? " dir=\"ltr\"" : "");
        mk_buf_add_xml_text(out, mk_buf_str(&summary));
        mk_buf_adds(out, "</meta>\n");
    } else {
        meta(out, NULL, "schema:accessibilitySummary", NULL,
             mk_buf_str(&summary));
    }
    if (summary.failed)
        out->failed = 1;
    mk_buf_release(&summary);
}

/* Media overlays: each overlay's duration and their total (EPUBCheck
 * checks that they add up, MED-016), as full clock values; the CSS
 * classes book.xml names. */
static void overlays(const struct mk_pub *pub, struct mk_buf *out)
{
    char clock[32];
    size_t i;

    if (!pub->overlays)
        return;
    mk_overlay_format_clock(pub->overlay_duration, clock, sizeof(clock));
    meta(out, NULL, "media:duration", NULL, clock);
    for (i = 0; i < pub->n_chapters; i++) {
        const struct mk_item *it = pub->chapters[i].item->overlay;

        if (!it)
            continue;
        mk_overlay_format_clock(it->duration, clock, sizeof(clock));
        meta(out, it->id, "media:duration", NULL, clock);
    }
    if (pub->book->active_class)
        meta(out, NULL, "media:active-class", NULL,
             pub->book->active_class);
    if (pub->book->playback_active_class)
        meta(out, NULL, "media:playback-active-class", NULL,
             pub->book->playback_active_class);
}

static void metadata(const struct mk_pub *pub, struct mk_buf *out)
{
    const struct mk_book *b = pub->book;
    size_t i;

    mk_buf_adds(out, "  <metadata xmlns:dc=\"http://purl.org/dc/elements/"
                "1.1/\">\n");
    identifiers(b, out);
    dc_element(out, "title", "title", b->title);
    alternate_script(out, "title", b->title_alt, b->title_alt_lang);
    if (b->subtitle) {
        meta(out, "title", "title-type", NULL, "main");
        dc_element(out, "title", "subtitle", b->subtitle);
        meta(out, "subtitle", "title-type", NULL, "subtitle");
    }
    people(out, "creator", b->creators, b->n_creators);
    people(out, "contributor", b->contributors, b->n_contributors);
    collections(b, out);
    for (i = 0; i < b->n_languages; i++)
        dc_element(out, "language", NULL, b->languages[i]);
    dc_element(out, "publisher", NULL, b->publisher);
    dc_element(out, "date", NULL, b->date);
    dc_element(out, "description", NULL, b->description);
    for (i = 0; i < b->n_subjects; i++)
        dc_element(out, "subject", NULL, b->subjects[i]);
    dc_element(out, "rights", NULL, b->rights);
    dc_element(out, "source", "source", b->source);
    if (b->source && pub->pagebreaks)
        meta(out, "source", "source-of", NULL, "pagination");
    meta(out, NULL, "dcterms:modified", NULL, pub->modified);
    /* the rendition prefix is reserved in EPUB 3: not declared */
    if (b->rendition.layout)
        meta(out, NULL, "rendition:layout", NULL, b->rendition.layout);
    if (b->rendition.spread)
        meta(out, NULL, "rendition:spread", NULL, b->rendition.spread);
    if (b->rendition.orientation)
        meta(out, NULL, "rendition:orientation", NULL,
             b->rendition.orientation);
    accessibility(pub, out);
    overlays(pub, out);
    if (pub->cover_image)
        mk_buf_addf(out, "    <meta name=\"cover\" content=\"%s\"/>\n",
                    pub->cover_image->id);
    mk_buf_adds(out, "  </metadata>\n");
}

static void item_properties(struct mk_buf *out, unsigned props)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {
        { MK_ITEM_COVER_IMAGE, "cover-image" }, { MK_PROP_MATHML, "mathml" },
        { MK_ITEM_NAV, "nav" }, { MK_PROP_REMOTE, "remote-resources" },
        { MK_PROP_SCRIPTED, "scripted" }, { MK_PROP_SVG, "svg" },
    };
    const char *sep = " properties=\"";
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (props & names[i].bit) {
            mk_buf_adds(out, sep);
            mk_buf_adds(out, names[i].name);
            sep = " ";
        }
    if (sep[0] == ' ' && sep[1] == '\0')
        mk_buf_addc(out, '"');
}

/* <itemref>, with a chapter's own rendition (c NULL: a generated
 * page, which takes the book's). */
static void itemref(struct mk_buf *out, const struct mk_item *item,
                    int linear, const struct mk_rendition *c)
{
    const char *sep = " properties=\"";

    mk_buf_addf(out, "    <itemref idref=\"%s\"%s", item->id,
                linear ? "" : " linear=\"no\"");
    if (c && c->layout) {
        mk_buf_addf(out, "%srendition:layout-%s", sep, c->layout);
        sep = " ";
    }
    if (c && c->spread) {
        mk_buf_addf(out, "%srendition:spread-%s", sep, c->spread);
        sep = " ";
    }
    if (c && c->page_spread) {
        /* center only has the rendition: prefix (EPUB 3.3) */
        mk_buf_addf(out, "%s%spage-spread-%s", sep,
                    strcmp(c->page_spread, "center") == 0 ? "rendition:"
                                                          : "",
                    c->page_spread);
        sep = " ";
    }
    mk_buf_adds(out, sep[0] == ' ' && sep[1] == '\0' ? "\"/>\n" : "/>\n");
}

/* book.xml's page-progression-direction, else rtl for a language
 * written right to left, else none (the reading system's default). */
static const char *progression(const struct mk_book *b)
{
    if (b->progression)
        return b->progression;
    return mk_lang_is_rtl(b->languages[0]) ? "rtl" : NULL;
}

int mk_opf_write(const struct mk_pub *pub, struct mk_buf *out)
{
    /* the cover, nav and credits pages flow in a fixed-layout book */
    const struct mk_rendition reflow = {
        pub->book->rendition.layout
        && strcmp(pub->book->rendition.layout, "pre-paginated") == 0
        ? "reflowable" : NULL, NULL, NULL, NULL, 0, 0
    };
    size_t i;

    mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<package xmlns=\"http://www.idpf.org/2007/opf\" "
                "version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"");
    mk_buf_add_xml_attr(out, pub->book->languages[0]);
    mk_buf_addf(out, "\"%s>\n", mk_lang_is_rtl(pub->book->languages[0])
                                 ? " dir=\"rtl\"" : "");
    metadata(pub, out);
    mk_buf_adds(out, "  <manifest>\n");
    for (i = 0; i < pub->n_items; i++) {
        const struct mk_item *it = pub->items[i];

        mk_buf_addf(out, "    <item id=\"%s\" href=\"", it->id);
        mk_pub_add_href(out, it);
        mk_buf_adds(out, "\" media-type=\"");
        mk_buf_add_xml_attr(out, it->media_type);
        mk_buf_addc(out, '"');
        if (it->fallback)
            mk_buf_addf(out, " fallback=\"%s\"", it->fallback->id);
        if (it->overlay)
            mk_buf_addf(out, " media-overlay=\"%s\"", it->overlay->id);
        item_properties(out, it->props);
        mk_buf_adds(out, "/>\n");
    }
    mk_buf_addf(out, "  </manifest>\n  <spine%s", pub->ncx ? " toc=\"ncx\""
                                                        : "");
    if (progression(pub->book))
        mk_buf_addf(out, " page-progression-direction=\"%s\"",
                    progression(pub->book));
    mk_buf_adds(out, ">\n");
    if (pub->cover_page)
        itemref(out, pub->cover_page, 1, &reflow);
    itemref(out, pub->nav, 0, &reflow);
    for (i = 0; i < pub->n_chapters; i++)
        itemref(out, pub->chapters[i].item, pub->chapters[i].entry->linear,
                &pub->chapters[i].entry->rendition);
    if (pub->credits)
        itemref(out, pub->credits, 1, &reflow);
    mk_buf_adds(out, "  </spine>\n</package>\n");
    return out->failed ? -1 : 0;
}
