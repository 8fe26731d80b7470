/*
 * dashboard_store.c — the dashboard domain's SQL: read-only aggregates over
 * the dossier, queue, evaluation and petition tables. Every query is bounded
 * by an indexed range (received_at, finished_at, returned_at, the open
 * statuses' due_at, a step's finished_at: migration 0021) and groups in SQL,
 * so the rows that come back are one per day, procedure, unit, officer or
 * agency — never one per dossier (DECISIONS D40). Portable SQL: the same
 * text on SQLite and PostgreSQL; sums are CAST to BIGINT (PostgreSQL's sum
 * of a bigint is numeric). Days are Vietnam's: (t + 25200) / 86400.
 */
#include "app/dashboard/dashboard_store.h"

/* "agency 0 = all" on the dossier's competent agency / receiving centre */
#define COMPETENT "($3 = 0 OR agency_id = $3)"
#define RECEIVING "($3 = 0 OR coalesce(received_agency_id, agency_id) = $3)"
/* resolved: the result issued (DOMAIN.md §1.6's end of processing). The
 * status is written `status || ''` so that no index serves it: a plain
 * status term makes SQLite's planner read the (status, due_at) index —
 * every returned dossier of all history — instead of the period's range. */
#define RESOLVED "(status || '') IN ('result_ready', 'returned')"
/* on time: end ≤ the appointment, at most one supplement request */
/* judged against the appointment before an apology, as the report (D38) */
#define DUE "coalesce(apology_prev_due, due_at)"
#define ON_TIME "finished_at <= " DUE " AND supplement_count <= 1"
#define EARLY "(finished_at + 25200) / 86400 < (" DUE " + 25200) / 86400 AND supplement_count <= 1"
#define RESOLVED_COLS                                                                              \
	" count(*), CAST(sum(CASE WHEN " ON_TIME " THEN 1 ELSE 0 END) AS BIGINT),"                 \
	" CAST(sum(CASE WHEN " EARLY " THEN 1 ELSE 0 END) AS BIGINT),"                             \
	" CAST(sum(finished_at - received_at) AS BIGINT)"                                          \
	" FROM dossier WHERE finished_at >= $1 AND finished_at < $2 AND " RESOLVED

static long long one_int(struct db_stmt *st)
{
	if (!st)
		return 0;
	long long v = db_col_int(st, 0);
	db_done(st);
	return v;
}

long long dash_agency_by_code(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_text(code))));
}

struct db_stmt *dash_agencies(struct db *db, long long agency)
{
	static const char sql[] = "SELECT id, code, name, level FROM agency"
				  " WHERE ($1 = 0 OR id = $1) ORDER BY level DESC, code";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

static long long count3(struct db *db, const char *sql, long long agency, int64_t t0, int64_t t1)
{
	return one_int(db_row(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency))));
}

long long dash_received(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE received_at >= $1"
				  " AND received_at < $2 AND " RECEIVING;
	return count3(db, sql, agency, t0, t1);
}

long long dash_returned(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE returned_at >= $1"
				  " AND returned_at < $2 AND " RECEIVING;
	return count3(db, sql, agency, t0, t1);
}

long long dash_ended_other(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] = "SELECT CAST(coalesce(sum(CASE WHEN status = 'refused' OR status "
				  "= 'withdrawn' THEN 1"
				  " ELSE 0 END), 0) AS BIGINT) FROM dossier WHERE finished_at >= $1"
				  " AND finished_at < $2 AND " COMPETENT;
	return count3(db, sql, agency, t0, t1);
}

long long dash_overdue(struct db *db, long long agency, int64_t now)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE status IN ('received',"
				  " 'processing') AND due_at < $1 AND ($2 = 0 OR agency_id = $2)";
	return one_int(db_row(db, sql, DB_ARGS(db_int(now), db_int(agency))));
}

long long dash_due(struct db *db, long long agency, int64_t now, int64_t t1)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE status IN ('received',"
				  " 'processing') AND due_at >= $1 AND due_at < $2 AND " COMPETENT;
	return count3(db, sql, agency, now, t1);
}

long long dash_paused(struct db *db, long long agency)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE status ="
				  " 'supplement_requested' AND ($1 = 0 OR agency_id = $1)";
	return one_int(db_row(db, sql, DB_ARGS(db_int(agency))));
}

struct db_stmt *dash_resolved_by_day(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] = "SELECT (finished_at + 25200) / 86400," RESOLVED_COLS
				  " AND " COMPETENT " GROUP BY 1 ORDER BY 1";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
}

struct db_stmt *dash_resolved_by_proc(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT procedure_id," RESOLVED_COLS " AND " COMPETENT " GROUP BY 1 ORDER BY 1";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
}

struct db_stmt *dash_received_by_proc(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT procedure_id, count(*) FROM dossier WHERE received_at >= $1"
		" AND received_at < $2 AND " RECEIVING " GROUP BY 1 ORDER BY 1";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
}

struct db_stmt *dash_proc_fields(struct db *db)
{
	static const char sql[] = "SELECT p.id, f.code, f.name FROM procedure p"
				  " JOIN field f ON f.id = p.field_id ORDER BY p.id";
	return db_query(db, sql, 0, NULL);
}

/* Steps finished in [t0, t1) grouped by unit (and handler) and outcome —
 * no join, no CASE per row: the names, the agency and the rates are put on
 * in C (half the CPU of the joined query on 160,000 steps). */
struct db_stmt *dash_units(struct db *db)
{
	static const char sql[] = "SELECT id, agency_id, code, name FROM unit ORDER BY id";
	return db_query(db, sql, 0, NULL);
}

struct db_stmt *dash_staff(struct db *db)
{
	static const char sql[] = "SELECT id, username, full_name FROM staff ORDER BY id";
	return db_query(db, sql, 0, NULL);
}

struct db_stmt *dash_overdue_by_step(struct db *db, long long agency, int64_t now)
{
	static const char sql[] =
		"SELECT coalesce(s.name, ''), coalesce(u.code, ''), coalesce(u.name, ''), count(*),"
		" CAST(sum($1 - d.due_at) AS BIGINT),"
		" CAST(sum(CASE WHEN s.due_at < $1 THEN 1 ELSE 0 END) AS BIGINT)"
		" FROM dossier d LEFT JOIN dossier_step s ON s.dossier_id = d.id"
		" AND s.position = d.current_step LEFT JOIN unit u ON u.id = s.unit_id"
		" WHERE d.status IN ('received', 'processing') AND d.due_at < $1"
		" AND ($2 = 0 OR d.agency_id = $2)"
		" GROUP BY s.name, u.code, u.name ORDER BY 4 DESC, 2, 1";
	return db_query(db, sql, DB_ARGS(db_int(now), db_int(agency)));
}

struct db_stmt *dash_queue(struct db *db, long long agency, int64_t day)
{
	static const char one[] = "SELECT state, count(*) FROM queue_ticket WHERE agency_id = $1"
				  " AND day = $2 GROUP BY state ORDER BY state";
	static const char all[] =
		"SELECT state, count(*) FROM queue_ticket WHERE agency_id IN (SELECT id FROM"
		" agency) AND day = $1 GROUP BY state ORDER BY state";
	if (agency)
		return db_query(db, one, DB_ARGS(db_int(agency), db_int(day)));
	return db_query(db, all, DB_ARGS(db_int(day)));
}

struct db_stmt *dash_evals(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char one[] = "SELECT level, count(*) FROM evaluation WHERE agency_id = $1"
				  " AND created_at >= $2 AND created_at < $3 GROUP BY level";
	static const char all[] = "SELECT level, count(*) FROM evaluation WHERE agency_id IN"
				  " (SELECT id FROM agency) AND created_at >= $1"
				  " AND created_at < $2 GROUP BY level";
	if (agency)
		return db_query(db, one, DB_ARGS(db_int(agency), db_int(t0), db_int(t1)));
	return db_query(db, all, DB_ARGS(db_int(t0), db_int(t1)));
}

struct db_stmt *dash_evals_by_agency(struct db *db, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT agency_id, count(*), CAST(sum(CASE WHEN level = 'not_satisfied' THEN 0"
		" ELSE 1 END) AS BIGINT) FROM evaluation WHERE agency_id IN (SELECT id FROM agency)"
		" AND created_at >= $1 AND created_at < $2 GROUP BY agency_id ORDER BY 1";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1)));
}

/* a petition is answered on time when answered by its resolution deadline
 * (before acceptance: the acknowledgement's) */
#define PET_ON_TIME "answered_at IS NOT NULL AND answered_at <= coalesce(due_at, ack_due_at)"

struct db_stmt *dash_petitions(struct db *db, long long agency, int64_t t0, int64_t t1, int64_t now)
{
	static const char sql[] =
		"SELECT type, status, count(*),"
		" CAST(sum(CASE WHEN " PET_ON_TIME " THEN 1 ELSE 0 END) AS BIGINT),"
		" CAST(sum(CASE WHEN (status = 'received' AND ack_due_at < $4) OR (status ="
		" 'accepted' AND due_at < $4) THEN 1 ELSE 0 END) AS BIGINT)"
		" FROM petition WHERE received_at >= $1 AND received_at < $2"
		" AND ($3 = 0 OR agency_id = $3) GROUP BY type, status ORDER BY type, status";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency), db_int(now)));
}

struct db_stmt *dash_petitions_by_agency(struct db *db, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT agency_id, count(*), CAST(sum(CASE WHEN " PET_ON_TIME
		" THEN 1 ELSE 0 END) AS BIGINT) FROM petition WHERE answered_at >= $1"
		" AND answered_at < $2 GROUP BY agency_id ORDER BY 1";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1)));
}
