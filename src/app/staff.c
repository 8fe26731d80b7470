/*
 * staff.c — staff accounts. See staff.h.
 */
#include "app/staff.h"

#include "app/session.h"

#include <string.h>
#include <time.h>

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

int staff_create(struct db *db, const char *actor, const struct staff_input *in, long long *id,
		 struct problem *p, const char *rid)
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
	int64_t now = (int64_t)time(NULL);
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
	int rc = audit_write(db, actor, "staff.create", "staff", in->username, NULL, after, rid);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}

int staff_set_password(struct db *db, const char *actor, const char *username, const char *hash,
		       struct problem *p, const char *rid)
{
	static const char sql[] =
		"UPDATE staff SET password_hash = $1, updated_at = $2 WHERE username = $3";
	static const char sql_end[] =
		"DELETE FROM session WHERE staff_id = (SELECT id FROM staff WHERE username = $1)";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, (int64_t)time(NULL));
	db_bind_text(st, 3, username);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	if (db_changes(db) == 0)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
				   "Không có tài khoản với tên đăng nhập này.",
				   "There is no account with this username.");
	st = db_prep(db, sql_end);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, username);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	session_cache_invalidate();
	return audit_write(db, actor, "staff.password", "staff", username, NULL, NULL, rid)
		       ? problem_kind(p, ERR_INTERNAL)
		       : 0;
}

int staff_add_token(struct db *db, const char *actor, const char *username, const char *token,
		    const char *label, struct problem *p, const char *rid)
{
	static const char sql[] =
		"INSERT INTO api_token (token_hash, staff_id, label, created_at)"
		" SELECT $1, id, $2, $3 FROM staff WHERE username = $4 AND active = 1";
	char h[AUTH_HASH_HEX];
	auth_token_hash(token, strlen(token), h);
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, h);
	db_bind_text(st, 2, label ? label : "");
	db_bind_int(st, 3, (int64_t)time(NULL));
	db_bind_text(st, 4, username);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	if (db_changes(db) == 0)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "username",
				   "Không có tài khoản đang hoạt động với tên đăng nhập này.",
				   "There is no active account with this username.");
	session_cache_invalidate();
	json_t *after = json_pack("{s:s}", "label", label ? label : "");
	int rc = audit_write(db, actor, "staff.token", "staff", username, NULL, after, rid);
	json_decref(after);
	return rc ? problem_kind(p, ERR_INTERNAL) : 0;
}
