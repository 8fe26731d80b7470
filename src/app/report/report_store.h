/*
 * report_store.h — every SQL statement of the periodic report
 * (report_store.c), private to src/app/report/. It reads the dossier table
 * (through the covering indexes of migration 0019_report.sql), the
 * catalogue's procedures and fields, and the agencies; it writes nothing.
 *
 * Instants are Unix seconds. The three sums are per procedure (the caller
 * maps procedures to fields); each calls cb once per procedure with the
 * cells it knows (RC_* of report.h, the others 0). Returns: 0 or -1.
 */
#ifndef MOTCUA_APP_REPORT_STORE_H
#define MOTCUA_APP_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "app/report/report.h"
#include "db/db.h"

typedef void (*rstore_cb)(void *arg, long long procedure_id, const long long v[RC_NCOLS]);

/* Received in [t0, t1): RC_RECEIVED, RC_ONLINE, RC_DIRECT. agency 0: all. */
int repstore_received(struct db *db, int64_t t0, int64_t t1, long long agency, rstore_cb cb,
		      void *arg);
/* Finished in [t0, t1) (received): RC_RESOLVED, RC_EARLY, RC_LATE,
 * RC_WITHDRAWN, RC_REFUSED (RC_ON_TIME is the caller's: the rest). */
int repstore_flows(struct db *db, int64_t t0, int64_t t1, long long agency, rstore_cb cb,
		   void *arg);
/* Open at instant x (received before it, not finished before it): as
 * RC_CARRIED when carried, else RC_OPEN and RC_OVERDUE (judged at x). */
int repstore_open_at(struct db *db, int64_t x, long long agency, int carried, rstore_cb cb,
		     void *arg);

/* ---- the rollup: table report_day, one row per (Vietnam day, agency,
 * procedure) of the days before report_rollup.through_day ---- */

/* The cells of a report_day row. */
enum {
	RD_RECEIVED,
	RD_ONLINE,
	RD_RESOLVED,
	RD_EARLY,
	RD_LATE,
	RD_WITHDRAWN,
	RD_REFUSED,
	RD_OPEN,
	RD_OVERDUE,
	RD_NCOLS
};

/* *through_day: the first day not rolled up for every agency asked for
 * (agency 0: all; 0 when one of them never was). Returns 0 when none was
 * ever rolled up, 1 when all stand at the same day, 2 when they differ. */
int repstore_rollup_state(struct db *db, long long agency, int64_t *through_day);
/* The Vietnam day of the first dossier received: 1, or 0 when none. */
int repstore_first_day(struct db *db, int64_t *day);
/* Flows of the days [d0, d1) from the rollup (received, online/direct,
 * resolved, early, late, withdrawn, refused). */
int repstore_day_flows(struct db *db, int64_t d0, int64_t d1, long long agency, rstore_cb cb,
		       void *arg);
/* Open at the end of `day` (as RC_CARRIED when carried, else RC_OPEN and
 * RC_OVERDUE) from the rollup. */
int repstore_day_stock(struct db *db, int64_t day, long long agency, int carried, rstore_cb cb,
		       void *arg);

/* One dossier as the rollup's sweep reads it (instants; 0 for none). */
struct rsweep_row {
	long long agency_id, procedure_id;
	int online, stopped, supplements; /* stopped: 1 withdrawn, 2 refused */
	int64_t received, finished, due, supplement_at, supplemented_at;
};
/* Every dossier received before t_hi and open now or finished since t_lo. */
int repstore_sweep(struct db *db, int64_t t_lo, int64_t t_hi,
		   void (*cb)(void *arg, const struct rsweep_row *r), void *arg);
/* Drop the rollup's rows from from_day on. */
int repstore_rollup_clear(struct db *db, int64_t from_day);
int repstore_day_insert(struct db *db, int64_t day, long long agency_id, long long procedure_id,
			const long long v[RD_NCOLS]);
/* The rollup now covers the days before through_day, for every agency. */
int repstore_rollup_set(struct db *db, int64_t through_day, int64_t now);

/* Procedure ids and their field ids, by procedure id: *n of them, malloc'd
 * arrays (the caller frees). */
int repstore_procedures(struct db *db, long long **ids, long long **fields, size_t *n);
/* The field of id: its code and name (cut to the caps); 0 or -1 (none). */
int repstore_field(struct db *db, long long id, char *code, size_t code_cap, char *name,
		   size_t name_cap);
/* The agency of `code`: its id, or 0 when there is none. */
long long repstore_agency_by_code(struct db *db, const char *code);
/* The agency of id: code and name; 0 or -1 (none). */
int repstore_agency(struct db *db, long long id, char *code, size_t code_cap, char *name,
		    size_t name_cap);
/* The province: the agency above all (level 'province', no parent); its
 * name into name ("" when there is none). */
void repstore_province(struct db *db, char *name, size_t cap);

#endif
