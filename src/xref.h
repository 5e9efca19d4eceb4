/*
 * xref.h - the cross-reference checks (xref.c): reading one reference
 * with the URL model, and resolving every reference of every chapter.
 */
#ifndef MK_XREF_H
#define MK_XREF_H

#include "url.h"

struct mk_diag;
struct mk_pub;
struct mk_resources;

/* What a reference is, for mk_xref_parse() (bits). */
enum mk_xref_flag {
    MK_XREF_HYPERLINK = 1,      /* a link or cite, not a resource */
    MK_XREF_IN_CSS = 2,         /* made in a stylesheet */
    MK_XREF_IN_SVG = 4          /* made in an SVG image */
};

/* What mk_xref_parse() made of a reference. */
enum mk_xref_verdict {
    MK_XREF_NO_MEMORY = -1,     /* memory ran out (recorded) */
    MK_XREF_USABLE = 0,         /* *u to use and release (perhaps after
                                 * a report: the file named is clear) */
    MK_XREF_REFUSED = 1         /* reported and unusable (*u released) */
};

/* Reads the reference ref, written in file from at line:col, with the
 * URL model and reports what it refuses: malformed or ambiguous forms,
 * file: URLs, absolute paths, and a query on a file of the book (allowed
 * on a hyperlink).  A query or an unescaped character is reported but
 * the reference stays usable: the file it names is still clear, so it
 * is checked too. */
enum mk_xref_verdict mk_xref_parse(struct mk_diag *dc, const char *ref, unsigned flags,
                  const char *from, long line, long col, struct mk_url *u);

/* Resolves and checks every reference of every chapter of the
 * publication res registers into: files (registered through res),
 * chapters and fragments, remote resources, media types (WebP is core
 * when epub33_only). */
void mk_xref_resolve(struct mk_resources *res, int epub33_only);

/* Frees what only the cross-checks needed (ids, references). */
void mk_xref_drop_links(struct mk_pub *pub);

#endif
