/*
 * dossier_actions.c — POST /api/v1/dossiers/{code}/actions.
 *
 * Input is validated on the HTTP thread (action_parse); the action itself
 * runs on the writer thread (action_fn), where the dossier's current state
 * is read and checked inside the serialised transaction: of two officers
 * acting at once, the second sees the first one's result, and with
 * "version" a stale page gets 409 instead of acting on what it did not see.
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

#include "app/platform/clock.h"
#include "app/dossier/dossier.h"
#include "app/platform/jin.h"
#include "app/dossier/notify.h"
#include "core/vntime.h"

static const char *const return_methods[] = {"counter", "post", "online", NULL};

int action_parse(struct ctx *c, struct action_req *ar)
{
	const char *name;
	memset(ar, 0, sizeof *ar);
	if (jin_line(c, c->body, "action", "action", 40, JIN_REQUIRED, &name))
		return -1;
	int a = ds_action_parse(name);
	if (a < 0)
		return jin_invalid(c, "action");
	ar->action = (enum ds_action)a;
	if (jin_int(c, c->body, "version", "version", 1, 1LL << 50, JIN_OPTIONAL, &ar->version,
		    NULL))
		return -1;
	json_t *b = c->body, *res;
	const char *due;
	switch (ar->action) {
	case DA_FORWARD: return jin_line(c, b, "to", "to", 64, JIN_OPTIONAL, &ar->to);
	case DA_SEND_BACK:
	case DA_REFUSE:
	case DA_WITHDRAW:
		return jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason);
	case DA_REQUEST_SUPPLEMENT:
		if (jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason) ||
		    jin_array(c, b, "items", "items", 30, JIN_REQUIRED, &ar->items))
			return -1;
		if (json_array_size(ar->items) == 0)
			return jin_required(c, "items");
		/* each item is a line of text like any other: NFC, no control
		 * characters; the cleaned text replaces what was sent */
		for (size_t i = 0; i < json_array_size(ar->items); i++) {
			json_t *it = json_array_get(ar->items, i);
			char field[32];
			const char *clean;
			snprintf(field, sizeof field, "items[%zu]", i);
			if (!json_is_string(it))
				return jin_invalid(c, field);
			json_t *one = json_pack("{s:O}", "v", it);
			int rc =
				one ? jin_line(c, one, "v", field, 1000, JIN_REQUIRED, &clean) : -1;
			json_decref(one);
			if (rc)
				return -1;
			json_array_set_new(ar->items, i, json_string(clean));
		}
		return 0;
	case DA_SUPPLEMENT: return jin_text(c, b, "note", "note", 2000, JIN_OPTIONAL, &ar->note);
	case DA_COMPLETE:
		if (jin_object(c, b, "result", "result", JIN_REQUIRED, &res))
			return -1;
		return jin_text(c, res, "summary", "result.summary", 4000, JIN_REQUIRED,
				&ar->summary);
	case DA_APOLOGIZE:
		if (jin_text(c, b, "reason", "reason", 2000, JIN_REQUIRED, &ar->reason) ||
		    jin_line(c, b, "new_due_at", "new_due_at", 40, JIN_REQUIRED, &due))
			return -1;
		if (vn_parse_instant(due, strlen(due), &ar->new_due_at) != 0) {
			problem_field(
				&c->prob, "new_due_at",
				"Ngày hẹn mới phải có dạng 2026-03-02T09:00:00+07:00.",
				"The new appointment must look like 2026-03-02T09:00:00+07:00.");
			return -1;
		}
		return 0;
	case DA_RETURN:
		return jin_line(c, b, "receiver_name", "receiver_name", 200, JIN_REQUIRED,
				&ar->receiver_name) ||
		       jin_enum(c, b, "method", "method", return_methods, JIN_REQUIRED,
				&ar->method);
	default: return 0;
	}
}

/* The dossier row as the actions need it. */
struct drow {
	long long id, procedure_id, assignee, version;
	enum ds_status status, paused_from;
	int step, nsteps, supplement_count, apology_count;
	int64_t due, paused_at, received_at;
	char code[96];
	char email_present;
	/* the current step */
	long long step_unit;
	int64_t step_due;
	int step_open;
	int may_complete;
	/* the counter: the unit of the first step (planned or in the catalogue) */
	long long counter_unit;
};

static int load(struct db *db, const char *code, struct drow *d)
{
	static const char sql[] =
		"SELECT id, procedure_id, coalesce(assignee_id, 0), version, status,"
		" coalesce(paused_from, ''), coalesce(current_step, 0), supplement_count, "
		"apology_count,"
		" coalesce(due_at, 0), coalesce(paused_at, 0), coalesce(received_at, 0),"
		" applicant_email <> '' FROM dossier WHERE code = $1";
	static const char sql_steps[] = "SELECT count(*) FROM dossier_step WHERE dossier_id = $1";
	static const char sql_cur[] =
		"SELECT unit_id, due_at, finished_at IS NULL, may_complete FROM dossier_step"
		" WHERE dossier_id = $1 AND position = $2";
	static const char sql_counter[] =
		"SELECT unit_id FROM dossier_step WHERE dossier_id = $1 AND position = 1";
	static const char sql_counter_plan[] =
		"SELECT unit_id FROM procedure_step WHERE procedure_id = $1"
		" ORDER BY position LIMIT 1";
	memset(d, 0, sizeof *d);
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return 0;
	}
	d->id = db_col_int(st, 0);
	d->procedure_id = db_col_int(st, 1);
	d->assignee = db_col_int(st, 2);
	d->version = db_col_int(st, 3);
	d->status = (enum ds_status)ds_status_parse(db_col_text(st, 4));
	int pf = ds_status_parse(db_col_text(st, 5));
	d->paused_from = pf < 0 ? DS_RECEIVED : (enum ds_status)pf;
	d->step = (int)db_col_int(st, 6);
	d->supplement_count = (int)db_col_int(st, 7);
	d->apology_count = (int)db_col_int(st, 8);
	d->due = db_col_int(st, 9);
	d->paused_at = db_col_int(st, 10);
	d->received_at = db_col_int(st, 11);
	d->email_present = (char)db_col_int(st, 12);
	snprintf(d->code, sizeof d->code, "%s", code);
	db_done(st);
	st = db_prep(db, sql_steps);
	db_bind_int(st, 1, d->id);
	d->nsteps = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : 0;
	db_done(st);
	if (d->step) {
		st = db_prep(db, sql_cur);
		db_bind_int(st, 1, d->id);
		db_bind_int(st, 2, d->step);
		if (db_step(st) == DB_ROW) {
			d->step_unit = db_col_int(st, 0);
			d->step_due = db_col_int(st, 1);
			d->step_open = (int)db_col_int(st, 2);
			d->may_complete = (int)db_col_int(st, 3);
		}
		db_done(st);
	}
	if (d->nsteps) {
		st = db_prep(db, sql_counter);
		db_bind_int(st, 1, d->id);
	} else {
		st = db_prep(db, sql_counter_plan);
		db_bind_int(st, 1, d->procedure_id);
	}
	d->counter_unit = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return 1;
}

static int finish_step(struct db *db, long long id, int pos, int64_t now, long long handler,
		       const char *outcome)
{
	static const char sql[] =
		"UPDATE dossier_step SET finished_at = $3, outcome = $4,"
		" handler_id = coalesce(handler_id, $5) WHERE dossier_id = $1 AND position = $2"
		" AND finished_at IS NULL";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, pos);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, outcome);
	if (handler)
		db_bind_int(st, 5, handler);
	else
		db_bind_null(st, 5);
	return db_run(st) == DB_OK ? 0 : -1;
}

static int start_step(struct db *db, long long id, int pos, int64_t now, long long handler)
{
	static const char sql[] =
		"UPDATE dossier_step SET started_at = $3, finished_at = NULL, outcome = NULL,"
		" handler_id = $4 WHERE dossier_id = $1 AND position = $2";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, pos);
	db_bind_int(st, 3, now);
	if (handler)
		db_bind_int(st, 4, handler);
	else
		db_bind_null(st, 4);
	return db_run(st) == DB_OK ? 0 : -1;
}

/* Move every open step's deadline later by work_s of working time. */
static int shift_open_steps(struct ctx *c, struct db *db, long long id, int64_t work_s)
{
	static const char sql_sel[] =
		"SELECT position, due_at FROM dossier_step"
		" WHERE dossier_id = $1 AND finished_at IS NULL ORDER BY position";
	static const char sql_upd[] =
		"UPDATE dossier_step SET due_at = $3 WHERE dossier_id = $1 AND position = $2";
	int pos[DOSSIER_MAX_STEPS];
	int64_t due[DOSSIER_MAX_STEPS];
	int n = 0;
	struct db_stmt *st = db_prep(db, sql_sel);
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW && n < DOSSIER_MAX_STEPS) {
		pos[n] = (int)db_col_int(st, 0);
		due[n++] = db_col_int(st, 1);
	}
	db_done(st);
	for (int k = 0; k < n; k++) {
		st = db_prep(db, sql_upd);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, pos[k]);
		db_bind_int(st, 3, clock_add(c->app, due[k], work_s));
		if (db_run(st) != DB_OK)
			return -1;
	}
	return 0;
}

/* The default officer for a step's unit: the least loaded active one. */
static long long default_officer(struct db *db, long long unit_id)
{
	static const char sql[] =
		"SELECT s.id FROM staff s WHERE s.unit_id = $1 AND s.active = 1"
		" AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id"
		" AND r.role IN ('reception', 'specialist', 'head', 'leader'))"
		" ORDER BY (SELECT count(*) FROM dossier d WHERE d.assignee_id = s.id"
		" AND d.status IN ('received', 'processing', 'supplement_requested')),"
		" EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = 'head'), "
		"s.id"
		" LIMIT 1";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, unit_id);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

static long long step_unit(struct db *db, long long id, int pos, int64_t *due)
{
	static const char sql[] =
		"SELECT unit_id, due_at FROM dossier_step WHERE dossier_id = $1 AND position = $2";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, pos);
	long long u = 0;
	if (db_step(st) == DB_ROW) {
		u = db_col_int(st, 0);
		if (due)
			*due = db_col_int(st, 1);
	}
	db_done(st);
	return u;
}

static int fail(struct ctx *c, enum err kind, const char *code, const char *field, const char *vi,
		const char *en)
{
	return problem_set(&c->prob, kind, code, field, vi, en);
}

int action_fn(struct ctx *c, struct db *db)
{
	struct action_req *ar = c->warg;
	struct drow d;
	int found = load(db, c->param[0], &d);
	if (found < 0)
		return problem_kind(&c->prob, ERR_INTERNAL);
	if (!found)
		return fail(c, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy hồ sơ với mã này.",
			    "No dossier has this code.");
	if (ar->version && ar->version != d.version)
		return fail(c, ERR_CONFLICT, "version_conflict", "version",
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
	if (ds_may_act(ar->action, &f, c->who.roles, c->who.unit_id, &c->prob))
		return c->prob.kind;
	if (ds_check(ar->action, &f, &c->prob))
		return ERR_CONFLICT;

	int64_t now = app_now(c->app);
	enum ds_status next = ds_next(ar->action, &f);
	long long me = c->who.staff_id, to_staff = 0;
	int to_step = d.step;
	const char *outcome = NULL;
	const char *notice = NULL;
	struct db_stmt *st;
	int64_t due_after = d.due;

	switch (ar->action) {
	case DA_ACCEPT: {
		int64_t due = 0;
		if (dossier_plan_steps(c->app, db, d.id, d.procedure_id, now, me, &due, &c->prob))
			return c->prob.kind;
		due_after = due;
		to_step = 1;
		to_staff = me;
		notice = "received";
		break;
	}
	case DA_FORWARD: {
		to_step = d.step + 1;
		long long unit = step_unit(db, d.id, to_step, NULL);
		if (ar->to) {
			/* only an active officer of the next step's unit takes it */
			static const char sql_to[] =
				"SELECT s.id, coalesce(s.unit_id, 0) FROM staff s"
				" WHERE s.username = $1 AND s.active = 1"
				" AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id"
				" AND r.role IN ('reception', 'specialist', 'head', 'leader'))";
			st = db_prep(db, sql_to);
			db_bind_text(st, 1, ar->to);
			long long to_unit = 0;
			if (db_step(st) == DB_ROW) {
				to_staff = db_col_int(st, 0);
				to_unit = db_col_int(st, 1);
			}
			db_done(st);
			if (!to_staff)
				return fail(c, ERR_VALIDATION, "validation", "to",
					    "Không có cán bộ đang làm việc với tên đăng nhập này.",
					    "There is no active officer with this username.");
			if (!unit || to_unit != unit)
				return fail(
					c, ERR_VALIDATION, "not_in_unit", "to",
					"Cán bộ này không thuộc đơn vị thực hiện bước tiếp theo.",
					"This officer is not in the unit of the next step.");
		} else {
			to_staff = default_officer(db, unit);
		}
		outcome = ds_timing_name(ds_classify(now, d.step_due));
		if (finish_step(db, d.id, d.step, now, me, outcome) ||
		    start_step(db, d.id, to_step, now, to_staff))
			return problem_kind(&c->prob, ERR_INTERNAL);
		break;
	}
	case DA_SEND_BACK: {
		static const char sql_h[] = "SELECT coalesce(handler_id, 0) FROM dossier_step"
					    " WHERE dossier_id = $1 AND position = $2";
		static const char sql_reset[] =
			"UPDATE dossier_step SET started_at = NULL, finished_at = NULL, outcome = "
			"NULL,"
			" handler_id = NULL WHERE dossier_id = $1 AND position = $2";
		to_step = d.step - 1;
		st = db_prep(db, sql_h);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, to_step);
		to_staff = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		st = db_prep(db, sql_reset);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, d.step);
		if (db_run(st) != DB_OK || start_step(db, d.id, to_step, now, to_staff))
			return problem_kind(&c->prob, ERR_INTERNAL);
		break;
	}
	case DA_REQUEST_SUPPLEMENT: {
		static const char sql[] =
			"UPDATE dossier SET paused_at = $2, paused_from = $3, supplement_count ="
			" supplement_count + 1, supplement_reason = $4, supplement_items = $5,"
			" supplement_at = $6 WHERE id = $1";
		char *items = json_dumps(ar->items, JSON_COMPACT);
		st = db_prep(db, sql);
		db_bind_int(st, 1, d.id);
		if (ds_clock_runs(d.status))
			db_bind_int(st, 2, now);
		else
			db_bind_null(st, 2);
		db_bind_text(st, 3, ds_status_name(d.status));
		db_bind_text(st, 4, ar->reason);
		db_bind_text(st, 5, items);
		db_bind_int(st, 6, now);
		int rc = db_run(st);
		free(items);
		if (rc != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		notice = "supplement";
		break;
	}
	case DA_SUPPLEMENT: {
		static const char sql[] = "UPDATE dossier SET paused_at = NULL, paused_from = "
					  "NULL, supplemented_at = $2,"
					  " supplement_note = $3, due_at = $4, paused_total = "
					  "paused_total + $5 WHERE id = $1";
		int64_t paused = d.paused_at ? clock_elapsed(c->app, d.paused_at, now) : 0;
		if (paused > 0) {
			due_after = clock_add(c->app, d.due, paused);
			if (shift_open_steps(c, db, d.id, paused))
				return problem_kind(&c->prob, ERR_INTERNAL);
		}
		st = db_prep(db, sql);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, ar->note);
		if (d.due)
			db_bind_int(st, 4, due_after);
		else
			db_bind_null(st, 4);
		db_bind_int(st, 5, paused);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		to_staff = d.assignee;
		break;
	}
	case DA_REFUSE:
	case DA_WITHDRAW: {
		static const char sql_ref[] =
			"UPDATE dossier SET refused_at = $2, refuse_reason = $3, finished_at = $2,"
			" paused_at = NULL WHERE id = $1";
		static const char sql_wd[] = "UPDATE dossier SET withdrawn_at = $2, "
					     "withdraw_reason = $3, finished_at = $2,"
					     " paused_at = NULL WHERE id = $1";
		if (d.step && d.step_open) {
			outcome = ds_timing_name(ds_classify(now, d.step_due));
			if (finish_step(db, d.id, d.step, now, me, outcome))
				return problem_kind(&c->prob, ERR_INTERNAL);
		}
		st = db_prep(db, ar->action == DA_REFUSE ? sql_ref : sql_wd);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, ar->reason);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		if (ar->action == DA_REFUSE)
			notice = "refused";
		break;
	}
	case DA_COMPLETE: {
		static const char sql[] = "UPDATE dossier SET result_summary = $2, result_at = $3,"
					  " finished_at = $3 WHERE id = $1";
		static const char sql_skip[] =
			"UPDATE dossier_step SET outcome = 'skipped', finished_at = $3"
			" WHERE dossier_id = $1 AND position > $2 AND position < $4 AND "
			"finished_at IS NULL";
		outcome = ds_timing_name(ds_classify(now, d.step_due));
		if (d.step < d.nsteps) {
			st = db_prep(db, sql_skip);
			db_bind_int(st, 1, d.id);
			db_bind_int(st, 2, d.step);
			db_bind_int(st, 3, now);
			db_bind_int(st, 4, d.nsteps);
			if (finish_step(db, d.id, d.step, now, me, outcome) ||
			    db_run(st) != DB_OK || start_step(db, d.id, d.nsteps, now, 0))
				return problem_kind(&c->prob, ERR_INTERNAL);
			to_step = d.nsteps;
		}
		st = db_prep(db, sql);
		db_bind_int(st, 1, d.id);
		db_bind_text(st, 2, ar->summary);
		db_bind_int(st, 3, now);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		notice = "result_ready";
		break;
	}
	case DA_APOLOGIZE: {
		static const char sql[] =
			"UPDATE dossier SET apology_count = apology_count + 1,"
			" apology_at = $2, apology_reason = $3, apology_early = $4,"
			" apology_prev_due = due_at, due_at = $5 WHERE id = $1";
		if (ar->new_due_at <= d.due || ar->new_due_at <= now)
			return fail(
				c, ERR_VALIDATION, "validation", "new_due_at",
				"Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm này.",
				"The new appointment must be after the current one and after now.");
		int early = clock_elapsed(c->app, now, d.due) >= clock_day_seconds(c->app);
		int64_t delta = clock_elapsed(c->app, d.due, ar->new_due_at);
		if (shift_open_steps(c, db, d.id, delta))
			return problem_kind(&c->prob, ERR_INTERNAL);
		/* the last step's deadline is the new appointment itself */
		static const char sql_last[] =
			"UPDATE dossier_step SET due_at = $2 WHERE dossier_id = $1 AND position ="
			" (SELECT max(position) FROM dossier_step WHERE dossier_id = $1)";
		st = db_prep(db, sql_last);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, ar->new_due_at);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		st = db_prep(db, sql);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, ar->reason);
		db_bind_int(st, 4, early);
		db_bind_int(st, 5, ar->new_due_at);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		due_after = ar->new_due_at;
		to_staff = d.assignee;
		notice = "apology";
		break;
	}
	case DA_RETURN: {
		static const char sql[] = "UPDATE dossier SET returned_at = $2, returned_to = $3,"
					  " returned_method = $4 WHERE id = $1";
		int64_t last_due = 0;
		step_unit(db, d.id, d.nsteps, &last_due);
		outcome = ds_timing_name(ds_classify(now, last_due ? last_due : d.due));
		if (finish_step(db, d.id, d.nsteps, now, me, outcome))
			return problem_kind(&c->prob, ERR_INTERNAL);
		st = db_prep(db, sql);
		db_bind_int(st, 1, d.id);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, ar->receiver_name);
		db_bind_text(st, 4, ar->method);
		if (db_run(st) != DB_OK)
			return problem_kind(&c->prob, ERR_INTERNAL);
		to_step = d.nsteps;
		break;
	}
	default: return problem_kind(&c->prob, ERR_BAD_REQUEST);
	}

	static const char sql_state[] =
		"UPDATE dossier SET status = $2, current_step = $3, assignee_id = $4,"
		" version = version + 1, updated_at = $5 WHERE id = $1";
	st = db_prep(db, sql_state);
	db_bind_int(st, 1, d.id);
	db_bind_text(st, 2, ds_status_name(next));
	if (to_step)
		db_bind_int(st, 3, to_step);
	else
		db_bind_null(st, 3);
	if (to_staff && !ds_finished(next))
		db_bind_int(st, 4, to_staff);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, now);
	if (db_run(st) != DB_OK)
		return problem_kind(&c->prob, ERR_INTERNAL);
	const char *note = ar->reason ? ar->reason : ar->note ? ar->note : ar->summary;
	if (dossier_event(db, d.id, now, ds_action_name(ar->action), me, ds_status_name(d.status),
			  ds_status_name(next), d.step, to_step, to_staff, outcome, note))
		return problem_kind(&c->prob, ERR_INTERNAL);

	char b1[40] = "", b2[40] = "";
	if (d.due)
		vn_format_iso(d.due, b1, sizeof b1);
	if (due_after)
		vn_format_iso(due_after, b2, sizeof b2);
	json_t *before = json_pack("{s:s,s:i,s:s,s:I}", "status", ds_status_name(d.status), "step",
				   d.step, "due_at", b1, "version", (json_int_t)d.version);
	json_t *after = json_pack("{s:s,s:i,s:s,s:I}", "status", ds_status_name(next), "step",
				  to_step, "due_at", b2, "version", (json_int_t)d.version + 1);
	char action[48];
	snprintf(action, sizeof action, "dossier.%s", ds_action_name(ar->action));
	struct actor who = ctx_who(c);
	int rc = audit_write(db, &who, now, action, "dossier", d.code, before, after);
	json_decref(before);
	json_decref(after);
	if (rc)
		return problem_kind(&c->prob, ERR_INTERNAL);
	if (notice && d.email_present) {
		json_t *n = dossier_notice_json(db, d.id);
		if (n && c->app->cfg.public_url)
			json_object_set_new(n, "public_url", json_string(c->app->cfg.public_url));
		rc = n ? notify_dossier(db, notice, n) : ERR_INTERNAL;
		json_decref(n);
		if (rc)
			return problem_kind(&c->prob, ERR_INTERNAL);
		c->mail_queued = 1;
	}
	c->out = dossier_staff_json(c->app, db, d.code, c->who.roles, me, c->who.unit_id);
	c->out_status = 200;
	return c->out ? 0 : problem_kind(&c->prob, ERR_INTERNAL);
}
