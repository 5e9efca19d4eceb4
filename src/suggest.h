/*
 * suggest.h - "did you mean" helper.
 *
 * Owns the edit distance used to propose a known word for a misspelt
 * one (MARC relator codes, option names, element names).  Pure
 * functions: no state, no I/O.
 */
#ifndef MK_SUGGEST_H
#define MK_SUGGEST_H

#include <stddef.h>

/*
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance
 * between a and b: insertions, deletions, substitutions and swaps of
 * two adjacent bytes each cost 1.  Bytes are compared as-is except
 * that ASCII letters compare case-insensitively.  A NULL argument is
 * treated as "".  Works for strings of any length; short strings use
 * the stack, longer ones one heap block of O(min(len)) words.
 * Returns SIZE_MAX if that allocation fails.
 */
size_t mk_suggest_distance(const char *a, const char *b);

/*
 * The candidate closest to word, among candidates[0..n-1], whose
 * distance (mk_suggest_distance) is at most max_distance.  On a tie
 * the earliest candidate wins, so callers put preferred words first.
 * NULL entries, and candidates whose distance cannot be computed
 * (allocation failure), are skipped.  Returns the chosen element
 * candidates[i] itself (not a copy), or NULL if word is NULL,
 * candidates is NULL, or nothing is close enough.
 */
const char *mk_suggest(const char *word, const char *const *candidates,
                       size_t n, size_t max_distance);

#endif /* MK_SUGGEST_H */
