/*
 * dossier.h — the one-stop core's contract: intake at the counter and
 * online, the actions that move a dossier, and the views of it (staff,
 * public, history, inbox). Rules come from core/dossier.h, time from
 * app/platform/clock.h.
 *
 * Services take plain arguments — the store (struct db *), the process
 * (struct app *: the legal calendar for clock_add/clock_plan, public_url),
 * who acts (const struct actor *), the instant `now` and a struct problem —
 * and return 0 or an enum err with the problem filled. Nothing here is of
 * HTTP: the handlers (dossier_http.c) parse, call a service, reply; the CLI
 * or a unit test calls the same functions. All SQL is in dossier_store.c.
 *
 * Personal data (the applicant's name, ID number, phone, e-mail, address)
 * appears only in staff views for the dossier-handling roles
 * (ROLE_DOSSIER); the public view and the audit trail never carry it.
 *
 * Threading: the write services (dossier_intake, dossier_submission_quota,
 * dossier_act, dossier_plan_steps) run inside a write transaction — on the
 * server, the writer thread's group commit; they never commit. The others
 * only read and run on any thread with that thread's connection.
 */
#ifndef MOTCUA_APP_DOSSIER_H
#define MOTCUA_APP_DOSSIER_H

#include <jansson.h>

#include "app/platform/app.h"
#include "app/platform/clock.h"
#include "core/dossier.h"
#include "core/jw.h"
#include "core/mem.h"

/* Ceilings of one dossier. */
#define DOSSIER_MAX_DOCS 60
#define DOSSIER_MAX_STEPS CLOCK_MAX_STEPS
#define DOSSIER_MAX_FILES 10
#define DOSSIER_FILE_MAX (5u << 20)
#define DOSSIER_FILES_TOTAL_MAX (15u << 20)
/* Rows of one inbox page, of one history. */
#define DOSSIER_INBOX_MAX 200
#define DOSSIER_HISTORY_MAX 512
/* A dossier code: "<agency e-ID>-YYMMDD-<sequence>". */
#define DOSSIER_CODE_CAP 96
/* Submissions a client address may make in the window. */
#define DOSSIER_SUBMIT_WINDOW_S 3600

struct applicant {
	const char *kind; /* "person" | "organization" */
	const char *name, *fold, *id_number, *phone, *email, *address, *org_name, *tax_code;
};

/* The person who submits on the applicant's behalf (Mẫu 01's block "Người
 * được ủy quyền"): name, identification number and the authorisation are
 * required, the contact optional. */
struct agent {
	const char *name, *id_number, *address, *phone, *email, *document;
};

struct intake_doc {
	long long id;
	const char *form;
	long long count;
};

struct intake_file {
	const char *name;
	const char *mime;
	unsigned char *data; /* malloc'd, freed by intake_free */
	size_t len;
	char sha256[65];
	long long document_id; /* 0 = not tied to a document */
};

/*
 * A validated intake (counter) or submission (online). The handler fills
 * the request's part (applicant … files, online); dossier_intake_procedure,
 * dossier_intake_documents and dossier_intake_plan resolve the rest before
 * the write; dossier_intake writes it and fills code/row_id.
 */
struct intake {
	struct applicant ap;
	int has_agent;
	struct agent agent;
	const char *procedure;
	const char *variant;   /* time_limit_variant: a code of the procedure's, or NULL */
	long long guidance_id; /* the guidance this dossier follows, or 0 */
	long long ticket;      /* counter: the queue ticket (internal id) taken in, or 0 */
	const char *channel, *return_method;
	int ndocs;
	struct intake_doc docs[DOSSIER_MAX_DOCS];
	int nfiles;
	struct intake_file files[DOSSIER_MAX_FILES];
	int online;
	/* the province model: the receiving centre (request "receiving_agency",
	 * an agency code; NULL: the officer's own agency) and the officer's
	 * unit (set by the handler, 0 online) */
	const char *receiving_agency;
	long long officer_unit;
	/* request "agency": the competent agency chosen among the procedure's
	 * implementing agencies (an agency code; NULL: the rule of D29) */
	const char *agency;
	/* resolved from the catalogue: agency_id is the competent agency (D29:
	 * "agency" when given; else the receiving agency when it implements the
	 * procedure; else the procedure's own agency, or the home agency);
	 * received_agency_id the receiving agency when it is another (0: the
	 * competent agency received it) */
	long long procedure_id, agency_id, received_agency_id;
	long long received_counter; /* the receiving agency's counter unit */
	char procedure_name[512];
	double limit_value; /* the variant's when one is chosen */
	char limit_unit[16];
	char variant_name[256];
	int cutoff;      /* the procedure's 15:00 cut-off setting */
	long long field; /* the procedure's field (the book's volume) */
	char field_code[32];
	int nsteps;
	double shares[DOSSIER_MAX_STEPS];
	long long step_unit[DOSSIER_MAX_STEPS];
	unsigned char step_may_complete[DOSSIER_MAX_STEPS];
	char *step_name[DOSSIER_MAX_STEPS]; /* in the arena given to dossier_intake_procedure */
	/* the instant of the intake: the plan is made from it, and it is the
	 * `now` to give dossier_intake (so received_at and the plan agree) */
	int64_t now;
	struct clock_plan plan; /* counter intake: planned before the write */
	/* issued by dossier_intake */
	char code[DOSSIER_CODE_CAP];
	long long row_id;    /* ds_row_id() of the code, 0 if out of its range */
	char centre[3][320]; /* the centre's name, address, phone (for the notice) */
	/* counter intake: the receiving centre's book entry, written with the
	 * dossier row (online: taken at acceptance) */
	char book_volume[64];
	long long book_entry;
	/* the e-ID of the agency that issues the code (the receiving centre),
	 * read with the catalogue before the write */
	char issuer_eid[64];
};

/* Free what the handler malloc'd (file data). */
void intake_free(struct intake *in);

/* Resolve in->procedure (active), the competent and the receiving agency
 * (docs/DECISIONS.md D27, D29), the procedure's steps run by the competent
 * agency's units (the catalogue's unit codes), and the lawful variant of
 * its time limit in->variant names (the limit and the step shares are then
 * the variant's: shares scaled to the variant's limit). Step names are
 * copied into a. 0, or ERR_VALIDATION (procedure, agency, receiving agency
 * or variant unknown; agency not implementing the procedure) / ERR_CONFLICT
 * (no centre, no steps, no counter, the competent agency lacks a unit) with
 * p filled. */
int dossier_intake_procedure(struct db *db, struct intake *in, struct arena *a, struct problem *p);
/* The guidance a counter dossier cites (in->guidance_id, 0 = none): it must
 * exist, be for the same procedure and not be cited by another dossier yet
 * (guidance_citable). 0 or ERR_VALIDATION (guidance_id). */
int dossier_intake_guidance(struct db *db, struct intake *in, struct problem *p);
/* Check in->docs against the procedure: every id belongs to it and every
 * mandatory document is listed. Field names in p live in a. 0 or
 * ERR_VALIDATION. */
int dossier_intake_documents(struct db *db, struct intake *in, struct arena *a, struct problem *p);
/* Set in->now; at the counter (not online) also plan the deadlines from it
 * (in->plan). 0 or ERR_CONFLICT. */
int dossier_intake_plan(struct app *a, int64_t now, struct intake *in, struct problem *p);

/*
 * Write the intake in the current transaction: issue the code (the daily
 * sequence of the agency), the dossier, its documents, (counter) its steps
 * or (online) its attachments, the history event, the audit record and
 * (counter, with an e-mail address) the receipt notice in the outbox.
 * now must be in->now. *out: {code, status, received_at, due_at} (counter)
 * or {code, status, submitted_at} (online), a new reference. *mailed is set
 * to 1 when mail was queued (wake the sender after the commit). 0 or an
 * enum err with p filled.
 */
int dossier_intake(struct db *db, struct app *a, const struct actor *who, int64_t now,
		   struct intake *in, struct problem *p, json_t **out, int *mailed);

/* Enter a received dossier in the tracking book (Mẫu 07 Sổ theo dõi hồ
 * sơ): one volume per field and year ("HT-2026"), entries numbered from 1
 * in the order of receipt, taken in the write transaction. field_code NULL:
 * the dossier's procedure's. 0 or -1 (store error). */
int dossier_book_entry(struct db *db, long long dossier_id, const char *field_code,
		       int64_t received);

/* Count one online submission from client_key (a hashed address) in the
 * current window of DOSSIER_SUBMIT_WINDOW_S; 0 while within per_window,
 * else ERR_THROTTLED with p filled (retry_after set). The count is written
 * either way: on ERR_THROTTLED commit, do not roll back. */
int dossier_submission_quota(struct db *db, const char *client_key, int64_t now, int per_window,
			     struct problem *p);

/* Plan and insert the steps of a dossier accepted at `received` by
 * actor_id; sets the dossier's clock_start/due_at/original_due_at/
 * current_step. *due_out: the due instant. 0 or an enum err. */
int dossier_plan_steps(struct app *a, struct db *db, long long dossier_id, long long procedure_id,
		       int64_t received, long long actor_id, int64_t *due_out, struct problem *p);

/* An action on a dossier (see core/dossier.h for the rules). */
struct action_req {
	const char *code; /* the dossier */
	enum ds_action action;
	long long version; /* 0 = unconditional; else 409 version_conflict if stale */
	const char *to;    /* forward: username (NULL: the least loaded officer) */
	const char *reason, *note, *summary, *receiver_name, *method;
	const char *legal_basis; /* refuse, withdraw: optional */
	json_t *items;           /* request_supplement: array of strings (borrowed) */
	int64_t new_due_at;      /* apologize */
};

/*
 * Take action ar on dossier ar->code as `who` at `now`, in the current
 * transaction: the rules (ds_may_act: roles and step ownership; ds_check:
 * the state and the once-only guards; the version), the effect on the
 * dossier and its steps, the history event, the audit record and the
 * citizen's notice. *view: the staff view after the action (new
 * reference). *mailed as for dossier_intake. 0 or an enum err with p
 * filled (404 not_found, 409 version_conflict/…, 403 forbidden/
 * not_your_step, 422 validation/not_in_unit).
 */
int dossier_act(struct db *db, struct app *a, const struct actor *who, int64_t now,
		const struct action_req *ar, struct problem *p, json_t **view, int *mailed);

/* The staff view of a dossier: everything, with what `viewer` may do now
 * (allowed_actions, my_step). 0 or ERR_NOT_FOUND; *out a new reference. */
int dossier_view(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		 const char *code, struct problem *p, json_t **out);
/* The public view written into w (no personal data; supplement items typed
 * by staff are masked). 0, ERR_NOT_FOUND or ERR_INTERNAL (w failed). */
int dossier_public_view(struct db *db, struct app *a, int64_t now, const char *code, struct jw *w,
			struct problem *p);
/* The control sheet's hand-overs: {code, items:[…]}. 0 or ERR_NOT_FOUND. */
int dossier_history(struct db *db, const struct actor *viewer, const char *code, struct problem *p,
		    json_t **out);
/*
 * The province model's scope: 1 if the viewer may see the dossier — a
 * province officer sees every agency's; any other officer the dossiers of
 * the agency of his unit (an officer of no unit: the home agency's), as the
 * competent agency or as the receiving centre. Out of scope, the services
 * answer 404 (not 403), so a code is never confirmed.
 */
int dossier_in_scope(struct db *db, const struct actor *viewer, const char *code);
/* The agency of the viewer's unit (no unit: the home agency); 0 if none. */
long long dossier_viewer_agency(struct db *db, const struct actor *viewer);
/* The share of the limit the transport step takes when the competent agency
 * is not the receiving one (in the limit's unit; see docs/DECISIONS.md). */
double dossier_transport_share(const char *limit_unit);

/* The staff inbox: a filter of the dossiers. */
struct inbox_query {
	const char *status;   /* "open", "all" or a status (checked by dossier_inbox) */
	const char *assignee; /* "me", a username or NULL */
	const char *unit;     /* "mine", a home unit code or NULL (the current step's) */
	const char *field;    /* field code or NULL */
	const char *q;        /* code prefix or part of the applicant's name, or NULL */
	int overdue;
	long long limit, offset;
};
/* {items, total, day_working_seconds, now}. 0 or ERR_BAD_REQUEST (status).
 * The folded q is written into a. */
int dossier_inbox(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		  const struct inbox_query *q, struct arena *ar, struct problem *p, json_t **out);

/* An attachment of a dossier, by its SHA-256. */
struct attachment_blob {
	char *data; /* malloc'd: the caller frees (or hands to http_reply) */
	size_t len;
	char mime[64];
};
int dossier_attachment(struct db *db, const struct actor *viewer, const char *code,
		       const char *sha256, struct attachment_blob *out, struct problem *p);

/* The data notify_dossier() needs (code, procedure, applicant name/e-mail,
 * times, reasons); NULL if there is no such dossier. */
json_t *dossier_notice_json(struct db *db, long long dossier_id);

#endif
