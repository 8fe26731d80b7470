/*
 * throttle.c — the sign-in throttle (accounts.h): failed password checks
 * counted per account ("u:" username) and per client address ("a:" hash of
 * the address) in login_failure.
 *
 * After THROTTLE_ACCOUNT_MAX failures within THROTTLE_WINDOW_S an account is
 * locked for THROTTLE_LOCK_S (429 with Retry-After), likewise an address
 * after THROTTLE_ADDR_MAX. A failure never shortens or lifts a lock, and
 * once a lock has run out counting starts from zero. The callers decide
 * (throttle_wait) and count (throttle_fail) in one write transaction, so
 * parallel attempts cannot slip past the lock.
 */
#include <stdio.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"

void throttle_keys(struct throttle *t, const char *username, const char *ip)
{
	snprintf(t->user_key, sizeof t->user_key, "u:%s", username);
	char ah[AUTH_HASH_HEX];
	auth_token_hash(ip, strlen(ip), ah);
	snprintf(t->addr_key, sizeof t->addr_key, "a:%s", ah);
}

/* Seconds until key is unlocked, 0 if it is not locked. */
static int64_t locked_for(struct db *db, const char *key, int64_t now)
{
	int64_t failures, start, until;
	if (acc_db_failure_get(db, key, &failures, &start, &until) && until > now)
		return until - now;
	return 0;
}

int64_t throttle_wait(struct db *db, const struct throttle *t, int64_t now)
{
	int64_t a = locked_for(db, t->user_key, now), b = locked_for(db, t->addr_key, now);
	return a > b ? a : b;
}

/*
 * One more failure on key. A key still locked is left alone; a lock that
 * has run out, or a window that has passed, starts a new count. The row
 * keeps the count that set the lock, for whoever looks.
 */
static int add_failure(struct db *db, const char *key, int max, int64_t now)
{
	int64_t failures = 0, start = now, f, s, until;
	if (acc_db_failure_get(db, key, &f, &s, &until)) {
		if (until > now)
			return 0;
		if (until == 0 && now - s < THROTTLE_WINDOW_S) {
			failures = f;
			start = s;
		}
	}
	failures++;
	if (acc_db_failure_put(db, key, failures, start,
			       failures >= max ? now + THROTTLE_LOCK_S : 0) != 0)
		return ERR_INTERNAL;
	return 0;
}

int throttle_fail(struct db *db, const struct throttle *t, int64_t now)
{
	int rc = add_failure(db, t->user_key, THROTTLE_ACCOUNT_MAX, now);
	return rc ? rc : add_failure(db, t->addr_key, THROTTLE_ADDR_MAX, now);
}

int throttle_clear(struct db *db, const struct throttle *t)
{
	return acc_db_failure_clear(db, t->user_key) == 0 ? 0 : ERR_INTERNAL;
}

enum err throttle_problem(struct problem *p, int64_t wait)
{
	problem_set(p, ERR_THROTTLED, "too_many_attempts", NULL,
		    "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa, vui lòng thử lại sau.",
		    "Too many failed sign-ins; please try again later.");
	p->retry_after = wait > 0 ? (int)wait : 1;
	return ERR_THROTTLED;
}
