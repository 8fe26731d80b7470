/*
 * evaluation_routes.h — the evaluation domain's rows of the route table: the
 * public evaluation (secret or tablet), the tablet's screen and the form's
 * labels; the administrator's tablets; the heads' list; the counter floor's
 * figures.
 */
#ifndef MOTCUA_APP_EVALUATION_ROUTES_H
#define MOTCUA_APP_EVALUATION_ROUTES_H

#include "app/evaluation/evaluation.h"
#include "app/platform/ctx.h"

/* who reads the figures: the counter's officers, the heads, the leaders */
#define EVAL_FIGURES_ROLES (ROLE_RECEPTION | ROLE_HEAD | ROLE_LEADER | ROLE_ADMIN)

/* clang-format off */
#define EVALUATION_ROUTES(X) \
	X(HTTP_GET, "/api/v1/public/evaluations/form", RF_PUBLIC, 0, h_eval_form, 0) \
	X(HTTP_GET, "/api/v1/public/evaluations/tablet", RF_PUBLIC, 0, h_eval_tablet, 0) \
	X(HTTP_POST, "/api/v1/public/evaluations", RF_PUBLIC | RF_JSON, 0, h_eval_submit, 8192) \
	X(HTTP_POST, "/api/v1/service-evaluations/devices", RF_STAFF | RF_JSON, ROLE_ADMIN, h_eval_device_create, 0) \
	X(HTTP_GET, "/api/v1/service-evaluations/devices", RF_STAFF, ROLE_ADMIN, h_eval_devices, 0) \
	X(HTTP_POST, "/api/v1/service-evaluations/devices/{id}/revoke", RF_STAFF, ROLE_ADMIN, h_eval_device_revoke, 0) \
	X(HTTP_GET, "/api/v1/service-evaluations", RF_STAFF, ROLE_HEAD | ROLE_LEADER, h_eval_list, 0) \
	X(HTTP_GET, "/api/v1/queue/figures", RF_STAFF, EVAL_FIGURES_ROLES, h_eval_figures, 0)
/* clang-format on */
EVALUATION_ROUTES(ROUTE_PROTO)

#endif
