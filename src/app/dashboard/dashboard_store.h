/*
 * dashboard_store.h — all of the dashboard domain's SQL (private to the
 * domain): read-only aggregates over other domains' tables, each bounded by
 * an indexed range (migration 0021, DECISIONS D40). `agency` 0: every
 * agency. Rows come back as statements (db_done when finished); the column
 * orders are the enums below. Instants t0..t1 are half-open [t0, t1).
 */
#ifndef MOTCUA_APP_DASHBOARD_STORE_H
#define MOTCUA_APP_DASHBOARD_STORE_H

#include <stdint.h>

#include "db/db.h"

/* 0 when no agency has this code */
long long dash_agency_by_code(struct db *db, const char *code);
enum { DA_ID, DA_CODE, DA_NAME, DA_LEVEL };
struct db_stmt *dash_agencies(struct db *db, long long agency);

/* dossiers received in [t0, t1) at the receiving centre */
long long dash_received(struct db *db, long long agency, int64_t t0, int64_t t1);
/* results handed back in [t0, t1) */
long long dash_returned(struct db *db, long long agency, int64_t t0, int64_t t1);
/* open dossiers (received, processing) due before `now` (overdue), or due in
 * [now, t1) (due later today) */
long long dash_overdue(struct db *db, long long agency, int64_t now);
long long dash_due(struct db *db, long long agency, int64_t now, int64_t t1);
/* dossiers waiting for the applicant's supplement */
long long dash_paused(struct db *db, long long agency);

/* resolved (result issued) in [t0, t1), grouped by a key: day number or
 * procedure id */
enum { DR_KEY, DR_TOTAL, DR_ON_TIME, DR_EARLY, DR_HANDLING };
struct db_stmt *dash_resolved_by_day(struct db *db, long long agency, int64_t t0, int64_t t1);
struct db_stmt *dash_resolved_by_proc(struct db *db, long long agency, int64_t t0, int64_t t1);
/* ended otherwise (refused, withdrawn) in [t0, t1) */
long long dash_ended_other(struct db *db, long long agency, int64_t t0, int64_t t1);

enum { DV_KEY, DV_TOTAL };
struct db_stmt *dash_received_by_proc(struct db *db, long long agency, int64_t t0, int64_t t1);

/* procedure id → field */
enum { DP_PROC, DP_FIELD_CODE, DP_FIELD_NAME };
struct db_stmt *dash_proc_fields(struct db *db);

/* (the steps by unit and officer: performance_step_sums, performance.h) */
enum { DU_ID, DU_AGENCY, DU_CODE, DU_NAME };
struct db_stmt *dash_units(struct db *db);
enum { DST_ID, DST_USERNAME, DST_NAME };
struct db_stmt *dash_staff(struct db *db);

/* open overdue dossiers by their current step */
enum { DO_STEP, DO_UNIT_CODE, DO_UNIT_NAME, DO_TOTAL, DO_OVER_SECONDS, DO_STEP_LATE };
struct db_stmt *dash_overdue_by_step(struct db *db, long long agency, int64_t now);

/* the queue today: state, count */
enum { DQ_STATE, DQ_TOTAL };
struct db_stmt *dash_queue(struct db *db, long long agency, int64_t day);

/* evaluations created in [t0, t1): level, count (or agency, level, count) */
enum { DE_LEVEL, DE_TOTAL };
struct db_stmt *dash_evals(struct db *db, long long agency, int64_t t0, int64_t t1);
enum { DEA_AGENCY, DEA_TOTAL, DEA_SATISFIED };
struct db_stmt *dash_evals_by_agency(struct db *db, int64_t t0, int64_t t1);

/* petitions received in [t0, t1): type, status, count, answered on time,
 * open and overdue at `now` */
enum { DPE_TYPE, DPE_STATUS, DPE_TOTAL, DPE_ON_TIME, DPE_OVERDUE };
struct db_stmt *dash_petitions(struct db *db, long long agency, int64_t t0, int64_t t1,
			       int64_t now);
/* petitions answered in [t0, t1) per agency: answered, of which on time */
enum { DPA_AGENCY, DPA_ANSWERED, DPA_ON_TIME };
struct db_stmt *dash_petitions_by_agency(struct db *db, int64_t t0, int64_t t1);

#endif
