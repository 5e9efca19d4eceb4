/*
 * test_date.c - unit tests for src/date.c: the six W3C date-time
 * forms, time zones, and the range checks (months, days per month
 * with leap years, hours, minutes, seconds).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void check_all(const char *const *s, size_t n, int want)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (mk_date_is_w3c(s[i]) != want)
            fail_msg("mk_date_is_w3c(\"%s\") != %d", s[i], want);
    }
}

static void test_forms(void **state)
{
    static const char *const good[] = {
        "2020", "2020-12", "2020-12-03", "2020-02-29",
        "2020-12-03T10:00Z", "2020-12-03T10:00:00+05:00",
        "2020-12-03T10:00:00.5Z", "2020-12-03T10:00:00.123456789Z",
        "1997-07-16T19:20+01:00", "1997-07-16T19:20:30+01:00",
        "1997-07-16T19:20:30.45+01:00", "2020-12-03T23:59:59-12:00",
        "0000", "9999-12-31", "2020-12-03T00:00:00Z",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
}

static void test_bad_shapes(void **state)
{
    static const char *const bad[] = {
        "", "20-12-03", "2020/12/03", "2020-12-3", "2020-1", "202",
        "20201", "2020-", "2020-12-", "2020-12-03T", "2020-12-03 10:00Z",
        "2020-12-03t10:00Z", "2020-12-03T10:00z", "2020-12-03T10Z",
        "2020-12-03T10:00", "2020-12-03T10:00:00", "2020-12-03T10:0Z",
        "2020-12-03T10:00:0Z", "2020-12-03T10:00:00.Z",
        "2020-12-03T10:00.5Z", "2020-12-03T10:00+0500",
        "2020-12-03T10:00+05", "2020-12-03T10:00Z ", " 2020",
        "2020-12-03Z", "+2020", "-2020", "2020-12-03T10:00:00+05:00Z",
        "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x90",
        "2020-12-03T10:00:00.5+05:00:00",
    };

    (void)state;
    check_all(bad, N_ELEMS(bad), 0);
    assert_int_equal(mk_date_is_w3c(NULL), 0);
}

static void test_months_and_days(void **state)
{
    static const char *const good[] = {
        "2020-01-31", "2021-02-28", "2021-03-31", "2021-04-30",
        "2021-06-30", "2021-09-30", "2021-11-30", "2021-12-31",
        "2000-02-29", "2024-02-29", "1600-02-29", "2020-01",
    };
    static const char *const bad[] = {
        "2020-13", "2020-00", "2020-00-10", "2021-02-29",
        "1900-02-29", "2100-02-29", "2020-02-30", "2021-04-31",
        "2021-06-31", "2021-09-31", "2021-11-31", "2021-01-32",
        "2021-01-00", "2020-12-99",
    };

    (void)state;
    check_all(good, N_ELEMS(good), 1);
    check_all(bad, N_ELEMS(bad), 0);
}

static void test_time_ranges(void **state)
{
    static const char *const bad[] = {
        "2020-12-03T25:00Z", "2020-12-03T24:00Z", "2020-12-03T10:60Z",
        "2020-12-03T10:00:60Z", "2020-12-03T10:00:99Z",
        "2020-12-03T10:00+24:00", "2020-12-03T10:00+05:60",
        "2020-12-03T1a:00Z",
    };
    static const char *const good[] = {
        "2020-12-03T23:59Z", "2020-12-03T10:00+23:59",
        "2020-12-03T10:00-00:00",
    };

    (void)state;
    check_all(bad, N_ELEMS(bad), 0);
    check_all(good, N_ELEMS(good), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_bad_shapes),
        cmocka_unit_test(test_months_and_days),
        cmocka_unit_test(test_time_ranges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
