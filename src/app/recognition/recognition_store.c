/*
 * recognition_store.c — all of the recognition domain's SQL text
 * (recognition_store.h): the officer and his agency, the nomination and
 * its history, the praises and their sources (the evaluation and petition
 * domains' tables, read only), the lists.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE, UNION ALL, LIMIT;
 * nothing of one engine only. A statement that fails to prepare aborts
 * (db_prep); a failed step or run is returned as -1 for the service to turn
 * into ERR_INTERNAL. Threading: each function runs on its caller's
 * connection and thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/recognition/recognition_store.h"

#define HOME "(SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1)"

static struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

/* A single-integer query: its value, 0 when no row. */
static long long one_int(struct db_stmt *st)
{
	if (!st)
		return 0;
	long long v = db_col_int(st, 0);
	db_done(st);
	return v;
}

long long recstore_viewer_agency(struct db *db, long long staff_id)
{
	static const char sql[] = "SELECT coalesce(u.agency_id, " HOME ") FROM staff s"
				  " LEFT JOIN unit u ON u.id = s.unit_id WHERE s.id = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_int(staff_id))));
}

int recstore_staff(struct db *db, const char *username, long long *id, long long *unit,
		   long long *agency)
{
	static const char sql[] = "SELECT s.id, coalesce(s.unit_id, 0), coalesce(u.agency_id, " HOME
				  ") FROM staff s LEFT JOIN unit u ON u.id = s.unit_id"
				  " WHERE s.username = $1 AND s.active = 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(username)));
	if (!st)
		return 0;
	*id = db_col_int(st, 0);
	*unit = db_col_int(st, 1);
	*agency = db_col_int(st, 2);
	db_done(st);
	return 1;
}

struct db_stmt *recstore_roles(struct db *db, long long staff_id)
{
	static const char sql[] = "SELECT role FROM staff_role WHERE staff_id = $1";
	return db_query(db, sql, DB_ARGS(db_int(staff_id)));
}

long long recstore_unit(struct db *db, long long agency, const char *code)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	return one_int(db_row(db, sql, DB_ARGS(db_int(agency), db_text(code))));
}

long long recstore_agency(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_text(code))));
}

int recstore_live_exists(struct db *db, long long staff_id, long long year)
{
	static const char sql[] =
		"SELECT count(*) FROM recognition WHERE staff_id = $1"
		" AND year = $2 AND status <> 'declined' AND status <> 'withdrawn'";
	return one_int(db_row(db, sql, DB_ARGS(db_int(staff_id), db_int(year)))) > 0;
}

int recstore_insert(struct db *db, const struct recstore_row *r, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO recognition (agency_id, kind, staff_id, title, unit_id, year, reasons,"
		" figures, status, nominated_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'nominated', $9, $10, $10)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(r->agency), db_text(r->kind), int_or_null(r->staff),
				 db_text(r->title ? r->title : ""), int_or_null(r->unit),
				 db_int(r->year), db_text(r->reasons), db_text(r->figures),
				 db_int(r->nominated_by), db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int recstore_event(struct db *db, long long rec, const char *action, long long staff_id,
		   const char *comment, int64_t at)
{
	static const char sql[] = "INSERT INTO recognition_event (recognition_id, action, staff_id,"
				  " comment, at) VALUES ($1, $2, $3, $4, $5)";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(rec), db_text(action), db_int(staff_id),
				    db_text(comment ? comment : ""), db_int(at))) == DB_OK
		       ? 0
		       : -1;
}

int recstore_set_status(struct db *db, long long id, const char *status, const char *figures,
			int64_t now)
{
	static const char sql[] =
		"UPDATE recognition SET status = $2, updated_at = $3,"
		" figures = CASE WHEN $4 = 1 THEN $5 ELSE figures END,"
		" recognised_at = CASE WHEN $2 = 'recognised' THEN $3 ELSE recognised_at END"
		" WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(status), db_int(now),
				    db_int(figures != NULL), db_text(figures))) == DB_OK
		       ? 0
		       : -1;
}

#define COLS                                                                                       \
	"SELECT r.id, r.agency_id, r.kind, r.staff_id, coalesce(s.username, ''),"                  \
	" coalesce(s.full_name, ''), coalesce(s.title, ''), r.title, r.unit_id,"                   \
	" coalesce(u.name, ''), r.year, r.reasons, r.figures, r.status, r.nominated_by,"           \
	" n.username, n.full_name, r.created_at, r.updated_at, r.recognised_at, a.code, a.name,"   \
	" (SELECT count(*) FROM recognition_praise p WHERE p.recognition_id = r.id)"               \
	" FROM recognition r JOIN agency a ON a.id = r.agency_id"                                  \
	" LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN unit u ON u.id = r.unit_id"             \
	" JOIN staff n ON n.id = r.nominated_by"

struct db_stmt *recstore_get(struct db *db, long long id)
{
	static const char sql[] = COLS " WHERE r.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *recstore_list(struct db *db, long long agency, const char *status, long long year,
			      long long limit)
{
	static const char sql[] = COLS " WHERE ($1 = 0 OR r.agency_id = $1)"
				       " AND ($2 = '' OR r.status = $2) AND ($3 = 0 OR r.year = $3)"
				       " ORDER BY r.id DESC LIMIT $4";
	return db_query(db, sql,
			DB_ARGS(db_int(agency), db_text(status ? status : ""), db_int(year),
				db_int(limit)));
}

struct db_stmt *recstore_public(struct db *db, long long agency, long long year, long long limit)
{
	static const char sql[] =
		COLS " WHERE r.status = 'recognised'"
		     " AND ($1 = 0 OR r.agency_id = $1) AND ($2 = 0 OR r.year = $2)"
		     " ORDER BY r.recognised_at DESC, r.id DESC LIMIT $3";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(year), db_int(limit)));
}

struct db_stmt *recstore_events(struct db *db, long long rec)
{
	static const char sql[] = "SELECT e.action, s.username, s.full_name, e.comment, e.at"
				  " FROM recognition_event e JOIN staff s ON s.id = e.staff_id"
				  " WHERE e.recognition_id = $1 ORDER BY e.id";
	return db_query(db, sql, DB_ARGS(db_int(rec)));
}

struct db_stmt *recstore_praises(struct db *db, long long rec)
{
	static const char sql[] =
		"SELECT p.id, p.source, p.source_id, p.text, p.public_text,"
		" coalesce(CASE WHEN p.source = 'petition' THEN"
		" (SELECT t.code FROM petition t WHERE t.id = p.source_id) ELSE"
		" (SELECT d.code FROM evaluation v JOIN dossier d ON d.id = v.dossier_id"
		" WHERE v.id = p.source_id) END, '')"
		" FROM recognition_praise p WHERE p.recognition_id = $1 ORDER BY p.id";
	return db_query(db, sql, DB_ARGS(db_int(rec)));
}

long long recstore_praise_count(struct db *db, long long rec)
{
	static const char sql[] =
		"SELECT count(*) FROM recognition_praise WHERE recognition_id = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_int(rec))));
}

int recstore_praise_exists(struct db *db, long long rec, const char *source, long long source_id)
{
	static const char sql[] =
		"SELECT count(*) FROM recognition_praise WHERE recognition_id = $1"
		" AND source = $2 AND source_id = $3";
	return one_int(db_row(db, sql, DB_ARGS(db_int(rec), db_text(source), db_int(source_id)))) >
	       0;
}

int recstore_praise_insert(struct db *db, long long rec, const char *source, long long source_id,
			   const char *text, const char *public_text, long long by, int64_t now,
			   long long *id)
{
	static const char sql[] =
		"INSERT INTO recognition_praise (recognition_id, source, source_id, text,"
		" public_text, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(rec), db_text(source), db_int(source_id), db_text(text),
				 db_text(public_text), db_int(by), db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int recstore_praise_delete(struct db *db, long long rec, long long praise_id)
{
	static const char sql[] = "DELETE FROM recognition_praise WHERE id = $1"
				  " AND recognition_id = $2";
	if (db_exec_vals(db, sql, DB_ARGS(db_int(praise_id), db_int(rec))) != DB_OK)
		return -1;
	return db_changes(db) > 0;
}

struct db_stmt *recstore_eval_source(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT v.agency_id, v.staff_id, CASE WHEN v.level = 'not_satisfied' THEN 0 ELSE 1"
		" END, v.comment, coalesce(d.applicant_name, ''), coalesce(d.code, '')"
		" FROM evaluation v LEFT JOIN dossier d ON d.id = v.dossier_id WHERE v.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *recstore_petition_source(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT agency_id, officer_id, CASE WHEN type = 'denunciation' THEN 0 ELSE 1 END,"
		" content, name, code FROM petition WHERE id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *recstore_candidates(struct db *db, long long agency, long long staff_id,
				    long long limit)
{
	static const char sql[] =
		"SELECT * FROM (SELECT 'evaluation' AS source, v.id AS id, coalesce(d.code, '') AS"
		" code, v.created_at AS t_at, v.comment AS body, coalesce(s.username, '') AS "
		"username"
		" FROM evaluation v LEFT JOIN dossier d ON d.id = v.dossier_id"
		" LEFT JOIN staff s ON s.id = v.staff_id"
		" WHERE v.agency_id = $1 AND v.comment <> '' AND v.level <> 'not_satisfied'"
		" AND ($2 = 0 OR v.staff_id = $2)"
		" UNION ALL SELECT 'petition', t.id, t.code, t.received_at, t.content,"
		" coalesce(o.username, '') FROM petition t LEFT JOIN staff o ON o.id = t.officer_id"
		" WHERE t.agency_id = $1 AND t.type <> 'denunciation') c"
		" ORDER BY t_at DESC, id DESC LIMIT $3";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(staff_id), db_int(limit)));
}
