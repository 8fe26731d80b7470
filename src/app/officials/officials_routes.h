/*
 * officials_routes.h — the officials domain's rows of the route table: the
 * public criteria; the criteria sets (leaders and the administrator edit,
 * leaders publish); commitments; the evaluation cycles, evaluations and the
 * leaders' supervision. Specific paths come before patterns.
 */
#ifndef MOTCUA_APP_OFFICIALS_ROUTES_H
#define MOTCUA_APP_OFFICIALS_ROUTES_H

#include "app/officials/officials.h"
#include "app/platform/ctx.h"

/* every official: any staff role but the province's (who belongs to no
 * commune's one-stop centre) */
#define OFF_STAFF_ROLES (ROLE_ADMIN | ROLE_RECEPTION | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER)

/* clang-format off */
#define OFFICIALS_ROUTES(X) \
	X(HTTP_GET, "/api/v1/public/criteria", RF_PUBLIC, 0, h_off_criteria_public, 0) \
	X(HTTP_GET, "/api/v1/criteria", RF_STAFF, OFF_STAFF_ROLES, h_off_criteria_get, 0) \
	X(HTTP_PUT, "/api/v1/criteria/{year}", RF_STAFF | RF_JSON, ROLE_LEADER | ROLE_ADMIN, h_off_criteria_save, OFF_BODY_MAX) \
	X(HTTP_POST, "/api/v1/criteria/{id}/actions", RF_STAFF | RF_JSON, ROLE_LEADER, h_off_criteria_action, 0) \
	X(HTTP_GET, "/api/v1/commitments", RF_STAFF, OFF_STAFF_ROLES, h_off_commitment_list, 0) \
	X(HTTP_POST, "/api/v1/commitments", RF_STAFF | RF_JSON, OFF_STAFF_ROLES, h_off_commitment_save, OFF_BODY_MAX) \
	X(HTTP_GET, "/api/v1/commitments/{id}", RF_STAFF, OFF_STAFF_ROLES, h_off_commitment_get, 0) \
	X(HTTP_POST, "/api/v1/commitments/{id}/actions", RF_STAFF | RF_JSON, OFF_STAFF_ROLES, h_off_commitment_action, 0) \
	X(HTTP_GET, "/api/v1/evaluations", RF_STAFF, OFF_STAFF_ROLES, h_off_eval_list, 0) \
	X(HTTP_GET, "/api/v1/evaluations/cycles", RF_STAFF, OFF_STAFF_ROLES, h_off_cycles, 0) \
	X(HTTP_POST, "/api/v1/evaluations/cycles", RF_STAFF | RF_JSON, ROLE_LEADER, h_off_cycle_open, 0) \
	X(HTTP_POST, "/api/v1/evaluations/cycles/{id}/remind", RF_STAFF, ROLE_LEADER, h_off_cycle_remind, 0) \
	X(HTTP_GET, "/api/v1/evaluations/supervision", RF_STAFF, ROLE_LEADER, h_off_supervision, 0) \
	X(HTTP_POST, "/api/v1/evaluations/{id}/actions", RF_STAFF | RF_JSON, OFF_STAFF_ROLES, h_off_eval_action, OFF_BODY_MAX) \
	X(HTTP_GET, "/api/v1/evaluations/{year}/{username}", RF_STAFF, OFF_STAFF_ROLES, h_off_eval_get, 0)
/* clang-format on */
OFFICIALS_ROUTES(ROUTE_PROTO)

#endif
