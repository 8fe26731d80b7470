/*
 * reception_store.h — every SQL statement of the reception domain
 * (reception_store.c), private to src/app/reception/. Tables of migration
 * 0017_reception.sql; petitions are read (code, status) for the book's links.
 *
 * Statements are returned positioned on their row (NULL if none) or bound
 * (lists); the caller reads the columns named beside them and ends them with
 * db_done(). Returns: 0 or -1 unless said otherwise. Writes only inside the
 * caller's write transaction.
 */
#ifndef MOTCUA_APP_RECEPTION_STORE_H
#define MOTCUA_APP_RECEPTION_STORE_H

#include <stdint.h>

#include "app/reception/reception.h"
#include "db/db.h"

/* Duties: role, name_vi, name_en, level, days, per. */
enum { RD_ROLE, RD_NAME_VI, RD_NAME_EN, RD_LEVEL, RD_DAYS, RD_PER };
struct db_stmt *rstore_duties(struct db *db);
/* 1 updated, 0 unknown role, -1 error. */
int rstore_duty_set(struct db *db, const char *role, long long days, const char *per, int64_t now);

/* An agency: id, code, name, level. By id or by code. */
enum { RA_ID, RA_CODE, RA_NAME, RA_LEVEL };
struct db_stmt *rstore_agency(struct db *db, long long id);
struct db_stmt *rstore_agency_by_code(struct db *db, const char *code);

/* The start instants of the agency's sessions (not cancelled) of a leader
 * role in [from, to). Column 0. */
struct db_stmt *rstore_duty_starts(struct db *db, long long agency, const char *role, int64_t from,
				   int64_t to);

/* Sessions. */
enum {
	RS_ID,
	RS_AGENCY,
	RS_LEADER_NAME,
	RS_LEADER_TITLE,
	RS_LEADER_ROLE,
	RS_STARTS,
	RS_ENDS,
	RS_PLACE,
	RS_KIND,
	RS_MODE,
	RS_CAPACITY,
	RS_NOTE,
	RS_CANCELLED,
	RS_REGISTERED,
	RS_AGENCY_CODE,
	RS_AGENCY_NAME
};
/* One session (agency 0: any). */
struct db_stmt *rstore_session(struct db *db, long long id, long long agency);
/* The sessions in [from, to) of an agency (0: every one), by start;
 * cancelled ones only when with_cancelled. */
struct db_stmt *rstore_sessions(struct db *db, long long agency, int64_t from, int64_t to,
				int with_cancelled);
int rstore_session_insert(struct db *db, long long agency, const struct reception_session_in *in,
			  long long staff, int64_t now, long long *id);
int rstore_session_update(struct db *db, long long id, const struct reception_session_in *in,
			  int64_t now);

/* Registrations. */
int rstore_registration_code_taken(struct db *db, const char *code);
long long rstore_registration_count(struct db *db, long long session);
int rstore_registration_insert(struct db *db, long long session, const char *code, const char *name,
			       const char *contact, const char *subject, int64_t now);
/* code, name, contact, subject, created_at */
enum { RR_CODE, RR_NAME, RR_CONTACT, RR_SUBJECT, RR_CREATED };
struct db_stmt *rstore_registrations(struct db *db, long long session);

/* The book. */
long long rstore_visit_next_seq(struct db *db, long long agency);
int rstore_visit_insert(struct db *db, long long agency, long long seq,
			const struct reception_visit_in *in, const char *content, long long staff,
			int64_t now, long long *id);
int rstore_matter_insert(struct db *db, long long visit, int position, long long petition,
			 const char *type, const char *field);
enum {
	RV_ID,
	RV_SEQ,
	RV_VISITED,
	RV_VISITORS,
	RV_ADDRESS,
	RV_ID_NUMBER,
	RV_PEOPLE,
	RV_CONTENT,
	RV_PRIOR,
	RV_COMPETENT,
	RV_GUIDED_TO,
	RV_GUIDED_DOC,
	RV_TRANSFER_TO,
	RV_TRANSFER_DOC,
	RV_FOLLOW_UP,
	RV_NOTE,
	RV_AGENCY_CODE
};
/* The visits of an agency (0: every one) in [from, to), by agency and number. */
struct db_stmt *rstore_visits(struct db *db, long long agency, int64_t from, int64_t to);
/* Their matters: visit_id, type, field, petition id, code, status; by visit,
 * position. */
enum { RM_VISIT, RM_TYPE, RM_FIELD, RM_PETITION, RM_CODE, RM_STATUS };
struct db_stmt *rstore_matters(struct db *db, long long agency, int64_t from, int64_t to);

#endif
