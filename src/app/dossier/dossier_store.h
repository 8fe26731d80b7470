/*
 * dossier_store.h — the dossier domain's store, private to src/app/dossier/:
 * every statement the domain runs, as small functions (dossier_store.c).
 *
 * Functions that return a struct db_stmt * give a statement positioned on
 * its first row (or, for lists, bound and ready for db_step): the caller
 * reads the columns named by the enum beside the function and ends it with
 * db_done(). This keeps the hot reads (public tracking) free of copies.
 * Functions returning int: 0 (or 1 = found) on success, -1 on a store error.
 */
#ifndef MOTCUA_APP_DOSSIER_STORE_H
#define MOTCUA_APP_DOSSIER_STORE_H

#include "app/dossier/dossier.h"
#include "db/db.h"

/* Small helpers both store files use. */
/* 0 is "none": SQL NULL */
static inline struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

/* A statement of one row: positioned on it, or ended and NULL. */
static inline struct db_stmt *one_row(struct db_stmt *st)
{
	if (db_step(st) == DB_ROW)
		return st;
	db_done(st);
	return NULL;
}

/* The first column of the one row as an integer, or dflt. */
static inline long long one_int(struct db_stmt *st, long long dflt)
{
	long long v = db_step(st) == DB_ROW ? db_col_int(st, 0) : dflt;
	db_done(st);
	return v;
}

static inline int ok(int rc)
{
	return rc == DB_OK ? 0 : -1;
}

/* --- intake -------------------------------------------------------------- */

/* The active procedure in->procedure: fills procedure_id, procedure_name,
 * limit_value, limit_unit, cutoff, field, field_code. 1 found, 0 not. */
int dstore_procedure(struct db *db, struct intake *in);
/* A lawful variant of the procedure's time limit by its code: its limit
 * and name. 1 found, 0 not. */
int dstore_variant(struct db *db, long long procedure_id, const char *code, double *value,
		   char *unit, size_t unit_cap, char *name, size_t name_cap);
/* The procedure of a guidance, 0 if there is no such guidance. */
long long dstore_guidance_procedure(struct db *db, long long guidance_id);
/* Take the next entry number of a volume of the book (Mẫu 07) of the agency
 * that received the dossier (received_agency_id, else agency_id). */
int dstore_next_book_entry(struct db *db, long long dossier_id, const char *volume,
			   long long *entry);
int dstore_set_book(struct db *db, long long id, const char *volume, long long entry);
/* Counter intake: the next sequence number of (agency, day) and the next
 * entry of the agency's book volume together (both numbers taken before the
 * dossier row exists: the entry goes into that row). */
int dstore_next_numbers(struct db *db, long long agency_id, int day, const char *volume,
			long long *seq, long long *entry);
/* The field code of a dossier's procedure into code. 1 found, 0 not. */
int dstore_dossier_field(struct db *db, long long id, char *code, size_t cap);
/* The limit a dossier was taken in with (the variant's if one was chosen)
 * and its cut-off setting. 1 found, 0 not. */
int dstore_dossier_limit(struct db *db, long long id, double *value, char *unit, size_t unit_cap,
			 int *cutoff);
/* The dossier's competent agency (dossier.agency_id), 0 if none. */
long long dstore_dossier_agency(struct db *db, long long dossier_id);
/* The home centre's agency id, 0 if none. */
long long dstore_home_agency(struct db *db);
enum { PS_NAME, PS_UNIT, PS_SHARE, PS_MAY_COMPLETE, PS_UNIT_CODE };
/* The catalogue steps of a procedure, in order (columns PS_*), each step's
 * unit mapped to the unit of the same code in agency_id (the competent
 * agency, D29): PS_UNIT is 0 when that agency has no such unit (PS_UNIT_CODE
 * names the catalogue's unit). */
struct db_stmt *dstore_procedure_steps(struct db *db, long long procedure_id, long long agency_id);
/* 1 if the agency implements the procedure: it is the procedure's own agency
 * (procedure.agency_id) or one of procedure_agency's; 0 if not. */
int dstore_procedure_implements(struct db *db, long long procedure_id, long long agency_id);
enum { PD_ID, PD_NAME, PD_MANDATORY };
/* The active documents of a procedure, in order (columns PD_*). */
struct db_stmt *dstore_procedure_documents(struct db *db, long long procedure_id);
/* A procedure's time limit. 1 found, 0 not. */
int dstore_procedure_limit(struct db *db, long long procedure_id, double *value, char *unit,
			   size_t unit_cap);
/* The agency's e-ID (or its code when it has none) into eid. */
/* The agency's e-ID (its code when it has none) into eid, and when centre is
 * not NULL the centre's name, address and phone (for the receipt e-mail). */
void dstore_agency_eid(struct db *db, long long agency_id, char *eid, size_t cap,
		       char centre[3][320]);
/* Take the next sequence number of (agency, day). */
int dstore_next_seq(struct db *db, long long agency_id, int day, long long *seq);
/* Insert the dossier of in (code, row_id issued) received (counter) or
 * submitted (online) at now by actor_id, with its receiving agency and, at
 * the counter, its book entry; *id its row id. */
int dstore_insert_dossier(struct db *db, const struct intake *in, int64_t now, long long actor_id,
			  long long *id);
/* The n documents handed in (one statement). */
int dstore_insert_documents(struct db *db, long long dossier_id, int n, const struct intake_doc *d);
/* Insert the planned steps (one statement); step 1 starts at `received`
 * with actor_id. */
int dstore_insert_steps(struct db *db, long long dossier_id, int n, char *const *names,
			const long long *units, const unsigned char *may_complete,
			const struct clock_plan *plan, int64_t received, long long actor_id);
/* Store a file (once per content) and tie it to the dossier. */
int dstore_insert_file(struct db *db, long long dossier_id, const struct intake_file *f,
		       int64_t now);
/* The plan of an accepted dossier (dossier_plan_steps). */
int dstore_set_plan(struct db *db, long long id, int64_t received, const struct clock_plan *plan,
		    long long actor_id, double limit_value, const char *limit_unit);

/* One event of the history (0 values and NULL texts are stored as NULL). */
int dstore_event(struct db *db, long long dossier_id, int64_t at, const char *action,
		 long long actor_id, const char *from_status, const char *to_status, int from_step,
		 int to_step, long long to_staff, const char *outcome, const char *note);

/* --- actions ------------------------------------------------------------- */

/* The dossier row as the actions need it. */
struct drow {
	long long id, procedure_id, assignee, version;
	long long agency_id; /* the competent agency: its hours (D30) */
	enum ds_status status, paused_from;
	int step, nsteps, supplement_count, apology_count;
	int64_t due, paused_at, received_at;
	char code[DOSSIER_CODE_CAP];
	char email_present;
	/* the current step */
	long long step_unit;
	int64_t step_due;
	int step_open;
	int may_complete;
	/* the counter: the unit of the first step (planned or in the catalogue) */
	long long counter_unit;
};
/* 1 found, 0 not. */
int dstore_load(struct db *db, const char *code, struct drow *d);

int dstore_finish_step(struct db *db, long long id, int pos, int64_t now, long long handler,
		       const char *outcome);
/* (Re)open step pos at now with handler (0 = none). */
int dstore_start_step(struct db *db, long long id, int pos, int64_t now, long long handler);
/* Step pos back to not started. */
int dstore_reset_step(struct db *db, long long id, int pos);
/* Who handled step pos (0 = nobody). */
long long dstore_step_handler(struct db *db, long long id, int pos);
/* The unit of step pos (0 if none) and its deadline (due may be NULL). */
long long dstore_step_unit(struct db *db, long long id, int pos, int64_t *due);
/* The open steps' positions and deadlines, in order; returns how many
 * (at most max). */
int dstore_open_steps(struct db *db, long long id, int *pos, int64_t *due, int max);
int dstore_set_step_due(struct db *db, long long id, int pos, int64_t due);
/* The last step's deadline. */
int dstore_set_last_step_due(struct db *db, long long id, int64_t due);
/* Steps after `after` and before `before` that are open become skipped. */
int dstore_skip_steps(struct db *db, long long id, int after, int before, int64_t now);
/* The least loaded active officer of a unit, 0 if none. */
long long dstore_default_officer(struct db *db, long long unit_id);
/* An active officer by username: 1 found (id, unit), 0 not. */
int dstore_officer(struct db *db, const char *username, long long *id, long long *unit);

/* paused: stop the clock at now (it runs in the current status). */
int dstore_request_supplement(struct db *db, long long id, int64_t now, int paused,
			      const char *from_status, const char *reason, const char *items);
/* has_due: set due_at to due (else NULL). */
int dstore_supplemented(struct db *db, long long id, int64_t now, const char *note, int has_due,
			int64_t due, int64_t paused);
int dstore_refused(struct db *db, long long id, int64_t now, const char *reason, const char *basis);
int dstore_withdrawn(struct db *db, long long id, int64_t now, const char *reason,
		     const char *basis);
int dstore_set_result(struct db *db, long long id, int64_t now, const char *summary);
int dstore_apologize(struct db *db, long long id, int64_t now, const char *reason, int early,
		     int64_t new_due);
int dstore_returned(struct db *db, long long id, int64_t now, const char *receiver,
		    const char *method);
/* status, current step (0 = NULL), assignee (0 = NULL), version + 1. */
int dstore_set_state(struct db *db, long long id, const char *status, int step, long long assignee,
		     int64_t now);

/* --- views --------------------------------------------------------------- */

/* A staff member's username and full name: positioned, or NULL. */
struct db_stmt *dstore_staff(struct db *db, long long id);
/* A staff member's id by username, -1 if none. */
long long dstore_staff_id(struct db *db, const char *username);
/* A home unit's id by code, -1 if none. */
long long dstore_home_unit(struct db *db, const char *code);
/* unit, may_complete and deadline of step pos. 1 found, 0 not. */
int dstore_step_facts(struct db *db, long long id, int pos, long long *unit, int *may_complete,
		      int64_t *due);
/* The unit of the dossier's procedure's first catalogue step, mapped to the
 * dossier's competent agency (its unit of the same code), 0 if none. */
long long dstore_counter_plan(struct db *db, long long dossier_id);
/* 1 if a dossier has this code. */
int dstore_exists(struct db *db, const char *code);

enum {
	C_ID,
	C_CODE,
	C_STATUS,
	C_PCODE,
	C_PNAME,
	C_FCODE,
	C_FNAME,
	C_LVAL,
	C_LUNIT,
	C_CHANNEL,
	C_RMETHOD,
	C_SUBMITTED,
	C_RECEIVED,
	C_CLOCK,
	C_DUE,
	C_ODUE,
	C_PAUSED,
	C_SUPCOUNT,
	C_SUPREASON,
	C_SUPITEMS,
	C_SUPAT,
	C_SUPDONE,
	C_APOLAT,
	C_APOLREASON,
	C_APOLEARLY,
	C_REFAT,
	C_REFREASON,
	C_WDAT,
	C_WDREASON,
	C_RESULT,
	C_RESAT,
	C_FINISHED,
	C_RETAT,
	C_RETTO,
	C_RETMETHOD,
	C_STEP,
	C_ASSIGNEE,
	C_RECBY,
	C_VERSION,
	C_AKIND,
	C_ANAME,
	C_AID,
	C_APHONE,
	C_AEMAIL,
	C_AADDR,
	C_ORG,
	C_TAX,
	C_SUPNOTE,
	C_APOLCOUNT,
	C_PAUSEDTOTAL,
	C_APOLPREV,
	C_PROCID,
	C_AGENCY
};
/* The staff row (columns C_*): positioned, or NULL. */
struct db_stmt *dstore_staff_row(struct db *db, const char *code);
enum {
	DX_VARIANT,
	DX_VARIANT_NAME,
	DX_CUTOFF,
	DX_AGENT_NAME,
	DX_AGENT_ID,
	DX_AGENT_ADDRESS,
	DX_AGENT_PHONE,
	DX_AGENT_EMAIL,
	DX_AGENT_DOCUMENT,
	DX_BOOK_VOLUME,
	DX_BOOK_ENTRY,
	DX_REFUSE_BASIS,
	DX_WITHDRAW_BASIS,
	DX_GUIDANCE,
	DX_REFUSED_FROM,
	DX_REFUSER,
	DX_REFUSER_TITLE,
	DX_REFUSER_UNIT
};
/* What only the staff view shows beside DOSSIER_COLS (columns DX_*): the
 * variant, the cut-off, the authorised person, the book entry, legal bases,
 * the guidance followed and who refused. */
struct db_stmt *dstore_staff_extra(struct db *db, long long id);

enum {
	SS_POS,
	SS_NAME,
	SS_UCODE,
	SS_UNAME,
	SS_DUE,
	SS_STARTED,
	SS_FINISHED,
	SS_OUTCOME,
	SS_HANDLER,
	SS_AGENCY /* the unit's agency: code, then name */
};
/* A dossier's steps with their units, in order (columns SS_*). */
struct db_stmt *dstore_steps(struct db *db, long long id);
enum { SD_ID, SD_NAME, SD_FORM, SD_COUNT, SD_MANDATORY };
struct db_stmt *dstore_documents(struct db *db, long long id);
enum { SA_NAME, SA_MIME, SA_SIZE, SA_SHA, SA_DOC };
struct db_stmt *dstore_attachments(struct db *db, long long id);

enum {
	P_ID,
	P_CODE,
	P_STATUS,
	P_PCODE,
	P_PNAME,
	P_FCODE,
	P_FNAME,
	P_LVAL,
	P_LUNIT,
	P_CHANNEL,
	P_RMETHOD,
	P_SUBMITTED,
	P_RECEIVED,
	P_DUE,
	P_ODUE,
	P_PAUSED,
	P_SUPITEMS,
	P_SUPAT,
	P_SUPDONE,
	P_RESAT,
	P_FINISHED,
	P_RETAT,
	P_STEP,
	P_APOLCOUNT,
	P_PROCID,
	P_ANAME,
	P_AGENCY
};
/* The public row of code (columns P_*; applicant name only to mask it):
 * by its computed row id when the code has the usual shape, else (or when
 * not there) by the code index. Positioned, or NULL. */
struct db_stmt *dstore_public_row(struct db *db, const char *code);
enum { PST_POS, PST_NAME, PST_UCODE, PST_UNAME, PST_DUE, PST_STARTED, PST_FINISHED, PST_OUTCOME };
/* The steps for the public view (columns PST_*, no people). */
struct db_stmt *dstore_public_steps(struct db *db, long long id);
/* 1 if name is one of the procedure's documents (catalogue text). */
int dstore_is_document(struct db *db, long long procedure_id, const char *name);

enum {
	H_AT,
	H_ACTION,
	H_FROM_STATUS,
	H_TO_STATUS,
	H_FROM_STEP,
	H_TO_STEP,
	H_ACTOR,
	H_TO_STAFF,
	H_OUTCOME,
	H_NOTE,
	H_FROM_STEP_NAME,
	H_FROM_UNIT,
	H_TO_STEP_NAME,
	H_TO_UNIT
};
/* A dossier's history, oldest first (columns H_*). */
struct db_stmt *dstore_history(struct db *db, const char *code);

enum {
	I_CODE,
	I_PCODE,
	I_PNAME,
	I_FCODE,
	I_FNAME,
	I_STATUS,
	I_ANAME,
	I_RECEIVED,
	I_DUE,
	I_PAUSED,
	I_STEP,
	I_STEP_NAME,
	I_UCODE,
	I_UNAME,
	I_STEP_DUE,
	I_ASSIGNEE,
	I_SUBMITTED,
	I_CHANNEL,
	I_VERSION,
	I_AGENCY
};
/* The inbox filter as the store binds it. */
struct inbox_filter {
	const char *status, *field, *q, *fold;
	long long assignee, unit_id;
	long long agency_id; /* 0: every agency (province role) */
	int overdue;
	int64_t now;
	long long limit, offset;
};
/* One page of the inbox (columns I_*), and the count of all that match. */
/* The province model. 0 when not found. */
long long dstore_agency_by_code(struct db *db, const char *code);
long long dstore_unit_agency(struct db *db, long long unit_id);
/* 1 if an officer of agency `own` receives for agency `recv` (D29): the same
 * agency, or `own` a province-level agency and `recv` one under it. */
int dstore_agency_serves(struct db *db, long long own, long long recv);
/* A unit of the agency by its code; -1 if none. */
long long dstore_agency_unit(struct db *db, long long agency_id, const char *code);
void dstore_agency_name(struct db *db, long long agency_id, char *name, size_t cap);
/* The agency's counter unit (unit.is_counter). */
long long dstore_agency_counter(struct db *db, long long agency_id);
int dstore_set_received_agency(struct db *db, long long dossier_id, long long agency_id);
/* 1 if the dossier is the agency's (competent or receiving). */
int dstore_in_scope(struct db *db, const char *code, long long agency_id);
/* Competent (AG_*) and receiving (AG_R*) agency of a dossier: positioned or
 * NULL. The receiving agency is the competent one when none is recorded. */
enum {
	AG_CODE,
	AG_NAME,
	AG_EID,
	AG_CENTRE,
	AG_ADDRESS,
	AG_PHONE,
	AG_RCODE,
	AG_RNAME,
	AG_REID,
	AG_RCENTRE,
	AG_RADDRESS,
	AG_RPHONE
};
struct db_stmt *dstore_dossier_agencies(struct db *db, long long dossier_id);
struct db_stmt *dstore_inbox(struct db *db, const struct inbox_filter *f);
long long dstore_inbox_count(struct db *db, const struct inbox_filter *f);
/* The statement the inbox (count 0) or its count (1) runs for the filter:
 * one static string per shape of filter (for the tests' query plans). */
const char *dstore_inbox_sql(const struct inbox_filter *f, int count);

enum { AT_MIME, AT_DATA };
/* An attachment of a dossier (columns AT_*): positioned, or NULL. */
struct db_stmt *dstore_attachment(struct db *db, const char *code, const char *sha256);

enum {
	N_CODE,
	N_PCODE,
	N_PNAME,
	N_ANAME,
	N_AEMAIL,
	N_RECEIVED,
	N_DUE,
	N_RMETHOD,
	N_SUPREASON,
	N_SUPITEMS,
	N_REFREASON,
	N_APOLREASON,
	N_CENTRE,
	N_CADDR,
	N_CPHONE,
	N_RESULT,
	N_AKIND,
	N_ORGNAME,
	N_WDREASON,
	N_REFBASIS,
	N_WDBASIS
};
/* What a notice to the applicant needs (columns N_*): positioned, or NULL. */
struct db_stmt *dstore_notice_row(struct db *db, long long id);

#endif
