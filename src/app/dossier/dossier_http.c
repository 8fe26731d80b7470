/*
 * dossier_http.c — the dossier API's handlers (see dossier_routes.h for who
 * may call what): parse (dossier_parse.c), call a service (dossier.h),
 * reply. No SQL here. Writes go through app_write with a write function
 * that only adapts the request to the service: ctx_who(c) for who acts and
 * app_now(c->app) for when (an intake uses the instant it was planned at).
 *
 *   POST /api/v1/dossiers                      intake at the counter → 201
 *   POST /api/v1/public/submissions            online submission → 201 (submitted)
 *   GET  /api/v1/dossiers?status=&overdue=&assignee=me&q=&field=&unit=&limit=&offset=
 *   GET  /api/v1/dossiers/{code}               everything, for the dossier roles
 *   GET  /api/v1/dossiers/{code}/history       the control sheet's hand-overs
 *   POST /api/v1/dossiers/{code}/actions       {"action": …}
 *   GET  /api/v1/dossiers/{code}/attachments/{sha256}
 *   GET  /api/v1/public/dossiers/{code}        public tracking, no personal data
 */
#include <stdio.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/dossier/dossier_parse.h"
#include "app/dossier/dossier_routes.h"
#include "app/platform/jin.h"
#include "auth/auth.h"

/* The public view's reply ceiling (core/jw.h). */
#define PUBLIC_VIEW_MAX (1u << 20)
/* Query text lengths of the inbox, in characters. */
#define INBOX_Q_MAX 100

static void intake_cleanup(struct ctx *c)
{
	if (c->warg)
		intake_free(c->warg);
}

/* Writer thread: the intake at the instant it was planned at. */
static int intake_write(struct ctx *c, struct db *db)
{
	struct intake *in = c->warg;
	struct actor who = ctx_who(c);
	int rc = dossier_intake(db, c->app, &who, in->now, in, &c->prob, &c->out, &c->mail_queued);
	c->out_status = 201;
	return rc;
}

enum http_result h_dossier_create(struct ctx *c)
{
	struct intake *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	if (intake_parse(c, in, 0))
		return reply_problem(c);
	return app_write(c, intake_write, in);
}

/* Writer thread: the address's quota, then the intake. */
static int submission_write(struct ctx *c, struct db *db)
{
	struct intake *in = c->warg;
	char h[AUTH_HASH_HEX], key[80];
	auth_token_hash(c->r->ip, strlen(c->r->ip), h);
	snprintf(key, sizeof key, "submit:%s", h);
	/* per client address (--submission-limit, default 300): mobile carriers put
	 * many phones behind one address, so this stops floods, not citizens */
	if (dossier_submission_quota(db, key, in->now, c->app->cfg.submissions_per_hour,
				     &c->prob)) {
		/* the counter row must stay: refuse without rolling back */
		c->out = NULL;
		c->out_status = 0;
		return 0;
	}
	return intake_write(c, db);
}

enum http_result h_submission_create(struct ctx *c)
{
	struct intake *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	c->warg = in;
	c->cleanup = intake_cleanup;
	if (intake_parse(c, in, 1))
		return reply_problem(c);
	return app_write(c, submission_write, in);
}

enum http_result h_dossier_get(struct ctx *c)
{
	struct actor who = ctx_who(c);
	json_t *o;
	if (dossier_view(c->db, c->app, &who, app_now(c->app), c->param[0], &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_dossier_history(struct ctx *c)
{
	struct actor who = ctx_who(c);
	json_t *o;
	if (dossier_history(c->db, &who, c->param[0], &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_public_dossier(struct ctx *c)
{
	struct jw w;
	jw_init(&w, PUBLIC_VIEW_MAX);
	if (dossier_public_view(c->db, c->app, app_now(c->app), c->param[0], &w, &c->prob)) {
		jw_free(&w);
		return reply_problem(c);
	}
	size_t len;
	char *body = buf_steal(&w.b, &len);
	http_reply(c->r, 200, "application/json; charset=utf-8", body, len);
	return HTTP_DONE;
}

/* Writer thread: the action, by the caller, now. */
static int action_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = dossier_act(db, c->app, &who, app_now(c->app), c->warg, &c->prob, &c->out,
			     &c->mail_queued);
	c->out_status = 200;
	return rc;
}

enum http_result h_dossier_action(struct ctx *c)
{
	struct action_req *ar = arena_alloc(&c->r->arena, sizeof *ar);
	if (action_parse(c, ar))
		return reply_problem(c);
	return app_write(c, action_write, ar);
}

enum http_result h_dossier_attachment(struct ctx *c)
{
	struct attachment_blob b;
	struct actor who = ctx_who(c);
	if (dossier_attachment(c->db, &who, c->param[0], c->param[1], &b, &c->prob))
		return reply_problem(c);
	http_add_header(c->r, "Content-Disposition", "attachment");
	http_reply(c->r, 200, arena_strdup(&c->r->arena, b.mime), b.data, b.len);
	return HTTP_DONE;
}

enum http_result h_dossiers(struct ctx *c)
{
	struct inbox_query q = {0};
	if (qs_line(c, "status", 30, &q.status) || qs_line(c, "assignee", 64, &q.assignee) ||
	    qs_line(c, "unit", 20, &q.unit) || qs_line(c, "field", 20, &q.field) ||
	    qs_line(c, "q", INBOX_Q_MAX, &q.q) || qs_bool(c, "overdue", &q.overdue) ||
	    qs_int(c, "limit", 1, DOSSIER_INBOX_MAX, 50, &q.limit) ||
	    qs_int(c, "offset", 0, 10000000, 0, &q.offset))
		return reply_problem(c);
	struct actor who = ctx_who(c);
	json_t *o;
	if (dossier_inbox(c->db, c->app, &who, app_now(c->app), &q, &c->r->arena, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}
