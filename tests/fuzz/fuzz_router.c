/*
 * fuzz_router.c — libFuzzer target for the router (src/app/platform/router.c):
 * router_match() and router_find() against THE route table's patterns.
 *
 * The real table (src/app/platform/routes.c, joined from every domain's
 * src/app/<domain>/<domain>_routes.h) cannot be linked without the whole
 * application (every handler, the store, HTTP), so its patterns and methods
 * are read from the domains' route headers (their X(HTTP_…, "pattern", …) rows) at start-up (run.sh
 * runs targets from the repository root; MOTCUA_ROUTES names one file instead). Patterns of
 * different domains never overlap, so the order of the files does not change which route matches.
 * Fewer than 10 routes read means the files' shape changed: the target aborts rather than fuzz
 * nothing.
 *
 * Input layout: byte 0 chooses the mode and the method, the rest is a path
 * (cut at the first NUL: paths reach the router as C strings, any other byte
 * included — %2F, '..', invalid UTF-8, since the HTTP layer decodes them).
 *   byte 0 < 0xF0: router_find(method = byte 0 % 8, path) over the table,
 *     checked against a plain reference matcher written independently
 *     (split both on '/', a segment is either literal or exactly "{name}"):
 *     the same route (the first of that method that matches), the same
 *     "path exists with another method" answer (405 vs 404).
 *   byte 0 >= 0xF0: the rest is "pattern NUL path": any pattern at all,
 *     malformed ones too ('{' without '}', more captures than allowed).
 * In both modes, when a pattern matches, the captures are non-empty slices
 * of the path without '/', as many as the pattern's {name}s, and putting
 * them back into the pattern gives the path again, byte for byte.
 */
// FUZZ_SOURCES: src/app/platform/router.c
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/platform/router.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define MAX_ROUTES 256

struct froute {
	int method;
	char *pattern;
};

static struct froute routes[MAX_ROUTES];
static size_t nroutes;

static const char *const methods[] = {"HTTP_GET",   "HTTP_HEAD",   "HTTP_POST",    "HTTP_PUT",
				      "HTTP_PATCH", "HTTP_DELETE", "HTTP_OPTIONS", "HTTP_OTHER"};

/* Rows look like `{HTTP_GET, "/api/v1/...", RF_...` (one per line or
 * continued on the next: only the method and the pattern are read). */
static void load_routes(const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "fuzz_router: cannot open %s (run from the repository root)\n",
			file);
		abort();
	}
	char line[1024];
	while (fgets(line, sizeof line, f) && nroutes < MAX_ROUTES) {
		const char *p = strstr(line, "X(HTTP_");
		if (!p)
			continue;
		p += 2;
		int m = -1;
		for (int i = 0; i < (int)(sizeof methods / sizeof methods[0]); i++) {
			size_t n = strlen(methods[i]);
			if (strncmp(p, methods[i], n) == 0 && p[n] == ',')
				m = i;
		}
		const char *q = strchr(p, '"');
		const char *e = q ? strchr(q + 1, '"') : NULL;
		if (m < 0 || !e)
			continue;
		routes[nroutes].method = m;
		routes[nroutes].pattern = strndup(q + 1, (size_t)(e - q - 1));
		CHECK(routes[nroutes].pattern);
		nroutes++;
	}
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *file = getenv("MOTCUA_ROUTES");
	if (file) {
		load_routes(file);
	} else {
		glob_t g;
		if (glob("src/app/*/*_routes.h", 0, NULL, &g) != 0) {
			fprintf(stderr, "fuzz_router: no src/app/*/*_routes.h (run from the "
					"repository root)\n");
			abort();
		}
		for (size_t i = 0; i < g.gl_pathc; i++)
			load_routes(g.gl_pathv[i]);
		globfree(&g);
	}
	if (nroutes < 10) {
		fprintf(stderr, "fuzz_router: only %zu routes read\n", nroutes);
		abort();
	}
	return 0;
}

static const char *entry(const void *table, size_t i, int *method)
{
	const struct froute *r = &((const struct froute *)table)[i];
	*method = r->method;
	return r->pattern;
}

/* Is every '/'-separated segment of the pattern literal (no braces) or
 * exactly "{name}"? The reference matcher is only defined for those. */
static int well_formed(const char *pattern)
{
	const char *s = pattern;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *ob = memchr(s, '{', n), *cb = memchr(s, '}', n);
		if (ob || cb) {
			if (n < 2 || s[0] != '{' || s[n - 1] != '}' || memchr(s + 1, '{', n - 1) ||
			    memchr(s, '}', n - 1))
				return 0;
		}
		s += n;
		if (*s == '/')
			s++;
	}
	return 1;
}

/* The reference: walk the segments of both side by side. */
static int ref_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	for (;;) {
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pn = pe ? (size_t)(pe - p) : strlen(p);
		size_t sn = se ? (size_t)(se - s) : strlen(s);
		if (pn >= 2 && p[0] == '{') {
			if (sn == 0)
				return 0;
		} else if (pn != sn || memcmp(p, s, pn) != 0) {
			return 0;
		}
		if (!pe || !se)
			return !pe && !se;
		p = pe + 1;
		s = se + 1;
	}
}

/* Captures as the router reads them: a '{' up to the next '}' (which may
 * lie in a later segment of a malformed pattern); -1 if a '{' is unclosed. */
static int count_captures(const char *pattern)
{
	int n = 0;
	for (const char *p = pattern; (p = strchr(p, '{')) != NULL; n++) {
		p = strchr(p, '}');
		if (!p)
			return -1;
	}
	return n;
}

/* A match's captures put back into the pattern give the path again. */
static void check_captures(const char *pattern, const char *path)
{
	struct router_param prm[ROUTER_MAX_PARAMS];
	int np = -1;
	if (!router_match(pattern, path, prm, &np)) {
		CHECK(np == 0);
		return;
	}
	CHECK(router_match(pattern, path, NULL, NULL) == 1);
	CHECK(np == count_captures(pattern) && np <= ROUTER_MAX_PARAMS);
	size_t plen = strlen(path);
	char *back = malloc(plen + 1);
	CHECK(back);
	size_t n = 0;
	int k = 0;
	for (const char *p = pattern; *p;) {
		if (*p == '{') {
			CHECK(k < np);
			CHECK(prm[k].len > 0);
			CHECK(prm[k].ptr >= path && prm[k].ptr + prm[k].len <= path + plen);
			CHECK(!memchr(prm[k].ptr, '/', prm[k].len));
			CHECK(n + prm[k].len <= plen);
			memcpy(back + n, prm[k].ptr, prm[k].len);
			n += prm[k].len;
			k++;
			p = strchr(p, '}');
			CHECK(p);
			p++;
		} else {
			CHECK(n < plen);
			back[n++] = *p++;
		}
	}
	CHECK(k == np && n == plen && memcmp(back, path, plen) == 0);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	/* an exact-size copy so ASan sees any read past the terminator */
	char *buf = malloc(size);
	CHECK(buf);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';

	if (data[0] >= 0xF0) {
		const char *pattern = buf;
		const char *path = buf + strlen(buf) + (strlen(buf) < size - 1 ? 1 : 0);
		check_captures(pattern, path);
		if (well_formed(pattern) && count_captures(pattern) >= 0 &&
		    count_captures(pattern) <= ROUTER_MAX_PARAMS)
			CHECK(router_match(pattern, path, NULL, NULL) == ref_match(pattern, path));
		free(buf);
		return 0;
	}

	const char *path = buf;
	int method = data[0] % 8;
	int matched = -1;
	long i = router_find(routes, nroutes, entry, method, path, &matched);
	long want = -1;
	int want_matched = 0;
	for (size_t j = 0; j < nroutes; j++) {
		if (!ref_match(routes[j].pattern, path))
			continue;
		want_matched = 1;
		if (want < 0 && routes[j].method == method)
			want = (long)j;
	}
	CHECK(i == want);
	CHECK(matched == want_matched);
	for (size_t j = 0; j < nroutes; j++)
		check_captures(routes[j].pattern, path);
	free(buf);
	return 0;
}
