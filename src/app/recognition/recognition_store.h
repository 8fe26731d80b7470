/*
 * recognition_store.h — every SQL statement of the recognition domain
 * (recognition_store.c), private to src/app/recognition/. Tables of
 * migration 0024_recognition.sql; the sources of a praise are read from the
 * evaluation domain's `evaluation` (with its dossier's applicant) and the
 * petition domain's `petition`.
 *
 * Statements are returned bound (lists) or positioned on their row (NULL if
 * none); the caller reads the columns named beside them and ends them with
 * db_done(). Returns: 0 or -1 unless said otherwise. Threading: no state;
 * writes only inside the caller's write transaction.
 */
#ifndef MOTCUA_APP_RECOGNITION_STORE_H
#define MOTCUA_APP_RECOGNITION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The agency an officer serves: his unit's, else the home agency; 0 if none. */
long long recstore_viewer_agency(struct db *db, long long staff_id);

/* An active officer by username: 1 and his id, unit (0: none) and agency
 * (his unit's, else the home agency), 0 when there is none. */
int recstore_staff(struct db *db, const char *username, long long *id, long long *unit,
		   long long *agency);

/* The roles of an officer, one name per row (column 0). */
struct db_stmt *recstore_roles(struct db *db, long long staff_id);

/* The unit of `code` in agency: its id, 0 when there is none. */
long long recstore_unit(struct db *db, long long agency, const char *code);

/* The agency of `code`: its id, 0 when there is none. */
long long recstore_agency(struct db *db, const char *code);

/* 1 when the official has a nomination of `year` that is not declined or
 * withdrawn. */
int recstore_live_exists(struct db *db, long long staff_id, long long year);

struct recstore_row {
	long long agency, staff, unit, year, nominated_by;
	const char *kind, *title, *reasons, *figures; /* figures NULL: none */
};
int recstore_insert(struct db *db, const struct recstore_row *r, int64_t now, long long *id);

/* A history row. */
int recstore_event(struct db *db, long long rec, const char *action, long long staff_id,
		   const char *comment, int64_t at);

/* The state (and the figures when figures is not NULL; recognised_at when
 * status is "recognised"). */
int recstore_set_status(struct db *db, long long id, const char *status, const char *figures,
			int64_t now);

enum {
	RG_ID,
	RG_AGENCY,
	RG_KIND,
	RG_STAFF, /* NULL for a practice */
	RG_USERNAME,
	RG_FULL_NAME,
	RG_JOB_TITLE,
	RG_TITLE,
	RG_UNIT, /* NULL: none */
	RG_UNIT_NAME,
	RG_YEAR,
	RG_REASONS,
	RG_FIGURES, /* NULL: none */
	RG_STATUS,
	RG_NOMINATOR,
	RG_NOM_USERNAME,
	RG_NOM_FULL_NAME,
	RG_CREATED_AT,
	RG_UPDATED_AT,
	RG_RECOGNISED_AT, /* NULL until recognised */
	RG_AGENCY_CODE,
	RG_AGENCY_NAME,
	RG_PRAISES
};
/* One nomination (columns RG_*), or NULL. */
struct db_stmt *recstore_get(struct db *db, long long id);
/* Nominations of agency (0: all), status ("" any), year (0 any), newest
 * first, at most limit (columns RG_*). */
struct db_stmt *recstore_list(struct db *db, long long agency, const char *status, long long year,
			      long long limit);
/* Recognised ones of agency (0: all) and year (0: any), newest recognition
 * first (columns RG_*). */
struct db_stmt *recstore_public(struct db *db, long long agency, long long year, long long limit);

enum { RE_ACTION, RE_USERNAME, RE_FULL_NAME, RE_COMMENT, RE_AT };
/* The history, oldest first (columns RE_*). */
struct db_stmt *recstore_events(struct db *db, long long rec);

enum { RP_ID, RP_SOURCE, RP_SOURCE_ID, RP_TEXT, RP_PUBLIC_TEXT, RP_CODE };
/* The praises, in the order attached (columns RP_*; RP_CODE the petition's
 * or the evaluation's dossier's code, "" if none). */
struct db_stmt *recstore_praises(struct db *db, long long rec);
long long recstore_praise_count(struct db *db, long long rec);
/* 1 when that source is already attached. */
int recstore_praise_exists(struct db *db, long long rec, const char *source, long long source_id);
int recstore_praise_insert(struct db *db, long long rec, const char *source, long long source_id,
			   const char *text, const char *public_text, long long by, int64_t now,
			   long long *id);
/* 1 when deleted, 0 when there was no such praise on rec, -1 on error. */
int recstore_praise_delete(struct db *db, long long rec, long long praise_id);

enum { RS_AGENCY, RS_STAFF, RS_OK, RS_TEXT, RS_NAME, RS_CODE };
/* An evaluation as a praise: agency, officer (NULL: none), 1 when its level
 * is not "not satisfied", the comment, the applicant's name of its dossier
 * ("" if none), the dossier's code. Positioned, or NULL. */
struct db_stmt *recstore_eval_source(struct db *db, long long id);
/* A petition as a praise: agency, assigned officer, 1 when not a
 * denunciation, the content, the petitioner's name, the code. */
struct db_stmt *recstore_petition_source(struct db *db, long long id);

enum { RC_SOURCE, RC_ID, RC_CODE, RC_AT, RC_TEXT, RC_USERNAME };
/* Praise candidates of agency, newest first: evaluations (of staff_id when
 * not 0) with a comment and a level other than "not satisfied", and
 * petitions other than denunciations (columns RC_*). */
struct db_stmt *recstore_candidates(struct db *db, long long agency, long long staff_id,
				    long long limit);

#endif
