/*
 * indicator_http.c — the indicator domain's handlers (see
 * indicator_routes.h for who may call): parse the query, call the service
 * (indicator.h), reply. No SQL.
 *
 *   GET /api/v1/indicators?from=&to=[&agency=]                 the scores
 *   GET /api/v1/indicators/{code}/items?from=&to=[&agency=][&limit=&offset=]
 *                                                             what is behind one
 */
#include <string.h>

#include "app/indicator/indicator.h"
#include "app/indicator/indicator_routes.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

/* from and to (YYYY-MM-DD, both included); by default the current quarter
 * up to today, or the quarter of `to`. */
static int period(struct ctx *c, struct ind_query *q)
{
	memset(q, 0, sizeof *q);
	int64_t today = vn_day_of(app_now(c->app));
	int rf = qs_date(c, "from", &q->from), rt = rf < 0 ? -1 : qs_date(c, "to", &q->to);
	if (rf < 0 || rt < 0 || qs_line(c, "agency", 60, &q->agency))
		return -1;
	if (rt == 1)
		q->to = today;
	if (rf == 1) {
		struct vn_date t = vn_civil_from_days(q->to);
		q->from = vn_days_from_civil(t.y, (t.m - 1) / 3 * 3 + 1, 1);
	}
	return 0;
}

enum http_result h_indicators(struct ctx *c)
{
	struct ind_query q;
	if (period(c, &q))
		return reply_problem(c);
	struct actor who = ctx_who(c);
	json_t *o;
	if (indicator_scores(c->db, c->app, &who, app_now(c->app), &q, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_indicator_items(struct ctx *c)
{
	struct ind_query q;
	long long limit, offset;
	if (period(c, &q) || qs_int(c, "limit", 1, IND_PAGE_MAX, IND_PAGE, &limit) ||
	    qs_int(c, "offset", 0, 100000000, 0, &offset))
		return reply_problem(c);
	struct actor who = ctx_who(c);
	json_t *o;
	if (indicator_items(c->db, c->app, &who, app_now(c->app), &q, c->param[0], limit, offset,
			    &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}
