/*
 * evaluation_store.c — the evaluation domain's SQL, portable to SQLite and
 * PostgreSQL ($N parameters, no RETURNING).
 */
#include <stdio.h>
#include <string.h>

#include "app/evaluation/evaluation_store.h"

struct db_stmt *estore_dossier_by_code(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT id, agency_id, coalesce(eval_secret, ''), status, coalesce(received_by, 0)"
		" FROM dossier WHERE code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

struct db_stmt *estore_ticket_of_dossier(struct db *db, long long agency, const char *code)
{
	static const char sql[] =
		"SELECT id, coalesce(staff_id, 0), coalesce(counter_id, 0) FROM queue_ticket"
		" WHERE agency_id = $1 AND dossier_code = $2 ORDER BY id DESC LIMIT 1";
	return db_row(db, sql, DB_ARGS(db_int(agency), db_text(code)));
}

struct db_stmt *estore_device(struct db *db, const char *hash)
{
	static const char sql[] = "SELECT d.id, d.agency_id, d.counter_id, c.number, c.name, a.code"
				  " FROM eval_device d JOIN queue_counter c ON c.id = d.counter_id"
				  " JOIN agency a ON a.id = d.agency_id"
				  " WHERE d.token_hash = $1 AND d.revoked_at IS NULL";
	return db_row(db, sql, DB_ARGS(db_text(hash)));
}

struct db_stmt *estore_tablet_ticket(struct db *db, long long counter, int64_t since)
{
	static const char sql[] =
		"SELECT t.id, t.number, t.finished_at, coalesce(t.staff_id, 0),"
		" coalesce(t.dossier_code, ''), g.name, g.name_en"
		" FROM queue_ticket t JOIN queue_group g ON g.id = t.group_id"
		" WHERE t.counter_id = $1 AND t.state = 'done' AND t.finished_at >= $2"
		" ORDER BY t.finished_at DESC, t.id DESC LIMIT 1";
	return db_row(db, sql, DB_ARGS(db_int(counter), db_int(since)));
}

long long estore_dossier_id(struct db *db, long long agency, const char *code)
{
	static const char sql[] = "SELECT id FROM dossier WHERE code = $1 AND agency_id = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code), db_int(agency)));
	long long id = st ? db_col_int(st, 0) : 0;
	if (st)
		db_done(st);
	return id;
}

struct db_stmt *estore_eval_find(struct db *db, long long dossier, long long ticket)
{
	static const char sql[] = "SELECT id, created_at, level FROM evaluation"
				  " WHERE dossier_id = $1 OR ticket_id = $2 ORDER BY id LIMIT 1";
	return db_row(db, sql,
		      DB_ARGS(dossier ? db_int(dossier) : db_null(),
			      ticket ? db_int(ticket) : db_null()));
}

static struct db_val id_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

int estore_eval_insert(struct db *db, long long agency, long long dossier, long long ticket,
		       const char *level, const char *reasons, const char *comment,
		       const char *channel, long long staff, long long counter, int64_t now,
		       long long *id)
{
	static const char sql[] =
		"INSERT INTO evaluation (agency_id, dossier_id, ticket_id, level, reasons, comment,"
		" channel, staff_id, counter_id, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(agency), id_or_null(dossier), id_or_null(ticket),
				 db_text(level), db_text(reasons), db_text(comment),
				 db_text(channel), id_or_null(staff), id_or_null(counter),
				 db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int estore_eval_update(struct db *db, long long id, long long dossier, long long ticket,
		       const char *level, const char *reasons, const char *comment,
		       const char *channel, int64_t now)
{
	/* a replacement may add the other handle (a ticket's rating replaced
	 * on the tracking page keeps its ticket and gains nothing else) */
	static const char sql[] =
		"UPDATE evaluation SET level = $2, reasons = $3, comment = $4, channel = $5,"
		" updated_at = $6, revisions = revisions + 1,"
		" dossier_id = coalesce(dossier_id, $7), ticket_id = coalesce(ticket_id, $8)"
		" WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(level), db_text(reasons), db_text(comment),
				    db_text(channel), db_int(now), id_or_null(dossier),
				    id_or_null(ticket))) == DB_OK
		       ? 0
		       : -1;
}

struct db_stmt *estore_counter_by_number(struct db *db, long long agency, long long number)
{
	static const char sql[] = "SELECT id, name FROM queue_counter"
				  " WHERE agency_id = $1 AND number = $2 AND active = 1";
	return db_row(db, sql, DB_ARGS(db_int(agency), db_int(number)));
}

int estore_device_insert(struct db *db, long long agency, long long counter, const char *hash,
			 int64_t now, long long *id)
{
	static const char sql[] = "INSERT INTO eval_device (agency_id, counter_id, token_hash,"
				  " created_at) VALUES ($1, $2, $3, $4)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(agency), db_int(counter), db_text(hash), db_int(now))) !=
	    DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

struct db_stmt *estore_eval_of_dossier(struct db *db, long long dossier)
{
	static const char sql[] =
		"SELECT level, channel, created_at, reasons FROM evaluation WHERE dossier_id = $1";
	return db_row(db, sql, DB_ARGS(db_int(dossier)));
}

#define LIST_COLS                                                                                  \
	"SELECT e.id, e.level, e.reasons, e.comment, e.channel, e.created_at, e.updated_at,"       \
	" coalesce(d.code, ''), coalesce(t.number, ''), coalesce(s.full_name, ''),"                \
	" c.number FROM evaluation e LEFT JOIN dossier d ON d.id = e.dossier_id"                   \
	" LEFT JOIN queue_ticket t ON t.id = e.ticket_id LEFT JOIN staff s ON s.id = e.staff_id"   \
	" LEFT JOIN queue_counter c ON c.id = e.counter_id WHERE e.agency_id = $1"

struct db_stmt *estore_list(struct db *db, long long agency, const char *level, long long limit,
			    long long offset)
{
	static const char sql_all[] = LIST_COLS " ORDER BY e.created_at DESC, e.id DESC"
						" LIMIT $2 OFFSET $3";
	static const char sql_level[] = LIST_COLS " AND e.level = $4"
						  " ORDER BY e.created_at DESC, e.id DESC"
						  " LIMIT $2 OFFSET $3";
	if (level)
		return db_query(
			db, sql_level,
			DB_ARGS(db_int(agency), db_int(limit), db_int(offset), db_text(level)));
	return db_query(db, sql_all, DB_ARGS(db_int(agency), db_int(limit), db_int(offset)));
}

long long estore_count(struct db *db, long long agency, const char *level, int64_t since)
{
	static const char sql[] = "SELECT count(*) FROM evaluation WHERE agency_id = $1"
				  " AND level = $2 AND created_at >= $3";
	struct db_stmt *st =
		db_row(db, sql, DB_ARGS(db_int(agency), db_text(level), db_int(since)));
	long long n = st ? db_col_int(st, 0) : 0;
	if (st)
		db_done(st);
	return n;
}

struct db_stmt *estore_criteria_row(struct db *db, long long dossier)
{
	static const char sql[] =
		"SELECT d.status, d.channel, d.submitted_at, d.received_at,"
		" coalesce(d.finished_at, d.result_at), d.due_at, d.original_due_at,"
		" d.supplement_count, d.apology_count, coalesce(d.apology_early, 0),"
		" d.returned_at, d.agency_id,"
		" (SELECT count(*) FROM procedure_document pd WHERE pd.procedure_id = "
		"d.procedure_id)"
		" FROM dossier d WHERE d.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(dossier)));
}

struct db_stmt *estore_step_outcomes(struct db *db, long long dossier)
{
	static const char sql[] = "SELECT outcome FROM dossier_step WHERE dossier_id = $1"
				  " AND outcome IS NOT NULL ORDER BY position";
	return db_query(db, sql, DB_ARGS(db_int(dossier)));
}

int estore_secret(struct db *db, const char *code, char *out, size_t cap)
{
	static const char sql[] = "SELECT eval_secret FROM dossier WHERE code = $1"
				  " AND eval_secret IS NOT NULL";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return -1;
	snprintf(out, cap, "%s", db_col_text(st, 0));
	db_done(st);
	return 0;
}

struct db_stmt *estore_fig_tickets(struct db *db, long long agency, int64_t from, int64_t to)
{
	static const char sql[] =
		"SELECT t.day, g.code, g.name, coalesce(c.number, 0), coalesce(c.name, ''),"
		" coalesce(t.staff_id, 0), coalesce(s.full_name, ''), t.state, t.issued_at,"
		" t.called_at, t.started_at, t.finished_at, coalesce(e.level, '')"
		" FROM queue_ticket t JOIN queue_group g ON g.id = t.group_id"
		" LEFT JOIN queue_counter c ON c.id = t.counter_id"
		" LEFT JOIN staff s ON s.id = t.staff_id"
		" LEFT JOIN evaluation e ON e.ticket_id = t.id"
		" WHERE t.agency_id = $1 AND t.day >= $2 AND t.day <= $3"
		" ORDER BY t.day, t.id";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(from), db_int(to)));
}

struct db_stmt *estore_fig_evals(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	static const char sql[] =
		"SELECT e.created_at, coalesce(e.staff_id, 0), coalesce(s.full_name, ''), e.level"
		" FROM evaluation e LEFT JOIN staff s ON s.id = e.staff_id"
		" WHERE e.agency_id = $1 AND e.ticket_id IS NULL AND e.created_at >= $2"
		" AND e.created_at < $3 ORDER BY e.id";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(t0), db_int(t1)));
}

#define DEVICE_COLS                                                                                \
	"SELECT d.id, c.number, c.name, d.created_at, d.revoked_at FROM eval_device d"             \
	" JOIN queue_counter c ON c.id = d.counter_id"

struct db_stmt *estore_devices(struct db *db, long long agency)
{
	static const char sql[] = DEVICE_COLS " WHERE d.agency_id = $1 ORDER BY d.id DESC";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

struct db_stmt *estore_device_of(struct db *db, long long agency, long long id)
{
	static const char sql[] = DEVICE_COLS " WHERE d.agency_id = $1 AND d.id = $2";
	return db_row(db, sql, DB_ARGS(db_int(agency), db_int(id)));
}

int estore_device_revoke(struct db *db, long long id, int64_t now)
{
	static const char sql[] = "UPDATE eval_device SET revoked_at = $2 WHERE id = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(now)));
}
