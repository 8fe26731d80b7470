/*
 * calendar_routes.h — the legal clock's calendar rows of the route table:
 * days off, make-up days, rules, the dossiers a day off touches (specific
 * paths before {year}).
 */
#ifndef MOTCUA_APP_CALENDAR_ROUTES_H
#define MOTCUA_APP_CALENDAR_ROUTES_H

#include "app/calendar/calendar.h"
#include "app/platform/ctx.h"

/* The rows, as X(method, pattern, flags, roles, handler, max_body): routes.c
 * makes them the table's rows, ROUTE_PROTO declares their handlers. */
/* clang-format off */
#define CALENDAR_ROUTES(X) \
	X(HTTP_GET, "/api/v1/calendar/hours", RF_STAFF, ANY_STAFF, h_calendar_hours, 0) \
	X(HTTP_PUT, "/api/v1/calendar/hours/{agency}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_calendar_hours_put, 0) \
	X(HTTP_GET, "/api/v1/calendar/rules", RF_STAFF, ANY_STAFF, h_calendar_rules, 0) \
	X(HTTP_GET, "/api/v1/calendar/affected", RF_STAFF, ANY_STAFF, h_calendar_affected, 0) \
	X(HTTP_PUT, "/api/v1/calendar/rules", RF_STAFF | RF_JSON, ROLE_ADMIN, h_calendar_rules_put, 0) \
	X(HTTP_PUT, "/api/v1/calendar/days/{date}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_calendar_day_put, 0) \
	X(HTTP_DELETE, "/api/v1/calendar/days/{date}", RF_STAFF, ROLE_ADMIN, h_calendar_day_delete, 0) \
	X(HTTP_GET, "/api/v1/calendar/{year}", RF_PUBLIC, 0, h_calendar_year, 0) \
	X(HTTP_GET, "/api/v1/calendar/{year}/export", RF_STAFF, ANY_STAFF, h_calendar_export, 0) \
	X(HTTP_POST, "/api/v1/calendar/{year}/import", RF_STAFF, ROLE_ADMIN, h_calendar_import, CALENDAR_CSV_MAX)
/* clang-format on */
CALENDAR_ROUTES(ROUTE_PROTO)

#endif
