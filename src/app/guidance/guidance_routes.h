/*
 * guidance_routes.h — guidance before receipt: the rows of the route table
 * (a counter officer records a guidance and prints Mẫu 02; the
 * dossier-handling roles read them and their counts). /stats comes before
 * /{id}.
 */
#ifndef MOTCUA_APP_GUIDANCE_ROUTES_H
#define MOTCUA_APP_GUIDANCE_ROUTES_H

#include "app/guidance/guidance.h"
#include "app/platform/ctx.h"

/* A body of 30 items of 1000 characters (up to 4 bytes each) and a note. */
#define GUIDANCE_BODY_MAX (256u << 10)

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define GUIDANCE_ROUTES(X) \
	X(HTTP_POST, "/api/v1/guidances", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_guidance_create, GUIDANCE_BODY_MAX) \
	X(HTTP_GET, "/api/v1/guidances", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_guidance_list, 0) \
	X(HTTP_GET, "/api/v1/guidances/stats", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_guidance_stats, 0) \
	X(HTTP_GET, "/api/v1/guidances/{id}", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_guidance_get, 0) \
	X(HTTP_GET, "/api/v1/guidances/{id}/paper", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_guidance_paper, 0)
/* clang-format on */
GUIDANCE_ROUTES(ROUTE_PROTO)

#endif
