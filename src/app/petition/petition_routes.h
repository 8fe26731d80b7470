/*
 * petition_routes.h — citizens' voice: the rows of the route table (the
 * public feedback form, tracking by code and satisfaction, the register of
 * published answers and its comments; the staff inbox, petition page,
 * actions, the audited identity read, the moderation queue). Specific paths
 * come before {id}.
 */
#ifndef MOTCUA_APP_PETITION_ROUTES_H
#define MOTCUA_APP_PETITION_ROUTES_H

#include "app/petition/petition.h"
#include "app/platform/ctx.h"

/* The feedback form's body: a 5 MB attachment in base64 and the texts. */
#define PETITION_FEEDBACK_BODY_MAX (8u << 20)
/* A staff petition or an answer (20,000 characters of up to 4 bytes). */
#define PETITION_BODY_MAX (256u << 10)

/* clang-format off */
#define PETITION_ROUTES(X) \
	X(HTTP_POST, "/api/v1/public/feedback", RF_PUBLIC | RF_JSON, 0, h_feedback_create, PETITION_FEEDBACK_BODY_MAX) \
	X(HTTP_GET, "/api/v1/public/petitions/{code}", RF_PUBLIC, 0, h_petition_track, 0) \
	X(HTTP_POST, "/api/v1/public/petitions/{code}/satisfaction", RF_PUBLIC | RF_JSON, 0, h_petition_satisfaction, 0) \
	X(HTTP_GET, "/api/v1/public/answers", RF_PUBLIC, 0, h_answer_list, 0) \
	X(HTTP_GET, "/api/v1/public/answers/{id}", RF_PUBLIC, 0, h_answer_get, 0) \
	X(HTTP_POST, "/api/v1/public/answers/{id}/comments", RF_PUBLIC | RF_JSON, 0, h_answer_comment, 0) \
	X(HTTP_POST, "/api/v1/petitions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_petition_create, PETITION_BODY_MAX) \
	X(HTTP_GET, "/api/v1/petitions", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_petition_list, 0) \
	X(HTTP_GET, "/api/v1/petitions/comments", RF_STAFF, ROLE_DOSSIER, h_petition_comments, 0) \
	X(HTTP_POST, "/api/v1/petitions/comments/{id}/actions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_petition_comment_action, 0) \
	X(HTTP_GET, "/api/v1/petitions/{id}", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_petition_get, 0) \
	X(HTTP_POST, "/api/v1/petitions/{id}/actions", RF_STAFF | RF_JSON, ROLE_DOSSIER, h_petition_action, PETITION_BODY_MAX) \
	X(HTTP_POST, "/api/v1/petitions/{id}/identity", RF_STAFF, ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER, h_petition_identity, 0) \
	X(HTTP_GET, "/api/v1/petitions/{id}/attachment", RF_STAFF, ROLE_DOSSIER | ROLE_PROVINCE, h_petition_attachment, 0)
/* clang-format on */
PETITION_ROUTES(ROUTE_PROTO)

#endif
