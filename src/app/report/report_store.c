/*
 * report_store.c — the report's SQL (see report_store.h). Portable SQL
 * only: the same text runs on SQLite and PostgreSQL. Sums are CASE chains
 * (no boolean-to-integer casts); a Vietnam day is (t + 25200) / 86400 on
 * integers (instants are positive, so the division floors on both).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report/report_store.h"

/* The appointment the report judges by: the one in force before an
 * apology (apology_prev_due), else the current one; both already moved
 * later by every pause for a supplement (D38). */
#define DUE "coalesce(apology_prev_due, due_at)"
/* Waiting for a supplement at instant $2. */
#define AWAITING                                                                                   \
	"(supplement_at IS NOT NULL AND supplement_at < $2 AND"                                    \
	" (supplemented_at IS NULL OR supplemented_at >= $2))"
/* Late or overdue whatever the dates: more than one supplement asked. */
#define TWICE "supplement_count > 1"
/* Open at $2 and overdue then. */
#define OVERDUE_AT_E                                                                               \
	"(" TWICE " OR (" AWAITING " AND supplement_at > " DUE ") OR (NOT " AWAITING " AND " DUE   \
	" < $2))"
#define ENDED "finished_at < $2"
#define STOPPED "(status = 'withdrawn' OR status = 'refused')"
#define LATE "(" TWICE " OR finished_at > " DUE ")"
#define EARLY "((finished_at + 25200) / 86400 < (" DUE " + 25200) / 86400)"
#define SUM(cond) "sum(CASE WHEN " cond " THEN 1 ELSE 0 END)"

int repstore_received(struct db *db, int64_t t0, int64_t t1, long long agency, rstore_cb cb,
		      void *arg)
{
	static const char sql[] = "SELECT procedure_id, count(*), " SUM(
		"channel = 'online'") " FROM dossier"
				      " WHERE received_at >= $1 AND received_at < $2 AND ($3 = 0 "
				      "OR agency_id = $3)"
				      " GROUP BY procedure_id";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long v[RC_NCOLS] = {0};
		v[RC_RECEIVED] = db_col_int(st, 1);
		v[RC_ONLINE] = db_col_int(st, 2);
		v[RC_DIRECT] = v[RC_RECEIVED] - v[RC_ONLINE];
		cb(arg, db_col_int(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The columns of repstore_finished's statement on dossiers finished since
 * $1: carried over, withdrawn, refused, resolved, late, early, open at $2,
 * overdue at $2. */
#define FINISHED_COLS                                                                                                                                                                     \
	"SELECT procedure_id, " SUM("received_at < $1") ", " SUM(                                                                                                                         \
		ENDED                                                                                                                                                                     \
		" AND status = "                                                                                                                                                          \
		"'withdrawn'") ", " SUM(ENDED                                                                                                                                             \
					" AND status = 'refused'") ", " SUM(ENDED                                                                                                         \
									    " AND NOT " STOPPED) ", " SUM(ENDED                                                                           \
													  " AND NOT " STOPPED                                                             \
													  " AND " LATE) ", " SUM(ENDED                                                    \
																 " AND NOT " STOPPED                                      \
																 " AND NOT " LATE                                         \
																 " AND " EARLY) ", " SUM("NOT"                            \
																			 " " ENDED) ", " SUM("NOT " ENDED \
																					     " AND " OVERDUE_AT_E) " FROM dossier"

int repstore_finished(struct db *db, int64_t t0, int64_t e, long long agency, int open_now,
		      rstore_cb cb, void *arg)
{
	/* two statements, each one range of report_finished: finished since
	 * t0, and finished_at IS NULL (open now) */
	static const char sql_since[] = FINISHED_COLS
		" WHERE finished_at >= $1 AND received_at < $2 AND ($3 = 0 OR agency_id = $3)"
		" GROUP BY procedure_id";
	/* open now: open at e too (e is never after now) */
	static const char sql_open[] =
		"SELECT procedure_id, " SUM("received_at < $1") ", 0, 0, 0, 0, 0, count(*), " SUM(
			OVERDUE_AT_E) " FROM dossier"
				      " WHERE finished_at IS NULL AND received_at < $2 AND ($3 = 0 "
				      "OR "
				      "agency_id = $3)"
				      " GROUP BY procedure_id";
	struct db_stmt *st = db_query(db, open_now ? sql_open : sql_since,
				      DB_ARGS(db_int(t0), db_int(e), db_int(agency)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long v[RC_NCOLS] = {0};
		v[RC_CARRIED] = db_col_int(st, 1);
		v[RC_WITHDRAWN] = db_col_int(st, 2);
		v[RC_REFUSED] = db_col_int(st, 3);
		v[RC_RESOLVED] = db_col_int(st, 4);
		v[RC_LATE] = db_col_int(st, 5);
		v[RC_EARLY] = db_col_int(st, 6);
		v[RC_OPEN] = db_col_int(st, 7);
		v[RC_OVERDUE] = db_col_int(st, 8);
		cb(arg, db_col_int(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int repstore_procedures(struct db *db, long long **ids, long long **fields, size_t *n)
{
	static const char sql[] = "SELECT id, field_id FROM procedure ORDER BY id";
	size_t cap = 0, k = 0;
	long long *a = NULL, *f = NULL;
	struct db_stmt *st = db_prep(db, sql);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			cap = cap ? 2 * cap : 64;
			long long *a2 = realloc(a, cap * sizeof *a);
			if (a2)
				a = a2;
			long long *f2 = a2 ? realloc(f, cap * sizeof *f) : NULL;
			if (f2)
				f = f2;
			if (!a2 || !f2) {
				rc = DB_ERROR;
				break;
			}
		}
		a[k] = db_col_int(st, 0);
		f[k] = db_col_int(st, 1);
		k++;
	}
	db_done(st);
	if (rc != DB_DONE) {
		free(a);
		free(f);
		return -1;
	}
	*ids = a;
	*fields = f;
	*n = k;
	return 0;
}

int repstore_field(struct db *db, long long id, char *code, size_t code_cap, char *name,
		   size_t name_cap)
{
	static const char sql[] = "SELECT code, name FROM field WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return -1;
	snprintf(code, code_cap, "%s", db_col_text(st, 0));
	snprintf(name, name_cap, "%s", db_col_text(st, 1));
	db_done(st);
	return 0;
}

long long repstore_agency_by_code(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return 0;
	long long id = db_col_int(st, 0);
	db_done(st);
	return id;
}

int repstore_agency(struct db *db, long long id, char *code, size_t code_cap, char *name,
		    size_t name_cap)
{
	static const char sql[] = "SELECT code, name FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return -1;
	snprintf(code, code_cap, "%s", db_col_text(st, 0));
	snprintf(name, name_cap, "%s", db_col_text(st, 1));
	db_done(st);
	return 0;
}

void repstore_province(struct db *db, char *name, size_t cap)
{
	static const char sql[] =
		"SELECT name FROM agency WHERE level = 'province' AND parent_id IS "
		"NULL ORDER BY id LIMIT 1";
	struct db_stmt *st = db_row(db, sql, 0, NULL);
	name[0] = 0;
	if (!st)
		return;
	snprintf(name, cap, "%s", db_col_text(st, 0));
	db_done(st);
}
