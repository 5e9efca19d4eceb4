/*
 * lang.c - BCP 47 language tags.
 *
 * Owns the well-formedness check of RFC 5646 section 2.1: the tag is
 * split into subtags, each is classified by length and character
 * class, and a small state machine walks the langtag ABNF.  The
 * grandfathered tags are a sorted static table.  The writing
 * direction comes from two more sorted tables: the right-to-left
 * scripts and the languages whose usual script is one.  A last table
 * maps the ISO 639-2 codes that BCP 47 does not register (those of
 * languages with an ISO 639-1 code) to the code it does.
 */
#include "lang.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Longest subtag allowed anywhere (ABNF: at most 8 characters). */
#define MAX_SUBTAG 8

/*
 * RFC 5646 grandfathered tags, irregular and regular, lowercase and
 * sorted.  The regular ones also match langtag; listing them keeps
 * the table the RFC's.
 */
static const char *const grandfathered[] = {
    "art-lojban", "cel-gaulish", "en-gb-oed", "i-ami", "i-bnn",
    "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
    "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu",
    "no-bok", "no-nyn", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
    "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
};

#define N_GRANDFATHERED (sizeof grandfathered / sizeof grandfathered[0])

/* Where the walk through a langtag stands, after the last subtag. */
enum lang_state {
    ST_LANGUAGE,    /* language read: extlang, script, region, ... */
    ST_EXTLANG,     /* extlang read (1-3 so far) */
    ST_SCRIPT,      /* script read */
    ST_REGION,      /* region read */
    ST_VARIANT,     /* one or more variants read */
    ST_SINGLETON,   /* extension singleton read, needs a subtag */
    ST_EXTENSION,   /* extension with at least one subtag read */
    ST_X,           /* "x" read, needs a subtag */
    ST_PRIVATE      /* "x" and a subtag read; the rest is private use */
};

/* One subtag, described by what the ABNF cares about. */
struct subtag {
    size_t len;
    int alpha;      /* all ASCII letters */
    int digit;      /* all ASCII digits */
    int first_digit;
    char first;     /* first character, lowercased */
};

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int lower(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    return c;
}

/*
 * Read the subtag starting at s into st; it ends at '-' or NUL.
 * Returns its length, or 0 if it is empty, longer than 8, or holds
 * a character that is not an ASCII letter or digit.
 */
static size_t read_subtag(const char *s, struct subtag *st)
{
    size_t n = 0;

    st->alpha = 1;
    st->digit = 1;
    while (s[n] != '\0' && s[n] != '-') {
        int c = (unsigned char)s[n];

        if (!is_alpha(c) && !is_digit(c))
            return 0;
        if (!is_alpha(c))
            st->alpha = 0;
        if (!is_digit(c))
            st->digit = 0;
        n++;
        if (n > MAX_SUBTAG)
            return 0;
    }
    if (n == 0)
        return 0;
    st->len = n;
    st->first_digit = is_digit((unsigned char)s[0]);
    st->first = (char)lower((unsigned char)s[0]);
    return n;
}

static int is_grandfathered(const char *tag)
{
    size_t i;

    for (i = 0; i < N_GRANDFATHERED; i++) {
        const char *g = grandfathered[i];
        size_t j = 0;

        while (g[j] != '\0' && lower((unsigned char)tag[j]) == g[j])
            j++;
        if (g[j] == '\0' && tag[j] == '\0')
            return 1;
    }
    return 0;
}

static int is_script(const struct subtag *st)
{
    return st->len == 4 && st->alpha;
}

static int is_region(const struct subtag *st)
{
    return (st->len == 2 && st->alpha) || (st->len == 3 && st->digit);
}

/* variant = 5*8alphanum / (DIGIT 3alphanum) */
static int is_variant(const struct subtag *st)
{
    return st->len >= 5 || (st->len == 4 && st->first_digit);
}

/* singleton = any single alphanumeric but "x" */
static int is_singleton(const struct subtag *st)
{
    return st->len == 1 && st->first != 'x';
}

/*
 * Step from state s over subtag st.  Returns the new state, or -1 if
 * st cannot follow.  *n_extlang counts the extlangs read so far.
 */
static int step(enum lang_state s, const struct subtag *st,
                int *n_extlang)
{
    if (s == ST_X || s == ST_PRIVATE)
        return ST_PRIVATE;
    if (s == ST_SINGLETON)
        return st->len >= 2 ? ST_EXTENSION : -1;
    if (st->len == 1 && st->first == 'x')
        return ST_X;
    if (is_singleton(st))
        return ST_SINGLETON;
    if (s == ST_EXTENSION)
        return st->len >= 2 ? ST_EXTENSION : -1;
    if ((s == ST_LANGUAGE || s == ST_EXTLANG) && st->len == 3
        && st->alpha && *n_extlang < 3) {
        (*n_extlang)++;
        return ST_EXTLANG;
    }
    if ((s == ST_LANGUAGE || s == ST_EXTLANG) && is_script(st))
        return ST_SCRIPT;
    if (s <= ST_SCRIPT && is_region(st))
        return ST_REGION;
    if (s <= ST_VARIANT && is_variant(st))
        return ST_VARIANT;
    return -1;
}

int mk_lang_is_wellformed(const char *tag)
{
    struct subtag st;
    enum lang_state s;
    const char *p;
    int n_extlang = 0;

    if (tag == NULL || tag[0] == '\0')
        return 0;
    if (is_grandfathered(tag))
        return 1;
    if (read_subtag(tag, &st) == 0)
        return 0;
    p = tag + st.len;
    if (st.len == 1 && st.first == 'x') {
        /* privateuse = "x" 1*("-" (1*8alphanum)) */
        s = ST_X;
    } else if (st.alpha && st.len >= 2 && st.len <= 3) {
        /*
         * The ABNF also allows 4ALPHA (reserved) and 5*8ALPHA
         * (registered) languages, but none exists in the registry;
         * accepting them would let "english" through.
         */
        s = ST_LANGUAGE;
    } else {
        return 0;
    }
    while (*p != '\0') {
        int next;

        /* *p is '-' here: read_subtag stops only at '-' or NUL. */
        p++;
        if (read_subtag(p, &st) == 0)
            return 0;
        next = step(s, &st, &n_extlang);
        if (next < 0)
            return 0;
        s = (enum lang_state)next;
        p += st.len;
    }
    return s != ST_SINGLETON && s != ST_X;
}

/*
 * ISO 15924 scripts written right to left (Unicode's bidirectional
 * class R or AL for their letters), lowercase and sorted.
 */
static const char *const rtl_scripts[] = {
    "adlm", "arab", "aran", "armi", "avst", "chrs", "cprt", "elym",
    "hatr", "hebr", "hung", "khar", "lydi", "mand", "mani", "mend",
    "merc", "mero", "narb", "nbat", "nkoo", "orkh", "ougr", "palm",
    "phli", "phlp", "phnx", "prti", "rohg", "samr", "sarb", "sogd",
    "sogo", "syrc", "syre", "syrj", "syrn", "thaa", "yezi",
};

/*
 * Languages whose usual script (CLDR likely subtags) is one of those:
 * Arabic and its varieties, Hebrew, Persian and Dari, Urdu, Pashto,
 * Sindhi, Sorani Kurdish, Dhivehi, Uyghur, Yiddish, Kashmiri, Western
 * Punjabi, Balochi, Syriac, N'Ko, Ladino, ...  Lowercase, sorted.
 */
static const char *const rtl_languages[] = {
    "acm", "aeb", "ajp", "apc", "apd", "ar", "arb", "arc", "arq",
    "ars", "ary", "arz", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk",
    "hbo", "he", "iw", "jpr", "jrb", "khw", "ks", "lad", "lrc", "luz",
    "mzn", "nqo", "oar", "ota", "phn", "pnb", "prs", "ps", "sam", "sd",
    "sdh", "skr", "syc", "syr", "ug", "ur", "yi",
};

static int cmp_name(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* The subtag at s (up to '-' or NUL, at most 8 bytes) lowercased into
 * out; its length. */
static size_t lower_subtag(const char *s, char out[MAX_SUBTAG + 1])
{
    size_t n = 0;

    while (s[n] && s[n] != '-' && n < MAX_SUBTAG) {
        out[n] = (char)lower((unsigned char)s[n]);
        n++;
    }
    out[n] = '\0';
    return n;
}

int mk_lang_is_rtl(const char *tag)
{
    char language[MAX_SUBTAG + 1], sub[MAX_SUBTAG + 1];
    const char *p;
    size_t n;

    if (!mk_lang_is_wellformed(tag) || is_grandfathered(tag))
        return 0;
    n = lower_subtag(tag, language);
    if (n == 1)
        return 0;       /* "x-...": private use */
    /* after the language: up to three extlangs, then maybe a script */
    for (p = tag + n; *p == '-'; p += n + 1) {
        n = lower_subtag(p + 1, sub);
        if (n == 4 && !is_digit((unsigned char)sub[0]))
            return bsearch(sub, rtl_scripts,
                           sizeof(rtl_scripts) / sizeof(*rtl_scripts),
                           sizeof(*rtl_scripts), cmp_name) != NULL;
        if (n != 3 || is_digit((unsigned char)sub[0]))
            break;
    }
    return bsearch(language, rtl_languages,
                   sizeof(rtl_languages) / sizeof(*rtl_languages),
                   sizeof(*rtl_languages), cmp_name) != NULL;
}

/* The ISO 639-2 codes (terminology and bibliographic) of the languages
 * that also have an ISO 639-1 code, with that code: BCP 47 (RFC 5646,
 * 2.2.1) registers only the shorter one, so "fra" and "fre" are not
 * language subtags and "fr" is.  From Debian's iso-codes
 * (iso_639-2.json); sorted for bsearch. */
static const struct two_letter {
    char three[4];
    char two[3];
} two_letter[] = {
    { "aar", "aa" }, { "abk", "ab" }, { "afr", "af" }, { "aka", "ak" },
    { "alb", "sq" }, { "amh", "am" }, { "ara", "ar" }, { "arg", "an" },
    { "arm", "hy" }, { "asm", "as" }, { "ava", "av" }, { "ave", "ae" },
    { "aym", "ay" }, { "aze", "az" }, { "bak", "ba" }, { "bam", "bm" },
    { "baq", "eu" }, { "bel", "be" }, { "ben", "bn" }, { "bih", "bh" },
    { "bis", "bi" }, { "bod", "bo" }, { "bos", "bs" }, { "bre", "br" },
    { "bul", "bg" }, { "bur", "my" }, { "cat", "ca" }, { "ces", "cs" },
    { "cha", "ch" }, { "che", "ce" }, { "chi", "zh" }, { "chu", "cu" },
    { "chv", "cv" }, { "cor", "kw" }, { "cos", "co" }, { "cre", "cr" },
    { "cym", "cy" }, { "cze", "cs" }, { "dan", "da" }, { "deu", "de" },
    { "div", "dv" }, { "dut", "nl" }, { "dzo", "dz" }, { "ell", "el" },
    { "eng", "en" }, { "epo", "eo" }, { "est", "et" }, { "eus", "eu" },
    { "ewe", "ee" }, { "fao", "fo" }, { "fas", "fa" }, { "fij", "fj" },
    { "fin", "fi" }, { "fra", "fr" }, { "fre", "fr" }, { "fry", "fy" },
    { "ful", "ff" }, { "geo", "ka" }, { "ger", "de" }, { "gla", "gd" },
    { "gle", "ga" }, { "glg", "gl" }, { "glv", "gv" }, { "gre", "el" },
    { "grn", "gn" }, { "guj", "gu" }, { "hat", "ht" }, { "hau", "ha" },
    { "heb", "he" }, { "her", "hz" }, { "hin", "hi" }, { "hmo", "ho" },
    { "hrv", "hr" }, { "hun", "hu" }, { "hye", "hy" }, { "ibo", "ig" },
    { "ice", "is" }, { "ido", "io" }, { "iii", "ii" }, { "iku", "iu" },
    { "ile", "ie" }, { "ina", "ia" }, { "ind", "id" }, { "ipk", "ik" },
    { "isl", "is" }, { "ita", "it" }, { "jav", "jv" }, { "jpn", "ja" },
    { "kal", "kl" }, { "kan", "kn" }, { "kas", "ks" }, { "kat", "ka" },
    { "kau", "kr" }, { "kaz", "kk" }, { "khm", "km" }, { "kik", "ki" },
    { "kin", "rw" }, { "kir", "ky" }, { "kom", "kv" }, { "kon", "kg" },
    { "kor", "ko" }, { "kua", "kj" }, { "kur", "ku" }, { "lao", "lo" },
    { "lat", "la" }, { "lav", "lv" }, { "lim", "li" }, { "lin", "ln" },
    { "lit", "lt" }, { "ltz", "lb" }, { "lub", "lu" }, { "lug", "lg" },
    { "mac", "mk" }, { "mah", "mh" }, { "mal", "ml" }, { "mao", "mi" },
    { "mar", "mr" }, { "may", "ms" }, { "mkd", "mk" }, { "mlg", "mg" },
    { "mlt", "mt" }, { "mon", "mn" }, { "mri", "mi" }, { "msa", "ms" },
    { "mya", "my" }, { "nau", "na" }, { "nav", "nv" }, { "nbl", "nr" },
    { "nde", "nd" }, { "ndo", "ng" }, { "nep", "ne" }, { "nld", "nl" },
    { "nno", "nn" }, { "nob", "nb" }, { "nor", "no" }, { "nya", "ny" },
    { "oci", "oc" }, { "oji", "oj" }, { "ori", "or" }, { "orm", "om" },
    { "oss", "os" }, { "pan", "pa" }, { "per", "fa" }, { "pli", "pi" },
    { "pol", "pl" }, { "por", "pt" }, { "pus", "ps" }, { "que", "qu" },
    { "roh", "rm" }, { "ron", "ro" }, { "rum", "ro" }, { "run", "rn" },
    { "rus", "ru" }, { "sag", "sg" }, { "san", "sa" }, { "sin", "si" },
    { "slk", "sk" }, { "slo", "sk" }, { "slv", "sl" }, { "sme", "se" },
    { "smo", "sm" }, { "sna", "sn" }, { "snd", "sd" }, { "som", "so" },
    { "sot", "st" }, { "spa", "es" }, { "sqi", "sq" }, { "srd", "sc" },
    { "srp", "sr" }, { "ssw", "ss" }, { "sun", "su" }, { "swa", "sw" },
    { "swe", "sv" }, { "tah", "ty" }, { "tam", "ta" }, { "tat", "tt" },
    { "tel", "te" }, { "tgk", "tg" }, { "tgl", "tl" }, { "tha", "th" },
    { "tib", "bo" }, { "tir", "ti" }, { "ton", "to" }, { "tsn", "tn" },
    { "tso", "ts" }, { "tuk", "tk" }, { "tur", "tr" }, { "twi", "tw" },
    { "uig", "ug" }, { "ukr", "uk" }, { "urd", "ur" }, { "uzb", "uz" },
    { "ven", "ve" }, { "vie", "vi" }, { "vol", "vo" }, { "wel", "cy" },
    { "wln", "wa" }, { "wol", "wo" }, { "xho", "xh" }, { "yid", "yi" },
    { "yor", "yo" }, { "zha", "za" }, { "zho", "zh" }, { "zul", "zu" },
};

static int cmp_three(const void *key, const void *elem)
{
    return strcmp((const char *)key,
                  ((const struct two_letter *)elem)->three);
}

const char *mk_lang_two_letter(const char *tag)
{
    char language[MAX_SUBTAG + 1];
    const struct two_letter *t;

    if (!mk_lang_is_wellformed(tag) || is_grandfathered(tag)
        || lower_subtag(tag, language) != 3)
        return NULL;
    t = bsearch(language, two_letter, sizeof(two_letter) / sizeof(*two_letter),
                sizeof(*two_letter), cmp_three);
    return t ? t->two : NULL;
}
