/*
 * papers_http.c — the papers' handlers (see papers_routes.h for who may
 * call): parse the query, call a service (papers.h), draw (forms.h), reply.
 * No SQL here.
 *
 *   GET /api/v1/dossiers/{code}/forms/{kind}?format=html|json
 *       a paper of a dossier (receipt, supplement, refusal, apology,
 *       control, withdrawal): 404 form_unknown, 409 form_not_available
 *   GET /api/v1/books/tracking?from=YYYY-MM-DD&to=YYYY-MM-DD&field=CODE
 *       &format=html|csv|json&offset=N&agency=CODE
 *       the tracking book of one agency (the dossiers its centre received,
 *       D30): the officer's own; the province role's choice (?agency=, none:
 *       every agency's); defaults: `to` today, `from` the first day of
 *       `to`'s month; CSV and JSON carry the total (X-Total-Count, "total")
 *
 * Threading: read handlers, on the HTTP worker thread with c->db.
 */
#include <stdio.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/papers/forms.h"
#include "app/papers/papers.h"
#include "app/papers/papers_routes.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

/* Lengths of the query's values, in characters. */
#define QS_FORMAT_MAX 10
#define QS_FIELD_MAX 20
#define QS_AGENCY_MAX 40

static enum http_result reply_page(struct ctx *c, struct page *pg)
{
	if (pg->rc) {
		buf_free(&pg->b);
		return reply_err(c, ERR_INTERNAL);
	}
	size_t len;
	char *body = buf_steal(&pg->b, &len);
	http_reply(c->r, 200, "text/html; charset=utf-8", body, len);
	return HTTP_DONE;
}

enum http_result h_dossier_form(struct ctx *c)
{
	int k = form_kind_parse(c->param[1]);
	if (k < 0) {
		problem_set(&c->prob, ERR_NOT_FOUND, "form_unknown", NULL,
			    "Không có loại giấy tờ này. Các loại: receipt, supplement, refusal, "
			    "apology, control, withdrawal.",
			    "There is no such form. Kinds: receipt, supplement, refusal, apology, "
			    "control, withdrawal.");
		return reply_problem(c);
	}
	const char *format;
	if (qs_line(c, "format", QS_FORMAT_MAX, &format))
		return reply_problem(c);
	int json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "html") != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là html hoặc json.",
			    "The format must be html or json.");
		return reply_problem(c);
	}
	struct actor who = ctx_who(c);
	json_t *data;
	if (papers_form(c->db, c->app, &who, app_now(c->app), c->param[0], (enum form_kind)k,
			&c->r->arena, &c->prob, &data))
		return reply_problem(c);
	if (json)
		return reply_json(c, 200, data);
	struct page pg;
	form_html(&pg, &c->r->arena, (enum form_kind)k, data);
	json_decref(data);
	return reply_page(c, &pg);
}

static enum http_result reply_csv(struct ctx *c, const struct book_q *q, json_t *rows,
				  long long total)
{
	struct arena *a = &c->r->arena;
	struct buf b;
	if (book_csv(&b, a, rows)) {
		buf_free(&b);
		return reply_err(c, ERR_INTERNAL);
	}
	char fmt_from[16], fmt_to[16];
	vn_format_date_days(q->from, fmt_from, sizeof fmt_from);
	vn_format_date_days(q->to, fmt_to, sizeof fmt_to);
	http_add_header(c->r, "Content-Disposition",
			arena_printf(a, "attachment; filename=\"so-theo-doi-ho-so_%s_%s.csv\"",
				     fmt_from, fmt_to));
	http_add_header(c->r, "X-Total-Count", arena_printf(a, "%lld", total));
	size_t len;
	char *body = buf_steal(&b, &len);
	http_reply(c->r, 200, "text/csv; charset=utf-8", body, len);
	return HTTP_DONE;
}

enum http_result h_book_tracking(struct ctx *c)
{
	struct book_q q = {0};
	const char *format, *agency;
	int64_t now = app_now(c->app);
	int rf, rt;
	if ((rf = qs_date(c, "from", &q.from)) < 0 || (rt = qs_date(c, "to", &q.to)) < 0 ||
	    qs_line(c, "field", QS_FIELD_MAX, &q.field) ||
	    qs_line(c, "format", QS_FORMAT_MAX, &format) ||
	    qs_line(c, "agency", QS_AGENCY_MAX, &agency) ||
	    qs_int(c, "offset", 0, 10000000, 0, &q.offset))
		return reply_problem(c);
	if (!format)
		format = "html";
	if (strcmp(format, "html") && strcmp(format, "csv") && strcmp(format, "json")) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là html, csv hoặc json.",
			    "The format must be html, csv or json.");
		return reply_problem(c);
	}
	if (rt)
		q.to = vn_day_of(now);
	if (rf) {
		struct vn_date d = vn_civil_from_days(q.to);
		q.from = vn_days_from_civil(d.y, d.m, 1);
	}
	/* the book of the officer's agency (the dossiers received at its
	 * centre); the province role chooses with ?agency= (none: all) */
	struct actor who = ctx_who(c);
	long long total;
	json_t *rows;
	if (papers_book_scope(c->db, &who, agency, &q, &c->r->arena, &c->prob) ||
	    papers_book(c->db, &q, &c->r->arena, &c->prob, &rows, &total))
		return reply_problem(c);
	if (!strcmp(format, "csv")) {
		enum http_result res = reply_csv(c, &q, rows, total);
		json_decref(rows);
		return res;
	}
	char f[16], t[16];
	vn_format_date_days(q.from, f, sizeof f);
	vn_format_date_days(q.to, t, sizeof t);
	if (!strcmp(format, "json")) {
		json_t *o = json_pack(
			"{s:s,s:s,s:o,s:o,s:I,s:I,s:i,s:o}", "from", f, "to", t, "agency",
			q.agency_code ? json_pack("{s:s,s:s}", "code", q.agency_code, "name",
						  q.agency_name)
				      : json_null(),
			"field",
			q.field ? json_pack("{s:s,s:s}", "code", q.field, "name", q.field_name)
				: json_null(),
			"total", (json_int_t)total, "offset", (json_int_t)q.offset, "limit",
			BOOK_MAX_ROWS, "rows", rows);
		return reply_json(c, 200, o);
	}
	json_t *issuer = papers_book_issuer(c->db, &q);
	if (!issuer)
		issuer = json_object();
	struct page pg;
	book_html(&pg, &c->r->arena, &q, issuer, rows, total, now);
	json_decref(issuer);
	json_decref(rows);
	return reply_page(c, &pg);
}
