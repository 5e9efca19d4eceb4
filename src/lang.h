/*
 * lang.h - BCP 47 language tags.
 *
 * Owns the syntax check of language tags (RFC 5646, section 2.1):
 * whether a tag such as "en-US" or "zh-Hant-TW" is well-formed.  It
 * does not consult the IANA registry, so "qq-ZZ" is well-formed.
 * Also owns the writing direction a tag implies (right to left for
 * Arabic, Hebrew, Persian, ... and for the right-to-left scripts).
 */
#ifndef MK_LANG_H
#define MK_LANG_H

/*
 * 1 if tag is a well-formed BCP 47 language tag, 0 if not.
 * Accepted: langtag (language[-extlang][-script][-region]*(-variant)
 * *(-extension)[-privateuse]), a private-use tag ("x-..."), and the
 * 26 grandfathered tags ("i-klingon", "en-GB-oed", ...).  ASCII case
 * is ignored.  NULL and "" give 0.
 * One deliberate narrowing of the ABNF: the language subtag must be
 * 2 or 3 letters.  The 4-letter (reserved) and 5-8 letter (none
 * registered) forms are refused, so that "english" is an error.
 */
int mk_lang_is_wellformed(const char *tag);

/*
 * 1 if text in the language tag is written right to left, 0 if not.
 * A script subtag decides when there is one ("az-Arab" 1, "ar-Latn"
 * 0); otherwise the language's usual script does (ar, he, fa, ur, yi,
 * ps, dv, ckb, sd, ug, ... give 1).  ASCII case is ignored; NULL, ""
 * and tags that are not well-formed give 0.
 */
int mk_lang_is_rtl(const char *tag);

/*
 * The ISO 639-1 code ("fr") when the language subtag of tag is an ISO
 * 639-2 code of a language that has one ("fra", "fre", "FRA-CA"), which
 * BCP 47 does not register: the tag is well-formed but not valid, and
 * reading systems and checkers (Ace by DAISY) do not know it.  NULL
 * otherwise (also for 3-letter codes without a 2-letter one, "gsw").
 * A static string.
 */
const char *mk_lang_two_letter(const char *tag);

#endif /* MK_LANG_H */
