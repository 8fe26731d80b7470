/*
 * queue_routes.h — the counter queue's rows of the route table: the public
 * kiosk, the ticket's phone page, the board and its live stream; the
 * administrator's groups and counters; the counter console (reception).
 * Specific paths come before patterns that would also match them.
 */
#ifndef MOTCUA_APP_QUEUE_ROUTES_H
#define MOTCUA_APP_QUEUE_ROUTES_H

#include "app/platform/ctx.h"
#include "app/queue/queue.h"

#define QUEUE_STAFF (ROLE_RECEPTION | ROLE_ADMIN)

/* The rows, as X(method, pattern, flags, roles, handler, max_body). */
/* clang-format off */
#define QUEUE_ROUTES(X) \
	X(HTTP_GET, "/api/v1/queue/groups", RF_PUBLIC | RF_OPTIONAL_AUTH, 0, h_queue_groups, 0) \
	X(HTTP_POST, "/api/v1/queue/groups", RF_STAFF | RF_JSON, ROLE_ADMIN, h_queue_group_create, 0) \
	X(HTTP_PATCH, "/api/v1/queue/groups/{code}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_queue_group_update, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets", RF_PUBLIC | RF_JSON, 0, h_queue_ticket_issue, 4096) \
	X(HTTP_GET, "/api/v1/public/tickets/{id}", RF_PUBLIC, 0, h_queue_ticket_public, 0) \
	X(HTTP_GET, "/api/v1/public/tickets/{id}/qr", RF_PUBLIC, 0, h_queue_ticket_qr, 0) \
	X(HTTP_GET, "/api/v1/queue/board", RF_PUBLIC, 0, h_queue_board, 0) \
	X(HTTP_GET, "/api/v1/queue/events", RF_PUBLIC | RF_OPTIONAL_AUTH, 0, h_queue_events, 0) \
	X(HTTP_GET, "/api/v1/queue/counters", RF_STAFF, QUEUE_STAFF, h_queue_counters, 0) \
	X(HTTP_POST, "/api/v1/queue/counters", RF_STAFF | RF_JSON, ROLE_ADMIN, h_queue_counter_create, 0) \
	X(HTTP_PATCH, "/api/v1/queue/counters/{id}", RF_STAFF | RF_JSON, ROLE_ADMIN, h_queue_counter_update, 0) \
	X(HTTP_POST, "/api/v1/queue/counters/{id}/call", RF_STAFF, ROLE_RECEPTION, h_queue_call, 0) \
	X(HTTP_POST, "/api/v1/queue/counters/{id}/pause", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_queue_pause, 0) \
	X(HTTP_POST, "/api/v1/queue/counters/{id}/resume", RF_STAFF, ROLE_RECEPTION, h_queue_resume, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/recall", RF_STAFF, ROLE_RECEPTION, h_queue_recall, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/start", RF_STAFF, ROLE_RECEPTION, h_queue_start, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/finish", RF_STAFF, ROLE_RECEPTION, h_queue_finish, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/no-show", RF_STAFF, ROLE_RECEPTION, h_queue_no_show, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/transfer", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_queue_transfer, 0) \
	X(HTTP_POST, "/api/v1/queue/tickets/{id}/dossier", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_queue_dossier, 0)
/* clang-format on */
QUEUE_ROUTES(ROUTE_PROTO)

#endif
