/*
 * queue_store.h — every SQL statement of the counter queue (queue_store.c),
 * private to src/app/queue/. Tables of migration 0014_queue.sql.
 *
 * Statements are returned bound (lists: step them) or positioned on their
 * row (NULL if none); the caller reads the columns named beside them and
 * ends them with db_done(). Returns: 0 or -1 unless said otherwise.
 * Threading: no state; writes only inside the caller's write transaction.
 */
#ifndef MOTCUA_APP_QUEUE_STORE_H
#define MOTCUA_APP_QUEUE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Agencies: by code (0 if none), the home centre's (0 if none), a staff
 * member's (their unit's; 0 if none), and an agency's working periods. */
long long qstore_agency_by_code(struct db *db, const char *code);
long long qstore_agency_home(struct db *db);
long long qstore_agency_of_staff(struct db *db, long long staff_id);
int qstore_agency_periods(struct db *db, long long agency, char *out, size_t cap);

/* A field's id by code, 0 if none. */
long long qstore_field(struct db *db, const char *code);
/* A dossier of the agency (competent or receiving) by code: 1 found, 0 not. */
int qstore_dossier_in_agency(struct db *db, const char *code, long long agency);

/* Groups. Insert: DB_OK, DB_CONSTRAINT (code or prefix taken) or an error. */
int qstore_group_insert(struct db *db, long long agency, const char *code, const char *prefix,
			const char *name, const char *name_en, int64_t now, long long *id);
int qstore_group_field_insert(struct db *db, long long group, long long field);
enum { QG_ID, QG_CODE, QG_PREFIX, QG_NAME, QG_NAME_EN };
/* One active group of the agency by code (columns QG_*), or NULL. */
struct db_stmt *qstore_group_by_code(struct db *db, long long agency, const char *code);
/* The active groups of the agency, by code (columns QG_*). */
struct db_stmt *qstore_groups(struct db *db, long long agency);
/* Set-up: every group of the agency, inactive ones last, and one group by
 * code active or not (columns QG_* and QG_ACTIVE), or NULL. */
enum { QG_ACTIVE = QG_NAME_EN + 1 };
struct db_stmt *qstore_groups_all(struct db *db, long long agency);
struct db_stmt *qstore_group_any(struct db *db, long long agency, const char *code);
int qstore_group_update(struct db *db, long long id, const char *name, const char *name_en,
			int active);
/* Remove every field of a group (before inserting the new list). */
int qstore_group_fields_clear(struct db *db, long long group);
/* The field codes of a group (column 0). */
struct db_stmt *qstore_group_fields(struct db *db, long long group);
/* Tickets in the line (waiting, transferred) of a group today. */
long long qstore_group_waiting(struct db *db, long long group, int64_t day);

/* Counters. Insert: DB_OK, DB_CONSTRAINT (number taken) or an error. */
int qstore_counter_insert(struct db *db, long long agency, long long number, const char *name,
			  int64_t now, long long *id);
int qstore_counter_group_insert(struct db *db, long long counter, long long group);
enum {
	QC_ID,
	QC_AGENCY,
	QC_NUMBER,
	QC_NAME,
	QC_PAUSED,
	QC_REASON,
	QC_STREAK,
	QC_OFFICER /* the full name of the officer on duty, "" if none */
};
/* One active counter (columns QC_*), or NULL. */
struct db_stmt *qstore_counter(struct db *db, long long id);
/* Set-up: one counter active or not, every counter of the agency (columns
 * QC_* and QC_ACTIVE); update its name and active flag (deactivating also
 * ends a pause); remove its groups (before inserting the new list). */
enum { QC_ACTIVE = QC_OFFICER + 1 };
struct db_stmt *qstore_counter_any(struct db *db, long long id);
struct db_stmt *qstore_counters_all(struct db *db, long long agency);
int qstore_counter_update(struct db *db, long long id, const char *name, int active);
int qstore_counter_groups_clear(struct db *db, long long counter);
/* The active counter of the agency with this number: its id, 0 if none. */
long long qstore_counter_by_number(struct db *db, long long agency, long long number);
/* The agency's active counters, by number (columns QC_*). */
struct db_stmt *qstore_counters(struct db *db, long long agency);
/* The group codes a counter calls (column 0). */
struct db_stmt *qstore_counter_groups(struct db *db, long long counter);
/* Set the officer on duty and the priority streak. */
int qstore_counter_duty(struct db *db, long long counter, long long staff, int streak);
int qstore_counter_pause(struct db *db, long long counter, int paused, const char *reason);
/* Active counters, not paused, that call group (at least 0). */
long long qstore_group_open_counters(struct db *db, long long group);

/* Tickets. */
long long qstore_ticket_next_seq(struct db *db, long long group, int64_t day);
int qstore_ticket_insert(struct db *db, const char *public_id, long long agency, long long group,
			 int64_t day, long long seq, const char *number, int priority, int64_t now,
			 long long *id);
enum {
	QT_ID,
	QT_PUBLIC_ID,
	QT_AGENCY,
	QT_GROUP_ID,
	QT_GROUP_CODE,
	QT_GROUP_NAME,
	QT_GROUP_NAME_EN,
	QT_DAY,
	QT_NUMBER,
	QT_PRIORITY,
	QT_STATE,
	QT_ISSUED_AT,
	QT_QUEUED_AT,
	QT_CALLED_AT, /* NULL when never called */
	QT_RECALLS,
	QT_STARTED_AT,
	QT_FINISHED_AT,
	QT_COUNTER_ID, /* NULL when never called */
	QT_COUNTER_NUMBER,
	QT_COUNTER_NAME,
	QT_TARGET_COUNTER, /* NULL unless transferred to one counter */
	QT_DOSSIER         /* NULL when none */
};
/* One ticket by internal id or by public id (columns QT_*), or NULL. */
struct db_stmt *qstore_ticket(struct db *db, long long id);
struct db_stmt *qstore_ticket_public(struct db *db, const char *public_id);
/* The (latest) ticket linked to dossier `code` (columns QT_* and
 * QT_OFFICER, the full name of the officer who called it), or NULL. */
enum { QT_OFFICER = QT_DOSSIER + 1 };
struct db_stmt *qstore_ticket_of_dossier(struct db *db, const char *code);
/* The ticket called or served at a counter now: its id, 0 if none. */
long long qstore_counter_current(struct db *db, long long counter);
/* Tickets of group `group`, day `day`, in the line ahead of one with
 * (priority, queued_at, id): priority ones first, then by time. */
long long qstore_ahead(struct db *db, long long group, int64_t day, int priority, int64_t queued_at,
		       long long id);
/* Mean measured service time (seconds) of the group's tickets done today,
 * and how many; 0 and 0 when none. */
int qstore_service_time(struct db *db, long long group, int64_t day, double *mean, long long *n);
/* The longest-waiting ticket counter `counter` may call today with this
 * priority (0/1): its id, 0 if none. */
long long qstore_pick(struct db *db, long long counter, long long agency, int64_t day,
		      int priority);
/* Move ticket `id` from one of the states in `from` (a NULL-terminated
 * list's first two entries: "a","b" or "a",NULL) to its next state; each
 * returns 1 when the row changed, 0 when the state was not as expected, -1
 * on error. */
int qstore_ticket_call(struct db *db, long long id, long long counter, long long staff,
		       int64_t now);
int qstore_ticket_recall(struct db *db, long long id, long long counter, int64_t now);
int qstore_ticket_state(struct db *db, long long id, const char *from1, const char *from2,
			const char *to, int64_t now);
int qstore_ticket_transfer(struct db *db, long long id, long long group, long long counter);
int qstore_ticket_dossier(struct db *db, long long id, const char *code);

/* Events: insert (id = the SSE id), prune those before `before`. */
int qstore_event_insert(struct db *db, long long agency, int64_t at, const char *kind,
			const char *data, long long *id);
int qstore_event_prune(struct db *db, int64_t before);
enum { QE_ID, QE_AGENCY, QE_KIND, QE_DATA };
struct db_stmt *qstore_events_after(struct db *db, long long after, int max);
long long qstore_events_last(struct db *db);
long long qstore_events_first(struct db *db);
/* The last calls of the agency today, newest first (columns QT_*). */
struct db_stmt *qstore_last_calls(struct db *db, long long agency, int64_t day, int max);

/* The kiosk's throttle: one more hit on key in a fixed window; *count the
 * hits in the window. */
int qstore_rate_hit(struct db *db, const char *key, int64_t now, int64_t window_s, int *count);

#endif
