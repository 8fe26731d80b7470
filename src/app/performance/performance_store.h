/*
 * performance_store.h — all of the performance domain's SQL (private to the
 * domain): it reads other domains' tables (dossier, dossier_step,
 * evaluation, petition, staff) for figures and never writes. Rows come
 * back as statements (db_done when finished); the column orders are the
 * enums below.
 */
#ifndef MOTCUA_APP_PERFORMANCE_STORE_H
#define MOTCUA_APP_PERFORMANCE_STORE_H

#include <stdint.h>

#include "db/db.h"

/* A staff member: id, username, unit (0: none), agency (0: none). */
enum { PS_ID, PS_USERNAME, PS_UNIT, PS_AGENCY };
struct db_stmt *perfstore_staff(struct db *db, long long id);
struct db_stmt *perfstore_staff_by_username(struct db *db, const char *username);

/* Steps handled by `staff` finished in [from, to) with outcome early,
 * on_time or late: dossier, dossier's agency, started_at (NULL possible),
 * finished_at, outcome. */
enum { PST_DOSSIER, PST_AGENCY, PST_STARTED, PST_FINISHED, PST_OUTCOME };
struct db_stmt *perfstore_steps(struct db *db, long long staff, int64_t from, int64_t to);

/* Steps of `staff` open at instant `to` (started before, not finished
 * before): *open, and *overdue of them (deadline before `to`). 0 or -1. */
int perfstore_open_steps(struct db *db, long long staff, int64_t to, long long *open,
			 long long *overdue);
/* Dossiers `staff` received in [from, to). -1 on error. */
long long perfstore_received(struct db *db, long long staff, int64_t from, int64_t to);
/* Evaluations tied to `staff` created in [from, to): *n, *not_satisfied. */
int perfstore_evaluations(struct db *db, long long staff, int64_t from, int64_t to, long long *n,
			  long long *not_satisfied);
/* Petitions assigned to `staff` answered in [from, to): *n, *on_time. */
int perfstore_petitions(struct db *db, long long staff, int64_t from, int64_t to, long long *n,
			long long *on_time);

/* Agencies and units by code: 1 and *id, 0 when none, -1 on error. */
int perfstore_agency_by_code(struct db *db, const char *code, long long *id);
int perfstore_unit_by_code(struct db *db, long long agency, const char *code, long long *id);

/* The officers of a scope (agency 0: every agency; unit 0: every unit):
 * active staff holding a role that handles dossiers, by agency, unit,
 * username. */
enum {
	PT_ID,
	PT_USERNAME,
	PT_FULL_NAME,
	PT_TITLE,
	PT_UNIT_CODE,
	PT_UNIT_NAME,
	PT_AGENCY_CODE,
	PT_AGENCY_NAME
};
struct db_stmt *perfstore_officers(struct db *db, long long agency, long long unit);

/* The drill-down: the dossiers behind a figure, newest first. kind is one
 * of performance.h's kinds (NULL statement for an unknown one). */
enum {
	PL_CODE,
	PL_PROC_CODE,
	PL_PROC_NAME,
	PL_POSITION, /* 0: not a step's row */
	PL_STEP_NAME,
	PL_STARTED,
	PL_FINISHED,
	PL_DUE,
	PL_OUTCOME
};
struct db_stmt *perfstore_list(struct db *db, const char *kind, long long staff, int64_t from,
			       int64_t to);

/* The export: dossiers received in [from, to) (agency 0: all), by id. */
enum {
	PX_ID,
	PX_CODE,
	PX_PROC_CODE,
	PX_PROC_NAME,
	PX_AGENCY_EID,
	PX_AGENCY_CODE,
	PX_AGENCY_NAME,
	PX_STATUS,
	PX_CHANNEL,
	PX_RETURN_METHOD,
	PX_APPLICANT_KIND,
	PX_LIMIT_VALUE,
	PX_LIMIT_UNIT,
	PX_SUBMITTED,
	PX_RECEIVED,
	PX_DUE,
	PX_ORIGINAL_DUE,
	PX_FINISHED,
	PX_RETURNED,
	PX_REFUSED,
	PX_WITHDRAWN,
	PX_SUPPLEMENTS,
	PX_APOLOGIES,
	PX_FILES,
	PX_FIELD_CODE,
	PX_FIELD_NAME
};
struct db_stmt *perfstore_export(struct db *db, long long agency, int64_t from, int64_t to);

/* --- the step rollup (migration 0025, DECISIONS D41) --- */

/* The days before the least advanced agency's through_day are in
 * step_day: that day, or 0 when the steps were never rolled up. */
int64_t perfstore_step_through(struct db *db);
/* Step sums, one row per unit, handler and outcome (a key may come twice:
 * the caller adds). handler 0 and outcome '' when none. */
enum { PSD_UNIT, PSD_HANDLER, PSD_OUTCOME, PSD_STEPS, PSD_TIMED, PSD_SECS };
/* from step_day over days [d0, d1); by_handler: per handler (steps with
 * one), else per unit (handler 0) */
struct db_stmt *perfstore_step_days(struct db *db, int64_t d0, int64_t d1, int by_handler);
/* the same from dossier_step over the instants [t0, t1) */
struct db_stmt *perfstore_step_live(struct db *db, int64_t t0, int64_t t1, int by_handler);
/* One officer's handled steps from step_day over days [d0, d1): outcome,
 * steps, timed, working seconds. */
enum { PSO_OUTCOME, PSO_STEPS, PSO_TIMED, PSO_WORK };
struct db_stmt *perfstore_officer_days(struct db *db, long long staff, int64_t d0, int64_t d1);
/* Distinct dossiers with a step handled by `staff` finished in [t0, t1). */
long long perfstore_dossiers_handled(struct db *db, long long staff, int64_t t0, int64_t t1);
/* The rollup's writing: the first finished step's instant (0: none); the
 * steps finished in [t0, t1) by agency, unit, handler, outcome (0 and ''
 * when none); clearing the days from `day` on; a row (unit, handler 0:
 * stored NULL); the new state. 0 or -1. */
int perfstore_first_step(struct db *db, int64_t *t);
enum { PSW_AGENCY, PSW_UNIT, PSW_HANDLER, PSW_OUTCOME, PSW_STARTED, PSW_FINISHED };
struct db_stmt *perfstore_sweep_steps(struct db *db, int64_t t0, int64_t t1);
int perfstore_step_clear(struct db *db, int64_t from_day);
int perfstore_step_insert(struct db *db, int64_t day, long long agency, long long unit,
			  long long handler, const char *outcome, long long steps, long long timed,
			  long long secs, long long work_secs);
int perfstore_step_set(struct db *db, int64_t through_day, int64_t now);

#endif
