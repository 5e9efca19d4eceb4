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
 *
 * A chapter may be checked in parts, as it is parsed (xhtml.c's
 * streaming): the ids of a part that is then freed are kept as the
 * answers the references to them need (what element, whether labelable,
 * in which table, inside what), so that the chapter's references are
 * resolved at the end as if the whole tree were there.
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

/* A chapter's check, in parts: NULL when memory ran out.  path names
 * the chapter in messages. */
struct mk_htmlattr;
struct mk_htmlattr *mk_htmlattr_new(const char *path, int epub33_only);

/* Checks the attributes of top, and with below of every element below
 * it; html is the chapter's root (whose epub:prefix declares epub:type's
 * prefixes), NULL while it is not known.  Ids are recorded, references
 * to ids queued for mk_htmlattr_resolve().  Each element is walked once
 * in all.  Returns 0, or -1 when memory ran out (recorded in dc). */
int mk_htmlattr_walk(struct mk_htmlattr *A, xmlNodePtr html,
                     xmlNodePtr top, int below, struct mk_diag *dc);

/* A part begins: what the walks record from now on is the part's. */
void mk_htmlattr_mark(struct mk_htmlattr *A);

/* Nonzero if the walks of the current part queued references to ids:
 * the part holds nodes the resolution will look at, and must stay in
 * the tree. */
int mk_htmlattr_refers(const struct mk_htmlattr *A);

/* The nodes of the current part (without references), children of
 * outer, are about to be freed: what the resolution needs of their ids
 * is kept without them, and a new part begins.  Returns 0; -1 when
 * memory ran out (recorded in the walk's dc) or the part refers. */
int mk_htmlattr_forget(struct mk_htmlattr *A, xmlNodePtr outer);

/* Resolves the references queued, against every id recorded, reporting
 * in dc.  Returns 0, or -1 when memory ran out (recorded in dc). */
int mk_htmlattr_resolve(struct mk_htmlattr *A, struct mk_diag *dc);

void mk_htmlattr_free(struct mk_htmlattr *A);

/* 1 if the module's lookup tables are sorted as bsearch needs and agree
 * with each other (for the unit test), 0 if not. */
int mk_htmlattr_tables_sorted(void);

#endif
