/*
 * indicator_store.h — all of the indicator domain's SQL (private to the
 * domain): it reads the catalogue's, the dossiers', the evaluations' and the
 * petitions' tables, writes nothing. Rows come back as statements (db_done
 * when finished); the column orders are the enums below. agency 0: every
 * agency (a province officer's view).
 */
#ifndef MOTCUA_APP_INDICATOR_STORE_H
#define MOTCUA_APP_INDICATOR_STORE_H

#include <stdint.h>

#include "db/db.h"

/* The active procedures in the agency's competence (its own and those it
 * implements too), by code, with which of Decree 63/2010 Art. 8(2)'s
 * components the catalogue holds (1/0). */
enum {
	IP_ID,
	IP_CODE,
	IP_NAME,
	IP_UNIT,
	IP_LIMIT,
	IP_ONLINE,
	IP_HAS_NAME,
	IP_HAS_SEQUENCE,
	IP_HAS_METHOD,
	IP_HAS_DOCUMENTS,
	IP_HAS_LIMIT,
	IP_HAS_SUBJECTS,
	IP_HAS_AGENCY
};
struct db_stmt *istore_procedures(struct db *db, long long agency);

/* The dossiers the centre held in [t0, t1): received in it, or received
 * before and finished in it, still open, or finished after it. ATTACH is 1
 * for an online dossier received in the period with a file attached; CODE
 * is "" unless with_code. */
enum {
	ID_ID,
	ID_PROCEDURE,
	ID_AGENCY,
	ID_CHANNEL,
	ID_RECEIVED,
	ID_FINISHED,
	ID_DUE,
	ID_PAUSED,
	ID_SUPCOUNT,
	ID_RESULT,
	ID_CLOCK_START,
	ID_PAUSED_TOTAL,
	ID_ATTACH,
	ID_CODE
};
struct db_stmt *istore_dossiers(struct db *db, long long agency, int64_t t0, int64_t t1,
				int with_code);

/* The ids of the dossiers evaluated "not satisfied" before `until`. */
struct db_stmt *istore_unsatisfied(struct db *db, long long agency, int64_t until);

/* The petitions received in [t0, t1). */
enum {
	IT_CODE,
	IT_TYPE,
	IT_STATUS,
	IT_RECEIVED,
	IT_ACK_DUE,
	IT_ACKED,
	IT_DUE,
	IT_ANSWERED,
	IT_FORWARD_DUE,
	IT_FORWARDED,
	IT_SATISFACTION,
	IT_SATISFACTION_AT,
	IT_REOPENED
};
struct db_stmt *istore_petitions(struct db *db, long long agency, int64_t t0, int64_t t1);

/* An agency by code: id (0 if none), its name into name. */
long long istore_agency(struct db *db, const char *code, char *name, size_t cap);
/* The code and name of an agency by id (into code, name): 0 or -1. */
int istore_agency_of(struct db *db, long long id, char *code, size_t ccap, char *name, size_t ncap);

#endif
