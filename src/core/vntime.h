/*
 * vntime.h — instants and civil dates in Vietnam's local time.
 *
 * An instant is an int64 count of seconds since the Unix epoch (UTC).
 * Vietnam has kept UTC+07:00 without daylight saving since 1975, so local
 * civil time is a pure function of the instant: no tz database, no
 * localtime() (banned: not thread-safe, depends on the process TZ).
 *
 * A "day number" is the count of local days since 1970-01-01 (which is day 0,
 * a Thursday); it is what the calendar code indexes by.
 *
 * All functions are pure and thread-safe.
 */
#ifndef MOTCUA_CORE_VNTIME_H
#define MOTCUA_CORE_VNTIME_H

#include <stddef.h>
#include <stdint.h>

#define VN_UTC_OFFSET_S (7 * 3600)

struct vn_date {
	int y, m, d; /* m 1..12, d 1..31 */
};

struct vn_civil {
	int y, m, d;    /* local date */
	int hh, mi, ss; /* local time of day */
};

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (any year). */
int64_t vn_days_from_civil(int y, int m, int d);
/* Inverse of vn_days_from_civil. */
struct vn_date vn_civil_from_days(int64_t days);
/* 0 = Sunday … 6 = Saturday (the C tm_wday convention). */
int vn_weekday(int64_t days);
/* Days in month m of year y; 0 for a month outside 1..12. */
int vn_days_in_month(int y, int m);
/* 1 if y-m-d is a real date. */
int vn_date_valid(int y, int m, int d);

/* Local day number of an instant. */
int64_t vn_day_of(int64_t t);
/* Seconds since local midnight of an instant (0..86399). */
int vn_second_of_day(int64_t t);
/* The instant at local y-m-d hh:mi:ss. */
int64_t vn_instant(int y, int m, int d, int hh, int mi, int ss);
/* The instant of local midnight starting day number `days`. */
int64_t vn_instant_of_day(int64_t days);
struct vn_civil vn_civil_of(int64_t t);

/*
 * Formatting. Each writes a NUL-terminated string into out (capacity cap) and
 * returns its length, or -1 if cap is too small.
 *   vn_format_iso:   2026-03-02T09:00:00+07:00   (API instants)
 *   vn_format_local: 2026-03-02T09:00            (CLI, minutes precision)
 *   vn_format_date:  2026-03-02
 *   vn_format_vn:    09:00 02/03/2026            (what people read)
 */
int vn_format_iso(int64_t t, char *out, size_t cap);
int vn_format_local(int64_t t, char *out, size_t cap);
int vn_format_date_days(int64_t days, char *out, size_t cap);
int vn_format_vn(int64_t t, char *out, size_t cap);

/*
 * Parsing, strict. Input is (s, len), not necessarily NUL-terminated.
 * vn_parse_date:    YYYY-MM-DD                    → day number
 * vn_parse_instant: YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM] → instant; without an
 *                   offset the time is taken as Vietnam local time.
 * Return 0 on success, -1 on malformed input or an impossible date.
 */
int vn_parse_date(const char *s, size_t len, int64_t *days);
int vn_parse_instant(const char *s, size_t len, int64_t *t);

#endif
