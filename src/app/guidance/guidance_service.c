/*
 * guidance_service.c — the rules of guidance before receipt (guidance.h):
 * what a guidance must hold, recording it (row + audit in the caller's
 * transaction, no dossier), reading one, the list and the counts the
 * service-quality indicators read, and the data of Mẫu 02.
 *
 * Invariants: a guidance never makes a dossier (no code, no clock, no book
 * entry); the audit record carries the procedure and how many items, never
 * the citizen's name or identifiers; periods are Vietnam days turned into
 * instants [start of `from`, start of the day after `to`).
 *
 * Threading: runs on its caller's connection (the writer for the create).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/guidance/guidance.h"
#include "app/guidance/guidance_store.h"
#include "app/papers/forms.h"
#include "app/papers/papers.h"
#include "app/platform/svc.h"
#include "core/utf8.h"
#include "core/vntime.h"

static int given(const char *s)
{
	return s && s[0];
}

static size_t chars(const char *s)
{
	size_t n = 0;
	if (utf8_count(s, strlen(s), &n) != 0)
		return (size_t)-1;
	return n;
}

static int ident_problem(struct problem *p, const char *field, enum ident_reason r)
{
	return problem_field(p, field, ident_reason_message(r, IDENT_LANG_VI),
			     ident_reason_message(r, IDENT_LANG_EN));
}

static int check_items(json_t *items, struct problem *p)
{
	char f[32];
	if (!json_is_array(items) || json_array_size(items) == 0)
		return problem_field(p, "items",
				     "Ghi ít nhất một nội dung cần bổ sung, hoàn thiện (mỗi dòng "
				     "một nội dung).",
				     "Write at least one thing to supplement or correct (one per "
				     "line).");
	if (json_array_size(items) > GUIDANCE_ITEMS_MAX)
		return problem_field(
			p, "items", "Tối đa 30 nội dung trên một phiếu; gộp các nội dung gần nhau.",
			"At most 30 items on one paper; merge related items.");
	for (size_t i = 0; i < json_array_size(items); i++) {
		const char *s = json_string_value(json_array_get(items, i));
		snprintf(f, sizeof f, "items[%zu]", i);
		if (!given(s))
			return problem_field(p, f, "Nội dung này đang để trống.",
					     "This item is empty.");
		if (chars(s) > GUIDANCE_ITEM_CHARS)
			return problem_field(p, f, "Mỗi nội dung tối đa 1000 ký tự.",
					     "Each item is at most 1000 characters.");
	}
	return 0;
}

int guidance_check(struct guidance_in *in, int year, struct problem *p)
{
	if (!given(in->name))
		return problem_field(p, "applicant.name", "Vui lòng nhập họ và tên người nộp.",
				     "Please enter the applicant's full name.");
	if (chars(in->name) > GUIDANCE_NAME_CHARS)
		return problem_field(p, "applicant.name", "Họ và tên tối đa 200 ký tự.",
				     "The name is at most 200 characters.");
	if (!given(in->id_number) && !given(in->phone))
		return problem_field(
			p, "applicant.id_number",
			"Nhập số định danh cá nhân hoặc số điện thoại của người nộp, để nhận ra họ "
			"khi quay lại nộp hồ sơ.",
			"Enter the applicant's personal ID number or phone number, so they can be "
			"recognised when they come back.");
	in->id_norm[0] = in->phone_norm[0] = in->email_norm[0] = '\0';
	if (given(in->id_number)) {
		struct ident_pid pid;
		enum ident_reason r =
			ident_check_personal_id(in->id_number, strlen(in->id_number), year, &pid);
		if (r != IDENT_OK)
			return ident_problem(p, "applicant.id_number", r);
		snprintf(in->id_norm, sizeof in->id_norm, "%s", pid.number);
	}
	if (given(in->phone)) {
		enum ident_reason r = ident_check_mobile(in->phone, strlen(in->phone),
							 in->phone_norm, sizeof in->phone_norm);
		if (r != IDENT_OK)
			return ident_problem(p, "applicant.phone", r);
	}
	if (given(in->email)) {
		enum ident_reason r = ident_check_email(in->email, strlen(in->email),
							in->email_norm, sizeof in->email_norm);
		if (r != IDENT_OK)
			return ident_problem(p, "applicant.email", r);
	}
	if (given(in->address) && chars(in->address) > GUIDANCE_ADDRESS_CHARS)
		return problem_field(p, "applicant.address", "Địa chỉ tối đa 500 ký tự.",
				     "The address is at most 500 characters.");
	if (check_items(in->items, p))
		return ERR_VALIDATION;
	if (given(in->note) && chars(in->note) > GUIDANCE_NOTE_CHARS)
		return problem_field(p, "note", "Ghi chú tối đa 2000 ký tự.",
				     "The note is at most 2000 characters.");
	size_t n;
	if (fold_key(in->name, strlen(in->name), in->fold, sizeof in->fold, &n) != 0)
		in->fold[0] = '\0';
	return 0;
}

static json_t *paper_url(long long id)
{
	char u[64];
	snprintf(u, sizeof u, "/api/v1/guidances/%lld/paper", id);
	return json_string(u);
}

int guidance_create(struct db *db, const struct actor *who, int64_t now, struct guidance_in *in,
		    struct problem *p, json_t **out)
{
	*out = NULL;
	int rc = guidance_check(in, vn_civil_of(now).y, p);
	if (rc)
		return rc;
	long long pid, id;
	char pname[512];
	if (!given(in->procedure) ||
	    !gstore_procedure(db, in->procedure, 1, &pid, pname, sizeof pname))
		return problem_field(
			p, "procedure", "Không có thủ tục hành chính đang áp dụng với mã này.",
			"There is no administrative procedure in force with this code.");
	char *items = json_dumps(in->items, JSON_COMPACT);
	if (!items)
		return problem_kind(p, ERR_INTERNAL);
	int ins = gstore_insert(db, pid, in, items, who->staff_id, who->unit_id, now, &id);
	free(items);
	if (ins)
		return problem_kind(p, ERR_INTERNAL);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	json_t *after =
		json_pack("{s:s,s:I,s:o}", "procedure", in->procedure, "items",
			  (json_int_t)json_array_size(in->items), "created_at", svc_iso(now));
	rc = after ? audit_write(db, who, now, "guidance.create", "guidance", ids, NULL, after)
		   : ERR_INTERNAL;
	json_decref(after);
	if (rc)
		return problem_kind(p, ERR_INTERNAL);
	*out = json_pack("{s:I,s:{s:s,s:s},s:o,s:I,s:o}", "id", (json_int_t)id, "procedure", "code",
			 in->procedure, "name", pname, "created_at", svc_iso(now), "visit",
			 (json_int_t)gstore_visit(db, id), "paper_url", paper_url(id));
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

/* The stored items (a JSON array of strings); an empty array if unreadable. */
static json_t *items_of(const char *text)
{
	json_t *a = json_loads(text, 0, NULL);
	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : json_string(db_col_text(st, col));
}

/* One guidance from a GG_* row. */
static json_t *record(struct db_stmt *st)
{
	long long id = db_col_int(st, GG_ID);
	return json_pack(
		"{s:I,s:{s:s,s:s},s:{s:s,s:s,s:s,s:s,s:s},s:o,s:s,s:o,s:{s:s,s:s,s:s},s:o,s:I,s:o}",
		"id", (json_int_t)id, "procedure", "code", db_col_text(st, GG_PROC_CODE), "name",
		db_col_text(st, GG_PROC_NAME), "applicant", "name", db_col_text(st, GG_NAME),
		"id_number", db_col_text(st, GG_ID_NUMBER), "phone", db_col_text(st, GG_PHONE),
		"email", db_col_text(st, GG_EMAIL), "address", db_col_text(st, GG_ADDRESS), "items",
		items_of(db_col_text(st, GG_ITEMS)), "note", db_col_text(st, GG_NOTE), "created_at",
		svc_iso(db_col_int(st, GG_CREATED_AT)), "officer", "full_name",
		db_col_text(st, GG_OFFICER), "title", db_col_text(st, GG_OFFICER_TITLE), "unit",
		db_col_text(st, GG_OFFICER_UNIT), "dossier", text_or_null(st, GG_DOSSIER), "visit",
		(json_int_t)db_col_int(st, GG_VISIT), "paper_url", paper_url(id));
}

static int not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "guidance_not_found", NULL,
			   "Không có phiếu hướng dẫn này.", "There is no such guidance.");
}

int guidance_get(struct db *db, long long id, long long agency, struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = gstore_get(db, id, agency);
	if (!st)
		return not_found(p);
	*out = record(st);
	db_done(st);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int guidance_citable(struct db *db, long long id, struct problem *p)
{
	struct db_stmt *st = id > 0 ? gstore_get(db, id, 0) : NULL;
	if (!st)
		return problem_field(p, "guidance_id", "Không có phiếu hướng dẫn này.",
				     "There is no such guidance.");
	int cited = !db_col_null(st, GG_DOSSIER);
	db_done(st);
	if (cited)
		return problem_field(p, "guidance_id",
				     "Phiếu hướng dẫn này đã được một hồ sơ khác dẫn chiếu.",
				     "This guidance is already cited by another dossier.");
	return 0;
}

/* [from, to] → [t0, t1), or 422 naming the field. */
static int period(int64_t from, int64_t to, int64_t *t0, int64_t *t1, struct problem *p)
{
	if (to < from)
		return problem_set(p, ERR_VALIDATION, "validation", "to",
				   "Ngày kết thúc không được trước ngày bắt đầu.",
				   "The end date must not be before the start date.");
	if (to - from + 1 > GUIDANCE_PERIOD_MAX_DAYS)
		return problem_set(p, ERR_VALIDATION, "period_too_long", "to",
				   "Mỗi lần xem tối đa 366 ngày; vui lòng chọn khoảng thời gian "
				   "ngắn hơn.",
				   "At most 366 days at a time; choose a shorter period.");
	*t0 = vn_instant_of_day(from);
	*t1 = vn_instant_of_day(to + 1);
	return 0;
}

static json_t *day_json(int64_t day)
{
	char d[16];
	vn_format_date_days(day, d, sizeof d);
	return json_string(d);
}

/* The folded search text for LIKE, wildcards blanked; NULL when empty. */
static const char *search_text(const char *q, struct arena *ar)
{
	if (!given(q))
		return NULL;
	size_t cap = FOLD_LINE_CAP(100), n;
	char *fold = arena_alloc(ar, cap);
	if (fold_key(q, strlen(q), fold, cap, &n) != 0)
		return NULL;
	for (char *c = fold; *c; c++)
		if (*c == '%' || *c == '_')
			*c = ' ';
	return fold[0] ? fold : NULL;
}

int guidance_list(struct db *db, const struct guidance_query *q, struct arena *ar,
		  struct problem *p, json_t **out)
{
	*out = NULL;
	struct gstore_filter f = {0};
	int rc = period(q->from, q->to, &f.t0, &f.t1, p);
	if (rc)
		return rc;
	long long pid;
	if (given(q->procedure) && !gstore_procedure(db, q->procedure, 0, &pid, NULL, 0))
		return problem_field(p, "procedure", "Không có thủ tục hành chính với mã này.",
				     "There is no administrative procedure with this code.");
	f.procedure = given(q->procedure) ? q->procedure : NULL;
	f.q = search_text(q->q, ar);
	f.agency = q->agency;
	long long total, citizens;
	if (gstore_list_count(db, &f, &total, &citizens))
		return problem_kind(p, ERR_INTERNAL);
	json_t *items = json_array();
	struct db_stmt *st = gstore_list(db, &f, q->limit, q->offset);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		json_t *its = items_of(db_col_text(st, GL_ITEMS));
		long long id = db_col_int(st, GL_ID);
		json_array_append_new(
			items,
			json_pack("{s:I,s:o,s:{s:s,s:s},s:{s:s,s:s,s:s},s:I,s:{s:s},s:o,s:o}", "id",
				  (json_int_t)id, "created_at",
				  svc_iso(db_col_int(st, GL_CREATED_AT)), "procedure", "code",
				  db_col_text(st, GL_PROC_CODE), "name",
				  db_col_text(st, GL_PROC_NAME), "applicant", "name",
				  db_col_text(st, GL_NAME), "id_number",
				  db_col_text(st, GL_ID_NUMBER), "phone", db_col_text(st, GL_PHONE),
				  "item_count", (json_int_t)json_array_size(its), "officer",
				  "full_name", db_col_text(st, GL_OFFICER), "dossier",
				  text_or_null(st, GL_DOSSIER), "paper_url", paper_url(id)));
		json_decref(its);
	}
	db_done(st);
	if (s != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o,s:o,s:I,s:I,s:I,s:I,s:o}", "from", day_json(q->from), "to",
			 day_json(q->to), "total", (json_int_t)total, "citizens",
			 (json_int_t)citizens, "limit", (json_int_t)q->limit, "offset",
			 (json_int_t)q->offset, "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int guidance_stats(struct db *db, int64_t from, int64_t to, long long agency, struct problem *p,
		   json_t **out)
{
	*out = NULL;
	int64_t t0, t1;
	int rc = period(from, to, &t0, &t1, p);
	if (rc)
		return rc;
	long long g, c, f;
	if (gstore_totals(db, t0, t1, agency, &g, &c, &f))
		return problem_kind(p, ERR_INTERNAL);
	json_t *rows = json_array();
	struct db_stmt *st = gstore_by_procedure(db, t0, t1, agency);
	int s;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(
			rows, json_pack("{s:s,s:s,s:I,s:I}", "code", db_col_text(st, GP_CODE),
					"name", db_col_text(st, GP_NAME), "guidances",
					(json_int_t)db_col_int(st, GP_GUIDANCES), "citizens",
					(json_int_t)db_col_int(st, GP_CITIZENS)));
	db_done(st);
	if (s != DB_DONE) {
		json_decref(rows);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o,s:o,s:I,s:I,s:I,s:o}", "from", day_json(from), "to", day_json(to),
			 "guidances", (json_int_t)g, "citizens", (json_int_t)c,
			 "followed_by_dossier", (json_int_t)f, "by_procedure", rows);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int guidance_paper_data(struct db *db, long long id, long long agency, struct arena *ar,
			struct problem *p, json_t **out)
{
	json_t *g;
	int rc = guidance_get(db, id, agency, p, &g);
	if (rc)
		return rc;
	json_t *issuer = papers_issuer(db, NULL);
	if (!issuer)
		issuer = json_object();
	const char *issued = json_string_value(json_object_get(g, "created_at"));
	int64_t t = 0;
	if (issued)
		vn_parse_instant(issued, strlen(issued), &t);
	const char *place = json_string_value(json_object_get(issuer, "place"));
	const char *date = vn_words_t(ar, t, VNF_OFFICIAL);
	json_t *officer = json_incref(json_object_get(g, "officer"));
	*out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "kind", "guidance", "form_no",
			 "Mẫu số 02", "title", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "number",
			 arena_printf(ar, "%lld/PBS", id), "issued_at", issued ? issued : "",
			 "place_date",
			 place && place[0] ? arena_printf(ar, "%s, %s", place, date) : date,
			 "issuer", issuer, "officer", officer, "guidance", g);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}
