/*
 * queue_http.c — the counter queue's handlers (see queue_routes.h for who
 * may call): parse (jin), call a service (queue.h), reply. No SQL.
 *
 *   GET  /api/v1/queue/groups?agency=CODE     the kiosk's groups (public)
 *   POST /api/v1/queue/tickets                take a ticket (public, throttled per address)
 *   GET  /api/v1/public/tickets/{id}          a ticket's phone page (public id)
 *   GET  /api/v1/public/tickets/{id}/qr       the slip's QR code (SVG) of that page
 *   GET  /api/v1/queue/board?agency=CODE      the board's snapshot
 *   GET  /api/v1/queue/events?agency=CODE&last_event_id=N&once=1   Server-Sent Events
 *        (no agency: a signed-in officer's own, else the home centre's)
 *   POST /api/v1/queue/groups, /counters      set-up (admin)
 *   PATCH /api/v1/queue/groups/{code}, /counters/{id}   edit, take out of use (admin)
 *   GET  /api/v1/queue/groups?all=1, /counters?all=1    the set-up list, out of use too (admin)
 *   GET  /api/v1/queue/counters               the agency's counters (console)
 *   POST /api/v1/queue/counters/{id}/call|pause|resume
 *   POST /api/v1/queue/tickets/{id}/recall|start|finish|no-show|transfer|dossier
 *
 * Changes run on the writer thread in one transaction (row, audit, event);
 * after the commit the boards' hub is kicked (queue_sse_kick).
 */
#include <stdlib.h>
#include <string.h>

#include "app/platform/jin.h"
#include "app/queue/queue.h"
#include "app/queue/queue_routes.h"
#include "app/queue/queue_sse.h"
#include "auth/auth.h"
#include "qr/qr.h"

#define QS_CODE_MAX 40

/* After a change: the hub reads the new events. */
static void kick(struct ctx *c, int committed)
{
	(void)c;
	if (committed)
		queue_sse_kick();
}

static enum http_result write_with_kick(struct ctx *c, write_fn fn, void *arg)
{
	c->after_write = kick;
	return app_write(c, fn, arg);
}

/* {id}: a positive integer, else 404. */
static int parse_id(struct ctx *c, long long *id)
{
	const char *s = c->param[0];
	char *end;
	if (!s || s[0] < '1' || s[0] > '9' || strlen(s) > 15 ||
	    (*id = strtoll(s, &end, 10), *end)) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy.",
			    "Not found.");
		return -1;
	}
	return 0;
}

/* ?agency=CODE (default: the home centre; staff: their own agency). */
static int parse_agency(struct ctx *c, int as_staff, long long *agency)
{
	const char *code;
	if (qs_line(c, "agency", QS_CODE_MAX, &code))
		return -1;
	struct actor who = ctx_who(c);
	return queue_agency(c->db, as_staff ? &who : NULL, code, agency, &c->prob) ? -1 : 0;
}

/* A signed-in officer (the console's transfer list) gets his own agency's
 * groups when no agency is named; everyone else the home centre's. */
enum http_result h_queue_groups(struct ctx *c)
{
	long long agency;
	json_t *o;
	int all;
	if (qs_bool(c, "all", &all))
		return reply_problem(c);
	if (all) { /* the set-up form: every group, those out of use too */
		if (!(c->who.roles & ROLE_ADMIN))
			return reply_err(c, c->who.staff_id ? ERR_FORBIDDEN : ERR_UNAUTHORIZED);
		struct actor who = ctx_who(c);
		if (queue_groups_setup(c->db, queue_actor_agency(c->db, &who), &o))
			return reply_err(c, ERR_INTERNAL);
		return reply_json(c, 200, o);
	}
	if (parse_agency(c, 1, &agency))
		return reply_problem(c);
	if (queue_groups(c->db, c->app, agency, app_now(c->app), &o))
		return reply_err(c, ERR_INTERNAL);
	return reply_json(c, 200, o);
}

/* ---- set-up ----------------------------------------------------------------- */

static int group_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = queue_group_create(db, &who, app_now(c->app), c->warg, &c->prob, &c->out);
	c->out_status = 201;
	return rc;
}

static int string_array(struct ctx *c, json_t *arr, const char *field)
{
	size_t i;
	json_t *v;
	json_array_foreach (arr, i, v) {
		if (!json_is_string(v) || json_string_length(v) > QS_CODE_MAX)
			return jin_invalid(c, field);
	}
	return 0;
}

enum http_result h_queue_group_create(struct ctx *c)
{
	struct queue_group_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	if (jin_line(c, c->body, "code", "code", QUEUE_CODE_CHARS, JIN_REQUIRED, &in->code) ||
	    jin_line(c, c->body, "prefix", "prefix", 1, JIN_REQUIRED, &in->prefix) ||
	    jin_line(c, c->body, "name", "name", QUEUE_NAME_CHARS, JIN_REQUIRED, &in->name) ||
	    jin_line(c, c->body, "name_en", "name_en", QUEUE_NAME_CHARS, JIN_OPTIONAL,
		     &in->name_en) ||
	    jin_array(c, c->body, "fields", "fields", QUEUE_FIELDS_MAX, JIN_OPTIONAL,
		      &in->fields) ||
	    (in->fields && string_array(c, in->fields, "fields")))
		return reply_problem(c);
	return app_write(c, group_write, in);
}

static int counter_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	int rc = queue_counter_create(db, &who, app_now(c->app), c->warg, &c->prob, &c->out);
	c->out_status = 201;
	return rc;
}

enum http_result h_queue_counter_create(struct ctx *c)
{
	struct queue_counter_in *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	if (jin_int(c, c->body, "number", "number", 1, 999, JIN_REQUIRED, &in->number, NULL) ||
	    jin_line(c, c->body, "name", "name", QUEUE_NAME_CHARS, JIN_OPTIONAL, &in->name) ||
	    jin_array(c, c->body, "groups", "groups", QUEUE_GROUPS_MAX, JIN_REQUIRED,
		      &in->groups) ||
	    string_array(c, in->groups, "groups"))
		return reply_problem(c);
	return app_write(c, counter_write, in);
}

struct group_edit_arg {
	const char *code;
	struct queue_group_edit in;
};

static int group_edit_write(struct ctx *c, struct db *db)
{
	struct group_edit_arg *a = c->warg;
	struct actor who = ctx_who(c);
	return queue_group_update(db, &who, app_now(c->app), a->code, &a->in, &c->prob, &c->out);
}

enum http_result h_queue_group_update(struct ctx *c)
{
	struct group_edit_arg *a = arena_alloc(&c->r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	a->code = c->param[0];
	int present;
	if (jin_line(c, c->body, "name", "name", QUEUE_NAME_CHARS, JIN_OPTIONAL, &a->in.name) ||
	    jin_line(c, c->body, "name_en", "name_en", QUEUE_NAME_CHARS, JIN_OPTIONAL,
		     &a->in.name_en) ||
	    jin_array(c, c->body, "fields", "fields", QUEUE_FIELDS_MAX, JIN_OPTIONAL,
		      &a->in.fields) ||
	    (a->in.fields && string_array(c, a->in.fields, "fields")) ||
	    jin_bool(c, c->body, "active", "active", JIN_OPTIONAL, &a->in.active, &present))
		return reply_problem(c);
	if (!present)
		a->in.active = -1;
	return write_with_kick(c, group_edit_write, a);
}

struct counter_edit_arg {
	long long id;
	struct queue_counter_edit in;
};

static int counter_edit_write(struct ctx *c, struct db *db)
{
	struct counter_edit_arg *a = c->warg;
	struct actor who = ctx_who(c);
	return queue_counter_update(db, &who, app_now(c->app), a->id, &a->in, &c->prob, &c->out);
}

enum http_result h_queue_counter_update(struct ctx *c)
{
	struct counter_edit_arg *a = arena_alloc(&c->r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	int present;
	if (parse_id(c, &a->id) ||
	    jin_line(c, c->body, "name", "name", QUEUE_NAME_CHARS, JIN_OPTIONAL, &a->in.name) ||
	    jin_array(c, c->body, "groups", "groups", QUEUE_GROUPS_MAX, JIN_OPTIONAL,
		      &a->in.groups) ||
	    (a->in.groups && string_array(c, a->in.groups, "groups")) ||
	    jin_bool(c, c->body, "active", "active", JIN_OPTIONAL, &a->in.active, &present))
		return reply_problem(c);
	if (!present)
		a->in.active = -1;
	return write_with_kick(c, counter_edit_write, a);
}

enum http_result h_queue_counters(struct ctx *c)
{
	struct actor who = ctx_who(c);
	long long agency = queue_actor_agency(c->db, &who);
	json_t *o;
	int all;
	if (qs_bool(c, "all", &all))
		return reply_problem(c);
	if (all && !(c->who.roles & ROLE_ADMIN))
		return reply_err(c, ERR_FORBIDDEN);
	if (queue_counters(c->db, agency, app_now(c->app), all, &o))
		return reply_err(c, ERR_INTERNAL);
	return reply_json(c, 200, o);
}

/* ---- tickets ------------------------------------------------------------------- */

struct issue_arg {
	long long agency;
	const char *group;
	int priority;
	char key[8 + AUTH_HASH_HEX];
};

static int issue_write(struct ctx *c, struct db *db)
{
	struct issue_arg *a = c->warg;
	struct actor who = ctx_who(c);
	int rc = queue_ticket_issue(db, c->app, &who, app_now(c->app), a->agency, a->group,
				    a->priority, a->key, &c->prob, &c->out);
	if (c->out)
		c->out_status = 201;
	return rc;
}

enum http_result h_queue_ticket_issue(struct ctx *c)
{
	struct issue_arg *a = arena_alloc(&c->r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	const char *agency;
	int present;
	if (jin_line(c, c->body, "group", "group", QUEUE_CODE_CHARS, JIN_REQUIRED, &a->group) ||
	    jin_bool(c, c->body, "priority", "priority", JIN_OPTIONAL, &a->priority, &present) ||
	    jin_line(c, c->body, "agency", "agency", QS_CODE_MAX, JIN_OPTIONAL, &agency) ||
	    queue_agency(c->db, NULL, agency, &a->agency, &c->prob))
		return reply_problem(c);
	char h[AUTH_HASH_HEX];
	auth_token_hash(c->r->ip, strlen(c->r->ip), h);
	memcpy(a->key, "q:", 2);
	memcpy(a->key + 2, h, sizeof h);
	return write_with_kick(c, issue_write, a);
}

enum http_result h_queue_ticket_public(struct ctx *c)
{
	json_t *o;
	if (queue_ticket_public(c->db, c->param[0], app_now(c->app), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

/* The QR code printed on the slip: the address of the ticket's phone page
 * (the id in the fragment: never sent to a server in a Referer or a log). */
enum http_result h_queue_ticket_qr(struct ctx *c)
{
	json_t *o;
	if (queue_ticket_public(c->db, c->param[0], app_now(c->app), &c->prob, &o))
		return reply_problem(c);
	json_decref(o);
	const char *base = c->app->cfg.public_url ? c->app->cfg.public_url : "";
	char *url = arena_printf(&c->r->arena, "%s/kiosk/ticket/#%s", base, c->param[0]);
	char *svg = qr_svg(url, "Mã QR theo dõi số thứ tự", "ticket-qr", NULL);
	if (!svg)
		return reply_err(c, ERR_INTERNAL);
	c->r->cacheable = 1; /* the same ticket always draws the same code */
	http_add_header(c->r, "Cache-Control", "private, max-age=86400");
	http_reply(c->r, 200, "image/svg+xml", svg, strlen(svg));
	return HTTP_DONE;
}

enum http_result h_queue_board(struct ctx *c)
{
	long long agency;
	json_t *o;
	if (parse_agency(c, 0, &agency))
		return reply_problem(c);
	if (queue_board(c->db, agency, app_now(c->app), &o))
		return reply_err(c, ERR_INTERNAL);
	/* live streams open on this server (all agencies): the operator's
	 * figure, and how a test sees a dead board's stream end */
	json_object_set_new(o, "streams", json_integer(queue_sse_clients()));
	return reply_json(c, 200, o);
}

enum http_result h_queue_events(struct ctx *c)
{
	long long agency, after = -1;
	/* a signed-in officer's console follows his own agency by default */
	if (parse_agency(c, 1, &agency))
		return reply_problem(c);
	/* a reconnecting EventSource sends Last-Event-ID; a board's first
	 * connection gives its snapshot's last_event_id in the query */
	const char *lei = http_header(c->r, "Last-Event-ID");
	if (lei && lei[0]) {
		char *end;
		long long v = strtoll(lei, &end, 10);
		if (*end || v < 0) {
			problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "Last-Event-ID",
				    "Last-Event-ID phải là một số.",
				    "Last-Event-ID must be a number.");
			return reply_problem(c);
		}
		after = v;
	} else if (qs_int(c, "last_event_id", -1, (long long)1 << 53, -1, &after)) {
		return reply_problem(c);
	}
	int once;
	if (qs_bool(c, "once", &once))
		return reply_problem(c);
	if (queue_sse_start(c->app) != 0)
		return reply_err(c, ERR_UNAVAILABLE);
	return queue_sse_serve(c->r, agency, after, once);
}

/* ---- the console ---------------------------------------------------------------- */

static int call_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	return queue_call_next(db, &who, app_now(c->app), *(long long *)c->warg, &c->prob, &c->out);
}

enum http_result h_queue_call(struct ctx *c)
{
	long long *id = arena_alloc(&c->r->arena, sizeof *id);
	if (parse_id(c, id))
		return reply_problem(c);
	return write_with_kick(c, call_write, id);
}

struct pause_arg {
	long long id;
	int paused;
	const char *reason;
};

static int pause_write(struct ctx *c, struct db *db)
{
	struct pause_arg *a = c->warg;
	struct actor who = ctx_who(c);
	return queue_counter_pause(db, &who, app_now(c->app), a->id, a->paused, a->reason, &c->prob,
				   &c->out);
}

static enum http_result pause_or_resume(struct ctx *c, int paused)
{
	struct pause_arg *a = arena_alloc(&c->r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	a->paused = paused;
	if (parse_id(c, &a->id) ||
	    (paused && jin_line(c, c->body, "reason", "reason", QUEUE_REASON_CHARS, JIN_REQUIRED,
				&a->reason)))
		return reply_problem(c);
	return write_with_kick(c, pause_write, a);
}

enum http_result h_queue_pause(struct ctx *c)
{
	return pause_or_resume(c, 1);
}

enum http_result h_queue_resume(struct ctx *c)
{
	return pause_or_resume(c, 0);
}

struct act_arg {
	long long id;
	struct queue_action_in in;
};

static int act_write(struct ctx *c, struct db *db)
{
	struct act_arg *a = c->warg;
	struct actor who = ctx_who(c);
	return queue_ticket_act(db, &who, app_now(c->app), a->id, &a->in, &c->prob, &c->out);
}

static enum http_result act(struct ctx *c, enum queue_action action)
{
	struct act_arg *a = arena_alloc(&c->r->arena, sizeof *a);
	memset(a, 0, sizeof *a);
	a->in.action = action;
	if (parse_id(c, &a->id))
		return reply_problem(c);
	if (action == QA_TRANSFER &&
	    (jin_line(c, c->body, "group", "group", QUEUE_CODE_CHARS, JIN_OPTIONAL, &a->in.group) ||
	     jin_int(c, c->body, "counter", "counter", 1, 999, JIN_OPTIONAL, &a->in.counter, NULL)))
		return reply_problem(c);
	if (action == QA_DOSSIER &&
	    jin_line(c, c->body, "dossier", "dossier", 64, JIN_REQUIRED, &a->in.dossier))
		return reply_problem(c);
	return write_with_kick(c, act_write, a);
}

enum http_result h_queue_recall(struct ctx *c)
{
	return act(c, QA_RECALL);
}
enum http_result h_queue_start(struct ctx *c)
{
	return act(c, QA_START);
}
enum http_result h_queue_finish(struct ctx *c)
{
	return act(c, QA_FINISH);
}
enum http_result h_queue_no_show(struct ctx *c)
{
	return act(c, QA_NO_SHOW);
}
enum http_result h_queue_transfer(struct ctx *c)
{
	return act(c, QA_TRANSFER);
}
enum http_result h_queue_dossier(struct ctx *c)
{
	return act(c, QA_DOSSIER);
}
