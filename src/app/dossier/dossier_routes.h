/*
 * dossier_routes.h — the one-stop core's rows of the route table: intake,
 * processing, return, online submission and public tracking.
 */
#ifndef MOTCUA_APP_DOSSIER_ROUTES_H
#define MOTCUA_APP_DOSSIER_ROUTES_H

#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define DOSSIER_ROUTES(X) \
	X(HTTP_POST, "/api/v1/dossiers", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_dossier_create, 0) \
	X(HTTP_GET, "/api/v1/dossiers", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_dossiers, 0) \
	X(HTTP_GET, "/api/v1/dossiers/{code}", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_dossier_get, 0) \
	X(HTTP_GET, "/api/v1/dossiers/{code}/history", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_dossier_history, 0) \
	X(HTTP_POST, "/api/v1/dossiers/{code}/actions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_dossier_action, 0) \
	X(HTTP_GET, "/api/v1/dossiers/{code}/attachments/{sha256}", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_dossier_attachment, 0) \
	/* citizens: online submission and public tracking (no personal data) */ \
	X(HTTP_POST, "/api/v1/public/submissions", RF_PUBLIC | RF_JSON, 0, h_submission_create, 24u << 20) \
	X(HTTP_GET, "/api/v1/public/dossiers/{code}", RF_PUBLIC, 0, h_public_dossier, 0)
/* clang-format on */
DOSSIER_ROUTES(ROUTE_PROTO)

#endif
