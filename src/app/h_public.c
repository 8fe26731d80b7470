/*
 * h_public.c — small public endpoints: health and the centre's details.
 */
#include "app/handlers.h"

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
