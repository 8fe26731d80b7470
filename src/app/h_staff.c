/*
 * h_staff.c — the organisation API: units, staff accounts (admin), and the
 * signed-in user's own password.
 *
 *   GET   /api/v1/units                    any staff
 *   GET   /api/v1/staff                    admin
 *   POST  /api/v1/staff                    admin   → 201, 409 username taken
 *   PATCH /api/v1/staff/{username}         admin   (full_name, title, email, unit, roles, active)
 *   PUT   /api/v1/me/password              any staff (current_password, new_password)
 *
 * Passwords are hashed on the slow pool, then written through the writer.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/handlers.h"
#include "app/jin.h"
#include "app/staff.h"

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
	int rc = staff_create(db, ctx_actor(c), &ns->in, &ns->id, &c->prob, c->r->rid);
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
	static const char sql_end[] = "DELETE FROM session WHERE staff_id = $1";
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
	if (rc == DB_OK && sp->has_active && !sp->active) {
		st = db_prep(db, sql_end);
		db_bind_int(st, 1, id);
		rc = db_run(st);
	}
	if (rc != DB_OK) {
		json_decref(before);
		return ERR_INTERNAL;
	}
	session_cache_invalidate();
	c->auth_changed = 1;
	json_t *after = staff_json(db, id);
	json_object_set_new(after, "active", json_boolean(sp->has_active ? sp->active : 1));
	rc = audit_write(db, ctx_actor(c), "staff.update", "staff", sp->username, before, after,
			 c->r->rid);
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
	c->warg = sp;
	return app_write(c, staff_patch_fn, sp);
}

struct pw_change {
	char *current, *next;
	size_t clen, nlen;
	char hash[AUTH_PWHASH_MAX];
	int wrong;
};

static int pw_change_fn(struct ctx *c, struct db *db)
{
	struct pw_change *pc = c->warg;
	c->auth_changed = 1;
	int rc = staff_set_password(db, ctx_actor(c), c->who.username, pc->hash, &c->prob,
				    c->r->rid);
	c->out_status = 204;
	return rc;
}

static void pw_change_slow(struct ctx *c)
{
	struct pw_change *pc = c->warg;
	static const char sql[] = "SELECT password_hash FROM staff WHERE id = $1";
	struct db *db = db_pool_get(c->app->pool);
	char stored[AUTH_PWHASH_MAX] = "";
	struct db_stmt *st = db ? db_prep(db, sql) : NULL;
	if (st) {
		db_bind_int(st, 1, c->who.staff_id);
		if (db_step(st) == DB_ROW)
			snprintf(stored, sizeof stored, "%s", db_col_text(st, 0));
		db_done(st);
	}
	int ok = auth_password_verify(stored, pc->current, pc->clen);
	int hrc = ok ? auth_password_hash(pc->next, pc->nlen, pc->hash) : 0;
	sodium_memzero(pc->current, pc->clen);
	sodium_memzero(pc->next, pc->nlen);
	free(pc->current);
	free(pc->next);
	if (!ok) {
		problem_set(&c->prob, ERR_VALIDATION, "wrong_password", "current_password",
			    "Mật khẩu hiện tại không đúng.", "The current password is wrong.");
		reply_problem(c);
		return;
	}
	if (hrc != 0) {
		reply_err(c, ERR_INTERNAL);
		return;
	}
	app_write_sync(c, pw_change_fn, pc);
}

enum http_result h_me_password(struct ctx *c)
{
	struct pw_change *pc = arena_alloc(&c->r->arena, sizeof *pc);
	memset(pc, 0, sizeof *pc);
	json_t *cur = json_object_get(c->body, "current_password");
	if (!json_is_string(cur) || json_string_length(cur) == 0 ||
	    json_string_length(cur) > AUTH_PASSWORD_MAX) {
		jin_required(c, "current_password");
		return reply_problem(c);
	}
	if (!(pc->next = take_password(c, "new_password", &pc->nlen)))
		return reply_problem(c);
	pc->clen = json_string_length(cur);
	pc->current = xstrndup(json_string_value(cur), pc->clen);
	c->warg = pc;
	return app_slow(c, pw_change_slow);
}
