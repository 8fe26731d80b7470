/*
 * dashboard_http.c — the dashboard domain's handlers (see dashboard_routes.h
 * for who may call): parse the query (jin), call a service (dashboard.h),
 * reply. No SQL.
 *
 *   GET /api/v1/dashboard/today[?agency=]
 *   GET /api/v1/dashboard/trends?from=&to=&by=week|month[&agency=]
 *   GET /api/v1/dashboard/breakdown?from=&to=&by=field|unit|officer[&agency=]
 *   GET /api/v1/dashboard/overdue-steps[?agency=]
 *   GET /api/v1/dashboard/petitions?from=&to=[&agency=]
 *   GET /api/v1/public/transparency[?agency=]   cacheable, 60 s in memory
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dashboard/dashboard.h"
#include "app/dashboard/dashboard_routes.h"
#include "app/platform/jin.h"
#include "core/mem.h"
#include "core/vntime.h"

#define AGENCY_MAX 40

/* the closed days' figures of this process (dashboard.h) */
static struct dash_cache *day_cache;
static pthread_once_t day_cache_once = PTHREAD_ONCE_INIT;
static void day_cache_init(void)
{
	day_cache = dash_cache_new();
}

static struct dash_cache *cache(void)
{
	pthread_once(&day_cache_once, day_cache_init);
	return day_cache;
}

/* the agency of the figures (dashboard_scope) */
static int scope(struct ctx *c, long long *agency)
{
	const char *code;
	if (qs_line(c, "agency", AGENCY_MAX, &code))
		return -1;
	struct actor who = ctx_who(c);
	return dashboard_scope(c->db, &who, code, agency, &c->prob) ? -1 : 0;
}

/* from/to: absent dates default to `dfrom` .. today */
static int period(struct ctx *c, int64_t dfrom, int64_t *from, int64_t *to)
{
	int64_t today = vn_day_of(app_now(c->app));
	int rf = qs_date(c, "from", from), rt = rf < 0 ? -1 : qs_date(c, "to", to);
	if (rf < 0 || rt < 0)
		return -1;
	if (rt == 1)
		*to = today;
	if (rf == 1)
		*from = dfrom < *to ? dfrom : *to;
	return 0;
}

static int64_t month_start(int64_t day, int back)
{
	struct vn_date d = vn_civil_from_days(day);
	int m = d.y * 12 + (d.m - 1) - back;
	return vn_days_from_civil(m / 12, m % 12 + 1, 1);
}

enum http_result h_dash_today(struct ctx *c)
{
	long long agency;
	json_t *o;
	if (scope(c, &agency) || dashboard_today(c->db, agency, app_now(c->app), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_dash_trends(struct ctx *c)
{
	long long agency;
	const char *by;
	int64_t now = app_now(c->app), from, to, today = vn_day_of(now);
	json_t *o;
	if (scope(c, &agency) || qs_line(c, "by", 10, &by))
		return reply_problem(c);
	/* default: the last 12 weeks, or the last 12 months (this one included) */
	int month = by && strcmp(by, "month") == 0;
	if (period(c, month ? month_start(today, 11) : today - 7 * 12 + 1, &from, &to) ||
	    dashboard_trends(c->db, cache(), agency, from, to, by, now, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_dash_breakdown(struct ctx *c)
{
	long long agency;
	const char *by;
	int64_t from, to;
	json_t *o;
	if (scope(c, &agency) || qs_line(c, "by", 10, &by) ||
	    period(c, month_start(vn_day_of(app_now(c->app)), 0), &from, &to) ||
	    dashboard_breakdown(c->db, agency, from, to, by, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_dash_overdue_steps(struct ctx *c)
{
	long long agency;
	json_t *o;
	if (scope(c, &agency) ||
	    dashboard_overdue_steps(c->db, agency, app_now(c->app), &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

enum http_result h_dash_petitions(struct ctx *c)
{
	long long agency;
	int64_t from, to, now = app_now(c->app);
	json_t *o;
	if (scope(c, &agency) || period(c, month_start(vn_day_of(now), 0), &from, &to) ||
	    dashboard_petitions(c->db, agency, from, to, now, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

/* ---- the public figures: one answer per agency code, kept 60 s ---------------- */

#define PUB_TTL 60
#define PUB_SLOTS 16

static struct {
	char key[AGENCY_MAX * 4 + 1];
	int64_t at;
	char *body;
} pub_cache[PUB_SLOTS];
static pthread_mutex_t pub_lock = PTHREAD_MUTEX_INITIALIZER;

static char *pub_get(const char *key, int64_t now)
{
	char *s = NULL;
	pthread_mutex_lock(&pub_lock);
	for (int i = 0; i < PUB_SLOTS; i++)
		if (pub_cache[i].body && strcmp(pub_cache[i].key, key) == 0 &&
		    now >= pub_cache[i].at && now - pub_cache[i].at < PUB_TTL) {
			s = strdup(pub_cache[i].body);
			break;
		}
	pthread_mutex_unlock(&pub_lock);
	return s;
}

static void pub_put(const char *key, int64_t now, const char *body)
{
	if (strlen(key) >= sizeof pub_cache[0].key)
		return;
	pthread_mutex_lock(&pub_lock);
	int slot = 0;
	for (int i = 0; i < PUB_SLOTS; i++) {
		if (strcmp(pub_cache[i].key, key) == 0 || !pub_cache[i].body) {
			slot = i;
			break;
		}
		if (pub_cache[i].at < pub_cache[slot].at)
			slot = i; /* else the oldest */
	}
	free(pub_cache[slot].body);
	snprintf(pub_cache[slot].key, sizeof pub_cache[slot].key, "%s", key);
	pub_cache[slot].at = now;
	pub_cache[slot].body = strdup(body);
	pthread_mutex_unlock(&pub_lock);
}

enum http_result h_dash_transparency(struct ctx *c)
{
	const char *code;
	if (qs_line(c, "agency", AGENCY_MAX, &code))
		return reply_problem(c);
	int64_t now = app_now(c->app);
	const char *key = code ? code : "";
	char *s = pub_get(key, now);
	if (!s) {
		json_t *o;
		if (dashboard_transparency(c->db, cache(), code, now, &c->prob, &o))
			return reply_problem(c);
		s = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (!s)
			return reply_err(c, ERR_INTERNAL);
		pub_put(key, now, s);
	}
	c->r->cacheable = 1;
	http_add_header(c->r, "Cache-Control", "public, max-age=60");
	http_reply(c->r, 200, "application/json; charset=utf-8", s, strlen(s));
	return HTTP_DONE;
}
