/*
 * dossier_intake.c — taking in a dossier: at the counter (received at once,
 * the clock runs) or online (submitted, the clock waits for a reception
 * officer to accept it).
 *
 * Validation happens on the HTTP thread (identifiers per DOMAIN §6, the
 * procedure's required documents, attachment types); the writer thread then
 * issues the code — <agency e-ID>-YYMMDD-<daily sequence ≥4 digits>, unique
 * because sequences are taken inside the serialised write transaction — and
 * writes the dossier, its documents and steps, the history event, the audit
 * record and the notification in one transaction.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/platform/clock.h"
#include "app/dossier/dossier.h"
#include "app/platform/jin.h"
#include "app/dossier/notify.h"
#include "core/fold.h"
#include "core/ident.h"
#include "core/vntime.h"

static const char *const kinds[] = {"person", "organization", NULL};
static const char *const channels[] = {"counter", "post", NULL};
static const char *const methods[] = {"counter", "post", "online", NULL};
static const char *const doc_forms[] = {"original", "certified_copy", "copy", "presented", NULL};

static int ident_error(struct ctx *c, const char *field, enum ident_reason r)
{
	problem_field(&c->prob, field, ident_reason_message(r, IDENT_LANG_VI),
		      ident_reason_message(r, IDENT_LANG_EN));
	c->prob.code = "validation";
	return -1;
}

int applicant_parse(struct ctx *c, json_t *obj, struct applicant *ap, int online)
{
	memset(ap, 0, sizeof *ap);
	int year = vn_civil_of(app_now(c->app)).y;
	const char *raw_id, *raw_phone, *raw_email, *raw_tax;
	if (jin_enum(c, obj, "kind", "applicant.kind", kinds, JIN_REQUIRED, &ap->kind) ||
	    jin_line(c, obj, "name", "applicant.name", 200, JIN_REQUIRED, &ap->name) ||
	    jin_line(c, obj, "id_number", "applicant.id_number", 20, JIN_OPTIONAL, &raw_id) ||
	    jin_line(c, obj, "phone", "applicant.phone", 20, online ? JIN_REQUIRED : JIN_OPTIONAL,
		     &raw_phone) ||
	    jin_line(c, obj, "email", "applicant.email", 254, JIN_OPTIONAL, &raw_email) ||
	    jin_line(c, obj, "address", "applicant.address", 500, JIN_OPTIONAL, &ap->address) ||
	    jin_line(c, obj, "org_name", "applicant.org_name", 300, JIN_OPTIONAL, &ap->org_name) ||
	    jin_line(c, obj, "tax_code", "applicant.tax_code", 20, JIN_OPTIONAL, &raw_tax))
		return -1;
	int person = strcmp(ap->kind, "person") == 0;
	struct arena *ar = &c->r->arena;
	if (person && !raw_id)
		return jin_required(c, "applicant.id_number");
	if (raw_id) {
		struct ident_pid pid;
		enum ident_reason r = ident_check_personal_id(raw_id, strlen(raw_id), year, &pid);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.id_number", r);
		ap->id_number = arena_strdup(ar, pid.number);
	}
	if (raw_phone) {
		char *out = arena_alloc(ar, IDENT_PHONE_CAP);
		enum ident_reason r =
			ident_check_mobile(raw_phone, strlen(raw_phone), out, IDENT_PHONE_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.phone", r);
		ap->phone = out;
	}
	if (raw_email) {
		char *out = arena_alloc(ar, IDENT_EMAIL_CAP);
		enum ident_reason r =
			ident_check_email(raw_email, strlen(raw_email), out, IDENT_EMAIL_CAP);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.email", r);
		ap->email = out;
	}
	if (!person) {
		if (!ap->org_name)
			return jin_required(c, "applicant.org_name");
		if (!raw_tax)
			return jin_required(c, "applicant.tax_code");
	}
	if (raw_tax) {
		struct ident_tax tx;
		enum ident_reason r = ident_check_tax_code(raw_tax, strlen(raw_tax), year, &tx);
		if (r != IDENT_OK)
			return ident_error(c, "applicant.tax_code", r);
		ap->tax_code = arena_strdup(ar, tx.normalized);
	}
	size_t cap = FOLD_LINE_CAP(200), n;
	char *fold = arena_alloc(ar, cap);
	if (fold_key(ap->name, strlen(ap->name), fold, cap, &n) != 0)
		fold[0] = '\0';
	ap->fold = fold;
	return 0;
}

/* Loads the procedure (active) with its steps; -1 (404/422) if unknown. */
static int load_procedure(struct ctx *c, struct intake *in)
{
	static const char sql[] =
		"SELECT p.id, p.name, p.limit_value, p.limit_unit, coalesce(p.agency_id, 0)"
		" FROM procedure p WHERE p.code = $1 AND p.active = 1";
	static const char sql_steps[] =
		"SELECT name, unit_id, share, may_complete FROM procedure_step"
		" WHERE procedure_id = $1 ORDER BY position";
	static const char sql_home[] =
		"SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return problem_kind(&c->prob, ERR_INTERNAL), -1;
	db_bind_text(st, 1, in->procedure);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		problem_field(&c->prob, "procedure", "Không có thủ tục hành chính với mã này.",
			      "There is no administrative procedure with this code.");
		return -1;
	}
	in->procedure_id = db_col_int(st, 0);
	snprintf(in->procedure_name, sizeof in->procedure_name, "%s", db_col_text(st, 1));
	in->limit_value = db_col_double(st, 2);
	snprintf(in->limit_unit, sizeof in->limit_unit, "%s", db_col_text(st, 3));
	db_done(st);
	st = db_prep(c->db, sql_home);
	in->agency_id = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!in->agency_id) {
		problem_set(&c->prob, ERR_CONFLICT, "no_centre", NULL,
			    "Chưa cấu hình trung tâm tiếp nhận hồ sơ.",
			    "No service centre is configured.");
		return -1;
	}
	st = db_prep(c->db, sql_steps);
	db_bind_int(st, 1, in->procedure_id);
	in->nsteps = 0;
	while (db_step(st) == DB_ROW && in->nsteps < DOSSIER_MAX_STEPS) {
		int k = in->nsteps++;
		in->step_name[k] = arena_strdup(&c->r->arena, db_col_text(st, 0));
		in->step_unit[k] = db_col_int(st, 1);
		in->shares[k] = db_col_double(st, 2);
		in->step_may_complete[k] = (unsigned char)(db_col_int(st, 3) != 0);
	}
	db_done(st);
	if (in->nsteps == 0) {
		problem_set(&c->prob, ERR_CONFLICT, "procedure_without_steps", "procedure",
			    "Thủ tục chưa có quy trình nội bộ; không thể tiếp nhận.",
			    "The procedure has no internal steps yet; it cannot be taken in.");
		return -1;
	}
	return 0;
}

/* The documents: known ids of this procedure, no duplicates, every
 * mandatory one present. */
static int check_documents(struct ctx *c, struct intake *in, json_t *arr)
{
	static const char sql[] = "SELECT id, name, mandatory FROM procedure_document"
				  " WHERE procedure_id = $1 AND active = 1 ORDER BY position";
	size_t i;
	json_t *v;
	char f[48];
	in->ndocs = 0;
	json_array_foreach (arr, i, v) {
		struct intake_doc *d = &in->docs[in->ndocs];
		snprintf(f, sizeof f, "documents[%zu].id", i);
		if (!json_is_object(v))
			return jin_invalid(c, f);
		if (jin_int(c, v, "id", arena_strdup(&c->r->arena, f), 1, 1LL << 50, JIN_REQUIRED,
			    &d->id, NULL))
			return -1;
		snprintf(f, sizeof f, "documents[%zu].form", i);
		if (jin_enum(c, v, "form", arena_strdup(&c->r->arena, f), doc_forms, JIN_OPTIONAL,
			     &d->form))
			return -1;
		snprintf(f, sizeof f, "documents[%zu].count", i);
		d->count = 1;
		if (jin_int(c, v, "count", arena_strdup(&c->r->arena, f), 1, 100, JIN_OPTIONAL,
			    &d->count, NULL))
			return -1;
		for (int k = 0; k < in->ndocs; k++)
			if (in->docs[k].id == d->id) {
				snprintf(f, sizeof f, "documents[%zu].id", i);
				problem_field(&c->prob, arena_strdup(&c->r->arena, f),
					      "Thành phần hồ sơ bị khai báo trùng.",
					      "This document is listed twice.");
				return -1;
			}
		in->ndocs++;
	}
	/* every listed id must belong to the procedure; mandatory ones present */
	int found[DOSSIER_MAX_DOCS] = {0};
	struct db_stmt *st = db_prep(c->db, sql);
	db_bind_int(st, 1, in->procedure_id);
	const char *missing = NULL;
	while (db_step(st) == DB_ROW) {
		long long id = db_col_int(st, 0);
		int have = 0;
		for (int k = 0; k < in->ndocs; k++)
			if (in->docs[k].id == id) {
				found[k] = 1;
				have = 1;
			}
		if (!have && db_col_int(st, 2) && !missing)
			missing = arena_strdup(&c->r->arena, db_col_text(st, 1));
	}
	db_done(st);
	for (int k = 0; k < in->ndocs; k++)
		if (!found[k]) {
			snprintf(f, sizeof f, "documents[%d].id", k);
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Thành phần hồ sơ này không thuộc thủ tục.",
				      "This document does not belong to the procedure.");
			return -1;
		}
	if (missing) {
		problem_field(
			&c->prob, "documents",
			arena_printf(&c->r->arena, "Thiếu thành phần hồ sơ bắt buộc: %s.", missing),
			arena_printf(&c->r->arena, "A mandatory document is missing: %s.",
				     missing));
		return -1;
	}
	return 0;
}

/* What the bytes are, by their first bytes (never by the declared type). */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

static int parse_files(struct ctx *c, struct intake *in, json_t *arr)
{
	size_t i, total = 0;
	json_t *v;
	char f[48];
	json_array_foreach (arr, i, v) {
		struct intake_file *fl = &in->files[in->nfiles];
		snprintf(f, sizeof f, "attachments[%zu].name", i);
		if (!json_is_object(v))
			return jin_invalid(c, arena_strdup(&c->r->arena, f));
		if (jin_line(c, v, "name", arena_strdup(&c->r->arena, f), 200, JIN_REQUIRED,
			     &fl->name))
			return -1;
		snprintf(f, sizeof f, "attachments[%zu].document", i);
		if (jin_int(c, v, "document", arena_strdup(&c->r->arena, f), 1, 1LL << 50,
			    JIN_OPTIONAL, &fl->document_id, NULL))
			return -1;
		json_t *data = json_object_get(v, "data");
		snprintf(f, sizeof f, "attachments[%zu].data", i);
		if (!json_is_string(data) || json_string_length(data) == 0)
			return jin_required(c, arena_strdup(&c->r->arena, f));
		size_t b64 = json_string_length(data);
		if (b64 / 4 * 3 > DOSSIER_FILE_MAX + 3) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Tệp đính kèm vượt quá 5 MB.",
				      "An attachment is larger than 5 MB.");
			return -1;
		}
		fl->data = xmalloc(b64 / 4 * 3 + 3);
		if (sodium_base642bin(fl->data, b64 / 4 * 3 + 3, json_string_value(data), b64,
				      " \r\n", &fl->len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    fl->len == 0) {
			free(fl->data);
			fl->data = NULL;
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Dữ liệu tệp không đúng định dạng base64.",
				      "The file data is not valid base64.");
			return -1;
		}
		in->nfiles++;
		total += fl->len;
		if (total > DOSSIER_FILES_TOTAL_MAX) {
			problem_field(&c->prob, "attachments",
				      "Tổng dung lượng các tệp đính kèm vượt quá 15 MB.",
				      "The attachments are larger than 15 MB in all.");
			return -1;
		}
		if (fl->len > DOSSIER_FILE_MAX) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Tệp đính kèm vượt quá 5 MB.",
				      "An attachment is larger than 5 MB.");
			return -1;
		}
		fl->mime = sniff(fl->data, fl->len);
		if (!fl->mime) {
			problem_field(&c->prob, arena_strdup(&c->r->arena, f),
				      "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
				      "Only PDF, JPEG or PNG files are accepted.");
			return -1;
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, fl->data, fl->len);
		sodium_bin2hex(fl->sha256, sizeof fl->sha256, h, sizeof h);
		if (fl->document_id) {
			int ok = 0;
			for (int k = 0; k < in->ndocs; k++)
				ok |= in->docs[k].id == fl->document_id;
			if (!ok) {
				snprintf(f, sizeof f, "attachments[%zu].document", i);
				problem_field(
					&c->prob, arena_strdup(&c->r->arena, f),
					"Tệp gắn với một thành phần hồ sơ không được khai báo.",
					"The file refers to a document that is not listed.");
				return -1;
			}
		}
	}
	return 0;
}

void intake_free(struct intake *in)
{
	for (int i = 0; i < in->nfiles; i++)
		free(in->files[i].data);
	in->nfiles = 0;
}

int intake_parse(struct ctx *c, struct intake *in, int online)
{
	json_t *ap, *docs, *files = NULL;
	in->online = online;
	if (jin_line(c, c->body, "procedure", "procedure", 40, JIN_REQUIRED, &in->procedure) ||
	    jin_object(c, c->body, "applicant", "applicant", JIN_REQUIRED, &ap) ||
	    applicant_parse(c, ap, &in->ap, online) ||
	    jin_enum(c, c->body, "return_method", "return_method", methods, JIN_OPTIONAL,
		     &in->return_method) ||
	    jin_array(c, c->body, "documents", "documents", DOSSIER_MAX_DOCS, JIN_REQUIRED, &docs))
		return -1;
	if (!online &&
	    jin_enum(c, c->body, "channel", "channel", channels, JIN_OPTIONAL, &in->channel))
		return -1;
	if (online && jin_array(c, c->body, "attachments", "attachments", DOSSIER_MAX_FILES,
				JIN_OPTIONAL, &files))
		return -1;
	in->channel = online ? "online" : (in->channel ? in->channel : "counter");
	if (!in->return_method)
		in->return_method = online ? "online" : "counter";
	if (strcmp(in->return_method, "post") == 0 && !in->ap.address) {
		problem_field(&c->prob, "applicant.address",
			      "Vui lòng nhập địa chỉ để nhận kết quả qua đường bưu điện.",
			      "Please give the address the result is to be posted to.");
		return -1;
	}
	if (load_procedure(c, in) || check_documents(c, in, docs))
		return -1;
	if (files && parse_files(c, in, files))
		return -1;
	in->now = app_now(c->app);
	in->actor_id = c->who.staff_id;
	if (!online && clock_plan(c->app, in->now, in->limit_value, in->limit_unit, in->shares,
				  in->nsteps, &in->plan) != 0) {
		problem_set(
			&c->prob, ERR_CONFLICT, "procedure_without_steps", "procedure",
			"Không lập được thời hạn cho hồ sơ (thời hạn của thủ tục không hợp lệ).",
			"The deadlines cannot be planned (the procedure's time limit is invalid).");
		return -1;
	}
	return 0;
}

int dossier_event(struct db *db, long long dossier_id, int64_t at, const char *action,
		  long long actor_id, const char *from_status, const char *to_status, int from_step,
		  int to_step, long long to_staff, const char *outcome, const char *note)
{
	static const char sql[] = "INSERT INTO dossier_event (dossier_id, at, action, actor_id, "
				  "from_status, to_status,"
				  " from_step, to_step, to_staff_id, outcome, note)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, at);
	db_bind_text(st, 3, action);
	if (actor_id)
		db_bind_int(st, 4, actor_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, from_status);
	db_bind_text(st, 6, to_status);
	if (from_step)
		db_bind_int(st, 7, from_step);
	else
		db_bind_null(st, 7);
	if (to_step)
		db_bind_int(st, 8, to_step);
	else
		db_bind_null(st, 8);
	if (to_staff)
		db_bind_int(st, 9, to_staff);
	else
		db_bind_null(st, 9);
	db_bind_text(st, 10, outcome);
	db_bind_text(st, 11, note);
	return db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
}

/* Insert the planned steps; step 1 starts at `received` with `actor`. */
static int insert_steps(struct db *db, long long dossier_id, int n, char *const *names,
			const long long *units, const unsigned char *may_complete,
			const struct clock_plan *plan, int64_t received, long long actor_id)
{
	static const char sql_ins[] =
		"INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at,"
		" handler_id, may_complete) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	for (int k = 0; k < n; k++) {
		struct db_stmt *st = db_prep(db, sql_ins);
		if (!st)
			return -1;
		db_bind_int(st, 1, dossier_id);
		db_bind_int(st, 2, k + 1);
		db_bind_text(st, 3, names[k]);
		db_bind_int(st, 4, units[k]);
		db_bind_int(st, 5, plan->step_due[k]);
		if (k == 0) {
			db_bind_int(st, 6, received);
			db_bind_int(st, 7, actor_id);
		} else {
			db_bind_null(st, 6);
			db_bind_null(st, 7);
		}
		db_bind_int(st, 8, may_complete[k]);
		if (db_run(st) != DB_OK)
			return -1;
	}
	return 0;
}

int dossier_plan_steps(struct app *a, struct db *db, long long dossier_id, long long procedure_id,
		       int64_t received, long long actor_id, int64_t *due_out, struct problem *p)
{
	static const char sql_proc[] =
		"SELECT limit_value, limit_unit FROM procedure WHERE id = $1";
	static const char sql_steps[] =
		"SELECT name, unit_id, share, may_complete FROM procedure_step"
		" WHERE procedure_id = $1 ORDER BY position";
	static const char sql_upd[] =
		"UPDATE dossier SET received_at = $2, clock_start = $3, due_at = $4,"
		" original_due_at = $4, current_step = 1, assignee_id = $5, received_by = $5,"
		" limit_value = $6, limit_unit = $7 WHERE id = $1";
	struct db_stmt *st = db_prep(db, sql_proc);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_int(st, 1, procedure_id);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return problem_kind(p, ERR_INTERNAL);
	}
	double value = db_col_double(st, 0);
	char unit[16];
	snprintf(unit, sizeof unit, "%s", db_col_text(st, 1));
	db_done(st);
	double shares[CLOCK_MAX_STEPS];
	long long units[CLOCK_MAX_STEPS];
	unsigned char may[CLOCK_MAX_STEPS];
	char *names[CLOCK_MAX_STEPS];
	int n = 0;
	st = db_prep(db, sql_steps);
	db_bind_int(st, 1, procedure_id);
	while (db_step(st) == DB_ROW && n < CLOCK_MAX_STEPS) {
		names[n] = xstrdup(db_col_text(st, 0));
		units[n] = db_col_int(st, 1);
		may[n] = (unsigned char)(db_col_int(st, 3) != 0);
		shares[n++] = db_col_double(st, 2);
	}
	db_done(st);
	struct clock_plan plan;
	int rc = 0;
	if (n == 0 || clock_plan(a, received, value, unit, shares, n, &plan) != 0) {
		rc = problem_set(p, ERR_CONFLICT, "procedure_without_steps", "procedure",
				 "Không lập được thời hạn cho hồ sơ (thủ tục thiếu quy trình).",
				 "The deadlines cannot be planned (the procedure lacks steps).");
		goto out;
	}
	if (insert_steps(db, dossier_id, n, names, units, may, &plan, received, actor_id)) {
		rc = problem_kind(p, ERR_INTERNAL);
		goto out;
	}
	st = db_prep(db, sql_upd);
	db_bind_int(st, 1, dossier_id);
	db_bind_int(st, 2, received);
	db_bind_int(st, 3, plan.start);
	db_bind_int(st, 4, plan.due);
	db_bind_int(st, 5, actor_id);
	db_bind_double(st, 6, value);
	db_bind_text(st, 7, unit);
	if (db_run(st) != DB_OK)
		rc = problem_kind(p, ERR_INTERNAL);
	*due_out = plan.due;
out:
	for (int k = 0; k < n; k++)
		free(names[k]);
	return rc;
}

/* Issues the next code of the day for the agency. */
static int issue_code(struct db *db, struct intake *in, struct problem *p)
{
	static const char sql_eid[] =
		"SELECT eid, code, centre_name, address, phone FROM agency WHERE id = $1";
	static const char sql_seq[] =
		"INSERT INTO dossier_seq (agency_id, day, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_seq.last + 1";
	static const char sql_last[] =
		"SELECT last FROM dossier_seq WHERE agency_id = $1 AND day = $2";
	struct db_stmt *st = db_prep(db, sql_eid);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	db_bind_int(st, 1, in->agency_id);
	char eid[64] = "";
	if (db_step(st) == DB_ROW)
		snprintf(eid, sizeof eid, "%s",
			 db_col_text(st, 0)[0] ? db_col_text(st, 0) : db_col_text(st, 1));
	db_done(st);
	struct vn_civil cv = vn_civil_of(in->now);
	int day = (cv.y % 100) * 10000 + cv.m * 100 + cv.d;
	st = db_prep(db, sql_seq);
	db_bind_int(st, 1, in->agency_id);
	db_bind_int(st, 2, day);
	if (db_run(st) != DB_OK)
		return problem_kind(p, ERR_INTERNAL);
	st = db_prep(db, sql_last);
	db_bind_int(st, 1, in->agency_id);
	db_bind_int(st, 2, day);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return problem_kind(p, ERR_INTERNAL);
	}
	long long seq = db_col_int(st, 0);
	db_done(st);
	snprintf(in->code, sizeof in->code, "%s-%06d-%04lld", eid, day, seq);
	in->row_id = ds_row_id(in->agency_id, day, seq);
	return 0;
}

static int insert_dossier(struct ctx *c, struct db *db, struct intake *in, long long *id)
{
	static const char sql[] =
		"INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, "
		"return_method,"
		" applicant_kind, applicant_name, applicant_fold, applicant_id, applicant_phone,"
		" applicant_email, applicant_address, org_name, tax_code, limit_value, limit_unit,"
		" submitted_at, created_at, updated_at, received_at, clock_start, due_at,"
		" original_due_at, current_step, assignee_id, received_by) VALUES ($25, $1, $2, "
		"$3, $4, "
		"$5,"
		" $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21, "
		"$22,"
		" $22, $23, $24, $24)";
	static const char sql_doc[] =
		"INSERT INTO dossier_document (dossier_id, document_id, form, count)"
		" SELECT $1, d.id, coalesce($3, d.form), $4 FROM procedure_document d WHERE d.id = "
		"$2";
	if (issue_code(db, in, &c->prob))
		return ERR_INTERNAL;
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return problem_kind(&c->prob, ERR_INTERNAL);
	const struct applicant *ap = &in->ap;
	db_bind_text(st, 1, in->code);
	if (in->row_id) /* stored in code order (core/dossier.h) */
		db_bind_int(st, 25, in->row_id);
	else
		db_bind_null(st, 25);
	db_bind_int(st, 2, in->procedure_id);
	db_bind_int(st, 3, in->agency_id);
	db_bind_text(st, 4, in->online ? "submitted" : "received");
	db_bind_text(st, 5, in->channel);
	db_bind_text(st, 6, in->return_method);
	db_bind_text(st, 7, ap->kind);
	db_bind_text(st, 8, ap->name);
	db_bind_text(st, 9, ap->fold);
	db_bind_text(st, 10, ap->id_number ? ap->id_number : "");
	db_bind_text(st, 11, ap->phone ? ap->phone : "");
	db_bind_text(st, 12, ap->email ? ap->email : "");
	db_bind_text(st, 13, ap->address ? ap->address : "");
	db_bind_text(st, 14, ap->org_name ? ap->org_name : "");
	db_bind_text(st, 15, ap->tax_code ? ap->tax_code : "");
	db_bind_double(st, 16, in->limit_value);
	db_bind_text(st, 17, in->limit_unit);
	if (in->online)
		db_bind_int(st, 18, in->now);
	else
		db_bind_null(st, 18);
	db_bind_int(st, 19, in->now);
	if (!in->online) { /* received at once: the clock runs, step 1 is open */
		db_bind_int(st, 20, in->now);
		db_bind_int(st, 21, in->plan.start);
		db_bind_int(st, 22, in->plan.due);
		db_bind_int(st, 23, 1);
		db_bind_int(st, 24, in->actor_id);
	} else {
		for (int k = 20; k <= 24; k++)
			db_bind_null(st, k);
	}
	if (db_run(st) != DB_OK)
		return problem_kind(&c->prob, ERR_INTERNAL);
	*id = in->row_id ? in->row_id : db_last_insert_id(db);
	for (int k = 0; k < in->ndocs; k++) {
		st = db_prep(db, sql_doc);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, in->docs[k].id);
		db_bind_text(st, 3, in->docs[k].form);
		db_bind_int(st, 4, in->docs[k].count);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
	}
	return 0;
}

static int audit_dossier(struct ctx *c, struct db *db, const char *action, const char *code,
			 json_t *after)
{
	struct actor who = ctx_who(c);
	int rc = audit_write(db, &who, app_now(c->app), action, "dossier", code, NULL, after);
	json_decref(after);
	return rc ? problem_kind(&c->prob, ERR_INTERNAL) : 0;
}

/* The notice for the receipt e-mail, from what the intake already knows. */
static json_t *receipt_notice(const struct intake *in, const char *received, const char *due)
{
	return json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,s:{s:s,s:s,s:s}}", "code",
			 in->code, "procedure", "code", in->procedure, "name", in->procedure_name,
			 "applicant", "name", in->ap.name, "email",
			 in->ap.email ? in->ap.email : "", "received_at", received, "due_at", due,
			 "return_method", in->return_method, "centre", "name", in->centre[0],
			 "address", in->centre[1], "phone", in->centre[2]);
}

int intake_counter_fn(struct ctx *c, struct db *db)
{
	struct intake *in = c->warg;
	long long id;
	char ts[40], ds[40];
	if (insert_dossier(c, db, in, &id))
		return c->prob.code ? c->prob.kind : ERR_INTERNAL;
	if (insert_steps(db, id, in->nsteps, in->step_name, in->step_unit, in->step_may_complete,
			 &in->plan, in->now, in->actor_id) ||
	    dossier_event(db, id, in->now, "receive", in->actor_id, NULL, "received", 0, 1,
			  in->actor_id, NULL, NULL))
		return problem_kind(&c->prob, ERR_INTERNAL);
	vn_format_iso(in->now, ts, sizeof ts);
	vn_format_iso(in->plan.due, ds, sizeof ds);
	if (audit_dossier(c, db, "dossier.receive", in->code,
			  json_pack("{s:s,s:s,s:s,s:s,s:s}", "procedure", in->procedure, "status",
				    "received", "channel", in->channel, "received_at", ts, "due_at",
				    ds)))
		return ERR_INTERNAL;
	if (in->ap.email) {
		json_t *n = receipt_notice(in, ts, ds);
		if (n && c->app->cfg.public_url)
			json_object_set_new(n, "public_url", json_string(c->app->cfg.public_url));
		int nrc = n ? notify_dossier(db, "received", n) : ERR_INTERNAL;
		json_decref(n);
		if (nrc)
			return problem_kind(&c->prob, ERR_INTERNAL);
		c->mail_queued = 1;
	}
	c->out = json_pack("{s:s,s:s,s:s,s:s}", "code", in->code, "status", "received",
			   "received_at", ts, "due_at", ds);
	c->out_status = 201;
	return 0;
}

int intake_online_fn(struct ctx *c, struct db *db)
{
	static const char sql_file[] = "INSERT INTO attachment (sha256, mime, size, data, "
				       "created_at) VALUES ($1, $2, $3, $4, $5)"
				       " ON CONFLICT (sha256) DO NOTHING";
	static const char sql_link[] =
		"INSERT INTO dossier_attachment (dossier_id, sha256, name, document_id)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (dossier_id, sha256) DO NOTHING";
	struct intake *in = c->warg;
	long long id;
	char ts[40];
	if (insert_dossier(c, db, in, &id))
		return c->prob.code ? c->prob.kind : ERR_INTERNAL;
	for (int k = 0; k < in->nfiles; k++) {
		struct intake_file *f = &in->files[k];
		struct db_stmt *st = db_prep(db, sql_file);
		db_bind_text(st, 1, f->sha256);
		db_bind_text(st, 2, f->mime);
		db_bind_int(st, 3, (int64_t)f->len);
		db_bind_blob(st, 4, f->data, f->len);
		db_bind_int(st, 5, in->now);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		st = db_prep(db, sql_link);
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, f->sha256);
		db_bind_text(st, 3, f->name);
		if (f->document_id)
			db_bind_int(st, 4, f->document_id);
		else
			db_bind_null(st, 4);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
	}
	if (dossier_event(db, id, in->now, "submit", 0, NULL, "submitted", 0, 0, 0, NULL, NULL))
		return problem_kind(&c->prob, ERR_INTERNAL);
	vn_format_iso(in->now, ts, sizeof ts);
	if (audit_dossier(c, db, "dossier.submit", in->code,
			  json_pack("{s:s,s:s,s:s,s:s,s:i}", "procedure", in->procedure, "status",
				    "submitted", "channel", "online", "submitted_at", ts, "files",
				    in->nfiles)))
		return ERR_INTERNAL;
	c->out = json_pack("{s:s,s:s,s:s}", "code", in->code, "status", "submitted", "submitted_at",
			   ts);
	c->out_status = 201;
	return 0;
}
