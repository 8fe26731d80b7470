/*
 * session.c — sign-in, sign-out, sessions and API tokens.
 *
 * Sign-in: the shape is checked and the throttle read on the HTTP thread;
 * the argon2id check runs on the slow pool; the outcome (a new session, or
 * one more failure on the account's and the address's counters) is written
 * through the writer. An unknown username costs the same time as a wrong
 * password. After ACCOUNT_MAX failures within WINDOW_S an account is locked
 * for LOCK_S (429 with Retry-After), likewise an address after ADDR_MAX.
 * Addresses are stored only as hashes.
 *
 * Sessions: the cookie holds a random token; the database only its hash.
 * A session ends after IDLE (no request) or its absolute lifetime; last_seen
 * is refreshed at most once a minute, asynchronously.
 */
#include "app/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/slowpool.h"
#include "auth/auth.h"
#include "core/log.h"

#define ACCOUNT_MAX 5
#define ADDR_MAX 20
#define WINDOW_S 900
#define LOCK_S 900
#define TOUCH_EVERY_S 60

static const char sql_token[] =
	"SELECT t.staff_id, s.username, s.active, coalesce(s.unit_id, 0) FROM api_token t"
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
};

static int touch_fn(struct db *db, void *arg)
{
	struct touch *t = arg;
	static const char sql[] = "UPDATE session SET last_seen = $1 WHERE token_hash = $2";
	struct db_stmt *st = db_prep(db, sql);
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

/*
 * A small per-thread cache of who a bearer token is, so that a script
 * polling the API does not pay two queries per request. Entries live at
 * most TOKEN_CACHE_US and are dropped at once when any account, role or
 * token changes in this process (session_cache_invalidate, called by every
 * such write). A change made by another process (the CLI) shows within
 * TOKEN_CACHE_US.
 */
#define TOKEN_CACHE 64
#define TOKEN_CACHE_US 2000000

struct token_entry {
	char hash[AUTH_HASH_HEX];
	struct auth_info who;
	int64_t at_us;
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
			*who = te->who;
			return ERR_OK;
		}
		struct db_stmt *st = db_prep(c->db, sql_token);
		if (!st)
			return problem_kind(&c->prob, ERR_INTERNAL);
		db_bind_text(st, 1, h);
		if (db_step(st) != DB_ROW || !db_col_int(st, 2)) {
			db_done(st);
			return unauthorized(c, "invalid_token",
					    "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
					    "The access token is not valid or was revoked.");
		}
		who->staff_id = db_col_int(st, 0);
		snprintf(who->username, sizeof who->username, "%s", db_col_text(st, 1));
		who->unit_id = db_col_int(st, 3);
		who->via_token = 1;
		db_done(st);
		load_roles(c->db, who);
		memcpy(te->hash, h, sizeof te->hash);
		te->who = *who;
		te->at_us = t;
		te->gen = gen;
		return ERR_OK;
	}

	const char *cookie = http_cookie(r, SESSION_COOKIE);
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

	if (now - last_seen >= TOUCH_EVERY_S) {
		struct touch *t = xcalloc(1, sizeof *t);
		memcpy(t->hash, h, sizeof t->hash);
		t->now = now;
		t->job.fn = touch_fn;
		t->job.done = touch_done;
		t->job.arg = t;
		if (db_writer_submit(c->app->writer, &t->job) != 0)
			free(t);
	}
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

/* --- sign-in ----------------------------------------------------------- */

struct login {
	char username[65];
	char *password; /* malloc'd, wiped after use */
	size_t pwlen;
	char addr_key[2 + AUTH_HASH_HEX];
	char user_key[2 + 65];
	long long staff_id; /* 0 if unknown or inactive */
	int ok;
	int locked_now;
	char token[AUTH_TOKEN_LEN + 1];
	char csrf[AUTH_TOKEN_LEN + 1];
};

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

/* Adds one failure to key; returns 1 if this locks it. */
static int add_failure(struct db *db, const char *key, int max, int64_t now)
{
	static const char sql_get[] =
		"SELECT failures, window_start FROM login_failure WHERE key = $1";
	static const char sql_put[] =
		"INSERT INTO login_failure (key, failures, window_start, locked_until)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = "
		"excluded.failures,"
		" window_start = excluded.window_start, locked_until = excluded.locked_until";
	int64_t failures = 0, start = now;
	struct db_stmt *st = db_prep(db, sql_get);
	if (!st)
		return 0;
	db_bind_text(st, 1, key);
	if (db_step(st) == DB_ROW && now - db_col_int(st, 1) < WINDOW_S) {
		failures = db_col_int(st, 0);
		start = db_col_int(st, 1);
	}
	db_done(st);
	failures++;
	int lock = failures >= max;
	st = db_prep(db, sql_put);
	if (!st)
		return 0;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, lock ? 0 : failures);
	db_bind_int(st, 3, lock ? now : start);
	db_bind_int(st, 4, lock ? now + LOCK_S : 0);
	db_run(st);
	return lock;
}

static int login_commit(struct db *db, void *arg)
{
	struct ctx *c = arg;
	struct login *l = c->warg;
	int64_t now = app_now(c->app);
	if (!l->ok) {
		l->locked_now = add_failure(db, l->user_key, ACCOUNT_MAX, now);
		l->locked_now |= add_failure(db, l->addr_key, ADDR_MAX, now);
		return 0;
	}
	static const char sql_clear[] = "DELETE FROM login_failure WHERE key = $1";
	static const char sql_new[] = "INSERT INTO session (token_hash, staff_id, csrf_token, "
				      "created_at, last_seen, expires_at)"
				      " VALUES ($1, $2, $3, $4, $4, $5)";
	static const char sql_gc[] = "DELETE FROM session WHERE staff_id = $1 AND expires_at < $2";
	struct db_stmt *st = db_prep(db, sql_clear);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, l->user_key);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	st = db_prep(db, sql_gc);
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
	return audit_write(db, l->username, "session.login", "staff", l->username, NULL, NULL,
			   c->r->rid);
}

static void login_slow(struct ctx *c)
{
	struct login *l = c->warg;
	struct db *db = db_pool_get(c->app->pool);
	if (!db) {
		reply_err(c, ERR_UNAVAILABLE);
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
	if (!l->ok) {
		problem_set(&c->prob, ERR_UNAUTHORIZED, "invalid_credentials", "password",
			    "Tên đăng nhập hoặc mật khẩu không đúng.",
			    "The username or password is incorrect.");
		reply_problem(c);
		goto out;
	}
	char *cookie =
		arena_printf(&c->r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
			     SESSION_COOKIE, l->token, c->app->cfg.session_max_s,
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
	snprintf(l->user_key, sizeof l->user_key, "u:%s", l->username);
	char ah[AUTH_HASH_HEX];
	auth_token_hash(c->r->ip, strlen(c->r->ip), ah);
	snprintf(l->addr_key, sizeof l->addr_key, "a:%s", ah);

	int64_t now = app_now(c->app);
	int64_t wait = locked_for(c->db, l->user_key, now);
	int64_t wait2 = locked_for(c->db, l->addr_key, now);
	if (wait2 > wait)
		wait = wait2;
	if (wait > 0) {
		problem_set(
			&c->prob, ERR_THROTTLED, "too_many_attempts", NULL,
			"Đăng nhập sai quá nhiều lần; tài khoản tạm khóa, vui lòng thử lại sau.",
			"Too many failed sign-ins; please try again later.");
		c->prob.retry_after = (int)wait;
		return reply_problem(c);
	}
	l->pwlen = json_string_length(jp);
	l->password = xstrndup(json_string_value(jp), l->pwlen);
	c->warg = l;
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
	return audit_write(db, c->who.username, "session.logout", "staff", c->who.username, NULL,
			   NULL, c->r->rid);
}

enum http_result h_session_delete(struct ctx *c)
{
	char *cookie =
		arena_printf(&c->r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
			     SESSION_COOKIE, c->app->cfg.secure_cookies ? "; Secure" : "");
	http_add_header(c->r, "Set-Cookie", cookie);
	if (!c->who.via_session) {
		http_reply(c->r, 204, NULL, NULL, 0);
		return HTTP_DONE;
	}
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
