/*
 * papers_routes.h — the statutory papers' rows of the route table (HTML for
 * A4, ?format=json the data; the tracking book also CSV).
 */
#ifndef MOTCUA_APP_PAPERS_ROUTES_H
#define MOTCUA_APP_PAPERS_ROUTES_H

#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define PAPERS_ROUTES(X) \
	X(HTTP_GET, "/api/v1/dossiers/{code}/forms/{kind}", RF_STAFF, ROLE_DOSSIER, h_dossier_form, 0) \
	X(HTTP_GET, "/api/v1/books/tracking", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_book_tracking, 0)
/* clang-format on */
PAPERS_ROUTES(ROUTE_PROTO)

#endif
