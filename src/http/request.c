/*
 * request.c — reading a request: query parameters, cookies, percent-decoding,
 * and the sanitized path for the access log.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

#include "core/log.h"
#include "http/internal.h"

const char *http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct qlen {
	size_t n;
};

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct qlen *q = cls;
	q->n += strlen(k) + (v ? strlen(v) : 0) + 2;
	return MHD_YES;
}

/* The query is only used for its length (limits); values come decoded from
 * MHD through http_query(). */
const char *http_raw_query(struct http_req *r)
{
	struct qlen q = {0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_len, &q);
	if (q.n == 0)
		return "";
	char *s = arena_alloc(&r->arena, q.n + 1);
	memset(s, 'q', q.n);
	s[q.n] = '\0';
	return s;
}

const char *http_log_path(struct http_req *r)
{
	char q[256];
	log_quote(r->path ? r->path : "", q, sizeof q);
	return arena_strdup(&r->arena, q);
}

void http_random(void *p, size_t n)
{
	randombytes_buf(p, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *http_unescape(struct arena *a, const char *s, size_t len, int form)
{
	char *out = arena_alloc(a, len + 1);
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= len)
				return NULL;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			c = (char)(h << 4 | l);
			if (c == '\0')
				return NULL;
			i += 2;
		} else if (c == '+' && form) {
			c = ' ';
		}
		out[j++] = c;
	}
	out[j] = '\0';
	return out;
}
