/*
 * guidance_http.c — the handlers of guidance before receipt (see
 * guidance_routes.h for who may call): parse (jin: NFC, lengths in
 * characters, the field named), call a service (guidance.h), reply. No SQL.
 *
 *   POST /api/v1/guidances                 reception: record → 201, no dossier code
 *   GET  /api/v1/guidances?from&to&procedure&q&limit&offset   the list, newest first
 *   GET  /api/v1/guidances/stats?from&to   the counts for the quality indicators
 *   GET  /api/v1/guidances/{id}            one guidance
 *   GET  /api/v1/guidances/{id}/paper?format=html|json   Mẫu 02 on A4, or its data
 *
 * The create runs on the writer thread in one transaction (row + audit);
 * the reads on the HTTP worker thread with c->db. Dates of the query are
 * Vietnam days (YYYY-MM-DD); defaults: `to` today, `from` 29 days before.
 *
 * Ownership: the body's cleaned items are a new array held by the request
 * (freed by cleanup()); the rest of the input lives in the request arena.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/guidance/guidance.h"
#include "app/guidance/guidance_routes.h"
#include "app/papers/forms.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

/* Lengths of the query's values, in characters. */
#define QS_CODE_MAX 40
#define QS_Q_MAX 100
#define QS_FORMAT_MAX 10

/* ---- the create ------------------------------------------------------------ */

static void cleanup(struct ctx *c)
{
	struct guidance_in *in = c->warg;
	if (in)
		json_decref(in->items);
}

static int create_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = guidance_create(db, &who, app_now(c->app), c->warg, &c->prob, &c->out);
	c->out_status = 201;
	return rc;
}

/* The items: each a line of text (NFC, no control characters, at most
 * GUIDANCE_ITEM_CHARS); the cleaned texts into a new array. */
static int parse_items(struct ctx *c, json_t *arr, json_t **out)
{
	json_t *clean = json_array();
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *it = json_array_get(arr, i);
		char field[32];
		const char *text;
		snprintf(field, sizeof field, "items[%zu]", i);
		const char *f = arena_strdup(&c->r->arena, field);
		if (!json_is_string(it)) {
			json_decref(clean);
			return jin_invalid(c, f);
		}
		json_t *one = json_pack("{s:O}", "v", it);
		int rc = one ? jin_line(c, one, "v", f, GUIDANCE_ITEM_CHARS, JIN_REQUIRED, &text)
			     : -1;
		json_decref(one);
		if (rc) {
			json_decref(clean);
			return -1;
		}
		json_array_append_new(clean, json_string(text));
	}
	*out = clean;
	return 0;
}

enum http_result h_guidance_create(struct ctx *c)
{
	struct guidance_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	json_t *ap, *items;
	if (jin_line(c, c->body, "procedure", "procedure", QS_CODE_MAX, JIN_REQUIRED,
		     &in->procedure) ||
	    jin_object(c, c->body, "applicant", "applicant", JIN_REQUIRED, &ap) ||
	    jin_line(c, ap, "name", "applicant.name", GUIDANCE_NAME_CHARS, JIN_REQUIRED,
		     &in->name) ||
	    jin_line(c, ap, "id_number", "applicant.id_number", 20, JIN_OPTIONAL, &in->id_number) ||
	    jin_line(c, ap, "phone", "applicant.phone", 20, JIN_OPTIONAL, &in->phone) ||
	    jin_line(c, ap, "email", "applicant.email", IDENT_EMAIL_MAX, JIN_OPTIONAL,
		     &in->email) ||
	    jin_line(c, ap, "address", "applicant.address", GUIDANCE_ADDRESS_CHARS, JIN_OPTIONAL,
		     &in->address) ||
	    jin_array(c, c->body, "items", "items", GUIDANCE_ITEMS_MAX, JIN_REQUIRED, &items) ||
	    jin_text(c, c->body, "note", "note", GUIDANCE_NOTE_CHARS, JIN_OPTIONAL, &in->note))
		return reply_problem(c);
	if (parse_items(c, items, &in->items))
		return reply_problem(c);
	c->warg = in;
	c->cleanup = cleanup;
	/* the rules that need no store, before queueing for the writer (which
	 * checks them again inside guidance_create) */
	if (guidance_check(in, vn_civil_of(app_now(c->app)).y, &c->prob))
		return reply_problem(c);
	return app_write(c, create_write, in);
}

/* {id}: an unknown or malformed one is the same 404. */
static int guidance_id(struct ctx *c, long long *id)
{
	return param_id(c, 0, id, "guidance_not_found", "Không có phiếu hướng dẫn này.",
			"There is no such guidance.");
}

/* ---- reads ------------------------------------------------------------------ */

/* Guidances carry citizens' personal data: an officer reads those recorded in
 * his agency's units (the province model, D27); the province role all. */
static long long viewer_agency(struct ctx *c)
{
	struct actor who = ctx_who(c);
	return (who.roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(c->db, &who);
}

enum http_result h_guidance_get(struct ctx *c)
{
	long long id;
	json_t *o;
	if (guidance_id(c, &id) || guidance_get(c->db, id, viewer_agency(c), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

/* from/to with their defaults: to = today, from = 29 days before to. */
static int parse_period(struct ctx *c, int64_t *from, int64_t *to)
{
	int rf, rt;
	if ((rf = qs_date(c, "from", from)) < 0 || (rt = qs_date(c, "to", to)) < 0)
		return -1;
	if (rt)
		*to = vn_day_of(app_now(c->app));
	if (rf)
		*from = *to - (GUIDANCE_PERIOD_DEFAULT_DAYS - 1);
	return 0;
}

enum http_result h_guidance_list(struct ctx *c)
{
	struct guidance_query q = {.agency = viewer_agency(c)};
	json_t *o;
	if (parse_period(c, &q.from, &q.to) || qs_line(c, "procedure", QS_CODE_MAX, &q.procedure) ||
	    qs_line(c, "q", QS_Q_MAX, &q.q) ||
	    qs_int(c, "limit", 1, GUIDANCE_LIST_MAX, GUIDANCE_LIST_DEFAULT, &q.limit) ||
	    qs_int(c, "offset", 0, 10000000, 0, &q.offset) ||
	    guidance_list(c->db, &q, &c->r->arena, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_guidance_stats(struct ctx *c)
{
	int64_t from, to;
	json_t *o;
	if (parse_period(c, &from, &to) ||
	    guidance_stats(c->db, from, to, viewer_agency(c), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_guidance_paper(struct ctx *c)
{
	long long id;
	const char *format;
	if (guidance_id(c, &id) || qs_line(c, "format", QS_FORMAT_MAX, &format))
		return reply_problem(c);
	int json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "html") != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là html hoặc json.",
			    "The format must be html or json.");
		return reply_problem(c);
	}
	json_t *data;
	if (guidance_paper_data(c->db, id, viewer_agency(c), &c->r->arena, &c->prob, &data))
		return reply_problem(c);
	if (json)
		return reply_json(c, 200, data);
	struct page pg;
	guidance_paper_html(&pg, &c->r->arena, data);
	json_decref(data);
	if (pg.rc) {
		buf_free(&pg.b);
		return reply_err(c, ERR_INTERNAL);
	}
	size_t len;
	char *body = buf_steal(&pg.b, &len);
	http_reply(c->r, 200, "text/html; charset=utf-8", body, len);
	return HTTP_DONE;
}
