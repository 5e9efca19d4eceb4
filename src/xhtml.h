/*
 * xhtml.h - loading a chapter and making it a proper EPUB XHTML content
 * document, and reading what it contains.
 *
 * mk_xhtml_load() parses (full document or body fragment), reports every
 * problem it can see inside the one file, and normalises the tree: XHTML
 * namespace, the epub namespace on <html> where used, lang/xml:lang,
 * <title>, links to the book's stylesheets, ids on h1-h3 and page breaks
 * (kept beside the elements, not as attributes, and written by
 * mk_xhtml_serialize(): a chapter of many headings costs less).
 * It records what the build needs (headings, ids, references, manifest
 * properties) in struct mk_xhtml_info.  With spec->prune the children of
 * <body> are checked as they are parsed and those nothing later looks up
 * are freed (kept serialised where the tree is written), so a large
 * chapter never holds its whole tree.  Cross-file checks are not done
 * here (see build.c): this module knows one file only.
 */
#ifndef MK_XHTML_H
#define MK_XHTML_H

#include <stddef.h>
#include <libxml/tree.h>

#include "buf.h"
#include "mkepub.h"

enum mk_prop {
    MK_PROP_SVG = 1,
    MK_PROP_MATHML = 2,
    MK_PROP_SCRIPTED = 4,
    MK_PROP_REMOTE = 8
};

enum mk_ref_kind {
    MK_REF_LINK,        /* a, area, svg:a href: a hyperlink (a chapter) */
    MK_REF_CITE,        /* blockquote, q, ins, del cite: a source named,
                         * not followed; checked like a link */
    MK_REF_FRAME,       /* iframe src: a chapter or a resource */
    MK_REF_EMBED,       /* img (src, srcset), picture source srcset,
                         * object, embed, input, track, poster,
                         * svg:image, math altimg */
    MK_REF_SYMBOL,      /* svg:use: an element here or in an SVG file */
    MK_REF_MEDIA,       /* audio, video, source (may be remote) */
    MK_REF_STYLESHEET,  /* link rel=stylesheet */
    MK_REF_OTHER,       /* link of another rel: packed when local */
    MK_REF_SCRIPT,      /* script src */
    MK_REF_CSS_URL      /* url() / @import in inline CSS */
};

/* The strings of headings and page breaks live in the info's pool
 * (struct mk_xhtml_info strings): they are not freed one by one. */
struct mk_heading {
    int level;          /* 1..3 */
    char *id;
    char *text;
};

struct mk_ref {
    enum mk_ref_kind kind;
    char *url;          /* the reference as written (one srcset URL) */
    long line, col;     /* of the element (col 0: not known) */
    const char *element;    /* static name, for messages */
    const char *attr;       /* static attribute name, for messages */
    char *type;         /* the media type an <object>, <embed> or <link>
                         * declares (type=, as written), or NULL */
    int fallback;       /* an <object> with fallback content (text or an
                         * image inside it) */
};

struct mk_pagebreak {
    char *id;
    char *label;
};

/* <a epub:type="noteref" href="...">: a link to a note. */
struct mk_noteref {
    char *href;
    long line, col;
};

struct mk_xhtml_info {
    char *title;                /* for <title>, the nav and the NCX */
    struct mk_heading *headings;
    size_t n_headings, cap_headings;
    char **ids;                 /* every id, sorted after loading: those
                                 * written in id_strings, those mkepub
                                 * gives in strings */
    size_t n_ids, cap_ids;
    struct mk_strpool strings;  /* headings', page breaks' and the given
                                 * ids' strings */
    struct mk_strpool id_strings;   /* the file's own ids (dropped with
                                     * the links) */
    struct mk_ref *refs;
    size_t n_refs, cap_refs;
    struct mk_pagebreak *pagebreaks;
    size_t n_pagebreaks, cap_pagebreaks;
    unsigned props;             /* enum mk_prop bits found in the file */
    size_t images, images_without_alt;
    struct mk_noteref *noterefs;    /* dropped with the links */
    size_t n_noterefs, cap_noterefs;
    char **note_ids;            /* ids of elements of epub:type footnote
                                 * or endnote, sorted; dropped too */
    size_t n_note_ids, cap_note_ids;
    int viewport;               /* its head has <meta name="viewport"> */
};

/* What mk_xhtml_load() keeps of <body> while it parses (a chapter of
 * many parts then never holds its whole tree). */
/* Gives the new form of a reference (url as written) as a malloc'ed
 * string, or NULL to leave it as it is; sets *failed when memory ran
 * out. */
typedef char *(*mk_xhtml_map_fn)(void *ctx, const char *url, int *failed);

/* How a chapter's references are rewritten (mk_xhtml_rewrite_links()):
 * map() for every reference, link_map() for hyperlinks. */
struct mk_xhtml_relink {
    mk_xhtml_map_fn map;
    mk_xhtml_map_fn link_map;
    void *ctx;
};

enum mk_xhtml_prune {
    MK_XHTML_WHOLE,         /* the whole tree */
    MK_XHTML_PRUNE,         /* each child of <body> that nothing later
                             * looks up in the tree (no ids or epub:
                             * attributes: see prunable()) is checked as
                             * soon as it is complete and then freed:
                             * the tree is not written */
    MK_XHTML_PRUNE_KEEP     /* the same, and the freed children are kept
                             * serialised in the tree, where
                             * mk_xhtml_serialize() writes them */
};

/* What the book says about this chapter. */
struct mk_xhtml_spec {
    const char *path;           /* display path, for diagnostics */
    const char *title;          /* title="..." from book.xml, or NULL */
    const char *lang;           /* the book's first language */
    const char *const *stylesheets;  /* hrefs relative to the chapter */
    size_t n_stylesheets;
    int epub33_only;            /* EPUB 3.3 rules alone (--epub 3.3) */
    int heading_depth;          /* headings h1..hN are collected (and
                                 * given ids); 3 to 6 */
    const struct mk_markdown *md;   /* the text came from this Markdown
                                     * file (positions mapped), or NULL */
    volatile sig_atomic_t *cancel;  /* nonzero: give up soon (NULL:
                                     * never) */
    int check_only;             /* the document is checked, never
                                 * written: the ids given to headings and
                                 * page breaks are only in info, not kept
                                 * for mk_xhtml_serialize() */
    const char *viewport;       /* "width=W, height=H": a fixed-layout
                                 * page's viewport, added as <meta
                                 * name="viewport"> when it has none */
    int fixed;                  /* a fixed-layout (pre-paginated) page:
                                 * its own viewport is checked */
    enum mk_xhtml_prune prune;  /* what of <body> is kept while parsing */
    const struct mk_xhtml_relink *relink;   /* the references are
                                 * rewritten with these once checked
                                 * (each part of <body> before it is
                                 * freed), or NULL */
};

/* Parses and normalises a chapter.  Returns the document (xmlFreeDoc) or
 * NULL when it cannot be used; every problem is in dc.  When *spec->cancel
 * becomes nonzero, it stops between two pieces of parsing or two passes
 * and returns NULL (the caller reports the interruption).  info, if not
 * NULL, receives what the chapter contains (release it with
 * mk_xhtml_info_release() whatever the result). */
xmlDocPtr mk_xhtml_load(const struct mk_xhtml_spec *spec, const char *data,
                        size_t len, struct mk_diag *dc,
                        struct mk_xhtml_info *info);

/* Serialises a loaded chapter as UTF-8 XHTML with an XML declaration,
 * appending to out, with the ids mk_xhtml_load() gave its headings and
 * page breaks: each is an attribute only while its part of <body> is
 * written, so the tree is the same before and after.  Returns 0 or -1
 * (out of memory). */
int mk_xhtml_serialize(xmlDocPtr doc, struct mk_buf *out);


/* Passes every reference of a loaded chapter through map() and writes
 * back what it changes: the attributes of the reference table (a href,
 * img src, link href...), href and xlink:href of SVG elements, and the
 * url()s and @imports of style attributes and <style> elements.  Walks
 * the tree iteratively.  Returns 0, or -1 when memory ran out. */
int mk_xhtml_rewrite_refs(xmlDocPtr doc, mk_xhtml_map_fn map, void *ctx);

/* The same, with the hyperlinks (a and area href, svg:a href) passed
 * through link_map() instead: a link to a file may go elsewhere than
 * an image of the same file (an image page, pages.h). */
int mk_xhtml_rewrite_links(xmlDocPtr doc, mk_xhtml_map_fn map,
                           mk_xhtml_map_fn link_map, void *ctx);

/* Nonzero if id is one of the chapter's ids (info->ids sorted). */
int mk_xhtml_has_id(const struct mk_xhtml_info *info, const char *id);

/* Nonzero if id is the id of one of the chapter's footnotes or
 * endnotes (an element with epub:type footnote or endnote). */
int mk_xhtml_is_note(const struct mk_xhtml_info *info, const char *id);

/* Frees the ids and references once cross-checking is done; the
 * headings, title and page breaks stay for the navigation. */
void mk_xhtml_info_drop_links(struct mk_xhtml_info *info);

void mk_xhtml_info_init(struct mk_xhtml_info *info);
void mk_xhtml_info_release(struct mk_xhtml_info *info);

/* Makes an XML id from heading text ("A Dangerous Job" -> "a-dangerous-
 * job").  Malloc'ed; NULL on allocation failure. */
char *mk_xhtml_slug(const char *text);

#endif
