/*
 * queue.h — the counter queue, as a contract (issue 12; docs/API.md
 * "Counter queue", docs/DECISIONS.md D32).
 *
 * A citizen takes a ticket at the kiosk in a service group (a group serves
 * some fields of procedures), watches the display board, and is called to
 * a counter. Groups and counters belong to an agency (D27: the officer's
 * agency, the kiosk's agency given by its code or the home centre's).
 * Tickets are numbered per group and per Vietnam day ("A012": the group's
 * letter and the day's sequence), only within the agency's working periods
 * of a working day (the legal clock: the calendar and agency.work_periods).
 *
 * States: waiting → called → serving → done; called → no_show (after
 * QUEUE_NO_SHOW_GRACE_S); called/serving → transferred (waiting again, in
 * another group or at one counter, keeping its place in time); called →
 * called again (recall). `waiting` and `transferred` are in the line.
 *
 * Calling next (queue_call_next): the longest-waiting ticket the counter may
 * call (its groups, or transferred to it), priority tickets first, but at
 * most QUEUE_PRIORITY_RUN_MAX priority calls in a row by one counter while
 * an ordinary ticket it could call waits (the starvation bound). Every
 * change runs inside the caller's write transaction (the writer thread; on
 * PostgreSQL the writers of every server are serial under one advisory
 * lock), re-checks the ticket's state in its UPDATE, and writes an audit
 * record and a queue_event row (the board's stream) — so two counters never
 * get the same ticket, on one server or several.
 *
 * Personal data: none. A ticket is a number; the public handle (public_id)
 * is 32 random bytes (base64url), not guessable from the number.
 *
 * Ownership: JSON results are new references. Threading: a struct db
 * belongs to one thread; services keep no state.
 */
#ifndef MOTCUA_APP_QUEUE_H
#define MOTCUA_APP_QUEUE_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"

#define QUEUE_CODE_CHARS 20
#define QUEUE_NAME_CHARS 120
#define QUEUE_REASON_CHARS 200
#define QUEUE_FIELDS_MAX 30
#define QUEUE_GROUPS_MAX 30         /* groups one counter calls */
#define QUEUE_PRIORITY_RUN_MAX 3    /* priority calls in a row while an ordinary one waits */
#define QUEUE_NO_SHOW_GRACE_S 120   /* a called ticket may be marked no-show after this */
#define QUEUE_DEFAULT_SERVICE_S 300 /* the estimate before any service was measured today */
#define QUEUE_TICKETS_PER_WINDOW 30 /* tickets per client address … */
#define QUEUE_TICKET_WINDOW_S 60    /* … per this many seconds */
#define QUEUE_DAY_MAX 999           /* tickets per group per day */
#define QUEUE_EVENT_KEEP_S 86400    /* events kept for Last-Event-ID resume */
#define QUEUE_LAST_CALLS 10         /* calls on the board's snapshot */
#define QUEUE_PUBLIC_ID_LEN 43      /* base64url of 32 random bytes */
/* PostgreSQL: the channel that tells every server's event hub to look */
#define QUEUE_CHANNEL "motcua_queue"

/* ---- groups and counters (admin) -------------------------------------- */

struct queue_group_in {
	const char *code;    /* [A-Z0-9_-], up to QUEUE_CODE_CHARS */
	const char *prefix;  /* one letter A–Z: the tickets' numbers */
	const char *name;    /* Vietnamese, required */
	const char *name_en; /* optional */
	json_t *fields;      /* borrowed: array of field codes (may be empty) */
};

/* Create a group in the actor's agency (admin): 201 {code, prefix, name,
 * name_en, fields[]}. 422 on a field; 409 code or prefix taken. */
int queue_group_create(struct db *db, const struct actor *who, int64_t now,
		       const struct queue_group_in *in, struct problem *p, json_t **out);

/* The agency: its code, or NULL for the home centre (or the actor's own
 * agency when `who` is staff). 0 and *agency, or ERR_NOT_FOUND. */
int queue_agency(struct db *db, const struct actor *who, const char *code, long long *agency,
		 struct problem *p);

/* {agency, open (1 when tickets may be taken now), items:[{code, prefix,
 * name, name_en, fields[], waiting}]}: the active groups of the agency. */
int queue_groups(struct db *db, struct app *a, long long agency, int64_t now, json_t **out);

struct queue_counter_in {
	long long number; /* 1..999 */
	const char *name;
	json_t *groups; /* borrowed: array of group codes, at least one */
};
/* Create a counter in the actor's agency (admin): 201 {id, number, name,
 * groups[]}. 422 unknown group; 409 number taken. */
int queue_counter_create(struct db *db, const struct actor *who, int64_t now,
			 const struct queue_counter_in *in, struct problem *p, json_t **out);
/* {items:[{id, number, name, groups[], paused, pause_reason, officer,
 * active, current (the ticket called or serving there, or null)}]}: the
 * counters in use, or with `all` also those taken out of use (last). */
int queue_counters(struct db *db, long long agency, int64_t now, int all, json_t **out);

/* Editing the set-up (admin): what is NULL (or active -1) stays as it was.
 * Every change is audited ("queue.group.update" / ".deactivate", before and
 * after) and tells the boards and consoles to reload ("setup" event; a kiosk within its 30 s
 * refresh). A group taken out of use (active false) gives no more tickets; the tickets already in
 * its line are still called. A counter cannot be taken out of use while a ticket is called or
 * served there (409 counter_busy). */
struct queue_group_edit {
	const char *name, *name_en;
	json_t *fields; /* borrowed; replaces the list */
	int active;     /* 0, 1, or -1 */
};
/* 200 {code, name, name_en, active, fields[]}; 404 unknown code. */
int queue_group_update(struct db *db, const struct actor *who, int64_t now, const char *code,
		       const struct queue_group_edit *in, struct problem *p, json_t **out);
/* Every group of the agency, those out of use last: {items:[{code, prefix,
 * name, name_en, active, fields[]}]}. */
int queue_groups_setup(struct db *db, long long agency, json_t **out);
struct queue_counter_edit {
	const char *name;
	json_t *groups; /* borrowed; replaces the list (1..QUEUE_GROUPS_MAX) */
	int active;     /* 0, 1, or -1 */
};
/* 200 {id, number, name, groups[], active}; 404 unknown counter. */
int queue_counter_update(struct db *db, const struct actor *who, int64_t now, long long id,
			 const struct queue_counter_edit *in, struct problem *p, json_t **out);

/* ---- tickets ----------------------------------------------------------- */

/*
 * Issue a ticket (the public kiosk) in group `code` of `agency`: refused
 * with 409 "queue_closed" outside the agency's working periods or on a day
 * that is not a working day, 429 beyond QUEUE_TICKETS_PER_WINDOW for
 * `client_key` (a hash of the address; NULL = not counted), 409
 * "queue_full" beyond QUEUE_DAY_MAX. *out = {id (the public id), number,
 * group, priority, position, estimated_wait_minutes, issued_at, url}.
 */
int queue_ticket_issue(struct db *db, struct app *a, const struct actor *who, int64_t now,
		       long long agency, const char *group, int priority, const char *client_key,
		       struct problem *p, json_t **out);

/* The public view of a ticket (no personal data: there is none):
 * {number, group{code,name,name_en}, state, priority, position,
 * estimated_wait_minutes, issued_at, called_at, counter{number,name}|null}.
 * ERR_NOT_FOUND for an unknown id. */
int queue_ticket_public(struct db *db, const char *public_id, int64_t now, struct problem *p,
			json_t **out);

/* ---- the counter console (reception) ----------------------------------- */

/* Call the next ticket to counter `counter` (rules above): 200 the ticket
 * {id, number, group, priority, state "called", counter, called_at}; 404
 * "queue_empty" when no one waits; 409 "counter_busy" while a ticket is
 * called or served there; 409 "counter_paused". The actor becomes the
 * officer on duty. */
int queue_call_next(struct db *db, const struct actor *who, int64_t now, long long counter,
		    struct problem *p, json_t **out);

enum queue_action {
	QA_RECALL,   /* called → called (announced again) */
	QA_START,    /* called → serving */
	QA_FINISH,   /* serving → done */
	QA_NO_SHOW,  /* called → no_show, QUEUE_NO_SHOW_GRACE_S after the call */
	QA_TRANSFER, /* called/serving → transferred (to `group` or `counter`) */
	QA_DOSSIER,  /* called/serving/done: link the dossier taken in */
};

struct queue_action_in {
	enum queue_action action;
	const char *group;   /* QA_TRANSFER: a group code, or */
	long long counter;   /* QA_TRANSFER: a counter number (0 = none) */
	const char *dossier; /* QA_DOSSIER: a dossier code of the agency */
};
/* Act on ticket `id` (the internal id) of the actor's agency. 404 unknown,
 * 409 "bad_state" when the ticket is not in a state the action takes,
 * 409 "too_early" for a no-show within the grace period, 422 on a field.
 * *out the ticket as queue_call_next. */
int queue_ticket_act(struct db *db, const struct actor *who, int64_t now, long long id,
		     const struct queue_action_in *in, struct problem *p, json_t **out);

/*
 * For the intake desk (the console opens it with ?ticket=<id>): link ticket
 * `ticket` (the internal id) to the dossier `code` just taken in, inside
 * the intake's own write transaction after the dossier row exists — as
 * queue_ticket_act with QA_DOSSIER (audit "queue.ticket.dossier"), but
 * only for a ticket called or being served at a counter of the actor's
 * agency: else ERR_VALIDATION naming "ticket". 0, or an enum err with p
 * filled.
 */
int queue_ticket_link_dossier(struct db *db, const struct actor *who, int64_t now, long long ticket,
			      const char *code, struct problem *p);

/* For the staff dossier view: the (latest) ticket linked to dossier
 * `code`, {number, group{code,name,name_en}, priority, state, issued_at,
 * called_at, started_at, finished_at, counter{number,name}|null, officer
 * (the full name of the officer who called it, "" if none)}, or JSON null.
 * No personal data of the citizen (a ticket has none). 0 or ERR_INTERNAL. */
int queue_dossier_ticket(struct db *db, const char *code, json_t **out);

/* Pause (reason required) or resume counter `counter` (the internal id). */
int queue_counter_pause(struct db *db, const struct actor *who, int64_t now, long long counter,
			int paused, const char *reason, struct problem *p, json_t **out);

/* The agency of a staff actor: their unit's; an account in no unit (an
 * administrator) the home centre's; 0 if none. */
long long queue_actor_agency(struct db *db, const struct actor *who);

/* ---- the board ---------------------------------------------------------- */

/* The board's snapshot: {agency, last_event_id, groups:[{code, name,
 * name_en, waiting}], calls:[{number, group, counter, counter_name, state,
 * at}] (the last QUEUE_LAST_CALLS calls today, newest first)}. */
int queue_board(struct db *db, long long agency, int64_t now, json_t **out);

/* The events after `after` (ids ascending, at most `max`), for the hub:
 * calls fn(arg, id, agency, text) for each, text the SSE data (JSON).
 * Returns the number delivered, or -1. */
int queue_events_after(struct db *db, long long after, int max,
		       void (*fn)(void *arg, long long id, long long agency, const char *kind,
				  const char *data),
		       void *arg);
/* The newest event id (0 if none). */
long long queue_events_last(struct db *db);
/* The oldest event id still kept (0 if none). */
long long queue_events_first(struct db *db);

#endif
