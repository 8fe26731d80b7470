/*
 * platform_store.c — every SQL statement of src/app/platform/ (see
 * platform_store.h). Plain SQL that PostgreSQL accepts as well.
 */
#include "app/platform/platform_store.h"

int platform_db_audit_insert(struct db *db, int64_t at, const char *actor, const char *action,
			     const char *entity, const char *entity_id, const char *before,
			     const char *after, const char *request_id)
{
	static const char sql[] = "INSERT INTO audit (at, actor, action, entity, entity_id, "
				  "before, after, request_id)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	/* answered with the transaction's next round trip (D44) */
	return db_exec_later(db, sql,
			     DB_ARGS(db_int(at), db_text(actor), db_text(action), db_text(entity),
				     db_text(entity_id), db_text(before), db_text(after),
				     db_text(request_id)));
}

json_t *platform_db_centre(struct db *db, const char *agency_code)
{
	static const char sql[] =
		"SELECT a.code, a.name, a.centre_name, a.address, a.phone, a.email, a.work_periods,"
		" a.cutoff FROM agency a WHERE ($1 IS NULL AND a.is_home = 1) OR a.code = $1"
		" ORDER BY a.id LIMIT 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(agency_code)));
	if (!st)
		return NULL;
	json_t *o = json_pack("{s:s,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s}", "name", db_col_text(st, 2),
			      "agency", "code", db_col_text(st, 0), "name", db_col_text(st, 1),
			      "address", db_col_text(st, 3), "phone", db_col_text(st, 4), "email",
			      db_col_text(st, 5), "work_periods", db_col_text(st, 6), "cutoff",
			      db_col_text(st, 7));
	db_done(st);
	return o;
}

json_t *platform_db_agencies(struct db *db)
{
	static const char sql[] =
		"SELECT a.code, a.name, a.eid, a.level, a.centre_name, a.address, a.phone,"
		" p.code, a.is_home, a.work_periods, a.cutoff"
		" FROM agency a LEFT JOIN agency p ON p.id = a.parent_id"
		" ORDER BY a.level DESC, a.id";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return NULL;
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = json_pack(
			"{s:s,s:s,s:s,s:s,s:o,s:b,s:{s:s,s:s,s:s,s:s,s:s}}", "code",
			db_col_text(st, 0), "name", db_col_text(st, 1), "e_id", db_col_text(st, 2),
			"level", db_col_text(st, 3), "parent",
			db_col_null(st, 7) ? json_null() : json_string(db_col_text(st, 7)), "home",
			(int)db_col_int(st, 8), "centre", "name", db_col_text(st, 4), "address",
			db_col_text(st, 5), "phone", db_col_text(st, 6), "work_periods",
			db_col_text(st, 9), "cutoff", db_col_text(st, 10));
		json_array_append_new(arr, o);
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

int platform_db_rate_hit(struct db *db, const char *key, int64_t now, int64_t window_s, int *count)
{
	/* a fixed window per key: the first hit after it ended starts a new one */
	static const char sql[] =
		"INSERT INTO rate_limit (key, window_start, count) VALUES ($1, $2, 1)"
		" ON CONFLICT (key) DO UPDATE SET"
		" count = CASE WHEN rate_limit.window_start <= $2 - $3 THEN 1 ELSE "
		"rate_limit.count + 1 END,"
		" window_start = CASE WHEN rate_limit.window_start <= $2 - $3 THEN $2"
		" ELSE rate_limit.window_start END";
	static const char sql_get[] = "SELECT count FROM rate_limit WHERE key = $1";
	if (db_exec_vals(db, sql, DB_ARGS(db_text(key), db_int(now), db_int(window_s))) != DB_OK)
		return -1;
	struct db_stmt *st = db_row(db, sql_get, DB_ARGS(db_text(key)));
	if (!st)
		return -1;
	*count = (int)db_col_int(st, 0);
	db_done(st);
	return 0;
}
