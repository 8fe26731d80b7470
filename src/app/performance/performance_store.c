/*
 * performance_store.c — all of the performance domain's SQL text
 * (performance_store.h). Reads only: the figures are counted from the
 * tables the dossier, evaluation and petition domains write.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE, count(DISTINCT)
 * and EXISTS; nothing of one engine only. Sums are wrapped in coalesce (no
 * row: NULL on both engines).
 *
 * Indexes (migration 0022): dossier_step (handler_id, finished_at),
 * dossier (received_by, received_at), evaluation (staff_id, created_at),
 * petition (officer_id, answered_at) — one officer's period is a range.
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <string.h>

#include "app/performance/performance_store.h"

#define STAFF_COLS                                                                                 \
	"SELECT s.id, s.username, coalesce(s.unit_id, 0), coalesce(u.agency_id, 0)"                \
	" FROM staff s LEFT JOIN unit u ON u.id = s.unit_id"

struct db_stmt *perfstore_staff(struct db *db, long long id)
{
	static const char sql[] = STAFF_COLS " WHERE s.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *perfstore_staff_by_username(struct db *db, const char *username)
{
	static const char sql[] = STAFF_COLS " WHERE s.username = $1";
	return db_row(db, sql, DB_ARGS(db_text(username)));
}

#define HANDLED "(s.outcome = 'early' OR s.outcome = 'on_time' OR s.outcome = 'late')"

struct db_stmt *perfstore_steps(struct db *db, long long staff, int64_t from, int64_t to)
{
	static const char sql[] =
		"SELECT s.dossier_id, d.agency_id, s.started_at, s.finished_at, s.outcome"
		" FROM dossier_step s JOIN dossier d ON d.id = s.dossier_id"
		" WHERE s.handler_id = $1 AND s.finished_at >= $2 AND s.finished_at < $3"
		" AND " HANDLED;
	return db_query(db, sql, DB_ARGS(db_int(staff), db_int(from), db_int(to)));
}

int perfstore_open_steps(struct db *db, long long staff, int64_t to, long long *open,
			 long long *overdue)
{
	/* two ranges of dossier_step_handler (not finished; finished at or
	 * after `to`), not a scan of every step the officer ever had */
	static const char sql[] =
		"SELECT count(*), coalesce(sum(CASE WHEN x.due_at < $2 THEN 1 ELSE 0 END), 0)"
		" FROM (SELECT s.due_at FROM dossier_step s WHERE s.handler_id = $1"
		" AND s.finished_at IS NULL AND s.started_at < $2"
		" AND (s.outcome IS NULL OR s.outcome <> 'skipped')"
		" UNION ALL SELECT s.due_at FROM dossier_step s WHERE s.handler_id = $1"
		" AND s.finished_at >= $2 AND s.started_at < $2"
		" AND (s.outcome IS NULL OR s.outcome <> 'skipped')) x";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(staff), db_int(to)));
	if (!st)
		return -1;
	*open = db_col_int(st, 0);
	*overdue = db_col_int(st, 1);
	db_done(st);
	return 0;
}

long long perfstore_received(struct db *db, long long staff, int64_t from, int64_t to)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE received_by = $1"
				  " AND received_at >= $2 AND received_at < $3";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(staff), db_int(from), db_int(to)));
	if (!st)
		return -1;
	long long n = db_col_int(st, 0);
	db_done(st);
	return n;
}

int perfstore_evaluations(struct db *db, long long staff, int64_t from, int64_t to, long long *n,
			  long long *not_satisfied)
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(CASE WHEN level = 'not_satisfied' THEN 1 ELSE 0"
		" END), 0) FROM evaluation WHERE staff_id = $1 AND created_at >= $2"
		" AND created_at < $3";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(staff), db_int(from), db_int(to)));
	if (!st)
		return -1;
	*n = db_col_int(st, 0);
	*not_satisfied = db_col_int(st, 1);
	db_done(st);
	return 0;
}

/* on time: by the resolution deadline, or the first deadline when the
 * petition never got one */
#define PETITION_ON_TIME "p.answered_at <= coalesce(p.due_at, p.ack_due_at)"

int perfstore_petitions(struct db *db, long long staff, int64_t from, int64_t to, long long *n,
			long long *on_time)
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(CASE WHEN " PETITION_ON_TIME " THEN 1 ELSE 0"
		" END), 0) FROM petition p WHERE p.officer_id = $1 AND p.answered_at >= $2"
		" AND p.answered_at < $3";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(staff), db_int(from), db_int(to)));
	if (!st)
		return -1;
	*n = db_col_int(st, 0);
	*on_time = db_col_int(st, 1);
	db_done(st);
	return 0;
}

int perfstore_agency_by_code(struct db *db, const char *code, long long *id)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return 0;
	*id = db_col_int(st, 0);
	db_done(st);
	return 1;
}

int perfstore_unit_by_code(struct db *db, long long agency, const char *code, long long *id)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency), db_text(code)));
	if (!st)
		return 0;
	*id = db_col_int(st, 0);
	db_done(st);
	return 1;
}

struct db_stmt *perfstore_officers(struct db *db, long long agency, long long unit)
{
	static const char sql[] =
		"SELECT s.id, s.username, s.full_name, s.title, u.code, u.name, a.code, a.name"
		" FROM staff s JOIN unit u ON u.id = s.unit_id JOIN agency a ON a.id = u.agency_id"
		" WHERE s.active = 1 AND ($1 = 0 OR a.id = $1) AND ($2 = 0 OR u.id = $2)"
		" AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND (r.role ="
		" 'reception' OR r.role = 'specialist' OR r.role = 'head' OR r.role = 'leader'))"
		" ORDER BY a.id, u.code, s.username";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(unit)));
}

/* The drill-down's rows: a dossier and, for the step kinds, the step. */
#define LIST_STEP                                                                                  \
	"SELECT d.code, p.code, p.name, s.position, s.name, s.started_at, s.finished_at,"          \
	" s.due_at, coalesce(s.outcome, '') FROM dossier_step s"                                   \
	" JOIN dossier d ON d.id = s.dossier_id JOIN procedure p ON p.id = d.procedure_id"         \
	" WHERE s.handler_id = $1"
#define LIST_FINISHED " AND s.finished_at >= $2 AND s.finished_at < $3"
#define LIST_OPEN                                                                                  \
	" AND s.started_at < $3 AND (s.finished_at IS NULL OR s.finished_at >= $3)"                \
	" AND (s.outcome IS NULL OR s.outcome <> 'skipped') AND $2 <= $3"
#define LIST_DOSSIER                                                                               \
	"SELECT d.code, p.code, p.name, 0, '', d.received_at, d.finished_at, d.due_at, ''"         \
	" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
#define LIST_EVAL                                                                                  \
	"SELECT d.code, p.code, p.name, 0, '', d.received_at, d.finished_at, d.due_at, e.level"    \
	" FROM evaluation e JOIN dossier d ON d.id = e.dossier_id"                                 \
	" JOIN procedure p ON p.id = d.procedure_id WHERE e.staff_id = $1"                         \
	" AND e.created_at >= $2 AND e.created_at < $3"

struct db_stmt *perfstore_list(struct db *db, const char *kind, long long staff, int64_t from,
			       int64_t to)
{
	static const char handled[] =
		LIST_STEP LIST_FINISHED " AND " HANDLED " ORDER BY s.finished_at DESC, d.id DESC";
	static const char early[] = LIST_STEP LIST_FINISHED
		" AND s.outcome = 'early' ORDER BY s.finished_at DESC, d.id DESC";
	static const char on_time[] = LIST_STEP LIST_FINISHED
		" AND s.outcome = 'on_time' ORDER BY s.finished_at DESC, d.id DESC";
	static const char late[] = LIST_STEP LIST_FINISHED
		" AND s.outcome = 'late' ORDER BY s.finished_at DESC, d.id DESC";
	static const char open[] = LIST_STEP LIST_OPEN " ORDER BY s.due_at, d.id";
	static const char overdue[] =
		LIST_STEP LIST_OPEN " AND s.due_at < $3 ORDER BY s.due_at, d.id";
	static const char received[] =
		LIST_DOSSIER " WHERE d.received_by = $1"
			     " AND d.received_at >= $2 AND d.received_at < $3"
			     " ORDER BY d.received_at DESC, d.id DESC";
	static const char dossiers[] =
		LIST_DOSSIER " WHERE d.id IN (SELECT s.dossier_id FROM dossier_step s"
			     " WHERE s.handler_id = $1" LIST_FINISHED " AND " HANDLED ")"
			     " ORDER BY d.received_at DESC, d.id DESC";
	static const char evals[] = LIST_EVAL " ORDER BY e.created_at DESC, e.id DESC";
	static const char not_sat[] =
		LIST_EVAL " AND e.level = 'not_satisfied' ORDER BY e.created_at DESC, e.id DESC";
	static const struct {
		const char *kind, *sql;
	} kinds[] = {{"handled", handled},   {"early", early},
		     {"on_time", on_time},   {"late", late},
		     {"open", open},         {"overdue", overdue},
		     {"received", received}, {"dossiers", dossiers},
		     {"evaluations", evals}, {"not_satisfied", not_sat}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return db_query(db, kinds[i].sql,
					DB_ARGS(db_int(staff), db_int(from), db_int(to)));
	return NULL;
}

struct db_stmt *perfstore_export(struct db *db, long long agency, int64_t from, int64_t to)
{
	static const char sql[] =
		"SELECT d.id, d.code, p.code, p.name, a.eid, a.code, a.name, d.status, d.channel,"
		" d.return_method, d.applicant_kind, d.limit_value, d.limit_unit, d.submitted_at,"
		" d.received_at, d.due_at, d.original_due_at, d.finished_at, d.returned_at,"
		" d.refused_at, d.withdrawn_at, d.supplement_count, d.apology_count,"
		" (SELECT count(*) FROM dossier_attachment t WHERE t.dossier_id = d.id),"
		" f.code, f.name"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN agency a ON a.id = d.agency_id JOIN field f ON f.id = p.field_id"
		" WHERE d.received_at >= $2 AND d.received_at < $3 AND ($1 = 0 OR d.agency_id = $1)"
		" ORDER BY d.received_at, d.id";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(from), db_int(to)));
}

/* ---- the step rollup (0025) ---- */

int64_t perfstore_step_through(struct db *db)
{
	static const char sql[] = "SELECT min(coalesce(r.through_day, 0)) FROM agency a"
				  " LEFT JOIN step_rollup r ON r.agency_id = a.id";
	struct db_stmt *st = db_row(db, sql, 0, NULL);
	if (!st)
		return 0;
	int64_t d = db_col_null(st, 0) ? 0 : db_col_int(st, 0);
	db_done(st);
	return d;
}

#define SUMS "CAST(sum(steps) AS BIGINT), CAST(sum(timed) AS BIGINT), CAST(sum(secs) AS BIGINT)"

struct db_stmt *perfstore_step_days(struct db *db, int64_t d0, int64_t d1, int by_handler)
{
	static const char units[] = "SELECT unit_id, 0, outcome, " SUMS " FROM step_day"
				    " WHERE day >= $1 AND day < $2 GROUP BY unit_id, outcome";
	static const char handlers[] = "SELECT unit_id, handler_id, outcome, " SUMS " FROM step_day"
				       " WHERE day >= $1 AND day < $2 AND handler_id <> 0"
				       " GROUP BY unit_id, handler_id, outcome";
	return db_query(db, by_handler ? handlers : units, DB_ARGS(db_int(d0), db_int(d1)));
}

struct db_stmt *perfstore_step_live(struct db *db, int64_t t0, int64_t t1, int by_handler)
{
	static const char units[] =
		"SELECT coalesce(unit_id, 0), 0, coalesce(outcome, ''), count(*), "
		"count(started_at),"
		" CAST(coalesce(sum(finished_at - started_at), 0) AS BIGINT)"
		" FROM dossier_step WHERE finished_at >= $1 AND finished_at < $2"
		" GROUP BY coalesce(unit_id, 0), coalesce(outcome, '')";
	static const char handlers[] =
		"SELECT coalesce(unit_id, 0), handler_id, coalesce(outcome, ''), count(*),"
		" count(started_at), CAST(coalesce(sum(finished_at - started_at), 0) AS BIGINT)"
		" FROM dossier_step WHERE finished_at >= $1 AND finished_at < $2"
		" AND handler_id IS NOT NULL"
		" GROUP BY coalesce(unit_id, 0), handler_id, coalesce(outcome, '')";
	return db_query(db, by_handler ? handlers : units, DB_ARGS(db_int(t0), db_int(t1)));
}

struct db_stmt *perfstore_officer_days(struct db *db, long long staff, int64_t d0, int64_t d1)
{
	static const char sql[] =
		"SELECT outcome, CAST(sum(steps) AS BIGINT), CAST(sum(timed) AS BIGINT),"
		" CAST(sum(work_secs) AS BIGINT) FROM step_day WHERE handler_id = $1 AND day >= $2"
		" AND day < $3 AND (outcome = 'early' OR outcome = 'on_time' OR outcome = 'late')"
		" GROUP BY outcome";
	return db_query(db, sql, DB_ARGS(db_int(staff), db_int(d0), db_int(d1)));
}

long long perfstore_dossiers_handled(struct db *db, long long staff, int64_t t0, int64_t t1)
{
	static const char sql[] = "SELECT count(DISTINCT s.dossier_id) FROM dossier_step s"
				  " WHERE s.handler_id = $1 AND s.finished_at >= $2"
				  " AND s.finished_at < $3 AND " HANDLED;
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(staff), db_int(t0), db_int(t1)));
	if (!st)
		return -1;
	long long n = db_col_int(st, 0);
	db_done(st);
	return n;
}

int perfstore_first_step(struct db *db, int64_t *t)
{
	static const char sql[] =
		"SELECT min(finished_at) FROM dossier_step WHERE finished_at IS NOT NULL";
	struct db_stmt *st = db_row(db, sql, 0, NULL);
	*t = 0;
	if (!st)
		return -1;
	if (!db_col_null(st, 0))
		*t = db_col_int(st, 0);
	db_done(st);
	return 0;
}

struct db_stmt *perfstore_sweep_steps(struct db *db, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT d.agency_id, coalesce(s.unit_id, 0), coalesce(s.handler_id, 0),"
		" coalesce(s.outcome, ''), s.started_at, s.finished_at"
		" FROM dossier_step s JOIN dossier d ON d.id = s.dossier_id"
		" WHERE s.finished_at >= $1 AND s.finished_at < $2"
		" ORDER BY 1, 2, 3, 4";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1)));
}

int perfstore_step_clear(struct db *db, int64_t from_day)
{
	static const char sql[] = "DELETE FROM step_day WHERE day >= $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(from_day))) == DB_OK ? 0 : -1;
}

int perfstore_step_insert(struct db *db, int64_t day, long long agency, long long unit,
			  long long handler, const char *outcome, long long steps, long long timed,
			  long long secs, long long work_secs)
{
	static const char sql[] =
		"INSERT INTO step_day (day, agency_id, unit_id, handler_id, outcome, steps, timed,"
		" secs, work_secs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(day), db_int(agency), unit ? db_int(unit) : db_null(),
				    handler ? db_int(handler) : db_null(), db_text(outcome),
				    db_int(steps), db_int(timed), db_int(secs),
				    db_int(work_secs))) == DB_OK
		       ? 0
		       : -1;
}

int perfstore_step_set(struct db *db, int64_t through_day, int64_t now)
{
	static const char del[] = "DELETE FROM step_rollup";
	static const char ins[] = "INSERT INTO step_rollup (agency_id, through_day, built_at)"
				  " SELECT id, $1, $2 FROM agency";
	if (db_exec(db, del) != DB_OK)
		return -1;
	return db_exec_vals(db, ins, DB_ARGS(db_int(through_day), db_int(now))) == DB_OK ? 0 : -1;
}
