/*
 * calendar_store.h — every SQL statement of the calendar (calendar_store.c),
 * private to src/app/calendar/ (the loaders it also implements are in the
 * contract, calendar.h). Tables of migration 0005_calendar.sql.
 *
 * Writers (calendar_db_*) only touch the tables, inside the caller's write
 * transaction; the services (calendar_service.c) rebuild the calendar from
 * the store afterwards (calendar_build) so memory is always exactly what a
 * restart would load. calendar_due_* only count promised appointments.
 * Returns: 0 or -1 unless said otherwise. Threading: no state.
 */
#ifndef MOTCUA_APP_CALENDAR_STORE_H
#define MOTCUA_APP_CALENDAR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "app/calendar/calendar.h"
#include "core/holidays.h"
#include "db/db.h"

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

/*
 * Open dossiers whose promised window spans local day `day` (clock start
 * before its end, appointment on or after its start): how many, and the
 * first `max` of them by appointment then code as [{code, procedure{code,
 * name}, status, received_at, due_at, unit{code,name}|null}] (the unit of
 * the open step). No personal data is selected. -1 / NULL on error.
 */
long long calendar_spanning_count(struct db *db, int64_t day);
json_t *calendar_spanning_items(struct db *db, int64_t day, long long max);

/* Working hours (the agency table). calendar_db_hours_list: every agency,
 * province first (columns code, name, centre_name, is_home, work_periods,
 * cutoff); calendar_db_agency: one by code, positioned or NULL (columns id,
 * is_home, work_periods, cutoff, name); calendar_db_actor_agency: the agency
 * of a unit (none: the home agency; 0 if neither). */
struct db_stmt *calendar_db_hours_list(struct db *db);
struct db_stmt *calendar_db_agency(struct db *db, const char *code);
long long calendar_db_actor_agency(struct db *db, long long unit_id);
/* 1 if agency id is the home agency, else 0. */
int calendar_db_is_home(struct db *db, long long id);
/* Store an agency's periods and cut-off ("": none) as given. 0 or -1. */
int calendar_db_set_hours(struct db *db, long long agency_id, const char *work_periods,
			  const char *cutoff);

#endif
