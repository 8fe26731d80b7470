/*
 * performance_routes.h — the officers' figures and the national export:
 * the rows of the route table. /officers/figures and /officers/me/figures
 * come before the patterns on {username}. Who reads whose figures beyond
 * the roles (a head his unit, a leader his agency, an officer himself) is
 * the service's rule (performance_may_read, performance_table).
 */
#ifndef MOTCUA_APP_PERFORMANCE_ROUTES_H
#define MOTCUA_APP_PERFORMANCE_ROUTES_H

#include "app/performance/performance.h"
#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body). */
/* clang-format off */
#define PERFORMANCE_ROUTES(X) \
	X(HTTP_GET, "/api/v1/officers/figures", RF_STAFF, ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE, h_perf_table, 0) \
	X(HTTP_GET, "/api/v1/officers/me/figures", RF_STAFF, ROLE_DOSSIER, h_perf_me, 0) \
	X(HTTP_GET, "/api/v1/officers/{username}/figures", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_perf_officer, 0) \
	X(HTTP_GET, "/api/v1/officers/{username}/dossiers", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_perf_dossiers, 0) \
	X(HTTP_GET, "/api/v1/exports/dossiers", RF_STAFF, ROLE_LEADER | ROLE_PROVINCE | ROLE_ADMIN, h_perf_export, 0)
/* clang-format on */
PERFORMANCE_ROUTES(ROUTE_PROTO)

#endif
