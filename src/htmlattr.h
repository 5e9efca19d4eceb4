/*
 * htmlattr.h - the attributes of a chapter's elements, as EPUB 3 content
 * documents must write them and as EPUBCheck's schemas enforce them:
 * which attributes each element may carry, and their values (ids and
 * references to ids, URLs, numbers, enumerations, languages, ARIA roles
 * and states, data-* names, namespaced attributes, epub:type).
 *
 * The knowledge is in tables in htmlattr.c; one iterative walk applies
 * them.  The module only reads the tree and reports; it changes nothing.
 * Which elements may nest is htmlmodel.c's concern.
 */
#ifndef MK_HTMLATTR_H
#define MK_HTMLATTR_H

#include <libxml/tree.h>

#include "mkepub.h"

/* Checks the attributes of every element below and including html (the
 * chapter's root) and records every violation in dc at path:line:col.
 * epub33_only drops the EPUB 3.2 (EPUBCheck 4.2) rules where EPUB 3.3
 * is more permissive.  Returns 0, or -1 when memory ran out (recorded
 * in dc). */
int mk_htmlattr_check(xmlNodePtr html, const char *path, int epub33_only,
                      struct mk_diag *dc);

/* 1 if the module's lookup tables are sorted as bsearch needs and agree
 * with each other (for the unit test), 0 if not. */
int mk_htmlattr_tables_sorted(void);

#endif
