/*
 * dossier.h — the life of a dossier as pure rules: its states, the actions
 * that move it, which state allows which action, who may do it, and the
 * timing words of the control sheet (early / on time / late).
 *
 *   submitted ──accept──▶ received ──forward──▶ processing ──complete──▶ result_ready ──return──▶
 * returned │                    │  ▲                 │  ▲ send_back/forward │                    ▼
 * │ supplement      ▼  │ supplement └─request_supplement─▶ supplement_requested (at most once per
 * dossier; the clock pauses) refuse:   submitted | received | processing | supplement_requested →
 * refused withdraw: submitted | received | processing | supplement_requested → withdrawn apologize
 * (at most once): received | processing | supplement_requested → same state, with a new appointment
 *
 * "Overdue" is never a state: it is derived (ds_overdue). No I/O here; the
 * services in src/app apply these rules inside the write transaction.
 */
#ifndef MOTCUA_CORE_DOSSIER_H
#define MOTCUA_CORE_DOSSIER_H

#include <stdint.h>

#include "core/problem.h"

enum ds_status {
	DS_SUBMITTED,
	DS_RECEIVED,
	DS_PROCESSING,
	DS_SUPPLEMENT_REQUESTED,
	DS_RESULT_READY,
	DS_RETURNED,
	DS_REFUSED,
	DS_WITHDRAWN,
	DS__COUNT
};

enum ds_action {
	DA_ACCEPT,
	DA_FORWARD,
	DA_SEND_BACK,
	DA_REQUEST_SUPPLEMENT,
	DA_SUPPLEMENT,
	DA_REFUSE,
	DA_COMPLETE,
	DA_APOLOGIZE,
	DA_RETURN,
	DA_WITHDRAW,
	DA__COUNT
};

const char *ds_status_name(enum ds_status s);
/* -1 if unknown */
int ds_status_parse(const char *s);
const char *ds_action_name(enum ds_action a);
int ds_action_parse(const char *s);

/* What the rules need to know about a dossier. */
struct ds_facts {
	enum ds_status status;
	enum ds_status paused_from; /* for supplement: the status before the request */
	int supplement_count;
	int apology_count;
	int step;   /* current step position, 1-based; 0 = none */
	int nsteps; /* planned steps */
	/* where the dossier is, for who may act (ds_may_act) */
	long long step_unit;    /* unit of the current step; 0 = none */
	long long counter_unit; /* unit of the first (receiving) step: the counter */
	int may_complete;       /* the current step may issue the result early */
};

/* 0 if action a is allowed in the dossier's state; else fills p with a 409
 * (invalid_transition, supplement_once, apology_once, no_next_step,
 * no_previous_step, not_last_step) and returns ERR_CONFLICT. Roles and units
 * are checked apart (ds_may_act).
 *
 * The last planned step is the return of the result at the counter, so the
 * step before it is the last processing step, where the result is signed
 * (usually by the leader): complete is that step's action, or an earlier
 * step's when the catalogue marks it may_complete; forward stops at that
 * step (handing the dossier to the return step is what complete does). */
int ds_check(enum ds_action a, const struct ds_facts *f, struct problem *p);
/* The status after a (allowed) action. */
enum ds_status ds_next(enum ds_action a, const struct ds_facts *f);
/*
 * Who may take action a on a dossier described by f: an officer holding one
 * of the action's roles (ds_action_roles) AND belonging to the unit where the
 * action belongs. Every action belongs to the unit of the open step; before
 * any step is open (an online submission) it belongs to the counter unit
 * (the unit of the procedure's first step). The law gives some actions to
 * the one-stop counter as such: accept and withdraw (the stop request) are
 * always the counter unit's, and a supplement of papers may also be
 * received by a counter officer (reception role in the counter unit) while
 * another unit's step is open. The apology with a new appointment (Mẫu 04,
 * Circular 03/2025/TT-VPCP) is signed for the People's Committee by its
 * leader: only the leader role issues it (any other role: not_competent),
 * whatever step is open and of whichever unit. A refusal before receipt
 * (an online submission) is the counter officer's (reception, counter
 * unit); once received it is the competent body's: the head of the unit
 * whose step is open, or a leader (any unit) — any other role gets
 * not_competent. An officer of no unit
 * (unit 0) never acts. 0 if allowed; else fills p with a 403 (forbidden or
 * not_competent: the role; not_your_step: the unit) and returns
 * ERR_FORBIDDEN.
 */
int ds_may_act(enum ds_action a, const struct ds_facts *f, unsigned roles, long long unit,
	       struct problem *p);
/* The roles (core/roles.h bits) allowed to perform an action. */
unsigned ds_action_roles(enum ds_action a);
/* 1 if the clock runs in this status (received, processing). */
int ds_clock_runs(enum ds_status s);
/* 1 if the status ends processing (result_ready, returned, refused, withdrawn). */
int ds_finished(enum ds_status s);

enum ds_timing { DT_EARLY, DT_ON_TIME, DT_LATE };
/*
 * The result of a piece of work finished at `finished` with deadline `due`,
 * as the control sheet writes it: late if after the deadline; early if on an
 * earlier (local) day than the deadline's; otherwise on time.
 */
enum ds_timing ds_classify(int64_t finished, int64_t due);
const char *ds_timing_name(enum ds_timing t);

/*
 * 1 if a dossier in status s with deadline `due` is overdue at `now`. While
 * waiting for a supplement the clock is stopped: overdue only if it already
 * was when the wait began (paused_at).
 */
int ds_overdue(enum ds_status s, int64_t due, int64_t paused_at, int64_t now);

/*
 * A dossier's row id, from what its code is made of:
 * (agency id × 10^6 + YYMMDD) × 10^7 + daily sequence. Dossiers are then
 * stored in code order, and the public tracking page finds one by its code
 * without the code index (one b-tree instead of two). 0 when out of range
 * (agency id above 900,000, sequence of 10^7 or more in one day).
 */
int64_t ds_row_id(int64_t agency_id, int yymmdd, int64_t seq);
/* Splits a code `<agency e-ID>-YYMMDD-<sequence>`: 0 and the parts, or -1. */
int ds_code_split(const char *code, size_t *eid_len, int *yymmdd, int64_t *seq);

#endif
