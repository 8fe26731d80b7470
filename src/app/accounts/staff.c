/*
 * staff.c — staff accounts. See staff.h.
 */
#include "app/accounts/staff.h"

#include "app/accounts/session.h"

#include <string.h>
#include <time.h>

#include "core/vntime.h"

static const char sql_unit_home[] = "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
				    " WHERE u.code = $1 AND a.is_home = 1";
static const char sql_unit_in[] = "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
				  " WHERE u.code = $1 AND a.code = $2";

long long unit_id_of(struct db *db, const char *agency, const char *unit)
{
	struct db_stmt *st = db_prep(db, agency ? sql_unit_in : sql_unit_home);
	if (!st)
		return 0;
	db_bind_text(st, 1, unit);
	if (agency)
		db_bind_text(st, 2, agency);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int staff_check_username(const char *u, struct problem *p)
{
	size_t n = strlen(u);
	int ok = n >= 3 && n <= 32 && u[0] >= 'a' && u[0] <= 'z';
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

int staff_create(struct db *db, const struct actor *who, int64_t now, const struct staff_input *in,
		 long long *id, struct problem *p)
{
	static const char sql_ins[] =
		"INSERT INTO staff (username, full_name, title, email, unit_id, password_hash, "
		"active,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id";
	static const char sql_role[] = "INSERT INTO staff_role (staff_id, role) VALUES ($1, $2)";
	static const char sql_exists[] = "SELECT 1 FROM staff WHERE username = $1";
	if (staff_check_username(in->username, p))
		return ERR_VALIDATION;
	if (!in->roles)
		return problem_field(p, "roles", "Cần ít nhất một vai trò.",
				     "At least one role is needed.");
	long long unit = 0;
	if (in->unit && in->unit[0]) {
		unit = unit_id_of(db, in->agency, in->unit);
		if (!unit)
			return problem_field(p, "unit", "Không có đơn vị với mã này.",
					     "There is no unit with this code.");
	}
	struct db_stmt *st = db_prep(db, sql_exists);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, in->username);
	int taken = db_step(st) == DB_ROW;
	db_done(st);
	if (taken)
		return problem_set(p, ERR_CONFLICT, "username_taken", "username",
				   "Tên đăng nhập đã được sử dụng.",
				   "This username is already taken.");
	st = db_prep(db, sql_ins);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, in->username);
	db_bind_text(st, 2, in->full_name ? in->full_name : "");
	db_bind_text(st, 3, in->title ? in->title : "");
	db_bind_text(st, 4, in->email ? in->email : "");
	if (unit)
		db_bind_int(st, 5, unit);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, in->password_hash);
	db_bind_int(st, 7, now);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return problem_kind(p, ERR_INTERNAL);
	}
	*id = db_col_int(st, 0);
	db_done(st);
	json_t *roles = json_array();
	for (unsigned r = 1; r & ROLE_ALL; r <<= 1) {
		if (!(in->roles & r))
			continue;
		st = db_prep(db, sql_role);
		if (!st)
			return problem_kind(p, ERR_INTERNAL);
		db_bind_int(st, 1, *id);
		db_bind_text(st, 2, role_name(r));
		if (db_run(st) != DB_OK) {
			json_decref(roles);
			return problem_kind(p, ERR_INTERNAL);
		}
		json_array_append_new(roles, json_string(role_name(r)));
	}
	session_cache_invalidate();
	json_t *after = json_pack("{s:s,s:s,s:s,s:o}", "username", in->username, "title",
				  in->title ? in->title : "", "unit", in->unit ? in->unit : "",
				  "roles", roles);
	int rc = audit_write(db, who, now, "staff.create", "staff", in->username, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}

int staff_end_access(struct db *db, long long staff_id, int64_t now)
{
	static const char sql_sessions[] = "DELETE FROM session WHERE staff_id = $1";
	static const char sql_tokens[] = "UPDATE api_token SET revoked_at = $2"
					 " WHERE staff_id = $1 AND revoked_at IS NULL";
	struct db_stmt *st = db_prep(db, sql_sessions);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, staff_id);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	st = db_prep(db, sql_tokens);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, staff_id);
	db_bind_int(st, 2, now);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	session_cache_invalidate();
	return 0;
}

/* The id of username, 0 if none. */
static long long staff_id_of(struct db *db, const char *username)
{
	static const char sql[] = "SELECT id FROM staff WHERE username = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return 0;
	db_bind_text(st, 1, username);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

static int no_such_user(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
			   "Không có tài khoản với tên đăng nhập này.",
			   "There is no account with this username.");
}

int staff_set_password(struct db *db, const struct actor *who, int64_t now, const char *username,
		       const char *hash, struct problem *p)
{
	static const char sql[] =
		"UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3";
	long long id = staff_id_of(db, username);
	if (!id)
		return no_such_user(p);
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	if (db_run(st) != DB_OK || staff_end_access(db, id, now) != 0)
		return problem_kind(p, ERR_INTERNAL);
	return audit_write(db, who, now, "staff.password", "staff", username, NULL, NULL)
		       ? problem_kind(p, ERR_INTERNAL)
		       : 0;
}

int staff_add_token(struct db *db, const struct actor *who, int64_t now, const char *username,
		    const char *token, const char *label, int days, long long *id, int64_t *expires,
		    struct problem *p)
{
	static const char sql[] =
		"INSERT INTO api_token (token_hash, staff_id, label, created_at, expires_at)"
		" SELECT $1, id, $2, $3, $5 FROM staff WHERE username = $4 AND active = 1";
	if (days < 1 || days > TOKEN_DAYS_MAX)
		return problem_field(p, "days", "Thời hạn của mã là từ 1 đến 365 ngày.",
				     "A token lasts from 1 to 365 days.");
	int64_t until = now + (int64_t)days * 86400;
	char h[AUTH_HASH_HEX];
	auth_token_hash(token, strlen(token), h);
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, label ? label : "");
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, username);
	db_bind_int(st, 5, until);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	if (db_changes(db) == 0)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
				   "Không có tài khoản đang hoạt động với tên đăng nhập này.",
				   "There is no active account with this username.");
	long long new_id = db_last_insert_id(db);
	if (id)
		*id = new_id;
	if (expires)
		*expires = until;
	session_cache_invalidate();
	json_t *after = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)new_id, "label",
				  label ? label : "", "expires_at", (json_int_t)until);
	int rc = audit_write(db, who, now, "staff.token", "staff", username, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}

static json_t *instant_or_null(int64_t t, int is_null)
{
	char b[40];
	if (is_null || vn_format_iso(t, b, sizeof b) < 0)
		return json_null();
	return json_string(b);
}

json_t *staff_tokens_json(struct db *db, const char *username, int64_t now)
{
	static const char sql[] =
		"SELECT id, label, created_at, expires_at, last_used_at, last_used_at IS NULL,"
		" revoked_at IS NOT NULL FROM api_token WHERE staff_id = $1 ORDER BY id DESC";
	long long staff = staff_id_of(db, username);
	if (!staff)
		return NULL;
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, staff);
	json_t *items = json_array();
	while (db_step(st) == DB_ROW) {
		int64_t exp = db_col_int(st, 3);
		const char *state = db_col_int(st, 6) ? "revoked"
				    : now >= exp      ? "expired"
						      : "active";
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
		json_object_set_new(o, "label", json_string(db_col_text(st, 1)));
		json_object_set_new(o, "created_at", instant_or_null(db_col_int(st, 2), 0));
		json_object_set_new(o, "expires_at", instant_or_null(exp, 0));
		json_object_set_new(o, "last_used_at",
				    instant_or_null(db_col_int(st, 4), (int)db_col_int(st, 5)));
		json_object_set_new(o, "state", json_string(state));
		json_array_append_new(items, o);
	}
	db_done(st);
	return items;
}

int staff_revoke_tokens(struct db *db, const struct actor *who, int64_t now, const char *username,
			long long id, int *count, struct problem *p)
{
	static const char sql_one[] = "UPDATE api_token SET revoked_at = $3"
				      " WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL";
	static const char sql_all[] = "UPDATE api_token SET revoked_at = $3"
				      " WHERE staff_id = $2 AND revoked_at IS NULL AND $1 = 0";
	*count = 0;
	long long staff = staff_id_of(db, username);
	if (!staff)
		return no_such_user(p);
	struct db_stmt *st = db_prep(db, id ? sql_one : sql_all);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, staff);
	db_bind_int(st, 3, now);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	*count = (int)db_changes(db);
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
