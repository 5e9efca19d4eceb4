/*
 * test_lang.c - unit tests for src/lang.c: BCP 47 (RFC 5646)
 * well-formedness, including the RFC's own examples, grandfathered
 * tags, extensions, private use, and malformed tags; and the writing
 * direction a tag implies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lang.h"

#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void check_all(const char *const *tags, size_t n, int want)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (mk_lang_is_wellformed(tags[i]) != want)
            fail_msg("mk_lang_is_wellformed(\"%s\") != %d", tags[i], want);
    }
}

static void test_simple_tags(void **state)
{
    static const char *const good[] = {
        "en", "en-US", "ru", "kk", "uk", "de", "fr-CA", "es-419",
        "EN-us", "En-Us", "ast", "kk-Cyrl-KZ", "kk-Latn",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
}

static void test_script_region_variant(void **state)
{
    static const char *const good[] = {
        "zh-Hant-TW", "sr-Latn-RS", "zh-Hans", "sr-Cyrl",
        "de-CH-1901", "sl-rozaj", "sl-rozaj-biske", "sl-nedis",
        "de-CH-1901-1996", "sl-IT-nedis", "hy-Latn-IT-arevela",
        "en-US-u-islamcal", "zh-CN-a-myext-x-private",
        "en-a-myext-b-another", "qaa-Qaaa-QM-x-southern",
        "de-Qaaa", "sr-Latn-QM", "sr-Qaaa-RS",
        "en-US-x-twain", "de-DE-u-co-phonebk", "en-1abc",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
}

static void test_extlang(void **state)
{
    static const char *const good[] = {
        "zh-yue", "zh-yue-HK", "zh-cmn-Hans-CN", "ar-afb",
        "zh-aaa-bbb-ccc", "zh-aaa-bbb-ccc-Latn-CN",
    };
    static const char *const bad[] = {
        "zh-aaa-bbb-ccc-ddd",     /* at most three extlangs */
        "abc-aaa-Latn-aaa",       /* extlang after script */
        "en-Latn-aaa",            /* extlang after script */
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
    check_all(bad, N_ELEMS(bad), 0);
}

static void test_private_use(void **state)
{
    static const char *const good[] = {
        "x-whatever", "X-WHATEVER", "x-a", "x-12345678",
        "x-a-b-c-d", "en-x-a", "en-x-a-abcdefgh", "en-x-x",
        "en-x-u-foo",
    };
    static const char *const bad[] = {
        "x", "x-", "en-x", "x-abcdefghi", "x--a", "en-x-",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
    check_all(bad, N_ELEMS(bad), 0);
}

static void test_grandfathered(void **state)
{
    static const char *const good[] = {
        "i-klingon", "en-GB-oed", "EN-gb-OED", "i-default", "i-ami",
        "sgn-BE-FR", "sgn-CH-DE", "art-lojban", "zh-min-nan",
        "cel-gaulish", "no-bok", "i-enochian", "I-KLINGON",
    };
    static const char *const bad[] = {
        "i-klingons", "i-foo", "i", "en-GB-oedx", "en-GB-oe",
        "sgn-BE-DE",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
    check_all(bad, N_ELEMS(bad), 0);
}

static void test_malformed(void **state)
{
    static const char *const bad[] = {
        "", "english", "en_US", "e", "en-", "123", "en--US",
        "toolongsubtag9", "-en", "en-US-", "en US", "en-U$",
        "de-419-DE",          /* two regions */
        "a-DE",               /* one-letter language */
        "ar-a-aaa-b-bbb-a-ccc-", "en-a",  /* extension needs a subtag */
        "en-a-b",             /* extension subtag needs 2+ chars */
        "en-US-Latn",         /* script after region */
        "en-abcdefghi",       /* subtag over 8 characters */
        "en-1ab",             /* digit variant needs 4 chars */
        "en-abcd-1901-Latn",  /* script after variant */
        "12-US", "e1", "en-US-oed", "en-\xc3\xa9",
    };

    (void)state;
    check_all(bad, N_ELEMS(bad), 0);
    assert_int_equal(mk_lang_is_wellformed(NULL), 0);
}

/*
 * The ABNF allows 4-8 letter languages, but none is registered;
 * mk_lang_is_wellformed refuses them on purpose (see lang.h).
 */
static void test_language_lengths(void **state)
{
    static const char *const good[] = { "ab", "abc", "abc-US" };
    static const char *const bad[] = {
        "a", "abcd", "abcde", "abcdefgh", "abcdefgh-US", "abcdefghi",
        "Latn", "english-US",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
    check_all(bad, N_ELEMS(bad), 0);
}

static void test_direction(void **state)
{
    static const char *const rtl[] = {
        "ar", "AR", "ar-EG", "he", "he-IL", "iw", "fa", "fa-IR", "ur",
        "yi", "ps", "dv", "ckb", "sd", "ug", "prs", "pnb", "syr", "arz",
        "az-Arab", "az-Arab-IR", "pa-Arab", "ms-Arab", "uz-Arab", "ku-Arab",
        "en-Hebr", "ha-Arab-NG", "ar-arz-EG", "zh-yue-Hebr", "ar-x-test",
    };
    static const char *const ltr[] = {
        "en", "en-GB", "ja", "zh-Hant-TW", "ru", "ar-Latn", "he-Latn",
        "az", "ku", "pa", "kk", "x-ar", "i-klingon", "es-419", "fr-1694acad",
        "arn", "ha", "", "ar_EG", "english",
    };
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(rtl); i++)
        if (mk_lang_is_rtl(rtl[i]) != 1)
            fail_msg("mk_lang_is_rtl(\"%s\") != 1", rtl[i]);
    for (i = 0; i < N_ELEMS(ltr); i++)
        if (mk_lang_is_rtl(ltr[i]) != 0)
            fail_msg("mk_lang_is_rtl(\"%s\") != 0", ltr[i]);
    assert_int_equal(mk_lang_is_rtl(NULL), 0);
}

/* ISO 639-2 codes with an ISO 639-1 code are not BCP 47 subtags. */
static void test_two_letter(void **state)
{
    static const struct {
        const char *tag, *two;
    } cases[] = {
        { "fra", "fr" }, { "fre", "fr" }, { "Fra", "fr" }, { "FRA-CA", "fr" },
        { "ger", "de" }, { "deu", "de" }, { "eng", "en" }, { "chi", "zh" },
        { "zho-Hant", "zh" }, { "ara", "ar" }, { "heb", "he" },
        { "aar", "aa" }, { "zul", "zu" }, { "baq", "eu" }, { "wel", "cy" },
        { "fr", NULL }, { "en-GB", NULL }, { "gsw", NULL }, { "tlh", NULL },
        { "zxx", NULL }, { "ckb", NULL }, { "fra_CA", NULL }, { "", NULL },
        { "i-klingon", NULL }, { "x-fra", NULL }, { "fran", NULL },
    };
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(cases); i++) {
        const char *got = mk_lang_two_letter(cases[i].tag);

        if (!cases[i].two ? got != NULL
                          : !got || strcmp(got, cases[i].two) != 0)
            fail_msg("mk_lang_two_letter(\"%s\") = %s, want %s",
                     cases[i].tag, got ? got : "NULL",
                     cases[i].two ? cases[i].two : "NULL");
    }
    assert_null(mk_lang_two_letter(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_two_letter),
        cmocka_unit_test(test_simple_tags),
        cmocka_unit_test(test_script_region_variant),
        cmocka_unit_test(test_extlang),
        cmocka_unit_test(test_private_use),
        cmocka_unit_test(test_grandfathered),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_language_lengths),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
