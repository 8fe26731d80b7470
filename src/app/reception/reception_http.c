/*
 * reception_http.c — the handlers of reception days and the reception book
 * (see reception_routes.h for who may call): parse (jin: NFC, lengths in
 * characters, the field named), call a service (reception.h), reply. No SQL.
 *
 *   GET  /api/v1/public/reception/sessions?agency&from&to      the public schedule
 *   POST /api/v1/public/reception/sessions/{id}/registrations  {name, contact, subject} → 201
 * {code} GET  /api/v1/reception/duties                              the duty per leader role POST
 * /api/v1/reception/duties/{role}                       {days, per} GET
 * /api/v1/reception/sessions?from&to&agency             the schedule + duty warnings POST
 * /api/v1/reception/sessions                            a new session → 201 POST
 * /api/v1/reception/sessions/{id}                       replace (or cancel) a session GET
 * /api/v1/reception/sessions/{id}/registrations         the registrants GET
 * /api/v1/reception/visits?from&to&agency&format=json|csv   the reception book POST
 * /api/v1/reception/visits                              a visit and its matters → 201
 *
 * Registration is throttled per client address (RECEPTION_REGISTER_PER_HOUR,
 * counted by the writer) and has a honeypot field `website`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/platform/jin.h"
#include "app/reception/reception.h"
#include "app/reception/reception_routes.h"
#include "auth/auth.h"
#include "core/vntime.h"

#define QS_AGENCY_MAX 40

static int parse_id(struct ctx *c, int i, long long *id)
{
	const char *s = c->param[i];
	char *end;
	if (s && s[0] >= '1' && s[0] <= '9' && strlen(s) <= 15) {
		*id = strtoll(s, &end, 10);
		if (!*end)
			return 0;
	}
	problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy.", "Not found.");
	return -1;
}

/* from/to (YYYY-MM-DD); defaults: today and `span` days after from. */
static int parse_range(struct ctx *c, int64_t span, int64_t *from, int64_t *to)
{
	int rf, rt;
	if ((rf = qs_date(c, "from", from)) < 0 || (rt = qs_date(c, "to", to)) < 0)
		return -1;
	if (rf)
		*from = vn_day_of(app_now(c->app));
	if (rt)
		*to = *from + span;
	return 0;
}

/* ---- public ------------------------------------------------------------------ */

enum http_result h_reception_public_sessions(struct ctx *c)
{
	const char *agency;
	int64_t from, to;
	json_t *o;
	if (qs_line(c, "agency", QS_AGENCY_MAX, &agency) || parse_range(c, 60, &from, &to) ||
	    reception_public_sessions(c->db, app_now(c->app), agency, from, to, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct register_req {
	long long id;
	const char *name, *contact, *subject;
};

static int register_write(struct ctx *c, struct db *db)
{
	struct register_req *r = c->warg;
	char h[AUTH_HASH_HEX], key[96];
	auth_token_hash(c->r->ip, strlen(c->r->ip), h);
	snprintf(key, sizeof key, "reception:%s", h);
	if (dossier_submission_quota(db, key, app_now(c->app), RECEPTION_REGISTER_PER_HOUR,
				     &c->prob) != 0) {
		int retry = c->prob.retry_after;
		problem_set(
			&c->prob, ERR_THROTTLED, "too_many_submissions", NULL,
			"Đã đăng ký quá nhiều lần từ địa chỉ này; vui lòng thử lại sau một giờ.",
			"Too many registrations from this address; please try again in an hour.");
		c->prob.retry_after = retry;
		/* the counter row must stay: refuse without rolling back */
		c->out = NULL;
		c->out_status = 0;
		return 0;
	}
	struct actor who = ctx_who(c);
	who.staff_id = 0;
	c->out_status = 201;
	return reception_register(db, &who, app_now(c->app), r->id, r->name, r->contact, r->subject,
				  &c->prob, &c->out);
}

enum http_result h_reception_register(struct ctx *c)
{
	struct register_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	json_t *w = json_object_get(c->body, "website");
	if (json_is_string(w) && json_string_length(w) > 0) {
		problem_field(&c->prob, "website", "Vui lòng để trống trường này.",
			      "Please leave this field empty.");
		return reply_problem(c);
	}
	if (parse_id(c, 0, &r->id) ||
	    jin_line(c, c->body, "name", "name", RECEPTION_NAME_CHARS, JIN_OPTIONAL, &r->name) ||
	    jin_line(c, c->body, "contact", "contact", RECEPTION_CONTACT_CHARS, JIN_OPTIONAL,
		     &r->contact) ||
	    jin_line(c, c->body, "subject", "subject", RECEPTION_SUBJECT_CHARS, JIN_OPTIONAL,
		     &r->subject))
		return reply_problem(c);
	return app_write(c, register_write, r);
}

/* ---- duties -------------------------------------------------------------------- */

enum http_result h_reception_duties(struct ctx *c)
{
	json_t *o;
	if (reception_duties(c->db, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct duty_req {
	long long days;
	const char *per;
};

static int duty_write(struct ctx *c, struct db *db)
{
	struct duty_req *r = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 200;
	return reception_duty_set(db, &who, app_now(c->app), c->param[0], r->days, r->per, &c->prob,
				  &c->out);
}

enum http_result h_reception_duty_set(struct ctx *c)
{
	static const char *const pers[] = {"week", "month", NULL};
	struct duty_req *r = arena_alloc(&c->r->arena, sizeof *r);
	if (jin_int(c, c->body, "days", "days", 0, 31, JIN_REQUIRED, &r->days, NULL) ||
	    jin_enum(c, c->body, "per", "per", pers, JIN_REQUIRED, &r->per))
		return reply_problem(c);
	return app_write(c, duty_write, r);
}

/* ---- sessions ---------------------------------------------------------------------- */

enum http_result h_reception_sessions(struct ctx *c)
{
	const char *agency;
	int64_t from, to;
	struct actor who = ctx_who(c);
	json_t *o;
	if (qs_line(c, "agency", QS_AGENCY_MAX, &agency) || parse_range(c, 27, &from, &to) ||
	    reception_staff_sessions(c->db, &who, app_now(c->app), agency, from, to, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

struct session_req {
	long long id;
	struct reception_session_in in;
};

static int instant(struct ctx *c, const char *key, int64_t *t)
{
	json_t *v = json_object_get(c->body, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) ||
	    vn_parse_instant(json_string_value(v), json_string_length(v), t) != 0) {
		problem_field(&c->prob, key, "Thời gian không đúng (ví dụ 2026-12-07T08:00).",
			      "The time is not valid (e.g. 2026-12-07T08:00).");
		return -1;
	}
	return 0;
}

static int session_write(struct ctx *c, struct db *db)
{
	struct session_req *r = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = r->id ? 200 : 201;
	return reception_session_save(db, &who, app_now(c->app), r->id, &r->in, &c->prob, &c->out);
}

static enum http_result session_parse(struct ctx *c, long long id)
{
	struct session_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	r->id = id;
	struct reception_session_in *in = &r->in;
	json_t *b = c->body;
	int has_cap = 0;
	if (jin_line(c, b, "leader_name", "leader_name", RECEPTION_NAME_CHARS, JIN_OPTIONAL,
		     &in->leader_name) ||
	    jin_line(c, b, "leader_title", "leader_title", RECEPTION_NAME_CHARS, JIN_OPTIONAL,
		     &in->leader_title) ||
	    jin_line(c, b, "leader_role", "leader_role", 40, JIN_OPTIONAL, &in->leader_role) ||
	    instant(c, "starts_at", &in->starts_at) || instant(c, "ends_at", &in->ends_at) ||
	    jin_line(c, b, "place", "place", RECEPTION_PLACE_CHARS, JIN_OPTIONAL, &in->place) ||
	    jin_line(c, b, "kind", "kind", 20, JIN_OPTIONAL, &in->kind) ||
	    jin_line(c, b, "mode", "mode", 20, JIN_OPTIONAL, &in->mode) ||
	    jin_int(c, b, "capacity", "capacity", 0, RECEPTION_CAPACITY_MAX, JIN_OPTIONAL,
		    &in->capacity, &has_cap) ||
	    jin_text(c, b, "note", "note", RECEPTION_TEXT_CHARS, JIN_OPTIONAL, &in->note) ||
	    jin_bool(c, b, "cancelled", "cancelled", JIN_OPTIONAL, &in->cancelled, NULL))
		return reply_problem(c);
	if (!has_cap)
		in->capacity = 20;
	if (!in->kind)
		in->kind = "regular";
	if (!in->mode)
		in->mode = "in_person";
	return app_write(c, session_write, r);
}

enum http_result h_reception_session_create(struct ctx *c)
{
	return session_parse(c, 0);
}

enum http_result h_reception_session_update(struct ctx *c)
{
	long long id;
	if (parse_id(c, 0, &id))
		return reply_problem(c);
	return session_parse(c, id);
}

enum http_result h_reception_registrations(struct ctx *c)
{
	long long id;
	struct actor who = ctx_who(c);
	json_t *o;
	if (parse_id(c, 0, &id) || reception_registrations(c->db, &who, id, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

/* ---- the reception book ------------------------------------------------------------ */

enum http_result h_reception_book(struct ctx *c)
{
	const char *agency, *format;
	int64_t from, to;
	int rf, rt;
	struct actor who = ctx_who(c);
	json_t *o;
	if ((rf = qs_date(c, "from", &from)) < 0 || (rt = qs_date(c, "to", &to)) < 0 ||
	    qs_line(c, "agency", QS_AGENCY_MAX, &agency) || qs_line(c, "format", 10, &format))
		return reply_problem(c);
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là json hoặc csv.", "The format must be json or csv.");
		return reply_problem(c);
	}
	if (rt)
		to = vn_day_of(app_now(c->app));
	if (rf) {
		struct vn_date d = vn_civil_from_days(to);
		from = vn_days_from_civil(d.y, d.m, 1);
	}
	if (reception_book(c->db, &who, agency, from, to, &c->prob, &o))
		return reply_problem(c);
	if (!format || strcmp(format, "csv"))
		return reply_json(c, 200, o);
	struct buf b;
	buf_init(&b, 32u << 20);
	int rc = reception_book_csv(o, &b);
	json_decref(o);
	size_t len;
	char *body = buf_steal(&b, &len);
	if (rc || !body) {
		free(body);
		return reply_err(c, ERR_INTERNAL);
	}
	char f[16], t[16];
	vn_format_date_days(from, f, sizeof f);
	vn_format_date_days(to, t, sizeof t);
	http_add_header(c->r, "Content-Disposition",
			arena_printf(&c->r->arena,
				     "attachment; filename=\"so-tiep-cong-dan_%s_%s.csv\"", f, t));
	http_reply(c->r, 200, "text/csv; charset=utf-8", body, len);
	return HTTP_DONE;
}

struct visit_req {
	struct reception_visit_in in;
};

static int visit_write(struct ctx *c, struct db *db)
{
	struct visit_req *r = c->warg;
	struct actor who = ctx_who(c);
	c->out_status = 201;
	return reception_visit_record(db, c->app, &who, app_now(c->app), &r->in, &c->prob, &c->out,
				      &c->mail_queued);
}

enum http_result h_reception_visit_create(struct ctx *c)
{
	static const char *const types[] = {"complaint", "denunciation", "recommendation",
					    "reflection", NULL};
	struct visit_req *r = arena_alloc(&c->r->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	struct reception_visit_in *in = &r->in;
	json_t *b = c->body, *ms;
	int has_people = 0, has_comp = 0, comp = 1;
	if (instant(c, "visited_at", &in->visited_at) ||
	    jin_int(c, b, "session_id", "session_id", 1, 1000000000000LL, JIN_OPTIONAL,
		    &in->session_id, NULL) ||
	    jin_line(c, b, "visitors", "visitors", RECEPTION_NAME_CHARS * 2, JIN_OPTIONAL,
		     &in->visitors) ||
	    jin_line(c, b, "address", "address", 500, JIN_OPTIONAL, &in->address) ||
	    jin_line(c, b, "id_number", "id_number", 20, JIN_OPTIONAL, &in->id_number) ||
	    jin_line(c, b, "phone", "phone", 20, JIN_OPTIONAL, &in->phone) ||
	    jin_int(c, b, "people", "people", 1, 1000, JIN_OPTIONAL, &in->people, &has_people) ||
	    jin_text(c, b, "content", "content", RECEPTION_TEXT_CHARS, JIN_OPTIONAL,
		     &in->content) ||
	    jin_text(c, b, "prior_handling", "prior_handling", RECEPTION_TEXT_CHARS, JIN_OPTIONAL,
		     &in->prior_handling) ||
	    jin_bool(c, b, "within_competence", "within_competence", JIN_OPTIONAL, &comp,
		     &has_comp) ||
	    jin_line(c, b, "guided_to", "guided_to", RECEPTION_PLACE_CHARS, JIN_OPTIONAL,
		     &in->guided_to) ||
	    jin_line(c, b, "guided_doc", "guided_doc", RECEPTION_DOC_CHARS, JIN_OPTIONAL,
		     &in->guided_doc) ||
	    jin_line(c, b, "transfer_to", "transfer_to", RECEPTION_PLACE_CHARS, JIN_OPTIONAL,
		     &in->transfer_to) ||
	    jin_line(c, b, "transfer_doc", "transfer_doc", RECEPTION_DOC_CHARS, JIN_OPTIONAL,
		     &in->transfer_doc) ||
	    jin_text(c, b, "follow_up", "follow_up", RECEPTION_TEXT_CHARS, JIN_OPTIONAL,
		     &in->follow_up) ||
	    jin_text(c, b, "note", "note", RECEPTION_TEXT_CHARS, JIN_OPTIONAL, &in->note) ||
	    jin_array(c, b, "matters", "matters", RECEPTION_MATTERS_MAX, JIN_REQUIRED, &ms))
		return reply_problem(c);
	in->people = has_people ? in->people : 1;
	in->within_competence = has_comp ? comp : 1;
	size_t i;
	json_t *m;
	json_array_foreach (ms, i, m) {
		char ft[48], ff[48], fc[48];
		snprintf(ft, sizeof ft, "matters[%zu].type", i);
		snprintf(ff, sizeof ff, "matters[%zu].field", i);
		snprintf(fc, sizeof fc, "matters[%zu].content", i);
		if (!json_is_object(m))
			return jin_invalid(c, arena_strdup(&c->r->arena, fc)), reply_problem(c);
		struct reception_matter_in *x = &in->matters[i];
		if (jin_enum(c, m, "type", arena_strdup(&c->r->arena, ft), types, JIN_REQUIRED,
			     &x->type) ||
		    jin_line(c, m, "field", arena_strdup(&c->r->arena, ff), 100, JIN_OPTIONAL,
			     &x->field) ||
		    jin_text(c, m, "content", arena_strdup(&c->r->arena, fc), RECEPTION_TEXT_CHARS,
			     JIN_OPTIONAL, &x->content))
			return reply_problem(c);
	}
	in->n_matters = (int)json_array_size(ms);
	return app_write(c, visit_write, r);
}
