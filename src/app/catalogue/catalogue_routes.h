/*
 * catalogue_routes.h — the procedure catalogue's rows of the route table
 * (specific paths before {code}).
 */
#ifndef MOTCUA_APP_CATALOGUE_ROUTES_H
#define MOTCUA_APP_CATALOGUE_ROUTES_H

#include "app/catalogue/catalogue.h"
#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define CATALOGUE_ROUTES(X) \
	X(HTTP_GET, "/api/v1/fields", RF_PUBLIC, 0, h_fields, 0) \
	X(HTTP_PUT, "/api/v1/fields/{code}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_field_put, 0) \
	X(HTTP_GET, "/api/v1/procedures", RF_PUBLIC, 0, h_procedures, 0) \
	X(HTTP_GET, "/api/v1/procedures/export", RF_STAFF, ROLE_ADMIN, h_procedures_export, 0) \
	X(HTTP_POST, "/api/v1/procedures/import", RF_STAFF, ROLE_ADMIN, h_procedures_import, CATALOGUE_CSV_IMPORT_MAX) \
	X(HTTP_GET, "/api/v1/procedures/{code}", RF_PUBLIC, 0, h_procedure, 0) \
	X(HTTP_PUT, "/api/v1/procedures/{code}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_procedure_put, CATALOGUE_PROCEDURE_BODY_MAX) \
	X(HTTP_DELETE, "/api/v1/procedures/{code}", RF_STAFF, ROLE_ADMIN, h_procedure_delete, 0)
/* clang-format on */
CATALOGUE_ROUTES(ROUTE_PROTO)

#endif
