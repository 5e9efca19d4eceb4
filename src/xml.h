/*
 * xml.h - the one place that runs the libxml2 parser.
 *
 * Parses bytes the caller has read (never a file name or URL), with the
 * safe options only: no network, no entity substitution, no DTD loading.
 * libxml2's own messages are routed, with line and column, into the
 * diagnostics collector; nothing is printed by libxml2.
 *
 * For chapters it also accepts HTML's named character entities (&nbsp;,
 * &mdash;...) as characters, and body fragments (content without the
 * <html> wrapper), which are parsed inside a generated <body>.
 */
#ifndef MK_XML_H
#define MK_XML_H

#include <stddef.h>
#include <libxml/tree.h>

#include "mkepub.h"

#define MK_XHTML_NS "http://www.w3.org/1999/xhtml"
#define MK_EPUB_NS "http://www.idpf.org/2007/ops"
#define MK_SVG_NS "http://www.w3.org/2000/svg"
#define MK_MATHML_NS "http://www.w3.org/1998/Math/MathML"
#define MK_XLINK_NS "http://www.w3.org/1999/xlink"

enum mk_xml_mode {
    MK_XML_PLAIN,       /* any XML document (book.xml, SVG) */
    MK_XML_CHAPTER,     /* XHTML: HTML entities; fragments allowed */
};

/* Parses data (len bytes) as the document named path (used only for
 * diagnostics).  Returns the document (free with xmlFreeDoc) or NULL
 * when it is not well-formed; every problem is recorded in dc.
 * *fragment is set to 1 when a chapter was a body fragment (the returned
 * document is then <body> with the content as children).  A text that
 * starts with a UTF-16 byte order mark is read as UTF-8 converted from
 * it (positions stay the file's own). */
xmlDocPtr mk_xml_parse(const char *path, const char *data, size_t len,
                       enum mk_xml_mode mode, struct mk_diag *dc,
                       int *fragment);

struct mk_markdown;

/* An XML file packed as it is (an SVG image or page, a media overlay)
 * must be XML 1.0 in UTF-8 for both EPUBChecks (HTM-001; RSC-027/028,
 * CSS-003): reports, at line 1, a declaration of another version and a
 * file in another encoding (declared, or UTF-16 by its byte order mark).
 * doc is data as parsed by mk_xml_parse. */
void mk_xml_check_packed(const char *path, const char *data, size_t len,
                         xmlDocPtr doc, struct mk_diag *dc);

/* mk_xml_parse() of text generated from a Markdown file (markdown.h):
 * every position, in diagnostics and on elements, is moved into that
 * file through md's map (md NULL: mk_xml_parse()).  When *cancel becomes
 * nonzero (cancel not NULL) parsing stops within some 256 KB of text
 * and NULL is returned with nothing added to dc. */
xmlDocPtr mk_xml_parse_mapped(const char *path, const char *data,
                              size_t len, enum mk_xml_mode mode,
                              struct mk_diag *dc, int *fragment,
                              const struct mk_markdown *md,
                              volatile sig_atomic_t *cancel);

/* Called by mk_xml_parse_hooked() as each element but the root ends:
 * node and what it contains are complete, and the parser holds no
 * pointer to node or to its earlier siblings (it holds node's
 * ancestors), so the callee may unlink and free them.  open[0..n-1] are
 * node's ancestors, the root first (open[n - 1] is node's parent).
 * fragment: the text is a body fragment, parsed inside a generated
 * <body> that is the root. */
typedef void (*mk_xml_end_fn)(void *ctx, xmlNodePtr node,
                              xmlNodePtr const *open, size_t n,
                              int fragment);

/* mk_xml_parse_mapped() that calls end(end_ctx, ...) as each element
 * ends (end NULL: no calls). */
xmlDocPtr mk_xml_parse_hooked(const char *path, const char *data,
                              size_t len, enum mk_xml_mode mode,
                              struct mk_diag *dc, int *fragment,
                              const struct mk_markdown *md,
                              volatile sig_atomic_t *cancel,
                              mk_xml_end_fn end, void *end_ctx);

/* The line (1-based, beyond 65535 too) and column where the element's
 * start tag begins ('<'); 0 when unknown (elements made by mkepub). */
/* The node after node in document order among top and its descendants
 * (pre-order: into nonzero enters node's children first), or NULL past
 * the last: trees are walked with it, never recursively. */
xmlNodePtr mk_xml_next(const xmlNode *top, xmlNodePtr node, int into);

long mk_xml_line(const xmlNode *node);
long mk_xml_col(const xmlNode *node);

/* Nonzero if node is an element named name in namespace ns (NULL: no
 * namespace). */
int mk_xml_is(const xmlNode *node, const char *ns, const char *name);

/* The value of attribute name (no namespace) as a malloc'ed string,
 * or NULL when absent or out of memory; *oom is set to 1 on the latter
 * (and left alone otherwise). */
char *mk_xml_attr(const xmlNode *node, const char *name, int *oom);

/* The text content of node, whitespace collapsed, malloc'ed; NULL on
 * allocation failure. */
char *mk_xml_text(const xmlNode *node);

#endif
