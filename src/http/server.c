/*
 * server.c — libmicrohttpd glue: connection handling, limits, deferral,
 * security headers and the access log.
 *
 * Daemon: epoll, an internal thread pool (one thread per core by default),
 * suspend/resume allowed. The access handler is called by MHD several times
 * per request:
 *   1st call  — headers are in: create the request, check limits. Do NOT
 *               reply here unless refusing: replying on the first call makes
 *               MHD close the connection (measured: 190k → 42k req/s).
 *   next calls with data — append to the capped body buffer.
 *   last call (no data) — call the application handler once.
 *   after http_resume() — the response is ready: queue it.
 * Every response gets the security headers. Completion frees the request.
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
};

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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	if (!r) {
		r = xcalloc(1, sizeof *r);
		*con_cls = r;
		r->conn = c;
		r->server = s;
		r->started_us = now_us();
		atomic_fetch_add(&s->inflight, 1);
		unsigned long long n = atomic_fetch_add(&s->seq, 1) + 1;
		snprintf(r->rid, sizeof r->rid, "%04x%08llx", s->rid_prefix, n);
		r->method = parse_method(method);
		r->method_str = arena_strdup(&r->arena, method);
		r->path = arena_strdup(&r->arena, url);
		const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, NULL);
		(void)q;
		r->query = http_raw_query(r);
		r->body = "";
		r->english = wants_english(MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
		client_ip(c, r->ip, sizeof r->ip);
		size_t limit =
			s->cfg.body_limit ? s->cfg.body_limit(r->method, r->path, s->cfg.ud) : 0;
		if (!limit)
			limit = s->cfg.max_body;
		buf_init(&r->body_buf, limit);
		r->state = ST_BODY;

		if (strlen(url) + strlen(r->query) > s->cfg.max_url)
			return refuse(r, ERR_BAD_REQUEST);
		if ((unsigned)http_header_count(r) > s->cfg.max_headers)
			return refuse(r, ERR_BAD_REQUEST);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end = NULL;
			unsigned long long v = strtoull(cl, &end, 10);
			if (end == cl || *end != '\0')
				return refuse(r, ERR_BAD_REQUEST);
			if (v > limit)
				return refuse(r, ERR_TOO_LARGE);
		}
		return MHD_YES;
	}

	if (r->state == ST_BODY) {
		if (*upload_size > 0) {
			if (r->early == ERR_OK &&
			    buf_append(&r->body_buf, upload, *upload_size) != 0) {
				r->early = ERR_TOO_LARGE;
				buf_free(&r->body_buf);
			}
			*upload_size = 0;
			return MHD_YES;
		}
		if (r->body_buf.p) {
			r->body = r->body_buf.p;
			r->body_len = r->body_buf.len;
		}
		if (r->early != ERR_OK) {
			struct problem p;
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
	if (s->cfg.completed)
		s->cfg.completed(r, s->cfg.ud);
	if (s->cfg.access_log) {
		int64_t us = now_us() - r->started_us;
		log_info("rid=%s method=%s path=\"%s\" status=%d bytes=%zu us=%lld uid=%lld%s",
			 r->rid, r->method_str, http_log_path(r), r->status, r->resp_len,
			 (long long)us, r->log_uid,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	}
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
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_UNESCAPE_CALLBACK,
		unescape, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not permitted)",
			 cfg->listen);
		static_cache_free(s->statics);
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
}

int http_inflight(struct http_server *s)
{
	return atomic_load(&s->inflight);
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	static_cache_free(s->statics);
	free(s);
}

struct static_cache *http_statics(struct http_server *s)
{
	return s->statics;
}
