/*
 * petition_service.c — the rules of petitions (petition.h): the tracking
 * code, the checks, the legal deadlines by type on the legal clock (D33),
 * the actions and their states, the confidentiality of a denouncer and the
 * notices to the citizen (outbox); the public side is petition_public.c. No SQL (petition_store.c),
 * nothing of HTTP.
 *
 * Personal data — the petitioner's name, e-mail, phone, address, ID
 * number, a commenter's name and e-mail — never enters an audit record, a
 * log line or a public answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/petition/petition.h"
#include "app/petition/petition_impl.h"
#include "app/petition/petition_store.h"
#include "app/platform/clock.h"
#include "app/platform/svc.h"
#include "auth/auth.h"
#include "core/fold.h"
#include "core/vntime.h"
#include "mail/outbox.h"

static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* 32 symbols */

void petition_code_from(const char *rnd, char *out)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0;
	out[o++] = 'P';
	out[o++] = 'A';
	for (int k = 0; k < 12; k++) {
		if (k % 4 == 0)
			out[o++] = '-';
		const char *at = strchr(b64, rnd[k]);
		int v = at && rnd[k] ? (int)(at - b64) : k;
		out[o++] = CODE_ALPHABET[v % 32];
	}
	out[o] = 0;
}

/* Given: something other than white space. */
static const char *const CHANNELS[] = {"online", "reception", "post", "email", "hotline", NULL};
static const char *const TYPES[] = {"complaint", "denunciation", "recommendation", "reflection",
				    NULL};

int petition_check(struct petition_in *in, struct problem *p)
{
	if (!svc_one_of(in->channel, CHANNELS))
		return problem_field(p, "channel", "Kênh tiếp nhận không hợp lệ.",
				     "The channel is not valid.");
	if (!svc_one_of(in->type, TYPES))
		return problem_field(
			p, "type",
			"Vui lòng chọn loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản ánh.",
			"Please choose the type: complaint, denunciation, recommendation or "
			"reflection.");
	if (!svc_has_text(in->name))
		return problem_field(p, "name", "Vui lòng nhập họ và tên.",
				     "Please enter your full name.");
	int online = strcmp(in->channel, "online") == 0;
	if (svc_has_text(in->email)) {
		char em[IDENT_EMAIL_CAP];
		if (ident_check_email(in->email, strlen(in->email), em, sizeof em) != IDENT_OK)
			return problem_field(
				p, "email",
				"Địa chỉ thư điện tử không đúng (ví dụ: ten@example.vn).",
				"The e-mail address is not valid (e.g. name@example.vn).");
		memcpy(in->email_norm, em, sizeof em);
		in->email = in->email_norm;
	} else if (online)
		return problem_field(p, "email", "Vui lòng nhập địa chỉ thư điện tử.",
				     "Please enter your e-mail address.");
	if (svc_has_text(in->phone)) {
		char ph[IDENT_PHONE_CAP];
		if (ident_check_mobile(in->phone, strlen(in->phone), ph, sizeof ph) != IDENT_OK)
			return problem_field(
				p, "phone",
				"Số điện thoại di động không đúng (10 chữ số, ví dụ 0905 123 456).",
				"The mobile number is not valid (10 digits, e.g. 0905 123 456).");
		memcpy(in->phone_norm, ph, sizeof ph);
		in->phone = in->phone_norm;
	}
	if (!svc_has_text(in->content))
		return problem_field(p, "content", "Vui lòng nhập nội dung.",
				     "Please enter the content.");
	if (in->people < 0 || in->people > 1000)
		return problem_field(p, "people", "Số người phải từ 1 đến 1000.",
				     "The number of people must be between 1 and 1000.");
	return 0;
}

/* ---- deadlines (D33) --------------------------------------------------------- */

/* from + value in unit ("working_days" or "days") on the legal clock, with
 * no 15:00 cut-off (a petition is not a dossier). */
static int64_t add_limit(struct app *a, int64_t from, double value, const char *unit)
{
	double share = value;
	struct clock_plan pl;
	if (clock_plan(a, from, value, unit, 0, &share, 1, &pl) != 0)
		return from;
	return pl.due;
}

static int is_type(const char *t, const char *v)
{
	return strcmp(t, v) == 0;
}

/* The deadlines fixed at receipt. */
static void receipt_deadlines(struct app *a, const char *type, int64_t received, int64_t *ack,
			      int64_t *fwd, int64_t *due)
{
	*fwd = 0;
	*due = 0;
	if (is_type(type, "complaint")) {
		*ack = add_limit(a, received, 10, "working_days");
	} else if (is_type(type, "denunciation")) {
		*ack = add_limit(a, received, 7, "working_days");
		*fwd = add_limit(a, received, 5, "working_days");
	} else {
		*ack = add_limit(a, received, 10, "working_days");
		*fwd = add_limit(a, received, 5, "working_days");
		*due = add_limit(a, received, 15, "working_days");
	}
}

/* The resolution deadline from `from` (acceptance, or a re-opening). */
static int64_t resolve_due(struct app *a, const char *type, int complex, int remote,
			   int64_t received, int64_t from)
{
	if (is_type(type, "complaint")) {
		int days = complex ? 45 : 30;
		if (remote)
			days += 15;
		return add_limit(a, from, days, "days");
	}
	if (is_type(type, "denunciation"))
		return add_limit(a, from, 30, "days");
	return add_limit(a, from == received ? received : from, 15, "working_days");
}

/* ---- JSON helpers --------------------------------------------------------- */

/* A deadline as {kind, due_at, done_at, overdue, days}: days = whole
 * working days left (negative: late). */
static json_t *deadline(struct app *a, int64_t now, const char *kind, int64_t due, int64_t done)
{
	int64_t day = clock_day_seconds(a);
	int64_t until = done ? done : now;
	int overdue = until > due;
	long long days;
	if (overdue) {
		int64_t e = clock_elapsed(a, due, until);
		days = -(long long)((e + day - 1) / (day ? day : 1));
		if (days == 0)
			days = -1;
	} else
		days = (long long)(clock_elapsed(a, until, due) / (day ? day : 1));
	return json_pack("{s:s,s:o,s:o,s:b,s:I}", "kind", kind, "due_at", svc_iso(due), "done_at",
			 done ? svc_iso(done) : json_null(), "overdue", overdue, "days",
			 (json_int_t)days);
}

static void track_url(struct app *a, const char *code, char *out, size_t cap)
{
	const char *base = a && a->cfg.public_url ? a->cfg.public_url : "";
	snprintf(out, cap, "%s/petitions/?code=%s", base, code);
}

static int is_denunciation(struct db_stmt *st)
{
	return is_type(db_col_text(st, PC_TYPE), "denunciation");
}

long long petition_viewer_agency(struct db *db, const struct actor *v)
{
	return (v->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, v);
}

enum err petition_not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "petition_not_found", NULL, "Không có đơn này.",
			   "There is no such petition.");
}

int petition_audit(struct db *db, const struct actor *who, int64_t now, const char *action,
		   long long id, json_t *after)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	int rc = after ? audit_write(db, who, now, action, "petition", ids, NULL, after)
		       : ERR_INTERNAL;
	json_decref(after);
	return rc;
}

/* ---- notices to the citizen (outbox) ---------------------------------------- */

static const char *type_vi(const char *t)
{
	if (is_type(t, "complaint"))
		return "khiếu nại";
	if (is_type(t, "denunciation"))
		return "tố cáo";
	if (is_type(t, "recommendation"))
		return "kiến nghị";
	return "phản ánh";
}

/* Queue a notice about the petition on st to its e-mail (nothing without
 * one). kind: received | forwarded | answered. */
static int notice(struct db *db, struct app *a, struct db_stmt *st, const char *kind, int *mailed)
{
	const char *to = db_col_text(st, PC_EMAIL);
	if (!*to)
		return 0;
	const char *code = db_col_text(st, PC_CODE);
	char url[512], subject[400], okind[40];
	track_url(a, code, url, sizeof url);
	struct buf b;
	int e = 0;
	buf_init(&b, OUTBOX_BODY_MAX);
	e |= buf_printf(&b, "Kính gửi Ông/Bà %s,\n\n", db_col_text(st, PC_NAME));
	if (strcmp(kind, "received") == 0) {
		snprintf(subject, sizeof subject, "Đã nhận đơn %s %s",
			 type_vi(db_col_text(st, PC_TYPE)), code);
		e |= buf_printf(&b,
				"%s đã nhận đơn %s của Ông/Bà. Mã theo dõi: %s.\n"
				"Ông/Bà tra cứu tình trạng giải quyết tại: %s\n",
				db_col_text(st, PC_AGENCY_NAME), type_vi(db_col_text(st, PC_TYPE)),
				code, url);
	} else if (strcmp(kind, "forwarded") == 0) {
		snprintf(subject, sizeof subject, "Thông báo chuyển đơn %s", code);
		e |= buf_printf(
			&b,
			"Đơn mã %s không thuộc thẩm quyền giải quyết của %s và đã được chuyển "
			"đến %s",
			code, db_col_text(st, PC_AGENCY_NAME), db_col_text(st, PC_FORWARDED_TO));
		if (*db_col_text(st, PC_FORWARD_DOC))
			e |= buf_printf(&b, " (văn bản số %s)", db_col_text(st, PC_FORWARD_DOC));
		e |= buf_printf(&b, " để xem xét, giải quyết theo quy định.\nTra cứu: %s\n", url);
	} else {
		snprintf(subject, sizeof subject, "Trả lời đơn %s", code);
		e |= buf_printf(&b, "%s trả lời đơn mã %s của Ông/Bà như sau:\n\n%s\n\n",
				db_col_text(st, PC_AGENCY_NAME), code, db_col_text(st, PC_ANSWER));
		e |= buf_printf(
			&b, "Ông/Bà cho biết có hài lòng với nội dung trả lời hay không tại: %s\n",
			url);
	}
	e |= buf_printf(&b, "\nEnglish: an update on your petition %s: %s\n", code, url);
	snprintf(okind, sizeof okind, "petition.%s", kind);
	size_t len;
	char *body = buf_steal(&b, &len);
	struct mail_msg m = {.kind = okind, .to = to, .subject = subject, .body = body};
	int rc = e ? ERR_INTERNAL : outbox_add(db, &m);
	free(body);
	if (rc)
		return ERR_INTERNAL;
	*mailed = 1;
	return 0;
}

/* ---- create ------------------------------------------------------------------ */

int petition_create(struct db *db, struct app *a, const struct actor *who, int64_t now,
		    struct petition_in *in, struct problem *p, json_t **out, int *mailed)
{
	*out = NULL;
	int rc = petition_check(in, p);
	if (rc)
		return rc;
	struct pstore_new n = {.in = in, .received = now, .created_by = who->staff_id};
	n.agency = who->staff_id ? dossier_viewer_agency(db, who) : pstore_home_agency(db);
	if (!n.agency)
		return problem_set(p, ERR_CONFLICT, "no_agency", NULL,
				   "Chưa thiết lập cơ quan tiếp nhận.",
				   "No receiving agency is set up.");
	char code[PETITION_CODE_LEN + 1];
	for (int tries = 0;; tries++) {
		char rnd[AUTH_TOKEN_LEN + 1];
		auth_token_new(rnd);
		petition_code_from(rnd, code);
		if (!pstore_code_taken(db, code))
			break;
		if (tries > 5)
			return problem_kind(p, ERR_INTERNAL);
	}
	n.code = code;
	char fold[FOLD_LINE_CAP(PETITION_SUBJECT_CHARS + PETITION_CONTENT_CHARS) + 64];
	char raw[sizeof fold];
	size_t fl;
	snprintf(raw, sizeof raw, "%s %s %s", code, in->subject ? in->subject : "", in->content);
	if (fold_key(raw, strlen(raw), fold, sizeof fold, &fl) != 0)
		fold[0] = 0;
	n.fold = fold;
	receipt_deadlines(a, in->type, now, &n.ack_due, &n.forward_due, &n.due);
	long long id;
	if ((in->file_len && pstore_file_put(db, in, now)) || pstore_insert(db, &n, now, &id))
		return problem_kind(p, ERR_INTERNAL);
	json_t *after = json_pack("{s:s,s:s,s:s,s:b}", "channel", in->channel, "type", in->type,
				  "status", "received", "attachment", in->file_len > 0);
	if (petition_audit(db, who, now, "petition.create", id, after))
		return problem_kind(p, ERR_INTERNAL);
	struct db_stmt *st = pstore_get(db, id, 0);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	rc = notice(db, a, st, "received", mailed);
	db_done(st);
	if (rc)
		return problem_kind(p, ERR_INTERNAL);
	char url[512];
	track_url(a, code, url, sizeof url);
	*out = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s}", "id", (json_int_t)id, "code", code,
			 "type", in->type, "status", "received", "received_at", svc_iso(now),
			 "ack_due_at", svc_iso(n.ack_due), "due_at",
			 n.due ? svc_iso(n.due) : json_null(), "track_url", url);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

/* ---- reads ------------------------------------------------------------------- */

/* The petition's deadlines: ack, forward (until the first answer), resolve. */
static json_t *deadlines(struct app *a, int64_t now, struct db_stmt *st)
{
	json_t *arr = json_array();
	int64_t acked = db_col_null(st, PC_ACKED_AT) ? 0 : db_col_int(st, PC_ACKED_AT);
	const char *status = db_col_text(st, PC_STATUS);
	json_array_append_new(arr, deadline(a, now, "ack", db_col_int(st, PC_ACK_DUE), acked));
	if (!db_col_null(st, PC_FORWARD_DUE) && (!acked || strcmp(status, "forwarded") == 0)) {
		int64_t fwd =
			db_col_null(st, PC_FORWARDED_AT) ? 0 : db_col_int(st, PC_FORWARDED_AT);
		json_array_append_new(
			arr, deadline(a, now, "forward", db_col_int(st, PC_FORWARD_DUE), fwd));
	}
	if (!db_col_null(st, PC_DUE) && strcmp(status, "forwarded") != 0) {
		int64_t done = strcmp(status, "answered") == 0 ? db_col_int(st, PC_ANSWERED_AT) : 0;
		json_array_append_new(arr,
				      deadline(a, now, "resolve", db_col_int(st, PC_DUE), done));
	}
	return arr;
}

static json_t *history(struct db *db, long long id)
{
	json_t *arr = json_array();
	struct db_stmt *st = pstore_history(db, id);
	while (db_step(st) == DB_ROW) {
		json_t *after = json_loads(db_col_text(st, PH_AFTER), 0, NULL);
		json_array_append_new(arr, json_pack("{s:o,s:s,s:s,s:o}", "at",
						     svc_iso(db_col_int(st, PH_AT)), "actor",
						     db_col_text(st, PH_ACTOR), "action",
						     db_col_text(st, PH_ACTION), "detail",
						     after ? after : json_null()));
	}
	db_done(st);
	return arr;
}

/* The staff view of the row st is on. */
static json_t *staff_view(struct db *db, struct app *a, int64_t now, struct db_stmt *st)
{
	long long id = db_col_int(st, PC_ID);
	int conf = is_denunciation(st);
	json_t *who = conf ? json_null()
			   : json_pack("{s:s,s:o,s:o,s:o,s:o}", "name", db_col_text(st, PC_NAME),
				       "email", svc_text_or_null(st, PC_EMAIL), "phone",
				       svc_text_or_null(st, PC_PHONE), "address",
				       svc_text_or_null(st, PC_ADDRESS), "id_number",
				       svc_text_or_null(st, PC_ID_NUMBER));
	char url[512];
	track_url(a, db_col_text(st, PC_CODE), url, sizeof url);
	json_t *o = json_pack(
		"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:b,s:I,s:I,s:b,s:o,s:o,s:s,s:o}", "id",
		(json_int_t)id, "code", db_col_text(st, PC_CODE), "agency",
		db_col_text(st, PC_AGENCY_NAME), "channel", db_col_text(st, PC_CHANNEL), "type",
		db_col_text(st, PC_TYPE), "field", db_col_text(st, PC_FIELD), "subject",
		db_col_text(st, PC_SUBJECT), "content", db_col_text(st, PC_CONTENT), "people",
		(json_int_t)db_col_int(st, PC_PEOPLE), "status", db_col_text(st, PC_STATUS),
		"complex", (int)db_col_int(st, PC_COMPLEX), "extensions",
		(json_int_t)db_col_int(st, PC_EXTENSIONS), "reopened",
		(json_int_t)db_col_int(st, PC_REOPENED), "confidential", conf, "petitioner", who,
		"received_at", svc_iso(db_col_int(st, PC_RECEIVED_AT)), "track_url", url,
		"deadlines", deadlines(a, now, st));
	if (!o)
		return NULL;
	json_object_set_new(o, "unit",
			    db_col_int(st, PC_UNIT)
				    ? json_pack("{s:s,s:s}", "code", db_col_text(st, PC_UNIT_CODE),
						"name", db_col_text(st, PC_UNIT_NAME))
				    : json_null());
	json_object_set_new(o, "officer",
			    db_col_int(st, PC_OFFICER)
				    ? json_pack("{s:s,s:s}", "username",
						db_col_text(st, PC_OFFICER_USERNAME), "full_name",
						db_col_text(st, PC_OFFICER_NAME))
				    : json_null());
	json_object_set_new(o, "forwarded",
			    db_col_null(st, PC_FORWARDED_AT)
				    ? json_null()
				    : json_pack("{s:s,s:s,s:o}", "to",
						db_col_text(st, PC_FORWARDED_TO), "doc_no",
						db_col_text(st, PC_FORWARD_DOC), "at",
						svc_iso(db_col_int(st, PC_FORWARDED_AT))));
	json_object_set_new(o, "answer",
			    db_col_null(st, PC_ANSWERED_AT)
				    ? json_null()
				    : json_pack("{s:s,s:o}", "text", db_col_text(st, PC_ANSWER),
						"at", svc_iso(db_col_int(st, PC_ANSWERED_AT))));
	json_object_set_new(o, "publication",
			    db_col_null(st, PC_PUBLISHED_AT)
				    ? json_null()
				    : json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)id,
						"title", db_col_text(st, PC_PUB_TITLE), "question",
						db_col_text(st, PC_PUB_QUESTION), "answer",
						db_col_text(st, PC_PUB_ANSWER), "at",
						svc_iso(db_col_int(st, PC_PUBLISHED_AT))));
	json_object_set_new(o, "satisfaction",
			    db_col_null(st, PC_SATISFACTION)
				    ? json_null()
				    : json_pack("{s:s,s:o}", "value",
						db_col_text(st, PC_SATISFACTION), "at",
						svc_iso_col(st, PC_SATISFACTION_AT)));
	if (!db_col_null(st, PC_FILE_SIZE)) {
		char u[64];
		snprintf(u, sizeof u, "/api/v1/petitions/%lld/attachment", id);
		json_object_set_new(o, "attachment",
				    json_pack("{s:s,s:I,s:s}", "name",
					      db_col_text(st, PC_FILE_NAME), "size",
					      (json_int_t)db_col_int(st, PC_FILE_SIZE), "url", u));
	} else
		json_object_set_new(o, "attachment", json_null());
	(void)db;
	return o;
}

int petition_get(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		 long long id, struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = pstore_get(db, id, petition_viewer_agency(db, viewer));
	if (!st)
		return petition_not_found(p);
	json_t *o = staff_view(db, a, now, st);
	db_done(st);
	if (!o)
		return problem_kind(p, ERR_INTERNAL);
	json_object_set_new(o, "history", history(db, id));
	*out = o;
	return 0;
}

int petition_list(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		  const struct petition_query *q, struct problem *p, json_t **out)
{
	*out = NULL;
	struct pstore_filter f = {.agency = petition_viewer_agency(db, viewer), .type = q->type};
	if (q->type && !svc_one_of(q->type, TYPES))
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "type",
				   "Loại đơn không hợp lệ.", "The type is not valid.");
	static const char *const STATUSES[] = {"received", "accepted", "forwarded", "answered",
					       NULL};
	if (!q->status)
		f.open_only = 1;
	else if (strcmp(q->status, "all") != 0) {
		if (!svc_one_of(q->status, STATUSES))
			return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "status",
					   "Trạng thái không hợp lệ.", "The status is not valid.");
		f.status = q->status;
	}
	char fq[FOLD_LINE_CAP(100)];
	size_t fl;
	if (q->q && fold_key(q->q, strlen(q->q), fq, sizeof fq, &fl) == 0 && fl)
		f.q = fq;
	if (q->overdue_only)
		f.overdue_before = now;
	json_t *items = json_array();
	struct db_stmt *st = pstore_list(db, &f, q->limit, q->offset);
	while (db_step(st) == DB_ROW) {
		int acked = !db_col_null(st, PL_ACKED_AT);
		int64_t next = !acked || db_col_null(st, PL_DUE) ? db_col_int(st, PL_ACK_DUE)
								 : db_col_int(st, PL_DUE);
		const char *status = db_col_text(st, PL_STATUS);
		int open = strcmp(status, "received") == 0 || strcmp(status, "accepted") == 0;
		int conf = is_type(db_col_text(st, PL_TYPE), "denunciation");
		json_t *it = json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:I}", "id",
			(json_int_t)db_col_int(st, PL_ID), "code", db_col_text(st, PL_CODE), "type",
			db_col_text(st, PL_TYPE), "channel", db_col_text(st, PL_CHANNEL), "field",
			db_col_text(st, PL_FIELD), "subject", db_col_text(st, PL_SUBJECT), "status",
			status, "received_at", svc_iso(db_col_int(st, PL_RECEIVED_AT)),
			"next_deadline",
			open ? deadline(a, now, acked ? "resolve" : "ack", next, 0) : json_null(),
			"name", conf ? json_null() : json_string(db_col_text(st, PL_NAME)),
			"confidential", conf, "officer", svc_text_or_null(st, PL_OFFICER_NAME),
			"unit", svc_text_or_null(st, PL_UNIT_NAME), "satisfaction",
			svc_text_or_null(st, PL_SATISFACTION), "reopened",
			(json_int_t)db_col_int(st, PL_REOPENED));
		if (it)
			json_array_append_new(items, it);
	}
	db_done(st);
	*out = json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)pstore_list_count(db, &f),
			 "limit", (json_int_t)q->limit, "offset", (json_int_t)q->offset, "items",
			 items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int petition_identity(struct db *db, const struct actor *who, int64_t now, long long id,
		      struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = pstore_get(db, id, dossier_viewer_agency(db, who));
	if (!st)
		return petition_not_found(p);
	int conf = is_denunciation(st);
	if (conf && !(who->roles & (ROLE_HEAD | ROLE_LEADER)) &&
	    db_col_int(st, PC_OFFICER) != who->staff_id) {
		db_done(st);
		return problem_set(p, ERR_FORBIDDEN, "identity_confidential", NULL,
				   "Danh tính người tố cáo được giữ bí mật; chỉ lãnh đạo và cán "
				   "bộ được giao xử lý đơn được xem.",
				   "A denouncer's identity is confidential: only the heads, the "
				   "leaders and the assigned officer may see it.");
	}
	*out = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", db_col_text(st, PC_NAME), "email",
			 db_col_text(st, PC_EMAIL), "phone", db_col_text(st, PC_PHONE), "address",
			 db_col_text(st, PC_ADDRESS), "id_number", db_col_text(st, PC_ID_NUMBER));
	db_done(st);
	if (!*out)
		return problem_kind(p, ERR_INTERNAL);
	if (conf && petition_audit(db, who, now, "petition.identity_view", id,
				   json_pack("{s:s}", "type", "denunciation"))) {
		json_decref(*out);
		*out = NULL;
		return problem_kind(p, ERR_INTERNAL);
	}
	return 0;
}

/* ---- actions ------------------------------------------------------------------ */

enum err petition_bad_state(struct problem *p)
{
	return problem_set(p, ERR_CONFLICT, "invalid_state", NULL,
			   "Không thể thực hiện thao tác này ở trạng thái hiện tại của đơn.",
			   "This action is not possible in the petition's present state.");
}

int petition_status_is(struct db_stmt *st, const char *a, const char *b)
{
	const char *s = db_col_text(st, PC_STATUS);
	return strcmp(s, a) == 0 || (b && strcmp(s, b) == 0);
}

/* 1 if the folded name occurs in the folded text. */
static int names_person(const char *text, const char *name)
{
	char ft[FOLD_LINE_CAP(PETITION_ANSWER_CHARS)], fn[FOLD_LINE_CAP(PETITION_NAME_CHARS)];
	size_t lt, ln;
	if (fold_key(name, strlen(name), fn, sizeof fn, &ln) != 0 || ln < 3)
		return 0;
	if (fold_key(text, strlen(text), ft, sizeof ft, &lt) != 0)
		return 0;
	return strstr(ft, fn) != NULL;
}

/* Publication: the texts masked (e-mail addresses, runs of digits) and
 * refused when they name the petitioner. */
static int act_publish(struct db *db, long long id, struct db_stmt *st,
		       const struct petition_action *act, int64_t now, struct problem *p)
{
	const char *texts[3] = {act->title, act->question, act->answer};
	static const char *const fields[3] = {"title", "question", "answer"};
	char *masked[3] = {NULL, NULL, NULL};
	int rc = 0;
	for (int k = 0; k < 3 && !rc; k++) {
		if (!svc_has_text(texts[k])) {
			rc = problem_field(p, fields[k], "Vui lòng nhập nội dung công khai.",
					   "Please enter the text to publish.");
			break;
		}
		if (names_person(texts[k], db_col_text(st, PC_NAME))) {
			rc = problem_set(p, ERR_VALIDATION, "personal_data", fields[k],
					 "Nội dung công khai không được nêu tên người gửi đơn.",
					 "The published text must not name the petitioner.");
			break;
		}
		size_t cap = strlen(texts[k]) + 1;
		masked[k] = xmalloc(cap);
		if (ident_mask_text(texts[k], masked[k], cap) < 0)
			rc = problem_kind(p, ERR_INTERNAL);
	}
	if (!rc) {
		size_t len = strlen(masked[0]) + strlen(masked[1]) + strlen(masked[2]) + 3;
		char *raw = xmalloc(len), *fold = xmalloc(len * 4 + 1);
		size_t fl;
		snprintf(raw, len, "%s %s %s", masked[0], masked[1], masked[2]);
		if (fold_key(raw, strlen(raw), fold, len * 4 + 1, &fl) != 0)
			fold[0] = 0;
		if (pstore_publish(db, id, masked[0], masked[1], masked[2], fold, now))
			rc = problem_kind(p, ERR_INTERNAL);
		free(raw);
		free(fold);
	}
	for (int k = 0; k < 3; k++)
		free(masked[k]);
	return rc;
}

static const char *const ACTIONS[] = {"assign", "classify", "accept", "forward", "extend",
				      "answer", "publish",  "reopen", NULL};

int petition_act(struct db *db, struct app *a, const struct actor *who, int64_t now, long long id,
		 const struct petition_action *act, struct problem *p, json_t **out, int *mailed)
{
	*out = NULL;
	if (!svc_one_of(act->action, ACTIONS))
		return problem_field(p, "action", "Thao tác không hợp lệ.",
				     "The action is not valid.");
	long long agency = dossier_viewer_agency(db, who);
	struct db_stmt *st = pstore_get(db, id, agency);
	if (!st)
		return petition_not_found(p);
	const char *name = act->action;
	const char *type = db_col_text(st, PC_TYPE);
	int64_t received = db_col_int(st, PC_RECEIVED_AT);
	int remote = pstore_agency_remote(db, db_col_int(st, PC_AGENCY));
	json_t *after = NULL;
	int rc = 0;
	const char *mail = NULL;
	if (strcmp(name, "assign") == 0) {
		long long unit = svc_has_text(act->unit) ? pstore_unit(db, agency, act->unit) : 0;
		long long officer =
			svc_has_text(act->officer) ? pstore_staff(db, agency, act->officer) : 0;
		if (!unit)
			rc = problem_field(p, "unit", "Không có đơn vị này trong cơ quan.",
					   "There is no such unit in the agency.");
		else if (svc_has_text(act->officer) && !officer)
			rc = problem_field(p, "officer", "Không có cán bộ này trong cơ quan.",
					   "There is no such officer in the agency.");
		else if (petition_status_is(st, "forwarded", NULL))
			rc = petition_bad_state(p);
		else if (pstore_assign(db, id, unit, officer, now))
			rc = problem_kind(p, ERR_INTERNAL);
		else
			after = json_pack("{s:s,s:s?}", "unit", act->unit, "officer", act->officer);
	} else if (strcmp(name, "classify") == 0) {
		int64_t ack, fwd, due;
		if (!svc_one_of(act->type, TYPES))
			rc = problem_field(p, "type", "Loại đơn không hợp lệ.",
					   "The type is not valid.");
		else if (!petition_status_is(st, "received", NULL))
			rc = petition_bad_state(p);
		else {
			receipt_deadlines(a, act->type, received, &ack, &fwd, &due);
			const char *field = act->field ? act->field : db_col_text(st, PC_FIELD);
			if (pstore_classify(db, id, act->type, field, ack, fwd, due, now))
				rc = problem_kind(p, ERR_INTERNAL);
			else
				after = json_pack("{s:s,s:s,s:s}", "from", type, "type", act->type,
						  "field", field);
		}
	} else if (strcmp(name, "accept") == 0) {
		if (!petition_status_is(st, "received", NULL))
			rc = petition_bad_state(p);
		else {
			int64_t due =
				is_type(type, "complaint") || is_type(type, "denunciation")
					? resolve_due(a, type, act->complex, remote, received, now)
					: db_col_int(st, PC_DUE);
			if (pstore_accept(db, id, act->complex, due, now))
				rc = problem_kind(p, ERR_INTERNAL);
			else
				after = json_pack("{s:s,s:b,s:o}", "status", "accepted", "complex",
						  act->complex, "due_at", svc_iso(due));
		}
	} else if (strcmp(name, "forward") == 0) {
		if (!svc_has_text(act->to))
			rc = problem_field(p, "to", "Vui lòng nhập cơ quan có thẩm quyền nhận đơn.",
					   "Please enter the competent agency.");
		else if (!petition_status_is(st, "received", "accepted"))
			rc = petition_bad_state(p);
		else if (pstore_forward(db, id, act->to, act->doc_no, now))
			rc = problem_kind(p, ERR_INTERNAL);
		else {
			after = json_pack("{s:s,s:s,s:s?}", "status", "forwarded", "to", act->to,
					  "doc_no", act->doc_no);
			mail = "forwarded";
		}
	} else if (strcmp(name, "extend") == 0) {
		if (!is_type(type, "denunciation") || !petition_status_is(st, "accepted", NULL) ||
		    db_col_null(st, PC_DUE))
			rc = petition_bad_state(p);
		else if (db_col_int(st, PC_EXTENSIONS) >= PETITION_EXTENSIONS_MAX)
			rc = problem_set(p, ERR_CONFLICT, "extension_limit", NULL,
					 "Thời hạn giải quyết tố cáo chỉ được gia hạn tối đa hai "
					 "lần, mỗi lần 30 ngày.",
					 "A denunciation's time limit may be extended at most "
					 "twice, 30 days each.");
		else if (!svc_has_text(act->reason))
			rc = problem_field(p, "reason", "Vui lòng nêu lý do gia hạn.",
					   "Please give the reason for the extension.");
		else {
			int64_t due = add_limit(a, db_col_int(st, PC_DUE), 30, "days");
			if (pstore_extend(db, id, due, now))
				rc = problem_kind(p, ERR_INTERNAL);
			else
				after = json_pack("{s:I,s:o}", "extensions",
						  (json_int_t)db_col_int(st, PC_EXTENSIONS) + 1,
						  "due_at", svc_iso(due));
		}
	} else if (strcmp(name, "answer") == 0) {
		if (!svc_has_text(act->text))
			rc = problem_field(p, "text", "Vui lòng nhập nội dung trả lời.",
					   "Please enter the answer.");
		else if (!petition_status_is(st, "received", "accepted"))
			rc = petition_bad_state(p);
		else if (pstore_answer(db, id, act->text, now))
			rc = problem_kind(p, ERR_INTERNAL);
		else {
			after = json_pack("{s:s}", "status", "answered");
			mail = "answered";
		}
	} else if (strcmp(name, "publish") == 0) {
		if (!petition_status_is(st, "answered", NULL))
			rc = petition_bad_state(p);
		else if (!(rc = act_publish(db, id, st, act, now, p)))
			after = json_pack("{s:b}", "published", 1);
	} else { /* reopen */
		if (!petition_status_is(st, "answered", "forwarded"))
			rc = petition_bad_state(p);
		else if (!svc_has_text(act->reason))
			rc = problem_field(p, "reason", "Vui lòng nêu lý do mở lại đơn.",
					   "Please give the reason for re-opening.");
		else {
			int64_t due =
				resolve_due(a, type, db_col_int(st, PC_COMPLEX), remote, 0, now);
			if (pstore_reopen(db, id, due, now))
				rc = problem_kind(p, ERR_INTERNAL);
			else
				after = json_pack("{s:s,s:I,s:o}", "status", "accepted", "reopened",
						  (json_int_t)db_col_int(st, PC_REOPENED) + 1,
						  "due_at", svc_iso(due));
		}
	}
	db_done(st);
	if (rc)
		return rc;
	char action[48];
	snprintf(action, sizeof action, "petition.%s", name);
	if (petition_audit(db, who, now, action, id, after))
		return problem_kind(p, ERR_INTERNAL);
	if (mail) {
		struct db_stmt *s2 = pstore_get(db, id, 0);
		rc = s2 ? notice(db, a, s2, mail, mailed) : ERR_INTERNAL;
		db_done(s2);
		if (rc)
			return problem_kind(p, ERR_INTERNAL);
	}
	return petition_get(db, a, who, now, id, p, out);
}
