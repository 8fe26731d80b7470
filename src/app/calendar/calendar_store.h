/*
 * calendar_store.h — the administrator's calendar decisions in the database
 * (migration 0005_calendar.sql) on top of the shipped data, for the server
 * (app_clock_init, the calendar API) and the command line (`--db`).
 *
 * Precedence (docs/CALENDAR.md §5), applied by calendar_load_db:
 *  - rules: if the table calendar_rule has any row, those rows replace the
 *    shipped rules entirely (hol_set_rules); with none, the shipped rules stay;
 *  - dated rows: every year listed in calendar_year replaces the calendar's
 *    rows of that year by its calendar_day rows (hol_replace_years); a listed
 *    year with no rows becomes undecided (the rules' defaults apply).
 *
 * Writers (calendar_db_*) only touch the tables: they run inside the caller's
 * write transaction (the writer thread), and the caller rebuilds the
 * calendar from the database afterwards (calendar_build) so memory is always
 * exactly what a restart would load. Appointments already promised
 * (dossier.due_at) are never recomputed here; calendar_due_* only count them.
 *
 * Ownership: calendars returned are the caller's (hol_free). Threading: a
 * struct db belongs to one thread; the functions keep no state.
 */
#ifndef MOTCUA_APP_CALENDAR_STORE_H
#define MOTCUA_APP_CALENDAR_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/holidays.h"
#include "core/workcal.h"
#include "db/db.h"

/* Apply the stored decisions to c (normally hol_new_shipped()). 0, or -1
 * with err filled (the calendar may then be partly changed: discard it). */
int calendar_load_db(struct db *db, struct hol_calendar *c, struct hol_error *err);
/* hol_new_shipped() + calendar_load_db(). NULL with err. Caller frees. */
struct hol_calendar *calendar_build(struct db *db, struct hol_error *err);

/* The home agency's working periods and cut-off into *h. 0 when read, 1 when
 * there is no home agency (h untouched), -1 when its hours are malformed or
 * the query failed (h untouched). */
int calendar_home_hours(struct db *db, struct wc_hours *h);

/* 1 if the database decides `year` (a calendar_year row), 0 if not, -1 on
 * error. */
int calendar_db_has_year(struct db *db, int year);
/*
 * Make `year` a database year with rows, if it has none yet, by copying its
 * effective rows in `cur` (shipped rows, or the computed defaults), so that
 * editing one day never drops the others. 0 or -1.
 */
int calendar_db_take_year(struct db *db, const struct hol_calendar *cur, int year,
			  const char *actor, int64_t now);
/* Insert or replace the row of row->day (its year must be a database year). */
int calendar_db_put_day(struct db *db, const struct hol_row *row, const char *actor, int64_t now);
/* Delete the row of `day`. 0 or -1. */
int calendar_db_delete_day(struct db *db, int64_t day);
/* The year's rows become exactly rows[0..n) (all in `year`). 0 or -1. */
int calendar_db_replace_year(struct db *db, int year, const struct hol_row *rows, size_t n,
			     const char *actor, int64_t now);
/* The stored rules become exactly rules[0..n) (n = 0: back to the shipped
 * rules). 0 or -1. */
int calendar_db_set_rules(struct db *db, const struct hol_rule *rules, size_t n, const char *actor,
			  int64_t now);
/* 1 if the database holds rules (they replace the shipped ones), 0, -1. */
int calendar_db_has_rules(struct db *db);

/*
 * Open dossiers (received, processing, supplement_requested): how many have
 * their appointment (due_at) on local day `day`; and how many have it on a
 * day whose working status differs between calendars a and b. -1 on error.
 */
long long calendar_due_on(struct db *db, int64_t day);
long long calendar_due_changed(struct db *db, const struct hol_calendar *a,
			       const struct hol_calendar *b);

/* JSON of a row {date, kind, name, decision, reason, default} and of a rule
 * {calendar, month, day, offset, days, first_year, last_year, name, reason}
 * (years null when unbounded). New references. */
json_t *calendar_row_json(const struct hol_row *r);
json_t *calendar_rule_json(const struct hol_rule *r);

#endif
