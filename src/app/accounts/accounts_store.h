/*
 * accounts_store.h — the accounts domain's SQL, as small functions (private
 * to src/app/accounts/: the services call these, handlers never do). Tables:
 * staff, staff_role, unit, agency (read), session, api_token,
 * login_failure (migration 0001_platform.sql).
 *
 * Writers run inside the caller's write transaction. Functions returning
 * int give 0 or -1 (a store error, already logged by db/) unless they say
 * otherwise. json_t results are new references. A struct db belongs to one
 * thread; nothing here keeps state.
 */
#ifndef MOTCUA_APP_ACCOUNTS_STORE_H
#define MOTCUA_APP_ACCOUNTS_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/accounts/accounts.h"
#include "db/db.h"

/* staff -------------------------------------------------------------------- */

/* The id of username, 0 if none. */
long long acc_db_staff_id(struct db *db, const char *username);
/* An active account's id and password hash: 1 found, 0 not. */
int acc_db_staff_login(struct db *db, const char *username, long long *id,
		       char hash[AUTH_PWHASH_MAX]);
/* The password hash of id into hash ("" if none). */
void acc_db_staff_hash(struct db *db, long long id, char hash[AUTH_PWHASH_MAX]);
/* Insert an account (active) with unit_id (0 = none); *id the new id. */
int acc_db_staff_insert(struct db *db, const struct staff_input *in, long long unit_id, int64_t now,
			long long *id);
/* Apply in's set fields to account id (unit_id 0 = unit unchanged). */
int acc_db_staff_update(struct db *db, long long id, const struct staff_change *in,
			long long unit_id, int64_t now);
int acc_db_staff_set_hash(struct db *db, long long id, const char *hash, int64_t now);
/* Give id every role of mask (replace: first drop the roles it has). */
int acc_db_roles_put(struct db *db, long long id, unsigned mask, int replace);
/* The roles of id as a mask. */
unsigned acc_db_roles(struct db *db, long long id);
/* The roles of id as a JSON array of names (sorted: by name; else as stored). */
json_t *acc_db_roles_json(struct db *db, long long id, int sorted);
/* The account's row as JSON (without roles); NULL if none. */
json_t *acc_db_staff_row(struct db *db, long long id);
/* Up to cap accounts by username: ids and active flags. Returns the count. */
size_t acc_db_staff_ids(struct db *db, long long *ids, int *active, size_t cap);

/* units -------------------------------------------------------------------- */

/* The id of unit code in agency (NULL = the home agency); 0 if none. */
long long acc_db_unit_id(struct db *db, const char *agency, const char *unit);
/* Every unit: [{code, name, agency:{code, name}}], the home agency first. */
json_t *acc_db_units(struct db *db);
/* A home unit as {code, name} and its id; NULL if none. */
json_t *acc_db_home_unit(struct db *db, const char *code, long long *id);
/* A unit of the agency (by id) as {code, name, agency:{code, name}} and its
 * id; NULL if none. */
json_t *acc_db_agency_unit(struct db *db, long long agency_id, const char *code, long long *id);
/* The agency of a unit (unit_id 0: the home agency); 0 if none. */
long long acc_db_unit_agency(struct db *db, long long unit_id);
/* An agency's id by code; 0 if none. */
long long acc_db_agency_id(struct db *db, const char *code);
/* The unit's active officers by full name, at most cap, appended to items
 * as {username, full_name, title, open_dossiers}; their ids in ids. Count. */
size_t acc_db_unit_officers(struct db *db, long long unit_id, json_t *items, long long *ids,
			    size_t cap);

/* sessions ----------------------------------------------------------------- */

struct acc_session_row {
	long long staff_id, unit_id;
	int active;
	int64_t last_seen, expires;
	char csrf[AUTH_TOKEN_LEN + 1];
	char username[SIGNIN_USERNAME_MAX];
};
/* The session whose token hashes to hash: 1 found, 0 not. */
int acc_db_session_find(struct db *db, const char *hash, struct acc_session_row *row);
int acc_db_session_insert(struct db *db, const char *hash, long long staff_id, const char *csrf,
			  int64_t now, int64_t expires);
/* Drop the account's sessions that ran out before now. */
int acc_db_sessions_gc(struct db *db, long long staff_id, int64_t now);
int acc_db_session_delete(struct db *db, const char *hash);
/* Drop every session of the account. */
int acc_db_sessions_end(struct db *db, long long staff_id);
/* last_seen (token = 0) of a session, or last_used_at (token = 1) of an API
 * token, identified by hash, becomes now. */
int acc_db_touch(struct db *db, const char *hash, int64_t now, int token);

/* API tokens --------------------------------------------------------------- */

struct acc_token_row {
	long long staff_id, unit_id;
	int active; /* the account's */
	int64_t expires, last_used;
	char username[SIGNIN_USERNAME_MAX];
};
/* The live (not revoked) token whose hash is hash: 1 found, 0 not. */
int acc_db_token_find(struct db *db, const char *hash, struct acc_token_row *row);
/* A token of username's active account: 1 inserted (*id), 0 no such active
 * account, -1 error. */
int acc_db_token_insert(struct db *db, const char *hash, const char *username, const char *label,
			int64_t now, int64_t expires, long long *id);
/* Revoke token id of the account (id 0 = every live one): how many, or -1. */
long long acc_db_tokens_revoke(struct db *db, long long staff_id, long long id, int64_t now);
/* The account's tokens, newest first (see staff_tokens_json). */
json_t *acc_db_tokens(struct db *db, long long staff_id, int64_t now);

/* the throttle ------------------------------------------------------------- */

/* key's row: 1 found (out filled), 0 none. */
int acc_db_failure_get(struct db *db, const char *key, int64_t *failures, int64_t *window_start,
		       int64_t *locked_until);
int acc_db_failure_put(struct db *db, const char *key, int64_t failures, int64_t window_start,
		       int64_t locked_until);
int acc_db_failure_clear(struct db *db, const char *key);

#endif
