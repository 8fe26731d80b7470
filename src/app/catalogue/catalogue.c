/*
 * catalogue.c — the catalogue's services: reading procedures (one, a list,
 * a search), validating a document, saving it with its fees, required
 * documents and steps, withdrawing it, fields, and loading a whole
 * catalogue. The rules are here; every SQL statement is in
 * catalogue_store.c (which reaches the full-text index through db/search.h).
 * See catalogue.h for the contract and the invariants.
 *
 * Threading: none of its own; the writing services run inside the caller's
 * transaction (the writer thread in the server, db_tx in the CLI and tests).
 */
#include "app/catalogue/catalogue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalogue/catalogue_store.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/utf8.h"

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

/* A store failure: logged with the request id, a 500. */
static int internal(struct problem *p, const struct actor *who, const char *what)
{
	log_error("catalogue=%s rid=%s", what, who && who->rid ? who->rid : "-");
	return problem_kind(p, ERR_INTERNAL);
}

/* --- reading ----------------------------------------------------------- */

json_t *procedure_json(struct db *db, const char *code)
{
	return catalogue_db_procedure(db, code);
}

int procedure_get(struct db *db, const char *code, json_t **out, struct problem *p)
{
	*out = catalogue_db_procedure(db, code);
	if (*out)
		return 0;
	return problem_set(p, ERR_NOT_FOUND, "not_found", NULL,
			   "Không tìm thấy thủ tục hành chính với mã này.",
			   "No administrative procedure has this code.");
}

int catalogue_fields(struct db *db, json_t **out, struct problem *p)
{
	json_t *items = catalogue_db_fields(db, 0);
	*out = NULL;
	if (!items)
		return internal(p, NULL, "fields_failed");
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int catalogue_search(struct db *db, const struct catalogue_query *q, json_t **out,
		     struct problem *p)
{
	long long limit = q->limit, total = 0;
	json_t *items = json_array();
	*out = NULL;
	if (limit < 1 || limit > CATALOGUE_PAGE_MAX)
		limit = CATALOGUE_PAGE_DEFAULT;
	if (!q->text) {
		if (catalogue_db_list(db, q->field, limit, q->offset, items, &total) != 0) {
			json_decref(items);
			return internal(p, NULL, "list_failed");
		}
	} else {
		int64_t ids[CATALOGUE_PAGE_MAX];
		int n = catalogue_db_search(db, q->text, q->field, limit, q->offset, ids,
					    CATALOGUE_PAGE_MAX, &total);
		if (n == DB_SEARCH_INVALID) {
			json_decref(items);
			return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "q",
					   "Từ khóa tìm kiếm không hợp lệ.",
					   "The search text is not valid.");
		}
		if (n < 0) {
			json_decref(items);
			return internal(p, NULL, "search_failed");
		}
		for (int i = 0; i < n; i++) {
			json_t *it = catalogue_db_item(db, ids[i]);
			if (it)
				json_array_append_new(items, it);
		}
	}
	*out = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total);
	return 0;
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

/* A limit's value and unit in `o` (the base limit or a variant), errors on
 * `where`.value / `where`.unit; the value into *limit. */
static int check_limit(json_t *o, const char *where, double *limit, struct problem *p)
{
	char f[64];
	json_t *tv = json_object_get(o, "value"), *tu = json_object_get(o, "unit");
	snprintf(f, sizeof f, "%s.unit", where);
	if (!json_is_string(tu) || !in_set(catalogue_units, json_string_value(tu)))
		return bad_value(p, f);
	int same_day = strcmp(json_string_value(tu), "same_day") == 0;
	*limit = json_is_number(tv) ? json_number_value(tv) : (same_day && !tv ? 1 : -1);
	snprintf(f, sizeof f, "%s.value", where);
	if (!(*limit > 0 && *limit <= CATALOGUE_LIMIT_MAX) || (same_day && *limit != 1))
		return bad(p, f, "Thời hạn phải lớn hơn 0 (với thủ tục giải quyết trong ngày: 1).",
			   "The time limit must be above 0 (1 for same-day procedures).");
	return 0;
}

/* 1 if `s` can be a variant's code: a-z, 0-9, _ (1..40). */
static int variant_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > CATALOGUE_VARIANT_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* time_limit.variants: absent, null or an array of at most
 * CATALOGUE_VARIANTS_MAX {code,name,value,unit}, codes unique. */
static int check_variants(json_t *vars, struct problem *p)
{
	char f[64];
	size_t i;
	json_t *v;
	if (!vars || json_is_null(vars))
		return 0;
	if (!json_is_array(vars))
		return bad_value(p, "time_limit.variants");
	if (json_array_size(vars) > CATALOGUE_VARIANTS_MAX)
		return bad(p, "time_limit.variants", "Tối đa 10 trường hợp thời hạn.",
			   "At most 10 time-limit variants.");
	json_array_foreach (vars, i, v) {
		snprintf(f, sizeof f, "time_limit.variants[%zu]", i);
		if (!json_is_object(v))
			return bad_value(p, f);
		const char *code = json_string_value(json_object_get(v, "code"));
		snprintf(f, sizeof f, "time_limit.variants[%zu].code", i);
		if (!variant_code_valid(code))
			return bad(p, f,
				   "Mã trường hợp gồm chữ thường không dấu, số và dấu gạch dưới "
				   "(tối đa 40 ký tự).",
				   "A variant's code has lower-case letters a-z, digits and "
				   "underscores (40 at most).");
		for (size_t k = 0; k < i; k++)
			if (strcmp(code, json_string_value(json_object_get(json_array_get(vars, k),
									   "code"))) == 0)
				return bad(p, f, "Mã trường hợp bị trùng trong thủ tục này.",
					   "Another variant of this procedure has this code.");
		snprintf(f, sizeof f, "time_limit.variants[%zu].name", i);
		if (check_text(v, "name", f, CATALOGUE_VARIANT_NAME_MAX, 1, p))
			return -1;
		for (const char *c = json_string_value(json_object_get(v, "name")); *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				return bad(p, f, "Tên trường hợp không được chứa ký tự điều khiển.",
					   "A variant's name cannot hold control characters.");
		double limit;
		snprintf(f, sizeof f, "time_limit.variants[%zu]", i);
		if (check_limit(v, f, &limit, p))
			return -1;
	}
	return 0;
}

int procedure_validate(json_t *doc, struct problem *p)
{
	char f[64];
	if (!json_is_object(doc))
		return bad_value(p, "procedure");
	if (!check_code(code_of(json_object_get(doc, "code")), CATALOGUE_CODE_MAX))
		return bad(p, "code", "Mã thủ tục gồm chữ, số và dấu chấm (tối đa 40 ký tự).",
			   "A procedure code has letters, digits and dots (40 at most).");
	if (check_text(doc, "name", "name", CATALOGUE_NAME_MAX, 1, p))
		return -1;
	if (!check_code(code_of(json_object_get(doc, "field")), CATALOGUE_UNIT_CODE_MAX))
		return bad(p, "field", "Vui lòng chọn lĩnh vực.", "Please choose a field.");
	json_t *lv = json_object_get(doc, "level");
	if (lv && !json_is_null(lv) &&
	    !(json_is_string(lv) && in_set(levels, json_string_value(lv))))
		return bad_value(p, "level");
	json_t *ag = json_object_get(doc, "agency");
	if (ag && !json_is_null(ag) && !check_code(code_of(ag), CATALOGUE_UNIT_CODE_MAX))
		return bad_value(p, "agency");
	json_t *ags = json_object_get(doc, "agencies"), *av;
	size_t ai;
	if (ags && !json_is_null(ags)) {
		if (!json_is_array(ags) || json_array_size(ags) > CATALOGUE_AGENCIES_MAX)
			return bad_value(p, "agencies");
		json_array_foreach (ags, ai, av)
			if (!check_code(code_of(av), CATALOGUE_UNIT_CODE_MAX)) {
				snprintf(f, sizeof f, "agencies[%zu]", ai);
				return bad_value(p, f);
			}
	}
	json_t *tl = json_object_get(doc, "time_limit");
	if (!json_is_object(tl))
		return bad(p, "time_limit", "Vui lòng nhập thời hạn giải quyết.",
			   "Please give the time limit.");
	double limit;
	if (check_limit(tl, "time_limit", &limit, p))
		return -1;
	if (check_text(tl, "text", "time_limit.text", CATALOGUE_NOTE_MAX, 0, p))
		return -1;
	json_t *cut = json_object_get(tl, "cutoff");
	if (cut && !json_is_null(cut) && !json_is_boolean(cut))
		return bad(p, "time_limit.cutoff", "Giá trị phải là true hoặc false.",
			   "The value must be true or false.");
	if (check_variants(json_object_get(tl, "variants"), p))
		return -1;
	json_t *on = json_object_get(doc, "online");
	if (!json_is_string(on) || !in_set(catalogue_online, json_string_value(on)))
		return bad_value(p, "online");
	static const char *texts[] = {"result",   "sequence",   "method",
				      "subjects", "conditions", "note"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (check_text(doc, texts[i], texts[i], CATALOGUE_TEXT_MAX, 0, p))
			return -1;
	json_t *lb = json_object_get(doc, "legal_basis"), *v;
	size_t i;
	if (lb && !json_is_null(lb)) {
		if (!json_is_array(lb) || json_array_size(lb) > CATALOGUE_LEGAL_MAX)
			return bad_value(p, "legal_basis");
		json_array_foreach (lb, i, v)
			if (!json_is_string(v) || json_string_length(v) > CATALOGUE_NOTE_MAX)
				return bad_value(p, "legal_basis");
	}
	json_t *fees = json_object_get(doc, "fees");
	if (fees && !json_is_null(fees)) {
		if (!json_is_array(fees) || json_array_size(fees) > CATALOGUE_FEES_MAX)
			return bad_value(p, "fees");
		json_array_foreach (fees, i, v) {
			snprintf(f, sizeof f, "fees[%zu].name", i);
			if (!json_is_object(v) ||
			    check_text(v, "name", f, CATALOGUE_NAME_MAX, 1, p))
				return json_is_object(v) ? -1 : bad_value(p, f);
			json_t *amt = json_object_get(v, "amount");
			snprintf(f, sizeof f, "fees[%zu].amount", i);
			if (!json_is_integer(amt) || json_integer_value(amt) < 0 ||
			    json_integer_value(amt) > CATALOGUE_AMOUNT_MAX)
				return bad(
					p, f, "Số tiền phải là số nguyên không âm (đồng).",
					"The amount must be a whole number of đồng, not negative.");
			snprintf(f, sizeof f, "fees[%zu].note", i);
			if (check_text(v, "note", f, CATALOGUE_NOTE_MAX, 0, p))
				return -1;
		}
	}
	json_t *docs = json_object_get(doc, "documents");
	if (!json_is_array(docs) || json_array_size(docs) == 0 ||
	    json_array_size(docs) > CATALOGUE_DOCUMENTS_MAX)
		return bad(p, "documents", "Cần ít nhất một thành phần hồ sơ.",
			   "At least one required document is needed.");
	int mandatory = 0;
	json_array_foreach (docs, i, v) {
		snprintf(f, sizeof f, "documents[%zu].name", i);
		if (!json_is_object(v))
			return bad_value(p, f);
		if (check_text(v, "name", f, CATALOGUE_DOC_NAME_MAX, 1, p))
			return -1;
		json_t *fm = json_object_get(v, "form"), *cn = json_object_get(v, "count"),
		       *md = json_object_get(v, "mandatory"), *id = json_object_get(v, "id");
		snprintf(f, sizeof f, "documents[%zu].form", i);
		if (!json_is_string(fm) || !in_set(catalogue_forms, json_string_value(fm)))
			return bad_value(p, f);
		snprintf(f, sizeof f, "documents[%zu].count", i);
		if (!json_is_integer(cn) || json_integer_value(cn) < 1 ||
		    json_integer_value(cn) > CATALOGUE_DOC_COUNT_MAX)
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
	if (!json_is_array(steps) || json_array_size(steps) == 0 ||
	    json_array_size(steps) > CATALOGUE_STEPS_MAX)
		return bad(p, "steps", "Cần ít nhất một bước xử lý.",
			   "At least one step is needed.");
	double sum = 0;
	json_array_foreach (steps, i, v) {
		snprintf(f, sizeof f, "steps[%zu].name", i);
		if (!json_is_object(v))
			return bad_value(p, f);
		if (check_text(v, "name", f, CATALOGUE_NAME_MAX, 1, p))
			return -1;
		snprintf(f, sizeof f, "steps[%zu].unit", i);
		if (!check_code(code_of(json_object_get(v, "unit")), CATALOGUE_UNIT_CODE_MAX))
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

int field_code_valid(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > CATALOGUE_UNIT_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", code[i]))
			return 0;
	return 1;
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

int field_save(struct db *db, const struct actor *who, int64_t now, const char *code,
	       const char *name, struct problem *p)
{
	if (catalogue_db_field_put(db, code, name) != 0)
		return internal(p, who, "field_save_failed");
	json_t *after = json_pack("{s:s,s:s}", "code", code, "name", name);
	int rc = audit_write(db, who, now, "field.save", "field", code, NULL, after);
	json_decref(after);
	return rc ? problem_kind(p, (enum err)rc) : 0;
}

/* Documents: the ids the document repeats must be the procedure's own; all
 * are deactivated, then the kept ones rewritten (active again) and the new
 * ones inserted, in the document's order. */
static int save_documents(struct db *db, int64_t pid, json_t *docs, struct problem *p)
{
	size_t nd = json_array_size(docs), i;
	int64_t *ids = xcalloc(nd ? nd : 1, sizeof *ids);
	json_t *v;
	char f[64];
	int rc = 0;
	json_array_foreach (docs, i, v) {
		json_t *jid = json_object_get(v, "id");
		if (!json_is_integer(jid))
			continue;
		int own = catalogue_db_document_owned(db, json_integer_value(jid), pid);
		if (own < 0) {
			rc = ERR_INTERNAL;
			goto out;
		}
		if (!own) {
			snprintf(f, sizeof f, "documents[%zu].id", i);
			rc = problem_field(p, f, "Thành phần hồ sơ này không thuộc thủ tục.",
					   "This document does not belong to the procedure.");
			goto out;
		}
		ids[i] = json_integer_value(jid);
	}
	if (catalogue_db_documents_off(db, pid) != 0) {
		rc = ERR_INTERNAL;
		goto out;
	}
	json_array_foreach (docs, i, v) {
		char *name = nfc_member(v, "name");
		const char *form = json_string_value(json_object_get(v, "form"));
		int64_t count = json_integer_value(json_object_get(v, "count"));
		int mand = json_is_true(json_object_get(v, "mandatory"));
		int r = ids[i] ? catalogue_db_document_update(db, ids[i], (int)i + 1, name, form,
							      count, mand)
			       : catalogue_db_document_insert(db, pid, (int)i + 1, name, form,
							      count, mand);
		free(name);
		if (r != 0) {
			rc = ERR_INTERNAL;
			goto out;
		}
	}
out:
	free(ids);
	return rc;
}

/* The other implementing agencies (doc "agencies", D29): each known; none
 * for a provincial procedure; each with a unit of every step's unit code
 * (it runs the catalogue's steps with its own units). The procedure's own
 * agency may be listed too; it is not stored twice. */
static int save_agencies(struct db *db, int64_t pid, int64_t agency_id, json_t *doc,
			 struct problem *p)
{
	size_t i, k;
	json_t *v, *st;
	char f[64];
	const char *level = json_string_value(json_object_get(doc, "level"));
	if (catalogue_db_agencies_clear(db, pid) != 0)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(doc, "agencies"), i, v) {
		snprintf(f, sizeof f, "agencies[%zu]", i);
		int64_t ag = catalogue_db_agency_id(db, code_of(v));
		if (!ag)
			return problem_field(p, f, "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
		if (ag == agency_id)
			continue;
		if (level && strcmp(level, "province") == 0)
			return problem_field(
				p, f, "Thủ tục cấp tỉnh chỉ do một cơ quan thực hiện.",
				"A provincial procedure is implemented by one agency only.");
		json_array_foreach (json_object_get(doc, "steps"), k, st) {
			const char *ucode = code_of(json_object_get(st, "unit"));
			if (!catalogue_db_unit_id(db, ag, ucode))
				return problem_field(
					p, f,
					"Cơ quan này chưa có đơn vị cùng mã với đơn vị thực hiện "
					"một bước của quy trình; thêm đơn vị đó cho cơ quan trước.",
					"This agency has no unit with the code of a step's unit; "
					"add that unit to the agency first.");
		}
		if (catalogue_db_agency_add(db, pid, ag) != 0)
			return ERR_INTERNAL;
	}
	return 0;
}

static int save_children(struct db *db, int64_t pid, int64_t agency_id, json_t *doc,
			 struct problem *p)
{
	size_t i;
	json_t *v;
	char f[64];
	int arc = save_agencies(db, pid, agency_id, doc, p);
	if (arc)
		return arc;

	if (catalogue_db_fees_clear(db, pid) != 0)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(doc, "fees"), i, v) {
		char *name = nfc_member(v, "name"), *note = nfc_member(v, "note");
		int rc = catalogue_db_fee_add(db, pid, (int)i + 1, name,
					      json_integer_value(json_object_get(v, "amount")),
					      note);
		free(name);
		free(note);
		if (rc != 0)
			return ERR_INTERNAL;
	}

	if (catalogue_db_variants_clear(db, pid) != 0)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(json_object_get(doc, "time_limit"), "variants"), i, v) {
		char *name = nfc_member(v, "name");
		json_t *val = json_object_get(v, "value");
		int rc = catalogue_db_variant_add(
			db, pid, (int)i + 1, json_string_value(json_object_get(v, "code")), name,
			json_is_number(val) ? json_number_value(val) : 1,
			json_string_value(json_object_get(v, "unit")));
		free(name);
		if (rc != 0)
			return ERR_INTERNAL;
	}

	if (catalogue_db_steps_clear(db, pid) != 0)
		return ERR_INTERNAL;
	json_array_foreach (json_object_get(doc, "steps"), i, v) {
		int64_t uid =
			catalogue_db_unit_id(db, agency_id, code_of(json_object_get(v, "unit")));
		if (!uid) {
			snprintf(f, sizeof f, "steps[%zu].unit", i);
			return problem_field(p, f,
					     "Không có đơn vị với mã này trong cơ quan thực hiện.",
					     "There is no unit with this code in the agency.");
		}
		char *name = nfc_member(v, "name");
		int rc = catalogue_db_step_add(db, pid, (int)i + 1, name, uid,
					       json_number_value(json_object_get(v, "share")),
					       json_is_true(json_object_get(v, "may_complete")));
		free(name);
		if (rc != 0)
			return ERR_INTERNAL;
	}
	return save_documents(db, pid, json_object_get(doc, "documents"), p);
}

int procedure_save(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   long long expected_version, int *created, struct problem *p)
{
	if (procedure_validate(doc, p))
		return ERR_VALIDATION;
	const char *code = code_of(json_object_get(doc, "code"));
	struct catalogue_head h;
	if (catalogue_db_head(db, code, &h) < 0)
		return internal(p, who, "read_failed");
	int64_t pid = h.id;
	if (expected_version == 0 && pid && h.active)
		return problem_set(p, ERR_CONFLICT, "already_exists", "code",
				   "Đã có thủ tục với mã này.",
				   "A procedure with this code already exists.");
	if (expected_version > 0 && (!pid || h.version != expected_version))
		return problem_set(
			p, ERR_CONFLICT, "version_conflict", "version",
			"Thủ tục đã được người khác sửa; vui lòng tải lại rồi sửa tiếp.",
			"Someone else changed this procedure; reload it and edit again.");
	int64_t field_id = catalogue_db_field_id(db, code_of(json_object_get(doc, "field")));
	if (!field_id)
		return problem_field(p, "field", "Không có lĩnh vực với mã này.",
				     "There is no field with this code.");
	const char *acode = code_of(json_object_get(doc, "agency"));
	int64_t agency_id = 0;
	if (acode) {
		agency_id = catalogue_db_agency_id(db, acode);
		if (!agency_id)
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
	} else {
		agency_id = catalogue_db_home_agency(db);
		if (!agency_id)
			return problem_field(p, "agency", "Chưa có cơ quan nào được cấu hình.",
					     "No agency is configured yet.");
	}
	json_t *before = pid && h.active ? catalogue_db_procedure(db, code) : NULL;

	json_t *tl = json_object_get(doc, "time_limit");
	json_t *tv = json_object_get(tl, "value");
	json_t *lb = json_object_get(doc, "legal_basis");
	char *legal = json_is_array(lb) ? json_dumps(lb, JSON_COMPACT) : NULL;
	if (!legal)
		legal = xstrdup("[]");
	const char *level = json_string_value(json_object_get(doc, "level"));
	char *txt[8];
	static const char *keys[7] = {"name",     "result",     "sequence", "method",
				      "subjects", "conditions", "note"};
	for (int k = 0; k < 7; k++)
		txt[k] = nfc_member(doc, keys[k]);
	txt[7] = nfc_member(tl, "text");
	if (!txt[7][0]) { /* the data files spell it "time_limit_text" */
		free(txt[7]);
		txt[7] = nfc_member(doc, "time_limit_text");
	}
	struct catalogue_row row = {
		.code = code,
		.name = txt[0],
		.level = level ? level : "commune",
		.limit_unit = json_string_value(json_object_get(tl, "unit")),
		.limit_text = txt[7],
		.result = txt[1],
		.legal_basis = legal,
		.online = json_string_value(json_object_get(doc, "online")),
		.sequence = txt[2],
		.method = txt[3],
		.subjects = txt[4],
		.conditions = txt[5],
		.note = txt[6],
		.field_id = field_id,
		.agency_id = agency_id,
		.limit_value = json_is_number(tv) ? json_number_value(tv) : 1,
		.cutoff = !json_is_false(json_object_get(tl, "cutoff")),
	};
	int rc = pid ? catalogue_db_procedure_update(db, pid, &row, now)
		     : catalogue_db_procedure_insert(db, &row, now, &pid);
	free(legal);
	if (rc != 0) {
		rc = internal(p, who, "save_failed");
		goto out;
	}
	*created = before == NULL;
	if ((rc = save_children(db, pid, agency_id, doc, p)) != 0) {
		if (!p->code)
			problem_kind(p, (enum err)rc);
		goto out;
	}
	char *fname = catalogue_db_field_name(db, field_id);
	rc = catalogue_db_index(db, pid, txt[0], fname, code);
	free(fname);
	if (rc) {
		rc = internal(p, who, "index_failed");
		goto out;
	}
	json_t *after = catalogue_db_procedure(db, code);
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

int procedure_withdraw(struct db *db, const struct actor *who, int64_t now, const char *code,
		       struct problem *p)
{
	struct catalogue_head h;
	int found = catalogue_db_head(db, code, &h);
	if (found < 0)
		return internal(p, who, "read_failed");
	if (!found || !h.active)
		return problem_kind(p, ERR_NOT_FOUND);
	json_t *before = catalogue_db_procedure(db, code);
	int rc = 0;
	if (catalogue_db_procedure_withdraw(db, h.id, now) != 0)
		rc = internal(p, who, "withdraw_failed");
	else if (audit_write(db, who, now, "procedure.withdraw", "procedure", code, before, NULL) !=
		 0)
		rc = problem_kind(p, ERR_INTERNAL);
	json_decref(before);
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
		if (!check_code(code, CATALOGUE_UNIT_CODE_MAX) || !json_is_string(name) ||
		    !json_string_length(name)) {
			char f[40];
			snprintf(f, sizeof f, "fields[%zu]", i);
			return problem_field(p, f, "Lĩnh vực không hợp lệ.",
					     "A field is not valid.");
		}
		int rc = field_save(db, who, now, code, json_string_value(name), p);
		if (rc)
			return rc;
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
