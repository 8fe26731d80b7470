/*
 * dossier_parse.h — the dossier handlers' input validation (dossier_parse.c),
 * private to src/app/dossier/. Each returns 0, or -1 with c->prob set.
 */
#ifndef MOTCUA_APP_DOSSIER_PARSE_H
#define MOTCUA_APP_DOSSIER_PARSE_H

#include "app/dossier/dossier.h"
#include "app/platform/ctx.h"

/* Validate the applicant object at field prefix "applicant". */
int applicant_parse(struct ctx *c, json_t *obj, struct applicant *ap, int online);
/* Validate the body into in and resolve it through the services
 * (procedure, documents, files; at the counter the plan). */
int intake_parse(struct ctx *c, struct intake *in, int online);
/* Validate an action's body; ar->code is the route's {code}. */
int action_parse(struct ctx *c, struct action_req *ar);

#endif
