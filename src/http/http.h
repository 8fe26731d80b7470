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

#include <pthread.h>
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
	char ip[48];    /* client address, for throttling (never logged): the TCP
			   peer, or behind a trusted proxy the client it names */
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
	int cacheable;              /* 0: API responses get Cache-Control: no-store */
	struct http_stream *stream; /* a streamed body (http_reply_stream), or NULL */

	/* for the application */
	void *app;
	long long log_uid; /* staff id for the access log, 0 = anonymous */

	/* internal */
	void *conn;
	struct http_server *server;
	int state;
	struct buf body_buf;
	size_t reserved;     /* bytes of the body budget held (see budget.c) */
	int status_override; /* set by the server: a refusal decided before the headers were read */
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

/*
 * Streamed responses (Server-Sent Events): the body is produced by
 * pull(arg, buf, max) whenever the connection can take more — it returns
 * the bytes written (> 0), 0 when it has nothing now (the connection is
 * then parked: suspended, holding no thread, until http_stream_wake), or
 * -1 to end the body. done(arg) is called exactly once when the response is
 * over (client gone, body ended, server stopping); the stream handle is
 * valid until then. pull runs on a server thread, one call at a time, under
 * the stream's lock: it must not call http_stream_wake on its own stream.
 * A parked client's disconnection is noticed at the next wake (so wake
 * every stream now and then: a heartbeat). http_stop ends every stream.
 */
struct http_stream;
typedef long (*http_pull_fn)(void *arg, char *buf, size_t max);
struct http_stream *http_reply_stream(struct http_req *r, int status, const char *content_type,
				      http_pull_fn pull, void (*done)(void *arg), void *arg);
/* Let a parked stream pull again (any thread; a no-op when not parked). */
void http_stream_wake(struct http_stream *s);
/* Streams open now (all servers of the process). */
int http_streams_open(void);

/* Deferral (see above). */
void http_suspend(struct http_req *r);
void http_resume(struct http_req *r);

/* A network: an address and a prefix length, IPv4 kept as mapped IPv6. */
struct http_net {
	unsigned char addr[16];
	unsigned bits;
};

/* "ADDR" or "ADDR/PREFIX", IPv4 or IPv6 (no brackets): 0, or -1. */
int http_net_parse(const char *s, struct http_net *out);

/* The client's address for a request whose TCP peer is `peer`: when the peer
 * is in nets[0..n) and X-Forwarded-For (all its headers joined with ",") is
 * given, the right-most entry that is not itself in nets; else the peer.
 * Written in canonical form. Returns 0, or 1 when an entry was not an address
 * (the last trusted hop is used then), -1 if cap is 0. */
int http_forwarded_client(const struct http_net *nets, int n, const char *peer, const char *xff,
			  char *out, size_t cap);

/* The memory budget of request bodies being received (budget.c). */
#define HTTP_BUDGET_SLOTS 256
struct http_budget_addr;
struct http_budget {
	pthread_mutex_t mu;
	size_t used, max, max_addr;
	struct http_budget_addr *slot[HTTP_BUDGET_SLOTS];
};
void http_budget_init(struct http_budget *b, size_t global, size_t per_addr);
void http_budget_free(struct http_budget *b);
/* Hold n more bytes for ip: ERR_OK, ERR_THROTTLED (the address's share is
 * used up) or ERR_UNAVAILABLE (the global budget is). Nothing is held on
 * failure. */
enum err http_budget_take(struct http_budget *b, const char *ip, size_t n);
void http_budget_give(struct http_budget *b, const char *ip, size_t n);
/* Bytes held by ip, or by everyone when ip is NULL. */
size_t http_budget_used(struct http_budget *b, const char *ip);

#define HTTP_MAX_TRUSTED 16

struct http_config {
	const char *listen;                        /* "HOST:PORT"; port 0 picks a free port */
	const char *web_dir;                       /* static files; NULL = none */
	int threads;                               /* worker threads; 0 = one per core */
	size_t max_body;                           /* default request body limit */
	unsigned max_conns;                        /* simultaneous connections */
	unsigned max_headers;                      /* request header count limit */
	size_t max_url;                            /* path + query length limit */
	int access_log;                            /* one key=value line per request */
	size_t body_budget;                        /* bytes of bodies being received, all clients */
	size_t body_budget_addr;                   /* … from one client address */
	struct http_net trusted[HTTP_MAX_TRUSTED]; /* --trusted-proxy */
	int n_trusted;
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
/* Stop accepting new connections; requests in flight go on (streams
 * are ended: they would never finish). */
void http_quiesce(struct http_server *s);
/* Requests started and not yet completed. */
int http_inflight(struct http_server *s);
/* Close everything and free the server. */
void http_stop(struct http_server *s);

/* Percent-decode s[0..len) into the arena ('+' → space when form != 0).
 * Returns NULL for malformed escapes or a decoded NUL byte. */
char *http_unescape(struct arena *a, const char *s, size_t len, int form);

#endif
