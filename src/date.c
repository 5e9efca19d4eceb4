/*
 * date.c - W3C date-time values.
 *
 * Owns the parser for the six W3C date-time forms: fixed-width digit
 * fields read left to right, each range-checked, with a static table
 * of month lengths for the day check.
 */
#include "date.h"

#include <stddef.h>

/* Days in each month of a common year; February gains one in leap. */
static const int month_days[12] = {
    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/*
 * Read exactly n digits at *p as a number into *out and advance *p.
 * Returns 1, or 0 (and leaves *p) if fewer than n digits are there.
 */
static int read_num(const char **p, int n, int *out)
{
    const char *s = *p;
    int v = 0;
    int i;

    for (i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    *p = s + n;
    return 1;
}

/* Read n digits into *out, then require lo <= *out <= hi. */
static int read_field(const char **p, int n, int lo, int hi, int *out)
{
    return read_num(p, n, out) && *out >= lo && *out <= hi;
}

static int is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    if (month == 2 && is_leap(year))
        return 29;
    return month_days[month - 1];
}

/* TZD = "Z" / ("+" / "-") hh ":" mm, and nothing after it. */
static int is_tzd(const char *p)
{
    int v;

    if (p[0] == 'Z')
        return p[1] == '\0';
    if (p[0] != '+' && p[0] != '-')
        return 0;
    p++;
    if (!read_field(&p, 2, 0, 23, &v) || *p != ':')
        return 0;
    p++;
    if (!read_field(&p, 2, 0, 59, &v))
        return 0;
    return *p == '\0';
}

/* The part after 'T': hh:mm[:ss[.s+]]TZD. */
static int is_time(const char *p)
{
    int v;

    if (!read_field(&p, 2, 0, 23, &v) || *p != ':')
        return 0;
    p++;
    if (!read_field(&p, 2, 0, 59, &v))
        return 0;
    if (*p != ':')
        return is_tzd(p);
    p++;
    if (!read_field(&p, 2, 0, 59, &v))
        return 0;
    if (*p == '.') {
        p++;
        if (!is_digit((unsigned char)*p))
            return 0;
        while (is_digit((unsigned char)*p))
            p++;
    }
    return is_tzd(p);
}

int mk_date_is_w3c(const char *s)
{
    const char *p = s;
    int year, month, day;

    if (s == NULL)
        return 0;
    if (!read_num(&p, 4, &year))
        return 0;
    if (*p == '\0')
        return 1;
    if (*p != '-')
        return 0;
    p++;
    if (!read_field(&p, 2, 1, 12, &month))
        return 0;
    if (*p == '\0')
        return 1;
    if (*p != '-')
        return 0;
    p++;
    if (!read_field(&p, 2, 1, days_in_month(year, month), &day))
        return 0;
    if (*p == '\0')
        return 1;
    if (*p != 'T')
        return 0;
    return is_time(p + 1);
}
