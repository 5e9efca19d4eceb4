/*
 * test_isbn.c - unit tests for src/isbn.c: ISBN-10 and ISBN-13 as
 * written (hyphens, spaces, prefixes), check digits, lengths, and the
 * 978/979 prefix of ISBN-13.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "isbn.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void test_valid(void **state)
{
    static const struct {
        const char *text, *digits;
    } good[] = {
        { "9780306406157", "9780306406157" },
        { "978-0-306-40615-7", "9780306406157" },
        { "978 0 306 40615 7", "9780306406157" },
        { "urn:isbn:9780306406157", "9780306406157" },
        { "URN:ISBN:978-0-306-40615-7", "9780306406157" },
        { "ISBN 978-0-306-40615-7", "9780306406157" },
        { "ISBN-13: 978-0-306-40615-7", "9780306406157" },
        { "isbn:0306406152", "0306406152" },
        { "0-306-40615-2", "0306406152" },
        { "0-8044-2957-X", "080442957X" },
        { "0-8044-2957-x", "080442957X" },
        { "ISBN-10 0-8044-2957-X", "080442957X" },
        { "979-10-90636-07-1", "9791090636071" },
    };
    struct mk_isbn isbn;
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(good); i++) {
        if (mk_isbn_read(good[i].text, &isbn) != MK_ISBN_OK)
            fail_msg("'%s' gave %d", good[i].text, (int)isbn.status);
        assert_string_equal(isbn.digits, good[i].digits);
        assert_int_equal(isbn.n_digits, (int)strlen(good[i].digits));
    }
}

static void test_check_digit(void **state)
{
    struct mk_isbn isbn;

    (void)state;
    assert_int_equal(mk_isbn_read("978-0-306-40615-8", &isbn),
                     MK_ISBN_CHECK);
    assert_int_equal(isbn.expected, '7');
    assert_string_equal(isbn.digits, "9780306406158");
    assert_int_equal(mk_isbn_read("0-306-40615-3", &isbn), MK_ISBN_CHECK);
    assert_int_equal(isbn.expected, '2');
    assert_int_equal(mk_isbn_read("0-8044-2957-5", &isbn), MK_ISBN_CHECK);
    assert_int_equal(isbn.expected, 'X');
    /* two digits swapped */
    assert_int_equal(mk_isbn_read("978-0-306-46015-7", &isbn),
                     MK_ISBN_CHECK);
}

static void test_shapes(void **state)
{
    static const char *const syntax[] = {
        "", "abc", "978-0-306-40615-7a", "97803064061X7", "X306406152",
        "978--0-306-40615-7", "-9780306406157", "9780306406157-",
        "978_0306406157", "ISBN", "978.0.306.40615.7",
    };
    static const char *const length[] = {
        "978030640615", "97803064061577", "030640615", "1",
    };
    struct mk_isbn isbn;
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(syntax); i++)
        if (mk_isbn_read(syntax[i], &isbn) != MK_ISBN_SYNTAX)
            fail_msg("'%s' gave %d, not SYNTAX", syntax[i],
                     (int)isbn.status);
    for (i = 0; i < N_ELEMS(length); i++)
        if (mk_isbn_read(length[i], &isbn) != MK_ISBN_LENGTH)
            fail_msg("'%s' gave %d, not LENGTH", length[i],
                     (int)isbn.status);
    assert_int_equal(mk_isbn_read("97803064061577", &isbn), MK_ISBN_LENGTH);
    assert_int_equal(isbn.n_digits, 14);
    assert_int_equal(mk_isbn_read("1234567890123", &isbn), MK_ISBN_PREFIX);
    assert_int_equal(mk_isbn_read(NULL, &isbn), MK_ISBN_SYNTAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_check_digit),
        cmocka_unit_test(test_shapes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
