/*
 * indicator_store.c — the indicator domain's SQL, portable to SQLite and
 * PostgreSQL ($N parameters, 1/0 instead of booleans). Read only.
 */
#include <stdio.h>
#include <string.h>

#include "app/indicator/indicator_store.h"

/* A component is present when its text is not blank. */
static const char sql_procedures[] =
	"SELECT p.id, p.code, p.name, p.limit_unit, p.limit_value, p.online,"
	" CASE WHEN trim(p.name) <> '' THEN 1 ELSE 0 END,"
	" CASE WHEN trim(p.sequence) <> '' THEN 1 ELSE 0 END,"
	" CASE WHEN trim(p.method) <> '' THEN 1 ELSE 0 END,"
	" CASE WHEN EXISTS (SELECT 1 FROM procedure_document d"
	"  WHERE d.procedure_id = p.id AND d.active = 1) THEN 1 ELSE 0 END,"
	" CASE WHEN p.limit_value > 0 THEN 1 ELSE 0 END,"
	" CASE WHEN trim(p.subjects) <> '' THEN 1 ELSE 0 END,"
	" CASE WHEN p.agency_id IS NOT NULL THEN 1 ELSE 0 END"
	" FROM procedure p WHERE p.active = 1 AND ($1 = 0 OR p.agency_id = $1"
	"  OR EXISTS (SELECT 1 FROM procedure_agency pa"
	"   WHERE pa.procedure_id = p.id AND pa.agency_id = $1))"
	" ORDER BY p.code";

struct db_stmt *istore_procedures(struct db *db, long long agency)
{
	return db_query(db, sql_procedures, DB_ARGS(db_int(agency)));
}

/* The four disjoint ways a dossier was held in [$2, $3), each read through
 * its own index (migration 0020); $4 = $3 - $2, the period's length. On
 * SQLite the first two read only their covering index, never the table's
 * rows (the applicant's data makes a row long): the code is read (CODE) only
 * for the drill-down, which lists dossiers. */
#define D_COLS                                                                                     \
	"SELECT d.id, d.procedure_id, d.agency_id, d.channel, d.received_at,"                      \
	" coalesce(d.finished_at, 0), coalesce(d.apology_prev_due, d.due_at, 0),"                  \
	" coalesce(d.paused_at, 0), d.supplement_count, coalesce(d.result_at, 0),"                 \
	" coalesce(d.clock_start, d.received_at), d.paused_total, "
#define D_AGENCY " AND ($1 = 0 OR d.agency_id = $1)"
#define D_SQL(CODE)                                                                                \
	D_COLS "CASE WHEN d.channel = 'online' AND EXISTS (SELECT 1 FROM dossier_attachment a"     \
	       " WHERE a.dossier_id = d.id) THEN 1 ELSE 0 END, " CODE                              \
	       " FROM dossier d WHERE d.received_at >= $2 AND d.received_at < $3" D_AGENCY         \
	       " UNION ALL " D_COLS "0, " CODE                                                     \
	       " FROM dossier d WHERE d.finished_at >= $2 AND d.finished_at < $3"                  \
	       " AND d.received_at < $2" D_AGENCY " UNION ALL " D_COLS "0, " CODE                  \
	       " FROM dossier d WHERE d.finished_at IS NULL AND d.received_at < $2" D_AGENCY       \
	       " UNION ALL " D_COLS "0, " CODE                                                     \
	       " FROM dossier d WHERE d.finished_at - d.received_at > $4"                          \
	       " AND +d.received_at < $2 AND +d.finished_at >= $3" D_AGENCY
static const char sql_dossiers[] = D_SQL("''");
static const char sql_dossiers_code[] = D_SQL("d.code");

struct db_stmt *istore_dossiers(struct db *db, long long agency, int64_t t0, int64_t t1,
				int with_code)
{
	return db_query(db, with_code ? sql_dossiers_code : sql_dossiers,
			DB_ARGS(db_int(agency), db_int(t0), db_int(t1), db_int(t1 - t0)));
}

struct db_stmt *istore_unsatisfied(struct db *db, long long agency, int64_t until)
{
	static const char sql[] =
		"SELECT dossier_id FROM evaluation WHERE level = 'not_satisfied'"
		" AND created_at < $2 AND ($1 = 0 OR agency_id = $1) AND dossier_id IS NOT NULL"
		" ORDER BY dossier_id";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(until)));
}

struct db_stmt *istore_petitions(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT code, type, status, received_at, ack_due_at, coalesce(acked_at, 0),"
		" coalesce(due_at, 0), coalesce(answered_at, 0), coalesce(forward_due_at, 0),"
		" coalesce(forwarded_at, 0), coalesce(satisfaction, ''),"
		" coalesce(satisfaction_at, 0), reopened"
		" FROM petition WHERE received_at >= $2 AND received_at < $3"
		" AND ($1 = 0 OR agency_id = $1) ORDER BY received_at, code";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(t0), db_int(t1)));
}

long long istore_agency(struct db *db, const char *code, char *name, size_t cap)
{
	static const char sql[] = "SELECT id, name FROM agency WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return 0;
	long long id = db_col_int(st, 0);
	snprintf(name, cap, "%s", db_col_text(st, 1));
	db_done(st);
	return id;
}

int istore_agency_of(struct db *db, long long id, char *code, size_t ccap, char *name, size_t ncap)
{
	static const char sql[] = "SELECT code, name FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return -1;
	snprintf(code, ccap, "%s", db_col_text(st, 0));
	snprintf(name, ncap, "%s", db_col_text(st, 1));
	db_done(st);
	return 0;
}
