/*
 * cli_store.h — every SQL statement of the operator's subcommands
 * (cli_store.c), private to src/app/cli/: `motcua check`, `audit`, `outbox`,
 * `centre` and the demo loader. Plain SQL (SQLite and PostgreSQL).
 *
 * Functions that return a struct db_stmt * give a statement bound and ready
 * for db_step(): the caller reads the columns named by the enum beside the
 * function and ends it with db_done(). Functions that return json_t * hand
 * the caller a new reference (json_decref it); NULL says what is written
 * beside each. Strings passed in are only read during the call. Writers run
 * inside the caller's transaction (db_tx). Threading: no state.
 */
#ifndef MOTCUA_APP_CLI_STORE_H
#define MOTCUA_APP_CLI_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "db/db.h"

/* --- motcua check ----------------------------------------------------------
 * Reads only (dossier, dossier_step, dossier_document, dossier_event,
 * dossier_attachment, dossier_seq, audit), inside the caller's read
 * transaction. */

/* Rows of a dossier that is not there. */
enum cli_orphan {
	CLI_ORPHAN_STEPS,       /* dossier_step */
	CLI_ORPHAN_DOCUMENTS,   /* dossier_document */
	CLI_ORPHAN_EVENTS,      /* dossier_event */
	CLI_ORPHAN_ATTACHMENTS, /* dossier_attachment */
	CLI_ORPHAN_AUDIT        /* audit records with entity 'dossier' */
};
/* How many such rows; 0 also when the count cannot be read. */
long long cli_db_orphans(struct db *db, enum cli_orphan what);

/* Rules of one dossier. */
enum cli_dossier_rule {
	CLI_STEPS_MISSING,    /* received, without any planned step */
	CLI_STEPS_UNRECEIVED, /* not received, with steps */
	CLI_STEPS_NUMBERING,  /* steps not numbered 1..n */
	CLI_INTAKE_EVENT,     /* not exactly one receive/submit event */
	CLI_INTAKE_AUDIT      /* not exactly one dossier.receive/submit audit record */
};
/* How many dossiers break `rule` (rows read until the end or an error); the
 * codes of the first `max` are appended to `examples` (a JSON array the
 * caller owns), in the order of their ids. */
long long cli_db_dossiers_breaking(struct db *db, enum cli_dossier_rule rule, json_t *examples,
				   size_t max);

enum { CD_ID, CD_AGENCY, CD_CODE };
/* Every dossier by id (columns CD_*: id, agency_id, code). */
struct db_stmt *cli_db_dossiers(struct db *db);
enum { CS_AGENCY, CS_DAY, CS_LAST };
/* Every stored daily sequence by (agency_id, day) (columns CS_*: agency_id,
 * day, last). */
struct db_stmt *cli_db_seqs(struct db *db);

/* --- motcua audit ------------------------------------------------------- */

/*
 * Reads the audit trail, newest first: at most `limit` entries
 * {"id","at","actor","action","entity","entity_id","before","after",
 * "request_id"} ("at" ISO 8601 local time; before/after the stored JSON, as
 * text if it is not JSON). A NULL entity, entity_id or action matches every
 * row. *more = 1 when older entries were left out. Returns a new array, or
 * NULL when the audit cannot be read.
 */
json_t *cli_db_audit(struct db *db, const char *entity, const char *entity_id, const char *action,
		     long limit, int *more);

/* --- motcua outbox -------------------------------------------------------
 * A message: {"id","status" (queued, sent, failed),"created_at","kind",
 * "dossier_code","to","subject","attempts","next_attempt_at","sent_at",
 * "failed_at","last_error"} (instants ISO 8601 local time, or null). */

/* The newest `limit` messages, newest first; status NULL (all), "queued",
 * "sent" or "failed". *more = 1 when older ones were left out. Returns a new
 * array, or NULL when the outbox cannot be read. */
json_t *cli_db_outbox_list(struct db *db, const char *status, long limit, int *more);
/* Message `id`, with its "body": 1 and *out a new object (the caller's), 0
 * when there is none, -1 when the outbox cannot be read. */
int cli_db_outbox_message(struct db *db, long long id, json_t **out);

/* --- motcua centre (the home agency's row) ------------------------------ */

/* The fields of the home centre a change may set, in this order: the JSON
 * keys of cli_db_home() and the values of cli_db_home_update(). */
#define CLI_CENTRE_NKEYS 7
extern const char *const cli_centre_keys[CLI_CENTRE_NKEYS];
/* The home centre {"code","eid", and the CLI_CENTRE_NKEYS keys}: a new
 * object, or NULL when there is none. */
json_t *cli_db_home(struct db *db);
/* Sets the fields of agency `code` whose value[k] is not NULL (the others
 * are kept). 0 or -1. */
int cli_db_home_update(struct db *db, const char *code, const char *const value[CLI_CENTRE_NKEYS]);

/* --- the demo loader (agency, unit) ------------------------------------- */

/* How many agencies the store holds, -1 on error. */
long long cli_db_agency_count(struct db *db);
/* One agency row. parent: the code of an agency inserted before ("" or an
 * unknown code: none); work_periods and cutoff NULL: the defaults
 * (07:30-11:30,13:00-17:00 and 15:00). */
struct cli_agency {
	const char *code, *name, *level, *parent, *eid, *centre_name, *address, *phone, *email;
	const char *work_periods, *cutoff;
	int island, is_home;
};
/* Inserts the agency. 0, or -1 (db_errmsg() says why). */
int cli_db_agency_insert(struct db *db, const struct cli_agency *a);
/* Inserts the unit `code` named `name` of the agency whose code is `agency`.
 * 0, or -1 on error, duplicate or unknown agency. */
/* counter: the agency's reception and return counter (unit.is_counter). */
int cli_db_unit_insert(struct db *db, const char *agency, const char *code, const char *name,
		       int counter);

#endif
