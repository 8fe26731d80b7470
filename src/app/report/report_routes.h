/*
 * report_routes.h — the report domain's rows of the route table: the
 * periodic report on dossier handling (Biểu II.06a), for the heads, the
 * leaders and the province (D38).
 */
#ifndef MOTCUA_APP_REPORT_ROUTES_H
#define MOTCUA_APP_REPORT_ROUTES_H

#include "app/platform/ctx.h"
#include "app/report/report.h"

/* who reads the report: the heads and leaders of an agency, the province */
#define REPORT_ROLES (ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)

/* clang-format off */
#define REPORT_ROUTES(X) \
	X(HTTP_GET, "/api/v1/reports/handling", RF_STAFF, REPORT_ROLES, h_report_handling, 0)
/* clang-format on */
REPORT_ROUTES(ROUTE_PROTO)

#endif
