/*
 * fuzz_query.c — libFuzzer target for the query string, from the raw bytes
 * after '?' to the values the handlers use.
 *
 * What parses untrusted query bytes in motcua:
 *  1. libmicrohttpd splits the query at '&' and the first '=' of each pair
 *     (its own code, fuzzed upstream; not linkable on its own). This target
 *     splits the same way so the code below sees what MHD hands it.
 *  2. Our percent-decoder, the static `unescape` of src/http/server.c that
 *     MHD calls in place on every key and value (MHD_OPTION_UNESCAPE_
 *     CALLBACK). It is the real function, copied out of server.c at build
 *     time (FUZZ_STATIC, see run.sh). (http_unescape in src/http/request.c
 *     is not used by anything today.)
 *  3. The value parsers behind jin.c's qs_int / qs_bool / qs_line:
 *     query_int and query_bool (src/core/query.c), fold_clean_line (every
 *     text parameter: inbox filters, catalogue search `q`, `format`,
 *     `field`), then what handlers do with a cleaned line: vn_parse_date
 *     (the tracking book's from/to), fold_key (the inbox's `q`) and the
 *     FTS5 MATCH builder (the catalogue's `q`).
 * Every value goes through every parser: handlers pick parameters by name,
 * the fuzzer need not.
 *
 * Invariants: the decoder equals a reference written independently (a '%'
 * and two hex digits other than "00" make one byte, everything else is
 * copied), never grows the text and never makes a NUL; query_int accepts
 * exactly what a reference reader accepts (white space, a sign, digits, in
 * range) with the same value; query_bool accepts exactly its five spellings;
 * a cleaned line is valid UTF-8 without control characters or edge spaces,
 * within its limit and capacity; an accepted date formats back to itself;
 * fold_key and the MATCH builder stay within their buffers. Buffers are
 * exactly sized so ASan sees any write past them.
 */
// FUZZ_SOURCES: src/core/query.c src/core/utf8.c src/core/fold.c src/core/vntime.c
// FUZZ_SOURCES: src/db/fts_vi.c
// FUZZ_PKGS: libmicrohttpd libutf8proc sqlite3
// FUZZ_STATIC: src/http/server.c unescape
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_query.static.c"

#include "core/fold.h"
#include "core/query.h"
#include "core/utf8.h"
#include "core/vntime.h"
#include "db/db.h"
#include "db/fts_vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static int hexv(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The reference decoder: out has room for strlen(s) + 1. */
static size_t ref_unescape(const char *s, char *out)
{
	size_t n = 0;
	for (size_t i = 0; s[i];) {
		int h = s[i] == '%' && s[i + 1] ? hexv((unsigned char)s[i + 1]) : -1;
		int l = h >= 0 && s[i + 2] ? hexv((unsigned char)s[i + 2]) : -1;
		if (h >= 0 && l >= 0 && (h | l) != 0) {
			out[n++] = (char)(h << 4 | l);
			i += 3;
		} else {
			out[n++] = s[i++];
		}
	}
	out[n] = '\0';
	return n;
}

/* The reference integer reader: 1 and *v if s is white space, an optional
 * sign and at least one digit, nothing else, and fits a long long. */
static int ref_int(const char *s, long long *v)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	int neg = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!isdigit((unsigned char)*s))
		return 0;
	unsigned long long x = 0, lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	int over = 0;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (x > (lim - d) / 10)
			over = 1;
		else
			x = x * 10 + d;
	}
	if (*s || over)
		return over && !*s ? 2 : 0; /* 2: digits only, but out of range */
	*v = neg ? (long long)(0 - x) : (long long)x;
	return 1;
}

static void check_int(const char *v, long long min, long long max, long long dflt)
{
	long long out = 12345, want = 0;
	int rc = query_int(v, min, max, dflt, &out);
	if (!v[0]) {
		CHECK(rc == 0 && out == dflt);
		return;
	}
	int r = ref_int(v, &want);
	if (r == 1 && want >= min && want <= max)
		CHECK(rc == 0 && out == want);
	else
		CHECK(rc == -1 && out == dflt);
}

static void check_bool(const char *v)
{
	int out = 7;
	int rc = query_bool(v, &out);
	if (!v[0] || !strcmp(v, "0") || !strcmp(v, "false"))
		CHECK(rc == 0 && out == 0);
	else if (!strcmp(v, "1") || !strcmp(v, "true"))
		CHECK(rc == 0 && out == 1);
	else
		CHECK(rc == -1 && out == 0);
}

/* qs_line(name, max) and what handlers do with the line. */
static void check_line(const char *v, size_t max)
{
	size_t len = strlen(v), cap = FOLD_LINE_CAP(max), n = 0, nch = 0;
	char *line = malloc(cap);
	CHECK(line);
	int rc = fold_clean_line(v, len, max, line, cap, &n, &nch);
	if (rc != UTF8_OK) {
		free(line);
		return;
	}
	CHECK(n < cap && line[n] == '\0' && strlen(line) == n);
	CHECK(nch <= max && utf8_validate(line, n, NULL) == UTF8_OK);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)line[i] >= 0x20 && line[i] != 0x7f);
	CHECK(n == 0 || (line[0] != ' ' && line[n - 1] != ' '));

	if (max == 20) { /* tracking book: from / to */
		int64_t days;
		if (vn_parse_date(line, n, &days) == 0) {
			struct vn_date d = vn_civil_from_days(days);
			char back[16];
			snprintf(back, sizeof back, "%04d-%02d-%02d", d.y, d.m, d.d);
			CHECK(n == 10 && memcmp(back, line, 10) == 0);
		}
	}
	if (max == 100) { /* inbox: q, folded for LIKE */
		size_t fcap = FOLD_LINE_CAP(100), fn = 0;
		char *fold = malloc(fcap);
		CHECK(fold);
		if (fold_key(line, n, fold, fcap, &fn) == 0)
			CHECK(fn < fcap && fold[fn] == '\0');
		free(fold);
	}
	if (max == 200) { /* catalogue: q, the FTS5 MATCH expression */
		char *match = malloc(DB_MATCH_CAP);
		CHECK(match);
		int m = fts_vi_match_query(line, n, match, DB_MATCH_CAP);
		if (m > 0)
			CHECK((size_t)m < DB_MATCH_CAP && match[m] == '\0' && match[0] == '"');
		else
			CHECK(match[0] == '\0');
		free(match);
	}
	free(line);
}

/* One key or value as MHD hands it to the decoder: a NUL-terminated copy
 * that the decoder rewrites in place. */
static char *decode(const char *s, size_t len)
{
	char *in = malloc(len + 1), *want = malloc(len + 1);
	CHECK(in && want);
	memcpy(in, s, len);
	in[len] = '\0';
	size_t wn = ref_unescape(in, want);
	size_t n = unescape(NULL, NULL, in);
	CHECK(n <= len && n == wn && in[n] == '\0' && memcmp(in, want, n + 1) == 0);
	CHECK(strlen(in) == n); /* no NUL made: %00 stays as it is */
	free(want);
	return in;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the server refuses a path and query longer than 4 KiB */
	if (size > 4096)
		return 0;
	/* a request line carries no NUL: the query ends at the first one */
	const char *q = (const char *)data;
	const uint8_t *nul = memchr(data, 0, size);
	size_t qlen = nul ? (size_t)(nul - data) : size;

	size_t i = 0;
	while (i <= qlen) {
		const char *amp = memchr(q + i, '&', qlen - i);
		size_t end = amp ? (size_t)(amp - q) : qlen;
		const char *pair = q + i;
		size_t plen = end - i;
		const char *eq = memchr(pair, '=', plen);
		size_t klen = eq ? (size_t)(eq - pair) : plen;
		char *key = decode(pair, klen);
		free(key);
		if (eq) {
			char *v = decode(eq + 1, plen - klen - 1);
			check_int(v, 1, 200, 20);
			check_int(v, 0, 10000000, 0);
			check_bool(v);
			static const size_t limits[] = {10, 20, 30, 64, 100, 200};
			for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++)
				check_line(v, limits[k]);
			free(v);
		}
		i = end + 1;
	}
	return 0;
}
