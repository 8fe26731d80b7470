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

#define FLOW_COLS                                                                                          \
	"SELECT procedure_id, " SUM("status = 'withdrawn'") ", " SUM(                                      \
		"status = 'refused'") ", " SUM("NOT " STOPPED) ", " SUM("NOT " STOPPED                     \
									" AND " LATE) ", " SUM("N"         \
											       "O"         \
											       "T"         \
											       " " STOPPED \
											       " "         \
											       "A"         \
											       "N"         \
											       "D"         \
											       " "         \
											       "N"         \
											       "O"         \
											       "T"         \
											       " " LATE    \
											       " "         \
											       "A"         \
											       "N"         \
											       "D"         \
											       " " EARLY) " FROM dossier"

int repstore_flows(struct db *db, int64_t t0, int64_t t1, long long agency, rstore_cb cb, void *arg)
{
	static const char sql[] = FLOW_COLS
		" WHERE finished_at >= $1 AND finished_at < $2 AND received_at IS NOT NULL"
		" AND ($3 = 0 OR agency_id = $3) GROUP BY procedure_id";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long v[RC_NCOLS] = {0};
		v[RC_WITHDRAWN] = db_col_int(st, 1);
		v[RC_REFUSED] = db_col_int(st, 2);
		v[RC_RESOLVED] = db_col_int(st, 3);
		v[RC_LATE] = db_col_int(st, 4);
		v[RC_EARLY] = db_col_int(st, 5);
		cb(arg, db_col_int(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int repstore_open_at(struct db *db, int64_t x, long long agency, int carried, rstore_cb cb,
		     void *arg)
{
	/* two ranges of report_finished: open now, and finished at or after x */
	static const char sql_now[] = "SELECT procedure_id, count(*), " SUM(
		OVERDUE_AT_E) " FROM dossier WHERE finished_at IS NULL AND received_at < $2"
			      " AND ($3 = 0 OR agency_id = $3) GROUP BY procedure_id";
	static const char sql_later[] = "SELECT procedure_id, count(*), " SUM(
		OVERDUE_AT_E) " FROM dossier WHERE finished_at >= $2 AND received_at < $2"
			      " AND ($3 = 0 OR agency_id = $3) GROUP BY procedure_id";
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_query(db, k ? sql_later : sql_now,
					      DB_ARGS(db_int(0), db_int(x), db_int(agency)));
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			long long v[RC_NCOLS] = {0};
			if (carried) {
				v[RC_CARRIED] = db_col_int(st, 1);
			} else {
				v[RC_OPEN] = db_col_int(st, 1);
				v[RC_OVERDUE] = db_col_int(st, 2);
			}
			cb(arg, db_col_int(st, 0), v);
		}
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* ---- the rollup (report_day) ------------------------------------------------- */

int repstore_rollup_state(struct db *db, long long agency, int64_t *through_day)
{
	/* the least advanced of the agencies asked for; one never rolled up: 0 */
	static const char sql[] =
		"SELECT min(coalesce(r.through_day, 0)), max(coalesce(r.through_day, 0))"
		" FROM agency a LEFT JOIN report_rollup r ON r.agency_id = a.id"
		" WHERE $1 = 0 OR a.id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency)));
	*through_day = 0;
	if (!st)
		return 0;
	*through_day = db_col_int(st, 0);
	int64_t most = db_col_int(st, 1);
	db_done(st);
	return most > 0 ? (most > *through_day ? 2 : 1) : 0;
}

int repstore_first_day(struct db *db, int64_t *day)
{
	static const char sql[] = "SELECT min(received_at) FROM dossier WHERE received_at IS NOT "
				  "NULL";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(0)));
	if (!st)
		return 0;
	int found = !db_col_null(st, 0);
	if (found)
		*day = (db_col_int(st, 0) + 25200) / 86400;
	db_done(st);
	return found;
}

int repstore_day_flows(struct db *db, int64_t d0, int64_t d1, long long agency, rstore_cb cb,
		       void *arg)
{
	static const char sql[] =
		"SELECT procedure_id, sum(received), sum(online), sum(resolved), sum(early),"
		" sum(late), sum(withdrawn), sum(refused) FROM report_day"
		" WHERE day >= $1 AND day < $2 AND ($3 = 0 OR agency_id = $3) GROUP BY "
		"procedure_id";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(d0), db_int(d1), db_int(agency)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long v[RC_NCOLS] = {0};
		v[RC_RECEIVED] = db_col_int(st, 1);
		v[RC_ONLINE] = db_col_int(st, 2);
		v[RC_DIRECT] = v[RC_RECEIVED] - v[RC_ONLINE];
		v[RC_RESOLVED] = db_col_int(st, 3);
		v[RC_EARLY] = db_col_int(st, 4);
		v[RC_LATE] = db_col_int(st, 5);
		v[RC_WITHDRAWN] = db_col_int(st, 6);
		v[RC_REFUSED] = db_col_int(st, 7);
		cb(arg, db_col_int(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int repstore_day_stock(struct db *db, int64_t day, long long agency, int carried, rstore_cb cb,
		       void *arg)
{
	static const char sql[] = "SELECT procedure_id, sum(open_end), sum(overdue_end) FROM "
				  "report_day WHERE day = $1 AND ($2 = 0 OR agency_id = $2)"
				  " GROUP BY procedure_id";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(day), db_int(agency)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long v[RC_NCOLS] = {0};
		if (carried) {
			v[RC_CARRIED] = db_col_int(st, 1);
		} else {
			v[RC_OPEN] = db_col_int(st, 1);
			v[RC_OVERDUE] = db_col_int(st, 2);
		}
		cb(arg, db_col_int(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int repstore_sweep(struct db *db, int64_t t_lo, int64_t t_hi,
		   void (*cb)(void *arg, const struct rsweep_row *r), void *arg)
{
	/* everything that touches the days [t_lo, t_hi): open now, or finished
	 * since t_lo; received before t_hi */
#define SWEEP_COLS                                                                                 \
	"SELECT agency_id, procedure_id, CASE WHEN channel = 'online' THEN 1 ELSE 0 END,"          \
	" received_at, coalesce(finished_at, 0), CASE WHEN status = 'withdrawn' THEN 1 WHEN"       \
	" status = 'refused' THEN 2 ELSE 0 END, coalesce(" DUE ", 0), supplement_count,"           \
	" coalesce(supplement_at, 0), coalesce(supplemented_at, 0) FROM dossier"
	static const char sql_now[] = SWEEP_COLS
		" WHERE finished_at IS NULL AND received_at IS NOT NULL AND received_at < $2";
	static const char sql_later[] = SWEEP_COLS
		" WHERE finished_at >= $1 AND received_at IS NOT NULL AND received_at < $2";
#undef SWEEP_COLS
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st =
			db_query(db, k ? sql_later : sql_now, DB_ARGS(db_int(t_lo), db_int(t_hi)));
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			struct rsweep_row r = {
				.agency_id = db_col_int(st, 0),
				.procedure_id = db_col_int(st, 1),
				.online = (int)db_col_int(st, 2),
				.received = db_col_int(st, 3),
				.finished = db_col_int(st, 4),
				.stopped = (int)db_col_int(st, 5),
				.due = db_col_int(st, 6),
				.supplements = (int)db_col_int(st, 7),
				.supplement_at = db_col_int(st, 8),
				.supplemented_at = db_col_int(st, 9),
			};
			cb(arg, &r);
		}
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

int repstore_rollup_clear(struct db *db, int64_t from_day)
{
	static const char sql[] = "DELETE FROM report_day WHERE day >= $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(from_day))) == DB_OK ? 0 : -1;
}

int repstore_day_insert(struct db *db, int64_t day, long long agency_id, long long procedure_id,
			const long long v[RD_NCOLS])
{
	static const char sql[] =
		"INSERT INTO report_day (day, agency_id, procedure_id, received, online, resolved,"
		" early, late, withdrawn, refused, open_end, overdue_end)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(day), db_int(agency_id), db_int(procedure_id),
				    db_int(v[RD_RECEIVED]), db_int(v[RD_ONLINE]),
				    db_int(v[RD_RESOLVED]), db_int(v[RD_EARLY]), db_int(v[RD_LATE]),
				    db_int(v[RD_WITHDRAWN]), db_int(v[RD_REFUSED]),
				    db_int(v[RD_OPEN]), db_int(v[RD_OVERDUE]))) == DB_OK
		       ? 0
		       : -1;
}

int repstore_rollup_set(struct db *db, int64_t through_day, int64_t now)
{
	static const char del[] = "DELETE FROM report_rollup";
	static const char ins[] = "INSERT INTO report_rollup (agency_id, through_day, built_at)"
				  " SELECT id, $1, $2 FROM agency";
	if (db_exec(db, del) != DB_OK)
		return -1;
	return db_exec_vals(db, ins, DB_ARGS(db_int(through_day), db_int(now))) == DB_OK ? 0 : -1;
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
