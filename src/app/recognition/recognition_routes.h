/*
 * recognition_routes.h — recognition of exemplary officials and good
 * practices: the rows of the route table (the officers nominate and act;
 * heads and leaders look for citizens' praises; anyone reads the recognised
 * ones). /praise comes before /{id}.
 */
#ifndef MOTCUA_APP_RECOGNITION_ROUTES_H
#define MOTCUA_APP_RECOGNITION_ROUTES_H

#include "app/platform/ctx.h"
#include "app/recognition/recognition.h"

/* clang-format off */
#define RECOGNITION_ROUTES(X) \
	X(HTTP_GET, "/api/v1/public/recognitions", RF_PUBLIC, 0, h_recog_public, 0) \
	X(HTTP_POST, "/api/v1/recognitions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_recog_create, 0) \
	X(HTTP_GET, "/api/v1/recognitions", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_recog_list, 0) \
	X(HTTP_GET, "/api/v1/recognitions/praise", RF_STAFF, ROLE_HEAD | ROLE_LEADER, h_recog_praise, 0) \
	X(HTTP_GET, "/api/v1/recognitions/{id}", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_recog_get, 0) \
	X(HTTP_POST, "/api/v1/recognitions/{id}/actions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_recog_action, 0)
/* clang-format on */
RECOGNITION_ROUTES(ROUTE_PROTO)

#endif
