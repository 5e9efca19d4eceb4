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

#endif
