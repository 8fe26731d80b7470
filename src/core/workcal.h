/*
 * workcal.h — working time: the legal clock of dossiers.
 *
 * Pure functions of (instant, calendar, working hours). Instants are int64
 * Unix seconds, read in Vietnam's local time (vntime.h). "Working time" is
 * the time inside the working periods (default 07:30–11:30 and 13:00–17:00,
 * 8 h a day) of working days (holidays.h: Monday–Friday that are not days
 * off, plus weekend days declared working days). It is counted in seconds.
 *
 * The rules (docs/CALENDAR.md, with worked examples):
 *
 *  - Clock start (wc_clock_start). A dossier received inside a working
 *    period of a working day, not after the cut-off (default 15:00), starts
 *    the clock at once. Otherwise the clock starts at the beginning of the
 *    next working period: later the same day if the receipt is before the
 *    cut-off (before opening → 07:30; lunch break → 13:00), else the first
 *    period of the next working day (after the cut-off, after closing, or on
 *    a day that is not a working day). "After the cut-off" means strictly
 *    later than 15:00:00, reading "nhận sau 15 giờ" literally: 15:00:00 is
 *    still the same day, 15:00:01 is not.
 *  - N working days = N × (working time of one day), added to the clock
 *    start: Monday 09:00 + 3 days → Thursday 09:00. Fractions (0.5 day = 4 h)
 *    and working hours work the same way.
 *  - A due instant that falls exactly where a working period begins is
 *    reported as the end of the previous one: Monday 16:00 (after the
 *    cut-off) + 1 day → clock Tuesday 07:30 → due Tuesday 17:00, not
 *    Wednesday 07:30. wc_add does this by construction.
 *  - Same day: the end of the last working period of the day the clock
 *    starts on (so: today, or the next working day when received after the
 *    cut-off or outside working time).
 *  - Calendar days (Civil Code 2015 Art. 147–148): N days after the date of
 *    receipt (that date not counted); if the last day is not a working day
 *    the period runs to the end of the next working day. The due instant is
 *    the close of business (end of the last working period) of that day —
 *    the counter is shut after it — rather than 24:00 (Art. 148(6)).
 *  - Pauses (waiting for the citizen to supplement a dossier): the working
 *    time between pause and resume (wc_elapsed) is added to the old due
 *    instant with wc_add, so the due instant moves by exactly that much.
 *
 * A NULL calendar means Monday–Friday without holidays. Functions that
 * return an instant or a duration directly (wc_clock_start, wc_elapsed,
 * wc_close_of_day) expect a valid h (wc_hours_valid) and instants within
 * years 1–9999; wc_add and wc_due check both and return -1.
 *
 * Threading: no state; safe from any thread as long as the calendar is
 * not modified meanwhile (holidays.h).
 */
#ifndef MOTCUA_CORE_WORKCAL_H
#define MOTCUA_CORE_WORKCAL_H

#include <stddef.h>
#include <stdint.h>

struct hol_calendar;

#define WC_MAX_PERIODS 4
#define WC_NO_CUTOFF (-1)

/* Working hours of an agency. Minutes since local midnight; periods sorted,
 * non-overlapping, start < end, within 00:00..24:00. A plain value: copy it
 * freely. */
struct wc_hours {
	int n; /* 1..WC_MAX_PERIODS */
	int start[WC_MAX_PERIODS];
	int end[WC_MAX_PERIODS];
	int cutoff; /* minutes since midnight, or WC_NO_CUTOFF */
};

/* 07:30–11:30, 13:00–17:00, cut-off 15:00. */
void wc_hours_default(struct wc_hours *h);

/*
 * Parse periods "07:30-11:30,13:00-17:00" (spaces allowed around items)
 * into h->n/start/end; h->cutoff is left as it is. 0, or -1 if malformed,
 * unsorted or overlapping (h unchanged then).
 */
int wc_hours_parse(struct wc_hours *h, const char *s, size_t len);
/* "HH:MM" → minutes since midnight (00:00..24:00). 0 or -1. */
int wc_parse_hhmm(const char *s, size_t len, int *minutes);
/* Format the periods back ("07:30-11:30,13:00-17:00"). Length or -1. */
int wc_hours_format(const struct wc_hours *h, char *out, size_t cap);
/* 1 if h is well formed (as wc_hours_parse would produce, cut-off valid). */
int wc_hours_valid(const struct wc_hours *h);
/* Working seconds in one working day (28800 by default). */
int64_t wc_day_seconds(const struct wc_hours *h);

/* 1 if `day` (day number) is a working day. */
int wc_is_working_day(const struct hol_calendar *c, int64_t day);

/* The instant the clock starts for a dossier received at t (rules above). */
int64_t wc_clock_start(const struct hol_calendar *c, const struct wc_hours *h, int64_t t);

/*
 * The instant at which `work_s` seconds of working time have passed since
 * t (t need not be working time). work_s = 0 gives t. Result exhausting a
 * period exactly is that period's end. 0, or -1 if h is invalid, work_s is
 * negative or more than ~100 years of working time.
 */
int wc_add(const struct hol_calendar *c, const struct wc_hours *h, int64_t t, int64_t work_s,
	   int64_t *out);

/* Working seconds in [a, b); 0 if b <= a. */
int64_t wc_elapsed(const struct hol_calendar *c, const struct wc_hours *h, int64_t a, int64_t b);

/* End of the last working period of `day` (whether or not it is working). */
int64_t wc_close_of_day(const struct wc_hours *h, int64_t day);

enum wc_unit {
	WC_WORKING_DAYS,  /* amount in thousandths of a working day (1500 = 1.5 days) */
	WC_WORKING_HOURS, /* amount in thousandths of an hour of working time */
	WC_SAME_DAY,      /* amount ignored */
	WC_CALENDAR_DAYS, /* amount in thousandths of a day, whole days only */
};

struct wc_due {
	int64_t start; /* clock start (the receipt itself for calendar days) */
	int64_t due;
};

/*
 * The due instant for a dossier received at `received`. 0, or -1 for an
 * invalid h, a negative or too large amount, or a fractional calendar-day
 * amount.
 */
int wc_due(const struct hol_calendar *c, const struct wc_hours *h, int64_t received,
	   enum wc_unit unit, int64_t amount_milli, struct wc_due *out);

#endif
