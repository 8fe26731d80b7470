/*
 * accounts_store.c — all of the accounts domain's SQL text (see
 * accounts_store.h). One small function per statement or two; no rules
 * here, those are the services' (staff.c, session.c, throttle.c).
 *
 * The SQL serves SQLite and PostgreSQL alike: $n parameters, BIGINT
 * instants, new ids from db_last_insert_id() (no RETURNING, DECISIONS D10),
 * and the upsert of login_failure as INSERT … ON CONFLICT … DO UPDATE.
 */
#include "app/accounts/accounts_store.h"

#include <stdio.h>
#include <string.h>

#include "core/vntime.h"

/* staff -------------------------------------------------------------------- */

long long acc_db_staff_id(struct db *db, const char *username)
{
	static const char sql[] = "SELECT id FROM staff WHERE username = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(username)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int acc_db_staff_login(struct db *db, const char *username, long long *id,
		       char hash[AUTH_PWHASH_MAX])
{
	static const char sql[] = "SELECT id, password_hash, active FROM staff WHERE username = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(username)));
	int found = 0;
	if (st && db_col_int(st, 2)) {
		*id = db_col_int(st, 0);
		snprintf(hash, AUTH_PWHASH_MAX, "%s", db_col_text(st, 1));
		found = 1;
	}
	db_done(st);
	return found;
}

void acc_db_staff_hash(struct db *db, long long id, char hash[AUTH_PWHASH_MAX])
{
	static const char sql[] = "SELECT password_hash FROM staff WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	hash[0] = 0;
	if (st)
		snprintf(hash, AUTH_PWHASH_MAX, "%s", db_col_text(st, 0));
	db_done(st);
}

int acc_db_staff_insert(struct db *db, const struct staff_input *in, long long unit_id, int64_t now,
			long long *id)
{
	static const char sql[] =
		"INSERT INTO staff (username, full_name, title, email, unit_id, password_hash,"
		" active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_text(in->username), db_text(in->full_name ? in->full_name : ""),
				 db_text(in->title ? in->title : ""),
				 db_text(in->email ? in->email : ""),
				 unit_id ? db_int(unit_id) : db_null(), db_text(in->password_hash),
				 db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int acc_db_staff_update(struct db *db, long long id, const struct staff_change *in,
			long long unit_id, int64_t now)
{
	static const char sql[] =
		"UPDATE staff SET full_name = coalesce($2, full_name), title = coalesce($3, title),"
		" email = coalesce($4, email), unit_id = coalesce($5, unit_id),"
		" active = coalesce($6, active), updated_at = $7 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(in->full_name), db_text(in->title),
				    db_text(in->email), unit_id ? db_int(unit_id) : db_null(),
				    in->has_active ? db_int(in->active) : db_null(),
				    db_int(now))) == DB_OK
		       ? 0
		       : -1;
}

int acc_db_staff_set_hash(struct db *db, long long id, const char *hash, int64_t now)
{
	static const char sql[] =
		"UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3";
	return db_exec_vals(db, sql, DB_ARGS(db_text(hash), db_int(now), db_int(id))) == DB_OK ? 0
											       : -1;
}

int acc_db_roles_put(struct db *db, long long id, unsigned mask, int replace)
{
	static const char sql_del[] = "DELETE FROM staff_role WHERE staff_id = $1";
	static const char sql_add[] = "INSERT INTO staff_role (staff_id, role) VALUES ($1, $2)";
	if (replace && db_exec_vals(db, sql_del, DB_ARGS(db_int(id))) != DB_OK)
		return -1;
	for (unsigned r = 1; r & ROLE_ALL; r <<= 1) {
		if (!(mask & r))
			continue;
		if (db_exec_vals(db, sql_add, DB_ARGS(db_int(id), db_text(role_name(r)))) != DB_OK)
			return -1;
	}
	return 0;
}

static const char sql_roles[] = "SELECT role FROM staff_role WHERE staff_id = $1";
static const char sql_roles_sorted[] =
	"SELECT role FROM staff_role WHERE staff_id = $1 ORDER BY role";

unsigned acc_db_roles(struct db *db, long long id)
{
	unsigned mask = 0;
	struct db_stmt *st = db_query(db, sql_roles, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		mask |= role_parse(db_col_text(st, 0));
	db_done(st);
	return mask;
}

json_t *acc_db_roles_json(struct db *db, long long id, int sorted)
{
	json_t *roles = json_array();
	struct db_stmt *st =
		db_query(db, sorted ? sql_roles_sorted : sql_roles, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(roles, json_string(db_col_text(st, 0)));
	db_done(st);
	return roles;
}

json_t *acc_db_staff_row(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT s.username, s.full_name, s.title, coalesce(u.code, ''),"
		" coalesce(u.name, ''), coalesce(a.code, ''), coalesce(a.name, ''),"
		" u.id IS NOT NULL, s.email"
		" FROM staff s LEFT JOIN unit u ON u.id = s.unit_id"
		" LEFT JOIN agency a ON a.id = u.agency_id WHERE s.id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "username", json_string(db_col_text(st, 0)));
	json_object_set_new(o, "full_name", json_string(db_col_text(st, 1)));
	json_object_set_new(o, "title", json_string(db_col_text(st, 2)));
	json_object_set_new(o, "email", json_string(db_col_text(st, 8)));
	if (db_col_int(st, 7)) {
		json_object_set_new(o, "unit",
				    json_pack("{s:s,s:s}", "code", db_col_text(st, 3), "name",
					      db_col_text(st, 4)));
		json_object_set_new(o, "agency",
				    json_pack("{s:s,s:s}", "code", db_col_text(st, 5), "name",
					      db_col_text(st, 6)));
	} else {
		json_object_set_new(o, "unit", json_null());
		json_object_set_new(o, "agency", json_null());
	}
	db_done(st);
	return o;
}

size_t acc_db_staff_ids(struct db *db, long long *ids, int *active, size_t cap)
{
	static const char sql[] = "SELECT id, active FROM staff ORDER BY username";
	struct db_stmt *st = db_prep(db, sql);
	size_t n = 0;
	while (n < cap && db_step(st) == DB_ROW) {
		ids[n] = db_col_int(st, 0);
		active[n++] = (int)db_col_int(st, 1);
	}
	db_done(st);
	return n;
}

/* units -------------------------------------------------------------------- */

long long acc_db_unit_id(struct db *db, const char *agency, const char *unit)
{
	static const char sql_home[] = "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
				       " WHERE u.code = $1 AND a.is_home = 1";
	static const char sql_in[] = "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
				     " WHERE u.code = $1 AND a.code = $2";
	struct db_stmt *st = agency ? db_row(db, sql_in, DB_ARGS(db_text(unit), db_text(agency)))
				    : db_row(db, sql_home, DB_ARGS(db_text(unit)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

json_t *acc_db_units(struct db *db)
{
	static const char sql[] = "SELECT u.code, u.name, a.code, a.name FROM unit u"
				  " JOIN agency a ON a.id = u.agency_id"
				  " ORDER BY a.is_home DESC, a.code, u.code";
	struct db_stmt *st = db_prep(db, sql);
	json_t *items = json_array();
	while (db_step(st) == DB_ROW)
		json_array_append_new(items,
				      json_pack("{s:s,s:s,s:{s:s,s:s}}", "code", db_col_text(st, 0),
						"name", db_col_text(st, 1), "agency", "code",
						db_col_text(st, 2), "name", db_col_text(st, 3)));
	db_done(st);
	return items;
}

json_t *acc_db_home_unit(struct db *db, const char *code, long long *id)
{
	static const char sql[] =
		"SELECT u.id, u.code, u.name FROM unit u JOIN agency a ON a.id = u.agency_id"
		" WHERE u.code = $1 AND a.is_home = 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return NULL;
	*id = db_col_int(st, 0);
	json_t *o = json_pack("{s:s,s:s}", "code", db_col_text(st, 1), "name", db_col_text(st, 2));
	db_done(st);
	return o;
}

json_t *acc_db_agency_unit(struct db *db, long long agency_id, const char *code, long long *id)
{
	static const char sql[] =
		"SELECT u.id, u.code, u.name, a.code, a.name FROM unit u JOIN agency a"
		" ON a.id = u.agency_id WHERE u.code = $1 AND a.id = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code), db_int(agency_id)));
	if (!st)
		return NULL;
	*id = db_col_int(st, 0);
	json_t *o = json_pack("{s:s,s:s,s:{s:s,s:s}}", "code", db_col_text(st, 1), "name",
			      db_col_text(st, 2), "agency", "code", db_col_text(st, 3), "name",
			      db_col_text(st, 4));
	db_done(st);
	return o;
}

long long acc_db_unit_agency(struct db *db, long long unit_id)
{
	static const char sql[] = "SELECT coalesce((SELECT agency_id FROM unit WHERE id = $1),"
				  " (SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1))";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(unit_id)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

long long acc_db_agency_id(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

size_t acc_db_unit_officers(struct db *db, long long unit_id, json_t *items, long long *ids,
			    size_t cap)
{
	static const char sql[] =
		"SELECT s.id, s.username, s.full_name, s.title,"
		" (SELECT count(*) FROM dossier d WHERE d.assignee_id = s.id"
		"  AND d.status IN ('received', 'processing', 'supplement_requested'))"
		" FROM staff s WHERE s.unit_id = $1 AND s.active = 1 ORDER BY s.full_name";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(unit_id)));
	size_t n = 0;
	while (n < cap && db_step(st) == DB_ROW) {
		ids[n++] = db_col_int(st, 0);
		json_array_append_new(items,
				      json_pack("{s:s,s:s,s:s,s:I}", "username", db_col_text(st, 1),
						"full_name", db_col_text(st, 2), "title",
						db_col_text(st, 3), "open_dossiers",
						(json_int_t)db_col_int(st, 4)));
	}
	db_done(st);
	return n;
}

/* sessions ----------------------------------------------------------------- */

int acc_db_session_find(struct db *db, const char *hash, struct acc_session_row *row)
{
	static const char sql[] =
		"SELECT se.staff_id, se.csrf_token, se.last_seen, se.expires_at, s.username,"
		" s.active, coalesce(s.unit_id, 0) FROM session se JOIN staff s ON s.id = "
		"se.staff_id"
		" WHERE se.token_hash = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(hash)));
	if (!st)
		return 0;
	row->staff_id = db_col_int(st, 0);
	snprintf(row->csrf, sizeof row->csrf, "%s", db_col_text(st, 1));
	row->last_seen = db_col_int(st, 2);
	row->expires = db_col_int(st, 3);
	snprintf(row->username, sizeof row->username, "%s", db_col_text(st, 4));
	row->active = (int)db_col_int(st, 5);
	row->unit_id = db_col_int(st, 6);
	db_done(st);
	return 1;
}

int acc_db_session_insert(struct db *db, const char *hash, long long staff_id, const char *csrf,
			  int64_t now, int64_t expires)
{
	static const char sql[] = "INSERT INTO session (token_hash, staff_id, csrf_token,"
				  " created_at, last_seen, expires_at)"
				  " VALUES ($1, $2, $3, $4, $4, $5)";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_text(hash), db_int(staff_id), db_text(csrf), db_int(now),
				    db_int(expires))) == DB_OK
		       ? 0
		       : -1;
}

int acc_db_sessions_gc(struct db *db, long long staff_id, int64_t now)
{
	static const char sql[] = "DELETE FROM session WHERE staff_id = $1 AND expires_at < $2";
	return db_exec_vals(db, sql, DB_ARGS(db_int(staff_id), db_int(now))) == DB_OK ? 0 : -1;
}

int acc_db_session_delete(struct db *db, const char *hash)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_text(hash))) == DB_OK ? 0 : -1;
}

int acc_db_sessions_end(struct db *db, long long staff_id)
{
	static const char sql[] = "DELETE FROM session WHERE staff_id = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(staff_id))) == DB_OK ? 0 : -1;
}

int acc_db_touch(struct db *db, const char *hash, int64_t now, int token)
{
	static const char sql[] = "UPDATE session SET last_seen = $1 WHERE token_hash = $2";
	static const char sql_tok[] =
		"UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2";
	return db_exec_vals(db, token ? sql_tok : sql, DB_ARGS(db_int(now), db_text(hash))) == DB_OK
		       ? 0
		       : -1;
}

/* API tokens --------------------------------------------------------------- */

int acc_db_token_find(struct db *db, const char *hash, struct acc_token_row *row)
{
	static const char sql[] =
		"SELECT t.staff_id, s.username, s.active, coalesce(s.unit_id, 0), t.expires_at,"
		" coalesce(t.last_used_at, 0) FROM api_token t"
		" JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = $1 AND t.revoked_at IS "
		"NULL";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(hash)));
	if (!st)
		return 0;
	row->staff_id = db_col_int(st, 0);
	snprintf(row->username, sizeof row->username, "%s", db_col_text(st, 1));
	row->active = (int)db_col_int(st, 2);
	row->unit_id = db_col_int(st, 3);
	row->expires = db_col_int(st, 4);
	row->last_used = db_col_int(st, 5);
	db_done(st);
	return 1;
}

int acc_db_token_insert(struct db *db, const char *hash, const char *username, const char *label,
			int64_t now, int64_t expires, long long *id)
{
	static const char sql[] =
		"INSERT INTO api_token (token_hash, staff_id, label, created_at, expires_at)"
		" SELECT $1, id, $2, $3, $5 FROM staff WHERE username = $4 AND active = 1";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_text(hash), db_text(label), db_int(now), db_text(username),
				 db_int(expires))) != DB_OK)
		return -1;
	if (db_changes(db) == 0)
		return 0;
	*id = db_last_insert_id(db);
	return 1;
}

long long acc_db_tokens_revoke(struct db *db, long long staff_id, long long id, int64_t now)
{
	static const char sql_one[] = "UPDATE api_token SET revoked_at = $3"
				      " WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL";
	static const char sql_all[] = "UPDATE api_token SET revoked_at = $2"
				      " WHERE staff_id = $1 AND revoked_at IS NULL";
	int rc = id ? db_exec_vals(db, sql_one, DB_ARGS(db_int(id), db_int(staff_id), db_int(now)))
		    : db_exec_vals(db, sql_all, DB_ARGS(db_int(staff_id), db_int(now)));
	if (rc != DB_OK)
		return -1;
	return db_changes(db);
}

static json_t *instant_or_null(int64_t t, int is_null)
{
	char b[40];
	if (is_null || vn_format_iso(t, b, sizeof b) < 0)
		return json_null();
	return json_string(b);
}

json_t *acc_db_tokens(struct db *db, long long staff_id, int64_t now)
{
	static const char sql[] =
		"SELECT id, label, created_at, expires_at, last_used_at, last_used_at IS NULL,"
		" revoked_at IS NOT NULL FROM api_token WHERE staff_id = $1 ORDER BY id DESC";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(staff_id)));
	json_t *items = json_array();
	while (db_step(st) == DB_ROW) {
		int64_t exp = db_col_int(st, 3);
		const char *state = db_col_int(st, 6) ? "revoked"
				    : now >= exp      ? "expired"
						      : "active";
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
		json_object_set_new(o, "label", json_string(db_col_text(st, 1)));
		json_object_set_new(o, "created_at", instant_or_null(db_col_int(st, 2), 0));
		json_object_set_new(o, "expires_at", instant_or_null(exp, 0));
		json_object_set_new(o, "last_used_at",
				    instant_or_null(db_col_int(st, 4), (int)db_col_int(st, 5)));
		json_object_set_new(o, "state", json_string(state));
		json_array_append_new(items, o);
	}
	db_done(st);
	return items;
}

/* the throttle ------------------------------------------------------------- */

int acc_db_failure_get(struct db *db, const char *key, int64_t *failures, int64_t *window_start,
		       int64_t *locked_until)
{
	static const char sql[] =
		"SELECT failures, window_start, locked_until FROM login_failure WHERE key = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(key)));
	if (!st)
		return 0;
	*failures = db_col_int(st, 0);
	*window_start = db_col_int(st, 1);
	*locked_until = db_col_int(st, 2);
	db_done(st);
	return 1;
}

int acc_db_failure_put(struct db *db, const char *key, int64_t failures, int64_t window_start,
		       int64_t locked_until)
{
	static const char sql[] =
		"INSERT INTO login_failure (key, failures, window_start, locked_until)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET"
		" failures = excluded.failures, window_start = excluded.window_start,"
		" locked_until = excluded.locked_until";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_text(key), db_int(failures), db_int(window_start),
				    db_int(locked_until))) == DB_OK
		       ? 0
		       : -1;
}

int acc_db_failure_clear(struct db *db, const char *key)
{
	static const char sql[] = "DELETE FROM login_failure WHERE key = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_text(key))) == DB_OK ? 0 : -1;
}
