/*
 * h_staff.c — the organisation API: units, staff accounts (admin), and the
 * signed-in user's own password.
 *
 *   GET   /api/v1/units                    any staff
 *   GET   /api/v1/staff                    admin
 *   POST  /api/v1/staff                    admin   → 201, 409 username taken
 *   PATCH /api/v1/staff/{username}         admin   (full_name, title, email, unit, roles, active)
 *   PUT   /api/v1/me/password              any staff, session only (current_password, new_password)
 *   GET   /api/v1/me/tokens                any staff: one's own API tokens (never the secret)
 *   POST  /api/v1/me/tokens                any staff, session only → 201 with the token, once
 *   DELETE /api/v1/me/tokens/{id}          any staff: revoke one's own token
 *
 * Passwords are hashed on the slow pool, then written through the writer.
 * A wrong current password counts against the login throttle (session.h)
 * exactly like a failed sign-in, decided on the writer.
 *
 * An administrator cannot give itself a dossier role (reception, specialist,
 * head, leader): those roles see citizens' personal data, so a second
 * administrator must grant them (403 self_grant). The command line, run by
 * whoever operates the machine, is not limited, and every grant is audited.
 * Deactivating an account ends its sessions and revokes its API tokens.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts/accounts_routes.h"
#include "app/accounts/session.h"
#include "app/platform/jin.h"
#include "app/accounts/staff.h"
#include "core/vntime.h"

enum http_result h_units(struct ctx *c)
{
	static const char sql[] = "SELECT u.code, u.name, a.code, a.name FROM unit u JOIN agency a "
				  "ON a.id = u.agency_id"
				  " ORDER BY a.is_home DESC, a.code, u.code";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	json_t *items = json_array();
	while (db_step(st) == DB_ROW)
		json_array_append_new(items,
				      json_pack("{s:s,s:s,s:{s:s,s:s}}", "code", db_col_text(st, 0),
						"name", db_col_text(st, 1), "agency", "code",
						db_col_text(st, 2), "name", db_col_text(st, 3)));
	db_done(st);
	return reply_json(c, 200, json_pack("{s:o}", "items", items));
}

/* GET /api/v1/units/{code}/staff — the active officers of a unit of the
 * home centre, with how many open dossiers each holds (to choose whom to
 * forward to). Dossier roles. */
enum http_result h_unit_staff(struct ctx *c)
{
	static const char sql_unit[] =
		"SELECT u.id, u.code, u.name FROM unit u JOIN agency a ON a.id = u.agency_id"
		" WHERE u.code = $1 AND a.is_home = 1";
	static const char sql[] =
		"SELECT s.id, s.username, s.full_name, s.title,"
		" (SELECT count(*) FROM dossier d WHERE d.assignee_id = s.id"
		"  AND d.status IN ('received', 'processing', 'supplement_requested'))"
		" FROM staff s WHERE s.unit_id = $1 AND s.active = 1 ORDER BY s.full_name";
	static const char sql_roles[] =
		"SELECT role FROM staff_role WHERE staff_id = $1 ORDER BY role";
	struct db_stmt *st = db_prep(c->db, sql_unit);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	db_bind_text(st, 1, c->param[0]);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return reply_err(c, ERR_NOT_FOUND);
	}
	long long unit = db_col_int(st, 0);
	json_t *out = json_pack("{s:{s:s,s:s}}", "unit", "code", db_col_text(st, 1), "name",
				db_col_text(st, 2));
	db_done(st);
	json_t *items = json_array();
	long long ids[256];
	size_t n = 0;
	st = db_prep(c->db, sql);
	db_bind_int(st, 1, unit);
	while (n < 256 && db_step(st) == DB_ROW) {
		ids[n++] = db_col_int(st, 0);
		json_array_append_new(items,
				      json_pack("{s:s,s:s,s:s,s:I}", "username", db_col_text(st, 1),
						"full_name", db_col_text(st, 2), "title",
						db_col_text(st, 3), "open_dossiers",
						(json_int_t)db_col_int(st, 4)));
	}
	db_done(st);
	for (size_t i = 0; i < n; i++) {
		json_t *roles = json_array();
		st = db_prep(c->db, sql_roles);
		db_bind_int(st, 1, ids[i]);
		while (db_step(st) == DB_ROW)
			json_array_append_new(roles, json_string(db_col_text(st, 0)));
		db_done(st);
		json_object_set_new(json_array_get(items, i), "roles", roles);
	}
	json_object_set_new(out, "items", items);
	return reply_json(c, 200, out);
}

enum http_result h_staff_list(struct ctx *c)
{
	static const char sql[] = "SELECT id, active FROM staff ORDER BY username";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	long long ids[1024];
	int active[1024];
	size_t n = 0;
	while (n < 1024 && db_step(st) == DB_ROW) {
		ids[n] = db_col_int(st, 0);
		active[n++] = (int)db_col_int(st, 1);
	}
	db_done(st);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = staff_json(c->db, ids[i]);
		if (!o)
			continue;
		json_object_set_new(o, "active", json_boolean(active[i]));
		json_array_append_new(items, o);
	}
	return reply_json(c, 200, json_pack("{s:o}", "items", items));
}

/* Parses roles[] into a mask; -1 with a 422 on an unknown role. */
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
	sodium_memzero(ns->password, ns->pwlen);
	free(ns->password);
	ns->password = NULL;
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
	if (ns->password) {
		sodium_memzero(ns->password, ns->pwlen);
		free(ns->password);
		ns->password = NULL;
	}
}

enum http_result h_staff_create(struct ctx *c)
{
	struct new_staff *ns = arena_alloc(&c->r->arena, sizeof *ns);
	memset(ns, 0, sizeof *ns);
	json_t *roles;
	if (jin_line(c, c->body, "username", "username", 32, JIN_REQUIRED, &ns->in.username) ||
	    staff_check_username(ns->in.username, &c->prob) ||
	    jin_line(c, c->body, "full_name", "full_name", 120, JIN_REQUIRED, &ns->in.full_name) ||
	    jin_line(c, c->body, "title", "title", 120, JIN_OPTIONAL, &ns->in.title) ||
	    jin_line(c, c->body, "email", "email", 254, JIN_OPTIONAL, &ns->in.email) ||
	    jin_line(c, c->body, "unit", "unit", 32, JIN_OPTIONAL, &ns->in.unit) ||
	    jin_array(c, c->body, "roles", "roles", 5, JIN_REQUIRED, &roles) ||
	    parse_roles(c, roles, &ns->in.roles))
		return reply_problem(c);
	if (!(ns->password = take_password(c, "password", &ns->pwlen)))
		return reply_problem(c);
	c->warg = ns;
	c->cleanup = staff_create_cleanup;
	return app_slow(c, staff_create_slow);
}

struct staff_patch {
	const char *username;
	const char *full_name, *title, *email, *unit;
	unsigned roles;
	int has_roles, active, has_active;
};

static int staff_patch_fn(struct ctx *c, struct db *db)
{
	struct staff_patch *sp = c->warg;
	static const char sql_get[] = "SELECT id FROM staff WHERE username = $1";
	static const char sql_upd[] =
		"UPDATE staff SET full_name = coalesce($2, full_name), title = coalesce($3, title),"
		" email = coalesce($4, email), unit_id = coalesce($5, unit_id),"
		" active = coalesce($6, active), updated_at = $7 WHERE id = $1";
	static const char sql_del_roles[] = "DELETE FROM staff_role WHERE staff_id = $1";
	static const char sql_role[] = "INSERT INTO staff_role (staff_id, role) VALUES ($1, $2)";
	struct db_stmt *st = db_prep(db, sql_get);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, sp->username);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!id)
		return problem_kind(&c->prob, ERR_NOT_FOUND);
	json_t *before = staff_json(db, id);
	long long unit = 0;
	if (sp->unit && !(unit = unit_id_of(db, NULL, sp->unit))) {
		json_decref(before);
		return problem_field(&c->prob, "unit", "Không có đơn vị với mã này.",
				     "There is no unit with this code.");
	}
	st = db_prep(db, sql_upd);
	if (!st) {
		json_decref(before);
		return ERR_INTERNAL;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, sp->full_name);
	db_bind_text(st, 3, sp->title);
	db_bind_text(st, 4, sp->email);
	if (unit)
		db_bind_int(st, 5, unit);
	else
		db_bind_null(st, 5);
	if (sp->has_active)
		db_bind_int(st, 6, sp->active);
	else
		db_bind_null(st, 6);
	db_bind_int(st, 7, app_now(c->app));
	int rc = db_run(st);
	if (rc == DB_OK && sp->has_roles) {
		st = db_prep(db, sql_del_roles);
		db_bind_int(st, 1, id);
		rc = db_run(st);
		for (unsigned r = 1; rc == DB_OK && (r & ROLE_ALL); r <<= 1) {
			if (!(sp->roles & r))
				continue;
			st = db_prep(db, sql_role);
			db_bind_int(st, 1, id);
			db_bind_text(st, 2, role_name(r));
			rc = db_run(st);
		}
	}
	if (rc == DB_OK && sp->has_active && !sp->active &&
	    staff_end_access(db, id, app_now(c->app)) != 0)
		rc = DB_ERROR;
	if (rc != DB_OK) {
		json_decref(before);
		return ERR_INTERNAL;
	}
	session_cache_invalidate();
	c->auth_changed = 1;
	json_t *after = staff_json(db, id);
	json_object_set_new(after, "active", json_boolean(sp->has_active ? sp->active : 1));
	struct actor who = ctx_who(c);
	rc = audit_write(db, &who, app_now(c->app), "staff.update", "staff", sp->username, before,
			 after);
	json_decref(before);
	if (rc) {
		json_decref(after);
		return ERR_INTERNAL;
	}
	c->out = after;
	c->out_status = 200;
	return 0;
}

enum http_result h_staff_patch(struct ctx *c)
{
	struct staff_patch *sp = arena_alloc(&c->r->arena, sizeof *sp);
	memset(sp, 0, sizeof *sp);
	sp->username = c->param[0];
	json_t *roles = NULL;
	if (jin_line(c, c->body, "full_name", "full_name", 120, JIN_OPTIONAL, &sp->full_name) ||
	    jin_line(c, c->body, "title", "title", 120, JIN_OPTIONAL, &sp->title) ||
	    jin_line(c, c->body, "email", "email", 254, JIN_OPTIONAL, &sp->email) ||
	    jin_line(c, c->body, "unit", "unit", 32, JIN_OPTIONAL, &sp->unit) ||
	    jin_bool(c, c->body, "active", "active", JIN_OPTIONAL, &sp->active, &sp->has_active) ||
	    jin_array(c, c->body, "roles", "roles", 5, JIN_OPTIONAL, &roles))
		return reply_problem(c);
	if (roles) {
		if (parse_roles(c, roles, &sp->roles))
			return reply_problem(c);
		sp->has_roles = 1;
	}
	if (strcmp(sp->username, c->who.username) == 0 &&
	    ((sp->has_active && !sp->active) || (sp->has_roles && !(sp->roles & ROLE_ADMIN)))) {
		problem_set(&c->prob, ERR_CONFLICT, "self_lockout", "roles",
			    "Bạn không thể tự khóa hoặc bỏ quyền quản trị của chính mình.",
			    "You cannot deactivate yourself or remove your own admin role.");
		return reply_problem(c);
	}
	/* dossier roles one does not hold yet: only another administrator */
	if (strcmp(sp->username, c->who.username) == 0 && sp->has_roles &&
	    (sp->roles & ROLE_DOSSIER & ~c->who.roles)) {
		problem_set(&c->prob, ERR_FORBIDDEN, "self_grant", "roles",
			    "Bạn không thể tự cấp cho mình vai trò xử lý hồ sơ; một quản trị viên "
			    "khác phải cấp.",
			    "You cannot give yourself a dossier role; another administrator must "
			    "grant it.");
		return reply_problem(c);
	}
	c->warg = sp;
	return app_write(c, staff_patch_fn, sp);
}

struct pw_change {
	char *current, *next;
	size_t clen, nlen;
	char hash[AUTH_PWHASH_MAX];
	int ok;
	struct throttle th;
};

/* On the writer: the throttle decision, then the failure or the change. A
 * refusal still commits (its failure must be counted): it returns 0 with
 * the problem set and no reply document. */
static int pw_change_fn(struct ctx *c, struct db *db)
{
	struct pw_change *pc = c->warg;
	int64_t now = app_now(c->app);
	int64_t wait = throttle_wait(db, &pc->th, now);
	if (wait > 0) {
		throttle_problem(&c->prob, wait);
		return 0;
	}
	if (!pc->ok) {
		if (throttle_fail(db, &pc->th, now))
			return ERR_INTERNAL;
		problem_set(&c->prob, ERR_VALIDATION, "wrong_password", "current_password",
			    "Mật khẩu hiện tại không đúng.", "The current password is wrong.");
		return 0;
	}
	c->auth_changed = 1;
	struct actor who = ctx_who(c);
	int rc = staff_set_password(db, &who, now, c->who.username, pc->hash, &c->prob);
	if (rc == 0)
		rc = throttle_clear(db, &pc->th);
	c->out_status = 204;
	return rc;
}

static void pw_change_slow(struct ctx *c)
{
	struct pw_change *pc = c->warg;
	static const char sql[] = "SELECT password_hash FROM staff WHERE id = $1";
	struct db *db = db_pool_get(c->app->pool);
	char stored[AUTH_PWHASH_MAX] = "";
	int64_t wait = db ? throttle_wait(db, &pc->th, app_now(c->app)) : 0;
	int hrc = 0;
	if (wait > 0)
		goto out; /* locked while queued: no hashing */
	struct db_stmt *st = db ? db_prep(db, sql) : NULL;
	if (st) {
		db_bind_int(st, 1, c->who.staff_id);
		if (db_step(st) == DB_ROW)
			snprintf(stored, sizeof stored, "%s", db_col_text(st, 0));
		db_done(st);
	}
	pc->ok = auth_password_verify(stored, pc->current, pc->clen);
	hrc = pc->ok ? auth_password_hash(pc->next, pc->nlen, pc->hash) : 0;
out:
	sodium_memzero(pc->current, pc->clen);
	sodium_memzero(pc->next, pc->nlen);
	free(pc->current);
	free(pc->next);
	pc->current = pc->next = NULL;
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
	struct pw_change *pc = c->warg;
	if (pc->current)
		sodium_memzero(pc->current, pc->clen);
	if (pc->next)
		sodium_memzero(pc->next, pc->nlen);
	free(pc->current);
	free(pc->next);
	pc->current = pc->next = NULL;
}

/* Only a signed-in person (a session) may change the password: a token
 * that leaked must not be able to lock its owner out. */
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

/* --- one's own API tokens ------------------------------------------------ */

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

/* POST /api/v1/me/tokens {label, days?} — a session only: a token that
 * could mint tokens would outlive its own expiry and revocation. */
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
