/*
 * petition_http.c — the handlers of citizens' voice (see petition_routes.h
 * for who may call): parse (jin: NFC, lengths in characters, the field
 * named), call a service (petition.h), reply. No SQL.
 *
 *   POST /api/v1/public/feedback                      the public form → 201 {code}
 *   GET  /api/v1/public/petitions/{code}              tracking by code
 *   POST /api/v1/public/petitions/{code}/satisfaction {satisfied: bool}
 *   GET  /api/v1/public/answers?q&limit&offset        the register of published answers
 *   GET  /api/v1/public/answers/{id}                  one, with its approved comments
 *   POST /api/v1/public/answers/{id}/comments         {name, email, content} → 202 pending
 *   POST /api/v1/petitions                            keyed in by an officer → 201
 *   GET  /api/v1/petitions?status&type&q&overdue&limit&offset   the inbox by deadline
 *   GET  /api/v1/petitions/comments?status            the moderation queue
 *   POST /api/v1/petitions/comments/{id}/actions      {action: approve|reject}
 *   GET  /api/v1/petitions/{id}                       the petition page's data
 *   POST /api/v1/petitions/{id}/actions               {action, …}
 *   POST /api/v1/petitions/{id}/identity              the petitioner (audited for a denunciation)
 *   GET  /api/v1/petitions/{id}/attachment            the feedback form's file
 *
 * Spam defences of the public form and comments, none of which annoys a
 * person: a honeypot field `website` (hidden from people; filled → 422 on
 * it), a size cap per field and on the file, and a quota per client
 * address (PETITION_FEEDBACK_PER_HOUR, counted by the writer in the store).
 * Writes run on the writer thread in one transaction (rows + audit + mail).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/petition/petition.h"
#include "app/petition/petition_routes.h"
#include "app/platform/jin.h"
#include "auth/auth.h"

#define QS_Q_MAX 100

/* The address's quota (writer thread): 0, or the refusal in c->prob. */
static int quota(struct ctx *c, struct db *db)
{
	char h[AUTH_HASH_HEX], key[96];
	auth_token_hash(c->r->ip, strlen(c->r->ip), h);
	snprintf(key, sizeof key, "feedback:%s", h);
	if (dossier_submission_quota(db, key, app_now(c->app), PETITION_FEEDBACK_PER_HOUR,
				     &c->prob) == 0)
		return 0;
	int retry = c->prob.retry_after;
	problem_set(&c->prob, ERR_THROTTLED, "too_many_submissions", NULL,
		    "Đã gửi quá nhiều ý kiến từ địa chỉ này; vui lòng thử lại sau một giờ.",
		    "Too many messages from this address; please try again in an hour.");
	c->prob.retry_after = retry;
	/* the counter row must stay: refuse without rolling back */
	c->out = NULL;
	c->out_status = 0;
	return -1;
}

/* The honeypot: a field people never see. */
static int honeypot(struct ctx *c)
{
	json_t *w = json_object_get(c->body, "website");
	if (json_is_string(w) && json_string_length(w) > 0) {
		problem_field(&c->prob, "website", "Vui lòng để trống trường này.",
			      "Please leave this field empty.");
		return -1;
	}
	return 0;
}

/* ---- the public feedback form ------------------------------------------------ */

struct feedback_req {
	struct petition_in in;
	unsigned char *file;
};

static void feedback_cleanup(struct ctx *c)
{
	struct feedback_req *f = c->warg;
	if (f)
		free(f->file);
}

static int feedback_write(struct ctx *c, struct db *db)
{
	if (quota(c, db))
		return 0;
	struct feedback_req *f = c->warg;
	struct actor who = ctx_who(c);
	who.staff_id = 0;
	int rc = petition_create(db, c->app, &who, app_now(c->app), &f->in, &c->prob, &c->out,
				 &c->mail_queued);
	c->out_status = 201;
	return rc;
}

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

static int parse_file(struct ctx *c, struct feedback_req *f, json_t *att)
{
	struct petition_in *in = &f->in;
	if (jin_line(c, att, "name", "attachment.name", 200, JIN_REQUIRED, &in->file_name))
		return -1;
	json_t *data = json_object_get(att, "data");
	if (!json_is_string(data) || json_string_length(data) == 0)
		return jin_required(c, "attachment.data");
	size_t b64 = json_string_length(data), cap = b64 / 4 * 3 + 3, len = 0;
	if (b64 / 4 * 3 > PETITION_FILE_MAX + 3) {
		problem_field(&c->prob, "attachment", "Tệp đính kèm vượt quá 5 MB.",
			      "The attachment is larger than 5 MB.");
		return -1;
	}
	f->file = xmalloc(cap);
	if (sodium_base642bin(f->file, cap, json_string_value(data), b64, " \r\n", &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len == 0) {
		problem_field(&c->prob, "attachment", "Dữ liệu tệp không đúng định dạng base64.",
			      "The file data is not valid base64.");
		return -1;
	}
	if (len > PETITION_FILE_MAX) {
		problem_field(&c->prob, "attachment", "Tệp đính kèm vượt quá 5 MB.",
			      "The attachment is larger than 5 MB.");
		return -1;
	}
	in->file_mime = sniff(f->file, len);
	if (!in->file_mime) {
		problem_field(&c->prob, "attachment", "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
			      "Only PDF, JPEG or PNG files are accepted.");
		return -1;
	}
	in->file = f->file;
	in->file_len = len;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, f->file, len);
	sodium_bin2hex(in->file_sha256, sizeof in->file_sha256, h, sizeof h);
	return 0;
}

enum http_result h_feedback_create(struct ctx *c)
{
	static const char *const types[] = {"reflection", "recommendation", NULL};
	struct feedback_req *f = arena_alloc(&c->r->arena, sizeof *f);
	memset(f, 0, sizeof *f);
	c->warg = f;
	c->cleanup = feedback_cleanup;
	struct petition_in *in = &f->in;
	in->channel = "online";
	json_t *att;
	if (honeypot(c) ||
	    jin_line(c, c->body, "name", "name", PETITION_NAME_CHARS, JIN_OPTIONAL, &in->name) ||
	    jin_line(c, c->body, "email", "email", IDENT_EMAIL_MAX, JIN_OPTIONAL, &in->email) ||
	    jin_line(c, c->body, "phone", "phone", 20, JIN_OPTIONAL, &in->phone) ||
	    jin_line(c, c->body, "subject", "subject", PETITION_SUBJECT_CHARS, JIN_OPTIONAL,
		     &in->subject) ||
	    jin_enum(c, c->body, "type", "type", types, JIN_OPTIONAL, &in->type) ||
	    jin_line(c, c->body, "field", "field", PETITION_FIELD_CHARS, JIN_OPTIONAL,
		     &in->field) ||
	    jin_text(c, c->body, "content", "content", PETITION_CONTENT_CHARS, JIN_OPTIONAL,
		     &in->content) ||
	    jin_object(c, c->body, "attachment", "attachment", JIN_OPTIONAL, &att))
		return reply_problem(c);
	if (!in->type)
		in->type = "reflection";
	if (att && parse_file(c, f, att))
		return reply_problem(c);
	if (petition_check(in, &c->prob))
		return reply_problem(c);
	return app_write(c, feedback_write, f);
}

/* ---- public tracking, satisfaction, register, comments ------------------------ */

enum http_result h_petition_track(struct ctx *c)
{
	json_t *o;
	if (petition_track(c->db, app_now(c->app), c->param[0], &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int satisfaction_write(struct ctx *c, struct db *db)
{
	int *v = c->warg;
	c->out_status = 200;
	return petition_satisfaction(db, app_now(c->app), c->param[0], *v, &c->prob, &c->out);
}

enum http_result h_petition_satisfaction(struct ctx *c)
{
	int *v = arena_alloc(&c->r->arena, sizeof *v);
	if (jin_bool(c, c->body, "satisfied", "satisfied", JIN_REQUIRED, v, NULL))
		return reply_problem(c);
	return app_write(c, satisfaction_write, v);
}

enum http_result h_answer_list(struct ctx *c)
{
	const char *q;
	long long limit, offset;
	json_t *o;
	if (qs_line(c, "q", QS_Q_MAX, &q) ||
	    qs_int(c, "limit", 1, PETITION_LIST_MAX, PETITION_LIST_DEFAULT, &limit) ||
	    qs_int(c, "offset", 0, 10000000, 0, &offset) ||
	    petition_register(c->db, q, limit, offset, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_answer_get(struct ctx *c)
{
	long long id;
	json_t *o;
	if (param_id(c, 0, &id, NULL, NULL, NULL) || petition_published(c->db, id, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct comment_req {
	long long id;
	const char *name, *email, *content;
};

static int comment_write(struct ctx *c, struct db *db)
{
	if (quota(c, db))
		return 0;
	struct comment_req *r = c->warg;
	c->out_status = 202;
	return petition_comment_add(db, app_now(c->app), r->id, r->name, r->email, r->content,
				    &c->prob, &c->out);
}

enum http_result h_answer_comment(struct ctx *c)
{
	struct comment_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	if (param_id(c, 0, &r->id, NULL, NULL, NULL) || honeypot(c) ||
	    jin_line(c, c->body, "name", "name", PETITION_NAME_CHARS, JIN_OPTIONAL, &r->name) ||
	    jin_line(c, c->body, "email", "email", IDENT_EMAIL_MAX, JIN_OPTIONAL, &r->email) ||
	    jin_text(c, c->body, "content", "content", PETITION_COMMENT_CHARS, JIN_OPTIONAL,
		     &r->content))
		return reply_problem(c);
	return app_write(c, comment_write, r);
}

/* ---- staff ---------------------------------------------------------------------- */

static int create_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	c->out_status = 201;
	return petition_create(db, c->app, &who, app_now(c->app), c->warg, &c->prob, &c->out,
			       &c->mail_queued);
}

enum http_result h_petition_create(struct ctx *c)
{
	static const char *const channels[] = {"reception", "post", "email", "hotline", NULL};
	static const char *const types[] = {"complaint", "denunciation", "recommendation",
					    "reflection", NULL};
	struct petition_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	json_t *pe;
	int has_people;
	if (jin_enum(c, c->body, "channel", "channel", channels, JIN_REQUIRED, &in->channel) ||
	    jin_enum(c, c->body, "type", "type", types, JIN_REQUIRED, &in->type) ||
	    jin_line(c, c->body, "field", "field", PETITION_FIELD_CHARS, JIN_OPTIONAL,
		     &in->field) ||
	    jin_line(c, c->body, "subject", "subject", PETITION_SUBJECT_CHARS, JIN_OPTIONAL,
		     &in->subject) ||
	    jin_text(c, c->body, "content", "content", PETITION_CONTENT_CHARS, JIN_OPTIONAL,
		     &in->content) ||
	    jin_int(c, c->body, "people", "people", 1, 1000, JIN_OPTIONAL, &in->people,
		    &has_people) ||
	    jin_object(c, c->body, "petitioner", "petitioner", JIN_REQUIRED, &pe) ||
	    jin_line(c, pe, "name", "petitioner.name", PETITION_NAME_CHARS, JIN_OPTIONAL,
		     &in->name) ||
	    jin_line(c, pe, "email", "petitioner.email", IDENT_EMAIL_MAX, JIN_OPTIONAL,
		     &in->email) ||
	    jin_line(c, pe, "phone", "petitioner.phone", 20, JIN_OPTIONAL, &in->phone) ||
	    jin_line(c, pe, "address", "petitioner.address", PETITION_ADDRESS_CHARS, JIN_OPTIONAL,
		     &in->address) ||
	    jin_line(c, pe, "id_number", "petitioner.id_number", 20, JIN_OPTIONAL, &in->id_number))
		return reply_problem(c);
	if (!has_people)
		in->people = 1;
	if (petition_check(in, &c->prob)) {
		/* the petitioner's fields are under petitioner. */
		if (c->prob.field[0] && strcmp(c->prob.field, "content") != 0 &&
		    strcmp(c->prob.field, "type") != 0 && strcmp(c->prob.field, "channel") != 0 &&
		    strcmp(c->prob.field, "people") != 0) {
			size_t n = strlen(c->prob.field);
			if (n + 11 < sizeof c->prob.field) {
				memmove(c->prob.field + 11, c->prob.field, n + 1);
				memcpy(c->prob.field, "petitioner.", 11);
			}
		}
		return reply_problem(c);
	}
	return app_write(c, create_write, in);
}

enum http_result h_petition_list(struct ctx *c)
{
	struct petition_query q = {0};
	struct actor who = ctx_who(c);
	json_t *o;
	if (qs_line(c, "status", 20, &q.status) || qs_line(c, "type", 20, &q.type) ||
	    qs_line(c, "q", QS_Q_MAX, &q.q) || qs_bool(c, "overdue", &q.overdue_only) ||
	    qs_int(c, "limit", 1, PETITION_LIST_MAX, PETITION_LIST_DEFAULT, &q.limit) ||
	    qs_int(c, "offset", 0, 10000000, 0, &q.offset) ||
	    petition_list(c->db, c->app, &who, app_now(c->app), &q, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_petition_get(struct ctx *c)
{
	long long id;
	struct actor who = ctx_who(c);
	json_t *o;
	if (param_id(c, 0, &id, NULL, NULL, NULL) ||
	    petition_get(c->db, c->app, &who, app_now(c->app), id, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct pet_action_req {
	long long id;
	struct petition_action act;
};

static int action_write(struct ctx *c, struct db *db)
{
	struct pet_action_req *r = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	return petition_act(db, c->app, &who, app_now(c->app), r->id, &r->act, &c->prob, &c->out,
			    &c->mail_queued);
}

enum http_result h_petition_action(struct ctx *c)
{
	struct pet_action_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	struct petition_action *a = &r->act;
	json_t *b = c->body;
	int cx = 0;
	if (param_id(c, 0, &r->id, NULL, NULL, NULL) ||
	    jin_line(c, b, "action", "action", 20, JIN_REQUIRED, &a->action) ||
	    jin_line(c, b, "unit", "unit", 40, JIN_OPTIONAL, &a->unit) ||
	    jin_line(c, b, "officer", "officer", 64, JIN_OPTIONAL, &a->officer) ||
	    jin_line(c, b, "type", "type", 20, JIN_OPTIONAL, &a->type) ||
	    jin_line(c, b, "field", "field", PETITION_FIELD_CHARS, JIN_OPTIONAL, &a->field) ||
	    jin_bool(c, b, "complex", "complex", JIN_OPTIONAL, &cx, NULL) ||
	    jin_line(c, b, "to", "to", 300, JIN_OPTIONAL, &a->to) ||
	    jin_line(c, b, "doc_no", "doc_no", 100, JIN_OPTIONAL, &a->doc_no) ||
	    jin_text(c, b, "reason", "reason", PETITION_NOTE_CHARS, JIN_OPTIONAL, &a->reason) ||
	    jin_text(c, b, "text", "text", PETITION_ANSWER_CHARS, JIN_OPTIONAL, &a->text) ||
	    jin_line(c, b, "title", "title", PETITION_SUBJECT_CHARS, JIN_OPTIONAL, &a->title) ||
	    jin_text(c, b, "question", "question", PETITION_CONTENT_CHARS, JIN_OPTIONAL,
		     &a->question) ||
	    jin_text(c, b, "answer", "answer", PETITION_ANSWER_CHARS, JIN_OPTIONAL, &a->answer))
		return reply_problem(c);
	a->complex = cx;
	return app_write(c, action_write, r);
}

static int identity_write(struct ctx *c, struct db *db)
{
	long long *id = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	return petition_identity(db, &who, app_now(c->app), *id, &c->prob, &c->out);
}

enum http_result h_petition_identity(struct ctx *c)
{
	long long *id = arena_alloc(&c->r->arena, sizeof *id);
	if (param_id(c, 0, id, NULL, NULL, NULL))
		return reply_problem(c);
	return app_write(c, identity_write, id);
}

enum http_result h_petition_attachment(struct ctx *c)
{
	long long id;
	struct actor who = ctx_who(c);
	struct petition_file f;
	if (param_id(c, 0, &id, NULL, NULL, NULL) ||
	    petition_attachment(c->db, &who, id, &f, &c->prob))
		return reply_problem(c);
	http_add_header(c->r, "Content-Disposition", "attachment");
	http_reply(c->r, 200, arena_strdup(&c->r->arena, f.mime), f.data, f.len);
	return HTTP_DONE;
}

enum http_result h_petition_comments(struct ctx *c)
{
	const char *status;
	struct actor who = ctx_who(c);
	json_t *o;
	if (qs_line(c, "status", 20, &status) ||
	    petition_comment_list(c->db, &who, status, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct moderate_req {
	long long id;
	const char *action;
};

static int moderate_write(struct ctx *c, struct db *db)
{
	struct moderate_req *r = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	return petition_comment_moderate(db, &who, app_now(c->app), r->id, r->action, &c->prob,
					 &c->out);
}

enum http_result h_petition_comment_action(struct ctx *c)
{
	static const char *const actions[] = {"approve", "reject", NULL};
	struct moderate_req *r = arena_alloc(&c->r->arena, sizeof *r);
	if (param_id(c, 0, &r->id, NULL, NULL, NULL) ||
	    jin_enum(c, c->body, "action", "action", actions, JIN_REQUIRED, &r->action))
		return reply_problem(c);
	return app_write(c, moderate_write, r);
}
