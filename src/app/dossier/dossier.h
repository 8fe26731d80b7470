/*
 * dossier.h — the one-stop core: intake at the counter and online, the
 * actions that move a dossier, and the views of it (staff, public, history,
 * inbox). Rules come from core/dossier.h, time from app/clock.h.
 *
 * Personal data (the applicant's name, ID number, phone, e-mail, address)
 * appears only in staff views for the dossier-handling roles
 * (ROLE_DOSSIER); the public view and the audit trail never carry it.
 */
#ifndef MOTCUA_APP_DOSSIER_H
#define MOTCUA_APP_DOSSIER_H

#include <jansson.h>

#include "app/platform/ctx.h"
#include "app/platform/clock.h"
#include "core/dossier.h"
#include "core/jw.h"

#define DOSSIER_MAX_DOCS 60
#define DOSSIER_MAX_STEPS 20
#define DOSSIER_MAX_FILES 10
#define DOSSIER_FILE_MAX (5u << 20)
#define DOSSIER_FILES_TOTAL_MAX (15u << 20)

struct applicant {
	const char *kind; /* "person" | "organization" */
	const char *name, *fold, *id_number, *phone, *email, *address, *org_name, *tax_code;
};

struct intake_doc {
	long long id;
	const char *form;
	long long count;
};

struct intake_file {
	const char *name;
	const char *mime;
	unsigned char *data; /* malloc'd, freed with the intake */
	size_t len;
	char sha256[65];
	long long document_id; /* 0 = not tied to a document */
};

/* A validated intake (counter) or submission (online), ready for the writer. */
struct intake {
	struct applicant ap;
	const char *procedure;
	const char *channel, *return_method;
	int ndocs;
	struct intake_doc docs[DOSSIER_MAX_DOCS];
	int nfiles;
	struct intake_file files[DOSSIER_MAX_FILES];
	int online;
	/* resolved from the catalogue */
	long long procedure_id, agency_id;
	char procedure_name[512];
	double limit_value;
	char limit_unit[16];
	int nsteps;
	double shares[DOSSIER_MAX_STEPS];
	long long step_unit[DOSSIER_MAX_STEPS];
	unsigned char step_may_complete[DOSSIER_MAX_STEPS];
	char *step_name[DOSSIER_MAX_STEPS]; /* arena */
	/* computed */
	int64_t now;
	long long actor_id;
	struct clock_plan plan; /* counter intake: planned on the HTTP thread */
	char code[96];
	long long row_id;    /* ds_row_id() of the code, 0 if out of its range */
	char centre[3][320]; /* the centre's name, address, phone (for the notice) */
};

/* Validate the applicant object at field prefix "applicant". */
int applicant_parse(struct ctx *c, json_t *obj, struct applicant *ap, int online);
/* Validate and resolve body → in (procedure, documents, files). 0 or -1
 * (c->prob set). */
int intake_parse(struct ctx *c, struct intake *in, int online);
/* Free what intake_parse malloc'd (file data). */
void intake_free(struct intake *in);

/* Writer-thread functions (app_write). */
int intake_counter_fn(struct ctx *c, struct db *db);
int intake_online_fn(struct ctx *c, struct db *db);

/* Plan and insert the steps of a dossier accepted at `received`; sets the
 * dossier's clock_start/due_at/original_due_at/current_step. */
int dossier_plan_steps(struct app *a, struct db *db, long long dossier_id, long long procedure_id,
		       int64_t received, long long actor_id, int64_t *due_out, struct problem *p);

/* Views. NULL if there is no such dossier. */
json_t *dossier_staff_json(struct app *a, struct db *db, const char *code, unsigned roles,
			   long long viewer_id, long long viewer_unit);
/* The public view of a dossier written into w: 1 written, 0 no such
 * dossier, -1 failure. */
int dossier_public_write(struct app *a, struct db *db, const char *code, struct jw *w);
json_t *dossier_history_json(struct db *db, const char *code);
/* The data notify_dossier() needs (code, procedure, applicant name/e-mail,
 * times, reasons). */
json_t *dossier_notice_json(struct db *db, long long dossier_id);

/* Actions. */
struct action_req {
	enum ds_action action;
	long long version; /* 0 = unconditional */
	const char *to;    /* forward: username */
	const char *reason, *note, *summary, *receiver_name, *method;
	json_t *items;      /* request_supplement: array of strings (borrowed) */
	int64_t new_due_at; /* apologize */
};
int action_parse(struct ctx *c, struct action_req *ar);
int action_fn(struct ctx *c, struct db *db);

/* Record an event of the history inside the transaction. */
int dossier_event(struct db *db, long long dossier_id, int64_t at, const char *action,
		  long long actor_id, const char *from_status, const char *to_status, int from_step,
		  int to_step, long long to_staff, const char *outcome, const char *note);

#endif
