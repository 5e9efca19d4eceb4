/*
 * marc.h - MARC relator codes.
 *
 * Owns the Library of Congress list of relator codes (the roles a
 * contributor can play: aut, edt, trl, ill, ...) with their labels,
 * and the "did you mean" lookup for misspelt codes.
 */
#ifndef MK_MARC_H
#define MK_MARC_H

/*
 * The English label of a MARC relator code: "aut" -> "Author".
 * Matching is exact and case-sensitive (codes are lowercase), so
 * "AUT" and "xyz" give NULL, as does NULL.  The three discontinued
 * codes clb, grt and voc are still recognised.  The returned string
 * is static; do not free it.
 */
const char *mk_marc_label(const char *code);

/*
 * A valid relator code for a wrong one, or NULL.  If code equals a
 * label ignoring ASCII case ("translator"), that label's code is
 * returned.  Otherwise the code at the smallest edit distance
 * (mk_suggest_distance, case-insensitive) is returned if that
 * distance is at most 2, or at most 1 when code has 3 bytes or fewer
 * (with 300 three-letter codes, distance 2 matches nearly anything).
 * Ties prefer the codes common in e-books (aut, trl, edt, ill, ...),
 * then alphabetical order: "auth" -> "aut", "trn" -> "trl".  A code
 * that is already valid returns itself.  The result is static.
 */
const char *mk_marc_suggest(const char *code);

#endif /* MK_MARC_H */
