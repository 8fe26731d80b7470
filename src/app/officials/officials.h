/*
 * officials.h — officials who serve the people (issue 15, items 1, 2, 3, 5;
 * Directive 05-CT/TW): the agency's public-service ethics criteria per year,
 * each official's yearly commitments against them, the evaluation cycle
 * (self-assessment, the head's assessment, the leader's conclusion with one
 * of the four ratings) with the official's measured figures beside each
 * criterion, and the leaders' supervision. Rules: docs/DECISIONS.md D42; the
 * HTTP contract: docs/API.md "Officials: criteria, commitments, evaluation".
 *
 * Who reads an official's commitment or evaluation: the official, a head of
 * his unit, the leaders of his agency (anyone else 403). Who acts at the
 * head's stage: a head of the official's unit other than himself, or — when
 * the unit has no other head — a leader of the agency. Who concludes: a
 * leader of the agency other than the official. Every change writes an
 * official_event (the history shown on the pages) and an audit record.
 *
 * Inputs (criteria groups, commitment items, scores) arrive as JSON arrays
 * already cleaned by the handler (texts NFC, lengths checked); the services
 * check the rules (criterion ids, weights, scores within the scale).
 */
#ifndef MOTCUA_APP_OFFICIALS_H
#define MOTCUA_APP_OFFICIALS_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* Ceilings of the input (characters, counts). */
#define OFF_GROUPS_MAX 12
#define OFF_CRITERIA_MAX 20 /* per group */
#define OFF_GROUP_CHARS 120
#define OFF_CRITERION_CHARS 300
#define OFF_ITEM_CHARS 2000    /* a commitment's text, an evidence */
#define OFF_COMMENT_CHARS 2000 /* a comment, a reason, a conclusion */
#define OFF_MEASURES_MAX 8
#define OFF_WEIGHT_MAX 100
#define OFF_SCALE_MIN 2
#define OFF_SCALE_MAX 100
#define OFF_SCALE_DEFAULT 10
#define OFF_YEAR_MIN 2000
#define OFF_YEAR_MAX 2100
#define OFF_BODY_MAX (256u << 10)

/* "High self-score" (D42): a submitted self-assessment at or above this
 * share of the maximum, in percent. */
#define OFF_HIGH_SELF_PCT 80

/* The measurable commitments and the figures beside a criterion: a metric
 * of the official's measured figures (performance_officer), its labels,
 * whether a target is a minimum ("min") or a maximum ("max"), and the
 * agency-wide norm used by the supervision when the official committed to
 * nothing on it (D42). */
struct off_metric {
	const char *code;
	const char *vi, *en;
	const char *dir; /* "min" | "max" */
	double norm;
	double target_max; /* the highest target accepted */
};
/* The table (NULL code ends it) and one by code (NULL if unknown). */
extern const struct off_metric off_metrics[];
const struct off_metric *off_metric_find(const char *code);

/* The four ratings of officials: "excellent" (Hoàn thành xuất sắc nhiệm vụ),
 * "good", "completed", "not_completed". 1 if code is one. */
int off_rating_ok(const char *code);

/* The official's measured figures for [from, to) as the system computed
 * them (performance_officer): {"metric": value|null, …, "sample": {…}}, a
 * new reference (officials_measured.c). */
json_t *officials_measured(struct db *db, struct app *a, long long staff_id, int64_t from,
			   int64_t to);

/* An actor for username (staff id, unit, roles; name = username, borrowed):
 * 0, or ERR_NOT_FOUND. For the demo loader and the CLI. */
int officials_actor(struct db *db, const char *username, struct actor *out, struct problem *p);

/* ---- criteria sets (item 1) ------------------------------------------------ */

/* The actor's agency's set for year: {"id", "year", "state", "version",
 * "scale_max", "groups": [{"name", "criteria": [{"id", "text", "weight",
 * "measure"}]}], "published_at", "events": […]}; 404 when there is none. */
int officials_criteria_get(struct db *db, const struct actor *who, long long year,
			   struct problem *p, json_t **out);
/* Create or replace the draft set of the actor's agency for year: groups
 * (cleaned JSON, see API.md) and scale_max (0: the default, or the copied
 * set's), or copy_from a year's set (groups NULL). A published set is 409
 * criteria_published. *created = 1 when new. Audited. */
int officials_criteria_save(struct db *db, const struct actor *who, int64_t now, long long year,
			    long long scale_max, json_t *groups, long long copy_from, int *created,
			    struct problem *p, json_t **out);
/* "publish" (leaders: the set is frozen and public) or "reopen" (leaders,
 * with a reason: a draft again, the reopening recorded). */
int officials_criteria_action(struct db *db, const struct actor *who, int64_t now, long long id,
			      const char *action, const char *reason, struct problem *p,
			      json_t **out);
/* The public page: the published set of agency (its code) for year, or 404
 * criteria_not_published. */
int officials_criteria_public(struct db *db, const char *agency, long long year, struct problem *p,
			      json_t **out);

/* ---- commitments (item 2) -------------------------------------------------- */

/* The actor's own commitment for year, created (draft) or replaced while a
 * draft or returned: items [{"criterion", "text"}], measures [{"metric",
 * "target"}]. The year's criteria must be published (409). Audited. */
int officials_commitment_save(struct db *db, const struct actor *who, int64_t now, long long year,
			      json_t *items, json_t *measures, int *created, struct problem *p,
			      json_t **out);
/* One commitment with its criteria texts and history (the official, a head
 * of his unit, the leaders). */
int officials_commitment_get(struct db *db, const struct actor *who, long long id,
			     struct problem *p, json_t **out);
/* The commitments the actor may read for year: his own (mine = 1, or an
 * official), a head's unit, a leader's agency; unit_id, state filter. */
int officials_commitment_list(struct db *db, const struct actor *who, long long year, int mine,
			      long long unit_id, const char *state, struct problem *p,
			      json_t **out);
/* "submit" (the official: draft|returned → submitted), "approve" or
 * "return" (with a comment; the head's stage: submitted → approved |
 * returned), "reopen" (a leader, with a reason: approved → returned). */
int officials_commitment_action(struct db *db, const struct actor *who, int64_t now, long long id,
				const char *action, const char *comment, struct problem *p,
				json_t **out);

/* ---- the evaluation cycle (item 3) ---------------------------------------- */

/* A leader opens the agency's "yearly" or "midyear" cycle for year with the
 * stages' deadlines (day numbers, core/vntime.h): every active official of
 * the agency gets an evaluation at the self-assessment stage. Audited. */
int officials_cycle_open(struct db *db, const struct actor *who, int64_t now, long long year,
			 const char *kind, int64_t self_due, int64_t head_due, int64_t leader_due,
			 struct problem *p, json_t **out);
/* The agency's cycles (of year, 0: all). */
int officials_cycles(struct db *db, const struct actor *who, long long year, struct problem *p,
		     json_t **out);
/* The id of the actor's agency's cycle of year and kind, 0 if none. */
long long officials_cycle_id(struct db *db, const struct actor *who, long long year,
			     const char *kind);
/* Reminders through the outbox to whoever must act on an evaluation of the
 * cycle that is not concluded: {"sent": n}. Audited. */
int officials_cycle_remind(struct db *db, const struct actor *who, int64_t now, long long id,
			   struct problem *p, json_t **out);

/* The evaluation of username for year and kind (the official, a head of
 * his unit, the leaders; anyone else 403): the criteria with the self and
 * head scores and the measured figures beside each, the commitment's
 * measurable targets checked, "measured", the history and "can". */
int officials_appraisal_get(struct db *db, struct app *a, const struct actor *who, long long year,
			    const char *username, const char *kind, struct problem *p,
			    json_t **out);
/* The evaluations the actor may read (own / unit / agency) for year. */
int officials_appraisal_list(struct db *db, const struct actor *who, long long year,
			     const char *kind, long long unit_id, struct problem *p, json_t **out);

struct off_action {
	const char *action; /* self_assess | head_assess | conclude | return | reopen */
	json_t *items;      /* self_assess: [{"criterion","score","evidence"}];
			       head_assess: [{"criterion","score","comment"}] */
	int submit;         /* self_assess: send to the head */
	const char *text;   /* summary | comment | conclusion | reason */
	const char *rating; /* conclude */
	const char *to;     /* reopen: "self" | "head" | "leader" (default) */
};
int officials_appraisal_action(struct db *db, struct app *a, const struct actor *who, int64_t now,
			       long long id, const struct off_action *in, struct problem *p,
			       json_t **out);

/* ---- supervision (item 5) ------------------------------------------------- */

/* Leaders: per unit of the agency, the officials, commitments registered
 * and approved, evaluations self-assessed, assessed and concluded; and the
 * officials whose measured figures contradict a high self-score (D42). */
int officials_supervision(struct db *db, struct app *a, const struct actor *who, long long year,
			  struct problem *p, json_t **out);

#endif
