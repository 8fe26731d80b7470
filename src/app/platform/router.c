/*
 * router.c — path patterns against request paths. See router.h.
 *
 * The path comes from the network (percent-decoded by the HTTP layer, so it
 * may hold any byte but NUL); the pattern from the route table. The matcher
 * walks both once, never reads past either terminator and never allocates:
 * captures are slices of the path, copied by the caller if it keeps them.
 */
#include "app/platform/router.h"

#include <string.h>

/* Most patterns and paths share this prefix: it is compared in one go. */
#define API_PREFIX "/api/v1/"
#define API_PREFIX_LEN 8

int router_match(const char *pattern, const char *path, struct router_param *params, int *nparams)
{
	int np = 0;
	const char *p = pattern, *s = path;
	if (nparams)
		*nparams = 0;
	if (strncmp(p, API_PREFIX, API_PREFIX_LEN) == 0) {
		if (strncmp(s, API_PREFIX, API_PREFIX_LEN) != 0)
			return 0;
		p += API_PREFIX_LEN;
		s += API_PREFIX_LEN;
	}
	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			const char *seg = s;
			if (!end)
				return 0;
			while (*s && *s != '/')
				s++;
			if (s == seg || np >= ROUTER_MAX_PARAMS)
				return 0;
			if (params) {
				params[np].ptr = seg;
				params[np].len = (size_t)(s - seg);
			}
			np++;
			p = end + 1;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		return 0;
	if (nparams)
		*nparams = np;
	return 1;
}

long router_find(const void *table, size_t n, router_entry_fn entry, int method, const char *path,
		 int *path_matched)
{
	*path_matched = 0;
	for (size_t i = 0; i < n; i++) { /* the method first: it is cheaper */
		int m;
		const char *pattern = entry(table, i, &m);
		if (m == method && router_match(pattern, path, NULL, NULL)) {
			*path_matched = 1;
			return (long)i;
		}
	}
	for (size_t i = 0; i < n; i++) { /* another method's path: 405, not 404 */
		int m;
		if (router_match(entry(table, i, &m), path, NULL, NULL)) {
			*path_matched = 1;
			break;
		}
	}
	return -1;
}
