/*
 * server.c — libmicrohttpd glue: connection handling, limits, deferral,
 * security headers and the access log.
 *
 * Daemon: epoll, an internal thread pool (one thread per core by default),
 * suspend/resume allowed. Per request:
 *   URI callback — the request line is in: create the request; a target
 *               with too many query parameters is cut here (see on_uri).
 * then the access handler, several times:
 *   1st call  — headers are in: the client's address (trusted proxies),
 *               limits, and the declared body taken from the body budget.
 *               Do NOT reply here unless refusing: replying on the first
 *               call makes MHD close the connection (measured: 190k → 42k
 *               req/s).
 *   next calls with data — append to the capped body buffer (a chunked
 *               body takes from the budget as it grows).
 *   last call (no data) — call the application handler once.
 *   after http_resume() — the response is ready: queue it.
 * Every response gets the security headers. Completion writes the access
 * log line, gives the body's budget back and frees the request.
 *
 * Threading: MHD worker threads run the handler; deferred requests are
 * finished on another thread, which only calls http_resume().
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "http/internal.h"

enum req_state { ST_NEW, ST_BODY, ST_DEFERRED, ST_RESPONDED };

struct http_server {
	struct MHD_Daemon *d;
	struct http_config cfg;
	atomic_int inflight;
	atomic_ullong seq;
	unsigned rid_prefix;
	int port;
	struct static_cache *statics;
	struct http_budget budget;
};

#define MAX_QUERY_ARGS 256
#define BUDGET_STEP ((size_t)64 * 1024)

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

void http_add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=()");
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static enum http_method parse_method(const char *m)
{
	static const struct {
		const char *s;
		enum http_method m;
	} t[] = {{"GET", HTTP_GET},        {"HEAD", HTTP_HEAD},   {"POST", HTTP_POST},
		 {"PUT", HTTP_PUT},        {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE},
		 {"OPTIONS", HTTP_OPTIONS}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(m, t[i].s) == 0)
			return t[i].m;
	return HTTP_OTHER;
}

const char *http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result count_kv(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	(*(int *)cls)++;
	return MHD_YES;
}

int http_header_count(struct http_req *r)
{
	int n = 0;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_kv, &n);
	return n;
}

void http_add_header(struct http_req *r, const char *name, const char *value)
{
	if (r->n_resp_headers >= HTTP_MAX_RESP_HEADERS) {
		log_error("rid=%s http=too_many_response_headers", r->rid);
		return;
	}
	r->resp_headers[r->n_resp_headers].name = arena_strdup(&r->arena, name);
	r->resp_headers[r->n_resp_headers].value = arena_strdup(&r->arena, value);
	r->n_resp_headers++;
}

void http_reply(struct http_req *r, int status, const char *content_type, char *body, size_t len)
{
	free(r->resp_body);
	r->status = status;
	r->content_type = content_type;
	r->resp_body = body;
	r->resp_len = body ? len : 0;
}

void http_suspend(struct http_req *r)
{
	r->state = ST_DEFERRED;
	MHD_suspend_connection(r->conn);
}

void http_resume(struct http_req *r)
{
	MHD_resume_connection(r->conn);
}

static enum MHD_Result queue(struct http_req *r)
{
	struct MHD_Response *resp;
	int own = 1;
	if (r->prebuilt) {
		resp = r->prebuilt;
		own = 0;
	} else if (r->stream) {
		resp = http_stream_response(r);
		if (!resp)
			return MHD_NO;
		if (r->content_type)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
						r->content_type);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		MHD_add_response_header(resp, "X-Accel-Buffering",
					"no"); /* proxies: no buffering */
		http_add_security_headers(resp);
		MHD_add_response_header(resp, "X-Request-Id", r->rid);
		for (int i = 0; i < r->n_resp_headers; i++) /* e.g. an export's file name */
			MHD_add_response_header(resp, r->resp_headers[i].name,
						r->resp_headers[i].value);
	} else {
		resp = MHD_create_response_from_buffer(
			r->resp_len, r->resp_body ? r->resp_body : (void *)"",
			r->resp_body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		r->resp_body = NULL; /* now owned by the response */
		if (!resp)
			return MHD_NO;
		if (r->content_type)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
						r->content_type);
		if (!r->cacheable)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		http_add_security_headers(resp);
		MHD_add_response_header(resp, "X-Request-Id", r->rid);
		for (int i = 0; i < r->n_resp_headers; i++)
			MHD_add_response_header(resp, r->resp_headers[i].name,
						r->resp_headers[i].value);
	}
	if (r->status == 0)
		r->status = 500;
	enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	if (own)
		MHD_destroy_response(resp);
	r->state = ST_RESPONDED;
	return rc;
}

/* Refuse on the first call (connection will close: fine for a refusal). */
static enum MHD_Result refuse(struct http_req *r, enum err kind)
{
	struct problem p;
	problem_kind(&p, kind);
	http_reply_problem(r, &p);
	return queue(r);
}

static int wants_english(const char *al)
{
	if (!al)
		return 0;
	while (*al == ' ')
		al++;
	return strncasecmp(al, "en", 2) == 0;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)cap);
}

struct xff {
	struct buf b;
	int overflow;
};

static enum MHD_Result add_xff(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct xff *x = cls;
	if (!k || !v || strcasecmp(k, "X-Forwarded-For") != 0)
		return MHD_YES;
	if ((x->b.len && buf_append(&x->b, ",", 1) != 0) || buf_puts(&x->b, v) != 0)
		x->overflow = 1;
	return MHD_YES;
}

/* r->ip: the TCP peer, or — when the peer is a trusted proxy — the client it
 * names in X-Forwarded-For (all such headers, in order). */
static void client_addr(struct http_server *s, struct MHD_Connection *c, struct http_req *r)
{
	char peer[INET6_ADDRSTRLEN + 1];
	client_ip(c, peer, sizeof peer);
	const char *xff = NULL;
	struct xff x = {.overflow = 0};
	buf_init(&x.b, 16 * 1024);
	if (s->cfg.n_trusted > 0) {
		MHD_get_connection_values(c, MHD_HEADER_KIND, add_xff, &x);
		if (x.b.p && !x.overflow)
			xff = x.b.p;
	}
	http_forwarded_client(s->cfg.trusted, s->cfg.n_trusted, peer, xff, r->ip, sizeof r->ip);
	buf_free(&x.b);
}

static struct http_req *new_request(struct http_server *s, struct MHD_Connection *c)
{
	struct http_req *r = xcalloc(1, sizeof *r);
	r->conn = c;
	r->server = s;
	r->started_us = now_us();
	r->state = ST_NEW;
	r->body = "";
	atomic_fetch_add(&s->inflight, 1);
	unsigned long long n = atomic_fetch_add(&s->seq, 1) + 1;
	snprintf(r->rid, sizeof r->rid, "%04x%08llx", s->rid_prefix, n);
	return r;
}

/*
 * Called by MHD with the raw request target, before it splits the query into
 * parameters: each parameter takes a record from the connection's memory
 * pool, and when the pool runs out there MHD 0.9.75 neither answers nor
 * closes (the client waits for the idle timeout). A target longer than
 * max_url or with more than MAX_QUERY_ARGS parameters is marked for a 414
 * here and its query cut at the '?' (the buffer is MHD's own read buffer,
 * writable, and MHD parses the query only after this call), so there is
 * nothing left to exhaust the pool with. A target longer than max_url gets
 * the same cut (and its documented 400, below).
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_server *s = cls;
	struct http_req *r = new_request(s, c);
	if (!uri)
		return r;
	char *q = strchr(uri, '?');
	size_t nargs = 0;
	if (q) {
		nargs = 1;
		for (const char *p = q + 1; *p; p++)
			nargs += *p == '&' || *p == ';';
	}
	int too_long = strlen(uri) > s->cfg.max_url;
	if (too_long || nargs > MAX_QUERY_ARGS) {
		r->status_override = nargs > MAX_QUERY_ARGS ? 414 : 400;
		if (q)
			q[1] = '\0';
	}
	return r;
}

static enum MHD_Result refuse_status(struct http_req *r, int status, const char *code,
				     const char *vi, const char *en)
{
	struct problem p;
	problem_set(&p, ERR_BAD_REQUEST, code, NULL, vi, en);
	http_reply_problem(r, &p);
	r->status = status;
	return queue(r);
}

static void budget_problem(struct problem *p, enum err e)
{
	if (e == ERR_THROTTLED)
		problem_set(p, ERR_THROTTLED, "too_many_uploads", NULL,
			    "Địa chỉ này đang gửi quá nhiều dữ liệu cùng lúc; vui lòng thử lại "
			    "sau.",
			    "Too much data is being uploaded from this address at once; please "
			    "try again later.");
	else
		problem_set(p, ERR_UNAVAILABLE, "server_busy", NULL,
			    "Máy chủ đang nhận quá nhiều dữ liệu; vui lòng thử lại sau ít phút.",
			    "The server is receiving too much data; please try again in a few "
			    "minutes.");
	p->retry_after = e == ERR_THROTTLED ? 10 : 30;
}

static void release_budget(struct http_req *r)
{
	if (r->reserved) {
		http_budget_give(&r->server->budget, r->ip, r->reserved);
		r->reserved = 0;
	}
}

/* The first call: headers are in. */
static enum MHD_Result begin(struct http_server *s, struct http_req *r, struct MHD_Connection *c,
			     const char *url, const char *method)
{
	r->method = parse_method(method);
	r->method_str = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	r->query = http_raw_query(r);
	r->english = wants_english(
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	client_addr(s, c, r);
	size_t limit = s->cfg.body_limit ? s->cfg.body_limit(r->method, r->path, s->cfg.ud) : 0;
	if (!limit)
		limit = s->cfg.max_body;
	buf_init(&r->body_buf, limit);
	r->state = ST_BODY;

	/* our own limits (docs/API.md: 400); more query parameters than the
	 * connection's memory holds: 414 (see on_uri) */
	if (r->status_override == 414)
		return refuse_status(r, 414, "uri_too_long",
				     "Địa chỉ yêu cầu (URL) có quá nhiều tham số.",
				     "The request's address (URL) has too many parameters.");
	if (r->status_override == 400 || strlen(url) + strlen(r->query) > s->cfg.max_url)
		return refuse(r, ERR_BAD_REQUEST);
	if ((unsigned)http_header_count(r) > s->cfg.max_headers)
		return refuse(r, ERR_BAD_REQUEST);
	const char *cl =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end = NULL;
		unsigned long long v = strtoull(cl, &end, 10);
		if (end == cl || *end != '\0' || cl[0] == '-' || cl[0] == '+' || cl[0] == ' ')
			return refuse(r, ERR_BAD_REQUEST);
		if (v > limit)
			return refuse(r, ERR_TOO_LARGE);
		/* the whole declared body is held now: refused at once, not half-read */
		enum err e = http_budget_take(&s->budget, r->ip, (size_t)v);
		if (e != ERR_OK) {
			struct problem p;
			budget_problem(&p, e);
			http_reply_problem(r, &p);
			return queue(r);
		}
		r->reserved = (size_t)v;
		r->body_buf.max = (size_t)v;
	}
	return MHD_YES;
}

/* A piece of the body: into the capped buffer, within the budget. */
static void take_body(struct http_server *s, struct http_req *r, const char *data, size_t n)
{
	if (r->early != ERR_OK)
		return; /* refused already: the rest is read and dropped */
	struct buf *b = &r->body_buf;
	if (n > b->max || b->len > b->max - n) {
		r->early = ERR_TOO_LARGE;
	} else if (b->len + n > r->reserved) {
		/* no Content-Length (chunked): hold the bytes as they come, in
		 * steps of BUDGET_STEP so the lock is not taken per chunk */
		size_t more = b->len + n - r->reserved;
		if (more < BUDGET_STEP)
			more = BUDGET_STEP;
		if (more > b->max - r->reserved)
			more = b->max - r->reserved;
		enum err e = http_budget_take(&s->budget, r->ip, more);
		if (e != ERR_OK)
			r->early = e;
		else
			r->reserved += more;
	}
	/* a declared length is allocated once, whole: growing by doubling would
	 * copy the body and hold the old copies (allocators keep them) */
	if (r->early == ERR_OK && !b->p && r->reserved == b->max && buf_reserve(b, b->max) != 0)
		r->early = ERR_TOO_LARGE;
	if (r->early == ERR_OK && buf_append(b, data, n) != 0)
		r->early = ERR_TOO_LARGE;
	if (r->early != ERR_OK) {
		buf_free(b);
		release_budget(r);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	if (!r) {
		r = new_request(s, c);
		*con_cls = r;
	}
	if (r->state == ST_NEW)
		return begin(s, r, c, url, method);

	if (r->state == ST_BODY) {
		if (*upload_size > 0) {
			take_body(s, r, upload, *upload_size);
			*upload_size = 0;
			return MHD_YES;
		}
		if (r->body_buf.p) {
			r->body = r->body_buf.p;
			r->body_len = r->body_buf.len;
		}
		if (r->early != ERR_OK) {
			struct problem p;
			if (r->early == ERR_THROTTLED || r->early == ERR_UNAVAILABLE)
				budget_problem(&p, r->early);
			else
				problem_kind(&p, r->early);
			http_reply_problem(r, &p);
			return queue(r);
		}
		enum http_result hr = s->cfg.handler(r, s->cfg.ud);
		if (hr == HTTP_DEFER)
			return MHD_YES; /* http_suspend() was called */
		return queue(r);
	}

	if (r->state == ST_DEFERRED) {
		*upload_size = 0;
		return queue(r);
	}
	/* ST_RESPONDED: MHD should not call again; be safe. */
	*upload_size = 0;
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;
	if (!r)
		return;
	if (s->cfg.completed && r->state != ST_NEW)
		s->cfg.completed(r, s->cfg.ud);
	if (s->cfg.access_log) {
		/* only validated bytes go out raw: the method as a token, the
		 * path quoted with every other byte escaped (core/log.h) */
		int64_t us = now_us() - r->started_us;
		char m[48];
		log_token(r->method_str ? r->method_str : "-", m, sizeof m);
		log_info("rid=%s method=%s path=\"%s\" status=%d bytes=%zu us=%lld uid=%lld%s",
			 r->rid, m, http_log_path(r), r->status, r->resp_len, (long long)us,
			 r->log_uid,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	}
	release_budget(r);
	http_stream_drop(r);
	free(r->resp_body);
	buf_free(&r->body_buf);
	arena_release(&r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	char host[64];
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	char *end = NULL;
	long port = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || port < 0 || port > 65535)
		return -1;
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		*len = sizeof *a6;
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (hl == 0 || strcmp(host, "*") == 0)
		a4->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return -1;
	*len = sizeof *a4;
	return 0;
}

/* Percent-decoding of the URL and the query, in place. Like MHD's own, but
 * "%00" is left as it is: a decoded NUL would silently cut the path short
 * ("/%00index.html" would become "/"). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;
	while (*r) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2]) &&
		    !(r[1] == '0' && r[2] == '0')) {
			char hex[3] = {r[1], r[2], 0};
			*w++ = (char)strtol(hex, NULL, 16);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	char q[512];
	log_warn("mhd=\"%s\"", log_quote(msg, q, sizeof q));
}

struct http_server *http_start(const struct http_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	if (parse_listen(cfg->listen, &ss, &sl) != 0) {
		snprintf(err, errlen, "bad listen address '%s' (expected HOST:PORT)", cfg->listen);
		return NULL;
	}
	struct http_server *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	if (!s->cfg.max_body)
		s->cfg.max_body = 1 << 20;
	if (!s->cfg.max_conns)
		s->cfg.max_conns = 4096;
	if (!s->cfg.max_headers)
		s->cfg.max_headers = 64;
	if (!s->cfg.max_url)
		s->cfg.max_url = 4096;
	if (!s->cfg.body_budget)
		s->cfg.body_budget = (size_t)64 << 20;
	if (!s->cfg.body_budget_addr)
		s->cfg.body_budget_addr = (size_t)32 << 20;
	http_budget_init(&s->budget, s->cfg.body_budget, s->cfg.body_budget_addr);
	int threads = cfg->threads;
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (int)n : 2;
	}
	unsigned char rnd[2];
	http_random(rnd, sizeof rnd);
	s->rid_prefix = (unsigned)rnd[0] << 8 | rnd[1];
	if (cfg->web_dir)
		s->statics = static_cache_new(cfg->web_dir);
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_ERROR_LOG | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(
		/* the logger first, or libmicrohttpd warns that it may not be used */
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_conns,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)32 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_LISTENING_ADDRESS_REUSE,
		(unsigned)1, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not permitted)",
			 cfg->listen);
		static_cache_free(s->statics);
		http_budget_free(&s->budget);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	return s;
}

int http_port(struct http_server *s)
{
	return s->port;
}

void http_quiesce(struct http_server *s)
{
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	/* streams (the boards' events) never end by themselves: end them, so
	 * the requests in flight can drain; the browsers reconnect elsewhere */
	http_streams_close_all();
}

int http_inflight(struct http_server *s)
{
	return atomic_load(&s->inflight);
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	http_streams_close_all(); /* MHD must not stop with suspended connections */
	MHD_stop_daemon(s->d);
	static_cache_free(s->statics);
	http_budget_free(&s->budget);
	free(s);
}

struct static_cache *http_statics(struct http_server *s)
{
	return s->statics;
}
