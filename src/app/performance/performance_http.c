/*
 * performance_http.c — the performance domain's handlers (see
 * performance_routes.h for who may call): parse, call a service
 * (performance.h), reply. No SQL.
 *
 *   GET /api/v1/officers/figures?from=&to=[&agency=][&unit=]   the table
 *   GET /api/v1/officers/me/figures?from=&to=                  one's own
 *   GET /api/v1/officers/{username}/figures?from=&to=          one officer
 *   GET /api/v1/officers/{username}/dossiers?from=&to=&kind=   the drill-down
 *   GET /api/v1/exports/dossiers?from=&to=[&agency=]           JSON lines, streamed
 *
 * Periods are local days, both included (from defaults to the first day of
 * to's month, to to today); the services take the instants [from, to+1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/performance/performance.h"
#include "app/performance/performance_routes.h"
#include "app/platform/jin.h"
#include "core/log.h"
#include "core/vntime.h"

/* The period of the query into instants [*from, *to). 0, or -1 with the
 * problem set. */
static int period(struct ctx *c, int max_days, int64_t *from, int64_t *to)
{
	int64_t today = vn_day_of(app_now(c->app)), d0, d1;
	int rf = qs_date(c, "from", &d0);
	if (rf < 0)
		return -1;
	int rt = qs_date(c, "to", &d1);
	if (rt < 0)
		return -1;
	if (rt == 1)
		d1 = today;
	if (rf == 1) {
		struct vn_date d = vn_civil_from_days(d1);
		d0 = vn_days_from_civil(d.y, d.m, 1);
	}
	if (d1 < d0) {
		problem_field(&c->prob, "to", "Ngày kết thúc phải không trước ngày bắt đầu.",
			      "The end of the period must not come before its start.");
		return -1;
	}
	if (d1 - d0 + 1 > max_days) {
		problem_field(&c->prob, "to", "Khoảng thời gian quá dài.",
			      "The period is too long.");
		return -1;
	}
	*from = vn_instant_of_day(d0);
	*to = vn_instant_of_day(d1 + 1);
	return 0;
}

enum http_result h_perf_table(struct ctx *c)
{
	int64_t from, to;
	const char *agency, *unit;
	if (period(c, PERF_MAX_DAYS, &from, &to) || qs_line(c, "agency", 40, &agency) ||
	    qs_line(c, "unit", 40, &unit))
		return reply_problem(c);
	struct actor who = ctx_who(c);
	json_t *o;
	if (performance_table(c->db, c->app, &who, agency, unit, from, to, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static enum http_result figures_of(struct ctx *c, int64_t staff_id, const char *username)
{
	int64_t from, to;
	if (period(c, PERF_MAX_DAYS, &from, &to))
		return reply_problem(c);
	struct officer_figures f;
	if (performance_officer(c->db, c->app, staff_id, from, to, &f, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200,
			  json_pack("{s:s,s:i,s:i,s:o}", "username", username, "min_steps",
				    PERF_MIN_STEPS, "min_evaluations", PERF_MIN_EVALS, "figures",
				    performance_figures_json(&f)));
}

enum http_result h_perf_me(struct ctx *c)
{
	struct actor who = ctx_who(c);
	return figures_of(c, who.staff_id, who.name ? who.name : "");
}

/* {username} → its id, if the viewer may read it. 0, or -1 with the problem. */
static int officer_param(struct ctx *c, int64_t *id)
{
	struct actor who = ctx_who(c);
	if (performance_staff_id(c->db, c->param[0], id, &c->prob) ||
	    performance_may_read(c->db, &who, *id, &c->prob))
		return -1;
	return 0;
}

enum http_result h_perf_officer(struct ctx *c)
{
	int64_t id;
	if (officer_param(c, &id))
		return reply_problem(c);
	return figures_of(c, id, c->param[0]);
}

enum http_result h_perf_dossiers(struct ctx *c)
{
	int64_t id, from, to;
	const char *kind;
	if (officer_param(c, &id) || period(c, PERF_MAX_DAYS, &from, &to) ||
	    qs_line(c, "kind", 20, &kind))
		return reply_problem(c);
	json_t *o;
	if (performance_dossiers(c->db, id, kind, from, to, &c->prob, &o))
		return reply_problem(c);
	json_object_set_new(o, "username", json_string(c->param[0]));
	return reply_json(c, 200, o);
}

/* --- the export: a connection of its own, read as the client takes it --- */

struct export_stream {
	struct db *db;
	struct perf_export *x;
	const char *line; /* the line not yet wholly sent */
	long len, off;
	int failed, ended;
	char agency[48];
};

static long export_pull(void *arg, char *buf, size_t max)
{
	struct export_stream *s = arg;
	size_t n = 0;
	while (n < max) {
		if (s->off >= s->len) {
			if (s->ended)
				break;
			s->len = performance_export_next(s->x, &s->line);
			s->off = 0;
			if (s->len <= 0) {
				s->ended = 1;
				if (s->len < 0) {
					/* a cut export says so on its last line */
					s->failed = 1;
					s->line =
						"{\"error\":{\"code\":\"internal\",\"message\":"
						"\"Lỗi đọc dữ liệu; bản xuất không đầy đủ. / "
						"The store failed; the export is incomplete.\"}}\n";
					s->len = (long)strlen(s->line);
				} else {
					s->len = 0;
					break;
				}
			}
		}
		size_t k = (size_t)(s->len - s->off);
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, s->line + s->off, k);
		s->off += (long)k;
		n += k;
	}
	return n > 0 ? (long)n : -1;
}

static void export_done(void *arg)
{
	struct export_stream *s = arg;
	log_info("export dossiers agency=%s rows=%lld complete=%d", s->agency,
		 performance_export_count(s->x), s->ended && !s->failed);
	performance_export_close(s->x);
	db_end_read(s->db);
	db_close(s->db);
	free(s);
}

enum http_result h_perf_export(struct ctx *c)
{
	int64_t from, to;
	const char *agency_code;
	if (period(c, PERF_EXPORT_MAX_DAYS, &from, &to) || qs_line(c, "agency", 40, &agency_code))
		return reply_problem(c);
	struct actor who = ctx_who(c);
	long long own = dossier_viewer_agency(c->db, &who), agency = own;
	if (agency_code && performance_agency_id(c->db, agency_code, &agency, &c->prob))
		return reply_problem(c);
	if (who.roles & ROLE_PROVINCE) {
		if (!agency_code)
			agency = 0; /* every agency */
	} else if (agency != own) {
		problem_set(&c->prob, ERR_FORBIDDEN, "not_your_agency", "agency",
			    "Chỉ xuất được hồ sơ của cơ quan mình.",
			    "You may export only your own agency's dossiers.");
		return reply_problem(c);
	}
	/* a connection of its own, in one read snapshot, for as long as the
	 * client reads (the request's connection goes back to its thread) */
	struct db *db = NULL;
	char err[256];
	if (db_open(c->app->cfg.db_path, 0, &db, err, sizeof err) != 0) {
		log_warn("export: cannot open the store: %s", err);
		return reply_err(c, ERR_UNAVAILABLE);
	}
	if (db_begin_read(db) != DB_OK) {
		db_close(db);
		return reply_err(c, ERR_UNAVAILABLE);
	}
	struct perf_export *x = performance_export_open(db, c->app, agency, from, to, &c->prob);
	if (!x) {
		db_end_read(db);
		db_close(db);
		return reply_problem(c);
	}
	struct export_stream *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->x = x;
	snprintf(s->agency, sizeof s->agency, "%s",
		 agency_code ? agency_code
		 : agency    ? "own"
			     : "all");
	struct vn_date d0 = vn_civil_from_days(vn_day_of(from)),
		       d1 = vn_civil_from_days(vn_day_of(to - 1));
	char disp[160];
	snprintf(disp, sizeof disp, "attachment; filename=\"hoso-%04d%02d%02d-%04d%02d%02d.jsonl\"",
		 d0.y, d0.m, d0.d, d1.y, d1.m, d1.d);
	http_add_header(c->r, "Content-Disposition", disp);
	http_reply_stream(c->r, 200, "application/x-ndjson; charset=utf-8", export_pull,
			  export_done, s);
	return HTTP_DONE;
}
