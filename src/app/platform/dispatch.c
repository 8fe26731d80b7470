/*
 * dispatch.c — from an HTTP request to a handler: route matching, the early
 * refusals, authentication (session cookie or bearer token), the role check,
 * CSRF, JSON body parsing; and the reply / write / slow-path plumbing.
 *
 * Order of checks (so the error a client gets is the most useful one):
 *   refused by the server (413 …) → no route: static file or 404 →
 *   wrong method: 405 → who is it (401 if required) → roles (403) →
 *   CSRF for cookie-authenticated writes (403) → media type (415) →
 *   malformed JSON (400) → the handler (422, 404, 409 …).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/platform/ctx.h"
#include "app/platform/router.h"
#include "app/accounts/accounts_routes.h"
#include "app/platform/slowpool.h"
#include "auth/auth.h"
#include "core/holidays.h"
#include "core/log.h"
#include "mail/sender.h"

#define JSON_MAX_DEPTH 32
#define JSON_MAX_VALUES 100000
#define DEFAULT_BODY (64u * 1024)

static const struct {
	const char *name;
	unsigned role;
} role_names[] = {
	{"admin", ROLE_ADMIN}, {"reception", ROLE_RECEPTION}, {"specialist", ROLE_SPECIALIST},
	{"head", ROLE_HEAD},   {"leader", ROLE_LEADER},       {"province", ROLE_PROVINCE},
};

unsigned role_parse(const char *name)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(name, role_names[i].name) == 0)
			return role_names[i].role;
	return 0;
}

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (role == role_names[i].role)
			return role_names[i].name;
	return "?";
}

int64_t app_now(const struct app *a)
{
	int64_t fake = __atomic_load_n(&a->fake_now, __ATOMIC_RELAXED);
	if (!fake)
		return (int64_t)time(NULL);
	int64_t base = __atomic_load_n(&a->fake_base, __ATOMIC_RELAXED);
	return base ? fake + ((int64_t)time(NULL) - base) : fake;
}

const struct hol_calendar *app_cal_lock(struct app *a)
{
	pthread_rwlock_rdlock(&a->cal_lock);
	return a->cal;
}

void app_cal_unlock(struct app *a)
{
	pthread_rwlock_unlock(&a->cal_lock);
}

void app_cal_replace(struct app *a, struct hol_calendar *c)
{
	pthread_mutex_lock(&a->cal_swap); /* see app.h */
	pthread_rwlock_wrlock(&a->cal_lock);
	struct hol_calendar *old = a->cal;
	a->cal = c;
	pthread_rwlock_unlock(&a->cal_lock);
	pthread_mutex_unlock(&a->cal_swap);
	hol_free(old);
}

const char *ctx_actor(const struct ctx *c)
{
	return c->who.staff_id ? c->who.username : "anonymous";
}

struct actor ctx_who(const struct ctx *c)
{
	struct actor a = {.staff_id = c->who.staff_id,
			  .unit_id = c->who.unit_id,
			  .roles = c->who.roles,
			  .name = ctx_actor(c),
			  .rid = c->r ? c->r->rid : NULL};
	return a;
}

/* The path matching itself is router.c's; this adapter keeps the captures
 * (copied into the request's arena) when a context is given. */
static int match(const char *pattern, const char *path, struct ctx *c)
{
	struct router_param p[ROUTER_MAX_PARAMS];
	int np;
	if (!router_match(pattern, path, c ? p : NULL, &np))
		return 0;
	for (int i = 0; c && i < np && i < CTX_MAX_PARAMS; i++)
		c->param[i] = arena_strndup(&c->r->arena, p[i].ptr, p[i].len);
	return 1;
}

static const char *route_entry(const void *table, size_t i, int *method)
{
	const struct route *rt = &((const struct route *)table)[i];
	*method = (int)rt->method;
	return rt->pattern;
}

static const struct route *find_route(struct ctx *c, int *path_matched)
{
	enum http_method m = c->r->method == HTTP_HEAD ? HTTP_GET : c->r->method;
	long i =
		router_find(app_routes, app_nroutes, route_entry, (int)m, c->r->path, path_matched);
	if (i < 0)
		return NULL;
	match(app_routes[i].pattern, c->r->path, c);
	return &app_routes[i];
}

static void allow_header(struct ctx *c)
{
	char allow[64] = "";
	size_t n = 0;
	static const char *names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
	for (size_t i = 0; i < app_nroutes; i++) {
		if (!match(app_routes[i].pattern, c->r->path, NULL))
			continue;
		const char *mn =
			app_routes[i].method <= HTTP_DELETE ? names[app_routes[i].method] : "";
		if (strstr(allow, mn))
			continue;
		int w = snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "", mn);
		if (w > 0 && (size_t)w < sizeof allow - n)
			n += (size_t)w;
	}
	http_add_header(c->r, "Allow", allow);
}

/* Nesting depth of a JSON text, ignoring brackets inside strings; and the
 * number of values, which bounds the parsed tree: jansson spends ~50 bytes
 * on a value written in 2 ("1,"), so a 24 MiB body could become ~600 MiB. */
static int json_depth_ok(const char *s, size_t len)
{
	int depth = 0, in_str = 0;
	size_t values = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '{' || ch == '[') {
			if (++depth > JSON_MAX_DEPTH)
				return 0;
		} else if (ch == '}' || ch == ']') {
			depth--;
		} else if (ch == ',' && ++values > JSON_MAX_VALUES) {
			return 0;
		}
	}
	return 1;
}

static int is_json_type(const char *ct)
{
	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	size_t n = strlen("application/json");
	return strncasecmp(ct, "application/json", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

enum http_result reply_json(struct ctx *c, int status, json_t *doc)
{
	if (c->render)
		return c->render(c, status, doc);
	char *s = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	json_decref(doc);
	http_reply(c->r, status, "application/json; charset=utf-8", s, s ? strlen(s) : 0);
	return HTTP_DONE;
}

enum http_result reply_problem(struct ctx *c)
{
	if (!c->prob.code)
		problem_kind(&c->prob, ERR_INTERNAL);
	if (c->render)
		return c->render(c, 0, NULL);
	if (c->prob.kind == ERR_METHOD)
		allow_header(c);
	struct http_header keep[HTTP_MAX_RESP_HEADERS];
	int nkeep = c->r->n_resp_headers;
	memcpy(keep, c->r->resp_headers, sizeof keep);
	http_reply_problem(c->r, &c->prob);
	/* keep headers set before the error (Allow, Set-Cookie) */
	for (int i = 0; i < nkeep; i++)
		if (strcmp(keep[i].name, "Retry-After") != 0)
			http_add_header(c->r, keep[i].name, keep[i].value);
	return HTTP_DONE;
}

enum http_result reply_err(struct ctx *c, enum err kind)
{
	problem_kind(&c->prob, kind);
	return reply_problem(c);
}

/* --- write path -------------------------------------------------------- */

static int write_job(struct db *db, void *arg)
{
	struct ctx *c = arg;
	/* the writer may run a job again (see db/writer.h): start clean */
	json_decref(c->out);
	c->out = NULL;
	c->out_status = 0;
	c->mail_queued = 0;
	c->auth_changed = 0;
	memset(&c->prob, 0, sizeof c->prob);
	int rc = c->wfn(c, db);
	/* the other servers drop their cached identities after the commit */
	if (rc == 0 && c->auth_changed && db_notify(db, DB_CHANNEL_TOKENS) != DB_OK)
		rc = ERR_INTERNAL;
	if (rc != 0 && !c->prob.code)
		problem_kind(&c->prob, rc > 0 && rc < ERR__COUNT ? (enum err)rc : ERR_INTERNAL);
	if (rc != 0) {
		json_decref(c->out);
		c->out = NULL;
	}
	return rc;
}

static void finish_write(struct ctx *c, int rc)
{
	/* again after the commit: a reader may have cached the old state
	 * between the write's own invalidation and the commit */
	if (rc == 0 && c->auth_changed)
		session_cache_invalidate();
	if (c->after_write)
		c->after_write(c, rc == 0);
	if (rc == WRITER_COMMIT_FAILED) {
		json_decref(c->out);
		c->out = NULL;
		reply_err(c, ERR_INTERNAL);
	} else if (rc != 0 || (!c->out && c->out_status == 0 && c->prob.code)) {
		/* failed, or committed but answering with a problem (a rate
		 * limit whose counter must be kept) */
		reply_problem(c);
	} else {
		json_t *out = c->out;
		c->out = NULL;
		reply_json(c, c->out_status ? c->out_status : 200, out);
	}
}

static void write_done(void *arg, int rc)
{
	struct ctx *c = arg;
	if (rc == 0 && c->mail_queued)
		mail_sender_kick(c->app->mail);
	finish_write(c, rc);
	http_resume(c->r);
}

void app_write_sync(struct ctx *c, write_fn fn, void *arg)
{
	c->wfn = fn;
	c->warg = arg;
	int rc = db_writer_run(c->app->writer, write_job, c);
	if (rc == 0 && c->mail_queued)
		mail_sender_kick(c->app->mail);
	finish_write(c, rc);
}

enum http_result app_write(struct ctx *c, write_fn fn, void *arg)
{
	c->wfn = fn;
	c->warg = arg;
	c->job.fn = write_job;
	c->job.done = write_done;
	c->job.arg = c;
	if (c->db)
		db_end_read(c->db); /* release this thread's snapshot first */
	http_suspend(c->r);
	if (db_writer_submit(c->app->writer, &c->job) != 0) {
		problem_kind(&c->prob, ERR_UNAVAILABLE);
		c->prob.retry_after = 1;
		reply_problem(c);
		http_resume(c->r);
	}
	return HTTP_DEFER;
}

static void slow_job(void *arg)
{
	struct ctx *c = arg;
	c->sfn(c);
	http_resume(c->r);
}

enum http_result app_slow(struct ctx *c, void (*fn)(struct ctx *c))
{
	c->sfn = fn;
	if (c->db)
		db_end_read(c->db);
	http_suspend(c->r);
	if (slowpool_submit(c->app->slow, slow_job, c) != 0) {
		problem_kind(&c->prob, ERR_THROTTLED);
		c->prob.retry_after = 2;
		reply_problem(c);
		http_resume(c->r);
	}
	return HTTP_DEFER;
}

/* --- the handler ------------------------------------------------------- */

static enum http_result dispatch(struct ctx *c)
{
	struct http_req *r = c->r;
	if (r->early != ERR_OK)
		return reply_err(c, r->early);

	int path_matched;
	const struct route *rt = find_route(c, &path_matched);
	if (!rt) {
		if (path_matched)
			return reply_err(c, ERR_METHOD);
		if (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0)
			return reply_err(c, ERR_NOT_FOUND);
		http_serve_static(r);
		return HTTP_DONE;
	}
	c->route = rt;

	if (rt->flags & (RF_STAFF | RF_OPTIONAL_AUTH)) {
		c->db = db_pool_get(c->app->pool);
		if (!c->db)
			return reply_err(c, ERR_UNAVAILABLE);
		enum err e = session_identify(c);
		if (e != ERR_OK && (rt->flags & RF_STAFF))
			return reply_problem(c);
		if (e != ERR_OK)
			memset(&c->who, 0, sizeof c->who);
	}
	if (rt->flags & RF_STAFF) {
		if (!c->who.staff_id)
			return reply_err(c, ERR_UNAUTHORIZED);
		if (rt->roles && !(c->who.roles & rt->roles))
			return reply_err(c, ERR_FORBIDDEN);
	}
	if (c->who.via_session && r->method != HTTP_GET && r->method != HTTP_HEAD) {
		const char *tok = http_header(r, "X-CSRF-Token");
		if (!tok || !auth_equal(tok, c->who.csrf)) {
			problem_set(&c->prob, ERR_FORBIDDEN, "csrf_failed", NULL,
				    "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF); vui lòng tải "
				    "lại trang.",
				    "Missing or wrong anti-forgery (CSRF) token; please reload the "
				    "page.");
			return reply_problem(c);
		}
	}
	r->log_uid = c->who.staff_id;

	if (rt->flags & RF_JSON) {
		if (!is_json_type(http_header(r, "Content-Type")))
			return reply_err(c, ERR_MEDIA_TYPE);
		json_error_t je;
		if (!json_depth_ok(r->body, r->body_len)) {
			problem_set(&c->prob, ERR_BAD_REQUEST, "malformed_json", NULL,
				    "Dữ liệu JSON lồng nhau quá sâu hoặc có quá nhiều giá trị.",
				    "The JSON is nested too deeply or has too many values.");
			return reply_problem(c);
		}
		c->body = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
		if (!c->body || !json_is_object(c->body)) {
			problem_set(&c->prob, ERR_BAD_REQUEST, "malformed_json", NULL,
				    "Dữ liệu gửi lên không phải là một đối tượng JSON hợp lệ.",
				    "The body is not a valid JSON object.");
			return reply_problem(c);
		}
	}
	if (!c->db && (rt->flags & RF_PUBLIC)) {
		c->db = db_pool_get(c->app->pool);
		if (!c->db)
			return reply_err(c, ERR_UNAVAILABLE);
	}
	/* A reading request sees one snapshot of the store (a dossier and its
	 * steps from the same moment), and pays the WAL read lock once. */
	if (c->db && (r->method == HTTP_GET || r->method == HTTP_HEAD) &&
	    db_begin_read(c->db) != DB_OK)
		return reply_err(c, ERR_UNAVAILABLE);
	return rt->fn(c);
}

enum http_result app_handle(struct http_req *r, void *ud)
{
	struct ctx *c = arena_alloc(&r->arena, sizeof *c);
	memset(c, 0, sizeof *c);
	c->app = ud;
	c->r = r;
	r->app = c;
	enum http_result res = dispatch(c);
	if (res == HTTP_DONE && c->db)
		db_end_read(c->db);
	return res;
}

void app_completed(struct http_req *r, void *ud)
{
	struct ctx *c = r->app;
	if (!c)
		return;
	if (c->cleanup)
		c->cleanup(c);
	json_decref(c->body);
	json_decref(c->out);
	c->body = c->out = NULL;
}

size_t app_body_limit(enum http_method m, const char *path, void *ud)
{
	for (size_t i = 0; i < app_nroutes; i++)
		if (app_routes[i].method == m && match(app_routes[i].pattern, path, NULL))
			return app_routes[i].max_body ? app_routes[i].max_body : DEFAULT_BODY;
	return DEFAULT_BODY;
}
