/*
 * css.h - checking stylesheets as EPUBCheck reads them: the references
 * they make (url() and @import, relative to the stylesheet), the
 * properties EPUB forbids (direction, unicode-bidi: CSS-001), empty
 * @font-face rules (CSS-019), the syntax errors EPUBCheck's parser
 * reports (CSS-008) and, for stylesheet files, the encoding (UTF-8 only:
 * CSS-003, CSS-004) and HTML pages saved as .css.  A light rule parser
 * over the tokenizer of csstok.h, iterative whatever the nesting.
 */
#ifndef MK_CSS_H
#define MK_CSS_H

#include <stddef.h>

#include "buf.h"
#include "mkepub.h"

/* Deepest chain of stylesheets importing each other that is read: a
 * stylesheet MK_CSS_MAX_IMPORT_DEPTH imports below a book's stylesheet
 * cannot @import another (resources.c reports it). */
#define MK_CSS_MAX_IMPORT_DEPTH 64

/* Called for each reference found, with the line and column where it
 * starts (its url( or string; inline CSS reports its first line at the
 * column given to the scan); return -1 to stop (out of memory). */
typedef int (*mk_css_ref_fn)(void *ctx, const char *url, long line,
                             long col, int is_import);

/* Checks len bytes of a stylesheet file at path: encoding, then rules.
 * Problems are reported in dc at path:line:col; found() is called for
 * each url() and @import in order.  Returns 0, or -1 when found() failed
 * or memory ran out (recorded in dc in the latter case). */
int mk_css_scan(const char *path, const char *text, size_t len,
                long first_line, struct mk_diag *dc, mk_css_ref_fn found,
                void *ctx);

/* The same for the text of a <style> element at line:col of the
 * document at path (no encoding checks: the document's).  The text
 * starts on that line; problems on it are reported at col (where the
 * text starts on the line is not known), later lines at their column. */
int mk_css_scan_style(const char *path, const char *text, size_t len,
                      long line, long col, struct mk_diag *dc,
                      mk_css_ref_fn found, void *ctx);

/* The same for a style attribute's value (a list of declarations, no
 * rules) of the element at line:col. */
int mk_css_scan_attribute(const char *path, const char *text, size_t len,
                          long line, long col, struct mk_diag *dc,
                          mk_css_ref_fn found, void *ctx);

/* Gives the new form of a reference as a malloc'ed string, or NULL to
 * leave it; sets *failed when memory ran out. */
typedef char *(*mk_css_map_fn)(void *ctx, const char *url, int *failed);

/* Copies len bytes of CSS to out with each url() and @import reference
 * that map() changes written anew (as url("...") or "..."); everything
 * else is copied byte for byte.  *changed tells whether anything was
 * rewritten.  Returns 0, or -1 when memory ran out. */
int mk_css_rewrite(const char *text, size_t len, mk_css_map_fn map,
                   void *ctx, struct mk_buf *out, int *changed);

/* What mk_css_transcode() did. */
enum mk_css_transcoded {
    MK_CSS_UNDEFINED_BYTE = -2, /* a byte means nothing in the encoding
                                 * (reported in dc at its place) */
    MK_CSS_NO_MEMORY = -1,      /* memory ran out (not recorded) */
    MK_CSS_AS_IS = 0,           /* nothing to convert, or an encoding it
                                 * cannot convert (mk_css_scan reports
                                 * the rule) */
    MK_CSS_CONVERTED = 1        /* the UTF-8 form is in out */
};

/* A stylesheet file whose first bytes are '@charset "X";' naming an
 * ASCII-based encoding other than UTF-8 (any iconv knows, Latin-1 and
 * ASCII read as windows-1252 as the Encoding Standard says): appends its
 * UTF-8 form to out, the rule written as '@charset "UTF-8";' padded with
 * spaces to its old length (every line and column stays).  Anything but
 * MK_CSS_CONVERTED leaves out as it was. */
enum mk_css_transcoded mk_css_transcode(const char *path, const char *text,
                                        size_t len, struct mk_diag *dc,
                                        struct mk_buf *out);

#endif
