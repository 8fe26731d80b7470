/* test_router.c — path patterns (app/router.c) and THE route table: every
 * route is reachable by a path made from its pattern, captures are slices of
 * the path, another method's path is told apart from no path at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/platform/ctx.h"
#include "app/platform/router.h"

static const char *entry(const void *table, size_t i, int *method)
{
	const struct route *rt = &((const struct route *)table)[i];
	*method = (int)rt->method;
	return rt->pattern;
}

static void segments_and_captures(void **state)
{
	(void)state;
	struct router_param p[ROUTER_MAX_PARAMS];
	int np = -1;
	assert_true(router_match("/api/v1/dossiers/{code}/forms/{kind}",
				 "/api/v1/dossiers/H15-0001/forms/receipt", p, &np));
	assert_int_equal(np, 2);
	assert_int_equal(p[0].len, 8);
	assert_memory_equal(p[0].ptr, "H15-0001", 8);
	assert_int_equal(p[1].len, 7);
	assert_memory_equal(p[1].ptr, "receipt", 7);

	assert_true(router_match("/healthz", "/healthz", NULL, NULL));
	assert_false(router_match("/healthz", "/healthz/", NULL, NULL));
	assert_false(router_match("/api/v1/units", "/api/v1/units/", NULL, NULL));
	assert_false(router_match("/api/v1/dossiers/{code}", "/api/v1/dossiers/", NULL, NULL));
	assert_false(router_match("/api/v1/dossiers/{code}", "/api/v1/dossiers//", NULL, NULL));
	assert_false(router_match("/api/v1/dossiers/{code}", "/api/v1/dossiers/a/b", NULL, NULL));
	assert_false(router_match("/api/v1/me", "/api/v2/me", NULL, NULL));
	assert_false(router_match("/api/v1/me", "/api/v1", NULL, NULL));
	assert_false(router_match("/api/v1/me", "", NULL, NULL));
	/* a capture takes any byte but '/' */
	assert_true(router_match("/x/{a}", "/x/%2F..\xff", p, &np));
	assert_int_equal(np, 1);
	assert_int_equal(p[0].len, 6);
	/* a capture is the whole segment: text after {name} never matches */
	assert_false(router_match("/x/{a}.json", "/x/b.json", NULL, NULL));
	/* malformed (trusted) patterns: no match rather than a crash */
	assert_false(router_match("/x/{a", "/x/b", NULL, NULL));
	assert_false(router_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", NULL, NULL));
	assert_true(router_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", p, &np));
	assert_int_equal(np, 4);
}

/* "/api/v1/dossiers/{code}/forms/{kind}" → "/api/v1/dossiers/p0/forms/p1" */
static void path_of(const char *pattern, char *out, size_t cap)
{
	size_t n = 0;
	int k = 0;
	for (const char *p = pattern; *p && n + 3 < cap;) {
		if (*p == '{') {
			n += (size_t)snprintf(out + n, cap - n, "p%d", k++);
			p = strchr(p, '}') + 1;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

static void every_route_is_reachable(void **state)
{
	(void)state;
	assert_true(app_nroutes > 10);
	for (size_t i = 0; i < app_nroutes; i++) {
		const struct route *rt = &app_routes[i];
		char path[512];
		path_of(rt->pattern, path, sizeof path);
		int matched = 0;
		long j = router_find(app_routes, app_nroutes, entry, (int)rt->method, path,
				     &matched);
		assert_int_equal(matched, 1);
		assert_true(j >= 0);
		/* an earlier route may win ("/procedures/export" before
		 * "/procedures/{code}"), never a later one */
		assert_true((size_t)j <= i);
		assert_int_equal(app_routes[j].method, rt->method);
		struct router_param p[ROUTER_MAX_PARAMS];
		int np;
		assert_true(router_match(app_routes[j].pattern, path, p, &np));
		if ((size_t)j == i) {
			for (int k = 0; k < np; k++) {
				char want[16];
				snprintf(want, sizeof want, "p%d", k);
				assert_int_equal(p[k].len, strlen(want));
				assert_memory_equal(p[k].ptr, want, p[k].len);
			}
		}
	}
}

static void method_and_path(void **state)
{
	(void)state;
	int matched = -1;
	long j = router_find(app_routes, app_nroutes, entry, HTTP_GET, "/api/v1/procedures/export",
			     &matched);
	assert_true(j >= 0);
	assert_string_equal(app_routes[j].pattern, "/api/v1/procedures/export");
	/* the path exists with another method: 405 */
	j = router_find(app_routes, app_nroutes, entry, HTTP_PATCH, "/api/v1/dossiers", &matched);
	assert_int_equal(j, -1);
	assert_int_equal(matched, 1);
	/* no such path: 404 */
	j = router_find(app_routes, app_nroutes, entry, HTTP_GET, "/api/v1/nothing", &matched);
	assert_int_equal(j, -1);
	assert_int_equal(matched, 0);
	j = router_find(app_routes, app_nroutes, entry, HTTP_GET, "/", &matched);
	assert_int_equal(j, -1);
	assert_int_equal(matched, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segments_and_captures),
		cmocka_unit_test(every_route_is_reachable),
		cmocka_unit_test(method_and_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
