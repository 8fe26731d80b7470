/*
 * h_dossier.c — the dossier API (see routes.c for who may call what):
 *
 *   POST /api/v1/dossiers                      intake at the counter → 201
 *   POST /api/v1/public/submissions            online submission → 201 (submitted)
 *   GET  /api/v1/dossiers?status=&overdue=&assignee=me&q=&field=&limit=&offset=
 *   GET  /api/v1/dossiers/{code}               everything, for the dossier roles
 *   GET  /api/v1/dossiers/{code}/history       the control sheet's hand-overs
 *   POST /api/v1/dossiers/{code}/actions       {"action": …}
 *   GET  /api/v1/dossiers/{code}/attachments/{sha256}
 *   GET  /api/v1/public/dossiers/{code}        public tracking, no personal data
 */
#include <stdlib.h>
#include <string.h>

#include "app/platform/clock.h"
#include "app/dossier/dossier.h"
#include "app/dossier/dossier_routes.h"
#include "app/platform/jin.h"
#include "auth/auth.h"
#include "core/fold.h"
#include "core/vntime.h"

static void intake_cleanup(struct ctx *c)
{
	if (c->warg)
		intake_free(c->warg);
}

enum http_result h_dossier_create(struct ctx *c)
{
	struct intake *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	if (intake_parse(c, in, 0))
		return reply_problem(c);
	return app_write(c, intake_counter_fn, in);
}

/* A fixed one-hour window per address (hashed), inside the write. */
static int rate_ok(struct db *db, const char *key, int64_t now, int max)
{
	static const char sql[] =
		"INSERT INTO rate_limit (key, window_start, count) VALUES ($1, $2, 1)"
		" ON CONFLICT (key) DO UPDATE SET"
		" count = CASE WHEN rate_limit.window_start <= $2 - 3600 THEN 1 ELSE "
		"rate_limit.count + 1 END,"
		" window_start = CASE WHEN rate_limit.window_start <= $2 - 3600 THEN $2"
		" ELSE rate_limit.window_start END";
	static const char sql_get[] = "SELECT count FROM rate_limit WHERE key = $1";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, now);
	if (db_run(st) != DB_OK)
		return 0;
	st = db_prep(db, sql_get);
	db_bind_text(st, 1, key);
	int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : max + 1;
	db_done(st);
	return n <= max;
}

static int submission_fn(struct ctx *c, struct db *db)
{
	struct intake *in = c->warg;
	char h[AUTH_HASH_HEX], key[80];
	auth_token_hash(c->r->ip, strlen(c->r->ip), h);
	snprintf(key, sizeof key, "submit:%s", h);
	/* per client address (--submission-limit, default 300): mobile carriers put
	 * many phones behind one address, so this stops floods, not citizens */
	if (!rate_ok(db, key, in->now, c->app->cfg.submissions_per_hour)) {
		/* the counter row must stay: refuse without rolling back */
		problem_set(
			&c->prob, ERR_THROTTLED, "too_many_submissions", NULL,
			"Quá nhiều hồ sơ được nộp từ địa chỉ này; vui lòng thử lại sau một giờ.",
			"Too many submissions from this address; please try again in an hour.");
		c->prob.retry_after = 3600;
		c->out = NULL;
		c->out_status = 0;
		return 0;
	}
	return intake_online_fn(c, db);
}

enum http_result h_submission_create(struct ctx *c)
{
	struct intake *in = arena_alloc(&c->r->arena, sizeof *in);
	memset(in, 0, sizeof *in);
	c->warg = in;
	c->cleanup = intake_cleanup;
	if (intake_parse(c, in, 1))
		return reply_problem(c);
	return app_write(c, submission_fn, in);
}

enum http_result h_dossier_get(struct ctx *c)
{
	json_t *o = dossier_staff_json(c->app, c->db, c->param[0], c->who.roles, c->who.staff_id,
				       c->who.unit_id);
	if (!o) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL,
			    "Không tìm thấy hồ sơ với mã này.", "No dossier has this code.");
		return reply_problem(c);
	}
	return reply_json(c, 200, o);
}

enum http_result h_dossier_history(struct ctx *c)
{
	json_t *o = dossier_history_json(c->db, c->param[0]);
	if (!o) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL,
			    "Không tìm thấy hồ sơ với mã này.", "No dossier has this code.");
		return reply_problem(c);
	}
	return reply_json(c, 200, o);
}

enum http_result h_public_dossier(struct ctx *c)
{
	struct jw w;
	jw_init(&w, 1 << 20);
	int rc = dossier_public_write(c->app, c->db, c->param[0], &w);
	if (rc < 0) {
		jw_free(&w);
		return reply_err(c, ERR_INTERNAL);
	}
	if (rc == 0) {
		jw_free(&w);
		problem_set(
			&c->prob, ERR_NOT_FOUND, "not_found", NULL,
			"Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã trên giấy hẹn.",
			"No dossier has this code. Please check the code on your receipt.");
		return reply_problem(c);
	}
	size_t len;
	char *body = buf_steal(&w.b, &len);
	http_reply(c->r, 200, "application/json; charset=utf-8", body, len);
	return HTTP_DONE;
}

enum http_result h_dossier_action(struct ctx *c)
{
	struct action_req *ar = arena_alloc(&c->r->arena, sizeof *ar);
	if (action_parse(c, ar))
		return reply_problem(c);
	return app_write(c, action_fn, ar);
}

enum http_result h_dossier_attachment(struct ctx *c)
{
	static const char sql[] =
		"SELECT a.mime, a.data, x.name FROM dossier_attachment x JOIN dossier d ON d.id = "
		"x.dossier_id"
		" JOIN attachment a ON a.sha256 = x.sha256 WHERE d.code = $1 AND x.sha256 = $2";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	db_bind_text(st, 1, c->param[0]);
	db_bind_text(st, 2, c->param[1]);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return reply_err(c, ERR_NOT_FOUND);
	}
	size_t n = db_col_len(st, 1);
	char *data = xmalloc(n ? n : 1);
	memcpy(data, db_col_blob(st, 1), n);
	const char *mime = arena_strdup(&c->r->arena, db_col_text(st, 0));
	db_done(st);
	http_add_header(c->r, "Content-Disposition", "attachment");
	http_reply(c->r, 200, mime, data, n);
	return HTTP_DONE;
}

enum http_result h_dossiers(struct ctx *c)
{
	static const char sql[] =
		"SELECT d.code, p.code, p.name, f.code, f.name, d.status, d.applicant_name,"
		" d.received_at, d.due_at, d.paused_at, d.current_step, s.name, u.code, u.name,"
		" s.due_at, coalesce(d.assignee_id, 0), d.submitted_at, d.channel, d.version"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id"
		" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = d.current_step"
		" LEFT JOIN unit u ON u.id = s.unit_id"
		" WHERE (CASE $1 WHEN 'all' THEN 1"
		"  WHEN 'open' THEN d.status IN ('submitted', 'received', 'processing',"
		"   'supplement_requested', 'result_ready') ELSE d.status = $1 END)"
		" AND ($2 = 0 OR d.assignee_id = $2)"
		" AND ($3 IS NULL OR f.code = $3)"
		" AND ($4 IS NULL OR d.code LIKE $4 || '%' OR d.applicant_fold LIKE '%' || $5 || "
		"'%')"
		" AND ($6 = 0 OR (d.status IN ('received', 'processing') AND d.due_at < $7)"
		"  OR (d.status = 'supplement_requested' AND d.paused_at > d.due_at))"
		" AND ($10 = 0 OR s.unit_id = $10)"
		" ORDER BY (d.status IN ('received', 'processing') AND d.due_at < $7) DESC,"
		" d.due_at IS NULL, d.due_at, d.submitted_at, d.id LIMIT $8 OFFSET $9";
	static const char sql_n[] =
		"SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id"
		" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = d.current_step"
		" WHERE (CASE $1 WHEN 'all' THEN 1"
		"  WHEN 'open' THEN d.status IN ('submitted', 'received', 'processing',"
		"   'supplement_requested', 'result_ready') ELSE d.status = $1 END)"
		" AND ($2 = 0 OR d.assignee_id = $2)"
		" AND ($3 IS NULL OR f.code = $3)"
		" AND ($4 IS NULL OR d.code LIKE $4 || '%' OR d.applicant_fold LIKE '%' || $5 || "
		"'%')"
		" AND ($6 = 0 OR (d.status IN ('received', 'processing') AND d.due_at < $7)"
		"  OR (d.status = 'supplement_requested' AND d.paused_at > d.due_at))"
		" AND ($10 = 0 OR s.unit_id = $10)";
	const char *status, *assignee, *field, *q, *unit;
	long long limit, offset;
	int overdue;
	if (qs_line(c, "status", 30, &status) || qs_line(c, "assignee", 64, &assignee) ||
	    qs_line(c, "unit", 20, &unit) || qs_line(c, "field", 20, &field) ||
	    qs_line(c, "q", 100, &q) || qs_bool(c, "overdue", &overdue) ||
	    qs_int(c, "limit", 1, 200, 50, &limit) || qs_int(c, "offset", 0, 10000000, 0, &offset))
		return reply_problem(c);
	if (!status)
		status = "open";
	if (strcmp(status, "open") != 0 && strcmp(status, "all") != 0 &&
	    ds_status_parse(status) < 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "status",
			    "Trạng thái không hợp lệ.", "Unknown status.");
		return reply_problem(c);
	}
	long long who = 0;
	if (assignee && strcmp(assignee, "me") == 0)
		who = c->who.staff_id;
	else if (assignee) {
		static const char sql_u[] = "SELECT id FROM staff WHERE username = $1";
		struct db_stmt *su = db_prep(c->db, sql_u);
		db_bind_text(su, 1, assignee);
		who = db_step(su) == DB_ROW ? db_col_int(su, 0) : -1;
		db_done(su);
	}
	/* unit=mine or a unit code: dossiers whose current step is that unit's */
	long long unit_id = 0;
	if (unit && strcmp(unit, "mine") == 0) {
		unit_id = c->who.unit_id ? c->who.unit_id : -1;
	} else if (unit) {
		static const char sql_unit[] =
			"SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
			" WHERE u.code = $1 AND a.is_home = 1";
		struct db_stmt *su = db_prep(c->db, sql_unit);
		db_bind_text(su, 1, unit);
		unit_id = db_step(su) == DB_ROW ? db_col_int(su, 0) : -1;
		db_done(su);
	}
	char *fold = NULL;
	if (q) {
		size_t cap = FOLD_LINE_CAP(100), n;
		fold = arena_alloc(&c->r->arena, cap);
		if (fold_key(q, strlen(q), fold, cap, &n) != 0)
			fold[0] = '\0';
		/* LIKE wildcards in the text are taken literally enough: strip them */
		for (char *p = fold; *p; p++)
			if (*p == '%' || *p == '_')
				*p = ' ';
	}
	int64_t now = app_now(c->app);
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, who);
	db_bind_text(st, 3, field);
	db_bind_text(st, 4, q);
	db_bind_text(st, 5, fold ? fold : "");
	db_bind_int(st, 6, overdue);
	db_bind_int(st, 7, now);
	db_bind_int(st, 8, limit);
	db_bind_int(st, 9, offset);
	db_bind_int(st, 10, unit_id);
	json_t *items = json_array();
	struct pending {
		long long assignee;
		int64_t due;
		int running;
	} rows[200];
	size_t n = 0;
	char b[40];
	while (db_step(st) == DB_ROW && n < 200) {
		enum ds_status s = (enum ds_status)ds_status_parse(db_col_text(st, 5));
		int64_t due = db_col_int(st, 8);
		int ov = ds_overdue(s, due, db_col_int(st, 9), now);
		json_t *o = json_pack("{s:s,s:{s:s,s:s,s:{s:s,s:s}},s:s,s:s,s:s,s:b,s:I}", "code",
				      db_col_text(st, 0), "procedure", "code", db_col_text(st, 1),
				      "name", db_col_text(st, 2), "field", "code",
				      db_col_text(st, 3), "name", db_col_text(st, 4), "status",
				      db_col_text(st, 5), "applicant_name", db_col_text(st, 6),
				      "channel", db_col_text(st, 17), "overdue", ov, "version",
				      (json_int_t)db_col_int(st, 18));
		if (!db_col_null(st, 7)) {
			vn_format_iso(db_col_int(st, 7), b, sizeof b);
			json_object_set_new(o, "received_at", json_string(b));
		}
		if (!db_col_null(st, 16)) {
			vn_format_iso(db_col_int(st, 16), b, sizeof b);
			json_object_set_new(o, "submitted_at", json_string(b));
		}
		if (!db_col_null(st, 8)) {
			vn_format_iso(due, b, sizeof b);
			json_object_set_new(o, "due_at", json_string(b));
		}
		if (!db_col_null(st, 10) && !db_col_null(st, 11)) {
			vn_format_iso(db_col_int(st, 14), b, sizeof b);
			json_object_set_new(o, "current_step",
					    json_pack("{s:I,s:s,s:{s:s,s:s},s:s}", "position",
						      (json_int_t)db_col_int(st, 10), "name",
						      db_col_text(st, 11), "unit", "code",
						      db_col_text(st, 12), "name",
						      db_col_text(st, 13), "due_at", b));
		}
		rows[n].assignee = db_col_int(st, 15);
		rows[n].due = due;
		rows[n].running = ds_clock_runs(s) && due > 0;
		n++;
		json_array_append_new(items, o);
	}
	db_done(st);
	/* remaining working time (negative: overdue by), for deadline colours */
	static const char sql_s[] = "SELECT username, full_name FROM staff WHERE id = $1";
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);
		if (rows[i].running) {
			int64_t left = rows[i].due >= now
					       ? clock_elapsed(c->app, now, rows[i].due)
					       : -clock_elapsed(c->app, rows[i].due, now);
			json_object_set_new(o, "remaining_working_seconds", json_integer(left));
		}
		if (rows[i].assignee) {
			struct db_stmt *ss = db_prep(c->db, sql_s);
			db_bind_int(ss, 1, rows[i].assignee);
			if (db_step(ss) == DB_ROW)
				json_object_set_new(o, "assignee",
						    json_pack("{s:s,s:s}", "username",
							      db_col_text(ss, 0), "full_name",
							      db_col_text(ss, 1)));
			db_done(ss);
		}
	}
	st = db_prep(c->db, sql_n);
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, who);
	db_bind_text(st, 3, field);
	db_bind_text(st, 4, q);
	db_bind_text(st, 5, fold ? fold : "");
	db_bind_int(st, 6, overdue);
	db_bind_int(st, 7, now);
	db_bind_int(st, 10, unit_id);
	long long total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	json_t *out = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total);
	json_object_set_new(out, "day_working_seconds", json_integer(clock_day_seconds(c->app)));
	char nb[40];
	vn_format_iso(now, nb, sizeof nb);
	json_object_set_new(out, "now", json_string(nb));
	return reply_json(c, 200, out);
}
