/*
 * open311_store.c — the SQL of the Open311 domain (see open311_store.h).
 * Portable: $N parameters, no RETURNING; new ids from db_last_insert_id.
 */
#include "app/open311/open311_store.h"

#include <stdio.h>
#include <string.h>

long long ostore_agency(struct db *db, const char *code, char level[16])
{
	static const char sql[] = "SELECT id, level FROM agency WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	long long id = st ? db_col_int(st, 0) : 0;
	if (st)
		snprintf(level, 16, "%s", db_col_text(st, 1));
	db_done(st);
	return id;
}

long long ostore_key_find(struct db *db, const char *hash, int *revoked)
{
	static const char sql[] = "SELECT id, revoked_at FROM open311_key WHERE key_hash = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(hash)));
	long long id = st ? db_col_int(st, 0) : 0;
	*revoked = st ? !db_col_null(st, 1) : 0;
	db_done(st);
	return id;
}

int ostore_key_used(struct db *db, long long id, int64_t now)
{
	static const char sql[] =
		"UPDATE open311_key SET uses = uses + 1, last_used_at = $2 WHERE id = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(now))) == DB_OK ? 0 : -1;
}

int ostore_key_insert(struct db *db, const char *name, const char *hash, const char *by,
		      int64_t now, long long *id)
{
	static const char sql[] = "INSERT INTO open311_key (name, key_hash, created_at, created_by)"
				  " VALUES ($1, $2, $3, $4)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_text(name), db_text(hash), db_int(now), db_text(by))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

#define KEY_COLS "id, name, created_at, created_by, revoked_at, last_used_at, uses"

struct db_stmt *ostore_key_list(struct db *db)
{
	static const char sql[] = "SELECT " KEY_COLS " FROM open311_key ORDER BY id DESC";
	return db_query(db, sql, DB_ARGS(db_int(0)));
}

struct db_stmt *ostore_key_get(struct db *db, long long id)
{
	static const char sql[] = "SELECT " KEY_COLS " FROM open311_key WHERE id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

int ostore_key_revoke(struct db *db, long long id, int64_t now)
{
	static const char sql[] =
		"UPDATE open311_key SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
	return db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(now))) == DB_OK ? 0 : -1;
}

int ostore_request_insert(struct db *db, long long petition_id, const char *token, long long key_id,
			  const char *service_code, const char *lat, const char *lon,
			  const char *address, const char *media_url, int64_t now)
{
	static const char sql[] =
		"INSERT INTO open311_request (petition_id, token, key_id, service_code, lat, lon,"
		" address, media_url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(petition_id), db_text(token), db_int(key_id),
				    db_text(service_code), db_text(lat ? lat : ""),
				    db_text(lon ? lon : ""), db_text(address ? address : ""),
				    db_text(media_url ? media_url : ""), db_int(now))) == DB_OK
		       ? 0
		       : -1;
}

struct db_stmt *ostore_request_get(struct db *db, long long petition_id)
{
	static const char sql[] = "SELECT lat, lon, address, media_url FROM open311_request"
				  " WHERE petition_id = $1";
	return db_row(db, sql, DB_ARGS(db_int(petition_id)));
}

long long ostore_token(struct db *db, const char *token)
{
	static const char sql[] = "SELECT petition_id FROM open311_request WHERE token = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(token)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}
