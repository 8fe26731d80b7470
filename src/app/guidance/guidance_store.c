/*
 * guidance_store.c — all of the guidance domain's SQL text
 * (guidance_store.h): the procedure looked up, the row inserted, one
 * guidance with its officer, the dossier that cited it and the citizen's
 * visit number, the list and the counts.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE and
 * count(DISTINCT …); nothing of one engine only. LIKE only meets
 * applicant_fold (lower-case ASCII, core/fold.h) and the digits of the ID
 * number and phone, with the search text folded the same way, so the
 * engines' differing case rules for LIKE never matter (as in the inbox).
 * A citizen is their ID number, else their phone ('tel:' + phone).
 *
 * A statement that fails to prepare aborts (db_prep); a failed step or run
 * is returned as -1 for the service to turn into ERR_INTERNAL.
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/guidance/guidance_store.h"

/* The citizen a guidance is about: ID number, else phone. */
#define CITIZEN(g)                                                                                 \
	"CASE WHEN " g ".applicant_id <> '' THEN " g ".applicant_id ELSE 'tel:' || " g             \
	".applicant_phone END"

/* 0 is "none": SQL NULL */
static struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int gstore_procedure(struct db *db, const char *code, int active_only, long long *id, char *name,
		     size_t cap)
{
	static const char sql[] = "SELECT id, name FROM procedure WHERE code = $1"
				  " AND ($2 = 0 OR active = 1)";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code), db_int(active_only)));
	if (!st)
		return 0;
	*id = db_col_int(st, 0);
	if (name)
		snprintf(name, cap, "%s", db_col_text(st, 1));
	db_done(st);
	return 1;
}

int gstore_insert(struct db *db, long long procedure_id, const struct guidance_in *in,
		  const char *items_json, long long staff_id, long long unit_id, int64_t now,
		  long long *id)
{
	static const char sql[] =
		"INSERT INTO guidance (procedure_id, applicant_name, applicant_fold, applicant_id,"
		" applicant_phone, applicant_email, applicant_address, items, note, staff_id,"
		" unit_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(procedure_id), db_text(in->name), db_text(in->fold),
				 db_text(in->id_norm), db_text(in->phone_norm),
				 db_text(in->email_norm), db_text(or_empty(in->address)),
				 db_text(items_json), db_text(or_empty(in->note)), db_int(staff_id),
				 int_or_null(unit_id), db_int(now))) != 0)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

/* The visit number of guidance g (an alias in the statement). */
#define VISIT(g)                                                                                   \
	"(SELECT count(*) FROM guidance v WHERE v.procedure_id = " g ".procedure_id"               \
	" AND v.id <= " g ".id AND ((" g ".applicant_id <> '' AND v.applicant_id = " g             \
	".applicant_id) OR (" g ".applicant_phone <> '' AND v.applicant_phone = " g                \
	".applicant_phone)))"

long long gstore_visit(struct db *db, long long id)
{
	static const char sql[] = "SELECT " VISIT("g") " FROM guidance g WHERE g.id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

/* The first dossier that cited guidance g. */
#define CITED(g)                                                                                   \
	"(SELECT d.code FROM dossier d WHERE d.guidance_id = " g ".id ORDER BY d.id LIMIT 1)"

struct db_stmt *gstore_get(struct db *db, long long id, long long agency)
{
	static const char sql[] =
		"SELECT g.id, p.code, p.name, g.applicant_name, g.applicant_id, g.applicant_phone,"
		" g.applicant_email, g.applicant_address, g.items, g.note, g.created_at,"
		" coalesce(s.full_name, ''), coalesce(s.title, ''), coalesce(u.name, ''),"
		" " CITED("g") ", " VISIT("g") " FROM guidance g"
					       " JOIN procedure p ON p.id = g.procedure_id"
					       " LEFT JOIN staff s ON s.id = g.staff_id LEFT JOIN "
					       "unit u ON u.id = g.unit_id"
					       " WHERE g.id = $1"
					       " AND ($2 = 0 OR g.unit_id IN (SELECT u2.id FROM "
					       "unit u2 WHERE u2.agency_id = $2))";
	return db_row(db, sql, DB_ARGS(db_int(id), db_int(agency)));
}

/* The list's filter, shared by the page and its count: $1, $2 the period,
 * $3 the procedure's code, $4 the folded search text. */
#define LIST_WHERE                                                                                 \
	" WHERE g.created_at >= $1 AND g.created_at < $2 AND ($3 IS NULL OR p.code = $3)"          \
	" AND ($4 IS NULL OR g.applicant_fold LIKE '%' || $4 || '%'"                               \
	" OR g.applicant_id LIKE $4 || '%' OR g.applicant_phone LIKE $4 || '%')"                   \
	" AND ($5 = 0 OR g.unit_id IN (SELECT u2.id FROM unit u2 WHERE u2.agency_id = $5))"
#define LIST_VALS(f)                                                                               \
	db_int(f->t0), db_int(f->t1), db_text(f->procedure), db_text(f->q), db_int(f->agency)

struct db_stmt *gstore_list(struct db *db, const struct gstore_filter *f, long long limit,
			    long long offset)
{
	static const char sql[] =
		"SELECT g.id, g.created_at, p.code, p.name, g.applicant_name, g.applicant_id,"
		" g.applicant_phone, g.items, coalesce(s.full_name, ''), " CITED(
			"g") " FROM guidance g JOIN procedure p ON p.id = g.procedure_id"
			     " LEFT JOIN staff s ON s.id = g.staff_id" LIST_WHERE
			     " ORDER BY g.created_at DESC, g.id DESC LIMIT $6 OFFSET $7";
	return db_query(db, sql, DB_ARGS(LIST_VALS(f), db_int(limit), db_int(offset)));
}

int gstore_list_count(struct db *db, const struct gstore_filter *f, long long *total,
		      long long *citizens)
{
	static const char sql[] = "SELECT count(*), count(DISTINCT " CITIZEN(
		"g") ")"
		     " FROM guidance g JOIN procedure p ON p.id = g.procedure_id" LIST_WHERE;
	struct db_stmt *st = db_row(db, sql, DB_ARGS(LIST_VALS(f)));
	if (!st)
		return -1;
	*total = db_col_int(st, 0);
	*citizens = db_col_int(st, 1);
	db_done(st);
	return 0;
}

int gstore_totals(struct db *db, int64_t t0, int64_t t1, long long agency, long long *guidances,
		  long long *citizens, long long *followed)
{
	static const char sql[] = "SELECT count(*), count(DISTINCT " CITIZEN(
		"g") "),"
		     " (SELECT count(DISTINCT d.guidance_id) FROM dossier d"
		     "  JOIN guidance c ON c.id = d.guidance_id"
		     "  WHERE c.created_at >= $1 AND c.created_at < $2 AND ($3 = 0 OR c.unit_id IN"
		     "  (SELECT u2.id FROM unit u2 WHERE u2.agency_id = $3)))"
		     " FROM guidance g WHERE g.created_at >= $1 AND g.created_at < $2"
		     " AND ($3 = 0 OR g.unit_id IN (SELECT u2.id FROM unit u2 WHERE u2.agency_id = "
		     "$3))";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
	if (!st)
		return -1;
	*guidances = db_col_int(st, 0);
	*citizens = db_col_int(st, 1);
	*followed = db_col_int(st, 2);
	db_done(st);
	return 0;
}

struct db_stmt *gstore_by_procedure(struct db *db, int64_t t0, int64_t t1, long long agency)
{
	static const char sql[] = "SELECT p.code, p.name, count(*), count(DISTINCT " CITIZEN(
		"g") ")"
		     " FROM guidance g JOIN procedure p ON p.id = g.procedure_id"
		     " WHERE g.created_at >= $1 AND g.created_at < $2"
		     " AND ($3 = 0 OR g.unit_id IN (SELECT u2.id FROM unit u2 WHERE u2.agency_id = "
		     "$3))"
		     " GROUP BY p.code, p.name ORDER BY count(*) DESC, p.code";
	return db_query(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_int(agency)));
}
