/*
 * platform_http.c — the platform's own endpoints: health, the centre's
 * public identity, and the test clock.
 */
#include "app/platform/jin.h"
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
	const char *agency;
	if (qs_line(c, "agency", 40, &agency))
		return reply_problem(c);
	json_t *o = centre_public_json(c->db, agency);
	return o ? reply_json(c, 200, o) : reply_err(c, ERR_NOT_FOUND);
}

/* GET /api/v1/agencies — the agencies of the province (public). */
enum http_result h_agencies(struct ctx *c)
{
	json_t *o = agencies_public_json(c->db);
	return o ? reply_json(c, 200, o) : reply_err(c, ERR_INTERNAL);
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
