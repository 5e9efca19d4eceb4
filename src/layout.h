/*
 * layout.h - the rule every name in the package follows (layout.c).
 *
 * A safe name uses ASCII letters, digits, '-', '_', '.' and '/' only; no
 * component is empty or starts or ends with a dot.  Such names pass
 * EPUBCheck (PKG-009, PKG-010, PKG-011) and every reading system's zip
 * reader; two names never differ only in ASCII case (OPF-060), which
 * mk_layout() ensures for the whole package.
 */
#ifndef MK_LAYOUT_H
#define MK_LAYOUT_H

#include <stddef.h>

struct mk_pub;
struct mk_registry;
struct mk_root;

/* Nonzero if path (relative, '/'-separated) follows the safe-name rule. */
int mk_layout_is_safe(const char *path);

/* The safe form of path, component by component: safe ASCII characters
 * stay, every other ASCII character becomes '-', every other character
 * becomes u<hex> of its code point (a byte that is not UTF-8: x<hex>);
 * runs of '-' collapse, a '-' beside a '.' goes, and leading and
 * trailing dots and dashes are stripped ("_" when nothing is left).  So
 * "my pics/画像.png" gives "my-pics/u753b-u50cf.png".  When ext is not
 * NULL the last component's extension becomes ext ("x.jpg", "png" ->
 * "x.png"; "content.opf", "xhtml" -> "content.xhtml").  Deterministic;
 * malloc'ed, NULL on allocation failure. */
char *mk_layout_safe_path(const char *path, const char *ext);

/* Gives every item of the publication reg registers into its href in
 * the package and its manifest id, and creates the generated documents'
 * items (the NCX when ncx is nonzero); *renamed receives how many source
 * files got a new name.  Source paths are made absolute against root's
 * current folder.  Returns 0 or -1 (recorded). */
int mk_layout(struct mk_registry *reg, struct mk_root *root, int ncx,
              size_t *renamed);

/* Attaches the writers of the generated documents to their items. */
void mk_layout_set_writers(struct mk_pub *pub);

#endif
