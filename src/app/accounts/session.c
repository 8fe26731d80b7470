/*
 * session.c — sign-in, sessions and who an API token is (accounts.h); the
 * HTTP side (cookies, the slow-pool hand-over) is in accounts_http.c.
 *
 * Sign-in: the handler reads the throttle on the HTTP thread (a cheap early
 * 429); signin_check runs the argon2id check on the slow pool (looking at
 * the throttle again first, so a queued flood costs no hashing once the
 * lock is set); signin_commit decides on the writer thread, inside the
 * transaction that counts the failure: if the account or the address is
 * locked by then, the answer is 429 whatever the password was; otherwise a
 * wrong password is counted and may set the lock, a right one opens a
 * session. Jobs on the writer run one after another, so of any number of
 * parallel attempts at most THROTTLE_ACCOUNT_MAX are told anything but 429.
 * An unknown username costs the same time as a wrong password.
 *
 * Sessions: the cookie holds a random token; the database only its hash.
 * A session ends after the idle timeout (no request) or its absolute
 * lifetime; last_seen is refreshed at most once a minute, asynchronously.
 *
 * API tokens: looked up by hash, refused once revoked or past expires_at
 * (also when the identity was cached); last_used_at is refreshed at most
 * once an hour, asynchronously.
 *
 * Threading: the identity cache is per thread; its generation counter is
 * shared (atomic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "core/mem.h"

/* --- asynchronous refresh of last use ------------------------------------ */

struct touch {
	struct db_job job;
	char hash[AUTH_HASH_HEX];
	int64_t now;
	int token; /* an API token's last_used_at, not a session's last_seen */
};

static int touch_fn(struct db *db, void *arg)
{
	struct touch *t = arg;
	return acc_db_touch(db, t->hash, t->now, t->token) == 0 ? 0 : ERR_INTERNAL;
}

static void touch_done(void *arg, int rc)
{
	(void)rc;
	free(arg);
}

/* Queue a refresh of a session's or token's last use (none without a writer:
 * the command line, unit tests). */
static void touch(struct app *a, const char *hash, int64_t now, int token)
{
	if (!a->writer)
		return;
	struct touch *t = xcalloc(1, sizeof *t);
	memcpy(t->hash, hash, sizeof t->hash);
	t->now = now;
	t->token = token;
	t->job.fn = touch_fn;
	t->job.done = touch_done;
	t->job.arg = t;
	if (db_writer_submit(a->writer, &t->job) != 0)
		free(t);
}

/* --- identities ------------------------------------------------------------ */

/*
 * A small per-thread cache of who a bearer token is, so that a script
 * polling the API does not pay two queries per request. Entries live at
 * most TOKEN_CACHE_US and are dropped at once when any account, role or
 * token changes in this process (session_cache_invalidate, called by every
 * such write). A change made by another process (the CLI) shows within
 * TOKEN_CACHE_US. The token's expiry is kept in the entry and checked on
 * every hit against the (possibly injected) clock, so an expired token is
 * never served from the cache.
 */
#define TOKEN_CACHE 64
#define TOKEN_CACHE_US 2000000

struct token_entry {
	char hash[AUTH_HASH_HEX];
	struct identity who;
	int64_t at_us;
	int64_t expires; /* the token's expires_at, Unix seconds */
	unsigned gen;
};
static _Thread_local struct token_entry token_cache[TOKEN_CACHE];
static unsigned cache_gen = 1;

void session_cache_invalidate(void)
{
	__atomic_add_fetch(&cache_gen, 1, __ATOMIC_RELEASE);
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct token_entry *token_slot(const char *hash)
{
	unsigned h = 0;
	for (int i = 0; i < 8; i++)
		h = h * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return &token_cache[h % TOKEN_CACHE];
}

static int invalid_token(struct problem *p)
{
	return problem_set(p, ERR_UNAUTHORIZED, "invalid_token", NULL,
			   "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
			   "The access token is not valid, has expired or was revoked.");
}

int token_identify(struct db *db, struct app *a, int64_t now, const char *token,
		   struct identity *out, struct problem *p)
{
	char h[AUTH_HASH_HEX];
	memset(out, 0, sizeof *out);
	auth_token_hash(token, strlen(token), h);
	struct token_entry *te = token_slot(h);
	unsigned gen = __atomic_load_n(&cache_gen, __ATOMIC_ACQUIRE);
	int64_t t = mono_us();
	if (te->gen == gen && t - te->at_us < TOKEN_CACHE_US && strcmp(te->hash, h) == 0) {
		if (now >= te->expires) {
			te->gen = 0;
			return invalid_token(p);
		}
		*out = te->who;
		return 0;
	}
	struct acc_token_row row;
	if (!acc_db_token_find(db, h, &row) || !row.active || now >= row.expires)
		return invalid_token(p);
	out->staff_id = row.staff_id;
	snprintf(out->username, sizeof out->username, "%s", row.username);
	out->unit_id = row.unit_id;
	out->roles = acc_db_roles(db, row.staff_id);
	out->via_token = 1;
	memcpy(te->hash, h, sizeof te->hash);
	te->who = *out;
	te->at_us = t;
	te->expires = row.expires;
	te->gen = gen;
	if (now - row.last_used >= TOKEN_TOUCH_EVERY_S)
		touch(a, h, now, 1);
	return 0;
}

int session_identify_token(struct db *db, struct app *a, int64_t now, const char *token,
			   struct identity *out, struct problem *p)
{
	char h[AUTH_HASH_HEX];
	struct acc_session_row row;
	memset(out, 0, sizeof *out);
	auth_token_hash(token, strlen(token), h);
	if (!acc_db_session_find(db, h, &row) || !row.active || now > row.expires ||
	    now - row.last_seen > a->cfg.session_idle_s)
		return problem_set(p, ERR_UNAUTHORIZED, "session_expired", NULL,
				   "Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.",
				   "Your session has expired; please sign in again.");
	out->staff_id = row.staff_id;
	snprintf(out->csrf, sizeof out->csrf, "%s", row.csrf);
	snprintf(out->username, sizeof out->username, "%s", row.username);
	out->unit_id = row.unit_id;
	snprintf(out->session_hash, sizeof out->session_hash, "%s", h);
	out->via_session = 1;
	out->roles = acc_db_roles(db, row.staff_id);
	if (now - row.last_seen >= SESSION_TOUCH_EVERY_S)
		touch(a, h, now, 0);
	return 0;
}

/* --- sessions -------------------------------------------------------------- */

int session_create(struct db *db, const struct app *a, int64_t now, const struct actor *who,
		   const char *token, const char *csrf, struct problem *p)
{
	char h[AUTH_HASH_HEX];
	auth_token_hash(token, strlen(token), h);
	if (acc_db_sessions_gc(db, who->staff_id, now) != 0 ||
	    acc_db_session_insert(db, h, who->staff_id, csrf, now, now + a->cfg.session_max_s) !=
		    0 ||
	    audit_write(db, who, now, "session.login", "staff", who->name, NULL, NULL) != 0)
		return problem_kind(p, ERR_INTERNAL);
	return 0;
}

int session_end(struct db *db, const struct actor *who, int64_t now, const char *session_hash,
		struct problem *p)
{
	if (acc_db_session_delete(db, session_hash) != 0)
		return problem_kind(p, ERR_INTERNAL);
	session_cache_invalidate();
	if (audit_write(db, who, now, "session.logout", "staff", who->name, NULL, NULL) != 0)
		return problem_kind(p, ERR_INTERNAL);
	return 0;
}

/* --- sign-in --------------------------------------------------------------- */

void signin_start(struct signin *s, const char *username, size_t len, const char *ip)
{
	memset(s, 0, sizeof *s);
	if (len > SIGNIN_USERNAME_MAX)
		len = SIGNIN_USERNAME_MAX;
	/* usernames are ASCII and case-insensitive */
	for (size_t i = 0; i < len; i++) {
		char ch = username[i];
		s->username[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	throttle_keys(&s->th, s->username, ip);
}

int signin_check(struct db *db, int64_t now, struct signin *s, const char *password, size_t len,
		 struct problem *p)
{
	/* locked while this attempt waited in the queue: no hashing for it */
	int64_t wait = throttle_wait(db, &s->th, now);
	if (wait > 0)
		return throttle_problem(p, wait);
	char stored[AUTH_PWHASH_MAX] = "";
	s->ok = 0;
	s->staff_id = 0;
	if (acc_db_staff_login(db, s->username, &s->staff_id, stored))
		s->ok = auth_password_verify(stored, password, len);
	else
		auth_password_dummy(password, len);
	if (s->ok) {
		auth_token_new(s->token);
		auth_token_new(s->csrf);
	}
	return 0;
}

int signin_commit(struct db *db, const struct app *a, int64_t now, const char *rid,
		  const struct signin *s, struct problem *p)
{
	memset(p, 0, sizeof *p);
	int64_t wait = throttle_wait(db, &s->th, now);
	if (wait > 0) {
		throttle_problem(p, wait);
		return 0;
	}
	if (!s->ok) {
		if (throttle_fail(db, &s->th, now) != 0)
			return problem_kind(p, ERR_INTERNAL);
		problem_set(p, ERR_UNAUTHORIZED, "invalid_credentials", "password",
			    "Tên đăng nhập hoặc mật khẩu không đúng.",
			    "The username or password is incorrect.");
		return 0;
	}
	if (throttle_clear(db, &s->th) != 0)
		return problem_kind(p, ERR_INTERNAL);
	struct actor who = {.staff_id = s->staff_id, .name = s->username, .rid = rid};
	return session_create(db, a, now, &who, s->token, s->csrf, p);
}
