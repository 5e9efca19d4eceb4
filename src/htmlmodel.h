/*
 * htmlmodel.h - the HTML content model of a chapter, as EPUB 3 content
 * documents must follow it and as EPUBCheck's schemas enforce it: which
 * elements exist, which may contain which, what must come first or only
 * once, which may not be inside which (<a> in <a>...), the document's
 * head and body structure, foreign namespaces, and the SVG and MathML
 * islands inside it.
 *
 * The knowledge is in tables in htmlmodel.c (elements, their categories
 * and content models); one iterative walk applies them.  The module only
 * reads the tree and reports; it changes nothing.  Attribute values and
 * required attributes are htmlattr.c's concern; attributes are read here
 * only where the content model depends on them (a[href], input[type],
 * audio[controls], meta[itemprop], colgroup[span], annotation-xml
 * encoding...).
 */
#ifndef MK_HTMLMODEL_H
#define MK_HTMLMODEL_H

#include <libxml/tree.h>

#include "mkepub.h"

/* Checks the elements below and including html (the chapter's root,
 * after a fragment was wrapped) and records every violation in dc at
 * path:line:col.  epub33_only drops the EPUB 3.2 (EPUBCheck 4.2) rules
 * where EPUB 3.3 is more permissive.  Returns 0, or -1 when memory ran
 * out (recorded in dc). */
int mk_htmlmodel_check(xmlNodePtr html, const char *path, int epub33_only,
                       struct mk_diag *dc);

/* A chapter checked in parts as it is parsed (xhtml.c's streaming):
 * the children of a container are checked a run at a time, with what
 * its ancestors make of them, and the rest of the tree at the end with
 * mk_htmlmodel_check() (the runs checked are no longer in it).  NULL
 * when memory ran out. */
struct mk_htmlmodel;
struct mk_htmlmodel *mk_htmlmodel_new(const char *path, int epub33_only);

/* Nonzero if the children of n may be checked in parts: an XHTML
 * element whose content is flow content, each child judged alone (body,
 * section, div...). */
int mk_htmlmodel_streams(const xmlNode *n);

/* container (for which mk_htmlmodel_streams() holds: <body> first, then
 * each time a child of the innermost open container) gets its children
 * in parts from now on.  Returns 0, or -1 when memory ran out. */
int mk_htmlmodel_open(struct mk_htmlmodel *M, xmlNodePtr container);

/* The innermost open container has ended. */
void mk_htmlmodel_close(struct mk_htmlmodel *M);

/* Checks the children of the innermost open container from first to
 * before stop (NULL: to the end) and everything below them, reporting
 * in dc.  Returns 0, or -1 when memory ran out or nothing is open. */
int mk_htmlmodel_part(struct mk_htmlmodel *M, xmlNodePtr first,
                      xmlNodePtr stop, struct mk_diag *dc);

void mk_htmlmodel_free(struct mk_htmlmodel *M);

#endif
