/*
 * open311_store.h — every SQL statement of the Open311 domain
 * (open311_store.c), private to src/app/open311/. Tables open311_key and
 * open311_request of migration 0018_open311.sql; reads the agency table
 * for jurisdictions. Petitions themselves are read and written through
 * petition.h, never here.
 */
#ifndef MOTCUA_APP_OPEN311_STORE_H
#define MOTCUA_APP_OPEN311_STORE_H

#include <stdint.h>

#include "db/db.h"

/* An agency by code: its id and level ("province"|"commune"); 0 if none. */
long long ostore_agency(struct db *db, const char *code, char level[16]);

/* A key by hash: its id (0 unknown), revoked (1) or not. */
long long ostore_key_find(struct db *db, const char *hash, int *revoked);
int ostore_key_used(struct db *db, long long id, int64_t now);
int ostore_key_insert(struct db *db, const char *name, const char *hash, const char *by,
		      int64_t now, long long *id);
/* columns: id, name, created_at, created_by, revoked_at, last_used_at, uses */
struct db_stmt *ostore_key_list(struct db *db);
/* positioned on the key's row (same columns) or NULL */
struct db_stmt *ostore_key_get(struct db *db, long long id);
int ostore_key_revoke(struct db *db, long long id, int64_t now);

int ostore_request_insert(struct db *db, long long petition_id, const char *token, long long key_id,
			  const char *service_code, const char *lat, const char *lon,
			  const char *address, const char *media_url, int64_t now);
/* positioned: lat, lon, address, media_url; or NULL (not posted via Open311) */
struct db_stmt *ostore_request_get(struct db *db, long long petition_id);
/* the petition id of a token, 0 if none */
long long ostore_token(struct db *db, const char *token);

#endif
