/*
 * h_catalogue.c — the catalogue API.
 *
 *   GET    /api/v1/fields                        public
 *   GET    /api/v1/procedures?q=&field=&limit=&offset=   public, ranked search
 *   GET    /api/v1/procedures/{code}             public
 *   PUT    /api/v1/procedures/{code}             admin: create or replace (optional "version")
 *   DELETE /api/v1/procedures/{code}             admin: withdraw from the catalogue
 *   GET    /api/v1/procedures/export             admin: CSV
 *   POST   /api/v1/procedures/import             admin: CSV (text/csv), all or nothing
 *   PUT    /api/v1/fields/{code}                 admin: {"name"}
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_routes.h"
#include "app/platform/jin.h"

enum http_result h_fields(struct ctx *c)
{
	static const char sql[] =
		"SELECT f.code, f.name, (SELECT count(*) FROM procedure p WHERE p.field_id = f.id"
		" AND p.active = 1) FROM field f ORDER BY f.name";
	struct db_stmt *st = db_prep(c->db, sql);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	json_t *items = json_array();
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s,s:s,s:I}", "code", db_col_text(st, 0),
						       "name", db_col_text(st, 1), "count",
						       (json_int_t)db_col_int(st, 2)));
	db_done(st);
	return reply_json(c, 200, json_pack("{s:o}", "items", items));
}

static json_t *item_of(struct db_stmt *st)
{
	double v = db_col_double(st, 4);
	return json_pack("{s:s,s:s,s:{s:s,s:s},s:{s:o,s:s},s:s}", "code", db_col_text(st, 0),
			 "name", db_col_text(st, 1), "field", "code", db_col_text(st, 2), "name",
			 db_col_text(st, 3), "time_limit", "value",
			 v == floor(v) ? json_integer((json_int_t)v) : json_real(v), "unit",
			 db_col_text(st, 5), "online", db_col_text(st, 6));
}

enum http_result h_procedures(struct ctx *c)
{
	static const char sql_all[] =
		"SELECT p.code, p.name, f.code, f.name, p.limit_value, p.limit_unit, p.online"
		" FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.active = 1"
		" AND ($1 IS NULL OR f.code = $1) ORDER BY f.name, p.name LIMIT $2 OFFSET $3";
	static const char sql_all_n[] =
		"SELECT count(*) FROM procedure p JOIN field f ON f.id = p.field_id"
		" WHERE p.active = 1 AND ($1 IS NULL OR f.code = $1)";
	static const char sql_q[] =
		"SELECT p.code, p.name, f.code, f.name, p.limit_value, p.limit_unit, p.online"
		" FROM procedure_fts JOIN procedure p ON p.id = procedure_fts.rowid"
		" JOIN field f ON f.id = p.field_id WHERE procedure_fts MATCH $4 AND p.active = 1"
		" AND ($1 IS NULL OR f.code = $1)"
		" ORDER BY bm25(procedure_fts, 10.0, 2.0, 5.0), p.code LIMIT $2 OFFSET $3";
	static const char sql_q_n[] =
		"SELECT count(*) FROM procedure_fts JOIN procedure p ON p.id = procedure_fts.rowid"
		" JOIN field f ON f.id = p.field_id WHERE procedure_fts MATCH $4 AND p.active = 1"
		" AND ($1 IS NULL OR f.code = $1)";
	long long limit, offset;
	const char *q, *field;
	if (qs_int(c, "limit", 1, 200, 20, &limit) || qs_int(c, "offset", 0, 1000000, 0, &offset) ||
	    qs_line(c, "q", 200, &q) || qs_line(c, "field", 20, &field))
		return reply_problem(c);
	char match[DB_MATCH_CAP];
	int m = 0;
	if (q) {
		m = db_match_query(q, strlen(q), match, sizeof match);
		if (m < 0) {
			problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "q",
				    "Từ khóa tìm kiếm không hợp lệ.",
				    "The search text is not valid.");
			return reply_problem(c);
		}
		if (m == 0) /* only punctuation: nothing can match */
			return reply_json(c, 200, json_pack("{s:[],s:i}", "items", "total", 0));
	}
	struct db_stmt *st = db_prep(c->db, m ? sql_q : sql_all);
	if (!st)
		return reply_err(c, ERR_INTERNAL);
	db_bind_text(st, 1, field);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	if (m)
		db_bind_text(st, 4, match);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, item_of(st));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return reply_err(c, ERR_INTERNAL);
	}
	st = db_prep(c->db, m ? sql_q_n : sql_all_n);
	db_bind_text(st, 1, field);
	if (m)
		db_bind_text(st, 4, match);
	long long total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return reply_json(c, 200,
			  json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

enum http_result h_procedure(struct ctx *c)
{
	json_t *o = procedure_json(c->db, c->param[0]);
	if (!o) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL,
			    "Không tìm thấy thủ tục hành chính với mã này.",
			    "No administrative procedure has this code.");
		return reply_problem(c);
	}
	return reply_json(c, 200, o);
}

struct put_proc {
	long long version;
};

static int put_fn(struct ctx *c, struct db *db)
{
	struct put_proc *pp = c->warg;
	int created = 0;
	struct actor who = ctx_who(c);
	int rc =
		procedure_save(db, &who, app_now(c->app), c->body, pp->version, &created, &c->prob);
	if (rc)
		return rc;
	c->out = procedure_json(db, c->param[0]);
	c->out_status = created ? 201 : 200;
	return c->out ? 0 : ERR_INTERNAL;
}

enum http_result h_procedure_put(struct ctx *c)
{
	json_t *code = json_object_get(c->body, "code");
	if (!code)
		json_object_set_new(c->body, "code", json_string(c->param[0]));
	else if (!json_is_string(code) || strcmp(json_string_value(code), c->param[0]) != 0) {
		problem_field(&c->prob, "code",
			      "Mã thủ tục trong nội dung khác với mã trên địa chỉ.",
			      "The code in the body differs from the code in the path.");
		return reply_problem(c);
	}
	struct put_proc *pp = arena_alloc(&c->r->arena, sizeof *pp);
	pp->version = 0;
	if (jin_int(c, c->body, "version", "version", 1, 1LL << 40, JIN_OPTIONAL, &pp->version,
		    NULL))
		return reply_problem(c);
	if (procedure_validate(c->body, &c->prob))
		return reply_problem(c);
	return app_write(c, put_fn, pp);
}

static int delete_fn(struct ctx *c, struct db *db)
{
	static const char sql[] = "UPDATE procedure SET active = 0, version = version + 1,"
				  " updated_at = $2 WHERE code = $1 AND active = 1 RETURNING id";
	static const char sql_fts[] = "DELETE FROM procedure_fts WHERE rowid = $1";
	json_t *before = procedure_json(db, c->param[0]);
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, c->param[0]);
	db_bind_int(st, 2, app_now(c->app));
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!id) {
		json_decref(before);
		return problem_kind(&c->prob, ERR_NOT_FOUND);
	}
	st = db_prep(db, sql_fts);
	db_bind_int(st, 1, id);
	int rc = db_run(st) == DB_OK ? 0 : ERR_INTERNAL;
	struct actor who = ctx_who(c);
	if (!rc)
		rc = audit_write(db, &who, app_now(c->app), "procedure.withdraw", "procedure",
				 c->param[0], before, NULL);
	json_decref(before);
	c->out_status = 204;
	return rc;
}

enum http_result h_procedure_delete(struct ctx *c)
{
	return app_write(c, delete_fn, NULL);
}

enum http_result h_procedures_export(struct ctx *c)
{
	size_t len;
	char *csv = catalogue_export_csv(c->db, &len);
	if (!csv)
		return reply_err(c, ERR_INTERNAL);
	/* a BOM so spreadsheet programs read the Vietnamese text as UTF-8 */
	char *out = xmalloc(len + 4);
	memcpy(out, "\xEF\xBB\xBF", 3);
	memcpy(out + 3, csv, len + 1);
	free(csv);
	http_add_header(c->r, "Content-Disposition",
			"attachment; filename=\"thu-tuc-hanh-chinh.csv\"");
	http_reply(c->r, 200, "text/csv; charset=utf-8", out, len + 3);
	return HTTP_DONE;
}

static int import_fn(struct ctx *c, struct db *db)
{
	json_t *doc = c->warg;
	struct actor who = ctx_who(c);
	int rc = catalogue_load(db, &who, app_now(c->app), doc, &c->prob);
	if (rc)
		return rc;
	c->out = json_pack(
		"{s:I,s:I}", "fields", (json_int_t)json_array_size(json_object_get(doc, "fields")),
		"procedures", (json_int_t)json_array_size(json_object_get(doc, "procedures")));
	c->out_status = 200;
	return 0;
}

enum http_result h_procedures_import(struct ctx *c)
{
	const char *ct = http_header(c->r, "Content-Type");
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0)
		return reply_err(c, ERR_MEDIA_TYPE);
	json_t *doc = catalogue_parse_csv(c->r->body, c->r->body_len, &c->prob);
	if (!doc)
		return reply_problem(c);
	/* owned by the request: freed with the body at completion */
	c->body = doc;
	return app_write(c, import_fn, doc);
}

static int field_fn(struct ctx *c, struct db *db)
{
	const char *name = c->warg;
	struct actor who = ctx_who(c);
	if (field_save(db, &who, app_now(c->app), c->param[0], name))
		return ERR_INTERNAL;
	c->out = json_pack("{s:s,s:s}", "code", c->param[0], "name", name);
	return 0;
}

enum http_result h_field_put(struct ctx *c)
{
	const char *name;
	if (jin_line(c, c->body, "name", "name", 200, JIN_REQUIRED, &name))
		return reply_problem(c);
	size_t n = strlen(c->param[0]);
	for (size_t i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", c->param[0][i]) || n > 20)
			return reply_err(c, ERR_NOT_FOUND);
	return app_write(c, field_fn, (void *)name);
}
