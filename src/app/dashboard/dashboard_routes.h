/*
 * dashboard_routes.h — the dashboard domain's rows of the route table: the
 * staff dashboards (today, trends, breakdowns, overdue by step, petitions)
 * and the public transparency figures. Who reads what: docs/DECISIONS.md D40.
 */
#ifndef MOTCUA_APP_DASHBOARD_ROUTES_H
#define MOTCUA_APP_DASHBOARD_ROUTES_H

#include "app/dashboard/dashboard.h"
#include "app/platform/ctx.h"

/* "today at the centre": the counter's officers too */
#define DASH_TODAY_ROLES (ROLE_RECEPTION | ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)
/* the analysis (officers' names included): heads, leaders, the province */
#define DASH_ROLES (ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)

/* clang-format off */
#define DASHBOARD_ROUTES(X) \
	X(HTTP_GET, "/api/v1/dashboard/today", RF_STAFF, DASH_TODAY_ROLES, h_dash_today, 0) \
	X(HTTP_GET, "/api/v1/dashboard/trends", RF_STAFF, DASH_ROLES, h_dash_trends, 0) \
	X(HTTP_GET, "/api/v1/dashboard/breakdown", RF_STAFF, DASH_ROLES, h_dash_breakdown, 0) \
	X(HTTP_GET, "/api/v1/dashboard/overdue-steps", RF_STAFF, DASH_ROLES, h_dash_overdue_steps, 0) \
	X(HTTP_GET, "/api/v1/dashboard/petitions", RF_STAFF, DASH_ROLES, h_dash_petitions, 0) \
	X(HTTP_GET, "/api/v1/public/transparency", RF_PUBLIC, 0, h_dash_transparency, 0)
/* clang-format on */
DASHBOARD_ROUTES(ROUTE_PROTO)

#endif
