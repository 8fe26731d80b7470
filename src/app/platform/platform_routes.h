/*
 * platform_routes.h — the platform's own rows of the route table: health,
 * the centre's public identity, and the test clock.
 */
#ifndef MOTCUA_APP_PLATFORM_ROUTES_H
#define MOTCUA_APP_PLATFORM_ROUTES_H

#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define PLATFORM_ROUTES(X) \
	X(HTTP_GET, "/healthz", RF_PUBLIC, 0, h_healthz, 0) \
	X(HTTP_GET, "/api/v1/public/centre", RF_PUBLIC, 0, h_public_centre, 0) \
	X(HTTP_GET, "/api/v1/agencies", RF_PUBLIC, 0, h_agencies, 0) \
	/* tests only: 404 unless started with MOTCUA_TEST_CLOCK=1 */ \
	X(HTTP_PUT, "/api/v1/_test/now", RF_PUBLIC | RF_JSON, 0, h_test_now, 0)
/* clang-format on */
PLATFORM_ROUTES(ROUTE_PROTO)

#endif
