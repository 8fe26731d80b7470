/*
 * calendar.h — the legal clock's data, as a contract: days off, make-up
 * working days and the recurring rules that the administrator decides on
 * top of the shipped calendar (docs/CALENDAR.md §5). Services take the
 * store, who acts, the caller's `now` and a struct problem, and return 0 or
 * an enum err with the problem filled; nothing here is of HTTP.
 *
 * A change (a day, a year's import, the rules) runs inside the caller's
 * write transaction: it changes the tables, rebuilds the calendar from the
 * store in the same transaction (shipped data + stored decisions: exactly
 * what a restart would load), writes the audit record (entity "calendar")
 * and counts the open dossiers whose appointment the change touches. The
 * rebuilt calendar comes back in the change (struct calendar_change.next):
 * the caller publishes it with app_cal_replace only once the transaction
 * committed, and frees it otherwise, so a rolled-back change never reaches
 * memory. Appointments already promised (dossier.due_at) are never
 * recomputed: the change says how many there are instead.
 *
 * Precedence when loading (calendar_load_db):
 *  - rules: if the store holds any rule, those replace the shipped rules
 *    entirely; with none, the shipped rules stay;
 *  - dated rows: every year the store decides replaces the calendar's rows
 *    of that year by its stored rows; a decided year with no rows becomes
 *    undecided (the rules' defaults apply).
 *
 * Ownership: calendars returned are the caller's (hol_free); JSON results
 * are new references. Threading: a struct db belongs to one thread; the
 * published calendar is read under app_cal_lock.
 */
#ifndef MOTCUA_APP_CALENDAR_H
#define MOTCUA_APP_CALENDAR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/holidays.h"
#include "core/workcal.h"

/* Ceilings. */
#define CALENDAR_TEXT_CHARS 100     /* name, reason: ≤ HOL_TEXT_MAX bytes of NFC Vietnamese */
#define CALENDAR_DECISION_CHARS 60  /* "12729/VPCP-KGVX" */
#define CALENDAR_RULES_MAX 200      /* rules in force */
#define CALENDAR_CSV_MAX (1u << 20) /* bytes of an imported year */

/* --- loading (server start, the CLI's --db) --- */

/* Apply the stored decisions to c (normally hol_new_shipped()). 0, or -1
 * with err filled (the calendar may then be partly changed: discard it). */
int calendar_load_db(struct db *db, struct hol_calendar *c, struct hol_error *err);
/* hol_new_shipped() + calendar_load_db(). NULL with err. Caller frees. */
struct hol_calendar *calendar_build(struct db *db, struct hol_error *err);
/* The home agency's working periods and cut-off into *h. 0 when read, 1 when
 * there is no home agency (h untouched), -1 when its hours are malformed or
 * the query failed (h untouched). */
int calendar_home_hours(struct db *db, struct wc_hours *h);
/* Every agency's working periods and cut-off, by id ascending, into a new
 * array *out (free()) of *n; an agency whose stored hours are malformed is
 * left out (the clock then uses the home agency's). 0, or -1 (query). */
int calendar_all_hours(struct db *db, struct agency_hours **out, size_t *n);

/* --- each agency's working hours (D30) --- */

/* {"items":[{agency{code,name}, centre, home, work_periods, cutoff (null:
 * none), day_working_seconds}]}: every agency, the province first. 0 or
 * ERR_INTERNAL. */
int calendar_hours_json(struct db *db, json_t **out, struct problem *p);

struct calendar_hours_change {
	/* every agency's hours read back after the change: publish them
	 * (app_clock_set_hours) after the commit, or free() them */
	struct agency_hours *next;
	size_t n;
	json_t *entry; /* the agency's item as calendar_hours_json gives it */
};
void calendar_hours_change_free(struct calendar_hours_change *ch);

/*
 * Set agency `code`'s working periods ("07:30-11:30,13:00-17:00", at most
 * WC_MAX_PERIODS) and cut-off ("15:00"; NULL: none) — audit
 * "agency.hours_set", a notice to the other servers (DB_CHANNEL_CALENDAR).
 * An administrator of the home agency sets any agency's hours, another only
 * his own agency's (403 not_your_agency); 404 for an unknown agency; 422 on
 * work_periods / cutoff. Appointments already promised are not recomputed.
 */
int calendar_hours_set(struct db *db, const struct actor *who, int64_t now, const char *code,
		       const char *work_periods, const char *cutoff,
		       struct calendar_hours_change *out, struct problem *p);

/* --- appointments promised across a day (the staff's list) --- */

/*
 * The open dossiers (received, processing, supplement_requested) whose
 * promised window spans local day `day`: clock start before its end and
 * appointment (due_at) on or after its start, by appointment then code.
 * When `day` became a day off after they were received, their appointment
 * counted it as a working day; it is NOT recomputed (docs/CALENDAR.md §5).
 * [{code, status, clock_start, due_at}] (ISO instants, +07:00), a new
 * reference; NULL on a database error.
 */
json_t *calendar_dossiers_spanning(struct db *db, int64_t day);

/* At most this many dossiers are listed for one day ("total" counts all). */
#define CALENDAR_AFFECTED_MAX 500

/*
 * The staff's view of the same list (GET /api/v1/calendar/affected), from
 * the published calendar (app->cal) and the store. No personal data.
 *  - has_day: {"date", "holiday": {name, decision, reason}|null (the day
 *    off of `day`, when it is one), "items": [{code, procedure{code,name},
 *    status, received_at, due_at, unit{code,name}|null}], "total"};
 *  - otherwise: {"days": [{date, name, total}]}: every day off on a weekday
 *    (Monday–Friday: a day a calendar without it counts as working) of the
 *    year of `now` and the next that the window of at least one open
 *    dossier spans, by date; a newly loaded holiday shows without knowing
 *    its date.
 * Appointments are never recomputed: the centre decides (docs/CALENDAR.md
 * §5). 0, or ERR_INTERNAL with p filled.
 */
int calendar_affected_json(struct app *a, struct db *db, int64_t now, int has_day, int64_t day,
			   json_t **out, struct problem *p);

/* --- rules of input (422 on the field named) --- */

/* "2026" → 2026 within HOL_FIRST_YEAR..HOL_LAST_YEAR (field "year"). */
int calendar_parse_year(const char *s, int *year, struct problem *p);
/* "2026-04-30" → day number within those years (field "date"). */
int calendar_parse_date(const char *s, int64_t *day, struct problem *p);
/* kind "off" or "work"; a make-up working day falls on a weekend (field
 * "kind"). *work = 1 for "work". */
int calendar_check_kind(int64_t day, const char *kind, int *work, struct problem *p);
/* A whole row: its kind as above, a name, texts within HOL_TEXT_MAX bytes. */
int calendar_check_row(const struct hol_row *row, struct problem *p);
/* A rule i of a list: the day exists in the month (29/2 allowed, lunar up to
 * 30), last_year not before first_year, texts within HOL_TEXT_MAX bytes
 * (fields "rules[i].day" …). */
int calendar_check_rule(const struct hol_rule *r, size_t i, struct problem *p);

/* --- changes (inside the caller's write transaction) --- */

struct calendar_change {
	/* the calendar rebuilt from the store after the change: publish it
	 * (app_cal_replace) after the commit, or free it (calendar_change_free) */
	struct hol_calendar *next;
	json_t *entry;      /* a day: its row after the change, NULL when none */
	json_t *rules;      /* the rules: those now in force */
	int working;        /* a day: whether it is now a working day */
	long long days;     /* an import: the rows of the year */
	long long affected; /* open dossiers whose appointment the change touches */
};

/* Free what a change holds (next, entry, rules) and zero it. */
void calendar_change_free(struct calendar_change *ch);

/* Add or change the row of row->day (audit "calendar.day_set"); affected:
 * open dossiers due on that day. */
int calendar_day_put(struct db *db, const struct actor *who, int64_t now, const struct hol_row *row,
		     struct calendar_change *out, struct problem *p);
/* Remove the row of `day` (audit "calendar.day_remove"): 404 when the day is
 * neither a day off nor a make-up day. */
int calendar_day_delete(struct db *db, const struct actor *who, int64_t now, int64_t day,
			struct calendar_change *out, struct problem *p);
/* Replace the rows of `year` by a CSV file's (hol_load_days_csv's format;
 * every date in `year`, at least one), audit "calendar.import"; errors name
 * the line ("line 3"). */
int calendar_import_year(struct db *db, const struct actor *who, int64_t now, int year,
			 const char *csv, size_t len, struct calendar_change *out,
			 struct problem *p);
/* The stored rules become rules[0..n) (n = 0: back to the shipped rules),
 * audit "calendar.rules". */
int calendar_rules_set(struct db *db, const struct actor *who, int64_t now,
		       const struct hol_rule *rules, size_t n, struct calendar_change *out,
		       struct problem *p);

/* --- reading the published calendar (app->cal) --- */

/* {"year","source","work_periods","cutoff","entries":[row…],"days":[…]}:
 * source "database", "shipped" or "default". */
int calendar_year_json(struct app *a, struct db *db, int year, json_t **out, struct problem *p);
/* {"source":"database"|"shipped","rules":[rule…]}. */
int calendar_rules_json(struct app *a, struct db *db, json_t **out, struct problem *p);
/* The year as CSV (no BOM), malloc'd into *csv, *len bytes. */
int calendar_export_csv(struct app *a, int year, char **csv, size_t *len, struct problem *p);

/* JSON of a row {date, kind, name, decision, reason, default} and of a rule
 * {calendar, month, day, offset, days, first_year, last_year, name, reason}
 * (years null when unbounded). New references. */
json_t *calendar_row_json(const struct hol_row *r);
json_t *calendar_rule_json(const struct hol_rule *r);

#endif
