/*
 * reception.h — leaders' reception days and the reception book as a
 * contract (issue 13 items 1, 2; DOMAIN.md §4.1; DECISIONS D36).
 *
 * Reception days: an agency publishes sessions (the leader who receives,
 * date and time, place, regular / periodic / ad hoc, in person / online).
 * The personal reception duty per leader role (reception_duty: e.g. the
 * commune chairman at least 1 day a week, Law 42/2013 Art. 15) is
 * configurable; reception_warnings names every week or month of a period
 * in which an agency's schedule falls short of it. Citizens register in
 * advance for a session (name, contact, short subject), at most `capacity`
 * per session (409 session_full); they get a confirmation code (RC-XXXX-XXXX,
 * random). The public schedule carries no personal data (the leader is a
 * public official; registrants never appear).
 *
 * The reception book (form 03/TCD): each visit a numbered row of its agency's
 * book; a visit with mixed content is split into its matters, each of which
 * becomes a petition (petition.h, channel "reception") linked to the visit.
 * The visitors' identity (name, address, ID number) is shown only to the
 * roles that handle reception (RECEPTION_PD_ROLES), never in an audit record
 * or a log; a visit with a denunciation matter shows it to nobody in the book
 * ("confidential": read it through the petition's audited identity read, D33).
 *
 * Scope (D27): an officer sees and edits his agency's sessions and book; a
 * province officer reads every agency's (without personal data).
 * Services: store, who acts, the caller's `now`, a struct problem; 0 or an
 * enum err with the problem filled. Writes run inside the caller's write
 * transaction with their audit record. All SQL is in reception_store.c.
 * JSON results are new references (json_decref).
 */
#ifndef MOTCUA_APP_RECEPTION_H
#define MOTCUA_APP_RECEPTION_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/mem.h"

/* The roles that handle reception: edit the schedule, record visits, see
 * registrants and visitors. */
#define RECEPTION_PD_ROLES (ROLE_RECEPTION | ROLE_HEAD | ROLE_LEADER)

#define RECEPTION_NAME_CHARS 200
#define RECEPTION_PLACE_CHARS 300
#define RECEPTION_SUBJECT_CHARS 300
#define RECEPTION_CONTACT_CHARS 254
#define RECEPTION_TEXT_CHARS 5000
#define RECEPTION_DOC_CHARS 100
#define RECEPTION_CAPACITY_MAX 500
#define RECEPTION_MATTERS_MAX 10
#define RECEPTION_REGISTER_PER_HOUR 10 /* registrations per client address */
#define RECEPTION_CODE_LEN 12          /* "RC-XXXX-XXXX" */
#define RECEPTION_RANGE_DAYS 400       /* longest period of a list or a book */

/* ---- duties ---------------------------------------------------------------- */

/* {items:[{role, name_vi, name_en, level, days, per}]} */
int reception_duties(struct db *db, struct problem *p, json_t **out);
/* Set a role's duty: days 0..31 per "week" | "month" (0: no duty). Audit
 * "reception.duty". 404 for an unknown role. *out as reception_duties. */
int reception_duty_set(struct db *db, const struct actor *who, int64_t now, const char *role,
		       long long days, const char *per, struct problem *p, json_t **out);

/*
 * Where the schedule of `agency` falls short of the duties in [from_day,
 * to_day] (day numbers, core/vntime.h): for each duty that applies to the
 * agency's level, each week (Monday–Sunday) or calendar month that overlaps
 * the period, the distinct days with a session (not cancelled) of a leader
 * of that role, against the duty. Only whole weeks/months inside the period
 * are judged. *out = [{role, name_vi, name_en, per, from, to, required,
 * scheduled, message_vi, message_en}] (empty: no warning).
 */
int reception_warnings(struct db *db, long long agency, int64_t from_day, int64_t to_day,
		       struct problem *p, json_t **out);

/* ---- sessions ---------------------------------------------------------------- */

struct reception_session_in {
	const char *leader_name; /* required */
	const char *leader_title;
	const char *leader_role;    /* a duty role or NULL/"" */
	int64_t starts_at, ends_at; /* ends after starts, same day */
	const char *place;          /* required */
	const char *kind;           /* regular | periodic | ad_hoc */
	const char *mode;           /* in_person | online */
	long long capacity;         /* 0..RECEPTION_CAPACITY_MAX */
	const char *note;
	int cancelled;
};
/* Create (id 0) or replace a session of the actor's agency. Audit
 * "reception.session_create" / "reception.session_update". *out = the staff
 * view of the session. 404 out of the agency; 422 naming the field. */
int reception_session_save(struct db *db, const struct actor *who, int64_t now, long long id,
			   const struct reception_session_in *in, struct problem *p, json_t **out);

/* The public schedule: sessions not cancelled between the days (agency_code
 * NULL: every agency). {items:[{id, agency{code, name}, leader_name,
 * leader_title, starts_at, ends_at, place, kind, mode, capacity,
 * registered, full, past}]}. 404 for an unknown agency code. */
int reception_public_sessions(struct db *db, int64_t now, const char *agency_code, int64_t from_day,
			      int64_t to_day, struct problem *p, json_t **out);
/* The staff schedule of the viewer's agency (province: every agency, or
 * agency_code) with the duty warnings of that agency:
 * {agency{code,name,level}, items:[…as public + leader_role, note,
 * cancelled], warnings:[…]}. */
int reception_staff_sessions(struct db *db, const struct actor *viewer, int64_t now,
			     const char *agency_code, int64_t from_day, int64_t to_day,
			     struct problem *p, json_t **out);
/* The registrants of a session (RECEPTION_PD_ROLES of its agency):
 * {items:[{code, name, contact, subject, created_at}]}. */
int reception_registrations(struct db *db, const struct actor *viewer, long long session_id,
			    struct problem *p, json_t **out);
/* A citizen's advance registration: name, contact (a mobile number or an
 * e-mail), subject required. 409 session_full, 409 session_closed (past
 * or cancelled), 404 unknown. Audit "reception.register" (no personal data).
 * *out = {code, session{…public}}. */
int reception_register(struct db *db, const struct actor *who, int64_t now, long long session_id,
		       const char *name, const char *contact, const char *subject,
		       struct problem *p, json_t **out);

/* ---- the reception book ------------------------------------------------------ */

struct reception_matter_in {
	const char *type; /* complaint | denunciation | recommendation | reflection */
	const char *field;
	const char *content; /* required */
};
struct reception_visit_in {
	int64_t visited_at; /* 0: now */
	long long session_id;
	const char *visitors; /* required: the name(s) */
	const char *address;
	const char *id_number;
	const char *phone;
	long long people;    /* 1..1000 */
	const char *content; /* summary; default: the matters' contents */
	const char *prior_handling;
	int within_competence;
	const char *guided_to, *guided_doc;
	const char *transfer_to, *transfer_doc;
	const char *follow_up;
	const char *note;
	struct reception_matter_in matters[RECEPTION_MATTERS_MAX];
	int n_matters; /* 1.. */
};
/* Record a visit (a RECEPTION_PD_ROLES officer, his agency's book): the row
 * with the next number of the book, one petition per matter (petition_create,
 * channel "reception"), the links. Audit "reception.visit" (no personal
 * data). 422 naming the field ("matters[1].content"). *out = {id, seq,
 * visited_at, petitions:[{id, code, type}]}. */
int reception_visit_record(struct db *db, struct app *a, const struct actor *who, int64_t now,
			   const struct reception_visit_in *in, struct problem *p, json_t **out,
			   int *mailed);

/* The book of the viewer's agency (province: every agency, or agency_code)
 * for [from_day, to_day]: {agency{code,name}, from, to, items:[{id, seq,
 * visited_at, visitors, address, id_number, people, content, types:[…],
 * type_labels, fields, prior_handling, within_competence, guided_to,
 * guided_doc, transfer_to, transfer_doc, follow_up, note, confidential,
 * petitions:[{id, code, type, status}]}]}. visitors/address/id_number are
 * null unless the viewer holds a RECEPTION_PD_ROLES role and the visit has
 * no denunciation. */
int reception_book(struct db *db, const struct actor *viewer, const char *agency_code,
		   int64_t from_day, int64_t to_day, struct problem *p, json_t **out);
/* The book as CSV (UTF-8 with BOM, the 03/TCD headings in Vietnamese). */
int reception_book_csv(json_t *book, struct buf *b);

#endif
