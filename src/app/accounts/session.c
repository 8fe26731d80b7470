/*
 * session.c — sign-in, sign-out, sessions and API tokens.
 *
 * Sign-in: the shape is checked and the throttle read on the HTTP thread
 * (a cheap early 429); the argon2id check runs on the slow pool (which looks
 * at the throttle again first, so a queued flood costs no hashing once the
 * lock is set); the outcome is decided on the writer thread, inside the
 * transaction that counts the failure: if the account or the address is
 * locked by then, the answer is 429 whatever the password was; otherwise a
 * wrong password is counted and may set the lock, a right one opens a
 * session. Jobs on the writer run one after another, so of any number of
 * parallel attempts at most ACCOUNT_MAX are told anything but 429. After
 * ACCOUNT_MAX failures within WINDOW_S an account is locked for LOCK_S (429
 * with Retry-After), likewise an address after ADDR_MAX; a failure never
 * shortens or lifts a lock, and once a lock has run out counting starts
 * from zero. An unknown username costs the same time as a wrong password.
 * Addresses are stored only as hashes.
 *
 * Sessions: the cookie holds a random token; the database only its hash.
 * A session ends after IDLE (no request) or its absolute lifetime; last_seen
 * is refreshed at most once a minute, asynchronously. With --secure-cookies
 * the cookie is named __Host-motcua_session (Secure, Path=/, no Domain) and
 * only that name is read.
 *
 * API tokens: looked up by hash, refused once revoked or past expires_at
 * (also when the identity was cached); last_used_at is refreshed at most
 * once an hour, asynchronously.
 */
#include "app/accounts/accounts_routes.h"
#include "app/accounts/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/platform/slowpool.h"
#include "auth/auth.h"
#include "core/log.h"

#define ACCOUNT_MAX 5
#define ADDR_MAX 20
#define WINDOW_S 900
#define LOCK_S 900
#define TOUCH_EVERY_S 60
#define TOKEN_TOUCH_EVERY_S 3600

static const char sql_token[] =
	"SELECT t.staff_id, s.username, s.active, coalesce(s.unit_id, 0), t.expires_at,"
	" coalesce(t.last_used_at, 0) FROM api_token t"
	" JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
static const char sql_session[] =
	"SELECT se.staff_id, se.csrf_token, se.last_seen, se.expires_at, s.username, s.active,"
	" coalesce(s.unit_id, 0) FROM session se JOIN staff s ON s.id = se.staff_id"
	" WHERE se.token_hash = $1";
static const char sql_roles[] = "SELECT role FROM staff_role WHERE staff_id = $1";

static enum err unauthorized(struct ctx *c, const char *code, const char *vi, const char *en)
{
	problem_set(&c->prob, ERR_UNAUTHORIZED, code, NULL, vi, en);
	return ERR_UNAUTHORIZED;
}

static void load_roles(struct db *db, struct auth_info *who)
{
	struct db_stmt *st = db_prep(db, sql_roles);
	if (!st)
		return;
	db_bind_int(st, 1, who->staff_id);
	while (db_step(st) == DB_ROW)
		who->roles |= role_parse(db_col_text(st, 0));
	db_done(st);
}

struct touch {
	struct db_job job;
	char hash[AUTH_HASH_HEX];
	int64_t now;
	int token; /* an API token's last_used_at, not a session's last_seen */
};

static int touch_fn(struct db *db, void *arg)
{
	struct touch *t = arg;
	static const char sql[] = "UPDATE session SET last_seen = $1 WHERE token_hash = $2";
	static const char sql_tok[] =
		"UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2";
	struct db_stmt *st = db_prep(db, t->token ? sql_tok : sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, t->now);
	db_bind_text(st, 2, t->hash);
	return db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
}

static void touch_done(void *arg, int rc)
{
	free(arg);
}

/* Queue an asynchronous refresh of a session's or token's last use. */
static void touch(struct app *a, const char *hash, int64_t now, int token)
{
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

const char *session_cookie_name(const struct app *a)
{
	return a->cfg.secure_cookies ? SESSION_COOKIE_HOST : SESSION_COOKIE;
}

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
	struct auth_info who;
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

enum err session_identify(struct ctx *c)
{
	struct http_req *r = c->r;
	struct auth_info *who = &c->who;
	int64_t now = app_now(c->app);
	memset(who, 0, sizeof *who);

	const char *authz = http_header(r, "Authorization");
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return unauthorized(c, "invalid_token", "Mã truy cập không hợp lệ.",
					    "The access token is not valid.");
		char h[AUTH_HASH_HEX];
		auth_token_hash(authz + 7, strlen(authz + 7), h);
		struct token_entry *te = token_slot(h);
		unsigned gen = __atomic_load_n(&cache_gen, __ATOMIC_ACQUIRE);
		int64_t t = mono_us();
		if (te->gen == gen && t - te->at_us < TOKEN_CACHE_US && strcmp(te->hash, h) == 0) {
			if (now >= te->expires) {
				te->gen = 0;
				return unauthorized(
					c, "invalid_token",
					"Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
					"The access token is not valid, has expired or was "
					"revoked.");
			}
			*who = te->who;
			return ERR_OK;
		}
		struct db_stmt *st = db_prep(c->db, sql_token);
		if (!st)
			return problem_kind(&c->prob, ERR_INTERNAL);
		db_bind_text(st, 1, h);
		if (db_step(st) != DB_ROW || !db_col_int(st, 2) || now >= db_col_int(st, 4)) {
			db_done(st);
			return unauthorized(
				c, "invalid_token",
				"Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
				"The access token is not valid, has expired or was revoked.");
		}
		who->staff_id = db_col_int(st, 0);
		snprintf(who->username, sizeof who->username, "%s", db_col_text(st, 1));
		who->unit_id = db_col_int(st, 3);
		who->via_token = 1;
		int64_t expires = db_col_int(st, 4), used = db_col_int(st, 5);
		db_done(st);
		load_roles(c->db, who);
		memcpy(te->hash, h, sizeof te->hash);
		te->who = *who;
		te->at_us = t;
		te->expires = expires;
		te->gen = gen;
		if (now - used >= TOKEN_TOUCH_EVERY_S)
			touch(c->app, h, now, 1);
		return ERR_OK;
	}

	const char *cookie = http_cookie(r, session_cookie_name(c->app));
	if (!cookie)
		return ERR_OK;
	char h[AUTH_HASH_HEX];
	auth_token_hash(cookie, strlen(cookie), h);
	struct db_stmt *st = db_prep(c->db, sql_session);
	if (!st)
		return problem_kind(&c->prob, ERR_INTERNAL);
	db_bind_text(st, 1, h);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return unauthorized(c, "session_expired",
				    "Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.",
				    "Your session has expired; please sign in again.");
	}
	int64_t last_seen = db_col_int(st, 2), expires = db_col_int(st, 3);
	if (!db_col_int(st, 5) || now > expires || now - last_seen > c->app->cfg.session_idle_s) {
		db_done(st);
		return unauthorized(c, "session_expired",
				    "Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.",
				    "Your session has expired; please sign in again.");
	}
	who->staff_id = db_col_int(st, 0);
	snprintf(who->csrf, sizeof who->csrf, "%s", db_col_text(st, 1));
	snprintf(who->username, sizeof who->username, "%s", db_col_text(st, 4));
	who->unit_id = db_col_int(st, 6);
	snprintf(who->session_hash, sizeof who->session_hash, "%s", h);
	who->via_session = 1;
	db_done(st);
	load_roles(c->db, who);

	if (now - last_seen >= TOUCH_EVERY_S)
		touch(c->app, h, now, 0);
	return ERR_OK;
}

json_t *staff_json(struct db *db, long long staff_id)
{
	static const char sql[] =
		"SELECT s.username, s.full_name, s.title, coalesce(u.code, ''), coalesce(u.name, "
		"''),"
		" coalesce(a.code, ''), coalesce(a.name, ''), u.id IS NOT NULL, s.email"
		" FROM staff s LEFT JOIN unit u ON u.id = s.unit_id"
		" LEFT JOIN agency a ON a.id = u.agency_id WHERE s.id = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, staff_id);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return NULL;
	}
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
	json_t *roles = json_array();
	st = db_prep(db, sql_roles);
	if (st) {
		db_bind_int(st, 1, staff_id);
		while (db_step(st) == DB_ROW)
			json_array_append_new(roles, json_string(db_col_text(st, 0)));
		db_done(st);
	}
	json_object_set_new(o, "roles", roles);
	return o;
}

/* --- the login throttle -------------------------------------------------- */

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
	static const char sql[] = "SELECT locked_until FROM login_failure WHERE key = $1";
	struct db_stmt *st = db_prep(db, sql);
	int64_t left = 0;
	if (!st)
		return 0;
	db_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW && db_col_int(st, 0) > now)
		left = db_col_int(st, 0) - now;
	db_done(st);
	return left;
}

int64_t throttle_wait(struct db *db, const struct throttle *t, int64_t now)
{
	int64_t a = locked_for(db, t->user_key, now), b = locked_for(db, t->addr_key, now);
	return a > b ? a : b;
}

/*
 * One more failure on key. A key still locked is left alone (the lock is
 * never shortened or lifted by a failure); a lock that has run out, or a
 * window that has passed, starts a new count. The row keeps the count that
 * set the lock, for whoever looks.
 */
static int add_failure(struct db *db, const char *key, int max, int64_t now)
{
	static const char sql_get[] =
		"SELECT failures, window_start, locked_until FROM login_failure WHERE key = $1";
	static const char sql_put[] =
		"INSERT INTO login_failure (key, failures, window_start, locked_until)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = "
		"excluded.failures,"
		" window_start = excluded.window_start, locked_until = excluded.locked_until";
	int64_t failures = 0, start = now;
	struct db_stmt *st = db_prep(db, sql_get);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW) {
		int64_t until = db_col_int(st, 2);
		if (until > now) {
			db_done(st);
			return 0;
		}
		if (until == 0 && now - db_col_int(st, 1) < WINDOW_S) {
			failures = db_col_int(st, 0);
			start = db_col_int(st, 1);
		}
	}
	db_done(st);
	failures++;
	st = db_prep(db, sql_put);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, failures);
	db_bind_int(st, 3, start);
	db_bind_int(st, 4, failures >= max ? now + LOCK_S : 0);
	return db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
}

int throttle_fail(struct db *db, const struct throttle *t, int64_t now)
{
	int rc = add_failure(db, t->user_key, ACCOUNT_MAX, now);
	return rc ? rc : add_failure(db, t->addr_key, ADDR_MAX, now);
}

int throttle_clear(struct db *db, const struct throttle *t)
{
	static const char sql[] = "DELETE FROM login_failure WHERE key = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, t->user_key);
	return db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
}

enum err throttle_problem(struct problem *p, int64_t wait)
{
	problem_set(p, ERR_THROTTLED, "too_many_attempts", NULL,
		    "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa, vui lòng thử lại sau.",
		    "Too many failed sign-ins; please try again later.");
	p->retry_after = wait > 0 ? (int)wait : 1;
	return ERR_THROTTLED;
}

/* --- sign-in ----------------------------------------------------------- */

struct login {
	char username[65];
	char *password; /* malloc'd, wiped after use */
	size_t pwlen;
	struct throttle th;
	long long staff_id; /* 0 if unknown or inactive */
	int ok;
	int64_t locked; /* seconds left of a lock found by the writer; 0 = none */
	char token[AUTH_TOKEN_LEN + 1];
	char csrf[AUTH_TOKEN_LEN + 1];
};

/* On the writer: the lock decision and the count, in one transaction. */
static int login_commit(struct db *db, void *arg)
{
	struct ctx *c = arg;
	struct login *l = c->warg;
	int64_t now = app_now(c->app);
	l->locked = throttle_wait(db, &l->th, now);
	if (l->locked)
		return 0;
	if (!l->ok)
		return throttle_fail(db, &l->th, now);
	static const char sql_new[] = "INSERT INTO session (token_hash, staff_id, csrf_token, "
				      "created_at, last_seen, expires_at)"
				      " VALUES ($1, $2, $3, $4, $4, $5)";
	static const char sql_gc[] = "DELETE FROM session WHERE staff_id = $1 AND expires_at < $2";
	if (throttle_clear(db, &l->th))
		return ERR_INTERNAL;
	struct db_stmt *st = db_prep(db, sql_gc);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, l->staff_id);
	db_bind_int(st, 2, now);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	char h[AUTH_HASH_HEX];
	auth_token_hash(l->token, strlen(l->token), h);
	st = db_prep(db, sql_new);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, h);
	db_bind_int(st, 2, l->staff_id);
	db_bind_text(st, 3, l->csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now + c->app->cfg.session_max_s);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	struct actor who = {.staff_id = l->staff_id, .name = l->username, .rid = c->r->rid};
	return audit_write(db, &who, now, "session.login", "staff", l->username, NULL, NULL);
}

static void login_slow(struct ctx *c)
{
	struct login *l = c->warg;
	struct db *db = db_pool_get(c->app->pool);
	if (!db) {
		reply_err(c, ERR_UNAVAILABLE);
		goto out;
	}
	/* locked while this attempt waited in the queue: no hashing for it */
	int64_t wait = throttle_wait(db, &l->th, app_now(c->app));
	if (wait > 0) {
		throttle_problem(&c->prob, wait);
		reply_problem(c);
		goto out;
	}
	static const char sql[] = "SELECT id, password_hash, active FROM staff WHERE username = $1";
	char stored[AUTH_PWHASH_MAX] = "";
	struct db_stmt *st = db_prep(db, sql);
	if (!st) {
		reply_err(c, ERR_INTERNAL);
		goto out;
	}
	db_bind_text(st, 1, l->username);
	if (db_step(st) == DB_ROW && db_col_int(st, 2)) {
		l->staff_id = db_col_int(st, 0);
		snprintf(stored, sizeof stored, "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (l->staff_id)
		l->ok = auth_password_verify(stored, l->password, l->pwlen);
	else
		auth_password_dummy(l->password, l->pwlen);
	if (l->ok) {
		auth_token_new(l->token);
		auth_token_new(l->csrf);
	}
	int rc = db_writer_run(c->app->writer, login_commit, c);
	if (rc != 0) {
		reply_err(c, ERR_INTERNAL);
		goto out;
	}
	if (l->locked) {
		throttle_problem(&c->prob, l->locked);
		reply_problem(c);
		goto out;
	}
	if (!l->ok) {
		problem_set(&c->prob, ERR_UNAUTHORIZED, "invalid_credentials", "password",
			    "Tên đăng nhập hoặc mật khẩu không đúng.",
			    "The username or password is incorrect.");
		reply_problem(c);
		goto out;
	}
	/* with --secure-cookies the __Host- name: Secure, Path=/, no Domain */
	char *cookie =
		arena_printf(&c->r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
			     session_cookie_name(c->app), l->token, c->app->cfg.session_max_s,
			     c->app->cfg.secure_cookies ? "; Secure" : "");
	json_t *user = staff_json(db, l->staff_id);
	db_reset_all(db);
	json_t *doc =
		json_pack("{s:o,s:s}", "user", user ? user : json_null(), "csrf_token", l->csrf);
	reply_json(c, 200, doc);
	http_add_header(c->r, "Set-Cookie", cookie);
out:
	if (l->password)
		sodium_memzero(l->password, l->pwlen);
	free(l->password);
	l->password = NULL;
}

/* When the request ends: the password, if the slow pool never took it
 * (queue full → 429), is wiped and freed here. */
static void login_cleanup(struct ctx *c)
{
	struct login *l = c->warg;
	if (l && l->password) {
		sodium_memzero(l->password, l->pwlen);
		free(l->password);
		l->password = NULL;
	}
}

enum http_result h_session_create(struct ctx *c)
{
	json_t *ju = json_object_get(c->body, "username");
	json_t *jp = json_object_get(c->body, "password");
	if (!json_is_string(ju) || json_string_length(ju) == 0 || json_string_length(ju) > 64) {
		problem_field(&c->prob, "username", "Vui lòng nhập tên đăng nhập.",
			      "Please enter your username.");
		return reply_problem(c);
	}
	if (!json_is_string(jp) || json_string_length(jp) == 0 ||
	    json_string_length(jp) > AUTH_PASSWORD_MAX) {
		problem_field(&c->prob, "password", "Vui lòng nhập mật khẩu.",
			      "Please enter your password.");
		return reply_problem(c);
	}
	struct login *l = arena_alloc(&c->r->arena, sizeof *l);
	memset(l, 0, sizeof *l);
	/* usernames are ASCII and case-insensitive */
	const char *u = json_string_value(ju);
	size_t ul = json_string_length(ju);
	for (size_t i = 0; i < ul; i++)
		l->username[i] = (char)((u[i] >= 'A' && u[i] <= 'Z') ? u[i] + 32 : u[i]);
	throttle_keys(&l->th, l->username, c->r->ip);

	/* early answer only; the writer takes the decision (login_commit) */
	int64_t wait = throttle_wait(c->db, &l->th, app_now(c->app));
	if (wait > 0) {
		throttle_problem(&c->prob, wait);
		return reply_problem(c);
	}
	l->pwlen = json_string_length(jp);
	l->password = xstrndup(json_string_value(jp), l->pwlen);
	c->warg = l;
	c->cleanup = login_cleanup;
	return app_slow(c, login_slow);
}

/* --- sign-out and me --------------------------------------------------- */

static int logout_fn(struct ctx *c, struct db *db)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, c->who.session_hash);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	c->out = NULL;
	c->out_status = 204;
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	return audit_write(db, &who, app_now(c->app), "session.logout", "staff", c->who.username,
			   NULL, NULL);
}

/* Signing out ends a session; a bearer token is not one (revoke it with
 * DELETE /api/v1/me/tokens/{id}), so it gets a 400 rather than a 204 that
 * would suggest the token stopped working. */
enum http_result h_session_delete(struct ctx *c)
{
	if (!c->who.via_session) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "not_a_session", NULL,
			    "Yêu cầu này dùng mã truy cập cá nhân, không phải phiên đăng nhập; "
			    "muốn dừng mã, hãy thu hồi nó.",
			    "This request uses a personal access token, not a session; to stop the "
			    "token, revoke it.");
		return reply_problem(c);
	}
	char *cookie = arena_printf(
		&c->r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
		session_cookie_name(c->app), c->app->cfg.secure_cookies ? "; Secure" : "");
	http_add_header(c->r, "Set-Cookie", cookie);
	return app_write(c, logout_fn, NULL);
}

enum http_result h_me(struct ctx *c)
{
	json_t *o = staff_json(c->db, c->who.staff_id);
	if (!o)
		return reply_err(c, ERR_UNAUTHORIZED);
	json_object_set_new(o, "auth", json_string(c->who.via_session ? "session" : "token"));
	if (c->who.via_session)
		json_object_set_new(o, "csrf_token", json_string(c->who.csrf));
	return reply_json(c, 200, o);
}
