/*
 * query.h — query-string values as the API accepts them: integers within a
 * range and flags. Pure: the HTTP layer has already split and decoded the
 * query; app/jin.c turns a refusal into a 400 naming the parameter.
 */
#ifndef MOTCUA_CORE_QUERY_H
#define MOTCUA_CORE_QUERY_H

/* A decimal integer in [min, max] (as strtoll reads it: leading white space
 * and a sign allowed, nothing after the digits). v NULL or "" → dflt.
 * Returns 0 with *out set, or -1 (then *out = dflt). */
int query_int(const char *v, long long min, long long max, long long dflt, long long *out);

/* A flag: NULL, "", "0" or "false" → 0; "1" or "true" → 1. Returns 0 with
 * *out set, or -1 for anything else (then *out = 0). */
int query_bool(const char *v, int *out);

#endif
