/*
 * performance.h — the officers' figures and the national export (issue 14,
 * items 4 and 5; DECISIONS D41; the HTTP contract: docs/API.md "Officers'
 * figures and the national export").
 *
 * performance_officer() is the contract other domains call (the officials'
 * yearly evaluation shows these as the "measured" figures): plain
 * arguments, NO actor — the caller decides who may read an officer's
 * figures (performance_may_read() is the rule the HTTP API applies).
 *
 * What is counted, for staff member S over the instants [from, to):
 *  - a step handled: a row of dossier_step with handler_id = S, finished
 *    (finished_at in [from, to)) with outcome early | on_time | late
 *    ("skipped" steps are not handled by anyone and are not counted);
 *    early / on time / late are the step's outcome column, written when the
 *    step was handed over (the legal clock's judgement, pauses included);
 *  - the on-time rate: (early + on time) / handled, in per cent, or -1 when
 *    fewer than PERF_MIN_STEPS steps were handled (too small a sample to
 *    judge anyone by);
 *  - the average step time: working time from started_at to finished_at,
 *    in the hours of the dossier's agency (the legal clock: days off,
 *    make-up days and the agency's working periods), in hours; -1 when no
 *    handled step has both instants;
 *  - open / overdue steps: S's steps started and not finished at `to`, and
 *    those of them whose deadline (dossier_step.due_at) is before `to`;
 *  - dossiers handled: distinct dossiers with a handled step; dossiers
 *    received: dossiers S received at the counter (dossier.received_by)
 *    with received_at in [from, to);
 *  - evaluations received: citizens' evaluations tied to S
 *    (evaluation.staff_id: the counter officer who served the ticket, or
 *    the officer who received the dossier) created in [from, to), and the
 *    "not satisfied" ones;
 *  - petitions answered: petitions assigned to S (petition.officer_id)
 *    answered in [from, to); on time: answered_at <= due_at (the
 *    resolution deadline on the legal clock, D33), or, for a petition that
 *    never got one (answered at classification), answered_at <= ack_due_at;
 *  - petitions about S: NOT recorded — a petition names the officer who
 *    handles it, never the officer it is about, so petitions_about is -1
 *    ("unknown", never 0: motcua cannot say there were none).
 */
#ifndef MOTCUA_APP_PERFORMANCE_H
#define MOTCUA_APP_PERFORMANCE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* Steps handled before an on-time rate is shown (D41). */
#define PERF_MIN_STEPS 10
/* Evaluations received before a "not satisfied" share is shown (D41). */
#define PERF_MIN_EVALS 10
/* A period of figures or of an export: at most this many days. */
#define PERF_MAX_DAYS 366
#define PERF_EXPORT_MAX_DAYS 3660
/* The drill-down lists at most this many dossiers ("total" counts all). */
#define PERF_LIST_MAX 500

struct officer_figures {
	int64_t staff_id;
	int64_t from, to; /* the period, instants [from, to) */
	long long steps_handled;
	long long steps_early, steps_on_time, steps_late;
	/* (early + on_time) * 100 / handled, one decimal; -1 below PERF_MIN_STEPS */
	double on_time_rate;
	/* working hours per handled step, one decimal; -1 when none */
	double avg_step_hours;
	long long steps_open, steps_overdue; /* at `to` */
	long long dossiers_handled;
	long long dossiers_received;
	long long evaluations, evaluations_not_satisfied;
	/* not_satisfied * 100 / evaluations; -1 below PERF_MIN_EVALS */
	double not_satisfied_rate;
	long long petitions_answered, petitions_answered_on_time;
	long long petitions_about; /* -1: not recorded (see above) */
};

/*
 * The figures of staff member staff_id over [from, to) into *out. 0, or
 * ERR_NOT_FOUND (no such staff member, "staff_not_found"), ERR_VALIDATION
 * (to <= from, field "to"), ERR_INTERNAL — with p filled. Reads only (the
 * caller's read transaction, if any). `a` gives the legal clock (its hours
 * are read under the app's lock; the pointer is not written through).
 */
int performance_officer(struct db *db, const struct app *a, int64_t staff_id, int64_t from,
			int64_t to, struct officer_figures *out, struct problem *p);

/* The figures as JSON (rates null when hidden, petitions_about null). */
json_t *performance_figures_json(const struct officer_figures *f);

/*
 * Who may read staff member staff_id's figures and dossiers: himself; a
 * head the members of his own unit; a leader the staff of his agency; a
 * province officer anyone. 0, or ERR_FORBIDDEN ("not_your_officer") /
 * ERR_NOT_FOUND ("staff_not_found").
 */
int performance_may_read(struct db *db, const struct actor *viewer, int64_t staff_id,
			 struct problem *p);

/* A staff member's id by username (active or not): 0 and *id, or
 * ERR_NOT_FOUND "staff_not_found" (field "username"). */
int performance_staff_id(struct db *db, const char *username, int64_t *id, struct problem *p);

/*
 * The table of officers (GET /api/v1/officers/figures): every staff member
 * of the viewer's scope holding a role that handles dossiers, with figures.
 * Scope: a head his unit; a leader his agency (unit_code narrows it to a
 * unit of that agency); a province officer any agency (agency_code; none:
 * every agency) and unit. {"from","to","min_steps","items":[{"username",
 * "full_name","title","unit":{code,name},"agency":{code,name},"figures"}]}
 * by agency, unit, username. 0 or an error (403 for a head naming another
 * unit, 404 for an unknown agency or unit).
 */
int performance_table(struct db *db, const struct app *a, const struct actor *viewer,
		      const char *agency_code, const char *unit_code, int64_t from, int64_t to,
		      struct problem *p, json_t **out);

/*
 * The dossiers behind a number (the drill-down): kind is one of "handled",
 * "early", "on_time", "late", "open", "overdue" (a step each), "dossiers" (the
 * distinct dossiers of the handled steps), "received", "evaluations",
 * "not_satisfied" (a dossier each) (field "kind"). {"kind","total","items":[{"code",
 * "procedure":{code,name},"step":{position,name}|null,"started_at",
 * "finished_at","due_at","outcome"}]} — at most PERF_LIST_MAX, newest
 * first; no personal data. The caller checks performance_may_read.
 */
int performance_dossiers(struct db *db, int64_t staff_id, const char *kind, int64_t from,
			 int64_t to, struct problem *p, json_t **out);

/* --- the national export (DOMAIN.md §1.3; field list in docs/API.md) --- */

struct perf_export;

/*
 * Open an export of the dossiers received in [from, to) (agency 0: every
 * agency), in the field names of the National Public Service Portal, one
 * JSON object a line. The rows are read one at a time (a cursor: nothing
 * but the current row is held). `db` must stay open and unused by anyone
 * else until performance_export_close. NULL with p filled.
 */
struct perf_export *performance_export_open(struct db *db, const struct app *a, long long agency,
					    int64_t from, int64_t to, struct problem *p);
/* The next line (with its '\n') into *line (owned by the export, valid
 * until the next call): its length, 0 at the end, -1 on a store error. */
long performance_export_next(struct perf_export *x, const char **line);
/* Lines produced so far. */
long long performance_export_count(const struct perf_export *x);
void performance_export_close(struct perf_export *x);

/* An agency's id by code (the export's ?agency=): 0 and *id, or
 * ERR_NOT_FOUND "agency_not_found" (field "agency"). */
int performance_agency_id(struct db *db, const char *code, long long *id, struct problem *p);

/* --- the daily rollup of the control sheet's steps (D41, migration 0025) --- */

/*
 * Steps finished in the Vietnam days [d0, d1) (day numbers), summed per
 * unit (by_handler 0; handler_id 0) or per unit and handler (by_handler 1:
 * steps with a handler), and outcome ("" when none, "skipped" included):
 * fn is called once per row; a key may come twice (a rolled part and a
 * live part: the caller adds). secs: finished - started summed over the
 * `timed` steps that have a start. Rolled days come from step_day, the rest
 * from dossier_step: the sums are the same either way. 0 or -1 (store).
 */
struct perf_step_sum {
	long long unit_id, handler_id;
	const char *outcome;
	long long steps, timed, secs;
};
typedef void (*perf_step_fn)(const struct perf_step_sum *r, void *arg);
int performance_step_sums(struct db *db, int64_t d0, int64_t d1, int by_handler, perf_step_fn fn,
			  void *arg);

/*
 * Bring step_day up to yesterday (or again from the first step: rebuild):
 * the steps finished each closed day, per dossier's agency, unit, handler
 * and outcome, with their working seconds on the legal clock of `a`. In
 * the caller's write transaction, with an audit record ("step.rollup").
 * `motcua report rollup` runs it after the report's rollup.
 */
struct perf_rollup_out {
	int64_t from_day, through_day; /* days [from, through) written */
	long long rows;
};
int performance_rollup(struct db *db, struct app *a, const struct actor *who, int64_t now,
		       int rebuild, struct perf_rollup_out *out, struct problem *p);

#endif
