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

#include "build.h"

/* Checks the rules of the stores in b->opts->targets that the sources
 * decide (languages, cover, images, fonts, chapters, notes, table of
 * contents).  Runs after the cross-checks, before the links are
 * dropped.  Records warnings, or that memory ran out. */
void mk_target_check(struct build *b);

/* Checks the rules on the size of the written EPUB (size bytes, named
 * display in messages).  Each broken one is a warning, or an error under
 * --strict; returns -1 when one was an error (the archive must not be
 * committed), else 0. */
int mk_target_check_size(struct build *b, const char *display,
                         unsigned long long size);

#endif
