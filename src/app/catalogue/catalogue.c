/*
 * catalogue.c — procedures: reading them as JSON, validating a document,
 * saving it (with its fees, required documents and steps) and the search
 * index, and loading a whole catalogue.
 *
 * Invariants kept here:
 *  - a procedure's step shares add up to its time limit (same_day: to 1);
 *  - a required document's id never changes and is never deleted (dossiers
 *    point at it): one dropped from a procedure is deactivated;
 *  - procedure_fts holds one row per active procedure (rowid = id);
 *  - every save writes an audit record with the before and after JSON.
 * All functions run inside the caller's transaction.
 */
#include "app/catalogue/catalogue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"
#include "core/vntime.h"

const char *const catalogue_units[] = {"working_days", "working_hours", "same_day", "days", NULL};
const char *const catalogue_online[] = {"none", "partial", "full", NULL};
const char *const catalogue_forms[] = {"original", "certified_copy", "copy", "presented", NULL};
static const char *const levels[] = {"commune", "province", NULL};

static int in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (strcmp(*set, s) == 0)
			return 1;
	return 0;
}

/* --- reading ----------------------------------------------------------- */

json_t *procedure_json(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT p.id, p.code, p.name, f.code, f.name, p.level, coalesce(a.code, ''),"
		" coalesce(a.name, ''), p.limit_value, p.limit_unit, p.limit_text, p.result,"
		" p.legal_basis, p.online, p.sequence, p.method, p.subjects, p.conditions, p.note,"
		" p.version, p.updated_at FROM procedure p JOIN field f ON f.id = p.field_id"
		" LEFT JOIN agency a ON a.id = p.agency_id WHERE p.code = $1 AND p.active = 1";
	static const char sql_fees[] = "SELECT name, amount, note FROM procedure_fee"
				       " WHERE procedure_id = $1 ORDER BY position";
	static const char sql_docs[] =
		"SELECT id, name, form, count, mandatory FROM procedure_document"
		" WHERE procedure_id = $1 AND active = 1 ORDER BY position";
	static const char sql_steps[] =
		"SELECT s.position, s.name, u.code, u.name, s.share, s.may_complete FROM "
		"procedure_step s"
		" JOIN unit u ON u.id = s.unit_id WHERE s.procedure_id = $1 ORDER BY s.position";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return NULL;
	}
	long long id = db_col_int(st, 0);
	json_t *legal = json_loads(db_col_text(st, 12), 0, NULL);
	if (!json_is_array(legal)) {
		json_decref(legal);
		legal = json_array();
	}
	json_t *o = json_pack(
		"{s:s,s:s,s:{s:s,s:s},s:s,s:o,s:{s:f,s:s,s:s},s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:I,"
		"s:I}",
		"code", db_col_text(st, 1), "name", db_col_text(st, 2), "field", "code",
		db_col_text(st, 3), "name", db_col_text(st, 4), "level", db_col_text(st, 5),
		"agency",
		db_col_text(st, 6)[0] ? json_pack("{s:s,s:s}", "code", db_col_text(st, 6), "name",
						  db_col_text(st, 7))
				      : json_null(),
		"time_limit", "value", db_col_double(st, 8), "unit", db_col_text(st, 9), "text",
		db_col_text(st, 10), "result", db_col_text(st, 11), "legal_basis", legal, "online",
		db_col_text(st, 13), "sequence", db_col_text(st, 14), "method", db_col_text(st, 15),
		"subjects", db_col_text(st, 16), "conditions", db_col_text(st, 17), "note",
		db_col_text(st, 18), "version", (json_int_t)db_col_int(st, 19), "updated_at",
		(json_int_t)db_col_int(st, 20));
	if (o) {
		char ts[40];
		vn_format_iso(json_integer_value(json_object_get(o, "updated_at")), ts, sizeof ts);
		json_object_set_new(o, "updated_at", json_string(ts));
	}
	db_done(st);
	if (!o)
		return NULL;
	/* whole numbers as integers: 3 working days, not 3.0 */
	json_t *tl = json_object_get(o, "time_limit");
	double v = json_real_value(json_object_get(tl, "value"));
	if (v == floor(v))
		json_object_set_new(tl, "value", json_integer((json_int_t)v));

	json_t *fees = json_array(), *docs = json_array(), *steps = json_array();
	st = db_prep(db, sql_fees);
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(fees, json_pack("{s:s,s:I,s:s}", "name", db_col_text(st, 0),
						      "amount", (json_int_t)db_col_int(st, 1),
						      "note", db_col_text(st, 2)));
	db_done(st);
	st = db_prep(db, sql_docs);
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(docs,
				      json_pack("{s:I,s:s,s:s,s:I,s:b}", "id",
						(json_int_t)db_col_int(st, 0), "name",
						db_col_text(st, 1), "form", db_col_text(st, 2),
						"count", (json_int_t)db_col_int(st, 3), "mandatory",
						(int)db_col_int(st, 4)));
	db_done(st);
	st = db_prep(db, sql_steps);
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW) {
		double sh = db_col_double(st, 4);
		json_array_append_new(
			steps,
			json_pack("{s:I,s:s,s:{s:s,s:s},s:o,s:b}", "position",
				  (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1), "unit",
				  "code", db_col_text(st, 2), "name", db_col_text(st, 3), "share",
				  sh == floor(sh) ? json_integer((json_int_t)sh) : json_real(sh),
				  "may_complete", (int)db_col_int(st, 5)));
	}
	db_done(st);
	json_object_set_new(o, "fees", fees);
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "steps", steps);
	return o;
}

/* --- validation -------------------------------------------------------- */

static int bad(struct problem *p, const char *field, const char *vi, const char *en)
{
	problem_field(p, field, vi, en);
	return -1;
}

static int bad_value(struct problem *p, const char *field)
{
	return bad(p, field, "Giá trị không hợp lệ.", "The value is not valid.");
}

/* A text member: required → non-empty; at most max characters. */
static int check_text(json_t *o, const char *key, const char *field, size_t max, int required,
		      struct problem *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
		if (required)
			return bad(p, field, "Vui lòng nhập thông tin bắt buộc này.",
				   "This field is required.");
		return 0;
	}
	if (!json_is_string(v))
		return bad_value(p, field);
	size_t n = 0;
	if (utf8_count(json_string_value(v), json_string_length(v), &n) != 0)
		return bad_value(p, field);
	if (n > max)
		return bad(p, field, "Nội dung quá dài.", "The text is too long.");
	return 0;
}

/* "HT" or {"code":"HT"} → "HT"; NULL if neither. */
static const char *code_of(json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "code");
	return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

static int check_code(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

int procedure_validate(json_t *doc, struct problem *p)
{
	char f[64];
	if (!json_is_object(doc))
		return bad_value(p, "procedure");
	if (!check_code(code_of(json_object_get(doc, "code")), 40))
		return bad(p, "code", "Mã thủ tục gồm chữ, số và dấu chấm (tối đa 40 ký tự).",
			   "A procedure code has letters, digits and dots (40 at most).");
	if (check_text(doc, "name", "name", 500, 1, p))
		return -1;
	if (!check_code(code_of(json_object_get(doc, "field")), 20))
		return bad(p, "field", "Vui lòng chọn lĩnh vực.", "Please choose a field.");
	json_t *lv = json_object_get(doc, "level");
	if (lv && !json_is_null(lv) &&
	    !(json_is_string(lv) && in_set(levels, json_string_value(lv))))
		return bad_value(p, "level");
	json_t *ag = json_object_get(doc, "agency");
	if (ag && !json_is_null(ag) && !check_code(code_of(ag), 20))
		return bad_value(p, "agency");
	json_t *tl = json_object_get(doc, "time_limit");
	if (!json_is_object(tl))
		return bad(p, "time_limit", "Vui lòng nhập thời hạn giải quyết.",
			   "Please give the time limit.");
	json_t *tv = json_object_get(tl, "value"), *tu = json_object_get(tl, "unit");
	if (!json_is_string(tu) || !in_set(catalogue_units, json_string_value(tu)))
		return bad_value(p, "time_limit.unit");
	int same_day = strcmp(json_string_value(tu), "same_day") == 0;
	double limit = json_is_number(tv) ? json_number_value(tv) : (same_day && !tv ? 1 : -1);
	if (!(limit > 0 && limit <= 366) || (same_day && limit != 1))
		return bad(p, "time_limit.value",
			   "Thời hạn phải lớn hơn 0 (với thủ tục giải quyết trong ngày: 1).",
			   "The time limit must be above 0 (1 for same-day procedures).");
	if (check_text(tl, "text", "time_limit.text", 2000, 0, p))
		return -1;
	json_t *on = json_object_get(doc, "online");
	if (!json_is_string(on) || !in_set(catalogue_online, json_string_value(on)))
		return bad_value(p, "online");
	static const char *texts[] = {"result",   "sequence",   "method",
				      "subjects", "conditions", "note"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (check_text(doc, texts[i], texts[i], 20000, 0, p))
			return -1;
	json_t *lb = json_object_get(doc, "legal_basis"), *v;
	size_t i;
	if (lb && !json_is_null(lb)) {
		if (!json_is_array(lb) || json_array_size(lb) > 50)
			return bad_value(p, "legal_basis");
		json_array_foreach (lb, i, v)
			if (!json_is_string(v) || json_string_length(v) > 2000)
				return bad_value(p, "legal_basis");
	}
	json_t *fees = json_object_get(doc, "fees");
	if (fees && !json_is_null(fees)) {
		if (!json_is_array(fees) || json_array_size(fees) > 30)
			return bad_value(p, "fees");
		json_array_foreach (fees, i, v) {
			snprintf(f, sizeof f, "fees[%zu].name", i);
			if (!json_is_object(v) || check_text(v, "name", f, 500, 1, p))
				return json_is_object(v) ? -1 : bad_value(p, f);
			json_t *amt = json_object_get(v, "amount");
			snprintf(f, sizeof f, "fees[%zu].amount", i);
			if (!json_is_integer(amt) || json_integer_value(amt) < 0 ||
			    json_integer_value(amt) > 1000000000000LL)
				return bad(
					p, f, "Số tiền phải là số nguyên không âm (đồng).",
					"The amount must be a whole number of đồng, not negative.");
			snprintf(f, sizeof f, "fees[%zu].note", i);
			if (check_text(v, "note", f, 2000, 0, p))
				return -1;
		}
	}
	json_t *docs = json_object_get(doc, "documents");
	if (!json_is_array(docs) || json_array_size(docs) == 0 || json_array_size(docs) > 60)
		return bad(p, "documents", "Cần ít nhất một thành phần hồ sơ.",
			   "At least one required document is needed.");
	int mandatory = 0;
	json_array_foreach (docs, i, v) {
		snprintf(f, sizeof f, "documents[%zu].name", i);
		if (!json_is_object(v))
			return bad_value(p, f);
		if (check_text(v, "name", f, 1000, 1, p))
			return -1;
		json_t *fm = json_object_get(v, "form"), *cn = json_object_get(v, "count"),
		       *md = json_object_get(v, "mandatory"), *id = json_object_get(v, "id");
		snprintf(f, sizeof f, "documents[%zu].form", i);
		if (!json_is_string(fm) || !in_set(catalogue_forms, json_string_value(fm)))
			return bad_value(p, f);
		snprintf(f, sizeof f, "documents[%zu].count", i);
		if (!json_is_integer(cn) || json_integer_value(cn) < 1 ||
		    json_integer_value(cn) > 100)
			return bad_value(p, f);
		snprintf(f, sizeof f, "documents[%zu].mandatory", i);
		if (!json_is_boolean(md))
			return bad_value(p, f);
		snprintf(f, sizeof f, "documents[%zu].id", i);
		if (id && !json_is_null(id) && (!json_is_integer(id) || json_integer_value(id) < 1))
			return bad_value(p, f);
		mandatory += json_is_true(md);
	}
	if (!mandatory)
		return bad(p, "documents", "Cần ít nhất một thành phần hồ sơ bắt buộc.",
			   "At least one document must be mandatory.");
	json_t *steps = json_object_get(doc, "steps");
	if (!json_is_array(steps) || json_array_size(steps) == 0 || json_array_size(steps) > 20)
		return bad(p, "steps", "Cần ít nhất một bước xử lý.",
			   "At least one step is needed.");
	double sum = 0;
	json_array_foreach (steps, i, v) {
		snprintf(f, sizeof f, "steps[%zu].name", i);
		if (!json_is_object(v))
			return bad_value(p, f);
		if (check_text(v, "name", f, 500, 1, p))
			return -1;
		snprintf(f, sizeof f, "steps[%zu].unit", i);
		if (!check_code(code_of(json_object_get(v, "unit")), 20))
			return bad(p, f, "Vui lòng chọn đơn vị thực hiện bước này.",
				   "Please choose the unit of this step.");
		json_t *sh = json_object_get(v, "share");
		snprintf(f, sizeof f, "steps[%zu].share", i);
		if (!json_is_number(sh) || !(json_number_value(sh) > 0))
			return bad(p, f, "Thời gian của bước phải lớn hơn 0.",
				   "A step's share must be above 0.");
		sum += json_number_value(sh);
		json_t *mc = json_object_get(v, "may_complete");
		snprintf(f, sizeof f, "steps[%zu].may_complete", i);
		if (mc && !json_is_null(mc) && !json_is_boolean(mc))
			return bad_value(p, f);
		/* the return at the counter (the last step) issues nothing */
		if (json_is_true(mc) && i + 1 == json_array_size(steps) && i > 0)
			return bad(p, f,
				   "Bước cuối cùng là bước trả kết quả; không đánh dấu bước này.",
				   "The last step returns the result; it cannot be marked.");
	}
	if (fabs(sum - limit) > 1e-6)
		return bad(p, "steps",
			   "Tổng thời gian các bước phải bằng thời hạn giải quyết của thủ tục.",
			   "The steps' shares must add up to the procedure's time limit.");
	return 0;
}

/* --- saving ------------------------------------------------------------ */

/* NFC copy of a string member ("" if absent), malloc'd. */
static char *nfc_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	char *out = NULL;
	size_t n;
	if (!json_is_string(v) ||
	    utf8_nfc_dup(json_string_value(v), json_string_length(v), 1 << 20, &out, &n) != 0)
		return xstrdup("");
	return out;
}

static long long id_by_code(struct db *db, const char *sql, const char *code)
{
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return 0;
	db_bind_text(st, 1, code);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int field_save(struct db *db, const struct actor *who, int64_t now, const char *code,
	       const char *name)
{
	static const char sql[] = "INSERT INTO field (code, name) VALUES ($1, $2)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	json_t *after = json_pack("{s:s,s:s}", "code", code, "name", name);
	int rc = audit_write(db, who, now, "field.save", "field", code, NULL, after);
	json_decref(after);
	return rc;
}

static int save_children(struct db *db, long long pid, long long agency_id, json_t *doc,
			 struct problem *p)
{
	static const char sql_del_fees[] = "DELETE FROM procedure_fee WHERE procedure_id = $1";
	static const char sql_fee[] =
		"INSERT INTO procedure_fee (procedure_id, position, name, amount,"
		" note) VALUES ($1, $2, $3, $4, $5)";
	static const char sql_del_steps[] = "DELETE FROM procedure_step WHERE procedure_id = $1";
	static const char sql_step[] =
		"INSERT INTO procedure_step (procedure_id, position, name,"
		" unit_id, share, may_complete) VALUES ($1, $2, $3, $4, $5, $6)";
	static const char sql_unit[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	static const char sql_doc_own[] =
		"SELECT 1 FROM procedure_document WHERE id = $1 AND procedure_id = $2";
	static const char sql_doc_upd[] =
		"UPDATE procedure_document SET position = $2, name = $3, form = $4, count = $5,"
		" mandatory = $6, active = 1 WHERE id = $1";
	static const char sql_doc_ins[] = "INSERT INTO procedure_document (procedure_id, position, "
					  "name, form, count, mandatory)"
					  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
	static const char sql_doc_off[] =
		"UPDATE procedure_document SET active = 0 WHERE procedure_id = $1 AND active = 1";
	static const char sql_doc_on[] = "UPDATE procedure_document SET active = 1 WHERE id = $1";
	struct db_stmt *st;
	size_t i;
	json_t *v;
	char f[64];

	st = db_prep(db, sql_del_fees);
	db_bind_int(st, 1, pid);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(doc, "fees"), i, v) {
		char *name = nfc_member(v, "name"), *note = nfc_member(v, "note");
		st = db_prep(db, sql_fee);
		db_bind_int(st, 1, pid);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, name);
		db_bind_int(st, 4, json_integer_value(json_object_get(v, "amount")));
		db_bind_text(st, 5, note);
		int rc = db_run(st);
		free(name);
		free(note);
		if (rc != DB_OK)
			return ERR_INTERNAL;
	}

	st = db_prep(db, sql_del_steps);
	db_bind_int(st, 1, pid);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(doc, "steps"), i, v) {
		const char *ucode = code_of(json_object_get(v, "unit"));
		st = db_prep(db, sql_unit);
		db_bind_int(st, 1, agency_id);
		db_bind_text(st, 2, ucode);
		long long uid = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (!uid) {
			snprintf(f, sizeof f, "steps[%zu].unit", i);
			return problem_field(p, f,
					     "Không có đơn vị với mã này trong cơ quan thực hiện.",
					     "There is no unit with this code in the agency.");
		}
		char *name = nfc_member(v, "name");
		st = db_prep(db, sql_step);
		db_bind_int(st, 1, pid);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, name);
		db_bind_int(st, 4, uid);
		db_bind_double(st, 5, json_number_value(json_object_get(v, "share")));
		db_bind_int(st, 6, json_is_true(json_object_get(v, "may_complete")));
		int rc = db_run(st);
		free(name);
		if (rc != DB_OK)
			return ERR_INTERNAL;
	}

	/* documents: remember which ids survive, deactivate all, re-activate kept */
	json_t *docs = json_object_get(doc, "documents");
	size_t nd = json_array_size(docs);
	long long *ids = xcalloc(nd ? nd : 1, sizeof *ids);
	int rc = 0;
	json_array_foreach (docs, i, v) {
		json_t *jid = json_object_get(v, "id");
		if (!json_is_integer(jid))
			continue;
		st = db_prep(db, sql_doc_own);
		db_bind_int(st, 1, json_integer_value(jid));
		db_bind_int(st, 2, pid);
		if (db_step(st) == DB_ROW)
			ids[i] = json_integer_value(jid);
		db_done(st);
		if (!ids[i]) {
			snprintf(f, sizeof f, "documents[%zu].id", i);
			rc = problem_field(p, f, "Thành phần hồ sơ này không thuộc thủ tục.",
					   "This document does not belong to the procedure.");
			goto out;
		}
	}
	st = db_prep(db, sql_doc_off);
	db_bind_int(st, 1, pid);
	if (db_run(st) != DB_OK) {
		rc = ERR_INTERNAL;
		goto out;
	}
	json_array_foreach (docs, i, v) {
		char *name = nfc_member(v, "name");
		const char *form = json_string_value(json_object_get(v, "form"));
		int64_t count = json_integer_value(json_object_get(v, "count"));
		int mand = json_is_true(json_object_get(v, "mandatory"));
		if (ids[i]) {
			st = db_prep(db, sql_doc_upd);
			db_bind_int(st, 1, ids[i]);
		} else {
			st = db_prep(db, sql_doc_ins);
			db_bind_int(st, 1, pid);
		}
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, name);
		db_bind_text(st, 4, form);
		db_bind_int(st, 5, count);
		db_bind_int(st, 6, mand);
		int r = db_step(st);
		db_done(st);
		free(name);
		if (r != DB_ROW && r != DB_DONE) {
			rc = ERR_INTERNAL;
			goto out;
		}
		if (ids[i]) {
			st = db_prep(db, sql_doc_on);
			db_bind_int(st, 1, ids[i]);
			if (db_run(st) != DB_OK) {
				rc = ERR_INTERNAL;
				goto out;
			}
		}
	}
out:
	free(ids);
	return rc;
}

static int index_procedure(struct db *db, long long pid, const char *name, const char *field,
			   const char *code)
{
	static const char sql_del[] = "DELETE FROM procedure_fts WHERE rowid = $1";
	static const char sql_ins[] =
		"INSERT INTO procedure_fts (rowid, name, field, code) VALUES ($1, $2, $3, $4)";
	struct db_stmt *st = db_prep(db, sql_del);
	db_bind_int(st, 1, pid);
	if (db_run(st) != DB_OK)
		return ERR_INTERNAL;
	if (!name)
		return 0;
	st = db_prep(db, sql_ins);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, field);
	db_bind_text(st, 4, code);
	return db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
}

int procedure_save(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   long long expected_version, int *created, struct problem *p)
{
	static const char sql_get[] = "SELECT id, version, active FROM procedure WHERE code = $1";
	static const char sql_field[] = "SELECT id FROM field WHERE code = $1";
	static const char sql_field_name[] = "SELECT name FROM field WHERE id = $1";
	static const char sql_agency[] = "SELECT id FROM agency WHERE code = $1";
	static const char sql_home[] =
		"SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	static const char sql_ins[] = "INSERT INTO procedure (code, name, field_id, level, "
				      "agency_id, limit_value, limit_unit,"
				      " limit_text, result, legal_basis, online, sequence, method, "
				      "subjects, conditions, note,"
				      " active, version, updated_at) VALUES ($1, $2, $3, $4, $5, "
				      "$6, $7, $8, $9, $10, $11,"
				      " $12, $13, $14, $15, $16, 1, 1, $17) RETURNING id";
	static const char sql_upd[] =
		"UPDATE procedure SET name = $2, field_id = $3, level = $4, agency_id = $5,"
		" limit_value = $6, limit_unit = $7, limit_text = $8, result = $9, legal_basis = "
		"$10,"
		" online = $11, sequence = $12, method = $13, subjects = $14, conditions = $15,"
		" note = $16, active = 1, version = version + 1, updated_at = $17 WHERE id = $1";
	if (procedure_validate(doc, p))
		return ERR_VALIDATION;
	const char *code = code_of(json_object_get(doc, "code"));
	struct db_stmt *st = db_prep(db, sql_get);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_text(st, 1, code);
	long long pid = 0, version = 0;
	int was_active = 0;
	if (db_step(st) == DB_ROW) {
		pid = db_col_int(st, 0);
		version = db_col_int(st, 1);
		was_active = (int)db_col_int(st, 2);
	}
	db_done(st);
	if (expected_version == 0 && pid && was_active)
		return problem_set(p, ERR_CONFLICT, "already_exists", "code",
				   "Đã có thủ tục với mã này.",
				   "A procedure with this code already exists.");
	if (expected_version > 0 && (!pid || version != expected_version))
		return problem_set(
			p, ERR_CONFLICT, "version_conflict", "version",
			"Thủ tục đã được người khác sửa; vui lòng tải lại rồi sửa tiếp.",
			"Someone else changed this procedure; reload it and edit again.");
	long long field_id = id_by_code(db, sql_field, code_of(json_object_get(doc, "field")));
	if (!field_id)
		return problem_field(p, "field", "Không có lĩnh vực với mã này.",
				     "There is no field with this code.");
	const char *acode = code_of(json_object_get(doc, "agency"));
	long long agency_id = 0;
	if (acode) {
		agency_id = id_by_code(db, sql_agency, acode);
		if (!agency_id)
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
	} else {
		st = db_prep(db, sql_home);
		agency_id = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (!agency_id)
			return problem_field(p, "agency", "Chưa có cơ quan nào được cấu hình.",
					     "No agency is configured yet.");
	}
	json_t *before = pid && was_active ? procedure_json(db, code) : NULL;

	json_t *tl = json_object_get(doc, "time_limit");
	const char *unit = json_string_value(json_object_get(tl, "unit"));
	json_t *tv = json_object_get(tl, "value");
	double limit = json_is_number(tv) ? json_number_value(tv) : 1;
	json_t *lb = json_object_get(doc, "legal_basis");
	char *legal = json_dumps(json_is_array(lb) ? lb : json_array(), JSON_COMPACT);
	if (!json_is_array(lb))
		legal = legal ? legal : xstrdup("[]");
	const char *level = json_string_value(json_object_get(doc, "level"));
	char *txt[9];
	static const char *keys[9] = {"name",       "result", "sequence", "method", "subjects",
				      "conditions", "note",   NULL,       NULL};
	for (int k = 0; k < 7; k++)
		txt[k] = nfc_member(doc, keys[k]);
	txt[7] = nfc_member(tl, "text");
	if (!txt[7][0]) { /* the data files spell it "time_limit_text" */
		free(txt[7]);
		txt[7] = nfc_member(doc, "time_limit_text");
	}
	st = db_prep(db, pid ? sql_upd : sql_ins);
	if (pid)
		db_bind_int(st, 1, pid);
	else
		db_bind_text(st, 1, code);
	db_bind_text(st, 2, txt[0]);
	db_bind_int(st, 3, field_id);
	db_bind_text(st, 4, level ? level : "commune");
	db_bind_int(st, 5, agency_id);
	db_bind_double(st, 6, limit);
	db_bind_text(st, 7, unit);
	db_bind_text(st, 8, txt[7]);
	db_bind_text(st, 9, txt[1]);
	db_bind_text(st, 10, legal);
	db_bind_text(st, 11, json_string_value(json_object_get(doc, "online")));
	db_bind_text(st, 12, txt[2]);
	db_bind_text(st, 13, txt[3]);
	db_bind_text(st, 14, txt[4]);
	db_bind_text(st, 15, txt[5]);
	db_bind_text(st, 16, txt[6]);
	db_bind_int(st, 17, now);
	int r = db_step(st);
	if (!pid && r == DB_ROW)
		pid = db_col_int(st, 0);
	db_done(st);
	free(legal);
	int rc = 0;
	if (r != DB_ROW && r != DB_DONE) {
		rc = problem_kind(p, ERR_INTERNAL);
		goto out;
	}
	*created = before == NULL;
	if ((rc = save_children(db, pid, agency_id, doc, p)) != 0) {
		if (!p->code)
			problem_kind(p, (enum err)rc);
		goto out;
	}
	st = db_prep(db, sql_field_name);
	db_bind_int(st, 1, field_id);
	char *fname = xstrdup(db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
	db_done(st);
	rc = index_procedure(db, pid, txt[0], fname, code);
	free(fname);
	if (rc) {
		problem_kind(p, ERR_INTERNAL);
		goto out;
	}
	json_t *after = procedure_json(db, code);
	rc = audit_write(db, who, now, *created ? "procedure.create" : "procedure.update",
			 "procedure", code, before, after);
	json_decref(after);
	if (rc)
		problem_kind(p, ERR_INTERNAL);
out:
	json_decref(before);
	for (int k = 0; k < 8; k++)
		free(txt[k]);
	return rc;
}

int catalogue_load(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   struct problem *p)
{
	size_t i;
	json_t *v;
	json_array_foreach (json_object_get(doc, "fields"), i, v) {
		const char *code = code_of(json_object_get(v, "code"));
		json_t *name = json_object_get(v, "name");
		if (!check_code(code, 20) || !json_is_string(name) || !json_string_length(name)) {
			char f[40];
			snprintf(f, sizeof f, "fields[%zu]", i);
			return problem_field(p, f, "Lĩnh vực không hợp lệ.",
					     "A field is not valid.");
		}
		if (field_save(db, who, now, code, json_string_value(name)))
			return problem_kind(p, ERR_INTERNAL);
	}
	json_array_foreach (json_object_get(doc, "procedures"), i, v) {
		int created;
		int rc = procedure_save(db, who, now, v, -1, &created, p);
		if (rc) {
			/* prefix the field with the procedure's position */
			char f[96];
			json_t *line = json_object_get(v, "_line");
			if (json_is_integer(line))
				snprintf(f, sizeof f, "line %lld.%.40s",
					 (long long)json_integer_value(line), p->field);
			else
				snprintf(f, sizeof f, "procedures[%zu].%.40s", i, p->field);
			size_t n = strlen(f);
			if (n >= sizeof p->field)
				n = sizeof p->field - 1;
			memcpy(p->field, f, n);
			p->field[n] = '\0';
			return rc;
		}
	}
	return 0;
}
