/*
 * handlers.h — every HTTP handler, for the route table (routes.c).
 */
#ifndef MOTCUA_APP_HANDLERS_H
#define MOTCUA_APP_HANDLERS_H

#include "app/app.h"
#include "app/session.h"

enum http_result h_healthz(struct ctx *c);
enum http_result h_public_centre(struct ctx *c);
enum http_result h_test_now(struct ctx *c);

/* organisation and accounts (h_staff.c) */
enum http_result h_units(struct ctx *c);
enum http_result h_unit_staff(struct ctx *c);
enum http_result h_staff_list(struct ctx *c);
enum http_result h_staff_create(struct ctx *c);
enum http_result h_staff_patch(struct ctx *c);
enum http_result h_me_password(struct ctx *c);

/* the procedure catalogue (h_catalogue.c) */
enum http_result h_fields(struct ctx *c);
enum http_result h_field_put(struct ctx *c);
enum http_result h_procedures(struct ctx *c);
enum http_result h_procedure(struct ctx *c);
enum http_result h_procedure_put(struct ctx *c);
enum http_result h_procedure_delete(struct ctx *c);
enum http_result h_procedures_export(struct ctx *c);
enum http_result h_procedures_import(struct ctx *c);

/* the calendar: days off, make-up days, rules (h_calendar.c) */
enum http_result h_calendar_year(struct ctx *c);
enum http_result h_calendar_export(struct ctx *c);
enum http_result h_calendar_import(struct ctx *c);
enum http_result h_calendar_day_put(struct ctx *c);
enum http_result h_calendar_day_delete(struct ctx *c);
enum http_result h_calendar_rules(struct ctx *c);
enum http_result h_calendar_rules_put(struct ctx *c);

/* dossiers (h_dossier.c) */
enum http_result h_dossier_create(struct ctx *c);
enum http_result h_submission_create(struct ctx *c);
enum http_result h_dossiers(struct ctx *c);
enum http_result h_dossier_get(struct ctx *c);
enum http_result h_dossier_history(struct ctx *c);
enum http_result h_dossier_action(struct ctx *c);
enum http_result h_dossier_attachment(struct ctx *c);
enum http_result h_public_dossier(struct ctx *c);

/* statutory papers on A4 (forms.c, book.c) */
enum http_result h_dossier_form(struct ctx *c);
enum http_result h_book_tracking(struct ctx *c);

#endif
