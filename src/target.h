/*
 * target.h - the stores' pre-flight rules (--target): what Amazon
 * Kindle, Kobo, Apple Books and Google Play Books do with a book that
 * EPUBCheck accepts but that breaks one of their rules.  Every rule is a
 * row of one table in target.c (store, id, what the store does, what to
 * change, the rule's source); a broken rule is a warning at the place in
 * the sources that causes it (an error under --strict, see build.c).
 */
#ifndef MK_TARGET_H
#define MK_TARGET_H

#include "mkepub.h"
#include "pub.h"
#include "registry.h"

/* Checks the rules of the stores in opts->targets that the sources
 * decide (languages, cover, images, fonts, chapters, notes, table of
 * contents) on the publication pub, its chapters found through reg.
 * Runs after the cross-checks, before the links are dropped
 * (mk_xref_drop_links).  Records warnings in dc, or that memory ran
 * out. */
void mk_target_check(const struct mk_options *opts, struct mk_diag *dc,
                     const struct mk_pub *pub,
                     const struct mk_registry *reg);

/* Checks the rules of the stores in opts->targets on the size of the
 * written EPUB (size bytes, named display in messages).  Each broken one
 * is a warning, or an error under --strict (opts->strict); returns -1
 * when one was an error (the archive must not take its place), else 0. */
int mk_target_check_size(const struct mk_options *opts, struct mk_diag *dc,
                         const char *display, unsigned long long size);

#endif
