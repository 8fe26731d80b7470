/*
 * accounts_routes.h — the accounts domain's rows of the route table:
 * sessions, the signed-in user and their tokens, units and staff accounts;
 * and the request-side half of who is calling (session_identify).
 */
#ifndef MOTCUA_APP_ACCOUNTS_ROUTES_H
#define MOTCUA_APP_ACCOUNTS_ROUTES_H

#include "app/accounts/accounts.h"
#include "app/platform/ctx.h"

/* Who is calling (for dispatch): fill c->who from the Authorization header
 * (a bearer API token) or the session cookie. ERR_OK with c->who.staff_id
 * == 0 when no credentials were sent; ERR_UNAUTHORIZED (problem set) when
 * they were sent but are not valid (also an expired or revoked token). */
enum err session_identify(struct ctx *c);

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define ACCOUNTS_ROUTES(X) \
	/* sessions and the signed-in user */ \
	X(HTTP_POST, "/api/v1/session", RF_PUBLIC | RF_JSON, 0, h_session_create, 0) \
	X(HTTP_DELETE, "/api/v1/session", RF_STAFF, ANY_STAFF, h_session_delete, 0) \
	X(HTTP_GET, "/api/v1/me", RF_STAFF, ANY_STAFF, h_me, 0) \
	X(HTTP_PUT, "/api/v1/me/password", RF_STAFF | RF_JSON, ANY_STAFF, h_me_password, 0) \
	X(HTTP_GET, "/api/v1/me/tokens", RF_STAFF, ANY_STAFF, h_me_tokens, 0) \
	X(HTTP_POST, "/api/v1/me/tokens", RF_STAFF | RF_JSON, ANY_STAFF, h_me_token_create, 0) \
	X(HTTP_DELETE, "/api/v1/me/tokens/{id}", RF_STAFF, ANY_STAFF, h_me_token_delete, 0) \
	/* organisation and staff accounts */ \
	X(HTTP_GET, "/api/v1/units", RF_STAFF, ANY_STAFF, h_units, 0) \
	X(HTTP_GET, "/api/v1/units/{code}/staff", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_unit_staff, 0) \
	X(HTTP_GET, "/api/v1/staff", RF_STAFF, ROLE_ADMIN, h_staff_list, 0) \
	X(HTTP_POST, "/api/v1/staff", RF_STAFF | RF_JSON, ROLE_ADMIN, h_staff_create, 0) \
	X(HTTP_PATCH, "/api/v1/staff/{username}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_staff_patch, 0)
/* clang-format on */
ACCOUNTS_ROUTES(ROUTE_PROTO)

#endif
