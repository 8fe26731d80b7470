/*
 * open311_http.c — the handlers of Open311 GeoReport v2 (D37) and of its
 * API keys (see open311_routes.h): parse, call a service (open311.h),
 * reply in the format the path names (.json or .xml). No SQL.
 *
 *   GET  /open311/discovery.{json,xml}
 *   GET  /open311/v2/services.{fmt}?jurisdiction_id
 *   GET  /open311/v2/services/{code}.{fmt}
 *   POST /open311/v2/requests.{fmt}     form-encoded, api_key required (403)
 *   GET  /open311/v2/requests.{fmt}?service_request_id&service_code&start_date
 *                                        &end_date&status&jurisdiction_id
 *   GET  /open311/v2/requests/{id}.{fmt}
 *   GET  /open311/v2/tokens/{token}.{fmt}
 *   GET  /api/v1/open311/keys                 (admin) the keys
 *   POST /api/v1/open311/keys {name}          (admin) → 201 {key, …}: shown once
 *   POST /api/v1/open311/keys/{id}/revoke     (admin)
 *
 * Errors in the Open311 tree are the spec's error list
 * [{code, description}] (XML: <errors><error>), with the HTTP status 400
 * (bad input, including a 422 of the petition's checks), 403, 404 (or 429,
 * 500, 503); the description is Vietnamese / English and names the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/open311/open311.h"
#include "app/open311/open311_routes.h"
#include "app/platform/jin.h"
#include "core/mem.h"
#include "core/vntime.h"

#define O311_XML_MAX (64u << 20)

struct o311 {
	int xml;
	const char *root, *item; /* the XML root and item elements of a list */
	json_t *form;            /* the POST's fields */
	struct open311_post in;
};

/* ---- writers ------------------------------------------------------------ */

static int xml_text(struct buf *b, const char *s)
{
	int e = 0;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '&')
			e |= buf_puts(b, "&amp;");
		else if (ch == '<')
			e |= buf_puts(b, "&lt;");
		else if (ch == '>')
			e |= buf_puts(b, "&gt;");
		else if (ch == '"')
			e |= buf_puts(b, "&quot;");
		else if (ch == '\'')
			e |= buf_puts(b, "&apos;");
		else if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
			continue; /* not allowed in XML 1.0 */
		else
			e |= buf_append(b, s, 1);
	}
	return e;
}

/* <name>value</name>; an array's items are named by the singular of its
 * name (attributes → attribute, values → value, formats → format). */
static int xml_value(struct buf *b, const char *name, json_t *v)
{
	int e = buf_printf(b, "<%s>", name);
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach (v, k, x)
			e |= xml_value(b, k, x);
	} else if (json_is_array(v)) {
		char one[64];
		size_t n = strlen(name);
		snprintf(one, sizeof one, "%.*s", (int)(n > 1 && name[n - 1] == 's' ? n - 1 : n),
			 name);
		size_t i;
		json_t *x;
		json_array_foreach (v, i, x)
			e |= xml_value(b, one, x);
	} else if (json_is_string(v))
		e |= xml_text(b, json_string_value(v));
	else if (json_is_true(v))
		e |= buf_puts(b, "true");
	else if (json_is_false(v))
		e |= buf_puts(b, "false");
	else if (json_is_integer(v))
		e |= buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		e |= buf_printf(b, "%.10g", json_real_value(v));
	return e | buf_printf(b, "</%s>", name);
}

static enum http_result o311_render(struct ctx *c, int status, json_t *doc)
{
	struct o311 *o = c->warg;
	const char *root = o->root, *item = o->item;
	int retry = 0;
	if (!doc) {
		/* a problem: the spec's error list */
		status = problem_status(c->prob.kind);
		if (status == 422 || status == 409 || status == 415)
			status = 400;
		retry = c->prob.retry_after;
		/* the petition's field names as the Open311 client knows them */
		const char *field = c->prob.field;
		if (strcmp(field, "content") == 0)
			field = "description";
		else if (strcmp(field, "name") == 0 && c->r->method == HTTP_POST)
			field = "first_name";
		char d[1200];
		snprintf(d, sizeof d, "%s / %s%s%s%s", c->prob.vi ? c->prob.vi : "",
			 c->prob.en ? c->prob.en : "", field[0] ? " (" : "", field,
			 field[0] ? ")" : "");
		doc = json_pack("[{s:i,s:s}]", "code", status, "description", d);
		root = "errors";
		item = "error";
	}
	char *s;
	size_t len;
	const char *type;
	if (o->xml) {
		struct buf b;
		buf_init(&b, O311_XML_MAX);
		int e = buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
		if (json_is_array(doc)) {
			size_t i;
			json_t *x;
			e |= buf_printf(&b, "<%s>", root);
			json_array_foreach (doc, i, x)
				e |= xml_value(&b, item, x);
			e |= buf_printf(&b, "</%s>", root);
		} else
			e |= xml_value(&b, root, doc);
		if (e || buf_full(&b)) {
			buf_free(&b);
			json_decref(doc);
			http_reply_kind(c->r, ERR_INTERNAL);
			return HTTP_DONE;
		}
		s = buf_steal(&b, &len);
		type = "text/xml; charset=utf-8";
	} else {
		s = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
		len = s ? strlen(s) : 0;
		type = "application/json; charset=utf-8";
	}
	json_decref(doc);
	http_reply(c->r, status, type, s, len);
	if (retry > 0) {
		char v[16];
		snprintf(v, sizeof v, "%d", retry);
		http_add_header(c->r, "Retry-After", v);
	}
	http_add_header(c->r, "Access-Control-Allow-Origin", "*");
	return HTTP_DONE;
}

static enum http_result not_found(struct ctx *c)
{
	problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy.", "Not found.");
	return reply_problem(c);
}

/* Take the format off the path segment "name.json" / "name.xml": the
 * request's Open311 state (c->warg, c->render set), and in *name the base
 * (arena). -1 with a 404 sent when the format is missing or unknown. */
static int start(struct ctx *c, const char *seg, const char **name, const char *root,
		 const char *item)
{
	struct o311 *o = arena_alloc(&c->r->arena, sizeof *o);
	memset(o, 0, sizeof *o);
	o->root = root;
	o->item = item;
	c->warg = o;
	c->render = o311_render;
	const char *dot = seg ? strrchr(seg, '.') : NULL;
	if (!dot || (strcmp(dot, ".json") != 0 && strcmp(dot, ".xml") != 0) || dot == seg) {
		not_found(c);
		return -1;
	}
	o->xml = strcmp(dot, ".xml") == 0;
	*name = arena_strndup(&c->r->arena, seg, (size_t)(dot - seg));
	return 0;
}

static int jurisdiction(struct ctx *c, const char *jid, long long *agency)
{
	if (jid && strlen(jid) > 64)
		jid = "?";
	return open311_jurisdiction(c->db, jid, agency, &c->prob);
}

/* ---- discovery, services ------------------------------------------------- */

enum http_result h_o311_discovery(struct ctx *c)
{
	const char *name;
	if (start(c, c->param[0], &name, "discovery", NULL))
		return HTTP_DONE;
	if (strcmp(name, "discovery") != 0)
		return not_found(c);
	const char *base = c->app->cfg.public_url ? c->app->cfg.public_url : "";
	char url[512];
	snprintf(url, sizeof url, "%s/open311/v2", base);
	json_t *d = json_pack(
		"{s:s,s:s,s:s,s:[{s:s,s:s,s:s,s:s,s:[s,s]}]}", "changeset",
		"2026-12-05T00:00:00+07:00", "contact",
		"Trung tâm Phục vụ hành chính công — xem /api/v1/public/centre. / The public "
		"service centre — see /api/v1/public/centre.",
		"key_service",
		"Khóa API do quản trị viên cấp (trang /staff/apikeys/). / API keys are issued by "
		"the administrator (page /staff/apikeys/).",
		"endpoints", "specification", "http://wiki.open311.org/GeoReport_v2", "url", url,
		"changeset", "2026-12-05T00:00:00+07:00", "type", "production", "formats",
		"text/xml", "application/json");
	return reply_json(c, 200, d);
}

static enum http_result get_requests(struct ctx *c);

enum http_result h_o311_get(struct ctx *c)
{
	const char *name;
	if (start(c, c->param[0], &name, "services", "service"))
		return HTTP_DONE;
	if (strcmp(name, "requests") == 0)
		return get_requests(c);
	if (strcmp(name, "services") != 0)
		return not_found(c);
	long long agency;
	if (jurisdiction(c, http_query(c->r, "jurisdiction_id"), &agency))
		return reply_problem(c);
	return reply_json(c, 200, open311_services());
}

enum http_result h_o311_service(struct ctx *c)
{
	const char *code;
	if (start(c, c->param[0], &code, "service_definition", NULL))
		return HTTP_DONE;
	long long agency;
	if (jurisdiction(c, http_query(c->r, "jurisdiction_id"), &agency))
		return reply_problem(c);
	json_t *d = open311_service_definition(code);
	if (!d) {
		problem_set(&c->prob, ERR_NOT_FOUND, "service_not_found", "service_code",
			    "Không có dịch vụ (service_code) này.",
			    "There is no such service (service_code).");
		return reply_problem(c);
	}
	return reply_json(c, 200, d);
}

/* ---- requests ------------------------------------------------------------ */

static int parse_id(const char *s, long long *id)
{
	char *end;
	if (!s || s[0] < '1' || s[0] > '9' || strlen(s) > 15)
		return -1;
	*id = strtoll(s, &end, 10);
	return *end ? -1 : 0;
}

static int bad(struct ctx *c, const char *field)
{
	/* the messages live as long as the request (the problem keeps pointers) */
	problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", field,
		    arena_printf(&c->r->arena, "Tham số %s không hợp lệ.", field),
		    arena_printf(&c->r->arena, "The parameter %s is not valid.", field));
	return -1;
}

static int date_param(struct ctx *c, const char *name, int64_t *out)
{
	const char *s = http_query(c->r, name);
	*out = 0;
	if (!s || !*s)
		return 0;
	int64_t days;
	if (vn_parse_instant(s, strlen(s), out) == 0)
		return 0;
	if (vn_parse_date(s, strlen(s), &days) == 0) {
		*out = vn_instant_of_day(days);
		if (strcmp(name, "end_date") == 0)
			*out += 86399;
		return 0;
	}
	return bad(c, name);
}

static enum http_result get_requests(struct ctx *c)
{
	struct o311 *o = c->warg;
	o->root = "service_requests";
	o->item = "request";
	struct open311_query q;
	memset(&q, 0, sizeof q);
	if (jurisdiction(c, http_query(c->r, "jurisdiction_id"), &q.agency))
		return reply_problem(c);
	const char *ids = http_query(c->r, "service_request_id");
	if (ids && *ids) {
		char tmp[1024];
		if (strlen(ids) >= sizeof tmp)
			return bad(c, "service_request_id"), reply_problem(c);
		snprintf(tmp, sizeof tmp, "%s", ids);
		char *save = NULL;
		for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (q.ids_n >= OPEN311_MAX_IDS || parse_id(t, &q.ids[q.ids_n]))
				return bad(c, "service_request_id"), reply_problem(c);
			q.ids_n++;
		}
	}
	const char *code = http_query(c->r, "service_code");
	q.service_code = code && *code ? code : NULL;
	const char *st = http_query(c->r, "status");
	if (st && *st) {
		if (strcmp(st, "open") == 0 || strcmp(st, "closed") == 0)
			q.status = st;
		else if (strcmp(st, "open,closed") != 0 && strcmp(st, "closed,open") != 0)
			return bad(c, "status"), reply_problem(c);
	}
	if (date_param(c, "start_date", &q.start) || date_param(c, "end_date", &q.end))
		return reply_problem(c);
	json_t *out;
	if (open311_requests(c->db, app_now(c->app), &q, &c->prob, &out))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

enum http_result h_o311_request(struct ctx *c)
{
	const char *sid;
	if (start(c, c->param[0], &sid, "service_requests", "request"))
		return HTTP_DONE;
	struct open311_query q;
	memset(&q, 0, sizeof q);
	if (jurisdiction(c, http_query(c->r, "jurisdiction_id"), &q.agency))
		return reply_problem(c);
	if (parse_id(sid, &q.ids[0]))
		return not_found(c);
	q.ids_n = 1;
	json_t *out;
	if (open311_requests(c->db, app_now(c->app), &q, &c->prob, &out))
		return reply_problem(c);
	if (json_array_size(out) == 0) {
		json_decref(out);
		return not_found(c);
	}
	return reply_json(c, 200, out);
}

enum http_result h_o311_token(struct ctx *c)
{
	const char *tok;
	if (start(c, c->param[0], &tok, "service_requests", "request"))
		return HTTP_DONE;
	json_t *out;
	if (open311_token(c->db, tok, &c->prob, &out))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

/* ---- POST requests --------------------------------------------------------- */

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) (and '+' as space) into a new string (malloc). */
static char *unescape(const char *s, size_t n, size_t *len)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			out[j++] = ' ';
		else if (s[i] == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
			 hexval((unsigned char)s[i + 2]) >= 0) {
			out[j++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
					  hexval((unsigned char)s[i + 2]));
			i += 2;
		} else
			out[j++] = s[i];
	}
	out[j] = 0;
	*len = j;
	return out;
}

/* application/x-www-form-urlencoded → a JSON object of strings (first
 * value of a name wins; not UTF-8 → -1). */
static int form_parse(const char *s, size_t n, json_t *obj)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '&')
			j++;
		size_t eq = i;
		while (eq < j && s[eq] != '=')
			eq++;
		if (j > i) {
			size_t kl, vl;
			char *k = unescape(s + i, eq - i, &kl);
			char *v = eq < j ? unescape(s + eq + 1, j - eq - 1, &vl) : NULL;
			json_t *jv = json_stringn(v ? v : "", v ? vl : 0);
			int ok = jv && strlen(k) == kl;
			if (ok && !json_object_get(obj, k))
				json_object_set_new(obj, k, jv);
			else
				json_decref(jv);
			free(k);
			free(v);
			if (!ok)
				return -1;
		}
		i = j + 1;
	}
	return 0;
}

static void post_cleanup(struct ctx *c)
{
	struct o311 *o = c->warg;
	if (o)
		json_decref(o->form);
}

static int post_write(struct ctx *c, struct db *db)
{
	struct o311 *o = c->warg;
	c->out_status = 201;
	int rc = open311_post(db, c->app, app_now(c->app), &o->in, &c->prob, &c->out,
			      &c->mail_queued);
	if (rc == ERR_THROTTLED) {
		/* keep the counter: commit, answer with the problem */
		c->out = NULL;
		c->out_status = 0;
		return 0;
	}
	return rc;
}

enum http_result h_o311_post(struct ctx *c)
{
	const char *name;
	if (start(c, c->param[0], &name, "service_requests", "request"))
		return HTTP_DONE;
	if (strcmp(name, "requests") != 0)
		return not_found(c);
	struct o311 *o = c->warg;
	c->cleanup = post_cleanup;
	const char *ct = http_header(c->r, "Content-Type");
	if (ct && strncmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "media_type", NULL,
			    "Dữ liệu phải ở dạng application/x-www-form-urlencoded; ảnh gửi bằng "
			    "media_url.",
			    "The body must be application/x-www-form-urlencoded; send a picture "
			    "as media_url.");
		return reply_problem(c);
	}
	o->form = json_object();
	if (form_parse(c->r->body ? c->r->body : "", c->r->body_len, o->form)) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", NULL,
			    "Dữ liệu gửi lên không đúng dạng (UTF-8).",
			    "The form is malformed (not UTF-8).");
		return reply_problem(c);
	}
	/* api_key and jurisdiction_id may come in the query string too */
	const char *qk = http_query(c->r, "api_key");
	if (qk && !json_object_get(o->form, "api_key"))
		json_object_set_new(o->form, "api_key", json_string(qk));
	const char *qj = http_query(c->r, "jurisdiction_id");
	if (qj && !json_object_get(o->form, "jurisdiction_id"))
		json_object_set_new(o->form, "jurisdiction_id", json_string(qj));
	struct open311_post *in = &o->in;
	json_t *f = o->form;
	const char *jid;
	long long agency;
	if (jin_line(c, f, "api_key", "api_key", 100, JIN_OPTIONAL, &in->api_key) ||
	    jin_line(c, f, "jurisdiction_id", "jurisdiction_id", 64, JIN_OPTIONAL, &jid) ||
	    jin_line(c, f, "service_code", "service_code", 64, JIN_OPTIONAL, &in->service_code) ||
	    jin_line(c, f, "lat", "lat", 20, JIN_OPTIONAL, &in->lat) ||
	    jin_line(c, f, "long", "long", 20, JIN_OPTIONAL, &in->lon) ||
	    jin_line(c, f, "address_string", "address_string", 500, JIN_OPTIONAL, &in->address) ||
	    jin_line(c, f, "media_url", "media_url", 2000, JIN_OPTIONAL, &in->media_url) ||
	    jin_line(c, f, "email", "email", 254, JIN_OPTIONAL, &in->email) ||
	    jin_line(c, f, "first_name", "first_name", 100, JIN_OPTIONAL, &in->first_name) ||
	    jin_line(c, f, "last_name", "last_name", 99, JIN_OPTIONAL, &in->last_name) ||
	    jin_line(c, f, "phone", "phone", 20, JIN_OPTIONAL, &in->phone) ||
	    jin_text(c, f, "description", "description", 4000, JIN_OPTIONAL, &in->description) ||
	    jin_line(c, f, "attribute[field]", "attribute[field]", 100, JIN_OPTIONAL, &in->field) ||
	    jin_line(c, f, "attribute[subject]", "attribute[subject]", 300, JIN_OPTIONAL,
		     &in->subject))
		return reply_problem(c);
	if (in->media_url && strncmp(in->media_url, "https://", 8) != 0 &&
	    strncmp(in->media_url, "http://", 7) != 0)
		return bad(c, "media_url"), reply_problem(c);
	if (jurisdiction(c, jid, &agency))
		return reply_problem(c);
	return app_write(c, post_write, o);
}

/* ---- API keys (administrators) --------------------------------------------- */

enum http_result h_o311_keys(struct ctx *c)
{
	json_t *o;
	if (open311_key_list(c->db, &c->prob, &o))
		return reply_problem(c);
	return reply_json(c, 200, o);
}

static int key_add_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	char key[OPEN311_KEY_CHARS + 1];
	json_t *out;
	int rc = open311_key_add(db, &who, app_now(c->app), c->warg, key, &c->prob, &out);
	if (rc)
		return rc;
	json_object_set_new(out, "key", json_string(key));
	c->out = out;
	c->out_status = 201;
	return 0;
}

enum http_result h_o311_key_add(struct ctx *c)
{
	const char *name;
	if (jin_line(c, c->body, "name", "name", OPEN311_KEY_NAME_CHARS, JIN_REQUIRED, &name))
		return reply_problem(c);
	return app_write(c, key_add_write, (void *)name);
}

static int key_revoke_write(struct ctx *c, struct db *db)
{
	struct actor who = ctx_who(c);
	long long *id = c->warg;
	c->out_status = 200;
	return open311_key_revoke(db, &who, app_now(c->app), *id, &c->prob, &c->out);
}

enum http_result h_o311_key_revoke(struct ctx *c)
{
	long long *id = arena_alloc(&c->r->arena, sizeof *id);
	if (parse_id(c->param[0], id)) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy.",
			    "Not found.");
		return reply_problem(c);
	}
	return app_write(c, key_revoke_write, id);
}
