/*
 * markdown.h - Markdown chapters: conversion to an XHTML body fragment
 * and the position map back into the .md file.
 *
 * mk_markdown_convert() turns a .md chapter (CommonMark with the GFM
 * tables, strikethrough, autolinks and footnotes, through cmark-gfm)
 * into the text of an XHTML body fragment that the chapter loader then
 * handles exactly like a hand-written one.  Raw HTML is kept as written
 * (it must be well-formed XHTML; the XML parse reports it otherwise).
 * GFM footnotes become EPUB pop-up notes:
 *   <sup><a epub:type="noteref" role="doc-noteref" href="#fnN"
 *   id="fnrefN">N</a></sup>   ->   <aside epub:type="footnote"
 *   role="doc-footnote" id="fnN">...<a href="#fnrefN"
 *   role="doc-backlink">...</a></aside>  (at the end of the chapter).
 * Links to other chapters are written as the authors see the files
 * (other.md#heading-slug) and rewritten to the packed .xhtml names by
 * the build's usual renaming.
 *
 * The map: every block element (from cmark's source positions) and
 * every link, image, raw inline HTML and footnote reference (from a
 * marker put before it in the tree) is an anchor tying a place in the
 * generated text to its place in the .md file.  mk_markdown_map() moves
 * a generated position to the .md file: the last anchor at or before
 * it gives the line (counting on for the lines that follow, which
 * paragraphs, code and raw HTML keep one for one) and, on the anchor's
 * own line, the column.  The generated text never reaches a diagnostic.
 */
#ifndef MK_MARKDOWN_H
#define MK_MARKDOWN_H

#include <stddef.h>

struct mk_diag;

struct mk_md_anchor {
    long xline, xcol;           /* in the generated XHTML */
    long line, col, end_line;   /* in the .md file */
};

struct mk_markdown {
    char *xhtml;                /* the body fragment, NUL-terminated */
    size_t len;
    struct mk_md_anchor *anchors;   /* in generated-text order */
    size_t n_anchors, cap;
};

#define MK_MARKDOWN_INIT { NULL, 0, NULL, 0, 0 }

/* Nonzero if path names a Markdown file (.md, .markdown, ...). */
int mk_markdown_is_path(const char *path);

/* Converts len bytes of Markdown (the file path, for diagnostics) into
 * md (which must be MK_MARKDOWN_INIT or released).  Text that is not
 * UTF-8 is reported at its place and nothing is converted.  Returns 0,
 * or -1 after recording the problem (out of memory included).
 * Thread-safe. */
int mk_markdown_convert(const char *path, const char *data, size_t len,
                        struct mk_diag *dc, struct mk_markdown *md);

/* Moves *line:*col in md's generated text to the .md file (a column of
 * 0, unknown, stays 0). */
void mk_markdown_map(const struct mk_markdown *md, long *line, long *col);

/* Frees what md holds and makes it MK_MARKDOWN_INIT again. */
void mk_markdown_release(struct mk_markdown *md);

#endif
