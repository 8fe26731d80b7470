/*
 * http.h — the HTTP layer: requests, responses and the server, without
 * exposing libmicrohttpd (only src/http/ includes microhttpd.h).
 *
 * Life of a request: the server reads the headers and the body (within the
 * limits below), then calls the application's handler once. The handler
 * either sets a response and returns HTTP_DONE, or hands the request to
 * another thread and returns HTTP_DEFER — in that case it must have called
 * http_suspend() first, and the other thread sets the response and calls
 * http_resume(). After the response is sent, `completed` is called and the
 * request (and its arena) is freed.
 *
 * Threading: a request is touched by one thread at a time: the server thread
 * until the handler returns, then (if deferred) the thread it was handed to
 * until http_resume(), then the server thread again.
 */
#ifndef MOTCUA_HTTP_HTTP_H
#define MOTCUA_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"
#include "core/problem.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER
};

enum http_result { HTTP_DONE = 0, HTTP_DEFER = 1 };

struct http_header {
	const char *name, *value;
};

#define HTTP_MAX_RESP_HEADERS 12

struct http_req {
	/* request — all strings owned by the request, valid until completion */
	enum http_method method;
	const char *method_str;
	const char *path;  /* percent-decoded path, without the query */
	const char *query; /* raw query string (after '?'), "" if none */
	const char *body;  /* NUL-terminated, body_len bytes; "" if none */
	size_t body_len;
	enum err early; /* set by the server when the request was refused
			   before the handler (too large, bad headers) */
	int english;    /* Accept-Language asks for English first */
	char rid[24];   /* request id, also sent as X-Request-Id */
	char ip[48];    /* client address, for throttling (never logged) */
	int64_t started_us;
	struct arena arena; /* per-request memory */

	/* response */
	int status;
	const char *content_type;
	char *resp_body; /* malloc'd, owned by the request */
	size_t resp_len;
	void *prebuilt; /* a shared cached response (static files) */
	struct http_header resp_headers[HTTP_MAX_RESP_HEADERS];
	int n_resp_headers;
	int cacheable; /* 0: API responses get Cache-Control: no-store */

	/* for the application */
	void *app;
	long long log_uid; /* staff id for the access log, 0 = anonymous */

	/* internal */
	void *conn;
	struct http_server *server;
	int state;
	struct buf body_buf;
};

/* Request headers, query parameters and cookies (NULL if absent). Values are
 * owned by the request. Query values are percent-decoded. */
const char *http_header(struct http_req *r, const char *name);
const char *http_query(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);
/* Number of request headers. */
int http_header_count(struct http_req *r);

/* Add a response header (name and value copied into the request arena). */
void http_add_header(struct http_req *r, const char *name, const char *value);
/* Set the response: body is taken over (malloc'd), may be NULL for empty. */
void http_reply(struct http_req *r, int status, const char *content_type, char *body, size_t len);
/* Reply with a JSON error document for p: {"error":{"code","message","field"}}. */
void http_reply_problem(struct http_req *r, const struct problem *p);
/* Reply with `{"error":…}` for a kind with its default message. */
void http_reply_kind(struct http_req *r, enum err kind);

/* Serve r->path from the web directory (GET/HEAD): sets the response
 * (200/304/404/405 as JSON or the site's 404 page). */
void http_serve_static(struct http_req *r);

/* Deferral (see above). */
void http_suspend(struct http_req *r);
void http_resume(struct http_req *r);

struct http_config {
	const char *listen;   /* "HOST:PORT"; port 0 picks a free port */
	const char *web_dir;  /* static files; NULL = none */
	int threads;          /* worker threads; 0 = one per core */
	size_t max_body;      /* default request body limit */
	unsigned max_conns;   /* simultaneous connections */
	unsigned max_headers; /* request header count limit */
	size_t max_url;       /* path + query length limit */
	int access_log;       /* one key=value line per request */
	/* The body limit for a request, or 0 to use max_body. */
	size_t (*body_limit)(enum http_method m, const char *path, void *ud);
	/* The application: called once per request with the body read. */
	enum http_result (*handler)(struct http_req *r, void *ud);
	/* Called after the response went out, before the request is freed. */
	void (*completed)(struct http_req *r, void *ud);
	void *ud;
};

struct http_server;
struct http_server *http_start(const struct http_config *cfg, char *err, size_t errlen);
/* The port actually bound (useful with port 0). */
int http_port(struct http_server *s);
/* Stop accepting new connections; requests in flight go on. */
void http_quiesce(struct http_server *s);
/* Requests started and not yet completed. */
int http_inflight(struct http_server *s);
/* Close everything and free the server. */
void http_stop(struct http_server *s);

/* Percent-decode s[0..len) into the arena ('+' → space when form != 0).
 * Returns NULL for malformed escapes or a decoded NUL byte. */
char *http_unescape(struct arena *a, const char *s, size_t len, int form);

#endif
