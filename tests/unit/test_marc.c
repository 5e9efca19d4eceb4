/*
 * test_marc.c - unit tests for src/marc.c: labels of known relator
 * codes, rejection of unknown or wrongly cased ones, the table's
 * sort order (through exhaustive lookups), and suggestions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "marc.h"

static void test_label_known(void **state)
{
    (void)state;
    assert_string_equal(mk_marc_label("aut"), "Author");
    assert_string_equal(mk_marc_label("trl"), "Translator");
    assert_string_equal(mk_marc_label("edt"), "Editor");
    assert_string_equal(mk_marc_label("ill"), "Illustrator");
    assert_string_equal(mk_marc_label("pht"), "Photographer");
    assert_string_equal(mk_marc_label("pbl"), "Publisher");
    assert_string_equal(mk_marc_label("cov"), "Cover designer");
    assert_string_equal(mk_marc_label("nrt"), "Narrator");
    assert_string_equal(mk_marc_label("ctb"), "Contributor");
    assert_string_equal(mk_marc_label("aus"), "Screenwriter");
    assert_string_equal(mk_marc_label("rcp"), "Addressee");
    /* first and last entries of the table */
    assert_string_equal(mk_marc_label("abr"), "Abridger");
    assert_string_equal(mk_marc_label("wts"), "Writer of television story");
    /* discontinued but still recognised */
    assert_string_equal(mk_marc_label("clb"), "Collaborator");
    assert_string_equal(mk_marc_label("voc"), "Vocalist");
}

static void test_label_unknown(void **state)
{
    (void)state;
    assert_null(mk_marc_label("xyz"));
    assert_null(mk_marc_label("AUT"));
    assert_null(mk_marc_label("Aut"));
    assert_null(mk_marc_label("au"));
    assert_null(mk_marc_label("auth"));
    assert_null(mk_marc_label("aut "));
    assert_null(mk_marc_label(""));
    assert_null(mk_marc_label(NULL));
    assert_null(mk_marc_label("aaa"));     /* before the first code */
    assert_null(mk_marc_label("zzz"));     /* after the last code */
}

/*
 * Every three-letter lowercase string: the binary search must agree
 * with itself (a code found returns a label that is found again) and
 * the table must hold the full list (over 300 codes).  A mis-sorted
 * table makes some real code unreachable, which the count catches.
 */
static void test_label_exhaustive(void **state)
{
    char code[4] = { 0, 0, 0, 0 };
    int a, b, c, found = 0;

    (void)state;
    for (a = 'a'; a <= 'z'; a++) {
        for (b = 'a'; b <= 'z'; b++) {
            for (c = 'a'; c <= 'z'; c++) {
                const char *label;

                code[0] = (char)a;
                code[1] = (char)b;
                code[2] = (char)c;
                label = mk_marc_label(code);
                if (label != NULL) {
                    assert_true(strlen(label) > 0);
                    found++;
                }
            }
        }
    }
    assert_int_equal(found, 309);
}

static void test_suggest_typos(void **state)
{
    (void)state;
    assert_string_equal(mk_marc_suggest("auth"), "aut");
    assert_string_equal(mk_marc_suggest("trn"), "trl");
    assert_string_equal(mk_marc_suggest("atu"), "aut");
    assert_string_equal(mk_marc_suggest("edtr"), "edt");
    assert_string_equal(mk_marc_suggest("illl"), "ill");
    assert_string_equal(mk_marc_suggest("ilus"), "ilu");
    assert_string_equal(mk_marc_suggest("AUT"), "aut");
    assert_string_equal(mk_marc_suggest("Trl"), "trl");
    assert_string_equal(mk_marc_suggest("aut"), "aut");
    assert_string_equal(mk_marc_suggest("phot"), "pht");
}

static void test_suggest_by_label(void **state)
{
    (void)state;
    assert_string_equal(mk_marc_suggest("author"), "aut");
    assert_string_equal(mk_marc_suggest("Translator"), "trl");
    assert_string_equal(mk_marc_suggest("COVER DESIGNER"), "cov");
    assert_string_equal(mk_marc_suggest("screenwriter"), "aus");
}

static void test_suggest_none(void **state)
{
    (void)state;
    assert_null(mk_marc_suggest("xyz"));
    assert_null(mk_marc_suggest("q"));
    assert_null(mk_marc_suggest("novelist"));
    assert_null(mk_marc_suggest("somebody else"));
    assert_null(mk_marc_suggest(""));
    assert_null(mk_marc_suggest(NULL));
}

static void test_suggest_result_is_valid(void **state)
{
    static const char *const typos[] = {
        "aut.", "edtt", "tlr", "ilt", "phtt", "pbll", "cv", "nrrt",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof typos / sizeof typos[0]; i++) {
        const char *s = mk_marc_suggest(typos[i]);

        assert_non_null(s);
        assert_non_null(mk_marc_label(s));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_known),
        cmocka_unit_test(test_label_unknown),
        cmocka_unit_test(test_label_exhaustive),
        cmocka_unit_test(test_suggest_typos),
        cmocka_unit_test(test_suggest_by_label),
        cmocka_unit_test(test_suggest_none),
        cmocka_unit_test(test_suggest_result_is_valid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
