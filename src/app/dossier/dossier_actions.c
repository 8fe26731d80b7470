/*
 * dossier_actions.c — dossier_act(): one action on a dossier, as a service.
 *
 * It runs inside the write transaction (on the server, the writer thread's
 * group commit), where the dossier's current state is read and checked: of
 * two officers acting at once, the second sees the first one's result, and
 * with "version" a stale page gets 409 instead of acting on what it did not
 * see. The request is parsed by the handler (dossier_parse.c); the SQL is in
 * dossier_store.c.
 *
 * Who may act: ds_may_act (core/dossier.h) — the action's roles, and the
 * unit where the action belongs: the open step's unit, or the counter's
 * (the unit of the first step) for accept, withdraw and, before any step is
 * open, for everything. A forward to a named officer names an active
 * officer of the next step's unit.
 *
 * The clock: request_supplement stops it (paused_at); supplement moves the
 * due instant and every open step's deadline later by exactly the working
 * time paused; apologize sets the new appointment once and shifts the open
 * steps by the same working time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/dossier/dossier_store.h"
#include "app/dossier/notify.h"
#include "core/vntime.h"

/* Move every open step's deadline later by work_s of working time. */
static int shift_open_steps(struct app *a, struct db *db, const struct drow *d, int64_t work_s)
{
	long long id = d->id;
	int pos[DOSSIER_MAX_STEPS];
	int64_t due[DOSSIER_MAX_STEPS];
	int n = dstore_open_steps(db, id, pos, due, DOSSIER_MAX_STEPS);
	for (int k = 0; k < n; k++)
		if (dstore_set_step_due(db, id, pos[k],
					clock_add_of(a, d->agency_id, due[k], work_s)))
			return -1;
	return 0;
}

/* What an action changed, for the common tail (state, event, audit, mail). */
struct effect {
	enum ds_status next;
	long long to_staff;
	int to_step;
	const char *outcome;
	const char *notice;
	int64_t due_after;
};

/* The action's own effect on the dossier and its steps. */
static int apply(struct db *db, struct app *a, const struct actor *who, int64_t now,
		 const struct action_req *ar, const struct drow *d, struct effect *e,
		 struct problem *p)
{
	long long me = who->staff_id;
	switch (ar->action) {
	case DA_ACCEPT: {
		int64_t due = 0;
		if (dossier_plan_steps(a, db, d->id, d->procedure_id, now, me, &due, p))
			return p->kind;
		e->due_after = due;
		e->to_step = 1;
		e->to_staff = me;
		e->notice = "received";
		return 0;
	}
	case DA_FORWARD: {
		e->to_step = d->step + 1;
		long long unit = dstore_step_unit(db, d->id, e->to_step, NULL);
		if (ar->to) {
			/* only an active officer of the next step's unit takes it */
			long long to_unit = 0;
			if (!dstore_officer(db, ar->to, &e->to_staff, &to_unit))
				return problem_set(
					p, ERR_VALIDATION, "validation", "to",
					"Không có cán bộ đang làm việc với tên đăng nhập này.",
					"There is no active officer with this username.");
			if (!unit || to_unit != unit)
				return problem_set(
					p, ERR_VALIDATION, "not_in_unit", "to",
					"Cán bộ này không thuộc đơn vị thực hiện bước tiếp theo.",
					"This officer is not in the unit of the next step.");
		} else {
			e->to_staff = dstore_default_officer(db, unit);
		}
		e->outcome = ds_timing_name(ds_classify(now, d->step_due));
		if (dstore_finish_step(db, d->id, d->step, now, me, e->outcome) ||
		    dstore_start_step(db, d->id, e->to_step, now, e->to_staff))
			return problem_kind(p, ERR_INTERNAL);
		return 0;
	}
	case DA_SEND_BACK:
		e->to_step = d->step - 1;
		e->to_staff = dstore_step_handler(db, d->id, e->to_step);
		if (dstore_reset_step(db, d->id, d->step) ||
		    dstore_start_step(db, d->id, e->to_step, now, e->to_staff))
			return problem_kind(p, ERR_INTERNAL);
		return 0;
	case DA_REQUEST_SUPPLEMENT: {
		char *items = json_dumps(ar->items, JSON_COMPACT);
		int rc = dstore_request_supplement(db, d->id, now, ds_clock_runs(d->status),
						   ds_status_name(d->status), ar->reason, items);
		free(items);
		if (rc)
			return problem_kind(p, ERR_INTERNAL);
		e->notice = "supplement";
		e->to_staff = d->assignee; /* still theirs when the papers come back */
		return 0;
	}
	case DA_SUPPLEMENT: {
		int64_t paused =
			d->paused_at ? clock_elapsed_of(a, d->agency_id, d->paused_at, now) : 0;
		if (paused > 0) {
			e->due_after = clock_add_of(a, d->agency_id, d->due, paused);
			if (shift_open_steps(a, db, d, paused))
				return problem_kind(p, ERR_INTERNAL);
		}
		if (dstore_supplemented(db, d->id, now, ar->note, d->due != 0, e->due_after,
					paused))
			return problem_kind(p, ERR_INTERNAL);
		e->to_staff = d->assignee;
		return 0;
	}
	case DA_REFUSE:
	case DA_WITHDRAW:
		if (d->step && d->step_open) {
			e->outcome = ds_timing_name(ds_classify(now, d->step_due));
			if (dstore_finish_step(db, d->id, d->step, now, me, e->outcome))
				return problem_kind(p, ERR_INTERNAL);
		}
		if (ar->action == DA_REFUSE
			    ? dstore_refused(db, d->id, now, ar->reason, ar->legal_basis)
			    : dstore_withdrawn(db, d->id, now, ar->reason, ar->legal_basis))
			return problem_kind(p, ERR_INTERNAL);
		/* Mẫu 03, or Mẫu 05 (the stop notice) */
		e->notice = ar->action == DA_REFUSE ? "refused" : "withdrawn";
		return 0;
	case DA_COMPLETE:
		e->outcome = ds_timing_name(ds_classify(now, d->step_due));
		if (d->step < d->nsteps) {
			if (dstore_finish_step(db, d->id, d->step, now, me, e->outcome) ||
			    dstore_skip_steps(db, d->id, d->step, d->nsteps, now) ||
			    dstore_start_step(db, d->id, d->nsteps, now, 0))
				return problem_kind(p, ERR_INTERNAL);
			e->to_step = d->nsteps;
		}
		if (dstore_set_result(db, d->id, now, ar->summary))
			return problem_kind(p, ERR_INTERNAL);
		e->notice = "result_ready";
		return 0;
	case DA_APOLOGIZE: {
		if (ar->new_due_at <= d->due || ar->new_due_at <= now)
			return problem_set(
				p, ERR_VALIDATION, "validation", "new_due_at",
				"Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm này.",
				"The new appointment must be after the current one and after now.");
		/* bounded: at most N working days past the original appointment
		 * (the apology is given once, so d->due is still that one) */
		int max_days = a->cfg.apology_max_days > 0 ? a->cfg.apology_max_days : 30;
		int64_t bound =
			clock_add_of(a, d->agency_id, d->due,
				     (int64_t)max_days * clock_day_seconds_of(a, d->agency_id));
		if (ar->new_due_at > bound)
			return problem_set(p, ERR_VALIDATION, "validation", "new_due_at",
					   "Ngày hẹn mới vượt quá số ngày làm việc tối đa sau ngày "
					   "hẹn ban đầu mà trung tâm cho phép (mặc định 30 ngày).",
					   "The new appointment is beyond the centre's maximum of "
					   "working days after the original one (30 by default).");
		int early = clock_elapsed_of(a, d->agency_id, now, d->due) >=
			    clock_day_seconds_of(a, d->agency_id);
		int64_t delta = clock_elapsed_of(a, d->agency_id, d->due, ar->new_due_at);
		/* the open steps move by the same working time; the last step's
		 * deadline is the new appointment itself */
		if (shift_open_steps(a, db, d, delta) ||
		    dstore_set_last_step_due(db, d->id, ar->new_due_at) ||
		    dstore_apologize(db, d->id, now, ar->reason, early, ar->new_due_at))
			return problem_kind(p, ERR_INTERNAL);
		e->due_after = ar->new_due_at;
		e->to_staff = d->assignee;
		e->notice = "apology";
		return 0;
	}
	case DA_RETURN: {
		int64_t last_due = 0;
		dstore_step_unit(db, d->id, d->nsteps, &last_due);
		e->outcome = ds_timing_name(ds_classify(now, last_due ? last_due : d->due));
		if (dstore_finish_step(db, d->id, d->nsteps, now, me, e->outcome) ||
		    dstore_returned(db, d->id, now, ar->receiver_name, ar->method))
			return problem_kind(p, ERR_INTERNAL);
		e->to_step = d->nsteps;
		return 0;
	}
	default: return problem_kind(p, ERR_BAD_REQUEST);
	}
}

static int audit_action(struct db *db, const struct actor *who, int64_t now,
			const struct action_req *ar, const struct drow *d, const struct effect *e)
{
	char b1[40] = "", b2[40] = "";
	if (d->due)
		vn_format_iso(d->due, b1, sizeof b1);
	if (e->due_after)
		vn_format_iso(e->due_after, b2, sizeof b2);
	json_t *before = json_pack("{s:s,s:i,s:s,s:I}", "status", ds_status_name(d->status), "step",
				   d->step, "due_at", b1, "version", (json_int_t)d->version);
	json_t *after = json_pack("{s:s,s:i,s:s,s:I}", "status", ds_status_name(e->next), "step",
				  e->to_step, "due_at", b2, "version", (json_int_t)d->version + 1);
	char action[48];
	snprintf(action, sizeof action, "dossier.%s", ds_action_name(ar->action));
	int rc = audit_write(db, who, now, action, "dossier", d->code, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int dossier_act(struct db *db, struct app *a, const struct actor *who, int64_t now,
		const struct action_req *ar, struct problem *p, json_t **view, int *mailed)
{
	struct drow d;
	*view = NULL;
	*mailed = 0;
	if (!dossier_in_scope(db, who, ar->code) || !dstore_load(db, ar->code, &d))
		return problem_set(p, ERR_NOT_FOUND, "not_found", NULL,
				   "Không tìm thấy hồ sơ với mã này.", "No dossier has this code.");
	if (ar->version && ar->version != d.version)
		return problem_set(
			p, ERR_CONFLICT, "version_conflict", "version",
			"Hồ sơ vừa được người khác xử lý; vui lòng tải lại trước khi thao tác.",
			"Someone else just acted on this dossier; reload it before acting.");
	struct ds_facts f = {.status = d.status,
			     .paused_from = d.paused_from,
			     .supplement_count = d.supplement_count,
			     .apology_count = d.apology_count,
			     .step = d.step,
			     .nsteps = d.nsteps,
			     .step_unit = d.step_unit,
			     .counter_unit = d.counter_unit,
			     .may_complete = d.may_complete};
	if (ds_may_act(ar->action, &f, who->roles, who->unit_id, p))
		return p->kind;
	if (ds_check(ar->action, &f, p))
		return ERR_CONFLICT;

	struct effect e = {.next = ds_next(ar->action, &f), .to_step = d.step, .due_after = d.due};
	int rc = apply(db, a, who, now, ar, &d, &e, p);
	if (rc)
		return rc;
	const char *note = ar->reason ? ar->reason : ar->note ? ar->note : ar->summary;
	if (dstore_set_state(db, d.id, ds_status_name(e.next), e.to_step,
			     ds_finished(e.next) ? 0 : e.to_staff, now) ||
	    dstore_event(db, d.id, now, ds_action_name(ar->action), who->staff_id,
			 ds_status_name(d.status), ds_status_name(e.next), d.step, e.to_step,
			 e.to_staff, e.outcome, note) ||
	    audit_action(db, who, now, ar, &d, &e))
		return problem_kind(p, ERR_INTERNAL);
	if (e.notice && d.email_present) {
		json_t *n = dossier_notice_json(db, d.id);
		if (n && a->cfg.public_url)
			json_object_set_new(n, "public_url", json_string(a->cfg.public_url));
		rc = n ? notify_dossier(db, e.notice, n) : ERR_INTERNAL;
		json_decref(n);
		if (rc)
			return problem_kind(p, ERR_INTERNAL);
		*mailed = 1;
	}
	if (dossier_view(db, a, who, now, d.code, p, view))
		return problem_kind(p, ERR_INTERNAL);
	return 0;
}
