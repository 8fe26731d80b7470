/*
 * session.h — who is calling: session cookies and personal API tokens, the
 * login throttle, and the handlers of /api/v1/session, /api/v1/me and
 * /api/v1/me/tokens.
 */
#ifndef MOTCUA_APP_SESSION_H
#define MOTCUA_APP_SESSION_H

#include "app/platform/ctx.h"
#include "auth/auth.h"

#define SESSION_COOKIE "motcua_session"
/* The name with --secure-cookies: a __Host- cookie is only accepted by
 * browsers when Secure, Path=/ and without Domain, so no sibling host or
 * plain-HTTP page can plant or overwrite it. */
#define SESSION_COOKIE_HOST "__Host-motcua_session"

/* The session cookie's name for this server's configuration (static). */
const char *session_cookie_name(const struct app *a);

/* Fill c->who from the Authorization header or the session cookie.
 * ERR_OK with c->who.staff_id == 0 when no credentials were sent;
 * ERR_UNAUTHORIZED (problem set) when they were sent but are not valid
 * (also an expired or revoked API token). */
enum err session_identify(struct ctx *c);
/* Forget every cached identity (call after changing accounts, roles or tokens). */
void session_cache_invalidate(void);

/* Staff member as JSON: username, full_name, title, roles, unit, agency.
 * NULL if absent. Runs on any connection. */
json_t *staff_json(struct db *db, long long staff_id);

/*
 * The login throttle: failed password checks counted per account and per
 * client address in login_failure. The decision is taken where the failure
 * is counted — on the writer thread, inside the transaction that counts
 * it — so parallel attempts cannot slip past it: call throttle_wait first,
 * and throttle_fail only when it said 0, in the same write job.
 */
struct throttle {
	char user_key[2 + 65];
	char addr_key[2 + AUTH_HASH_HEX];
};
/* Keys of username (lower-cased ASCII, at most 64 bytes) and address ip. */
void throttle_keys(struct throttle *t, const char *username, const char *ip);
/* Seconds until both keys are unlocked; 0 = not locked. Any connection. */
int64_t throttle_wait(struct db *db, const struct throttle *t, int64_t now);
/* Count one failure on both keys; a key reaching its maximum is locked.
 * Writer thread. 0 or ERR_INTERNAL. */
int throttle_fail(struct db *db, const struct throttle *t, int64_t now);
/* Forget the account's failures (after a correct password). Writer thread. */
int throttle_clear(struct db *db, const struct throttle *t);
/* The 429 answer with Retry-After: wait. Returns ERR_THROTTLED. */
enum err throttle_problem(struct problem *p, int64_t wait);

/* One's own personal API tokens (h_staff.c). */

#endif
