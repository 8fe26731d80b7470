/*
 * lunar.h — the Vietnamese lunisolar calendar (âm lịch), 1900–2199.
 *
 * Computed, not tabulated: new moons and the Sun's apparent longitude after
 * Meeus, "Astronomical Algorithms" (2nd ed., 1998), chapters 22, 25 and 49,
 * for Vietnam's meridian 105°E (UTC+7). The rules (docs/CALENDAR.md):
 *   - a month starts on the local day that contains the new moon;
 *   - month 11 is the month that contains the winter solstice;
 *   - when 13 months lie between two months 11, the first of them after
 *     month 11 that contains no principal term (trung khí, a multiple of 30°
 *     of solar longitude) is the leap month and repeats the previous number.
 * This is the Vietnamese calendar, not the Chinese one (UTC+8): Tết 1985 is
 * 21 Jan here and 20 Feb in China.
 *
 * Range: the lunar years 1899–2199 completely, which covers every solar day
 * from 1900-01-01 to 2199-12-31 (and a little more each side, see
 * lunar_range). Outside it the functions return -1.
 *
 * Threading: the month table is built once, on first use, under
 * pthread_once (lunar_init may be called at start-up to pay the ~ms then);
 * after that every function is a pure lookup, safe from any thread.
 */
#ifndef MOTCUA_CORE_LUNAR_H
#define MOTCUA_CORE_LUNAR_H

#include <stdint.h>

struct lunar_date {
	int year;  /* lunar year, numbered like the solar year its month 1 falls in */
	int month; /* 1..12 */
	int day;   /* 1..30 */
	int leap;  /* 1 if the month is the leap (nhuận) repetition of `month` */
};

/* Builds the month table now (otherwise done on first use). Idempotent. */
void lunar_init(void);
/* 1 if this build loads the table computed at build time (else it computes
 * it on first use). */
int lunar_table_embedded(void);
/* Recompute the table from the astronomy and compare it with the one in use:
 * 0 if identical. Slow (~50 ms) and not thread-safe: for tests. */
int lunar_verify_table(void);

/* First and last solar day numbers (days since 1970-01-01) supported. */
void lunar_range(int64_t *first_day, int64_t *last_day);

/* Lunar date of the solar day number `days`. 0, or -1 out of range. */
int lunar_from_days(int64_t days, struct lunar_date *out);

/*
 * Solar day number of a lunar date. -1 if out of range or if the date does
 * not exist: leap set for a month that is not leap that year, day 30 of a
 * 29-day month, month outside 1..12.
 */
int lunar_to_days(const struct lunar_date *ld, int64_t *days);

/* Leap month number of lunar year y (0 = none), or -1 out of range. */
int lunar_leap_month(int year);

/* 29 or 30; 0 if the month does not exist (or is out of range). */
int lunar_month_length(int year, int month, int leap);

/*
 * Astronomy, exposed for tests and docs. Julian Days; "jde" is in
 * Terrestrial Time, "jd" in Universal Time.
 *   lunar_new_moon_jde: instant of the new moon of lunation k (k = 0 is the
 *     new moon of 2000-01-06, Meeus ch. 49).
 *   lunar_delta_t: TT − UT in seconds at a decimal year (Espenak & Meeus).
 *   lunar_sun_longitude: apparent geocentric longitude of the Sun, degrees
 *     in [0, 360), referred to the true equinox of date.
 *   lunar_local_day: local (UTC+7) day number containing a UT Julian Day.
 */
double lunar_new_moon_jde(int k);
double lunar_delta_t(double year);
double lunar_sun_longitude(double jde);
int64_t lunar_local_day(double jd);

#endif
