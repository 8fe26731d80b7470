/*
 * open311_routes.h — Open311 GeoReport v2 (D37): the public tree under
 * /open311/ (discovery, services, service definitions, requests GET and
 * POST, one request, tokens; each as .json or .xml), and the
 * administrators' API keys under /api/v1/open311/keys. The resource name
 * with its format is one path segment ({res}: "services.json").
 */
#ifndef MOTCUA_APP_OPEN311_ROUTES_H
#define MOTCUA_APP_OPEN311_ROUTES_H

#include "app/open311/open311.h"
#include "app/platform/ctx.h"

/* clang-format off */
#define OPEN311_ROUTES(X) \
	X(HTTP_GET, "/open311/{doc}", RF_PUBLIC, 0, h_o311_discovery, 0) \
	X(HTTP_GET, "/open311/v2/{res}", RF_PUBLIC, 0, h_o311_get, 0) \
	X(HTTP_POST, "/open311/v2/{res}", RF_PUBLIC, 0, h_o311_post, 0) \
	X(HTTP_GET, "/open311/v2/services/{code}", RF_PUBLIC, 0, h_o311_service, 0) \
	X(HTTP_GET, "/open311/v2/requests/{id}", RF_PUBLIC, 0, h_o311_request, 0) \
	X(HTTP_GET, "/open311/v2/tokens/{token}", RF_PUBLIC, 0, h_o311_token, 0) \
	X(HTTP_GET, "/api/v1/open311/keys", RF_STAFF, ROLE_ADMIN, h_o311_keys, 0) \
	X(HTTP_POST, "/api/v1/open311/keys", RF_STAFF | RF_JSON, ROLE_ADMIN, h_o311_key_add, 0) \
	X(HTTP_POST, "/api/v1/open311/keys/{id}/revoke", RF_STAFF, ROLE_ADMIN, h_o311_key_revoke, 0)
/* clang-format on */
OPEN311_ROUTES(ROUTE_PROTO)

#endif
