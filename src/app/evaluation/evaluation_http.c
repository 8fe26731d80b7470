/*
 * evaluation_http.c — the evaluation domain's handlers (see
 * evaluation_routes.h for who may call): parse (jin), call a service
 * (evaluation.h), reply. No SQL.
 *
 *   GET  /api/v1/public/evaluations/form     the levels and reasons, with labels
 *   GET  /api/v1/public/evaluations/tablet   the tablet's screen (X-Device-Token)
 *   POST /api/v1/public/evaluations          {dossier, secret | (tablet) ticket, level, reasons,
 * comment} POST /api/v1/service-evaluations/devices         {counter}: a tablet's token (admin) GET
 * /api/v1/service-evaluations?level=          the heads' list GET
 * /api/v1/queue/figures?from=&to=&by= the counter floor's figures
 */
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/evaluation/evaluation.h"
#include "app/evaluation/evaluation_routes.h"
#include "app/platform/jin.h"
#include "auth/auth.h"
#include "core/vntime.h"

/* The tablet's device token, hashed (NULL when absent or malformed). */
static const char *device_hash(struct ctx *c)
{
	const char *tok = http_header(c->r, "X-Device-Token");
	if (!tok || strlen(tok) != AUTH_TOKEN_LEN)
		return NULL;
	char *h = arena_alloc(&c->r->arena, AUTH_HASH_HEX);
	auth_token_hash(tok, AUTH_TOKEN_LEN, h);
	return h;
}

enum http_result h_eval_form(struct ctx *c)
{
	return reply_json(c, 200, evaluation_form_json());
}

enum http_result h_eval_tablet(struct ctx *c)
{
	json_t *o;
	if (evaluation_tablet(c->db, app_now(c->app), device_hash(c), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int submit_write(struct ctx *c, struct db *db)
{
	int created = 0;
	int rc = evaluation_submit(db, app_now(c->app), c->warg, &created, &c->prob, &c->out);
	if (c->out) /* else a refusal, committed with the throttle's count */
		c->out_status = created ? 201 : 200;
	return rc;
}

static const char *const CHANNELS[] = {"tracking", "email", NULL};

enum http_result h_eval_submit(struct ctx *c)
{
	struct eval_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	json_t *reasons = NULL;
	if (jin_line(c, c->body, "level", "level", 20, JIN_REQUIRED, &in->level) ||
	    jin_array(c, c->body, "reasons", "reasons", EVAL_REASONS_MAX, JIN_OPTIONAL, &reasons) ||
	    jin_text(c, c->body, "comment", "comment", EVAL_COMMENT_CHARS, JIN_OPTIONAL,
		     &in->comment))
		return reply_problem(c);
	if (!evaluation_level_ok(in->level))
		return jin_invalid(c, "level"), reply_problem(c);
	size_t i;
	json_t *v;
	json_array_foreach (reasons, i, v) {
		if (!json_is_string(v) || !evaluation_reason_ok(json_string_value(v)))
			return jin_invalid(c, "reasons"), reply_problem(c);
		in->reasons[in->nreasons++] = json_string_value(v);
	}
	in->device_hash = device_hash(c);
	if (in->device_hash) {
		if (jin_line(c, c->body, "ticket", "ticket", 8, JIN_REQUIRED, &in->ticket))
			return reply_problem(c);
	} else {
		if (jin_line(c, c->body, "dossier", "dossier", 40, JIN_REQUIRED, &in->dossier) ||
		    jin_line(c, c->body, "secret", "secret", 20, JIN_REQUIRED, &in->secret) ||
		    jin_enum(c, c->body, "channel", "channel", CHANNELS, JIN_OPTIONAL,
			     &in->channel))
			return reply_problem(c);
		/* the throttle: per client address, hashed */
		char h[AUTH_HASH_HEX];
		auth_token_hash(c->r->ip, strlen(c->r->ip), h);
		char *key = arena_alloc(&c->r->arena, 3 + AUTH_HASH_HEX);
		memcpy(key, "ev:", 3);
		memcpy(key + 3, h, AUTH_HASH_HEX);
		in->client_key = key;
	}
	return app_write(c, submit_write, in);
}

static int device_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = evaluation_device_create(db, &who, app_now(c->app), *(long long *)c->warg,
					  &c->prob, &c->out);
	c->out_status = 201;
	return rc;
}

enum http_result h_eval_device_create(struct ctx *c)
{
	long long *n = arena_alloc(&c->r->arena, sizeof *n);
	if (jin_int(c, c->body, "counter", "counter", 1, 999, JIN_REQUIRED, n, NULL))
		return reply_problem(c);
	return app_write(c, device_write, n);
}

enum http_result h_eval_devices(struct ctx *c)
{
	struct actor who = ctx_who(c);
	json_t *o;
	if (evaluation_devices(c->db, &who, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int device_revoke_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	return evaluation_device_revoke(db, &who, app_now(c->app), *(long long *)c->warg, &c->prob,
					&c->out);
}

enum http_result h_eval_device_revoke(struct ctx *c)
{
	long long *id = arena_alloc(&c->r->arena, sizeof *id);
	if (param_id(c, 0, id, "device_not_found", "Không có thiết bị đánh giá này.",
		     "There is no such evaluation tablet."))
		return reply_problem(c);
	return app_write(c, device_revoke_write, id);
}

static const char *const LEVELS[] = {"very_satisfied", "satisfied", "not_satisfied", NULL};

enum http_result h_eval_list(struct ctx *c)
{
	const char *level;
	long long limit, offset;
	if (qs_line(c, "level", 20, &level) || qs_int(c, "limit", 1, 200, 50, &limit) ||
	    qs_int(c, "offset", 0, 1000000, 0, &offset))
		return reply_problem(c);
	if (level && !evaluation_level_ok(level)) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "level",
			    "Mức độ hài lòng không hợp lệ.", "Unknown level.");
		return reply_problem(c);
	}
	(void)LEVELS;
	struct actor who = ctx_who(c);
	json_t *o;
	if (evaluation_list(c->db, &who, app_now(c->app), level, limit, offset, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_eval_figures(struct ctx *c)
{
	int64_t today = vn_day_of(app_now(c->app)), from, to;
	int rf = qs_date(c, "from", &from), rt = rf < 0 ? -1 : qs_date(c, "to", &to);
	const char *by;
	if (rf < 0 || rt < 0 || qs_line(c, "by", 10, &by))
		return reply_problem(c);
	if (rt == 1)
		to = rf == 1 ? today : from;
	if (rf == 1)
		from = to;
	struct actor who = ctx_who(c);
	long long agency = dossier_viewer_agency(c->db, &who);
	json_t *o;
	if (evaluation_figures(c->db, agency, from, to, by, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}
