/*
 * cli_store.c — all of the SQL text of src/app/cli/ (cli_store.h): the reads
 * of `motcua check`, `audit` and `outbox`, the home centre's row for
 * `motcua centre`, and the demo loader's agencies and units. Plain SQL: SQLite
 * and PostgreSQL. Staff accounts, the catalogue and the outbox's writes go
 * through the domains' services, not here.
 */
#include "app/cli/cli_store.h"

#include <string.h>

#include "core/vntime.h"

/* ==== SQL of `motcua check` ==============================================
 * Each query returns the codes of the dossiers (or the count of rows) that
 * break one rule. */

/* dossiers received without their planned steps, or with steps not 1..n */
static const char sql_steps_missing[] =
	"SELECT d.code FROM dossier d WHERE d.received_at IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM dossier_step s WHERE s.dossier_id = d.id)"
	" ORDER BY d.id";
static const char sql_steps_unreceived[] =
	"SELECT d.code FROM dossier d WHERE d.received_at IS NULL"
	" AND EXISTS (SELECT 1 FROM dossier_step s WHERE s.dossier_id = d.id)"
	" ORDER BY d.id";
static const char sql_steps_numbering[] =
	"SELECT d.code FROM dossier d JOIN (SELECT dossier_id, count(*) AS n,"
	" min(position) AS lo, max(position) AS hi FROM dossier_step GROUP BY dossier_id) s"
	" ON s.dossier_id = d.id WHERE s.lo <> 1 OR s.hi <> s.n ORDER BY d.id";
/* exactly one intake event (received at the counter, or submitted online) */
static const char sql_intake_event[] =
	"SELECT d.code FROM dossier d WHERE (SELECT count(*) FROM dossier_event e"
	" WHERE e.dossier_id = d.id AND (e.action = 'receive' OR e.action = 'submit')) <> 1"
	" ORDER BY d.id";
/* exactly one intake audit record */
static const char sql_intake_audit[] =
	"SELECT d.code FROM dossier d WHERE (SELECT count(*) FROM audit a"
	" WHERE a.entity = 'dossier' AND a.entity_id = d.code"
	" AND (a.action = 'dossier.receive' OR a.action = 'dossier.submit')) <> 1"
	" ORDER BY d.id";
/* rows of a dossier that is not there */
static const char sql_orphan_steps[] =
	"SELECT count(*) FROM dossier_step s"
	" WHERE NOT EXISTS (SELECT 1 FROM dossier d WHERE d.id = s.dossier_id)";
static const char sql_orphan_documents[] =
	"SELECT count(*) FROM dossier_document x"
	" WHERE NOT EXISTS (SELECT 1 FROM dossier d WHERE d.id = x.dossier_id)";
static const char sql_orphan_events[] =
	"SELECT count(*) FROM dossier_event e"
	" WHERE NOT EXISTS (SELECT 1 FROM dossier d WHERE d.id = e.dossier_id)";
static const char sql_orphan_attachments[] =
	"SELECT count(*) FROM dossier_attachment x"
	" WHERE NOT EXISTS (SELECT 1 FROM dossier d WHERE d.id = x.dossier_id)";
static const char sql_orphan_audit[] =
	"SELECT count(*) FROM audit a WHERE a.entity = 'dossier'"
	" AND NOT EXISTS (SELECT 1 FROM dossier d WHERE d.code = a.entity_id)";
/* codes, ids and the daily sequences */
/* the agency that issued the code: the receiving one (D27), else the competent one */
static const char sql_dossiers[] =
	"SELECT id, coalesce(received_agency_id, agency_id), code FROM dossier ORDER BY id";
static const char sql_seqs[] =
	"SELECT agency_id, day, last FROM dossier_seq ORDER BY agency_id, day";

/* ==== SQL of `motcua audit` ==============================================
 * A NULL filter matches every row. Newest first. */
static const char sql_audit[] =
	"SELECT id, at, actor, action, entity, entity_id, before, after, request_id FROM audit"
	" WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1)"
	" AND (CAST($2 AS TEXT) IS NULL OR entity_id = $2)"
	" AND (CAST($3 AS TEXT) IS NULL OR action = $3)"
	" ORDER BY id DESC LIMIT $4";

/* ==== SQL of `motcua outbox` =============================================
 * States (migration 0004): queued (neither sent nor failed), sent, failed. */
#define OUTBOX_COLS                                                                                \
	"SELECT id, created_at, kind, dossier_code, to_addr, subject, attempts,"                   \
	" next_attempt_at, sent_at, failed_at, last_error, body FROM outbox"
static const char sql_outbox_all[] = OUTBOX_COLS " ORDER BY id DESC LIMIT $1";
static const char sql_outbox_queued[] = OUTBOX_COLS " WHERE sent_at IS NULL AND failed_at IS NULL"
						    " ORDER BY id DESC LIMIT $1";
static const char sql_outbox_sent[] =
	OUTBOX_COLS " WHERE sent_at IS NOT NULL ORDER BY id DESC LIMIT $1";
static const char sql_outbox_failed[] =
	OUTBOX_COLS " WHERE failed_at IS NOT NULL ORDER BY id DESC LIMIT $1";
static const char sql_outbox_one[] = OUTBOX_COLS " WHERE id = $1";

/* ==== SQL of `motcua centre` =============================================
 * A NULL value keeps the column. */
static const char sql_home[] =
	"SELECT code, eid, name, centre_name, address, phone, email, work_periods, cutoff"
	" FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
static const char sql_home_update[] =
	"UPDATE agency SET name = coalesce($2, name), centre_name = coalesce($3, centre_name),"
	" address = coalesce($4, address), phone = coalesce($5, phone),"
	" email = coalesce($6, email), work_periods = coalesce($7, work_periods),"
	" cutoff = coalesce($8, cutoff) WHERE code = $1";

/* ==== SQL of the demo loader ============================================= */
static const char sql_agency_count[] = "SELECT count(*) FROM agency";
static const char sql_agency_insert[] =
	"INSERT INTO agency (code, name, level, parent_id, eid, centre_name, address, "
	"phone,"
	" email, work_periods, cutoff, island, is_home)"
	" VALUES ($1, $2, $3, (SELECT id FROM agency WHERE code = $4), $5, $6, $7, $8, $9,"
	" coalesce($10, '07:30-11:30,13:00-17:00'), coalesce($11, '15:00'), $12, $13)";
static const char sql_unit_insert[] = "INSERT INTO unit (agency_id, code, name, is_counter)"
				      " SELECT id, $2, $3, $4 FROM agency WHERE code = $1";
/* ==== end of the SQL ===================================================== */

/* --- motcua check ---------------------------------------------------------- */

long long cli_db_orphans(struct db *db, enum cli_orphan what)
{
	static const char *const sql[] = {
		[CLI_ORPHAN_STEPS] = sql_orphan_steps,
		[CLI_ORPHAN_DOCUMENTS] = sql_orphan_documents,
		[CLI_ORPHAN_EVENTS] = sql_orphan_events,
		[CLI_ORPHAN_ATTACHMENTS] = sql_orphan_attachments,
		[CLI_ORPHAN_AUDIT] = sql_orphan_audit,
	};
	struct db_stmt *st = db_row(db, sql[what], 0, NULL);
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

long long cli_db_dossiers_breaking(struct db *db, enum cli_dossier_rule rule, json_t *examples,
				   size_t max)
{
	static const char *const sql[] = {
		[CLI_STEPS_MISSING] = sql_steps_missing,
		[CLI_STEPS_UNRECEIVED] = sql_steps_unreceived,
		[CLI_STEPS_NUMBERING] = sql_steps_numbering,
		[CLI_INTAKE_EVENT] = sql_intake_event,
		[CLI_INTAKE_AUDIT] = sql_intake_audit,
	};
	struct db_stmt *st = db_prep(db, sql[rule]);
	long long n = 0;
	while (db_step(st) == DB_ROW) {
		if ((size_t)n++ < max)
			json_array_append_new(examples, json_string(db_col_text(st, 0)));
	}
	db_done(st);
	return n;
}

struct db_stmt *cli_db_dossiers(struct db *db)
{
	return db_prep(db, sql_dossiers);
}

struct db_stmt *cli_db_seqs(struct db *db)
{
	return db_prep(db, sql_seqs);
}

/* --- motcua audit ---------------------------------------------------------- */

/* A stored JSON document back as JSON (as text if it is not JSON). */
static json_t *stored_json(struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		return json_null();
	const char *s = db_col_text(st, col);
	json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
	return v ? v : json_string(s);
}

json_t *cli_db_audit(struct db *db, const char *entity, const char *entity_id, const char *action,
		     long limit, int *more)
{
	json_t *entries = json_array();
	struct db_stmt *st = db_query(db, sql_audit,
				      DB_ARGS(db_text(entity), db_text(entity_id), db_text(action),
					      db_int((int64_t)limit + 1)));
	int rc;
	*more = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((long)json_array_size(entries) == limit) {
			*more = 1;
			continue;
		}
		char at[40];
		vn_format_iso(db_col_int(st, 1), at, sizeof at);
		json_array_append_new(entries,
				      json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id",
						(json_int_t)db_col_int(st, 0), "at", at, "actor",
						db_col_text(st, 2), "action", db_col_text(st, 3),
						"entity", db_col_text(st, 4), "entity_id",
						db_col_text(st, 5), "before", stored_json(st, 6),
						"after", stored_json(st, 7), "request_id",
						db_col_text(st, 8)));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(entries);
		return NULL;
	}
	return entries;
}

/* --- motcua outbox --------------------------------------------------------- */

static json_t *instant(struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		return json_null();
	char b[40];
	vn_format_iso(db_col_int(st, col), b, sizeof b);
	return json_string(b);
}

/* The message at the statement's row (columns of OUTBOX_COLS). */
static json_t *message_json(struct db_stmt *st, int with_body)
{
	const char *status = !db_col_null(st, 8)   ? "sent"
			     : !db_col_null(st, 9) ? "failed"
						   : "queued";
	json_t *m = json_pack("{s:I,s:s,s:o,s:s,s:o,s:s,s:s,s:I,s:o,s:o,s:o,s:s}", "id",
			      (json_int_t)db_col_int(st, 0), "status", status, "created_at",
			      instant(st, 1), "kind", db_col_text(st, 2), "dossier_code",
			      db_col_null(st, 3) ? json_null() : json_string(db_col_text(st, 3)),
			      "to", db_col_text(st, 4), "subject", db_col_text(st, 5), "attempts",
			      (json_int_t)db_col_int(st, 6), "next_attempt_at", instant(st, 7),
			      "sent_at", instant(st, 8), "failed_at", instant(st, 9), "last_error",
			      db_col_text(st, 10));
	if (m && with_body)
		json_object_set_new(m, "body", json_string(db_col_text(st, 11)));
	return m;
}

json_t *cli_db_outbox_list(struct db *db, const char *status, long limit, int *more)
{
	const char *sql = !status                         ? sql_outbox_all
			  : strcmp(status, "queued") == 0 ? sql_outbox_queued
			  : strcmp(status, "sent") == 0   ? sql_outbox_sent
							  : sql_outbox_failed;
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int((int64_t)limit + 1)));
	json_t *messages = json_array();
	int rc;
	*more = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((long)json_array_size(messages) == limit) {
			*more = 1;
			continue;
		}
		json_array_append_new(messages, message_json(st, 0));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(messages);
		return NULL;
	}
	return messages;
}

int cli_db_outbox_message(struct db *db, long long id, json_t **out)
{
	struct db_stmt *st = db_query(db, sql_outbox_one, DB_ARGS(db_int(id)));
	int rc = db_step(st);
	*out = rc == DB_ROW ? message_json(st, 1) : NULL;
	if (rc == DB_ROW)
		rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return *out ? 1 : 0;
}

/* --- motcua centre --------------------------------------------------------- */

/* The JSON keys of the columns 2..8 of sql_home, in the order of $2..$8 of
 * sql_home_update. */
const char *const cli_centre_keys[CLI_CENTRE_NKEYS] = {"agency", "name",         "address", "phone",
						       "email",  "work_periods", "cutoff"};

json_t *cli_db_home(struct db *db)
{
	struct db_stmt *st = db_row(db, sql_home, 0, NULL);
	if (!st)
		return NULL;
	json_t *o = json_pack("{s:s,s:s}", "code", db_col_text(st, 0), "eid", db_col_text(st, 1));
	for (size_t k = 0; o && k < CLI_CENTRE_NKEYS; k++)
		json_object_set_new(o, cli_centre_keys[k],
				    json_string(db_col_text(st, (int)k + 2)));
	db_done(st);
	return o;
}

int cli_db_home_update(struct db *db, const char *code, const char *const value[CLI_CENTRE_NKEYS])
{
	struct db_val v[1 + CLI_CENTRE_NKEYS] = {db_text(code)};
	for (size_t k = 0; k < CLI_CENTRE_NKEYS; k++)
		v[k + 1] = db_text(value[k]);
	return db_exec_vals(db, sql_home_update, 1 + CLI_CENTRE_NKEYS, v) == DB_OK ? 0 : -1;
}

/* --- the demo loader ------------------------------------------------------- */

long long cli_db_agency_count(struct db *db)
{
	struct db_stmt *st = db_row(db, sql_agency_count, 0, NULL);
	long long n = st ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

int cli_db_agency_insert(struct db *db, const struct cli_agency *a)
{
	int rc = db_exec_vals(db, sql_agency_insert,
			      DB_ARGS(db_text(a->code), db_text(a->name), db_text(a->level),
				      db_text(a->parent), db_text(a->eid), db_text(a->centre_name),
				      db_text(a->address), db_text(a->phone), db_text(a->email),
				      db_text(a->work_periods), db_text(a->cutoff),
				      db_int(a->island), db_int(a->is_home)));
	return rc == DB_OK ? 0 : -1;
}

int cli_db_unit_insert(struct db *db, const char *agency, const char *code, const char *name,
		       int counter)
{
	int rc = db_exec_vals(
		db, sql_unit_insert,
		DB_ARGS(db_text(agency), db_text(code), db_text(name), db_int(counter ? 1 : 0)));
	return rc == DB_OK && db_changes(db) == 1 ? 0 : -1;
}
