/*
 * accounts_http.c — the accounts API: sign-in and sign-out, the signed-in
 * user, their password and API tokens, units and staff accounts (admin);
 * and session_identify, which tells dispatch who is calling.
 *
 *   POST   /api/v1/session                 anyone: sign in (cookie + CSRF token)
 *   DELETE /api/v1/session                 any staff, session only
 *   GET    /api/v1/me                      any staff
 *   PUT    /api/v1/me/password             any staff, session only (current_password, new_password)
 *   GET    /api/v1/me/tokens               any staff: one's own API tokens (never the secret)
 *   POST   /api/v1/me/tokens               any staff, session only → 201 with the token, once
 *   DELETE /api/v1/me/tokens/{id}          any staff: revoke one's own token
 *   GET    /api/v1/units                   any staff
 *   GET    /api/v1/units/{code}/staff      dossier roles, province (?agency=)
 *   GET    /api/v1/staff                   admin
 *   POST   /api/v1/staff                   admin   → 201, 409 username taken
 *   PATCH  /api/v1/staff/{username}        admin   (full_name, title, email, unit, roles, active)
 *
 * Handlers parse, call a service (accounts.h) and reply; the rules and the
 * SQL are the services' and the store's. What is HTTP stays here: cookies,
 * headers, and the hand-overs — passwords are checked and hashed on the
 * slow pool (argon2id, ~80 ms), then the decision is written through the
 * writer. A wrong current password counts against the sign-in throttle
 * exactly like a failed sign-in, decided on the writer.
 *
 * With --secure-cookies the session cookie is named __Host-motcua_session
 * (Secure, Path=/, no Domain) and only that name is read: browsers accept a
 * __Host- cookie only when Secure, Path=/ and without Domain, so no sibling
 * host or plain-HTTP page can plant or overwrite it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_routes.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

#define SESSION_COOKIE "motcua_session"
#define SESSION_COOKIE_HOST "__Host-motcua_session"

static const char *cookie_name(const struct app *a)
{
	return a->cfg.secure_cookies ? SESSION_COOKIE_HOST : SESSION_COOKIE;
}

/* --- who is calling ------------------------------------------------------- */

static void who_from(struct auth_info *who, const struct identity *id)
{
	memset(who, 0, sizeof *who);
	who->staff_id = id->staff_id;
	snprintf(who->username, sizeof who->username, "%s", id->username);
	who->roles = id->roles;
	who->unit_id = id->unit_id;
	snprintf(who->csrf, sizeof who->csrf, "%s", id->csrf);
	snprintf(who->session_hash, sizeof who->session_hash, "%s", id->session_hash);
	who->via_session = id->via_session;
	who->via_token = id->via_token;
}

enum err session_identify(struct ctx *c)
{
	struct identity id;
	int64_t now = app_now(c->app);
	int rc;
	memset(&c->who, 0, sizeof c->who);
	const char *authz = http_header(c->r, "Authorization");
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return problem_set(&c->prob, ERR_UNAUTHORIZED, "invalid_token", NULL,
					   "Mã truy cập không hợp lệ.",
					   "The access token is not valid.");
		rc = token_identify(c->db, c->app, now, authz + 7, &id, &c->prob);
	} else {
		const char *cookie = http_cookie(c->r, cookie_name(c->app));
		if (!cookie)
			return ERR_OK;
		rc = session_identify_token(c->db, c->app, now, cookie, &id, &c->prob);
	}
	if (rc)
		return (enum err)rc;
	who_from(&c->who, &id);
	return ERR_OK;
}

/* --- sign-in --------------------------------------------------------------- */

struct login {
	struct signin s;
	char *password; /* malloc'd, wiped after use */
	size_t pwlen;
};

/* On the writer: the lock decision and the count, in one transaction. */
static int login_commit(struct db *db, void *arg)
{
	struct ctx *c = arg;
	struct login *l = c->warg;
	return signin_commit(db, c->app, app_now(c->app), c->r->rid, &l->s, &c->prob);
}

static void wipe(char **pw, size_t len)
{
	if (*pw)
		sodium_memzero(*pw, len);
	free(*pw);
	*pw = NULL;
}

static void login_slow(struct ctx *c)
{
	struct login *l = c->warg;
	struct db *db = db_pool_get(c->app->pool);
	if (!db) {
		reply_err(c, ERR_UNAVAILABLE);
		goto out;
	}
	if (signin_check(db, app_now(c->app), &l->s, l->password, l->pwlen, &c->prob)) {
		reply_problem(c);
		goto out;
	}
	wipe(&l->password, l->pwlen);
	if (db_writer_run(c->app->writer, login_commit, c) != 0) {
		reply_err(c, ERR_INTERNAL);
		goto out;
	}
	if (c->prob.code) { /* locked, or a wrong password (counted) */
		reply_problem(c);
		goto out;
	}
	char *cookie =
		arena_printf(&c->r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
			     cookie_name(c->app), l->s.token, c->app->cfg.session_max_s,
			     c->app->cfg.secure_cookies ? "; Secure" : "");
	json_t *user = staff_json(db, l->s.staff_id);
	db_reset_all(db);
	json_t *doc =
		json_pack("{s:o,s:s}", "user", user ? user : json_null(), "csrf_token", l->s.csrf);
	reply_json(c, 200, doc);
	http_add_header(c->r, "Set-Cookie", cookie);
out:
	wipe(&l->password, l->pwlen);
	sodium_memzero(l->s.token, sizeof l->s.token);
}

/* When the request ends: the password, if the slow pool never took it
 * (queue full → 429), is wiped and freed here. */
static void login_cleanup(struct ctx *c)
{
	struct login *l = c->warg;
	if (l)
		wipe(&l->password, l->pwlen);
}

enum http_result h_session_create(struct ctx *c)
{
	json_t *ju = json_object_get(c->body, "username");
	json_t *jp = json_object_get(c->body, "password");
	if (!json_is_string(ju) || json_string_length(ju) == 0 ||
	    json_string_length(ju) > SIGNIN_USERNAME_MAX) {
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
	signin_start(&l->s, json_string_value(ju), json_string_length(ju), c->r->ip);
	/* early answer only; the writer takes the decision (signin_commit) */
	int64_t wait = throttle_wait(c->db, &l->s.th, app_now(c->app));
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

/* --- sign-out and me ------------------------------------------------------- */

static int logout_fn(struct ctx *c, struct db *db)
{
	c->out = NULL;
	c->out_status = 204;
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	return session_end(db, &who, app_now(c->app), c->who.session_hash, &c->prob);
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
	char *cookie =
		arena_printf(&c->r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
			     cookie_name(c->app), c->app->cfg.secure_cookies ? "; Secure" : "");
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

/* --- units and staff ------------------------------------------------------- */

enum http_result h_units(struct ctx *c)
{
	return reply_json(c, 200, json_pack("{s:o}", "items", units_json(c->db)));
}

/* The active officers of a unit of the viewer's agency (?agency= another,
 * for the province role), with how many open dossiers each holds (to
 * choose whom to forward to). */
enum http_result h_unit_staff(struct ctx *c)
{
	json_t *out;
	const char *agency = NULL;
	struct actor who = ctx_who(c);
	if (qs_line(c, "agency", 40, &agency) ||
	    unit_staff_json(c->db, &who, c->param[0], agency, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

enum http_result h_staff_list(struct ctx *c)
{
	return reply_json(c, 200, json_pack("{s:o}", "items", staff_list_json(c->db)));
}

/* Parses roles[] into a mask; -1 with a 422 on an unknown role or none. */
static int parse_roles(struct ctx *c, json_t *arr, unsigned *mask)
{
	size_t i;
	json_t *v;
	*mask = 0;
	json_array_foreach (arr, i, v) {
		unsigned r = json_is_string(v) ? role_parse(json_string_value(v)) : 0;
		if (!r)
			return jin_invalid(c, "roles");
		*mask |= r;
	}
	if (!*mask) {
		problem_field(&c->prob, "roles", "Cần ít nhất một vai trò.",
			      "At least one role is needed.");
		return -1;
	}
	return 0;
}

struct new_staff {
	struct staff_input in;
	char *password;
	size_t pwlen;
	long long id;
};

static int staff_create_fn(struct ctx *c, struct db *db)
{
	struct new_staff *ns = c->warg;
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	int rc = staff_create(db, &who, app_now(c->app), &ns->in, &ns->id, &c->prob);
	if (rc)
		return rc;
	c->out = staff_json(db, ns->id);
	c->out_status = 201;
	return c->out ? 0 : ERR_INTERNAL;
}

static void staff_create_slow(struct ctx *c)
{
	struct new_staff *ns = c->warg;
	int hrc = auth_password_hash(ns->password, ns->pwlen, ns->in.password_hash);
	wipe(&ns->password, ns->pwlen);
	if (hrc != 0) {
		reply_err(c, ERR_INTERNAL);
		return;
	}
	app_write_sync(c, staff_create_fn, ns);
}

/* Validates a password field; returns a malloc'd copy (caller wipes). */
static char *take_password(struct ctx *c, const char *key, size_t *len)
{
	json_t *v = json_object_get(c->body, key);
	if (!json_is_string(v) || json_string_length(v) == 0) {
		jin_required(c, key);
		return NULL;
	}
	const char *vi, *en;
	if (auth_password_acceptable(json_string_value(v), json_string_length(v), &vi, &en) != 0) {
		problem_field(&c->prob, key, vi, en);
		return NULL;
	}
	*len = json_string_length(v);
	return xstrndup(json_string_value(v), *len);
}

/* The password, if the slow pool never took it (queue full → 429). */
static void staff_create_cleanup(struct ctx *c)
{
	struct new_staff *ns = c->warg;
	wipe(&ns->password, ns->pwlen);
}

enum http_result h_staff_create(struct ctx *c)
{
	struct new_staff *ns = arena_alloc(&c->r->arena, sizeof *ns);
	memset(ns, 0, sizeof *ns);
	json_t *roles;
	struct staff_input *in = &ns->in;
	if (jin_line(c, c->body, "username", "username", USERNAME_MAX, JIN_REQUIRED,
		     &in->username) ||
	    staff_check_username(in->username, &c->prob) ||
	    jin_line(c, c->body, "full_name", "full_name", STAFF_NAME_MAX, JIN_REQUIRED,
		     &in->full_name) ||
	    jin_line(c, c->body, "title", "title", STAFF_NAME_MAX, JIN_OPTIONAL, &in->title) ||
	    jin_line(c, c->body, "email", "email", STAFF_EMAIL_MAX, JIN_OPTIONAL, &in->email) ||
	    jin_line(c, c->body, "unit", "unit", UNIT_CODE_MAX, JIN_OPTIONAL, &in->unit) ||
	    jin_array(c, c->body, "roles", "roles", STAFF_ROLES_MAX, JIN_REQUIRED, &roles) ||
	    parse_roles(c, roles, &in->roles))
		return reply_problem(c);
	if (!(ns->password = take_password(c, "password", &ns->pwlen)))
		return reply_problem(c);
	c->warg = ns;
	c->cleanup = staff_create_cleanup;
	return app_slow(c, staff_create_slow);
}

static int staff_patch_fn(struct ctx *c, struct db *db)
{
	struct staff_change *sc = c->warg;
	struct actor who = ctx_who(c);
	c->auth_changed = 1;
	int rc = staff_patch(db, &who, app_now(c->app), sc, &c->out, &c->prob);
	c->out_status = 200;
	return rc;
}

enum http_result h_staff_patch(struct ctx *c)
{
	struct staff_change *sc = arena_alloc(&c->r->arena, sizeof *sc);
	memset(sc, 0, sizeof *sc);
	sc->username = c->param[0];
	json_t *roles = NULL;
	if (jin_line(c, c->body, "full_name", "full_name", STAFF_NAME_MAX, JIN_OPTIONAL,
		     &sc->full_name) ||
	    jin_line(c, c->body, "title", "title", STAFF_NAME_MAX, JIN_OPTIONAL, &sc->title) ||
	    jin_line(c, c->body, "email", "email", STAFF_EMAIL_MAX, JIN_OPTIONAL, &sc->email) ||
	    jin_line(c, c->body, "unit", "unit", UNIT_CODE_MAX, JIN_OPTIONAL, &sc->unit) ||
	    jin_bool(c, c->body, "active", "active", JIN_OPTIONAL, &sc->active, &sc->has_active) ||
	    jin_array(c, c->body, "roles", "roles", STAFF_ROLES_MAX, JIN_OPTIONAL, &roles))
		return reply_problem(c);
	if (roles) {
		if (parse_roles(c, roles, &sc->roles))
			return reply_problem(c);
		sc->has_roles = 1;
	}
	c->warg = sc;
	return app_write(c, staff_patch_fn, sc);
}

/* --- one's own password ------------------------------------------------------ */

struct pw_change {
	char *current, *next;
	size_t clen, nlen;
	char hash[AUTH_PWHASH_MAX];
	int ok;
	struct throttle th;
};

/* On the writer: the throttle decision, then the failure or the change. A
 * refusal still commits (its failure must be counted): the service returns
 * 0 with the problem set, and no reply document is built. */
static int pw_change_fn(struct ctx *c, struct db *db)
{
	struct pw_change *pc = c->warg;
	struct actor who = ctx_who(c);
	int rc = staff_change_password(db, &who, app_now(c->app), &pc->th, pc->ok, pc->hash,
				       &c->prob);
	if (rc == 0 && !c->prob.code) {
		c->auth_changed = 1;
		c->out_status = 204;
	}
	return rc;
}

static void pw_wipe(struct pw_change *pc)
{
	wipe(&pc->current, pc->clen);
	wipe(&pc->next, pc->nlen);
}

static void pw_change_slow(struct ctx *c)
{
	struct pw_change *pc = c->warg;
	struct db *db = db_pool_get(c->app->pool);
	int64_t wait = db ? throttle_wait(db, &pc->th, app_now(c->app)) : 0;
	int hrc = 0;
	if (wait == 0) { /* locked while queued: no hashing */
		pc->ok = db && staff_password_matches(db, c->who.staff_id, pc->current, pc->clen);
		hrc = pc->ok ? auth_password_hash(pc->next, pc->nlen, pc->hash) : 0;
	}
	pw_wipe(pc);
	if (wait > 0) {
		throttle_problem(&c->prob, wait);
		reply_problem(c);
		return;
	}
	if (hrc != 0) {
		reply_err(c, ERR_INTERNAL);
		return;
	}
	app_write_sync(c, pw_change_fn, pc);
}

/* When the request ends: passwords the slow pool never took (queue full →
 * 429) are wiped and freed here. */
static void pw_cleanup(struct ctx *c)
{
	pw_wipe(c->warg);
}

/* Only a signed-in person (a session) may change the password or mint a
 * token: a token that leaked must not be able to lock its owner out, nor
 * outlive its own expiry and revocation. */
static enum http_result session_required(struct ctx *c)
{
	problem_set(&c->prob, ERR_FORBIDDEN, "session_required", NULL,
		    "Thao tác này cần đăng nhập bằng mật khẩu; mã truy cập cá nhân không dùng "
		    "được.",
		    "This needs a signed-in session; a personal access token cannot do it.");
	return reply_problem(c);
}

enum http_result h_me_password(struct ctx *c)
{
	if (!c->who.via_session)
		return session_required(c);
	struct pw_change *pc = arena_alloc(&c->r->arena, sizeof *pc);
	memset(pc, 0, sizeof *pc);
	json_t *cur = json_object_get(c->body, "current_password");
	if (!json_is_string(cur) || json_string_length(cur) == 0 ||
	    json_string_length(cur) > AUTH_PASSWORD_MAX) {
		jin_required(c, "current_password");
		return reply_problem(c);
	}
	throttle_keys(&pc->th, c->who.username, c->r->ip);
	int64_t wait = throttle_wait(c->db, &pc->th, app_now(c->app));
	if (wait > 0) {
		throttle_problem(&c->prob, wait);
		return reply_problem(c);
	}
	if (!(pc->next = take_password(c, "new_password", &pc->nlen)))
		return reply_problem(c);
	pc->clen = json_string_length(cur);
	pc->current = xstrndup(json_string_value(cur), pc->clen);
	c->warg = pc;
	c->cleanup = pw_cleanup;
	return app_slow(c, pw_change_slow);
}

/* --- one's own API tokens ------------------------------------------------- */

enum http_result h_me_tokens(struct ctx *c)
{
	json_t *items = staff_tokens_json(c->db, c->who.username, app_now(c->app));
	if (!items)
		return reply_err(c, ERR_INTERNAL);
	return reply_json(c, 200, json_pack("{s:o}", "items", items));
}

struct token_new {
	const char *label;
	int days;
	char token[AUTH_TOKEN_LEN + 1];
};

static int token_create_fn(struct ctx *c, struct db *db)
{
	struct token_new *tn = c->warg;
	long long id;
	int64_t now = app_now(c->app), expires;
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	int rc = staff_add_token(db, &who, now, c->who.username, tn->token, tn->label, tn->days,
				 &id, &expires, &c->prob);
	if (rc)
		return rc;
	char created[40], until[40];
	vn_format_iso(now, created, sizeof created);
	vn_format_iso(expires, until, sizeof until);
	c->out = json_pack("{s:I,s:s,s:s,s:s,s:n,s:s,s:s}", "id", (json_int_t)id, "label",
			   tn->label ? tn->label : "", "created_at", created, "expires_at", until,
			   "last_used_at", "state", "active", "token", tn->token);
	c->out_status = 201;
	return 0;
}

static void token_new_cleanup(struct ctx *c)
{
	struct token_new *tn = c->warg;
	sodium_memzero(tn->token, sizeof tn->token);
}

/* POST /api/v1/me/tokens {label, days?} — a session only. */
enum http_result h_me_token_create(struct ctx *c)
{
	if (!c->who.via_session)
		return session_required(c);
	struct token_new *tn = arena_alloc(&c->r->arena, sizeof *tn);
	memset(tn, 0, sizeof *tn);
	long long days = TOKEN_DAYS_DEFAULT;
	json_t *jd = json_object_get(c->body, "days");
	if (jin_line(c, c->body, "label", "label", TOKEN_LABEL_MAX, JIN_REQUIRED, &tn->label))
		return reply_problem(c);
	if (jd && !json_is_null(jd)) {
		if (!json_is_integer(jd) || json_integer_value(jd) < 1 ||
		    json_integer_value(jd) > TOKEN_DAYS_MAX) {
			problem_field(&c->prob, "days", "Thời hạn của mã là từ 1 đến 365 ngày.",
				      "A token lasts from 1 to 365 days.");
			return reply_problem(c);
		}
		days = json_integer_value(jd);
	}
	tn->days = (int)days;
	auth_token_new(tn->token);
	c->warg = tn;
	c->cleanup = token_new_cleanup;
	return app_write(c, token_create_fn, tn);
}

struct token_del {
	long long id;
};

static int token_delete_fn(struct ctx *c, struct db *db)
{
	struct token_del *td = c->warg;
	int n;
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	int rc = staff_revoke_tokens(db, &who, app_now(c->app), c->who.username, td->id, &n,
				     &c->prob);
	c->out_status = 204;
	return rc;
}

/* DELETE /api/v1/me/tokens/{id} — also with the token itself. */
enum http_result h_me_token_delete(struct ctx *c)
{
	const char *s = c->param[0];
	long long id = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 15)
			return reply_err(c, ERR_NOT_FOUND);
		id = id * 10 + (s[i] - '0');
	}
	if (id <= 0)
		return reply_err(c, ERR_NOT_FOUND);
	struct token_del *td = arena_alloc(&c->r->arena, sizeof *td);
	td->id = id;
	return app_write(c, token_delete_fn, td);
}
