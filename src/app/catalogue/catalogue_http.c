/*
 * catalogue_http.c — the catalogue API: parse, call a service (catalogue.h),
 * reply. Reads run on the worker's connection; writes go to the writer
 * thread through app_write with a write function that only calls a service.
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
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_routes.h"
#include "app/platform/jin.h"

enum http_result h_fields(struct ctx *c)
{
	json_t *out;
	if (catalogue_fields(c->db, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

enum http_result h_procedures(struct ctx *c)
{
	struct catalogue_query q;
	json_t *out;
	if (qs_int(c, "limit", 1, CATALOGUE_PAGE_MAX, CATALOGUE_PAGE_DEFAULT, &q.limit) ||
	    qs_int(c, "offset", 0, 1000000, 0, &q.offset) ||
	    qs_line(c, "q", CATALOGUE_QUERY_MAX, &q.text) ||
	    qs_line(c, "field", CATALOGUE_UNIT_CODE_MAX, &q.field))
		return reply_problem(c);
	if (catalogue_search(c->db, &q, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

enum http_result h_procedure(struct ctx *c)
{
	json_t *o;
	if (procedure_get(c->db, c->param[0], &o, &c->prob))
		return reply_problem(c);
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
	struct actor who = ctx_who(c);
	int rc = procedure_withdraw(db, &who, app_now(c->app), c->param[0], &c->prob);
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
	char *csv;
	if (catalogue_export_csv(c->db, &csv, &len, &c->prob))
		return reply_problem(c);
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
	int rc = field_save(db, &who, app_now(c->app), c->param[0], name, &c->prob);
	if (rc)
		return rc;
	c->out = json_pack("{s:s,s:s}", "code", c->param[0], "name", name);
	return 0;
}

enum http_result h_field_put(struct ctx *c)
{
	const char *name;
	if (jin_line(c, c->body, "name", "name", CATALOGUE_FIELD_NAME_MAX, JIN_REQUIRED, &name))
		return reply_problem(c);
	if (!field_code_valid(c->param[0]))
		return reply_err(c, ERR_NOT_FOUND);
	return app_write(c, field_fn, (void *)name);
}
