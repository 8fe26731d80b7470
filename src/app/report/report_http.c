/*
 * report_http.c — the handler of the periodic report (see report_routes.h
 * for who may call): parse the query, call the service (report.h), reply
 * in the format asked. No SQL.
 *
 *   GET /api/v1/reports/handling?from=YYYY-MM-DD&to=YYYY-MM-DD
 *       [&agency=CODE][&format=json|csv|xlsx|html]   (html: the print view)
 *
 * Dates are Vietnam days; defaults: `to` today, `from` the first day of
 * to's month. A read: it runs on the HTTP worker in one snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/papers/forms.h"
#include "app/platform/jin.h"
#include "app/report/report_routes.h"
#include "core/vntime.h"

#define QS_AGENCY_MAX 40
#define QS_FORMAT_MAX 10
/* the CSV of a report: 15 columns of a few hundred fields */
#define REPORT_CSV_MAX (4u << 20)

static enum http_result reply_bytes(struct ctx *c, const struct report *r, const char *type,
				    const char *ext, char *body, size_t len)
{
	char name[128];
	report_filename(r, name, sizeof name);
	http_add_header(c->r, "Content-Disposition",
			arena_printf(&c->r->arena, "attachment; filename=\"%s.%s\"", name, ext));
	http_reply(c->r, 200, type, body, len);
	return HTTP_DONE;
}

enum http_result h_report_handling(struct ctx *c)
{
	struct report_query q = {0};
	const char *format;
	int64_t now = app_now(c->app);
	int rf, rt;
	if ((rf = qs_date(c, "from", &q.from)) < 0 || (rt = qs_date(c, "to", &q.to)) < 0 ||
	    qs_line(c, "agency", QS_AGENCY_MAX, &q.agency) ||
	    qs_line(c, "format", QS_FORMAT_MAX, &format))
		return reply_problem(c);
	if (!format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx") &&
	    strcmp(format, "html")) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là json, csv, xlsx hoặc html.",
			    "The format must be json, csv, xlsx or html.");
		return reply_problem(c);
	}
	if (rt)
		q.to = vn_day_of(now);
	if (rf) {
		struct vn_date d = vn_civil_from_days(q.to);
		q.from = vn_days_from_civil(d.y, d.m, 1);
	}
	struct actor who = ctx_who(c);
	struct report r;
	if (report_handling(c->db, &who, now, &q, &r, &c->prob))
		return reply_problem(c);
	enum http_result res;
	if (!strcmp(format, "json")) {
		res = reply_json(c, 200, report_json(&r));
	} else if (!strcmp(format, "csv")) {
		struct buf b;
		buf_init(&b, REPORT_CSV_MAX);
		if (report_csv(&r, &b)) {
			buf_free(&b);
			res = reply_err(c, ERR_INTERNAL);
		} else {
			size_t len;
			char *body = buf_steal(&b, &len);
			res = reply_bytes(c, &r, "text/csv; charset=utf-8", "csv", body, len);
		}
	} else if (!strcmp(format, "html")) {
		struct page pg;
		report_html(&pg, &c->r->arena, &r, now);
		if (pg.rc) {
			buf_free(&pg.b);
			res = reply_err(c, ERR_INTERNAL);
		} else {
			size_t len;
			char *body = buf_steal(&pg.b, &len);
			http_reply(c->r, 200, "text/html; charset=utf-8", body, len);
			res = HTTP_DONE;
		}
	} else {
		char *body;
		size_t len;
		if (report_xlsx(&r, &body, &len))
			res = reply_err(c, ERR_INTERNAL);
		else
			res = reply_bytes(
				c, &r,
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				"xlsx", body, len);
	}
	report_free(&r);
	return res;
}
