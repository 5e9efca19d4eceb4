/*
 * css.h - reading stylesheets: the references they make (url() and
 * @import, relative to the stylesheet) and the properties EPUB forbids
 * (direction, unicode-bidi: EPUBCheck CSS-001).  Not a CSS parser: a
 * tokenizer that knows comments, strings and url() is enough for both.
 */
#ifndef MK_CSS_H
#define MK_CSS_H

#include <stddef.h>

#include "buf.h"
#include "mkepub.h"

/* Called for each reference found; return -1 to stop (out of memory). */
typedef int (*mk_css_ref_fn)(void *ctx, const char *url, long line,
                             int is_import);

/* Scans len bytes of CSS from path; line numbers start at first_line
 * (an inline style on line N of a chapter passes N).  Forbidden
 * properties and non-UTF-8 text are reported in dc.  Returns 0, or -1
 * when found() failed or memory ran out. */
int mk_css_scan(const char *path, const char *text, size_t len,
                long first_line, struct mk_diag *dc, mk_css_ref_fn found,
                void *ctx);

/* Gives the new form of a reference as a malloc'ed string, or NULL to
 * leave it; sets *failed when memory ran out. */
typedef char *(*mk_css_map_fn)(void *ctx, const char *url, int *failed);

/* Copies len bytes of CSS to out with each url() and @import reference
 * that map() changes written anew (as url("...") or "..."); everything
 * else is copied byte for byte.  *changed tells whether anything was
 * rewritten.  Returns 0, or -1 when memory ran out. */
int mk_css_rewrite(const char *text, size_t len, mk_css_map_fn map,
                   void *ctx, struct mk_buf *out, int *changed);

/* Nonzero if the len bytes are valid UTF-8. */
int mk_utf8_valid(const char *s, size_t len);

#endif
