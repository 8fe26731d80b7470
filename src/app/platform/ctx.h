/*
 * ctx.h — one HTTP request as the application sees it: the route table's
 * rows, the per-request context, replies, and the hand-overs to the writer
 * thread and the slow pool. Only handlers (<domain>_http.c), the route
 * headers and the platform include it; services never do.
 *
 * A handler validates its input, calls a service, and replies. Reads run on
 * the HTTP worker thread with that thread's own connection (c->db). Writes
 * are handed to the writer thread with app_write(): the function runs inside
 * the group-commit transaction and builds the reply; the reply is sent only
 * after the commit succeeded.
 *
 * Roles are checked in one place (dispatch.c) from the route table
 * (routes.c), never inside handlers; rules about where an action belongs
 * (a dossier's unit) are the services'.
 */
#ifndef MOTCUA_APP_CTX_H
#define MOTCUA_APP_CTX_H

#include "app/platform/app.h"
#include "http/http.h"

struct auth_info {
	long long staff_id; /* 0 = anonymous */
	char username[64];
	unsigned roles;
	long long unit_id;
	char csrf[48]; /* the session's CSRF token ("" for bearer tokens) */
	char session_hash[72];
	int via_session;
	int via_token;
};

struct ctx;
typedef enum http_result (*handler_fn)(struct ctx *c);
/* Runs on the writer thread inside the transaction: 0 = commit (and reply
 * with c->out / c->out_status), an enum err = roll back (reply c->prob). */
typedef int (*write_fn)(struct ctx *c, struct db *db);

/* Route rows: any signed-in staff member, whatever their roles. */
#define ANY_STAFF 0u

enum route_flags {
	RF_PUBLIC = 1,        /* anyone */
	RF_STAFF = 2,         /* a signed-in staff member with one of `roles` (0 = any) */
	RF_JSON = 4,          /* the body must be a JSON object */
	RF_OPTIONAL_AUTH = 8, /* public, but who is signed in is known if anyone */
};

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/dossiers/{code}" */
	unsigned flags;
	unsigned roles;
	handler_fn fn;
	size_t max_body; /* 0 = 64 KiB */
};

/*
 * A domain lists its routes once, as DOMAIN_ROUTES(X) with a row
 * X(method, pattern, flags, roles, handler, max_body) per route; routes.c
 * expands them with ROUTE_ROW into THE table, and the domain's routes header
 * with ROUTE_PROTO into its handlers' declarations (so no handler can be
 * routed without being declared, nor declared twice by hand).
 */
#define ROUTE_ROW(method, pattern, flags, roles, fn, max_body)                                     \
	{method, pattern, flags, roles, fn, max_body},
#define ROUTE_PROTO(method, pattern, flags, roles, fn, max_body) enum http_result fn(struct ctx *c);

#define CTX_MAX_PARAMS 4

struct ctx {
	struct app *app;
	struct http_req *r;
	const struct route *route;
	const char *param[CTX_MAX_PARAMS];
	struct auth_info who;
	struct problem prob;
	json_t *body;  /* the parsed JSON body (RF_JSON), owned */
	struct db *db; /* this thread's read connection (handler thread only) */
	/* write path */
	struct db_job job;
	write_fn wfn;
	void *warg;
	json_t *out; /* reply document built by a write_fn, owned */
	int out_status;
	/* optional, set by a handler or its write_fn: called once on the writer
	 * thread when the transaction's fate is known, committed = 1 only after
	 * the commit (e.g. publish an in-memory copy; free it otherwise) */
	void (*after_write)(struct ctx *c, int committed);
	int mail_queued;  /* the write queued e-mail: wake the sender after commit */
	int auth_changed; /* the write changed accounts/roles/tokens: drop cached identities */
	/* slow path */
	void (*sfn)(struct ctx *c);
	/* called once when the request is finished (free what warg holds) */
	void (*cleanup)(struct ctx *c);
	/* optional, set by a handler: writes the reply itself instead of
	 * reply_json (doc, taken over) and reply_problem (doc NULL, c->prob),
	 * e.g. Open311's XML and its error list (D37) */
	enum http_result (*render)(struct ctx *c, int status, json_t *doc);
};

extern const struct route app_routes[];
extern const size_t app_nroutes;

/* The HTTP handler and completion hook (ud = struct app *). */
enum http_result app_handle(struct http_req *r, void *ud);
void app_completed(struct http_req *r, void *ud);
size_t app_body_limit(enum http_method m, const char *path, void *ud);

/* Replies. reply_json takes over doc. All return HTTP_DONE. */
enum http_result reply_json(struct ctx *c, int status, json_t *doc);
enum http_result reply_problem(struct ctx *c);
enum http_result reply_err(struct ctx *c, enum err kind);

/* Hand the request to the writer thread (see above). Returns HTTP_DEFER. */
enum http_result app_write(struct ctx *c, write_fn fn, void *arg);
/* From a slow-pool function: run fn on the writer and wait for its commit,
 * then set the reply exactly as app_write would. */
void app_write_sync(struct ctx *c, write_fn fn, void *arg);
/* Hand the request to the slow pool (argon2): fn runs there, must set the
 * reply (reply_json/reply_problem), and the request resumes. */
enum http_result app_slow(struct ctx *c, void (*fn)(struct ctx *c));

/* The actor name for audit records: the username, or "anonymous". */
const char *ctx_actor(const struct ctx *c);
/* Who is acting, for services: id, unit, roles, name and request id. */
struct actor ctx_who(const struct ctx *c);

#endif
