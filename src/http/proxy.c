/*
 * proxy.c — the client's address behind trusted reverse proxies. See http.h
 * (http_net_parse, http_forwarded_client).
 *
 * Addresses are compared as 16-byte IPv6 addresses, IPv4 ones mapped
 * (::ffff:a.b.c.d), so one prefix test serves both families. The result is
 * written in canonical text (inet_ntop; mapped IPv4 as a dotted quad), so
 * per-address counters see one spelling per client.
 *
 * X-Forwarded-For is read from the right: each proxy appends the address it
 * received the connection from, so only the entries added by our own proxies
 * are trustworthy. The client is the right-most entry that is not itself a
 * trusted proxy. An entry that is not an address stops the walk: the last
 * trusted hop (the TCP peer when none) is used — never something a client
 * could choose. Pure: no I/O, thread-safe.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

/* Parses one address (no prefix): "1.2.3.4", "1.2.3.4:80", "::1", "[::1]",
 * "[::1]:80" from s[0..n). 0, or -1. */
static int parse_addr(const char *s, size_t n, unsigned char out[16])
{
	char tmp[64];
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *a = tmp;
	if (a[0] == '[') {
		char *close = strchr(a, ']');
		if (!close)
			return -1;
		*close = '\0';
		a++;
		const char *rest = close + 1;
		if (rest[0] == ':') {
			if (!rest[1] || strspn(rest + 1, "0123456789") != strlen(rest + 1))
				return -1;
		} else if (rest[0]) {
			return -1;
		}
		return inet_pton(AF_INET6, a, out) == 1 ? 0 : -1;
	}
	const char *colon = strchr(a, ':');
	if (colon && strchr(colon + 1, ':'))
		return inet_pton(AF_INET6, a, out) == 1 ? 0 : -1; /* bare IPv6 */
	if (colon) {
		if (!colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return -1;
		tmp[colon - tmp] = '\0';
	}
	unsigned char v4[4];
	if (inet_pton(AF_INET, a, v4) != 1)
		return -1;
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
	return 0;
}

static int is_mapped(const unsigned char a[16])
{
	static const unsigned char pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(a, pre, 12) == 0;
}

int http_net_parse(const char *s, struct http_net *out)
{
	memset(out, 0, sizeof *out);
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || s[0] == '[' || strchr(s, ']'))
		return -1;
	char tmp[64];
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	unsigned char v4[4];
	int v6 = strchr(tmp, ':') != NULL;
	if (v6) {
		if (inet_pton(AF_INET6, tmp, out->addr) != 1)
			return -1;
	} else {
		if (inet_pton(AF_INET, tmp, v4) != 1)
			return -1;
		out->addr[10] = out->addr[11] = 0xff;
		memcpy(out->addr + 12, v4, 4);
	}
	unsigned max = v6 ? 128 : 32, bits = max;
	if (slash) {
		const char *p = slash + 1;
		if (!p[0] || strlen(p) > 3 || strspn(p, "0123456789") != strlen(p))
			return -1;
		bits = (unsigned)strtoul(p, NULL, 10);
		if (bits > max)
			return -1;
	}
	out->bits = v6 ? bits : bits + 96;
	/* clear the host bits so matching is a plain prefix compare */
	for (unsigned i = out->bits; i < 128; i++)
		out->addr[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	return 0;
}

static int in_net(const struct http_net *nt, const unsigned char a[16])
{
	unsigned full = nt->bits / 8, rest = nt->bits % 8;
	if (memcmp(nt->addr, a, full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff00u >> rest);
		if ((nt->addr[full] & mask) != (a[full] & mask))
			return 0;
	}
	return 1;
}

static int trusted(const struct http_net *nets, int n, const unsigned char a[16])
{
	for (int i = 0; i < n; i++)
		if (in_net(&nets[i], a))
			return 1;
	return 0;
}

static void format_addr(const unsigned char a[16], char *out, size_t cap)
{
	if (is_mapped(a)) {
		if (!inet_ntop(AF_INET, a + 12, out, (socklen_t)cap))
			out[0] = '\0';
	} else if (!inet_ntop(AF_INET6, a, out, (socklen_t)cap)) {
		out[0] = '\0';
	}
}

int http_forwarded_client(const struct http_net *nets, int n, const char *peer, const char *xff,
			  char *out, size_t cap)
{
	unsigned char cur[16];
	int rc = 0;
	if (cap == 0)
		return -1;
	if (parse_addr(peer, strlen(peer), cur) != 0) {
		snprintf(out, cap, "%s", peer);
		return 0;
	}
	if (n > 0 && xff && trusted(nets, n, cur)) {
		const char *end = xff + strlen(xff);
		for (;;) {
			/* the entry before `end`: trim blanks, split at the last ',' */
			while (end > xff && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			const char *start = end;
			while (start > xff && start[-1] != ',')
				start--;
			const char *e0 = start;
			while (e0 < end && (*e0 == ' ' || *e0 == '\t'))
				e0++;
			unsigned char a[16];
			if (e0 == end && start == xff)
				break; /* nothing more */
			if (e0 == end || parse_addr(e0, (size_t)(end - e0), a) != 0) {
				rc = 1; /* not an address: keep the last trusted hop */
				break;
			}
			memcpy(cur, a, sizeof cur);
			if (!trusted(nets, n, cur))
				break; /* the client */
			if (start == xff)
				break; /* every entry is a proxy: the left-most one */
			end = start - 1;
		}
	}
	format_addr(cur, out, cap);
	return rc;
}
