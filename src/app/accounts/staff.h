/*
 * staff.h — staff accounts: creation, passwords, roles, API tokens.
 * Used by the command line (inside db_tx) and by the admin API (on the
 * writer thread). Every function runs inside the caller's transaction and
 * writes its audit record there.
 */
#ifndef MOTCUA_APP_STAFF_H
#define MOTCUA_APP_STAFF_H

#include "app/platform/ctx.h"
#include "auth/auth.h"

struct staff_input {
	const char *username;
	const char *full_name; /* may be NULL */
	const char *title;     /* may be NULL */
	const char *email;     /* may be NULL */
	const char *unit;      /* unit code, may be NULL */
	const char *agency;    /* agency code of the unit, NULL = the home agency */
	unsigned roles;
	char password_hash[AUTH_PWHASH_MAX];
};

/* 0 if the username is acceptable (3–32 of a-z 0-9 . _ -, starting with a
 * letter), else a 422 problem. */
int staff_check_username(const char *u, struct problem *p);
/* Create the account. Returns 0 and the new id in *id, or an enum err with p
 * set (409 username taken, 422 unknown unit …). */
int staff_create(struct db *db, const struct actor *who, int64_t now, const struct staff_input *in,
		 long long *id, struct problem *p);
/* Replace the password hash of username (0, or ERR_NOT_FOUND). Also ends the
 * account's sessions and revokes its API tokens (staff_end_access): a new
 * password ends every credential issued under the old one. */
int staff_set_password(struct db *db, const struct actor *who, int64_t now, const char *username,
		       const char *hash, struct problem *p);
/* End every session and revoke every API token of the account (deactivation,
 * password reset). 0 or ERR_INTERNAL. */
int staff_end_access(struct db *db, long long staff_id, int64_t now);

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX 365
#define TOKEN_LABEL_MAX 80 /* characters */

/* Store the hash of a new API token for username, valid for days (1 to
 * TOKEN_DAYS_MAX) from now. Out: *id and *expires (either may be NULL). */
int staff_add_token(struct db *db, const struct actor *who, int64_t now, const char *username,
		    const char *token, const char *label, int days, long long *id, int64_t *expires,
		    struct problem *p);
/* The account's API tokens, newest first, as a JSON array (new reference)
 * of {id, label, created_at, expires_at, last_used_at (null if never),
 * state: active|expired|revoked} — never the token or its hash. NULL if the
 * username does not exist. */
json_t *staff_tokens_json(struct db *db, const char *username, int64_t now);
/* Revoke token id of username (id 0 = all its live tokens). *count gets how
 * many were revoked. ERR_NOT_FOUND (problem set) for an unknown username or
 * a token id that is not the account's or already revoked. */
int staff_revoke_tokens(struct db *db, const struct actor *who, int64_t now, const char *username,
			long long id, int *count, struct problem *p);
/* Resolve a unit code (in agency, or the home agency) to its id; 0 if none. */
long long unit_id_of(struct db *db, const char *agency, const char *unit);

#endif
