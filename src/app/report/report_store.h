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
/* Received before e and finished at or after t0 (finished_at >= t0 when
 * finished, else open now when open_now): RC_CARRIED (received before t0),
 * RC_RESOLVED/EARLY/LATE, RC_WITHDRAWN, RC_REFUSED (finished before e),
 * RC_OPEN/RC_OVERDUE (not finished before e, judged at e). RC_ON_TIME and
 * RC_WITHIN are left for the caller (total less the others). */
int repstore_finished(struct db *db, int64_t t0, int64_t e, long long agency, int open_now,
		      rstore_cb cb, void *arg);

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
