/*
 * relink.h - rewriting references to files the layout renamed
 * (relink.c).  Every function is thread-safe: it only reads the
 * registry.
 */
#ifndef MK_RELINK_H
#define MK_RELINK_H

#include <stddef.h>

#include <libxml/tree.h>

struct mk_buf;
struct mk_item;
struct mk_registry;
struct mk_xhtml_relink;

/* Sets *out to the maps that rewrite, as mk_xhtml_load() loads it
 * (spec->relink), every reference of the chapter whose item is from
 * (links, embeds, inline CSS) to a file whose name in the package is not
 * its source name.  0, or -1 out of memory (not recorded: the caller
 * records it); mk_relink_chapter_end() frees what it holds. */
int mk_relink_chapter_begin(const struct mk_registry *reg,
                            const struct mk_item *from,
                            struct mk_xhtml_relink *out);
void mk_relink_chapter_end(struct mk_xhtml_relink *maps);

/* The stylesheet it (len bytes at text) with its url()s and @imports
 * rewritten like a chapter's references, appended to out; *changed is
 * set when anything was rewritten.  0 or -1 (out of memory). */
int mk_relink_css(const struct mk_registry *reg, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out,
                  int *changed);

/* The SVG image it (len bytes at text) appended to out: re-serialised
 * with its references rewritten when one of them changed, else byte for
 * byte (also when it does not parse).  0 or -1 (out of memory). */
int mk_relink_svg(const struct mk_registry *reg, const struct mk_item *it,
                  const char *text, size_t len, struct mk_buf *out);

/* The media overlay it (len bytes at text, overlay.h) appended to out:
 * re-serialised with its <text src>, <audio src> and epub:textref
 * rewritten when one of them changed, else byte for byte.  0 or -1 (out
 * of memory). */
int mk_relink_smil(const struct mk_registry *reg, const struct mk_item *it,
                   const char *text, size_t len, struct mk_buf *out);

#endif
