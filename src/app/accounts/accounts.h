/*
 * accounts.h — the accounts domain's contract: staff accounts, their roles
 * and units, passwords, the sign-in throttle, sessions and personal API
 * tokens. Nothing here is of HTTP: the handlers (accounts_http.c), the
 * command line (cli_user.c, demo.c) and the unit tests call these services.
 *
 * Conventions:
 *  - services take the store (struct db *), who acts (const struct actor *),
 *    the caller's clock (now) and, where the process configuration matters
 *    (session lifetimes, the writer for asynchronous refreshes), struct app *;
 *  - they return 0, or an enum err with the problem filled;
 *  - a service that writes runs inside the caller's write transaction (the
 *    writer thread, or db_tx in the CLI and tests) and writes its audit
 *    record there; a service that only reads runs on any connection;
 *  - two decisions refuse and still have something to commit (a failed
 *    password is counted by the throttle even though the answer is "no"):
 *    signin_commit and staff_change_password return 0 with the problem
 *    filled (p->code set) for such a refusal. The caller commits, then
 *    answers with the problem.
 *  - every change of accounts, roles or tokens drops the cached identities
 *    of this process (session_cache_invalidate).
 *
 * Ownership: json_t results are new references (the caller decrefs); input
 * strings are borrowed for the call. The SQL is in accounts_store.c only.
 */
#ifndef MOTCUA_APP_ACCOUNTS_H
#define MOTCUA_APP_ACCOUNTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "auth/auth.h" /* AUTH_PASSWORD_MAX, AUTH_PWHASH_MAX, AUTH_TOKEN_LEN … */
#include "core/problem.h"
#include "db/db.h"

/* --- ceilings ------------------------------------------------------------ */

/* A username: USERNAME_MIN–USERNAME_MAX of a-z 0-9 . _ -, a letter first. */
#define USERNAME_MIN 3
#define USERNAME_MAX 32
/* Sign-in accepts up to this many bytes of username (longer: 422). */
#define SIGNIN_USERNAME_MAX 64
/* Passwords: AUTH_PASSWORD_MIN characters to AUTH_PASSWORD_MAX bytes (auth.h). */
#define STAFF_NAME_MAX 120  /* full_name, title: characters */
#define STAFF_EMAIL_MAX 254 /* characters */
#define UNIT_CODE_MAX 32    /* characters */
#define STAFF_ROLES_MAX 5   /* entries of roles[] */
#define STAFF_LIST_MAX 1024 /* accounts listed by staff_list_json */
#define UNIT_STAFF_MAX 256  /* officers listed by unit_staff_json */

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX 365
#define TOKEN_LABEL_MAX 80 /* characters */

/* The sign-in throttle: THROTTLE_ACCOUNT_MAX failures of one account (or
 * THROTTLE_ADDR_MAX of one address) within THROTTLE_WINDOW_S lock it for
 * THROTTLE_LOCK_S. */
#define THROTTLE_ACCOUNT_MAX 5
#define THROTTLE_ADDR_MAX 20
#define THROTTLE_WINDOW_S 900
#define THROTTLE_LOCK_S 900

/* last_seen / last_used_at are refreshed at most this often. */
#define SESSION_TOUCH_EVERY_S 60
#define TOKEN_TOUCH_EVERY_S 3600

/* --- staff accounts ------------------------------------------------------ */

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

/* What an administrator changes (PATCH): NULL / has_* = 0 leaves it. */
struct staff_change {
	const char *username;
	const char *full_name, *title, *email, *unit;
	unsigned roles;
	int has_roles;
	int active, has_active;
};

/* 0 if the username is acceptable, else ERR_VALIDATION (field username). */
int staff_check_username(const char *u, struct problem *p);
/* Create the account. 0 and the new id in *id, or ERR_VALIDATION (bad
 * username, no role, unknown unit: field unit), ERR_CONFLICT username_taken. */
int staff_create(struct db *db, const struct actor *who, int64_t now, const struct staff_input *in,
		 long long *id, struct problem *p);
/*
 * Change an account (the administrators' PATCH). An administrator cannot
 * deactivate itself or drop its own admin role (ERR_CONFLICT self_lockout),
 * nor give itself a dossier role it does not hold (ERR_FORBIDDEN
 * self_grant: those roles see citizens' personal data, so another
 * administrator must grant them). Deactivating ends the account's sessions
 * and tokens. ERR_NOT_FOUND for an unknown username, ERR_VALIDATION for an
 * unknown unit. On success *out is the account as staff_json shows it, with
 * "active".
 */
int staff_patch(struct db *db, const struct actor *who, int64_t now, const struct staff_change *in,
		json_t **out, struct problem *p);
/* Replace the password hash of username (0, or ERR_NOT_FOUND); ends the
 * account's sessions and revokes its API tokens. */
int staff_set_password(struct db *db, const struct actor *who, int64_t now, const char *username,
		       const char *hash, struct problem *p);
/* End every session and revoke every API token of the account (deactivation,
 * password reset). 0 or ERR_INTERNAL. */
int staff_end_access(struct db *db, long long staff_id, int64_t now);

/* The account as JSON: username, full_name, title, email, unit, agency,
 * roles. NULL if there is no such id. */
json_t *staff_json(struct db *db, long long staff_id);
/* Every account (at most STAFF_LIST_MAX), by username, each with "active". */
json_t *staff_list_json(struct db *db);
/* Every unit with its agency, the home agency's first. */
json_t *units_json(struct db *db);
/* The active officers of a unit with their roles and how many open
 * dossiers each holds: {unit:{code,name,agency:{code,name}}, items:[…]}.
 * The unit code is read in the viewer's agency (his unit's; no unit: the
 * home agency), or in `agency` (an agency code, NULL: none) for the
 * province role. ERR_NOT_FOUND for an unknown unit code, or an agency not
 * the viewer's (other roles). */
int unit_staff_json(struct db *db, const struct actor *viewer, const char *code, const char *agency,
		    json_t **out, struct problem *p);

/* --- passwords and the sign-in throttle ------------------------------------ */

/*
 * Failed password checks are counted per account and per client address.
 * The decision is taken where the failure is counted — in the write
 * transaction that counts it — so parallel attempts cannot slip past it.
 * A failure never shortens or lifts a lock; once a lock has run out,
 * counting starts from zero. Addresses are stored only as hashes.
 */
struct throttle {
	char user_key[2 + SIGNIN_USERNAME_MAX + 1];
	char addr_key[2 + AUTH_HASH_HEX];
};
/* Keys of username (at most SIGNIN_USERNAME_MAX bytes) and address ip. */
void throttle_keys(struct throttle *t, const char *username, const char *ip);
/* Seconds until both keys are unlocked; 0 = not locked. */
int64_t throttle_wait(struct db *db, const struct throttle *t, int64_t now);
/* Count one failure on both keys (writes). 0 or ERR_INTERNAL. */
int throttle_fail(struct db *db, const struct throttle *t, int64_t now);
/* Forget the account's failures (after a right password; writes). */
int throttle_clear(struct db *db, const struct throttle *t);
/* The 429 answer with retry_after = wait. Returns ERR_THROTTLED. */
enum err throttle_problem(struct problem *p, int64_t wait);

/* 1 if password is the current password of staff_id, else 0 (argon2id:
 * ~80 ms, for the slow pool). */
int staff_password_matches(struct db *db, long long staff_id, const char *password, size_t len);
/*
 * One's own password change, decided in the write transaction: locked →
 * refused (ERR_THROTTLED, nothing counted); current_ok 0 → the failure is
 * counted and refused (ERR_VALIDATION wrong_password, field
 * current_password); else the hash is replaced, the throttle cleared, and
 * every session and token of who ends. Refusals return 0 with p filled.
 */
int staff_change_password(struct db *db, const struct actor *who, int64_t now,
			  const struct throttle *th, int current_ok, const char *new_hash,
			  struct problem *p);

/* --- sign-in and sessions ------------------------------------------------ */

/* Who a session or token is, as the request sees it. */
struct identity {
	long long staff_id;
	char username[SIGNIN_USERNAME_MAX];
	unsigned roles;
	long long unit_id;
	char csrf[AUTH_TOKEN_LEN + 1]; /* a session's CSRF token; "" for a bearer token */
	char session_hash[AUTH_HASH_HEX];
	int via_session;
	int via_token;
};

/* One sign-in attempt, from the first look to the decision. */
struct signin {
	char username[SIGNIN_USERNAME_MAX + 1]; /* lower-cased */
	struct throttle th;
	long long staff_id;             /* 0 if unknown or inactive */
	int ok;                         /* the password was right */
	char token[AUTH_TOKEN_LEN + 1]; /* the new session's cookie value (if ok) */
	char csrf[AUTH_TOKEN_LEN + 1];
};
/* Start an attempt for username (len ≤ SIGNIN_USERNAME_MAX bytes; ASCII is
 * lower-cased) from address ip. */
void signin_start(struct signin *s, const char *username, size_t len, const char *ip);
/* The password check (slow pool): ERR_THROTTLED if locked (no hashing);
 * else 0 with s->ok set (an unknown account costs the same time), and new
 * session and CSRF tokens when it is right. */
int signin_check(struct db *db, int64_t now, struct signin *s, const char *password, size_t len,
		 struct problem *p);
/* The decision (write transaction): locked → refused (ERR_THROTTLED); a
 * wrong password → counted and refused (ERR_UNAUTHORIZED
 * invalid_credentials); else the failures are forgotten and the session
 * opens (session_create). Refusals return 0 with p filled. rid: the request
 * id for the audit record (may be NULL). */
int signin_commit(struct db *db, const struct app *a, int64_t now, const char *rid,
		  const struct signin *s, struct problem *p);

/* Open a session for who->staff_id (audited as session.login of who->name)
 * whose cookie holds token; it lasts a->cfg.session_max_s at most. Drops
 * the account's sessions that have run out. */
int session_create(struct db *db, const struct app *a, int64_t now, const struct actor *who,
		   const char *token, const char *csrf, struct problem *p);
/* End the session whose token hashes to session_hash (session.logout). */
int session_end(struct db *db, const struct actor *who, int64_t now, const char *session_hash,
		struct problem *p);
/* Who holds the session cookie value token: 0 and *out, or ERR_UNAUTHORIZED
 * session_expired (unknown, idle past a->cfg.session_idle_s, past its
 * lifetime, or the account inactive). last_seen is refreshed at most every
 * SESSION_TOUCH_EVERY_S through a->writer, asynchronously (not without one). */
int session_identify_token(struct db *db, struct app *a, int64_t now, const char *token,
			   struct identity *out, struct problem *p);
/* Who holds the API token: 0 and *out, or ERR_UNAUTHORIZED invalid_token
 * (unknown, revoked, expired, or the account inactive). Answers come from a
 * small per-thread cache for up to 2 s (never past the token's expiry);
 * last_used_at is refreshed like last_seen, every TOKEN_TOUCH_EVERY_S. */
int token_identify(struct db *db, struct app *a, int64_t now, const char *token,
		   struct identity *out, struct problem *p);
/* Forget every cached identity of this process (after changing accounts,
 * roles or tokens; the services that do call it themselves). */
void session_cache_invalidate(void);

/* --- personal API tokens ------------------------------------------------- */

/* Store the hash of a new API token for username, valid days (1 to
 * TOKEN_DAYS_MAX) from now. Out: *id and *expires (either may be NULL).
 * ERR_VALIDATION days; ERR_NOT_FOUND if there is no active such account. */
int staff_add_token(struct db *db, const struct actor *who, int64_t now, const char *username,
		    const char *token, const char *label, int days, long long *id, int64_t *expires,
		    struct problem *p);
/* The account's API tokens, newest first, as a JSON array of {id, label,
 * created_at, expires_at, last_used_at (null if never), state:
 * active|expired|revoked} — never the token or its hash. NULL if the
 * username does not exist. */
json_t *staff_tokens_json(struct db *db, const char *username, int64_t now);
/* Revoke token id of username (id 0 = all its live tokens); *count gets
 * how many. ERR_NOT_FOUND for an unknown username, or a token id that is
 * not the account's or already revoked. */
int staff_revoke_tokens(struct db *db, const struct actor *who, int64_t now, const char *username,
			long long id, int *count, struct problem *p);

#endif
