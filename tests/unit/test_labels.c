/*
 * test_labels.c - unit tests for src/labels.c: the table (sorted,
 * complete, at least 20 languages, right-to-left ones included), how a
 * tag finds its row, the English fallback and its language, role labels,
 * and book.xml's overrides and keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "labels.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A book with only a language (and labels when given). */
static void book_in(struct mk_book *b, char **lang,
                    struct mk_label_override *labels, size_t n_labels)
{
    memset(b, 0, sizeof(*b));
    b->languages = lang;
    b->n_languages = 1;
    b->labels = labels;
    b->n_labels = n_labels;
}

static void test_table(void **state)
{
    static const char *const must[] = {
        "ar", "de", "en", "es", "fa", "fr", "he", "it", "ja", "ko", "nl",
        "pl", "pt", "ru", "sv", "tr", "ur", "zh", "zh-hant", "cs", "uk",
    };
    const char *prev = NULL, *tag;
    size_t i, n = 0;
    int k;

    (void)state;
    for (i = 0; (tag = mk_labels_language(i)) != NULL; i++) {
        char lang[16];
        char *langs[1];
        struct mk_book b;

        if (prev && strcmp(prev, tag) >= 0)
            fail_msg("rows out of order: %s before %s", prev, tag);
        prev = tag;
        n++;
        strncpy(lang, tag, sizeof(lang) - 1);
        lang[sizeof(lang) - 1] = '\0';
        langs[0] = lang;
        book_in(&b, langs, NULL, 0);
        for (k = 0; k < MK_LABEL_COUNT; k++) {
            struct mk_label_text t = mk_labels_get(&b, (enum mk_label)k);

            if (!t.text || !t.text[0] || t.lang)
                fail_msg("%s: label %s missing", tag,
                         mk_labels_key((enum mk_label)k));
        }
    }
    assert_true(n >= 20);
    for (i = 0; i < N_ELEMS(must); i++)
        if (!mk_labels_row_for(must[i])
            || strcmp(mk_labels_row_for(must[i]), must[i]) != 0)
            fail_msg("no row for %s", must[i]);
}

static void test_rows(void **state)
{
    static const struct {
        const char *tag, *row;
    } cases[] = {
        { "ar-EG", "ar" }, { "AR", "ar" }, { "iw", "he" }, { "he-IL", "he" },
        { "zh-TW", "zh-hant" }, { "zh-Hant", "zh-hant" },
        { "zh-Hant-HK", "zh-hant" }, { "zh-HK", "zh-hant" },
        { "zh-CN", "zh" }, { "zh-Hans-TW", "zh" }, { "zh", "zh" },
        { "pt-BR", "pt" }, { "en-GB-oxendict", "en" }, { "prs", "fa" },
        { "kk", NULL }, { "x-foo", NULL }, { "tlh", NULL },
    };
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(cases); i++) {
        const char *got = mk_labels_row_for(cases[i].tag);

        if (cases[i].row ? !got || strcmp(got, cases[i].row) != 0 : !!got)
            fail_msg("%s: row %s, want %s", cases[i].tag,
                     got ? got : "none",
                     cases[i].row ? cases[i].row : "none");
    }
}

static void test_fallback_and_roles(void **state)
{
    char *kk[] = { (char *)"kk" }, *ar[] = { (char *)"ar" },
         *en[] = { (char *)"en-US" }, *de[] = { (char *)"de" };
    struct mk_book b;
    struct mk_label_text t;

    (void)state;
    book_in(&b, kk, NULL, 0);
    t = mk_labels_get(&b, MK_LABEL_CONTENTS);
    assert_string_equal(t.text, "Contents");
    assert_string_equal(t.lang, "en");
    t = mk_labels_role(&b, "trl", MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "Translator");
    assert_string_equal(t.lang, "en");

    book_in(&b, ar, NULL, 0);
    t = mk_labels_get(&b, MK_LABEL_START);
    assert_string_equal(t.text, "بداية المحتوى");
    assert_null(t.lang);
    t = mk_labels_role(&b, "trl", MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "ترجمة");
    assert_null(t.lang);
    t = mk_labels_role(&b, "aui", MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "Author of introduction, etc.");
    assert_string_equal(t.lang, "en");
    t = mk_labels_role(&b, NULL, MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "مساهم");

    book_in(&b, en, NULL, 0);
    t = mk_labels_role(&b, "aui", MK_LABEL_CREATOR);
    assert_string_equal(t.text, "Author of introduction, etc.");
    assert_null(t.lang);
    t = mk_labels_role(&b, "aut", MK_LABEL_CREATOR);
    assert_string_equal(t.text, "Author");
    assert_null(t.lang);

    book_in(&b, de, NULL, 0);
    t = mk_labels_get(&b, MK_LABEL_CREDITS);
    assert_string_equal(t.text, "Impressum");
}

static void test_overrides(void **state)
{
    char *kk[] = { (char *)"kk" };
    struct mk_label_override o[] = {
        { (char *)"contents", (char *)"Мазмұны", 3 },
        { (char *)"role-trl", (char *)"Аударған", 4 },
    };
    struct mk_book b;
    struct mk_label_text t;

    (void)state;
    book_in(&b, kk, o, N_ELEMS(o));
    t = mk_labels_get(&b, MK_LABEL_CONTENTS);
    assert_string_equal(t.text, "Мазмұны");
    assert_null(t.lang);
    t = mk_labels_get(&b, MK_LABEL_COVER);
    assert_string_equal(t.text, "Cover");
    assert_string_equal(t.lang, "en");
    t = mk_labels_role(&b, "trl", MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "Аударған");
    assert_null(t.lang);
    t = mk_labels_role(&b, "edt", MK_LABEL_CONTRIBUTOR);
    assert_string_equal(t.text, "Editor");
}

static void test_keys(void **state)
{
    (void)state;
    assert_true(mk_labels_key_is_known("contents"));
    assert_true(mk_labels_key_is_known("isbn"));
    assert_true(mk_labels_key_is_known("role-trl"));
    assert_true(mk_labels_key_is_known("role-aui"));
    assert_false(mk_labels_key_is_known("role-xyz"));
    assert_false(mk_labels_key_is_known("role-"));
    assert_false(mk_labels_key_is_known("Contents"));
    assert_false(mk_labels_key_is_known(NULL));
    assert_string_equal(mk_labels_suggest("content"), "contents");
    assert_string_equal(mk_labels_suggest("role-trn"), "role-trl");
    assert_null(mk_labels_suggest("table-of-things"));
    assert_string_equal(mk_labels_key(MK_LABEL_START), "start");
    assert_null(mk_labels_key(MK_LABEL_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_fallback_and_roles),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
