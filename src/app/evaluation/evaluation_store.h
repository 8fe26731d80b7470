/*
 * evaluation_store.h — all of the evaluation domain's SQL (private to the
 * domain). Rows come back as statements (db_done when finished); the column
 * orders are the enums below.
 */
#ifndef MOTCUA_APP_EVALUATION_STORE_H
#define MOTCUA_APP_EVALUATION_STORE_H

#include <stdint.h>

#include "db/db.h"

enum { ED_ID, ED_AGENCY, ED_SECRET, ED_STATUS, ED_RECBY };
struct db_stmt *estore_dossier_by_code(struct db *db, const char *code);

/* The latest ticket linked to a dossier: id, staff, counter. */
enum { ET_ID, ET_STAFF, ET_COUNTER };
struct db_stmt *estore_ticket_of_dossier(struct db *db, long long agency, const char *code);

enum { EV_ID, EV_AGENCY, EV_COUNTER, EV_NUMBER, EV_NAME, EV_AGENCY_CODE };
struct db_stmt *estore_device(struct db *db, const char *hash);

enum { TT_ID, TT_NUMBER, TT_FINISHED, TT_STAFF, TT_DOSSIER, TT_GROUP, TT_GROUP_EN };
struct db_stmt *estore_tablet_ticket(struct db *db, long long counter, int64_t since);

long long estore_dossier_id(struct db *db, long long agency, const char *code);

enum { EE_ID, EE_CREATED, EE_LEVEL };
struct db_stmt *estore_eval_find(struct db *db, long long dossier, long long ticket);
int estore_eval_insert(struct db *db, long long agency, long long dossier, long long ticket,
		       const char *level, const char *reasons, const char *comment,
		       const char *channel, long long staff, long long counter, int64_t now,
		       long long *id);
int estore_eval_update(struct db *db, long long id, long long dossier, long long ticket,
		       const char *level, const char *reasons, const char *comment,
		       const char *channel, int64_t now);

enum { EC_ID, EC_NAME };
struct db_stmt *estore_counter_by_number(struct db *db, long long agency, long long number);
enum { EDV_ID, EDV_NUMBER, EDV_NAME, EDV_CREATED, EDV_REVOKED };
/* The agency's tablets (columns EDV_*), newest first. */
struct db_stmt *estore_devices(struct db *db, long long agency);
/* One tablet of the agency (columns EDV_*), or NULL. */
struct db_stmt *estore_device_of(struct db *db, long long agency, long long id);
/* Revokes it at now: DB_OK or an error. */
int estore_device_revoke(struct db *db, long long id, int64_t now);
int estore_device_insert(struct db *db, long long agency, long long counter, const char *hash,
			 int64_t now, long long *id);

enum { EB_LEVEL, EB_CHANNEL, EB_CREATED, EB_REASONS };
struct db_stmt *estore_eval_of_dossier(struct db *db, long long dossier);

enum {
	EL_ID,
	EL_LEVEL,
	EL_REASONS,
	EL_COMMENT,
	EL_CHANNEL,
	EL_CREATED,
	EL_UPDATED,
	EL_DOSSIER,
	EL_TICKET,
	EL_STAFF,
	EL_COUNTER
};
struct db_stmt *estore_list(struct db *db, long long agency, const char *level, long long limit,
			    long long offset);
long long estore_count(struct db *db, long long agency, const char *level, int64_t since);

enum {
	EQ_STATUS,
	EQ_CHANNEL,
	EQ_SUBMITTED,
	EQ_RECEIVED,
	EQ_FINISHED,
	EQ_DUE,
	EQ_ORIG_DUE,
	EQ_SUPCOUNT,
	EQ_APOLCOUNT,
	EQ_APOLEARLY,
	EQ_RETURNED,
	EQ_AGENCY,
	EQ_PROC_DOCS
};
struct db_stmt *estore_criteria_row(struct db *db, long long dossier);
/* The outcomes of the dossier's finished steps. */
struct db_stmt *estore_step_outcomes(struct db *db, long long dossier);

int estore_secret(struct db *db, const char *code, char *out, size_t cap);

enum {
	FT_DAY,
	FT_GROUP,
	FT_GROUP_NAME,
	FT_COUNTER,
	FT_COUNTER_NAME,
	FT_STAFF,
	FT_STAFF_NAME,
	FT_STATE,
	FT_ISSUED,
	FT_CALLED,
	FT_STARTED,
	FT_FINISHED,
	FT_LEVEL
};
struct db_stmt *estore_fig_tickets(struct db *db, long long agency, int64_t from, int64_t to);
/* Evaluations of dossiers with no ticket, created in [t0, t1). */
enum { FE_CREATED, FE_STAFF, FE_STAFF_NAME, FE_LEVEL };
struct db_stmt *estore_fig_evals(struct db *db, long long agency, int64_t t0, int64_t t1);

#endif
