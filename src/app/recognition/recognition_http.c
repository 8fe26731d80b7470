/*
 * recognition_http.c — the handlers of recognition (see
 * recognition_routes.h for who may call): parse (jin: NFC, lengths in
 * characters, the field named), call a service (recognition.h), reply. No
 * SQL.
 *
 *   GET  /api/v1/public/recognitions?agency=CODE&year=YYYY   anyone: the recognised
 *   POST /api/v1/recognitions                   nominate → 201
 *   GET  /api/v1/recognitions?status=&year=     the agency's nominations
 *   GET  /api/v1/recognitions/praise?username=  heads, leaders: praises to attach
 *   GET  /api/v1/recognitions/{id}              one nomination
 *   POST /api/v1/recognitions/{id}/actions      {action, comment, source, source_id,
 *                                                text, praise_id}
 *
 * Writes run on the writer thread in one transaction (row, history, audit);
 * reads on the HTTP worker thread with c->db.
 */
#include <stdio.h>
#include <string.h>

#include "app/platform/jin.h"
#include "app/recognition/recognition.h"
#include "app/recognition/recognition_routes.h"

#define QS_CODE_MAX 40
#define USERNAME_MAX 64

static int parse_praise(struct ctx *c, json_t *o, const char *prefix, struct recog_praise_in *in)
{
	char fs[48], fi[48], ft[48];
	snprintf(fs, sizeof fs, "%ssource", prefix);
	snprintf(fi, sizeof fi, "%s%s", prefix, prefix[0] ? "id" : "source_id");
	snprintf(ft, sizeof ft, "%stext", prefix);
	const char *kid = prefix[0] ? "id" : "source_id";
	return jin_line(c, o, "source", arena_strdup(&c->r->arena, fs), 20,
			prefix[0] ? JIN_REQUIRED : JIN_OPTIONAL, &in->source) ||
	       jin_int(c, o, kid, arena_strdup(&c->r->arena, fi), 1, 999999999999999LL,
		       prefix[0] ? JIN_REQUIRED : JIN_OPTIONAL, &in->id, NULL) ||
	       jin_text(c, o, "text", arena_strdup(&c->r->arena, ft), RECOG_PRAISE_CHARS,
			JIN_OPTIONAL, &in->text);
}

static int create_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = recognition_create(db, c->app, &who, app_now(c->app), c->warg, &c->prob, &c->out);
	c->out_status = 201;
	return rc;
}

enum http_result h_recog_create(struct ctx *c)
{
	struct recog_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	json_t *b = c->body, *praises;
	if (jin_line(c, b, "kind", "kind", 20, JIN_REQUIRED, &in->kind) ||
	    jin_line(c, b, "username", "username", USERNAME_MAX, JIN_OPTIONAL, &in->username) ||
	    jin_line(c, b, "title", "title", RECOG_TITLE_CHARS, JIN_OPTIONAL, &in->title) ||
	    jin_line(c, b, "unit", "unit", QS_CODE_MAX, JIN_OPTIONAL, &in->unit) ||
	    jin_int(c, b, "year", "year", 2000, 2100, JIN_OPTIONAL, &in->year, NULL) ||
	    jin_text(c, b, "reasons", "reasons", RECOG_REASONS_CHARS, JIN_REQUIRED, &in->reasons) ||
	    jin_array(c, b, "praises", "praises", RECOG_PRAISES_MAX, JIN_OPTIONAL, &praises))
		return reply_problem(c);
	for (size_t i = 0; praises && i < json_array_size(praises); i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "praises[%zu].", i);
		json_t *o = json_array_get(praises, i);
		if (!json_is_object(o)) {
			prefix[strlen(prefix) - 1] = '\0';
			jin_invalid(c, arena_strdup(&c->r->arena, prefix));
			return reply_problem(c);
		}
		if (parse_praise(c, o, prefix, &in->praises[i]))
			return reply_problem(c);
		in->npraises++;
	}
	return app_write(c, create_write, in);
}

/* {id}: an unknown or malformed one is the same 404. */
static int recog_id(struct ctx *c, long long *id)
{
	return param_id(c, 0, id, "recognition_not_found", "Không có đề nghị khen thưởng này.",
			"There is no such nomination.");
}

enum http_result h_recog_get(struct ctx *c)
{
	long long id;
	json_t *o;
	struct actor who = ctx_who(c);
	if (recog_id(c, &id) || recognition_get(c->db, &who, id, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_recog_list(struct ctx *c)
{
	const char *status;
	long long year;
	json_t *o;
	struct actor who = ctx_who(c);
	if (qs_line(c, "status", 20, &status) || qs_int(c, "year", 2000, 2100, 0, &year) ||
	    recognition_list(c->db, &who, status, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_recog_praise(struct ctx *c)
{
	const char *username;
	json_t *o;
	struct actor who = ctx_who(c);
	if (qs_line(c, "username", USERNAME_MAX, &username) ||
	    recognition_praise_candidates(c->db, &who, username, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct act_req {
	long long id;
	struct recog_action a;
};

static int action_write(struct ctx *c, struct db *db)
{
	struct act_req *r = c->warg;
	struct actor who = ctx_who(c);
	return recognition_act(db, c->app, &who, app_now(c->app), r->id, &r->a, &c->prob, &c->out);
}

enum http_result h_recog_action(struct ctx *c)
{
	struct act_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	json_t *b = c->body;
	if (recog_id(c, &r->id) ||
	    jin_line(c, b, "action", "action", 20, JIN_REQUIRED, &r->a.action) ||
	    jin_text(c, b, "comment", "comment", RECOG_COMMENT_CHARS, JIN_OPTIONAL,
		     &r->a.comment) ||
	    parse_praise(c, b, "", &r->a.praise) ||
	    jin_int(c, b, "praise_id", "praise_id", 1, 999999999999999LL, JIN_OPTIONAL,
		    &r->a.praise_id, NULL))
		return reply_problem(c);
	return app_write(c, action_write, r);
}

enum http_result h_recog_public(struct ctx *c)
{
	const char *agency;
	long long year;
	json_t *o;
	if (qs_line(c, "agency", QS_CODE_MAX, &agency) || qs_int(c, "year", 2000, 2100, 0, &year) ||
	    recognition_public(c->db, agency, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}
