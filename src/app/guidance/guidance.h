/*
 * guidance.h — guidance before receipt, as a contract (Decree 118/2025/NĐ-CP
 * Art. 11, Circular 03/2025/TT-VPCP Mẫu 02; DOMAIN.md §1.3 point 2).
 *
 * An incomplete paper dossier is NOT received: no dossier code, no Mẫu 01,
 * no entry in the tracking book, no running clock. The counter officer
 * records a guidance instead — the procedure, the citizen (name and a way to
 * find them again: ID number or phone), everything that is missing or wrong,
 * all at once — and prints Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
 * for the citizen. A later, complete dossier may cite the guidance
 * (dossier.guidance_id, filled by the dossier intake). Guidances are counted:
 * how many times a citizen had to come back is an input of the
 * service-quality indicators (guidance_stats).
 *
 * Services take the store, who acts, the caller's `now` and a struct
 * problem, and return 0 or an enum err with the problem filled; nothing
 * here is of HTTP. guidance_create runs inside the caller's write
 * transaction (row + audit "guidance.create"); the reads run on any
 * connection. All SQL is in guidance_store.c; the paper is drawn by
 * guidance_paper.c with the papers' primitives (papers/forms.h).
 *
 * Personal data (name, ID number, phone, e-mail, address) is only in the
 * row and the answers to the dossier-handling roles: never in the audit
 * record, never in a log line.
 *
 * Ownership: JSON results are new references (json_decref). Threading: a
 * struct db belongs to one thread.
 */
#ifndef MOTCUA_APP_GUIDANCE_H
#define MOTCUA_APP_GUIDANCE_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/fold.h"
#include "core/ident.h"
#include "core/mem.h"

/* Ceilings (characters unless said otherwise). */
#define GUIDANCE_NAME_CHARS 200
#define GUIDANCE_ADDRESS_CHARS 500
#define GUIDANCE_ITEMS_MAX 30    /* items on one paper */
#define GUIDANCE_ITEM_CHARS 1000 /* one item */
#define GUIDANCE_NOTE_CHARS 2000
#define GUIDANCE_LIST_MAX 200        /* rows per page of the list */
#define GUIDANCE_LIST_DEFAULT 50     /* rows when no limit is given */
#define GUIDANCE_PERIOD_MAX_DAYS 366 /* a list or a count covers at most this */
#define GUIDANCE_PERIOD_DEFAULT_DAYS 30

/*
 * What the officer records. The strings are borrowed (the request arena);
 * guidance_check cleans and normalises the citizen's identifiers into the
 * buffers below. Empty strings and NULL both mean "not given".
 */
struct guidance_in {
	const char *procedure; /* the procedure's code */
	const char *name;      /* required */
	const char *id_number; /* optional: 12 digits (core/ident.h) */
	const char *phone;     /* optional: a Vietnamese mobile */
	const char *email;     /* optional */
	const char *address;   /* optional */
	json_t *items;         /* borrowed: array of 1..GUIDANCE_ITEMS_MAX strings */
	const char *note;      /* optional */
	/* filled by guidance_check */
	char id_norm[16];
	char phone_norm[IDENT_PHONE_CAP];
	char email_norm[IDENT_EMAIL_CAP];
	char fold[FOLD_LINE_CAP(GUIDANCE_NAME_CHARS)];
};

/*
 * The rules of a guidance that need no store: a name; at least one of ID
 * number and phone (so the citizen can be found again when they come back);
 * ID number, phone and e-mail valid (core/ident.h; `year` is the current
 * year, for the ID number's birth year); items 1..GUIDANCE_ITEMS_MAX
 * non-empty strings of at most GUIDANCE_ITEM_CHARS characters. 0, or
 * ERR_VALIDATION with the field named ("applicant.name", "applicant.phone",
 * "items", "items[2]" …). Idempotent: normalised input passes unchanged.
 */
int guidance_check(struct guidance_in *in, int year, struct problem *p);

/*
 * Record a guidance (inside the caller's write transaction): guidance_check,
 * the procedure (an active one; 422 field "procedure" otherwise), the row
 * (officer and their unit from `who`), the audit record "guidance.create"
 * (entity "guidance", after = {procedure, items: count, created_at}: no
 * personal data). No dossier is created: no code, no clock.
 * *out = {id, procedure{code,name}, created_at, visit, paper_url}.
 */
int guidance_create(struct db *db, const struct actor *who, int64_t now, struct guidance_in *in,
		    struct problem *p, json_t **out);

/*
 * One guidance: {id, procedure{code,name}, applicant{name,id_number,phone,
 * email,address}, items[], note, created_at, officer{full_name,title,unit},
 * dossier (the code of a dossier that cited it, or null), visit (this
 * citizen's n-th guidance for this procedure, counted by ID number or phone,
 * up to and including this one), paper_url}. ERR_NOT_FOUND if none, or if
 * agency (non-zero: the viewer's) is not where it was recorded.
 */
int guidance_get(struct db *db, long long id, long long agency, struct problem *p, json_t **out);

/*
 * For the dossier intake (the integrator's `guidance_id`): may a new dossier
 * cite guidance `id`? 0 when it exists and no dossier cited it yet;
 * otherwise ERR_VALIDATION on field "guidance_id" (code "validation":
 * there is no such guidance, or it was already cited by another dossier).
 * Reads only; call it on the connection of the intake's transaction.
 */
int guidance_citable(struct db *db, long long id, struct problem *p);

/* A list's or a count's filter. Days are Vietnam-time day numbers
 * (core/vntime.h), both inclusive. */
struct guidance_query {
	int64_t from, to;
	const char *procedure; /* a code, or NULL */
	const char *q;         /* name (folded, any part) or ID number / phone (start), or NULL */
	long long limit, offset;
	long long agency; /* the viewer's agency (guidances recorded in its units); 0 = all */
};

/*
 * The guidances of q, newest first: {from, to, total, citizens, limit,
 * offset, items:[{id, created_at, procedure{code,name}, applicant{name,
 * id_number,phone}, item_count, officer{full_name}, dossier, paper_url}]}.
 * 422 on the period (to before from, longer than GUIDANCE_PERIOD_MAX_DAYS)
 * or an unknown procedure. `ar` holds the folded search text.
 */
int guidance_list(struct db *db, const struct guidance_query *q, struct arena *ar,
		  struct problem *p, json_t **out);

/*
 * The counts the service-quality indicators read, for guidances recorded
 * in [from, to]: {from, to, guidances, citizens (distinct ID number, else
 * phone), followed_by_dossier (guidances a dossier cited), by_procedure:
 * [{code, name, guidances, citizens}] (most guidances first)}. 422 on the
 * period as guidance_list.
 */
int guidance_stats(struct db *db, int64_t from, int64_t to, long long agency, struct problem *p,
		   json_t **out);

/*
 * The data Mẫu 02 is drawn from: {kind "guidance", form_no "Mẫu số 02",
 * title, number "<id>/PBS", issued_at, place_date, issuer (papers_issuer of
 * the home centre), officer{full_name,title,unit}, guidance (as
 * guidance_get)}. Strings built in ar. ERR_NOT_FOUND if none.
 */
int guidance_paper_data(struct db *db, long long id, long long agency, struct arena *ar,
			struct problem *p, json_t **out);

struct page;
/* Draw Mẫu 02 (A4, portrait) from guidance_paper_data's data into pg
 * (pg_begin … pg_end; see papers/forms.h for taking the bytes). */
void guidance_paper_html(struct page *pg, struct arena *a, json_t *data);

#endif
