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
		" AND " HANDLED " ORDER BY s.dossier_id, s.position";
	return db_query(db, sql, DB_ARGS(db_int(staff), db_int(from), db_int(to)));
}

int perfstore_open_steps(struct db *db, long long staff, int64_t to, long long *open,
			 long long *overdue)
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(CASE WHEN s.due_at < $2 THEN 1 ELSE 0 END), 0)"
		" FROM dossier_step s WHERE s.handler_id = $1 AND s.started_at < $2"
		" AND (s.finished_at IS NULL OR s.finished_at >= $2)"
		" AND (s.outcome IS NULL OR s.outcome <> 'skipped')";
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
