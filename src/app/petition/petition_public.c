/*
 * petition_public.c — the public side of petitions (petition.h): tracking by
 * code, the citizen's satisfaction, the register of published answers, the
 * comments on them (held for moderation) and their moderation, the
 * attachment and the public list (Open311). No SQL (petition_store.c),
 * nothing of HTTP. No personal data leaves here: a commenter's name and
 * e-mail are never part of a public answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/petition/petition.h"
#include "app/petition/petition_impl.h"
#include "app/petition/petition_store.h"
#include "app/platform/svc.h"
#include "auth/auth.h"
#include "core/fold.h"
#include "core/mem.h"
#include "core/vntime.h"

/* ---- public ------------------------------------------------------------------- */

int petition_track(struct db *db, int64_t now, const char *code, struct problem *p, json_t **out)
{
	*out = NULL;
	(void)now;
	struct db_stmt *st = code ? pstore_by_code(db, code) : NULL;
	if (!st)
		return petition_not_found(p);
	int answered = !db_col_null(st, PC_ANSWERED_AT) && petition_status_is(st, "answered", NULL);
	/* the written answer itself goes to the citizen (mail, post): it may
	 * name him, so tracking shows the dates and the published answer only */
	*out = json_pack(
		"{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "code", db_col_text(st, PC_CODE),
		"type", db_col_text(st, PC_TYPE), "status", db_col_text(st, PC_STATUS),
		"received_at", svc_iso(db_col_int(st, PC_RECEIVED_AT)), "ack_due_at",
		svc_iso(db_col_int(st, PC_ACK_DUE)), "due_at", svc_iso_col(st, PC_DUE),
		"forwarded_to",
		petition_status_is(st, "forwarded", NULL)
			? json_string(db_col_text(st, PC_FORWARDED_TO))
			: json_null(),
		"answered_at", answered ? svc_iso(db_col_int(st, PC_ANSWERED_AT)) : json_null(),
		"satisfaction", svc_text_or_null(st, PC_SATISFACTION), "published_id",
		db_col_null(st, PC_PUBLISHED_AT) ? json_null()
						 : json_integer(db_col_int(st, PC_ID)));
	db_done(st);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int petition_satisfaction(struct db *db, int64_t now, const char *code, int satisfied,
			  struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = code ? pstore_by_code(db, code) : NULL;
	if (!st)
		return petition_not_found(p);
	long long id = db_col_int(st, PC_ID);
	int answered = petition_status_is(st, "answered", NULL);
	db_done(st);
	if (!answered)
		return problem_set(p, ERR_CONFLICT, "not_answered", NULL, "Đơn chưa được trả lời.",
				   "The petition has not been answered yet.");
	const char *v = satisfied ? "satisfied" : "not_satisfied";
	int r = pstore_satisfaction(db, id, v, now);
	if (r < 0)
		return problem_kind(p, ERR_INTERNAL);
	if (r == 0)
		return problem_set(p, ERR_CONFLICT, "already_rated", NULL,
				   "Ông/Bà đã cho biết mức độ hài lòng với câu trả lời này.",
				   "You have already rated this answer.");
	struct actor anon = {.name = "anonymous"};
	if (petition_audit(db, &anon, now, "petition.satisfaction", id,
			   json_pack("{s:s}", "satisfaction", v)))
		return problem_kind(p, ERR_INTERNAL);
	return petition_track(db, now, code, p, out);
}

int petition_register(struct db *db, const char *q, long long limit, long long offset,
		      struct problem *p, json_t **out)
{
	*out = NULL;
	char fq[FOLD_LINE_CAP(100)];
	size_t fl;
	const char *fqp = NULL;
	if (q && fold_key(q, strlen(q), fq, sizeof fq, &fl) == 0 && fl)
		fqp = fq;
	json_t *items = json_array();
	struct db_stmt *st = pstore_register(db, fqp, limit, offset);
	while (db_step(st) == DB_ROW) {
		const char *question = db_col_text(st, PR_QUESTION);
		/* the first 300 characters (UTF-8: cut at a character's start) */
		size_t n = 0, chars = 0;
		while (question[n] && chars < 300) {
			n++;
			while ((question[n] & 0xC0) == 0x80)
				n++;
			chars++;
		}
		json_t *it = json_pack("{s:I,s:s,s:s,s:s,s:o,s:s%,s:b}", "id",
				       (json_int_t)db_col_int(st, PR_ID), "title",
				       db_col_text(st, PR_TITLE), "type", db_col_text(st, PR_TYPE),
				       "field", db_col_text(st, PR_FIELD), "published_at",
				       svc_iso(db_col_int(st, PR_PUBLISHED_AT)), "question",
				       question, n, "truncated", question[n] != 0);
		if (it)
			json_array_append_new(items, it);
	}
	db_done(st);
	*out = json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)pstore_register_count(db, fqp),
			 "limit", (json_int_t)limit, "offset", (json_int_t)offset, "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

static json_t *comments_json(struct db_stmt *st, int with_status)
{
	json_t *arr = json_array();
	while (db_step(st) == DB_ROW) {
		json_t *c = json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)db_col_int(st, PCM_ID),
				      "name", db_col_text(st, PCM_NAME), "content",
				      db_col_text(st, PCM_CONTENT), "created_at",
				      svc_iso(db_col_int(st, PCM_CREATED_AT)));
		if (c && with_status) {
			json_object_set_new(c, "status", json_string(db_col_text(st, PCM_STATUS)));
			json_object_set_new(c, "petition_id",
					    json_integer(db_col_int(st, PCM_PETITION)));
			json_object_set_new(c, "title", json_string(db_col_text(st, PCM_TITLE)));
		}
		if (c)
			json_array_append_new(arr, c);
	}
	db_done(st);
	return arr;
}

int petition_published(struct db *db, long long id, struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *st = pstore_get(db, id, 0);
	if (!st || db_col_null(st, PC_PUBLISHED_AT)) {
		db_done(st);
		return problem_set(p, ERR_NOT_FOUND, "answer_not_found", NULL,
				   "Không có câu trả lời công khai này.",
				   "There is no such published answer.");
	}
	*out = json_pack(
		"{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s}", "id", (json_int_t)id, "title",
		db_col_text(st, PC_PUB_TITLE), "type", db_col_text(st, PC_TYPE), "field",
		db_col_text(st, PC_FIELD), "received_at", svc_iso(db_col_int(st, PC_RECEIVED_AT)),
		"answered_at", svc_iso_col(st, PC_ANSWERED_AT), "published_at",
		svc_iso(db_col_int(st, PC_PUBLISHED_AT)), "question",
		db_col_text(st, PC_PUB_QUESTION), "answer", db_col_text(st, PC_PUB_ANSWER));
	db_done(st);
	if (!*out)
		return problem_kind(p, ERR_INTERNAL);
	json_object_set_new(*out, "comments",
			    comments_json(pstore_comments_of(db, id, "approved"), 0));
	return 0;
}

int petition_comment_add(struct db *db, int64_t now, long long petition_id, const char *name,
			 const char *email, const char *content, struct problem *p, json_t **out)
{
	*out = NULL;
	if (!svc_has_text(name))
		return problem_field(p, "name", "Vui lòng nhập họ và tên.",
				     "Please enter your full name.");
	char em[IDENT_EMAIL_CAP];
	if (!svc_has_text(email))
		return problem_field(p, "email", "Vui lòng nhập địa chỉ thư điện tử.",
				     "Please enter your e-mail address.");
	if (ident_check_email(email, strlen(email), em, sizeof em) != IDENT_OK)
		return problem_field(p, "email",
				     "Địa chỉ thư điện tử không đúng (ví dụ: ten@example.vn).",
				     "The e-mail address is not valid (e.g. name@example.vn).");
	if (!svc_has_text(content))
		return problem_field(p, "content", "Vui lòng nhập nội dung ý kiến.",
				     "Please enter your comment.");
	struct db_stmt *st = pstore_get(db, petition_id, 0);
	int published = st && !db_col_null(st, PC_PUBLISHED_AT);
	db_done(st);
	if (!published)
		return problem_set(p, ERR_NOT_FOUND, "answer_not_found", NULL,
				   "Không có câu trả lời công khai này.",
				   "There is no such published answer.");
	long long id;
	if (pstore_comment_insert(db, petition_id, name, em, content, now, &id))
		return problem_kind(p, ERR_INTERNAL);
	struct actor anon = {.name = "anonymous"};
	if (petition_audit(db, &anon, now, "petition.comment", petition_id,
			   json_pack("{s:I,s:s}", "comment", (json_int_t)id, "status", "pending")))
		return problem_kind(p, ERR_INTERNAL);
	*out = json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "pending");
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int petition_comment_list(struct db *db, const struct actor *viewer, const char *status,
			  struct problem *p, json_t **out)
{
	*out = NULL;
	static const char *const ST[] = {"pending", "approved", "rejected", NULL};
	if (!status)
		status = "pending";
	if (!svc_one_of(status, ST))
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "status",
				   "Trạng thái không hợp lệ.", "The status is not valid.");
	*out = json_pack(
		"{s:o}", "items",
		comments_json(pstore_comments(db, petition_viewer_agency(db, viewer), status), 1));
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int petition_comment_moderate(struct db *db, const struct actor *who, int64_t now,
			      long long comment_id, const char *action, struct problem *p,
			      json_t **out)
{
	*out = NULL;
	int approve = action && strcmp(action, "approve") == 0;
	if (!approve && !(action && strcmp(action, "reject") == 0))
		return problem_field(p, "action", "Thao tác phải là approve hoặc reject.",
				     "The action must be approve or reject.");
	struct db_stmt *st = pstore_comment_get(db, comment_id, dossier_viewer_agency(db, who));
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "comment_not_found", NULL,
				   "Không có ý kiến này.", "There is no such comment.");
	long long pid = db_col_int(st, PCM_PETITION);
	int pending = strcmp(db_col_text(st, PCM_STATUS), "pending") == 0;
	db_done(st);
	if (!pending)
		return petition_bad_state(p);
	const char *status = approve ? "approved" : "rejected";
	if (pstore_comment_set(db, comment_id, status, who->staff_id, now) ||
	    petition_audit(
		    db, who, now, approve ? "petition.comment_approve" : "petition.comment_reject",
		    pid,
		    json_pack("{s:I,s:s}", "comment", (json_int_t)comment_id, "status", status)))
		return problem_kind(p, ERR_INTERNAL);
	*out = json_pack("{s:I,s:I,s:s}", "id", (json_int_t)comment_id, "petition_id",
			 (json_int_t)pid, "status", status);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int petition_attachment(struct db *db, const struct actor *viewer, long long id,
			struct petition_file *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = pstore_file(db, id, petition_viewer_agency(db, viewer));
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "attachment_not_found", NULL,
				   "Không có tệp đính kèm.", "There is no attachment.");
	out->len = db_col_len(st, PF_DATA);
	out->data = xmalloc(out->len ? out->len : 1);
	memcpy(out->data, db_col_blob(st, PF_DATA), out->len);
	snprintf(out->mime, sizeof out->mime, "%s", db_col_text(st, PF_MIME));
	snprintf(out->name, sizeof out->name, "%s", db_col_text(st, PF_NAME));
	db_done(st);
	return 0;
}

int petition_public_list(struct db *db, const struct petition_pub_query *q, struct problem *p,
			 json_t **out)
{
	*out = NULL;
	struct db_stmt *st = pstore_public(db, q);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int published = !db_col_null(st, 9);
		int forwarded = strcmp(db_col_text(st, 3), "forwarded") == 0;
		json_array_append_new(
			items,
			json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
				  (json_int_t)db_col_int(st, 0), "type", db_col_text(st, 1),
				  "field", db_col_text(st, 2), "status", db_col_text(st, 3),
				  "agency", db_col_text(st, 4), "received_at",
				  svc_iso(db_col_int(st, 5)), "updated_at",
				  svc_iso(db_col_int(st, 6)), "due_at", svc_iso_col(st, 7),
				  "forwarded_to",
				  forwarded ? json_string(db_col_text(st, 8)) : json_null(),
				  "question",
				  published ? json_string(db_col_text(st, 10)) : json_null(),
				  "answer",
				  published ? json_string(db_col_text(st, 11)) : json_null()));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}
