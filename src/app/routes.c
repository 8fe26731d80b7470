/*
 * routes.c — THE route table: read it to know the API.
 *
 * Each row: method, path pattern ({name} captures a segment), who may call
 * (RF_PUBLIC, or RF_STAFF with the roles allowed — 0 = any staff), whether
 * the body is JSON, the handler, and the body limit (0 = 64 KiB).
 * The role check happens in dispatch.c from this table and nowhere else.
 */
#include "app/handlers.h"

#define ADMIN ROLE_ADMIN
#define ANY_STAFF 0

const struct route app_routes[] = {
	{HTTP_GET, "/healthz", RF_PUBLIC, 0, h_healthz, 0},

	/* sessions and the signed-in user */
	{HTTP_POST, "/api/v1/session", RF_PUBLIC | RF_JSON, 0, h_session_create, 0},
	{HTTP_DELETE, "/api/v1/session", RF_STAFF, ANY_STAFF, h_session_delete, 0},
	{HTTP_GET, "/api/v1/me", RF_STAFF, ANY_STAFF, h_me, 0},
	{HTTP_PUT, "/api/v1/me/password", RF_STAFF | RF_JSON, ANY_STAFF, h_me_password, 0},
	{HTTP_GET, "/api/v1/me/tokens", RF_STAFF, ANY_STAFF, h_me_tokens, 0},
	{HTTP_POST, "/api/v1/me/tokens", RF_STAFF | RF_JSON, ANY_STAFF, h_me_token_create, 0},
	{HTTP_DELETE, "/api/v1/me/tokens/{id}", RF_STAFF, ANY_STAFF, h_me_token_delete, 0},

	/* organisation and staff accounts */
	{HTTP_GET, "/api/v1/units", RF_STAFF, ANY_STAFF, h_units, 0},
	{HTTP_GET, "/api/v1/units/{code}/staff", RF_STAFF, ROLE_DOSSIER, h_unit_staff, 0},
	{HTTP_GET, "/api/v1/staff", RF_STAFF, ADMIN, h_staff_list, 0},
	{HTTP_POST, "/api/v1/staff", RF_STAFF | RF_JSON, ADMIN, h_staff_create, 0},
	{HTTP_PATCH, "/api/v1/staff/{username}", RF_STAFF | RF_JSON, ADMIN, h_staff_patch, 0},

	/* the procedure catalogue (specific paths before {code}) */
	{HTTP_GET, "/api/v1/fields", RF_PUBLIC, 0, h_fields, 0},
	{HTTP_PUT, "/api/v1/fields/{code}", RF_STAFF | RF_JSON, ADMIN, h_field_put, 0},
	{HTTP_GET, "/api/v1/procedures", RF_PUBLIC, 0, h_procedures, 0},
	{HTTP_GET, "/api/v1/procedures/export", RF_STAFF, ADMIN, h_procedures_export, 0},
	{HTTP_POST, "/api/v1/procedures/import", RF_STAFF, ADMIN, h_procedures_import, 4u << 20},
	{HTTP_GET, "/api/v1/procedures/{code}", RF_PUBLIC, 0, h_procedure, 0},
	{HTTP_PUT, "/api/v1/procedures/{code}", RF_STAFF | RF_JSON, ADMIN, h_procedure_put,
	 256u << 10},
	{HTTP_DELETE, "/api/v1/procedures/{code}", RF_STAFF, ADMIN, h_procedure_delete, 0},

	/* dossiers: intake, processing, return */
	{HTTP_POST, "/api/v1/dossiers", RF_STAFF | RF_JSON, ROLE_RECEPTION, h_dossier_create, 0},
	{HTTP_GET, "/api/v1/dossiers", RF_STAFF, ROLE_DOSSIER, h_dossiers, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}", RF_STAFF, ROLE_DOSSIER, h_dossier_get, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}/history", RF_STAFF, ROLE_DOSSIER, h_dossier_history, 0},
	{HTTP_POST, "/api/v1/dossiers/{code}/actions", RF_STAFF | RF_JSON, ROLE_DOSSIER,
	 h_dossier_action, 0},
	{HTTP_GET, "/api/v1/dossiers/{code}/attachments/{sha256}", RF_STAFF, ROLE_DOSSIER,
	 h_dossier_attachment, 0},
	/* statutory papers (HTML for A4, ?format=json the data; the book also CSV) */
	{HTTP_GET, "/api/v1/dossiers/{code}/forms/{kind}", RF_STAFF, ROLE_DOSSIER, h_dossier_form,
	 0},
	{HTTP_GET, "/api/v1/books/tracking", RF_STAFF, ROLE_DOSSIER, h_book_tracking, 0},

	/* citizens: online submission and public tracking (no personal data) */
	{HTTP_POST, "/api/v1/public/submissions", RF_PUBLIC | RF_JSON, 0, h_submission_create,
	 24u << 20},
	{HTTP_GET, "/api/v1/public/dossiers/{code}", RF_PUBLIC, 0, h_public_dossier, 0},

	/* the legal clock's calendar (specific paths before {year}) */
	{HTTP_GET, "/api/v1/calendar/rules", RF_STAFF, ANY_STAFF, h_calendar_rules, 0},
	{HTTP_PUT, "/api/v1/calendar/rules", RF_STAFF | RF_JSON, ADMIN, h_calendar_rules_put, 0},
	{HTTP_PUT, "/api/v1/calendar/days/{date}", RF_STAFF | RF_JSON, ADMIN, h_calendar_day_put,
	 0},
	{HTTP_DELETE, "/api/v1/calendar/days/{date}", RF_STAFF, ADMIN, h_calendar_day_delete, 0},
	{HTTP_GET, "/api/v1/calendar/{year}", RF_PUBLIC, 0, h_calendar_year, 0},
	{HTTP_GET, "/api/v1/calendar/{year}/export", RF_STAFF, ANY_STAFF, h_calendar_export, 0},
	{HTTP_POST, "/api/v1/calendar/{year}/import", RF_STAFF, ADMIN, h_calendar_import, 1u << 20},

	/* public information */
	{HTTP_GET, "/api/v1/public/centre", RF_PUBLIC, 0, h_public_centre, 0},

	/* tests only: 404 unless started with MOTCUA_TEST_CLOCK=1 */
	{HTTP_PUT, "/api/v1/_test/now", RF_PUBLIC | RF_JSON, 0, h_test_now, 0},
};

const size_t app_nroutes = sizeof app_routes / sizeof app_routes[0];
