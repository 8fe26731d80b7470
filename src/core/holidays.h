/*
 * holidays.h — the official calendar as data: days off, make-up working
 * days, and the recurring rules that fill years nobody has decided yet.
 *
 * Two kinds of data (docs/CALENDAR.md shows both files):
 *
 *  - dated rows ("days"): one date each, kind `off` (a day off, with a name:
 *    "Tết Nguyên đán", "Nghỉ bù", …) or `work` (a Saturday or Sunday declared
 *    a working day, "Làm bù"), with the number of the deciding text and a
 *    reason. CSV header: date,kind,name,decision,reason
 *  - recurring rules: solar or lunar month/day, an offset in days, a number
 *    of days, first/last year, name, reason. The defaults of the Labour Code
 *    2019 Art. 112 ship as data/calendar/rules.csv. CSV header:
 *    calendar,month,day,offset,days,first_year,last_year,name,reason
 *
 * A year is "decided" when the data holds at least one dated row for it:
 * its days off and make-up days are exactly those rows. Any other year gets
 * the defaults: every rule's days, plus — Labour Code Art. 111(3) — for each
 * such day falling on a Saturday or Sunday, a "Nghỉ bù" on the next working
 * day that is not already a holiday. Editing one day of an undecided year
 * first copies that year's defaults into rows (hol_set_day), so an edit
 * never silently drops Tết.
 *
 * A working day is a Monday–Friday that is not a day off, or a weekend day
 * with a `work` row. Years 1900–2199 are covered (the lunar range); outside
 * them every Monday–Friday is a working day and nothing else is.
 *
 * Ownership: a calendar owns copies of every string it is given. Rows and
 * strings handed out (hol_year_days, hol_day_info) belong to the calendar and
 * stay valid until the next call that modifies it.
 *
 * Threading: functions taking a const calendar only read it and may run
 * concurrently from any number of threads. Modifying functions need
 * exclusive access; the intended use is copy-on-write: hol_clone, modify the
 * clone, publish it (e.g. an atomic pointer swap), free the old one when no
 * reader holds it.
 *
 * Errors: loaders and editors return 0, or -1 with err filled (line number
 * of the CSV input, 0 when not from a file, and a lowercase message). On
 * error the calendar is unchanged: input is parsed into a temporary first.
 */
#ifndef MOTCUA_CORE_HOLIDAYS_H
#define MOTCUA_CORE_HOLIDAYS_H

#include <stddef.h>
#include <stdint.h>

#define HOL_FIRST_YEAR 1900
#define HOL_LAST_YEAR 2199
#define HOL_TEXT_MAX 300      /* bytes of a name, decision or reason */
#define HOL_CSV_MAX (1 << 20) /* bytes of one CSV input */

struct hol_calendar;

enum hol_kind {
	HOL_OFF = 1,  /* a day off (holiday, compensatory or swapped day) */
	HOL_WORK = 2, /* a weekend day declared a working day */
};

enum hol_basis {
	HOL_SOLAR = 0,
	HOL_LUNAR = 1,
};

/* One dated row. In rows handed out by the calendar `is_default` is 1 for a
 * row computed from the rules (an undecided year); callers set it to 0. */
struct hol_row {
	int64_t day; /* day number (vntime.h) */
	enum hol_kind kind;
	const char *name;     /* non-empty UTF-8 */
	const char *decision; /* "" if none */
	const char *reason;   /* "" if none */
	int is_default;
};

/*
 * A recurring rule: the date month/day of the given basis in each year from
 * first_year to last_year (0 = unbounded), moved by `offset` days, then
 * `days` consecutive days. Lunar dates use the ordinary (not leap) month; a
 * lunar day 30 in a 29-day month means its last day; solar 29/2 is skipped
 * in common years. Tết, "the last day of the year and mùng 1–4", is lunar
 * 1/1 with offset −1 and 5 days.
 */
struct hol_rule {
	enum hol_basis basis;
	int month, day; /* 1..12, 1..31 (solar) or 1..30 (lunar) */
	int offset;     /* −31..31 */
	int days;       /* 1..31 */
	int first_year, last_year;
	const char *name;   /* non-empty UTF-8 */
	const char *reason; /* "" if none */
};

struct hol_error {
	int line;      /* 1-based line of CSV input; 0 otherwise */
	char msg[200]; /* lowercase English, NUL-terminated */
};

/* An empty calendar: no rules, no rows — Monday–Friday only. Caller frees. */
struct hol_calendar *hol_new(void);
/* A deep copy. Caller frees. */
struct hol_calendar *hol_clone(const struct hol_calendar *c);
void hol_free(struct hol_calendar *c);

/*
 * The shipped calendar: data/calendar/rules.csv, then every other .csv file
 * of data/calendar/ (dated rows, vn-YYYY.csv), as embedded in the binary.
 * Returns a new calendar (caller frees) or NULL with err set — which only
 * happens if the shipped data itself is broken.
 */
struct hol_calendar *hol_new_shipped(struct hol_error *err);

/* Replace all rules. The strings are copied. */
int hol_set_rules(struct hol_calendar *c, const struct hol_rule *rules, size_t n,
		  struct hol_error *err);

/*
 * Replace, for every year that occurs in rows[], that year's dated rows by
 * the given ones (other years are untouched). This is what an import does,
 * and the seam for overrides kept elsewhere (the database): load the shipped
 * calendar, then apply the stored rows with this. Rows must be in the
 * covered years, have distinct days, and `work` only on a Saturday or Sunday.
 */
int hol_replace_years(struct hol_calendar *c, const struct hol_row *rows, size_t n,
		      struct hol_error *err);

/*
 * CSV text (UTF-8, optional BOM, LF or CRLF, RFC 4180 quotes, '#' comment
 * lines and blank lines ignored, header first) → hol_set_rules /
 * hol_replace_years. text need not be NUL-terminated.
 */
int hol_load_rules_csv(struct hol_calendar *c, const char *text, size_t len, struct hol_error *err);
int hol_load_days_csv(struct hol_calendar *c, const char *text, size_t len, struct hol_error *err);

/*
 * CSV export in the load formats, malloc'd and NUL-terminated; the caller
 * frees it. A year's export lists its effective rows (the defaults for an
 * undecided year), so loading it back makes the year decided, unchanged.
 * NULL for a year outside the covered range.
 */
char *hol_export_rules_csv(const struct hol_calendar *c, size_t *len);
char *hol_export_year_csv(const struct hol_calendar *c, int year, size_t *len);

/*
 * Add or replace the row of row->day (row->is_default is ignored). An
 * undecided year first receives its defaults as rows.
 */
int hol_set_day(struct hol_calendar *c, const struct hol_row *row, struct hol_error *err);
/*
 * Remove the row of `day`, after the same copying of defaults. Removing a
 * day that has no row is not an error. A year left with no rows becomes
 * undecided again (the defaults apply).
 */
int hol_remove_day(struct hol_calendar *c, int64_t day, struct hol_error *err);

/* 1 if `day` is a working day. c may be NULL (Monday–Friday). O(1). */
int hol_is_working_day(const struct hol_calendar *c, int64_t day);

/*
 * The effective rows of `year`, sorted by day: every day off other than an
 * ordinary weekend (holidays, also those on a weekend; compensatory and
 * swapped days) and every make-up working day. *out points into the
 * calendar. Returns the count (0 outside the range).
 */
size_t hol_year_days(const struct hol_calendar *c, int year, const struct hol_row **out);

/* The effective row of `day`, or NULL if it is an ordinary day. */
const struct hol_row *hol_day_info(const struct hol_calendar *c, int64_t day);

/* 1 if the data holds dated rows for `year`. */
int hol_year_decided(const struct hol_calendar *c, int year);

/* Number of rules, and rule i (strings owned by the calendar). */
size_t hol_rule_count(const struct hol_calendar *c);
const struct hol_rule *hol_rule_at(const struct hol_calendar *c, size_t i);

#endif
