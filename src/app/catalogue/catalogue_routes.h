/*
 * catalogue_routes.h — the procedure catalogue's rows of the route table
 * (specific paths before {code}).
 */
#ifndef MOTCUA_APP_CATALOGUE_ROUTES_H
#define MOTCUA_APP_CATALOGUE_ROUTES_H

#include "app/catalogue/catalogue.h"
#include "app/platform/ctx.h"

enum http_result h_fields(struct ctx *c);
enum http_result h_field_put(struct ctx *c);
enum http_result h_procedures(struct ctx *c);
enum http_result h_procedure(struct ctx *c);
enum http_result h_procedure_put(struct ctx *c);
enum http_result h_procedure_delete(struct ctx *c);
enum http_result h_procedures_export(struct ctx *c);
enum http_result h_procedures_import(struct ctx *c);

/* clang-format off */
#define CATALOGUE_ROUTES \
	{HTTP_GET, "/api/v1/fields", RF_PUBLIC, 0, h_fields, 0}, \
	{HTTP_PUT, "/api/v1/fields/{code}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_field_put, 0}, \
	{HTTP_GET, "/api/v1/procedures", RF_PUBLIC, 0, h_procedures, 0}, \
	{HTTP_GET, "/api/v1/procedures/export", RF_STAFF, ROLE_ADMIN, h_procedures_export, 0}, \
	{HTTP_POST, "/api/v1/procedures/import", RF_STAFF, ROLE_ADMIN, h_procedures_import, CATALOGUE_CSV_IMPORT_MAX}, \
	{HTTP_GET, "/api/v1/procedures/{code}", RF_PUBLIC, 0, h_procedure, 0}, \
	{HTTP_PUT, "/api/v1/procedures/{code}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_procedure_put, CATALOGUE_PROCEDURE_BODY_MAX}, \
	{HTTP_DELETE, "/api/v1/procedures/{code}", RF_STAFF, ROLE_ADMIN, h_procedure_delete, 0}
/* clang-format on */

#endif
