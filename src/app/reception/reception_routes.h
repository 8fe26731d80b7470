/*
 * reception_routes.h — reception days and the reception book: the rows of
 * the route table (the public schedule and registration; the staff
 * schedule with its duty warnings, the duties, registrants, the book and
 * its entry). Specific paths come before {id}.
 */
#ifndef MOTCUA_APP_RECEPTION_ROUTES_H
#define MOTCUA_APP_RECEPTION_ROUTES_H

#include "app/platform/ctx.h"
#include "app/reception/reception.h"

/* A visit: up to 10 matters of 5,000 characters of up to 4 bytes, and more. */
#define RECEPTION_BODY_MAX (512u << 10)

/* clang-format off */
#define RECEPTION_ROUTES(X) \
	X(HTTP_GET, "/api/v1/public/reception/sessions", RF_PUBLIC, 0, h_reception_public_sessions, 0) \
	X(HTTP_POST, "/api/v1/public/reception/sessions/{id}/registrations", RF_PUBLIC | RF_JSON, 0, h_reception_register, 0) \
	X(HTTP_GET, "/api/v1/reception/duties", RF_STAFF, 0, h_reception_duties, 0) \
	X(HTTP_POST, "/api/v1/reception/duties/{role}", RF_STAFF | RF_JSON, ROLE_ADMIN | ROLE_LEADER, h_reception_duty_set, 0) \
	X(HTTP_GET, "/api/v1/reception/sessions", RF_STAFF, RECEPTION_PD_ROLES | ROLE_PROVINCE, h_reception_sessions, 0) \
	X(HTTP_POST, "/api/v1/reception/sessions", RF_STAFF | RF_JSON, RECEPTION_PD_ROLES, h_reception_session_create, 0) \
	X(HTTP_POST, "/api/v1/reception/sessions/{id}", RF_STAFF | RF_JSON, RECEPTION_PD_ROLES, h_reception_session_update, 0) \
	X(HTTP_GET, "/api/v1/reception/sessions/{id}/registrations", RF_STAFF, RECEPTION_PD_ROLES, h_reception_registrations, 0) \
	X(HTTP_GET, "/api/v1/reception/visits", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_reception_book, 0) \
	X(HTTP_POST, "/api/v1/reception/visits", RF_STAFF | RF_JSON, RECEPTION_PD_ROLES, h_reception_visit_create, RECEPTION_BODY_MAX)
/* clang-format on */
RECEPTION_ROUTES(ROUTE_PROTO)

#endif
