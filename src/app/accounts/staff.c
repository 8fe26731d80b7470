/*
 * staff.c — staff accounts, their roles and units, passwords and personal
 * API tokens (accounts.h). Used by the command line (inside db_tx), the
 * demo loader and the admin API (on the writer thread): every writing
 * function runs inside the caller's transaction and writes its audit record
 * there.
 *
 * An administrator cannot give itself a dossier role (reception,
 * specialist, head, leader): those roles see citizens' personal data, so a
 * second administrator must grant them (self_grant). The command line, run
 * by whoever operates the machine, acts as no account and is not limited;
 * every grant is audited. Deactivating an account ends its sessions and
 * revokes its API tokens, and so does a new password.
 */
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"

/* --- accounts -------------------------------------------------------------- */

int staff_check_username(const char *u, struct problem *p)
{
	size_t n = strlen(u);
	int ok = n >= USERNAME_MIN && n <= USERNAME_MAX && u[0] >= 'a' && u[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++) {
		char ch = u[i];
		ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
		     ch == '_' || ch == '-';
	}
	if (ok)
		return 0;
	return problem_field(p, "username",
			     "Tên đăng nhập gồm 3–32 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch "
			     "ngang, bắt đầu bằng chữ cái, không dấu.",
			     "A username has 3–32 characters a-z, 0-9, dot, underscore or hyphen, "
			     "and starts with a letter.");
}

static int no_unit(struct problem *p)
{
	return problem_field(p, "unit", "Không có đơn vị với mã này.",
			     "There is no unit with this code.");
}

static int no_such_user(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
			   "Không có tài khoản với tên đăng nhập này.",
			   "There is no account with this username.");
}

int staff_create(struct db *db, const struct actor *who, int64_t now, const struct staff_input *in,
		 long long *id, struct problem *p)
{
	if (staff_check_username(in->username, p))
		return ERR_VALIDATION;
	if (!in->roles)
		return problem_field(p, "roles", "Cần ít nhất một vai trò.",
				     "At least one role is needed.");
	long long unit = 0;
	if (in->unit && in->unit[0] && !(unit = acc_db_unit_id(db, in->agency, in->unit)))
		return no_unit(p);
	if (acc_db_staff_id(db, in->username))
		return problem_set(p, ERR_CONFLICT, "username_taken", "username",
				   "Tên đăng nhập đã được sử dụng.",
				   "This username is already taken.");
	if (acc_db_staff_insert(db, in, unit, now, id) != 0 ||
	    acc_db_roles_put(db, *id, in->roles, 0) != 0)
		return problem_kind(p, ERR_INTERNAL);
	session_cache_invalidate();
	json_t *roles = json_array();
	for (unsigned r = 1; r & ROLE_ALL; r <<= 1)
		if (in->roles & r)
			json_array_append_new(roles, json_string(role_name(r)));
	json_t *after = json_pack("{s:s,s:s,s:s,s:o}", "username", in->username, "title",
				  in->title ? in->title : "", "unit", in->unit ? in->unit : "",
				  "roles", roles);
	int rc = audit_write(db, who, now, "staff.create", "staff", in->username, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}

int staff_patch(struct db *db, const struct actor *who, int64_t now, const struct staff_change *in,
		json_t **out, struct problem *p)
{
	*out = NULL;
	long long id = acc_db_staff_id(db, in->username);
	if (!id)
		return problem_kind(p, ERR_NOT_FOUND);
	if (id == who->staff_id &&
	    ((in->has_active && !in->active) || (in->has_roles && !(in->roles & ROLE_ADMIN))))
		return problem_set(
			p, ERR_CONFLICT, "self_lockout", "roles",
			"Không thể tự khóa hoặc bỏ quyền quản trị của chính tài khoản đang dùng.",
			"You cannot deactivate yourself or remove your own admin role.");
	/* dossier roles one does not hold yet: only another administrator */
	if (id == who->staff_id && in->has_roles && (in->roles & ROLE_DOSSIER & ~who->roles))
		return problem_set(p, ERR_FORBIDDEN, "self_grant", "roles",
				   "Không thể tự cấp cho chính tài khoản đang dùng vai trò xử lý "
				   "hồ sơ; một quản "
				   "trị viên khác phải cấp.",
				   "You cannot give yourself a dossier role; another administrator "
				   "must grant it.");
	long long unit = 0;
	if (in->unit && !(unit = acc_db_unit_id(db, NULL, in->unit)))
		return no_unit(p);
	json_t *before = staff_json(db, id);
	int rc = acc_db_staff_update(db, id, in, unit, now);
	if (rc == 0 && in->has_roles)
		rc = acc_db_roles_put(db, id, in->roles, 1);
	if (rc == 0 && in->has_active && !in->active && staff_end_access(db, id, now) != 0)
		rc = -1;
	if (rc != 0) {
		json_decref(before);
		return problem_kind(p, ERR_INTERNAL);
	}
	session_cache_invalidate();
	json_t *after = staff_json(db, id);
	json_object_set_new(after, "active", json_boolean(in->has_active ? in->active : 1));
	rc = audit_write(db, who, now, "staff.update", "staff", in->username, before, after);
	json_decref(before);
	if (rc) {
		json_decref(after);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = after;
	return 0;
}

int staff_end_access(struct db *db, long long staff_id, int64_t now)
{
	if (acc_db_sessions_end(db, staff_id) != 0 ||
	    acc_db_tokens_revoke(db, staff_id, 0, now) < 0)
		return ERR_INTERNAL;
	session_cache_invalidate();
	return 0;
}

int staff_set_password(struct db *db, const struct actor *who, int64_t now, const char *username,
		       const char *hash, struct problem *p)
{
	long long id = acc_db_staff_id(db, username);
	if (!id)
		return no_such_user(p);
	if (acc_db_staff_set_hash(db, id, hash, now) != 0 || staff_end_access(db, id, now) != 0)
		return problem_kind(p, ERR_INTERNAL);
	return audit_write(db, who, now, "staff.password", "staff", username, NULL, NULL)
		       ? problem_kind(p, ERR_INTERNAL)
		       : 0;
}

int staff_password_matches(struct db *db, long long staff_id, const char *password, size_t len)
{
	char stored[AUTH_PWHASH_MAX];
	acc_db_staff_hash(db, staff_id, stored);
	return auth_password_verify(stored, password, len);
}

int staff_change_password(struct db *db, const struct actor *who, int64_t now,
			  const struct throttle *th, int current_ok, const char *new_hash,
			  struct problem *p)
{
	memset(p, 0, sizeof *p);
	int64_t wait = throttle_wait(db, th, now);
	if (wait > 0) {
		throttle_problem(p, wait);
		return 0;
	}
	if (!current_ok) {
		if (throttle_fail(db, th, now) != 0)
			return problem_kind(p, ERR_INTERNAL);
		problem_set(p, ERR_VALIDATION, "wrong_password", "current_password",
			    "Mật khẩu hiện tại không đúng.", "The current password is wrong.");
		return 0;
	}
	int rc = staff_set_password(db, who, now, who->name, new_hash, p);
	if (rc == 0 && throttle_clear(db, th) != 0)
		rc = problem_kind(p, ERR_INTERNAL);
	return rc;
}

/* --- views ------------------------------------------------------------------ */

json_t *staff_json(struct db *db, long long staff_id)
{
	json_t *o = acc_db_staff_row(db, staff_id);
	if (o)
		json_object_set_new(o, "roles", acc_db_roles_json(db, staff_id, 0));
	return o;
}

json_t *staff_list_json(struct db *db)
{
	long long ids[STAFF_LIST_MAX];
	int active[STAFF_LIST_MAX];
	size_t n = acc_db_staff_ids(db, ids, active, STAFF_LIST_MAX);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = staff_json(db, ids[i]);
		if (!o)
			continue;
		json_object_set_new(o, "active", json_boolean(active[i]));
		json_array_append_new(items, o);
	}
	return items;
}

json_t *units_json(struct db *db)
{
	return acc_db_units(db);
}

int unit_staff_json(struct db *db, const struct actor *viewer, const char *code, const char *agency,
		    json_t **out, struct problem *p)
{
	long long unit = 0, ids[UNIT_STAFF_MAX];
	*out = NULL;
	/* the viewer's own agency; another named only by the province role
	 * (else 404, as for an unknown unit: the scope of D27) */
	long long ag = acc_db_unit_agency(db, viewer->unit_id);
	if (agency) {
		long long named = acc_db_agency_id(db, agency);
		if (!named || (named != ag && !(viewer->roles & ROLE_PROVINCE)))
			return problem_kind(p, ERR_NOT_FOUND);
		ag = named;
	}
	json_t *u = ag ? acc_db_agency_unit(db, ag, code, &unit) : NULL;
	if (!u)
		return problem_kind(p, ERR_NOT_FOUND);
	json_t *items = json_array();
	size_t n = acc_db_unit_officers(db, unit, items, ids, UNIT_STAFF_MAX);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(items, i), "roles",
				    acc_db_roles_json(db, ids[i], 1));
	*out = json_pack("{s:o,s:o}", "unit", u, "items", items);
	return 0;
}

/* --- personal API tokens ------------------------------------------------------ */

int staff_add_token(struct db *db, const struct actor *who, int64_t now, const char *username,
		    const char *token, const char *label, int days, long long *id, int64_t *expires,
		    struct problem *p)
{
	if (days < 1 || days > TOKEN_DAYS_MAX)
		return problem_field(p, "days", "Thời hạn của mã là từ 1 đến 365 ngày.",
				     "A token lasts from 1 to 365 days.");
	int64_t until = now + (int64_t)days * 86400;
	char h[AUTH_HASH_HEX];
	long long new_id = 0;
	auth_token_hash(token, strlen(token), h);
	int rc = acc_db_token_insert(db, h, username, label ? label : "", now, until, &new_id);
	if (rc < 0)
		return problem_kind(p, ERR_INTERNAL);
	if (rc == 0)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
				   "Không có tài khoản đang hoạt động với tên đăng nhập này.",
				   "There is no active account with this username.");
	if (id)
		*id = new_id;
	if (expires)
		*expires = until;
	session_cache_invalidate();
	json_t *after = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)new_id, "label",
				  label ? label : "", "expires_at", (json_int_t)until);
	rc = audit_write(db, who, now, "staff.token", "staff", username, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}

json_t *staff_tokens_json(struct db *db, const char *username, int64_t now)
{
	long long staff = acc_db_staff_id(db, username);
	return staff ? acc_db_tokens(db, staff, now) : NULL;
}

int staff_revoke_tokens(struct db *db, const struct actor *who, int64_t now, const char *username,
			long long id, int *count, struct problem *p)
{
	*count = 0;
	long long staff = acc_db_staff_id(db, username);
	if (!staff)
		return no_such_user(p);
	long long n = acc_db_tokens_revoke(db, staff, id, now);
	if (n < 0)
		return problem_kind(p, ERR_INTERNAL);
	*count = (int)n;
	if (id && *count == 0)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "id",
				   "Không có mã truy cập đang dùng với số này trong tài khoản.",
				   "This account has no live access token with this id.");
	if (*count == 0)
		return 0;
	session_cache_invalidate();
	json_t *after = json_pack("{s:I,s:i}", "id", (json_int_t)id, "revoked", *count);
	int rc = audit_write(db, who, now, "staff.token_revoke", "staff", username, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}
