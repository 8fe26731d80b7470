/*
 * h_public.c — small public endpoints: health and the centre's details.
 */
#include "app/platform/platform_routes.h"
#include "core/vntime.h"

enum http_result h_healthz(struct ctx *c)
{
	if (!db_pool_get(c->app->pool))
		return reply_err(c, ERR_UNAVAILABLE);
	static const char body[] = "{\"status\":\"ok\"}";
	http_reply(c->r, 200, "application/json; charset=utf-8", xstrndup(body, sizeof body - 1),
		   sizeof body - 1);
	return HTTP_DONE;
}

enum http_result h_public_centre(struct ctx *c)
{
	static const char sql[] =
		"SELECT a.code, a.name, a.centre_name, a.address, a.phone, a.email, a.work_periods,"
		" a.cutoff FROM agency a WHERE a.is_home = 1 ORDER BY a.id LIMIT 1";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return reply_err(c, ERR_NOT_FOUND);
	}
	json_t *o = json_pack("{s:s,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s}", "name", db_col_text(st, 2),
			      "agency", "code", db_col_text(st, 0), "name", db_col_text(st, 1),
			      "address", db_col_text(st, 3), "phone", db_col_text(st, 4), "email",
			      db_col_text(st, 5), "work_periods", db_col_text(st, 6), "cutoff",
			      db_col_text(st, 7));
	db_done(st);
	return reply_json(c, 200, o);
}

/* PUT /api/v1/_test/now {"now":"2026-03-02T09:00:00+07:00"} — sets the
 * server's clock for end-to-end tests of deadlines. Exists only when the
 * server was started with MOTCUA_TEST_CLOCK=1; otherwise it is a 404 like
 * any unknown path. */
enum http_result h_test_now(struct ctx *c)
{
	if (!c->app->test_clock)
		return reply_err(c, ERR_NOT_FOUND);
	json_t *v = json_object_get(c->body, "now");
	int64_t t;
	if (!json_is_string(v) ||
	    vn_parse_instant(json_string_value(v), json_string_length(v), &t) != 0) {
		problem_field(&c->prob, "now", "Thời điểm không hợp lệ.", "Invalid instant.");
		return reply_problem(c);
	}
	__atomic_store_n(&c->app->fake_base, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&c->app->fake_now, t, __ATOMIC_RELAXED);
	char b[40];
	vn_format_iso(t, b, sizeof b);
	return reply_json(c, 200, json_pack("{s:s}", "now", b));
}
