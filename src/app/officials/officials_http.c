/*
 * officials_http.c — the handlers of the officials domain (see
 * officials_routes.h for who may call): parse (jin: NFC, lengths in
 * characters, the field named), call a service (officials.h), reply. No SQL.
 *
 *   GET  /api/v1/public/criteria?agency=&year=      the published set (anyone)
 *   GET  /api/v1/criteria?year=                     the agency's set
 *   PUT  /api/v1/criteria/{year}                    {scale_max, groups} | {copy_from}
 *   POST /api/v1/criteria/{id}/actions              {action: publish|reopen, reason}
 *   GET  /api/v1/commitments?year=&mine=&unit=&state=
 *   POST /api/v1/commitments                        {year, items, measures}: one's own
 *   GET  /api/v1/commitments/{id}
 *   POST /api/v1/commitments/{id}/actions           {action: submit|approve|return|reopen, comment}
 *   GET  /api/v1/evaluations?year=&kind=&unit=
 *   GET  /api/v1/evaluations/cycles?year=
 *   POST /api/v1/evaluations/cycles                 {year, kind, self_due, head_due, leader_due}
 *   POST /api/v1/evaluations/cycles/{id}/remind
 *   GET  /api/v1/evaluations/supervision?year=
 *   POST /api/v1/evaluations/{id}/actions           {action, items, submit, summary|comment|
 *                                                    conclusion|reason, rating, to}
 *   GET  /api/v1/evaluations/{year}/{username}?kind=
 *
 * Writes run on the writer thread (app_write); the cleaned arrays are new
 * references held by the request (freed by cleanup()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials.h"
#include "app/officials/officials_routes.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

static long long this_year(struct ctx *c)
{
	return vn_civil_of(app_now(c->app)).y;
}

static int qs_year(struct ctx *c, long long *year)
{
	return qs_int(c, "year", OFF_YEAR_MIN, OFF_YEAR_MAX, this_year(c), year);
}

/* A year in the path: 2000–2100, anything else 404. */
static int param_year(struct ctx *c, int i, long long *year)
{
	const char *s = c->param[i];
	char *end;
	long long y = s ? strtoll(s, &end, 10) : 0;
	if (!s || !s[0] || *end || y < OFF_YEAR_MIN || y > OFF_YEAR_MAX) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, NULL, NULL);
		return -1;
	}
	*year = y;
	return 0;
}

/* The request's owned JSON (freed once the request ends). */
struct wreq {
	long long id, year, scale_max, copy_from;
	json_t *a, *b; /* owned */
	const char *action, *text, *kind;
	int64_t d1, d2, d3;
	struct off_action act;
	int created;
};

static void cleanup(struct ctx *c)
{
	struct wreq *w = c->warg;
	if (w) {
		json_decref(w->a);
		json_decref(w->b);
	}
}

static struct wreq *wreq_new(struct ctx *c)
{
	struct wreq *w = arena_alloc(&c->r->arena, sizeof *w);
	memset(w, 0, sizeof *w);
	c->warg = w;
	c->cleanup = cleanup;
	return w;
}

/* ---- criteria ---- */

enum http_result h_off_criteria_public(struct ctx *c)
{
	const char *agency;
	long long year;
	json_t *o;
	if (qs_line(c, "agency", 40, &agency) || qs_year(c, &year) ||
	    officials_criteria_public(c->db, agency, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_off_criteria_get(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long year;
	json_t *o;
	if (qs_year(c, &year) || officials_criteria_get(c->db, &who, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

/* groups: [{"name", "criteria": [{"id"?, "text", "weight", "measure"?}]}] */
static int parse_groups(struct ctx *c, json_t *in, json_t **out)
{
	json_t *clean = json_array(), *g, *cr;
	size_t i, k;
	json_array_foreach (in, i, g) {
		const char *name;
		json_t *crit, *cc = json_array();
		json_array_append_new(clean, json_pack("{s:s, s:o}", "name", "", "criteria", cc));
		if (!json_is_object(g))
			goto bad_group;
		if (jin_line(c, g, "name", arena_printf(&c->r->arena, "groups[%zu].name", i),
			     OFF_GROUP_CHARS, JIN_REQUIRED, &name) ||
		    jin_array(c, g, "criteria",
			      arena_printf(&c->r->arena, "groups[%zu].criteria", i),
			      OFF_CRITERIA_MAX, JIN_REQUIRED, &crit))
			goto fail;
		json_object_set_new(json_array_get(clean, i), "name", json_string(name));
		json_array_foreach (crit, k, cr) {
			const char *text, *measure;
			long long id = 0, weight;
			int has_id = 0;
			if (!json_is_object(cr)) {
				jin_invalid(c, arena_printf(&c->r->arena,
							    "groups[%zu].criteria[%zu]", i, k));
				goto fail;
			}
			if (jin_int(c, cr, "id",
				    arena_printf(&c->r->arena, "groups[%zu].criteria[%zu].id", i,
						 k),
				    1, 1000000, JIN_OPTIONAL, &id, &has_id) ||
			    jin_line(c, cr, "text",
				     arena_printf(&c->r->arena, "groups[%zu].criteria[%zu].text", i,
						  k),
				     OFF_CRITERION_CHARS, JIN_REQUIRED, &text) ||
			    jin_int(c, cr, "weight",
				    arena_printf(&c->r->arena, "groups[%zu].criteria[%zu].weight",
						 i, k),
				    1, OFF_WEIGHT_MAX, JIN_REQUIRED, &weight, NULL) ||
			    jin_line(c, cr, "measure",
				     arena_printf(&c->r->arena, "groups[%zu].criteria[%zu].measure",
						  i, k),
				     40, JIN_OPTIONAL, &measure))
				goto fail;
			json_t *one =
				json_pack("{s:s, s:I}", "text", text, "weight", (json_int_t)weight);
			if (has_id)
				json_object_set_new(one, "id", json_integer(id));
			json_object_set_new(one, "measure",
					    measure ? json_string(measure) : json_null());
			json_array_append_new(cc, one);
		}
	}
	*out = clean;
	return 0;
bad_group:
	jin_invalid(c, arena_printf(&c->r->arena, "groups[%zu]", i));
fail:
	json_decref(clean);
	return -1;
}

static int criteria_save_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	int rc = officials_criteria_save(db, &who, app_now(c->app), w->year, w->scale_max, w->a,
					 w->copy_from, &w->created, &c->prob, &c->out);
	c->out_status = w->created ? 201 : 200;
	return rc;
}

enum http_result h_off_criteria_save(struct ctx *c)
{
	struct wreq *w = wreq_new(c);
	json_t *groups;
	int has_copy = 0;
	if (param_year(c, 0, &w->year) ||
	    jin_int(c, c->body, "scale_max", "scale_max", OFF_SCALE_MIN, OFF_SCALE_MAX,
		    JIN_OPTIONAL, &w->scale_max, NULL) ||
	    jin_int(c, c->body, "copy_from", "copy_from", OFF_YEAR_MIN, OFF_YEAR_MAX, JIN_OPTIONAL,
		    &w->copy_from, &has_copy) ||
	    jin_array(c, c->body, "groups", "groups", OFF_GROUPS_MAX,
		      has_copy ? JIN_OPTIONAL : JIN_REQUIRED, &groups))
		return reply_problem(c);
	if (!has_copy && parse_groups(c, groups, &w->a))
		return reply_problem(c);
	return app_write(c, criteria_save_write, w);
}

static int criteria_action_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	return officials_criteria_action(db, &who, app_now(c->app), w->id, w->action, w->text,
					 &c->prob, &c->out);
}

enum http_result h_off_criteria_action(struct ctx *c)
{
	static const char *const actions[] = {"publish", "reopen", NULL};
	struct wreq *w = wreq_new(c);
	if (param_id(c, 0, &w->id, "criteria_not_found", "Không có bộ tiêu chí này.",
		     "There is no such criteria set.") ||
	    jin_enum(c, c->body, "action", "action", actions, JIN_REQUIRED, &w->action) ||
	    jin_text(c, c->body, "reason", "reason", OFF_COMMENT_CHARS, JIN_OPTIONAL, &w->text))
		return reply_problem(c);
	c->out_status = 200;
	return app_write(c, criteria_action_write, w);
}

/* ---- commitments ---- */

enum http_result h_off_commitment_list(struct ctx *c)
{
	static const char *const states[] = {"draft", "submitted", "approved", "returned"};
	struct actor who = ctx_who(c);
	long long year, unit;
	int mine;
	const char *state;
	json_t *o;
	if (qs_year(c, &year) || qs_bool(c, "mine", &mine) ||
	    qs_int(c, "unit", 0, 1000000000000LL, 0, &unit) || qs_line(c, "state", 20, &state))
		return reply_problem(c);
	int ok = !state;
	for (size_t i = 0; state && i < 4; i++)
		ok |= strcmp(state, states[i]) == 0;
	if (!ok) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "state",
			    "Tham số truy vấn không hợp lệ.", "A query parameter is not valid.");
		return reply_problem(c);
	}
	if (officials_commitment_list(c->db, &who, year, mine, unit, state, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int commitment_save_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	int rc = officials_commitment_save(db, &who, app_now(c->app), w->year, w->a, w->b,
					   &w->created, &c->prob, &c->out);
	c->out_status = w->created ? 201 : 200;
	return rc;
}

enum http_result h_off_commitment_save(struct ctx *c)
{
	struct wreq *w = wreq_new(c);
	json_t *items, *measures, *it;
	size_t i;
	if (jin_int(c, c->body, "year", "year", OFF_YEAR_MIN, OFF_YEAR_MAX, JIN_REQUIRED, &w->year,
		    NULL) ||
	    jin_array(c, c->body, "items", "items", OFF_GROUPS_MAX * OFF_CRITERIA_MAX, JIN_REQUIRED,
		      &items) ||
	    jin_array(c, c->body, "measures", "measures", OFF_MEASURES_MAX, JIN_OPTIONAL,
		      &measures))
		return reply_problem(c);
	w->a = json_array();
	w->b = json_array();
	json_array_foreach (items, i, it) {
		long long crit;
		const char *text;
		if (!json_is_object(it))
			return jin_invalid(c, arena_printf(&c->r->arena, "items[%zu]", i)),
			       reply_problem(c);
		if (jin_int(c, it, "criterion",
			    arena_printf(&c->r->arena, "items[%zu].criterion", i), 1, 1000000,
			    JIN_REQUIRED, &crit, NULL) ||
		    jin_text(c, it, "text", arena_printf(&c->r->arena, "items[%zu].text", i),
			     OFF_ITEM_CHARS, JIN_REQUIRED, &text))
			return reply_problem(c);
		json_array_append_new(
			w->a, json_pack("{s:I, s:s}", "criterion", (json_int_t)crit, "text", text));
	}
	json_array_foreach (measures, i, it) {
		const char *metric;
		double target;
		if (!json_is_object(it))
			return jin_invalid(c, arena_printf(&c->r->arena, "measures[%zu]", i)),
			       reply_problem(c);
		if (jin_line(c, it, "metric", arena_printf(&c->r->arena, "measures[%zu].metric", i),
			     40, JIN_REQUIRED, &metric) ||
		    jin_number(c, it, "target",
			       arena_printf(&c->r->arena, "measures[%zu].target", i), 0, 1e9,
			       JIN_REQUIRED, &target, NULL))
			return reply_problem(c);
		json_array_append_new(w->b,
				      json_pack("{s:s, s:f}", "metric", metric, "target", target));
	}
	return app_write(c, commitment_save_write, w);
}

enum http_result h_off_commitment_get(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long id;
	json_t *o;
	if (param_id(c, 0, &id, "commitment_not_found", "Không có bản cam kết này.",
		     "There is no such commitment.") ||
	    officials_commitment_get(c->db, &who, id, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int commitment_action_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	return officials_commitment_action(db, &who, app_now(c->app), w->id, w->action, w->text,
					   &c->prob, &c->out);
}

enum http_result h_off_commitment_action(struct ctx *c)
{
	static const char *const actions[] = {"submit", "approve", "return", "reopen", NULL};
	struct wreq *w = wreq_new(c);
	if (param_id(c, 0, &w->id, "commitment_not_found", "Không có bản cam kết này.",
		     "There is no such commitment.") ||
	    jin_enum(c, c->body, "action", "action", actions, JIN_REQUIRED, &w->action) ||
	    jin_text(c, c->body, "comment", "comment", OFF_COMMENT_CHARS, JIN_OPTIONAL, &w->text))
		return reply_problem(c);
	c->out_status = 200;
	return app_write(c, commitment_action_write, w);
}

/* ---- evaluations ---- */

static int qs_kind(struct ctx *c, const char **kind)
{
	if (qs_line(c, "kind", 20, kind))
		return -1;
	if (*kind && strcmp(*kind, "yearly") != 0 && strcmp(*kind, "midyear") != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "kind",
			    "Tham số truy vấn không hợp lệ.", "A query parameter is not valid.");
		return -1;
	}
	return 0;
}

enum http_result h_off_eval_list(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long year, unit;
	const char *kind;
	json_t *o;
	if (qs_year(c, &year) || qs_kind(c, &kind) ||
	    qs_int(c, "unit", 0, 1000000000000LL, 0, &unit) ||
	    officials_appraisal_list(c->db, &who, year, kind, unit, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_off_eval_get(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long year;
	const char *kind;
	json_t *o;
	if (param_year(c, 0, &year) || qs_kind(c, &kind) ||
	    officials_appraisal_get(c->db, c->app, &who, year, c->param[1], kind, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_off_cycles(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long year;
	json_t *o;
	if (qs_int(c, "year", 0, OFF_YEAR_MAX, 0, &year) ||
	    officials_cycles(c->db, &who, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int jin_date(struct ctx *c, const char *key, int64_t *day)
{
	const char *s;
	if (jin_line(c, c->body, key, key, 10, JIN_REQUIRED, &s))
		return -1;
	if (vn_parse_date(s, strlen(s), day) != 0) {
		problem_field(&c->prob, key, "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.",
			      "The date must be YYYY-MM-DD and exist.");
		return -1;
	}
	return 0;
}

static int cycle_open_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 201;
	return officials_cycle_open(db, &who, app_now(c->app), w->year, w->kind, w->d1, w->d2,
				    w->d3, &c->prob, &c->out);
}

enum http_result h_off_cycle_open(struct ctx *c)
{
	static const char *const kinds[] = {"yearly", "midyear", NULL};
	struct wreq *w = wreq_new(c);
	if (jin_int(c, c->body, "year", "year", OFF_YEAR_MIN, OFF_YEAR_MAX, JIN_REQUIRED, &w->year,
		    NULL) ||
	    jin_enum(c, c->body, "kind", "kind", kinds, JIN_OPTIONAL, &w->kind) ||
	    jin_date(c, "self_due", &w->d1) || jin_date(c, "head_due", &w->d2) ||
	    jin_date(c, "leader_due", &w->d3))
		return reply_problem(c);
	if (!w->kind)
		w->kind = "yearly";
	return app_write(c, cycle_open_write, w);
}

static int cycle_remind_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	int rc = officials_cycle_remind(db, &who, app_now(c->app), w->id, &c->prob, &c->out);
	if (rc == 0)
		c->mail_queued = 1;
	return rc;
}

enum http_result h_off_cycle_remind(struct ctx *c)
{
	struct wreq *w = wreq_new(c);
	if (param_id(c, 0, &w->id, "cycle_not_found", "Không có đợt đánh giá này.",
		     "There is no such evaluation cycle."))
		return reply_problem(c);
	return app_write(c, cycle_remind_write, w);
}

enum http_result h_off_supervision(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long year;
	json_t *o;
	if (qs_year(c, &year) || officials_supervision(c->db, c->app, &who, year, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int eval_action_write(struct ctx *c, struct db *db)
{
	struct wreq *w = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	return officials_appraisal_action(db, c->app, &who, app_now(c->app), w->id, &w->act,
					  &c->prob, &c->out);
}

/* items: [{"criterion", "score", "<key>"}] with key evidence | comment */
static int parse_scores(struct ctx *c, json_t *items, const char *key, json_t **out)
{
	json_t *clean = json_array(), *it;
	size_t i;
	json_array_foreach (items, i, it) {
		long long crit;
		double score;
		const char *text;
		if (!json_is_object(it)) {
			jin_invalid(c, arena_printf(&c->r->arena, "items[%zu]", i));
			goto fail;
		}
		if (jin_int(c, it, "criterion",
			    arena_printf(&c->r->arena, "items[%zu].criterion", i), 1, 1000000,
			    JIN_REQUIRED, &crit, NULL) ||
		    jin_number(c, it, "score", arena_printf(&c->r->arena, "items[%zu].score", i), 0,
			       OFF_SCALE_MAX, JIN_REQUIRED, &score, NULL) ||
		    jin_text(c, it, key, arena_printf(&c->r->arena, "items[%zu].%s", i, key),
			     OFF_ITEM_CHARS, JIN_OPTIONAL, &text))
			goto fail;
		json_array_append_new(clean,
				      json_pack("{s:I, s:f, s:s}", "criterion", (json_int_t)crit,
						"score", score, key, text ? text : ""));
	}
	*out = clean;
	return 0;
fail:
	json_decref(clean);
	return -1;
}

enum http_result h_off_eval_action(struct ctx *c)
{
	static const char *const actions[] = {"self_assess", "head_assess", "conclude",
					      "return",      "reopen",      NULL};
	static const char *const ratings[] = {"excellent", "good", "completed", "not_completed",
					      NULL};
	static const char *const tos[] = {"self", "head", "leader", NULL};
	struct wreq *w = wreq_new(c);
	struct off_action *a = &w->act;
	json_t *items = NULL;
	if (param_id(c, 0, &w->id, "evaluation_not_found", "Không có phiếu đánh giá này.",
		     "There is no such evaluation.") ||
	    jin_enum(c, c->body, "action", "action", actions, JIN_REQUIRED, &a->action))
		return reply_problem(c);
	const char *act = a->action;
	int assess = strcmp(act, "self_assess") == 0 || strcmp(act, "head_assess") == 0;
	const char *text_key = strcmp(act, "self_assess") == 0 ? "summary"
			       : strcmp(act, "conclude") == 0  ? "conclusion"
			       : strcmp(act, "reopen") == 0    ? "reason"
							       : "comment";
	if ((assess && jin_array(c, c->body, "items", "items", OFF_GROUPS_MAX * OFF_CRITERIA_MAX,
				 JIN_REQUIRED, &items)) ||
	    jin_text(c, c->body, text_key, text_key, OFF_COMMENT_CHARS, JIN_OPTIONAL, &a->text) ||
	    jin_bool(c, c->body, "submit", "submit", JIN_OPTIONAL, &a->submit, NULL) ||
	    jin_enum(c, c->body, "rating", "rating", ratings, JIN_OPTIONAL, &a->rating) ||
	    jin_enum(c, c->body, "to", "to", tos, JIN_OPTIONAL, &a->to))
		return reply_problem(c);
	if (assess &&
	    parse_scores(c, items, strcmp(act, "self_assess") == 0 ? "evidence" : "comment", &w->a))
		return reply_problem(c);
	a->items = w->a;
	return app_write(c, eval_action_write, w);
}
