/*
 * router.h — matching a request path against the route table's patterns.
 *
 * Pure: no allocation, no I/O, no HTTP types, so it is unit-tested and
 * fuzzed (tests/fuzz/fuzz_router.c) on its own. dispatch.c applies it to
 * THE route table (routes.c).
 *
 * A pattern is a path where "{name}" stands for exactly one non-empty
 * segment (any bytes but '/'); everything else is compared byte for byte.
 * There are no wildcards, no optional parts and no trailing-slash folding:
 * "/api/v1/units/" does not match "/api/v1/units".
 */
#ifndef MOTCUA_APP_ROUTER_H
#define MOTCUA_APP_ROUTER_H

#include <stddef.h>

/* At most this many {name} captures per pattern. */
#define ROUTER_MAX_PARAMS 4

/* A captured segment: a slice of the path (not NUL-terminated). */
struct router_param {
	const char *ptr;
	size_t len;
};

/* 1 if `path` matches `pattern`, else 0. Both are NUL-terminated; the
 * pattern is trusted (a '{' without its '}' never matches). On a match, the
 * captured segments are stored in params[0..*nparams) as slices pointing
 * into `path` (params and nparams may be NULL when not wanted). A pattern
 * with more than ROUTER_MAX_PARAMS captures never matches. */
int router_match(const char *pattern, const char *path, struct router_param *params, int *nparams);

/* The i-th route of a table: its method (any int the caller compares) and
 * its pattern. */
typedef const char *(*router_entry_fn)(const void *table, size_t i, int *method);

/* The first route of the table (n entries, read through `entry`) whose
 * method is `method` and whose pattern matches `path`: its index, or -1.
 * *path_matched is set to 1 if any route's pattern matches the path,
 * whatever its method (the caller answers 405 rather than 404). */
long router_find(const void *table, size_t n, router_entry_fn entry, int method, const char *path,
		 int *path_matched);

#endif
