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

#endif
