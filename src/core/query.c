/*
 * query.c — query-string values: integers and flags. See query.h.
 *
 * The values come from the network, percent-decoded, NUL-terminated, any
 * other byte possible. strtoll is bounded by the string and saturates on
 * overflow, which the range check then refuses (max < LLONG_MAX for every
 * caller; a saturated value equal to max would be accepted as max).
 */
#include "core/query.h"

#include <stdlib.h>
#include <string.h>

int query_int(const char *v, long long min, long long max, long long dflt, long long *out)
{
	*out = dflt;
	if (!v || !v[0])
		return 0;
	char *end = NULL;
	long long x = strtoll(v, &end, 10);
	if (*end || x < min || x > max)
		return -1;
	*out = x;
	return 0;
}

int query_bool(const char *v, int *out)
{
	*out = 0;
	if (!v || !v[0] || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	return -1;
}
