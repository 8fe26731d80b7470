/*
 * indicator_routes.h — the service-quality indicators (Decision 766): the
 * scores of a period and the list behind each number. Heads and leaders see
 * their agency's, province officers every agency's (or the one named).
 */
#ifndef MOTCUA_APP_INDICATOR_ROUTES_H
#define MOTCUA_APP_INDICATOR_ROUTES_H

#include "app/indicator/indicator.h"
#include "app/platform/ctx.h"

#define INDICATOR_ROLES (ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)

/* clang-format off */
#define INDICATOR_ROUTES(X) \
	X(HTTP_GET, "/api/v1/indicators", RF_STAFF, INDICATOR_ROLES, h_indicators, 0) \
	X(HTTP_GET, "/api/v1/indicators/{code}/items", RF_STAFF, INDICATOR_ROLES, h_indicator_items, 0)
/* clang-format on */
INDICATOR_ROUTES(ROUTE_PROTO)

#endif
