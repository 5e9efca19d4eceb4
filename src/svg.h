/*
 * svg.h - reading an SVG file (an image of the book: <img src="a.svg">,
 * the cover, url() in CSS) to the depth EPUBCheck reads it.
 *
 * The file is parsed with the safe settings chapters use (mk_xml_parse:
 * no network, no DTD, no entity ever expanded; any <!ENTITY> is an
 * error) and checked like a chapter: the root is <svg> in the SVG
 * namespace; a DOCTYPE naming an external DTD (EPUBCheck 4.2 OPF-073) is
 * left out when the file is packed, or refused when it has an internal
 * subset;
 * scripts and event handlers make it "scripted" (scripted.h); every
 * link in it has a title (ACC-011); xml:base is refused.  What it
 * references (image, use, feImage... hrefs, url() in attributes, style
 * attributes and <style>, xml-stylesheet) is returned for the caller
 * (resources.c) to resolve relative to the file, as it does for a
 * stylesheet's references.  One file only: nothing here looks at other
 * files.
 */
#ifndef MK_SVG_H
#define MK_SVG_H

#include <stddef.h>

#include "mkepub.h"

enum mk_svg_ref_kind {
    MK_SVG_REF_RESOURCE,    /* a file the image needs (image, url() in
                             * CSS, xml-stylesheet) */
    MK_SVG_REF_ELEMENT,     /* an element of another file (<use href>,
                             * fill="url(...)"): needs a #fragment */
    MK_SVG_REF_LINK         /* a hyperlink (<a href>) */
};

struct mk_svg_ref {
    enum mk_svg_ref_kind kind;
    char *url;              /* as written */
    long line, col;         /* of the element (or <style>, or the PI) */
};

struct mk_svg_info {
    unsigned props;         /* enum mk_prop bits (xhtml.h): scripted */
    struct mk_svg_ref *refs;
    size_t n_refs, cap_refs;
    char **ids;             /* every id in the file, sorted */
    size_t n_ids, cap_ids;
    int parsed;             /* the file was read as SVG (ids are known) */
    size_t drop_at, drop_len;   /* a DOCTYPE naming an external DTD (no
                                 * internal subset), with its line break:
                                 * the bytes to leave out when packing */
};

void mk_svg_info_init(struct mk_svg_info *info);
void mk_svg_info_release(struct mk_svg_info *info);

/* Nonzero if id is one of the file's ids (after mk_svg_check). */
int mk_svg_has_id(const struct mk_svg_info *info, const char *id);

/* Parses and checks the SVG file path (data, len bytes).  Every problem
 * is recorded in dc; info receives the properties and references found
 * (release it whatever the result).  Returns 0, or -1 when memory ran
 * out (recorded). */
int mk_svg_check(const char *path, const char *data, size_t len,
                 struct mk_diag *dc, struct mk_svg_info *info);

#endif
