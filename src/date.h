/*
 * date.h - W3C date-time values.
 *
 * Owns the check of dates against the W3C profile of ISO 8601
 * (https://www.w3.org/TR/NOTE-datetime), the format EPUB requires
 * for dc:date and dcterms:modified.
 */
#ifndef MK_DATE_H
#define MK_DATE_H

/*
 * 1 if s is a W3C date-time, 0 if not (NULL and "" give 0).
 * Accepted forms: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD,
 * YYYY-MM-DDThh:mm:ssTZD and YYYY-MM-DDThh:mm:ss.sTZD (one or more
 * fraction digits), where TZD is Z, +hh:mm or -hh:mm.  'T' and 'Z'
 * must be uppercase.  Ranges: month 01-12, day within the month
 * (Gregorian leap years, year 0000-9999), hh 00-23, mm 00-59,
 * ss 00-59 (no leap second, as in XML Schema), TZD hh 00-23.
 */
int mk_date_is_w3c(const char *s);

#endif /* MK_DATE_H */
