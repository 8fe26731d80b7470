/*
 * papers_store.h — the papers' store, private to src/app/papers/: every
 * statement the papers run (papers_store.c). Statements are returned bound
 * (lists) or positioned on their row (NULL if none); the caller reads the
 * columns named beside them and ends them with db_done().
 */
#ifndef MOTCUA_APP_PAPERS_STORE_H
#define MOTCUA_APP_PAPERS_STORE_H

#include <stdint.h>

#include "db/db.h"

enum {
	PE_AT,
	PE_ACTION,
	PE_OUTCOME,
	PE_NOTE,
	PE_FROM_UNIT,
	PE_TO_UNIT,
	PE_ACTOR,
	PE_ACTOR_TITLE,
	PE_ACTOR_UNIT,
	PE_TO_STAFF,
	PE_TO_STAFF_UNIT
};
/* A dossier's history with the names a paper prints, oldest first, at most
 * limit events (columns PE_*). */
struct db_stmt *pstore_events(struct db *db, const char *code, int limit);

enum { PI_NAME, PI_CENTRE, PI_ADDRESS, PI_PHONE, PI_EMAIL, PI_PARENT };
/* The agency of a dossier (dossier_code) or the home agency (NULL)
 * (columns PI_*): positioned, or NULL. */
/* receiving: the agency whose centre received the dossier (the province
 * model: the receipt is the receiving centre's), else the competent one.
 * Without a dossier, agency (not 0) names the agency instead of the home one
 * (the book's heading). */
struct db_stmt *pstore_issuer(struct db *db, const char *dossier_code, int receiving,
			      long long agency);
/* An agency by code (columns id, name) or by id (columns code, name):
 * positioned, or NULL. */
struct db_stmt *pstore_agency(struct db *db, const char *code);
struct db_stmt *pstore_agency_by_id(struct db *db, long long id);

/* A field's name by code: positioned (column 0), or NULL. */
struct db_stmt *pstore_field(struct db *db, const char *code);

enum {
	PB_CODE,
	PB_PCODE,
	PB_PNAME,
	PB_FCODE,
	PB_FNAME,
	PB_AKIND,
	PB_ANAME,
	PB_ORG,
	PB_ADDRESS,
	PB_PHONE,
	PB_LEAD_UNIT,
	PB_RECEIVED,
	PB_DUE,
	PB_RETURNED,
	PB_RMETHOD,
	PB_RETURNED_METHOD,
	PB_RETURNED_TO,
	PB_STATUS,
	PB_REFUSED,
	PB_WITHDRAWN,
	PB_APOLOGIES,
	PB_BOOK_VOLUME,
	PB_BOOK_ENTRY,
	PB_BOOK_AGENCY
};
/* Dossiers received in [t0, t1) (of one field, or all when field is NULL)
 * in agency's book — received at its centre: received_agency_id, else the
 * competent agency_id (0: every agency's) — how many, and a page of them
 * (columns PB_*; PB_BOOK_AGENCY the code of the book's agency). */
long long pstore_book_count(struct db *db, int64_t t0, int64_t t1, const char *field,
			    long long agency);
struct db_stmt *pstore_book_rows(struct db *db, int64_t t0, int64_t t1, const char *field,
				 long long agency, long long limit, long long offset);

#endif
